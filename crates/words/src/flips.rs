//! What would change a decision, in words: its flips and the near-bound warnings.

use delegation_law::flips::{Fact, Flip, ProjectKind, Value};
use delegation_law::router::{Decision, Outcome};
use delegation_law::rules::{Margin, NearReason, fmt_number};

use crate::dates::ymd;
use crate::{Label, Lang, Text};

impl Label for Fact {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Fact::Received => lang.pick("收件日期", "received"),
            Fact::InZone => lang.pick("是否在开发区内", "in the zone"),
            Fact::Project => lang.pick("项目类型", "project"),
            Fact::Kv => lang.pick("电压等级", "voltage"),
            Fact::CrossDistrict => lang.pick("是否跨区", "cross-district"),
            Fact::Source => lang.pick("水源类型", "water source"),
            Fact::M3PerDay => lang.pick("日取水量", "daily intake"),
            Fact::Agricultural => lang.pick("是否农业取水", "agricultural"),
            Fact::Request => lang.pick("申请类型", "request"),
            Fact::Site => lang.pick("树木所在地点", "site of the trees"),
            Fact::Count => lang.pick("株数", "number of trees"),
            Fact::MaxDbhCm => lang.pick("最大胸径", "largest trunk diameter"),
            Fact::Heritage => lang.pick("古树名木情况", "heritage status"),
        }
    }
}

impl Label for ProjectKind {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            ProjectKind::PowerGrid => lang.pick("电网工程", "power-grid project"),
            ProjectKind::GasDistributedEnergyStation => {
                lang.pick("天然气分布式能源站", "gas distributed-energy station")
            }
            ProjectKind::Other => lang.pick("其他项目", "other project"),
        }
    }
}

/// A fact's value with its unit: "149999立方米", "39.99 cm", "2024-06-13", "是".
pub fn value_text(lang: Lang, fact: Fact, value: &Value) -> String {
    let mut out = String::new();
    write_value(lang, fact, value, &mut out);
    out
}

/// [`value_text`], written at the end of `out`.
fn write_value(lang: Lang, fact: Fact, value: &Value, out: &mut String) {
    use std::fmt::Write;
    let (zh, en) = match fact {
        Fact::Kv => ("千伏", " kV"),
        Fact::M3PerDay => ("立方米", " m³"),
        Fact::Count => ("株", ""),
        Fact::MaxDbhCm => ("厘米", " cm"),
        _ => ("", ""),
    };
    let unit = lang.pick(zh, en);
    let word = match *value {
        Value::Whole(n) => {
            let _ = write!(out, "{n}{unit}");
            return;
        }
        Value::Cm(x) => {
            out.push_str(&fmt_number(x));
            out.push_str(unit);
            return;
        }
        Value::Date(d) => {
            out.push_str(&ymd(d));
            return;
        }
        Value::Bool(b) => match (fact, b) {
            (Fact::InZone, true) => lang.pick("在开发区内", "inside the zone"),
            (Fact::InZone, false) => lang.pick("在开发区外", "outside the zone"),
            (Fact::CrossDistrict, true) => lang.pick("跨区", "cross-district"),
            (Fact::CrossDistrict, false) => lang.pick("不跨区", "not cross-district"),
            (Fact::Agricultural, true) => lang.pick("农业取水", "agricultural"),
            (Fact::Agricultural, false) => lang.pick("非农业取水", "not agricultural"),
            (_, true) => lang.pick("是", "yes"),
            (_, false) => lang.pick("否", "no"),
        },
        Value::Source(v) => v.label(lang),
        Value::Request(v) => v.label(lang),
        Value::Site(v) => v.label(lang),
        Value::Heritage(v) => v.label(lang),
        Value::Project(v) => v.label(lang),
    };
    out.push_str(word);
}

/// A flip in words (as [`Text::text`] gives it), written at the end of `out`.
pub fn write_flip(lang: Lang, flip: &Flip, out: &mut String) {
    let outcome = flip.outcome.label(lang);
    // A yes-or-no fact is said by its value alone ("在开发区外", "cross-district").
    let by_value = matches!(flip.to, Value::Bool(_));
    if !by_value {
        out.push_str(flip.fact.label(lang));
        out.push_str(lang.pick("为", ": "));
    }
    write_value(lang, flip.fact, &flip.to, out);
    out.push_str(lang.pick("（现为", " instead of "));
    write_value(lang, flip.fact, &flip.from, out);
    out.push_str(lang.pick("）：", " → "));
    out.push_str(outcome);
    if let Some(notice) = &flip.notice {
        out.push_str(lang.pick("（适用", " (under "));
        out.push_str(notice);
        out.push_str(lang.pick("）", ")"));
    }
    out.push_str(lang.pick("〔", " ["));
    out.push_str(&flip.clause);
    out.push_str(lang.pick("〕", "]"));
}

impl Text for Flip {
    /// "日取水量为149999立方米（现为150000立方米）：由增城开发区管委会审批〔clause〕",
    /// "daily intake: 149999 m³ instead of 150000 m³ → approved by the committee [clause]".
    fn text(&self, lang: Lang) -> String {
        let mut out = String::new();
        write_flip(lang, self, &mut out);
        out
    }
}

/// The warning of a value within a bound's tolerance.
pub fn near_bound(
    lang: Lang,
    fact: Fact,
    value: &Value,
    bound: &Value,
    within: Margin,
    reason: NearReason,
    clause: &str,
) -> String {
    let name = fact.label(lang);
    let v = value_text(lang, fact, value);
    let b = value_text(lang, fact, bound);
    let how_near = match (within, fact, lang) {
        (Margin::Absolute(0.0), _, _) => match lang {
            Lang::Zh => format!("恰为界限{b}"),
            Lang::En => format!("is exactly on the bound {b}"),
        },
        (Margin::Absolute(d), Fact::Received, Lang::Zh) => {
            format!("距界限{b}在{}日以内", fmt_number(d))
        }
        (Margin::Absolute(d), Fact::Received, Lang::En) => {
            format!("is within {} days of the bound {b}", fmt_number(d))
        }
        (Margin::Absolute(d), _, _) => {
            let d = value_text(lang, fact, &Value::Cm(d));
            match lang {
                Lang::Zh => format!("距界限{b}在{d}以内"),
                Lang::En => format!("is within {d} of the bound {b}"),
            }
        }
        (Margin::Percent(p), _, Lang::Zh) => format!("距界限{b}在{}%以内", fmt_number(p)),
        (Margin::Percent(p), _, Lang::En) => {
            format!("is within {}% of the bound {b}", fmt_number(p))
        }
    };
    let check = match (reason, lang) {
        (NearReason::Measurement, Lang::Zh) => "接近界限，请核实测量值",
        (NearReason::Measurement, Lang::En) => "close to the bound: check the measurement",
        (NearReason::HandoverDay, Lang::Zh) => "接近界限，请核实交接在当日何时生效、申请何时收件",
        (NearReason::HandoverDay, Lang::En) => {
            "close to the bound: check when on that day the handover took effect and the application was received"
        }
    };
    match lang {
        Lang::Zh => format!("{name}{v}{how_near}：{check}〔{clause}〕"),
        Lang::En => format!("{name} {v} {how_near}: {check} [{clause}]"),
    }
}

/// The flips of a decision as lines, or one line saying no single fact would change it; none
/// for an invalid application (its facts are not usable to reason from).
pub fn flip_lines(lang: Lang, d: &Decision) -> Vec<String> {
    let flips = &d.flips;
    if d.outcome == Outcome::Invalid {
        return Vec::new();
    }
    if flips.is_empty() {
        return vec![no_flip(lang).to_string()];
    }
    flips.iter().map(|f| f.text(lang)).collect()
}

/// [`flip_lines`] joined by the language's semicolon, written at the end of `out` (a
/// command-line row: no line a flip).
pub fn write_flip_lines(lang: Lang, d: &Decision, out: &mut String) {
    if d.outcome == Outcome::Invalid {
        return;
    }
    if d.flips.is_empty() {
        out.push_str(no_flip(lang));
    }
    for (i, f) in d.flips.iter().enumerate() {
        if i > 0 {
            out.push_str(lang.semicolon());
        }
        write_flip(lang, f, out);
    }
}

/// The line of a decision no single fact would change.
fn no_flip(lang: Lang) -> &'static str {
    lang.pick(
        "改变任何一项申请事实都不会改变结论",
        "no change of a single fact would change the outcome",
    )
}

/// The heading of the flips wherever a decision is shown.
pub fn heading(lang: Lang) -> &'static str {
    lang.pick("会改变结论的情形", "What would change this decision")
}

/// The flips as blocks of a decision slip: a heading and a line each (none for an invalid
/// application).
pub fn slip_blocks(lang: Lang, d: &Decision) -> Vec<delegation_files::pdf::Block> {
    use delegation_files::pdf::Block;
    let lines = flip_lines(lang, d);
    if lines.is_empty() {
        return Vec::new();
    }
    let mut blocks = vec![Block::Heading(heading(lang).to_string())];
    blocks.extend(lines.into_iter().map(|l| Block::Text(format!("· {l}"))));
    blocks
}
