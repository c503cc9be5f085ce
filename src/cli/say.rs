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

/// `s` with every control character (and the bidirectional overrides that reorder what a
/// terminal shows) escaped as `\t`, `\n`, `\r` or `\u{…}`, and `\` as `\\`, so a value from a
/// file can neither add a column or a row nor send an escape sequence to the terminal.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        c.is_control()
            || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    // Every character to escape starts with one of these bytes in UTF-8 (C0 controls and
    // DEL; C2 for C1 controls; D8 for U+061C; E2 for U+200E–U+2069): a line without them,
    // as most are, is passed on without decoding a character.
    // (Checked 32 bytes at a time without branching, which the compiler vectorises.)
    let maybe =
        |b: u8| (b < 0x20) | (b == b'\\') | (b == 0x7F) | (b == 0xC2) | (b == 0xD8) | (b == 0xE2);
    let any = |bytes: &[u8]| bytes.iter().fold(false, |seen, &b| seen | maybe(b));
    if !s.as_bytes().chunks(32).any(any) || !s.contains(|c: char| c == '\\' || unsafe_char(c)) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
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
    use super::printable;

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
        // Every scalar value, alone and between letters: escaped exactly when it is a
        // control, a bidirectional control or a line or paragraph separator.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let escape = c == '\\'
                || c.is_control()
                || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            let s = format!("a{c}b");
            let out = printable(&s);
            assert_eq!(out != s, escape, "U+{:04X}", c as u32);
        }
    }
}
