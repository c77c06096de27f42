//! `quorum identity` and `quorum export minutes|pack` on the demo organisation, checked
//! with independent readers: poppler (pdftotext, pdfsig, pdfdetach), qpdf and OpenSSL.

use std::process::Command as Process;

use predicates::str::contains;
use quorum_core::register::{self, NewAction, Priority, Source};
use quorum_core::Actor;

use super::*;

/// Runs a tool that `.ci/setup` installs; a missing one fails with the fix.
fn tool(program: &str, args: &[&str]) -> std::process::Output {
    Process::new(program).args(args).output().unwrap_or_else(|e| panic!("cannot run {program} ({e}): install it with `bash .ci/setup` (poppler-utils, qpdf, openssl)"))
}

fn text_of(pdf: &Path) -> String {
    let out = tool("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// pdfsig exits 0 even on a digest mismatch (FACTS.md): its text is what counts.
fn pdfsig(pdf: &Path) -> String {
    let out = tool("pdfsig", &[pdf.to_str().unwrap()]);
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn assert_signed_and_tamper_evident(workspace: &Workspace, pdf: &Path) {
    let report = pdfsig(pdf);
    assert!(report.contains("Signature Validation: Signature is Valid."), "{report}");
    assert!(report.contains("Total document signed"), "{report}");
    assert!(report.contains("ETSI.CAdES.detached"), "{report}");
    let qpdf = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(qpdf.status.success(), "qpdf --check: {}", String::from_utf8_lossy(&qpdf.stdout));
    workspace.quorum(&["verify", pdf.to_str().unwrap()]).assert().success().stdout(contains("The whole document is signed."));

    // One flipped byte at the start, in the body, in the attachments and in the signed
    // trailer: each is detected by pdfsig and by `quorum verify`.
    let signed = bytes(pdf);
    let gap = {
        let text = String::from_utf8_lossy(&signed);
        let at = text.rfind("/Contents <").expect("a signature") + "/Contents <".len();
        at..at + text[at..].find('>').unwrap()
    };
    for offset in [20, signed.len() / 4, signed.len() / 2, signed.len() * 3 / 4, signed.len() - 10] {
        assert!(!gap.contains(&offset), "offset {offset} is inside the signature itself");
        let mut tampered = signed.clone();
        tampered[offset] ^= 0x01;
        let bad = workspace.path(&format!("tampered-{offset}.pdf"));
        std::fs::write(&bad, &tampered).unwrap();
        let report = pdfsig(&bad);
        assert!(!report.contains("Signature is Valid.") || !report.contains("Total document signed"), "pdfsig accepted a flipped byte at {offset}: {report}");
        workspace.quorum(&["verify", bad.to_str().unwrap()]).assert().code(1).stdout(contains("NOT VALID"));
    }
}

/// A demo store (as of the tests' NOW) with a signing identity, and a person and an action
/// whose names need more than ASCII.
fn demo() -> Workspace {
    let workspace = Workspace::new();
    workspace.quorum(&["demo", "--key", "passphrase", "--org", "Zoë Łukasiewicz-Ødegård Analytics"]).assert().success();
    let mut store = workspace.open();
    let actor = Actor::new("Ana Lead", NOW.parse().unwrap());
    let person = store
        .write(&actor, |w| {
            w.execute("INSERT INTO people (name, email) VALUES ('Jiří Šťastný', 'jiri@example.test')", [])?;
            let id = w.last_insert_rowid();
            w.audit("person", &id.to_string(), "create", None, None)?;
            Ok(id)
        })
        .unwrap();
    let review: i64 = store.conn().query_row("SELECT r.id FROM evidence e JOIN reviews r ON r.id = e.review_id ORDER BY r.starts_at DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    let new = NewAction {
        description: "Zoë Łukasiewicz-Ødegård briefs the Ærø and Šibenik offices".into(),
        source: Some(Source::Improvement),
        review_id: Some(review),
        owner_id: Some(person),
        target_on: Some("2027-06-30".parse().unwrap()),
        priority: Some(Priority::Medium),
        ..Default::default()
    };
    register::add(&mut store, &actor, &new).unwrap();
    workspace
}

/// The latest review with evidence files of its own (not every demo review has some).
fn review_with_evidence(workspace: &Workspace) -> String {
    workspace.open().conn().query_row("SELECT r.reference FROM evidence e JOIN reviews r ON r.id = e.review_id ORDER BY r.starts_at DESC LIMIT 1", [], |r| r.get(0)).unwrap()
}

fn column(workspace: &Workspace, sql: &str) -> Vec<String> {
    let store = workspace.open();
    let mut s = store.conn().prepare(sql).unwrap();
    s.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

#[test]
fn identity_new_show_export_and_replace() {
    let workspace = Workspace::with_store();
    workspace.quorum(&["identity", "show"]).assert().success().stdout(contains("No signing identity yet"));
    let (code, made) = workspace.json(&["identity", "new"]);
    assert_eq!(code, 0, "{made}");
    assert_eq!(made["subject"], "CN=Zoë & Łukasz GmbH,O=Zoë & Łukasz GmbH");
    let fingerprint = made["fingerprintSha256"].as_str().unwrap().to_owned();
    workspace.quorum(&["identity", "show"]).assert().success().stdout(contains(&fingerprint)).stdout(contains("self-signed"));

    let pem = workspace.path("org.pem");
    workspace.quorum(&["identity", "export-cert", "--out", pem.to_str().unwrap()]).assert().success();
    let text = std::fs::read_to_string(&pem).unwrap();
    assert!(text.starts_with("-----BEGIN CERTIFICATE-----") && !text.contains("PRIVATE KEY"), "{text}");
    // OpenSSL reads the certificate and computes the same fingerprint.
    let out = tool("openssl", &["x509", "-in", pem.to_str().unwrap(), "-noout", "-fingerprint", "-sha256"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(&fingerprint), "{}", String::from_utf8_lossy(&out.stdout));
    workspace.quorum(&["identity", "export-cert", "--out", pem.to_str().unwrap()]).assert().code(2).stderr(contains("never overwrites"));

    workspace.quorum(&["identity", "new"]).assert().code(2).stderr(contains("--replace"));
    let (_, replaced) = workspace.json(&["identity", "new", "--replace", "--name", "Signing Desk"]);
    assert_ne!(replaced["fingerprintSha256"].as_str().unwrap(), fingerprint);
}

#[test]
fn identity_import_takes_an_openssl_pkcs12_with_its_password() {
    let workspace = Workspace::with_store();
    let key = workspace.path("key.pem");
    let cert = workspace.path("cert.pem");
    let p12 = workspace.path("org.p12");
    let out = tool("openssl", &["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.to_str().unwrap(), "-out", cert.to_str().unwrap(), "-days", "400", "-subj", "/CN=Jiří Šťastný/O=Example CA Customer", "-utf8"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = tool("openssl", &["pkcs12", "-export", "-inkey", key.to_str().unwrap(), "-in", cert.to_str().unwrap(), "-out", p12.to_str().unwrap(), "-passout", "pass:s3cret pw"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let wrong = workspace.path("wrong.txt");
    std::fs::write(&wrong, "not the password\n").unwrap();
    workspace.quorum(&["identity", "import", p12.to_str().unwrap(), "--password-file", wrong.to_str().unwrap()]).assert().code(2).stderr(contains("check the password"));
    let right = workspace.path("right.txt");
    std::fs::write(&right, "s3cret pw\n").unwrap();
    // openssl dated the certificate by the real clock: import it at the real time too.
    let output = workspace.quorum(&["--json", "identity", "import", p12.to_str().unwrap(), "--password-file", right.to_str().unwrap()]).env_remove("QUORUM_NOW").output().unwrap();
    let info: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&output.stderr)));
    assert_eq!(info["source"], "pkcs12");
    assert!(info["subject"].as_str().unwrap().contains("Jiří Šťastný"), "{info}");
}

#[test]
fn a_signed_pack_reads_verifies_and_carries_its_evidence() {
    let workspace = demo();
    workspace.quorum(&["--as", "Jiří Šťastný", "identity", "new"]).assert().success();
    let review = review_with_evidence(&workspace);
    let pack = workspace.path("pack.pdf");
    // Progress goes to a terminal only: piped, stderr stays empty.
    workspace
        .quorum(&["--as", "Jiří Šťastný", "export", "pack", &review, "--out", pack.to_str().unwrap(), "--sign", "--location", "Kraków"])
        .assert()
        .success()
        .stdout(contains("Signed with the certificate"))
        .stderr("");

    let text = text_of(&pack);
    for heading in ["Reviews covered", "Readiness check", &format!("Minutes of {review}"), "Action register", "History of the actions", "Register metrics", "Trend at each review", "Evidence index"] {
        assert!(text.contains(heading), "no {heading:?} in the pack");
    }
    for action in column(&workspace, "SELECT reference FROM actions") {
        assert!(text.contains(&action), "{action} is missing from the pack's text");
    }
    for name in ["Zoë Łukasiewicz-Ødegård", "Jiří Šťastný", "Ærø", "Šibenik"] {
        assert!(text.contains(name), "{name} did not survive pdftotext");
    }

    let listed = String::from_utf8(tool("pdfdetach", &["-list", pack.to_str().unwrap()]).stdout).unwrap();
    let files = column(&workspace, &format!(
        "SELECT e.file_name FROM evidence e LEFT JOIN inputs i ON i.id = e.input_id LEFT JOIN actions a ON a.id = e.action_id
         WHERE coalesce(e.review_id, i.review_id, a.review_id) = (SELECT id FROM reviews WHERE reference = '{review}')"
    ));
    assert!(!files.is_empty());
    for file in &files {
        assert!(listed.contains(file.as_str()), "pdfdetach does not list {file}: {listed}");
    }
    assert_signed_and_tamper_evident(&workspace, &pack);
    let (_, verified) = workspace.json(&["verify", pack.to_str().unwrap()]);
    // The signer is the organisation's seal; the reason names the document.
    assert_eq!(verified["signatures"][0]["signer"], "Zoë Łukasiewicz-Ødegård Analytics");
    assert_eq!(verified["signatures"][0]["reason"], format!("Audit pack for the management review {review}"));
    assert_eq!(verified["signatures"][0]["location"], "Kraków");

    // The same destination again: refused, the first file untouched.
    let before = bytes(&pack);
    workspace.quorum(&["export", "pack", &review, "--out", pack.to_str().unwrap()]).assert().code(2).stderr(contains("never overwrites"));
    assert_eq!(bytes(&pack), before);
}

#[test]
fn a_period_pack_and_its_usage_errors() {
    let workspace = demo();
    let pack = workspace.path("year.pdf");
    workspace.quorum(&["export", "pack", "--from", "2026-01-01", "--to", "2026-12-31", "--out", pack.to_str().unwrap(), "--letter"]).assert().success();
    let text = text_of(&pack);
    for review in column(&workspace, "SELECT reference FROM reviews WHERE substr(starts_at, 1, 4) = '2026'") {
        assert!(text.contains(&review), "{review} missing from the period pack");
    }
    let info = String::from_utf8(tool("pdfinfo", &[pack.to_str().unwrap()]).stdout).unwrap();
    assert!(info.contains("612 x 792 pts"), "not US Letter: {info}");

    let out = workspace.path("none.pdf");
    workspace.quorum(&["export", "pack", "--from", "2026-01-01", "--out", out.to_str().unwrap()]).assert().code(2);
    workspace.quorum(&["export", "pack", "MR-2026-01", "--from", "2026-01-01", "--to", "2026-02-01", "--out", out.to_str().unwrap()]).assert().code(2);
    workspace.quorum(&["export", "pack", "--from", "2001-01-01", "--to", "2001-12-31", "--out", out.to_str().unwrap()]).assert().code(2).stderr(contains("quorum review list"));
    workspace.quorum(&["export", "pack", "MR-2026-01", "--sign", "--out", out.to_str().unwrap()]).assert().code(2).stderr(contains("quorum identity new"));
    assert!(!out.exists());
}

#[test]
fn signed_minutes_read_in_order_verify_and_keep_every_name() {
    let workspace = demo();
    workspace.quorum(&["identity", "new"]).assert().success();
    let review = review_with_evidence(&workspace);
    let minutes = workspace.path("minutes.pdf");
    // The action `demo()` raised after the approval is only in the current-status annex.
    workspace.quorum(&["--as", "Zoë Łukasiewicz-Ødegård", "export", "minutes", &review, "--out", minutes.to_str().unwrap(), "--sign", "--current-status"]).assert().success();

    let text = text_of(&minutes);
    // Every section, in reading order.
    let mut at = 0;
    for (_, section) in quorum_core::export::minutes::SECTIONS {
        let found = text[at..].find(section).unwrap_or_else(|| panic!("{section:?} missing or out of order"));
        at += found + section.len();
    }
    let (record, frozen) = quorum_core::review::approval::printed(workspace.open().conn(), &review, NOW.parse().unwrap()).unwrap();
    assert!(frozen.is_some(), "{review} is approved: printed from its snapshot");
    let annex = text.find("Annex B. Status of these actions as at").expect("the current-status annex");
    for action in record.actions_raised.iter().chain(record.carried_actions.iter().map(|c| &c.action)) {
        assert!(text[..annex].contains(&action.reference), "{} missing from the minutes' text", action.reference);
    }
    let live = quorum_core::review::record::load(workspace.open().conn(), &review, NOW.parse().unwrap()).unwrap();
    let added = live.actions_raised.last().unwrap();
    assert!(!text[..annex].contains(&added.description), "{} was raised after the approval", added.reference);
    assert!(text[annex..].contains(&added.reference), "{} is missing from the annex: {}", added.reference, &text[annex..]);
    for name in ["Zoë Łukasiewicz-Ødegård Analytics", "Jiří Šťastný", "Ærø", "Šibenik", &record.document.document_number] {
        assert!(text.contains(name), "{name} did not survive pdftotext");
    }
    assert!(text.contains("Page 1 of "), "no page X of Y footer");
    assert_signed_and_tamper_evident(&workspace, &minutes);

    let letter = workspace.path("minutes-letter.pdf");
    workspace.quorum(&["export", "minutes", &review, "--out", letter.to_str().unwrap(), "--letter"]).assert().success();
    let info = String::from_utf8(tool("pdfinfo", &[letter.to_str().unwrap()]).stdout).unwrap();
    assert!(info.contains("612 x 792 pts"), "not US Letter: {info}");
    workspace.quorum(&["verify", letter.to_str().unwrap()]).assert().code(1).stdout(contains("no signature"));
}

#[test]
fn approved_minutes_print_the_same_after_the_register_changes_and_verify_against_the_store() {
    let workspace = demo();
    workspace.quorum(&["identity", "new"]).assert().success();
    // The last review held: approved, with its actions still open.
    let review: String = workspace.open().conn().query_row("SELECT reference FROM reviews WHERE status = 'approved' ORDER BY starts_at DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    let action = column(&workspace, &format!("SELECT a.reference FROM actions a JOIN reviews r ON r.id = a.review_id WHERE r.reference = '{review}' AND a.status <> 'closed' ORDER BY a.id LIMIT 1")).remove(0);
    let first = workspace.path("first.pdf");
    workspace.quorum(&["export", "minutes", &review, "--sign", "--out", first.to_str().unwrap()]).assert().success();

    workspace.quorum(&["action", "revise-date", &action, "2027-09-30", "--reason", "supplier delay"]).assert().success();
    workspace.quorum(&["action", "update", &action, "--owner", "Jiří Šťastný", "--note", "handed over"]).assert().success();
    workspace.quorum(&["person", "update", "Margaret Ellis", "--name", "Margaret Ellis-Hart"]).assert().success();
    let second = workspace.path("second.pdf");
    workspace.quorum(&["export", "minutes", &review, "--sign", "--out", second.to_str().unwrap()]).assert().success();
    let (before, after) = (text_of(&first), text_of(&second));
    // The signature page anchors the audit trail as it is at each signing: only that differs.
    let approved = |text: &str| text[..text.find("Electronic signature").expect("the signature block")].to_owned();
    assert_eq!(approved(&before), approved(&after), "the approved version's text changed");
    assert_ne!(before, after, "the second signing anchors a longer audit trail");
    assert!(!after.contains("2027-09-30") && !after.contains("Ellis-Hart"));

    // The signed PDF carries the snapshot; the store it came from recognises it.
    let listed = String::from_utf8(tool("pdfdetach", &["-list", second.to_str().unwrap()]).stdout).unwrap();
    assert!(listed.contains(&format!("{review}-v1.0-snapshot.json")), "{listed}");
    workspace.quorum(&["verify", second.to_str().unwrap()]).assert().success().stdout(contains(format!("matches {review} version 1.0 as approved in the store")));
    let other = Workspace::with_store();
    let foreign = other.path("foreign.pdf");
    std::fs::copy(&second, &foreign).unwrap();
    other.quorum(&["verify", foreign.to_str().unwrap()]).assert().code(1).stdout(contains("matches no approved revision"));

    // Today's status goes in an annex with its date, after the approved text.
    let annexed = workspace.path("annexed.pdf");
    workspace.quorum(&["export", "minutes", &review, "--current-status", "--out", annexed.to_str().unwrap()]).assert().success();
    let text = text_of(&annexed);
    let annex = text.find("Annex B. Status of these actions as at 2027-03-01").expect("the annex with its date");
    assert!(text[annex..].contains("2027-09-30") && text[annex..].contains("Jiří Šťastný"));
}
