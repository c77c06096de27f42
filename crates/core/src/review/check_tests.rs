//! Each readiness rule on a hand-built review that breaks it and nothing else.

use chrono::Duration;

use super::*;
use crate::review::decisions::Area;
use crate::review::fixture::{self, at, compliant, meeting_day, Omit};
use crate::review::attend;

fn ids(store: &crate::store::Store, reference: &str, days_after: i64) -> Vec<String> {
    let mut found: Vec<String> = check(store.conn(), reference, at(meeting_day() + Duration::days(days_after))).unwrap().into_iter().map(|f| f.id).collect();
    found.sort();
    found
}

#[test]
fn a_compliant_review_has_no_findings() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let review = compliant(&mut store, Omit::default());
    assert_eq!(ids(&store, &review.reference, 5), Vec::<String>::new());
}

#[test]
fn an_input_neither_addressed_nor_nothing_to_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let review = compliant(&mut store, Omit { input_summary: Some("d3"), anyway: Some("Approved to test the rule this review breaks"), ..Default::default() });
    assert_eq!(ids(&store, &review.reference, 5), ["input-unaddressed/d3"]);
}

#[test]
fn nothing_to_report_with_a_reason_addresses_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let review = compliant(&mut store, Omit { input_summary: Some("e"), approval: true, ..Default::default() });
    let change = crate::review::inputs::InputChange { nothing_to_report: Some("No feedback received this quarter.".into()), ..Default::default() };
    crate::review::inputs::set(&mut store, &fixture::actor_on(meeting_day()), &review.reference, "e", &change).unwrap();
    assert!(!ids(&store, &review.reference, 5).iter().any(|id| id.starts_with("input-unaddressed")));
}

#[test]
fn top_management_absent_and_quorum_missed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let review = compliant(&mut store, Omit { approval: true, ..Default::default() });
    let actor = fixture::actor_on(meeting_day());
    attend(&mut store, &actor, &review.reference, review.chair, "apologies", None).unwrap();
    attend(&mut store, &actor, &review.reference, review.cfo, "delegate", Some("Deputy CFO")).unwrap();
    assert_eq!(ids(&store, &review.reference, 5), ["minutes-not-approved", "quorum-missed", "top-management-absent"]);
}

#[test]
fn an_area_with_no_decision_and_no_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let review = compliant(&mut store, Omit { area: Some(Area::Resources), anyway: Some("Approved to test the rule this review breaks"), ..Default::default() });
    assert_eq!(ids(&store, &review.reference, 5), ["area-undecided/resources"]);
}

#[test]
fn thin_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let review = compliant(&mut store, Omit { discussion: true, approval: true, ..Default::default() });
    let found = check(store.conn(), &review.reference, at(meeting_day())).unwrap();
    let thin: Vec<&Finding> = found.iter().filter(|f| f.id.starts_with("thin-minutes/")).collect();
    assert_eq!(thin.len(), 9, "every item of the standard agenda: {found:?}");
    assert!(thin.iter().all(|f| f.severity == Severity::Nonconformity), "empty notes are a nonconformity");
    let actor = fixture::actor_on(meeting_day());
    crate::review::agenda::discuss(&mut store, &actor, &review.reference, 2, "Actions reviewed.").unwrap();
    let found = check(store.conn(), &review.reference, at(meeting_day())).unwrap();
    let item2 = found.iter().find(|f| f.id == "thin-minutes/2").unwrap();
    assert_eq!(item2.severity, Severity::Observation, "short notes are an observation");
}

#[test]
fn an_action_without_a_priority() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let review = compliant(&mut store, Omit { approval: true, ..Default::default() });
    // Only imported or legacy data lacks it: the register refuses such an action.
    store.conn().execute("UPDATE actions SET priority = NULL", []).unwrap();
    assert_eq!(ids(&store, &review.reference, 5), ["action-incomplete/ACT-2027-001", "minutes-not-approved"]);
    // Read after the meeting: the fixture raises the action at the meeting, after its 10:00 start.
    let finding = check(store.conn(), &review.reference, at(meeting_day() + Duration::days(5))).unwrap().into_iter().find(|f| f.id.starts_with("action-incomplete")).unwrap();
    assert!(finding.message.contains("no priority"), "{}", finding.message);
}

#[test]
fn invitations_and_pack_late() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let day = meeting_day(); // a Tuesday: five working days before is the Tuesday before
    let review = fixture::build(&mut store, day, day - Duration::days(13), day - Duration::days(6), Omit { anyway: Some("Approved to test the rule this review breaks"), ..Default::default() });
    assert_eq!(ids(&store, &review.reference, 5), ["invitations-late", "pack-late"]);
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let review = fixture::build(&mut store, day, day - Duration::days(14), day - Duration::days(7), Omit::default());
    assert!(ids(&store, &review.reference, 5).is_empty(), "exactly on the limits is in time");
}

#[test]
fn minutes_not_approved_becomes_a_nonconformity_after_ten_working_days() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let review = compliant(&mut store, Omit { approval: true, ..Default::default() });
    let severity = |days| check(store.conn(), &review.reference, at(meeting_day() + Duration::days(days))).unwrap().into_iter().find(|f| f.id == "minutes-not-approved").unwrap().severity;
    assert_eq!(severity(3), Severity::Observation);
    assert_eq!(severity(20), Severity::Nonconformity);
}

#[test]
fn interval_exceeded_and_carried_actions_without_a_status() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let previous_day = meeting_day() - Duration::days(400);
    fixture::build(&mut store, previous_day, previous_day - Duration::days(20), previous_day - Duration::days(10), Omit::default());
    let review = compliant(&mut store, Omit { anyway: Some("Approved to test the rule this review breaks"), ..Default::default() });
    // The previous review's action (due 30 days after it) is open, overdue, never updated.
    assert_eq!(ids(&store, &review.reference, 5), ["carried-action-without-status/ACT-2026-001", "interval-exceeded", "overdue-not-escalated/ACT-2026-001"]);
    let update = crate::register::ActionUpdate { note: Some("Half the restore tests done; the rest this month.".into()), ..Default::default() };
    crate::register::update(&mut store, &fixture::actor_on(meeting_day() - Duration::days(3)), "ACT-2026-001", &update).unwrap();
    assert_eq!(ids(&store, &review.reference, 5), ["interval-exceeded", "overdue-not-escalated/ACT-2026-001"]);
    let record = crate::review::record::load(store.conn(), &review.reference, at(meeting_day())).unwrap();
    assert_eq!(record.carried_actions.len(), 1, "input a) lists the earlier review's open action");
    assert_eq!(record.carried_actions[0].status_at_previous_review, "open");
}

#[test]
fn no_conclusion_is_a_finding_and_blocks_approval() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let review = compliant(&mut store, Omit { conclusion: true, approval: true, ..Default::default() });
    assert_eq!(ids(&store, &review.reference, 5), ["conclusion-missing", "minutes-not-approved"]);
    let refused = crate::review::approval::approve(&mut store, &fixture::actor_on(meeting_day()), &review.reference, review.chair, None).unwrap_err();
    assert!(refused.to_string().contains("no conclusion on the ISMS (9.3.1)"), "{refused}");

    let mut missing_why = fixture::conclusion();
    missing_why.effective.rationale = "  ".into();
    let refused = crate::review::conclusion::set(&mut store, &fixture::actor_on(meeting_day()), &review.reference, &missing_why).unwrap_err();
    assert!(refused.to_string().contains("effective needs its rationale"), "{refused}");

    crate::review::conclusion::set(&mut store, &fixture::actor_on(meeting_day()), &review.reference, &fixture::conclusion()).unwrap();
    assert_eq!(ids(&store, &review.reference, 5), ["minutes-not-approved"]);
    crate::review::approval::approve(&mut store, &fixture::actor_on(meeting_day()), &review.reference, review.chair, None).unwrap();
    // Approved: the conclusion is part of the frozen record and no longer changes.
    let refused = crate::review::conclusion::set(&mut store, &fixture::actor_on(meeting_day()), &review.reference, &fixture::conclusion()).unwrap_err();
    assert!(refused.to_string().contains("approved and locked"), "{refused}");
    let frozen = crate::review::approval::printed(store.conn(), &review.reference, at(meeting_day())).unwrap();
    assert_eq!(frozen.0.conclusion.unwrap().adequate.verdict, crate::review::conclusion::Verdict::YesWithChanges);
}

#[test]
fn a_conclusion_waits_for_the_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let before = fixture::actor_on(meeting_day() + Duration::days(30));
    let planned = crate::review::create(&mut store, &before, &crate::review::NewReview {
        title: "Next".into(),
        trigger: None,
        trigger_text: None,
        scope: crate::review::Scope::Both,
        starts_at: (meeting_day() + Duration::days(90)).and_hms_opt(10, 0, 0).unwrap(),
        time_zone: "Europe/London".into(),
        duration_minutes: 60,
        location: None,
    })
    .unwrap();
    let refused = crate::review::conclusion::set(&mut store, &before, &planned.reference, &fixture::conclusion()).unwrap_err();
    assert!(refused.to_string().contains("has not been held yet"), "{refused}");
}

#[test]
fn consecutive_periods_follow_on_and_a_gap_or_an_overlap_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let earlier = meeting_day() - Duration::days(91);
    let first = fixture::build(&mut store, earlier, earlier - Duration::days(14), earlier - Duration::days(7), Omit::default());
    let second = compliant(&mut store, Omit { approval: true, ..Default::default() });
    let record = crate::review::record::load(store.conn(), &second.reference, at(meeting_day())).unwrap();
    let period = record.period.unwrap();
    assert_eq!((period.from.clone(), period.to.clone()), ((earlier + Duration::days(1)).to_string(), meeting_day().to_string()));
    assert_eq!(period.follows.as_deref(), Some(first.reference.as_str()));
    let first_period = crate::review::record::load(store.conn(), &first.reference, at(meeting_day())).unwrap().period.unwrap();
    assert_eq!(first_period.follows, None);
    assert!(first_period.text().contains("the first review"), "{}", first_period.text());
    // The first review's action carried into the second brings its own findings.
    let period_ids = |store: &crate::store::Store| ids(store, &second.reference, 5).into_iter().filter(|id| id.starts_with("period-")).collect::<Vec<_>>();
    assert_eq!(period_ids(&store), Vec::<String>::new());

    let actor = fixture::actor_on(meeting_day());
    let set = |store: &mut crate::store::Store, from: chrono::NaiveDate| {
        crate::review::period::set(store, &actor, &second.reference, Some((from, meeting_day(), "aligned with the financial quarter"))).unwrap()
    };
    set(&mut store, earlier + Duration::days(10));
    assert_eq!(period_ids(&store), ["period-gap"]);
    set(&mut store, earlier - Duration::days(10));
    assert_eq!(period_ids(&store), ["period-overlap"]);
    let printed = crate::review::record::load(store.conn(), &second.reference, at(meeting_day())).unwrap().period.unwrap();
    assert!(printed.text().contains("set by the ISMS lead: aligned with the financial quarter"), "{}", printed.text());

    let backwards = crate::review::period::set(&mut store, &actor, &second.reference, Some((meeting_day(), earlier, "x"))).unwrap_err();
    assert!(backwards.to_string().contains("ends"), "{backwards}");
    let no_reason = crate::review::period::set(&mut store, &actor, &second.reference, Some((earlier, meeting_day(), " "))).unwrap_err();
    assert!(no_reason.to_string().contains("needs its reason"), "{no_reason}");
    crate::review::period::set(&mut store, &actor, &second.reference, None).unwrap();
    assert_eq!(period_ids(&store), Vec::<String>::new());

    // Evidence for an input, added three weeks after the meeting: outside the period.
    let target = crate::review::evidence::EvidenceFor::Review { review: second.reference.clone(), input_code: Some("d2".into()) };
    let late = crate::review::evidence::add(&mut store, &fixture::actor_on(meeting_day() + Duration::days(21)), &target, "kpis.csv", b"kpi,value\n").unwrap();
    let found: Vec<String> = ids(&store, &second.reference, 30).into_iter().filter(|id| id.starts_with("evidence-outside-period")).collect();
    assert_eq!(found, [format!("evidence-outside-period/{}", late.id)]);
}

#[test]
fn before_the_meeting_the_gaps_are_preparation_tasks_with_their_milestones_and_after_it_findings() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let day = meeting_day() + Duration::days(70);
    let planned = crate::review::create(&mut store, &fixture::actor_on(meeting_day()), &crate::review::NewReview {
        title: "Next quarter".into(),
        trigger: None,
        trigger_text: None,
        scope: crate::review::Scope::Iso27001,
        starts_at: day.and_hms_opt(10, 0, 0).unwrap(),
        time_zone: "Europe/London".into(),
        duration_minutes: 90,
        location: None,
    })
    .unwrap();
    let today = meeting_day();
    let found = check(store.conn(), &planned.reference, at(today)).unwrap();
    assert!(!found.is_empty());
    assert!(found.iter().all(|f| f.severity == Severity::Preparation), "{found:#?}");
    let invitations = found.iter().find(|f| f.id == "invitations-not-sent").unwrap();
    assert_eq!(invitations.due_on.as_deref(), Some((day - Duration::days(INVITATION_DAYS)).to_string().as_str()));
    assert!(invitations.message.contains("in 56 days"), "{}", invitations.message);
    let input = found.iter().find(|f| f.id == "input-unaddressed/c").unwrap();
    let pack_due = work_calendar(store.conn()).unwrap().add_working_days(day, -PACK_WORKING_DAYS);
    assert_eq!(input.due_on.as_deref(), Some(pack_due.to_string().as_str()));
    assert!(input.message.contains("still to be collected for the pack"), "{}", input.message);
    assert!(found.iter().any(|f| f.id == "pack-not-circulated") && found.iter().any(|f| f.id == "top-management-not-invited"));

    // A task past its milestone says how late it is, and stays a task until the meeting.
    let late = check(store.conn(), &planned.reference, at(day - Duration::days(3))).unwrap();
    let invitations = late.iter().find(|f| f.id == "invitations-not-sent").unwrap();
    assert_eq!(invitations.severity, Severity::Preparation);
    assert!(invitations.message.contains("11 days late"), "{}", invitations.message);

    // Held with the same gaps: the auditor's findings.
    crate::review::transition(&mut store, &fixture::actor_on(day), &planned.reference, crate::review::Status::Held, Some(day), None).unwrap();
    let after = check(store.conn(), &planned.reference, at(day + Duration::days(1))).unwrap();
    assert!(after.iter().all(|f| f.severity != Severity::Preparation && f.due_on.is_none()), "{after:#?}");
    assert_eq!(after.iter().find(|f| f.id == "input-unaddressed/c").unwrap().severity, Severity::Nonconformity);
    assert_eq!(after.iter().find(|f| f.id == "invitations-not-sent").unwrap().severity, Severity::Nonconformity);
}

/// The compliant review, held and not approved: its only finding is that approval is due.
fn held_and_clean(dir: &tempfile::TempDir) -> (crate::store::Store, fixture::Fixture) {
    let mut store = fixture::new_store(dir);
    let review = compliant(&mut store, Omit { approval: true, ..Default::default() });
    assert_eq!(besides_approval(&store, &review.reference), Vec::<String>::new());
    (store, review)
}

fn besides_approval(store: &crate::store::Store, reference: &str) -> Vec<String> {
    ids(store, reference, 5).into_iter().filter(|id| id != "minutes-not-approved").collect()
}

#[test]
fn an_absent_presenter_an_unevidenced_discussion_and_pasted_notes_each_break_only_their_rule() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, review) = held_and_clean(&dir);
    let actor = fixture::actor_on(meeting_day());
    let after = |store: &crate::store::Store| besides_approval(store, &review.reference);

    let outsider = fixture::person(&mut store, "Guest Speaker", false);
    crate::review::agenda::update(&mut store, &actor, &review.reference, 2, &crate::review::agenda::ItemChange { presenter_id: Some(outsider), ..Default::default() }).unwrap();
    assert_eq!(after(&store), ["presenter-absent/agenda/2"]);
    crate::review::agenda::update(&mut store, &actor, &review.reference, 2, &crate::review::agenda::ItemChange { presenter_id: Some(review.lead), ..Default::default() }).unwrap();
    assert_eq!(after(&store), Vec::<String>::new());

    let discussed = crate::review::inputs::InputChange { state: Some(crate::review::inputs::InputState::Discussed), ..Default::default() };
    crate::review::inputs::set(&mut store, &actor, &review.reference, "g", &discussed).unwrap();
    assert_eq!(after(&store), ["input-unevidenced/g"]);
    let target = crate::review::evidence::EvidenceFor::Review { review: review.reference.clone(), input_code: Some("g".into()) };
    crate::review::evidence::add(&mut store, &actor, &target, "improvement-log.csv", b"idea,owner\n").unwrap();
    assert_eq!(after(&store), Vec::<String>::new());

    let record = crate::review::record::load(store.conn(), &review.reference, at(meeting_day())).unwrap();
    let first = record.agenda[0].discussion.clone();
    crate::review::agenda::discuss(&mut store, &actor, &review.reference, 4, &first).unwrap();
    assert_eq!(after(&store), ["notes-repeated/4"]);
}

#[test]
fn an_input_without_an_outcome_and_a_missed_kpi_beside_no_decision_are_named() {
    use crate::review::inputs::{set, set_kpi, Better, InputChange, NewKpi};
    let dir = tempfile::tempdir().unwrap();
    let (mut store, review) = held_and_clean(&dir);
    let actor = fixture::actor_on(meeting_day());
    let after = |store: &crate::store::Store| besides_approval(store, &review.reference);

    // Input b loses its "no change": nothing says where it led.
    set(&mut store, &actor, &review.reference, "b", &InputChange { no_change: Some(String::new()), ..Default::default() }).unwrap();
    assert_eq!(after(&store), ["input-without-output/b"]);
    set(&mut store, &actor, &review.reference, "b", &InputChange { no_change: Some("The context changes need nothing new".into()), ..Default::default() }).unwrap();

    // A KPI below target while "objectives and KPIs" says no decision was needed.
    let kpi = NewKpi { name: "Critical patches within 14 days".into(), value: 81.0, target: Some(95.0), unit: "%".into(), better: Better::Higher };
    set_kpi(&mut store, &actor, &review.reference, "d2", &kpi).unwrap();
    assert_eq!(after(&store), ["missed-kpi-without-decision/d2"]);
    let answer = crate::review::decisions::NewDecision { area: Some(Area::ObjectivesKpis), text: "Keep the target; IT brings a recovery plan".into(), inputs: vec!["d2".into()], ..Default::default() };
    crate::review::decisions::add(&mut store, &actor, &review.reference, &answer).unwrap();
    assert_eq!(after(&store), Vec::<String>::new());
}
