//! `quorum register …`: the registers through the real binary, from a template it wrote,
//! filled in by another program, to the snapshot listed as at a day and compared.

use calamine::{Reader, Xlsx};

use crate::{bytes, Workspace};

const HEADER: &str = "Incident ID,Title,Severity,Detected,Closed,Personal data,Lessons learned";

#[test]
fn a_register_goes_from_template_to_snapshots_and_their_changes() {
    let workspace = Workspace::with_store();
    // The templates name the columns, in CSV and in XLSX (read back with calamine).
    let csv_template = workspace.path("incidents.csv");
    workspace.quorum(&["register", "template", "incidents", "--out", csv_template.to_str().unwrap()]).assert().success();
    assert_eq!(String::from_utf8(bytes(&csv_template)).unwrap().trim_end(), HEADER);
    let xlsx_template = workspace.path("incidents.xlsx");
    workspace.quorum(&["register", "template", "incidents", "--out", xlsx_template.to_str().unwrap()]).assert().success();
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx_template).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let headers: Vec<String> = sheet.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(headers.join(","), HEADER);

    let first = workspace.path("log-february.csv");
    std::fs::write(&first, format!("{HEADER}\nINC-1,Phishing,low,2027-02-01,2027-02-02,no,\nINC-2,Lost laptop,high,2027-02-10,,yes,Encrypt every disk\n")).unwrap();
    let (code, preview) = workspace.json(&["register", "preview", "incidents", first.to_str().unwrap()]);
    assert_eq!(code, 0, "{preview}");
    assert_eq!(preview["rows"], 2);
    assert_eq!(preview["changes"]["new"], serde_json::json!(["INC-1", "INC-2"]));
    let (code, snapshot) = workspace.json(&["register", "import", "incidents", first.to_str().unwrap(), "--taken-on", "2027-02-20"]);
    assert_eq!(code, 0, "{snapshot}");
    assert_eq!(snapshot["rows"], 2);
    assert_eq!(snapshot["sourceName"], "log-february.csv");

    // A bad file: refused whole, exit 2, naming row and column; nothing added.
    let bad = workspace.path("bad.csv");
    std::fs::write(&bad, format!("{HEADER}\nINC-3,Malware,severe,2027-02-25,,no,\n")).unwrap();
    let (code, preview) = workspace.json(&["register", "preview", "incidents", bad.to_str().unwrap()]);
    assert_eq!(code, 1, "a file that would be refused fails its preview");
    assert_eq!(preview["problems"][0]["row"], 2);
    assert_eq!(preview["problems"][0]["column"], "Severity");
    let output = workspace.quorum(&["register", "import", "incidents", bad.to_str().unwrap()]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("row 2, column \"Severity\"") && error.contains("Nothing was written"), "{error}");

    // Another layout, mapped once through a file, then remembered.
    let second = workspace.path("grc-export.csv");
    std::fs::write(&second, "Ref;Summary;Sev;Found;Fixed;PII\nINC-2;Lost laptop;high;2027-02-10;2027-02-28;yes\nINC-4;VPN brute force;medium;2027-03-01;;no\n").unwrap();
    let mapping = workspace.path("mapping.txt");
    std::fs::write(&mapping, "# incidents from the GRC tool\nid=Ref\ntitle=Summary\nseverity=Sev\ndetected=Found\nclosed=Fixed\npersonal_data=PII\n").unwrap();
    let (code, snapshot2) = workspace.json(&["register", "import", "incidents", second.to_str().unwrap(), "--mapping", mapping.to_str().unwrap()]);
    assert_eq!(code, 0, "{snapshot2}");
    let (_, preview) = workspace.json(&["register", "preview", "incidents", second.to_str().unwrap()]);
    assert_eq!(preview["mappingRemembered"], true);

    // As at a day: the snapshot that stood then.
    let (_, february) = workspace.json(&["register", "list", "incidents", "--as-at", "2027-02-25"]);
    assert_eq!(february["snapshot"]["id"], snapshot["id"]);
    assert_eq!(february["rows"].as_array().unwrap().len(), 2);
    let (_, now) = workspace.json(&["register", "list", "incidents"]);
    assert_eq!(now["snapshot"]["id"], snapshot2["id"]);
    let (_, list) = workspace.json(&["register", "snapshots", "incidents"]);
    assert_eq!(list.as_array().unwrap().len(), 2, "the refused file added nothing");
    let (from, to) = (snapshot["id"].to_string(), snapshot2["id"].to_string());
    let (_, changes) = workspace.json(&["register", "changes", &from, &to]);
    assert_eq!(changes["new"], serde_json::json!(["INC-4"]));
    assert_eq!(changes["gone"], serde_json::json!(["INC-1"]));
    assert_eq!(changes["changed"][0]["id"], "INC-2");
    let text = workspace.quorum(&["register", "changes", &from, &to]).output().unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("1 new, 1 changed, 1 gone"));

    let (_, appetite) = workspace.json(&["register", "appetite", "high"]);
    assert_eq!(appetite["riskAppetite"], "high");
}
