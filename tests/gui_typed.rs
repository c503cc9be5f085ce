//! Issue 17, at the counter what the screen shows is what was typed: the item box, the
//! shortcuts that must not type, Esc on a drop-down, recorded dates, search, and the things
//! that moved under the pointer.

use chrono::NaiveDate;
use delegation_tracker::gui::app::ScreenId;
use delegation_tracker::gui::screen::router::ITEM_ID;
use delegation_tracker::gui::{App, Boot, Message};
use iced::keyboard::{self, Key, Modifiers};
use iced_test::selector::id;

mod gui_common;
use gui_common::{interact, text_containing, ui};

fn app() -> App {
    App::new(Boot::fixed(NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()))
}

fn finds(app: &App, s: &str) -> bool {
    ui(app).find(s).is_ok()
}

/// Types `s` into the router's item box, as from the keyboard.
fn type_item(app: &mut App, s: &str) {
    interact(app, |ui| {
        ui.click(id(ITEM_ID))?;
        let _ = ui.typewrite(s);
        Ok(())
    });
}

/// A press of Ctrl and `c` as X11 and Wayland deliver it: with the character as its text.
fn ctrl(c: &str) -> Vec<iced::Event> {
    let key = Key::Character(c.into());
    vec![
        iced::Event::Keyboard(keyboard::Event::ModifiersChanged(Modifiers::CTRL)),
        iced::Event::Keyboard(keyboard::Event::KeyPressed {
            key: key.clone(),
            modified_key: key,
            physical_key: keyboard::key::Physical::Unidentified(
                keyboard::key::NativeCode::Unidentified,
            ),
            location: keyboard::Location::Standard,
            modifiers: Modifiers::CTRL,
            repeat: false,
            text: Some(c.into()),
        }),
    ]
}

#[test]
fn the_item_box_takes_one_to_twelve_and_says_why_not_otherwise() {
    let mut app = app();
    let _ = app.update(Message::Nav(ScreenId::Router));
    type_item(&mut app, "13");
    assert_eq!(app.router.item_no, "13");
    assert_eq!(app.router.item, None, "13 is no item: nothing is chosen");
    assert!(finds(&app, "事项序号为 1–12（附件共 12 项）"));
    assert!(
        !finds(&app, "由增城开发区管委会审批"),
        "no decision for another item"
    );
    assert!(!finds(&app, "分派结论"));
    // "121": the box holds 121, which is no item either (not item 12).
    let _ = app.update(Message::Router(
        delegation_tracker::gui::screen::router::Message::ItemNo(String::new()),
    ));
    type_item(&mut app, "121");
    assert_eq!(app.router.item, None);
    assert!(finds(&app, "事项序号为 1–12（附件共 12 项）"));
    // A valid number: the menu and the card are for that item, and the line is gone.
    let _ = app.update(Message::Router(
        delegation_tracker::gui::screen::router::Message::ItemNo(String::new()),
    ));
    type_item(&mut app, "１２");
    assert_eq!(app.router.item, Some(12));
    assert!(!finds(&app, "事项序号为 1–12（附件共 12 项）"));
    assert!(finds(&app, "株数"), "item 12's form");
    // In English too.
    type_item(&mut app, "x");
    let _ = app.update(Message::ToggleLang);
    assert_eq!(app.router.item, None);
    assert!(finds(&app, "The notice's items are numbered 1–12"));
}

#[test]
fn shortcuts_do_not_type_into_the_focused_field() {
    let mut app = app();
    let _ = app.update(Message::Nav(ScreenId::Router));
    type_item(&mut app, "1");
    assert_eq!(app.router.item_no, "1");
    // Ctrl+=, Ctrl+- and Ctrl+2 with the item box focused: none of them types.
    for c in ["=", "-", "2"] {
        let messages: Vec<Message> = {
            let mut ui = ui(&app);
            ui.click(id(ITEM_ID)).unwrap();
            let statuses = ui.simulate(ctrl(c));
            assert_eq!(
                statuses[1],
                iced::event::Status::Ignored,
                "Ctrl+{c} is left to the app's shortcuts"
            );
            ui.into_messages().collect()
        };
        assert!(
            !messages.iter().any(|m| matches!(
                m,
                Message::Router(delegation_tracker::gui::screen::router::Message::ItemNo(_))
            )),
            "Ctrl+{c} typed into the item box: {messages:?}"
        );
    }
    assert_eq!(app.router.item_no, "1");
    // What the app's subscription makes of them.
    use delegation_tracker::gui::app::shortcut;
    let ignored = iced::event::Status::Ignored;
    assert!(matches!(
        shortcut(&Key::Character("=".into()), Modifiers::CTRL, ignored),
        Some(Message::ScaleStep(1))
    ));
    assert!(matches!(
        shortcut(&Key::Character("2".into()), Modifiers::CTRL, ignored),
        Some(Message::Nav(ScreenId::Router))
    ));
    // Typing without Ctrl still types, and Ctrl+A (select all) still reaches the field.
    let messages: Vec<Message> = {
        let mut ui = ui(&app);
        ui.click(id(ITEM_ID)).unwrap();
        let _ = ui.typewrite("2");
        assert_eq!(
            ui.simulate(ctrl("a"))[1],
            iced::event::Status::Captured,
            "Ctrl+A selects in the field"
        );
        ui.into_messages().collect()
    };
    assert!(messages.iter().any(|m| matches!(
        m,
        Message::Router(delegation_tracker::gui::screen::router::Message::ItemNo(s)) if s == "12"
    )));
}

/// Opens the router's item menu, maybe presses Esc, then clicks where the menu's first option
/// is; the messages that produced.
fn menu_then_click(app: &App, esc: bool) -> Vec<Message> {
    use iced_test::simulator;
    let mut ui = ui(app);
    let item_box = ui.find(id(ITEM_ID)).unwrap().bounds();
    // The menu is right of the item box; its first option just below it.
    let menu = iced::Point::new(item_box.x + item_box.width + 60.0, item_box.center_y());
    ui.point_at(menu);
    let _ = ui.simulate(simulator::click());
    if esc {
        let status = ui.tap_key(Key::Named(keyboard::key::Named::Escape));
        assert_eq!(status, iced::event::Status::Captured);
    }
    // The menu picks the option the pointer moved onto.
    let option = iced::Point::new(menu.x, item_box.y + item_box.height + 14.0);
    ui.point_at(option);
    let moved = iced::Event::Mouse(iced::mouse::Event::CursorMoved { position: option });
    let _ = ui.simulate(std::iter::once(moved).chain(simulator::click()));
    ui.into_messages().collect()
}

#[test]
fn esc_closes_an_open_drop_down_and_only_that() {
    use delegation_tracker::gui::screen::router::Message as R;
    let mut app = app();
    let _ = app.update(Message::Nav(ScreenId::Router));
    // Without Esc the click lands on the open menu's first option.
    let chosen = menu_then_click(&app, false);
    assert!(
        chosen
            .iter()
            .any(|m| matches!(m, Message::Router(R::Item(_)))),
        "{chosen:?}"
    );
    // With Esc the menu is closed first: the click chooses nothing, and Esc did nothing else.
    let messages = menu_then_click(&app, true);
    assert!(
        !messages
            .iter()
            .any(|m| matches!(m, Message::Router(R::Item(_)))),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| matches!(m, Message::Router(R::MenuClosed)))
    );
    assert!(!messages.iter().any(|m| matches!(m, Message::Escape)));
    // With no menu open, Esc is the app's: on the catalogue it clears the search.
    let _ = app.update(Message::Nav(ScreenId::Catalogue));
    app.catalogue.filter.query = "取水".into();
    interact(&mut app, |ui| {
        let _ = ui.tap_key(Key::Named(keyboard::key::Named::Escape));
        Ok(())
    });
    assert_eq!(app.catalogue.filter.query, "");
}

fn app_in(dir: &std::path::Path) -> App {
    App::new(Boot {
        data_dir: Some(dir.to_path_buf()),
        ..Boot::fixed(NaiveDate::from_ymd_opt(2024, 7, 1).unwrap())
    })
}

#[test]
fn a_recorded_handover_date_counts_everywhere_once_saved() {
    use delegation_law::records::HandoverState;
    use delegation_tracker::gui::screen::records::Message as R;
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let _ = app.update(Message::Nav(ScreenId::Records));
    // Before typing, the form says what no date means.
    assert!(finds(
        &app,
        "未填交接日期：各处按法定期限2024-06-13推定；交接完成后，填写完成之日。"
    ));
    let _ = app.update(Message::Records(R::HandoverDate("2024-06-10".into())));
    // As it is typed, one sentence says what the date does.
    assert!(finds(
        &app,
        "交接日期是完成交接之日：保存后本事项即按2024-06-10已交接计，目录、期限、提醒、分派和报告都按此日。"
    ));
    assert_eq!(app.records.draft.items[&1].state, HandoverState::HandedOver);
    let _ = app.update(Message::Records(R::Save));
    assert!(dir.path().join("records.ron").exists());
    let check = |app: &mut App| {
        // The catalogue, the banner and the router all take the date.
        let _ = app.update(Message::Nav(ScreenId::Catalogue));
        let _ = app.update(Message::Catalogue(
            delegation_tracker::gui::screen::catalogue::Message::Select(1),
        ));
        assert!(finds(app, "已登记 2024-06-10"));
        assert!(!finds(app, "未登记交接日期（2024-06-13）"));
        assert!(
            !finds(
                app,
                "⚠ 尚未登记任何交接日期，各事项暂按法定期限推定：请先登记交接日期。"
            ),
            "the banner knows a date is recorded"
        );
        // Received 2024-06-11: after the recorded handover, before the assumed deadline.
        app.router.choose(1);
        app.router.received = "2024-06-11".into();
        let _ = app.update(Message::Nav(ScreenId::Router));
        assert!(finds(app, "由增城开发区管委会审批"));
    };
    check(&mut app);
    // And after a restart.
    drop(app);
    let mut again = app_in(dir.path());
    check(&mut again);
}

#[test]
fn a_date_saved_by_an_earlier_version_with_the_state_in_progress_counts() {
    // Earlier versions moved a dated item to 交接中 and then ignored the date.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("records.ron"),
        r#"(format: "delegation-tracker/records", version: 1, items: {
            1: (state: InProgress, handover_date: Some("2024-06-10")),
        })"#,
    )
    .unwrap();
    let mut app = app_in(dir.path());
    assert_eq!(
        app.session.recorded().get(&1),
        NaiveDate::from_ymd_opt(2024, 6, 10).as_ref()
    );
    // The form marks the state to be put right.
    let _ = app.update(Message::Nav(ScreenId::Records));
    assert!(finds(
        &app,
        "有交接日期即已完成交接：请把状态改为“已交接”，交接尚未完成则清空日期"
    ));
}

#[test]
fn language_theme_text_size_and_window_are_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config").join("settings.ron");
    let day = NaiveDate::from_ymd_opt(2024, 7, 1).unwrap();
    let mut app = App::new(Boot::fixed(day).remembering(file.clone()));
    assert_eq!(
        (app.lang, app.dark, app.scale),
        (delegation_words::Lang::Zh, false, 1.0)
    );
    let _ = app.update(Message::ToggleLang);
    let _ = app.update(Message::ToggleTheme);
    for _ in 0..3 {
        let _ = app.update(Message::ScaleStep(1));
    }
    let _ = app.update(Message::Resized(iced::Size::new(1000.0 / 1.3, 700.0 / 1.3)));
    let _ = app.update(Message::CloseRequested(iced::window::Id::unique()));
    assert!(file.exists());
    // The next start.
    let again = App::new(Boot::fixed(day).remembering(file.clone()));
    assert_eq!(again.lang, delegation_words::Lang::En);
    assert!(again.dark);
    assert!((again.scale - 1.3).abs() < 1e-6);
    assert!((again.window_width - 1000.0).abs() < 0.5);
    assert!((again.window_height - 700.0).abs() < 0.5);
    assert!(finds(&again, "1.3×"));
    assert!(finds(&again, "Catalogue"));
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("settings.ron")]);
}

#[test]
fn a_bad_settings_file_is_ignored_with_a_warning_and_replaced_at_the_next_change() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("settings.ron");
    std::fs::write(&file, "(language: Klingon)").unwrap();
    let day = NaiveDate::from_ymd_opt(2024, 7, 1).unwrap();
    let mut app = App::new(Boot::fixed(day).remembering(file.clone()));
    assert_eq!(app.lang, delegation_words::Lang::Zh);
    let line = text_containing(&app, "设置文件无法使用，已按默认设置打开").unwrap_or_default();
    assert!(line.starts_with("⚠ "), "the warning is shown: {line}");
    assert!(line.contains("settings.ron"), "it names the file: {line}");
    let _ = app.update(Message::ToggleTheme);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("dark: true"), "{text}");
    let again = App::new(Boot::fixed(day).remembering(file));
    assert!(again.dark);
    assert!(again.settings_problem.is_none());
}

#[test]
fn a_window_larger_than_its_screen_is_fitted_to_it() {
    let mut small = app();
    assert_eq!((small.window_width, small.window_height), (1180.0, 780.0));
    let id = iced::window::Id::unique();
    let _ = small.update(Message::Monitor(id, Some(iced::Size::new(1024.0, 600.0))));
    assert_eq!((small.window_width, small.window_height), (1024.0, 600.0));
    // At 1.6× iced speaks of the screen in pixels of the larger text.
    let mut big = app();
    let _ = big.update(Message::Scale(1.6));
    let _ = big.update(Message::Monitor(
        id,
        Some(iced::Size::new(1280.0 / 1.6, 800.0 / 1.6)),
    ));
    assert_eq!(
        (big.window_width, big.window_height),
        (1180.0, 780.0),
        "it fits"
    );
}

/// The app's view in a window of `w`×`h` at its text size (what the simulator sees is
/// logical pixels of the larger text).
fn ui_at(app: &App, w: f32, h: f32) -> iced_test::Simulator<'_, Message> {
    let (w, h) = (w / app.scale, h / app.scale);
    iced_test::Simulator::with_size(delegation_tracker::gui::settings(), (w, h), app.view())
}

/// Resizes the app as the window would tell it.
fn window(app: &mut App, w: f32, h: f32, scale: f32) {
    let _ = app.update(Message::Scale(scale));
    let _ = app.update(Message::Resized(iced::Size::new(w / scale, h / scale)));
}

#[test]
fn the_records_buttons_wrap_instead_of_hiding_at_large_text() {
    for (w, h) in [(1280.0, 800.0), (1024.0, 600.0)] {
        let mut app = app();
        let _ = app.update(Message::Nav(ScreenId::Records));
        window(&mut app, w, h, 1.6);
        let mut ui = ui_at(&app, w, h);
        for label in ["导入节假日 JSON", "导入记录"] {
            let shown = ui.find(label).unwrap().visible_bounds();
            let full = ui.find(label).unwrap().bounds();
            assert!(
                shown.is_some_and(|s| s.width >= full.width - 0.5),
                "{label} whole on screen at {w}×{h}: {shown:?} of {full:?}"
            );
            assert!(full.x + full.width <= w / 1.6, "{label} inside the window");
        }
    }
}

#[test]
fn search_takes_full_width_digits_and_the_detail_follows_the_list() {
    use delegation_tracker::gui::screen::catalogue::Message as C;
    let mut app = app();
    let _ = app.update(Message::Catalogue(C::Select(1)));
    assert!(finds(&app, "序号 1"));
    let _ = app.update(Message::Catalogue(C::Query("２２０".into())));
    assert!(finds(&app, "显示 4 / 12"), "items 6–9, as for 220");
    // Item 1 is no longer listed: the detail shows the first item that is.
    assert_eq!(app.catalogue.selected, Some(6));
    assert!(finds(&app, "序号 6"));
    assert!(!finds(&app, "序号 1"));
    // Nothing listed: no item's detail.
    let _ = app.update(Message::Catalogue(C::Query("没有这样的事项".into())));
    assert!(finds(&app, "没有符合条件的事项"));
    assert!(!finds(&app, "序号 6"));
    // A chosen item that stays listed stays chosen.
    let _ = app.update(Message::Catalogue(C::Query(String::new())));
    let _ = app.update(Message::Catalogue(C::Select(8)));
    let _ = app.update(Message::Catalogue(C::Query("２２０".into())));
    assert_eq!(app.catalogue.selected, Some(8));
}

/// How many texts on screen contain `needle`.
fn count_texts(app: &App, needle: &str) -> usize {
    use iced_test::selector::Candidate;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let needle = needle.to_string();
    let n = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = n.clone();
    let _ = ui(app).find(move |c: Candidate<'_>| {
        if let Candidate::Text { content, .. } = c
            && content.contains(&needle)
        {
            counter.fetch_add(1, Ordering::Relaxed);
        }
        None::<()>
    });
    n.load(Ordering::Relaxed)
}

#[test]
fn a_first_start_warns_once() {
    let app = app();
    assert_eq!(count_texts(&app, "尚未登记任何交接日期"), 1);
    assert_eq!(count_texts(&app, "去登记交接日期"), 1);
}

#[test]
fn the_enter_hint_keeps_to_one_line_at_large_text() {
    let mut app = app();
    app.router.choose(2);
    let _ = app.update(Message::Nav(ScreenId::Router));
    for (w, h) in [(1280.0, 800.0), (1024.0, 600.0)] {
        window(&mut app, w, h, 1.6);
        let mut ui = ui_at(&app, w, h);
        let hint = ui.find("在任一字段按 Enter 也可复制").unwrap().bounds();
        assert!(hint.height < 20.0, "one line at {w}×{h}: {hint:?}");
    }
}

#[test]
fn the_notice_keeps_the_indent_of_a_wrapped_remark() {
    use delegation_tracker::gui::screen::notice::remarks_id;
    let mut app = app();
    let _ = app.update(Message::Nav(ScreenId::Notice));
    window(&mut app, 1024.0, 600.0, 1.6);
    let mut ui = ui_at(&app, 1024.0, 600.0);
    // Item 12's 备注 is long: it wraps, every line inside its box, which starts after the
    // label, indented from the item's number.
    let remarks = ui.find(id(remarks_id(12))).unwrap().bounds();
    assert!(remarks.height > 3.0 * 16.0 * 1.3, "it wraps: {remarks:?}");
    // The labels 备注： sit two characters in from the page's text (window padding 14, frame
    // 1, page padding 16); the remark starts after its label (three characters).
    let label = ui.find("备注：").unwrap().bounds();
    assert!(label.x >= 14.0 + 1.0 + 16.0 + 32.0 - 1.0, "{label:?}");
    assert!(
        remarks.x >= label.x + 3.0 * 16.0 - 1.0,
        "{remarks:?} after {label:?}"
    );
    // The whole notice is still there as text.
    let text = app.notice.as_ref().unwrap().text();
    let cat = delegation_law::catalogue::Catalogue::embedded();
    assert!(text.contains(&cat.item(12).unwrap().remarks));
}

#[test]
fn the_catalogue_list_has_room_in_a_short_window_at_large_text() {
    use delegation_tracker::gui::screen::catalogue::SEARCH_ID;
    let mut app = app();
    window(&mut app, 1024.0, 600.0, 1.6);
    let mut ui = ui_at(&app, 1024.0, 600.0);
    let search = ui.find(id(SEARCH_ID)).unwrap().bounds();
    // The wheel over the filters scrolls the page: the filters go up and the list gets the
    // room (it had a sliver of one row under them).
    ui.point_at(iced::Point::new(
        search.x + 20.0,
        search.y + search.height + 40.0,
    ));
    let _ = ui.simulate([iced::Event::Mouse(iced::mouse::Event::WheelScrolled {
        delta: iced::mouse::ScrollDelta::Pixels { x: 0.0, y: -150.0 },
    })]);
    assert!(
        ui.find(id(SEARCH_ID)).unwrap().visible_bounds().is_none(),
        "the search scrolled away"
    );
    for name in ["控制性详细规划审批", "收回国有土地使用权"] {
        let shown = ui.find(name).unwrap().visible_bounds();
        assert!(shown.is_some_and(|b| b.height > 15.0), "{name}: {shown:?}");
    }
}

#[test]
fn typing_a_handover_date_does_not_move_the_form_under_the_pointer() {
    use delegation_tracker::gui::screen::records::Message as R;
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let _ = app.update(Message::Nav(ScreenId::Records));
    let _ = app.update(Message::Records(R::Select(3)));
    let label = "交接日期公告日期";
    for (w, h, scale) in [(1280.0, 800.0, 1.0), (1280.0, 800.0, 1.6)] {
        window(&mut app, w, h, scale);
        let _ = app.update(Message::Records(R::HandoverDate(String::new())));
        let before = ui_at(&app, w, h).find(label).unwrap().bounds();
        // A not-started item: the date moves its state, and the sentence under the field
        // changes; the fields below stay where they were.
        for typed in ["2024-06-1", "2024-06-10", "2024-07-09"] {
            let _ = app.update(Message::Records(R::HandoverDate(typed.into())));
            let after = ui_at(&app, w, h).find(label).unwrap().bounds();
            assert_eq!(after, before, "{typed} at {scale}×");
        }
    }
}
