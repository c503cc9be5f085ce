//! The command line, on top of the legal core.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use std::collections::BTreeMap;

use delegation_core::calendar::StartDay;
use delegation_core::deadlines::ValidityConvention;
use delegation_core::pdf;
use delegation_core::register;

use crate::gui::pdf_fonts;
use crate::route_json;
use delegation_core::error::{Refusal, StoreError};
use delegation_core::router::{Decision, Outcome};
use delegation_core::session::{self, Access, OpenWarning, Session, TableFormat};
use delegation_core::storage::{self, FileId, RECORDS_FILE, Target, data_dir};
use delegation_words::legal::uncovered_years;
use delegation_words::prelude::*;
use delegation_words::{Lang, cli as words, dates, flips, report};

#[derive(Debug, Parser)]
#[command(
    name = "delegation-tracker",
    version,
    about = "增城开发区行使市级权限事项（穗府规〔2024〕3号）：目录、分派、期限、工作日",
    long_about = "With no command, opens the desktop app; with a FILE, on the batch screen with that register."
)]
pub struct Cli {
    /// A register (.xlsx, .csv or .ron) to open on the app's batch screen, as the file manager's Open With passes it.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Write the man pages (roff) into DIR and exit; scripts/package-deb.sh puts them in the .deb.
    #[arg(long, hide = true, value_name = "DIR")]
    pub man_pages: Option<PathBuf>,
    /// Open the main window, render the first frame and exit 0 (a check that a window can open); with a FILE, the first frame that shows its table (exit 1 if it cannot be read).
    #[arg(long)]
    pub smoke: bool,
    /// The language of what is printed: outcomes, findings, warnings and errors.
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Zh)]
    pub lang: LangArg,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Route every application in an applications file (.ron, .xlsx or .csv); one tab-separated line each.
    Route {
        /// The applications file: RON, or a register kept in .xlsx or .csv (see README).
        file: PathBuf,
        /// A handover date for an item, ITEM=DATE (repeatable); overrides the recorded date and the file's.
        #[arg(long = "handover", value_name = "ITEM=DATE", value_parser = parse_handover)]
        handover: Vec<(u8, NaiveDate)>,
        /// Also write the decisions as a table: the input columns, then the decision's (.xlsx or .csv).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Also write a decision slip (A4 PDF) for each routed application into the folder DIR (created when missing), named by its id.
        #[arg(long, value_name = "DIR")]
        slips: Option<PathBuf>,
        #[command(flatten)]
        force: Force,
        /// The date the slips are made (default: today).
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        /// How each application is printed: tab-separated text, or one JSON object a line.
        #[arg(long, value_enum, default_value_t = RouteFormat::Text)]
        format: RouteFormat,
        #[command(flatten)]
        conv: Conventions,
    },
    /// Write the handover report: .pdf (A4 landscape), .xlsx or .csv; in Chinese.
    Report {
        /// Where to write it: .pdf, .xlsx or .csv.
        file: PathBuf,
        #[command(flatten)]
        force: Force,
        /// The day the report is made (default: today).
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        #[command(flatten)]
        conv: Conventions,
    },
    /// Write an empty register to fill in (.xlsx): drop-down lists, a date format, examples and a sheet explaining each column.
    Template {
        /// Where to write it (.xlsx).
        file: PathBuf,
        #[command(flatten)]
        force: Force,
    },
    /// Working-day arithmetic on the embedded holiday calendar.
    Workdays {
        #[command(subcommand)]
        op: WorkdaysOp,
    },
    /// The handover records: where they are, and moving them between machines.
    Records {
        #[command(subcommand)]
        op: RecordsOp,
    },
    /// The holiday calendar's years: list them, or import a new year (holiday-cn JSON).
    Holidays {
        #[command(subcommand)]
        op: HolidaysOp,
    },
    /// The notice's key dates and how far off they are.
    Deadlines {
        /// The day to measure from (default: today).
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        #[command(flatten)]
        conv: Conventions,
    },
}

#[derive(Debug, Subcommand)]
pub enum RecordsOp {
    /// Print the records file's path.
    Path,
    /// Write the records to FILE (a records file, as the app keeps it).
    Export {
        file: PathBuf,
        #[command(flatten)]
        force: Force,
    },
    /// Replace the records with FILE's, after checking FILE fully; the old records become a backup.
    Import { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum HolidaysOp {
    /// The years covered, embedded or imported, each with its source notice (tab-separated).
    List,
    /// Import a year of holiday-cn JSON; refused unless it holds all of that year's statutory festivals.
    Import { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum WorkdaysOp {
    /// DATE plus N working days (N may be negative).
    Add {
        #[arg(value_parser = parse_date)]
        date: NaiveDate,
        #[arg(allow_hyphen_values = true)]
        n: i64,
        /// Count the start day as day 1 when it is a working day (default: not counted, 民法典 第二百零一条).
        #[arg(long)]
        count_start_day: bool,
    },
    /// Working days from FROM to TO.
    Between {
        #[arg(value_parser = parse_date)]
        from: NaiveDate,
        #[arg(value_parser = parse_date)]
        to: NaiveDate,
        #[arg(long)]
        count_start_day: bool,
    },
}

/// Whether a command may replace a file that is already at its target.
#[derive(Debug, Clone, Copy, Args)]
pub struct Force {
    /// Replace a file already at the target (it keeps its permissions). Never a link, a folder, a device, or a file the command reads.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, Args)]
pub struct Conventions {
    /// Count the notice date as the first of the 30 working days.
    #[arg(long)]
    pub count_start_day: bool,
    /// Read the five-year validity by 民法典 第二百零二条 (last day 2029-04-29) instead of the listing practice (2029-04-28).
    #[arg(long)]
    pub civil_code_validity: bool,
}

impl Conventions {
    pub fn start_day(self) -> StartDay {
        start_day(self.count_start_day)
    }
    pub fn validity(self) -> ValidityConvention {
        if self.civil_code_validity {
            ValidityConvention::CivilCode
        } else {
            ValidityConvention::ListingPractice
        }
    }
    /// As the session takes them.
    pub fn session(self) -> session::Conventions {
        session::Conventions {
            start_day: self.start_day(),
            validity: self.validity(),
        }
    }
}

/// How `route` prints each application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RouteFormat {
    /// One tab-separated line: id, outcome, body, mode, in whose name, clause, finding, flips.
    Text,
    /// JSON Lines: one object a line (see README).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

fn start_day(count: bool) -> StartDay {
    if count {
        StartDay::Included
    } else {
        StartDay::Excluded
    }
}

/// Parses YYYY-MM-DD, saying what is wrong.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|e| format!("'{s}' is not a date of the form YYYY-MM-DD ({e})"))
}

/// Parses ITEM=DATE.
pub fn parse_handover(s: &str) -> Result<(u8, NaiveDate), String> {
    let (item, date) = s
        .split_once('=')
        .ok_or_else(|| format!("'{s}' is not of the form ITEM=YYYY-MM-DD"))?;
    let item = item
        .trim()
        .parse::<u8>()
        .map_err(|e| format!("'{item}' is not an item number ({e})"))?;
    Ok((item, parse_date(date)?))
}

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
        } => route(
            &mut out,
            &file,
            &handover.into_iter().collect(),
            Outputs {
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
        } => Ok(report(&file, force.force, or_today(today), conv, lang)),
        Command::Template { file, force } => Ok(template(&file, force.force, lang)),
        Command::Workdays { op } => workdays(&mut out, op, lang),
        Command::Records { op } => records(&mut out, op, lang),
        Command::Holidays { op } => holidays(&mut out, op, lang),
        Command::Deadlines { today, conv } => deadlines(&mut out, or_today(today), conv, lang),
    };
    match done.and_then(|code| out.flush().map(|()| code)) {
        Ok(code) => code,
        Err(e) => {
            say(&words::output_failed(lang, &e));
            ExitCode::from(2)
        }
    }
}

fn or_today(today: Option<NaiveDate>) -> NaiveDate {
    today.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// A line on stderr, its control characters escaped; a failed write to stderr is ignored
/// (there is nowhere left to say it).
fn say(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{}", printable(line));
}

/// `s` with every control character (and the bidirectional overrides that reorder what a
/// terminal shows) escaped as `\t`, `\n`, `\r` or `\u{…}`, and `\` as `\\`, so a value from a
/// file can neither add a column or a row nor send an escape sequence to the terminal.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        c.is_control()
            || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    // Every character to escape starts with one of these bytes in UTF-8 (C0 controls and
    // DEL; C2 for C1 controls; D8 for U+061C; E2 for U+200E–U+2069): a line without them,
    // as most are, is passed on without decoding a character.
    // (Checked 32 bytes at a time without branching, which the compiler vectorises.)
    let maybe =
        |b: u8| (b < 0x20) | (b == b'\\') | (b == 0x7F) | (b == 0xC2) | (b == 0xD8) | (b == 0xE2);
    let any = |bytes: &[u8]| bytes.iter().fold(false, |seen, &b| seen | maybe(b));
    if !s.as_bytes().chunks(32).any(any) || !s.contains(|c: char| c == '\\' || unsafe_char(c)) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.into()
}

/// Opens the session over the data directory, saying on stderr what could not be used.
fn open(access: Access, lang: Lang) -> Session {
    let (session, warnings) = Session::open(&data_dir(), access);
    for w in &warnings {
        say(&words::open_warning(lang, w));
    }
    session
}

/// As [`open`], for a command whose output is the records themselves: records that cannot
/// be read stop it (exit 2, saying why) instead of passing for empty ones.
fn open_records(lang: Lang) -> Result<Session, ExitCode> {
    let (session, warnings) = Session::open(&data_dir(), Access::Peek);
    for w in &warnings {
        if let OpenWarning::RecordsUnusable(e) = w {
            return Err(fail(lang, e));
        }
        say(&words::open_warning(lang, w));
    }
    Ok(session)
}

fn warn_uncovered(years: &[i32], lang: Lang) {
    if !years.is_empty() {
        say(&words::warning(lang, &uncovered_years(lang, years)));
    }
}

fn fail(lang: Lang, what: &dyn Text) -> ExitCode {
    say(&words::error(lang, &what.text(lang)));
    ExitCode::from(2)
}

/// Every command writes its files through here: `path`, replacing a file already there only
/// with `--force`, and never one of `inputs` (the files the command reads, and the data
/// directory's own), compared as files, not as names.
fn target(path: &Path, force: bool, inputs: &[&Path]) -> Target {
    let mut read: Vec<PathBuf> = inputs.iter().map(|p| p.to_path_buf()).collect();
    read.extend(storage::data_files(&data_dir()));
    let ids: Vec<_> = read
        .into_iter()
        .filter_map(|p| FileId::of(&p).map(|id| (p, id)))
        .collect();
    Target::new(path, force, &ids)
}

/// Says why a write failed, and how to replace an existing file when that was the reason.
fn write_failed(lang: Lang, e: &StoreError) -> ExitCode {
    let code = fail(lang, e);
    if e.refusal == Some(Refusal::Exists) {
        say(words::force_hint(lang));
    }
    code
}

/// What `route` writes besides its lines.
struct Outputs<'a> {
    table: Option<&'a Path>,
    slips: Option<&'a Path>,
    /// Replace files already there (`--force`).
    force: bool,
    today: NaiveDate,
    format: RouteFormat,
}

fn route(
    out: Out,
    file: &Path,
    handover: &BTreeMap<u8, NaiveDate>,
    outputs: Outputs<'_>,
    conv: Conventions,
    lang: Lang,
) -> Done {
    use register::{ReadRow, StreamError};
    let table = outputs.table;
    let table_format = match table {
        Some(t) => match TableFormat::of(t) {
            Some(f) => Some(f),
            None => return Ok(fail(lang, &words::TableExtension(t))),
        },
        None => None,
    };
    // `--handover` is held to what the register's 交接日期 sheet is held to.
    for (&item, &day) in handover {
        if let Err(k) = register::check_handover(u64::from(item), day, outputs.today) {
            let why = delegation_words::errors::cell_problem(&k, None, lang);
            say(&words::error(
                lang,
                &words::bad_handover_option(lang, item, day, &why),
            ));
            return Ok(ExitCode::from(2));
        }
    }
    let mut session = open(Access::Peek, lang);
    session.set_conventions(conv.session());
    let is_workbook = register::RegisterFormat::of(file) == Some(register::RegisterFormat::Xlsx);
    // The outputs are checked before anything is read or printed: a target that cannot be
    // written (an existing file without --force, a link, a folder, the register itself) stops
    // the command with nothing done.
    let table = match table {
        Some(path) => {
            let t = target(path, outputs.force, &[file]);
            if let Err(e) = t.check() {
                return Ok(write_failed(lang, &e));
            }
            Some(t)
        }
        None => None,
    };
    if let Some(dir) = outputs.slips
        && let Err(e) = storage::ensure_folder(dir)
    {
        return Ok(fail(lang, &e));
    }
    // The file is read and routed on a thread of its own, and the decisions are put in
    // words and written here: the two halves take about as long, and a clerk's PC has two
    // cores or more. Batches of rows pass between them through a bounded channel, so memory
    // stays flat in the rows, and go back to the reader to be freed by the thread that
    // allocated them (glibc's malloc frees memory of another thread's arena slowly).
    //
    // The lines go to a spool (memory up to 8 MiB, then a temporary file) and reach stdout
    // only once the whole register is read: a register refused at its last row prints
    // nothing.
    const BATCH: usize = 512;
    // Each row's decision is made in two steps, the outcome and then its flips; the reader
    // takes the first when that balances the two threads. Measured per row: a .csv's bytes
    // are quicker to read than a decision is to word, so the reader routes; an .xlsx's XML
    // takes longer, so the writer does (1,048,575 rows: 2.0 s and 4.1 s with the reader
    // routing).
    let route_on_reader = !is_workbook;
    type Routed = (
        u32,
        Result<(delegation_core::facts::Application, Option<Decision>), register::BadRow>,
    );
    let mut spool =
        io::BufWriter::with_capacity(256 << 10, tempfile::SpooledTempFile::new(8 << 20));
    let (mut invalid, mut rows) = (0usize, 0usize);
    let mut write_error = None;
    // The router, once the register's own handover dates are known (its head).
    let router = std::sync::OnceLock::new();
    let read = std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Routed>>(8);
        let (done_tx, done_rx) = std::sync::mpsc::channel::<Vec<Routed>>();
        let (session, router) = (&session, &router);
        let reader = std::thread::Builder::new()
            .name("register".into())
            .spawn_scoped(scope, move || {
                let mut batch = Vec::with_capacity(BATCH);
                let read = register::stream(
                    file,
                    outputs.today,
                    &mut |head: &register::Head| -> Result<(), ()> {
                        if is_workbook {
                            say(&words::read_sheet(lang, file, &head.sheet));
                        }
                        let mut dates = head.handover.clone();
                        dates.extend(handover.iter().map(|(k, v)| (*k, *v)));
                        let _ = router.set(session.router(&dates));
                        Ok(())
                    },
                    &mut |r: ReadRow| {
                        let Some(router) = router.get() else {
                            return Ok(());
                        };
                        let routed = r.read.map(|app| {
                            let d = route_on_reader.then(|| router.route_without_flips(&app));
                            (app, d)
                        });
                        batch.push((r.row, routed));
                        if batch.len() == BATCH {
                            while let Ok(done) = done_rx.try_recv() {
                                drop(done);
                            }
                            // The writer stopped (its error is its own to report).
                            tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                                .map_err(|_| ())?;
                        }
                        Ok(())
                    },
                );
                if read.is_ok() && !batch.is_empty() {
                    let _ = tx.send(batch);
                }
                read
            });
        let (mut line, mut scratch) = (String::new(), String::new());
        'write: for mut batch in rx {
            let Some(router) = router.get() else {
                continue;
            };
            for (row, routed) in &mut batch {
                rows += 1;
                line.clear();
                let (d, made_here) = match routed {
                    Ok((app, d)) => {
                        let made_here = d.is_none();
                        let d = d.get_or_insert_with(|| router.route_without_flips(app));
                        router.add_flips(app, d);
                        (Ok(d), made_here)
                    }
                    Err(bad) => (Err(&*bad), false),
                };
                let shown = d.as_ref().map(|d| &**d).map_err(|bad| *bad);
                route_line(
                    lang,
                    *row,
                    shown,
                    outputs.format,
                    &mut invalid,
                    &mut line,
                    &mut scratch,
                );
                // A decision made on this thread is freed on it (measured: 3.4 s against 3.9 s
                // for the 1,048,575-row .xlsx). Freeing here the flips of one made on the
                // reader's was slower (3.6 s against 2.6 s for 1,000,000 .csv rows): this
                // thread is the busier one then.
                if made_here && let Ok((_, slot)) = routed {
                    drop(slot.take());
                }
                line.push('\n');
                if let Err(e) = spool.write_all(line.as_bytes()) {
                    write_error = Some(e);
                    break 'write;
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
            Err(e) => {
                write_error = Some(e);
                Err(StreamError::Sink(()))
            }
        }
    });
    if let Some(e) = write_error {
        return Err(e);
    }
    let summary = match read {
        Ok(s) => s,
        Err(StreamError::File(e)) => return Ok(fail(lang, &e)),
        // Only the writer stops the reader, and its error is returned above.
        Err(StreamError::Sink(())) => return Err(io::Error::other("the lines stopped")),
    };
    // A failed write to stdout (a closed pipe: `| head`) stops the lines, not the files:
    // --out and --slips are written whole all the same, and the error is reported at the end.
    let mut printed = spool
        .into_inner()
        .map_err(io::IntoInnerError::into_error)
        .and_then(|mut spool| {
            io::Seek::rewind(&mut spool)?;
            io::copy(&mut spool, out)
        })
        .map(|_| ());
    if printed.is_ok() {
        printed = out.flush();
    }
    let mut code = if invalid > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if (table.is_some() || outputs.slips.is_some())
        && let Err(c) = write_outputs(
            file,
            &session,
            &router,
            &summary,
            table.as_ref().zip(table_format),
            &outputs,
            lang,
        )
    {
        code = c;
    }
    printed?;
    if invalid > 0 {
        say(&words::invalid_count(lang, invalid, rows));
    }
    Ok(code)
}

/// A routed row's line: in text, id, outcome, approving body, mode, in whose name, clause,
/// finding and flips, tab-separated with the file's values escaped; in JSON, one object.
/// Written at the end of `line`; `scratch` is any buffer, kept between rows.
fn route_line(
    lang: Lang,
    row: u32,
    routed: Result<&Decision, &register::BadRow>,
    format: RouteFormat,
    invalid: &mut usize,
    line: &mut String,
    scratch: &mut String,
) {
    // Values from the file are printed with their control characters escaped, so no cell can
    // forge a column, a row or a terminal escape.
    let mut first = true;
    let mut cell = |line: &mut String, text: &str| {
        if !std::mem::take(&mut first) {
            line.push('\t');
        }
        line.push_str(&printable(text));
    };
    match routed {
        Ok(d) => {
            if d.outcome == Outcome::Invalid {
                *invalid += 1;
            }
            if format == RouteFormat::Json {
                line.push_str(&route_json::decision_line(lang, d).to_string());
                return;
            }
            let reason = d
                .deciding_step()
                .map(|s| s.finding.text(lang))
                .unwrap_or_default();
            cell(line, &d.id);
            cell(line, d.outcome.code());
            cell(line, d.approving_body.as_deref().unwrap_or("-"));
            cell(line, d.mode.map_or("-", |m| m.label(lang)));
            cell(line, d.in_name_of.as_deref().unwrap_or("-"));
            cell(line, d.deciding_clause());
            cell(line, &reason);
            scratch.clear();
            flips::write_flip_lines(lang, d, scratch);
            cell(line, scratch);
        }
        Err(bad) => {
            *invalid += 1;
            // A row without a readable id is named by its place in the sheet.
            let id = bad.id.clone().unwrap_or_else(|| {
                bad.problems
                    .first()
                    .map_or(row.to_string(), |p| format!("{}!{}", p.at.sheet, row))
            });
            if format == RouteFormat::Json {
                line.push_str(&route_json::unreadable_line(&id, &bad.text(lang)).to_string());
                return;
            }
            cell(line, &id);
            cell(line, Outcome::Invalid.code());
            for _ in 0..4 {
                cell(line, "-");
            }
            cell(line, &bad.text(lang));
            cell(line, "-");
        }
    }
}

/// The second pass, for `--out` and `--slips`: the register read again, each row routed and
/// written as it comes (the table through a streaming writer, one slip a row). The table's
/// header is the first pass's: every column the file used, those without a heading under
/// their letters. A slip that cannot be written is named on stderr and the others are still
/// written; the exit code then says so.
fn write_outputs(
    file: &Path,
    session: &Session,
    router: &std::sync::OnceLock<delegation_core::router::Router<'static>>,
    summary: &register::Summary,
    table: Option<(&Target, TableFormat)>,
    outputs: &Outputs<'_>,
    lang: Lang,
) -> Result<(), ExitCode> {
    use delegation_core::export::TableWriter;
    use register::StreamError;
    let Some(router) = router.get() else {
        return Ok(());
    };
    let width = summary.head.header.len();
    let mut writer = match table {
        Some((t, format)) => {
            let header = report::decision_header(lang, &summary.head.header);
            match TableWriter::create(
                t,
                format == TableFormat::Xlsx,
                report::decisions_sheet(lang),
                &header,
            ) {
                Ok(w) => Some(w),
                Err(e) => return Err(write_failed(lang, &e)),
            }
        }
        None => None,
    };
    let mut names = pdf::SlipNames::default();
    // The slips' syncs overlap the making of the next slip (storage::OutputPool); its
    // threads are started only when there are slips to write.
    let pool = outputs.slips.map(|_| storage::OutputPool::new());
    let (mut slips, mut failed) = (0usize, 0usize);
    let read = register::stream(
        file,
        outputs.today,
        &mut |_| Ok::<(), StoreError>(()),
        &mut |r| {
            let decision = r.read.as_ref().ok().map(|app| (app, router.route(app)));
            if let Some(w) = &mut writer {
                let routed = match (&decision, &r.read) {
                    (Some((_, d)), _) => Ok(d),
                    (None, Err(bad)) => Err(bad),
                    (None, Ok(_)) => return Ok(()),
                };
                w.row(&report::decision_row(lang, &r.cells, width, routed))?;
            }
            if let (Some(dir), Some(pool), Some((app, d))) = (outputs.slips, &pool, &decision) {
                slips += 1;
                let name = names.next(&report::slip_file_stem(lang, &d.id));
                let t = target(&dir.join(name), outputs.force, &[file]);
                let doc = report::slip(lang, session.catalogue(), app, d, outputs.today);
                match pdf::render_for(&t.path, &doc, pdf_fonts()) {
                    Ok(r) => {
                        for m in &r.missing {
                            say(&report::missing_char(lang, &t.path, m));
                        }
                        pool.write(t, r.bytes);
                    }
                    Err(e) => {
                        write_failed(lang, &e);
                        failed += 1;
                    }
                }
                for e in pool.failures() {
                    write_failed(lang, &e);
                    failed += 1;
                }
            }
            Ok(())
        },
    );
    // Every slip queued is written (or has failed) before anything more is said.
    for e in pool.map(storage::OutputPool::finish).unwrap_or_default() {
        write_failed(lang, &e);
        failed += 1;
    }
    match read {
        Ok(_) => {}
        Err(StreamError::File(e)) => return Err(fail(lang, &e)),
        Err(StreamError::Sink(e)) => return Err(write_failed(lang, &e)),
    }
    if let (Some(w), Some((t, _))) = (writer, table) {
        let short = w.rows_without_height();
        match w.finish() {
            Ok(()) => say(&words::wrote(lang, &t.path)),
            Err(e) => return Err(write_failed(lang, &e)),
        }
        if short > 0 {
            say(&words::rows_without_height(
                lang,
                &t.path,
                short,
                delegation_core::export::MAX_OWN_HEIGHTS,
            ));
        }
    }
    if let Some(dir) = outputs.slips {
        if failed == 0 {
            say(&words::wrote(lang, dir));
        } else {
            say(&words::slips_failed(lang, failed, slips, dir));
            return Err(ExitCode::from(2));
        }
    }
    Ok(())
}

fn template(file: &Path, force: bool, lang: Lang) -> ExitCode {
    if TableFormat::of(file) != Some(TableFormat::Xlsx) {
        return fail(lang, &words::TemplateExtension(file));
    }
    let t = target(file, force, &[]);
    match register::write_template_to(&t, &report::template_text(Lang::Zh)) {
        Ok(()) => {
            say(&words::wrote(lang, file));
            ExitCode::SUCCESS
        }
        Err(e) => write_failed(lang, &e),
    }
}

fn records(out: Out, op: RecordsOp, lang: Lang) -> Done {
    Ok(match op {
        RecordsOp::Path => {
            writeln!(out, "{}", data_dir().join(RECORDS_FILE).display())?;
            ExitCode::SUCCESS
        }
        RecordsOp::Export { file, force } => {
            // Exporting records that could not be read would write empty ones.
            let session = match open_records(lang) {
                Ok(s) => s,
                Err(code) => return Ok(code),
            };
            match session.export_records_to(&target(&file, force.force, &[])) {
                Ok(()) => {
                    say(&words::exported(lang, &file));
                    ExitCode::SUCCESS
                }
                Err(e) => write_failed(lang, &e),
            }
        }
        RecordsOp::Import { file } => {
            let mut session = open(Access::Write, lang);
            match session.import_records(&file) {
                Ok(()) => {
                    let path = data_dir().join(RECORDS_FILE);
                    say(&words::imported_records(lang, &file, &path));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    let code = fail(lang, &e);
                    say(words::records_untouched(lang));
                    code
                }
            }
        }
    })
}

/// The handover report, in Chinese (it goes to the leadership, as the app exports it), as
/// .pdf (A4 landscape), .xlsx or .csv by the file's extension.
fn report(file: &Path, force: bool, today: NaiveDate, conv: Conventions, lang: Lang) -> ExitCode {
    let is_pdf = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let format = TableFormat::of(file);
    if !is_pdf && format.is_none() {
        return fail(lang, &words::ReportExtension(file));
    }
    // A report of records that could not be read would say nothing was handed over.
    let mut session = match open_records(lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    session.set_conventions(conv.session());
    let rows = session.handover_report(today);
    let t = target(file, force, &[]);
    let done = match format {
        Some(format) => Session::write_table_to(
            &t,
            format,
            report::handover_sheet(Lang::Zh),
            &report::handover_table(Lang::Zh, &rows),
        ),
        None => pdf::write_pdf_to(
            &t,
            &report::handover_doc(Lang::Zh, session.catalogue(), &rows, today),
            pdf_fonts(),
        )
        .map(|missing| {
            for m in missing {
                say(&report::missing_char(lang, file, &m));
            }
        }),
    };
    match done {
        Ok(()) => {
            say(&words::report_written(lang, file));
            ExitCode::SUCCESS
        }
        Err(e) => write_failed(lang, &e),
    }
}

fn holidays(out: Out, op: HolidaysOp, lang: Lang) -> Done {
    Ok(match op {
        HolidaysOp::List => {
            let session = open(Access::Peek, lang);
            for y in session.holiday_years() {
                let line = words::holiday_year_line(lang, &y);
                let cells: Vec<_> = line.iter().map(|c| printable(c)).collect();
                writeln!(out, "{}", cells.join("\t"))?;
            }
            ExitCode::SUCCESS
        }
        HolidaysOp::Import { file } => {
            let mut session = open(Access::Peek, lang);
            match session.import_holidays(&file) {
                Ok(year) => {
                    say(&words::holidays_imported(lang, year, &file));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(lang, &e),
            }
        }
    })
}

fn workdays(out: Out, op: WorkdaysOp, lang: Lang) -> Done {
    let session = open(Access::Peek, lang);
    let cal = session.calendar();
    match op {
        WorkdaysOp::Add {
            date,
            n,
            count_start_day,
        } => match cal.checked_add_working_days(date, n, start_day(count_start_day)) {
            Ok(r) => {
                writeln!(out, "{}", r.value.format("%Y-%m-%d"))?;
                warn_uncovered(&r.uncovered_years, lang);
            }
            Err(e) => return Ok(fail(lang, &e)),
        },
        WorkdaysOp::Between {
            from,
            to,
            count_start_day,
        } => {
            let r = cal.working_days_between(from, to, start_day(count_start_day));
            writeln!(out, "{}", r.value)?;
            warn_uncovered(&r.uncovered_years, lang);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn deadlines(out: Out, today: NaiveDate, conv: Conventions, lang: Lang) -> Done {
    let mut session = open(Access::Peek, lang);
    session.set_conventions(conv.session());
    let cat = session.catalogue();
    let cal = session.calendar();
    let k = session.key_dates();
    let mut uncovered = k.handover_deadline.uncovered_years.clone();
    let far = |d: NaiveDate| dates::days_away(lang, today, d);
    let deadline = k.handover_deadline.value;
    let wd = cal.working_days_between(today, deadline, StartDay::Excluded);
    uncovered.extend(wd.uncovered_years.iter().copied());
    uncovered.sort_unstable();
    uncovered.dedup();
    let wd_text = dates::working_days_away(lang, wd.value);
    let start = dates::start_day(lang, conv.start_day());
    let validity = dates::validity(lang, conv.validity());
    let [today_label, notice, handover, last_day] =
        words::deadline_labels(lang, &cat.notice, start, validity);
    let rows = [
        (notice, k.notice_date, far(k.notice_date)),
        (
            handover,
            deadline,
            format!("{}{}{wd_text}", far(deadline), lang.semicolon()),
        ),
        (last_day, k.validity_last_day, far(k.validity_last_day)),
    ];
    writeln!(out, "{today_label}\t{}", today.format("%Y-%m-%d"))?;
    for (label, date, how_far) in rows {
        writeln!(out, "{label}\t{}\t{how_far}", date.format("%Y-%m-%d"))?;
    }
    warn_uncovered(&uncovered, lang);
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn line_separators_and_bidi_controls_are_escaped() {
        assert_eq!(printable("A\u{2028}B\u{2029}C"), "A\\u{2028}B\\u{2029}C");
        assert_eq!(
            printable("\u{061c}\u{202e}x\u{2066}"),
            "\\u{61c}\\u{202e}x\\u{2066}"
        );
        assert_eq!(printable("港-一"), "港-一");
    }

    #[test]
    fn the_byte_prefilter_misses_no_character_that_needs_escaping() {
        // Every scalar value, alone and between letters: escaped exactly when it is a
        // control, a bidirectional control or a line or paragraph separator.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let escape = c == '\\'
                || c.is_control()
                || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            let s = format!("a{c}b");
            let out = printable(&s);
            assert_eq!(out != s, escape, "U+{:04X}", c as u32);
        }
    }
}
