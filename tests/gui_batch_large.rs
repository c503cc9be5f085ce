//! The batch screen at a register's real size (issue 20), and file dialogs that take their
//! time.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use delegation_files::register::{examples, register_rows};
use delegation_law::facts::Facts;
use delegation_law::router::Outcome;
use delegation_tracker::gui::app::ScreenId;
use delegation_tracker::gui::dialog::{Asking, DialogSource, Dialogs, Pick};
use delegation_tracker::gui::screen::batch::{self, ROW_HEIGHT, SortKey};
use delegation_tracker::gui::{App, Boot, Message};

mod gui_common;
use gui_common::{interact, interact_scrolled, scroll_table, settle, ui};

/// A .csv register of `n` rows: items 2, 6, 10 and 12 in turn, ids ZC-000001…, and at row
/// `bad` (1-based, among the applications) a 收件日期 no one can read.
fn register(dir: &Path, n: usize, bad: usize) -> PathBuf {
    let kinds = examples();
    let apps = (0..n).map(|i| {
        let mut a = kinds[i % kinds.len()].clone();
        a.id = format!("ZC-{:06}", i + 1);
        if matches!(a.facts, Facts::General) {
            a.item = 2;
        }
        a
    });
    let apps: Vec<_> = apps.collect();
    let mut text = String::with_capacity(n * 60);
    for (i, row) in register_rows(&apps).iter().enumerate() {
        let mut cells: Vec<String> = row.clone();
        if i == bad {
            cells[2] = "七月一日".into();
        }
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    let path = dir.join(format!("register-{n}.csv"));
    std::fs::write(&path, text).unwrap();
    path
}

fn app() -> App {
    App::new(Boot::fixed(NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()))
}

/// How long `f` took, which must be under `limit` (debug build, a shared CI machine: the
/// limits are ten to fifty times what the release build takes, and far below what laying out
/// every row took: 10 s and more a frame at 100,000 rows).
fn within<T>(what: &str, limit: Duration, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    let took = started.elapsed();
    eprintln!("{what}: {took:?}");
    assert!(took < limit, "{what} took {took:?} (limit {limit:?})");
    out
}

#[test]
fn a_register_of_100000_rows_opens_scrolls_filters_and_sorts_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let n = 100_000;
    let path = register(dir.path(), n, 50_000);
    let mut app = app();
    let _ = app.update(Message::Nav(ScreenId::Batch));
    within("open and route", Duration::from_secs(30), || {
        gui_common::pick(&mut app, Pick::OpenBatch, path.clone());
    });
    assert!(app.batch.loading.is_none() && app.batch.error.is_none());
    assert_eq!(app.batch.shown().len(), n);
    assert_eq!(
        app.batch.counts().iter().sum::<usize>(),
        n,
        "the counts add up"
    );
    within("first frame", Duration::from_secs(2), || {
        assert!(ui(&app).find("ZC-000001").is_ok());
    });
    // To the last row with the mouse wheel, and its decision card.
    within("scroll to the end", Duration::from_secs(2), || {
        scroll_table(&mut app, n as f32 * ROW_HEIGHT);
    });
    within("open the last row's card", Duration::from_secs(2), || {
        interact_scrolled(&mut app, n as f32 * ROW_HEIGHT, |ui| {
            ui.click("ZC-100000").map(|_| ())
        });
    });
    assert_eq!(
        app.batch.selected,
        Some(n - 1),
        "the last row's card is open"
    );
    within("the card drawn", Duration::from_secs(2), || {
        let mut u = ui(&app);
        assert!(u.find("分派结论").is_ok());
        assert!(u.find("判断依据").is_ok());
    });
    let _ = app.update(Message::Batch(batch::Message::Close));
    // Only the unreadable row: INVALID in the filter, with its id and cell.
    within("filter to INVALID", Duration::from_secs(2), || {
        let t = app.update(Message::Batch(batch::Message::Filter(Some(
            Outcome::Invalid,
        ))));
        settle(&mut app, t);
        let mut u = ui(&app);
        assert!(u.find("ZC-050000").is_ok());
        assert!(
            u.find("register-100000.csv!C50001 收件日期：不是日期 '七月一日'（可写作2024-07-01、2024/7/1、2024.7.1或2024年7月1日）")
                .is_ok()
        );
    });
    assert_eq!(app.batch.shown().len(), 1);
    // Back to all, sorted by id with a click on its heading: the table is at its top.
    let t = app.update(Message::Batch(batch::Message::Filter(None)));
    settle(&mut app, t);
    within("sort by outcome", Duration::from_secs(3), || {
        interact(&mut app, |ui| ui.click("结论").map(|_| ()));
        assert_eq!(app.batch.sort, SortKey::Outcome);
        assert!(ui(&app).find("ZC-000001").is_ok());
    });
    let shown = app.batch.shown();
    let pos = |i: usize| {
        Outcome::ALL
            .iter()
            .position(|o| Some(*o) == app.batch.outcome_of(i))
    };
    assert!(shown.windows(2).all(|w| pos(w[0]) <= pos(w[1])));
    assert_eq!(
        app.batch.outcome_of(*shown.last().unwrap()),
        Some(Outcome::Invalid)
    );
}

#[test]
fn a_load_reports_progress_and_can_be_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let path = register(dir.path(), 20_000, usize::MAX);
    let mut app = app();
    let _ = app.update(Message::Nav(ScreenId::Batch));
    let task = app.update(Message::Picked(Pick::OpenBatch, Some(path)));
    // Before the worker reports, the screen says it is reading and offers to cancel.
    assert!(app.batch.loading.is_some());
    assert!(ui(&app).find("取消读取").is_ok());
    interact(&mut app, |ui| ui.click("取消读取").map(|_| ()));
    assert!(app.batch.loading.is_none());
    // Whatever the worker still sends is from a cancelled load, and changes nothing.
    settle(&mut app, task);
    assert!(app.batch.register.is_none());
    assert!(ui(&app).find("已取消读取，表格未改变").is_ok());
}

#[test]
fn a_file_over_the_size_cap_says_to_use_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.csv");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(delegation_tracker::gui::screen::batch::load::APP_MAX_BYTES + 1)
        .unwrap();
    let mut app = app();
    let _ = app.update(Message::Nav(ScreenId::Batch));
    gui_common::pick(&mut app, Pick::OpenBatch, path.clone());
    assert!(app.batch.error.is_some());
    let line = format!(
        "文件过大，本程序的窗口无法打开。可在命令行分派并导出结果表：delegation-tracker route \"{}\" --out 分派结果.csv",
        path.display()
    );
    assert!(ui(&app).find(line.as_str()).is_ok());
}

/// A file dialog that answers after `delay`: `answer` is what the clerk chose (`None`:
/// Cancel).
struct SlowDialog {
    delay: Duration,
    answer: Option<PathBuf>,
}

impl Dialogs for SlowDialog {
    fn available(&self) -> bool {
        true
    }

    fn ask(&self, _: Pick, _: String) -> Asking {
        let (delay, answer) = (self.delay, self.answer.clone());
        let (tx, rx) = iced::futures::channel::oneshot::channel();
        std::thread::spawn(move || {
            std::thread::sleep(delay);
            let _ = tx.send(answer);
        });
        Box::pin(async move { rx.await.ok().flatten() })
    }
}

fn app_with(dialog: SlowDialog) -> App {
    App::new(Boot {
        dialogs: DialogSource(Arc::new(dialog)),
        ..Boot::fixed(NaiveDate::from_ymd_opt(2024, 7, 1).unwrap())
    })
}

/// Clicks 打开办件文件… and waits for the dialog as the runtime would.
fn click_open(app: &mut App) -> Duration {
    let messages: Vec<Message> = {
        let mut u = ui(app);
        u.click("打开办件文件…").unwrap();
        u.into_messages().collect()
    };
    let started = Instant::now();
    for m in messages {
        let t = app.update(m);
        settle(app, t);
    }
    started.elapsed()
}

#[test]
fn a_dialog_that_answers_after_a_second_is_waited_for_and_only_its_cancel_cancels() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples.ron");
    // The clerk takes a second and picks a file: it opens.
    let mut app = app_with(SlowDialog {
        delay: Duration::from_secs(1),
        answer: Some(samples),
    });
    let _ = app.update(Message::Nav(ScreenId::Batch));
    let waited = click_open(&mut app);
    assert!(waited >= Duration::from_secs(1), "{waited:?}");
    assert!(
        app.path_prompt.is_none(),
        "a slow dialog is not taken for none"
    );
    assert_eq!(app.batch.shown().len(), 58, "the chosen file is open");
    // The clerk takes a second and cancels: nothing else happens (no path prompt).
    let mut app = app_with(SlowDialog {
        delay: Duration::from_secs(1),
        answer: None,
    });
    let _ = app.update(Message::Nav(ScreenId::Batch));
    click_open(&mut app);
    assert!(app.path_prompt.is_none(), "Cancel is the clerk's Cancel");
    assert!(app.batch.register.is_none());
}

#[test]
fn with_no_dialog_the_click_opens_the_path_prompt_in_the_same_update() {
    let mut app = app();
    let _ = app.update(Message::Nav(ScreenId::Batch));
    let messages: Vec<Message> = {
        let mut u = ui(&app);
        u.click("打开办件文件…").unwrap();
        u.into_messages().collect()
    };
    for m in messages {
        // Not settled: no answer from anywhere is waited for, so keys typed next reach it.
        let _ = app.update(m);
    }
    assert!(app.path_prompt.as_ref().map(|p| p.what) == Some(Pick::OpenBatch));
}

/// Issue 17, finding 4: at 1.6× text on a 1280×800 and a 1024×600 screen the batch screen
/// still shows its table (a whole row in view, not a sliver), every button of its row is whole
/// on screen (the row wraps), and a row's decision card shows its outcome, not only buttons.
#[test]
fn the_batch_screen_keeps_its_table_and_card_in_view_at_large_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = register(dir.path(), 50, usize::MAX);
    for (w, h) in [(1280.0f32, 800.0f32), (1024.0, 600.0)] {
        let mut app = app();
        let _ = app.update(Message::Nav(ScreenId::Batch));
        gui_common::pick(&mut app, Pick::OpenBatch, path.clone());
        let _ = app.update(Message::Scale(1.6));
        let _ = app.update(Message::Resized(iced::Size::new(w / 1.6, h / 1.6)));
        let size = (w / 1.6, h / 1.6);
        {
            let mut ui = iced_test::Simulator::with_size(
                delegation_tracker::gui::settings(),
                size,
                app.view(),
            );
            let row = ui.find("ZC-000001").expect("the first row is laid out");
            let (full, shown) = (row.bounds(), row.visible_bounds());
            assert!(
                shown.is_some_and(|s| s.height >= full.height - 0.5),
                "the first row whole on screen at {w}×{h}: {shown:?} of {full:?}"
            );
            for label in ["打开办件文件…", "登记表各列说明"] {
                let b = ui.find(label).expect(label);
                let (full, shown) = (b.bounds(), b.visible_bounds());
                assert!(
                    shown.is_some_and(|s| s.width >= full.width - 0.5)
                        && full.x + full.width <= size.0,
                    "{label} whole on screen at {w}×{h}: {shown:?} of {full:?}"
                );
            }
        }
        let messages: Vec<Message> = {
            let mut ui = iced_test::Simulator::with_size(
                delegation_tracker::gui::settings(),
                size,
                app.view(),
            );
            ui.click("ZC-000001").expect("the row can be clicked");
            ui.into_messages().collect()
        };
        for m in messages {
            let task = app.update(m);
            settle(&mut app, task);
        }
        let mut ui =
            iced_test::Simulator::with_size(delegation_tracker::gui::settings(), size, app.view());
        let outcome = ui
            .find("由增城开发区管委会审批")
            .expect("the card's outcome");
        assert!(
            outcome.visible_bounds().is_some(),
            "the decision card's outcome is in view at {w}×{h}"
        );
    }
}
