//! Evidence files (KPI exports, incident reports, closure proof), kept inside the
//! encrypted store with their SHA-256, size and type, and written out only on demand.

use std::io::{Read, Write as _};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{editable, inputs::input_id};
use crate::error::{Error, Result};
use crate::register;
use crate::store::{Actor, Store};

/// Larger files belong in a document system; the store keeps the proof an auditor asks for.
pub const MAX_EVIDENCE_BYTES: usize = 100 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct EvidenceInfo {
    pub id: i64,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub review_reference: Option<String>,
    /// The input code it supports, if any.
    pub input_code: Option<String>,
    /// The action it supports, if any.
    pub action_reference: Option<String>,
    pub added_at: String,
    pub added_by: String,
}

/// What a file is evidence for: an input of a review, a review as a whole, or an action.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum EvidenceFor {
    Review { review: String, input_code: Option<String> },
    Action { action: String },
}

const COLUMNS: &str = "e.id, e.file_name, e.media_type, e.size, e.sha256, r.reference, i.code, a.reference, e.added_at, e.added_by
     FROM evidence e LEFT JOIN reviews r ON r.id = e.review_id LEFT JOIN inputs i ON i.id = e.input_id LEFT JOIN actions a ON a.id = e.action_id";

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<EvidenceInfo> {
    Ok(EvidenceInfo {
        id: row.get(0)?,
        file_name: row.get(1)?,
        media_type: row.get(2)?,
        size: row.get(3)?,
        sha256: row.get(4)?,
        review_reference: row.get(5)?,
        input_code: row.get(6)?,
        action_reference: row.get(7)?,
        added_at: row.get(8)?,
        added_by: row.get(9)?,
    })
}

/// The media type a reader needs to open the file, from its extension.
pub fn media_type(file_name: &str) -> &'static str {
    let extension = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "pdf" => "application/pdf",
        "csv" => "text/csv",
        "txt" | "log" | "md" => "text/plain",
        "json" => "application/json",
        "xml" => "application/xml",
        "html" | "htm" => "text/html",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "eml" => "message/rfc822",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Stores a file as evidence. The file name is kept without its folders.
pub fn add(store: &mut Store, actor: &Actor, target: &EvidenceFor, file_name: &str, content: &[u8]) -> Result<EvidenceInfo> {
    add_from(store, actor, target, file_name, content.len() as u64, &mut &content[..])
}

/// Stores the file at `path` as evidence: its size is checked before it is read, and it is
/// streamed into the store and hashed as it goes, so a file over the limit costs nothing
/// and one within it is never held in memory whole.
pub fn add_file(store: &mut Store, actor: &Actor, target: &EvidenceFor, path: &std::path::Path) -> Result<EvidenceInfo> {
    let file = std::fs::File::open(path).map_err(Error::io(path))?;
    let size = file.metadata().map_err(Error::io(path))?.len();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    add_from(store, actor, target, &name, size, &mut std::io::BufReader::new(file))
}

/// Stores `size` bytes read from `content`, hashing them on the way into the BLOB.
pub fn add_from(store: &mut Store, actor: &Actor, target: &EvidenceFor, file_name: &str, size: u64, content: &mut dyn Read) -> Result<EvidenceInfo> {
    let file_name = crate::text::line("evidence file name", file_name.rsplit(['/', '\\']).next().unwrap_or_default())?;
    let file_name = file_name.as_str();
    if file_name.is_empty() {
        return Err(Error::invalid("evidence needs a file name"));
    }
    if size > MAX_EVIDENCE_BYTES as u64 {
        return Err(Error::invalid(format!(
            "{file_name} is {} MB; evidence files are limited to {} MB (MAX_EVIDENCE_BYTES). Keep the large file in your document system and add a summary or an export of it",
            size / (1024 * 1024),
            MAX_EVIDENCE_BYTES / (1024 * 1024)
        )));
    }
    let (review_id, input, action, entity_id) = match target {
        EvidenceFor::Review { review, input_code } => {
            let found = editable(store.conn(), review)?;
            let input = input_code.as_deref().map(|code| input_id(store.conn(), found.id, review, code)).transpose()?;
            (Some(found.id), input, None, format!("{review}/{}", input_code.as_deref().unwrap_or("-")))
        }
        EvidenceFor::Action { action } => {
            let id = register::find(store.conn(), action)?;
            (None, None, Some(id), action.clone())
        }
    };
    let id = store.write(actor, |w| {
        w.execute(
            "INSERT INTO evidence (review_id, input_id, action_id, file_name, media_type, size, sha256, content, added_at, added_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', zeroblob(?6), ?7, ?8)",
            params![review_id, input, action, file_name, media_type(file_name), size as i64, w.actor().now.to_rfc3339(), w.actor().name],
        )?;
        let id = w.last_insert_rowid();
        let sha256 = {
            let mut blob = w.blob_open(rusqlite::MAIN_DB, "evidence", "content", id, false)?;
            let mut hasher = Sha256::new();
            let mut buffer = vec![0u8; 1 << 16];
            let mut written = 0u64;
            loop {
                let n = content.read(&mut buffer).map_err(Error::io(file_name))?;
                if n == 0 {
                    break;
                }
                if written + n as u64 > size {
                    return Err(Error::invalid(format!("{file_name} grew while it was being read: add it again once it is complete")));
                }
                blob.write_all(&buffer[..n]).map_err(Error::io(file_name))?;
                hasher.update(&buffer[..n]);
                written += n as u64;
            }
            if written != size {
                return Err(Error::invalid(format!("{file_name} shrank while it was being read ({written} of {size} bytes): add it again once it is complete")));
            }
            hex::encode(hasher.finalize())
        };
        w.execute("UPDATE evidence SET sha256 = ?1 WHERE id = ?2", params![sha256, id])?;
        w.audit("evidence", &id.to_string(), "create", None, Some(&serde_json::json!({"for": entity_id, "fileName": file_name, "size": size, "sha256": sha256})))?;
        Ok(id)
    })?;
    info(store.conn(), id)
}

pub fn info(conn: &Connection, id: i64) -> Result<EvidenceInfo> {
    conn.query_row(&format!("SELECT {COLUMNS} WHERE e.id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("evidence {id}"), hint: ": `quorum evidence list REVIEW` lists the files".into() })
}

/// The evidence of a review: its own files, its inputs' and those of the actions it raised.
pub fn list(conn: &Connection, review_id: i64) -> Result<Vec<EvidenceInfo>> {
    // The actions' side as a subquery on actions' review index: `a.review_id` of the outer
    // join cannot lead the plan, so an OR over it scans all the evidence.
    let mut statement =
        conn.prepare(&format!("SELECT {COLUMNS} WHERE e.review_id = ?1 OR e.action_id IN (SELECT id FROM actions WHERE review_id = ?1) ORDER BY e.id"))?;
    let files = statement.query_map([review_id], from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(files)
}

/// A file's content, checked against the SHA-256 recorded when it was added.
pub fn content(conn: &Connection, id: i64) -> Result<(EvidenceInfo, Vec<u8>)> {
    let info = info(conn, id)?;
    let bytes: Vec<u8> = conn.query_row("SELECT content FROM evidence WHERE id = ?1", [id], |row| row.get(0))?;
    if hex::encode(Sha256::digest(&bytes)) != info.sha256 {
        return Err(Error::Corrupt { path: info.file_name.clone().into(), what: format!("evidence {id} no longer matches its SHA-256") });
    }
    Ok((info, bytes))
}
