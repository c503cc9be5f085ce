//! What the command line prints besides its tables: warnings, errors, what an import or export
//! did, and the labels of `deadlines`.

use std::path::Path;

use delegation_law::catalogue::Notice;
use delegation_session::{HolidaySource, HolidayYear, OpenWarning};

use crate::{Lang, Text};

/// A line of stderr that warns.
pub fn warning(lang: Lang, what: &str) -> String {
    format!("{}{what}", lang.pick("提示：", "warning: "))
}

/// A line of stderr that says why the command failed.
pub fn error(lang: Lang, what: &str) -> String {
    format!("{}{what}", lang.pick("错误：", "error: "))
}

/// What opening the data directory could not use.
pub fn open_warning(lang: Lang, w: &OpenWarning) -> String {
    let (what, why) = match w {
        OpenWarning::HolidaysUnusable(e) => (
            lang.pick("导入的节假日未使用", "imported holidays not used"),
            e.text(lang),
        ),
        OpenWarning::RecordsUnusable(e) => (
            lang.pick("交接记录未使用", "the handover records are not used"),
            e.text(lang),
        ),
        OpenWarning::StoreUnavailable(e) => (
            lang.pick("无法打开交接记录", "the handover records cannot be opened"),
            e.text(lang),
        ),
        OpenWarning::NoticesUnusable(e) => (
            lang.pick(
                "导入的通告未使用，只按穗府规〔2024〕3号分派",
                "the imported notices are not used; routing by 穗府规〔2024〕3号 alone",
            ),
            e.text(lang),
        ),
    };
    warning(lang, &format!("{what}{}{why}", lang.colon()))
}

/// "9 of 58 applications are INVALID".
pub fn invalid_count(lang: Lang, invalid: usize, of: usize) -> String {
    match lang {
        Lang::Zh => format!("{of}件中有{invalid}件为 INVALID（申请信息无效）"),
        Lang::En => format!("{invalid} of {of} applications are INVALID"),
    }
}

pub fn exported(lang: Lang, file: &Path) -> String {
    match lang {
        Lang::Zh => format!("已将交接记录导出到 {}", file.display()),
        Lang::En => format!("exported the records to {}", file.display()),
    }
}

pub fn imported_records(lang: Lang, file: &Path, into: &Path) -> String {
    match lang {
        Lang::Zh => format!(
            "已将 {} 导入 {}；原有记录保留为备份",
            file.display(),
            into.display()
        ),
        Lang::En => format!(
            "imported {} into {}; the previous records are kept as a backup",
            file.display(),
            into.display()
        ),
    }
}

/// A records file imported into the server's records (issue 28): each changed item saved
/// from the version read, with its audit event.
pub fn imported_records_shared(lang: Lang, file: &Path, server: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "已将 {} 导入服务器 {server} 上的交接记录；有改动的各项逐项保存，各附审计记录（原记录留在审计记录中）",
            file.display()
        ),
        Lang::En => format!(
            "imported {} into the handover records on the server {server}; each changed item saved with its audit event (the previous record is kept in the trail)",
            file.display()
        ),
    }
}

pub fn records_untouched(lang: Lang) -> &'static str {
    lang.pick("现有交接记录未作改动", "the current records are untouched")
}

/// The labels of the `deadlines` table: today, the notice's date, the handover deadline and
/// the validity's last day (with the conventions named).
pub fn deadline_labels(lang: Lang, n: &Notice, start: &str, validity: &str) -> [String; 4] {
    match lang {
        Lang::Zh => [
            "今天".to_string(),
            "通告印发及施行日期".to_string(),
            format!("交接期限（{}个工作日，{start}）", n.handover_working_days),
            format!("有效期最后一日（{}年，{validity}）", n.validity_years),
        ],
        Lang::En => [
            "Today".to_string(),
            "Notice issued and in force".to_string(),
            format!(
                "Handover deadline ({} working days, {start})",
                n.handover_working_days
            ),
            format!("Validity last day ({} years, {validity})", n.validity_years),
        ],
    }
}

/// Why the command stopped when its output could not be written (stdout full or closed).
pub fn output_failed(lang: Lang, e: &std::io::Error) -> String {
    let reason = match e.kind() {
        std::io::ErrorKind::BrokenPipe => lang.pick("输出管道已关闭", "the pipe was closed"),
        std::io::ErrorKind::StorageFull => lang.pick("磁盘已满", "the disk is full"),
        _ => lang.pick("操作系统报错", "the system refused"),
    };
    error(
        lang,
        &match lang {
            Lang::Zh => format!("无法写出结果：{reason}（{e}），输出不完整"),
            Lang::En => {
                format!("cannot write the output: {reason} ({e}); the output is incomplete")
            }
        },
    )
}

pub fn report_written(lang: Lang, file: &Path) -> String {
    match lang {
        Lang::Zh => format!("已将交接情况报表写入 {}", file.display()),
        Lang::En => format!("wrote the handover report to {}", file.display()),
    }
}

pub fn holidays_imported(lang: Lang, year: i32, file: &Path) -> String {
    match lang {
        Lang::Zh => format!(
            "已从 {} 导入{year}年节假日，今后按它计算工作日",
            file.display()
        ),
        Lang::En => format!(
            "imported the holidays of {year} from {}; working days now follow them",
            file.display()
        ),
    }
}

/// One line of `holidays list`: the year, where it comes from, its notice (tab-separated).
pub fn holiday_year_line(lang: Lang, y: &HolidayYear) -> [String; 3] {
    let source = match (y.source, lang) {
        (HolidaySource::Embedded, Lang::Zh) => "内置",
        (HolidaySource::Embedded, Lang::En) => "embedded",
        (HolidaySource::Imported, Lang::Zh) => "导入",
        (HolidaySource::Imported, Lang::En) => "imported",
    };
    [y.year.to_string(), source.to_string(), y.notice.clone()]
}

/// A table's file that is neither .xlsx nor .csv.
pub struct TableExtension<'a>(pub &'a Path);

impl Text for TableExtension<'_> {
    fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{}：只能写成 .xlsx 或 .csv 文件", self.0.display()),
            Lang::En => format!("{}: the table must be .xlsx or .csv", self.0.display()),
        }
    }
}

/// A template's file that is not .xlsx.
pub struct TemplateExtension<'a>(pub &'a Path);

impl Text for TemplateExtension<'_> {
    fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{}：模板只能写成 .xlsx 文件", self.0.display()),
            Lang::En => format!("{}: the template must be .xlsx", self.0.display()),
        }
    }
}

/// What to do when a file is already at a command's target.
pub fn force_hint(lang: Lang) -> &'static str {
    lang.pick(
        "提示：确要替换它，请加 --force（替换后的文件保留原有权限）",
        "hint: add --force to replace it (the replaced file keeps its permissions)",
    )
}

/// Some decision slips could not be written (each was named above).
pub fn slips_failed(lang: Lang, failed: usize, of: usize, dir: &Path) -> String {
    error(
        lang,
        &match lang {
            Lang::Zh => format!(
                "{of}份决定单中有{failed}份未能写入 {}（见上文），其余已写入",
                dir.display()
            ),
            Lang::En => format!(
                "{failed} of {of} decision slips could not be written into {} (named above); the others were written",
                dir.display()
            ),
        },
    )
}

/// What a command wrote.
/// Which sheet of a workbook a register was read from.
pub fn read_sheet(lang: Lang, file: &Path, sheet: &str) -> String {
    match lang {
        Lang::Zh => format!("读取 {} 的工作表“{sheet}”", file.display()),
        Lang::En => format!("read sheet “{sheet}” of {}", file.display()),
    }
}

/// A `--handover ITEM=DATE` the register's 交接日期 sheet would refuse too.
pub fn bad_handover_option(lang: Lang, item: u8, day: chrono::NaiveDate, why: &str) -> String {
    let d = crate::dates::ymd(day);
    match lang {
        Lang::Zh => format!("--handover {item}={d}：{why}"),
        Lang::En => format!("--handover {item}={d}: {why}"),
    }
}

pub fn handover_option_twice(
    lang: Lang,
    item: u8,
    first: chrono::NaiveDate,
    second: chrono::NaiveDate,
) -> String {
    let (a, b) = (crate::dates::ymd(first), crate::dates::ymd(second));
    match lang {
        Lang::Zh => {
            format!("--handover 对第{item}项给了两次（{a} 和 {b}），不知以哪个为准：每项只能给一次")
        }
        Lang::En => format!(
            "--handover gives item {item} twice ({a} and {b}): which one is meant is unclear; give each item once"
        ),
    }
}

pub fn wrote(lang: Lang, file: &Path) -> String {
    match lang {
        Lang::Zh => format!("已写入 {}", file.display()),
        Lang::En => format!("wrote {}", file.display()),
    }
}

/// Rows of a written .xlsx past the first ones given their own height.
pub fn rows_without_height(lang: Lang, file: &Path, rows: u64, first: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "注意：{} 中前{first}行之后有{rows}行未按内容设行高（行数太多），打印时其较长的文字可能显示不全；在 Excel 或 WPS 中选中这些行并“自动调整行高”即可",
            file.display()
        ),
        Lang::En => format!(
            "note: in {}, {rows} rows after the first {first} keep the default height (too many rows to size each), so their longer text may be cut when printed; select them in Excel or WPS and choose AutoFit Row Height",
            file.display()
        ),
    }
}

/// A report's file that is neither .pdf, .xlsx nor .csv.
pub struct ReportExtension<'a>(pub &'a Path);

impl Text for ReportExtension<'_> {
    fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!(
                "{}：报告只能写成 .pdf、.xlsx 或 .csv 文件",
                self.0.display()
            ),
            Lang::En => format!(
                "{}: the report must be .pdf, .xlsx or .csv",
                self.0.display()
            ),
        }
    }
}

/// A mistake on the command line (see the binary's `cli::usage`).
pub enum Usage<'a> {
    UnknownArgument {
        arg: &'a str,
    },
    UnknownCommand {
        command: &'a str,
    },
    InvalidValue {
        arg: &'a str,
        value: &'a str,
        valid: &'a str,
    },
    BadValue {
        arg: &'a str,
        value: &'a str,
        handover: bool,
        date: bool,
    },
    Missing {
        args: &'a str,
    },
    Conflict {
        arg: &'a str,
        with: &'a str,
    },
    MissingCommand,
    ValueCount {
        arg: &'a str,
    },
    Other,
}

/// The mistake said in Chinese (English is clap's own, which is what `--lang en` shows).
pub fn usage_mistake(u: Usage<'_>) -> String {
    match u {
        Usage::UnknownArgument { arg } => format!("不认识的参数 {arg}"),
        Usage::UnknownCommand { command } => format!("不认识的命令 {command}"),
        Usage::InvalidValue {
            arg,
            value,
            valid: "",
        } => {
            format!("参数 {arg} 的值“{value}”无效")
        }
        Usage::InvalidValue { arg, value, valid } => {
            format!("参数 {arg} 的值“{value}”无效，可用：{valid}")
        }
        Usage::BadValue {
            arg,
            value,
            handover: true,
            ..
        } => format!("参数 {arg} 的值“{value}”无效：应为 事项序号=YYYY-MM-DD，如 2=2024-06-01"),
        Usage::BadValue {
            arg,
            value,
            date: true,
            ..
        } => {
            format!("参数 {arg} 的值“{value}”无效：应为 YYYY-MM-DD 格式的真实日期，如 2024-06-01")
        }
        Usage::BadValue { arg, value, .. } => format!("参数 {arg} 的值“{value}”无效"),
        Usage::Missing { args } => format!("缺少必需的参数：{args}"),
        Usage::Conflict { arg, with } => format!("参数 {arg} 与 {with} 不能同时使用"),
        Usage::MissingCommand => "缺少命令".to_string(),
        Usage::ValueCount { arg } => format!("参数 {arg} 的值的个数不对"),
        Usage::Other => "命令行有误".to_string(),
    }
}

pub fn see_help(lang: Lang) -> &'static str {
    lang.pick(
        "用 delegation-tracker --help（或在命令后加 --help）查看用法",
        "see delegation-tracker --help",
    )
}

/// One notice of `notices list`.
#[derive(Debug, Clone, Copy)]
pub struct NoticeLine<'a> {
    pub number: &'a str,
    pub kind: delegation_law::notices::Kind<'a>,
    pub issued: chrono::NaiveDate,
    pub in_force: chrono::NaiveDate,
    pub last_day: chrono::NaiveDate,
    pub state: delegation_law::notices::State,
    pub replaced_by: Option<&'a str>,
    pub items: &'a [u8],
    pub withdrawn: &'a [u8],
}

/// The cells of a `notices list` line: 文号, kind, issued, in force from, last day, state,
/// the items it lists (and takes back).
pub fn notice_line(lang: Lang, n: &NoticeLine<'_>) -> Vec<String> {
    use delegation_law::notices::{Kind, State};
    let d = crate::dates::ymd;
    let kind = match (n.kind, lang) {
        (Kind::Original, Lang::Zh) => "原通告".to_string(),
        (Kind::Original, Lang::En) => "original".to_string(),
        (Kind::Successor(r), Lang::Zh) => format!("接替{}", r.join("、")),
        (Kind::Successor(r), Lang::En) => format!("replaces {}", r.join(", ")),
        (Kind::Amendment(a), Lang::Zh) => format!("修改{a}"),
        (Kind::Amendment(a), Lang::En) => format!("amends {a}"),
    };
    let state = match (n.state, n.replaced_by, lang) {
        (State::NotYet, _, Lang::Zh) => "尚未施行".to_string(),
        (State::NotYet, _, Lang::En) => "not yet in force".to_string(),
        (State::InForce, _, Lang::Zh) => "施行中".to_string(),
        (State::InForce, _, Lang::En) => "in force".to_string(),
        (State::Replaced(_), Some(by), Lang::Zh) => format!("已由{by}接替"),
        (State::Replaced(_), Some(by), Lang::En) => format!("replaced by {by}"),
        (State::Replaced(_) | State::Expired, _, Lang::Zh) => "已失效".to_string(),
        (State::Replaced(_) | State::Expired, _, Lang::En) => "expired".to_string(),
    };
    let list = |v: &[u8]| {
        v.iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(lang.pick("、", ","))
    };
    let mut items = match lang {
        Lang::Zh => format!("事项{}", list(n.items)),
        Lang::En => format!("items {}", list(n.items)),
    };
    if !n.withdrawn.is_empty() {
        items.push_str(&match lang {
            Lang::Zh => format!("；移出{}", list(n.withdrawn)),
            Lang::En => format!("; withdraws {}", list(n.withdrawn)),
        });
    }
    vec![
        n.number.to_string(),
        kind,
        d(n.issued),
        d(n.in_force),
        d(n.last_day),
        state,
        items,
    ]
}

/// What `notices import` did (an import on the command line reaches an open window when it
/// is started again).
pub fn notice_imported(lang: Lang, number: &str, kept: &Path, already: bool) -> String {
    imported(lang, number, kept, already, false)
}

/// What an import in the app did, as a line of its own: the app uses the notice at once,
/// checked no source (how to check one is said), and with a register `shared` by the office
/// the notice is this PC's alone.
pub fn notice_imported_in_window(
    lang: Lang,
    number: &str,
    kept: &Path,
    already: bool,
    shared: bool,
) -> String {
    let mut said = imported(lang, number, kept, already, true);
    if !already {
        let sep = lang.pick("；", "; ");
        said.push_str(sep);
        said.push_str(lang.pick(
            "通告中的文字未与公报原文核对（命令 notices import 文件 --source 公报文本 可核对）",
            "its strings were not checked against the gazette (the command `notices import FILE --source GAZETTE.txt` checks them)",
        ));
        if shared {
            said.push_str(sep);
            said.push_str(lang.pick(
                "此通告只保存在本机：共用办件库的其他电脑须各自导入同一文件，才会按同一通告分派",
                "the notice is kept on this PC only: the other PCs of the shared register route by it once each imports the same file",
            ));
        }
    }
    said
}

/// [`notice_imported`]'s sentence; `window`: said by the app, as a line of its own.
fn imported(lang: Lang, number: &str, kept: &Path, already: bool, window: bool) -> String {
    let restart = if window {
        ""
    } else {
        lang.pick(
            "（已打开的窗口须重新启动才会使用它）",
            " (an open window uses it once restarted)",
        )
    };
    match (already, lang) {
        (false, Lang::Zh) => format!(
            "已导入{number}，保存在 {}；今后按收件日期适用{restart}",
            kept.display()
        ),
        (false, Lang::En) => format!(
            "{} {number}, kept in {}; applications are now judged by it from its date{restart}",
            if window { "Imported" } else { "imported" },
            kept.display()
        ),
        (true, Lang::Zh) => format!("{number}已在 {}，内容相同，未改动", kept.display()),
        (true, Lang::En) => format!(
            "{number} is already kept in {}, as it is: nothing changed",
            kept.display()
        ),
    }
}

/// After an import without `--source`.
pub fn notice_unchecked(lang: Lang) -> String {
    warning(
        lang,
        lang.pick(
            "通告中的文字未与公报原文核对（可用 --source 公报文本 核对）",
            "the notice's strings were not checked against a source (--source GAZETTE.txt checks them)",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_is_said_on_the_command_line_and_in_the_window_each_its_own_way() {
        let kept = Path::new("/data/notices/n.ron");
        let cli = notice_imported(Lang::En, "N1", kept, false);
        assert!(
            cli.starts_with("imported N1, kept in /data/notices/n.ron"),
            "{cli}"
        );
        assert!(
            cli.ends_with("(an open window uses it once restarted)"),
            "{cli}"
        );
        let window = notice_imported_in_window(Lang::En, "N1", kept, false, false);
        assert!(window.starts_with("Imported N1, kept in"), "{window}");
        assert!(!window.contains("restarted"), "{window}");
        assert!(
            window.contains("not checked against the gazette"),
            "{window}"
        );
        assert!(!window.contains("this PC only"), "{window}");
        let shared = notice_imported_in_window(Lang::Zh, "N1", kept, false, true);
        assert!(shared.starts_with("已导入N1"), "{shared}");
        assert!(
            shared.contains("；通告中的文字未与公报原文核对"),
            "{shared}"
        );
        assert!(shared.ends_with("才会按同一通告分派"), "{shared}");
        let again = notice_imported_in_window(Lang::Zh, "N1", kept, true, true);
        assert_eq!(again, "N1已在 /data/notices/n.ron，内容相同，未改动");
    }
}
