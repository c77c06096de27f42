//! Registers from files written by independent writers (Python's csv and openpyxl), every
//! refusal with nothing written, the figures on known registers, each readiness rule on a
//! review that breaks only it (before and after the meeting), and approved minutes that do
//! not move when a register is imported again.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Duration, NaiveDate};

use super::extract::ConcernKind;
use super::source::{self, Mapping};
use super::*;
use crate::review::check::{self, Severity};
use crate::review::fixture::{self, actor_on, at, compliant, meeting_day, Omit};
use crate::review::record;

const RISKS: &str = "Risk ID,Title,Owner,Inherent level,Residual level,Treatment,Plan status,Plan due,Accepted by,Accepted on,Acceptance expires
R-01,Ransomware on file servers,Fiona Walsh,critical,high,accept,in_progress,2027-06-30,Fiona Walsh,2027-01-15,2027-09-30
R-02,Supplier access to production,James Carter,high,medium,mitigate,in_progress,2027-02-01,,,
R-03,Legacy payroll server,Mark Jensen,High,Low,Avoid,Done,,,,
";

/// Writes `text` with Python's csv module (rows split on commas), as another program would.
fn python_csv(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    let script = "import csv, sys\nrows = [l.split(',') for l in sys.stdin.read().splitlines()]\nwith open(sys.argv[1], 'w', newline='', encoding='utf-8') as f:\n    csv.writer(f).writerows(rows)\n";
    run_python(script, &[path.to_str().unwrap()], text);
    path
}

/// Writes the rows of `text` to an XLSX with openpyxl, dates (YYYY-MM-DD) as date cells.
fn python_xlsx(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    let script = "import sys, datetime, openpyxl\nwb = openpyxl.Workbook()\nws = wb.active\nfor line in sys.stdin.read().splitlines():\n    cells = []\n    for c in line.split(','):\n        try:\n            cells.append(datetime.date.fromisoformat(c))\n        except ValueError:\n            cells.append(c or None)\n    ws.append(cells)\nwb.save(sys.argv[1])\n";
    run_python(script, &[path.to_str().unwrap()], text);
    path
}

fn run_python(script: &str, args: &[&str], stdin: &str) {
    use std::io::Write;
    let mut child = Command::new("python3").arg("-c").arg(script).args(args).stdin(std::process::Stdio::piped()).spawn().expect("python3 (with openpyxl, tests/requirements.txt) is installed by .ci/setup");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    assert!(child.wait().unwrap().success(), "the Python writer failed (is openpyxl installed?)");
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn csv_and_xlsx_from_independent_writers_import_to_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let actor = actor_on(meeting_day());
    let csv = source::import(&mut store, &actor, RegisterKind::Risks, &python_csv(dir.path(), "risks.csv", RISKS), None, Some(day("2027-03-01"))).unwrap();
    let xlsx = source::import(&mut store, &actor, RegisterKind::Risks, &python_xlsx(dir.path(), "risks.xlsx", RISKS), None, Some(day("2027-03-02"))).unwrap();
    assert_eq!((csv.rows, xlsx.rows), (3, 3));
    let (a, b) = (rows(store.conn(), csv.id).unwrap(), rows(store.conn(), xlsx.id).unwrap());
    assert_eq!(a, b, "the XLSX's date cells and the CSV's text dates read alike");
    assert_eq!(a[2].get("residual").map(String::as_str), Some("low"), "levels are stored in lower case");
    assert_eq!(a[0].get("acceptance_expires").map(String::as_str), Some("2027-09-30"));
    assert!(!a[1].contains_key("accepted_by"), "an empty cell is no value");
    let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(std::fs::read(dir.path().join("risks.xlsx")).unwrap()));
    assert_eq!(xlsx.source_sha256, digest);
    // As at a day, the snapshot that stood then.
    assert_eq!(list(store.conn(), RegisterKind::Risks, Some(day("2027-03-01"))).unwrap().snapshot.unwrap().id, csv.id);
    assert_eq!(list(store.conn(), RegisterKind::Risks, None).unwrap().snapshot.unwrap().id, xlsx.id);
    assert!(list(store.conn(), RegisterKind::Risks, Some(day("2027-02-28"))).unwrap().snapshot.is_none());
}

#[test]
fn every_bad_file_is_refused_whole_naming_row_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let actor = actor_on(meeting_day());
    let header = RISKS.lines().next().unwrap();
    let cases = [
        (",No ID,Fiona Walsh,high,high,accept,done,,,,", "row 2, column \"Risk ID\"", "empty"),
        ("R-09,Unknown level,Fiona Walsh,severe,high,accept,done,,,,", "column \"Inherent level\"", "\"severe\" is not a level"),
        ("R-09,Bad date,Fiona Walsh,high,high,mitigate,in_progress,31/01/2027,,,", "column \"Plan due\"", "write it as YYYY-MM-DD"),
        ("R-09,Bad treatment,Fiona Walsh,high,high,ignore,done,,,,", "column \"Treatment\"", "use one of mitigate, accept, transfer, avoid"),
    ];
    for (line, place, why) in cases {
        let text = format!("{header}\n{line}\n");
        let path = python_csv(dir.path(), "bad.csv", &text);
        let before = std::fs::read(&path).unwrap();
        let error = source::import(&mut store, &actor, RegisterKind::Risks, &path, None, None).unwrap_err().to_string();
        assert!(error.contains(place) && error.contains(why) && error.contains("Nothing was written"), "{line}: {error}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "the file is left as it was");
    }
    // A duplicate ID, and a missing required column.
    let path = python_csv(dir.path(), "dup.csv", &format!("{header}\nR-01,A,X,low,low,accept,done,,X,2027-01-01,2028-01-01\nR-01,B,X,low,low,accept,done,,X,2027-01-01,2028-01-01\n"));
    let error = source::import(&mut store, &actor, RegisterKind::Risks, &path, None, None).unwrap_err().to_string();
    assert!(error.contains("row 3") && error.contains("also on row 2"), "{error}");
    let path = python_csv(dir.path(), "cols.csv", "Risk ID,Title\nR-01,A\n");
    let (preview, _) = source::preview(store.conn(), RegisterKind::Risks, &path, None).unwrap();
    assert!(preview.problems.iter().any(|p| p.row == 1 && p.column == "Owner"), "{:?}", preview.problems);
    assert_eq!(preview.problems.iter().filter(|p| p.row == 1).count(), 5, "each missing required column is named: {:?}", preview.problems);
    let count: i64 = store.conn().query_row("SELECT count(*) FROM register_snapshots", [], |r| r.get(0)).unwrap();
    let rows_written: i64 = store.conn().query_row("SELECT count(*) FROM register_rows", [], |r| r.get(0)).unwrap();
    assert_eq!((count, rows_written), (0, 0), "nothing was written");
    // The preview lists every problem of a file, not the first.
    let path = python_csv(dir.path(), "many.csv", &format!("{header}\n{}\n{}\n", cases[1].0, cases[2].0.replace("R-09", "R-10")));
    assert_eq!(source::preview(store.conn(), RegisterKind::Risks, &path, None).unwrap().0.problems.len(), 2);
}

#[test]
fn a_confirmed_mapping_is_remembered_for_the_layout_and_changes_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let actor = actor_on(meeting_day());
    let text = "Ref,Summary,Sev,When,Fixed,PII\nINC-1,Phishing,low,2027-01-10,2027-01-11,no\nINC-2,Lost laptop,medium,2027-02-01,,yes\n";
    let path = python_csv(dir.path(), "gr.csv", text);
    let (preview, _) = source::preview(store.conn(), RegisterKind::Incidents, &path, None).unwrap();
    assert!(!preview.mapping_remembered);
    assert_eq!(preview.mapping.get("id").map(String::as_str), Some("Ref"), "a usual synonym maps without asking");
    assert!(!preview.is_importable(), "Sev, When and PII are not names Quorum knows");
    let mapping: Mapping = [("id", "Ref"), ("title", "Summary"), ("severity", "Sev"), ("detected", "When"), ("closed", "Fixed"), ("personal_data", "PII")].iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect();
    let first = source::import(&mut store, &actor, RegisterKind::Incidents, &path, Some(&mapping), None).unwrap();
    let again = python_csv(dir.path(), "gr2.csv", "Ref,Summary,Sev,When,Fixed,PII\nINC-2,Lost laptop,medium,2027-02-01,2027-02-03,yes\nINC-3,Malware,high,2027-02-20,,no\n");
    let (preview, _) = source::preview(store.conn(), RegisterKind::Incidents, &again, None).unwrap();
    assert!(preview.mapping_remembered && preview.is_importable(), "{:?}", preview.problems);
    assert_eq!(preview.changes.new, ["INC-3"]);
    assert_eq!(preview.changes.gone, ["INC-1"]);
    assert_eq!(preview.changes.changed, [ChangedRow { id: "INC-2".into(), columns: vec!["Closed".into()] }]);
    let second = source::import(&mut store, &actor, RegisterKind::Incidents, &again, None, None).unwrap();
    assert_eq!(changes(store.conn(), first.id, second.id).unwrap().new, ["INC-3"]);
    // A snapshot never changes.
    let refused = store.write(&actor, |w| {
        w.execute("UPDATE register_rows SET fields = '{}' WHERE snapshot_id = ?1", [first.id])?;
        w.audit("test", "x", "update", None, None)
    });
    assert!(refused.unwrap_err().to_string().contains("never changes"));
}

#[test]
fn templates_name_every_field_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    for kind in RegisterKind::ALL.iter().copied() {
        let xlsx = dir.path().join(format!("{kind}.xlsx"));
        source::write_template(kind, &xlsx).unwrap();
        let (grid, _, _) = source::read(&xlsx).unwrap();
        let headers: Vec<&str> = kind.fields().iter().map(|f| f.header).collect();
        assert_eq!(grid.headers, headers);
        assert!(grid.rows.is_empty());
        assert_eq!(source::template_csv(kind).trim_end(), headers.iter().map(|h| if h.contains(',') { format!("\"{h}\"") } else { (*h).to_owned() }).collect::<Vec<_>>().join(","));
        assert!(source::write_template(kind, &xlsx).is_err(), "an existing file is never replaced");
        // The copies shipped in docs/templates are what Quorum writes today.
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/templates").join(kind.cli_name());
        assert_eq!(std::fs::read_to_string(shipped.with_extension("csv")).unwrap(), source::template_csv(kind), "regenerate docs/templates with `quorum register template`");
        assert_eq!(source::read(&shipped.with_extension("xlsx")).unwrap().0.headers, headers);
    }
}

/// The fixture's review (meeting 2027-03-09), held but not approved, with `kind` imported as
/// taken a week before the meeting.
fn review_with(store: &mut Store, dir: &Path, kind: RegisterKind, text: &str, taken_on: NaiveDate) -> String {
    let review = compliant(store, Omit { approval: true, ..Default::default() });
    let path = python_csv(dir, &format!("{kind}.csv"), text);
    source::import(store, &actor_on(meeting_day() + Duration::days(1)), kind, &path, None, Some(taken_on)).unwrap();
    review.reference
}

fn findings_after(store: &Store, reference: &str) -> Vec<String> {
    let mut ids: Vec<String> = check::check(store.conn(), reference, at(meeting_day() + Duration::days(5))).unwrap().into_iter().map(|f| f.id).filter(|id| id != "minutes-not-approved").collect();
    ids.sort();
    ids
}

/// The same record judged 20 days before its meeting, as if not yet held.
fn findings_before(store: &Store, reference: &str) -> Vec<(String, Severity)> {
    let mut r = record::load(store.conn(), reference, at(meeting_day() - Duration::days(20))).unwrap();
    r.review.status = "planned".into();
    r.review.held_on = None;
    let calendar = check::work_calendar(store.conn()).unwrap();
    check::findings(&r, &calendar, meeting_day() - Duration::days(20)).into_iter().filter(|f| f.id.contains("register") || f.id.contains("risk-") || f.id.contains("incident") || f.id.contains("audit-")).map(|f| (f.id, f.severity)).collect()
}

const FINDINGS: &str = "Finding ID,Audit,Finding,Grade,Clause or control,Corrective action status,Due\n";

#[test]
fn an_open_audit_nonconformity_the_review_does_not_mention() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let week_before = meeting_day() - Duration::days(7);
    let text = format!("{FINDINGS}NC-77,Internal audit 2027,Access reviews late,minor,A.5.18,in_progress,2027-05-01\nNC-78,Internal audit 2027,Old finding,major,A.8.13,closed,\nOBS-1,Internal audit 2027,Clear desk,observation,A.7.7,open,\n");
    let reference = review_with(&mut store, dir.path(), RegisterKind::AuditFindings, &text, week_before);
    assert_eq!(findings_after(&store, &reference), ["audit-nonconformity-not-reviewed/NC-77"]);
    assert_eq!(findings_before(&store, &reference), [("audit-nonconformity-not-reviewed/NC-77".to_owned(), Severity::Preparation)]);
    // Named under d3, it is answered.
    let change = crate::review::inputs::InputChange { summary: Some("Internal audit raised NC-77 (access reviews late); its corrective action is under way.".into()), ..Default::default() };
    crate::review::inputs::set(&mut store, &actor_on(meeting_day()), &reference, "d3", &change).unwrap();
    assert_eq!(findings_after(&store, &reference), Vec::<String>::new());
    let r = record::load(store.conn(), &reference, at(meeting_day())).unwrap();
    let extract = r.registers.iter().find(|e| e.kind == RegisterKind::AuditFindings).unwrap();
    assert_eq!(extract.concerns[0].answered_by.as_deref(), Some("input d3"));
    let figures: Vec<(&str, i64)> = extract.figures.iter().map(|f| (f.label.as_str(), f.value)).collect();
    assert_eq!(figures, [("Open major nonconformities", 0), ("Open minor nonconformities", 1), ("Open observations", 1), ("Corrective actions overdue", 0), ("Findings closed", 1)]);
}

#[test]
fn a_risk_acceptance_unsigned_or_expired_at_the_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let header = RISKS.lines().next().unwrap();
    let text = format!("{header}\nR-01,Unsigned,Fiona Walsh,high,high,accept,in_progress,2027-06-30,,,2027-09-30\nR-02,Expired,James Carter,high,medium,accept,done,,James Carter,2026-01-10,2027-03-01\nR-03,Fine,Mark Jensen,low,low,accept,done,,Mark Jensen,2026-01-10,2028-01-01\n");
    let reference = review_with(&mut store, dir.path(), RegisterKind::Risks, &text, meeting_day() - Duration::days(7));
    assert_eq!(findings_after(&store, &reference), ["risk-acceptance-expired/R-02", "risk-acceptance-unsigned/R-01"]);
    let before: Vec<String> = findings_before(&store, &reference).into_iter().map(|(id, severity)| {
        assert_eq!(severity, Severity::Preparation);
        id
    }).collect();
    assert_eq!(before, ["risk-acceptance-unsigned/R-01", "risk-acceptance-expired/R-02"]);
    let r = record::load(store.conn(), &reference, at(meeting_day())).unwrap();
    let figures: Vec<(String, i64)> = r.registers[0].figures.iter().map(|f| (f.label.clone(), f.value)).collect();
    assert!(figures.contains(&("Above appetite (residual above medium)".into(), 1)) && figures.contains(&("Risks in the register".into(), 3)), "{figures:?}");
    assert_eq!(r.registers[0].table.rows.len(), 2, "the extract keeps the risks the review must see");
}

#[test]
fn a_major_incident_with_neither_ad_hoc_review_nor_decision() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let in_period = meeting_day() - Duration::days(20);
    let text = format!("Incident ID,Title,Severity,Detected,Closed,Personal data\nINC-9,Ransomware on a file server,critical,{in_period},{},yes\nINC-10,Phishing,high,{in_period},,no\n", in_period + Duration::days(2));
    let reference = review_with(&mut store, dir.path(), RegisterKind::Incidents, &text, meeting_day() - Duration::days(7));
    assert_eq!(findings_after(&store, &reference), ["major-incident-without-review/INC-9"], "a high incident is not a major one");
    let r = record::load(store.conn(), &reference, at(meeting_day())).unwrap();
    let e = &r.registers[0];
    assert_eq!(e.concerns.iter().map(|c| c.kind).collect::<Vec<_>>(), [ConcernKind::MajorIncident]);
    assert_eq!(e.figures.iter().find(|f| f.label == "Involving personal data").unwrap().value, 1);
    assert_eq!(e.figures.iter().find(|f| f.label == "Still open at the meeting").unwrap().value, 1);
    // A decision of the review that names it answers it.
    crate::review::decisions::add(&mut store, &actor_on(meeting_day()), &reference, &crate::review::decisions::NewDecision { area: Some(crate::review::decisions::Area::IsmsChange), text: "After INC-9, file servers move behind immutable backups.".into(), inputs: vec!["soc2_incidents".into()], ..Default::default() }).unwrap();
    assert_eq!(findings_after(&store, &reference), Vec::<String>::new());
}

#[test]
fn an_extract_older_than_thirty_days_at_the_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let text = "Supplier,Criticality,Last review,Result,Issues\nCloudline,critical,2026-12-01,satisfactory,\n";
    let reference = review_with(&mut store, dir.path(), RegisterKind::Suppliers, text, meeting_day() - Duration::days(31));
    assert_eq!(findings_after(&store, &reference), ["register-extract-stale/suppliers"]);
    assert_eq!(findings_before(&store, &reference), [("register-extract-stale/suppliers".to_owned(), Severity::Preparation)]);
}

#[test]
fn approved_minutes_keep_the_extract_they_were_approved_with() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let header = RISKS.lines().next().unwrap();
    let first = format!("{header}\nR-01,Ransomware,Fiona Walsh,high,high,accept,in_progress,2027-06-30,Fiona Walsh,2027-01-15,2027-09-30\n");
    let path = python_csv(dir.path(), "r1.csv", &first);
    source::import(&mut store, &actor_on(meeting_day() - Duration::days(9)), RegisterKind::Risks, &path, None, Some(meeting_day() - Duration::days(10))).unwrap();
    let review = compliant(&mut store, Omit::default());
    let text = |store: &Store| {
        let document = crate::export::minutes::document(store, &review.reference, &crate::export::ExportOptions::new(at(meeting_day() + Duration::days(20))), &mut |_| {}).unwrap();
        let path = dir.path().join("m.pdf");
        std::fs::write(&path, document.render().unwrap().bytes).unwrap();
        let out = Command::new("pdftotext").args(["-layout", path.to_str().unwrap(), "-"]).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let before = text(&store);
    assert!(before.contains("From the risks register") && before.contains("R-01"), "the extract is printed");
    // A re-import that stood on the meeting day (taken the same day, later): the live record
    // reads it, the approved minutes do not.
    let second = format!("{header}\nR-01,Ransomware,Fiona Walsh,high,low,mitigate,done,,,,\nR-02,New risk,James Carter,critical,critical,mitigate,not_started,2027-08-01,,,\n");
    let path = python_csv(dir.path(), "r2.csv", &second);
    source::import(&mut store, &actor_on(meeting_day() + Duration::days(10)), RegisterKind::Risks, &path, None, Some(meeting_day() - Duration::days(10))).unwrap();
    let live = record::load(store.conn(), &review.reference, at(meeting_day() + Duration::days(10))).unwrap();
    assert_eq!(live.registers[0].snapshot.rows, 2, "the live record reads the newest snapshot of that day");
    assert_eq!(text(&store), before, "the approved minutes did not change");
}

#[test]
fn a_period_pack_shows_each_register_as_at_its_as_at_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let header = RISKS.lines().next().unwrap();
    let january = python_csv(dir.path(), "risks-january.csv", &format!("{header}\nR-01,Ransomware,Fiona Walsh,high,high,mitigate,in_progress,2027-06-30,,,\n"));
    let march = python_csv(dir.path(), "risks-march.csv", &format!("{header}\nR-01,Ransomware,Fiona Walsh,high,low,mitigate,done,,,,\nR-02,Late arrival,James Carter,low,low,avoid,done,,,,\n"));
    compliant(&mut store, Omit { approval: true, ..Default::default() });
    let actor = actor_on(meeting_day() + Duration::days(20));
    source::import(&mut store, &actor, RegisterKind::Risks, &january, None, Some(day("2027-01-10"))).unwrap();
    source::import(&mut store, &actor, RegisterKind::Risks, &march, None, Some(day("2027-03-20"))).unwrap();
    let scope = crate::export::pack::PackScope::Period { from: day("2027-03-01"), to: day("2027-03-15") };
    let document = crate::export::pack::pack_document(store.conn(), &scope, &crate::export::ExportOptions::new(at(meeting_day() + Duration::days(20))), &mut |_| {}).unwrap();
    let path = dir.path().join("pack.pdf");
    std::fs::write(&path, document.render().unwrap().bytes).unwrap();
    let text = String::from_utf8(Command::new("pdftotext").args(["-layout", path.to_str().unwrap(), "-"]).output().unwrap().stdout).unwrap();
    assert!(text.contains("Registers as at 2027-03-15"), "{text}");
    assert!(text.contains("risks-january.csv") && !text.contains("risks-march.csv"), "the snapshot that stood at the as-at day, not a later one");
}

#[test]
fn verify_store_names_a_hand_edited_register_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let path = python_csv(dir.path(), "risks.csv", RISKS);
    let snapshot = source::import(&mut store, &actor_on(meeting_day()), RegisterKind::Risks, &path, None, None).unwrap();
    assert!(crate::store::checks::run(store.conn()).is_empty());
    // Rows can only be added (a snapshot's rows never change): one added by hand, wrong.
    store
        .write(&actor_on(meeting_day()), |w| {
            w.execute("INSERT INTO register_rows (snapshot_id, row_no, item_id, fields) VALUES (?1, 9, 'R-09', '{\"id\": \"R-09\", \"residual\": \"severe\"}')", [snapshot.id])?;
            w.audit("test", "x", "create", None, None)
        })
        .unwrap();
    let found: Vec<String> = crate::store::checks::run(store.conn()).into_iter().map(|f| f.to_string()).collect();
    assert!(found.iter().any(|f| f.contains("row_count") && f.contains("says 3 rows but holds 4")), "{found:?}");
    assert!(found.iter().any(|f| f.contains("Residual level") && f.contains("\"severe\" is not a level")), "{found:?}");
    assert!(found.iter().any(|f| f.contains("Owner is missing")), "{found:?}");
}
