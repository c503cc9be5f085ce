//! 通告原文: the full notice and its table, selectable, for offline reference.

use iced::widget::scrollable::AbsoluteOffset;
use iced::widget::{column, container, scrollable, text, text_editor};
use iced::{Element, Fill, Task};

use super::{Ctx, Never, Update};
use crate::gui::style;
use delegation_core::catalogue::Catalogue;
use delegation_words::ui::L;

pub struct Notice {
    content: text_editor::Content,
}

impl std::fmt::Debug for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notice").finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Action(text_editor::Action),
}

/// The scrollable around the notice.
pub const SCROLL_ID: &str = "notice-scroll";

/// The notice's text size, in logical pixels.
const SIZE: f32 = 16.0;

/// The notice as one text, laid out as printed: heading, body by paragraph, signature, table.
pub fn full_text(cat: &Catalogue) -> String {
    let n = &cat.notice;
    let mut s = format!("{}\n\n{}\n\n{}\n\n", n.number, n.title, n.addressees);
    let mut para = 0;
    for p in &n.passages {
        if p.paragraph != para {
            if para != 0 {
                s.push_str("\n\n");
            }
            s.push_str("　　");
            para = p.paragraph;
        }
        s.push_str(&p.text);
    }
    s.push_str(&format!(
        "\n\n　　附件：{}\n\n{}\n{}\n\n",
        n.attachment_title,
        n.issuer,
        n.issued.format("%Y年%-m月%-d日")
    ));
    s.push_str(&format!("附件\n\n{}\n\n", n.attachment_title));
    for item in &cat.items {
        s.push_str(&format!(
            "{}. {}\n    事项类别：{}\n    市级实施单位：{}\n    调整方式：{}\n",
            item.no,
            item.name,
            item.category,
            item.city_unit,
            item.mode.table_term()
        ));
        if !item.remarks.is_empty() {
            s.push_str("    备注：");
            s.push_str(&item.remarks.replace('\n', "\n          "));
            s.push('\n');
        }
        s.push('\n');
    }
    s.push_str(&format!(
        "公开方式：{}\n\n（{}）\n",
        n.publication, n.gazette
    ));
    s
}

impl Notice {
    pub fn new(cat: &Catalogue) -> Notice {
        Notice {
            content: text_editor::Content::with_text(&full_text(cat)),
        }
    }

    /// Read-only: selection, movement and copy are applied, edits are not. The wheel scrolls
    /// the scrollable around the editor, not the editor itself: tiny-skia leaves the
    /// half-visible lines of a scrolled `text_editor` painted in its padding (its damage covers
    /// the text area only), while a scrollable's clip redraws cleanly.
    pub fn update(&mut self, message: Message) -> Update<Message, Never> {
        Update::task(match message {
            Message::Action(text_editor::Action::Scroll { lines }) => {
                // The editor's line height is 1.3 × its text size (iced's default).
                let y = lines as f32 * SIZE * 1.3;
                iced::widget::operation::scroll_by(SCROLL_ID, AbsoluteOffset { x: 0.0, y })
            }
            Message::Action(action) if !action.is_edit() => {
                self.content.perform(action);
                Task::none()
            }
            Message::Action(_) => Task::none(),
        })
    }

    pub fn text(&self) -> String {
        self.content.text()
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        column![
            text(L::SelectHint.get(ctx.lang))
                .size(13)
                .style(style::muted),
            // The frame stays put; inside it the editor is as tall as the whole notice and
            // the scrollable does the scrolling.
            container(
                scrollable(
                    text_editor(&self.content)
                        .on_action(Message::Action)
                        .padding(16)
                        .size(SIZE)
                        .style(|theme, status| text_editor::Style {
                            border: iced::Border::default(),
                            ..text_editor::default(theme, status)
                        }),
                )
                .id(SCROLL_ID)
                .height(Fill),
            )
            .padding(1)
            .style(|theme: &iced::Theme| container::Style {
                border: iced::Border {
                    color: theme.extended_palette().background.strong.color,
                    width: 1.0,
                    radius: 2.0.into(),
                },
                ..container::Style::default()
            }),
        ]
        .spacing(6)
        .into()
    }
}
