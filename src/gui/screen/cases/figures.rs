//! The year's figures on the 办件台账 screen, with the coordinator's time limits.

use chrono::Datelike;
use iced::widget::{button, column, container, pick_list, row, scrollable, text, text_input};
use iced::{Element, FillPortion};

use super::{CasesScreen, Message};
use crate::gui::dialog::Pick;
use crate::gui::screen::{Choice, Ctx};
use crate::gui::steady::steady;
use crate::gui::style;
use crate::gui::wrap::clipped;
use delegation_words::ui::L;

impl CasesScreen {
    /// The year's figures in the table's place: a line per item (one with no case marked),
    /// the time limits and their form, and the files.
    pub(super) fn figures_view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let lang = ctx.lang;
        let this_year = ctx.today.year();
        let years: Vec<Choice<i32>> = (2024..=this_year.max(2024))
            .rev()
            .map(|y| Choice {
                value: Some(y),
                label: y.to_string(),
            })
            .collect();
        let shown_year = self
            .figures
            .as_ref()
            .map(|(y, _, _)| *y)
            .unwrap_or(this_year);
        let year_sel = years.iter().find(|c| c.value == Some(shown_year)).cloned();
        let export = |what: Pick| {
            button(text(what.label().get(lang)).size(13))
                .on_press_maybe(self.figures.is_some().then_some(Message::Export(what)))
                .style(button::secondary)
        };
        let head = row![
            style::label(L::FiguresYear.get(lang)),
            clipped(pick_list(years, year_sel, Message::FiguresYear)),
            export(Pick::FiguresXlsx),
            export(Pick::FiguresCsv),
            export(Pick::FiguresPdf),
        ]
        .spacing(8)
        .align_y(iced::Center)
        .wrap()
        .vertical_spacing(4);
        let mut col = column![head].spacing(6);
        match &self.figures {
            None => col = col.push(text(L::CasesLoading.get(lang)).style(style::muted)),
            Some((_, figures, limits)) => {
                let header = delegation_words::cases::figures_header(lang);
                let table = delegation_words::cases::figures_table(
                    lang,
                    ctx.cat,
                    figures,
                    &|i| limits.get(&i).copied(),
                    &|_| String::new(),
                );
                // The columns that fit a screen: item, name, received, closed, the five
                // results, overdue, open at year end, average, limit (the files have them all).
                let keep = [0usize, 1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 18];
                let width = |i: usize| {
                    if i == 1 {
                        FillPortion(6)
                    } else {
                        FillPortion(2)
                    }
                };
                let line = |cells: Vec<String>, size: u32| {
                    keep.iter().fold(row![].spacing(4), |r, &i| {
                        r.push(
                            text(cells.get(i).cloned().unwrap_or_default())
                                .size(size)
                                .width(width(i)),
                        )
                    })
                };
                col = col.push(line(header, 12));
                for (cells, f) in table.rows.into_iter().zip(figures) {
                    let r = line(cells, 13);
                    col = col.push(if f.is_empty() {
                        container(r).style(|t: &iced::Theme| container::Style {
                            text_color: Some(style::Ink::of(t).muted),
                            ..container::Style::default()
                        })
                    } else {
                        container(r)
                    });
                }
            }
        }
        // The coordinator's time limits: set here, audited.
        let items: Vec<Choice<u8>> = ctx
            .cat
            .items
            .iter()
            .map(|i| Choice {
                value: Some(i.no),
                label: crate::gui::screen::fit(&format!("{}. {}", i.no, i.name), 260.0),
            })
            .collect();
        let item_sel = items.iter().find(|c| c.value == self.limit_item).cloned();
        let limit_error = self.limit_input().err();
        let ready = self.limit_item.is_some() && limit_error.is_none() && !self.saving;
        col = col.push(style::heading(L::LimitHeading.get(lang)));
        col = col.push(
            row![
                clipped(
                    pick_list(items, item_sel, Message::LimitItem)
                        .placeholder(L::CasesItem.get(lang))
                        .width(260)
                ),
                steady(
                    text_input(L::LimitHint.get(lang), &self.limit_days)
                        .on_input(Message::LimitDays)
                        .padding(6)
                        .width(240)
                        .style(move |theme: &iced::Theme, status| {
                            style::field_input(theme, status, limit_error.is_some())
                        })
                ),
                button(text(L::LimitSet.get(lang)).size(13))
                    .on_press_maybe(ready.then_some(Message::SetLimit))
                    .style(button::primary),
            ]
            .spacing(8)
            .align_y(iced::Center)
            .wrap()
            .vertical_spacing(4),
        );
        col = col.push(style::error_line(
            limit_error.map(|e| (e.get(lang), style::error as style::Look)),
        ));
        if let Some(s) = self.status.view() {
            col = col.push(s);
        }
        style::card(
            scrollable(col.padding(iced::Padding::ZERO.right(12))).height(super::pane_height(ctx)),
        )
    }
}
