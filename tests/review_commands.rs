//! The review workspace's commands (agenda and minutes, decisions, approval and revisions,
//! signed exports, the signing identity) on Tauri's mock runtime over a real temporary
//! store, through the same IPC path the window uses.


mod common;
use common::*;
use serde_json::{json, Value};

const REF: &str = "MR-2027-01";

/// A store with one review (MR-2027-01), Ana Lima (the ISMS lead) invited as its chair.
fn app_with_review(dir: &tempfile::TempDir) -> (tauri::App<MockRuntime>, Window) {
    let (app, window) = app_in(dir.path());
    invoke(&window, "store_create", json!({"request": {"organisation": "Zoë Ltd", "leadName": "Ana Lima", "timeZone": "Europe/London", "keyMode": "keychain"}})).unwrap();
    let new = json!({"title": "Q1 2027 management review", "trigger": null, "triggerText": null, "scope": "iso27001", "startsAt": "2027-03-09T10:00:00", "timeZone": "Europe/London", "durationMinutes": 90, "location": null});
    invoke(&window, "review_create", json!({"request": new})).unwrap();
    invoke(&window, "review_invite", json!({"request": {"reference": REF, "person": "ana lima", "role": "chair"}})).unwrap();
    (app, window)
}

fn chair_id(window: &Window) -> i64 {
    invoke(window, "review_get", json!({"request": {"reference": REF}})).unwrap()["chair"]["id"].as_i64().unwrap()
}

#[test]
fn agenda_items_are_added_edited_moved_removed_and_minuted() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_with_review(&dir);
    let before = invoke(&window, "review_get", json!({"request": {"reference": REF}})).unwrap()["agenda"].as_array().unwrap().len();
    assert!(before > 0, "a review comes with the standard agenda");

    let record = invoke(&window, "review_agenda_add", json!({"request": {"reference": REF, "item": {"title": "Any other business", "minutesAllocated": 5}}})).unwrap();
    let agenda = record["agenda"].as_array().unwrap();
    assert_eq!(agenda.len(), before + 1);
    assert_eq!(agenda.last().unwrap()["title"], "Any other business");
    let error = invoke(&window, "review_agenda_add", json!({"request": {"reference": REF, "item": {"title": "  "}}})).unwrap_err();
    assert_eq!(error["kind"], "invalid");

    let last = (before + 1) as i64;
    let record = invoke(&window, "review_agenda_edit", json!({"request": {"reference": REF, "position": last, "change": {"title": "AOB and close", "minutesAllocated": 10}}})).unwrap();
    assert_eq!(record["agenda"][before]["title"], "AOB and close");
    assert_eq!(record["agenda"][before]["minutesAllocated"], 10);

    let record = invoke(&window, "review_agenda_move", json!({"request": {"reference": REF, "from": last, "to": 1}})).unwrap();
    assert_eq!(record["agenda"][0]["title"], "AOB and close");
    assert_eq!(record["agenda"][0]["position"], 1);
    assert_eq!(invoke(&window, "review_agenda_move", json!({"request": {"reference": REF, "from": 1, "to": 99}})).unwrap_err()["kind"], "invalid");

    let notes = "Zoë reported two phishing incidents; both contained within an hour.";
    let record = invoke(&window, "review_agenda_notes", json!({"request": {"reference": REF, "position": 1, "notes": format!("  {notes}\n")}})).unwrap();
    assert_eq!(record["agenda"][0]["discussion"], notes, "the minutes are stored trimmed");
    // Read back through a fresh load: the round trip holds.
    let again = invoke(&window, "review_get", json!({"request": {"reference": REF}})).unwrap();
    assert_eq!(again["agenda"][0]["discussion"], notes);

    let record = invoke(&window, "review_agenda_remove", json!({"request": {"reference": REF, "position": 1}})).unwrap();
    assert_eq!(record["agenda"].as_array().unwrap().len(), before);
    assert_ne!(record["agenda"][0]["title"], "AOB and close");
    assert_eq!(invoke(&window, "review_agenda_remove", json!({"request": {"reference": REF, "position": 99}})).unwrap_err()["kind"], "not_found");
}

#[test]
fn decisions_and_explicit_nones_by_area() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_with_review(&dir);
    let record = invoke(&window, "review_decision_add", json!({"request": {"reference": REF, "decision": {"area": "resources", "text": "Hire a second security engineer", "rationale": "On-call load", "inputs": ["d2"]}}})).unwrap();
    let decision = &record["decisions"][0];
    assert_eq!(decision["area"], "resources");
    assert_eq!(decision["inputs"], json!(["d2"]));
    let id = decision["id"].as_i64().unwrap();

    let error = invoke(&window, "review_decision_add", json!({"request": {"reference": REF, "decision": {"area": "resources", "text": ""}}})).unwrap_err();
    assert_eq!(error["kind"], "invalid");
    let error = invoke(&window, "review_decision_none", json!({"request": {"reference": REF, "area": "resources", "reason": "Nothing"}})).unwrap_err();
    assert_eq!(error["kind"], "conflict", "an area with a decision cannot be 'none' too");
    assert_eq!(invoke(&window, "review_decision_none", json!({"request": {"reference": REF, "area": "nowhere", "reason": "x"}})).unwrap_err()["kind"], "invalid");
    assert_eq!(invoke(&window, "review_decision_none", json!({"request": {"reference": REF, "area": "approved_exception", "reason": " "}})).unwrap_err()["kind"], "invalid");

    let record = invoke(&window, "review_decision_none", json!({"request": {"reference": REF, "area": "approved_exception", "reason": "No exception was requested"}})).unwrap();
    assert_eq!(record["areasNone"], json!([{"area": "approved_exception", "reason": "No exception was requested"}]));

    // An action raised from the decision keeps it: the decision can no longer be removed.
    let person = chair_id(&window);
    let action = invoke(&window, "action_add", json!({"request": {"description": "Recruit the engineer", "source": "resource_need", "decisionId": id, "ownerId": person, "targetOn": "2027-06-30", "priority": "high"}})).unwrap();
    let record = invoke(&window, "review_get", json!({"request": {"reference": REF}})).unwrap();
    assert_eq!(record["decisions"][0]["actions"], json!([action["reference"]]));
    assert_eq!(invoke(&window, "review_decision_remove", json!({"request": {"reference": REF, "id": id}})).unwrap_err()["kind"], "conflict");

    let record = invoke(&window, "review_decision_add", json!({"request": {"reference": REF, "decision": {"area": "isms_change", "text": "Extend the scope to the US office"}}})).unwrap();
    let second = record["decisions"][1]["id"].as_i64().unwrap();
    let record = invoke(&window, "review_decision_remove", json!({"request": {"reference": REF, "id": second}})).unwrap();
    assert_eq!(record["decisions"].as_array().unwrap().len(), 1);
}

#[test]
fn approval_locks_the_minutes_and_a_revision_opens_the_next_version() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_with_review(&dir);
    let chair = chair_id(&window);
    let record = invoke(&window, "review_document_set", json!({"request": {"reference": REF, "change": {"classification": "Confidential", "distribution": ["Board", "Auditor"]}}})).unwrap();
    assert_eq!(record["document"]["classification"], "Confidential");
    assert_eq!(record["document"]["distribution"], json!(["Board", "Auditor"]));

    let early = invoke(&window, "review_approve", json!({"request": {"reference": REF, "personId": chair}})).unwrap_err();
    assert_eq!(early["kind"], "conflict");
    assert!(early["message"].as_str().unwrap().contains("has not been held"), "{early}");

    // Not before the meeting: moving it to the day it took place is the way.
    let early = invoke(&window, "review_transition", json!({"request": {"reference": REF, "to": "held"}})).unwrap_err();
    assert_eq!(early["kind"], "conflict");
    assert!(early["message"].as_str().unwrap().contains("move it to the day it happened"), "{early}");
    let moved = invoke(&window, "review_move", json!({"request": {"reference": REF, "startsAt": "2026-11-10T10:00:00"}})).unwrap();
    assert_eq!(moved["review"]["startsAt"], "2026-11-10T10:00");
    invoke(&window, "review_transition", json!({"request": {"reference": REF, "to": "held", "on": "2026-11-10"}})).unwrap();
    // The conclusion on the ISMS (9.3.1) comes first.
    let unconcluded = invoke(&window, "review_approve", json!({"request": {"reference": REF, "personId": chair}})).unwrap_err();
    assert_eq!(unconcluded["kind"], "conflict");
    assert!(unconcluded["message"].as_str().unwrap().contains("no conclusion on the ISMS (9.3.1)"), "{unconcluded}");
    let judgement = |verdict: &str, why: &str| json!({"verdict": verdict, "rationale": why});
    let mut conclusion = json!({"suitable": judgement("yes", "Scope still fits"), "adequate": judgement("yes_with_changes", "Once the second engineer is hired"), "effective": judgement("no", "")});
    let missing = invoke(&window, "review_conclude", json!({"request": {"reference": REF, "conclusion": conclusion}})).unwrap_err();
    assert_eq!(missing["kind"], "invalid");
    assert!(missing["message"].as_str().unwrap().contains("effective needs its rationale"), "{missing}");
    conclusion["effective"] = judgement("no", "Two objectives missed and the backup nonconformity is still open");
    let record = invoke(&window, "review_conclude", json!({"request": {"reference": REF, "conclusion": conclusion}})).unwrap();
    assert_eq!(record["conclusion"]["adequate"]["verdict"], "yes_with_changes");
    assert_eq!(record["conclusion"]["effective"]["rationale"], "Two objectives missed and the backup nonconformity is still open");
    // The period: the default, one set with its reason, and back.
    assert_eq!(record["period"]["to"], "2026-11-10", "the meeting's day: {}", record["period"]);
    let set = invoke(&window, "review_period_set", json!({"request": {"reference": REF, "from": "2027-01-01", "to": "2027-03-31", "reason": "The financial quarter"}})).unwrap();
    assert_eq!((set["period"]["from"].as_str(), set["period"]["reason"].as_str()), (Some("2027-01-01"), Some("The financial quarter")));
    assert_eq!(invoke(&window, "review_period_set", json!({"request": {"reference": REF, "from": "2027-01-01"}})).unwrap_err()["kind"], "invalid");
    let back = invoke(&window, "review_period_set", json!({"request": {"reference": REF}})).unwrap();
    assert_eq!(back["period"]["reason"], json!(null));
    // The readiness check has findings (no minutes, no decisions): approving needs the reason.
    let findings = invoke(&window, "review_approve", json!({"request": {"reference": REF, "personId": chair}})).unwrap_err();
    assert_eq!(findings["kind"], "conflict");
    assert!(findings["message"].as_str().unwrap().contains("approve anyway"), "{findings}");
    let reason = "Approved at the meeting; the minutes follow in 1.1";
    let approved = invoke(&window, "review_approve", json!({"request": {"reference": REF, "personId": chair, "anyway": reason}})).unwrap();
    assert_eq!(approved["record"]["document"]["revisions"][0]["approvals"][0]["anywayReason"], reason);
    assert_eq!(approved["approval"]["locked"], true);
    assert_eq!(approved["approval"]["version"], "1.0");
    assert_eq!(approved["record"]["review"]["status"], "approved");
    assert_eq!(approved["record"]["document"]["status"], "approved");

    // Sending the approved minutes: the email needs the lead's address; the distribution
    // is recorded with who, when and how.
    let today = &NOW[..10];
    let pdf = dir.path().join("minutes.pdf");
    std::fs::write(&pdf, b"%PDF-1.7 signed minutes").unwrap();
    let eml = dir.path().join("minutes.eml");
    let email = json!({"request": {"reference": REF, "pdfPath": pdf, "out": eml}});
    let no_address = invoke(&window, "review_minutes_email", email.clone()).unwrap_err();
    assert_eq!(no_address["kind"], "invalid");
    assert!(no_address["message"].as_str().unwrap().contains("no email address"), "{no_address}");
    assert!(!eml.exists());
    let distributed = invoke(&window, "review_distribute", json!({"request": {"reference": REF, "people": [chair], "sentOn": today, "method": "in_person"}})).unwrap();
    assert_eq!(distributed["distributions"][0]["person"]["id"], chair);
    assert_eq!((distributed["distributions"][0]["method"].as_str(), distributed["distributions"][0]["sentOn"].as_str()), (Some("in_person"), Some(today)));
    assert_eq!(invoke(&window, "review_distribute", json!({"request": {"reference": REF, "sentOn": today, "method": "pigeon"}})).unwrap_err()["kind"], "invalid");

    // Locked: every edit is refused with core's words.
    let refused = invoke(&window, "review_agenda_notes", json!({"request": {"reference": REF, "position": 1, "notes": "After the fact"}})).unwrap_err();
    assert_eq!(refused["kind"], "conflict");
    assert!(refused["message"].as_str().unwrap().contains("approved and locked"), "{refused}");
    assert_eq!(invoke(&window, "review_decision_add", json!({"request": {"reference": REF, "decision": {"area": "resources", "text": "x"}}})).unwrap_err()["kind"], "conflict");

    assert_eq!(invoke(&window, "review_revise", json!({"request": {"reference": REF, "particulars": " "}})).unwrap_err()["kind"], "invalid");
    let revised = invoke(&window, "review_revise", json!({"request": {"reference": REF, "particulars": "Corrected the attendance"}})).unwrap();
    assert_eq!(revised["document"]["version"], "1.1");
    assert_eq!(revised["review"]["status"], "minutes_drafted");
    let revisions = revised["document"]["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 2);
    assert!(revisions.iter().any(|r| r["version"] == "1.0" && r["status"] == "approved"));
    // The draft is editable again.
    invoke(&window, "review_agenda_notes", json!({"request": {"reference": REF, "position": 1, "notes": "Corrected notes"}})).unwrap();
}

#[test]
fn a_signed_minutes_pdf_is_written_once_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_with_review(&dir);
    let out = dir.path().join("exports").join("MR-2027-01 minutes v1.0.pdf");

    assert_eq!(invoke(&window, "identity_get", json!({})).unwrap(), Value::Null);
    let unsigned_refused = invoke(&window, "export_minutes", json!({"request": {"reference": REF, "path": out, "sign": true}})).unwrap_err();
    assert_eq!(unsigned_refused["kind"], "not_found", "no identity yet: {unsigned_refused}");
    assert!(!out.exists());

    assert_eq!(invoke(&window, "identity_warning", json!({})).unwrap(), Value::Null, "no identity, nothing to warn about");
    let identity = invoke(&window, "identity_create", json!({})).unwrap();
    assert_eq!(invoke(&window, "identity_warning", json!({})).unwrap(), Value::Null, "a new seal is valid for years");
    let settings = invoke(&window, "identity_settings_get", json!({})).unwrap();
    assert_eq!(settings, json!({"location": "", "contact": "", "tsaUrl": ""}));
    let refused = invoke(&window, "identity_settings_set", json!({"request": {"location": "London", "contact": "", "tsaUrl": "ftp://tsa.example"}})).unwrap_err();
    assert_eq!(refused["kind"], "invalid", "{refused}");
    let saved = invoke(&window, "identity_settings_set", json!({"request": {"location": " London ", "contact": "isms@zoe.example", "tsaUrl": ""}})).unwrap();
    assert_eq!((saved["location"].as_str(), saved["contact"].as_str()), (Some("London"), Some("isms@zoe.example")));
    assert_eq!(invoke(&window, "identity_settings_get", json!({})).unwrap(), saved);
    assert_eq!(identity["subject"], "CN=Zoë Ltd,O=Zoë Ltd");
    assert_eq!(invoke(&window, "identity_get", json!({})).unwrap()["fingerprintSha256"], identity["fingerprintSha256"]);
    assert_eq!(invoke(&window, "identity_create", json!({})).unwrap_err()["kind"], "conflict", "never replaced unless asked");
    assert_eq!(invoke(&window, "identity_import", json!({"request": {"path": dir.path().join("none.p12"), "password": ""}})).unwrap_err()["kind"], "not_found");

    let summary = invoke(&window, "export_minutes", json!({"request": {"reference": REF, "path": out, "pageSize": "letter", "sign": true, "location": "London"}})).unwrap();
    assert_eq!(summary["signedWith"], identity["fingerprintSha256"]);
    assert_eq!(summary["path"], out.display().to_string());
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let report = quorum_pdf::verify_pdf(&bytes).unwrap();
    assert!(report.whole_document_signed());
    assert_eq!(report.signatures[0].certificate_fingerprint_sha256, identity["fingerprintSha256"].as_str().unwrap());
    assert_eq!(report.signatures[0].signer_name, "Zoë Ltd");
    assert_eq!(report.signatures[0].location, "London");
    if let Ok(output) = std::process::Command::new("pdfsig").arg(&out).output() {
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("Signature is Valid."), "pdfsig: {text}");
    }

    let again = invoke(&window, "export_minutes", json!({"request": {"reference": REF, "path": out, "sign": true}})).unwrap_err();
    assert_eq!(again["kind"], "already_exists");
    assert_eq!(std::fs::read(&out).unwrap(), bytes, "the existing file is untouched");
    assert_eq!(invoke(&window, "export_minutes", json!({"request": {"reference": REF, "path": dir.path().join("x.pdf"), "pageSize": "A5"}})).unwrap_err()["kind"], "invalid");

    let pack = dir.path().join("pack.pdf");
    let summary = invoke(&window, "export_pack", json!({"request": {"reference": REF, "path": pack, "sign": true}})).unwrap();
    assert!(summary["pages"].as_u64().unwrap() >= 2);
    assert!(quorum_pdf::verify_pdf(&std::fs::read(&pack).unwrap()).unwrap().whole_document_signed());

    // Made offline, timestamped later from the window: refused until an authority is set.
    let refused = invoke(&window, "pdf_timestamp", json!({"request": {"path": pack}})).unwrap_err();
    assert!(refused["kind"] == "invalid" && refused["message"].as_str().unwrap().contains("No time-stamping authority"), "{refused}");
    let tsa_dir = tempfile::tempdir().unwrap();
    let mut tsa = std::process::Command::new("python3")
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/tsa.py"))
        .arg(tsa_dir.path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 and openssl run the test TSA");
    let mut url = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(tsa.stdout.take().unwrap()), &mut url).unwrap();
    invoke(&window, "identity_settings_set", json!({"request": {"location": "London", "contact": "", "tsaUrl": url.trim()}})).unwrap();
    let stamped = invoke(&window, "pdf_timestamp", json!({"request": {"path": pack}}));
    let _ = tsa.kill();
    let stamped = stamped.unwrap();
    assert_eq!((stamped["path"].as_str(), stamped["tsaUrl"].as_str(), &stamped["revocation"]), (Some(pack.display().to_string().as_str()), Some(url.trim()), &Value::Null), "a self-signed seal names no revocation data");
    let report = quorum_pdf::verify_pdf(&std::fs::read(&pack).unwrap()).unwrap();
    assert_eq!(report.signatures.len(), 2, "the seal and the document timestamp: {report:?}");
    assert!(report.whole_document_signed());
}
