//! More than one notice (issue 31), with the two made-up notices of `tests/notices/` (test
//! data, never shipped): an amendment in force from 2026-05-01 that raises item 10's upper
//! bound to 不满20万 and withdraws item 11, and a successor replacing the 2024 notice from
//! 2027-07-01 with a table of two items numbered anew.

use chrono::NaiveDate;
use delegation_law::applications::ApplicationsFile;
use delegation_law::calendar::{Calendar, StartDay};
use delegation_law::catalogue::Catalogue;
use delegation_law::deadlines::{KeyDates, ValidityConvention};
use delegation_law::decision::{Finding, Outcome};
use delegation_law::facts::{Application, Facts, WaterRequest, WaterSource};
use delegation_law::flips::Fact;
use delegation_law::notices::{Kind, NoticeProblem, Notices, State};
use delegation_law::router::Router;

const AMENDMENT: &str = include_str!("../../../tests/notices/amendment-2026-test.ron");
const SUCCESSOR: &str = include_str!("../../../tests/notices/successor-2027-test.ron");
const SAMPLES: &str = include_str!("../../../data/samples.ron");
const ORIGINAL: &str = "穗府规〔2024〕3号";
const AMENDS: &str = "测试修〔2026〕1号";
const SUCCEEDS: &str = "测试接〔2027〕2号";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn book() -> &'static Notices {
    static BOOK: std::sync::OnceLock<Notices> = std::sync::OnceLock::new();
    BOOK.get_or_init(|| Notices::load(&[SUCCESSOR, AMENDMENT]).expect("the test notices load"))
}

fn router(book: &'static Notices) -> Router<'static> {
    let samples = ApplicationsFile::parse(SAMPLES).unwrap();
    Router::for_notices(
        book,
        Calendar::embedded(),
        samples.handover,
        StartDay::Excluded,
        ValidityConvention::ListingPractice,
    )
}

fn water(item: u8, received: NaiveDate, m3: u64) -> Application {
    Application {
        id: "T".into(),
        item,
        received,
        in_zone: true,
        facts: Facts::WaterIntake {
            source: WaterSource::Surface,
            m3_per_day: m3,
            agricultural: false,
            request: WaterRequest::New,
        },
    }
}

fn general(item: u8, received: NaiveDate) -> Application {
    Application {
        id: "T".into(),
        item,
        received,
        in_zone: true,
        facts: Facts::General,
    }
}

#[test]
fn the_book_holds_each_notice_with_its_days() {
    // Loaded in either order: an amendment waits for what it amends.
    let b = book();
    let numbers: Vec<&str> = b.all().iter().map(|c| c.notice.number.as_str()).collect();
    assert_eq!(numbers, [ORIGINAL, AMENDS, SUCCEEDS]);
    assert_eq!(b.kind(0), Kind::Original);
    assert_eq!(b.kind(1), Kind::Amendment(ORIGINAL));
    let spans = b.spans(ValidityConvention::ListingPractice);
    assert_eq!(
        (spans[0].in_force, spans[0].last_day),
        (d(2024, 4, 29), d(2027, 6, 30))
    );
    assert_eq!(spans[0].replaced_by, Some(2));
    // The amendment ends with the notice it amends.
    assert_eq!(
        (spans[1].in_force, spans[1].last_day),
        (d(2026, 5, 1), d(2027, 6, 30))
    );
    assert_eq!(
        (spans[2].in_force, spans[2].last_day),
        (d(2027, 7, 1), d(2032, 6, 30))
    );
    assert_eq!(b.state(&spans, 1, d(2026, 4, 30)), State::NotYet);
    assert_eq!(b.state(&spans, 1, d(2026, 5, 1)), State::InForce);
    assert_eq!(b.state(&spans, 0, d(2027, 7, 1)), State::Replaced(2));
    assert_eq!(b.in_force_on(&spans, d(2026, 12, 7)), 0);
    assert_eq!(b.in_force_on(&spans, d(2027, 7, 1)), 2);
    // The table in force: the 2024 rows with the amendment's change, less item 11.
    let table = b.table_on(&spans, 0, d(2026, 5, 1));
    assert_eq!(table.len(), 11);
    assert!(table.iter().all(|i| i.no != 11));
    let ten = table.iter().find(|i| i.no == 10).unwrap();
    assert!(ten.remarks.contains("不满20万"));
    assert_eq!(b.table_on(&spans, 0, d(2026, 4, 30)).len(), 12);
}

#[test]
fn each_notice_has_its_own_handover_deadline() {
    // 30 working days from each notice's issue (民法典 第二百零一条: the issue day not
    // counted). 2026: 清明 4-04..4-06 off, so 2026-03-02 + 30 is 2026-04-14. 2027 is not in
    // the embedded calendar: counted Monday to Friday, and said.
    let cal = Calendar::embedded();
    let key = |cat: &Catalogue| {
        KeyDates::compute(
            cat,
            cal,
            StartDay::Excluded,
            ValidityConvention::ListingPractice,
        )
    };
    let b = book();
    assert_eq!(key(&b.all()[0]).handover_deadline.value, d(2024, 6, 13));
    assert_eq!(key(&b.all()[1]).handover_deadline.value, d(2026, 4, 14));
    let successor = key(&b.all()[2]);
    assert_eq!(successor.handover_deadline.value, d(2027, 7, 13));
    assert_eq!(successor.handover_deadline.uncovered_years, vec![2027]);
    // The decisions follow the deadline of the notice that governs.
    let r = router(b);
    let before = r.route(&water(2, d(2027, 7, 12), 250_000));
    assert_eq!(before.outcome, Outcome::OriginalUnit);
    assert!(matches!(
        before.deciding_step().unwrap().finding,
        Finding::BeforeHandover { handover, recorded: false, .. } if handover == d(2027, 7, 13)
    ));
    assert_eq!(
        r.route(&water(2, d(2027, 7, 13), 250_000)).outcome,
        Outcome::Committee
    );
}

#[test]
fn before_the_amendment_every_sample_routes_as_now() {
    let samples = ApplicationsFile::parse(SAMPLES).unwrap();
    let one = Router::new(
        Catalogue::embedded(),
        Calendar::embedded(),
        samples.handover.clone(),
        StartDay::Excluded,
        ValidityConvention::ListingPractice,
    );
    let three = router(book());
    let mut compared = 0;
    for app in &samples.applications {
        if app.received >= d(2026, 5, 1) {
            continue;
        }
        compared += 1;
        assert_eq!(
            three.route_without_flips(app),
            one.route_without_flips(app),
            "{}",
            app.id
        );
        // The flips may add the days the new notices change the outcome, each naming it;
        // every other flip is as it was.
        let (old, new) = (one.route(app), three.route(app));
        for f in &new.flips {
            if f.notice.is_none() && f.fact != Fact::Received {
                assert!(old.flips.contains(f), "{}: {f:?}", app.id);
            }
        }
    }
    assert!(compared >= 50, "{compared}");
    // With the built-in notice alone, the book routes exactly as the single notice did.
    let alone = router(Notices::embedded());
    for app in &samples.applications {
        assert_eq!(alone.route(app), one.route(app), "{}", app.id);
    }
    assert!(!alone.several_notices());
}

#[test]
fn after_the_amendment_item_10_has_its_new_bound_and_item_11_is_withdrawn() {
    let r = router(book());
    let on = d(2026, 5, 1);
    let got = r.route(&water(10, on, 160_000));
    assert_eq!(got.outcome, Outcome::Committee);
    assert_eq!(&*got.notice, AMENDS);
    assert!(
        got.deciding_clause().starts_with(AMENDS),
        "{}",
        got.deciding_clause()
    );
    // 不满 excludes the number: 200,000 is outside, 199,999 inside.
    assert_eq!(
        r.route(&water(10, on, 200_000)).outcome,
        Outcome::NotDelegated
    );
    assert_eq!(r.route(&water(10, on, 199_999)).outcome, Outcome::Committee);
    assert_eq!(r.route(&water(10, on, 50_000)).outcome, Outcome::Committee);
    // The day before, the 2024 bound.
    let day_before = r.route(&water(10, d(2026, 4, 30), 160_000));
    assert_eq!(day_before.outcome, Outcome::NotDelegated);
    assert_eq!(&*day_before.notice, ORIGINAL);
    // Item 11: back with its municipal unit, on the amendment's passage.
    let eleven = r.route(&general(11, on));
    assert_eq!(eleven.outcome, Outcome::OriginalUnit);
    assert_eq!(&*eleven.notice, AMENDS);
    assert_eq!(eleven.approving_body.as_deref(), Some("市市场监管局"));
    let step = eleven.deciding_step().unwrap();
    assert!(
        matches!(&step.finding, Finding::Withdrawn { item: 11, notice } if &**notice == AMENDS)
    );
    assert!(
        step.citation.quote.contains("第11项"),
        "{}",
        step.citation.quote
    );
    assert_eq!(
        r.route(&general(11, d(2026, 4, 30))).outcome,
        Outcome::Committee
    );
    // The items the amendment leaves alone are the 2024 notice's.
    let one = r.route(&general(1, on));
    assert_eq!((one.outcome, &*one.notice), (Outcome::Committee, ORIGINAL));
}

#[test]
fn flips_across_the_boundary_name_the_other_notice() {
    let r = router(book());
    let received_flips = |app: &Application| {
        r.route(app)
            .flips
            .into_iter()
            .filter(|f| f.fact == Fact::Received)
            .map(|f| (f.to, f.outcome, f.notice.map(|n| n.to_string())))
            .collect::<Vec<_>>()
    };
    use delegation_law::flips::Value::Date;
    // 160,000 the day before: the next day the amendment takes it to the committee.
    assert_eq!(
        received_flips(&water(10, d(2026, 4, 30), 160_000)),
        [(
            Date(d(2026, 5, 1)),
            Outcome::Committee,
            Some(AMENDS.to_string())
        )]
    );
    // Item 11 on the amendment's first day: the day before, the 2024 notice's committee.
    assert_eq!(
        received_flips(&general(11, d(2026, 5, 1))),
        [(
            Date(d(2026, 4, 30)),
            Outcome::Committee,
            Some(ORIGINAL.to_string())
        )]
    );
    // Item 1 in 2026: from 2027-07-01 the successor governs it, before its handover.
    let flips = received_flips(&general(1, d(2026, 12, 7)));
    assert!(
        flips.contains(&(
            Date(d(2027, 7, 1)),
            Outcome::OriginalUnit,
            Some(SUCCEEDS.to_string())
        )),
        "{flips:?}"
    );
}

#[test]
fn after_the_successor_its_table_governs() {
    let r = router(book());
    // Item 10 is in no notice in force: the notice it was in says it was replaced.
    let ten = r.route(&water(10, d(2027, 7, 1), 100_000));
    assert_eq!(ten.outcome, Outcome::OriginalUnit);
    assert!(matches!(
        &ten.deciding_step().unwrap().finding,
        Finding::Replaced { by, from, .. } if &**by == SUCCEEDS && *from == d(2027, 7, 1)
    ));
    assert!(ten.deciding_clause().starts_with(SUCCEEDS));
    // The last day of the 2024 notice (and of its amendment).
    assert_eq!(
        r.route(&water(10, d(2027, 6, 30), 100_000)).outcome,
        Outcome::Committee
    );
    // The successor's item 2 is water intake, to under 300,000.
    let two = r.route(&water(2, d(2027, 7, 20), 250_000));
    assert_eq!((two.outcome, &*two.notice), (Outcome::Committee, SUCCEEDS));
    assert_eq!(
        r.route(&water(2, d(2027, 7, 20), 300_000)).outcome,
        Outcome::NotDelegated
    );
    // Item 2 before the successor is the 2024 item 2, a general item.
    assert_eq!(
        r.route(&general(2, d(2027, 6, 30))).outcome,
        Outcome::Committee
    );
    assert_eq!(
        r.route(&general(2, d(2027, 7, 20))).outcome,
        Outcome::Invalid
    );
    // Before any notice: the 2024 notice says it was not yet in force, as it always did.
    let early = r.route(&general(1, d(2024, 4, 28)));
    assert!(matches!(
        early.deciding_step().unwrap().finding,
        Finding::BeforeInForce { .. }
    ));
}

/// The refusal of `text` by the book of the 2024 notice and the amendment.
fn refused(text: &str) -> (usize, usize, NoticeProblem) {
    let b = Notices::load(&[AMENDMENT]).unwrap();
    let e = b.check(text).expect_err("refused");
    (e.line, e.column, e.problem)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("in the text")
        + 1
}

#[test]
fn a_bad_notice_file_is_refused_with_its_line_and_column() {
    // A missing field.
    let missing = SUCCESSOR.replace("        committee: \"增城开发区管委会\",\n", "");
    let (line, column, problem) = refused(&missing);
    assert!(line > 0 && column > 0);
    assert!(
        matches!(&problem, NoticeProblem::Data(p) if format!("{p:?}").contains("committee")),
        "{problem:?}"
    );
    // An unknown notice replaced.
    let unknown = SUCCESSOR.replace(
        "replaces: [\"穗府规〔2024〕3号\"]",
        "replaces: [\"穗府规〔2099〕9号\"]",
    );
    let (line, column, problem) = refused(&unknown);
    assert_eq!(
        problem,
        NoticeProblem::UnknownNotice("穗府规〔2099〕9号".into())
    );
    assert_eq!(line, line_of(&unknown, "replaces:"));
    assert_eq!(column, 20);
    // An unknown notice second in the list: its own place.
    let second = SUCCESSOR.replace(
        "replaces: [\"穗府规〔2024〕3号\"]",
        "replaces: [\"穗府规〔2024〕3号\", \"穗府规〔2099〕9号\"]",
    );
    let (line, column, problem) = refused(&second);
    assert_eq!(
        problem,
        NoticeProblem::UnknownNotice("穗府规〔2099〕9号".into())
    );
    assert_eq!((line, column), (line_of(&second, "replaces:"), 35));
    // One item twice.
    let twice = SUCCESSOR.replace("            no: 2,\n", "            no: 1,\n");
    let (line, _, problem) = refused(&twice);
    assert_eq!(problem, NoticeProblem::ItemTwice(1));
    let second = twice.match_indices("no: 1,\n").nth(1).unwrap().0;
    assert_eq!(line, twice[..second].lines().count());
    // An item both changed and withdrawn.
    let both = AMENDMENT
        .replace("测试修〔2026〕1号", "测试修〔2026〕3号")
        .replace("(no: 11, passage: 2)", "(no: 10, passage: 2)");
    assert_eq!(refused(&both).2, NoticeProblem::ItemTwice(10));
    // Dates out of order: in force before it was issued.
    let early = SUCCESSOR.replace(
        "effective: Some(\"2027-07-01\")",
        "effective: Some(\"2027-05-01\")",
    );
    let (line, _, problem) = refused(&early);
    assert!(
        matches!(problem, NoticeProblem::DatesOutOfOrder { .. }),
        "{problem:?}"
    );
    assert_eq!(line, line_of(&early, "effective:"));
    // A successor in force before the notice it replaces.
    let before = SUCCESSOR
        .replace("2027-06-01", "2024-01-01")
        .replace("2027-07-01", "2024-02-01");
    assert!(matches!(
        refused(&before).2,
        NoticeProblem::DatesOutOfOrder { .. }
    ));
    // A bound no value fits.
    let empty = SUCCESSOR.replace("upper: Some(Below(300000))", "upper: Some(Below(50000))");
    let (line, _, problem) = refused(&empty);
    assert!(
        matches!(problem, NoticeProblem::Bound { item: 2, .. }),
        "{problem:?}"
    );
    assert_eq!(line, line_of(&empty, "scope: Some(WaterIntake("));
    // An empty text.
    let blank = SUCCESSOR.replace("name: \"取水许可\"", "name: \"  \"");
    assert_eq!(refused(&blank).2, NoticeProblem::Empty("name".into()));
    // Another notice under a 文号 already held.
    let same = AMENDMENT.replace("不满20万立方米的", "不满25万立方米的");
    assert_eq!(refused(&same).2, NoticeProblem::AlreadyHeld(AMENDS.into()));
    // Periods and dates no computation could hold are refused, not computed.
    let long = SUCCESSOR.replace("validity_years: 5", "validity_years: 400000000");
    assert_eq!(refused(&long).2, NoticeProblem::Validity(400_000_000));
    let slow = SUCCESSOR.replace(
        "handover_working_days: 30",
        "handover_working_days: 4000000000",
    );
    assert_eq!(refused(&slow).2, NoticeProblem::HandoverDays(4_000_000_000));
    let far = SUCCESSOR
        .replace("2027-06-01", "9999-06-01")
        .replace("2027-07-01", "9999-07-01");
    assert!(matches!(
        refused(&far).2,
        NoticeProblem::DateOutOfRange { .. }
    ));
    // The same notice again is not a refusal: it is held once.
    assert!(
        Notices::load(&[AMENDMENT])
            .unwrap()
            .check(AMENDMENT)
            .is_ok()
    );
}

#[test]
fn a_row_an_amendment_changes_keeps_the_handover_of_the_notice_it_amends() {
    // The amendment in force from its issue (no `effective`): item 10, handed over in 2024
    // (recorded 2024-06-20 in the samples), is the committee's at once under the new bound,
    // not sent back to the city until the amendment's own deadline (2026-04-14).
    let at_issue = AMENDMENT.replace("        effective: Some(\"2026-05-01\"),\n", "");
    let book: &'static Notices = Box::leak(Box::new(Notices::load(&[&at_issue]).unwrap()));
    let r = router(book);
    let got = r.route(&water(10, d(2026, 3, 10), 160_000));
    assert_eq!((got.outcome, &*got.notice), (Outcome::Committee, AMENDS));
    let from = got
        .trace
        .iter()
        .find(|s| matches!(s.finding, Finding::FromHandover { .. }))
        .expect("a handover step");
    assert!(matches!(
        from.finding,
        Finding::FromHandover { handover, recorded: true, .. } if handover == d(2024, 6, 20)
    ));
    assert!(
        from.citation.clause.starts_with(ORIGINAL),
        "{}",
        from.citation.clause
    );
}

#[test]
fn between_notices_the_one_that_ended_last_says_why() {
    // A later notice that replaces nothing, in force from 2029-10-01 after the 2024 notice ran
    // out on 2029-04-28: every day of the gap is the 2024 notice's "after its validity", the
    // same on either side of its middle, and the later notice governs from its first day.
    let later = SUCCESSOR
        .replace("        replaces: [\"穗府规〔2024〕3号\"],\n", "")
        .replace("2027-06-01", "2029-09-01")
        .replace("2027-07-01", "2029-10-01");
    let book: &'static Notices = Box::leak(Box::new(Notices::load(&[&later]).unwrap()));
    let r = router(book);
    for day in [d(2029, 5, 1), d(2029, 6, 1), d(2029, 8, 1), d(2029, 9, 30)] {
        let got = r.route(&general(1, day));
        assert_eq!(
            (got.outcome, &*got.notice),
            (Outcome::OriginalUnit, ORIGINAL),
            "{day}"
        );
        assert!(matches!(
            got.deciding_step().unwrap().finding,
            Finding::AfterValidity { .. }
        ));
    }
    let first_day = r.route(&general(1, d(2029, 10, 1)));
    assert_eq!(&*first_day.notice, SUCCEEDS);
}
