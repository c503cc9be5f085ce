//! A case's card on the 办件台账 screen: its status and what can be done, its facts, its
//! decision with the clause and what would change it, earlier decisions, and its trail.

use chrono::NaiveDate;
use iced::widget::{button, column, pick_list, row, scrollable, space, text, text_input};
use iced::{Element, Fill};

use super::{CasesScreen, Message};
use crate::gui::screen::{Choice, Ctx, ymd};
use crate::gui::steady::steady;
use crate::gui::style;
use crate::gui::wrap::clipped;
use delegation_law::cases::{CaseResult, CaseStatus};
use delegation_law::router::Outcome;
use delegation_session::desk::Card;
use delegation_words::Lang;
use delegation_words::prelude::*;
use delegation_words::ui::L;

impl CasesScreen {
    pub(super) fn card_view<'a>(&'a self, card: &'a Card, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let lang = ctx.lang;
        let c = &card.history.case;
        let d = &c.decision;
        let item_name = ctx.cat.item(c.filed.item).map_or("", |i| i.name.as_str());
        let mut col = column![
            row![
                style::heading(format!("{} {}", L::CaseHeading.get(lang), c.id)),
                space().width(Fill),
                button(text(L::CasesBack.get(lang)).size(13))
                    .on_press(Message::CloseCard)
                    .style(button::secondary),
            ]
            .align_y(iced::Center)
            .spacing(8),
            text(delegation_words::cases::case_version(
                lang,
                c.version,
                &c.recorded_by,
                &c.recorded_at
            ))
            .size(13)
            .style(style::muted),
        ]
        .spacing(8);
        // Status, working days, the limit, and what can be done: first, where the clerk looks.
        col = col.push(style::heading(L::CasesStatus.get(lang)));
        let status = match (c.closed, c.result) {
            (Some(on), Some(r)) => {
                format!("{} · {} · {}", c.status.label(lang), ymd(on), r.label(lang))
            }
            _ => c.status.label(lang).to_string(),
        };
        col = col.push(text(status));
        col = col.push(
            text(delegation_words::cases::working_days_line(
                lang,
                c.closed.is_some(),
                card.working_days,
                card.limit,
                card.overdue,
            ))
            .style(if card.overdue {
                style::error
            } else {
                style::muted
            }),
        );
        if !c.note.is_empty() {
            col = col.push(style::field(L::CaseNote.get(lang), c.note.as_str()));
        }
        col = col.push(self.actions(card, lang, ctx.today));
        if let Some(s) = self.status.view() {
            col = col.push(s);
        }
        col = col.push(style::field(
            L::CasesItem.get(lang),
            format!("{}. {item_name}", c.filed.item),
        ));
        if !c.filed.applicant.is_empty() {
            col = col.push(style::field(
                L::CaseApplicant.get(lang),
                c.filed.applicant.as_str(),
            ));
        }
        // The facts in the register's words (the router's), as the batch card and the slip
        // give them.
        col = col.push(style::field(
            L::CaseFacts.get(lang),
            facts_in_words(lang, ctx.cat, &c.id, &c.filed),
        ));
        // The decision in force.
        col = col.push(style::heading(L::Decision.get(lang)));
        col = col.push(outcome_line(&d.outcome, lang));
        // The mode only with a body that exercises it (a NOT_DELEGATED case has none).
        let mode = d.approving_body.as_ref().and(d.mode.as_deref());
        for (label, value) in [
            (L::ApprovingBody, d.approving_body.as_deref()),
            (L::CaseMode, mode),
            (L::InNameOf, d.in_name_of.as_deref()),
            (L::Answerable, d.answerable.as_deref()),
        ] {
            if let Some(v) = value {
                col = col.push(style::field(label.get(lang), v));
            }
        }
        col = col
            .push(style::field(L::CaseClause.get(lang), d.clause.as_str()))
            .push(style::field(L::CaseFinding.get(lang), d.finding.as_str()));
        if !d.flips.trim().is_empty() {
            col = col.push(style::field(L::CaseFlips.get(lang), d.flips.trim_end()));
        }
        col = col.push(
            text(delegation_words::cases::decided_under(
                lang, &d.notice, &d.at,
            ))
            .size(13)
            .style(style::muted),
        );
        if card.history.decisions.len() > 1 {
            col = col.push(style::heading(L::CaseEarlierDecisions.get(lang)));
            let n = card.history.decisions.len();
            for (i, (filed, earlier)) in card.history.decisions.iter().take(n - 1).enumerate() {
                col = col.push(
                    column![
                        text(format!(
                            "{}. {}",
                            i + 1,
                            delegation_words::cases::moment(&earlier.at)
                        ))
                        .size(13),
                        outcome_line(&earlier.outcome, lang),
                        text(format!("〔{}〕", earlier.clause)).size(13),
                        text(facts_in_words(lang, ctx.cat, &c.id, filed))
                            .size(13)
                            .style(style::muted),
                    ]
                    .spacing(2),
                );
            }
        }
        // The audit trail.
        col = col.push(style::heading(L::CaseTrail.get(lang)));
        for e in &card.history.events {
            col = col.push(
                text(format!(
                    "#{} {} {}（{}） {}",
                    e.seq,
                    delegation_words::cases::moment(&e.at),
                    e.who,
                    e.machine,
                    e.kind.label(lang)
                ))
                .size(13),
            );
        }
        style::card(
            scrollable(col.padding(iced::Padding::ZERO.right(12))).height(super::pane_height(ctx)),
        )
    }

    fn actions<'a>(&'a self, card: &'a Card, lang: Lang, today: NaiveDate) -> Element<'a, Message> {
        let c = &card.history.case;
        let correct = row![
            button(text(L::CorrectFacts.get(lang)).size(14))
                .on_press_maybe((!self.saving).then_some(Message::Correct))
                .style(button::secondary),
            button(text(L::CaseSlip.get(lang)).size(14))
                .on_press(Message::Export(crate::gui::dialog::Pick::CaseSlip))
                .style(button::secondary),
        ]
        .spacing(8);
        if c.status == CaseStatus::Closed {
            return row![
                button(text(L::CaseReopen.get(lang)).size(14))
                    .on_press_maybe((!self.saving).then_some(Message::Reopen))
                    .style(button::secondary),
                correct,
            ]
            .spacing(8)
            .into();
        }
        let results: Vec<Choice<CaseResult>> = CaseResult::ALL
            .into_iter()
            .map(|r| Choice {
                value: Some(r),
                label: r.label(lang).to_string(),
            })
            .collect();
        let sel = results
            .iter()
            .find(|r| r.value.is_some() && r.value == self.close_result)
            .cloned();
        let date = NaiveDate::parse_from_str(self.close_on.trim(), "%Y-%m-%d");
        let date_wrong = date.is_err();
        let before = date.is_ok_and(|d| d < c.filed.received);
        let why: Option<L> = if date_wrong {
            Some(L::ErrDate)
        } else if before {
            Some(L::CaseClosedBeforeReceived)
        } else if date.is_ok_and(|d| d > today) {
            // A case is closed on a day that has come: not one ahead.
            Some(L::CaseClosedAfterToday)
        } else {
            None
        };
        let ready = why.is_none() && self.close_result.is_some() && !self.saving;
        column![
            style::heading(L::CaseCloseHeading.get(lang)),
            row![
                column![
                    style::label(L::CaseClosedOn.get(lang)),
                    steady(
                        text_input("YYYY-MM-DD", &self.close_on)
                            .on_input(Message::CloseOn)
                            .padding(6)
                            .width(130)
                            .style(move |theme: &iced::Theme, status| {
                                style::field_input(theme, status, why.is_some())
                            })
                    ),
                ]
                .spacing(2),
                column![
                    style::label(L::CasesResult.get(lang)),
                    clipped(
                        pick_list(results, sel, Message::CloseResult)
                            .placeholder(L::CaseChooseResult.get(lang))
                    ),
                ]
                .spacing(2),
            ]
            .spacing(10)
            .wrap()
            .vertical_spacing(6),
            style::error_line(why.map(|e| (e.get(lang), style::error as style::Look))),
            column![
                style::label(L::CaseNote.get(lang)),
                steady(
                    text_input("", &self.close_note)
                        .on_input(Message::CloseNote)
                        .padding(6)
                ),
            ]
            .spacing(2),
            row![
                button(text(L::CaseClose.get(lang)).size(14))
                    .on_press_maybe(ready.then_some(Message::CloseCase))
                    .style(button::primary),
                correct,
            ]
            .spacing(8),
        ]
        .spacing(6)
        .into()
    }
}

/// A case's facts as the register's columns word them, a line each (the received date and
/// whether in the zone among them); facts this program cannot read back, as they are kept.
fn facts_in_words(
    lang: Lang,
    cat: &delegation_law::catalogue::Catalogue,
    id: &str,
    filed: &delegation_store::cases::Filed,
) -> String {
    match delegation_words::cases::case_facts(lang, cat, id, filed) {
        Some(facts) => facts
            .into_iter()
            .map(|(label, value)| format!("{label}{}{value}", lang.colon()))
            .collect::<Vec<_>>()
            .join("\n"),
        None => filed.facts.clone(),
    }
}

/// An outcome code as the router words it (an unknown code as it is).
fn outcome_line<'a>(code: &str, lang: Lang) -> Element<'a, Message> {
    match Outcome::from_code(code) {
        Some(o) => crate::gui::screen::router::outcome_headline(o, lang, 16),
        None => text(code.to_string()).into(),
    }
}
