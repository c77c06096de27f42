//! Store commands: init, status, verify-store, key changes, backup and restore, retention,
//! and every way opening can fail (exit code, error kind, file untouched).

use predicates::str::contains;

use super::*;

#[test]
fn init_then_status() {
    let workspace = Workspace::with_store();
    let (code, status) = workspace.json(&["status"]);
    assert_eq!(code, 0);
    assert_eq!(status["organisation"], "Zoë & Łukasz GmbH");
    assert_eq!(status["key_mode"], "passphrase");
    assert_eq!(status["format_version"], quorum_core::store::LATEST_FORMAT);
    assert_eq!(status["audit"]["first_broken"], serde_json::Value::Null);
    let people = status["tables"].as_array().unwrap().iter().find(|t| t[0] == "people").unwrap();
    assert_eq!(people[1], 1, "the ISMS lead was recorded");
    workspace.quorum(&["status"]).assert().success().stdout(contains("Audit chain:  intact"));
}

#[test]
fn init_never_overwrites() {
    let workspace = Workspace::with_store();
    let before = bytes(&workspace.db);
    workspace.quorum(&["init", "--org", "Other", "--key", "passphrase"]).assert().code(2).stderr(contains("already exists"));
    assert_eq!(bytes(&workspace.db), before);
}

#[test]
fn a_short_passphrase_is_refused() {
    let workspace = Workspace::new();
    workspace.bare().env("QUORUM_PASSPHRASE", "short").args(["init", "--org", "X", "--key", "passphrase"]).assert().code(2).stderr(contains("10 characters"));
    assert!(!workspace.db.exists());
}

#[test]
fn the_passphrase_file_works_and_a_wrong_one_is_named() {
    let workspace = Workspace::with_store();
    let file = workspace.path("pass.txt");
    std::fs::write(&file, format!("{PASSPHRASE}\n")).unwrap();
    workspace.bare().args(["--passphrase-file", file.to_str().unwrap(), "status"]).assert().success();

    std::fs::write(&file, "not it at all\n").unwrap();
    let before = bytes(&workspace.db);
    let output = workspace.bare().args(["--json", "--passphrase-file", file.to_str().unwrap(), "status"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let error: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap();
    assert_eq!(error["error"]["kind"], "wrong_key");
    assert_eq!(bytes(&workspace.db), before);
}

#[test]
fn with_no_key_the_error_lists_what_was_tried() {
    let workspace = Workspace::with_store();
    workspace.bare().arg("status").assert().code(2).stderr(contains("tried nothing")).stderr(contains("QUORUM_PASSPHRASE"));
}

#[test]
fn files_that_are_not_stores() {
    let workspace = Workspace::new();
    for (content, words) in [(&b""[..], "empty file"), (&b"just some notes\n"[..], "text file"), (&b"SQLite format 3\0rest"[..], "unencrypted SQLite")] {
        std::fs::write(&workspace.db, content).unwrap();
        workspace.quorum(&["status"]).assert().code(2).stderr(contains("not a Quorum store")).stderr(contains(words));
        assert_eq!(bytes(&workspace.db), content);
    }
}

#[test]
fn a_truncated_store_is_reported_damaged() {
    let workspace = Workspace::with_store();
    let mut content = bytes(&workspace.db);
    content.truncate(content.len() - 100);
    std::fs::write(&workspace.db, &content).unwrap();
    workspace.quorum(&["status"]).assert().code(1).stderr(contains("damaged")).stderr(contains("quorum restore"));
    assert_eq!(bytes(&workspace.db), content);
}

#[test]
fn a_newer_store_is_refused_untouched() {
    let workspace = Workspace::with_store();
    workspace.open().conn().pragma_update(None, "user_version", 42).unwrap();
    let before = bytes(&workspace.db);
    workspace.quorum(&["status"]).assert().code(1).stderr(contains("newer Quorum")).stderr(contains("format 42"));
    assert_eq!(bytes(&workspace.db), before);
}

/// The window keeps its store open all day: commands work beside it, a writer waits its
/// turn, and what replaces the file names who holds it.
#[test]
fn commands_work_beside_a_process_that_has_the_store_open() {
    let workspace = Workspace::with_store();
    let mut held = workspace.open();
    let backup = workspace.dir.path().join("beside.qbackup");
    workspace.quorum(&["status"]).assert().success();
    workspace.quorum(&["verify-store"]).assert().success().stdout(contains("The store is intact."));
    workspace.quorum(&["backup", "--out", backup.to_str().unwrap()]).assert().success();
    workspace.quorum(&["person", "add", "Grace Hopper"]).assert().success();
    let me = format!("(process {})", std::process::id());
    workspace.quorum(&["passwd"]).env("QUORUM_NEW_PASSPHRASE", "an even better passphrase").assert().code(1).stderr(contains("a key change needs it alone")).stderr(contains(me.as_str()));
    let actor = quorum_core::Actor::new("Ana Lead", chrono::DateTime::parse_from_rfc3339(NOW).unwrap().to_utc());
    let busy = held
        .write(&actor, |w| {
            w.execute("INSERT INTO people (name) VALUES ('Ada Byron')", [])?;
            w.audit("person", "ada", "create", None, None)?;
            Ok(workspace.quorum(&["person", "add", "Alan Turing"]).output().unwrap())
        })
        .unwrap();
    let stderr = String::from_utf8_lossy(&busy.stderr);
    assert_eq!(busy.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is busy") && stderr.contains(&me), "{stderr}");
    drop(held);
    workspace.quorum(&["person", "add", "Alan Turing"]).assert().success();
    workspace.quorum(&["passwd"]).env("QUORUM_NEW_PASSPHRASE", "an even better passphrase").assert().success();
}

#[test]
fn verify_store_finds_a_tampered_audit_trail() {
    let workspace = Workspace::with_store();
    workspace.quorum(&["verify-store"]).assert().success().stdout(contains("The store is intact."));
    {
        let store = workspace.open();
        store.conn().execute_batch("DROP TRIGGER audit_events_append_only_update; UPDATE audit_events SET actor = 'Mallory' WHERE id = 1;").unwrap();
    }
    let (code, report) = workspace.json(&["verify-store"]);
    assert_eq!(code, 1);
    assert_eq!(report["ok"], false);
    assert_eq!(report["report"]["audit"]["first_broken"]["event_id"], 1);
}

#[test]
fn change_the_passphrase_and_use_the_recovery_key() {
    let workspace = Workspace::with_store();
    let (code, recovery) = workspace.json(&["recovery-key"]);
    assert_eq!(code, 0);
    let recovery_file = workspace.path("recovery.txt");
    std::fs::write(&recovery_file, recovery["recoveryKey"].as_str().unwrap()).unwrap();

    workspace.quorum(&["passwd"]).env("QUORUM_NEW_PASSPHRASE", "an even better passphrase").assert().success();
    workspace.quorum(&["status"]).assert().code(2).stderr(contains("wrong"));
    workspace.bare().env("QUORUM_PASSPHRASE", "an even better passphrase").arg("status").assert().success();
    // A passphrase change re-keys the file with the same salt and a new derived key, so
    // the old recovery key no longer opens it; the new one does.
    workspace.bare().args(["--recovery-key-file", recovery_file.to_str().unwrap(), "status"]).assert().code(2);
    workspace.bare().env("QUORUM_PASSPHRASE", "an even better passphrase").arg("rekey").assert().code(2).stderr(contains("quorum passwd"));
}

#[test]
fn backup_and_restore() {
    let workspace = Workspace::with_store();
    let backup = workspace.path("backup.qbk");
    workspace.quorum(&["backup", "--out", backup.to_str().unwrap()]).assert().success();
    workspace.quorum(&["backup", "--out", backup.to_str().unwrap()]).assert().code(2).stderr(contains("never replaces"));
    workspace.quorum(&["retention", "--set", "5"]).assert().success();
    workspace.quorum(&["restore", backup.to_str().unwrap()]).assert().code(2).stderr(contains("--force"));
    workspace.quorum(&["restore", backup.to_str().unwrap(), "--force"]).assert().success();
    let (_, retention) = workspace.json(&["retention"]);
    assert_eq!(retention["retentionYears"], 3, "the restored store is the one backed up");
}

#[test]
fn retention_only_lengthens() {
    let workspace = Workspace::with_store();
    workspace.quorum(&["retention", "--set", "2"]).assert().code(2).stderr(contains("can only grow"));
    workspace.quorum(&["review", "delete", "MR-2020-01"]).assert().code(2).stderr(contains("not found"));
}

#[test]
fn usage_errors_exit_2() {
    let workspace = Workspace::new();
    workspace.quorum(&["no-such-command"]).assert().code(2);
    workspace.quorum(&["init"]).assert().code(2).stderr(contains("--org"));
}

/// Keychain mode through the real OS keychain: run by tests/run-all.sh inside a headless
/// Secret Service session (QUORUM_TEST_OS_KEYCHAIN=1).
#[test]
fn keychain_mode_with_the_os_keychain() {
    if std::env::var_os("QUORUM_TEST_OS_KEYCHAIN").is_none() {
        eprintln!("QUORUM_TEST_OS_KEYCHAIN unset: this test runs under tests/run-all.sh, which starts a keychain");
        return;
    }
    let workspace = Workspace::new();
    let quorum = |args: &[&str]| {
        let mut command = Command::cargo_bin("quorum").unwrap();
        command.env_remove("QUORUM_PASSPHRASE").env("QUORUM_NOW", NOW).arg("--db").arg(&workspace.db).args(args);
        command
    };
    quorum(&["init", "--org", "Keychain Ltd"]).assert().success().stdout(contains("OS keychain"));
    quorum(&["status"]).assert().success().stdout(contains("Keychain Ltd"));
    quorum(&["rekey"]).assert().success();
    quorum(&["verify-store"]).assert().success();
    // Without the keychain the store does not open, and the message says what was tried.
    quorum(&["--no-keychain", "status"]).assert().code(2).stderr(contains("tried nothing"));
}

#[test]
fn demo_then_export_and_import_into_a_new_store() {
    let workspace = Workspace::new();
    workspace.quorum(&["demo", "--key", "passphrase"]).assert().success().stdout(contains("reviews"));
    workspace.quorum(&["verify-store"]).assert().success();
    workspace.quorum(&["demo", "--key", "passphrase"]).assert().code(2).stderr(contains("already exists"));
    let export = workspace.path("demo.json");
    workspace.quorum(&["export", "json", "--out", export.to_str().unwrap()]).assert().success();
    let (_, exported) = workspace.json(&["status"]);

    let copy = Workspace::new();
    let quorum_copy = |args: &[&str]| copy.quorum(args);
    quorum_copy(&["init", "--org", "Placeholder", "--key", "passphrase"]).assert().success();
    quorum_copy(&["import", "json", export.to_str().unwrap()]).assert().success().stdout(contains("records"));
    quorum_copy(&["import", "json", export.to_str().unwrap()]).assert().code(2).stderr(contains("Nothing was imported"));
    let output = quorum_copy(&["--json", "status"]).output().unwrap();
    let imported: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(imported["organisation"], exported["organisation"]);
    for (table, count) in exported["tables"].as_array().unwrap().iter().map(|t| (t[0].as_str().unwrap(), &t[1])) {
        let theirs = imported["tables"].as_array().unwrap().iter().find(|t| t[0] == table).unwrap();
        if table == "audit_events" {
            assert_eq!(theirs[1].as_i64().unwrap(), count.as_i64().unwrap() + 1, "the import itself is one more event");
        } else {
            assert_eq!(&theirs[1], count, "{table}");
        }
    }
    quorum_copy(&["verify-store"]).assert().success();
}
