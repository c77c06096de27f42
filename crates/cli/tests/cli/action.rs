//! `quorum action ...` and `quorum metrics`: the register through the real binary, with
//! people and reviews put in through quorum-core, and the CSV and XLSX read back.

use calamine::{Reader, Xlsx};
use serde_json::Value;

use crate::Workspace;

/// A store with people (Olivia owns, Vera verifies, Max manages Olivia, Cas is the CISO),
/// a held review MR-2027-01, and an escalation path set through the CLI.
fn register() -> Workspace {
    let workspace = Workspace::with_store();
    {
        let mut store = workspace.open();
        let actor = quorum_core::Actor::new("test", chrono::Utc::now());
        store
            .write(&actor, |w| {
                w.execute("INSERT INTO people (id, name, email) VALUES (10, 'Max Manager', 'max@x.test')", [])?;
                w.execute("INSERT INTO people (id, name, email, line_manager_id) VALUES (11, 'Olivia Owner', 'olivia@x.test', 10)", [])?;
                w.execute("INSERT INTO people (id, name, email) VALUES (12, 'Vera Verifier', 'vera@x.test')", [])?;
                w.execute("INSERT INTO people (id, name, email) VALUES (13, 'Cas Ciso', 'cas@x.test')", [])?;
                w.execute(
                    "INSERT INTO reviews (id, reference, title, kind, status, starts_at, time_zone, held_on, ical_uid, created_at)
                     VALUES (5, 'MR-2027-01', 'Q1 review', 'scheduled', 'held', '2027-02-15T10:00', 'UTC', '2027-02-15', 'mr-2027-01', '2027-01-01T00:00:00Z')",
                    [],
                )?;
                w.audit("test", "fixture", "create", None, None)
            })
            .unwrap();
    }
    let (code, path) = workspace.json(&["action", "path", "--level", "Line manager", "--level", "CISO=cas@x.test"]);
    assert_eq!(code, 0, "{path}");
    assert_eq!(path[1]["person"]["name"], "Cas Ciso");
    workspace
}

fn add(workspace: &Workspace, extra: &[&str]) -> Value {
    let args = [&["action", "add", "Patch the VPN concentrators", "--source", "audit_finding", "--owner", "Olivia", "--target", "2027-03-31"], extra].concat();
    let (code, action) = workspace.json(&args);
    assert_eq!(code, 0, "{action}");
    action
}

#[test]
fn an_action_goes_from_open_to_closed_only_through_an_independent_verifier() {
    let workspace = register();
    let action = add(&workspace, &["--priority", "high", "--review", "MR-2027-01", "--tag", "vpn,patching"]);
    assert_eq!(action["reference"], "ACT-2027-001");
    assert_eq!(action["status"], "open");
    assert_eq!(action["reviewReference"], "MR-2027-01");
    assert_eq!(action["owner"]["email"], "olivia@x.test");

    let (code, updated) = workspace.json(&["action", "update", "ACT-2027-001", "--status", "in_progress", "--note", "firmware ordered"]);
    assert_eq!((code, updated["status"].as_str()), (0, Some("in_progress")));
    let (code, error) = workspace.json(&["action", "update", "ACT-2027-001", "--status", "closed"]);
    assert_eq!((code, error["error"]["kind"].as_str()), (2, Some("invalid")));

    let (code, done) = workspace.json(&["action", "complete", "ACT-2027-001", "--note", "all four patched"]);
    assert_eq!((code, done["status"].as_str()), (0, Some("completed")));
    // The owner cannot close their own action.
    let (code, error) = workspace.json(&["action", "verify", "ACT-2027-001", "--by", "olivia@x.test", "--accept", "--evidence", "my word"]);
    assert_eq!((code, error["error"]["kind"].as_str()), (2, Some("conflict")));
    assert!(error["error"]["message"].as_str().unwrap().contains("not the owner"));
    // A rejection sends it back with the reason.
    let (code, back) = workspace.json(&["action", "verify", "ACT-2027-001", "--by", "Vera", "--reject", "--evidence", "scan", "--reason", "one host unpatched"]);
    assert_eq!((code, back["status"].as_str()), (0, Some("in_progress")));
    workspace.json(&["action", "complete", "ACT-2027-001"]);
    let (code, closed) = workspace.json(&["action", "verify", "ACT-2027-001", "--by", "12", "--accept", "--evidence", "scan report 2027-03-01"]);
    assert_eq!((code, closed["status"].as_str()), (0, Some("closed")));
    assert_eq!(closed["closedAt"], "2027-03-01T09:00:00Z");

    let (code, detail) = workspace.json(&["action", "show", "act-2027-001"]);
    assert_eq!(code, 0);
    let statuses: Vec<&str> = detail["statusHistory"].as_array().unwrap().iter().map(|h| h["to"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["open", "in_progress", "completed", "in_progress", "completed", "closed"]);
    assert_eq!(detail["verifications"].as_array().unwrap().len(), 2);
    assert!(detail["notes"].as_array().unwrap().iter().any(|n| n["text"].as_str().unwrap().contains("one host unpatched")));
    // Plain text works too.
    workspace.quorum(&["action", "show", "ACT-2027-001"]).assert().success().stdout(predicates::str::contains("verification accepted by Vera Verifier"));
}

#[test]
fn input_errors_exit_2_and_say_what_to_do() {
    let workspace = register();
    let (code, error) = workspace.json(&["action", "add", "X", "--source", "audit_finding", "--owner", "Olivai Owner", "--target", "2027-03-31"]);
    assert_eq!((code, error["error"]["kind"].as_str()), (2, Some("not_found")));
    assert!(error["error"]["message"].as_str().unwrap().contains("did you mean Olivia Owner"), "{error}");
    workspace.quorum(&["action", "add", "X", "--source", "gossip", "--owner", "Olivia", "--target", "2027-03-31"]).assert().code(2).stderr(predicates::str::contains("audit_finding"));
    workspace.quorum(&["action", "add", "X", "--source", "risk", "--owner", "Olivia", "--target", "31/03/2027"]).assert().code(2);
    let (code, error) = workspace.json(&["action", "add", "X", "--source", "risk", "--owner", "Olivia", "--target", "2027-02-01"]);
    assert_eq!((code, error["error"]["kind"].as_str()), (2, Some("invalid")));
    let (code, error) = workspace.json(&["action", "show", "ACT-2027-999"]);
    assert_eq!((code, error["error"]["kind"].as_str()), (2, Some("not_found")));
    workspace.quorum(&["action", "verify", "ACT-2027-001", "--by", "Vera", "--evidence", "x"]).assert().code(2);
}

#[test]
fn list_filters_and_exports_for_auditors() {
    let workspace = register();
    add(&workspace, &["--priority", "high", "--review", "MR-2027-01"]);
    let kpi = ["action", "add", "Raise phishing-test click rate target", "--source", "kpi_gap", "--owner", "11", "--target", "2027-03-20", "--priority", "low"];
    assert_eq!(workspace.json(&kpi).0, 0);
    let args = ["action", "add", "Hire a SOC analyst", "--source", "resource_need", "--owner", "vera@x.test", "--target", "2027-06-30", "--priority", "medium"];
    assert_eq!(workspace.json(&args).0, 0);
    let formula = ["action", "add", "=HYPERLINK(\"http://evil\")", "--source", "risk", "--owner", "Vera", "--target", "2027-06-30"];
    assert_eq!(workspace.json(&formula).0, 0);

    let refs = |args: &[&str]| -> Vec<String> {
        let (code, list) = workspace.json(&[&["action", "list"], args].concat());
        assert_eq!(code, 0, "{list}");
        list["actions"].as_array().unwrap().iter().map(|a| a["reference"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(refs(&[]).len(), 4);
    assert_eq!(refs(&["--owner", "Olivia"]), ["ACT-2027-001", "ACT-2027-002"]);
    assert_eq!(refs(&["--priority", "high"]), ["ACT-2027-001"]);
    assert_eq!(refs(&["--review", "MR-2027-01"]), ["ACT-2027-001"]);
    assert_eq!(refs(&["--source", "kpi_gap"]), ["ACT-2027-002"]);
    assert_eq!(refs(&["--status", "open", "--status", "in_progress"]).len(), 4);
    assert!(refs(&["--status", "closed"]).is_empty());
    assert!(refs(&["--overdue"]).is_empty());
    // Overdue is derived from now: in April the two March actions are late.
    let (code, late) = {
        let output = workspace.quorum(&["--json", "action", "list", "--overdue"]).env("QUORUM_NOW", "2027-04-05T09:00:00Z").output().unwrap();
        (output.status.code().unwrap(), serde_json::from_slice::<Value>(&output.stdout).unwrap())
    };
    assert_eq!(code, 0);
    assert_eq!(late["count"], 2);
    assert_eq!(late["actions"][0]["daysOverdue"], 5);

    let csv_path = workspace.path("register.csv");
    let xlsx_path = workspace.path("register.xlsx");
    let (code, _) = workspace.json(&["action", "list", "--csv", csv_path.to_str().unwrap(), "--xlsx", xlsx_path.to_str().unwrap()]);
    assert_eq!(code, 0);
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "ID");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[0][0], "ACT-2027-001");
    assert_eq!(&rows[0][4], "Olivia Owner");
    assert_eq!(&rows[3][1], "'=HYPERLINK(\"http://evil\")", "a formula is defused in the CSV");

    let mut workbook: Xlsx<_> = calamine::open_workbook(&xlsx_path).unwrap();
    assert_eq!(workbook.sheet_names(), ["Action register", "About"]);
    let sheet = workbook.worksheet_range("Action register").unwrap();
    assert_eq!(sheet.height(), 5);
    assert_eq!(sheet.get_value((0, 0)).unwrap().to_string(), "ID");
    assert_eq!(sheet.get_value((2, 0)).unwrap().to_string(), "ACT-2027-002");
    assert_eq!(sheet.get_value((4, 1)).unwrap().to_string(), "=HYPERLINK(\"http://evil\")", "text, not a formula");
    assert!(workbook.worksheet_formula("Action register").unwrap().used_cells().next().is_none());
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(workspace.dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn escalation_revised_dates_and_metrics() {
    let workspace = register();
    add(&workspace, &["--priority", "high"]);
    let at = |now: &str, args: &[&str]| -> (i32, Value) {
        let output = workspace.quorum(&[&["--json"], args].concat()).env("QUORUM_NOW", now).output().unwrap();
        let text = if output.stdout.is_empty() { output.stderr } else { output.stdout };
        (output.status.code().unwrap(), serde_json::from_slice(&text).unwrap())
    };
    // Not yet overdue nor stalled: refused, unless forced with a note.
    let (code, error) = at("2027-03-10T09:00:00Z", &["action", "escalate", "ACT-2027-001"]);
    assert_eq!((code, error["error"]["kind"].as_str()), (2, Some("conflict")));
    // Overdue in April: level 1 goes to Olivia's line manager, level 2 to the CISO, then no further.
    let (code, up) = at("2027-04-05T09:00:00Z", &["action", "escalate", "ACT-2027-001", "--note", "no progress"]);
    assert_eq!((code, up["escalationLevel"].as_i64()), (0, Some(1)));
    let (code, up) = at("2027-04-06T09:00:00Z", &["action", "escalate", "ACT-2027-001"]);
    assert_eq!((code, up["escalationLevelName"].as_str()), (0, Some("CISO")));
    let (code, _) = at("2027-04-07T09:00:00Z", &["action", "escalate", "ACT-2027-001"]);
    assert_eq!(code, 2);
    let (_, detail) = at("2027-04-07T09:00:00Z", &["action", "show", "ACT-2027-001"]);
    let to: Vec<&str> = detail["escalations"].as_array().unwrap().iter().map(|e| e["person"]["name"].as_str().unwrap()).collect();
    assert_eq!(to, ["Max Manager", "Cas Ciso"]);

    // A revised date keeps the original and the reason; closing after the original is late.
    let (code, moved) = at("2027-04-07T09:00:00Z", &["action", "revise-date", "ACT-2027-001", "2027-04-30", "--reason", "vendor delay"]);
    assert_eq!((code, moved["originalTargetOn"].as_str(), moved["targetOn"].as_str(), moved["overdue"].as_bool()), (0, Some("2027-03-31"), Some("2027-04-30"), Some(false)));
    at("2027-04-20T09:00:00Z", &["action", "complete", "ACT-2027-001"]);
    let (code, _) = at("2027-04-21T09:00:00Z", &["action", "verify", "ACT-2027-001", "--by", "Vera Verifier", "--accept", "--evidence", "scan"]);
    assert_eq!(code, 0);

    let (code, metrics) = at("2027-05-01T09:00:00Z", &["metrics"]);
    assert_eq!(code, 0, "{metrics}");
    let now = &metrics["current"];
    assert_eq!((now["total"].as_i64(), now["closed"].as_i64(), now["closedOnTime"].as_i64()), (Some(1), Some(1), Some(0)));
    assert_eq!(now["onTimeShare"].as_f64(), Some(0.0));
    assert_eq!(now["escalations"].as_i64(), Some(2));
    assert_eq!(now["meanDaysToClose"].as_f64(), Some(51.0));
    // The review of 2027-02-15 predates the action: the trend starts empty.
    assert_eq!(metrics["trend"][0]["reviewReference"], "MR-2027-01");
    assert_eq!(metrics["trend"][0]["metrics"]["total"], 0);
    workspace.quorum(&["metrics"]).env("QUORUM_NOW", "2027-05-01T09:00:00Z").assert().success().stdout(predicates::str::contains("Closed on time:     0 of 1 (0%)"));
}

#[test]
fn raising_an_action_like_an_open_one_warns_and_names_it() {
    let workspace = register();
    let first = add(&workspace, &[]);
    let reference = first["reference"].as_str().unwrap().to_owned();
    let output = workspace.quorum(&["action", "add", "patch the VPN concentrators.", "--source", "audit_finding", "--owner", "Olivia", "--target", "2027-04-30"]).output().unwrap();
    assert!(output.status.success());
    let warning = String::from_utf8(output.stderr).unwrap();
    assert!(warning.contains(&format!("warning: {reference} (open, Olivia Owner, due 2027-03-31) is open with a similar description")), "{warning}");
    assert!(warning.contains(&format!("quorum action update {reference} --note")), "{warning}");
    let output = workspace.quorum(&["action", "add", "Renew the cyber-insurance policy", "--source", "risk", "--owner", "Olivia", "--target", "2027-04-30"]).output().unwrap();
    assert!(output.status.success() && output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn verify_store_names_the_action_whose_history_contradicts_itself() {
    let workspace = register();
    let reference = add(&workspace, &[])["reference"].as_str().unwrap().to_owned();
    workspace.quorum(&["verify-store"]).assert().success().stdout(predicates::str::contains("Register history:    consistent"));
    {
        let mut store = workspace.open();
        store
            .write(&quorum_core::Actor::new("test", chrono::Utc::now()), |w| {
                w.execute("UPDATE actions SET target_on = '2027-06-30' WHERE reference = ?1", [&reference])?;
                w.audit("test", "break", "update", None, None)
            })
            .unwrap();
    }
    let output = workspace.quorum(&["verify-store"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains(&format!("{reference}: target-date-history: the target date is 2027-06-30 but its history gives 2027-03-31")), "{text}");
    let (code, report) = workspace.json(&["verify-store"]);
    assert_eq!(code, 1);
    assert_eq!(report["register"][0]["rule"], "target-date-history");
}
