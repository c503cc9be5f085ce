//! Storage that loses nothing: atomic saves, backups, read-only on a bad file or a second instance.

use delegation_law::error::DataProblem;
use std::fs;
use std::io;

use chrono::NaiveDate;
use delegation_files::error::{FileKind, Problem};
use delegation_law::catalogue::Catalogue;
use delegation_law::records::{HandoverState, Records};
use delegation_store::{BACKUPS, ReadOnly, Store};

fn cat() -> &'static Catalogue {
    Catalogue::embedded()
}

fn handed_over(store: &Store, item: u8, day: u32) -> Records {
    let mut r = store.records().clone();
    let rec = r.items.get_mut(&item).unwrap();
    rec.state = HandoverState::HandedOver;
    rec.handover_date = NaiveDate::from_ymd_opt(2024, 6, day);
    r
}

#[test]
fn a_save_interrupted_before_the_rename_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), cat()).unwrap();
    store.save(handed_over(&store, 10, 20)).unwrap();
    let before = fs::read(store.path()).unwrap();
    let next = handed_over(&store, 10, 21);
    let err = store
        .save_with(next, |tmp| {
            assert!(tmp.exists(), "the new version is on disk before the rename");
            Err(io::Error::other("power cut"))
        })
        .unwrap_err();
    let delegation_store::StoreError::Path(err) = err else {
        panic!("{err}")
    };
    assert_eq!(err.os, "power cut");
    assert_eq!(err.path, store.path(), "the error names the file");
    assert_eq!(fs::read(store.path()).unwrap(), before, "old file intact");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left behind");
    drop(store);
    let store = Store::open(dir.path(), cat()).unwrap();
    assert_eq!(
        store.records().handover_dates()[&10],
        NaiveDate::from_ymd_opt(2024, 6, 20).unwrap()
    );
}

#[test]
fn saves_keep_the_last_versions_as_backups() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), cat()).unwrap();
    for day in 1..=8 {
        store.save(handed_over(&store, 10, day)).unwrap();
    }
    let backups = store.backups();
    assert_eq!(backups.len(), BACKUPS);
    assert!(backups.iter().all(|b| b.good));
    // Newest first: .1 holds the version before the current one (day 7).
    let newest = Store::read_import(
        &backups[0].path,
        delegation_law::catalogue::Catalogue::embedded(),
        chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
    )
    .unwrap();
    assert_eq!(
        newest.handover_dates()[&10],
        NaiveDate::from_ymd_opt(2024, 6, 7).unwrap()
    );
}

fn corrupt_store(content: &[u8]) -> (tempfile::TempDir, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path(), cat()).unwrap();
        store.save(handed_over(&store, 10, 20)).unwrap();
        store.save(handed_over(&store, 10, 21)).unwrap();
    }
    fs::write(dir.path().join("records.ron"), content).unwrap();
    (dir, content.to_vec())
}

#[test]
fn a_corrupt_file_is_never_written_over_and_says_where() {
    let cases: [(&str, &[u8]); 5] = [
        ("garbage", b"\x00\x01garbage }}}{{ not ron"),
        ("truncated", b"(format: \"delegation-tracker/records\", version: 1, items: {\n  10: (state: HandedOver, handover_date: Some(\"2024-06-"),
        ("empty", b""),
        ("another format", b"{\"year\": 2027, \"days\": []}"),
        ("an applications file", b"(applications: [])"),
    ];
    for (what, content) in cases {
        let (dir, bytes) = corrupt_store(content);
        let path = dir.path().join("records.ron");
        {
            let mut store = Store::open(dir.path(), cat()).unwrap();
            let why = store.read_only().cloned();
            let Some(ReadOnly::Unusable(e)) = why else {
                panic!("{what}: expected read-only, got {why:?}");
            };
            let msg = e.to_string();
            assert!(
                msg.starts_with(&path.display().to_string()),
                "{what}: {msg}"
            );
            assert_eq!(e.kind, FileKind::Records, "{what}: {msg}");
            assert!(
                matches!(
                    e.problem,
                    Problem::Data(DataProblem::WrongKind(_))
                        | Problem::Data(DataProblem::Empty)
                        | Problem::NotUtf8
                ),
                "{what}: {msg}"
            );
            let attempt = store.save(Records::for_catalogue(cat()));
            assert!(attempt.is_err(), "{what}: a save is refused");
        } // the app "stops"
        assert_eq!(fs::read(&path).unwrap(), bytes, "{what}: byte-identical");
    }
}

#[test]
fn the_newest_good_backup_can_be_restored_and_the_bad_file_is_kept() {
    let (dir, bytes) =
        corrupt_store(b"(format: \"delegation-tracker/records\", version: 1, items: {");
    let mut store = Store::open(dir.path(), cat()).unwrap();
    assert!(store.read_only().is_some());
    assert!(store.has_good_backup());
    let done = store.recover(cat()).unwrap();
    assert_eq!(done.from_backup, Some(dir.path().join("records.ron.1")));
    let aside = done.aside;
    assert_eq!(
        fs::read(&aside).unwrap(),
        bytes,
        "the bad file is moved aside, not lost"
    );
    assert!(store.read_only().is_none());
    assert_eq!(
        store.records().handover_dates()[&10],
        NaiveDate::from_ymd_opt(2024, 6, 20).unwrap(),
        "the newest backup is the version before the last save"
    );
}

#[test]
fn a_second_instance_opens_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = Store::open(dir.path(), cat()).unwrap();
    first.save(handed_over(&first, 1, 13)).unwrap();
    let mut second = Store::open(dir.path(), cat()).unwrap();
    assert_eq!(second.read_only(), Some(&ReadOnly::Locked));
    assert_eq!(
        second.records(),
        first.records(),
        "it still shows the records"
    );
    let before = fs::read(first.path()).unwrap();
    assert!(second.save(Records::for_catalogue(cat())).is_err());
    assert_eq!(fs::read(first.path()).unwrap(), before);
    drop(first);
    drop(second);
    let third = Store::open(dir.path(), cat()).unwrap();
    assert!(
        third.read_only().is_none(),
        "the lock goes with the first instance"
    );
}

/// Issue 31: a notice file joins the data folder only whole and checked; a refused one leaves
/// nothing; the same file twice is kept once; two 文号 that make one file name keep two files;
/// a kept file edited into nonsense is an error naming it, not a silent loss of the notice.
#[test]
fn notices_are_kept_whole_once_and_never_over_one_another() {
    use delegation_store::notices;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let src = |f: &str| format!("{}/../../tests/notices/{f}", env!("CARGO_MANIFEST_DIR"));
    let amendment = fs::read_to_string(src("amendment-2026-test.ron")).unwrap();
    let file = dir.path().join("a.ron");
    // Refused (an unknown notice amended): nothing kept, not even the folder's file.
    fs::write(
        &file,
        amendment.replace(
            "amends: Some(\"穗府规〔2024〕3号\")",
            "amends: Some(\"穗府规〔2099〕1号\")",
        ),
    )
    .unwrap();
    let e = notices::import(&data, &file, None).unwrap_err();
    assert!(format!("{e}").contains(":"), "{e}");
    assert!(notices::kept_files(&data).is_empty());
    // Kept, byte for byte; again: kept once.
    fs::write(&file, &amendment).unwrap();
    let first = notices::import(&data, &file, None).unwrap();
    assert!(!first.already);
    assert_eq!(fs::read_to_string(&first.path).unwrap(), amendment);
    let again = notices::import(&data, &file, None).unwrap();
    assert!(again.already);
    assert_eq!(again.path, first.path);
    assert_eq!(notices::kept_files(&data).len(), 1);
    // Another amendment whose 文号 makes the same file name ("/" and ":" become "_").
    let slash = amendment
        .replace("测试修〔2026〕1号", "测试修〔2026〕1号/")
        .replace("(no: 11, passage: 2)", "(no: 2, passage: 2)");
    let colon = dir.path().join("b.ron");
    fs::write(
        &colon,
        slash.replace("测试修〔2026〕1号/", "测试修〔2026〕1号:"),
    )
    .unwrap();
    fs::write(&file, &slash).unwrap();
    let a = notices::import(&data, &file, None).unwrap();
    let b = notices::import(&data, &colon, None).unwrap();
    assert_ne!(a.path, b.path);
    assert_eq!(notices::kept_files(&data).len(), 3);
    let book = notices::load(&data).unwrap();
    assert_eq!(book.all().len(), 4);
    // A kept file spoiled by hand: the error names it, line and column.
    fs::write(
        &first.path,
        amendment.replace("issued: \"2026-03-02\"", "issued: \"2026-13-02\""),
    )
    .unwrap();
    let e = notices::load(&data).unwrap_err();
    assert_eq!(e.kind, FileKind::Notice);
    assert!(e.file.ends_with(".ron") && e.line > 0, "{e:?}");
}
