//! Automatic backups through the window's commands on Tauri's mock runtime with a real
//! temporary store: the day's backup once, the list and its policy, and a restore that
//! brings the store back to the backup (after backing up the store as it was).

mod common;
use common::*;
use serde_json::{json, Value};

fn app(dir: &tempfile::TempDir) -> (tauri::App<MockRuntime>, Window) {
    let (app, window) = app_in(dir.path());
    let request = json!({"organisation": "Acme", "leadName": "Ana Lima", "timeZone": "Europe/London", "keyMode": "keychain"});
    assert_eq!(invoke(&window, "store_create", json!({"request": request})).unwrap()["storeState"], "open");
    (app, window)
}

#[test]
fn the_days_backup_is_listed_and_restores_in_one_call() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(&dir);
    let first = invoke(&window, "backups_daily", json!({})).unwrap();
    assert_eq!(first["reason"], "daily");
    assert_eq!(invoke(&window, "backups_daily", json!({})).unwrap(), Value::Null, "one a day");
    let listed = invoke(&window, "backups_list", json!({})).unwrap();
    assert_eq!(listed["policy"], json!({"enabled": true, "keepDaily": 7, "keepWeekly": 4}));
    assert_eq!(listed["backups"].as_array().unwrap().len(), 1);
    assert!(listed["folder"].as_str().unwrap().ends_with("quorum.db-backups"));

    // A change after the backup, then the restore: the change is gone, and the store as it
    // was before the restore is itself kept.
    invoke(&window, "organisation_set", json!({"request": {"name": "Renamed Ltd"}})).unwrap();
    let info = invoke(&window, "backups_restore", json!({"request": {"path": first["path"]}})).unwrap();
    assert_eq!(info["storeState"], "open");
    assert_eq!(invoke(&window, "organisation_get", json!({})).unwrap()["name"], "Acme");
    let reasons: Vec<String> = invoke(&window, "backups_list", json!({})).unwrap()["backups"].as_array().unwrap().iter().map(|b| b["reason"].as_str().unwrap().to_owned()).collect();
    assert_eq!(reasons, ["before_restore", "daily"]);

    // Only a backup from the list is restored.
    let elsewhere = dir.path().join("other.qbackup");
    std::fs::write(&elsewhere, b"not a store").unwrap();
    let error = invoke(&window, "backups_restore", json!({"request": {"path": elsewhere}})).unwrap_err();
    assert_eq!(error["kind"], "invalid");
    assert_eq!(invoke(&window, "organisation_get", json!({})).unwrap()["name"], "Acme", "nothing changed");

    let policy = invoke(&window, "backups_policy_set", json!({"policy": {"enabled": false, "keepDaily": 3, "keepWeekly": 2}})).unwrap();
    assert_eq!(policy["keepDaily"], 3);
    assert_eq!(invoke(&window, "backups_policy_set", json!({"policy": {"enabled": true, "keepDaily": 0, "keepWeekly": 2}})).unwrap_err()["kind"], "invalid");
}
