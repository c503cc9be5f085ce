//! Choosing a file: the desktop's dialog (through rfd), and, where none can open, the path
//! typed in the window (`path_prompt`). What a dialog is for is a [`Pick`]; the app acts on
//! the chosen path. Screens name a `Pick` for their buttons; nothing here knows the screens.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use iced::Task;

use delegation_words::ui::L;

/// A file dialog that answers "cancelled" sooner than this never showed: nobody reads a
/// dialog and presses Cancel in a quarter of a second, while rfd gives up on a desktop with
/// neither xdg-desktop-portal nor zenity within a few milliseconds.
pub const DIALOG_FAILED_WITHIN: Duration = Duration::from_millis(250);

/// What a file dialog was opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    ImportRecords,
    ExportRecords,
    ReportXlsx,
    ReportCsv,
    Ics,
    Holidays,
    OpenBatch,
    ExportBatch,
    /// The handover report as an A4 PDF (records screen).
    ReportPdf,
    /// An empty register to fill in (batch screen).
    Template,
    /// The decision slip of the router screen's application.
    Slip,
    /// The decision slip of a batch row (an index into the batch's decisions).
    BatchSlip(usize),
}

impl Pick {
    /// Whether the dialog saves a file (rather than opening one).
    pub fn saves(self) -> bool {
        !matches!(self, Pick::ImportRecords | Pick::Holidays | Pick::OpenBatch)
    }

    /// The suggested name of a saved file.
    pub fn file_name(self) -> &'static str {
        match self {
            Pick::ImportRecords | Pick::ExportRecords => "records.ron",
            Pick::ReportXlsx => "交接情况.xlsx",
            Pick::ReportCsv => "交接情况.csv",
            Pick::Ics => "穗府规2024-3号期限.ics",
            Pick::Holidays => "2027.json",
            Pick::OpenBatch => "applications.ron",
            Pick::ExportBatch => "分派结果.csv",
            Pick::ReportPdf => "交接情况.pdf",
            Pick::Template => "办件登记表.xlsx",
            Pick::Slip | Pick::BatchSlip(_) => "分派决定单.pdf",
        }
    }

    /// The file type the dialog filters on.
    pub fn extension(self) -> &'static str {
        let name = self.file_name();
        &name[name.rfind('.').map_or(0, |i| i + 1)..]
    }

    /// The file types the dialog offers: an applications file may also be a register.
    pub fn extensions(self) -> Vec<&'static str> {
        match self {
            Pick::OpenBatch => vec!["ron", "xlsx", "csv"],
            Pick::ExportBatch => vec!["csv", "xlsx"],
            _ => vec![self.extension()],
        }
    }

    /// The button that opens the dialog.
    pub fn label(self) -> L {
        match self {
            Pick::ImportRecords => L::ImportRecords,
            Pick::ExportRecords => L::ExportRecords,
            Pick::ReportXlsx => L::ReportXlsx,
            Pick::ReportCsv => L::ReportCsv,
            Pick::Ics => L::ExportIcs,
            Pick::Holidays => L::ImportHolidays,
            Pick::OpenBatch => L::OpenBatch,
            Pick::ExportBatch => L::ExportTable,
            Pick::ReportPdf => L::ReportPdf,
            Pick::Template => L::WriteTemplate,
            Pick::Slip | Pick::BatchSlip(_) => L::SlipPdf,
        }
    }
}

/// What the dialog answered.
#[derive(Debug, Clone)]
pub enum Answer {
    /// A path was chosen, or the dialog was cancelled (`None`).
    Picked(Pick, Option<PathBuf>),
    /// The dialog came back at once with nothing: none could open (see
    /// [`DIALOG_FAILED_WITHIN`]), so the path must be asked for in the window.
    NoDialog(Pick),
}

/// Opens the desktop's file dialog for `what`.
/// `name`: the suggested file name when saving (`Pick::file_name`, or a slip's own).
pub fn open(what: Pick, name: String) -> Task<Answer> {
    Task::perform(
        async move {
            let exts = what.extensions();
            let dialog = rfd::AsyncFileDialog::new().add_filter(exts.join(", "), &exts);
            let started = Instant::now();
            let handle = if what.saves() {
                dialog.set_file_name(name).save_file().await
            } else {
                dialog.pick_file().await
            };
            (handle.map(|h| h.path().to_path_buf()), started.elapsed())
        },
        move |(path, took)| match path {
            None if took < DIALOG_FAILED_WITHIN => Answer::NoDialog(what),
            path => Answer::Picked(what, path),
        },
    )
}

/// Opens a written file (a PDF) in the desktop's own viewer, from which the clerk prints.
/// The viewer runs on its own; this returns once it has been started.
pub fn show_in_viewer(path: &std::path::Path) -> std::io::Result<()> {
    #[cfg(target_os = "windows")]
    let mut command = {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]).arg(path);
        c
    };
    #[cfg(target_os = "macos")]
    let mut command = {
        let mut c = std::process::Command::new("open");
        c.arg(path);
        c
    };
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    let mut command = {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(path);
        c
    };
    command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
}
