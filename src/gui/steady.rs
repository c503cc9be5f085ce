//! Text fields whose cursor does not blink, so that an idle window costs nothing.
//!
//! iced 0.14's `text_input` blinks its cursor by asking for a new frame every 500 ms while it
//! has the focus, and each of those frames walks and redraws the window: with the batch
//! screen's path prompt open, 12 wake-ups in 10 s, about 1.2 % of a core on an idle counter PC
//! (issue 20 asks for 0 %). [`steady`] wraps a field so that the frames it sees carry a fixed
//! instant from before any field could have the focus: the field then always finds itself in
//! the first, visible half of a blink, shows its cursor steadily (as desktops do with
//! "cursor blinking" turned off), and its request for the next blink is taken back. Everything
//! else reaches the field as it is, the input method's position on each frame included, so
//! typing with a Chinese input method works as before.

use std::sync::LazyLock;

use iced::time::Instant;
use iced::{Event, window};
use iced_core::{Element, Shell};

use super::wrap::{Filter, Inner, Wrap};

/// The instant every frame shows a steady field: taken when the first field is built, so it
/// comes before any field is focused. A field measures its blink from its focus on
/// (`now - focused_at`, which Rust saturates at zero for an earlier `now`), and zero is the
/// visible half.
static EPOCH: LazyLock<Instant> = LazyLock::new(Instant::now);

/// The filter of [`steady`].
pub struct SteadyCursor;

/// `field` (a `text_input`), with a cursor that does not blink and no timed frames.
pub fn steady<'a, Message, Theme, Renderer>(
    field: impl Into<Element<'a, Message, Theme, Renderer>>,
) -> Element<'a, Message, Theme, Renderer>
where
    Message: 'a,
    Theme: 'a,
    Renderer: iced_core::Renderer + 'a,
{
    LazyLock::force(&EPOCH);
    Wrap::new(field, SteadyCursor).into()
}

impl<Message, Theme, Renderer> Filter<Message, Theme, Renderer> for SteadyCursor
where
    Renderer: iced_core::Renderer,
{
    fn update(&mut self, mut inner: Inner<'_, '_, '_, Message, Theme, Renderer>, event: &Event) {
        if let Event::Window(window::Event::RedrawRequested(_)) = event {
            let before = inner.shell.redraw_request();
            inner.update(&Event::Window(window::Event::RedrawRequested(*EPOCH)));
            // The field asks for a frame only to blink on this event: take that back.
            Shell::replace_redraw_request(inner.shell, before);
        } else {
            inner.update(event);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field's blink arithmetic with the fixed instant: a focus taken after it must count
    /// as the visible half. Rust documents the saturation as current behaviour and warns it
    /// may panic some day; this fails then, before a clerk's window would.
    #[test]
    fn an_instant_before_the_focus_counts_as_no_time() {
        let epoch = *EPOCH;
        let focused_at = Instant::now();
        assert_eq!((epoch - focused_at).as_millis() / 500 % 2, 0);
    }
}
