//! The register as files for auditors: CSV and XLSX of a list of actions (filtered by the
//! caller). The bytes are built here; `write_csv` / `write_xlsx` put them in a new file
//! (never replacing one). The CLI and the window both call these.

use std::io::Write as _;
use std::path::Path;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use super::Action;
use crate::error::{Error, Result};

/// The columns of both files, in order.
pub const COLUMNS: [&str; 22] = [
    "ID", "Description", "Source", "Review", "Owner", "Owner email", "Priority", "Status", "Original target", "Target", "Overdue", "Days overdue",
    "Escalation level", "Escalation level name", "Stalled", "Resources", "Blockers", "Tags", "Created", "Completed", "Closed", "Last activity",
];

fn row(a: &Action) -> [String; 22] {
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let instant = |t: Option<DateTime<Utc>>| t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)).unwrap_or_default();
    [
        a.reference.clone(),
        a.description.clone(),
        a.source.to_string(),
        a.review_reference.clone().unwrap_or_default(),
        a.owner.as_ref().map(|o| o.name.clone()).unwrap_or_default(),
        a.owner.as_ref().and_then(|o| o.email.clone()).unwrap_or_default(),
        a.priority.map(|p| p.to_string()).unwrap_or_default(),
        a.status.to_string(),
        day(a.original_target_on),
        day(a.target_on),
        if a.overdue { "yes" } else { "no" }.into(),
        a.days_overdue.to_string(),
        a.escalation_level.to_string(),
        a.escalation_level_name.clone().unwrap_or_default(),
        if a.stalled { "yes" } else { "no" }.into(),
        a.resources.clone().unwrap_or_default(),
        a.blockers.clone().unwrap_or_default(),
        a.tags.join(", "),
        instant(Some(a.created_at)),
        instant(a.completed_at),
        instant(a.closed_at),
        instant(Some(a.last_activity_at)),
    ]
}

/// A spreadsheet must not run what an auditor opens: a cell that starts like a formula is
/// written as text with a leading apostrophe (CSV injection).
pub fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The register as CSV (UTF-8, a header row, formula-like cells defused).
pub fn csv_bytes(actions: &[Action]) -> Result<Vec<u8>> {
    let fail = |e: csv::Error| Error::invalid(format!("the CSV file could not be written: {e}"));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS).map_err(fail)?;
    for a in actions {
        writer.write_record(row(a).iter().map(|c| defuse(c))).map_err(fail)?;
    }
    writer.into_inner().map_err(|e| Error::invalid(format!("the CSV file could not be written: {e}")))
}

/// The register as an Excel workbook: the actions (header frozen, autofilter, numbers as
/// numbers, everything else as text, never a formula) and an "About" sheet with the time.
pub fn xlsx_bytes(actions: &[Action], now: DateTime<Utc>) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| Error::invalid(format!("the Excel file could not be written: {e}"));
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Action register").map_err(fail)?;
    for (c, title) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *title, &bold).map_err(fail)?;
    }
    for (r, a) in actions.iter().enumerate() {
        for (c, cell) in row(a).iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            // Numbers stay numbers so auditors can sort and sum; all else is text, never a formula.
            if matches!(c, 11 | 12) {
                sheet.write_number(r, c, cell.parse::<f64>().unwrap_or(0.0)).map_err(fail)?;
            } else {
                sheet.write_string(r, c, cell).map_err(fail)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 1).map_err(fail)?;
    sheet.autofilter(0, 0, actions.len() as u32, COLUMNS.len() as u16 - 1).map_err(fail)?;
    sheet.set_column_width(1, 60).map_err(fail)?;
    let info = workbook.add_worksheet();
    info.set_name("About").map_err(fail)?;
    info.write_string(0, 0, "Exported").map_err(fail)?;
    info.write_string(0, 1, now.to_rfc3339_opts(SecondsFormat::Secs, true)).map_err(fail)?;
    info.write_string(1, 0, "Actions").map_err(fail)?;
    info.write_number(1, 1, actions.len() as f64).map_err(fail)?;
    info.write_string(2, 0, "Overdue and stalled are as of the export time.").map_err(fail)?;
    workbook.save_to_buffer().map_err(fail)
}

/// Writes the CSV to `dest`, a new file: an existing one is refused, never replaced.
pub fn write_csv(dest: &Path, actions: &[Action]) -> Result<()> {
    let bytes = csv_bytes(actions)?;
    crate::export::write_new(dest, |file| file.write_all(&bytes).map_err(Error::io(dest)))
}

/// Writes the workbook to `dest`, a new file: an existing one is refused, never replaced.
pub fn write_xlsx(dest: &Path, actions: &[Action], now: DateTime<Utc>) -> Result<()> {
    let bytes = xlsx_bytes(actions, now)?;
    crate::export::write_new(dest, |file| file.write_all(&bytes).map_err(Error::io(dest)))
}
