//! Bounds and ranges in words: the legal term with the number and its unit
//! (民法典 第一千二百五十九条 says which terms include the number).

use delegation_law::rules::{Bound, Range, TreeCondition, fmt_number};

use crate::{Label, Lang};

/// A unit as written after a number in each language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Unit {
    pub const NONE: Unit = Unit { zh: "", en: "" };
    pub const KV: Unit = Unit {
        zh: "千伏",
        en: "kV",
    };
    pub const M3: Unit = Unit {
        zh: "立方米",
        en: "m³",
    };
    /// Daily water volume; in Chinese the 日 is in the sentence (日取水量…立方米).
    pub const M3_PER_DAY: Unit = Unit {
        zh: "立方米",
        en: "m³/day",
    };
}

/// A bound or range as the legal term and its reading.
pub trait Describe {
    /// With the unit after each number: "220千伏以下（含本数）", "≤ 220 kV".
    fn describe_in(&self, lang: Lang, unit: Unit) -> String;

    /// Without a unit: "50000以上（含本数）", "≥ 50000".
    fn describe(&self, lang: Lang) -> String {
        self.describe_in(lang, Unit::NONE)
    }
}

impl Describe for Bound {
    fn describe_in(&self, lang: Lang, unit: Unit) -> String {
        let n = fmt_number(self.value());
        let unit_zh = unit.zh;
        let en = if unit.en.is_empty() {
            n.clone()
        } else {
            format!("{n} {}", unit.en)
        };
        match (self, lang) {
            (Bound::AtLeast(_), Lang::Zh) => format!("{n}{unit_zh}以上（含本数）"),
            (Bound::AtMost(_), Lang::Zh) => format!("{n}{unit_zh}以下（含本数）"),
            (Bound::Below(_), Lang::Zh) => format!("不满{n}{unit_zh}（不含本数）"),
            (Bound::Above(_), Lang::Zh) => format!("超过{n}{unit_zh}（不含本数）"),
            (Bound::AtLeast(_), Lang::En) => format!("≥ {en}"),
            (Bound::AtMost(_), Lang::En) => format!("≤ {en}"),
            (Bound::Below(_), Lang::En) => format!("< {en}"),
            (Bound::Above(_), Lang::En) => format!("> {en}"),
        }
    }
}

impl Describe for Range {
    fn describe_in(&self, lang: Lang, unit: Unit) -> String {
        let parts: Vec<String> = [self.lower, self.upper]
            .into_iter()
            .flatten()
            .map(|b| b.describe_in(lang, unit))
            .collect();
        parts.join(lang.pick("、", " and "))
    }
}

/// A tree condition in the notice's own words (with the reading in English).
pub trait Wording {
    fn wording(&self, lang: Lang) -> String;
}

impl Wording for TreeCondition {
    fn wording(&self, lang: Lang) -> String {
        match self {
            TreeCondition::Site(s) => s.label(lang).to_string(),
            TreeCondition::OtherTrees {
                count,
                count_wording,
                dbh_cm,
                dbh_wording,
            } => {
                let mut parts = Vec::new();
                if let Some(r) = count {
                    parts.push(match lang {
                        Lang::Zh => count_wording.to_string(),
                        Lang::En => format!("{count_wording} (count {})", r.describe(lang)),
                    });
                }
                if let Some(r) = dbh_cm {
                    parts.push(match lang {
                        Lang::Zh => dbh_wording.to_string(),
                        Lang::En => {
                            format!("{dbh_wording} (trunk diameter {} cm)", r.describe(lang))
                        }
                    });
                }
                let what = parts.join(lang.pick("且", " and "));
                match lang {
                    Lang::Zh => format!("{what}其他树木"),
                    Lang::En => format!("other trees, {what}"),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_reads_with_its_unit_after_the_number() {
        let kv = Bound::AtMost(220.0);
        assert_eq!(kv.describe_in(Lang::Zh, Unit::KV), "220千伏以下（含本数）");
        assert_eq!(kv.describe_in(Lang::En, Unit::KV), "≤ 220 kV");
        let m3 = Range {
            lower: Some(Bound::AtLeast(50000.0)),
            upper: Some(Bound::Below(150000.0)),
            near: None,
        };
        assert_eq!(
            m3.describe_in(Lang::Zh, Unit::M3),
            "50000立方米以上（含本数）、不满150000立方米（不含本数）"
        );
        assert_eq!(m3.describe(Lang::En), "≥ 50000 and < 150000");
    }
}
