//! `notices list` and `notices import` (issue 31): the notices routing chooses from.

use std::process::ExitCode;

use delegation_files::error::{FileError, FileKind};
use delegation_law::notices::{Kind, State};
use delegation_session::Access;
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
            if let Some(text) = &source_text {
                // Checked on the file as it would be kept, before keeping it.
                let text_of_file = match delegation_files::io::read_file(&file, FileKind::Notice) {
                    Ok(t) => t,
                    Err(e) => return Ok(fail(lang, &e)),
                };
                let notice = match session.notices().check(&text_of_file) {
                    Ok(n) => n,
                    Err(e) => {
                        let e = FileError::notice(&file.display().to_string(), e);
                        return Ok(fail(lang, &e));
                    }
                };
                if let Some((field, string)) = notice.unquoted(text) {
                    let source = source.as_deref().unwrap_or(&file);
                    say(&words::error(
                        lang,
                        &words::notice_unquoted(lang, &file, &field, &string, source),
                    ));
                    return Ok(ExitCode::from(1));
                }
            }
            match session.import_notice(&file) {
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
                Err(e) => fail(lang, &e),
            }
        }
    })
}
