//! The notice's key dates: in force, handover deadline, validity.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, Computed, StartDay};
use crate::catalogue::Catalogue;

/// How the five-year validity is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ValidityConvention {
    /// As Guangzhou lists its normative documents: five years from 2024-04-29 ends on
    /// 2029-04-28 (a document effective 2022-01-01 is listed as expiring 2026-12-31).
    #[default]
    ListingPractice,
    /// 民法典 第二百零一条、第二百零二条: the issue day is not counted and the period ends on the
    /// corresponding day of the last month, 2029-04-29.
    CivilCode,
}

impl ValidityConvention {
    pub const ALL: [ValidityConvention; 2] = [
        ValidityConvention::ListingPractice,
        ValidityConvention::CivilCode,
    ];
}

/// The dates everything else is measured against.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyDates {
    /// 印发之日.
    pub notice_date: NaiveDate,
    /// 自印发之日起施行.
    pub in_force: NaiveDate,
    /// 30 working days from the notice date, by `start_day`.
    pub handover_deadline: Computed<NaiveDate>,
    /// The last day the notice is valid, by `validity`.
    pub validity_last_day: NaiveDate,
    pub start_day: StartDay,
    pub validity: ValidityConvention,
}

impl KeyDates {
    pub fn compute(
        cat: &Catalogue,
        cal: &Calendar,
        start_day: StartDay,
        validity: ValidityConvention,
    ) -> KeyDates {
        let n = &cat.notice;
        let handover_deadline =
            cal.add_working_days(n.issued, i64::from(n.handover_working_days), start_day);
        // The validity runs from the day the notice takes effect (the 2024 notice: its issue).
        let validity_last_day = validity_last_day(n.in_force(), n.validity_years, validity);
        KeyDates {
            notice_date: n.issued,
            in_force: n.in_force(),
            handover_deadline,
            validity_last_day,
            start_day,
            validity,
        }
    }

    /// The handover state of one item on `today`.
    pub fn handover_status(
        &self,
        item: u8,
        recorded: &BTreeMap<u8, NaiveDate>,
        today: NaiveDate,
    ) -> HandoverStatus {
        match recorded.get(&item) {
            Some(&date) => HandoverStatus {
                date,
                recorded: true,
                overdue: false,
                late: date > self.handover_deadline.value,
            },
            None => HandoverStatus {
                date: self.handover_deadline.value,
                recorded: false,
                overdue: today > self.handover_deadline.value,
                late: false,
            },
        }
    }
}

/// The last valid day of a period of `years` starting on `start`.
pub fn validity_last_day(start: NaiveDate, years: u32, conv: ValidityConvention) -> NaiveDate {
    // The corresponding day `years` later; 29 February falls back to the month's end
    // (民法典 第二百零二条: 没有对应日的，月末日为期间的最后一日).
    let corresponding = start
        .checked_add_months(Months::new(years * 12))
        .expect("dates within chrono's range");
    match conv {
        ValidityConvention::CivilCode => corresponding,
        ValidityConvention::ListingPractice => {
            if start.month() == 2 && start.day() == 29 && corresponding.day() == 28 {
                corresponding
            } else {
                corresponding
                    .pred_opt()
                    .expect("dates within chrono's range")
            }
        }
    }
}

/// Why a recorded handover date cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandoverDateProblem {
    /// An item the notice does not have (it has 1–`max`).
    NoSuchItem { item: u64, max: u8 },
    /// Before the notice's date: no handover can precede the notice.
    BeforeNotice { day: NaiveDate, earliest: NaiveDate },
    /// More than a year after `today`: a typo, not a plan (a date is a handover done).
    TooFarAhead { day: NaiveDate, latest: NaiveDate },
}

/// Whether a recorded handover date may be used: an item the notice has, on a day from the
/// notice's to a year past `today`. Every source of a handover date is held to it: the
/// register's 交接日期 sheet, the applications file, `--handover`.
pub fn check_handover_date(
    cat: &Catalogue,
    item: u64,
    day: NaiveDate,
    today: NaiveDate,
) -> Result<(), HandoverDateProblem> {
    let max = cat.items.iter().map(|i| i.no).max().unwrap_or(0);
    if item == 0 || item > u64::from(max) {
        return Err(HandoverDateProblem::NoSuchItem { item, max });
    }
    let earliest = cat.notice.issued;
    let latest = today
        .checked_add_months(Months::new(12))
        .unwrap_or(NaiveDate::MAX);
    if day < earliest {
        return Err(HandoverDateProblem::BeforeNotice { day, earliest });
    }
    if day > latest {
        return Err(HandoverDateProblem::TooFarAhead { day, latest });
    }
    Ok(())
}

/// Where an item's handover stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandoverStatus {
    /// The recorded handover date, or the statutory deadline assumed in its place.
    pub date: NaiveDate,
    pub recorded: bool,
    /// No handover recorded and the deadline has passed.
    pub overdue: bool,
    /// Recorded, but after the deadline.
    pub late: bool,
}

/// Where an item's handover stands, in one word: what the report's 期限情况 column and the
/// screens say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standing {
    /// No handover recorded and the deadline has passed.
    Overdue,
    /// Recorded, after the deadline.
    Late,
    /// Recorded, on or before the deadline.
    OnTime,
    /// Not recorded, and the deadline has not passed.
    Pending,
}

impl HandoverStatus {
    pub fn standing(&self) -> Standing {
        if self.overdue {
            Standing::Overdue
        } else if self.late {
            Standing::Late
        } else if self.recorded {
            Standing::OnTime
        } else {
            Standing::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn validity_conventions() {
        assert_eq!(
            validity_last_day(d(2024, 4, 29), 5, ValidityConvention::ListingPractice),
            d(2029, 4, 28)
        );
        assert_eq!(
            validity_last_day(d(2024, 4, 29), 5, ValidityConvention::CivilCode),
            d(2029, 4, 29)
        );
        // The listing practice quoted in the issue: effective 2022-01-01, expires 2026-12-31.
        assert_eq!(
            validity_last_day(d(2022, 1, 1), 5, ValidityConvention::ListingPractice),
            d(2026, 12, 31)
        );
        // No corresponding day: the month's last day.
        assert_eq!(
            validity_last_day(d(2024, 2, 29), 5, ValidityConvention::CivilCode),
            d(2029, 2, 28)
        );
    }

    #[test]
    fn key_dates_of_the_notice() {
        let cat = Catalogue::embedded();
        let cal = Calendar::embedded();
        let k = KeyDates::compute(
            cat,
            cal,
            StartDay::Excluded,
            ValidityConvention::ListingPractice,
        );
        assert_eq!(k.handover_deadline.value, d(2024, 6, 13));
        assert!(k.handover_deadline.uncovered_years.is_empty());
        assert_eq!(k.validity_last_day, d(2029, 4, 28));
        let k = KeyDates::compute(cat, cal, StartDay::Included, ValidityConvention::CivilCode);
        assert_eq!(k.handover_deadline.value, d(2024, 6, 12));
        assert_eq!(k.validity_last_day, d(2029, 4, 29));
    }

    #[test]
    fn handover_status_marks_overdue_and_late() {
        let k = KeyDates::compute(
            Catalogue::embedded(),
            Calendar::embedded(),
            StartDay::Excluded,
            ValidityConvention::ListingPractice,
        );
        let mut rec = BTreeMap::new();
        rec.insert(10, d(2024, 6, 20));
        let s = k.handover_status(10, &rec, d(2024, 7, 1));
        assert!(s.recorded && s.late && !s.overdue);
        let s = k.handover_status(1, &rec, d(2024, 6, 13));
        assert!(
            !s.recorded && !s.overdue,
            "the deadline day itself is not overdue"
        );
        let s = k.handover_status(1, &rec, d(2024, 6, 14));
        assert!(s.overdue);
    }
}
