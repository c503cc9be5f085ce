//! Routing a register as a stream: the one pipeline the command line's `route` and the batch
//! screen both read a register through.
//!
//! The file is read (and, for a .csv, routed) on a thread of its own, and each row is handed
//! to the caller's sink on the calling thread: the two halves take about as long, and a
//! clerk's PC has two cores or more. Rows cross in batches through a bounded channel, so
//! memory stays flat in the rows, and go back to the reader to be freed by the thread that
//! allocated them (glibc's malloc frees memory of another thread's arena slowly: the first
//! two-thread build took 6.8 s against 4.9 s on one thread).
//!
//! Each row's decision is made in two steps, the outcome and then its flips; the reader takes
//! the first when that balances the two threads. Measured per row: a .csv's bytes are quicker
//! to read than a decision is to word, so the reader routes; an .xlsx's XML takes longer, so
//! the calling thread does (1,048,575 rows: 2.0 s and 4.1 s with the reader routing).

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;
use delegation_files::error::FileError;
use delegation_files::register::{
    self, BadRow, Head, ReadRow, RegisterFormat, StreamError, Summary,
};
use delegation_law::facts::{Application, FactsKind};
use delegation_law::router::{Decision, Outcome, Router};

use delegation_law::calendar::Calendar;
use delegation_law::notices::Notices;

use crate::Conventions;

/// Rows that cross between the threads at a time.
const BATCH: usize = 512;
/// Batches in flight: the reader is at most this far ahead of the sink.
const IN_FLIGHT: usize = 8;

/// A row's decision, or why it could not be read.
pub type RowRead = Result<(Application, Decision), BadRow>;

/// A row's outcome, or why it could not be read ([`RoutedRow::take_outcome`]).
pub type RowOutcome = Result<(Application, Outcome), BadRow>;

/// One row of a register as the sink sees it: where it is, its cells (when asked for), and
/// its decision or why it could not be read. The sink may [`RoutedRow::take`] what it keeps;
/// what it leaves is freed by the thread that made it.
#[derive(Debug)]
pub struct RoutedRow {
    row: u32,
    cells: Vec<String>,
    /// `None` once the sink took it.
    read: Option<Result<(Application, Option<Decision>), BadRow>>,
    /// The decision was made on the calling thread (and is freed there).
    made_here: bool,
    /// A decision whose outcome the sink took ([`RoutedRow::take_outcome`]), left to be freed
    /// as an untaken one is.
    spent: Option<Decision>,
}

impl RoutedRow {
    /// 1-based row in the sheet (for a RON file, the application's place in the list).
    pub fn row(&self) -> u32 {
        self.row
    }

    /// The cells as the clerk sees them; empty unless the stream was asked for them.
    pub fn cells(&self) -> &[String] {
        &self.cells
    }

    /// The application and its decision, or why the row is none.
    ///
    /// # Panics
    /// After [`RoutedRow::take`].
    pub fn routed(&self) -> Result<(&Application, &Decision), &BadRow> {
        match &self.read {
            Some(Ok((app, Some(d)))) => Ok((app, d)),
            Some(Err(bad)) => Err(bad),
            Some(Ok((_, None))) => unreachable!("a row reaches the sink routed"),
            None => panic!("the row was taken"),
        }
    }

    /// Takes the row's cells and its decision (or why it could not be read), leaving it empty.
    /// `None` once taken.
    pub fn take(&mut self) -> Option<(Vec<String>, RowRead)> {
        let read = match self.read.take()? {
            Ok((app, Some(d))) => Ok((app, d)),
            Ok((_, None)) => return None,
            Err(bad) => Err(bad),
        };
        Some((std::mem::take(&mut self.cells), read))
    }

    /// Takes the row's cells and its application with its decision's outcome (or why it
    /// could not be read), and leaves the decision to be freed by the thread that made it, as
    /// if untaken. For a sink that keeps outcomes only (the batch screen: freeing 100,000
    /// decisions on its own thread added ~0.2 s to its load). `None` once taken.
    pub fn take_outcome(&mut self) -> Option<(Vec<String>, RowOutcome)> {
        let read = match self.read.take()? {
            Ok((app, Some(d))) => {
                let outcome = d.outcome;
                self.spent = Some(d);
                Ok((app, outcome))
            }
            Ok((_, None)) => return None,
            Err(bad) => Err(bad),
        };
        Some((std::mem::take(&mut self.cells), read))
    }
}

/// Why a routed stream stopped: the file, the sink (its own error), or no thread to read on.
#[derive(Debug)]
pub enum RouteError<E> {
    File(FileError),
    Sink(E),
    Thread(io::Error),
}

/// What a whole routed stream held: the register's head and size, and the router its rows
/// were routed with (its own handover dates with the overrides on top of the recorded ones).
#[derive(Debug)]
pub struct Routed {
    pub summary: Summary,
    pub router: Router<'static>,
}

/// How to read a register for [`Routing::route_register`].
#[derive(Debug, Clone, Copy)]
pub struct RouteOptions<'a> {
    /// Handover dates that outrank the file's own and the recorded ones (`--handover`).
    pub overrides: &'a BTreeMap<u8, NaiveDate>,
    /// The day the handover dates are bounded by (a year past it at most).
    pub today: NaiveDate,
    /// Keep each row's cells for the sink (the batch screen shows them; `route` does not).
    pub cells: bool,
    /// Work out each decision's flips (what would change it). The batch screen does not: it
    /// keeps each row's outcome only and routes a row again, flips and all, when it is shown.
    pub flips: bool,
}

/// A router with the recorded handover dates, `overrides` taking precedence.
pub(crate) fn router(
    notices: &'static Notices,
    recorded: &BTreeMap<u8, NaiveDate>,
    calendar: &Calendar,
    conventions: Conventions,
    overrides: &BTreeMap<u8, NaiveDate>,
) -> Router<'static> {
    let mut handover = recorded.clone();
    handover.extend(overrides.iter().map(|(k, v)| (*k, *v)));
    Router::for_notices(
        notices,
        calendar,
        handover,
        conventions.start_day,
        conventions.validity,
    )
}

/// Which facts an item takes for a row received on a day, by `router`'s notices: with the
/// built-in notice alone its table's, whatever the day (as the reader always did).
pub(crate) fn kinds_of<'r>(
    router: &'r Router<'static>,
) -> impl Fn(u8, Option<NaiveDate>) -> Option<FactsKind> + Sync + 'r {
    let several = router.several_notices();
    move |no, day| match (several, day) {
        (true, Some(day)) => router.row(no, day).map(|i| i.facts_kind()),
        _ => register::embedded_kinds(no, day),
    }
}

/// What routing needs from a session, detached from it ([`Session::routing`]): it can go to
/// another thread and route there as the session would.
#[derive(Debug, Clone)]
pub struct Routing {
    pub(crate) notices: &'static Notices,
    pub(crate) recorded: BTreeMap<u8, NaiveDate>,
    pub(crate) calendar: Calendar,
    pub(crate) conventions: Conventions,
}

impl Routing {
    /// The router for a file whose own handover dates are `overrides` (the recorded ones
    /// under them), as [`Session::router`] makes it.
    pub fn router(&self, overrides: &BTreeMap<u8, NaiveDate>) -> Router<'static> {
        router(
            self.notices,
            &self.recorded,
            &self.calendar,
            self.conventions,
            overrides,
        )
    }

    /// Reads the register at `file` (.ron, .xlsx or .csv, by its extension) and routes it
    /// as a stream: `on_head` once, on the reading thread, before the first row; `on_row`
    /// for each non-empty row in order, on this thread, with its decision (flips included).
    /// An error from either stops the reading. Memory does not grow with the rows.
    pub fn route_register<E: Send>(
        &self,
        file: &Path,
        options: RouteOptions<'_>,
        on_head: &mut (dyn FnMut(&Head) -> Result<(), E> + Send),
        on_row: &mut dyn FnMut(&mut RoutedRow) -> Result<(), E>,
    ) -> Result<Routed, RouteError<E>> {
        let is_workbook = RegisterFormat::of(file) == Some(RegisterFormat::Xlsx);
        let route_on_reader = !is_workbook;
        // The router, once the register's own handover dates are known (its head).
        let router = OnceLock::new();
        // Which facts a row's item takes: the row of the notice it will be routed by (the
        // notices' dates alone decide which, not the handover dates of the file's head).
        let chooser = self.router(&BTreeMap::new());
        let kinds = kinds_of(&chooser);
        let mut sink_error = None;
        let read = std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<RoutedRow>>(IN_FLIGHT);
            let (done_tx, done_rx) = std::sync::mpsc::channel::<Vec<RoutedRow>>();
            let router = &router;
            let reader = std::thread::Builder::new()
                .name("register".into())
                .spawn_scoped(scope, move || {
                    let mut batch = Vec::with_capacity(BATCH);
                    let read = register::stream_by(
                        file,
                        options.today,
                        &kinds,
                        &mut |head: &Head| {
                            on_head(head).map_err(Stop::Head)?;
                            let mut dates = head.handover.clone();
                            dates.extend(options.overrides.iter().map(|(k, v)| (*k, *v)));
                            let _ = router.set(self.router(&dates));
                            Ok(())
                        },
                        &mut |r: ReadRow| {
                            let Some(router) = router.get() else {
                                return Ok(());
                            };
                            let read = r.read.map(|app| {
                                let d = route_on_reader.then(|| router.route_without_flips(&app));
                                (app, d)
                            });
                            batch.push(RoutedRow {
                                row: r.row,
                                cells: if options.cells { r.cells } else { Vec::new() },
                                read: Some(read),
                                made_here: false,
                                spent: None,
                            });
                            if batch.len() == BATCH {
                                while let Ok(done) = done_rx.try_recv() {
                                    drop(done);
                                }
                                // The sink stopped (its error is its own to report).
                                tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                                    .map_err(|_| Stop::Rows)?;
                            }
                            Ok(())
                        },
                    );
                    if read.is_ok() && !batch.is_empty() {
                        let _ = tx.send(batch);
                    }
                    read
                });
            'rows: for mut batch in rx {
                let Some(router) = router.get() else {
                    continue;
                };
                for r in &mut batch {
                    if let Some(Ok((app, d))) = &mut r.read {
                        r.made_here = d.is_none();
                        let d = d.get_or_insert_with(|| router.route_without_flips(app));
                        if options.flips {
                            router.add_flips(app, d);
                        }
                    }
                    if let Err(e) = on_row(r) {
                        sink_error = Some(e);
                        break 'rows;
                    }
                    // A decision made on this thread is freed on it (measured: 3.4 s against
                    // 3.9 s for the 1,048,575-row .xlsx). Freeing here the flips of one made
                    // on the reader's was slower (3.6 s against 2.6 s for 1,000,000 .csv
                    // rows): this thread is the busier one then.
                    if r.made_here {
                        if let Some(Ok((_, slot))) = &mut r.read {
                            drop(slot.take());
                        }
                        drop(r.spent.take());
                    }
                }
                let _ = done_tx.send(batch);
            }
            drop(done_tx);
            match reader {
                Ok(reader) => reader
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread for the reader (the system's limit): nothing was read.
                Err(e) => Err(StreamError::Sink(Stop::Thread(e))),
            }
        });
        if let Some(e) = sink_error {
            return Err(RouteError::Sink(e));
        }
        let summary = match read {
            Ok(s) => s,
            Err(StreamError::File(e)) => return Err(RouteError::File(e)),
            Err(StreamError::Sink(Stop::Head(e))) => return Err(RouteError::Sink(e)),
            Err(StreamError::Sink(Stop::Thread(e))) => return Err(RouteError::Thread(e)),
            // Only the sink stops the reader, and its error is returned above.
            Err(StreamError::Sink(Stop::Rows)) => {
                return Err(RouteError::Thread(io::Error::other("the rows stopped")));
            }
        };
        match router.into_inner() {
            Some(router) => Ok(Routed { summary, router }),
            // A register always has a head before its summary.
            None => Err(RouteError::Thread(io::Error::other("no head"))),
        }
    }
}

/// Why the reading thread stopped before the end of the file.
enum Stop<E> {
    /// `on_head` said so.
    Head(E),
    /// The rows' sink went away.
    Rows,
    Thread(io::Error),
}

/// Lines held until a whole register is read, then passed on at once: a register refused at
/// its last row prints nothing. Memory up to 8 MiB, then a temporary file.
pub struct Spool(io::BufWriter<tempfile::SpooledTempFile>);

impl Default for Spool {
    fn default() -> Spool {
        Spool(io::BufWriter::with_capacity(
            256 << 10,
            tempfile::SpooledTempFile::new(8 << 20),
        ))
    }
}

impl Spool {
    pub fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.0.write_all(bytes)
    }

    /// Everything spooled, to `out`, flushed.
    pub fn copy_to(self, out: &mut dyn Write) -> io::Result<()> {
        let mut spool = self
            .0
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        io::Seek::rewind(&mut spool)?;
        io::copy(&mut spool, out)?;
        out.flush()
    }
}
