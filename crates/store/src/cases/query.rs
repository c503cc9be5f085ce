//! What the case register is asked for: `cases list`'s and the 办件台账 screen's filters, order
//! and page, and how many cases the filters match.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use delegation_law::calendar::Calendar;
use delegation_law::cases::CaseResult;
use delegation_law::catalogue::Catalogue;

/// What `cases list` and the 办件台账 screen ask for: the filters, the order, and a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Received in this year.
    pub year: Option<i32>,
    pub item: Option<u8>,
    /// Open cases only.
    pub open: bool,
    /// Closed cases only (with `open` too: none).
    pub closed: bool,
    /// Closed with this result.
    pub result: Option<CaseResult>,
    /// Overdue cases only, by these limits: per item, its limit in working days and the
    /// received-date cutoff of its open cases ([`overdue_cutoff`](delegation_law::cases::overdue_cutoff)). A closed case is overdue
    /// when it took more working days than the limit; an item without a limit has none.
    pub overdue: Option<BTreeMap<u8, (u32, NaiveDate)>>,
    /// 办件编号 or applicant containing this text.
    pub search: Option<String>,
    pub order: Order,
    /// Cases passed over before the first one given (a page's start).
    pub skip: u64,
    /// At most this many (`None`: all).
    pub take: Option<u64>,
}

/// The order cases are listed in; the 办件编号 (by its bytes) breaks ties.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// Received date, earliest first.
    #[default]
    Received,
    /// Received date, latest first.
    ReceivedLatest,
    /// Closing date, earliest first; open cases (no closing date) before the closed ones.
    Closed,
    /// Closing date, latest first; open cases after the closed ones.
    ClosedLatest,
}

impl Order {
    pub const ALL: [Order; 4] = [
        Order::Received,
        Order::ReceivedLatest,
        Order::Closed,
        Order::ClosedLatest,
    ];
}

/// How many cases a query's filters match (its page aside): open and closed add up to all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub cases: u64,
    pub open: u64,
    pub closed: u64,
}

/// What the year's figures are counted by: the year, `today` for what is overdue, the limits,
/// and for a backend that counts with a query instead of the calendar, the received-date
/// `cutoffs` of open cases per item ([`overdue_cutoff`](delegation_law::cases::overdue_cutoff)).
pub struct YearQuery<'a> {
    pub year: i32,
    pub today: NaiveDate,
    pub cat: &'a Catalogue,
    pub cal: &'a Calendar,
    pub limits: &'a BTreeMap<u8, u32>,
    pub cutoffs: &'a BTreeMap<u8, NaiveDate>,
}
