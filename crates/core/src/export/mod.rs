//! PDF exports: the minutes of a review and the auditor's pack. Core maps its records onto
//! quorum-pdf's generic blocks (quorum-pdf knows nothing of reviews); this module holds what
//! every export shares: progress reports, optional signing with the stored identity, and
//! writing the file beside its destination before it takes the destination's name, so a
//! failed export leaves nothing half-written (and never replaces an existing file).

pub mod minutes;
pub mod pack;
pub mod timestamp;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod frozen_tests;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use quorum_pdf::{Block, Column, Document, PageSize, SignatureInfo, Table};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::register::ActionStatus;
use crate::store::Store;

/// Where an export has got to. The CLI draws it on stderr; the app turns it into events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, rename = "ExportStage"))]
pub enum Stage {
    /// Reading the records from the store.
    Reading,
    /// Laying out the pages and embedding fonts and attachments.
    Rendering,
    Signing,
    Writing,
    Done,
}

impl Stage {
    pub fn describe(self) -> &'static str {
        match self {
            Stage::Reading => "reading the store",
            Stage::Rendering => "laying out the pages",
            Stage::Signing => "signing",
            Stage::Writing => "writing the file",
            Stage::Done => "done",
        }
    }
}

/// A progress report: the stage and how far the whole export is, from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Progress {
    pub stage: Stage,
    pub fraction: f32,
}

/// Sign the export with the store's signing identity. Readers show the identity's common
/// name as the signer; the reason names the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Signing {
    /// Where it was signed; None takes the location from the signing settings.
    pub location: Option<String>,
    /// The signing time, passed in by the caller (core never reads the clock).
    pub time: DateTime<Utc>,
}

/// How to export.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    /// A4 unless US Letter is asked for.
    pub page_size: PageSize,
    pub sign: Option<Signing>,
    /// The creation time written into the PDF, and "today" for derived fields (overdue).
    pub now: DateTime<Utc>,
    /// The minutes add an annex with the actions' status as at `now`, apart from the
    /// approved text.
    pub current_status: bool,
}

impl ExportOptions {
    pub fn new(now: DateTime<Utc>) -> ExportOptions {
        ExportOptions { page_size: PageSize::A4, sign: None, now, current_status: false }
    }
}

/// A SHA-256 in groups of eight hex digits, so a line breaks between groups, never
/// leaving one digit alone.
pub(crate) fn grouped_hash(hash: &str) -> String {
    hash.as_bytes().chunks(8).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ExportSummary {
    #[cfg_attr(test, ts(type = "string"))]
    pub path: PathBuf,
    pub pages: usize,
    pub bytes: usize,
    /// SHA-256 of the file as written.
    pub sha256: String,
    /// The signing certificate's SHA-256 fingerprint, when signed.
    pub signed_with: Option<String>,
    /// When a time-stamping authority is set: whether the signature got its timestamp
    /// (PAdES B-T), or why not.
    pub timestamp: Option<String>,
    /// When a time-stamping authority is set and the signer's chain names CRLs or OCSP
    /// responders: how many went into the file (PAdES B-LT), and which could not be
    /// fetched and why.
    pub revocation: Option<String>,
    pub attachments: usize,
}

/// Renders `document`, signs it if asked (with `reason`, which names the document), and
/// writes it to `out`, reporting progress from rendering on (the caller reported the
/// reading).
pub(crate) fn finish(store: &Store, mut document: Document, reason: &str, options: &ExportOptions, out: &Path, progress: &mut dyn FnMut(Progress)) -> Result<ExportSummary> {
    // Refuse an existing destination before the expensive part; the final link refuses it
    // again if it appears meanwhile.
    refuse_existing(out)?;
    // Load the identity first: a missing one is reported before any work is done.
    let signing = match &options.sign {
        Some(signing) => {
            let identity = crate::identity::load(store.conn())?;
            let settings = crate::identity::settings(store.conn())?;
            let tsa_url = settings.tsa_url.clone();
            let info = SignatureInfo {
                signer_name: identity.common_name(),
                reason: reason.to_owned(),
                location: signing.location.clone().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).unwrap_or(settings.location),
                contact_info: settings.contact,
                signing_time: signing.time,
                field: None,
            };
            // The audit trail's head, signed with the file: `verify-store --against` proves
            // the trail still holds it.
            let anchor = crate::store::anchor::head(store.conn())?;
            document.push(signature_block(&info, &identity.fingerprint_sha256(), anchor.as_ref()));
            if let Some(anchor) = &anchor {
                document.attachments.push(quorum_pdf::Attachment {
                    name: crate::store::anchor::ATTACHMENT.into(),
                    media_type: "application/json".into(),
                    description: "The store's audit trail head when this file was signed: quorum verify-store --against FILE checks the trail still holds it".into(),
                    bytes: serde_json::to_vec(anchor)?,
                    relationship: quorum_pdf::Relationship::Supplement,
                });
            }
            Some((identity, info, tsa_url))
        }
        None => None,
    };
    progress(Progress { stage: Stage::Rendering, fraction: 0.3 });
    let rendered = document.render()?;
    let mut bytes = rendered.bytes;
    let mut timestamp = None;
    let mut revocation = None;
    if let Some((identity, info, tsa_url)) = &signing {
        progress(Progress { stage: Stage::Signing, fraction: 0.8 });
        // The signature field covers the block that describes it, on the last page.
        let info = SignatureInfo { field: rendered.frames.last().copied(), ..info.clone() };
        let signed = if tsa_url.is_empty() {
            quorum_pdf::sign_pdf(&bytes, identity, &info)?
        } else {
            // Network use is on: the chain's revocation data (B-LT) and a timestamp (B-T)
            // when their sources answer; else signed without, and the summary says so.
            let fetched = crate::revocation::fetch_for_signing(identity)?;
            revocation = fetched.summary("sign again");
            // `quorum timestamp` adds a document timestamp later.
            let stamp: quorum_pdf::Timestamper = &|digest: &[u8]| crate::timestamp::request(tsa_url, digest).map_err(|e| quorum_pdf::Error::Timestamp(e.to_string()));
            match quorum_pdf::sign_pdf_timestamped(&bytes, identity, &info, Some(stamp), &fetched.data) {
                Ok(signed) => {
                    timestamp = Some(format!("timestamped by {tsa_url}"));
                    signed
                }
                Err(quorum_pdf::Error::Timestamp(why)) => {
                    timestamp = Some(format!("not timestamped ({why}); signed without a trusted time"));
                    quorum_pdf::sign_pdf_timestamped(&bytes, identity, &info, None, &fetched.data)?
                }
                Err(other) => return Err(other.into()),
            }
        };
        bytes = signed;
    }
    progress(Progress { stage: Stage::Writing, fraction: 0.9 });
    write_new(out, |file| file.write_all(&bytes).map_err(Error::io(out)))?;
    progress(Progress { stage: Stage::Done, fraction: 1.0 });
    Ok(ExportSummary {
        path: out.to_owned(),
        pages: rendered.page_count,
        bytes: bytes.len(),
        sha256: hex::encode(Sha256::digest(&bytes)),
        signed_with: signing.map(|(i, _, _)| i.fingerprint_sha256()),
        timestamp,
        revocation,
        attachments: document.attachments.len(),
    })
}

/// The visible signature block at the end of a signed export: who signed, when, with which
/// certificate, and how a reader checks it.
fn signature_block(info: &SignatureInfo, fingerprint: &str, anchor: Option<&crate::store::anchor::Anchor>) -> Block {
    let mut lines = vec![
        format!("Signed by {} on {}.", info.signer_name, instant(info.signing_time)),
        format!("Reason: {}.", info.reason),
    ];
    if !info.location.is_empty() {
        lines.push(format!("Location: {}.", info.location));
    }
    lines.extend([
        // Two lines of 16 bytes: a whole fingerprint is wider than an A4 text line.
        "Certificate SHA-256 fingerprint:".into(),
        fingerprint[..47].to_owned(),
        fingerprint[48..].to_owned(),
        "This file carries a PAdES digital signature over the whole file; any change after signing shows. Check it with Adobe Acrobat Reader (Signature Panel), with pdfsig FILE.pdf (\"Signature is Valid\", \"Total document signed\"), or with quorum verify FILE.pdf --fingerprint FINGERPRINT.".into(),
        "Compare the fingerprint with the one the organisation gave you (its fingerprint card), not with this page: only that proves who signed.".into(),
    ]);
    if let Some(anchor) = anchor {
        lines.push(format!("{} (attached as audit-anchor.json; quorum verify-store --against FILE.pdf proves the store's trail still holds it).", anchor.text()));
    }
    Block::Framed { title: "Electronic signature".into(), lines }
}

// ---------------------------------------------------------------------------------------
// Text shared by the exports

pub(crate) fn instant(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

pub(crate) fn status_text(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::Open => "Open",
        ActionStatus::InProgress => "In progress",
        ActionStatus::Completed => "Completed, awaiting verification",
        ActionStatus::Closed => "Closed (verified)",
    }
}

pub(crate) fn capitalised(text: &str) -> String {
    // Stored names are snake case ("kpi_gap"); the acronym keeps its capitals in print.
    let text = text.split('_').map(|w| if w.eq_ignore_ascii_case("kpi") { "KPI" } else { w }).collect::<Vec<_>>().join(" ");
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

pub(crate) fn size_text(bytes: i64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{b} bytes"),
    }
}

/// A table; column weights are given in points of an A4 text width (482 pt), so a column
/// sized for an action ID or a date holds it on one line.
/// The hint of [`Error::AlreadyExists`] for an export.
const EXPORT_EXISTS: &str = "; Quorum never overwrites an export. Choose another path or move the file away first";

pub(crate) fn table(columns: &[(&str, f32)], rows: Vec<Vec<String>>) -> Block {
    Block::Table(Table { columns: columns.iter().map(|(h, w)| Column::new(*h, *w)).collect(), rows })
}

// ---------------------------------------------------------------------------------------
// Writing

fn refuse_existing(out: &Path) -> Result<()> {
    if out.exists() {
        return Err(Error::AlreadyExists { path: out.to_owned(), hint: EXPORT_EXISTS.into() });
    }
    Ok(())
}

/// Writes `dest` through a temporary file beside it, then renames it into place, replacing
/// what was there: a reader never sees half a file, and a failure leaves any earlier file
/// untouched. For files the user asked to replace (a re-issued .ics, `--force`, the app's
/// note of its last store); exports use [`write_new`], which never replaces.
pub fn write_replacing(dest: &Path, write: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let name = dest.file_name().ok_or_else(|| Error::invalid(format!("{} is not a file name", dest.display())))?;
    let tmp = dest.with_file_name(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let result = write(&tmp).and_then(|()| std::fs::rename(&tmp, dest).map_err(|e| Error::invalid(format!("cannot write {}: {e}", dest.display()))));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Creates `dest` with what `fill` writes, or not at all: the content goes to a temporary
/// file beside `dest` (same file system), is synced, and only then takes the name `dest`.
/// An existing `dest` is never replaced. On any failure the temporary file is removed.
pub fn write_new(dest: &Path, fill: impl FnOnce(&mut std::fs::File) -> Result<()>) -> Result<()> {
    refuse_existing(dest)?;
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "export".into());
    crate::store::remove_stale(dest, &format!(".{name}."), ".writing");
    let mut nonce = [0u8; 6];
    getrandom::fill(&mut nonce).map_err(|e| Error::invalid(format!("no randomness from the OS: {e}")))?;
    let tmp = dest.with_file_name(format!(".{name}.{}.writing", hex::encode(nonce)));
    let written = (|| -> Result<()> {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp).map_err(Error::io(&tmp))?;
        fill(&mut file)?;
        file.sync_all().map_err(Error::io(&tmp))?;
        drop(file);
        crate::store::place_without_clobber(&tmp, dest).map_err(|e| match e {
            Error::AlreadyExists { path, .. } => Error::AlreadyExists { path, hint: EXPORT_EXISTS.into() },
            other => other,
        })
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod write_tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_failure_mid_way_leaves_nothing_at_the_destination() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("minutes.pdf");
        let error = write_new(&dest, |file| {
            file.write_all(b"%PDF-1.7 half of a file").unwrap();
            Err(Error::DiskFull { path: dest.clone() })
        })
        .unwrap_err();
        assert_eq!(error.kind(), "disk_full");
        assert!(entries(dir.path()).is_empty(), "left behind: {:?}", entries(dir.path()));

        write_new(&dest, |file| file.write_all(b"whole").map_err(Error::io(&dest))).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"whole");
        assert_eq!(entries(dir.path()), ["minutes.pdf"]);
    }

    #[test]
    fn an_existing_file_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("pack.pdf");
        std::fs::write(&dest, b"the auditor's copy").unwrap();
        let error = write_new(&dest, |file| file.write_all(b"new").map_err(Error::io(&dest))).unwrap_err();
        assert_eq!(error.kind(), "already_exists");
        assert!(error.to_string().contains("never overwrites"), "{error}");
        assert_eq!(std::fs::read(&dest).unwrap(), b"the auditor's copy");
        assert_eq!(entries(dir.path()), ["pack.pdf"]);
    }

    #[test]
    fn a_missing_folder_is_reported_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("no-such-folder").join("minutes.pdf");
        let error = write_new(&dest, |_| Ok(())).unwrap_err();
        assert_eq!(error.kind(), "io");
        assert!(error.to_string().contains("no-such-folder"), "{error}");
    }
}
