//! Handover records: what each item's handover has done and still lacks.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, Mode};
use crate::deadlines::{HandoverDateProblem, check_handover_date};
use crate::error::{DataError, DataProblem};

/// What a records file says it is, so another file is recognised as not one.
pub const FORMAT: &str = "delegation-tracker/records";
/// The format version this program writes and reads.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum HandoverState {
    #[default]
    NotStarted,
    InProgress,
    HandedOver,
}

impl HandoverState {
    pub const ALL: [HandoverState; 3] = [
        HandoverState::NotStarted,
        HandoverState::InProgress,
        HandoverState::HandedOver,
    ];
}

/// The five things an entrustment must spell out (穗府规〔2024〕3号 正文第2段).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Element {
    Content,
    Method,
    RightsAndDuties,
    Responsibility,
    Supervision,
}

impl Element {
    pub const ALL: [Element; 5] = [
        Element::Content,
        Element::Method,
        Element::RightsAndDuties,
        Element::Responsibility,
        Element::Supervision,
    ];

    /// The notice's own words for the element (a test checks them against the passage).
    pub fn notice_words(self) -> &'static str {
        match self {
            Element::Content => "委托的具体内容",
            Element::Method => "执行方式",
            Element::RightsAndDuties => "双方权利义务",
            Element::Responsibility => "责任划分",
            Element::Supervision => "监管措施",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElementCheck {
    pub element: Element,
    pub done: bool,
    #[serde(default)]
    pub note: String,
}

/// The public announcement of the handover date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Announcement {
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub place: String,
}

/// One item's handover record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemRecord {
    #[serde(default)]
    pub state: HandoverState,
    #[serde(default)]
    pub handover_date: Option<NaiveDate>,
    #[serde(default)]
    pub announcement: Announcement,
    /// Entrusted items only: the five elements.
    #[serde(default)]
    pub elements: Vec<ElementCheck>,
    #[serde(default)]
    pub notes: String,
}

impl ItemRecord {
    /// A fresh record; entrusted items get the five elements, unchecked.
    pub fn new(mode: Mode) -> ItemRecord {
        ItemRecord {
            elements: match mode {
                Mode::Entrusted => Element::ALL
                    .into_iter()
                    .map(|element| ElementCheck {
                        element,
                        done: false,
                        note: String::new(),
                    })
                    .collect(),
                Mode::Authorised => Vec::new(),
            },
            ..ItemRecord::default()
        }
    }

    /// How many of the five elements are done.
    pub fn elements_done(&self) -> usize {
        self.elements.iter().filter(|e| e.done).count()
    }
}

/// All handover records, as kept in `records.ron`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Records {
    pub format: String,
    pub version: u32,
    #[serde(default, deserialize_with = "crate::catalogue::item_map")]
    pub items: BTreeMap<u8, ItemRecord>,
}

impl Default for Records {
    fn default() -> Records {
        Records {
            format: FORMAT.to_string(),
            version: VERSION,
            items: BTreeMap::new(),
        }
    }
}

impl Records {
    /// Records with a fresh entry for every item of the catalogue.
    pub fn for_catalogue(cat: &Catalogue) -> Records {
        let mut r = Records::default();
        r.fill(cat);
        r
    }

    /// Adds a fresh record for every item that has none.
    pub fn fill(&mut self, cat: &Catalogue) {
        for item in &cat.items {
            self.items
                .entry(item.no)
                .or_insert_with(|| ItemRecord::new(item.mode));
        }
    }

    /// The recorded handover dates: every item with a date, whatever its state says.
    ///
    /// By the notice (正文第2段) the 交接日期 is the day the handover is done — "30个工作日内
    /// 完成交接工作，并及时向社会公布交接日期", "自交接之日起，由增城开发区管委会负责办理" — not a
    /// plan: a recorded date is a handover done on that day, and counts from the moment it is
    /// saved, in every front end (catalogue, reminders, deadlines, router, report). The state
    /// is the progress of the items that have no date yet.
    pub fn handover_dates(&self) -> BTreeMap<u8, NaiveDate> {
        self.items
            .iter()
            .filter_map(|(no, r)| r.handover_date.map(|d| (*no, d)))
            .collect()
    }

    /// Parses a records file's text. Anything else — another format, a newer version,
    /// garbage, an empty or truncated text — is an error saying where.
    pub fn parse(text: &str) -> Result<Records, DataError> {
        if text.trim().is_empty() {
            return Err(DataError::whole(DataProblem::Empty));
        }
        let records: Records = ron::from_str(text).map_err(|e| {
            let mut err = DataError::from_ron(&e).not_syntax();
            // A text that does not even name the format is another kind of file, not a typo.
            if matches!(err.problem, DataProblem::UnknownField { .. }) && !text.contains(FORMAT) {
                err.problem = DataProblem::WrongKind(e.code.to_string());
            }
            err
        })?;
        if records.format != FORMAT {
            return Err(DataError::whole(DataProblem::OtherFormat(records.format)));
        }
        if records.version > VERSION {
            return Err(DataError::whole(DataProblem::NewerVersion(records.version)));
        }
        Ok(records)
    }

    /// What the records must satisfy beyond their syntax, by the same checks as the command
    /// line's `--handover` and the app's forms: every handover date from the notice's issue
    /// to a year past `today` ([`check_handover_date`]), each element of an item once, and no
    /// note longer than a spreadsheet cell holds ([`crate::strict::MAX_TEXT_CHARS`]).
    /// An imported file is checked so before it replaces anything.
    pub fn check(&self, cat: &Catalogue, today: NaiveDate) -> Result<(), DataProblem> {
        for (&item, record) in &self.items {
            if let Some(day) = record.handover_date {
                match check_handover_date(cat, u64::from(item), day, today) {
                    Ok(()) => {}
                    Err(HandoverDateProblem::NoSuchItem { item, max }) => {
                        return Err(DataProblem::ItemOutOfRange { item, max });
                    }
                    Err(HandoverDateProblem::BeforeNotice { day, earliest }) => {
                        return Err(DataProblem::HandoverDate {
                            item,
                            day,
                            bound: earliest,
                            after: false,
                        });
                    }
                    Err(HandoverDateProblem::TooFarAhead { day, latest }) => {
                        return Err(DataProblem::HandoverDate {
                            item,
                            day,
                            bound: latest,
                            after: true,
                        });
                    }
                }
            }
            let texts = [
                ("notes", &record.notes),
                ("place", &record.announcement.place),
            ];
            let notes = record.elements.iter().map(|e| ("note", &e.note));
            for (field, text) in texts.into_iter().chain(notes) {
                if let Some(chars) = crate::strict::too_long(text) {
                    return Err(DataProblem::TooLong {
                        field: format!("items.{item}.{field}"),
                        chars,
                        max: crate::strict::MAX_TEXT_CHARS,
                    });
                }
            }
            let mut seen = Vec::new();
            for e in &record.elements {
                if seen.contains(&e.element) {
                    return Err(DataProblem::ElementTwice {
                        item,
                        element: e.element.notice_words().to_string(),
                    });
                }
                seen.push(e.element);
            }
        }
        Ok(())
    }

    /// The text of a records file.
    pub fn to_ron(&self) -> String {
        let pretty = ron::ser::PrettyConfig::new().depth_limit(4);
        let body = ron::ser::to_string_pretty(self, pretty).expect("records always serialise");
        format!(
            "// Handover records of the delegation tracker (穗府规〔2024〕3号). Edit in the app.\n{body}\n"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_words_are_the_notice_words() {
        let cat = Catalogue::embedded();
        let passage = &cat.passage(cat.notice.clauses.entrusted).text;
        for e in Element::ALL {
            assert!(passage.contains(e.notice_words()), "{e:?}");
        }
    }

    #[test]
    fn round_trip_and_handover_dates() {
        let cat = Catalogue::embedded();
        let mut r = Records::for_catalogue(cat);
        assert_eq!(r.items.len(), 12);
        assert_eq!(r.items[&1].elements.len(), 5);
        assert!(r.items[&10].elements.is_empty());
        let d = NaiveDate::from_ymd_opt(2024, 6, 20).unwrap();
        let rec = r.items.get_mut(&10).unwrap();
        rec.state = HandoverState::HandedOver;
        rec.handover_date = Some(d);
        let text = r.to_ron();
        let back = Records::parse(&text).unwrap();
        assert_eq!(back, r);
        assert_eq!(back.handover_dates(), BTreeMap::from([(10, d)]));
    }

    #[test]
    fn a_recorded_date_counts_whatever_the_state() {
        // Earlier versions moved a dated item to 交接中 by themselves, and such a date was
        // then ignored: the date the clerk typed is the handover's, in any state.
        let cat = Catalogue::embedded();
        let mut r = Records::for_catalogue(cat);
        let d = NaiveDate::from_ymd_opt(2024, 6, 10).unwrap();
        let rec = r.items.get_mut(&1).unwrap();
        rec.state = HandoverState::InProgress;
        rec.handover_date = Some(d);
        r.items.get_mut(&2).unwrap().state = HandoverState::HandedOver; // no date: none
        assert_eq!(r.handover_dates(), BTreeMap::from([(1, d)]));
    }

    #[test]
    fn other_files_are_refused_with_a_reason() {
        let e = Records::parse("").unwrap_err();
        assert_eq!(e.problem, DataProblem::Empty);
        let e = Records::parse(
            "(format: \"delegation-tracker/records\", version: 1, items: {1: (state: Hand",
        )
        .unwrap_err();
        assert_eq!(e.line, 1, "{e}");
        let e = Records::parse("(applications: [])").unwrap_err();
        assert!(matches!(e.problem, DataProblem::WrongKind(_)), "{e}");
        let e = Records::parse("(format: \"other\", version: 1, items: {})").unwrap_err();
        assert_eq!(e.problem, DataProblem::OtherFormat("other".into()), "{e}");
        let e = Records::parse("(format: \"delegation-tracker/records\", version: 9, items: {})")
            .unwrap_err();
        assert!(matches!(e.problem, DataProblem::NewerVersion(_)), "{e}");
        let e = Records::parse("{\"format\": 1}").unwrap_err();
        assert!(e.line >= 1, "{e}");
    }
}
