//! A blank iced 0.14 window that exits after its first frame is presented, as
//! `delegation-tracker --smoke` does: the baseline docs/performance.md compares the start with
//! (`cargo build --release --example blank_window`; same iced features and profile as the app).
use iced::{Element, Subscription, Task};

#[derive(Default)]
struct Blank {
    frames: u32,
}

#[derive(Debug, Clone)]
enum Message {
    Frame,
}

fn update(b: &mut Blank, _: Message) -> Task<Message> {
    b.frames += 1;
    if b.frames >= 2 {
        // Timed as the app is, for scripts/measure-start.py (only this function of the app's
        // library is linked in).
        delegation_tracker::gui::report_first_frame();
        iced::exit()
    } else {
        Task::none()
    }
}

fn view(_: &Blank) -> Element<'_, Message> {
    iced::widget::text("").into()
}

fn subscription(_: &Blank) -> Subscription<Message> {
    iced::window::frames().map(|_| Message::Frame)
}

fn main() -> iced::Result {
    iced::application(Blank::default, update, view)
        .subscription(subscription)
        .window_size((1180.0, 780.0))
        .run()
}
