//! Issue 8 on the records screen: closing with unsaved edits asks first; dates are checked
//! against the notice and today; a read-only instance cannot edit.

use chrono::NaiveDate;
use delegation_law::records::HandoverState;
use delegation_tracker::gui::app::{CloseChoice, ScreenId};
use delegation_tracker::gui::screen::Choice;
use delegation_tracker::gui::screen::records::Message as R;
use delegation_tracker::gui::{App, Boot, Message};

mod gui_common;
use gui_common::{interact, ui};

fn app_in(dir: &std::path::Path) -> App {
    App::new(Boot {
        data_dir: Some(dir.to_path_buf()),
        ..Boot::fixed(NaiveDate::from_ymd_opt(2024, 7, 1).unwrap())
    })
}

fn state(s: HandoverState) -> R {
    R::State(Choice {
        value: Some(s),
        label: String::new(),
    })
}

fn window() -> iced::window::Id {
    iced::window::Id::unique()
}

#[test]
fn closing_with_unsaved_edits_asks_save_discard_or_cancel() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    // Nothing unsaved: no question.
    let _ = app.update(Message::CloseRequested(window()));
    assert!(app.closing.is_none());

    let _ = app.update(Message::Records(R::Notes("未保存的备注".into())));
    let _ = app.update(Message::CloseRequested(window()));
    assert!(app.closing.is_some());
    assert!(
        ui(&app)
            .find("交接记录有未保存的修改。关闭前要保存吗？")
            .is_ok()
    );
    // Cancel: the bar goes, the edit stays.
    interact(&mut app, |ui| ui.click("取消").map(|_| ()));
    assert!(app.closing.is_none());
    assert!(app.records.dirty);
    assert!(!dir.path().join("records.ron").exists());
    // Save and close: saved.
    let _ = app.update(Message::CloseRequested(window()));
    interact(&mut app, |ui| ui.click("保存并关闭").map(|_| ()));
    let text = std::fs::read_to_string(dir.path().join("records.ron")).unwrap();
    assert!(text.contains("未保存的备注"), "{text}");
    assert!(!app.records.dirty);
    // Discard: nothing written.
    let mut app = app_in(dir.path());
    let _ = app.update(Message::Records(R::Notes("丢弃".into())));
    let _ = app.update(Message::CloseRequested(window()));
    let _ = app.update(Message::Close(CloseChoice::Discard));
    let text = std::fs::read_to_string(dir.path().join("records.ron")).unwrap();
    assert!(!text.contains("丢弃"));
}

#[test]
fn handover_dates_are_checked_against_the_notice_and_today() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let _ = app.update(Message::Nav(ScreenId::Records));
    let _ = app.update(Message::Records(R::Select(10)));
    let _ = app.update(Message::Records(state(HandoverState::HandedOver)));
    let _ = app.update(Message::Records(R::HandoverDate("2024-04-28".into())));
    assert!(
        ui(&app)
            .find("交接日期不能早于通告施行之日（2024-04-29）")
            .is_ok()
    );
    let _ = app.update(Message::Records(R::Save));
    assert!(!dir.path().join("records.ron").exists(), "refused");
    // After today (2024-07-01): a 交接日期 is the day the handover was done.
    let _ = app.update(Message::Records(R::HandoverDate("2024-07-02".into())));
    assert!(
        ui(&app)
            .find("交接日期是完成交接之日，不能晚于今天")
            .is_ok()
    );
    let _ = app.update(Message::Records(R::Save));
    assert!(!dir.path().join("records.ron").exists(), "refused");
    // Not a plan while 交接中 either: a date is a handover done.
    let _ = app.update(Message::Records(state(HandoverState::InProgress)));
    let _ = app.update(Message::Records(R::Save));
    assert!(!dir.path().join("records.ron").exists(), "refused");
    let _ = app.update(Message::Records(R::HandoverDate("2024-06-20".into())));
    let _ = app.update(Message::Records(R::Save));
    assert!(dir.path().join("records.ron").exists());
}

#[test]
fn a_date_makes_the_item_handed_over_and_a_state_before_that_with_a_date_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let _ = app.update(Message::Nav(ScreenId::Records));
    let _ = app.update(Message::Records(R::Select(3)));
    assert_eq!(app.records.draft.items[&3].state, HandoverState::NotStarted);
    let _ = app.update(Message::Records(R::HandoverDate("2024-06-20".into())));
    assert_eq!(app.records.draft.items[&3].state, HandoverState::HandedOver);
    // Set back to 未开始 or 交接中 with the date: refused, saying why.
    for s in [HandoverState::NotStarted, HandoverState::InProgress] {
        let _ = app.update(Message::Records(state(s)));
        assert!(
            ui(&app)
                .find("有交接日期即已完成交接：请把状态改为“已交接”，交接尚未完成则清空日期")
                .is_ok()
        );
        let _ = app.update(Message::Records(R::Save));
        assert!(!dir.path().join("records.ron").exists());
    }
}

#[test]
fn a_read_only_instance_shows_the_fields_without_editing() {
    let dir = tempfile::tempdir().unwrap();
    let _first = app_in(dir.path());
    let mut second = app_in(dir.path());
    assert!(second.records_read_only());
    let _ = second.update(Message::Nav(ScreenId::Records));
    let _ = second.update(Message::Records(R::Notes("不应出现".into())));
    let _ = second.update(Message::Records(state(HandoverState::HandedOver)));
    assert!(!second.records.dirty);
    assert!(ui(&second).find("有未保存的修改").is_err());
    assert_eq!(second.records.draft.items[&1].notes, "");
    // Closing does not ask: there is nothing to save.
    let _ = second.update(Message::CloseRequested(window()));
    assert!(second.closing.is_none());
}

/// Issue 30, finding 4 in the window: a save dialog pointed at the program's own files (the
/// lock the app holds, a holiday year not imported yet) writes nothing and says why.
#[test]
fn a_save_onto_the_programs_own_files_is_refused_and_says_so() {
    use delegation_tracker::gui::dialog::Pick;
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let lock = dir.path().join("records.lock");
    let held = std::fs::read(&lock).unwrap();
    for (what, path) in [
        (Pick::ExportRecords, lock.clone()),
        (Pick::ReportCsv, dir.path().join("holidays-override.ron")),
        (Pick::Ics, dir.path().join("records.ron.2")),
    ] {
        let _ = app.picked(what, path.clone());
        assert!(app.status.is_failure(), "{what:?}: {}", app.status);
        let said = app.status.to_string();
        assert!(
            said.contains("本程序自己的文件") && said.contains(&path.display().to_string()),
            "{what:?}: {said}"
        );
        if path != lock {
            assert!(!path.exists(), "{what:?}");
        }
    }
    assert_eq!(std::fs::read(&lock).unwrap(), held);
}
