//! `quorum plan | calendar | planner | invite | cancel` on a real store; the files the CLI
//! writes are read back by an independent parser (Python `icalendar` and `email`, through
//! tests/interop/ics_roundtrip.py) and compared with what the store holds.

use std::process::Command as Process;

use predicates::str::contains;
use quorum_core::Actor;
use serde_json::{json, Value};

use super::*;

/// A passphrase store with the ISMS lead (with email), four people and no holidays.
fn workspace() -> Workspace {
    let workspace = Workspace::new();
    workspace
        .quorum(&["init", "--org", "Zoë & Łukasz GmbH", "--tz", "Europe/London", "--key", "passphrase", "--lead", "Zoë Łukasz-Müller", "--lead-email", "zoe@example.com"])
        .assert()
        .success();
    let mut store = workspace.open();
    let actor = Actor::new("test", chrono::Utc::now());
    store
        .write(&actor, |w| {
            w.execute("INSERT INTO people (name, email, is_top_management) VALUES ('Søren Ødegård, CEO', 'soren@example.com', 1)", [])?;
            w.execute("INSERT INTO people (name, email) VALUES ('Amélie \"Amy\" Durand', 'amelie@example.com')", [])?;
            w.execute("INSERT INTO people (name, email) VALUES ('李小龍', 'li@example.com')", [])?;
            w.audit("person", "seed", "create", None, None)
        })
        .unwrap();
    workspace
}

const HOLIDAYS: &str = "# England and Wales, 2027\n2027-01-01,New Year's Day\n2027-03-26,Good Friday\n2027-03-29,Easter Monday\n2027-05-03,Early May bank holiday\n2027-05-31,Spring bank holiday\n2027-08-30,Summer bank holiday\n2027-12-27,Christmas Day (substitute day)\n2027-12-28,Boxing Day (substitute day)\n";

fn plan(workspace: &Workspace, weekday: &str) -> Value {
    let holidays = workspace.path("holidays.txt");
    std::fs::write(&holidays, HOLIDAYS).unwrap();
    let (code, plan) = workspace.json(&[
        "plan", "2027", "--cadence", "months:1,4,8,12", "--weekday", weekday, "--week", "last", "--time", "10:00", "--tz", "Europe/London",
        "--location", "Board room 2, Łódź office; 3rd floor", "--holidays", holidays.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{plan}");
    plan
}

/// Runs the independent reader on a file the CLI wrote.
fn parse(path: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/interop/ics_roundtrip.py");
    let out = Process::new("python3").arg(&script).arg(path).output().unwrap_or_else(|e| {
        panic!("cannot run python3 ({e}): install Python 3 and `pip install -r tests/interop/requirements.txt`")
    });
    assert!(out.status.success(), "{} rejected {}:\n{}", script.display(), path.display(), String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn stored(workspace: &Workspace, reference: &str) -> (String, u32, String, String) {
    workspace
        .open()
        .conn()
        .query_row("SELECT ical_uid, ical_sequence, starts_at, status FROM reviews WHERE reference = ?1", [reference], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
}

fn invite_everyone(workspace: &Workspace, reference: &str) {
    workspace.quorum(&["review", "invite", reference, "Søren", "--role", "chair"]).assert().success();
    workspace.quorum(&["review", "invite", reference, "amelie@example.com", "--role", "department_head"]).assert().success();
    workspace.quorum(&["review", "invite", reference, "li@example.com", "--role", "guest", "--optional"]).assert().success();
}

fn attendees(rsvp: &str) -> Value {
    let a = |email: &str, cn: &str, role: &str| json!({"email": email, "cn": cn, "role": role, "partstat": "NEEDS-ACTION", "rsvp": rsvp});
    json!([
        a("soren@example.com", "Søren Ødegård, CEO", "CHAIR"),
        a("amelie@example.com", "Amélie \"Amy\" Durand", "REQ-PARTICIPANT"),
        a("li@example.com", "李小龍", "OPT-PARTICIPANT"),
    ])
}

#[test]
fn plan_avoids_weekends_and_holidays_and_re_planning_moves_the_same_reviews() {
    let workspace = workspace();
    let first = plan(&workspace, "mon");
    // Last Mondays: 25 Jan, 26 Apr, 30 Aug (bank holiday → Tue 31), 27 Dec (substitute
    // day, and the 28th too → Wed 29).
    let starts: Vec<&str> = first["reviews"].as_array().unwrap().iter().map(|r| r["startsAt"].as_str().unwrap()).collect();
    assert_eq!(starts, ["2027-01-25T10:00:00", "2027-04-26T10:00:00", "2027-08-31T10:00:00", "2027-12-29T10:00:00"]);
    assert_eq!(first["holidaysImported"], 8);
    assert!(first["reviews"][2]["notes"][0].as_str().unwrap().contains("Summer bank holiday"), "{first}");
    let before: Vec<_> = ["MR-2027-01", "MR-2027-02", "MR-2027-03", "MR-2027-04"].iter().map(|r| stored(&workspace, r)).collect();
    assert!(before.iter().all(|b| b.1 == 0 && b.3 == "planned"));

    let text = workspace.quorum(&["plan", "2027", "--cadence", "months:1,4,8,12", "--weekday", "thu", "--week", "last", "--time", "10:00"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("MR-2027-01  moved      Thu 28 Jan 2027 10:00 (was Mon 25 Jan 10:00)"), "{text}");
    for (i, reference) in ["MR-2027-01", "MR-2027-02", "MR-2027-03", "MR-2027-04"].iter().enumerate() {
        let after = stored(&workspace, reference);
        assert_eq!(after.0, before[i].0, "{reference} keeps its UID");
        assert_eq!(after.1, 1, "{reference}: SEQUENCE raised by the move");
    }
    assert_eq!(stored(&workspace, "MR-2027-04").2, "2027-12-30T10:00");
    let (_, list) = workspace.json(&["review", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 4, "moved, not recreated");
    assert_eq!(list[0]["location"], "Board room 2, Łódź office; 3rd floor", "a re-plan without --location keeps the room");
}

#[test]
fn plan_refuses_bad_input_with_the_fix() {
    let workspace = workspace();
    workspace.quorum(&["plan", "2027", "--cadence", "weekly", "--weekday", "tue", "--time", "10:00"]).assert().code(2).stderr(contains("months:1,4,7"));
    workspace.quorum(&["plan", "2027", "--cadence", "annual", "--weekday", "tue", "--time", "25:00"]).assert().code(2).stderr(contains("HH:MM"));
    workspace.quorum(&["plan", "2027", "--cadence", "annual", "--weekday", "tue", "--time", "10:00", "--tz", "London"]).assert().code(2).stderr(contains("Europe/London"));
    let holidays = workspace.path("bad.txt");
    std::fs::write(&holidays, "2027-01-01,New Year's Day\n2027-02-30,Nope\n").unwrap();
    let (code, error) = workspace.json(&["plan", "2027", "--cadence", "annual", "--weekday", "tue", "--time", "10:00", "--holidays", holidays.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(error["error"]["kind"], "invalid");
    assert!(error["error"]["message"].as_str().unwrap().contains("line 2"), "{error}");
    let (_, list) = workspace.json(&["review", "list"]);
    assert_eq!(list, json!([]), "nothing planned");
}

#[test]
fn invitations_update_and_cancellation_round_trip_through_python_icalendar() {
    let workspace = workspace();
    plan(&workspace, "tue");
    // Last Tuesday of January (GMT) and of April (BST): 10:00 local is 10:00Z, then 09:00Z.
    for reference in ["MR-2027-01", "MR-2027-02"] {
        invite_everyone(&workspace, reference);
    }
    workspace.quorum(&["invite", "MR-2027-01"]).assert().code(2).stderr(contains("--out"));
    let out = workspace.path("out");
    for (reference, start, end) in [("MR-2027-01", "2027-01-26T10:00:00Z", "2027-01-26T12:00:00Z"), ("MR-2027-02", "2027-04-27T09:00:00Z", "2027-04-27T11:00:00Z")] {
        let (code, issued) = workspace.json(&["invite", reference, "--out", out.to_str().unwrap()]);
        assert_eq!(code, 0, "{issued}");
        let (uid, sequence, _, status) = stored(&workspace, reference);
        assert_eq!(status, "invitations_sent");
        let cal = parse(&out.join(format!("{reference}.ics")));
        assert_eq!(cal["method"], "REQUEST");
        let event = &cal["components"][0];
        assert_eq!(cal["components"].as_array().unwrap().len(), 1);
        assert_eq!((&event["uid"], &event["sequence"]), (&json!(uid), &json!(sequence)));
        assert_eq!((event["dtstart"].as_str().unwrap(), event["dtend"].as_str().unwrap()), (start, end), "{reference}");
        assert_eq!(event["dtstamp"], "2027-03-01T09:00:00Z", "QUORUM_NOW");
        assert_eq!(event["location"], "Board room 2, Łódź office; 3rd floor");
        assert_eq!(event["organizer"]["email"], "zoe@example.com");
        assert_eq!(event["organizer"]["cn"], "Zoë Łukasz-Müller");
        assert_eq!(event["attendees"], attendees("TRUE"));
        assert_eq!(event["alarms"], json!([{"action": "DISPLAY", "trigger_seconds": -1800, "description": format!("Reminder: {}", event["summary"].as_str().unwrap()), "extra": []}]));
        let description = event["description"].as_str().unwrap();
        assert!(description.starts_with("Agenda:\n1. ") && description.contains(" min)\n2. "), "{description}");

        let mail = parse(&out.join(format!("{reference}.eml")));
        assert_eq!(mail["x_unsent"], "1");
        assert_eq!(mail["parts"], json!(["multipart/mixed", "multipart/alternative", "text/plain", "text/calendar", "application/ics"]));
        assert_eq!(mail["to_names"], json!(["Søren Ødegård, CEO", "Amélie \"Amy\" Durand", "李小龍"]));
        assert_eq!(mail["calendar_part"]["method_param"], "REQUEST");
        assert_eq!(mail["calendar_part"]["calendar"], cal, "the inline part is the .ics");
        assert_eq!(mail["attachment"]["calendar"], cal, "the attachment is the .ics");
        assert!(issued["invitation"]["mailto"].as_str().unwrap().starts_with("mailto:soren@example.com,amelie@example.com,li@example.com?subject=Invitation"));
    }

    // Moved by a re-plan, then re-issued: same UID, SEQUENCE 1, the new time.
    workspace.quorum(&["plan", "2027", "--cadence", "months:1,4,8,12", "--weekday", "wed", "--week", "last", "--time", "14:30"]).assert().success();
    let (uid, _, _, _) = stored(&workspace, "MR-2027-02");
    workspace.quorum(&["invite", "MR-2027-02", "--out", out.to_str().unwrap()]).assert().success().stdout(contains("SEQUENCE 1"));
    let update = parse(&out.join("MR-2027-02.ics"));
    let event = &update["components"][0];
    assert_eq!((&event["uid"], &event["sequence"], &event["dtstart"]), (&json!(uid), &json!(1), &json!("2027-04-28T13:30:00Z")));
    assert!(parse(&out.join("MR-2027-02.eml"))["subject"].as_str().unwrap().starts_with("Updated invitation: MR-2027-02"));

    // Cancelled: the attendees need the notice, so --out is asked for first.
    workspace.quorum(&["cancel", "MR-2027-02", "--reason", "Merged into the August review"]).assert().code(2).stderr(contains("--out"));
    assert_eq!(stored(&workspace, "MR-2027-02").3, "invitations_sent", "nothing changed");
    let (code, cancelled) = workspace.json(&["cancel", "MR-2027-02", "--reason", "Merged into the August review", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{cancelled}");
    assert_eq!(cancelled["review"]["cancelledReason"], "Merged into the August review");
    let (_, sequence, _, status) = stored(&workspace, "MR-2027-02");
    assert_eq!((sequence, status.as_str()), (2, "cancelled"));
    let cancel = parse(&out.join("MR-2027-02-cancel.ics"));
    assert_eq!(cancel["method"], "CANCEL");
    let event = &cancel["components"][0];
    assert_eq!((&event["uid"], &event["sequence"], &event["status"]), (&json!(uid), &json!(2), &json!("CANCELLED")));
    assert_eq!(event["attendees"], attendees("FALSE"));
    assert_eq!(parse(&out.join("MR-2027-02-cancel.eml"))["calendar_part"]["method_param"], "CANCEL");
    workspace.quorum(&["invite", "MR-2027-02", "--out", out.to_str().unwrap()]).assert().code(2).stderr(contains("cancelled"));
    // Never invited: cancelled without a notice.
    workspace.quorum(&["cancel", "MR-2027-04", "--reason", "Not needed"]).assert().success().stdout(contains("nobody to notify"));
}

#[test]
fn the_lead_calendar_and_the_planner_hold_what_the_store_holds() {
    let workspace = workspace();
    plan(&workspace, "tue");
    let ics = workspace.path("lead.ics");
    let (code, written) = workspace.json(&["calendar", "2027", "--out", ics.to_str().unwrap()]);
    assert_eq!(code, 0, "{written}");
    assert_eq!(written["events"], 4 + 16);
    let cal = parse(&ics);
    assert_eq!(cal["method"], "PUBLISH");
    let components = cal["components"].as_array().unwrap();
    let (_, reviews) = workspace.json(&["review", "list"]);
    let calendar = quorum_core::review::check::work_calendar(workspace.open().conn()).unwrap();
    for review in reviews.as_array().unwrap() {
        let meeting = components.iter().find(|c| c["uid"] == review["icalUid"]).expect("every review is in the calendar");
        assert_eq!(meeting["dtstart_is_date"], false);
        assert_eq!(meeting["attendees"], json!([]));
        let milestones: Vec<&Value> = components.iter().filter(|c| c["uid"].as_str().unwrap().ends_with(&format!(".{}", review["icalUid"].as_str().unwrap()))).collect();
        assert_eq!(milestones.len(), 4);
        for m in milestones {
            assert_eq!(m["dtstart_is_date"], true);
            let date = chrono::NaiveDate::parse_from_str(m["dtstart"].as_str().unwrap(), "%Y-%m-%d").unwrap();
            assert!(calendar.is_working_day(date), "{} on {date}", m["summary"]);
        }
    }
    // January's meeting (26th, GMT) and April's (27th, BST) in UTC.
    let start = |reference: &str| components.iter().find(|c| c["summary"].as_str().unwrap().starts_with(&format!("{reference} "))).unwrap()["dtstart"].clone();
    assert_eq!((start("MR-2027-01"), start("MR-2027-02")), (json!("2027-01-26T10:00:00Z"), json!("2027-04-27T09:00:00Z")));

    let pdf = workspace.path("planner.pdf");
    let (code, written) = workspace.json(&["planner", "2027", "--out", pdf.to_str().unwrap()]);
    assert_eq!((code, &written["pages"]), (0, &json!(1)), "{written}");
    assert!(bytes(&pdf).starts_with(b"%PDF-"));
    if let Ok(out) = Process::new("pdftotext").args(["-layout"]).arg(&pdf).arg("-").output() {
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("MR-2027-04") && text.contains("December"), "{text}");
    }
}

#[test]
fn the_review_board_is_invited_to_every_review_the_plan_makes() {
    let workspace = workspace();
    let q = |args: &[&str]| workspace.quorum(args).assert().success();
    q(&["org", "board", "add", "Søren", "--role", "chair"]);
    q(&["org", "board", "add", "amelie@example.com", "--role", "department_head"]);
    workspace.quorum(&["org", "board", "add", "li@example.com", "--role", "boss"]).assert().code(2).stderr(contains("unknown role"));
    let (_, board) = workspace.json(&["org", "board", "list"]);
    assert_eq!(board.as_array().unwrap().len(), 2, "{board}");
    plan(&workspace, "tue");

    // Planned with the board: the invitation goes out with no one added by hand.
    let (_, record) = workspace.json(&["review", "show", "MR-2027-01"]);
    let invited: Vec<&str> = record["attendees"].as_array().unwrap().iter().map(|a| a["role"].as_str().unwrap()).collect();
    assert_eq!(invited, ["chair", "department_head"], "{}", record["attendees"]);
    assert_eq!(record["chair"]["email"], "soren@example.com");
    let out = workspace.path("out");
    let (code, issued) = workspace.json(&["invite", "MR-2027-01", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{issued}");
    assert_eq!(parse(&out.join("MR-2027-01.ics"))["components"][0]["attendees"].as_array().unwrap().len(), 2);

    // A new member reaches the reviews still planned when asked; the invited one keeps its list.
    q(&["org", "board", "add", "li@example.com", "--role", "guest", "--optional"]);
    let (_, changed) = workspace.json(&["org", "board", "apply"]);
    assert_eq!(changed, json!(["MR-2027-02", "MR-2027-03", "MR-2027-04"]));
    let count = |reference: &str| workspace.json(&["review", "show", reference]).1["attendees"].as_array().unwrap().len();
    assert_eq!((count("MR-2027-01"), count("MR-2027-02")), (2, 3));
    q(&["org", "board", "apply"]).stdout(contains("already invites the whole board"));
}
