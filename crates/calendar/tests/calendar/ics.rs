//! The iCalendar text: RFC 5545 conformance rules, daylight saving, update and cancel.

use quorum_calendar::*;

use crate::*;

fn unfold(s: &str) -> String {
    s.replace("\r\n ", "")
}

fn prop<'a>(ics: &'a str, name: &str) -> Vec<&'a str> {
    ics.split("\r\n").filter(|l| l.starts_with(name)).collect()
}

#[test]
fn lines_are_crlf_folded_at_75_octets_on_char_boundaries() {
    for ics in [
        invitation_ics(&review(), now()).unwrap(),
        lead_calendar_ics(&lead_calendar(), now()).unwrap(),
    ] {
        assert!(ics.ends_with("\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let longest = unfold(&ics).split("\r\n").map(str::len).max().unwrap();
        assert!(longest > 150, "the fixture must need folding");
    }
    // A multi-byte character straddling octet 75 moves whole to the next line.
    let line = format!("SUMMARY:{}€€", "a".repeat(66));
    let folded = fold_line(&line);
    assert_eq!(folded, format!("SUMMARY:{}\r\n €€\r\n", "a".repeat(66)));
    assert_eq!(folded.split("\r\n").next().unwrap().len(), 74);
    let long = "é".repeat(200);
    let folded = fold_line(&long);
    assert!(folded.split("\r\n").all(|l| l.len() <= 75));
    assert_eq!(unfold(&folded).trim_end(), long);
}

#[test]
fn text_values_are_escaped() {
    assert_eq!(escape_text("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    let ics = unfold(&invitation_ics(&review(), now()).unwrap());
    assert!(ics.contains("\r\nLOCATION:Board room 2\\, Łódź office\\; 3rd floor\r\n"));
    assert!(ics.contains("DESCRIPTION:Agenda:\\n1. Status of actions"));
    assert!(ics.contains("plan status \\\\ opportunities"));
    // Parameter values with a comma are quoted; a DQUOTE is written ^' (RFC 6868).
    assert!(ics.contains("CN=\"Søren Ødegård, CEO\":mailto:soren@example.com"));
    assert!(ics.contains("CN=Amélie ^\'Amy^\' Durand:mailto:amelie@example.com"));
}

#[test]
fn structure_of_an_invitation() {
    let ics = unfold(&invitation_ics(&review(), now()).unwrap());
    assert!(ics.starts_with(
        "BEGIN:VCALENDAR\r\nPRODID:-//Quorum//Management reviews//EN\r\nVERSION:2.0\r\n"
    ));
    assert_eq!(prop(&ics, "METHOD:"), ["METHOD:REQUEST"]);
    assert_eq!(prop(&ics, "UID:"), ["UID:MR-2027-01@7f3a9c.quorum.invalid"]);
    assert_eq!(prop(&ics, "DTSTAMP:"), ["DTSTAMP:20270104T083000Z"]);
    assert_eq!(
        prop(&ics, "ORGANIZER"),
        ["ORGANIZER;CN=Zoë Łukasz-Müller:mailto:zoe@example.com"]
    );
    assert_eq!(
        prop(&ics, "ATTENDEE"),
        [
            "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=CHAIR;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=\"Søren Ødegård, CEO\":mailto:soren@example.com",
            "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Amélie ^\'Amy^\' Durand:mailto:amelie@example.com",
            "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Bob Smith:mailto:bob@example.com",
            "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=OPT-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=李小龍:mailto:li@example.com",
        ]
    );
    // The VALARM carries no DTSTAMP or UID (RFC 5545 3.6.6), unlike the icalendar crate's.
    let alarm = ics
        .split("BEGIN:VALARM\r\n")
        .nth(1)
        .unwrap()
        .split("END:VALARM")
        .next()
        .unwrap();
    assert_eq!(alarm, "ACTION:DISPLAY\r\nDESCRIPTION:Reminder: MR-2027-01 Management review Q1 – ISMS\\, risks\\; objectives\r\nTRIGGER:-PT30M\r\n");
}

#[test]
fn every_vevent_and_vtodo_has_uid_and_dtstamp() {
    let ics = unfold(&lead_calendar_ics(&lead_calendar(), now()).unwrap());
    let comps: Vec<&str> = ics
        .split("BEGIN:")
        .skip(1)
        .filter(|c| c.starts_with("VEVENT") || c.starts_with("VTODO"))
        .collect();
    assert_eq!(comps.len(), 1 + 4 + 2);
    for c in comps {
        assert!(
            c.contains("\r\nUID:") && c.contains("\r\nDTSTAMP:20270104T083000Z\r\n"),
            "{c}"
        );
    }
    assert_eq!(prop(&ics, "METHOD:"), ["METHOD:PUBLISH"]);
    assert!(prop(&ics, "ATTENDEE").is_empty());
    assert!(ics.contains("DTSTART;VALUE=DATE:20270309\r\nDTEND;VALUE=DATE:20270310\r\nSUMMARY:MR-2027-01: Collect review inputs"));
    assert!(ics.contains("BEGIN:VTODO\r\nUID:A-2026-014@7f3a9c.quorum.invalid\r\nDTSTAMP:20270104T083000Z\r\nDUE;VALUE=DATE:20270215\r\n"));
}

fn start_end(r: &Review) -> (String, String) {
    let ics = invitation_ics(r, now()).unwrap();
    (
        prop(&ics, "DTSTART:")[0].to_string(),
        prop(&ics, "DTEND:")[0].to_string(),
    )
}

#[test]
fn times_are_right_across_daylight_saving_changes() {
    let at = |zone: &str, start: &str, minutes: u32| {
        let mut r = review();
        r.time_zone = zone.into();
        r.start = dt(start);
        r.duration_minutes = minutes;
        start_end(&r)
    };
    let s = |a: &str, b: &str| (format!("DTSTART:{a}"), format!("DTEND:{b}"));
    // London: GMT until Sunday 28 March 2027 01:00 UTC, BST until 31 October.
    assert_eq!(
        at("Europe/London", "2027-03-26 10:00", 60),
        s("20270326T100000Z", "20270326T110000Z")
    );
    assert_eq!(
        at("Europe/London", "2027-03-30 10:00", 60),
        s("20270330T090000Z", "20270330T100000Z")
    );
    assert_eq!(
        at("Europe/London", "2027-10-29 10:00", 60),
        s("20271029T090000Z", "20271029T100000Z")
    );
    assert_eq!(
        at("Europe/London", "2027-11-01 10:00", 60),
        s("20271101T100000Z", "20271101T110000Z")
    );
    // A meeting across the change keeps its real duration (03:00 BST = 02:00 UTC).
    assert_eq!(
        at("Europe/London", "2027-03-28 00:30", 120),
        s("20270328T003000Z", "20270328T023000Z")
    );
    // Ambiguous 01:30 on 31 October: the first occurrence (BST).
    assert_eq!(
        at("Europe/London", "2027-10-31 01:30", 60),
        s("20271031T003000Z", "20271031T013000Z")
    );
    // New York changes two weeks earlier; Sydney goes the other way.
    assert_eq!(
        at("America/New_York", "2027-03-12 10:00", 60),
        s("20270312T150000Z", "20270312T160000Z")
    );
    assert_eq!(
        at("America/New_York", "2027-03-15 10:00", 60),
        s("20270315T140000Z", "20270315T150000Z")
    );
    assert_eq!(
        at("Australia/Sydney", "2027-04-05 10:00", 60),
        s("20270405T000000Z", "20270405T010000Z")
    );
    // 01:30 on 28 March does not exist in London.
    let mut r = review();
    r.start = dt("2027-03-28 01:30");
    assert_eq!(
        invitation_ics(&r, now()),
        Err(CalendarError::NonexistentLocalTime {
            time: "2027-03-28 01:30:00".into(),
            zone: "Europe/London".into()
        })
    );
}

#[test]
fn update_keeps_the_uid_and_raises_the_sequence_cancel_says_so() {
    let first = invitation_ics(&review(), now()).unwrap();
    let second = invitation_ics(&updated(), now()).unwrap();
    let cancel = cancellation_ics(&cancelled(), now()).unwrap();
    for ics in [&first, &second, &cancel] {
        assert_eq!(prop(ics, "UID:"), ["UID:MR-2027-01@7f3a9c.quorum.invalid"]);
    }
    assert_eq!(prop(&first, "SEQUENCE:"), ["SEQUENCE:0"]);
    assert_eq!(prop(&second, "SEQUENCE:"), ["SEQUENCE:1"]);
    assert_eq!(prop(&second, "DTSTART:"), ["DTSTART:20270401T130000Z"]);
    assert_eq!(prop(&cancel, "SEQUENCE:"), ["SEQUENCE:2"]);
    assert_eq!(prop(&cancel, "METHOD:"), ["METHOD:CANCEL"]);
    assert_eq!(prop(&cancel, "STATUS:"), ["STATUS:CANCELLED"]);
    assert!(!cancel.contains("VALARM"));
    assert_eq!(prop(&unfold(&cancel), "ATTENDEE").len(), 4);
}

#[test]
fn invalid_reviews_are_refused() {
    let mut r = review();
    r.invitees[1].email = "amelie".into();
    assert!(matches!(
        invitation_ics(&r, now()),
        Err(CalendarError::InvalidReview { .. })
    ));
    let mut r = review();
    r.invitees.clear();
    assert!(matches!(cancellation_ics(&r, now()), Err(CalendarError::InvalidReview { .. })));
    let mut r = review();
    r.time_zone = "Mars/Olympus".into();
    assert_eq!(
        invitation_ics(&r, now()),
        Err(CalendarError::UnknownTimeZone("Mars/Olympus".into()))
    );
}

#[test]
fn no_header_or_property_injection() {
    let mut r = review();
    r.title = "Review\r\nBcc: evil@example.net".into();
    r.invitees[2].name = "Bob\r\nBcc: evil@example.net".into();
    r.organizer.name = "Zoe\nX-Evil: 1".into();
    let eml = invitation_eml(&r, &crate::golden::draft(false), now()).unwrap();
    assert!(
        !eml.contains("\r\nBcc:") && !eml.contains("\nX-Evil"),
        "{eml}"
    );
    let ics = invitation_ics(&r, now()).unwrap();
    assert!(
        !ics.contains("\nBcc:") && !ics.contains("\nX-Evil"),
        "{ics}"
    );
    assert!(ics.contains("SUMMARY:MR-2027-01 Review\\nBcc: evil@example.net"));
    for email in [
        "bob@example.com>\r\nBcc: x@y",
        "bob example@x.com",
        "bob@",
        "a@b@c",
    ] {
        let mut r = review();
        r.invitees[2].email = email.into();
        assert!(
            matches!(
                invitation_ics(&r, now()),
                Err(CalendarError::InvalidReview { .. })
            ),
            "{email}"
        );
        assert!(
            invitation_eml(&r, &crate::golden::draft(false), now()).is_err(),
            "{email}"
        );
    }
}
