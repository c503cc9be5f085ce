//! The case register's law (办件台账): what a case's status and result are, the working days a
//! case took (行政许可法 第八十二条, the received day not counted: 民法典 第二百零一条), when it
//! is past its promised time limit (承诺时限), and the year's figures per item for the city's
//! evaluation of how the powers were used. Nothing here stores a case: `delegation-store`
//! keeps them, and asks this module what they come to.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, StartDay};
use crate::catalogue::Catalogue;
use crate::router::Outcome;

/// 在办 / 办结.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseStatus {
    Open,
    Closed,
}

impl CaseStatus {
    /// The code in files, JSON and the store (`"open"`, `"closed"`).
    pub fn code(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<CaseStatus> {
        [CaseStatus::Open, CaseStatus::Closed]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// How a case was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseResult {
    /// 准予.
    Granted,
    /// 不予.
    Refused,
    /// 撤回: the applicant withdrew it.
    Withdrawn,
    /// 告知或移送其他机关: the decision was not the committee's.
    Referred,
    /// 审核后报市人民政府: reviewed by the committee, sent to the city government to approve.
    Forwarded,
}

impl CaseResult {
    pub const ALL: [CaseResult; 5] = [
        CaseResult::Granted,
        CaseResult::Refused,
        CaseResult::Withdrawn,
        CaseResult::Referred,
        CaseResult::Forwarded,
    ];

    /// The code on the command line, in JSON and in the store.
    pub fn code(self) -> &'static str {
        match self {
            CaseResult::Granted => "granted",
            CaseResult::Refused => "refused",
            CaseResult::Withdrawn => "withdrawn",
            CaseResult::Referred => "referred",
            CaseResult::Forwarded => "forwarded",
        }
    }

    pub fn from_code(code: &str) -> Option<CaseResult> {
        CaseResult::ALL.into_iter().find(|r| r.code() == code)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The working days from `received` to `closed`: the received day not counted (民法典 第二百零一条),
/// in working days without statutory holidays (行政许可法 第八十二条), by `cal`; the days of any
/// year the calendar does not cover are counted Monday to Friday. A case closed on the day it
/// was received took 0.
pub fn working_days(cal: &Calendar, received: NaiveDate, closed: NaiveDate) -> i64 {
    cal.working_days_between(received, closed, StartDay::Excluded)
        .value
        .max(0)
}

/// Whether a case is past its promised time limit (`limit` working days; `None`: the notice
/// and the office set none): closed, if it took more; open, if more have passed by `today`.
pub fn is_overdue(
    cal: &Calendar,
    limit: Option<u32>,
    received: NaiveDate,
    closed: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    let Some(limit) = limit else {
        return false;
    };
    let end = closed.unwrap_or(today);
    working_days(cal, received, end) > i64::from(limit)
}

/// The first received date whose open case is not overdue on `today` under `limit`: an open
/// case received before it is overdue, one received on or after it is not (working days so far
/// only fall as the received date moves later). Lets a store count overdue open cases with one
/// comparison instead of a calendar per row.
pub fn overdue_cutoff(cal: &Calendar, limit: u32, today: NaiveDate) -> NaiveDate {
    // Overdue exactly when more than `limit` working days lie in (received, today]: the
    // earliest received date that is not is the one from which `today` is at most `limit`
    // working days on. Searched over the days before today (a case received today took 0).
    let (mut lo, mut hi) = (NaiveDate::MIN, today);
    let overdue = |d: NaiveDate| working_days(cal, d, today) > i64::from(limit);
    if !overdue(lo) {
        return lo;
    }
    // Invariant: overdue(lo), !overdue(hi).
    while (hi - lo).num_days() > 1 {
        let mid = lo + chrono::Duration::days((hi - lo).num_days() / 2);
        if overdue(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// What a store knows of one case for the year's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFacts {
    pub item: u8,
    pub received: NaiveDate,
    pub outcome: Outcome,
    pub closed: Option<NaiveDate>,
    pub result: Option<CaseResult>,
    /// Taken, for a closed case (as [`working_days`] counted them when it was closed).
    pub working_days: Option<i64>,
}

/// One item's figures for a year.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemFigures {
    pub item: u8,
    /// Cases received in the year.
    pub received: u64,
    /// Cases closed in the year (by their closing date), and of them each result.
    pub closed: u64,
    pub by_result: [u64; 5],
    /// The cases received in the year, by the outcome they were routed to (in
    /// [`Outcome::ALL`] order).
    pub by_outcome: [u64; 5],
    /// Cases received in the year past the item's time limit by `today`, open or closed.
    pub overdue: u64,
    /// Cases received on or before the year's last day and not closed by then.
    pub open_at_end: u64,
    /// The working days of the cases closed in the year: their sum and the largest.
    pub working_days_sum: u64,
    pub working_days_max: Option<i64>,
}

impl ItemFigures {
    pub fn new(item: u8) -> ItemFigures {
        ItemFigures {
            item,
            received: 0,
            closed: 0,
            by_result: [0; 5],
            by_outcome: [0; 5],
            overdue: 0,
            open_at_end: 0,
            working_days_sum: 0,
            working_days_max: None,
        }
    }

    /// The average working days of the cases closed in the year, to one decimal; `None` when
    /// none closed.
    pub fn average_working_days(&self) -> Option<f64> {
        (self.closed > 0)
            .then(|| (self.working_days_sum as f64 / self.closed as f64 * 10.0).round() / 10.0)
    }

    /// How many closed with `result`.
    pub fn result(&self, result: CaseResult) -> u64 {
        self.by_result[result.index()]
    }

    /// How many of the year's cases were routed to `outcome`.
    pub fn outcome(&self, outcome: Outcome) -> u64 {
        self.by_outcome[outcome_index(outcome)]
    }

    /// No case at all this year (零办件): none received, none closed, none open at its end.
    pub fn is_empty(&self) -> bool {
        self.received == 0 && self.closed == 0 && self.open_at_end == 0
    }
}

/// An outcome's place in [`Outcome::ALL`].
pub fn outcome_index(outcome: Outcome) -> usize {
    Outcome::ALL.iter().position(|o| *o == outcome).unwrap_or(0)
}

/// The year's figures for every item of the catalogue (an item with no case has zeros),
/// folded from the cases one by one: the definition the store's own counting is checked
/// against.
pub fn year_figures<'a>(
    cat: &Catalogue,
    cal: &Calendar,
    limits: &BTreeMap<u8, u32>,
    year: i32,
    today: NaiveDate,
    cases: impl IntoIterator<Item = &'a CaseFacts>,
) -> Vec<ItemFigures> {
    let mut by_item: BTreeMap<u8, ItemFigures> = cat
        .items
        .iter()
        .map(|i| (i.no, ItemFigures::new(i.no)))
        .collect();
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
    for c in cases {
        let Some(f) = by_item.get_mut(&c.item) else {
            continue;
        };
        if c.received.year() == year {
            f.received += 1;
            f.by_outcome[outcome_index(c.outcome)] += 1;
            if is_overdue(
                cal,
                limits.get(&c.item).copied(),
                c.received,
                c.closed,
                today,
            ) {
                f.overdue += 1;
            }
        }
        if let Some(closed) = c.closed
            && closed.year() == year
        {
            f.closed += 1;
            if let Some(r) = c.result {
                f.by_result[r.index()] += 1;
            }
            let wd = c.working_days.unwrap_or(0);
            f.working_days_sum += wd.max(0) as u64;
            f.working_days_max = Some(f.working_days_max.map_or(wd, |m| m.max(wd)));
        }
        if c.received <= year_end && c.closed.is_none_or(|d| d > year_end) {
            f.open_at_end += 1;
        }
    }
    by_item.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn working_days_leave_out_the_received_day_and_the_holidays() {
        let cal = Calendar::embedded();
        // 2024-09-30 (Monday) to 2024-10-08 (Tuesday): National Day 10-01…10-07 off,
        // 2024-10-12 a make-up Saturday; (09-30, 10-08] holds only 10-08.
        assert_eq!(working_days(cal, d(2024, 9, 30), d(2024, 10, 8)), 1);
        assert_eq!(working_days(cal, d(2024, 9, 30), d(2024, 9, 30)), 0);
        // A make-up working day counts: 2024-10-11 (Fri) to 2024-10-12 (the Saturday worked).
        assert_eq!(working_days(cal, d(2024, 10, 11), d(2024, 10, 12)), 1);
        // Across a year's end: 2025-12-31 (Wed) to 2026-01-05 (Mon): 01-01…01-03 off (元旦),
        // 2026-01-04 (Sunday) worked: 01-04 and 01-05.
        assert_eq!(working_days(cal, d(2025, 12, 31), d(2026, 1, 5)), 2);
    }

    #[test]
    fn overdue_is_more_than_the_limit_and_no_limit_is_never_overdue() {
        let cal = Calendar::embedded();
        let r = d(2024, 7, 1); // Monday
        assert!(!is_overdue(cal, None, r, None, d(2026, 1, 1)));
        // 5 working days: 07-02…07-08 holds 07-02, 03, 04, 05, 08.
        assert!(!is_overdue(
            cal,
            Some(5),
            r,
            Some(d(2024, 7, 8)),
            d(2026, 1, 1)
        ));
        assert!(is_overdue(
            cal,
            Some(5),
            r,
            Some(d(2024, 7, 9)),
            d(2024, 7, 9)
        ));
        assert!(!is_overdue(cal, Some(5), r, None, d(2024, 7, 8)));
        assert!(is_overdue(cal, Some(5), r, None, d(2024, 7, 9)));
    }

    #[test]
    fn the_overdue_cutoff_splits_open_cases_as_is_overdue_does() {
        let cal = Calendar::embedded();
        for (limit, today) in [
            (5, d(2024, 10, 9)),
            (20, d(2026, 2, 27)),
            (0, d(2025, 6, 3)),
        ] {
            let cut = overdue_cutoff(cal, limit, today);
            let mut day = today - chrono::Duration::days(120);
            while day <= today {
                assert_eq!(
                    is_overdue(cal, Some(limit), day, None, today),
                    day < cut,
                    "limit {limit}, today {today}, received {day}, cutoff {cut}"
                );
                day = day.succ_opt().unwrap();
            }
        }
    }

    #[test]
    fn every_item_has_figures_and_an_empty_one_is_marked() {
        let cat = Catalogue::embedded();
        let cal = Calendar::embedded();
        let cases = [
            CaseFacts {
                item: 2,
                received: d(2025, 12, 30),
                outcome: Outcome::Committee,
                closed: Some(d(2026, 1, 5)),
                result: Some(CaseResult::Granted),
                working_days: Some(working_days(cal, d(2025, 12, 30), d(2026, 1, 5))),
            },
            CaseFacts {
                item: 2,
                received: d(2025, 6, 2),
                outcome: Outcome::NotDelegated,
                closed: None,
                result: None,
                working_days: None,
            },
        ];
        let limits = BTreeMap::from([(2, 3)]);
        let f2025 = year_figures(cat, cal, &limits, 2025, d(2026, 3, 1), &cases);
        assert_eq!(f2025.len(), 12);
        let i2 = &f2025[1];
        assert_eq!((i2.received, i2.closed, i2.open_at_end), (2, 0, 2));
        assert_eq!(i2.outcome(Outcome::NotDelegated), 1);
        // 12-30 to 01-05: 12-31, 01-04 (the worked Sunday), 01-05: 3, not past 3; the open
        // one is long past.
        assert_eq!(i2.overdue, 1);
        assert!(f2025[0].is_empty());
        let f2026 = year_figures(cat, cal, &limits, 2026, d(2026, 3, 1), &cases);
        let i2 = &f2026[1];
        assert_eq!((i2.received, i2.closed, i2.open_at_end), (0, 1, 1));
        assert_eq!(i2.result(CaseResult::Granted), 1);
        assert_eq!(i2.average_working_days(), Some(3.0));
        assert_eq!(i2.working_days_max, Some(3));
    }
}
