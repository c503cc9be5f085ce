//! The application: settings, navigation, and the screens it routes messages to.

use std::path::PathBuf;

use chrono::NaiveDate;
use iced::keyboard::{self, Key, key::Named};
use iced::widget::{button, column, container, operation, row, rule, text};
use iced::{Element, Fill, Subscription, Task, Theme, event, window};

use super::dialog::{self, Pick};
use super::path_prompt::{self, PathPrompt};
use super::repaint::Repaint;
use super::screen::{self, Ctx};
use super::style::Status;
use delegation_core::calendar::Calendar;
use delegation_core::catalogue::Catalogue;
use delegation_core::error::StoreError;
use delegation_core::records::Records;
use delegation_core::register::Register;
use delegation_core::reminders::reminders;
use delegation_core::session::{Access, Conventions, OpenWarning, Session, TableFormat};
use delegation_core::storage;
use delegation_words::prelude::*;
use delegation_words::report;
use delegation_words::ui::L;
use delegation_words::{Lang, dates};

/// What the app starts with. Tests build one by hand so that "today" is fixed.
#[derive(Debug, Clone)]
pub struct Boot {
    pub today: NaiveDate,
    pub lang: Lang,
    /// Where the records and imported holidays live; `None` keeps everything in memory.
    pub data_dir: Option<PathBuf>,
    /// Exit after the first frame has been drawn.
    pub smoke: bool,
}

impl Boot {
    pub fn from_environment() -> Boot {
        Boot {
            today: chrono::Local::now().date_naive(),
            lang: Lang::Zh,
            data_dir: Some(storage::data_dir()),
            smoke: false,
        }
    }

    /// A fixed boot for tests: a fixed day, nothing read from or written to disk.
    pub fn fixed(today: NaiveDate) -> Boot {
        Boot {
            today,
            data_dir: None,
            ..Boot::from_environment()
        }
    }
}

/// The screens, in navigation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenId {
    Catalogue,
    Router,
    Deadlines,
    Workdays,
    Notice,
    Records,
    Batch,
}

impl ScreenId {
    pub const ALL: [ScreenId; 7] = [
        ScreenId::Catalogue,
        ScreenId::Router,
        ScreenId::Deadlines,
        ScreenId::Workdays,
        ScreenId::Notice,
        ScreenId::Records,
        ScreenId::Batch,
    ];

    pub fn label(self) -> L {
        match self {
            ScreenId::Catalogue => L::NavCatalogue,
            ScreenId::Router => L::NavRouter,
            ScreenId::Deadlines => L::NavDeadlines,
            ScreenId::Workdays => L::NavWorkdays,
            ScreenId::Notice => L::NavNotice,
            ScreenId::Records => L::NavRecords,
            ScreenId::Batch => L::NavBatch,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Nav(ScreenId),
    /// The next (+1) or previous (−1) screen, wrapping around.
    NavStep(i8),
    ToggleLang,
    ToggleTheme,
    Scale(f32),
    ScaleStep(i8),
    FocusSearch,
    Escape,
    FocusNext {
        back: bool,
    },
    Frame,
    /// The window's new size, in logical pixels at the current text size.
    Resized(iced::Size),
    Catalogue(screen::catalogue::Message),
    Router(screen::router::Message),
    Deadlines(screen::deadlines::Message),
    Workdays(screen::workdays::Message),
    Notice(screen::notice::Message),
    Records(screen::records::Message),
    Batch(screen::batch::Message),
    DismissReminders,
    /// A file dialog answered (None: cancelled).
    Picked(Pick, Option<PathBuf>),
    /// The file dialog came back at once with nothing: none could open (see
    /// [`DIALOG_FAILED_WITHIN`]), so the path is asked for in the window.
    NoDialog(Pick),
    Prompt(path_prompt::Message),
}

pub struct App {
    pub lang: Lang,
    pub dark: bool,
    /// Text and layout scale for counters, 1.0–1.6.
    pub scale: f32,
    pub screen: ScreenId,
    pub today: NaiveDate,
    /// The records, the calendar, the conventions: everything the screens show and the
    /// workflows change.
    pub session: Session,
    pub catalogue: screen::catalogue::Catalogue,
    pub router: screen::router::Router,
    pub deadlines: screen::deadlines::Deadlines,
    pub workdays: screen::workdays::Workdays,
    /// Laid out when the notice screen is first opened: shaping the whole notice takes
    /// about 90 ms, which the first frame should not wait for.
    pub notice: Option<screen::notice::Notice>,
    pub records: screen::records::RecordsScreen,
    pub batch: screen::batch::Batch,
    /// Why the data directory could not be opened (the records are then kept in memory).
    pub store_error: Option<StoreError>,
    /// What the last save, import or export did.
    pub status: Status,
    pub reminders_dismissed: bool,
    smoke: bool,
    frames: u32,
    repaint: Repaint,
    /// The window's width at 1.0× text, in logical pixels.
    pub window_width: f32,
    /// Asks for a path where no file dialog could open.
    pub path_prompt: Option<PathPrompt>,
}

/// The window's size when it opens.
pub const WINDOW_SIZE: (f32, f32) = (1180.0, 780.0);

pub const MIN_SCALE: f32 = 1.0;
pub const MAX_SCALE: f32 = 1.6;

impl App {
    pub fn boot(boot: Boot) -> (App, Task<Message>) {
        (App::new(boot), Task::none())
    }

    pub fn new(boot: Boot) -> App {
        let lang = boot.lang;
        let mut status = Status::default();
        let mut store_error = None;
        let session = match &boot.data_dir {
            Some(dir) => {
                let (session, warnings) = Session::open(dir, Access::Write);
                for w in warnings {
                    match w {
                        OpenWarning::HolidaysUnusable(e) => {
                            status = Status::failed(format!(
                                "{}{}{}",
                                L::OverrideUnusable.get(lang),
                                lang.colon(),
                                e.text(lang)
                            ));
                        }
                        OpenWarning::StoreUnavailable(e) => store_error = Some(e),
                        OpenWarning::RecordsUnusable(_) => {}
                    }
                }
                session
            }
            None => Session::in_memory(Calendar::embedded().clone()),
        };
        App {
            lang,
            dark: false,
            scale: 1.0,
            screen: ScreenId::Catalogue,
            today: boot.today,
            catalogue: screen::catalogue::Catalogue::default(),
            router: screen::router::Router::new(boot.today),
            deadlines: screen::deadlines::Deadlines,
            workdays: screen::workdays::Workdays::new(boot.today),
            notice: None,
            records: screen::records::RecordsScreen::new(session.records()),
            batch: screen::batch::Batch::default(),
            session,
            store_error,
            status,
            reminders_dismissed: false,
            smoke: boot.smoke,
            frames: 0,
            repaint: Repaint::default(),
            window_width: WINDOW_SIZE.0,
            path_prompt: None,
        }
    }

    /// The records as saved (or as kept in memory).
    pub fn saved_records(&self) -> &Records {
        self.session.records()
    }

    fn records_path(&self) -> String {
        match (self.session.store(), &self.store_error) {
            (Some(s), _) => s.path().display().to_string(),
            (None, Some(e)) => e.text(self.lang),
            (None, None) => "—".into(),
        }
    }

    /// Saves records; the status line says what happened, and the result says whether it
    /// worked.
    fn save_records(&mut self, records: Records) -> bool {
        let lang = self.lang;
        match self.session.save_records(records) {
            Ok(()) => {
                self.records.reset(self.session.records());
                self.status = Status::ok(format!("{} {}", L::Saved.get(lang), self.records_path()));
                true
            }
            Err(e) => {
                self.status = Status::failure(lang, e.text(lang));
                false
            }
        }
    }

    /// Gets an unusable records file out of the way: restores the newest good backup, or
    /// starts from empty records; the status line says which, and where the bad file went.
    fn restore(&mut self) {
        let lang = self.lang;
        let Some(result) = self.session.recover() else {
            return;
        };
        match result {
            Ok(done) => {
                self.records.reset(self.session.records());
                let what = match done.from_backup {
                    Some(_) => L::Restored,
                    None => L::StartedFresh,
                };
                self.status = Status::ok(format!("{} {}", what.get(lang), done.aside.display()));
            }
            Err(e) => self.status = Status::failure(lang, e.text(lang)),
        }
    }

    fn pick(&self, what: Pick) -> Task<Message> {
        dialog::open(what).map(|answer| match answer {
            dialog::Answer::Picked(what, path) => Message::Picked(what, path),
            dialog::Answer::NoDialog(what) => Message::NoDialog(what),
        })
    }

    /// Acts on a file the user picked. Public so tests can drive it without a dialog.
    pub fn picked(&mut self, what: Pick, path: PathBuf) {
        let lang = self.lang;
        let shown = path.display().to_string();
        let done = |r: Result<(), StoreError>, ok: L| match r {
            Ok(()) => Status::ok(format!("{} {shown}", ok.get(lang))),
            Err(e) => Status::failure(lang, e.text(lang)),
        };
        match what {
            Pick::ImportRecords => match self.session.import_records(&path) {
                Ok(()) => {
                    self.records.reset(self.session.records());
                    self.status = Status::ok(format!("{} {shown}", L::Imported.get(lang)));
                }
                Err(e) => self.status = Status::failure(lang, e.text(lang)),
            },
            Pick::ExportRecords => {
                self.status = done(self.session.export_records(&path), L::Exported);
            }
            Pick::ReportXlsx | Pick::ReportCsv => {
                // The report goes to the leadership: in Chinese whatever the screen's language.
                let rows = self.session.handover_report(self.today);
                let table = report::handover_table(Lang::Zh, &rows);
                let format = if what == Pick::ReportXlsx {
                    TableFormat::Xlsx
                } else {
                    TableFormat::Csv
                };
                let sheet = report::handover_sheet(Lang::Zh);
                self.status = done(
                    Session::write_table(&path, format, sheet, &table),
                    L::Exported,
                );
            }
            Pick::Ics => {
                let cat = self.session.catalogue();
                let (name, events) = report::deadline_calendar(cat, self.session.key_dates());
                self.status = done(
                    delegation_core::export::write_ics(&path, &name, &events),
                    L::Exported,
                );
            }
            Pick::Holidays => match self.session.import_holidays(&path) {
                Ok(y) => {
                    self.status = Status::ok(format!("{} {shown} ({y})", L::Imported.get(lang)));
                }
                Err(e) => self.status = Status::failure(lang, e.text(lang)),
            },
            Pick::OpenBatch => match Register::load(&path) {
                Ok(register) => {
                    let decisions = self.session.route_batch(&register.batch);
                    let (table, outcomes) =
                        report::register_batch_table(lang, &register, &decisions);
                    self.batch.outcomes = outcomes;
                    self.batch.table = Some(table);
                    self.batch.batch = Some(register.batch);
                    self.batch.file = Some(shown);
                    self.batch.error = None;
                    self.batch.status = Status::default();
                }
                Err(e) => {
                    self.batch.error = Some(e.text(lang));
                    self.batch.table = None;
                    self.batch.outcomes.clear();
                }
            },
            Pick::ExportBatch => {
                if let Some(t) = &self.batch.table {
                    self.batch.status = done(
                        Session::write_table(&path, TableFormat::Csv, "", t),
                        L::Exported,
                    );
                }
            }
        }
    }

    pub fn title(&self) -> String {
        format!(
            "{} — {}",
            L::AppTitle.get(self.lang),
            self.screen.label().get(self.lang)
        )
    }

    pub fn theme(&self) -> Theme {
        if self.dark { Theme::Dark } else { Theme::Light }
    }

    /// The theme's style, with the repaint workaround (see [`super::repaint`]).
    pub fn style(&self, theme: &Theme) -> iced::theme::Style {
        self.repaint.style(theme)
    }

    pub fn scale_factor(&self) -> f32 {
        self.scale
    }

    /// What the screens need to know to draw themselves.
    pub fn ctx(&self) -> Ctx<'_> {
        let conventions = self.session.conventions();
        Ctx {
            lang: self.lang,
            today: self.today,
            session: &self.session,
            cat: Catalogue::embedded(),
            cal: self.session.calendar(),
            key: self.session.key_dates(),
            recorded: self.session.recorded(),
            start_day: conventions.start_day,
            validity: conventions.validity,
            width: self.window_width / self.scale,
        }
    }

    fn set_conventions(&mut self, conventions: Conventions) {
        self.session.set_conventions(conventions);
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        if !matches!(message, Message::Frame) {
            self.repaint.bump();
        }
        match message {
            Message::NavStep(step) => {
                let n = ScreenId::ALL.len() as i32;
                let i = ScreenId::ALL
                    .iter()
                    .position(|s| *s == self.screen)
                    .unwrap_or(0) as i32;
                let next = ScreenId::ALL[(i + i32::from(step)).rem_euclid(n) as usize];
                self.update(Message::Nav(next))
            }
            Message::Nav(s) => {
                self.screen = s;
                if s == ScreenId::Notice && self.notice.is_none() {
                    self.notice = Some(screen::notice::Notice::new(Catalogue::embedded()));
                }
                Task::none()
            }
            Message::ToggleLang => {
                self.lang = match self.lang {
                    Lang::Zh => Lang::En,
                    Lang::En => Lang::Zh,
                };
                Task::none()
            }
            Message::ToggleTheme => {
                self.dark = !self.dark;
                Task::none()
            }
            Message::Scale(s) => {
                self.scale = s.clamp(MIN_SCALE, MAX_SCALE);
                Task::none()
            }
            Message::ScaleStep(step) => {
                let s = ((self.scale * 10.0).round() + f32::from(step)) / 10.0;
                self.scale = s.clamp(MIN_SCALE, MAX_SCALE);
                Task::none()
            }
            Message::FocusSearch => {
                self.screen = ScreenId::Catalogue;
                operation::focus(screen::catalogue::SEARCH_ID)
            }
            Message::Escape => {
                if self.path_prompt.take().is_some() {
                    return Task::none();
                }
                if self.screen == ScreenId::Catalogue {
                    return self.update(Message::Catalogue(screen::catalogue::Message::Clear));
                }
                Task::none()
            }
            Message::FocusNext { back } => {
                if back {
                    operation::focus_previous()
                } else {
                    operation::focus_next()
                }
            }
            Message::Resized(size) => {
                self.window_width = size.width * self.scale;
                Task::none()
            }
            Message::Frame => {
                self.frames += 1;
                // The second frame event comes after the first frame was presented.
                if self.smoke && self.frames >= 2 {
                    iced::exit()
                } else {
                    Task::none()
                }
            }
            Message::Catalogue(m) => {
                let u = self.catalogue.update(m);
                let event_task = match u.event {
                    Some(screen::catalogue::Event::Route(no)) => {
                        self.router.choose(no);
                        self.screen = ScreenId::Router;
                        Task::none()
                    }
                    None => Task::none(),
                };
                Task::batch([u.task.map(Message::Catalogue), event_task])
            }
            Message::Router(m) => {
                let u = self.router.update(m);
                let event_task = match u.event {
                    Some(screen::router::Event::Copy) => {
                        match self.router.decision_text(&self.ctx()) {
                            Some(t) => iced::clipboard::write(t),
                            None => Task::none(),
                        }
                    }
                    None => Task::none(),
                };
                Task::batch([u.task.map(Message::Router), event_task])
            }
            Message::Deadlines(m) => {
                let u = self.deadlines.update(m);
                match u.event {
                    Some(screen::deadlines::Event::StartDay(start_day)) => {
                        self.set_conventions(Conventions {
                            start_day,
                            ..self.session.conventions()
                        })
                    }
                    Some(screen::deadlines::Event::Validity(validity)) => {
                        self.set_conventions(Conventions {
                            validity,
                            ..self.session.conventions()
                        })
                    }
                    None => {}
                }
                u.task.map(Message::Deadlines)
            }
            Message::Workdays(m) => {
                let u = self.workdays.update(m);
                u.task.map(Message::Workdays)
            }
            Message::Notice(m) => match &mut self.notice {
                Some(notice) => notice.update(m).task.map(Message::Notice),
                None => Task::none(),
            },
            Message::Records(m) => {
                use screen::records::Event;
                let u = self.records.update(m);
                let event_task = match u.event {
                    Some(Event::Save(r)) => {
                        self.save_records(*r);
                        Task::none()
                    }
                    Some(Event::Restore) => {
                        self.restore();
                        Task::none()
                    }
                    Some(Event::Pick(what)) => self.pick(what),
                    None => Task::none(),
                };
                Task::batch([u.task.map(Message::Records), event_task])
            }
            Message::Batch(m) => {
                let u = self.batch.update(m);
                let event_task = match u.event {
                    Some(screen::batch::Event::Open) => self.pick(Pick::OpenBatch),
                    Some(screen::batch::Event::Export) => self.pick(Pick::ExportBatch),
                    None => Task::none(),
                };
                Task::batch([u.task.map(Message::Batch), event_task])
            }
            Message::DismissReminders => {
                self.reminders_dismissed = true;
                Task::none()
            }
            Message::Picked(what, Some(path)) => {
                self.picked(what, path);
                Task::none()
            }
            Message::Picked(_, None) => Task::none(),
            Message::NoDialog(what) => {
                self.path_prompt = Some(PathPrompt::new(what));
                operation::focus(path_prompt::INPUT_ID)
            }
            Message::Prompt(m) => {
                let event = self.path_prompt.as_mut().and_then(|p| p.update(m));
                match event {
                    Some(path_prompt::Event::Chosen(what, path)) => {
                        self.path_prompt = None;
                        self.picked(what, path);
                    }
                    Some(path_prompt::Event::Cancelled) => self.path_prompt = None,
                    None => {}
                }
                Task::none()
            }
        }
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let keys = event::listen_with(|event, status, _window| match event {
            iced::Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) => {
                shortcut(&key, modifiers, status)
            }
            _ => None,
        });
        let resized = window::resize_events().map(|(_, size)| Message::Resized(size));
        if self.smoke {
            Subscription::batch([keys, resized, window::frames().map(|_| Message::Frame)])
        } else {
            Subscription::batch([keys, resized])
        }
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
                    &self.status,
                )
                .map(Message::Records),
            ScreenId::Batch => self.batch.view(&ctx).map(Message::Batch),
        };
        let due = reminders(ctx.cat, ctx.key, ctx.recorded, ctx.today);
        let banner: Option<Element<'_, Message>> = (!due.is_empty() && !self.reminders_dismissed)
            .then(|| {
                let first = delegation_words::report::reminder(lang, ctx.cat, &due[0]);
                let more = if due.len() > 1 {
                    dates::reminder_count(lang, due.len())
                } else {
                    String::new()
                };
                container(
                    row![
                        text(format!("⚠ {first}{more}"))
                            .style(super::style::warning)
                            .width(Fill),
                        button(text(L::SeeAll.get(lang)).size(13))
                            .on_press(Message::Nav(ScreenId::Deadlines))
                            .style(button::secondary),
                        button(text(L::Dismiss.get(lang)).size(13))
                            .on_press(Message::DismissReminders)
                            .style(button::text),
                    ]
                    .spacing(8)
                    .align_y(iced::Center),
                )
                .padding(6)
                .style(container::bordered_box)
                .into()
            });
        let footer = text(L::KeysHint.get(lang))
            .size(12)
            .style(super::style::muted);
        container(
            column![top, rule::horizontal(1)]
                .push(banner)
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
        .height(Fill)
        .into()
    }
}

/// Keyboard shortcuts: Ctrl+1…5 screens, Ctrl+F search, Esc clears, Tab moves focus,
/// Ctrl+= / Ctrl+- text size.
pub fn shortcut(
    key: &Key,
    modifiers: keyboard::Modifiers,
    status: event::Status,
) -> Option<Message> {
    match key.as_ref() {
        Key::Character(c) if modifiers.command() => match c {
            // A focused text field takes Ctrl+digit as typing (it inserts the digit), so the
            // digits switch screens only when no field has the key; Ctrl+PageUp/PageDown
            // switch from anywhere.
            "1" | "2" | "3" | "4" | "5" | "6" | "7" if status == event::Status::Ignored => {
                let i: usize = c.parse().ok()?;
                Some(Message::Nav(ScreenId::ALL[i - 1]))
            }
            "f" | "F" => Some(Message::FocusSearch),
            "=" | "+" => Some(Message::ScaleStep(1)),
            "-" => Some(Message::ScaleStep(-1)),
            _ => None,
        },
        Key::Named(Named::Escape) => Some(Message::Escape),
        Key::Named(Named::PageDown) if modifiers.command() => Some(Message::NavStep(1)),
        Key::Named(Named::PageUp) if modifiers.command() => Some(Message::NavStep(-1)),
        Key::Named(Named::Tab) if status == event::Status::Ignored => Some(Message::FocusNext {
            back: modifiers.shift(),
        }),
        _ => None,
    }
}
