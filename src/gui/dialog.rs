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
pub fn open(what: Pick) -> Task<Answer> {
    Task::perform(
        async move {
            let exts = what.extensions();
            let dialog = rfd::AsyncFileDialog::new().add_filter(exts.join(", "), &exts);
            let started = Instant::now();
            let handle = if what.saves() {
                dialog.set_file_name(what.file_name()).save_file().await
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
