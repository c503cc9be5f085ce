//! The PostgreSQL server the store's tests use, when there is one: `DELEGATION_TRACKER_TEST_PG`
//! holds the URL of a role that may create schemas in its database (its password from
//! `PGPASSWORD` or the password file, as libpq reads them; .ci/run starts a throwaway cluster
//! and sets them). Each test works in a schema of its own. Without the variable the PostgreSQL
//! tests say they were skipped; under `CI=true` they fail instead, so CI never passes them by
//! not running them.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use delegation_store::cases::postgres::Target;
use delegation_store::cases::postgres::connect::process_env;

/// The owner's URL, or `None` (skipped, with a message) when no server is configured.
pub fn url(test: &str) -> Option<String> {
    if let Ok(why) = std::env::var("DELEGATION_TRACKER_TEST_PG_SKIP") {
        eprintln!("{test}: skipped on PostgreSQL: DELEGATION_TRACKER_TEST_PG_SKIP ({why})");
        return None;
    }
    match std::env::var("DELEGATION_TRACKER_TEST_PG") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{test}: CI=true but DELEGATION_TRACKER_TEST_PG is not set: the PostgreSQL \
                 tests must run in CI (.ci/run starts the server)"
            );
            eprintln!(
                "{test}: skipped on PostgreSQL: no server configured (set \
                 DELEGATION_TRACKER_TEST_PG=postgres://OWNER@127.0.0.1:PORT/DB, see .ci/run)"
            );
            None
        }
    }
}

/// Another test variable, or `None` (skipped with a message; a failure under CI=true).
pub fn var(name: &str, test: &str) -> Option<String> {
    if std::env::var_os("DELEGATION_TRACKER_TEST_PG_SKIP").is_some() {
        return None;
    }
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Some(v),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{test}: CI=true but {name} is not set (.ci/run sets it)"
            );
            eprintln!("{test}: skipped: {name} is not set (see .ci/run)");
            None
        }
    }
}

/// `url` with `key=value` added to its query.
pub fn with_param(url: &str, key: &str, value: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{key}={value}")
}

/// A fresh schema on the server, and `url` set to work in it (search_path).
pub fn fresh(url: &str) -> (String, String) {
    static N: AtomicU32 = AtomicU32::new(0);
    let schema = format!(
        "t_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    let mut admin = Target::parse(url, &process_env).unwrap().connect().unwrap();
    admin
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .unwrap();
    (
        with_param(url, "options", &format!("-c%20search_path%3D{schema}")),
        schema,
    )
}
