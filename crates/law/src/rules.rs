//! Scope rules from the 备注 column, as data.
//!
//! The thresholds and classes are read from `data/catalogue.ron`; nothing here knows 220 kV or
//! 50,000 m³. A bound is written with the legal term the notice uses, and whether the number
//! itself is included follows from the term (民法典 第一千二百五十九条).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::facts::{Facts, GridProject, Heritage, TreeSite, WaterRequest, WaterSource};

/// One side of a range, named by the legal term that sets it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Bound {
    /// 以上: the number and above.
    AtLeast(f64),
    /// 以下: the number and below.
    AtMost(f64),
    /// 不满 / 不足: below, the number excluded.
    Below(f64),
    /// 超过: above, the number excluded.
    Above(f64),
}

impl Bound {
    /// Whether `x` satisfies this bound.
    pub fn admits(self, x: f64) -> bool {
        match self {
            Bound::AtLeast(n) => x >= n,
            Bound::AtMost(n) => x <= n,
            Bound::Below(n) => x < n,
            Bound::Above(n) => x > n,
        }
    }

    /// The number the bound is set at.
    pub fn value(self) -> f64 {
        match self {
            Bound::AtLeast(n) | Bound::AtMost(n) | Bound::Below(n) | Bound::Above(n) => n,
        }
    }

    /// Whether the number itself is inside (民法典 第一千二百五十九条).
    pub fn includes_number(self) -> bool {
        matches!(self, Bound::AtLeast(_) | Bound::AtMost(_))
    }
}

/// A range with optional lower and upper bounds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Range {
    pub lower: Option<Bound>,
    pub upper: Option<Bound>,
    /// How close to either bound a value must be for the decision to warn that it is near
    /// the line, and why (a measured value). `None`: no warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub near: Option<Tolerance>,
}

/// How close to a bound counts as near it, and why that closeness matters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Tolerance {
    pub within: Margin,
    pub reason: NearReason,
}

/// A distance from a bound, in the bound's unit (days for a date) or as a share of it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Margin {
    /// This many units either side, the ends included.
    Absolute(f64),
    /// This many percent of the bound's number either side, the ends included.
    Percent(f64),
}

impl Margin {
    /// The distance in the bound's unit for a bound at `at`.
    pub fn distance(self, at: f64) -> f64 {
        match self {
            Margin::Absolute(d) => d,
            Margin::Percent(p) => at.abs() * p / 100.0,
        }
    }

    /// Whether `x` is within this margin of `at` (the ends included).
    pub fn holds(self, x: f64, at: f64) -> bool {
        // A hair of slack for decimals such as 39.5 that binary fractions cannot hold.
        (x - at).abs() <= self.distance(at) + 1e-9
    }
}

/// Why a value near a bound deserves a second look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NearReason {
    /// The value is measured (a trunk's diameter, a metered intake): a small error in the
    /// measurement would put it on the other side.
    Measurement,
    /// The date is the handover day itself: which side it is on may turn on the hour the
    /// handover took effect.
    HandoverDay,
}

impl Range {
    pub fn admits(&self, x: f64) -> bool {
        self.lower.is_none_or(|b| b.admits(x)) && self.upper.is_none_or(|b| b.admits(x))
    }

    /// Which side `x` falls off, if any.
    pub fn miss(&self, x: f64) -> Option<Side> {
        if self.lower.is_some_and(|b| !b.admits(x)) {
            Some(Side::Under)
        } else if self.upper.is_some_and(|b| !b.admits(x)) {
            Some(Side::Over)
        } else {
            None
        }
    }
}

/// Which side of a range a value falls off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Under,
    Over,
}

/// Formats a threshold without a trailing ".0".
pub fn fmt_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// The scope of an item, from its 备注. `None` in the catalogue: no limit beyond the item itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ScopeRule {
    /// Items 6–9: only some grid projects and gas distributed-energy stations.
    Grid {
        quote: Arc<str>,
        power_grid: PowerGridRule,
        gas_distributed_energy_station: bool,
    },
    /// Item 10: water intake by source, use and daily volume.
    WaterIntake {
        quote: Arc<str>,
        sources: Vec<WaterSource>,
        agricultural: bool,
        volume_m3_per_day: Range,
        volume_wording: Arc<str>,
        requests: Vec<WaterRequest>,
    },
    /// Item 12: trees, by heritage status, site, count and trunk diameter.
    Trees {
        excluded: HeritageExclusion,
        tiers: Vec<TreeTier>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PowerGridRule {
    pub max_kv: Bound,
    pub wording: Arc<str>,
    /// As [`Range::near`], for the voltage bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub near: Option<Tolerance>,
    /// Whether cross-district projects are inside the scope.
    pub cross_district: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeritageExclusion {
    pub heritage: Vec<Heritage>,
    pub quote: Arc<str>,
}

/// Which body decides a tree application, when the tier applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TierOutcome {
    Committee,
    CommitteeThenCityGovernment,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TreeTier {
    pub outcome: TierOutcome,
    pub quote: Arc<str>,
    pub any_of: Vec<TreeCondition>,
}

/// One condition of a tree tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TreeCondition {
    /// Trees on this kind of site, whatever their number.
    Site(TreeSite),
    /// Trees not on a named site ("其他树木"): by count and/or the largest trunk diameter.
    /// A condition with both ranges needs both.
    OtherTrees {
        count: Option<Range>,
        count_wording: Arc<str>,
        dbh_cm: Option<Range>,
        dbh_wording: Arc<str>,
    },
}

impl TreeCondition {
    /// Whether the facts meet this condition.
    pub fn holds(&self, site: TreeSite, count: u32, max_dbh_cm: f64) -> bool {
        match self {
            TreeCondition::Site(s) => *s == site,
            TreeCondition::OtherTrees {
                count: c, dbh_cm, ..
            } => {
                site == TreeSite::Other
                    && (c.is_some() || dbh_cm.is_some())
                    && c.is_none_or(|r| r.admits(f64::from(count)))
                    && dbh_cm.is_none_or(|r| r.admits(max_dbh_cm))
            }
        }
    }
}

/// What a scope rule says of one application's facts.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Inside the scope; for trees, the tier that decides who approves.
    Inside(Option<TierOutcome>),
    /// Outside the scope: the notice does not move it.
    Outside,
}

/// One finding of a scope rule, with the words of the 备注 it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleStep {
    pub finding: ScopeFinding,
    pub quote: Arc<str>,
}

/// What a scope rule found, to be put in words by `i18n::legal`.
#[derive(Debug, Clone, PartialEq)]
pub enum ScopeFinding {
    PowerGridInside {
        kv: u32,
        wording: Arc<str>,
        bound: Bound,
    },
    PowerGridOverVoltage {
        kv: u32,
        wording: Arc<str>,
        bound: Bound,
    },
    PowerGridCrossDistrict,
    GasStationInside,
    GasStationNotCovered,
    OtherProject,
    WaterSourceNotCovered(WaterSource),
    WaterAgricultural,
    WaterVolumeInside {
        m3: u64,
        wording: Arc<str>,
        range: Range,
    },
    WaterVolumeOutside {
        m3: u64,
        wording: Arc<str>,
        range: Range,
        side: Side,
    },
    WaterRequestInside(WaterRequest),
    WaterRequestNotCovered(WaterRequest),
    TreesHeritageExcluded(Heritage),
    TreesTier {
        outcome: TierOutcome,
        condition: TreeCondition,
        site: TreeSite,
        count: u32,
        max_dbh_cm: f64,
    },
    TreesNoTier {
        site: TreeSite,
        count: u32,
        max_dbh_cm: f64,
    },
}

/// Where the words of a finding come from: one quote, or (no tier applies) the tiers'
/// quotes, joined only when a trace is kept.
enum Quote<'r> {
    One(&'r Arc<str>),
    Tiers(&'r [TreeTier]),
}

impl Quote<'_> {
    fn text(self) -> Arc<str> {
        match self {
            Quote::One(q) => q.clone(),
            Quote::Tiers(tiers) => {
                // Quoted in the notice's order (point 2 before point 3), whatever order the
                // tiers are tried in.
                let mut quotes: Vec<&str> = tiers.iter().map(|t| &*t.quote).collect();
                quotes.sort_by_key(|q| point_number(q));
                quotes.join("").into()
            }
        }
    }
}

impl ScopeRule {
    /// Evaluates the facts against this rule. The caller has already checked that the facts
    /// are of the kind the rule is about and that their values are possible; facts of another
    /// kind are outside the scope.
    pub fn evaluate(&self, facts: &Facts) -> (Verdict, Vec<RuleStep>) {
        let mut steps = Vec::new();
        let verdict = self.judge(facts, &mut |finding, quote: Quote<'_>| {
            steps.push(RuleStep {
                finding,
                quote: quote.text(),
            })
        });
        (verdict, steps)
    }

    /// The verdict alone, by the same reasoning as [`ScopeRule::evaluate`] without keeping
    /// its steps: what the flips of a decision ask many times over.
    pub fn verdict(&self, facts: &Facts) -> Verdict {
        self.judge(facts, &mut |_, _| {})
    }

    /// The one place the 备注 are reasoned about: each finding goes to `step`, in order.
    fn judge<'r>(
        &'r self,
        facts: &Facts,
        step: &mut impl FnMut(ScopeFinding, Quote<'r>),
    ) -> Verdict {
        match (self, facts) {
            (
                ScopeRule::Grid {
                    quote,
                    power_grid,
                    gas_distributed_energy_station,
                },
                Facts::Grid { project },
            ) => {
                let mut step = |finding| step(finding, Quote::One(quote));
                match *project {
                    GridProject::PowerGrid { kv, cross_district } => {
                        // Every reason that puts it outside is named, not only the first
                        // (issue 29, finding 17: 221 kV and cross-district).
                        let bound = power_grid.max_kv;
                        let across = cross_district && !power_grid.cross_district;
                        let over = !bound.admits(f64::from(kv));
                        if across {
                            step(ScopeFinding::PowerGridCrossDistrict);
                        }
                        if over {
                            let wording = power_grid.wording.clone();
                            step(ScopeFinding::PowerGridOverVoltage { kv, wording, bound });
                        }
                        if across || over {
                            Verdict::Outside
                        } else {
                            let wording = power_grid.wording.clone();
                            step(ScopeFinding::PowerGridInside { kv, wording, bound });
                            Verdict::Inside(None)
                        }
                    }
                    GridProject::GasDistributedEnergyStation => {
                        if *gas_distributed_energy_station {
                            step(ScopeFinding::GasStationInside);
                            Verdict::Inside(None)
                        } else {
                            step(ScopeFinding::GasStationNotCovered);
                            Verdict::Outside
                        }
                    }
                    GridProject::Other => {
                        step(ScopeFinding::OtherProject);
                        Verdict::Outside
                    }
                }
            }
            (
                ScopeRule::WaterIntake {
                    quote,
                    sources,
                    agricultural,
                    volume_m3_per_day,
                    volume_wording,
                    requests,
                },
                Facts::WaterIntake {
                    source,
                    m3_per_day,
                    agricultural: is_agri,
                    request,
                },
            ) => {
                let mut step = |finding| step(finding, Quote::One(quote));
                let range = *volume_m3_per_day;
                // Every reason that puts it outside, in the order of the 备注.
                let mut outside = false;
                if !sources.contains(source) {
                    step(ScopeFinding::WaterSourceNotCovered(*source));
                    outside = true;
                }
                if *is_agri && !agricultural {
                    step(ScopeFinding::WaterAgricultural);
                    outside = true;
                }
                if let Some(side) = range.miss(*m3_per_day as f64) {
                    step(ScopeFinding::WaterVolumeOutside {
                        m3: *m3_per_day,
                        wording: volume_wording.clone(),
                        range,
                        side,
                    });
                    outside = true;
                }
                if !requests.contains(request) {
                    step(ScopeFinding::WaterRequestNotCovered(*request));
                    outside = true;
                }
                if outside {
                    Verdict::Outside
                } else {
                    step(ScopeFinding::WaterVolumeInside {
                        m3: *m3_per_day,
                        wording: volume_wording.clone(),
                        range,
                    });
                    step(ScopeFinding::WaterRequestInside(*request));
                    Verdict::Inside(None)
                }
            }
            (
                ScopeRule::Trees { excluded, tiers },
                Facts::Trees {
                    site,
                    count,
                    max_dbh_cm,
                    heritage,
                },
            ) => {
                let heritage_excluded = excluded.heritage.contains(heritage);
                if heritage_excluded {
                    step(
                        ScopeFinding::TreesHeritageExcluded(*heritage),
                        Quote::One(&excluded.quote),
                    );
                }
                let hit = tiers.iter().find_map(|tier| {
                    tier.any_of
                        .iter()
                        .find(|c| c.holds(*site, *count, *max_dbh_cm))
                        .map(|c| (tier, c))
                });
                match hit {
                    // Excluded whatever the tier: the exclusion is the one reason.
                    Some(_) if heritage_excluded => Verdict::Outside,
                    Some((tier, condition)) => {
                        step(
                            ScopeFinding::TreesTier {
                                outcome: tier.outcome,
                                condition: condition.clone(),
                                site: *site,
                                count: *count,
                                max_dbh_cm: *max_dbh_cm,
                            },
                            Quote::One(&tier.quote),
                        );
                        Verdict::Inside(Some(tier.outcome))
                    }
                    None => {
                        step(
                            ScopeFinding::TreesNoTier {
                                site: *site,
                                count: *count,
                                max_dbh_cm: *max_dbh_cm,
                            },
                            Quote::Tiers(tiers),
                        );
                        Verdict::Outside
                    }
                }
            }
            _ => Verdict::Outside,
        }
    }
}

/// The number a quoted point of the remarks starts with ("2. 下列情形…" is 2); a quote without
/// one sorts last.
fn point_number(quote: &str) -> u32 {
    let digits: String = quote.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_terms_include_or_exclude_the_number() {
        assert!(Bound::AtLeast(20.0).admits(20.0));
        assert!(!Bound::AtLeast(20.0).admits(19.999));
        assert!(Bound::AtMost(220.0).admits(220.0));
        assert!(!Bound::AtMost(220.0).admits(220.001));
        assert!(!Bound::Below(200.0).admits(200.0));
        assert!(Bound::Below(200.0).admits(199.0));
        assert!(!Bound::Above(5.0).admits(5.0));
        assert!(Bound::Above(5.0).admits(5.5));
        assert!(Bound::AtLeast(1.0).includes_number() && Bound::AtMost(1.0).includes_number());
        assert!(!Bound::Below(1.0).includes_number() && !Bound::Above(1.0).includes_number());
    }

    #[test]
    fn range_reports_the_side_missed() {
        let r = Range {
            lower: Some(Bound::AtLeast(50000.0)),
            upper: Some(Bound::Below(150000.0)),
            near: None,
        };
        assert_eq!(r.miss(49999.0), Some(Side::Under));
        assert_eq!(r.miss(50000.0), None);
        assert_eq!(r.miss(149999.0), None);
        assert_eq!(r.miss(150000.0), Some(Side::Over));
    }

    #[test]
    fn other_trees_condition_needs_other_site() {
        let c = TreeCondition::OtherTrees {
            count: Some(Range {
                lower: Some(Bound::AtLeast(20.0)),
                upper: None,
                near: None,
            }),
            count_wording: "".into(),
            dbh_cm: None,
            dbh_wording: "".into(),
        };
        assert!(c.holds(TreeSite::Other, 20, 1.0));
        assert!(!c.holds(TreeSite::HistoricGarden, 20, 1.0));
        assert!(!c.holds(TreeSite::Other, 19, 1.0));
    }
}
