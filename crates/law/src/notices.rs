//! More than one notice (issue 31): the 2024 notice first, then any amendment or successor a
//! coordinator adds as a data file in the same schema, and the time each is in force.
//!
//! A notice file is `data/catalogue.ron`'s schema with, where it applies, `effective` (its
//! 施行日期, when not its issue), `replaces: [文号…]` (a successor: the notices it names end
//! the day before it takes effect) or `amends: 文号` (an amendment: `items` holds only the
//! rows it adds or changes, in the amended notice's numbering, and `withdrawn` the rows it
//! takes back). [`Notices::check`] reads one fully before it may join; its refusals carry the
//! line and column in the text. Which notice governs an application is the router's
//! ([`crate::router::Router::for_notices`]): the one in force on the received date that lists
//! the item, the latest issued where two do.

use std::sync::OnceLock;

use chrono::NaiveDate;

#[cfg(test)]
use crate::catalogue::CATALOGUE_RON;
use crate::catalogue::{Catalogue, Item};
use crate::deadlines::{ValidityConvention, validity_last_day};
use crate::error::{DataError, DataProblem};
use crate::rules::{Bound, Range, ScopeRule, TreeCondition};

/// The notices the program routes by, in the order they were issued; the first is the 2024
/// notice built into the program.
#[derive(Debug, Clone, PartialEq)]
pub struct Notices {
    list: Vec<Catalogue>,
}

/// What a notice is to the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind<'a> {
    /// Stands alone (the 2024 notice).
    Original,
    /// Ends the notices it names.
    Successor(&'a [String]),
    /// Changes another's table.
    Amendment(&'a str),
}

/// The days a notice is in force under a validity convention, and what ended it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub in_force: NaiveDate,
    /// The last day in force: the validity's, an earlier day where a successor took over, and
    /// for an amendment the last day of the notice it amends.
    pub last_day: NaiveDate,
    /// The successor (its index in [`Notices::all`]) that ended it before its validity ran out.
    pub replaced_by: Option<usize>,
}

/// Where a notice stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Issued, not yet in force.
    NotYet,
    InForce,
    /// Ended by a successor (its index).
    Replaced(usize),
    /// Its validity ran out.
    Expired,
}

/// What is wrong with a notice file, beyond its RON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeProblem {
    /// The RON could not be read as a notice (a missing field, a typo, a bad value).
    Data(DataProblem),
    /// A text the notice must have is empty: the field.
    Empty(String),
    /// Two passages with one number.
    PassageTwice(u8),
    /// `clauses` names a passage the notice does not have: the role, the number.
    NoSuchPassage { role: String, no: u8 },
    /// Item numbers must start at 1 and rise: the number found out of order.
    ItemOrder { no: u8 },
    /// One item listed twice, or both changed and taken back.
    ItemTwice(u8),
    /// A notice that is not an amendment lists no item.
    NoItems,
    /// An amendment that neither adds, changes nor takes back a row.
    AmendsNothing,
    /// An amendment takes back an item the notice it amends does not have.
    WithdrawsUnknown { no: u8, amended: String },
    /// A bound that cannot be: the item and what.
    Bound { item: u8, problem: BoundProblem },
    /// `replaces` or `amends` names a notice the program does not hold.
    UnknownNotice(String),
    /// Both `replaces` and `amends`.
    ReplacesAndAmends,
    /// A notice that names itself.
    NamesItself,
    /// A notice with this 文号 is already held (with other content).
    AlreadyHeld(String),
    /// A date before one it cannot precede: the field, its date, the other field and date.
    DatesOutOfOrder {
        field: String,
        date: NaiveDate,
        before: String,
        other: NaiveDate,
    },
    /// A validity of no years, or of more than [`MAX_VALIDITY_YEARS`].
    Validity(u32),
    /// More handover working days than [`MAX_HANDOVER_DAYS`]: a typo, not a handover.
    HandoverDays(u32),
    /// A date outside [`EARLIEST`]..=[`LATEST`]: the field and the date.
    DateOutOfRange { field: String, date: NaiveDate },
    /// A string of the notice that is not in the gazette's text it was checked against: which
    /// field, the string, and the source it was looked for in.
    Unquoted {
        field: String,
        text: String,
        source: String,
    },
}

/// The longest validity a notice may give (a normative document runs five years).
pub const MAX_VALIDITY_YEARS: u32 = 50;
/// The most working days a handover may be given (about a year).
pub const MAX_HANDOVER_DAYS: u32 = 250;
/// The earliest and latest day a notice may be issued or take effect.
pub const EARLIEST: NaiveDate = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
pub const LATEST: NaiveDate = NaiveDate::from_ymd_opt(2199, 12, 31).unwrap();

/// What is wrong with a bound of an item's scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundProblem {
    /// Not a number, or below zero.
    NotANumber,
    /// A range no value satisfies (its lower bound above its upper).
    Empty,
}

/// A notice file that may not join, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeError {
    /// 1-based; 0 where the problem has no one place.
    pub line: usize,
    pub column: usize,
    pub problem: NoticeProblem,
}

impl std::fmt::Display for NoticeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {:?}", self.line, self.column, self.problem)
    }
}

impl std::error::Error for NoticeError {}

impl Notices {
    /// The 2024 notice alone, as built into the program.
    pub fn embedded() -> &'static Notices {
        static BOOK: OnceLock<Notices> = OnceLock::new();
        BOOK.get_or_init(|| Notices::new(Catalogue::embedded().clone()))
    }

    /// A book of one notice.
    pub fn new(first: Catalogue) -> Notices {
        Notices { list: vec![first] }
    }

    /// The notices, the first built in, the others in the order they were issued.
    pub fn all(&self) -> &[Catalogue] {
        &self.list
    }

    /// The notice built into the program.
    pub fn first(&self) -> &Catalogue {
        &self.list[0]
    }

    /// More than the built-in notice: outputs then name the notice each decision applied.
    pub fn several(&self) -> bool {
        self.list.len() > 1
    }

    pub fn get(&self, number: &str) -> Option<&Catalogue> {
        self.list.iter().find(|c| c.notice.number == number)
    }

    pub fn index_of(&self, number: &str) -> Option<usize> {
        self.list.iter().position(|c| c.notice.number == number)
    }

    /// The notice a decision names (its 文号), or the first where none has it.
    pub fn governing(&self, number: &str) -> &Catalogue {
        self.get(number).unwrap_or(&self.list[0])
    }

    /// The notice whose table holds item `no`'s row for a decision under notice `number`: that
    /// notice, or for a row an amendment changed nothing of or took back, the notice it amends.
    pub fn with_row(&self, number: &str, no: u8) -> &Catalogue {
        let governing = self.governing(number);
        match (&governing.notice.amends, governing.item(no)) {
            (Some(amended), None) => self.governing(amended),
            _ => governing,
        }
    }

    /// What notice `i` is to the others.
    pub fn kind(&self, i: usize) -> Kind<'_> {
        let n = &self.list[i].notice;
        match (&n.amends, n.replaces.is_empty()) {
            (Some(a), _) => Kind::Amendment(a),
            (None, false) => Kind::Successor(&n.replaces),
            (None, true) => Kind::Original,
        }
    }

    /// Notice `cat`, checked by [`Notices::check`], joins the book in its place by issue.
    pub fn with(&self, cat: Catalogue) -> Notices {
        // The built-in notice stays first, whatever a kept copy of it says.
        if cat.notice.number == self.list[0].notice.number {
            return self.clone();
        }
        let mut list = self.list.clone();
        list.retain(|c| c.notice.number != cat.notice.number);
        let at = list
            .iter()
            .skip(1)
            .position(|c| c.notice.issued > cat.notice.issued)
            .map_or(list.len(), |p| p + 1);
        list.insert(at, cat);
        Notices { list }
    }

    /// The days each notice is in force, by its index.
    pub fn spans(&self, validity: ValidityConvention) -> Vec<Span> {
        let mut spans: Vec<Span> = self
            .list
            .iter()
            .map(|c| {
                let in_force = c.notice.in_force();
                Span {
                    in_force,
                    last_day: validity_last_day(in_force, c.notice.validity_years, validity),
                    replaced_by: None,
                }
            })
            .collect();
        // A successor ends what it replaces the day before it takes effect.
        for (j, c) in self.list.iter().enumerate() {
            for number in &c.notice.replaces {
                let Some(i) = self.index_of(number) else {
                    continue;
                };
                let end = c.notice.in_force().pred_opt().unwrap_or(NaiveDate::MIN);
                if end < spans[i].last_day {
                    spans[i].last_day = end;
                    spans[i].replaced_by = Some(j);
                }
            }
        }
        // An amendment lasts as long as the notice it amends (checked to come before it).
        for i in 0..self.list.len() {
            if let Kind::Amendment(a) = self.kind(i)
                && let Some(k) = self.index_of(a)
                && spans[k].last_day < spans[i].last_day
            {
                spans[i].last_day = spans[k].last_day;
                spans[i].replaced_by = spans[k].replaced_by;
            }
        }
        spans
    }

    /// Where notice `i` stands on `today`.
    pub fn state(&self, spans: &[Span], i: usize, today: NaiveDate) -> State {
        let s = &spans[i];
        if today < s.in_force {
            State::NotYet
        } else if today <= s.last_day {
            State::InForce
        } else if let Some(j) = s.replaced_by {
            State::Replaced(j)
        } else {
            State::Expired
        }
    }

    /// The notice in force on `day` that governs the catalogue a clerk sees: the latest issued
    /// of those in force that is not an amendment, or the first notice.
    pub fn in_force_on(&self, spans: &[Span], day: NaiveDate) -> usize {
        (0..self.list.len())
            .rev()
            .find(|&i| {
                !matches!(self.kind(i), Kind::Amendment(_))
                    && self.state(spans, i, day) == State::InForce
            })
            .unwrap_or(0)
    }

    /// The table in force under notice `i` (not an amendment) on `day`: its rows, with the
    /// changes of its amendments in force then, less the rows they took back, in number order.
    pub fn table_on(&self, spans: &[Span], i: usize, day: NaiveDate) -> Vec<&Item> {
        let number = &self.list[i].notice.number;
        let mut rows: Vec<&Item> = self.list[i].items.iter().collect();
        for (k, c) in self.list.iter().enumerate() {
            if c.notice.amends.as_ref() != Some(number)
                || self.state(spans, k, day) != State::InForce
            {
                continue;
            }
            rows.retain(|r| c.withdrawal(r.no).is_none());
            for item in &c.items {
                match rows.iter_mut().find(|r| r.no == item.no) {
                    Some(r) => *r = item,
                    None => rows.push(item),
                }
            }
        }
        rows.sort_by_key(|r| r.no);
        rows
    }

    /// Notice `i`'s table in force on `day` ([`Notices::table_on`]) as a catalogue of its own,
    /// under notice `i`'s header, and the 文号 of the amendments it holds.
    pub fn table_catalogue(
        &self,
        spans: &[Span],
        i: usize,
        day: NaiveDate,
    ) -> (Catalogue, Vec<String>) {
        let number = &self.list[i].notice.number;
        let amendments = self
            .list
            .iter()
            .enumerate()
            .filter(|(k, c)| {
                c.notice.amends.as_ref() == Some(number)
                    && self.state(spans, *k, day) == State::InForce
            })
            .map(|(_, c)| c.notice.number.clone())
            .collect();
        let cat = Catalogue {
            notice: self.list[i].notice.clone(),
            items: self.table_on(spans, i, day).into_iter().cloned().collect(),
            withdrawn: Vec::new(),
        };
        (cat, amendments)
    }

    /// Reads `text` as a notice that may join this book, checking it fully: its RON, every
    /// text present, passages and items numbered, bounds possible, dates in order, and what it
    /// replaces or amends held here. A notice with the 文号 of one held is refused unless it is
    /// that notice as held (importing a file twice keeps it once).
    pub fn check(&self, text: &str) -> Result<Catalogue, NoticeError> {
        let cat = parse(text)?;
        let at = Locator { text };
        let fail = |pos: (usize, usize), problem| {
            Err(NoticeError {
                line: pos.0,
                column: pos.1,
                problem,
            })
        };
        let n = &cat.notice;
        for (field, value) in [
            ("number", &n.number),
            ("title", &n.title),
            ("issuer", &n.issuer),
            ("committee", &n.committee),
            ("gazette", &n.gazette),
            ("attachment_title", &n.attachment_title),
        ] {
            if value.trim().is_empty() {
                return fail(at.field(None, field, 1), NoticeProblem::Empty(field.into()));
            }
        }
        for (k, p) in n.passages.iter().enumerate() {
            if p.text.trim().is_empty() {
                return fail(
                    at.value(Some("passages"), "no", &p.no.to_string(), 1),
                    NoticeProblem::Empty("text".into()),
                );
            }
            if n.passages[..k].iter().any(|o| o.no == p.no) {
                return fail(
                    at.value(Some("passages"), "no", &p.no.to_string(), 2),
                    NoticeProblem::PassageTwice(p.no),
                );
            }
        }
        let c = &n.clauses;
        for (role, no) in [
            ("zone", c.zone),
            ("handover", c.handover),
            ("entrusted", c.entrusted),
            ("authorised", c.authorised),
            ("in_force", c.in_force),
        ] {
            if !n.passages.iter().any(|p| p.no == no) {
                return fail(
                    at.field(Some("clauses"), role, 1),
                    NoticeProblem::NoSuchPassage {
                        role: role.into(),
                        no,
                    },
                );
            }
        }
        let mut last = 0u8;
        for item in &cat.items {
            let pos = |nth| at.value(Some("items"), "no", &item.no.to_string(), nth);
            if cat.items.iter().filter(|o| o.no == item.no).count() > 1 {
                return fail(pos(2), NoticeProblem::ItemTwice(item.no));
            }
            if item.no == 0 || item.no < last {
                return fail(pos(1), NoticeProblem::ItemOrder { no: item.no });
            }
            last = item.no;
            for (field, value) in [
                ("name", &item.name),
                ("category", &item.category),
                ("city_unit", &item.city_unit),
                ("principal", &item.principal),
            ] {
                if value.trim().is_empty() {
                    return fail(
                        at.field_after(pos(1), field),
                        NoticeProblem::Empty(field.into()),
                    );
                }
            }
            if let Some(rule) = &item.scope
                && let Some(problem) = bound_problem(rule)
            {
                return fail(
                    at.field_after(pos(1), "scope"),
                    NoticeProblem::Bound {
                        item: item.no,
                        problem,
                    },
                );
            }
        }
        for w in &cat.withdrawn {
            if cat.item(w.no).is_some() || cat.withdrawn.iter().filter(|o| o.no == w.no).count() > 1
            {
                return fail(
                    at.value(Some("withdrawn"), "no", &w.no.to_string(), 1),
                    NoticeProblem::ItemTwice(w.no),
                );
            }
            if !n.passages.iter().any(|p| p.no == w.passage) {
                return fail(
                    at.value(Some("withdrawn"), "no", &w.no.to_string(), 1),
                    NoticeProblem::NoSuchPassage {
                        role: "withdrawn".into(),
                        no: w.passage,
                    },
                );
            }
        }
        // Dates and periods a computation can hold: a hostile file must not stop the program
        // (five years added to year 262,000 would).
        for (field, date) in [("issued", Some(n.issued)), ("effective", n.effective)] {
            if let Some(date) = date
                && !(EARLIEST..=LATEST).contains(&date)
            {
                return fail(
                    at.field(None, field, 1),
                    NoticeProblem::DateOutOfRange {
                        field: field.into(),
                        date,
                    },
                );
            }
        }
        if n.validity_years == 0 || n.validity_years > MAX_VALIDITY_YEARS {
            return fail(
                at.field(None, "validity_years", 1),
                NoticeProblem::Validity(n.validity_years),
            );
        }
        if n.handover_working_days > MAX_HANDOVER_DAYS {
            return fail(
                at.field(None, "handover_working_days", 1),
                NoticeProblem::HandoverDays(n.handover_working_days),
            );
        }
        if let Some(effective) = n.effective
            && effective < n.issued
        {
            return fail(
                at.field(None, "effective", 1),
                NoticeProblem::DatesOutOfOrder {
                    field: "effective".into(),
                    date: effective,
                    before: "issued".into(),
                    other: n.issued,
                },
            );
        }
        if n.amends.is_some() && !n.replaces.is_empty() {
            return fail(
                at.field(None, "amends", 1),
                NoticeProblem::ReplacesAndAmends,
            );
        }
        let names_itself = n.amends.as_ref() == Some(&n.number) || n.replaces.contains(&n.number);
        if names_itself {
            let field = if n.amends.is_some() {
                "amends"
            } else {
                "replaces"
            };
            return fail(at.field(None, field, 1), NoticeProblem::NamesItself);
        }
        if let Some(held) = self.get(&n.number)
            && *held != cat
        {
            return fail(
                at.field(None, "number", 1),
                NoticeProblem::AlreadyHeld(n.number.clone()),
            );
        }
        let others: Vec<(&str, &String)> = n
            .replaces
            .iter()
            .map(|r| ("replaces", r))
            .chain(n.amends.iter().map(|a| ("amends", a)))
            .collect();
        for (field, number) in others {
            let Some(other) = self.get(number) else {
                return fail(
                    at.value(None, field, number, 1),
                    NoticeProblem::UnknownNotice(number.clone()),
                );
            };
            if n.in_force() <= other.notice.in_force() || n.issued < other.notice.issued {
                let (name, date, other_date) = if n.issued < other.notice.issued {
                    ("issued", n.issued, other.notice.issued)
                } else {
                    ("effective", n.in_force(), other.notice.in_force())
                };
                let pos = match at.field(None, name, 1) {
                    (0, _) => at.field(None, "issued", 1),
                    pos => pos,
                };
                return fail(
                    pos,
                    NoticeProblem::DatesOutOfOrder {
                        field: name.into(),
                        date,
                        before: format!("{number} {name}"),
                        other: other_date,
                    },
                );
            }
            if field == "amends" {
                if other.notice.amends.is_some() {
                    // An amendment amends a notice's table, not another amendment.
                    return fail(
                        at.value(None, field, number, 1),
                        NoticeProblem::UnknownNotice(number.clone()),
                    );
                }
                if cat.items.is_empty() && cat.withdrawn.is_empty() {
                    return fail(at.field(None, "items", 1), NoticeProblem::AmendsNothing);
                }
                if let Some(w) = cat.withdrawn.iter().find(|w| !other.lists(w.no)) {
                    return fail(
                        at.value(Some("withdrawn"), "no", &w.no.to_string(), 1),
                        NoticeProblem::WithdrawsUnknown {
                            no: w.no,
                            amended: number.clone(),
                        },
                    );
                }
            }
        }
        if n.amends.is_none() {
            if cat.items.is_empty() {
                return fail(at.field(None, "items", 1), NoticeProblem::NoItems);
            }
            if !cat.withdrawn.is_empty() {
                return fail(at.field(None, "withdrawn", 1), NoticeProblem::AmendsNothing);
            }
        }
        Ok(cat)
    }

    /// The 文号 of a notice file, if it reads as one.
    pub fn number_in(text: &str) -> Option<String> {
        ron::from_str::<Catalogue>(text)
            .ok()
            .map(|c| c.notice.number)
    }

    /// Reads the built-in notice and the kept ones (as [`Notices::check`] each, in the order
    /// they were issued, so an amendment finds what it amends): the first refusal and the
    /// index of its text.
    pub fn load(kept: &[&str]) -> Result<Notices, (usize, NoticeError)> {
        let mut cats: Vec<(usize, Catalogue)> = Vec::new();
        for (i, text) in kept.iter().enumerate() {
            // Parsed first for their dates; checked against the book in issue order below.
            cats.push((i, parse(text).map_err(|e| (i, e))?));
        }
        cats.sort_by_key(|(i, c)| (c.notice.issued, c.notice.in_force(), *i));
        let mut book = Notices::embedded().clone();
        for (i, _) in cats {
            let cat = book.check(kept[i]).map_err(|e| (i, e))?;
            book = book.with(cat);
        }
        Ok(book)
    }
}

/// A notice file's RON as a catalogue, or where it stops.
fn parse(text: &str) -> Result<Catalogue, NoticeError> {
    ron::from_str(text).map_err(|e| {
        let d = DataError::from_ron(&e);
        NoticeError {
            line: d.line,
            column: d.column,
            problem: NoticeProblem::Data(d.problem),
        }
    })
}

/// The first bound of a scope that cannot be.
fn bound_problem(rule: &ScopeRule) -> Option<BoundProblem> {
    let number = |b: &Bound| {
        let v = b.value();
        (!(v.is_finite() && v >= 0.0)).then_some(BoundProblem::NotANumber)
    };
    let range = |r: &Range| {
        let bounds = r.lower.iter().chain(r.upper.iter());
        if let Some(p) = bounds.clone().find_map(number) {
            return Some(p);
        }
        match (r.lower, r.upper) {
            (Some(lo), Some(hi)) => {
                let (a, b) = (lo.value(), hi.value());
                let none = a > b || (a == b && !(lo.includes_number() && hi.includes_number()));
                none.then_some(BoundProblem::Empty)
            }
            _ => None,
        }
    };
    match rule {
        ScopeRule::Grid { power_grid, .. } => number(&power_grid.max_kv),
        ScopeRule::WaterIntake {
            volume_m3_per_day, ..
        } => range(volume_m3_per_day),
        ScopeRule::Trees { tiers, .. } => {
            tiers.iter().flat_map(|t| &t.any_of).find_map(|c| match c {
                TreeCondition::Site(_) => None,
                TreeCondition::OtherTrees { count, dbh_cm, .. } => count
                    .as_ref()
                    .and_then(range)
                    .or(dbh_cm.as_ref().and_then(range)),
            })
        }
    }
}

/// Finds where a field of a notice's RON is written, for a refusal found after parsing.
/// Comments (`//` outside a string) are skipped.
struct Locator<'t> {
    text: &'t str,
}

impl Locator<'_> {
    /// The `nth` (1-based) place where `field:` is written, after the first `within:` when
    /// given: the line and column of its value, or (0, 0).
    fn field(&self, within: Option<&str>, field: &str, nth: usize) -> (usize, usize) {
        self.find(
            within.map(|w| self.first(w)).unwrap_or((0, 0)),
            field,
            nth,
            |_| true,
        )
    }

    /// The first `field:` after `pos`, or `pos` itself.
    fn field_after(&self, pos: (usize, usize), field: &str) -> (usize, usize) {
        match self.find(pos, field, 1, |_| true) {
            (0, _) => pos,
            found => found,
        }
    }

    /// The `nth` place where `field:` is written with `value` (a number, or a string's
    /// content), after the first `within:` when given.
    fn value(&self, within: Option<&str>, field: &str, value: &str, nth: usize) -> (usize, usize) {
        let start = within.map(|w| self.first(w)).unwrap_or((0, 0));
        let quoted = format!("\"{value}\"");
        let found = self.find(start, field, nth, |rest| {
            // A string anywhere in the field's list (`["a", "b"]`), or a number first.
            rest.contains(&quoted)
                || rest
                    .trim_start_matches(['[', ' '])
                    .strip_prefix(value)
                    .is_some_and(|after| !after.starts_with(|c: char| c.is_ascii_digit()))
        });
        match found {
            (0, _) => self.field(within, field, 1),
            (line, col) => {
                // Where the value itself starts in a list (`["a", "b"]`): at its quote.
                let text = self.text.lines().nth(line - 1).unwrap_or("");
                let from: usize = text.chars().take(col - 1).map(char::len_utf8).sum();
                let at = text[from..]
                    .find(&quoted)
                    .map(|q| q + 1)
                    .or_else(|| text[from..].find(value));
                match at {
                    Some(at) => {
                        let at = from + at;
                        let quoted = text[..at].ends_with('"');
                        let chars = text[..at].chars().count() + 1;
                        (line, if quoted { chars - 1 } else { chars })
                    }
                    None => (line, col),
                }
            }
        }
    }

    fn first(&self, field: &str) -> (usize, usize) {
        self.find((0, 0), field, 1, |_| true)
    }

    fn find(
        &self,
        after: (usize, usize),
        field: &str,
        nth: usize,
        matches: impl Fn(&str) -> bool,
    ) -> (usize, usize) {
        let mut seen = 0;
        for (l, line) in self.text.lines().enumerate() {
            let line_no = l + 1;
            if line_no < after.0 {
                continue;
            }
            let code = strip_comment(line);
            let mut from = 0;
            while let Some(p) = code[from..].find(field) {
                let start = from + p;
                from = start + field.len();
                let col = code[..start].chars().count() + 1;
                if line_no == after.0 && col <= after.1 {
                    continue;
                }
                let before_ok = code[..start]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
                let rest = code[from..].trim_start();
                let Some(rest) = rest.strip_prefix(':') else {
                    continue;
                };
                if !before_ok || !matches(rest.trim_start()) {
                    continue;
                }
                seen += 1;
                if seen == nth {
                    let value_at = code.len() - rest.trim_start().len();
                    return (line_no, code[..value_at].chars().count() + 1);
                }
            }
        }
        (0, 0)
    }
}

/// A line without its `//` comment (a `//` inside a string kept).
fn strip_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locator_skips_comments_and_counts() {
        let text = "(\n // number: \"x\"\n  items: [\n   (no: 1,\n   ),\n   (no: 10, name: \"a\"),\n   (no: 1),\n  ],\n)";
        let at = Locator { text };
        assert_eq!(at.value(Some("items"), "no", "1", 1), (4, 9));
        assert_eq!(at.value(Some("items"), "no", "1", 2), (7, 9));
        assert_eq!(at.value(Some("items"), "no", "10", 1), (6, 9));
        assert_eq!(at.field(None, "number", 1), (0, 0));
        assert_eq!(at.field_after((6, 9), "name"), (6, 19));
    }

    #[test]
    fn the_first_notice_checks_against_an_empty_book() {
        // The shipped file passes every check a kept notice must pass.
        let empty = Notices { list: Vec::new() };
        let cat = empty
            .check(CATALOGUE_RON)
            .expect("the shipped notice is a notice file");
        assert_eq!(&cat, Catalogue::embedded());
    }
}
