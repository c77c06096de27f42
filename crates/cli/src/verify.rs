//! `quorum verify FILE.pdf`: checks a signed export on its own, as an auditor's reader
//! would: every signature valid and the last one covering the whole file. Exit 1 on any
//! failure.

use std::path::Path;

use quorum_core::Result;
use serde_json::json;

use crate::commands::Outcome;
use crate::output::emit;

pub fn run_verify(json: bool, file: &Path) -> Result<Outcome> {
    let bytes = quorum_core::limits::read(file, quorum_core::limits::MAX_PDF_BYTES, "PDF")?;
    let report = match quorum_pdf::verify_pdf(&bytes) {
        Ok(report) => report,
        Err(error) => {
            emit(json, &json!({"ok": false, "file": file, "problem": error.to_string()}), || format!("NOT VALID: {}: {error}", file.display()));
            return Ok(Outcome::CheckFailed);
        }
    };
    let whole = report.whole_document_signed();
    let signatures: Vec<_> = report
        .signatures
        .iter()
        .map(|s| json!({"signer": s.signer_name, "certificateSubject": s.certificate_subject, "fingerprintSha256": s.certificate_fingerprint_sha256, "signingTime": s.signing_time, "reason": s.reason, "subFilter": s.sub_filter, "wholeDocument": s.whole_document}))
        .collect();
    emit(json, &json!({"ok": whole, "file": file, "signatures": signatures}), || {
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
        text
    });
    Ok(if whole { Outcome::Done } else { Outcome::CheckFailed })
}
