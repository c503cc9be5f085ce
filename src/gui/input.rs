//! Numbers as a clerk types them: full-width digits (２２０, from a Chinese input method),
//! thousands separators (50,000 or 50，000), spaces around. Each problem has one wording
//! (an [`L`]), shared by every field that can have it.

use delegation_words::ui::L;

/// The largest number of working days the calculator counts (about 400 years).
pub const MAX_WORKING_DAYS: i64 = 100_000;

/// The largest trunk diameter and volume taken: the law's, which every file reader holds to.
pub use delegation_law::strict::{MAX_DBH_CM, MAX_WHOLE};

/// A typed or pasted text, cut to what a spreadsheet cell holds (`MAX_TEXT_CHARS`): the
/// files refuse longer, and a slip of a 16 M-character id would run to thousands of pages.
pub fn fit(mut s: String) -> String {
    let max = delegation_law::strict::MAX_TEXT_CHARS;
    if s.len() > max
        && let Some((end, _)) = s.char_indices().nth(max)
    {
        s.truncate(end);
    }
    s
}

/// Full-width digits, point, comma and minus as their ASCII forms, and the text trimmed
/// (including the ideographic space).
pub fn normalize(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '，' => ',',
            '－' | '−' => '-',
            c => c,
        })
        .collect()
}

/// Digits with their thousands separators taken out, when the separators group by three
/// ("50,000", "1,500,000"); anything else is returned as typed.
fn ungroup(s: &str) -> String {
    if !s.contains(',') {
        return s.to_string();
    }
    let groups: Vec<&str> = s.split(',').collect();
    let ok = groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3);
    if ok { groups.concat() } else { s.to_string() }
}

/// A whole number above 0, at most `max`.
pub fn positive(s: &str, max: u64) -> Result<u64, L> {
    let s = ungroup(&normalize(s));
    if s.is_empty() {
        return Err(L::ErrEmpty);
    }
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(L::ErrWhole);
    }
    let digits = s.trim_start_matches('0');
    if digits.is_empty() {
        return Err(L::ErrZero);
    }
    match digits.parse::<u64>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(L::ErrTooLarge),
    }
}

/// A whole number that may be negative (working days back), at most `max` either way.
pub fn signed(s: &str, max: i64) -> Result<i64, L> {
    let s = normalize(s);
    let (neg, rest) = match s.strip_prefix('-') {
        Some(r) => (true, r.trim_start()),
        None => (false, s.strip_prefix('+').unwrap_or(&s)),
    };
    let rest = ungroup(rest);
    if rest.is_empty() {
        return Err(if s.is_empty() {
            L::ErrEmpty
        } else {
            L::ErrInteger
        });
    }
    if !rest.chars().all(|c| c.is_ascii_digit()) {
        return Err(L::ErrInteger);
    }
    let digits = rest.trim_start_matches('0');
    let n = if digits.is_empty() {
        0
    } else {
        match digits.parse::<i64>() {
            Ok(n) if n <= max => n,
            _ => return Err(L::ErrTooLarge),
        }
    };
    Ok(if neg { -n } else { n })
}

/// A measurement above 0 with at most two decimals and no exponent ("30.5", "４０"), at most
/// `max`.
pub fn decimal(s: &str, max: f64) -> Result<f64, L> {
    let s = ungroup(&normalize(s));
    if s.is_empty() {
        return Err(L::ErrEmpty);
    }
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let digits = |p: &str| p.chars().all(|c| c.is_ascii_digit());
    if (int.is_empty() && frac.is_empty())
        || !digits(int)
        || !digits(frac)
        || frac.len() > 2
        || (s.contains('.') && frac.is_empty())
    {
        return Err(L::ErrDecimal);
    }
    if int.trim_start_matches('0').len() > 6 {
        return Err(L::ErrTooLarge);
    }
    let x: f64 = format!("{}.{}", if int.is_empty() { "0" } else { int }, frac)
        .trim_end_matches('.')
        .parse()
        .map_err(|_| L::ErrDecimal)?;
    if x <= 0.0 {
        Err(L::ErrZero)
    } else if x > max {
        Err(L::ErrTooLarge)
    } else {
        Ok(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_clerks_type_them() {
        assert_eq!(positive("２２０", u64::MAX), Ok(220));
        assert_eq!(positive(" 50,000 ", u64::MAX), Ok(50_000));
        assert_eq!(positive("50，000", u64::MAX), Ok(50_000));
        assert_eq!(positive("5,00", u64::MAX), Err(L::ErrWhole));
        assert_eq!(positive("8万", u64::MAX), Err(L::ErrWhole));
        assert_eq!(positive("0", u64::MAX), Err(L::ErrZero));
        assert_eq!(positive("", u64::MAX), Err(L::ErrEmpty));
        assert_eq!(
            positive("99999999999999999999", u64::MAX),
            Err(L::ErrTooLarge)
        );
        assert_eq!(
            positive("5000000000", u64::from(u32::MAX)),
            Err(L::ErrTooLarge)
        );
        assert_eq!(signed("-３０", MAX_WORKING_DAYS), Ok(-30));
        assert_eq!(signed("0", MAX_WORKING_DAYS), Ok(0));
        assert_eq!(signed("x", MAX_WORKING_DAYS), Err(L::ErrInteger));
        assert_eq!(signed("200000", MAX_WORKING_DAYS), Err(L::ErrTooLarge));
        assert_eq!(decimal("30.5", MAX_DBH_CM), Ok(30.5));
        assert_eq!(decimal("４０．２５", MAX_DBH_CM), Ok(40.25));
        assert_eq!(decimal("4e1", MAX_DBH_CM), Err(L::ErrDecimal));
        assert_eq!(decimal("1.234", MAX_DBH_CM), Err(L::ErrDecimal));
        assert_eq!(decimal("0", MAX_DBH_CM), Err(L::ErrZero));
        assert_eq!(decimal("0.00", MAX_DBH_CM), Err(L::ErrZero));
        assert_eq!(
            decimal("99999999999999999999", MAX_DBH_CM),
            Err(L::ErrTooLarge)
        );
        assert_eq!(decimal("inf", MAX_DBH_CM), Err(L::ErrDecimal));
        assert_eq!(decimal("NaN", MAX_DBH_CM), Err(L::ErrDecimal));
    }
}

#[cfg(test)]
mod fit_tests {
    #[test]
    fn a_text_is_cut_to_what_a_cell_holds_and_no_shorter() {
        let max = delegation_law::strict::MAX_TEXT_CHARS;
        assert_eq!(super::fit("港".repeat(max)).chars().count(), max);
        assert_eq!(super::fit("港".repeat(max + 5)).chars().count(), max);
        assert_eq!(super::fit("x".repeat(4_000_000)).len(), max);
        assert_eq!(super::fit("ab".into()), "ab");
    }
}
