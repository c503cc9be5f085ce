//! Every text colour against every background it is drawn on, in both themes, computed from
//! the theme itself: WCAG AA asks 4.5:1 for body text.

use delegation_tracker::gui::style::{Ink, contrast, day_cells, surfaces};
use iced::Theme;

#[test]
fn every_text_colour_meets_wcag_aa_on_every_background_in_both_themes() {
    let mut failures = Vec::new();
    for theme in [Theme::Light, Theme::Dark] {
        let ink = Ink::of(&theme);
        for (bg_name, bg) in surfaces(&theme) {
            for (ink_name, fg) in ink.all() {
                let r = contrast(fg, bg);
                if r < 4.5 {
                    failures.push(format!("{theme}: {ink_name} on {bg_name} is {r:.2}:1"));
                }
            }
        }
        for (name, bg, fg) in day_cells(&theme) {
            let r = contrast(fg, bg);
            if r < 4.5 {
                failures.push(format!("{theme}: text on a {name} cell is {r:.2}:1"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_contrast_formula_matches_wcag() {
    use iced::Color;
    assert!((contrast(Color::BLACK, Color::WHITE) - 21.0).abs() < 0.01);
    // iced's own success green on the dark theme's background: the finding of issue 11.
    let r = contrast(
        Color::from_rgb8(0x12, 0x66, 0x4F),
        Color::from_rgb8(0x2B, 0x2D, 0x31),
    );
    assert!(r < 2.1, "{r}");
}
