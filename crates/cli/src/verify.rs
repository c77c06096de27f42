//! `quorum verify FILE.pdf`: checks a signed export on its own, as an auditor's reader
//! would: every signature valid and the last one covering the whole file. When the PDF
//! carries approved snapshots (minutes of an approved version, a pack) and a store is given
//! (`--db`), also checks that each is the record the store froze at that approval. Exit 1
//! on any failure.

use std::path::Path;

use quorum_core::review::approval;
use quorum_core::{Error, Result};
use serde_json::json;

use crate::commands::{open, Outcome};
use crate::output::emit;
use crate::Global;

/// The approval snapshots a PDF carries (by file name, with their bytes).
fn snapshots(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>> {
    Ok(quorum_pdf::embedded_files(bytes)?.into_iter().filter(|f| f.name.ends_with("-snapshot.json")).map(|f| (f.name, f.bytes)).collect())
}

pub fn run_verify(global: &Global, file: &Path) -> Result<Outcome> {
    let json = global.json;
    let bytes = std::fs::read(file).map_err(|e| Error::invalid(format!("cannot read {}: {e}", file.display())))?;
    let report = match quorum_pdf::verify_pdf(&bytes) {
        Ok(report) => report,
        Err(error) => {
            emit(json, &json!({"ok": false, "file": file, "problem": error.to_string()}), || format!("NOT VALID: {}: {error}", file.display()));
            return Ok(Outcome::CheckFailed);
        }
    };
    let whole = report.whole_document_signed();
    let carried = snapshots(&bytes)?;
    // Each snapshot against the store: Ok((review, version)) or the problem.
    let checked: Option<Vec<(String, std::result::Result<(String, String), String>)>> = match (&global.db, carried.is_empty()) {
        (Some(_), false) => {
            let store = open(global)?;
            Some(carried.iter().map(|(name, json)| (name.clone(), approval::match_snapshot(store.conn(), json).map_err(|e| e.to_string()))).collect())
        }
        _ => None,
    };
    let snapshots_ok = checked.as_ref().is_none_or(|c| c.iter().all(|(_, r)| r.is_ok()));
    let ok = whole && snapshots_ok;
    let signatures: Vec<_> = report
        .signatures
        .iter()
        .map(|s| json!({"signer": s.signer_name, "certificateSubject": s.certificate_subject, "fingerprintSha256": s.certificate_fingerprint_sha256, "signingTime": s.signing_time, "reason": s.reason, "subFilter": s.sub_filter, "wholeDocument": s.whole_document}))
        .collect();
    let snapshot_json: Option<Vec<_>> = checked.as_ref().map(|c| {
        c.iter()
            .map(|(name, r)| match r {
                Ok((review, version)) => json!({"file": name, "ok": true, "review": review, "version": version}),
                Err(problem) => json!({"file": name, "ok": false, "problem": problem}),
            })
            .collect()
    });
    emit(json, &json!({"ok": ok, "file": file, "signatures": signatures, "snapshots": snapshot_json}), || {
        let mut text = String::new();
        for s in &report.signatures {
            text.push_str(&format!(
                "Signature valid: {} ({})\n  certificate SHA-256 {}\n  signed {}  reason: {}\n",
                s.signer_name,
                s.certificate_subject,
                s.certificate_fingerprint_sha256,
                s.signing_time.as_deref().unwrap_or("(no time)"),
                s.reason
            ));
        }
        text.push_str(if whole { "The whole document is signed." } else { "NOT VALID: bytes were added after the last signature." });
        match &checked {
            None if carried.is_empty() => {}
            None => text.push_str(&format!("\nIt carries {} approved snapshot(s); check them against the store with --db STORE.", carried.len())),
            Some(c) => {
                for (name, r) in c {
                    text.push_str(&match r {
                        Ok((review, version)) => format!("\nSnapshot {name}: matches {review} version {version} as approved in the store."),
                        Err(problem) => format!("\nNOT VALID: snapshot {name}: {problem}"),
                    });
                }
            }
        }
        text
    });
    Ok(if ok { Outcome::Done } else { Outcome::CheckFailed })
}
