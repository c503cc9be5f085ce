//! The case register in one SQLite file (the data folder's `cases.sqlite` unless told
//! otherwise): WAL, every commit synced, a busy wait so that two programs on one PC take
//! turns instead of failing, the schema's version checked before anything is written (a newer
//! register, another database or a file that is no database is refused and left as it was),
//! and triggers that refuse UPDATE and DELETE on the audit trail and the decisions.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use delegation_law::cases::{CaseResult, CaseStatus, ItemFigures, outcome_index};
use delegation_law::router::Outcome;
use rusqlite::{
    Connection, ErrorCode, OpenFlags, OptionalExtension, Row, TransactionBehavior, params,
};

use super::{
    Backend, Case, CaseLine, Event, EventKind, Fault, Filed, GENESIS, ListQuery, Tally, WriteTx,
    YearQuery,
};

/// What `PRAGMA application_id` says of our files: "ZCDT" (增城 delegation tracker).
pub const APPLICATION_ID: i32 = 0x5A43_4454;
/// The schema this program reads and writes (`PRAGMA user_version` and `schema_version`).
pub const SCHEMA_VERSION: i64 = 2;
/// How long a writer waits for another to finish before it gives up.
pub const BUSY_WAIT: Duration = Duration::from_secs(30);

use super::sql::sqlite::{CASES_TABLE, FROM_1, FROM_1_COPY, SCHEMA};
use super::sql::{self, Arg, CASE_COLUMNS, EVENT_COLUMNS};

/// A database's application id, schema version and number of schema objects, read in one
/// statement and so from one snapshot: read one by one, another process's schema commit could
/// fall between them (id 0 but version 1), and a store being made would look like none of ours.
fn header(conn: &Connection) -> rusqlite::Result<(i32, i64, i64)> {
    conn.query_row(
        "SELECT (SELECT application_id FROM pragma_application_id), \
                (SELECT user_version FROM pragma_user_version), \
                (SELECT count(*) FROM sqlite_master)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// What a failed first read of a file says: a file that is no database is not a store, but
/// one that is busy (another process writing its schema) is only busy.
fn first_read(shown: &str) -> impl Fn(rusqlite::Error) -> Fault + '_ {
    move |e| match fault(e) {
        Fault::Busy => Fault::Busy,
        Fault::DiskFull => Fault::DiskFull,
        _ => Fault::NotAStore(shown.to_string()),
    }
}

fn check_version(version: i64) -> Result<(), Fault> {
    if version > SCHEMA_VERSION {
        return Err(Fault::Newer {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Writes this program's schema version into the store (in the caller's transaction).
fn stamp(conn: &Connection) -> Result<(), Fault> {
    conn.execute(
        "INSERT INTO schema_version (version, program) VALUES (?1, ?2)",
        params![SCHEMA_VERSION, "delegation-tracker"],
    )
    .map_err(fault)?;
    conn.pragma_update(None, "user_version", SCHEMA_VERSION)
        .map_err(fault)
}

/// The register in a SQLite file.
pub struct Sqlite {
    conn: Connection,
    /// The closing-date index is there (a store this user may only read may lack it).
    by_closed: bool,
}

fn fault(e: rusqlite::Error) -> Fault {
    match &e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            ErrorCode::DiskFull => Fault::DiskFull,
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => Fault::Busy,
            ErrorCode::NotADatabase => Fault::NotAStore(e.to_string()),
            _ => Fault::Backend(e.to_string()),
        },
        _ => Fault::Backend(e.to_string()),
    }
}

impl Sqlite {
    /// Opens the register at `path`, creating it (and only then writing its schema) when
    /// nothing is there. A link, a file that is not a case register, or one of a newer schema
    /// is refused before anything is written to it.
    ///
    /// Two programs opening one new store at once meet SQLite's busy answers that no busy
    /// handler waits out (one writes the schema and turns the journal to WAL while the other
    /// reads the header in the old mode): the open is tried again from the start, for up to
    /// [`BUSY_WAIT`], and only then reported busy.
    pub fn open(path: &Path) -> Result<Sqlite, Fault> {
        let start = std::time::Instant::now();
        let mut pause = std::time::Duration::from_millis(5);
        loop {
            match Sqlite::open_once(path) {
                Err(Fault::Busy) if start.elapsed() < BUSY_WAIT => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(std::time::Duration::from_millis(200));
                }
                done => return done,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Sqlite, Fault> {
        let shown = path.display().to_string();
        let exists = match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => return Err(Fault::Link(shown)),
            Ok(m) if !m.is_file() => return Err(Fault::NotAStore(shown)),
            Ok(_) => true,
            Err(_) => false,
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_NOFOLLOW
            | if exists {
                OpenFlags::empty()
            } else {
                OpenFlags::SQLITE_OPEN_CREATE
            };
        let conn = Connection::open_with_flags(path, flags).map_err(fault)?;
        conn.busy_timeout(BUSY_WAIT).map_err(fault)?;
        // Read before anything is written: a file that is no database fails here, and one of
        // another program or a newer schema is refused as it is.
        let settle = match header(&conn).map_err(first_read(&shown))? {
            (APPLICATION_ID, version, _) => {
                check_version(version)?;
                version < SCHEMA_VERSION
            }
            // An empty database: this program's to make (another may be making it right now).
            (0, 0, 0) => true,
            _ => return Err(Fault::NotAStore(shown)),
        };
        if settle {
            // The schema is written (or brought from schema 1) under the write lock, and only
            // if no other process did it first (two `cases add` started at once).
            conn.execute_batch("BEGIN IMMEDIATE").map_err(fault)?;
            let made = (|| {
                match header(&conn).map_err(fault)? {
                    (APPLICATION_ID, 1, _) => {
                        conn.execute_batch(FROM_1).map_err(fault)?;
                        conn.execute_batch(CASES_TABLE).map_err(fault)?;
                        conn.execute_batch(FROM_1_COPY).map_err(fault)?;
                        stamp(&conn)?;
                    }
                    (APPLICATION_ID, version, _) => check_version(version)?,
                    (0, 0, 0) => {
                        conn.execute_batch(SCHEMA).map_err(fault)?;
                        conn.execute_batch(CASES_TABLE).map_err(fault)?;
                        conn.pragma_update(None, "application_id", APPLICATION_ID)
                            .map_err(fault)?;
                        stamp(&conn)?;
                    }
                    _ => return Err(Fault::NotAStore(shown.clone())),
                }
                conn.execute_batch("COMMIT").map_err(fault)
            })();
            if let Err(e) = made {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e);
            }
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(fault)?;
        // Every commit is on the disk before the command says it recorded anything.
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(fault)?;
        // Room for the indexes' pages, which each batch of cases touches all over (read again
        // from the disk with the default 2 MB), and a checkpoint every 32 MB of log instead of
        // every 4 MB: each one syncs twice, and a page changed by several batches is copied
        // into the file once (measured in docs/performance.md, issue 26).
        conn.pragma_update(None, "cache_size", -32_768)
            .map_err(fault)?;
        conn.pragma_update(None, "wal_autocheckpoint", 8_192)
            .map_err(fault)?;
        // A store made before the 办件台账 screen lacks its closing-date index: made once (a
        // second or two for a million cases). Where it cannot be (a file this user may only
        // read), the order by closing date sorts instead.
        let by_closed = conn.execute_batch(sql::sqlite::BY_CLOSED).is_ok();
        Ok(Sqlite { conn, by_closed })
    }

    /// Runs SQL behind the register's back, as an attacker with the file would (tests of
    /// `verify` and of the triggers).
    #[doc(hidden)]
    pub fn raw(&self) -> &Connection {
        &self.conn
    }
}

/// A date as the rows keep it: yyyymmdd.
fn ymd(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

fn date(n: i64) -> rusqlite::Result<NaiveDate> {
    i32::try_from(n / 10_000)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, (n / 100 % 100) as u32, (n % 100) as u32))
        .ok_or_else(|| bad("date"))
}

fn bad(what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        Box::<dyn std::error::Error + Send + Sync>::from(what.to_string()),
    )
}

/// A case's line (its columns from `at`, in [`CASE_COLUMNS`] order), with its last event.
fn line_of(r: &Row<'_>, at: usize) -> rusqlite::Result<(CaseLine, u64)> {
    let g = |i: usize| at + i;
    let status: String = r.get(g(10))?;
    let closed: Option<i64> = r.get(g(11))?;
    let result: Option<String> = r.get(g(12))?;
    Ok((
        CaseLine {
            id: r.get(g(0))?,
            filed: Filed {
                item: r.get(g(1))?,
                received: date(r.get(g(2))?)?,
                in_zone: r.get(g(3))?,
                facts: r.get(g(4))?,
                applicant: r.get(g(5))?,
            },
            notice: r.get(g(6))?,
            outcome: r.get(g(7))?,
            approving_body: r.get(g(8))?,
            decisions: r.get(g(9))?,
            status: CaseStatus::from_code(&status).ok_or_else(|| bad("status"))?,
            closed: closed.map(date).transpose()?,
            result: result
                .map(|c| CaseResult::from_code(&c).ok_or_else(|| bad("result")))
                .transpose()?,
            note: r.get(g(13))?,
            working_days: r.get(g(14))?,
            recorded_by: r.get(g(15))?,
            recorded_at: r.get(g(16))?,
            version: r.get(g(17))?,
        },
        r.get(g(18))?,
    ))
}

/// `columns` each with `table.` before it.
fn prefixed(table: &str, columns: &str) -> String {
    columns
        .split(", ")
        .map(|c| format!("{table}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn event_of(r: &Row<'_>, at: usize) -> rusqlite::Result<Event> {
    let kind: String = r.get(at + 5)?;
    Ok(Event {
        seq: r.get(at)?,
        at: r.get(at + 1)?,
        who: r.get(at + 2)?,
        machine: r.get(at + 3)?,
        case: r.get(at + 4)?,
        kind: EventKind::from_code(&kind).ok_or_else(|| bad("kind"))?,
        before: r.get(at + 6)?,
        after: r.get(at + 7)?,
        prev: r.get(at + 8)?,
        hash: r.get(at + 9)?,
    })
}

/// An event that may be missing (a LEFT JOIN).
fn maybe_event(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<Event>> {
    let seq: Option<u64> = r.get(at)?;
    seq.map(|_| event_of(r, at)).transpose()
}

/// A case as its last event recorded it: the row names the event, the event holds the case.
fn get_case(conn: &Connection, id: &str) -> Result<Option<(Case, u64)>, Fault> {
    let found: Option<(u64, Option<String>)> = conn
        .prepare_cached(
            "SELECT c.last_event, e.after FROM cases c LEFT JOIN events e ON e.seq = c.last_event \
             WHERE c.id = ?1",
        )
        .map_err(fault)?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .map_err(fault)?;
    let Some((last, after)) = found else {
        return Ok(None);
    };
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

fn get_line(conn: &Connection, id: &str) -> Result<Option<CaseLine>, Fault> {
    conn.prepare_cached(&format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = ?1"))
        .map_err(fault)?
        .query_row([id], |r| line_of(r, 0).map(|(l, _)| l))
        .optional()
        .map_err(fault)
}

fn get_event(conn: &Connection, seq: u64) -> Result<Option<Event>, Fault> {
    conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE seq = ?1"
    ))
    .map_err(fault)?
    .query_row([seq], |r| event_of(r, 0))
    .optional()
    .map_err(fault)
}

struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
}

impl WriteTx for Tx<'_> {
    fn head(&mut self) -> Result<(u64, String), Fault> {
        Ok(self
            .tx
            .prepare_cached("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
            .map_err(fault)?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .map_err(fault)?
            .unwrap_or((0, GENESIS.to_string())))
    }

    fn case(&mut self, id: &str) -> Result<Option<(Case, u64)>, Fault> {
        get_case(&self.tx, id)
    }

    fn event(&mut self, seq: u64) -> Result<Option<Event>, Fault> {
        get_event(&self.tx, seq)
    }

    fn line(&mut self, id: &str) -> Result<Option<CaseLine>, Fault> {
        get_line(&self.tx, id)
    }

    fn put_case(&mut self, c: &Case, last: u64, expected: Option<u64>) -> Result<bool, Fault> {
        let d = &c.decision;
        let f = &c.filed;
        let values = params![
            c.id,
            f.item,
            ymd(f.received),
            f.in_zone,
            f.facts,
            f.applicant,
            d.notice,
            d.outcome,
            d.approving_body,
            c.decisions,
            c.status.code(),
            c.closed.map(ymd),
            c.result.map(|r| r.code()),
            c.note,
            c.working_days,
            c.recorded_by,
            c.recorded_at,
            c.version,
            last,
        ];
        let n = match expected {
            None => self
                .tx
                .prepare_cached(&format!(
                    "INSERT INTO cases ({CASE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, \
                     ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19) \
                     ON CONFLICT (id) DO NOTHING"
                ))
                .map_err(fault)?
                .execute(values)
                .map_err(fault)?,
            Some(v) => {
                let set = CASE_COLUMNS
                    .split(", ")
                    .enumerate()
                    .skip(1)
                    .map(|(i, c)| format!("{c} = ?{}", i + 1))
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut stmt = self
                    .tx
                    .prepare_cached(&format!(
                        "UPDATE cases SET {set} WHERE id = ?1 AND version = ?20"
                    ))
                    .map_err(fault)?;
                let mut all: Vec<&dyn rusqlite::ToSql> = values.to_vec();
                all.push(&v);
                stmt.execute(all.as_slice()).map_err(fault)?
            }
        };
        Ok(n == 1)
    }

    fn append(&mut self, e: &Event) -> Result<(), Fault> {
        self.tx
            .prepare_cached(&format!(
                "INSERT INTO events ({EVENT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
            ))
            .map_err(fault)?
            .execute(params![
                e.seq,
                e.at,
                e.who,
                e.machine,
                e.case,
                e.kind.code(),
                e.before,
                e.after,
                e.prev,
                e.hash,
            ])
            .map_err(fault)?;
        Ok(())
    }

    fn set_limit(&mut self, item: u8, days: Option<u32>) -> Result<Option<u32>, Fault> {
        let before: Option<u32> = self
            .tx
            .query_row("SELECT days FROM limits WHERE item = ?1", [item], |r| {
                r.get(0)
            })
            .optional()
            .map_err(fault)?;
        match days {
            Some(d) => self.tx.execute(
                "INSERT OR REPLACE INTO limits (item, days) VALUES (?1, ?2)",
                params![item, d],
            ),
            None => self
                .tx
                .execute("DELETE FROM limits WHERE item = ?1", [item]),
        }
        .map_err(fault)?;
        Ok(before)
    }

    fn commit(self: Box<Self>) -> Result<(), Fault> {
        self.tx.commit().map_err(fault)
    }
}

/// Runs `sql` and hands each row, mapped by `map`, to `on` until it says stop.
fn each<T>(
    conn: &Connection,
    sql: &str,
    args: &[&dyn rusqlite::ToSql],
    map: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
    on: &mut dyn FnMut(T) -> bool,
) -> Result<(), Fault> {
    let mut stmt = conn.prepare_cached(sql).map_err(fault)?;
    let mut rows = stmt.query(args).map_err(fault)?;
    while let Some(r) = rows.next().map_err(fault)? {
        if !on(map(r).map_err(fault)?) {
            break;
        }
    }
    Ok(())
}

/// The shared query's arguments as SQLite binds them.
fn bound(args: &[Arg]) -> Vec<&dyn rusqlite::ToSql> {
    args.iter()
        .map(|a| match a {
            Arg::Int(n) => n as &dyn rusqlite::ToSql,
            Arg::Text(t) => t,
        })
        .collect()
}

impl Backend for Sqlite {
    fn write(&mut self) -> Result<Box<dyn WriteTx + '_>, Fault> {
        // IMMEDIATE: the write lock is taken now, so the chain's head read next is the one
        // this transaction appends to; another writer waits for it (BUSY_WAIT).
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fault)?;
        Ok(Box::new(Tx { tx }))
    }

    fn case(&mut self, id: &str) -> Result<Option<(Case, u64)>, Fault> {
        get_case(&self.conn, id)
    }

    fn events(
        &mut self,
        case: Option<&str>,
        on: &mut dyn FnMut(Event) -> bool,
    ) -> Result<(), Fault> {
        match case {
            Some(id) => each(
                &self.conn,
                &format!("SELECT {EVENT_COLUMNS} FROM events WHERE case_id = ?1 ORDER BY seq"),
                &[&id],
                |r| event_of(r, 0),
                on,
            ),
            None => each(
                &self.conn,
                &format!("SELECT {EVENT_COLUMNS} FROM events ORDER BY seq"),
                &[],
                |r| event_of(r, 0),
                on,
            ),
        }
    }

    fn event(&mut self, seq: u64) -> Result<Option<Event>, Fault> {
        get_event(&self.conn, seq)
    }

    fn list(&mut self, q: &ListQuery, on: &mut dyn FnMut(CaseLine) -> bool) -> Result<(), Fault> {
        let (sql, args) = sql::list(q, |n| format!("?{n}"), "id", ("", ""));
        let args = bound(&args);
        each(
            &self.conn,
            &sql,
            &args,
            |r| line_of(r, 0).map(|(c, _)| c),
            on,
        )
    }

    fn count(&mut self, q: &ListQuery) -> Result<Tally, Fault> {
        // Counted from the figures' index alone (a year's 330,000 cases: 1.2 s through the
        // received-date index and the rows, about 60 ms so); a search reads the applicant,
        // which only the rows hold.
        // Filtered by open or closed alone, the closing-date index is the smallest that holds
        // what is counted (60 ms for a million through the figures' index, 25 ms so).
        let only_status =
            q.year.is_none() && q.item.is_none() && q.result.is_none() && q.overdue.is_none();
        let table = if q.search.is_some() {
            "cases"
        } else if only_status && self.by_closed {
            "cases INDEXED BY cases_by_closed"
        } else {
            "cases INDEXED BY cases_figures"
        };
        let (sql, args) = sql::count(q, |n| format!("?{n}"), table);
        let args = bound(&args);
        let mut tally = Tally::default();
        each(
            &self.conn,
            &sql,
            &args,
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
            &mut |(all, open)| {
                tally.cases = u64::try_from(all).unwrap_or(0);
                tally.open = u64::try_from(open).unwrap_or(0);
                false
            },
        )?;
        tally.closed = tally.cases.saturating_sub(tally.open);
        Ok(tally)
    }

    fn each_case(
        &mut self,
        on: &mut dyn FnMut(CaseLine, Option<Event>) -> bool,
    ) -> Result<(), Fault> {
        let cols = prefixed("c", CASE_COLUMNS);
        let ev = prefixed("e", EVENT_COLUMNS);
        each(
            &self.conn,
            &format!(
                "SELECT {cols}, {ev} FROM cases c LEFT JOIN events e ON e.seq = c.last_event \
                 ORDER BY c.id"
            ),
            &[],
            |r| Ok((line_of(r, 0)?.0, maybe_event(r, 19)?)),
            &mut |(c, e)| on(c, e),
        )
    }

    fn last_events(
        &mut self,
        on: &mut dyn FnMut(&str, u64, Option<u64>) -> bool,
    ) -> Result<(), Fault> {
        each(
            &self.conn,
            "SELECT l.case_id, l.last, c.last_event FROM (SELECT case_id, MAX(seq) AS last FROM \
             events WHERE case_id IS NOT NULL GROUP BY case_id) l LEFT JOIN cases c ON c.id = \
             l.case_id ORDER BY l.case_id",
            &[],
            |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)),
            &mut |(id, last, named): (String, u64, Option<u64>)| on(&id, last, named),
        )
    }

    fn limits(&mut self) -> Result<BTreeMap<u8, u32>, Fault> {
        let mut out = BTreeMap::new();
        each(
            &self.conn,
            "SELECT item, days FROM limits",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?)),
            &mut |(i, d)| {
                out.insert(i, d);
                true
            },
        )?;
        Ok(out)
    }

    fn year_counts(&mut self, q: &YearQuery<'_>) -> Result<Vec<ItemFigures>, Fault> {
        let (from, to) = (
            i64::from(q.year) * 10_000 + 101,
            i64::from(q.year) * 10_000 + 1231,
        );
        let results = CaseResult::ALL
            .iter()
            .map(|r| format!("SUM(closed BETWEEN ?1 AND ?2 AND result = '{}')", r.code()))
            .collect::<Vec<_>>()
            .join(", ");
        let outcomes = Outcome::ALL
            .iter()
            .map(|o| {
                format!(
                    "SUM(received BETWEEN ?1 AND ?2 AND outcome = '{}')",
                    o.code()
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT item, SUM(received BETWEEN ?1 AND ?2), SUM(closed BETWEEN ?1 AND ?2), \
             {results}, {outcomes}, SUM(received <= ?2 AND (closed IS NULL OR closed > ?2)), \
             SUM(CASE WHEN closed BETWEEN ?1 AND ?2 THEN working_days ELSE 0 END), \
             MAX(CASE WHEN closed BETWEEN ?1 AND ?2 THEN working_days END) \
             FROM cases GROUP BY item ORDER BY item"
        );
        let mut out = Vec::new();
        each(
            &self.conn,
            &sql,
            &[&from, &to],
            |r| {
                let n = |i: usize| -> rusqlite::Result<u64> {
                    Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(0).max(0) as u64)
                };
                let mut f = ItemFigures::new(r.get(0)?);
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
                f.working_days_max = r.get(15)?;
                Ok(f)
            },
            &mut |f| {
                out.push(f);
                true
            },
        )?;
        // The overdue ones: closed past the limit, or open and received before the cutoff.
        for f in &mut out {
            let (Some(&limit), Some(cut)) = (q.limits.get(&f.item), q.cutoffs.get(&f.item)) else {
                continue;
            };
            f.overdue = self
                .conn
                .prepare_cached(
                    "SELECT COUNT(*) FROM cases WHERE item = ?1 AND received BETWEEN ?2 AND ?3 \
                     AND ((closed IS NOT NULL AND working_days > ?4) OR (closed IS NULL AND \
                     received < ?5))",
                )
                .map_err(fault)?
                .query_row(params![f.item, from, to, limit, ymd(*cut)], |r| {
                    r.get::<_, u64>(0)
                })
                .map_err(fault)?;
        }
        Ok(out)
    }

    fn head_seq(&mut self) -> Result<u64, Fault> {
        self.conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM events", [], |r| r.get(0))
            .map_err(fault)
    }
}
