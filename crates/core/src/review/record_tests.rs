//! Input 9.3.2 a) by definition: which actions a review carries from earlier reviews, with
//! their status as at its meeting, whenever the actions were typed in.

use chrono::{Duration, NaiveDate};

use super::fixture::{self, actor_on, Fixture, Omit};
use super::record;
use crate::register::{self, NewAction, Outcome, Source, VerifyRequest};
use crate::store::Store;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A held review on `on` (not approved), with its own fixture action raised on the day.
fn held(store: &mut Store, on: NaiveDate) -> Fixture {
    fixture::build(store, on, on - Duration::days(14), on - Duration::days(7), Omit { approval: true, ..Default::default() })
}

/// Raises an action at `review`, typed in on `typed`.
fn raise(store: &mut Store, review: &str, typed: NaiveDate, text: &str, owner: i64) -> String {
    let review_id = register::resolve_review(store.conn(), review).unwrap();
    let new = NewAction { description: text.into(), source: Some(Source::Improvement), review_id: Some(review_id), owner_id: Some(owner), target_on: Some(typed + Duration::days(90)), ..Default::default() };
    register::add(store, &actor_on(typed), &new).unwrap().reference
}

fn close(store: &mut Store, action: &str, on: NaiveDate, verifier: i64) {
    register::complete(store, &actor_on(on), action, Some("done")).unwrap();
    let request = VerifyRequest { verifier_id: verifier, outcome: Outcome::Accepted, evidence: "Checked the record".into(), reason: None };
    register::verify(store, &actor_on(on), action, &request).unwrap();
}

fn carried(store: &Store, review: &str, now: NaiveDate) -> (Option<String>, Vec<(String, String, String, bool)>) {
    let record = record::load(store.conn(), review, actor_on(now).now).unwrap();
    let rows = record
        .carried_actions
        .iter()
        .map(|c| (c.action.reference.clone(), c.status_at_previous_review.clone(), c.action.status.as_str().to_owned(), c.updated_since_previous_review))
        .collect();
    (record.previous_review.map(|p| p.reference), rows)
}

#[test]
fn actions_typed_in_days_after_their_meeting_are_carried() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let first = held(&mut store, day(2027, 3, 9));
    // Typed in five days after the meeting: the old rule (created before the day after the
    // previous meeting) dropped it.
    let late = raise(&mut store, &first.reference, day(2027, 3, 14), "Write the supplier exit plan", first.lead);
    let second = held(&mut store, day(2027, 6, 8));
    let (previous, rows) = carried(&store, &second.reference, day(2027, 6, 20));
    assert_eq!(previous.as_deref(), Some(first.reference.as_str()));
    let refs: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert!(refs.contains(&late.as_str()), "{late} raised at {} is missing from {refs:?}", first.reference);
    assert_eq!(refs.len(), 2, "the fixture's own action and the late one: {rows:?}");
    assert!(rows.iter().all(|r| r.1 == "open" && r.2 == "open" && !r.3), "raising is not an update: {rows:?}");
}

#[test]
fn an_ad_hoc_review_in_between_is_the_previous_one_and_status_is_as_at_the_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let first = held(&mut store, day(2027, 3, 9));
    let closed_early = raise(&mut store, &first.reference, day(2027, 3, 10), "Replace the badge readers", first.lead);
    let still_open = raise(&mut store, &first.reference, day(2027, 3, 10), "Train the service desk on phishing reports", first.lead);
    let closed_between = raise(&mut store, &first.reference, day(2027, 3, 10), "Retire the old VPN concentrator", first.lead);
    close(&mut store, &closed_early, day(2027, 4, 1), first.chair);
    let ad_hoc = held(&mut store, day(2027, 4, 20));
    let from_ad_hoc = raise(&mut store, &ad_hoc.reference, day(2027, 4, 22), "Rotate the supplier credentials", ad_hoc.lead);
    close(&mut store, &closed_between, day(2027, 5, 10), first.chair);
    let second = held(&mut store, day(2027, 6, 8));
    // Closed after the second meeting: not visible in its input a).
    close(&mut store, &still_open, day(2027, 6, 15), first.chair);

    let (previous, rows) = carried(&store, &second.reference, day(2027, 6, 20));
    assert_eq!(previous.as_deref(), Some(ad_hoc.reference.as_str()), "the previous review is the ad hoc one");
    let find = |r: &str| rows.iter().find(|row| row.0 == r).cloned();
    assert_eq!(find(&closed_early), None, "closed before the ad hoc review's meeting: reported there already");
    assert_eq!(find(&still_open).map(|r| (r.1, r.2)), Some(("open".into(), "open".into())), "as at the meeting, not closed afterwards");
    let between = find(&closed_between).expect("closed after the ad hoc meeting: its closure is news");
    assert_eq!((between.1.as_str(), between.2.as_str(), between.3), ("open", "closed", true));
    assert!(find(&from_ad_hoc).is_some(), "raised at the previous review");

    // The minutes name the real previous review.
    let record = record::load(store.conn(), &second.reference, actor_on(day(2027, 6, 20)).now).unwrap();
    let text = crate::export::tests::texts(&crate::export::minutes::minutes_document(&record, &crate::export::ExportOptions::new(actor_on(day(2027, 6, 20)).now))).join("\n");
    assert!(text.contains(&format!("previous review, {} (held 2027-04-20)", ad_hoc.reference)), "{text}");
}

#[test]
fn input_a_runs_across_a_year_end() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let november = held(&mut store, day(2026, 11, 10));
    let before_new_year = raise(&mut store, &november.reference, day(2026, 11, 12), "Renew the penetration test contract", november.lead);
    let after_new_year = raise(&mut store, &november.reference, day(2027, 1, 5), "Review the cloud cost alerts", november.lead);
    assert!(before_new_year.starts_with("ACT-2026-") && after_new_year.starts_with("ACT-2027-"));
    let february = held(&mut store, day(2027, 2, 9));
    let (previous, rows) = carried(&store, &february.reference, day(2027, 2, 10));
    assert_eq!(previous.as_deref(), Some(november.reference.as_str()));
    let refs: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert!(refs.contains(&before_new_year.as_str()) && refs.contains(&after_new_year.as_str()), "{refs:?}");
    // And a year later, an action still open from November is carried again.
    let may = held(&mut store, day(2027, 5, 11));
    let (_, rows) = carried(&store, &may.reference, day(2027, 5, 12));
    assert!(rows.iter().any(|r| r.0 == before_new_year), "still open at February's meeting: carried into May");
}

#[test]
fn a_kpis_trend_runs_across_an_ad_hoc_review_to_the_previous_scheduled_one() {
    use crate::review::inputs::{set_kpi, Better, NewKpi, Trend};
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let kpi = |value: f64| NewKpi { name: "Critical patches within 14 days".into(), value, target: Some(95.0), unit: "%".into(), better: Better::Higher };
    let first = held(&mut store, day(2027, 3, 9));
    set_kpi(&mut store, &actor_on(day(2027, 3, 9)), &first.reference, "d2", &kpi(80.0)).unwrap();
    // An ad hoc review after an incident, with the figure of that week.
    let ad_hoc = crate::review::NewReview {
        title: "Ransomware at a supplier".into(),
        trigger: Some(crate::review::Trigger::Other),
        trigger_text: Some("Ransomware at the payroll supplier".into()),
        scope: crate::review::Scope::Both,
        starts_at: day(2027, 4, 20).and_hms_opt(10, 0, 0).unwrap(),
        time_zone: "Europe/London".into(),
        duration_minutes: 60,
        location: None,
    };
    let ad_hoc = crate::review::create(&mut store, &actor_on(day(2027, 4, 19)), &ad_hoc).unwrap().reference;
    set_kpi(&mut store, &actor_on(day(2027, 4, 20)), &ad_hoc, "d2", &kpi(20.0)).unwrap();
    let second = held(&mut store, day(2027, 6, 8));
    set_kpi(&mut store, &actor_on(day(2027, 6, 8)), &second.reference, "d2", &kpi(85.0)).unwrap();
    let third = held(&mut store, day(2027, 9, 7));
    set_kpi(&mut store, &actor_on(day(2027, 9, 7)), &third.reference, "d2", &kpi(83.0)).unwrap();

    let figure = |reference: &str| {
        let record = record::load(store.conn(), reference, actor_on(day(2027, 10, 1)).now).unwrap();
        record.inputs.into_iter().find(|i| i.code == "d2").unwrap().kpis.into_iter().next().unwrap()
    };
    let at_second = figure(&second.reference);
    assert_eq!((at_second.previous, at_second.trend), (Some(80.0), Trend::Improving), "against {}, not the ad hoc review's 20", first.reference);
    let at_third = figure(&third.reference);
    assert_eq!((at_third.previous, at_third.trend), (Some(85.0), Trend::Worsening));
    let series: Vec<(String, f64)> = at_third.history.iter().map(|p| (p.review.clone(), p.value)).collect();
    assert_eq!(series, [(first.reference.clone(), 80.0), (second.reference.clone(), 85.0), (third.reference.clone(), 83.0)]);
}
