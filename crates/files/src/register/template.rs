//! The register template (空白登记表): an empty register with drop-down lists, a date format,
//! one example row per kind of facts, a sheet explaining each column and an empty 交接日期
//! sheet, set up to print.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use delegation_law::facts::{
    Application, Facts, GridProject, Heritage, TreeSite, WaterRequest, WaterSource,
};

use crate::error::{PathError, PathOp};
use crate::io::{Target, write_output};
use crate::register::columns::{CellKind, Column, HANDOVER_DATE, HANDOVER_ITEM, HANDOVER_SHEET};
use crate::register::read::cells_of;

pub(crate) fn xlsx_err(path: &Path) -> impl Fn(rust_xlsxwriter::XlsxError) -> PathError + '_ {
    move |e| PathError::io(path, PathOp::Write, &std::io::Error::other(e.to_string()))
}

/// The cells of `apps` as a register table: the headings, then one row each.
pub fn register_rows(apps: &[Application]) -> Vec<Vec<String>> {
    std::iter::once(Column::ALL.map(|c| c.heading().to_string()).to_vec())
        .chain(apps.iter().map(|a| cells_of(a).to_vec()))
        .collect()
}

/// One example application of each kind of facts, for the template.
pub fn examples() -> Vec<Application> {
    let day = NaiveDate::from_ymd_opt(2024, 7, 1).unwrap_or_default();
    let app = |id: &str, item: u8, facts: Facts| Application {
        id: id.to_string(),
        item,
        received: day,
        in_zone: true,
        facts,
    };
    vec![
        app("EX-1", 1, Facts::General),
        app(
            "EX-2",
            6,
            Facts::Grid {
                project: GridProject::PowerGrid {
                    kv: 110,
                    cross_district: false,
                },
            },
        ),
        app(
            "EX-3",
            10,
            Facts::WaterIntake {
                source: WaterSource::Surface,
                m3_per_day: 80000,
                agricultural: false,
                request: WaterRequest::New,
            },
        ),
        app(
            "EX-4",
            12,
            Facts::Trees {
                site: TreeSite::Other,
                count: 25,
                max_dbh_cm: 30.5,
                heritage: Heritage::Ordinary,
            },
        ),
    ]
}

/// What the template says about its columns: the words layer fills it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateText {
    /// The first sheet's name.
    pub register_sheet: String,
    /// The explanations sheet's name and its two headings (column, how to fill it in).
    pub help_sheet: String,
    pub help_header: [String; 2],
    /// One explanation a column, in [`Column::ALL`] order.
    pub help: Vec<String>,
    /// Lines after the columns' (the examples, the handover sheet).
    pub notes: Vec<String>,
}

/// Rows the template leaves ready for drop-downs and the date format.
pub const TEMPLATE_ROWS: u32 = 2000;

/// Writes an empty register: the header (frozen), drop-down lists on the choice and yes/no
/// columns, a date format on 收件日期, one example row per kind of facts, a sheet explaining
/// each column, and an empty 交接日期 sheet.
pub fn write_template(path: &Path, text: &TemplateText) -> Result<(), PathError> {
    write_template_to(&Target::confirmed(path), text)
}

/// [`write_template`] to a [`Target`] (what it may replace, which inputs it must not).
pub fn write_template_to(target: &Target, text: &TemplateText) -> Result<(), PathError> {
    let path = target.path.as_path();
    use rust_xlsxwriter::{DataValidation, DataValidationRule, ExcelDateTime, Format, Workbook};
    let err = xlsx_err(path);
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let ws = wb.add_worksheet();
    ws.set_name(&text.register_sheet).map_err(&err)?;
    for (i, col) in Column::ALL.into_iter().enumerate() {
        let c = i as u16;
        ws.write_string_with_format(0, c, col.heading(), &bold)
            .map_err(&err)?;
        ws.set_column_width(c, (col.heading().chars().count() as f64 * 2.2).max(10.0))
            .map_err(&err)?;
        let validation = match col.cell_kind() {
            CellKind::Choice | CellKind::YesNo => Some(
                DataValidation::new()
                    .allow_list_strings(col.choices())
                    .map_err(&err)?,
            ),
            CellKind::Integer if col == Column::Item => {
                Some(DataValidation::new().allow_whole_number(DataValidationRule::Between(1, 12)))
            }
            CellKind::Integer => Some(
                DataValidation::new()
                    .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
            ),
            CellKind::Decimal => Some(
                DataValidation::new()
                    .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            ),
            CellKind::Date | CellKind::Text => None,
        };
        if let Some(v) = validation {
            ws.add_data_validation(1, c, TEMPLATE_ROWS, c, &v)
                .map_err(&err)?;
        }
        if col == Column::Received {
            ws.set_column_format(c, &date_format).map_err(&err)?;
            ws.set_column_width(c, 12.0).map_err(&err)?;
        }
    }
    for (r, app) in examples().iter().enumerate() {
        let row = r as u32 + 1;
        for (i, cell) in cells_of(app).iter().enumerate() {
            let c = i as u16;
            if cell.is_empty() {
                continue;
            }
            match Column::ALL[i].cell_kind() {
                CellKind::Date => {
                    let d = app.received;
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .map_err(&err)?;
                    ws.write_datetime_with_format(row, c, &dt, &date_format)
                        .map_err(&err)?;
                }
                CellKind::Integer | CellKind::Decimal => {
                    let n: f64 = cell.parse().unwrap_or_default();
                    ws.write_number(row, c, n).map_err(&err)?;
                }
                _ => {
                    ws.write_string(row, c, cell).map_err(&err)?;
                }
            }
        }
    }
    crate::table::xlsx::print_setup(ws).map_err(&err)?;

    let help = wb.add_worksheet();
    help.set_name(&text.help_sheet).map_err(&err)?;
    help.write_string_with_format(0, 0, &text.help_header[0], &bold)
        .map_err(&err)?;
    help.write_string_with_format(0, 1, &text.help_header[1], &bold)
        .map_err(&err)?;
    // Printed whole: the text wraps in its column, each row as tall as its lines (LibreOffice
    // keeps a row's height as written), a note across both columns.
    use crate::table::xlsx::{LINE_HEIGHT, wrapped_lines};
    let (w0, w1) = (22.0, 90.0);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    help.set_column_width(0, w0).map_err(&err)?;
    help.set_column_width(1, w1).map_err(&err)?;
    let tall = |lines: usize| (lines > 1).then_some(lines as f64 * LINE_HEIGHT);
    for (i, (col, line)) in Column::ALL.iter().zip(&text.help).enumerate() {
        let r = i as u32 + 1;
        if let Some(h) = tall(wrapped_lines(col.heading(), w0).max(wrapped_lines(line, w1))) {
            help.set_row_height(r, h).map_err(&err)?;
        }
        help.write_string_with_format(r, 0, col.heading(), &wrap)
            .map_err(&err)?;
        help.write_string_with_format(r, 1, line, &wrap)
            .map_err(&err)?;
    }
    let after = Column::ALL.len() as u32 + 2;
    for (i, line) in text.notes.iter().enumerate() {
        let r = after + i as u32;
        if let Some(h) = tall(wrapped_lines(line, w0 + w1)) {
            help.set_row_height(r, h).map_err(&err)?;
        }
        help.merge_range(r, 0, r, 1, line, &wrap).map_err(&err)?;
    }
    crate::table::xlsx::print_setup(help).map_err(&err)?;

    let handover = wb.add_worksheet();
    handover.set_name(HANDOVER_SHEET).map_err(&err)?;
    handover
        .write_string_with_format(0, 0, HANDOVER_ITEM, &bold)
        .map_err(&err)?;
    handover
        .write_string_with_format(0, 1, HANDOVER_DATE, &bold)
        .map_err(&err)?;
    handover.set_column_width(1, 12.0).map_err(&err)?;
    handover.set_column_format(1, &date_format).map_err(&err)?;
    handover
        .add_data_validation(
            1,
            0,
            100,
            0,
            &DataValidation::new().allow_whole_number(DataValidationRule::Between(1, 12)),
        )
        .map_err(&err)?;
    crate::table::xlsx::print_setup(handover).map_err(&err)?;

    let bytes = wb.save_to_buffer().map_err(&err)?;
    write_output(target, &bytes)
}
