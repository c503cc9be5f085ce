//! The register's columns: their headings as the template writes them (the reader also takes
//! the English keys), what each cell holds, the spellings a choice column offers, and the
//! sheet names. These are the register's file format, as RON's field names are the
//! applications file's.

use std::borrow::Cow;

/// A column of a register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Id,
    Item,
    Received,
    InZone,
    Project,
    Kv,
    CrossDistrict,
    Source,
    M3PerDay,
    Agricultural,
    Request,
    Site,
    Count,
    MaxDbhCm,
    Heritage,
}

/// Which facts a column belongs to: a row fills the columns of one group at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Group {
    Basic,
    Grid,
    Water,
    Trees,
}

impl Column {
    pub const ALL: [Column; 15] = [
        Column::Id,
        Column::Item,
        Column::Received,
        Column::InZone,
        Column::Project,
        Column::Kv,
        Column::CrossDistrict,
        Column::Source,
        Column::M3PerDay,
        Column::Agricultural,
        Column::Request,
        Column::Site,
        Column::Count,
        Column::MaxDbhCm,
        Column::Heritage,
    ];

    /// The heading the template writes (the reader also takes [`Column::key`]).
    pub fn heading(self) -> &'static str {
        match self {
            Column::Id => "办件编号",
            Column::Item => "事项序号",
            Column::Received => "收件日期",
            Column::InZone => "是否在开发区内",
            Column::Project => "项目类型",
            Column::Kv => "电压等级（千伏）",
            Column::CrossDistrict => "是否跨区",
            Column::Source => "水源类型",
            Column::M3PerDay => "日取水量（立方米）",
            Column::Agricultural => "是否农业取水",
            Column::Request => "申请类型",
            Column::Site => "树木所在地点",
            Column::Count => "株数",
            Column::MaxDbhCm => "最大胸径（厘米）",
            Column::Heritage => "古树名木情况",
        }
    }

    /// The English key a heading may be instead.
    pub fn key(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Item => "item",
            Column::Received => "received",
            Column::InZone => "in_zone",
            Column::Project => "project",
            Column::Kv => "kv",
            Column::CrossDistrict => "cross_district",
            Column::Source => "source",
            Column::M3PerDay => "m3_per_day",
            Column::Agricultural => "agricultural",
            Column::Request => "request",
            Column::Site => "site",
            Column::Count => "count",
            Column::MaxDbhCm => "max_dbh_cm",
            Column::Heritage => "heritage",
        }
    }

    pub(crate) fn group(self) -> Group {
        match self {
            Column::Id | Column::Item | Column::Received | Column::InZone => Group::Basic,
            Column::Project | Column::Kv | Column::CrossDistrict => Group::Grid,
            Column::Source | Column::M3PerDay | Column::Agricultural | Column::Request => {
                Group::Water
            }
            Column::Site | Column::Count | Column::MaxDbhCm | Column::Heritage => Group::Trees,
        }
    }

    /// What a cell of the column holds.
    pub fn cell_kind(self) -> CellKind {
        match self {
            Column::Id => CellKind::Text,
            Column::Item | Column::Kv | Column::M3PerDay | Column::Count => CellKind::Integer,
            Column::MaxDbhCm => CellKind::Decimal,
            Column::Received => CellKind::Date,
            Column::InZone | Column::CrossDistrict | Column::Agricultural => CellKind::YesNo,
            Column::Project
            | Column::Source
            | Column::Request
            | Column::Site
            | Column::Heritage => CellKind::Choice,
        }
    }

    /// The spellings of a choice column the template offers (the reader also takes the RON
    /// names); yes/no columns offer 是 and 否. Empty for other columns.
    pub fn choices(self) -> &'static [&'static str] {
        match self {
            Column::Project => &["电网工程", "天然气分布式能源站", "其他"],
            Column::Source => &["地表水", "地下水"],
            Column::Request => &["新增", "变更", "延续"],
            Column::Site => &["市管绿地", "特色风貌林荫路", "历史名园", "其他"],
            Column::Heritage => &["普通", "古树名木", "古树后续资源"],
            Column::InZone | Column::CrossDistrict | Column::Agricultural => &[YES, NO],
            _ => &[],
        }
    }

    /// Whether every register must have it.
    pub(crate) fn required(self) -> bool {
        self.group() == Group::Basic
    }

    pub(crate) fn matches(self, heading: &str) -> bool {
        let h = normalise_heading(heading);
        h == normalise_heading(self.heading())
            || h == self.key()
            // the heading without its unit: 电压等级 for 电压等级（千伏）
            || self
                .heading()
                .split_once('（')
                .is_some_and(|(bare, _)| h == bare)
    }
}

/// What a column's cells hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    Text,
    Integer,
    Decimal,
    Date,
    YesNo,
    Choice,
}

pub(crate) const YES: &str = "是";
pub(crate) const NO: &str = "否";

/// The name of the optional sheet of recorded handover dates, and its columns.
pub const HANDOVER_SHEET: &str = "交接日期";
pub const HANDOVER_ITEM: &str = "事项序号";
pub const HANDOVER_DATE: &str = "交接日期";

/// The template's register sheet.
pub const REGISTER_SHEET: &str = "办件登记";

/// Full-width forms (０-９, Ａ-Ｚ, ．，－ and the ideographic space) as ASCII.
pub(crate) fn half_width(s: &str) -> Cow<'_, str> {
    let wide = |c: char| matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{3000}');
    // Most cells have none: they are passed on as they are (a register reads millions).
    if !s.contains(wide) {
        return Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

pub(crate) fn normalise_heading(s: &str) -> String {
    half_width(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
        .replace('(', "（")
        .replace(')', "）")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_match_in_chinese_english_half_or_full_width_brackets() {
        assert!(Column::Kv.matches(" 电压等级（千伏） "));
        assert!(Column::Kv.matches("电压等级(千伏)"));
        assert!(Column::Kv.matches("电压等级 ( 千伏 )"));
        assert!(Column::Kv.matches("KV"));
        assert!(Column::Kv.matches("电压等级"));
        assert!(Column::M3PerDay.matches("m3_per_day"));
        assert!(!Column::Kv.matches("电压"));
    }
}
