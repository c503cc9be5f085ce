//! The working-day calendar.
//!
//! 行政许可法 第八十二条: periods counted in working days do not include statutory holidays.
//! A working day is a Monday to Friday that is not a day off of the State Council's holiday
//! arrangement, or a Saturday or Sunday the arrangement makes a working day (调休上班).
//! `data/holidays.ron` lists, year by year, the days off and the make-up working days; every
//! day not listed follows the Monday–Friday rule. For a year the calendar does not list, the
//! Monday–Friday rule is assumed and every answer that relied on that year says so in
//! [`Computed::uncovered_years`], so the caller can warn.
//!
//! # How spans are counted
//!
//! Nothing here walks day by day. Days are numbered (`num_days_from_ce`) and
//! `W(d)`, the number of working days up to and including day `d`, is computed in closed form:
//! the Monday–Friday days up to `d` (whole weeks times five plus the weekdays of the last,
//! partial week) plus a correction read from a sorted table of the listed days that change the
//! Monday–Friday answer (−1 for a day off on a weekday, +1 for a make-up Saturday or Sunday),
//! whose running sums are precomputed. `W` costs one binary search over that table (a few dozen
//! entries a year), so:
//!
//! * `working_days_between` is two evaluations of `W`, whatever the span (1,000 years included);
//! * `add_working_days` binary-searches the first day where `W` reaches its target, between
//!   bounds that are at most `7 × (n + days off) / 5 + 7` days apart: about ten evaluations of
//!   `W` for a 30-day period, about forty for the largest `n`.
//!
//! Neither allocates except for the (usually empty) list of uncovered years, which has one entry
//! per uncovered year the span touches. Results that would fall outside chrono's date range
//! (±262,000 years) saturate at `NaiveDate::MIN` / `NaiveDate::MAX` in `add_working_days`;
//! `checked_add_working_days` (what the command line uses) makes them an error.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{DateOutOfRange, Festival};

pub use crate::error::{CalendarError, CalendarProblem};

/// The embedded calendar, `data/holidays.ron`.
pub const HOLIDAYS_RON: &str = include_str!("../../../data/holidays.ron");

/// Whether the day a period starts on is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum StartDay {
    /// 民法典 第二百零一条: the start day is not counted; the period begins the next day.
    #[default]
    Excluded,
    /// The start day counts as day 1 when it is a working day.
    Included,
}

/// What kind of day a date is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayKind {
    /// Monday to Friday, not listed.
    Workday,
    /// Saturday or Sunday, not listed.
    Weekend,
    /// A day off of the named holiday (on any day of the week).
    Holiday(String),
    /// A Saturday or Sunday worked in exchange for the named holiday (调休上班).
    MakeupWorkday(String),
}

impl DayKind {
    pub fn is_working(&self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeupWorkday(_))
    }
}

/// A computed answer plus the years it relied on that the calendar does not cover (the
/// Monday–Friday rule was assumed there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Computed<T> {
    pub value: T,
    /// Sorted, without duplicates; empty when the calendar covered every day used.
    pub uncovered_years: Vec<i32>,
}

/// The most days off a year's arrangement may list. The State Council's notices list 28
/// (2024, 2025) and 33 (2026): the statutory holidays and the days bridged to them. A year
/// with many more (365 days off) is no arrangement, and would stop every deadline.
pub const MAX_OFF_DAYS: usize = 45;

/// One year of the State Council's holiday arrangement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearData {
    pub year: i32,
    /// The notice the dates come from (its address or title).
    pub notice: String,
    /// Days off, with the holiday's name.
    pub off: Vec<(NaiveDate, String)>,
    /// Make-up working days (调休上班), with the holiday's name.
    pub makeup: Vec<(NaiveDate, String)>,
}

impl YearData {
    /// Checks that every date lies in `year`, that no date is listed twice and that every
    /// make-up working day is a Saturday or Sunday.
    pub fn validate(&self) -> Result<(), CalendarError> {
        if self.off.len() > MAX_OFF_DAYS {
            return Err(CalendarError::new(CalendarProblem::TooManyOffDays {
                year: self.year,
                off: self.off.len(),
                max: MAX_OFF_DAYS,
            }));
        }
        let mut seen: HashMap<NaiveDate, &str> = HashMap::new();
        let lists = [("off", &self.off), ("makeup", &self.makeup)];
        for (list, days) in lists {
            for (date, name) in days {
                if date.year() != self.year {
                    return Err(CalendarError::new(CalendarProblem::DateOutsideYear {
                        year: self.year,
                        date: *date,
                        name: name.clone(),
                    }));
                }
                if seen.insert(*date, list).is_some() {
                    return Err(CalendarError::new(CalendarProblem::DateListedTwice {
                        year: self.year,
                        date: *date,
                    }));
                }
                if list == "makeup" && !is_weekend_dn(dn(*date)) {
                    return Err(CalendarError::new(CalendarProblem::MakeupOnWeekday {
                        year: self.year,
                        date: *date,
                        name: name.clone(),
                        weekday: date.weekday(),
                    }));
                }
            }
        }
        Ok(())
    }
}

/// The working-day calendar: the listed years and an index for fast counting.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    years: BTreeMap<i32, YearData>,
    /// Every listed day: off (true) or make-up (false), and the holiday's name.
    listed: HashMap<NaiveDate, (bool, String)>,
    /// Day numbers of the listed days that change the Monday–Friday answer, ascending.
    shift_days: Vec<i64>,
    /// `shift_sum[i]`: the sum of the changes (+1 / −1) of `shift_days[..=i]`.
    shift_sum: Vec<i64>,
    /// How many weekdays the calendar turns into days off (bounds the searches).
    removed: i64,
}

// The calendar file's own shape, kept apart from `YearData` so the file stays readable.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRoot {
    years: Vec<FileYear>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileYear {
    year: i32,
    notice: String,
    #[serde(default)]
    off: Vec<FileDay>,
    #[serde(default)]
    makeup: Vec<FileDay>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDay {
    date: NaiveDate,
    name: String,
}

impl Calendar {
    /// The calendar embedded from `data/holidays.ron`, parsed once.
    ///
    /// # Panics
    /// If the embedded file does not parse (the unit tests would have failed first).
    pub fn embedded() -> &'static Calendar {
        static CAL: OnceLock<Calendar> = OnceLock::new();
        CAL.get_or_init(|| {
            Calendar::from_ron(HOLIDAYS_RON)
                .unwrap_or_else(|e| panic!("data/holidays.ron is broken: {e}"))
        })
    }

    /// Reads a calendar in the format of `data/holidays.ron`.
    ///
    /// # Errors
    /// Bad RON (with its line and column), a year listed twice, a date outside its year, a date
    /// listed twice, or a make-up working day that is not a Saturday or Sunday (with the line
    /// and column of the date).
    pub fn from_ron(text: &str) -> Result<Calendar, CalendarError> {
        let root: FileRoot = ron::from_str(text).map_err(|e| CalendarError {
            problem: CalendarProblem::Syntax(e.code.to_string()),
            line_col: Some((e.span.start.line, e.span.start.col)),
        })?;
        let mut cal = Calendar::default();
        for (i, fy) in root.years.into_iter().enumerate() {
            let year = fy.year;
            if cal.years.contains_key(&year) {
                return Err(CalendarError {
                    problem: CalendarProblem::YearListedTwice(year),
                    line_col: locate_year(text, year, 1),
                });
            }
            let convert = |days: Vec<FileDay>| -> Vec<(NaiveDate, String)> {
                days.into_iter().map(|d| (d.date, d.name)).collect()
            };
            let data = YearData {
                year,
                notice: fy.notice,
                off: convert(fy.off),
                makeup: convert(fy.makeup),
            };
            data.validate().map_err(|mut e| {
                e.line_col = locate_error(text, &data, i);
                e
            })?;
            cal.years.insert(year, data);
        }
        cal.reindex();
        Ok(cal)
    }

    /// Writes years in the format of `data/holidays.ron` (read back by [`Calendar::from_ron`]).
    pub fn to_ron<'a>(years: impl IntoIterator<Item = &'a YearData>) -> String {
        let q = |s: &str| format!("{s:?}");
        let mut out = String::from("(\n    years: [\n");
        for y in years {
            out.push_str(&format!(
                "        (\n            year: {},\n            notice: {},\n",
                y.year,
                q(&y.notice)
            ));
            for (field, days) in [("off", &y.off), ("makeup", &y.makeup)] {
                out.push_str(&format!("            {field}: [\n"));
                for (date, name) in days {
                    out.push_str(&format!(
                        "                (date: \"{}\", name: {}),\n",
                        date.format("%Y-%m-%d"),
                        q(name)
                    ));
                }
                out.push_str("            ],\n");
            }
            out.push_str("        ),\n");
        }
        out.push_str("    ],\n)\n");
        out
    }

    /// The years the calendar lists, ascending.
    pub fn covered_years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    pub fn covers(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// One year's data, if listed.
    pub fn year(&self, year: i32) -> Option<&YearData> {
        self.years.get(&year)
    }

    /// Every listed year, ascending.
    pub fn years(&self) -> impl Iterator<Item = &YearData> {
        self.years.values()
    }

    /// Replaces or inserts one year's data (a user's override for a new year, say).
    ///
    /// Not checked here: call [`YearData::validate`] first. Dates outside `year.year` are
    /// ignored; a date listed twice counts as a day off.
    pub fn set_year(&mut self, year: YearData) {
        self.years.insert(year.year, year);
        self.reindex();
    }

    pub fn day_kind(&self, d: NaiveDate) -> DayKind {
        match self.listed.get(&d) {
            Some((true, name)) => DayKind::Holiday(name.clone()),
            Some((false, name)) => DayKind::MakeupWorkday(name.clone()),
            None if is_weekend_dn(dn(d)) => DayKind::Weekend,
            None => DayKind::Workday,
        }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        let x = dn(d);
        is_weekend_dn(x) == self.shift_days.binary_search(&x).is_ok()
    }

    /// n > 0: forwards; n < 0: backwards; n == 0: the start date itself (relying on no day).
    ///
    /// `Excluded`: the |n|-th working day after (before) `start`. `Included`: `start` counts as
    /// day 1 when it is a working day (30 working days from 2024-04-29 is 2024-06-13 Excluded,
    /// 2024-06-12 Included).
    pub fn add_working_days(
        &self,
        start: NaiveDate,
        n: i64,
        conv: StartDay,
    ) -> Computed<NaiveDate> {
        let (found, a, b, _) = self.add_search(start, n, conv);
        Computed {
            value: from_dn(found),
            uncovered_years: self.uncovered(a, b),
        }
    }

    /// [`Calendar::add_working_days`], but a sum whose answer lies outside chrono's dates is
    /// an error instead of saturating at `NaiveDate::MIN` / `MAX`.
    pub fn checked_add_working_days(
        &self,
        start: NaiveDate,
        n: i64,
        conv: StartDay,
    ) -> Result<Computed<NaiveDate>, DateOutOfRange> {
        let (found, a, b, exact) = self.add_search(start, n, conv);
        if !exact {
            return Err(DateOutOfRange { start, n });
        }
        Ok(Computed {
            value: from_dn(found),
            uncovered_years: self.uncovered(a, b),
        })
    }

    /// The day `n` working days from `start`, the span [a, b] it crossed, and whether the day
    /// is the true answer (false: the search hit the end of chrono's dates).
    fn add_search(&self, start: NaiveDate, n: i64, conv: StartDay) -> (i64, i64, i64, bool) {
        if n == 0 {
            return (dn(start), 1, 0, true);
        }
        let base = base_day(dn(start), n > 0, conv);
        let (target, lo, hi) = if n > 0 {
            // The first day after `base` where W reaches W(base) + n.
            let span = self.search_span(n);
            (
                self.w(base).saturating_add(n),
                base + 1,
                base.saturating_add(span),
            )
        } else {
            // The day where W first reaches W(base − 1) − |n| + 1: then [day, base) holds |n|
            // working days and the day itself is one.
            let span = self.search_span(n.saturating_neg());
            (
                self.w(base - 1).saturating_add(n) + 1,
                base.saturating_sub(span),
                base - 1,
            )
        };
        let (lo_c, hi_c) = (lo.max(min_dn()), hi.min(max_dn()));
        let found = self.first_reaching(target, lo_c, hi_c);
        let exact = lo_c <= hi_c
            && self.w(found) >= target
            && (found > lo_c || lo_c == lo || self.w(found - 1) < target);
        let (a, b) = if n > 0 {
            (base + 1, found)
        } else {
            (found, base - 1)
        };
        (found, a, b, exact)
    }

    /// Working days in (from, to] (`Excluded`) or [from, to] (`Included`); when `to < from`,
    /// the mirror image with a minus sign: [to, from) or [to, from].
    ///
    /// `add_working_days(s, n, c).value == d` implies `working_days_between(s, d, c).value == n`
    /// for every n ≥ 1, and for every n ≤ −1 except `Included` with n = −1 on a working day
    /// (then d == s, which counts +1).
    pub fn working_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        conv: StartDay,
    ) -> Computed<i64> {
        let t = dn(to);
        let base = base_day(dn(from), t >= dn(from), conv);
        let (value, a, b) = if t >= base {
            (self.w(t) - self.w(base), base + 1, t)
        } else {
            (-(self.w(base - 1) - self.w(t - 1)), t, base - 1)
        };
        Computed {
            value,
            uncovered_years: self.uncovered(a, b),
        }
    }

    /// W(x): working days on day numbers ≤ x, up to a constant.
    fn w(&self, x: i64) -> i64 {
        let i = self.shift_days.partition_point(|&s| s <= x);
        weekdays_upto(x) + i.checked_sub(1).map_or(0, |last| self.shift_sum[last])
    }

    /// The smallest day in [lo, hi] where W reaches `target` (`hi` if none: saturation).
    fn first_reaching(&self, target: i64, mut lo: i64, mut hi: i64) -> i64 {
        if lo > hi {
            return hi;
        }
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.w(mid) >= target {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        lo
    }

    /// Calendar days certain to hold `n` working days: n weekdays need at most
    /// 7 × (n / 5 + 1) days, plus room for every weekday the calendar takes away.
    fn search_span(&self, n: i64) -> i64 {
        (n.saturating_add(self.removed) / 5 + 1).saturating_mul(7)
    }

    /// The uncovered years of the day numbers [a, b].
    fn uncovered(&self, a: i64, b: i64) -> Vec<i32> {
        if a > b {
            return Vec::new();
        }
        let (ya, yb) = (from_dn(a).year(), from_dn(b).year());
        (ya..=yb).filter(|y| !self.years.contains_key(y)).collect()
    }

    fn reindex(&mut self) {
        self.listed.clear();
        for y in self.years.values() {
            // Off first, so a day listed in both lists stays a day off.
            let lists = [(true, &y.off), (false, &y.makeup)];
            for (off, days) in lists {
                for (date, name) in days {
                    if date.year() == y.year {
                        self.listed.entry(*date).or_insert((off, name.clone()));
                    }
                }
            }
        }
        let mut shifts: Vec<(i64, i64)> = self
            .listed
            .iter()
            .filter_map(|(&date, &(off, _))| {
                let x = dn(date);
                match (off, is_weekend_dn(x)) {
                    (true, false) => Some((x, -1)),
                    (false, true) => Some((x, 1)),
                    _ => None,
                }
            })
            .collect();
        shifts.sort_unstable();
        self.shift_days = shifts.iter().map(|&(x, _)| x).collect();
        let mut sum = 0;
        self.shift_sum = shifts
            .iter()
            .map(|&(_, delta)| {
                sum += delta;
                sum
            })
            .collect();
        self.removed = shifts.iter().filter(|&&(_, d)| d < 0).count() as i64;
    }
}

fn min_dn() -> i64 {
    dn(NaiveDate::MIN)
}

fn max_dn() -> i64 {
    dn(NaiveDate::MAX)
}

fn dn(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

/// The date of a day number, saturating at chrono's range.
fn from_dn(x: i64) -> NaiveDate {
    let x = x.clamp(min_dn(), max_dn()) as i32;
    NaiveDate::from_num_days_from_ce_opt(x).expect("clamped into chrono's range")
}

/// Day 1 (0001-01-01) is a Monday, so day x is a Saturday or Sunday when x mod 7 is 6 or 0.
fn is_weekend_dn(x: i64) -> bool {
    matches!(x.rem_euclid(7), 0 | 6)
}

/// Monday–Friday days among the day numbers 1..=x (negative for x < 0); the difference of two
/// values counts the weekdays in between, on either side of day 0.
fn weekdays_upto(x: i64) -> i64 {
    5 * x.div_euclid(7) + x.rem_euclid(7).min(5)
}

/// The day the count starts after (`Excluded` semantics): `Included` moves it one day back
/// (forwards) or forwards (backwards) so the start day itself is counted.
fn base_day(start: i64, forwards: bool, conv: StartDay) -> i64 {
    match (conv, forwards) {
        (StartDay::Excluded, _) => start,
        (StartDay::Included, true) => start - 1,
        (StartDay::Included, false) => start + 1,
    }
}

/// 1-based line and column of byte offset `at`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Where the `skip`-th (0-based) `year: <year>` of the file is.
fn locate_year(text: &str, year: i32, skip: usize) -> Option<(usize, usize)> {
    let mut found = 0;
    for (at, _) in text.match_indices("year") {
        let rest = text[at + 4..].trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim_start();
        let digits: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        if digits.parse::<i32>() == Ok(year) {
            if found == skip {
                return Some(line_col(text, at));
            }
            found += 1;
        }
    }
    None
}

/// Where the date a validation error names is: the first bad date of the `index`-th year block
/// (or, for a date listed twice, its second listing).
fn locate_error(text: &str, data: &YearData, index: usize) -> Option<(usize, usize)> {
    // Start the search at the year's own block.
    let block_start = {
        let mut starts = text
            .match_indices("year")
            .filter(|(at, _)| text[at + 4..].trim_start().starts_with(':'));
        starts.nth(index).map_or(0, |(at, _)| at)
    };
    let mut seen: HashMap<NaiveDate, usize> = HashMap::new();
    for (off, (date, _)) in data
        .off
        .iter()
        .map(|d| (true, d))
        .chain(data.makeup.iter().map(|d| (false, d)))
    {
        let repeat = seen.entry(*date).or_insert(0);
        let bad = date.year() != data.year || *repeat > 0 || (!off && !is_weekend_dn(dn(*date)));
        if bad {
            let needle = format!("\"{date}\"");
            let at = text[block_start..]
                .match_indices(&needle)
                .nth(*repeat)
                .map(|(at, _)| block_start + at)?;
            return Some(line_col(text, at + 1));
        }
        *repeat += 1;
    }
    None
}

/// The statutory festivals none of the year's days off is named for. A year replaces the
/// embedded one whole, so a partial year would turn the missing holidays into working days.
/// A name may join two festivals that share days ("国庆节、中秋节").
pub fn missing_festivals(year: &YearData) -> Vec<Festival> {
    Festival::ALL
        .into_iter()
        .filter(|f| {
            !year.off.iter().any(|(_, name)| {
                name.split(['、', ',', '，', '/', ' '])
                    .any(|part| part.trim() == f.notice_name())
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekday_arithmetic_matches_chrono() {
        use chrono::Weekday;
        let start = d(1999, 12, 1);
        let mut prev = weekdays_upto(dn(start) - 1);
        for day in start.iter_days().take(3000) {
            let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
            assert_eq!(is_weekend_dn(dn(day)), weekend, "{day}");
            let now = weekdays_upto(dn(day));
            assert_eq!(now - prev, i64::from(!weekend), "{day}");
            prev = now;
        }
        // Also on and below day 0 (0000-12-31, a Sunday).
        assert_eq!(weekdays_upto(0), 0);
        assert_eq!(weekdays_upto(-1) - weekdays_upto(-8), 5);
    }

    #[test]
    fn is_working_day_agrees_with_day_kind() {
        let cal = Calendar::embedded();
        let mut day = d(2023, 1, 1);
        while day <= d(2027, 12, 31) {
            assert_eq!(
                cal.is_working_day(day),
                cal.day_kind(day).is_working(),
                "{day}"
            );
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn an_empty_calendar_is_monday_to_friday() {
        let cal = Calendar::default();
        // 2027-01-01 is a Friday.
        let r = cal.add_working_days(d(2026, 12, 31), 1, StartDay::Excluded);
        assert_eq!(r.value, d(2027, 1, 1));
        assert_eq!(r.uncovered_years, vec![2027]);
        let r = cal.add_working_days(d(2027, 1, 1), 5, StartDay::Excluded);
        assert_eq!(r.value, d(2027, 1, 8));
    }

    #[test]
    fn extreme_spans_saturate_without_hanging() {
        let cal = Calendar::embedded();
        let r = cal.add_working_days(d(2024, 4, 29), i64::MAX, StartDay::Excluded);
        assert_eq!(r.value, NaiveDate::MAX);
        let r = cal.add_working_days(d(2024, 4, 29), i64::MIN, StartDay::Included);
        assert_eq!(r.value, NaiveDate::MIN);
        let r = cal.working_days_between(NaiveDate::MIN, NaiveDate::MAX, StartDay::Included);
        assert!(r.value > 0);
        assert!(!r.uncovered_years.contains(&2025));
    }

    #[test]
    fn validation_names_the_bad_date_and_its_line() {
        let text = "(years: [\n (year: 2024, notice: \"n\",\n  off: [(date: \"2025-01-01\", name: \"x\")])])";
        let e = Calendar::from_ron(text).unwrap_err();
        assert!(
            matches!(e.problem, CalendarProblem::DateOutsideYear { date, .. } if date.to_string() == "2025-01-01"),
            "{e}"
        );
        assert_eq!(e.line_col, Some((3, 17)), "{e}");

        let text = "(years: [(year: 2024, notice: \"n\", off: [(date: \"2024-05-01\", name: \"a\")],\n makeup: [(date: \"2024-05-01\", name: \"a\")])])";
        let e = Calendar::from_ron(text).unwrap_err();
        assert!(
            matches!(e.problem, CalendarProblem::DateListedTwice { .. }),
            "{e}"
        );
        assert_eq!(e.line_col.map(|p| p.0), Some(2), "{e}");

        // 2024-05-13 is a Monday.
        let text =
            "(years: [(year: 2024, notice: \"n\", makeup: [(date: \"2024-05-13\", name: \"a\")])])";
        let e = Calendar::from_ron(text).unwrap_err();
        assert!(
            matches!(
                e.problem,
                CalendarProblem::MakeupOnWeekday {
                    weekday: chrono::Weekday::Mon,
                    ..
                }
            ),
            "{e}"
        );

        let text = "(years: [(year: 2024, notice: \"n\"),\n(year: 2024, notice: \"m\")])";
        let e = Calendar::from_ron(text).unwrap_err();
        assert_eq!(e.problem, CalendarProblem::YearListedTwice(2024), "{e}");
        assert_eq!(e.line_col, Some((2, 2)), "{e}");

        let text = "(years: [(year: 2024, notice: \"n\", makup: [])])";
        let e = Calendar::from_ron(text).unwrap_err();
        assert!(
            e.line_col.is_some()
                && matches!(&e.problem, CalendarProblem::Syntax(m) if m.contains("makup")),
            "{e}"
        );
    }

    #[test]
    fn set_year_reindexes() {
        let mut cal = Calendar::embedded().clone();
        assert!(!cal.covers(2027));
        // A made-up arrangement: 2027-01-01 (Friday) off, 2027-01-02 (Saturday) worked.
        cal.set_year(YearData {
            year: 2027,
            notice: "test".into(),
            off: vec![(d(2027, 1, 1), "元旦".into())],
            makeup: vec![(d(2027, 1, 2), "元旦".into())],
        });
        assert!(cal.covers(2027));
        assert_eq!(cal.covered_years(), vec![2024, 2025, 2026, 2027]);
        assert!(!cal.is_working_day(d(2027, 1, 1)));
        assert!(cal.is_working_day(d(2027, 1, 2)));
        let r = cal.add_working_days(d(2026, 12, 31), 1, StartDay::Excluded);
        assert_eq!(r.value, d(2027, 1, 2));
        assert!(r.uncovered_years.is_empty());
        // Replacing a year drops its old days.
        cal.set_year(YearData {
            year: 2024,
            notice: "none".into(),
            off: vec![],
            makeup: vec![],
        });
        assert!(cal.is_working_day(d(2024, 5, 2)));
        assert_eq!(cal.day_kind(d(2024, 5, 11)), DayKind::Weekend);
    }
}

/// A date as `%Y-%m-%d` gives it ("2024-06-13"), without parsing the pattern for every date:
/// a million-row register prints several a row. Years outside 0–9999 keep chrono's form.
pub fn ymd(d: NaiveDate) -> String {
    match d.year() {
        y @ 0..=9999 => format!("{y:04}-{:02}-{:02}", d.month(), d.day()),
        _ => d.format("%Y-%m-%d").to_string(),
    }
}

#[cfg(test)]
mod ymd_tests {
    use super::*;

    #[test]
    fn ymd_is_what_chrono_gives() {
        let days = [
            (1, 1, 1),
            (0, 1, 1),
            (-1, 12, 31),
            (1900, 1, 1),
            (2024, 2, 29),
        ]
        .into_iter()
        .chain([
            (9999, 12, 31),
            (10000, 1, 1),
            (262_142, 12, 31),
            (2026, 11, 28),
        ]);
        for (y, m, d) in days {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(ymd(day), day.format("%Y-%m-%d").to_string());
        }
    }
}
