use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::keychain::MemoryKeychain;
use crate::store::{NewStore, Secret};

fn actor() -> Actor {
    Actor::new("Ana Lead", Utc.with_ymd_and_hms(2027, 2, 1, 9, 0, 0).unwrap())
}

fn store(dir: &tempfile::TempDir) -> Store {
    Store::create(&dir.path().join("q.db"), &NewStore { organisation: "Acme".into(), time_zone: "Europe/London".into(), lead: None }, Secret::random_key().unwrap(), Some(&MemoryKeychain::default()), &actor()).unwrap()
}

fn new_review(scope: Scope) -> NewReview {
    NewReview {
        title: "Q1 2027 management review".into(),
        trigger: None,
        trigger_text: None,
        scope,
        starts_at: NaiveDate::from_ymd_opt(2027, 3, 9).unwrap().and_hms_opt(10, 0, 0).unwrap(),
        time_zone: "Europe/London".into(),
        duration_minutes: 120,
        location: Some("Board room".into()),
    }
}

fn person(store: &mut Store, name: &str, top: bool) -> i64 {
    store
        .write(&actor(), |w| {
            w.execute("INSERT INTO people (name, is_top_management) VALUES (?1, ?2)", params![name, top])?;
            let id = w.last_insert_rowid();
            w.audit("person", &id.to_string(), "create", None, None)?;
            Ok(id)
        })
        .unwrap()
}

#[test]
fn a_new_review_has_its_inputs_agenda_and_document_number() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    let review = create(&mut store, &actor(), &new_review(Scope::Both)).unwrap();
    assert_eq!(review.reference, "MR-2027-01");
    assert_eq!(review.status, "planned");
    assert!(review.soc2_criteria.iter().any(|c| c == "CC4.1"));
    let inputs: i64 = store.conn().query_row("SELECT count(*) FROM inputs WHERE review_id = ?1", [review.id], |r| r.get(0)).unwrap();
    assert_eq!(inputs, 13);
    let unmapped: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM inputs i WHERE i.review_id = ?1 AND NOT EXISTS (SELECT 1 FROM agenda_item_inputs a JOIN agenda_items g ON g.id = a.agenda_item_id WHERE g.review_id = i.review_id AND a.input_code = i.code)", [review.id], |r| r.get(0))
        .unwrap();
    assert_eq!(unmapped, 0, "every input is on the agenda");
    let number: String = store.conn().query_row("SELECT document_number FROM document_control WHERE review_id = ?1", [review.id], |r| r.get(0)).unwrap();
    assert_eq!(number, "ISMS-MR-2027-01");

    let second = create(&mut store, &actor(), &new_review(Scope::Iso27001)).unwrap();
    assert_eq!(second.reference, "MR-2027-02");
    assert!(second.soc2_criteria.is_empty());
    let agenda: i64 = store.conn().query_row("SELECT count(*) FROM agenda_items WHERE review_id = ?1", [second.id], |r| r.get(0)).unwrap();
    assert_eq!(agenda as usize, catalogue::STANDARD_AGENDA.len());
}

#[test]
fn references_are_never_reused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    let first = create(&mut store, &actor(), &new_review(Scope::Both)).unwrap();
    store.write(&actor(), |w| {
        w.execute_batch("DELETE FROM agenda_item_inputs; DELETE FROM agenda_items; DELETE FROM inputs; DELETE FROM document_control; DELETE FROM review_transitions; DELETE FROM reviews;")?;
        w.audit("test", "all", "wipe", None, None)
    }).unwrap();
    let again = create(&mut store, &actor(), &new_review(Scope::Both)).unwrap();
    assert_ne!(first.reference, again.reference);
}

#[test]
fn the_lifecycle_moves_forward_and_keeps_its_dates() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    let review = create(&mut store, &actor(), &new_review(Scope::Both)).unwrap();
    let sent = NaiveDate::from_ymd_opt(2027, 2, 20).unwrap();
    let review = transition(&mut store, &actor(), &review.reference, Status::InvitationsSent, Some(sent), None).unwrap();
    assert_eq!(review.invitations_sent_on.as_deref(), Some("2027-02-20"));
    assert_eq!(transition(&mut store, &actor(), &review.reference, Status::Planned, None, None).unwrap_err().kind(), "conflict");
    assert_eq!(transition(&mut store, &actor(), &review.reference, Status::Approved, None, None).unwrap_err().kind(), "conflict");
    let after_the_meeting = Actor::new("Ana Lead", Utc.with_ymd_and_hms(2027, 3, 10, 9, 0, 0).unwrap());
    let review = transition(&mut store, &after_the_meeting, &review.reference, Status::Held, None, None).unwrap();
    assert_eq!(review.held_on.as_deref(), Some("2027-03-10"));
    assert_eq!(review.pack_circulated_on, None, "a skipped step leaves its date empty for the readiness check");
    assert_eq!(transition(&mut store, &actor(), &review.reference, Status::Cancelled, None, None).unwrap_err().kind(), "invalid");
    let review = transition(&mut store, &actor(), &review.reference, Status::Cancelled, None, Some("Merged into the ad hoc review")).unwrap();
    assert_eq!(review.cancelled_reason.as_deref(), Some("Merged into the ad hoc review"));
    let steps: i64 = store.conn().query_row("SELECT count(*) FROM review_transitions WHERE review_id = ?1", [review.id], |r| r.get(0)).unwrap();
    assert_eq!(steps, 4);
    assert!(store.verify().unwrap().is_ok());
}

#[test]
fn a_review_is_held_only_from_its_meeting_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    // 2027-03-09 10:00 in London is 10:00 UTC (no summer time yet).
    let reference = create(&mut store, &actor(), &new_review(Scope::Both)).unwrap().reference;
    let at = |h, m| Actor::new("Ana Lead", Utc.with_ymd_and_hms(2027, 3, 9, h, m, 0).unwrap());
    for (who, to) in [(actor(), Status::Held), (at(9, 59), Status::Held), (at(9, 59), Status::MinutesDrafted)] {
        let refused = transition(&mut store, &who, &reference, to, None, None).unwrap_err();
        assert_eq!(refused.kind(), "conflict");
        let message = refused.to_string();
        assert!(message.contains("starts on 2027-03-09 at 10:00 (Europe/London)") && message.contains("move it"), "{message}");
    }
    let backdated = transition(&mut store, &at(12, 0), &reference, Status::Held, NaiveDate::from_ymd_opt(2027, 3, 8), None).unwrap_err();
    assert!(backdated.to_string().contains("cannot be held before then"), "{backdated}");
    assert_eq!(get(store.conn(), &reference).unwrap().status, "planned", "nothing moved");
    // Moving the meeting is the way to hold it earlier.
    let moved = ReviewChange { starts_at: NaiveDate::from_ymd_opt(2027, 1, 28).unwrap().and_hms_opt(14, 0, 0), ..Default::default() };
    set(&mut store, &actor(), &reference, &moved).unwrap();
    let held = transition(&mut store, &actor(), &reference, Status::Held, None, None).unwrap();
    assert_eq!(held.held_on.as_deref(), Some("2027-02-01"));
    // Cancelling is possible at any time before approval.
    let other = create(&mut store, &actor(), &new_review(Scope::Both)).unwrap().reference;
    transition(&mut store, &actor(), &other, Status::Cancelled, None, Some("Merged")).unwrap();
}

#[test]
fn ad_hoc_reviews_need_their_trigger() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    let mut new = new_review(Scope::Iso27001);
    new.trigger = Some(Trigger::Other);
    assert_eq!(create(&mut store, &actor(), &new).unwrap_err().kind(), "invalid");
    new.trigger_text = Some("Acquisition of a subsidiary".into());
    assert_eq!(create(&mut store, &actor(), &new).unwrap().kind, "ad_hoc");
    new.time_zone = "Mars/Olympus".into();
    assert!(create(&mut store, &actor(), &new).unwrap_err().to_string().contains("IANA"));
}

#[test]
fn quorum_needs_the_chair_top_management_and_members() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    let review = create(&mut store, &actor(), &new_review(Scope::Both)).unwrap();
    let ceo = person(&mut store, "Chiara Chair", true);
    let cfo = person(&mut store, "Fin Officer", true);
    let lead = person(&mut store, "Ana Lead", false);
    invite(&mut store, &actor(), &review.reference, ceo, "chair", true).unwrap();
    invite(&mut store, &actor(), &review.reference, cfo, "top_management", true).unwrap();
    invite(&mut store, &actor(), &review.reference, lead, "isms_lead", true).unwrap();

    let status = quorum(store.conn(), &review.reference).unwrap();
    assert!(!status.met);
    assert_eq!(status.shortfalls.len(), 3, "{:?}", status.shortfalls);

    attend(&mut store, &actor(), &review.reference, ceo, "present", None).unwrap();
    attend(&mut store, &actor(), &review.reference, cfo, "apologies", None).unwrap();
    assert_eq!(attend(&mut store, &actor(), &review.reference, lead, "delegate", None).unwrap_err().kind(), "invalid");
    attend(&mut store, &actor(), &review.reference, lead, "delegate", Some("Dev Deputy")).unwrap();
    let status = quorum(store.conn(), &review.reference).unwrap();
    // The chair is top management and present in person: 1 of 1; 2 members of 3.
    assert_eq!((status.chair_present, status.top_management_present, status.members_present), (true, 1, 2));
    assert_eq!(status.shortfalls, vec!["2 member(s) present, 3 required".to_owned()]);

    attend(&mut store, &actor(), &review.reference, cfo, "present", None).unwrap();
    assert!(quorum(store.conn(), &review.reference).unwrap().met);
}
