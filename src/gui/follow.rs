//! Keeps the focused field in view: Tab moves the focus, and a form taller than its window
//! (1024×600 at 1.6×) is scrolled so that the field the keys now go to is seen (issue 29,
//! finding 6: Tab, then type, landed digits in 株数 out of sight).

use iced::Task;
use iced::widget::Id;
use iced::widget::operation::{self, AbsoluteOffset};
use iced_core::widget::operation::{Focusable, Operation, Outcome, Scrollable};
use iced_core::{Rectangle, Vector};

/// Room kept above and below the field when it is scrolled to, in logical pixels (its label
/// sits above it, its error line below).
const MARGIN: f32 = 28.0;

/// Scrolls the scrollable `id` so that the focused widget inside it is in view; nothing
/// when it already is, or when nothing in it has the focus.
pub fn focused_into_view<T: Send + 'static>(id: &'static str) -> Task<T> {
    iced_runtime::task::widget(FindOffset {
        target: Id::new(id),
        view: None,
        offset: None,
    })
    .then(move |y| {
        operation::scroll_to(
            Id::new(id),
            AbsoluteOffset {
                x: None,
                y: Some(y),
            },
        )
    })
}

/// Finds the scrollable `target`, then the focused widget among what it holds, and the
/// offset that shows it.
struct FindOffset {
    target: Id,
    /// The target's viewport, its content's bounds and how far it is scrolled.
    view: Option<(Rectangle, Rectangle, Vector)>,
    offset: Option<f32>,
}

impl Operation<f32> for FindOffset {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation<f32>)) {
        operate(self);
    }

    fn scrollable(
        &mut self,
        id: Option<&Id>,
        bounds: Rectangle,
        content_bounds: Rectangle,
        translation: Vector,
        _state: &mut dyn Scrollable,
    ) {
        if id == Some(&self.target) {
            self.view = Some((bounds, content_bounds, translation));
        }
    }

    fn focusable(&mut self, _id: Option<&Id>, bounds: Rectangle, state: &mut dyn Focusable) {
        let Some((view, content, scrolled)) = self.view else {
            return;
        };
        if !state.is_focused() || !content.contains(bounds.center()) {
            return;
        }
        self.offset = scroll_for(view, content, scrolled.y, bounds);
    }

    fn finish(&self) -> Outcome<f32> {
        match self.offset {
            Some(y) => Outcome::Some(y),
            None => Outcome::None,
        }
    }
}

/// The offset that brings `field` (in the content's unscrolled layout) into a viewport
/// `view` scrolled by `scrolled`: `None` when it is in view already.
pub fn scroll_for(
    view: Rectangle,
    content: Rectangle,
    scrolled: f32,
    field: Rectangle,
) -> Option<f32> {
    let top = field.y - content.y;
    let bottom = top + field.height;
    let max = (content.height - view.height).max(0.0);
    if top - MARGIN < scrolled {
        Some((top - MARGIN).clamp(0.0, max))
    } else if bottom + MARGIN > scrolled + view.height {
        Some((bottom + MARGIN - view.height).clamp(0.0, max))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(y: f32, h: f32) -> Rectangle {
        Rectangle {
            x: 0.0,
            y,
            width: 100.0,
            height: h,
        }
    }

    #[test]
    fn a_field_below_the_view_is_scrolled_up_to_its_bottom_and_one_in_view_stays() {
        let view = r(100.0, 300.0);
        let content = r(100.0, 1000.0);
        assert_eq!(scroll_for(view, content, 0.0, r(200.0, 30.0)), None);
        assert_eq!(
            scroll_for(view, content, 0.0, r(700.0, 30.0)),
            Some(600.0 + 30.0 + MARGIN - 300.0)
        );
        assert_eq!(
            scroll_for(view, content, 500.0, r(150.0, 30.0)),
            Some(50.0 - MARGIN)
        );
    }
}
