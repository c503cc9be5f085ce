//! The shared case register on a PostgreSQL server from the command line (issue 28): `cases
//! init`, the same year's figures as from a SQLite file, two clerks closing one case at once,
//! the server stopped (`pg_ctl -m immediate`) in the middle of a `cases add` and a rerun that
//! records exactly the rest, a server that never answers, a password in the URL.
//!
//! Needs the server .ci/run starts (scripts/pg-test-server.sh: `DELEGATION_TRACKER_TEST_PG`,
//! `DELEGATION_TRACKER_TEST_PG_DIR` for its `ctl`); skipped with a message without it, a
//! failure under CI=true. Everything that stops the server is in one test, and every other
//! test that uses the server takes [`SERVER`] first, so that none finds it stopped.

mod cli_common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use cli_common::{stderr, stdout};
use delegation_store::cases::postgres::Target;
use delegation_store::cases::postgres::connect::process_env;

const HEADER: &str = "办件编号,事项序号,收件日期,是否在开发区内,项目类型,电压等级（千伏）,是否跨区,水源类型,日取水量（立方米）,是否农业取水,申请类型,树木所在地点,株数,最大胸径（厘米）,古树名木情况,申请人";

/// Held by each test that uses the server, for its whole length: the one that stops and starts
/// it and the others take turns.
static SERVER: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn server_turn() -> std::sync::MutexGuard<'static, ()> {
    SERVER.lock().unwrap_or_else(|p| p.into_inner())
}

fn server(test: &str) -> Option<(String, PathBuf)> {
    let url = std::env::var("DELEGATION_TRACKER_TEST_PG")
        .ok()
        .filter(|u| !u.is_empty());
    let dir = std::env::var("DELEGATION_TRACKER_TEST_PG_DIR")
        .ok()
        .filter(|u| !u.is_empty());
    match (url, dir) {
        (Some(u), Some(d)) => Some((u, PathBuf::from(d))),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{test}: CI=true but DELEGATION_TRACKER_TEST_PG(_DIR) is not set (.ci/run starts \
                 the server)"
            );
            eprintln!("{test}: skipped: no PostgreSQL server configured (see .ci/run)");
            None
        }
    }
}

/// A schema of its own on the server, and the URL that works in it.
fn fresh(url: &str) -> String {
    let schema = format!("cli_{}_{}", std::process::id(), rand_tag());
    let mut admin = Target::parse(url, &process_env).unwrap().connect().unwrap();
    admin
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{schema}")
}

fn rand_tag() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos()
}

struct Office {
    dir: tempfile::TempDir,
    store: String,
}

impl Office {
    fn new(store: String) -> Office {
        Office {
            dir: tempfile::tempdir().unwrap(),
            store,
        }
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_delegation-tracker"));
        c.env("DELEGATION_TRACKER_DATA_DIR", self.dir.path().join("data"))
            .env("DELEGATION_TRACKER_STORE", &self.store)
            .env("USER", "clerk-1");
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("the binary runs")
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn register() -> String {
    [
        HEADER,
        "C-1,2,2025-12-30,是,,,,,,,,,,,,甲公司",
        "C-2,2,2025-06-02,是,,,,,,,,,,,,乙公司",
        "C-3,6,2025-12-31,是,电网工程,500,否,,,,,,,,,",
        "C-4,6,2026-01-05,是,电网工程,220,否,,,,,,,,,丙公司",
        "C-5,99,2026-01-06,是,,,,,,,,,,,,",
    ]
    .join("\r\n")
        + "\r\n"
}

fn big_register(dir: &Path, n: usize) -> PathBuf {
    let p = dir.join(format!("r{n}.csv"));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/gen-register.py");
    let st = Command::new("python3")
        .arg(script)
        .arg(n.to_string())
        .arg(&p)
        .status()
        .expect("python3 runs");
    assert!(st.success());
    p
}

/// `SELECT count(*) FROM table` on the store, by the psql program (None: no answer).
fn count(store: &str, table: &str) -> Option<usize> {
    let out = Command::new("psql")
        .args([
            "-X",
            "-At",
            "-c",
            &format!("SELECT count(*) FROM {table}"),
            store,
        ])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

fn added(o: &Output, what: &str) -> usize {
    // "已登记 N 件" / "已登记过 N 件" in the summary line.
    let err = stderr(o);
    let line = err.lines().last().unwrap_or_default().to_string();
    let at = line
        .find(what)
        .unwrap_or_else(|| panic!("{what} in {line}"))
        + what.len();
    line[at..]
        .trim_start()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

fn cli_invalid(o: &Output) -> usize {
    added(o, "INVALID ")
}

#[test]
fn a_server_that_never_answers_is_given_up_with_exit_2_within_the_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let kept: Vec<_> = listener.incoming().collect();
        drop(kept);
    });
    let o = Office::new(format!(
        "postgres://clerk@127.0.0.1:{port}/office?connect_timeout=2"
    ));
    let start = Instant::now();
    let r = o.run(&["cases", "list"]);
    let took = start.elapsed();
    assert_eq!(code(&r), 2, "{}", stderr(&r));
    assert!(took < Duration::from_secs(6), "{took:?}");
    assert!(
        stderr(&r).contains(&format!("clerk@127.0.0.1:{port}/office")),
        "{}",
        stderr(&r)
    );
    // A password in the URL: warned about (and still tried).
    let o = Office::new(format!(
        "postgres://clerk:secret@127.0.0.1:{port}/office?connect_timeout=1"
    ));
    let r = o.run(&["--lang", "en", "cases", "list"]);
    assert!(
        stderr(&r).contains("holds a password") && !stderr(&r).contains("secret"),
        "{}",
        stderr(&r)
    );
}

#[test]
fn on_a_server_init_figures_conflicts_and_a_stop_mid_add() {
    let _turn = server_turn();
    let Some((url, dir)) = server("postgres cli") else {
        return;
    };
    let ctl = dir.join("ctl");

    // init makes the register; a second init leaves it as it was.
    let pg = Office::new(fresh(&url));
    let before_init = pg.run(&["cases", "list"]);
    assert_eq!(code(&before_init), 2, "{}", stderr(&before_init));
    assert!(stderr(&before_init).contains("cases init"));
    for _ in 0..2 {
        let r = pg.run(&["cases", "init"]);
        assert_eq!(code(&r), 0, "{}", stderr(&r));
    }

    // The same register in a SQLite file and on the server: the same figures.
    let lite = Office::new(String::new());
    let lite = Office {
        store: lite.dir.path().join("cases.sqlite").display().to_string(),
        dir: lite.dir,
    };
    for o in [&pg, &lite] {
        let reg = o.file("reg.csv", &register());
        assert_eq!(code(&o.run(&["cases", "add", s(&reg)])), 1);
        let r = o.run(&[
            "cases",
            "close",
            "C-2",
            "--on",
            "2025-06-20",
            "--result",
            "granted",
        ]);
        assert_eq!(code(&r), 0, "{}", stderr(&r));
        assert_eq!(code(&o.run(&["cases", "limit", "2", "5"])), 0);
    }
    for year in ["2025", "2026"] {
        let report = |o: &Office| {
            let r = o.run(&[
                "cases",
                "report",
                "--year",
                year,
                "--today",
                "2026-02-01",
                "--format",
                "json",
            ]);
            assert_eq!(code(&r), 0, "{}", stderr(&r));
            stdout(&r)
        };
        let (a, b) = (report(&pg), report(&lite));
        assert_eq!(a, b, "{year}");
        // Item 2 received C-1 and C-2 in 2025 (and closed C-2): not all zeros.
        if year == "2025" {
            assert!(a.contains(r#""received":2"#), "{a}");
        }
    }

    // Two clerks close one case from the same version at once: one wins, the other exits 3
    // naming the winner.
    for id in ["C-1", "C-3"] {
        let close = |who: &str| {
            pg.cmd()
                .args([
                    "cases",
                    "close",
                    id,
                    "--on",
                    "2026-02-02",
                    "--result",
                    "granted",
                ])
                .args(["--version", "1", "--as", who])
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (close("甲"), close("乙"));
        let (ra, rb) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let mut codes = [code(&ra), code(&rb)];
        codes.sort();
        assert_eq!(codes, [0, 3], "{} / {}", stderr(&ra), stderr(&rb));
        let (winner, loser) = if code(&ra) == 0 {
            ("甲", &rb)
        } else {
            ("乙", &ra)
        };
        assert!(stderr(loser).contains(winner), "{}", stderr(loser));
    }
    assert_eq!(code(&pg.run(&["cases", "verify"])), 0);

    // The server stopped (immediate: as a crash) in the middle of a large `cases add`.
    let big = Office::new(fresh(&url));
    assert_eq!(code(&big.run(&["cases", "init"])), 0);
    let n = 60_000;
    let reg = big_register(big.dir.path(), n);
    let child = big
        .cmd()
        .args(["cases", "add", s(&reg)])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_secs(300) {
        std::thread::sleep(Duration::from_millis(100));
        if count(&big.store, "cases").is_some_and(|c| c > 0) {
            break;
        }
    }
    let stop = Command::new(&ctl).arg("stop").output().unwrap();
    assert!(stop.status.success(), "{}", stderr(&stop));
    let stopped = child.wait_with_output().unwrap();
    let start = Command::new(&ctl).arg("start").output().unwrap();
    assert!(start.status.success(), "{}", stderr(&start));
    assert_eq!(code(&stopped), 2, "{}", stderr(&stopped));
    let err = stderr(&stopped);
    assert!(
        err.contains("dt_owner@127.0.0.1"),
        "names the server: {err}"
    );
    assert!(err.contains("未保存") && err.contains("已保存"), "{err}");
    // Whole after the restart: each case with its event, or not at all.
    let cases = count(&big.store, "cases").unwrap();
    assert!(cases > 0 && cases < n, "stopped mid-import ({cases})");
    assert_eq!(count(&big.store, "events"), Some(cases));
    let v = big.run(&["cases", "verify"]);
    assert_eq!(code(&v), 0, "{}", stderr(&v));
    // A rerun records exactly the rest.
    let rerun = big.run(&["cases", "add", s(&reg)]);
    assert!(matches!(code(&rerun), 0 | 1), "{}", stderr(&rerun));
    assert!(
        stderr(&rerun).contains(&format!("已登记过 {cases} 件")),
        "{}",
        stderr(&rerun)
    );
    let all = count(&big.store, "cases").unwrap();
    assert_eq!(all + cli_invalid(&rerun), n, "{}", stderr(&rerun));
    assert_eq!(
        count(&big.store, "(SELECT DISTINCT id FROM cases) d"),
        Some(all),
        "no duplicate"
    );
    assert_eq!(code(&big.run(&["cases", "verify"])), 0);
}

/// A records file with item 2 handed over on `date`.
fn records_file(date: &str) -> String {
    format!(
        "(format:\"delegation-tracker/records\",version:1,items:{{2:(state:HandedOver,\
         handover_date:Some(\"{date}\"))}})"
    )
}

#[test]
fn with_a_shared_store_every_pc_routes_by_the_servers_handover_dates() {
    let _turn = server_turn();
    let Some((url, _)) = server("shared records") else {
        return;
    };
    let store = fresh(&url);
    let a = Office::new(store.clone());
    let b = Office::new(store.clone());
    let r = a.run(&["cases", "init"]);
    assert_eq!(code(&r), 0, "{}", stderr(&r));
    // `records path` names the server, without options or a password.
    let p = a.run(&["records", "path"]);
    let shown = stdout(&p);
    assert!(
        shown.starts_with("postgres://dt_owner@127.0.0.1:") && shown.trim().ends_with("/dt"),
        "{shown}"
    );
    // Clerk A imports item 2 handed over on 2025-06-01: onto the server, with its event.
    let on_server = a.file("server.ron", &records_file("2025-06-01"));
    let r = a.run(&["records", "import", s(&on_server)]);
    assert_eq!(code(&r), 0, "{}", stderr(&r));
    assert!(stderr(&r).contains("dt_owner@127.0.0.1"), "{}", stderr(&r));
    assert_eq!(count(&store, "handover_records"), Some(1));
    assert!(
        !a.dir.path().join("data/records.ron").exists(),
        "not on the PC"
    );
    // PC B has another records.ron of its own (item 2 on 2026-01-20), made without the server.
    let local = b.file("local.ron", &records_file("2026-01-20"));
    let r = b
        .cmd()
        .env("DELEGATION_TRACKER_STORE", "")
        .args(["records", "import", s(&local)])
        .output()
        .unwrap();
    assert_eq!(code(&r), 0, "{}", stderr(&r));
    let reg = a.file("reg.csv", &register());
    let route = |o: &Office, store: Option<&str>| {
        let mut c = o.cmd();
        if let Some(st) = store {
            c.env("DELEGATION_TRACKER_STORE", st);
        }
        let r = c
            .args(["route", s(&reg), "--today", "2026-02-01"])
            .output()
            .unwrap();
        assert!(matches!(code(&r), 0 | 1), "{}", stderr(&r));
        stdout(&r)
    };
    let (by_a, by_b) = (route(&a, None), route(&b, None));
    assert_eq!(by_a, by_b, "both PCs route by the server's 交接日期");
    let b_alone = route(&b, Some(""));
    assert_ne!(
        by_b, b_alone,
        "PC B's own records.ron would route otherwise"
    );
    // `records export` on PC B writes the server's records, not its own.
    let out = b.dir.path().join("export.ron");
    let r = b.run(&["records", "export", s(&out)]);
    assert_eq!(code(&r), 0, "{}", stderr(&r));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("2025-06-01") && !text.contains("2026-01-20"),
        "{text}"
    );
    // PC B imports its file onto the server: item 2 saved from the version it read, and now
    // both route by that.
    let r = b.run(&["records", "import", s(&local)]);
    assert_eq!(code(&r), 0, "{}", stderr(&r));
    assert_eq!(route(&a, None), b_alone);
    assert_eq!(code(&a.run(&["cases", "verify"])), 0);
    let trail = a.run(&["cases", "audit", "--format", "json"]);
    assert_eq!(
        stdout(&trail)
            .lines()
            .filter(|l| l.contains("handover"))
            .count(),
        2,
        "{}",
        stdout(&trail)
    );
}

#[test]
fn with_a_server_that_cannot_be_reached_no_command_falls_back_to_the_pcs_records() {
    // Nothing listens on the port: refused at once.
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let o = Office::new(format!(
        "postgres://clerk@127.0.0.1:{port}/office?connect_timeout=2"
    ));
    let r = o
        .cmd()
        .env("DELEGATION_TRACKER_STORE", "")
        .args([
            "records",
            "import",
            s(&o.file("mine.ron", &records_file("2025-06-01"))),
        ])
        .output()
        .unwrap();
    assert_eq!(code(&r), 0, "{}", stderr(&r));
    let reg = o.file("reg.csv", &register());
    let out = o.dir.path().join("export.ron");
    let report = o.dir.path().join("r.xlsx");
    for args in [
        vec!["route", s(&reg)],
        vec!["report", s(&report)],
        vec!["records", "export", s(&out)],
        vec![
            "records",
            "import",
            s(&o.file("x.ron", &records_file("2025-07-01"))),
        ],
        vec!["cases", "add", s(&reg)],
    ] {
        let r = o.run(&args);
        assert_eq!(code(&r), 2, "{args:?}: {}", stderr(&r));
        // Named; and where the records were asked for, that this PC's are not used instead
        // (`cases add` stops earlier, at the register itself).
        assert!(
            stderr(&r).contains(&format!("clerk@127.0.0.1:{port}/office"))
                && (args[0] == "cases" || stderr(&r).contains("records.ron")),
            "{args:?}: {}",
            stderr(&r)
        );
        assert!(stdout(&r).is_empty(), "{args:?}: nothing routed");
    }
    assert!(!out.exists() && !report.exists());
}
