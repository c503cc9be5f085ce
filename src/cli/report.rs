//! `report` (the handover report) and `template` (the empty register to fill in).

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use delegation_files::pdf;
use delegation_files::register;
use delegation_session::{Session, TableFormat};
use delegation_words::{Lang, cli as words, report};

use crate::cli::args::Conventions;
use crate::cli::say::{fail, say, write_failed};
use crate::cli::{open_records, target};
use crate::gui::pdf_fonts;

/// The handover report, in Chinese (it goes to the leadership, as the app exports it), as
/// .pdf (A4 landscape), .xlsx or .csv by the file's extension.
pub(crate) fn report(
    file: &Path,
    force: bool,
    today: NaiveDate,
    conv: Conventions,
    lang: Lang,
) -> ExitCode {
    let is_pdf = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let format = TableFormat::of(file);
    if !is_pdf && format.is_none() {
        return fail(lang, &words::ReportExtension(file));
    }
    // A report of records that could not be read would say nothing was handed over.
    let mut session = match open_records(lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    session.set_conventions(conv.session());
    let rows = session.handover_report(today);
    let t = target(file, force, &[]);
    let done = match format {
        Some(format) => Session::write_table_to(
            &t,
            format,
            report::handover_sheet(Lang::Zh),
            &report::handover_table(Lang::Zh, &rows),
        ),
        None => pdf::write_pdf_to(
            &t,
            &report::handover_doc(Lang::Zh, session.catalogue(), &rows, today),
            pdf_fonts(),
        )
        .map(|missing| {
            for m in missing {
                say(&report::missing_char(lang, file, &m));
            }
        }),
    };
    match done {
        Ok(()) => {
            say(&words::report_written(lang, file));
            ExitCode::SUCCESS
        }
        Err(e) => write_failed(lang, &e),
    }
}

pub(crate) fn template(file: &Path, force: bool, lang: Lang) -> ExitCode {
    if TableFormat::of(file) != Some(TableFormat::Xlsx) {
        return fail(lang, &words::TemplateExtension(file));
    }
    let t = target(file, force, &[]);
    match register::write_template_to(&t, &report::template_text(Lang::Zh)) {
        Ok(()) => {
            say(&words::wrote(lang, file));
            ExitCode::SUCCESS
        }
        Err(e) => write_failed(lang, &e),
    }
}
