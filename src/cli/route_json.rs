//! `route --format json`: one JSON object a line (JSON Lines) per application, for office IT
//! and for checking. Keys: `id`, `outcome` (the code), `body`, `mode` (`Entrusted` or
//! `Authorised`), `in_name_of`, `clause`, `finding`, `warnings` (texts in `--lang`), and
//! `flips`, each `{fact, from, to, outcome, clause}` with the register's English key and the
//! values as the applications file writes them. Absent values are `null`.

use delegation_law::flips::Flip;
use delegation_law::router::{Decision, Outcome};
use delegation_words::prelude::*;
use serde_json::{Value as J, json};

/// The line of a routed application (no newline).
pub fn decision_line(lang: Lang, d: &Decision) -> String {
    let finding = d
        .deciding_step()
        .map(|s| s.finding.text(lang))
        .unwrap_or_default();
    let line = json!({
        "id": d.id,
        "outcome": d.outcome.code(),
        "body": d.approving_body.as_deref(),
        "mode": d.mode.map(|m| serde_json::to_value(m).unwrap_or(J::Null)),
        "in_name_of": d.in_name_of.as_deref(),
        "clause": d.deciding_clause(),
        "finding": finding,
        "warnings": d.warnings.iter().map(|w| w.text(lang)).collect::<Vec<_>>(),
        "flips": d.flips.iter().map(flip).collect::<Vec<_>>(),
    });
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

fn flip(f: &Flip) -> J {
    json!({
        "fact": f.fact.key(),
        "from": f.from.json(),
        "to": f.to.json(),
        "outcome": f.outcome.code(),
        "clause": &*f.clause,
    })
}

/// The object on one line. serde_json escapes control characters; the characters that
/// reorder a terminal's text (bidirectional overrides and marks) are escaped too, so an id
/// cannot disguise a line. They can only occur inside strings, where `\uXXXX` is the same.
pub(crate) fn safe(v: &J) -> String {
    let s = v.to_string();
    if !s.contains(bidi) {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 12);
    for c in s.chars() {
        if bidi(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn bidi(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}
