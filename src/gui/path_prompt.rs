//! A typed path where no file dialog can open. On Linux rfd shows the desktop portal's dialog
//! or, without a portal, zenity's; on a desktop with neither it returns at once with nothing,
//! exactly as if the clerk had cancelled. The app notices the instant answer and asks for the
//! path here instead, so that an import or export button never silently does nothing.

use std::path::{Path, PathBuf};

use crate::gui::steady::steady;
use iced::widget::{button, column, container, row, text, text_input};
use iced::{Element, Fill};

use super::dialog::Pick;
use super::style;
use delegation_words::Lang;
use delegation_words::ui::L;

/// The path field's id, focused when the prompt opens.
pub const INPUT_ID: &str = "path-prompt";

#[derive(Debug, Clone)]
pub struct PathPrompt {
    pub what: Pick,
    pub path: String,
    /// Set when the clerk was told the file exists; the next OK replaces it.
    replace_confirmed: bool,
    /// Set when the clerk was told the folder does not exist; the next OK makes it.
    create_confirmed: bool,
    pub error: Option<L>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Path(String),
    Submit,
    Cancel,
}

/// What the prompt hands up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Chosen(Pick, PathBuf),
    Cancelled,
}

impl PathPrompt {
    /// Starts in the user's documents folder: with the suggested file name for a save.
    /// `name`: the suggested file name when saving.
    pub fn new(what: Pick, name: &str) -> PathPrompt {
        PathPrompt::in_folder(what, name, None)
    }

    /// Starts in `folder` (the last folder used, or the register's) when it exists (issue 29,
    /// finding 9: every prompt started in the home folder).
    pub fn in_folder(what: Pick, name: &str, folder: Option<&Path>) -> PathPrompt {
        // The folder given, else the documents folder, else home, else where the app was
        // started: the first that exists, so that the suggested path never starts in a
        // missing folder.
        let user = directories::UserDirs::new();
        let dir = [
            folder.map(Path::to_path_buf),
            user.as_ref()
                .and_then(|u| u.document_dir())
                .map(Path::to_path_buf),
            user.as_ref().map(|u| u.home_dir().to_path_buf()),
            std::env::current_dir().ok(),
        ]
        .into_iter()
        .flatten()
        .find(|d| d.is_dir())
        .unwrap_or_default();
        let path = if what.saves() {
            dir.join(name).display().to_string()
        } else {
            format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR)
        };
        PathPrompt {
            what,
            path,
            replace_confirmed: false,
            create_confirmed: false,
            error: None,
        }
    }

    pub fn update(&mut self, message: Message) -> Option<Event> {
        match message {
            Message::Path(p) => {
                self.path = p;
                self.replace_confirmed = false;
                self.create_confirmed = false;
                self.error = None;
                None
            }
            Message::Cancel => Some(Event::Cancelled),
            Message::Submit => match self.check() {
                Ok(path) => Some(Event::Chosen(self.what, path)),
                Err(e) => {
                    self.replace_confirmed = e == L::PathExists;
                    self.create_confirmed = e == L::PathNoFolderCreate;
                    self.error = Some(e);
                    None
                }
            },
        }
    }

    /// The path, if it can be used for what the prompt is for.
    fn check(&self) -> Result<PathBuf, L> {
        let typed = self.path.trim();
        if typed.is_empty() {
            return Err(L::PathEmpty);
        }
        let mut path = expand_home(typed);
        // "report" saved as a report: the file gets the type it is written in.
        if self.what.saves() && path.extension().is_none() && !path.is_dir() {
            path.set_extension(self.what.extension());
        }
        if path.is_dir() {
            return Err(L::PathIsFolder);
        }
        if !self.what.saves() {
            return if path.is_file() {
                Ok(path)
            } else {
                Err(L::PathNotFound)
            };
        }
        // A missing folder is offered to be made: the next OK makes it (a file where the
        // folder should be cannot be, and is refused).
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(folder) = parent.filter(|p| !p.is_dir()) {
            if folder.exists() || !self.create_confirmed {
                return Err(if folder.exists() {
                    L::PathNoFolder
                } else {
                    L::PathNoFolderCreate
                });
            }
            if std::fs::create_dir_all(folder).is_err() {
                return Err(L::PathNoFolder);
            }
        }
        if path.exists() && !self.replace_confirmed {
            return Err(L::PathExists);
        }
        Ok(path)
    }

    pub fn view(&self, lang: Lang) -> Element<'_, Message> {
        let input = steady(
            text_input("", &self.path)
                .id(INPUT_ID)
                .on_input(Message::Path)
                .on_submit(Message::Submit)
                .padding(6),
        );
        let mut col = column![
            text(format!(
                "{} — {}",
                // "打开办件文件…" reads badly before the dash.
                self.what.label().get(lang).trim_end_matches('…'),
                L::NoDialog.get(lang)
            ))
            .style(style::warning),
            row![
                input,
                button(text(L::PathOk.get(lang)).size(14))
                    .on_press(Message::Submit)
                    .style(button::primary),
                button(text(L::PathCancel.get(lang)).size(14))
                    .on_press(Message::Cancel)
                    .style(button::secondary),
            ]
            .spacing(8)
            .align_y(iced::Center),
        ]
        .spacing(6);
        if let Some(e) = self.error {
            let asks = matches!(e, L::PathExists | L::PathNoFolderCreate);
            col = col.push(text(e.get(lang)).size(13).style(if asks {
                style::warning
            } else {
                style::error
            }));
        }
        container(col)
            .padding(8)
            .width(Fill)
            .style(container::bordered_box)
            .into()
    }
}

/// `~/x` is the home folder's `x`, as in a shell.
fn expand_home(typed: &str) -> PathBuf {
    match typed.strip_prefix("~/") {
        Some(rest) => directories::UserDirs::new()
            .map(|u| u.home_dir().join(rest))
            .unwrap_or_else(|| PathBuf::from(typed)),
        None => Path::new(typed).to_path_buf(),
    }
}
