//! The case register's SQL, each backend's side by side: SQLite's ([`sqlite`]) and PostgreSQL's
//! ([`postgres`], a portable subset that KingbaseES and openGauss run as well). The same
//! tables, columns and meanings in both; where they differ, the comment says why.

use super::{ListQuery, Order};

/// The columns of a case's row (its `CaseLine`), in the order both backends read them.
pub(crate) const CASE_COLUMNS: &str = "id, item, received, in_zone, facts, applicant, notice, \
     outcome, approving_body, decisions, status, closed, result, note, working_days, recorded_by, \
     recorded_at, version, last_event";
/// The columns of an audit event, in the order both backends read them.
pub(crate) const EVENT_COLUMNS: &str =
    "seq, at, who, machine, case_id, kind, before, after, prev, hash";

/// A parameter of [`list`]'s query, for the backend to bind its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Arg {
    /// A whole number that fits both backends' INTEGER (a yyyymmdd date, an item).
    Int(i32),
    Text(String),
}

/// The WHERE clause of a query's filters, the same for both backends: `mark(n)` writes
/// parameter number `n`, counted from one, in the backend's spelling (`?1`, `$1`).
fn filters(q: &ListQuery, mark: fn(usize) -> String) -> (String, Vec<Arg>) {
    let mut sql = String::from(" WHERE 1 = 1");
    let mut args = Vec::new();
    if let Some(y) = q.year {
        // A year past what a date holds matches nothing, rather than overflowing.
        let y = y.saturating_mul(10_000);
        args.push(Arg::Int(y.saturating_add(101)));
        args.push(Arg::Int(y.saturating_add(1231)));
        sql.push_str(&format!(
            " AND received BETWEEN {} AND {}",
            mark(1),
            mark(2)
        ));
    }
    if let Some(item) = q.item {
        args.push(Arg::Int(i32::from(item)));
        sql.push_str(&format!(" AND item = {}", mark(args.len())));
    }
    if q.open {
        sql.push_str(" AND closed IS NULL");
    }
    if q.closed {
        sql.push_str(" AND closed IS NOT NULL");
    }
    if let Some(r) = q.result {
        args.push(Arg::Text(r.code().to_string()));
        sql.push_str(&format!(" AND result = {}", mark(args.len())));
    }
    if let Some(limits) = &q.overdue {
        // Numbers of this program's own (items, limits, dates), not the user's text.
        let each: Vec<String> = limits
            .iter()
            .map(|(item, (days, cutoff))| {
                format!(
                    "(item = {item} AND ((closed IS NOT NULL AND working_days > {days}) OR \
                     (closed IS NULL AND received < {})))",
                    day_number(*cutoff)
                )
            })
            .collect();
        if each.is_empty() {
            sql.push_str(" AND 1 = 0");
        } else {
            sql.push_str(&format!(" AND ({})", each.join(" OR ")));
        }
    }
    if let Some(s) = &q.search {
        args.push(Arg::Text(format!("%{}%", like_escape(s))));
        let n = mark(args.len());
        sql.push_str(&format!(
            " AND (id LIKE {n} ESCAPE '\\' OR applicant LIKE {n} ESCAPE '\\')"
        ));
    }
    (sql, args)
}

/// `cases list`'s query, the same for both backends (`mark` as in [`filters`]); `order_id` is
/// how the ids are ordered after the dates (SQLite compares text by its bytes; PostgreSQL is
/// told to with `COLLATE "C"`, whatever the database's collation, so that both list in one
/// order).
pub(crate) fn list(
    q: &ListQuery,
    mark: fn(usize) -> String,
    order_id: &str,
    (nulls_first, nulls_last): (&str, &str),
) -> (String, Vec<Arg>) {
    let (filters, args) = filters(q, mark);
    // Open cases (no closing date) first when the earliest closed come first, last when the
    // latest do: SQLite's own place for NULL, which its index on the closing date gives
    // without sorting; PostgreSQL is told the same.
    let order = match q.order {
        Order::Received => format!("received, {order_id}"),
        Order::ReceivedLatest => format!("received DESC, {order_id} DESC"),
        Order::Closed => format!("closed{nulls_first}, {order_id}"),
        Order::ClosedLatest => format!("closed DESC{nulls_last}, {order_id} DESC"),
    };
    let sql = if q.take.is_some() || q.skip > 0 {
        // A page: its ids found first from an index alone, then only its rows read (an
        // OFFSET over the rows themselves reads every row it passes: 3.7 s for the last page
        // of a million). Both backends read LIMIT n OFFSET m; "all" is the largest count.
        let take = q
            .take
            .map_or(i64::MAX, |t| i64::try_from(t).unwrap_or(i64::MAX));
        let skip = i64::try_from(q.skip).unwrap_or(i64::MAX);
        format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE id IN (SELECT id FROM cases{filters} \
             ORDER BY {order} LIMIT {take} OFFSET {skip}) ORDER BY {order}"
        )
    } else {
        format!("SELECT {CASE_COLUMNS} FROM cases{filters} ORDER BY {order}")
    };
    (sql, args)
}

/// How many cases a query's filters match, open and closed: one row of two numbers. `table`
/// is how the backend names the cases' table to read (SQLite: through the figures' index,
/// which holds every column the filters but the search read).
pub(crate) fn count(q: &ListQuery, mark: fn(usize) -> String, table: &str) -> (String, Vec<Arg>) {
    let (filters, args) = filters(q, mark);
    (
        format!(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN closed IS NULL THEN 1 ELSE 0 END), 0) \
             FROM {table}{filters}"
        ),
        args,
    )
}

/// A date as the rows keep it: yyyymmdd.
fn day_number(d: chrono::NaiveDate) -> i64 {
    use chrono::Datelike;
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

/// `s` for a LIKE pattern, its `%`, `_` and `\` taken as themselves.
fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// SQLite: schema 2 and the step from schema 1.
pub(crate) mod sqlite {
    // Schema 2. A case's row is its line (`CaseLine`): what it is counted and listed by; the words
    // of its decision (the finding, the clause, the flips) are in the `after` of its events, which
    // the trail keeps anyway, so that a case is written once and not three times (schema 1 kept a
    // copy in the row and another in a table of decisions: 3.3 KB a case, against about 1.7 KB
    // now). Dates in the rows are whole numbers yyyymmdd (20240612): compact in the indexes and
    // compared as numbers by the year's figures.
    pub(crate) const SCHEMA: &str = r#"
CREATE TABLE schema_version (version INTEGER NOT NULL, program TEXT NOT NULL);
CREATE TABLE events (
    seq INTEGER PRIMARY KEY NOT NULL,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    machine TEXT NOT NULL,
    case_id TEXT,
    kind TEXT NOT NULL,
    before TEXT,
    after TEXT,
    prev TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX events_by_case ON events (case_id, seq);
CREATE TABLE limits (item INTEGER PRIMARY KEY NOT NULL, days INTEGER NOT NULL);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: no event is changed'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: no event is deleted'); END;
"#;

    /// The cases' table and its indexes, as schema 2 has them (made new, or from schema 1's).
    pub(crate) const CASES_TABLE: &str = r#"
CREATE TABLE cases (
    id TEXT PRIMARY KEY NOT NULL,
    item INTEGER NOT NULL,
    received INTEGER NOT NULL,
    in_zone INTEGER NOT NULL,
    facts TEXT NOT NULL,
    applicant TEXT NOT NULL,
    notice TEXT NOT NULL,
    outcome TEXT NOT NULL,
    approving_body TEXT,
    decisions INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    closed INTEGER,
    result TEXT CHECK (result IN ('granted', 'refused', 'withdrawn', 'referred', 'forwarded')),
    note TEXT NOT NULL,
    working_days INTEGER,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    last_event INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX cases_by_received ON cases (received, id);
-- The year's figures read this index alone, not the rows.
CREATE INDEX cases_figures ON cases (item, received, closed, result, outcome, working_days);
-- The 办件台账 screen's order by closing date.
CREATE INDEX cases_by_closed ON cases (closed, id);
"#;

    /// The closing-date index, on a store of schema 2 made before the 办件台账 screen.
    pub(crate) const BY_CLOSED: &str =
        "CREATE INDEX IF NOT EXISTS cases_by_closed ON cases (closed, id)";

    /// Schema 1 to 2, in the transaction that opens the store: the rows become lines, and the
    /// table of decisions goes (each of them is the `after` of its event, which stays as it was,
    /// so the chain's hashes are unchanged).
    pub(crate) const FROM_1: &str = r#"
ALTER TABLE cases RENAME TO cases_1;
DROP INDEX IF EXISTS cases_by_received;
DROP INDEX IF EXISTS cases_figures;
DROP INDEX IF EXISTS cases_by_closed;
"#;
    pub(crate) const FROM_1_COPY: &str = r#"
INSERT INTO cases SELECT id, item, CAST(replace(received, '-', '') AS INTEGER), in_zone, facts,
    applicant, notice, outcome, approving_body, decisions, status,
    CAST(replace(closed, '-', '') AS INTEGER), result, note, working_days, recorded_by,
    recorded_at, version, last_event FROM cases_1;
DROP TABLE cases_1;
DROP TRIGGER IF EXISTS decisions_kept_update;
DROP TRIGGER IF EXISTS decisions_kept_delete;
DROP TABLE IF EXISTS decisions;
"#;
}

/// PostgreSQL (and servers that speak its protocol): schema 3 as `cases init` makes it, schema
/// 2's tables ([`postgres::SCHEMA`]) and then what schema 3 adds ([`postgres::FROM_2`]), the
/// same step that brings a server of schema 2 up.
pub(crate) mod postgres {
    /// Schema 2's tables, as `cases init` makes them, in one transaction: the same tables as SQLite's (dates as
    /// yyyymmdd numbers, a case's row its line), plus `chain_head`, one row that every writer
    /// locks (`SELECT … FOR UPDATE`) before it reads the audit trail's head, so that writers on
    /// several PCs append to the hash chain one after another. Portable: plain types, no
    /// `ON CONFLICT`, no JSONB, no `pg_catalog`; the trigger function is PL/pgSQL, which
    /// KingbaseES and openGauss run too (`EXECUTE PROCEDURE`, their spelling as well).
    pub(crate) const SCHEMA: &str = r#"
CREATE TABLE schema_version (version INTEGER NOT NULL, program TEXT NOT NULL);
CREATE TABLE chain_head (id INTEGER PRIMARY KEY, what TEXT NOT NULL);
INSERT INTO chain_head (id, what) VALUES (1, 'locked by every write: the audit trail''s head');
CREATE TABLE events (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    machine TEXT NOT NULL,
    case_id TEXT,
    kind TEXT NOT NULL,
    before TEXT,
    after TEXT,
    prev TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX events_by_case ON events (case_id, seq);
CREATE TABLE limits (item INTEGER PRIMARY KEY, days INTEGER NOT NULL);
CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    item INTEGER NOT NULL,
    received INTEGER NOT NULL,
    in_zone BOOLEAN NOT NULL,
    facts TEXT NOT NULL,
    applicant TEXT NOT NULL,
    notice TEXT NOT NULL,
    outcome TEXT NOT NULL,
    approving_body TEXT,
    decisions INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    closed INTEGER,
    result TEXT CHECK (result IN ('granted', 'refused', 'withdrawn', 'referred', 'forwarded')),
    note TEXT NOT NULL,
    working_days INTEGER,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    version BIGINT NOT NULL,
    last_event BIGINT NOT NULL
);
CREATE INDEX cases_by_received ON cases (received, id);
CREATE INDEX cases_figures ON cases (item, received, closed, result, outcome, working_days);
CREATE FUNCTION events_append_only() RETURNS TRIGGER AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: no event is changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE PROCEDURE events_append_only();
CREATE TRIGGER events_never_truncated BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE PROCEDURE events_append_only();
"#;

    /// What a clerks' role may do (README "The shared register"), `{role}` replaced by its name:
    /// read everything, record and change cases, append events, set limits; never change or
    /// delete an event (revoked here, refused by the trigger besides).
    pub(crate) const CLERK_GRANTS: &str = r#"
GRANT SELECT ON schema_version TO {role};
GRANT SELECT, UPDATE ON chain_head TO {role};
GRANT SELECT, INSERT, UPDATE ON cases TO {role};
GRANT SELECT, INSERT ON events TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON limits TO {role};
REVOKE UPDATE, DELETE, TRUNCATE ON events FROM {role};
GRANT SELECT, INSERT, UPDATE ON handover_records TO {role};
"#;

    /// Schema 3 adds the office's handover records (issue 28): one row per item, its record
    /// as the records file writes the item (RON, as the `handover` events carry it), so that
    /// two clerks editing different items never conflict and the event's `after` is the row.
    /// `version` grows with each save (`WHERE item = $1 AND version = $N`); `last_event` is
    /// the save's `handover` event. Made by `cases init` (new, or from schema 2).
    pub(crate) const FROM_2: &str = r#"
CREATE TABLE handover_records (
    item INTEGER PRIMARY KEY,
    record TEXT NOT NULL,
    version BIGINT NOT NULL,
    saved_by TEXT NOT NULL,
    saved_machine TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    last_event BIGINT NOT NULL
);
"#;

    /// The roles that clerk on the register already (those the owner let update cases), to
    /// be given the records' table when schema 2 is brought up: the SQL standard's
    /// information_schema, which KingbaseES and openGauss have too (not `pg_catalog`).
    pub(crate) const CLERK_ROLES: &str = "SELECT DISTINCT grantee FROM \
        information_schema.table_privileges WHERE table_schema = current_schema() AND \
        table_name = 'cases' AND privilege_type = 'UPDATE' AND grantee <> current_user";
    /// What a clerks' role may do with the records: read, add and change them, never delete.
    pub(crate) const RECORDS_GRANT: &str =
        "GRANT SELECT, INSERT, UPDATE ON handover_records TO {role}";

    pub(crate) const RECORDS: &str = "SELECT item, record, version, saved_by, saved_machine, \
        saved_at FROM handover_records ORDER BY item";
    pub(crate) const RECORD: &str = "SELECT item, record, version, saved_by, saved_machine, \
        saved_at FROM handover_records WHERE item = $1";
    /// Safe without `ON CONFLICT` for the reason [`INSERT_CASE`]'s is: writers hold the head.
    pub(crate) const INSERT_RECORD: &str = "INSERT INTO handover_records (item, record, version, \
        saved_by, saved_machine, saved_at, last_event) SELECT $1, $2, $3, $4, $5, $6, $7 WHERE \
        NOT EXISTS (SELECT 1 FROM handover_records WHERE item = $1)";
    pub(crate) const UPDATE_RECORD: &str = "UPDATE handover_records SET record = $2, \
        version = $3, saved_by = $4, saved_machine = $5, saved_at = $6, last_event = $7 \
        WHERE item = $1 AND version = $8";

    /// Every writer takes this first: the lock is held to its commit.
    pub(crate) const LOCK_HEAD: &str = "SELECT id FROM chain_head WHERE id = 1 FOR UPDATE";
    pub(crate) const HEAD: &str = "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1";
    /// SQLite's `INSERT … ON CONFLICT DO NOTHING`, portably: safe because writers hold the
    /// head's lock, so no other can insert the same id between the look and the insert.
    pub(crate) const INSERT_CASE: &str = "INSERT INTO cases (id, item, received, in_zone, facts, \
        applicant, notice, outcome, approving_body, decisions, status, closed, result, note, \
        working_days, recorded_by, recorded_at, version, last_event) SELECT $1, $2, $3, $4, $5, \
        $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19 WHERE NOT EXISTS \
        (SELECT 1 FROM cases WHERE id = $1)";
    pub(crate) const UPDATE_CASE: &str = "UPDATE cases SET item = $2, received = $3, \
        in_zone = $4, facts = $5, applicant = $6, notice = $7, outcome = $8, approving_body = $9, \
        decisions = $10, status = $11, closed = $12, result = $13, note = $14, \
        working_days = $15, recorded_by = $16, recorded_at = $17, version = $18, \
        last_event = $19 WHERE id = $1 AND version = $20";
    pub(crate) const INSERT_EVENT: &str = "INSERT INTO events (seq, at, who, machine, case_id, \
        kind, before, after, prev, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
}
