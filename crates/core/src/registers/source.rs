//! A register's source file (CSV or XLSX) read into rows: the column mapping (proposed from
//! the headers, confirmed once per source and remembered), a preview that names every
//! row's problems before anything is written, and the import that writes all or nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{compare, write_snapshot, Changes, Field, FieldType, RegisterKind, RegisterLevel, Row, SnapshotInfo};
use crate::error::{Error, Result};
use crate::store::{Actor, Store};

/// Field key → the source's column header.
pub type Mapping = BTreeMap<String, String>;

/// A source file as read: its header row and its data rows, every cell as text (XLSX dates
/// as YYYY-MM-DD).
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Reads a CSV (UTF-8, comma or semicolon) or an XLSX file (its first sheet).
pub fn read(path: &Path) -> Result<(Grid, String, String)> {
    let bytes = crate::limits::read(path, crate::limits::MAX_SMALL_FILE_BYTES, "register file")?;
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let grid = if bytes.starts_with(b"PK\x03\x04") { read_xlsx(&bytes, &name)? } else { read_csv(&bytes, &name)? };
    Ok((grid, name, sha256))
}

fn read_csv(bytes: &[u8], name: &str) -> Result<Grid> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|e| Error::invalid(format!("{name} is not UTF-8 text (byte {}): save it as CSV UTF-8, or as .xlsx", e.valid_up_to() + 1)))?;
    // A spreadsheet saved in a comma-decimal locale separates with semicolons.
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = Vec::new();
    for (k, record) in reader.records().enumerate() {
        let record = record.map_err(|e| Error::invalid(format!("{name}, row {}: not readable as CSV ({e}): check its quotes", k + 1)))?;
        records.push(record.iter().map(str::to_owned).collect::<Vec<_>>());
    }
    grid(records, name)
}

fn read_xlsx(bytes: &[u8], name: &str) -> Result<Grid> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| Error::invalid(format!("{name} is not a readable spreadsheet ({e}): save it again as .xlsx or as CSV")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| Error::invalid(format!("{name} has no sheet: put the register on its first sheet")))?
        .map_err(|e| Error::invalid(format!("{name}: the first sheet is not readable ({e}): save it again as .xlsx or as CSV")))?;
    let cell = |data: &Data| -> String {
        match data {
            Data::Empty => String::new(),
            Data::String(s) => s.clone(),
            Data::Int(i) => i.to_string(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::Float(f) => f.to_string(),
            Data::Bool(b) => (if *b { "yes" } else { "no" }).to_owned(),
            Data::DateTime(d) => d.as_datetime().map(|t| t.date().to_string()).unwrap_or_else(|| d.to_string()),
            Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_owned(),
            Data::DurationIso(s) => s.clone(),
            Data::Error(e) => format!("#{e:?}"),
        }
    };
    grid(range.rows().map(|r| r.iter().map(cell).collect()).collect(), name)
}

/// The first non-empty row is the header; rows that are wholly empty are dropped.
fn grid(records: Vec<Vec<String>>, name: &str) -> Result<Grid> {
    let mut records = records.into_iter().filter(|r| r.iter().any(|c| !c.trim().is_empty()));
    let headers: Vec<String> = records.next().ok_or_else(|| Error::invalid(format!("{name} is empty: it needs a header row naming the columns, then one row per item")))?.into_iter().map(|h| h.trim().to_owned()).collect();
    Ok(Grid { headers, rows: records.collect() })
}

fn normalised(header: &str) -> String {
    header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The key a remembered mapping is filed under: the source's headers, in order.
fn headers_key(headers: &[String]) -> String {
    headers.iter().map(|h| normalised(h)).collect::<Vec<_>>().join("|")
}

/// The mapping for these headers: the one remembered for this layout, else each field to
/// the column named like it (its template header or a usual synonym).
pub fn proposed_mapping(conn: &Connection, kind: RegisterKind, headers: &[String]) -> Result<(Mapping, bool)> {
    let remembered: Option<String> = conn.query_row("SELECT mapping FROM register_mappings WHERE kind = ?1 AND headers = ?2", rusqlite::params![kind, headers_key(headers)], |r| r.get(0)).optional()?;
    if let Some(json) = remembered {
        return Ok((serde_json::from_str(&json)?, true));
    }
    let mut mapping = Mapping::new();
    let mut taken = BTreeSet::new();
    for field in kind.fields() {
        let names: Vec<String> = std::iter::once(field.header).chain(field.synonyms.iter().copied()).map(normalised).collect();
        // The template's own header first, then the synonyms in order.
        if let Some(header) = names.iter().find_map(|n| headers.iter().find(|h| normalised(h) == *n && !taken.contains(*h))) {
            taken.insert(header.clone());
            mapping.insert(field.key.to_owned(), header.clone());
        }
    }
    Ok((mapping, false))
}

/// One problem in a source file, where a spreadsheet shows it: row 1 is the header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Problem {
    pub row: usize,
    pub column: String,
    pub message: String,
}

/// A field as the window's mapping step shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct FieldInfo {
    pub key: String,
    pub header: String,
    pub required: bool,
    pub accepts: String,
}

/// A register's fields as the mapping step and the Registers screen show them.
pub fn field_infos(kind: RegisterKind) -> Vec<FieldInfo> {
    kind.fields().iter().map(|f| FieldInfo { key: f.key.into(), header: f.header.into(), required: f.required, accepts: f.kind.accepts() }).collect()
}

/// What an import would do, before it does anything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Preview {
    pub kind: RegisterKind,
    pub source_name: String,
    pub source_sha256: String,
    pub headers: Vec<String>,
    pub fields: Vec<FieldInfo>,
    pub mapping: Mapping,
    /// The mapping is the one confirmed for this layout before.
    pub mapping_remembered: bool,
    pub rows: usize,
    /// Every problem, row by row; an import is refused while there is one.
    pub problems: Vec<Problem>,
    /// Against the register's newest snapshot.
    pub changes: Changes,
}

impl Preview {
    pub fn is_importable(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks every row of `grid` against `kind`'s fields through `mapping`; returns the rows as
/// they would be stored and every problem found.
pub fn validate(kind: RegisterKind, grid: &Grid, mapping: &Mapping) -> (Vec<Row>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut columns: Vec<(&Field, Option<usize>)> = Vec::new();
    for field in kind.fields() {
        let index = match mapping.get(field.key) {
            Some(header) => match grid.headers.iter().position(|h| h == header) {
                Some(i) => Some(i),
                None => {
                    problems.push(Problem { row: 1, column: header.clone(), message: format!("the mapping takes {} from a column \"{header}\" that the file does not have: choose one of its columns", field.header) });
                    None
                }
            },
            None if field.required => {
                problems.push(Problem { row: 1, column: field.header.to_owned(), message: format!("no column gives {} ({}), which every row needs: map a column to it or add one", field.header, field.kind.accepts()) });
                None
            }
            None => None,
        };
        columns.push((field, index));
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut rows = Vec::new();
    for (k, cells) in grid.rows.iter().enumerate() {
        let line = k + 2;
        let mut row = Row::new();
        for (field, index) in &columns {
            let Some(index) = index else { continue };
            let column = &grid.headers[*index];
            let raw = cells.get(*index).map(|c| c.trim()).unwrap_or_default();
            match value(field, raw) {
                Ok(Some(v)) => {
                    row.insert(field.key.to_owned(), v);
                }
                Ok(None) if field.required => problems.push(Problem { row: line, column: column.clone(), message: format!("{} is empty: every row needs one ({})", field.header, field.kind.accepts()) }),
                Ok(None) => {}
                Err(message) => problems.push(Problem { row: line, column: column.clone(), message }),
            }
        }
        if let Some(id) = row.get("id") {
            if let Some(first) = seen.insert(id.clone(), line) {
                problems.push(Problem { row: line, column: kind.fields()[0].header.to_owned(), message: format!("the ID {id} is also on row {first}: every row needs its own ID") });
            }
        }
        rows.push(row);
    }
    (rows, problems)
}

/// A cell as stored, `None` when empty, or what is wrong with it.
pub(crate) fn value(field: &Field, raw: &str) -> std::result::Result<Option<String>, String> {
    if raw.is_empty() {
        return Ok(None);
    }
    let text = crate::text::line(field.header, raw).map_err(|e| e.to_string())?;
    let word = || text.to_ascii_lowercase().replace(['-', ' '], "_");
    Ok(Some(match field.kind {
        FieldType::Text => text,
        FieldType::Level => word().parse::<RegisterLevel>().map_err(|_| format!("\"{text}\" is not a level: use low, medium, high or critical"))?.to_string(),
        FieldType::Date => parse_date(&text).ok_or_else(|| format!("\"{text}\" is not a date: write it as YYYY-MM-DD, or use a date cell"))?.to_string(),
        FieldType::YesNo => match word().as_str() {
            "yes" | "y" | "true" | "1" => "yes".into(),
            "no" | "n" | "false" | "0" => "no".into(),
            _ => return Err(format!("\"{text}\" is not yes or no")),
        },
        FieldType::OneOf(words) => {
            let w = word();
            if !words.contains(&w.as_str()) {
                return Err(format!("\"{text}\" is not a {}: use one of {}", field.header.to_lowercase(), words.join(", ").replace('_', " ")));
            }
            w
        }
    }))
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    // A date cell exported as text keeps its time: "2026-03-31 00:00:00" or "…T…".
    text.get(..10).filter(|_| text.len() == 10 || text[10..].starts_with([' ', 'T'])).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// What importing `path` into `kind` would do (nothing is written). `mapping` overrides the
/// proposed one.
pub fn preview(conn: &Connection, kind: RegisterKind, path: &Path, mapping: Option<&Mapping>) -> Result<(Preview, Vec<Row>)> {
    let (grid, source_name, source_sha256) = read(path)?;
    let (proposed, remembered) = proposed_mapping(conn, kind, &grid.headers)?;
    let mapping = mapping.cloned().unwrap_or(proposed);
    if let Some(field) = mapping.keys().find(|k| !kind.fields().iter().any(|f| f.key == k.as_str())) {
        let known: Vec<&str> = kind.fields().iter().map(|f| f.key).collect();
        return Err(Error::invalid(format!("the mapping names a field \"{field}\" that {} do not have: use {}", kind.label(), known.join(", "))));
    }
    let (rows, problems) = validate(kind, &grid, &mapping);
    let newest = super::as_at(conn, kind, None)?;
    let before = match &newest {
        Some(s) => super::rows(conn, s.id)?,
        None => Vec::new(),
    };
    let changes = compare(kind, newest, &before, &rows);
    let fields = field_infos(kind);
    let rows_count = rows.len();
    Ok((Preview { kind, source_name, source_sha256, headers: grid.headers, fields, mapping, mapping_remembered: remembered, rows: rows_count, problems, changes }, rows))
}

/// Imports `path` as a new snapshot of `kind` taken on `taken_on` (default: today), with
/// `mapping` (default: the proposed one), which is remembered for this layout. A file with
/// any problem is refused whole, naming the first and how many there are; nothing is written.
pub fn import(store: &mut Store, actor: &Actor, kind: RegisterKind, path: &Path, mapping: Option<&Mapping>, taken_on: Option<NaiveDate>) -> Result<SnapshotInfo> {
    let (preview, rows) = preview(store.conn(), kind, path, mapping)?;
    if let Some(first) = preview.problems.first() {
        let more = match preview.problems.len() {
            1 => String::new(),
            n => format!(" ({n} problems in all; `quorum register preview` lists them)"),
        };
        return Err(Error::invalid(format!(
            "{} was not imported: row {}, column \"{}\": {}{more}. Nothing was written; fix the file and import it again",
            preview.source_name, first.row, first.column, first.message
        )));
    }
    let key = headers_key(&preview.headers);
    write_snapshot(store, actor, kind, taken_on.unwrap_or_else(|| actor.today()), &preview.source_name, &preview.source_sha256, &rows, Some((&key, &preview.mapping)))
}

/// The empty template of a register as CSV: its header row.
pub fn template_csv(kind: RegisterKind) -> String {
    super::to_csv(kind, &[])
}

/// The template as XLSX: the header row in bold, and a second sheet saying what each
/// column takes.
pub fn template_xlsx(kind: RegisterKind) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let xlsx = |e: rust_xlsxwriter::XlsxError| Error::invalid(format!("the XLSX template could not be written: {e}"));
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet().set_name(kind.as_str()).map_err(xlsx)?;
    for (c, f) in kind.fields().iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, f.header, &bold).map_err(xlsx)?;
        sheet.set_column_width(c as u16, 20).map_err(xlsx)?;
    }
    let help = book.add_worksheet().set_name("columns").map_err(xlsx)?;
    for (c, h) in ["Column", "Required", "Takes"].iter().enumerate() {
        help.write_string_with_format(0, c as u16, *h, &bold).map_err(xlsx)?;
    }
    for (r, f) in kind.fields().iter().enumerate() {
        let r = r as u32 + 1;
        help.write_string(r, 0, f.header).map_err(xlsx)?;
        help.write_string(r, 1, if f.required { "yes" } else { "no" }).map_err(xlsx)?;
        help.write_string(r, 2, f.kind.accepts()).map_err(xlsx)?;
    }
    help.set_column_width(0, 26).map_err(xlsx)?;
    help.set_column_width(2, 40).map_err(xlsx)?;
    book.save_to_buffer().map_err(xlsx)
}

/// Writes the template for `kind` to `out` (a new file): XLSX when the name ends in .xlsx,
/// else CSV.
pub fn write_template(kind: RegisterKind, out: &Path) -> Result<()> {
    let xlsx = out.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let bytes = if xlsx { template_xlsx(kind)? } else { template_csv(kind).into_bytes() };
    crate::export::write_new(out, |file| std::io::Write::write_all(file, &bytes).map_err(Error::io(out)))
}
