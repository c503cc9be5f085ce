//! The case register's scenario suite, run on every backend: record, re-record, conflict,
//! re-route, close, reopen, limit, the year's figures, the audit trail and its verification.
//! The figures are checked against the law's own fold over the cases (a second method) and
//! against counts made by hand, on cases that cross a year's end and the 2024–2026 holidays.

use chrono::NaiveDate;
use delegation_law::calendar::Calendar;
use delegation_law::cases::{CaseResult, CaseStatus, ItemFigures, working_days, year_figures};
use delegation_law::catalogue::Catalogue;
use delegation_law::router::Outcome;
use delegation_store::cases::memory::{Memory, facts_of};
use delegation_store::cases::postgres::Postgres;
use delegation_store::cases::sqlite::Sqlite;

mod pg_common;
use delegation_store::cases::{
    Actor, Broken, CaseError, Cases, Closing, EventKind, Fault, Filed, ListQuery, NewCase,
    Recorded, RecordedDecision,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn closing(on: NaiveDate, result: CaseResult, note: &str) -> Closing {
    Closing {
        on,
        result,
        note: note.into(),
    }
}

fn actor(who: &str) -> Actor {
    Actor {
        who: who.into(),
        machine: "pc-1".into(),
        at: "2026-12-03T09:00:00+08:00".into(),
    }
}

fn decision(outcome: Outcome) -> RecordedDecision {
    RecordedDecision {
        at: "2026-12-03T09:00:00+08:00".into(),
        notice: "穗府规〔2024〕3号".into(),
        outcome: outcome.code().into(),
        approving_body: Some("增城开发区管委会".into()),
        mode: Some("授权行使".into()),
        in_name_of: Some("增城开发区管委会".into()),
        answerable: Some("增城开发区管委会".into()),
        clause: "穗府规〔2024〕3号 附件 第2项".into(),
        finding: "在开发区内".into(),
        flips: String::new(),
    }
}

fn new_case(id: &str, item: u8, received: NaiveDate, outcome: Outcome) -> NewCase {
    NewCase {
        id: id.into(),
        filed: Filed {
            item,
            received,
            in_zone: true,
            facts: "General".into(),
            applicant: format!("申请人{id}"),
        },
        decision: decision(outcome),
    }
}

/// Each backend, fresh: memory, SQLite, and PostgreSQL when a server is configured
/// (`DELEGATION_TRACKER_TEST_PG`, see pg_common; skipped with a message when not, a failure
/// under CI=true).
fn backends(test: &str) -> Vec<(&'static str, Cases, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Sqlite::open(&dir.path().join("cases.sqlite")).unwrap();
    let mut all = vec![
        ("memory", Cases::new(Box::new(Memory::new())), None),
        ("sqlite", Cases::new(Box::new(sqlite)), Some(dir)),
    ];
    if let Some(url) = pg_common::url(test) {
        let (url, _) = pg_common::fresh(&url);
        all.push((
            "postgres",
            Cases::new(Box::new(Postgres::init(&url).unwrap())),
            None,
        ));
    }
    all
}

#[test]
fn record_rerecord_conflict_close_reopen_reroute_and_verify_on_every_backend() {
    let cal = Calendar::embedded();
    for (name, mut cases, _dir) in backends("scenario") {
        let a = new_case("ZC-1", 2, d(2024, 9, 30), Outcome::Committee);
        assert_eq!(
            cases.record(&a, &actor("张三")).unwrap(),
            Recorded::New,
            "{name}"
        );
        // The same again: left as it is; other facts: a conflict, nothing changed.
        assert_eq!(
            cases.record(&a, &actor("李四")).unwrap(),
            Recorded::AlreadyThere,
            "{name}"
        );
        let mut other = a.clone();
        other.filed.received = d(2024, 10, 8);
        let Recorded::Conflict(now) = cases.record(&other, &actor("李四")).unwrap() else {
            panic!("{name}: a conflict")
        };
        assert_eq!(now.filed.received, d(2024, 9, 30));
        let c = cases.case("ZC-1").unwrap().unwrap();
        assert_eq!(
            (c.status, c.version, c.recorded_by.as_str()),
            (CaseStatus::Open, 1, "张三")
        );

        // Closed across National Day: 09-30 to 10-08 is one working day (10-08).
        let c = cases
            .close(
                "ZC-1",
                Some(1),
                &closing(d(2024, 10, 8), CaseResult::Granted, "准予"),
                cal,
                &actor("张三"),
            )
            .unwrap();
        assert_eq!((c.working_days, c.version), (Some(1), 2), "{name}");
        assert!(matches!(
            cases.close(
                "ZC-1",
                None,
                &closing(d(2024, 10, 9), CaseResult::Refused, ""),
                cal,
                &actor("张三")
            ),
            Err(CaseError::AlreadyClosed(_))
        ));
        // A change from an old version is refused, naming who changed it and when.
        let e = cases.reopen("ZC-1", Some(1), &actor("李四")).unwrap_err();
        let CaseError::Conflict { by, current, .. } = e else {
            panic!("{name}: {e:?}")
        };
        assert_eq!((by.as_str(), current.version), ("张三", 2), "{name}");
        let c = cases.reopen("ZC-1", Some(2), &actor("李四")).unwrap();
        assert_eq!(
            (c.status, c.closed, c.result, c.version),
            (CaseStatus::Open, None, None, 3)
        );
        assert!(matches!(
            cases.reopen("ZC-1", None, &actor("李四")),
            Err(CaseError::NotClosed(_))
        ));
        assert!(matches!(
            cases.close(
                "ZC-1",
                None,
                &closing(d(2024, 9, 29), CaseResult::Granted, ""),
                cal,
                &actor("张三")
            ),
            Err(CaseError::ClosedBeforeReceived { .. })
        ));

        // A corrected fact: the new decision is added, the earlier one kept.
        let mut filed = a.filed.clone();
        filed.item = 3;
        let c = cases
            .reroute(
                "ZC-1",
                Some(3),
                filed.clone(),
                decision(Outcome::OriginalUnit),
                cal,
                &actor("王五"),
            )
            .unwrap();
        assert_eq!((c.decisions, c.filed.item, c.version), (2, 3, 4));
        let h = cases.history("ZC-1").unwrap().unwrap();
        assert_eq!(h.decisions.len(), 2);
        assert_eq!(h.decisions[0].0.item, 2);
        assert_eq!(h.decisions[0].1.outcome, "COMMITTEE");
        assert_eq!(h.decisions[1].1.outcome, "ORIGINAL_UNIT");
        let kinds: Vec<EventKind> = h.events.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                EventKind::Recorded,
                EventKind::Closed,
                EventKind::Reopened,
                EventKind::Rerouted
            ],
            "{name}"
        );
        assert!(h.events[1].before.as_deref().unwrap().contains("\"open\""));
        assert!(h.events[1].after.as_deref().unwrap().contains("\"closed\""));
        assert_eq!(h.events[3].who, "王五");

        // Limits are audited; an item the notice lacks is refused.
        let cat = Catalogue::embedded();
        cases.set_limit(cat, 2, Some(5), &actor("协调员")).unwrap();
        cases.set_limit(cat, 2, None, &actor("协调员")).unwrap();
        cases.set_limit(cat, 3, Some(10), &actor("协调员")).unwrap();
        assert!(matches!(
            cases.set_limit(cat, 13, Some(1), &actor("协调员")),
            Err(CaseError::NoSuchItem(13))
        ));
        assert_eq!(cases.limits().unwrap(), [(3, 10)].into());
        let mut all = Vec::new();
        cases
            .events(None, &mut |e| {
                all.push(e);
                true
            })
            .unwrap();
        assert_eq!(all.len(), 7, "{name}");
        assert_eq!(
            all.iter().map(|e| e.seq).collect::<Vec<_>>(),
            (1..=7).collect::<Vec<_>>()
        );
        assert_eq!(cases.head_seq().unwrap(), 7);
        assert_eq!(cases.verify().unwrap(), Ok(7), "{name}");
    }
}

#[test]
fn verify_names_the_first_event_or_case_that_does_not_fit() {
    let cal = Calendar::embedded();
    let fill = |cases: &mut Cases| {
        for i in 1..=3 {
            let c = new_case(&format!("ZC-{i}"), 2, d(2025, 3, i), Outcome::Committee);
            cases.record(&c, &actor("张三")).unwrap();
        }
        cases
            .close(
                "ZC-2",
                None,
                &closing(d(2025, 3, 20), CaseResult::Granted, ""),
                cal,
                &actor("张三"),
            )
            .unwrap();
    };
    // The memory backend, tampered as an attacker with the file would (through another
    // handle on the same register).
    let tampered = |edit: fn(&Memory)| -> Result<u64, Broken> {
        let mem = Memory::new();
        let mut cases = Cases::new(Box::new(mem.clone()));
        fill(&mut cases);
        edit(&mem);
        cases.verify().unwrap()
    };
    assert_eq!(tampered(|_| {}), Ok(4));
    assert_eq!(
        tampered(|m| m.tamper_event(2, |e| e.who = "李四".into())),
        Err(Broken::Event { seq: 2 })
    );
    assert_eq!(
        tampered(|m| m.delete_event(3)),
        Err(Broken::Event { seq: 3 })
    );
    assert_eq!(
        tampered(|m| m.tamper_case("ZC-3", |c| c.filed.item = 12)),
        Err(Broken::Case { id: "ZC-3".into() })
    );
}

#[test]
fn on_sqlite_the_triggers_refuse_and_verify_finds_what_was_done_without_them() {
    let cal = Calendar::embedded();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.sqlite");
    let mut cases = Cases::new(Box::new(Sqlite::open(&path).unwrap()));
    for i in 1..=3 {
        let c = new_case(&format!("ZC-{i}"), 2, d(2025, 3, i), Outcome::Committee);
        cases.record(&c, &actor("张三")).unwrap();
    }
    cases
        .close(
            "ZC-2",
            None,
            &closing(d(2025, 3, 20), CaseResult::Granted, ""),
            cal,
            &actor("张三"),
        )
        .unwrap();
    drop(cases);
    let raw = Sqlite::open(&path).unwrap();
    let conn = raw.raw();
    assert!(
        conn.execute("UPDATE events SET who = 'x' WHERE seq = 1", [])
            .is_err()
    );
    assert!(
        conn.execute("DELETE FROM events WHERE seq = 4", [])
            .is_err()
    );
    // Schema 2 keeps no table of decisions: each is its event's `after`.
    assert!(conn.execute("DELETE FROM decisions", []).is_err());
    // A case changed behind the program's back.
    conn.execute("UPDATE cases SET working_days = 2 WHERE id = 'ZC-2'", [])
        .unwrap();
    let mut cases = Cases::new(Box::new(raw));
    assert_eq!(
        cases.verify().unwrap(),
        Err(Broken::Case { id: "ZC-2".into() })
    );
    drop(cases);
    // An event edited with the triggers dropped.
    let raw = Sqlite::open(&path).unwrap();
    raw.raw()
        .execute("UPDATE cases SET working_days = 13 WHERE id = 'ZC-2'", [])
        .unwrap();
    raw.raw()
        .execute_batch("DROP TRIGGER events_append_only_update")
        .unwrap();
    raw.raw()
        .execute("UPDATE events SET machine = 'elsewhere' WHERE seq = 2", [])
        .unwrap();
    let mut cases = Cases::new(Box::new(raw));
    assert_eq!(cases.verify().unwrap(), Err(Broken::Event { seq: 2 }));
}

#[test]
fn a_file_that_is_not_a_case_register_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    // An empty file holds nothing to lose (it is what a process killed between creating the
    // file and writing the schema leaves): it becomes a store.
    let empty = dir.path().join("empty.sqlite");
    std::fs::write(&empty, b"").unwrap();
    assert!(Sqlite::open(&empty).is_ok());
    std::fs::remove_file(&empty).unwrap();
    let _ = std::fs::remove_file(dir.path().join("empty.sqlite-wal"));
    let _ = std::fs::remove_file(dir.path().join("empty.sqlite-shm"));
    let p = dir.path().join("text.sqlite");
    let bytes = b"not a database at all\n".to_vec();
    std::fs::write(&p, &bytes).unwrap();
    assert!(matches!(Sqlite::open(&p), Err(Fault::NotAStore(_))));
    assert_eq!(std::fs::read(&p).unwrap(), bytes, "untouched");
    let extra: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(extra.len(), 1, "no -wal or -shm");
    // Another program's SQLite database.
    let p = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&p).unwrap();
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = std::fs::read(&p).unwrap();
    assert!(matches!(Sqlite::open(&p), Err(Fault::NotAStore(_))));
    assert_eq!(std::fs::read(&p).unwrap(), before);
    // A newer register.
    let p = dir.path().join("newer.sqlite");
    drop(Sqlite::open(&p).unwrap());
    rusqlite::Connection::open(&p)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    assert_eq!(
        Sqlite::open(&p).err(),
        Some(Fault::Newer {
            found: 99,
            supported: delegation_store::cases::sqlite::SCHEMA_VERSION
        })
    );
    #[cfg(unix)]
    {
        let link = dir.path().join("link.sqlite");
        std::os::unix::fs::symlink(dir.path().join("elsewhere.sqlite"), &link).unwrap();
        assert!(matches!(Sqlite::open(&link), Err(Fault::Link(_))));
        assert!(!dir.path().join("elsewhere.sqlite").exists());
    }
}

/// Cases over 2024–2026, crossing the years' ends and the holidays, closed in all five ways.
fn a_register() -> Vec<(NewCase, Option<(NaiveDate, CaseResult)>)> {
    let outcomes = Outcome::ALL;
    let mut out = Vec::new();
    let mut day = d(2024, 6, 14);
    for i in 0..400u32 {
        let item = [2u8, 6, 10, 12, 1][(i % 5) as usize];
        let c = new_case(&format!("R-{i:04}"), item, day, outcomes[(i % 4) as usize]);
        let close = (i % 3 != 0).then(|| {
            (
                day + chrono::Duration::days(i64::from(i % 37) + 1),
                CaseResult::ALL[(i % 5) as usize],
            )
        });
        out.push((c, close));
        day += chrono::Duration::days(2 + i64::from(i % 3));
    }
    out
}

#[test]
fn the_years_figures_are_the_laws_fold_on_every_backend_and_add_up() {
    let cat = Catalogue::embedded();
    let cal = Calendar::embedded();
    let today = d(2026, 12, 3);
    let register = a_register();
    let mut answers: Vec<(String, Vec<Vec<ItemFigures>>)> = Vec::new();
    for (name, mut cases, _dir) in backends("year figures") {
        let new: Vec<NewCase> = register.iter().map(|(c, _)| c.clone()).collect();
        let r = cases.record_all(&new, &actor("张三")).unwrap();
        assert!(r.iter().all(|r| *r == Recorded::New));
        for (c, close) in &register {
            if let Some((on, result)) = close {
                cases
                    .close(
                        &c.id,
                        Some(1),
                        &closing(*on, *result, ""),
                        cal,
                        &actor("张三"),
                    )
                    .unwrap();
            }
        }
        cases.set_limit(cat, 2, Some(10), &actor("协调员")).unwrap();
        cases.set_limit(cat, 12, Some(3), &actor("协调员")).unwrap();
        let years: Vec<Vec<ItemFigures>> = (2024..=2026)
            .map(|y| cases.year_figures(cat, cal, y, today).unwrap())
            .collect();
        // The law's fold over the same cases, as listed by the store.
        let mut facts = Vec::new();
        cases
            .list(&ListQuery::default(), &mut |c| {
                facts.push(facts_of(&c));
                true
            })
            .unwrap();
        assert_eq!(facts.len(), 400);
        let limits = cases.limits().unwrap();
        for (y, got) in (2024..=2026).zip(&years) {
            let want = year_figures(cat, cal, &limits, y, today, &facts);
            assert_eq!(got, &want, "{name} {y}");
            assert_eq!(got.len(), 12);
            // The counts add up: every case received in the year has one outcome; every case
            // closed in the year one result.
            for f in got {
                assert_eq!(f.by_outcome.iter().sum::<u64>(), f.received);
                assert_eq!(f.by_result.iter().sum::<u64>(), f.closed);
            }
        }
        let received: u64 = years.iter().flatten().map(|f| f.received).sum();
        let in_years = register
            .iter()
            .filter(|(c, _)| (2024..=2026).contains(&chrono::Datelike::year(&c.filed.received)))
            .count();
        assert_eq!(received, in_years as u64);
        assert!(in_years > 250, "most of the register falls in 2024-2026");
        // A year far past any case (`--year 999999`, past what the server's INTEGER dates
        // hold when multiplied out): twelve items of nothing, not an overflow.
        for y in [999_999, i32::MAX] {
            let far = cases.year_figures(cat, cal, y, today).unwrap();
            assert_eq!(far.len(), 12, "{name} {y}");
            assert!(
                far.iter().all(|f| f.received == 0 && f.closed == 0),
                "{name} {y}"
            );
        }
        // Items 3–5, 7–9 and 11 have no case: 零办件.
        for f in &years[1] {
            assert_eq!(
                f.is_empty(),
                ![1, 2, 6, 10, 12].contains(&f.item),
                "{name} item {}",
                f.item
            );
        }
        answers.push((name.to_string(), years));
    }
    for (name, years) in &answers[1..] {
        assert_eq!(&answers[0].1, years, "memory and {name} count the same");
    }

    // By hand, for the first cases of item 2 (R-0000, every fifth): received 2024-06-14,
    // open (0 % 3 == 0).
    let first = &register[0];
    assert_eq!(first.0.filed.received, d(2024, 6, 14));
    assert!(first.1.is_none());
    // R-0001 (item 6): received 2024-06-16 (a Sunday), closed 2 days later on 06-18 (Tuesday):
    // 06-17 and 06-18, two working days.
    let (c, close) = &register[1];
    assert_eq!(c.filed.received, d(2024, 6, 16));
    let (on, _) = close.unwrap();
    assert_eq!(on, d(2024, 6, 18));
    assert_eq!(working_days(cal, c.filed.received, on), 2);
}

#[test]
fn two_writers_on_one_sqlite_file_take_turns_and_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.sqlite");
    drop(Sqlite::open(&path).unwrap());
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut cases = Cases::new(Box::new(Sqlite::open(&path).unwrap()));
                for batch in 0..20 {
                    let new: Vec<NewCase> = (0..50)
                        .map(|i| {
                            new_case(
                                &format!("W{w}-{batch}-{i}"),
                                2,
                                d(2025, 1, 6),
                                Outcome::Committee,
                            )
                        })
                        .collect();
                    cases
                        .record_all(&new, &actor(&format!("writer {w}")))
                        .unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let mut cases = Cases::new(Box::new(Sqlite::open(&path).unwrap()));
    assert_eq!(cases.verify().unwrap(), Ok(2000));
    let mut n = 0;
    cases
        .list(&ListQuery::default(), &mut |_| {
            n += 1;
            true
        })
        .unwrap();
    assert_eq!(n, 2000);
}

/// Four writers open one new store at the same moment, two hundred times over: each finds a
/// store (made by one of them, once), never "not a case register". CI caught the header read
/// in three statements seeing another process's schema commit between them (id 0, version 1).
#[test]
fn writers_opening_one_new_store_at_once_all_find_it() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..200 {
        let path = dir.path().join(format!("cases-{round}.sqlite"));
        let start = std::sync::Arc::new(std::sync::Barrier::new(4));
        let openers: Vec<_> = (0..4)
            .map(|_| {
                let (path, start) = (path.clone(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    Sqlite::open(&path).map(drop)
                })
            })
            .collect();
        for o in openers {
            if let Err(e) = o.join().unwrap() {
                panic!("round {round}: {e:?}");
            }
        }
        let mut cases = Cases::new(Box::new(Sqlite::open(&path).unwrap()));
        assert_eq!(cases.verify().unwrap(), Ok(0), "round {round}");
    }
}

#[test]
fn list_filters_by_year_item_open_and_search() {
    let cal = Calendar::embedded();
    for (name, mut cases, _dir) in backends("list") {
        let new = [
            new_case("ZC-1", 2, d(2025, 12, 31), Outcome::Committee),
            new_case("ZC-2", 6, d(2026, 1, 4), Outcome::NotDelegated),
            new_case("AB_%", 2, d(2026, 1, 5), Outcome::Committee),
        ];
        cases.record_all(&new, &actor("张三")).unwrap();
        cases
            .close(
                "ZC-2",
                None,
                &closing(d(2026, 1, 5), CaseResult::Referred, ""),
                cal,
                &actor("张三"),
            )
            .unwrap();
        let ids = |cases: &mut Cases, q: ListQuery| {
            let mut v = Vec::new();
            cases
                .list(&q, &mut |c| {
                    v.push(c.id);
                    true
                })
                .unwrap();
            v
        };
        assert_eq!(
            ids(&mut cases, ListQuery::default()),
            ["ZC-1", "ZC-2", "AB_%"],
            "{name}"
        );
        let year = |y| ListQuery {
            year: Some(y),
            ..ListQuery::default()
        };
        assert_eq!(ids(&mut cases, year(2026)), ["ZC-2", "AB_%"]);
        let q = ListQuery {
            item: Some(2),
            open: true,
            ..ListQuery::default()
        };
        assert_eq!(ids(&mut cases, q), ["ZC-1", "AB_%"]);
        let search = |s: &str| ListQuery {
            search: Some(s.into()),
            ..ListQuery::default()
        };
        assert_eq!(
            ids(&mut cases, search("_%")),
            ["AB_%"],
            "{name}: LIKE's own characters"
        );
        assert_eq!(
            ids(&mut cases, search("申请人ZC-2")),
            ["ZC-2"],
            "by applicant"
        );
    }
}

#[test]
fn the_screens_query_filters_orders_pages_and_counts_alike_on_every_backend() {
    use delegation_law::cases::{is_overdue, overdue_cutoff};
    use delegation_store::cases::{Order, Tally};
    use std::collections::BTreeMap;
    let cal = Calendar::embedded();
    let today = d(2026, 3, 2);
    for (name, mut cases, _dir) in backends("screen_query") {
        // Twelve cases over two items and two years; some closed, one of each result.
        let new: Vec<NewCase> = (1..=12u32)
            .map(|i| {
                let item = if i % 2 == 0 { 2 } else { 8 };
                let received = d(2025, 11, 20) + chrono::Duration::days(i64::from(i) * 9);
                new_case(&format!("ZC-{i:02}"), item, received, Outcome::Committee)
            })
            .collect();
        cases.record_all(&new, &actor("张三")).unwrap();
        let results = CaseResult::ALL;
        for (n, i) in [1u32, 2, 4, 5, 7].into_iter().enumerate() {
            let c = &new[i as usize - 1];
            let on = c.filed.received + chrono::Duration::days(i64::from(30 - i));
            cases
                .close(
                    &c.id,
                    None,
                    &closing(on, results[n], ""),
                    cal,
                    &actor("张三"),
                )
                .unwrap();
        }
        let limit = 10u32;
        cases
            .set_limit(Catalogue::embedded(), 2, Some(limit), &actor("李四"))
            .unwrap();
        let mut all = Vec::new();
        cases
            .list(&ListQuery::default(), &mut |c| {
                all.push(c);
                true
            })
            .unwrap();
        let ids = |cases: &mut Cases, q: &ListQuery| {
            let mut v = Vec::new();
            cases
                .list(q, &mut |c| {
                    v.push(c.id);
                    true
                })
                .unwrap();
            v
        };
        // Pages: three of five, then the rest; together the whole list.
        let page = |skip, take| ListQuery {
            skip,
            take: Some(take),
            ..ListQuery::default()
        };
        let mut paged = ids(&mut cases, &page(0, 5));
        paged.extend(ids(&mut cases, &page(5, 5)));
        paged.extend(ids(&mut cases, &page(10, 5)));
        let every: Vec<String> = all.iter().map(|c| c.id.clone()).collect();
        assert_eq!(paged, every, "{name}: pages");
        assert!(ids(&mut cases, &page(12, 5)).is_empty(), "{name}");
        // Orders: latest first is the reverse; by closing date, the closed ones first.
        let latest = ListQuery {
            order: Order::ReceivedLatest,
            ..ListQuery::default()
        };
        let mut reversed = every.clone();
        reversed.reverse();
        assert_eq!(ids(&mut cases, &latest), reversed, "{name}: latest first");
        for (order, latest) in [(Order::Closed, false), (Order::ClosedLatest, true)] {
            let mut expected = all.clone();
            // Open ones (no date) first when earliest first, last when latest first.
            expected.sort_by(|a, b| {
                let (x, y) = if latest { (b, a) } else { (a, b) };
                (x.closed, &x.id).cmp(&(y.closed, &y.id))
            });
            let expected: Vec<String> = expected.into_iter().map(|c| c.id).collect();
            let q = ListQuery {
                order,
                ..ListQuery::default()
            };
            assert_eq!(ids(&mut cases, &q), expected, "{name}: {order:?}");
        }
        // Each filter against the lines filtered here, and the counts adding up.
        let cutoffs: BTreeMap<u8, (u32, NaiveDate)> =
            BTreeMap::from([(2, (limit, overdue_cutoff(cal, limit, today)))]);
        let late = |c: &delegation_store::cases::CaseLine| {
            c.filed.item == 2 && is_overdue(cal, Some(limit), c.filed.received, c.closed, today)
        };
        type Keep<'a> = Box<dyn Fn(&delegation_store::cases::CaseLine) -> bool + 'a>;
        let queries: Vec<(ListQuery, Keep<'_>)> = vec![
            (
                ListQuery {
                    year: Some(2026),
                    ..ListQuery::default()
                },
                Box::new(|c| c.filed.received.format("%Y").to_string() == "2026"),
            ),
            (
                ListQuery {
                    closed: true,
                    item: Some(2),
                    ..ListQuery::default()
                },
                Box::new(|c| c.closed.is_some() && c.filed.item == 2),
            ),
            (
                ListQuery {
                    result: Some(CaseResult::Withdrawn),
                    ..ListQuery::default()
                },
                Box::new(|c| c.result == Some(CaseResult::Withdrawn)),
            ),
            (
                ListQuery {
                    overdue: Some(cutoffs.clone()),
                    ..ListQuery::default()
                },
                Box::new(late),
            ),
            (
                ListQuery {
                    overdue: Some(BTreeMap::new()),
                    ..ListQuery::default()
                },
                Box::new(|_| false),
            ),
            (
                ListQuery {
                    search: Some("ZC-1".into()),
                    open: true,
                    ..ListQuery::default()
                },
                Box::new(|c| c.id.contains("ZC-1") && c.closed.is_none()),
            ),
        ];
        let mut some_overdue = false;
        for (q, keep) in &queries {
            let expected: Vec<String> = all
                .iter()
                .filter(|c| keep(c))
                .map(|c| c.id.clone())
                .collect();
            assert_eq!(ids(&mut cases, q), expected, "{name}: {q:?}");
            let open = all.iter().filter(|c| keep(c) && c.closed.is_none()).count() as u64;
            let tally = cases.count(q).unwrap();
            assert_eq!(
                tally,
                Tally {
                    cases: expected.len() as u64,
                    open,
                    closed: expected.len() as u64 - open,
                },
                "{name}: {q:?}"
            );
            if q.overdue.as_ref().is_some_and(|o| !o.is_empty()) {
                some_overdue = !expected.is_empty();
            }
        }
        assert!(some_overdue, "{name}: the data has overdue cases to find");
        assert_eq!(cases.count(&ListQuery::default()).unwrap().cases, 12);
    }
}

#[test]
fn a_full_disk_is_refused_with_the_store_as_it_was() {
    // SQLite's own limit on the file's pages is what a full disk looks like to it
    // (SQLITE_FULL): the write fails part-way, and the transaction is rolled back.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.sqlite");
    let mut cases = Cases::new(Box::new(Sqlite::open(&path).unwrap()));
    let first: Vec<NewCase> = (0..10)
        .map(|i| new_case(&format!("F-{i}"), 2, d(2025, 3, 3), Outcome::Committee))
        .collect();
    cases.record_all(&first, &actor("张三")).unwrap();
    drop(cases);
    let full = Sqlite::open(&path).unwrap();
    let pages: i64 = full
        .raw()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    let _: i64 = full
        .raw()
        .query_row(&format!("PRAGMA max_page_count = {}", pages + 2), [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut cases = Cases::new(Box::new(full));
    let many: Vec<NewCase> = (0..5_000)
        .map(|i| new_case(&format!("G-{i}"), 6, d(2025, 4, 1), Outcome::Committee))
        .collect();
    let err = cases.record_all(&many, &actor("张三")).unwrap_err();
    assert_eq!(err, CaseError::Store(Fault::DiskFull));
    // Nothing of the failed transaction is there; what was there is whole.
    let mut seen = 0;
    cases
        .list(&ListQuery::default(), &mut |_| {
            seen += 1;
            true
        })
        .unwrap();
    assert_eq!(seen, 10);
    assert_eq!(cases.verify().unwrap(), Ok(10));
    drop(cases);
    let mut again = Cases::new(Box::new(Sqlite::open(&path).unwrap()));
    assert_eq!(again.verify().unwrap(), Ok(10));
}

#[test]
fn a_register_of_schema_1_is_brought_to_schema_2_and_keeps_every_case_and_event() {
    // Written by the program before this schema (030385f): 49 cases from data/samples.ron,
    // G-10 closed, T-15 closed, reopened and closed again, a time limit for item 6.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.sqlite");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/cases-v1.sqlite"
        ),
        &path,
    )
    .unwrap();
    for round in 0..2u64 {
        let store = Sqlite::open(&path).unwrap();
        let (version, tables): (i64, i64) = store
            .raw()
            .query_row(
                "SELECT (SELECT user_version FROM pragma_user_version), \
                 (SELECT count(*) FROM sqlite_master WHERE name = 'decisions')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((version, tables), (2, 0), "round {round}");
        let mut cases = Cases::new(Box::new(store));
        assert_eq!(cases.verify().unwrap(), Ok(54 + round), "round {round}");
        let g = cases.history("G-10").unwrap().unwrap();
        assert_eq!(g.case.status, CaseStatus::Closed);
        assert_eq!(g.case.result, Some(CaseResult::Granted));
        assert_eq!(g.case.working_days, Some(13));
        assert_eq!(g.case.closed, Some(d(2024, 7, 1)));
        assert_eq!(g.decisions.len(), 1);
        assert_eq!(g.decisions[0].1.clause, "穗府规〔2024〕3号 正文第2段");
        assert_eq!(g.events.len(), 2);
        let t = cases.case("T-15").unwrap().unwrap();
        assert_eq!(
            (t.result, t.working_days, t.version),
            (Some(CaseResult::Withdrawn), Some(85), 4)
        );
        let mut listed = 0;
        cases
            .list(&ListQuery::default(), &mut |_| {
                listed += 1;
                true
            })
            .unwrap();
        assert_eq!(listed, 49 + round);
        assert_eq!(cases.limits().unwrap().get(&6), Some(&15));
        let cal = Calendar::embedded();
        let figures = cases
            .year_figures(Catalogue::embedded(), cal, 2024, d(2024, 12, 31))
            .unwrap();
        let six = figures.iter().find(|f| f.item == 6).unwrap();
        assert_eq!((six.closed, six.working_days_max), (1, Some(13)));
        // And it takes new cases.
        if round == 0 {
            let c = new_case("NEW-1", 2, d(2025, 3, 3), Outcome::Committee);
            assert_eq!(cases.record(&c, &actor("张三")).unwrap(), Recorded::New);
        }
    }
}

/// The handover records of a shared store (issue 28): on memory and PostgreSQL, which keep
/// them; SQLite keeps none (its records are the data folder's records.ron) and says so.
#[test]
fn handover_records_are_saved_from_the_version_read_with_their_event_and_a_conflict_names_who() {
    for (name, mut cases, _dir) in backends("records") {
        if name == "sqlite" {
            assert!(
                matches!(cases.records(), Err(CaseError::Store(Fault::Backend(_)))),
                "{name}"
            );
            assert!(cases.save_record(3, "()", 0, &actor("张三")).is_err());
            continue;
        }
        assert_eq!(cases.records().unwrap(), Vec::new(), "{name}: none yet");
        let first = "(state:InProgress)";
        let saved = cases.save_record(3, first, 0, &actor("张三")).unwrap();
        assert_eq!(
            (
                saved.version,
                saved.saved_by.as_str(),
                saved.saved_machine.as_str()
            ),
            (1, "张三", "pc-1"),
            "{name}"
        );
        // The same record again from its version: nothing to save, no event.
        let again = cases.save_record(3, first, 1, &actor("李四")).unwrap();
        assert_eq!((again.version, again.saved_by.as_str()), (1, "张三"));
        assert_eq!(cases.head_seq().unwrap(), 1, "{name}: one event");
        // Two clerks both read version 1 of item 3: the first to save wins, the second is
        // told who saved it and when, and nothing of theirs is saved.
        let won = "(state:HandedOver,handover_date:Some(\"2024-06-20\"))";
        cases.save_record(3, won, 1, &actor("李四")).unwrap();
        let lost = cases
            .save_record(
                3,
                "(state:HandedOver,handover_date:Some(\"2024-07-01\"))",
                1,
                &actor("王五"),
            )
            .unwrap_err();
        let CaseError::RecordConflict { current } = &lost else {
            panic!("{name}: {lost:?}")
        };
        assert_eq!(
            (
                current.item,
                current.version,
                current.saved_by.as_str(),
                current.record.as_str()
            ),
            (3, 2, "李四", won),
            "{name}"
        );
        // Saving item 3 from "never saved" when it has been: a conflict too.
        assert!(matches!(
            cases.save_record(3, "()", 0, &actor("王五")),
            Err(CaseError::RecordConflict { .. })
        ));
        // Another item is its own row: no conflict with item 3.
        cases
            .save_record(5, "(notes:\"x\")", 0, &actor("王五"))
            .unwrap();
        let all = cases.records().unwrap();
        assert_eq!(
            all.iter()
                .map(|r| (r.item, r.version, r.record.as_str()))
                .collect::<Vec<_>>(),
            vec![(3, 2, won), (5, 1, "(notes:\"x\")")],
            "{name}"
        );
        // One handover event per save, each with the item's record before and after, in the
        // chain.
        let mut events = Vec::new();
        cases
            .events(None, &mut |e| {
                events.push(e);
                true
            })
            .unwrap();
        assert_eq!(events.len(), 3, "{name}");
        assert!(events.iter().all(|e| e.kind == EventKind::Handover));
        let second: serde_json::Value =
            serde_json::from_str(events[1].after.as_deref().unwrap()).unwrap();
        assert_eq!(second["item"], 3);
        assert_eq!(second["record"], won);
        let before: serde_json::Value =
            serde_json::from_str(events[1].before.as_deref().unwrap()).unwrap();
        assert_eq!(before["record"], first);
        assert_eq!(events[1].who, "李四");
        assert_eq!(cases.verify().unwrap(), Ok(3), "{name}");
    }
}

#[test]
fn a_corrected_received_date_recounts_a_closed_cases_working_days_and_may_not_pass_its_closing() {
    let cal = Calendar::embedded();
    for (name, mut cases, _dir) in backends("reroute_closed") {
        let c = new_case("ZC-R", 2, d(2024, 6, 3), Outcome::Committee);
        cases.record(&c, &actor("张三")).unwrap();
        let closed = cases
            .close(
                "ZC-R",
                None,
                &closing(d(2024, 7, 1), CaseResult::Granted, ""),
                cal,
                &actor("张三"),
            )
            .unwrap();
        assert_eq!(
            closed.working_days,
            Some(working_days(cal, d(2024, 6, 3), d(2024, 7, 1)))
        );
        // The received date was typed wrong: 2024-06-24. The closing stays; its days follow.
        let mut filed = c.filed.clone();
        filed.received = d(2024, 6, 24);
        let fixed = cases
            .reroute(
                "ZC-R",
                Some(closed.version),
                filed.clone(),
                decision(Outcome::Committee),
                cal,
                &actor("李四"),
            )
            .unwrap();
        assert_eq!(fixed.closed, Some(d(2024, 7, 1)), "{name}");
        assert_eq!(
            fixed.working_days,
            Some(working_days(cal, d(2024, 6, 24), d(2024, 7, 1))),
            "{name}"
        );
        // A received date after the closing is refused, the case as it was.
        filed.received = d(2024, 7, 2);
        assert!(matches!(
            cases.reroute(
                "ZC-R",
                Some(fixed.version),
                filed,
                decision(Outcome::Committee),
                cal,
                &actor("李四"),
            ),
            Err(CaseError::ClosedBeforeReceived { .. })
        ));
        assert_eq!(cases.case("ZC-R").unwrap().unwrap(), fixed, "{name}");
        assert_eq!(cases.verify().unwrap(), Ok(3), "{name}");
    }
}
