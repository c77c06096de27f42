//! The Calendar screen's and the action register's commands on Tauri's mock runtime, over
//! a real temporary store: plan a year and list it, the invitation files, the lead's
//! calendar, cancelling; bulk status changes with a refusal, verification, escalation,
//! revised dates, and the CSV / XLSX exports that never overwrite; a page of the register
//! with its total, the filters' choices, and the export of every row a query matches.


mod common;
use common::*;
use serde_json::{json, Value};

fn app(dir: &std::path::Path) -> (tauri::App<MockRuntime>, Window) {
    let (app, window) = app_in(dir);
    invoke(&window, "store_create", json!({"request": {"organisation": "Acme", "leadName": "Ana Lima", "leadEmail": "ana@acme.example", "timeZone": "Europe/London", "keyMode": "keychain"}})).unwrap();
    (app, window)
}

fn person(window: &Window, name: &str, email: &str, extra: Value) -> i64 {
    let mut request = json!({"name": name, "email": email});
    request.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    invoke(window, "person_add", json!({"request": request})).unwrap()["id"].as_i64().unwrap()
}

#[test]
fn plan_a_year_list_it_invite_export_and_cancel() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(dir.path());
    let year = 2031;

    let bad = invoke(&window, "calendar_plan", json!({"request": {"year": year, "cadence": "fortnightly", "weekday": "tue", "weekOfMonth": 2, "time": "10:00", "durationMinutes": 90}})).unwrap_err();
    assert_eq!(bad["kind"], "invalid");
    let plan = invoke(&window, "calendar_plan", json!({"request": {"year": year, "cadence": "quarterly", "firstMonth": 3, "weekday": "tue", "weekOfMonth": 2, "time": "10:00", "durationMinutes": 90, "location": "Board room"}})).unwrap();
    let planned = plan["reviews"].as_array().unwrap();
    assert_eq!(planned.len(), 4, "{plan}");
    assert!(planned.iter().all(|r| r["change"] == "new"), "{plan}");
    assert_eq!(planned[0]["startsAt"].as_str().unwrap()[..7], format!("{year}-03"));

    // Planning again with another weekday moves the same reviews; nothing new is created.
    let again = invoke(&window, "calendar_plan", json!({"request": {"year": year, "cadence": "quarterly", "firstMonth": 3, "weekday": "wed", "weekOfMonth": 2, "time": "10:00", "durationMinutes": 90}})).unwrap();
    assert!(again["reviews"].as_array().unwrap().iter().all(|r| r["change"] == "moved"), "{again}");

    let view = invoke(&window, "calendar_year", json!({"request": {"year": year}})).unwrap();
    assert_eq!(view["timeZone"], "Europe/London");
    let reviews = view["reviews"].as_array().unwrap();
    assert_eq!(reviews.len(), 4);
    assert!(reviews.iter().all(|r| r["status"] == "planned" && r["location"] == "Board room"), "{view}");
    let kinds: Vec<&str> = view["milestones"].as_array().unwrap().iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"send-invitations") && kinds.contains(&"circulate-pack"), "{kinds:?}");
    let reference = reviews[0]["reference"].as_str().unwrap().to_owned();

    // The invitation: refused without invitees, then written and parseable.
    let out = dir.path().join("out");
    let ics = out.join(format!("{reference}.ics"));
    let eml = out.join(format!("{reference}.eml"));
    let files = json!({"reference": reference, "icsPath": ics, "emlPath": eml});
    assert_eq!(invoke(&window, "review_invitation", json!({"request": files})).unwrap_err()["kind"], "invalid");
    assert!(!ics.exists());
    person(&window, "Zoë Müller", "zoe@acme.example", json!({"topManagement": true}));
    invoke(&window, "review_invite", json!({"request": {"reference": reference, "person": "Zoë Müller", "role": "chair"}})).unwrap();
    invoke(&window, "review_invite", json!({"request": {"reference": reference, "person": "Ana Lima", "role": "isms_lead"}})).unwrap();
    let issued = invoke(&window, "review_invitation", json!({"request": files})).unwrap();
    assert_eq!(issued["method"], "REQUEST");
    assert_eq!(issued["status"], "invitations_sent");
    assert_eq!(issued["icsPath"], ics.display().to_string());
    let text = std::fs::read_to_string(&ics).unwrap().replace("\r\n ", "");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.contains("METHOD:REQUEST\r\n"), "{text}");
    assert!(text.contains("mailto:zoe@acme.example") && text.contains("ROLE=CHAIR"), "{text}");
    assert!(text.contains("ORGANIZER") && text.contains("mailto:ana@acme.example"), "{text}");
    assert!(text.trim_end().ends_with("END:VCALENDAR"));
    let mail = std::fs::read_to_string(&eml).unwrap();
    assert!(mail.contains("zoe@acme.example") && mail.contains("text/calendar"), "{mail}");
    // Never overwrites: the same paths again are refused before anything is issued.
    assert_eq!(invoke(&window, "review_invitation", json!({"request": files})).unwrap_err()["kind"], "already_exists");

    // The lead's calendar and the planner.
    let cal = dir.path().join("lead.ics");
    assert_eq!(invoke(&window, "calendar_export_ics", json!({"request": {"year": year, "path": cal}})).unwrap(), cal.display().to_string());
    let text = std::fs::read_to_string(&cal).unwrap();
    assert!(text.contains("METHOD:PUBLISH") && text.matches("BEGIN:VEVENT").count() >= 4, "{text}");
    assert_eq!(invoke(&window, "calendar_export_ics", json!({"request": {"year": year, "path": cal}})).unwrap_err()["kind"], "already_exists");
    let pdf = dir.path().join("planner.pdf");
    invoke(&window, "calendar_export_planner", json!({"request": {"year": year, "path": pdf}})).unwrap();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    // Cancelling an invited meeting needs the files for the attendees, then writes METHOD:CANCEL.
    assert!(invoke(&window, "review_was_invited", json!({"request": {"reference": reference}})).unwrap().as_bool().unwrap());
    let refused = invoke(&window, "review_cancel", json!({"request": {"reference": reference, "reason": "Moved to the board offsite"}})).unwrap_err();
    assert_eq!(refused["kind"], "invalid");
    let cancel_ics = out.join(format!("{reference}-cancel.ics"));
    let cancelled = invoke(&window, "review_cancel", json!({"request": {"reference": reference, "reason": "Moved to the board offsite", "icsPath": cancel_ics, "emlPath": out.join("c.eml")}})).unwrap();
    assert_eq!(cancelled["review"]["status"], "cancelled");
    assert_eq!(cancelled["notice"]["method"], "CANCEL");
    let text = std::fs::read_to_string(&cancel_ics).unwrap();
    assert!(text.contains("METHOD:CANCEL") && text.contains("STATUS:CANCELLED"), "{text}");
    let view = invoke(&window, "calendar_year", json!({"request": {"year": year}})).unwrap();
    assert_eq!(view["reviews"][0]["status"], "cancelled");
    // A planned meeting nobody was invited to cancels without files.
    let second = view["reviews"][1]["reference"].as_str().unwrap();
    let cancelled = invoke(&window, "review_cancel", json!({"request": {"reference": second, "reason": "Merged with the next one"}})).unwrap();
    assert_eq!(cancelled["notice"], Value::Null);
}

#[test]
fn bulk_status_verification_escalation_dates_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(dir.path());
    let boss = person(&window, "Bea Boss", "bea@acme.example", json!({"topManagement": true}));
    let owner = person(&window, "Olu Owner", "olu@acme.example", json!({"lineManagerId": boss}));
    let mut refs = Vec::new();
    for (n, description) in ["Retest backups", "Rotate keys", "Patch the VPN"].iter().enumerate() {
        let action = invoke(&window, "action_add", json!({"request": {"description": description, "source": "risk", "ownerId": owner, "targetOn": format!("2099-0{}-15", n + 1), "priority": "high"}})).unwrap();
        refs.push(action["reference"].as_str().unwrap().to_owned());
    }

    // Bulk: two move to completed; the one already completed is refused with core's reason.
    invoke(&window, "actions_bulk_status", json!({"request": {"references": [refs[0]], "to": "completed"}})).unwrap();
    let outcomes = invoke(&window, "actions_bulk_status", json!({"request": {"references": refs, "to": "completed", "note": "done"}})).unwrap();
    let outcomes = outcomes.as_array().unwrap();
    assert_eq!(outcomes.len(), 3);
    assert_eq!(outcomes[0]["changed"], false);
    assert_eq!(outcomes[0]["status"], "completed");
    assert_eq!(outcomes[0]["error"]["kind"], "conflict");
    assert!(outcomes[0]["error"]["message"].as_str().unwrap().contains("already completed"), "{outcomes:?}");
    assert!(outcomes[1..].iter().all(|o| o["changed"] == true && o["status"] == "completed"), "{outcomes:?}");

    // Closing is a verification: the owner is refused, an independent verifier closes.
    let by_owner = invoke(&window, "actions_bulk_status", json!({"request": {"references": [refs[0], refs[1]], "to": "closed", "verifierId": owner, "evidence": "restore log"}})).unwrap();
    assert!(by_owner.as_array().unwrap().iter().all(|o| o["changed"] == false && o["error"]["kind"] == "conflict"), "{by_owner}");
    let no_verifier = invoke(&window, "actions_bulk_status", json!({"request": {"references": [refs[0]], "to": "closed"}})).unwrap();
    assert_eq!(no_verifier[0]["error"]["kind"], "invalid");
    let closed = invoke(&window, "actions_bulk_status", json!({"request": {"references": [refs[0]], "to": "closed", "verifierId": boss, "evidence": "restore log of 3 May"}})).unwrap();
    assert_eq!(closed[0]["status"], "closed");

    // A rejected verification sends the action back to work, with the reason in its history.
    let rejected = invoke(&window, "action_verify", json!({"request": {"reference": refs[1], "verifierId": boss, "outcome": "rejected", "evidence": "key inventory", "reason": "two keys left"}})).unwrap();
    assert_eq!(rejected["status"], "in_progress");
    assert_eq!(rejected["verifications"][0]["outcome"], "rejected");
    assert_eq!(invoke(&window, "action_verify", json!({"request": {"reference": refs[2], "verifierId": owner, "outcome": "accepted", "evidence": "x"}})).unwrap_err()["kind"], "conflict");

    // Escalation goes along the path: the owner's line manager first.
    assert_eq!(invoke(&window, "action_escalate", json!({"request": {"reference": refs[1]}})).unwrap_err()["kind"], "conflict", "not overdue: refused without force");
    assert_eq!(invoke(&window, "escalation_path_set", json!({"request": [{"name": " ", "personId": null}]})).unwrap_err()["kind"], "invalid", "a level needs a name");
    let path = invoke(&window, "escalation_path_set", json!({"request": [{"name": "Line manager", "personId": null}, {"name": "CISO", "personId": boss}]})).unwrap();
    assert_eq!(path[1]["person"]["name"], "Bea Boss");
    assert_eq!(invoke(&window, "escalation_path", json!({})).unwrap(), path);
    let escalated = invoke(&window, "action_escalate", json!({"request": {"reference": refs[1], "force": true, "note": "blocks the audit"}})).unwrap();
    assert_eq!(escalated["escalationLevel"], 1);
    assert_eq!(escalated["escalations"][0]["person"]["name"], "Bea Boss");
    assert_eq!(escalated["escalations"][0]["levelName"], "Line manager");
    let error = invoke(&window, "escalation_path_set", json!({"request": []})).unwrap_err();
    assert_eq!(error["kind"], "invalid", "{error}");

    // A revised date keeps the original.
    let revised = invoke(&window, "action_revise_date", json!({"request": {"reference": refs[1], "date": "2099-12-31", "reason": "supplier delay"}})).unwrap();
    assert_eq!(revised["targetOn"], "2099-12-31");
    assert_eq!(revised["originalTargetOn"], "2099-02-15");
    assert_eq!(revised["dateRevisions"][0]["reason"], "supplier delay");
    let detail = invoke(&window, "action_get", json!({"request": {"reference": refs[1]}})).unwrap();
    let history: Vec<&str> = detail["statusHistory"].as_array().unwrap().iter().map(|h| h["to"].as_str().unwrap()).collect();
    assert_eq!(history, ["open", "completed", "in_progress"]);

    // Exports of the shown rows, in their order; an existing file is refused and kept.
    let csv = dir.path().join("exports/register.csv");
    let written = invoke(&window, "actions_export", json!({"request": {"path": csv, "format": "csv", "references": [refs[2], refs[0]]}})).unwrap();
    assert_eq!(written, csv.display().to_string());
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("ID,Description,Source"));
    assert!(lines[1].starts_with(&refs[2]) && lines[2].starts_with(&refs[0]), "{text}");
    let again = invoke(&window, "actions_export", json!({"request": {"path": csv, "format": "csv", "references": [refs[1]]}})).unwrap_err();
    assert_eq!(again["kind"], "already_exists");
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), text, "the existing file is untouched");
    let xlsx = dir.path().join("register.xlsx");
    invoke(&window, "actions_export", json!({"request": {"path": xlsx, "format": "xlsx", "references": refs}})).unwrap();
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"), "an XLSX is a zip");
    assert_eq!(invoke(&window, "actions_export", json!({"request": {"path": xlsx, "format": "xlsx", "references": refs}})).unwrap_err()["kind"], "already_exists");
    assert_eq!(invoke(&window, "actions_export", json!({"request": {"path": dir.path().join("r.ods"), "format": "ods", "references": refs}})).unwrap_err()["kind"], "invalid");
}

#[test]
fn a_page_of_the_register_its_choices_and_the_export_of_every_matching_row() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(dir.path());
    let owner = person(&window, "Olu Owner", "olu@acme.example", json!({}));
    let other = person(&window, "Ola Other", "ola@acme.example", json!({}));
    for n in 0..7 {
        let who = if n % 2 == 0 { owner } else { other };
        invoke(&window, "action_add", json!({"request": {"description": format!("Patch server n{n}"), "source": "risk", "ownerId": who, "targetOn": format!("2099-01-{:02}", 20 - n), "priority": if n < 3 { "high" } else { "low" }}})).unwrap();
    }

    // Filtered, sorted and paged by core, with the total of all matching rows.
    let page = invoke(&window, "actions_page", json!({"request": {"filter": {"ownerId": owner}, "sort": "target_date", "limit": 2, "offset": 1}})).unwrap();
    assert_eq!(page["total"], 4, "{page}");
    let descriptions: Vec<&str> = page["rows"].as_array().unwrap().iter().map(|r| r["description"].as_str().unwrap()).collect();
    assert_eq!(descriptions, ["Patch server n4", "Patch server n2"], "{page}");
    let searched = invoke(&window, "actions_page", json!({"request": {"filter": {"search": "OLA n3"}}})).unwrap();
    assert_eq!(searched["total"], 1, "{searched}");
    assert_eq!(invoke(&window, "actions_page", json!({"request": {}})).unwrap()["total"], 7);

    let choices = invoke(&window, "actions_choices", json!({})).unwrap();
    assert_eq!(choices["total"], 7);
    let owners: Vec<&str> = choices["owners"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(owners, ["Ola Other", "Olu Owner"]);
    assert_eq!((choices["unowned"].clone(), choices["outsideReview"].clone()), (json!(false), json!(true)));

    // The export writes every row the query matches, in its order, not just a page.
    let csv = dir.path().join("high.csv");
    invoke(&window, "actions_export", json!({"request": {"path": csv, "format": "csv", "query": {"filter": {"priority": "high"}, "sort": "target_date", "descending": true, "limit": 1}}})).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<&str> = text.lines().skip(1).map(|line| line.split(',').nth(1).unwrap()).collect();
    assert_eq!(rows, ["Patch server n0", "Patch server n1", "Patch server n2"], "{text}");
}

#[test]
fn an_action_like_an_open_one_is_found_before_it_is_raised_again() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(dir.path());
    let owner = person(&window, "Olu Owner", "olu@acme.example", json!({}));
    let raised = invoke(&window, "action_add", json!({"request": {"description": "Schedule monthly restore tests for the CRM and finance platforms", "source": "nonconformity", "ownerId": owner, "targetOn": "2099-03-31", "priority": "high"}})).unwrap();
    invoke(&window, "action_add", json!({"request": {"description": "Roll out security keys to administrators", "source": "risk", "ownerId": owner, "targetOn": "2099-04-30", "priority": "low"}})).unwrap();

    let like = invoke(&window, "actions_like", json!({"description": "schedule monthly restore-tests for the finance platform and the CRM"})).unwrap();
    let found = like.as_array().unwrap();
    assert_eq!(found.len(), 1, "{like}");
    assert_eq!(found[0]["reference"], raised["reference"]);
    assert_eq!(found[0]["owner"], "Olu Owner");
    assert_eq!(found[0]["targetOn"], "2099-03-31");
    assert_eq!(invoke(&window, "actions_like", json!({"description": "Buy a second backup appliance"})).unwrap(), json!([]));
}
