//! The flows a clerk uses, driven through iced_test's headless simulator: the same view and
//! update as the window, clicks and typing instead of a mouse and keyboard.

use chrono::NaiveDate;
use delegation_tracker::gui::app::ScreenId;
use delegation_tracker::gui::screen::catalogue::SEARCH_ID;
use delegation_tracker::gui::screen::router::FieldId;
use delegation_tracker::gui::{App, Boot, Message};
use iced_test::selector::id;

mod gui_common;
use gui_common::{interact, ui};

fn app() -> App {
    App::new(Boot::fixed(NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()))
}

#[test]
fn search_narrows_the_list() {
    let mut app = app();
    assert!(ui(&app).find("控制性详细规划审批").is_ok());
    interact(&mut app, |ui| {
        ui.click(id(SEARCH_ID))?;
        let _ = ui.typewrite("取水");
        Ok(())
    });
    assert_eq!(app.catalogue.filter.query, "取水");
    let mut ui = ui(&app);
    assert!(ui.find("取水许可").is_ok());
    assert!(
        ui.find("控制性详细规划审批").is_err(),
        "other items are filtered out"
    );
    assert!(ui.find("显示 1 / 12").is_ok());
}

#[test]
fn choosing_an_item_shows_its_details() {
    let mut app = app();
    assert!(ui(&app).find("请在左侧选择一个事项").is_ok());
    interact(&mut app, |ui| ui.click("取水许可").map(|_| ()));
    assert_eq!(app.catalogue.selected, Some(10));
    let mut ui = ui(&app);
    assert!(ui.find("市水务局").is_ok());
    assert!(ui.find("行政许可").is_ok());
    // The scope as sentences, the remarks verbatim, and the law of the mode.
    assert!(
        ui.find("• 日取水量50000立方米以上（含本数）、不满150000立方米（不含本数）。")
            .is_ok()
    );
    assert!(ui.find("《中华人民共和国行政许可法》第二十三条").is_ok());
}

fn router_with_water(app: &mut App, volume: &str, received: &str) {
    app.router.choose(10);
    let _ = app.update(Message::Nav(ScreenId::Router));
    interact(app, |ui| {
        ui.click(id(FieldId::Volume.widget_id()))?;
        let _ = ui.typewrite(volume);
        Ok(())
    });
    app.router.received = String::new();
    interact(app, |ui| {
        ui.click(id(FieldId::Received.widget_id()))?;
        let _ = ui.typewrite(received);
        Ok(())
    });
}

#[test]
fn a_bad_volume_shows_a_message_and_no_decision() {
    let mut app = app();
    router_with_water(&mut app, "8万", "2024-07-01");
    assert_eq!(app.router.volume, "8万");
    let mut ui = ui(&app);
    assert!(ui.find("请输入正整数（只含数字）").is_ok());
    assert!(ui.find("请先更正标红的字段，才能得出结论。").is_ok());
    assert!(
        ui.find("分派结论").is_err(),
        "no decision while the form is wrong"
    );
}

#[test]
fn an_impossible_date_is_marked_at_its_field() {
    let mut app = app();
    router_with_water(&mut app, "80000", "2024-02-30");
    let mut ui = ui(&app);
    assert!(ui.find("请输入有效日期，格式为 2024-07-01").is_ok());
    assert!(ui.find("分派结论").is_err());
}

#[test]
fn a_valid_surface_water_application_goes_to_the_committee_with_its_citation() {
    let mut app = app();
    router_with_water(&mut app, "80000", "2024-07-01");
    let mut ui = ui(&app);
    assert!(ui.find("分派结论").is_ok());
    assert!(ui.find("由增城开发区管委会审批").is_ok());
    assert!(ui.find("〔穗府规〔2024〕3号 附件 第10项 备注〕").is_ok());
    assert!(
        ui.find("〔《中华人民共和国行政许可法》第二十三条〕")
            .is_ok()
    );
    drop(ui);
    // What "copy" puts on the clipboard: the same decision as text, with its clauses.
    let copied = app.router.decision_text(&app.ctx()).unwrap();
    assert!(
        copied.contains("由增城开发区管委会审批（COMMITTEE）"),
        "{copied}"
    );
    assert!(
        copied.contains("〔穗府规〔2024〕3号 附件 第10项 备注〕区内日取地表水5万立方米以上"),
        "{copied}"
    );
}

#[test]
fn the_language_switch_changes_the_labels() {
    let mut app = app();
    assert!(ui(&app).find("事项目录").is_ok());
    interact(&mut app, |ui| ui.click("English").map(|_| ()));
    let mut ui = ui(&app);
    assert!(ui.find("Catalogue").is_ok());
    assert!(ui.find("事项目录").is_err());
    assert!(ui.find("Search names, units, remarks…").is_ok() || ui.find("Showing 12 / 12").is_ok());
}

#[test]
fn keyboard_shortcuts_move_between_screens() {
    use delegation_tracker::gui::app::shortcut;
    use iced::event::Status;
    use iced::keyboard::{Key, Modifiers, key::Named};
    let three = Key::Character("3".into());
    let m = shortcut(&three, Modifiers::CTRL, Status::Ignored).expect("Ctrl+3 is a shortcut");
    assert!(matches!(m, Message::Nav(ScreenId::Deadlines)));
    assert!(
        shortcut(&three, Modifiers::empty(), Status::Ignored).is_none(),
        "a bare 3 is typing"
    );
    assert!(
        shortcut(&three, Modifiers::CTRL, Status::Captured).is_none(),
        "a focused field took Ctrl+3 as typing"
    );
    let pgdn = Key::Named(Named::PageDown);
    assert!(matches!(
        shortcut(&pgdn, Modifiers::CTRL, Status::Captured),
        Some(Message::NavStep(1))
    ));
    let f = Key::Character("f".into());
    assert!(matches!(
        shortcut(&f, Modifiers::CTRL, Status::Captured),
        Some(Message::FocusSearch)
    ));
    // Esc is the window's keyboard filter's (it closes a drop-down first): tests/gui_typed.rs.

    let mut app = app();
    app.catalogue.filter.query = "取水".into();
    let _ = app.update(Message::Escape);
    assert_eq!(app.catalogue.filter.query, "", "Esc clears the search");
    let _ = app.update(m);
    assert_eq!(app.screen, ScreenId::Deadlines);
    let _ = app.update(Message::NavStep(-1));
    assert_eq!(app.screen, ScreenId::Router);
    let _ = app.update(Message::NavStep(-1));
    let _ = app.update(Message::NavStep(-1));
    assert_eq!(app.screen, ScreenId::Cases, "wraps around");
    let _ = app.update(Message::NavStep(1));
    assert_eq!(app.screen, ScreenId::Catalogue);
    let _ = app.update(Message::Nav(ScreenId::Deadlines));
    assert!(ui(&app).find("各事项交接情况").is_ok());
}

#[test]
fn the_notice_is_laid_out_when_first_opened_and_holds_the_whole_text() {
    let mut app = app();
    assert!(
        app.notice.is_none(),
        "not at start: the first frame does not wait for it"
    );
    let _ = app.update(Message::Nav(ScreenId::Notice));
    let text = app.notice.as_ref().unwrap().text();
    let cat = delegation_law::catalogue::Catalogue::embedded();
    for p in &cat.notice.passages {
        assert!(text.contains(&p.text), "passage {}", p.no);
    }
    for item in &cat.items {
        assert!(text.contains(&item.name), "item {}", item.no);
    }
    assert!(ui(&app).find("可选中文字并按 Ctrl+C 复制").is_ok());
}

#[test]
fn an_empty_field_asks_for_a_value_without_marking_it_wrong() {
    let mut app = app();
    app.router.choose(10);
    let _ = app.update(Message::Nav(ScreenId::Router));
    let mut ui = ui(&app);
    assert!(ui.find("请填写").is_ok(), "the volume says it is needed");
    assert!(ui.find("填写完各项后显示分派结论。").is_ok());
    assert!(ui.find("请输入正整数（只含数字）").is_err());
    assert!(ui.find("请先更正标红的字段，才能得出结论。").is_err());
    assert!(ui.find("分派结论").is_err(), "no decision yet");
}

#[test]
fn item_names_in_the_router_menu_fit_its_width_at_any_text_size() {
    use delegation_tracker::gui::screen::fit;
    // Item 9's name is 60 characters; at 1.6× the form column is about 300 px.
    let cat = delegation_law::catalogue::Catalogue::embedded();
    let long = &cat.item(9).unwrap().name;
    let cut = fit(long, 250.0);
    assert!(cut.ends_with('…'), "{cut}");
    assert!(cut.chars().count() <= 17, "{cut}");
    assert!(long.starts_with(cut.trim_end_matches('…')));
    assert_eq!(
        fit("10. 取水许可", 250.0),
        "10. 取水许可",
        "short names stay whole"
    );

    // The screens see the window's width at the current text size.
    let mut app = app();
    assert_eq!(app.ctx().width, 1180.0);
    let _ = app.update(Message::Scale(1.6));
    assert_eq!(app.ctx().width, 1180.0 / 1.6);
    let _ = app.update(Message::Resized(iced::Size::new(1000.0, 600.0)));
    let _ = app.update(Message::Scale(1.0));
    assert_eq!(
        app.ctx().width,
        1600.0,
        "a resize at 1.6× is 1.6 times wider at 1.0×"
    );
}

#[test]
fn every_message_repaints_the_whole_window_with_an_invisible_change() {
    // tiny-skia repaints everything only when the background colour changes; see App::style.
    let mut app = app();
    let theme = app.theme();
    let before = app.style(&theme).background_color;
    let _ = app.update(Message::ToggleLang);
    let after = app.style(&theme).background_color;
    assert_ne!(before, after);
    assert_eq!(
        before.into_rgba8(),
        after.into_rgba8(),
        "the same on screen"
    );
    // A message that sends itself another still changes it.
    let _ = app.update(Message::NavStep(1));
    assert_ne!(after, app.style(&theme).background_color);
}
