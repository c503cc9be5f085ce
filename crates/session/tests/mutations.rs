//! Mutated files fed to every reader: none may panic, each answer is the data or an error of
//! a known kind that names the file (and, from a parser, a position). Bounded: a few hundred
//! cases a reader, a few seconds in all.

use delegation_law::error::DataProblem;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use delegation_files::error::{FileError, Problem};
use delegation_law::calendar::Calendar;
use delegation_law::catalogue::Catalogue;
use delegation_law::records::{HandoverState, Records};
use delegation_session::Session;
use delegation_store::holidays;
use delegation_store::{ReadOnly, Store};
use proptest::prelude::*;

const CASES: u32 = 192;

static TRIED: AtomicUsize = AtomicUsize::new(0);
static REFUSED: AtomicUsize = AtomicUsize::new(0);

const TOKENS: &[&str] = &[
    "handovr",
    "itemz",
    "13:",
    "0:",
    "10: \"2024-06-20\",",
    "\u{0}",
    "39.99999999999999999",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    "\"",
    "-",
    "1e400",
    "\n",
    "\u{feff}",
    "$schema",
    "\\u{1b}",
    "version: 2,",
    "format: \"x\",",
    "isOffDay",
    "春节",
    "null",
    "true",
    ":",
    "//",
    "/*",
];

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, usize),
    Bytes(usize, Vec<u8>),
    Duplicate(usize, usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(a, n)| Edit::Delete(a, n)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(a, t)| Edit::Insert(a, t)),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..6))
            .prop_map(|(a, b)| Edit::Bytes(a, b)),
        (any::<usize>(), 1usize..200).prop_map(|(a, n)| Edit::Duplicate(a, n)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn mutate(base: &str, edits: &[Edit]) -> Vec<u8> {
    let mut b = base.as_bytes().to_vec();
    for e in edits {
        let len = b.len().max(1);
        match e {
            Edit::Delete(a, n) => {
                let a = a % len;
                let end = (a + n).min(b.len());
                if a < end {
                    b.drain(a..end);
                }
            }
            Edit::Insert(a, t) => {
                let a = (a % len).min(b.len());
                b.splice(a..a, TOKENS[*t].bytes());
            }
            Edit::Bytes(a, bytes) => {
                let a = (a % len).min(b.len());
                b.splice(a..a, bytes.iter().copied());
            }
            Edit::Duplicate(a, n) => {
                let a = (a % len).min(b.len());
                let end = (a + n).min(b.len());
                let slice = b[a..end].to_vec();
                b.splice(end..end, slice);
            }
            Edit::Truncate(a) => b.truncate(a % len),
        }
    }
    b
}

fn check(e: &FileError, file: &Path) {
    assert_eq!(
        e.file,
        file.display().to_string(),
        "the error names the file"
    );
    let positioned = matches!(
        e.problem,
        Problem::Data(DataProblem::Syntax(_))
            | Problem::Data(DataProblem::WrongKind(_))
            | Problem::Data(DataProblem::UnknownField { .. })
            | Problem::Data(DataProblem::DuplicateKey(_))
            | Problem::Data(DataProblem::ItemOutOfRange { .. })
            | Problem::Data(DataProblem::TooManyDecimals { .. })
    );
    if positioned
        && !matches!(
            e.problem,
            Problem::Data(DataProblem::WrongKind(_)) | Problem::Data(DataProblem::Syntax(_))
        )
    {
        assert!(e.line > 0, "{e}");
    }
    REFUSED.fetch_add(1, Ordering::Relaxed);
}

fn samples() -> &'static str {
    include_str!("../../../data/samples.ron")
}

fn records_text() -> String {
    let mut r = Records::for_catalogue(Catalogue::embedded());
    let rec = r.items.get_mut(&10).unwrap();
    rec.state = HandoverState::HandedOver;
    rec.handover_date = chrono::NaiveDate::from_ymd_opt(2024, 6, 20);
    rec.notes = "第10项".into();
    r.to_ron()
}

fn holiday_json() -> &'static str {
    include_str!("../../../tests/reference/holiday-cn/2024.json")
}

fn override_text() -> String {
    let years: Vec<_> = Calendar::embedded().years().cloned().collect();
    Calendar::to_ron(&years)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn applications_files(edits in proptest::collection::vec(edit(), 1..5)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("apps.ron");
        std::fs::write(&path, mutate(samples(), &edits)).unwrap();
        TRIED.fetch_add(1, Ordering::Relaxed);
        if let Err(e) = delegation_files::applications::load(&path) {
            check(&e, &path);
        }
    }

    #[test]
    fn records_files(edits in proptest::collection::vec(edit(), 1..5)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.ron");
        std::fs::write(&path, mutate(&records_text(), &edits)).unwrap();
        TRIED.fetch_add(1, Ordering::Relaxed);
        match Store::read_import(&path, delegation_law::catalogue::Catalogue::embedded(), chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()) {
            Ok(r) => {
                let again = Records::parse(&r.to_ron()).unwrap();
                prop_assert_eq!(again, r);
            }
            Err(e) => check(&e, &path),
        }
        // and as the store's own file: never a panic, a bad file read-only
        TRIED.fetch_add(1, Ordering::Relaxed);
        let store = Store::open(dir.path(), Catalogue::embedded()).unwrap();
        if let Some(ReadOnly::Unusable(e)) = store.read_only() {
            check(e, &path);
        }
    }

    #[test]
    fn holiday_cn_files(edits in proptest::collection::vec(edit(), 1..5)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2024.json");
        std::fs::write(&path, mutate(holiday_json(), &edits)).unwrap();
        TRIED.fetch_add(1, Ordering::Relaxed);
        let mut session = Session::in_memory(Calendar::embedded().clone());
        if let Err(delegation_session::Error::File(e)) = session.import_holidays(&path) {
            check(&e, &path);
        }
    }

    #[test]
    fn holiday_override_files(edits in proptest::collection::vec(edit(), 1..5)) {
        let dir = tempfile::tempdir().unwrap();
        let path = holidays::override_path(dir.path());
        std::fs::write(&path, mutate(&override_text(), &edits)).unwrap();
        TRIED.fetch_add(1, Ordering::Relaxed);
        if let Err(e) = holidays::load_overrides(dir.path()) {
            check(&e, &path);
        }
    }
}

/// Runs last by name in a single-threaded run; in a parallel one it reports what ran so far.
#[test]
fn zz_counts() {
    eprintln!(
        "mutated inputs tried: {} (records twice: imported and opened by the store), refused with an error: {}, accepted: {}, panics: 0",
        TRIED.load(Ordering::Relaxed),
        REFUSED.load(Ordering::Relaxed),
        TRIED.load(Ordering::Relaxed) - REFUSED.load(Ordering::Relaxed)
    );
}
