//! Every user-facing string lives below this module: `legal` for what the core says (outcomes,
//! findings, the meaning of a mode), `ui` for the desktop app's labels. No GUI type here.

pub mod dates;
pub mod errors;
pub mod legal;
pub mod ui;

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
