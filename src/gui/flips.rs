//! The 会改变结论的情形 section of a decision card: what would change the decision, a line a
//! flip, each with its clause. The router's card and the batch table's row card both show it.

use iced::Element;
use iced::widget::{column, text};

use crate::gui::style;
use delegation_law::router::Decision;
use delegation_words::Lang;
use delegation_words::flips::{flip_lines, heading};

/// The section, or an empty column for an invalid application (no facts to reason from).
pub fn flips_section<'a, M: 'a>(d: &Decision, lang: Lang) -> Element<'a, M> {
    let lines = flip_lines(lang, d);
    if lines.is_empty() {
        return column![].into();
    }
    let mut col = column![style::heading(heading(lang))].spacing(4);
    for line in lines {
        col = col.push(text(format!("· {line}")).wrapping(text::Wrapping::WordOrGlyph));
    }
    col.into()
}
