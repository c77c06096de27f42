//! Round trip through independent parsers: Python's `icalendar` 7.x and `email`
//! (tests/interop/ics_roundtrip.py). What they read must equal what was written.
//! If python3 or icalendar is missing these tests FAIL, saying what to install.

use std::path::PathBuf;
use std::process::Command;

use quorum_calendar::*;
use serde_json::{json, Value};

use crate::golden::draft;
use crate::*;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parse(file_name: &str, content: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file_name);
    std::fs::write(&path, content).unwrap();
    let script = repo().join("tests/interop/ics_roundtrip.py");
    let out = Command::new("python3").arg(&script).arg(&path).output().unwrap_or_else(|e| {
        panic!("cannot run python3 ({e}): install Python 3 and `pip install -r tests/interop/requirements.txt`")
    });
    assert!(
        out.status.success(),
        "{} rejected {file_name}:\n{}\n(if icalendar is missing: pip install -r tests/interop/requirements.txt)",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn attendee(email: &str, cn: &str, role: &str, rsvp: &str) -> Value {
    json!({"email": email, "cn": cn, "role": role, "partstat": "NEEDS-ACTION", "rsvp": rsvp})
}

fn expected_event(
    r: &Review,
    start: &str,
    end: &str,
    status: &str,
    attendees: Vec<Value>,
    alarms: Vec<Value>,
) -> Value {
    let desc = "Agenda:\n".to_string()
        + &r.agenda
            .iter()
            .enumerate()
            .map(|(i, a)| format!("{}. {a}\n", i + 1))
            .collect::<String>()
        + &format!("\nJoin online: {}", r.video_link.as_deref().unwrap());
    json!({
        "type": "VEVENT",
        "uid": r.uid,
        "sequence": r.sequence,
        "dtstamp": "2027-01-04T08:30:00Z",
        "dtstart": start,
        "dtstart_is_date": false,
        "dtend": end,
        "due": null,
        "summary": format!("{} {}", r.reference, r.title),
        "description": desc,
        "location": r.location,
        "status": status,
        "organizer": {"email": "zoe@example.com", "cn": "Zoë Łukasz-Müller", "role": null, "partstat": null, "rsvp": null},
        "attendees": attendees,
        "alarms": alarms,
    })
}

fn invitees(rsvp: &str) -> Vec<Value> {
    vec![
        attendee("soren@example.com", "Søren Ødegård, CEO", "CHAIR", rsvp),
        attendee(
            "amelie@example.com",
            "Amélie \"Amy\" Durand",
            "REQ-PARTICIPANT",
            rsvp,
        ),
        attendee("bob@example.com", "Bob Smith", "REQ-PARTICIPANT", rsvp),
        attendee("li@example.com", "李小龍", "OPT-PARTICIPANT", rsvp),
    ]
}

fn alarm(r: &Review) -> Vec<Value> {
    vec![
        json!({"action": "DISPLAY", "trigger_seconds": -1800, "description": format!("Reminder: {} {}", r.reference, r.title), "extra": []}),
    ]
}

#[test]
fn invitation_round_trip() {
    let r = review();
    let got = parse("invite.ics", &invitation_ics(&r, now()).unwrap());
    let want = json!({"method": "REQUEST", "version": "2.0", "components": [
        expected_event(&r, "2027-03-30T09:00:00Z", "2027-03-30T11:00:00Z", "CONFIRMED", invitees("TRUE"), alarm(&r))
    ]});
    assert_eq!(got, want);
}

#[test]
fn update_and_cancel_round_trip() {
    let r = updated();
    let got = parse("update.ics", &invitation_ics(&r, now()).unwrap());
    let want = json!({"method": "REQUEST", "version": "2.0", "components": [
        expected_event(&r, "2027-04-01T13:00:00Z", "2027-04-01T15:00:00Z", "CONFIRMED", invitees("TRUE"), alarm(&r))
    ]});
    assert_eq!(got, want);
    let r = cancelled();
    let got = parse("cancel.ics", &cancellation_ics(&r, now()).unwrap());
    let want = json!({"method": "CANCEL", "version": "2.0", "components": [
        expected_event(&r, "2027-04-01T13:00:00Z", "2027-04-01T15:00:00Z", "CANCELLED", invitees("FALSE"), vec![])
    ]});
    assert_eq!(got, want);
}

#[test]
fn lead_calendar_round_trip() {
    let cal = lead_calendar();
    let got = parse("lead.ics", &lead_calendar_ics(&cal, now()).unwrap());
    assert_eq!(got["method"], "PUBLISH");
    let comps = got["components"].as_array().unwrap();
    assert_eq!(comps.len(), 7);
    let mut meeting = expected_event(
        &cal.reviews[0],
        "2027-03-30T09:00:00Z",
        "2027-03-30T11:00:00Z",
        "CONFIRMED",
        vec![],
        alarm(&cal.reviews[0]),
    );
    meeting["attendees"] = json!([]);
    assert_eq!(comps[0], meeting);
    for (c, m) in comps[1..5].iter().zip(&cal.milestones) {
        assert_eq!(c["type"], "VEVENT");
        assert_eq!(c["uid"], m.uid());
        assert_eq!(c["dtstart_is_date"], true);
        assert_eq!(c["dtstart"], m.date.to_string());
        assert_eq!(c["dtend"], m.date.succ_opt().unwrap().to_string());
        assert_eq!(c["summary"], format!("MR-2027-01: {}", m.kind.label()));
        // 09:00 the day before the all-day milestone.
        assert_eq!(c["alarms"], json!([{"action": "DISPLAY", "trigger_seconds": -15 * 3600, "description": format!("Tomorrow: MR-2027-01: {}", m.kind.label()), "extra": []}]));
    }
    let a = &cal.actions[0];
    assert_eq!(comps[5]["type"], "VTODO");
    assert_eq!(comps[5]["uid"], a.uid);
    assert_eq!(comps[5]["due"], "2027-02-15");
    assert_eq!(comps[5]["summary"], format!("{} {}", a.reference, a.title));
    assert_eq!(comps[5]["description"], "Owner: Bob Smith");
    assert_eq!(comps[5]["alarms"], json!([]), "someone else's action does not ring in the lead's calendar");
    assert_eq!(comps[6]["due"], "2027-02-22");
    assert_eq!(comps[6]["alarms"], json!([{"action": "DISPLAY", "trigger_seconds": -15 * 3600, "description": "Due tomorrow: A-2026-015 Brief the board on the supplier audit", "extra": []}]));
}

#[test]
fn daylight_saving_round_trip() {
    for (zone, local, utc) in [
        ("Europe/London", "2027-03-26 10:00", "2027-03-26T10:00:00Z"),
        ("Europe/London", "2027-03-29 10:00", "2027-03-29T09:00:00Z"),
        ("Europe/Berlin", "2027-10-29 10:00", "2027-10-29T08:00:00Z"),
        ("Europe/Berlin", "2027-11-01 10:00", "2027-11-01T09:00:00Z"),
        (
            "America/New_York",
            "2027-03-15 10:00",
            "2027-03-15T14:00:00Z",
        ),
    ] {
        let mut r = review();
        r.time_zone = zone.into();
        r.start = dt(local);
        let got = parse("dst.ics", &invitation_ics(&r, now()).unwrap());
        assert_eq!(got["components"][0]["dtstart"], utc, "{zone} {local}");
    }
}

#[test]
fn email_draft_round_trip() {
    let r = review();
    let got = parse(
        "invite.eml",
        &invitation_eml(&r, &draft(false), now()).unwrap(),
    );
    assert_eq!(
        got["parts"],
        json!([
            "multipart/mixed",
            "multipart/alternative",
            "text/plain",
            "text/calendar",
            "application/ics"
        ])
    );
    assert_eq!(got["x_unsent"], "1");
    assert_eq!(got["message_id"], "<mr-2027-01.1@7f3a9c.quorum.invalid>");
    assert_eq!(got["date"], "Mon, 04 Jan 2027 08:30:00 +0000");
    assert_eq!(got["from"], "Zoë Łukasz-Müller <zoe@example.com>");
    assert_eq!(
        got["to_names"],
        json!([
            "Søren Ødegård, CEO",
            "Amélie \"Amy\" Durand",
            "Bob Smith",
            "李小龍"
        ])
    );
    assert_eq!(
        got["subject"],
        "Invitation: MR-2027-01 Management review Q1 – ISMS, risks; objectives: Tuesday 30 March 2027, 10:00 to 12:00 (Europe/London)"
    );
    let plain = got["plain"].as_str().unwrap();
    assert!(
        plain.starts_with("You are invited to the management review MR-2027-01"),
        "{plain}"
    );
    assert!(
        plain.contains("Where: Board room 2, Łódź office; 3rd floor\r\n"),
        "{plain}"
    );
    assert!(plain.contains("4. Risk assessment results"), "{plain}");
    assert_eq!(got["calendar_part"]["method_param"], "REQUEST");
    assert_eq!(got["calendar_part"]["charset"], "utf-8");
    let want = json!({"method": "REQUEST", "version": "2.0", "components": [
        expected_event(&r, "2027-03-30T09:00:00Z", "2027-03-30T11:00:00Z", "CONFIRMED", invitees("TRUE"), alarm(&r))
    ]});
    assert_eq!(got["calendar_part"]["calendar"], want);
    assert_eq!(got["attachment"]["filename"], "invite.ics");
    assert_eq!(got["attachment"]["calendar"], want);

    let got = parse(
        "cancel.eml",
        &invitation_eml(&cancelled(), &draft(true), now()).unwrap(),
    );
    assert_eq!(got["calendar_part"]["method_param"], "CANCEL");
    assert_eq!(
        got["attachment"]["calendar"]["components"][0]["status"],
        "CANCELLED"
    );
    assert!(got["subject"]
        .as_str()
        .unwrap()
        .starts_with("Cancelled: MR-2027-01"));
}

#[test]
fn mailto_link_decodes_to_the_same_text() {
    let link = mailto_link(&review(), false);
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("python3")
        .arg("-c")
        .arg("import sys, json, urllib.parse as u; p = u.urlsplit(sys.argv[1]); q = u.parse_qs(p.query); print(json.dumps({'scheme': p.scheme, 'to': p.path, 'subject': q['subject'][0], 'body': q['body'][0]}))")
        .arg(&link)
        .current_dir(dir.path())
        .output()
        .expect("python3 is needed for the interop tests");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["scheme"], "mailto");
    assert_eq!(
        v["to"],
        "soren@example.com,amelie@example.com,bob@example.com,li@example.com"
    );
    assert!(v["subject"]
        .as_str()
        .unwrap()
        .starts_with("Invitation: MR-2027-01 Management review Q1 – ISMS, risks; objectives"));
    assert!(v["body"]
        .as_str()
        .unwrap()
        .contains("\r\nWhere: Board room 2, Łódź office; 3rd floor\r\n"));
}

/// The checker is not a no-op: it rejects what a sloppy writer produces.
#[test]
fn the_checker_rejects_nonconformant_files() {
    let good = invitation_ics(&review(), now()).unwrap();
    let cases = [
        ("bare LF", good.replace("\r\n", "\n")),
        ("unfolded long line", good.replace("\r\n ", "")),
        (
            "bad DTSTART",
            good.replace("DTSTART:20270330T090000Z", "DTSTART:2027XX30"),
        ),
        (
            "no DTSTAMP",
            good.replace("DTSTAMP:20270104T083000Z\r\n", ""),
        ),
        (
            "no PRODID",
            good.replace("PRODID:-//Quorum//Management reviews//EN\r\n", ""),
        ),
    ];
    let script = repo().join("tests/interop/ics_roundtrip.py");
    for (what, text) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.ics");
        std::fs::write(&path, text).unwrap();
        let out = Command::new("python3")
            .arg(&script)
            .arg(&path)
            .output()
            .expect("python3 is needed");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && err.contains("NOT CONFORMANT"),
            "{what} accepted: {err}"
        );
    }
}
