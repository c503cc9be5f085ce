//! `route`: every application of a register, one line each (tab-separated or JSON), and the
//! decision table and slips it may also write. The reading and routing are the session's
//! ([`Routing::route_register`](delegation_session::Routing::route_register),
//! [`Session::write_route_outputs`](delegation_session::Session::write_route_outputs)); here the decisions are
//! put in words.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use delegation_files::io::ensure_folder;
use delegation_files::pdf::Doc;
use delegation_files::register::{self, BadRow};
use delegation_files::table::MAX_OWN_HEIGHTS;
use delegation_law::facts::Application;
use delegation_law::notices::Notices;
use delegation_law::router::{Decision, Outcome};
use delegation_session::outputs::{DecisionWords, Outputs, OutputsError, SlipEvent, SlipTarget};
use delegation_session::{Access, RouteError, RouteOptions, Spool, TableFormat};
use delegation_words::prelude::*;
use delegation_words::{Lang, cli as words, flips, report};

use crate::cli::args::{Conventions, RouteFormat};
use crate::cli::route_json;
use crate::cli::say::{fail, printable, say, write_failed};
use crate::cli::{Done, Out, open_at, store, target};
use crate::gui::pdf_fonts;

/// What `route` writes besides its lines.
pub(crate) struct RouteOutputs<'a> {
    pub table: Option<&'a Path>,
    pub slips: Option<&'a Path>,
    /// Replace files already there (`--force`).
    pub force: bool,
    pub today: NaiveDate,
    pub format: RouteFormat,
}

pub(crate) fn route(
    out: Out,
    file: &Path,
    handover: &[(u8, NaiveDate)],
    outputs: RouteOutputs<'_>,
    conv: Conventions,
    lang: Lang,
) -> Done {
    let table = outputs.table;
    let table_format = match table {
        Some(t) => match TableFormat::of(t) {
            Some(f) => Some(f),
            None => return Ok(fail(lang, &words::TableExtension(t))),
        },
        None => None,
    };
    let handover = match check_handover_options(handover, outputs.today, lang) {
        Ok(map) => map,
        Err(code) => return Ok(code),
    };
    // The recorded handover dates: the server's with a shared store, else the data folder's.
    let mut session = match open_at(Access::Peek, &store(None), false, lang) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    session.set_conventions(conv.session());
    let is_workbook = register::RegisterFormat::of(file) == Some(register::RegisterFormat::Xlsx);
    // The outputs are checked before anything is read or printed: a target that cannot be
    // written (an existing file without --force, a link, a folder, the register itself) stops
    // the command with nothing done.
    let table = match table {
        Some(path) => {
            let t = target(path, outputs.force, &[file]);
            if let Err(e) = t.check() {
                return Ok(write_failed(lang, &e));
            }
            Some(t)
        }
        None => None,
    };
    if let Some(dir) = outputs.slips
        && let Err(e) = ensure_folder(dir)
    {
        return Ok(fail(lang, &e));
    }
    // The lines go to a spool and reach stdout only once the whole register is read: a
    // register refused at its last row prints nothing.
    let mut spool = Spool::default();
    let (mut invalid, mut rows) = (0usize, 0usize);
    let (mut line, mut scratch) = (String::new(), String::new());
    // Each 办件编号 and the rows it is on: one used twice is said at the end (issue 29,
    // finding 12), as the batch screen says it; the lines stay as they are.
    let mut ids: std::collections::HashMap<String, Vec<u32>> = std::collections::HashMap::new();
    // More notices than the built-in one: each line names the one that governed.
    let several = session.notices().several();
    let read = session.routing().route_register(
        file,
        RouteOptions {
            overrides: &handover,
            today: outputs.today,
            cells: false,
            flips: true,
        },
        &mut |head: &register::Head| {
            if is_workbook {
                say(&words::read_sheet(lang, file, &head.sheet));
            }
            Ok(())
        },
        &mut |r| {
            rows += 1;
            let id = match r.routed() {
                Ok((_, d)) => Some(d.id.trim()),
                Err(bad) => bad.id.as_deref().map(str::trim),
            };
            if let Some(id) = id.filter(|id| !id.is_empty()) {
                ids.entry(id.to_string()).or_default().push(r.row());
            }
            line.clear();
            route_line(
                lang,
                r.row(),
                r.routed().map(|(_, d)| d),
                outputs.format,
                several,
                &mut invalid,
                &mut line,
                &mut scratch,
            );
            line.push('\n');
            spool.write(line.as_bytes())
        },
    );
    let routed = match read {
        Ok(r) => r,
        Err(RouteError::File(e)) => return Ok(fail(lang, &e)),
        Err(RouteError::Sink(e) | RouteError::Thread(e)) => return Err(e),
    };
    // A failed write to stdout (a closed pipe: `| head`) stops the lines, not the files:
    // --out and --slips are written whole all the same, and the error is reported at the end.
    let printed = spool.copy_to(out);
    let mut code = if invalid > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if table.is_some() || outputs.slips.is_some() {
        let slip_target = |path: &Path| target(path, outputs.force, &[file]);
        let written = session.write_route_outputs(
            file,
            &routed,
            &Outputs {
                table: table.as_ref().zip(table_format),
                slips: outputs
                    .slips
                    .map(|dir| (dir, &slip_target as SlipTarget<'_>)),
                today: outputs.today,
            },
            &RouteWords {
                lang,
                notices: session.notices(),
            },
            pdf_fonts(),
            &mut |event| match event {
                SlipEvent::MissingChar(path, m) => say(&report::missing_char(lang, path, m)),
                SlipEvent::Failed(e) => {
                    write_failed(lang, &e);
                }
            },
        );
        match written {
            Err(OutputsError::File(e)) => code = fail(lang, &e),
            Err(OutputsError::Table(e)) => code = write_failed(lang, &e),
            Ok(w) => {
                if let Some(t) = &table {
                    say(&words::wrote(lang, &t.path));
                    if w.rows_without_height > 0 {
                        say(&words::rows_without_height(
                            lang,
                            &t.path,
                            w.rows_without_height,
                            MAX_OWN_HEIGHTS,
                        ));
                    }
                }
                if let Some(dir) = outputs.slips {
                    if w.failed == 0 {
                        say(&words::wrote(lang, dir));
                    } else {
                        say(&words::slips_failed(lang, w.failed, w.slips, dir));
                        code = ExitCode::from(2);
                    }
                }
            }
        }
    }
    printed?;
    if invalid > 0 {
        say(&words::invalid_count(lang, invalid, rows));
    }
    let mut twice: Vec<(String, Vec<u32>)> = ids.into_iter().filter(|(_, r)| r.len() > 1).collect();
    if !twice.is_empty() {
        twice.sort();
        let total = twice.len();
        twice.truncate(3);
        say(&delegation_words::ui::duplicate_ids(lang, &twice, total));
    }
    Ok(code)
}

/// `--handover` is held to what the register's 交接日期 sheet is held to: a date refused there is
/// refused here, saying which (exit 2).
pub(crate) fn check_handover_options(
    handover: &[(u8, NaiveDate)],
    today: NaiveDate,
    lang: Lang,
) -> Result<BTreeMap<u8, NaiveDate>, ExitCode> {
    let mut map = BTreeMap::new();
    for &(item, day) in handover {
        if let Err(k) = register::check_handover(u64::from(item), day, today) {
            let why = delegation_words::errors::cell_problem(&k, None, lang);
            say(&words::error(
                lang,
                &words::bad_handover_option(lang, item, day, &why),
            ));
            return Err(ExitCode::from(2));
        }
        // Given twice, the last would win and the outcome would flip with the order.
        if let Some(first) = map.insert(item, day) {
            say(&words::error(
                lang,
                &words::handover_option_twice(lang, item, first, day),
            ));
            return Err(ExitCode::from(2));
        }
    }
    Ok(map)
}

/// The decision table's and the slips' words, in the clerk's language.
struct RouteWords {
    lang: Lang,
    notices: &'static Notices,
}

impl DecisionWords for RouteWords {
    fn sheet(&self) -> String {
        report::decisions_sheet(self.lang).to_string()
    }

    fn header(&self, register: &[String]) -> Vec<String> {
        report::decision_header(self.lang, register)
    }

    fn row(
        &self,
        cells: &[String],
        width: usize,
        routed: Result<&Decision, &BadRow>,
    ) -> Vec<String> {
        report::decision_row(self.lang, cells, width, routed)
    }

    fn slip_stem(&self, id: &str) -> String {
        report::slip_file_stem(self.lang, id)
    }

    fn slip(&self, app: &Application, decision: &Decision, today: NaiveDate) -> Doc {
        report::slip(self.lang, self.notices, app, decision, today)
    }
}

/// A routed row's line: in text, id, outcome, approving body, mode, in whose name, clause,
/// finding and flips, tab-separated with the file's values escaped; in JSON, one object.
/// Written at the end of `line`; `scratch` is any buffer, kept between rows. `notices`: the
/// data folder holds more notices than the built-in one, and each line names the one applied.
#[allow(clippy::too_many_arguments)]
pub(crate) fn route_line(
    lang: Lang,
    row: u32,
    routed: Result<&Decision, &BadRow>,
    format: RouteFormat,
    notices: bool,
    invalid: &mut usize,
    line: &mut String,
    scratch: &mut String,
) {
    // Values from the file are printed with their control characters escaped, so no cell can
    // forge a column, a row or a terminal escape.
    let mut first = true;
    let mut cell = |line: &mut String, text: &str| {
        if !std::mem::take(&mut first) {
            line.push('\t');
        }
        line.push_str(&printable(text));
    };
    match routed {
        Ok(d) => {
            if d.outcome == Outcome::Invalid {
                *invalid += 1;
            }
            if format == RouteFormat::Json {
                line.push_str(&route_json::decision_line(lang, d, notices).to_string());
                return;
            }
            let reason = d.finding(lang);
            cell(line, &d.id);
            cell(line, d.outcome.code());
            cell(line, d.approving_body.as_deref().unwrap_or("-"));
            cell(line, d.mode.map_or("-", |m| m.label(lang)));
            cell(line, d.in_name_of.as_deref().unwrap_or("-"));
            cell(line, &d.deciding_clause());
            cell(line, &reason);
            scratch.clear();
            flips::write_flip_lines(lang, d, scratch);
            cell(line, scratch);
            if notices {
                cell(line, &d.notice);
            }
        }
        Err(bad) => {
            *invalid += 1;
            // A row without a readable id is named by its place in the sheet.
            let id = bad.id.clone().unwrap_or_else(|| {
                bad.problems
                    .first()
                    .map_or(row.to_string(), |p| format!("{}!{}", p.at.sheet, row))
            });
            if format == RouteFormat::Json {
                line.push_str(&route_json::unreadable_line(&id, &bad.text(lang)).to_string());
                return;
            }
            cell(line, &id);
            cell(line, Outcome::Invalid.code());
            for _ in 0..4 {
                cell(line, "-");
            }
            cell(line, &bad.text(lang));
            cell(line, "-");
            if notices {
                cell(line, "-");
            }
        }
    }
}
