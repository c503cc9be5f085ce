//! Reading and routing a register off the UI thread: the one place the batch screen loads a
//! file. A worker thread reads the file through the core (`Register::load`), routes its
//! applications in chunks with a router detached from the session
//! (`Session::batch_router`), and reports after each chunk; the window keeps drawing and
//! answering meanwhile, and a cancel is seen between chunks.
//!
//! A streaming reader plugs in here: [`read`] is the only caller of the core's reader, and
//! [`Progress`] already says "rows so far".

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use iced::Task;
use iced::futures::channel::mpsc;

use delegation_core::error::FileError;
use delegation_core::register::Register;
use delegation_core::router::{Decision, Router};

/// The largest register the window opens: it keeps every row and its decision in memory
/// (about 2.3 KB a row, measured), so a larger file is for the command line, whose `route
/// --out` streams it in flat memory; the screen says so.
pub const APP_MAX_BYTES: u64 = delegation_core::storage::MAX_FILE_BYTES;

/// Applications routed between two progress reports (and two looks at the cancel flag):
/// about 20 ms of work on an office PC.
pub const CHUNK: usize = 5_000;

/// A file read and routed.
#[derive(Debug)]
pub struct Loaded {
    /// The file as the clerk named it.
    pub file: String,
    pub register: Register,
    /// One decision per application of `register.batch`, in its order.
    pub decisions: Vec<Decision>,
}

/// What the worker reports.
#[derive(Debug, Clone)]
pub enum Progress {
    /// The file is being read.
    Reading,
    /// `done` of `of` applications routed.
    Routed {
        done: usize,
        of: usize,
    },
    /// Everything is read and routed. (Shared so that the message can be cloned; the screen
    /// takes it out.)
    Done(Arc<std::sync::Mutex<Option<Loaded>>>),
    Failed(FileError),
    Cancelled,
}

/// Makes the router for a file's own handover dates (see `Session::batch_router`).
pub type RouterFor = Box<dyn Fn(&BTreeMap<u8, NaiveDate>) -> Router<'static> + Send>;

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
}

/// Reads and routes `path` on this thread, telling `report` how far it got.
/// `Ok(None)`: cancelled.
pub fn read(
    path: &Path,
    file: String,
    router_for: &RouterFor,
    cancel: &Cancel,
    report: &mut dyn FnMut(Progress),
) -> Result<Option<Loaded>, FileError> {
    report(Progress::Reading);
    drop(delegation_core::storage::open_capped(
        path,
        delegation_core::error::FileKind::Applications,
        APP_MAX_BYTES,
    )?);
    let register = Register::load(path)?;
    if cancel.is_cancelled() {
        return Ok(None);
    }
    let router = router_for(&register.batch.handover);
    let apps = &register.batch.applications;
    let mut decisions = Vec::with_capacity(apps.len());
    for chunk in apps.chunks(CHUNK) {
        if cancel.is_cancelled() {
            return Ok(None);
        }
        decisions.extend(chunk.iter().map(|a| router.route(a)));
        report(Progress::Routed {
            done: decisions.len(),
            of: apps.len(),
        });
    }
    Ok(Some(Loaded {
        file,
        register,
        decisions,
    }))
}

/// Starts [`read`] on a worker thread; the task yields its reports, the last one `Done`,
/// `Failed` or `Cancelled`.
pub fn start(path: PathBuf, file: String, router_for: RouterFor, cancel: Cancel) -> Task<Progress> {
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
            let last = match read(&path, file, &router_for, &cancel, &mut report) {
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
            delegation_core::error::FileKind::Applications,
            delegation_core::error::Problem::Unreadable {
                kind: Some(e.kind()),
                os: e.to_string(),
            },
        ))),
    }
}
