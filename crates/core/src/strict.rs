//! Deserialisers that refuse what serde would otherwise accept in silence: a map key given
//! twice (the later would win), an item the notice does not have, a decimal with more places
//! than a field allows (it would be rounded to another number). Their errors come back from
//! the parser with its position as typed [`Problem`](crate::error::Problem)s.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use crate::catalogue::Catalogue;
use crate::error::marked;

/// The highest item number of the notice.
pub(crate) fn max_item() -> u8 {
    Catalogue::embedded()
        .items
        .iter()
        .map(|i| i.no)
        .max()
        .unwrap_or(0)
}

/// A map keyed by item number: every key one of the notice's items, none given twice.
pub fn item_map<'de, D, V>(d: D) -> Result<BTreeMap<u8, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct ItemMap<V>(PhantomData<V>);
    impl<'de, V: Deserialize<'de>> Visitor<'de> for ItemMap<V> {
        type Value = BTreeMap<u8, V>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map from item numbers")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let max = max_item();
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<u64>()? {
                if key == 0 || key > u64::from(max) {
                    return Err(marked(&["item", &key.to_string(), &max.to_string()]));
                }
                let value = map.next_value::<V>()?;
                if out.insert(key as u8, value).is_some() {
                    return Err(marked(&["duplicate", &key.to_string()]));
                }
            }
            Ok(out)
        }
    }
    d.deserialize_map(ItemMap(PhantomData))
}

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
