//! What the 办件台账 screen asks of a large register, timed (docs/performance.md, issue 27):
//! the first page (the screen opening), each filter and order as a clerk steps through them,
//! the last page, and a case's card; medians of 5, with the process's memory.
//!
//!     cargo run --release --example cases_screen -- STORE [--close N]
//!     cargo run --release --example cases_screen -- STORE --record REGISTER
//!
//! `--close N` first closes N open cases (one transaction each, as a clerk would) and sets a
//! time limit on item 2, so that the result and overdue filters have something to find.
//! `--record REGISTER` times the batch screen's 全部登记 instead: the register read as the
//! screen reads it, then every row recorded in STORE as the screen's job records it.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use delegation_law::calendar::Calendar;
use delegation_law::cases::{CaseResult, CaseStatus};
use delegation_law::catalogue::Catalogue;
use delegation_session::cases::{Clerk, open_cases};
use delegation_session::desk::{Desk, Filter};
use delegation_store::cases::{Closing, ListQuery, Order};

fn rss() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// 全部登记 as the batch screen does it: read, then recorded, each timed.
fn record(store: &std::path::Path, register: &std::path::Path, today: NaiveDate) {
    use delegation_tracker::gui::screen::batch::Batch;
    use delegation_tracker::gui::screen::batch::load::{Cancel, read};
    let session = delegation_session::Session::in_memory(Calendar::embedded().clone());
    let t = Instant::now();
    let loaded = read(
        register,
        register.display().to_string(),
        today,
        &session.routing(),
        &Cancel::default(),
        &mut |_| {},
    )
    .expect("the register reads")
    .expect("not cancelled");
    let mut batch = Batch::default();
    batch.loaded(loaded);
    let rows = batch.rows_to_record();
    println!(
        "read and routed {} rows: {:.2?}; {}",
        rows.len(),
        t.elapsed(),
        rss()
    );
    let desk = Desk::at(store.to_path_buf());
    let actor = Clerk::of_system(Some("measure")).now();
    let t = Instant::now();
    let done = desk
        .record_rows(
            &rows,
            batch.router().expect("routed"),
            &delegation_words::cases::RecordWords,
            &actor,
            &std::sync::atomic::AtomicBool::new(false),
            &mut |_| {},
        )
        .expect("recorded");
    println!(
        "recorded {} (already {}, conflicts {}, INVALID {}): {:.2?}; {}",
        done.recorded,
        done.already,
        done.conflicts.len(),
        done.invalid.len(),
        t.elapsed(),
        rss()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let store = std::path::PathBuf::from(args.get(1).expect("STORE"));
    let close: usize = match args.get(2).map(String::as_str) {
        Some("--close") => args[3].parse().expect("--close N"),
        _ => 0,
    };
    let cal = Calendar::embedded();
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    if let (Some("--record"), Some(register)) = (args.get(2).map(String::as_str), args.get(3)) {
        record(&store, std::path::Path::new(register), today);
        return;
    }
    if close > 0 {
        let mut cases = open_cases(&store).expect("the store opens");
        let actor = Clerk::of_system(Some("measure")).now();
        let mut ids = Vec::new();
        let q = ListQuery {
            open: true,
            take: Some(close as u64),
            ..ListQuery::default()
        };
        cases
            .list(&q, &mut |c| {
                ids.push((c.id, c.filed.received));
                true
            })
            .unwrap();
        let t = Instant::now();
        for (n, (id, received)) in ids.iter().enumerate() {
            let closing = Closing {
                on: (*received + chrono::Duration::days(20 + (n % 40) as i64)).min(today),
                result: CaseResult::ALL[n % 5],
                note: String::new(),
            };
            cases.close(id, None, &closing, cal, &actor).unwrap();
        }
        cases
            .set_limit(Catalogue::embedded(), 2, Some(20), &actor)
            .unwrap();
        println!("closed {} cases in {:.1?}", ids.len(), t.elapsed());
    }
    println!("start: {}", rss());
    let t = Instant::now();
    let desk = Desk::at(store);
    let first = desk
        .page(&Filter::default(), Order::Received, 0, 25, cal, today)
        .expect("the first page");
    println!(
        "the screen's first page (opening the store): {:.1?}, {} cases, {} lines",
        t.elapsed(),
        first.tally.cases,
        first.lines.len()
    );
    let total = first.tally.cases;
    let steps: Vec<(&str, Filter, Order, u64)> = vec![
        ("all, received", Filter::default(), Order::Received, 0),
        (
            "year 2025",
            Filter {
                year: Some(2025),
                ..Filter::default()
            },
            Order::Received,
            0,
        ),
        (
            "year 2025, item 6",
            Filter {
                year: Some(2025),
                item: Some(6),
                ..Filter::default()
            },
            Order::Received,
            0,
        ),
        (
            "item 6, open",
            Filter {
                item: Some(6),
                status: Some(CaseStatus::Open),
                ..Filter::default()
            },
            Order::Received,
            0,
        ),
        (
            "closed, granted",
            Filter {
                status: Some(CaseStatus::Closed),
                result: Some(CaseResult::Granted),
                ..Filter::default()
            },
            Order::Received,
            0,
        ),
        (
            "overdue",
            Filter {
                overdue: true,
                ..Filter::default()
            },
            Order::Received,
            0,
        ),
        (
            "search a number",
            Filter {
                search: "GEN-0999".into(),
                ..Filter::default()
            },
            Order::Received,
            0,
        ),
        (
            "all, received latest",
            Filter::default(),
            Order::ReceivedLatest,
            0,
        ),
        (
            "all, closed latest",
            Filter::default(),
            Order::ClosedLatest,
            0,
        ),
        ("all, closed earliest", Filter::default(), Order::Closed, 0),
        (
            "all, the last page",
            Filter::default(),
            Order::Received,
            total.saturating_sub(1) / 25 * 25,
        ),
        (
            "all, the middle page",
            Filter::default(),
            Order::Received,
            total / 2 / 25 * 25,
        ),
    ];
    for (name, filter, order, skip) in &steps {
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..5 {
            let t = Instant::now();
            let page = desk.page(filter, *order, *skip, 25, cal, today).unwrap();
            times.push(t.elapsed());
            found = page.tally.cases;
        }
        println!("{name}: median {:.1?} ({found} cases)", median(times));
    }
    let id = first.lines[0].case.id.clone();
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        desk.card(&id, cal, today).unwrap().expect("the card");
        times.push(t.elapsed());
    }
    println!("a case's card: median {:.1?}", median(times));
    println!("end: {}", rss());
}
