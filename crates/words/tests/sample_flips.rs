//! The flips and near-bound warnings of every sample in data/samples.ron, in Chinese and
//! English, pinned in `tests/pinned/sample_flips.{zh,en}.txt` (read and checked by hand when
//! written). A change to the rules, the data or the words that moves a flip shows here.
//! `PIN_SAMPLE_FLIPS=1 cargo test -p delegation-words --test sample_flips` rewrites them.

use delegation_law::applications::ApplicationsFile;
use delegation_law::calendar::Calendar;
use delegation_law::router::Warning;
use delegation_session::Session;
use delegation_words::Lang;
use delegation_words::prelude::*;

const SAMPLES: &str = include_str!("../../../data/samples.ron");

fn listing(lang: Lang) -> String {
    let batch = ApplicationsFile::parse(SAMPLES).unwrap();
    let decisions = Session::in_memory(Calendar::embedded().clone()).route_batch(&batch);
    let mut out = String::new();
    for d in &decisions {
        out.push_str(&format!("{:?} {}\n", d.id, d.outcome.code()));
        for line in delegation_words::flips::flip_lines(lang, d) {
            out.push_str(&format!("  → {line}\n"));
        }
        for w in &d.warnings {
            if matches!(w, Warning::NearBound { .. }) {
                out.push_str(&format!("  ⚠ {}\n", w.text(lang)));
            }
        }
    }
    out
}

fn pinned(lang: Lang, file: &str) {
    let path = format!("{}/tests/pinned/{file}", env!("CARGO_MANIFEST_DIR"));
    let now = listing(lang);
    if std::env::var_os("PIN_SAMPLE_FLIPS").is_some() {
        std::fs::write(&path, &now).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap();
    assert!(
        now == want,
        "the samples' flips differ from {path}:\n{}",
        diff(&want, &now)
    );
}

fn diff(want: &str, now: &str) -> String {
    want.lines()
        .zip(now.lines())
        .filter(|(a, b)| a != b)
        .take(10)
        .map(|(a, b)| format!("- {a}\n+ {b}\n"))
        .collect::<String>()
        + &format!(
            "({} lines pinned, {} now)",
            want.lines().count(),
            now.lines().count()
        )
}

#[test]
fn the_samples_flips_in_chinese() {
    pinned(Lang::Zh, "sample_flips.zh.txt");
}

#[test]
fn the_samples_flips_in_english() {
    pinned(Lang::En, "sample_flips.en.txt");
}

#[test]
fn the_written_flips_are_the_lines_joined() {
    // `route` writes each row's flips straight into its line; the app shows them as lines.
    let batch = ApplicationsFile::parse(SAMPLES).unwrap();
    let decisions = Session::in_memory(Calendar::embedded().clone()).route_batch(&batch);
    for lang in [Lang::Zh, Lang::En] {
        for d in &decisions {
            let mut written = String::from("x");
            delegation_words::flips::write_flip_lines(lang, d, &mut written);
            let lines = delegation_words::flips::flip_lines(lang, d).join(lang.semicolon());
            assert_eq!(written, format!("x{lines}"), "{}", d.id);
        }
    }
}
