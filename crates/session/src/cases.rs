//! The case register's workflows: a register routed and recorded case by case (`cases add`),
//! and the store opened where the clerk said.
//!
//! A register is read and routed exactly as `route` reads it ([`Routing::route_register`]:
//! its own 交接日期 dates, the recorded ones, the conventions), and its cases are recorded in
//! transactions of [`BATCH`] cases: a process killed half-way leaves every case before the
//! last commit recorded with its decision and its event, none of the rest, and a rerun records
//! the rest (a case already there with the same facts is left as it is).

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use delegation_files::error::PathError;
use delegation_files::io::ensure_folder;
use delegation_files::register::{BadRow, Head};
use delegation_law::facts::Application;
use delegation_law::records::Records;
use delegation_law::router::{Decision, Outcome};
use delegation_store::cases::postgres::{self, Postgres};
use delegation_store::cases::sqlite::Sqlite;
use delegation_store::cases::{
    Actor, Case, CaseError, Cases, Fault, Filed, NewCase, Ready, Recorded, RecordedDecision,
};

use crate::route::{RouteError, RouteOptions, Routed, Routing};

/// Cases recorded per transaction by [`record_register`]: large enough that a commit's sync is
/// a small part of the time, small enough that a kill loses little work.
pub const BATCH: usize = 2_000;

/// The case register's file in a data folder.
pub use delegation_store::dir::CASES_FILE;

/// Moves the case register (`--store` outranks it).
pub const STORE_ENV: &str = "DELEGATION_TRACKER_STORE";

/// Where the case register is: `--store`, else [`STORE_ENV`], else the data folder's.
pub fn store_path(flag: Option<&Path>, env: Option<PathBuf>, data_dir: &Path) -> PathBuf {
    flag.map(Path::to_path_buf)
        .or(env.filter(|p| !p.as_os_str().is_empty()))
        .unwrap_or_else(|| data_dir.join(CASES_FILE))
}

/// Why the case register could not be opened.
#[derive(Debug, Clone)]
pub enum OpenError {
    /// Its folder could not be made.
    Folder(PathError),
    Store(Fault),
}

/// The PostgreSQL URL `path` spells (`postgres://…`, `postgresql://…`), if it is one.
pub fn store_url(path: &Path) -> Option<&str> {
    path.to_str().filter(|s| postgres::is_url(s))
}

/// Opens the case register at `path` (made, with its folder, when there is none), or on the
/// server `path` names (`postgres://user@host:port/db`: never made here, `cases init` makes it).
pub fn open_cases(path: &Path) -> Result<Cases, OpenError> {
    if let Some(url) = store_url(path) {
        return Ok(Cases::new(Box::new(
            Postgres::open(url).map_err(OpenError::Store)?,
        )));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        ensure_folder(dir).map_err(OpenError::Folder)?;
    }
    let store = Sqlite::open(path).map_err(OpenError::Store)?;
    Ok(Cases::new(Box::new(store)))
}

/// `cases init`: makes the register at `path` (a file, as [`open_cases`] would), or its schema
/// on the server a `postgres://` URL names, when there is none; a newer one is refused.
pub fn init_cases(path: &Path) -> Result<Cases, OpenError> {
    match store_url(path) {
        Some(url) => Ok(Cases::new(Box::new(
            Postgres::init(url).map_err(OpenError::Store)?,
        ))),
        None => open_cases(path),
    }
}

/// Who makes changes from this program: a name and a machine (the time is each change's own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clerk {
    pub who: String,
    pub machine: String,
}

impl Clerk {
    /// `name` (`--as`), else the system user, on this machine.
    pub fn of_system(name: Option<&str>) -> Clerk {
        // A session without USER (a service, a test harness): LOGNAME, then the account the
        // process runs as, by its uid in /etc/passwd; "?" only where none says.
        let user = || {
            std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .or_else(|_| std::env::var("LOGNAME"))
                .ok()
                .filter(|u| !u.trim().is_empty())
                .or_else(account)
                .unwrap_or_else(|| "?".into())
        };
        let machine = std::env::var("COMPUTERNAME")
            .ok()
            .or_else(|| {
                delegation_files::io::read::read_capped(Path::new("/proc/sys/kernel/hostname"))
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                    .map(|s| s.trim().to_string())
            })
            .or_else(|| std::env::var("HOSTNAME").ok())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "?".into());
        Clerk {
            who: name
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map_or_else(user, str::to_string),
            machine,
        }
    }

    /// The clerk as of now.
    pub fn now(&self) -> Actor {
        Actor {
            who: self.who.clone(),
            machine: self.machine.clone(),
            at: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        }
    }
}

/// The name of the account this process runs as (Linux: its real uid in /etc/passwd).
fn account() -> Option<String> {
    let read = |p: &str| {
        delegation_files::io::read::read_capped(Path::new(p))
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
    };
    let status = read("/proc/self/status")?;
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .to_string();
    read("/etc/passwd")?.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        (f.nth(1)? == uid && !name.is_empty()).then(|| name.to_string())
    })
}

/// Enters each item whose handover record changed from `before` to `after` in the audit trail
/// of the case register at `store` (its record before and after, as the records file writes
/// them).
pub fn audit_handovers(
    store: &Path,
    clerk: &Clerk,
    before: &Records,
    after: &Records,
) -> Result<(), OpenError> {
    let changed: Vec<(u8, String, String)> = after
        .items
        .iter()
        .filter(|(no, r)| before.items.get(no) != Some(r))
        .map(|(no, r)| {
            let was = before
                .items
                .get(no)
                .map_or(String::new(), |b| ron::to_string(b).unwrap_or_default());
            (*no, was, ron::to_string(r).unwrap_or_default())
        })
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let mut cases = open_cases(store)?;
    let actor = clerk.now();
    for (item, was, now) in changed {
        cases
            .handover_saved(item, &was, &now, &actor)
            .map_err(|e| match e {
                CaseError::Store(f) => OpenError::Store(f),
                other => OpenError::Store(Fault::Backend(other.to_string())),
            })?;
    }
    Ok(())
}

/// The words a recorded decision keeps (the office's language: Chinese), from the front
/// end's words.
pub trait CaseWords {
    /// What the router found at the deciding step.
    fn finding(&self, decision: &Decision) -> String;
    /// What would have changed the outcome, a line each.
    fn flips(&self, decision: &Decision) -> String;
}

/// The decision as it is recorded.
pub fn recorded_decision(decision: &Decision, words: &dyn CaseWords, at: &str) -> RecordedDecision {
    RecordedDecision {
        at: at.to_string(),
        notice: decision.notice.to_string(),
        outcome: decision.outcome.code().to_string(),
        approving_body: decision.approving_body.as_deref().map(str::to_string),
        mode: decision.mode.map(|m| m.table_term().to_string()),
        in_name_of: decision.in_name_of.as_deref().map(str::to_string),
        answerable: decision.answerable.as_deref().map(str::to_string),
        clause: decision.deciding_clause().to_string(),
        finding: words.finding(decision),
        flips: words.flips(decision),
    }
}

/// An application as it is filed (its facts as the applications file writes them).
pub fn filed(app: &Application, applicant: &str) -> Filed {
    Filed {
        item: app.item,
        received: app.received,
        in_zone: app.in_zone,
        facts: ron::to_string(&app.facts).expect("facts always serialise"),
        applicant: applicant.to_string(),
    }
}

/// How many of the cases received last [`notices_not_held`] looks at: enough to show how the
/// office routes now, few enough to be read through the received-date index in milliseconds
/// at any size of register.
pub const RECENT_CASES: u64 = 2_000;

/// The notices that the [`RECENT_CASES`] cases received last were routed by and that `held`
/// does not hold, in order. The notices are each PC's own (its data folder's `notices/`), so
/// with a register shared by the office such a case was routed on another PC by a notice this
/// one lacks, and this PC would route the same application otherwise (issue 31).
pub fn notices_not_held(
    cases: &mut Cases,
    held: &delegation_law::notices::Notices,
) -> Result<Vec<String>, CaseError> {
    let q = delegation_store::cases::ListQuery {
        order: delegation_store::cases::Order::ReceivedLatest,
        take: Some(RECENT_CASES),
        ..Default::default()
    };
    let mut missing = std::collections::BTreeSet::new();
    cases.list(&q, &mut |line| {
        if !line.notice.is_empty() && held.get(&line.notice).is_none() {
            missing.insert(line.notice);
        }
        true
    })?;
    Ok(missing.into_iter().collect())
}

/// The headers of a register column naming the applicant (optional; not the router's).
pub const APPLICANT_HEADERS: [&str; 4] = ["申请人", "申请单位", "applicant", "Applicant"];

/// What happened to one row that was not recorded.
#[derive(Debug)]
pub enum NotRecorded<'a> {
    /// The row could not be read: its cells' problems.
    Unreadable { row: u32, bad: &'a BadRow },
    /// The row was read and routed INVALID.
    Invalid { row: u32, decision: &'a Decision },
    /// The case was recorded before with other facts: left as it is.
    Conflict { row: u32, case: Box<Case> },
}

/// What [`record_register`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct AddSummary {
    pub rows: usize,
    pub recorded: usize,
    pub already: usize,
    pub invalid: usize,
    pub conflicts: usize,
}

/// Reads and routes the register at `file` as `route` does (`options`: its handover dates and
/// day), recording each row's case: an unreadable or
/// INVALID row is not recorded, a case already there is counted, a conflict named; each goes to
/// `on_skip` as it is met.
pub fn record_register(
    routing: &Routing,
    cases: &mut Cases,
    file: &Path,
    options: RouteOptions<'_>,
    words: &dyn CaseWords,
    actor: &Actor,
    on_skip: &mut dyn FnMut(NotRecorded<'_>),
) -> Result<(AddSummary, Routed), RouteError<CaseError>> {
    let mut summary = AddSummary::default();
    let applicant_col = std::sync::OnceLock::new();
    std::thread::scope(|scope| {
        // The store is written on a thread of its own (each case's JSON, its event's hash and
        // SQLite's work), while this one reads, routes and words the next rows: both take
        // about as long. A batch waits for the writer when two are queued, so memory stays
        // flat in the rows.
        let (to_writer, batches) = mpsc::sync_channel::<Vec<(u32, Ready)>>(2);
        let (to_caller, answers) = mpsc::channel::<(u32, Recorded)>();
        // Each batch goes back to be freed by this thread, which allocated it (glibc frees
        // another thread's memory under a lock: measured in route.rs).
        let (give_back, given_back) = mpsc::channel::<Vec<(u32, Ready)>>();
        let writer = std::thread::Builder::new()
            .name("cases-writer".into())
            .spawn_scoped(scope, move || -> Result<usize, CaseError> {
                let mut recorded = 0;
                for batch in batches {
                    let (rows, mut ready): (Vec<u32>, Vec<Ready>) = batch.into_iter().unzip();
                    let done = cases.record_ready(&mut ready)?;
                    for (&row, r) in rows.iter().zip(done) {
                        match r {
                            Recorded::New => recorded += 1,
                            other => {
                                let _ = to_caller.send((row, other));
                            }
                        }
                    }
                    let _ = give_back.send(rows.into_iter().zip(ready).collect());
                }
                Ok(recorded)
            })
            .map_err(|e| RouteError::Sink(CaseError::Store(Fault::Backend(e.to_string()))))?;
        let answered = |summary: &mut AddSummary,
                        on_skip: &mut dyn FnMut(NotRecorded<'_>),
                        (row, r): (u32, Recorded)| match r {
            Recorded::New => summary.recorded += 1,
            Recorded::AlreadyThere => summary.already += 1,
            Recorded::Conflict(case) => {
                summary.conflicts += 1;
                on_skip(NotRecorded::Conflict { row, case });
            }
        };
        // The writer stopped (its error is its own, read when it is joined).
        let stopped = || CaseError::Store(Fault::Backend("the writer stopped".into()));
        let mut pending: Vec<(u32, Ready)> = Vec::with_capacity(BATCH);
        let routed = routing.route_register(
            file,
            // The cells: the applicant's column is not the router's.
            RouteOptions {
                cells: true,
                ..options
            },
            &mut |head: &Head| {
                let _ = applicant_col.set(
                    head.header
                        .iter()
                        .position(|h| APPLICANT_HEADERS.contains(&h.trim())),
                );
                Ok(())
            },
            &mut |r| {
                summary.rows += 1;
                let row = r.row();
                match r.routed() {
                    Err(bad) => {
                        summary.invalid += 1;
                        on_skip(NotRecorded::Unreadable { row, bad });
                    }
                    Ok((_, d)) if d.outcome == Outcome::Invalid => {
                        summary.invalid += 1;
                        on_skip(NotRecorded::Invalid { row, decision: d });
                    }
                    Ok((app, d)) => {
                        let applicant = applicant_col
                            .get()
                            .copied()
                            .flatten()
                            .and_then(|c| r.cells().get(c))
                            .map_or("", |s| s.trim());
                        let new = NewCase {
                            id: app.id.clone(),
                            filed: filed(app, applicant),
                            decision: recorded_decision(d, words, &actor.at),
                        };
                        pending.push((row, Cases::ready(new, actor)));
                        if pending.len() >= BATCH {
                            let batch = std::mem::replace(&mut pending, Vec::with_capacity(BATCH));
                            to_writer.send(batch).map_err(|_| stopped())?;
                            while let Ok(a) = answers.try_recv() {
                                answered(&mut summary, on_skip, a);
                            }
                            given_back.try_iter().for_each(drop);
                        }
                    }
                }
                Ok(())
            },
        );
        let sent = match &routed {
            Ok(_) if !pending.is_empty() => to_writer.send(std::mem::take(&mut pending)).is_ok(),
            _ => true,
        };
        drop(to_writer);
        let written = writer.join().unwrap_or_else(|_| Err(stopped()));
        for a in answers.try_iter() {
            answered(&mut summary, on_skip, a);
        }
        match (routed, written) {
            // The writer's own error outranks the "stopped" the sink saw.
            (_, Err(e)) => Err(RouteError::Sink(e)),
            (Err(e), _) => Err(e),
            (Ok(_), Ok(_)) if !sent => Err(RouteError::Sink(stopped())),
            (Ok(routed), Ok(recorded)) => {
                summary.recorded += recorded;
                Ok((summary, routed))
            }
        }
    })
}

#[cfg(test)]
mod tests {
    /// The account this process runs as is named as /etc/passwd names its uid (root for uid 0,
    /// as CI runs); a uid with no line there has no name, and the clerk is then "?".
    #[test]
    #[cfg(target_os = "linux")]
    fn the_account_of_this_process_is_named_by_its_uid() {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let uid = status
            .lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|v| v.split_whitespace().next())
            .unwrap()
            .to_string();
        let name = super::account();
        if uid == "0" {
            assert_eq!(name.as_deref(), Some("root"));
        }
        if let Some(n) = name {
            assert!(!n.is_empty() && !n.contains(':'), "{n}");
        }
    }
}
