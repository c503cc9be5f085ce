//! The audit trail's events and their hash chain (执法全过程记录: who recorded, who changed what,
//! when). An event's hash is SHA-256 of the hash before it and of its own content in a fixed
//! form, so that no event can be edited, removed or put out of order without
//! [`super::Cases::verify`] finding the first that no longer fits.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Actor;

/// The `prev` of the first event: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    /// A case recorded with its decision.
    Recorded,
    /// A fact corrected and the case routed anew.
    Rerouted,
    Closed,
    Reopened,
    /// An item's promised time limit set.
    Limit,
    /// A handover record saved.
    Handover,
}

impl EventKind {
    pub const ALL: [EventKind; 6] = [
        EventKind::Recorded,
        EventKind::Rerouted,
        EventKind::Closed,
        EventKind::Reopened,
        EventKind::Limit,
        EventKind::Handover,
    ];

    /// The code in the store and in JSON.
    pub fn code(self) -> &'static str {
        match self {
            EventKind::Recorded => "recorded",
            EventKind::Rerouted => "rerouted",
            EventKind::Closed => "closed",
            EventKind::Reopened => "reopened",
            EventKind::Limit => "limit",
            EventKind::Handover => "handover",
        }
    }

    pub fn from_code(code: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One change, as the trail keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// 1, 2, 3…: every change of the whole register in the order it was made.
    pub seq: u64,
    /// When (RFC 3339, with the offset of the machine that made it).
    pub at: String,
    pub who: String,
    pub machine: String,
    /// The case it changed (none for a time limit or a handover record).
    pub case: Option<String>,
    pub kind: EventKind,
    /// The state before and after, as JSON (a case as the store holds it; an item's limit).
    pub before: Option<String>,
    pub after: Option<String>,
    /// The hash of the event before (64 hex digits; [`GENESIS`] for the first).
    pub prev: String,
    pub hash: String,
}

impl Event {
    /// The event after the one numbered `seq` with hash `prev`.
    pub(crate) fn next(
        seq: u64,
        prev: &str,
        actor: &Actor,
        case: Option<&str>,
        kind: EventKind,
        before: Option<String>,
        after: Option<String>,
    ) -> Event {
        let mut e = Event {
            seq: seq + 1,
            at: actor.at.clone(),
            who: actor.who.clone(),
            machine: actor.machine.clone(),
            case: case.map(str::to_string),
            kind,
            before,
            after,
            prev: prev.to_string(),
            hash: String::new(),
        };
        e.hash = e.computed_hash();
        e
    }

    /// SHA-256 of `prev`, a newline, and the content as a JSON array (sequence, time, who,
    /// machine, case, kind, before, after), in lower-case hex.
    pub fn computed_hash(&self) -> String {
        let content = serde_json::json!([
            self.seq,
            self.at,
            self.who,
            self.machine,
            self.case,
            self.kind.code(),
            self.before,
            self.after,
        ]);
        let mut h = Sha256::new();
        h.update(self.prev.as_bytes());
        h.update(b"\n");
        h.update(content.to_string().as_bytes());
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_covers_every_field_and_the_one_before() {
        let actor = Actor {
            who: "张三".into(),
            machine: "pc-1".into(),
            at: "2026-12-03T09:00:00+08:00".into(),
        };
        let e = Event::next(
            0,
            GENESIS,
            &actor,
            Some("ZC-1"),
            EventKind::Recorded,
            None,
            Some("{}".into()),
        );
        assert_eq!(e.seq, 1);
        assert_eq!(e.hash.len(), 64);
        assert_eq!(e.hash, e.computed_hash());
        let mut changed = e.clone();
        for edit in 0..6 {
            changed.clone_from(&e);
            match edit {
                0 => changed.who = "李四".into(),
                1 => changed.at = "2026-12-03T09:00:01+08:00".into(),
                2 => changed.case = Some("ZC-2".into()),
                3 => changed.after = Some("{ }".into()),
                4 => changed.prev = e.hash.clone(),
                _ => changed.kind = EventKind::Closed,
            }
            assert_ne!(changed.computed_hash(), e.hash, "edit {edit}");
        }
    }
}
