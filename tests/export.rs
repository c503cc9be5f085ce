//! The exports open in other programs' readers and hold the right things.

use chrono::NaiveDate;
use delegation_files::holiday_cn::parse_holiday_cn;
use delegation_files::table::{to_csv, write_csv, write_ics, write_xlsx};
use delegation_law::calendar::{Calendar, StartDay};
use delegation_law::catalogue::Catalogue;
use delegation_law::deadlines::{KeyDates, ValidityConvention};
use delegation_law::records::{HandoverState, Records};
use delegation_law::report::handover_report;
use delegation_store::holidays::{effective_calendar, save_override};
use delegation_words::report::{deadline_calendar, handover_sheet, handover_table};
use delegation_words::{Lang, Text};

mod common;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn key() -> KeyDates {
    KeyDates::compute(
        Catalogue::embedded(),
        Calendar::embedded(),
        StartDay::Excluded,
        ValidityConvention::ListingPractice,
    )
}

fn records() -> Records {
    let mut r = Records::for_catalogue(Catalogue::embedded());
    let rec = r.items.get_mut(&10).unwrap();
    rec.state = HandoverState::HandedOver;
    rec.handover_date = Some(d(2024, 6, 20));
    rec.notes = "已在区政务网公告, 见\"公告\"".into();
    r
}

#[test]
fn the_xlsx_report_opens_with_a_reader_and_holds_every_item() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.xlsx");
    let rows = handover_report(Catalogue::embedded(), &key(), &records(), d(2024, 7, 1));
    let table = handover_table(Lang::Zh, &rows);
    write_xlsx(&path, handover_sheet(Lang::Zh), &table).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let range = wb.worksheet_range("交接情况").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 13, "header and 12 items");
    assert_eq!(rows[0][0], "序号");
    for (i, item) in Catalogue::embedded().items.iter().enumerate() {
        assert_eq!(rows[i + 1][0], item.no.to_string());
        assert_eq!(rows[i + 1][1], item.name);
    }
    assert_eq!(rows[10][4], "已交接");
    // Dates are dates (Excel's serial 45463 is 2024-06-20), numbers are numbers.
    assert!(
        matches!(range.get((10, 5)), Some(calamine::Data::DateTime(_))),
        "{:?}",
        range.get((10, 5))
    );
    assert_eq!(rows[10][5], "45463");
    assert!(matches!(range.get((1, 0)), Some(calamine::Data::Float(_))));
    assert_eq!(rows[10][7], "晚于法定期限交接");
    assert_eq!(rows[1][7], "已逾期未登记交接");
    // The missing elements by name (issue 16: "0/5" alone named none).
    assert_eq!(
        rows[1][10],
        "0/5；缺：委托的具体内容、执行方式、双方权利义务、责任划分、监管措施"
    );
}

#[test]
fn the_csv_report_has_a_bom_and_every_item() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.csv");
    let rows = handover_report(Catalogue::embedded(), &key(), &records(), d(2024, 7, 1));
    let table = handover_table(Lang::Zh, &rows);
    write_csv(&path, &table).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 BOM for Excel and WPS");
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(text, to_csv(&table));
    assert_eq!(text.matches("\r\n").count(), 13);
    assert!(text.contains("\"已在区政务网公告, 见\"\"公告\"\"\""));
}

#[test]
fn the_ics_parses_and_holds_the_right_dates() {
    use icalendar::{Component, DatePerhapsTime};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deadlines.ics");
    let (name, events) = deadline_calendar(Catalogue::embedded(), &key());
    write_ics(&path, &name, &events).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.lines().all(|l| l.len() <= 76), "folded lines");
    let cal: icalendar::Calendar = text.parse().expect("the .ics parses");
    let mut events: Vec<(String, NaiveDate)> = cal
        .components
        .iter()
        .filter_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => match e.get_start() {
                Some(DatePerhapsTime::Date(day)) => Some((e.get_uid().unwrap().to_string(), day)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    events.sort_by_key(|e| e.1);
    let uids: Vec<&str> = events
        .iter()
        .map(|e| e.0.split('@').next().unwrap())
        .collect();
    assert_eq!(
        uids,
        [
            "handover-deadline",
            "validity-reminder-180",
            "validity-last-day"
        ]
    );
    assert_eq!(events[0].1, d(2024, 6, 13));
    assert_eq!(events[1].1, d(2028, 10, 30));
    assert_eq!(events[2].1, d(2029, 4, 28));
    let summary = cal.components.iter().find_map(|c| match c {
        icalendar::CalendarComponent::Event(e) => e.get_summary().map(str::to_string),
        _ => None,
    });
    assert_eq!(summary.as_deref(), Some("穗府规〔2024〕3号 交接期限"));
    // Every event carries an alarm at 09:00 the day before.
    for c in &cal.components {
        if let icalendar::CalendarComponent::Event(e) = c {
            let alarms: Vec<_> = e
                .components()
                .iter()
                .filter(|a| a.component_kind() == "VALARM")
                .collect();
            assert_eq!(alarms.len(), 1, "{:?}", e.get_uid());
            assert_eq!(alarms[0].property_value("TRIGGER"), Some("-PT15H"));
            assert_eq!(alarms[0].property_value("ACTION"), Some("DISPLAY"));
        }
    }
}

/// A made-up 2027 with every statutory festival (a partial year is refused).
const FAKE_2027: &str = r#"{
    "year": 2027,
    "papers": ["https://example.invalid/2027"],
    "days": [
        {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
        {"name": "元旦", "date": "2027-01-04", "isOffDay": true},
        {"name": "元旦", "date": "2027-01-09", "isOffDay": false},
        {"name": "春节", "date": "2027-02-08", "isOffDay": true},
        {"name": "清明节", "date": "2027-04-05", "isOffDay": true},
        {"name": "劳动节", "date": "2027-05-03", "isOffDay": true},
        {"name": "端午节", "date": "2027-06-09", "isOffDay": true},
        {"name": "中秋节", "date": "2027-09-15", "isOffDay": true},
        {"name": "国庆节", "date": "2027-10-01", "isOffDay": true}
    ]
}"#;

#[test]
fn importing_a_holiday_cn_year_changes_the_working_day_answers() {
    let dir = tempfile::tempdir().unwrap();
    let (before, warn) = effective_calendar(dir.path());
    assert!(warn.is_none());
    let b = before.add_working_days(d(2026, 12, 31), 1, StartDay::Excluded);
    assert_eq!(b.value, d(2027, 1, 1));
    assert_eq!(b.uncovered_years, vec![2027]);

    let year = parse_holiday_cn(FAKE_2027, "2027.json").unwrap();
    save_override(dir.path(), year, false).unwrap();
    let (after, warn) = effective_calendar(dir.path());
    assert!(warn.is_none(), "{warn:?}");
    let a = after.add_working_days(d(2026, 12, 31), 1, StartDay::Excluded);
    assert_eq!(a.value, d(2027, 1, 5), "01-01 and 01-04 are now days off");
    assert!(a.uncovered_years.is_empty());
    assert!(after.is_working_day(d(2027, 1, 9)), "a make-up Saturday");
    // The embedded years are untouched.
    assert_eq!(
        after
            .add_working_days(d(2024, 4, 29), 30, StartDay::Excluded)
            .value,
        d(2024, 6, 13)
    );
    // The real 2026 file imports too.
    let text = common::read_reference("holiday-cn/2026.json");
    let y = parse_holiday_cn(&text, "2026.json").unwrap();
    let embedded = Calendar::embedded().year(2026).unwrap();
    assert_eq!(
        y.off, embedded.off,
        "the import reads what data/holidays.ron holds"
    );
    assert_eq!(y.makeup, embedded.makeup);
    assert_eq!(y.off.len() + y.makeup.len(), 39);
}

#[test]
fn a_wrong_holiday_file_says_where() {
    let e = parse_holiday_cn("{\"year\": 2027, \"days\": [ {\"name\": 1 ", "x.json").unwrap_err();
    assert_eq!(e.file, "x.json");
    assert_eq!(e.line, 1);
    let e = parse_holiday_cn(
        r#"{"year": 2027, "days": [{"name": "元旦", "date": "2026-01-01", "isOffDay": true}]}"#,
        "y.json",
    )
    .unwrap_err();
    assert!(e.text(Lang::En).contains("not in the year 2027"), "{e}");
    let e = parse_holiday_cn("(applications: [])", "z.ron").unwrap_err();
    assert!(
        e.text(Lang::En).contains("not a holiday-cn year file"),
        "{e}"
    );
}
