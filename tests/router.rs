//! The router at each boundary and under each convention.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use delegation_law::calendar::{Calendar, StartDay};
use delegation_law::catalogue::{Catalogue, Mode};
use delegation_law::deadlines::ValidityConvention;
use delegation_law::facts::*;
use delegation_law::router::{Finding, Outcome, Router, Warning};
use delegation_words::prelude::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn router(start: StartDay, validity: ValidityConvention) -> Router<'static> {
    Router::new(
        Catalogue::embedded(),
        Calendar::embedded(),
        BTreeMap::new(),
        start,
        validity,
    )
}

fn app(item: u8, received: &str, facts: Facts) -> Application {
    Application {
        id: "A".into(),
        item,
        received: d(received),
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

fn trees(site: TreeSite, count: u32, dbh: f64) -> Facts {
    Facts::Trees {
        site,
        count,
        max_dbh_cm: dbh,
        heritage: Heritage::Ordinary,
    }
}

#[test]
fn water_volume_boundaries() {
    let r = router(StartDay::Excluded, ValidityConvention::ListingPractice);
    for (m3, want) in [
        (1, Outcome::NotDelegated),
        (49_999, Outcome::NotDelegated),
        (50_000, Outcome::Committee),
        (50_001, Outcome::Committee),
        (149_999, Outcome::Committee),
        (150_000, Outcome::NotDelegated),
        (10_000_000, Outcome::NotDelegated),
    ] {
        assert_eq!(
            r.route(&app(10, "2024-07-01", water(m3))).outcome,
            want,
            "{m3} m³/day"
        );
    }
}

#[test]
fn grid_voltage_boundaries() {
    let r = router(StartDay::Excluded, ValidityConvention::ListingPractice);
    for item in 6..=9 {
        for (kv, cross, want) in [
            (1, false, Outcome::Committee),
            (220, false, Outcome::Committee),
            (221, false, Outcome::NotDelegated),
            (220, true, Outcome::NotDelegated),
        ] {
            let f = Facts::Grid {
                project: GridProject::PowerGrid {
                    kv,
                    cross_district: cross,
                },
            };
            assert_eq!(
                r.route(&app(item, "2024-07-01", f)).outcome,
                want,
                "item {item} {kv} kV cross {cross}"
            );
        }
    }
}

#[test]
fn tree_boundaries() {
    let r = router(StartDay::Excluded, ValidityConvention::ListingPractice);
    use TreeSite::*;
    for (site, n, dbh, want) in [
        (Other, 19, 39.99, Outcome::NotDelegated),
        (Other, 19, 40.0, Outcome::Committee),
        (Other, 20, 10.0, Outcome::Committee),
        (Other, 199, 10.0, Outcome::Committee),
        (Other, 200, 10.0, Outcome::CommitteeThenCityGovernment),
        (Other, 200, 80.0, Outcome::CommitteeThenCityGovernment),
        (
            HistoricGarden,
            1,
            10.0,
            Outcome::CommitteeThenCityGovernment,
        ),
        (CityManagedGreen, 1000, 10.0, Outcome::Committee),
        (FeatureBoulevard, 1, 10.0, Outcome::Committee),
        // a trunk of no diameter is not a tree (issue 8)
        (Other, 25, 0.0, Outcome::Invalid),
    ] {
        assert_eq!(
            r.route(&app(12, "2024-07-01", trees(site, n, dbh))).outcome,
            want,
            "{site:?} {n} {dbh}"
        );
    }
    let mut f = trees(Other, 25, 10.0);
    if let Facts::Trees { heritage, .. } = &mut f {
        *heritage = Heritage::AncientOrFamous;
    }
    assert_eq!(
        r.route(&app(12, "2024-07-01", f)).outcome,
        Outcome::NotDelegated
    );
}

#[test]
fn handover_and_validity_dates_follow_the_conventions() {
    let ex = router(StartDay::Excluded, ValidityConvention::ListingPractice);
    let inc = router(StartDay::Included, ValidityConvention::CivilCode);
    // 30 working days: 2024-06-13, or 2024-06-12 when the notice date counts.
    assert_eq!(
        ex.route(&app(1, "2024-06-12", Facts::General)).outcome,
        Outcome::OriginalUnit
    );
    assert_eq!(
        inc.route(&app(1, "2024-06-12", Facts::General)).outcome,
        Outcome::Committee
    );
    // Validity: last day 2029-04-28, or 2029-04-29 by the Civil Code.
    assert_eq!(
        ex.route(&app(1, "2029-04-29", Facts::General)).outcome,
        Outcome::OriginalUnit
    );
    assert_eq!(
        inc.route(&app(1, "2029-04-29", Facts::General)).outcome,
        Outcome::Committee
    );
    assert_eq!(
        inc.route(&app(1, "2029-04-30", Facts::General)).outcome,
        Outcome::OriginalUnit
    );
    // Before the notice.
    assert_eq!(
        ex.route(&app(1, "2024-04-28", Facts::General)).outcome,
        Outcome::OriginalUnit
    );
}

#[test]
fn recorded_handover_overrides_the_assumption() {
    let mut rec = BTreeMap::new();
    rec.insert(10, d("2024-05-20"));
    let r = Router::new(
        Catalogue::embedded(),
        Calendar::embedded(),
        rec,
        StartDay::Excluded,
        ValidityConvention::ListingPractice,
    );
    let dec = r.route(&app(10, "2024-05-20", water(80_000)));
    assert_eq!(dec.outcome, Outcome::Committee);
    assert!(
        !dec.warnings
            .iter()
            .any(|w| matches!(w, Warning::HandoverAssumed { .. }))
    );
    let dec = r.route(&app(10, "2024-05-17", water(80_000)));
    assert_eq!(dec.outcome, Outcome::OriginalUnit);
    assert_eq!(dec.approving_body.as_deref(), Some("市水务局"));
    let dec = r.route(&app(1, "2024-07-01", Facts::General));
    assert!(dec.warnings.contains(&Warning::HandoverAssumed {
        item: 1,
        deadline: d("2024-06-13")
    }));
}

#[test]
fn mode_decides_in_whose_name() {
    let r = router(StartDay::Excluded, ValidityConvention::ListingPractice);
    let e = r.route(&app(1, "2024-07-01", Facts::General));
    assert_eq!(e.mode, Some(Mode::Entrusted));
    assert_eq!(e.approving_body.as_deref(), Some("增城开发区管委会"));
    assert_eq!(e.in_name_of.as_deref(), Some("广州市人民政府"));
    assert_eq!(e.answerable.as_deref(), Some("广州市人民政府"));
    assert!(
        e.trace
            .iter()
            .any(|s| s.citation.clause.contains("行政许可法》第二十四条"))
    );
    assert!(
        e.trace
            .iter()
            .any(|s| s.citation.clause.contains("行政诉讼法》第二十六条"))
    );
    let a = r.route(&app(10, "2024-07-01", water(80_000)));
    assert_eq!(a.in_name_of.as_deref(), Some("增城开发区管委会"));
    assert!(
        a.trace
            .iter()
            .any(|s| s.citation.clause.contains("行政许可法》第二十三条"))
    );
    assert!(
        a.trace
            .iter()
            .any(|s| &*s.citation.clause == "穗府规〔2024〕3号 附件 第10项 备注")
    );
    let c = r.route(&app(
        12,
        "2024-07-01",
        trees(TreeSite::HistoricGarden, 2, 5.0),
    ));
    assert_eq!(c.approving_body.as_deref(), Some("广州市人民政府"));
}

#[test]
fn invalid_and_not_delegated_say_why() {
    let r = router(StartDay::Excluded, ValidityConvention::ListingPractice);
    let x = r.route(&app(13, "2024-07-01", Facts::General));
    assert_eq!(x.outcome, Outcome::Invalid);
    assert!(matches!(x.trace[0].finding, Finding::NoSuchItem { no: 13 }));
    let w = r.route(&app(10, "2024-07-01", Facts::General));
    assert_eq!(w.outcome, Outcome::Invalid);
    assert!(
        w.trace
            .last()
            .unwrap()
            .finding
            .text(Lang::En)
            .contains("WaterIntake")
    );
    let mut out = app(10, "2024-07-01", water(80_000));
    out.in_zone = false;
    let o = r.route(&out);
    assert_eq!(o.outcome, Outcome::NotDelegated);
    assert_eq!(
        o.approving_body, None,
        "the router does not invent who else approves"
    );
    assert_eq!(o.deciding_clause(), "穗府规〔2024〕3号 正文第1段");
    let text = r
        .route(&app(10, "2024-07-01", water(150_000)))
        .to_text(Lang::Zh);
    assert!(text.contains("不满15万立方米"), "{text}");
}

#[test]
fn the_deciding_clause_is_the_rule_that_decided() {
    let r = router(StartDay::Excluded, ValidityConvention::ListingPractice);
    let clause = |item, received: &str, f| {
        r.route(&app(item, received, f))
            .deciding_clause()
            .to_string()
    };
    assert_eq!(
        clause(10, "2024-07-01", water(80_000)),
        "穗府规〔2024〕3号 附件 第10项 备注"
    );
    assert_eq!(
        clause(10, "2024-07-01", water(150_000)),
        "穗府规〔2024〕3号 附件 第10项 备注"
    );
    assert_eq!(
        clause(1, "2024-07-01", Facts::General),
        "穗府规〔2024〕3号 附件 第1项"
    );
    // Before the handover: the handover passage (entrusted) or the authorised passage.
    assert_eq!(
        clause(1, "2024-06-01", Facts::General),
        "穗府规〔2024〕3号 正文第2段"
    );
    assert_eq!(
        clause(1, "2024-04-01", Facts::General),
        "穗府规〔2024〕3号 正文第3段"
    );
    let city = r.route(&app(12, "2024-07-01", trees(TreeSite::Other, 250, 45.0)));
    let step = city.deciding_step().unwrap();
    assert_eq!(&*step.citation.clause, "穗府规〔2024〕3号 附件 第12项 备注");
    assert!(step.citation.quote.contains("二百株以上其他树木"));
    assert!(
        city.trace
            .last()
            .unwrap()
            .citation
            .quote
            .contains("报市人民政府审批")
    );
}

#[test]
fn an_empty_id_is_invalid_in_a_register_and_unnumbered_at_the_counter() {
    let r = router(StartDay::Excluded, ValidityConvention::ListingPractice);
    let mut a = app(10, "2024-07-01", water(80000));
    let numbered = r.route(&a);
    assert_eq!(numbered.outcome, Outcome::Committee);
    a.id = "  ".into();
    // A register's row without an id cannot be routed: it says which field is wrong.
    let row = r.route(&a);
    assert_eq!(row.outcome, Outcome::Invalid);
    assert!(row.trace.iter().any(|s| matches!(
        s.finding,
        Finding::Impossible {
            field: delegation_law::router::Field::Id,
            ..
        }
    )));
    // Typed at the counter it is a case not numbered yet, routed like the numbered one.
    let counter = r.route_unnumbered(&a);
    assert_eq!(counter.outcome, numbered.outcome);
    assert_eq!(counter.trace, numbered.trace);
    assert_eq!(counter.flips, numbered.flips);
    assert_eq!(counter.id, "  ");
    // Everything else is checked as before.
    a.facts = water(0);
    assert_eq!(r.route_unnumbered(&a).outcome, Outcome::Invalid);
}

/// Issue 29, finding 17: every reason that keeps an application from the committee is named,
/// not only the first: item 6 at 221 kV and cross-district, water from the wrong source and
/// under the volume, and a tree application outside the zone.
#[test]
fn every_reason_that_excludes_is_named() {
    let r = router(StartDay::Excluded, ValidityConvention::ListingPractice);
    let grid = Facts::Grid {
        project: GridProject::PowerGrid {
            kv: 221,
            cross_district: true,
        },
    };
    let both = r.route(&app(6, "2024-07-01", grid));
    assert_eq!(both.outcome, Outcome::NotDelegated);
    let found: Vec<String> = both
        .deciding_steps()
        .iter()
        .map(|s| s.finding.text(Lang::Zh))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].contains("跨区") && found[1].contains("221千伏"),
        "{found:?}"
    );
    assert_eq!(both.deciding_clause(), "穗府规〔2024〕3号 附件 第6项 备注");
    let finding = both.finding(Lang::Zh);
    assert!(
        finding.contains("跨区") && finding.contains("221千伏"),
        "{finding}"
    );
    assert!(both.to_text(Lang::En).contains("221 kV"));

    let water = Facts::WaterIntake {
        source: WaterSource::Ground,
        m3_per_day: 10,
        agricultural: false,
        request: WaterRequest::New,
    };
    let w = r.route(&app(10, "2024-07-01", water));
    assert_eq!(w.deciding_steps().len(), 2, "{:?}", w.trace);

    let mut out = app(12, "2024-07-01", trees(TreeSite::Other, 3, 10.0));
    out.in_zone = false;
    let t = r.route(&out);
    assert_eq!(t.outcome, Outcome::NotDelegated);
    assert_eq!(t.deciding_steps().len(), 2, "outside the zone, and no tier");
    assert_eq!(
        t.deciding_clause(),
        "穗府规〔2024〕3号 正文第1段；穗府规〔2024〕3号 附件 第12项 备注"
    );
    // One reason stays one.
    let one = r.route(&app(12, "2024-07-01", trees(TreeSite::Other, 3, 10.0)));
    assert_eq!(one.deciding_steps().len(), 1);
}
