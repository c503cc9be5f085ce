#![allow(dead_code)] // each test binary that includes this module uses part of it
//! What the simulator tests share: a window-sized simulator and "do this, then let the app
//! handle what it produced".

use delegation_tracker::gui::{App, Message, settings};
use iced_test::{Error, Simulator};

pub fn ui(app: &App) -> Simulator<'_, Message> {
    Simulator::with_size(settings(), (1180.0, 900.0), app.view())
}

/// Runs an interaction on a fresh simulator, then feeds its messages to the app.
pub fn interact(app: &mut App, f: impl FnOnce(&mut Simulator<'_, Message>) -> Result<(), Error>) {
    let messages: Vec<Message> = {
        let mut ui = ui(app);
        f(&mut ui).expect("the interaction finds its widgets");
        ui.into_messages().collect()
    };
    for m in messages {
        let _ = app.update(m);
    }
}

/// `interact`, and then what each message's update started runs to its end (a job on the
/// case register, a read of the server).
pub fn act(app: &mut App, f: impl FnOnce(&mut Simulator<'_, Message>) -> Result<(), Error>) {
    let messages: Vec<Message> = {
        let mut ui = ui(app);
        f(&mut ui).expect("the interaction finds its widgets");
        ui.into_messages().collect()
    };
    for m in messages {
        let task = app.update(m);
        settle(app, task);
    }
}

/// Clicks the button or text that says `label`, and lets what follows run to its end.
pub fn click(app: &mut App, label: &str) {
    act(app, |ui| ui.click(label).map(|_| ()));
}

/// Runs what an update handed back to the runtime, as the app's runtime would: every message
/// the task produces goes to `app.update`, and so on until nothing is left (widget
/// operations, the clipboard and the like have no window here and are dropped).
pub fn settle(app: &mut App, task: iced::Task<Message>) {
    use iced::futures::StreamExt;
    let mut tasks = vec![task];
    while let Some(task) = tasks.pop() {
        let Some(stream) = iced_runtime::task::into_stream(task) else {
            continue;
        };
        let actions: Vec<_> = iced::futures::executor::block_on(stream.collect());
        for action in actions {
            if let iced_runtime::Action::Output(m) = action {
                tasks.push(app.update(m));
            }
        }
    }
}

/// The clerk picked `path` for `what` in a file dialog; what follows (a register being read
/// and routed) runs to its end.
pub fn pick(app: &mut App, what: delegation_tracker::gui::dialog::Pick, path: std::path::PathBuf) {
    let task = app.update(Message::Picked(what, Some(path)));
    settle(app, task);
}

/// Turns the mouse wheel over the batch table by `dy` pixels (down when positive).
fn wheel_over_table(ui: &mut Simulator<'_, Message>, dy: f32) {
    use delegation_tracker::gui::screen::batch::TABLE_ID;
    use iced::mouse::{Event as Mouse, ScrollDelta};
    let table = ui
        .find(iced::widget::Id::new(TABLE_ID))
        .expect("the batch table is on screen");
    let at = table
        .visible_bounds()
        .expect("the table is visible")
        .center();
    ui.point_at(at);
    let _ = ui.simulate([iced::Event::Mouse(Mouse::WheelScrolled {
        delta: ScrollDelta::Pixels { x: 0.0, y: -dy },
    })]);
}

/// Scrolls the batch table with the mouse wheel, as a clerk would; the app hears where the
/// table now is and lays out the rows there.
pub fn scroll_table(app: &mut App, dy: f32) {
    let messages: Vec<Message> = {
        let mut ui = ui(app);
        wheel_over_table(&mut ui, dy);
        ui.into_messages().collect()
    };
    for m in messages {
        let task = app.update(m);
        settle(app, task);
    }
}

/// `interact` on the batch screen scrolled by `dy`: a window keeps its table's scroll
/// position from frame to frame, a fresh simulator starts at the top, so it is scrolled the
/// same way first.
pub fn interact_scrolled(
    app: &mut App,
    dy: f32,
    f: impl FnOnce(&mut Simulator<'_, Message>) -> Result<(), Error>,
) {
    let messages: Vec<Message> = {
        let mut ui = ui(app);
        wheel_over_table(&mut ui, dy);
        f(&mut ui).expect("the interaction finds its widgets");
        ui.into_messages().collect()
    };
    for m in messages {
        let task = app.update(m);
        settle(app, task);
    }
}

/// The first text on screen that contains `needle`.
pub fn text_containing(app: &App, needle: &str) -> Option<String> {
    use iced_test::selector::Candidate;
    let needle = needle.to_string();
    ui(app)
        .find(move |c: Candidate<'_>| match c {
            Candidate::Text { content, .. } if content.contains(&needle) => {
                Some(content.to_string())
            }
            _ => None,
        })
        .ok()
}
