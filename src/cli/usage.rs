//! Mistakes on the command line said in the clerk's language. clap says them in English; with
//! `--lang zh` (the default) the common ones are said in Chinese, naming the argument and the
//! value, and the rest point to `--help`. Help and version are clap's own.

use std::error::Error as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use delegation_words::{Lang, cli as words};

use super::args::Cli;

/// The command line, parsed; on a mistake, the message (in the language `--lang` asks for)
/// and exit 2.
pub fn parse() -> Cli {
    use clap::Parser;
    let e = match Cli::try_parse() {
        Ok(cli) => return cli,
        Err(e) => e,
    };
    let lang = lang_of(std::env::args_os().map(|a| a.to_string_lossy().into_owned()));
    if lang == Lang::En
        || matches!(
            e.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        e.exit();
    }
    eprintln!("{}", words::error(lang, &said(&e)));
    eprintln!("{}", words::see_help(lang));
    std::process::exit(2);
}

/// The language `--lang` asks for, read from the raw arguments (clap could not parse them).
fn lang_of(args: impl Iterator<Item = String>) -> Lang {
    let args: Vec<String> = args.collect();
    let mut lang = Lang::Zh;
    for (i, a) in args.iter().enumerate() {
        let value = match a.strip_prefix("--lang=") {
            Some(v) => Some(v),
            None if a == "--lang" => args.get(i + 1).map(String::as_str),
            None => None,
        };
        if let Some(v) = value {
            lang = if v == "en" { Lang::En } else { Lang::Zh };
        }
    }
    lang
}

fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// What is wrong, in Chinese.
fn said(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg);
    let value = context(e, ContextKind::InvalidValue);
    let valid = context(e, ContextKind::ValidValue);
    let source = e.source().map(|s| s.to_string()).unwrap_or_default();
    let command = context(e, ContextKind::InvalidSubcommand);
    let prior = context(e, ContextKind::PriorArg);
    words::usage_mistake(match e.kind() {
        ErrorKind::UnknownArgument => words::Usage::UnknownArgument { arg: &arg },
        ErrorKind::InvalidSubcommand => words::Usage::UnknownCommand { command: &command },
        ErrorKind::InvalidValue => words::Usage::InvalidValue {
            arg: &arg,
            value: &value,
            valid: &valid,
        },
        ErrorKind::ValueValidation => words::Usage::BadValue {
            arg: &arg,
            value: &value,
            handover: source.contains("ITEM="),
            date: source.contains("YYYY-MM-DD"),
        },
        ErrorKind::MissingRequiredArgument => words::Usage::Missing { args: &arg },
        ErrorKind::ArgumentConflict => words::Usage::Conflict {
            arg: &arg,
            with: &prior,
        },
        ErrorKind::MissingSubcommand => words::Usage::MissingCommand,
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => words::Usage::ValueCount { arg: &arg },
        _ => words::Usage::Other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mistake(args: &[&str]) -> String {
        use clap::Parser;
        let e = Cli::try_parse_from(args).unwrap_err();
        said(&e)
    }

    #[test]
    fn common_mistakes_are_said_in_chinese_naming_the_argument() {
        let s = mistake(&["dt", "route", "a.ron", "--frobnicate"]);
        assert!(
            s.contains("不认识的参数") && s.contains("--frobnicate"),
            "{s}"
        );
        let s = mistake(&["dt", "records", "exprt"]);
        assert!(s.contains("不认识的命令") && s.contains("exprt"), "{s}");
        let s = mistake(&["dt", "route", "a.ron", "--handover", "2:2024-06-01"]);
        assert!(
            s.contains("--handover") && s.contains("事项序号=YYYY-MM-DD"),
            "{s}"
        );
        let s = mistake(&["dt", "route", "a.ron", "--today", "2024/6/1"]);
        assert!(s.contains("--today") && s.contains("YYYY-MM-DD"), "{s}");
        let s = mistake(&["dt", "route", "a.ron", "--format", "xml"]);
        assert!(
            s.contains("--format") && s.contains("xml") && s.contains("可用"),
            "{s}"
        );
        let s = mistake(&["dt", "route"]);
        assert!(s.contains("缺少"), "{s}");
        for s in [
            mistake(&["dt", "route", "a.ron", "--frobnicate"]),
            mistake(&["dt", "route", "a.ron", "--today", "x"]),
        ] {
            assert!(!s.contains("unexpected") && !s.contains("invalid"), "{s}");
        }
    }

    #[test]
    fn the_language_is_read_from_the_raw_arguments() {
        let l = |a: &[&str]| lang_of(a.iter().map(|s| s.to_string()));
        assert_eq!(l(&["dt", "route", "--x"]), Lang::Zh);
        assert_eq!(l(&["dt", "--lang", "en", "route"]), Lang::En);
        assert_eq!(l(&["dt", "route", "--lang=en"]), Lang::En);
        assert_eq!(l(&["dt", "--lang", "en", "--lang", "zh"]), Lang::Zh);
    }
}
