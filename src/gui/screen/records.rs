//! 交接记录: each item's handover record, edited and saved safely, with imports and exports.

use crate::gui::steady::steady;
use crate::gui::wrap::clipped;
use chrono::NaiveDate;
use iced::widget::{
    button, checkbox, column, container, pick_list, row, scrollable, text, text_input,
};
use iced::{Element, Fill, FillPortion, Theme};

use super::{Choice, Ctx, Update};
use crate::gui::dialog::Pick;
use crate::gui::{input, style};
use delegation_law::catalogue::Mode;
use delegation_law::records::{HandoverState, ItemRecord, Records};
use delegation_store::{ReadOnly, Store};
use delegation_words::dates;
use delegation_words::prelude::*;
use delegation_words::ui::L;

/// Below this window height (logical pixels at the current text size: 1024×600 at 1.6× is
/// 375) the screen scrolls as one page with the item list as a menu.
pub const COMPACT_BELOW: f32 = 420.0;

/// The editor's copy of the records, with the date fields as typed.
#[derive(Debug, Clone)]
pub struct RecordsScreen {
    pub draft: Records,
    pub selected: u8,
    pub handover_date: String,
    pub announcement_date: String,
    pub dirty: bool,
    /// The notice's effective date: no handover can be before it.
    pub notice_date: NaiveDate,
    pub today: NaiveDate,
    /// The shared register's address as typed (the app fills in the one in use).
    pub store_field: String,
}

#[derive(Debug, Clone)]
pub enum Message {
    Select(u8),
    State(Choice<HandoverState>),
    HandoverDate(String),
    AnnouncementDate(String),
    AnnouncementPlace(String),
    Element(usize, bool),
    ElementNote(usize, String),
    Notes(String),
    Save,
    Restore,
    /// A toolbar button: import or export through a file dialog.
    Pick(Pick),
    /// The shared register's address as typed.
    StoreField(String),
    /// Use the address typed (empty: this PC's records).
    UseStore,
}

/// What the app must do: the store, the dialogs and the files are the app's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Save(Box<Records>),
    Restore,
    Pick(Pick),
    /// Use the shared register at this address (empty: this PC's records).
    UseStore(String),
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// "" is no date; anything else must be a real date.
fn parse_optional(s: &str) -> Result<Option<NaiveDate>, L> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| L::ErrDate)
}

impl Message {
    /// Whether the message changes the records (refused while the store is read-only).
    pub fn is_edit(&self) -> bool {
        !matches!(
            self,
            Message::Select(_)
                | Message::Restore
                | Message::Pick(_)
                | Message::StoreField(_)
                | Message::UseStore
        )
    }
}

impl RecordsScreen {
    pub fn new(records: &Records, notice_date: NaiveDate, today: NaiveDate) -> RecordsScreen {
        let mut s = RecordsScreen {
            draft: records.clone(),
            selected: 1,
            handover_date: String::new(),
            announcement_date: String::new(),
            dirty: false,
            notice_date,
            today,
            store_field: String::new(),
        };
        s.load_fields();
        s
    }

    /// Takes the saved records (after a save, a restore or an import).
    pub fn reset(&mut self, records: &Records) {
        self.draft = records.clone();
        self.dirty = false;
        self.load_fields();
    }

    /// The saved records changed under the draft (another clerk's save came first): the
    /// draft is kept, unsaved where it differs from them.
    pub fn keep_draft_over(&mut self, saved: &Records) {
        self.dirty = self.draft != *saved;
    }

    fn load_fields(&mut self) {
        let rec = self.current();
        self.handover_date = date_text(rec.handover_date);
        self.announcement_date = date_text(rec.announcement.date);
    }

    fn current(&self) -> ItemRecord {
        self.draft
            .items
            .get(&self.selected)
            .cloned()
            .unwrap_or_default()
    }

    fn current_ref(&self) -> Option<&ItemRecord> {
        self.draft.items.get(&self.selected)
    }

    fn edit(&mut self, f: impl FnOnce(&mut ItemRecord)) {
        if let Some(rec) = self.draft.items.get_mut(&self.selected) {
            f(rec);
            self.dirty = true;
        }
    }

    /// The errors of the date fields of the selected item.
    fn errors(&self) -> (Option<L>, Option<L>) {
        let state = self.current().state;
        let h = match parse_optional(&self.handover_date) {
            Err(e) => Some(e),
            Ok(d) => date_problem(state, d, self.notice_date, self.today),
        };
        (h, parse_optional(&self.announcement_date).err())
    }

    /// Whether every item's record can be saved as it is (the form shows one item's errors;
    /// a save must not carry another item's impossible date).
    fn all_valid(&self) -> bool {
        self.errors() == (None, None) && self.draft.items.values().all(|r| self.record_valid(r))
    }

    /// Whether a record's state and handover date agree with the notice and today.
    fn record_valid(&self, r: &ItemRecord) -> bool {
        date_problem(r.state, r.handover_date, self.notice_date, self.today).is_none()
    }

    /// Whether the records can be saved now (for the close-with-unsaved-changes bar).
    pub fn can_save(&self) -> bool {
        self.dirty && self.all_valid()
    }

    pub fn update(&mut self, message: Message) -> Update<Message, Event> {
        match message {
            Message::Select(no) => {
                self.selected = no;
                self.load_fields();
            }
            Message::State(c) => {
                let state = c.value.unwrap_or_default();
                self.edit(|r| r.state = state);
            }
            Message::HandoverDate(s) => {
                let parsed = parse_optional(&s);
                self.handover_date = s;
                if let Ok(d) = parsed {
                    self.edit(|r| {
                        r.handover_date = d;
                        // A 交接日期 is the day the handover was done (the notice): with one the
                        // item is handed over, and the sentence under the field says so.
                        if d.is_some() {
                            r.state = HandoverState::HandedOver;
                        }
                    });
                }
                self.dirty = true;
            }
            Message::AnnouncementDate(s) => {
                let parsed = parse_optional(&s);
                self.announcement_date = s;
                if let Ok(d) = parsed {
                    self.edit(|r| r.announcement.date = d);
                }
                self.dirty = true;
            }
            Message::AnnouncementPlace(s) => self.edit(|r| r.announcement.place = input::fit(s)),
            Message::Element(i, done) => self.edit(|r| {
                if let Some(e) = r.elements.get_mut(i) {
                    e.done = done;
                }
            }),
            Message::ElementNote(i, note) => self.edit(|r| {
                if let Some(e) = r.elements.get_mut(i) {
                    e.note = input::fit(note);
                }
            }),
            Message::Notes(s) => self.edit(|r| r.notes = input::fit(s)),
            Message::Save => {
                if self.all_valid() {
                    return Update::event(Event::Save(Box::new(self.draft.clone())));
                }
            }
            Message::Restore => return Update::event(Event::Restore),
            Message::Pick(p) => return Update::event(Event::Pick(p)),
            Message::StoreField(s) => self.store_field = input::fit(s),
            Message::UseStore => {
                return Update::event(Event::UseStore(self.store_field.trim().to_string()));
            }
        }
        Update::none()
    }

    pub fn view<'a>(
        &'a self,
        ctx: &Ctx<'a>,
        path: String,
        store: Option<&'a Store>,
        // The records are a server's and are being read, could not be read, or are being
        // saved (the line at the top says which): nothing can be changed meanwhile.
        server_blocks: bool,
        // `DELEGATION_TRACKER_STORE` names the register: the address cannot be changed here.
        store_env: bool,
        status: &'a style::Status,
    ) -> Element<'a, Message> {
        let lang = ctx.lang;
        let read_only = store.and_then(Store::read_only);
        let address = steady(
            text_input(L::SharedStoreHint.get(lang), &self.store_field)
                .on_input_maybe((!store_env).then_some(Message::StoreField))
                .on_submit_maybe((!store_env).then_some(Message::UseStore))
                .size(13)
                .padding(4),
        );
        let mut shared = row![
            text(format!("{}{}", L::SharedStore.get(lang), lang.colon())).size(13),
            container(address).width(340),
        ]
        .spacing(6)
        .align_y(iced::Center);
        shared = if store_env {
            shared.push(text(L::StoreFromEnv.get(lang)).size(12).style(style::muted))
        } else {
            shared.push(
                button(text(L::UseStore.get(lang)).size(13))
                    .on_press(Message::UseStore)
                    .padding([3, 10])
                    .style(button::secondary),
            )
        };
        let mut head = column![
            text(format!(
                "{}{}{path}",
                L::RecordsFile.get(lang),
                lang.colon()
            ))
            .size(13),
            shared.wrap().vertical_spacing(4),
        ]
        .spacing(6);
        if let Some(why) = read_only {
            let msg = match why {
                ReadOnly::Locked => L::ReadOnlyLocked.get(lang).to_string(),
                ReadOnly::Unusable(e) => format!(
                    "{}{}{}",
                    L::ReadOnlyCorrupt.get(lang),
                    lang.colon(),
                    e.text(lang)
                ),
            };
            let mut banner = column![text(msg).style(style::error)].spacing(6);
            if matches!(why, ReadOnly::Unusable(_)) {
                banner = banner.push(
                    button(
                        text(if store.is_some_and(Store::has_good_backup) {
                            L::RestoreBackup.get(lang)
                        } else {
                            L::StartFresh.get(lang)
                        })
                        .size(14),
                    )
                    .on_press(Message::Restore)
                    .style(button::danger),
                );
            }
            head = head.push(style::card(banner));
        }
        let tools = row([
            Pick::ImportRecords,
            Pick::ExportRecords,
            Pick::ReportXlsx,
            Pick::ReportCsv,
            Pick::ReportPdf,
            Pick::Ics,
            Pick::Holidays,
        ]
        .into_iter()
        .map(|pick| {
            // A read-only store cannot take an import.
            let enabled = pick != Pick::ImportRecords || (read_only.is_none() && !server_blocks);
            button(text(pick.label().get(lang)).size(13))
                .on_press_maybe(enabled.then_some(Message::Pick(pick)))
                .style(button::secondary)
                .into()
        }))
        .spacing(6);
        // The buttons wrap onto more lines when the text is large or the window narrow: a
        // row that scrolled sideways hid 导入节假日 JSON behind a thin scrollbar at 1.6×.
        head = head.push(tools.wrap().vertical_spacing(6));
        if let Some(status) = status.view() {
            head = head.push(status);
        }

        let mut list = column![].spacing(4);
        for item in &ctx.cat.items {
            let rec = self.draft.items.get(&item.no).cloned().unwrap_or_default();
            // ⚠: this item's date cannot be saved (see its form).
            let label = format!(
                "{}. {} — {}{}",
                item.no,
                short(&item.name),
                rec.state.label(lang),
                if self.record_valid(&rec) { "" } else { " ⚠" }
            );
            list = list.push(
                button(text(label).size(14))
                    .width(Fill)
                    .on_press(Message::Select(item.no))
                    .style(if item.no == self.selected {
                        button::primary
                    } else {
                        button::text
                    }),
            );
        }

        let editable = read_only.is_none() && !server_blocks;
        let Some(rec) = self.current_ref() else {
            return column![head, text("—")].into();
        };
        let item = ctx.cat.item(self.selected);
        let (herr, aerr) = self.errors();
        let states: Vec<Choice<HandoverState>> = HandoverState::ALL
            .iter()
            .map(|s| Choice {
                value: Some(*s),
                label: s.label(lang).into(),
            })
            .collect();
        let sel = states.iter().find(|c| c.value == Some(rec.state)).cloned();
        // Every field shows where the cursor is (a focus ring), and a wrong one stays red.
        let input = |placeholder: &str, value: &'a str, on: fn(String) -> Message, wrong: bool| {
            steady(
                text_input(placeholder, value)
                    .on_input_maybe(editable.then_some(on))
                    .padding(6)
                    .style(move |t: &Theme, st| style::field_input(t, st, wrong)),
            )
        };
        // Read-only: the state as text, not a list that could be changed.
        let state: Element<'a, Message> = if editable {
            clipped(pick_list(states, sel, Message::State))
        } else {
            text(rec.state.label(lang)).into()
        };
        let mut form = column![
            style::heading(item.map_or(String::new(), |i| format!("{}. {}", i.no, i.name))),
            style::label(L::State.get(lang)),
            state,
            style::label(L::HandoverDate.get(lang)),
            input(
                "YYYY-MM-DD",
                &self.handover_date,
                Message::HandoverDate,
                herr.is_some()
            ),
        ]
        .spacing(6);
        // The error lines keep their room, so a message never moves the fields below.
        form = form.push(style::error_line(
            herr.map(|e| (e.get(lang), style::error as style::Look)),
        ));
        // What the date means, said as it is typed: a date counts everywhere once saved; no
        // date, the deadline is assumed. Three lines' room, so that neither sentence moves the
        // fields below.
        // A date that cannot be saved (before the notice, say) means nothing yet: its error
        // stands alone, not beside "once saved, the item is handed over on…" (issue 29,
        // finding 16).
        let typed = parse_optional(&self.handover_date).ok().flatten();
        let meaning = if herr.is_some() {
            String::new()
        } else {
            dates::handover_date_meaning(lang, typed, ctx.key.handover_deadline.value)
        };
        form = form.push(row![
            iced::widget::space().height(54),
            text(meaning).size(13).style(style::muted),
        ]);
        form = form
            .push(style::label(L::AnnouncementDate.get(lang)))
            .push(input(
                "YYYY-MM-DD",
                &self.announcement_date,
                Message::AnnouncementDate,
                aerr.is_some(),
            ));
        form = form.push(style::error_line(
            aerr.map(|e| (e.get(lang), style::error as style::Look)),
        ));
        form = form
            .push(style::label(L::AnnouncementPlace.get(lang)))
            .push(input(
                "",
                &rec.announcement.place,
                Message::AnnouncementPlace,
                false,
            ));
        if item.is_some_and(|i| i.mode == Mode::Entrusted) {
            form = form.push(style::label(L::FiveElements.get(lang)));
            for (i, e) in rec.elements.iter().enumerate() {
                form = form.push(
                    row![
                        checkbox(e.done)
                            .label(e.element.label(lang))
                            .on_toggle_maybe(editable.then_some(move |b| Message::Element(i, b)))
                            .width(FillPortion(2)),
                        steady(
                            text_input(L::Note.get(lang), &e.note)
                                .on_input_maybe(
                                    editable.then_some(move |s| Message::ElementNote(i, s))
                                )
                                .padding(4)
                                .style(|t: &Theme, st| style::field_input(t, st, false))
                                .width(FillPortion(3))
                        ),
                    ]
                    .spacing(8)
                    .align_y(iced::Center),
                );
            }
        }
        form = form.push(style::label(L::Notes.get(lang))).push(input(
            "",
            &rec.notes,
            Message::Notes,
            false,
        ));
        let can_save = editable && self.can_save();
        let unsaved = editable && self.dirty;
        // The save button stays under the form, outside its scrolling, so that no status
        // line or text size can push it below the window's edge.
        let save_row = container(
            row![
                button(text(L::Save.get(lang)))
                    .on_press_maybe(can_save.then_some(Message::Save))
                    .style(button::primary),
                text(if unsaved { L::Unsaved.get(lang) } else { "" })
                    .size(13)
                    .style(style::warning),
            ]
            .spacing(10)
            .align_y(iced::Center),
        )
        .padding([0, 14]);
        if ctx.height < COMPACT_BELOW {
            // A short window (1024×600 at large text): the list becomes a menu and the page
            // scrolls as one, so the form is not squeezed under the header; the save row
            // stays pinned below.
            let items: Vec<Choice<u8>> = ctx
                .cat
                .items
                .iter()
                .map(|item| {
                    let state = self
                        .draft
                        .items
                        .get(&item.no)
                        .map_or("", |r| r.state.label(lang));
                    Choice {
                        value: Some(item.no),
                        label: format!("{}. {} — {state}", item.no, short(&item.name)),
                    }
                })
                .collect();
            let chosen = items
                .iter()
                .find(|c| c.value == Some(self.selected))
                .cloned();
            let picker = clipped(
                pick_list(items, chosen, |c: Choice<u8>| {
                    Message::Select(c.value.unwrap_or(1))
                })
                .width(Fill),
            );
            return column![
                scrollable(
                    column![head, picker, style::card(form)]
                        .spacing(10)
                        .padding(iced::Padding::ZERO.right(12))
                )
                .height(Fill),
                save_row,
            ]
            .spacing(8)
            .into();
        }
        column![
            head,
            row![
                scrollable(list.padding(iced::Padding::ZERO.right(12))).width(FillPortion(4)),
                column![scrollable(style::card(form)).height(Fill), save_row]
                    .spacing(8)
                    .width(FillPortion(6)),
            ]
            .spacing(16)
            .height(Fill),
        ]
        .spacing(10)
        .into()
    }
}

/// What is wrong with a state and a handover date together (`None`: they agree). A date is
/// the day the handover was done (穗府规〔2024〕3号 正文第2段), so it needs the state 已交接 and
/// lies between the notice's effective date and today; 已交接 needs its date.
fn date_problem(
    state: HandoverState,
    date: Option<NaiveDate>,
    notice_date: NaiveDate,
    today: NaiveDate,
) -> Option<L> {
    match date {
        None if state == HandoverState::HandedOver => Some(L::NeedHandoverDate),
        None => None,
        Some(d) if d < notice_date => Some(L::HandoverBeforeNotice),
        Some(d) if d > today => Some(L::HandoverInFuture),
        Some(_) if state != HandoverState::HandedOver => Some(L::DateMeansHandedOver),
        Some(_) => None,
    }
}

fn short(name: &str) -> String {
    let mut s: String = name.chars().take(16).collect();
    if s.len() < name.len() {
        s.push('…');
    }
    s
}
