//! The handover records on a database server (issue 28): read at start and saved, each on a
//! thread of its own, so that `update` never waits on the network; while they are not read
//! the app routes as if no handover were recorded, says so at the top, and saves nothing.

use iced::Task;

use super::{App, Message, Server};
use crate::gui::style::Status;
use delegation_session::shared;
use delegation_session::{Access, OpenWarning, Session, cases};
use delegation_words::prelude::*;
use delegation_words::ui::L;

/// Runs `work` on a thread of its own; the task's message comes when it is done.
fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
    done: impl Fn(T) -> Message + Send + 'static,
) -> Task<Message> {
    on_thread("records-server", work, done, Message::ServerLost)
}

/// Runs `work` on a thread of its own named `name`, its answer handed to `done`; `lost` when
/// the thread stopped (a panic) or never started, so that the window stops waiting.
pub(super) fn on_thread<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
    done: impl Fn(T) -> Message + Send + 'static,
    lost: Message,
) -> Task<Message> {
    let name = name.to_string();
    Task::perform(
        async move {
            let (send, receive) = iced::futures::channel::oneshot::channel();
            // No thread to be had drops `send` with the closure: answered as lost.
            let _ = std::thread::Builder::new().name(name).spawn(move || {
                let _ = send.send(work());
            });
            receive.await
        },
        move |outcome| match outcome {
            Ok(value) => done(value),
            Err(_) => lost.clone(),
        },
    )
}

/// What the server (or the network) said, without the sentences around it.
fn server_reason(why: &shared::LoadError) -> Option<String> {
    use delegation_session::cases::OpenError;
    use delegation_store::cases::Fault;
    match why {
        shared::LoadError::Open(OpenError::Store(Fault::Server { why, .. })) => Some(why.clone()),
        _ => None,
    }
}

/// The register `DELEGATION_TRACKER_STORE` names, if it names one: it comes before the app's
/// setting, which cannot then be changed in the window.
pub(crate) fn store_env() -> Option<std::ffi::OsString> {
    std::env::var_os(cases::STORE_ENV).filter(|s| !s.is_empty())
}

/// Opens the data folder `dir` with the case register at `store`: where that is a database
/// server, a session awaiting its handover records (read by [`App::read_server`]) and the
/// server's state; else the data folder's records.
pub(super) fn open_session(
    dir: &std::path::Path,
    store: std::path::PathBuf,
) -> (Session, Vec<OpenWarning>, Option<Server>) {
    // A register on a database server keeps the office's handover records: they are read
    // from it on a thread of their own, never this PC's records.ron in their place; until
    // then nothing is recorded or saved.
    let (mut session, warnings, server) = match Session::open_awaiting(dir, &store) {
        Some((session, warnings, job)) => {
            let server = Server {
                shown: job.shown(),
                reading: false,
                saving: false,
                unread: None,
                close_after_save: None,
            };
            (session, warnings, Some(server))
        }
        None => {
            let (session, warnings) = Session::open(dir, Access::Write);
            (session, warnings, None)
        }
    };
    // Each saved handover record is also an event of the case register's trail (on a
    // server, the save itself writes it).
    session.audit_handovers(store, cases::Clerk::of_system(None));
    // A register on a server is written by a worker: the window never waits on the network,
    // and a server that cannot be reached is said at the next save.
    session.audit_in_background();
    (session, warnings, server)
}

impl App {
    /// Starts reading the server's records, where they are a server's and not read (at start,
    /// and when the clerk asks again).
    pub(super) fn read_server(&mut self) -> Task<Message> {
        let Some(job) = self.session.awaiting().cloned() else {
            return Task::none();
        };
        let Some(server) = self.server.as_mut().filter(|s| !s.reading) else {
            return Task::none();
        };
        server.reading = true;
        off_thread(move || job.run(), Message::ServerRead)
    }

    pub(super) fn server_read(&mut self, read: shared::ReadResult) -> Task<Message> {
        let Some(server) = self.server.as_mut() else {
            return Task::none();
        };
        server.reading = false;
        match self.session.shared_read(read) {
            Ok(()) => {
                server.unread = None;
                // The records screen and the batch's decisions follow the server's records;
                // a draft the clerk could not have made (nothing was editable) is not lost.
                if !self.records.dirty {
                    self.records.reset(self.session.records());
                }
                self.batch.reroute(&self.session);
                let shown = server.shown.clone();
                self.status = Status::ok(self.lang, move |l| {
                    format!("{}{shown}", L::ServerRead.get(l))
                });
            }
            Err(e) => server.unread = Some(e),
        }
        Task::none()
    }

    /// Starts saving `records` to the server, or refuses (the records not read, or a save
    /// under way); the status line says which.
    pub(super) fn save_to_server(
        &mut self,
        job: shared::SaveJob,
        close: Option<iced::window::Id>,
    ) -> Task<Message> {
        let Some(server) = self.server.as_mut() else {
            return Task::none();
        };
        if server.saving {
            return Task::none();
        }
        server.saving = true;
        server.close_after_save = close;
        let shown = server.shown.clone();
        self.status = Status::ok(self.lang, move |l| {
            format!("{}{shown}…", L::ServerSaving.get(l))
        });
        off_thread(move || Box::new(job.run()), Message::ServerSaved)
    }

    pub(super) fn server_saved(&mut self, saved: shared::Saved) -> Task<Message> {
        let Some(server) = self.server.as_mut() else {
            return Task::none();
        };
        server.saving = false;
        let close = server.close_after_save.take();
        let shown = server.shown.clone();
        let lang = self.lang;
        match self.session.shared_saved(saved) {
            Ok(()) => {
                self.records.reset(self.session.records());
                self.batch.reroute(&self.session);
                self.status = Status::ok(lang, move |l| format!("{} {shown}", L::Saved.get(l)));
                match close {
                    Some(id) => iced::window::close(id),
                    None => Task::none(),
                }
            }
            Err(e) => {
                // What was saved is the session's now; the clerk's draft stays on the records
                // screen beside what the server holds, and the window stays open.
                self.records.keep_draft_over(self.session.records());
                self.batch.reroute(&self.session);
                let both = self.theirs_and_ours(&e);
                self.status = Status::failure(lang, move |l| match &both {
                    Some(both) => format!("{}{}{}", e.text(l), l.pick("。", ". "), both(l)),
                    None => e.text(l),
                });
                if close.is_some() {
                    self.screen = super::ScreenId::Records;
                }
                Task::none()
            }
        }
    }

    /// Where a save failed because another clerk saved an item first: that item as they saved
    /// it (now the session's) beside the clerk's draft, in words.
    fn theirs_and_ours(
        &self,
        e: &delegation_session::Error,
    ) -> Option<impl Fn(Lang) -> String + Send + Sync + 'static> {
        let delegation_session::Error::Shared(e) = e else {
            return None;
        };
        let delegation_store::cases::CaseError::RecordConflict { current } = &*e.why else {
            return None;
        };
        let item = current.item;
        let theirs = self.session.records().items.get(&item)?.clone();
        let ours = self.records.draft.items.get(&item)?.clone();
        let say = |l: Lang, r: &delegation_law::records::ItemRecord| {
            let date = r
                .handover_date
                .map_or_else(|| "—".to_string(), |d| d.to_string());
            format!(
                "{}{}{}{}{date}",
                r.state.label(l),
                l.pick("，", ", "),
                L::HandoverDate.get(l),
                l.colon()
            )
        };
        Some(move |l: Lang| {
            format!(
                "{}{}{}{}{}{}",
                L::ConflictTheirs.get(l),
                say(l, &theirs),
                l.pick("；", "; "),
                L::ConflictOurs.get(l),
                say(l, &ours),
                L::ConflictSaveAgain.get(l)
            )
        })
    }

    /// The line at the top while the server's records are not read (being read, or could not
    /// be: why, and a button to try again) or are being saved.
    pub(super) fn server_bar(&self) -> Option<iced::Element<'_, Message>> {
        use iced::widget::{button, container, row, text};
        let server = self.server.as_ref()?;
        let lang = self.lang;
        let short = self.window_height / self.scale < 480.0;
        let (line, failed) = match (&server.unread, server.reading, server.saving) {
            // A short window (1024×600 at 1.6×): the server and the server's reason in one
            // line or two, not five.
            (Some(why), false, _) if short => (
                format!(
                    "⚠ {}{}{}{}",
                    L::ServerUnreadShort.get(lang),
                    server.shown,
                    lang.colon(),
                    server_reason(why).unwrap_or_else(|| why.text(lang))
                ),
                true,
            ),
            (Some(why), false, _) => (
                format!(
                    "⚠ {}{}{}",
                    why.text(lang),
                    lang.pick("。", ". "),
                    L::ServerUnreadNote.get(lang)
                ),
                true,
            ),
            (_, true, _) => (
                format!("{}{}…", L::ServerReading.get(lang), server.shown),
                false,
            ),
            (_, _, true) => (
                format!("{}{}…", L::ServerSaving.get(lang), server.shown),
                false,
            ),
            _ => return None,
        };
        let line = text(line)
            .size(if short { 12 } else { 13 })
            .width(iced::Fill)
            .style(if failed {
                crate::gui::style::error
            } else {
                crate::gui::style::muted
            });
        let retry = failed.then(|| {
            button(text(L::ServerRetry.get(lang)).size(if short { 12 } else { 13 }))
                .on_press(Message::ServerRetry)
                .padding(if short { [2, 6] } else { [5, 10] })
                .style(button::secondary)
        });
        Some(
            container(row![line].push(retry).spacing(8).align_y(iced::Center))
                .padding(if short { 2 } else { 6 })
                .style(container::bordered_box)
                .into(),
        )
    }

    /// The clerk asked for the shared register at `address` (empty: this PC's records): checked
    /// (a server's address, no password in it), then the data folder opened again with it,
    /// the server's records read, and the choice remembered. Refused while the records have
    /// unsaved changes or a read or save is under way, or where the environment names the
    /// register; the status line says why.
    pub(super) fn use_store(&mut self, address: String) -> Task<Message> {
        use delegation_store::cases::postgres::Target;
        use delegation_store::cases::postgres::connect::process_env;
        let lang = self.lang;
        let refuse = |app: &mut App, why: L| {
            app.status = Status::failure(lang, move |l| why.get(l).to_string());
            Task::none()
        };
        let Some(dir) = self.session.dir().map(std::path::Path::to_path_buf) else {
            return Task::none();
        };
        if store_env().is_some() {
            return refuse(self, L::StoreFromEnv);
        }
        if self.records.dirty {
            return refuse(self, L::StoreUnsaved);
        }
        if self.server.as_ref().is_some_and(|s| s.reading || s.saving) {
            return refuse(self, L::StoreBusy);
        }
        let chosen = if address.is_empty() {
            None
        } else if !delegation_store::cases::postgres::is_url(&address) {
            return refuse(self, L::StoreNotUrl);
        } else {
            match Target::parse(&address, &process_env) {
                Err(e) => {
                    self.status = Status::failure(lang, move |l| e.text(l));
                    return Task::none();
                }
                Ok(t) if t.password_in_url => return refuse(self, L::StorePassword),
                Ok(_) => Some(address),
            }
        };
        // The old session goes first: it holds the data folder's lock, which the new one may
        // take.
        let conventions = self.session.conventions();
        self.session = Session::in_memory(self.session.calendar().clone());
        let store = cases::store_path(None, chosen.clone().map(Into::into), &dir);
        let (mut session, warnings, server) = open_session(&dir, store);
        session.set_conventions(conventions);
        self.store_error = warnings.into_iter().find_map(|w| match w {
            OpenWarning::StoreUnavailable(e) => Some(e),
            _ => None,
        });
        self.session = session;
        self.server = server;
        self.store_setting = chosen;
        // The 办件台账 follows: its next read is from the register now in use.
        self.desk = super::desk_of(&self.session);
        self.cases = crate::gui::screen::cases::CasesScreen::default();
        self.records.reset(self.session.records());
        self.batch.reroute(&self.session);
        self.remember();
        let shown = self.records_path();
        let now = if self.server.is_some() {
            L::StoreNowServer
        } else {
            L::StoreNowLocal
        };
        self.status = Status::ok(lang, move |l| format!("{}{shown}", now.get(l)));
        self.read_server()
    }

    /// A read or save thread came back with nothing (it panicked, or could not start): the
    /// window stops waiting, the records stay unread or the save unconfirmed, and it is said.
    pub(super) fn server_lost(&mut self) -> Task<Message> {
        let Some(server) = self.server.as_mut() else {
            return Task::none();
        };
        if server.reading && self.session.awaiting().is_some() {
            server.unread = Some(shared::LoadError::Open(cases::OpenError::Store(
                delegation_store::cases::Fault::Backend(L::ServerLost.get(self.lang).into()),
            )));
        }
        server.reading = false;
        server.saving = false;
        server.close_after_save = None;
        self.status = Status::failure(self.lang, |l| L::ServerLost.get(l).to_string());
        Task::none()
    }

    /// Why the records cannot be changed now because they are a server's: being read, not
    /// read, or being saved.
    pub fn server_blocks(&self) -> bool {
        self.server
            .as_ref()
            .is_some_and(|s| s.saving || self.session.awaiting().is_some())
    }
}
