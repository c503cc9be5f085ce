//! Deserialisers that refuse what serde would otherwise accept in silence: a decimal with
//! more places than a field allows (it would be rounded to another number). Their errors come
//! back from the parser with its position as typed [`DataProblem`](crate::error::DataProblem)s.
//! (A map keyed by item number is the catalogue's: [`crate::catalogue::item_map`].)

use serde::de::{self, Deserialize, Deserializer};

use crate::error::marked;

/// The most decimal places a measured value may have in a file.
pub const DECIMAL_PLACES: u8 = 2;

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

/// `max_dbh_cm`: a decimal of at most two places, as written.
pub fn dbh_cm<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    decimal(d, "max_dbh_cm")
}
