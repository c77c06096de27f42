use chrono::{NaiveDate, TimeZone, Utc};
use rusqlite::params;

use super::*;
use crate::keychain::MemoryKeychain;
use crate::store::{NewStore, Secret};

fn actor() -> Actor {
    Actor::new("Ana Lead", Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap())
}

fn later(days: i64) -> Actor {
    Actor::new("Ana Lead", actor().now + chrono::Duration::days(days))
}

/// A store with the lead (and her email), a chair, a member without email, and England's
/// 2027 bank holidays.
fn store(dir: &tempfile::TempDir) -> Store {
    let new = NewStore { organisation: "Zoë & Łukasz GmbH".into(), time_zone: "Europe/London".into(), lead: Some(("Ana Lead".into(), Some("ana@example.com".into()))) };
    let mut store = Store::create(&dir.path().join("q.db"), &new, Secret::random_key().unwrap(), Some(&MemoryKeychain::default()), &actor()).unwrap();
    store
        .write(&actor(), |w| {
            w.execute("INSERT INTO people (id, name, email, is_top_management) VALUES (10, 'Søren Ødegård', 'soren@example.com', 1)", [])?;
            w.execute("INSERT INTO people (id, name, email) VALUES (11, 'Bob Smith', 'bob@example.com')", [])?;
            w.execute("INSERT INTO people (id, name) VALUES (12, 'No Mail')", [])?;
            for (day, name) in crate::demo::england_and_wales_holidays(2027) {
                w.execute("INSERT INTO holidays (day, name) VALUES (?1, ?2)", params![day.to_string(), name])?;
            }
            w.audit("person", "seed", "create", None, None)
        })
        .unwrap();
    store
}

fn request(cadence: Cadence, weekday: Weekday) -> PlanRequest {
    PlanRequest {
        year: 2027,
        cadence,
        first_month: 1,
        weekday,
        week_of_month: 2,
        time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        duration_minutes: 120,
        location: Some("Board room".into()),
        time_zone: "Europe/London".into(),
        holidays: Vec::new(),
    }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn sequence(store: &Store, reference: &str) -> u32 {
    store.conn().query_row("SELECT ical_sequence FROM reviews WHERE reference = ?1", [reference], |r| r.get(0)).unwrap()
}

#[test]
fn a_quarterly_plan_creates_reviews_on_working_days_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    let mut req = request(Cadence::Quarterly, Weekday::Tue);
    // The second Tuesday of April is made a holiday by an imported file.
    req.holidays = parse_holidays("# company\n2027-04-13,Founders' day\n").unwrap();
    let outcome = plan(&mut store, &actor(), &req).unwrap();
    let starts: Vec<String> = outcome.reviews.iter().map(|r| r.starts_at.to_string()).collect();
    assert_eq!(starts, ["2027-01-12 10:00:00", "2027-04-14 10:00:00", "2027-07-13 10:00:00", "2027-10-12 10:00:00"]);
    assert!(outcome.reviews.iter().all(|r| r.change == "new"));
    assert!(outcome.reviews[1].notes[0].contains("Founders' day"), "{:?}", outcome.reviews[1].notes);
    assert_eq!(outcome.holidays_imported, 1);
    assert_eq!(count(&store, "SELECT count(*) FROM holidays WHERE day = '2027-04-13'"), 1, "the imported holiday is stored");
    assert_eq!(count(&store, "SELECT count(*) FROM reviews WHERE kind = 'scheduled' AND status = 'planned'"), 4);
    let refs: Vec<&str> = outcome.reviews.iter().map(|r| r.reference.as_str()).collect();
    assert_eq!(refs, ["MR-2027-01", "MR-2027-02", "MR-2027-03", "MR-2027-04"]);
    // Meetings and every milestone on working days.
    let calendar = work_calendar(store.conn()).unwrap();
    for r in &outcome.reviews {
        assert!(calendar.is_working_day(r.starts_at.date()), "{}", r.starts_at);
        for m in quorum_calendar::milestones_for("u", &r.reference, r.starts_at.date(), &calendar) {
            assert!(calendar.is_working_day(m.date), "{:?} {}", m.kind, m.date);
        }
    }
    assert_eq!(count(&store, "SELECT count(*) FROM audit_events WHERE entity = 'holidays' AND action = 'import'"), 1);
}

#[test]
fn holidays_on_the_preferred_day_move_the_meeting_to_the_next_working_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    // Last Monday of March (Easter Monday), May (Spring bank holiday), August (Summer bank
    // holiday) and December (27th, a substitute day, followed by the 28th).
    let mut req = request(Cadence::Months(vec![3, 5, 8, 12]), Weekday::Mon);
    req.week_of_month = 5;
    let outcome = plan(&mut store, &actor(), &req).unwrap();
    let days: Vec<NaiveDate> = outcome.reviews.iter().map(|r| r.starts_at.date()).collect();
    assert_eq!(days, [day("2027-03-30"), day("2027-06-01"), day("2027-08-31"), day("2027-12-29")]);
}

#[test]
fn bad_holiday_files_and_bad_requests_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    let err = parse_holidays("2027-01-01,New Year\n2027-13-01,Nope\n").unwrap_err();
    assert!(err.to_string().contains("line 2"), "{err}");
    let mut req = request(Cadence::Months(vec![13]), Weekday::Tue);
    assert!(plan(&mut store, &actor(), &req).unwrap_err().to_string().contains("month 13"));
    req.cadence = Cadence::Quarterly;
    req.time_zone = "Europe/Londres".into();
    assert_eq!(plan(&mut store, &actor(), &req).unwrap_err().kind(), "invalid");
    assert_eq!(count(&store, "SELECT count(*) FROM reviews"), 0);
}

fn invite(store: &mut Store, reference: &str, person: i64, role: &str, required: bool) {
    review::invite(store, &actor(), reference, person, role, required).unwrap();
}

#[test]
fn re_planning_moves_reviews_and_keeps_what_they_hold() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    plan(&mut store, &actor(), &request(Cadence::Quarterly, Weekday::Tue)).unwrap();
    let before = review::get(store.conn(), "MR-2027-02").unwrap();
    invite(&mut store, "MR-2027-02", 10, "chair", true);
    invite(&mut store, "MR-2027-02", 11, "department_head", false);
    store.write(&actor(), |w| {
        w.execute("UPDATE inputs SET summary = 'Three incidents, all closed' WHERE review_id = ?1 AND code = 'a'", [before.id])?;
        w.audit("input", "a", "update", None, None)
    })
    .unwrap();
    let first = issue_invitation(&mut store, &actor(), "MR-2027-02").unwrap();
    assert_eq!((first.sequence, first.status.as_str()), (0, "invitations_sent"));

    // Thursdays instead of Tuesdays, one hour later, online.
    let mut req = request(Cadence::Quarterly, Weekday::Thu);
    req.time = NaiveTime::from_hms_opt(11, 0, 0).unwrap();
    req.location = Some("https://meet.example.com/mr".into());
    let outcome = plan(&mut store, &later(1), &req).unwrap();
    assert_eq!(count(&store, "SELECT count(*) FROM reviews"), 4, "moved, not recreated");
    let moved = &outcome.reviews[1];
    assert_eq!((moved.reference.as_str(), moved.change), ("MR-2027-02", "moved"));
    assert_eq!(moved.moved_from.unwrap().to_string(), "2027-04-13 10:00:00");
    let after = review::get(store.conn(), "MR-2027-02").unwrap();
    assert_eq!(after.starts_at, "2027-04-08T11:00");
    assert_eq!(after.ical_uid, before.ical_uid);
    assert_eq!(after.status, "invitations_sent");
    assert_eq!(after.location.as_deref(), Some("https://meet.example.com/mr"));
    assert_eq!(count(&store, &format!("SELECT count(*) FROM invitees WHERE review_id = {}", before.id)), 2);
    assert_eq!(count(&store, &format!("SELECT count(*) FROM inputs WHERE review_id = {} AND summary = 'Three incidents, all closed'", before.id)), 1);
    assert_eq!(sequence(&store, "MR-2027-02"), 1, "a move raises SEQUENCE");
    assert_eq!(count(&store, "SELECT count(*) FROM audit_events WHERE action = 'reschedule'"), 4);

    // The same plan again changes nothing.
    let again = plan(&mut store, &later(1), &req).unwrap();
    assert!(again.reviews.iter().all(|r| r.change == "unchanged"));
    assert_eq!(sequence(&store, "MR-2027-02"), 1);

    // Re-issued after the move: same UID, the raised SEQUENCE, the new time and the link.
    let second = issue_invitation(&mut store, &later(2), "MR-2027-02").unwrap();
    assert_eq!((second.uid.as_str(), second.sequence), (first.uid.as_str(), 1));
    assert!(second.ics.contains("DTSTART:20270408T100000Z"), "11:00 BST is 10:00 UTC");
    assert!(second.ics.contains("URL:https://meet.example.com/mr"));
}

#[test]
fn sequence_rises_once_per_change_and_not_on_a_plain_re_send() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    plan(&mut store, &actor(), &request(Cadence::Annual, Weekday::Wed)).unwrap();
    invite(&mut store, "MR-2027-01", 10, "chair", true);
    assert_eq!(issue_invitation(&mut store, &actor(), "MR-2027-01").unwrap().sequence, 0);
    assert_eq!(issue_invitation(&mut store, &later(1), "MR-2027-01").unwrap().sequence, 0, "nothing changed: a re-send");
    invite(&mut store, "MR-2027-01", 11, "risk_owner", true);
    let updated = issue_invitation(&mut store, &later(2), "MR-2027-01").unwrap();
    assert_eq!(updated.sequence, 1, "a new attendee is a change");
    assert!(updated.ics.contains("bob@example.com"));
    assert_eq!(sequence(&store, "MR-2027-01"), 1);
    assert_eq!(issue_invitation(&mut store, &later(3), "MR-2027-01").unwrap().sequence, 1);
    assert_eq!(count(&store, "SELECT count(*) FROM audit_events WHERE action = 'issue_invitation'"), 4);
}

/// Unfolds RFC 5545 content lines.
fn unfold(ics: &str) -> String {
    ics.replace("\r\n ", "")
}

#[test]
fn the_invitation_carries_organizer_attendees_roles_agenda_and_alarm() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    plan(&mut store, &actor(), &request(Cadence::Annual, Weekday::Tue)).unwrap();
    let err = issue_invitation(&mut store, &actor(), "MR-2027-01").unwrap_err();
    assert!(err.to_string().contains("quorum review invite MR-2027-01"), "{err}");
    invite(&mut store, "MR-2027-01", 11, "department_head", false);
    invite(&mut store, "MR-2027-01", 10, "chair", true);
    invite(&mut store, "MR-2027-01", 12, "guest", true);
    let err = issue_invitation(&mut store, &actor(), "MR-2027-01").unwrap_err();
    assert!(err.to_string().contains("No Mail") && err.to_string().contains("no email"), "{err}");
    store.write(&actor(), |w| {
        w.execute("UPDATE people SET email = 'no.mail@example.com' WHERE id = 12", [])?;
        w.audit("person", "12", "update", None, None)
    })
    .unwrap();
    let issued = issue_invitation(&mut store, &actor(), "MR-2027-01").unwrap();
    let ics = unfold(&issued.ics);
    assert!(ics.contains("METHOD:REQUEST\r\n"));
    assert!(ics.contains("ORGANIZER;CN=Ana Lead:mailto:ana@example.com\r\n"), "{ics}");
    assert!(ics.contains("ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=CHAIR;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Søren Ødegård:mailto:soren@example.com"), "{ics}");
    assert!(ics.contains("ROLE=OPT-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Bob Smith:mailto:bob@example.com"));
    assert!(ics.contains("ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=No Mail:mailto:no.mail@example.com"));
    assert!(ics.find("ROLE=CHAIR").unwrap() < ics.find("ROLE=OPT-PARTICIPANT").unwrap(), "the chair first");
    assert!(ics.contains("DESCRIPTION:Agenda:\\n1. "), "{ics}");
    assert!(ics.contains(" min)\\n2. "), "agenda items with their minutes: {ics}");
    assert!(ics.contains("LOCATION:Board room\r\n"));
    assert!(ics.contains("BEGIN:VALARM\r\nACTION:DISPLAY\r\n"));
    assert!(ics.contains("TRIGGER:-PT30M\r\n"));
    assert!(issued.eml.contains("X-Unsent: 1\r\n"));
    assert!(issued.eml.contains("text/calendar; charset=UTF-8; method=REQUEST"));
    assert!(issued.mailto.starts_with("mailto:soren@example.com,bob@example.com,no.mail@example.com?subject="), "{}", issued.mailto);
    assert_eq!(review::get(store.conn(), "MR-2027-01").unwrap().invitations_sent_on.as_deref(), Some("2026-12-01"));
}

#[test]
fn cancelling_sends_a_cancel_with_a_raised_sequence_and_ends_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    plan(&mut store, &actor(), &request(Cadence::HalfYearly, Weekday::Tue)).unwrap();
    invite(&mut store, "MR-2027-01", 10, "chair", true);
    let invitation = issue_invitation(&mut store, &actor(), "MR-2027-01").unwrap();
    assert!(cancel(&mut store, &actor(), "MR-2027-01", "  ").unwrap_err().to_string().contains("--reason"));
    let (review, notice) = cancel(&mut store, &later(1), "MR-2027-01", "Merged into the July review").unwrap();
    assert_eq!(review.status, "cancelled");
    assert_eq!(review.cancelled_reason.as_deref(), Some("Merged into the July review"));
    let notice = notice.expect("invitations went out, so attendees get a cancellation");
    assert_eq!((notice.uid.as_str(), notice.sequence), (invitation.uid.as_str(), 1));
    assert!(notice.ics.contains("METHOD:CANCEL\r\n") && notice.ics.contains("STATUS:CANCELLED\r\n") && notice.ics.contains("SEQUENCE:1\r\n"));
    assert!(notice.eml.contains("method=CANCEL"));
    assert_eq!(sequence(&store, "MR-2027-01"), 1);
    assert_eq!(issue_invitation(&mut store, &actor(), "MR-2027-01").unwrap_err().kind(), "conflict");
    // Never invited: cancelled with no notice.
    let (_, none) = cancel(&mut store, &actor(), "MR-2027-02", "Not needed").unwrap();
    assert!(none.is_none());
    // A cancelled review is not moved by re-planning: its slot gets a new review.
    let outcome = plan(&mut store, &later(2), &request(Cadence::HalfYearly, Weekday::Tue)).unwrap();
    assert!(outcome.reviews.iter().all(|r| r.change == "new"));
    assert_eq!(count(&store, "SELECT count(*) FROM reviews WHERE status = 'planned'"), 2);
}

#[test]
fn held_months_are_kept_and_surplus_reviews_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    plan(&mut store, &actor(), &request(Cadence::Quarterly, Weekday::Tue)).unwrap();
    review::transition(&mut store, &later(60), "MR-2027-01", review::Status::Held, Some(day("2027-01-12")), None).unwrap();
    // Half-yearly from January: January was held, so only July is planned; July's review
    // stays there, April's and October's are left for the lead to cancel or keep.
    let outcome = plan(&mut store, &later(60), &request(Cadence::HalfYearly, Weekday::Tue)).unwrap();
    assert_eq!(outcome.reviews.len(), 1);
    let july = &outcome.reviews[0];
    assert_eq!((july.reference.as_str(), july.change, july.starts_at.to_string().as_str()), ("MR-2027-03", "unchanged", "2027-07-13 10:00:00"));
    assert_eq!(outcome.unplanned, ["MR-2027-02", "MR-2027-04"]);
    // July, August and October: July's and October's reviews stay in their months; April's
    // (no slot in its month) takes the free one, August.
    let outcome = plan(&mut store, &later(60), &request(Cadence::Months(vec![7, 8, 10]), Weekday::Tue)).unwrap();
    let got: Vec<(&str, &str)> = outcome.reviews.iter().map(|r| (r.reference.as_str(), r.change)).collect();
    assert_eq!(got, [("MR-2027-03", "unchanged"), ("MR-2027-02", "moved"), ("MR-2027-04", "unchanged")]);
    assert!(outcome.unplanned.is_empty());
    assert_eq!(review::get(store.conn(), "MR-2027-01").unwrap().starts_at, "2027-01-12T10:00");
}

#[test]
fn the_lead_calendar_and_the_planner_hold_the_year() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(&dir);
    plan(&mut store, &actor(), &request(Cadence::Quarterly, Weekday::Tue)).unwrap();
    store
        .write(&actor(), |w| {
            w.execute("INSERT INTO actions (reference, description, source, owner_id, target_on, created_at) VALUES ('ACT-2027-001', 'Renew the pen test', 'risk', 11, '2027-02-15', '2026-12-01T09:00:00Z')", [])?;
            w.execute("INSERT INTO actions (reference, description, source, target_on, status, created_at) VALUES ('ACT-2027-002', 'Done already', 'risk', '2027-03-15', 'closed', '2026-12-01T09:00:00Z')", [])?;
            w.execute("INSERT INTO actions (reference, description, source, owner_id, target_on, created_at) SELECT 'ACT-2027-003', 'Brief the board', 'risk', isms_lead_id, '2027-04-20', '2026-12-01T09:00:00Z' FROM organisation", [])?;
            w.audit("action", "seed", "create", None, None)
        })
        .unwrap();
    let ics = unfold(&lead_calendar(store.conn(), 2027, actor().now).unwrap());
    assert!(ics.contains("METHOD:PUBLISH\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 4 + 16, "4 meetings, 16 milestones");
    assert_eq!(ics.matches("DTSTART;VALUE=DATE:").count(), 16);
    assert!(!ics.contains("ATTENDEE"));
    for r in review::list(store.conn()).unwrap() {
        assert!(ics.contains(&format!("UID:{}\r\n", r.ical_uid)));
    }
    assert!(ics.contains("DTSTART;VALUE=DATE:20261222\r\n"), "collect inputs for 12 January: 21 days before");
    assert_eq!(ics.matches("BEGIN:VTODO").count(), 2, "open actions only");
    assert!(ics.contains("DUE;VALUE=DATE:20270215\r\n") && ics.contains("Owner: Bob Smith"));
    // Reminders: each milestone the day before, and the lead's own action, not Bob's.
    assert_eq!(ics.matches("DESCRIPTION:Tomorrow: MR-2027-").count(), 16);
    assert!(ics.contains("DESCRIPTION:Due tomorrow: ACT-2027-003 Brief the board\r\nTRIGGER;RELATED=END:-PT15H\r\n"), "{ics}");
    assert!(!ics.contains("Due tomorrow: ACT-2027-001"));

    let pdf = year_planner(store.conn(), 2027, actor().now).unwrap();
    assert_eq!(pdf.page_count, 1);
    assert!(pdf.bytes.starts_with(b"%PDF-"));
}

#[test]
fn planning_the_demo_organisation_keeps_its_planned_review_and_numbers_the_new_ones_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let new = NewStore { organisation: "Demo".into(), time_zone: "Europe/London".into(), lead: None };
    let mut store = Store::create(&dir.path().join("demo.db"), &new, Secret::random_key().unwrap(), Some(&MemoryKeychain::default()), &actor()).unwrap();
    crate::demo::populate(&mut store, &actor()).unwrap();
    let planned: Vec<review::Review> = review::list(store.conn()).unwrap().into_iter().filter(|r| r.status == "planned").collect();
    assert_eq!(planned.len(), 1, "the demo has its next review planned");
    let year: i32 = planned[0].starts_at[..4].parse().unwrap();
    let mut req = request(Cadence::Quarterly, Weekday::Tue);
    req.year = year;
    let outcome = plan(&mut store, &actor(), &req).unwrap();
    let in_year: Vec<review::Review> = review::list(store.conn()).unwrap().into_iter().filter(|r| r.starts_at.starts_with(&year.to_string()) && r.kind == "scheduled").collect();
    assert_eq!(in_year.iter().filter(|r| r.status == "planned").count(), outcome.reviews.len());
    assert!(in_year.iter().any(|r| r.ical_uid == planned[0].ical_uid), "the demo's planned review is moved, not replaced");
    assert!(outcome.reviews.iter().filter(|r| r.change == "new").all(|r| r.reference > planned[0].reference), "new references follow the demo's");
}
