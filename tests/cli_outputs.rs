//! Issue 15: nothing a clerk keeps is replaced without asking. The command line's outputs
//! (`route --out`, `--slips`, `template`, `report`, `records export`) never replace a file
//! without `--force`, never an input even with it, never a link, a folder or a device; a
//! replaced file keeps its permissions; slips with long ids and slips that cannot be written
//! do not stop the others; concurrent holiday imports keep every year; stale temporaries
//! are removed; the files are whole whatever happens to stdout.

mod cli_common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime};

use cli_common::{stderr, stdout};

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/samples.ron");

fn bin(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_delegation-tracker"));
    c.env("DELEGATION_TRACKER_DATA_DIR", data);
    c
}

/// Runs in `cwd` with the data directory `data`.
fn run_at(data: &Path, cwd: &Path, args: &[&str]) -> Output {
    bin(data)
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// A folder with a data directory and a filled register (the template's examples).
struct Desk {
    root: tempfile::TempDir,
}

impl Desk {
    fn new() -> Desk {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir(root.path().join("data")).unwrap();
        Desk { root }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }
    fn data(&self) -> PathBuf {
        self.path("data")
    }
    fn run(&self, args: &[&str]) -> Output {
        run_at(&self.data(), self.root.path(), args)
    }
    /// `reg.xlsx`: the template, which routes (one example per kind of item).
    fn register(&self) -> PathBuf {
        let reg = self.path("reg.xlsx");
        let o = self.run(&["template", p(&reg)]);
        assert!(o.status.success(), "{}", stderr(&o));
        reg
    }
}

#[test]
fn route_never_writes_its_register_over_whatever_the_spelling_and_even_with_force() {
    let desk = Desk::new();
    let reg = desk.register();
    let before = fs::read(&reg).unwrap();
    let first = desk.run(&["route", p(&reg)]);
    fs::hard_link(&reg, desk.path("same.xlsx")).unwrap();
    for (out, force) in [
        ("reg.xlsx", false),
        ("reg.xlsx", true),
        ("./reg.xlsx", true),
        (p(&reg), true),
        ("same.xlsx", true),
    ] {
        let mut args = vec!["route", "reg.xlsx", "--out", out];
        if force {
            args.push("--force");
        }
        let o = desk.run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("本命令读取的文件"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(stdout(&o).is_empty(), "nothing routed before the refusal");
        assert_eq!(fs::read(&reg).unwrap(), before, "{args:?}");
    }
    // Routing the register again gives the same answers.
    assert_eq!(desk.run(&["route", p(&reg)]).stdout, first.stdout);
    let en = desk.run(&["route", "reg.xlsx", "--out", "./reg.xlsx", "--lang", "en"]);
    assert!(
        stderr(&en).contains("the command reads: it is never written over"),
        "{}",
        stderr(&en)
    );
}

#[test]
fn an_existing_file_is_replaced_only_with_force_and_keeps_its_permissions() {
    let desk = Desk::new();
    let reg = desk.register();
    let keep = desk.path("keep.xlsx");
    let csv = desk.path("report.csv");
    let records = desk.path("records.ron");
    let cases: [(&Path, Vec<&str>); 4] = [
        (&keep, vec!["template", p(&keep)]),
        (&csv, vec!["report", p(&csv)]),
        (&csv, vec!["route", p(&reg), "--out", p(&csv)]),
        (&records, vec!["records", "export", p(&records)]),
    ];
    for (file, args) in cases {
        fs::write(file, "a clerk's own file").unwrap();
        fs::set_permissions(file, fs::Permissions::from_mode(0o600)).unwrap();
        let o = desk.run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(p(file)) && err.contains("文件已存在，未覆盖"),
            "{err}"
        );
        assert!(err.contains("--force"), "{err}");
        assert_eq!(fs::read_to_string(file).unwrap(), "a clerk's own file");

        let mut forced = args.clone();
        forced.push("--force");
        let o = desk.run(&forced);
        assert!(o.status.success(), "{forced:?}: {}", stderr(&o));
        assert_ne!(
            fs::read_to_string(file).ok().as_deref(),
            Some("a clerk's own file")
        );
        assert_eq!(mode(file), 0o600, "{forced:?}: the permissions are kept");
    }
    // A new file is written as before, without --force.
    let o = desk.run(&["template", p(&desk.path("new.xlsx"))]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_link_a_folder_a_fifo_or_a_device_at_the_target_is_refused_by_name_even_with_force() {
    let desk = Desk::new();
    let reg = desk.register();
    let precious = desk.path("precious.csv");
    fs::write(&precious, "kept").unwrap();
    let link = desk.path("link.csv");
    std::os::unix::fs::symlink(&precious, &link).unwrap();
    let dangling = desk.path("dangling.xlsx");
    std::os::unix::fs::symlink(desk.path("nowhere.xlsx"), &dangling).unwrap();
    let folder = desk.path("folder.xlsx");
    fs::create_dir(&folder).unwrap();
    let fifo = desk.path("fifo.csv");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let cases: Vec<(&Path, Vec<&str>, &str)> = vec![
        (&link, vec!["report", p(&link)], "符号链接"),
        (&link, vec!["route", p(&reg), "--out", p(&link)], "符号链接"),
        (&dangling, vec!["template", p(&dangling)], "符号链接"),
        (&folder, vec!["template", p(&folder)], "文件夹"),
        (&fifo, vec!["report", p(&fifo)], "命名管道"),
    ];
    for (file, mut args, what) in cases {
        args.push("--force");
        let o = desk.run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(p(file)) && err.contains(what),
            "{args:?}: {err}"
        );
        assert!(
            fs::symlink_metadata(file).is_ok(),
            "{file:?} is still there"
        );
    }
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        !desk.path("nowhere.xlsx").exists(),
        "nothing written through the link"
    );
    assert_eq!(fs::read_to_string(&precious).unwrap(), "kept");
    assert!(folder.is_dir());
    // A device node (made where the tests may: as root).
    let dev = desk.path("device.ron");
    if Command::new("mknod")
        .arg(&dev)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success())
    {
        let o = desk.run(&["records", "export", p(&dev), "--force"]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("设备"), "{}", stderr(&o));
        use std::os::unix::fs::FileTypeExt;
        assert!(
            fs::symlink_metadata(&dev)
                .unwrap()
                .file_type()
                .is_char_device()
        );
    } else {
        eprintln!("mknod not permitted here: the device case is not run");
    }
}

#[test]
fn records_export_never_writes_over_the_records_it_exports() {
    let desk = Desk::new();
    let out = desk.path("a.ron");
    assert!(desk.run(&["records", "export", p(&out)]).status.success());
    assert!(desk.run(&["records", "import", p(&out)]).status.success());
    let records = desk.data().join("records.ron");
    let before = fs::read(&records).unwrap();
    for spelled in [p(&records).to_string(), "./data/records.ron".to_string()] {
        let o = desk.run(&["records", "export", &spelled, "--force"]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("本程序自己的文件"), "{}", stderr(&o));
    }
    assert_eq!(fs::read(&records).unwrap(), before);
}

/// Issue 30, finding 4: `records export DATA/records.lock --force` replaced the lock, and
/// `records export DATA/holidays-override.ron` (not there yet) was written, refusing every
/// later `holidays import`. No output goes to any of the program's own places, there or not.
#[test]
fn no_output_goes_to_the_programs_own_files_there_or_not() {
    let desk = Desk::new();
    assert!(desk.run(&["records", "path"]).status.success());
    let data = desk.data();
    fs::create_dir_all(&data).unwrap();
    fs::write(data.join("records.lock"), b"").unwrap();
    for name in [
        "records.lock",
        "holidays.lock",
        "holidays-override.ron",
        "records.ron.3",
        "cases.sqlite",
        "cases.sqlite-wal",
    ] {
        let target = data.join(name);
        let before = fs::read(&target).ok();
        // (`report` and `route --out` take only .pdf, .xlsx and .csv names, none of them ours.)
        for args in [
            vec!["records", "export", p(&target), "--force"],
            vec!["records", "export", p(&target)],
        ] {
            let o = desk.run(&args);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert!(
                stderr(&o).contains("本程序自己的文件"),
                "{args:?}: {}",
                stderr(&o)
            );
            assert_eq!(fs::read(&target).ok(), before, "{args:?}");
        }
        let o = desk.run(&["records", "export", p(&target), "--lang", "en"]);
        assert!(
            stderr(&o).contains("the program's own file"),
            "{}",
            stderr(&o)
        );
    }
    // And a holiday year still imports afterwards.
    let year = format!(
        "{}/../shared/reference/holiday-cn/2026.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let o = desk.run(&["holidays", "import", &year]);
    assert!(o.status.success(), "{}", stderr(&o));
}

fn slips_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn slips_with_ids_of_any_length_are_all_written_within_the_systems_255_bytes() {
    let desk = Desk::new();
    let long = "增".repeat(90); // 270 bytes: over the system's limit on a file name
    let apps = desk.path("long.ron");
    fs::write(
        &apps,
        format!(
            r#"(applications: [
                (id: "{long}", item: 2, received: "2024-07-01", in_zone: true, facts: General),
                (id: "{long}", item: 2, received: "2024-07-01", in_zone: true, facts: General),
                (id: "W-1", item: 2, received: "2024-07-01", in_zone: true, facts: General),
            ])"#
        ),
    )
    .unwrap();
    let slips = desk.path("slips");
    let o = desk.run(&["route", p(&apps), "--slips", p(&slips)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let names = slips_in(&slips);
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.contains(&"分派决定单-W-1.pdf".to_string()));
    for n in &names {
        assert!(n.len() <= 255, "{} bytes", n.len());
        assert!(n.ends_with(".pdf"));
    }
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("分派决定单-增增") && n.ends_with("-2.pdf"))
    );
}

#[test]
fn an_existing_slip_is_named_and_kept_the_others_are_written_and_the_exit_code_says_so() {
    let desk = Desk::new();
    let slips = desk.path("slips");
    fs::create_dir(&slips).unwrap();
    let mine = slips.join("分派决定单-L-01.pdf");
    fs::write(&mine, "signed copy").unwrap();
    fs::set_permissions(&mine, fs::Permissions::from_mode(0o640)).unwrap();
    let o = desk.run(&["route", SAMPLES, "--slips", p(&slips)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(p(&mine)) && err.contains("文件已存在"),
        "{err}"
    );
    assert!(err.contains("58份决定单中有1份未能写入"), "{err}");
    assert_eq!(fs::read_to_string(&mine).unwrap(), "signed copy");
    assert_eq!(slips_in(&slips).len(), 58);
    assert!(stdout(&o).lines().count() == 58, "stdout is whole");

    let o = desk.run(&["route", SAMPLES, "--slips", p(&slips), "--force"]);
    assert_eq!(o.status.code(), Some(1), "INVALID samples: {}", stderr(&o));
    assert!(fs::read(&mine).unwrap().starts_with(b"%PDF"));
    assert_eq!(mode(&mine), 0o640);
}

#[test]
fn slips_pointed_at_a_file_a_dangling_link_or_a_device_are_refused_naming_it() {
    let desk = Desk::new();
    let file = desk.path("file");
    fs::write(&file, "x").unwrap();
    let dangling = desk.path("dangling");
    std::os::unix::fs::symlink(desk.path("gone"), &dangling).unwrap();
    for (dir, what) in [
        (p(&file), "普通文件，不是文件夹"),
        (p(&dangling), "指向不存在位置的符号链接"),
        ("/dev/full", "设备，不是文件夹"),
    ] {
        let o = desk.run(&["route", SAMPLES, "--slips", dir]);
        assert_eq!(o.status.code(), Some(2), "{dir}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(dir) && err.contains(what), "{dir}: {err}");
        assert!(!err.contains("os error 17"), "{err}");
        assert!(stdout(&o).is_empty());
    }
    let o = desk.run(&["route", SAMPLES, "--slips", p(&file), "--lang", "en"]);
    assert!(stderr(&o).contains("not a folder"), "{}", stderr(&o));
    // A missing folder is made, parents included.
    let deep = desk.path("a/b/slips");
    let o = desk.run(&["route", SAMPLES, "--slips", p(&deep)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(slips_in(&deep).len(), 58);
}

#[test]
fn out_and_slips_are_whole_when_stdout_is_closed() {
    let desk = Desk::new();
    let out = desk.path("out.csv");
    let slips = desk.path("slips");
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader); // `| head` that has already gone
    let o = bin(&desk.data())
        .args(["route", SAMPLES, "--out", p(&out), "--slips", p(&slips)])
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("输出不完整"), "{}", stderr(&o));
    let table = fs::read_to_string(&out).expect("--out is written");
    for id in ["L-01", "T-08", "W-05"] {
        assert!(table.contains(id), "{id}");
    }
    assert_eq!(slips_in(&slips).len(), 58);
}

fn holiday_year(year: i32) -> String {
    let days = [
        ("元旦", "01-01"),
        ("春节", "02-10"),
        ("清明节", "04-05"),
        ("劳动节", "05-01"),
        ("端午节", "06-10"),
        ("中秋节", "09-20"),
        ("国庆节", "10-01"),
    ]
    .iter()
    .map(|(name, md)| format!(r#"{{"name": "{name}", "date": "{year}-{md}", "isOffDay": true}}"#))
    .collect::<Vec<_>>()
    .join(", ");
    format!(r#"{{"year": {year}, "papers": ["test {year}"], "days": [{days}]}}"#)
}

fn imported_years(data: &Path) -> Vec<String> {
    let o = bin(data)
        .args(["holidays", "list", "--lang", "en"])
        .output()
        .unwrap();
    stdout(&o)
        .lines()
        .filter(|l| l.contains("\timported\t"))
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect()
}

#[test]
fn concurrent_holiday_imports_keep_every_year() {
    let desk = Desk::new();
    let years = [2052, 2053, 2054];
    let files: Vec<PathBuf> = years
        .iter()
        .map(|y| {
            let f = desk.path(&format!("{y}.json"));
            fs::write(&f, holiday_year(*y)).unwrap();
            f
        })
        .collect();
    for round in 0..8 {
        let _ = fs::remove_file(desk.data().join("holidays-override.ron"));
        let children: Vec<_> = files
            .iter()
            .map(|f| {
                bin(&desk.data())
                    .args(["holidays", "import", p(f)])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().unwrap();
            assert!(o.status.success(), "round {round}: {}", stderr(&o));
        }
        assert_eq!(
            imported_years(&desk.data()),
            ["2052", "2053", "2054"],
            "round {round}"
        );
    }
}

#[test]
fn a_holiday_import_while_the_app_holds_the_records_is_refused_with_the_reason() {
    let desk = Desk::new();
    let file = desk.path("2052.json");
    fs::write(&file, holiday_year(2052)).unwrap();
    // The app's lock, as a running app holds it.
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(desk.data().join("records.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let o = desk.run(&["holidays", "import", p(&file)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("（一个窗口，或一条仍在运行的命令）占用着交接记录（records.lock）")
            && err.contains("未导入"),
        "{err}"
    );
    assert!(imported_years(&desk.data()).is_empty());
    drop(lock);
    let o = desk.run(&["holidays", "import", p(&file)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(imported_years(&desk.data()), ["2052"]);
}

#[test]
fn a_later_write_removes_its_stale_temporaries_and_no_one_elses() {
    let desk = Desk::new();
    let out_dir = desk.path("out");
    fs::create_dir(&out_dir).unwrap();
    let stale = out_dir.join(".out.csv.delegation-tracker-AbC123.tmp");
    let fresh = out_dir.join(".out.csv.delegation-tracker-XyZ789.tmp");
    let other = out_dir.join(".notes.txt.AbC123.tmp");
    // Issue 30: a file of someone else's that carries the mark, named after no output of this
    // write, was removed too.
    let marked = out_dir.join(".mythesis.docx.delegation-tracker-ZZZZZZ.tmp");
    for f in [&stale, &fresh, &other, &marked] {
        fs::write(f, "half a file").unwrap();
    }
    let two_hours_ago = SystemTime::now() - Duration::from_secs(2 * 3600);
    for f in [&stale, &other, &marked] {
        fs::File::options()
            .write(true)
            .open(f)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
    }
    let o = desk.run(&["route", SAMPLES, "--out", p(&out_dir.join("out.csv"))]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!stale.exists(), "a stale temporary of ours is removed");
    assert!(fresh.exists(), "one a running write may own is kept");
    assert!(other.exists(), "another program's file is kept");
    assert!(marked.exists(), "a marked file of another output is kept");
    // What is left beside the output is only what was there.
    let hidden: Vec<String> = slips_in(&out_dir)
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect();
    assert_eq!(hidden.len(), 3, "{hidden:?}");
}

/// Issue 30 (also seen): a holiday year with all 365 days off was imported, and would have
/// stopped every deadline. A year listing more days off than any arrangement is refused.
#[test]
fn a_holiday_year_of_365_days_off_is_refused() {
    let desk = Desk::new();
    let file = desk.path("2053.json");
    let names = [
        "元旦",
        "春节",
        "清明节",
        "劳动节",
        "端午节",
        "中秋节",
        "国庆节",
    ];
    let start = chrono::NaiveDate::from_ymd_opt(2053, 1, 1).unwrap();
    let days: Vec<String> = start
        .iter_days()
        .take_while(|d| chrono::Datelike::year(d) == 2053)
        .enumerate()
        .map(|(i, d)| {
            format!(
                r#"{{"name": "{}", "date": "{d}", "isOffDay": true}}"#,
                names[i % names.len()]
            )
        })
        .collect();
    fs::write(
        &file,
        format!(
            r#"{{"year": 2053, "papers": ["x"], "days": [{}]}}"#,
            days.join(", ")
        ),
    )
    .unwrap();
    let o = desk.run(&["holidays", "import", p(&file)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2053年列了365天休息日"),
        "{}",
        stderr(&o)
    );
    assert!(imported_years(&desk.data()).is_empty());
    let o = desk.run(&["holidays", "import", p(&file), "--lang", "en"]);
    assert!(stderr(&o).contains("lists 365 days off"), "{}", stderr(&o));
}
