//! The office's handover records in a shared store (issue 28): with the case register on a
//! database server (`--store postgres://…` or `DELEGATION_TRACKER_STORE`), the records are the
//! server's, one row per item, so that every clerk routes by the same 交接日期. This module
//! reads them whole into [`Records`] and saves the items that changed, each from the version it
//! read, with its `handover` event, in a transaction of its own
//! ([`delegation_store::cases::Cases::save_record`]).
//!
//! Nothing here falls back to the data folder's `records.ron`: a server that cannot be reached
//! is an error naming it (`user@host:port/db`), and the caller stops.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use delegation_law::catalogue::Catalogue;
use delegation_law::records::{ItemRecord, Records};
use delegation_store::cases::postgres::Target;
use delegation_store::cases::postgres::connect::process_env;
use delegation_store::cases::{CaseError, Fault, SharedRecord};

use crate::cases::{Clerk, OpenError, open_cases};

/// Where the records are, when they are a server's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    /// The store as given (its URL), to open it again for each save.
    store: PathBuf,
    /// How it is named to a person: `postgres://user@host:port/db`, never a password.
    pub shown: String,
    /// Each item's record as it was read (or last saved here): its version, who saved it and
    /// when. An item never saved on the server has none (version 0).
    pub read: BTreeMap<u8, SharedRecord>,
}

/// Why the records on the server could not be read.
#[derive(Debug, Clone)]
pub enum LoadError {
    /// The server could not be reached, or refused (its words name it).
    Open(OpenError),
    /// An item's record on the server is not a record this program reads (changed by hand,
    /// or by a newer program): which item, and why.
    Unreadable { item: u8, why: String },
}

/// What a save to the server came to when it did not save everything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveError {
    /// The items saved before it stopped (each whole, with its event).
    pub saved: Vec<u8>,
    /// The items not saved (the one that failed, and those after it).
    pub not_saved: Vec<u8>,
    /// Why: another clerk's save of the item since it was read
    /// ([`CaseError::RecordConflict`]), or the server. (Boxed: a case error is large.)
    pub why: Box<CaseError>,
}

impl Shared {
    /// The version an item was read at (0: never saved on the server).
    pub fn version(&self, item: u8) -> u64 {
        self.read.get(&item).map_or(0, |r| r.version)
    }
}

/// `postgres://user@host:port/db` for the store `url` names: no password, no options.
pub fn shown(url: &str) -> String {
    match Target::parse(url, &process_env) {
        Ok(t) => format!("postgres://{}", t.shown),
        // Not a URL the program reads: said as given up to its query, the password cut.
        Err(_) => {
            let bare = url.split('?').next().unwrap_or(url);
            match (bare.find("://"), bare.rfind('@')) {
                (Some(s), Some(at)) if at > s => {
                    let user = &bare[s + 3..at];
                    let user = user.split(':').next().unwrap_or(user);
                    format!("{}{user}{}", &bare[..s + 3], &bare[at..])
                }
                _ => bare.to_string(),
            }
        }
    }
}

/// Reads the handover records from the server `store` names: every item of the catalogue, the
/// server's record where it has one, a fresh record where it has none.
pub fn load(store: &Path, url: &str) -> Result<(Records, Shared), LoadError> {
    let mut cases = open_cases(store).map_err(LoadError::Open)?;
    let rows = cases.records().map_err(|e| {
        LoadError::Open(OpenError::Store(match e {
            CaseError::Store(f) => f,
            other => Fault::Backend(format!("{other:?}")),
        }))
    })?;
    let mut records = Records::for_catalogue(Catalogue::embedded());
    let mut read = BTreeMap::new();
    for row in rows {
        let record: ItemRecord = ron::from_str(&row.record).map_err(|e| LoadError::Unreadable {
            item: row.item,
            why: e.to_string(),
        })?;
        records.items.insert(row.item, record);
        read.insert(row.item, row);
    }
    Ok((
        records,
        Shared {
            store: store.to_path_buf(),
            shown: shown(url),
            read,
        },
    ))
}

/// The items whose record differs between `before` and `after`, with the new record's text
/// (as the records file writes an item, and the `handover` events carry it).
pub fn changed(before: &Records, after: &Records) -> Vec<(u8, String)> {
    after
        .items
        .iter()
        .filter(|(no, r)| before.items.get(no) != Some(r))
        .map(|(no, r)| (*no, ron::to_string(r).unwrap_or_default()))
        .collect()
}

impl Shared {
    /// Saves each item of `after` that differs from `before`, in item order, each from the
    /// version it was read at, with its event, by `clerk`. Stops at the first that fails
    /// (another clerk's save since, or the server): what was saved before it stays saved.
    /// `on_saved` is told each item saved (with its record), so that the caller's copy follows.
    pub fn save(
        &mut self,
        before: &Records,
        after: &Records,
        clerk: &Clerk,
        on_saved: &mut dyn FnMut(u8),
    ) -> Result<(), SaveError> {
        let to_save = changed(before, after);
        if to_save.is_empty() {
            return Ok(());
        }
        let items: Vec<u8> = to_save.iter().map(|(i, _)| *i).collect();
        let fail = |done: usize, why: CaseError| SaveError {
            saved: items[..done].to_vec(),
            not_saved: items[done..].to_vec(),
            why: Box::new(why),
        };
        let mut cases = open_cases(&self.store).map_err(|e| {
            fail(
                0,
                CaseError::Store(match e {
                    OpenError::Store(f) => f,
                    OpenError::Folder(p) => Fault::Backend(format!("{p:?}")),
                }),
            )
        })?;
        let actor = clerk.now();
        for (done, (item, text)) in to_save.iter().enumerate() {
            match cases.save_record(*item, text, self.version(*item), &actor) {
                Ok(saved) => {
                    self.read.insert(*item, saved);
                    on_saved(*item);
                }
                Err(e) => return Err(fail(done, e)),
            }
        }
        Ok(())
    }
}

/// Reading a server's handover records, detached from the session so that a front end runs it
/// on a thread of its own (the app's window never waits on the network): made by
/// [`crate::Session::open_awaiting`], its result given back to [`crate::Session::shared_read`].
#[derive(Debug, Clone)]
pub struct ReadJob {
    store: PathBuf,
    url: String,
}

/// What a [`ReadJob`] came to.
pub type ReadResult = Result<(Records, Shared), LoadError>;

impl ReadJob {
    pub(crate) fn new(store: &Path, url: &str) -> ReadJob {
        ReadJob {
            store: store.to_path_buf(),
            url: url.to_string(),
        }
    }

    /// The server, as a person is shown it (no password).
    pub fn shown(&self) -> String {
        shown(&self.url)
    }

    /// Reads the records (blocking: on the caller's thread, up to the connect timeout).
    pub fn run(self) -> ReadResult {
        load(&self.store, &self.url)
    }
}

/// Saving records to the server, detached from the session ([`crate::Session::save_job`]):
/// what was read, what is to be saved, and by whom. Run on any thread; its outcome goes back
/// to [`crate::Session::shared_saved`].
#[derive(Debug, Clone)]
pub struct SaveJob {
    pub(crate) shared: Shared,
    pub(crate) before: Records,
    pub(crate) after: Records,
    pub(crate) clerk: Clerk,
}

/// What a [`SaveJob`] came to: the versions as they now are, the items saved, and whether it
/// saved everything.
#[derive(Debug, Clone)]
pub struct Saved {
    pub(crate) shared: Shared,
    pub(crate) after: Records,
    pub(crate) saved: Vec<u8>,
    pub(crate) result: Result<(), SaveError>,
}

impl SaveJob {
    /// Saves (blocking: on the caller's thread, up to the server's timeouts).
    pub fn run(mut self) -> Saved {
        let mut saved = Vec::new();
        let result = self
            .shared
            .save(&self.before, &self.after, &self.clerk, &mut |item| {
                saved.push(item)
            });
        Saved {
            shared: self.shared,
            after: self.after,
            saved,
            result,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_is_named_without_its_password_or_options() {
        for url in [
            "postgres://clerk:secret@db.office:5433/dt?sslmode=require",
            // Refused by the program (verify-ca), named all the same, the password cut.
            "postgres://clerk:secret@db.office:5433/dt?sslmode=verify-ca",
        ] {
            assert_eq!(shown(url), "postgres://clerk@db.office:5433/dt", "{url}");
        }
    }
}
