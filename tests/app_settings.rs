//! The Settings and Objectives commands on Tauri's mock runtime with a real temporary
//! store: the organisation, holidays, key changes, and objectives with their results.


mod common;
use common::*;
use serde_json::{json, Value};

const PASSPHRASE: &str = "correct horse battery staple";

fn app(dir: &tempfile::TempDir, key_mode: &str) -> (tauri::App<MockRuntime>, Window) {
    let (app, window) = app_in(dir.path());
    let request = json!({"organisation": "Acme", "leadName": "Ana Lima", "timeZone": "Europe/London", "keyMode": key_mode, "passphrase": PASSPHRASE});
    assert_eq!(invoke(&window, "store_create", json!({"request": request})).unwrap()["storeState"], "open");
    (app, window)
}

#[test]
fn the_organisation_round_trips_and_refuses_what_core_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(&dir, "keychain");
    let org = invoke(&window, "organisation_get", json!({})).unwrap();
    assert_eq!(org["name"], "Acme");
    assert_eq!(org["ismsLead"]["name"], "Ana Lima");
    assert_eq!(org["workingDays"], json!(["mon", "tue", "wed", "thu", "fri"]));

    let change = json!({"name": "Acme Europe Ltd", "timeZone": "Europe/Berlin", "classification": "Confidential", "documentPrefix": "AC-MR",
        "quorum": {"requiresChair": true, "minTopManagement": 2, "minMembers": 4}, "workingDays": ["tue", "mon", "wed", "thu"], "reviewCadenceMonths": 3});
    let saved = invoke(&window, "organisation_set", json!({"request": change})).unwrap();
    assert_eq!(saved["workingDays"], json!(["mon", "tue", "wed", "thu"]), "core sorts the week");
    let read = invoke(&window, "organisation_get", json!({})).unwrap();
    assert_eq!(read, saved);
    assert_eq!(read["name"], "Acme Europe Ltd");
    assert_eq!(read["timeZone"], "Europe/Berlin");
    assert_eq!(read["classification"], "Confidential");
    assert_eq!(read["documentPrefix"], "AC-MR");
    assert_eq!(read["quorum"]["minTopManagement"], 2);
    assert_eq!(read["reviewCadenceMonths"], 3);
    // The window's title follows the new name.
    assert_eq!(invoke(&window, "app_info", json!({})).unwrap()["organisation"], "Acme Europe Ltd");

    let error = invoke(&window, "organisation_set", json!({"request": {"timeZone": "Europe/Londn"}})).unwrap_err();
    assert_eq!(error["kind"], "invalid");
    assert!(error["message"].as_str().unwrap().contains("is not an IANA time zone"), "{error}");
    let error = invoke(&window, "organisation_set", json!({"request": {"workingDays": []}})).unwrap_err();
    assert!(error["message"].as_str().unwrap().contains("at least one working day"), "{error}");
    let error = invoke(&window, "organisation_set", json!({"request": {"reviewCadenceMonths": 13}})).unwrap_err();
    assert_eq!(error["kind"], "invalid");
    assert_eq!(invoke(&window, "organisation_get", json!({})).unwrap(), saved, "a refused change leaves the settings as they were");

    invoke(&window, "store_lock", json!({})).unwrap();
    assert_eq!(invoke(&window, "organisation_get", json!({})).unwrap_err()["kind"], "locked");
}

#[test]
fn holidays_are_imported_from_a_file_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(&dir, "keychain");
    assert_eq!(invoke(&window, "holidays_list", json!({})).unwrap(), json!([]));

    let file = dir.path().join("holidays.txt");
    std::fs::write(&file, "2027-12-25,Christmas Day\n2027-01-01,New Year's Day\n").unwrap();
    let imported = invoke(&window, "holidays_import", json!({"request": {"path": file.display().to_string()}})).unwrap();
    assert_eq!(imported["changed"], 2);
    assert_eq!(imported["read"], 2);
    assert_eq!(imported["holidays"], json!([{"date": "2027-01-01", "name": "New Year's Day"}, {"date": "2027-12-25", "name": "Christmas Day"}]));
    assert_eq!(invoke(&window, "holidays_list", json!({})).unwrap(), imported["holidays"]);

    // The same file again changes nothing; a renamed day counts.
    assert_eq!(invoke(&window, "holidays_import", json!({"request": {"path": file.display().to_string()}})).unwrap()["changed"], 0);

    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "2027-05-03,Early May bank holiday\n2027-13-01,Nonsense\n").unwrap();
    let error = invoke(&window, "holidays_import", json!({"request": {"path": bad.display().to_string()}})).unwrap_err();
    assert_eq!(error["kind"], "invalid");
    assert!(error["message"].as_str().unwrap().contains("line 2"), "{error}");
    assert_eq!(invoke(&window, "holidays_list", json!({})).unwrap().as_array().unwrap().len(), 2, "nothing of a wrong file is stored");

    let error = invoke(&window, "holidays_import", json!({"request": {"path": dir.path().join("nowhere.txt").display().to_string()}})).unwrap_err();
    assert_eq!(error["kind"], "not_found");
}

#[test]
fn a_new_passphrase_opens_the_store_and_the_old_one_no_longer_does() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(&dir, "passphrase");
    let error = invoke(&window, "store_change_key", json!({"request": {"mode": "passphrase", "newPassphrase": "short"}})).unwrap_err();
    assert_eq!(error["kind"], "invalid");
    assert!(error["message"].as_str().unwrap().contains("shorter than"), "{error}");

    let info = invoke(&window, "store_change_key", json!({"request": {"mode": "passphrase", "newPassphrase": "a brand new passphrase"}})).unwrap();
    assert_eq!(info["storeState"], "open");
    assert_eq!(info["keyMode"], "passphrase");

    invoke(&window, "store_lock", json!({})).unwrap();
    assert_eq!(invoke(&window, "store_unlock", json!({"request": {"passphrase": PASSPHRASE}})).unwrap_err()["kind"], "wrong_key");
    assert_eq!(invoke(&window, "store_unlock", json!({"request": {"passphrase": "a brand new passphrase"}})).unwrap()["storeState"], "open");
    // The content survived the re-key.
    assert_eq!(invoke(&window, "organisation_get", json!({})).unwrap()["name"], "Acme");
}

#[test]
fn a_store_moves_between_passphrase_and_keychain() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(&dir, "passphrase");
    let info = invoke(&window, "store_change_key", json!({"request": {"mode": "keychain"}})).unwrap();
    assert_eq!(info["keyMode"], "keychain");
    invoke(&window, "store_lock", json!({})).unwrap();
    // Keychain mode: unlocking needs no passphrase, and the old passphrase is not used.
    let info = invoke(&window, "store_unlock", json!({"request": {"passphrase": ""}})).unwrap();
    assert_eq!(info["storeState"], "open");
    assert_eq!(info["keyMode"], "keychain");

    let info = invoke(&window, "store_change_key", json!({"request": {"mode": "passphrase", "newPassphrase": PASSPHRASE}})).unwrap();
    assert_eq!(info["keyMode"], "passphrase");
    invoke(&window, "store_lock", json!({})).unwrap();
    assert_eq!(invoke(&window, "store_unlock", json!({"request": {"passphrase": ""}})).unwrap_err()["kind"], "no_key");
    assert_eq!(invoke(&window, "store_unlock", json!({"request": {"passphrase": PASSPHRASE}})).unwrap()["keyMode"], "passphrase");

    assert_eq!(invoke(&window, "store_change_key", json!({"request": {"mode": "usb-stick"}})).unwrap_err()["kind"], "invalid");
}

#[test]
fn objectives_are_added_updated_and_judged_by_a_review() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(&dir, "keychain");
    assert_eq!(invoke(&window, "objectives_list", json!({})).unwrap(), json!([]));
    let lead = invoke(&window, "organisation_get", json!({})).unwrap()["ismsLead"]["id"].clone();

    let missing = invoke(&window, "objective_add", json!({"request": {"title": "Patch critical vulnerabilities"}})).unwrap_err();
    assert_eq!(missing["kind"], "invalid");
    let new = json!({"title": "Patch critical vulnerabilities", "ownerId": lead, "measure": "Median days to patch a critical CVE", "target": "≤ 14 days", "periodStart": "2027-01-01", "periodEnd": "2027-12-31"});
    let objective = invoke(&window, "objective_add", json!({"request": new})).unwrap();
    assert_eq!(objective["owner"]["name"], "Ana Lima");
    assert_eq!(objective["active"], true);
    let id = objective["id"].clone();
    let backwards = invoke(&window, "objective_update", json!({"request": {"id": id, "change": {"periodEnd": "2026-06-30"}}})).unwrap_err();
    assert!(backwards["message"].as_str().unwrap().contains("before it starts"), "{backwards}");
    let updated = invoke(&window, "objective_update", json!({"request": {"id": id, "change": {"target": "≤ 10 days"}}})).unwrap();
    assert_eq!(updated["target"], "≤ 10 days");
    assert_eq!(updated["measure"], "Median days to patch a critical CVE");

    let list = invoke(&window, "objectives_list", json!({})).unwrap();
    assert_eq!(list[0]["objective"]["target"], "≤ 10 days");
    assert_eq!(list[0]["latest"], Value::Null);

    let review = json!({"title": "Q1 2027 management review", "trigger": null, "triggerText": null, "scope": "iso27001", "startsAt": "2027-03-09T10:00:00", "timeZone": "Europe/London", "durationMinutes": 90, "location": null});
    invoke(&window, "review_create", json!({"request": review})).unwrap();
    let result = invoke(&window, "objective_result_set", json!({"request": {"reference": "MR-2027-01", "objectiveId": id, "met": "partly_met", "note": "Two outliers", "nextTarget": "≤ 7 days"}})).unwrap();
    assert_eq!(result["met"], "partly_met");
    assert_eq!(result["nextTarget"], "≤ 7 days");
    let bad = invoke(&window, "objective_result_set", json!({"request": {"reference": "MR-2027-01", "objectiveId": id, "met": "nearly"}})).unwrap_err();
    assert_eq!(bad["kind"], "invalid");
    assert!(bad["message"].as_str().unwrap().contains("partly_met"), "the message lists the words: {bad}");
    assert_eq!(invoke(&window, "objective_result_set", json!({"request": {"reference": "MR-2099-09", "objectiveId": id, "met": "met"}})).unwrap_err()["kind"], "not_found");

    let list = invoke(&window, "objectives_list", json!({})).unwrap();
    assert_eq!(list[0]["latest"]["reviewReference"], "MR-2027-01");
    assert_eq!(list[0]["latest"]["reviewOn"], "2027-03-09");
    assert_eq!(list[0]["latest"]["met"], "partly_met");
    let results = invoke(&window, "objective_results", json!({"request": {"reference": "MR-2027-01"}})).unwrap();
    assert_eq!(results.as_array().unwrap().len(), 1);
    assert_eq!(results[0]["note"], "Two outliers");
    // The review's record (and so its minutes) carries the result.
    assert_eq!(invoke(&window, "review_get", json!({"request": {"reference": "MR-2027-01"}})).unwrap()["objectives"][0]["met"], "partly_met");

    invoke(&window, "objective_update", json!({"request": {"id": id, "change": {"active": false}}})).unwrap();
    assert_eq!(invoke(&window, "objectives_list", json!({})).unwrap(), json!([]));
    assert_eq!(invoke(&window, "objectives_list", json!({"request": {"includeInactive": true}})).unwrap().as_array().unwrap().len(), 1);
}

#[test]
fn everything_exports_to_a_new_json_file_that_reads_without_quorum() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(&dir, "keychain");
    let out = dir.path().join("exports").join("Quorum export.json");
    let written = invoke(&window, "store_export_json", json!({"request": {"path": out}})).unwrap();
    assert_eq!(written, out.display().to_string());
    let exported: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).expect("the export is plain JSON");
    assert!(exported.to_string().contains("Acme"), "the organisation is in the export");
    let before = std::fs::read(&out).unwrap();
    let again = invoke(&window, "store_export_json", json!({"request": {"path": out}})).unwrap_err();
    assert_eq!(again["kind"], "already_exists", "{again}");
    assert_eq!(std::fs::read(&out).unwrap(), before, "the existing file is untouched");
    assert_eq!(invoke(&window, "store_export_json", json!({"request": {"path": " "}})).unwrap_err()["kind"], "invalid");
}

#[test]
fn the_review_board_is_kept_in_settings_and_invited_to_new_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(&dir, "keychain");
    let lead = invoke(&window, "organisation_get", json!({})).unwrap()["ismsLead"]["id"].as_i64().unwrap();
    let ceo = invoke(&window, "person_add", json!({"request": {"name": "Cora Chief", "email": "cora@acme.example", "topManagement": true}})).unwrap()["id"].as_i64().unwrap();
    assert_eq!(invoke(&window, "board_list", json!({})).unwrap(), json!([]));
    invoke(&window, "board_set", json!({"request": {"personId": ceo, "role": "chair", "required": true}})).unwrap();
    let board = invoke(&window, "board_set", json!({"request": {"personId": lead, "role": "isms_lead", "required": true}})).unwrap();
    assert_eq!(board.as_array().unwrap().len(), 2);
    assert_eq!(board[0]["role"], "chair", "the chair first: {board}");
    let refused = invoke(&window, "board_set", json!({"request": {"personId": lead, "role": "chief", "required": true}})).unwrap_err();
    assert_eq!(refused["kind"], "invalid");

    let new = json!({"title": "Q1 review", "trigger": null, "triggerText": null, "scope": "both", "startsAt": "2099-03-09T10:00:00", "timeZone": "Europe/London", "durationMinutes": 90, "location": null});
    let review = invoke(&window, "review_create", json!({"request": new})).unwrap();
    let record = invoke(&window, "review_get", json!({"request": {"reference": review["reference"]}})).unwrap();
    assert_eq!(record["attendees"].as_array().unwrap().len(), 2, "{}", record["attendees"]);
    assert_eq!(record["chair"]["name"], "Cora Chief");

    assert_eq!(invoke(&window, "board_remove", json!({"personId": lead})).unwrap().as_array().unwrap().len(), 1);
    assert_eq!(invoke(&window, "board_apply", json!({})).unwrap(), json!([]), "nothing to add: the review already has the chair");
}
