//! Issue 11, the counter experience: outcomes in words, input as a clerk types it, fields
//! that stay where they are, and the keyboard's way through the router.

use chrono::NaiveDate;
use delegation_tracker::gui::app::ScreenId;
use delegation_tracker::gui::screen::router::{FieldId, ITEM_ID};
use delegation_tracker::gui::{App, Boot, Message};
use iced_test::selector::id;

mod gui_common;
use gui_common::{interact, text_containing, ui};

fn app() -> App {
    App::new(Boot::fixed(NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()))
}

fn type_into(app: &mut App, field: &'static str, s: &str) {
    interact(app, |ui| {
        ui.click(id(field))?;
        let _ = ui.typewrite(s);
        Ok(())
    });
}

fn water(app: &mut App, volume: &str) {
    app.router.choose(10);
    let _ = app.update(Message::Nav(ScreenId::Router));
    app.router.volume.clear();
    type_into(app, FieldId::Volume.widget_id(), volume);
}

#[test]
fn the_router_headline_is_in_words_and_the_code_only_in_a_tooltip() {
    let mut app = app();
    water(&mut app, "80000");
    let mut ui = ui(&app);
    assert!(ui.find("由增城开发区管委会审批").is_ok());
    assert!(ui.find("由增城开发区管委会审批（COMMITTEE）").is_err());
    assert!(
        ui.find("COMMITTEE").is_err(),
        "the code shows on hover only"
    );
}

#[test]
fn full_width_digits_and_thousands_separators_are_taken() {
    let mut app = app();
    water(&mut app, "８０，０００");
    assert!(ui(&app).find("由增城开发区管委会审批").is_ok());
    water(&mut app, "50,000");
    assert!(ui(&app).find("由增城开发区管委会审批").is_ok());
}

#[test]
fn a_twenty_digit_number_is_called_too_large() {
    let mut app = app();
    water(&mut app, "99999999999999999999");
    let mut ui = ui(&app);
    assert!(ui.find("数值过大，请核对").is_ok());
    assert!(ui.find("请输入正整数（只含数字）").is_err());
}

#[test]
fn the_diameter_takes_two_decimals_above_zero_and_no_exponent() {
    let mut app = app();
    app.router.choose(12);
    let _ = app.update(Message::Nav(ScreenId::Router));
    type_into(&mut app, FieldId::Count.widget_id(), "25");
    for (typed, says) in [
        ("4e1", "请输入大于 0 的数，最多两位小数，例如 30.5"),
        ("0", "须大于 0"),
        ("30.555", "请输入大于 0 的数，最多两位小数，例如 30.5"),
        ("99999999999999999999", "数值过大，请核对"),
    ] {
        app.router.dbh.clear();
        type_into(&mut app, FieldId::Dbh.widget_id(), typed);
        assert!(ui(&app).find(says).is_ok(), "{typed}");
        assert!(ui(&app).find("分派结论").is_err(), "{typed}");
    }
    app.router.dbh.clear();
    type_into(&mut app, FieldId::Dbh.widget_id(), "３０．５");
    assert!(ui(&app).find("分派结论").is_ok());
}

#[test]
fn an_error_line_does_not_move_the_fields_below() {
    let mut app = app();
    app.router.choose(12);
    let _ = app.update(Message::Nav(ScreenId::Router));
    let before = ui(&app)
        .find(id(FieldId::Dbh.widget_id()))
        .unwrap()
        .bounds();
    type_into(&mut app, FieldId::Count.widget_id(), "25");
    let valid = ui(&app)
        .find(id(FieldId::Dbh.widget_id()))
        .unwrap()
        .bounds();
    type_into(&mut app, FieldId::Count.widget_id(), "x");
    assert!(ui(&app).find("请输入正整数（只含数字）").is_ok());
    let wrong = ui(&app)
        .find(id(FieldId::Dbh.widget_id()))
        .unwrap()
        .bounds();
    assert_eq!(before, valid);
    assert_eq!(valid, wrong);
}

#[test]
fn an_empty_id_is_a_case_not_numbered_yet_and_an_empty_date_is_still_needed() {
    // The case number is the clerk's own: the form starts without one, and leaving it empty
    // is no error (the slip says 未编号); an empty date still is.
    let mut app = app();
    app.router.choose(2);
    assert_eq!(app.router.id, "", "no number made up for the clerk");
    app.router.received.clear();
    let _ = app.update(Message::Nav(ScreenId::Router));
    let errors = app
        .router
        .application(delegation_law::facts::FactsKind::General)
        .unwrap_err();
    let of = |f| errors.iter().find(|(x, _)| *x == f).map(|(_, e)| *e);
    assert_eq!(of(FieldId::Id), None);
    assert_eq!(
        of(FieldId::Received),
        Some(delegation_words::ui::L::ErrEmpty)
    );
    assert!(ui(&app).find("填写完各项后显示分派结论。").is_ok());
    // The empty number's box says what the slip will say.
    assert!(ui(&app).find("可留空：决定单上写“未编号”").is_ok());
    // With the date, the unnumbered case is routed like any other.
    app.router.received = "2024-07-01".into();
    let app_ = app
        .router
        .application(delegation_law::facts::FactsKind::General);
    assert_eq!(app_.unwrap().id, "");
    let d = app.router.decision(&app.ctx()).unwrap();
    assert_ne!(d.outcome, delegation_law::router::Outcome::Invalid);
    assert_eq!(d.id, "");
}

#[test]
fn not_delegated_says_what_happens_instead_of_a_dash() {
    let mut app = app();
    water(&mut app, "150000");
    let mut ui = ui(&app);
    assert!(ui.find("不属于本通告调整范围").is_ok());
    assert!(
        ui.find("本通告不调整此件：按原有的事权划分办理，不由增城开发区管委会审批。")
            .is_ok()
    );
}

#[test]
fn copying_says_it_copied() {
    let mut app = app();
    water(&mut app, "80000");
    assert!(ui(&app).find("已复制").is_err());
    interact(&mut app, |ui| ui.click("复制结论").map(|_| ()));
    assert!(ui(&app).find("已复制").is_ok());
    // Changing the form takes the sign away: the clipboard holds the old decision.
    type_into(&mut app, FieldId::Volume.widget_id(), "0");
    assert!(ui(&app).find("已复制").is_err());
}

#[test]
fn the_router_works_from_the_keyboard() {
    let mut app = app();
    let _ = app.update(Message::Nav(ScreenId::Router));
    // The item by its number, typed.
    type_into(&mut app, ITEM_ID, "10");
    assert_eq!(app.router.item, Some(10));
    type_into(&mut app, FieldId::Volume.widget_id(), "80000");
    assert!(ui(&app).find("由增城开发区管委会审批").is_ok());
    // Enter in a field copies the decision.
    interact(&mut app, |ui| {
        ui.click(id(FieldId::Volume.widget_id()))?;
        let _ = ui.tap_key(iced::keyboard::key::Named::Enter);
        Ok(())
    });
    assert!(app.router.copied);
    // The focused field wears a ring the unfocused one does not.
    use delegation_tracker::gui::style::field_input;
    use iced::widget::text_input::Status;
    for theme in [iced::Theme::Light, iced::Theme::Dark] {
        let idle = field_input(&theme, Status::Active, false);
        let focused = field_input(&theme, Status::Focused { is_hovered: false }, false);
        assert!(focused.border.width >= 2.0);
        assert_ne!(idle.border.color, focused.border.color);
    }
}

#[test]
fn working_days_may_be_negative_and_the_error_says_so() {
    let mut app = app();
    let _ = app.update(Message::Nav(ScreenId::Workdays));
    app.workdays.n = "-５".into();
    assert!(
        ui(&app)
            .find("请输入整数（可为负数），例如 30 或 -5")
            .is_err()
    );
    app.workdays.n = "x".into();
    let mut ui = ui(&app);
    assert!(ui.find("请输入整数（可为负数），例如 30 或 -5").is_ok());
    assert!(ui.find("请输入正整数（只含数字）").is_err());
}

#[test]
fn the_calendar_title_has_no_leading_zero() {
    let mut app = App::new(Boot::fixed(NaiveDate::from_ymd_opt(2027, 1, 5).unwrap()));
    let _ = app.update(Message::Nav(ScreenId::Workdays));
    let mut ui = ui(&app);
    assert!(ui.find("2027年1月").is_ok());
    assert!(ui.find("2027年01月").is_err());
}

use delegation_tracker::gui::screen::batch::ROW_HEIGHT;

fn batch_app() -> App {
    let mut app = app();
    let _ = app.update(Message::Nav(ScreenId::Batch));
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples.ron");
    gui_common::pick(
        &mut app,
        delegation_tracker::gui::dialog::Pick::OpenBatch,
        samples,
    );
    app
}

#[test]
fn the_batch_table_says_outcomes_in_words_with_the_deciding_finding() {
    let mut app = batch_app();
    // Only the rows in view are laid out: W-01, the 26th row, after scrolling to it.
    assert!(ui(&app).find("W-01").is_err());
    gui_common::scroll_table(&mut app, 25.0 * ROW_HEIGHT);
    let mut ui = ui(&app);
    assert!(ui.find("W-01").is_ok());
    assert!(
        ui.find("COMMITTEE").is_err(),
        "no raw codes in the Chinese table"
    );
    assert!(ui.find("ORIGINAL_UNIT").is_err());
    assert!(ui.find("仍由市级实施单位办理").is_ok());
    assert!(
        ui.find("日取地表水80000立方米，属于“5万立方米以上、不满15万立方米”（50000立方米以上（含本数）、不满150000立方米（不含本数））")
            .is_ok(),
        "the deciding finding of W-01"
    );
    assert!(ui.find("审批机关：增城开发区管委会").is_ok());
}

#[test]
fn the_batch_table_follows_a_language_switch() {
    let mut app = batch_app();
    let _ = app.update(Message::ToggleLang);
    let mut ui = ui(&app);
    assert!(ui.find("approved by the committee").is_ok());
    assert!(ui.find("Outcome").is_ok());
    assert!(ui.find("结论").is_err());
    assert!(ui.find("由增城开发区管委会审批").is_err());
}

#[test]
fn a_batch_row_opens_the_decision_card_with_copy() {
    let mut app = batch_app();
    assert!(ui(&app).find("分派结论").is_err());
    interact(&mut app, |ui| ui.click("L-01").map(|_| ()));
    assert!(app.batch.selected.is_some());
    let mut u = ui(&app);
    assert!(u.find("分派结论").is_ok());
    assert!(u.find("判断依据").is_ok());
    drop(u);
    interact(&mut app, |ui| ui.click("复制结论").map(|_| ()));
    assert!(ui(&app).find("已复制").is_ok());
}

#[test]
fn the_batch_filters_and_sorts_by_outcome() {
    use delegation_law::router::Outcome;
    use delegation_tracker::gui::screen::batch::{Message as B, SortKey};
    let mut app = batch_app();
    let all = app.batch.shown().len();
    assert_eq!(all, 58);
    let _ = app.update(Message::Batch(B::Filter(Some(Outcome::NotDelegated))));
    let shown = app.batch.shown();
    assert!(!shown.is_empty() && shown.len() < all);
    assert!(
        shown
            .iter()
            .all(|i| app.batch.outcome_of(*i) == Some(Outcome::NotDelegated))
    );
    assert!(ui(&app).find("W-05").is_ok());
    assert!(ui(&app).find("W-01").is_err());
    // The filter's chip is a button with the outcome's words and its count.
    let _ = app.update(Message::Batch(B::Filter(None)));
    let _ = app.update(Message::Batch(B::Sort(SortKey::Outcome)));
    let order: Vec<_> = app
        .batch
        .shown()
        .iter()
        .map(|i| app.batch.outcome_of(*i).unwrap())
        .collect();
    let pos = |o| Outcome::ALL.iter().position(|x| *x == o);
    assert!(order.windows(2).all(|w| pos(w[0]) <= pos(w[1])));
}

#[test]
fn the_batch_says_which_handover_dates_it_used() {
    let app = batch_app();
    let line = text_containing(&app, "判断所用的交接日期").expect("the dates line");
    assert!(line.contains("第10项 2024-06-20（文件所列）"), "{line}");
    assert!(line.contains("第1、2、3、4"), "{line}");
    assert!(line.contains("项 未登记，按法定期限推定"), "{line}");
    assert!(!line.contains("第0项") && !line.contains("13"), "{line}");
    let mut recorded = std::collections::BTreeMap::new();
    recorded.insert(1u8, NaiveDate::from_ymd_opt(2024, 6, 1).unwrap());
    use delegation_tracker::gui::screen::batch::DateSource;
    let used = app.batch.dates_used(&recorded);
    assert!(used.contains(&(
        1,
        DateSource::Recorded(NaiveDate::from_ymd_opt(2024, 6, 1).unwrap())
    )));
    assert!(used.contains(&(
        10,
        DateSource::File(NaiveDate::from_ymd_opt(2024, 6, 20).unwrap())
    )));
}

#[test]
fn a_first_start_says_once_to_record_the_handovers_and_opens_the_records() {
    let mut app = app();
    let mut u = ui(&app);
    assert!(
        u.find("已逾期未登记交接（2024-06-13）").is_err(),
        "not twelve red lines"
    );
    assert!(u.find("未登记交接日期（2024-06-13）").is_ok());
    assert!(
        u.find("⚠ 尚未登记任何交接日期，各事项暂按法定期限推定：请先登记交接日期。")
            .is_ok(),
        "the banner says it in one sentence"
    );
    drop(u);
    // The banner's button opens the records at item 1.
    interact(&mut app, |ui| ui.click("去登记交接日期").map(|_| ()));
    assert_eq!(app.screen, ScreenId::Records);
    assert_eq!(app.records.selected, 1);
}

#[test]
fn once_something_is_recorded_the_banner_opens_the_first_unrecorded_item() {
    let mut app = app();
    let mut records = app.saved_records().clone();
    if let Some(r) = records.items.get_mut(&1) {
        r.handover_date = Some(NaiveDate::from_ymd_opt(2024, 6, 10).unwrap());
        r.state = delegation_law::records::HandoverState::HandedOver;
    }
    app.session.save_records(records).unwrap();
    let mut u = ui(&app);
    assert!(u.find("已逾期未登记交接（2024-06-13）").is_ok());
    assert!(
        u.find("⚠ 尚未登记任何交接日期，各事项暂按法定期限推定：请先登记交接日期。")
            .is_err()
    );
    drop(u);
    interact(&mut app, |ui| ui.click("去登记交接日期").map(|_| ()));
    assert_eq!(app.screen, ScreenId::Records);
    assert_eq!(app.records.selected, 2);
}

#[test]
fn nineteen_trees_quote_point_two_before_point_three() {
    let mut app = app();
    app.router.choose(12);
    let _ = app.update(Message::Nav(ScreenId::Router));
    type_into(&mut app, FieldId::Count.widget_id(), "19");
    type_into(&mut app, FieldId::Dbh.widget_id(), "30");
    let quote = text_containing(&app, "下列情形由增城开发区管委会实施审批").expect("the quote");
    let two = quote.find("2. 下列情形").unwrap();
    let three = quote.find("3. 下列情形").unwrap();
    assert!(two < three, "{quote}");
}

#[test]
fn the_path_prompt_starts_in_a_folder_that_exists_and_adds_the_extension() {
    use delegation_tracker::gui::dialog::Pick;
    use delegation_tracker::gui::path_prompt::{Event, Message as P, PathPrompt};
    let p = PathPrompt::new(Pick::ReportXlsx, Pick::ReportXlsx.file_name());
    let start = std::path::Path::new(&p.path);
    assert!(start.parent().unwrap().is_dir(), "{}", p.path);
    let dir = tempfile::tempdir().unwrap();
    let mut p = PathPrompt::new(Pick::ReportXlsx, Pick::ReportXlsx.file_name());
    let _ = p.update(P::Path(dir.path().join("noext").display().to_string()));
    assert_eq!(
        p.update(P::Submit),
        Some(Event::Chosen(
            Pick::ReportXlsx,
            dir.path().join("noext.xlsx")
        ))
    );
}

#[test]
fn the_save_button_stays_inside_a_small_window_under_a_status_line() {
    use delegation_tracker::gui::settings;
    use delegation_tracker::gui::style::Status;
    use iced_test::Simulator;
    let mut app = app();
    let _ = app.update(Message::Nav(ScreenId::Records));
    app.status = Status::ok(delegation_words::Lang::Zh, |_| {
        format!(
            "已保存 {}",
            "/home/clerk/.local/share/delegation-tracker/records.ron".repeat(2)
        )
    });
    let view = app.view();
    let mut ui = Simulator::with_size(settings(), (1024.0, 600.0), view);
    let save = ui.find("保存").expect("the save button's label").bounds();
    assert!(save.y + save.height <= 600.0, "{save:?}");
}

#[test]
fn a_broken_applications_file_is_explained_in_chinese_and_follows_the_language() {
    let mut app = app();
    let _ = app.update(Message::Nav(ScreenId::Batch));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(applications: [\n (id: \"A\", item: 1, received: \"2024-02-30\", in_zone: true, facts: General)])",
    )
    .unwrap();
    gui_common::pick(
        &mut app,
        delegation_tracker::gui::dialog::Pick::OpenBatch,
        bad.clone(),
    );
    let zh = text_containing(&app, "格式有误").expect("the error");
    assert!(zh.contains("日期无效"), "{zh}");
    assert!(!zh.contains("input"), "no English in the Chinese UI: {zh}");
    let _ = app.update(Message::ToggleLang);
    assert!(
        text_containing(&app, "格式有误").is_none(),
        "re-said in English"
    );
    let missing = dir.path().join("missing.ron");
    std::fs::write(&missing, "(applications: [(id: \"A\", item: 1)])").unwrap();
    let _ = app.update(Message::ToggleLang);
    gui_common::pick(
        &mut app,
        delegation_tracker::gui::dialog::Pick::OpenBatch,
        missing,
    );
    let zh = text_containing(&app, "格式有误").expect("the error");
    assert!(zh.contains("缺少“received”一项"), "{zh}");
}

#[test]
fn the_item_field_stays_in_place_when_the_form_appears() {
    // Typing "12": the "1" chooses item 1 and the form appears; the "2" must still land in
    // the same field.
    let mut app = app();
    let _ = app.update(Message::Nav(ScreenId::Router));
    let messages: Vec<Message> = {
        let mut ui = ui(&app);
        ui.click(id(ITEM_ID)).unwrap();
        let _ = ui.typewrite("1");
        ui.into_messages().collect()
    };
    for m in messages {
        let _ = app.update(m);
    }
    assert_eq!(app.router.item, Some(1));
    // A new simulator has fresh widget state; what matters is that the field sits in the
    // same place of the tree before and after the item is chosen.
    let before = {
        let mut a = self::app();
        let _ = a.update(Message::Nav(ScreenId::Router));
        ui(&a).find(id(ITEM_ID)).unwrap().bounds()
    };
    let after = ui(&app).find(id(ITEM_ID)).unwrap().bounds();
    assert_eq!(before, after);
}

#[test]
fn a_short_window_at_large_text_gives_the_shortcuts_line_to_the_screen() {
    let hint =
        "Ctrl+1…8 或 Ctrl+PgUp/PgDn 切换页面 · Ctrl+F 搜索 · Esc 清除 · Ctrl+= / Ctrl+- 字号";
    let mut app = app();
    assert!(ui(&app).find(hint).is_ok());
    let _ = app.update(Message::Scale(1.6));
    // What the window reports at 1.6×: its size in logical pixels of the scaled UI.
    let _ = app.update(Message::Resized(iced::Size::new(1024.0 / 1.6, 600.0 / 1.6)));
    assert!(ui(&app).find(hint).is_err());
}

#[test]
fn a_short_window_at_large_text_gives_the_records_form_the_whole_page() {
    let mut app = app();
    let _ = app.update(Message::Nav(ScreenId::Records));
    let other_item = "2. 收回国有土地使用权 — 未开始";
    assert!(ui_finds(&app, other_item), "the list shows every item");
    let _ = app.update(Message::Scale(1.6));
    let _ = app.update(Message::Resized(iced::Size::new(1024.0 / 1.6, 600.0 / 1.6)));
    // 1024×600 at 1.6×: the list becomes a menu (its other items hidden until opened) and the
    // header, the menu and the form scroll as one page.
    assert!(!ui_finds(&app, other_item), "the list became a menu");
    assert!(
        ui_finds(&app, "1. 控制性详细规划审批"),
        "the form's heading"
    );
    assert!(ui_finds(&app, "交接日期"));
    assert!(ui_finds(&app, "保存"));
}

fn ui_finds(app: &App, s: &str) -> bool {
    ui(app).find(s).is_ok()
}
