//! What an auditor can rely on: the seal by the expected certificate, every later
//! revision adding only signatures, timestamps and validation data. Forgeries and
//! re-signed changes fail; a countersignature made with pyHanko passes.

use lopdf::{Object, ObjectId};

use super::*;

/// Appends an incremental update that replaces `objects` (as another tool would).
fn append_update(pdf: &[u8], objects: &[(ObjectId, Object)]) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let at = pdf.windows(9).rposition(|w| w == b"startxref").unwrap();
    let prev = String::from_utf8_lossy(&pdf[at + 9..]).split_whitespace().next().unwrap().to_owned();
    let mut out = pdf.to_vec();
    let mut offsets = Vec::new();
    for (id, object) in objects {
        offsets.push((id.0, out.len()));
        out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
        lopdf::Writer::write_object(&mut out, object).unwrap();
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n");
    for (n, offset) in &offsets {
        out.extend_from_slice(format!("{n} 1\n{offset:010} 00000 n\r\n").as_bytes());
    }
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let size = doc.max_id + 1;
    out.extend_from_slice(format!("trailer\n<</Size {size} /Root {} 0 R /Prev {prev}>>\nstartxref\n{xref}\n%%EOF\n", root.0).as_bytes());
    out
}

/// The signed sample with page 1's text replaced in an incremental update.
fn with_changed_page(pdf: &[u8]) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let page = doc.get_pages()[&1];
    let contents = doc.get_page_contents(page);
    let stream = lopdf::Stream::new(lopdf::Dictionary::new(), b"BT /F1 24 Tf 72 700 Td (Approved: budget doubled) Tj ET".to_vec());
    append_update(pdf, &[(contents[0], Object::Stream(stream))])
}

fn other() -> SigningIdentity {
    SigningIdentity::generate("Mallory", "Elsewhere Ltd", sample::now()).unwrap()
}

fn seal() -> Vec<String> {
    vec![identity().fingerprint_sha256()]
}

#[test]
fn the_seal_alone_holds_pinned_and_unpinned() {
    let report = verify_pdf(signed()).unwrap();
    assert_eq!((report.revisions, report.trailing_bytes), (2, 0));
    assert_eq!(report.signatures[0].revision, Some(2));
    assert!(report.signatures[0].changed_after.is_empty());
    let pinned = report.assess(&seal());
    assert!(pinned.ok() && pinned.pinned, "{pinned:?}");
    assert_eq!(pinned.seals, [0]);
    let unpinned = report.assess(&[]);
    assert!(unpinned.ok() && !unpinned.pinned);
}

#[test]
fn a_forged_identity_with_the_same_name_fails_against_the_pin() {
    let forger = SigningIdentity::generate("Zoë Müller", "Example Organisation Ltd", sample::now()).unwrap();
    assert_eq!(forger.subject(), identity().subject());
    let forged = sign_pdf(&rendered().bytes, &forger, &info()).unwrap();
    let report = verify_pdf(&forged).unwrap();
    let assessment = report.assess(&seal());
    assert!(!assessment.ok());
    assert!(assessment.problems[0].contains("no signature is by the expected certificate"), "{:?}", assessment.problems);
    assert!(assessment.problems[0].contains(&forger.fingerprint_sha256()), "{:?}", assessment.problems);
}

#[test]
fn a_file_signed_only_by_another_key_fails_against_the_pin() {
    let report = verify_pdf(&sign_pdf(&rendered().bytes, &other(), &info()).unwrap()).unwrap();
    assert!(!report.assess(&seal()).ok());
}

#[test]
fn content_changed_after_the_seal_fails_whoever_signed_the_change() {
    let changed = with_changed_page(signed());
    let report = verify_pdf(&changed).unwrap();
    assert_eq!(report.revisions, 3);
    assert!(report.signatures[0].changed_after.iter().any(|c| c.contains("revision 3")), "{:?}", report.signatures[0].changed_after);
    assert!(!report.assess(&seal()).ok());

    // Signed afterwards by another key: every signature is intact, and still it fails,
    // pinned or not (the seal is the first signature).
    let resigned = sign_pdf(&changed, &other(), &SignatureInfo { signer_name: "Mallory".into(), ..info() }).unwrap();
    let report = verify_pdf(&resigned).unwrap();
    assert_eq!(report.signatures.len(), 2);
    assert!(report.signatures[1].whole_document && report.signatures[1].changed_after.is_empty());
    for expected in [seal(), vec![]] {
        let assessment = report.assess(&expected);
        assert!(!assessment.ok(), "{assessment:?}");
        assert!(assessment.problems.iter().any(|p| p.contains("changed after signature 1")), "{:?}", assessment.problems);
    }
}

#[test]
fn a_countersignature_keeps_the_seal_valid_and_is_reported() {
    let twice = sign_pdf(signed(), &other(), &SignatureInfo { signer_name: "Approver".into(), ..info() }).unwrap();
    let report = verify_pdf(&twice).unwrap();
    assert_eq!(report.signatures.iter().map(|s| s.revision).collect::<Vec<_>>(), [Some(2), Some(3)]);
    assert!(report.signatures[0].changed_after.is_empty(), "{:?}", report.signatures[0].changed_after);
    assert!(report.assess(&seal()).ok());
}

/// The `/DSS` items under `key`, decoded.
fn dss_items(pdf: &[u8], key: &[u8]) -> Vec<Vec<u8>> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let dss = doc.get_dictionary(root).unwrap().get(b"DSS").unwrap().as_reference().unwrap();
    let Ok(list) = doc.get_dictionary(dss).unwrap().get(key) else { return Vec::new() };
    list.as_array().unwrap().iter().map(|r| doc.get_object(r.as_reference().unwrap()).unwrap().as_stream().unwrap().get_plain_content().unwrap()).collect()
}

#[test]
fn a_document_timestamp_carries_every_signers_certificates_and_revocation_data_once() {
    let approver = other();
    let twice = sign_pdf(signed(), &approver, &SignatureInfo { signer_name: "Approver".into(), ..info() }).unwrap();
    let certificates = verify_pdf(&twice).unwrap().signer_certificates();
    assert_eq!(certificates, [identity().certificate_der(), approver.certificate_der()]);
    // The signatures put their certificates in the /DSS already; the timestamp adds the CRL
    // (given twice, kept once) and nothing else. Its token is a stand-in: only the /DSS is
    // looked at here.
    let revocation = Revocation { crls: vec![b"a CRL".to_vec(), b"a CRL".to_vec()], ocsps: Vec::new() };
    let token: Timestamper = &|_| Ok(vec![0x30, 0x00]);
    let stamped = timestamp_pdf(&twice, token, &certificates, &revocation).unwrap();
    assert_eq!(dss_items(&stamped, b"Certs"), certificates);
    assert_eq!(dss_items(&stamped, b"CRLs"), [b"a CRL".to_vec()]);
    assert!(dss_items(&stamped, b"OCSPs").is_empty());
    // Again with the same data: nothing new for the /DSS.
    let again = timestamp_pdf(&stamped, token, &certificates, &revocation).unwrap();
    assert_eq!((dss_items(&again, b"Certs").len(), dss_items(&again, b"CRLs").len()), (2, 1));
}

#[test]
fn bytes_appended_outside_a_revision_fail() {
    let mut bytes = signed().clone();
    bytes.extend_from_slice(b"\n% appended\n");
    let report = verify_pdf(&bytes).unwrap();
    assert!(report.trailing_bytes > 0);
    assert!(!report.assess(&seal()).ok());
}

fn python(args: &[&str]) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/interop/pdf_signatures.py");
    let out = Command::new("python3").arg(script).args(args).output().expect("python3 is required: pip install -r tests/requirements.txt");
    assert!(out.status.success(), "pdf_signatures.py {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn pyhanko_report(path: &Path, trusted: &[&Path]) -> Vec<serde_json::Value> {
    let mut args = vec!["validate", path.to_str().unwrap()];
    args.extend(trusted.iter().map(|p| p.to_str().unwrap()));
    python(&args).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn pyhanko_countersigns_and_both_signatures_hold() {
    let dir = tempfile::tempdir().unwrap();
    openssl(dir.path(), &["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "approver.key"]);
    openssl(dir.path(), &["req", "-new", "-x509", "-key", "approver.key", "-out", "approver.pem", "-days", "3650", "-subj", "/CN=Olivia Approver/O=Board"]);
    let sealed = write(dir.path(), "sealed.pdf", signed());
    let countersigned = dir.path().join("countersigned.pdf");
    python(&["countersign", sealed.to_str().unwrap(), countersigned.to_str().unwrap(), dir.path().join("approver.key").to_str().unwrap(), dir.path().join("approver.pem").to_str().unwrap()]);

    let bytes = std::fs::read(&countersigned).unwrap();
    let report = verify_pdf(&bytes).unwrap();
    assert_eq!(report.signatures.len(), 2, "{report:?}");
    assert!(report.signatures[1].certificate_subject.contains("Olivia Approver"));
    assert_eq!(report.signatures[1].revision, Some(report.revisions));
    assert!(report.signatures[0].changed_after.is_empty(), "{:?}", report.signatures[0].changed_after);
    assert!(report.assess(&seal()).ok(), "{:?}", report.assess(&seal()));

    // pyHanko sees both intact, and the seal's later revision as a signature-only change.
    let seen = pyhanko_report(&countersigned, &[]);
    assert_eq!(seen.len(), 2);
    for s in &seen {
        assert_eq!(s["intact"], true, "{s}");
        assert_eq!(s["valid"], true, "{s}");
    }
    assert!(seen[0]["modification_level"].as_str().unwrap().contains("FORM_FILLING") || seen[0]["modification_level"].as_str().unwrap().contains("LTA_UPDATES"), "{}", seen[0]);
    let (_, text) = tool("pdfsig", &[countersigned.to_str().unwrap()]);
    assert_eq!(text.matches("Signature is Valid.").count(), 2, "{text}");
}

/// pikepdf reads what a PDF/A-3b reader needs: the XMP claim and document data, the output
/// intent, the header; its PDF/A validator (veraPDF's rules) finds nothing to object to.
fn pdfa_report(path: &Path) -> serde_json::Value {
    let script = r#"
import json, sys, pikepdf, pikepdf.pdfa
path = sys.argv[1]
pdf = pikepdf.open(path)
meta = pdf.open_metadata()
intent = pdf.Root.OutputIntents[0]
report = pikepdf.pdfa.validate_written(path, "3b")
files = pdf.Root.get("/AF", [])
print(json.dumps({
    "header": open(path, "rb").read(8).decode(),
    "part": meta.get("pdfaid:part"), "conformance": meta.get("pdfaid:conformance"),
    "title": meta.get("dc:title"), "creator": meta.get("dc:creator"),
    "created": meta.get("xmp:CreateDate"), "info_title": str(pdf.docinfo.get("/Title")),
    "intent": str(intent.S), "icc_n": int(intent.DestOutputProfile.N),
    "pdfx": "/GTS_PDFXVersion" in pdf.docinfo,
    "relationships": [str(f.AFRelationship) for f in files],
    "verdict": report.verdict,
    "violations": [str(v) for v in report.violations][:20],
    "unsupported": sorted({f.rule for f in report.unsupported}),
}))
"#;
    let out = Command::new("python3").args(["-c", script, path.to_str().unwrap()]).output().expect("python3 with pikepdf[pdfa]: pip install -r tests/requirements.txt");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_pdf_is_pdfa_3b_signed_or_not() {
    let dir = tempfile::tempdir().unwrap();
    // Without attachments or signature: no violation (pikepdf leaves printpdf's page
    // resources unchecked, so its verdict is "not_checked", not "pass").
    let mut small = Document::new("Minutes of MR-2027-01");
    small.author = "Zoë Müller".into();
    small.created = Some(sample::now());
    small.heading(1, "Minutes", None).paragraph("Zoë Łukasz approved the minutes.");
    let small = write(dir.path(), "small.pdf", &small.render().unwrap().bytes);
    let report = pdfa_report(&small);
    assert_eq!(report["violations"], serde_json::json!([]), "{report}");
    let plain = write(dir.path(), "plain.pdf", &rendered().bytes);

    let mut document = sample::sample_document();
    document.attach(Attachment { name: "evidence.csv".into(), media_type: "text/csv".into(), description: "KPI export".into(), bytes: b"kpi,value\npatching,94\n".to_vec(), relationship: Relationship::Supplement });
    document.attach(Attachment { name: "snapshot.json".into(), media_type: "application/json".into(), description: "The record the document renders".into(), bytes: b"{}".to_vec(), relationship: Relationship::Data });
    let signed = sign_pdf(&document.render().unwrap().bytes, identity(), &info()).unwrap();
    for path in [plain, write(dir.path(), "signed.pdf", &signed)] {
        let report = pdfa_report(&path);
        assert_eq!(report["header"], "%PDF-1.7", "{report}");
        assert_eq!((&report["part"], &report["conformance"]), (&serde_json::json!("3"), &serde_json::json!("B")), "{report}");
        assert_eq!(report["title"], document.title, "{report}");
        assert_eq!(report["info_title"], document.title, "{report}");
        assert_eq!(report["creator"], serde_json::json!([document.author]), "{report}");
        assert_eq!((&report["intent"], &report["icc_n"]), (&serde_json::json!("/GTS_PDFA1"), &serde_json::json!(3)), "{report}");
        assert_eq!(report["pdfx"], false, "{report}");
        // No violation; what the validator leaves unchecked is the form (the signature
        // field), the /DSS and embedded files (see docs/ARCHITECTURE.md).
        assert_eq!(report["violations"], serde_json::json!([]), "{report}");
        for rule in report["unsupported"].as_array().unwrap() {
            assert!(["pikepdf:embedded-file", "pikepdf:schema-Catalog", "pikepdf:schema-Resources"].contains(&rule.as_str().unwrap()), "{report}");
        }
        let (_, info) = tool("pdfinfo", &[path.to_str().unwrap()]);
        assert!(!info.contains("PDF/X"), "{info}");
        let (_, fonts) = tool("pdffonts", &[path.to_str().unwrap()]);
        assert!(fonts.lines().skip(2).all(|l| l.contains(" yes ")), "a font is not embedded: {fonts}");
    }
    let report = pdfa_report(&dir.path().join("signed.pdf"));
    // The record the document renders is its Data; the other files Supplement it.
    let relationships = report["relationships"].as_array().unwrap();
    assert_eq!(relationships.iter().filter(|r| *r == "/Data").count(), 1, "{report}");
    assert!(relationships.iter().all(|r| r == "/Data" || r == "/Supplement"), "{report}");
}
