//! `quorum timestamp FILE.pdf` adds a document timestamp to a signed export, with the
//! revocation data its signatures' certificates name (core's `export::timestamp`).
//! `quorum verify FILE.pdf`: checks a signed export on its own, as an auditor's reader
//! would: every signature and document timestamp valid, the seal by the certificate the
//! auditor expects (`--cert`, `--fingerprint`, or `--org`: this store's identities), and
//! nothing but signatures, timestamps and validation data added after it. When the PDF
//! carries approved snapshots (minutes of an approved version, a pack) and a store is given
//! (`--db`), also checks that each is the record the store froze at that approval. Exit 1 on
//! any failure.

use std::path::{Path, PathBuf};

use quorum_core::review::approval;
use quorum_core::{Error, Result};
use quorum_pdf::{Assessment, SignatureReport, VerificationReport};
use serde_json::json;

use crate::commands::{open, Outcome};
use crate::output::emit;
use crate::Global;

#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    file: PathBuf,
    /// The certificate the seal must be made with (PEM, as `quorum identity export-cert` wrote it).
    #[arg(long, value_name = "CERT.pem")]
    cert: Option<PathBuf>,
    /// The SHA-256 fingerprint the seal's certificate must have (hex, colons optional).
    #[arg(long, value_name = "SHA256")]
    fingerprint: Vec<String>,
    /// Expect this store's signing identity (the current one or an earlier one).
    #[arg(long)]
    org: bool,
}

fn expected(global: &Global, args: &VerifyArgs) -> Result<Vec<String>> {
    let mut expected = Vec::new();
    if let Some(path) = &args.cert {
        let pem = quorum_core::limits::read(path, quorum_core::limits::MAX_SMALL_FILE_BYTES, "certificate")?;
        expected.extend(quorum_pdf::pem_fingerprints(&pem).map_err(|e| Error::invalid(format!("{}: {e}", path.display())))?);
    }
    for text in &args.fingerprint {
        expected.push(quorum_pdf::normalise_fingerprint(text).ok_or_else(|| {
            Error::invalid(format!("{text:?} is not a SHA-256 fingerprint: give 64 hexadecimal digits, colons optional (as `quorum identity show` prints it)"))
        })?);
    }
    if args.org {
        expected.extend(quorum_core::identity::fingerprints(open(global)?.conn())?);
    }
    Ok(expected)
}

/// `D:20270301090000+00'00'` as `2027-03-01 09:00:00 +00'00'`; anything else as written.
fn pdf_date(text: &str) -> String {
    let digits = text.strip_prefix("D:").unwrap_or(text);
    if digits.len() < 14 || !digits[..14].bytes().all(|b| b.is_ascii_digit()) {
        return text.to_owned();
    }
    let d = &digits[..14];
    format!("{}-{}-{} {}:{}:{} {}", &d[..4], &d[4..6], &d[6..8], &d[8..10], &d[10..12], &d[12..14], digits[14..].replace('Z', "UTC")).trim_end().to_owned()
}

fn signature_text(n: usize, report: &VerificationReport, s: &SignatureReport, is_seal: bool) -> String {
    let count = report.signatures.len();
    let what = if s.document_timestamp { "Document timestamp valid" } else { "Signature valid" };
    let name = if s.signer_name.is_empty() { s.certificate_subject.as_str() } else { s.signer_name.as_str() };
    let mut text = format!("{what} ({} of {count}): {name} ({}){}\n", n + 1, s.certificate_subject, if is_seal { "  [the seal]" } else { "" });
    let covers = match s.revision {
        Some(r) if s.whole_document => format!("revision {r} of {}, the whole file", report.revisions),
        Some(r) => format!("revision {r} of {}", report.revisions),
        None => "no complete revision".into(),
    };
    text.push_str(&format!("  covers {covers}\n"));
    if !s.document_timestamp {
        text.push_str(&format!("  signed {}  reason: {}\n", s.signing_time.as_deref().map_or("(no time)".into(), pdf_date), s.reason));
    }
    match &s.timestamp {
        Some(t) => text.push_str(&format!("  timestamp {} by {}\n", t.time, t.authority)),
        None => text.push_str("  no timestamp: the signing time is the signer's own claim\n"),
    }
    text.push_str(&format!("  certificate SHA-256 {}\n", s.certificate_fingerprint_sha256));
    for change in &s.changed_after {
        text.push_str(&format!("  changed after it: {change}\n"));
    }
    text
}

fn report_text(report: &VerificationReport, assessment: &Assessment) -> String {
    let mut text = String::new();
    for (n, s) in report.signatures.iter().enumerate() {
        text.push_str(&signature_text(n, report, s, assessment.seals.contains(&n)));
    }
    if report.whole_document_signed() {
        text.push_str("The whole document is signed.\n");
    }
    if let (false, Some(&seal)) = (assessment.pinned, assessment.seals.first()) {
        text.push_str(&format!(
            "NOT PINNED: a self-signed seal proves who made this file only if its fingerprint matches the one you got from the organisation itself (not from this file). The seal's SHA-256 fingerprint:\n{}\nCheck it with --fingerprint SHA256 or --cert CERT.pem.\n",
            report.signatures[seal].certificate_fingerprint_sha256
        ));
    }
    if assessment.ok() {
        text.push_str(if assessment.pinned { "VALID: sealed with the expected certificate; nothing but signatures and timestamps was added after it." } else { "VALID as far as the file can tell: intact, and nothing but signatures and timestamps was added after the seal." });
    } else {
        text.push_str(&assessment.problems.iter().map(|p| format!("NOT VALID: {p}")).collect::<Vec<_>>().join("\n"));
    }
    text
}

fn signature_json(s: &SignatureReport) -> serde_json::Value {
    json!({
        "signer": s.signer_name, "certificateSubject": s.certificate_subject, "fingerprintSha256": s.certificate_fingerprint_sha256,
        "signingTime": s.signing_time, "reason": s.reason, "location": s.location, "subFilter": s.sub_filter,
        "documentTimestamp": s.document_timestamp, "revision": s.revision, "wholeDocument": s.whole_document,
        "timestamp": s.timestamp.as_ref().map(|t| json!({"time": t.time, "authority": t.authority, "authorityFingerprintSha256": t.authority_fingerprint_sha256})),
        "changedAfter": s.changed_after,
    })
}

/// The approval snapshots a PDF carries (by file name, with their bytes).
fn snapshots(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>> {
    Ok(quorum_pdf::embedded_files(bytes)?.into_iter().filter(|f| f.name.ends_with("-snapshot.json")).map(|f| (f.name, f.bytes)).collect())
}

/// Each carried snapshot against the store (with `--db`): Ok((review, version)) or the problem.
type SnapshotChecks = Vec<(String, std::result::Result<(String, String), String>)>;

fn check_snapshots(global: &Global, carried: &[(String, Vec<u8>)]) -> Result<Option<SnapshotChecks>> {
    if global.db.is_none() || carried.is_empty() {
        return Ok(None);
    }
    let store = open(global)?;
    Ok(Some(carried.iter().map(|(name, json)| (name.clone(), approval::match_snapshot(store.conn(), json).map_err(|e| e.to_string()))).collect()))
}

fn snapshot_text(carried: usize, checked: &Option<SnapshotChecks>) -> String {
    match checked {
        None if carried == 0 => String::new(),
        None => format!("\nIt carries {carried} approved snapshot(s); check them against the store with --db STORE."),
        Some(checks) => checks
            .iter()
            .map(|(name, r)| match r {
                Ok((review, version)) => format!("\nSnapshot {name}: matches {review} version {version} as approved in the store."),
                Err(problem) => format!("\nNOT VALID: snapshot {name}: {problem}"),
            })
            .collect(),
    }
}

pub fn run_verify(global: &Global, args: &VerifyArgs) -> Result<Outcome> {
    let json = global.json;
    let file: &Path = &args.file;
    let expected = expected(global, args)?;
    let bytes = quorum_core::limits::read(file, quorum_core::limits::MAX_PDF_BYTES, "PDF")?;
    let report = match quorum_pdf::verify_pdf(&bytes) {
        Ok(report) => report,
        Err(error) => {
            emit(json, &json!({"ok": false, "file": file, "problems": [error.to_string()]}), || format!("NOT VALID: {}: {error}", file.display()));
            return Ok(Outcome::CheckFailed);
        }
    };
    let assessment = report.assess(&expected);
    let carried = snapshots(&bytes)?;
    let checked = check_snapshots(global, &carried)?;
    let snapshots_ok = checked.as_ref().is_none_or(|c| c.iter().all(|(_, r)| r.is_ok()));
    let ok = assessment.ok() && snapshots_ok;
    let signatures: Vec<_> = report.signatures.iter().map(signature_json).collect();
    let snapshot_json: Option<Vec<_>> = checked.as_ref().map(|c| {
        c.iter()
            .map(|(name, r)| match r {
                Ok((review, version)) => json!({"file": name, "ok": true, "review": review, "version": version}),
                Err(problem) => json!({"file": name, "ok": false, "problem": problem}),
            })
            .collect()
    });
    emit(
        json,
        &json!({"ok": ok, "file": file, "pinned": assessment.pinned, "expected": expected, "seals": assessment.seals,
                "revisions": report.revisions, "signatures": signatures, "problems": assessment.problems, "snapshots": snapshot_json}),
        || report_text(&report, &assessment) + &snapshot_text(carried.len(), &checked),
    );
    Ok(if ok { Outcome::Done } else { Outcome::CheckFailed })
}

pub fn run_timestamp(global: &Global, file: &Path, tsa: Option<&str>) -> Result<Outcome> {
    let url = match tsa {
        Some(url) => url.to_owned(),
        None => quorum_core::identity::settings(open(global)?.conn())?.tsa_url,
    };
    if url.is_empty() {
        return Err(Error::invalid("no time-stamping authority: pass --tsa URL, or set one with `quorum identity settings --tsa-url URL`"));
    }
    let done = quorum_core::export::timestamp::add(file, &url)?;
    emit(global.json, &json!({"file": file, "tsa": url, "bytes": done.bytes, "revocation": done.revocation}), || {
        let mut text = format!("Added a document timestamp from {url} to {} (an incremental update: earlier signatures stay valid).", file.display());
        if let Some(revocation) = &done.revocation {
            text.push_str(&format!("\nRevocation data: {revocation}"));
        }
        text
    });
    Ok(Outcome::Done)
}
