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

/// The colours text is drawn in, chosen per theme so that each keeps at least 4.5:1 (WCAG AA
/// for body text) against every background of [`surfaces`]: iced's own success and danger
/// colours (#12664F, #C3423F) fall to about 1.8:1 on the dark theme's panels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ink {
    pub text: Color,
    pub muted: Color,
    pub success: Color,
    pub danger: Color,
    pub warning: Color,
}

impl Ink {
    pub fn of(theme: &Theme) -> Ink {
        let p = theme.extended_palette();
        if p.is_dark {
            Ink {
                text: p.background.base.text,
                muted: Color::from_rgb8(0xCC, 0xCC, 0xCC),
                success: Color::from_rgb8(0x8C, 0xE8, 0xB2),
                danger: Color::from_rgb8(0xFF, 0xBA, 0xB5),
                warning: Color::from_rgb8(0xF7, 0xC8, 0x4E),
            }
        } else {
            Ink {
                text: p.background.base.text,
                muted: Color::from_rgb8(0x55, 0x55, 0x55),
                success: Color::from_rgb8(0x0B, 0x5A, 0x41),
                danger: Color::from_rgb8(0xA1, 0x1D, 0x1A),
                warning: Color::from_rgb8(0x76, 0x44, 0x00),
            }
        }
    }

    /// Every ink with its name, for the contrast test.
    pub fn all(self) -> [(&'static str, Color); 5] {
        [
            ("text", self.text),
            ("muted", self.muted),
            ("success", self.success),
            ("danger", self.danger),
            ("warning", self.warning),
        ]
    }
}

/// Every background the inks are drawn on: the window, cards and banners (`weakest`), list
/// rows and weekend cells (`weak`), a hovered list row (`strong`).
pub fn surfaces(theme: &Theme) -> [(&'static str, Color); 4] {
    let b = theme.extended_palette().background;
    [
        ("base", b.base.color),
        ("weakest", b.weakest.color),
        ("weak", b.weak.color),
        ("strong", b.strong.color),
    ]
}

/// The calendar's day cells: (background, text) for a holiday, a make-up working day and a
/// weekend day.
pub fn day_cells(theme: &Theme) -> [(&'static str, Color, Color); 3] {
    let p = theme.extended_palette();
    let ink = Ink::of(theme);
    if p.is_dark {
        [
            ("holiday", Color::from_rgb8(0x5C, 0x2B, 0x2B), ink.text),
            ("makeup", Color::from_rgb8(0x2E, 0x3A, 0x6E), ink.text),
            ("weekend", p.background.weak.color, ink.text),
        ]
    } else {
        [
            ("holiday", Color::from_rgb8(0xF8, 0xD7, 0xD6), ink.text),
            ("makeup", Color::from_rgb8(0xD9, 0xDD, 0xFC), ink.text),
            ("weekend", p.background.weak.color, ink.text),
        ]
    }
}

/// WCAG 2 contrast ratio of two opaque colours (1 to 21).
pub fn contrast(a: Color, b: Color) -> f32 {
    fn lum(c: Color) -> f32 {
        let [r, g, b, _] = c.into_linear();
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Muted secondary text.
pub fn muted(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(Ink::of(theme).muted),
    }
}

/// An error message under a field.
pub fn error(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(Ink::of(theme).danger),
    }
}

/// A warning.
pub fn warning(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(Ink::of(theme).warning),
    }
}

/// Good news (in scope, handed over).
pub fn success(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(Ink::of(theme).success),
    }
}

/// A text style function (`muted`, `error`, ...).
pub type Look = fn(&Theme) -> text::Style;

/// A text field: a 2 px ring in the primary colour while it has the keyboard (so that a
/// clerk working without a mouse sees where typing goes), a 2 px red border when wrong.
pub fn field_input(
    theme: &Theme,
    status: iced::widget::text_input::Status,
    wrong: bool,
) -> iced::widget::text_input::Style {
    use iced::widget::text_input::{Status as S, default};
    let mut st = default(theme, status);
    if wrong {
        st.border.color = Ink::of(theme).danger;
        st.border.width = 2.0;
    }
    if let S::Focused { .. } = status {
        // A wrong field keeps its red while focused, one pixel wider.
        if wrong {
            st.border.width = 3.0;
        } else {
            st.border.color = theme.extended_palette().primary.strong.color;
            st.border.width = 2.0;
        }
    }
    st
}

/// An error line under a field, its room kept when there is nothing to say, so that a
/// message appearing never moves the fields below it (and the next click lands where the
/// clerk aimed).
pub fn error_line<'a, M: 'a>(message: Option<(&'a str, Look)>) -> Element<'a, M> {
    let (s, look) = message.unwrap_or(("", muted));
    iced::widget::row![
        iced::widget::space().height(18),
        text(s).size(13).style(look)
    ]
    .into()
}

/// A card: a bordered, padded box.
pub fn card<'a, M: 'a>(content: impl Into<Element<'a, M>>) -> Element<'a, M> {
    container(content)
        .padding(14)
        .width(Fill)
        .style(container::bordered_box)
        .into()
}

/// How a status line is said in a language: kept, so a language switch says it again.
type Say = std::sync::Arc<dyn Fn(Lang) -> String + Send + Sync>;

/// What the last save, import or export did: shown green when it worked and red when it did
/// not, so that a failure never looks like a success. It keeps how to say itself, so that it
/// follows a language switch ([`Status::relang`]); `Deref` gives the words as shown now.
#[derive(Clone, Default)]
pub struct Status {
    say: Option<Say>,
    text: String,
    failed: bool,
    /// Done, with something to know (written, but no PDF viewer found): said in the
    /// warning's colour, not the error's red.
    note: bool,
}

impl std::fmt::Debug for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Status")
            .field("text", &self.text)
            .field("failed", &self.failed)
            .finish()
    }
}

impl Status {
    fn new(lang: Lang, failed: bool, say: Say) -> Status {
        Status {
            text: say(lang),
            say: Some(say),
            failed,
            note: false,
        }
    }

    /// Done, with something the clerk should know (issue 29, finding 10: a slip written
    /// with no viewer to open it is a success, not a red line).
    pub fn note(lang: Lang, say: impl Fn(Lang) -> String + Send + Sync + 'static) -> Status {
        Status {
            note: true,
            ..Status::new(lang, false, std::sync::Arc::new(say))
        }
    }

    /// Whether the line is a success with something to know.
    pub fn is_note(&self) -> bool {
        self.note
    }

    /// A success, said in `lang` now.
    pub fn ok(lang: Lang, say: impl Fn(Lang) -> String + Send + Sync + 'static) -> Status {
        Status::new(lang, false, std::sync::Arc::new(say))
    }

    /// A failure, said as it is.
    pub fn failed(lang: Lang, say: impl Fn(Lang) -> String + Send + Sync + 'static) -> Status {
        Status::new(lang, true, std::sync::Arc::new(say))
    }

    /// "操作失败：<why>" / "Failed: <why>".
    pub fn failure(lang: Lang, why: impl Fn(Lang) -> String + Send + Sync + 'static) -> Status {
        Status::failed(lang, move |l| {
            format!("{}{}{}", L::Failed.get(l), l.colon(), why(l))
        })
    }

    /// Says the line again in `lang` (after a language switch).
    pub fn relang(&mut self, lang: Lang) {
        if let Some(say) = &self.say {
            self.text = say(lang);
        }
    }

    pub fn is_failure(&self) -> bool {
        self.failed
    }

    /// The line under a toolbar; nothing when there is nothing to say.
    pub fn view<'a, M: 'a>(&'a self) -> Option<Element<'a, M>> {
        (!self.text.is_empty()).then(|| {
            text(self.text.as_str())
                .size(13)
                .style(if self.failed {
                    error
                } else if self.note {
                    warning
                } else {
                    success
                })
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
