//! The case register in the app: the 办件台账 screen's reads and changes, and 登记为办件 from the
//! router. Every call on the store runs on a thread of its own (a file, or a server over the
//! network): the window never waits, and what comes back is a message.

use iced::Task;

use super::server::on_thread;
use super::{App, Message, ScreenId};
use crate::gui::screen;
use crate::gui::screen::cases::{CaseAnswer, Change, Event, PAGE};
use crate::gui::style::Status;
use delegation_law::router::Outcome;
use delegation_session::desk::DeskError;
use delegation_store::cases::{Case, CaseError};
use delegation_words::cases as cw;
use delegation_words::prelude::*;
use delegation_words::ui::L;

impl App {
    /// The screen's page, read anew.
    pub(super) fn load_cases(&mut self) -> Task<Message> {
        let desk = self.desk.clone();
        let asked = self.cases.asking();
        let filter = self.cases.filter.clone();
        let (order, skip) = (self.cases.order, self.cases.skip);
        let cal = self.session.calendar().clone();
        let today = self.today;
        let latest = self.cases.latest.clone();
        let wanted = move || latest.load(std::sync::atomic::Ordering::Relaxed) == asked;
        on_thread(
            "case-register",
            move || desk.page_if(&filter, order, skip, PAGE, &cal, today, &wanted),
            move |r| Message::Cases(answer(CaseAnswer::Page(asked, r))),
            Message::CasesLost,
        )
    }

    /// Looks for notices the register's latest cases were routed by that this PC lacks.
    pub(super) fn check_notices(&self) -> Task<Message> {
        let desk = self.desk.clone();
        let held = self.session.notices();
        on_thread(
            "case-register",
            move || desk.notices_not_held(held),
            |r| Message::Cases(answer(CaseAnswer::NotHeld(r))),
            Message::CasesLost,
        )
    }

    fn load_card(&mut self, id: String) -> Task<Message> {
        let desk = self.desk.clone();
        let cal = self.session.calendar().clone();
        let today = self.today;
        on_thread(
            "case-register",
            move || {
                let r = desk.card(&id, &cal, today);
                (id, r)
            },
            |(id, r)| Message::Cases(answer(CaseAnswer::Card(id, r))),
            Message::CasesLost,
        )
    }

    /// The year's figures (`None`: this year's), read anew.
    fn load_figures(&mut self, year: Option<i32>) -> Task<Message> {
        use chrono::Datelike;
        let year = year.unwrap_or(self.today.year());
        let desk = self.desk.clone();
        let cal = self.session.calendar().clone();
        let today = self.today;
        on_thread(
            "case-register",
            move || desk.figures(year, &cal, today),
            move |r| Message::Cases(answer(CaseAnswer::Figures(year, r))),
            Message::CasesLost,
        )
    }

    pub(super) fn cases_message(&mut self, m: screen::cases::Message) -> Task<Message> {
        if let screen::cases::Message::Answer(a) = m {
            return self.case_answer(*a);
        }
        let u = self.cases.update(m);
        let event_task = match u.event {
            Some(Event::Load) => self.load_cases(),
            Some(Event::Card(id)) => self.load_card(id),
            Some(Event::Close {
                id,
                version,
                closing,
            }) => {
                let (desk, cal, actor) = (
                    self.desk.clone(),
                    self.session.calendar().clone(),
                    self.clerk().now(),
                );
                on_thread(
                    "case-register",
                    move || desk.close(&id, version, &closing, &cal, &actor),
                    |r| Message::Cases(answer(CaseAnswer::Changed(Change::Closed, r))),
                    Message::CasesLost,
                )
            }
            Some(Event::Reopen { id, version }) => {
                let (desk, actor) = (self.desk.clone(), self.clerk().now());
                on_thread(
                    "case-register",
                    move || desk.reopen(&id, version, &actor),
                    |r| Message::Cases(answer(CaseAnswer::Changed(Change::Reopened, r))),
                    Message::CasesLost,
                )
            }
            Some(Event::Figures(year)) => self.load_figures(year),
            Some(Event::Correct(case)) => self.correct_on_router(*case),
            Some(Event::SetLimit { item, days }) => {
                let (desk, actor) = (self.desk.clone(), self.clerk().now());
                on_thread(
                    "case-register",
                    move || desk.set_limit(item, days, &actor),
                    move |r| Message::Cases(answer(CaseAnswer::LimitSet(item, days, r))),
                    Message::CasesLost,
                )
            }
            Some(Event::Export(what)) => self.pick(what),
            None => Task::none(),
        };
        Task::batch([u.task.map(Message::Cases), event_task])
    }

    fn case_answer(&mut self, a: CaseAnswer) -> Task<Message> {
        let lang = self.lang;
        match a {
            CaseAnswer::Page(asked, page) => {
                self.cases.loaded(asked, page);
                Task::none()
            }
            CaseAnswer::NotHeld(Ok(missing)) => {
                self.cases.not_held = missing;
                Task::none()
            }
            CaseAnswer::NotHeld(Err(_)) => Task::none(),
            CaseAnswer::Card(_, Ok(Some(card))) => {
                self.cases.card_loaded(card, self.today, self.lang);
                Task::none()
            }
            CaseAnswer::Card(id, Ok(None)) => {
                self.cases.card = None;
                let e = delegation_store::cases::CaseError::NotFound(id);
                self.cases.status = Status::failure(lang, move |l| e.text(l));
                Task::none()
            }
            CaseAnswer::Card(_, Err(e)) => {
                self.cases.status = Status::failure(lang, move |l| e.text(l));
                Task::none()
            }
            CaseAnswer::Changed(change, r) => {
                self.cases.saving = false;
                let id = self.cases.card.as_ref().map(|c| c.history.case.id.clone());
                match r {
                    Ok(case) => {
                        self.cases.own_version = Some(case.version);
                        let (cid, result, days) = (case.id.clone(), case.result, case.working_days);
                        self.cases.status = Status::ok(lang, move |l| match (change, result) {
                            (Change::Closed, Some(r)) => cw::closed(l, &cid, r, days),
                            _ => cw::reopened(l, &cid),
                        });
                    }
                    // Another clerk changed it since the card was read: said, with theirs
                    // beside this clerk's change (kept in the form, to make again knowingly),
                    // and the card shows the case as it is now.
                    Err(e) => {
                        let mine = self.cases.pending.clone();
                        self.cases.status = Status::failure(lang, move |l| {
                            let mut said = e.text(l);
                            if let DeskError::Case(CaseError::Conflict { current, .. }) = &e {
                                said.push('\n');
                                said.push_str(&cw::theirs_and_mine(
                                    l,
                                    current,
                                    mine.as_ref().map(mine_of),
                                ));
                            }
                            said
                        });
                    }
                }
                let page = self.load_cases();
                match id {
                    Some(id) => Task::batch([page, self.load_card(id)]),
                    None => page,
                }
            }
            CaseAnswer::Figures(year, Ok((figures, limits))) => {
                self.cases.figures = Some((year, figures, limits));
                Task::none()
            }
            CaseAnswer::Figures(_, Err(e)) => {
                self.cases.status = Status::failure(lang, move |l| e.text(l));
                Task::none()
            }
            CaseAnswer::LimitSet(item, days, r) => {
                self.cases.saving = false;
                match r {
                    Ok(()) => {
                        self.cases.status = Status::ok(lang, move |l| cw::limit_set(l, item, days));
                    }
                    Err(e) => self.cases.status = Status::failure(lang, move |l| e.text(l)),
                }
                // The limits change what is overdue: the figures and the page follow.
                let year = self.cases.figures.as_ref().map(|(y, _, _)| *y);
                Task::batch([self.load_figures(year), self.load_cases()])
            }
            CaseAnswer::Corrected(id, Ok(case)) => {
                self.router.recording = false;
                self.router.correcting = None;
                self.cases.own_version = Some(case.version);
                let decisions = case.decisions;
                let open = self.open_case(id.clone());
                self.cases.status = Status::ok(lang, move |l| cw::corrected(l, &id, decisions));
                open
            }
            CaseAnswer::Corrected(_, Err(e)) => {
                self.router.recording = false;
                self.file_status = Status::failure(lang, move |l| e.text(l));
                Task::none()
            }
            CaseAnswer::Recorded(id, r) => {
                self.router.recording = false;
                self.router.recorded = Some((id, r));
                Task::none()
            }
        }
    }

    /// 登记为办件 on the router: the application as typed, with the decision shown.
    pub(super) fn record_case(&mut self) -> Task<Message> {
        let ctx = self.ctx();
        let Some((app, decision)) = self.router.routed(&ctx) else {
            return Task::none();
        };
        if decision.outcome == Outcome::Invalid {
            return Task::none();
        }
        let (desk, actor) = (self.desk.clone(), self.clerk().now());
        let id = app.id.trim().to_string();
        self.router.recording = true;
        on_thread(
            "case-register",
            move || {
                let r = desk.record(
                    &app,
                    "",
                    &decision,
                    &delegation_words::cases::RecordWords,
                    &actor,
                );
                (id, r)
            },
            |(id, r)| Message::Cases(answer(CaseAnswer::Recorded(id, r))),
            Message::CasesLost,
        )
    }

    /// 全部登记 on the batch screen: every routed row recorded on a thread of its own, 2,000
    /// a transaction, with its progress and a cancel between transactions.
    pub(super) fn record_batch(&mut self) -> Task<Message> {
        use crate::gui::screen::batch::load::Cancel;
        use crate::gui::screen::batch::{Message as B, RecordProgress, Recording};
        let Some(router) = self.batch.router().cloned() else {
            return Task::none();
        };
        let rows = self.batch.rows_to_record();
        let cancel = Cancel::default();
        self.batch.recording = Some(Recording {
            done: 0,
            total: rows.len(),
            cancel: cancel.clone(),
        });
        let (desk, actor) = (self.desk.clone(), self.clerk().now());
        let (tx, rx) = iced::futures::channel::mpsc::unbounded();
        let spawned = std::thread::Builder::new()
            .name("case-recorder".into())
            .spawn(move || {
                let done = desk.record_rows(
                    &rows,
                    &router,
                    &delegation_words::cases::RecordWords,
                    &actor,
                    cancel.flag(),
                    &mut |n| {
                        let _ = tx.unbounded_send(RecordProgress::Rows(n));
                    },
                );
                let _ = tx.unbounded_send(RecordProgress::Done(done));
            });
        match spawned {
            Ok(_) => Task::stream(rx).map(|p| Message::Batch(B::Recording(p))),
            Err(_) => self.update(Message::CasesLost),
        }
    }

    /// 更正事实: the case's facts on the router's form, its decision beside the new one.
    fn correct_on_router(&mut self, case: Case) -> Task<Message> {
        let Some(app) = delegation_session::desk::application_of(&case.id, &case.filed) else {
            // Facts this program did not write: said, nothing changed.
            let facts = case.filed.facts.clone();
            self.cases.status = Status::failure(self.lang, move |l| {
                format!("{}{}{facts}", L::CaseFacts.get(l), l.colon())
            });
            return Task::none();
        };
        self.router.correct(
            &app,
            screen::router::Correcting {
                id: case.id.clone(),
                version: case.version,
                outcome: case.decision.outcome.clone(),
                clause: case.decision.clause.clone(),
                applicant: case.filed.applicant.clone(),
            },
        );
        self.nav(ScreenId::Router)
    }

    /// 保存更正 on the router: the form's facts and decision, from the version read.
    pub(super) fn save_correction(&mut self) -> Task<Message> {
        let ctx = self.ctx();
        let (Some(c), Some((app, decision))) =
            (self.router.correcting.clone(), self.router.routed(&ctx))
        else {
            return Task::none();
        };
        if decision.outcome == Outcome::Invalid || app.id.trim() != c.id {
            return Task::none();
        }
        let (desk, actor) = (self.desk.clone(), self.clerk().now());
        let cal = self.session.calendar().clone();
        self.router.recording = true;
        on_thread(
            "case-register",
            move || {
                let r = desk.reroute(
                    &c.id,
                    c.version,
                    &app,
                    &c.applicant,
                    &decision,
                    &delegation_words::cases::RecordWords,
                    &cal,
                    &actor,
                );
                (c.id, r)
            },
            |(id, r)| Message::Cases(answer(CaseAnswer::Corrected(id, r))),
            Message::CasesLost,
        )
    }

    /// The 办件台账 screen at case `id`'s card.
    pub(super) fn open_case(&mut self, id: String) -> Task<Message> {
        let nav = self.nav(ScreenId::Cases);
        Task::batch([nav, self.load_card(id)])
    }

    /// Another process changed the register: the page, the card and the figures read anew.
    pub(super) fn cases_changed(&mut self) -> Task<Message> {
        if self.screen != ScreenId::Cases {
            return Task::none();
        }
        let mut tasks = vec![self.load_cases()];
        if let Some(id) = self.cases.card.as_ref().map(|c| c.history.case.id.clone()) {
            tasks.push(self.load_card(id));
        }
        if self.cases.showing_figures {
            let year = self.cases.figures.as_ref().map(|(y, _, _)| *y);
            tasks.push(self.load_figures(year));
        }
        Task::batch(tasks)
    }

    /// A job's thread came back with nothing: the window stops waiting, and says so.
    pub(super) fn cases_lost(&mut self) -> Task<Message> {
        self.cases.loading = false;
        self.cases.saving = false;
        self.router.recording = false;
        self.batch.recording = None;
        let lang = self.lang;
        self.cases.status = Status::failure(lang, |l| {
            delegation_words::ui::L::CasesLost.get(l).to_string()
        });
        Task::none()
    }

    /// Who changes the register from this window.
    fn clerk(&self) -> delegation_session::cases::Clerk {
        self.session
            .case_register()
            .map(|(_, c)| c.clone())
            .unwrap_or_else(|| delegation_session::cases::Clerk::of_system(None))
    }
}

/// The change a clerk was making, as the conflict's words put it.
fn mine_of(e: &Event) -> cw::Mine {
    match e {
        Event::Close { closing, .. } => cw::Mine::Close(closing.on, closing.result),
        _ => cw::Mine::Reopen,
    }
}

/// How often the 办件台账 screen looks for another's change.
pub const WATCH_EVERY: std::time::Duration = std::time::Duration::from_secs(3);

/// While the 办件台账 screen is shown (the app's subscription): a thread of its own reads the
/// audit trail's last number every [`WATCH_EVERY`] from the register at `path`, on a connection
/// of its own, and says only when it moved. Nothing comes while nothing changed, so the window
/// draws no frame; the thread ends at its next look after the screen is left.
#[allow(clippy::ptr_arg)] // iced's `Subscription::run_with` hands its data back as `&PathBuf`
pub fn watch_register(
    path: &std::path::PathBuf,
) -> impl iced::futures::Stream<Item = Message> + use<> {
    let (mut tell, told) = iced::futures::channel::mpsc::channel(1);
    let desk = delegation_session::desk::Desk::at(path.clone());
    let _ = std::thread::Builder::new()
        .name("case-watch".into())
        .spawn(move || {
            let mut last = desk.head().ok();
            loop {
                std::thread::sleep(WATCH_EVERY);
                if tell.is_closed() {
                    break;
                }
                // A store that cannot be read now is looked at again next time.
                if let Ok(now) = desk.head()
                    && last != Some(now)
                {
                    if last.is_some() {
                        let _ = tell.try_send(Message::CasesChanged);
                    }
                    last = Some(now);
                }
            }
        });
    told
}

fn answer(a: CaseAnswer) -> screen::cases::Message {
    screen::cases::Message::Answer(Box::new(a))
}
