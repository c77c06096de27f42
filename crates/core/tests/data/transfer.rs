use serde_json::{json, Value};

use quorum_core::transfer::{export_json, export_json_file, import_json};
use quorum_core::{demo, Store};

use crate::{actor, count, fresh_store};

fn demo_export(dir: &tempfile::TempDir) -> Value {
    let mut store = fresh_store(dir, "source.db");
    demo::populate(&mut store, &actor()).unwrap();
    export_json(&store, chrono::Utc::now()).unwrap()
}

/// The tables of an export without the import's own audit event (the last one).
fn tables_without_import_event(export: &Value) -> Value {
    let mut tables = export["tables"].clone();
    let events = tables["audit_events"].as_array_mut().unwrap();
    let last = events.pop().unwrap();
    assert_eq!(last["action"], "import");
    tables
}

#[test]
fn export_import_export_gives_the_same_tables() {
    let dir = tempfile::tempdir().unwrap();
    let first = demo_export(&dir);
    let mut target = fresh_store(&dir, "target.db");
    let bytes = serde_json::to_vec(&first).unwrap();
    let started = std::time::Instant::now();
    let summary = import_json(&mut target, &bytes, &actor()).unwrap();
    eprintln!("imported {} records in {:?}", summary.records, started.elapsed());
    assert!(target.verify().unwrap().is_ok());
    let second = export_json(&target, chrono::Utc::now()).unwrap();
    assert_eq!(tables_without_import_event(&second), first["tables"]);
    assert_eq!(second["formatVersion"], 1);
    assert!(first["tables"]["evidence"][0]["content"]["$base64"].is_string());
}

#[test]
fn an_export_of_store_format_1_imports_with_defaults_for_what_came_later() {
    let dir = tempfile::tempdir().unwrap();
    let mut old = demo_export(&dir);
    old["storeFormat"] = json!(1);
    for row in old["tables"]["document_control"].as_array_mut().unwrap() {
        row.as_object_mut().unwrap().remove("approvers").expect("format 2 added the approvers");
    }
    let mut target = fresh_store(&dir, "target.db");
    import_json(&mut target, &serde_json::to_vec(&old).unwrap(), &actor()).unwrap();
    assert_eq!(count(&target, "SELECT count(*) FROM document_control WHERE approvers = '[]'"), old["tables"]["document_control"].as_array().unwrap().len() as i64);
}

#[test]
fn the_export_file_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fresh_store(&dir, "s.db");
    demo::populate(&mut store, &actor()).unwrap();
    let out = dir.path().join("export.json");
    export_json_file(&store, &out, chrono::Utc::now()).unwrap();
    let value: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(value["format"], "quorum-export");
    let before = std::fs::read(&out).unwrap();
    assert_eq!(export_json_file(&store, &out, chrono::Utc::now()).unwrap_err().kind(), "already_exists");
    assert_eq!(std::fs::read(&out).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).filter(|n| n.to_string_lossy().contains("writing")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn tables_of(store: &Store) -> Value {
    export_json(store, chrono::Utc::now()).unwrap()["tables"].clone()
}

/// Imports `bytes` into a fresh store, expects a rejection at `at`, and checks nothing changed.
fn rejected(bytes: &[u8], at: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut target = fresh_store(&dir, "target.db");
    let before = tables_of(&target);
    let error = import_json(&mut target, bytes, &actor()).unwrap_err();
    match &error {
        quorum_core::Error::Import { at: found, problem } => assert_eq!(found, at, "{problem}"),
        other => panic!("expected an import error at {at}, got {other:?}"),
    }
    assert_eq!(tables_of(&target), before, "the target store changed after a rejection at {at}");
}

fn edited(base: &Value, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut value = base.clone();
    edit(&mut value);
    serde_json::to_vec(&value).unwrap()
}

#[test]
fn bad_files_are_rejected_whole_at_the_first_bad_field() {
    let dir = tempfile::tempdir().unwrap();
    let base = demo_export(&dir);
    let started = std::time::Instant::now();
    rejected(&edited(&base, |v| v["formatVersion"] = json!(2)), "formatVersion");
    rejected(&edited(&base, |v| v["storeFormat"] = json!(99)), "storeFormat");
    rejected(&edited(&base, |v| v["format"] = json!("something-else")), "format");
    rejected(&edited(&base, |v| v["tables"]["meetings"] = json!([])), "tables.meetings");
    rejected(&edited(&base, |v| v["tables"]["actions"][3]["colour"] = json!("red")), "tables.actions[3].colour");
    rejected(&edited(&base, |v| v["tables"]["actions"][3]["escalation_level"] = json!("two")), "tables.actions[3].escalation_level");
    rejected(&edited(&base, |v| v["tables"]["kpis"][2]["value"] = json!("12%")), "tables.kpis[2].value");
    rejected(&edited(&base, |v| v["tables"]["reviews"][1]["title"] = Value::Null), "tables.reviews[1].title");
    rejected(&edited(&base, |v| { v["tables"]["people"][4].as_object_mut().unwrap().remove("name"); }), "tables.people[4].name");
    rejected(&edited(&base, |v| v["tables"]["actions"][3]["priority"] = json!("urgent")), "tables.actions[3].priority");
    rejected(&edited(&base, |v| v["tables"]["actions"][5]["owner_id"] = json!(9999)), "tables.actions[5].owner_id");
    rejected(&edited(&base, |v| v["tables"]["evidence"][0]["content"] = json!({"$base64": "not base64!"})), "tables.evidence[0].content.$base64");
    rejected(&edited(&base, |v| v["tables"]["organisation"] = json!([])), "tables.organisation");
    rejected(&edited(&base, |v| v["tables"]["actions"][7]["reference"] = v["tables"]["actions"][6]["reference"].clone()), "tables.actions[7].reference");
    rejected(&edited(&base, |v| v["tables"]["audit_events"][10]["after"] = json!("{\"name\":\"forged\"}")), "tables.audit_events[10].hash");
    let full = serde_json::to_vec(&base).unwrap();
    let truncated = &full[..full.len() / 2];
    let dir2 = tempfile::tempdir().unwrap();
    let mut target = fresh_store(&dir2, "t.db");
    let before = tables_of(&target);
    let error = import_json(&mut target, truncated, &actor()).unwrap_err();
    assert_eq!(error.kind(), "import");
    assert!(matches!(&error, quorum_core::Error::Import { at, .. } if at.starts_with("line 1, column")), "{error:?}");
    assert_eq!(tables_of(&target), before);
    eprintln!("rejections checked in {:?}", started.elapsed());
}

#[test]
fn a_store_with_records_refuses_an_import() {
    let dir = tempfile::tempdir().unwrap();
    let base = demo_export(&dir);
    let mut target = fresh_store(&dir, "busy.db");
    demo::populate(&mut target, &actor()).unwrap();
    let before = tables_of(&target);
    let error = import_json(&mut target, &serde_json::to_vec(&base).unwrap(), &actor()).unwrap_err();
    assert!(matches!(&error, quorum_core::Error::Import { at, .. } if at.starts_with("store.")), "{error:?}");
    assert_eq!(tables_of(&target), before);
    assert_eq!(count(&target, "SELECT count(*) FROM audit_events WHERE action = 'import'"), 0);
}

/// The index of the first row of `table` for which `pick` holds.
fn row_where(base: &Value, table: &str, pick: impl Fn(&Value) -> bool) -> usize {
    base["tables"][table].as_array().unwrap().iter().position(pick).unwrap_or_else(|| panic!("no such row in {table}"))
}

fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

/// The mutations that once imported cleanly and then passed `verify-store`: each is now
/// refused at its own place, by the same rules `verify-store` runs on a store.
#[test]
fn an_import_checks_meaning_not_only_shape() {
    let dir = tempfile::tempdir().unwrap();
    let base = demo_export(&dir);
    let approved = row_where(&base, "minutes_revisions", |r| r["status"] == "approved");
    let open = row_where(&base, "actions", |r| r["status"] == "open");
    let managed = row_where(&base, "people", |r| !r["line_manager_id"].is_null());
    let at = |table: &str, row: usize, column: &str| format!("tables.{table}[{row}].{column}");

    // Approved minutes: changed under their SHA-256, emptied, or not JSON (with a matching hash).
    rejected(&edited(&base, |v| v["tables"]["minutes_revisions"][approved]["snapshot"] = json!("{\"title\":\"rewritten\"}")), &at("minutes_revisions", approved, "snapshot"));
    rejected(&edited(&base, |v| v["tables"]["minutes_revisions"][approved]["snapshot"] = Value::Null), &at("minutes_revisions", approved, "snapshot"));
    rejected(
        &edited(&base, |v| {
            v["tables"]["minutes_revisions"][approved]["snapshot"] = json!("not json");
            v["tables"]["minutes_revisions"][approved]["snapshot_sha256"] = json!(sha256_hex("not json"));
        }),
        &at("minutes_revisions", approved, "snapshot"),
    );
    // The register: closed with no verification; a history status outside the vocabulary.
    rejected(&edited(&base, |v| v["tables"]["actions"][open]["status"] = json!("closed")), &at("actions", open, "status"));
    rejected(&edited(&base, |v| v["tables"]["action_status_history"][0]["to_status"] = json!("text")), &at("action_status_history", 0, "to_status"));
    rejected(&edited(&base, |v| v["tables"]["invitees"][0]["role"] = json!("janitor")), &at("invitees", 0, "role"));
    // Ranges and dates.
    rejected(&edited(&base, |v| v["tables"]["actions"][open]["escalation_level"] = json!(i64::MAX)), &at("actions", open, "escalation_level"));
    rejected(&edited(&base, |v| v["tables"]["reviews"][1]["duration_minutes"] = json!(i64::MAX)), &at("reviews", 1, "duration_minutes"));
    rejected(&edited(&base, |v| v["tables"]["actions"][open]["target_on"] = json!("2027-02-30")), &at("actions", open, "target_on"));
    // References: one's own line manager; approvers who do not exist.
    rejected(&edited(&base, |v| v["tables"]["people"][managed]["line_manager_id"] = v["tables"]["people"][managed]["id"].clone()), &at("people", managed, "line_manager_id"));
    rejected(&edited(&base, |v| v["tables"]["document_control"][0]["approvers"] = json!("[9999]")), &at("document_control", 0, "approvers"));
    // Evidence against its SHA-256 and size.
    rejected(&edited(&base, |v| v["tables"]["evidence"][0]["sha256"] = json!("0".repeat(64))), &at("evidence", 0, "sha256"));
    rejected(&edited(&base, |v| v["tables"]["evidence"][0]["size"] = json!(v["tables"]["evidence"][0]["size"].as_i64().unwrap() + 1)), &at("evidence", 0, "size"));
    // Text: a control character in a one-line field.
    rejected(&edited(&base, |v| v["tables"]["people"][2]["name"] = json!("Eve\nBcc: attacker@example.com")), &at("people", 2, "name"));
    // The audit trail in order: two events with their ids swapped.
    rejected(
        &edited(&base, |v| {
            let events = v["tables"]["audit_events"].as_array_mut().unwrap();
            let (a, b) = (events[10]["id"].clone(), events[11]["id"].clone());
            events[10]["id"] = b;
            events[11]["id"] = a;
        }),
        "tables.audit_events[11].hash",
    );
    // A file of the current store format has every table and every column.
    rejected(&edited(&base, |v| { v["tables"].as_object_mut().unwrap().remove("holidays"); }), "tables.holidays");
    rejected(&edited(&base, |v| { v["tables"]["actions"][open].as_object_mut().unwrap().remove("tags"); }), &at("actions", open, "tags"));
}
