//! A whole review cycle through the CLI alone: people, a review, inputs with KPIs and
//! evidence, the meeting, minutes, decisions, an action, objectives, the readiness check,
//! approval and a second revision.

use predicates::str::contains;

use super::*;

const REVIEW: &str = "MR-2027-01";

fn inputs_of(record: &serde_json::Value) -> Vec<String> {
    record["inputs"].as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_whole_review_cycle() {
    let w = Workspace::with_store();
    let q = |args: &[&str]| w.quorum(args).assert().success();
    q(&["person", "add", "Zoë Ødegård", "--email", "zoe@x.test", "--title", "CEO", "--top-management"]);
    q(&["person", "add", "Jiří Šťastný", "--email", "jiri@x.test", "--title", "CFO", "--top-management", "--manager", "Zoë"]);
    w.quorum(&["person", "add", "Someone", "--email", "zoe@x.test"]).assert().code(2).stderr(contains("already the address of Zoë Ødegård"));
    let (_, people) = w.json(&["person", "list"]);
    assert_eq!(people.as_array().unwrap().len(), 3, "{people}");

    q(&["review", "new", "--title", "Q1 2027 review", "--at", "2027-02-23T10:00", "--tz", "Europe/London"]);
    for (who, role) in [("Zoë", "chair"), ("Jiří", "top_management"), ("Ana Lead", "isms_lead")] {
        q(&["review", "invite", REVIEW, who, "--role", role]);
    }
    // Before anything is prepared, every input is a nonconformity: exit 1.
    let (code, check) = w.json(&["check", REVIEW]);
    assert_eq!(code, 1, "{check}");
    assert_eq!(check["findings"].as_array().unwrap().iter().filter(|f| f["id"].as_str().unwrap().starts_with("input-unaddressed/")).count(), 13);

    let (_, record) = w.json(&["review", "show", REVIEW]);
    for code in inputs_of(&record) {
        if code == "e" {
            q(&["input", "set", REVIEW, &code, "--nothing-to-report", "No feedback from interested parties this quarter.", "--state", "discussed"]);
        } else if code == "d2" {
            // Answered below by a decision and an action.
            q(&["input", "set", REVIEW, &code, "--summary", "Presented for d2: patching below target two quarters running.", "--presenter", "Ana Lead", "--state", "prepared"]);
        } else {
            let summary = format!("Presented for {code}: the figures and the trend, with the presenter's view.");
            q(&["input", "set", REVIEW, &code, "--summary", &summary, "--presenter", "Ana Lead", "--state", "prepared", "--no-change", "Within its targets: nothing in it calls for a change"]);
        }
    }
    w.quorum(&["input", "set", REVIEW, "zz", "--summary", "x"]).assert().code(2).stderr(contains("not an input code"));
    q(&["input", "kpi", REVIEW, "d2", "--name", "Critical patches within 14 days", "--value", "91.5", "--target", "95", "--unit", "%", "--better", "higher"]);
    let evidence = w.path("kpis.csv");
    std::fs::write(&evidence, "kpi,value\npatching,91.5\n").unwrap();
    let (_, added) = w.json(&["evidence", "add", evidence.to_str().unwrap(), "--review", REVIEW, "--input", "d2"]);
    assert_eq!(added["mediaType"], "text/csv");
    assert_eq!(added["size"], 24);
    let out = w.path("back.csv");
    q(&["evidence", "get", &added["id"].to_string(), "--out", out.to_str().unwrap()]);
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&evidence).unwrap());
    w.quorum(&["evidence", "get", &added["id"].to_string(), "--out", out.to_str().unwrap()]).assert().code(2).stderr(contains("--force"));

    q(&["agenda", "add", REVIEW, "Cloud migration briefing", "--minutes", "15", "--input", "soc2_changes"]);
    let (_, agenda) = w.json(&["agenda", "move", REVIEW, "10", "--to", "3"]);
    assert_eq!(agenda[2]["title"], "Cloud migration briefing", "{agenda}");
    assert_eq!(agenda.as_array().unwrap().len(), 10);
    let (_, agenda) = w.json(&["agenda", "remove", REVIEW, "3"]);
    assert_eq!(agenda.as_array().unwrap().len(), 9);

    q(&["review", "transition", REVIEW, "invitations_sent", "--on", "2027-02-09"]);
    q(&["review", "transition", REVIEW, "pack_circulated", "--on", "2027-02-16"]);
    q(&["review", "transition", REVIEW, "held", "--on", "2027-02-23"]);
    for who in ["Zoë", "Jiří", "Ana Lead"] {
        q(&["review", "attend", REVIEW, who, "present"]);
    }
    // Notes of its own under each item: one note pasted under all nine is a finding.
    let topics = ["opening and quorum", "carried actions", "context and parties", "security performance", "incidents and feedback", "risk treatment", "resources and changes", "improvement", "close"];
    let takes = ["the chair checked the quorum and the agenda", "owners reported each late action and its new date", "the DPO walked through the regulatory watch list", "the CFO challenged the patching figures and the causes", "the analyst explained the two high incidents and their containment"];
    for (position, topic) in (1..=9).zip(topics) {
        let notes = format!("On {topic}, {}; the members agreed the conclusions recorded below for item {position}.", takes[position % takes.len()]);
        q(&["agenda", "notes", REVIEW, &position.to_string(), "--text", &notes]);
    }
    let (_, decision) = w.json(&["decision", "add", REVIEW, "--area", "corrective_preventive", "Recover the patching backlog", "--input", "d2", "--rationale", "Below target two quarters running"]);
    let decision_id = decision["id"].to_string();
    let (_, action) = w.json(&["action", "add", "Clear the patch backlog on the CRM servers", "--source", "kpi_gap", "--owner", "Jiří", "--target", "2027-04-30", "--priority", "high", "--review", REVIEW, "--decision", &decision_id, "--input", "d2"]);
    assert!(action["inputId"].is_i64(), "{action}");
    w.quorum(&["decision", "add", REVIEW, "--area", "approved_exception", "Keep the legacy server"]).assert().code(2).stderr(contains("--justification"));
    for area in ["continual_improvement", "isms_change", "resources", "risk_treatment", "objectives_kpis", "policy_document", "approved_exception"] {
        q(&["decision", "none", REVIEW, "--area", area, "--reason", "Nothing in the inputs called for a decision here."]);
    }
    let (_, objective) = w.json(&["objective", "add", "Patch critical vulnerabilities quickly", "--owner", "Ana Lead", "--measure", "Share patched within 14 days", "--target", "95%", "--from", "2027-01-01", "--to", "2027-12-31"]);
    let (_, result) = w.json(&["objective", "result", REVIEW, &objective["id"].to_string(), "partly_met", "--measured", "91% patched within 14 days", "--next-target", "95% by Q3"]);
    assert_eq!(result["measured"], "91% patched within 14 days", "{result}");

    // Without the conclusion on the ISMS the check names it and approval is refused.
    let (code, check) = w.json(&["check", REVIEW]);
    assert_eq!(code, 1, "{check}");
    assert!(check["findings"].as_array().unwrap().iter().any(|f| f["id"] == "conclusion-missing"), "{check}");
    w.quorum(&["review", "approve", REVIEW, "--by", "Zoë"]).assert().code(2).stderr(contains("no conclusion on the ISMS (9.3.1)"));
    let conclude = |effective_why: &str| {
        vec!["review", "conclude", REVIEW, "--suitable", "yes", "--suitable-why", "Scope and policy still fit the business", "--adequate", "yes-with-changes", "--adequate-why", "Once the patch backlog is cleared", "--effective", "yes", "--effective-why", effective_why]
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let args = conclude(" ");
    w.quorum(&args.iter().map(String::as_str).collect::<Vec<_>>()).assert().code(2).stderr(contains("effective needs its rationale"));
    w.quorum(&["review", "conclude", REVIEW, "--suitable", "maybe", "--suitable-why", "x", "--adequate", "yes", "--adequate-why", "x", "--effective", "yes", "--effective-why", "x"])
        .assert()
        .code(2)
        .stderr(contains("'maybe' is not a verdict"));
    let args = conclude("Objectives met; no major incident");
    q(&args.iter().map(String::as_str).collect::<Vec<_>>()).stdout(contains("Adequate   Yes, with the changes decided: Once the patch backlog is cleared"));
    let (_, period) = w.json(&["review", "period", REVIEW, "--from", "2027-01-01", "--to", "2027-03-31", "--reason", "Aligned with the financial quarter"]);
    assert_eq!((period["from"].as_str(), period["to"].as_str()), (Some("2027-01-01"), Some("2027-03-31")), "{period}");
    q(&["review", "period", REVIEW, "--default"]).stdout(contains("covers"));

    // Ready: only the observation that the minutes await approval; exit 0.
    let (code, check) = w.json(&["check", REVIEW]);
    assert_eq!(code, 0, "{check}");
    let ids: Vec<&str> = check["findings"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["minutes-not-approved"]);

    q(&["review", "set", REVIEW, "--approver", "Jiří", "--classification", "Internal", "--distribute-to", "Zoë Ødegård", "--distribute-to", "Jiří Šťastný"]);
    w.quorum(&["review", "approve", REVIEW, "--by", "Ana Lead"]).assert().code(2).stderr(contains("only the chair and the named approvers"));
    q(&["review", "approve", REVIEW, "--by", "Zoë"]).stdout(contains("waiting for Jiří Šťastný"));
    q(&["review", "approve", REVIEW, "--by", "Jiří"]).stdout(contains("approved and locked"));
    let (code, check) = w.json(&["check", REVIEW]);
    assert_eq!((code, check["findings"].as_array().unwrap().len()), (0, 0), "{check}");

    w.quorum(&["input", "set", REVIEW, "b", "--summary", "late change"]).assert().code(2).stderr(contains("make a new revision"));
    q(&["review", "revise", REVIEW, "--particulars", "Corrected the patching figure"]).stdout(contains("1.1"));
    q(&["input", "kpi", REVIEW, "d2", "--name", "Critical patches within 14 days", "--value", "92.5", "--target", "95", "--unit", "%"]);
    q(&["review", "approve", REVIEW, "--by", "Zoë"]);
    q(&["review", "approve", REVIEW, "--by", "Jiří"]);
    let (_, record) = w.json(&["review", "show", REVIEW]);
    let revisions = record["document"]["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 2);
    assert_eq!((revisions[0]["version"].as_str(), revisions[0]["status"].as_str()), (Some("1.0"), Some("approved")));
    assert_eq!((revisions[1]["version"].as_str(), revisions[1]["status"].as_str()), (Some("1.1"), Some("approved")));
    assert_ne!(revisions[0]["snapshotSha256"], revisions[1]["snapshotSha256"]);
    assert_eq!(record["document"]["classification"], "Internal");
    assert_eq!(record["actionsRaised"][0]["reference"], action["reference"]);
    assert_eq!(record["decisions"][0]["actions"][0], action["reference"]);
    q(&["review", "show", REVIEW]).stdout(contains("Zoë Ødegård")).stdout(contains("1.1 approved"));
    q(&["verify-store"]);
}

#[test]
fn organisation_settings() {
    let w = Workspace::with_store();
    let (code, org) = w.json(&["org", "set", "--quorum-members", "4", "--working-days", "fri,mon,tue", "--cadence-months", "3", "--lead", "Ana Lead"]);
    assert_eq!(code, 0, "{org}");
    assert_eq!(org["quorum"]["minMembers"], 4);
    assert_eq!(org["quorum"]["requiresChair"], true, "what is not given stays");
    assert_eq!(org["workingDays"], serde_json::json!(["mon", "tue", "fri"]));
    assert_eq!(org["isms_lead"], serde_json::Value::Null, "camelCase only");
    assert_eq!(org["ismsLead"]["name"], "Ana Lead");
    w.quorum(&["org", "set", "--cadence-months", "13"]).assert().code(2).stderr(contains("1 to 12"));
    w.quorum(&["org", "set", "--tz", "Mars/Olympus"]).assert().code(2).stderr(contains("IANA"));
    w.quorum(&["org", "show"]).assert().success().stdout(contains("every 3 month(s)"));
}
