//! What the window shows: the screen bar, the bars that ask or warn at the top (settings,
//! close, reminders, the data folder), the screen, and the status line.

use iced::widget::{button, column, container, row, rule, text};
use iced::{Element, Fill};

use super::{App, CloseChoice, Message, ScreenId, SettingsProblem, is_typed_shortcut};
use crate::gui::keys::Keys;
use delegation_law::reminders::reminders;
use delegation_words::dates;
use delegation_words::prelude::*;
use delegation_words::ui::L;

/// What the app starts with. Tests build one by hand so that "today" is fixed.
use super::server::store_env;

impl App {
    /// The line that says the settings were not read or not kept.
    pub(super) fn settings_bar(&self) -> Option<Element<'_, Message>> {
        let lang = self.lang;
        let line = match self.settings_problem.as_ref()? {
            SettingsProblem::Unusable(e) => {
                format!(
                    "{}{}{}",
                    L::SettingsIgnored.get(lang),
                    lang.colon(),
                    e.text(lang)
                )
            }
            SettingsProblem::NotSaved(e) => {
                format!(
                    "{}{}{}",
                    L::SettingsNotSaved.get(lang),
                    lang.colon(),
                    e.text(lang)
                )
            }
        };
        Some(
            container(
                row![
                    text(format!("⚠ {line}"))
                        .style(crate::gui::style::warning)
                        .width(Fill),
                    button(text(L::Dismiss.get(lang)).size(13))
                        .on_press(Message::DismissSettingsProblem)
                        .style(button::text),
                ]
                .spacing(8)
                .align_y(iced::Center),
            )
            .padding(6)
            .style(container::bordered_box)
            .into(),
        )
    }

    /// The bar that asks what to do with unsaved records before the window closes.
    pub(super) fn close_bar(&self) -> Option<Element<'_, Message>> {
        self.closing?;
        let lang = self.lang;
        let mut save = button(text(L::SaveAndClose.get(lang)).size(13)).style(button::primary);
        if self.records.can_save() {
            save = save.on_press(Message::Close(CloseChoice::Save));
        }
        Some(
            container(
                row![
                    text(L::CloseUnsaved.get(lang))
                        .style(crate::gui::style::warning)
                        .width(Fill),
                    save,
                    button(text(L::DiscardAndClose.get(lang)).size(13))
                        .on_press(Message::Close(CloseChoice::Discard))
                        .style(button::danger),
                    button(text(L::CancelClose.get(lang)).size(13))
                        .on_press(Message::Close(CloseChoice::Cancel))
                        .style(button::secondary),
                ]
                .spacing(8)
                .align_y(iced::Center),
            )
            .padding(6)
            .style(container::bordered_box)
            .into(),
        )
    }

    pub fn view(&self) -> Element<'_, Message> {
        let ctx = self.ctx();
        let lang = self.lang;
        let nav = ScreenId::ALL.into_iter().fold(row![].spacing(4), |r, s| {
            let b = button(text(s.label().get(lang)).size(15))
                .on_press(Message::Nav(s))
                .style(if s == self.screen {
                    button::primary
                } else {
                    button::text
                });
            r.push(b)
        });
        let settings = row![
            button(text(L::Language.get(lang)).size(14))
                .on_press(Message::ToggleLang)
                .style(button::secondary),
            button(
                text(if self.dark {
                    L::ThemeLight.get(lang)
                } else {
                    L::ThemeDark.get(lang)
                })
                .size(14)
            )
            .on_press(Message::ToggleTheme)
            .style(button::secondary),
            button(text("A−").size(14))
                .on_press(Message::ScaleStep(-1))
                .style(button::secondary),
            text(format!("{:.1}×", self.scale)).size(14),
            button(text("A+").size(14))
                .on_press(Message::ScaleStep(1))
                .style(button::secondary),
        ]
        .spacing(10)
        .align_y(iced::Center);
        // The screens wrap onto a second line when the text is large or the window narrow;
        // the settings stay on the right.
        let top = row![
            container(nav.wrap().vertical_spacing(4)).width(Fill),
            settings
        ]
        .spacing(12)
        .align_y(iced::Center);
        let body: Element<'_, Message> = match self.screen {
            ScreenId::Catalogue => self.catalogue.view(&ctx).map(Message::Catalogue),
            ScreenId::Router => self.router.view(&ctx).map(Message::Router),
            ScreenId::Deadlines => self.deadlines.view(&ctx).map(Message::Deadlines),
            ScreenId::Workdays => self.workdays.view(&ctx).map(Message::Workdays),
            ScreenId::Notice => match &self.notice {
                Some(notice) => notice.view(&ctx).map(Message::Notice),
                None => text("").into(),
            },
            ScreenId::Records => self
                .records
                .view(
                    &ctx,
                    self.records_path(),
                    self.session.store(),
                    self.server_blocks(),
                    store_env().is_some(),
                    &self.status,
                )
                .map(Message::Records),
            ScreenId::Batch => self.batch.view(&ctx).map(Message::Batch),
            ScreenId::Cases => self.cases.view(&ctx).map(Message::Cases),
        };
        let due = reminders(ctx.cat, ctx.key, ctx.recorded, ctx.today);
        // The first-start warning, once dismissed, stays dismissed (it is remembered).
        // While a server's records are not read, its line says why nothing is recorded.
        let dismissed = self.reminders_dismissed
            || (self.first_start_dismissed && ctx.first_start().is_some())
            || self.session.awaiting().is_some();
        // A short window (1024×600 at 1.6× leaves 375 px): the warning in one short line.
        let short = self.window_height / self.scale < 480.0;
        let banner: Option<Element<'_, Message>> = (!due.is_empty() && !dismissed).then(|| {
            use delegation_law::reminders::Reminder;
            let overdue = due
                .iter()
                .filter(|r| matches!(r, Reminder::HandoverOverdue { .. }))
                .count();
            // A first start: every item is "overdue" only because nothing is recorded yet;
            // one sentence says so, and the button opens the records where that is done.
            let (line, see): (String, Message) = match ctx.first_start() {
                Some(_) if overdue > 0 && short => (
                    L::NoHandoverShort.get(lang).to_string(),
                    Message::OpenRecords(ctx.first_unrecorded().unwrap_or(1)),
                ),
                Some(sentence) if overdue > 0 => (
                    sentence.to_string(),
                    Message::OpenRecords(ctx.first_unrecorded().unwrap_or(1)),
                ),
                _ => {
                    let first = delegation_words::report::reminder(lang, ctx.cat, &due[0]);
                    let more = if due.len() > 1 {
                        dates::reminder_count(lang, due.len())
                    } else {
                        String::new()
                    };
                    let see = match due[0] {
                        Reminder::HandoverOverdue { item, .. } => Message::OpenRecords(item),
                        _ => Message::Nav(ScreenId::Deadlines),
                    };
                    (format!("{first}{more}"), see)
                }
            };
            let see_label = if matches!(see, Message::OpenRecords(_)) {
                L::RecordHandovers
            } else {
                L::SeeAll
            };
            let size = if short { 12 } else { 13 };
            let pad = if short { [2, 6] } else { [5, 10] };
            container(
                row![
                    text(format!("⚠ {line}"))
                        .size(if short { 13 } else { 15 })
                        .style(crate::gui::style::warning)
                        .width(Fill),
                    button(text(see_label.get(lang)).size(size))
                        .on_press(see)
                        .padding(pad)
                        .style(button::secondary),
                    button(text(L::Dismiss.get(lang)).size(size))
                        .on_press(Message::DismissReminders)
                        .padding(pad)
                        .style(button::text),
                ]
                .spacing(8)
                .align_y(iced::Center),
            )
            .padding(if short { 2 } else { 6 })
            .style(container::bordered_box)
            .into()
        });
        // The shortcuts line gives its room to the screen when the window is short (1024×600
        // at 1.6× leaves 375 px of text height).
        let footer = (self.window_height / self.scale >= 480.0).then(|| {
            text(L::KeysHint.get(lang))
                .size(12)
                .style(crate::gui::style::muted)
        });
        let page = container(
            column![top, rule::horizontal(1)]
                .push(self.close_bar())
                .push(self.settings_bar())
                .push(self.server_bar())
                .push(banner)
                // What a slip or template written from this screen did (the records screen
                // shows its own status line in its toolbar).
                .push(
                    matches!(
                        self.screen,
                        ScreenId::Router | ScreenId::Batch | ScreenId::Cases | ScreenId::Notice
                    )
                    .then(|| self.file_status.view())
                    .flatten(),
                )
                .push(
                    self.path_prompt
                        .as_ref()
                        .map(|p| p.view(lang).map(Message::Prompt)),
                )
                .push(container(body).height(Fill))
                .push(footer)
                .spacing(10)
                .padding(14),
        )
        .width(Fill)
        .height(Fill);
        Keys::new(page, is_typed_shortcut, Message::Escape).into()
    }
}
