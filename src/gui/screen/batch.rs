//! 批量分派: an applications file routed in one go, shown as a table and exported.
//!
//! The screen keeps the file and its decisions, never their words: every heading, outcome and
//! finding is put in words while drawing, so a language switch re-renders all of it.
//!
//! A register may hold 100,000 rows. The table therefore draws only the rows in view (a
//! virtualised list: fixed-height rows laid out from the scroll offset, one spacer above and
//! one below), so a frame costs the same at 10 rows and at 100,000; the rows are the file's
//! (an unreadable row is an INVALID row with its id and cell), filtered and sorted as a list of
//! indices kept between frames; the file is read and routed off the UI thread (`load`).

pub mod load;
mod record;
mod view;

pub use record::{RecordProgress, Recording, Unreadable};

use view::columns_help;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use iced::widget::{Id, button, column, container, operation, row, scrollable, text};
use iced::{Element, Fill, Length, Task};

use super::{Ctx, Update};
use crate::gui::dialog::Pick;
use crate::gui::style;
use delegation_files::error::PathError;
use delegation_files::error::{FileError, Problem};
use delegation_files::io::Target;
use delegation_files::register::{BadRow, Entry, Register};
use delegation_files::table::{Table, TableWriter};
use delegation_law::applications::ApplicationsFile;
use delegation_law::facts::Application;
use delegation_law::router::{Decision, Outcome, Router};
use delegation_session::Session;
use delegation_session::desk::{DeskError, RowsRecorded};
use delegation_words::prelude::*;
use delegation_words::report;
use delegation_words::ui::{self, L};

pub use load::{Cancel, Loaded, Progress};

#[cfg(test)]
mod tests {
    use super::Cells;

    #[test]
    fn cells_unpack_as_they_were_packed() {
        for cells in [
            vec![],
            vec![String::new()],
            vec!["ZC-1".into(), String::new(), "增城".into(), String::new()],
            vec!["a\u{1f}b".into(), "\r\n".into(), "=1+1".into()],
        ] {
            assert_eq!(Cells::pack(cells.clone()).unpack(), cells);
        }
    }
}

/// What the last export did, kept typed so that it is said in the language of the moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchStatus {
    /// Written to the path: this many rows, and the outcome they were filtered by.
    Exported {
        path: String,
        rows: usize,
        filter: Option<Outcome>,
    },
    Failed(PathError),
}

/// The order of the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// As in the file.
    #[default]
    File,
    Id,
    Outcome,
    Received,
}

/// The height of a table row in logical pixels: room for three lines of 13 px text. Every
/// row has it, so the rows in view follow from the scroll offset alone.
pub const ROW_HEIGHT: f32 = 62.0;

/// The table's scrollable (the view scrolls it back to the top when the rows change).
pub const TABLE_ID: &str = "batch-table";

/// Below this window height (logical pixels at the current text size) the screen scrolls as
/// a page and the table keeps a height of its own; above it the table takes what is left.
const ROOMY_HEIGHT: f32 = 560.0;
/// Below this width the decision card replaces the table instead of sitting beside it.
const WIDE_WIDTH: f32 = 900.0;
/// Below this width the table leaves out the in-whose-name column.
const NARROW_WIDTH: f32 = 760.0;

/// A load under way.
#[derive(Debug, Clone)]
pub struct Loading {
    /// Which load this is: a report of an earlier, replaced load is ignored.
    pub id: u64,
    pub file: String,
    /// Rows read and routed so far (`None` before the first report).
    pub done: Option<usize>,
    pub cancel: Cancel,
}

/// The loaded file and its decisions.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// 全部登记 under way.
    pub recording: Option<Recording>,
    /// What the last 全部登记 did, with the unreadable rows it left out (row, id).
    pub recorded: Option<(Result<RowsRecorded, DeskError>, Unreadable)>,
    pub file: Option<String>,
    /// The file as read: its applications, and the rows that could not be read.
    pub register: Option<Register>,
    /// One outcome per application, in the file's order: what the table counts, filters and
    /// sorts by. The decisions themselves are not kept (1.7 KB each, two thirds of a row's
    /// memory, and most of the time to free them): the few drawn, copied, slipped or exported
    /// are routed again by `router`, the one that routed the file, with the same answer.
    pub outcomes: Vec<Outcome>,
    /// The router of the open file (the recorded handover dates under the file's own).
    router: Option<Router<'static>>,
    /// Each row's cells (by the register's rows), packed: the register's own `cells` are left
    /// empty, since one `String` a cell took 561 bytes a row and only the export reads them.
    cells: Vec<Cells>,
    pub error: Option<FileError>,
    pub status: Option<BatchStatus>,
    pub sort: SortKey,
    /// The rows in the sort key's descending order (a second click on its heading; a third
    /// turns the order off, as in a spreadsheet's column filter).
    pub descending: bool,
    /// Only the rows with this outcome (an unreadable row is INVALID).
    pub filter: Option<Outcome>,
    /// The row whose card is open (an index into the register's rows).
    pub selected: Option<usize>,
    /// The open card's decision was just copied.
    pub copied: bool,
    /// The register's columns explained (the template's explanation sheet) are shown.
    pub help: bool,
    pub loading: Option<Loading>,
    /// The last load was cancelled (said until the next action).
    pub cancelled: bool,
    /// The rows shown, in the order shown (indices into the register's rows).
    order: Vec<usize>,
    /// Rows by outcome, in `Outcome::ALL` order; they add up to the file's rows.
    counts: [usize; Outcome::ALL.len()],
    /// The items the batch's applications name, each once, ascending.
    items: Vec<u8>,
    /// Each 办件编号 used by more than one row, with those rows (indices into the register's
    /// rows), in the file's order.
    duplicates: BTreeMap<String, Vec<usize>>,
    /// The table's scroll offset and the height of its viewport, in logical pixels.
    offset: f32,
    viewport: Option<f32>,
    loads: u64,
}

#[derive(Debug, Clone)]
pub enum Message {
    Open,
    Export,
    /// A click on a heading: its key ascending, then descending, then the file's order
    /// (`SortKey::File` goes straight back to the file's order).
    Sort(SortKey),
    Filter(Option<Outcome>),
    /// A row of the table (an index into the register's rows).
    Select(usize),
    Close,
    Copy,
    /// Write the open card's decision slip (PDF).
    Slip,
    /// Write an empty register to fill in.
    Template,
    /// Show or hide what each column of a register takes.
    Help,
    /// The table was scrolled: its offset and viewport height.
    Scrolled {
        offset: f32,
        height: f32,
    },
    /// The page scrolled (a short window). Nothing changes, but the app repaints the whole
    /// window on every message: without it tiny-skia left a ghost of the outcome menu above
    /// the buttons (issue 29, finding 7; see `gui::repaint`).
    PageScrolled,
    /// A report of load `id`.
    Loading(u64, Progress),
    /// Stop the load under way.
    CancelLoad,
    /// 全部登记: record every routed row in the case register.
    RecordAll,
    /// Stop 全部登记 (what is committed stays).
    CancelRecord,
    Recording(RecordProgress),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Open,
    Export,
    /// Put this application's decision on the clipboard (an index into `decisions`).
    Copy(usize),
    /// Write the decision slip of this application (PDF).
    Slip(usize),
    /// Write an empty register.
    Template,
    /// Record every routed row (the app has the register).
    RecordAll,
}

/// Where the handover date of an item in the batch came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    File(NaiveDate),
    Recorded(NaiveDate),
    Assumed,
}

/// What a row of the table is: an application with its decision, or a row that could not
/// be read.
enum RowRef<'a> {
    /// An application (its index): its decision is [`Batch::decision`].
    App(usize),
    Bad(&'a BadRow),
}

/// A row's cells in two allocations instead of one a cell: the text one after the other, and
/// where each cell ends (issue 29: the table's largest part once the decisions went).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cells {
    text: Box<str>,
    ends: Box<[u32]>,
}

impl Cells {
    pub fn pack(cells: Vec<String>) -> Cells {
        let mut text = String::with_capacity(cells.iter().map(String::len).sum());
        let mut ends = Vec::with_capacity(cells.len());
        for c in &cells {
            text.push_str(c);
            // A row is at most the file's size, far below 4 GiB (`APP_MAX_BYTES`).
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        Cells {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }

    /// The cells as they were packed.
    pub fn unpack(&self) -> Vec<String> {
        let mut start = 0;
        self.ends
            .iter()
            .map(|&end| {
                let end = end as usize;
                let cell = self.text.get(start..end).unwrap_or_default().to_string();
                start = end;
                cell
            })
            .collect()
    }
}

/// Each application's outcome: routed without flips, which do not change it (a reroute of
/// 100,000 rows runs on the window's thread).
fn outcomes(router: &Router<'_>, batch: &ApplicationsFile) -> Vec<Outcome> {
    batch
        .applications
        .iter()
        .map(|a| router.route_without_flips(a).outcome)
        .collect()
}

/// Hands the memory freed by a replaced table back to the system. glibc keeps what a large
/// table freed in its arenas (the reader's thread has its own), where it stayed: after
/// opening a 100,000-row file again the window kept ~80 MB more than the table needs.
pub fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of glibc's heaps to the system; it touches
    // no memory in use.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn outcome_pos(o: Outcome) -> usize {
    Outcome::ALL.iter().position(|x| *x == o).unwrap_or(0)
}

impl Batch {
    /// Starts reading and routing `path` off the UI thread (see [`load`]); the table stays as
    /// it is until the new file is in.
    pub fn start(&mut self, session: &Session, path: PathBuf, today: NaiveDate) -> Task<Message> {
        if let Some(l) = &self.loading {
            l.cancel.cancel();
        }
        self.loads += 1;
        let id = self.loads;
        let file = path.display().to_string();
        let cancel = Cancel::default();
        self.loading = Some(Loading {
            id,
            file: file.clone(),
            done: None,
            cancel: cancel.clone(),
        });
        self.cancelled = false;
        self.status = None;
        self.error = None;
        load::start(path, file, today, session.routing(), cancel)
            .map(move |p| Message::Loading(id, p))
    }

    /// The sheet row (or .csv line) the `i`-th application of the register was read from.
    fn sheet_row(&self, i: usize) -> u32 {
        self.register
            .as_ref()
            .and_then(|r| r.rows.get(i))
            .map_or(0, |r| r.row)
    }

    /// A file was read and routed: the table shows it from the top, in the file's order.
    pub fn loaded(&mut self, loaded: Loaded) {
        // The table it replaces is freed, and its memory handed back to the system.
        drop(self.register.replace(loaded.register));
        self.cells = loaded.cells;
        give_back_memory();
        self.outcomes = loaded.outcomes;
        self.router = Some(loaded.router);
        self.file = Some(loaded.file);
        self.error = None;
        self.status = None;
        self.selected = None;
        self.filter = None;
        self.sort = SortKey::File;
        self.descending = false;
        self.copied = false;
        self.help = false;
        self.offset = 0.0;
        self.refresh();
    }

    /// A file was opened and read on this thread: routes it with the session (the file's
    /// handover dates override the recorded ones).
    pub fn load(&mut self, session: &Session, file: String, mut register: Register) {
        let cells = register
            .rows
            .iter_mut()
            .map(|r| Cells::pack(std::mem::take(&mut r.cells)))
            .collect();
        let router = session.router(&register.batch.handover);
        let outcomes = outcomes(&router, &register.batch);
        self.loaded(Loaded {
            file,
            register,
            outcomes,
            router,
            cells,
        });
    }

    /// The file could not be read: why. The table already shown stays, with its file's
    /// name, its filter and its export (issue 29, finding 5: a failed open threw it away).
    pub fn failed(&mut self, e: FileError) {
        self.error = Some(e);
    }

    /// Routes the open file again, after the recorded handover dates changed.
    pub fn reroute(&mut self, session: &Session) {
        if let Some(b) = self.applications() {
            let router = session.router(&b.handover);
            self.outcomes = outcomes(&router, b);
            self.router = Some(router);
            self.refresh();
        }
    }

    /// Counts, items and the shown rows again, after the file or its decisions changed.
    fn refresh(&mut self) {
        self.counts = [0; Outcome::ALL.len()];
        for i in 0..self.rows_len() {
            if let Some(o) = self.outcome_of(i) {
                self.counts[outcome_pos(o)] += 1;
            }
        }
        self.items = self
            .applications()
            .map(|b| {
                let mut seen = [false; 256];
                for a in &b.applications {
                    seen[usize::from(a.item)] = true;
                }
                (0..=255u8).filter(|i| seen[usize::from(*i)]).collect()
            })
            .unwrap_or_default();
        self.duplicates = self.find_duplicates();
        self.reorder();
    }

    /// The 办件编号 used by more than one row. They are routed all the same, each row on its
    /// facts, and named as a warning above the table and in each one's card (issue 29,
    /// finding 12): as a spreadsheet's "duplicate values" rule marks every copy and leaves the
    /// data as it is. Withholding the decisions (INVALID) would hide answers that are right
    /// for each application; the column's note 不可重复使用 is the clerk's to put right.
    fn find_duplicates(&self) -> BTreeMap<String, Vec<usize>> {
        let mut seen: std::collections::HashMap<&str, Vec<usize>> =
            std::collections::HashMap::new();
        for i in 0..self.rows_len() {
            let id = self.id_of(i).trim();
            if !id.is_empty() {
                seen.entry(id).or_default().push(i);
            }
        }
        seen.into_iter()
            .filter(|(_, rows)| rows.len() > 1)
            .map(|(id, rows)| (id.to_string(), rows))
            .collect()
    }

    /// The ids used by more than one row, with the sheet rows of each, in words.
    pub fn duplicates_line(&self, lang: Lang) -> Option<String> {
        if self.duplicates.is_empty() {
            return None;
        }
        let named: Vec<(String, Vec<u32>)> = self
            .duplicates
            .iter()
            .take(3)
            .map(|(id, rows)| {
                (
                    id.clone(),
                    rows.iter().map(|&i| self.sheet_row(i)).collect(),
                )
            })
            .collect();
        Some(ui::duplicate_ids(lang, &named, self.duplicates.len()))
    }

    /// The other rows that use row `i`'s id, as sheet rows (empty when it is used once).
    fn same_id_rows(&self, i: usize) -> Vec<u32> {
        self.duplicates
            .get(self.id_of(i).trim())
            .map(|rows| {
                rows.iter()
                    .filter(|&&r| r != i)
                    .map(|&r| self.sheet_row(r))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The shown rows again, after the filter or the order changed.
    fn reorder(&mut self) {
        let mut rows: Vec<usize> = (0..self.rows_len())
            .filter(|i| self.filter.is_none() || self.outcome_of(*i) == self.filter)
            .collect();
        // Descending turns the key's order round, and only it: rows that tie keep the file's
        // order, and rows with no date (unreadable) stay last, as a spreadsheet's blanks do.
        let turn = |o: std::cmp::Ordering| if self.descending { o.reverse() } else { o };
        match self.sort {
            SortKey::File => {}
            SortKey::Id => rows.sort_by(|a, b| turn(self.id_of(*a).cmp(self.id_of(*b)))),
            SortKey::Outcome => rows.sort_by(|a, b| {
                let pos = |i: &usize| self.outcome_of(*i).map(outcome_pos);
                turn(pos(a).cmp(&pos(b)))
            }),
            SortKey::Received => {
                let date = |i: &usize| match self.row(*i) {
                    Some(RowRef::App(a)) => self.application(a).map(|a| a.received),
                    _ => None,
                };
                rows.sort_by(|a, b| match (date(a), date(b)) {
                    (Some(x), Some(y)) => turn(x.cmp(&y)),
                    (x, y) => x.is_none().cmp(&y.is_none()),
                });
            }
        }
        self.order = rows;
    }

    fn rows_len(&self) -> usize {
        self.register.as_ref().map_or(0, |r| r.rows.len())
    }

    /// Row `i` of the file: its application and decision, or why it could not be read.
    fn row(&self, i: usize) -> Option<RowRef<'_>> {
        match &self.register.as_ref()?.rows.get(i)?.entry {
            Entry::App(a) => Some(RowRef::App(*a)),
            Entry::Bad(b) => Some(RowRef::Bad(b)),
        }
    }

    /// The outcome of row `i`: an unreadable row is INVALID.
    pub fn outcome_of(&self, i: usize) -> Option<Outcome> {
        match self.row(i)? {
            RowRef::App(a) => self.outcomes.get(a).copied(),
            RowRef::Bad(_) => Some(Outcome::Invalid),
        }
    }

    fn id_of(&self, i: usize) -> &str {
        match self.row(i) {
            Some(RowRef::App(a)) => self.application(a).map_or("", |a| a.id.as_str()),
            Some(RowRef::Bad(b)) => b.id.as_deref().unwrap_or(""),
            None => "",
        }
    }

    fn application(&self, a: usize) -> Option<&Application> {
        self.applications()?.applications.get(a)
    }

    /// The decision of application `a`, routed again by the router that routed the file.
    pub fn decision(&self, a: usize) -> Option<Decision> {
        Some(self.router.as_ref()?.route(self.application(a)?))
    }

    /// [`Batch::decision`] without its flips: what a row of the table shows (drawn at every
    /// frame, so without the work of the flips, which only the card shows).
    fn outline(&self, a: usize) -> Option<Decision> {
        Some(
            self.router
                .as_ref()?
                .route_without_flips(self.application(a)?),
        )
    }

    /// The rows in the order shown (indices into the register's rows).
    pub fn shown(&self) -> &[usize] {
        &self.order
    }

    /// The table for export, in `lang`: the rows shown, in the order shown (issue 29,
    /// finding 2: a filter of 1 row exported 1,000), as a spreadsheet's filtered view is
    /// copied. With no filter and the file's order it is the decision table `route --out`
    /// writes: the file's columns, then the decision's.
    pub fn table(&self, lang: Lang) -> Option<Table> {
        let r = self.register.as_ref()?;
        Some(Table {
            header: report::decision_header(lang, &r.header),
            rows: self.table_rows(lang).collect(),
        })
    }

    /// [`Batch::table`]'s rows, one at a time: each decision routed again as its row is made.
    fn table_rows(&self, lang: Lang) -> impl Iterator<Item = Vec<String>> + '_ {
        let r = self.register.as_ref();
        let width = r.map_or(0, |r| r.header.len());
        self.order.iter().filter_map(move |&i| {
            let row = r?.rows.get(i)?;
            let cells = self.cells.get(i).map(Cells::unpack).unwrap_or_default();
            Some(match &row.entry {
                Entry::App(a) => report::decision_row(lang, &cells, width, Ok(&self.decision(*a)?)),
                Entry::Bad(b) => report::decision_row(lang, &cells, width, Err(b)),
            })
        })
    }

    /// Writes [`Batch::table`] to `target` (.xlsx when `xlsx`, else .csv) a row at a time, as
    /// `route --out` writes its table: the export holds one row, never the whole table (which
    /// took 170 MB at 100,000 rows). `None`: no file is open; else how many rows were written.
    pub fn export(
        &self,
        lang: Lang,
        target: &Target,
        xlsx: bool,
    ) -> Option<Result<usize, PathError>> {
        let r = self.register.as_ref()?;
        let header = report::decision_header(lang, &r.header);
        let sheet = report::decisions_sheet(lang);
        let written = TableWriter::create(target, xlsx, sheet, &header).and_then(|mut w| {
            let mut rows = 0;
            for cells in self.table_rows(lang) {
                w.row(&cells)?;
                rows += 1;
            }
            w.finish().map(|()| rows)
        });
        Some(written)
    }

    /// The application and decision of application `i`, for its slip.
    pub fn slip_of(&self, i: usize) -> Option<(&Application, Decision)> {
        Some((self.application(i)?, self.decision(i)?))
    }

    /// The applications read from the file.
    pub fn applications(&self) -> Option<&ApplicationsFile> {
        self.register.as_ref().map(|r| &r.batch)
    }

    /// The rows of the file that could not be read (each INVALID), in words: the id (as the
    /// command line names it), then where and why.
    pub fn bad_rows(&self, lang: Lang) -> Vec<String> {
        let Some(r) = &self.register else {
            return Vec::new();
        };
        r.rows
            .iter()
            .filter_map(|row| match &row.entry {
                Entry::Bad(bad) => Some(bad_row_line(lang, row.row, bad)),
                Entry::App(_) => None,
            })
            .collect()
    }

    /// The error in `lang`.
    pub fn error_text(&self, lang: Lang) -> Option<String> {
        self.error.as_ref().map(|e| e.text(lang))
    }

    /// The decision of application `i`, as text for the clipboard.
    pub fn decision_text(&self, i: usize, lang: Lang) -> Option<String> {
        self.decision(i).map(|d| d.to_text(lang))
    }

    /// The handover dates of the items in the batch, and where each came from.
    pub fn dates_used(&self, recorded: &BTreeMap<u8, NaiveDate>) -> Vec<(u8, DateSource)> {
        let Some(b) = self.applications() else {
            return Vec::new();
        };
        self.items
            .iter()
            .map(|&no| {
                let src = match (b.handover.get(&no), recorded.get(&no)) {
                    (Some(d), _) => DateSource::File(*d),
                    (None, Some(d)) => DateSource::Recorded(*d),
                    (None, None) => DateSource::Assumed,
                };
                (no, src)
            })
            .collect()
    }

    /// Rows by outcome, in `Outcome::ALL` order; they add up to the file's rows.
    pub fn counts(&self) -> [usize; Outcome::ALL.len()] {
        self.counts
    }

    /// The application of the open card, if its row was readable.
    fn selected_app(&self) -> Option<usize> {
        match self.row(self.selected?)? {
            RowRef::App(a) => Some(a),
            RowRef::Bad(_) => None,
        }
    }

    /// Back to the table's top (the rows changed under it).
    fn scroll_to_top(&mut self) -> Task<Message> {
        self.offset = 0.0;
        operation::snap_to(Id::new(TABLE_ID), operation::RelativeOffset::START)
    }

    pub fn update(&mut self, message: Message) -> Update<Message, Event> {
        if !matches!(
            message,
            Message::Copy | Message::Scrolled { .. } | Message::PageScrolled | Message::Loading(..)
        ) {
            self.copied = false;
            if !matches!(message, Message::CancelLoad) {
                self.cancelled = false;
            }
        }
        match message {
            Message::Open => return Update::event(Event::Open),
            Message::Export => return Update::event(Event::Export),
            Message::Sort(k) => {
                // Off → ascending → descending → off, as spreadsheet users know it.
                (self.sort, self.descending) = match (k == self.sort, self.descending) {
                    _ if k == SortKey::File => (SortKey::File, false),
                    (true, false) => (k, true),
                    (true, true) => (SortKey::File, false),
                    (false, _) => (k, false),
                };
                self.reorder();
                return Update::task(self.scroll_to_top());
            }
            Message::Filter(f) => {
                self.filter = f;
                if let Some(i) = self.selected
                    && f.is_some_and(|o| self.outcome_of(i) != Some(o))
                {
                    self.selected = None;
                }
                self.reorder();
                return Update::task(self.scroll_to_top());
            }
            Message::Select(i) => {
                self.selected = if self.selected == Some(i) {
                    None
                } else {
                    Some(i)
                };
                self.help = false;
            }
            Message::Close => self.selected = None,
            Message::Copy => {
                if let Some(a) = self.selected_app() {
                    self.copied = true;
                    return Update::event(Event::Copy(a));
                }
            }
            Message::Slip => {
                if let Some(a) = self.selected_app() {
                    return Update::event(Event::Slip(a));
                }
            }
            Message::Template => return Update::event(Event::Template),
            Message::RecordAll => {
                if self.recording.is_none() && self.register.is_some() {
                    self.recorded = None;
                    return Update::event(Event::RecordAll);
                }
            }
            Message::CancelRecord => {
                if let Some(r) = &self.recording {
                    r.cancel.cancel();
                }
            }
            Message::Recording(RecordProgress::Rows(done)) => {
                if let Some(r) = &mut self.recording {
                    r.done = done;
                }
            }
            Message::Recording(RecordProgress::Done(result)) => {
                self.recording = None;
                let unreadable = self.unreadable_rows();
                self.recorded = Some((result, unreadable));
            }
            Message::Help => self.help = !self.help,
            Message::PageScrolled => {}
            Message::Scrolled { offset, height } => {
                self.offset = offset.max(0.0);
                self.viewport = Some(height);
            }
            Message::Loading(id, progress) => {
                if self.loading.as_ref().map(|l| l.id) != Some(id) {
                    return Update::none(); // a load that was replaced or cancelled
                }
                match progress {
                    Progress::Reading => {}
                    Progress::Routed { done } => {
                        if let Some(l) = &mut self.loading {
                            l.done = Some(done);
                        }
                    }
                    Progress::Done(cell) => {
                        self.loading = None;
                        let taken = cell.lock().ok().and_then(|mut c| c.take());
                        if let Some(loaded) = taken {
                            self.loaded(loaded);
                            return Update::task(self.scroll_to_top());
                        }
                    }
                    Progress::Failed(e) => {
                        self.loading = None;
                        self.failed(e);
                    }
                    Progress::Cancelled => {
                        self.loading = None;
                        self.cancelled = true;
                    }
                }
            }
            Message::CancelLoad => {
                if let Some(l) = self.loading.take() {
                    l.cancel.cancel();
                    self.cancelled = true;
                }
            }
        }
        Update::none()
    }

    pub fn view<'a>(&'a self, ctx: &Ctx<'a>) -> Element<'a, Message> {
        let lang = ctx.lang;
        // A short window (1024×600 at 1.6×): smaller buttons, so that the table keeps more
        // than two rows in view (issue 29, finding 7).
        let short = ctx.height < ROOMY_HEIGHT;
        let size = if short { 13 } else { 15 };
        let pad = if short { [3, 8] } else { [5, 10] };
        let mut head = row![
            button(text(Pick::OpenBatch.label().get(lang)).size(size))
                .on_press(Message::Open)
                .padding(pad),
            button(text(Pick::ExportBatch.label().get(lang)).size(size))
                .on_press_maybe(self.register.as_ref().map(|_| Message::Export))
                .padding(pad)
                .style(button::secondary),
            button(text(Pick::Template.label().get(lang)).size(size))
                .on_press(Message::Template)
                .padding(pad)
                .style(button::secondary),
            button(text(L::RecordAll.get(lang)).size(size))
                .on_press_maybe(
                    (self.register.is_some() && self.recording.is_none())
                        .then_some(Message::RecordAll)
                )
                .padding(pad)
                .style(button::secondary),
            button(
                text(
                    if self.help {
                        L::ColumnsHelpHide
                    } else {
                        L::ColumnsHelp
                    }
                    .get(lang)
                )
                .size(size)
            )
            .on_press(Message::Help)
            .padding(pad)
            .style(button::secondary),
        ]
        .spacing(8)
        .align_y(iced::Center);
        if self.register.is_some() {
            head = head.push(self.filters(lang));
        }
        if let Some(f) = &self.file {
            // Which sheet of a workbook was read (the template's 办件登记, or the first visible).
            let shown = match self.register.as_ref().and_then(|r| r.sheet.as_deref()) {
                Some(sheet) if f.to_ascii_lowercase().ends_with(".xlsx") => {
                    delegation_words::cli::read_sheet(lang, std::path::Path::new(f), sheet)
                }
                _ => f.clone(),
            };
            head = head.push(text(shown).size(13).style(style::muted));
        }
        let mut col = column![head.wrap().vertical_spacing(6)].spacing(8);
        if let Some(l) = &self.loading {
            col = col.push(
                row![
                    text(ui::loading(lang, &l.file, l.done))
                        .size(13)
                        .style(style::warning),
                    button(text(L::LoadCancel.get(lang)).size(13))
                        .on_press(Message::CancelLoad)
                        .style(button::secondary),
                ]
                .spacing(8)
                .align_y(iced::Center)
                .wrap(),
            );
        }
        col = col.push(self.recording_lines(lang));
        if self.cancelled {
            col = col.push(
                text(L::LoadCancelled.get(lang))
                    .size(13)
                    .style(style::muted),
            );
        }
        if let Some(e) = &self.error {
            let mut lines = column![text(e.text(lang)).style(style::error)].spacing(4);
            if matches!(e.problem, Problem::TooLarge { .. }) {
                lines = lines.push(text(ui::too_large_for_app(lang, &e.file)));
            }
            if let (Some(shown), Some(_)) = (&self.file, &self.register) {
                lines = lines.push(text(ui::still_shown(lang, shown)).size(13));
            }
            col = col.push(style::card(lines));
        }
        match &self.status {
            Some(BatchStatus::Exported { path, rows, filter }) => {
                col = col.push(
                    text(ui::batch_exported(
                        lang,
                        path,
                        *rows,
                        filter.map(|o| o.label(lang)),
                    ))
                    .size(13)
                    .style(style::success),
                );
            }
            Some(BatchStatus::Failed(e)) => {
                col = col.push(
                    text(format!(
                        "{}{}{}",
                        L::Failed.get(lang),
                        lang.colon(),
                        e.text(lang)
                    ))
                    .size(13)
                    .style(style::error),
                );
            }
            None => {}
        }
        let roomy = ctx.height >= ROOMY_HEIGHT;
        let body: Element<'a, Message> = if self.help {
            columns_help(lang)
        } else if self.register.is_none() {
            text(L::BatchHint.get(lang)).style(style::muted).into()
        } else {
            col = col.push(self.dates_line(ctx));
            if let Some(line) = self.duplicates_line(lang) {
                col = col.push(text(line).size(13).style(style::warning));
            }
            let unreadable = self.register.as_ref().map_or(0, Register::bad_rows);
            if unreadable > 0 {
                // The unreadable rows are in the table as INVALID, each with its id and cell;
                // the filter shows them alone.
                col = col.push(
                    text(ui::unreadable_rows(lang, unreadable))
                        .size(13)
                        .style(style::error),
                );
            }
            self.body(ctx)
        };
        if roomy {
            col.push(container(body).height(Fill)).into()
        } else {
            // A short window (1024×600, or 1.6× text): the page scrolls, and the table or card
            // keeps nearly a window's height of its own.
            let own = (ctx.height - 80.0).max(4.0 * ROW_HEIGHT);
            let col = col.push(container(body).height(Length::Fixed(own)));
            scrollable(col.padding(iced::Padding::ZERO.right(12)))
                .on_scroll(|_| Message::PageScrolled)
                .height(Fill)
                .into()
        }
    }
}

/// "ZC-002 办件登记!I3 日取水量（立方米）：不是整数 '5万'": an unreadable row as the command line
/// names it.
fn bad_row_line(lang: Lang, at: u32, bad: &BadRow) -> String {
    let id = bad.id.clone().unwrap_or_else(|| ui::sheet_row(lang, at));
    format!("{id} {}", bad.text(lang))
}
