//! The application: settings, navigation, and the screens it routes messages to.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use iced::keyboard::{self, Key, key::Named};
use iced::widget::{button, column, container, operation, row, rule, text};
use iced::{Element, Fill, Subscription, Task, Theme, event, window};

use super::path_prompt::{self, PathPrompt};
use super::screen::{self, Ctx};
use super::style::Status;
use delegation_core::applications::{ApplicationsFile, ParseError};
use delegation_core::calendar::{Calendar, StartDay};
use delegation_core::catalogue::Catalogue;
use delegation_core::deadlines::{KeyDates, ValidityConvention};
use delegation_core::export;
use delegation_core::holiday_import;
use delegation_core::records::Records;
use delegation_core::reminders::reminders;
use delegation_core::router::Router as CoreRouter;
use delegation_core::storage::{self, Store};
use delegation_words::prelude::*;
use delegation_words::report;
use delegation_words::ui::L;
use delegation_words::{Lang, dates};

/// What the app starts with. Tests build one by hand so that "today" is fixed.
#[derive(Debug, Clone)]
pub struct Boot {
    pub today: NaiveDate,
    pub lang: Lang,
    /// Recorded handover dates by item.
    pub recorded: BTreeMap<u8, NaiveDate>,
    pub calendar: Calendar,
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
            recorded: BTreeMap::new(),
            calendar: Calendar::embedded().clone(),
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

/// A file dialog that answers "cancelled" sooner than this never showed: nobody reads a
/// dialog and presses Cancel in a quarter of a second, while rfd gives up on a desktop with
/// neither xdg-desktop-portal nor zenity within a few milliseconds.
pub const DIALOG_FAILED_WITHIN: Duration = Duration::from_millis(250);

/// What a file dialog was opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    ImportRecords,
    ExportRecords,
    ReportXlsx,
    ReportCsv,
    Ics,
    Holidays,
    OpenBatch,
    ExportBatch,
}

impl Pick {
    /// Whether the dialog saves a file (rather than opening one).
    pub fn saves(self) -> bool {
        !matches!(self, Pick::ImportRecords | Pick::Holidays | Pick::OpenBatch)
    }

    /// The suggested name of a saved file.
    pub fn file_name(self) -> &'static str {
        match self {
            Pick::ImportRecords | Pick::ExportRecords => "records.ron",
            Pick::ReportXlsx => "交接情况.xlsx",
            Pick::ReportCsv => "交接情况.csv",
            Pick::Ics => "穗府规2024-3号期限.ics",
            Pick::Holidays => "2027.json",
            Pick::OpenBatch => "applications.ron",
            Pick::ExportBatch => "分派结果.csv",
        }
    }

    /// The file type the dialog filters on.
    pub fn extension(self) -> &'static str {
        let name = self.file_name();
        &name[name.rfind('.').map_or(0, |i| i + 1)..]
    }

    /// The button that opens the dialog.
    pub fn label(self) -> L {
        match self {
            Pick::ImportRecords => L::ImportRecords,
            Pick::ExportRecords => L::ExportRecords,
            Pick::ReportXlsx => L::ReportXlsx,
            Pick::ReportCsv => L::ReportCsv,
            Pick::Ics => L::ExportIcs,
            Pick::Holidays => L::ImportHolidays,
            Pick::OpenBatch => L::OpenBatch,
            Pick::ExportBatch => L::ExportTable,
        }
    }
}

pub struct App {
    pub lang: Lang,
    pub dark: bool,
    /// Text and layout scale for counters, 1.0–1.6.
    pub scale: f32,
    pub screen: ScreenId,
    pub today: NaiveDate,
    pub recorded: BTreeMap<u8, NaiveDate>,
    pub calendar: Calendar,
    pub start_day: StartDay,
    pub validity: ValidityConvention,
    pub key: KeyDates,
    pub catalogue: screen::catalogue::Catalogue,
    pub router: screen::router::Router,
    pub deadlines: screen::deadlines::Deadlines,
    pub workdays: screen::workdays::Workdays,
    /// Laid out when the notice screen is first opened: shaping the whole notice takes
    /// about 90 ms, which the first frame should not wait for.
    pub notice: Option<screen::notice::Notice>,
    pub records: screen::records::RecordsScreen,
    pub batch: screen::batch::Batch,
    /// The records on disk; `None` when the app keeps them in memory (tests) or could not
    /// open the data directory (`store_error` says why).
    pub store: Option<Store>,
    pub store_error: Option<String>,
    /// What the last save, import or export did.
    pub status: Status,
    pub reminders_dismissed: bool,
    data_dir: Option<PathBuf>,
    smoke: bool,
    frames: u32,
    /// Bumped by every message: see [`App::style`].
    repaint: u32,
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
        let cat = Catalogue::embedded();
        let start_day = StartDay::default();
        let validity = ValidityConvention::default();
        let mut boot = boot;
        let mut status = Status::default();
        let (store, store_error) = match &boot.data_dir {
            Some(dir) => {
                let (cal, warning) = holiday_import::effective_calendar(dir);
                boot.calendar = cal;
                if let Some(e) = warning {
                    status = Status::failed(format!(
                        "{}{}{}",
                        L::OverrideUnusable.get(boot.lang),
                        boot.lang.colon(),
                        e.text(boot.lang)
                    ));
                }
                match Store::open(dir, cat) {
                    Ok(store) => {
                        boot.recorded = store.records().handover_dates();
                        (Some(store), None)
                    }
                    Err(e) => (None, Some(format!("{}: {e}", dir.display()))),
                }
            }
            None => (None, None),
        };
        let records = store
            .as_ref()
            .map_or_else(|| Records::for_catalogue(cat), |s| s.records().clone());
        App {
            lang: boot.lang,
            dark: false,
            scale: 1.0,
            screen: ScreenId::Catalogue,
            today: boot.today,
            key: KeyDates::compute(cat, &boot.calendar, start_day, validity),
            recorded: boot.recorded,
            start_day,
            validity,
            catalogue: screen::catalogue::Catalogue::default(),
            router: screen::router::Router::new(boot.today),
            deadlines: screen::deadlines::Deadlines,
            workdays: screen::workdays::Workdays::new(boot.today),
            notice: None,
            records: screen::records::RecordsScreen::new(&records),
            batch: screen::batch::Batch::default(),
            calendar: boot.calendar,
            store,
            store_error,
            status,
            reminders_dismissed: false,
            data_dir: boot.data_dir,
            smoke: boot.smoke,
            frames: 0,
            repaint: 0,
            window_width: WINDOW_SIZE.0,
            path_prompt: None,
        }
    }

    /// The records as saved (or as kept in memory).
    pub fn saved_records(&self) -> Records {
        self.store
            .as_ref()
            .map_or_else(|| self.records.draft.clone(), |s| s.records().clone())
    }

    fn records_path(&self) -> String {
        match (&self.store, &self.store_error) {
            (Some(s), _) => s.path().display().to_string(),
            (None, Some(e)) => e.clone(),
            (None, None) => "—".into(),
        }
    }

    /// Saves records (to the store, or in memory when there is none); the status line says
    /// what happened, and the result says whether it worked.
    fn save_records(&mut self, records: Records) -> bool {
        let lang = self.lang;
        let result = match &mut self.store {
            Some(store) => store.save(records).map(|()| store.records().clone()),
            None => Ok(records),
        };
        match result {
            Ok(saved) => {
                self.recorded = saved.handover_dates();
                self.records.reset(&saved);
                self.status = Status::ok(format!("{} {}", L::Saved.get(lang), self.records_path()));
                true
            }
            Err(e) => {
                self.status = Status::failure(lang, e);
                false
            }
        }
    }

    fn pick(&self, what: Pick) -> Task<Message> {
        Task::perform(
            async move {
                let ext = what.extension();
                let dialog = rfd::AsyncFileDialog::new().add_filter(ext, &[ext]);
                let started = Instant::now();
                let handle = if what.saves() {
                    dialog.set_file_name(what.file_name()).save_file().await
                } else {
                    dialog.pick_file().await
                };
                (handle.map(|h| h.path().to_path_buf()), started.elapsed())
            },
            move |(path, took)| match path {
                None if took < DIALOG_FAILED_WITHIN => Message::NoDialog(what),
                path => Message::Picked(what, path),
            },
        )
    }

    /// Acts on a file the user picked. Public so tests can drive it without a dialog.
    pub fn picked(&mut self, what: Pick, path: PathBuf) {
        let lang = self.lang;
        let cat = Catalogue::embedded();
        let shown = path.display().to_string();
        let done = |r: std::io::Result<()>, ok: L| match r {
            Ok(()) => Status::ok(format!("{} {shown}", ok.get(lang))),
            Err(e) => Status::failure(lang, format_args!("{shown}: {e}")),
        };
        match what {
            Pick::ImportRecords => match Store::read_import(&path) {
                Ok(mut r) => {
                    r.fill(cat);
                    if self.save_records(r) {
                        self.status = Status::ok(format!("{} {shown}", L::Imported.get(lang)));
                    }
                }
                Err(e) => self.status = Status::failure(lang, e.text(lang)),
            },
            Pick::ExportRecords => {
                let text = self.saved_records().to_ron();
                self.status = done(
                    storage::write_atomic(&path, text.as_bytes(), |_| Ok(())),
                    L::Exported,
                );
            }
            Pick::ReportXlsx | Pick::ReportCsv => {
                // The report goes to the leadership: in Chinese whatever the screen's language.
                let rows =
                    export::handover_report(cat, &self.key, &self.saved_records(), self.today);
                let table = report::handover_table(Lang::Zh, &rows);
                let r = if what == Pick::ReportXlsx {
                    export::write_xlsx(&path, report::handover_sheet(Lang::Zh), &table)
                } else {
                    export::write_csv(&path, &table)
                };
                self.status = done(r, L::Exported);
            }
            Pick::Ics => {
                let (name, events) = report::deadline_calendar(cat, &self.key);
                self.status = done(export::write_ics(&path, &name, &events), L::Exported)
            }
            Pick::Holidays => {
                let result = std::fs::read_to_string(&path)
                    .map_err(|e| ParseError::unreadable(&shown, &e))
                    .and_then(|t| holiday_import::parse_holiday_cn(&t, &shown))
                    .map_err(|e| e.text(lang));
                match result {
                    Ok(year) => {
                        let y = year.year;
                        let saved = match &self.data_dir {
                            Some(dir) => holiday_import::save_override(dir, year.clone())
                                .map_err(|e| e.to_string()),
                            None => Ok(()),
                        };
                        match saved {
                            Ok(()) => {
                                self.calendar.set_year(year);
                                self.set_conventions(self.start_day, self.validity);
                                self.status =
                                    Status::ok(format!("{} {shown} ({y})", L::Imported.get(lang)));
                            }
                            Err(e) => self.status = Status::failure(lang, e),
                        }
                    }
                    Err(e) => self.status = Status::failure(lang, e),
                }
            }
            Pick::OpenBatch => match ApplicationsFile::load(&path) {
                Ok(batch) => {
                    let mut handover = self.recorded.clone();
                    handover.extend(batch.handover.iter().map(|(k, v)| (*k, *v)));
                    let router = CoreRouter::new(
                        cat,
                        &self.calendar,
                        handover,
                        self.start_day,
                        self.validity,
                    );
                    let decisions: Vec<_> =
                        batch.applications.iter().map(|a| router.route(a)).collect();
                    self.batch.outcomes = decisions.iter().map(|d| d.outcome).collect();
                    self.batch.table =
                        Some(report::batch_table(lang, &batch.applications, &decisions));
                    self.batch.batch = Some(batch);
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
                    self.batch.status = done(export::write_csv(&path, t), L::Exported);
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

    /// The window background, a hair different after each message so that tiny-skia repaints
    /// the whole window instead of only what it thinks changed. Its damage rectangle for text
    /// centred on a point (a pick list's choice, among others) covers only the lower half of
    /// the glyphs, so switching the language or picking a shorter option left the top half of
    /// the old words on screen. A changed background colour is the one thing that makes iced
    /// 0.14's tiny-skia compositor redraw everything; the difference (1/65536) rounds away.
    pub fn style(&self, theme: &Theme) -> iced::theme::Style {
        let mut style = iced::theme::default(theme);
        // Three steps, so that a message that sends itself another (NavStep) still changes it.
        let nudge = (self.repaint % 3) as f32 / 65536.0;
        let c = &mut style.background_color;
        c.b = if c.b > 0.5 { c.b - nudge } else { c.b + nudge };
        style
    }

    pub fn scale_factor(&self) -> f32 {
        self.scale
    }

    /// What the screens need to know to draw themselves.
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            lang: self.lang,
            today: self.today,
            cat: Catalogue::embedded(),
            cal: &self.calendar,
            key: &self.key,
            recorded: &self.recorded,
            start_day: self.start_day,
            validity: self.validity,
            width: self.window_width / self.scale,
        }
    }

    fn set_conventions(&mut self, start_day: StartDay, validity: ValidityConvention) {
        self.start_day = start_day;
        self.validity = validity;
        self.key = KeyDates::compute(Catalogue::embedded(), &self.calendar, start_day, validity);
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        if !matches!(message, Message::Frame) {
            self.repaint = self.repaint.wrapping_add(1);
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
                    self.catalogue.update(screen::catalogue::Message::Clear);
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
                match self.catalogue.update(m) {
                    Some(screen::catalogue::Event::Route(no)) => {
                        self.router.choose(no);
                        self.screen = ScreenId::Router;
                    }
                    None => {}
                }
                Task::none()
            }
            Message::Router(m) => match self.router.update(m) {
                Some(screen::router::Event::Copy) => {
                    let text = self.router.decision_text(&self.ctx());
                    match text {
                        Some(t) => iced::clipboard::write(t),
                        None => Task::none(),
                    }
                }
                None => Task::none(),
            },
            Message::Deadlines(m) => {
                match self.deadlines.update(m) {
                    Some(screen::deadlines::Event::StartDay(s)) => {
                        self.set_conventions(s, self.validity)
                    }
                    Some(screen::deadlines::Event::Validity(v)) => {
                        self.set_conventions(self.start_day, v)
                    }
                    None => {}
                }
                Task::none()
            }
            Message::Workdays(m) => {
                self.workdays.update(m);
                Task::none()
            }
            Message::Notice(m) => match &mut self.notice {
                Some(notice) => notice.update(m).map(Message::Notice),
                None => Task::none(),
            },
            Message::Records(m) => {
                use screen::records::Event;
                match self.records.update(m) {
                    Some(Event::Save(r)) => {
                        self.save_records(*r);
                        Task::none()
                    }
                    Some(Event::Restore) => {
                        let lang = self.lang;
                        if let Some(store) = &mut self.store {
                            match store.recover(Catalogue::embedded()) {
                                Ok(done) => {
                                    let saved = store.records().clone();
                                    self.recorded = saved.handover_dates();
                                    self.records.reset(&saved);
                                    let what = match done.from_backup {
                                        Some(_) => L::Restored,
                                        None => L::StartedFresh,
                                    };
                                    self.status = Status::ok(format!(
                                        "{} {}",
                                        what.get(lang),
                                        done.aside.display()
                                    ));
                                }
                                Err(e) => self.status = Status::failure(lang, e),
                            }
                        }
                        Task::none()
                    }
                    Some(Event::Pick(what)) => self.pick(what),
                    None => Task::none(),
                }
            }
            Message::Batch(m) => match self.batch.update(m) {
                Some(screen::batch::Event::Open) => self.pick(Pick::OpenBatch),
                Some(screen::batch::Event::Export) => self.pick(Pick::ExportBatch),
                None => Task::none(),
            },
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
                .view(&ctx, self.records_path(), self.store.as_ref(), &self.status)
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
