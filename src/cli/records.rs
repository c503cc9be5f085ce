//! `records`: where the handover records are, and moving them between machines.

use std::process::ExitCode;

use delegation_session::{Access, Error, cases, shared};
use delegation_store::cases::CaseError;
use delegation_store::{RECORDS_FILE, data_dir};
use delegation_words::{Lang, cli as words};

use crate::cli::args::RecordsOp;
use crate::cli::say::{fail, say, write_failed};
use crate::cli::{Done, Out, open, open_at, open_records, or_today, store, target};

pub(crate) fn records(out: Out, op: RecordsOp, lang: Lang) -> Done {
    Ok(match op {
        RecordsOp::Path => {
            // With a shared store the records are the server's: its URL, never a password.
            let at = store(None);
            match cases::store_url(&at) {
                Some(url) => writeln!(out, "{}", shared::shown(url))?,
                None => writeln!(out, "{}", data_dir().join(RECORDS_FILE).display())?,
            }
            ExitCode::SUCCESS
        }
        RecordsOp::Export { file, force } => {
            // Exporting records that could not be read would write empty ones.
            let session = match open_records(lang) {
                Ok(s) => s,
                Err(code) => return Ok(code),
            };
            match session.export_records_to(&target(&file, force.force, &[])) {
                Ok(()) => {
                    say(&words::exported(lang, &file));
                    ExitCode::SUCCESS
                }
                Err(e) => write_failed(lang, &e),
            }
        }
        RecordsOp::Import { file } => {
            let at = store(None);
            let clerk = cases::Clerk::of_system(None);
            let mut session = match cases::store_url(&at) {
                // Each changed item saved on the server from the version read, with its event.
                Some(_) => match open_at(Access::Write, &at, true, lang) {
                    Ok(s) => s,
                    Err(code) => return Ok(code),
                },
                None => {
                    let mut session = open(Access::Write, lang);
                    session.audit_handovers(at.clone(), clerk.clone());
                    session
                }
            };
            session.set_clerk(clerk);
            match session.import_records(&file, or_today(None)) {
                Ok(()) => {
                    match session.shared() {
                        Some(s) => say(&words::imported_records_shared(lang, &file, &s.shown)),
                        None => say(&words::imported_records(
                            lang,
                            &file,
                            &data_dir().join(RECORDS_FILE),
                        )),
                    }
                    if let Some(e) = session.take_audit_missed() {
                        say(&words::warning(
                            lang,
                            &delegation_words::cases::audit_missed(lang, &e),
                        ));
                    }
                    ExitCode::SUCCESS
                }
                // Saved on the server in part, or not at all: the words say which items; 3
                // when another clerk saved an item since it was read (as for cases).
                Err(Error::Shared(e)) => {
                    let code = fail(lang, &e);
                    if matches!(*e.why, CaseError::RecordConflict { .. }) {
                        ExitCode::from(3)
                    } else {
                        code
                    }
                }
                Err(e) => {
                    let code = fail(lang, &e);
                    say(words::records_untouched(lang));
                    code
                }
            }
        }
    })
}
