//! Why a file, the store or a calendar could not be used, in the clerk's language. The
//! parser's own words and the operating system's stay as they are: they are what a
//! technician searches for.

use delegation_files::error::{
    FileError, FileKind, Found, NodeKind, PathError, PathOp, Problem, Refusal, RegisterProblem,
};
use delegation_files::register::{BadRow, CellProblem, CellProblemKind, Column};
use delegation_law::error::{
    CalendarError, CalendarProblem, DataProblem, DateOutOfRange, Festival,
};
use delegation_law::records::{FORMAT, VERSION};
use delegation_session::Error;
use delegation_store::{ReadOnly, StoreError};

use crate::{Label, Lang, Text};

impl Label for Column {
    /// The column in words: in Chinese its heading, in English what it holds.
    fn label(self, lang: Lang) -> &'static str {
        let en = match self {
            Column::Id => "application id",
            Column::Item => "item no.",
            Column::Received => "date received",
            Column::InZone => "inside the development zone",
            Column::Project => "project type",
            Column::Kv => "voltage (kV)",
            Column::CrossDistrict => "crosses districts",
            Column::Source => "water source",
            Column::M3PerDay => "daily volume (m³)",
            Column::Agricultural => "agricultural intake",
            Column::Request => "request",
            Column::Site => "where the trees stand",
            Column::Count => "number of trees",
            Column::MaxDbhCm => "largest trunk diameter (cm)",
            Column::Heritage => "ancient or famous trees",
        };
        lang.pick(self.heading(), en)
    }
}

impl Text for CellProblem {
    /// `Sheet1!F7 日取水量（立方米）：不是整数 '5万'`.
    fn text(&self, lang: Lang) -> String {
        let what = cell_problem(&self.kind, self.column, lang);
        format!("{} {}{}{what}", self.at.a1(), self.heading, lang.colon())
    }
}

/// What is wrong with a cell (of `column`, when it is one of the register's), without where.
pub fn cell_problem(kind: &CellProblemKind, column: Option<Column>, lang: Lang) -> String {
    use CellProblemKind::*;
    {
        match (kind, lang) {
            (Missing, Lang::Zh) => "未填写".to_string(),
            (Missing, Lang::En) => "empty".to_string(),
            (NotInteger(s), Lang::Zh) => format!("不是整数 '{s}'"),
            (NotInteger(s), Lang::En) => format!("not a whole number '{s}'"),
            (NotNumber(s), Lang::Zh) => format!("不是数字 '{s}'"),
            (NotNumber(s), Lang::En) => format!("not a number '{s}'"),
            (Negative(s), Lang::Zh) => format!("不能为负数 '{s}'"),
            (Negative(s), Lang::En) => format!("cannot be negative '{s}'"),
            (TooLarge(s), Lang::Zh) => format!("数值过大 '{s}'"),
            (TooLarge(s), Lang::En) => format!("too large '{s}'"),
            (NotDate(s), Lang::Zh) => {
                format!("不是日期 '{s}'（可写作2024-07-01、2024/7/1、2024.7.1或2024年7月1日）")
            }
            (NotDate(s), Lang::En) => {
                format!("not a date '{s}' (write 2024-07-01, 2024/7/1, 2024.7.1 or 2024年7月1日)")
            }
            (NotYesNo(s), Lang::Zh) => format!("应填“是”或“否” '{s}'"),
            (NotYesNo(s), Lang::En) => format!("not yes or no (是/否) '{s}'"),
            (NotChoice(s), _) => {
                let choices = column
                    .map(|c| c.choices().join(lang.list_sep()))
                    .unwrap_or_default();
                match lang {
                    Lang::Zh => format!("不是可选的值 '{s}'（可选：{choices}）"),
                    Lang::En => format!("not one of the choices '{s}' (choose: {choices})"),
                }
            }
            (NotUsed { because }, Lang::Zh) => {
                format!("按“{}”一栏所填，本栏应留空", because.heading())
            }
            (NotUsed { because }, Lang::En) => format!(
                "must stay empty given what “{}” ({}) says",
                because.heading(),
                because.label(lang)
            ),
            (CellError(e), Lang::Zh) => format!("单元格是错误值 {e}"),
            (CellError(e), Lang::En) => format!("the cell holds the error value {e}"),
            (FormulaWithoutValue, Lang::Zh) => {
                "公式没有保存计算结果：请在 Excel 或 WPS 中打开并保存该文件".to_string()
            }
            (FormulaWithoutValue, Lang::En) => {
                "a formula without a saved value: open and save the file in Excel or WPS"
                    .to_string()
            }
            (TooManyDecimals(s), Lang::Zh) => {
                format!("最多两位小数 '{s}'（否则会被四舍五入成另一个数）")
            }
            (TooManyDecimals(s), Lang::En) => {
                format!("at most two decimals '{s}' (it would be rounded to another number)")
            }
            (OnlyUnreadColumns(s), Lang::Zh) => format!(
                "本行只在本程序不读的列中有内容（'{s}'），不是一件申请；如是上一行的说明，请写进那一行"
            ),
            (OnlyUnreadColumns(s), Lang::En) => format!(
                "this row has content only in columns the program does not read ('{s}'): it is no application; if it explains the row above, write it into that row"
            ),
            (ItemOutOfRange { item, max }, Lang::Zh) => {
                format!("没有第{item}项（通告共1–{max}项）")
            }
            (ItemOutOfRange { item, max }, Lang::En) => {
                format!("there is no item {item} (the notice has 1–{max})")
            }
            (DateBefore { day, earliest }, Lang::Zh) => format!(
                "交接日期 {} 早于通告印发之日 {}",
                crate::dates::ymd(*day),
                crate::dates::ymd(*earliest)
            ),
            (DateBefore { day, earliest }, Lang::En) => format!(
                "the handover date {} is before the notice's {}",
                crate::dates::ymd(*day),
                crate::dates::ymd(*earliest)
            ),
            (DateAfter { day, latest }, Lang::Zh) => format!(
                "交接日期 {} 晚于今天起一年（{}）",
                crate::dates::ymd(*day),
                crate::dates::ymd(*latest)
            ),
            (DateAfter { day, latest }, Lang::En) => format!(
                "the handover date {} is more than a year from today ({})",
                crate::dates::ymd(*day),
                crate::dates::ymd(*latest)
            ),
        }
    }
}

impl Text for BadRow {
    /// Every bad cell of the row.
    fn text(&self, lang: Lang) -> String {
        self.problems
            .iter()
            .map(|p| p.text(lang))
            .collect::<Vec<_>>()
            .join(lang.semicolon())
    }
}

/// The first `name` in backticks of a parser message.
fn quoted(m: &str) -> Option<&str> {
    let start = m.find('`')? + 1;
    let len = m[start..].find('`')?;
    Some(&m[start..start + len])
}

/// A RON parser's message in Chinese: "格式有误：" and what is wrong, so that a clerk reads
/// no English; a message not known here keeps the parser's words in brackets.
pub fn parser_zh(m: &str) -> String {
    let name = quoted(m).unwrap_or("");
    let said = if m.contains("input is out of range")
        || m.contains("input contains invalid characters")
        || m.contains("premature end of input")
        || m.contains("trailing input")
        || m.contains("no possible date")
    {
        "日期无效，须为真实的日期，格式如 2024-07-01".to_string()
    } else if m.starts_with("Unexpected missing field") {
        format!("缺少“{name}”一项")
    } else if m.starts_with("Unexpected duplicate field") {
        format!("“{name}”一项出现了两次")
    } else if m.starts_with("Unexpected field named") {
        format!("不认识的项“{name}”")
    } else if m.starts_with("Unexpected variant named") {
        format!("不认识的取值“{name}”")
    } else if m.starts_with("Unexpected end of RON") {
        "文件在此提前结束（缺少括号或逗号？）".to_string()
    } else if m.starts_with("Expected comma") {
        "此处缺少逗号".to_string()
    } else if m.starts_with("Expected colon") {
        "此处缺少冒号".to_string()
    } else if m.starts_with("Expected closing") || m.starts_with("Expected opening") {
        format!("此处缺少括号 {name}")
    } else if m.starts_with("Expected string") || m.starts_with("Expected end of string") {
        "此处应为加英文引号的文字".to_string()
    } else if m.starts_with("Expected integer") || m.starts_with("Invalid digit") {
        "此处应为整数".to_string()
    } else if m.starts_with("Expected float") {
        "此处应为数字".to_string()
    } else if m.starts_with("Expected boolean") {
        "此处应为 true 或 false".to_string()
    } else if m.starts_with("Expected identifier") {
        "此处应为项名".to_string()
    } else if m.starts_with("Integer is out of bounds") {
        "数值超出范围".to_string()
    } else if m.starts_with("Non-whitespace trailing characters") {
        "文件末尾有多余的内容".to_string()
    } else if let Some(c) = m.strip_prefix("Unexpected char ") {
        format!("此处不应出现 {c}")
    } else {
        // The parser's own English is not shown in a Chinese message; the position is.
        return "格式有误：此处无法解析（切换到英文可看解析器的原话）".to_string();
    };
    format!("格式有误：{said}")
}

/// Why a file is not of its kind, in Chinese: the parser's or the workbook reader's English
/// said in Chinese where it is known, never shown raw.
fn not_kind_zh(d: &str) -> String {
    if d.contains("Cell string index not found") || d.contains("shared string") {
        "单元格引用了不存在的共享字符串，文件已损坏".to_string()
    } else if d.contains("Expecting alphanumeric character") || d.contains("cell reference") {
        "单元格地址无效，文件已损坏".to_string()
    } else if d.contains("Expected boolean") {
        "应为 true 或 false 之处是别的内容".to_string()
    } else if d.contains("Zip") || d.contains("zip") {
        "压缩包已损坏".to_string()
    } else if d.contains("Xml") || d.contains("xml") || d.contains("XML") {
        "其中的 XML 已损坏".to_string()
    } else {
        match parser_zh(d).strip_prefix("格式有误：") {
            Some(said) if !said.starts_with("此处无法解析") => said.to_string(),
            _ => "内容无法读取（切换到英文可看原话）".to_string(),
        }
    }
}

fn kind_name(lang: Lang, kind: FileKind) -> &'static str {
    match kind {
        FileKind::Applications => lang.pick("办件文件", "an applications file"),
        FileKind::Records => lang.pick("交接记录文件", "a records file"),
        FileKind::HolidayYear => lang.pick("holiday-cn 的年度节假日文件", "a holiday-cn year file"),
        FileKind::HolidayOverride => lang.pick("导入的节假日文件", "the imported holidays file"),
        FileKind::Settings => lang.pick("设置文件", "the settings file"),
        FileKind::Notice => lang.pick("通告文件", "a notice file"),
    }
}

impl Text for CalendarProblem {
    fn text(&self, lang: Lang) -> String {
        use CalendarProblem::*;
        match (self, lang) {
            (Syntax(m), Lang::Zh) => parser_zh(m),
            (Syntax(m), Lang::En) => m.clone(),
            (YearListedTwice(y), Lang::Zh) => format!("{y}年出现了两次"),
            (YearListedTwice(y), Lang::En) => format!("year {y} is listed twice"),
            (DateOutsideYear { year, date, name }, Lang::Zh) => {
                format!("{year}年的日期{date}（{name}）不在{year}年内")
            }
            (DateOutsideYear { year, date, name }, Lang::En) => {
                format!("year {year}: date {date} ({name}) is not in {year}")
            }
            (DateListedTwice { year, date }, Lang::Zh) => {
                format!("{year}年：{date}出现了两次")
            }
            (DateListedTwice { year, date }, Lang::En) => {
                format!("year {year}: {date} is listed twice")
            }
            (
                MakeupOnWeekday {
                    year,
                    date,
                    name,
                    weekday,
                },
                Lang::Zh,
            ) => format!(
                "{year}年：调休上班日{date}（{name}）是{}，本来就是工作日",
                crate::dates::weekday_name_zh(*weekday)
            ),
            (
                MakeupOnWeekday {
                    year,
                    date,
                    name,
                    weekday,
                },
                Lang::En,
            ) => format!(
                "year {year}: make-up working day {date} ({name}) is a {weekday:?}, already a working day"
            ),
            (TooManyOffDays { year, off, max }, Lang::Zh) => format!(
                "{year}年列了{off}天休息日，超过任何一年放假安排的天数（最多{max}天），不是放假安排"
            ),
            (TooManyOffDays { year, off, max }, Lang::En) => format!(
                "year {year} lists {off} days off, more than any year's arrangement has (at most {max}): not an arrangement"
            ),
        }
    }
}

impl Text for CalendarError {
    fn text(&self, lang: Lang) -> String {
        let what = self.problem.text(lang);
        match (self.line_col, lang) {
            (Some((l, c)), Lang::Zh) => format!("节假日日历第{l}行第{c}列：{what}"),
            (Some((l, c)), Lang::En) => format!("holiday calendar {l}:{c}: {what}"),
            (None, Lang::Zh) => format!("节假日日历：{what}"),
            (None, Lang::En) => format!("holiday calendar: {what}"),
        }
    }
}

impl Text for FileError {
    fn text(&self, lang: Lang) -> String {
        let kind = kind_name(lang, self.kind);
        let what = match (&self.problem, lang) {
            (Problem::Data(DataProblem::Syntax(d)), Lang::Zh) => parser_zh(d),
            (Problem::Data(DataProblem::Syntax(d)), Lang::En) => d.clone(),
            (Problem::Data(DataProblem::Empty), Lang::Zh) => "文件是空的".to_string(),
            (Problem::Data(DataProblem::Empty), Lang::En) => match self.kind {
                FileKind::Applications => "the file is empty".to_string(),
                _ => format!("the file is empty: it is not {kind}"),
            },
            (Problem::NotUtf8, Lang::Zh) => "不是 UTF-8 文本文件".to_string(),
            (Problem::NotUtf8, Lang::En) => format!("the file is not UTF-8 text: not {kind}"),
            (Problem::Unreadable { kind, os }, Lang::Zh) => {
                format!("无法读取：{}（{os}）", os_reason_zh(*kind))
            }
            (Problem::Unreadable { os, .. }, Lang::En) => format!("cannot read the file: {os}"),
            (Problem::NotRegularFile(node), _) => not_regular(lang, *node),
            (Problem::TooLarge { limit }, Lang::Zh) => format!(
                "文件超过 {} MiB（{limit} 字节），不是{kind}，未读取",
                limit / (1024 * 1024)
            ),
            (Problem::TooLarge { limit }, Lang::En) => format!(
                "the file is larger than {} MiB ({limit} bytes): not {kind}, not read",
                limit / (1024 * 1024)
            ),
            (Problem::Data(DataProblem::UnknownField { field, expected }), Lang::Zh) => format!(
                "没有“{field}”这一项（拼写有误？此处可用：{}）",
                expected.join("、")
            ),
            (Problem::Data(DataProblem::UnknownField { field, expected }), Lang::En) => format!(
                "there is no field `{field}` (a typo?); expected one of: {}",
                expected.join(", ")
            ),
            (Problem::Data(DataProblem::DuplicateKey(key)), Lang::Zh) => {
                format!("“{key}”出现了两次，不知以哪个为准")
            }
            (Problem::Data(DataProblem::DuplicateKey(key)), Lang::En) => {
                format!("`{key}` is given twice: which one is meant is unclear")
            }
            (Problem::Data(DataProblem::ItemOutOfRange { item, max }), Lang::Zh) => {
                format!("没有第{item}项：通告只有第1至{max}项")
            }
            (Problem::Data(DataProblem::ItemOutOfRange { item, max }), Lang::En) => {
                format!("there is no item {item}: the notice has items 1 to {max}")
            }
            (
                Problem::Data(DataProblem::TooManyDecimals {
                    field,
                    literal,
                    places,
                }),
                Lang::Zh,
            ) => format!(
                "{field} 的值 {literal} 超过{places}位小数：计算机会把它舍入成另一个数，可能改变结论，请写成至多{places}位小数"
            ),
            (
                Problem::Data(DataProblem::TooManyDecimals {
                    field,
                    literal,
                    places,
                }),
                Lang::En,
            ) => format!(
                "{field} {literal} has more than {places} decimal places: it would be rounded to another number and could change the outcome; write at most {places}"
            ),
            (
                Problem::Data(DataProblem::TooLarge {
                    field,
                    literal,
                    max,
                }),
                Lang::Zh,
            ) => format!("{field} 的值 {literal} 过大：最大可填 {max}"),
            (
                Problem::Data(DataProblem::TooLarge {
                    field,
                    literal,
                    max,
                }),
                Lang::En,
            ) => format!("{field} {literal} is too large: at most {max}"),
            (Problem::Data(DataProblem::TooLong { field, chars, max }), Lang::Zh) => {
                format!("{field} 有{chars}个字符，超过 Excel 单元格的上限{max}个：未读取")
            }
            (Problem::Data(DataProblem::TooLong { field, chars, max }), Lang::En) => format!(
                "{field} has {chars} characters, past a spreadsheet cell's {max}: not read"
            ),
            (Problem::FestivalsMissing { year, missing }, Lang::Zh) => format!(
                "{year}年的节假日不完整，缺少：{}；只有一部分节日的年份会把其余节日算作工作日，因此不予导入",
                missing
                    .iter()
                    .map(|f| festival(lang, *f))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            (Problem::FestivalsMissing { year, missing }, Lang::En) => format!(
                "the year {year} is incomplete, it lacks: {}; a partial year would make the other holidays working days, so it is not imported",
                missing
                    .iter()
                    .map(|f| festival(lang, *f))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (Problem::Data(DataProblem::WrongKind(d)), Lang::Zh) => {
                format!("不是{kind}（{}）", not_kind_zh(d))
            }
            (Problem::Data(DataProblem::WrongKind(d)), Lang::En) => format!("not {kind} ({d})"),
            (Problem::Data(DataProblem::OtherFormat(f)), Lang::Zh) => format!("不是{kind}（文件格式为 {f}）"),
            (Problem::Data(DataProblem::OtherFormat(f)), Lang::En) => {
                format!("format is {f:?}, not {FORMAT:?}: not {kind}")
            }
            (Problem::Data(DataProblem::NewerVersion(v)), Lang::Zh) => {
                format!("文件格式版本 {v} 比本程序的新（{VERSION}），请先升级本程序")
            }
            (Problem::Data(DataProblem::NewerVersion(v)), Lang::En) => format!(
                "format version {v} is newer than this program's {VERSION}: update the program"
            ),
            (
                Problem::Data(DataProblem::HandoverDate {
                    item,
                    day,
                    bound,
                    after,
                }),
                Lang::Zh,
            ) => format!(
                "第{item}项的交接日期 {}{}（{}），命令行的 --handover 也不接受这个日期",
                crate::dates::ymd(*day),
                if *after { "晚于今天起一年" } else { "早于通告印发之日" },
                crate::dates::ymd(*bound)
            ),
            (
                Problem::Data(DataProblem::HandoverDate {
                    item,
                    day,
                    bound,
                    after,
                }),
                Lang::En,
            ) => format!(
                "item {item}'s handover date {} is {} ({}); --handover refuses it too",
                crate::dates::ymd(*day),
                if *after {
                    "more than a year from today"
                } else {
                    "before the notice was issued"
                },
                crate::dates::ymd(*bound)
            ),
            (Problem::Data(DataProblem::ElementTwice { item, element }), Lang::Zh) => {
                format!("第{item}项的要素“{element}”出现了两次，不知以哪个为准")
            }
            (Problem::Data(DataProblem::ElementTwice { item, element }), Lang::En) => format!(
                "item {item} lists the element “{element}” twice: which one is meant is unclear"
            ),
            (Problem::DateOutsideYear { date, name, year }, Lang::Zh) => {
                format!("内容有误（{date}（{name}）不在{year}年内）")
            }
            (Problem::DateOutsideYear { date, name, year }, Lang::En) => {
                format!("{date} ({name}) is not in the year {year}")
            }
            (Problem::Notice(p), _) => p.text(lang),
            (Problem::Calendar(p), Lang::Zh) => format!("内容有误（{}）", p.text(lang)),
            (Problem::Calendar(p), Lang::En) => p.text(lang),
            (Problem::UnknownFormat, Lang::Zh) => {
                "只能读取 .ron、.xlsx 或 .csv 格式的办件文件".to_string()
            }
            (Problem::UnknownFormat, Lang::En) => {
                "an applications file must be .ron, .xlsx or .csv".to_string()
            }
            (Problem::UnknownEncoding, Lang::Zh) => {
                "无法确定是 UTF-8 还是 GBK 编码的文本：请另存为 UTF-8 或 GBK 编码（Excel 的“CSV UTF-8”）"
                    .to_string()
            }
            (Problem::UnknownEncoding, Lang::En) => {
                "the text is not surely UTF-8 or GBK: save it as UTF-8 or as GBK (Excel's “CSV UTF-8”)"
                    .to_string()
            }
            (Problem::Register(RegisterProblem::MissingColumn { sheet, column }), Lang::Zh) => format!(
                "工作表 {sheet} 缺少“{}”一列（或写作 {}）",
                column.heading(),
                column.key()
            ),
            (Problem::Register(RegisterProblem::MissingColumn { sheet, column }), Lang::En) => format!(
                "sheet {sheet} has no column “{}” ({}, or headed {})",
                column.heading(),
                column.label(lang),
                column.key()
            ),
            (Problem::Register(RegisterProblem::DuplicateColumn { at, column }), Lang::Zh) => {
                format!("{} 又是一列“{}”，只能有一列", at.a1(), column.heading())
            }
            (Problem::Register(RegisterProblem::DuplicateColumn { at, column }), Lang::En) => format!(
                "{} is a second “{}” column ({}); there can be only one",
                at.a1(),
                column.heading(),
                column.label(lang)
            ),
            (Problem::Register(RegisterProblem::MissingHandoverColumn { sheet, heading }), Lang::Zh) => {
                format!("工作表 {sheet} 缺少“{heading}”一列")
            }
            (Problem::Register(RegisterProblem::MissingHandoverColumn { sheet, heading }), Lang::En) => {
                format!("sheet {sheet} has no column “{heading}”")
            }
            (Problem::Register(RegisterProblem::BadCell(p)), _) => p.text(lang),
            (Problem::NotXlsx(found), Lang::Zh) => {
                let what = match found {
                    Found::Xls => "Excel 97–2003 工作簿（.xls）",
                    Found::Ods => "OpenDocument 表格（.ods）",
                    Found::Text => "文本文件",
                    Found::Other => "其他格式的文件",
                };
                format!("这是{what}，不是 .xlsx 工作簿：请在 Excel 或 WPS 中另存为 .xlsx")
            }
            (Problem::NotXlsx(found), Lang::En) => {
                let what = match found {
                    Found::Xls => "an .xls (Excel 97–2003) workbook",
                    Found::Ods => "an .ods (OpenDocument) spreadsheet",
                    Found::Text => "a text file",
                    Found::Other => "a file of another kind",
                };
                format!("this is {what}, not an .xlsx: save it as .xlsx in Excel or WPS")
            }
            (Problem::OtherEncoding(enc), Lang::Zh) => format!(
                "文本编码是 {enc}，不是 UTF-8 或 GBK：请另存为 UTF-8 或 GBK 编码（Excel 的“CSV UTF-8”）"
            ),
            (Problem::OtherEncoding(enc), Lang::En) => format!(
                "the text is in {enc}, not UTF-8 or GBK: save it as UTF-8 or as GBK (Excel's “CSV UTF-8”)"
            ),
            (Problem::Register(RegisterProblem::ZipBomb { entry, ratio, limit }), Lang::Zh) => format!(
                "工作簿中的 {entry} 解压后是压缩大小的 {ratio} 倍（最多 {limit} 倍），疑为压缩炸弹，未读取"
            ),
            (Problem::Register(RegisterProblem::ZipBomb { entry, ratio, limit }), Lang::En) => format!(
                "{entry} in the workbook unpacks to {ratio} times its packed size (at most {limit}): refused as a zip bomb"
            ),
            (Problem::Register(RegisterProblem::ZipTooLarge { limit }), Lang::Zh) => format!(
                "工作簿解压后超过 {} MiB，未读取",
                limit / (1024 * 1024)
            ),
            (Problem::Register(RegisterProblem::ZipTooLarge { limit }), Lang::En) => format!(
                "the workbook unpacks to more than {} MiB: not read",
                limit / (1024 * 1024)
            ),
            (Problem::Register(RegisterProblem::ZipTooManyEntries { limit }), Lang::Zh) => {
                format!("工作簿内的文件超过 {limit} 个，不是登记表，未读取")
            }
            (Problem::Register(RegisterProblem::ZipTooManyEntries { limit }), Lang::En) => {
                format!("the workbook holds more than {limit} parts: not a register, not read")
            }
            (Problem::Register(RegisterProblem::TooManySharedStrings { count, limit }), Lang::Zh) => {
                format!("工作簿有 {count} 个共享字符串，最多读取 {limit} 个，未读取")
            }
            (Problem::Register(RegisterProblem::TooManySharedStrings { count, limit }), Lang::En) => {
                format!("the workbook has {count} shared strings; at most {limit} are read")
            }
            (Problem::Register(RegisterProblem::BeyondLastRow(at)), Lang::Zh) => format!(
                "{} 超出 Excel 的最后一行（第{}行）",
                at.a1(),
                delegation_files::register::MAX_ROWS
            ),
            (Problem::Register(RegisterProblem::BeyondLastRow(at)), Lang::En) => format!(
                "{} is past Excel's last row ({})",
                at.a1(),
                delegation_files::register::MAX_ROWS
            ),
            (Problem::Register(RegisterProblem::BeyondLastColumn(at)), Lang::Zh) => format!(
                "{} 超出 Excel 的最后一列（XFD，第{}列）",
                at.a1(),
                delegation_files::register::MAX_COLUMNS
            ),
            (Problem::Register(RegisterProblem::BeyondLastColumn(at)), Lang::En) => format!(
                "{} is past Excel's last column (XFD, the {}th)",
                at.a1(),
                delegation_files::register::MAX_COLUMNS
            ),
            (Problem::Register(RegisterProblem::DimensionBeyond(at)), Lang::Zh) => format!(
                "工作表声明其范围到 {}，超出 Excel 的最后一行（第{}行）或最后一列（XFD），Excel 不会写出这样的文件，未读取",
                at.a1(),
                delegation_files::register::MAX_ROWS
            ),
            (Problem::Register(RegisterProblem::DimensionBeyond(at)), Lang::En) => format!(
                "the sheet says it reaches {}, past Excel's last row ({}) or column (XFD); Excel never writes that, so it is not read",
                at.a1(),
                delegation_files::register::MAX_ROWS
            ),
            (Problem::Register(RegisterProblem::CellTooLong { at, chars, limit }), Lang::Zh) => {
                format!("{} 有 {chars} 个字符，单元格最多 {limit} 个", at.a1())
            }
            (Problem::Register(RegisterProblem::CellTooLong { at, chars, limit }), Lang::En) => format!(
                "{} holds {chars} characters; a cell holds at most {limit}",
                at.a1()
            ),
            (Problem::Register(RegisterProblem::RowTooLong { sheet, row, limit }), Lang::Zh) => {
                format!("工作表 {sheet} 第{row}行超过 {limit} 个字符")
            }
            (Problem::Register(RegisterProblem::RowTooLong { sheet, row, limit }), Lang::En) => {
                format!("row {row} of sheet {sheet} holds more than {limit} characters")
            }
            (Problem::Register(RegisterProblem::RowOutOfOrder(at)), Lang::Zh) => {
                format!("{} 所在的行排在后面的行之后（文件已损坏？请在 Excel 或 WPS 中打开后另存）", at.a1())
            }
            (Problem::Register(RegisterProblem::RowOutOfOrder(at)), Lang::En) => format!(
                "{}: its row comes after a later row (a damaged file? open and save it in Excel or WPS)",
                at.a1()
            ),
            (Problem::Register(RegisterProblem::NulByte), Lang::Zh) => "此行有空字符（NUL），不是表格文本".to_string(),
            (Problem::Register(RegisterProblem::NulByte), Lang::En) => {
                "a NUL byte on this line: not spreadsheet text".to_string()
            }
            (Problem::Register(RegisterProblem::UnclosedQuote), Lang::Zh) => {
                "此行开始的引号（\"）直到文件末尾都没有闭合".to_string()
            }
            (Problem::Register(RegisterProblem::UnclosedQuote), Lang::En) => {
                "a quote (\") opened on this line is never closed".to_string()
            }
            (Problem::Register(RegisterProblem::DuplicateHandoverColumn { at, heading }), Lang::Zh) => {
                format!("{} 又是一列“{heading}”，只能有一列", at.a1())
            }
            (Problem::Register(RegisterProblem::DuplicateHandoverColumn { at, heading }), Lang::En) => {
                format!("{} is a second “{heading}” column; there can be only one", at.a1())
            }
            (Problem::Register(RegisterProblem::HandoverItemTwice { at, item }), Lang::Zh) => {
                format!("{} 第{item}项的交接日期填了两次", at.a1())
            }
            (Problem::Register(RegisterProblem::HandoverItemTwice { at, item }), Lang::En) => {
                format!("{} gives item {item}'s handover date a second time", at.a1())
            }
        };
        match (self.line > 0, lang) {
            (true, Lang::Zh) => {
                format!("{} 第{}行第{}列：{what}", self.file, self.line, self.column)
            }
            (true, Lang::En) => format!("{}:{}:{}: {what}", self.file, self.line, self.column),
            (false, Lang::Zh) => format!("{}：{what}", self.file),
            (false, Lang::En) => format!("{}: {what}", self.file),
        }
    }
}

impl Text for ReadOnly {
    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (ReadOnly::Locked, Lang::Zh) => {
                "本程序的另一个窗口或一条正在运行的命令在使用交接记录，此处只读".to_string()
            }
            (ReadOnly::Locked, Lang::En) => {
                "another instance has the records open: read-only".to_string()
            }
            (ReadOnly::Unusable(e), Lang::Zh) => {
                format!("交接记录文件无法使用，不会覆盖它：{}", e.text(lang))
            }
            (ReadOnly::Unusable(e), Lang::En) => format!(
                "the records file is not usable, so it is not written over: {}",
                e.text(lang)
            ),
        }
    }
}

impl Text for PathError {
    fn text(&self, lang: Lang) -> String {
        let path = self.path.display();
        if let Some(why) = &self.refusal {
            return format!("{path}{}{}", lang.colon(), why.text(lang));
        }
        let doing = match (self.op, lang) {
            (PathOp::Open, Lang::Zh) => "无法打开",
            (PathOp::Open, Lang::En) => "cannot open",
            (PathOp::Read, Lang::Zh) => "无法读取",
            (PathOp::Read, Lang::En) => "cannot read",
            (PathOp::Write, Lang::Zh) => "无法写入",
            (PathOp::Write, Lang::En) => "cannot write",
            (PathOp::Move, Lang::Zh) => "无法移动",
            (PathOp::Move, Lang::En) => "cannot move",
            (PathOp::Refused, Lang::Zh) => "拒绝写入",
            (PathOp::Refused, Lang::En) => "refused to write",
        };
        match lang {
            Lang::Zh => format!("{doing} {path}：{}（{}）", os_reason_zh(self.kind), self.os),
            Lang::En => format!("{doing} {path}: {}", self.os),
        }
    }
}

impl Text for StoreError {
    fn text(&self, lang: Lang) -> String {
        match self {
            StoreError::Path(e) => e.text(lang),
            StoreError::File(e) => e.text(lang),
            StoreError::ReadOnly { path, why } => {
                format!("{}{}{}", path.display(), lang.colon(), why.text(lang))
            }
            StoreError::RecordsInUse { path } => {
                let why = match lang {
                    Lang::Zh => {
                        "另一个正在运行的本程序（一个窗口，或一条仍在运行的命令）占用着交接记录（records.lock），它不会看到新导入的年份；请在那个窗口中导入，或关闭它（等命令结束）后再试。未导入"
                    }
                    Lang::En => {
                        "another running instance of the program holds the records (records.lock) and would not see the new year: import it in that window, or close it and try again. Nothing imported"
                    }
                };
                format!("{}{}{why}", path.display(), lang.colon())
            }
            StoreError::HolidaysInUse { path, waited_ms } => {
                let waited = *waited_ms as f64 / 1000.0;
                match lang {
                    Lang::Zh => format!(
                        "{}：另一个进程占用着节假日导入锁，已等待{waited}秒（一次导入只需不到一秒）；请确认没有其他导入仍在运行后再试。未导入",
                        path.display()
                    ),
                    Lang::En => format!(
                        "{}: another process holds the holiday-import lock; waited {waited} s (an import takes under a second). Check that no other import is still running, then try again. Nothing imported",
                        path.display()
                    ),
                }
            }
            StoreError::NoticesInUse { path, waited_ms } => {
                let waited = *waited_ms as f64 / 1000.0;
                match lang {
                    Lang::Zh => format!(
                        "{}：另一个进程占用着通告导入锁，已等待{waited}秒（一次导入只需不到一秒）；请确认没有其他导入仍在运行后再试。未导入",
                        path.display()
                    ),
                    Lang::En => format!(
                        "{}: another process holds the notice-import lock; waited {waited} s (an import takes under a second). Check that no other import is still running, then try again. Nothing imported",
                        path.display()
                    ),
                }
            }
        }
    }
}

impl Text for Refusal {
    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Refusal::Exists, Lang::Zh) => "文件已存在，未覆盖".to_string(),
            (Refusal::Exists, Lang::En) => "a file is already there: not replaced".to_string(),
            (Refusal::Link, Lang::Zh) => "这是符号链接，不会写入或替换它".to_string(),
            (Refusal::Link, Lang::En) => {
                "this is a symbolic link: it is neither written through nor replaced".to_string()
            }
            (Refusal::NotRegular(node), Lang::Zh) => {
                format!("这是{}，不是普通文件，未写入", node_name(lang, *node))
            }
            (Refusal::NotRegular(node), Lang::En) => {
                format!(
                    "this is {}, not a regular file: not written",
                    node_name(lang, *node)
                )
            }
            (Refusal::Input(input), Lang::Zh) => format!(
                "这就是本命令读取的文件 {}，不会写入它（加 --force 也不会）",
                input.display()
            ),
            (Refusal::Input(input), Lang::En) => format!(
                "this is the file {} the command reads: it is never written over, not even with --force",
                input.display()
            ),
            (Refusal::TooManyColumns { columns, limit }, Lang::Zh) => format!(
                "要写入{columns}列，超过 Excel 和 WPS 工作表的上限{limit}列（最后一列为 XFD），未写入；请删去登记表中不用的列后再试"
            ),
            (Refusal::TooManyColumns { columns, limit }, Lang::En) => format!(
                "{columns} columns, past a sheet's {limit} in Excel and WPS (the last is XFD): not written; remove the register's unused columns and try again"
            ),
            (Refusal::Own(own), Lang::Zh) => format!(
                "这是本程序自己的文件 {}（交接记录、备份、锁、节假日或办件台账），不会写入它（加 --force 也不会）：请另选位置",
                own.display()
            ),
            (Refusal::Own(own), Lang::En) => format!(
                "this is the program's own file {} (its records, a backup, a lock, the holidays or the case register): it is never written, not even with --force; choose another place",
                own.display()
            ),
            (Refusal::NotAFolder(Some(node)), Lang::Zh) => {
                format!("这是{}，不是文件夹，未写入", node_name(lang, *node))
            }
            (Refusal::NotAFolder(Some(node)), Lang::En) => {
                format!(
                    "this is {}, not a folder: nothing written",
                    node_name(lang, *node)
                )
            }
            (Refusal::NotAFolder(None), Lang::Zh) => {
                "这是指向不存在位置的符号链接，不是文件夹，未写入".to_string()
            }
            (Refusal::NotAFolder(None), Lang::En) => {
                "this is a symbolic link that leads nowhere, not a folder: nothing written"
                    .to_string()
            }
        }
    }
}

/// What a path that is not a regular file is, as a noun.
fn node_name(lang: Lang, node: NodeKind) -> &'static str {
    match (node, lang) {
        (NodeKind::File, Lang::Zh) => "普通文件",
        (NodeKind::File, Lang::En) => "a regular file",
        (NodeKind::Directory, Lang::Zh) => "文件夹",
        (NodeKind::Directory, Lang::En) => "a folder",
        (NodeKind::Fifo, Lang::Zh) => "命名管道（FIFO）",
        (NodeKind::Fifo, Lang::En) => "a named pipe (FIFO)",
        (NodeKind::Device, Lang::Zh) => "设备",
        (NodeKind::Device, Lang::En) => "a device",
        (NodeKind::Socket, Lang::Zh) => "套接字",
        (NodeKind::Socket, Lang::En) => "a socket",
        (NodeKind::Other, Lang::Zh) => "特殊文件",
        (NodeKind::Other, Lang::En) => "a special file",
    }
}

/// The OS's kind of error in Chinese (its own words follow in brackets, for a technician).
pub fn os_reason_zh(kind: Option<std::io::ErrorKind>) -> &'static str {
    use std::io::ErrorKind as K;
    match kind {
        Some(K::PermissionDenied) => "没有权限",
        Some(K::NotFound) => "文件或文件夹不存在",
        Some(K::StorageFull) => "磁盘已满",
        Some(K::ReadOnlyFilesystem) => "文件系统只读",
        Some(K::AlreadyExists) => "文件已存在",
        Some(K::IsADirectory) => "这是文件夹",
        Some(K::InvalidData) => "内容无法读取",
        _ => "操作系统报错",
    }
}

fn not_regular(lang: Lang, node: NodeKind) -> String {
    let what = node_name(lang, node);
    match lang {
        Lang::Zh => format!("这是{what}，不是普通文件，未读取"),
        Lang::En => format!("this is {what}, not a regular file: not read"),
    }
}

/// A statutory festival's name.
pub fn festival(lang: Lang, f: Festival) -> &'static str {
    match (f, lang) {
        (_, Lang::Zh) => f.notice_name(),
        (Festival::NewYear, Lang::En) => "New Year's Day (元旦)",
        (Festival::SpringFestival, Lang::En) => "the Spring Festival (春节)",
        (Festival::QingMing, Lang::En) => "Qingming (清明节)",
        (Festival::LabourDay, Lang::En) => "Labour Day (劳动节)",
        (Festival::DragonBoat, Lang::En) => "the Dragon Boat Festival (端午节)",
        (Festival::MidAutumn, Lang::En) => "the Mid-Autumn Festival (中秋节)",
        (Festival::NationalDay, Lang::En) => "National Day (国庆节)",
    }
}

impl Text for DateOutOfRange {
    fn text(&self, lang: Lang) -> String {
        let (start, n) = (self.start.format("%Y-%m-%d"), self.n);
        match lang {
            Lang::Zh => format!("从{start}起算{n}个工作日，结果超出了可表示的日期范围"),
            Lang::En => format!(
                "{n} working days from {start} fall outside the dates this program can represent"
            ),
        }
    }
}

impl Text for Error {
    fn text(&self, lang: Lang) -> String {
        match self {
            Error::File(e) => e.text(lang),
            Error::Path(e) => e.text(lang),
            Error::Store(e) => e.text(lang),
            Error::Shared(e) => e.text(lang),
            Error::SharedUnread(server) => match lang {
                Lang::Zh => format!(
                    "尚未从数据库服务器 {server} 读取交接记录：在读取之前不保存任何修改（交接记录以服务器为准）"
                ),
                Lang::En => format!(
                    "the handover records have not been read from the database server {server}: nothing is saved until they are (the records are the server's)"
                ),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use delegation_law::applications::ApplicationsFile;
    use delegation_law::records::Records;

    fn records_error(text: &str, file: &str) -> FileError {
        FileError::data(file, FileKind::Records, Records::parse(text).unwrap_err())
    }

    #[test]
    fn the_workbook_readers_and_parsers_english_is_said_in_chinese() {
        for d in [
            "Cell string index not found",
            "Expecting alphanumeric character, got 21",
            "Expected boolean",
            "something no one has seen",
        ] {
            // (true and false are the file's own words, as it must write them.)
            let zh = not_kind_zh(d).replace("true", "").replace("false", "");
            assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{d}: {zh}");
        }
        assert!(!parser_zh("Some future message").contains("future"));
    }

    #[test]
    fn a_wrong_records_file_is_explained_in_chinese_without_the_parsers_english() {
        let e = records_error("(applications: [])", "apps.ron");
        let zh = e.text(Lang::Zh);
        assert!(
            zh.starts_with("apps.ron 第1行第") && zh.contains("：不是交接记录文件（"),
            "{zh}"
        );
        let Problem::Data(DataProblem::WrongKind(detail)) = &e.problem else {
            panic!("{e}")
        };
        // The parser's English is in the English message only (issue 30, finding 9).
        assert!(!detail.is_empty() && !zh.contains(detail.as_str()), "{zh}");
        assert!(zh.ends_with("（不认识的项“applications”）"), "{zh}");
        let en = e.text(Lang::En);
        assert!(en.contains(detail.as_str()), "{en}");
        assert!(
            en.starts_with("apps.ron:1:") && en.contains(": not a records file ("),
            "{en}"
        );
        let e = records_error("  \n", "empty.ron");
        assert_eq!(e.text(Lang::Zh), "empty.ron：文件是空的");
        assert_eq!(
            e.text(Lang::En),
            "empty.ron: the file is empty: it is not a records file"
        );
        let e = FileError::data(
            "empty.ron",
            FileKind::Applications,
            ApplicationsFile::parse("  \n").unwrap_err(),
        );
        assert_eq!(e.text(Lang::En), "empty.ron: the file is empty");
    }

    #[test]
    fn an_unreadable_file_names_its_path_and_says_why_in_chinese() {
        let e = delegation_files::applications::load(std::path::Path::new("/nonexistent/apps.ron"))
            .unwrap_err();
        let zh = e.text(Lang::Zh);
        assert!(
            zh.starts_with("/nonexistent/apps.ron：无法读取：文件或文件夹不存在（"),
            "{zh}"
        );
        let e = delegation_files::applications::load(std::path::Path::new("/")).unwrap_err();
        assert_eq!(e.text(Lang::Zh), "/：这是文件夹，不是普通文件，未读取");
        assert_eq!(
            e.text(Lang::En),
            "/: this is a folder, not a regular file: not read"
        );
    }

    #[test]
    fn an_os_error_names_the_path_and_says_the_reason_in_chinese() {
        let e = PathError::io(
            std::path::Path::new("/x/records.ron"),
            PathOp::Write,
            &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        let zh = e.text(Lang::Zh);
        assert!(
            zh.starts_with("无法写入 /x/records.ron：没有权限（"),
            "{zh}"
        );
        assert!(
            e.text(Lang::En)
                .starts_with("cannot write /x/records.ron: ")
        );
    }
}
