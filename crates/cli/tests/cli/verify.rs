//! `quorum verify`: a signed PDF passes; one changed byte, or no signature, fails with exit 1.

use chrono::TimeZone;
use predicates::str::contains;
use quorum_pdf::{sign_pdf, Document, SignatureInfo, SigningIdentity};

use super::*;

fn signed_pdf() -> Vec<u8> {
    let now = chrono::Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap();
    let mut document = Document::new("Minutes of MR-2027-01");
    document.heading(1, "Minutes", None).paragraph("Zoë Łukasz approved the minutes.");
    let pdf = document.render().unwrap().bytes;
    let identity = SigningIdentity::generate("Ana Lead", "Zoë & Łukasz GmbH", now).unwrap();
    let info = SignatureInfo { signer_name: "Ana Lead".into(), reason: "Approved management review minutes".into(), location: String::new(), contact_info: String::new(), signing_time: now, field: None };
    sign_pdf(&pdf, &identity, &info).unwrap()
}

#[test]
fn a_signed_pdf_verifies_and_a_changed_one_does_not() {
    let workspace = Workspace::new();
    let signed = signed_pdf();
    let good = workspace.path("good.pdf");
    std::fs::write(&good, &signed).unwrap();
    workspace.quorum(&["verify", good.to_str().unwrap()]).assert().success().stdout(contains("Signature valid (1 of 1): Ana Lead")).stdout(contains("The whole document is signed."));
    let (code, report) = workspace.json(&["verify", good.to_str().unwrap()]);
    assert_eq!((code, &report["ok"]), (0, &serde_json::json!(true)));
    assert_eq!(report["signatures"][0]["subFilter"], "ETSI.CAdES.detached");

    let mut tampered = signed.clone();
    let at = tampered.len() / 3;
    tampered[at] ^= 0x01;
    let bad = workspace.path("bad.pdf");
    std::fs::write(&bad, &tampered).unwrap();
    workspace.quorum(&["verify", bad.to_str().unwrap()]).assert().code(1).stdout(contains("NOT VALID"));

    let mut appended = signed;
    appended.extend_from_slice(b"\n% added later\n");
    let extended = workspace.path("extended.pdf");
    std::fs::write(&extended, &appended).unwrap();
    workspace.quorum(&["verify", extended.to_str().unwrap()]).assert().code(1).stdout(contains("NOT VALID"));

    let mut document = Document::new("Unsigned");
    document.paragraph("No signature here.");
    let unsigned = workspace.path("unsigned.pdf");
    std::fs::write(&unsigned, document.render().unwrap().bytes).unwrap();
    workspace.quorum(&["verify", unsigned.to_str().unwrap()]).assert().code(1).stdout(contains("NOT VALID"));
}
