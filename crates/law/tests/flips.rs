//! The flips of a decision, checked against the router by brute force: for generated
//! applications every flip is real (routing the application with `to` gives `outcome`) and
//! nearest (one step nearer to `from` keeps the original outcome), and scanning every value
//! of a fact within a wide range finds no change of outcome the flips do not name.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use delegation_law::calendar::{Calendar, StartDay};
use delegation_law::catalogue::Catalogue;
use delegation_law::deadlines::ValidityConvention;
use delegation_law::facts::{
    Application, Facts, GridProject, Heritage, TreeSite, WaterRequest, WaterSource,
};
use delegation_law::flips::{Fact, Flip, ProjectKind, Value};
use delegation_law::router::{Decision, Outcome, Router, Warning};
use delegation_law::rules::{Margin, NearReason};
use proptest::prelude::*;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn router(
    handover: BTreeMap<u8, NaiveDate>,
    start: StartDay,
    validity: ValidityConvention,
) -> Router<'static> {
    Router::new(
        Catalogue::embedded(),
        Calendar::embedded(),
        handover,
        start,
        validity,
    )
}

/// `app` with `fact` set to `v`.
fn with(app: &Application, fact: Fact, v: Value) -> Application {
    let mut a = app.clone();
    match (fact, v, &mut a.facts) {
        (Fact::Received, Value::Date(d), _) => a.received = d,
        (Fact::InZone, Value::Bool(b), _) => a.in_zone = b,
        (Fact::Project, Value::Project(k), Facts::Grid { project }) => {
            *project = match k {
                ProjectKind::GasDistributedEnergyStation => {
                    GridProject::GasDistributedEnergyStation
                }
                ProjectKind::Other => GridProject::Other,
                ProjectKind::PowerGrid => panic!("a power-grid project is never a flip's `to`"),
            }
        }
        (
            Fact::Kv,
            Value::Whole(n),
            Facts::Grid {
                project: GridProject::PowerGrid { kv, .. },
            },
        ) => *kv = n as u32,
        (
            Fact::CrossDistrict,
            Value::Bool(b),
            Facts::Grid {
                project: GridProject::PowerGrid { cross_district, .. },
            },
        ) => *cross_district = b,
        (Fact::Source, Value::Source(s), Facts::WaterIntake { source, .. }) => *source = s,
        (Fact::M3PerDay, Value::Whole(n), Facts::WaterIntake { m3_per_day, .. }) => *m3_per_day = n,
        (Fact::Agricultural, Value::Bool(b), Facts::WaterIntake { agricultural, .. }) => {
            *agricultural = b
        }
        (Fact::Request, Value::Request(r), Facts::WaterIntake { request, .. }) => *request = r,
        (Fact::Site, Value::Site(s), Facts::Trees { site, .. }) => *site = s,
        (Fact::Count, Value::Whole(n), Facts::Trees { count, .. }) => *count = n as u32,
        (Fact::MaxDbhCm, Value::Cm(x), Facts::Trees { max_dbh_cm, .. }) => *max_dbh_cm = x,
        (Fact::Heritage, Value::Heritage(h), Facts::Trees { heritage, .. }) => *heritage = h,
        other => panic!("a flip of a fact the application does not state: {other:?}"),
    }
    a
}

/// A number fact's value on its grid (units, hundredths of a cm, days), and back.
fn to_grid(v: Value) -> Option<i64> {
    match v {
        Value::Whole(n) => Some(n as i64),
        Value::Cm(x) => Some((x * 100.0).round() as i64),
        Value::Date(d) => Some(d.num_days_from_ce_i64()),
        _ => None,
    }
}

trait Days64 {
    fn num_days_from_ce_i64(&self) -> i64;
}
impl Days64 for NaiveDate {
    fn num_days_from_ce_i64(&self) -> i64 {
        use chrono::Datelike;
        i64::from(self.num_days_from_ce())
    }
}

fn from_grid(like: Value, n: i64) -> Value {
    match like {
        Value::Whole(_) => Value::Whole(n as u64),
        Value::Cm(_) => Value::Cm(n as f64 / 100.0),
        Value::Date(_) => Value::Date(NaiveDate::from_num_days_from_ce_opt(n as i32).unwrap()),
        other => other,
    }
}

/// The number facts of an application, its value, and the range scanned for changes.
fn number_facts(app: &Application) -> Vec<(Fact, Value, i64, i64)> {
    let mut v = vec![(
        Fact::Received,
        Value::Date(app.received),
        date("2023-01-01").num_days_from_ce_i64(),
        date("2031-12-31").num_days_from_ce_i64(),
    )];
    match app.facts {
        Facts::Grid {
            project: GridProject::PowerGrid { kv, .. },
        } => v.push((Fact::Kv, Value::Whole(u64::from(kv)), 1, 1200)),
        Facts::WaterIntake { m3_per_day, .. } => {
            v.push((Fact::M3PerDay, Value::Whole(m3_per_day), 1, 320_000))
        }
        Facts::Trees {
            count, max_dbh_cm, ..
        } => {
            v.push((Fact::Count, Value::Whole(u64::from(count)), 1, 1000));
            v.push((Fact::MaxDbhCm, Value::Cm(max_dbh_cm), 1, 12_000));
        }
        _ => {}
    }
    v
}

/// Every other value of each choice the application states.
fn choice_alternatives(app: &Application) -> Vec<(Fact, Value)> {
    let mut v = vec![(Fact::InZone, Value::Bool(!app.in_zone))];
    match app.facts {
        Facts::Grid { project } => {
            for k in [ProjectKind::GasDistributedEnergyStation, ProjectKind::Other] {
                if ProjectKind::of(&project) != k {
                    v.push((Fact::Project, Value::Project(k)));
                }
            }
            if let GridProject::PowerGrid { cross_district, .. } = project {
                v.push((Fact::CrossDistrict, Value::Bool(!cross_district)));
            }
        }
        Facts::WaterIntake {
            source,
            agricultural,
            request,
            ..
        } => {
            v.extend(
                WaterSource::ALL
                    .into_iter()
                    .filter(|s| *s != source)
                    .map(|s| (Fact::Source, Value::Source(s))),
            );
            v.push((Fact::Agricultural, Value::Bool(!agricultural)));
            v.extend(
                WaterRequest::ALL
                    .into_iter()
                    .filter(|r| *r != request)
                    .map(|r| (Fact::Request, Value::Request(r))),
            );
        }
        Facts::Trees { site, heritage, .. } => {
            v.extend(
                TreeSite::ALL
                    .into_iter()
                    .filter(|s| *s != site)
                    .map(|s| (Fact::Site, Value::Site(s))),
            );
            v.extend(
                Heritage::ALL
                    .into_iter()
                    .filter(|h| *h != heritage)
                    .map(|h| (Fact::Heritage, Value::Heritage(h))),
            );
        }
        Facts::General => {}
    }
    v
}

/// Checks every property of the flips of `app`; returns the decision.
fn check(r: &Router<'_>, app: &Application) -> Decision {
    let d = r.route(app);
    let original = d.outcome;
    assert_eq!(
        r.outcome(app),
        original,
        "the quick outcome is the router's"
    );
    let bare = r.route_without_flips(app);
    assert_eq!(bare.outcome, original);
    assert!(bare.flips.is_empty());
    if original == Outcome::Invalid {
        assert!(d.flips.is_empty(), "an invalid application has no flips");
        return d;
    }
    for f in &d.flips {
        assert_ne!(f.outcome, original, "{f:?} changes nothing");
        assert!(!f.clause.is_empty());
        // Real: routing with `to` gives `outcome`.
        assert_eq!(
            r.route(&with(app, f.fact, f.to)).outcome,
            f.outcome,
            "{f:?} of {app:?}"
        );
        // Nearest: one step nearer to `from` keeps the original outcome.
        if let (Some(from), Some(to)) = (to_grid(f.from), to_grid(f.to)) {
            let nearer = if to < from { to + 1 } else { to - 1 };
            assert_eq!(
                r.route(&with(app, f.fact, from_grid(f.to, nearer))).outcome,
                original,
                "{f:?} of {app:?} is not the nearest"
            );
        }
    }
    // Complete, numbers and dates: the first change of outcome in each direction within a
    // wide range, found by trying every value, is a flip, and there is no other.
    for (fact, now, lo, hi) in number_facts(app) {
        let x = to_grid(now).unwrap();
        let first = |mut values: Box<dyn Iterator<Item = i64>>| {
            values.find_map(|n| {
                let o = r.outcome(&with(app, fact, from_grid(now, n)));
                (o != original).then_some((n, o))
            })
        };
        let down = first(Box::new((lo..x).rev()));
        let up = first(Box::new(x + 1..=hi));
        let ours: Vec<&Flip> = d.flips.iter().filter(|f| f.fact == fact).collect();
        let want: Vec<(i64, Outcome)> = down.into_iter().chain(up).collect();
        let got: Vec<(i64, Outcome)> = ours
            .iter()
            .map(|f| (to_grid(f.to).unwrap(), f.outcome))
            .filter(|(n, _)| (lo..=hi).contains(n))
            .collect();
        assert_eq!(got, want, "{fact:?} of {app:?}: {:?}", d.flips);
        for f in &ours {
            assert_eq!(f.from, now);
        }
    }
    // Complete, choices: each other value that changes the outcome is a flip.
    for (fact, v) in choice_alternatives(app) {
        let o = r.outcome(&with(app, fact, v));
        let named = d.flips.iter().find(|f| f.fact == fact && f.to == v);
        match named {
            Some(f) => assert_eq!(f.outcome, o),
            None => assert_eq!(o, original, "{fact:?} = {v:?} changes {app:?}"),
        }
    }
    d
}

fn arb_facts(item: u8) -> BoxedStrategy<Facts> {
    match item {
        6..=9 => prop_oneof![
            (1u32..700, any::<bool>()).prop_map(|(kv, cross_district)| Facts::Grid {
                project: GridProject::PowerGrid { kv, cross_district }
            }),
            Just(Facts::Grid {
                project: GridProject::GasDistributedEnergyStation
            }),
            Just(Facts::Grid {
                project: GridProject::Other
            }),
        ]
        .boxed(),
        10 => (
            prop::sample::select(WaterSource::ALL.to_vec()),
            prop_oneof![1u64..300_000, 49_000u64..51_000, 148_000u64..152_000],
            any::<bool>(),
            prop::sample::select(WaterRequest::ALL.to_vec()),
        )
            .prop_map(
                |(source, m3_per_day, agricultural, request)| Facts::WaterIntake {
                    source,
                    m3_per_day,
                    agricultural,
                    request,
                },
            )
            .boxed(),
        12 => (
            prop::sample::select(TreeSite::ALL.to_vec()),
            prop_oneof![1u32..400, 15u32..25, 195u32..205],
            prop_oneof![1u32..9000, 3900u32..4100],
            prop::sample::select(Heritage::ALL.to_vec()),
        )
            .prop_map(|(site, count, dbh, heritage)| Facts::Trees {
                site,
                count,
                max_dbh_cm: f64::from(dbh) / 100.0,
                heritage,
            })
            .boxed(),
        _ => Just(Facts::General).boxed(),
    }
}

fn arb_app() -> impl Strategy<Value = Application> {
    (1u8..=12, any::<bool>(), 0i64..2700, any::<bool>()).prop_flat_map(
        |(item, in_zone, day, near)| {
            // Near the notice's dates a third of the time, anywhere in 2024–2030 otherwise.
            let received = if near {
                date("2024-04-20") + Days::new((day % 70) as u64)
            } else {
                date("2024-01-01") + Days::new(day as u64)
            };
            arb_facts(item).prop_map(move |facts| Application {
                id: "P".into(),
                item,
                received,
                in_zone,
                facts,
            })
        },
    )
}

fn arb_router() -> impl Strategy<Value = Router<'static>> {
    (proptest::option::of(0u64..60), any::<bool>(), any::<bool>()).prop_map(
        |(recorded, count_start, civil)| {
            let mut handover = BTreeMap::new();
            if let Some(days) = recorded {
                // A recorded handover date, early or late, for the three items with figures.
                for item in [6, 10, 12] {
                    handover.insert(item, date("2024-05-01") + Days::new(days));
                }
            }
            router(
                handover,
                if count_start {
                    StartDay::Included
                } else {
                    StartDay::Excluded
                },
                if civil {
                    ValidityConvention::CivilCode
                } else {
                    ValidityConvention::ListingPractice
                },
            )
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn flips_are_real_nearest_and_complete(r in arb_router(), app in arb_app()) {
        check(&r, &app);
    }
}

fn app(item: u8, received: &str, facts: Facts) -> Application {
    Application {
        id: "X".into(),
        item,
        received: date(received),
        in_zone: true,
        facts,
    }
}

fn water(m3: u64) -> Facts {
    Facts::WaterIntake {
        source: WaterSource::Surface,
        m3_per_day: m3,
        agricultural: false,
        request: WaterRequest::New,
    }
}

fn trees(count: u32, dbh: f64) -> Facts {
    Facts::Trees {
        site: TreeSite::Other,
        count,
        max_dbh_cm: dbh,
        heritage: Heritage::Ordinary,
    }
}

fn flip_of(d: &Decision, fact: Fact) -> Vec<(Value, Outcome)> {
    d.flips
        .iter()
        .filter(|f| f.fact == fact)
        .map(|f| (f.to, f.outcome))
        .collect()
}

fn default_router() -> Router<'static> {
    router(
        BTreeMap::new(),
        StartDay::Excluded,
        ValidityConvention::ListingPractice,
    )
}

#[test]
fn the_issues_examples() {
    let r = default_router();
    // 150,000 m³ a day is not delegated; 149,999 is the committee's (不满15万立方米).
    let d = check(&r, &app(10, "2024-07-01", water(150_000)));
    assert_eq!(d.outcome, Outcome::NotDelegated);
    assert_eq!(
        flip_of(&d, Fact::M3PerDay),
        [(Value::Whole(149_999), Outcome::Committee)]
    );
    // 250 other trees go to the city government; at 199 the committee.
    let d = check(&r, &app(12, "2024-07-01", trees(250, 30.0)));
    assert_eq!(
        flip_of(&d, Fact::Count),
        [(Value::Whole(199), Outcome::Committee)]
    );
    // Received 2024-06-12 stays with the original unit; from 2024-06-13 the committee.
    let d = check(&r, &app(5, "2024-06-12", Facts::General));
    assert_eq!(
        flip_of(&d, Fact::Received),
        [(Value::Date(date("2024-06-13")), Outcome::Committee)]
    );
    // With the start day counted the deadline is 2024-06-12: received that day, the
    // committee; a day earlier the original unit; and the day after the validity ends.
    let counted = router(
        BTreeMap::new(),
        StartDay::Included,
        ValidityConvention::ListingPractice,
    );
    let d = check(&counted, &app(5, "2024-06-12", Facts::General));
    assert_eq!(
        flip_of(&d, Fact::Received),
        [
            (Value::Date(date("2024-06-11")), Outcome::OriginalUnit),
            (Value::Date(date("2029-04-29")), Outcome::OriginalUnit)
        ]
    );
    // A trunk of exactly 40 cm is the committee's (以上 includes the number); 39.99 is not.
    let d = check(&r, &app(12, "2024-07-01", trees(5, 40.0)));
    assert_eq!(d.outcome, Outcome::Committee);
    assert_eq!(
        flip_of(&d, Fact::MaxDbhCm),
        [(Value::Cm(39.99), Outcome::NotDelegated)]
    );
    // 220 kV is inside (以下 includes the number); 221 is not.
    let d = check(
        &r,
        &app(
            6,
            "2024-07-01",
            Facts::Grid {
                project: GridProject::PowerGrid {
                    kv: 220,
                    cross_district: false,
                },
            },
        ),
    );
    assert_eq!(
        flip_of(&d, Fact::Kv),
        [(Value::Whole(221), Outcome::NotDelegated)]
    );
}

fn near(d: &Decision) -> Vec<(Fact, Value, Margin, NearReason)> {
    d.warnings
        .iter()
        .filter_map(|w| match w {
            Warning::NearBound {
                fact,
                bound,
                within,
                reason,
                clause,
                ..
            } => {
                assert!(!clause.is_empty());
                Some((*fact, *bound, *within, *reason))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn values_near_a_bound_that_matters_are_warned_of() {
    let r = default_router();
    // Within 1% of 150,000 (1,500 m³), either side; 1,501 away, no warning.
    for m3 in [148_500, 149_999, 150_000, 151_500] {
        let d = check(&r, &app(10, "2024-07-01", water(m3)));
        assert_eq!(
            near(&d),
            [(
                Fact::M3PerDay,
                Value::Whole(150_000),
                Margin::Percent(1.0),
                NearReason::Measurement
            )],
            "{m3}"
        );
    }
    for m3 in [148_499, 151_501, 100_000] {
        assert!(near(&r.route(&app(10, "2024-07-01", water(m3)))).is_empty());
    }
    // Within 1% of 50,000 (500 m³).
    assert_eq!(
        near(&check(&r, &app(10, "2024-07-01", water(49_500)))).len(),
        1
    );
    assert!(near(&check(&r, &app(10, "2024-07-01", water(49_499)))).is_empty());
    // The same volume from groundwater: the bound does not matter, no warning.
    let mut ground = app(10, "2024-07-01", water(150_000));
    if let Facts::WaterIntake { source, .. } = &mut ground.facts {
        *source = WaterSource::Ground;
    }
    assert!(near(&check(&r, &ground)).is_empty());
    // A trunk within 0.5 cm of 40 cm, for a few other trees.
    for dbh in [39.5, 40.0, 40.5] {
        let d = check(&r, &app(12, "2024-07-01", trees(5, dbh)));
        assert_eq!(
            near(&d),
            [(
                Fact::MaxDbhCm,
                Value::Cm(40.0),
                Margin::Absolute(0.5),
                NearReason::Measurement
            )],
            "{dbh}"
        );
    }
    assert!(near(&check(&r, &app(12, "2024-07-01", trees(5, 39.49)))).is_empty());
    assert!(near(&check(&r, &app(12, "2024-07-01", trees(5, 40.51)))).is_empty());
    // 250 trees: the diameter does not matter, no warning.
    assert!(near(&check(&r, &app(12, "2024-07-01", trees(250, 40.0)))).is_empty());
    // Received on the handover date itself, and not the day before.
    let d = check(&r, &app(5, "2024-06-13", Facts::General));
    assert_eq!(
        near(&d),
        [(
            Fact::Received,
            Value::Date(date("2024-06-13")),
            Margin::Absolute(0.0),
            NearReason::HandoverDay
        )]
    );
    assert!(near(&check(&r, &app(5, "2024-06-12", Facts::General))).is_empty());
    // Counts are exact: 199 trees is not warned of.
    assert!(near(&check(&r, &app(12, "2024-07-01", trees(199, 10.0)))).is_empty());
}

#[test]
fn flip_values_are_written_as_in_the_applications_file() {
    assert_eq!(Value::Whole(149_999).json().to_string(), "149999");
    assert_eq!(Value::Cm(39.99).json().to_string(), "39.99");
    assert_eq!(
        Value::Date(date("2024-06-13")).json().to_string(),
        "\"2024-06-13\""
    );
    assert_eq!(Value::Bool(true).json().to_string(), "true");
    assert_eq!(
        Value::Source(WaterSource::Surface).json().to_string(),
        "\"Surface\""
    );
    assert_eq!(
        Value::Project(ProjectKind::GasDistributedEnergyStation)
            .json()
            .to_string(),
        "\"GasDistributedEnergyStation\""
    );
}

/// A threshold added to the data gets its flips with no code: a tolerance-free kV bound
/// changed to 110 (超过, the number excluded) moves the flip to 110 and 111.
#[test]
fn a_changed_bound_in_the_data_changes_the_flips() {
    let text = include_str!("../../../data/catalogue.ron")
        .replace("max_kv: AtMost(220)", "max_kv: Below(110)");
    let cat: &'static Catalogue = Box::leak(Box::new(Catalogue::from_ron(&text).unwrap()));
    let r = Router::new(
        cat,
        Calendar::embedded(),
        BTreeMap::new(),
        StartDay::Excluded,
        ValidityConvention::ListingPractice,
    );
    let grid = |kv| Facts::Grid {
        project: GridProject::PowerGrid {
            kv,
            cross_district: false,
        },
    };
    let d = r.route(&app(6, "2024-07-01", grid(100)));
    assert_eq!(d.outcome, Outcome::Committee);
    assert_eq!(
        flip_of(&d, Fact::Kv),
        [(Value::Whole(110), Outcome::NotDelegated)]
    );
    let d = r.route(&app(6, "2024-07-01", grid(110)));
    assert_eq!(
        flip_of(&d, Fact::Kv),
        [(Value::Whole(109), Outcome::Committee)]
    );
}
