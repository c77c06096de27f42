//! An approved version is printed from its snapshot: whatever happens to the register,
//! people, the organisation, KPIs or evidence afterwards, its text (as pdftotext reads it)
//! does not change. The current status goes into an annex of its own.

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

use super::minutes;
use super::ExportOptions;
use crate::people::{self, PersonChange};
use crate::register::{self, Outcome, VerifyRequest};
use crate::review::evidence::{self, EvidenceFor};
use crate::review::fixture::{self, actor_on, compliant, meeting_day, Fixture, Omit};
use crate::review::{approval, inputs, record};
use crate::store::Store;
use crate::{organisation, Actor};

fn pdf_text(store: &Store, reference: &str, options: &ExportOptions) -> String {
    let document = minutes::document(store, reference, options, &mut |_| {}).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("minutes.pdf");
    std::fs::write(&path, document.render().unwrap().bytes).unwrap();
    let out = std::process::Command::new("pdftotext").args(["-enc", "UTF-8", "-layout", path.to_str().unwrap(), "-"]).output().expect("pdftotext (poppler-utils) is installed by .ci/setup");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The fixture's review, approved three days after its meeting, and its one action.
fn approved(store: &mut Store) -> (Fixture, String) {
    let review = compliant(store, Omit::default());
    let action: String = store.conn().query_row("SELECT a.reference FROM actions a JOIN reviews r ON r.id = a.review_id WHERE r.reference = ?1", [&review.reference], |r| r.get(0)).unwrap();
    (review, action)
}

#[derive(Debug, Clone)]
enum Change {
    ReviseDate(u8),
    Owner,
    Note,
    Close,
    RenameChair,
    RenameOrganisation,
    NextReviewKpi(u8),
    ActionEvidence,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (1u8..200).prop_map(Change::ReviseDate),
        Just(Change::Owner),
        Just(Change::Note),
        Just(Change::Close),
        Just(Change::RenameChair),
        Just(Change::RenameOrganisation),
        (0u8..100).prop_map(Change::NextReviewKpi),
        Just(Change::ActionEvidence),
    ]
}

/// Applies one change on `day`; refusals (closing twice, revising a closed action) are fine.
fn apply(store: &mut Store, review: &Fixture, action: &str, next: &str, change: &Change, day: NaiveDate, k: usize) {
    let actor: Actor = actor_on(day);
    let _ = match change {
        Change::ReviseDate(n) => register::revise_date(store, &actor, action, day + Duration::days(*n as i64), "supplier delay").map(|_| ()),
        Change::Owner => register::update(store, &actor, action, &register::ActionUpdate { owner_id: Some(review.cfo), ..Default::default() }).map(|_| ()),
        Change::Note => register::update(store, &actor, action, &register::ActionUpdate { note: Some(format!("progress {k}")), ..Default::default() }).map(|_| ()),
        Change::Close => register::complete(store, &actor, action, None).and_then(|_| {
            register::verify(store, &actor, action, &VerifyRequest { verifier_id: review.chair, outcome: Outcome::Accepted, evidence: "Seen".into(), reason: None })
        }).map(|_| ()),
        Change::RenameChair => people::update(store, &actor, review.chair, &PersonChange { name: Some(format!("Renamed Chair {k}")), ..Default::default() }).map(|_| ()),
        Change::RenameOrganisation => organisation::set(store, &actor, &organisation::OrganisationChange { name: Some(format!("Acme {k} Ltd")), ..Default::default() }).map(|_| ()),
        Change::NextReviewKpi(v) => inputs::set_kpi(store, &actor, next, "d2", &inputs::NewKpi { name: "Patching".into(), value: *v as f64, target: Some(95.0), unit: "%".into(), better: inputs::Better::Higher, measured_on: None }),
        Change::ActionEvidence => evidence::add(store, &actor, &EvidenceFor::Action { action: action.to_owned() }, &format!("proof-{k}.txt"), b"closure evidence").map(|_| ()),
    };
}

#[test]
fn an_approved_version_prints_the_same_after_the_register_changes_and_the_annex_shows_today() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let (review, action) = approved(&mut store);
    let first_day = meeting_day() + Duration::days(10);
    let before = pdf_text(&store, &review.reference, &ExportOptions::new(actor_on(first_day).now));
    let frozen = approval::issued(store.conn(), &review.reference).unwrap().expect("approved");
    // The full SHA-256, in groups of eight, so it never wraps to a lone character.
    let grouped = frozen.sha256.as_bytes().chunks(8).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(" ");
    assert!(before.contains(&grouped), "the snapshot's SHA-256 {grouped} is not printed in full");

    let later = meeting_day() + Duration::days(40);
    for (k, change) in [Change::ReviseDate(150), Change::Owner, Change::RenameChair, Change::RenameOrganisation, Change::ActionEvidence, Change::Close].iter().enumerate() {
        apply(&mut store, &review, &action, &review.reference, change, later, k);
    }
    let live = record::load(store.conn(), &review.reference, actor_on(later).now).unwrap();
    assert_eq!(live.actions_raised[0].status, register::ActionStatus::Closed, "the changes happened");
    let after = pdf_text(&store, &review.reference, &ExportOptions::new(actor_on(later).now));
    assert_eq!(before, after, "version 1.0 changed after approval");

    let options = ExportOptions { current_status: true, ..ExportOptions::new(actor_on(later).now) };
    let with_annex = pdf_text(&store, &review.reference, &options);
    let annex = with_annex.find(&format!("Annex B. Status of these actions as at {later}")).expect("the annex, titled with its date");
    // The approved text comes first, unchanged but for the page count in the footers.
    let body = |text: &str| text.lines().filter(|l| !l.contains("Page ")).collect::<Vec<_>>().join("\n");
    assert!(body(&with_annex).starts_with(body(&before).trim_end_matches(['\n', '\u{c}'])), "the approved text changed with the annex");
    assert!(with_annex[annex..].contains("Closed (verified)") && !before.contains("Closed (verified)"), "only the annex tells today's status");
}

#[test]
fn a_signed_minutes_pdf_carries_the_snapshot_the_store_froze() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let (review, _) = approved(&mut store);
    let document = minutes::document(&store, &review.reference, &ExportOptions::new(actor_on(meeting_day() + Duration::days(5)).now), &mut |_| {}).unwrap();
    let bytes = document.render().unwrap().bytes;
    let files = quorum_pdf::embedded_files(&bytes).unwrap();
    let snapshot = files.iter().find(|f| f.name == format!("{}-v1.0-snapshot.json", review.reference)).expect("the snapshot is attached");
    assert_eq!(snapshot.relationship, quorum_pdf::Relationship::Data, "PDF/A-3: the record the minutes render is their Data");
    assert_eq!(approval::match_snapshot(store.conn(), &snapshot.bytes).unwrap(), (review.reference.clone(), "1.0".to_owned()));
    let mut altered = snapshot.bytes.clone();
    altered.extend_from_slice(b" ");
    let refused = approval::match_snapshot(store.conn(), &altered).unwrap_err().to_string();
    assert!(refused.contains("matches no approved revision") && refused.contains(&review.reference), "{refused}");
    // A draft carries none.
    let draft_dir = tempfile::tempdir().unwrap();
    let mut draft_store = fixture::new_store(&draft_dir);
    let draft = compliant(&mut draft_store, Omit { approval: true, ..Default::default() });
    let document = minutes::document(&draft_store, &draft.reference, &ExportOptions::new(actor_on(meeting_day() + Duration::days(5)).now), &mut |_| {}).unwrap();
    assert!(document.attachments.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Random register, people, organisation, KPI and evidence changes after approval never
    /// change the text of the approved version's export.
    #[test]
    fn changes_after_approval_never_change_the_approved_text(changes in proptest::collection::vec(change(), 1..10)) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = fixture::new_store(&dir);
        let (review, action) = approved(&mut store);
        let options = ExportOptions::new(actor_on(meeting_day() + Duration::days(5)).now);
        let before = pdf_text(&store, &review.reference, &options);
        let next = fixture::build(&mut store, meeting_day() + Duration::days(91), meeting_day() + Duration::days(77), meeting_day() + Duration::days(84), Omit { approval: true, ..Default::default() });
        for (k, change) in changes.iter().enumerate() {
            apply(&mut store, &review, &action, &next.reference, change, meeting_day() + Duration::days(95 + k as i64), k);
        }
        let after = pdf_text(&store, &review.reference, &ExportOptions::new(actor_on(meeting_day() + Duration::days(120)).now));
        prop_assert_eq!(before, after);
    }
}
