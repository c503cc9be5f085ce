//! Routes data/samples.ron and checks each application against the outcome written beside it.

use std::collections::HashSet;

use delegation_law::applications::ApplicationsFile;
use delegation_law::calendar::{Calendar, StartDay};
use delegation_law::catalogue::Catalogue;
use delegation_law::deadlines::ValidityConvention;
use delegation_law::router::{Outcome, Router};

const SAMPLES: &str = include_str!("../../../data/samples.ron");

fn expected() -> Vec<Outcome> {
    SAMPLES
        .lines()
        .filter(|l| l.trim_start().starts_with("(id:"))
        .map(|l| {
            let code = l
                .split("// => ")
                .nth(1)
                .unwrap_or_else(|| panic!("no expected outcome beside: {l}"))
                .split_whitespace()
                .next()
                .unwrap();
            Outcome::from_code(code).unwrap_or_else(|| panic!("unknown outcome {code} in: {l}"))
        })
        .collect()
}

#[test]
fn every_sample_routes_as_expected() {
    let batch = ApplicationsFile::parse(SAMPLES).unwrap();
    let want = expected();
    assert_eq!(
        batch.applications.len(),
        want.len(),
        "one expectation per application"
    );
    assert!(want.len() >= 40);
    // The default conventions: the start day not counted, the listing practice's validity.
    let router = Router::new(
        Catalogue::embedded(),
        Calendar::embedded(),
        batch.handover.clone(),
        StartDay::Excluded,
        ValidityConvention::ListingPractice,
    );
    let got: Vec<_> = batch.applications.iter().map(|a| router.route(a)).collect();
    let mut wrong = Vec::new();
    for ((app, d), want) in batch.applications.iter().zip(&got).zip(&want) {
        if d.outcome != *want {
            wrong.push(format!(
                "{:?}: got {} want {}",
                app.id,
                d.outcome.code(),
                want.code()
            ));
        }
        // Every step names the clause it rests on.
        assert!(!d.trace.is_empty());
        for step in &d.trace {
            assert!(
                !step.citation.clause.is_empty() && !step.citation.quote.is_empty(),
                "{:?}",
                app.id
            );
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn samples_cover_every_item_and_outcome() {
    let batch = ApplicationsFile::parse(SAMPLES).unwrap();
    let items: HashSet<u8> = batch.applications.iter().map(|a| a.item).collect();
    for item in &Catalogue::embedded().items {
        assert!(items.contains(&item.no), "no sample for item {}", item.no);
    }
    let outcomes: HashSet<Outcome> = expected().into_iter().collect();
    for o in Outcome::ALL {
        assert!(outcomes.contains(&o), "no sample expects {}", o.code());
    }
}
