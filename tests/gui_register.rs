//! The batch screen opens registers kept in .xlsx and .csv, with unreadable rows as INVALID.

use chrono::NaiveDate;
use delegation_core::router::Outcome;
use delegation_tracker::gui::app::ScreenId;
use delegation_tracker::gui::dialog::Pick;
use delegation_tracker::gui::{App, Boot, Message};
use delegation_words::Lang;

mod gui_common;
use gui_common::ui;

#[test]
fn the_batch_screen_opens_a_csv_register_and_shows_a_bad_row_as_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(Boot {
        data_dir: Some(dir.path().to_path_buf()),
        ..Boot::fixed(NaiveDate::from_ymd_opt(2024, 7, 1).unwrap())
    });
    let _ = app.update(Message::Nav(ScreenId::Batch));
    assert_eq!(Pick::OpenBatch.extensions(), ["ron", "xlsx", "csv"]);
    let csv = dir.path().join("登记.csv");
    std::fs::write(
        &csv,
        "办件编号,事项序号,收件日期,是否在开发区内\r\nA-1,1,2024/7/1,是\r\nA-2,2,七月一日,是\r\n",
    )
    .unwrap();
    app.picked(Pick::OpenBatch, csv);
    assert_eq!(app.batch.error, None);
    let table = app.batch.table(Lang::Zh).unwrap();
    // A-1 routes; A-2 could not be read, so it is INVALID in the table and listed with its cell.
    let outcomes: Vec<Outcome> = app.batch.decisions.iter().map(|d| d.outcome).collect();
    assert_eq!(outcomes, [Outcome::Committee]);
    let bad = app.batch.bad_rows(Lang::Zh);
    assert_eq!(bad.len(), 1);
    assert!(
        bad[0].starts_with("登记.csv!C3 收件日期：不是日期 '七月一日'"),
        "{bad:?}"
    );
    assert!(
        ui(&app)
            .find("以下各行无法读取，按申请信息无效（INVALID）处理：")
            .is_ok(),
        "the screen lists the unreadable rows"
    );
    let col = |h: &str| table.header.iter().position(|x| x == h).unwrap();
    assert_eq!(table.rows[1][0], "A-2");
    assert_eq!(table.rows[1][col("结论代码")], "INVALID");
    assert!(
        table.rows[1][col("判断")].starts_with("登记.csv!C3 收件日期：不是日期 '七月一日'"),
        "{:?}",
        table.rows[1]
    );
    // The template opens too.
    let t = dir.path().join("t.xlsx");
    delegation_core::register::write_template(
        &t,
        &delegation_words::report::template_text(delegation_words::Lang::Zh),
    )
    .unwrap();
    app.picked(Pick::OpenBatch, t);
    assert_eq!(app.batch.table(Lang::Zh).unwrap().rows.len(), 4);
    assert!(app.batch.bad_rows(Lang::Zh).is_empty());
}
