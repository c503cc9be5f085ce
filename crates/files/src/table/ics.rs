//! The deadlines calendar as iCalendar (RFC 5545): all-day events with an alarm the day
//! before, stable UIDs so a re-import updates them.

use std::path::Path;

use chrono::NaiveDate;

use crate::error::PathError;
use crate::io::{Target, write_output};

/// Each .ics event alerts this many hours before its day begins: 09:00 the day before.
pub const ALARM_HOURS_BEFORE: u32 = 15;

/// An all-day calendar event, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsEvent {
    pub uid: &'static str,
    pub day: NaiveDate,
    pub summary: String,
    pub description: String,
}

/// An iCalendar file of all-day events, each with an alarm at 09:00 the day before; UIDs are
/// stable so a re-import updates them.
pub fn to_ics(calendar_name: &str, events: &[IcsEvent]) -> String {
    let stamp = "20240429T000000Z";
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Zengcheng//delegation-tracker//ZH".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        format!("X-WR-CALNAME:{}", escape(calendar_name)),
    ];
    for e in events {
        let next = e.day.succ_opt().unwrap_or(e.day);
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}@delegation-tracker.zengcheng", e.uid),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", e.day.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
            format!("SUMMARY:{}", escape(&e.summary)),
            format!("DESCRIPTION:{}", escape(&e.description)),
            "TRANSP:TRANSPARENT".to_string(),
            // Calendar programs alert at 09:00 the day before: an all-day event starts at
            // midnight, fifteen hours later.
            "BEGIN:VALARM".to_string(),
            "ACTION:DISPLAY".to_string(),
            format!("DESCRIPTION:{}", escape(&e.summary)),
            format!("TRIGGER:-PT{ALARM_HOURS_BEFORE}H"),
            "END:VALARM".to_string(),
            "END:VEVENT".to_string(),
        ]);
    }
    lines.push("END:VCALENDAR".to_string());
    let mut out = String::new();
    for l in lines {
        out.push_str(&fold(&l));
    }
    out
}

pub fn write_ics(path: &Path, calendar_name: &str, events: &[IcsEvent]) -> Result<(), PathError> {
    write_output(
        &Target::confirmed(path),
        to_ics(calendar_name, events).as_bytes(),
    )
}

/// RFC 5545 text escaping.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// RFC 5545 line folding: lines of at most 75 octets, continued with CRLF and a space,
/// never splitting a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_lines_within_75_octets() {
        let long = format!("SUMMARY:{}", "增城开发区".repeat(20));
        let folded = fold(&long);
        for l in folded.split("\r\n") {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), long);
    }
}
