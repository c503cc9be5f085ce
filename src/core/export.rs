//! Exports: the handover report (.xlsx, .csv), the deadlines calendar (.ics), and the table of
//! a batch of routed applications (.csv).

use std::io;
use std::path::Path;

use chrono::NaiveDate;

use super::catalogue::Catalogue;
use super::deadlines::KeyDates;
use super::facts::Application;
use super::records::Records;
use super::reminders::VALIDITY_WARNING_DAYS;
use super::router::Decision;
use super::storage::write_atomic;
use crate::i18n::Lang;

/// A table: a header and rows of cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn ymd(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// One row per item: where its handover stands on `today`.
pub fn handover_report(
    cat: &Catalogue,
    key: &KeyDates,
    records: &Records,
    today: NaiveDate,
) -> Table {
    let header = [
        "序号",
        "事项名称",
        "调整方式",
        "市级实施单位",
        "交接状态",
        "交接日期",
        "法定交接期限",
        "期限情况",
        "公告日期",
        "公告地点",
        "委托五要素完成",
        "备注说明",
    ]
    .map(String::from)
    .to_vec();
    let recorded = records.handover_dates();
    let rows = cat
        .items
        .iter()
        .map(|item| {
            let rec = records.items.get(&item.no).cloned().unwrap_or_default();
            let status = key.handover_status(item.no, &recorded, today);
            let standing = if status.overdue {
                "逾期未交接"
            } else if status.late {
                "晚于期限交接"
            } else if status.recorded {
                "按期交接"
            } else {
                "未到期"
            };
            let elements = if rec.elements.is_empty() {
                "—".to_string()
            } else {
                format!("{}/{}", rec.elements_done(), rec.elements.len())
            };
            vec![
                item.no.to_string(),
                item.name.clone(),
                item.mode.label(Lang::Zh).to_string(),
                item.city_unit.clone(),
                rec.state.label(Lang::Zh).to_string(),
                ymd(rec.handover_date),
                ymd(Some(key.handover_deadline.value)),
                standing.to_string(),
                ymd(rec.announcement.date),
                rec.announcement.place.clone(),
                elements,
                rec.notes.clone(),
            ]
        })
        .collect();
    Table { header, rows }
}

/// One row per routed application.
pub fn batch_table(apps: &[Application], decisions: &[Decision], lang: Lang) -> Table {
    let header = match lang {
        Lang::Zh => [
            "办件编号",
            "事项",
            "收件日期",
            "结论",
            "审批机关",
            "以谁的名义",
            "依据条款",
            "判断",
        ],
        Lang::En => [
            "Id",
            "Item",
            "Received",
            "Outcome",
            "Approving body",
            "In the name of",
            "Clause",
            "Finding",
        ],
    }
    .map(String::from)
    .to_vec();
    let rows = apps
        .iter()
        .zip(decisions)
        .map(|(a, d)| {
            vec![
                d.id.clone(),
                a.item.to_string(),
                a.received.format("%Y-%m-%d").to_string(),
                d.outcome.code().to_string(),
                d.approving_body.as_deref().unwrap_or("").to_string(),
                d.in_name_of.as_deref().unwrap_or("").to_string(),
                d.deciding_clause().to_string(),
                d.deciding_step()
                    .map(|s| s.finding.text(lang))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    Table { header, rows }
}

/// CSV as Excel and WPS open it: UTF-8 with a BOM, CRLF, fields quoted where needed.
pub fn to_csv(table: &Table) -> String {
    fn field(s: &str) -> String {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    }
    let mut out = String::from("\u{feff}");
    for row in std::iter::once(&table.header).chain(&table.rows) {
        out.push_str(&row.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn write_csv(path: &Path, table: &Table) -> io::Result<()> {
    write_atomic(path, to_csv(table).as_bytes(), |_| Ok(()))
}

/// An .xlsx workbook with one sheet.
pub fn write_xlsx(path: &Path, sheet: &str, table: &Table) -> io::Result<()> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| io::Error::other(e.to_string());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).map_err(err)?;
    let bold = Format::new().set_bold();
    for (c, h) in table.header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)
            .map_err(err)?;
        let widest = std::iter::once(h)
            .chain(table.rows.iter().filter_map(|r| r.get(c)))
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(8);
        ws.set_column_width(c as u16, (widest as f64 * 1.8).clamp(6.0, 60.0))
            .map_err(err)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, cell).map_err(err)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    let bytes = wb.save_to_buffer().map_err(err)?;
    write_atomic(path, &bytes, |_| Ok(()))
}

/// Each .ics event alerts this many hours before its day begins: 09:00 the day before.
pub const ALARM_HOURS_BEFORE: u32 = 15;

/// The deadlines as an iCalendar file: the handover deadline, the validity last day, and a
/// reminder 180 days before it. All-day events, each with an alarm; UIDs are stable so a
/// re-import updates them.
pub fn to_ics(cat: &Catalogue, key: &KeyDates) -> String {
    let n = &cat.notice;
    let stamp = "20240429T000000Z";
    let event = |uid: &str, day: NaiveDate, summary: String, description: String| {
        let next = day.succ_opt().unwrap_or(day);
        [
            "BEGIN:VEVENT".to_string(),
            format!("UID:{uid}@delegation-tracker.zengcheng"),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
            format!("SUMMARY:{}", escape(&summary)),
            format!("DESCRIPTION:{}", escape(&description)),
            "TRANSP:TRANSPARENT".to_string(),
            // Calendar programs alert at 09:00 the day before: an all-day event starts at
            // midnight, fifteen hours later.
            "BEGIN:VALARM".to_string(),
            "ACTION:DISPLAY".to_string(),
            format!("DESCRIPTION:{}", escape(&summary)),
            format!("TRIGGER:-PT{ALARM_HOURS_BEFORE}H"),
            "END:VALARM".to_string(),
            "END:VEVENT".to_string(),
        ]
    };
    let deadline = key.handover_deadline.value;
    let reminder = key.validity_last_day - chrono::Duration::days(VALIDITY_WARNING_DAYS);
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Zengcheng//delegation-tracker//ZH".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        format!("X-WR-CALNAME:{}", escape(&format!("{} 期限", n.number))),
    ];
    lines.extend(event(
        "handover-deadline",
        deadline,
        format!("{} 交接期限", n.number),
        format!(
            "自印发之日起{}个工作日内完成交接工作（{}）。",
            n.handover_working_days,
            cat.passage_clause(n.clauses.handover)
        ),
    ));
    lines.extend(event(
        "validity-last-day",
        key.validity_last_day,
        format!("{} 有效期最后一日", n.number),
        format!("本通告自印发之日起施行，有效期{}年。", n.validity_years),
    ));
    lines.extend(event(
        "validity-reminder-180",
        reminder,
        format!("提醒：{} 有效期还有{VALIDITY_WARNING_DAYS}天届满", n.number),
        format!(
            "有效期最后一日：{}",
            key.validity_last_day.format("%Y-%m-%d")
        ),
    ));
    lines.push("END:VCALENDAR".to_string());
    let mut out = String::new();
    for l in lines {
        out.push_str(&fold(&l));
    }
    out
}

pub fn write_ics(path: &Path, cat: &Catalogue, key: &KeyDates) -> io::Result<()> {
    write_atomic(path, to_ics(cat, key).as_bytes(), |_| Ok(()))
}

/// RFC 5545 text escaping.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// RFC 5545 line folding: lines of at most 75 octets, continued with CRLF and a space,
/// never splitting a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_bom() {
        let t = Table {
            header: vec!["a".into(), "b".into()],
            rows: vec![vec!["x,y".into(), "say \"hi\"\nthere".into()]],
        };
        assert_eq!(
            to_csv(&t),
            "\u{feff}a,b\r\n\"x,y\",\"say \"\"hi\"\"\nthere\"\r\n"
        );
    }

    #[test]
    fn folding_keeps_lines_within_75_octets() {
        let long = format!("SUMMARY:{}", "增城开发区".repeat(20));
        let folded = fold(&long);
        for l in folded.split("\r\n") {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), long);
    }
}
