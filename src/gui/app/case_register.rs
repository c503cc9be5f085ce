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
use delegation_words::cases as cw;
use delegation_words::prelude::*;

impl App {
    /// The screen's page, read anew.
    pub(super) fn load_cases(&mut self) -> Task<Message> {
        let desk = self.desk.clone();
        let asked = self.cases.asking();
        let filter = self.cases.filter.clone();
        let (order, skip) = (self.cases.order, self.cases.skip);
        let cal = self.session.calendar().clone();
        let today = self.today;
        on_thread(
            "case-register",
            move || desk.page(&filter, order, skip, PAGE, &cal, today),
            move |r| Message::Cases(answer(CaseAnswer::Page(asked, r))),
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
            CaseAnswer::Card(_, Ok(Some(card))) => {
                self.cases.card_loaded(card, self.today);
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
                        let (cid, result, days) = (case.id.clone(), case.result, case.working_days);
                        self.cases.status = Status::ok(lang, move |l| match (change, result) {
                            (Change::Closed, Some(r)) => cw::closed(l, &cid, r, days),
                            _ => cw::reopened(l, &cid),
                        });
                    }
                    // Another clerk changed it since the card was read: said, and the card
                    // shows the case as it is now.
                    Err(e) => self.cases.status = Status::failure(lang, move |l| e.text(l)),
                }
                let page = self.load_cases();
                match id {
                    Some(id) => Task::batch([page, self.load_card(id)]),
                    None => page,
                }
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

    /// The 办件台账 screen at case `id`'s card.
    pub(super) fn open_case(&mut self, id: String) -> Task<Message> {
        let nav = self.nav(ScreenId::Cases);
        Task::batch([nav, self.load_card(id)])
    }

    /// A job's thread came back with nothing: the window stops waiting, and says so.
    pub(super) fn cases_lost(&mut self) -> Task<Message> {
        self.cases.loading = false;
        self.cases.saving = false;
        self.router.recording = false;
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

fn answer(a: CaseAnswer) -> screen::cases::Message {
    screen::cases::Message::Answer(Box::new(a))
}
