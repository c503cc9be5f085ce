//! A decision and its trace: what the router found at each step, the clause each rests on,
//! the warnings, and the flips (what would change it). The router makes them
//! ([`crate::router`]), the flips are added by [`crate::flips`]; the words layer puts them in
//! a language.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::articles::Article;
use crate::catalogue::Mode;
use crate::facts::{FactsKind, GridProject, Heritage, TreeSite, WaterRequest, WaterSource};
use crate::rules::{Margin, NearReason, ScopeFinding};

/// What happens to an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The committee approves.
    Committee,
    /// The committee reviews; the city government approves.
    CommitteeThenCityGovernment,
    /// Inside the item's scope, but the date keeps it with the 市级实施单位.
    OriginalUnit,
    /// The notice does not move it.
    NotDelegated,
    /// No such item, facts of the wrong kind, or impossible values.
    Invalid,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Committee,
        Outcome::CommitteeThenCityGovernment,
        Outcome::OriginalUnit,
        Outcome::NotDelegated,
        Outcome::Invalid,
    ];

    /// The code used on the command line and in files.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Committee => "COMMITTEE",
            Outcome::CommitteeThenCityGovernment => "COMMITTEE_THEN_CITY_GOVERNMENT",
            Outcome::OriginalUnit => "ORIGINAL_UNIT",
            Outcome::NotDelegated => "NOT_DELEGATED",
            Outcome::Invalid => "INVALID",
        }
    }

    pub fn from_code(code: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// Shared text: a decision refers to the catalogue's words without copying them.
pub type Text = Arc<str>;

/// The clause a step rests on, and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub clause: Text,
    pub quote: Text,
}

impl Citation {
    pub(crate) fn new(clause: impl Into<Text>, quote: impl Into<Text>) -> Citation {
        Citation {
            clause: clause.into(),
            quote: quote.into(),
        }
    }
}

impl From<Article> for Citation {
    fn from(a: Article) -> Citation {
        Citation::new(a.cite, a.text)
    }
}

/// A value that cannot be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Kv,
    Volume,
    Count,
    Dbh,
}

/// What the router found at one step; `i18n::legal` puts it in words.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    Item {
        no: u8,
        mode: Mode,
    },
    NoSuchItem {
        no: u8,
    },
    WrongFacts {
        item: u8,
        expected: FactsKind,
        got: FactsKind,
    },
    Impossible {
        field: Field,
        value: String,
    },
    InZone,
    OutsideZone,
    NoScopeLimit {
        item: u8,
    },
    Scope(ScopeFinding),
    BeforeInForce {
        received: NaiveDate,
        in_force: NaiveDate,
    },
    AfterValidity {
        received: NaiveDate,
        last_day: NaiveDate,
    },
    BeforeHandover {
        received: NaiveDate,
        handover: NaiveDate,
        recorded: bool,
    },
    FromHandover {
        received: NaiveDate,
        handover: NaiveDate,
        recorded: bool,
    },
    Entrusted {
        principal: Text,
    },
    EntrustedAnswers {
        principal: Text,
    },
    Authorised {
        committee: Text,
    },
    CityGovernmentApproves {
        committee: Text,
        city: Text,
    },
    StaysWithUnit {
        unit: Text,
    },
    /// An amendment in force on the received date took the item's row back (`notice`: its
    /// 文号): the power is no longer moved.
    Withdrawn {
        item: u8,
        notice: Text,
    },
    /// Received after the day a successor (`by`) took effect (`from`) and ended the notice.
    Replaced {
        received: NaiveDate,
        by: Text,
        from: NaiveDate,
    },
}

/// One step of a decision's trace.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub finding: Finding,
    pub citation: Citation,
}

/// Something the clerk should know that does not change the outcome.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// A value within the tolerance the data names beside a bound that matters to this
    /// decision: a small error in it would change the outcome.
    NearBound {
        fact: Fact,
        value: Value,
        /// The bound's number or date.
        bound: Value,
        within: Margin,
        reason: NearReason,
        /// The clause the bound is in.
        clause: Text,
    },
    /// No handover date recorded for the item: the statutory deadline was assumed.
    HandoverAssumed { item: u8, deadline: NaiveDate },
    /// A date computation ran into years the holiday calendar does not cover.
    UncoveredYears(Vec<i32>),
}

/// The router's answer for one application.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub id: String,
    /// The 文号 of the notice that governed: the one in force on the received date that
    /// lists the item, the latest issued where two do (or the nearest in time, where none is).
    pub notice: Text,
    pub item: u8,
    pub outcome: Outcome,
    pub approving_body: Option<Text>,
    pub mode: Option<Mode>,
    /// In whose name the act is done.
    pub in_name_of: Option<Text>,
    /// Who answers for it in administrative review and litigation.
    pub answerable: Option<Text>,
    pub trace: Vec<Step>,
    /// The index in `trace` of the first step the outcome rests on. An application not
    /// delegated rests on every step from there to the end: each reason that keeps it from
    /// the committee (outside the zone, cross-district, over the voltage…), all named.
    pub decisive: usize,
    pub warnings: Vec<Warning>,
    /// What would change the outcome: for each fact the rules looked at, the nearest value
    /// on the other side of each bound that matters, and each other choice that changes it.
    pub flips: Vec<Flip>,
}

impl Decision {
    /// The first step the outcome rests on.
    pub fn deciding_step(&self) -> Option<&Step> {
        self.trace.get(self.decisive)
    }

    /// The steps the outcome rests on: one, or for an application not delegated each reason
    /// it is not (see [`Decision::decisive`]).
    pub fn deciding_steps(&self) -> &[Step] {
        let end = if self.outcome == Outcome::NotDelegated {
            self.trace.len()
        } else {
            self.decisive.saturating_add(1).min(self.trace.len())
        };
        self.trace.get(self.decisive..end).unwrap_or_default()
    }

    /// Whether the outcome rests on the step at `i` of the trace.
    pub fn is_deciding(&self, i: usize) -> bool {
        i == self.decisive || (self.outcome == Outcome::NotDelegated && i > self.decisive)
    }

    /// The clauses the outcome rests on, each once, in the trace's order, joined by "；".
    pub fn deciding_clause(&self) -> String {
        let mut clauses: Vec<&str> = Vec::new();
        for s in self.deciding_steps() {
            if !clauses.contains(&&*s.citation.clause) {
                clauses.push(&s.citation.clause);
            }
        }
        clauses.join("；")
    }
}

/// A fact an application states, by the register's English key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fact {
    Received,
    InZone,
    Project,
    Kv,
    CrossDistrict,
    Source,
    M3PerDay,
    Agricultural,
    Request,
    Site,
    Count,
    MaxDbhCm,
    Heritage,
}

impl Fact {
    pub const ALL: [Fact; 13] = [
        Fact::Received,
        Fact::InZone,
        Fact::Project,
        Fact::Kv,
        Fact::CrossDistrict,
        Fact::Source,
        Fact::M3PerDay,
        Fact::Agricultural,
        Fact::Request,
        Fact::Site,
        Fact::Count,
        Fact::MaxDbhCm,
        Fact::Heritage,
    ];

    /// The key the register and the applications file name it by.
    pub fn key(self) -> &'static str {
        match self {
            Fact::Received => "received",
            Fact::InZone => "in_zone",
            Fact::Project => "project",
            Fact::Kv => "kv",
            Fact::CrossDistrict => "cross_district",
            Fact::Source => "source",
            Fact::M3PerDay => "m3_per_day",
            Fact::Agricultural => "agricultural",
            Fact::Request => "request",
            Fact::Site => "site",
            Fact::Count => "count",
            Fact::MaxDbhCm => "max_dbh_cm",
            Fact::Heritage => "heritage",
        }
    }
}

/// The kind of a grid project, without its figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ProjectKind {
    PowerGrid,
    GasDistributedEnergyStation,
    Other,
}

impl ProjectKind {
    pub fn of(p: &GridProject) -> ProjectKind {
        match p {
            GridProject::PowerGrid { .. } => ProjectKind::PowerGrid,
            GridProject::GasDistributedEnergyStation => ProjectKind::GasDistributedEnergyStation,
            GridProject::Other => ProjectKind::Other,
        }
    }
}

/// The value of a fact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A whole number: kV, m³ a day, trees.
    Whole(u64),
    /// Centimetres, to 0.01.
    Cm(f64),
    Date(NaiveDate),
    Bool(bool),
    Source(WaterSource),
    Request(WaterRequest),
    Site(TreeSite),
    Heritage(Heritage),
    Project(ProjectKind),
}

impl Value {
    /// As the applications file writes it: a number, `"2024-06-13"`, `true`, `"Surface"`.
    pub fn json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        fn name(v: impl Serialize) -> J {
            serde_json::to_value(v).unwrap_or(J::Null)
        }
        match *self {
            Value::Whole(n) => J::from(n),
            Value::Cm(x) => J::from(x),
            Value::Date(d) => J::from(d.format("%Y-%m-%d").to_string()),
            Value::Bool(b) => J::from(b),
            Value::Source(v) => name(v),
            Value::Request(v) => name(v),
            Value::Site(v) => name(v),
            Value::Heritage(v) => name(v),
            Value::Project(v) => name(v),
        }
    }
}

/// One way the decision would change: `fact` at `to` instead of `from` gives `outcome`, by
/// the bound or the rule in `clause`.
#[derive(Debug, Clone, PartialEq)]
pub struct Flip {
    pub fact: Fact,
    pub from: Value,
    pub to: Value,
    pub outcome: Outcome,
    pub clause: Text,
    /// The notice that would govern on the other side, where it is not the decision's.
    pub notice: Option<Text>,
}
