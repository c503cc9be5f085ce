//! Choosing a file: the desktop's dialog (through rfd), and, where none can open, the path
//! typed in the window (`path_prompt`). What a dialog is for is a [`Pick`]; the app acts on
//! the chosen path. Screens name a `Pick` for their buttons; nothing here knows the screens.
//!
//! Whether a dialog can open is decided once, from what the desktop offers (on Linux: the
//! xdg-desktop-portal on the session bus, else zenity on the path, the two rfd can show),
//! never from how fast a dialog answers: a slow dialog is waited for, and its Cancel is the
//! clerk's. Where none can open, the button opens the path prompt at once, in the same
//! update, so keys typed right after the click land in it.

use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use iced::Task;

use delegation_words::ui::L;

/// A dialog being shown: the path chosen, or `None` for the clerk's Cancel.
pub type Asking = Pin<Box<dyn Future<Output = Option<PathBuf>> + Send>>;

/// Where file dialogs come from: the desktop's, or in tests a stand-in.
pub trait Dialogs: Send + Sync {
    /// Whether a dialog can open here at all (asked on every click: answer from a cache).
    fn available(&self) -> bool;
    /// Shows the dialog for `what` and waits for the clerk, however long that takes.
    fn ask(&self, what: Pick, name: String) -> Asking;
    /// [`Dialogs::ask`], opening in `folder` where the dialog can.
    fn ask_in(&self, what: Pick, name: String, folder: Option<PathBuf>) -> Asking {
        let _ = folder;
        self.ask(what, name)
    }
}

/// The app's source of dialogs (a newtype so that `Boot` stays `Debug` and `Clone`).
#[derive(Clone)]
pub struct DialogSource(pub Arc<dyn Dialogs>);

impl std::fmt::Debug for DialogSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DialogSource")
    }
}

impl DialogSource {
    /// The desktop's dialogs through rfd. Whether there are any is found out by
    /// [`DialogSource::probe`], once the window is open.
    pub fn desktop() -> DialogSource {
        DialogSource(Arc::new(Desktop::default()))
    }

    /// Finds out, on a thread of its own, whether a dialog can open here, so that the answer
    /// is there by the first click. Called when the window has opened, not before: once a
    /// process has a second thread, glibc locks every `getc`, and Xlib reads its compose
    /// tables a character at a time while the event loop opens (issue 29's start,
    /// docs/performance.md).
    pub fn probe(&self) {
        let probe = self.0.clone();
        let _ = std::thread::Builder::new()
            .name("dialog-probe".into())
            .spawn(move || {
                probe.available();
            });
    }
}

/// The desktop's file dialogs, through rfd.
#[derive(Default)]
pub struct Desktop {
    available: OnceLock<bool>,
}

impl Dialogs for Desktop {
    fn available(&self) -> bool {
        *self.available.get_or_init(desktop_offers_a_dialog)
    }

    fn ask(&self, what: Pick, name: String) -> Asking {
        self.ask_in(what, name, None)
    }

    fn ask_in(&self, what: Pick, name: String, folder: Option<PathBuf>) -> Asking {
        Box::pin(async move {
            let exts = what.extensions();
            let mut dialog = rfd::AsyncFileDialog::new().add_filter(exts.join(", "), &exts);
            if let Some(folder) = folder.filter(|f| f.is_dir()) {
                dialog = dialog.set_directory(folder);
            }
            let handle = if what.saves() {
                dialog.set_file_name(name).save_file().await
            } else {
                dialog.pick_file().await
            };
            handle.map(|h| h.path().to_path_buf())
        })
    }
}

/// No dialog can open: every file is asked for in the path prompt (tests, and a desktop
/// without a portal or zenity).
pub struct NoDialogs;

impl Dialogs for NoDialogs {
    fn available(&self) -> bool {
        false
    }

    fn ask(&self, _: Pick, _: String) -> Asking {
        Box::pin(std::future::ready(None))
    }
}

/// The portal's name on the session bus.
#[cfg(target_os = "linux")]
const PORTAL: &str = "org.freedesktop.portal.Desktop";

/// Whether rfd can show a dialog here. On Linux it shows the xdg-desktop-portal's (running,
/// or started by the bus on demand) and falls back to zenity; elsewhere the system's own.
fn desktop_offers_a_dialog() -> bool {
    #[cfg(target_os = "linux")]
    {
        portal_on_session_bus() || on_path("zenity")
    }
    #[cfg(not(target_os = "linux"))]
    {
        true
    }
}

#[cfg(target_os = "linux")]
fn portal_on_session_bus() -> bool {
    iced::futures::executor::block_on(async {
        let Ok(conn) = zbus::Connection::session().await else {
            return false;
        };
        let Ok(bus) = zbus::fdo::DBusProxy::new(&conn).await else {
            return false;
        };
        let Ok(name) = zbus::names::BusName::try_from(PORTAL) else {
            return false;
        };
        if bus.name_has_owner(name).await.unwrap_or(false) {
            return true;
        }
        bus.list_activatable_names()
            .await
            .is_ok_and(|names| names.iter().any(|n| n.as_str() == PORTAL))
    })
}

/// Whether an executable called `name` is in one of the `PATH`'s folders.
#[cfg(target_os = "linux")]
fn on_path(name: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            std::fs::metadata(dir.join(name))
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    })
}

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
    /// The year's figures of the case register (办件台账 screen).
    FiguresXlsx,
    FiguresCsv,
    FiguresPdf,
    /// The slip of the case on the 办件台账 screen's card (办件登记单).
    CaseSlip,
    /// A later notice to route by (通告原文 screen; issue 31).
    Notice,
}

impl Pick {
    /// Whether the dialog saves a file (rather than opening one).
    pub fn saves(self) -> bool {
        !matches!(
            self,
            Pick::ImportRecords | Pick::Holidays | Pick::OpenBatch | Pick::Notice
        )
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
            Pick::FiguresXlsx => "办件年度统计.xlsx",
            Pick::FiguresCsv => "办件年度统计.csv",
            Pick::FiguresPdf => "办件年度统计.pdf",
            Pick::CaseSlip => "办件登记单.pdf",
            Pick::Notice => "notice.ron",
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
            Pick::FiguresXlsx => L::FiguresXlsx,
            Pick::FiguresCsv => L::FiguresCsv,
            Pick::FiguresPdf => L::FiguresPdf,
            Pick::CaseSlip => L::CaseSlip,
            Pick::Notice => L::ImportNotice,
        }
    }
}

/// What became of opening a written PDF in the desktop's viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// The opener said it opened the file, or is still running (the viewer it started).
    Opened,
    /// No viewer: the opener is not installed, or found no program for PDFs (xdg-open's exit
    /// code 3).
    NoViewer,
    /// The opener failed otherwise: its exit code, if it had one.
    Failed(Option<i32>),
}

/// How long the opener is given to say whether it opened the file. xdg-open on some
/// desktops runs the viewer itself and returns only when it closes: still running after this,
/// it has started one.
pub const VIEWER_SETTLES: Duration = Duration::from_secs(3);

/// The command that opens a file in the desktop's own viewer.
fn opener(path: &std::path::Path) -> std::process::Command {
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
        .stderr(std::process::Stdio::null());
    command
}

/// Opens a written file (a PDF) in the desktop's own viewer, from which the clerk prints, and
/// answers what became of it once the opener has said (or [`VIEWER_SETTLES`] has passed).
/// The opener is always waited for, on a thread of its own: no zombie is left behind.
pub fn show_in_viewer(path: &std::path::Path) -> Task<Viewer> {
    let command = opener(path);
    Task::perform(viewer_outcome(command, VIEWER_SETTLES), |v| v)
}

/// Starts `command` and answers what became of it within `settles`; a thread waits for it
/// to the end.
pub async fn viewer_outcome(mut command: std::process::Command, settles: Duration) -> Viewer {
    // Started when the task runs, not when it is made.
    let (send, receive) = iced::futures::channel::oneshot::channel();
    match command.spawn() {
        Ok(child) => {
            std::thread::spawn(move || wait_for_viewer(child, settles, send));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Viewer::NoViewer,
        Err(_) => return Viewer::Failed(None),
    }
    receive.await.unwrap_or(Viewer::Failed(None))
}

/// Waits for the opener: its answer is sent as soon as it exits, or as [`Viewer::Opened`]
/// once `settles` has passed with it still running; then it is waited for to the end.
fn wait_for_viewer(
    mut child: std::process::Child,
    settles: Duration,
    send: iced::futures::channel::oneshot::Sender<Viewer>,
) {
    let started = Instant::now();
    let answer = loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                break match status.code() {
                    Some(0) => Viewer::Opened,
                    // xdg-open: "a required tool could not be found".
                    Some(3) => Viewer::NoViewer,
                    code => Viewer::Failed(code),
                };
            }
            Ok(None) if started.elapsed() < settles => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Ok(None) => break Viewer::Opened,
            Err(_) => break Viewer::Failed(None),
        }
    };
    let _ = send.send(answer);
    // Reaped, whatever it answered: no zombie until the app exits.
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn sh(script: &str) -> Command {
        let mut c = Command::new("sh");
        c.args(["-c", script]);
        c
    }

    fn outcome(c: Command, settles: Duration) -> Viewer {
        iced::futures::executor::block_on(viewer_outcome(c, settles))
    }

    #[test]
    fn the_openers_exit_code_says_whether_a_viewer_opened_the_file() {
        let s = Duration::from_secs(5);
        assert_eq!(outcome(sh("exit 0"), s), Viewer::Opened);
        assert_eq!(outcome(sh("exit 3"), s), Viewer::NoViewer);
        assert_eq!(outcome(sh("exit 4"), s), Viewer::Failed(Some(4)));
        let missing = Command::new("/nonexistent/xdg-open");
        assert_eq!(outcome(missing, s), Viewer::NoViewer);
        // An opener still running after it settles has started the viewer.
        let started = Instant::now();
        assert_eq!(
            outcome(sh("sleep 2"), Duration::from_millis(200)),
            Viewer::Opened
        );
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn every_opener_is_waited_for_so_none_is_left_a_zombie() {
        fn state(pid: u32) -> Option<char> {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            stat.rsplit(") ").next()?.chars().next()
        }
        let mut pids = Vec::new();
        for (script, settles) in [("exit 3", 5000), ("exit 0", 5000), ("sleep 0.3", 50)] {
            let (send, receive) = iced::futures::channel::oneshot::channel();
            let child = sh(script).spawn().unwrap();
            pids.push(child.id());
            std::thread::spawn(move || {
                wait_for_viewer(child, Duration::from_millis(settles), send)
            });
            iced::futures::executor::block_on(receive).unwrap();
        }
        std::thread::sleep(Duration::from_millis(1500));
        for pid in pids {
            assert_eq!(
                state(pid),
                None,
                "process {pid} is left as {:?}",
                state(pid)
            );
        }
    }
}
