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
