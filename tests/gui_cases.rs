//! The case register in the app (issue 27), driven as a clerk would through iced_test's
//! simulator: record from the router (a number required, never invented; there already; the
//! number taken by other facts), find it on the 办件台账 screen, close it, reopen it, filter and
//! page a larger register, see a limit's overdue mark, and a change over another clerk's
//! refused. The register is a real SQLite file in a data folder of the test's own.

use std::path::Path;

use chrono::NaiveDate;
use delegation_law::calendar::Calendar;
use delegation_law::cases::{CaseResult, CaseStatus};
use delegation_law::catalogue::Catalogue;
use delegation_law::router::Outcome;
use delegation_session::cases::open_cases;
use delegation_store::cases::{Actor, Closing, Filed, NewCase, RecordedDecision};
use delegation_store::cases::{CaseError, Recorded};
use delegation_tracker::gui::app::ScreenId;
use delegation_tracker::gui::screen::Choice;
use delegation_tracker::gui::screen::cases::Message as C;
use delegation_tracker::gui::screen::router::FieldId;
use delegation_tracker::gui::{App, Boot, Message};
use iced_test::selector::id;

mod gui_common;
use gui_common::{act, click, settle, text_containing};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()
}

fn app_on(dir: &Path) -> App {
    let (mut app, task) = App::boot(Boot {
        data_dir: Some(dir.to_path_buf()),
        ..Boot::fixed(today())
    });
    settle(&mut app, task);
    app
}

fn has(app: &App, needle: &str) -> bool {
    text_containing(app, needle).is_some()
}

fn send(app: &mut App, m: C) {
    let task = app.update(Message::Cases(m));
    settle(app, task);
}

/// Item 1 (no facts to type) on the router, received on `received`, with `id` typed.
fn route_item_1(app: &mut App, id_typed: &str, received: &str) {
    app.router.choose(1);
    let task = app.update(Message::Nav(ScreenId::Router));
    settle(app, task);
    app.router.received = received.into();
    app.router.id = String::new();
    if !id_typed.is_empty() {
        act(app, |ui| {
            ui.click(id(FieldId::Id.widget_id()))?;
            let _ = ui.typewrite(id_typed);
            Ok(())
        });
    }
}

#[test]
fn record_from_the_router_find_close_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(dir.path());
    // No number: marked, nothing recorded.
    route_item_1(&mut app, "", "2024-06-20");
    click(&mut app, "登记为办件");
    assert!(app.router.id_required);
    assert!(has(&app, "登记为办件需要办件编号"));
    assert!(app.router.recorded.is_none());

    route_item_1(&mut app, "ZC-2024-001", "2024-06-20");
    assert_eq!(app.router.id, "ZC-2024-001");
    click(&mut app, "登记为办件");
    assert!(
        matches!(&app.router.recorded, Some((id, Ok(Recorded::New))) if id == "ZC-2024-001"),
        "{:?}",
        app.router.recorded
    );
    assert!(has(&app, "已登记为办件 ZC-2024-001"));
    // Again, the same facts: there already, not twice.
    click(&mut app, "登记为办件");
    assert!(matches!(
        &app.router.recorded,
        Some((_, Ok(Recorded::AlreadyThere)))
    ));
    assert!(has(&app, "未重复登记"));
    // The same number for other facts: refused, with a way to open the case that has it.
    let task = app.update(Message::Router(
        delegation_tracker::gui::screen::router::Message::InZone(false),
    ));
    settle(&mut app, task);
    click(&mut app, "登记为办件");
    assert!(matches!(
        &app.router.recorded,
        Some((_, Ok(Recorded::Conflict(_))))
    ));
    assert!(has(&app, "事实不同：未登记"));

    // 打开办件: the register's screen at the case's card.
    click(&mut app, "打开办件");
    assert_eq!(app.screen, ScreenId::Cases);
    let card = app.cases.card.as_ref().expect("the card is read");
    assert_eq!(card.history.case.id, "ZC-2024-001");
    assert_eq!(card.history.case.status, CaseStatus::Open);
    assert!(card.history.case.filed.in_zone, "the first facts stay");
    assert!(has(&app, "共 1 件（在办 1，办结 0）"));
    assert!(has(&app, "办件 ZC-2024-001"));
    // Its decision, with the clause it rests on, and its trail.
    assert!(has(&app, "穗府规〔2024〕3号"));
    assert!(has(&app, "登记"));
    // Working days so far: 2024-06-20 to 2024-07-01, the first day not counted.
    assert!(
        has(&app, "已用 7 个工作日"),
        "{:?}",
        text_containing(&app, "工作日")
    );

    // Close it: the date defaults to today (a day ahead is refused); a result is chosen; a note.
    assert_eq!(app.cases.close_on, "2024-07-01");
    send(&mut app, C::CloseOn("2024-07-02".into()));
    assert!(has(&app, "办结日期晚于今天"));
    send(&mut app, C::CloseOn("2024-07-01".into()));
    send(
        &mut app,
        C::CloseResult(Choice {
            value: Some(CaseResult::Granted),
            label: String::new(),
        }),
    );
    send(&mut app, C::CloseNote("当场办结".into()));
    click(&mut app, "确认办结");
    let card = app.cases.card.as_ref().unwrap();
    assert_eq!(card.history.case.status, CaseStatus::Closed);
    assert_eq!(card.history.case.result, Some(CaseResult::Granted));
    assert_eq!(card.history.case.working_days, Some(7));
    assert_eq!(card.history.case.note, "当场办结");
    assert!(has(
        &app,
        "办件 ZC-2024-001 已办结（准予），用时 7 个工作日"
    ));
    assert!(has(&app, "共 1 件（在办 0，办结 1）"));

    // Reopen it: open again, the trail keeps the closing.
    click(&mut app, "重新办理");
    let card = app.cases.card.as_ref().unwrap();
    assert_eq!(card.history.case.status, CaseStatus::Open);
    assert_eq!(card.history.events.len(), 3);
    assert!(has(&app, "已重新办理"));

    // The case's slip (办件登记单): the decision as recorded, its status and trail, read back by
    // poppler where it is installed.
    let slip = dir.path().join("登记单.pdf");
    gui_common::pick(
        &mut app,
        delegation_tracker::gui::dialog::Pick::CaseSlip,
        slip.clone(),
    );
    let bytes = std::fs::read(&slip).unwrap_or_default();
    assert!(bytes.starts_with(b"%PDF"), "{}", app.file_status);
    if let Ok(o) = std::process::Command::new("pdftotext")
        .arg("-raw")
        .arg(&slip)
        .arg("-")
        .output()
    {
        let text = String::from_utf8_lossy(&o.stdout);
        for needed in [
            "办件编号 ZC-2024-001",
            "分派结论（登记时）",
            "审计记录",
            "重新办理",
            "当场办结",
        ] {
            assert!(text.contains(needed), "{needed} not in {text}");
        }
    } else {
        assert!(
            std::env::var_os("DELEGATION_TRACKER_REQUIRE_POPPLER").is_none(),
            "pdftotext is required: apt-get install poppler-utils"
        );
    }

    // The store itself, read by another program's way in: the same case, three events,
    // the chain whole.
    let mut cases = open_cases(&dir.path().join("cases.sqlite")).unwrap();
    let case = cases.case("ZC-2024-001").unwrap().unwrap();
    assert_eq!(case.status, CaseStatus::Open);
    assert_eq!(case.version, 3);
    assert_eq!(cases.verify().unwrap(), Ok(3));

    // In English, the same screen.
    let task = app.update(Message::ToggleLang);
    settle(&mut app, task);
    assert!(has(&app, "1 cases (1 open, 0 closed)"));
    assert!(has(&app, "Audit trail"));
}

fn actor(who: &str) -> Actor {
    Actor {
        who: who.into(),
        machine: "pc-2".into(),
        at: "2024-07-01T09:00:00+08:00".into(),
    }
}

fn new_case(id: &str, item: u8, received: NaiveDate) -> NewCase {
    NewCase {
        id: id.into(),
        filed: Filed {
            item,
            received,
            in_zone: true,
            facts: "General".into(),
            applicant: format!("申请单位{id}"),
        },
        decision: RecordedDecision {
            at: "2024-07-01T09:00:00+08:00".into(),
            notice: "穗府规〔2024〕3号".into(),
            outcome: Outcome::Committee.code().into(),
            approving_body: Some("增城开发区管委会".into()),
            mode: Some("授权行使".into()),
            in_name_of: Some("增城开发区管委会".into()),
            answerable: Some("增城开发区管委会".into()),
            clause: "穗府规〔2024〕3号 附件 第1项".into(),
            finding: "在开发区内".into(),
            flips: String::new(),
        },
    }
}

#[test]
fn filter_page_limit_and_a_change_over_another_clerks() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("cases.sqlite");
    {
        // 60 cases of items 1 and 2 from 2024-05-06, one a day; every third closed.
        let mut cases = open_cases(&store).unwrap();
        let start = NaiveDate::from_ymd_opt(2024, 5, 6).unwrap();
        let new: Vec<NewCase> = (0..60)
            .map(|i| {
                new_case(
                    &format!("ZC-{i:03}"),
                    1 + (i % 2) as u8,
                    start + chrono::Duration::days(i64::from(i)),
                )
            })
            .collect();
        cases.record_all(&new, &actor("李四")).unwrap();
        for i in (0..60).step_by(3) {
            let c = &new[i];
            if c.filed.received >= today() {
                continue;
            }
            let closing = Closing {
                on: today(),
                result: CaseResult::Granted,
                note: String::new(),
            };
            cases
                .close(&c.id, None, &closing, Calendar::embedded(), &actor("李四"))
                .unwrap();
        }
    }
    let mut app = app_on(dir.path());
    let task = app.update(Message::Nav(ScreenId::Cases));
    settle(&mut app, task);
    let tally = app.cases.page.as_ref().unwrap().tally;
    assert_eq!(tally.cases, 60);
    assert_eq!(tally.open + tally.closed, 60);
    assert_eq!(app.cases.page.as_ref().unwrap().lines.len(), 25);
    assert!(has(&app, "第 1–25 件"));
    // Pages: next, last (10 on it), first.
    click(&mut app, "下一页");
    assert!(has(&app, "第 26–50 件"));
    click(&mut app, "末页");
    assert!(has(&app, "第 51–60 件"));
    assert!(has(&app, "ZC-059"));
    click(&mut app, "首页");
    assert!(has(&app, "ZC-000"));
    // Filters: open ones of item 2; a search by applicant.
    send(
        &mut app,
        C::Status(Choice {
            value: Some(CaseStatus::Open),
            label: String::new(),
        }),
    );
    send(
        &mut app,
        C::Item(Choice {
            value: Some(2),
            label: String::new(),
        }),
    );
    let page = app.cases.page.as_ref().unwrap();
    assert!(
        page.lines
            .iter()
            .all(|l| l.case.filed.item == 2 && l.case.closed.is_none())
    );
    assert_eq!(page.tally.closed, 0);
    assert_eq!(page.tally.cases, page.tally.open);
    send(&mut app, C::Search("申请单位ZC-007".into()));
    let page = app.cases.page.as_ref().unwrap();
    assert_eq!(page.tally.cases, 1);
    assert_eq!(page.lines[0].case.id, "ZC-007");
    // Latest first, all of them again.
    send(&mut app, C::Search(String::new()));
    send(
        &mut app,
        C::Status(Choice {
            value: None,
            label: String::new(),
        }),
    );
    send(
        &mut app,
        C::Item(Choice {
            value: None,
            label: String::new(),
        }),
    );
    send(
        &mut app,
        C::Order(Choice {
            value: Some(delegation_store::cases::Order::ReceivedLatest),
            label: String::new(),
        }),
    );
    assert_eq!(app.cases.page.as_ref().unwrap().lines[0].case.id, "ZC-059");

    // A limit of 5 working days on item 1 (set by the coordinator from the command line's
    // store): overdue ones are marked, and the filter finds only them.
    open_cases(&store)
        .unwrap()
        .set_limit(Catalogue::embedded(), 1, Some(5), &actor("王五"))
        .unwrap();
    send(&mut app, C::Overdue(true));
    let page = app.cases.page.as_ref().unwrap();
    assert!(page.tally.cases > 0);
    assert!(
        page.lines
            .iter()
            .all(|l| l.overdue && l.case.filed.item == 1)
    );
    assert!(has(&app, "逾期"));

    // Two clerks, one case: this window opens ZC-001's card; another closes it meanwhile.
    send(&mut app, C::Overdue(false));
    send(&mut app, C::Open("ZC-001".into()));
    assert_eq!(app.cases.card.as_ref().unwrap().history.case.version, 1);
    open_cases(&store)
        .unwrap()
        .close(
            "ZC-001",
            None,
            &Closing {
                on: today(),
                result: CaseResult::Refused,
                note: "另一位办事员".into(),
            },
            Calendar::embedded(),
            &actor("赵六"),
        )
        .unwrap();
    send(
        &mut app,
        C::CloseResult(Choice {
            value: Some(CaseResult::Granted),
            label: String::new(),
        }),
    );
    click(&mut app, "确认办结");
    // Refused, saying who changed it and when, theirs beside this clerk's; the card now
    // shows theirs, and this clerk's change is still in the form.
    assert!(
        has(&app, "已由 赵六 于"),
        "{:?}",
        text_containing(&app, "ZC-001")
    );
    assert!(
        has(
            &app,
            "台账中现为：办结 2024-07-01 不予；您的改动（未保存）：办结 2024-07-01 准予"
        ),
        "{:?}",
        text_containing(&app, "台账中现为")
    );
    assert_eq!(app.cases.close_result, Some(CaseResult::Granted));
    let card = app.cases.card.as_ref().unwrap();
    assert_eq!(card.history.case.result, Some(CaseResult::Refused));
    assert_eq!(card.history.case.version, 2);
    let mut cases = open_cases(&store).unwrap();
    assert!(matches!(
        cases.close(
            "ZC-001",
            Some(1),
            &Closing {
                on: today(),
                result: CaseResult::Granted,
                note: String::new(),
            },
            Calendar::embedded(),
            &actor("x"),
        ),
        Err(CaseError::Conflict { .. })
    ));
}

#[test]
fn the_years_figures_a_time_limit_and_the_files() {
    use delegation_tracker::gui::dialog::Pick;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("cases.sqlite");
    {
        let mut cases = open_cases(&store).unwrap();
        let new = [
            new_case("ZC-A", 1, NaiveDate::from_ymd_opt(2024, 6, 3).unwrap()),
            new_case("ZC-B", 1, NaiveDate::from_ymd_opt(2024, 6, 4).unwrap()),
            new_case("ZC-C", 2, NaiveDate::from_ymd_opt(2024, 6, 5).unwrap()),
        ];
        cases.record_all(&new, &actor("李四")).unwrap();
        let closing = Closing {
            on: NaiveDate::from_ymd_opt(2024, 6, 28).unwrap(),
            result: CaseResult::Granted,
            note: String::new(),
        };
        cases
            .close("ZC-A", None, &closing, Calendar::embedded(), &actor("李四"))
            .unwrap();
    }
    let mut app = app_on(dir.path());
    let task = app.update(Message::Nav(ScreenId::Cases));
    settle(&mut app, task);
    click(&mut app, "年度统计");
    let (year, figures, _) = app.cases.figures.as_ref().expect("the figures are read");
    assert_eq!(*year, 2024);
    assert_eq!(figures.len(), 12, "every item, those without cases too");
    assert_eq!((figures[0].received, figures[0].closed), (2, 1));
    assert_eq!(figures[1].received, 1);
    // Items 3 to 12 had none: marked.
    assert!(has(&app, "（零办件）"));
    // A limit of 10 working days on item 1, set here: said, audited, and the figures count
    // by it (ZC-A took 19 working days; ZC-B, open, is past 10 on 2024-07-01).
    send(
        &mut app,
        C::LimitItem(Choice {
            value: Some(1),
            label: String::new(),
        }),
    );
    send(&mut app, C::LimitDays("十".into()));
    assert!(
        app.cases.limit_input().is_err(),
        "a limit that is no number"
    );
    send(&mut app, C::LimitDays("10".into()));
    click(&mut app, "设定");
    assert!(
        has(&app, "第1项的承诺时限已设为 10 个工作日"),
        "{}",
        app.cases.status
    );
    let (_, figures, limits) = app.cases.figures.as_ref().unwrap();
    assert_eq!(limits.get(&1), Some(&10));
    assert_eq!(figures[0].overdue, 2);
    let mut cases = open_cases(&store).unwrap();
    let mut kinds = Vec::new();
    cases
        .events(None, &mut |e| {
            kinds.push(e.kind);
            true
        })
        .unwrap();
    assert_eq!(
        kinds.last(),
        Some(&delegation_store::cases::EventKind::Limit)
    );
    // The files: the figures as shown, in Chinese.
    for (what, name) in [
        (Pick::FiguresCsv, "统计.csv"),
        (Pick::FiguresXlsx, "统计.xlsx"),
        (Pick::FiguresPdf, "统计.pdf"),
    ] {
        let path = dir.path().join(name);
        gui_common::pick(&mut app, what, path.clone());
        let written = std::fs::read(&path).unwrap_or_default();
        assert!(written.len() > 100, "{name}: {}", app.file_status);
        if what == Pick::FiguresCsv {
            let text = String::from_utf8_lossy(&written);
            assert!(text.contains("超时"), "{text}");
            assert!(text.contains("（零办件）"));
        }
    }
    // The table back.
    click(&mut app, "办件列表");
    assert!(has(&app, "ZC-A"));
}

#[test]
fn the_screen_hears_of_another_process_change_and_nothing_while_none() {
    use iced::futures::StreamExt;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("cases.sqlite");
    open_cases(&store)
        .unwrap()
        .record_all(
            &[new_case(
                "ZC-W",
                1,
                NaiveDate::from_ymd_opt(2024, 6, 3).unwrap(),
            )],
            &actor("李四"),
        )
        .unwrap();
    let mut watch = Box::pin(delegation_tracker::gui::app::watch_register(&store));
    // Nothing changed: nothing said in two looks.
    let wait =
        delegation_tracker::gui::app::WATCH_EVERY * 2 + std::time::Duration::from_millis(500);
    let quiet = iced::futures::executor::block_on(async {
        use iced::futures::FutureExt;
        let timer = async_sleep(wait).fuse();
        let next = watch.next().fuse();
        iced::futures::pin_mut!(timer, next);
        iced::futures::select! {
            _ = next => false,
            _ = timer => true,
        }
    });
    assert!(quiet, "no message while nothing changed");
    open_cases(&store)
        .unwrap()
        .set_limit(Catalogue::embedded(), 1, Some(3), &actor("王五"))
        .unwrap();
    let said = iced::futures::executor::block_on(watch.next());
    assert!(matches!(said, Some(Message::CasesChanged)));
}

/// A future that is ready after `d` (a thread sleeps; the executor here has no timer).
async fn async_sleep(d: std::time::Duration) {
    let (tx, rx) = iced::futures::channel::oneshot::channel::<()>();
    std::thread::spawn(move || {
        std::thread::sleep(d);
        let _ = tx.send(());
    });
    let _ = rx.await;
}

#[test]
fn record_a_whole_register_from_the_batch_screen() {
    use delegation_tracker::gui::dialog::Pick;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("cases.sqlite");
    // B-3 was recorded before with other facts (received another day): a conflict.
    open_cases(&store)
        .unwrap()
        .record_all(
            &[new_case(
                "B-3",
                1,
                NaiveDate::from_ymd_opt(2024, 5, 2).unwrap(),
            )],
            &actor("李四"),
        )
        .unwrap();
    let mut app = app_on(dir.path());
    let _ = app.update(Message::Nav(ScreenId::Batch));
    let csv = dir.path().join("登记.csv");
    // B-1 and B-3 route; B-2's date cannot be read; B-4's item 13 is no item of the notice:
    // routed INVALID.
    std::fs::write(
        &csv,
        "办件编号,事项序号,收件日期,是否在开发区内,申请人\r\n\
         B-1,1,2024/6/3,是,增城某公司\r\n\
         B-2,2,七月一日,是,\r\n\
         B-3,1,2024/6/4,是,\r\n\
         B-4,13,2024/6/4,是,\r\n",
    )
    .unwrap();
    gui_common::pick(&mut app, Pick::OpenBatch, csv);
    assert!(app.batch.register.is_some());
    click(&mut app, "全部登记为办件");
    assert!(app.batch.recording.is_none(), "done");
    let (result, unreadable) = app.batch.recorded.as_ref().expect("said what it did");
    let r = result.as_ref().expect("recorded");
    assert_eq!(r.recorded, 1);
    assert_eq!(r.conflicts.len(), 1);
    assert_eq!(r.conflicts[0].1, "B-3");
    assert_eq!(r.invalid.len(), 1);
    assert_eq!(r.invalid[0].1, "B-4");
    assert_eq!(unreadable.len(), 1);
    assert!(has(
        &app,
        "新登记 1 件，已登记过 0 件，未登记 3 件（INVALID 或无法读取 2 件，与已登记的事实不符 1 件）"
    ));
    assert!(has(&app, "未登记第 4 行 B-3"));
    // The applicant came from its column; a second run records nothing twice.
    let case = open_cases(&store).unwrap().case("B-1").unwrap().unwrap();
    assert_eq!(case.filed.applicant, "增城某公司");
    click(&mut app, "全部登记为办件");
    let r = app.batch.recorded.as_ref().unwrap().0.as_ref().unwrap();
    assert_eq!((r.recorded, r.already), (0, 1));
    assert_eq!(open_cases(&store).unwrap().verify().unwrap(), Ok(2));
}

#[test]
fn correct_a_fact_shows_both_decisions_and_keeps_the_old() {
    use delegation_tracker::gui::screen::router::Message as R;
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(dir.path());
    // Item 10, surface water of 80,000 m³ a day: the committee's.
    app.router.choose(10);
    let task = app.update(Message::Nav(ScreenId::Router));
    settle(&mut app, task);
    for m in [
        R::Id("ZC-W-1".into()),
        R::Received("2024-06-20".into()),
        R::Volume("80000".into()),
    ] {
        let task = app.update(Message::Router(m));
        settle(&mut app, task);
    }
    click(&mut app, "登记为办件");
    assert!(matches!(&app.router.recorded, Some((_, Ok(Recorded::New)))));
    click(&mut app, "打开办件");
    let before = app.cases.card.as_ref().unwrap().history.case.clone();
    assert_eq!(before.decision.outcome, "COMMITTEE");
    // 更正事实: the router holds the case's facts, the old decision beside the new.
    click(&mut app, "更正事实");
    assert_eq!(app.screen, ScreenId::Router);
    assert_eq!(app.router.volume, "80000");
    assert_eq!(app.router.id, "ZC-W-1");
    assert!(app.router.correcting.is_some());
    let task = app.update(Message::Router(R::Volume("200000".into())));
    settle(&mut app, task);
    assert!(
        has(&app, "更正办件 ZC-W-1 的事实：原决定为"),
        "{:?}",
        text_containing(&app, "更正")
    );
    // The id is the case's: another one is refused before anything is saved.
    let task = app.update(Message::Router(R::Id("ZC-W-2".into())));
    settle(&mut app, task);
    assert!(has(&app, "更正不改办件编号"));
    let task = app.update(Message::Router(R::Id("ZC-W-1".into())));
    settle(&mut app, task);
    click(&mut app, "保存更正");
    assert_eq!(app.screen, ScreenId::Cases);
    let card = app.cases.card.as_ref().unwrap();
    assert_eq!(card.history.case.decisions, 2);
    assert_ne!(card.history.case.decision.outcome, "COMMITTEE");
    assert_eq!(card.history.decisions.len(), 2, "both decisions kept");
    assert_eq!(card.history.decisions[0].1.outcome, "COMMITTEE");
    assert!(card.history.case.filed.facts.contains("200000"));
    assert!(has(&app, "更正前的决定"));
    assert!(has(&app, "已更正事实并重新分派（第 2 次决定）"));
    assert!(app.router.correcting.is_none());
    let mut cases = open_cases(&dir.path().join("cases.sqlite")).unwrap();
    assert_eq!(cases.verify().unwrap(), Ok(2));
}

#[test]
fn what_a_clerk_types_wrong_or_meets_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("cases.sqlite");
    let mut app = app_on(dir.path());
    // A received date still to come is marked, not recorded.
    route_item_1(&mut app, "ZC-F-1", "2030-01-01");
    click(&mut app, "登记为办件");
    assert!(app.router.received_ahead);
    assert!(has(&app, "收件日期晚于今天：请核对后再登记"));
    assert!(app.router.recorded.is_none());
    assert!(
        open_cases(&store)
            .unwrap()
            .case("ZC-F-1")
            .unwrap()
            .is_none()
    );
    // Put right, it is recorded.
    route_item_1(&mut app, "ZC-F-1", "2024-06-28");
    click(&mut app, "登记为办件");
    assert!(matches!(&app.router.recorded, Some((_, Ok(Recorded::New)))));

    // Esc clears the register's search, as the footer says.
    let task = app.update(Message::Nav(ScreenId::Cases));
    settle(&mut app, task);
    send(&mut app, C::Search("nothing-like-this".into()));
    assert_eq!(app.cases.page.as_ref().unwrap().tally.cases, 0);
    let task = app.update(Message::Escape);
    settle(&mut app, task);
    assert_eq!(app.cases.filter.search, "");
    assert_eq!(app.cases.page.as_ref().unwrap().tally.cases, 1);

    // Another clerk closes the case while this card has a draft: the screen hears of it, says
    // who and when, shows the case as it is, and keeps the draft to be checked.
    send(&mut app, C::Open("ZC-F-1".into()));
    send(
        &mut app,
        C::CloseResult(Choice {
            value: Some(CaseResult::Refused),
            label: String::new(),
        }),
    );
    send(&mut app, C::CloseNote("草稿".into()));
    open_cases(&store)
        .unwrap()
        .close(
            "ZC-F-1",
            None,
            &Closing {
                on: today(),
                result: CaseResult::Granted,
                note: String::new(),
            },
            Calendar::embedded(),
            &actor("赵六"),
        )
        .unwrap();
    let task = app.update(Message::CasesChanged);
    settle(&mut app, task);
    assert!(
        has(
            &app,
            "此办件已由 赵六 于 2024-07-01 09:00 改动（现为第 2 版）"
        ),
        "{}",
        app.cases.status
    );
    assert_eq!(
        app.cases.card.as_ref().unwrap().history.case.status,
        CaseStatus::Closed
    );
    assert_eq!(app.cases.close_note, "草稿");
}

#[test]
fn a_store_that_is_not_a_register_is_said_once_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("cases.sqlite");
    let junk: Vec<u8> = (0..8192u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(&store, &junk).unwrap();
    let mut app = app_on(dir.path());
    let task = app.update(Message::Nav(ScreenId::Cases));
    settle(&mut app, task);
    assert!(has(&app, "不是本程序的办件台账"));
    assert!(
        !has(&app, "正在读取办件台账"),
        "no endless reading under the error"
    );
    assert_eq!(std::fs::read(&store).unwrap(), junk);
}

/// Issue 31: the notices are each PC's own. When the register's latest cases were routed on
/// another PC by a notice this one lacks, the 办件台账 screen says so, naming it; once the
/// notice is imported here, it no longer does.
#[test]
fn cases_routed_by_a_notice_this_pc_lacks_are_said_until_it_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    {
        // Another PC, holding the amendment, recorded item 10 under it.
        let mut cases = open_cases(&dir.path().join("cases.sqlite")).unwrap();
        let mut theirs = new_case(
            "ZC-2026-001",
            10,
            NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        );
        theirs.decision.notice = "测试修〔2026〕1号".into();
        cases
            .record(&new_case("ZC-2024-001", 1, today()), &actor("甲"))
            .unwrap();
        cases.record(&theirs, &actor("乙")).unwrap();
    }
    let mut app = app_on(dir.path());
    let task = app.update(Message::Nav(ScreenId::Cases));
    settle(&mut app, task);
    assert_eq!(app.cases.not_held, vec!["测试修〔2026〕1号".to_string()]);
    assert!(has(&app, "本机没有这份通告"));
    assert!(has(&app, "按测试修〔2026〕1号分派"));
    // Imported here: the screen shown again says nothing of it.
    let file = format!(
        "{}/tests/notices/amendment-2026-test.ron",
        env!("CARGO_MANIFEST_DIR")
    );
    let task = app.picked(delegation_tracker::gui::dialog::Pick::Notice, file.into());
    settle(&mut app, task);
    let task = app.update(Message::Nav(ScreenId::Catalogue));
    settle(&mut app, task);
    let task = app.update(Message::Nav(ScreenId::Cases));
    settle(&mut app, task);
    assert!(app.cases.not_held.is_empty());
    assert!(!has(&app, "本机没有这份通告"));
}
