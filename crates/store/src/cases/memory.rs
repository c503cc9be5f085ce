//! A case register held in memory: the same rules as on disk (the logic is [`super::Cases`]'),
//! for tests and for a session that keeps nothing. A write transaction keeps its changes
//! aside and applies them at its commit; dropped, it leaves the register as it was.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::Datelike;
use delegation_law::cases::{CaseFacts, ItemFigures, year_figures};
use delegation_law::router::Outcome;

use super::{
    Backend, Case, CaseLine, Event, Fault, GENESIS, ListQuery, Order, SharedRecord, Tally, WriteTx,
    YearQuery,
};

#[derive(Debug, Clone, Default)]
struct State {
    /// Each case with its last event.
    cases: BTreeMap<String, (Case, u64)>,
    events: Vec<Event>,
    limits: BTreeMap<u8, u32>,
    /// The handover records, as a shared store keeps them (by item).
    records: BTreeMap<u8, SharedRecord>,
}

/// The register in memory. A clone is another handle on the same register (two "windows" on
/// one store, in tests).
#[derive(Debug, Clone, Default)]
pub struct Memory {
    state: Arc<Mutex<State>>,
}

impl Memory {
    pub fn new() -> Memory {
        Memory::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Changes an event behind the register's back, as an attacker with the file would (tests
    /// of [`super::Cases::verify`]).
    #[doc(hidden)]
    pub fn tamper_event(&self, seq: u64, edit: impl FnOnce(&mut Event)) {
        if let Some(e) = self.state().events.iter_mut().find(|e| e.seq == seq) {
            edit(e);
        }
    }

    /// Removes an event behind the register's back (tests).
    #[doc(hidden)]
    pub fn delete_event(&self, seq: u64) {
        self.state().events.retain(|e| e.seq != seq);
    }

    /// Changes a case behind the register's back (tests).
    #[doc(hidden)]
    pub fn tamper_case(&self, id: &str, edit: impl FnOnce(&mut Case)) {
        if let Some((c, _)) = self.state().cases.get_mut(id) {
            edit(c);
        }
    }
}

struct Tx<'a> {
    state: MutexGuard<'a, State>,
    cases: BTreeMap<String, (Case, u64)>,
    events: Vec<Event>,
    limits: BTreeMap<u8, Option<u32>>,
    records: BTreeMap<u8, SharedRecord>,
}

impl WriteTx for Tx<'_> {
    fn head(&mut self) -> Result<(u64, String), Fault> {
        Ok(self
            .events
            .last()
            .or(self.state.events.last())
            .map_or((0, GENESIS.to_string()), |e| (e.seq, e.hash.clone())))
    }

    fn case(&mut self, id: &str) -> Result<Option<(Case, u64)>, Fault> {
        Ok(self
            .cases
            .get(id)
            .or_else(|| self.state.cases.get(id))
            .cloned())
    }

    fn line(&mut self, id: &str) -> Result<Option<CaseLine>, Fault> {
        Ok(self.case(id)?.map(|(c, _)| CaseLine::of(&c)))
    }

    fn event(&mut self, seq: u64) -> Result<Option<Event>, Fault> {
        Ok(self
            .events
            .iter()
            .chain(&self.state.events)
            .find(|e| e.seq == seq)
            .cloned())
    }

    fn put_case(&mut self, case: &Case, last: u64, expected: Option<u64>) -> Result<bool, Fault> {
        let now = self.case(&case.id)?;
        let fits = match (expected, &now) {
            (None, None) => true,
            (Some(v), Some((c, _))) => c.version == v,
            _ => false,
        };
        if fits {
            self.cases.insert(case.id.clone(), (case.clone(), last));
        }
        Ok(fits)
    }

    fn append(&mut self, e: &Event) -> Result<(), Fault> {
        self.events.push(e.clone());
        Ok(())
    }

    fn set_limit(&mut self, item: u8, days: Option<u32>) -> Result<Option<u32>, Fault> {
        let before = match self.limits.get(&item) {
            Some(d) => *d,
            None => self.state.limits.get(&item).copied(),
        };
        self.limits.insert(item, days);
        Ok(before)
    }

    fn record(&mut self, item: u8) -> Result<Option<SharedRecord>, Fault> {
        Ok(self
            .records
            .get(&item)
            .or_else(|| self.state.records.get(&item))
            .cloned())
    }

    fn put_record(
        &mut self,
        record: &SharedRecord,
        _last_event: u64,
        expected: u64,
    ) -> Result<bool, Fault> {
        let fits = self.record(record.item)?.map_or(0, |r| r.version) == expected;
        if fits {
            self.records.insert(record.item, record.clone());
        }
        Ok(fits)
    }

    fn commit(self: Box<Self>) -> Result<(), Fault> {
        let Tx {
            mut state,
            cases,
            events,
            limits,
            records,
        } = *self;
        state.cases.extend(cases);
        state.records.extend(records);
        state.events.extend(events);
        for (item, days) in limits {
            match days {
                Some(d) => state.limits.insert(item, d),
                None => state.limits.remove(&item),
            };
        }
        Ok(())
    }
}

/// Whether a case answers a list query.
pub(crate) fn matches(q: &ListQuery, c: &CaseLine) -> bool {
    q.year.is_none_or(|y| c.filed.received.year() == y)
        && q.item.is_none_or(|i| c.filed.item == i)
        && (!q.open || c.closed.is_none())
        && (!q.closed || c.closed.is_some())
        && q.result.is_none_or(|r| c.result == Some(r))
        && q.overdue.as_ref().is_none_or(|limits| {
            limits
                .get(&c.filed.item)
                .is_some_and(|&(days, cutoff)| match c.closed {
                    Some(_) => c.working_days.is_some_and(|w| w > i64::from(days)),
                    None => c.filed.received < cutoff,
                })
        })
        && q.search
            .as_deref()
            .is_none_or(|s| c.id.contains(s) || c.filed.applicant.contains(s))
}

/// Cases in `order`: the 办件编号 (by its bytes) breaks ties; by closing date, open cases come
/// first when the earliest closed do, last when the latest do (SQLite's place for NULL).
pub(crate) fn in_order(order: Order, a: &CaseLine, b: &CaseLine) -> std::cmp::Ordering {
    let received = |c: &CaseLine| (c.filed.received, c.id.as_bytes().to_vec());
    // `None` sorts before any date: open first.
    let closed = |c: &CaseLine| (c.closed, c.id.as_bytes().to_vec());
    match order {
        Order::Received => received(a).cmp(&received(b)),
        Order::ReceivedLatest => received(b).cmp(&received(a)),
        Order::Closed => closed(a).cmp(&closed(b)),
        Order::ClosedLatest => closed(b).cmp(&closed(a)),
    }
}

impl Backend for Memory {
    fn write(&mut self) -> Result<Box<dyn WriteTx + '_>, Fault> {
        Ok(Box::new(Tx {
            state: self.state(),
            cases: BTreeMap::new(),
            events: Vec::new(),
            limits: BTreeMap::new(),
            records: BTreeMap::new(),
        }))
    }

    fn case(&mut self, id: &str) -> Result<Option<(Case, u64)>, Fault> {
        Ok(self.state().cases.get(id).cloned())
    }

    fn events(
        &mut self,
        case: Option<&str>,
        on: &mut dyn FnMut(Event) -> bool,
    ) -> Result<(), Fault> {
        let events: Vec<Event> = self
            .state()
            .events
            .iter()
            .filter(|e| case.is_none() || e.case.as_deref() == case)
            .cloned()
            .collect();
        for e in events {
            if !on(e) {
                break;
            }
        }
        Ok(())
    }

    fn event(&mut self, seq: u64) -> Result<Option<Event>, Fault> {
        Ok(self.state().events.iter().find(|e| e.seq == seq).cloned())
    }

    fn list(&mut self, q: &ListQuery, on: &mut dyn FnMut(CaseLine) -> bool) -> Result<(), Fault> {
        let mut found: Vec<CaseLine> = self
            .state()
            .cases
            .values()
            .map(|(c, _)| CaseLine::of(c))
            .filter(|c| matches(q, c))
            .collect();
        found.sort_by(|a, b| in_order(q.order, a, b));
        let skip = usize::try_from(q.skip).unwrap_or(usize::MAX);
        let take = q
            .take
            .map_or(usize::MAX, |t| usize::try_from(t).unwrap_or(usize::MAX));
        for c in found.into_iter().skip(skip).take(take) {
            if !on(c) {
                break;
            }
        }
        Ok(())
    }

    fn count(&mut self, q: &ListQuery) -> Result<Tally, Fault> {
        let st = self.state();
        let mut tally = Tally::default();
        for c in st.cases.values().map(|(c, _)| CaseLine::of(c)) {
            if matches(q, &c) {
                tally.cases += 1;
                match c.closed {
                    Some(_) => tally.closed += 1,
                    None => tally.open += 1,
                }
            }
        }
        Ok(tally)
    }

    fn each_case(
        &mut self,
        on: &mut dyn FnMut(CaseLine, Option<Event>) -> bool,
    ) -> Result<(), Fault> {
        let all: Vec<(CaseLine, Option<Event>)> = {
            let st = self.state();
            st.cases
                .values()
                .map(|(c, last)| {
                    (
                        CaseLine::of(c),
                        st.events.iter().find(|e| e.seq == *last).cloned(),
                    )
                })
                .collect()
        };
        for (c, e) in all {
            if !on(c, e) {
                break;
            }
        }
        Ok(())
    }

    fn last_events(
        &mut self,
        on: &mut dyn FnMut(&str, u64, Option<u64>) -> bool,
    ) -> Result<(), Fault> {
        let all: Vec<(String, u64, Option<u64>)> = {
            let st = self.state();
            let mut last: BTreeMap<&str, u64> = BTreeMap::new();
            for e in &st.events {
                if let Some(c) = &e.case {
                    last.insert(c, e.seq);
                }
            }
            last.into_iter()
                .map(|(id, seq)| (id.to_string(), seq, st.cases.get(id).map(|(_, l)| *l)))
                .collect()
        };
        for (id, seq, named) in all {
            if !on(&id, seq, named) {
                break;
            }
        }
        Ok(())
    }

    fn limits(&mut self) -> Result<BTreeMap<u8, u32>, Fault> {
        Ok(self.state().limits.clone())
    }

    fn year_counts(&mut self, q: &YearQuery<'_>) -> Result<Vec<ItemFigures>, Fault> {
        // Counted by the law's own fold over the cases: what the SQL backends count is checked
        // against it.
        let facts: Vec<CaseFacts> = self
            .state()
            .cases
            .values()
            .map(|(c, _)| facts_of(&CaseLine::of(c)))
            .collect();
        Ok(year_figures(
            q.cat, q.cal, q.limits, q.year, q.today, &facts,
        ))
    }

    fn keeps_records(&self) -> bool {
        true
    }

    fn records(&mut self) -> Result<Vec<SharedRecord>, Fault> {
        Ok(self.state().records.values().cloned().collect())
    }

    fn head_seq(&mut self) -> Result<u64, Fault> {
        Ok(self.state().events.last().map_or(0, |e| e.seq))
    }
}

/// What the law's figures need of a case.
pub fn facts_of(c: &CaseLine) -> CaseFacts {
    CaseFacts {
        item: c.filed.item,
        received: c.filed.received,
        outcome: Outcome::from_code(&c.outcome).unwrap_or(Outcome::Invalid),
        closed: c.closed,
        result: c.result,
        working_days: c.working_days,
    }
}
