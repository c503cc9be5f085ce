//! The case register as the desktop app uses it (the 办件台账 screen, 登记为办件): one store,
//! opened at its first use and kept, that the app's jobs share. Each call blocks on the store
//! (a file, or a server over the network): the app makes them on threads of their own, one at
//! a time (the store is behind a lock), never on the window's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use delegation_law::calendar::Calendar;
use delegation_law::cases::{CaseStatus, ItemFigures, is_overdue, overdue_cutoff, working_days};
use delegation_law::catalogue::Catalogue;
use delegation_law::facts::Application;
use delegation_law::router::{Decision, Outcome, Router};
use delegation_store::cases::{
    Actor, Case, CaseError, CaseHistory, CaseLine, Cases, Closing, ListQuery, NewCase, Order,
    Recorded, Tally,
};

use crate::cases::{CaseWords, OpenError, filed, open_cases, recorded_decision};

/// Why the register could not do what was asked.
#[derive(Debug, Clone)]
pub enum DeskError {
    /// It could not be opened.
    Open(OpenError),
    Case(CaseError),
}

impl From<CaseError> for DeskError {
    fn from(e: CaseError) -> DeskError {
        DeskError::Case(e)
    }
}

/// The case register at one place, shared by the app's jobs (a clone is the same register).
#[derive(Clone)]
pub struct Desk {
    path: PathBuf,
    cases: Arc<Mutex<Option<Cases>>>,
}

impl std::fmt::Debug for Desk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desk").field("path", &self.path).finish()
    }
}

/// What the screen filters by (the page and the order aside).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub year: Option<i32>,
    pub item: Option<u8>,
    pub status: Option<CaseStatus>,
    pub result: Option<delegation_law::cases::CaseResult>,
    /// Overdue ones only, as of the day the page is asked for.
    pub overdue: bool,
    /// Text in the 办件编号 or the applicant (blank: all).
    pub search: String,
}

/// One line of a page, with what the law says of it today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub case: CaseLine,
    /// The working days it took (closed), or so far (open).
    pub working_days: i64,
    pub overdue: bool,
}

/// A page of the register: its lines, where it starts, and how many the filters match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub lines: Vec<Line>,
    pub skip: u64,
    pub tally: Tally,
    /// The items' time limits in working days (none set: not there).
    pub limits: BTreeMap<u8, u32>,
}

/// What [`Desk::record_rows`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowsRecorded {
    /// Rows gone through (recorded, there already, in conflict or INVALID).
    pub rows: usize,
    pub recorded: usize,
    pub already: usize,
    /// Rows whose number was recorded before with other facts: row, id, by whom, when.
    pub conflicts: Vec<(u32, String, String, String)>,
    /// INVALID rows: row, id.
    pub invalid: Vec<(u32, String)>,
    /// Stopped by the clerk before the end.
    pub cancelled: bool,
}

/// A case's card: the case, its decisions and events, and what the law says of it today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub history: CaseHistory,
    pub limit: Option<u32>,
    pub working_days: i64,
    pub overdue: bool,
}

impl Desk {
    /// The register at `path` (a file, or a `postgres://` server), not opened yet.
    pub fn at(path: PathBuf) -> Desk {
        Desk {
            path,
            cases: Arc::new(Mutex::new(None)),
        }
    }

    /// A register kept in memory for the app's life (the app without a data folder: tests).
    pub fn in_memory() -> Desk {
        let cases = Cases::new(Box::new(delegation_store::cases::memory::Memory::new()));
        Desk {
            path: PathBuf::new(),
            cases: Arc::new(Mutex::new(Some(cases))),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where another process may change the register too (`None`: one in memory).
    pub fn watchable(&self) -> Option<&Path> {
        (!self.path.as_os_str().is_empty()).then_some(self.path.as_path())
    }

    /// Runs `f` on the register, opening it first where it is not open. A failure of the store
    /// itself closes it, so that the next call opens it anew (a server come back).
    fn with<T>(&self, f: impl FnOnce(&mut Cases) -> Result<T, CaseError>) -> Result<T, DeskError> {
        // A job that panicked left the lock poisoned: the register in it is still whole (every
        // change is one transaction), so it is used.
        let mut held = self.cases.lock().unwrap_or_else(|p| p.into_inner());
        if held.is_none() {
            *held = Some(open_cases(&self.path).map_err(DeskError::Open)?);
        }
        let cases = held.as_mut().expect("opened above");
        let done = f(cases);
        // (One in memory has nothing to open again.)
        if matches!(done, Err(CaseError::Store(_))) && !self.path.as_os_str().is_empty() {
            *held = None;
        }
        Ok(done?)
    }

    /// The page of `filter`'s cases in `order` starting at `skip`, at most `take`, counted and
    /// marked as of `today`.
    pub fn page(
        &self,
        filter: &Filter,
        order: Order,
        skip: u64,
        take: u64,
        cal: &Calendar,
        today: NaiveDate,
    ) -> Result<Page, DeskError> {
        self.page_if(filter, order, skip, take, cal, today, &|| true)
            .map(|p| p.expect("always wanted"))
    }

    /// [`Desk::page`], unless `wanted` says no once the register is free (`Ok(None)`): a clerk
    /// typing a search asks for a page a keystroke, and only the last one is read.
    #[allow(clippy::too_many_arguments)]
    pub fn page_if(
        &self,
        filter: &Filter,
        order: Order,
        skip: u64,
        take: u64,
        cal: &Calendar,
        today: NaiveDate,
        wanted: &dyn Fn() -> bool,
    ) -> Result<Option<Page>, DeskError> {
        self.with(|cases| {
            if !wanted() {
                return Ok(None);
            }
            let limits = cases.limits()?;
            let search = filter.search.trim();
            let q = ListQuery {
                year: filter.year,
                item: filter.item,
                open: filter.status == Some(CaseStatus::Open),
                closed: filter.status == Some(CaseStatus::Closed),
                result: filter.result,
                overdue: filter.overdue.then(|| {
                    limits
                        .iter()
                        .map(|(&item, &days)| (item, (days, overdue_cutoff(cal, days, today))))
                        .collect()
                }),
                search: (!search.is_empty()).then(|| search.to_string()),
                order,
                skip,
                take: Some(take),
            };
            let tally = cases.count(&q)?;
            // A page past the middle is read from the other end: a store passes over what it
            // skips, so the last page of a million costs what the first does.
            let from_end = skip > tally.cases / 2 && skip < tally.cases;
            let q = if from_end {
                let take = take.min(tally.cases - skip);
                ListQuery {
                    order: reversed(order),
                    skip: tally.cases - skip - take,
                    take: Some(take),
                    ..q
                }
            } else {
                q
            };
            let mut lines = Vec::new();
            cases.list(&q, &mut |case| {
                lines.push(line(cal, &limits, case, today));
                true
            })?;
            if from_end {
                lines.reverse();
            }
            Ok(Some(Page {
                lines,
                skip,
                tally,
                limits,
            }))
        })
    }

    /// The notices the cases received last were routed by and `held` lacks
    /// ([`crate::cases::notices_not_held`]).
    pub fn notices_not_held(
        &self,
        held: &delegation_law::notices::Notices,
    ) -> Result<Vec<String>, DeskError> {
        self.with(|cases| crate::cases::notices_not_held(cases, held))
    }

    /// A case's card (`None`: no such case).
    pub fn card(
        &self,
        id: &str,
        cal: &Calendar,
        today: NaiveDate,
    ) -> Result<Option<Card>, DeskError> {
        self.with(|cases| {
            let Some(history) = cases.history(id)? else {
                return Ok(None);
            };
            let limit = cases.limits()?.get(&history.case.filed.item).copied();
            let (working_days, overdue) = standing(cal, limit, &CaseLine::of(&history.case), today);
            Ok(Some(Card {
                working_days,
                overdue,
                limit,
                history,
            }))
        })
    }

    /// Records one application as routed to `decision` (its case number is `app.id`, which
    /// the caller has checked is not empty).
    pub fn record(
        &self,
        app: &Application,
        applicant: &str,
        decision: &Decision,
        words: &dyn CaseWords,
        actor: &Actor,
    ) -> Result<Recorded, DeskError> {
        let new = NewCase {
            id: app.id.trim().to_string(),
            filed: filed(app, applicant),
            decision: recorded_decision(decision, words, &actor.at),
        };
        self.with(|cases| cases.record(&new, actor))
    }

    /// Records every application of a register the batch screen holds (`rows`: each one's
    /// sheet row, its application and applicant), routed by `router` as the screen routed
    /// them: an INVALID one is named and left out, the rest recorded [`crate::cases::BATCH`]
    /// a transaction. `progress` hears the rows done after each transaction; `cancel` is looked
    /// at between them (what was committed stays, as with a killed `cases add`, and a second
    /// run records the rest with no duplicate).
    pub fn record_rows(
        &self,
        rows: &[(u32, Application, String)],
        router: &Router<'_>,
        words: &dyn CaseWords,
        actor: &Actor,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(usize),
    ) -> Result<RowsRecorded, DeskError> {
        let mut done = RowsRecorded::default();
        for chunk in rows.chunks(crate::cases::BATCH) {
            if cancel.load(Ordering::Relaxed) {
                done.cancelled = true;
                break;
            }
            let mut new = Vec::with_capacity(chunk.len());
            let mut at = Vec::with_capacity(chunk.len());
            for (row, app, applicant) in chunk {
                let d = router.route(app);
                if d.outcome == Outcome::Invalid {
                    done.invalid.push((*row, app.id.clone()));
                    continue;
                }
                new.push(NewCase {
                    id: app.id.trim().to_string(),
                    filed: filed(app, applicant),
                    decision: recorded_decision(&d, words, &actor.at),
                });
                at.push(*row);
            }
            let recorded = self.with(|cases| cases.record_all(&new, actor))?;
            for ((row, case), r) in at.into_iter().zip(&new).zip(recorded) {
                match r {
                    Recorded::New => done.recorded += 1,
                    Recorded::AlreadyThere => done.already += 1,
                    Recorded::Conflict(c) => done.conflicts.push((
                        row,
                        case.id.clone(),
                        c.recorded_by.clone(),
                        c.recorded_at.clone(),
                    )),
                }
            }
            done.rows += chunk.len();
            progress(done.rows);
        }
        Ok(done)
    }

    /// A corrected fact: the case `id` (from `version`) filed anew as `app` and routed to
    /// `decision`, its earlier decisions kept (a closed case's working days counted again by
    /// `cal`).
    #[allow(clippy::too_many_arguments)]
    pub fn reroute(
        &self,
        id: &str,
        version: u64,
        app: &Application,
        applicant: &str,
        decision: &Decision,
        words: &dyn CaseWords,
        cal: &Calendar,
        actor: &Actor,
    ) -> Result<Case, DeskError> {
        let filed = filed(app, applicant);
        let decision = recorded_decision(decision, words, &actor.at);
        self.with(|cases| cases.reroute(id, Some(version), filed, decision, cal, actor))
    }

    /// Closes the case `id` from `version` (the one on the card).
    pub fn close(
        &self,
        id: &str,
        version: u64,
        closing: &Closing,
        cal: &Calendar,
        actor: &Actor,
    ) -> Result<Case, DeskError> {
        self.with(|cases| cases.close(id, Some(version), closing, cal, actor))
    }

    /// Reopens the closed case `id` from `version`.
    pub fn reopen(&self, id: &str, version: u64, actor: &Actor) -> Result<Case, DeskError> {
        self.with(|cases| cases.reopen(id, Some(version), actor))
    }

    /// The year's figures for every item (zeros where none), overdue as of `today`, and the
    /// items' time limits.
    pub fn figures(
        &self,
        year: i32,
        cal: &Calendar,
        today: NaiveDate,
    ) -> Result<(Vec<ItemFigures>, BTreeMap<u8, u32>), DeskError> {
        self.with(|cases| {
            let figures = cases.year_figures(Catalogue::embedded(), cal, year, today)?;
            Ok((figures, cases.limits()?))
        })
    }

    /// Sets an item's promised time limit in working days (`None`: none), audited.
    pub fn set_limit(&self, item: u8, days: Option<u32>, actor: &Actor) -> Result<(), DeskError> {
        self.with(|cases| cases.set_limit(Catalogue::embedded(), item, days, actor))
    }

    /// The last change's number: it moves with every change, by anyone.
    pub fn head(&self) -> Result<u64, DeskError> {
        self.with(|cases| cases.head_seq())
    }
}

/// A recorded case's application as the router takes it: its facts read back from what the
/// store keeps (the applications file's RON), `None` for facts this program did not write.
pub fn application_of(id: &str, filed: &delegation_store::cases::Filed) -> Option<Application> {
    Some(Application {
        id: id.to_string(),
        item: filed.item,
        received: filed.received,
        in_zone: filed.in_zone,
        facts: ron::from_str(&filed.facts).ok()?,
    })
}

/// The order that lists the same cases the other way round.
fn reversed(order: Order) -> Order {
    match order {
        Order::Received => Order::ReceivedLatest,
        Order::ReceivedLatest => Order::Received,
        Order::Closed => Order::ClosedLatest,
        Order::ClosedLatest => Order::Closed,
    }
}

/// A case's line with its working days and overdue mark as of `today`.
fn line(cal: &Calendar, limits: &BTreeMap<u8, u32>, case: CaseLine, today: NaiveDate) -> Line {
    let limit = limits.get(&case.filed.item).copied();
    let (working_days, overdue) = standing(cal, limit, &case, today);
    Line {
        working_days,
        overdue,
        case,
    }
}

/// A case's working days (those it took, kept at its closing; else so far) and whether it is
/// past `limit`, as of `today`.
fn standing(cal: &Calendar, limit: Option<u32>, c: &CaseLine, today: NaiveDate) -> (i64, bool) {
    let end = c.closed.unwrap_or(today);
    (
        c.working_days
            .unwrap_or_else(|| working_days(cal, c.filed.received, end)),
        is_overdue(cal, limit, c.filed.received, c.closed, today),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use delegation_store::cases::{Filed, RecordedDecision};

    /// Every page, read from either end, is the slice of the whole list it names, in every
    /// order; a page past the end is empty.
    #[test]
    fn pages_past_the_middle_are_the_same_cases_read_from_the_other_end() {
        let desk = Desk::in_memory();
        let cal = Calendar::embedded();
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let actor = Actor {
            who: "t".into(),
            machine: "m".into(),
            at: "2026-03-01T09:00:00+08:00".into(),
        };
        desk.with(|cases| {
            let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
            let new: Vec<NewCase> = (0..53)
                .map(|i| NewCase {
                    id: format!("C-{i:02}"),
                    filed: Filed {
                        item: 2,
                        // Two cases a day: the id breaks the tie.
                        received: start + chrono::Duration::days(i / 2),
                        in_zone: true,
                        facts: "General".into(),
                        applicant: String::new(),
                    },
                    decision: RecordedDecision {
                        at: actor.at.clone(),
                        notice: "n".into(),
                        outcome: "COMMITTEE".into(),
                        approving_body: None,
                        mode: None,
                        in_name_of: None,
                        answerable: None,
                        clause: "c".into(),
                        finding: "f".into(),
                        flips: String::new(),
                    },
                })
                .collect();
            cases.record_all(&new, &actor)?;
            for i in (0..53).step_by(4) {
                let on = start + chrono::Duration::days(40 + (i * 7) % 30);
                let closing = Closing {
                    on,
                    result: delegation_law::cases::CaseResult::Granted,
                    note: String::new(),
                };
                cases.close(&format!("C-{i:02}"), None, &closing, cal, &actor)?;
            }
            Ok(())
        })
        .unwrap();
        for order in Order::ALL {
            let all = desk
                .page(&Filter::default(), order, 0, 1_000, cal, today)
                .unwrap();
            let ids: Vec<&str> = all.lines.iter().map(|l| l.case.id.as_str()).collect();
            assert_eq!(ids.len(), 53);
            for skip in (0..60).step_by(5) {
                let page = desk
                    .page(&Filter::default(), order, skip, 10, cal, today)
                    .unwrap();
                let got: Vec<&str> = page.lines.iter().map(|l| l.case.id.as_str()).collect();
                let from = (skip as usize).min(53);
                let to = (from + 10).min(53);
                assert_eq!(got, ids[from..to], "{order:?} from {skip}");
                assert_eq!(page.tally.cases, 53);
            }
        }
    }
}

#[cfg(test)]
mod record_rows_tests {
    use super::*;
    use delegation_law::facts::Facts;

    fn rows(n: u32) -> Vec<(u32, Application, String)> {
        (0..n)
            .map(|i| {
                let app = Application {
                    id: format!("R-{i:05}"),
                    // Item 13 is no item: INVALID, named and left out.
                    item: if i == 7 { 13 } else { 1 },
                    received: NaiveDate::from_ymd_opt(2024, 7, 1).unwrap(),
                    in_zone: true,
                    facts: Facts::General,
                };
                (i + 2, app, format!("申请人{i}"))
            })
            .collect()
    }

    fn actor() -> Actor {
        Actor {
            who: "t".into(),
            machine: "m".into(),
            at: "2024-07-01T09:00:00+08:00".into(),
        }
    }

    struct Words;
    impl CaseWords for Words {
        fn finding(&self, _: &Decision) -> String {
            "f".into()
        }
        fn flips(&self, _: &Decision) -> String {
            String::new()
        }
    }

    /// Every row is recorded, INVALID ones named, progress heard after each transaction, and a
    /// second run records nothing twice; a cancel before the start records nothing.
    #[test]
    fn rows_are_recorded_a_transaction_at_a_time_and_a_cancel_stops_between() {
        let desk = Desk::in_memory();
        let router = Router::new(
            Catalogue::embedded(),
            Calendar::embedded(),
            BTreeMap::new(),
            delegation_law::calendar::StartDay::default(),
            delegation_law::deadlines::ValidityConvention::default(),
        );
        let cancel = AtomicBool::new(true);
        let none = desk
            .record_rows(&rows(10), &router, &Words, &actor(), &cancel, &mut |_| {})
            .unwrap();
        assert!(none.cancelled);
        assert_eq!(none.rows, 0);
        cancel.store(false, Ordering::Relaxed);
        let n = crate::cases::BATCH as u32 * 2 + 5;
        let mut heard = Vec::new();
        let done = desk
            .record_rows(&rows(n), &router, &Words, &actor(), &cancel, &mut |r| {
                heard.push(r)
            })
            .unwrap();
        assert_eq!(done.rows, n as usize);
        assert_eq!(done.recorded, n as usize - 1);
        assert_eq!(done.invalid, vec![(9, "R-00007".to_string())]);
        assert_eq!(heard, [2_000, 4_000, n as usize]);
        let again = desk
            .record_rows(&rows(n), &router, &Words, &actor(), &cancel, &mut |_| {})
            .unwrap();
        assert_eq!((again.recorded, again.already), (0, n as usize - 1));
    }
}
