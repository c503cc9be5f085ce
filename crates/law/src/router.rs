//! Sends an application to the body that approves it, with the clause behind every step.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::articles;
use crate::calendar::{Calendar, StartDay};
use crate::catalogue::{Catalogue, Item, Mode};
use crate::deadlines::{KeyDates, ValidityConvention};
pub use crate::decision::{Citation, Decision, Field, Finding, Outcome, Step, Text, Warning};

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

/// Routes applications with one set of dates and conventions.
#[derive(Debug, Clone)]
pub struct Router<'a> {
    cat: &'a Catalogue,
    key: KeyDates,
    handover: BTreeMap<u8, NaiveDate>,
    passages: BTreeMap<u8, Citation>,
    items: BTreeMap<u8, ItemTexts>,
    no_such_item: Citation,
    committee: Text,
    city: Text,
}

impl<'a> Router<'a> {
    /// `handover` holds the recorded handover dates by item; an item without one is taken to
    /// have been handed over on the statutory deadline, and each decision says so.
    pub fn new(
        cat: &'a Catalogue,
        cal: &Calendar,
        handover: BTreeMap<u8, NaiveDate>,
        start_day: StartDay,
        validity: ValidityConvention,
    ) -> Router<'a> {
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
        Router {
            cat,
            key: KeyDates::compute(cat, cal, start_day, validity),
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

    pub fn key_dates(&self) -> &KeyDates {
        &self.key
    }

    fn passage(&self, no: u8) -> Citation {
        self.passages[&no].clone()
    }

    /// The decision without its flips or near-bound warnings (`flips` empty): the outcome and
    /// the trace alone, as routing was before flips, kept to measure what they cost.
    pub fn route_without_flips(&self, app: &Application) -> Decision {
        self.route_checking(app, IdRule::Required)
    }

    /// The outcome and the trace, with the id checked by `ids`.
    pub(crate) fn route_checking(&self, app: &Application, ids: IdRule) -> Decision {
        let mut d = Decision {
            id: app.id.clone(),
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
        let step = |finding| Step {
            finding,
            citation: self.passage(clause),
        };
        let stays = match when {
            When::BeforeInForce => Some(step(Finding::BeforeInForce {
                received,
                in_force: self.key.in_force,
            })),
            When::AfterValidity => Some(step(Finding::AfterValidity {
                received,
                last_day: self.key.validity_last_day,
            })),
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
        } else if received > self.key.validity_last_day {
            (When::AfterValidity, clauses.in_force)
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
    pub(crate) fn date_edges(&self, item: &Item) -> [(Option<NaiveDate>, u8); 3] {
        let clauses = &self.cat.notice.clauses;
        [
            (Some(self.key.in_force), clauses.in_force),
            (
                Some(self.handover_of(item.no).0),
                self.handover_clause(item),
            ),
            (self.key.validity_last_day.succ_opt(), clauses.in_force),
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

    /// The outcome alone, by the same steps as [`Router::route`] without the trace, the
    /// texts or the warnings: what the flips of a decision ask many times over.
    pub fn outcome(&self, app: &Application) -> Outcome {
        match self.cat.item(app.item) {
            Some(item) if !app.id.trim().is_empty() => self.outcome_in(item, app),
            _ => Outcome::Invalid,
        }
    }

    /// [`Router::outcome`] for an application of `item` whose id is known to be usable (the
    /// flips change facts, never the id, so they skip the look-up and the id's check).
    pub(crate) fn outcome_in(&self, item: &Item, app: &Application) -> Outcome {
        if item.facts_kind() != app.facts.kind() || impossible(&app.facts).is_some() {
            return Outcome::Invalid;
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
            When::BeforeInForce | When::AfterValidity | When::BeforeHandover => {
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
