//! What the command line says on stderr: every line with its control characters escaped,
//! errors and warnings in the user's language.

use std::io::{self, Write};
use std::process::ExitCode;

use delegation_files::error::{PathError, Refusal};
use delegation_words::legal::uncovered_years;
use delegation_words::prelude::*;
use delegation_words::{Lang, cli as words};

/// A line on stderr, its control characters escaped; a failed write to stderr is ignored
/// (there is nowhere left to say it).
pub(crate) fn say(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{}", printable(line));
}

/// A character that is not seen as itself: a control (C0, DEL, C1: U+0085 NEL breaks a line,
/// U+009B is a terminal's CSI), a line or paragraph separator (U+2028/2029), or a format
/// character (Unicode's Cf: the bidirectional marks, overrides and isolates, U+061C, zero
/// widths, the soft hyphen, the byte-order mark, tags). Every output escapes these, the text
/// form and JSON Lines alike, so a value can neither break a line nor disguise one.
pub(crate) fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00ad}' | '\u{0600}'..='\u{0605}' | '\u{061c}' | '\u{06dd}' | '\u{070f}'
            | '\u{0890}'..='\u{0891}' | '\u{08e2}' | '\u{180e}' | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}'
            | '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{110bd}' | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}' | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}' | '\u{e0020}'..='\u{e007f}')
}

/// Whether `s` may hold a hidden character or a backslash: `false` is certain, and lets a
/// line through without decoding a character (as most are). Every such character starts with
/// one of these bytes in UTF-8: C0 controls and DEL; C2 for C1 controls and U+00AD; D8–DC for
/// the Arabic and Syriac marks; E0–E2 for U+0890–U+206F; EF for U+FEFF and U+FFF9–FFFB; F0
/// and F3 for the rest. (Checked 32 bytes at a time without branching, which the compiler
/// vectorises.) The text form and JSON Lines both filter through it.
pub(crate) fn may_need_escaping(s: &str) -> bool {
    let maybe = |b: u8| {
        (b < 0x20)
            | (b == b'\\')
            | (b == 0x7F)
            | (b == 0xC2)
            | (0xD8..=0xDC).contains(&b)
            | (0xE0..=0xE2).contains(&b)
            | (b == 0xEF)
            | (b == 0xF0)
            | (b == 0xF3)
    };
    let any = |bytes: &[u8]| bytes.iter().fold(false, |seen, &b| seen | maybe(b));
    s.as_bytes().chunks(32).any(any)
}

/// `s` with every hidden character ([`hidden`]: controls, separators, the bidirectional and
/// other format characters) escaped as `\t`, `\n`, `\r` or `\u{…}`, and `\` as `\\`, so a value from a
/// file can neither add a column or a row nor send an escape sequence to the terminal.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !may_need_escaping(s) || !s.contains(|c: char| c == '\\' || hidden(c)) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if hidden(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.into()
}

pub(crate) fn fail(lang: Lang, what: &dyn Text) -> ExitCode {
    say(&words::error(lang, &what.text(lang)));
    ExitCode::from(2)
}

/// Says why a write failed, and how to replace an existing file when that was the reason.
pub(crate) fn write_failed(lang: Lang, e: &PathError) -> ExitCode {
    let code = fail(lang, e);
    if e.refusal == Some(Refusal::Exists) {
        say(words::force_hint(lang));
    }
    code
}

pub(crate) fn warn_uncovered(years: &[i32], lang: Lang) {
    if !years.is_empty() {
        say(&words::warning(lang, &uncovered_years(lang, years)));
    }
}

#[cfg(test)]
mod tests {
    use super::{hidden, printable};

    #[test]
    fn controls_separators_and_format_characters_are_hidden_and_letters_are_not() {
        for c in [
            '\u{7f}',
            '\u{85}',
            '\u{9b}',
            '\u{ad}',
            '\u{61c}',
            '\u{200b}',
            '\u{2028}',
            '\u{2029}',
            '\u{202e}',
            '\u{2066}',
            '\u{feff}',
            '\u{e0041}',
        ] {
            assert!(hidden(c), "U+{:04X}", c as u32);
        }
        for c in [
            'a',
            '港',
            '（',
            '）',
            '，',
            '\u{3000}',
            '\u{20ac}',
            '\u{1f600}',
        ] {
            assert!(!hidden(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn line_separators_and_bidi_controls_are_escaped() {
        assert_eq!(printable("A\u{2028}B\u{2029}C"), "A\\u{2028}B\\u{2029}C");
        assert_eq!(
            printable("\u{061c}\u{202e}x\u{2066}"),
            "\\u{61c}\\u{202e}x\\u{2066}"
        );
        assert_eq!(printable("港-一"), "港-一");
    }

    #[test]
    fn the_byte_prefilter_misses_no_character_that_needs_escaping() {
        // Every scalar value, alone and between letters: escaped exactly when it is hidden
        // (a control, a line or paragraph separator, a format character).
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let escape = c == '\\' || hidden(c);
            let s = format!("a{c}b");
            let out = printable(&s);
            assert_eq!(out != s, escape, "U+{:04X}", c as u32);
        }
    }
}
