//! A transparent wrapper around an element that only changes how events reach it: the tree,
//! layout and overlays are the element's own, and so is the drawing but for [`clipped`]'s
//! layer. [`super::keys::Keys`] (the app's shortcuts before the widgets),
//! [`super::steady::steady`] (a text field's cursor that does not blink) and [`clipped`] (a
//! pick list drawn only where it is seen) are the filters built on it.

use iced::{Event, Rectangle, Size, Vector, mouse};
use iced_core::widget::{Operation, Tree, tree};
use iced_core::{Clipboard, Element, Layout, Length, Shell, Widget, layout, overlay, renderer};

/// What a [`Wrap`] does with an event before (or instead of) its content.
pub trait Filter<Message, Theme, Renderer> {
    /// Handles `event` for `content`: passes it on with [`Inner::update`], changed, or not at all.
    fn update(&mut self, inner: Inner<'_, '_, '_, Message, Theme, Renderer>, event: &Event);

    /// Whether the content, when part of it is out of view, is drawn in a layer of its own
    /// clipped to the part in view (see [`clipped`]).
    fn own_layer(&self) -> bool {
        false
    }
}

/// The wrapped element with everything its `update` needs but the event.
pub struct Inner<'w, 'e, 's, Message, Theme, Renderer> {
    pub content: &'w mut Element<'e, Message, Theme, Renderer>,
    pub tree: &'w mut Tree,
    pub layout: Layout<'w>,
    pub cursor: mouse::Cursor,
    pub renderer: &'w Renderer,
    pub clipboard: &'w mut dyn Clipboard,
    pub shell: &'w mut Shell<'s, Message>,
    pub viewport: &'w Rectangle,
}

impl<Message, Theme, Renderer> Inner<'_, '_, '_, Message, Theme, Renderer>
where
    Renderer: iced_core::Renderer,
{
    /// Gives `event` to the content, with the cursor as it is.
    pub fn update(&mut self, event: &Event) {
        let cursor = self.cursor;
        self.update_with_cursor(event, cursor);
    }

    /// Gives `event` to the content as if the mouse cursor were `cursor`.
    pub fn update_with_cursor(&mut self, event: &Event, cursor: mouse::Cursor) {
        self.content.as_widget_mut().update(
            self.tree,
            event,
            self.layout,
            cursor,
            self.renderer,
            self.clipboard,
            self.shell,
            self.viewport,
        );
    }
}

/// `content`, with its events passed through `filter`.
pub struct Wrap<'a, Message, Theme, Renderer, F> {
    content: Element<'a, Message, Theme, Renderer>,
    filter: F,
}

impl<'a, Message, Theme, Renderer, F> Wrap<'a, Message, Theme, Renderer, F> {
    pub fn new(content: impl Into<Element<'a, Message, Theme, Renderer>>, filter: F) -> Self {
        Wrap {
            content: content.into(),
            filter,
        }
    }
}

impl<Message, Theme, Renderer, F> Widget<Message, Theme, Renderer>
    for Wrap<'_, Message, Theme, Renderer, F>
where
    Renderer: iced_core::Renderer,
    F: Filter<Message, Theme, Renderer>,
{
    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn size_hint(&self) -> Size<Length> {
        self.content.as_widget().size_hint()
    }

    fn tag(&self) -> tree::Tag {
        self.content.as_widget().tag()
    }

    fn state(&self) -> tree::State {
        self.content.as_widget().state()
    }

    fn children(&self) -> Vec<Tree> {
        self.content.as_widget().children()
    }

    fn diff(&self, tree: &mut Tree) {
        self.content.as_widget().diff(tree);
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        self.content.as_widget_mut().layout(tree, renderer, limits)
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &Renderer,
        operation: &mut dyn Operation,
    ) {
        self.content
            .as_widget_mut()
            .operate(tree, layout, renderer, operation);
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        let inner = Inner {
            content: &mut self.content,
            tree,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        };
        self.filter.update(inner, event);
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut Renderer,
        theme: &Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        let content = self.content.as_widget();
        let bounds = layout.bounds();
        match bounds.intersection(viewport) {
            Some(seen) if self.filter.own_layer() && seen != bounds => {
                renderer.with_layer(seen, |renderer| {
                    content.draw(tree, renderer, theme, style, layout, cursor, viewport);
                });
            }
            _ => content.draw(tree, renderer, theme, style, layout, cursor, viewport),
        }
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &Renderer,
    ) -> mouse::Interaction {
        self.content
            .as_widget()
            .mouse_interaction(tree, layout, cursor, viewport, renderer)
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, Theme, Renderer>> {
        self.content
            .as_widget_mut()
            .overlay(tree, layout, renderer, viewport, translation)
    }
}

impl<'a, Message, Theme, Renderer, F> From<Wrap<'a, Message, Theme, Renderer, F>>
    for Element<'a, Message, Theme, Renderer>
where
    Message: 'a,
    Theme: 'a,
    Renderer: iced_core::Renderer + 'a,
    F: Filter<Message, Theme, Renderer> + 'a,
{
    fn from(wrap: Wrap<'a, Message, Theme, Renderer, F>) -> Self {
        Element::new(wrap)
    }
}

/// The filter of [`clipped`]: events reach the content as they are.
pub struct OwnLayer;

impl<Message, Theme, Renderer> Filter<Message, Theme, Renderer> for OwnLayer
where
    Renderer: iced_core::Renderer,
{
    fn update(&mut self, mut inner: Inner<'_, '_, '_, Message, Theme, Renderer>, event: &Event) {
        inner.update(event);
    }

    fn own_layer(&self) -> bool {
        true
    }
}

/// `content` (a pick list), drawn only where it is seen (issue 29, finding 8).
///
/// iced 0.14's tiny-skia renderer clips a pick list's text to the layer it is drawn in only
/// where the viewport the list is given reaches past that layer. Inside a scrollable the two
/// are the same, so a list half scrolled out of a form still drew its whole line of text,
/// over what lies beyond the form (the footer, at 1.6×). Partly out of view, the list is drawn
/// in a layer of the part in view, past which its text is clipped; wholly in view (the usual
/// case, and every list of the first screen) it is drawn as it is, at no cost.
pub fn clipped<'a, Message, Theme, Renderer>(
    content: impl Into<Element<'a, Message, Theme, Renderer>>,
) -> Element<'a, Message, Theme, Renderer>
where
    Message: 'a,
    Theme: 'a,
    Renderer: iced_core::Renderer + 'a,
{
    Wrap::new(content, OwnLayer).into()
}
