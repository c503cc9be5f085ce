//! The case register (办件台账): every application received, recorded with the decision it was
//! routed to, closed with its result, and counted per item and year.
//!
//! The promises, whatever the backend ([`sqlite`], [`postgres`], [`memory`]):
//! - Every change is one transaction together with its audit event: a case is there with its
//!   decision and its event, or not at all.
//! - The audit trail only grows: no method here edits or deletes an event, and the backends
//!   refuse UPDATE and DELETE on it (triggers). Each event carries the hash of the one before
//!   it and of its own content (SHA-256), and each case's row is the `after` of its last
//!   event, so an event edited or deleted behind the program's back, or a case changed, is
//!   found by [`Cases::verify`], which names the first that does not fit.
//! - Every change names the version of the case it was made from, and is refused when the
//!   case changed since ([`CaseError::Conflict`], saying who changed it and when).
//! - In a shared store (a server: [`postgres`]) the office's handover records live beside the
//!   cases, one row per item ([`SharedRecord`]): each save is one transaction with its
//!   `handover` event, made from the version it read ([`Cases::save_record`]), and refused
//!   when another clerk saved the item since ([`CaseError::RecordConflict`], saying who and
//!   when). SQLite keeps none: with it the records are the data folder's `records.ron`.
//! - The law decides: a case's working days, whether it is overdue and the year's figures are
//!   `delegation_law::cases`'; the store keeps and counts.

mod audit;
pub mod memory;
pub mod postgres;
mod query;
mod sql;
pub mod sqlite;

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use delegation_law::calendar::Calendar;
use delegation_law::cases::{CaseResult, CaseStatus, ItemFigures, overdue_cutoff, working_days};
use delegation_law::catalogue::Catalogue;
use serde::{Deserialize, Serialize};

pub use audit::{Event, EventKind, GENESIS, Unnumbered};
pub use query::{ListQuery, Order, Tally, YearQuery};

/// Who makes a change, from where, and when (RFC 3339 with its offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub who: String,
    pub machine: String,
    pub at: String,
}

/// What an application said, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filed {
    pub item: u8,
    pub received: NaiveDate,
    pub in_zone: bool,
    /// The facts as the applications file writes them (RON), e.g.
    /// `Grid(project: PowerGrid(kv: 220, cross_district: false))`.
    pub facts: String,
    /// The applicant, where the register names one ("" where not).
    pub applicant: String,
}

impl Filed {
    /// Whether two filings state the same application (the applicant aside: a name typed
    /// differently is not another application).
    pub fn same_facts(&self, other: &Filed) -> bool {
        self.item == other.item
            && self.received == other.received
            && self.in_zone == other.in_zone
            && self.facts == other.facts
    }
}

/// A decision as it was routed when it was recorded, in the office's words at the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedDecision {
    /// When it was recorded.
    pub at: String,
    /// The notice that applied (文号).
    pub notice: String,
    /// The outcome's code (COMMITTEE, …).
    pub outcome: String,
    pub approving_body: Option<String>,
    /// 委托行使 / 授权行使, as the notice's table words them.
    pub mode: Option<String>,
    pub in_name_of: Option<String>,
    pub answerable: Option<String>,
    /// The clause the outcome rests on.
    pub clause: String,
    /// What the router found at that step, in words.
    pub finding: String,
    /// What would have changed it, a line each.
    pub flips: String,
}

/// A case as the store holds it now. Its JSON (`serde_json`, fields in this order) is the
/// `after` of its last audit event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// 办件编号.
    pub id: String,
    pub filed: Filed,
    /// The decision in force: the last of `decisions`.
    pub decision: RecordedDecision,
    /// How many decisions the case has had (1 unless a fact was corrected).
    pub decisions: u32,
    pub status: CaseStatus,
    pub closed: Option<NaiveDate>,
    pub result: Option<CaseResult>,
    pub note: String,
    /// For a closed case, the working days it took.
    pub working_days: Option<i64>,
    pub recorded_by: String,
    pub recorded_at: String,
    /// Grows with every change: a change made from an older version is refused.
    pub version: u64,
}

/// A case to record: an application read and routed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub id: String,
    pub filed: Filed,
    pub decision: RecordedDecision,
}

/// A case made ready to record ([`Cases::ready`]).
#[derive(Debug, Clone)]
pub struct Ready {
    case: Case,
    event: Unnumbered,
}

/// What recording one case came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    New,
    /// Recorded before with the same facts: left as it was.
    AlreadyThere,
    /// Recorded before with other facts: not changed. The case as it is.
    Conflict(Box<Case>),
}

/// A case as a line of the register: everything but the words of its decision in force
/// (what the router found, the clause, the flips), which its last decision's event keeps. It is
/// what a backend holds in a row to count and list by, and [`Cases::verify`] holds each row to
/// the case its last event recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseLine {
    pub id: String,
    pub filed: Filed,
    /// The notice of the decision in force (文号).
    pub notice: String,
    /// Its outcome's code (COMMITTEE, …).
    pub outcome: String,
    pub approving_body: Option<String>,
    pub decisions: u32,
    pub status: CaseStatus,
    pub closed: Option<NaiveDate>,
    pub result: Option<CaseResult>,
    pub note: String,
    pub working_days: Option<i64>,
    pub recorded_by: String,
    pub recorded_at: String,
    pub version: u64,
}

impl CaseLine {
    /// The line of `case`.
    pub fn of(case: &Case) -> CaseLine {
        CaseLine {
            id: case.id.clone(),
            filed: case.filed.clone(),
            notice: case.decision.notice.clone(),
            outcome: case.decision.outcome.clone(),
            approving_body: case.decision.approving_body.clone(),
            decisions: case.decisions,
            status: case.status,
            closed: case.closed,
            result: case.result,
            note: case.note.clone(),
            working_days: case.working_days,
            recorded_by: case.recorded_by.clone(),
            recorded_at: case.recorded_at.clone(),
            version: case.version,
        }
    }
}

/// How a case is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    pub on: NaiveDate,
    pub result: CaseResult,
    pub note: String,
}

/// A case with its history: every decision (the first to the one in force) and every event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseHistory {
    pub case: Case,
    pub decisions: Vec<(Filed, RecordedDecision)>,
    pub events: Vec<Event>,
}

/// One item's handover record as a shared store keeps it: the record as the records file
/// writes an item (RON of `delegation_law::records::ItemRecord`, as the `handover` events
/// carry it), its version (1 at the first save; 0 stands for "never saved"), and who saved it,
/// from which machine, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedRecord {
    pub item: u8,
    pub record: String,
    pub version: u64,
    pub saved_by: String,
    pub saved_machine: String,
    pub saved_at: String,
}

/// What is wrong with the store itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The file is not a case register (another database, or no database): left as it was.
    NotAStore(String),
    /// A case register of a newer schema than this program's.
    Newer { found: i64, supported: i64 },
    /// A shared register of an older schema than this program needs: `cases init` on the
    /// schema owner's role brings it up.
    Older { found: i64, needed: i64 },
    /// The store's path is a symbolic link: never opened through.
    Link(String),
    /// The disk is full: the change was not made.
    DiskFull,
    /// Another process held the store past the wait.
    Busy,
    /// The store could not be opened or read or written: the backend's words.
    Backend(String),
    /// The database server (`user@host:port/db`) could not be reached, or failed or refused a
    /// statement: the transaction in progress was rolled back whole (nothing of it saved);
    /// what was committed before stays.
    Server { server: String, why: String },
}

/// Why a change or a query of the register failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseError {
    NotFound(String),
    /// The case changed since the version the change was made from: who changed it, when,
    /// and how it is now.
    Conflict {
        id: String,
        by: String,
        at: String,
        current: Box<Case>,
    },
    /// An item's handover record was saved by another clerk since the version this save was
    /// made from: the record as it is now (who saved it, when). Nothing was saved.
    RecordConflict {
        current: Box<SharedRecord>,
    },
    /// Closing a case already closed.
    AlreadyClosed(String),
    /// Reopening, or correcting the facts of, a case that is not closed / open as needed.
    NotClosed(String),
    /// A closing date before the received date.
    ClosedBeforeReceived {
        id: String,
        received: NaiveDate,
        closed: NaiveDate,
    },
    /// An item the notice does not have.
    NoSuchItem(u8),
    Store(Fault),
}

impl From<Fault> for CaseError {
    fn from(f: Fault) -> CaseError {
        CaseError::Store(f)
    }
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for CaseError {}

/// What [`Cases::verify`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    /// An event whose hash is not its content's, or whose `prev` is not the hash before it,
    /// or a gap in the sequence (an event deleted): the first such.
    Event { seq: u64 },
    /// A case whose row is not its last event's `after`, or that has an event later than the
    /// one it names, or whose events name no row.
    Case { id: String },
    /// An event that records a case's decision (recorded, re-routed) but holds no case that
    /// can be read, or not the one numbered after the case's decision before it.
    Decision { id: String, n: u32 },
    /// An item's handover record in a shared store that is not what the last `handover`
    /// event of that item recorded (who saved it, when, and the record), or that no event
    /// recorded at all.
    Record { item: u8 },
}

/// The operations every backend gives: reads, and a write transaction that holds the audit
/// trail's head until it commits (so the hash chain stays in order under concurrent writers).
pub trait Backend: Send {
    /// Starts a write transaction; another writer waits (up to the backend's timeout).
    fn write(&mut self) -> Result<Box<dyn WriteTx + '_>, Fault>;
    /// A case as its last event recorded it, and that event's sequence number.
    fn case(&mut self, id: &str) -> Result<Option<(Case, u64)>, Fault>;
    /// Events in sequence order: all, or one case's.
    fn events(
        &mut self,
        case: Option<&str>,
        on: &mut dyn FnMut(Event) -> bool,
    ) -> Result<(), Fault>;
    /// The cases a query asks for, in its order, one at a time (memory does not grow with the
    /// table).
    fn list(&mut self, q: &ListQuery, on: &mut dyn FnMut(CaseLine) -> bool) -> Result<(), Fault>;
    /// How many cases the query's filters match (its order and page aside).
    fn count(&mut self, q: &ListQuery) -> Result<Tally, Fault>;
    /// One event.
    fn event(&mut self, seq: u64) -> Result<Option<Event>, Fault>;
    /// Every case's line as the backend holds it, with the event it names as its last
    /// (`None`: no such event), by id.
    fn each_case(
        &mut self,
        on: &mut dyn FnMut(CaseLine, Option<Event>) -> bool,
    ) -> Result<(), Fault>;
    /// For each case id the events name: its last event's sequence number, and the one its
    /// row names (`None`: no row).
    fn last_events(
        &mut self,
        on: &mut dyn FnMut(&str, u64, Option<u64>) -> bool,
    ) -> Result<(), Fault>;
    /// The promised time limits by item.
    fn limits(&mut self) -> Result<BTreeMap<u8, u32>, Fault>;
    /// The year's figures per item (an item without cases may be left out).
    fn year_counts(&mut self, q: &YearQuery<'_>) -> Result<Vec<ItemFigures>, Fault>;
    /// The last event's sequence number (0: none): a cheap look for changes.
    fn head_seq(&mut self) -> Result<u64, Fault>;
    /// The most cases [`Cases::record_ready`] writes in one transaction. A transaction holds
    /// the audit trail's head, so every other writer waits for it: on a file of one PC the
    /// caller's batch, on a server shared by the office a short one.
    fn cases_per_transaction(&self) -> usize {
        usize::MAX
    }
    /// The handover records a shared store keeps, by item (only the items ever saved). A
    /// store that keeps none (SQLite: the records are the data folder's) says so.
    fn records(&mut self) -> Result<Vec<SharedRecord>, Fault> {
        Err(keeps_no_records())
    }
    /// Whether this store keeps the handover records ([`Backend::records`]).
    fn keeps_records(&self) -> bool {
        false
    }
}

/// What a backend that keeps no handover records answers when asked for them.
fn keeps_no_records() -> Fault {
    Fault::Backend(
        "this case register keeps no handover records (they are the data folder's records.ron)"
            .into(),
    )
}

/// One write transaction.
pub trait WriteTx {
    /// The last event's sequence number and hash (`0`, [`GENESIS`] when there is none).
    fn head(&mut self) -> Result<(u64, String), Fault>;
    fn case(&mut self, id: &str) -> Result<Option<(Case, u64)>, Fault>;
    /// A case's line (cheaper than the whole case: no event read).
    fn line(&mut self, id: &str) -> Result<Option<CaseLine>, Fault>;
    fn event(&mut self, seq: u64) -> Result<Option<Event>, Fault>;
    /// Inserts the case's line (`expected` `None`; `false` when the id is there already), or
    /// updates it where its version is `expected` (`false` when no row had that version).
    fn put_case(
        &mut self,
        case: &Case,
        last_event: u64,
        expected: Option<u64>,
    ) -> Result<bool, Fault>;
    fn append(&mut self, e: &Event) -> Result<(), Fault>;
    /// Sets an item's limit; the one before.
    fn set_limit(&mut self, item: u8, days: Option<u32>) -> Result<Option<u32>, Fault>;
    /// An item's handover record (a shared store's), as this transaction sees it.
    fn record(&mut self, item: u8) -> Result<Option<SharedRecord>, Fault> {
        let _ = item;
        Err(keeps_no_records())
    }
    /// Writes an item's handover record where its version is `expected` (0: where there is
    /// none yet); `false` when no row had that version. `last_event` is its `handover` event.
    fn put_record(
        &mut self,
        record: &SharedRecord,
        last_event: u64,
        expected: u64,
    ) -> Result<bool, Fault> {
        let _ = (record, last_event, expected);
        Err(keeps_no_records())
    }
    fn commit(self: Box<Self>) -> Result<(), Fault>;
}

/// The case register over a backend: the one place its rules are kept.
pub struct Cases {
    backend: Box<dyn Backend>,
}

/// A write in progress: the transaction and the chain's head as it moves.
struct Writing<'a> {
    tx: Box<dyn WriteTx + 'a>,
    seq: u64,
    hash: String,
}

impl Writing<'_> {
    /// Appends an event made ahead: numbered and hashed here, in the chain's order. Its texts
    /// stay with `e`, to be freed by the thread that made them.
    fn append(&mut self, e: &mut Unnumbered) -> Result<u64, Fault> {
        let tx = &mut self.tx;
        let (done, seq, hash) = e.numbered_with(self.seq, &self.hash, |e| tx.append(e));
        done?;
        self.seq = seq;
        self.hash = hash;
        Ok(self.seq)
    }

    fn event(
        &mut self,
        actor: &Actor,
        case: Option<&str>,
        kind: EventKind,
        before: Option<String>,
        after: Option<String>,
    ) -> Result<u64, Fault> {
        self.append(&mut Unnumbered::new(actor, case, kind, before, after))
    }
}

fn json(case: &Case) -> String {
    serde_json::to_string(case).expect("a case always serialises")
}

impl Cases {
    pub fn new(backend: Box<dyn Backend>) -> Cases {
        Cases { backend }
    }

    fn writing(&mut self) -> Result<Writing<'_>, Fault> {
        let mut tx = self.backend.write()?;
        let (seq, hash) = tx.head()?;
        Ok(Writing { tx, seq, hash })
    }

    /// A case to record, made ready on any thread: the case with its JSON and its event,
    /// all but the event's number and the hash before it (see [`Cases::record_ready`]).
    pub fn ready(c: NewCase, actor: &Actor) -> Ready {
        let case = Case {
            id: c.id,
            filed: c.filed,
            decision: c.decision,
            decisions: 1,
            status: CaseStatus::Open,
            closed: None,
            result: None,
            note: String::new(),
            working_days: None,
            recorded_by: actor.who.clone(),
            recorded_at: actor.at.clone(),
            version: 1,
        };
        let event = Unnumbered::new(
            actor,
            Some(&case.id),
            EventKind::Recorded,
            None,
            Some(json(&case)),
        );
        Ready { case, event }
    }

    /// Records cases, all in one transaction: each new one with its decision and its event;
    /// one recorded before with the same facts is left as it is; one with other facts is a
    /// conflict, not changed. An id twice in `cases` is recorded once (the second is "already
    /// there" or a conflict, as against any earlier record).
    pub fn record_all(
        &mut self,
        cases: &[NewCase],
        actor: &Actor,
    ) -> Result<Vec<Recorded>, CaseError> {
        self.record_ready(
            &mut cases
                .iter()
                .map(|c| Cases::ready(c.clone(), actor))
                .collect::<Vec<_>>(),
        )
    }

    /// [`Cases::record_all`] of cases made ready ([`Cases::ready`]), perhaps on another thread:
    /// the one that writes only numbers, hashes and stores them. The cases are left to the
    /// caller, to be freed where they were made (glibc frees another thread's memory slowly).
    /// At most [`Backend::cases_per_transaction`] cases are written per transaction: an error
    /// leaves those of the transactions before it recorded (a rerun records the rest).
    pub fn record_ready(&mut self, cases: &mut [Ready]) -> Result<Vec<Recorded>, CaseError> {
        let per = self.backend.cases_per_transaction().max(1);
        let mut out = Vec::with_capacity(cases.len());
        for part in cases.chunks_mut(per) {
            self.record_in_one_transaction(part, &mut out)?;
        }
        Ok(out)
    }

    fn record_in_one_transaction(
        &mut self,
        cases: &mut [Ready],
        out: &mut Vec<Recorded>,
    ) -> Result<(), CaseError> {
        let mut w = self.writing()?;
        for Ready { case, event } in cases {
            // The row first, naming the event that follows in this transaction: one look-up
            // of the id, by the insert itself, and the event only for a case that is new.
            if !w.tx.put_case(case, w.seq + 1, None)? {
                let existing = w.tx.line(&case.id)?.map(|l| l.filed);
                out.push(match existing {
                    Some(filed) if filed.same_facts(&case.filed) => Recorded::AlreadyThere,
                    _ => match w.tx.case(&case.id)? {
                        Some((now, _)) => Recorded::Conflict(Box::new(now)),
                        None => return Err(CaseError::NotFound(case.id.clone())),
                    },
                });
                continue;
            }
            w.append(event)?;
            out.push(Recorded::New);
        }
        w.tx.commit()?;
        Ok(())
    }

    /// Records one case.
    pub fn record(&mut self, case: &NewCase, actor: &Actor) -> Result<Recorded, CaseError> {
        Ok(self
            .record_all(std::slice::from_ref(case), actor)?
            .pop()
            .unwrap_or(Recorded::AlreadyThere))
    }

    /// Changes a case from `version` (`None`: whatever it is now) by `change`, with its event.
    fn change(
        &mut self,
        id: &str,
        version: Option<u64>,
        actor: &Actor,
        kind: EventKind,
        change: impl FnOnce(&mut Case) -> Result<(), CaseError>,
    ) -> Result<Case, CaseError> {
        let mut w = self.writing()?;
        let Some((mut case, last)) = w.tx.case(id)? else {
            return Err(CaseError::NotFound(id.to_string()));
        };
        let expected = case.version;
        if version.is_some_and(|v| v != expected) {
            return Err(conflict(w, case, last));
        }
        let before = json(&case);
        change(&mut case)?;
        case.version = expected + 1;
        let seq = w.seq + 1;
        if !w.tx.put_case(&case, seq, Some(expected))? {
            // Changed between the read and the write: only a backend without row locks lets
            // that happen; the caller sees it as any other conflict.
            let (now, last) =
                w.tx.case(id)?
                    .ok_or_else(|| CaseError::NotFound(id.into()))?;
            return Err(conflict(w, now, last));
        }
        w.event(actor, Some(id), kind, Some(before), Some(json(&case)))?;
        w.tx.commit()?;
        Ok(case)
    }

    /// Closes an open case on `on` with `result`, counting the working days it took by `cal`.
    pub fn close(
        &mut self,
        id: &str,
        version: Option<u64>,
        closing: &Closing,
        cal: &Calendar,
        actor: &Actor,
    ) -> Result<Case, CaseError> {
        let Closing { on, result, note } = closing;
        let (on, result) = (*on, *result);
        self.change(id, version, actor, EventKind::Closed, |c| {
            if c.status == CaseStatus::Closed {
                return Err(CaseError::AlreadyClosed(c.id.clone()));
            }
            if on < c.filed.received {
                return Err(CaseError::ClosedBeforeReceived {
                    id: c.id.clone(),
                    received: c.filed.received,
                    closed: on,
                });
            }
            c.status = CaseStatus::Closed;
            c.closed = Some(on);
            c.result = Some(result);
            c.note = note.clone();
            c.working_days = Some(working_days(cal, c.filed.received, on));
            Ok(())
        })
    }

    /// Reopens a closed case: its closing date, result and working days are cleared (the
    /// audit trail keeps them); its note stays.
    pub fn reopen(
        &mut self,
        id: &str,
        version: Option<u64>,
        actor: &Actor,
    ) -> Result<Case, CaseError> {
        self.change(id, version, actor, EventKind::Reopened, |c| {
            if c.status != CaseStatus::Closed {
                return Err(CaseError::NotClosed(c.id.clone()));
            }
            c.status = CaseStatus::Open;
            c.closed = None;
            c.result = None;
            c.working_days = None;
            Ok(())
        })
    }

    /// A corrected fact: the case's filing becomes `filed`, routed anew to `decision`, which is
    /// added to its decisions (the earlier ones kept). The id is the case's own. A closed case
    /// keeps its closing, its working days counted again by `cal` from the corrected received
    /// date, which may not be after it ([`CaseError::ClosedBeforeReceived`]).
    pub fn reroute(
        &mut self,
        id: &str,
        version: Option<u64>,
        filed: Filed,
        decision: RecordedDecision,
        cal: &Calendar,
        actor: &Actor,
    ) -> Result<Case, CaseError> {
        self.change(id, version, actor, EventKind::Rerouted, move |c| {
            if let Some(closed) = c.closed {
                if closed < filed.received {
                    return Err(CaseError::ClosedBeforeReceived {
                        id: c.id.clone(),
                        received: filed.received,
                        closed,
                    });
                }
                c.working_days = Some(working_days(cal, filed.received, closed));
            }
            c.filed = filed;
            c.decision = decision;
            c.decisions += 1;
            Ok(())
        })
    }

    /// Sets an item's promised time limit in working days (`None`: none).
    pub fn set_limit(
        &mut self,
        cat: &Catalogue,
        item: u8,
        days: Option<u32>,
        actor: &Actor,
    ) -> Result<(), CaseError> {
        if cat.item(item).is_none() {
            return Err(CaseError::NoSuchItem(item));
        }
        let mut w = self.writing()?;
        let before = w.tx.set_limit(item, days)?;
        let state = |d: Option<u32>| serde_json::json!({ "item": item, "days": d }).to_string();
        w.event(
            actor,
            None,
            EventKind::Limit,
            Some(state(before)),
            Some(state(days)),
        )?;
        w.tx.commit()?;
        Ok(())
    }

    /// Records that a handover record was saved: the item's record before and after (as the
    /// records file writes them).
    pub fn handover_saved(
        &mut self,
        item: u8,
        before: &str,
        after: &str,
        actor: &Actor,
    ) -> Result<(), CaseError> {
        let mut w = self.writing()?;
        handover_event(&mut w, item, before, after, actor)?;
        w.tx.commit()?;
        Ok(())
    }

    /// The handover records of a shared store, by item: only the items ever saved there.
    pub fn records(&mut self) -> Result<Vec<SharedRecord>, CaseError> {
        Ok(self.backend.records()?)
    }

    /// Saves an item's handover record (`record`: the item as the records file writes it) in
    /// a shared store, made from version `read` (0: the item was never saved there), with its
    /// `handover` event, in one transaction. The same record as the store's is left as it is
    /// (no event). Another clerk's save since `read` is a [`CaseError::RecordConflict`]:
    /// nothing saved. Returns the record as the store now holds it.
    pub fn save_record(
        &mut self,
        item: u8,
        record: &str,
        read: u64,
        actor: &Actor,
    ) -> Result<SharedRecord, CaseError> {
        let mut w = self.writing()?;
        let now = w.tx.record(item)?;
        let version = now.as_ref().map_or(0, |r| r.version);
        if version != read {
            return Err(record_conflict(item, now));
        }
        if let Some(now) = now.as_ref().filter(|r| r.record == record) {
            return Ok(now.clone());
        }
        let before = now.map(|r| r.record).unwrap_or_default();
        let saved = SharedRecord {
            item,
            record: record.to_string(),
            version: read + 1,
            saved_by: actor.who.clone(),
            saved_machine: actor.machine.clone(),
            saved_at: actor.at.clone(),
        };
        if !w.tx.put_record(&saved, w.seq + 1, read)? {
            // Saved by another between the read and the write: only a backend without row
            // locks lets that happen; the caller sees it as any other conflict.
            let now = w.tx.record(item)?;
            return Err(record_conflict(item, now));
        }
        handover_event(&mut w, item, &before, record, actor)?;
        w.tx.commit()?;
        Ok(saved)
    }

    pub fn case(&mut self, id: &str) -> Result<Option<Case>, CaseError> {
        Ok(self.backend.case(id)?.map(|(c, _)| c))
    }

    /// A case with its decisions and events. Its decisions are those its events recorded
    /// (recorded, re-routed), each the `after` of its event: the trail keeps them.
    pub fn history(&mut self, id: &str) -> Result<Option<CaseHistory>, CaseError> {
        let Some((case, _)) = self.backend.case(id)? else {
            return Ok(None);
        };
        let mut events = Vec::new();
        self.backend.events(Some(id), &mut |e| {
            events.push(e);
            true
        })?;
        let decisions = events
            .iter()
            .filter(|e| e.records_decision())
            .filter_map(|e| e.after_case())
            .map(|c| (c.filed, c.decision))
            .collect();
        Ok(Some(CaseHistory {
            case,
            decisions,
            events,
        }))
    }

    /// The cases `q` asks for, one at a time, until `on` says stop.
    pub fn list(
        &mut self,
        q: &ListQuery,
        on: &mut dyn FnMut(CaseLine) -> bool,
    ) -> Result<(), CaseError> {
        Ok(self.backend.list(q, on)?)
    }

    /// How many cases `q`'s filters match.
    pub fn count(&mut self, q: &ListQuery) -> Result<Tally, CaseError> {
        Ok(self.backend.count(q)?)
    }

    /// Events in order: all, or one case's.
    pub fn events(
        &mut self,
        case: Option<&str>,
        on: &mut dyn FnMut(Event) -> bool,
    ) -> Result<(), CaseError> {
        Ok(self.backend.events(case, on)?)
    }

    pub fn limits(&mut self) -> Result<BTreeMap<u8, u32>, CaseError> {
        Ok(self.backend.limits()?)
    }

    /// The last event's sequence number: it changes with every change by anyone.
    pub fn head_seq(&mut self) -> Result<u64, CaseError> {
        Ok(self.backend.head_seq()?)
    }

    /// The year's figures for every item of the catalogue (zeros for an item without cases),
    /// overdue as of `today`.
    pub fn year_figures(
        &mut self,
        cat: &Catalogue,
        cal: &Calendar,
        year: i32,
        today: NaiveDate,
    ) -> Result<Vec<ItemFigures>, CaseError> {
        let limits = self.backend.limits()?;
        let cutoffs = limits
            .iter()
            .map(|(&item, &days)| (item, overdue_cutoff(cal, days, today)))
            .collect();
        let q = YearQuery {
            year,
            today,
            cat,
            cal,
            limits: &limits,
            cutoffs: &cutoffs,
        };
        let mut counted: BTreeMap<u8, ItemFigures> = self
            .backend
            .year_counts(&q)?
            .into_iter()
            .map(|f| (f.item, f))
            .collect();
        Ok(cat
            .items
            .iter()
            .map(|i| {
                counted
                    .remove(&i.no)
                    .unwrap_or_else(|| ItemFigures::new(i.no))
            })
            .collect())
    }

    /// Checks the audit trail and every case against it: `Ok(n)` with the number of events,
    /// or the first thing that does not fit.
    pub fn verify(&mut self) -> Result<Result<u64, Broken>, CaseError> {
        // The chain, in order: each event's hash is its content's, its `prev` the one before;
        // each decision a case's events record is one that can be read, numbered in turn.
        let (mut seq, mut hash) = (0u64, GENESIS.to_string());
        let mut broken = None;
        // Each item's last `handover` event (at most one per item: the pass keeps 12).
        let mut handovers: BTreeMap<u8, Event> = BTreeMap::new();
        self.backend.events(None, &mut |e| {
            if e.seq != seq + 1 || e.prev != hash || e.hash != e.computed_hash() {
                broken = Some(Broken::Event {
                    seq: e.seq.min(seq + 1),
                });
                return false;
            }
            // Its number is the one before it plus one, as the event's own `before` says
            // (so that this pass keeps nothing per case).
            if let (true, Some(id)) = (e.records_decision(), e.case.as_deref()) {
                let before = e.before_case().map_or(0, |c| c.decisions);
                let fits = (e.kind == EventKind::Recorded) == e.before.is_none()
                    && e.after_case()
                        .is_some_and(|c| c.id == id && c.decisions == before + 1);
                if !fits {
                    broken = Some(Broken::Decision {
                        id: id.to_string(),
                        n: before + 1,
                    });
                    return false;
                }
            }
            if e.kind == EventKind::Handover
                && let Some(item) = e.after.as_deref().and_then(handover_item)
            {
                seq = e.seq;
                hash = e.hash.clone();
                handovers.insert(item, e);
                return true;
            }
            seq = e.seq;
            hash = e.hash;
            true
        })?;
        if let Some(b) = broken {
            return Ok(Err(b));
        }
        // Every case's line is its last event's `after`, and names the last event of its own.
        let mut broken = None;
        self.backend.each_case(&mut |line, last| {
            let fits = last.is_some_and(|e| {
                e.case.as_deref() == Some(line.id.as_str())
                    && e.after_case().is_some_and(|c| CaseLine::of(&c) == line)
            });
            if !fits {
                broken = Some(Broken::Case { id: line.id });
            }
            broken.is_none()
        })?;
        self.backend.last_events(&mut |id, last, named| {
            if named != Some(last) {
                broken = Some(Broken::Case { id: id.to_string() });
            }
            broken.is_none()
        })?;
        if let Some(b) = broken {
            return Ok(Err(b));
        }
        // Every handover record a shared store keeps is its item's last `handover` event's.
        if self.backend.keeps_records() {
            for row in self.backend.records()? {
                let fits = handovers.get(&row.item).is_some_and(|e| {
                    e.who == row.saved_by
                        && e.machine == row.saved_machine
                        && e.at == row.saved_at
                        && e.after.as_deref().and_then(handover_record).as_deref()
                            == Some(row.record.as_str())
                });
                if !fits {
                    return Ok(Err(Broken::Record { item: row.item }));
                }
            }
        }
        Ok(Ok(seq))
    }
}

/// The item a `handover` event's state names (`{"item": n, "record": "…"}`).
fn handover_item(state: &str) -> Option<u8> {
    let v: serde_json::Value = serde_json::from_str(state).ok()?;
    u8::try_from(v.get("item")?.as_u64()?).ok()
}

/// The record a `handover` event's state holds.
fn handover_record(state: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(state).ok()?;
    Some(v.get("record")?.as_str()?.to_string())
}

/// A `handover` event: the item's record before and after (as the records file writes them).
fn handover_event(
    w: &mut Writing<'_>,
    item: u8,
    before: &str,
    after: &str,
    actor: &Actor,
) -> Result<u64, Fault> {
    let state = |r: &str| serde_json::json!({ "item": item, "record": r }).to_string();
    w.event(
        actor,
        None,
        EventKind::Handover,
        Some(state(before)),
        Some(state(after)),
    )
}

/// The conflict of a save of `item`'s record, which is now `now`.
fn record_conflict(item: u8, now: Option<SharedRecord>) -> CaseError {
    match now {
        Some(current) => CaseError::RecordConflict {
            current: Box::new(current),
        },
        // Rows are never deleted by the program (nor by the clerks' role): only by hand.
        None => CaseError::Store(Fault::Backend(format!(
            "item {item}'s handover record is gone from the store (deleted by hand?)"
        ))),
    }
}

/// The conflict error for `current`, whose last event is `last`: who changed it, and when.
fn conflict(mut w: Writing<'_>, current: Case, last: u64) -> CaseError {
    let (by, at) = match w.tx.event(last) {
        Ok(Some(e)) => (e.who, e.at),
        _ => (current.recorded_by.clone(), current.recorded_at.clone()),
    };
    CaseError::Conflict {
        id: current.id.clone(),
        by,
        at,
        current: Box::new(current),
    }
}
