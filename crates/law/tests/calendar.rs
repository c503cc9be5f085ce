//! The working-day calendar through its public API.

use std::time::{Duration, Instant};

use chrono::{Datelike, Days, NaiveDate, Weekday};
use delegation_law::calendar::{Calendar, DayKind, StartDay, YearData};
use proptest::prelude::*;

#[path = "../../../tests/common/mod.rs"]
mod common;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn cal() -> &'static Calendar {
    Calendar::embedded()
}

const BOTH: [StartDay; 2] = [StartDay::Excluded, StartDay::Included];

#[test]
fn embedded_calendar_covers_2024_to_2026() {
    assert_eq!(cal().covered_years(), vec![2024, 2025, 2026]);
    assert!(cal().covers(2025));
    assert!(!cal().covers(2023) && !cal().covers(2027));
    let y = cal().year(2024).unwrap();
    assert_eq!(
        y.notice,
        "https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm"
    );
    assert_eq!(y.off.len(), 28);
    assert_eq!(y.makeup.len(), 8);
    assert!(cal().year(2027).is_none());
}

#[test]
fn handover_deadline_of_the_notice() {
    // 自本通告印发之日（2024-04-29）起30个工作日内.
    let r = cal().add_working_days(d(2024, 4, 29), 30, StartDay::Excluded);
    assert_eq!(r.value, d(2024, 6, 13));
    assert!(r.uncovered_years.is_empty());
    let r = cal().add_working_days(d(2024, 4, 29), 30, StartDay::Included);
    assert_eq!(r.value, d(2024, 6, 12));
    assert!(r.uncovered_years.is_empty());
    let b = cal().working_days_between(d(2024, 4, 29), d(2024, 6, 13), StartDay::Excluded);
    assert_eq!(b.value, 30);
    let b = cal().working_days_between(d(2024, 4, 29), d(2024, 6, 12), StartDay::Included);
    assert_eq!(b.value, 30);
}

#[test]
fn day_kinds_of_may_and_june_2024() {
    let c = cal();
    assert_eq!(
        c.day_kind(d(2024, 5, 11)),
        DayKind::MakeupWorkday("劳动节".into())
    );
    assert!(c.is_working_day(d(2024, 5, 11)));
    assert_eq!(
        c.day_kind(d(2024, 6, 10)),
        DayKind::Holiday("端午节".into())
    );
    assert!(!c.is_working_day(d(2024, 6, 10)));
    for day in 1..=5 {
        assert_eq!(
            c.day_kind(d(2024, 5, day)),
            DayKind::Holiday("劳动节".into()),
            "May {day}"
        );
        assert!(!c.is_working_day(d(2024, 5, day)));
    }
    // A Saturday and a Sunday not listed.
    assert_eq!(c.day_kind(d(2024, 5, 18)), DayKind::Weekend);
    assert_eq!(c.day_kind(d(2024, 5, 19)), DayKind::Weekend);
    assert!(!c.is_working_day(d(2024, 5, 18)));
    assert_eq!(c.day_kind(d(2024, 5, 6)), DayKind::Workday);
    assert!(DayKind::Workday.is_working());
    assert!(DayKind::MakeupWorkday(String::new()).is_working());
    assert!(!DayKind::Weekend.is_working());
    assert!(!DayKind::Holiday(String::new()).is_working());
    // Uncovered years follow Monday–Friday: 2027-01-01 is a Friday.
    assert_eq!(c.day_kind(d(2027, 1, 1)), DayKind::Workday);
}

#[test]
fn across_the_new_year_2026() {
    // 2025-12-25 is a Thursday. Working days after it: 12-26 (1), 12-29, 12-30, 12-31 (4);
    // 2026-01-01..03 off; 01-04, a Sunday, worked (5); 01-05..09 (6..10).
    let r = cal().add_working_days(d(2025, 12, 25), 10, StartDay::Excluded);
    assert_eq!(r.value, d(2026, 1, 9));
    assert!(r.uncovered_years.is_empty());
    let r = cal().add_working_days(d(2025, 12, 25), 10, StartDay::Included);
    assert_eq!(r.value, d(2026, 1, 8));
    let r = cal().add_working_days(d(2025, 12, 25), 5, StartDay::Excluded);
    assert_eq!(r.value, d(2026, 1, 4));
    let r = cal().add_working_days(d(2026, 1, 9), -10, StartDay::Excluded);
    assert_eq!(r.value, d(2025, 12, 25));
    let b = cal().working_days_between(d(2025, 12, 31), d(2026, 1, 5), StartDay::Excluded);
    assert_eq!(b.value, 2);
}

#[test]
fn across_the_new_year_and_spring_festival_2025() {
    // 2025-01-01 off: 01-02 (1), 01-03 (2), 01-06 (3), 01-07 (4), 01-08 (5).
    let r = cal().add_working_days(d(2024, 12, 31), 5, StartDay::Excluded);
    assert_eq!(r.value, d(2025, 1, 8));
    // Friday 2025-01-24: Sunday 01-26 worked (1), Monday 01-27 (2), 01-28..02-04 off, 02-05 (3).
    let r = cal().add_working_days(d(2025, 1, 24), 3, StartDay::Excluded);
    assert_eq!(r.value, d(2025, 2, 5));
    let r = cal().add_working_days(d(2025, 2, 5), -3, StartDay::Excluded);
    assert_eq!(r.value, d(2025, 1, 24));
    let b = cal().working_days_between(d(2025, 2, 5), d(2025, 1, 24), StartDay::Excluded);
    assert_eq!(b.value, -3);
}

#[test]
fn uncovered_years_are_reported() {
    // 2026-12-25 (Friday) + 10 reaches into January 2027.
    let r = cal().add_working_days(d(2026, 12, 25), 10, StartDay::Excluded);
    assert_eq!(r.value, d(2027, 1, 8));
    assert_eq!(r.uncovered_years, vec![2027]);
    // The last working day of 2026 (Thursday 12-31): nothing outside the calendar used.
    let r = cal().add_working_days(d(2026, 12, 25), 4, StartDay::Excluded);
    assert_eq!(r.value, d(2026, 12, 31));
    assert!(r.uncovered_years.is_empty());
    // Excluded: the start day is not relied on.
    let r = cal().add_working_days(d(2023, 12, 31), 2, StartDay::Excluded);
    assert_eq!(r.value, d(2024, 1, 3));
    assert!(r.uncovered_years.is_empty());
    let r = cal().add_working_days(d(2023, 12, 31), 2, StartDay::Included);
    assert_eq!(r.uncovered_years, vec![2023]);
    // Backwards into 2023.
    let r = cal().add_working_days(d(2024, 1, 5), -10, StartDay::Excluded);
    assert_eq!(r.uncovered_years, vec![2023]);
    // A span over several uncovered years.
    let b = cal().working_days_between(d(2022, 6, 1), d(2028, 6, 1), StartDay::Excluded);
    assert_eq!(b.uncovered_years, vec![2022, 2023, 2027, 2028]);
    let b = cal().working_days_between(d(2028, 6, 1), d(2022, 6, 1), StartDay::Included);
    assert_eq!(b.uncovered_years, vec![2022, 2023, 2027, 2028]);
    // n == 0 is the start date and relies on nothing.
    let r = cal().add_working_days(d(2030, 1, 1), 0, StartDay::Included);
    assert_eq!(r.value, d(2030, 1, 1));
    assert!(r.uncovered_years.is_empty());
}

#[test]
fn start_day_conventions_on_a_day_off() {
    // 2024-05-01 is a holiday: Included does not count it, so both conventions agree.
    for conv in BOTH {
        let r = cal().add_working_days(d(2024, 5, 1), 1, conv);
        assert_eq!(r.value, d(2024, 5, 6), "{conv:?}");
    }
    // On a working day, Included counts the start day as day 1.
    let r = cal().add_working_days(d(2024, 5, 6), 1, StartDay::Included);
    assert_eq!(r.value, d(2024, 5, 6));
    assert_eq!(
        cal()
            .working_days_between(d(2024, 5, 6), d(2024, 5, 6), StartDay::Included)
            .value,
        1
    );
    assert_eq!(
        cal()
            .working_days_between(d(2024, 5, 6), d(2024, 5, 6), StartDay::Excluded)
            .value,
        0
    );
}

/// Counts by walking day by day over `day_kind`, the slow way.
fn naive_between(c: &Calendar, from: NaiveDate, to: NaiveDate, conv: StartDay) -> i64 {
    let count = |a: NaiveDate, b: NaiveDate| -> i64 {
        a.iter_days()
            .take_while(|x| *x <= b)
            .filter(|x| c.day_kind(*x).is_working())
            .count() as i64
    };
    let one = Days::new(1);
    match (conv, to >= from) {
        (StartDay::Excluded, true) => count(from + one, to),
        (StartDay::Included, true) => count(from, to),
        (StartDay::Excluded, false) => -count(to, from - one),
        (StartDay::Included, false) => -count(to, from),
    }
}

#[test]
fn a_thousand_years_counted_at_once() {
    let c = cal();
    let (from, to) = (d(1600, 1, 1), d(2600, 1, 1));
    let t = Instant::now();
    let b = c.working_days_between(from, to, StartDay::Excluded);
    assert!(t.elapsed() < Duration::from_millis(100));
    assert_eq!(b.value, naive_between(c, from, to, StartDay::Excluded));
    assert_eq!(b.uncovered_years.len(), 1001 - 3);
    // Adding the count back lands on the last working day on or before `to`.
    let r = c.add_working_days(from, b.value, StartDay::Excluded);
    assert!(r.value <= to && c.is_working_day(r.value));
    assert_eq!(
        c.working_days_between(r.value, to, StartDay::Excluded)
            .value,
        0
    );
    assert_eq!(r.uncovered_years, b.uncovered_years);
}

#[test]
fn a_hundred_thousand_deadlines_in_milliseconds() {
    let c = cal();
    let start = d(2024, 1, 1);
    let t = Instant::now();
    let mut last = start;
    for i in 0..100_000u64 {
        let s = start + Days::new(i % 1000);
        last = last.max(c.add_working_days(s, 30, StartDay::Excluded).value);
    }
    let elapsed = t.elapsed();
    eprintln!("100,000 × add_working_days(30): {elapsed:?}");
    assert!(last > start);
    // Debug builds are slow; this still fails if anything walks the calendar.
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[test]
fn ron_matches_the_holiday_cn_json() {
    let c = cal();
    for year in [2024, 2025, 2026] {
        let text = common::read_reference(&format!("holiday-cn/{year}.json"));
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["year"], year);
        let data = c
            .year(year)
            .unwrap_or_else(|| panic!("{year} missing from holidays.ron"));
        let papers: Vec<&str> = json["papers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert!(
            papers.contains(&data.notice.as_str()),
            "{year}: {}",
            data.notice
        );
        let mut off = Vec::new();
        let mut makeup = Vec::new();
        for day in json["days"].as_array().unwrap() {
            let date: NaiveDate = day["date"].as_str().unwrap().parse().unwrap();
            let name = day["name"].as_str().unwrap().to_string();
            if day["isOffDay"].as_bool().unwrap() {
                off.push((date, name));
            } else {
                makeup.push((date, name));
            }
        }
        let sorted = |v: &[(NaiveDate, String)]| {
            let mut v = v.to_vec();
            v.sort();
            v
        };
        assert_eq!(sorted(&data.off), sorted(&off), "{year}: days off");
        assert_eq!(
            sorted(&data.makeup),
            sorted(&makeup),
            "{year}: make-up working days"
        );
    }
}

#[test]
fn every_makeup_day_is_a_weekend_day_in_its_year() {
    for y in cal().years() {
        for (date, name) in &y.makeup {
            assert!(
                matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
                "{date} {name}"
            );
        }
        for (date, _) in y.off.iter().chain(&y.makeup) {
            assert_eq!(date.year(), y.year);
        }
    }
}

#[test]
fn bad_ron_says_where() {
    let e = Calendar::from_ron("(years: [ (year: 2024, ...garbage").unwrap_err();
    let shown = e.to_string();
    let (line, col) = e.line_col.expect("a position");
    assert!(shown.contains(&format!("{line}:{col}")), "{shown}");
    assert_eq!(line, 1, "{shown}");

    let e = Calendar::from_ron("(years: [\n  (year: 2024, notice: \"n\",\n   off: [(date: \"2024-02-30\", name: \"x\")])])")
        .unwrap_err();
    assert_eq!(e.line_col.map(|p| p.0), Some(3), "{e}");
    let e = Calendar::from_ron(
        "(years: [(year: 2024, notice: \"n\", off: [(date: \"2023-12-31\", name: \"x\")])])",
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("2023-12-31") && e.line_col.is_some(),
        "{e}"
    );
}

#[test]
fn an_override_year_can_be_added() {
    let mut c = cal().clone();
    let extra = Calendar::from_ron(
        "(years: [(year: 2027, notice: \"test\", off: [(date: \"2027-01-01\", name: \"元旦\")])])",
    )
    .unwrap();
    c.set_year(extra.year(2027).unwrap().clone());
    let r = c.add_working_days(d(2026, 12, 31), 1, StartDay::Excluded);
    assert_eq!(r.value, d(2027, 1, 4));
    assert!(r.uncovered_years.is_empty());
    let y = YearData {
        year: 2027,
        notice: String::new(),
        off: vec![(d(2028, 1, 1), "x".into())],
        makeup: vec![],
    };
    assert!(y.validate().is_err());
}

fn start_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..1096).prop_map(|i| d(2024, 1, 1) + Days::new(i))
}

fn conv() -> impl Strategy<Value = StartDay> {
    prop_oneof![Just(StartDay::Excluded), Just(StartDay::Included)]
}

proptest! {
    #[test]
    fn forwards_lands_on_a_working_day_and_counts_back(s in start_date(), n in 1i64..=400, c in conv()) {
        let cal = cal();
        let r = cal.add_working_days(s, n, c).value;
        prop_assert!(cal.is_working_day(r));
        prop_assert_eq!(cal.working_days_between(s, r, c).value, n);
        if r == s {
            prop_assert!(c == StartDay::Included && n == 1 && cal.is_working_day(s));
        } else {
            prop_assert!(r > s);
        }
    }

    #[test]
    fn backwards_undoes_forwards(s in start_date(), n in 1i64..=400, c in conv()) {
        let cal = cal();
        let r = cal.add_working_days(s, n, c).value;
        let back = cal.add_working_days(r, -n, c).value;
        prop_assert!(cal.is_working_day(back));
        prop_assert!(back <= r);
        prop_assert_eq!(cal.working_days_between(back, r, c).value, n);
        if cal.is_working_day(s) {
            prop_assert_eq!(back, s);
        } else if c == StartDay::Excluded {
            // Counting back from `r` excludes `r`: the last working day before `s`.
            prop_assert!(back < s);
            prop_assert_eq!(cal.working_days_between(back, s, StartDay::Excluded).value, 0);
        } else {
            // Counting back from `r` includes `r`: the first working day after `s`.
            prop_assert!(back > s);
            prop_assert_eq!(cal.working_days_between(s, back, StartDay::Excluded).value, 1);
        }
        if n > 1 || c == StartDay::Excluded {
            prop_assert_eq!(cal.working_days_between(r, back, c).value, -n);
        }
    }

    #[test]
    fn counting_matches_a_day_by_day_walk(
        a in (0u64..2200).prop_map(|i| d(2023, 1, 1) + Days::new(i)),
        b in (0u64..2200).prop_map(|i| d(2023, 1, 1) + Days::new(i)),
        c in conv(),
    ) {
        let cal = cal();
        prop_assert_eq!(cal.working_days_between(a, b, c).value, naive_between(cal, a, b, c));
    }

    #[test]
    fn adding_matches_a_day_by_day_walk(s in start_date(), n in -300i64..=300, c in conv()) {
        let cal = cal();
        let r = cal.add_working_days(s, n, c).value;
        // Walk: Included starts the walk on the start day itself.
        let step = if n >= 0 { Days::new(1) } else { Days::new(0) };
        let mut day = s;
        let mut left = n.abs();
        if c == StartDay::Included && n != 0 && cal.day_kind(s).is_working() {
            left -= 1;
        }
        while left > 0 {
            day = if n > 0 { day + step } else { day.pred_opt().unwrap() };
            if cal.day_kind(day).is_working() {
                left -= 1;
            }
        }
        prop_assert_eq!(r, day);
    }
}
