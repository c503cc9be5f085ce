//! What `route` writes besides its lines: the decision table (`--out`, .xlsx or .csv) and a
//! slip a routed row (`--slips`). The register is read a second time, each row routed with
//! the first pass's router and written as it comes (the table through a streaming writer,
//! the slips through a pool of writers), so memory stays flat in the rows. The table's header
//! is the first pass's: every column the file used, those without a heading under their
//! letters. A slip that cannot be written is reported and the others are still written.

use std::path::Path;

use chrono::NaiveDate;
use delegation_files::error::{FileError, PathError};
use delegation_files::io::{OutputPool, Target};
use delegation_files::pdf::{self, Doc, Fonts, MissingChar, SlipNames};
use delegation_files::register::{self, BadRow, StreamError};
use delegation_files::table::TableWriter;
use delegation_law::facts::Application;
use delegation_law::router::Decision;

use crate::route::Routed;
use crate::{Session, TableFormat};

/// What the table and the slips say, in the clerk's language: the words layer's, handed in.
pub trait DecisionWords {
    /// The table's sheet name.
    fn sheet(&self) -> String;
    /// The table's header: the register's columns, then the decision's.
    fn header(&self, register: &[String]) -> Vec<String>;
    /// A row of the table: the register's `width` cells, then its decision's.
    fn row(
        &self,
        cells: &[String],
        width: usize,
        routed: Result<&Decision, &BadRow>,
    ) -> Vec<String>;
    /// A slip's file name without its extension.
    fn slip_stem(&self, id: &str) -> String;
    /// A slip.
    fn slip(&self, app: &Application, decision: &Decision, today: NaiveDate) -> Doc;
}

/// The target each slip's path is written as: what it may replace, which inputs it must not.
pub type SlipTarget<'a> = &'a dyn Fn(&Path) -> Target;

/// Where the outputs go.
pub struct Outputs<'a> {
    /// The decision table and its format.
    pub table: Option<(&'a Target, TableFormat)>,
    /// The folder for the slips, and how each slip's path becomes its target.
    pub slips: Option<(&'a Path, SlipTarget<'a>)>,
    /// The day the slips are made.
    pub today: NaiveDate,
}

/// What happened to one slip, as it happens.
pub enum SlipEvent<'a> {
    /// A character no font has, drawn as a box with its code.
    MissingChar(&'a Path, &'a MissingChar),
    /// The slip could not be made or written.
    Failed(PathError),
}

/// What the outputs came to.
#[derive(Debug, Default)]
pub struct Written {
    /// Rows of the table that needed a height of their own and kept the default (see
    /// [`delegation_files::table::MAX_OWN_HEIGHTS`]).
    pub rows_without_height: u64,
    /// Slips made, and of them failed.
    pub slips: usize,
    pub failed: usize,
}

/// Why the outputs stopped.
#[derive(Debug)]
pub enum OutputsError {
    /// The register could not be read the second time.
    File(FileError),
    /// The table could not be written.
    Table(PathError),
}

impl Session {
    /// Writes `route`'s outputs for the register at `file`, routed before by
    /// [`Routing::route_register`](crate::Routing::route_register) into `routed`. Every slip queued is written (or has
    /// failed) before this returns.
    pub fn write_route_outputs(
        &self,
        file: &Path,
        routed: &Routed,
        outputs: &Outputs<'_>,
        words: &dyn DecisionWords,
        fonts: &Fonts,
        on_slip: &mut dyn FnMut(SlipEvent<'_>),
    ) -> Result<Written, OutputsError> {
        let router = &routed.router;
        let header = &routed.summary.head.header;
        let width = header.len();
        let mut writer = match outputs.table {
            Some((t, format)) => Some(
                TableWriter::create(
                    t,
                    format == TableFormat::Xlsx,
                    &words.sheet(),
                    &words.header(header),
                )
                .map_err(OutputsError::Table)?,
            ),
            None => None,
        };
        let mut names = SlipNames::default();
        // The slips' syncs overlap the making of the next slip (OutputPool); its threads are
        // started only when there are slips to write.
        let pool = outputs.slips.map(|_| OutputPool::new());
        let mut written = Written::default();
        let kinds = crate::route::kinds_of(router);
        let read = register::stream_by(
            file,
            outputs.today,
            &kinds,
            &mut |_| Ok::<(), PathError>(()),
            &mut |r| {
                let decision = r.read.as_ref().ok().map(|app| (app, router.route(app)));
                if let Some(w) = &mut writer {
                    let routed = match (&decision, &r.read) {
                        (Some((_, d)), _) => Ok(d),
                        (None, Err(bad)) => Err(bad),
                        (None, Ok(_)) => return Ok(()),
                    };
                    w.row(&words.row(&r.cells, width, routed))?;
                }
                if let (Some((dir, target)), Some(pool), Some((app, d))) =
                    (outputs.slips, &pool, &decision)
                {
                    written.slips += 1;
                    let name = names.next(&words.slip_stem(&d.id));
                    let t = target(&dir.join(name));
                    let doc = words.slip(app, d, outputs.today);
                    match pdf::render_for(&t.path, &doc, fonts) {
                        Ok(r) => {
                            for m in &r.missing {
                                on_slip(SlipEvent::MissingChar(&t.path, m));
                            }
                            pool.write(t, r.bytes);
                        }
                        Err(e) => {
                            on_slip(SlipEvent::Failed(e));
                            written.failed += 1;
                        }
                    }
                    for e in pool.failures() {
                        on_slip(SlipEvent::Failed(e));
                        written.failed += 1;
                    }
                }
                Ok(())
            },
        );
        // Every slip queued is written (or has failed) before anything more is said.
        for e in pool.map(OutputPool::finish).unwrap_or_default() {
            on_slip(SlipEvent::Failed(e));
            written.failed += 1;
        }
        match read {
            Ok(_) => {}
            Err(StreamError::File(e)) => return Err(OutputsError::File(e)),
            Err(StreamError::Sink(e)) => return Err(OutputsError::Table(e)),
        }
        if let Some(w) = writer {
            written.rows_without_height = w.rows_without_height();
            w.finish().map_err(OutputsError::Table)?;
        }
        Ok(written)
    }
}
