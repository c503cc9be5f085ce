//! The shared case register on a PostgreSQL server (issue 28): what only a server has — the
//! schema made by `init` and refused when newer, the triggers and the clerks' role, TLS with
//! libpq's sslmodes, writers on several connections at once, and a server that never answers.
//! The scenario suite itself runs on PostgreSQL in tests/cases.rs.
//!
//! Needs `DELEGATION_TRACKER_TEST_PG` (pg_common); skipped with a message without it, except
//! `a_server_that_never_answers_is_given_up_after_the_timeout`, which needs no server.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use delegation_law::calendar::Calendar;
use delegation_law::cases::CaseResult;
use delegation_law::router::Outcome;
use delegation_store::cases::postgres::connect::process_env;
use delegation_store::cases::postgres::{Postgres, Target, clerk_grants};
use delegation_store::cases::{
    Actor, CaseError, Cases, Closing, Fault, Filed, ListQuery, NewCase, Recorded, RecordedDecision,
};

mod pg_common;

fn actor(who: &str) -> Actor {
    Actor {
        who: who.into(),
        machine: "pc-2".into(),
        at: "2026-12-06T09:00:00+08:00".into(),
    }
}

fn new_case(id: &str) -> NewCase {
    NewCase {
        id: id.into(),
        filed: Filed {
            item: 2,
            received: NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(),
            in_zone: true,
            facts: "General".into(),
            applicant: String::new(),
        },
        decision: RecordedDecision {
            at: "2026-12-06T09:00:00+08:00".into(),
            notice: "穗府规〔2024〕3号".into(),
            outcome: Outcome::Committee.code().into(),
            approving_body: Some("增城开发区管委会".into()),
            mode: None,
            in_name_of: None,
            answerable: None,
            clause: "穗府规〔2024〕3号 附件 第2项".into(),
            finding: String::new(),
            flips: String::new(),
        },
    }
}

fn count(cases: &mut Cases) -> usize {
    let mut n = 0;
    cases
        .list(&ListQuery::default(), &mut |_| {
            n += 1;
            true
        })
        .unwrap();
    n
}

#[test]
fn a_server_that_never_answers_is_given_up_after_the_timeout() {
    // Takes the connection and says nothing, as a hung server or a stuck proxy would.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let held = std::thread::spawn(move || {
        let mut kept = Vec::new();
        for s in listener.incoming().take(2) {
            kept.push(s);
        }
        std::thread::sleep(Duration::from_secs(10));
    });
    for mode in ["disable", "require"] {
        let start = Instant::now();
        let e = Postgres::open(&format!(
            "postgres://clerk@127.0.0.1:{port}/office?connect_timeout=2&sslmode={mode}"
        ))
        .err()
        .expect("no answer is no store");
        let took = start.elapsed();
        assert!(took >= Duration::from_secs(2), "{mode}: {took:?}");
        assert!(took < Duration::from_secs(5), "{mode}: {took:?}");
        let Fault::Server { server, why } = e else {
            panic!("{mode}: {e:?}")
        };
        assert_eq!(server, format!("clerk@127.0.0.1:{port}/office"));
        assert!(why.contains("no answer within 2 s"), "{why}");
    }
    drop(held);
}

#[test]
fn init_makes_the_schema_once_others_refuse_a_database_without_it_or_a_newer_one() {
    let Some(url) = pg_common::url("init") else {
        return;
    };
    let (url, schema) = pg_common::fresh(&url);
    let e = Postgres::open(&url).err().expect("no schema yet");
    assert!(
        matches!(&e, Fault::NotAStore(s) if s.contains("cases init")),
        "{e:?}"
    );
    let mut cases = Cases::new(Box::new(Postgres::init(&url).unwrap()));
    cases.record(&new_case("ZC-1"), &actor("张三")).unwrap();
    // init again, and an open: the register is there, as it was.
    drop(Postgres::init(&url).unwrap());
    let mut cases = Cases::new(Box::new(Postgres::open(&url).unwrap()));
    assert_eq!(count(&mut cases), 1);
    // A newer program's schema: refused, saying which version this one reads.
    let mut pg = Postgres::open(&url).unwrap();
    pg.raw()
        .batch_execute(&format!("UPDATE {schema}.schema_version SET version = 99"))
        .unwrap();
    let e = Postgres::open(&url).err().expect("newer");
    assert_eq!(
        e,
        Fault::Newer {
            found: 99,
            supported: 3
        }
    );
}

#[test]
fn the_trail_refuses_update_and_delete_and_the_clerk_role_is_denied_them() {
    let Some(url) = pg_common::url("grants") else {
        return;
    };
    let Some(clerk_url) = pg_common::var("DELEGATION_TRACKER_TEST_PG_CLERK", "grants") else {
        return;
    };
    let (url, schema) = pg_common::fresh(&url);
    let mut owner = Postgres::init(&url).unwrap();
    // The clerk records and closes cases, with their events.
    let clerk_url = clerk_in(&clerk_url, owner.raw(), &schema, &clerk_grants("dt_clerk"));
    let mut cases = Cases::new(Box::new(Postgres::open(&clerk_url).unwrap()));
    cases.record(&new_case("ZC-1"), &actor("张三")).unwrap();
    cases
        .close(
            "ZC-1",
            Some(1),
            &Closing {
                on: NaiveDate::from_ymd_opt(2025, 3, 10).unwrap(),
                result: CaseResult::Granted,
                note: String::new(),
            },
            Calendar::embedded(),
            &actor("张三"),
        )
        .unwrap();
    // ... but may not change or delete an event: permission denied (42501).
    let mut clerk = Postgres::open(&clerk_url).unwrap();
    for sql in [
        "UPDATE events SET who = 'x' WHERE seq = 1",
        "DELETE FROM events WHERE seq = 2",
        "TRUNCATE events",
    ] {
        let e = clerk.raw().batch_execute(sql).unwrap_err();
        assert_eq!(
            e.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{sql}: {e}"
        );
    }
    // The owner may, by the grants, but the triggers refuse.
    for sql in [
        "UPDATE events SET who = 'x' WHERE seq = 1",
        "DELETE FROM events WHERE seq = 2",
        "TRUNCATE events",
    ] {
        let e = owner.raw().batch_execute(sql).unwrap_err();
        let msg = e.as_db_error().map(|d| d.message().to_string());
        assert!(
            msg.as_deref().is_some_and(|m| m.contains("append-only")),
            "{sql}: {e}"
        );
    }
    // With the triggers dropped (the schema's owner, behind the program's back), verify
    // finds the change.
    owner
        .raw()
        .batch_execute(
            "ALTER TABLE events DISABLE TRIGGER USER; UPDATE events SET who = '李四' WHERE seq = 2",
        )
        .unwrap();
    let mut cases = Cases::new(Box::new(Postgres::open(&url).unwrap()));
    assert_eq!(
        cases.verify().unwrap(),
        Err(delegation_store::cases::Broken::Event { seq: 2 })
    );
}

#[test]
fn verify_full_takes_the_servers_authority_and_refuses_another() {
    let Some(url) = pg_common::url("tls") else {
        return;
    };
    let (Some(ca), Some(other)) = (
        pg_common::var("DELEGATION_TRACKER_TEST_PG_CA", "tls"),
        pg_common::var("DELEGATION_TRACKER_TEST_PG_OTHER_CA", "tls"),
    ) else {
        return;
    };
    let (url, _) = pg_common::fresh(&url);
    drop(Postgres::init(&url).unwrap());
    let full = |root: &str| {
        pg_common::with_param(
            &pg_common::with_param(&url, "sslmode", "verify-full"),
            "sslrootcert",
            root,
        )
    };
    let mut cases = Cases::new(Box::new(Postgres::open(&full(&ca)).unwrap()));
    cases.record(&new_case("ZC-1"), &actor("张三")).unwrap();
    let e = Postgres::open(&full(&other))
        .err()
        .expect("another authority");
    let Fault::Server { why, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(why.to_lowercase().contains("certificate"), "{why}");
    // require: encrypted, whatever the certificate; verify-full without an authority: refused.
    drop(Postgres::open(&pg_common::with_param(&url, "sslmode", "require")).unwrap());
    let e = Postgres::open(&pg_common::with_param(
        &pg_common::with_param(&url, "sslmode", "verify-full"),
        "sslrootcert",
        "/nonexistent/root.crt",
    ))
    .err()
    .expect("no authority");
    assert!(matches!(e, Fault::Server { .. }), "{e:?}");
}

#[test]
fn two_clerks_closing_one_case_from_one_version_one_wins_the_other_is_told_who() {
    let Some(url) = pg_common::url("conflict") else {
        return;
    };
    let (url, _) = pg_common::fresh(&url);
    let mut cases = Cases::new(Box::new(Postgres::init(&url).unwrap()));
    cases.record(&new_case("ZC-1"), &actor("张三")).unwrap();
    let cal = Calendar::embedded();
    let start = std::sync::Arc::new(std::sync::Barrier::new(2));
    let clerks: Vec<_> = ["李四", "王五"]
        .into_iter()
        .map(|who| {
            let (url, start) = (url.clone(), start.clone());
            std::thread::spawn(move || {
                let mut cases = Cases::new(Box::new(Postgres::open(&url).unwrap()));
                start.wait();
                cases
                    .close(
                        "ZC-1",
                        Some(1),
                        &Closing {
                            on: NaiveDate::from_ymd_opt(2025, 3, 10).unwrap(),
                            result: CaseResult::Granted,
                            note: who.into(),
                        },
                        cal,
                        &actor(who),
                    )
                    .map(|c| c.note)
            })
        })
        .collect();
    let answers: Vec<_> = clerks.into_iter().map(|c| c.join().unwrap()).collect();
    let won: Vec<&String> = answers.iter().filter_map(|a| a.as_ref().ok()).collect();
    assert_eq!(won.len(), 1, "{answers:?}");
    let lost = answers.iter().find_map(|a| a.as_ref().err()).unwrap();
    let CaseError::Conflict { by, current, .. } = lost else {
        panic!("{lost:?}")
    };
    assert_eq!(by, won[0], "the loser is told who won");
    assert_eq!(current.version, 2);
    assert_eq!(cases.verify().unwrap(), Ok(2));
}

#[test]
fn writers_on_several_connections_keep_one_chain_and_record_each_case_once() {
    let Some(url) = pg_common::url("writers") else {
        return;
    };
    let (url, _) = pg_common::fresh(&url);
    drop(Postgres::init(&url).unwrap());
    // Four writers of their own cases, two of the same overlapping ones.
    let writers: Vec<_> = (0..6)
        .map(|w| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut cases = Cases::new(Box::new(Postgres::open(&url).unwrap()));
                let mut new = 0;
                for batch in 0..5 {
                    let ids: Vec<NewCase> = (0..40)
                        .map(|i| {
                            let owner = if w < 4 {
                                w.to_string()
                            } else {
                                "shared".into()
                            };
                            new_case(&format!("W{owner}-{batch}-{i}"))
                        })
                        .collect();
                    let r = cases
                        .record_all(&ids, &actor(&format!("writer {w}")))
                        .unwrap();
                    new += r.iter().filter(|r| **r == Recorded::New).count();
                }
                new
            })
        })
        .collect();
    let new: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(new, 5 * 200, "every case recorded exactly once");
    let mut cases = Cases::new(Box::new(Postgres::open(&url).unwrap()));
    assert_eq!(count(&mut cases), 1000);
    assert_eq!(
        cases.verify().unwrap(),
        Ok(1000),
        "one event per case, one chain"
    );
}

/// A register as the program before the handover records (schema 2) left it: made here by
/// this one's `init`, then the records' table taken away and the version put back.
fn as_schema_2(url: &str, schema: &str) {
    let mut pg = Postgres::open(url).unwrap();
    pg.raw()
        .batch_execute(&format!(
            "DROP TABLE {schema}.handover_records; \
             UPDATE {schema}.schema_version SET version = 2"
        ))
        .unwrap();
}

/// The clerk's URL, working in `schema`, with the clerks' grants given there on schema 2's
/// tables (as the README's setup gave them before schema 3), by the owner's `admin`.
fn clerk_on_schema_2(clerk_url: &str, admin: &mut postgres::Client, schema: &str) -> String {
    let grants: String = clerk_grants("dt_clerk")
        .lines()
        .filter(|l| !l.contains("handover_records"))
        .collect::<Vec<_>>()
        .join("\n");
    clerk_in(clerk_url, admin, schema, &grants)
}

/// The clerk's URL, working in `schema`, once the owner's `admin` has given the clerks' role
/// `grants` there.
fn clerk_in(clerk_url: &str, admin: &mut postgres::Client, schema: &str, grants: &str) -> String {
    admin
        .batch_execute(&format!(
            "GRANT USAGE ON SCHEMA {schema} TO dt_clerk; {grants}"
        ))
        .unwrap();
    pg_common::with_param(
        clerk_url,
        "options",
        &format!("-c%20search_path%3D{schema}"),
    )
}

#[test]
fn schema_2_is_refused_until_its_owner_runs_init_which_keeps_every_case_and_event() {
    let Some(url) = pg_common::url("upgrade") else {
        return;
    };
    let Some(clerk_url) = pg_common::var("DELEGATION_TRACKER_TEST_PG_CLERK", "upgrade") else {
        return;
    };
    let (url, schema) = pg_common::fresh(&url);
    let mut cases = Cases::new(Box::new(Postgres::init(&url).unwrap()));
    for i in 0..5 {
        cases
            .record(&new_case(&format!("ZC-{i}")), &actor("张三"))
            .unwrap();
    }
    cases
        .close(
            "ZC-2",
            Some(1),
            &Closing {
                on: NaiveDate::from_ymd_opt(2025, 3, 10).unwrap(),
                result: CaseResult::Granted,
                note: String::new(),
            },
            Calendar::embedded(),
            &actor("张三"),
        )
        .unwrap();
    let mut events_before = Vec::new();
    cases
        .events(None, &mut |e| {
            events_before.push(e);
            true
        })
        .unwrap();
    drop(cases);
    as_schema_2(&url, &schema);
    assert_eq!(
        Postgres::open(&url).err(),
        Some(Fault::Older {
            found: 2,
            needed: 3
        }),
        "schema 2 is refused, naming what it needs"
    );
    // The clerk's role cannot bring it up (it may not create tables): refused, nothing made.
    let mut admin = Target::parse(&url, &process_env)
        .unwrap()
        .connect()
        .unwrap();
    let clerk_url = clerk_on_schema_2(&clerk_url, &mut admin, &schema);
    let e = Postgres::init(&clerk_url).err().expect("a clerk cannot");
    let Fault::Server { why, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(why.contains("permission denied"), "{why}");
    assert!(matches!(
        Postgres::open(&url).err(),
        Some(Fault::Older { found: 2, .. })
    ));
    // The owner's init brings it up: every case and event kept, the chain whole, and the
    // clerks' role given the records (it updated cases before).
    let mut cases = Cases::new(Box::new(Postgres::init(&url).unwrap()));
    let mut events_after = Vec::new();
    cases
        .events(None, &mut |e| {
            events_after.push(e);
            true
        })
        .unwrap();
    assert_eq!(events_after, events_before);
    assert_eq!(count(&mut cases), 5);
    assert_eq!(cases.case("ZC-2").unwrap().unwrap().version, 2);
    assert_eq!(cases.verify().unwrap(), Ok(6));
    let mut clerk = Cases::new(Box::new(Postgres::open(&clerk_url).unwrap()));
    clerk
        .save_record(3, "(state:InProgress)", 0, &actor("李四"))
        .unwrap();
    assert_eq!(cases.records().unwrap().len(), 1);
    // init again: nothing more to do.
    drop(Postgres::init(&url).unwrap());
    assert_eq!(cases.verify().unwrap(), Ok(7));
}

#[test]
fn two_clerks_saving_item_3_from_one_version_one_wins_the_other_is_told_who() {
    let Some(url) = pg_common::url("records conflict") else {
        return;
    };
    let (url, _) = pg_common::fresh(&url);
    let mut cases = Cases::new(Box::new(Postgres::init(&url).unwrap()));
    let read = cases
        .save_record(3, "(state:InProgress)", 0, &actor("张三"))
        .unwrap()
        .version;
    let start = std::sync::Arc::new(std::sync::Barrier::new(2));
    let clerks: Vec<_> = [("李四", "2024-06-20"), ("王五", "2024-07-01")]
        .into_iter()
        .map(|(who, date)| {
            let (url, start) = (url.clone(), start.clone());
            std::thread::spawn(move || {
                let mut cases = Cases::new(Box::new(Postgres::open(&url).unwrap()));
                start.wait();
                cases.save_record(
                    3,
                    &format!("(state:HandedOver,handover_date:Some(\"{date}\"))"),
                    read,
                    &actor(who),
                )
            })
        })
        .collect();
    let answers: Vec<_> = clerks.into_iter().map(|c| c.join().unwrap()).collect();
    let won: Vec<_> = answers.iter().filter_map(|a| a.as_ref().ok()).collect();
    assert_eq!(won.len(), 1, "{answers:?}");
    let lost = answers.iter().find_map(|a| a.as_ref().err()).unwrap();
    let CaseError::RecordConflict { current } = lost else {
        panic!("{lost:?}")
    };
    assert_eq!(**current, *won[0], "the loser is told who won, and what");
    assert_eq!(cases.records().unwrap(), vec![won[0].clone()]);
    assert_eq!(cases.verify().unwrap(), Ok(2), "one event per save");
}

#[test]
fn the_clerk_role_saves_records_but_cannot_delete_one() {
    let Some(url) = pg_common::url("records grants") else {
        return;
    };
    let Some(clerk_url) = pg_common::var("DELEGATION_TRACKER_TEST_PG_CLERK", "records grants")
    else {
        return;
    };
    let (url, schema) = pg_common::fresh(&url);
    let mut owner = Postgres::init(&url).unwrap();
    let clerk_url = clerk_in(&clerk_url, owner.raw(), &schema, &clerk_grants("dt_clerk"));
    let mut clerk = Cases::new(Box::new(Postgres::open(&clerk_url).unwrap()));
    clerk
        .save_record(3, "(state:InProgress)", 0, &actor("李四"))
        .unwrap();
    clerk
        .save_record(3, "(state:HandedOver)", 1, &actor("李四"))
        .unwrap();
    let mut raw = Postgres::open(&clerk_url).unwrap();
    for sql in [
        "DELETE FROM handover_records WHERE item = 3",
        "TRUNCATE handover_records",
    ] {
        let e = raw.raw().batch_execute(sql).unwrap_err();
        assert_eq!(
            e.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{sql}: {e}"
        );
    }
    assert_eq!(clerk.records().unwrap()[0].version, 2);
}

/// A handover record changed on the server behind the program's back (the owner's role can),
/// or one that no event recorded, is found by verify and named by its item.
#[test]
fn verify_finds_a_handover_record_that_is_not_its_last_events() {
    let Some(url) = pg_common::url("records_verify") else {
        return;
    };
    let (url, _) = pg_common::fresh(&url);
    let mut owner = Postgres::init(&url).unwrap();
    let mut cases = Cases::new(Box::new(Postgres::open(&url).unwrap()));
    cases
        .save_record(3, "(state:InProgress)", 0, &actor("张三"))
        .unwrap();
    cases
        .save_record(3, "(state:HandedOver)", 1, &actor("李四"))
        .unwrap();
    assert_eq!(cases.verify().unwrap(), Ok(2));
    let broken = Err(delegation_store::cases::Broken::Record { item: 3 });
    // Its record put back to the first save's: not what the last event says.
    owner
        .raw()
        .batch_execute("UPDATE handover_records SET record = '(state:InProgress)' WHERE item = 3")
        .unwrap();
    assert_eq!(cases.verify().unwrap(), broken);
    // The record right again, but under another name.
    owner
        .raw()
        .batch_execute(
            "UPDATE handover_records SET record = '(state:HandedOver)', saved_by = '王五' WHERE item = 3",
        )
        .unwrap();
    assert_eq!(cases.verify().unwrap(), broken);
    owner
        .raw()
        .batch_execute("UPDATE handover_records SET saved_by = '李四' WHERE item = 3")
        .unwrap();
    assert_eq!(cases.verify().unwrap(), Ok(2));
    // A row that no event recorded.
    owner
        .raw()
        .batch_execute(
            "INSERT INTO handover_records SELECT 4, record, 1, saved_by, saved_machine, saved_at, \
             last_event FROM handover_records WHERE item = 3",
        )
        .unwrap();
    assert_eq!(
        cases.verify().unwrap(),
        Err(delegation_store::cases::Broken::Record { item: 4 })
    );
}
