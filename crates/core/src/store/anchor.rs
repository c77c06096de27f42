//! The audit trail's anchor outside the store. The chain proves that no event was edited,
//! removed or reordered, but a trail re-hashed from some event on, or cut short, is a valid
//! chain too. So every signed export carries the chain's head (the newest event's id and
//! hash) in an attached `audit-anchor.json` and on its signature page, and every backup
//! holds its own trail; `verify-store --against FILE` proves the store's trail still holds
//! that event with that hash, so any copy an auditor keeps catches a rewritten trail.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::KeySources;
use crate::error::{Error, Result};

/// The name of the attachment that carries the anchor in a signed PDF.
pub const ATTACHMENT: &str = "audit-anchor.json";

/// The audit trail's head at a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Anchor {
    /// The newest event's id.
    pub event_id: i64,
    /// Its SHA-256, which chains every event before it.
    pub hash: String,
}

impl Anchor {
    /// One line for a signature page.
    pub fn text(&self) -> String {
        format!("Audit trail anchor: event {}, SHA-256 {}", self.event_id, crate::export::grouped_hash(&self.hash))
    }
}

/// The store's trail head now (`None` for a trail with no event).
pub fn head(conn: &Connection) -> Result<Option<Anchor>> {
    Ok(conn.query_row("SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1", [], |r| Ok(Anchor { event_id: r.get(0)?, hash: r.get(1)? })).optional()?)
}

/// What `--against` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnchorCheck {
    pub anchor: Anchor,
    /// Where the anchor came from: "signed PDF" or "backup".
    pub source: String,
    /// The trail still holds the event with that hash.
    pub held: bool,
    /// Why not, when it does not.
    pub problem: Option<String>,
}

/// Reads the anchor from `file`: a PDF Quorum signed (its `audit-anchor.json`) or a backup
/// of this store (opened with `sources`, its newest event).
pub fn read(file: &Path, sources: &KeySources) -> Result<(Anchor, String)> {
    let mut magic = [0u8; 5];
    let read = std::io::Read::read(&mut std::fs::File::open(file).map_err(Error::io(file))?, &mut magic).map_err(Error::io(file))?;
    if magic[..read].starts_with(b"%PDF-") {
        let bytes = crate::limits::read(file, crate::limits::MAX_PDF_BYTES, "PDF")?;
        let files = quorum_pdf::embedded_files(&bytes)?;
        let attached = files.iter().find(|f| f.name == ATTACHMENT).ok_or_else(|| {
            Error::invalid(format!("{} carries no audit trail anchor: give a PDF Quorum signed (an unsigned export or another program's PDF has none)", file.display()))
        })?;
        let anchor = serde_json::from_slice(&attached.bytes).map_err(|e| Error::invalid(format!("{}'s {ATTACHMENT} is not an anchor ({e})", file.display())))?;
        return Ok((anchor, "signed PDF".into()));
    }
    // Opened as a copy: opening may migrate an older format, and the backup stays as it is.
    let anchor = super::maintenance::read_copy(file, file, "anchor", sources, |backup| head(backup.conn())).map_err(|e| match e {
        Error::NotAStore { .. } | Error::Corrupt { .. } => Error::invalid(format!("{} is neither a PDF Quorum signed nor a backup of a Quorum store", file.display())),
        other => other,
    })?;
    let anchor = anchor.ok_or_else(|| Error::invalid(format!("{} has an empty audit trail: nothing to anchor to", file.display())))?;
    Ok((anchor, "backup".into()))
}

/// Whether the store's trail still holds `anchor`.
pub fn check(conn: &Connection, anchor: Anchor, source: String) -> Result<AnchorCheck> {
    let found: Option<String> = conn.query_row("SELECT hash FROM audit_events WHERE id = ?1", [anchor.event_id], |r| r.get(0)).optional()?;
    let problem = match found {
        Some(hash) if hash == anchor.hash => None,
        Some(_) => Some(format!("event {} has another hash than the {source} recorded: the trail was rewritten from that event or before it", anchor.event_id)),
        None => Some(format!("the trail has no event {}: it was cut short after the {source} was made", anchor.event_id)),
    };
    Ok(AnchorCheck { held: problem.is_none(), anchor, source, problem })
}
