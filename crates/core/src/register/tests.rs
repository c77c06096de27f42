use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

use super::*;
use crate::store::{NewStore, Secret};

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    owner: i64,
    verifier: i64,
    manager: i64,
    ciso: i64,
}

fn t(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn at(text: &str) -> Actor {
    Actor::new("isms.lead", t(text))
}

fn person(store: &mut Store, name: &str, email: &str, manager: Option<i64>) -> i64 {
    store
        .write(&at("2027-01-01T08:00:00Z"), |w| {
            w.execute("INSERT INTO people (name, email, line_manager_id) VALUES (?1, ?2, ?3)", params![name, email, manager])?;
            let id = w.last_insert_rowid();
            w.audit("person", &id.to_string(), "create", None, Some(&serde_json::json!({"name": name})))?;
            Ok(id)
        })
        .unwrap()
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let new = NewStore { organisation: "X".into(), time_zone: "UTC".into(), lead: None };
    let mut store = Store::create(&dir.path().join("q.db"), &new, Secret::passphrase("correct horse battery staple"), None, &at("2027-01-01T08:00:00Z")).unwrap();
    let manager = person(&mut store, "Max Manager", "max@x.test", None);
    let owner = person(&mut store, "Olivia Owner", "olivia@x.test", Some(manager));
    let verifier = person(&mut store, "Vera Verifier", "vera@x.test", None);
    let ciso = person(&mut store, "Cas Ciso", "cas@x.test", None);
    set_escalation_path(&mut store, &at("2027-01-01T08:00:00Z"), &[("Line manager".into(), None), ("CISO".into(), Some(ciso))]).unwrap();
    Fixture { _dir: dir, store, owner, verifier, manager, ciso }
}

fn new_action(owner: i64, target: &str) -> NewAction {
    NewAction {
        description: "Patch the VPN concentrators".into(),
        source: Some(Source::AuditFinding),
        owner_id: Some(owner),
        target_on: Some(d(target)),
        priority: Some(Priority::High),
        tags: vec!["patching".into()],
        ..NewAction::default()
    }
}

fn accept(verifier: i64) -> VerifyRequest {
    VerifyRequest { verifier_id: verifier, outcome: Outcome::Accepted, evidence: "patch report 2027-02".into(), reason: None }
}

#[test]
fn references_count_up_per_year_and_are_never_reused() {
    let mut f = fixture();
    let a = add(&mut f.store, &at("2027-02-01T09:00:00Z"), &new_action(f.owner, "2027-06-30")).unwrap();
    let b = add(&mut f.store, &at("2027-02-01T09:00:00Z"), &new_action(f.owner, "2027-06-30")).unwrap();
    assert_eq!((a.reference.as_str(), b.reference.as_str()), ("ACT-2027-001", "ACT-2027-002"));
    // A failed add consumes nothing visible, and the next one goes on from the last.
    assert!(add(&mut f.store, &at("2027-02-01T09:00:00Z"), &new_action(f.owner, "2026-01-01")).is_err());
    let c = add(&mut f.store, &at("2027-02-02T09:00:00Z"), &new_action(f.owner, "2027-06-30")).unwrap();
    assert_eq!(c.reference, "ACT-2027-003");
    let e = add(&mut f.store, &at("2028-01-02T09:00:00Z"), &new_action(f.owner, "2028-06-30")).unwrap();
    assert_eq!(e.reference, "ACT-2028-001");
    assert_eq!(a.status, ActionStatus::Open);
    assert_eq!(a.original_target_on, Some(d("2027-06-30")));
    assert_eq!(a.owner.as_ref().unwrap().name, "Olivia Owner");
}

#[test]
fn an_action_needs_owner_target_and_source() {
    let mut f = fixture();
    let now = at("2027-02-01T09:00:00Z");
    for (broken, expected) in [
        (NewAction { owner_id: None, ..new_action(f.owner, "2027-06-30") }, "no owner"),
        (NewAction { target_on: None, ..new_action(f.owner, "2027-06-30") }, "no target date"),
        (NewAction { source: None, ..new_action(f.owner, "2027-06-30") }, "no source"),
        (NewAction { description: "  ".into(), ..new_action(f.owner, "2027-06-30") }, "no description"),
        (NewAction { owner_id: Some(999), ..new_action(f.owner, "2027-06-30") }, "person 999"),
    ] {
        let error = add(&mut f.store, &now, &broken).unwrap_err();
        assert!(error.to_string().contains(expected), "{error}");
        assert!(error.is_input_error());
    }
}

#[test]
fn the_owner_cannot_close_and_a_verifier_can() {
    let mut f = fixture();
    let a = add(&mut f.store, &at("2027-02-01T09:00:00Z"), &new_action(f.owner, "2027-06-30")).unwrap();
    // Not completed yet: nothing to verify.
    let error = verify(&mut f.store, &at("2027-02-02T09:00:00Z"), &a.reference, &accept(f.verifier)).unwrap_err();
    assert!(matches!(error, Error::Conflict(_)), "{error}");
    complete(&mut f.store, &at("2027-03-01T09:00:00Z"), &a.reference, Some("patched all four")).unwrap();
    let error = verify(&mut f.store, &at("2027-03-02T09:00:00Z"), &a.reference, &accept(f.owner)).unwrap_err();
    assert!(error.to_string().contains("cannot verify"), "{error}");
    // Nor can the owner be swapped while the claim awaits verification.
    let swap = ActionUpdate { owner_id: Some(f.verifier), ..ActionUpdate::default() };
    assert!(matches!(update(&mut f.store, &at("2027-03-02T09:00:00Z"), &a.reference, &swap).unwrap_err(), Error::Conflict(_)));
    let closed = verify(&mut f.store, &at("2027-03-03T09:00:00Z"), &a.reference, &accept(f.verifier)).unwrap();
    assert_eq!(closed.status, ActionStatus::Closed);
    assert_eq!(closed.closed_at, Some(t("2027-03-03T09:00:00Z")));
    let detail = show(f.store.conn(), &a.reference, t("2027-03-04T09:00:00Z")).unwrap();
    let path: Vec<_> = detail.status_history.iter().map(|h| h.to).collect();
    assert_eq!(path, [ActionStatus::Open, ActionStatus::Completed, ActionStatus::Closed]);
    assert_eq!(detail.verifications.len(), 1);
    assert_eq!(detail.verifications[0].verifier.name, "Vera Verifier");
    assert_eq!(detail.notes.len(), 1);
    // Closed is final.
    assert!(matches!(complete(&mut f.store, &at("2027-03-05T09:00:00Z"), &a.reference, None).unwrap_err(), Error::Conflict(_)));
}

#[test]
fn a_rejected_verification_sends_the_action_back_with_the_reason() {
    let mut f = fixture();
    let a = add(&mut f.store, &at("2027-02-01T09:00:00Z"), &new_action(f.owner, "2027-06-30")).unwrap();
    complete(&mut f.store, &at("2027-03-01T09:00:00Z"), &a.reference, None).unwrap();
    let no_reason = VerifyRequest { outcome: Outcome::Rejected, ..accept(f.verifier) };
    assert!(verify(&mut f.store, &at("2027-03-02T09:00:00Z"), &a.reference, &no_reason).unwrap_err().to_string().contains("reason"));
    let reject = VerifyRequest { reason: Some("two hosts still on the old firmware".into()), ..no_reason };
    let back = verify(&mut f.store, &at("2027-03-02T09:00:00Z"), &a.reference, &reject).unwrap();
    assert_eq!(back.status, ActionStatus::InProgress);
    assert_eq!(back.completed_at, None);
    let detail = show(f.store.conn(), &a.reference, t("2027-03-02T10:00:00Z")).unwrap();
    let last = detail.status_history.last().unwrap();
    assert_eq!((last.from, last.to), (Some(ActionStatus::Completed), ActionStatus::InProgress));
    assert!(last.note.as_deref().unwrap().contains("two hosts"));
    assert!(detail.notes.iter().any(|n| n.text.contains("two hosts")));
    assert_eq!(detail.verifications[0].outcome, Outcome::Rejected);
}

#[test]
fn every_change_is_audited_with_before_and_after() {
    let mut f = fixture();
    let before: i64 = f.store.conn().query_row("SELECT count(*) FROM audit_events", [], |r| r.get(0)).unwrap();
    let a = add(&mut f.store, &at("2027-02-01T09:00:00Z"), &new_action(f.owner, "2027-06-30")).unwrap();
    update(&mut f.store, &at("2027-02-02T09:00:00Z"), &a.reference, &ActionUpdate { status: Some(ActionStatus::InProgress), note: Some("started".into()), ..Default::default() }).unwrap();
    revise_date(&mut f.store, &at("2027-02-03T09:00:00Z"), &a.reference, d("2027-07-31"), "vendor delay").unwrap();
    complete(&mut f.store, &at("2027-02-04T09:00:00Z"), &a.reference, None).unwrap();
    verify(&mut f.store, &at("2027-02-05T09:00:00Z"), &a.reference, &accept(f.verifier)).unwrap();
    let mut statement = f.store.conn().prepare("SELECT action, before, after FROM audit_events WHERE entity = 'action' AND entity_id = ?1 ORDER BY id").unwrap();
    let events: Vec<(String, Option<String>, Option<String>)> = statement.query_map([&a.reference], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    let kinds: Vec<&str> = events.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(kinds, ["create", "update", "revise_date", "complete", "verify_accept"]);
    assert!(events[0].1.is_none() && events[1..].iter().all(|e| e.1.is_some() && e.2.is_some()));
    assert!(events[4].2.as_deref().unwrap().contains("\"status\":\"closed\""));
    let after: i64 = f.store.conn().query_row("SELECT count(*) FROM audit_events", [], |r| r.get(0)).unwrap();
    assert_eq!(after - before, 5);
    assert!(crate::store::audit::verify(f.store.conn()).unwrap().is_intact());
}

#[test]
fn a_revised_date_keeps_the_original_and_on_time_means_the_original() {
    let mut f = fixture();
    let a = add(&mut f.store, &at("2027-02-01T09:00:00Z"), &new_action(f.owner, "2027-03-31")).unwrap();
    assert!(revise_date(&mut f.store, &at("2027-02-02T09:00:00Z"), &a.reference, d("2027-04-30"), " ").is_err());
    let moved = revise_date(&mut f.store, &at("2027-02-02T09:00:00Z"), &a.reference, d("2027-04-30"), "supplier late").unwrap();
    revise_date(&mut f.store, &at("2027-03-02T09:00:00Z"), &a.reference, d("2027-05-31"), "still late").unwrap();
    assert_eq!((moved.original_target_on, moved.target_on), (Some(d("2027-03-31")), Some(d("2027-04-30"))));
    let detail = show(f.store.conn(), &a.reference, t("2027-03-03T09:00:00Z")).unwrap();
    let revisions: Vec<_> = detail.date_revisions.iter().map(|r| (r.previous_on, r.new_on, r.reason.as_str())).collect();
    assert_eq!(revisions, [(d("2027-03-31"), d("2027-04-30"), "supplier late"), (d("2027-04-30"), d("2027-05-31"), "still late")]);
    // Not overdue against the revised date...
    assert!(!get(f.store.conn(), &a.reference, t("2027-04-15T09:00:00Z")).unwrap().overdue);
    complete(&mut f.store, &at("2027-04-15T09:00:00Z"), &a.reference, None).unwrap();
    verify(&mut f.store, &at("2027-04-16T09:00:00Z"), &a.reference, &accept(f.verifier)).unwrap();
    // ...but closed after the original date: not on time.
    let m = metrics_as_of(f.store.conn(), t("2027-04-17T00:00:00Z")).unwrap();
    assert_eq!((m.closed, m.closed_on_time, m.on_time_share), (1, 0, Some(0.0)));
}

#[test]
fn overdue_is_derived_from_now() {
    let mut f = fixture();
    let a = add(&mut f.store, &at("2027-02-01T09:00:00Z"), &new_action(f.owner, "2027-03-31")).unwrap();
    let on_the_day = get(f.store.conn(), &a.reference, t("2027-03-31T23:00:00Z")).unwrap();
    assert!(!on_the_day.overdue);
    let later = get(f.store.conn(), &a.reference, t("2027-04-10T09:00:00Z")).unwrap();
    assert!(later.overdue);
    assert_eq!(later.days_overdue, 10);
    let overdue = list(f.store.conn(), &ActionFilter { overdue: Some(true), ..Default::default() }, t("2027-04-10T09:00:00Z")).unwrap();
    assert_eq!(overdue.len(), 1);
    let none = list(f.store.conn(), &ActionFilter { overdue: Some(true), ..Default::default() }, t("2027-03-10T09:00:00Z")).unwrap();
    assert!(none.is_empty());
}

#[test]
fn escalation_goes_up_one_level_at_a_time_and_only_when_due() {
    let mut f = fixture();
    let a = add(&mut f.store, &at("2027-02-01T09:00:00Z"), &new_action(f.owner, "2027-03-31")).unwrap();
    update(&mut f.store, &at("2027-03-01T09:00:00Z"), &a.reference, &ActionUpdate { note: Some("waiting on vendor".into()), ..Default::default() }).unwrap();
    // Neither overdue nor stalled.
    let error = escalate(&mut f.store, &at("2027-03-10T09:00:00Z"), &a.reference, &EscalateRequest::default()).unwrap_err();
    assert!(error.to_string().contains("neither overdue"), "{error}");
    let forced_without_note = EscalateRequest { force: true, ..Default::default() };
    assert!(escalate(&mut f.store, &at("2027-03-10T09:00:00Z"), &a.reference, &forced_without_note).is_err());
    // Stalled: 30 days without a note or a status change.
    let stalled_filter = ActionFilter { stalled: Some(true), ..Default::default() };
    assert!(list(f.store.conn(), &stalled_filter, t("2027-03-30T09:00:00Z")).unwrap().is_empty());
    assert_eq!(list(f.store.conn(), &stalled_filter, t("2027-03-31T09:00:00Z")).unwrap().len(), 1);
    let stalled = escalate(&mut f.store, &at("2027-03-31T09:00:00Z"), &a.reference, &EscalateRequest { note: Some("no news".into()), ..Default::default() }).unwrap();
    assert_eq!(stalled.escalation_level, 1);
    assert_eq!(stalled.escalation_level_name.as_deref(), Some("Line manager"));
    // Overdue: the next level, a named person.
    let up = escalate(&mut f.store, &at("2027-04-10T09:00:00Z"), &a.reference, &EscalateRequest::default()).unwrap();
    assert_eq!(up.escalation_level, 2);
    let error = escalate(&mut f.store, &at("2027-04-11T09:00:00Z"), &a.reference, &EscalateRequest::default()).unwrap_err();
    assert!(error.to_string().contains("last escalation level"), "{error}");
    let detail = show(f.store.conn(), &a.reference, t("2027-04-11T09:00:00Z")).unwrap();
    let steps: Vec<_> = detail.escalations.iter().map(|e| (e.level, e.person.as_ref().unwrap().id, e.at)).collect();
    assert_eq!(steps, [(1, f.manager, t("2027-03-31T09:00:00Z")), (2, f.ciso, t("2027-04-10T09:00:00Z"))]);
    assert_eq!(detail.escalations[0].note.as_deref(), Some("no news"));
}

#[test]
fn escalating_to_a_missing_line_manager_says_what_to_record() {
    let mut f = fixture();
    let a = add(&mut f.store, &at("2027-02-01T09:00:00Z"), &new_action(f.verifier, "2027-03-31")).unwrap();
    let error = escalate(&mut f.store, &at("2027-04-10T09:00:00Z"), &a.reference, &EscalateRequest::default()).unwrap_err();
    assert!(error.to_string().contains("line manager"), "{error}");
    assert_eq!(get(f.store.conn(), &a.reference, t("2027-04-10T09:00:00Z")).unwrap().escalation_level, 0);
}

#[test]
fn people_are_found_by_id_email_or_name() {
    let f = fixture();
    let conn = f.store.conn();
    assert_eq!(resolve_person(conn, "vera@x.test").unwrap().id, f.verifier);
    assert_eq!(resolve_person(conn, "olivia owner").unwrap().id, f.owner);
    assert_eq!(resolve_person(conn, "Olivia").unwrap().id, f.owner);
    assert_eq!(resolve_person(conn, &f.ciso.to_string()).unwrap().id, f.ciso);
    let error = resolve_person(conn, "Olivai Owner").unwrap_err();
    assert!(error.to_string().contains("did you mean Olivia Owner"), "{error}");
    let error = resolve_person(conn, "x.test").unwrap_err();
    assert!(error.to_string().contains("several people"), "{error}");
}

fn review(store: &mut Store, reference: &str, held_on: &str) -> i64 {
    store
        .write(&at("2027-01-01T08:00:00Z"), |w| {
            w.execute(
                "INSERT INTO reviews (reference, title, kind, status, starts_at, time_zone, held_on, ical_uid, created_at)
                 VALUES (?1, 'Review', 'scheduled', 'held', ?2, 'UTC', ?2, ?1, '2027-01-01T08:00:00Z')",
                params![reference, held_on],
            )?;
            let id = w.last_insert_rowid();
            w.audit("review", &id.to_string(), "create", None, None)?;
            Ok(id)
        })
        .unwrap()
}

/// A register whose answers are worked out by hand:
/// A1 high, owner, due 03-31, closed 03-20 (on time, 47 days after 02-01);
/// A2 medium, owner, raised 03-21 due 03-25, revised to 04-30, closed 04-20 (late against 03-25; 30 days);
/// A3 low, verifier, due 03-10, still open: overdue from 03-11, escalated on 03-20;
/// A4 high, owner, due 06-30, in progress, tagged like A1.
#[test]
fn metrics_on_a_known_register() {
    let mut f = fixture();
    let r1 = review(&mut f.store, "MR-2027-01", "2027-03-15");
    review(&mut f.store, "MR-2027-02", "2027-04-25");
    let mut one = new_action(f.owner, "2027-03-31");
    one.review_id = Some(r1);
    one.tags = vec!["patching".into(), "vpn".into()];
    let a1 = add(&mut f.store, &at("2027-02-01T09:00:00Z"), &one).unwrap().reference;
    let a2 = add(&mut f.store, &at("2027-03-21T09:00:00Z") , &NewAction { priority: Some(Priority::Medium), source: Some(Source::KpiGap), tags: vec![], ..new_action(f.owner, "2027-03-25") }).unwrap().reference;
    let a3 = add(&mut f.store, &at("2027-02-01T09:00:00Z"), &NewAction { priority: Some(Priority::Low), source: Some(Source::KpiGap), tags: vec![], owner_id: Some(f.verifier), ..new_action(f.owner, "2027-03-10") }).unwrap().reference;
    let a4 = add(&mut f.store, &at("2027-03-16T09:00:00Z"), &new_action(f.owner, "2027-06-30")).unwrap().reference;
    complete(&mut f.store, &at("2027-03-19T09:00:00Z"), &a1, None).unwrap();
    verify(&mut f.store, &at("2027-03-20T09:00:00Z"), &a1, &accept(f.verifier)).unwrap();
    f.store.write(&at("2027-03-20T09:00:00Z"), |w| {
        w.execute("UPDATE people SET line_manager_id = ?1 WHERE id = ?2", [f.manager, f.verifier])?;
        w.audit("person", "x", "update", None, None)
    }).unwrap();
    escalate(&mut f.store, &at("2027-03-20T10:00:00Z"), &a3, &EscalateRequest::default()).unwrap();
    update(&mut f.store, &at("2027-03-22T09:00:00Z"), &a4, &ActionUpdate { status: Some(ActionStatus::InProgress), ..Default::default() }).unwrap();
    revise_date(&mut f.store, &at("2027-03-22T09:00:00Z"), &a2, d("2027-04-30"), "audit moved").unwrap();
    complete(&mut f.store, &at("2027-04-19T09:00:00Z"), &a2, None).unwrap();
    verify(&mut f.store, &at("2027-04-20T09:00:00Z"), &a2, &accept(f.verifier)).unwrap();

    let report = metrics(f.store.conn(), t("2027-05-01T12:00:00Z"), 5).unwrap();
    let now = &report.current;
    assert_eq!(now.total, 4);
    assert_eq!(now.by_status, metrics::ByStatus { open: 1, in_progress: 1, completed: 0, closed: 2 });
    assert_eq!((now.open.total, now.open.high, now.open.low), (2, 1, 1));
    assert_eq!((now.overdue.total, now.overdue.low), (1, 1));
    assert_eq!((now.escalated.total, now.escalated.low), (1, 1));
    assert_eq!(now.escalations, 1);
    assert_eq!((now.closed, now.closed_on_time, now.on_time_share), (2, 1, Some(0.5)));
    let mean = now.mean_days_to_close.unwrap();
    assert!((mean - (47.0 + 30.0) / 2.0).abs() < 1e-9, "{mean}");
    let owners: Vec<_> = now.by_owner.iter().map(|o| (o.owner.as_ref().unwrap().id, o.open, o.overdue, o.escalated)).collect();
    assert_eq!(owners, [(f.owner, 1, 0, 0), (f.verifier, 1, 1, 1)]);
    let themes: Vec<_> = now.themes.iter().map(|t| (t.dimension.as_str(), t.name.as_str(), t.count, t.recurring)).collect();
    assert_eq!(themes, [("source", "audit_finding", 2, true), ("source", "kpi_gap", 2, true), ("tag", "patching", 2, true), ("tag", "vpn", 1, false)]);

    // As of the first review (2027-03-15): A1 and A3 exist; A3 overdue since 03-11, nothing closed.
    assert_eq!(report.trend.len(), 2);
    let first = &report.trend[0];
    assert_eq!((first.review_reference.as_str(), first.held_on), ("MR-2027-01", d("2027-03-15")));
    assert_eq!((first.metrics.total, first.metrics.open.total, first.metrics.overdue.total, first.metrics.escalated.total), (2, 2, 1, 0));
    assert_eq!((first.metrics.closed, first.metrics.on_time_share, first.metrics.escalations), (0, None, 0));
    // As of the second (2027-04-25): A2 closed late against its original date.
    let second = &report.trend[1].metrics;
    assert_eq!((second.total, second.closed, second.closed_on_time, second.escalations), (4, 2, 1, 1));
    assert_eq!((second.overdue.total, second.escalated.total), (1, 1));
    // A review filter narrows the list.
    let of_review = list(f.store.conn(), &ActionFilter { review_id: Some(r1), ..Default::default() }, t("2027-05-01T12:00:00Z")).unwrap();
    assert_eq!(of_review.iter().map(|a| a.reference.as_str()).collect::<Vec<_>>(), [a1.as_str()]);
}

mod properties {
    use std::cell::RefCell;

    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    use super::*;

    #[derive(Debug, Clone)]
    enum Op {
        Start,
        Note(usize),
        Complete,
        Verify { by: usize, accept: bool },
        Revise(u8),
        Escalate { force: bool },
        Reassign(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            Just(Op::Start),
            (0..4usize).prop_map(Op::Note),
            Just(Op::Complete),
            (0..4usize, any::<bool>()).prop_map(|(by, accept)| Op::Verify { by, accept }),
            (1..60u8).prop_map(Op::Revise),
            any::<bool>().prop_map(|force| Op::Escalate { force }),
            (0..4usize).prop_map(Op::Reassign),
        ]
    }

    /// No sequence of calls, by anyone, closes an action without an accepted verification by
    /// someone other than its owner; and the history always ends in the current status.
    #[test]
    fn no_sequence_of_calls_closes_without_an_independent_verifier() {
        let f = RefCell::new(fixture());
        let people = {
            let f = f.borrow();
            [f.owner, f.verifier, f.manager, f.ciso]
        };
        let closed = std::cell::Cell::new(0u32);
        let rejected = std::cell::Cell::new(0u32);
        let mut runner = TestRunner::new(Config { cases: 48, failure_persistence: None, ..Config::default() });
        runner
            .run(&(0..4usize, proptest::collection::vec((op(), 0..20u32), 1..25)), |(owner, ops)| {
                let mut f = f.borrow_mut();
                let store = &mut f.store;
                let mut now = t("2027-02-01T09:00:00Z");
                let created = add(store, &Actor::new("lead", now), &new_action(people[owner], "2027-04-30")).unwrap();
                let key = created.reference.clone();
                for (op, days) in ops {
                    now += chrono::Duration::days(i64::from(days));
                    let actor = Actor::new(format!("user{}", days % 3), now);
                    let before = get(store.conn(), &key, now).unwrap();
                    let result = match op {
                        Op::Start => update(store, &actor, &key, &ActionUpdate { status: Some(ActionStatus::InProgress), ..Default::default() }),
                        Op::Note(i) => update(store, &actor, &key, &ActionUpdate { note: Some(format!("note {i}")), ..Default::default() }),
                        Op::Complete => complete(store, &actor, &key, None),
                        Op::Verify { by, accept } => verify(
                            store,
                            &actor,
                            &key,
                            &VerifyRequest {
                                verifier_id: people[by],
                                outcome: if accept { Outcome::Accepted } else { Outcome::Rejected },
                                evidence: "evidence".into(),
                                reason: Some("missing".into()),
                            },
                        ),
                        Op::Revise(n) => revise_date(store, &actor, &key, now.date_naive() + chrono::Duration::days(i64::from(n)), "reason"),
                        Op::Escalate { force } => escalate(store, &actor, &key, &EscalateRequest { force, note: Some("n".into()), ..Default::default() }),
                        Op::Reassign(p) => update(store, &actor, &key, &ActionUpdate { owner_id: Some(people[p]), ..Default::default() }),
                    };
                    let after = get(store.conn(), &key, now).unwrap();
                    if result.is_err() {
                        prop_assert_eq!(&before.status, &after.status, "a refused call changed the status");
                    }
                    if before.status == ActionStatus::Closed {
                        prop_assert!(result.is_err(), "a closed action accepted {:?}", op);
                    }
                    if after.status == ActionStatus::Closed && before.status != ActionStatus::Closed {
                        let Op::Verify { by, accept: true } = op else { panic!("closed by {op:?}") };
                        prop_assert_ne!(Some(people[by]), before.owner.as_ref().map(|o| o.id), "the owner verified");
                        prop_assert_eq!(before.status, ActionStatus::Completed);
                    }
                }
                // The history ends in the current status, each step starts where the last ended,
                // and a closed action has exactly one accepted verification by a non-owner.
                let detail = show(store.conn(), &key, now).unwrap();
                let mut last = None;
                for step in &detail.status_history {
                    prop_assert_eq!(step.from, last);
                    last = Some(step.to);
                }
                prop_assert_eq!(last, Some(detail.action.status));
                let accepted: Vec<_> = detail.verifications.iter().filter(|v| v.outcome == Outcome::Accepted).collect();
                rejected.set(rejected.get() + detail.verifications.iter().filter(|v| v.outcome == Outcome::Rejected).count() as u32);
                if detail.action.status == ActionStatus::Closed {
                    closed.set(closed.get() + 1);
                    prop_assert_eq!(accepted.len(), 1);
                    prop_assert_ne!(Some(accepted[0].verifier.id), detail.action.owner.as_ref().map(|o| o.id));
                } else {
                    prop_assert!(accepted.is_empty());
                }
                prop_assert_eq!(detail.escalations.len() as i64, detail.action.escalation_level);
                prop_assert_eq!(detail.date_revisions.last().map(|r| r.new_on).or(detail.action.original_target_on), detail.action.target_on);
                Ok(())
            })
            .unwrap();
        // The generator does reach both ends of verification.
        assert!(closed.get() > 0 && rejected.get() > 0, "closed {} rejected {}", closed.get(), rejected.get());
    }
}

#[test]
fn an_action_links_to_the_review_of_its_decision() {
    let mut f = fixture();
    let r1 = review(&mut f.store, "MR-2027-01", "2027-01-15");
    let r2 = review(&mut f.store, "MR-2027-02", "2027-01-20");
    let decision = f
        .store
        .write(&at("2027-01-15T12:00:00Z"), |w| {
            w.execute("INSERT INTO decisions (review_id, area, text, created_at) VALUES (?1, 'resources', 'Hire a SOC analyst', '2027-01-15T12:00:00Z')", [r1])?;
            let id = w.last_insert_rowid();
            w.audit("decision", &id.to_string(), "create", None, None)?;
            Ok(id)
        })
        .unwrap();
    let linked = add(&mut f.store, &at("2027-02-01T09:00:00Z"), &NewAction { decision_id: Some(decision), ..new_action(f.owner, "2027-06-30") }).unwrap();
    assert_eq!((linked.review_id, linked.review_reference.as_deref(), linked.decision_id), (Some(r1), Some("MR-2027-01"), Some(decision)));
    let crossed = NewAction { decision_id: Some(decision), review_id: Some(r2), ..new_action(f.owner, "2027-06-30") };
    let error = add(&mut f.store, &at("2027-02-01T09:00:00Z"), &crossed).unwrap_err();
    assert!(error.to_string().contains("another review"), "{error}");
    let missing = NewAction { input_id: Some(77), ..new_action(f.owner, "2027-06-30") };
    assert!(matches!(add(&mut f.store, &at("2027-02-01T09:00:00Z"), &missing).unwrap_err(), Error::NotFound { .. }));
}

/// Every filter and sort of `page`, done in SQL, against the same rule applied in Rust to
/// every action with its fields derived by `derive`, on a register with each kind of row.
#[test]
fn a_page_filters_sorts_and_counts_as_the_rules_say() {
    let mut f = fixture();
    let day = "2027-02-01T09:00:00Z";
    for (n, target) in ["2027-03-01", "2027-03-15", "2027-04-01", "2027-05-01", "2027-06-01", "2027-02-20"].iter().enumerate() {
        let mut new = new_action(if n % 2 == 0 { f.owner } else { f.manager }, target);
        new.description = format!("Item {n} for the VPN");
        new.priority = Some([Priority::High, Priority::Low, Priority::Medium][n % 3]);
        new.source = Some(if n < 3 { Source::Risk } else { Source::Incident });
        new.tags = vec![if n % 2 == 0 { "network".into() } else { "people".into() }];
        add(&mut f.store, &at(day), &new).unwrap();
    }
    // In progress and overdue, escalated, completed, closed, a recent note; untouched
    // for over 30 days is stalled.
    update(&mut f.store, &at("2027-02-10T09:00:00Z"), "ACT-2027-002", &ActionUpdate { status: Some(ActionStatus::InProgress), ..Default::default() }).unwrap();
    escalate(&mut f.store, &at("2027-03-20T09:00:00Z"), "ACT-2027-001", &EscalateRequest::default()).unwrap();
    complete(&mut f.store, &at("2027-03-20T10:00:00Z"), "ACT-2027-003", None).unwrap();
    complete(&mut f.store, &at("2027-03-20T10:00:00Z"), "ACT-2027-004", None).unwrap();
    verify(&mut f.store, &at("2027-03-21T10:00:00Z"), "ACT-2027-004", &accept(f.verifier)).unwrap();
    update(&mut f.store, &at("2027-03-25T09:00:00Z"), "ACT-2027-005", &ActionUpdate { note: Some("on it".into()), ..Default::default() }).unwrap();
    let now = t("2027-04-05T09:00:00Z");
    let all = list(f.store.conn(), &ActionFilter::default(), now).unwrap();
    assert_eq!(all.len(), 6);
    let refs = |actions: &[Action]| actions.iter().map(|a| a.reference.clone()).collect::<Vec<_>>();
    let cases: Vec<(ActionFilter, Box<dyn Fn(&Action) -> bool>)> = vec![
        (ActionFilter { statuses: vec![ActionStatus::Open], ..Default::default() }, Box::new(|a: &Action| a.status == ActionStatus::Open)),
        (ActionFilter { owner_id: Some(f.manager), ..Default::default() }, Box::new(|a: &Action| a.owner.as_ref().map(|o| o.id) == Some(f.manager))),
        (ActionFilter { priority: Some(Priority::High), ..Default::default() }, Box::new(|a: &Action| a.priority == Some(Priority::High))),
        (ActionFilter { overdue: Some(true), ..Default::default() }, Box::new(|a: &Action| a.overdue)),
        (ActionFilter { overdue: Some(false), ..Default::default() }, Box::new(|a: &Action| !a.overdue)),
        (ActionFilter { escalated: Some(true), ..Default::default() }, Box::new(|a: &Action| a.escalation_level > 0 && a.status.is_open())),
        (ActionFilter { stalled: Some(true), ..Default::default() }, Box::new(|a: &Action| a.stalled)),
        (ActionFilter { stalled: Some(false), ..Default::default() }, Box::new(|a: &Action| !a.stalled)),
        (ActionFilter { source: Some(Source::Incident), ..Default::default() }, Box::new(|a: &Action| a.source == Source::Incident)),
        (ActionFilter { tag: Some("Network".into()), ..Default::default() }, Box::new(|a: &Action| a.tags.contains(&"network".to_owned()))),
        (ActionFilter { no_review: true, ..Default::default() }, Box::new(|a: &Action| a.review_id.is_none())),
        (ActionFilter { search: Some("max ITEM".into()), ..Default::default() }, Box::new(|a: &Action| a.owner.as_ref().is_some_and(|o| o.name.starts_with("Max")))),
        (ActionFilter { search: Some("incident 5".into()), ..Default::default() }, Box::new(|a: &Action| ["ACT-2027-005", "ACT-2027-006"].contains(&a.reference.as_str()))),
    ];
    for (filter, rule) in &cases {
        let expected: Vec<Action> = all.iter().filter(|a| rule(a)).cloned().collect();
        let got = list(f.store.conn(), filter, now).unwrap();
        assert_eq!(refs(&got), refs(&expected), "{filter:?}");
        let first = page(f.store.conn(), &ActionQuery { filter: filter.clone(), limit: Some(1), ..Default::default() }, now).unwrap();
        assert_eq!(first.total as usize, expected.len(), "{filter:?}");
        assert_eq!(refs(&first.rows), refs(&expected[..expected.len().min(1)]), "{filter:?}");
    }
    assert!(all.iter().any(|a| a.stalled) && all.iter().any(|a| a.overdue) && all.iter().any(|a| !a.overdue), "the register has each kind of row");

    // Sorts: by target date both ways, then a page from the middle.
    let by_target = |descending| page(f.store.conn(), &ActionQuery { sort: ActionSort::TargetDate, descending, ..Default::default() }, now).unwrap().rows;
    let ascending = refs(&by_target(false));
    assert_eq!(ascending, ["ACT-2027-006", "ACT-2027-001", "ACT-2027-002", "ACT-2027-003", "ACT-2027-004", "ACT-2027-005"]);
    assert_eq!(refs(&by_target(true)), ascending.iter().rev().cloned().collect::<Vec<_>>());
    let middle = page(f.store.conn(), &ActionQuery { sort: ActionSort::TargetDate, offset: 2, limit: Some(2), ..Default::default() }, now).unwrap();
    assert_eq!((middle.total, refs(&middle.rows)), (6, vec!["ACT-2027-002".to_owned(), "ACT-2027-003".to_owned()]));
    // Status: escalated first, then overdue, then open, in progress, completed, closed.
    let by_status = refs(&page(f.store.conn(), &ActionQuery { sort: ActionSort::Status, ..Default::default() }, now).unwrap().rows);
    assert_eq!(by_status[0], "ACT-2027-001");
    assert_eq!(by_status.last().map(String::as_str), Some("ACT-2027-004"));
    let by_owner = refs(&page(f.store.conn(), &ActionQuery { sort: ActionSort::Owner, ..Default::default() }, now).unwrap().rows);
    assert_eq!(by_owner[..3], ["ACT-2027-002", "ACT-2027-004", "ACT-2027-006"], "Max Manager before Olivia Owner");
}

// ---------------------------------------------------------------------------------------
// The history's invariants (`quorum verify-store`): a healthy register passes; each
// hand-broken store fails naming the action and the rule.

/// A register with a revised date, a closure, a rejection and an escalation, all made
/// through the functions the app and the CLI call.
fn healthy() -> (Fixture, String) {
    let mut f = fixture();
    let revised = add(&mut f.store, &at("2027-02-01T09:00:00Z"), &new_action(f.owner, "2027-03-01")).unwrap().reference;
    revise_date(&mut f.store, &at("2027-02-20T09:00:00Z"), &revised, d("2027-04-01"), "supplier delay").unwrap();
    let closed = add(&mut f.store, &at("2027-02-01T09:00:00Z"), &new_action(f.owner, "2027-03-01")).unwrap().reference;
    complete(&mut f.store, &at("2027-02-10T09:00:00Z"), &closed, None).unwrap();
    verify(&mut f.store, &at("2027-02-11T09:00:00Z"), &closed, &accept(f.verifier)).unwrap();
    let escalated = add(&mut f.store, &at("2027-02-01T09:00:00Z"), &new_action(f.owner, "2027-02-10")).unwrap().reference;
    escalate(&mut f.store, &at("2027-02-20T09:00:00Z"), &escalated, &EscalateRequest::default()).unwrap();
    assert_eq!(invariants::check(f.store.conn()).unwrap(), vec![], "the functions keep the history consistent");
    (f, revised)
}

/// Breaks the store with raw SQL (as a bad import or a bug would) and returns the violations.
fn broken(f: &mut Fixture, sql: &str) -> Vec<invariants::Violation> {
    f.store
        .write(&at("2027-03-01T09:00:00Z"), |w| {
            w.execute_batch(sql)?;
            w.audit("test", "1", "break", None, None)
        })
        .unwrap();
    invariants::check(f.store.conn()).unwrap()
}

fn rules(violations: &[invariants::Violation]) -> Vec<(String, &'static str)> {
    violations.iter().map(|v| (v.action.clone(), v.rule)).collect()
}

#[test]
fn a_target_date_changed_without_a_revision_is_named() {
    let (mut f, revised) = healthy();
    let found = broken(&mut f, &format!("UPDATE actions SET target_on = '2027-05-01' WHERE reference = '{revised}'"));
    assert_eq!(rules(&found), vec![(revised, "target-date-history")]);
    assert!(found[0].detail.contains("2027-05-01") && found[0].detail.contains("2027-04-01"), "{}", found[0]);
}

#[test]
fn a_revision_that_does_not_start_from_the_date_in_force_is_named() {
    let (mut f, revised) = healthy();
    let found = broken(&mut f, &format!("UPDATE action_date_revisions SET previous_on = '2027-02-15' WHERE action_id = (SELECT id FROM actions WHERE reference = '{revised}')"));
    assert_eq!(rules(&found), vec![(revised, "target-date-history")]);
}

#[test]
fn a_closure_an_hour_before_the_verifiers_acceptance_is_named() {
    let (mut f, _) = healthy();
    let found = broken(&mut f, "UPDATE action_status_history SET at = '2027-02-11T08:00:00Z' WHERE to_status = 'closed'");
    assert_eq!(rules(&found), vec![("ACT-2027-002".to_owned(), "closure-once")]);
    assert!(found[0].detail.contains("one instant"), "{}", found[0]);
}

#[test]
fn a_second_acceptance_is_named() {
    let (mut f, _) = healthy();
    let found = broken(&mut f, "INSERT INTO verifications (action_id, verifier_id, at, outcome, evidence) SELECT action_id, verifier_id, '2027-02-12T09:00:00Z', 'accepted', 'again' FROM verifications");
    assert_eq!(rules(&found), vec![("ACT-2027-002".to_owned(), "closure-once")]);
}

#[test]
fn a_status_that_its_history_does_not_end_with_is_named() {
    let (mut f, revised) = healthy();
    let found = broken(&mut f, &format!("UPDATE actions SET status = 'in_progress' WHERE reference = '{revised}'"));
    assert_eq!(rules(&found), vec![(revised, "status-history")]);
}

#[test]
fn two_levels_held_by_one_person_are_named() {
    let (mut f, _) = healthy();
    let found = broken(&mut f, "INSERT INTO escalations (action_id, level, person_id, at, note) SELECT action_id, 2, person_id, '2027-03-01T09:00:00Z', 'again' FROM escalations; UPDATE actions SET escalation_level = 2 WHERE escalation_level = 1");
    assert_eq!(rules(&found), vec![("ACT-2027-003".to_owned(), "escalation-path")]);
    assert!(found[0].detail.contains("Max Manager holds levels 1 and 2"), "{}", found[0]);
}

#[test]
fn escalation_skips_a_person_who_already_holds_a_lower_level_and_says_so() {
    let mut f = fixture();
    // The owner's line manager is also the CISO level's person.
    set_escalation_path(&mut f.store, &at("2027-01-01T08:00:00Z"), &[("Line manager".into(), None), ("Department head".into(), Some(f.manager)), ("CISO".into(), Some(f.ciso))]).unwrap();
    let late = add(&mut f.store, &at("2027-02-01T09:00:00Z"), &new_action(f.owner, "2027-02-10")).unwrap().reference;
    escalate(&mut f.store, &at("2027-02-20T09:00:00Z"), &late, &EscalateRequest::default()).unwrap();
    let second = escalate(&mut f.store, &at("2027-02-21T09:00:00Z"), &late, &EscalateRequest::default()).unwrap();
    assert_eq!(second.escalation_level, 3, "level 2 would go to the line manager again");
    let detail = show(f.store.conn(), &late, t("2027-02-21T10:00:00Z")).unwrap();
    assert_eq!(detail.escalations.iter().map(|e| e.person.as_ref().unwrap().id).collect::<Vec<_>>(), vec![f.manager, f.ciso]);
    assert_eq!(detail.escalations[1].note.as_deref(), Some("Level 2 (Department head) skipped: Max Manager already holds level 1."));
    assert_eq!(invariants::check(f.store.conn()).unwrap(), vec![]);
}

#[test]
fn overdue_agrees_between_the_list_the_metrics_and_the_history() {
    let (f, _) = healthy();
    for now in ["2027-03-05T09:00:00Z", "2027-04-02T09:00:00Z", "2027-06-01T09:00:00Z"] {
        let listed = list(f.store.conn(), &ActionFilter { overdue: Some(true), ..Default::default() }, t(now)).unwrap().len() as u32;
        let counted = metrics_as_of(f.store.conn(), t(now)).unwrap().overdue.total;
        assert_eq!(listed, counted, "at {now}");
    }
}
