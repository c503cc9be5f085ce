//! The screens' messages, and what the app does with the events they give back: a route to the
//! router, a save of the records, a file to pick, a text to copy.

use iced::Task;
use iced::widget::operation;

use super::{App, Message, ScreenId};
use crate::gui::dialog::Pick;
use crate::gui::screen;
use delegation_session::Conventions;

impl App {
    /// Shows a screen (the notice is laid out the first time it is shown).
    pub(super) fn nav(&mut self, s: ScreenId) -> Task<Message> {
        if s != self.screen {
            // What was done on one screen is not said on the next.
            self.clear_statuses();
        }
        self.screen = s;
        if s == ScreenId::Notice && self.notice.is_none() {
            self.notice = Some(screen::notice::Notice::of(&self.session, self.today));
        }
        if s == ScreenId::Cases {
            // Read anew each time it is shown: another clerk may have changed the register,
            // or recorded cases by a notice this PC lacks.
            return Task::batch([self.load_cases(), self.check_notices()]);
        }
        if s == ScreenId::Router {
            // The keyboard's way in: the item number first, then Tab through the form.
            return operation::focus(screen::router::ITEM_ID);
        }
        Task::none()
    }

    /// The next (+1) or previous (−1) screen, wrapping around.
    pub(super) fn nav_step(&mut self, step: i8) -> Task<Message> {
        let n = ScreenId::ALL.len() as i32;
        let i = ScreenId::ALL
            .iter()
            .position(|s| *s == self.screen)
            .unwrap_or(0) as i32;
        let next = ScreenId::ALL[(i + i32::from(step)).rem_euclid(n) as usize];
        self.update(Message::Nav(next))
    }

    /// Ctrl+F: the catalogue's search field.
    pub(super) fn focus_search(&mut self) -> Task<Message> {
        self.screen = ScreenId::Catalogue;
        operation::focus(screen::catalogue::SEARCH_ID)
    }

    /// Esc: closes the path prompt, or clears the catalogue's or the case register's search.
    pub(super) fn escape(&mut self) -> Task<Message> {
        if self.path_prompt.take().is_some() {
            return Task::none();
        }
        if self.screen == ScreenId::Catalogue {
            return self.update(Message::Catalogue(screen::catalogue::Message::Clear));
        }
        if self.screen == ScreenId::Cases && !self.cases.filter.search.is_empty() {
            // As on the catalogue: Esc clears the search (the footer says so).
            return self.update(Message::Cases(
                screen::cases::Message::Search(String::new()),
            ));
        }
        Task::none()
    }

    pub(super) fn catalogue_message(&mut self, m: screen::catalogue::Message) -> Task<Message> {
        let u = self.catalogue.update(m);
        let event_task = match u.event {
            Some(screen::catalogue::Event::Route(no)) => {
                self.router.choose(no);
                self.screen = ScreenId::Router;
                Task::none()
            }
            Some(screen::catalogue::Event::Records(no)) => self.update(Message::OpenRecords(no)),
            Some(screen::catalogue::Event::Notice(i)) => {
                self.catalogue.picked = Some(i);
                self.catalogue.shown =
                    screen::catalogue::Shown::of(&self.session, self.today, Some(i));
                self.catalogue.follow_filter();
                Task::none()
            }
            None => Task::none(),
        };
        Task::batch([u.task.map(Message::Catalogue), event_task])
    }

    pub(super) fn router_message(&mut self, m: screen::router::Message) -> Task<Message> {
        let u = self.router.update(m);
        let event_task = match u.event {
            Some(screen::router::Event::Copy) => match self.router.decision_text(&self.ctx()) {
                Some(t) => iced::clipboard::write(t),
                None => Task::none(),
            },
            Some(screen::router::Event::Slip) => self.pick(Pick::Slip),
            Some(screen::router::Event::Record) => self.record_case(),
            Some(screen::router::Event::OpenCase(id)) => self.open_case(id),
            Some(screen::router::Event::SaveCorrection) => self.save_correction(),
            None => Task::none(),
        };
        Task::batch([u.task.map(Message::Router), event_task])
    }

    /// The deadlines screen changes the conventions the whole app counts by.
    pub(super) fn deadlines_message(&mut self, m: screen::deadlines::Message) -> Task<Message> {
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

    /// The notice screen's messages; its import asks for a file.
    pub(super) fn notice_message(&mut self, m: screen::notice::Message) -> Task<Message> {
        let Some(notice) = &mut self.notice else {
            return Task::none();
        };
        let u = notice.update(m);
        let event_task = match u.event {
            Some(screen::notice::Event::Import) => self.pick(Pick::Notice),
            None => Task::none(),
        };
        Task::batch([u.task.map(Message::Notice), event_task])
    }

    /// Nothing is edited while the records are read-only.
    pub(super) fn records_message(&mut self, m: screen::records::Message) -> Task<Message> {
        use screen::records::Event;
        if m.is_edit() && self.records_read_only() {
            // Another instance holds the lock, or the file is bad: nothing to edit.
            return Task::none();
        }
        let u = self.records.update(m);
        let event_task = match u.event {
            Some(Event::Save(r)) => self.save(*r, None),
            Some(Event::Restore) => {
                self.restore();
                Task::none()
            }
            Some(Event::Pick(what)) => self.pick(what),
            Some(Event::UseStore(address)) => self.use_store(address),
            None => Task::none(),
        };
        Task::batch([u.task.map(Message::Records), event_task])
    }

    pub(super) fn batch_message(&mut self, m: screen::batch::Message) -> Task<Message> {
        let u = self.batch.update(m);
        let event_task = match u.event {
            Some(screen::batch::Event::Open) => self.pick(Pick::OpenBatch),
            Some(screen::batch::Event::Export) => self.pick(Pick::ExportBatch),
            Some(screen::batch::Event::Copy(i)) => match self.batch.decision_text(i, self.lang) {
                Some(t) => iced::clipboard::write(t),
                None => Task::none(),
            },
            Some(screen::batch::Event::Slip(i)) => self.pick(Pick::BatchSlip(i)),
            Some(screen::batch::Event::Template) => self.pick(Pick::Template),
            Some(screen::batch::Event::RecordAll) => self.record_batch(),
            None => Task::none(),
        };
        Task::batch([u.task.map(Message::Batch), event_task])
    }

    /// The records screen at this item.
    pub(super) fn open_records(&mut self, no: u8) -> Task<Message> {
        self.screen = ScreenId::Records;
        let u = self.records.update(screen::records::Message::Select(no));
        u.task.map(Message::Records)
    }

    /// The conventions change decisions: they are kept with the other settings, and what shows
    /// decisions or a notice's days follows them at once: the batch's table is routed again,
    /// and the catalogue's notice (the one picked, else the one in force today under the new
    /// reading) is shown with its days as they now fall.
    pub(super) fn set_conventions(&mut self, conventions: Conventions) {
        self.session.set_conventions(conventions);
        self.catalogue.shown =
            screen::catalogue::Shown::of(&self.session, self.today, self.catalogue.picked);
        self.batch.reroute(&self.session);
        self.remember();
    }
}
