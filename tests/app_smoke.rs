//! The app on Tauri's mock runtime: the real configuration and capabilities, command
//! handlers, state and error mapping, driven through the IPC layer the window uses,
//! without a webview.

use std::sync::Arc;

use quorum_app_lib::AppState;
use quorum_core::keychain::MemoryKeychain;
mod common;
use common::*;
use serde_json::{json, Value};
use tauri::Manager;

#[test]
fn create_lock_and_unlock_a_store_through_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quorum.db");
    let state = AppState::new(path.clone(), Arc::new(MemoryKeychain::default()));
    let (_app, window) = app_with(state);

    let info = invoke(&window, "app_info", json!({})).unwrap();
    assert_eq!(info["storeState"], "missing");
    assert_eq!(info["version"], quorum_core::version());

    let error = invoke(&window, "store_create", json!({"request": {"organisation": "Zoë Ltd", "leadName": "Ana", "timeZone": "Europe/London", "keyMode": "passphrase", "passphrase": "short"}})).unwrap_err();
    assert_eq!(error["kind"], "invalid");
    assert!(!path.exists());

    let info = invoke(&window, "store_create", json!({"request": {"organisation": "Zoë Ltd", "leadName": "Ana", "leadEmail": "ana@example.com", "timeZone": "Europe/London", "keyMode": "passphrase", "passphrase": "correct horse battery staple"}})).unwrap();
    assert_eq!(info["storeState"], "open");
    assert_eq!(info["organisation"], "Zoë Ltd");
    assert_eq!(info["keyMode"], "passphrase");

    assert_eq!(invoke(&window, "store_lock", json!({})).unwrap()["storeState"], "locked");
    let error = invoke(&window, "store_unlock", json!({"request": {"passphrase": "wrong passphrase"}})).unwrap_err();
    assert_eq!(error["kind"], "wrong_key");
    assert!(error["message"].as_str().unwrap().contains("does not open this store"), "{error}");
    let info = invoke(&window, "store_unlock", json!({"request": {"passphrase": "correct horse battery staple"}})).unwrap();
    assert_eq!(info["storeState"], "open");

    let dashboard = invoke(&window, "dashboard", json!({})).unwrap();
    assert_eq!(dashboard["nextReview"], Value::Null);
    assert_eq!(dashboard["register"]["open"], 0);
    assert!(dashboard["recentActivity"].as_array().unwrap().len() >= 2, "creating the store was audited: {dashboard}");
    assert_eq!(invoke(&window, "reviews_list", json!({})).unwrap(), json!([]));
    assert_eq!(invoke(&window, "actions_list", json!({})).unwrap(), json!([]));

    invoke(&window, "store_lock", json!({})).unwrap();
    assert_eq!(invoke(&window, "dashboard", json!({})).unwrap_err()["kind"], "locked");
    invoke(&window, "store_unlock", json!({"request": {"passphrase": "correct horse battery staple"}})).unwrap();

    let error = invoke(&window, "store_open_demo", json!({})).unwrap_err();
    assert_eq!(error["kind"], "already_exists", "demo data never goes into an existing store");
}

#[test]
fn a_keychain_store_opens_at_start_without_asking() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quorum.db");
    let keychain = Arc::new(MemoryKeychain::default());
    {
        let state = AppState::new(path.clone(), keychain.clone());
        let (_app, window) = app_with(state);
        let info = invoke(&window, "store_create", json!({"request": {"organisation": "Acme", "leadName": "Ana", "timeZone": "UTC", "keyMode": "keychain"}})).unwrap();
        assert_eq!(info["keyMode"], "keychain");
        invoke(&window, "store_lock", json!({})).unwrap();
    }
    let state = AppState::new(path, keychain);
    state.try_open(None).unwrap();
    let (_app, window) = app_with(state);
    assert_eq!(invoke(&window, "app_info", json!({})).unwrap()["storeState"], "open");
}

const PASSPHRASE: &str = "correct horse battery staple";

#[test]
fn a_review_is_created_moved_along_and_shown_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_with(AppState::new(dir.path().join("quorum.db"), Arc::new(MemoryKeychain::default())));
    invoke(&window, "store_create", json!({"request": {"organisation": "Acme", "leadName": "Ana Lima", "timeZone": "Europe/London", "keyMode": "keychain"}})).unwrap();

    let new = json!({"title": "Q1 2027 management review", "trigger": null, "triggerText": null, "scope": "both", "startsAt": "2027-03-09T10:00:00", "timeZone": "Europe/London", "durationMinutes": 90, "location": null});
    let review = invoke(&window, "review_create", json!({"request": new})).unwrap();
    assert_eq!(review["reference"], "MR-2027-01");
    assert_eq!(review["status"], "planned");
    assert_eq!(review["startsAt"], "2027-03-09T10:00");
    let bad = json!({"title": " ", "trigger": null, "triggerText": null, "scope": "both", "startsAt": "2027-03-09T10:00:00", "timeZone": "Europe/London", "durationMinutes": 90, "location": null});
    assert_eq!(invoke(&window, "review_create", json!({"request": bad})).unwrap_err()["kind"], "invalid");

    let detail = invoke(&window, "review_get", json!({"request": {"reference": "MR-2027-01"}})).unwrap();
    assert_eq!(detail["review"]["title"], "Q1 2027 management review");
    assert_eq!(detail["quorum"]["met"], false);
    assert!(!detail["quorum"]["shortfalls"].as_array().unwrap().is_empty());
    assert_eq!(detail["attendees"], json!([]));

    // Invite the lead by name as chair, record attendance; the quorum follows.
    let record = invoke(&window, "review_invite", json!({"request": {"reference": "MR-2027-01", "person": "ana lima", "role": "chair"}})).unwrap();
    assert_eq!(record["attendees"][0]["person"]["name"], "Ana Lima");
    assert_eq!(record["attendees"][0]["role"], "chair");
    assert_eq!(record["chair"]["name"], "Ana Lima");
    let person_id = record["attendees"][0]["person"]["id"].clone();
    assert_eq!(invoke(&window, "review_invite", json!({"request": {"reference": "MR-2027-01", "person": "Nobody Here", "role": "chair"}})).unwrap_err()["kind"], "not_found");
    let record = invoke(&window, "review_attend", json!({"request": {"reference": "MR-2027-01", "personId": person_id, "attendance": "present"}})).unwrap();
    assert_eq!(record["attendees"][0]["attendance"], "present");
    assert_eq!(record["quorum"]["chairPresent"], true);
    let no_name = invoke(&window, "review_attend", json!({"request": {"reference": "MR-2027-01", "personId": person_id, "attendance": "delegate"}})).unwrap_err();
    assert_eq!(no_name["kind"], "invalid");

    // An input: its summary saved, then "nothing to report" needs a reason.
    let record = invoke(&window, "review_input_set", json!({"request": {"reference": "MR-2027-01", "code": "d2", "change": {"summary": "Phishing click rate 3% (target 5%)", "state": "prepared"}}})).unwrap();
    let d2 = record["inputs"].as_array().unwrap().iter().find(|i| i["code"] == "d2").unwrap().clone();
    assert_eq!(d2["summary"], "Phishing click rate 3% (target 5%)");
    assert_eq!(d2["state"], "prepared");
    assert_eq!(invoke(&window, "review_input_set", json!({"request": {"reference": "MR-2027-01", "code": "zz", "change": {}}})).unwrap_err()["kind"], "invalid");

    // The readiness check: findings, each with the section where it is fixed.
    let findings = invoke(&window, "review_check", json!({"request": {"reference": "MR-2027-01"}})).unwrap();
    let findings = findings.as_array().unwrap();
    assert!(!findings.is_empty(), "a new review is not ready");
    assert!(findings.iter().all(|f| f["item"] != "d2" || f["section"] != "inputs"), "d2 is addressed now: {findings:?}");
    let sections = ["details", "attendance", "agenda", "inputs", "decisions", "actions", "approval"];
    for finding in findings {
        assert!(sections.contains(&finding["section"].as_str().unwrap()), "{finding}");
        // Months before its meeting, everything missing is preparation with a milestone.
        assert_eq!(finding["severity"], "preparation", "{finding}");
        assert!(finding["dueOn"].as_str().is_some_and(|d| d < "2027-03-09"), "{finding}");
    }
    assert_eq!(invoke(&window, "review_get", json!({"request": {"reference": "MR-1999-01"}})).unwrap_err()["kind"], "not_found");

    let moved = invoke(&window, "review_transition", json!({"request": {"reference": "MR-2027-01", "to": "invitations_sent", "on": "2027-02-20"}})).unwrap();
    assert_eq!(moved["status"], "invitations_sent");
    assert_eq!(moved["invitationsSentOn"], "2027-02-20");
    let back = invoke(&window, "review_transition", json!({"request": {"reference": "MR-2027-01", "to": "planned"}})).unwrap_err();
    assert_eq!(back["kind"], "conflict", "{back}");
    assert_eq!(invoke(&window, "review_transition", json!({"request": {"reference": "MR-2027-01", "to": "cancelled"}})).unwrap_err()["kind"], "invalid");

    let listed = invoke(&window, "reviews_list", json!({})).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);

    // Recent activity: sentences, newest first, no counters or document control rows.
    let dashboard = invoke(&window, "dashboard", json!({})).unwrap();
    assert_eq!(dashboard["nextReview"]["reference"], "MR-2027-01");
    // Before its meeting, what the next review lacks is preparation, not nonconformities.
    assert!(dashboard["readiness"]["preparation"].as_u64().unwrap() > 0, "the next review's readiness is counted: {dashboard}");
    assert_eq!(dashboard["readiness"]["nonconformities"], 0, "{dashboard}");
    let activity = dashboard["recentActivity"].clone();
    let sentences: Vec<&str> = activity.as_array().unwrap().iter().map(|a| a["summary"].as_str().unwrap()).collect();
    assert_eq!(
        sentences[..5],
        ["Marked review MR-2027-01 invitations sent", "Updated input d2 of review MR-2027-01", "Recorded attendance at review MR-2027-01", "Invited someone to review MR-2027-01", "Created review MR-2027-01"],
        "{sentences:?}"
    );
    assert!(sentences.contains(&"Added Ana Lima to the people"), "{sentences:?}");
    assert_eq!(activity[0]["person"], "Ana Lima", "writes are made as the ISMS lead");
    assert!(sentences.iter().all(|s| !s.contains("sequence")), "{sentences:?}");

    // An action raised at the review: owner and target date required, then in the register.
    let missing = invoke(&window, "action_add", json!({"request": {"description": "Retest backups", "source": "improvement", "reviewId": review["id"]}})).unwrap_err();
    assert_eq!(missing["kind"], "invalid", "{missing}");
    let action = invoke(&window, "action_add", json!({"request": {"description": "Retest backups", "source": "improvement", "reviewId": review["id"], "ownerId": person_id, "targetOn": "2027-06-30", "priority": "high"}})).unwrap();
    assert_eq!(action["reviewReference"], "MR-2027-01");
    let rows = invoke(&window, "actions_list", json!({})).unwrap();
    assert_eq!(rows[0]["reviewReference"], "MR-2027-01");
    assert_eq!(rows[0]["owner"], "Ana Lima");
    assert_eq!(rows[0]["id"], action["reference"]);
}

#[test]
fn open_another_store_and_restore_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = Arc::new(MemoryKeychain::default());
    // A passphrase store elsewhere, and a backup of it.
    let other = dir.path().join("other.db");
    let backup = dir.path().join("backup.db");
    {
        let (_app, window) = app_with(AppState::new(other.clone(), keychain.clone()));
        invoke(&window, "store_create", json!({"request": {"organisation": "Other Ltd", "leadName": "Bo", "timeZone": "UTC", "keyMode": "passphrase", "passphrase": PASSPHRASE}})).unwrap();
        let state = window.state::<AppState>();
        state.store.lock().unwrap().as_ref().unwrap().backup_to(&backup, |_, _| {}).unwrap();
        // Closes the store and its file lock (the mock app keeps its state alive).
        invoke(&window, "store_lock", json!({})).unwrap();
    }

    let (_app, window) = app_with(AppState::new(dir.path().join("quorum.db"), keychain.clone()));
    let missing = invoke(&window, "store_open", json!({"request": {"path": dir.path().join("nope.db")}})).unwrap_err();
    assert_eq!(missing["kind"], "not_found");
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a store").unwrap();
    assert_eq!(invoke(&window, "store_open", json!({"request": {"path": text}})).unwrap_err()["kind"], "not_a_store");
    assert_eq!(invoke(&window, "app_info", json!({})).unwrap()["storeState"], "missing", "a failed open leaves the window where it was");

    // A passphrase store opens locked, and the window asks for the passphrase.
    let info = invoke(&window, "store_open", json!({"request": {"path": other}})).unwrap();
    assert_eq!(info["storeState"], "locked");
    assert_eq!(info["keyMode"], "passphrase");
    assert_eq!(info["storePath"], other.display().to_string());
    let info = invoke(&window, "store_unlock", json!({"request": {"passphrase": PASSPHRASE}})).unwrap();
    assert_eq!(info["organisation"], "Other Ltd");
    invoke(&window, "store_lock", json!({})).unwrap();

    // Restore: a wrong passphrase is refused and leaves no store; the right one restores.
    let dest = dir.path().join("restored.db");
    let (_app2, window) = app_with(AppState::new(dest.clone(), keychain));
    let wrong = invoke(&window, "store_restore", json!({"request": {"backup": backup, "passphrase": "not the passphrase at all"}})).unwrap_err();
    assert_eq!(wrong["kind"], "wrong_key", "{wrong}");
    assert!(!dest.exists());
    let info = invoke(&window, "store_restore", json!({"request": {"backup": backup, "passphrase": PASSPHRASE}})).unwrap();
    assert_eq!(info["storeState"], "open");
    assert_eq!(info["organisation"], "Other Ltd");
    assert!(dest.exists());
    let again = invoke(&window, "store_restore", json!({"request": {"backup": backup, "passphrase": PASSPHRASE}})).unwrap_err();
    assert_eq!(again["kind"], "already_exists", "a restore never replaces a store from the window");
}

#[test]
fn settings_retention_verification_and_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_with(AppState::new(dir.path().join("quorum.db"), Arc::new(MemoryKeychain::default())));
    invoke(&window, "store_create", json!({"request": {"organisation": "Acme", "leadName": "Ana", "timeZone": "UTC", "keyMode": "passphrase", "passphrase": PASSPHRASE}})).unwrap();

    assert_eq!(invoke(&window, "settings_get", json!({})).unwrap()["retentionYears"], 3);
    assert_eq!(invoke(&window, "retention_set", json!({"request": {"years": 6}})).unwrap()["retentionYears"], 6);
    assert_eq!(invoke(&window, "retention_set", json!({"request": {"years": 4}})).unwrap_err()["kind"], "invalid", "retention never shrinks");

    let verification = invoke(&window, "store_verify", json!({})).unwrap();
    assert_eq!(verification["ok"], true, "{verification}");
    assert!(verification["auditEvents"].as_u64().unwrap() >= 3);
    assert_eq!(verification["faults"], json!([]));

    let backup = dir.path().join("backup.db");
    assert_eq!(invoke(&window, "store_backup", json!({"request": {"path": backup}})).unwrap(), json!(backup.display().to_string()));
    assert!(std::fs::metadata(&backup).unwrap().len() > 0);
    assert_eq!(invoke(&window, "store_backup", json!({"request": {"path": backup}})).unwrap_err()["kind"], "already_exists");
    // The backup opens with the store's passphrase and holds the new retention period.
    let copy = quorum_core::Store::open(&backup, &quorum_core::KeySources::passphrase(PASSPHRASE)).unwrap();
    assert_eq!(copy.retention_years().unwrap(), 6);

    invoke(&window, "store_lock", json!({})).unwrap();
    assert_eq!(invoke(&window, "store_verify", json!({})).unwrap_err()["kind"], "locked");
}

#[test]
fn people_are_listed_added_and_updated() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_with(AppState::new(dir.path().join("quorum.db"), Arc::new(MemoryKeychain::default())));
    invoke(&window, "store_create", json!({"request": {"organisation": "Acme", "leadName": "Ana Lima", "timeZone": "UTC", "keyMode": "keychain"}})).unwrap();
    let people = invoke(&window, "people_list", json!({"request": null})).unwrap();
    assert_eq!(people.as_array().unwrap().len(), 1, "the lead is the first person: {people}");

    assert_eq!(invoke(&window, "person_add", json!({"request": {"name": " "}})).unwrap_err()["kind"], "invalid");
    let lead_id = people[0]["id"].clone();
    let added = invoke(&window, "person_add", json!({"request": {"name": "Zoë Müller", "email": "zoe@example.com", "topManagement": true, "lineManagerId": lead_id}})).unwrap();
    assert_eq!(added["topManagement"], true);
    assert_eq!(added["lineManager"]["name"], "Ana Lima");
    let updated = invoke(&window, "person_update", json!({"request": {"id": added["id"], "change": {"jobTitle": "CEO", "active": false}}})).unwrap();
    assert_eq!(updated["jobTitle"], "CEO");
    assert_eq!(invoke(&window, "people_list", json!({"request": {"includeInactive": false}})).unwrap().as_array().unwrap().len(), 1);
    assert_eq!(invoke(&window, "people_list", json!({"request": {"includeInactive": true}})).unwrap().as_array().unwrap().len(), 2);
    let activity = invoke(&window, "dashboard", json!({})).unwrap()["recentActivity"].clone();
    assert_eq!(activity[0]["summary"], "Updated Zoë Müller");
    assert_eq!(activity[1]["summary"], "Added Zoë Müller to the people");
}

#[test]
fn an_input_gets_kpis_with_their_trend_and_evidence_files_that_are_saved_intact() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_with(AppState::new(dir.path().join("quorum.db"), Arc::new(MemoryKeychain::default())));
    invoke(&window, "store_create", json!({"request": {"organisation": "Acme", "leadName": "Ana Lima", "timeZone": "Europe/London", "keyMode": "keychain"}})).unwrap();
    let new = json!({"title": "Q1 2027 management review", "trigger": null, "triggerText": null, "scope": "both", "startsAt": "2027-03-09T10:00:00", "timeZone": "Europe/London", "durationMinutes": 90, "location": null});
    invoke(&window, "review_create", json!({"request": new})).unwrap();
    let d2 = |record: &Value| record["inputs"].as_array().unwrap().iter().find(|i| i["code"] == "d2").unwrap().clone();

    let kpi = json!({"name": "Phishing click rate", "value": 3.0, "target": 5.0, "unit": "%", "better": "lower"});
    let record = invoke(&window, "review_kpi_set", json!({"request": {"reference": "MR-2027-01", "code": "d2", "kpi": kpi}})).unwrap();
    assert_eq!(d2(&record)["kpis"][0]["name"], "Phishing click rate");
    assert_eq!(d2(&record)["kpis"][0]["meetsTarget"], true, "3% is below the 5% ceiling");
    assert_eq!(d2(&record)["kpis"][0]["trend"], "new", "no previous review");
    let record = invoke(&window, "review_kpi_remove", json!({"request": {"reference": "MR-2027-01", "code": "d2", "name": "Phishing click rate"}})).unwrap();
    assert_eq!(d2(&record)["kpis"], json!([]));

    let content = "Quarter,Clicks\nQ4,3%\n".as_bytes();
    let headers = [("x-review", "MR-2027-01"), ("x-input", "d2"), ("x-file-name", "Zo%C3%AB%20phishing%20Q4.csv")];
    let record = invoke_raw(&window, "evidence_add", content, &headers).unwrap();
    let file = d2(&record)["evidence"][0].clone();
    assert_eq!(file["fileName"], "Zoë phishing Q4.csv");
    assert_eq!(file["size"], content.len());
    assert_eq!(file["mediaType"], "text/csv");
    let missing = invoke_raw(&window, "evidence_add", content, &headers[..2]).unwrap_err();
    assert_eq!(missing["kind"], "invalid", "{missing}");

    let copy = dir.path().join("copies").join("phishing.csv");
    let written = invoke(&window, "evidence_save", json!({"request": {"id": file["id"], "path": copy.display().to_string()}})).unwrap();
    assert_eq!(written, copy.display().to_string());
    assert_eq!(std::fs::read(&copy).unwrap(), content);
    let again = invoke(&window, "evidence_save", json!({"request": {"id": file["id"], "path": copy.display().to_string()}})).unwrap_err();
    assert_eq!(again["kind"], "already_exists", "a copy never overwrites a file: {again}");

    // A file dropped on the real window arrives as its path (Tauri's drag-and-drop event gives
    // paths, not bytes): the app reads it and stores it on the input under the pointer.
    let dropped = dir.path().join("Zoë risk register Q4.csv");
    let dropped_content = "Risk,Score\nSupplier access,12\n".as_bytes();
    std::fs::write(&dropped, dropped_content).unwrap();
    let record = invoke(&window, "evidence_add_path", json!({"request": {"reference": "MR-2027-01", "code": "d2", "path": dropped.display().to_string()}})).unwrap();
    let stored = d2(&record)["evidence"].as_array().unwrap().iter().find(|e| e["fileName"] == "Zoë risk register Q4.csv").cloned().expect("stored under its own name");
    assert_eq!(stored["size"], dropped_content.len());
    let copy = dir.path().join("copies").join("risks.csv");
    invoke(&window, "evidence_save", json!({"request": {"id": stored["id"], "path": copy.display().to_string()}})).unwrap();
    assert_eq!(std::fs::read(&copy).unwrap(), dropped_content, "stored byte for byte");
    let folder = invoke(&window, "evidence_add_path", json!({"request": {"reference": "MR-2027-01", "code": "d2", "path": dir.path().join("copies").display().to_string()}})).unwrap_err();
    assert_eq!(folder["kind"], "io", "a folder is not a file: {folder}");
    assert_eq!(d2(&invoke(&window, "review_get", json!({"request": {"reference": "MR-2027-01"}})).unwrap())["evidence"].as_array().unwrap().len(), 2, "nothing stored for the folder");
}
