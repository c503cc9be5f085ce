//! What the app remembers between runs: language, theme, text size, window size, the deadline
//! conventions (印发之日计入, the civil-code reading: they change decisions) and that the
//! first-start warning was read, in
//! `settings.ron` in the user's config folder (on Linux `~/.config/delegation-tracker/`;
//! `DELEGATION_TRACKER_CONFIG_DIR` moves it).
//!
//! Read through `delegation-files`' guarded I/O like every other file (a regular file within
//! the size cap), written atomically (a synced temporary file renamed over the old one). A file
//! that cannot be used is ignored with a warning, and the defaults are used; it is replaced at
//! the next change.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use delegation_files::error::{FileError, FileKind};
use delegation_files::error::{PathError, PathOp};
use delegation_files::io::{read_text, write_atomic};
use delegation_law::calendar::StartDay;
use delegation_law::deadlines::ValidityConvention;
use delegation_session::Conventions;
use delegation_words::Lang;

/// Moves the settings folder (tests, a portable install).
pub const CONFIG_DIR_ENV: &str = "DELEGATION_TRACKER_CONFIG_DIR";

/// The window's size on a first start (logical pixels at 1.0× text).
pub const DEFAULT_WINDOW: (f32, f32) = (1180.0, 780.0);

/// The text size's bounds (counters use up to 1.6×): a remembered or stepped size is kept
/// within them.
pub const SCALE: std::ops::RangeInclusive<f32> = 1.0..=1.6;

/// A text size brought within [`SCALE`].
pub fn clamp_scale(scale: f32) -> f32 {
    scale.clamp(*SCALE.start(), *SCALE.end())
}

/// The smallest and largest window remembered: anything else is a damaged file.
const WINDOW_RANGE: std::ops::RangeInclusive<f32> = 200.0..=20_000.0;

/// The largest window opened, whatever was remembered: a 4K screen's logical size (3840×2400
/// at 16:10). The window is fitted to its real screen only once it is open, and a window of
/// 20000×20000 took `--smoke` to 1.9 GB before that; its surface is now at most 37 MB.
pub const LARGEST_OPENING: (f32, f32) = (3840.0, 2400.0);

/// The settings file in the user's config folder.
pub fn path() -> PathBuf {
    let dir = match std::env::var_os(CONFIG_DIR_ENV).filter(|d| !d.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => {
            directories::ProjectDirs::from("cn.gov.guangzhou", "Zengcheng", "delegation-tracker")
                .map(|p| p.config_dir().to_path_buf())
                .unwrap_or_else(|| PathBuf::from(".delegation-tracker"))
        }
    };
    dir.join("settings.ron")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Language {
    Zh,
    En,
}

/// The settings as kept in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct File {
    language: Language,
    dark: bool,
    text_size: f32,
    window: (f32, f32),
    /// Whether the notice's issuing day counts in the 30 working days (issue 29, finding
    /// 4: forgotten on restart, in silence, it changed routing).
    start_day: StartDay,
    validity: ValidityConvention,
    /// The first-start warning (nothing recorded yet) was dismissed with 知道了.
    first_start_dismissed: bool,
    /// The shared case register's server (`postgres://user@host:port/db`, never with a
    /// password: the app refuses to keep one); none: this PC's data folder.
    store: Option<String>,
}

impl Default for File {
    fn default() -> File {
        File::from(Settings::default())
    }
}

/// What is remembered.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub lang: Lang,
    pub dark: bool,
    /// The text size, 1.0–1.6.
    pub scale: f32,
    /// The window's size, logical pixels at 1.0× text.
    pub window: (f32, f32),
    /// How the 30 working days and the five years are counted.
    pub conventions: Conventions,
    /// The first-start warning was dismissed: it is not shown at the next start.
    pub first_start_dismissed: bool,
    /// The shared case register's server, chosen in the app (`DELEGATION_TRACKER_STORE`
    /// comes first); none: this PC's data folder.
    pub store: Option<String>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            lang: Lang::Zh,
            dark: false,
            scale: 1.0,
            window: DEFAULT_WINDOW,
            conventions: Conventions::default(),
            first_start_dismissed: false,
            store: None,
        }
    }
}

impl From<Settings> for File {
    fn from(s: Settings) -> File {
        File {
            language: match s.lang {
                Lang::Zh => Language::Zh,
                Lang::En => Language::En,
            },
            dark: s.dark,
            text_size: s.scale,
            window: s.window,
            start_day: s.conventions.start_day,
            validity: s.conventions.validity,
            first_start_dismissed: s.first_start_dismissed,
            store: s.store,
        }
    }
}

impl Settings {
    /// The settings in `path`: the defaults when there is no file; the defaults and why when
    /// the file cannot be used (it is left as it is).
    pub fn load(path: &Path) -> (Settings, Option<FileError>) {
        match Settings::read(path) {
            Ok(s) => (s.unwrap_or_default(), None),
            Err(e) => (Settings::default(), Some(e)),
        }
    }

    fn read(path: &Path) -> Result<Option<Settings>, FileError> {
        let kind = FileKind::Settings;
        let Some(text) = read_text(path, kind)? else {
            return Ok(None);
        };
        let name = path.display().to_string();
        let file: File = ron::from_str(&text).map_err(|e| FileError::from_ron(&name, kind, &e))?;
        let (w, h) = file.window;
        let scale = file.text_size;
        let window = if WINDOW_RANGE.contains(&w) && WINDOW_RANGE.contains(&h) {
            (w.min(LARGEST_OPENING.0), h.min(LARGEST_OPENING.1))
        } else {
            DEFAULT_WINDOW
        };
        Ok(Some(Settings {
            lang: match file.language {
                Language::Zh => Lang::Zh,
                Language::En => Lang::En,
            },
            dark: file.dark,
            // A text size outside the app's range is brought into it (NaN is the default).
            scale: if scale.is_finite() {
                clamp_scale(scale)
            } else {
                1.0
            },
            window,
            conventions: Conventions {
                start_day: file.start_day,
                validity: file.validity,
            },
            first_start_dismissed: file.first_start_dismissed,
            store: file.store.filter(|s| !s.trim().is_empty()),
        }))
    }

    /// The size to open the window at, as iced takes it: iced multiplies it by the app's
    /// scale factor (the text size), and the size is kept at 1.0×. (At 1.6× a remembered
    /// 1180×780 opened 1888×1248, larger than the screen.)
    pub fn opening_size(&self) -> (f32, f32) {
        let (w, h) = self.window;
        (w / self.scale, h / self.scale)
    }

    /// Writes the settings to `path` (its folder is made when missing), atomically.
    pub fn save(&self, path: &Path) -> Result<(), PathError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| PathError::io(dir, PathOp::Open, &e))?;
        }
        let text = ron::ser::to_string_pretty(&File::from(self.clone()), Default::default())
            .expect("settings always serialise");
        let text = format!(
            "// Settings of the delegation tracker's window. Written by the app.\n{text}\n"
        );
        write_atomic(path, text.as_bytes(), |_| Ok(()))
    }
}

/// The window's size when it opens on a screen of `monitor` (logical pixels at 1.0× text):
/// `None` when `window` fits, else the largest size within the screen. Window managers keep
/// their panels out of a maximised window, so the caller also maximises it then: winit does
/// not tell the work area, a maximised window is held to it.
pub fn fit(window: (f32, f32), monitor: (f32, f32)) -> Option<(f32, f32)> {
    let (w, h) = window;
    let (mw, mh) = monitor;
    if mw <= 0.0 || mh <= 0.0 || (w <= mw && h <= mh) {
        return None;
    }
    Some((w.min(mw), h.min(mh)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 30, finding 8: a remembered 20000×20000 window opens no larger than a 4K screen.
    #[test]
    fn a_remembered_window_past_any_screen_opens_at_most_at_4k() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.ron");
        std::fs::write(
            &path,
            "(language: Zh, dark: false, text_size: 1.0, window: (20000.0, 20000.0))",
        )
        .unwrap();
        let (s, problem) = Settings::load(&path);
        assert!(problem.is_none(), "{problem:?}");
        assert_eq!(s.window, LARGEST_OPENING);
        assert_eq!(s.opening_size(), LARGEST_OPENING);
    }

    /// Issue 29, findings 3 and 4: the conventions and the dismissed first-start warning
    /// are kept; a file written before them still reads, with the defaults.
    #[test]
    fn the_conventions_and_the_dismissed_warning_are_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.ron");
        let s = Settings {
            conventions: Conventions {
                start_day: StartDay::Included,
                validity: ValidityConvention::CivilCode,
            },
            first_start_dismissed: true,
            ..Settings::default()
        };
        s.save(&path).unwrap();
        let (back, problem) = Settings::load(&path);
        assert!(problem.is_none(), "{problem:?}");
        assert_eq!(back, s);
        std::fs::write(
            &path,
            "(language: En, dark: true, text_size: 1.2, window: (1000.0, 700.0))",
        )
        .unwrap();
        let (old, problem) = Settings::load(&path);
        assert!(problem.is_none(), "{problem:?}");
        assert_eq!(old.conventions, Conventions::default());
        assert!(!old.first_start_dismissed);
    }

    #[test]
    fn a_window_larger_than_the_screen_is_cut_to_it() {
        assert_eq!(fit((1180.0, 780.0), (1280.0, 800.0)), None);
        assert_eq!(fit((1180.0, 780.0), (1024.0, 600.0)), Some((1024.0, 600.0)));
        assert_eq!(fit((1000.0, 780.0), (1024.0, 600.0)), Some((1000.0, 600.0)));
        assert_eq!(fit((1180.0, 780.0), (0.0, 0.0)), None, "no monitor known");
    }

    #[test]
    fn the_window_opens_at_its_remembered_size_at_any_text_size() {
        let s = Settings {
            scale: 1.6,
            ..Settings::default()
        };
        let (w, h) = s.opening_size();
        assert!((w * 1.6 - 1180.0).abs() < 0.01 && (h * 1.6 - 780.0).abs() < 0.01);
        assert_eq!(Settings::default().opening_size(), DEFAULT_WINDOW);
    }
}
