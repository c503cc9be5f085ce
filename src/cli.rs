//! The command line, on top of the legal core.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::core::applications::ApplicationsFile;
use crate::core::calendar::{Calendar, StartDay};
use crate::core::catalogue::Catalogue;
use crate::core::deadlines::{KeyDates, ValidityConvention};
use crate::core::holiday_import::effective_calendar;
use crate::core::router::{Outcome, Router};
use crate::core::storage::{RECORDS_FILE, Store, data_dir, write_atomic};
use crate::i18n::legal::uncovered_years;
use crate::i18n::{Lang, dates};

#[derive(Debug, Parser)]
#[command(
    name = "delegation-tracker",
    version,
    about = "增城开发区行使市级权限事项（穗府规〔2024〕3号）：目录、分派、期限、工作日",
    long_about = "With no command, opens the desktop app."
)]
pub struct Cli {
    /// Write the man pages (roff) into DIR and exit; scripts/package-deb.sh puts them in the .deb.
    #[arg(long, hide = true, value_name = "DIR")]
    pub man_pages: Option<PathBuf>,
    /// Open the main window, render the first frame and exit 0 (a check that a window can open).
    #[arg(long)]
    pub smoke: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Route every application in a RON applications file; one tab-separated line each.
    Route {
        /// The applications file (see README for the format).
        file: PathBuf,
        #[command(flatten)]
        conv: Conventions,
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
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
    /// The notice's key dates and how far off they are.
    Deadlines {
        /// The day to measure from (default: today).
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        #[command(flatten)]
        conv: Conventions,
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum RecordsOp {
    /// Print the records file's path.
    Path,
    /// Write the records to FILE (a records file, as the app keeps it).
    Export { file: PathBuf },
    /// Replace the records with FILE's, after checking FILE fully; the old records become a backup.
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

/// Runs a subcommand. Returns the process exit code.
pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Route { file, conv, lang } => route(&file, conv, lang.into()),
        Command::Workdays { op } => workdays(op),
        Command::Records { op } => records(op),
        Command::Deadlines { today, conv, lang } => deadlines(
            today.unwrap_or_else(|| chrono::Local::now().date_naive()),
            conv,
            lang.into(),
        ),
    }
}

fn warn_uncovered(years: &[i32]) {
    if !years.is_empty() {
        eprintln!("warning: {}", uncovered_years(Lang::En, years));
        eprintln!("提示：{}", uncovered_years(Lang::Zh, years));
    }
}

fn route(file: &std::path::Path, conv: Conventions, lang: Lang) -> ExitCode {
    let batch = match ApplicationsFile::load(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let dir = data_dir();
    let cal = calendar(&dir);
    let recorded = match Store::peek(&dir) {
        Ok(r) => r.handover_dates(),
        Err(e) => {
            eprintln!("warning: the handover records are not used: {e}");
            BTreeMap::new()
        }
    };
    let decisions = route_batch(&batch, &recorded, &cal, conv);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut invalid = 0usize;
    for d in &decisions {
        if d.outcome == Outcome::Invalid {
            invalid += 1;
        }
        let reason = d
            .deciding_step()
            .map(|s| s.finding.text(lang))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            d.id,
            d.outcome.code(),
            d.approving_body.as_deref().unwrap_or("-"),
            d.mode.map_or("-", |m| m.label(lang)),
            d.in_name_of.as_deref().unwrap_or("-"),
            d.deciding_clause(),
            reason,
        );
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    if invalid > 0 {
        eprintln!("{invalid} of {} applications are INVALID", decisions.len());
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Routes a batch: the file's own handover dates override `recorded`.
pub fn route_batch(
    batch: &ApplicationsFile,
    recorded: &BTreeMap<u8, NaiveDate>,
    cal: &Calendar,
    conv: Conventions,
) -> Vec<crate::core::router::Decision> {
    let mut handover = recorded.clone();
    handover.extend(batch.handover.iter().map(|(k, v)| (*k, *v)));
    let router = Router::new(
        Catalogue::embedded(),
        cal,
        handover,
        conv.start_day(),
        conv.validity(),
    );
    batch.applications.iter().map(|a| router.route(a)).collect()
}

/// The embedded calendar with the user's imported years; a broken override is reported.
fn calendar(dir: &std::path::Path) -> Calendar {
    let (cal, warning) = effective_calendar(dir);
    if let Some(w) = warning {
        eprintln!("warning: imported holidays not used: {w}");
    }
    cal
}

fn records(op: RecordsOp) -> ExitCode {
    let dir = data_dir();
    match op {
        RecordsOp::Path => {
            println!("{}", dir.join(RECORDS_FILE).display());
            ExitCode::SUCCESS
        }
        RecordsOp::Export { file } => match Store::peek(&dir) {
            Ok(r) => match write_atomic(&file, r.to_ron().as_bytes(), |_| Ok(())) {
                Ok(()) => {
                    eprintln!("exported the records to {}", file.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {}: {e}", file.display());
                    ExitCode::from(2)
                }
            },
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        RecordsOp::Import { file } => {
            let incoming = match Store::read_import(&file) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("error: {e}");
                    eprintln!("the current records are untouched");
                    return ExitCode::from(2);
                }
            };
            let result = Store::open(&dir, Catalogue::embedded()).and_then(|mut store| {
                let mut incoming = incoming;
                incoming.fill(Catalogue::embedded());
                store.save(incoming).map(|()| store.path())
            });
            match result {
                Ok(path) => {
                    eprintln!(
                        "imported {} into {}; the previous records are kept as a backup",
                        file.display(),
                        path.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    eprintln!("the current records are untouched");
                    ExitCode::from(2)
                }
            }
        }
    }
}

fn workdays(op: WorkdaysOp) -> ExitCode {
    let cal = &calendar(&data_dir());
    match op {
        WorkdaysOp::Add {
            date,
            n,
            count_start_day,
        } => {
            let r = cal.add_working_days(date, n, start_day(count_start_day));
            println!("{}", r.value.format("%Y-%m-%d"));
            warn_uncovered(&r.uncovered_years);
        }
        WorkdaysOp::Between {
            from,
            to,
            count_start_day,
        } => {
            let r = cal.working_days_between(from, to, start_day(count_start_day));
            println!("{}", r.value);
            warn_uncovered(&r.uncovered_years);
        }
    }
    ExitCode::SUCCESS
}

fn deadlines(today: NaiveDate, conv: Conventions, lang: Lang) -> ExitCode {
    let cat = Catalogue::embedded();
    let cal = &calendar(&data_dir());
    let k = KeyDates::compute(cat, cal, conv.start_day(), conv.validity());
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
    let n = &cat.notice;
    let rows = [
        (
            lang.pick("通告印发及施行日期", "Notice issued and in force")
                .to_string(),
            k.notice_date,
            far(k.notice_date),
        ),
        (
            match lang {
                Lang::Zh => format!("交接期限（{}个工作日，{start}）", n.handover_working_days),
                Lang::En => format!(
                    "Handover deadline ({} working days, {start})",
                    n.handover_working_days
                ),
            },
            deadline,
            format!("{}{}{wd_text}", far(deadline), lang.semicolon()),
        ),
        (
            match lang {
                Lang::Zh => format!("有效期最后一日（{}年，{validity}）", n.validity_years),
                Lang::En => format!("Validity last day ({} years, {validity})", n.validity_years),
            },
            k.validity_last_day,
            far(k.validity_last_day),
        ),
    ];
    println!(
        "{}\t{}",
        lang.pick("今天", "Today"),
        today.format("%Y-%m-%d")
    );
    for (label, date, how_far) in rows {
        println!("{label}\t{}\t{how_far}", date.format("%Y-%m-%d"));
    }
    warn_uncovered(&uncovered);
    ExitCode::SUCCESS
}
