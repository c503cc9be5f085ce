//! Small view helpers shared by the screens.

use iced::widget::{column, container, text};
use iced::{Color, Element, Fill, Theme};

use delegation_words::Lang;
use delegation_words::ui::L;

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

/// What the last save, import or export did: shown green when it worked and red when it did
/// not, so that a failure never looks like a success.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    text: String,
    failed: bool,
}

impl Status {
    pub fn ok(text: impl Into<String>) -> Status {
        Status {
            text: text.into(),
            failed: false,
        }
    }

    pub fn failed(text: impl Into<String>) -> Status {
        Status {
            text: text.into(),
            failed: true,
        }
    }

    /// "操作失败：<why>" / "Failed: <why>".
    pub fn failure(lang: Lang, why: impl std::fmt::Display) -> Status {
        Status::failed(format!("{}{}{why}", L::Failed.get(lang), lang.colon()))
    }

    pub fn is_failure(&self) -> bool {
        self.failed
    }

    /// The line under a toolbar; nothing when there is nothing to say.
    pub fn view<'a, M: 'a>(&'a self) -> Option<Element<'a, M>> {
        (!self.text.is_empty()).then(|| {
            text(self.text.as_str())
                .size(13)
                .style(if self.failed { error } else { success })
                .into()
        })
    }
}

impl std::ops::Deref for Status {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}
