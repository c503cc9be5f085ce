//! The PDFs and the template from the screens: the router's decision slip, a batch row's slip,
//! the handover report from the records screen, and an empty register from the batch screen.

use chrono::NaiveDate;
use delegation_tracker::gui::app::ScreenId;
use delegation_tracker::gui::dialog::Pick;
use delegation_tracker::gui::screen::batch::Message as B;
use delegation_tracker::gui::{App, Boot, Message};

mod gui_common;
use gui_common::ui;

fn app() -> App {
    App::new(Boot::fixed(NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()))
}

fn is_pdf(path: &std::path::Path) -> bool {
    std::fs::read(path).is_ok_and(|b| b.starts_with(b"%PDF-") && b.len() > 1000)
}

#[test]
fn the_router_card_writes_its_decision_slip() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app();
    app.router.choose(2);
    let _ = app.update(Message::Nav(ScreenId::Router));
    assert!(
        ui(&app).find("分派决定单 PDF").is_ok(),
        "the card offers the slip"
    );
    let path = dir.path().join("slip.pdf");
    gui_common::pick(&mut app, Pick::Slip, path.clone());
    assert!(is_pdf(&path), "{}", app.file_status);
    assert!(!app.file_status.is_failure() && app.file_status.contains("slip.pdf"));
    // The router screen shows what was written.
    assert!(ui(&app).find(app.file_status.to_string().as_str()).is_ok());
}

#[test]
fn a_batch_row_writes_its_slip_and_the_batch_screen_a_template() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app();
    let _ = app.update(Message::Nav(ScreenId::Batch));
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples.ron");
    gui_common::pick(&mut app, Pick::OpenBatch, samples);
    let _ = app.update(Message::Batch(B::Select(0)));
    assert!(ui(&app).find("分派决定单 PDF").is_ok());
    let slip = dir.path().join("row.pdf");
    gui_common::pick(&mut app, Pick::BatchSlip(0), slip.clone());
    assert!(is_pdf(&slip), "{}", app.file_status);
    let template = dir.path().join("登记表.xlsx");
    assert!(ui(&app).find("空白登记表 .xlsx").is_ok());
    gui_common::pick(&mut app, Pick::Template, template.clone());
    let r = delegation_files::register::Register::load(
        &template,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
    )
    .unwrap();
    assert_eq!(r.batch.applications.len(), 4, "the template's example rows");
}

#[test]
fn the_records_screen_writes_the_handover_report_as_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app();
    let _ = app.update(Message::Nav(ScreenId::Records));
    assert!(ui(&app).find("导出报表 .pdf").is_ok());
    let path = dir.path().join("report.pdf");
    gui_common::pick(&mut app, Pick::ReportPdf, path.clone());
    assert!(is_pdf(&path), "{}", app.status);
    assert!(!app.status.is_failure());
}

#[test]
fn the_app_says_what_really_became_of_opening_the_pdf() {
    use delegation_tracker::gui::app::PdfLine;
    use delegation_tracker::gui::dialog::Viewer;
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(Boot {
        open_files: true,
        ..Boot::fixed(NaiveDate::from_ymd_opt(2024, 7, 1).unwrap())
    });
    app.router.choose(2);
    let _ = app.update(Message::Nav(ScreenId::Router));
    let path = dir.path().join("slip.pdf");
    // Written; the viewer has not answered yet: it does not claim it opened.
    let _ = app.update(Message::Picked(Pick::Slip, Some(path.clone())));
    assert!(is_pdf(&path), "{}", app.file_status);
    assert!(
        app.file_status.contains("正在用本机的 PDF 阅读器打开"),
        "{}",
        app.file_status
    );
    assert!(!app.file_status.contains("已写入并用本机的 PDF 阅读器打开"));
    // xdg-open found no viewer (exit 3): said so, with where the file is.
    let _ = app.update(Message::Viewed(
        path.clone(),
        PdfLine::File,
        Viewer::NoViewer,
    ));
    // Written all the same: a note in the warning's colour, not a red failure (issue 29,
    // finding 10).
    assert!(!app.file_status.is_failure() && app.file_status.is_note());
    assert!(
        app.file_status.contains("没有找到 PDF 阅读器") && app.file_status.contains("slip.pdf"),
        "{}",
        app.file_status
    );
    assert!(ui(&app).find(app.file_status.to_string().as_str()).is_ok());
    let _ = app.update(Message::Viewed(path.clone(), PdfLine::File, Viewer::Opened));
    assert!(!app.file_status.is_failure());
    assert!(app.file_status.contains("已写入并用本机的 PDF 阅读器打开"));
    let _ = app.update(Message::Viewed(
        path,
        PdfLine::Main,
        Viewer::Failed(Some(4)),
    ));
    assert!(
        app.status.contains("PDF 阅读器未能打开它"),
        "{}",
        app.status
    );
}

/// A file dialog that keeps the name it suggested and saves under it in `dir`.
struct NamingDialog {
    dir: std::path::PathBuf,
    names: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl delegation_tracker::gui::dialog::Dialogs for NamingDialog {
    fn available(&self) -> bool {
        true
    }

    fn ask(&self, _: Pick, name: String) -> delegation_tracker::gui::dialog::Asking {
        self.names.lock().unwrap().push(name.clone());
        Box::pin(std::future::ready(Some(self.dir.join(name))))
    }
}

/// The text of a PDF by poppler's `pdftotext`, or `None` where poppler is not installed.
fn pdf_text(path: &std::path::Path) -> Option<String> {
    match std::process::Command::new("pdftotext")
        .arg("-raw")
        .arg(path)
        .arg("-")
        .output()
    {
        Ok(o) => Some(String::from_utf8(o.stdout).unwrap()),
        Err(_) => {
            assert!(
                std::env::var_os("DELEGATION_TRACKER_REQUIRE_POPPLER").is_none(),
                "pdftotext is required: apt-get install poppler-utils"
            );
            None
        }
    }
}

#[test]
fn the_routers_case_number_is_the_clerks_own_and_names_the_slip() {
    use delegation_tracker::gui::screen::router::Message as R;
    let dir = tempfile::tempdir().unwrap();
    let names = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut app = App::new(Boot {
        dialogs: delegation_tracker::gui::dialog::DialogSource(std::sync::Arc::new(NamingDialog {
            dir: dir.path().to_path_buf(),
            names: names.clone(),
        })),
        ..Boot::fixed(NaiveDate::from_ymd_opt(2024, 7, 1).unwrap())
    });
    app.router.choose(2);
    let _ = app.update(Message::Nav(ScreenId::Router));
    // Left empty: the slip says 未编号 and its name has no case number.
    let task = app.update(Message::Router(R::Slip));
    gui_common::settle(&mut app, task);
    let unnumbered = dir.path().join("分派决定单-未编号.pdf");
    assert_eq!(*names.lock().unwrap(), ["分派决定单-未编号.pdf"]);
    assert!(is_pdf(&unnumbered), "{}", app.file_status);
    if let Some(text) = pdf_text(&unnumbered) {
        assert!(text.contains("未编号"), "{text}");
        assert!(!text.contains("GUI-1"), "{text}");
    }
    // Typed: the slip carries it and is named after it.
    let _ = app.update(Message::Router(R::Id(" ZC-2024-017 ".into())));
    let task = app.update(Message::Router(R::Slip));
    gui_common::settle(&mut app, task);
    assert_eq!(names.lock().unwrap()[1], "分派决定单-ZC-2024-017.pdf");
    let numbered = dir.path().join("分派决定单-ZC-2024-017.pdf");
    assert!(is_pdf(&numbered), "{}", app.file_status);
    if let Some(text) = pdf_text(&numbered) {
        assert!(text.contains("ZC-2024-017"), "{text}");
        assert!(!text.contains("未编号"), "{text}");
    }
}
