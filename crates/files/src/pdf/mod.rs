//! PDF on A4: a document of blocks of text (put in words by `delegation-words`) laid out on
//! pages with Chinese line breaking, drawn with krilla in the embedded font and, for what it
//! lacks, the fonts that have it ([`Fonts`]), each subset so copying and searching the text
//! work. A character no font has is drawn as a box with its code and reported
//! ([`MissingChar`]), never dropped.

use std::path::Path;

use krilla::Document;
use krilla::geom::{PathBuilder, Point, Rect, Size};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{GlyphId, KrillaGlyph};

pub mod fonts;

pub use fonts::Fonts;
use fonts::{Glyph, MISSING_CODE_SIZE, code_of};

use crate::error::{PathError, PathOp};
use crate::io::{Target, write_output};

/// A4 in points.
const A4: (f32, f32) = (595.28, 841.89);
const MARGIN: f32 = 50.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

/// What a document holds, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Title(String),
    Heading(String),
    /// A paragraph.
    Text(String),
    /// A label and its value, the value wrapped beside the label.
    Field {
        label: String,
        value: String,
    },
    /// A table; `widths` are relative, one a column.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        widths: Vec<f32>,
    },
    /// Labels each followed by a line to write on.
    Signatures(Vec<String>),
    Space(f32),
}

/// A document: its blocks, the title kept in its metadata, and the page footer, in which
/// `{page}` and `{pages}` are replaced.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub orientation: Orientation,
    pub title: String,
    pub blocks: Vec<Block>,
    pub footer: String,
}

/// Characters no line may start with, and none may end with (the Chinese rules, 标点符号用法
/// GB/T 15834: closing punctuation stays with what it closes, opening with what it opens).
pub const NO_LINE_START: &str = "，。、；：！？）」』》〉】〕〗”’．,.;:!?)]}%…—～·";
pub const NO_LINE_END: &str = "（「『《〈【〔〖“‘([{";

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Whether a line may break between `a` and `b`.
fn can_break(a: char, b: char) -> bool {
    if NO_LINE_START.contains(b) || NO_LINE_END.contains(a) {
        return false;
    }
    if a.is_whitespace() || b.is_whitespace() {
        return true;
    }
    // Inside a run of Latin letters and digits (2024-06-13, 220kV): no break.
    is_cjk(a) || is_cjk(b)
}

/// Breaks `text` into lines at most `width` wide (by `advance`), by the Chinese rules; `\n`
/// breaks a line. A closing mark that would start a line hangs at the end of the one before.
pub fn break_lines(text: &str, width: f32, advance: &dyn Fn(char) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let chars: Vec<char> = para.chars().collect();
        let n = chars.len();
        let mut start = 0;
        if n == 0 {
            lines.push(String::new());
        }
        while start < n {
            let mut x = 0.0;
            let mut end = start;
            while end < n && x + advance(chars[end]) <= width {
                x += advance(chars[end]);
                end += 1;
            }
            if end == n {
                lines.push(
                    chars[start..]
                        .iter()
                        .collect::<String>()
                        .trim_end()
                        .to_string(),
                );
                break;
            }
            end = end.max(start + 1);
            if end == n {
                // The last character alone is wider than the line: it has the line.
                lines.push(chars[start..].iter().collect());
                break;
            }
            let mut b = end;
            while b > start + 1 && !can_break(chars[b - 1], chars[b]) {
                b -= 1;
            }
            if !can_break(chars[b - 1], chars[b]) {
                // No lawful break within the width: hang closing marks, else cut the run.
                b = end;
                while b < n && NO_LINE_START.contains(chars[b]) {
                    b += 1;
                }
                while b > start + 1 && b < n && NO_LINE_END.contains(chars[b - 1]) {
                    b -= 1;
                }
            }
            lines.push(
                chars[start..b]
                    .iter()
                    .collect::<String>()
                    .trim_end()
                    .to_string(),
            );
            start = b;
            while start < n && chars[start] == ' ' {
                start += 1;
            }
        }
    }
    lines
}

/// Something placed on a page.
enum Item {
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
    },
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
}

struct Layout<'m> {
    m: &'m Fonts,
    /// The width of a field's label column: the widest label, measured.
    label_w: f32,
    width: f32,
    height: f32,
    pages: Vec<Vec<Item>>,
    y: f32,
}

const BODY: f32 = 10.5;
const LEADING: f32 = 1.45;

impl Layout<'_> {
    fn bottom(&self) -> f32 {
        self.height - MARGIN - 24.0
    }

    fn page(&mut self) -> &mut Vec<Item> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        self.pages.last_mut().expect("a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom() && self.y > MARGIN {
            self.new_page();
        }
    }

    fn lines(&self, text: &str, width: f32, size: f32) -> Vec<String> {
        let m = self.m;
        break_lines(text, width, &|c| m.em(c) * size)
    }

    fn text_at(&mut self, x: f32, size: f32, line: String) {
        let y = self.y + size;
        self.page().push(Item::Text {
            x,
            y,
            size,
            text: line,
        });
    }

    fn paragraph(&mut self, x: f32, width: f32, size: f32, text: &str) {
        for line in self.lines(text, width, size) {
            self.ensure(size * LEADING);
            self.text_at(x, size, line);
            self.y += size * LEADING;
        }
    }

    fn rule(&mut self, x1: f32, x2: f32) {
        let y = self.y;
        self.page().push(Item::Rule {
            x1,
            y1: y,
            x2,
            y2: y,
        });
    }

    fn block(&mut self, b: &Block) {
        let left = MARGIN;
        let width = self.width - 2.0 * MARGIN;
        match b {
            Block::Title(t) => {
                self.paragraph(left, width, 18.0, t);
                self.y += 6.0;
            }
            Block::Heading(t) => {
                self.ensure(13.0 * LEADING * 3.0);
                self.y += 6.0;
                self.paragraph(left, width, 13.0, t);
                self.rule(left, left + width);
                self.y += 4.0;
            }
            Block::Text(t) => self.paragraph(left, width, BODY, t),
            Block::Field { label, value } => {
                // The label wrapped in its measured column, the value beside it: they share
                // lines but never a place.
                let label_w = self.label_w;
                let labels = self.lines(label, label_w - FIELD_GAP, BODY);
                let values = self.lines(value, width - label_w, BODY);
                let n = labels.len().max(values.len());
                for i in 0..n {
                    self.ensure(BODY * LEADING);
                    if let Some(l) = labels.get(i) {
                        self.text_at(left, BODY, l.clone());
                    }
                    if let Some(v) = values.get(i) {
                        self.text_at(left + label_w, BODY, v.clone());
                    }
                    self.y += BODY * LEADING;
                }
            }
            Block::Table {
                header,
                rows,
                widths,
            } => self.table(header, rows, widths),
            Block::Signatures(labels) => {
                self.ensure(40.0);
                self.y += 18.0;
                let each = width / labels.len().max(1) as f32;
                for (i, l) in labels.iter().enumerate() {
                    let x = left + each * i as f32;
                    self.text_at(x, BODY, l.clone());
                    let lw = l.chars().map(|c| self.m.em(c) * BODY).sum::<f32>() + 4.0;
                    let y = self.y + BODY + 2.0;
                    self.page().push(Item::Rule {
                        x1: x + lw,
                        y1: y,
                        x2: x + each - 16.0,
                        y2: y,
                    });
                }
                self.y += BODY * LEADING;
            }
            Block::Space(h) => self.y += h,
        }
    }

    fn table(&mut self, header: &[String], rows: &[Vec<String>], widths: &[f32]) {
        let left = MARGIN;
        let width = self.width - 2.0 * MARGIN;
        let total: f32 = widths.iter().sum::<f32>().max(1.0);
        let cols: Vec<f32> = widths.iter().map(|w| w / total * width).collect();
        let size = 9.0;
        let pad = 3.0;
        let wrap = |this: &Self, row: &[String]| -> Vec<Vec<String>> {
            cols.iter()
                .enumerate()
                .map(|(i, w)| {
                    let cell = row.get(i).map_or("", String::as_str);
                    this.lines(cell, w - 2.0 * pad, size)
                })
                .collect()
        };
        let head = wrap(self, header);
        let line_h = size * LEADING;
        let draw = |this: &mut Self, cells: &[Vec<String>]| {
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let h = lines as f32 * line_h + 2.0 * pad;
            let top = this.y;
            let mut x = left;
            for (i, cell) in cells.iter().enumerate() {
                this.y = top + pad;
                for line in cell {
                    this.text_at(x + pad, size, line.clone());
                    this.y += line_h;
                }
                x += cols[i];
            }
            this.y = top + h;
            this.rule(left, left + width);
        };
        let height = |cells: &[Vec<String>]| {
            cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * line_h + 2.0 * pad
        };
        let head_h = height(&head);
        let page_head = |this: &mut Self| {
            this.new_page();
            this.rule(left, left + width);
            draw(this, &head);
        };
        self.ensure(head_h * 2.0);
        self.rule(left, left + width);
        draw(self, &head);
        // The room for a row's lines on a page that holds only the header.
        let fresh = self.bottom() - MARGIN - head_h;
        for row in rows {
            let mut cells = wrap(self, row);
            loop {
                let h = height(&cells);
                if self.y + h <= self.bottom() {
                    draw(self, &cells);
                    break;
                }
                let fit = ((self.bottom() - self.y - 2.0 * pad) / line_h).floor();
                let at_top = self.y <= MARGIN + head_h + 0.5;
                if (h <= fresh || fit < 1.0) && !at_top {
                    // The row fits whole on the next page, or nothing of it fits here.
                    page_head(self);
                    continue;
                }
                // A row taller than the room: its first lines here, the rest continued on the
                // next page under the header again.
                let fit = (fit as usize).max(1);
                let rest: Vec<Vec<String>> = cells
                    .iter_mut()
                    .map(|c| c.split_off(fit.min(c.len())))
                    .collect();
                draw(self, &cells);
                page_head(self);
                cells = rest;
            }
        }
    }
}

/// A character no font could draw: its page (from 1) and the line it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingChar {
    pub ch: char,
    pub page: usize,
    pub line: String,
}

/// A document drawn: the PDF, and every character drawn as a box for want of a font.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub missing: Vec<MissingChar>,
}

/// The gap between a field's label and its value.
const FIELD_GAP: f32 = 10.0;

/// The document as PDF bytes, set in `fonts`.
pub fn to_pdf(doc: &Doc, fonts: &Fonts) -> Result<Rendered, String> {
    let (width, height) = match doc.orientation {
        Orientation::Portrait => A4,
        Orientation::Landscape => (A4.1, A4.0),
    };
    // The label column is as wide as the widest label, within 15–40 % of the line.
    let widest = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Field { label, .. } => {
                Some(label.chars().map(|c| fonts.em(c) * BODY).sum::<f32>())
            }
            _ => None,
        })
        .fold(0.0f32, f32::max);
    let line = width - 2.0 * MARGIN;
    let mut layout = Layout {
        m: fonts,
        label_w: (widest + FIELD_GAP).clamp(line * 0.15, line * 0.4),
        width,
        height,
        pages: Vec::new(),
        y: MARGIN,
    };
    for b in &doc.blocks {
        layout.block(b);
    }
    let pages = std::mem::take(&mut layout.pages);
    let total = pages.len();
    let mut missing = Vec::new();
    let mut document = Document::new();
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(doc.title.clone())
            .language("zh-CN".to_string()),
    );
    let size = Size::from_wh(width, height).ok_or("page size")?;
    for (i, items) in pages.into_iter().enumerate() {
        let mut page = document.start_page_with(PageSettings::new(size));
        let mut surface = page.surface();
        let footer = doc
            .footer
            .replace("{page}", &(i + 1).to_string())
            .replace("{pages}", &total.to_string());
        let footer_w: f32 = footer.chars().map(|c| fonts.em(c) * 8.0).sum();
        let all = items.into_iter().chain(std::iter::once(Item::Text {
            x: (width - footer_w) / 2.0,
            y: height - MARGIN + 8.0,
            size: 8.0,
            text: footer,
        }));
        for item in all {
            match item {
                Item::Text { x, y, size, text } => {
                    draw_line(&mut surface, fonts, x, y, size, &text, &mut |ch| {
                        missing.push(MissingChar {
                            ch,
                            page: i + 1,
                            line: text.clone(),
                        })
                    });
                }
                Item::Rule { x1, y1, x2, y2 } => line_path(&mut surface, x1, y1, x2, y2),
            }
        }
        surface.finish();
        page.finish();
    }
    missing.dedup();
    let bytes = document.finish().map_err(|e| format!("{e:?}"))?;
    Ok(Rendered { bytes, missing })
}

fn line_path(surface: &mut krilla::surface::Surface, x1: f32, y1: f32, x2: f32, y2: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(x1, y1);
    pb.line_to(x2, y2);
    if let Some(path) = pb.finish() {
        stroke(surface, &path);
    }
}

fn stroke(surface: &mut krilla::surface::Surface, path: &krilla::geom::Path) {
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        width: 0.5,
        ..Stroke::default()
    }));
    surface.draw_path(path);
    surface.set_stroke(None);
    surface.set_fill(Some(krilla::paint::Fill::default()));
}

/// Draws `text`, every character of which face `face` has, at `at` (its baseline's start).
///
/// The glyphs are placed with the advances the lines were broken by ([`Fonts::em`]), not
/// shaped: krilla's `draw_text` parses the font and builds a shaping plan on every call
/// (rustybuzz's, which collects the coverage of all the font's lookups), two thirds of a
/// slip's time with the 3.6 MB font; Chinese needs no shaping, and the text then sits
/// exactly where the layout measured it.
fn draw_run(
    surface: &mut krilla::surface::Surface,
    fonts: &Fonts,
    face: usize,
    at: Point,
    size: f32,
    text: &str,
) {
    let glyphs: Vec<KrillaGlyph> = text
        .char_indices()
        .filter_map(|(i, c)| match fonts.glyph(c) {
            Glyph::Font { face: f, gid, em } if f == face => Some(KrillaGlyph::new(
                GlyphId::new(gid.into()),
                em,
                0.0,
                0.0,
                0.0,
                i..i + c.len_utf8(),
                None,
            )),
            _ => None,
        })
        .collect();
    surface.draw_glyphs(at, &glyphs, fonts.pdf_font(face), text, size, false);
}

/// Draws a line of text in runs of one font each; a character no font has becomes a box with
/// its code, and `missing` is told.
fn draw_line(
    surface: &mut krilla::surface::Surface,
    fonts: &Fonts,
    x: f32,
    y: f32,
    size: f32,
    text: &str,
    missing: &mut dyn FnMut(char),
) {
    let mut cursor = x;
    let mut run = String::new();
    let mut run_face = 0;
    let mut run_x = x;
    let flush = |surface: &mut krilla::surface::Surface, run: &mut String, face: usize, at: f32| {
        if !run.is_empty() {
            draw_run(surface, fonts, face, Point::from_xy(at, y), size, run);
            run.clear();
        }
    };
    for c in text.chars() {
        match fonts.glyph(c) {
            Glyph::Font { face, em, .. } => {
                if face != run_face && !run.is_empty() {
                    flush(surface, &mut run, run_face, run_x);
                }
                if run.is_empty() {
                    run_face = face;
                    run_x = cursor;
                }
                run.push(c);
                cursor += em * size;
            }
            Glyph::Ignorable => {}
            Glyph::Missing => {
                flush(surface, &mut run, run_face, run_x);
                missing(c);
                let w = fonts.em(c) * size;
                if let Some(rect) = Rect::from_xywh(cursor + 0.5, y - size * 0.88, w - 1.0, size) {
                    let mut pb = PathBuilder::new();
                    pb.push_rect(rect);
                    if let Some(path) = pb.finish() {
                        stroke(surface, &path);
                    }
                }
                let code_size = size * MISSING_CODE_SIZE;
                let code = code_of(c);
                let code_w: f32 = code.chars().map(|c| fonts.em(c) * code_size).sum();
                draw_run(
                    surface,
                    fonts,
                    0,
                    Point::from_xy(
                        cursor + (w - code_w) / 2.0,
                        y - size * 0.38 + code_size / 2.0,
                    ),
                    code_size,
                    &code,
                );
                cursor += w;
            }
        }
    }
    flush(surface, &mut run, run_face, run_x);
}

/// Writes the document to `path`; the characters drawn as boxes are returned.
pub fn write_pdf(path: &Path, doc: &Doc, fonts: &Fonts) -> Result<Vec<MissingChar>, PathError> {
    write_pdf_to(&Target::confirmed(path), doc, fonts)
}

/// [`write_pdf`] to a [`Target`] (what it may replace, which inputs it must not).
pub fn write_pdf_to(
    target: &Target,
    doc: &Doc,
    fonts: &Fonts,
) -> Result<Vec<MissingChar>, PathError> {
    let r = render_for(&target.path, doc, fonts)?;
    write_output(target, &r.bytes)?;
    Ok(r.missing)
}

/// [`to_pdf`], failing as a write of `path` would.
pub fn render_for(path: &Path, doc: &Doc, fonts: &Fonts) -> Result<Rendered, PathError> {
    to_pdf(doc, fonts).map_err(|e| PathError::io(path, PathOp::Write, &std::io::Error::other(e)))
}

/// An application's id as a file name: letters, digits, CJK, `-` and `_` kept, anything else
/// `_`; empty as `_`. Not cut: [`slip_file_names`] cuts by bytes.
pub fn safe_file_name(id: &str) -> String {
    let s: String = id
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.chars().all(|c| c == '_') {
        format!("_{s}")
    } else {
        s
    }
}

/// The extension of a slip's file.
const SLIP_EXTENSION: &str = ".pdf";
/// Room kept in a slip's name for the number of a repeated id (`-2` … `-9999999`).
const SLIP_NUMBER_ROOM: usize = 8;

/// The file names of the decision slips of one batch, one at a time as the slips are written:
/// each id made safe ([`safe_file_name`]), cut by bytes on a character boundary so that the
/// name with its number and `.pdf` stays within the system's 255 bytes, and a repeated name
/// numbered `-2`, `-3`… Every slip name of a batch is made here, nowhere else.
#[derive(Debug, Default)]
pub struct SlipNames {
    taken: std::collections::HashSet<String>,
}

impl SlipNames {
    /// The file name of the next slip, for the application `id`.
    pub fn next(&mut self, id: &str) -> String {
        use crate::io::{NAME_MAX_BYTES, cut_to_bytes};
        let room = NAME_MAX_BYTES - SLIP_EXTENSION.len() - SLIP_NUMBER_ROOM;
        let safe = safe_file_name(id);
        let base = cut_to_bytes(&safe, room);
        let mut name = base.to_string();
        let mut n = 1;
        while !self.taken.insert(name.clone()) {
            n += 1;
            name = format!("{base}-{n}");
        }
        format!("{name}{SLIP_EXTENSION}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_narrower_than_a_character_still_gets_every_character() {
        // It panicked (index out of bounds) when the last character did not fit alone.
        let lines = break_lines("序号", 5.0, &|_| 9.0);
        assert_eq!(lines, ["序", "号"]);
        assert_eq!(break_lines("a", 5.0, &|_| 9.0), ["a"]);
    }

    fn width(c: char) -> f32 {
        if c.is_ascii() { 0.5 } else { 1.0 }
    }

    #[test]
    fn chinese_lines_never_start_with_closing_or_end_with_opening_marks() {
        let text = "穗府规〔2024〕3号 正文第2段：收件日期2024-06-12早于交接日期2024-06-13（未登记，按法定期限推定），由原实施部门继续办理。“5万立方米以上、不满15万立方米”（50000立方米以上（含本数）、不满150000立方米（不含本数））。";
        for w in 3..40 {
            let lines = break_lines(text, w as f32, &width);
            for (i, l) in lines.iter().enumerate() {
                let first = l.chars().next().unwrap();
                let last = l.chars().last().unwrap();
                assert!(
                    !NO_LINE_START.contains(first) || i == 0,
                    "width {w}: {lines:?}"
                );
                assert!(!NO_LINE_END.contains(last), "width {w}: {lines:?}");
            }
            assert_eq!(
                lines.concat().replace(' ', ""),
                text.replace(' ', ""),
                "width {w}"
            );
        }
        // Dates and numbers stay whole when the line has room for them.
        let lines = break_lines("交接日期2024-06-13，由原实施部门办理", 12.0, &width);
        assert!(lines.iter().any(|l| l.contains("2024-06-13")), "{lines:?}");
    }

    #[test]
    fn file_names_from_ids() {
        assert_eq!(safe_file_name("W-01"), "W-01");
        assert_eq!(safe_file_name("增城/2024:7"), "增城_2024_7");
        assert_eq!(safe_file_name(""), "_");
        assert_eq!(safe_file_name(".."), "___");
    }

    fn slip_file_names<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let mut names = SlipNames::default();
        ids.into_iter().map(|id| names.next(id)).collect()
    }

    #[test]
    fn slip_names_fit_the_systems_255_bytes_on_a_character_boundary_and_number_repeats() {
        let long = "增".repeat(120); // 360 bytes
        let names = slip_file_names([long.as_str(), long.as_str(), "W-1", "W-1", "W-1-2"]);
        for n in &names {
            assert!(n.len() <= 255, "{} bytes: {n}", n.len());
            assert!(n.ends_with(".pdf"));
        }
        assert!(names[0].starts_with("增增"));
        assert_eq!(names[1], names[0].replace(".pdf", "-2.pdf"));
        assert_eq!(&names[2..], ["W-1.pdf", "W-1-2.pdf", "W-1-2-2.pdf"]);
        let numbered = slip_file_names(std::iter::repeat_n(long.as_str(), 12));
        assert!(numbered.iter().all(|n| n.len() <= 255));
        assert_eq!(
            numbered
                .iter()
                .collect::<std::collections::HashSet<_>>()
                .len(),
            12
        );
    }
}
