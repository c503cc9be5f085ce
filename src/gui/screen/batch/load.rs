//! Reading and routing a register off the UI thread: the one place the batch screen loads a
//! file. A worker thread runs the session's pipeline, the one `route` reads through
//! ([`Routing::route_register`], detached from the session by `Session::routing`), gathers
//! every row with its decision, and reports every [`CHUNK`] rows; the window keeps drawing and
//! answering meanwhile, and a cancel is seen at the next row.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use iced::Task;
use iced::futures::channel::mpsc;

use delegation_files::error::{FileError, FileKind};
use delegation_files::register::{Entry, Register, RegisterFormat, Row};
use delegation_law::applications::ApplicationsFile;
use delegation_law::router::{Outcome, Router};
use delegation_session::{RouteError, RouteOptions, Routing};

/// The largest register the window opens: it keeps every row in memory (its cells, its
/// application and its outcome: about 0.45 KB a row, measured at 100,000 rows; the decisions
/// are routed again when shown), so a larger file is for the command line, whose `route
/// --out` streams it in flat memory; the screen says so.
/// (`check_file`'s cap, checked before anything is read.)
pub const APP_MAX_BYTES: u64 = delegation_files::io::MAX_FILE_BYTES;

/// Rows read and routed between two progress reports: about 20 ms of work on an office PC.
pub const CHUNK: usize = 5_000;

/// A file read and routed.
#[derive(Debug)]
pub struct Loaded {
    /// The file as the clerk named it.
    pub file: String,
    pub register: Register,
    /// One outcome per application of `register.batch`, in its order (the decisions are
    /// routed again when wanted, by `router`).
    pub outcomes: Vec<Outcome>,
    /// The router that routed them: the recorded handover dates under the file's own.
    pub router: Router<'static>,
    /// Each row's cells, packed (the register's rows keep none).
    pub cells: Vec<super::Cells>,
}

/// What the worker reports.
#[derive(Debug, Clone)]
pub enum Progress {
    /// The file is being read.
    Reading,
    /// `done` rows read and routed so far.
    Routed {
        done: usize,
    },
    /// Everything is read and routed. (Shared so that the message can be cloned; the screen
    /// takes it out.)
    Done(Arc<std::sync::Mutex<Option<Loaded>>>),
    Failed(FileError),
    Cancelled,
}

/// Asks a running load to stop; dropping it does not.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// The flag itself, for a job that looks at it.
    pub fn flag(&self) -> &AtomicBool {
        &self.0
    }
}

/// Reads and routes `path` on this thread (the session's pipeline reads it on one more),
/// telling `report` how far it got. `Ok(None)`: cancelled.
pub fn read(
    path: &Path,
    file: String,
    today: NaiveDate,
    routing: &Routing,
    cancel: &Cancel,
    report: &mut dyn FnMut(Progress),
) -> Result<Option<Loaded>, FileError> {
    report(Progress::Reading);
    // The window keeps every row: a file past its cap is for the command line, said before
    // anything is read (the metadata only; the reader opens the file once).
    delegation_files::io::check_file(path, FileKind::Applications)?;
    let mut batch = ApplicationsFile::default();
    let mut rows = Vec::new();
    let mut outcomes = Vec::new();
    let mut packed = Vec::new();
    let routed = routing.route_register(
        path,
        RouteOptions {
            overrides: &BTreeMap::new(),
            today,
            cells: true,
            flips: false,
        },
        &mut |_| Ok(()),
        &mut |r| {
            if cancel.is_cancelled() {
                return Err(Cancelled);
            }
            let row = r.row();
            let Some((cells, read)) = r.take_outcome() else {
                return Ok(());
            };
            let entry = match read {
                Ok((app, outcome)) => {
                    batch.applications.push(app);
                    outcomes.push(outcome);
                    Entry::App(batch.applications.len() - 1)
                }
                Err(bad) => Entry::Bad(bad),
            };
            packed.push(super::Cells::pack(cells));
            rows.push(Row {
                row,
                cells: Vec::new(),
                entry,
            });
            if rows.len() % CHUNK == 0 {
                report(Progress::Routed { done: rows.len() });
            }
            Ok(())
        },
    );
    let summary = match routed {
        Ok(r) => r.summary,
        Err(RouteError::File(e)) => return Err(e),
        Err(RouteError::Sink(Cancelled)) => return Ok(None),
        Err(RouteError::Thread(e)) => {
            return Err(FileError::unreadable(&file, FileKind::Applications, &e));
        }
    };
    if cancel.is_cancelled() {
        return Ok(None);
    }
    batch.handover = summary.head.handover;
    let router = routing.router(&batch.handover);
    let sheet =
        (RegisterFormat::of(path) != Some(RegisterFormat::Ron)).then_some(summary.head.sheet);
    Ok(Some(Loaded {
        file,
        register: Register {
            batch,
            header: summary.head.header,
            rows,
            sheet,
        },
        outcomes,
        router,
        cells: packed,
    }))
}

/// The sink's answer to a cancel.
struct Cancelled;

/// Starts [`read`] on a worker thread; the task yields its reports, the last one `Done`,
/// `Failed` or `Cancelled`.
pub fn start(
    path: PathBuf,
    file: String,
    today: NaiveDate,
    routing: Routing,
    cancel: Cancel,
) -> Task<Progress> {
    let (tx, rx) = mpsc::unbounded();
    let name = file.clone();
    let spawned = std::thread::Builder::new()
        .name("register-reader".into())
        .spawn(move || {
            let send = |p: Progress| {
                // The window went away: nobody is waiting.
                let _ = tx.unbounded_send(p);
            };
            let mut report = |p: Progress| send(p);
            let last = match read(&path, file, today, &routing, &cancel, &mut report) {
                Ok(Some(loaded)) => Progress::Done(Arc::new(std::sync::Mutex::new(Some(loaded)))),
                Ok(None) => Progress::Cancelled,
                Err(e) => Progress::Failed(e),
            };
            send(last);
        });
    match spawned {
        Ok(_) => Task::stream(rx),
        // No thread to be had: the load fails as a whole, said where the screen shows it.
        Err(e) => Task::done(Progress::Failed(FileError::whole(
            &name,
            delegation_files::error::FileKind::Applications,
            delegation_files::error::Problem::Unreadable {
                kind: Some(e.kind()),
                os: e.to_string(),
            },
        ))),
    }
}
