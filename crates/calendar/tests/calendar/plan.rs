//! Year planning: cadence, weekend and holiday avoidance, milestones, re-planning.

use chrono::{NaiveTime, Weekday};
use quorum_calendar::*;

use crate::*;

pub fn request() -> YearPlanRequest {
    YearPlanRequest {
        year: 2027,
        cadence: Cadence::Quarterly,
        first_month: 2,
        preferred_weekday: Weekday::Mon,
        week_of_month: 5,
        time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        duration_minutes: 120,
        location: Some("Board room".into()),
        video_link: None,
        time_zone: "Europe/London".into(),
        calendar: london_calendar(),
        reference_prefix: "MR".into(),
        uid_domain: "7f3a9c.quorum.invalid".into(),
    }
}

#[test]
fn quarterly_last_monday_moves_off_bank_holidays_keeping_the_time() {
    let plan = plan_year(&request(), &[]).unwrap();
    let starts: Vec<_> = plan.reviews.iter().map(|r| r.start).collect();
    assert_eq!(
        starts,
        vec![
            dt("2027-02-22 10:00"),
            dt("2027-06-01 10:00"),
            dt("2027-08-31 10:00"),
            dt("2027-11-29 10:00")
        ]
    );
    let refs: Vec<_> = plan.reviews.iter().map(|r| r.reference.as_str()).collect();
    assert_eq!(
        refs,
        ["MR-2027-01", "MR-2027-02", "MR-2027-03", "MR-2027-04"]
    );
    assert_eq!(plan.reviews[1].uid, "MR-2027-02@7f3a9c.quorum.invalid");
    assert_eq!(
        plan.reviews[1].notes,
        ["Monday 2027-05-31 is a public holiday (Spring bank holiday); moved to Tuesday 2027-06-01 at the same time"]
    );
    assert!(plan.reviews[0].notes.is_empty());
    assert_eq!(plan.notes.len(), 2);
    assert!(plan.notes[1]
        .starts_with("MR-2027-03: Monday 2027-08-30 is a public holiday (Summer bank holiday)"));
    assert!(plan
        .reviews
        .iter()
        .all(|r| r.change == PlanChange::New && r.sequence == 0));
}

#[test]
fn nothing_falls_on_a_weekend_or_holiday() {
    let cal = london_calendar();
    for weekday in [Weekday::Mon, Weekday::Fri, Weekday::Sat, Weekday::Sun] {
        for week in 1..=5 {
            let req = YearPlanRequest {
                preferred_weekday: weekday,
                week_of_month: week,
                cadence: Cadence::Months((1..=12).collect()),
                ..request()
            };
            let plan = plan_year(&req, &[]).unwrap();
            assert_eq!(plan.reviews.len(), 12);
            for r in &plan.reviews {
                assert!(
                    cal.is_working_day(r.start.date()),
                    "{} on {}",
                    r.reference,
                    r.start
                );
                assert_eq!(r.start.time(), req.time);
                for m in &r.milestones {
                    assert!(
                        cal.is_working_day(m.date),
                        "{:?} of {} on {}",
                        m.kind,
                        r.reference,
                        m.date
                    );
                }
            }
        }
    }
}

#[test]
fn milestones_count_working_days_and_skip_holidays() {
    let cal = london_calendar();
    // Meeting Tuesday 1 June 2027, the day after the spring bank holiday.
    let ms = milestones_for("u@x", "MR-2027-02", day("2027-06-01"), &cal);
    let dates: Vec<_> = ms.iter().map(|m| (m.kind, m.date)).collect();
    assert_eq!(
        dates,
        [
            (MilestoneKind::CollectInputs, day("2027-05-11")),
            (MilestoneKind::SendInvitations, day("2027-05-18")),
            (MilestoneKind::CirculatePack, day("2027-05-24")),
            (MilestoneKind::MinutesApproved, day("2027-06-15")),
        ]
    );
    assert_eq!(ms[2].uid(), "circulate-pack.u@x");
    // Friday 9 April: 14 days before is Good Friday, brought forward to Thursday.
    let ms = milestones_for("u@x", "MR", day("2027-04-09"), &cal);
    assert_eq!(ms[1].date, day("2027-03-25"));
    assert_eq!(ms[1].note.as_deref(), Some("Send invitations: 2027-03-26 falls on public holiday (Good Friday); brought forward to 2027-03-25"));
    // Easter: 5 working days before Thursday 1 April skips Easter Monday and Good Friday.
    let ms = milestones_for("u@x", "MR", day("2027-04-01"), &cal);
    assert_eq!(ms[2].date, day("2027-03-23"));
}

#[test]
fn replanning_moves_reviews_and_keeps_their_identity() {
    let first = plan_year(&request(), &[]).unwrap();
    let existing: Vec<ExistingReview> = first
        .reviews
        .iter()
        .map(|r| ExistingReview {
            uid: r.uid.clone(),
            reference: r.reference.clone(),
            sequence: r.sequence,
            start: r.start,
        })
        .collect();
    // Same request: nothing moves.
    let same = plan_year(&request(), &existing).unwrap();
    assert!(same
        .reviews
        .iter()
        .all(|r| r.change == PlanChange::Unchanged));
    // Second Wednesdays at 14:00 instead, half-yearly: two move, two are left over.
    let req = YearPlanRequest {
        cadence: Cadence::HalfYearly,
        preferred_weekday: Weekday::Wed,
        week_of_month: 2,
        time: NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
        ..request()
    };
    let moved = plan_year(&req, &existing).unwrap();
    assert_eq!(moved.reviews.len(), 2);
    assert_eq!(moved.reviews[0].uid, first.reviews[0].uid);
    assert_eq!(moved.reviews[0].reference, "MR-2027-01");
    assert_eq!(moved.reviews[0].sequence, 1);
    assert_eq!(
        moved.reviews[0].change,
        PlanChange::Moved {
            from: dt("2027-02-22 10:00")
        }
    );
    assert_eq!(moved.reviews[0].start, dt("2027-02-10 14:00"));
    assert_eq!(moved.reviews[1].uid, first.reviews[1].uid);
    assert_eq!(moved.reviews[1].start, dt("2027-08-11 14:00"));
    assert_eq!(
        moved.reviews[1].milestones[0].review_uid,
        first.reviews[1].uid
    );
    let left: Vec<_> = moved
        .unplanned
        .iter()
        .map(|e| e.reference.as_str())
        .collect();
    assert_eq!(left, ["MR-2027-03", "MR-2027-04"]);
    // More slots than existing reviews: new ones get unused references.
    let more = plan_year(
        &YearPlanRequest {
            cadence: Cadence::Months(vec![1, 4, 7, 10, 12]),
            ..request()
        },
        &existing[..2],
    )
    .unwrap();
    let refs: Vec<_> = more
        .reviews
        .iter()
        .map(|r| (r.reference.as_str(), matches!(r.change, PlanChange::New)))
        .collect();
    assert_eq!(
        refs,
        [
            ("MR-2027-01", false),
            ("MR-2027-02", false),
            ("MR-2027-03", true),
            ("MR-2027-04", true),
            ("MR-2027-05", true)
        ]
    );
}

#[test]
fn a_slot_in_the_spring_forward_gap_is_shifted_and_noted() {
    let every_day = WorkCalendar {
        working_days: vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ],
        holidays: vec![],
    };
    let req = YearPlanRequest {
        cadence: Cadence::Months(vec![3]),
        preferred_weekday: Weekday::Sun,
        week_of_month: 5,
        time: NaiveTime::from_hms_opt(1, 30, 0).unwrap(),
        calendar: every_day,
        ..request()
    };
    let plan = plan_year(&req, &[]).unwrap();
    assert_eq!(plan.reviews[0].start, dt("2027-03-28 02:30"));
    assert!(
        plan.reviews[0].notes[0].contains("does not exist in Europe/London"),
        "{:?}",
        plan.reviews[0].notes
    );
}

#[test]
fn bad_requests_are_refused() {
    let bad_zone = YearPlanRequest {
        time_zone: "Europe/Londres".into(),
        ..request()
    };
    assert_eq!(
        plan_year(&bad_zone, &[]),
        Err(CalendarError::UnknownTimeZone("Europe/Londres".into()))
    );
    let bad_month = YearPlanRequest {
        cadence: Cadence::Months(vec![0]),
        ..request()
    };
    assert!(matches!(
        plan_year(&bad_month, &[]),
        Err(CalendarError::InvalidPlan(_))
    ));
}

#[test]
fn holidays_text_format() {
    let h = parse_holidays_text(
        "\u{feff}# comment\n\n2027-12-25, Christmas Day \n2027-01-01,New Year's Day, observed\n",
    )
    .unwrap();
    assert_eq!(
        h,
        vec![
            Holiday {
                date: day("2027-01-01"),
                name: "New Year's Day, observed".into()
            },
            Holiday {
                date: day("2027-12-25"),
                name: "Christmas Day".into()
            },
        ]
    );
    let e = parse_holidays_text("2027-01-01,New Year\n# ok\n2027-02-30,Nope\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "holidays, line 3: bad date \"2027-02-30\": input is out of range"
    );
    let e = parse_holidays_text("2027-01-01\n").unwrap_err();
    assert_eq!(
        e,
        CalendarError::HolidayLine {
            line: 1,
            message: "expected `YYYY-MM-DD,Name`, found \"2027-01-01\"".into()
        }
    );
    let e = parse_holidays_text("2027-01-01,  \n").unwrap_err();
    assert_eq!(
        e,
        CalendarError::HolidayLine {
            line: 1,
            message: "the holiday has no name".into()
        }
    );
}

#[test]
fn holidays_from_ics() {
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20271225\r\nDTEND;VALUE=DATE:20271227\r\nSUMMARY:Christmas\\, Boxing\r\n  Day\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:2\r\nDTSTART:20270101T090000Z\r\nSUMMARY:Not all-day\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nSUMMARY:New Year\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let h = parse_holidays_ics(ics).unwrap();
    assert_eq!(
        h,
        vec![
            Holiday {
                date: day("2027-01-01"),
                name: "New Year".into()
            },
            Holiday {
                date: day("2027-12-25"),
                name: "Christmas, Boxing Day".into()
            },
            Holiday {
                date: day("2027-12-26"),
                name: "Christmas, Boxing Day".into()
            },
        ]
    );
    let e =
        parse_holidays_ics("BEGIN:VEVENT\nDTSTART;VALUE=DATE:2027XX01\nEND:VEVENT\n").unwrap_err();
    assert!(
        matches!(e, CalendarError::HolidayLine { line: 2, .. }),
        "{e}"
    );
}

#[test]
fn a_holiday_span_is_bounded_before_any_day_is_made() {
    let event = |start: &str, end: &str| format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:{start}\r\nDTEND;VALUE=DATE:{end}\r\nSUMMARY:Closed\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    // A 150-byte file spanning 0001–9999 once ran for minutes; it is refused at once.
    let e = parse_holidays_ics(&event("00010101", "99991231")).unwrap_err().to_string();
    assert!(e.contains("at most 366 days") && e.contains("MAX_HOLIDAY_SPAN_DAYS"), "{e}");
    assert_eq!(parse_holidays_ics(&event("20270101", "20280101")).unwrap().len(), 365);
    // Many events within the span limit still cannot add up past the file's limit.
    let many: String = (0..30).map(|i| format!("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:{}0101\r\nDTEND;VALUE=DATE:{}1231\r\nEND:VEVENT\r\n", 2000 + i, 2000 + i)).collect();
    let e = parse_holidays_ics(&format!("BEGIN:VCALENDAR\r\n{many}END:VCALENDAR\r\n")).unwrap_err().to_string();
    assert!(e.contains("MAX_HOLIDAYS"), "{e}");
}

#[test]
fn a_plan_feeds_the_lead_calendar() {
    let plan = plan_year(&request(), &[]).unwrap();
    let r = review();
    let reviews: Vec<Review> = plan
        .reviews
        .iter()
        .map(|p| {
            p.to_review(
                "Management review",
                r.agenda.clone(),
                r.organizer.clone(),
                r.invitees.clone(),
                Some(15),
            )
        })
        .collect();
    let milestones = plan.milestones();
    assert_eq!(milestones.len(), 16);
    assert!(milestones.windows(2).all(|w| w[0].date <= w[1].date));
    let cal = LeadCalendar {
        name: "Management reviews 2027".into(),
        reviews,
        milestones,
        actions: vec![],
    };
    let ics = lead_calendar_ics(&cal, now()).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 4 + 16);
    assert!(ics.contains("DTSTART:20270601T090000Z"));
}
