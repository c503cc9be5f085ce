//! The application: settings, navigation, and the screens it routes messages to.

use std::path::PathBuf;

use chrono::NaiveDate;
use iced::keyboard::{self, Key, key::Named};
use iced::widget::{button, column, container, operation, row, rule, text};
use iced::{Element, Fill, Subscription, Task, Theme, event, window};

use super::dialog::{self, DialogSource, Pick};
use super::keys::Keys;
use super::path_prompt::{self, PathPrompt};
use super::repaint::Repaint;
use super::screen::{self, Ctx};
use super::settings::{self, Settings};
use super::style::Status;
use delegation_files::error::FileError;
use delegation_files::error::PathError;
use delegation_files::register;
use delegation_law::calendar::Calendar;
use delegation_law::catalogue::Catalogue;
use delegation_law::records::Records;
use delegation_law::reminders::reminders;
use delegation_session::{Access, Conventions, OpenWarning, Session, TableFormat};
use delegation_store::StoreError;
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
    /// Open written PDFs in the desktop's viewer (off in tests).
    pub open_files: bool,
    /// Where the settings are remembered; `None` remembers nothing.
    pub settings_file: Option<PathBuf>,
    /// The remembered settings (theme, text size, window size; the language is `lang`).
    pub settings: Settings,
    /// Why the settings file was not used (the defaults are then).
    pub settings_error: Option<FileError>,
    /// Where file dialogs come from (the desktop's; in tests a stand-in).
    pub dialogs: DialogSource,
    /// A register to open on the batch screen at start (`delegation-tracker FILE`).
    pub open: Option<PathBuf>,
}

impl Boot {
    pub fn from_environment() -> Boot {
        Boot {
            today: chrono::Local::now().date_naive(),
            data_dir: Some(delegation_store::data_dir()),
            open_files: true,
            dialogs: DialogSource::desktop(),
            ..Boot::fixed(chrono::Local::now().date_naive())
        }
        .remembering(settings::path())
    }

    /// A fixed boot for tests: a fixed day, the default settings, nothing read from or
    /// written to disk, and no file dialog (the path prompt asks instead).
    pub fn fixed(today: NaiveDate) -> Boot {
        Boot {
            today,
            lang: Lang::Zh,
            data_dir: None,
            smoke: false,
            open_files: false,
            settings_file: None,
            settings: Settings::default(),
            settings_error: None,
            dialogs: DialogSource(std::sync::Arc::new(dialog::NoDialogs)),
            open: None,
        }
    }

    /// Starts with the settings kept in `file`, and keeps them there.
    pub fn remembering(self, file: PathBuf) -> Boot {
        let (settings, settings_error) = Settings::load(&file);
        Boot {
            lang: settings.lang,
            settings,
            settings_error,
            settings_file: Some(file),
            ..self
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
    /// The records screen at this item.
    OpenRecords(u8),
    /// A file dialog answered (None: cancelled).
    Picked(Pick, Option<PathBuf>),
    /// No file dialog can open on this desktop: the path is asked for in the window.
    NoDialog(Pick),
    Prompt(path_prompt::Message),
    /// The window manager asks to close the window.
    CloseRequested(window::Id),
    /// The answer of the unsaved-changes bar.
    Close(CloseChoice),
    DismissSettingsProblem,
    /// The window opened: its screen's size is asked for.
    Opened(window::Id),
    /// The size of the screen the window opened on (logical pixels at the current text size).
    Monitor(window::Id, Option<iced::Size>),
    /// What became of opening a written PDF (in which status line it is said).
    Viewed(PathBuf, PdfLine, dialog::Viewer),
}

/// Which status line a written PDF is reported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfLine {
    /// The app's own (the handover report).
    Main,
    /// The file status of the router and batch screens (a slip).
    File,
}

/// What to do with unsaved records when the window is closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseChoice {
    Save,
    Discard,
    Cancel,
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
    /// What the last slip or template written from the router or batch screen did.
    pub file_status: Status,
    /// A PDF just written, to be opened in the viewer, and the line that reports it.
    to_view: Option<(PathBuf, PdfLine)>,
    pub reminders_dismissed: bool,
    smoke: bool,
    open_files: bool,
    dialogs: DialogSource,
    frames: u32,
    repaint: Repaint,
    /// The window's width at 1.0× text, in logical pixels.
    pub window_width: f32,
    /// The window's height at 1.0× text, in logical pixels.
    pub window_height: f32,
    /// Asks for a path where no file dialog could open.
    pub path_prompt: Option<PathPrompt>,
    /// The window asked to close while the records had unsaved changes: the bar that asks
    /// save / close without saving / cancel is shown.
    pub closing: Option<window::Id>,
    /// Where the settings are remembered (`None`: nowhere).
    settings_file: Option<PathBuf>,
    /// The settings file could not be read, or the settings not written: said at the top
    /// until dismissed.
    pub settings_problem: Option<SettingsProblem>,
}

/// Why the settings were not read or not kept.
#[derive(Debug, Clone)]
pub enum SettingsProblem {
    /// The file is not a settings file (the defaults are used; it is replaced at the next
    /// change).
    Unusable(FileError),
    NotSaved(PathError),
}

pub const MIN_SCALE: f32 = 1.0;
pub const MAX_SCALE: f32 = 1.6;

impl App {
    pub fn boot(boot: Boot) -> (App, Task<Message>) {
        let open = boot.open.clone();
        let mut app = App::new(boot);
        let task = match open {
            // `delegation-tracker FILE`: the batch screen, reading FILE.
            Some(path) => app.picked(Pick::OpenBatch, path),
            None => Task::none(),
        };
        (app, task)
    }

    /// The settings as they are now.
    pub fn settings(&self) -> Settings {
        Settings {
            lang: self.lang,
            dark: self.dark,
            scale: self.scale,
            window: (self.window_width, self.window_height),
        }
    }

    /// Keeps the settings for the next run; a failure is said at the top.
    fn remember(&mut self) {
        if let Some(file) = &self.settings_file {
            match self.settings().save(file) {
                Ok(()) => {
                    if matches!(self.settings_problem, Some(SettingsProblem::NotSaved(_))) {
                        self.settings_problem = None;
                    }
                }
                Err(e) => self.settings_problem = Some(SettingsProblem::NotSaved(e)),
            }
        }
    }

    /// The line that says the settings were not read or not kept.
    fn settings_bar(&self) -> Option<Element<'_, Message>> {
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
                        .style(super::style::warning)
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
                            status = Status::failed(lang, move |l| {
                                format!("{}{}{}", L::OverrideUnusable.get(l), l.colon(), e.text(l))
                            });
                        }
                        OpenWarning::StoreUnavailable(e) => store_error = Some(e),
                        OpenWarning::RecordsUnusable(_) => {}
                    }
                }
                session
            }
            None => Session::in_memory(Calendar::embedded().clone()),
        };
        let remembered = boot.settings;
        App {
            lang,
            dark: remembered.dark,
            scale: remembered.scale.clamp(MIN_SCALE, MAX_SCALE),
            screen: ScreenId::Catalogue,
            today: boot.today,
            catalogue: screen::catalogue::Catalogue::default(),
            router: screen::router::Router::new(boot.today),
            deadlines: screen::deadlines::Deadlines,
            workdays: screen::workdays::Workdays::new(boot.today),
            notice: None,
            records: screen::records::RecordsScreen::new(
                session.records(),
                session.key_dates().notice_date,
                boot.today,
            ),
            batch: screen::batch::Batch::default(),
            session,
            store_error,
            status,
            file_status: Status::default(),
            to_view: None,
            reminders_dismissed: false,
            smoke: boot.smoke,
            open_files: boot.open_files,
            dialogs: boot.dialogs.clone(),
            frames: 0,
            repaint: Repaint::default(),
            window_width: remembered.window.0,
            window_height: remembered.window.1,
            path_prompt: None,
            closing: None,
            settings_file: boot.settings_file,
            settings_problem: boot.settings_error.map(SettingsProblem::Unusable),
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

    /// Whether the records cannot be edited: another instance holds the lock, or the file is
    /// unusable.
    pub fn records_read_only(&self) -> bool {
        self.session
            .store()
            .and_then(delegation_store::Store::read_only)
            .is_some()
    }

    /// The bar that asks what to do with unsaved records before the window closes.
    fn close_bar(&self) -> Option<Element<'_, Message>> {
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
                        .style(super::style::warning)
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

    /// Saves records; the status line says what happened, and the result says whether it
    /// worked.
    fn save_records(&mut self, records: Records) -> bool {
        let lang = self.lang;
        match self.session.save_records(records) {
            Ok(()) => {
                self.records.reset(self.session.records());
                // The batch's decisions rest on the recorded handover dates.
                self.batch.reroute(&self.session);
                let path = self.records_path();
                self.status = Status::ok(lang, move |l| format!("{} {path}", L::Saved.get(l)));
                true
            }
            Err(e) => {
                self.status = Status::failure(lang, move |l| e.text(l));
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
                let aside = done.aside.display().to_string();
                self.status = Status::ok(lang, move |l| format!("{} {aside}", what.get(l)));
            }
            Err(e) => self.status = Status::failure(lang, move |l| e.text(l)),
        }
    }

    /// After a PDF is written: it is to be opened in the desktop's viewer (to print from
    /// there); the status line says it was written and is being opened, and
    /// [`Message::Viewed`] says what really happened. A character no font could draw is named,
    /// with where it is, never passed over.
    fn shown_pdf(
        &mut self,
        written: Result<Vec<delegation_files::pdf::MissingChar>, PathError>,
        path: &std::path::Path,
        line: PdfLine,
    ) -> Status {
        let lang = self.lang;
        let shown = path.display().to_string();
        match written {
            Err(e) => Status::failure(lang, move |l| e.text(l)),
            Ok(missing) if !missing.is_empty() => {
                let path = path.to_path_buf();
                if self.open_files {
                    self.to_view = Some((path.clone(), line));
                }
                Status::failure(lang, move |l| {
                    missing
                        .iter()
                        .map(|m| report::missing_char(l, &path, m))
                        .collect::<Vec<_>>()
                        .join("\n")
                })
            }
            Ok(_) if self.open_files => {
                self.to_view = Some((path.to_path_buf(), line));
                Status::ok(lang, move |l| {
                    format!("{} {shown}", L::OpeningInViewer.get(l))
                })
            }
            Ok(_) => Status::ok(lang, move |l| format!("{} {shown}", L::Exported.get(l))),
        }
    }

    /// The name a save dialog suggests: a slip is named after its application
    /// (分派决定单-ZC-010.pdf), so two slips never meet "file exists".
    fn suggested_name(&self, what: Pick) -> String {
        let id = match what {
            Pick::Slip => self.router.routed(&self.ctx()).map(|(a, _)| a.id),
            Pick::BatchSlip(i) => self.batch.slip_of(i).map(|(a, _)| a.id.clone()),
            _ => None,
        };
        match id {
            Some(id) => format!("{}.pdf", report::slip_file_stem(self.lang, &id)),
            None => what.file_name().to_string(),
        }
    }

    /// Opens the PDF just written, if any, in the desktop's viewer.
    fn view_written(&mut self) -> Task<Message> {
        match self.to_view.take() {
            Some((path, line)) => {
                dialog::show_in_viewer(&path).map(move |v| Message::Viewed(path.clone(), line, v))
            }
            None => Task::none(),
        }
    }

    /// Asks for a file: the desktop's dialog, waited for however long the clerk takes; or,
    /// where no dialog can open, the path prompt, opened in this same update.
    fn pick(&mut self, what: Pick) -> Task<Message> {
        if !self.dialogs.0.available() {
            return self.update(Message::NoDialog(what));
        }
        let name = self.suggested_name(what);
        Task::perform(self.dialogs.0.ask(what, name), move |path| {
            Message::Picked(what, path)
        })
    }

    /// Acts on a file the user picked. Public so tests can drive it without a dialog. What
    /// continues after it returns (a register being read) is the task.
    pub fn picked(&mut self, what: Pick, path: PathBuf) -> Task<Message> {
        let lang = self.lang;
        let shown = path.display().to_string();
        let done = |r: Result<(), PathError>, ok: L| {
            let shown = shown.clone();
            match r {
                Ok(()) => Status::ok(lang, move |l| format!("{} {shown}", ok.get(l))),
                Err(e) => Status::failure(lang, move |l| e.text(l)),
            }
        };
        match what {
            Pick::ImportRecords => match self.session.import_records(&path) {
                Ok(()) => {
                    self.records.reset(self.session.records());
                    self.batch.reroute(&self.session);
                    let shown = shown.clone();
                    self.status =
                        Status::ok(lang, move |l| format!("{} {shown}", L::Imported.get(l)));
                }
                Err(e) => self.status = Status::failure(lang, move |l| e.text(l)),
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
                    delegation_files::table::write_ics(&path, &name, &events),
                    L::Exported,
                );
            }
            Pick::Holidays => match self.session.import_holidays(&path) {
                Ok(y) => {
                    let shown = shown.clone();
                    self.status = Status::ok(lang, move |l| {
                        format!("{} {shown} ({y})", L::Imported.get(l))
                    });
                }
                Err(e) => self.status = Status::failure(lang, move |l| e.text(l)),
            },
            Pick::ReportPdf => {
                let rows = self.session.handover_report(self.today);
                let doc =
                    report::handover_doc(Lang::Zh, self.session.catalogue(), &rows, self.today);
                let written = delegation_files::pdf::write_pdf(&path, &doc, super::pdf_fonts());
                self.status = self.shown_pdf(written, &path, PdfLine::Main);
            }
            Pick::Template => {
                let written = register::write_template(&path, &report::template_text(Lang::Zh));
                self.file_status = done(written, L::Exported);
            }
            Pick::Slip | Pick::BatchSlip(_) => {
                let routed = match what {
                    Pick::BatchSlip(i) => {
                        self.batch.slip_of(i).map(|(a, d)| (a.clone(), d.clone()))
                    }
                    _ => self.router.routed(&self.ctx()),
                };
                // No slip for a form that is not complete (its button is not shown then).
                if let Some((app, d)) = routed {
                    let doc = report::slip(lang, self.session.catalogue(), &app, &d, self.today);
                    let written = delegation_files::pdf::write_pdf(&path, &doc, super::pdf_fonts());
                    self.file_status = self.shown_pdf(written, &path, PdfLine::File);
                }
            }
            Pick::OpenBatch => {
                // Read and routed off the UI thread, with a progress line (batch::load).
                self.screen = ScreenId::Batch;
                return self
                    .batch
                    .start(&self.session, path, self.today)
                    .map(Message::Batch);
            }
            Pick::ExportBatch => {
                if let Some(t) = self.batch.table(lang) {
                    use screen::batch::BatchStatus;
                    // .xlsx or .csv by the name given (.csv when it says neither).
                    let format = TableFormat::of(&path).unwrap_or(TableFormat::Csv);
                    let sheet = report::decisions_sheet(lang);
                    self.batch.status =
                        Some(match Session::write_table(&path, format, sheet, &t) {
                            Ok(()) => BatchStatus::Exported(shown),
                            Err(e) => BatchStatus::Failed(e),
                        });
                }
            }
        }
        Task::none()
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
            height: self.window_height / self.scale,
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
                if s == ScreenId::Router {
                    // The keyboard's way in: the item number first, then Tab through the form.
                    return operation::focus(screen::router::ITEM_ID);
                }
                Task::none()
            }
            Message::ToggleLang => {
                self.lang = match self.lang {
                    Lang::Zh => Lang::En,
                    Lang::En => Lang::Zh,
                };
                // What was said in the old language is said again in the new one.
                self.status.relang(self.lang);
                self.file_status.relang(self.lang);
                self.remember();
                Task::none()
            }
            Message::ToggleTheme => {
                self.dark = !self.dark;
                self.remember();
                Task::none()
            }
            Message::Scale(s) => {
                self.scale = s.clamp(MIN_SCALE, MAX_SCALE);
                self.remember();
                Task::none()
            }
            Message::ScaleStep(step) => {
                let s = ((self.scale * 10.0).round() + f32::from(step)) / 10.0;
                self.scale = s.clamp(MIN_SCALE, MAX_SCALE);
                self.remember();
                Task::none()
            }
            Message::DismissSettingsProblem => {
                self.settings_problem = None;
                Task::none()
            }
            Message::Opened(id) => {
                window::monitor_size(id).map(move |size| Message::Monitor(id, size))
            }
            Message::Monitor(id, Some(monitor)) => {
                // Both in logical pixels at the current text size, as iced resizes.
                let current = (
                    self.window_width / self.scale,
                    self.window_height / self.scale,
                );
                match settings::fit(current, (monitor.width, monitor.height)) {
                    Some((w, h)) => {
                        self.window_width = w * self.scale;
                        self.window_height = h * self.scale;
                        Task::batch([
                            window::resize(id, iced::Size::new(w, h)),
                            window::maximize(id, true),
                        ])
                    }
                    None => Task::none(),
                }
            }
            Message::Monitor(_, None) => Task::none(),
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
                self.window_height = size.height * self.scale;
                Task::none()
            }
            Message::Frame => {
                // While a register is read the frames show no table yet: a smoke run with a
                // file counts from the frame after it is in.
                if self.batch.loading.is_some() {
                    self.frames = 0;
                } else {
                    self.frames += 1;
                }
                // The second frame event comes after the first frame was presented.
                if self.smoke && self.frames >= 2 {
                    if self.screen == ScreenId::Batch
                        && let Some(e) = self.batch.error_text(Lang::En)
                    {
                        eprintln!("error: {e}");
                        super::set_smoke_failed();
                    }
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
                    Some(screen::catalogue::Event::Records(no)) => {
                        self.update(Message::OpenRecords(no))
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
                    Some(screen::router::Event::Slip) => self.pick(Pick::Slip),
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
                if m.is_edit() && self.records_read_only() {
                    // Another instance holds the lock, or the file is bad: nothing to edit.
                    return Task::none();
                }
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
                    Some(screen::batch::Event::Copy(i)) => {
                        match self.batch.decision_text(i, self.lang) {
                            Some(t) => iced::clipboard::write(t),
                            None => Task::none(),
                        }
                    }
                    Some(screen::batch::Event::Slip(i)) => self.pick(Pick::BatchSlip(i)),
                    Some(screen::batch::Event::Template) => self.pick(Pick::Template),
                    None => Task::none(),
                };
                Task::batch([u.task.map(Message::Batch), event_task])
            }
            Message::OpenRecords(no) => {
                self.screen = ScreenId::Records;
                let u = self.records.update(screen::records::Message::Select(no));
                u.task.map(Message::Records)
            }
            Message::DismissReminders => {
                self.reminders_dismissed = true;
                Task::none()
            }
            Message::Picked(what, Some(path)) => {
                let task = self.picked(what, path);
                Task::batch([task, self.view_written()])
            }
            Message::Viewed(path, line, viewer) => {
                let shown = path.display().to_string();
                let status = match viewer {
                    dialog::Viewer::Opened => Status::ok(self.lang, move |l| {
                        format!("{} {shown}", L::OpenedInViewer.get(l))
                    }),
                    dialog::Viewer::NoViewer => Status::failed(self.lang, move |l| {
                        format!("{} {shown}", L::NoPdfViewer.get(l))
                    }),
                    dialog::Viewer::Failed(_) => Status::failed(self.lang, move |l| {
                        format!("{} {shown}", L::ViewerFailed.get(l))
                    }),
                };
                match line {
                    PdfLine::Main => self.status = status,
                    PdfLine::File => self.file_status = status,
                }
                Task::none()
            }
            Message::Picked(_, None) => Task::none(),
            Message::NoDialog(what) => {
                self.path_prompt = Some(PathPrompt::new(what, &self.suggested_name(what)));
                operation::focus(path_prompt::INPUT_ID)
            }
            Message::CloseRequested(id) => {
                // The window's size as it is closed, for the next start.
                self.remember();
                if self.records.dirty && !self.records_read_only() {
                    self.closing = Some(id);
                    Task::none()
                } else {
                    window::close(id)
                }
            }
            Message::Close(choice) => {
                let Some(id) = self.closing.take() else {
                    return Task::none();
                };
                match choice {
                    CloseChoice::Save => {
                        if self.records.can_save() && self.save_records(self.records.draft.clone())
                        {
                            window::close(id)
                        } else {
                            // The status line says why; the records screen shows the form.
                            self.screen = ScreenId::Records;
                            Task::none()
                        }
                    }
                    CloseChoice::Discard => window::close(id),
                    CloseChoice::Cancel => Task::none(),
                }
            }
            Message::Prompt(m) => {
                let event = self.path_prompt.as_mut().and_then(|p| p.update(m));
                let task = match event {
                    Some(path_prompt::Event::Chosen(what, path)) => {
                        self.path_prompt = None;
                        self.picked(what, path)
                    }
                    Some(path_prompt::Event::Cancelled) => {
                        self.path_prompt = None;
                        Task::none()
                    }
                    None => Task::none(),
                };
                Task::batch([task, self.view_written()])
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
        let close = window::close_requests().map(Message::CloseRequested);
        let opened = window::open_events().map(Message::Opened);
        if self.smoke {
            Subscription::batch([
                keys,
                resized,
                close,
                opened,
                window::frames().map(|_| Message::Frame),
            ])
        } else {
            Subscription::batch([keys, resized, close, opened])
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
                use delegation_law::reminders::Reminder;
                let overdue = due
                    .iter()
                    .filter(|r| matches!(r, Reminder::HandoverOverdue { .. }))
                    .count();
                // A first start: every item is "overdue" only because nothing is recorded yet;
                // one sentence says so, and the button opens the records where that is done.
                let (line, see): (String, Message) = match ctx.first_start() {
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
                container(
                    row![
                        text(format!("⚠ {line}"))
                            .style(super::style::warning)
                            .width(Fill),
                        button(text(see_label.get(lang)).size(13))
                            .on_press(see)
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
        // The shortcuts line gives its room to the screen when the window is short (1024×600
        // at 1.6× leaves 375 px of text height).
        let footer = (self.window_height / self.scale >= 480.0).then(|| {
            text(L::KeysHint.get(lang))
                .size(12)
                .style(super::style::muted)
        });
        let page = container(
            column![top, rule::horizontal(1)]
                .push(self.close_bar())
                .push(self.settings_bar())
                .push(banner)
                // What a slip or template written from this screen did (the records screen
                // shows its own status line in its toolbar).
                .push(
                    matches!(self.screen, ScreenId::Router | ScreenId::Batch)
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

/// Keyboard shortcuts: Ctrl+1…7 screens, Ctrl+F search, Tab moves focus, Ctrl+= / Ctrl+- text
/// size. Esc is [`super::keys::Keys`]'s (it first closes an open drop-down).
pub fn shortcut(
    key: &Key,
    modifiers: keyboard::Modifiers,
    status: event::Status,
) -> Option<Message> {
    match key.as_ref() {
        Key::Character(c) if modifiers.command() => match c {
            // No text field sees these keys (see `is_typed_shortcut`), so they switch screens
            // from a field too; a widget that did take the key keeps it.
            "1" | "2" | "3" | "4" | "5" | "6" | "7" if status == event::Status::Ignored => {
                let i: usize = c.parse().ok()?;
                Some(Message::Nav(ScreenId::ALL[i - 1]))
            }
            "f" | "F" => Some(Message::FocusSearch),
            "=" | "+" => Some(Message::ScaleStep(1)),
            "-" => Some(Message::ScaleStep(-1)),
            _ => None,
        },
        Key::Named(Named::PageDown) if modifiers.command() => Some(Message::NavStep(1)),
        Key::Named(Named::PageUp) if modifiers.command() => Some(Message::NavStep(-1)),
        Key::Named(Named::Tab) if status == event::Status::Ignored => Some(Message::FocusNext {
            back: modifiers.shift(),
        }),
        _ => None,
    }
}

/// Whether a key press is one of the app's Ctrl+character shortcuts, which a focused text
/// field would otherwise also type ("=" for Ctrl+=, "1" for Ctrl+1): such presses never
/// reach the widgets.
pub fn is_typed_shortcut(key: &Key, modifiers: keyboard::Modifiers) -> bool {
    matches!(key, Key::Character(_))
        && modifiers.command()
        && shortcut(key, modifiers, event::Status::Ignored).is_some()
}
