//! 批量分派: an applications file routed in one go, shown as a table and exported.

use iced::widget::{button, column, row, scrollable, text};
use iced::{Element, Fill, FillPortion};

use super::{Ctx, Update};
use crate::gui::dialog::Pick;
use crate::gui::style;
use delegation_core::applications::ApplicationsFile;
use delegation_core::export::Table;
use delegation_core::router::Outcome;
use delegation_words::ui::L;

/// The loaded file and its table.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub file: Option<String>,
    pub batch: Option<ApplicationsFile>,
    /// The outcomes, for colouring and counting.
    pub outcomes: Vec<Outcome>,
    pub table: Option<Table>,
    pub error: Option<String>,
    pub status: style::Status,
}

#[derive(Debug, Clone)]
pub enum Message {
    Open,
    Export,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Open,
    Export,
}

impl Batch {
    pub fn update(&mut self, message: Message) -> Update<Message, Event> {
        Update::event(match message {
            Message::Open => Event::Open,
            Message::Export => Event::Export,
        })
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let lang = ctx.lang;
        let mut head = row![
            button(text(Pick::OpenBatch.label().get(lang))).on_press(Message::Open),
            button(text(Pick::ExportBatch.label().get(lang)))
                .on_press_maybe(self.table.as_ref().map(|_| Message::Export))
                .style(button::secondary),
        ]
        .spacing(8)
        .align_y(iced::Center);
        if let Some(f) = &self.file {
            head = head.push(text(f.as_str()).size(13).style(style::muted));
        }
        let mut col = column![head].spacing(10);
        if let Some(e) = &self.error {
            col = col.push(style::card(text(e.as_str()).style(style::error)));
        }
        if let Some(status) = self.status.view() {
            col = col.push(status);
        }
        let Some(table) = &self.table else {
            return col
                .push(text(L::BatchHint.get(lang)).style(style::muted))
                .into();
        };
        let counts = Outcome::ALL
            .iter()
            .map(|o| {
                format!(
                    "{} {}",
                    o.code(),
                    self.outcomes.iter().filter(|x| *x == o).count()
                )
            })
            .collect::<Vec<_>>()
            .join(" · ");
        col = col.push(text(counts).size(13));
        let widths = [2, 1, 2, 4, 3, 3, 4];
        let cells = |cells: &'a [String], head: bool| {
            row(cells.iter().take(7).zip(widths).map(|(c, w)| {
                text(c.as_str())
                    .size(if head { 13 } else { 14 })
                    .width(FillPortion(w))
                    .into()
            }))
            .spacing(8)
        };
        let mut rows = column![cells(&table.header, true)].spacing(4);
        for (r, outcome) in table.rows.iter().zip(&self.outcomes) {
            let line = cells(r, false);
            rows = rows.push(if matches!(outcome, Outcome::Invalid) {
                iced::widget::container(line).style(|t: &iced::Theme| {
                    iced::widget::container::Style {
                        text_color: Some(t.extended_palette().danger.base.color),
                        ..Default::default()
                    }
                })
            } else {
                iced::widget::container(line)
            });
        }
        col.push(scrollable(rows.padding(iced::Padding::ZERO.right(12))).height(Fill))
            .into()
    }
}
