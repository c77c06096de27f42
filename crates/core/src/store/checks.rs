//! What the store's own rules would have refused, checked on the rows as they are: closed
//! vocabularies, dates, integer ranges, one-line text, evidence against its SHA-256 and
//! size, approved snapshots, closure after verification and line management without
//! cycles. `verify-store` runs them on a store and the import runs them on the imported
//! rows before it commits, so a hand-edited store and a hand-edited export are caught alike.
//!
//! Each check is one function in [`CHECKS`] returning its findings; a check that cannot
//! read its rows (a damaged page) becomes a finding itself, and the others still run.

use std::io::Read as _;

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::error::Result;

/// One fault: where it is (table, row id, column) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub check: &'static str,
    pub table: String,
    pub rowid: Option<i64>,
    pub column: Option<String>,
    pub problem: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.table)?;
        if let Some(rowid) = self.rowid {
            write!(f, " row {rowid}")?;
        }
        if let Some(column) = &self.column {
            write!(f, " {column}")?;
        }
        write!(f, ": {}", self.problem)
    }
}

type Check = fn(&Connection) -> Result<Vec<Finding>>;

/// Every check, in the order they run.
pub const CHECKS: &[(&str, Check)] = &[
    ("vocabulary", vocabulary),
    ("dates", dates),
    ("ranges", ranges),
    ("text", text),
    ("references", references),
    ("evidence", evidence),
    ("snapshots", snapshots),
    ("closure", closure),
    ("line_management", line_management),
    ("registers", registers),
];

/// Runs every check; one that fails to read becomes a finding and the rest go on.
pub fn run(conn: &Connection) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (name, check) in CHECKS {
        match check(conn) {
            Ok(found) => findings.extend(found),
            Err(error) => findings.push(Finding { check: name, table: "(store)".into(), rowid: None, column: None, problem: format!("the check could not read the store: {error}") }),
        }
    }
    findings
}

fn finding(check: &'static str, table: &str, rowid: i64, column: &str, problem: impl Into<String>) -> Finding {
    Finding { check, table: table.into(), rowid: Some(rowid), column: Some(column.into()), problem: problem.into() }
}

/// `(rowid, value)` of every non-null value of a column.
fn values(conn: &Connection, table: &str, column: &str) -> Result<Vec<(i64, rusqlite::types::Value)>> {
    let mut statement = conn.prepare(&format!("SELECT rowid, \"{column}\" FROM \"{table}\" WHERE \"{column}\" IS NOT NULL ORDER BY rowid"))?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Text values of a column; a value of another type is a finding of its own.
fn texts(conn: &Connection, check: &'static str, table: &str, column: &str, findings: &mut Vec<Finding>) -> Result<Vec<(i64, String)>> {
    let mut out = Vec::new();
    for (rowid, value) in values(conn, table, column)? {
        match value {
            rusqlite::types::Value::Text(text) => out.push((rowid, text)),
            other => findings.push(finding(check, table, rowid, column, format!("expected text, found {:?}", other.data_type()))),
        }
    }
    Ok(out)
}

fn parses<T: std::str::FromStr>(text: &str) -> bool {
    text.parse::<T>().is_ok()
}

/// Columns with a closed vocabulary, the schema's CHECKs or not.
fn vocabulary(conn: &Connection) -> Result<Vec<Finding>> {
    use crate::register::{ActionStatus, Outcome, Priority, Source};
    use crate::review::{decisions::Area, Status, Trigger};
    let input = |code: &str| crate::review::catalogue::input(code).is_some();
    let columns: &[(&str, &str, &dyn Fn(&str) -> bool)] = &[
        ("reviews", "status", &parses::<Status>),
        ("reviews", "trigger_kind", &parses::<Trigger>),
        ("reviews", "kind", &|t| ["scheduled", "ad_hoc"].contains(&t)),
        ("reviews", "scope", &|t| ["iso27001", "soc2", "both"].contains(&t)),
        ("review_transitions", "from_status", &parses::<Status>),
        ("review_transitions", "to_status", &parses::<Status>),
        ("invitees", "role", &|t| crate::review::ROLES.contains(&t)),
        ("invitees", "attendance", &|t| crate::review::ATTENDANCE.contains(&t)),
        ("inputs", "code", &input),
        ("agenda_item_inputs", "input_code", &input),
        ("decision_inputs", "input_code", &input),
        ("decisions", "area", &parses::<Area>),
        ("result_area_none", "area", &parses::<Area>),
        ("actions", "status", &parses::<ActionStatus>),
        ("actions", "source", &parses::<Source>),
        ("actions", "priority", &parses::<Priority>),
        ("action_status_history", "from_status", &parses::<ActionStatus>),
        ("action_status_history", "to_status", &parses::<ActionStatus>),
        ("verifications", "outcome", &parses::<Outcome>),
        ("approvals", "role", &|t| ["chair", "approver"].contains(&t)),
        ("organisation", "time_zone", &parses::<chrono_tz::Tz>),
        ("reviews", "time_zone", &parses::<chrono_tz::Tz>),
    ];
    let mut findings = Vec::new();
    for (table, column, allowed) in columns {
        for (rowid, value) in texts(conn, "vocabulary", table, column, &mut findings)? {
            // Stored words are exact: the parsers also accept "In Progress", the store does not.
            let exact = value.trim() == value && value.to_ascii_lowercase() == value || column.contains("time_zone");
            if !exact || !allowed(&value) {
                findings.push(finding("vocabulary", table, rowid, column, format!("{value:?} is not one of the words this column holds")));
            }
        }
    }
    Ok(findings)
}

enum Kind {
    Day,
    Instant,
    Wall,
}

/// Every date is a real date: days as YYYY-MM-DD, instants as RFC 3339, a review's start as
/// its local wall time YYYY-MM-DDTHH:MM.
fn dates(conn: &Connection) -> Result<Vec<Finding>> {
    use Kind::*;
    let columns: &[(&str, &str, Kind)] = &[
        ("organisation", "created_at", Instant),
        ("holidays", "day", Day),
        ("reviews", "starts_at", Wall),
        ("reviews", "invitations_sent_on", Day),
        ("reviews", "pack_circulated_on", Day),
        ("reviews", "held_on", Day),
        ("reviews", "next_review_on", Day),
        ("reviews", "created_at", Instant),
        ("review_transitions", "at", Instant),
        ("decisions", "exception_review_on", Day),
        ("decisions", "created_at", Instant),
        ("actions", "original_target_on", Day),
        ("actions", "target_on", Day),
        ("actions", "created_at", Instant),
        ("actions", "completed_at", Instant),
        ("actions", "closed_at", Instant),
        ("action_status_history", "at", Instant),
        ("action_notes", "at", Instant),
        ("action_date_revisions", "previous_on", Day),
        ("action_date_revisions", "new_on", Day),
        ("action_date_revisions", "at", Instant),
        ("verifications", "at", Instant),
        ("escalations", "at", Instant),
        ("evidence", "added_at", Instant),
        ("objectives", "period_start", Day),
        ("objectives", "period_end", Day),
        ("minutes_revisions", "created_at", Instant),
        ("minutes_revisions", "released_on", Day),
        ("approvals", "approved_at", Instant),
        ("signing_identity", "created_at", Instant),
        ("audit_events", "at", Instant),
    ];
    let mut findings = Vec::new();
    for (table, column, kind) in columns {
        for (rowid, value) in texts(conn, "dates", table, column, &mut findings)? {
            let (ok, want) = match kind {
                Day => (chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d").is_ok() && value.len() == 10, "a date YYYY-MM-DD"),
                Instant => (chrono::DateTime::parse_from_rfc3339(&value).is_ok(), "a time in RFC 3339"),
                Wall => (chrono::NaiveDateTime::parse_from_str(&value, "%Y-%m-%dT%H:%M").is_ok(), "a local time YYYY-MM-DDTHH:MM"),
            };
            if !ok {
                findings.push(finding("dates", table, rowid, column, format!("{value:?} is not {want}")));
            }
        }
    }
    Ok(findings)
}

/// Whole numbers within what Quorum ever writes.
fn ranges(conn: &Connection) -> Result<Vec<Finding>> {
    let levels: i64 = conn.query_row("SELECT count(*) FROM escalation_levels", [], |row| row.get(0))?;
    let max_evidence = crate::review::evidence::MAX_EVIDENCE_BYTES as i64;
    let max_duration = i64::from(crate::review::MAX_DURATION_MINUTES);
    let columns: &[(&str, &str, i64, i64)] = &[
        ("organisation", "retention_years", 3, 100),
        ("organisation", "quorum_min_top_management", 0, 1000),
        ("organisation", "quorum_min_members", 0, 1000),
        ("reviews", "duration_minutes", 1, max_duration),
        ("reviews", "ical_sequence", 0, i64::from(i32::MAX)),
        ("agenda_items", "minutes_allocated", 0, max_duration),
        ("actions", "escalation_level", 0, levels),
        ("escalations", "level", 1, levels.max(1)),
        ("evidence", "size", 0, max_evidence),
        ("sequences", "last", 0, i64::from(i32::MAX)),
    ];
    let mut findings = Vec::new();
    for (table, column, low, high) in columns {
        for (rowid, value) in values(conn, table, column)? {
            match value {
                rusqlite::types::Value::Integer(n) if (*low..=*high).contains(&n) => {}
                rusqlite::types::Value::Integer(n) => findings.push(finding("ranges", table, rowid, column, format!("{n} is outside {low}..={high}"))),
                other => findings.push(finding("ranges", table, rowid, column, format!("expected a whole number, found {:?}", other.data_type()))),
            }
        }
    }
    Ok(findings)
}

/// One-line fields hold no control character; multi-line ones none but line breaks and tabs.
fn text(conn: &Connection) -> Result<Vec<Finding>> {
    const ONE_LINE: &[(&str, &str)] = &[
        ("organisation", "name"),
        ("organisation", "classification"),
        ("organisation", "document_prefix"),
        ("holidays", "name"),
        ("people", "name"),
        ("people", "email"),
        ("people", "job_title"),
        ("people", "department"),
        ("escalation_levels", "name"),
        ("reviews", "reference"),
        ("reviews", "title"),
        ("reviews", "location"),
        ("reviews", "trigger_text"),
        ("invitees", "delegate_name"),
        ("agenda_items", "title"),
        ("kpis", "name"),
        ("kpis", "unit"),
        ("actions", "reference"),
        ("actions", "tags"),
        ("evidence", "file_name"),
        ("evidence", "media_type"),
        ("objectives", "title"),
        ("document_control", "document_number"),
        ("document_control", "classification"),
        ("minutes_revisions", "version"),
    ];
    const MULTI_LINE: &[(&str, &str)] = &[
        ("agenda_items", "discussion"),
        ("inputs", "summary"),
        ("inputs", "nothing_reason"),
        ("decisions", "text"),
        ("decisions", "rationale"),
        ("decisions", "justification"),
        ("result_area_none", "reason"),
        ("actions", "description"),
        ("actions", "resources"),
        ("actions", "blockers"),
        ("action_notes", "text"),
        ("action_date_revisions", "reason"),
        ("verifications", "evidence"),
        ("verifications", "reason"),
        ("escalations", "note"),
        ("minutes_revisions", "particulars"),
        ("objective_results", "note"),
    ];
    let mut findings = Vec::new();
    for (columns, allowed) in [(ONE_LINE, &[][..]), (MULTI_LINE, &['\n', '\t'][..])] {
        for (table, column) in columns {
            for (rowid, value) in texts(conn, "text", table, column, &mut findings)? {
                if let Some(c) = value.chars().find(|c| c.is_control() && !allowed.contains(c)) {
                    findings.push(finding("text", table, rowid, column, format!("holds the control character U+{:04X}", c as u32)));
                }
            }
        }
    }
    Ok(findings)
}

/// References kept inside JSON, which foreign keys cannot see: a review's approvers are
/// people who exist, its distribution a list of names.
fn references(conn: &Connection) -> Result<Vec<Finding>> {
    let mut statement = conn.prepare("SELECT review_id, approvers, distribution FROM document_control ORDER BY review_id")?;
    let rows: Vec<(i64, String, String)> = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?.collect::<Result<_, _>>()?;
    let mut findings = Vec::new();
    for (review, approvers, distribution) in rows {
        match serde_json::from_str::<Vec<i64>>(&approvers) {
            Err(e) => findings.push(finding("references", "document_control", review, "approvers", format!("not a JSON list of people ids ({e})"))),
            Ok(ids) => {
                for id in ids {
                    let exists: bool = conn.query_row("SELECT count(*) > 0 FROM people WHERE id = ?1", [id], |row| row.get(0))?;
                    if !exists {
                        findings.push(finding("references", "document_control", review, "approvers", format!("names person {id}, who does not exist")));
                    }
                }
            }
        }
        if let Err(e) = serde_json::from_str::<Vec<String>>(&distribution) {
            findings.push(finding("references", "document_control", review, "distribution", format!("not a JSON list of names ({e})")));
        }
    }
    Ok(findings)
}

/// Each evidence file matches its recorded size and SHA-256 (read in pieces, not whole).
fn evidence(conn: &Connection) -> Result<Vec<Finding>> {
    let rows: Vec<(i64, i64, String)> = {
        let mut statement = conn.prepare("SELECT id, size, sha256 FROM evidence ORDER BY id")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?.collect::<Result<Vec<_>, _>>()?;
        rows
    };
    let mut findings = Vec::new();
    for (id, size, sha256) in rows {
        let mut blob = conn.blob_open(rusqlite::MAIN_DB, "evidence", "content", id, true)?;
        if blob.len() as i64 != size {
            findings.push(finding("evidence", "evidence", id, "size", format!("the file is {} bytes, the row says {size}", blob.len())));
            continue;
        }
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 1 << 16];
        loop {
            let n = blob.read(&mut buffer).map_err(crate::error::Error::io("evidence"))?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
        }
        let actual = hex::encode(hasher.finalize());
        if actual != sha256 {
            findings.push(finding("evidence", "evidence", id, "sha256", format!("the file's SHA-256 is {actual}, the row says {sha256}")));
        }
    }
    Ok(findings)
}

/// Approved minutes are a JSON snapshot whose SHA-256 is the one recorded at approval.
fn snapshots(conn: &Connection) -> Result<Vec<Finding>> {
    let mut statement = conn.prepare("SELECT id, snapshot, snapshot_sha256 FROM minutes_revisions WHERE status = 'approved' ORDER BY id")?;
    let rows: Vec<(i64, Option<String>, Option<String>)> = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?.collect::<Result<_, _>>()?;
    let mut findings = Vec::new();
    for (id, snapshot, sha256) in rows {
        let problem = match (snapshot, sha256) {
            (None, _) => Some(("snapshot", "an approved revision has no snapshot".to_owned())),
            (Some(_), None) => Some(("snapshot_sha256", "an approved revision has no SHA-256".to_owned())),
            (Some(snapshot), Some(sha256)) if hex::encode(Sha256::digest(snapshot.as_bytes())) != sha256 => {
                Some(("snapshot", "the snapshot does not match its SHA-256: the approved minutes were changed".to_owned()))
            }
            (Some(snapshot), Some(_)) => serde_json::from_str::<serde_json::Value>(&snapshot).err().map(|e| ("snapshot", format!("the snapshot is not JSON ({e})"))),
        };
        if let Some((column, problem)) = problem {
            findings.push(finding("snapshots", "minutes_revisions", id, column, problem));
        }
    }
    Ok(findings)
}

/// A closed action was closed by an accepted verification from someone other than its
/// owner; a completed or closed one has the time it was.
fn closure(conn: &Connection) -> Result<Vec<Finding>> {
    let mut statement = conn.prepare(
        "SELECT a.id, a.status, a.completed_at IS NULL, a.closed_at IS NULL,
                EXISTS (SELECT 1 FROM verifications v WHERE v.action_id = a.id AND v.outcome = 'accepted' AND v.verifier_id IS NOT a.owner_id)
         FROM actions a WHERE a.status IN ('completed', 'closed') ORDER BY a.id",
    )?;
    let rows: Vec<(i64, String, bool, bool, bool)> = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)))?.collect::<Result<_, _>>()?;
    let mut findings = Vec::new();
    for (id, status, no_completed, no_closed, verified) in rows {
        if status == "closed" && !verified {
            findings.push(finding("closure", "actions", id, "status", "closed without an accepted verification by someone other than its owner"));
        }
        if status == "closed" && no_closed {
            findings.push(finding("closure", "actions", id, "closed_at", "closed with no time of closure"));
        }
        if status == "completed" && no_completed {
            findings.push(finding("closure", "actions", id, "completed_at", "completed with no time of completion"));
        }
    }
    Ok(findings)
}

/// Nobody is their own line manager, directly or through others.
fn line_management(conn: &Connection) -> Result<Vec<Finding>> {
    let mut statement = conn.prepare("SELECT id, line_manager_id FROM people ORDER BY id")?;
    let managers: std::collections::BTreeMap<i64, Option<i64>> = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect::<Result<_, _>>()?;
    let mut findings = Vec::new();
    for &id in managers.keys() {
        let mut seen = std::collections::BTreeSet::new();
        let mut current = managers.get(&id).copied().flatten();
        while let Some(step) = current {
            if step == id {
                findings.push(finding("line_management", "people", id, "line_manager_id", "is their own line manager, directly or through others"));
                break;
            }
            if !seen.insert(step) {
                break; // a cycle above this person, reported for those in it
            }
            current = managers.get(&step).copied().flatten();
        }
    }
    Ok(findings)
}

/// Register snapshots hold what an import would have accepted: every row a JSON object of
/// the register's fields, each value as its field takes it, the required ones present, its
/// ID where the row says; a real day taken; the row count the snapshot states.
fn registers(conn: &Connection) -> Result<Vec<Finding>> {
    use crate::registers::{source, RegisterKind};
    let mut findings = Vec::new();
    let mut statement = conn.prepare("SELECT id, kind, taken_on, row_count, (SELECT count(*) FROM register_rows r WHERE r.snapshot_id = s.id) FROM register_snapshots s ORDER BY id")?;
    let snapshots: Vec<(i64, String, String, i64, i64)> = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?.collect::<Result<_, _>>()?;
    let mut kinds = std::collections::BTreeMap::new();
    for (id, kind, taken_on, stated, counted) in snapshots {
        match kind.parse::<RegisterKind>() {
            Ok(k) => {
                kinds.insert(id, k);
            }
            Err(e) => findings.push(finding("registers", "register_snapshots", id, "kind", e.to_string())),
        }
        if !parses::<chrono::NaiveDate>(&taken_on) {
            findings.push(finding("registers", "register_snapshots", id, "taken_on", format!("\"{taken_on}\" is not a real day")));
        }
        if stated != counted {
            findings.push(finding("registers", "register_snapshots", id, "row_count", format!("the snapshot says {stated} rows but holds {counted}")));
        }
    }
    let mut statement = conn.prepare("SELECT rowid, snapshot_id, item_id, fields FROM register_rows ORDER BY snapshot_id, row_no")?;
    let rows: Vec<(i64, i64, String, String)> = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<Result<_, _>>()?;
    for (rowid, snapshot, item_id, fields) in rows {
        let Some(kind) = kinds.get(&snapshot) else { continue };
        let row: crate::registers::Row = match serde_json::from_str(&fields) {
            Ok(row) => row,
            Err(e) => {
                findings.push(finding("registers", "register_rows", rowid, "fields", format!("not an object of field texts ({e})")));
                continue;
            }
        };
        if row.get("id") != Some(&item_id) {
            findings.push(finding("registers", "register_rows", rowid, "item_id", format!("the row's ID is {:?} but its fields say {:?}", item_id, row.get("id"))));
        }
        for (key, value) in &row {
            match kind.fields().iter().find(|f| f.key == key.as_str()) {
                None => findings.push(finding("registers", "register_rows", rowid, "fields", format!("{} have no field \"{key}\"", kind.label()))),
                Some(field) => {
                    if let Err(problem) = source::value(field, value).and_then(|v| if v.as_deref() == Some(value.as_str()) { Ok(()) } else { Err(format!("\"{value}\" is not stored as an import stores it")) }) {
                        findings.push(finding("registers", "register_rows", rowid, "fields", format!("{}: {problem}", field.header)));
                    }
                }
            }
        }
        for field in kind.fields().iter().filter(|f| f.required && !row.contains_key(f.key)) {
            findings.push(finding("registers", "register_rows", rowid, "fields", format!("{} is missing: every row needs one", field.header)));
        }
    }
    Ok(findings)
}
