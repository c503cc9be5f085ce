//! `notices list` and `notices import` (issue 31): the notices routing chooses from.

use std::process::ExitCode;

use delegation_files::error::{FileError, FileKind, Problem};
use delegation_law::notices::{Kind, NoticeProblem, State};
use delegation_session::Access;
use delegation_store::StoreError;
use delegation_store::notices::Source;
use delegation_words::{Lang, cli as words};
use serde_json::json;

use crate::cli::args::{NoticesOp, RouteFormat};
use crate::cli::say::{fail, printable, say};
use crate::cli::{Done, Out, open, or_today};

pub(crate) fn notices(out: Out, op: NoticesOp, lang: Lang) -> Done {
    Ok(match op {
        NoticesOp::List {
            today,
            format,
            conv,
        } => {
            let session = open(Access::Peek, lang);
            let today = or_today(today);
            let book = session.notices();
            let spans = book.spans(conv.validity());
            for (i, cat) in book.all().iter().enumerate() {
                let n = &cat.notice;
                let state = book.state(&spans, i, today);
                let (kind, names) = match book.kind(i) {
                    Kind::Original => ("original", Vec::new()),
                    Kind::Successor(r) => ("successor", r.to_vec()),
                    Kind::Amendment(a) => ("amendment", vec![a.to_string()]),
                };
                let state_code = match state {
                    State::NotYet => "not_yet",
                    State::InForce => "in_force",
                    State::Replaced(_) => "replaced",
                    State::Expired => "expired",
                };
                let items: Vec<u8> = cat.items.iter().map(|i| i.no).collect();
                let withdrawn: Vec<u8> = cat.withdrawn.iter().map(|w| w.no).collect();
                let line = match format {
                    RouteFormat::Json => json!({
                        "number": n.number,
                        "kind": kind,
                        "names": names,
                        "issued": n.issued.to_string(),
                        "in_force": spans[i].in_force.to_string(),
                        "last_day": spans[i].last_day.to_string(),
                        "state": state_code,
                        "replaced_by": spans[i].replaced_by.map(|j| book.all()[j].notice.number.clone()),
                        "items": items,
                        "withdrawn": withdrawn,
                        "built_in": i == 0,
                    })
                    .to_string(),
                    RouteFormat::Text => {
                        let replaced_by = spans[i]
                            .replaced_by
                            .map(|j| book.all()[j].notice.number.as_str());
                        words::notice_line(
                            lang,
                            &words::NoticeLine {
                                number: &n.number,
                                kind: book.kind(i),
                                issued: n.issued,
                                in_force: spans[i].in_force,
                                last_day: spans[i].last_day,
                                state,
                                replaced_by,
                                items: &items,
                                withdrawn: &withdrawn,
                            },
                        )
                        .iter()
                        .map(|c| printable(c))
                        .collect::<Vec<_>>()
                        .join("\t")
                    }
                };
                writeln!(out, "{line}")?;
            }
            ExitCode::SUCCESS
        }
        NoticesOp::Import { file, source } => {
            // The source is read before anything is kept: a notice that misquotes it is not.
            let source_text = match &source {
                Some(path) => match delegation_files::io::read_file(path, FileKind::Notice) {
                    Ok(t) => Some(t),
                    Err(e) => return Ok(fail(lang, &e)),
                },
                None => None,
            };
            let mut session = open(Access::Peek, lang);
            let source_name = source.as_ref().map(|p| p.display().to_string());
            let checked_against = source_text
                .as_deref()
                .zip(source_name.as_deref())
                .map(|(text, name)| Source { text, name });
            match session.import_notice(&file, checked_against) {
                Ok(imported) => {
                    say(&words::notice_imported(
                        lang,
                        &imported.notice.notice.number,
                        &imported.path,
                        imported.already,
                    ));
                    if source_text.is_none() && !imported.already {
                        say(&words::notice_unchecked(lang));
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    // A string not as the gazette prints it: exit 1, as a file that is not
                    // what it should be; any other refusal 2.
                    let unquoted = matches!(
                        &e,
                        delegation_session::Error::File(FileError {
                            problem: Problem::Notice(p),
                            ..
                        }) | delegation_session::Error::Store(StoreError::File(FileError {
                            problem: Problem::Notice(p),
                            ..
                        })) if matches!(**p, NoticeProblem::Unquoted { .. })
                    );
                    let code = fail(lang, &e);
                    if unquoted { ExitCode::from(1) } else { code }
                }
            }
        }
    })
}
