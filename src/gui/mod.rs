//! The desktop app (iced 0.14). Every screen shows what the law (`delegation-law`) decides and the session
//! (`delegation-session`) does; none of the
//! legal logic lives here.

pub mod app;
pub mod dialog;
pub mod flips;
pub mod follow;
pub mod icon;
pub mod input;
pub mod keys;
pub mod path_prompt;
pub mod repaint;
pub mod screen;
pub mod settings;
pub mod steady;
pub mod style;
pub mod wrap;

use iced::{Font, Settings};

pub use app::{App, Boot, Message};

/// The embedded subset of Noto Sans CJK SC (see assets/fonts/README.md).
pub const FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Subset-Regular.otf");

/// The fonts PDFs are drawn with: the embedded font, then the system's for what it lacks;
/// made once, on the first PDF (a batch of slips parses the font once).
pub fn pdf_fonts() -> &'static delegation_files::pdf::Fonts {
    static FONTS: std::sync::OnceLock<delegation_files::pdf::Fonts> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| {
        delegation_files::pdf::Fonts::new(FONT_BYTES)
            .expect("the embedded font is a valid OpenType font (tests/font_coverage.rs)")
            .with_system_fonts()
    })
}

/// The family name inside the embedded font.
pub const FONT: Font = Font::with_name("Noto Sans CJK SC");

/// Settings shared by the window and the headless test simulator. The embedded font is
/// loaded here, not listed in `fonts`: iced copies a listed font (3.5 MB) into the font
/// system, which then holds the copy and the binary's pages both; registered as the static
/// slice it is, only the pages of the glyphs drawn are read (issue 29's start).
pub fn settings() -> Settings {
    load_font();
    Settings {
        fonts: Vec::new(),
        default_font: FONT,
        default_text_size: iced::Pixels(15.0),
        ..Settings::default()
    }
}

/// Registers [`FONT_BYTES`] with iced's font system, once, without copying it.
fn load_font() {
    static LOADED: std::sync::Once = std::sync::Once::new();
    LOADED.call_once(|| {
        let mut fonts = iced_graphics::text::font_system()
            .write()
            .expect("the font system's lock is never poisoned before the first frame");
        fonts.raw().db_mut().load_font_source(
            iced_graphics::text::cosmic_text::fontdb::Source::Binary(std::sync::Arc::new(
                FONT_BYTES,
            )),
        );
    });
}

fn application(
    boot: Boot,
) -> iced::Application<impl iced::Program<State = App, Message = Message, Theme = iced::Theme>> {
    // The remembered size; once open, a window larger than its screen is fitted to it
    // (App's Message::Monitor).
    let size = boot.settings.opening_size();
    iced::application(move || App::boot(boot.clone()), App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .style(App::style)
        .subscription(App::subscription)
        .scale_factor(App::scale_factor)
        .settings(settings())
        .window(icon::window_settings())
        .window_size(size)
        // Closing asks first when the records have unsaved changes (App::subscription).
        .exit_on_close_request(false)
}

/// Opens the app; with `file`, on the batch screen with that register.
pub fn run(file: Option<std::path::PathBuf>) -> iced::Result {
    application(Boot {
        open: file,
        ..Boot::from_environment()
    })
    .run()
}

/// Opens the main window, renders the first frame and exits; with `file`, the first frame
/// that shows its table (see [`smoke_failed`]).
pub fn smoke(file: Option<std::path::PathBuf>) -> iced::Result {
    application(Boot {
        smoke: true,
        open: file,
        ..Boot::from_environment()
    })
    .run()
}

/// With `DELEGATION_TRACKER_STARTED_AT` (unix time in nanoseconds, which
/// `scripts/measure-start.py` sets just before it starts the program), prints the time from then
/// to the first frame presented, for the start's measurement against a blank window
/// (`examples/blank_window.rs` calls it too, so that both are timed alike).
pub fn report_first_frame() {
    let started = std::env::var("DELEGATION_TRACKER_STARTED_AT").ok();
    if let Some(t0) = started.and_then(|v| v.parse::<u128>().ok()) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        eprintln!("first frame: {}", now.saturating_sub(t0));
    }
}

/// Set when a smoke run's file could not be read: the process then exits 1.
static SMOKE_FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether a smoke run ended without the table it was asked to show.
pub fn smoke_failed() -> bool {
    SMOKE_FAILED.load(std::sync::atomic::Ordering::Relaxed)
}

fn set_smoke_failed() {
    SMOKE_FAILED.store(true, std::sync::atomic::Ordering::Relaxed);
}
