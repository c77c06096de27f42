//! The exports on the demo organisation: what the documents hold (every action, every
//! evidence file with its hash), signing with the stored identity, and progress.

use chrono::{DateTime, TimeZone, Utc};
use quorum_pdf::Block;
use sha2::{Digest, Sha256};

use super::pack::{pack_document, PackScope};
use super::*;
use crate::{demo, Actor, NewStore, Secret, Store};

pub(crate) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap()
}

/// The latest review with evidence files of its own (not every demo review has some).
pub(crate) fn review_with_evidence(store: &Store) -> String {
    store.conn().query_row("SELECT r.reference FROM evidence e JOIN reviews r ON r.id = e.review_id ORDER BY r.starts_at DESC LIMIT 1", [], |r| r.get(0)).unwrap()
}

pub(crate) fn demo_store(dir: &tempfile::TempDir) -> Store {
    let actor = Actor::new("Sarah Whitfield", now());
    let new = NewStore { organisation: "Northwind Analytics Ltd".into(), time_zone: "Europe/London".into(), lead: None };
    let mut store = Store::create(&dir.path().join("demo.db"), &new, Secret::passphrase("correct horse battery staple"), None, &actor).unwrap();
    demo::populate(&mut store, &actor).unwrap();
    store
}

/// Every piece of text a document shows, one string per cell or line.
pub(crate) fn texts(document: &quorum_pdf::Document) -> Vec<String> {
    let mut out = Vec::new();
    for block in &document.blocks {
        match block {
            Block::Title(t) => out.extend([t.title.clone(), t.subtitle.clone()].into_iter().chain(t.lines.clone())),
            Block::Heading { text, .. } | Block::Paragraph(text) => out.push(text.clone()),
            Block::KeyValue(pairs) => out.extend(pairs.iter().flat_map(|(k, v)| [k.clone(), v.clone()])),
            Block::Table(t) => out.extend(t.columns.iter().map(|c| c.header.clone()).chain(t.rows.iter().flatten().cloned())),
            Block::Bullets(items) => out.extend(items.clone()),
            Block::Signatures(lines) => out.extend(lines.iter().flat_map(|l| [l.name.clone(), l.role.clone()])),
            Block::BarChart(c) => out.push(c.title.clone()),
            Block::Framed { title, lines } => out.extend(std::iter::once(title.clone()).chain(lines.clone())),
            Block::Spacer(_) | Block::PageBreak => {}
        }
    }
    out
}

fn headings(document: &quorum_pdf::Document) -> Vec<String> {
    document.blocks.iter().filter_map(|b| if let Block::Heading { text, .. } = b { Some(text.clone()) } else { None }).collect()
}

fn column(store: &Store, sql: &str) -> Vec<String> {
    let mut s = store.conn().prepare(sql).unwrap();
    s.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

#[test]
fn the_pack_of_a_review_holds_the_register_metrics_and_its_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let reference = review_with_evidence(&store);
    let mut stages = Vec::new();
    let document = pack_document(store.conn(), &PackScope::Review(reference.clone()), &ExportOptions::new(now()), &mut |p| stages.push(p)).unwrap();

    let heads = headings(&document);
    for section in ["Reviews covered", "Action register", "History of the actions", "Register metrics", "Trend at each review", "Evidence index"] {
        assert!(heads.iter().any(|h| h == section), "no section {section:?} in {heads:?}");
    }
    let text = texts(&document).join("\n");
    for action in column(&store, "SELECT reference FROM actions") {
        assert!(text.contains(&action), "{action} is missing from the pack");
    }
    // The history shows each kind of event the demo has.
    for event in ["Revised date", "Verification", "Escalation", "Rejected: "] {
        assert!(text.contains(event), "no {event:?} in the history");
    }
    assert!(document.blocks.iter().filter(|b| matches!(b, Block::BarChart(_))).count() >= 3);

    // Every evidence file of the review travels as an attachment, byte for byte, and the
    // index gives its SHA-256.
    let expected = column(&store, &format!(
        "SELECT e.sha256 FROM evidence e LEFT JOIN inputs i ON i.id = e.input_id LEFT JOIN actions a ON a.id = e.action_id
         WHERE coalesce(e.review_id, i.review_id, a.review_id) = (SELECT id FROM reviews WHERE reference = '{reference}') ORDER BY e.id"
    ));
    assert!(!expected.is_empty());
    let attached: Vec<String> = document.attachments.iter().filter(|a| !a.name.ends_with("-snapshot.json")).map(|a| hex::encode(Sha256::digest(&a.bytes))).collect();
    assert_eq!(attached, expected);
    // The approved review's frozen record travels with it.
    assert!(document.attachments.iter().any(|a| a.name == format!("{reference}-v1.0-snapshot.json")), "no snapshot attached");
    for hash in &expected {
        assert!(text.contains(hash.as_str()), "the index lacks {hash}");
    }
    // Progress only moves forward.
    assert!(stages.windows(2).all(|w| w[0].fraction <= w[1].fraction), "{stages:?}");
}

#[test]
fn a_period_pack_covers_every_review_met_in_it_and_refuses_an_empty_or_reversed_period() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let from = "2025-11-20".parse().unwrap();
    let to = "2026-11-20".parse().unwrap();
    let document = pack_document(store.conn(), &PackScope::Period { from, to }, &ExportOptions::new(now()), &mut |_| {}).unwrap();
    let text = texts(&document).join("\n");
    let covered = column(&store, "SELECT reference FROM reviews WHERE substr(starts_at, 1, 10) BETWEEN '2025-11-20' AND '2026-11-20'");
    assert!(covered.len() >= 4, "{covered:?}");
    for reference in &covered {
        assert!(text.contains(reference.as_str()), "{reference} is not covered");
    }
    let names: std::collections::HashSet<&str> = document.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names.len(), document.attachments.len(), "attachment names must be unique");

    let empty = pack_document(store.conn(), &PackScope::Period { from: "2000-01-01".parse().unwrap(), to: "2000-12-31".parse().unwrap() }, &ExportOptions::new(now()), &mut |_| {});
    assert_eq!(empty.unwrap_err().kind(), "not_found");
    let reversed = pack_document(store.conn(), &PackScope::Period { from: to, to: from }, &ExportOptions::new(now()), &mut |_| {});
    assert!(reversed.unwrap_err().to_string().contains("swap --from and --to"));
}

#[test]
fn a_changed_evidence_file_is_refused_rather_than_packed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(&dir);
    let actor = Actor::new("Sarah Whitfield", now());
    let reference: String = store
        .conn()
        .query_row("SELECT r.reference FROM evidence e JOIN reviews r ON r.id = e.review_id ORDER BY e.id LIMIT 1", [], |r| r.get(0))
        .unwrap();
    store
        .write(&actor, |w| {
            w.execute("UPDATE evidence SET content = X'00' WHERE id = (SELECT min(id) FROM evidence WHERE review_id IS NOT NULL)", [])?;
            w.audit("evidence", "test", "tamper", None, None)
        })
        .unwrap();
    let error = pack_document(store.conn(), &PackScope::Review(reference), &ExportOptions::new(now()), &mut |_| {}).unwrap_err();
    assert_eq!(error.kind(), "corrupt");
    assert!(error.to_string().contains("no longer matches its SHA-256"), "{error}");
}

#[test]
fn a_signed_pack_verifies_and_signing_without_an_identity_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo_store(&dir);
    let actor = Actor::new("Sarah Whitfield", now());
    let reference = review_with_evidence(&store);
    let mut options = ExportOptions::new(now());
    options.sign = Some(Signing { location: None, time: now() });
    let out = dir.path().join("pack.pdf");

    let error = pack::export_pack(&store, &PackScope::Review(reference.clone()), &options, &out, &mut |_| {}).unwrap_err();
    assert_eq!(error.kind(), "not_found");
    assert!(error.to_string().contains("quorum identity new"), "{error}");
    assert!(!out.exists());

    let identity = crate::identity::create_self_signed(&mut store, &actor, None, false).unwrap();
    let settings = crate::identity::SigningSettings { location: "Łódź, Poland".into(), contact: "isms@northwind.example".into(), tsa_url: String::new() };
    crate::identity::set_settings(&mut store, &actor, &settings).unwrap();
    let summary = pack::export_pack(&store, &PackScope::Review(reference.clone()), &options, &out, &mut |_| {}).unwrap();
    assert_eq!(summary.signed_with.as_deref(), Some(identity.fingerprint_sha256.as_str()));
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(hex::encode(Sha256::digest(&bytes)), summary.sha256);
    let report = quorum_pdf::verify_pdf(&bytes).unwrap();
    assert!(report.whole_document_signed());
    assert_eq!(report.signatures[0].reason, format!("Audit pack for the management review {reference}"));
    // The signer is the identity (the organisation's seal), not whoever pressed export.
    let organisation = crate::organisation::get(store.conn()).unwrap().name;
    assert_eq!(report.signatures[0].signer_name, organisation);
    assert_eq!(report.signatures[0].location, "Łódź, Poland");
    assert!(report.assess(&[identity.fingerprint_sha256.clone()]).ok());
    assert!(summary.attachments > 0 && summary.pages > 3, "{summary:?}");
}

/// Every `{{page:ANCHOR}}` in the text points at a heading's anchor (an unknown one would
/// print "?" in the PDF).
fn assert_page_refs_resolve(document: &quorum_pdf::Document) {
    let anchors: std::collections::HashSet<String> = document.blocks.iter().filter_map(|b| if let Block::Heading { anchor, .. } = b { anchor.clone() } else { None }).collect();
    let mut refs = 0;
    for text in texts(document) {
        for part in text.split("{{page:").skip(1) {
            let anchor = &part[..part.find("}}").expect("a closed reference")];
            assert!(anchors.contains(anchor), "{{{{page:{anchor}}}}} points nowhere");
            refs += 1;
        }
    }
    assert!(refs > 0);
}

#[test]
fn the_minutes_hold_every_section_input_and_action_of_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let reference = review_with_evidence(&store);
    let record = crate::review::record::load(store.conn(), &reference, now()).unwrap();
    let document = minutes::document(&store, &reference, &ExportOptions::new(now()), &mut |_| {}).unwrap();
    let heads = headings(&document);
    for (_, section) in minutes::SECTIONS {
        assert!(heads.iter().any(|h| h == section), "no section {section:?}");
    }
    for heading in ["Conclusion of the review (clause 9.3.1)", "Document control", "Revision history", "From each input to what it led to", "Actions raised by this review", "Actions from earlier reviews: status since the previous review"] {
        assert!(heads.iter().any(|h| h.starts_with(heading)), "no {heading:?}");
    }
    // Every input in clause order, each under its clause letter.
    let positions: Vec<usize> = record.inputs.iter().map(|i| heads.iter().position(|h| *h == format!("{} {}", i.clause, i.title)).unwrap_or_else(|| panic!("no heading for input {}", i.code))).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "inputs out of clause order");
    assert_eq!(record.inputs.len(), 13);

    let text = texts(&document).join("\n");
    assert!(!record.actions_raised.is_empty() && !record.carried_actions.is_empty());
    for action in record.actions_raised.iter().chain(record.carried_actions.iter().map(|c| &c.action)) {
        assert!(text.contains(&action.reference), "{} missing", action.reference);
    }
    for attendee in &record.attendees {
        assert!(text.contains(&attendee.person.name), "{} missing", attendee.person.name);
    }
    assert!(text.contains("higher is better") && text.contains("Previous"), "no KPI trend table");
    // The conclusion's three verdicts with their rationale, and the period, as recorded.
    let conclusion = record.conclusion.as_ref().expect("the demo's held reviews are concluded");
    for (label, judgement) in conclusion.judgements() {
        assert!(text.contains(label) && text.contains(judgement.verdict.label()) && text.contains(&judgement.rationale), "{label} missing");
    }
    let period = record.period.as_ref().unwrap();
    assert!(text.contains(&format!("{} to {}", period.from, period.to)), "no period");
    // Every input appears in the matrix with its decisions' outputs.
    for decision in record.decisions.iter().filter(|d| !d.inputs.is_empty()) {
        assert!(text.contains(&format!("{}: {}", decision.area.title(), decision.text)), "decision {} not traced", decision.id);
    }
    for document_control in [&record.document.document_number, &record.document.classification, &record.document.version] {
        assert!(text.contains(document_control.as_str()));
    }
    for criterion in &record.review.soc2_criteria {
        assert!(text.contains(&format!("SOC 2 {criterion}")), "the annex lacks {criterion}");
    }
    assert!(document.blocks.iter().any(|b| matches!(b, Block::Signatures(lines) if !lines.is_empty())), "no wet-signature lines");
    assert_eq!(document.footer_left, format!("{} · Version {}", record.document.document_number, record.document.version));
    assert_page_refs_resolve(&document);
}

#[test]
fn the_pack_embeds_the_minutes_and_the_readiness_check_with_unique_anchors() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let document = pack_document(store.conn(), &PackScope::Period { from: "2025-11-20".parse().unwrap(), to: "2026-11-20".parse().unwrap() }, &ExportOptions::new(now()), &mut |_| {}).unwrap();
    let heads = headings(&document);
    let held = column(&store, "SELECT reference FROM reviews WHERE held_on BETWEEN '2025-11-20' AND '2026-11-20' AND status <> 'cancelled'");
    assert!(held.len() >= 3);
    for reference in &held {
        assert!(heads.iter().any(|h| h.starts_with(&format!("Minutes of {reference}: "))), "no minutes of {reference}");
        assert!(heads.contains(&format!("Readiness check of {reference}")), "no readiness check of {reference}");
    }
    let anchors: Vec<String> = document.blocks.iter().filter_map(|b| if let Block::Heading { anchor, .. } = b { anchor.clone() } else { None }).collect();
    let unique: std::collections::HashSet<&String> = anchors.iter().collect();
    assert_eq!(unique.len(), anchors.len(), "anchors repeat across reviews");
    assert_page_refs_resolve(&document);
}

#[test]
fn a_period_pack_reads_the_register_as_at_the_end_of_its_period() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir);
    let (from, to) = ("2025-01-01".parse().unwrap(), "2025-12-31".parse().unwrap());
    let scope = PackScope::Period { from, to };
    let at = super::pack::as_at(&scope, now());
    assert_eq!(at.to_rfc3339(), "2025-12-31T23:59:59+00:00");
    let document = pack_document(store.conn(), &scope, &ExportOptions::new(now()), &mut |_| {}).unwrap();
    let text = texts(&document).join("\n");
    assert!(text.contains("as at 2025-12-31"), "the pack states its as-at date");
    assert!(text.contains("-AP-20250101-20251231"), "the pack has its own number");

    // Raised in 2026: not in a pack of 2025.
    let later = column(&store, "SELECT reference FROM actions WHERE created_at >= '2026-01-01'");
    assert!(!later.is_empty());
    for reference in &later {
        assert!(!text.contains(reference.as_str()), "{reference} was raised after the period");
    }
    // Closed in 2026 but open at the end of 2025: the register shows it as it was.
    let reopened: Vec<String> = column(&store, "SELECT reference FROM actions WHERE created_at < '2026-01-01' AND status = 'closed' AND closed_at >= '2026-01-01'");
    assert!(!reopened.is_empty(), "the demo has an action closed after 2025");
    let details = super::pack::register_details(store.conn(), at).unwrap();
    for reference in &reopened {
        let detail = details.iter().find(|d| &d.action.reference == reference).unwrap();
        assert_ne!(detail.action.status, crate::register::ActionStatus::Closed, "{reference} was not closed yet at the end of 2025");
        assert!(detail.status_history.iter().all(|e| e.at <= at) && detail.verifications.iter().all(|v| v.at <= at));
    }
}
