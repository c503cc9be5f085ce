//! The words of every export: the handover report's headings and cells, the table of routed
//! applications, the deadlines calendar's events, and the reminders.

use chrono::NaiveDate;
use delegation_core::catalogue::Catalogue;
use delegation_core::deadlines::KeyDates;
use delegation_core::export::{
    BatchColumn, DeadlineEvent, IcsEvent, ReportColumn, ReportRow, Table,
};
use delegation_core::facts::Application;
use delegation_core::reminders::{Reminder, VALIDITY_WARNING_DAYS};
use delegation_core::router::Decision;

use crate::{Label, Lang, Text};

fn ymd(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
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
                    ReportColumn::Elements => r
                        .elements
                        .map_or("—".to_string(), |(done, of)| format!("{done}/{of}")),
                    ReportColumn::Notes => r.notes.clone(),
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

/// One row per routed application.
pub fn batch_table(lang: Lang, apps: &[Application], decisions: &[Decision]) -> Table {
    let header = BatchColumn::ALL.map(|c| c.label(lang).to_string()).to_vec();
    let rows = apps
        .iter()
        .zip(decisions)
        .map(|(a, d)| {
            BatchColumn::ALL
                .map(|c| match c {
                    BatchColumn::Id => d.id.clone(),
                    BatchColumn::Item => a.item.to_string(),
                    BatchColumn::Received => a.received.format("%Y-%m-%d").to_string(),
                    BatchColumn::Outcome => d.outcome.code().to_string(),
                    BatchColumn::ApprovingBody => {
                        d.approving_body.as_deref().unwrap_or("").to_string()
                    }
                    BatchColumn::InNameOf => d.in_name_of.as_deref().unwrap_or("").to_string(),
                    BatchColumn::Clause => d.deciding_clause().to_string(),
                    BatchColumn::Finding => d
                        .deciding_step()
                        .map(|s| s.finding.text(lang))
                        .unwrap_or_default(),
                })
                .to_vec()
        })
        .collect();
    Table { header, rows }
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
