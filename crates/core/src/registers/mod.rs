//! The organisation's registers the review reads: risks, incidents, internal audit findings
//! and supplier reviews, kept as the ISMS lead keeps them (a spreadsheet, a GRC tool's
//! export) and imported here as dated snapshots.
//!
//! **Invariants.** A snapshot is the whole register as at its day (`taken_on`), with its
//! source file's SHA-256; it never changes (triggers refuse it) and a re-import adds a new
//! one. The register's current view is its newest snapshot; a review reads the newest one
//! taken on or before its meeting ([`extract`]), and the approval freezes that extract in
//! the record. A file is imported whole or not at all ([`source`]).
//!
//! Not to be confused with `crate::register`, the action item register Quorum keeps itself.

pub mod extract;
pub mod source;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::{Actor, Store, Write};

text_enum!(
    /// Which register.
    RegisterKind, "register" { Risks = "risks", Incidents = "incidents", AuditFindings = "audit_findings", Suppliers = "suppliers" }
);

text_enum!(
    /// Risk levels and incident severities, and supplier criticality: one four-step scale.
    RegisterLevel, "level" { Low = "low", Medium = "medium", High = "high", Critical = "critical" }
);

impl RegisterKind {
    /// How a person names it: "audit findings".
    pub fn label(self) -> &'static str {
        match self {
            RegisterKind::Risks => "risks",
            RegisterKind::Incidents => "incidents",
            RegisterKind::AuditFindings => "internal audit findings",
            RegisterKind::Suppliers => "supplier reviews",
        }
    }

    /// The register's fields, in template order; the first is the row's ID.
    pub fn fields(self) -> &'static [Field] {
        match self {
            RegisterKind::Risks => RISK_FIELDS,
            RegisterKind::Incidents => INCIDENT_FIELDS,
            RegisterKind::AuditFindings => AUDIT_FIELDS,
            RegisterKind::Suppliers => SUPPLIER_FIELDS,
        }
    }

    /// The CLI's word for it (`audit-findings`).
    pub fn cli_name(self) -> String {
        self.as_str().replace('_', "-")
    }
}

/// What a field holds, which is what an import checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Level,
    Date,
    YesNo,
    OneOf(&'static [&'static str]),
}

impl FieldType {
    /// What it accepts, as a refusal and the template say it.
    pub fn accepts(self) -> String {
        match self {
            FieldType::Text => "text".into(),
            FieldType::Level => "low, medium, high or critical".into(),
            FieldType::Date => "a date, YYYY-MM-DD".into(),
            FieldType::YesNo => "yes or no".into(),
            FieldType::OneOf(words) => words.join(", ").replace('_', " "),
        }
    }
}

/// One field of a register: its key in the store, its column in the template, and the
/// other column names that map to it without asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub header: &'static str,
    pub required: bool,
    pub kind: FieldType,
    pub synonyms: &'static [&'static str],
}

const fn field(key: &'static str, header: &'static str, required: bool, kind: FieldType, synonyms: &'static [&'static str]) -> Field {
    Field { key, header, required, kind, synonyms }
}

use FieldType::{Date, Level as Lvl, OneOf, Text, YesNo};

pub const TREATMENTS: &[&str] = &["mitigate", "accept", "transfer", "avoid"];
pub const PLAN_STATES: &[&str] = &["not_started", "in_progress", "done"];
pub const GRADES: &[&str] = &["major", "minor", "observation"];
pub const CORRECTIVE_STATES: &[&str] = &["open", "in_progress", "closed"];
pub const SUPPLIER_RESULTS: &[&str] = &["satisfactory", "concerns", "unsatisfactory"];

const RISK_FIELDS: &[Field] = &[
    field("id", "Risk ID", true, Text, &["id", "risk", "ref", "reference", "risk ref"]),
    field("title", "Title", true, Text, &["risk title", "description", "risk description", "name"]),
    field("owner", "Owner", true, Text, &["risk owner"]),
    field("inherent", "Inherent level", true, Lvl, &["inherent", "inherent risk", "gross risk"]),
    field("residual", "Residual level", true, Lvl, &["residual", "residual risk", "net risk", "current level"]),
    field("treatment", "Treatment", true, OneOf(TREATMENTS), &["treatment decision", "decision", "response"]),
    field("plan_status", "Plan status", true, OneOf(PLAN_STATES), &["treatment status", "treatment plan status", "status"]),
    field("plan_due", "Plan due", false, Date, &["treatment due", "due", "due date", "target date"]),
    field("accepted_by", "Accepted by", false, Text, &["acceptance by", "signed off by", "risk acceptance by"]),
    field("accepted_on", "Accepted on", false, Date, &["acceptance date", "signed off on"]),
    field("acceptance_expires", "Acceptance expires", false, Date, &["acceptance expiry", "expires", "review acceptance by"]),
];

const INCIDENT_FIELDS: &[Field] = &[
    field("id", "Incident ID", true, Text, &["id", "incident", "ref", "reference", "ticket"]),
    field("title", "Title", true, Text, &["summary", "description", "name"]),
    field("severity", "Severity", true, Lvl, &["priority", "impact"]),
    field("detected", "Detected", true, Date, &["detected on", "opened", "date detected", "reported"]),
    field("closed", "Closed", false, Date, &["closed on", "resolved", "date closed"]),
    field("personal_data", "Personal data", true, YesNo, &["personal data involved", "pii", "data breach"]),
    field("lessons", "Lessons learned", false, Text, &["lessons", "lessons learnt"]),
];

const AUDIT_FIELDS: &[Field] = &[
    field("id", "Finding ID", true, Text, &["id", "finding ref", "ref", "reference", "nc"]),
    field("audit", "Audit", true, Text, &["audit name", "audit ref"]),
    field("finding", "Finding", true, Text, &["description", "finding description", "title"]),
    field("grade", "Grade", true, OneOf(GRADES), &["nonconformity grade", "classification", "type", "severity"]),
    field("clause", "Clause or control", true, Text, &["clause", "control", "requirement"]),
    field("status", "Corrective action status", true, OneOf(CORRECTIVE_STATES), &["status", "ca status", "corrective action"]),
    field("due", "Due", false, Date, &["due date", "target date", "ca due"]),
];

const SUPPLIER_FIELDS: &[Field] = &[
    field("id", "Supplier", true, Text, &["id", "supplier name", "vendor", "name"]),
    field("criticality", "Criticality", true, Lvl, &["tier", "risk", "importance"]),
    field("last_review", "Last review", false, Date, &["last reviewed", "reviewed on", "review date"]),
    field("result", "Result", false, OneOf(SUPPLIER_RESULTS), &["review result", "outcome", "rating"]),
    field("issues", "Issues", false, Text, &["findings", "notes", "open issues"]),
];

/// One row as stored: field key → validated text (absent when empty).
pub type Row = BTreeMap<String, String>;

/// A snapshot's particulars: what every extract cites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct SnapshotInfo {
    pub id: i64,
    pub kind: RegisterKind,
    #[cfg_attr(test, ts(type = "string"))]
    pub taken_on: NaiveDate,
    pub imported_at: String,
    pub imported_by: String,
    pub source_name: String,
    pub source_sha256: String,
    pub rows: i64,
}

const SNAPSHOT_COLUMNS: &str = "id, kind, taken_on, imported_at, imported_by, source_name, source_sha256, row_count";

fn snapshot_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SnapshotInfo> {
    let taken_on: String = row.get(2)?;
    Ok(SnapshotInfo {
        id: row.get(0)?,
        kind: row.get(1)?,
        taken_on: taken_on.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e)))?,
        imported_at: row.get(3)?,
        imported_by: row.get(4)?,
        source_name: row.get(5)?,
        source_sha256: row.get(6)?,
        rows: row.get(7)?,
    })
}

/// Every snapshot of a register, newest first.
pub fn snapshots(conn: &Connection, kind: RegisterKind) -> Result<Vec<SnapshotInfo>> {
    let mut statement = conn.prepare(&format!("SELECT {SNAPSHOT_COLUMNS} FROM register_snapshots WHERE kind = ?1 ORDER BY taken_on DESC, id DESC"))?;
    let list = statement.query_map([kind], snapshot_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(list)
}

/// The snapshot that stood on `day`: the newest taken on or before it (`None`: the newest).
pub fn as_at(conn: &Connection, kind: RegisterKind, day: Option<NaiveDate>) -> Result<Option<SnapshotInfo>> {
    let day = day.map_or_else(|| "9999-12-31".to_owned(), |d| d.to_string());
    Ok(conn
        .query_row(&format!("SELECT {SNAPSHOT_COLUMNS} FROM register_snapshots WHERE kind = ?1 AND taken_on <= ?2 ORDER BY taken_on DESC, id DESC LIMIT 1"), params![kind, day], snapshot_from_row)
        .optional()?)
}

pub fn snapshot(conn: &Connection, id: i64) -> Result<SnapshotInfo> {
    conn.query_row(&format!("SELECT {SNAPSHOT_COLUMNS} FROM register_snapshots WHERE id = ?1"), [id], snapshot_from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("register snapshot {id}")))
}

/// A snapshot's rows, in file order.
pub fn rows(conn: &Connection, snapshot_id: i64) -> Result<Vec<Row>> {
    let mut statement = conn.prepare("SELECT fields FROM register_rows WHERE snapshot_id = ?1 ORDER BY row_no")?;
    let rows = statement.query_map([snapshot_id], |row| row.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    rows.iter().map(|json| Ok(serde_json::from_str(json)?)).collect()
}

/// A register as a table (its template's columns), for the CLI, the window and the PDFs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct RegisterTable {
    pub kind: RegisterKind,
    /// The snapshot shown; `None` when none was taken by the day asked for.
    pub snapshot: Option<SnapshotInfo>,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// `quorum register list KIND [--as-at DAY]`: the snapshot that stood on the day, whole.
pub fn list(conn: &Connection, kind: RegisterKind, day: Option<NaiveDate>) -> Result<RegisterTable> {
    let snapshot = as_at(conn, kind, day)?;
    let rows = match &snapshot {
        Some(s) => rows(conn, s.id)?,
        None => Vec::new(),
    };
    Ok(table(kind, snapshot, &rows))
}

pub(crate) fn table(kind: RegisterKind, snapshot: Option<SnapshotInfo>, rows: &[Row]) -> RegisterTable {
    let fields = kind.fields();
    RegisterTable {
        kind,
        snapshot,
        columns: fields.iter().map(|f| f.header.to_owned()).collect(),
        rows: rows.iter().map(|r| fields.iter().map(|f| display(f, r)).collect()).collect(),
    }
}

/// A field's value as printed: states without underscores, yes/no as words.
pub(crate) fn display(field: &Field, row: &Row) -> String {
    let value = row.get(field.key).cloned().unwrap_or_default();
    match field.kind {
        OneOf(_) => value.replace('_', " "),
        _ => value,
    }
}

/// What changed between two snapshots of a register, by row ID.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Changes {
    /// The snapshot compared with; `None` for a first import.
    pub since: Option<SnapshotInfo>,
    pub new: Vec<String>,
    pub changed: Vec<ChangedRow>,
    pub gone: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ChangedRow {
    pub id: String,
    /// The columns whose value changed, as the template names them.
    pub columns: Vec<String>,
}

pub(crate) fn compare(kind: RegisterKind, since: Option<SnapshotInfo>, before: &[Row], after: &[Row]) -> Changes {
    let id = |r: &Row| r.get("id").cloned().unwrap_or_default();
    let old: BTreeMap<String, &Row> = before.iter().map(|r| (id(r), r)).collect();
    let new: BTreeMap<String, &Row> = after.iter().map(|r| (id(r), r)).collect();
    let mut changes = Changes { since, ..Changes::default() };
    for r in after {
        match old.get(&id(r)) {
            None => changes.new.push(id(r)),
            Some(o) => {
                let columns: Vec<String> = kind.fields().iter().filter(|f| o.get(f.key) != r.get(f.key)).map(|f| f.header.to_owned()).collect();
                if !columns.is_empty() {
                    changes.changed.push(ChangedRow { id: id(r), columns });
                }
            }
        }
    }
    changes.gone = before.iter().map(id).filter(|i| !new.contains_key(i)).collect();
    changes
}

/// What changed from snapshot `from` to snapshot `to` (both of one register).
pub fn changes(conn: &Connection, from: i64, to: i64) -> Result<Changes> {
    let (a, b) = (snapshot(conn, from)?, snapshot(conn, to)?);
    if a.kind != b.kind {
        return Err(Error::invalid(format!("snapshot {from} is of {} and {to} of {}: compare two snapshots of one register", a.kind.label(), b.kind.label())));
    }
    Ok(compare(a.kind, Some(a.clone()), &rows(conn, a.id)?, &rows(conn, b.id)?))
}

/// The level of residual risk the organisation accepts.
pub fn appetite(conn: &Connection) -> Result<RegisterLevel> {
    Ok(conn.query_row("SELECT risk_appetite FROM organisation", [], |row| row.get(0))?)
}

pub fn set_appetite(store: &mut Store, actor: &Actor, level: RegisterLevel) -> Result<RegisterLevel> {
    let before = appetite(store.conn())?;
    store.write(actor, |w| {
        w.execute("UPDATE organisation SET risk_appetite = ?1", [level])?;
        w.audit("organisation", "risk_appetite", "update", Some(&serde_json::json!(before)), Some(&serde_json::json!(level)))
    })?;
    Ok(level)
}

/// Writes a new snapshot of validated rows: the one write path of [`source::import`] and
/// the demo.
pub(crate) fn write_snapshot(store: &mut Store, actor: &Actor, kind: RegisterKind, taken_on: NaiveDate, source_name: &str, source_sha256: &str, rows: &[Row], mapping: Option<(&str, &BTreeMap<String, String>)>) -> Result<SnapshotInfo> {
    if taken_on > actor.today() {
        return Err(Error::invalid(format!("{taken_on} is in the future: give the day the register was extracted (today at the latest)")));
    }
    let id = store.write(actor, |w| {
        let imported_at = w.actor().now.to_rfc3339();
        let id = insert_snapshot(w, kind, taken_on, &imported_at, source_name, source_sha256, rows)?;
        if let Some((headers, mapping)) = mapping {
            w.execute(
                "INSERT INTO register_mappings (kind, headers, mapping, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (kind, headers) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
                params![kind, headers, serde_json::to_string(mapping)?, imported_at],
            )?;
        }
        Ok(id)
    })?;
    snapshot(store.conn(), id)
}

/// Inserts a snapshot and its rows, with its audit event, in the caller's transaction.
pub(crate) fn insert_snapshot(w: &mut Write<'_>, kind: RegisterKind, taken_on: NaiveDate, imported_at: &str, source_name: &str, source_sha256: &str, rows: &[Row]) -> Result<i64> {
    w.execute(
        "INSERT INTO register_snapshots (kind, taken_on, imported_at, imported_by, source_name, source_sha256, row_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![kind, taken_on.to_string(), imported_at, w.actor().name, source_name, source_sha256, rows.len() as i64],
    )?;
    let id = w.last_insert_rowid();
    {
        let mut insert = w.prepare("INSERT INTO register_rows (snapshot_id, row_no, item_id, fields) VALUES (?1, ?2, ?3, ?4)")?;
        for (k, row) in rows.iter().enumerate() {
            insert.execute(params![id, k as i64 + 1, row.get("id").cloned().unwrap_or_default(), serde_json::to_string(row)?])?;
        }
    }
    w.audit(
        "register_snapshot",
        &id.to_string(),
        "create",
        None,
        Some(&serde_json::json!({"kind": kind, "takenOn": taken_on, "source": source_name, "sha256": source_sha256, "rows": rows.len()})),
    )?;
    Ok(id)
}

/// Rows as the register's CSV template lays them out (the template's header, then one line
/// per row): what `quorum register list --json` users and the demo's sources look like.
pub fn to_csv(kind: RegisterKind, rows: &[Row]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(kind.fields().iter().map(|f| f.header)).expect("writing to memory");
    for row in rows {
        writer.write_record(kind.fields().iter().map(|f| row.get(f.key).map_or("", String::as_str))).expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("rows are UTF-8")
}
