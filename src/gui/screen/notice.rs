//! 通告原文: the full notice and its table, selectable, for offline reference.

use iced::widget::{column, text, text_editor};
use iced::{Element, Fill};

use super::Ctx;
use crate::core::catalogue::Catalogue;
use crate::gui::style;
use crate::i18n::Lang;
use crate::i18n::ui::L;

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
            item.mode.label(Lang::Zh)
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

    pub fn update(&mut self, message: Message) {
        match message {
            // Read-only: selection, movement and copy are applied, edits are not.
            Message::Action(action) if !action.is_edit() => self.content.perform(action),
            Message::Action(_) => {}
        }
    }

    pub fn text(&self) -> String {
        self.content.text()
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        column![
            text(L::SelectHint.get(ctx.lang))
                .size(13)
                .style(style::muted),
            text_editor(&self.content)
                .on_action(Message::Action)
                .height(Fill)
                .padding(16)
                .size(16),
        ]
        .spacing(6)
        .into()
    }
}
