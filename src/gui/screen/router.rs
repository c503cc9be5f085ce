//! 办件分派: the form a clerk fills in, and the core's decision with its trace.

use crate::gui::steady::steady;
use crate::gui::wrap::clipped;
use iced::widget::{
    button, checkbox, column, container, pick_list, row, scrollable, text, text_input, tooltip,
};
use iced::{Element, Fill, FillPortion};

use super::{Choice, Ctx, Update};
use crate::gui::{input, style};
use delegation_law::catalogue::Catalogue;
use delegation_law::facts::{
    Application, Facts, FactsKind, GridProject, Heritage, TreeSite, WaterRequest, WaterSource,
};
use delegation_law::router::{Decision, Outcome};
use delegation_words::Lang;
use delegation_words::prelude::*;
use delegation_words::ui::L;

/// The kind of project of a grid item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Project {
    PowerGrid,
    GasStation,
    Other,
}

/// A form field that can be wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    Id,
    Received,
    Kv,
    Volume,
    Count,
    Dbh,
}

impl FieldId {
    /// The widget id of the field's input, for focus and tests.
    pub fn widget_id(self) -> &'static str {
        match self {
            FieldId::Id => "router-id",
            FieldId::Received => "router-received",
            FieldId::Kv => "router-kv",
            FieldId::Volume => "router-volume",
            FieldId::Count => "router-count",
            FieldId::Dbh => "router-dbh",
        }
    }
}

/// The item-number field's id: the first stop of the keyboard's way through the form.
pub const ITEM_ID: &str = "router-item";

/// The form's scrollable: Tab scrolls it to the field it focuses.
pub const FORM_ID: &str = "router-form";

#[derive(Debug, Clone)]
pub struct Router {
    pub item: Option<u8>,
    /// The item number as typed (the keyboard's way to choose an item; the menu sets it too).
    pub item_no: String,
    /// The decision was just put on the clipboard: the card says so until the form changes.
    pub copied: bool,
    pub id: String,
    pub received: String,
    pub in_zone: bool,
    pub project: Project,
    pub kv: String,
    pub cross_district: bool,
    pub source: WaterSource,
    pub volume: String,
    pub agricultural: bool,
    pub request: WaterRequest,
    pub site: TreeSite,
    pub count: String,
    pub dbh: String,
    pub heritage: Heritage,
    /// 登记为办件 was pressed with no case number: the field says one is needed.
    pub id_required: bool,
    /// 登记为办件 or 保存更正 was pressed with a received date after today: the field says so
    /// (a date still to come is a slip of the keyboard, 2030 for 2020).
    pub received_ahead: bool,
    /// Today, against which a received date is checked before it is recorded.
    pub today: chrono::NaiveDate,
    /// The item numbers a clerk may type: those of any notice held (1–12 with the built-in
    /// notice alone).
    pub numbers: Vec<u8>,
    /// A record is being made.
    pub recording: bool,
    /// The form holds a recorded case's facts, to correct: its id and version, and the
    /// decision it has now (shown beside the new one before saving).
    pub correcting: Option<Correcting>,
    /// What the last 登记为办件 came to, under which id (until the form changes).
    pub recorded: Option<(
        String,
        Result<delegation_store::cases::Recorded, delegation_session::desk::DeskError>,
    )>,
}

/// A recorded case being corrected on the router's form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correcting {
    pub id: String,
    pub version: u64,
    /// The decision in force: outcome code and clause.
    pub outcome: String,
    pub clause: String,
    /// The applicant recorded (the form has no field for it: kept as it is).
    pub applicant: String,
}

#[derive(Debug, Clone)]
pub enum Message {
    Item(Choice<u8>),
    ItemNo(String),
    Id(String),
    Received(String),
    InZone(bool),
    Project(Choice<Project>),
    Kv(String),
    CrossDistrict(bool),
    Source(Choice<WaterSource>),
    Volume(String),
    Agricultural(bool),
    Request(Choice<WaterRequest>),
    Site(Choice<TreeSite>),
    Count(String),
    Dbh(String),
    Heritage(Choice<Heritage>),
    Copy,
    /// Write the decision slip (PDF).
    Slip,
    /// 登记为办件: record the application as typed, with the decision shown.
    Record,
    /// Open a recorded case on the 办件台账 screen.
    OpenCase(String),
    /// Save the corrected facts of the case being corrected, with the new decision.
    SaveCorrection,
    /// Leave the correction (the case stays as it is).
    CancelCorrection,
    /// The item menu closed. Nothing changes here, but the app repaints the whole window on
    /// every message: at 1.6× the menu scrolls, and tiny-skia draws the half-scrolled top
    /// option over the pick list (it clips centred text by its lower half only).
    MenuClosed,
    /// The form scrolled. Nothing changes, but the app repaints the whole window on every
    /// message (see `gui::repaint`), so no stale pixels stay behind a scroll. It does not cure
    /// issue 29's finding 8: a pick list half scrolled out of the form still has its centred
    /// text drawn past the form's edge (seen at 1180×780, 1.6×: over the banner at the top,
    /// over the footer at the bottom), which is tiny-skia's clipping of centred text.
    Scrolled,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Put the decision on the clipboard.
    Copy,
    /// Write the decision slip (PDF).
    Slip,
    /// Record the case (its number is there).
    Record,
    OpenCase(String),
    /// Save the correction (`Correcting`) with the form's facts and decision.
    SaveCorrection,
}

impl Router {
    pub fn new(today: chrono::NaiveDate) -> Router {
        Router {
            item: None,
            item_no: String::new(),
            copied: false,
            // The case number is the clerk's own: empty until typed (the slip then says
            // 未编号), never one the app makes up.
            id: String::new(),
            received: today.format("%Y-%m-%d").to_string(),
            in_zone: true,
            project: Project::PowerGrid,
            kv: String::new(),
            cross_district: false,
            source: WaterSource::Surface,
            volume: String::new(),
            agricultural: false,
            request: WaterRequest::New,
            site: TreeSite::Other,
            count: String::new(),
            dbh: String::new(),
            heritage: Heritage::Ordinary,
            id_required: false,
            received_ahead: false,
            today,
            numbers: Catalogue::embedded().items.iter().map(|i| i.no).collect(),
            recording: false,
            correcting: None,
            recorded: None,
        }
    }

    /// Whether the received date typed is after today, which is then marked: such a case is
    /// not recorded.
    fn refuse_ahead(&mut self) -> bool {
        let ahead = chrono::NaiveDate::parse_from_str(self.received.trim(), "%Y-%m-%d")
            .is_ok_and(|d| d > self.today);
        self.received_ahead = ahead;
        ahead
    }

    /// Loads a recorded case's facts into the form, to correct them: the id stays the case's.
    pub fn correct(&mut self, app: &Application, correcting: Correcting) {
        self.choose(app.item);
        self.id = app.id.clone();
        self.received = app.received.format("%Y-%m-%d").to_string();
        self.in_zone = app.in_zone;
        match &app.facts {
            Facts::General => {}
            Facts::Grid { project } => match project {
                GridProject::PowerGrid { kv, cross_district } => {
                    self.project = Project::PowerGrid;
                    self.kv = kv.to_string();
                    self.cross_district = *cross_district;
                }
                GridProject::GasDistributedEnergyStation => self.project = Project::GasStation,
                GridProject::Other => self.project = Project::Other,
            },
            Facts::WaterIntake {
                source,
                m3_per_day,
                agricultural,
                request,
            } => {
                self.source = *source;
                self.volume = m3_per_day.to_string();
                self.agricultural = *agricultural;
                self.request = *request;
            }
            Facts::Trees {
                site,
                count,
                max_dbh_cm,
                heritage,
            } => {
                self.site = *site;
                self.count = count.to_string();
                self.dbh = max_dbh_cm.to_string();
                self.heritage = *heritage;
            }
        }
        self.recorded = None;
        self.id_required = false;
        self.correcting = Some(correcting);
    }

    /// Chooses an item (from the catalogue's "route" button).
    pub fn choose(&mut self, no: u8) {
        self.item = Some(no);
        self.item_no = no.to_string();
    }

    pub fn update(&mut self, message: Message) -> Update<Message, Event> {
        if !matches!(
            message,
            Message::Copy | Message::MenuClosed | Message::Scrolled
        ) {
            self.copied = false;
        }
        if !matches!(
            message,
            Message::Copy
                | Message::Slip
                | Message::MenuClosed
                | Message::Scrolled
                | Message::Record
                | Message::OpenCase(_)
                | Message::SaveCorrection
                | Message::CancelCorrection
        ) {
            // The form changed: what was recorded was another application.
            self.recorded = None;
            self.id_required = false;
            self.received_ahead = false;
        }
        match message {
            Message::Item(c) => {
                self.item = c.value;
                self.item_no = c.value.map(|n| n.to_string()).unwrap_or_default();
            }
            Message::ItemNo(s) => {
                // The box and the menu always show the item the decision is for: anything but
                // a number of the notice's table chooses no item (and the box says why).
                self.item = item_number(&s, &self.numbers).ok().flatten();
                self.item_no = s;
            }
            Message::Id(s) => self.id = input::fit(s),
            Message::Received(s) => self.received = s,
            Message::InZone(b) => self.in_zone = b,
            Message::Project(c) => self.project = c.value.unwrap_or(Project::Other),
            Message::Kv(s) => self.kv = s,
            Message::CrossDistrict(b) => self.cross_district = b,
            Message::Source(c) => self.source = c.value.unwrap_or(WaterSource::Surface),
            Message::Volume(s) => self.volume = s,
            Message::Agricultural(b) => self.agricultural = b,
            Message::Request(c) => self.request = c.value.unwrap_or(WaterRequest::New),
            Message::Site(c) => self.site = c.value.unwrap_or(TreeSite::Other),
            Message::Count(s) => self.count = s,
            Message::Dbh(s) => self.dbh = s,
            Message::Heritage(c) => self.heritage = c.value.unwrap_or(Heritage::Ordinary),
            Message::Copy => {
                self.copied = true;
                return Update::event(Event::Copy);
            }
            Message::Slip => return Update::event(Event::Slip),
            Message::Record => {
                if self.recording || self.refuse_ahead() {
                    return Update::none();
                }
                if self.id.trim().is_empty() {
                    // Marked, never invented: the clerk types the office's number.
                    self.id_required = true;
                    return Update::task(iced::widget::operation::focus(FieldId::Id.widget_id()));
                }
                self.recorded = None;
                return Update::event(Event::Record);
            }
            Message::OpenCase(id) => return Update::event(Event::OpenCase(id)),
            Message::SaveCorrection => {
                if self.correcting.is_some() && !self.recording && !self.refuse_ahead() {
                    return Update::event(Event::SaveCorrection);
                }
            }
            Message::CancelCorrection => self.correcting = None,
            Message::MenuClosed | Message::Scrolled => {}
        }
        Update::none()
    }

    /// What is wrong with the item number as typed (`None`: a valid number, or nothing typed
    /// yet).
    pub fn item_error(&self) -> Option<L> {
        item_number(&self.item_no, &self.numbers).err()
    }

    /// The application the form describes, or the fields that are wrong.
    pub fn application(&self, kind: FactsKind) -> Result<Application, Vec<(FieldId, L)>> {
        let mut errors = Vec::new();
        // May stay empty: a case not numbered yet (see `decision`).
        let id = self.id.trim().to_string();
        let received = chrono::NaiveDate::parse_from_str(self.received.trim(), "%Y-%m-%d");
        if received.is_err() {
            let e = if self.received.trim().is_empty() {
                L::ErrEmpty
            } else {
                L::ErrDate
            };
            errors.push((FieldId::Received, e));
        }
        let mut check = |field, r: Result<u64, L>| match r {
            Ok(v) => Some(v),
            Err(e) => {
                errors.push((field, e));
                None
            }
        };
        let facts = match kind {
            FactsKind::General => Some(Facts::General),
            FactsKind::Grid => match self.project {
                Project::PowerGrid => {
                    check(FieldId::Kv, input::positive(&self.kv, u32::MAX.into())).map(|kv| {
                        Facts::Grid {
                            project: GridProject::PowerGrid {
                                kv: kv as u32,
                                cross_district: self.cross_district,
                            },
                        }
                    })
                }
                Project::GasStation => Some(Facts::Grid {
                    project: GridProject::GasDistributedEnergyStation,
                }),
                Project::Other => Some(Facts::Grid {
                    project: GridProject::Other,
                }),
            },
            FactsKind::WaterIntake => check(
                FieldId::Volume,
                input::positive(&self.volume, input::MAX_WHOLE),
            )
            .map(|m3| Facts::WaterIntake {
                source: self.source,
                m3_per_day: m3,
                agricultural: self.agricultural,
                request: self.request,
            }),
            FactsKind::Trees => {
                let count = check(
                    FieldId::Count,
                    input::positive(&self.count, u32::MAX.into()),
                );
                let dbh = match input::decimal(&self.dbh, input::MAX_DBH_CM) {
                    Ok(x) => Some(x),
                    Err(e) => {
                        errors.push((FieldId::Dbh, e));
                        None
                    }
                };
                match (count, dbh) {
                    (Some(count), Some(dbh)) => Some(Facts::Trees {
                        site: self.site,
                        count: count as u32,
                        max_dbh_cm: dbh,
                        heritage: self.heritage,
                    }),
                    _ => None,
                }
            }
        };
        match (errors.is_empty(), received, facts, self.item) {
            (true, Ok(received), Some(facts), Some(item)) => Ok(Application {
                id,
                item,
                received,
                in_zone: self.in_zone,
                facts,
            }),
            _ => Err(errors),
        }
    }

    /// The received date as typed, or today where it is not a date yet.
    fn received_day(&self) -> chrono::NaiveDate {
        chrono::NaiveDate::parse_from_str(self.received.trim(), "%Y-%m-%d").unwrap_or(self.today)
    }

    /// The row of the chosen item the form is for: the built-in notice's, or with more notices
    /// the one its received date is routed by (issue 31), whose facts the form asks for.
    fn row<'a>(&self, ctx: &Ctx<'a>) -> Option<&'a delegation_law::catalogue::Item> {
        let no = self.item?;
        if !ctx.session.notices().several() {
            return ctx.cat.item(no);
        }
        ctx.session
            .router(&Default::default())
            .row(no, self.received_day())
    }

    /// The core's decision for the form, when the form is valid.
    pub fn decision(&self, ctx: &Ctx) -> Option<Decision> {
        let item = self.row(ctx)?;
        let app = self.application(item.facts_kind()).ok()?;
        Some(
            ctx.session
                .router(&Default::default())
                .route_unnumbered(&app),
        )
    }

    /// When the conventions chosen on the deadlines screen (kept in the settings) give
    /// another outcome than the defaults would: a line saying which, and that outcome.
    pub fn conventions_changed(&self, ctx: &Ctx) -> Option<String> {
        use delegation_session::Conventions;
        let chosen = ctx.session.conventions();
        if chosen == Conventions::default() {
            return None;
        }
        let item = self.row(ctx)?;
        let mut app = self.application(item.facts_kind()).ok()?;
        // The outcome alone asks for an id; the counter's case may have none yet.
        if app.id.trim().is_empty() {
            app.id = "-".into();
        }
        let none = Default::default();
        let now = ctx.session.router(&none).outcome(&app);
        let default = ctx
            .session
            .router_under(Conventions::default(), &none)
            .outcome(&app);
        (now != default).then(|| {
            delegation_words::ui::conventions_changed(
                ctx.lang,
                chosen.start_day,
                chosen.validity,
                default.label(ctx.lang),
            )
        })
    }

    /// The application the form describes and its decision, for the slip.
    pub fn routed(&self, ctx: &Ctx) -> Option<(Application, Decision)> {
        let item = self.row(ctx)?;
        let app = self.application(item.facts_kind()).ok()?;
        let d = ctx
            .session
            .router(&Default::default())
            .route_unnumbered(&app);
        Some((app, d))
    }

    /// The decision as text, for the clipboard.
    pub fn decision_text(&self, ctx: &Ctx) -> Option<String> {
        self.decision(ctx).map(|d| d.to_text(ctx.lang))
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let lang = ctx.lang;
        let mut table = ctx.session.table_on(self.received_day());
        // An item typed that the table in force has not (taken back by an amendment, or
        // ended): its row is still the one routed, and the menu shows it beside the number.
        if let Some(row) = self.row(ctx)
            && !table.iter().any(|i| i.no == row.no)
        {
            let at = table.partition_point(|i| i.no < row.no);
            table.insert(at, row);
        }
        let items: Vec<Choice<u8>> = table
            .iter()
            .map(|i| {
                // Item 9's name is 60 characters and a pick list's menu does not wrap: cut
                // the names to the form's column (5/11 of the window less margins, the list's
                // padding and handle), at any text size.
                let column = (ctx.width - 44.0) * 5.0 / 11.0 - 12.0;
                let label = format!("{}. {}", i.no, i.name);
                Choice {
                    value: Some(i.no),
                    // Less the item-number field beside the menu (64 px and a gap).
                    label: super::fit(&label, column - 48.0 - 70.0),
                }
            })
            .collect();
        let selected = items.iter().find(|c| c.value == self.item).cloned();
        let item_error = self.item_error();
        let item_wrong = item_error.is_some();
        let mut form = column![
            style::label(L::ChooseItemToRoute.get(lang)),
            row![
                steady(
                    text_input("1–12", &self.item_no)
                        .id(ITEM_ID)
                        .on_input(Message::ItemNo)
                        .padding(6)
                        .width(64)
                        .style(move |theme: &iced::Theme, status| {
                            style::field_input(theme, status, item_wrong)
                        })
                ),
                clipped(
                    pick_list(items, selected, Message::Item)
                        .on_close(Message::MenuClosed)
                        .placeholder(L::ChooseItemToRoute.get(lang))
                        .width(Fill)
                ),
            ]
            .spacing(6),
            // Keeps its room, so the form below never moves when the number is wrong.
            style::error_line(item_error.map(|e| (e.get(lang), style::error as style::Look))),
        ]
        .spacing(6);
        let Some(item) = self.row(ctx) else {
            // The same nesting as with an item chosen: the item field keeps its state (and
            // the keyboard's focus) when the first digit typed in it chooses an item.
            let hint = match item_error {
                Some(_) => style::card(text(L::FixItemNo.get(lang)).style(style::error)),
                None => style::card(text(L::RouterHint.get(lang)).style(style::muted)),
            };
            return row![
                scrollable(form.padding(iced::Padding::ZERO.right(12)))
                    .id(iced::widget::Id::new(FORM_ID))
                    .on_scroll(|_| Message::Scrolled)
                    .width(FillPortion(5)),
                column![hint].width(FillPortion(6)),
            ]
            .spacing(16)
            .height(Fill)
            .into();
        };
        let kind = item.facts_kind();
        let result = self.application(kind);
        let errors = result.as_ref().err().cloned().unwrap_or_default();
        let input = |name: L, value: &'a str, field: FieldId, on: fn(String) -> Message| {
            // The case number may be left empty: its box says what the slip then says.
            let placeholder = match field {
                FieldId::Id => L::IdMayBeEmpty,
                _ => name,
            };
            let err = errors
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, e)| *e)
                .or((field == FieldId::Id && self.id_required).then_some(L::CaseIdRequired))
                .or((field == FieldId::Received && self.received_ahead)
                    .then_some(L::ReceivedAfterToday));
            // An empty field is not wrong yet: it says it is needed, in grey, unmarked.
            let wrong = err.is_some_and(|e| e != L::ErrEmpty);
            let look: fn(&iced::Theme) -> text::Style =
                if wrong { style::error } else { style::muted };
            column![
                style::label(name.get(lang)),
                steady(
                    text_input(placeholder.get(lang), value)
                        .id(field.widget_id())
                        .on_input(on)
                        .on_submit(Message::Copy)
                        .padding(6)
                        .style(move |theme: &iced::Theme, status| {
                            style::field_input(theme, status, wrong)
                        })
                ),
                style::error_line(err.map(|e| (e.get(lang), look))),
            ]
            .spacing(2)
        };
        form = form
            .push(input(L::ApplicationId, &self.id, FieldId::Id, Message::Id))
            .push(input(
                L::Received,
                &self.received,
                FieldId::Received,
                Message::Received,
            ))
            .push(
                checkbox(self.in_zone)
                    .label(L::InZone.get(lang))
                    .on_toggle(Message::InZone),
            );
        form = match kind {
            FactsKind::General => form.push(text(L::NoFacts.get(lang)).style(style::muted)),
            FactsKind::Grid => {
                let opts: Vec<Choice<Project>> = [
                    (Project::PowerGrid, L::PowerGrid),
                    (Project::GasStation, L::GasStation),
                    (Project::Other, L::OtherProject),
                ]
                .into_iter()
                .map(|(p, l)| Choice {
                    value: Some(p),
                    label: l.get(lang).into(),
                })
                .collect();
                let sel = opts.iter().find(|c| c.value == Some(self.project)).cloned();
                let mut f = form.push(
                    column![
                        style::label(L::ProjectType.get(lang)),
                        clipped(pick_list(opts, sel, Message::Project).width(Fill))
                    ]
                    .spacing(2),
                );
                if self.project == Project::PowerGrid {
                    f = f
                        .push(input(L::Kv, &self.kv, FieldId::Kv, Message::Kv))
                        .push(
                            checkbox(self.cross_district)
                                .label(L::CrossDistrict.get(lang))
                                .on_toggle(Message::CrossDistrict),
                        );
                }
                f
            }
            FactsKind::WaterIntake => form
                .push(labelled_pick(
                    lang,
                    L::WaterSource,
                    &WaterSource::ALL,
                    self.source,
                    |s, l| s.label(l),
                    Message::Source,
                ))
                .push(input(
                    L::Volume,
                    &self.volume,
                    FieldId::Volume,
                    Message::Volume,
                ))
                .push(
                    checkbox(self.agricultural)
                        .label(L::Agricultural.get(lang))
                        .on_toggle(Message::Agricultural),
                )
                .push(labelled_pick(
                    lang,
                    L::Request,
                    &WaterRequest::ALL,
                    self.request,
                    |r, l| r.label(l),
                    Message::Request,
                )),
            FactsKind::Trees => form
                .push(labelled_pick(
                    lang,
                    L::Site,
                    &TreeSite::ALL,
                    self.site,
                    |s, l| s.label(l),
                    Message::Site,
                ))
                .push(input(
                    L::TreeCount,
                    &self.count,
                    FieldId::Count,
                    Message::Count,
                ))
                .push(input(L::Dbh, &self.dbh, FieldId::Dbh, Message::Dbh))
                .push(labelled_pick(
                    lang,
                    L::Heritage,
                    &Heritage::ALL,
                    self.heritage,
                    |h, l| h.label(l),
                    Message::Heritage,
                )),
        };
        let changed = self.conventions_changed(ctx);
        let right: Element<'a, Message> = match self.decision(ctx) {
            Some(d) => {
                let record = self.record_bar(d.outcome, lang);
                let notices = ctx.session.notices().several();
                let card = decision_card(
                    d,
                    lang,
                    self.copied,
                    Message::Copy,
                    Message::Slip,
                    true,
                    notices,
                );
                match changed {
                    Some(line) => column![record, text(line).size(13).style(style::warning), card]
                        .spacing(6)
                        .into(),
                    None => column![record, card].spacing(6).into(),
                }
            }
            None if errors.iter().all(|(_, e)| *e == L::ErrEmpty) => {
                style::card(text(L::FillForm.get(lang)).style(style::muted))
            }
            None => style::card(text(L::FixForm.get(lang)).style(style::error)),
        };
        row![
            scrollable(form.padding(iced::Padding::ZERO.right(12)))
                .id(iced::widget::Id::new(FORM_ID))
                .on_scroll(|_| Message::Scrolled)
                .width(FillPortion(5)),
            column![right].width(FillPortion(6)),
        ]
        .spacing(16)
        .height(Fill)
        .into()
    }
}

impl Router {
    /// 登记为办件 and what it came to: recorded, there already, or the number taken by
    /// another application (each with a way to open the case).
    fn record_bar<'a>(&'a self, outcome: Outcome, lang: Lang) -> Element<'a, Message> {
        use delegation_store::cases::Recorded;
        let invalid = outcome == Outcome::Invalid;
        if let Some(c) = &self.correcting {
            // The decision the case has, beside the one the corrected facts give.
            let was = Outcome::from_code(&c.outcome)
                .map_or(c.outcome.clone(), |o| o.label(lang).to_string());
            let same_id = self.id.trim() == c.id;
            let said = if same_id {
                delegation_words::cases::correction_line(
                    lang,
                    &c.id,
                    &was,
                    &c.clause,
                    outcome.label(lang),
                )
            } else {
                L::CorrectionKeepsId.get(lang).to_string()
            };
            return column![
                text(said).size(13).style(if same_id {
                    style::warning
                } else {
                    style::error
                }),
                row![
                    button(text(L::SaveCorrection.get(lang)).size(14))
                        .on_press_maybe(
                            (same_id && !invalid && !self.recording)
                                .then_some(Message::SaveCorrection)
                        )
                        .style(button::primary),
                    button(text(L::CancelCorrection.get(lang)).size(14))
                        .on_press(Message::CancelCorrection)
                        .style(button::secondary),
                ]
                .spacing(10),
            ]
            .spacing(6)
            .into();
        }
        let mut bar = row![
            button(text(L::RecordCase.get(lang)).size(14))
                .on_press_maybe((!invalid && !self.recording).then_some(Message::Record))
                .style(button::primary)
        ]
        .spacing(10)
        .align_y(iced::Center);
        let said: Option<(String, style::Look, Option<&str>)> = if invalid {
            Some((L::RecordInvalid.get(lang).into(), style::muted, None))
        } else if self.recording {
            Some((L::RecordingCase.get(lang).into(), style::muted, None))
        } else {
            self.recorded.as_ref().map(|(id, r)| match r {
                Ok(r @ Recorded::New) => (
                    delegation_words::cases::recorded_one(lang, id, r),
                    style::success as style::Look,
                    Some(id.as_str()),
                ),
                Ok(r @ Recorded::AlreadyThere) => (
                    delegation_words::cases::recorded_one(lang, id, r),
                    style::muted as style::Look,
                    Some(id.as_str()),
                ),
                Ok(r @ Recorded::Conflict(_)) => (
                    delegation_words::cases::recorded_one(lang, id, r),
                    style::error as style::Look,
                    Some(id.as_str()),
                ),
                Err(e) => (e.text(lang), style::error as style::Look, None),
            })
        };
        if let Some((words, look, open)) = said {
            bar = bar.push(text(words).size(13).style(look));
            if let Some(id) = open {
                bar = bar.push(
                    button(text(L::OpenCase.get(lang)).size(13))
                        .on_press(Message::OpenCase(id.to_string()))
                        .style(button::secondary),
                );
            }
        }
        bar.wrap().vertical_spacing(4).into()
    }
}

/// The item number as typed: `Ok(None)` when nothing is typed, an item of the notice's table,
/// or why not (the table numbers its items 1–12; full-width digits are taken).
fn item_number(s: &str, numbers: &[u8]) -> Result<Option<u8>, L> {
    match input::positive(s, 99) {
        Err(L::ErrEmpty) => Ok(None),
        Ok(n) => u8::try_from(n)
            .ok()
            .filter(|n| numbers.contains(n))
            .map(Some)
            .ok_or(L::ErrItemNo),
        Err(_) => Err(L::ErrItemNo),
    }
}

fn labelled_pick<'a, T: Copy + PartialEq + std::fmt::Debug + 'a>(
    lang: Lang,
    name: L,
    all: &[T],
    current: T,
    label: fn(T, Lang) -> &'static str,
    on: fn(Choice<T>) -> Message,
) -> Element<'a, Message> {
    let opts: Vec<Choice<T>> = all
        .iter()
        .map(|v| Choice {
            value: Some(*v),
            label: label(*v, lang).into(),
        })
        .collect();
    let sel = opts.iter().find(|c| c.value == Some(current)).cloned();
    column![
        style::label(name.get(lang)),
        clipped(pick_list(opts, sel, on).width(Fill))
    ]
    .spacing(2)
    .into()
}

/// The outcome in words, its code (for the CLI and colleagues who quote it) in a tooltip.
pub fn outcome_headline<'a, M: 'a>(outcome: Outcome, lang: Lang, size: u32) -> Element<'a, M> {
    tooltip(
        text(outcome.label(lang))
            .size(size)
            .style(outcome_style(outcome))
            .wrapping(text::Wrapping::WordOrGlyph),
        container(text(outcome.code()).size(13))
            .padding(4)
            .style(container::bordered_box),
        tooltip::Position::Bottom,
    )
    .into()
}

/// The colour of an outcome.
pub fn outcome_style(outcome: Outcome) -> fn(&iced::Theme) -> text::Style {
    match outcome {
        Outcome::Committee | Outcome::CommitteeThenCityGovernment => style::success,
        Outcome::OriginalUnit => style::warning,
        Outcome::NotDelegated | Outcome::Invalid => style::error,
    }
}

/// The decision as a card: outcome in words, who approves and in whose name, warnings, the
/// trace with its clauses, and a copy button (`copy`) that says when it has copied. The router
/// and the batch table's rows show the same card. `enter_hint` tells that Enter in a field
/// copies too (the router's form).
pub fn decision_card<'a, M: Clone + 'a>(
    d: Decision,
    lang: Lang,
    copied: bool,
    copy: M,
    slip: M,
    enter_hint: bool,
    notices: bool,
) -> Element<'a, M> {
    let none = "—".to_string();
    // The heading and the buttons wrap onto a second line in a narrow card (large text); the
    // copy hint has a line of its own, so it is never squeezed to two characters a line.
    let copy_row = row![
        style::heading(L::Decision.get(lang)),
        button(text(L::Copy.get(lang)).size(14))
            .on_press(copy)
            .style(button::secondary),
        // A printable A4 slip for the case file, opened in the desktop's PDF viewer.
        button(text(L::SlipPdf.get(lang)).size(14))
            .on_press(slip)
            .style(button::secondary),
    ]
    .spacing(12)
    .align_y(iced::Center)
    .wrap()
    .vertical_spacing(6);
    let copy_note = if copied {
        Some(text(L::Copied.get(lang)).size(13).style(style::success))
    } else if enter_hint {
        Some(text(L::EnterCopies.get(lang)).size(13).style(style::muted))
    } else {
        None
    };
    let mut col = column![copy_row]
        .push(copy_note)
        .push(outcome_headline(d.outcome, lang, 18))
        .spacing(8);
    if d.outcome == Outcome::NotDelegated {
        col = col.push(text(L::NotDelegatedMeaning.get(lang)));
    }
    // With more than the built-in notice, the one this decision applied (issue 31).
    if notices {
        col = col.push(style::field(
            lang.pick("适用通告", "Notice applied"),
            d.notice.to_string(),
        ));
    }
    // Who approves, in whose name, who answers: shown when the decision names them; a
    // NOT_DELEGATED or INVALID decision names no one and the sentence above says why.
    for (label, value) in [
        (L::ApprovingBody, d.approving_body.as_deref()),
        (L::InNameOf, d.in_name_of.as_deref()),
        (L::Answerable, d.answerable.as_deref()),
    ] {
        match value {
            Some(v) => col = col.push(style::field(label.get(lang), v.to_string())),
            None if matches!(d.outcome, Outcome::NotDelegated | Outcome::Invalid) => {}
            None => col = col.push(style::field(label.get(lang), none.clone())),
        }
    }
    if !d.warnings.is_empty() {
        col = col.push(style::label(L::Warnings.get(lang)));
        for w in &d.warnings {
            col = col.push(text(format!("⚠ {}", w.text(lang))).style(style::warning));
        }
    }
    col = col.push(crate::gui::flips::flips_section(&d, lang));
    col = col.push(style::heading(L::Trace.get(lang)));
    for (i, step) in d.trace.iter().enumerate() {
        let decisive = d.is_deciding(i);
        col = col.push(
            column![
                text(format!(
                    "{}. {}{}",
                    i + 1,
                    step.finding.text(lang),
                    if decisive { " ◀" } else { "" }
                )),
                text(format!("〔{}〕", step.citation.clause)).size(13),
                text(step.citation.quote.to_string())
                    .size(13)
                    .style(style::muted),
            ]
            .spacing(2),
        );
    }
    style::card(scrollable(col.padding(iced::Padding::ZERO.right(12))).height(Fill))
}
