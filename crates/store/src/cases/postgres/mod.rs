//! The case register on a PostgreSQL server (or KingbaseES, openGauss): the office's one
//! register, shared by every clerk's PC (issue 28).
//!
//! The same promises as [`super::sqlite`]'s, kept by the server:
//! - Every write is one transaction, its audit events in it ([`Backend::write`]); the server
//!   stopping or the network failing mid-write rolls it back whole: a case is there with its
//!   decision and its event, or not at all.
//! - Writers on several PCs append to the hash chain in order: each takes a row lock on
//!   `chain_head` (`SELECT … FOR UPDATE`) before it reads the chain's head, and holds it to
//!   its commit.
//! - Every update names the version it read (`WHERE id = $1 AND version = $2`): no row changed
//!   is a conflict, reported by [`super::Cases`] with who changed the case and when.
//! - The audit trail only grows: triggers refuse UPDATE, DELETE and TRUNCATE of `events`, and
//!   the clerks' role is not granted them ([`clerk_grants`]).
//! - Lists and the trail are read through a portal, [`PAGE`] rows at a time, and the year's
//!   figures are counted by the server: memory does not grow with the table.
//! - The office's handover records live here too (schema 3, [`records`]): one row per item,
//!   each save one transaction with its `handover` event, the chain's head locked as for a
//!   case, made from the version it read.
//! - The schema is made only by `cases init` ([`Postgres::init`]), which also brings a server
//!   of schema 2 up to 3 (the records' table, given to the roles that clerk on the cases); one
//!   of another version than this program's is refused, saying which it needs and what to run.

pub mod connect;
mod records;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use delegation_law::cases::{CaseResult, CaseStatus, ItemFigures, outcome_index};
use delegation_law::router::Outcome;
use postgres::types::{ToSql, Type};
use postgres::{Client, Row, Statement, Transaction};

use super::sql::postgres as sql;
use super::sql::{Arg, CASE_COLUMNS, EVENT_COLUMNS};
use super::{
    Backend, Case, CaseLine, Event, EventKind, Fault, Filed, GENESIS, ListQuery, SharedRecord,
    Tally, WriteTx, YearQuery,
};
pub use connect::{SslMode, Target, is_url};

/// The schema this program reads and writes: SQLite's tables (schema 2, the same number) and
/// the handover records' (schema 3), which SQLite does not have (there the records are the
/// data folder's `records.ron`).
pub const SCHEMA_VERSION: i64 = 3;
/// Rows fetched per round trip when a list or the trail is read.
pub const PAGE: i32 = 1_000;

/// The SQL that lets `role` work as a clerk (README, "The shared register").
pub fn clerk_grants(role: &str) -> String {
    sql::CLERK_GRANTS.replace("{role}", role)
}

/// The statements every write uses, prepared once per connection.
struct Prepared {
    lock_head: Statement,
    head: Statement,
    insert_case: Statement,
    update_case: Statement,
    insert_event: Statement,
}

/// The register on a server.
pub struct Postgres {
    client: Client,
    prepared: Prepared,
    /// `user@host:port/db`: how messages name it.
    server: String,
}

/// What a failed statement says, naming the server: the write in progress was not saved.
fn fault_at(server: &str) -> impl Fn(postgres::Error) -> Fault + '_ {
    move |e| Fault::Server {
        server: server.to_string(),
        why: connect::describe(&e),
    }
}

impl Postgres {
    /// Connects to the register at `url` (the environment as libpq reads it). Nothing is made:
    /// a database without the register is refused, naming `cases init`.
    pub fn open(url: &str) -> Result<Postgres, Fault> {
        Postgres::open_with(&Target::parse(url, &connect::process_env)?, false)
    }

    /// Connects to `url` and makes the register's schema there if it has none (`cases init`).
    pub fn init(url: &str) -> Result<Postgres, Fault> {
        Postgres::open_with(&Target::parse(url, &connect::process_env)?, true)
    }

    /// Connects to `target`, checks (or with `make`, makes) its schema.
    pub fn open_with(target: &Target, make: bool) -> Result<Postgres, Fault> {
        let mut client = target.connect()?;
        let server = target.shown.clone();
        let f = fault_at(&target.shown);
        {
            let mut tx = client.transaction().map_err(&f)?;
            let found = tx
                .query_one("SELECT MAX(version) FROM schema_version", &[])
                .map(|r| r.get::<_, Option<i32>>(0));
            match found {
                Ok(Some(v)) if i64::from(v) > SCHEMA_VERSION => {
                    return Err(Fault::Newer {
                        found: v.into(),
                        supported: SCHEMA_VERSION,
                    });
                }
                Ok(Some(v)) if i64::from(v) < SCHEMA_VERSION => {
                    if !make || v != 2 {
                        return Err(Fault::Older {
                            found: v.into(),
                            needed: SCHEMA_VERSION,
                        });
                    }
                    // `cases init` on schema 2: brought up under the head's lock, the version
                    // read again under it (another init may have done it meanwhile).
                    tx.query(sql::LOCK_HEAD, &[]).map_err(&f)?;
                    let v: Option<i32> = tx
                        .query_one("SELECT MAX(version) FROM schema_version", &[])
                        .map_err(&f)?
                        .get(0);
                    if v == Some(2) {
                        records::from_2(&mut tx, &server)?;
                        set_version(&mut tx, &server)?;
                    }
                    tx.commit().map_err(&f)?;
                }
                Ok(Some(_)) => tx.commit().map_err(&f)?,
                Ok(None) => {
                    return Err(Fault::NotAStore(format!(
                        "{server}: schema_version is empty"
                    )));
                }
                Err(e) if e.code() == Some(&postgres::error::SqlState::UNDEFINED_TABLE) => {
                    drop(tx);
                    if !make {
                        return Err(Fault::NotAStore(format!(
                            "{server} (no case register in this database: make it with \
                             `delegation-tracker cases init --store URL` as its owner's role)"
                        )));
                    }
                    let mut tx = client.transaction().map_err(&f)?;
                    tx.batch_execute(sql::SCHEMA).map_err(&f)?;
                    tx.batch_execute(sql::FROM_2).map_err(&f)?;
                    set_version(&mut tx, &server)?;
                    tx.commit().map_err(&f)?;
                }
                Err(e) => return Err(f(e)),
            }
        }
        use Type as T;
        let case_types = [
            T::TEXT,
            T::INT4,
            T::INT4,
            T::BOOL,
            T::TEXT,
            T::TEXT,
            T::TEXT,
            T::TEXT,
            T::TEXT,
            T::INT4,
            T::TEXT,
            T::INT4,
            T::TEXT,
            T::TEXT,
            T::INT4,
            T::TEXT,
            T::TEXT,
            T::INT8,
            T::INT8,
        ];
        let mut update_types = case_types.to_vec();
        update_types.push(T::INT8);
        let prepared = Prepared {
            lock_head: client.prepare(sql::LOCK_HEAD).map_err(&f)?,
            head: client.prepare(sql::HEAD).map_err(&f)?,
            insert_case: client
                .prepare_typed(sql::INSERT_CASE, &case_types)
                .map_err(&f)?,
            update_case: client
                .prepare_typed(sql::UPDATE_CASE, &update_types)
                .map_err(&f)?,
            insert_event: client
                .prepare_typed(
                    sql::INSERT_EVENT,
                    &[
                        T::INT8,
                        T::TEXT,
                        T::TEXT,
                        T::TEXT,
                        T::TEXT,
                        T::TEXT,
                        T::TEXT,
                        T::TEXT,
                        T::TEXT,
                        T::TEXT,
                    ],
                )
                .map_err(&f)?,
        };
        Ok(Postgres {
            client,
            prepared,
            server,
        })
    }

    /// `user@host:port/db`.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// Runs SQL behind the register's back, as an attacker with a role would (tests of
    /// `verify`, the triggers and the grants).
    #[doc(hidden)]
    pub fn raw(&mut self) -> &mut Client {
        &mut self.client
    }

    /// Reads `sql` through a portal, [`PAGE`] rows at a time, handing each row to `on` until
    /// it says stop.
    fn each(
        &mut self,
        sql: &str,
        args: &[&(dyn ToSql + Sync)],
        on: &mut dyn FnMut(&Row) -> Result<bool, Fault>,
    ) -> Result<(), Fault> {
        let f = fault_at(&self.server);
        let mut tx = self.client.transaction().map_err(&f)?;
        let portal = tx.bind(sql, args).map_err(&f)?;
        'pages: loop {
            let rows = tx.query_portal(&portal, PAGE).map_err(&f)?;
            let last = rows.len() < PAGE as usize;
            for r in &rows {
                if !on(r)? {
                    break 'pages;
                }
            }
            if last {
                break;
            }
        }
        drop(portal);
        tx.commit().map_err(&f)
    }
}

/// Enters this program's schema version (the rows before it stay: the schema's history).
fn set_version(tx: &mut Transaction<'_>, server: &str) -> Result<(), Fault> {
    tx.execute(
        "INSERT INTO schema_version (version, program) VALUES ($1, $2)",
        &[&(SCHEMA_VERSION as i32), &"delegation-tracker"],
    )
    .map_err(fault_at(server))?;
    Ok(())
}

fn ymd(d: NaiveDate) -> i32 {
    d.year() * 10_000 + d.month() as i32 * 100 + d.day() as i32
}

fn date(n: i32) -> Result<NaiveDate, Fault> {
    NaiveDate::from_ymd_opt(n / 10_000, (n / 100 % 100) as u32, (n % 100) as u32)
        .ok_or_else(|| Fault::Backend(format!("a date that is none: {n}")))
}

fn bad(what: &str) -> Fault {
    Fault::Backend(format!("a row with a bad {what}"))
}

/// The shared query's arguments as the server binds them.
fn bound(args: &[Arg]) -> Vec<&(dyn ToSql + Sync)> {
    args.iter()
        .map(|a| match a {
            Arg::Int(n) => n as &(dyn ToSql + Sync),
            Arg::Text(t) => t,
        })
        .collect()
}

fn get<'a, T: postgres::types::FromSql<'a>>(r: &'a Row, i: usize) -> Result<T, Fault> {
    r.try_get(i)
        .map_err(|e| Fault::Backend(format!("column {i}: {e}")))
}

fn u64_of(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// A case's line (its columns from `at`, in [`CASE_COLUMNS`] order), with its last event.
fn line_of(r: &Row, at: usize) -> Result<(CaseLine, u64), Fault> {
    let g = |i: usize| at + i;
    let status: String = get(r, g(10))?;
    let closed: Option<i32> = get(r, g(11))?;
    let result: Option<String> = get(r, g(12))?;
    let item: i32 = get(r, g(1))?;
    let decisions: i32 = get(r, g(9))?;
    let working_days: Option<i32> = get(r, g(14))?;
    Ok((
        CaseLine {
            id: get(r, g(0))?,
            filed: Filed {
                item: u8::try_from(item).map_err(|_| bad("item"))?,
                received: date(get(r, g(2))?)?,
                in_zone: get(r, g(3))?,
                facts: get(r, g(4))?,
                applicant: get(r, g(5))?,
            },
            notice: get(r, g(6))?,
            outcome: get(r, g(7))?,
            approving_body: get(r, g(8))?,
            decisions: u32::try_from(decisions).map_err(|_| bad("decisions"))?,
            status: CaseStatus::from_code(&status).ok_or_else(|| bad("status"))?,
            closed: closed.map(date).transpose()?,
            result: result
                .map(|c| CaseResult::from_code(&c).ok_or_else(|| bad("result")))
                .transpose()?,
            note: get(r, g(13))?,
            working_days: working_days.map(i64::from),
            recorded_by: get(r, g(15))?,
            recorded_at: get(r, g(16))?,
            version: u64_of(get(r, g(17))?),
        },
        u64_of(get(r, g(18))?),
    ))
}

fn event_of(r: &Row, at: usize) -> Result<Event, Fault> {
    let kind: String = get(r, at + 5)?;
    Ok(Event {
        seq: u64_of(get(r, at)?),
        at: get(r, at + 1)?,
        who: get(r, at + 2)?,
        machine: get(r, at + 3)?,
        case: get(r, at + 4)?,
        kind: EventKind::from_code(&kind).ok_or_else(|| bad("kind"))?,
        before: get(r, at + 6)?,
        after: get(r, at + 7)?,
        prev: get(r, at + 8)?,
        hash: get(r, at + 9)?,
    })
}

fn prefixed(table: &str, columns: &str) -> String {
    columns
        .split(", ")
        .map(|c| format!("{table}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Something that runs statements: the client, or a transaction on it.
trait Query {
    fn opt(
        &mut self,
        sql: &str,
        args: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, postgres::Error>;
}

impl Query for Client {
    fn opt(
        &mut self,
        sql: &str,
        args: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, postgres::Error> {
        self.query_opt(sql, args)
    }
}

impl Query for Transaction<'_> {
    fn opt(
        &mut self,
        sql: &str,
        args: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, postgres::Error> {
        self.query_opt(sql, args)
    }
}

fn get_case(q: &mut dyn Query, server: &str, id: &str) -> Result<Option<(Case, u64)>, Fault> {
    let found = q
        .opt(
            "SELECT c.last_event, e.after FROM cases c LEFT JOIN events e ON e.seq = c.last_event \
             WHERE c.id = $1",
            &[&id],
        )
        .map_err(fault_at(server))?;
    let Some(row) = found else {
        return Ok(None);
    };
    let last = u64_of(get(&row, 0)?);
    let after: Option<String> = get(&row, 1)?;
    match after
        .as_deref()
        .and_then(|a| serde_json::from_str::<Case>(a).ok())
    {
        Some(c) if c.id == id => Ok(Some((c, last))),
        _ => Err(Fault::Backend(format!(
            "case {id}: its last event ({last}) holds no case of that id (cases verify names \
             what was changed)"
        ))),
    }
}

fn get_line(q: &mut dyn Query, server: &str, id: &str) -> Result<Option<CaseLine>, Fault> {
    q.opt(
        &format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = $1"),
        &[&id],
    )
    .map_err(fault_at(server))?
    .map(|r| line_of(&r, 0).map(|(l, _)| l))
    .transpose()
}

fn get_event(q: &mut dyn Query, server: &str, seq: u64) -> Result<Option<Event>, Fault> {
    let seq = i64::try_from(seq).unwrap_or(i64::MAX);
    q.opt(
        &format!("SELECT {EVENT_COLUMNS} FROM events WHERE seq = $1"),
        &[&seq],
    )
    .map_err(fault_at(server))?
    .map(|r| event_of(&r, 0))
    .transpose()
}

struct Tx<'a> {
    tx: Transaction<'a>,
    prepared: &'a Prepared,
    server: &'a str,
}

impl WriteTx for Tx<'_> {
    fn head(&mut self) -> Result<(u64, String), Fault> {
        let row = self
            .tx
            .query_opt(&self.prepared.head, &[])
            .map_err(fault_at(self.server))?;
        Ok(match row {
            Some(r) => (u64_of(get(&r, 0)?), get(&r, 1)?),
            None => (0, GENESIS.to_string()),
        })
    }

    fn case(&mut self, id: &str) -> Result<Option<(Case, u64)>, Fault> {
        get_case(&mut self.tx, self.server, id)
    }

    fn line(&mut self, id: &str) -> Result<Option<CaseLine>, Fault> {
        get_line(&mut self.tx, self.server, id)
    }

    fn event(&mut self, seq: u64) -> Result<Option<Event>, Fault> {
        get_event(&mut self.tx, self.server, seq)
    }

    fn put_case(&mut self, c: &Case, last: u64, expected: Option<u64>) -> Result<bool, Fault> {
        let d = &c.decision;
        let f = &c.filed;
        let item = i32::from(f.item);
        let received = ymd(f.received);
        let decisions = i32::try_from(c.decisions).map_err(|_| bad("decisions"))?;
        let closed = c.closed.map(ymd);
        let result = c.result.map(|r| r.code());
        let working_days = c
            .working_days
            .map(i32::try_from)
            .transpose()
            .map_err(|_| bad("working days"))?;
        let version = i64::try_from(c.version).map_err(|_| bad("version"))?;
        let last = i64::try_from(last).map_err(|_| bad("event"))?;
        let status = c.status.code();
        let mut values: Vec<&(dyn ToSql + Sync)> = vec![
            &c.id,
            &item,
            &received,
            &f.in_zone,
            &f.facts,
            &f.applicant,
            &d.notice,
            &d.outcome,
            &d.approving_body,
            &decisions,
            &status,
            &closed,
            &result,
            &c.note,
            &working_days,
            &c.recorded_by,
            &c.recorded_at,
            &version,
            &last,
        ];
        let expected = expected
            .map(i64::try_from)
            .transpose()
            .map_err(|_| bad("version"))?;
        let stmt = match &expected {
            None => &self.prepared.insert_case,
            Some(v) => {
                values.push(v);
                &self.prepared.update_case
            }
        };
        let n = self
            .tx
            .execute(stmt, &values)
            .map_err(fault_at(self.server))?;
        Ok(n == 1)
    }

    fn append(&mut self, e: &Event) -> Result<(), Fault> {
        let seq = i64::try_from(e.seq).map_err(|_| bad("sequence number"))?;
        let kind = e.kind.code();
        self.tx
            .execute(
                &self.prepared.insert_event,
                &[
                    &seq, &e.at, &e.who, &e.machine, &e.case, &kind, &e.before, &e.after, &e.prev,
                    &e.hash,
                ],
            )
            .map_err(fault_at(self.server))?;
        Ok(())
    }

    fn set_limit(&mut self, item: u8, days: Option<u32>) -> Result<Option<u32>, Fault> {
        let f = fault_at(self.server);
        let item = i32::from(item);
        let before: Option<i32> = self
            .tx
            .query_opt("SELECT days FROM limits WHERE item = $1", &[&item])
            .map_err(&f)?
            .map(|r| get(&r, 0))
            .transpose()?;
        match days {
            Some(d) => {
                let d = i32::try_from(d).map_err(|_| bad("limit"))?;
                if before.is_some() {
                    self.tx
                        .execute("UPDATE limits SET days = $2 WHERE item = $1", &[&item, &d])
                } else {
                    self.tx.execute(
                        "INSERT INTO limits (item, days) VALUES ($1, $2)",
                        &[&item, &d],
                    )
                }
            }
            None => self
                .tx
                .execute("DELETE FROM limits WHERE item = $1", &[&item]),
        }
        .map_err(&f)?;
        Ok(before.and_then(|d| u32::try_from(d).ok()))
    }

    fn record(&mut self, item: u8) -> Result<Option<SharedRecord>, Fault> {
        records::one(&mut self.tx, self.server, item)
    }

    fn put_record(
        &mut self,
        record: &SharedRecord,
        last_event: u64,
        expected: u64,
    ) -> Result<bool, Fault> {
        records::put(&mut self.tx, self.server, record, last_event, expected)
    }

    fn commit(self: Box<Self>) -> Result<(), Fault> {
        let server = self.server;
        self.tx.commit().map_err(fault_at(server))
    }
}

impl Backend for Postgres {
    fn write(&mut self) -> Result<Box<dyn WriteTx + '_>, Fault> {
        let Postgres {
            client,
            prepared,
            server,
        } = self;
        let mut tx = client.transaction().map_err(fault_at(server))?;
        // The chain's head is serialised: another writer waits here until this one commits
        // (or until statement_timeout), then reads the head this one left.
        let locked = tx
            .query(&prepared.lock_head, &[])
            .map_err(fault_at(server))?;
        if locked.is_empty() {
            return Err(Fault::NotAStore(format!(
                "{server}: the chain_head row is missing (was the schema changed by hand?)"
            )));
        }
        Ok(Box::new(Tx {
            tx,
            prepared,
            server,
        }))
    }

    fn case(&mut self, id: &str) -> Result<Option<(Case, u64)>, Fault> {
        get_case(&mut self.client, &self.server, id)
    }

    fn events(
        &mut self,
        case: Option<&str>,
        on: &mut dyn FnMut(Event) -> bool,
    ) -> Result<(), Fault> {
        let mut each = |r: &Row| Ok(on(event_of(r, 0)?));
        match case {
            Some(id) => self.each(
                &format!("SELECT {EVENT_COLUMNS} FROM events WHERE case_id = $1 ORDER BY seq"),
                &[&id],
                &mut each,
            ),
            None => self.each(
                &format!("SELECT {EVENT_COLUMNS} FROM events ORDER BY seq"),
                &[],
                &mut each,
            ),
        }
    }

    fn event(&mut self, seq: u64) -> Result<Option<Event>, Fault> {
        get_event(&mut self.client, &self.server, seq)
    }

    fn list(&mut self, q: &ListQuery, on: &mut dyn FnMut(CaseLine) -> bool) -> Result<(), Fault> {
        let (sql, args) = super::sql::list(
            q,
            |n| format!("${n}"),
            "id COLLATE \"C\"",
            (" NULLS FIRST", " NULLS LAST"),
        );
        let args = bound(&args);
        self.each(&sql, &args, &mut |r| Ok(on(line_of(r, 0)?.0)))
    }

    fn count(&mut self, q: &ListQuery) -> Result<Tally, Fault> {
        let (sql, args) = super::sql::count(q, |n| format!("${n}"), "cases");
        let args = bound(&args);
        let mut tally = Tally::default();
        self.each(&sql, &args, &mut |r| {
            tally.cases = u64_of(get(r, 0)?);
            tally.open = u64_of(get(r, 1)?);
            Ok(false)
        })?;
        tally.closed = tally.cases.saturating_sub(tally.open);
        Ok(tally)
    }

    fn each_case(
        &mut self,
        on: &mut dyn FnMut(CaseLine, Option<Event>) -> bool,
    ) -> Result<(), Fault> {
        let cols = prefixed("c", CASE_COLUMNS);
        let ev = prefixed("e", EVENT_COLUMNS);
        self.each(
            &format!(
                "SELECT {cols}, {ev} FROM cases c LEFT JOIN events e ON e.seq = c.last_event \
                 ORDER BY c.id COLLATE \"C\""
            ),
            &[],
            &mut |r| {
                let line = line_of(r, 0)?.0;
                let seq: Option<i64> = get(r, 19)?;
                let e = seq.map(|_| event_of(r, 19)).transpose()?;
                Ok(on(line, e))
            },
        )
    }

    fn last_events(
        &mut self,
        on: &mut dyn FnMut(&str, u64, Option<u64>) -> bool,
    ) -> Result<(), Fault> {
        self.each(
            "SELECT l.case_id, l.last, c.last_event FROM (SELECT case_id, MAX(seq) AS last FROM \
             events WHERE case_id IS NOT NULL GROUP BY case_id) l LEFT JOIN cases c ON c.id = \
             l.case_id ORDER BY l.case_id COLLATE \"C\"",
            &[],
            &mut |r| {
                let id: String = get(r, 0)?;
                let last: i64 = get(r, 1)?;
                let named: Option<i64> = get(r, 2)?;
                Ok(on(&id, u64_of(last), named.map(u64_of)))
            },
        )
    }

    fn limits(&mut self) -> Result<BTreeMap<u8, u32>, Fault> {
        let mut out = BTreeMap::new();
        self.each("SELECT item, days FROM limits", &[], &mut |r| {
            let item: i32 = get(r, 0)?;
            let days: i32 = get(r, 1)?;
            if let (Ok(i), Ok(d)) = (u8::try_from(item), u32::try_from(days)) {
                out.insert(i, d);
            }
            Ok(true)
        })?;
        Ok(out)
    }

    /// 100: a transaction holds the chain's head, which every clerk's save waits for. With
    /// the session's batches of 2,000, ten imports at once kept one `cases close` waiting
    /// 0.97 s (median; 95th percentile 3.7 s; scripts/pg-load.py, docs/performance.md).
    fn cases_per_transaction(&self) -> usize {
        100
    }

    fn year_counts(&mut self, q: &YearQuery<'_>) -> Result<Vec<ItemFigures>, Fault> {
        // Saturated, as the list query's bounds are: a year past 214,748 (`--year 999999`)
        // would overflow the column's INTEGER, and no date of the register is that late.
        let y = q.year.saturating_mul(10_000);
        let (from, to) = (y.saturating_add(101), y.saturating_add(1231));
        // SQLite sums its comparisons (0 or 1); PostgreSQL's are booleans, counted by CASE.
        let when = |cond: &str| format!("SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)");
        let results = CaseResult::ALL
            .iter()
            .map(|r| {
                when(&format!(
                    "closed BETWEEN $1 AND $2 AND result = '{}'",
                    r.code()
                ))
            })
            .collect::<Vec<_>>()
            .join(", ");
        let outcomes = Outcome::ALL
            .iter()
            .map(|o| {
                when(&format!(
                    "received BETWEEN $1 AND $2 AND outcome = '{}'",
                    o.code()
                ))
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT item, {}, {}, {results}, {outcomes}, {}, \
             SUM(CASE WHEN closed BETWEEN $1 AND $2 THEN working_days ELSE 0 END), \
             MAX(CASE WHEN closed BETWEEN $1 AND $2 THEN working_days END) \
             FROM cases GROUP BY item ORDER BY item",
            when("received BETWEEN $1 AND $2"),
            when("closed BETWEEN $1 AND $2"),
            when("received <= $2 AND (closed IS NULL OR closed > $2)"),
        );
        let mut out = Vec::new();
        self.each(&sql, &[&from, &to], &mut |r| {
            let n = |i: usize| -> Result<u64, Fault> {
                Ok(u64_of(get::<Option<i64>>(r, i)?.unwrap_or(0)))
            };
            let item: i32 = get(r, 0)?;
            let mut f = ItemFigures::new(u8::try_from(item).map_err(|_| bad("item"))?);
            f.received = n(1)?;
            f.closed = n(2)?;
            for i in 0..5 {
                f.by_result[i] = n(3 + i)?;
            }
            for (i, o) in Outcome::ALL.iter().enumerate() {
                f.by_outcome[outcome_index(*o)] = n(8 + i)?;
            }
            f.open_at_end = n(13)?;
            f.working_days_sum = n(14)?;
            f.working_days_max = get::<Option<i32>>(r, 15)?.map(i64::from);
            out.push(f);
            Ok(true)
        })?;
        // The overdue ones: closed past the limit, or open and received before the cutoff.
        let f = fault_at(&self.server);
        for fig in &mut out {
            let (Some(&limit), Some(cut)) = (q.limits.get(&fig.item), q.cutoffs.get(&fig.item))
            else {
                continue;
            };
            let item = i32::from(fig.item);
            let limit = i32::try_from(limit).unwrap_or(i32::MAX);
            let cut = ymd(*cut);
            let row = self
                .client
                .query_one(
                    "SELECT COUNT(*) FROM cases WHERE item = $1 AND received BETWEEN $2 AND $3 \
                     AND ((closed IS NOT NULL AND working_days > $4) OR (closed IS NULL AND \
                     received < $5))",
                    &[&item, &from, &to, &limit, &cut],
                )
                .map_err(&f)?;
            fig.overdue = u64_of(get(&row, 0)?);
        }
        Ok(out)
    }

    fn keeps_records(&self) -> bool {
        true
    }

    fn records(&mut self) -> Result<Vec<SharedRecord>, Fault> {
        let mut out = Vec::new();
        self.each(sql::RECORDS, &[], &mut |r| {
            out.push(records::record_of(r)?);
            Ok(true)
        })?;
        Ok(out)
    }

    fn head_seq(&mut self) -> Result<u64, Fault> {
        let row = self
            .client
            .query_one("SELECT COALESCE(MAX(seq), 0) FROM events", &[])
            .map_err(fault_at(&self.server))?;
        Ok(u64_of(get(&row, 0)?))
    }
}
