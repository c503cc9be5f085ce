//! Dates in words, shared by the command line and the app.

use chrono::{Datelike, NaiveDate};

use crate::Lang;
use delegation_law::calendar::{DayKind, StartDay};
use delegation_law::deadlines::ValidityConvention;

/// A date as every screen, table and message shows it: 2024-06-13.
pub fn ymd(d: NaiveDate) -> String {
    delegation_law::calendar::ymd(d)
}

/// "还有 N 天" / "已过 N 天" / "就是今天" for `d` seen from `today`.
pub fn days_away(lang: Lang, today: NaiveDate, d: NaiveDate) -> String {
    let days = (d - today).num_days();
    match (lang, days.signum()) {
        (Lang::Zh, 1) => format!("还有{days}天"),
        (Lang::Zh, -1) => format!("已过{}天", -days),
        (Lang::Zh, _) => "就是今天".into(),
        (Lang::En, 1) => format!("in {days} days"),
        (Lang::En, -1) => format!("{} days ago", -days),
        (Lang::En, _) => "today".into(),
    }
}

/// A signed count of working days, in words.
pub fn working_days_away(lang: Lang, n: i64) -> String {
    match (lang, n.signum()) {
        (Lang::Zh, 1) => format!("还有{n}个工作日"),
        (Lang::Zh, -1) => format!("已过{}个工作日", -n),
        (Lang::Zh, _) => "0个工作日".into(),
        (Lang::En, 1) => format!("{n} working days to go"),
        (Lang::En, -1) => format!("{} working days ago", -n),
        (Lang::En, _) => "0 working days".into(),
    }
}

/// The start-day convention, named.
pub fn start_day(lang: Lang, s: StartDay) -> &'static str {
    match s {
        StartDay::Excluded => lang.pick("印发之日不计入", "issue day not counted"),
        StartDay::Included => lang.pick("印发之日计入", "issue day counted"),
    }
}

/// The validity convention, named.
pub fn validity(lang: Lang, v: ValidityConvention) -> &'static str {
    match v {
        ValidityConvention::ListingPractice => {
            lang.pick("按规范性文件目录惯例", "listing practice")
        }
        ValidityConvention::CivilCode => lang.pick("按民法典第二百零二条", "Civil Code art. 202"),
    }
}

/// "2026年10月" / "October 2026".
pub fn month_title(lang: Lang, first: NaiveDate) -> String {
    match lang {
        Lang::Zh => first.format("%Y年%-m月").to_string(),
        Lang::En => first.format("%B %Y").to_string(),
    }
}

const WEEKDAYS_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/// The short weekday name.
pub fn weekday(lang: Lang, d: NaiveDate) -> &'static str {
    let i = d.weekday().num_days_from_monday() as usize;
    let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    lang.pick(WEEKDAYS_ZH[i], en[i])
}

/// The Chinese name of a weekday.
pub fn weekday_name_zh(w: chrono::Weekday) -> &'static str {
    WEEKDAYS_ZH[w.num_days_from_monday() as usize]
}

/// The mark on a calendar day: 休 for a day off, 班 for a make-up working day.
pub fn day_tag(lang: Lang, kind: &DayKind) -> &'static str {
    match kind {
        DayKind::Holiday(_) => lang.pick("休", "off"),
        DayKind::MakeupWorkday(_) => lang.pick("班", "work"),
        DayKind::Workday | DayKind::Weekend => "",
    }
}

/// "……共12条提醒" / " … 12 reminders".
pub fn reminder_count(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("……共{n}条提醒"),
        Lang::En => format!(" … {n} reminders"),
    }
}

/// An item by its number: "第10项" / "item 10".
pub fn item_no(lang: Lang, no: u8) -> String {
    match lang {
        Lang::Zh => format!("第{no}项"),
        Lang::En => format!("item {no}"),
    }
}

/// What the handover date field of the records form means, in one sentence, as the clerk
/// types: a date is a handover done on that day (counted everywhere once saved); no date is
/// the statutory deadline `assumed` in its place.
pub fn handover_date_meaning(lang: Lang, date: Option<NaiveDate>, assumed: NaiveDate) -> String {
    match (lang, date) {
        (Lang::Zh, Some(d)) => format!(
            "交接日期是完成交接之日：保存后本事项即按{}已交接计，目录、期限、提醒、分派和报告都按此日。",
            ymd(d)
        ),
        (Lang::En, Some(d)) => format!(
            "The handover date is the day it was done: once saved, the item is handed over on {} in the catalogue, deadlines, reminders, router and report.",
            ymd(d)
        ),
        (Lang::Zh, None) => format!(
            "未填交接日期：各处按法定期限{}推定；交接完成后，填写完成之日。",
            ymd(assumed)
        ),
        (Lang::En, None) => format!(
            "No handover date: the statutory deadline {} is assumed everywhere. Once the handover is done, enter the day.",
            ymd(assumed)
        ),
    }
}
