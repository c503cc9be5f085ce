//! The command line, on top of the session: the arguments ([`args`]), one module a command
//! group, and what they say ([`say`]). Each command opens a session, calls its workflow and
//! puts the result in words; none repeats a workflow.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use delegation_files::io::{FileId, Target};
use delegation_session::{Access, OpenWarning, Session};
use delegation_store::{data_dir, data_files, own_files};
use delegation_words::{Lang, cli as words};

pub mod args;
mod calendar;
mod cases;
mod notices;
mod records;
mod report;
mod route;
pub mod route_json;
mod say;
pub mod usage;

pub use args::{Cli, Command, parse_date, parse_handover};
pub use say::printable;

use say::{fail, say};

/// Where a command's results go: stdout, through a writer that returns its errors.
type Out<'a> = &'a mut dyn Write;

/// What a command ends with: its exit code, or the error of a write to stdout.
type Done = io::Result<ExitCode>;

/// Runs a subcommand. Returns the process exit code: 0 done, 1 some rows INVALID (`route`),
/// 2 a file or the records could not be used, or stdout could not be written (full, closed);
/// then stderr says so. Nothing here panics on a failed write.
pub fn run(command: Command, lang: Lang) -> ExitCode {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let done = match command {
        Command::Route {
            file,
            handover,
            out: table,
            slips,
            force,
            today,
            format,
            conv,
        } => route::route(
            &mut out,
            &file,
            &handover,
            route::RouteOutputs {
                table: table.as_deref(),
                slips: slips.as_deref(),
                force: force.force,
                today: or_today(today),
                format,
            },
            conv,
            lang,
        ),
        Command::Report {
            file,
            force,
            today,
            conv,
        } => Ok(report::report(
            &file,
            force.force,
            or_today(today),
            conv,
            lang,
        )),
        Command::Template { file, force } => Ok(report::template(&file, force.force, lang)),
        Command::Workdays { op } => calendar::workdays(&mut out, op, lang),
        Command::Records { op } => records::records(&mut out, op, lang),
        Command::Holidays { op } => calendar::holidays(&mut out, op, lang),
        Command::Notices { op } => notices::notices(&mut out, op, lang),
        Command::Cases { store, op } => cases::cases(&mut out, store, op, lang),
        Command::Deadlines { today, conv } => {
            calendar::deadlines(&mut out, or_today(today), conv, lang)
        }
    };
    match done.and_then(|code| out.flush().map(|()| code)) {
        Ok(code) => code,
        Err(e) => {
            say(&words::output_failed(lang, &e));
            ExitCode::from(2)
        }
    }
}

pub(crate) fn or_today(today: Option<NaiveDate>) -> NaiveDate {
    today.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Opens the session over the data directory, saying on stderr what could not be used.
pub(crate) fn open(access: Access, lang: Lang) -> Session {
    let (session, warnings) = Session::open(&data_dir(), access);
    for w in &warnings {
        say(&words::open_warning(lang, w));
    }
    session
}

/// The office's store for this command: `flag` (the cases commands' `--store`), else
/// `DELEGATION_TRACKER_STORE`, else the data folder's case register.
pub(crate) fn store(flag: Option<&Path>) -> PathBuf {
    delegation_session::cases::store_path(
        flag,
        std::env::var_os(delegation_session::cases::STORE_ENV).map(PathBuf::from),
        &data_dir(),
    )
}

/// Opens the session with the handover records where the office keeps them: on the server
/// `store` names (a server that cannot be reached stops the command, exit 2, naming it: never
/// this PC's records.ron in its place), else the data folder's. There, records that cannot be
/// read stop the command only when `strict` (its output is the records themselves); otherwise
/// it is warned of and routing assumes none.
pub(crate) fn open_at(
    access: Access,
    store: &Path,
    strict: bool,
    lang: Lang,
) -> Result<Session, ExitCode> {
    let (session, warnings) = match Session::open_at(&data_dir(), access, store) {
        Ok(s) => s,
        Err(e) => return Err(fail(lang, &e)),
    };
    for w in &warnings {
        if let (true, OpenWarning::RecordsUnusable(e)) = (strict, w) {
            return Err(fail(lang, e));
        }
        say(&words::open_warning(lang, w));
    }
    Ok(session)
}

/// As [`open`], for a command whose output is the records themselves: records that cannot
/// be read stop it (exit 2, saying why) instead of passing for empty ones.
pub(crate) fn open_records(lang: Lang) -> Result<Session, ExitCode> {
    open_at(Access::Peek, &store(None), true, lang)
}

/// Every command writes its files through here: `path`, replacing a file already there only
/// with `--force`, and never one of `inputs` (the files the command reads, and the data
/// directory's own), compared as files, not as names.
pub(crate) fn target(path: &Path, force: bool, inputs: &[&Path]) -> Target {
    let mut read: Vec<PathBuf> = inputs.iter().map(|p| p.to_path_buf()).collect();
    read.extend(data_files(&data_dir()));
    let ids: Vec<_> = read
        .into_iter()
        .filter_map(|p| FileId::of(&p).map(|id| (p, id)))
        .collect();
    Target::new(path, force, &ids).sparing(own_files(&data_dir()))
}
