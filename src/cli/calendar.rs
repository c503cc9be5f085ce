//! `holidays`, `workdays` and `deadlines`: the working-day calendar and the notice's dates.

use std::process::ExitCode;

use chrono::NaiveDate;
use delegation_law::calendar::StartDay;
use delegation_session::Access;
use delegation_words::{Lang, cli as words, dates};

use crate::cli::args::{Conventions, HolidaysOp, WorkdaysOp, start_day};
use crate::cli::say::{fail, printable, say, warn_uncovered};
use crate::cli::{Done, Out, open};

pub(crate) fn holidays(out: Out, op: HolidaysOp, lang: Lang) -> Done {
    Ok(match op {
        HolidaysOp::List => {
            let session = open(Access::Peek, lang);
            for y in session.holiday_years() {
                let line = words::holiday_year_line(lang, &y);
                let cells: Vec<_> = line.iter().map(|c| printable(c)).collect();
                writeln!(out, "{}", cells.join("\t"))?;
            }
            ExitCode::SUCCESS
        }
        HolidaysOp::Import { file } => {
            let mut session = open(Access::Peek, lang);
            match session.import_holidays(&file) {
                Ok(year) => {
                    say(&words::holidays_imported(lang, year, &file));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(lang, &e),
            }
        }
    })
}

pub(crate) fn workdays(out: Out, op: WorkdaysOp, lang: Lang) -> Done {
    let session = open(Access::Peek, lang);
    let cal = session.calendar();
    match op {
        WorkdaysOp::Add {
            date,
            n,
            count_start_day,
        } => match cal.checked_add_working_days(date, n, start_day(count_start_day)) {
            Ok(r) => {
                writeln!(out, "{}", r.value.format("%Y-%m-%d"))?;
                warn_uncovered(&r.uncovered_years, lang);
            }
            Err(e) => return Ok(fail(lang, &e)),
        },
        WorkdaysOp::Between {
            from,
            to,
            count_start_day,
        } => {
            let r = cal.working_days_between(from, to, start_day(count_start_day));
            writeln!(out, "{}", r.value)?;
            warn_uncovered(&r.uncovered_years, lang);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn deadlines(out: Out, today: NaiveDate, conv: Conventions, lang: Lang) -> Done {
    let mut session = open(Access::Peek, lang);
    session.set_conventions(conv.session());
    let cat = session.catalogue();
    let cal = session.calendar();
    let k = session.key_dates();
    let mut uncovered = k.handover_deadline.uncovered_years.clone();
    let far = |d: NaiveDate| dates::days_away(lang, today, d);
    let deadline = k.handover_deadline.value;
    let wd = cal.working_days_between(today, deadline, StartDay::Excluded);
    uncovered.extend(wd.uncovered_years.iter().copied());
    uncovered.sort_unstable();
    uncovered.dedup();
    let wd_text = dates::working_days_away(lang, wd.value);
    let start = dates::start_day(lang, conv.start_day());
    let validity = dates::validity(lang, conv.validity());
    let [today_label, notice, handover, last_day] =
        words::deadline_labels(lang, &cat.notice, start, validity);
    let rows = [
        (notice, k.notice_date, far(k.notice_date)),
        (
            handover,
            deadline,
            format!("{}{}{wd_text}", far(deadline), lang.semicolon()),
        ),
        (last_day, k.validity_last_day, far(k.validity_last_day)),
    ];
    writeln!(out, "{today_label}\t{}", today.format("%Y-%m-%d"))?;
    for (label, date, how_far) in rows {
        writeln!(out, "{label}\t{}\t{how_far}", date.format("%Y-%m-%d"))?;
    }
    warn_uncovered(&uncovered, lang);
    Ok(ExitCode::SUCCESS)
}
