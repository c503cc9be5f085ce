//! The words of every export: the handover report's headings and cells, the table of routed
//! applications, the deadlines calendar's events, and the reminders.

use chrono::NaiveDate;
use delegation_files::register::{BadRow, Column, HANDOVER_SHEET, TemplateText};
use delegation_files::table::{IcsEvent, Table};
use delegation_law::catalogue::Catalogue;
use delegation_law::deadlines::KeyDates;
use delegation_law::facts::{Application, Facts};
use delegation_law::notices::Notices;
use delegation_law::reminders::{Reminder, VALIDITY_WARNING_DAYS};
use delegation_law::report::{BatchColumn, DeadlineEvent, DecisionColumn, ReportColumn, ReportRow};
use delegation_law::router::{Decision, Outcome};

use crate::legal::DecisionText;
use crate::{Label, Lang, Text};

/// An optional date: empty when there is none.
fn ymd(d: Option<NaiveDate>) -> String {
    d.map(crate::dates::ymd).unwrap_or_default()
}

impl Label for ReportColumn {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            ReportColumn::No => lang.pick("序号", "No."),
            ReportColumn::Name => lang.pick("事项名称", "Item"),
            ReportColumn::Mode => lang.pick("调整方式", "Mode"),
            ReportColumn::CityUnit => lang.pick("市级实施单位", "Municipal implementing unit"),
            ReportColumn::State => lang.pick("交接状态", "Handover state"),
            ReportColumn::HandoverDate => lang.pick("交接日期", "Handover date"),
            ReportColumn::Deadline => lang.pick("法定交接期限", "Statutory deadline"),
            ReportColumn::Standing => lang.pick("期限情况", "Against the deadline"),
            ReportColumn::AnnouncementDate => lang.pick("公告日期", "Announced on"),
            ReportColumn::AnnouncementPlace => lang.pick("公告地点", "Announced in"),
            ReportColumn::Elements => lang.pick("委托五要素完成", "Entrustment elements done"),
            ReportColumn::Notes => lang.pick("备注说明", "Notes"),
        }
    }
}

impl Label for BatchColumn {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            BatchColumn::Id => lang.pick("办件编号", "Id"),
            BatchColumn::Item => lang.pick("事项", "Item"),
            BatchColumn::Received => lang.pick("收件日期", "Received"),
            BatchColumn::Outcome => lang.pick("结论", "Outcome"),
            BatchColumn::ApprovingBody => lang.pick("审批机关", "Approving body"),
            BatchColumn::InNameOf => lang.pick("以谁的名义", "In the name of"),
            BatchColumn::Clause => lang.pick("依据条款", "Clause"),
            BatchColumn::Finding => lang.pick("判断", "Finding"),
        }
    }
}

/// The handover report as a table in `lang`.
pub fn handover_table(lang: Lang, rows: &[ReportRow]) -> Table {
    let header = ReportColumn::ALL
        .map(|c| c.label(lang).to_string())
        .to_vec();
    let rows = rows
        .iter()
        .map(|r| {
            ReportColumn::ALL
                .map(|c| match c {
                    ReportColumn::No => r.no.to_string(),
                    ReportColumn::Name => r.name.clone(),
                    ReportColumn::Mode => r.mode.label(lang).to_string(),
                    ReportColumn::CityUnit => r.city_unit.clone(),
                    ReportColumn::State => r.state.label(lang).to_string(),
                    ReportColumn::HandoverDate => ymd(r.handover_date),
                    ReportColumn::Deadline => ymd(Some(r.deadline)),
                    ReportColumn::Standing => r.standing.label(lang).to_string(),
                    ReportColumn::AnnouncementDate => ymd(r.announcement_date),
                    ReportColumn::AnnouncementPlace => r.announcement_place.clone(),
                    // The count, then which elements are still missing, by name.
                    ReportColumn::Elements => r.elements.map_or("—".to_string(), |(done, of)| {
                        let missing: Vec<&str> = r
                            .element_checks
                            .iter()
                            .filter(|e| !e.done)
                            .map(|e| e.element.label(lang))
                            .collect();
                        if missing.is_empty() {
                            format!("{done}/{of}")
                        } else {
                            format!(
                                "{done}/{of}{}{}",
                                lang.pick("；缺：", "; missing: "),
                                missing.join(lang.list_sep())
                            )
                        }
                    }),
                    // The item's notes, then each element's note under its name.
                    ReportColumn::Notes => std::iter::once(r.notes.clone())
                        .chain(
                            r.element_checks
                                .iter()
                                .filter(|e| !e.note.trim().is_empty())
                                .map(|e| {
                                    format!("{}{}{}", e.element.label(lang), lang.colon(), e.note)
                                }),
                        )
                        .filter(|s| !s.trim().is_empty())
                        .collect::<Vec<_>>()
                        .join("\n"),
                })
                .to_vec()
        })
        .collect();
    Table { header, rows }
}

/// The sheet name of the handover report.
pub fn handover_sheet(lang: Lang) -> &'static str {
    lang.pick("交接情况", "Handover")
}

impl Label for DecisionColumn {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            DecisionColumn::Outcome => lang.pick("分派结论", "Outcome"),
            DecisionColumn::Code => lang.pick("结论代码", "Outcome code"),
            DecisionColumn::ApprovingBody => lang.pick("审批机关", "Approving body"),
            DecisionColumn::InNameOf => lang.pick("以谁的名义", "In the name of"),
            DecisionColumn::Answerable => {
                lang.pick("复议诉讼由谁答复", "Answers in review and litigation")
            }
            DecisionColumn::Clause => lang.pick("依据条款", "Deciding clause"),
            DecisionColumn::Finding => lang.pick("判断", "Finding"),
            DecisionColumn::Warnings => lang.pick("提示", "Warnings"),
        }
    }
}

/// The sheet name of a decision table.
pub fn decisions_sheet(lang: Lang) -> &'static str {
    lang.pick("分派结果", "Decisions")
}

/// A decision table's header: the register's headings (`header`), then the decision's.
pub fn decision_header(lang: Lang, header: &[String]) -> Vec<String> {
    let mut out = header.to_vec();
    out.extend(DecisionColumn::ALL.map(|c| c.label(lang).to_string()));
    out
}

/// A decision table's row: the register's cells (padded to `width`), then the decision's.
pub fn decision_row(
    lang: Lang,
    cells: &[String],
    width: usize,
    routed: Result<&Decision, &BadRow>,
) -> Vec<String> {
    let mut cells = cells.to_vec();
    cells.resize(width.max(cells.len()), String::new());
    cells.extend(DecisionColumn::ALL.map(|c| {
        match (c, routed) {
            (DecisionColumn::Outcome, Ok(d)) => d.outcome.label(lang).to_string(),
            (DecisionColumn::Outcome, Err(_)) => Outcome::Invalid.label(lang).to_string(),
            (DecisionColumn::Code, Ok(d)) => d.outcome.code().to_string(),
            (DecisionColumn::Code, Err(_)) => Outcome::Invalid.code().to_string(),
            (DecisionColumn::ApprovingBody, Ok(d)) => {
                d.approving_body.as_deref().unwrap_or("").to_string()
            }
            (DecisionColumn::InNameOf, Ok(d)) => d.in_name_of.as_deref().unwrap_or("").to_string(),
            (DecisionColumn::Answerable, Ok(d)) => {
                d.answerable.as_deref().unwrap_or("").to_string()
            }
            (DecisionColumn::Clause, Ok(d)) => d.deciding_clause().to_string(),
            (DecisionColumn::Finding, Ok(d)) => d.finding(lang),
            (DecisionColumn::Finding, Err(bad)) => bad.text(lang),
            (DecisionColumn::Warnings, Ok(d)) => d
                .warnings
                .iter()
                .map(|w| w.text(lang))
                .collect::<Vec<_>>()
                .join(lang.semicolon()),
            (_, Err(_)) => String::new(),
        }
    }));
    cells
}

/// The deadlines calendar: its name and its events, in Chinese (the words a coordinator's
/// calendar shows next to the notice's number).
pub fn deadline_calendar(cat: &Catalogue, key: &KeyDates) -> (String, Vec<IcsEvent>) {
    let n = &cat.notice;
    let events = DeadlineEvent::ALL
        .map(|e| {
            let (summary, description) = match e {
                DeadlineEvent::HandoverDeadline => (
                    format!("{} 交接期限", n.number),
                    format!(
                        "自印发之日起{}个工作日内完成交接工作（{}）。",
                        n.handover_working_days,
                        cat.passage_clause(n.clauses.handover)
                    ),
                ),
                DeadlineEvent::ValidityLastDay => (
                    format!("{} 有效期最后一日", n.number),
                    format!("本通告自印发之日起施行，有效期{}年。", n.validity_years),
                ),
                DeadlineEvent::ValidityReminder => (
                    format!("提醒：{} 有效期还有{VALIDITY_WARNING_DAYS}天届满", n.number),
                    format!(
                        "有效期最后一日：{}",
                        key.validity_last_day.format("%Y-%m-%d")
                    ),
                ),
            };
            IcsEvent {
                uid: e.uid(),
                day: e.day(key),
                summary,
                description,
            }
        })
        .to_vec();
    (format!("{} 期限", n.number), events)
}

/// A reminder in words; it names the item from the catalogue.
pub fn reminder(lang: Lang, cat: &Catalogue, r: &Reminder) -> String {
    let name = |no: u8| cat.item(no).map_or(String::new(), |i| i.name.clone());
    match (r, lang) {
        (Reminder::HandoverOverdue { item, deadline }, Lang::Zh) => format!(
            "第{item}项“{}”已过交接期限{}，尚未登记交接",
            name(*item),
            deadline.format("%Y-%m-%d")
        ),
        (Reminder::HandoverOverdue { item, deadline }, Lang::En) => format!(
            "item {item} “{}”: past the handover deadline {} with no handover recorded",
            name(*item),
            deadline.format("%Y-%m-%d")
        ),
        (
            Reminder::ValidityEnding {
                last_day,
                days_left,
            },
            Lang::Zh,
        ) => format!(
            "通告有效期将于{}届满，还有{days_left}天",
            last_day.format("%Y-%m-%d")
        ),
        (
            Reminder::ValidityEnding {
                last_day,
                days_left,
            },
            Lang::En,
        ) => format!(
            "the notice's validity ends on {} ({days_left} days left)",
            last_day.format("%Y-%m-%d")
        ),
        (Reminder::ValidityEnded { last_day }, Lang::Zh) => {
            format!("通告有效期已于{}届满", last_day.format("%Y-%m-%d"))
        }
        (Reminder::ValidityEnded { last_day }, Lang::En) => {
            format!(
                "the notice's validity ended on {}",
                last_day.format("%Y-%m-%d")
            )
        }
    }
}

/// What the register template says about its columns.
pub fn template_text(lang: Lang) -> TemplateText {
    let help = Column::ALL
        .map(|c| {
            let choices = c.choices().join(lang.list_sep());
            let (zh, en) = match c {
                Column::Id => (
                    "本单位的办件编号，每件一个，不可重复使用。".to_string(),
                    "your own number for the application; one each.".to_string(),
                ),
                Column::Item => (
                    "穗府规〔2024〕3号附件所列事项的序号，1至12。第1—5、11项只填前四栏；第6—9项填项目类型等三栏；第10项填水源类型等四栏；第12项填树木所在地点等四栏。".to_string(),
                    "the item's number (1–12) in the notice's table. Items 1–5 and 11: the first four columns only; 6–9: the three grid columns; 10: the four water columns; 12: the four tree columns.".to_string(),
                ),
                Column::Received => (
                    "收件日期。可填日期，或写作2024-07-01、2024/7/1、2024.7.1、2024年7月1日。".to_string(),
                    "the date received: a date cell, or 2024-07-01, 2024/7/1, 2024.7.1, 2024年7月1日.".to_string(),
                ),
                Column::Kv => (
                    "项目类型为电网工程时填写，单位千伏，整数。".to_string(),
                    "for a power grid project only: kV, a whole number.".to_string(),
                ),
                Column::CrossDistrict => (
                    format!("项目类型为电网工程时填写：{choices}。"),
                    format!("for a power grid project only: {choices} (yes/no)."),
                ),
                Column::M3PerDay => (
                    "第10项填写，单位立方米/日，整数，可带千位分隔符（如50,000）。".to_string(),
                    "item 10: m³ a day, a whole number; thousands separators allowed (50,000).".to_string(),
                ),
                Column::Count => (
                    "第12项填写，树木株数，整数。".to_string(),
                    "item 12: the number of trees, a whole number.".to_string(),
                ),
                Column::MaxDbhCm => (
                    "第12项填写，最大胸径，单位厘米，可有小数。".to_string(),
                    "item 12: the largest trunk diameter in cm; decimals allowed.".to_string(),
                ),
                Column::InZone | Column::Agricultural => (
                    format!("{choices}（也可写 yes/no、Y/N、1/0）。"),
                    format!("{choices} (or yes/no, Y/N, 1/0)."),
                ),
                Column::Project | Column::Source | Column::Request | Column::Site | Column::Heritage => {
                    let which = match c {
                        Column::Project => "第6—9项",
                        Column::Source | Column::Request => "第10项",
                        _ => "第12项",
                    };
                    let which_en = match c {
                        Column::Project => "items 6–9",
                        Column::Source | Column::Request => "item 10",
                        _ => "item 12",
                    };
                    (
                        format!("{which}填写，从下拉列表中选：{choices}。"),
                        format!("{which_en}: choose from the list: {choices}."),
                    )
                }
            };
            lang.pick(&zh, &en).to_string()
        })
        .to_vec();
    TemplateText {
        register_sheet: lang.pick("办件登记", "Register").to_string(),
        help_sheet: lang.pick("填写说明", "How to fill in").to_string(),
        help_header: [
            lang.pick("列", "Column").to_string(),
            lang.pick("填写说明", "What to write").to_string(),
        ],
        help,
        notes: vec![
            lang.pick(
                "表头一行，各列顺序可调整；本项不用的列留空；空行跳过。示例行 EX-1 至 EX-4 各代表一类事项，填写前请删除。",
                "One header row; columns in any order; leave the columns an item does not use empty; empty rows are skipped. Rows EX-1 to EX-4 are examples, one per kind of item: delete them.",
            )
            .to_string(),
            match lang {
                Lang::Zh => format!(
                    "工作表“{HANDOVER_SHEET}”可填写已登记的交接日期（事项序号、交接日期），优先于本机的交接记录。"
                ),
                Lang::En => format!(
                    "The sheet “{HANDOVER_SHEET}” may hold recorded handover dates (item, date); they take precedence over this computer's records."
                ),
            },
        ],
    }
}

/// What an application without a case number is called on its slip.
fn unnumbered(lang: Lang) -> &'static str {
    lang.pick("未编号", "unnumbered")
}

/// A slip's file name without `.pdf`, after its application: `分派决定单-ZC-010`
/// (`decision-slip-ZC-010` in English; `分派决定单-未编号` without a case number). The one
/// place slips are named, for the command line's `--slips` and the app's save dialog.
pub fn slip_file_stem(lang: Lang, id: &str) -> String {
    let id = if id.trim().is_empty() {
        unnumbered(lang)
    } else {
        id
    };
    format!(
        "{}-{}",
        lang.pick("分派决定单", "decision-slip"),
        delegation_files::pdf::safe_file_name(id)
    )
}

/// "第{page}页，共{pages}页", with the placeholders `pdf` fills in.
/// A slip's end: the day it was made, and lines for the clerk's signature and date.
pub(crate) fn signed_off(lang: Lang, made: NaiveDate) -> [delegation_files::pdf::Block; 3] {
    use delegation_files::pdf::Block;
    [
        Block::Space(12.0),
        Block::Field {
            label: lang.pick("制作日期", "Made on").to_string(),
            value: made.format("%Y-%m-%d").to_string(),
        },
        Block::Signatures(vec![
            lang.pick("经办人签名：", "Handling clerk:").to_string(),
            lang.pick("日期：", "Date:").to_string(),
        ]),
    ]
}

pub(crate) fn page_footer(lang: Lang, notice: &str, made: NaiveDate) -> String {
    let made = made.format("%Y-%m-%d");
    match lang {
        Lang::Zh => format!("{notice}　制作日期 {made}　第{{page}}页，共{{pages}}页"),
        Lang::En => format!("{notice}   made {made}   page {{page}} of {{pages}}"),
    }
}

/// A register's choice cell (是, 其他, 地表水…) in `lang`; any other value as it is.
/// A choice of the application's facts as the router screen names it, for the columns the
/// screen offers as a menu; `None` for the others.
fn screen_choice(lang: Lang, col: Column, facts: &Facts) -> Option<String> {
    use delegation_law::decision::ProjectKind;
    let label = match (col, facts) {
        (Column::Project, Facts::Grid { project }) => ProjectKind::of(project).label(lang),
        (Column::Source, Facts::WaterIntake { source, .. }) => source.label(lang),
        (Column::Request, Facts::WaterIntake { request, .. }) => request.label(lang),
        (Column::Site, Facts::Trees { site, .. }) => site.label(lang),
        (Column::Heritage, Facts::Trees { heritage, .. }) => heritage.label(lang),
        _ => return None,
    };
    Some(label.to_string())
}

fn choice_in(lang: Lang, col: Column, value: String) -> String {
    let english: &[&str] = match col {
        Column::Project => &[
            "power grid project",
            "gas distributed energy station",
            "other",
        ],
        Column::Source => &["surface water", "groundwater"],
        Column::Request => &["new", "change", "renewal"],
        Column::Site => &[
            "city-managed green space",
            "feature tree-lined boulevard",
            "historic garden",
            "other",
        ],
        Column::Heritage => &["ordinary", "ancient or famous tree", "successor resource"],
        Column::InZone | Column::CrossDistrict | Column::Agricultural => &["yes", "no"],
        Column::Id
        | Column::Item
        | Column::Received
        | Column::Kv
        | Column::M3PerDay
        | Column::Count
        | Column::MaxDbhCm => &[],
    };
    match (lang, col.choices().iter().position(|c| *c == value)) {
        (Lang::En, Some(i)) if i < english.len() => english[i].to_string(),
        _ => value,
    }
}

/// An application's facts as (the column's name, its value in the screen's words), the
/// columns its facts do not use left out: the slip's "申请事实", and the batch screen's card.
pub fn application_facts(
    lang: Lang,
    cat: &Catalogue,
    app: &Application,
) -> Vec<(&'static str, String)> {
    let cells = delegation_files::register::cells_of(app);
    Column::ALL
        .iter()
        .zip(cells)
        .filter(|(col, value)| !value.is_empty() || **col == Column::Id)
        .map(|(col, value)| {
            let value = match col {
                Column::Id if value.trim().is_empty() => unnumbered(lang).to_string(),
                Column::Item => match cat.item(app.item) {
                    Some(item) => match lang {
                        Lang::Zh => format!("第{}项　{}", item.no, item.name),
                        Lang::En => format!("item {}: {}", item.no, item.name),
                    },
                    None => value,
                },
                // A choice in the screen's words (issue 29, finding 15: the slip said 其他 and
                // 普通 where the screen said 其他地点（其他树木） and 一般树木).
                _ => screen_choice(lang, *col, &app.facts)
                    .unwrap_or_else(|| choice_in(lang, *col, value)),
            };
            (col.label(lang), value)
        })
        .collect()
}

/// The decision slip of one routed application: the notice's number, the application's facts,
/// the outcome, approving body, in whose name, who answers, every step of the trace with its
/// clause and quoted words, the warnings, the date made, and lines for the clerk's signature.
pub fn slip(
    lang: Lang,
    notices: &Notices,
    app: &Application,
    d: &Decision,
    made: NaiveDate,
) -> delegation_files::pdf::Doc {
    use delegation_files::pdf::{Block, Doc, Orientation};
    // The notice the decision applied (with the built-in notice alone, that one).
    let cat = notices.governing(&d.notice);
    let notice = cat.notice.number.as_str();
    let field = |label: &str, value: String| Block::Field {
        label: label.to_string(),
        value,
    };
    let none = || lang.pick("—", "—").to_string();
    let mut blocks = vec![
        Block::Title(
            lang.pick("办件分派决定单", "Routing decision slip")
                .to_string(),
        ),
        Block::Text(match lang {
            Lang::Zh => format!("依据：{notice}（{}）", cat.notice.title),
            Lang::En => format!("Under notice {notice} ({})", cat.notice.title),
        }),
        Block::Heading(lang.pick("申请事实", "The application").to_string()),
    ];
    for (label, value) in application_facts(lang, notices.with_row(&d.notice, app.item), app) {
        blocks.push(field(label, value));
    }
    blocks.push(Block::Heading(
        lang.pick("分派结论", "Decision").to_string(),
    ));
    blocks.extend([
        field(
            DecisionColumn::Outcome.label(lang),
            // The outcome in words; its code is for the command line only.
            d.outcome.label(lang).to_string(),
        ),
        field(
            DecisionColumn::ApprovingBody.label(lang),
            d.approving_body
                .as_deref()
                .map_or_else(none, str::to_string),
        ),
        field(
            lang.pick("调整方式", "Mode"),
            d.mode.map_or_else(none, |m| m.label(lang).to_string()),
        ),
        field(
            DecisionColumn::InNameOf.label(lang),
            d.in_name_of.as_deref().map_or_else(none, str::to_string),
        ),
        // The screen's words: 承担法律责任, as the decision card says it.
        field(
            crate::ui::L::Answerable.get(lang),
            d.answerable.as_deref().map_or_else(none, str::to_string),
        ),
        field(
            DecisionColumn::Clause.label(lang),
            d.deciding_clause().to_string(),
        ),
    ]);
    blocks.push(Block::Heading(
        lang.pick("判断过程", "How it was decided").to_string(),
    ));
    blocks.push(Block::Table {
        header: vec![
            lang.pick("步骤", "Step").to_string(),
            lang.pick("判断", "Finding").to_string(),
            lang.pick("依据条款", "Clause").to_string(),
            lang.pick("条文原文", "The clause's words").to_string(),
        ],
        rows: d
            .trace
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mark = if d.is_deciding(i) {
                    lang.pick("（决定性）", " (decisive)")
                } else {
                    ""
                };
                vec![
                    format!("{}{mark}", i + 1),
                    s.finding.text(lang),
                    s.citation.clause.to_string(),
                    format!("“{}”", s.citation.quote),
                ]
            })
            .collect(),
        widths: vec![1.5, 4.0, 2.4, 4.5],
    });
    if !d.warnings.is_empty() {
        blocks.push(Block::Heading(
            DecisionColumn::Warnings.label(lang).to_string(),
        ));
        for w in &d.warnings {
            blocks.push(Block::Text(format!("· {}", w.text(lang))));
        }
    }
    blocks.extend(crate::flips::slip_blocks(lang, d));
    blocks.extend(signed_off(lang, made));
    Doc {
        orientation: Orientation::Portrait,
        title: format!(
            "{} {}",
            lang.pick("办件分派决定单", "Routing decision slip"),
            if d.id.trim().is_empty() {
                unnumbered(lang)
            } else {
                &d.id
            }
        ),
        blocks,
        footer: page_footer(lang, notice, made),
    }
}

/// The handover report as an A4 landscape document: title, date made, the table, page numbers.
pub fn handover_doc(
    lang: Lang,
    cat: &Catalogue,
    rows: &[ReportRow],
    made: NaiveDate,
) -> delegation_files::pdf::Doc {
    use delegation_files::pdf::{Block, Doc, Orientation};
    let notice = cat.notice.number.as_str();
    let title = match lang {
        Lang::Zh => format!("{notice} 市级权限事项交接情况"),
        Lang::En => format!("{notice}: handover of the delegated items"),
    };
    let table = handover_table(lang, rows);
    Doc {
        orientation: Orientation::Landscape,
        title: title.clone(),
        blocks: vec![
            Block::Title(title),
            Block::Text(format!(
                "{}{}{}",
                lang.pick("制作日期", "Made on"),
                lang.colon(),
                made.format("%Y-%m-%d")
            )),
            Block::Space(6.0),
            Block::Table {
                widths: handover_widths(&table.rows),
                header: table.header,
                rows: table.rows,
            },
        ],
        footer: page_footer(lang, notice, made),
    }
}

/// The handover table's relative column widths: each column's own, widened for long text.
/// A column whose longest cell takes more than [`LONG_CELL_LINES`] lines at its own width
/// (a long 公告地点 or 备注说明) grows, up to four times, with how much more it holds, into
/// the room the long-name columns give up. Without it a 2,000-character note ran down a column of
/// eight characters, 62 pages of one row beside empty columns.
fn handover_widths(rows: &[Vec<String>]) -> Vec<f32> {
    const OWN: [f32; 12] = [0.7, 4.0, 1.3, 3.0, 1.3, 1.6, 1.6, 1.6, 1.6, 2.0, 1.3, 2.5];
    // About how many hanzi a line of a column of width 1 holds (A4 landscape, 9 points).
    const HANZI_PER_WIDTH: f32 = 3.9;
    let grown: Vec<f32> = OWN
        .iter()
        .enumerate()
        .map(|(c, &own)| {
            let longest = rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|cell| {
                    cell.chars()
                        .map(|ch| if ch.is_ascii() { 0.5 } else { 1.0 })
                        .sum::<f32>()
                })
                .fold(0.0, f32::max);
            let lines = longest / (own * HANZI_PER_WIDTH);
            own * (lines / LONG_CELL_LINES).clamp(1.0, 4.0)
        })
        .collect();
    // The room comes from the two columns of long names (事项名称, 市级实施单位), which
    // give up at most 40%: the dates and states keep theirs, so 2024-06-13 stays on a line.
    const GIVING: [usize; 2] = [1, 3];
    let room = 0.4 * GIVING.iter().map(|&c| OWN[c]).sum::<f32>();
    let extra: f32 = grown.iter().zip(OWN).map(|(g, o)| g - o).sum();
    let taken = extra.min(room);
    let keep = if extra > 0.0 { taken / extra } else { 0.0 };
    let give = taken / GIVING.iter().map(|&c| OWN[c]).sum::<f32>();
    OWN.iter()
        .zip(grown)
        .enumerate()
        .map(|(c, (&own, grown))| {
            if GIVING.contains(&c) && grown == own {
                own * (1.0 - give)
            } else {
                own + (grown - own) * keep
            }
        })
        .collect()
}

/// How many lines a cell of the handover report's PDF may take before its column grows.
const LONG_CELL_LINES: f32 = 6.0;

/// A character drawn as a box in a PDF for want of a font: which, and where.
pub fn missing_char(
    lang: Lang,
    file: &std::path::Path,
    m: &delegation_files::pdf::MissingChar,
) -> String {
    let code = delegation_files::pdf::fonts::code_of(m.ch);
    let file = file.display();
    let (ch, page, line) = (m.ch, m.page, m.line.trim());
    match lang {
        Lang::Zh => format!(
            "{file}：第{page}页“{line}”中的字符“{ch}”（{code}）没有字体可以显示，PDF中以方框标出其编码{code}"
        ),
        Lang::En => format!(
            "{file}: page {page}, in “{line}”: no font can draw the character “{ch}” ({code}); the PDF shows a box with its code"
        ),
    }
}

#[cfg(test)]
mod width_tests {
    use super::handover_widths;

    fn row(place: &str, notes: &str) -> Vec<String> {
        let mut r = vec![
            "1",
            "控制性详细规划审批",
            "委托行使",
            "市政府",
            "交接中",
            "",
        ];
        r.extend(["2024-06-13", "已逾期", "2024-06-01", place, "0/5", notes]);
        r.into_iter().map(String::from).collect()
    }

    #[test]
    fn long_notes_widen_their_columns_and_the_dates_keep_theirs() {
        let short = handover_widths(&[row("区政务网", "")]);
        assert_eq!(
            short,
            [0.7, 4.0, 1.3, 3.0, 1.3, 1.6, 1.6, 1.6, 1.6, 2.0, 1.3, 2.5]
        );
        let long = handover_widths(&[row(&"地点".repeat(1000), &"备注".repeat(1000))]);
        assert!(
            long[9] > short[9] * 1.5 && long[11] > short[11] * 1.5,
            "{long:?}"
        );
        for c in [0, 2, 4, 5, 6, 7, 8, 10] {
            assert_eq!(long[c], short[c], "column {c}");
        }
        // The room is the long-name columns': the page's total stays.
        let total = |w: &[f32]| w.iter().sum::<f32>();
        assert!((total(&long) - total(&short)).abs() < 1e-3);
        assert!(long[1] >= 0.6 * 4.0 - 1e-3 && long[3] >= 0.6 * 3.0 - 1e-3);
    }
}
