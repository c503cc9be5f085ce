//! The window and its settings: the language, theme and text size, the size it opens at and
//! is resized to, the smoke run's frames, closing with unsaved records, and the keyboard
//! shortcuts.

use iced::keyboard::{self, Key, key::Named};
use iced::widget::operation;
use iced::{Subscription, Task, event, window};

use super::{App, CloseChoice, Message, ScreenId};
use crate::gui::settings;
use delegation_words::Lang;

impl App {
    /// The other language; what was said in the old one is said again in the new.
    pub(super) fn toggle_lang(&mut self) -> Task<Message> {
        self.lang = match self.lang {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
        // What was said in the old language is said again in the new one.
        self.status.relang(self.lang);
        self.file_status.relang(self.lang);
        self.remember();
        Task::none()
    }

    pub(super) fn toggle_theme(&mut self) -> Task<Message> {
        self.dark = !self.dark;
        self.remember();
        Task::none()
    }

    /// The text size, kept within its bounds.
    pub(super) fn set_scale(&mut self, s: f32) -> Task<Message> {
        self.scale = settings::clamp_scale(s);
        self.remember();
        Task::none()
    }

    /// One step (0.1) larger (+1) or smaller (−1).
    pub(super) fn scale_step(&mut self, step: i8) -> Task<Message> {
        let s = ((self.scale * 10.0).round() + f32::from(step)) / 10.0;
        self.scale = settings::clamp_scale(s);
        self.remember();
        Task::none()
    }

    /// The window just opened fits the screen it opened on.
    pub(super) fn fit_to_monitor(&mut self, id: window::Id, monitor: iced::Size) -> Task<Message> {
        // Both in logical pixels at the current text size, as iced resizes.
        let current = (
            self.window_width / self.scale,
            self.window_height / self.scale,
        );
        match settings::fit(current, (monitor.width, monitor.height)) {
            Some((w, h)) => {
                self.window_width = w * self.scale;
                self.window_height = h * self.scale;
                Task::batch([
                    window::resize(id, iced::Size::new(w, h)),
                    window::maximize(id, true),
                ])
            }
            None => Task::none(),
        }
    }

    pub(super) fn resized(&mut self, size: iced::Size) -> Task<Message> {
        self.window_width = size.width * self.scale;
        self.window_height = size.height * self.scale;
        Task::none()
    }

    /// A frame was presented (smoke runs only): the second one ends the run.
    pub(super) fn frame(&mut self) -> Task<Message> {
        // While a register is read the frames show no table yet: a smoke run with a
        // file counts from the frame after it is in.
        if self.batch.loading.is_some() {
            self.frames = 0;
        } else {
            self.frames += 1;
        }
        // The second frame event comes after the first frame was presented.
        if self.smoke && self.frames >= 2 {
            crate::gui::report_first_frame();
            if self.screen == ScreenId::Batch
                && let Some(e) = self.batch.error_text(Lang::En)
            {
                eprintln!("error: {e}");
                crate::gui::set_smoke_failed();
            }
            iced::exit()
        } else {
            Task::none()
        }
    }

    /// The window manager asks to close: with unsaved records, the close bar asks first.
    pub(super) fn close_requested(&mut self, id: window::Id) -> Task<Message> {
        // The window's size as it is closed, for the next start.
        self.remember();
        // A save to the server under way: the window closes when it is done (or stays, saying
        // why, when it fails), so that closing never drops a save in the middle.
        if let Some(server) = self.server.as_mut().filter(|s| s.saving) {
            server.close_after_save = Some(id);
            return Task::none();
        }
        if self.records.dirty && !self.records_read_only() {
            self.closing = Some(id);
            Task::none()
        } else {
            window::close(id)
        }
    }

    /// The close bar answered.
    pub(super) fn close(&mut self, choice: CloseChoice) -> Task<Message> {
        let Some(id) = self.closing.take() else {
            return Task::none();
        };
        match choice {
            CloseChoice::Save => {
                if self.records.can_save() {
                    // Closed once saved (on a server, when the save comes back); where it
                    // fails the status line says why and the records screen shows the form.
                    self.save(self.records.draft.clone(), Some(id))
                } else {
                    self.screen = ScreenId::Records;
                    Task::none()
                }
            }
            CloseChoice::Discard => window::close(id),
            CloseChoice::Cancel => Task::none(),
        }
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let keys = event::listen_with(|event, status, _window| match event {
            iced::Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) => {
                shortcut(&key, modifiers, status)
            }
            _ => None,
        });
        let resized = window::resize_events().map(|(_, size)| Message::Resized(size));
        let close = window::close_requests().map(Message::CloseRequested);
        let opened = window::open_events().map(Message::Opened);
        // The 办件台账 screen, while shown, hears of another process's change (a register in
        // memory has no other).
        let watch = match (self.screen, self.desk.watchable()) {
            (ScreenId::Cases, Some(path)) if !self.smoke => {
                Subscription::run_with(path.to_path_buf(), super::watch_register)
            }
            _ => Subscription::none(),
        };
        if self.smoke {
            Subscription::batch([
                keys,
                resized,
                close,
                opened,
                window::frames().map(|_| Message::Frame),
            ])
        } else {
            Subscription::batch([keys, resized, close, opened, watch])
        }
    }
}

/// Tab and Shift+Tab move the focus.
pub(super) fn focus_next(back: bool) -> Task<Message> {
    if back {
        operation::focus_previous()
    } else {
        operation::focus_next()
    }
}

/// Keyboard shortcuts: Ctrl+1…8 screens, Ctrl+F search, Tab moves focus, Ctrl+= / Ctrl+- text
/// size. Esc is [`crate::gui::keys::Keys`]'s (it first closes an open drop-down).
pub fn shortcut(
    key: &Key,
    modifiers: keyboard::Modifiers,
    status: event::Status,
) -> Option<Message> {
    match key.as_ref() {
        Key::Character(c) if modifiers.command() => match c {
            // No text field sees these keys (see `is_typed_shortcut`), so they switch screens
            // from a field too; a widget that did take the key keeps it.
            "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" if status == event::Status::Ignored => {
                let i: usize = c.parse().ok()?;
                Some(Message::Nav(ScreenId::ALL[i - 1]))
            }
            "f" | "F" => Some(Message::FocusSearch),
            "=" | "+" => Some(Message::ScaleStep(1)),
            "-" => Some(Message::ScaleStep(-1)),
            _ => None,
        },
        Key::Named(Named::PageDown) if modifiers.command() => Some(Message::NavStep(1)),
        Key::Named(Named::PageUp) if modifiers.command() => Some(Message::NavStep(-1)),
        Key::Named(Named::Tab) if status == event::Status::Ignored => Some(Message::FocusNext {
            back: modifiers.shift(),
        }),
        _ => None,
    }
}

/// Whether a key press is one of the app's Ctrl+character shortcuts, which a focused text
/// field would otherwise also type ("=" for Ctrl+=, "1" for Ctrl+1): such presses never
/// reach the widgets.
pub fn is_typed_shortcut(key: &Key, modifiers: keyboard::Modifiers) -> bool {
    matches!(key, Key::Character(_))
        && modifiers.command()
        && shortcut(key, modifiers, event::Status::Ignored).is_some()
}
