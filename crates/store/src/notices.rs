//! The notices a coordinator imported (issue 31): one file a notice in the data folder's
//! `notices/`, each kept byte for byte as it was checked (its comments too), named by its 文号.
//!
//! Promises: a file joins only after the law has checked it fully against the notices already
//! held ([`Notices::check`]); it is written atomically (a crash leaves the old folder or the
//! new one, never half a file) under `notices.lock`, so two imports at once each see the
//! other's notice; importing the same file again keeps it once; nothing here is ever written
//! through a link ([`write_atomic`]).

use std::fs;
use std::path::{Path, PathBuf};

use delegation_files::error::{FileError, FileKind, PathOp};
use delegation_files::io::{read_file, write_atomic};
use delegation_law::catalogue::Catalogue;
use delegation_law::notices::{NoticeError, NoticeProblem, Notices};

pub use crate::dir::{NOTICES_DIR, NOTICES_LOCK_FILE, kept_notices as kept_files};
use crate::error::StoreError;
use crate::lock::lock_notices;

pub fn notices_dir(dir: &Path) -> PathBuf {
    crate::dir::notices_dir(dir)
}

/// The built-in notice with the kept ones. A kept file that cannot be read or no longer
/// checks (edited by hand, say) is the error, naming the file, line and column; the caller
/// then routes by the built-in notice alone and says so.
pub fn load(dir: &Path) -> Result<Notices, FileError> {
    load_kept(dir).map(|(book, _)| book)
}

/// [`load`], with each kept file and the 文号 it holds.
fn load_kept(dir: &Path) -> Result<(Notices, Vec<(PathBuf, String)>), FileError> {
    let files = kept_files(dir);
    if files.is_empty() {
        return Ok((Notices::embedded().clone(), Vec::new()));
    }
    let mut texts = Vec::with_capacity(files.len());
    for f in &files {
        texts.push(read_file(f, FileKind::Notice)?);
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let book = Notices::load(&refs)
        .map_err(|(i, e)| FileError::notice(&files[i].display().to_string(), e))?;
    let numbers = files
        .into_iter()
        .zip(&refs)
        .filter_map(|(f, text)| Some((f, Notices::number_in(text)?)))
        .collect();
    Ok((book, numbers))
}

/// What an import did.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub notice: Catalogue,
    /// Where it is kept.
    pub path: PathBuf,
    /// It was already kept, as it is: nothing written.
    pub already: bool,
}

/// Where a notice's strings are checked against: the gazette's text, and its name.
#[derive(Debug, Clone, Copy)]
pub struct Source<'s> {
    pub text: &'s str,
    pub name: &'s str,
}

/// Checks the notice file `file` against the notices held (and, given a `source`, every
/// string of it against the gazette's text: [`NoticeProblem::Unquoted`]) and keeps it in
/// `notices/`, or refuses it with the line and column of what is wrong, keeping nothing. The
/// text checked is the text kept: the file is read once.
pub fn import(dir: &Path, file: &Path, source: Option<Source<'_>>) -> Result<Imported, StoreError> {
    let name = file.display().to_string();
    let text = read_file(file, FileKind::Notice)?;
    let _lock = lock_notices(dir)?;
    let (book, kept) = load_kept(dir)?;
    let notice = checked(&book, &text, &name, source)?;
    let folder = notices_dir(dir);
    let stem = file_stem(&notice.notice.number);
    if book.get(&notice.notice.number).is_some() {
        // The kept file of that 文号 (the built-in notice has none: its own place is named).
        let path = kept
            .into_iter()
            .find(|(_, number)| *number == notice.notice.number)
            .map_or_else(|| PathBuf::from("data/catalogue.ron"), |(f, _)| f);
        return Ok(Imported {
            notice,
            path,
            already: true,
        });
    }
    fs::create_dir_all(&folder).map_err(|e| StoreError::io(&folder, PathOp::Open, &e))?;
    // Two 文号 may make one name once the characters a name cannot hold are replaced: the
    // other notice's file is never written over.
    let path = (1..)
        .map(|n| match n {
            1 => folder.join(format!("{stem}.ron")),
            n => folder.join(format!("{stem}-{n}.ron")),
        })
        .find(|p| fs::symlink_metadata(p).is_err())
        .expect("a free name");
    write_atomic(&path, text.as_bytes(), |_| Ok(()))?;
    Ok(Imported {
        notice,
        path,
        already: false,
    })
}

/// `text` read as a notice that may join `book`, its strings checked against `source` when
/// given; the refusal names `name`.
pub fn checked(
    book: &Notices,
    text: &str,
    name: &str,
    source: Option<Source<'_>>,
) -> Result<Catalogue, FileError> {
    let notice = book.check(text).map_err(|e| FileError::notice(name, e))?;
    if let Some(source) = source
        && let Some((field, string)) = notice.unquoted(source.text)
    {
        let problem = NoticeProblem::Unquoted {
            field,
            text: string,
            source: source.name.to_string(),
        };
        return Err(FileError::notice(
            name,
            NoticeError {
                line: 0,
                column: 0,
                problem,
            },
        ));
    }
    Ok(notice)
}

/// A file name for a 文号: the characters Windows refuses in a name replaced by `_`.
pub fn file_stem(number: &str) -> String {
    number
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect()
}
