//! Files: the dialog or path prompt that asks for one, what is done with the file picked
//! (import, export, a report, a slip, a register to read), the records' save and restore, and
//! the PDF viewer.

use std::path::PathBuf;

use iced::Task;
use iced::widget::operation;

use super::{App, Message, PdfLine, ScreenId};
use crate::gui::dialog::{self, Pick};
use crate::gui::path_prompt::{self, PathPrompt};
use crate::gui::screen;
use crate::gui::style::Status;
use delegation_files::error::{PathError, Refusal};
use delegation_files::io::Target;
use delegation_files::register;
use delegation_law::records::Records;
use delegation_session::{Session, TableFormat};
use delegation_words::Lang;
use delegation_words::prelude::*;
use delegation_words::report;
use delegation_words::ui::L;

impl App {
    pub fn saved_records(&self) -> &Records {
        self.session.records()
    }

    pub(super) fn records_path(&self) -> String {
        if let Some(server) = &self.server {
            return server.shown.clone();
        }
        match (self.session.store(), &self.store_error) {
            (Some(s), _) => s.path().display().to_string(),
            (None, Some(e)) => e.text(self.lang),
            (None, None) => "—".into(),
        }
    }

    /// Whether the records cannot be edited: another instance holds the lock, or the file is
    /// unusable.
    pub fn records_read_only(&self) -> bool {
        self.server_blocks()
            || self
                .session
                .store()
                .and_then(delegation_store::Store::read_only)
                .is_some()
    }

    /// Saves records, and where `close` names the window, closes it once they are saved: to
    /// the database server on a thread of its own where the records are a server's, else to
    /// the data folder here. The status line says what happened; where the save failed the
    /// window stays open, on the records screen.
    pub(super) fn save(
        &mut self,
        records: Records,
        close: Option<iced::window::Id>,
    ) -> Task<Message> {
        match self.session.save_job(records.clone()) {
            Ok(Some(job)) => self.save_to_server(job, close),
            Ok(None) => match (self.save_records(records), close) {
                (true, Some(id)) => iced::window::close(id),
                (false, Some(_)) => {
                    self.screen = ScreenId::Records;
                    Task::none()
                }
                (_, None) => Task::none(),
            },
            Err(e) => {
                let lang = self.lang;
                self.status = Status::failure(lang, move |l| e.text(l));
                if close.is_some() {
                    self.screen = ScreenId::Records;
                }
                Task::none()
            }
        }
    }

    /// Saves records to the data folder; the status line says what happened, and the result
    /// says whether it worked.
    fn save_records(&mut self, records: Records) -> bool {
        let lang = self.lang;
        match self.session.save_records(records) {
            Ok(()) => {
                self.records.reset(self.session.records());
                // The batch's decisions rest on the recorded handover dates.
                self.batch.reroute(&self.session);
                let path = self.records_path();
                self.status = match self.session.take_audit_missed() {
                    None => Status::ok(lang, move |l| format!("{} {path}", L::Saved.get(l))),
                    // Saved, but not entered in the audit trail: said, not passed over.
                    Some(e) => Status::failed(lang, move |l| {
                        format!(
                            "{} {path}{}{}",
                            L::Saved.get(l),
                            l.pick("；", "; "),
                            delegation_words::cases::audit_missed(l, &e)
                        )
                    }),
                };
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
    pub(super) fn restore(&mut self) {
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
    pub(super) fn shown_pdf(
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
    pub(super) fn suggested_name(&self, what: Pick) -> String {
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

    /// Imports a later notice (issue 31) as `notices import` does without `--source`, and
    /// routes by it at once: the catalogue, the notice screen (showing the notice imported) and
    /// the batch's register follow. A refusal names the file's line and column; nothing is
    /// kept. The task reads the batch's register again.
    pub(super) fn import_notice(&mut self, path: &std::path::Path) -> Task<Message> {
        let lang = self.lang;
        let imported = match self.session.import_notice(path, None) {
            Ok(imported) => imported,
            Err(e) => {
                self.file_status = Status::failure(lang, move |l| e.text(l));
                return Task::none();
            }
        };
        let number = imported.notice.notice.number.clone();
        let mut reread = Task::none();
        if !imported.already {
            // The notices' indexes move with a new one: the catalogue shows the one in force.
            self.catalogue.picked = None;
            self.catalogue.shown = screen::catalogue::Shown::of(&self.session, self.today, None);
            self.catalogue.follow_filter();
            self.router.numbers = self.session.item_numbers();
            // The register open on the batch screen (or being read) is read again: which
            // columns a row's facts are read from follows the notice it falls under, so routing
            // the rows already read again would not do.
            let open = self.batch.loading.as_ref().map(|l| l.file.clone());
            if let Some(file) = open.or_else(|| self.batch.file.clone()) {
                reread = self
                    .batch
                    .start(&self.session, PathBuf::from(file), self.today)
                    .map(Message::Batch);
            }
        }
        self.notice = Some(screen::notice::Notice::showing(
            &self.session,
            self.today,
            Some(&number),
        ));
        let (kept, already, shared) = (imported.path, imported.already, self.server.is_some());
        self.file_status = Status::ok(lang, move |l| {
            delegation_words::cli::notice_imported_in_window(l, &number, &kept, already, shared)
        });
        reread
    }

    /// Forgets the lines of earlier actions: a new action, or another screen.
    pub(super) fn clear_statuses(&mut self) {
        self.file_status = Status::default();
        self.batch.status = None;
        // A failure at start (imported holidays unusable) is kept until something replaces it.
        if !self.status.is_failure() {
            self.status = Status::default();
        }
    }

    /// Opens the PDF just written, if any, in the desktop's viewer.
    pub(super) fn view_written(&mut self) -> Task<Message> {
        match self.to_view.take() {
            Some((path, line)) => {
                dialog::show_in_viewer(&path).map(move |v| Message::Viewed(path.clone(), line, v))
            }
            None => Task::none(),
        }
    }

    /// Asks for a file: the desktop's dialog, waited for however long the clerk takes; or,
    /// where no dialog can open, the path prompt, opened in this same update.
    pub(super) fn pick(&mut self, what: Pick) -> Task<Message> {
        if !self.dialogs.0.available() {
            return self.update(Message::NoDialog(what));
        }
        let name = self.suggested_name(what);
        let folder = self.start_folder(what);
        Task::perform(self.dialogs.0.ask_in(what, name, folder), move |path| {
            Message::Picked(what, path)
        })
    }

    /// Where a file dialog or the path prompt starts: the folder of the last file picked,
    /// else, for the batch screen's files, the register's folder.
    pub(super) fn start_folder(&self, what: Pick) -> Option<PathBuf> {
        let register = || {
            matches!(
                what,
                Pick::ExportBatch | Pick::BatchSlip(_) | Pick::OpenBatch
            )
            .then(|| self.batch.file.as_deref())
            .flatten()
            .and_then(|f| std::path::Path::new(f).parent())
            .map(std::path::Path::to_path_buf)
        };
        self.last_folder
            .clone()
            .filter(|f| f.is_dir())
            .or_else(register)
    }

    /// Acts on a file the user picked. Public so tests can drive it without a dialog. What
    /// continues after it returns (a register being read) is the task.
    pub fn picked(&mut self, what: Pick, path: PathBuf) -> Task<Message> {
        let lang = self.lang;
        let shown = path.display().to_string();
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            self.last_folder = Some(folder.to_path_buf());
        }
        // A new action's line replaces the lines of earlier ones (issue 29, finding 10: they
        // stayed, and stacked across screens).
        self.clear_statuses();
        // No save writes over the program's own files (a lock, the records, a holiday year),
        // whatever the dialog was told.
        if what.saves()
            && let Err(e) = self.session.spare_own(Target::confirmed(&path)).check()
            && matches!(e.refusal, Some(Refusal::Own(_)))
        {
            self.status = Status::failure(lang, move |l| e.text(l));
            return Task::none();
        }
        let done = |r: Result<(), PathError>, ok: L| {
            let shown = shown.clone();
            match r {
                Ok(()) => Status::ok(lang, move |l| format!("{} {shown}", ok.get(l))),
                Err(e) => Status::failure(lang, move |l| e.text(l)),
            }
        };
        match what {
            // A server's records: read here, saved on a thread of its own.
            Pick::ImportRecords if self.server.is_some() => {
                match Session::read_import(&path, self.today) {
                    Ok(incoming) => return self.save(incoming, None),
                    Err(e) => self.status = Status::failure(lang, move |l| e.text(l)),
                }
            }
            Pick::ImportRecords => match self.session.import_records(&path, self.today) {
                Ok(()) => {
                    self.records.reset(self.session.records());
                    self.batch.reroute(&self.session);
                    let shown = shown.clone();
                    self.status = match self.session.take_audit_missed() {
                        None => {
                            Status::ok(lang, move |l| format!("{} {shown}", L::Imported.get(l)))
                        }
                        Some(e) => Status::failed(lang, move |l| {
                            format!(
                                "{} {shown}{}{}",
                                L::Imported.get(l),
                                l.pick("；", "; "),
                                delegation_words::cases::audit_missed(l, &e)
                            )
                        }),
                    };
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
            Pick::Notice => return self.import_notice(&path),
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
                let written =
                    delegation_files::pdf::write_pdf(&path, &doc, crate::gui::pdf_fonts());
                self.status = self.shown_pdf(written, &path, PdfLine::Main);
            }
            Pick::FiguresXlsx | Pick::FiguresCsv | Pick::FiguresPdf => {
                // The figures shown, in Chinese whatever the screen's language: they go to the
                // city's evaluation, as the handover report goes to the leadership.
                let Some((year, figures, limits)) = &self.cases.figures else {
                    return Task::none();
                };
                let (year, cat) = (*year, self.session.catalogue());
                let handover = self.session.handover_report(self.today);
                let state = |item: u8| {
                    handover
                        .iter()
                        .find(|r| r.no == item)
                        .map_or(String::new(), |r| r.state.label(Lang::Zh).to_string())
                };
                let table = delegation_words::cases::figures_table(
                    Lang::Zh,
                    cat,
                    figures,
                    &|i| limits.get(&i).copied(),
                    &state,
                );
                if what == Pick::FiguresPdf {
                    let doc = delegation_words::cases::figures_doc(
                        Lang::Zh,
                        cat,
                        year,
                        table,
                        self.today,
                    );
                    let written =
                        delegation_files::pdf::write_pdf(&path, &doc, crate::gui::pdf_fonts());
                    self.file_status = self.shown_pdf(written, &path, PdfLine::File);
                } else {
                    let format = if what == Pick::FiguresXlsx {
                        TableFormat::Xlsx
                    } else {
                        TableFormat::Csv
                    };
                    let sheet = delegation_words::cases::figures_sheet(Lang::Zh, year);
                    self.file_status = done(
                        Session::write_table(&path, format, &sheet, &table),
                        L::Exported,
                    );
                }
            }
            Pick::CaseSlip => {
                let Some(card) = &self.cases.card else {
                    return Task::none();
                };
                let cat = self.session.catalogue();
                let h = &card.history;
                let facts =
                    delegation_words::cases::case_facts(lang, cat, &h.case.id, &h.case.filed)
                        .unwrap_or_default();
                let doc = delegation_words::cases::case_slip(lang, cat, h, &facts, self.today);
                let written =
                    delegation_files::pdf::write_pdf(&path, &doc, crate::gui::pdf_fonts());
                self.file_status = self.shown_pdf(written, &path, PdfLine::File);
            }
            Pick::Template => {
                let written = register::write_template(&path, &report::template_text(Lang::Zh));
                self.file_status = done(written, L::Exported);
            }
            Pick::Slip | Pick::BatchSlip(_) => {
                let routed = match what {
                    Pick::BatchSlip(i) => self.batch.slip_of(i).map(|(a, d)| (a.clone(), d)),
                    _ => self.router.routed(&self.ctx()),
                };
                // No slip for a form that is not complete (its button is not shown then).
                if let Some((app, d)) = routed {
                    let doc = report::slip(lang, self.session.notices(), &app, &d, self.today);
                    let written =
                        delegation_files::pdf::write_pdf(&path, &doc, crate::gui::pdf_fonts());
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
                use screen::batch::BatchStatus;
                let filter = self.batch.filter;
                // .xlsx or .csv by the name given (.csv when it says neither).
                let xlsx = TableFormat::of(&path) == Some(TableFormat::Xlsx);
                let target = Target::confirmed(&path);
                if let Some(written) = self.batch.export(lang, &target, xlsx) {
                    self.batch.status = Some(match written {
                        Ok(rows) => BatchStatus::Exported {
                            path: shown,
                            rows,
                            filter,
                        },
                        Err(e) => BatchStatus::Failed(e),
                    });
                }
            }
        }
        Task::none()
    }

    /// No file dialog can open on this desktop: the path is asked for in the window.
    pub(super) fn no_dialog(&mut self, what: Pick) -> Task<Message> {
        let folder = self.start_folder(what);
        self.path_prompt = Some(PathPrompt::in_folder(
            what,
            &self.suggested_name(what),
            folder.as_deref(),
        ));
        operation::focus(path_prompt::INPUT_ID)
    }

    /// The path prompt answered.
    pub(super) fn prompt(&mut self, m: path_prompt::Message) -> Task<Message> {
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

    /// What became of opening a written PDF, said in its status line.
    pub(super) fn viewed(
        &mut self,
        path: PathBuf,
        line: PdfLine,
        viewer: dialog::Viewer,
    ) -> Task<Message> {
        let shown = path.display().to_string();
        let status = match viewer {
            dialog::Viewer::Opened => Status::ok(self.lang, move |l| {
                format!("{} {shown}", L::OpenedInViewer.get(l))
            }),
            // Written all the same: a note, not a failure.
            dialog::Viewer::NoViewer => Status::note(self.lang, move |l| {
                format!("{} {shown}", L::NoPdfViewer.get(l))
            }),
            dialog::Viewer::Failed(_) => Status::note(self.lang, move |l| {
                format!("{} {shown}", L::ViewerFailed.get(l))
            }),
        };
        match line {
            PdfLine::Main => self.status = status,
            PdfLine::File => self.file_status = status,
        }
        Task::none()
    }
}
