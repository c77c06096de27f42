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

/// The unlock screen's salvage: a store whose page of `store_key` (read by every open) is
/// damaged does not open; salvage copies every record into a new store with the same
/// passphrase, which the window then has open, and the damaged file is left as it was.
#[test]
fn a_damaged_store_is_salvaged_into_a_new_one_that_opens() {
    const PASSPHRASE: &str = "correct horse battery staple";
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_in(dir.path());
    let request = json!({"organisation": "Acme", "leadName": "Ana Lima", "timeZone": "Europe/London", "keyMode": "passphrase", "passphrase": PASSPHRASE});
    invoke(&window, "store_create", json!({"request": request})).unwrap();
    invoke(&window, "store_lock", json!({})).unwrap();
    let path = dir.path().join("quorum.db");
    let root: i64 = {
        let store = quorum_core::Store::open(&path, &quorum_core::KeySources::passphrase(PASSPHRASE)).unwrap();
        store.conn().query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
        store.conn().query_row("SELECT rootpage FROM sqlite_schema WHERE name = 'store_key'", [], |row| row.get(0)).unwrap()
    };
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[(root as usize - 1) * 4096 + 300] ^= 0xFF;
    std::fs::write(&path, &bytes).unwrap();

    let refused = invoke(&window, "store_unlock", json!({"request": {"passphrase": PASSPHRASE}})).unwrap_err();
    assert_eq!(refused["kind"], "corrupt", "{refused}");
    assert!(refused["message"].as_str().unwrap().contains("quorum salvage"), "{refused}");
    let out = dir.path().join("quorum salvaged.db");
    let wrong = invoke(&window, "store_salvage", json!({"request": {"out": out, "passphrase": "not the passphrase"}})).unwrap_err();
    assert_eq!(wrong["kind"], "wrong_key", "{wrong}");
    assert!(!out.exists());
    let done = invoke(&window, "store_salvage", json!({"request": {"out": out, "passphrase": PASSPHRASE}})).unwrap();
    // What opening reads was lost, but no record: salvage writes the key mode afresh.
    let lines: Vec<&str> = done["lines"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
    assert_eq!(done["lostAnything"], false, "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("organisation") && l.ends_with("1 rows copied")), "{lines:?}");
    assert_eq!(lines.last(), Some(&"Nothing was lost."));
    assert_eq!((done["info"]["storeState"].as_str(), done["info"]["storePath"].as_str()), (Some("open"), Some(out.display().to_string().as_str())));
    assert_eq!(invoke(&window, "organisation_get", json!({})).unwrap()["name"], "Acme", "the salvaged store is the window's now");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the damaged file was not written");
    assert_eq!(invoke(&window, "store_salvage", json!({"request": {"out": out, "passphrase": PASSPHRASE}})).unwrap_err()["kind"], "already_exists");
}
