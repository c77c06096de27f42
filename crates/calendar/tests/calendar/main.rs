//! Integration tests of quorum-calendar: one binary, a module per area.

mod golden;
mod ics;
mod interop;
mod plan;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use quorum_calendar::*;

pub fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 4, 8, 30, 0).unwrap()
}

/// A review with everything that is hard to write: non-ASCII names, commas, semicolons,
/// backslashes, newlines, and agenda lines long enough to fold.
pub fn review() -> Review {
    Review {
        uid: "MR-2027-01@7f3a9c.quorum.invalid".into(),
        sequence: 0,
        reference: "MR-2027-01".into(),
        title: "Management review Q1 – ISMS, risks; objectives".into(),
        start: dt("2027-03-30 10:00"),
        time_zone: "Europe/London".into(),
        duration_minutes: 120,
        location: Some("Board room 2, Łódź office; 3rd floor".into()),
        video_link: Some("https://meet.example.com/mr-2027-01?pwd=a,b".into()),
        agenda: vec![
            "Status of actions from previous management reviews (9.3.2 a)".into(),
            "Changes in external and internal issues, and in the needs and expectations of interested parties (9.3.2 b, c)".into(),
            "Feedback on information security performance: nonconformities, monitoring results, audit results, objectives — with trends".into(),
            "Risk assessment results; risk treatment plan status \\ opportunities for improvement".into(),
        ],
        organizer: Person { name: "Zoë Łukasz-Müller".into(), email: "zoe@example.com".into() },
        invitees: vec![
            Invitee { name: "Søren Ødegård, CEO".into(), email: "soren@example.com".into(), role: AttendeeRole::Chair },
            Invitee { name: "Amélie \"Amy\" Durand".into(), email: "amelie@example.com".into(), role: AttendeeRole::Required },
            Invitee { name: "Bob Smith".into(), email: "bob@example.com".into(), role: AttendeeRole::Required },
            Invitee { name: "李小龍".into(), email: "li@example.com".into(), role: AttendeeRole::Optional },
        ],
        reminder_minutes: Some(30),
    }
}

pub fn updated() -> Review {
    let mut r = review();
    r.sequence = 1;
    r.start = dt("2027-04-01 14:00");
    r.location = Some("Board room 1".into());
    r
}

pub fn cancelled() -> Review {
    let mut r = updated();
    r.sequence = 2;
    r
}

pub fn london_calendar() -> WorkCalendar {
    let text = "# England and Wales, 2027\n2027-01-01,New Year's Day\n2027-03-26,Good Friday\n2027-03-29,Easter Monday\n2027-05-03,Early May bank holiday\n2027-05-31,Spring bank holiday\n2027-08-30,Summer bank holiday\n2027-12-27,Christmas Day (substitute day)\n2027-12-28,Boxing Day (substitute day)\n";
    WorkCalendar {
        holidays: parse_holidays_text(text).unwrap(),
        ..WorkCalendar::default()
    }
}

pub fn lead_calendar() -> LeadCalendar {
    let r = review();
    LeadCalendar {
        name: "Management reviews 2027".into(),
        milestones: milestones_for(&r.uid, &r.reference, r.start.date(), &london_calendar()),
        reviews: vec![r],
        actions: vec![ActionDue {
            uid: "A-2026-014@7f3a9c.quorum.invalid".into(),
            reference: "A-2026-014".into(),
            title: "Renew the penetration test contract, with scope for the new SaaS platform"
                .into(),
            owner: Some("Bob Smith".into()),
            due: day("2027-02-15"),
            owned_by_lead: false,
        }, ActionDue {
            uid: "A-2026-015@7f3a9c.quorum.invalid".into(),
            reference: "A-2026-015".into(),
            title: "Brief the board on the supplier audit".into(),
            owner: Some("Ana Lead".into()),
            due: day("2027-02-22"),
            owned_by_lead: true,
        }],
    }
}
