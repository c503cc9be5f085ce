//! Issue 20: an idle window costs nothing, also with a text field focused. iced's text field
//! asks for a frame every 500 ms to blink its cursor; the app's fields are wrapped in
//! `steady`, which keeps the cursor shown and asks for no timed frame.

use delegation_tracker::gui::steady::steady;
use iced::widget::{text_editor, text_input};
use iced::{Theme, time::Instant};
use iced_core::{Element, Event, Point, Size, clipboard, mouse, window};
use iced_runtime::user_interface::{Cache, State, UserInterface};

/// The frame the window asks for after `field` was clicked (focused) and one frame drawn.
fn next_frame(field: Element<'_, (), Theme, ()>) -> window::RedrawRequest {
    let mut renderer = ();
    let mut ui = UserInterface::build(
        field,
        Size::new(400.0, 200.0),
        Cache::default(),
        &mut renderer,
    );
    let cursor = mouse::Cursor::Available(Point::new(5.0, 5.0));
    let mut messages = Vec::new();
    let click = [
        Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left)),
        Event::Mouse(mouse::Event::ButtonReleased(mouse::Button::Left)),
    ];
    ui.update(
        &click,
        cursor,
        &mut renderer,
        &mut clipboard::Null,
        &mut messages,
    );
    let frame = [Event::Window(
        window::Event::RedrawRequested(Instant::now()),
    )];
    let (state, _) = ui.update(
        &frame,
        cursor,
        &mut renderer,
        &mut clipboard::Null,
        &mut messages,
    );
    match state {
        State::Updated { redraw_request, .. } => redraw_request,
        State::Outdated => panic!("a click on a field must not rebuild the window"),
    }
}

fn input() -> text_input::TextInput<'static, (), Theme, ()> {
    text_input("", "/home/clerk/办件登记.xlsx")
        .on_input(|_| ())
        .width(300)
}

#[test]
fn a_focused_field_blinks_by_itself() {
    // The premise: without the wrapper, iced asks for a frame to blink.
    assert!(matches!(
        next_frame(input().into()),
        window::RedrawRequest::At(_)
    ));
}

#[test]
fn a_steady_field_asks_for_no_frame() {
    assert_eq!(next_frame(steady(input())), window::RedrawRequest::Wait);
}

#[test]
fn a_steady_text_editor_asks_for_no_frame() {
    let content = Box::leak(Box::new(text_editor::Content::with_text("第一条 …")));
    let editor = || {
        text_editor::<(), Theme, ()>(content)
            .on_action(|_| ())
            .height(100)
    };
    assert!(matches!(
        next_frame(editor().into()),
        window::RedrawRequest::At(_)
    ));
    assert_eq!(next_frame(steady(editor())), window::RedrawRequest::Wait);
}
