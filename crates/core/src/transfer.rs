//! The whole store as documented, versioned JSON (`docs/EXPORT-FORMAT.md`).
//!
//! Export walks every table that `sqlite_schema` lists, so it follows the schema without a
//! hand-kept list. Import validates the whole file against the live schema (`PRAGMA
//! table_info`, the CHECK constraints, `PRAGMA foreign_key_check`, the audit chain) inside
//! one transaction, and a bad file is rejected whole with the location of the first problem.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;

use base64::Engine as _;
use rusqlite::types::{Value, ValueRef};
use rusqlite::Connection;
use serde_json::{json, Map, Value as Json};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::store::audit::{self, AuditEvent};
use crate::store::{Actor, Store};

/// `format` of every export.
pub const FORMAT: &str = "quorum-export";
/// The version of the JSON layout this Quorum writes and reads.
pub const FORMAT_VERSION: i64 = 1;
/// The key of the object that carries a BLOB: `{"$base64": "<standard base64, padded>"}`.
pub const BLOB_KEY: &str = "$base64";

#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportSummary {
    pub records: usize,
    /// Rows per table, tables with no rows left out.
    pub tables: BTreeMap<String, usize>,
    /// SHA-256 of the imported file, as recorded in the import's audit event.
    pub sha256: String,
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} records in {} tables", self.records, self.tables.len())
    }
}

/// One column as `PRAGMA table_info` describes it.
#[derive(Debug, Clone)]
struct Column {
    name: String,
    decl: String,
    not_null: bool,
    has_default: bool,
    pk: i64,
}

/// Every table but SQLite's own and `store_key` (what unlocks a store belongs to that file,
/// not to its records).
fn tables(conn: &Connection) -> Result<Vec<String>> {
    let mut statement = conn.prepare(crate::store::RECORD_TABLES)?;
    let names = statement.query_map([], |row| row.get(0))?.collect::<Result<Vec<String>, _>>()?;
    Ok(names)
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<Column>> {
    let mut statement = conn.prepare(&format!("PRAGMA table_info({})", quote(table)))?;
    let columns = statement
        .query_map([], |row| {
            Ok(Column {
                name: row.get(1)?,
                decl: row.get::<_, String>(2)?.to_ascii_uppercase(),
                not_null: row.get::<_, i64>(3)? != 0,
                has_default: row.get::<_, Option<String>>(4)?.is_some(),
                pk: row.get(5)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(columns)
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn order_by(columns: &[Column]) -> String {
    let mut pk: Vec<&Column> = columns.iter().filter(|c| c.pk > 0).collect();
    pk.sort_by_key(|c| c.pk);
    if pk.is_empty() {
        "rowid".to_owned()
    } else {
        pk.iter().map(|c| quote(&c.name)).collect::<Vec<_>>().join(", ")
    }
}

fn to_json(value: ValueRef<'_>) -> Json {
    match value {
        ValueRef::Null => Json::Null,
        ValueRef::Integer(n) => json!(n),
        ValueRef::Real(x) => json!(x),
        ValueRef::Text(t) => Json::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => json!({ BLOB_KEY: base64::engine::general_purpose::STANDARD.encode(b) }),
    }
}

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// The `tables` object of an export: every table, rows in primary-key order.
fn export_tables(conn: &Connection) -> Result<Map<String, Json>> {
    let mut out = Map::new();
    for table in tables(conn)? {
        let cols = columns(conn, &table)?;
        let list = cols.iter().map(|c| quote(&c.name)).collect::<Vec<_>>().join(", ");
        let mut statement = conn.prepare(&format!("SELECT {list} FROM {} ORDER BY {}", quote(&table), order_by(&cols)))?;
        let mut rows = statement.query([])?;
        let mut items = Vec::new();
        while let Some(row) = rows.next()? {
            let mut object = Map::new();
            for (i, column) in cols.iter().enumerate() {
                object.insert(column.name.clone(), to_json(row.get_ref(i)?));
            }
            items.push(Json::Object(object));
        }
        out.insert(table, Json::Array(items));
    }
    Ok(out)
}

/// The whole store as one JSON value (see `docs/EXPORT-FORMAT.md`).
pub fn export_json(store: &Store, now: chrono::DateTime<chrono::Utc>) -> Result<Json> {
    let conn = store.conn();
    let tables = export_tables(conn)?;
    Ok(json!({
        "format": FORMAT,
        "formatVersion": FORMAT_VERSION,
        "storeFormat": user_version(conn)?,
        "exportedAt": now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "tables": tables,
    }))
}

/// Writes the export to `out`, never replacing an existing file; a failure leaves nothing
/// half-written under `out` (see [`crate::export::write_new`]).
pub fn export_json_file(store: &Store, out: &Path, now: chrono::DateTime<chrono::Utc>) -> Result<()> {
    let value = export_json(store, now)?;
    crate::export::write_new(out, |file| {
        let mut writer = std::io::BufWriter::new(&mut *file);
        // A write that fails is the file's problem (a full disk, say), not the data's.
        serde_json::to_writer_pretty(&mut writer, &value).map_err(|e| match e.io_error_kind() {
            Some(kind) => Error::io(out)(std::io::Error::from(kind)),
            None => e.into(),
        })?;
        writer.write_all(b"\n").and_then(|()| writer.flush()).map_err(Error::io(out))
    })
}

fn bad(at: impl Into<String>, problem: impl Into<String>) -> Error {
    Error::Import { at: at.into(), problem: problem.into() }
}

/// Converts one JSON value to what SQLite stores, checked against the column's declared type.
fn to_sql(value: &Json, column: &Column, at: &str) -> Result<Value> {
    let decl = column.decl.as_str();
    match value {
        Json::Null => {
            if column.not_null {
                Err(bad(at, format!("{} may not be null", column.name)))
            } else {
                Ok(Value::Null)
            }
        }
        Json::Number(n) if decl.contains("INT") => n.as_i64().map(Value::Integer).ok_or_else(|| bad(at, format!("{n} is not a whole number"))),
        Json::Number(n) if decl.contains("REAL") => n.as_f64().map(Value::Real).ok_or_else(|| bad(at, format!("{n} is not a number"))),
        Json::String(s) if decl.contains("TEXT") => Ok(Value::Text(s.clone())),
        Json::Object(o) if decl.contains("BLOB") => match (o.len(), o.get(BLOB_KEY)) {
            (1, Some(Json::String(s))) => base64::engine::general_purpose::STANDARD
                .decode(s)
                .map(Value::Blob)
                .map_err(|e| bad(format!("{at}.{BLOB_KEY}"), format!("not valid base64: {e}"))),
            _ => Err(bad(at, format!("a BLOB is written {{\"{BLOB_KEY}\": \"...\"}}"))),
        },
        other => {
            let want = if decl.contains("INT") {
                "a whole number"
            } else if decl.contains("REAL") {
                "a number"
            } else if decl.contains("BLOB") {
                "a {\"$base64\": ...} object"
            } else {
                "a string"
            };
            let found = match other {
                Json::Bool(_) => "a boolean",
                Json::Number(_) => "a number",
                Json::String(_) => "a string",
                Json::Array(_) => "an array",
                Json::Object(_) => "an object",
                Json::Null => "null",
            };
            Err(bad(at, format!("expected {want}, found {found}")))
        }
    }
}

/// A row ready to insert: its columns and values, in the order of the file's table.
struct Row {
    columns: Vec<String>,
    values: Vec<Value>,
}

/// Validates the structure, names and types of the whole file without touching the store.
fn parse(conn: &Connection, bytes: &[u8]) -> Result<(Vec<(String, Vec<Row>)>, Vec<AuditEvent>)> {
    let doc: Json = serde_json::from_slice(bytes).map_err(|e| bad(format!("line {}, column {}", e.line(), e.column()), format!("not valid JSON ({e})")))?;
    let top = doc.as_object().ok_or_else(|| bad("$", "the file is not a JSON object"))?;
    match top.get("format") {
        Some(Json::String(s)) if s == FORMAT => {}
        _ => return Err(bad("format", format!("expected \"{FORMAT}\""))),
    }
    match top.get("formatVersion").and_then(Json::as_i64) {
        Some(v) if v == FORMAT_VERSION => {}
        Some(v) if v > FORMAT_VERSION => return Err(bad("formatVersion", format!("version {v} was written by a newer Quorum (this one reads {FORMAT_VERSION}); update Quorum"))),
        _ => return Err(bad("formatVersion", format!("expected {FORMAT_VERSION}"))),
    }
    let current = user_version(conn)?;
    let store_format = match top.get("storeFormat").and_then(Json::as_i64) {
        Some(v) if v > current => return Err(bad("storeFormat", format!("store format {v} is newer than this Quorum's ({current}); update Quorum"))),
        // Migrations only add tables, and columns with defaults, so an older export's rows
        // fit the current schema as they are; what they lack takes its default. A file of
        // the current format must have every table and every column.
        Some(v) if v >= 1 => v,
        Some(v) => return Err(bad("storeFormat", format!("store format {v} does not exist; the first is 1"))),
        None => return Err(bad("storeFormat", "missing or not a whole number")),
    };
    let complete = store_format == current;
    for key in top.keys() {
        if !["format", "formatVersion", "storeFormat", "exportedAt", "tables"].contains(&key.as_str()) {
            return Err(bad(key.clone(), "unknown field"));
        }
    }
    let file_tables = top.get("tables").and_then(Json::as_object).ok_or_else(|| bad("tables", "missing or not an object"))?;
    let known = tables(conn)?;
    for name in file_tables.keys() {
        if !known.contains(name) {
            return Err(bad(format!("tables.{name}"), "unknown table"));
        }
    }
    let mut parsed = Vec::new();
    for table in &known {
        let cols = columns(conn, table)?;
        let Some(items) = file_tables.get(table) else {
            if complete {
                return Err(bad(format!("tables.{table}"), format!("missing: a file of store format {current} lists every table, an empty one as []")));
            }
            continue;
        };
        let items = items.as_array().ok_or_else(|| bad(format!("tables.{table}"), "not an array of rows"))?;
        let mut rows = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let at_row = format!("tables.{table}[{i}]");
            let object = item.as_object().ok_or_else(|| bad(&at_row, "a row is an object of column: value"))?;
            for key in object.keys() {
                if !cols.iter().any(|c| &c.name == key) {
                    return Err(bad(format!("{at_row}.{key}"), format!("unknown column of {table}")));
                }
            }
            let mut row = Row { columns: Vec::new(), values: Vec::new() };
            for column in &cols {
                let at = format!("{at_row}.{}", column.name);
                match object.get(&column.name) {
                    Some(value) => {
                        row.values.push(to_sql(value, column, &at)?);
                        row.columns.push(column.name.clone());
                    }
                    None if column.not_null && !column.has_default && column.pk == 0 => return Err(bad(at, "missing (the column may not be null)")),
                    None if complete => return Err(bad(at, format!("missing: a file of store format {current} gives every column of every row"))),
                    None => {}
                }
            }
            rows.push(row);
        }
        parsed.push((table.clone(), rows));
    }
    match file_tables.get("organisation").and_then(Json::as_array).map(Vec::len) {
        Some(1) => {}
        _ => return Err(bad("tables.organisation", "exactly one organisation row is required")),
    }
    let events = match file_tables.get("audit_events") {
        Some(items) => serde_json::from_value::<Vec<AuditEvent>>(items.clone()).map_err(|e| bad("tables.audit_events", e.to_string()))?,
        None => Vec::new(),
    };
    let report = audit::verify_events(&events);
    if let Some(broken) = report.first_broken {
        let index = events.iter().position(|e| e.id == broken.event_id).unwrap_or(0);
        return Err(bad(format!("tables.audit_events[{index}].hash"), format!("the audit chain is broken at event {}: {}", broken.event_id, broken.problem)));
    }
    Ok((parsed, events))
}

/// The rows a store made by `quorum init` holds, and nothing more: the organisation row, at
/// most one person (the ISMS lead given at init), and `create` audit events of those.
fn check_empty(conn: &Connection) -> Result<()> {
    for table in tables(conn)? {
        let count: i64 = conn.query_row(&format!("SELECT count(*) FROM {}", quote(&table)), [], |row| row.get(0))?;
        let allowed = match table.as_str() {
            "organisation" | "people" => 1,
            "audit_events" => {
                let other: i64 = conn.query_row("SELECT count(*) FROM audit_events WHERE action <> 'create' OR entity NOT IN ('organisation', 'person')", [], |row| row.get(0))?;
                if other > 0 {
                    0
                } else {
                    2
                }
            }
            _ => 0,
        };
        if count > allowed {
            return Err(bad(
                format!("store.{table}"),
                format!("the target store already holds {count} rows in {table}; import only into a store just made with `quorum init`"),
            ));
        }
    }
    Ok(())
}

/// Names the column a constraint message is about (`NOT NULL constraint failed: t.col`,
/// `CHECK constraint failed: col IN (...)`).
fn column_in_message(message: &str, row: &Row) -> Option<String> {
    let detail = message.split_once(':').map(|(_, d)| d).unwrap_or(message);
    let words: Vec<&str> = detail.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect();
    row.columns.iter().find(|c| words.iter().any(|w| w == c)).cloned()
}

/// Imports an export into a store that holds no domain records yet (see [`check_empty`]).
/// Everything is validated; the whole file is written in one transaction, or nothing is.
pub fn import_json(store: &mut Store, bytes: &[u8], actor: &Actor) -> Result<ImportSummary> {
    check_empty(store.conn())?;
    let (parsed, events) = parse(store.conn(), bytes)?;
    let sha256 = hex::encode(Sha256::digest(bytes));
    let counts: BTreeMap<String, usize> = parsed.iter().filter(|(_, rows)| !rows.is_empty()).map(|(t, rows)| (t.clone(), rows.len())).collect();
    let records: usize = counts.values().sum();
    let imported_events = events.len();
    store.write(actor, |w| {
        w.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        // The init-time rows make way for the file's. The audit trail is append-only by
        // trigger; within this transaction the triggers are dropped and recreated as they were.
        let triggers: Vec<String> = {
            let mut statement = w.prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit_events'")?;
            let sql = statement.query_map([], |row| row.get(0))?.collect::<Result<Vec<String>, _>>()?;
            sql
        };
        w.execute_batch("DROP TRIGGER IF EXISTS audit_events_append_only_update; DROP TRIGGER IF EXISTS audit_events_append_only_delete;")?;
        w.execute_batch("DELETE FROM audit_events; UPDATE organisation SET isms_lead_id = NULL; DELETE FROM people; DELETE FROM organisation;")?;
        for sql in &triggers {
            w.execute_batch(sql)?;
        }
        let mut rowids: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for (table, rows) in &parsed {
            let ids = rowids.entry(table.clone()).or_default();
            for (i, row) in rows.iter().enumerate() {
                let sql = format!(
                    "INSERT INTO {} ({}) VALUES ({})",
                    quote(table),
                    row.columns.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", "),
                    (1..=row.columns.len()).map(|n| format!("?{n}")).collect::<Vec<_>>().join(", ")
                );
                match w.execute(&sql, rusqlite::params_from_iter(row.values.iter())) {
                    Ok(_) => ids.push(w.last_insert_rowid()),
                    Err(e) => {
                        let message = e.to_string();
                        let at = match column_in_message(&message, row) {
                            Some(column) => format!("tables.{table}[{i}].{column}"),
                            None => format!("tables.{table}[{i}]"),
                        };
                        return Err(bad(at, message));
                    }
                }
            }
        }
        let violation: Option<(String, i64, String, i64)> = {
            let mut statement = w.prepare("PRAGMA foreign_key_check")?;
            let mut rows = statement.query([])?;
            match rows.next()? {
                Some(row) => Some((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
                None => None,
            }
        };
        if let Some((table, rowid, parent, fkid)) = violation {
            let index = rowids.get(&table).and_then(|ids| ids.iter().position(|&id| id == rowid)).unwrap_or(0);
            let column: Option<String> = w
                .query_row(&format!("SELECT \"from\" FROM pragma_foreign_key_list('{}') WHERE id = ?1", table.replace('\'', "''")), [fkid], |row| row.get(0))
                .ok();
            let at = match column {
                Some(column) => format!("tables.{table}[{index}].{column}"),
                None => format!("tables.{table}[{index}]"),
            };
            return Err(bad(at, format!("points at a missing row of {parent}")));
        }
        // What the store's own rules would have refused, on the rows as imported.
        if let Some(finding) = crate::store::checks::run(w).into_iter().next() {
            let index = finding.rowid.and_then(|rowid| rowids.get(&finding.table)?.iter().position(|&id| id == rowid)).unwrap_or(0);
            let at = match &finding.column {
                Some(column) => format!("tables.{}[{index}].{column}", finding.table),
                None => format!("tables.{}[{index}]", finding.table),
            };
            return Err(bad(at, finding.problem));
        }
        crate::register::query::rebuild_search(w)?;
        w.audit(
            "store",
            "1",
            "import",
            None,
            Some(&json!({"format": FORMAT, "formatVersion": FORMAT_VERSION, "sha256": sha256, "records": records, "tables": counts, "auditEvents": imported_events})),
        )?;
        Ok(())
    })?;
    Ok(ImportSummary { records, tables: counts, sha256 })
}

/// The import's reading of a file (JSON, names, types, the audit chain) fuzzed at the byte
/// level, fast enough for millions of inputs: bytes flipped, cut, spliced and random, on the
/// export of a review that passes every rule. The whole import (writes and the store's
/// rules) is fuzzed with mutated values in `tests/data/fuzz.rs`. `QUORUM_FUZZ_CASES=N` runs
/// N inputs; each run prints how many it executed.
#[cfg(test)]
mod fuzz_tests {
    use proptest::prelude::*;

    use super::*;
    use crate::review::fixture;

    #[derive(Debug, Clone)]
    enum Mutation {
        Set(prop::sample::Index, u8),
        Cut(prop::sample::Index),
        Insert(prop::sample::Index, Vec<u8>),
        Repeat(prop::sample::Index, prop::sample::Index),
        Random(Vec<u8>),
    }

    fn mutation() -> impl Strategy<Value = Mutation> {
        prop_oneof![
            (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Set(at, byte)),
            any::<prop::sample::Index>().prop_map(Mutation::Cut),
            (any::<prop::sample::Index>(), prop_oneof![prop::collection::vec(any::<u8>(), 1..8), prop::sample::select(vec![b"null".to_vec(), b"\"\"".to_vec(), b"[]".to_vec(), b"{}".to_vec(), b"-1".to_vec(), b"9223372036854775807".to_vec(), b",".to_vec(), b"\\u0000".to_vec()])])
                .prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
            (any::<prop::sample::Index>(), any::<prop::sample::Index>()).prop_map(|(from, len)| Mutation::Repeat(from, len)),
            prop::collection::vec(any::<u8>(), 0..256).prop_map(Mutation::Random),
        ]
    }

    fn apply(base: &[u8], mutations: &[Mutation]) -> Vec<u8> {
        let mut bytes = base.to_vec();
        for mutation in mutations {
            let len = bytes.len().max(1);
            match mutation {
                Mutation::Set(at, byte) if !bytes.is_empty() => bytes[at.index(len)] = *byte,
                Mutation::Cut(at) => bytes.truncate(at.index(len)),
                Mutation::Insert(at, insert) => {
                    let at = at.index(len + 1).min(bytes.len());
                    bytes.splice(at..at, insert.iter().copied());
                }
                Mutation::Repeat(from, count) => {
                    let from = from.index(len).min(bytes.len());
                    let to = (from + count.index(64)).min(bytes.len());
                    let piece = bytes[from..to].to_vec();
                    bytes.splice(to..to, piece);
                }
                Mutation::Random(random) => bytes = random.clone(),
                Mutation::Set(..) => {}
            }
        }
        bytes
    }

    #[test]
    fn reading_a_mangled_export_answers_and_never_panics() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = fixture::new_store(&dir);
        fixture::build(&mut store, fixture::meeting_day(), fixture::meeting_day() - chrono::Duration::days(14), fixture::meeting_day() - chrono::Duration::days(7), fixture::Omit::default());
        let base = serde_json::to_vec(&export_json(&store, fixture::at(fixture::meeting_day())).unwrap()).unwrap();
        parse(store.conn(), &base).expect("the unmangled export reads");
        let cases = std::env::var("QUORUM_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(3000);
        let config = ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() };
        let (executed, accepted) = (std::cell::Cell::new(0u64), std::cell::Cell::new(0u64));
        proptest::test_runner::TestRunner::new(config)
            .run(&prop::collection::vec(mutation(), 1..4), |mutations| {
                let bytes = apply(&base, &mutations);
                executed.set(executed.get() + 1);
                if executed.get() % 1_000_000 == 0 {
                    eprintln!("fuzz import reading: {} inputs so far, 0 panics", executed.get());
                }
                match parse(store.conn(), &bytes) {
                    Ok(_) => accepted.set(accepted.get() + 1),
                    Err(error) => prop_assert_eq!(error.kind(), "import", "{}", error),
                }
                Ok(())
            })
            .unwrap();
        eprintln!("fuzz import reading: {} inputs executed ({} read as a whole file), 0 panics, on a {}-byte export", executed.get(), accepted.get(), base.len());
    }
}
