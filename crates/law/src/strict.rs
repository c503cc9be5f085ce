//! Deserialisers that refuse what serde would otherwise accept in silence: a decimal with
//! more places than a field allows (it would be rounded to another number). Their errors come
//! back from the parser with its position as typed [`DataProblem`](crate::error::DataProblem)s.
//! (A map keyed by item number is the catalogue's: [`crate::catalogue::item_map`].)

use serde::de::{self, Deserialize, Deserializer};

use crate::error::marked;

/// The most decimal places a measured value may have in a file.
pub const DECIMAL_PLACES: u8 = 2;

/// The largest volume taken (m³ a day): 2^53. The flips and the JSON carry numbers as `f64`,
/// which holds every whole number up to 2^53 exactly and not 2^53 + 1; past it a volume would
/// be reported as another number, and compared as one. Every reader refuses more, naming it.
pub const MAX_WHOLE: u64 = 1 << 53;

/// The most characters a text (an id, an applicant, a note) may have: Excel's and WPS's
/// limit for a cell. Longer, and no register could hold it, the decision table could not be
/// written as .xlsx, and a slip would run to thousands of pages.
pub const MAX_TEXT_CHARS: usize = 32_767;

/// The characters of `s` past [`MAX_TEXT_CHARS`], if any: `Some(count)` of a text too long.
pub fn too_long(s: &str) -> Option<usize> {
    // A text of at most MAX_TEXT_CHARS bytes cannot have more characters; most are that.
    if s.len() <= MAX_TEXT_CHARS {
        return None;
    }
    let n = s.chars().count();
    (n > MAX_TEXT_CHARS).then_some(n)
}

/// The largest trunk diameter taken, in centimetres: no tree is a hundred metres across, and
/// below it every two-place decimal is held closely enough to compare with the thresholds.
pub const MAX_DBH_CM: f64 = 9_999.99;

/// A decimal as written in the source, with at most [`DECIMAL_PLACES`] places: read from the
/// parser's raw text, since an `f64` has already lost what was written
/// (`39.99999999999999999` parses as 40.0).
fn decimal<'de, D: Deserializer<'de>>(d: D, field: &str) -> Result<f64, D::Error> {
    let raw = Box::<ron::value::RawValue>::deserialize(d)?;
    let literal = raw.get_ron().trim();
    let digits = literal.trim_start_matches(['+', '-']);
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit());
    let value: f64 = literal
        .parse()
        .map_err(|_| de::Error::invalid_value(de::Unexpected::Str(literal), &"a decimal number"))?;
    if !plain || frac.len() > usize::from(DECIMAL_PLACES) {
        return Err(marked(&[
            "decimals",
            field,
            literal,
            &DECIMAL_PLACES.to_string(),
        ]));
    }
    Ok(value)
}

/// `max_dbh_cm`: a decimal of at most two places, as written, at most [`MAX_DBH_CM`].
pub fn dbh_cm<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let value = decimal(d, "max_dbh_cm")?;
    if value > MAX_DBH_CM {
        return Err(marked(&[
            "toolarge",
            "max_dbh_cm",
            &value.to_string(),
            &MAX_DBH_CM.to_string(),
        ]));
    }
    Ok(value)
}

/// `m3_per_day`: a whole number of at most [`MAX_WHOLE`].
pub fn m3_per_day<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let value = u64::deserialize(d)?;
    if value > MAX_WHOLE {
        return Err(marked(&[
            "toolarge",
            "m3_per_day",
            &value.to_string(),
            &MAX_WHOLE.to_string(),
        ]));
    }
    Ok(value)
}

/// `id`: a text of at most [`MAX_TEXT_CHARS`] characters.
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    if let Some(n) = too_long(&s) {
        return Err(marked(&[
            "toolong",
            "id",
            &n.to_string(),
            &MAX_TEXT_CHARS.to_string(),
        ]));
    }
    Ok(s)
}
