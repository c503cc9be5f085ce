//! The handover-records and batch screens, driven through the app's update and the simulator.

use chrono::NaiveDate;
use delegation_law::records::HandoverState;
use delegation_tracker::gui::app::ScreenId;
use delegation_tracker::gui::dialog::Pick;
use delegation_tracker::gui::path_prompt::Message as P;
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

/// Writes a truncated records file; returns its path and bytes.
fn corrupt_records(dir: &std::path::Path) -> (std::path::PathBuf, Vec<u8>) {
    let path = dir.join("records.ron");
    let bytes = b"(format: \"delegation-tracker/records\", version: 1, items: {".to_vec();
    std::fs::write(&path, &bytes).unwrap();
    (path, bytes)
}

fn press_ok(app: &mut App) {
    interact(app, |ui| ui.click("确定").map(|_| ()));
}

#[test]
fn without_a_file_dialog_the_path_is_typed_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let _ = app.update(Message::Nav(ScreenId::Records));
    let _ = app.update(Message::NoDialog(Pick::ReportCsv));
    let prompt = app.path_prompt.as_ref().expect("the prompt opens");
    assert!(prompt.path.ends_with("交接情况.csv"), "{}", prompt.path);
    assert!(
        ui(&app)
            .find("导出报表 .csv — 本机无法打开文件选择窗口（需要 xdg-desktop-portal 或 zenity），请直接输入文件路径：")
            .is_ok()
    );
    // A folder that does not exist is not made at the first OK: the field offers to make it
    // (issue 29, finding 9).
    let path = |p: std::path::PathBuf| Message::Prompt(P::Path(p.display().to_string()));
    let _ = app.update(path(dir.path().join("nope/r.csv")));
    press_ok(&mut app);
    assert!(
        ui(&app)
            .find("文件夹不存在，再按一次“确定”将新建它")
            .is_ok()
    );
    assert!(!dir.path().join("nope").exists());
    // An existing file is replaced only on a second OK.
    let target = dir.path().join("report.csv");
    std::fs::write(&target, "old").unwrap();
    let _ = app.update(path(target.clone()));
    press_ok(&mut app);
    assert!(ui(&app).find("文件已存在，再按一次“确定”将覆盖它").is_ok());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
    press_ok(&mut app);
    assert!(app.path_prompt.is_none(), "the prompt closes");
    let csv = std::fs::read_to_string(&target).unwrap();
    assert!(csv.starts_with('\u{feff}') && csv.contains("控制性详细规划审批"));
    assert!(
        app.status.starts_with("已导出") && !app.status.is_failure(),
        "{}",
        app.status
    );
    // Opening a file that is not there says so; Esc closes the prompt.
    let _ = app.update(Message::NoDialog(Pick::OpenBatch));
    let _ = app.update(path(dir.path().join("missing.ron")));
    press_ok(&mut app);
    assert!(ui(&app).find("找不到这个文件").is_ok());
    let _ = app.update(Message::Escape);
    assert!(app.path_prompt.is_none());
}

#[test]
fn recording_a_handover_saves_it_and_the_router_uses_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let _ = app.update(Message::Nav(ScreenId::Records));
    let shown = format!("记录文件：{}", dir.path().join("records.ron").display());
    assert!(
        ui(&app).find(shown.as_str()).is_ok(),
        "the records path is shown"
    );
    for m in [
        R::Select(10),
        R::State(Choice {
            value: Some(HandoverState::HandedOver),
            label: String::new(),
        }),
        R::HandoverDate("2024-06-".into()),
    ] {
        let _ = app.update(Message::Records(m));
    }
    // A half-typed date is marked and Save is refused.
    assert!(ui(&app).find("请输入有效日期，格式为 2024-07-01").is_ok());
    let _ = app.update(Message::Records(R::Save));
    assert!(!dir.path().join("records.ron").exists());
    let _ = app.update(Message::Records(R::HandoverDate("2024-06-20".into())));
    let _ = app.update(Message::Records(R::Save));
    let text = std::fs::read_to_string(dir.path().join("records.ron")).unwrap();
    assert!(text.contains("2024-06-20"), "{text}");
    assert_eq!(
        app.session.recorded().get(&10),
        NaiveDate::from_ymd_opt(2024, 6, 20).as_ref()
    );
    // A second app on the same directory is read-only and says so.
    let mut second = app_in(dir.path());
    let _ = second.update(Message::Nav(ScreenId::Records));
    assert!(
        ui(&second)
            .find("另一个窗口已打开交接记录：本窗口只读，不会覆盖其修改。")
            .is_ok()
    );
}

#[test]
fn a_corrupt_records_file_opens_read_only_and_offers_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut app = app_in(dir.path());
        let _ = app.update(Message::Records(R::Select(1)));
        let _ = app.update(Message::Records(R::Notes("first".into())));
        let _ = app.update(Message::Records(R::Save));
        let _ = app.update(Message::Records(R::Notes("second".into())));
        let _ = app.update(Message::Records(R::Save));
    }
    let (path, bytes) = corrupt_records(dir.path());
    let mut app = app_in(dir.path());
    let _ = app.update(Message::Nav(ScreenId::Records));
    assert!(
        ui(&app)
            .find("恢复最近的完好备份（原文件另存，不会丢失）")
            .is_ok()
    );
    // Editing and saving is refused; the file stays byte-identical.
    let _ = app.update(Message::Records(R::Notes("lost?".into())));
    let _ = app.update(Message::Records(R::Save));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    let _ = app.update(Message::Records(R::Restore));
    assert!(app.status.starts_with("已恢复备份"), "{}", app.status);
    assert_eq!(app.saved_records().items[&1].notes, "first");
}

#[test]
fn a_corrupt_records_file_without_backups_is_set_aside_for_a_fresh_start() {
    let dir = tempfile::tempdir().unwrap();
    let (path, bytes) = corrupt_records(dir.path());
    let mut app = app_in(dir.path());
    let _ = app.update(Message::Nav(ScreenId::Records));
    let offer = "没有完好的备份：将原文件另存，从空白记录重新开始";
    assert!(ui(&app).find(offer).is_ok());
    assert!(
        ui(&app)
            .find("恢复最近的完好备份（原文件另存，不会丢失）")
            .is_err()
    );
    interact(&mut app, |ui| ui.click(offer).map(|_| ()));
    assert!(
        app.status.starts_with("已从空白记录重新开始，原文件另存为"),
        "{}",
        app.status
    );
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read(&aside[0]).unwrap(),
        bytes,
        "the bad file is kept"
    );
    // The records are editable again and the next save writes them.
    let _ = app.update(Message::Records(R::Notes("new start".into())));
    let _ = app.update(Message::Records(R::Save));
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("new start")
    );
}

#[test]
fn a_batch_file_is_routed_into_a_table_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let _ = app.update(Message::Nav(ScreenId::Batch));
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples.ron");
    gui_common::pick(&mut app, Pick::OpenBatch, samples);
    let table = app.batch.table(delegation_words::Lang::Zh).unwrap();
    assert_eq!(table.rows.len(), 58);
    // The same table as `route --out`: the file's columns, then the decision's.
    let code = table.header.iter().position(|h| h == "结论代码").unwrap();
    assert_eq!(table.rows[0][code], "COMMITTEE");
    assert_eq!(table.rows[0][0], "L-01");
    assert!(ui(&app).find("L-01").is_ok());
    let out = dir.path().join("batch.csv");
    gui_common::pick(&mut app, Pick::ExportBatch, out.clone());
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv.lines().count(), 59);
    // The screen keeps each row's outcome only and routes a row again when it is drawn or
    // exported: the export is, byte for byte, what `route --out` writes of the same file.
    let routed = dir.path().join("route.csv");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_delegation-tracker"))
        .env("DELEGATION_TRACKER_DATA_DIR", dir.path())
        .arg("route")
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples.ron"))
        .arg("--out")
        .arg(&routed)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    // Exit 1: the samples hold INVALID rows on purpose (9 of 58); the table is written.
    assert!(matches!(status.code(), Some(0 | 1)), "{status}");
    assert_eq!(std::fs::read_to_string(&routed).unwrap(), csv);
    // A broken file: a message naming the file and line; the table read before stays
    // (issue 29, finding 5).
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(applications: [\n (id: \"A\", item: 1, received: \"2024-02-30\", in_zone: true, facts: General)])").unwrap();
    gui_common::pick(&mut app, Pick::OpenBatch, bad.clone());
    assert!(app.batch.table(delegation_words::Lang::Zh).is_some());
    let err = app.batch.error_text(delegation_words::Lang::Zh).unwrap();
    assert!(
        err.starts_with(&format!("{} 第2行第", bad.display())) && err.contains("格式有误"),
        "{err}"
    );
}

#[test]
fn reports_calendar_and_holidays_from_the_records_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    gui_common::pick(&mut app, Pick::ReportXlsx, dir.path().join("r.xlsx"));
    gui_common::pick(&mut app, Pick::ReportCsv, dir.path().join("r.csv"));
    gui_common::pick(&mut app, Pick::Ics, dir.path().join("d.ics"));
    for f in ["r.xlsx", "r.csv", "d.ics"] {
        assert!(dir.path().join(f).metadata().unwrap().len() > 100, "{f}");
    }
    let json = dir.path().join("2027.json");
    // a made-up 2027 with every statutory festival (a partial year is refused)
    let days: Vec<String> = [
        ("元旦", "01-01"),
        ("春节", "02-08"),
        ("清明节", "04-05"),
        ("劳动节", "05-03"),
        ("端午节", "06-09"),
        ("国庆节、中秋节", "10-01"),
    ]
    .iter()
    .map(|(n, d)| format!(r#"{{"name": "{n}", "date": "2027-{d}", "isOffDay": true}}"#))
    .collect();
    let text = format!(
        r#"{{"year": 2027, "papers": [], "days": [{}]}}"#,
        days.join(",")
    );
    std::fs::write(&json, text).unwrap();
    gui_common::pick(&mut app, Pick::Holidays, json);
    assert!(app.session.calendar().covers(2027), "{}", app.status);
    assert!(
        app_in(dir.path()).session.calendar().covers(2027),
        "kept for the next start"
    );
}

#[test]
fn importing_a_wrong_records_file_says_where_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let _ = app.update(Message::Records(R::Notes("keep me".into())));
    let _ = app.update(Message::Records(R::Save));
    let before = std::fs::read(dir.path().join("records.ron")).unwrap();
    let bad = dir.path().join("apps.ron");
    std::fs::write(&bad, "(applications: [])").unwrap();
    gui_common::pick(&mut app, Pick::ImportRecords, bad.clone());
    assert!(
        app.status.contains(&format!("{} 第1行第", bad.display()))
            && app.status.contains("不是交接记录文件")
            && app.status.is_failure(),
        "{}",
        app.status
    );
    assert_eq!(
        std::fs::read(dir.path().join("records.ron")).unwrap(),
        before
    );
    let good = dir.path().join("good.ron");
    let mut r = app.saved_records().clone();
    r.items.get_mut(&3).unwrap().notes = "moved in".into();
    std::fs::write(&good, r.to_ron()).unwrap();
    gui_common::pick(&mut app, Pick::ImportRecords, good);
    assert!(app.status.starts_with("已导入"), "{}", app.status);
    assert!(!app.status.is_failure());
    assert_eq!(app.saved_records().items[&3].notes, "moved in");
    assert_eq!(
        app.records.draft.items[&3].notes, "moved in",
        "the form shows it"
    );
}

#[test]
fn the_status_line_follows_a_language_switch() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let bad = dir.path().join("apps.ron");
    std::fs::write(&bad, "(applications: [])").unwrap();
    gui_common::pick(&mut app, Pick::ImportRecords, bad.clone());
    assert!(app.status.starts_with("操作失败："), "{}", app.status);
    let _ = app.update(Message::ToggleLang);
    // Said again in English, the file and line kept, still a failure.
    assert!(
        app.status
            .starts_with(&format!("Failed: {}:1:", bad.display()))
            && app.status.contains("not a records file")
            && app.status.is_failure(),
        "{}",
        app.status
    );
    let _ = app.update(Message::ToggleLang);
    assert!(app.status.starts_with("操作失败："), "{}", app.status);
}

#[test]
fn a_date_error_in_the_records_form_does_not_move_the_fields_below() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    let _ = app.update(Message::Nav(ScreenId::Records));
    let place = "公告地点（网站或刊物）";
    let before = ui(&app).find(place).unwrap().bounds();
    let _ = app.update(Message::Records(R::AnnouncementDate("2024-13-40".into())));
    let mut u = ui(&app);
    assert!(u.find("请输入有效日期，格式为 2024-07-01").is_ok());
    assert_eq!(u.find(place).unwrap().bounds(), before);
}

/// The app on 2026-12-07 with a data folder of its own holding `files`, made-up notices of
/// tests/notices/ (test data, never shipped); the folder lasts as long as the `TempDir`.
fn app_with_notices(files: &[&str]) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let kept = dir.path().join("notices");
    std::fs::create_dir_all(&kept).unwrap();
    for f in files {
        let from = format!("{}/tests/notices/{f}", env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(from, kept.join(f)).unwrap();
    }
    let app = App::new(Boot {
        data_dir: Some(dir.path().to_path_buf()),
        ..Boot::fixed(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap())
    });
    (dir, app)
}

/// Issue 31: with an amendment and a successor kept (the made-up test notices of
/// tests/notices/), the catalogue shows the table in force today and lets the clerk pick
/// another notice, the notice screen shows any notice, and a decision card names the notice it
/// applied. With the built-in notice alone none of this is shown (every other test here).
#[test]
fn more_than_one_notice_the_catalogue_the_notice_screen_and_the_card_name_them() {
    use delegation_tracker::gui::screen::catalogue::Message as C;
    use delegation_tracker::gui::screen::notice::Message as N;
    use delegation_tracker::gui::screen::router::Message as Rt;
    let (_dir, mut app) = app_with_notices(&["amendment-2026-test.ron", "successor-2027-test.ron"]);
    // The catalogue: the 2024 notice in force today, as amended: 11 items, item 11 gone.
    assert!(ui(&app).find("通告（默认为今日施行的）").is_ok());
    assert!(ui(&app).find("已按测试修〔2026〕1号修改").is_ok());
    assert!(ui(&app).find("显示 11 / 11").is_ok());
    assert!(ui(&app).find("内资股份有限公司备案").is_err());
    // The successor picked: its two items.
    let successor = Choice {
        value: Some(2),
        label: "测试接〔2027〕2号".into(),
    };
    let _ = app.update(Message::Catalogue(C::Notice(successor)));
    assert!(ui(&app).find("显示 2 / 2").is_ok());
    assert!(ui(&app).find("取水许可").is_ok());
    // The notice screen: the one in force today, then the amendment's own text.
    let _ = app.update(Message::Nav(ScreenId::Notice));
    let title = &delegation_law::catalogue::Catalogue::embedded()
        .notice
        .title;
    assert!(app.notice.as_ref().unwrap().text().contains(title.as_str()));
    assert!(ui(&app).find("显示通告").is_ok(), "the picker is there");
    let amendment = Choice {
        value: Some(1),
        label: "测试修〔2026〕1号".into(),
    };
    let _ = app.update(Message::Notice(N::Pick(amendment)));
    let text = app.notice.as_ref().unwrap().text();
    assert!(
        text.contains("（测试）本通告自2026年5月1日起施行。"),
        "{text}"
    );
    // The router: item 11 received today is the original unit's, by the amendment.
    let _ = app.update(Message::Nav(ScreenId::Router));
    let _ = app.update(Message::Router(Rt::ItemNo("11".into())));
    let _ = app.update(Message::Router(Rt::Received("2026-12-07".into())));
    assert!(ui(&app).find("适用通告").is_ok());
    assert!(gui_common::text_containing(&app, "测试修〔2026〕1号已将第11项移出目录").is_some());
    // Received after the successor took effect: item 2 is its water intake, the form asks
    // for the water facts, and the successor's bound decides.
    let _ = app.update(Message::Router(Rt::Received("2027-07-20".into())));
    let _ = app.update(Message::Router(Rt::ItemNo("2".into())));
    let _ = app.update(Message::Router(Rt::Volume("250000".into())));
    assert!(ui(&app).find("本事项无需补充其他情形。").is_err());
    assert!(
        gui_common::text_containing(&app, "不满30万立方米").is_some(),
        "the successor's bound decides"
    );
    assert!(gui_common::text_containing(&app, "测试接〔2027〕2号").is_some());
    // Back in 2026, item 2 is the 2024 notice's, with no facts to give.
    let _ = app.update(Message::Router(Rt::Received("2026-12-07".into())));
    assert!(ui(&app).find("本事项无需补充其他情形。").is_ok());
    assert!(gui_common::text_containing(&app, "不满30万立方米").is_none());
}

/// Issue 31: a notice imported from the 通告原文 screen is checked as `notices import` checks
/// it, kept in the data folder and routed by at once: a refused file says where and keeps
/// nothing; the amendment imported changes the catalogue, the router and the notice shown.
#[test]
fn a_notice_imported_in_the_window_is_checked_kept_and_routed_by_at_once() {
    use delegation_tracker::gui::screen::router::Message as Rt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let mut app = App::new(Boot {
        data_dir: Some(data.clone()),
        ..Boot::fixed(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap())
    });
    let _ = app.update(Message::Nav(ScreenId::Notice));
    assert!(
        ui(&app).find("导入通告 .ron").is_ok(),
        "the button is there"
    );
    assert!(
        ui(&app).find("显示通告").is_err(),
        "no picker with one notice"
    );
    let from = format!(
        "{}/tests/notices/amendment-2026-test.ron",
        env!("CARGO_MANIFEST_DIR")
    );
    let good = std::fs::read_to_string(&from).unwrap();
    // A file without its issue date: refused with its place, nothing kept, nothing changed.
    let bad = dir.path().join("bad.ron");
    let line = good.lines().position(|l| l.contains("issued:")).unwrap();
    let without: Vec<&str> = good
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != line)
        .map(|(_, l)| l)
        .collect();
    std::fs::write(&bad, without.join("\n")).unwrap();
    let _ = app.picked(Pick::Notice, bad.clone());
    let said = gui_common::text_containing(&app, "bad.ron").expect("the refusal is shown");
    assert!(said.contains("失败"), "{said}");
    assert!(said.contains('行') && said.contains('列'), "{said}");
    assert!(
        !data.join("notices").exists() || data.join("notices").read_dir().unwrap().count() == 0
    );
    let _ = app.update(Message::Nav(ScreenId::Catalogue));
    assert!(ui(&app).find("显示 12 / 12").is_ok());
    // The amendment itself: kept, shown, and routed by.
    let file = dir.path().join("amendment.ron");
    std::fs::write(&file, &good).unwrap();
    let _ = app.update(Message::Nav(ScreenId::Notice));
    let _ = app.picked(Pick::Notice, file.clone());
    let said = gui_common::text_containing(&app, "已导入测试修〔2026〕1号").expect("said");
    assert!(said.contains("未与公报原文核对"), "{said}");
    assert!(
        !said.contains("重新启动"),
        "the window uses it at once: {said}"
    );
    let kept: Vec<_> = data.join("notices").read_dir().unwrap().collect();
    assert_eq!(kept.len(), 1);
    let text = app.notice.as_ref().unwrap().text();
    assert!(
        text.contains("（测试）本通告自2026年5月1日起施行。"),
        "{text}"
    );
    assert!(ui(&app).find("显示通告").is_ok(), "the picker is there now");
    let _ = app.update(Message::Nav(ScreenId::Catalogue));
    assert!(ui(&app).find("已按测试修〔2026〕1号修改").is_ok());
    assert!(ui(&app).find("显示 11 / 11").is_ok());
    let _ = app.update(Message::Nav(ScreenId::Router));
    let _ = app.update(Message::Router(Rt::ItemNo("11".into())));
    let _ = app.update(Message::Router(Rt::Received("2026-12-07".into())));
    assert!(gui_common::text_containing(&app, "测试修〔2026〕1号已将第11项移出目录").is_some());
    // The same file again: said so, nothing changed.
    let _ = app.update(Message::Nav(ScreenId::Notice));
    let _ = app.picked(Pick::Notice, file);
    assert!(gui_common::text_containing(&app, "内容相同，未改动").is_some());
    assert_eq!(data.join("notices").read_dir().unwrap().count(), 1);
}

/// With more than one notice, the catalogue's notice shows its days as the validity reading
/// chosen on 期限 puts them, at once, and the notice picked stays picked.
#[test]
fn the_catalogues_notice_follows_the_validity_reading() {
    use delegation_law::deadlines::ValidityConvention::{CivilCode, ListingPractice};
    use delegation_tracker::gui::screen::catalogue::Message as C;
    use delegation_tracker::gui::screen::deadlines::Message as D;
    let last = |app: &App| {
        let shown = app.catalogue.shown.as_ref().unwrap();
        (shown.index, shown.key.validity_last_day.to_string())
    };
    // The 2024 notice, amended: five years end on 2029-04-28 as Guangzhou lists them, on
    // 2029-04-29 by the civil code.
    let (_dir, mut app) = app_with_notices(&["amendment-2026-test.ron"]);
    assert_eq!(last(&app), (0, "2029-04-28".to_string()));
    let _ = app.update(Message::Deadlines(D::Validity(CivilCode)));
    assert_eq!(last(&app), (0, "2029-04-29".to_string()));
    // The successor picked stays picked, its own last day moved.
    let (_dir, mut app) = app_with_notices(&["amendment-2026-test.ron", "successor-2027-test.ron"]);
    let successor = Choice {
        value: Some(2),
        label: "测试接〔2027〕2号".into(),
    };
    let _ = app.update(Message::Catalogue(C::Notice(successor)));
    let (index, listing) = last(&app);
    assert_eq!(index, 2);
    let _ = app.update(Message::Deadlines(D::Validity(CivilCode)));
    let (index, civil) = last(&app);
    assert_eq!(index, 2);
    assert_ne!(civil, listing);
    let _ = app.update(Message::Deadlines(D::Validity(ListingPractice)));
    assert_eq!(last(&app), (2, listing));
}
