//! `records path | export | import` and the records' use by `route`, as office IT would run them.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn run(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_delegation-tracker"))
        .env("DELEGATION_TRACKER_DATA_DIR", data)
        .args(args)
        .output()
        .unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const RECORDS: &str = r#"(format: "delegation-tracker/records", version: 1, items: {
    10: (state: HandedOver, handover_date: Some("2024-07-05"), notes: "区政务网公告"),
})"#;

/// A data directory holding RECORDS, imported through the command line.
fn with_records() -> tempfile::TempDir {
    let a = tempfile::tempdir().unwrap();
    let src = a.path().join("in.ron");
    fs::write(&src, RECORDS).unwrap();
    let o = run(a.path(), &["records", "import", src.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    a
}

#[test]
fn path_export_import_round_trip() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let o = run(a.path(), &["records", "path"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        a.path().join("records.ron").display().to_string()
    );
    let src = a.path().join("in.ron");
    fs::write(&src, RECORDS).unwrap();
    let o = run(a.path(), &["records", "import", src.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let out = a.path().join("out.ron");
    let o = run(a.path(), &["records", "export", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    // Move to machine B and back out: the same records.
    let o = run(b.path(), &["records", "import", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let again = b.path().join("again.ron");
    run(b.path(), &["records", "export", again.to_str().unwrap()]);
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        fs::read_to_string(&again).unwrap()
    );
    assert!(fs::read_to_string(&again).unwrap().contains("区政务网公告"));
}

#[test]
fn importing_a_wrong_file_exits_2_and_leaves_the_records_untouched() {
    let a = with_records();
    let current = fs::read(a.path().join("records.ron")).unwrap();
    let cases: [(&str, &[u8]); 4] = [
        ("garbage.ron", b"\xff\xfe garbage"),
        (
            "truncated.ron",
            b"(format: \"delegation-tracker/records\", version: 1, items: {\n  10: (state: Hand",
        ),
        ("empty.ron", b""),
        ("apps.ron", b"(applications: [])"),
    ];
    for (name, bytes) in cases {
        let bad = a.path().join(name);
        fs::write(&bad, bytes).unwrap();
        let o = run(
            a.path(),
            &["--lang", "en", "records", "import", bad.to_str().unwrap()],
        );
        assert_eq!(o.status.code(), Some(2), "{name}");
        let e = err(&o);
        assert!(
            e.contains(&bad.display().to_string()),
            "{name}: names the file: {e}"
        );
        assert!(e.contains("untouched"), "{name}: {e}");
        assert_eq!(
            fs::read(a.path().join("records.ron")).unwrap(),
            current,
            "{name}"
        );
    }
    let truncated = err(&run(
        a.path(),
        &[
            "--lang",
            "en",
            "records",
            "import",
            a.path().join("truncated.ron").to_str().unwrap(),
        ],
    ));
    assert!(
        truncated.contains("truncated.ron:2:"),
        "names the line: {truncated}"
    );
    // In Chinese (the default), the same file and line, and the records untouched.
    let zh = err(&run(
        a.path(),
        &[
            "records",
            "import",
            a.path().join("truncated.ron").to_str().unwrap(),
        ],
    ));
    assert!(
        zh.contains("truncated.ron 第2行第") && zh.contains("现有交接记录未作改动"),
        "{zh}"
    );
}

#[test]
fn route_uses_the_recorded_handover_date_and_the_file_overrides_it() {
    let a = with_records();
    let apps = a.path().join("apps.ron");
    let app = |handover: &str| {
        format!(
            r#"({handover} applications: [(id: "W", item: 10, received: "2024-07-01", in_zone: true,
                facts: WaterIntake(source: Surface, m3_per_day: 80000, agricultural: false, request: New))])"#
        )
    };
    fs::write(&apps, app("")).unwrap();
    let o = run(a.path(), &["route", apps.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&o.stdout).starts_with("W\tORIGINAL_UNIT\t市水务局"),
        "recorded 07-05"
    );
    fs::write(&apps, app(r#"handover: { 10: "2024-06-20" },"#)).unwrap();
    let o = run(a.path(), &["route", apps.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&o.stdout).starts_with("W\tCOMMITTEE\t"),
        "the file's own date wins"
    );
}

#[test]
fn route_uses_a_recorded_date_whatever_the_state() {
    // A 交接日期 is the day the handover was done: a date kept with the state 交接中 (as
    // earlier versions of the app saved it) counts like any other.
    let a = tempfile::tempdir().unwrap();
    let src = a.path().join("in.ron");
    fs::write(
        &src,
        r#"(format: "delegation-tracker/records", version: 1, items: {
    1: (state: InProgress, handover_date: Some("2024-06-10")),
})"#,
    )
    .unwrap();
    let o = run(a.path(), &["records", "import", src.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let apps = a.path().join("apps.ron");
    fs::write(
        &apps,
        r#"(applications: [(id: "L", item: 1, received: "2024-06-11", in_zone: true, facts: General)])"#,
    )
    .unwrap();
    let o = run(a.path(), &["route", apps.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("L\tCOMMITTEE\t"), "{out}{}", err(&o));
}

/// Issue 30, finding 2: with a `records.lock` that cannot be opened (left owned by root after
/// one `sudo` run; here a folder of that name, which even root cannot open as a file),
/// `records import` said "已导入" and wrote nothing. Now it fails, and says nothing was done.
#[test]
fn an_import_that_cannot_take_the_lock_says_so_and_writes_nothing() {
    let a = with_records();
    let before = fs::read(a.path().join("records.ron")).unwrap();
    fs::remove_file(a.path().join("records.lock")).ok();
    fs::create_dir(a.path().join("records.lock")).unwrap();
    let src = a.path().join("new.ron");
    fs::write(&src, RECORDS.replace("2024-07-05", "2024-07-08")).unwrap();
    for lang in ["zh", "en"] {
        let o = run(
            a.path(),
            &["records", "import", src.to_str().unwrap(), "--lang", lang],
        );
        assert_eq!(o.status.code(), Some(2), "{}", err(&o));
        assert!(
            !err(&o).contains("已导入") && !err(&o).contains("imported "),
            "{}",
            err(&o)
        );
        assert!(err(&o).contains("records.lock"), "{}", err(&o));
    }
    assert_eq!(fs::read(a.path().join("records.ron")).unwrap(), before);
}

/// Issue 30, finding 3: a records file's handover dates are held to what `--handover`
/// refuses (before the notice, more than a year ahead), and an element listed twice is
/// refused, naming the item, in both languages; the records stay as they were.
#[test]
fn an_import_refuses_what_the_command_line_refuses() {
    let a = with_records();
    let records = a.path().join("records.ron");
    let before = fs::read(&records).unwrap();
    let src = a.path().join("bad.ron");
    let twice = r#"(format: "delegation-tracker/records", version: 1, items: {
    1: (elements: [(element: Content, done: true), (element: Content, done: false)]),
})"#;
    let cases = [
        (
            "9999-12-31",
            "第10项的交接日期 9999-12-31",
            "item 10's handover date 9999-12-31",
        ),
        (
            "1900-01-01",
            "第10项的交接日期 1900-01-01",
            "before the notice was issued",
        ),
        (
            "2024-04-28",
            "早于通告印发之日",
            "before the notice was issued",
        ),
        ("-0001-01-01", "bad.ron", "bad.ron"),
        ("twice", "第1项的要素", "item 1 lists the element"),
    ];
    for (date, zh, en) in cases {
        let text = match date {
            "twice" => twice.to_string(),
            d => RECORDS.replace("2024-07-05", d),
        };
        fs::write(&src, &text).unwrap();
        for (lang, says) in [("zh", zh), ("en", en)] {
            let o = run(
                a.path(),
                &["records", "import", src.to_str().unwrap(), "--lang", lang],
            );
            assert_eq!(o.status.code(), Some(2), "{text}: {}", err(&o));
            assert!(err(&o).contains(says), "{text}: {}", err(&o));
            assert!(err(&o).contains("bad.ron"), "{}", err(&o));
            assert_eq!(fs::read(&records).unwrap(), before);
        }
    }
    // The date the notice was issued, and a year from today, are accepted.
    fs::write(&src, RECORDS.replace("2024-07-05", "2024-04-29")).unwrap();
    let o = run(a.path(), &["records", "import", src.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
}

/// Issue 30, finding 3: `--handover 2=… --handover 2=…` was accepted and the last won, so
/// the outcome flipped with the order. Now an item given twice is refused, in both commands.
#[test]
fn an_item_given_twice_to_handover_is_refused() {
    let a = tempfile::tempdir().unwrap();
    let samples = format!("{}/data/samples.ron", env!("CARGO_MANIFEST_DIR"));
    let twice = ["--handover", "2=2024-06-01", "--handover", "2=2024-06-20"];
    let mut route = vec!["route", samples.as_str()];
    route.extend(twice);
    let mut add = vec!["cases", "add", samples.as_str(), "--as", "甲"];
    add.extend(twice);
    for args in [route, add] {
        let o = run(a.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        assert!(err(&o).contains("第2项给了两次"), "{}", err(&o));
        assert!(o.stdout.is_empty());
    }
}
