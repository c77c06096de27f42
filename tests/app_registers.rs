//! The Registers screen's commands on Tauri's mock runtime with a real temporary store:
//! a template written, a file previewed with its problems, imported, listed as at a day,
//! compared, and a refusal that leaves the store as it was.

mod common;
use common::*;
use serde_json::{json, Value};

const HEADER: &str = "Finding ID,Audit,Finding,Grade,Clause or control,Corrective action status,Due";

fn app(dir: &tempfile::TempDir) -> (tauri::App<MockRuntime>, Window) {
    let (app, window) = app_in(dir.path());
    let request = json!({"organisation": "Acme", "leadName": "Ana Lima", "timeZone": "Europe/London", "keyMode": "keychain"});
    assert_eq!(invoke(&window, "store_create", json!({"request": request})).unwrap()["storeState"], "open");
    (app, window)
}

fn file(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn a_register_is_previewed_imported_listed_and_compared() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(&dir);
    let overview = invoke(&window, "registers_overview", json!({})).unwrap();
    assert_eq!(overview["appetite"], "medium");
    let kinds: Vec<&str> = overview["registers"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["risks", "incidents", "audit_findings", "suppliers"]);
    assert_eq!(overview["registers"][2]["newest"], Value::Null);

    let template = dir.path().join("findings.xlsx");
    invoke(&window, "registers_template", json!({"kind": "audit_findings", "path": template})).unwrap();
    assert!(std::fs::read(&template).unwrap().starts_with(b"PK"), "an XLSX (a zip)");

    let bad = file(&dir, "bad.csv", &format!("{HEADER}\nNC-1,IA 2027,Access reviews late,serious,A.5.18,open,2027-05-01\n"));
    let preview = invoke(&window, "registers_preview", json!({"request": {"kind": "audit_findings", "path": bad}})).unwrap();
    assert_eq!(preview["problems"][0]["column"], "Grade");
    let error = invoke(&window, "registers_import", json!({"request": {"kind": "audit_findings", "path": bad}})).unwrap_err();
    assert_eq!(error["kind"], "invalid");
    assert!(error["message"].as_str().unwrap().contains("row 2, column \"Grade\""), "{error}");
    assert_eq!(invoke(&window, "registers_snapshots", json!({"kind": "audit_findings"})).unwrap(), json!([]));

    let good = file(&dir, "good.csv", &format!("{HEADER}\nNC-1,IA 2027,Access reviews late,minor,A.5.18,open,2027-05-01\n"));
    let first = invoke(&window, "registers_import", json!({"request": {"kind": "audit_findings", "path": good, "takenOn": "2026-10-20"}})).unwrap();
    assert_eq!(first["takenOn"], "2026-10-20");
    let renamed = file(&dir, "renamed.csv", "Ref,Audit,What,Grade,Clause,Status,Due\nNC-1,IA 2027,Access reviews late,minor,A.5.18,closed,2027-05-01\nNC-2,IA 2027,Backups untested,major,A.8.13,open,2027-06-01\n");
    let mapping = json!({"id": "Ref", "audit": "Audit", "finding": "What", "grade": "Grade", "clause": "Clause", "status": "Status", "due": "Due"});
    let preview = invoke(&window, "registers_preview", json!({"request": {"kind": "audit_findings", "path": renamed, "mapping": mapping}})).unwrap();
    assert_eq!(preview["problems"], json!([]));
    assert_eq!(preview["changes"]["new"], json!(["NC-2"]));
    let second = invoke(&window, "registers_import", json!({"request": {"kind": "audit_findings", "path": renamed, "mapping": mapping}})).unwrap();
    let remembered = invoke(&window, "registers_preview", json!({"request": {"kind": "audit_findings", "path": renamed}})).unwrap();
    assert_eq!(remembered["mappingRemembered"], true);

    let then = invoke(&window, "registers_list", json!({"request": {"kind": "audit_findings", "asAt": "2026-10-21"}})).unwrap();
    assert_eq!(then["snapshot"]["id"], first["id"]);
    assert_eq!(then["rows"].as_array().unwrap().len(), 1);
    let changes = invoke(&window, "registers_changes", json!({"from": first["id"], "to": second["id"]})).unwrap();
    assert_eq!(changes["changed"][0]["columns"], json!(["Corrective action status"]));
    assert_eq!(invoke(&window, "registers_appetite_set", json!({"level": "low"})).unwrap(), "low");
    assert_eq!(invoke(&window, "registers_overview", json!({})).unwrap()["registers"][2]["snapshots"], 2);
}
