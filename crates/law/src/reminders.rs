//! Reminders for coordinators: overdue handovers, and the end of the notice's validity.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::catalogue::Catalogue;
use crate::deadlines::KeyDates;

/// How many days before the validity ends a reminder shows (以内: the 180th day included).
pub const VALIDITY_WARNING_DAYS: i64 = 180;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reminder {
    /// Past the handover deadline with no handover recorded.
    HandoverOverdue { item: u8, deadline: NaiveDate },
    /// The validity ends within 180 days.
    ValidityEnding { last_day: NaiveDate, days_left: i64 },
    /// The validity has ended.
    ValidityEnded { last_day: NaiveDate },
}

/// The reminders on `today`. `recorded` holds the recorded handover dates.
pub fn reminders(
    cat: &Catalogue,
    key: &KeyDates,
    recorded: &BTreeMap<u8, NaiveDate>,
    today: NaiveDate,
) -> Vec<Reminder> {
    let mut v: Vec<Reminder> = cat
        .items
        .iter()
        .filter(|i| key.handover_status(i.no, recorded, today).overdue)
        .map(|i| Reminder::HandoverOverdue {
            item: i.no,
            deadline: key.handover_deadline.value,
        })
        .collect();
    let days_left = (key.validity_last_day - today).num_days();
    if days_left < 0 {
        v.push(Reminder::ValidityEnded {
            last_day: key.validity_last_day,
        });
    } else if days_left <= VALIDITY_WARNING_DAYS {
        v.push(Reminder::ValidityEnding {
            last_day: key.validity_last_day,
            days_left,
        });
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{Calendar, StartDay};
    use crate::deadlines::ValidityConvention;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn overdue_handovers_and_the_180_day_window() {
        let cat = Catalogue::embedded();
        let key = KeyDates::compute(
            cat,
            Calendar::embedded(),
            StartDay::Excluded,
            ValidityConvention::ListingPractice,
        );
        let mut rec = BTreeMap::new();
        assert!(
            reminders(cat, &key, &rec, d(2024, 6, 13)).is_empty(),
            "deadline day"
        );
        let r = reminders(cat, &key, &rec, d(2024, 6, 14));
        assert_eq!(r.len(), 12);
        rec.insert(10, d(2024, 6, 20));
        assert_eq!(reminders(cat, &key, &rec, d(2024, 6, 14)).len(), 11);
        // Last day 2029-04-28: 180 days before is 2028-10-30.
        let on = |t| {
            reminders(
                cat,
                &key,
                &BTreeMap::from_iter((1..=12).map(|i| (i, d(2024, 6, 1)))),
                t,
            )
        };
        assert!(on(d(2028, 10, 29)).is_empty());
        assert_eq!(
            on(d(2028, 10, 30)),
            vec![Reminder::ValidityEnding {
                last_day: d(2029, 4, 28),
                days_left: 180
            }]
        );
        assert_eq!(
            on(d(2029, 4, 29)),
            vec![Reminder::ValidityEnded {
                last_day: d(2029, 4, 28)
            }]
        );
    }
}
