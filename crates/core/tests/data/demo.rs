use std::time::Instant;

use quorum_core::demo;
use quorum_core::review::{approval, check};

use crate::{actor, count, fresh_store};

#[test]
fn the_demo_is_consistent_and_covers_every_state() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fresh_store(&dir, "demo.db");
    let started = Instant::now();
    let summary = demo::populate(&mut store, &actor()).unwrap();
    eprintln!("demo populated in {:?}: {summary:?}", started.elapsed());
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(summary.people, 25);
    assert_eq!(summary.reviews, 15);
    let q = |sql: &str| count(&store, sql);
    assert_eq!(q("SELECT count(*) FROM people WHERE is_top_management = 1"), 3);
    assert!(q("SELECT count(*) FROM organisation WHERE isms_lead_id IS NOT NULL") == 1);
    assert_eq!(q("SELECT count(*) FROM escalation_levels"), 4);
    assert!(q("SELECT count(*) FROM holidays WHERE name = 'Good Friday'") >= 4);
    assert_eq!(q("SELECT count(*) FROM reviews WHERE kind = 'ad_hoc'"), 2);
    assert_eq!(q("SELECT count(*) FROM reviews WHERE status IN ('planned', 'invitations_sent')"), 1);
    assert_eq!(q("SELECT count(*) FROM reviews WHERE starts_at > '2026-11-20' AND status IN ('planned', 'invitations_sent')"), 1);
    assert_eq!(q("SELECT count(*) FROM reviews WHERE status = 'approved'"), 14);
    assert!(q("SELECT count(*) FROM inputs i JOIN reviews r ON r.id = i.review_id WHERE r.status IN ('planned', 'invitations_sent') AND i.state = 'prepared'") > 0);
    for status in ["open", "in_progress", "completed", "closed"] {
        assert!(q(&format!("SELECT count(*) FROM actions WHERE status = '{status}'")) > 0, "no {status} action");
    }
    assert!(q("SELECT count(*) FROM actions WHERE status <> 'closed' AND target_on < '2026-11-20'") >= 2, "overdue");
    assert!(q("SELECT count(*) FROM actions WHERE escalation_level > 0 AND id IN (SELECT action_id FROM escalations)") >= 2, "escalated");
    assert!(q("SELECT count(*) FROM action_date_revisions r JOIN actions a ON a.id = r.action_id WHERE a.original_target_on = r.previous_on") >= 1);
    assert!(q("SELECT count(*) FROM verifications v JOIN actions a ON a.id = v.action_id WHERE v.outcome = 'accepted' AND a.status = 'closed' AND v.verifier_id <> a.owner_id") > 0);
    assert!(q("SELECT count(*) FROM verifications v JOIN actions a ON a.id = v.action_id WHERE v.outcome = 'rejected' AND a.status = 'in_progress'") > 0);
    assert_eq!(q("SELECT count(*) FROM actions a WHERE NOT EXISTS (SELECT 1 FROM action_status_history h WHERE h.action_id = a.id AND h.to_status = a.status)"), 0);
    assert!(q("SELECT count(*) FROM invitees WHERE attendance = 'apologies'") > 0);
    assert!(q("SELECT count(*) FROM invitees WHERE attendance = 'delegate'") > 0);
    assert!(q("SELECT count(*) FROM inputs WHERE nothing_to_report = 1") > 0);
    assert!(q("SELECT count(*) FROM decisions WHERE area = 'approved_exception'") == 1);
    assert!(q("SELECT count(*) FROM result_area_none") > 0);
    assert!(q("SELECT count(*) FROM minutes_revisions WHERE status = 'approved' AND version = '1.1'") == 1);
    assert_eq!(q("SELECT count(*) FROM minutes_revisions m WHERE NOT EXISTS (SELECT 1 FROM approvals a JOIN reviews r ON r.id = m.review_id WHERE a.revision_id = m.id AND a.person_id = r.chair_id)"), 0);
    assert_eq!(q("SELECT count(*) FROM reviews r WHERE status = 'approved' AND (SELECT count(*) FROM inputs i WHERE i.review_id = r.id) <> 13"), 0);
    assert_eq!(q("SELECT count(*) FROM evidence WHERE size <> length(content)"), 0);
    assert!(q("SELECT count(*) FROM evidence") >= 3);
    for (sha, content) in store.conn().prepare("SELECT sha256, content FROM evidence").unwrap().query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))).unwrap().map(Result::unwrap) {
        use sha2::Digest;
        assert_eq!(sha, hex::encode(sha2::Sha256::digest(&content)));
    }
    assert_eq!(q("SELECT count(*) FROM actions WHERE reference NOT GLOB 'ACT-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9]'"), 0);
    assert_eq!(q("SELECT count(*) FROM reviews WHERE reference NOT GLOB 'MR-[0-9][0-9][0-9][0-9]-[0-9][0-9]'"), 0);
    // The counters are the ones review::create and register::add take the next number from.
    assert_eq!(q("SELECT count(*) FROM sequences WHERE name NOT IN ('review', 'action')"), 0);
    assert_eq!(q("SELECT count(*) FROM sequences s WHERE s.last <> (SELECT count(*) FROM actions WHERE substr(reference, 5, 4) = CAST(s.year AS TEXT)) AND s.name = 'action'"), 0);
    assert_eq!(q("SELECT count(*) FROM sequences s WHERE s.last <> (SELECT count(*) FROM reviews WHERE substr(reference, 4, 4) = CAST(s.year AS TEXT)) AND s.name = 'review'"), 0);
    let now = actor().now;
    for review in quorum_core::review::list(store.conn()).unwrap() {
        let findings = check::check(store.conn(), &review.reference, now).unwrap();
        if review.status == "approved" {
            assert!(findings.is_empty(), "{} is approved, so an auditor should find nothing: {findings:#?}", review.reference);
        } else {
            assert!(findings.iter().any(|f| f.id.starts_with("input-unaddressed/")), "the next review still needs its inputs: {findings:#?}");
        }
        let record = quorum_core::review::record::load(store.conn(), &review.reference, now).unwrap();
        assert_eq!(record.inputs.len(), 13);
    }
    assert!(approval::tampered_revisions(store.conn()).unwrap().is_empty(), "every approved snapshot matches its hash");
}

#[test]
fn the_demo_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = fresh_store(&dir, "a.db");
    let mut b = fresh_store(&dir, "b.db");
    demo::populate(&mut a, &actor()).unwrap();
    demo::populate(&mut b, &actor()).unwrap();
    let ta = quorum_core::transfer::export_json(&a, chrono::Utc::now()).unwrap()["tables"].clone();
    let tb = quorum_core::transfer::export_json(&b, chrono::Utc::now()).unwrap()["tables"].clone();
    let strip = |mut v: serde_json::Value| {
        v.as_object_mut().unwrap().remove("audit_events");
        v.as_object_mut().unwrap().remove("organisation");
        v
    };
    assert_eq!(strip(ta), strip(tb));
}

#[test]
fn the_demo_fills_only_a_new_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fresh_store(&dir, "demo.db");
    demo::populate(&mut store, &actor()).unwrap();
    assert_eq!(demo::populate(&mut store, &actor()).unwrap_err().kind(), "conflict");
}

#[test]
fn the_demo_holds_for_any_day() {
    use chrono::{TimeZone, Utc};
    for (y, m, d) in [(2027, 2, 9), (2025, 1, 1), (2028, 12, 31)] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = fresh_store(&dir, "demo.db");
        let actor = quorum_core::Actor::new("Sarah Whitfield", Utc.with_ymd_and_hms(y, m, d, 8, 0, 0).unwrap());
        let summary = demo::populate(&mut store, &actor).unwrap();
        assert!(store.verify().unwrap().is_ok(), "{y}-{m}-{d}");
        assert_eq!(summary.reviews, 15);
        for status in ["open", "in_progress", "completed", "closed"] {
            assert!(count(&store, &format!("SELECT count(*) FROM actions WHERE status = '{status}'")) > 0, "no {status} action on {y}-{m}-{d}");
        }
    }
}

#[test]
fn references_made_after_the_demo_continue_its_counters() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fresh_store(&dir, "demo.db");
    demo::populate(&mut store, &actor()).unwrap();
    let owner: i64 = store.conn().query_row("SELECT min(id) FROM people", [], |r| r.get(0)).unwrap();
    let new = quorum_core::register::NewAction {
        description: "Raised after the demo".into(),
        source: Some(quorum_core::register::Source::Improvement),
        owner_id: Some(owner),
        target_on: Some("2027-01-31".parse().unwrap()),
        ..Default::default()
    };
    let action = quorum_core::register::add(&mut store, &actor(), &new).unwrap();
    let highest = count(&store, "SELECT max(CAST(substr(reference, 10) AS INTEGER)) FROM actions WHERE reference LIKE 'ACT-2026-%' AND reference <> (SELECT max(reference) FROM actions)");
    assert_eq!(action.reference, format!("ACT-2026-{:03}", highest + 1));
}
