//! Issue 8 at the command line: forged rows, output that cannot be written, sums past the
//! dates, FIFOs and devices as input, the report and the holidays commands.

mod cli_common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use cli_common::{bin_in as bin, run_in};

fn run(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn temp_file(text: &str, suffix: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(suffix).tempfile().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

/// Runs with a deadline, so a hang fails the test instead of stalling CI.
fn run_bounded(data: &Path, args: &[&str]) -> Output {
    let mut child = bin(data)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("{args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn route_escapes_control_characters_so_no_row_or_escape_is_forged() {
    let f = temp_file(
        "(applications: [(id: \"A\\tCOMMITTEE\\tforged\\nB\\u{1b}[2J\\u{202e}\", item: 2, received: \"2024-07-01\", in_zone: true, facts: General)])",
        ".ron",
    );
    let o = run(&["route", f.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with("A\\tCOMMITTEE\\tforged\\nB\\u{1b}[2J\\u{202e}\tCOMMITTEE\t"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'));
    assert_eq!(out.lines().next().unwrap().split('\t').count(), 8);
}

#[test]
fn route_json_escapes_control_and_bidi_characters_so_a_line_is_one_object() {
    let f = temp_file(
        "(applications: [(id: \"A\\\"}\\n{\\u{1b}[2J\\u{202e}\", item: 2, received: \"2024-07-01\", in_zone: true, facts: General)])",
        ".ron",
    );
    let o = run(&["route", f.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{202e}'),
        "{out}"
    );
    let v: serde_json::Value = serde_json::from_str(out.trim_end()).unwrap();
    assert_eq!(v["id"], "A\"}\n{\u{1b}[2J\u{202e}");
    assert_eq!(v["outcome"], "COMMITTEE");
}

/// Every character some rule breaks a line at: Rust's `lines` (\n), Python's `splitlines`
/// (\r, \v, \f, \x1c–\x1e, NEL, U+2028/2029) and JavaScript's (U+2028/2029).
fn line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{1c}'
            ..='\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Issue 30, finding 6: DEL, the C1 controls, U+2028/2029 and U+061C were written raw, and
/// Python found 9 lines for 6 rows. Now: one line per application by any rule, no control or
/// format character raw, and every id read back as it was given.
#[test]
fn route_json_is_one_line_per_application_by_any_rule_of_splitting_lines() {
    let ids = [
        "A\u{7f}DEL",
        "B\u{85}NEL",
        "C\u{9b}2J",
        "D\u{2028}LS",
        "E\u{2029}PS",
        "F\u{61c}ALM",
        "G\u{feff}\u{200b}\u{ad}",
        "H\u{e0041}tag",
        "I\u{0b}\u{0c}\u{1c}\u{1d}\u{1e}",
    ];
    let rows: Vec<String> = ids
        .iter()
        .map(|id| {
            format!(
                "(id: \"{id}\", item: 2, received: \"2024-07-01\", in_zone: true, facts: General)"
            )
        })
        .collect();
    let f = temp_file(&format!("(applications: [{}])", rows.join(", ")), ".ron");
    let o = run(&["route", f.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let body = out.strip_suffix('\n').unwrap();
    let lines: Vec<&str> = body.split(line_break).collect();
    assert_eq!(lines.len(), ids.len(), "{out:?}");
    for (line, id) in lines.iter().zip(ids) {
        assert!(
            !line
                .chars()
                .any(|c| c.is_control() || ('\u{80}'..='\u{9f}').contains(&c)),
            "{line:?}"
        );
        for raw in ['\u{61c}', '\u{feff}', '\u{200b}', '\u{ad}', '\u{e0041}'] {
            assert!(!line.contains(raw), "{line:?}");
        }
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["id"], *id);
    }
}

#[test]
fn a_full_or_closed_stdout_ends_with_a_message_and_exit_2_never_a_panic() {
    let samples = format!("{}/data/samples.ron", env!("CARGO_MANIFEST_DIR"));
    let cases: [&[&str]; 5] = [
        &["workdays", "add", "2024-04-29", "30"],
        &["workdays", "between", "2024-04-29", "2024-06-13"],
        &["deadlines", "--today", "2024-06-01"],
        &["records", "path"],
        &["route", &samples],
    ];
    let dir = tempfile::tempdir().unwrap();
    for args in cases {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = bin(dir.path())
            .args(args)
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(err.contains("无法写出结果"), "{args:?}: {err}");
        // a closed pipe
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = bin(dir.path())
            .args(args)
            .arg("--lang=en")
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("cannot write the output"), "{args:?}: {err}");
    }
}

#[test]
fn a_working_day_sum_past_the_dates_is_an_error_and_uncovered_years_are_ranges() {
    let o = run(&["workdays", "add", "2024-04-29", "1000000000"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.len() < 500, "{} bytes of stderr", err.len());
    assert!(err.contains("超出了可表示的日期范围"), "{err}");
    let o = run(&[
        "workdays",
        "add",
        "2024-04-29",
        "-1000000000",
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&[
        "workdays",
        "between",
        "2024-01-01",
        "2100-01-01",
        "--lang",
        "en",
    ]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("2027–2100"), "{}", stderr(&o));
}

#[test]
fn fifos_and_devices_as_input_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("apps.ron");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let data = dir.path().join("data");
    for args in [
        vec!["route", fifo.to_str().unwrap()],
        vec!["route", "/dev/zero"],
        vec!["records", "import", fifo.to_str().unwrap()],
        vec!["holidays", "import", fifo.to_str().unwrap()],
    ] {
        let o = run_bounded(&data, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("不是普通文件"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    // a FIFO as the records themselves
    std::fs::create_dir_all(&data).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(data.join("records.ron"))
            .status()
            .unwrap()
            .success()
    );
    let o = run_bounded(&data, &["deadlines", "--today", "2024-06-01"]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("不是普通文件"), "{}", stderr(&o));
}

#[test]
fn report_writes_the_handover_table_by_extension_and_refuses_others() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let csv = dir.path().join("r.csv");
    let o = run_in(
        &data,
        &["report", csv.to_str().unwrap(), "--today", "2024-06-01"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert_eq!(text.lines().count(), 13, "a header and 12 items");
    assert!(text.contains("控制性详细规划审批"));
    let xlsx = dir.path().join("r.XLSX");
    let o = run_in(&data, &["report", xlsx.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(sheet.height(), 13);
    // .pdf is a report format too (tests/pdf.rs); anything else is refused.
    let txt = dir.path().join("r.txt");
    let o = run_in(&data, &["report", txt.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".xlsx or .csv"), "{}", stderr(&o));
    assert!(!txt.exists());
}

#[test]
fn holidays_import_refuses_a_partial_year_and_list_says_where_each_year_comes_from() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let partial = temp_file(
        r#"{"year": 2027, "papers": [], "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#,
        ".json",
    );
    let o = run_in(
        &data,
        &["holidays", "import", partial.path().to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("缺少：春节、清明节、劳动节、端午节、中秋节、国庆节"),
        "{err}"
    );
    let o = run_in(&data, &["holidays", "list", "--lang", "en"]);
    let out = stdout(&o);
    assert!(out.contains("2024\tembedded\t"), "{out}");
    assert!(!out.contains("2027"), "{out}");
    let real = format!(
        "{}/tests/reference/holiday-cn/2025.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let o = run_in(&data, &["holidays", "import", &real]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&run_in(&data, &["holidays", "list"]));
    assert!(out.contains("2025\t导入\t"), "{out}");
    assert!(out.contains("2024\t内置\t"), "{out}");
}

/// Issue 30, finding 5: `holidays import` while another process held `holidays.lock` waited
/// silently and without end. Now it waits a few seconds, then says what it waited for and
/// that nothing was imported; once the lock is free, the same import goes through.
#[test]
fn a_holiday_import_gives_up_on_a_held_lock_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path()).unwrap();
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.path().join("holidays.lock"))
        .unwrap();
    lock.lock().unwrap();
    let year = format!(
        "{}/../shared/reference/holiday-cn/2026.json",
        env!("CARGO_MANIFEST_DIR")
    );
    for (lang, says) in [("zh", "已等待1.5秒"), ("en", "waited 1.5 s")] {
        let start = Instant::now();
        let o = run_bounded(dir.path(), &["holidays", "import", &year, "--lang", lang]);
        assert!(start.elapsed() < Duration::from_secs(5));
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("holidays.lock"), "{}", stderr(&o));
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
    }
    assert!(!dir.path().join("holidays-override.ron").exists());
    drop(lock);
    let o = run_bounded(dir.path(), &["holidays", "import", &year]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Issue 30, finding 8: a 4 M-character id made `route --out .xlsx` take 23–34 s (and 16 M
/// a 7,919-page slip). A text past a spreadsheet cell's 32,767 characters is refused where
/// it is read: the row named at its cell, the output holding the first 32,767; in a .ron,
/// the file refused naming the field; in imported records, the note named.
#[test]
fn texts_longer_than_a_cell_are_refused_where_read_and_fast() {
    let dir = tempfile::tempdir().unwrap();
    let long = "号".repeat(4_000_000);
    let csv = temp_file(
        &format!(
            "办件编号,事项序号,收件日期,是否在开发区内\nA-1,2,2024-07-01,是\n{long},2,2024-07-01,是\n"
        ),
        ".csv",
    );
    // A .csv's cell is bounded by its reader already: the file is refused naming the cell.
    let o = run_bounded(dir.path(), &["route", csv.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("!A3"), "{}", stderr(&o));
    // A 4 M-character id in a .ron: refused at once, naming the field.
    let ron = temp_file(
        &format!(
            "(applications: [(id: \"{long}\", item: 2, received: \"2024-07-01\", in_zone: true, facts: General)])"
        ),
        ".ron",
    );
    let out = dir.path().join("out.xlsx");
    let start = Instant::now();
    let o = run_bounded(
        dir.path(),
        &[
            "route",
            ron.path().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("id 有4000000个字符"), "{}", stderr(&o));
    assert!(!out.exists());

    let ron = temp_file(
        &format!(
            "(applications: [(id: \"{}\", item: 2, received: \"2024-07-01\", in_zone: true, facts: General)])",
            "x".repeat(40_000)
        ),
        ".ron",
    );
    let o = run_in(dir.path(), &["route", ron.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("id 有40000个字符"), "{}", stderr(&o));

    let records = temp_file(
        &format!(
            "(format: \"delegation-tracker/records\", version: 1, items: {{ 3: (notes: \"{}\") }})",
            "注".repeat(40_000)
        ),
        ".ron",
    );
    let o = run_in(
        dir.path(),
        &[
            "records",
            "import",
            records.path().to_str().unwrap(),
            "--lang",
            "en",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("items.3.notes has 40000 characters"),
        "{}",
        stderr(&o)
    );
}

/// Issue 30, finding 9: a register of all 16,384 columns with `--out .xlsx` failed with
/// "操作系统报错（Row or column exceeds Excel's allowed limits…）", and `--out .csv` wrote
/// 16,392 columns, past XFD. Both are now refused before anything is written, saying the
/// limit, in zh and en.
#[test]
fn a_decision_table_wider_than_a_sheet_is_refused_saying_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut header = vec![
        "办件编号".to_string(),
        "事项序号".into(),
        "收件日期".into(),
        "是否在开发区内".into(),
    ];
    header.extend((header.len()..16_384).map(|i| format!("c{i}")));
    let csv = temp_file(
        &format!("{}\nA-1,2,2024-07-01,是\n", header.join(",")),
        ".csv",
    );
    for (name, lang, says) in [
        ("out.xlsx", "zh", "超过 Excel 和 WPS 工作表的上限16384列"),
        ("out.csv", "zh", "超过 Excel 和 WPS 工作表的上限16384列"),
        ("out.xlsx", "en", "past a sheet's 16384 in Excel and WPS"),
    ] {
        let out = dir.path().join(name);
        let o = run_bounded(
            dir.path(),
            &[
                "route",
                csv.path().to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--lang",
                lang,
            ],
        );
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
        assert!(
            !stderr(&o).contains("Excel's allowed limits"),
            "{}",
            stderr(&o)
        );
        assert!(!out.exists(), "{name}");
    }
}

/// Issue 30, finding 9: a full disk during `route --out .xlsx` printed the zip writer's raw
/// "ZipWriter::drop: failed to finalize archive: Io(Os {…})" and said 操作系统报错. Now the
/// message says the disk is full, and nothing else is printed. A real full disk: a 64 KiB
/// tmpfs (needs root; skipped, saying why, elsewhere).
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_under_out_xlsx_says_the_disk_is_full_and_nothing_raw() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let Some(_disk) = cli_common::small_disk(&mnt, "64k") else {
        return;
    };
    let mut text = String::from("办件编号,事项序号,收件日期,是否在开发区内,备注\n");
    // Notes that do not compress away: the .xlsx is well past 64 KiB.
    let mut x: u32 = 7;
    for i in 0..3_000 {
        let note: String = (0..40)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                char::from_u32(0x4E00 + (x >> 16) % 0x5000).unwrap()
            })
            .collect();
        text.push_str(&format!("A-{i},2,2024-07-01,是,{note}\n"));
    }
    let csv = temp_file(&text, ".csv");
    let out = mnt.join("out.xlsx");
    let data = dir.path().join("data");
    let o = run_in(
        &data,
        &[
            "route",
            csv.path().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("磁盘已满") || err.contains("空间不足"),
        "{err}"
    );
    assert!(!err.contains("ZipWriter") && !err.contains("Os {"), "{err}");
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(&mnt).unwrap().collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Issue 31: `notices import` and `notices list`, and `route` naming the notice that governed
/// once the data folder holds more than the built-in one. The notices are the made-up test
/// notices of tests/notices/ (test data, never shipped).
#[test]
fn notices_are_imported_checked_listed_and_named_by_route() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let notices = format!("{}/tests/notices", env!("CARGO_MANIFEST_DIR"));
    let amendment = format!("{notices}/amendment-2026-test.ron");
    let successor = format!("{notices}/successor-2027-test.ron");
    let apps = dir.path().join("apps.ron");
    std::fs::write(
        &apps,
        r#"(applications: [
            (id: "A1", item: 10, received: "2026-04-30", in_zone: true, facts: WaterIntake(source: Surface, m3_per_day: 160000, agricultural: false, request: New)),
            (id: "A2", item: 10, received: "2026-05-01", in_zone: true, facts: WaterIntake(source: Surface, m3_per_day: 160000, agricultural: false, request: New)),
            (id: "A3", item: 11, received: "2026-05-01", in_zone: true, facts: General),
        ])"#,
    )
    .unwrap();
    let route = |format: &str| {
        let o = run_in(
            &data,
            &["route", apps.to_str().unwrap(), "--format", format],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    // The built-in notice alone: the lines as they always were, with no notice named.
    let json = route("json");
    assert!(!json.contains("\"notice\""), "{json}");
    assert!(json.contains("\"id\":\"A2\",\"in_name_of\":null,\"mode\":\"Authorised\",\"outcome\":\"NOT_DELEGATED\""), "{json}");
    assert!(route("text").lines().all(|l| l.split('\t').count() == 8));

    // A file with a field missing is refused at its line, and nothing is kept.
    let broken = dir.path().join("broken.ron");
    let text = std::fs::read_to_string(&amendment).unwrap();
    std::fs::write(
        &broken,
        text.replace("        committee: \"增城开发区管委会\",\n", ""),
    )
    .unwrap();
    let o = run_in(
        &data,
        &[
            "notices",
            "import",
            broken.to_str().unwrap(),
            "--lang",
            "en",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("broken.ron:") && err.contains("committee"),
        "{err}"
    );
    assert!(
        !data.join("notices").exists()
            || std::fs::read_dir(data.join("notices")).unwrap().count() == 0
    );

    // Checked against a source it does not quote: refused, naming the string.
    let gazette = format!(
        "{}/tests/reference/gazette/000_aedf352df84fbad2.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    if Path::new(&gazette).exists() {
        let o = run_in(
            &data,
            &["notices", "import", &amendment, "--source", &gazette],
        );
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("number 的文字"), "{}", stderr(&o));
    }

    // Imported: the successor needs nothing else; the amendment after it.
    for file in [&successor, &amendment] {
        let o = run_in(&data, &["notices", "import", file]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stderr(&o).contains("未与公报原文核对"), "{}", stderr(&o));
    }
    let o = run_in(&data, &["notices", "import", &amendment, "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("already kept"), "{}", stderr(&o));
    let list = stdout(&run_in(
        &data,
        &[
            "notices",
            "list",
            "--today",
            "2026-12-07",
            "--format",
            "json",
        ],
    ));
    let states: Vec<&str> = list
        .lines()
        .map(|l| {
            l.split("\"state\":\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(states, ["in_force", "in_force", "not_yet"], "{list}");
    assert!(list.contains("\"last_day\":\"2027-06-30\""), "{list}");

    // Each line names the notice that governed, and the flip across its first day the other.
    let json = route("json");
    let lines: Vec<&str> = json.lines().collect();
    assert!(
        lines[0].contains("\"notice\":\"穗府规〔2024〕3号\",\"outcome\":\"NOT_DELEGATED\""),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains(
            "\"notice\":\"测试修〔2026〕1号\",\"outcome\":\"COMMITTEE\",\"to\":\"2026-05-01\""
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("\"notice\":\"测试修〔2026〕1号\",\"outcome\":\"COMMITTEE\""),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains("\"outcome\":\"ORIGINAL_UNIT\""),
        "{}",
        lines[2]
    );
    let text = route("text");
    let last: Vec<&str> = text
        .lines()
        .map(|l| l.rsplit('\t').next().unwrap())
        .collect();
    assert_eq!(
        last,
        [
            "穗府规〔2024〕3号",
            "测试修〔2026〕1号",
            "测试修〔2026〕1号"
        ]
    );
    assert!(
        text.contains("测试修〔2026〕1号已将第11项移出目录"),
        "{text}"
    );

    // A register row is read with the columns of the notice it will be routed by: after the
    // successor, item 2 is water intake, and its water cells are its facts, not "not used".
    let csv = dir.path().join("after.csv");
    std::fs::write(
        &csv,
        "办件编号,事项序号,收件日期,是否在开发区内,项目类型,电压等级（千伏）,是否跨区,水源类型,日取水量（立方米）,是否农业取水,申请类型,树木所在地点,株数,最大胸径（厘米）,古树名木情况\n\
         W-1,2,2027-07-20,是,,,,地表水,250000,否,新增,,,,\n\
         G-1,2,2027-06-30,是,,,,,,,,,,,\n",
    )
    .unwrap();
    let o = run_in(&data, &["route", csv.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].contains("\"notice\":\"测试接〔2027〕2号\",\"outcome\":\"COMMITTEE\""),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("\"notice\":\"穗府规〔2024〕3号\",\"outcome\":\"COMMITTEE\""),
        "{}",
        lines[1]
    );
}
