//! The application: settings, navigation, and the screens it routes messages to.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use iced::keyboard::{self, Key, key::Named};
use iced::widget::{button, column, container, operation, row, rule, space, text};
use iced::{Element, Fill, Subscription, Task, Theme, event, window};

use super::screen::{self, Ctx};
use crate::core::calendar::{Calendar, StartDay};
use crate::core::catalogue::Catalogue;
use crate::core::deadlines::{KeyDates, ValidityConvention};
use crate::i18n::Lang;
use crate::i18n::ui::L;

/// What the app starts with. Tests build one by hand so that "today" is fixed.
#[derive(Debug, Clone)]
pub struct Boot {
    pub today: NaiveDate,
    pub lang: Lang,
    /// Recorded handover dates by item.
    pub recorded: BTreeMap<u8, NaiveDate>,
    pub calendar: Calendar,
    /// Exit after the first frame has been drawn.
    pub smoke: bool,
}

impl Boot {
    pub fn from_environment() -> Boot {
        Boot {
            today: chrono::Local::now().date_naive(),
            lang: Lang::Zh,
            recorded: BTreeMap::new(),
            calendar: Calendar::embedded().clone(),
            smoke: false,
        }
    }

    /// A fixed boot for tests.
    pub fn fixed(today: NaiveDate) -> Boot {
        Boot {
            today,
            ..Boot::from_environment()
        }
    }
}

/// The screens, in navigation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenId {
    Catalogue,
    Router,
    Deadlines,
    Workdays,
    Notice,
}

impl ScreenId {
    pub const ALL: [ScreenId; 5] = [
        ScreenId::Catalogue,
        ScreenId::Router,
        ScreenId::Deadlines,
        ScreenId::Workdays,
        ScreenId::Notice,
    ];

    pub fn label(self) -> L {
        match self {
            ScreenId::Catalogue => L::NavCatalogue,
            ScreenId::Router => L::NavRouter,
            ScreenId::Deadlines => L::NavDeadlines,
            ScreenId::Workdays => L::NavWorkdays,
            ScreenId::Notice => L::NavNotice,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Nav(ScreenId),
    ToggleLang,
    ToggleTheme,
    Scale(f32),
    ScaleStep(i8),
    FocusSearch,
    Escape,
    FocusNext { back: bool },
    Frame,
    Catalogue(screen::catalogue::Message),
    Router(screen::router::Message),
    Deadlines(screen::deadlines::Message),
    Workdays(screen::workdays::Message),
    Notice(screen::notice::Message),
}

pub struct App {
    pub lang: Lang,
    pub dark: bool,
    /// Text and layout scale for counters, 1.0–1.6.
    pub scale: f32,
    pub screen: ScreenId,
    pub today: NaiveDate,
    pub recorded: BTreeMap<u8, NaiveDate>,
    pub calendar: Calendar,
    pub start_day: StartDay,
    pub validity: ValidityConvention,
    pub key: KeyDates,
    pub catalogue: screen::catalogue::Catalogue,
    pub router: screen::router::Router,
    pub deadlines: screen::deadlines::Deadlines,
    pub workdays: screen::workdays::Workdays,
    pub notice: screen::notice::Notice,
    smoke: bool,
    frames: u32,
}

pub const MIN_SCALE: f32 = 1.0;
pub const MAX_SCALE: f32 = 1.6;

impl App {
    pub fn boot(boot: Boot) -> (App, Task<Message>) {
        (App::new(boot), Task::none())
    }

    pub fn new(boot: Boot) -> App {
        let cat = Catalogue::embedded();
        let start_day = StartDay::default();
        let validity = ValidityConvention::default();
        App {
            lang: boot.lang,
            dark: false,
            scale: 1.0,
            screen: ScreenId::Catalogue,
            today: boot.today,
            key: KeyDates::compute(cat, &boot.calendar, start_day, validity),
            recorded: boot.recorded,
            start_day,
            validity,
            catalogue: screen::catalogue::Catalogue::default(),
            router: screen::router::Router::new(boot.today),
            deadlines: screen::deadlines::Deadlines,
            workdays: screen::workdays::Workdays::new(boot.today),
            notice: screen::notice::Notice::new(cat),
            calendar: boot.calendar,
            smoke: boot.smoke,
            frames: 0,
        }
    }

    pub fn title(&self) -> String {
        format!(
            "{} — {}",
            L::AppTitle.get(self.lang),
            self.screen.label().get(self.lang)
        )
    }

    pub fn theme(&self) -> Theme {
        if self.dark { Theme::Dark } else { Theme::Light }
    }

    pub fn scale_factor(&self) -> f32 {
        self.scale
    }

    /// What the screens need to know to draw themselves.
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            lang: self.lang,
            today: self.today,
            cat: Catalogue::embedded(),
            cal: &self.calendar,
            key: &self.key,
            recorded: &self.recorded,
        }
    }

    fn set_conventions(&mut self, start_day: StartDay, validity: ValidityConvention) {
        self.start_day = start_day;
        self.validity = validity;
        self.key = KeyDates::compute(Catalogue::embedded(), &self.calendar, start_day, validity);
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Nav(s) => {
                self.screen = s;
                Task::none()
            }
            Message::ToggleLang => {
                self.lang = match self.lang {
                    Lang::Zh => Lang::En,
                    Lang::En => Lang::Zh,
                };
                Task::none()
            }
            Message::ToggleTheme => {
                self.dark = !self.dark;
                Task::none()
            }
            Message::Scale(s) => {
                self.scale = s.clamp(MIN_SCALE, MAX_SCALE);
                Task::none()
            }
            Message::ScaleStep(step) => {
                let s = ((self.scale * 10.0).round() + f32::from(step)) / 10.0;
                self.scale = s.clamp(MIN_SCALE, MAX_SCALE);
                Task::none()
            }
            Message::FocusSearch => {
                self.screen = ScreenId::Catalogue;
                operation::focus(screen::catalogue::SEARCH_ID)
            }
            Message::Escape => {
                if self.screen == ScreenId::Catalogue {
                    self.catalogue.update(screen::catalogue::Message::Clear);
                }
                Task::none()
            }
            Message::FocusNext { back } => {
                if back {
                    operation::focus_previous()
                } else {
                    operation::focus_next()
                }
            }
            Message::Frame => {
                self.frames += 1;
                // The second frame event comes after the first frame was presented.
                if self.smoke && self.frames >= 2 {
                    iced::exit()
                } else {
                    Task::none()
                }
            }
            Message::Catalogue(m) => {
                match self.catalogue.update(m) {
                    Some(screen::catalogue::Event::Route(no)) => {
                        self.router.choose(no);
                        self.screen = ScreenId::Router;
                    }
                    None => {}
                }
                Task::none()
            }
            Message::Router(m) => match self.router.update(m) {
                Some(screen::router::Event::Copy) => {
                    let text =
                        self.router
                            .decision_text(&self.ctx(), self.start_day, self.validity);
                    match text {
                        Some(t) => iced::clipboard::write(t),
                        None => Task::none(),
                    }
                }
                None => Task::none(),
            },
            Message::Deadlines(m) => {
                match self.deadlines.update(m) {
                    Some(screen::deadlines::Event::StartDay(s)) => {
                        self.set_conventions(s, self.validity)
                    }
                    Some(screen::deadlines::Event::Validity(v)) => {
                        self.set_conventions(self.start_day, v)
                    }
                    None => {}
                }
                Task::none()
            }
            Message::Workdays(m) => {
                self.workdays.update(m);
                Task::none()
            }
            Message::Notice(m) => {
                self.notice.update(m);
                Task::none()
            }
        }
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let keys = event::listen_with(|event, status, _window| match event {
            iced::Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) => {
                shortcut(&key, modifiers, status)
            }
            _ => None,
        });
        if self.smoke {
            Subscription::batch([keys, window::frames().map(|_| Message::Frame)])
        } else {
            keys
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let ctx = self.ctx();
        let lang = self.lang;
        let nav = ScreenId::ALL.into_iter().fold(row![].spacing(4), |r, s| {
            let b = button(text(s.label().get(lang)).size(15))
                .on_press(Message::Nav(s))
                .style(if s == self.screen {
                    button::primary
                } else {
                    button::text
                });
            r.push(b)
        });
        let settings = row![
            button(text(L::Language.get(lang)).size(14))
                .on_press(Message::ToggleLang)
                .style(button::secondary),
            button(
                text(if self.dark {
                    L::ThemeLight.get(lang)
                } else {
                    L::ThemeDark.get(lang)
                })
                .size(14)
            )
            .on_press(Message::ToggleTheme)
            .style(button::secondary),
            button(text("A−").size(14))
                .on_press(Message::ScaleStep(-1))
                .style(button::secondary),
            text(format!("{:.1}×", self.scale)).size(14),
            button(text("A+").size(14))
                .on_press(Message::ScaleStep(1))
                .style(button::secondary),
        ]
        .spacing(10)
        .align_y(iced::Center);
        let top = row![nav, space::horizontal(), settings]
            .spacing(12)
            .align_y(iced::Center);
        let body: Element<'_, Message> = match self.screen {
            ScreenId::Catalogue => self.catalogue.view(&ctx).map(Message::Catalogue),
            ScreenId::Router => self
                .router
                .view(&ctx, self.start_day, self.validity)
                .map(Message::Router),
            ScreenId::Deadlines => self
                .deadlines
                .view(&ctx, self.start_day, self.validity)
                .map(Message::Deadlines),
            ScreenId::Workdays => self.workdays.view(&ctx).map(Message::Workdays),
            ScreenId::Notice => self.notice.view(&ctx).map(Message::Notice),
        };
        let footer = text(L::KeysHint.get(lang))
            .size(12)
            .style(super::style::muted);
        container(
            column![
                top,
                rule::horizontal(1),
                container(body).height(Fill),
                footer
            ]
            .spacing(10)
            .padding(14),
        )
        .width(Fill)
        .height(Fill)
        .into()
    }
}

/// Keyboard shortcuts: Ctrl+1…5 screens, Ctrl+F search, Esc clears, Tab moves focus,
/// Ctrl+= / Ctrl+- text size.
pub fn shortcut(
    key: &Key,
    modifiers: keyboard::Modifiers,
    status: event::Status,
) -> Option<Message> {
    match key.as_ref() {
        Key::Character(c) if modifiers.command() => match c {
            "1" | "2" | "3" | "4" | "5" => {
                let i: usize = c.parse().ok()?;
                Some(Message::Nav(ScreenId::ALL[i - 1]))
            }
            "f" | "F" => Some(Message::FocusSearch),
            "=" | "+" => Some(Message::ScaleStep(1)),
            "-" => Some(Message::ScaleStep(-1)),
            _ => None,
        },
        Key::Named(Named::Escape) => Some(Message::Escape),
        Key::Named(Named::Tab) if status == event::Status::Ignored => Some(Message::FocusNext {
            back: modifiers.shift(),
        }),
        _ => None,
    }
}
