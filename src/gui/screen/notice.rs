//! 通告原文: the full notice and its table, selectable, for offline reference.

use crate::gui::steady::steady;
use iced::widget::scrollable::AbsoluteOffset;
use iced::widget::{button, column, container, row, scrollable, text, text_editor};
use iced::{Element, Fill, Task};

use super::{Ctx, Update};
use crate::gui::dialog::Pick;
use crate::gui::style;
use delegation_law::catalogue::Catalogue;
use delegation_words::ui::L;

pub struct Notice {
    /// The notice's text, as printed, in blocks: each block is selectable on its own.
    blocks: Vec<Block>,
    /// With more than the built-in notice (issue 31): the notices to pick from, all of them,
    /// and the one shown (by default the one in force today). Empty: the built-in one alone.
    choices: Vec<super::Choice<usize>>,
    shown: usize,
    book: &'static delegation_law::notices::Notices,
}

/// A block of the notice: its text, and where it sits.
struct Block {
    content: text_editor::Content,
    kind: BlockKind,
}

/// Where a block sits: the table's 备注 are indented beside their label, so that a wrapped
/// line of a long 备注 (item 12's) stays under the 备注's first character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    /// Heading, body, signature, or an item's number and name.
    Plain,
    /// An item's category, unit and mode, indented.
    Fields,
    /// An item's 备注 (of this item), indented after its label.
    Remarks(u8),
}

/// The widget id of item `no`'s 备注, for tests.
pub fn remarks_id(no: u8) -> String {
    format!("notice-remarks-{no}")
}

impl std::fmt::Debug for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notice").finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    /// An action in the block at this index.
    Action(usize, text_editor::Action),
    /// Show another notice.
    Pick(super::Choice<usize>),
    /// Import a later notice from a file (issue 31).
    Import,
}

/// What the screen asks the app for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A notice file to pick and import.
    Import,
}

/// The scrollable around the notice.
pub const SCROLL_ID: &str = "notice-scroll";

/// The notice's text size, in logical pixels.
const SIZE: f32 = 16.0;

/// How far the table's fields are indented, in logical pixels (two characters).
const INDENT: f32 = 2.0 * SIZE;

/// The label before an item's 备注.
const REMARKS_LABEL: &str = "备注：";

/// The notice's blocks as selectable editors.
fn editors(cat: &Catalogue) -> Vec<Block> {
    blocks(cat)
        .into_iter()
        .map(|(kind, text)| Block {
            content: text_editor::Content::with_text(&text),
            kind,
        })
        .collect()
}

/// The notice's blocks, laid out as printed: heading, body by paragraph, signature, then the
/// table item by item, then how it was published.
fn blocks(cat: &Catalogue) -> Vec<(BlockKind, String)> {
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
    s.push_str(&format!("附件\n\n{}", n.attachment_title));
    let mut out = vec![(BlockKind::Plain, s)];
    for item in &cat.items {
        out.push((BlockKind::Plain, format!("{}. {}", item.no, item.name)));
        out.push((
            BlockKind::Fields,
            format!(
                "事项类别：{}\n市级实施单位：{}\n调整方式：{}",
                item.category,
                item.city_unit,
                item.mode.table_term()
            ),
        ));
        if !item.remarks.is_empty() {
            out.push((BlockKind::Remarks(item.no), item.remarks.clone()));
        }
    }
    out.push((
        BlockKind::Plain,
        format!("公开方式：{}\n\n（{}）", n.publication, n.gazette),
    ));
    out
}

impl Notice {
    /// The built-in notice alone.
    pub fn new(cat: &Catalogue) -> Notice {
        Notice {
            blocks: editors(cat),
            choices: Vec::new(),
            shown: 0,
            book: delegation_law::notices::Notices::embedded(),
        }
    }

    /// The session's notices, the one in force on `today` shown.
    pub fn of(session: &delegation_session::Session, today: chrono::NaiveDate) -> Notice {
        Notice::showing(session, today, None)
    }

    /// The session's notices, showing `number` where it is one of them, else the one in force
    /// on `today` (the one just imported is shown after an import).
    pub fn showing(
        session: &delegation_session::Session,
        today: chrono::NaiveDate,
        number: Option<&str>,
    ) -> Notice {
        let book = session.notices();
        if !book.several() {
            return Notice::new(book.first());
        }
        let spans = book.spans(session.conventions().validity);
        let shown = number
            .and_then(|n| book.all().iter().position(|c| c.notice.number == n))
            .unwrap_or_else(|| book.in_force_on(&spans, today));
        Notice {
            blocks: editors(&book.all()[shown]),
            choices: (0..book.all().len())
                .map(|i| super::Choice {
                    value: Some(i),
                    label: book.all()[i].notice.number.clone(),
                })
                .collect(),
            shown,
            book,
        }
    }

    /// Read-only: selection, movement and copy are applied, edits are not. The wheel scrolls
    /// the scrollable around the editors, not an editor itself: tiny-skia leaves the
    /// half-visible lines of a scrolled `text_editor` painted in its padding (its damage covers
    /// the text area only), while a scrollable's clip redraws cleanly.
    pub fn update(&mut self, message: Message) -> Update<Message, Event> {
        Update::task(match message {
            Message::Action(_, text_editor::Action::Scroll { lines }) => {
                // The editor's line height is 1.3 × its text size (iced's default).
                let y = lines as f32 * SIZE * 1.3;
                iced::widget::operation::scroll_by(SCROLL_ID, AbsoluteOffset { x: 0.0, y })
            }
            Message::Action(i, action) if !action.is_edit() => {
                if let Some(block) = self.blocks.get_mut(i) {
                    block.content.perform(action);
                }
                Task::none()
            }
            Message::Action(..) => Task::none(),
            Message::Pick(c) => {
                if let Some(cat) = c.value.and_then(|i| self.book.all().get(i)) {
                    self.shown = c.value.unwrap_or(0);
                    self.blocks = editors(cat);
                }
                Task::none()
            }
            Message::Import => return Update::event(Event::Import),
        })
    }

    /// The whole notice as text, block after block.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            if matches!(b.kind, BlockKind::Remarks(_)) {
                out.push_str(REMARKS_LABEL);
            }
            out.push_str(&b.content.text());
            out.push('\n');
        }
        out
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let editor = |i: usize, content: &'a text_editor::Content| {
            text_editor(content)
                .on_action(move |a| Message::Action(i, a))
                .padding(0)
                .size(SIZE)
                .style(|theme, status| text_editor::Style {
                    border: iced::Border::default(),
                    ..text_editor::default(theme, status)
                })
        };
        let mut page = column![].spacing(6).padding(16);
        for (i, b) in self.blocks.iter().enumerate() {
            let block: Element<'a, Message> = match b.kind {
                BlockKind::Plain => steady(editor(i, &b.content)),
                BlockKind::Fields => container(steady(editor(i, &b.content)))
                    .padding(iced::Padding::ZERO.left(INDENT))
                    .into(),
                BlockKind::Remarks(no) => container(
                    row![
                        text(REMARKS_LABEL).size(SIZE),
                        steady(editor(i, &b.content).id(remarks_id(no)))
                    ]
                    .spacing(0),
                )
                .padding(iced::Padding::ZERO.left(INDENT))
                .into(),
            };
            page = page.push(block);
        }
        let picker = (!self.choices.is_empty()).then(|| {
            let selected = self
                .choices
                .iter()
                .find(|c| c.value == Some(self.shown))
                .cloned();
            column![
                style::label(ctx.lang.pick("显示通告", "Notice shown")),
                crate::gui::wrap::clipped(
                    iced::widget::pick_list(self.choices.clone(), selected, Message::Pick)
                        .width(Fill),
                ),
            ]
            .spacing(2)
        });
        let import = button(text(Pick::Notice.label().get(ctx.lang)).size(13))
            .on_press(Message::Import)
            .style(button::secondary);
        column![]
            .push(
                row![]
                    .push(picker)
                    .push(import)
                    .spacing(12)
                    .align_y(iced::Bottom),
            )
            .push(
                text(L::SelectHint.get(ctx.lang))
                    .size(13)
                    .style(style::muted),
            )
            .push(
                // The frame stays put; inside it the blocks are as tall as the whole notice and
                // the scrollable does the scrolling.
                container(scrollable(page).id(SCROLL_ID).height(Fill))
                    .padding(1)
                    .style(|theme: &iced::Theme| container::Style {
                        border: iced::Border {
                            color: theme.extended_palette().background.strong.color,
                            width: 1.0,
                            radius: 2.0.into(),
                        },
                        ..container::Style::default()
                    }),
            )
            .spacing(6)
            .into()
    }
}
