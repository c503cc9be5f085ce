//! `cases`: the case register (办件台账). Each command opens the register (`--store`, else
//! `DELEGATION_TRACKER_STORE`, else the data folder's), calls the store or the session's
//! workflow, and puts the result in words. Exit codes as `route`'s: 0 done; 1 some rows not
//! recorded (INVALID or a conflict), or `verify` found a break; 2 a file or the store could not
//! be used, saying why; 3 the case changed since the `--version` given.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use delegation_files::pdf;
use delegation_files::register::BadRow;
use delegation_law::cases::{CaseStatus, is_overdue};
use delegation_law::router::Outcome;
use delegation_session::cases::{
    Clerk, NotRecorded, STORE_ENV, init_cases, open_cases, record_register, store_path, store_url,
};
use delegation_session::{Access, RouteError, RouteOptions, Session, TableFormat};
use delegation_store::cases::postgres::Target;
use delegation_store::cases::postgres::connect::process_env;
use delegation_store::cases::{
    Actor, CaseError, CaseHistory, CaseLine, Cases, Closing, Event, ListQuery,
};
use delegation_store::data_dir;
use delegation_words::cases as cw;
use delegation_words::prelude::*;
use delegation_words::{Lang, cli as words};
use serde_json::{Value as J, json};

use crate::cli::args::{CasesOp, RouteFormat, Who};
use crate::cli::route::check_handover_options;
use crate::cli::route_json::safe;
use crate::cli::say::{fail, printable, say, write_failed};
use crate::cli::{Done, Out, open, open_at, or_today, target};
use crate::gui::pdf_fonts;

pub(crate) fn cases(out: Out, store: Option<PathBuf>, op: CasesOp, lang: Lang) -> Done {
    let path = store_path(
        store.as_deref(),
        std::env::var_os(STORE_ENV).map(PathBuf::from),
        &data_dir(),
    );
    if let CasesOp::Path = op {
        writeln!(out, "{}", path.display())?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(url) = store_url(&path)
        && Target::parse(url, &process_env).is_ok_and(|t| t.password_in_url)
    {
        say(&words::warning(lang, cw::password_in_url(lang)));
    }
    let opened = match op {
        CasesOp::Init => init_cases(&path),
        _ => open_cases(&path),
    };
    let mut cases = match opened {
        Ok(c) => c,
        Err(e) => return Ok(fail(lang, &e)),
    };
    match op {
        CasesOp::Path => unreachable!("answered above"),
        CasesOp::Init => {
            say(&cw::store_ready(lang, &path.display().to_string()));
            Ok(ExitCode::SUCCESS)
        }
        CasesOp::Add {
            file,
            who,
            handover,
            today,
            conv,
        } => add(
            Register {
                cases: &mut cases,
                at: &path,
            },
            &file,
            &handover,
            or_today(today),
            conv,
            &actor(&who),
            lang,
        ),
        CasesOp::Close {
            id,
            on,
            result,
            note,
            version,
            who,
        } => {
            let session = open(Access::Peek, lang);
            let closing = Closing {
                on,
                result: result.result(),
                note,
            };
            Ok(
                match cases.close(&id, version, &closing, session.calendar(), &actor(&who)) {
                    Ok(c) => {
                        say(&cw::closed(lang, &id, closing.result, c.working_days));
                        ExitCode::SUCCESS
                    }
                    Err(e) => case_failed(lang, &e),
                },
            )
        }
        CasesOp::Reopen { id, version, who } => {
            Ok(match cases.reopen(&id, version, &actor(&who)) {
                Ok(_) => {
                    say(&cw::reopened(lang, &id));
                    ExitCode::SUCCESS
                }
                Err(e) => case_failed(lang, &e),
            })
        }
        CasesOp::List {
            year,
            item,
            open: only_open,
            overdue,
            today,
            format,
        } => {
            let session = open(Access::Peek, lang);
            let limits = match cases.limits() {
                Ok(l) => l,
                Err(e) => return Ok(case_failed(lang, &e)),
            };
            let today = or_today(today);
            let q = ListQuery {
                year,
                item,
                open: only_open,
                ..ListQuery::default()
            };
            let mut written = Ok(());
            let listed = cases.list(&q, &mut |c| {
                let late = case_overdue(&session, &limits, &c, today);
                if overdue && !late {
                    return true;
                }
                let line = match format {
                    RouteFormat::Json => safe(&case_json(&c, late)),
                    RouteFormat::Text => case_line(lang, &c, late),
                };
                written = writeln!(out, "{line}");
                written.is_ok()
            });
            written?;
            Ok(match listed {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => case_failed(lang, &e),
            })
        }
        CasesOp::Show { id, today, format } => {
            let session = open(Access::Peek, lang);
            let (history, limits) = match cases.history(&id).and_then(|h| Ok((h, cases.limits()?)))
            {
                Ok((Some(h), l)) => (h, l),
                Ok((None, _)) => return Ok(case_failed(lang, &CaseError::NotFound(id))),
                Err(e) => return Ok(case_failed(lang, &e)),
            };
            let late = case_overdue(
                &session,
                &limits,
                &CaseLine::of(&history.case),
                or_today(today),
            );
            match format {
                RouteFormat::Json => writeln!(out, "{}", safe(&history_json(&history, late)))?,
                RouteFormat::Text => show_text(out, lang, &history, late)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        CasesOp::Limit { item, days, who } => {
            let days = match days.trim() {
                "none" | "无" | "" => None,
                d => match d.parse::<u32>() {
                    Ok(n) if n <= 3650 => Some(n),
                    _ => {
                        say(&words::error(lang, &cw::bad_limit(lang, &days)));
                        return Ok(ExitCode::from(2));
                    }
                },
            };
            let session = open(Access::Peek, lang);
            Ok(
                match cases.set_limit(session.catalogue(), item, days, &actor(&who)) {
                    Ok(()) => {
                        say(&cw::limit_set(lang, item, days));
                        ExitCode::SUCCESS
                    }
                    Err(e) => case_failed(lang, &e),
                },
            )
        }
        CasesOp::Report {
            year,
            file,
            today,
            format,
            force,
        } => report(
            out,
            &mut cases,
            &path,
            year,
            file.as_deref(),
            or_today(today),
            format,
            force.force,
            lang,
        ),
        CasesOp::Audit { id, format } => {
            let mut written = Ok(());
            let listed = cases.events(id.as_deref(), &mut |e| {
                let line = match format {
                    RouteFormat::Json => safe(&event_json(&e)),
                    RouteFormat::Text => event_line(lang, &e),
                };
                written = writeln!(out, "{line}");
                written.is_ok()
            });
            written?;
            Ok(match listed {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => case_failed(lang, &e),
            })
        }
        CasesOp::Verify => Ok(match cases.verify() {
            Ok(Ok(n)) => {
                say(&cw::verified(lang, n));
                ExitCode::SUCCESS
            }
            Ok(Err(b)) => {
                say(&words::error(lang, &cw::broken(lang, &b)));
                ExitCode::from(1)
            }
            Err(e) => case_failed(lang, &e),
        }),
    }
}

/// Who makes a change: `--as`, else the system user; the machine; now.
fn actor(who: &Who) -> Actor {
    Clerk::of_system(who.name.as_deref()).now()
}

/// Says why a change or a query failed: 3 for a case changed since the version given, 2 for
/// the rest.
fn case_failed(lang: Lang, e: &CaseError) -> ExitCode {
    let code = fail(lang, e);
    if matches!(e, CaseError::Conflict { .. }) {
        ExitCode::from(3)
    } else {
        code
    }
}

/// The register `cases add` records into, and where it is: with a register on a server, its
/// handover records route the rows.
struct Register<'a> {
    cases: &'a mut Cases,
    at: &'a Path,
}

fn add(
    Register { cases, at: store }: Register<'_>,
    file: &Path,
    handover: &[(u8, NaiveDate)],
    today: NaiveDate,
    conv: crate::cli::args::Conventions,
    actor: &Actor,
    lang: Lang,
) -> Done {
    let handover = match check_handover_options(handover, today, lang) {
        Ok(map) => map,
        Err(code) => return Ok(code),
    };
    // Routed by the recorded handover dates where the office keeps them: with the register on
    // a server, the server's records.
    let mut session = match open_at(Access::Peek, store, false, lang) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    session.set_conventions(conv.session());
    // The notices are each PC's own: said before routing when the register's latest cases were
    // routed by one this PC lacks (a failed look is left to the add itself to report).
    if let Ok(missing) = delegation_session::cases::notices_not_held(cases, session.notices())
        && !missing.is_empty()
    {
        say(&words::warning(lang, &cw::notices_not_held(lang, &missing)));
    }
    let recorded = record_register(
        &session.routing(),
        cases,
        file,
        RouteOptions {
            overrides: &handover,
            today,
            cells: true,
            flips: true,
        },
        &cw::RecordWords,
        actor,
        &mut |skip| match skip {
            NotRecorded::Unreadable { row, bad } => {
                say(&cw::not_recorded_invalid(
                    lang,
                    &bad_id(row, bad),
                    &bad.text(lang),
                ));
            }
            NotRecorded::Invalid { decision, .. } => {
                let why = decision.finding(lang);
                say(&cw::not_recorded_invalid(lang, &decision.id, &why));
            }
            NotRecorded::Conflict { row, case } => say(&cw::not_recorded_conflict(
                lang,
                row,
                &case.id,
                &case.recorded_by,
                &case.recorded_at,
            )),
        },
    );
    let (summary, _) = match recorded {
        Ok(r) => r,
        Err(RouteError::File(e)) => return Ok(fail(lang, &e)),
        Err(RouteError::Sink(e)) => {
            // What was committed before stays recorded; a rerun records the rest.
            return Ok(case_failed(lang, &e));
        }
        Err(RouteError::Thread(e)) => return Err(e),
    };
    say(&cw::added(lang, file, &summary));
    Ok(if summary.invalid > 0 || summary.conflicts > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A row without a readable id is named by its place in the sheet (as `route` names it).
fn bad_id(row: u32, bad: &BadRow) -> String {
    bad.id.clone().unwrap_or_else(|| {
        bad.problems
            .first()
            .map_or(row.to_string(), |p| format!("{}!{}", p.at.sheet, row))
    })
}

fn case_overdue(
    session: &Session,
    limits: &BTreeMap<u8, u32>,
    c: &CaseLine,
    today: NaiveDate,
) -> bool {
    is_overdue(
        session.calendar(),
        limits.get(&c.filed.item).copied(),
        c.filed.received,
        c.closed,
        today,
    )
}

fn ymd(d: Option<NaiveDate>) -> String {
    d.map_or("-".into(), |d| d.format("%Y-%m-%d").to_string())
}

/// A case's line: id, item, received, outcome, body, status, closed, result, working days,
/// overdue, version; tab-separated, the file's values escaped.
fn case_line(lang: Lang, c: &CaseLine, overdue: bool) -> String {
    [
        printable(&c.id).into_owned(),
        c.filed.item.to_string(),
        ymd(Some(c.filed.received)),
        c.outcome.clone(),
        printable(c.approving_body.as_deref().unwrap_or("-")).into_owned(),
        c.status.label(lang).to_string(),
        ymd(c.closed),
        c.result.map_or("-".into(), |r| r.label(lang).to_string()),
        c.working_days.map_or("-".into(), |d| d.to_string()),
        if overdue {
            lang.pick("超时", "overdue").to_string()
        } else {
            "-".into()
        },
        c.version.to_string(),
    ]
    .join("\t")
}

/// `cases list --format json`: one object a line.
fn case_json(c: &CaseLine, overdue: bool) -> J {
    json!({
        "id": c.id,
        "item": c.filed.item,
        "received": c.filed.received.to_string(),
        "outcome": c.outcome,
        "body": c.approving_body,
        "status": c.status.code(),
        "closed": c.closed.map(|d| d.to_string()),
        "result": c.result.map(|r| r.code()),
        "working_days": c.working_days,
        "overdue": overdue,
        "version": c.version,
        "notice": c.notice,
    })
}

fn event_json(e: &Event) -> J {
    let state = |s: &Option<String>| {
        s.as_deref()
            .map(|s| serde_json::from_str::<J>(s).unwrap_or_else(|_| J::String(s.into())))
    };
    json!({
        "seq": e.seq,
        "at": e.at,
        "who": e.who,
        "machine": e.machine,
        "case": e.case,
        "kind": e.kind.code(),
        "before": state(&e.before),
        "after": state(&e.after),
        "prev": e.prev,
        "hash": e.hash,
    })
}

/// `cases show --format json`: the list's fields, and the applicant, the facts, every decision
/// and every event.
fn history_json(h: &CaseHistory, overdue: bool) -> J {
    let mut v = case_json(&CaseLine::of(&h.case), overdue);
    let o = v.as_object_mut().expect("an object");
    o.insert("applicant".into(), json!(h.case.filed.applicant));
    o.insert("in_zone".into(), json!(h.case.filed.in_zone));
    o.insert("facts".into(), json!(h.case.filed.facts));
    o.insert("note".into(), json!(h.case.note));
    o.insert("recorded_by".into(), json!(h.case.recorded_by));
    o.insert("recorded_at".into(), json!(h.case.recorded_at));
    o.insert(
        "decisions".into(),
        J::Array(
            h.decisions
                .iter()
                .map(|(f, d)| {
                    json!({
                        "at": d.at,
                        "received": f.received.to_string(),
                        "facts": f.facts,
                        "outcome": d.outcome,
                        "body": d.approving_body,
                        "mode": d.mode,
                        "in_name_of": d.in_name_of,
                        "answerable": d.answerable,
                        "clause": d.clause,
                        "finding": d.finding,
                        "notice": d.notice,
                    })
                })
                .collect(),
        ),
    );
    o.insert(
        "events".into(),
        J::Array(h.events.iter().map(event_json).collect()),
    );
    v
}

fn event_line(lang: Lang, e: &Event) -> String {
    [
        e.seq.to_string(),
        e.at.clone(),
        printable(&e.who).into_owned(),
        printable(&e.machine).into_owned(),
        e.kind.label(lang).to_string(),
        printable(e.case.as_deref().unwrap_or("-")).into_owned(),
        e.hash[..16].to_string(),
    ]
    .join("\t")
}

fn show_text(out: Out, lang: Lang, h: &CaseHistory, overdue: bool) -> std::io::Result<()> {
    let c = &h.case;
    let field = |out: Out, label: &str, value: &str| {
        writeln!(out, "{label}{}{}", lang.colon(), printable(value))
    };
    field(out, lang.pick("办件编号", "Id"), &c.id)?;
    field(
        out,
        lang.pick("事项序号", "Item"),
        &c.filed.item.to_string(),
    )?;
    field(out, lang.pick("申请人", "Applicant"), &c.filed.applicant)?;
    field(
        out,
        lang.pick("收件日期", "Received"),
        &ymd(Some(c.filed.received)),
    )?;
    field(out, lang.pick("事实", "Facts"), &c.filed.facts)?;
    field(out, lang.pick("状态", "Status"), c.status.label(lang))?;
    if c.status == CaseStatus::Closed {
        field(out, lang.pick("办结日期", "Closed"), &ymd(c.closed))?;
        field(
            out,
            lang.pick("办理结果", "Result"),
            c.result.map_or("-", |r| r.label(lang)),
        )?;
        field(
            out,
            lang.pick("用时（工作日）", "Working days"),
            &c.working_days.map_or("-".into(), |d| d.to_string()),
        )?;
    }
    if overdue {
        field(out, lang.pick("超时", "Overdue"), lang.pick("是", "yes"))?;
    }
    field(out, lang.pick("备注", "Note"), &c.note)?;
    field(out, lang.pick("版本", "Version"), &c.version.to_string())?;
    for (n, (_, d)) in h.decisions.iter().enumerate() {
        let outcome = Outcome::ALL
            .into_iter()
            .find(|o| o.code() == d.outcome)
            .map_or(d.outcome.clone(), |o| o.label(lang).to_string());
        writeln!(
            out,
            "{} {}{}{} {} {} · {}",
            lang.pick("分派决定", "Decision"),
            n + 1,
            lang.colon(),
            d.at,
            outcome,
            printable(d.approving_body.as_deref().unwrap_or("-")),
            d.clause
        )?;
    }
    for e in &h.events {
        writeln!(out, "{}", event_line(lang, e))?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn report(
    out: Out,
    cases: &mut Cases,
    store: &Path,
    year: i32,
    file: Option<&Path>,
    today: NaiveDate,
    format: RouteFormat,
    force: bool,
    lang: Lang,
) -> Done {
    let is_pdf = file
        .and_then(|f| f.extension())
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let table_format = file.and_then(TableFormat::of);
    if let Some(f) = file
        && !is_pdf
        && table_format.is_none()
    {
        return Ok(fail(lang, &words::ReportExtension(f)));
    }
    let session = open(Access::Peek, lang);
    let cat = session.catalogue();
    let figures = match cases.year_figures(cat, session.calendar(), year, today) {
        Ok(f) => f,
        Err(e) => return Ok(case_failed(lang, &e)),
    };
    let limits = match cases.limits() {
        Ok(l) => l,
        Err(e) => return Ok(case_failed(lang, &e)),
    };
    if format == RouteFormat::Json {
        for f in &figures {
            let line = json!({
                "item": f.item,
                "received": f.received,
                "closed": f.closed,
                "granted": f.by_result[0],
                "refused": f.by_result[1],
                "withdrawn": f.by_result[2],
                "referred": f.by_result[3],
                "forwarded": f.by_result[4],
                "overdue": f.overdue,
                "open_at_end": f.open_at_end,
                "avg_working_days": f.average_working_days(),
                "max_working_days": f.working_days_max,
            });
            writeln!(out, "{line}")?;
        }
    }
    let handover = session.handover_report(today);
    let state = |item: u8| {
        handover
            .iter()
            .find(|r| r.no == item)
            .map_or(String::new(), |r| r.state.label(Lang::Zh).to_string())
    };
    let limit = |item: u8| limits.get(&item).copied();
    let Some(file) = file else {
        if format == RouteFormat::Text {
            let table = cw::figures_table(lang, cat, &figures, &limit, &|i| {
                handover
                    .iter()
                    .find(|r| r.no == i)
                    .map_or(String::new(), |r| r.state.label(lang).to_string())
            });
            writeln!(out, "{}", table.header.join("\t"))?;
            for r in &table.rows {
                writeln!(out, "{}", r.join("\t"))?;
            }
        }
        return Ok(ExitCode::SUCCESS);
    };
    // Files go to the leadership: in Chinese, as the handover report.
    let table = cw::figures_table(Lang::Zh, cat, &figures, &limit, &state);
    // Never over the store itself, whatever it is named, --force or not.
    let t = target(file, force, &[store]);
    let done = match table_format {
        Some(tf) => Session::write_table_to(&t, tf, &cw::figures_sheet(Lang::Zh, year), &table),
        None => pdf::write_pdf_to(
            &t,
            &cw::figures_doc(Lang::Zh, cat, year, table, today),
            pdf_fonts(),
        )
        .map(|missing| {
            for m in missing {
                say(&delegation_words::report::missing_char(lang, file, &m));
            }
        }),
    };
    Ok(match done {
        Ok(()) => {
            say(&words::wrote(lang, file));
            ExitCode::SUCCESS
        }
        Err(e) => write_failed(lang, &e),
    })
}
