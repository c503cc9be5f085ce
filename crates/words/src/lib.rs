//! Everything the delegation tracker says to a person, in Chinese and English: the core's
//! values put in words (`legal`, `labels`, `terms`), dates (`dates`), why a file or the store
//! failed (`errors`), export headings and reminders (`report`), and the desktop app's labels
//! (`ui`). The command line and the GUI both read their words here; no GUI type is used.
//!
//! Completeness is the compiler's: every value is put in words by a `match` over its variants,
//! and every wording gives both languages (`Lang::pick` takes both, or the match is over
//! `(value, lang)`).

pub mod cases;
pub mod cli;
pub mod dates;
pub mod errors;
pub mod flips;
pub mod labels;
pub mod legal;
pub mod notices;
pub mod report;
pub mod terms;
pub mod ui;

/// Brings every words trait into scope: `use delegation_words::prelude::*;`.
pub mod prelude {
    pub use crate::legal::{DecisionText, LegalMeaning, ScopeSentences};
    pub use crate::terms::{Describe, Wording};
    pub use crate::{Label, Lang, Text};
}

/// A value with a short name in each language.
pub trait Label: Copy {
    fn label(self, lang: Lang) -> &'static str;
}

/// A value said as a sentence in each language.
pub trait Text {
    fn text(&self, lang: Lang) -> String;
}

use serde::{Deserialize, Serialize};

/// The language of what is shown. Chinese first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Picks the string for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// "名称：值" / "name: value".
    pub fn colon(self) -> &'static str {
        self.pick("：", ": ")
    }

    /// Between the items of a list.
    pub fn list_sep(self) -> &'static str {
        self.pick("、", ", ")
    }

    /// Between two clauses.
    pub fn semicolon(self) -> &'static str {
        self.pick("；", "; ")
    }

    /// Wraps an aside in the language's brackets.
    pub fn paren(self, s: &str) -> String {
        match self {
            Lang::Zh => format!("（{s}）"),
            Lang::En => format!(" ({s})"),
        }
    }
}
