//! `route --format json`: one JSON object a line (JSON Lines) per application, for office IT
//! and for checking. Keys: `id`, `outcome` (the code), `body`, `mode` (`Entrusted` or
//! `Authorised`), `in_name_of`, `clause`, `finding`, `warnings` (texts in `--lang`), and
//! `flips`, each `{fact, from, to, outcome, clause}` with the register's English key and the
//! values as the applications file writes them. Absent values are `null`. Where the data
//! folder holds more notices than the built-in one (issue 31), each object also has `notice`,
//! the 文号 of the notice that governed, and each flip across a notice's date `notice`, the
//! one that would govern then; with the built-in notice alone the lines are as they were.

use delegation_law::flips::Flip;
use delegation_law::router::{Decision, Outcome};
use delegation_words::prelude::*;
use serde_json::{Value as J, json};

use super::say::{hidden, may_need_escaping};

/// The line of a routed application (no newline).
pub fn decision_line(lang: Lang, d: &Decision, notices: bool) -> String {
    let finding = d.finding(lang);
    let mut line = json!({
        "id": d.id,
        "outcome": d.outcome.code(),
        "body": d.approving_body.as_deref(),
        "mode": d.mode.map(|m| serde_json::to_value(m).unwrap_or(J::Null)),
        "in_name_of": d.in_name_of.as_deref(),
        "clause": d.deciding_clause(),
        "finding": finding,
        "warnings": d.warnings.iter().map(|w| w.text(lang)).collect::<Vec<_>>(),
        "flips": d.flips.iter().map(|f| flip(f, notices)).collect::<Vec<_>>(),
    });
    if notices && let Some(object) = line.as_object_mut() {
        object.insert("notice".into(), J::from(&*d.notice));
    }
    safe(&line)
}

/// The line of a row that could not be read: `INVALID`, what was wrong, nothing else.
pub fn unreadable_line(id: &str, finding: &str) -> String {
    let line = json!({
        "id": id,
        "outcome": Outcome::Invalid.code(),
        "body": null,
        "mode": null,
        "in_name_of": null,
        "clause": "",
        "finding": finding,
        "warnings": [],
        "flips": [],
    });
    safe(&line)
}

fn flip(f: &Flip, notices: bool) -> J {
    let mut j = json!({
        "fact": f.fact.key(),
        "from": f.from.json(),
        "to": f.to.json(),
        "outcome": f.outcome.code(),
        "clause": &*f.clause,
    });
    if notices && let Some(object) = j.as_object_mut() {
        object.insert(
            "notice".into(),
            f.notice.as_deref().map_or(J::Null, J::from),
        );
    }
    j
}

/// The object on one line, and only one by any rule of splitting lines. serde_json escapes
/// C0 controls; every other hidden character (`say::hidden`: DEL, C1 controls such as NEL and
/// CSI, U+2028/2029, the bidirectional and other format characters) is escaped here, as
/// `\uXXXX` (a surrogate pair past the BMP). They can only occur inside strings, where the
/// escape means the same character.
pub(crate) fn safe(v: &J) -> String {
    let s = v.to_string();
    if !may_need_escaping(&s) || !s.contains(hidden) {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 12);
    for c in s.chars() {
        if hidden(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{:04x}", u));
            }
        } else {
            out.push(c);
        }
    }
    out
}
