//! The office's handover records on the server (schema 3, issue 28): one row per item, read and
//! written by [`super::Postgres`] inside the transactions that hold the chain's head, and the
//! step that brings a server of schema 2 up to them.

use postgres::types::{ToSql, Type};
use postgres::{Row, Transaction};

use super::{bad, fault_at, get, sql, u64_of};
use crate::cases::{Fault, SharedRecord};

/// A row of `handover_records` (its columns in [`sql::RECORDS`]' order).
pub(super) fn record_of(r: &Row) -> Result<SharedRecord, Fault> {
    let item: i32 = get(r, 0)?;
    Ok(SharedRecord {
        item: u8::try_from(item).map_err(|_| bad("item"))?,
        record: get(r, 1)?,
        version: u64_of(get(r, 2)?),
        saved_by: get(r, 3)?,
        saved_machine: get(r, 4)?,
        saved_at: get(r, 5)?,
    })
}

/// An item's record as the transaction sees it.
pub(super) fn one(
    tx: &mut Transaction<'_>,
    server: &str,
    item: u8,
) -> Result<Option<SharedRecord>, Fault> {
    tx.query_opt(sql::RECORD, &[&i32::from(item)])
        .map_err(fault_at(server))?
        .map(|r| record_of(&r))
        .transpose()
}

/// Inserts (`expected` 0) or updates (where the version is `expected`) an item's record:
/// whether a row was written.
pub(super) fn put(
    tx: &mut Transaction<'_>,
    server: &str,
    r: &SharedRecord,
    last_event: u64,
    expected: u64,
) -> Result<bool, Fault> {
    let f = fault_at(server);
    let item = i32::from(r.item);
    let version = i64::try_from(r.version).map_err(|_| bad("version"))?;
    let last = i64::try_from(last_event).map_err(|_| bad("event"))?;
    let expected = i64::try_from(expected).map_err(|_| bad("version"))?;
    let mut values: Vec<&(dyn ToSql + Sync)> = vec![
        &item,
        &r.record,
        &version,
        &r.saved_by,
        &r.saved_machine,
        &r.saved_at,
        &last,
    ];
    let mut types = vec![
        Type::INT4,
        Type::TEXT,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
    ];
    let sql = if expected == 0 {
        sql::INSERT_RECORD
    } else {
        values.push(&expected);
        types.push(Type::INT8);
        sql::UPDATE_RECORD
    };
    let stmt = tx.prepare_typed(sql, &types).map_err(&f)?;
    Ok(tx.execute(&stmt, &values).map_err(&f)? == 1)
}

/// Schema 2 to 3, in the transaction `cases init` opened (the chain's head locked, so two
/// inits at once take turns and the second finds schema 3): the records' table, given to the
/// roles that clerk on the cases already, and the new version. Only a role that may create
/// tables in the schema (its owner's) can: a clerk's is refused by the server.
pub(super) fn from_2(tx: &mut Transaction<'_>, server: &str) -> Result<(), Fault> {
    let f = fault_at(server);
    tx.batch_execute(sql::FROM_2).map_err(&f)?;
    let roles: Vec<String> = tx
        .query(sql::CLERK_ROLES, &[])
        .map_err(&f)?
        .iter()
        .map(|r| get(r, 0))
        .collect::<Result<_, _>>()?;
    for role in roles {
        tx.batch_execute(&sql::RECORDS_GRANT.replace("{role}", &quoted_role(&role)))
            .map_err(&f)?;
    }
    Ok(())
}

/// A role's name as SQL names it: `PUBLIC` is the keyword, any other a quoted identifier.
fn quoted_role(role: &str) -> String {
    if role == "PUBLIC" {
        role.to_string()
    } else {
        format!("\"{}\"", role.replace('"', "\"\""))
    }
}
