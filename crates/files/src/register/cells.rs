//! A cell as read, and the one way each kind of cell becomes a value: whole numbers and
//! decimals as clerks type them (full-width digits, thousands separators), dates in every
//! written form, yes/no, and a choice column's spellings.

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::register::columns::{Column, half_width};
use crate::register::problem::CellProblemKind;

/// A cell as read, before its column says what it must be.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    /// The spreadsheet's error value.
    Error(String),
    /// A formula without a saved value (the file was written by a program that does not
    /// calculate): its text, when known.
    Formula(String),
    /// A date cell whose serial is no day in 1900-01-01…9999-12-31 (NaN, −5): the serial.
    BadDate(String),
}

impl Cell {
    pub(crate) fn text(s: &str) -> Cell {
        let t = s.trim();
        if t.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(t.to_string())
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// As the clerk sees it.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Error(s) | Cell::Formula(s) | Cell::BadDate(s) => s.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => delegation_law::calendar::ymd(*d),
        }
    }

    /// [`Cell::display`], keeping the cell's own text.
    pub(crate) fn into_display(self) -> String {
        match self {
            Cell::Text(s) | Cell::Error(s) | Cell::Formula(s) | Cell::BadDate(s) => s,
            other => other.display(),
        }
    }
}

pub(crate) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Digits with optional thousands separators (`,` or `，`, in groups of three).
pub(crate) fn ungroup(s: &str) -> Option<Cow<'_, str>> {
    if !s.contains(',') {
        return Some(Cow::Borrowed(s));
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let (sign, int) = match int.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", int),
    };
    let groups: Vec<&str> = int.split(',').collect();
    let ok = groups.iter().enumerate().all(|(i, g)| {
        g.chars().all(|c| c.is_ascii_digit())
            && if i == 0 {
                (1..=3).contains(&g.len())
            } else {
                g.len() == 3
            }
    });
    ok.then(|| {
        let mut out = format!("{sign}{}", groups.concat());
        if let Some(f) = frac {
            out.push('.');
            out.push_str(f);
        }
        Cow::Owned(out)
    })
}

pub(crate) fn number_like(s: &str) -> Cow<'_, str> {
    match half_width(s) {
        Cow::Borrowed(t) if !t.contains(['，', ' ']) => Cow::Borrowed(t),
        t => Cow::Owned(t.replace('，', ",").replace(' ', "")),
    }
}

pub(crate) fn integer(cell: &Cell, max: u64) -> Result<u64, CellProblemKind> {
    // The cell as the clerk sees it, for a message: made only when there is one.
    let shown = || cell.display();
    let value = match cell {
        Cell::Number(n) => {
            if n.fract() != 0.0 || !n.is_finite() {
                return Err(CellProblemKind::NotInteger(shown()));
            }
            *n
        }
        Cell::Text(s) => {
            let plain = number_like(s);
            let t = ungroup(&plain).ok_or_else(|| CellProblemKind::NotInteger(shown()))?;
            let digits = t.strip_prefix('-').unwrap_or(&t);
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                return Err(CellProblemKind::NotInteger(shown()));
            }
            if t.starts_with('-') {
                return Err(if digits.chars().all(|c| c == '0') {
                    CellProblemKind::NotInteger(shown())
                } else {
                    CellProblemKind::Negative(shown())
                });
            }
            return match digits.parse::<u64>() {
                Ok(v) if v <= max => Ok(v),
                _ => Err(CellProblemKind::TooLarge(shown())),
            };
        }
        _ => return Err(CellProblemKind::NotInteger(shown())),
    };
    if value < 0.0 {
        Err(CellProblemKind::Negative(shown()))
    } else if value > max as f64 {
        Err(CellProblemKind::TooLarge(shown()))
    } else {
        Ok(value as u64)
    }
}

pub(crate) fn decimal(cell: &Cell) -> Result<f64, CellProblemKind> {
    let shown = || cell.display();
    let places = |t: &str| t.split_once('.').map_or(0, |(_, f)| f.len());
    let max = usize::from(delegation_law::strict::DECIMAL_PLACES);
    let value = match cell {
        // The shortest text that reads back as the same number: what the file holds.
        Cell::Number(n) if n.is_finite() => {
            if places(&n.to_string()) > max {
                return Err(CellProblemKind::TooManyDecimals(shown()));
            }
            *n
        }
        Cell::Text(s) => {
            let plain = number_like(s);
            let t = ungroup(&plain).ok_or_else(|| CellProblemKind::NotNumber(shown()))?;
            let body = t.strip_prefix('-').unwrap_or(&t);
            let well_formed = !body.is_empty()
                && body.chars().all(|c| c.is_ascii_digit() || c == '.')
                && body.matches('.').count() <= 1
                && body.chars().any(|c| c.is_ascii_digit());
            if !well_formed {
                return Err(CellProblemKind::NotNumber(shown()));
            }
            if places(&t) > max {
                return Err(CellProblemKind::TooManyDecimals(shown()));
            }
            t.parse::<f64>()
                .map_err(|_| CellProblemKind::NotNumber(shown()))?
        }
        _ => return Err(CellProblemKind::NotNumber(shown())),
    };
    // 1e21 cm or 9007199254740993.00 cm: past what is held exactly, and no tree's.
    if value > delegation_law::strict::MAX_DBH_CM {
        return Err(CellProblemKind::TooLarge(shown()));
    }
    Ok(value)
}

pub(crate) fn yes_no(cell: &Cell) -> Result<bool, CellProblemKind> {
    match cell {
        Cell::Bool(b) => Ok(*b),
        Cell::Number(n) if *n == 1.0 => Ok(true),
        Cell::Number(n) if *n == 0.0 => Ok(false),
        Cell::Text(s) => match half_width(s).trim().to_lowercase().as_str() {
            "是" | "yes" | "true" | "y" | "1" => Ok(true),
            "否" | "no" | "false" | "n" | "0" => Ok(false),
            _ => Err(CellProblemKind::NotYesNo(s.clone())),
        },
        other => Err(CellProblemKind::NotYesNo(other.display())),
    }
}

/// A date as text: 2024-07-01, 2024/7/1, 2024.7.1, 2024年7月1日; a time after it is ignored.
pub fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let t = half_width(s);
    let t = t.trim();
    // A time after the date (Excel's CSV writes "2024/7/1 0:00").
    let t = t.split_once([' ', 'T']).map_or(t, |(d, _)| d);
    let parts: Vec<&str> = if let Some(rest) = t.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        vec![y, m, d]
    } else {
        let sep = ['-', '/', '.'].into_iter().find(|c| t.contains(*c))?;
        t.split(sep).collect()
    };
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let num = |p: &str, len: std::ops::RangeInclusive<usize>| {
        let p = p.trim();
        (len.contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    NaiveDate::from_ymd_opt(num(y, 4..=4)? as i32, num(m, 1..=2)?, num(d, 1..=2)?)
}

pub(crate) fn date(cell: &Cell) -> Result<NaiveDate, CellProblemKind> {
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Text(s) => parse_date_text(s).ok_or(CellProblemKind::NotDate(s.clone())),
        other => Err(CellProblemKind::NotDate(other.display())),
    }
}

pub(crate) fn choice<T: Copy>(
    cell: &Cell,
    col: Column,
    ron: &[(&str, T)],
) -> Result<T, CellProblemKind> {
    let Cell::Text(s) = cell else {
        return Err(CellProblemKind::NotChoice(cell.display()));
    };
    let t = half_width(s);
    let t = t.trim();
    // The template's spellings are in the same order as `ron`.
    col.choices()
        .iter()
        .zip(ron)
        .find(|(zh, (en, _))| t == **zh || t.eq_ignore_ascii_case(en))
        .map(|(_, (_, v))| *v)
        .ok_or(CellProblemKind::NotChoice(s.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_written_form() {
        let d = NaiveDate::from_ymd_opt(2024, 7, 1).unwrap();
        for s in [
            "2024-07-01",
            "2024-7-1",
            "2024/7/1",
            "2024/07/01",
            "2024.7.1",
            "2024年7月1日",
            "２０２４年７月１日",
            "2024/7/1 0:00",
            "2024-07-01T00:00:00",
        ] {
            assert_eq!(parse_date_text(s), Some(d), "{s}");
        }
        for s in [
            "2024-13-01",
            "2024-02-30",
            "24/7/1",
            "7/1/2024",
            "2024-07",
            "明天",
        ] {
            assert_eq!(parse_date_text(s), None, "{s}");
        }
    }

    #[test]
    fn numbers_with_separators_and_full_width_digits() {
        let t = |s: &str| Cell::Text(s.to_string());
        assert_eq!(integer(&t("50000"), u64::MAX), Ok(50000));
        assert_eq!(integer(&t("50,000"), u64::MAX), Ok(50000));
        assert_eq!(integer(&t("1,500,000"), u64::MAX), Ok(1_500_000));
        assert_eq!(integer(&t("５００００"), u64::MAX), Ok(50000));
        assert_eq!(integer(&t("５０，０００"), u64::MAX), Ok(50000));
        assert_eq!(integer(&Cell::Number(80000.0), u64::MAX), Ok(80000));
        assert!(
            matches!(integer(&t("5万"), u64::MAX), Err(CellProblemKind::NotInteger(s)) if s == "5万")
        );
        assert!(matches!(
            integer(&t("5,00"), u64::MAX),
            Err(CellProblemKind::NotInteger(_))
        ));
        assert!(matches!(
            integer(&t("50000.5"), u64::MAX),
            Err(CellProblemKind::NotInteger(_))
        ));
        assert!(matches!(
            integer(&Cell::Number(1.5), u64::MAX),
            Err(CellProblemKind::NotInteger(_))
        ));
        assert!(matches!(
            integer(&t("-3"), u64::MAX),
            Err(CellProblemKind::Negative(_))
        ));
        assert!(matches!(
            integer(&t("300"), 255),
            Err(CellProblemKind::TooLarge(_))
        ));
        assert_eq!(decimal(&t("30.5")), Ok(30.5));
        assert_eq!(decimal(&t("３０．５")), Ok(30.5));
        assert_eq!(decimal(&t("1,030.5")), Ok(1030.5));
        assert!(matches!(
            decimal(&t("1e3")),
            Err(CellProblemKind::NotNumber(_))
        ));
        assert!(matches!(
            decimal(&t("inf")),
            Err(CellProblemKind::NotNumber(_))
        ));
    }

    /// Issue 30, finding 7: numbers past what an f64 holds exactly were taken (2^62 m³ got no
    /// flip; 2^53 + 1 was reported as 2^53; 1e21 cm and 9007199254740993.00 cm routed).
    #[test]
    fn numbers_past_what_is_held_exactly_are_too_large() {
        use delegation_law::strict::{MAX_DBH_CM, MAX_WHOLE};
        let t = |s: &str| Cell::Text(s.to_string());
        let too_large = |r| matches!(r, Err(CellProblemKind::TooLarge(_)));
        assert_eq!(integer(&t("9007199254740992"), MAX_WHOLE), Ok(MAX_WHOLE));
        assert!(too_large(integer(&t("9007199254740993"), MAX_WHOLE)));
        assert!(too_large(integer(&t("4611686018427387904"), MAX_WHOLE)));
        assert!(too_large(integer(&Cell::Number(2f64.powi(62)), MAX_WHOLE)));
        assert_eq!(decimal(&t("9999.99")), Ok(MAX_DBH_CM));
        for big in ["10000", "9007199254740993.00", "99999999999999999999999"] {
            assert!(too_large(decimal(&t(big)).map(|_| 0)), "{big}");
        }
        assert!(too_large(decimal(&Cell::Number(1e21)).map(|_| 0)));
    }

    #[test]
    fn yes_no_spellings() {
        let t = |s: &str| Cell::Text(s.to_string());
        for s in ["是", "yes", "YES", "true", "TRUE", "Y", "y", "1", "１"] {
            assert_eq!(yes_no(&t(s)), Ok(true), "{s}");
        }
        for s in ["否", "no", "No", "false", "N", "n", "0"] {
            assert_eq!(yes_no(&t(s)), Ok(false), "{s}");
        }
        assert_eq!(yes_no(&Cell::Bool(true)), Ok(true));
        assert_eq!(yes_no(&Cell::Number(0.0)), Ok(false));
        assert!(yes_no(&t("不是")).is_err());
    }
}
