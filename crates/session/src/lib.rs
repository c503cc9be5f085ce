//! One session over the data directory, driven by both front ends: the command line opens one
//! per command, the desktop app one for its life. It holds the one copy of the records (in
//! the store, or in memory for tests), the calendar with the user's imported years, the
//! counting conventions and the key dates that follow from them, and does every workflow
//! that touches them: routing a batch, importing and exporting records and holidays, the
//! handover report. Neither front end repeats any of it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use delegation_files::error::{FileError, FileKind, PathError};
use delegation_files::io::{Target, write_output};
use delegation_files::table::{self, Table};
use delegation_law::applications::ApplicationsFile;
use delegation_law::calendar::{Calendar, StartDay};
use delegation_law::catalogue::Catalogue;
use delegation_law::deadlines::{KeyDates, ValidityConvention};
use delegation_law::notices::Notices;
use delegation_law::records::Records;
use delegation_law::report::{self, ReportRow};
use delegation_law::router::{Decision, Router};
use delegation_store::holidays;
use delegation_store::{ReadOnly, Recovered, Store, StoreError};

pub mod cases;
pub mod desk;
mod error;
pub mod outputs;
pub mod route;
pub mod shared;

pub use error::Error;
pub use route::{RouteError, RouteOptions, Routed, RoutedRow, Routing, Spool};

/// How the 30 working days and the five years are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Conventions {
    pub start_day: StartDay,
    pub validity: ValidityConvention,
}

/// How the records are opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Take the lock and keep the store open: the desktop app, `records import`.
    Write,
    /// Read what is there without the lock (the app may be open): `route`, `deadlines`.
    Peek,
}

/// What opening found that the user should hear about; the session works all the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenWarning {
    /// The imported holiday years cannot be read: the embedded calendar is used alone.
    HolidaysUnusable(FileError),
    /// (Peek) the records cannot be read: routing assumes no handover is recorded.
    RecordsUnusable(FileError),
    /// (Write) the data directory or its lock cannot be opened: nothing will be saved.
    StoreUnavailable(StoreError),
    /// A kept notice cannot be read or no longer checks: routing uses the built-in notice
    /// alone.
    NoticesUnusable(FileError),
}

/// Where a year of the calendar comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidaySource {
    /// Built into the program (`data/holidays.ron`).
    Embedded,
    /// Imported by the user (holiday-cn JSON), kept in the data directory.
    Imported,
}

/// A year the calendar covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayYear {
    pub year: i32,
    pub source: HolidaySource,
    /// The State Council notice the dates come from (its address or title).
    pub notice: String,
}

/// The file formats of a written table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Xlsx,
    Csv,
}

impl TableFormat {
    /// By the file's extension (.xlsx or .csv, any case).
    pub fn of(path: &Path) -> Option<TableFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => Some(TableFormat::Xlsx),
            "csv" => Some(TableFormat::Csv),
            _ => None,
        }
    }
}

#[derive(Debug)]
pub struct Session {
    dir: Option<PathBuf>,
    store: Option<Store>,
    /// The records when there is no store (in memory, or peeked).
    loose: Records,
    /// The recorded handover dates, kept in step with the records.
    recorded: BTreeMap<u8, NaiveDate>,
    calendar: Calendar,
    /// The notices routing chooses from: the built-in one, and those imported (issue 31).
    notices: &'static Notices,
    conventions: Conventions,
    key: KeyDates,
    /// Where a saved handover record is also entered in the audit trail (the case register),
    /// and by whom; `None`: nowhere (tests, a session in memory).
    audit: Option<(PathBuf, cases::Clerk)>,
    /// Why the last save's audit events could not be written (the records were saved).
    audit_missed: Option<cases::OpenError>,
    /// For a register on a database server: the worker that enters saved records into its
    /// trail in the order they were saved, so that a save never waits on the network (the
    /// app's window), and the reasons of the entries it could not make.
    audit_worker: Option<AuditWorker>,
    audit_background: bool,
    /// Why the records of the data folder could not be opened for writing: every save is
    /// refused with it, rather than kept in memory and called saved.
    unopened: Option<StoreError>,
    /// The records are the office's, on a database server (issue 28): where, and the version
    /// of each item as read. `loose` holds them; the data folder's records.ron is not used.
    shared: Option<shared::Shared>,
    /// Who saves the shared records from this session (the audit's clerk, else the system's).
    clerk: Option<cases::Clerk>,
    /// The records are a server's and have not been read yet (or could not be): the read to
    /// do; every save is refused meanwhile.
    awaiting: Option<shared::ReadJob>,
}

/// Enters saved handover records into a server's register, one save after another.
#[derive(Debug)]
struct AuditWorker {
    to_do: std::sync::mpsc::Sender<(Records, Records)>,
    missed: std::sync::mpsc::Receiver<cases::OpenError>,
}

impl AuditWorker {
    fn start(store: PathBuf, clerk: cases::Clerk) -> AuditWorker {
        let (to_do, jobs) = std::sync::mpsc::channel::<(Records, Records)>();
        let (tell, missed) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for (before, after) in jobs {
                if let Err(e) = cases::audit_handovers(&store, &clerk, &before, &after) {
                    let _ = tell.send(e);
                }
            }
        });
        AuditWorker { to_do, missed }
    }
}

impl Session {
    /// Opens the data directory `dir`.
    pub fn open(dir: &Path, access: Access) -> (Session, Vec<OpenWarning>) {
        let cat = Catalogue::embedded();
        let mut warnings = Vec::new();
        let (calendar, holiday_problem) = holidays::effective_calendar(dir);
        if let Some(e) = holiday_problem {
            warnings.push(OpenWarning::HolidaysUnusable(e));
        }
        let notices = kept_notices(dir, &mut warnings);
        let mut unopened = None;
        let (store, loose) = match access {
            Access::Write => match Store::open(dir, cat) {
                Ok(store) => (Some(store), Records::for_catalogue(cat)),
                Err(e) => {
                    unopened = Some(e.clone());
                    warnings.push(OpenWarning::StoreUnavailable(e));
                    (None, Records::for_catalogue(cat))
                }
            },
            Access::Peek => match Store::peek(dir) {
                Ok(r) => (None, r),
                Err(e) => {
                    warnings.push(OpenWarning::RecordsUnusable(e));
                    (None, Records::default())
                }
            },
        };
        let mut session = Session::new(Some(dir.to_path_buf()), store, loose, calendar);
        session.notices = notices;
        session.unopened = unopened;
        session.refresh();
        (session, warnings)
    }

    /// Opens the data directory with the handover records where the office keeps them: on the
    /// database server `store` names (a `postgres://` URL: the case register's store, as
    /// [`cases::store_path`] finds it), else the data folder's records.ron
    /// ([`Session::open`]). A server that cannot be reached is an error naming it: never the
    /// records of this PC in its place. On a server the calendar's imported years are still
    /// the data folder's.
    pub fn open_at(
        dir: &Path,
        access: Access,
        store: &Path,
    ) -> Result<(Session, Vec<OpenWarning>), shared::LoadError> {
        let Some((mut session, warnings, job)) = Session::open_awaiting(dir, store) else {
            return Ok(Session::open(dir, access));
        };
        session.shared_read(job.run())?;
        Ok((session, warnings))
    }

    /// Opens the data directory for records kept on the database server `store` names, without
    /// waiting for it: the session starts with no handover recorded and refuses every save
    /// until the returned job's records are given to [`Session::shared_read`]. `None` when
    /// `store` is not a server (then [`Session::open`] is the one). The app runs the job on a
    /// thread of its own, so that its window never waits on the network.
    pub fn open_awaiting(
        dir: &Path,
        store: &Path,
    ) -> Option<(Session, Vec<OpenWarning>, shared::ReadJob)> {
        let url = cases::store_url(store)?;
        let mut warnings = Vec::new();
        let (calendar, holiday_problem) = holidays::effective_calendar(dir);
        if let Some(e) = holiday_problem {
            warnings.push(OpenWarning::HolidaysUnusable(e));
        }
        let notices = kept_notices(dir, &mut warnings);
        let records = Records::for_catalogue(Catalogue::embedded());
        let mut session = Session::new(Some(dir.to_path_buf()), None, records, calendar);
        session.notices = notices;
        let job = shared::ReadJob::new(store, url);
        session.awaiting = Some(job.clone());
        session.refresh();
        Some((session, warnings, job))
    }

    /// The records a [`shared::ReadJob`] read: from now on they are the session's, and saves go
    /// to the server. A failed read leaves the session waiting (saves refused), to read again
    /// with [`Session::awaiting`]'s job.
    pub fn shared_read(&mut self, read: shared::ReadResult) -> Result<(), shared::LoadError> {
        let (records, shared) = read?;
        self.awaiting = None;
        self.loose = records;
        self.shared = Some(shared);
        self.refresh();
        Ok(())
    }

    /// The read still to be done where the records are a server's and have not been read
    /// (at start, or after a failed read): saves are refused until it is.
    pub fn awaiting(&self) -> Option<&shared::ReadJob> {
        self.awaiting.as_ref()
    }

    /// Where the records are when they are a server's (`None`: the data folder's, or memory).
    pub fn shared(&self) -> Option<&shared::Shared> {
        self.shared.as_ref()
    }

    /// A save of `records` to the server, to be run on another thread and its outcome given to
    /// [`Session::shared_saved`]; `Ok(None)` where the records are not a server's (then
    /// [`Session::save_records`]); refused while the server's records have not been read.
    pub fn save_job(&self, records: Records) -> Result<Option<shared::SaveJob>, Error> {
        if let Some(job) = &self.awaiting {
            return Err(Error::SharedUnread(job.shown()));
        }
        let Some(shared) = &self.shared else {
            return Ok(None);
        };
        let clerk = self
            .clerk
            .clone()
            .or_else(|| self.audit.as_ref().map(|(_, c)| c.clone()))
            .unwrap_or_else(|| cases::Clerk::of_system(None));
        Ok(Some(shared::SaveJob {
            shared: shared.clone(),
            before: self.loose.clone(),
            after: records,
            clerk,
        }))
    }

    /// What a [`shared::SaveJob`] came to: the items it saved become the session's; where
    /// another clerk's save of an item came first, that item becomes theirs as the server now
    /// holds it (so that the records shown as saved are the server's, and a second save is made
    /// knowingly over theirs), and the error says who and when.
    pub fn shared_saved(&mut self, done: shared::Saved) -> Result<(), Error> {
        let shared::Saved {
            mut shared,
            after,
            saved,
            result,
        } = done;
        for item in &saved {
            if let Some(r) = after.items.get(item) {
                self.loose.items.insert(*item, r.clone());
            }
        }
        if let Err(e) = &result
            && let delegation_store::cases::CaseError::RecordConflict { current } = &*e.why
            && let Ok(theirs) = ron::from_str(&current.record)
        {
            self.loose.items.insert(current.item, theirs);
            shared.read.insert(current.item, (**current).clone());
        }
        self.shared = Some(shared);
        self.refresh();
        result.map_err(Error::Shared)
    }

    /// Who saves the records to a server from this session (by default the system's user).
    pub fn set_clerk(&mut self, clerk: cases::Clerk) {
        self.clerk = Some(clerk);
    }

    /// A session that reads and writes nothing on disk (tests, and a fixed "today").
    pub fn in_memory(calendar: Calendar) -> Session {
        let records = Records::for_catalogue(Catalogue::embedded());
        let mut session = Session::new(None, None, records, calendar);
        session.refresh();
        session
    }

    fn new(dir: Option<PathBuf>, store: Option<Store>, loose: Records, cal: Calendar) -> Session {
        let conventions = Conventions::default();
        Session {
            key: KeyDates::compute(
                Catalogue::embedded(),
                &cal,
                conventions.start_day,
                conventions.validity,
            ),
            dir,
            store,
            loose,
            recorded: BTreeMap::new(),
            calendar: cal,
            notices: Notices::embedded(),
            conventions,
            audit: None,
            audit_missed: None,
            audit_worker: None,
            audit_background: false,
            unopened: None,
            shared: None,
            clerk: None,
            awaiting: None,
        }
    }

    /// From now on each saved handover record is also an event of the case register at
    /// `store`'s audit trail (`handover`, with the item's record before and after), by `clerk`.
    pub fn audit_handovers(&mut self, store: PathBuf, clerk: cases::Clerk) {
        self.audit = Some((store, clerk));
    }

    /// The case register this session's handover records are audited in, and by whom: the
    /// one the app's 办件台账 screen shows.
    pub fn case_register(&self) -> Option<(&Path, &cases::Clerk)> {
        self.audit.as_ref().map(|(p, c)| (p.as_path(), c))
    }

    /// Why the last save's audit events were not written, if they were not (the records were
    /// saved all the same).
    pub fn take_audit_missed(&mut self) -> Option<cases::OpenError> {
        self.audit_missed.take().or_else(|| {
            self.audit_worker
                .as_ref()
                .and_then(|w| w.missed.try_recv().ok())
        })
    }

    /// From now on, where the register is on a database server, saved handover records are
    /// entered by a worker thread, in order, the save not waiting on the network (the app's
    /// window must not): [`Session::take_audit_missed`] says later what it could not enter.
    /// A command that exits after its save keeps the default (entered before the save returns).
    pub fn audit_in_background(&mut self) {
        self.audit_background = true;
    }

    /// Recomputes what follows from the records and the calendar.
    fn refresh(&mut self) {
        self.recorded = self.records().handover_dates();
        self.key = KeyDates::compute(
            Catalogue::embedded(),
            &self.calendar,
            self.conventions.start_day,
            self.conventions.validity,
        );
    }

    pub fn catalogue(&self) -> &'static Catalogue {
        Catalogue::embedded()
    }

    /// The notices routing chooses from: the built-in one first, then those imported.
    pub fn notices(&self) -> &'static Notices {
        self.notices
    }

    /// The items a clerk chooses from for an application received on `day`: the table in force
    /// then (the built-in notice's 12 where it is the only one).
    pub fn table_on(&self, day: NaiveDate) -> Vec<&'static delegation_law::catalogue::Item> {
        let book = self.notices;
        if !book.several() {
            return book.first().items.iter().collect();
        }
        let spans = book.spans(self.conventions.validity);
        book.table_on(&spans, book.in_force_on(&spans, day), day)
    }

    /// Every item number some notice lists (1–12 with the built-in notice alone).
    pub fn item_numbers(&self) -> Vec<u8> {
        let mut numbers: Vec<u8> = self
            .notices
            .all()
            .iter()
            .flat_map(|c| c.items.iter().map(|i| i.no))
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    }

    /// Routes by `notices` from now on (a session in memory, tests).
    pub fn set_notices(&mut self, notices: Notices) {
        self.notices = Box::leak(Box::new(notices));
    }

    /// The data directory (`None`: in memory).
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The records store, when the records are kept on disk with the lock.
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// The records as saved.
    pub fn records(&self) -> &Records {
        match &self.store {
            Some(s) => s.records(),
            None => &self.loose,
        }
    }

    /// The recorded handover dates by item.
    pub fn recorded(&self) -> &BTreeMap<u8, NaiveDate> {
        &self.recorded
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    pub fn conventions(&self) -> Conventions {
        self.conventions
    }

    pub fn set_conventions(&mut self, conventions: Conventions) {
        self.conventions = conventions;
        self.refresh();
    }

    /// The notice's date, handover deadline and validity under the conventions.
    pub fn key_dates(&self) -> &KeyDates {
        &self.key
    }

    /// A router with the recorded handover dates, `overrides` taking precedence.
    pub fn router(&self, overrides: &BTreeMap<u8, NaiveDate>) -> Router<'static> {
        route::router(
            self.notices,
            &self.recorded,
            &self.calendar,
            self.conventions,
            overrides,
        )
    }

    /// [`Session::router`] under other conventions: what a decision would be under the
    /// defaults, to say when the chosen conventions change it.
    pub fn router_under(
        &self,
        conventions: Conventions,
        overrides: &BTreeMap<u8, NaiveDate>,
    ) -> Router<'static> {
        route::router(
            self.notices,
            &self.recorded,
            &self.calendar,
            conventions,
            overrides,
        )
    }

    /// What routing needs from the session, detached from it (the recorded handover dates,
    /// the calendar, the conventions): for a front end that reads and routes a large file on
    /// another thread ([`Routing::route_register`]).
    pub fn routing(&self) -> Routing {
        Routing {
            notices: self.notices,
            recorded: self.recorded.clone(),
            calendar: self.calendar.clone(),
            conventions: self.conventions,
        }
    }

    /// Routes a batch: the file's own handover dates override the recorded ones.
    pub fn route_batch(&self, batch: &ApplicationsFile) -> Vec<Decision> {
        let router = self.router(&batch.handover);
        batch.applications.iter().map(|a| router.route(a)).collect()
    }

    /// Routes a batch with the handover dates in order of precedence: `overrides` (the
    /// command line's), then the file's own, then the recorded ones.
    pub fn route_with(
        &self,
        batch: &ApplicationsFile,
        overrides: &BTreeMap<u8, NaiveDate>,
    ) -> Vec<Decision> {
        let mut handover = batch.handover.clone();
        handover.extend(overrides.iter().map(|(k, v)| (*k, *v)));
        let router = self.router(&handover);
        batch.applications.iter().map(|a| router.route(a)).collect()
    }

    /// Saves the records: to the server where they are a server's (each changed item from the
    /// version read, with its event: [`shared::Shared::save`]), else to the data folder's
    /// records.ron (in memory when there is no store).
    pub fn save_records(&mut self, records: Records) -> Result<(), Error> {
        match self.save_job(records.clone())? {
            Some(job) => self.shared_saved(job.run()),
            None => Ok(self.save_to_folder(records)?),
        }
    }

    /// [`Session::save_records`] to the data folder (or memory).
    fn save_to_folder(&mut self, records: Records) -> Result<(), StoreError> {
        let before = self.audit.is_some().then(|| self.records().clone());
        let after = before.as_ref().map(|_| records.clone());
        match &mut self.store {
            Some(store) => store.save(records)?,
            None => match &self.unopened {
                Some(why) => return Err(why.clone()),
                None => self.loose = records,
            },
        }
        self.refresh();
        if let (Some(before), Some(after), Some((path, clerk))) = (before, after, &self.audit) {
            if self.audit_background && cases::store_url(path).is_some() {
                let worker = self
                    .audit_worker
                    .get_or_insert_with(|| AuditWorker::start(path.clone(), clerk.clone()));
                if let Err(std::sync::mpsc::SendError((before, after))) =
                    worker.to_do.send((before, after))
                {
                    // The worker is gone (it never is but by a panic): entered here instead.
                    self.audit_missed = cases::audit_handovers(path, clerk, &before, &after).err();
                }
            } else {
                self.audit_missed = cases::audit_handovers(path, clerk, &before, &after).err();
            }
        }
        Ok(())
    }

    /// Gets an unusable records file out of the way (see [`Store::recover`]).
    pub fn recover(&mut self) -> Option<Result<Recovered, StoreError>> {
        let done = self.store.as_mut()?.recover(Catalogue::embedded());
        self.refresh();
        Some(done)
    }

    /// Replaces the records with `file`'s, after checking it fully (handover dates against
    /// `today`, as `--handover` is); the old ones become a backup. A wrong file leaves the
    /// records untouched.
    pub fn import_records(&mut self, file: &Path, today: NaiveDate) -> Result<(), Error> {
        let incoming = Session::read_import(file, today)?;
        self.save_records(incoming)?;
        Ok(())
    }

    /// The records of `file`, checked fully as [`Session::import_records`] checks them, to be
    /// saved by the caller (the app saves a server's on a thread of its own).
    pub fn read_import(file: &Path, today: NaiveDate) -> Result<Records, Error> {
        let mut incoming = Store::read_import(file, Catalogue::embedded(), today)?;
        incoming.fill(Catalogue::embedded());
        Ok(incoming)
    }

    /// Writes the records as saved to `file` (a records file, as the app keeps it).
    pub fn export_records(&self, file: &Path) -> Result<(), PathError> {
        self.export_records_to(&self.spare_own(Target::confirmed(file)))
    }

    /// `target`, never one of the program's own files in this session's data folder (the
    /// records, backups, locks, holiday years and case register: `own_files`).
    pub fn spare_own(&self, target: Target) -> Target {
        match &self.dir {
            Some(dir) => target.sparing(delegation_store::own_files(dir)),
            None => target,
        }
    }

    /// [`Session::export_records`] to a [`Target`] (what it may replace, which inputs it must not).
    pub fn export_records_to(&self, target: &Target) -> Result<(), PathError> {
        write_output(target, self.records().to_ron().as_bytes())
    }

    /// Imports a year of holiday-cn JSON: kept in the data directory's override file, and
    /// used from now on. Returns the year.
    pub fn import_holidays(&mut self, file: &Path) -> Result<i32, Error> {
        let name = file.display().to_string();
        let text = delegation_files::io::read_file(file, FileKind::HolidayYear)?;
        let year = delegation_files::holiday_cn::parse_holiday_cn(&text, &name)?;
        let y = year.year;
        if let Some(dir) = &self.dir {
            let held = match self.store.as_ref().map(|s| s.read_only()) {
                // Another instance has the records: it would not see the new year.
                Some(Some(ReadOnly::Locked)) => {
                    return Err(StoreError::RecordsInUse {
                        path: holidays::override_path(dir),
                    }
                    .into());
                }
                Some(_) => true,
                None => false,
            };
            holidays::save_override(dir, year.clone(), held)?;
        }
        self.calendar.set_year(year);
        self.refresh();
        Ok(y)
    }

    /// Checks the notice file `file` against the notices held (and its strings against
    /// `source`, when given) and keeps it in the data folder's `notices/` (refused with its
    /// line and column, nothing kept); routing uses it from now on. A session in memory checks
    /// it and keeps it in memory.
    pub fn import_notice(
        &mut self,
        file: &Path,
        source: Option<delegation_store::notices::Source<'_>>,
    ) -> Result<delegation_store::notices::Imported, Error> {
        let imported = match &self.dir {
            Some(dir) => delegation_store::notices::import(dir, file, source)?,
            None => {
                let text = delegation_files::io::read_file(file, FileKind::Notice)?;
                let name = file.display().to_string();
                let notice =
                    delegation_store::notices::checked(self.notices, &text, &name, source)?;
                delegation_store::notices::Imported {
                    already: self.notices.get(&notice.notice.number).is_some(),
                    notice,
                    path: file.to_path_buf(),
                }
            }
        };
        if !imported.already {
            let book = self.notices.with(imported.notice.clone());
            self.set_notices(book);
        }
        Ok(imported)
    }

    /// The years the calendar covers, in order, each with where it comes from.
    pub fn holiday_years(&self) -> Vec<HolidayYear> {
        let imported: Vec<i32> = self
            .dir
            .as_deref()
            .and_then(|d| holidays::load_overrides(d).ok())
            .unwrap_or_default()
            .iter()
            .map(|y| y.year)
            .collect();
        self.calendar
            .years()
            .map(|y| HolidayYear {
                year: y.year,
                source: if imported.contains(&y.year) {
                    HolidaySource::Imported
                } else {
                    HolidaySource::Embedded
                },
                notice: y.notice.clone(),
            })
            .collect()
    }

    /// The handover report's rows on `today`.
    pub fn handover_report(&self, today: NaiveDate) -> Vec<ReportRow> {
        report::handover_report(Catalogue::embedded(), &self.key, self.records(), today)
    }

    /// Writes a table as .xlsx (one sheet named `sheet`) or .csv.
    pub fn write_table(
        path: &Path,
        format: TableFormat,
        sheet: &str,
        table: &Table,
    ) -> Result<(), PathError> {
        Session::write_table_to(&Target::confirmed(path), format, sheet, table)
    }

    /// [`Session::write_table`] to a [`Target`] (what it may replace, which inputs it must not).
    pub fn write_table_to(
        target: &Target,
        format: TableFormat,
        sheet: &str,
        table: &Table,
    ) -> Result<(), PathError> {
        match format {
            TableFormat::Xlsx => table::write_xlsx_to(target, sheet, table),
            TableFormat::Csv => table::write_csv_to(target, table),
        }
    }
}

/// The notices of the data folder `dir`: the built-in one alone, without a leak, when none is
/// kept; else the book, made once for the life of the session. A kept notice that cannot be
/// used is a warning, and routing uses the built-in notice alone.
fn kept_notices(dir: &Path, warnings: &mut Vec<OpenWarning>) -> &'static Notices {
    if delegation_store::notices::kept_files(dir).is_empty() {
        return Notices::embedded();
    }
    match delegation_store::notices::load(dir) {
        Ok(book) => Box::leak(Box::new(book)),
        Err(e) => {
            warnings.push(OpenWarning::NoticesUnusable(e));
            Notices::embedded()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detached_batch_router_routes_as_route_batch_does() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/samples.ron"
        ))
        .unwrap();
        let mut batch = ApplicationsFile::parse(&text).unwrap();
        batch
            .handover
            .insert(10, NaiveDate::from_ymd_opt(2024, 9, 1).unwrap());
        let s = Session::in_memory(Calendar::embedded().clone());
        let routing = s.routing();
        let detached = std::thread::spawn(move || {
            let router = routing.router(&batch.handover);
            let d: Vec<Decision> = batch.applications.iter().map(|a| router.route(a)).collect();
            (batch, d)
        });
        let (batch, decisions) = detached.join().unwrap();
        assert_eq!(decisions, s.route_batch(&batch));
    }

    #[test]
    fn saved_records_move_the_recorded_dates_and_the_router() {
        let mut s = Session::in_memory(Calendar::embedded().clone());
        assert!(s.recorded().is_empty());
        let mut r = s.records().clone();
        let rec = r.items.get_mut(&10).unwrap();
        rec.state = delegation_law::records::HandoverState::HandedOver;
        let d = NaiveDate::from_ymd_opt(2024, 6, 20).unwrap();
        rec.handover_date = Some(d);
        s.save_records(r).unwrap();
        assert_eq!(s.recorded().get(&10), Some(&d));
        let batch = ApplicationsFile {
            handover: BTreeMap::from([(10, NaiveDate::from_ymd_opt(2024, 7, 2).unwrap())]),
            applications: Vec::new(),
        };
        assert!(s.route_batch(&batch).is_empty());
    }

    #[test]
    fn table_format_by_extension() {
        assert_eq!(
            TableFormat::of(Path::new("a.XLSX")),
            Some(TableFormat::Xlsx)
        );
        assert_eq!(TableFormat::of(Path::new("a.csv")), Some(TableFormat::Csv));
        assert_eq!(TableFormat::of(Path::new("a.pdf")), None);
    }
}
