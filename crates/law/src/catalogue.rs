//! The notice 穗府规〔2024〕3号 and its table of 12 items, from `data/catalogue.ron`.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::error::marked;
use crate::facts::FactsKind;
use crate::rules::{ScopeRule, Tolerance};

/// 调整方式: how the committee exercises the power.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mode {
    /// 委托行使: the committee acts in the name of the city body, which answers for it.
    Entrusted,
    /// 授权行使: the committee acts in its own name and answers for it.
    Authorised,
}

impl Mode {
    pub const ALL: [Mode; 2] = [Mode::Entrusted, Mode::Authorised];

    /// The term as the notice's table prints it in its 调整方式 column (the gazette test
    /// checks it): the notice's own words, not a translation.
    pub fn table_term(self) -> &'static str {
        match self {
            Mode::Entrusted => "委托行使",
            Mode::Authorised => "授权行使",
        }
    }
}

/// One operative passage of the notice body, numbered for citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    pub no: u8,
    pub paragraph: u8,
    pub text: String,
}

/// Which passage carries which rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseRoles {
    /// The committee exercises the powers inside the zone.
    pub zone: u8,
    /// Handover within 30 working days.
    pub handover: u8,
    /// What an entrustment must spell out.
    pub entrusted: u8,
    /// Authorised items: from the handover date, the committee; earlier cases stay.
    pub authorised: u8,
    /// In force from issue, valid five years.
    pub in_force: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub number: String,
    pub title: String,
    pub issuer: String,
    /// The committee, by the short name the notice defines.
    pub committee: String,
    pub issued: NaiveDate,
    pub addressees: String,
    pub gazette: String,
    pub attachment_title: String,
    pub publication: String,
    pub passages: Vec<Passage>,
    pub clauses: ClauseRoles,
    pub handover_working_days: u32,
    /// How close a received date must be to an item's handover date for the decision to
    /// warn that it is near the line, and why. `None`: no warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handover_near: Option<Tolerance>,
    pub validity_years: u32,
    /// 施行日期, where a notice takes effect on another day than its issue (the 2024 notice:
    /// 自印发之日起施行, so none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<NaiveDate>,
    /// A successor: the notices (by 文号) that end the day before this one takes effect.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<String>,
    /// An amendment: the notice (by 文号) whose table this one changes. Its `items` are only
    /// the rows it adds or changes, in the amended notice's numbering, and `withdrawn` the
    /// rows it takes back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amends: Option<String>,
}

impl Notice {
    /// The day the notice takes effect: its 施行日期, or the day it was issued.
    pub fn in_force(&self) -> NaiveDate {
        self.effective.unwrap_or(self.issued)
    }
}

/// A row an amendment takes back from the table it amends, and the passage that says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    pub no: u8,
    pub passage: u8,
}

/// One row of the attached table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// 序号
    pub no: u8,
    /// 事项名称
    pub name: String,
    /// 事项类别
    pub category: String,
    /// 市级实施单位
    pub city_unit: String,
    /// 调整方式
    pub mode: Mode,
    /// The body in whose name the committee acts, and which answers for the act.
    pub principal: String,
    /// 备注, as printed ("" where the cell is empty); numbered points on lines of their own.
    pub remarks: String,
    /// The 备注 as a rule; `None` where the table sets no limit.
    pub scope: Option<ScopeRule>,
}

impl Item {
    /// Which facts an application for this item must give.
    pub fn facts_kind(&self) -> FactsKind {
        match self.scope {
            None => FactsKind::General,
            Some(ScopeRule::Grid { .. }) => FactsKind::Grid,
            Some(ScopeRule::WaterIntake { .. }) => FactsKind::WaterIntake,
            Some(ScopeRule::Trees { .. }) => FactsKind::Trees,
        }
    }
}

/// What a clerk narrows the catalogue by. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Matched against the name, category, unit and 备注, ignoring case, white space and
    /// full-width forms.
    pub query: String,
    pub mode: Option<Mode>,
    pub category: Option<String>,
    pub unit: Option<String>,
}

/// The text as search compares it: compatibility forms folded (NFKC: full-width digits,
/// letters and brackets as a Chinese input method types them become their ASCII forms, and
/// the square kV sign U+33B8 becomes kV), white space dropped, lower case, and the units a
/// clerk types in letters written as the notice writes them (kV as 千伏, cm as 厘米), so
/// "220kV" finds "220千伏及以下" (issue 29, finding 13).
fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = s
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    UNITS.iter().fold(folded, |text, (letters, notice)| {
        text.replace(letters, notice)
    })
}

/// The units the notice writes in Chinese, with the letters a clerk may type for them
/// (after [`fold`]'s lower case).
const UNITS: [(&str, &str); 2] = [("kv", "千伏"), ("cm", "厘米")];

impl Filter {
    pub fn matches(&self, item: &Item) -> bool {
        let q = fold(&self.query);
        self.mode.is_none_or(|m| m == item.mode)
            && self.category.as_ref().is_none_or(|c| *c == item.category)
            && self.unit.as_ref().is_none_or(|u| *u == item.city_unit)
            && (q.is_empty()
                || [&item.name, &item.category, &item.city_unit, &item.remarks]
                    .iter()
                    .any(|field| fold(field).contains(&q))
                || item.no.to_string() == q)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    pub notice: Notice,
    pub items: Vec<Item>,
    /// An amendment's rows taken back (see [`Notice::amends`]); empty for any other notice.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withdrawn: Vec<Withdrawal>,
}

/// The embedded catalogue file, as shipped.
pub const CATALOGUE_RON: &str = include_str!("../../../data/catalogue.ron");

impl Catalogue {
    /// Parses a catalogue; the error says the line and column.
    pub fn from_ron(text: &str) -> Result<Catalogue, String> {
        let cat: Catalogue = ron::from_str(text).map_err(|e| {
            format!(
                "catalogue:{}:{}: {}",
                e.span.start.line, e.span.start.col, e.code
            )
        })?;
        cat.check()?;
        Ok(cat)
    }

    /// The catalogue built into the program.
    pub fn embedded() -> &'static Catalogue {
        static CAT: OnceLock<Catalogue> = OnceLock::new();
        CAT.get_or_init(|| {
            Catalogue::from_ron(CATALOGUE_RON)
                .unwrap_or_else(|e| panic!("the embedded data/catalogue.ron is broken: {e}"))
        })
    }

    /// The items a filter lets through, in table order.
    pub fn filter<'a>(&'a self, f: &'a Filter) -> impl Iterator<Item = &'a Item> + 'a {
        self.items.iter().filter(move |i| f.matches(i))
    }

    /// The distinct 事项类别, in table order.
    pub fn categories(&self) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for i in &self.items {
            if !v.contains(&i.category) {
                v.push(i.category.clone());
            }
        }
        v
    }

    /// The distinct 市级实施单位, in table order.
    pub fn units(&self) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for i in &self.items {
            if !v.contains(&i.city_unit) {
                v.push(i.city_unit.clone());
            }
        }
        v
    }

    pub fn item(&self, no: u8) -> Option<&Item> {
        self.items.iter().find(|i| i.no == no)
    }

    /// The row of an amendment that takes item `no` back, if it does.
    pub fn withdrawal(&self, no: u8) -> Option<&Withdrawal> {
        self.withdrawn.iter().find(|w| w.no == no)
    }

    /// Whether the notice's table speaks of item `no`: lists it, or takes it back.
    pub fn lists(&self, no: u8) -> bool {
        self.item(no).is_some() || self.withdrawal(no).is_some()
    }

    /// A passage by number. The numbers in `clauses` are checked on load.
    pub fn passage(&self, no: u8) -> &Passage {
        self.notice
            .passages
            .iter()
            .find(|p| p.no == no)
            .expect("passage numbers are checked when the catalogue loads")
    }

    /// The first of the notice's strings that is not in `source` (a gazette's text), white
    /// space ignored on both sides as the PDF extraction puts it inside words: which field,
    /// and the string. `None`: every string is quoted as printed.
    pub fn unquoted(&self, source: &str) -> Option<(String, String)> {
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let whole = squeeze(source);
        let n = &self.notice;
        let mut strings: Vec<(String, &str)> = vec![
            ("number".into(), &n.number),
            ("title".into(), &n.title),
            ("issuer".into(), &n.issuer),
            ("addressees".into(), &n.addressees),
            ("gazette".into(), &n.gazette),
            ("attachment_title".into(), &n.attachment_title),
            ("publication".into(), &n.publication),
        ];
        for p in &n.passages {
            strings.push((format!("passages {}", p.no), &p.text));
        }
        for i in &self.items {
            strings.push((format!("items {} name", i.no), &i.name));
            strings.push((format!("items {} category", i.no), &i.category));
            strings.push((format!("items {} city_unit", i.no), &i.city_unit));
            strings.push((format!("items {} remarks", i.no), &i.remarks));
        }
        strings
            .into_iter()
            .find(|(_, s)| !whole.contains(&squeeze(s)))
            .map(|(field, s)| (field, s.to_string()))
    }

    /// How a passage is cited, e.g. "穗府规〔2024〕3号 正文第2段".
    pub fn passage_clause(&self, no: u8) -> String {
        format!(
            "{} 正文第{}段",
            self.notice.number,
            self.passage(no).paragraph
        )
    }

    /// How an item's 备注 is cited.
    pub fn remarks_clause(&self, item: u8) -> String {
        format!("{} 附件 第{}项 备注", self.notice.number, item)
    }

    /// How an item's row is cited.
    pub fn item_clause(&self, item: u8) -> String {
        format!("{} 附件 第{}项", self.notice.number, item)
    }

    fn check(&self) -> Result<(), String> {
        let c = &self.notice.clauses;
        for no in [c.zone, c.handover, c.entrusted, c.authorised, c.in_force] {
            if !self.notice.passages.iter().any(|p| p.no == no) {
                return Err(format!(
                    "catalogue: clauses names passage {no}, which does not exist"
                ));
            }
        }
        for (i, item) in self.items.iter().enumerate() {
            if self.items[..i].iter().any(|o| o.no == item.no) {
                return Err(format!("catalogue: item {} appears twice", item.no));
            }
        }
        Ok(())
    }
}

/// The highest item number of the notice.
pub(crate) fn max_item() -> u8 {
    Catalogue::embedded()
        .items
        .iter()
        .map(|i| i.no)
        .max()
        .unwrap_or(0)
}

/// A map keyed by item number, for a file's deserialiser: every key one of the notice's
/// items, none given twice (the later would win). The refusal comes back from the parser with
/// its position as a typed [`DataProblem`](crate::error::DataProblem).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalogue_has_twelve_items_in_order() {
        let cat = Catalogue::embedded();
        let nos: Vec<u8> = cat.items.iter().map(|i| i.no).collect();
        assert_eq!(nos, (1..=12).collect::<Vec<u8>>());
        assert_eq!(
            cat.notice.issued,
            NaiveDate::from_ymd_opt(2024, 4, 29).unwrap()
        );
        assert_eq!(cat.notice.handover_working_days, 30);
        assert_eq!(cat.notice.validity_years, 5);
    }

    #[test]
    fn facts_kind_follows_scope() {
        let cat = Catalogue::embedded();
        let kinds: Vec<FactsKind> = cat.items.iter().map(Item::facts_kind).collect();
        use FactsKind::*;
        assert_eq!(
            kinds,
            vec![
                General,
                General,
                General,
                General,
                General,
                Grid,
                Grid,
                Grid,
                Grid,
                WaterIntake,
                General,
                Trees
            ]
        );
    }

    #[test]
    fn filter_matches_name_unit_remarks_and_narrows() {
        let cat = Catalogue::embedded();
        let nos = |f: &Filter| cat.filter(f).map(|i| i.no).collect::<Vec<_>>();
        let q = |s: &str| Filter {
            query: s.into(),
            ..Filter::default()
        };
        assert_eq!(nos(&q("")).len(), 12);
        assert_eq!(nos(&q("取水")), vec![10]);
        assert_eq!(nos(&q("水务")), vec![10], "unit");
        assert_eq!(nos(&q("胸径")), vec![12], "备注");
        assert_eq!(nos(&q("220 千伏")), vec![6, 7, 8, 9], "white space ignored");
        assert_eq!(nos(&q("２２０")), vec![6, 7, 8, 9], "full-width digits");
        assert_eq!(nos(&q("１２")), vec![12], "the item's number, full-width");
        // Issue 29, finding 13: the unit as a clerk types it in letters.
        for typed in ["kV", "ｋＶ", "KV", "220kV", "２２０ｋＶ", "\u{33B8}"] {
            assert_eq!(nos(&q(typed)), vec![6, 7, 8, 9], "{typed}");
        }
        assert_eq!(nos(&q("cm")), vec![12], "厘米 typed as cm");
        assert_eq!(
            nos(&q("市政府(由市规划")),
            nos(&q("市政府（由市规划")),
            "either bracket"
        );
        let f = Filter {
            mode: Some(Mode::Entrusted),
            ..Filter::default()
        };
        assert_eq!(nos(&f), vec![1, 2, 3, 4, 5, 11]);
        let f = Filter {
            unit: Some("市发展改革委".into()),
            category: Some("行政许可".into()),
            ..Filter::default()
        };
        assert_eq!(nos(&f), vec![6, 7, 8, 9]);
        assert_eq!(cat.categories().len(), 3);
        assert_eq!(cat.units().len(), 5);
    }

    #[test]
    fn broken_catalogue_reports_line_and_column() {
        let err = Catalogue::from_ron("(\n  notice: (\n   number: 5,").unwrap_err();
        assert!(err.starts_with("catalogue:3:"), "{err}");
    }
}
