//! A workaround for iced 0.14's tiny-skia renderer, in one place.
//!
//! tiny-skia repaints only the damage rectangles iced computes, and for text centred on a
//! point (a pick list's chosen label, among others) that rectangle covers only the lower half
//! of the glyphs: switching the language or choosing a shorter option left the top half of
//! the old words on screen (upstream: iced-rs/iced pull request #3384, "Fix tiny-skia damage
//! for vertically centered cached text", and #3032, "Fix tiny-skia damage handling").
//!
//! The app's window background is nudged by 1/65536 after each message, which rounds away on
//! screen but makes the whole window damaged, so tiny-skia redraws everything. Remove this
//! module when the upstream fix is in the iced release we use.

use iced::Theme;

/// The counter the background follows; bumped by every message but the frame ticks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Repaint(u32);

impl Repaint {
    pub fn bump(&mut self) {
        self.0 = self.0.wrapping_add(1);
    }

    /// The theme's style with the background nudged. Three steps, so that a message that
    /// sends itself another (a screen step) still changes it.
    pub fn style(self, theme: &Theme) -> iced::theme::Style {
        let mut style = iced::theme::default(theme);
        let nudge = (self.0 % 3) as f32 / 65536.0;
        let c = &mut style.background_color;
        c.b = if c.b > 0.5 { c.b - nudge } else { c.b + nudge };
        style
    }
}
