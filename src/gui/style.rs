//! Small view helpers shared by the screens.

use iced::widget::{column, container, text};
use iced::{Color, Element, Fill, Theme};

/// A section heading.
pub fn heading<'a, M: 'a>(s: impl text::IntoFragment<'a>) -> Element<'a, M> {
    text(s).size(19).into()
}

/// A field label above its value or input.
pub fn label<'a, M: 'a>(s: impl text::IntoFragment<'a>) -> Element<'a, M> {
    text(s).size(13).style(muted).into()
}

/// A label with a value under it.
pub fn field<'a, M: 'a>(name: &'a str, value: impl text::IntoFragment<'a>) -> Element<'a, M> {
    column![label(name), text(value)].spacing(2).into()
}

/// Muted secondary text.
pub fn muted(theme: &Theme) -> text::Style {
    let p = theme.extended_palette();
    text::Style {
        color: Some(p.background.base.text.scale_alpha(0.7)),
    }
}

/// An error message under a field.
pub fn error(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(theme.extended_palette().danger.base.color),
    }
}

/// A warning.
pub fn warning(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(if theme.extended_palette().is_dark {
            Color::from_rgb8(0xF5, 0xC2, 0x42)
        } else {
            Color::from_rgb8(0x9A, 0x5B, 0x00)
        }),
    }
}

/// Good news (in scope, handed over).
pub fn success(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(theme.extended_palette().success.base.color),
    }
}

/// A card: a bordered, padded box.
pub fn card<'a, M: 'a>(content: impl Into<Element<'a, M>>) -> Element<'a, M> {
    container(content)
        .padding(14)
        .width(Fill)
        .style(container::bordered_box)
        .into()
}
