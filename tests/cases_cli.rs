//! `cases`: the case register from the command line, as scripts call it — the commands, flags,
//! JSON fields and exit codes the issue names; the store opened by the sqlite3 program; and the
//! faults: a killed `cases add`, two at once, a file that is not a store.

mod cli_common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use cli_common::{stderr, stdout};
use serde_json::Value as J;

const HEADER: &str = "办件编号,事项序号,收件日期,是否在开发区内,项目类型,电压等级（千伏）,是否跨区,水源类型,日取水量（立方米）,是否农业取水,申请类型,树木所在地点,株数,最大胸径（厘米）,古树名木情况,申请人";

/// The binary with a data folder and a store of its own.
struct Office {
    dir: tempfile::TempDir,
}

impl Office {
    fn new() -> Office {
        Office {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn store(&self) -> PathBuf {
        self.dir.path().join("cases.sqlite")
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_delegation-tracker"));
        c.env("DELEGATION_TRACKER_DATA_DIR", self.dir.path().join("data"))
            .env("DELEGATION_TRACKER_STORE", self.store())
            .env_remove("USER")
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

    fn lines(&self, args: &[&str]) -> Vec<J> {
        let o = self.run(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A register across a year's end: items 2 (in scope), 6 (220 kV and 500 kV), an application
/// outside the zone, and a row whose item does not exist.
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

#[test]
fn a_register_is_recorded_closed_listed_shown_and_counted() {
    let o = Office::new();
    let reg = o.file("reg.csv", &register());
    let add = o.run(&[
        "cases",
        "add",
        s(&reg),
        "--as",
        "张三",
        "--today",
        "2026-03-01",
    ]);
    // C-5 is INVALID: named, not recorded, exit 1.
    assert_eq!(code(&add), 1, "{}", stderr(&add));
    let err = stderr(&add);
    assert!(err.contains("C-5") && err.contains("INVALID"), "{err}");
    assert!(err.contains("新登记 4 件"), "{err}");

    // Again: all four already there, exit 1 for the INVALID row only.
    let again = o.run(&["cases", "add", s(&reg), "--today", "2026-03-01"]);
    assert!(
        stderr(&again).contains("已登记过 4 件"),
        "{}",
        stderr(&again)
    );

    // C-1: 2025-12-30 to 2026-01-05 took 12-31, 01-04 (the Sunday worked for 元旦) and 01-05.
    let close = o.run(&[
        "cases",
        "close",
        "C-1",
        "--on",
        "2026-01-05",
        "--result",
        "granted",
        "--as",
        "李四",
    ]);
    assert!(close.status.success(), "{}", stderr(&close));
    let close3 = o.run(&[
        "cases",
        "close",
        "C-3",
        "--on",
        "2026-01-09",
        "--result",
        "referred",
    ]);
    assert!(close3.status.success(), "{}", stderr(&close3));
    // Closing it again is refused.
    assert_eq!(
        code(&o.run(&[
            "cases",
            "close",
            "C-1",
            "--on",
            "2026-01-06",
            "--result",
            "refused"
        ])),
        2
    );

    let list = o.lines(&["cases", "list", "--format", "json", "--today", "2026-03-01"]);
    let ids: Vec<&str> = list.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["C-2", "C-1", "C-3", "C-4"]); // by received date
    let c1 = &list[1];
    for key in [
        "id",
        "item",
        "received",
        "outcome",
        "body",
        "status",
        "closed",
        "result",
        "working_days",
        "overdue",
        "version",
        "notice",
    ] {
        assert!(c1.get(key).is_some(), "list lacks {key}: {c1}");
    }
    assert_eq!(c1["status"], "closed");
    assert_eq!(c1["result"], "granted");
    assert_eq!(c1["working_days"], 3);
    assert_eq!(c1["closed"], "2026-01-05");
    assert_eq!(c1["version"], 2);
    assert_eq!(c1["notice"], "穗府规〔2024〕3号");
    assert_eq!(c1["outcome"], "COMMITTEE");
    assert_eq!(list[0]["working_days"], J::Null);
    assert_eq!(list[0]["closed"], J::Null);
    assert_eq!(list[2]["outcome"], "NOT_DELEGATED");

    let open = o.lines(&["cases", "list", "--open", "--format", "json"]);
    assert_eq!(open.len(), 2);
    let y2026 = o.lines(&[
        "cases", "list", "--year", "2026", "--item", "6", "--format", "json",
    ]);
    assert_eq!(y2026.len(), 1);
    assert_eq!(y2026[0]["id"], "C-4");

    let show = o.lines(&["cases", "show", "C-1", "--format", "json"]);
    let show = &show[0];
    assert_eq!(show["applicant"], "甲公司");
    assert!(
        show["facts"].as_str().unwrap().contains("General"),
        "{show}"
    );
    assert_eq!(show["decisions"].as_array().unwrap().len(), 1);
    assert!(
        show["decisions"][0]["clause"]
            .as_str()
            .unwrap()
            .contains("附件 第2项")
    );
    let events = show["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["kind"], "recorded");
    assert_eq!(events[0]["who"], "张三");
    assert_eq!(events[1]["kind"], "closed");
    assert_eq!(events[1]["who"], "李四");

    // A time limit of 2 working days: C-1 (3) is overdue, and so is C-2, open since June.
    assert!(o.run(&["cases", "limit", "2", "2"]).status.success());
    let late = o.lines(&[
        "cases",
        "list",
        "--overdue",
        "--format",
        "json",
        "--today",
        "2026-03-01",
    ]);
    let late: Vec<&str> = late.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(late, ["C-2", "C-1"]);
    assert_eq!(code(&o.run(&["cases", "limit", "2", "soon"])), 2);
    assert_eq!(code(&o.run(&["cases", "limit", "13", "5"])), 2);

    // The year's figures by hand. 2025: item 2 received C-1 and C-2 (both overdue by
    // 2026-03-01 under 2 days), none closed in 2025, both open at its end; item 6 received C-3,
    // open at its end. 2026: item 2 closed C-1 (3 days), C-2 still open; item 6 closed C-3
    // (2025-12-31 to 2026-01-09: 01-04, 05, 06, 07, 08, 09 = 6), received C-4.
    let f2025 = o.lines(&[
        "cases",
        "report",
        "--year",
        "2025",
        "--format",
        "json",
        "--today",
        "2026-03-01",
    ]);
    assert_eq!(f2025.len(), 12, "all 12 items, 零办件 included");
    let i2 = &f2025[1];
    for key in [
        "item",
        "received",
        "closed",
        "granted",
        "refused",
        "withdrawn",
        "referred",
        "forwarded",
        "overdue",
        "open_at_end",
        "avg_working_days",
        "max_working_days",
    ] {
        assert!(i2.get(key).is_some(), "report lacks {key}");
    }
    assert_eq!(
        (
            &i2["received"],
            &i2["closed"],
            &i2["overdue"],
            &i2["open_at_end"]
        ),
        (&J::from(2), &J::from(0), &J::from(2), &J::from(2))
    );
    assert_eq!(i2["avg_working_days"], J::Null);
    assert_eq!(f2025[5]["received"], 1);
    assert_eq!(f2025[5]["open_at_end"], 1);
    assert_eq!(f2025[0]["received"], 0);
    let f2026 = o.lines(&[
        "cases",
        "report",
        "--year",
        "2026",
        "--format",
        "json",
        "--today",
        "2026-03-01",
    ]);
    assert_eq!(
        (
            &f2026[1]["closed"],
            &f2026[1]["granted"],
            &f2026[1]["avg_working_days"],
            &f2026[1]["max_working_days"]
        ),
        (&J::from(1), &J::from(1), &J::from(3.0), &J::from(3))
    );
    assert_eq!(
        (
            &f2026[5]["received"],
            &f2026[5]["closed"],
            &f2026[5]["referred"],
            &f2026[5]["max_working_days"]
        ),
        (&J::from(1), &J::from(1), &J::from(1), &J::from(6))
    );

    // The files: .csv read back, .xlsx and .pdf written; never over a file without --force.
    let csv = o.dir.path().join("2026.csv");
    let w = o.run(&[
        "cases",
        "report",
        "--year",
        "2026",
        s(&csv),
        "--today",
        "2026-03-01",
    ]);
    assert!(w.status.success(), "{}", stderr(&w));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("零办件"), "{text}");
    assert_eq!(
        code(&o.run(&["cases", "report", "--year", "2026", s(&csv)])),
        2
    );
    for ext in ["xlsx", "pdf"] {
        let f = o.dir.path().join(format!("2026.{ext}"));
        let w = o.run(&[
            "cases",
            "report",
            "--year",
            "2026",
            s(&f),
            "--today",
            "2026-03-01",
        ]);
        assert!(w.status.success(), "{ext}: {}", stderr(&w));
        assert!(std::fs::metadata(&f).unwrap().len() > 1000);
    }
    if let Ok(t) = Command::new("pdftotext")
        .args(["-layout", s(&o.dir.path().join("2026.pdf")), "-"])
        .output()
    {
        let t = String::from_utf8_lossy(&t.stdout);
        assert!(
            t.contains("2026 年度办件情况统计") && t.contains("审核人"),
            "{t}"
        );
    }

    // The trail: every change, in order, and whole.
    let audit = o.lines(&["cases", "audit", "--format", "json"]);
    let kinds: Vec<&str> = audit.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "recorded", "recorded", "recorded", "recorded", "closed", "closed", "limit"
        ]
    );
    let v = o.run(&["cases", "verify"]);
    assert!(v.status.success(), "{}", stderr(&v));
    assert_eq!(stdout(&o.run(&["cases", "path"])).trim(), s(&o.store()));
}

#[test]
fn a_change_from_an_old_version_is_refused_with_who_changed_it() {
    let o = Office::new();
    let reg = o.file("reg.csv", &register());
    o.run(&["cases", "add", s(&reg), "--as", "张三"]);
    let first = o.run(&[
        "cases",
        "close",
        "C-2",
        "--on",
        "2026-01-05",
        "--result",
        "granted",
        "--version",
        "1",
        "--as",
        "李四",
    ]);
    assert!(first.status.success(), "{}", stderr(&first));
    // A second clerk, looking at version 1, reopens it: refused, naming 李四.
    let second = o.run(&["cases", "reopen", "C-2", "--version", "1", "--as", "王五"]);
    assert_eq!(code(&second), 3, "{}", stderr(&second));
    assert!(stderr(&second).contains("李四"), "{}", stderr(&second));
    let ok = o.run(&["cases", "reopen", "C-2", "--version", "2", "--as", "王五"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
}

#[test]
fn the_same_id_with_other_facts_is_a_conflict_and_not_changed() {
    let o = Office::new();
    let reg = o.file("reg.csv", &register());
    o.run(&["cases", "add", s(&reg)]);
    let changed = register().replace(
        "C-4,6,2026-01-05,是,电网工程,220",
        "C-4,6,2026-01-05,是,电网工程,110",
    );
    let reg2 = o.file("reg2.csv", &changed);
    let add = o.run(&["cases", "add", s(&reg2)]);
    assert_eq!(code(&add), 1);
    assert!(stderr(&add).contains("C-4"), "{}", stderr(&add));
    let show = o.lines(&["cases", "show", "C-4", "--format", "json"]);
    assert!(
        show[0]["facts"].as_str().unwrap().contains("220"),
        "{}",
        show[0]
    );
    assert_eq!(show[0]["version"], 1);
}

#[test]
fn the_sqlite3_program_opens_the_store_and_cannot_edit_the_trail() {
    let Ok(_) = Command::new("sqlite3").arg("-version").output() else {
        panic!("the sqlite3 program is required: apt-get install sqlite3");
    };
    let o = Office::new();
    let reg = o.file("reg.csv", &register());
    o.run(&["cases", "add", s(&reg)]);
    let sql = |q: &str| {
        Command::new("sqlite3")
            .arg(o.store())
            .arg(q)
            .output()
            .unwrap()
    };
    let ok = sql("PRAGMA integrity_check;");
    assert_eq!(String::from_utf8_lossy(&ok.stdout).trim(), "ok");
    for q in [
        "UPDATE events SET who = 'x' WHERE seq = 1;",
        "DELETE FROM events WHERE seq = 1;",
    ] {
        let r = sql(q);
        assert!(!r.status.success(), "{q} was allowed");
        assert!(
            String::from_utf8_lossy(&r.stderr).contains("append-only"),
            "{q}: {:?}",
            r
        );
    }
    // With the triggers dropped, an edit is found and named.
    let r =
        sql("DROP TRIGGER events_append_only_update; UPDATE events SET who = 'x' WHERE seq = 2;");
    assert!(r.status.success(), "{r:?}");
    let v = o.run(&["cases", "verify"]);
    assert_eq!(code(&v), 1);
    assert!(stderr(&v).contains('2'), "{}", stderr(&v));
}

#[test]
fn a_file_that_is_not_a_store_is_refused_and_left_as_it_was() {
    let o = Office::new();
    let bogus = o.file("cases.sqlite", "办件编号,事项序号\nX,1\n");
    let before = std::fs::read(&bogus).unwrap();
    let r = o.run(&["cases", "list"]);
    assert_eq!(code(&r), 2);
    assert!(
        stderr(&r).contains("不是本程序的办件台账"),
        "{}",
        stderr(&r)
    );
    assert_eq!(std::fs::read(&bogus).unwrap(), before);
    let en = o.run(&["cases", "list", "--lang", "en"]);
    assert!(
        stderr(&en).contains("not a case register"),
        "{}",
        stderr(&en)
    );
}

#[test]
fn the_report_is_never_written_over_the_store_itself() {
    let o = Office::new();
    let reg = o.file("reg.csv", &register());
    // A store whose name ends as a report's would.
    let store = o.dir.path().join("store.csv");
    let add = o.run(&["cases", "add", s(&reg), "--store", s(&store)]);
    assert_eq!(code(&add), 1, "{}", stderr(&add));
    let before = std::fs::read(&store).unwrap();
    let r = o.run(&[
        "cases",
        "report",
        "--year",
        "2025",
        s(&store),
        "--store",
        s(&store),
        "--force",
    ]);
    assert_eq!(code(&r), 2, "{}", stderr(&r));
    assert_eq!(std::fs::read(&store).unwrap(), before);
    assert!(
        o.run(&["cases", "verify", "--store", s(&store)])
            .status
            .success()
    );
}

/// A generated register of `n` rows (ids unique, items 2, 6, 10 and 12).
fn big_register(o: &Office, n: usize) -> PathBuf {
    let p = o.dir.path().join(format!("r{n}.csv"));
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

fn count(o: &Office, table: &str) -> usize {
    let out = Command::new("sqlite3")
        .arg(o.store())
        .arg(format!("SELECT count(*) FROM {table};"))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

#[test]
fn a_killed_add_leaves_a_whole_store_and_a_rerun_records_the_rest() {
    let o = Office::new();
    let reg = big_register(&o, 60_000);
    let mut child = o
        .cmd()
        .args(["cases", "add", s(&reg)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed once some cases are in.
    let t0 = std::time::Instant::now();
    while t0.elapsed().as_secs() < 120 {
        std::thread::sleep(std::time::Duration::from_millis(50));
        if o.store().exists()
            && Command::new("sqlite3")
                .arg(o.store())
                .arg("SELECT count(*) FROM cases;")
                .output()
                .is_ok_and(|r| {
                    String::from_utf8_lossy(&r.stdout)
                        .trim()
                        .parse::<usize>()
                        .is_ok_and(|n| n > 0)
                })
        {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let ok = Command::new("sqlite3")
        .arg(o.store())
        .arg("PRAGMA integrity_check;")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&ok.stdout).trim(), "ok");
    let (cases, events) = (count(&o, "cases"), count(&o, "events"));
    assert!(cases < 60_000, "killed before the end ({cases})");
    // Each case with its event (which holds its decision), or not at all.
    assert_eq!(events, cases);
    assert!(o.run(&["cases", "verify"]).status.success());
    let rerun = o.run(&["cases", "add", s(&reg)]);
    assert!(
        stderr(&rerun).contains(&format!("已登记过 {cases} 件")),
        "{}",
        stderr(&rerun)
    );
    let rows = Command::new("sqlite3")
        .arg(o.store())
        .arg("SELECT count(*), count(DISTINCT id) FROM cases;")
        .output()
        .unwrap();
    let rows = String::from_utf8_lossy(&rows.stdout).trim().to_string();
    let (all, distinct) = rows.split_once('|').unwrap();
    assert_eq!(all, distinct, "no duplicate");
    assert_eq!(
        all.parse::<usize>().unwrap() + cli_invalid(&rerun),
        60_000,
        "{}",
        stderr(&rerun)
    );
    assert!(o.run(&["cases", "verify"]).status.success());
}

/// The INVALID count in `cases add`'s summary line.
fn cli_invalid(o: &Output) -> usize {
    let err = stderr(o);
    let line = err.lines().last().unwrap();
    let at = line.find("INVALID ").unwrap() + "INVALID ".len();
    line[at..].split(' ').next().unwrap().parse().unwrap()
}

#[test]
fn two_adds_at_once_both_finish_and_lose_nothing() {
    let o = Office::new();
    let a = big_register(&o, 5_000);
    // Another register with other ids: GEN- becomes B-.
    let b_text = std::fs::read_to_string(&a).unwrap().replace("GEN-", "B-");
    let b = o.file("b.csv", &b_text);
    let ca = o
        .cmd()
        .args(["cases", "add", s(&a), "--as", "甲"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let cb = o
        .cmd()
        .args(["cases", "add", s(&b), "--as", "乙"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (ra, rb) = (
        ca.wait_with_output().unwrap(),
        cb.wait_with_output().unwrap(),
    );
    for r in [&ra, &rb] {
        assert!(matches!(code(r), 0 | 1), "{}", stderr(r));
    }
    let recorded = count(&o, "cases");
    assert_eq!(recorded + cli_invalid(&ra) + cli_invalid(&rb), 10_000);
    assert!(o.run(&["cases", "verify"]).status.success());
}

/// Two clerks on two PCs (two processes) close the same case at once, each from the version
/// they saw: one is recorded, the other is refused naming who closed it, never both.
#[test]
fn two_clerks_closing_one_case_at_once_one_wins_and_the_other_is_told() {
    let o = Office::new();
    let reg = o.file("reg.csv", &register());
    assert_eq!(code(&o.run(&["cases", "add", s(&reg)])), 1);
    for (round, id) in ["C-1", "C-2", "C-3", "C-4"].into_iter().enumerate() {
        let close = |who: &str, result: &str| {
            o.cmd()
                .args([
                    "cases",
                    "close",
                    id,
                    "--on",
                    "2026-02-02",
                    "--result",
                    result,
                ])
                .args(["--version", "1", "--as", who])
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (close("甲", "granted"), close("乙", "refused"));
        let (ra, rb) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let mut codes = [code(&ra), code(&rb)];
        codes.sort();
        assert_eq!(
            codes,
            [0, 3],
            "round {round}: {} / {}",
            stderr(&ra),
            stderr(&rb)
        );
        let (winner, loser) = if code(&ra) == 0 {
            ("甲", &rb)
        } else {
            ("乙", &ra)
        };
        assert!(stderr(loser).contains(winner), "{}", stderr(loser));
        let show = &o.lines(&["cases", "show", id, "--format", "json"])[0];
        assert_eq!(show["version"], 2);
        let closes = show["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "closed")
            .count();
        assert_eq!(closes, 1, "round {round}");
    }
    assert!(o.run(&["cases", "verify"]).status.success());
}

/// A real full disk (a 1 MiB tmpfs; needs root, skipped saying why elsewhere): `cases add` is
/// refused saying the disk is full, and the store keeps what it had, whole.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_during_cases_add_is_refused_with_the_store_as_it_was() {
    let o = Office::new();
    let mnt = o.dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let Some(_disk) = cli_common::small_disk(&mnt, "1m") else {
        return;
    };
    let store = mnt.join("cases.sqlite");
    let small = o.file("small.csv", &register());
    let first = o.run(&["cases", "add", s(&small), "--store", s(&store)]);
    assert_eq!(code(&first), 1, "{}", stderr(&first));
    let listed = |o: &Office| {
        o.run(&["cases", "list", "--format", "json", "--store", s(&store)])
            .stdout
    };
    let before = listed(&o);
    // 3,000 cases, about 5 MB: the first transaction cannot fit.
    let big = big_register(&o, 3_000);
    for lang in ["zh", "en"] {
        let r = o.run(&[
            "--lang",
            lang,
            "cases",
            "add",
            s(&big),
            "--store",
            s(&store),
        ]);
        assert_eq!(code(&r), 2, "{}", stderr(&r));
        let said = if lang == "zh" {
            "磁盘已满"
        } else {
            "the disk is full"
        };
        assert!(stderr(&r).contains(said), "{}", stderr(&r));
        assert_eq!(listed(&o), before);
        let v = o.run(&["cases", "verify", "--store", s(&store)]);
        assert!(v.status.success(), "{}", stderr(&v));
        let ok = Command::new("sqlite3")
            .arg(&store)
            .arg("PRAGMA integrity_check;")
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&ok.stdout).trim(), "ok");
    }
}

/// Issue 31: `cases add` on a register whose latest cases were routed by a notice this PC
/// lacks says so before it routes, naming the notice; with the notice held it says nothing.
#[test]
fn cases_add_says_when_the_register_was_routed_by_a_notice_this_pc_lacks() {
    let o = Office::new();
    let store = o.dir.path().join("shared.sqlite");
    let notice = format!(
        "{}/tests/notices/amendment-2026-test.ron",
        env!("CARGO_MANIFEST_DIR")
    );
    // The other PC: its own data folder, holding the amendment; item 11 after 2026-05-01.
    let other = o.dir.path().join("other-pc");
    let run_other = |args: &[&str]| cli_common::run_in(&other, args);
    assert!(run_other(&["notices", "import", &notice]).status.success());
    let theirs = o.file(
        "theirs.csv",
        "办件编号,事项序号,收件日期,是否在开发区内\nZC-2026-011,11,2026-06-01,是\n",
    );
    let r = run_other(&["cases", "add", s(&theirs), "--store", s(&store)]);
    assert!(r.status.success(), "{}", stderr(&r));
    assert!(!stderr(&r).contains("本机没有这份通告"), "{}", stderr(&r));
    // This PC holds the built-in notice alone.
    let mine = o.file(
        "mine.csv",
        "办件编号,事项序号,收件日期,是否在开发区内\nZC-2026-001,1,2026-06-02,是\n",
    );
    let r = o.run(&["cases", "add", s(&mine), "--store", s(&store)]);
    assert!(r.status.success(), "{}", stderr(&r));
    assert!(
        stderr(&r).contains("按测试修〔2026〕1号分派的，本机没有这份通告"),
        "{}",
        stderr(&r)
    );
}
