//! The command line's arguments: every command, flag and value as clap parses them (and the
//! man pages are made from). The names are a contract: scripts call them.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use delegation_law::calendar::StartDay;
use delegation_law::deadlines::ValidityConvention;
use delegation_session as session;
use delegation_words::Lang;

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
        /// How each application is printed: tab-separated text (id, outcome, body, mode, in whose name, clause, finding, flips), or one JSON object a line.
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
    /// The handover records: where they are (the data folder's, or with a shared store the server's), and moving them between machines.
    Records {
        #[command(subcommand)]
        op: RecordsOp,
    },
    /// The holiday calendar's years: list them, or import a new year (holiday-cn JSON).
    Holidays {
        #[command(subcommand)]
        op: HolidaysOp,
    },
    /// The notices routing chooses from: the built-in 穗府规〔2024〕3号 and any amendment or successor imported; each application is judged by the one in force on its received date.
    Notices {
        #[command(subcommand)]
        op: NoticesOp,
    },
    /// The case register (办件台账): record each application with its decision, close it with its result, count the year.
    Cases {
        /// The case register: a .sqlite file, or a shared one on a PostgreSQL server, postgres://USER@HOST:PORT/DB (password from PGPASSWORD or the password file, never here) (default: the data folder's cases.sqlite; also DELEGATION_TRACKER_STORE).
        #[arg(long, global = true, value_name = "PATH|URL")]
        store: Option<PathBuf>,
        #[command(subcommand)]
        op: CasesOp,
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

/// Who makes a change (`--as NAME`; default: the system user).
#[derive(Debug, Clone, Args)]
pub struct Who {
    /// Who makes the change, as the audit trail records it (default: the system user).
    #[arg(long = "as", value_name = "NAME")]
    pub name: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CasesOp {
    /// Route each row of a register (.ron, .xlsx or .csv) as `route` does and record it: INVALID rows are named and not recorded.
    Add {
        file: PathBuf,
        #[command(flatten)]
        who: Who,
        /// A handover date for an item, ITEM=DATE (repeatable); overrides the recorded date and the file's.
        #[arg(long = "handover", value_name = "ITEM=DATE", value_parser = parse_handover)]
        handover: Vec<(u8, NaiveDate)>,
        /// The day the register's handover dates are checked against (default: today).
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        #[command(flatten)]
        conv: Conventions,
    },
    /// Close an open case on DATE with its result; the working days it took are counted (received day not counted).
    Close {
        id: String,
        /// The closing date.
        #[arg(long, value_parser = parse_date)]
        on: NaiveDate,
        #[arg(long, value_enum)]
        result: ResultArg,
        /// A note kept with the closing.
        #[arg(long, default_value = "")]
        note: String,
        /// The version of the case this change is made from (`cases show`): refused if it changed since.
        #[arg(long)]
        version: Option<u64>,
        #[command(flatten)]
        who: Who,
    },
    /// Reopen a closed case (its closing is kept in the audit trail).
    Reopen {
        id: String,
        #[arg(long)]
        version: Option<u64>,
        #[command(flatten)]
        who: Who,
    },
    /// The cases, one line each (ordered by received date, then id).
    List {
        /// Received in this year.
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        item: Option<u8>,
        /// Open cases only.
        #[arg(long)]
        open: bool,
        /// Cases past their item's promised time limit only.
        #[arg(long)]
        overdue: bool,
        /// The day "overdue" is measured on (default: today).
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = RouteFormat::Text)]
        format: RouteFormat,
    },
    /// One case with its decisions and its audit events.
    Show {
        id: String,
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = RouteFormat::Text)]
        format: RouteFormat,
    },
    /// Set an item's promised time limit (承诺时限) in working days, or none.
    Limit {
        item: u8,
        /// Working days, or `none`.
        days: String,
        #[command(flatten)]
        who: Who,
    },
    /// The year's figures per item, all 12: printed, or written as .xlsx, .csv or .pdf (A4 landscape, signable).
    Report {
        #[arg(long)]
        year: i32,
        /// Where to write them: .xlsx, .csv or .pdf.
        file: Option<PathBuf>,
        /// The day "overdue" is measured on and the report is made (default: today).
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = RouteFormat::Text)]
        format: RouteFormat,
        #[command(flatten)]
        force: Force,
    },
    /// The audit trail: every change, or one case's.
    Audit {
        id: Option<String>,
        #[arg(long, value_enum, default_value_t = RouteFormat::Text)]
        format: RouteFormat,
    },
    /// Check the audit trail's hash chain and every case against it; names the first that does not fit (exit 1).
    Verify,
    /// Print the case register's path.
    Path,
    /// Make the case register: the .sqlite file, or on a PostgreSQL server its tables (run as the role that is to own them); one of a newer schema is refused.
    Init,
}

/// How a case was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResultArg {
    /// 准予
    Granted,
    /// 不予
    Refused,
    /// 撤回
    Withdrawn,
    /// 告知或移送其他机关
    Referred,
    /// 审核后报市人民政府
    Forwarded,
}

impl ResultArg {
    pub fn result(self) -> delegation_law::cases::CaseResult {
        use delegation_law::cases::CaseResult as R;
        match self {
            ResultArg::Granted => R::Granted,
            ResultArg::Refused => R::Refused,
            ResultArg::Withdrawn => R::Withdrawn,
            ResultArg::Referred => R::Referred,
            ResultArg::Forwarded => R::Forwarded,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum RecordsOp {
    /// Print where the records are: the records file's path, or with a shared store on a server (DELEGATION_TRACKER_STORE=postgres://…) the server, without a password.
    Path,
    /// Write the records to FILE (a records file, as the app keeps it).
    Export {
        file: PathBuf,
        #[command(flatten)]
        force: Force,
    },
    /// Replace the records with FILE's, after checking FILE fully; the old records become a backup. With a shared store on a server, each item that differs is saved there from the version read, with its audit event (exit 3 when another clerk saved it since).
    Import { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum NoticesOp {
    /// Each notice: 文号, kind, issued, in force from, last day, state on --today, items (tab-separated, or one JSON object a line).
    List {
        /// The day the state is for (default: today).
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        /// How each notice is printed: tab-separated text (文号, kind, issued, in force from, last day, state, items), or one JSON object a line.
        #[arg(long, value_enum, default_value_t = RouteFormat::Text)]
        format: RouteFormat,
        #[command(flatten)]
        conv: Conventions,
    },
    /// Check a notice file fully (schema, every text present, items numbered, bounds possible, dates in order, what it replaces or amends held) and keep it in the data folder; refused naming its line and column, nothing kept.
    Import {
        file: PathBuf,
        /// The gazette's text of the notice: every string of the file must be in it as printed (white space aside).
        #[arg(long, value_name = "TEXT")]
        source: Option<PathBuf>,
    },
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

/// How a command prints what it lists (`route`, `cases list|show|audit`, `notices list`); each
/// command's `--format` says what a line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RouteFormat {
    /// Tab-separated text, one line each.
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

pub(crate) fn start_day(count: bool) -> StartDay {
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
