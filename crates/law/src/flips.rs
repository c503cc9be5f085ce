//! What would change a decision: its flips, and the warnings of values near a bound.
//!
//! For every fact the rules look at, the nearest value on the other side of each bound that
//! matters, and the outcome there; for every choice, each other value that changes the
//! outcome. Nothing here knows a threshold: the bounds are the `ScopeRule`s' own (read from
//! `data/catalogue.ron`), the dates the router's own ([`Router::date_edges`]), whether a bound's
//! number is inside follows from its legal term ([`Bound::admits`]), and every outcome is the
//! router's ([`Router::outcome`]). A new threshold in the data gets its flips with no code.
//!
//! How: a fact's outcome can change only between two neighbouring values (one step apart:
//! one unit, 0.01 cm, one day) that some bound admits differently, its *edges*. Walking the
//! edges outwards from the stated value, in each direction, the first edge past which the
//! outcome differs is the flip; between edges nothing can change, so it is the nearest.

use chrono::{Datelike, NaiveDate};

use crate::catalogue::Item;
use crate::decision::{Decision, Outcome, Text, Warning};
pub use crate::decision::{Fact, Flip, ProjectKind, Value};
use crate::facts::{
    Application, Facts, GridProject, Heritage, TreeSite, WaterRequest, WaterSource,
};
use crate::router::{IdRule, Part, Router};
use crate::rules::{Bound, Range, ScopeRule, Tolerance, TreeCondition};

/// A number fact on its grid: whole units (`scale` 1) or hundredths of a centimetre (100).
#[derive(Clone, Copy)]
struct Grid {
    scale: f64,
    lo: i64,
    hi: i64,
}

impl Grid {
    fn number(self, at: i64) -> f64 {
        at as f64 / self.scale
    }

    /// The grid point `x` is on, if it is on the grid.
    fn point(self, x: f64) -> Option<i64> {
        let p = (x * self.scale).round();
        let on = p.is_finite() && p >= self.lo as f64 && p <= self.hi as f64;
        (on && self.number(p as i64) == x).then_some(p as i64)
    }

    /// The edges of `bound`: the points `e` whose value it admits differently from `e − 1`'s.
    fn edges(self, bound: Bound, out: &mut Vec<i64>) {
        let v = (bound.value() * self.scale).floor();
        if !(v.is_finite() && v.abs() < 9e15) {
            return;
        }
        let v = v as i64;
        for e in [v, v + 1] {
            if bound.admits(self.number(e - 1)) != bound.admits(self.number(e)) {
                out.push(e);
            }
        }
    }
}

const WHOLE: Grid = Grid {
    scale: 1.0,
    lo: 1,
    hi: u32::MAX as i64,
};
const VOLUME: Grid = Grid {
    scale: 1.0,
    lo: 1,
    hi: i64::MAX / 2,
};
const CM: Grid = Grid {
    scale: 100.0,
    lo: 1,
    hi: i64::MAX / 2,
};

/// A step found by a walk: the edge crossed, the value beyond it, the outcome there.
#[derive(Clone, Copy)]
struct Crossing {
    edge: i64,
    to: i64,
    outcome: Outcome,
}

/// The nearest crossing below `x` and above it, among sorted, distinct `edges` (each between
/// `e − 1` and `e`), within `lo..=hi`.
fn walk(
    x: i64,
    edges: &[i64],
    lo: i64,
    hi: i64,
    original: Outcome,
    mut at: impl FnMut(i64) -> Outcome,
) -> [Option<Crossing>; 2] {
    let split = edges.partition_point(|&e| e <= x);
    let down = edges[..split]
        .iter()
        .rev()
        .take_while(|&&e| e > lo)
        .find_map(|&e| {
            let outcome = at(e - 1);
            (outcome != original).then_some(Crossing {
                edge: e,
                to: e - 1,
                outcome,
            })
        });
    let up = edges[split..]
        .iter()
        .take_while(|&&e| e <= hi)
        .find_map(|&e| {
            let outcome = at(e);
            (outcome != original).then_some(Crossing {
                edge: e,
                to: e,
                outcome,
            })
        });
    [down, up]
}

/// The bounds of `rule` on a number fact, each with the tolerance named beside it.
fn bounds_of(rule: &ScopeRule, fact: Fact, out: &mut Vec<(Bound, Option<Tolerance>)>) {
    let mut range = |r: &Range| {
        out.extend(r.lower.iter().chain(&r.upper).map(|&b| (b, r.near)));
    };
    match (rule, fact) {
        (ScopeRule::Grid { power_grid, .. }, Fact::Kv) => {
            out.push((power_grid.max_kv, power_grid.near));
        }
        (
            ScopeRule::WaterIntake {
                volume_m3_per_day, ..
            },
            Fact::M3PerDay,
        ) => range(volume_m3_per_day),
        (ScopeRule::Trees { tiers, .. }, Fact::Count | Fact::MaxDbhCm) => {
            for c in tiers.iter().flat_map(|t| &t.any_of) {
                if let TreeCondition::OtherTrees { count, dbh_cm, .. } = c {
                    let r = if fact == Fact::Count { count } else { dbh_cm };
                    if let Some(r) = r {
                        range(r);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Collects the flips of one decision; `probe` is the application, changed one fact at a
/// time and put back.
struct Collect<'r, 'a> {
    router: &'r Router<'a>,
    /// The notice that governs the application as received; the facts' flips keep its date.
    part: &'r Part<'a>,
    /// An amendment in force took the row back.
    withdrawn: bool,
    /// The 文号 of that notice, as the decision names it.
    notice: Text,
    item: &'r Item,
    probe: Application,
    /// Buffers for one number fact at a time, kept to spare an allocation per fact.
    bounds: Vec<(Bound, Option<Tolerance>)>,
    edges: Vec<i64>,
    original: Outcome,
    flips: Vec<Flip>,
    warnings: Vec<Warning>,
}

impl Collect<'_, '_> {
    /// Each value of `others` that changes the outcome.
    fn choices<T: Copy + PartialEq>(
        &mut self,
        fact: Fact,
        now: T,
        others: &[T],
        set: impl Fn(&mut Application, T),
        value: impl Fn(T) -> Value,
        clause: &Text,
    ) {
        for &other in others.iter().filter(|&&o| o != now) {
            set(&mut self.probe, other);
            let outcome = self.part.outcome_in(self.item, &self.probe, self.withdrawn);
            if outcome != self.original {
                self.flips.push(Flip {
                    fact,
                    from: value(now),
                    to: value(other),
                    outcome,
                    clause: clause.clone(),
                    notice: None,
                });
            }
        }
        set(&mut self.probe, now);
    }

    /// The nearest value across each bound of `rule` on `fact` that changes the outcome, and
    /// a warning where the stated value is within a bound's tolerance of it.
    #[allow(clippy::too_many_arguments)]
    fn number(
        &mut self,
        rule: &ScopeRule,
        fact: Fact,
        grid: Grid,
        now: f64,
        set: impl Fn(&mut Application, f64),
        value: impl Fn(f64) -> Value,
        clause: &Text,
    ) {
        let Some(x) = grid.point(now) else { return };
        let mut bounds = std::mem::take(&mut self.bounds);
        let mut edges = std::mem::take(&mut self.edges);
        bounds.clear();
        edges.clear();
        bounds_of(rule, fact, &mut bounds);
        for &(b, _) in &bounds {
            grid.edges(b, &mut edges);
        }
        edges.sort_unstable();
        edges.dedup();
        let (part, item, original, withdrawn) =
            (self.part, self.item, self.original, self.withdrawn);
        let probe = &mut self.probe;
        let found = walk(x, &edges, grid.lo, grid.hi, original, |at| {
            set(probe, grid.number(at));
            part.outcome_in(item, probe, withdrawn)
        });
        set(probe, now);
        for c in found.iter().flatten() {
            self.flips.push(Flip {
                fact,
                from: value(now),
                to: value(grid.number(c.to)),
                outcome: c.outcome,
                clause: clause.clone(),
                notice: None,
            });
        }
        for &(b, tol) in &bounds {
            let Some(tol) = tol else { continue };
            edges.clear();
            grid.edges(b, &mut edges);
            let crossed = found.iter().flatten().any(|c| edges.contains(&c.edge));
            if crossed && tol.within.holds(now, b.value()) {
                self.warnings.push(Warning::NearBound {
                    fact,
                    value: value(now),
                    bound: value(b.value()),
                    within: tol.within,
                    reason: tol.reason,
                    clause: clause.clone(),
                });
            }
        }
        self.bounds = bounds;
        self.edges = edges;
    }

    /// The first or last day on which the outcome changes, before and after the received date.
    fn received(&mut self) {
        let no = self.item.no;
        let now = self.probe.received;
        let x = i64::from(now.num_days_from_ce());
        // Three days a notice that lists the item: in force, handover, the day after its last.
        // Sorted, one a day (a stable sort: the first notice's clause where two fall together).
        let mut edges = Vec::with_capacity(3);
        self.router.date_edges(no, &mut edges);
        edges.sort_by_key(|e| e.0);
        edges.dedup_by_key(|e| e.0);
        let days: Vec<i64> = edges.iter().map(|e| e.0).collect();
        let lo = i64::from(NaiveDate::MIN.num_days_from_ce());
        let hi = i64::from(NaiveDate::MAX.num_days_from_ce());
        let day = |n: i64| {
            i32::try_from(n)
                .ok()
                .and_then(NaiveDate::from_num_days_from_ce_opt)
        };
        let (router, original) = (self.router, self.original);
        let probe = &mut self.probe;
        let found = walk(x, &days, lo, hi, original, |at| match day(at) {
            Some(d) => {
                probe.received = d;
                router.outcome_of(no, probe)
            }
            None => original,
        });
        probe.received = now;
        let handover = self.part.handover_of(no).0;
        for c in found.iter().flatten() {
            let (Some(to), Some((_, clause))) = (day(c.to), edges.iter().find(|e| e.0 == c.edge))
            else {
                continue;
            };
            let clause = clause.clone();
            if day(c.edge) == Some(handover)
                && let Some(tol) = self.part.catalogue().notice.handover_near
                && tol.within.holds(x as f64, c.edge as f64)
            {
                self.warnings.push(Warning::NearBound {
                    fact: Fact::Received,
                    value: Value::Date(now),
                    bound: Value::Date(handover),
                    within: tol.within,
                    reason: tol.reason,
                    clause: clause.clone(),
                });
            }
            // Where the other day falls under another notice, the flip names it.
            let choice = self.router.choose(no, to);
            let other = self
                .router
                .part(choice.withdrawn_by.unwrap_or(choice.part))
                .number();
            self.flips.push(Flip {
                fact: Fact::Received,
                from: Value::Date(now),
                to: Value::Date(to),
                outcome: c.outcome,
                clause,
                notice: (*other != self.notice).then(|| other.clone()),
            });
        }
    }
}

impl Router<'_> {
    /// The decision, with its flips (what would change it) and the warnings of values near a
    /// bound that matters.
    pub fn route(&self, app: &Application) -> Decision {
        let mut d = self.route_without_flips(app);
        self.add_flips(app, &mut d);
        d
    }

    /// The decision for an application that may not have its case number yet: the one typed
    /// at the counter, where the number is the clerk's own and may be left empty. It is
    /// [`Router::route`] but for the id: an empty id is "not numbered yet" (the decision's id
    /// stays empty, and the slip says so), where for a row of a register it makes the row
    /// invalid.
    pub fn route_unnumbered(&self, app: &Application) -> Decision {
        let mut d = self.route_checking(app, IdRule::MayBeEmpty);
        self.add_flips(app, &mut d);
        d
    }

    /// Puts the flips of `d` (routed from `app` by [`Router::route_without_flips`]) on it, and
    /// the warnings of values near a bound the flips cross: the two are [`Router::route`], in
    /// two steps that may run on two threads.
    pub fn add_flips(&self, app: &Application, d: &mut Decision) {
        if d.outcome == Outcome::Invalid {
            return;
        }
        let choice = self.choose(app.item, app.received);
        let part = self.part(choice.part);
        let Some(item) = part.catalogue().item(app.item) else {
            return;
        };
        let mut c = Collect {
            router: self,
            part,
            withdrawn: choice.withdrawn_by.is_some(),
            notice: d.notice.clone(),
            item,
            // The id is not a fact the rules look at, and cloning it would cost an
            // allocation per decision: the probe goes without (outcome_in skips its check).
            probe: Application {
                id: String::new(),
                item: app.item,
                received: app.received,
                in_zone: app.in_zone,
                facts: app.facts.clone(),
            },
            bounds: Vec::new(),
            edges: Vec::new(),
            original: d.outcome,
            flips: Vec::new(),
            warnings: Vec::new(),
        };
        c.received();
        let zone = part.passage_clause(part.catalogue().notice.clauses.zone);
        c.choices(
            Fact::InZone,
            app.in_zone,
            &[true, false],
            |a, v| a.in_zone = v,
            Value::Bool,
            &zone,
        );
        if let (Some(rule), Some(remarks)) = (&item.scope, part.remarks_clause(item.no)) {
            facts_flips(&mut c, rule, &app.facts, &remarks);
        }
        d.flips = c.flips;
        d.warnings.extend(c.warnings);
    }
}

/// The flips of the facts an item's scope rule looks at, in the register's column order.
fn facts_flips(c: &mut Collect<'_, '_>, rule: &ScopeRule, facts: &Facts, clause: &Text) {
    match *facts {
        Facts::General => {}
        Facts::Grid { project } => {
            // A power-grid project has figures a kind alone cannot give: it is a flip's `to`
            // only where it is already the project.
            let others = [ProjectKind::GasDistributedEnergyStation, ProjectKind::Other];
            c.choices(
                Fact::Project,
                ProjectKind::of(&project),
                &others,
                |a, k| {
                    if let Facts::Grid { project } = &mut a.facts {
                        *project = match k {
                            ProjectKind::PowerGrid => *project,
                            ProjectKind::GasDistributedEnergyStation => {
                                GridProject::GasDistributedEnergyStation
                            }
                            ProjectKind::Other => GridProject::Other,
                        };
                    }
                },
                Value::Project,
                clause,
            );
            // Putting back a power-grid project needs its figures, so set the whole project.
            c.probe.facts = Facts::Grid { project };
            if let GridProject::PowerGrid { kv, cross_district } = project {
                let set_kv = |a: &mut Application, x: f64| {
                    if let Facts::Grid {
                        project: GridProject::PowerGrid { kv, .. },
                    } = &mut a.facts
                    {
                        *kv = x as u32;
                    }
                };
                c.number(
                    rule,
                    Fact::Kv,
                    WHOLE,
                    f64::from(kv),
                    set_kv,
                    |x| Value::Whole(x as u64),
                    clause,
                );
                c.choices(
                    Fact::CrossDistrict,
                    cross_district,
                    &[true, false],
                    |a, v| {
                        if let Facts::Grid {
                            project: GridProject::PowerGrid { cross_district, .. },
                        } = &mut a.facts
                        {
                            *cross_district = v;
                        }
                    },
                    Value::Bool,
                    clause,
                );
            }
        }
        Facts::WaterIntake {
            source,
            m3_per_day,
            agricultural,
            request,
        } => {
            fn water(
                a: &mut Application,
            ) -> Option<(&mut WaterSource, &mut u64, &mut bool, &mut WaterRequest)> {
                match &mut a.facts {
                    Facts::WaterIntake {
                        source,
                        m3_per_day,
                        agricultural,
                        request,
                    } => Some((source, m3_per_day, agricultural, request)),
                    _ => None,
                }
            }
            c.choices(
                Fact::Source,
                source,
                &WaterSource::ALL,
                |a, v| {
                    if let Some(w) = water(a) {
                        *w.0 = v;
                    }
                },
                Value::Source,
                clause,
            );
            if m3_per_day <= VOLUME.hi as u64 {
                c.number(
                    rule,
                    Fact::M3PerDay,
                    VOLUME,
                    m3_per_day as f64,
                    |a, x| {
                        if let Some(w) = water(a) {
                            *w.1 = x as u64;
                        }
                    },
                    |x| Value::Whole(x as u64),
                    clause,
                );
                // Put back exactly: a volume past 2^53 is not exact as a number of the grid.
                if let Some(w) = water(&mut c.probe) {
                    *w.1 = m3_per_day;
                }
            }
            c.choices(
                Fact::Agricultural,
                agricultural,
                &[true, false],
                |a, v| {
                    if let Some(w) = water(a) {
                        *w.2 = v;
                    }
                },
                Value::Bool,
                clause,
            );
            c.choices(
                Fact::Request,
                request,
                &WaterRequest::ALL,
                |a, v| {
                    if let Some(w) = water(a) {
                        *w.3 = v;
                    }
                },
                Value::Request,
                clause,
            );
        }
        Facts::Trees {
            site,
            count,
            max_dbh_cm,
            heritage,
        } => {
            fn trees(
                a: &mut Application,
            ) -> Option<(&mut TreeSite, &mut u32, &mut f64, &mut Heritage)> {
                match &mut a.facts {
                    Facts::Trees {
                        site,
                        count,
                        max_dbh_cm,
                        heritage,
                    } => Some((site, count, max_dbh_cm, heritage)),
                    _ => None,
                }
            }
            c.choices(
                Fact::Site,
                site,
                &TreeSite::ALL,
                |a, v| {
                    if let Some(t) = trees(a) {
                        *t.0 = v;
                    }
                },
                Value::Site,
                clause,
            );
            c.number(
                rule,
                Fact::Count,
                WHOLE,
                f64::from(count),
                |a, x| {
                    if let Some(t) = trees(a) {
                        *t.1 = x as u32;
                    }
                },
                |x| Value::Whole(x as u64),
                clause,
            );
            c.number(
                rule,
                Fact::MaxDbhCm,
                CM,
                max_dbh_cm,
                |a, x| {
                    if let Some(t) = trees(a) {
                        *t.2 = x;
                    }
                },
                Value::Cm,
                clause,
            );
            c.choices(
                Fact::Heritage,
                heritage,
                &Heritage::ALL,
                |a, v| {
                    if let Some(t) = trees(a) {
                        *t.3 = v;
                    }
                },
                Value::Heritage,
                clause,
            );
        }
    }
}
