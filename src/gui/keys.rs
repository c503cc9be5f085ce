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
use iced::{Event, Rectangle, Size, Vector, mouse};
use iced_core::widget::{Operation, Tree, tree};
use iced_core::{Clipboard, Element, Layout, Length, Shell, Widget, layout, overlay, renderer};

/// Wraps `content`: presses for which `is_shortcut(key, modifiers)` holds never reach it, and
/// Esc closes an open drop-down, or else publishes `on_escape`.
pub struct Keys<'a, Message, Theme, Renderer> {
    content: Element<'a, Message, Theme, Renderer>,
    is_shortcut: fn(&Key, keyboard::Modifiers) -> bool,
    on_escape: Message,
}

impl<'a, Message, Theme, Renderer> Keys<'a, Message, Theme, Renderer> {
    pub fn new(
        content: impl Into<Element<'a, Message, Theme, Renderer>>,
        is_shortcut: fn(&Key, keyboard::Modifiers) -> bool,
        on_escape: Message,
    ) -> Self {
        Keys {
            content: content.into(),
            is_shortcut,
            on_escape,
        }
    }
}

impl<Message, Theme, Renderer> Widget<Message, Theme, Renderer>
    for Keys<'_, Message, Theme, Renderer>
where
    Message: Clone,
    Renderer: iced_core::Renderer,
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
                self.content.as_widget_mut().update(
                    tree,
                    &press,
                    layout,
                    mouse::Cursor::Unavailable,
                    renderer,
                    clipboard,
                    shell,
                    viewport,
                );
                if shell.is_event_captured() {
                    // A drop-down closed: that is all this Esc does.
                    return;
                }
                shell.publish(self.on_escape.clone());
            }
        }
        self.content.as_widget_mut().update(
            tree, event, layout, cursor, renderer, clipboard, shell, viewport,
        );
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
        self.content
            .as_widget()
            .draw(tree, renderer, theme, style, layout, cursor, viewport);
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

impl<'a, Message, Theme, Renderer> From<Keys<'a, Message, Theme, Renderer>>
    for Element<'a, Message, Theme, Renderer>
where
    Message: Clone + 'a,
    Theme: 'a,
    Renderer: iced_core::Renderer + 'a,
{
    fn from(keys: Keys<'a, Message, Theme, Renderer>) -> Self {
        Element::new(keys)
    }
}
