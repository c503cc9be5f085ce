//! The audit trail's events and their hash chain (执法全过程记录: who recorded, who changed what,
//! when). An event's hash is SHA-256 of the hash before it and of its own content in a fixed
//! form, so that no event can be edited, removed or put out of order without
//! [`super::Cases::verify`] finding the first that no longer fits.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Actor, Case};

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
    /// The event after the one numbered `seq` with hash `prev` (the trail appends through
    /// [`Unnumbered::numbered_with`]; this is its by-value form, for tests).
    #[cfg(test)]
    pub(crate) fn next(
        seq: u64,
        prev: &str,
        actor: &Actor,
        case: Option<&str>,
        kind: EventKind,
        before: Option<String>,
        after: Option<String>,
    ) -> Event {
        Unnumbered::new(actor, case, kind, before, after).numbered(seq, prev)
    }

    /// Whether this event records a decision of its case (the first, or one routed anew).
    pub fn records_decision(&self) -> bool {
        matches!(self.kind, EventKind::Recorded | EventKind::Rerouted)
    }

    /// The case this event left, where it holds one that can be read.
    pub fn after_case(&self) -> Option<Case> {
        self.after
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok())
    }

    /// The case as it was before this event, where it holds one that can be read.
    pub fn before_case(&self) -> Option<Case> {
        self.before
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok())
    }

    /// SHA-256 of `prev`, a newline, and the content as a JSON array (sequence, time, who,
    /// machine, case, kind, before, after), in lower-case hex.
    pub fn computed_hash(&self) -> String {
        let content = serde_json::to_vec(&(
            self.seq,
            &self.at,
            &self.who,
            &self.machine,
            &self.case,
            self.kind.code(),
            &self.before,
            &self.after,
        ))
        .expect("an event always serialises");
        let mut h = Sha256::new();
        h.update(self.prev.as_bytes());
        h.update(b"\n");
        h.update(&content);
        hex(&h.finalize())
    }
}

/// An event made ahead of its place in the trail, on any thread: everything but its number and
/// the hash before it, with its content already in the form that is hashed, so that the one
/// thread that appends in order only numbers and hashes it.
#[derive(Debug, Clone)]
pub struct Unnumbered {
    at: String,
    who: String,
    machine: String,
    case: Option<String>,
    kind: EventKind,
    before: Option<String>,
    after: Option<String>,
    /// The content as [`Event::computed_hash`] writes it, from the time on: `["at",…]`.
    tail: Vec<u8>,
}

impl Unnumbered {
    pub(crate) fn new(
        actor: &Actor,
        case: Option<&str>,
        kind: EventKind,
        before: Option<String>,
        after: Option<String>,
    ) -> Unnumbered {
        let tail = serde_json::to_vec(&(
            &actor.at,
            &actor.who,
            &actor.machine,
            case,
            kind.code(),
            &before,
            &after,
        ))
        .expect("an event always serialises");
        Unnumbered {
            at: actor.at.clone(),
            who: actor.who.clone(),
            machine: actor.machine.clone(),
            case: case.map(str::to_string),
            kind,
            before,
            after,
            tail,
        }
    }

    /// The hash of this content as the event after the one numbered `seq` with hash `prev`:
    /// the one [`Event::computed_hash`] gives (the content `[seq,"at",…]`).
    fn hash_after(&self, seq: u64, prev: &str) -> String {
        let mut h = Sha256::new();
        h.update(prev.as_bytes());
        h.update(b"\n[");
        h.update((seq + 1).to_string().as_bytes());
        h.update(b",");
        h.update(&self.tail[1..]);
        hex(&h.finalize())
    }

    /// The event after the one numbered `seq` with hash `prev`, for `with`, without giving
    /// the texts away: they are lent to the event and come back after (so that they are freed
    /// by the thread that made them). Also gives the event's number and hash.
    pub(crate) fn numbered_with<T>(
        &mut self,
        seq: u64,
        prev: &str,
        with: impl FnOnce(&Event) -> T,
    ) -> (T, u64, String) {
        let hash = self.hash_after(seq, prev);
        let mut e = Event {
            seq: seq + 1,
            at: std::mem::take(&mut self.at),
            who: std::mem::take(&mut self.who),
            machine: std::mem::take(&mut self.machine),
            case: self.case.take(),
            kind: self.kind,
            before: self.before.take(),
            after: self.after.take(),
            prev: prev.to_string(),
            hash,
        };
        let out = with(&e);
        self.at = std::mem::take(&mut e.at);
        self.who = std::mem::take(&mut e.who);
        self.machine = std::mem::take(&mut e.machine);
        self.case = e.case.take();
        self.before = e.before.take();
        self.after = e.after.take();
        (out, e.seq, e.hash)
    }

    /// The event after the one numbered `seq` with hash `prev` (tests).
    #[cfg(test)]
    pub(crate) fn numbered(self, seq: u64, prev: &str) -> Event {
        let hash = self.hash_after(seq, prev);
        Event {
            seq: seq + 1,
            at: self.at,
            who: self.who,
            machine: self.machine,
            case: self.case,
            kind: self.kind,
            before: self.before,
            after: self.after,
            prev: prev.to_string(),
            hash,
        }
    }
}

/// Lower-case hex.
fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| {
            [
                HEX[usize::from(b >> 4)] as char,
                HEX[usize::from(b & 15)] as char,
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_the_one_stores_were_written_with() {
        // The form every store so far was written with: a JSON array built as a value.
        let e = Event {
            seq: 7,
            at: "2026-12-03T09:00:00+08:00".into(),
            who: "张三 \"引号\"".into(),
            machine: "pc-1".into(),
            case: None,
            kind: EventKind::Limit,
            before: Some("{\"item\":2,\"days\":null}".into()),
            after: None,
            prev: GENESIS.into(),
            hash: String::new(),
        };
        let content = serde_json::json!([
            e.seq,
            e.at,
            e.who,
            e.machine,
            e.case,
            e.kind.code(),
            e.before,
            e.after,
        ]);
        let mut h = Sha256::new();
        h.update(e.prev.as_bytes());
        h.update(b"\n");
        h.update(content.to_string().as_bytes());
        let was: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(e.computed_hash(), was);
        // And an event made ahead is hashed the same.
        let actor = Actor {
            who: e.who.clone(),
            machine: e.machine.clone(),
            at: e.at.clone(),
        };
        let ahead =
            Unnumbered::new(&actor, None, e.kind, e.before.clone(), None).numbered(6, GENESIS);
        assert_eq!(ahead.hash, was);
        assert_eq!(ahead.computed_hash(), was);
    }

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
