//! Sends an application to the body that approves it, with the clause behind every step.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::articles;
use crate::calendar::{Calendar, StartDay};
use crate::catalogue::{Catalogue, Item, Mode};
use crate::deadlines::{KeyDates, ValidityConvention};
pub use crate::decision::{Citation, Decision, Field, Finding, Outcome, Step, Text, Warning};
use crate::notices::Notices;

use crate::facts::{Application, Facts, GridProject};
use crate::rules::{TierOutcome, Verdict};

/// The citations of one item, made once per router.
#[derive(Debug, Clone)]
struct ItemTexts {
    row: Citation,
    named: Citation,
    unit: Text,
    unit_citation: Citation,
    principal: Text,
    remarks_clause: Text,
}

/// Routes applications with one set of dates and conventions, each by the notice that governs
/// it on the day it was received (issue 31): with the built-in notice alone, by that one.
#[derive(Debug, Clone)]
pub struct Router<'a> {
    /// One a notice, in the order of [`Notices::all`]; the first is the built-in notice.
    parts: Vec<Part<'a>>,
}

/// A successor that ended a notice before its validity ran out.
#[derive(Debug, Clone)]
struct Replacement {
    by: Text,
    from: NaiveDate,
    citation: Citation,
}

/// The router of one notice: its table, its dates and its texts.
#[derive(Debug, Clone)]
pub(crate) struct Part<'a> {
    cat: &'a Catalogue,
    /// The notice's 文号, as decisions name it.
    number: Text,
    /// The last day in force (the validity's, or the day before a successor took effect).
    last_day: NaiveDate,
    replaced: Option<Replacement>,
    /// An amendment: the part whose table it changes.
    amends: Option<usize>,
    /// An amendment's rows taken back, with the passage that says so.
    withdrawn: BTreeMap<u8, Citation>,
    /// An amendment's changed rows that the amended notice had: their handover date, whether
    /// it was recorded, and the clause it rests on, the amended notice's.
    inherited: BTreeMap<u8, (NaiveDate, bool, Citation)>,
    key: KeyDates,
    handover: BTreeMap<u8, NaiveDate>,
    passages: BTreeMap<u8, Citation>,
    items: BTreeMap<u8, ItemTexts>,
    no_such_item: Citation,
    committee: Text,
    city: Text,
}

impl<'a> Router<'a> {
    /// The router of one notice. `handover` holds the recorded handover dates by item; an item
    /// without one is taken to have been handed over on the statutory deadline, and each
    /// decision says so.
    pub fn new(
        cat: &'a Catalogue,
        cal: &Calendar,
        handover: BTreeMap<u8, NaiveDate>,
        start_day: StartDay,
        validity: ValidityConvention,
    ) -> Router<'a> {
        Router {
            parts: vec![Part::new(cat, cal, handover, start_day, validity)],
        }
    }

    /// The router of every notice of `book`: each application by the one in force on its
    /// received date that lists its item, the latest issued where two do. `handover` holds the
    /// recorded handover dates of the first notice's items; a later notice's are taken to be
    /// its statutory deadline, and each decision says so.
    pub fn for_notices(
        book: &'a Notices,
        cal: &Calendar,
        handover: BTreeMap<u8, NaiveDate>,
        start_day: StartDay,
        validity: ValidityConvention,
    ) -> Router<'a> {
        let spans = book.spans(validity);
        let mut first = Some(handover);
        let mut parts: Vec<Part<'a>> = book
            .all()
            .iter()
            .map(|cat| {
                let handover = first.take().unwrap_or_default();
                Part::new(cat, cal, handover, start_day, validity)
            })
            .collect();
        if parts.len() == 1 {
            return Router { parts };
        }
        for (i, span) in spans.iter().enumerate() {
            parts[i].last_day = span.last_day;
            if let Some(j) = span.replaced_by {
                let successor = &book.all()[j].notice;
                parts[i].replaced = Some(Replacement {
                    by: successor.number.as_str().into(),
                    from: span.last_day.succ_opt().unwrap_or(span.last_day),
                    citation: parts[j].passage(successor.clauses.in_force),
                });
            }
            let cat = &book.all()[i];
            parts[i].amends = cat.notice.amends.as_ref().and_then(|a| book.index_of(a));
            parts[i].withdrawn = cat
                .withdrawn
                .iter()
                .map(|w| (w.no, parts[i].passage(w.passage)))
                .collect();
        }
        // A row an amendment changes was handed over under the notice it amends: its handover
        // date (recorded, or that notice's deadline) and clause stay that notice's. Only a row
        // the amendment adds has the amendment's own deadline.
        for i in 0..parts.len() {
            let Some(base) = parts[i].amends else {
                continue;
            };
            let inherited = parts[i]
                .cat
                .items
                .iter()
                .filter_map(|item| {
                    let row = parts[base].cat.item(item.no)?;
                    let (date, recorded) = parts[base].handover_of(item.no);
                    let clause = parts[base].passage(parts[base].handover_clause(row));
                    Some((item.no, (date, recorded, clause)))
                })
                .collect();
            parts[i].inherited = inherited;
        }
        Router { parts }
    }

    /// The key dates of the built-in notice.
    pub fn key_dates(&self) -> &KeyDates {
        &self.parts[0].key
    }

    /// Whether the router holds more than the built-in notice: outputs then name the notice
    /// each decision applied.
    pub fn several_notices(&self) -> bool {
        self.parts.len() > 1
    }

    /// The notice that governs an application of `item` received on `day`.
    pub(crate) fn choose(&self, item: u8, day: NaiveDate) -> Choice {
        if self.parts.len() == 1 {
            return Choice {
                part: 0,
                withdrawn_by: None,
            };
        }
        let issued = |i: usize| self.parts[i].cat.notice.issued;
        // The family of a notice: itself and its amendments.
        let base_of = |i: usize| self.parts[i].amends.unwrap_or(i);
        let rows = |i: usize| self.parts[i].cat.item(item).is_some();
        let in_force = (0..self.parts.len())
            .filter(|&i| rows(i) && self.parts[i].in_force(day))
            .max_by_key(|&i| (issued(i), i));
        // An amendment in force that takes the row back overrides the rows of its own notice's
        // family issued before it, and no other notice's.
        let withdrawn_by = (0..self.parts.len())
            .filter(|&a| self.parts[a].withdrawn.contains_key(&item) && self.parts[a].in_force(day))
            .filter(|&a| {
                in_force.is_none_or(|i| base_of(i) == base_of(a) && issued(i) <= issued(a))
            })
            .max_by_key(|&a| (issued(a), a));
        if let Some(a) = withdrawn_by {
            return Choice {
                part: base_of(a),
                withdrawn_by: Some(a),
            };
        }
        if let Some(i) = in_force {
            return Choice {
                part: i,
                withdrawn_by: None,
            };
        }
        // No notice in force has its row: the one that had it last says why (ended, replaced),
        // or where none has ended, the first to come (not yet in force). The choice changes
        // only on the days a notice starts or ends, the days the flips look at.
        let ended = (0..self.parts.len())
            .filter(|&i| rows(i) && self.parts[i].last_day < day)
            .max_by_key(|&i| (self.parts[i].last_day, issued(i), i));
        let coming = || {
            (0..self.parts.len())
                .filter(|&i| rows(i) && self.parts[i].key.in_force > day)
                .min_by_key(|&i| {
                    (
                        self.parts[i].key.in_force,
                        std::cmp::Reverse((issued(i), i)),
                    )
                })
        };
        Choice {
            part: ended.or_else(coming).unwrap_or(0),
            withdrawn_by: None,
        }
    }

    /// The row of item `no` an application received on `day` is routed by: the governing
    /// notice's, or for a row an amendment took back, the row it was. `None`: no notice has
    /// such an item.
    pub fn row(&self, no: u8, day: NaiveDate) -> Option<&'a Item> {
        let choice = self.choose(no, day);
        self.parts[choice.part].cat.item(no)
    }

    /// The table holding item `no`'s row for a decision under notice `number` (a decision's
    /// `notice`): that notice's, or for a row an amendment took back, the amended notice's.
    pub fn table_of(&self, number: &str, no: u8) -> &'a Catalogue {
        let Some(part) = self.parts.iter().find(|p| &*p.number == number) else {
            return self.parts[0].cat;
        };
        match (part.cat.item(no), part.amends) {
            (None, Some(base)) => self.parts[base].cat,
            _ => part.cat,
        }
    }

    pub(crate) fn part(&self, i: usize) -> &Part<'a> {
        &self.parts[i]
    }

    /// The decision without its flips or near-bound warnings (`flips` empty): the outcome and
    /// the trace alone, as routing was before flips, kept to measure what they cost.
    pub fn route_without_flips(&self, app: &Application) -> Decision {
        self.route_checking(app, IdRule::Required)
    }

    /// The outcome and the trace, with the id checked by `ids`.
    pub(crate) fn route_checking(&self, app: &Application, ids: IdRule) -> Decision {
        let choice = self.choose(app.item, app.received);
        let withdrawn = choice
            .withdrawn_by
            .map(|a| (&self.parts[a], &self.parts[a].withdrawn[&app.item]));
        self.parts[choice.part].route_checking(app, ids, withdrawn)
    }

    /// The outcome alone, by the same steps as [`Router::route`] without the trace, the
    /// texts or the warnings: what the flips of a decision ask many times over.
    pub fn outcome(&self, app: &Application) -> Outcome {
        let choice = self.choose(app.item, app.received);
        let part = &self.parts[choice.part];
        match part.cat.item(app.item) {
            Some(item) if !app.id.trim().is_empty() => {
                part.outcome_in(item, app, choice.withdrawn_by.is_some())
            }
            _ => Outcome::Invalid,
        }
    }

    /// [`Router::outcome`] for an application of item `no` whose id is known to be usable:
    /// the notice chosen again for its received date, which the flips change.
    pub(crate) fn outcome_of(&self, no: u8, app: &Application) -> Outcome {
        let choice = self.choose(no, app.received);
        let part = &self.parts[choice.part];
        match part.cat.item(no) {
            Some(item) => part.outcome_in(item, app, choice.withdrawn_by.is_some()),
            None => Outcome::Invalid,
        }
    }

    /// The days on which the outcome of an application of item `no` may change: each notice's
    /// that lists it, each the first day of a new state (as days from the common era), with
    /// the clause of the date.
    pub(crate) fn date_edges(&self, no: u8, out: &mut Vec<(i64, Text)>) {
        for p in &self.parts {
            if !p.lists(no) {
                continue;
            }
            for (k, (d, clause)) in p.date_edges(no).into_iter().enumerate() {
                let Some(d) = d else { continue };
                // The day after a replaced notice's last rests on the successor's clause.
                let clause = match (&p.replaced, k, p.inherited.get(&no)) {
                    (Some(r), 2, _) => r.citation.clause.clone(),
                    (_, 1, Some((_, _, inherited))) => inherited.clause.clone(),
                    _ => p.passage_clause(clause),
                };
                out.push((i64::from(d.num_days_from_ce()), clause));
            }
        }
    }
}

/// Which notice governs an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Choice {
    /// The part whose row the application is routed by.
    pub part: usize,
    /// An amendment in force that took the row back.
    pub withdrawn_by: Option<usize>,
}

impl<'a> Part<'a> {
    fn new(
        cat: &'a Catalogue,
        cal: &Calendar,
        handover: BTreeMap<u8, NaiveDate>,
        start_day: StartDay,
        validity: ValidityConvention,
    ) -> Part<'a> {
        let passages = cat
            .notice
            .passages
            .iter()
            .map(|p| {
                (
                    p.no,
                    Citation::new(cat.passage_clause(p.no), p.text.as_str()),
                )
            })
            .collect();
        let items = cat
            .items
            .iter()
            .map(|item| {
                let texts = ItemTexts {
                    row: Citation::new(
                        cat.item_clause(item.no),
                        format!("{}（{}）", item.name, item.mode.table_term()),
                    ),
                    named: Citation::new(cat.item_clause(item.no), item.name.as_str()),
                    unit: item.city_unit.as_str().into(),
                    unit_citation: Citation::new(
                        cat.item_clause(item.no),
                        format!("市级实施单位：{}", item.city_unit),
                    ),
                    principal: item.principal.as_str().into(),
                    remarks_clause: cat.remarks_clause(item.no).into(),
                };
                (item.no, texts)
            })
            .collect();
        let key = KeyDates::compute(cat, cal, start_day, validity);
        Part {
            cat,
            number: cat.notice.number.as_str().into(),
            last_day: key.validity_last_day,
            replaced: None,
            amends: None,
            withdrawn: BTreeMap::new(),
            inherited: BTreeMap::new(),
            key,
            handover,
            passages,
            items,
            no_such_item: Citation::new(
                format!("{} 附件", cat.notice.number),
                cat.notice.attachment_title.as_str(),
            ),
            committee: cat.notice.committee.as_str().into(),
            city: cat.notice.issuer.as_str().into(),
        }
    }

    fn passage(&self, no: u8) -> Citation {
        self.passages[&no].clone()
    }

    /// Whether the notice's table speaks of item `no`.
    fn lists(&self, no: u8) -> bool {
        self.items.contains_key(&no) || self.withdrawn.contains_key(&no)
    }

    /// Whether the notice is in force on `day`.
    fn in_force(&self, day: NaiveDate) -> bool {
        self.key.in_force <= day && day <= self.last_day
    }

    /// The notice's 文号.
    pub(crate) fn number(&self) -> &Text {
        &self.number
    }

    /// The outcome and the trace, with the id checked by `ids`; `withdrawn`: the amendment in
    /// force that took the row back, and its passage.
    fn route_checking(
        &self,
        app: &Application,
        ids: IdRule,
        withdrawn: Option<(&Part<'_>, &Citation)>,
    ) -> Decision {
        let mut d = Decision {
            id: app.id.clone(),
            notice: withdrawn.map_or(&self.number, |(a, _)| &a.number).clone(),
            item: app.item,
            outcome: Outcome::Invalid,
            approving_body: None,
            mode: None,
            in_name_of: None,
            answerable: None,
            trace: Vec::with_capacity(6),
            decisive: 0,
            warnings: Vec::new(),
            flips: Vec::new(),
        };
        let clauses = &self.cat.notice.clauses;

        // 1. The item.
        let (Some(item), Some(texts)) = (self.cat.item(app.item), self.items.get(&app.item)) else {
            d.trace.push(Step {
                finding: Finding::NoSuchItem { no: app.item },
                citation: self.no_such_item.clone(),
            });
            return d;
        };
        d.mode = Some(item.mode);
        d.trace.push(Step {
            finding: Finding::Item {
                no: item.no,
                mode: item.mode,
            },
            citation: texts.row.clone(),
        });

        // 2. Facts of the right kind, with possible values.
        if let Some(step) = self.check_facts(app, item, texts, ids) {
            d.trace.push(step);
            d.decisive = d.trace.len() - 1;
            return d;
        }

        // 2a. Taken back by an amendment in force: the row no longer moves the power.
        if let Some((amendment, citation)) = withdrawn {
            d.trace.push(Step {
                finding: Finding::Withdrawn {
                    item: item.no,
                    notice: amendment.number.clone(),
                },
                citation: citation.clone(),
            });
            d.decisive = d.trace.len() - 1;
            self.stays(&mut d, texts);
            return d;
        }

        // 3. Inside the zone. Outside it, the scope is still looked at: each reason that
        // keeps the application from the committee is named (issue 29, finding 17).
        if !app.in_zone {
            d.outcome = Outcome::NotDelegated;
            d.trace.push(Step {
                finding: Finding::OutsideZone,
                citation: self.passage(clauses.zone),
            });
            d.decisive = d.trace.len() - 1;
            if let Some(rule) = &item.scope
                && let (Verdict::Outside, steps) = rule.evaluate(&app.facts)
            {
                d.trace.extend(steps.into_iter().map(|s| Step {
                    finding: Finding::Scope(s.finding),
                    citation: Citation {
                        clause: texts.remarks_clause.clone(),
                        quote: s.quote,
                    },
                }));
            }
            return d;
        }
        d.trace.push(Step {
            finding: Finding::InZone,
            citation: self.passage(clauses.zone),
        });

        // 4. The item's scope. The first step it adds is the one an in-scope outcome rests on.
        let scope_step = d.trace.len();
        let tier = match &item.scope {
            None => {
                d.trace.push(Step {
                    finding: Finding::NoScopeLimit { item: item.no },
                    citation: texts.named.clone(),
                });
                None
            }
            Some(rule) => {
                let (verdict, steps) = rule.evaluate(&app.facts);
                d.trace.extend(steps.into_iter().map(|s| Step {
                    finding: Finding::Scope(s.finding),
                    citation: Citation {
                        clause: texts.remarks_clause.clone(),
                        quote: s.quote,
                    },
                }));
                match verdict {
                    Verdict::Outside => {
                        // Every step the rule added is a reason it is outside.
                        d.outcome = Outcome::NotDelegated;
                        d.decisive = scope_step;
                        return d;
                    }
                    Verdict::Inside(tier) => tier,
                }
            }
        };

        // 5. The date.
        if !self.key.handover_deadline.uncovered_years.is_empty() {
            d.warnings.push(Warning::UncoveredYears(
                self.key.handover_deadline.uncovered_years.clone(),
            ));
        }
        let handover = self.handover_of(item.no);
        let received = app.received;
        let (when, clause) = self.when(item, received, handover);
        if !handover.1 && matches!(when, When::BeforeHandover | When::FromHandover) {
            d.warnings.push(Warning::HandoverAssumed {
                item: item.no,
                deadline: handover.0,
            });
        }
        let citation = match (when, self.inherited.get(&item.no)) {
            (When::BeforeHandover | When::FromHandover, Some((_, _, inherited))) => {
                inherited.clone()
            }
            _ => self.passage(clause),
        };
        let step = |finding| Step {
            finding,
            citation: citation.clone(),
        };
        let stays = match when {
            When::BeforeInForce => Some(step(Finding::BeforeInForce {
                received,
                in_force: self.key.in_force,
            })),
            When::AfterValidity => Some(step(Finding::AfterValidity {
                received,
                last_day: self.last_day,
            })),
            When::Replaced => self.replaced.as_ref().map(|r| Step {
                finding: Finding::Replaced {
                    received,
                    by: r.by.clone(),
                    from: r.from,
                },
                citation: r.citation.clone(),
            }),
            When::BeforeHandover => Some(step(Finding::BeforeHandover {
                received,
                handover: handover.0,
                recorded: handover.1,
            })),
            When::FromHandover => {
                d.trace.push(step(Finding::FromHandover {
                    received,
                    handover: handover.0,
                    recorded: handover.1,
                }));
                None
            }
        };
        if let Some(step) = stays {
            d.trace.push(step);
            d.decisive = d.trace.len() - 1;
            self.stays(&mut d, texts);
            return d;
        }

        // 6. Who approves, in whose name, who answers.
        d.decisive = scope_step;
        let committee = self.committee.clone();
        d.outcome = in_time(tier);
        match (tier, item.mode) {
            (Some(TierOutcome::CommitteeThenCityGovernment), _) => {
                let city = self.city.clone();
                d.approving_body = Some(city.clone());
                d.in_name_of = Some(city.clone());
                d.answerable = Some(city.clone());
                d.trace.push(Step {
                    finding: Finding::CityGovernmentApproves { committee, city },
                    citation: d.trace[scope_step].citation.clone(),
                });
            }
            (_, Mode::Authorised) => {
                d.approving_body = Some(committee.clone());
                d.in_name_of = Some(committee.clone());
                d.answerable = Some(committee.clone());
                d.trace.push(Step {
                    finding: Finding::Authorised { committee },
                    citation: articles::LICENSING_23.into(),
                });
            }
            (_, Mode::Entrusted) => {
                d.approving_body = Some(committee);
                d.in_name_of = Some(texts.principal.clone());
                d.answerable = Some(texts.principal.clone());
                d.trace.push(Step {
                    finding: Finding::Entrusted {
                        principal: texts.principal.clone(),
                    },
                    citation: articles::LICENSING_24.into(),
                });
                d.trace.push(Step {
                    finding: Finding::EntrustedAnswers {
                        principal: texts.principal.clone(),
                    },
                    citation: articles::LITIGATION_26.into(),
                });
            }
        }
        d
    }

    /// The application stays with the 市级实施单位: the outcome, the bodies and the last step.
    fn stays(&self, d: &mut Decision, texts: &ItemTexts) {
        d.outcome = Outcome::OriginalUnit;
        d.approving_body = Some(texts.unit.clone());
        d.in_name_of = Some(texts.unit.clone());
        d.answerable = Some(texts.unit.clone());
        d.trace.push(Step {
            finding: Finding::StaysWithUnit {
                unit: texts.unit.clone(),
            },
            citation: texts.unit_citation.clone(),
        });
    }

    /// A step saying why the facts are not usable, or `None` when they are.
    fn check_facts(
        &self,
        app: &Application,
        item: &Item,
        texts: &ItemTexts,
        ids: IdRule,
    ) -> Option<Step> {
        unusable(app, item, ids).map(|finding| Step {
            finding,
            citation: texts.named.clone(),
        })
    }

    /// The recorded handover date of an item and `true`, or the statutory deadline assumed in
    /// its place and `false`.
    pub(crate) fn handover_of(&self, item: u8) -> (NaiveDate, bool) {
        if let Some(&(date, recorded, _)) = self.inherited.get(&item) {
            return (date, recorded);
        }
        match self.handover.get(&item) {
            Some(&date) => (date, true),
            None => (self.key.handover_deadline.value, false),
        }
    }

    /// Where `received` falls among the notice's dates for an item in its scope, and the
    /// passage that says so: the one place the dates are reasoned about.
    fn when(&self, item: &Item, received: NaiveDate, handover: (NaiveDate, bool)) -> (When, u8) {
        let clauses = &self.cat.notice.clauses;
        if received < self.key.in_force {
            (When::BeforeInForce, clauses.in_force)
        } else if received > self.last_day {
            match self.replaced {
                Some(_) => (When::Replaced, clauses.in_force),
                None => (When::AfterValidity, clauses.in_force),
            }
        } else {
            let clause = self.handover_clause(item);
            if received < handover.0 {
                (When::BeforeHandover, clause)
            } else {
                (When::FromHandover, clause)
            }
        }
    }

    /// The passage an item's handover date rests on. Authorised items: the committee from the
    /// handover date, earlier cases stay (正文 passage 5). Entrusted items: the handover of
    /// passage 3.
    fn handover_clause(&self, item: &Item) -> u8 {
        let clauses = &self.cat.notice.clauses;
        match item.mode {
            Mode::Authorised => clauses.authorised,
            Mode::Entrusted => clauses.handover,
        }
    }

    /// The days on which the outcome of an in-scope application of `item` may change, each
    /// the first day of a new state, with the passage of the date that sets it. The days
    /// [`Router::when`] compares against, and nothing else.
    pub(crate) fn date_edges(&self, no: u8) -> [(Option<NaiveDate>, u8); 3] {
        let clauses = &self.cat.notice.clauses;
        // A withdrawn row's handover is the amended notice's; only its dates count here.
        let handover = self
            .cat
            .item(no)
            .map(|item| (Some(self.handover_of(no).0), self.handover_clause(item)));
        [
            (Some(self.key.in_force), clauses.in_force),
            handover.unwrap_or((None, clauses.in_force)),
            (self.last_day.succ_opt(), clauses.in_force),
        ]
    }

    /// The clause of the passage `no`.
    pub(crate) fn passage_clause(&self, no: u8) -> Text {
        self.passages[&no].clause.clone()
    }

    /// The clause of an item's 备注.
    pub(crate) fn remarks_clause(&self, item: u8) -> Option<Text> {
        self.items.get(&item).map(|t| t.remarks_clause.clone())
    }

    pub(crate) fn catalogue(&self) -> &'a Catalogue {
        self.cat
    }

    /// [`Router::outcome`] for an application of `item` whose id is known to be usable (the
    /// flips change facts, never the id, so they skip the look-up and the id's check);
    /// `withdrawn`: an amendment in force took the row back.
    pub(crate) fn outcome_in(&self, item: &Item, app: &Application, withdrawn: bool) -> Outcome {
        if item.facts_kind() != app.facts.kind() || impossible(&app.facts).is_some() {
            return Outcome::Invalid;
        }
        if withdrawn {
            return Outcome::OriginalUnit;
        }
        if !app.in_zone {
            return Outcome::NotDelegated;
        }
        let tier = match &item.scope {
            None => None,
            Some(rule) => match rule.verdict(&app.facts) {
                Verdict::Outside => return Outcome::NotDelegated,
                Verdict::Inside(tier) => tier,
            },
        };
        let handover = self.handover_of(item.no);
        match self.when(item, app.received, handover).0 {
            When::FromHandover => in_time(tier),
            When::BeforeInForce | When::AfterValidity | When::Replaced | When::BeforeHandover => {
                Outcome::OriginalUnit
            }
        }
    }
}

/// Where a received date falls for an item in its scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    BeforeInForce,
    AfterValidity,
    /// After the last day of a notice a successor ended.
    Replaced,
    BeforeHandover,
    FromHandover,
}

/// The outcome of an application in scope and in time: the tier's, or the committee's.
fn in_time(tier: Option<TierOutcome>) -> Outcome {
    match tier {
        Some(TierOutcome::CommitteeThenCityGovernment) => Outcome::CommitteeThenCityGovernment,
        Some(TierOutcome::Committee) | None => Outcome::Committee,
    }
}

/// Whether an application must carry its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdRule {
    /// A row of a register or a batch: without an id it is invalid.
    Required,
    /// An application typed at the counter: an empty id is a case not numbered yet.
    MayBeEmpty,
}

/// Why the facts cannot be routed (wrong kind, impossible value, an id missing where one is
/// required), or `None` when they can.
fn unusable(app: &Application, item: &Item, ids: IdRule) -> Option<Finding> {
    let expected = item.facts_kind();
    let got = app.facts.kind();
    if expected != got {
        return Some(Finding::WrongFacts {
            item: item.no,
            expected,
            got,
        });
    }
    if ids == IdRule::Required && app.id.trim().is_empty() {
        return Some(Finding::Impossible {
            field: Field::Id,
            value: format!("{:?}", app.id),
        });
    }
    impossible(&app.facts).map(|(field, value)| Finding::Impossible { field, value })
}

/// A value the facts cannot have, and the field it is in.
fn impossible(facts: &Facts) -> Option<(Field, String)> {
    match *facts {
        Facts::Grid {
            project: GridProject::PowerGrid { kv: 0, .. },
        } => Some((Field::Kv, "0".into())),
        Facts::WaterIntake { m3_per_day: 0, .. } => Some((Field::Volume, "0".into())),
        Facts::Trees { count: 0, .. } => Some((Field::Count, "0".into())),
        Facts::Trees { max_dbh_cm, .. } if !(max_dbh_cm.is_finite() && max_dbh_cm > 0.0) => {
            Some((Field::Dbh, format!("{max_dbh_cm}")))
        }
        _ => None,
    }
}
