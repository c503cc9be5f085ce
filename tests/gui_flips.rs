//! The decision card's 会改变结论的情形 section, through iced_test's headless simulator: the
//! flips and the near-bound warning as the clerk reads them, in Chinese and English.

use chrono::NaiveDate;
use delegation_tracker::gui::app::ScreenId;
use delegation_tracker::gui::screen::router::FieldId;
use delegation_tracker::gui::{App, Boot, Message};
use iced_test::selector::id;

mod gui_common;
use gui_common::{interact, ui};

#[test]
fn the_card_says_what_would_change_the_decision_in_both_languages() {
    let mut app = App::new(Boot::fixed(NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()));
    app.router.choose(10);
    let _ = app.update(Message::Nav(ScreenId::Router));
    interact(&mut app, |ui| {
        ui.click(id(FieldId::Volume.widget_id()))?;
        let _ = ui.typewrite("150000");
        Ok(())
    });
    let mut sim = ui(&app);
    assert!(sim.find("不属于本通告调整范围").is_ok());
    assert!(sim.find("会改变结论的情形").is_ok());
    assert!(
        sim.find("· 日取水量为149999立方米（现为150000立方米）：由增城开发区管委会审批〔穗府规〔2024〕3号 附件 第10项 备注〕")
            .is_ok()
    );
    assert!(
        sim.find("⚠ 日取水量150000立方米距界限150000立方米在1%以内：接近界限，请核实测量值〔穗府规〔2024〕3号 附件 第10项 备注〕")
            .is_ok()
    );
    drop(sim);
    interact(&mut app, |ui| ui.click("English").map(|_| ()));
    let mut sim = ui(&app);
    assert!(sim.find("What would change this decision").is_ok());
    assert!(
        sim.find("· daily intake: 149999 m³ instead of 150000 m³ → approved by the committee [穗府规〔2024〕3号 附件 第10项 备注]")
            .is_ok()
    );
}
