//! `records`: where the handover records are, and moving them between machines.

use std::process::ExitCode;

use delegation_session::{Access, cases};
use delegation_store::{RECORDS_FILE, data_dir};
use delegation_words::{Lang, cli as words};

use crate::cli::args::RecordsOp;
use crate::cli::say::{fail, say, write_failed};
use crate::cli::{Done, Out, open, open_records, or_today, target};

pub(crate) fn records(out: Out, op: RecordsOp, lang: Lang) -> Done {
    Ok(match op {
        RecordsOp::Path => {
            writeln!(out, "{}", data_dir().join(RECORDS_FILE).display())?;
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
            let mut session = open(Access::Write, lang);
            session.audit_handovers(
                cases::store_path(
                    None,
                    std::env::var_os(cases::STORE_ENV).map(Into::into),
                    &data_dir(),
                ),
                cases::Clerk::of_system(None),
            );
            match session.import_records(&file, or_today(None)) {
                Ok(()) => {
                    let path = data_dir().join(RECORDS_FILE);
                    say(&words::imported_records(lang, &file, &path));
                    if let Some(e) = session.take_audit_missed() {
                        say(&words::warning(
                            lang,
                            &delegation_words::cases::audit_missed(lang, &e),
                        ));
                    }
                    ExitCode::SUCCESS
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
