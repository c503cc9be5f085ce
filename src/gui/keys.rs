//! The keyboard before the screens see it: the app's shortcuts never reach a text field as
//! characters, and Esc first closes an open drop-down.
//!
//! iced 0.14 gives a key press to the widgets first and to subscriptions after, and a focused
//! `text_input` inserts the press's text whatever the modifiers: on X11 and Wayland Ctrl+=
//! carries the text "=" and Ctrl+1 the text "1", so the text-size and screen shortcuts also
//! typed into the field that had the focus. [`Keys`] wraps the whole window: a press that is
//! one of the app's Ctrl shortcuts is not passed to the widgets inside (it stays
//! `Status::Ignored`, and the app's `event::listen_with` subscription acts on it), and Esc
//! closes an open pick list before it does anything else.

use iced::keyboard::{self, Key, key::Named};
use iced::{Event, mouse};
use iced_core::Element;

use super::wrap::{Filter, Inner, Wrap};

/// The filter: presses for which `is_shortcut(key, modifiers)` holds never reach the content,
/// and Esc closes an open drop-down, or else publishes `on_escape`.
pub struct Keys<Message> {
    is_shortcut: fn(&Key, keyboard::Modifiers) -> bool,
    on_escape: Message,
}

impl<Message> Keys<Message> {
    /// `content`, wrapped in the filter.
    pub fn new<'a, Theme, Renderer>(
        content: impl Into<Element<'a, Message, Theme, Renderer>>,
        is_shortcut: fn(&Key, keyboard::Modifiers) -> bool,
        on_escape: Message,
    ) -> Wrap<'a, Message, Theme, Renderer, Keys<Message>> {
        Wrap::new(
            content,
            Keys {
                is_shortcut,
                on_escape,
            },
        )
    }
}

impl<Message, Theme, Renderer> Filter<Message, Theme, Renderer> for Keys<Message>
where
    Message: Clone,
    Renderer: iced_core::Renderer,
{
    fn update(&mut self, mut inner: Inner<'_, '_, '_, Message, Theme, Renderer>, event: &Event) {
        if let Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) = event {
            if (self.is_shortcut)(key, *modifiers) {
                // The app's subscription acts on it; no widget inside types it.
                return;
            }
            if *key == Key::Named(Named::Escape) {
                // An open pick list closes on a press of the mouse outside it (iced 0.14 has
                // no other way in): a press that is over nothing. Text fields lose the focus
                // to it, as Esc makes them do anyway; no button or list is under it.
                let press = Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left));
                inner.update_with_cursor(&press, mouse::Cursor::Unavailable);
                if inner.shell.is_event_captured() {
                    // A drop-down closed: that is all this Esc does.
                    return;
                }
                inner.shell.publish(self.on_escape.clone());
            }
        }
        inner.update(event);
    }
}
