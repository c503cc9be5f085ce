//! What the legal core says, in Chinese and English: outcomes, findings, warnings, the meaning
//! of a mode, the scope as sentences. Quotes and citations stay in Chinese in both languages.

use std::fmt::Write as _;

use delegation_law::articles as law;
use delegation_law::catalogue::{Catalogue, Item, Mode};
use delegation_law::facts::{FactsKind, GridProject, WaterRequest};
use delegation_law::router::{Decision, Field, Finding, Outcome, Step, Warning};
use delegation_law::rules::{ScopeFinding, ScopeRule, Side, TierOutcome, fmt_number};

use crate::dates::ymd as date;
use crate::terms::{Describe, Unit, Wording};
use crate::{Label, Lang, Text};

impl Label for Outcome {
    /// The outcome in words.
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Outcome::Committee => lang.pick("由增城开发区管委会审批", "approved by the committee"),
            Outcome::CommitteeThenCityGovernment => lang.pick(
                "由增城开发区管委会审核后，报市人民政府审批",
                "reviewed by the committee, approved by the city government",
            ),
            Outcome::OriginalUnit => lang.pick(
                "仍由市级实施单位办理",
                "stays with the municipal implementing unit",
            ),
            Outcome::NotDelegated => lang.pick("不属于本通告调整范围", "not moved by the notice"),
            Outcome::Invalid => lang.pick("申请信息无效", "invalid application"),
        }
    }
}

impl Label for FactsKind {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            FactsKind::General => {
                lang.pick("一般事项（无需补充情形）", "general (no further facts)")
            }
            FactsKind::Grid => lang.pick("电网／能源站项目情形", "grid or energy-station project"),
            FactsKind::WaterIntake => lang.pick("取水情形", "water intake"),
            FactsKind::Trees => lang.pick("树木情形", "trees"),
        }
    }
}

impl Label for Field {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::Id => lang.pick("办件编号", "application id"),
            Field::Kv => lang.pick("电压等级（千伏）", "voltage (kV)"),
            Field::Volume => lang.pick("日取水量（立方米）", "daily volume (m³)"),
            Field::Count => lang.pick("树木株数", "number of trees"),
            Field::Dbh => lang.pick("最大胸径（厘米）", "largest trunk diameter (cm)"),
        }
    }
}

/// The decision as plain text.
pub trait DecisionText {
    fn to_text(&self, lang: Lang) -> String;
    /// What the outcome rests on, in words: the deciding step's finding, or for an
    /// application not delegated every reason it is not, joined by "；".
    fn finding(&self, lang: Lang) -> String;
}

/// What a mode means in law for an item: (heading, explanation) pairs, each citing its article.
pub trait LegalMeaning {
    fn legal_meaning(self, lang: Lang, cat: &Catalogue, item: &Item) -> Vec<(String, String)>;
}

/// A scope rule as sentences a clerk reads.
pub trait ScopeSentences {
    fn sentences(&self, lang: Lang) -> Vec<String>;
}

impl Text for ScopeFinding {
    fn text(&self, lang: Lang) -> String {
        use ScopeFinding::*;
        match (self, lang) {
            (PowerGridInside { kv, wording, bound }, Lang::Zh) => format!(
                "非跨区电网工程，{kv}千伏，属于“{wording}”（{}）",
                bound.describe_in(lang, Unit::KV)
            ),
            (PowerGridInside { kv, wording, bound }, Lang::En) => format!(
                "non-cross-district grid project of {kv} kV: within “{wording}” ({})",
                bound.describe_in(lang, Unit::KV)
            ),
            (PowerGridOverVoltage { kv, wording, bound }, Lang::Zh) => format!(
                "电网工程{kv}千伏，不属于“{wording}”（{}）",
                bound.describe_in(lang, Unit::KV)
            ),
            (PowerGridOverVoltage { kv, wording, bound }, Lang::En) => format!(
                "grid project of {kv} kV: outside “{wording}” ({})",
                bound.describe_in(lang, Unit::KV)
            ),
            (PowerGridCrossDistrict, Lang::Zh) => "跨区电网工程，不属于“非跨区”电网工程项目".into(),
            (PowerGridCrossDistrict, Lang::En) => {
                "cross-district grid project: only non-cross-district ones are included".into()
            }
            (GasStationInside, Lang::Zh) => "天然气分布式能源站项目，属于备注所列项目".into(),
            (GasStationInside, Lang::En) => {
                "natural-gas distributed-energy station: listed in the remarks".into()
            }
            (GasStationNotCovered, Lang::Zh) => "天然气分布式能源站项目，不在备注所列项目之内".into(),
            (GasStationNotCovered, Lang::En) => {
                "natural-gas distributed-energy station: not listed in the remarks".into()
            }
            (OtherProject, Lang::Zh) => {
                "既非电网工程，也非天然气分布式能源站，不在“仅包括”的项目之内".into()
            }
            (OtherProject, Lang::En) => {
                "neither a grid project nor a gas distributed-energy station: not among those “only” included".into()
            }
            (WaterSourceNotCovered(s), Lang::Zh) => format!("取用{}，备注仅包括取地表水", s.label(lang)),
            (WaterSourceNotCovered(s), Lang::En) => {
                format!("intake of {}: the remarks cover surface water only", s.label(lang))
            }
            (WaterAgricultural, Lang::Zh) => "农业取水，备注仅包括非农业取水".into(),
            (WaterAgricultural, Lang::En) => {
                "agricultural use: the remarks cover non-agricultural intake only".into()
            }
            (WaterVolumeInside { m3, wording, range }, Lang::Zh) => format!(
                "日取地表水{m3}立方米，属于“{wording}”（{}）",
                range.describe_in(lang, Unit::M3_PER_DAY)
            ),
            (WaterVolumeInside { m3, wording, range }, Lang::En) => format!(
                "{m3} m³/day of surface water: within “{wording}” ({})",
                range.describe_in(lang, Unit::M3_PER_DAY)
            ),
            (WaterVolumeOutside { m3, wording, range, side }, Lang::Zh) => format!(
                "日取水{m3}立方米，{}“{wording}”（{}）",
                match side {
                    Side::Under => "低于",
                    Side::Over => "超出",
                },
                range.describe_in(lang, Unit::M3_PER_DAY)
            ),
            (WaterVolumeOutside { m3, wording, range, side }, Lang::En) => format!(
                "{m3} m³/day is {} “{wording}” ({})",
                match side {
                    Side::Under => "below",
                    Side::Over => "above",
                },
                range.describe_in(lang, Unit::M3_PER_DAY)
            ),
            (WaterRequestInside(r), Lang::Zh) => format!("申请类型：{}，属于备注所列", r.label(lang)),
            (WaterRequestInside(r), Lang::En) => format!("request: {}, listed in the remarks", r.label(lang)),
            (WaterRequestNotCovered(r), Lang::Zh) => format!("申请类型：{}，不在备注所列之内", r.label(lang)),
            (WaterRequestNotCovered(r), Lang::En) => {
                format!("request: {}, not listed in the remarks", r.label(lang))
            }
            (TreesHeritageExcluded(h), Lang::Zh) => format!("{}，备注明确除外", h.label(lang)),
            (TreesHeritageExcluded(h), Lang::En) => format!("{}: excluded by the remarks", h.label(lang)),
            (TreesTier { outcome, condition, site, count, max_dbh_cm }, _) => {
                let facts = tree_facts(lang, *site, *count, *max_dbh_cm);
                let who = match outcome {
                    TierOutcome::Committee => Outcome::Committee.label(lang),
                    TierOutcome::CommitteeThenCityGovernment => {
                        Outcome::CommitteeThenCityGovernment.label(lang)
                    }
                };
                match lang {
                    Lang::Zh => format!("{facts}，属于“{}”，{who}", condition.wording(lang)),
                    Lang::En => format!("{facts}: {}, so {who}", condition.wording(lang)),
                }
            }
            (TreesNoTier { site, count, max_dbh_cm }, Lang::Zh) => format!(
                "{}，不属于备注所列由增城开发区管委会审批或审核的情形",
                tree_facts(lang, *site, *count, *max_dbh_cm)
            ),
            (TreesNoTier { site, count, max_dbh_cm }, Lang::En) => format!(
                "{}: none of the cases the remarks give to the committee",
                tree_facts(lang, *site, *count, *max_dbh_cm)
            ),
        }
    }
}

fn tree_facts(lang: Lang, site: delegation_law::facts::TreeSite, count: u32, dbh: f64) -> String {
    match lang {
        Lang::Zh => format!(
            "{}，{count}株，最大胸径{}厘米",
            site.label(lang),
            fmt_number(dbh)
        ),
        Lang::En => format!(
            "{}, {count} tree(s), largest trunk diameter {} cm",
            site.label(lang),
            fmt_number(dbh)
        ),
    }
}

impl Text for Finding {
    fn text(&self, lang: Lang) -> String {
        use Finding::*;
        match (self, lang) {
            (Item { no, mode }, Lang::Zh) => {
                format!("申请事项为目录第{no}项，调整方式为{}", mode.label(lang))
            }
            (Item { no, mode }, Lang::En) => {
                format!("item {no} of the table, {}", mode.label(lang))
            }
            (NoSuchItem { no }, Lang::Zh) => format!("目录共12项，没有第{no}项"),
            (NoSuchItem { no }, Lang::En) => {
                format!("the table has 12 items; there is no item {no}")
            }
            (
                WrongFacts {
                    item,
                    expected,
                    got,
                },
                Lang::Zh,
            ) => format!(
                "第{item}项需要“{}”，申请给出的是“{}”",
                expected.label(lang),
                got.label(lang)
            ),
            (
                WrongFacts {
                    item,
                    expected,
                    got,
                },
                Lang::En,
            ) => format!(
                "item {item} takes {} ({}), the application gives {} ({})",
                expected.label(lang),
                expected.name(),
                got.label(lang),
                got.name()
            ),
            (Impossible { field, value }, Lang::Zh) => {
                format!("{}不能为{value}", field.label(lang))
            }
            (Impossible { field, value }, Lang::En) => {
                format!("{} cannot be {value}", field.label(lang))
            }
            (InZone, Lang::Zh) => "项目位于增城经济技术开发区内".into(),
            (InZone, Lang::En) => "the site is inside the development zone".into(),
            (OutsideZone, Lang::Zh) => {
                "项目不在增城经济技术开发区内，本通告只调整开发区内的权限".into()
            }
            (OutsideZone, Lang::En) => {
                "the site is outside the development zone; the notice moves powers inside it only"
                    .into()
            }
            (NoScopeLimit { item }, Lang::Zh) => {
                format!("第{item}项备注栏为空，事项不设另外的范围限制")
            }
            (NoScopeLimit { item }, Lang::En) => {
                format!("item {item} has no remarks: no limit beyond the item itself")
            }
            (Scope(f), _) => f.text(lang),
            (BeforeInForce { received, in_force }, Lang::Zh) => format!(
                "收件日期{}早于通告施行之日{}",
                date(*received),
                date(*in_force)
            ),
            (BeforeInForce { received, in_force }, Lang::En) => format!(
                "received {}, before the notice took effect on {}",
                date(*received),
                date(*in_force)
            ),
            (AfterValidity { received, last_day }, Lang::Zh) => format!(
                "收件日期{}晚于通告有效期最后一日{}",
                date(*received),
                date(*last_day)
            ),
            (AfterValidity { received, last_day }, Lang::En) => format!(
                "received {}, after the notice's last valid day {}",
                date(*received),
                date(*last_day)
            ),
            (
                BeforeHandover {
                    received,
                    handover,
                    recorded,
                },
                Lang::Zh,
            ) => format!(
                "收件日期{}早于交接日期{}（{}），由原实施部门继续办理",
                date(*received),
                date(*handover),
                if *recorded {
                    "已登记"
                } else {
                    "未登记，按法定期限推定"
                }
            ),
            (
                BeforeHandover {
                    received,
                    handover,
                    recorded,
                },
                Lang::En,
            ) => format!(
                "received {}, before the handover date {} ({}): the original unit completes it",
                date(*received),
                date(*handover),
                if *recorded {
                    "recorded"
                } else {
                    "not recorded; statutory deadline assumed"
                }
            ),
            (
                FromHandover {
                    received,
                    handover,
                    recorded,
                },
                Lang::Zh,
            ) => format!(
                "收件日期{}在交接日期{}（{}）当日或之后",
                date(*received),
                date(*handover),
                if *recorded {
                    "已登记"
                } else {
                    "未登记，按法定期限推定"
                }
            ),
            (
                FromHandover {
                    received,
                    handover,
                    recorded,
                },
                Lang::En,
            ) => format!(
                "received {}, on or after the handover date {} ({})",
                date(*received),
                date(*handover),
                if *recorded {
                    "recorded"
                } else {
                    "not recorded; statutory deadline assumed"
                }
            ),
            (Entrusted { principal }, Lang::Zh) => {
                format!("委托行使：增城开发区管委会以{principal}的名义实施")
            }
            (Entrusted { principal }, Lang::En) => {
                format!("entrusted: the committee acts in the name of {principal}")
            }
            (EntrustedAnswers { principal }, Lang::Zh) => format!(
                "{principal}对行为后果承担法律责任，行政复议和行政诉讼中以其为被申请人、被告"
            ),
            (EntrustedAnswers { principal }, Lang::En) => format!(
                "{principal} answers for the act: it is the respondent in review and the defendant in litigation"
            ),
            (Authorised { committee }, Lang::Zh) => {
                format!("授权行使：{committee}以自己的名义实施并承担相应法律责任")
            }
            (Authorised { committee }, Lang::En) => {
                format!("authorised: {committee} acts in its own name and answers for it")
            }
            (CityGovernmentApproves { committee, city }, Lang::Zh) => {
                format!("{committee}审核后，报{city}审批")
            }
            (CityGovernmentApproves { committee, city }, Lang::En) => {
                format!("{committee} reviews, then {city} approves")
            }
            (StaysWithUnit { unit }, Lang::Zh) => format!("仍由市级实施单位{unit}办理"),
            (StaysWithUnit { unit }, Lang::En) => format!("stays with the municipal unit {unit}"),
            (Withdrawn { item, notice }, Lang::Zh) => {
                format!("{notice}已将第{item}项移出目录，该项权限不再交由管委会行使")
            }
            (Withdrawn { item, notice }, Lang::En) => format!(
                "{notice} took item {item} out of the table: the committee no longer exercises it"
            ),
            (Replaced { received, by, from }, Lang::Zh) => format!(
                "收件日期{}在{by}施行之日{}以后，本通告已被其替代",
                date(*received),
                date(*from)
            ),
            (Replaced { received, by, from }, Lang::En) => format!(
                "received {}, on or after {}, when {by} took effect and replaced the notice",
                date(*received),
                date(*from)
            ),
        }
    }
}

impl Text for Step {
    /// The step with its citation, one line.
    fn text(&self, lang: Lang) -> String {
        format!("{}〔{}〕", self.finding.text(lang), self.citation.clause)
    }
}

impl Text for Warning {
    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Warning::HandoverAssumed { item, deadline }, Lang::Zh) => format!(
                "第{item}项未登记交接日期，按法定交接期限{}推定",
                date(*deadline)
            ),
            (Warning::HandoverAssumed { item, deadline }, Lang::En) => format!(
                "no handover date recorded for item {item}: the statutory deadline {} is assumed",
                date(*deadline)
            ),
            (Warning::UncoveredYears(years), _) => uncovered_years(lang, years),
            (
                Warning::NearBound {
                    fact,
                    value,
                    bound,
                    within,
                    reason,
                    clause,
                },
                _,
            ) => crate::flips::near_bound(lang, *fact, value, bound, *within, *reason, clause),
        }
    }
}

/// The warning for a question that runs past the calendar's years. Consecutive years are said
/// as a range ("2027–2030"), so a span of centuries is one line, not a list of each year.
pub fn uncovered_years(lang: Lang, years: &[i32]) -> String {
    let mut sorted = years.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut ranges: Vec<(i32, i32)> = Vec::new();
    for y in sorted {
        match ranges.last_mut() {
            Some((_, end)) if end.checked_add(1) == Some(y) => *end = y,
            _ => ranges.push((y, y)),
        }
    }
    let list = ranges
        .iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "));
    match lang {
        Lang::Zh => format!("节假日日历未覆盖{list}年，该年按周一至周五为工作日推算，结果可能有误"),
        Lang::En => format!(
            "the holiday calendar does not cover {list}; Monday–Friday was assumed there, so the answer may be wrong"
        ),
    }
}

impl DecisionText for Decision {
    fn finding(&self, lang: Lang) -> String {
        self.deciding_steps()
            .iter()
            .map(|s| s.finding.text(lang))
            .collect::<Vec<_>>()
            .join(lang.semicolon())
    }

    /// The decision as plain text, for the clipboard and the command line.
    fn to_text(&self, lang: Lang) -> String {
        let mut s = String::new();
        let none = lang.pick("—", "—");
        let _ = writeln!(s, "{}：{}", lang.pick("办件编号", "Application"), self.id);
        let _ = writeln!(
            s,
            "{}：{}（{}）",
            lang.pick("结论", "Outcome"),
            self.outcome.label(lang),
            self.outcome.code()
        );
        let _ = writeln!(
            s,
            "{}：{}",
            lang.pick("审批机关", "Approving body"),
            self.approving_body.as_deref().unwrap_or(none)
        );
        if let Some(mode) = self.mode {
            let _ = writeln!(s, "{}：{}", lang.pick("调整方式", "Mode"), mode.label(lang));
        }
        let _ = writeln!(
            s,
            "{}：{}",
            lang.pick("以谁的名义", "In the name of"),
            self.in_name_of.as_deref().unwrap_or(none)
        );
        let _ = writeln!(
            s,
            "{}：{}",
            lang.pick("承担法律责任", "Answers for it"),
            self.answerable.as_deref().unwrap_or(none)
        );
        for w in &self.warnings {
            let _ = writeln!(s, "{}：{}", lang.pick("提示", "Warning"), w.text(lang));
        }
        let flips = crate::flips::flip_lines(lang, self);
        if !flips.is_empty() {
            let _ = writeln!(
                s,
                "{}{}",
                crate::flips::heading(lang),
                lang.colon().trim_end()
            );
            for line in flips {
                let _ = writeln!(s, "· {line}");
            }
        }
        let _ = writeln!(s, "{}：", lang.pick("依据", "Trace"));
        for (i, step) in self.trace.iter().enumerate() {
            let _ = writeln!(s, "{}. {}", i + 1, step.finding.text(lang));
            let _ = writeln!(s, "   〔{}〕{}", step.citation.clause, step.citation.quote);
        }
        s
    }
}

impl LegalMeaning for Mode {
    /// What the mode means in law: sentences, each with the articles it rests on.
    fn legal_meaning(self, lang: Lang, cat: &Catalogue, item: &Item) -> Vec<(String, String)> {
        let committee = &cat.notice.committee;
        let authorised_clause = cat.passage_clause(cat.notice.clauses.authorised);
        match (self, lang) {
            (Mode::Entrusted, Lang::Zh) => vec![
                (
                    format!(
                        "{committee}在委托范围内，以{}的名义实施，不得再委托。",
                        item.principal
                    ),
                    law::LICENSING_24.cite.to_string(),
                ),
                (
                    format!(
                        "{}负责监督，并对行为后果承担法律责任；行政复议、行政诉讼中以{}为被申请人、被告。",
                        item.principal, item.principal
                    ),
                    format!("{}；{}", law::LICENSING_24.cite, law::LITIGATION_26.cite),
                ),
            ],
            (Mode::Entrusted, Lang::En) => vec![
                (
                    format!(
                        "{committee} acts within the entrustment in the name of {}, and may not entrust it further.",
                        item.principal
                    ),
                    law::LICENSING_24.cite.to_string(),
                ),
                (
                    format!(
                        "{} supervises and answers for the act: it is the respondent in administrative review and the defendant in litigation.",
                        item.principal
                    ),
                    format!("{}; {}", law::LICENSING_24.cite, law::LITIGATION_26.cite),
                ),
            ],
            (Mode::Authorised, Lang::Zh) => vec![
                (
                    format!(
                        "{committee}以自己的名义实施，自交接之日起负责办理并承担相应法律责任。"
                    ),
                    law::LICENSING_23.cite.to_string(),
                ),
                (
                    format!(
                        "行政复议、行政诉讼中以{committee}为被申请人、被告；原实施部门此前已受理的继续完成办理。"
                    ),
                    authorised_clause.clone(),
                ),
            ],
            (Mode::Authorised, Lang::En) => vec![
                (
                    format!(
                        "{committee} acts in its own name and, from the handover date, handles the matter and answers for it."
                    ),
                    law::LICENSING_23.cite.to_string(),
                ),
                (
                    format!(
                        "{committee} is the respondent in review and the defendant in litigation; cases the original unit accepted earlier stay with it."
                    ),
                    authorised_clause.clone(),
                ),
            ],
        }
    }
}

impl ScopeSentences for ScopeRule {
    /// The scope as plain sentences.
    fn sentences(&self, lang: Lang) -> Vec<String> {
        match self {
            ScopeRule::Grid {
                power_grid,
                gas_distributed_energy_station,
                ..
            } => {
                let mut v = vec![match lang {
                    Lang::Zh => format!(
                        "电网工程项目：{}，电压{}。",
                        if power_grid.cross_district {
                            "含跨区项目"
                        } else {
                            "仅限非跨区项目"
                        },
                        power_grid.max_kv.describe_in(lang, Unit::KV)
                    ),
                    Lang::En => format!(
                        "Power-grid projects: {}, voltage {}.",
                        if power_grid.cross_district {
                            "cross-district ones included"
                        } else {
                            "non-cross-district only"
                        },
                        power_grid.max_kv.describe_in(lang, Unit::KV)
                    ),
                }];
                if *gas_distributed_energy_station {
                    v.push(
                        lang.pick(
                            "天然气分布式能源站项目。",
                            "Natural-gas distributed-energy stations.",
                        )
                        .into(),
                    );
                }
                v.push(
                    lang.pick(
                        "其他类型的项目不在调整范围内。",
                        "Projects of any other type are not moved.",
                    )
                    .into(),
                );
                v
            }
            ScopeRule::WaterIntake {
                sources,
                agricultural,
                volume_m3_per_day,
                requests,
                ..
            } => {
                let src = sources
                    .iter()
                    .map(|s| s.label(lang))
                    .collect::<Vec<_>>()
                    .join("、");
                let req = requests
                    .iter()
                    .map(|r: &WaterRequest| r.label(lang))
                    .collect::<Vec<_>>()
                    .join(lang.pick("、", ", "));
                match lang {
                    Lang::Zh => vec![
                        format!("仅限开发区内取用{src}。"),
                        format!(
                            "日取水量{}。",
                            volume_m3_per_day.describe_in(lang, Unit::M3)
                        ),
                        if *agricultural {
                            "含农业取水。".into()
                        } else {
                            "仅限非农业取水。".into()
                        },
                        format!("包括{req}。"),
                    ],
                    Lang::En => vec![
                        format!("Only intake of {src} inside the zone."),
                        format!(
                            "Daily volume {}.",
                            volume_m3_per_day.describe_in(lang, Unit::M3)
                        ),
                        if *agricultural {
                            "Agricultural use included.".into()
                        } else {
                            "Non-agricultural use only.".into()
                        },
                        format!("Covers: {req}."),
                    ],
                }
            }
            ScopeRule::Trees { excluded, tiers } => {
                let mut v = vec![match lang {
                    Lang::Zh => format!(
                        "{}除外。",
                        excluded
                            .heritage
                            .iter()
                            .map(|h| h.label(lang))
                            .collect::<Vec<_>>()
                            .join("、")
                    ),
                    Lang::En => format!(
                        "Excluded: {}.",
                        excluded
                            .heritage
                            .iter()
                            .map(|h| h.label(lang))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }];
                for tier in tiers {
                    let conds = tier
                        .any_of
                        .iter()
                        .map(|c| c.wording(lang))
                        .collect::<Vec<_>>()
                        .join(lang.pick("；或", "; or "));
                    let who = match tier.outcome {
                        TierOutcome::Committee => Outcome::Committee.label(lang),
                        TierOutcome::CommitteeThenCityGovernment => {
                            Outcome::CommitteeThenCityGovernment.label(lang)
                        }
                    };
                    v.push(match lang {
                        Lang::Zh => format!("{who}：{conds}。"),
                        Lang::En => format!("{who}: {conds}."),
                    });
                }
                v.push(
                    lang.pick(
                        "“其他树木”指不在市管绿地、特色风貌林荫路、历史名园内的树木；二百株以上的其他树木报市人民政府审批，即使其中有胸径四十厘米以上的树木。",
                        "“Other trees” are trees not on those three kinds of site; 200 or more other trees go to the city government even if one of them is 40 cm or more across.",
                    )
                    .into(),
                );
                v
            }
        }
    }
}

/// A short description of a grid project, for tables.
pub fn grid_project(lang: Lang, p: &GridProject) -> String {
    match p {
        GridProject::PowerGrid { kv, cross_district } => match lang {
            Lang::Zh => format!(
                "电网工程 {kv}千伏{}",
                if *cross_district { "，跨区" } else { "" }
            ),
            Lang::En => format!(
                "grid {kv} kV{}",
                if *cross_district {
                    ", cross-district"
                } else {
                    ""
                }
            ),
        },
        GridProject::GasDistributedEnergyStation => lang
            .pick("天然气分布式能源站", "gas distributed-energy station")
            .into(),
        GridProject::Other => lang.pick("其他项目", "other project").into(),
    }
}

#[cfg(test)]
mod uncovered_tests {
    use super::*;

    #[test]
    fn uncovered_years_are_said_as_ranges() {
        let years: Vec<i32> = (2027..=2030).chain([2022, 2032]).collect();
        let en = uncovered_years(Lang::En, &years);
        assert!(en.contains("cover 2022, 2027–2030, 2032;"), "{en}");
        let zh = uncovered_years(Lang::Zh, &years);
        assert!(zh.contains("未覆盖2022、2027–2030、2032年"), "{zh}");
        let many: Vec<i32> = (2027..200_000).collect();
        assert!(uncovered_years(Lang::En, &many).len() < 200);
    }
}
