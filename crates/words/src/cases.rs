//! The case register (办件台账) in words: statuses, results, audit events, what a store or a
//! change of it could not do, what `cases add` did, and the year's figures as a table and a
//! signable PDF.

use std::path::Path;

use chrono::NaiveDate;
use delegation_files::pdf::{Block, Doc, Orientation};
use delegation_files::table::Table;
use delegation_law::cases::{CaseResult, CaseStatus, ItemFigures};
use delegation_law::catalogue::Catalogue;
use delegation_law::router::{Decision, Outcome};
use delegation_session::cases::{AddSummary, CaseWords, OpenError};
use delegation_session::shared::{LoadError, SaveError};
use delegation_store::cases::{Broken, CaseError, EventKind, Fault};

use crate::prelude::*;

impl Label for CaseStatus {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            CaseStatus::Open => lang.pick("在办", "open"),
            CaseStatus::Closed => lang.pick("办结", "closed"),
        }
    }
}

impl Label for CaseResult {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            CaseResult::Granted => lang.pick("准予", "granted"),
            CaseResult::Refused => lang.pick("不予", "refused"),
            CaseResult::Withdrawn => lang.pick("撤回", "withdrawn"),
            CaseResult::Referred => lang.pick("告知或移送其他机关", "referred elsewhere"),
            CaseResult::Forwarded => lang.pick("审核后报市人民政府", "reviewed, sent to the city"),
        }
    }
}

impl Label for EventKind {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            EventKind::Recorded => lang.pick("登记", "recorded"),
            EventKind::Rerouted => lang.pick("更正事实后重新分派", "re-routed"),
            EventKind::Closed => lang.pick("办结", "closed"),
            EventKind::Reopened => lang.pick("重新办理", "reopened"),
            EventKind::Limit => lang.pick("设定承诺时限", "time limit set"),
            EventKind::Handover => lang.pick("保存交接记录", "handover record saved"),
        }
    }
}

/// The words a recorded decision keeps: Chinese, the office's language, whatever the screen's.
pub struct RecordWords;

impl CaseWords for RecordWords {
    fn finding(&self, d: &Decision) -> String {
        d.finding(Lang::Zh)
    }

    fn flips(&self, d: &Decision) -> String {
        let mut out = String::new();
        crate::flips::write_flip_lines(Lang::Zh, d, &mut out);
        out
    }
}

impl Text for Fault {
    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Fault::NotAStore(p), Lang::Zh) => {
                format!("{p} 不是本程序的办件台账（另一种数据库或根本不是数据库），未作任何改动")
            }
            (Fault::NotAStore(p), Lang::En) => format!(
                "{p} is not a case register of this program (another database, or no database): left as it was"
            ),
            (Fault::Newer { found, supported }, Lang::Zh) => format!(
                "办件台账的格式版本为 {found}，本程序只能读写到版本 {supported}：请升级本程序；文件未作改动"
            ),
            (Fault::Newer { found, supported }, Lang::En) => format!(
                "the case register is of schema version {found}; this program reads up to {supported}: upgrade it (the file was not changed)"
            ),
            (Fault::Older { found, needed }, Lang::Zh) => format!(
                "服务器上的办件台账格式版本为 {found}，本程序需要版本 {needed}：请由数据库中该台账的所有者角色运行 `delegation-tracker cases init --store URL` 升级（办件和审计记录均保留）；未作任何改动"
            ),
            (Fault::Older { found, needed }, Lang::En) => format!(
                "the case register on the server is of schema version {found}; this program needs {needed}: its owner's role brings it up with `delegation-tracker cases init --store URL` (every case and event is kept); nothing was changed"
            ),
            (Fault::Link(p), Lang::Zh) => format!("{p} 是符号链接：办件台账不经链接打开"),
            (Fault::Link(p), Lang::En) => {
                format!("{p} is a symbolic link: the case register is never opened through one")
            }
            (Fault::DiskFull, Lang::Zh) => "磁盘已满：本次改动未写入，办件台账保持原样".into(),
            (Fault::DiskFull, Lang::En) => {
                "the disk is full: the change was not made, the case register is as it was".into()
            }
            (Fault::Busy, Lang::Zh) => {
                "办件台账正被另一个程序写入，等待超时：未作改动，请稍后再试".into()
            }
            (Fault::Busy, Lang::En) => {
                "another program held the case register past the wait: nothing was changed; try again".into()
            }
            (Fault::Backend(why), Lang::Zh) => format!("办件台账无法使用：{why}"),
            (Fault::Backend(why), Lang::En) => format!("the case register cannot be used: {why}"),
            (Fault::Server { server, why }, Lang::Zh) => format!(
                "数据库服务器 {server} 上的办件台账无法使用：{why}。正在写入的这一笔改动整笔未保存（已撤销），此前已提交的均已保存；服务器恢复后重新运行同一命令即可补录其余"
            ),
            (Fault::Server { server, why }, Lang::En) => format!(
                "the case register on the database server {server} cannot be used: {why}. The change being written was not saved (rolled back whole); everything committed before it is saved; once the server is back, run the same command again to record the rest"
            ),
        }
    }
}

impl Text for OpenError {
    fn text(&self, lang: Lang) -> String {
        match self {
            OpenError::Folder(e) => e.text(lang),
            OpenError::Store(f) => f.text(lang),
        }
    }
}

impl Text for delegation_session::desk::DeskError {
    fn text(&self, lang: Lang) -> String {
        match self {
            delegation_session::desk::DeskError::Open(e) => e.text(lang),
            delegation_session::desk::DeskError::Case(e) => e.text(lang),
        }
    }
}

impl Text for CaseError {
    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (CaseError::NotFound(id), Lang::Zh) => format!("办件台账中没有办件编号为 {id} 的办件"),
            (CaseError::NotFound(id), Lang::En) => format!("no case {id} in the case register"),
            (
                CaseError::Conflict {
                    id,
                    by,
                    at,
                    current,
                },
                Lang::Zh,
            ) => format!(
                "办件 {id} 已由 {by} 于 {} 改动（现为第 {} 版）：本次改动未保存，请查看后再改",
                moment(at),
                current.version
            ),
            (
                CaseError::Conflict {
                    id,
                    by,
                    at,
                    current,
                },
                Lang::En,
            ) => format!(
                "case {id} was changed by {by} at {} (now version {}): this change was not saved; look at it and try again",
                moment(at),
                current.version
            ),
            (CaseError::RecordConflict { current }, Lang::Zh) => format!(
                "第{}项的交接记录已由 {}（{}）于 {} 保存（现为第 {} 版）：本次保存未生效，请查看对方的记录后再改",
                current.item,
                current.saved_by,
                current.saved_machine,
                current.saved_at,
                current.version
            ),
            (CaseError::RecordConflict { current }, Lang::En) => format!(
                "item {}'s handover record was saved by {} ({}) at {} (now version {}): this save was not made; look at theirs and try again",
                current.item,
                current.saved_by,
                current.saved_machine,
                current.saved_at,
                current.version
            ),
            (CaseError::AlreadyClosed(id), Lang::Zh) => format!("办件 {id} 已办结"),
            (CaseError::AlreadyClosed(id), Lang::En) => format!("case {id} is already closed"),
            (CaseError::NotClosed(id), Lang::Zh) => format!("办件 {id} 尚未办结"),
            (CaseError::NotClosed(id), Lang::En) => format!("case {id} is not closed"),
            (
                CaseError::ClosedBeforeReceived {
                    id,
                    received,
                    closed,
                },
                Lang::Zh,
            ) => format!("办件 {id} 的办结日期 {closed} 早于收件日期 {received}"),
            (
                CaseError::ClosedBeforeReceived {
                    id,
                    received,
                    closed,
                },
                Lang::En,
            ) => format!(
                "case {id}: the closing date {closed} is before the received date {received}"
            ),
            (CaseError::NoSuchItem(n), Lang::Zh) => {
                format!("通知附件中没有第{n}项（只有第1至12项）")
            }
            (CaseError::NoSuchItem(n), Lang::En) => {
                format!("the notice has no item {n} (items 1 to 12)")
            }
            (CaseError::Store(f), _) => f.text(lang),
        }
    }
}

/// What `cases verify` found.
pub fn broken(lang: Lang, b: &Broken) -> String {
    match (b, lang) {
        (Broken::Event { seq }, Lang::Zh) => format!(
            "审计记录第 {seq} 条与其前后不符（被改动、删除或顺序被打乱）：办件台账已被程序以外的方式改动"
        ),
        (Broken::Event { seq }, Lang::En) => format!(
            "audit event {seq} does not fit the chain (edited, deleted or out of order): the register was changed outside this program"
        ),
        (Broken::Case { id }, Lang::Zh) => {
            format!("办件 {id} 的当前记录与其最后一条审计记录不符：已被程序以外的方式改动")
        }
        (Broken::Case { id }, Lang::En) => format!(
            "case {id} is not what its last audit event recorded: changed outside this program"
        ),
        (Broken::Decision { id, n }, Lang::Zh) => {
            format!("办件 {id} 的第 {n} 次分派决定与审计记录不符：已被程序以外的方式改动")
        }
        (Broken::Decision { id, n }, Lang::En) => format!(
            "decision {n} of case {id} is not what its audit event recorded: changed outside this program"
        ),
        (Broken::Record { item }, Lang::Zh) => format!(
            "第{item}项的交接记录与其最后一条审计记录不符（保存人、时间或内容）：已被程序以外的方式改动"
        ),
        (Broken::Record { item }, Lang::En) => format!(
            "item {item}'s handover record is not what its last audit event recorded (who, when or what): changed outside this program"
        ),
    }
}

/// `cases verify` when everything fits.
pub fn verified(lang: Lang, events: u64) -> String {
    match lang {
        Lang::Zh => {
            format!("办件台账完整：{events} 条审计记录前后相接，每件办件与其最后一条记录相符")
        }
        Lang::En => format!(
            "the case register is whole: {events} audit events chained, every case as its last event recorded"
        ),
    }
}

/// What `cases add` did.
pub fn added(lang: Lang, file: &Path, s: &AddSummary) -> String {
    match lang {
        Lang::Zh => format!(
            "{}：{} 行，新登记 {} 件，已登记过 {} 件，未登记 {} 件（INVALID {} 件，与已登记的事实不符 {} 件）",
            file.display(),
            s.rows,
            s.recorded,
            s.already,
            s.invalid + s.conflicts,
            s.invalid,
            s.conflicts
        ),
        Lang::En => format!(
            "{}: {} rows; {} recorded, {} already there, {} refused ({} INVALID, {} in conflict with what was recorded)",
            file.display(),
            s.rows,
            s.recorded,
            s.already,
            s.invalid + s.conflicts,
            s.invalid,
            s.conflicts
        ),
    }
}

/// A row `cases add` did not record because it was INVALID.
pub fn not_recorded_invalid(lang: Lang, id: &str, why: &str) -> String {
    match lang {
        Lang::Zh => format!("未登记 {id}：INVALID（{why}）"),
        Lang::En => format!("not recorded {id}: INVALID ({why})"),
    }
}

/// A row `cases add` did not record because its case was recorded with other facts.
pub fn not_recorded_conflict(lang: Lang, row: u32, id: &str, by: &str, at: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "未登记第 {row} 行 {id}：该办件编号已由 {by} 于 {at} 登记，事实不同；未作改动（如为更正，请核对后重新分派）"
        ),
        Lang::En => format!(
            "not recorded row {row}, {id}: this id was recorded by {by} at {at} with other facts; nothing changed"
        ),
    }
}

/// A case closed.
pub fn closed(lang: Lang, id: &str, result: CaseResult, working_days: Option<i64>) -> String {
    let wd = working_days.unwrap_or(0);
    match lang {
        Lang::Zh => format!(
            "办件 {id} 已办结（{}），用时 {wd} 个工作日",
            result.label(lang)
        ),
        Lang::En => format!(
            "case {id} closed ({}), {wd} working days",
            result.label(lang)
        ),
    }
}

pub fn reopened(lang: Lang, id: &str) -> String {
    match lang {
        Lang::Zh => format!("办件 {id} 已重新办理（在办）"),
        Lang::En => format!("case {id} reopened"),
    }
}

/// A moment the store keeps (RFC 3339, the recorder's offset) as a clerk reads it:
/// `2026-12-07 16:08`, with the offset only where it is not China's (+08:00); anything else as
/// it is.
pub fn moment(at: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) if t.offset().local_minus_utc() == 8 * 3600 => t.format("%Y-%m-%d %H:%M").to_string(),
        Ok(t) => t.format("%Y-%m-%d %H:%M (UTC%:z)").to_string(),
        Err(_) => at.to_string(),
    }
}

/// The case on the card was changed by another since it was read: what was typed and not
/// saved stays, to be checked.
pub fn changed_meanwhile(lang: Lang, who: &str, at: &str, version: u64) -> String {
    match lang {
        Lang::Zh => format!(
            "此办件已由 {who} 于 {} 改动（现为第 {version} 版），下方为其现状；您未提交的内容仍在表单中，请核对",
            moment(at)
        ),
        Lang::En => format!(
            "{who} changed this case at {} (now version {version}); it is shown as it is now. What you typed and did not save is still in the form: check it",
            moment(at)
        ),
    }
}

/// The 办件台账 screen's counts: how many cases the filters match, open and closed, and which
/// of them the page shows.
pub fn page_counts(
    lang: Lang,
    cases: u64,
    open: u64,
    closed: u64,
    skip: u64,
    shown: u64,
) -> String {
    let range = if shown == 0 {
        String::new()
    } else {
        match lang {
            Lang::Zh => format!(" · 第 {}–{} 件", skip + 1, skip + shown),
            Lang::En => format!(" · {}–{} shown", skip + 1, skip + shown),
        }
    };
    match lang {
        Lang::Zh => format!("共 {cases} 件（在办 {open}，办结 {closed}）{range}"),
        Lang::En => format!("{cases} cases ({open} open, {closed} closed){range}"),
    }
}

/// A case's version and who recorded it.
pub fn case_version(lang: Lang, version: u64, by: &str, at: &str) -> String {
    match lang {
        Lang::Zh => format!("第 {version} 版 · {by} 于 {} 登记", moment(at)),
        Lang::En => format!("version {version} · recorded by {by} at {}", moment(at)),
    }
}

/// Under which notice, and when, a decision was routed.
pub fn decided_under(lang: Lang, notice: &str, at: &str) -> String {
    match lang {
        Lang::Zh => format!("依据 {notice}，于 {} 分派", moment(at)),
        Lang::En => format!("routed under {notice} at {}", moment(at)),
    }
}

/// A case's working days (taken, or so far), its item's limit, and whether it is overdue.
pub fn working_days_line(
    lang: Lang,
    closed: bool,
    days: i64,
    limit: Option<u32>,
    overdue: bool,
) -> String {
    let days = match (closed, lang) {
        (true, Lang::Zh) => format!("用时 {days} 个工作日"),
        (true, Lang::En) => format!("took {days} working days"),
        (false, Lang::Zh) => format!("已用 {days} 个工作日"),
        (false, Lang::En) => format!("{days} working days so far"),
    };
    let limit = match (limit, lang) {
        (Some(l), Lang::Zh) => format!("；承诺时限 {l} 个工作日"),
        (Some(l), Lang::En) => format!("; time limit {l} working days"),
        (None, Lang::Zh) => "；本事项未设承诺时限".to_string(),
        (None, Lang::En) => "; no time limit set for this item".to_string(),
    };
    let late = match (overdue, lang) {
        (true, Lang::Zh) => "，已逾期",
        (true, Lang::En) => ", overdue",
        (false, _) => "",
    };
    format!("{days}{limit}{late}")
}

/// What recording a case from the router came to.
pub fn recorded_one(lang: Lang, id: &str, r: &delegation_store::cases::Recorded) -> String {
    use delegation_store::cases::Recorded;
    match (r, lang) {
        (Recorded::New, Lang::Zh) => format!("已登记为办件 {id}"),
        (Recorded::New, Lang::En) => format!("recorded as case {id}"),
        (Recorded::AlreadyThere, Lang::Zh) => {
            format!("办件 {id} 此前已按同样的事实登记，未重复登记")
        }
        (Recorded::AlreadyThere, Lang::En) => {
            format!("case {id} was recorded before with the same facts: not recorded twice")
        }
        (Recorded::Conflict(c), Lang::Zh) => format!(
            "办件编号 {id} 已由 {} 于 {} 登记，事实不同：未登记。请核对办件编号，或打开该办件",
            c.recorded_by,
            moment(&c.recorded_at)
        ),
        (Recorded::Conflict(c), Lang::En) => format!(
            "case id {id} was recorded by {} at {} with other facts: not recorded. Check the id, or open that case",
            c.recorded_by,
            moment(&c.recorded_at)
        ),
    }
}

/// The change a clerk was making when another's came first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mine {
    Close(NaiveDate, CaseResult),
    Reopen,
}

/// Another clerk's case as it is now, beside the change this clerk was making (not saved).
pub fn theirs_and_mine(
    lang: Lang,
    theirs: &delegation_store::cases::Case,
    mine: Option<Mine>,
) -> String {
    let state = |status: CaseStatus, closed: Option<NaiveDate>, result: Option<CaseResult>| match (
        closed, result,
    ) {
        (Some(on), Some(r)) => format!("{} {on} {}", status.label(lang), r.label(lang)),
        _ => status.label(lang).to_string(),
    };
    let now = state(theirs.status, theirs.closed, theirs.result);
    let mine = match mine {
        Some(Mine::Close(on, r)) => state(CaseStatus::Closed, Some(on), Some(r)),
        Some(Mine::Reopen) => CaseStatus::Open.label(lang).to_string(),
        None => String::new(),
    };
    match lang {
        Lang::Zh => format!(
            "台账中现为：{now}；您的改动（未保存）：{mine}。您的改动仍在表单中，核对后可再次提交"
        ),
        Lang::En => format!(
            "the register now says: {now}; your change (not saved): {mine}. It is still in the form, to make again once checked"
        ),
    }
}

/// A case's facts being corrected: the decision it has, and the one the corrected facts give.
pub fn correction_line(lang: Lang, id: &str, was: &str, clause: &str, now: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "更正办件 {id} 的事实：原决定为“{was}”（{clause}），按更正后的事实为“{now}”。保存后两次决定均保留在审计记录中"
        ),
        Lang::En => format!(
            "correcting case {id}'s facts: its decision is “{was}” ({clause}); with the corrected facts it is “{now}”. Both decisions are kept in the audit trail"
        ),
    }
}

/// A case corrected.
pub fn corrected(lang: Lang, id: &str, decisions: u32) -> String {
    match lang {
        Lang::Zh => format!("办件 {id} 已更正事实并重新分派（第 {decisions} 次决定）"),
        Lang::En => format!("case {id}: facts corrected and routed again (decision {decisions})"),
    }
}

/// A recorded case's facts as the register's columns word them, a line each, less the id and
/// the item (the card and the slip say those first); `None` for facts this program cannot read
/// back.
pub fn case_facts(
    lang: Lang,
    cat: &Catalogue,
    id: &str,
    filed: &delegation_store::cases::Filed,
) -> Option<Vec<(&'static str, String)>> {
    let app = delegation_session::desk::application_of(id, filed)?;
    Some(
        crate::report::application_facts(lang, cat, &app)
            .into_iter()
            .skip(2)
            .collect(),
    )
}

/// A recorded case's slip (办件登记单): its facts (`facts`, in the register's words), the
/// decision as it was recorded (its words kept, not routed again: the handover dates may have
/// changed since), earlier decisions, its status and working days, and its audit trail, with
/// lines for the clerk's signature. In the office's language (Chinese) or the screen's.
pub fn case_slip(
    lang: Lang,
    cat: &Catalogue,
    h: &delegation_store::cases::CaseHistory,
    facts: &[(&'static str, String)],
    made: NaiveDate,
) -> Doc {
    let c = &h.case;
    let d = &c.decision;
    let field = |label: &str, value: String| Block::Field {
        label: label.to_string(),
        value,
    };
    let none = || "—".to_string();
    let item = cat
        .item(c.filed.item)
        .map_or(c.filed.item.to_string(), |i| {
            format!("{}. {}", i.no, i.name)
        });
    let mut blocks = vec![
        Block::Title(lang.pick("办件登记单", "Case record").to_string()),
        Block::Text(case_version(
            lang,
            c.version,
            &c.recorded_by,
            &c.recorded_at,
        )),
        Block::Heading(lang.pick("申请事实", "The application").to_string()),
        field(lang.pick("办件编号", "Case id"), c.id.clone()),
        field(lang.pick("事项", "Item"), item),
    ];
    if !c.filed.applicant.is_empty() {
        blocks.push(field(
            lang.pick("申请人", "Applicant"),
            c.filed.applicant.clone(),
        ));
    }
    for (label, value) in facts {
        blocks.push(field(label, value.clone()));
    }
    blocks.push(Block::Heading(
        lang.pick("分派结论（登记时）", "Decision (as recorded)")
            .to_string(),
    ));
    let outcome =
        Outcome::from_code(&d.outcome).map_or(d.outcome.clone(), |o| o.label(lang).to_string());
    blocks.extend([
        field(lang.pick("结论", "Outcome"), outcome),
        field(
            lang.pick("审批机关", "Approving body"),
            d.approving_body.clone().unwrap_or_else(none),
        ),
        field(
            lang.pick("以谁的名义", "In the name of"),
            d.in_name_of.clone().unwrap_or_else(none),
        ),
        field(
            lang.pick("承担法律责任", "Answers for it"),
            d.answerable.clone().unwrap_or_else(none),
        ),
        field(lang.pick("依据条款", "Clause"), d.clause.clone()),
        field(lang.pick("认定", "Finding"), d.finding.clone()),
    ]);
    if !d.flips.trim().is_empty() {
        blocks.push(field(
            lang.pick("会改变结论的情形", "What would change it"),
            d.flips.trim_end().to_string(),
        ));
    }
    blocks.push(Block::Text(decided_under(lang, &d.notice, &d.at)));
    if h.decisions.len() > 1 {
        blocks.push(Block::Heading(
            lang.pick("更正前的决定", "Earlier decisions").to_string(),
        ));
        for (i, (_, e)) in h.decisions.iter().take(h.decisions.len() - 1).enumerate() {
            let o = Outcome::from_code(&e.outcome)
                .map_or(e.outcome.clone(), |o| o.label(lang).to_string());
            blocks.push(Block::Text(format!(
                "{}. {} {o}（{}）",
                i + 1,
                e.at,
                e.clause
            )));
        }
    }
    blocks.push(Block::Heading(lang.pick("办理情况", "Status").to_string()));
    let status = match (c.closed, c.result) {
        (Some(on), Some(r)) => format!("{} {on} {}", c.status.label(lang), r.label(lang)),
        _ => c.status.label(lang).to_string(),
    };
    blocks.push(field(lang.pick("状态", "Status"), status));
    if let Some(w) = c.working_days {
        blocks.push(field(
            lang.pick("用时（工作日）", "Working days taken"),
            w.to_string(),
        ));
    }
    if !c.note.is_empty() {
        blocks.push(field(lang.pick("备注", "Note"), c.note.clone()));
    }
    blocks.push(Block::Heading(
        lang.pick("审计记录", "Audit trail").to_string(),
    ));
    blocks.push(Block::Table {
        header: vec![
            "#".to_string(),
            lang.pick("时间", "When").to_string(),
            lang.pick("人员（计算机）", "Who (machine)").to_string(),
            lang.pick("事项", "What").to_string(),
        ],
        rows: h
            .events
            .iter()
            .map(|e| {
                vec![
                    e.seq.to_string(),
                    moment(&e.at),
                    format!("{}（{}）", e.who, e.machine),
                    e.kind.label(lang).to_string(),
                ]
            })
            .collect(),
        widths: vec![1.0, 4.0, 4.0, 3.0],
    });
    blocks.extend(crate::report::signed_off(lang, made));
    Doc {
        orientation: Orientation::Portrait,
        title: format!("{} {}", lang.pick("办件登记单", "Case record"), c.id),
        blocks,
        footer: crate::report::page_footer(lang, &d.notice, made),
    }
}

/// 全部登记 under way.
pub fn recording_rows(lang: Lang, done: usize, total: usize) -> String {
    match lang {
        Lang::Zh => {
            format!("正在登记：{done} / {total} 行（每 2000 行提交一次；停止后已提交的保留）")
        }
        Lang::En => format!(
            "recording: {done} of {total} rows (committed every 2,000; what is committed stays if stopped)"
        ),
    }
}

/// What 全部登记 did (`unreadable`: rows that could not be read, not recorded).
pub fn rows_recorded(
    lang: Lang,
    r: &delegation_session::desk::RowsRecorded,
    unreadable: usize,
) -> String {
    let invalid = r.invalid.len() + unreadable;
    let conflicts = r.conflicts.len();
    let stopped = if r.cancelled {
        lang.pick("已停止：", "stopped: ")
    } else {
        ""
    };
    match lang {
        Lang::Zh => format!(
            "{stopped}新登记 {} 件，已登记过 {} 件，未登记 {} 件（INVALID 或无法读取 {invalid} 件，与已登记的事实不符 {conflicts} 件）",
            r.recorded,
            r.already,
            invalid + conflicts
        ),
        Lang::En => format!(
            "{stopped}{} recorded, {} already there, {} not recorded ({invalid} INVALID or unreadable, {conflicts} recorded before with other facts)",
            r.recorded,
            r.already,
            invalid + conflicts
        ),
    }
}

/// A row 全部登记 left out: INVALID, or not readable.
pub fn row_not_recorded(lang: Lang, row: u32, id: &str) -> String {
    let id = if id.is_empty() { "—" } else { id };
    match lang {
        Lang::Zh => format!("未登记第 {row} 行 {id}：INVALID（见该行的决定）"),
        Lang::En => format!("not recorded row {row}, {id}: INVALID (see the row's decision)"),
    }
}

/// A promised time limit set.
pub fn limit_set(lang: Lang, item: u8, days: Option<u32>) -> String {
    match (days, lang) {
        (Some(d), Lang::Zh) => format!("第{item}项的承诺时限已设为 {d} 个工作日"),
        (Some(d), Lang::En) => format!("item {item}'s promised time limit is now {d} working days"),
        (None, Lang::Zh) => format!("第{item}项已不设承诺时限"),
        (None, Lang::En) => format!("item {item} has no promised time limit now"),
    }
}

/// A `--result` that is no result.
pub fn bad_limit(lang: Lang, given: &str) -> String {
    match lang {
        Lang::Zh => format!("承诺时限“{given}”应为工作日数（0 至 3650）或 none"),
        Lang::En => format!(
            "the time limit '{given}' should be a number of working days (0 to 3650) or none"
        ),
    }
}

/// The columns of the year's figures.
pub fn figures_header(lang: Lang) -> Vec<String> {
    let mut h: Vec<String> = [
        lang.pick("序号", "Item"),
        lang.pick("事项名称", "Name"),
        lang.pick("收件", "Received"),
        lang.pick("办结", "Closed"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    h.extend(CaseResult::ALL.iter().map(|r| r.label(lang).to_string()));
    h.extend(
        Outcome::ALL
            .iter()
            .map(|o| format!("{}{}", lang.pick("分派：", "routed: "), o.label(lang))),
    );
    h.extend(
        [
            lang.pick("超时", "Overdue"),
            lang.pick("年末在办", "Open at year end"),
            lang.pick("平均工作日", "Average working days"),
            lang.pick("最长工作日", "Longest, working days"),
            lang.pick("承诺时限（工作日）", "Time limit (working days)"),
            lang.pick("交接状态", "Handover"),
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    h
}

/// One item's row of the year's figures; `handover` is its handover state in words.
pub fn figures_row(
    lang: Lang,
    cat: &Catalogue,
    f: &ItemFigures,
    limit: Option<u32>,
    handover: &str,
) -> Vec<String> {
    let name = cat.item(f.item).map_or(String::new(), |i| i.name.clone());
    let mut row = vec![
        f.item.to_string(),
        if f.is_empty() {
            format!("{name}{}", lang.pick("（零办件）", " (no cases)"))
        } else {
            name
        },
        f.received.to_string(),
        f.closed.to_string(),
    ];
    row.extend(CaseResult::ALL.iter().map(|r| f.result(*r).to_string()));
    row.extend(Outcome::ALL.iter().map(|o| f.outcome(*o).to_string()));
    row.push(f.overdue.to_string());
    row.push(f.open_at_end.to_string());
    row.push(
        f.average_working_days()
            .map_or("—".into(), |a| format!("{a:.1}")),
    );
    row.push(f.working_days_max.map_or("—".into(), |m| m.to_string()));
    row.push(limit.map_or("—".into(), |d| d.to_string()));
    row.push(handover.to_string());
    row
}

/// The year's figures as a table.
pub fn figures_table(
    lang: Lang,
    cat: &Catalogue,
    figures: &[ItemFigures],
    limit: &dyn Fn(u8) -> Option<u32>,
    handover: &dyn Fn(u8) -> String,
) -> Table {
    Table {
        header: figures_header(lang),
        rows: figures
            .iter()
            .map(|f| figures_row(lang, cat, f, limit(f.item), &handover(f.item)))
            .collect(),
    }
}

/// The sheet name of the year's figures.
pub fn figures_sheet(lang: Lang, year: i32) -> String {
    match lang {
        Lang::Zh => format!("{year}年办件情况"),
        Lang::En => format!("Cases {year}"),
    }
}

/// The year's figures as a document for the leadership: A4 landscape, titled, with the day it
/// was made and lines to sign.
pub fn figures_doc(lang: Lang, cat: &Catalogue, year: i32, table: Table, made: NaiveDate) -> Doc {
    let notice = cat.notice.number.as_str();
    let title = match lang {
        Lang::Zh => format!("{notice} 市级权限事项 {year} 年度办件情况统计"),
        Lang::En => format!("{notice}: cases of the delegated items in {year}"),
    };
    let n = table.header.len();
    let mut widths = vec![1.0f32; n];
    widths[0] = 0.7;
    widths[1] = 5.0;
    Doc {
        orientation: Orientation::Landscape,
        title: title.clone(),
        blocks: vec![
            Block::Title(title),
            Block::Text(format!(
                "{}{}{}；{}",
                lang.pick("制作日期", "Made on"),
                lang.colon(),
                made.format("%Y-%m-%d"),
                lang.pick(
                    "工作日按行政许可法第八十二条计算，不计收件当日（民法典第二百零一条）",
                    "working days by 行政许可法 第八十二条, the received day not counted (民法典 第二百零一条)"
                )
            )),
            Block::Space(6.0),
            Block::Table {
                widths,
                header: table.header,
                rows: table.rows,
            },
            Block::Space(18.0),
            Block::Text(
                lang.pick(
                    "制表人：＿＿＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日",
                    "Prepared by: ____________    Checked by: ____________    Date: ____________",
                )
                .to_string(),
            ),
        ],
        footer: crate::report::page_footer(lang, notice, made),
    }
}

/// A handover record saved but not entered in the case register's audit trail.
pub fn audit_missed(lang: Lang, e: &OpenError) -> String {
    match lang {
        Lang::Zh => format!("但未能记入办件台账的审计记录：{}", e.text(lang)),
        Lang::En => format!(
            "but it was not entered in the case register's audit trail: {}",
            e.text(lang)
        ),
    }
}

/// The register holds cases routed by notices this PC does not hold (issue 31).
pub fn notices_not_held(lang: Lang, numbers: &[String]) -> String {
    let list = numbers.join(lang.pick("、", ", "));
    match lang {
        Lang::Zh => format!(
            "办件台账中最近收件的办件有按{list}分派的，本机没有这份通告：本机的分派可能与其他电脑不同。请导入同一通告文件（通告原文 → 导入通告 .ron，或 notices import 文件）"
        ),
        Lang::En => format!(
            "Recent cases in the register were routed by {list}, which this PC does not hold: this PC may route otherwise than the others. Import the same notice file (Notice → Import a notice .ron, or notices import FILE)"
        ),
    }
}

/// `cases init` done.
pub fn store_ready(lang: Lang, at: &str) -> String {
    match lang {
        Lang::Zh => format!("办件台账已就绪：{at}"),
        Lang::En => format!("the case register is ready: {at}"),
    }
}

/// A `postgres://` store URL with a password in it.
pub fn password_in_url(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => {
            "存储地址中含有密码：命令行和设置会被他人看到，请改用 PGPASSWORD 环境变量或密码文件（~/.pgpass，Windows 为 %APPDATA%\\postgresql\\pgpass.conf）"
        }
        Lang::En => {
            "the store URL holds a password: command lines and settings are seen by others; use PGPASSWORD or the password file (~/.pgpass; on Windows %APPDATA%\\postgresql\\pgpass.conf) instead"
        }
    }
}

/// Items as a list: 第3、5项 / items 3, 5.
fn items(lang: Lang, items: &[u8]) -> String {
    let n: Vec<String> = items.iter().map(u8::to_string).collect();
    match lang {
        Lang::Zh => format!("第{}项", n.join("、")),
        Lang::En => format!(
            "item{} {}",
            if n.len() == 1 { "" } else { "s" },
            n.join(", ")
        ),
    }
}

impl Text for LoadError {
    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            // A read: nothing was being written, so the server's own words without the write's.
            (LoadError::Open(OpenError::Store(Fault::Server { server, why })), Lang::Zh) => {
                format!(
                    "无法从数据库服务器 {server} 读取交接记录：{why}。使用共享办件台账时交接记录以服务器为准，本程序不会改用本机的 records.ron；服务器恢复后请重新运行"
                )
            }
            (LoadError::Open(OpenError::Store(Fault::Server { server, why })), Lang::En) => {
                format!(
                    "the handover records cannot be read from the database server {server}: {why}. With a shared register the records are the server's; this program does not use this PC's records.ron instead; run it again once the server is back"
                )
            }
            (LoadError::Open(e), Lang::Zh) => format!(
                "无法读取服务器上的交接记录：{}。使用共享办件台账时交接记录以服务器为准，本程序不会改用本机的 records.ron",
                e.text(lang)
            ),
            (LoadError::Open(e), Lang::En) => format!(
                "the handover records on the server cannot be read: {}. With a shared register the records are the server's; this program does not use this PC's records.ron instead",
                e.text(lang)
            ),
            (LoadError::Unreadable { item, why }, Lang::Zh) => format!(
                "服务器上第{item}项的交接记录无法读取（{why}）：可能被手工改动，或由更新版本的程序写入"
            ),
            (LoadError::Unreadable { item, why }, Lang::En) => format!(
                "item {item}'s handover record on the server cannot be read ({why}): changed by hand, or written by a newer program"
            ),
        }
    }
}

impl Text for SaveError {
    fn text(&self, lang: Lang) -> String {
        let why = self.why.text(lang);
        let saved = (!self.saved.is_empty()).then(|| items(lang, &self.saved));
        let not_saved = items(lang, &self.not_saved);
        match (lang, saved) {
            (Lang::Zh, None) => format!("{why}。未保存任何交接记录（{not_saved}均未保存）"),
            (Lang::Zh, Some(s)) => {
                format!("{why}。{s}的交接记录已保存（各附审计记录），{not_saved}未保存")
            }
            (Lang::En, None) => {
                format!("{why}. No handover record was saved ({not_saved} not saved)")
            }
            (Lang::En, Some(s)) => format!(
                "{why}. The handover records of {s} were saved (each with its audit event); {not_saved} not saved"
            ),
        }
    }
}

#[cfg(test)]
mod moment_tests {
    #[test]
    fn a_moment_is_read_in_china_without_its_offset_and_elsewhere_with_it() {
        assert_eq!(
            super::moment("2026-12-07T16:08:50+08:00"),
            "2026-12-07 16:08"
        );
        assert_eq!(
            super::moment("2026-12-07T08:08:50+00:00"),
            "2026-12-07 08:08 (UTC+00:00)"
        );
        assert_eq!(super::moment("not a time"), "not a time");
    }
}
