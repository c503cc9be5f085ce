//! Runs the built binary as a clerk or a script would.

use std::io::Write;

mod cli_common;
use cli_common::{run, stderr, stdout};

fn samples() -> String {
    format!("{}/data/samples.ron", env!("CARGO_MANIFEST_DIR"))
}

/// `route --format json`: one object a line, in input order, with the keys README lists and
/// the flips' values as the applications file writes them.
#[test]
fn route_json_prints_one_object_per_application_with_its_flips() {
    let text = stdout(&run(&["route", &samples()]));
    let o = run(&["route", &samples(), "--format", "json", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = text
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    let json_ids: Vec<&str> = lines.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(json_ids, ids, "same applications, same order");
    for v in &lines {
        for key in [
            "id",
            "outcome",
            "body",
            "mode",
            "in_name_of",
            "clause",
            "finding",
            "warnings",
            "flips",
        ] {
            assert!(v.get(key).is_some(), "{key} missing in {v}");
        }
    }
    let by_id = |id: &str| lines.iter().find(|v| v["id"] == id).unwrap();
    let w05 = by_id("W-05");
    assert_eq!(w05["outcome"], "NOT_DELEGATED");
    assert_eq!(w05["mode"], "Authorised");
    assert!(w05["body"].is_null());
    assert_eq!(
        w05["flips"],
        serde_json::json!([{
            "fact": "m3_per_day", "from": 150000, "to": 149999, "outcome": "COMMITTEE",
            "clause": "穗府规〔2024〕3号 附件 第10项 备注"
        }])
    );
    assert!(
        w05["warnings"][0]
            .as_str()
            .unwrap()
            .contains("close to the bound: check the measurement"),
        "{w05}"
    );
    let l05 = by_id("L-05");
    assert_eq!(l05["flips"][0]["fact"], "received");
    assert_eq!(l05["flips"][0]["from"], "2024-06-12");
    assert_eq!(l05["flips"][0]["to"], "2024-06-13");
    assert_eq!(l05["flips"][0]["outcome"], "COMMITTEE");
    let t03 = by_id("T-03");
    assert!(
        t03["flips"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["fact"] == "max_dbh_cm" && f["from"] == 39.9 && f["to"] == 40.0),
        "{t03}"
    );
    assert!(
        t03["flips"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["fact"] == "site" && f["to"] == "HistoricGarden"),
        "{t03}"
    );
    let g03 = by_id("G-03");
    assert!(
        g03["flips"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["fact"] == "cross_district" && f["from"] == true && f["to"] == false),
        "{g03}"
    );
}

#[test]
fn route_prints_one_line_per_application_in_order() {
    let o = run(&["route", &samples()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "samples hold INVALID rows: {}",
        stderr(&o)
    );
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 58);
    let first: Vec<&str> = lines[0].split('\t').collect();
    assert_eq!(&first[..3], ["L-01", "COMMITTEE", "增城开发区管委会"]);
    assert_eq!(first[3], "委托行使");
    assert_eq!(first[4], "广州市人民政府");
    let w01 = lines.iter().find(|l| l.starts_with("W-01\t")).unwrap();
    assert!(
        w01.contains("\tCOMMITTEE\t增城开发区管委会\t授权行使\t"),
        "{w01}"
    );
    assert!(stderr(&o).contains("INVALID"));
}

fn temp_file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".ron").tempfile().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

#[test]
fn route_exits_0_when_all_rows_route() {
    let f = temp_file(
        r#"(applications: [
            (id: "W-1", item: 10, received: "2024-07-01", in_zone: true,
             facts: WaterIntake(source: Surface, m3_per_day: 80000, agricultural: false, request: New)),
        ])"#,
    );
    let o = run(&["route", f.path().to_str().unwrap(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("W-1\tCOMMITTEE\t增城开发区管委会\tauthorised\t"));
}

#[test]
fn route_exits_2_with_file_line_and_column() {
    let f = temp_file(
        "(applications: [\n  (id: \"A\", item: 1, received: \"2024-02-30\", in_zone: true, facts: General),\n])",
    );
    let o = run(&["route", f.path().to_str().unwrap(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "nothing goes to stdout");
    let err = stderr(&o);
    let name = f.path().display().to_string();
    assert!(err.contains(&format!("{name}:2:")), "{err}");
    // The messages follow --lang: Chinese by default.
    let o = run(&["route", f.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains(&format!("{name} 第2行第")), "{err}");
    let o = run(&["route", "/nonexistent/apps.ron"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent/apps.ron"));
}

#[test]
fn workdays_add_and_warn_past_the_calendar() {
    let o = run(&["workdays", "add", "2024-04-29", "30"]);
    assert_eq!(stdout(&o).trim(), "2024-06-13");
    assert!(stderr(&o).is_empty());
    let o = run(&["workdays", "add", "2024-04-29", "30", "--count-start-day"]);
    assert_eq!(stdout(&o).trim(), "2024-06-12");
    let o = run(&["workdays", "add", "2026-12-20", "10"]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("2027"), "{}", stderr(&o));
    let o = run(&["workdays", "add", "2024-13-01", "1"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("2024-13-01"));
}

#[test]
fn deadlines_show_the_key_dates() {
    let o = run(&["deadlines", "--today", "2024-06-01"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("2024-04-29"));
    assert!(out.contains("2024-06-13\t还有12天"), "{out}");
    assert!(out.contains("2029-04-28"));
    let o = run(&[
        "deadlines",
        "--today",
        "2024-06-01",
        "--count-start-day",
        "--civil-code-validity",
        "--lang",
        "en",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains("2024-06-12") && out.contains("2029-04-29"),
        "{out}"
    );
}

/// README.md shows `route` on the samples and `workdays add`: what it shows is what the binary
/// prints today.
#[test]
fn the_readme_examples_are_what_the_binary_prints() {
    let readme =
        std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let route = stdout(&run(&["route", &samples()]));
    let shown: Vec<&str> = readme.lines().filter(|l| l.contains('\t')).collect();
    assert!(shown.len() >= 5, "the README shows route lines");
    for line in shown {
        assert!(
            route.lines().any(|l| l == line),
            "README line not printed by route: {line}"
        );
    }
    let i = readme
        .find("workdays add 2024-04-29 30\n")
        .expect("the README shows workdays add");
    let printed = stdout(&run(&["workdays", "add", "2024-04-29", "30"]));
    assert!(
        readme[i..].lines().nth(1) == printed.lines().next(),
        "{printed}"
    );
}
