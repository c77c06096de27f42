//! Signatures an auditor can rely on: `verify` pinned to the organisation's certificate
//! (a same-name forgery fails), the visible signature block, `identity import` refusing
//! certificates that cannot sign, timestamps from a TSA on 127.0.0.1 checked by pyHanko, and
//! the CRL and OCSP response of a CA on 127.0.0.1 in the /DSS (PAdES B-LT).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command as Process, Stdio};

use predicates::str::contains;

use super::*;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Process::new(program).args(args).output().unwrap_or_else(|e| panic!("cannot run {program} ({e}): bash .ci/setup; pip install -r tests/requirements.txt"));
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// A demo store named `org` with a self-signed seal, and its signed minutes.
fn sealed(org: &str) -> (Workspace, PathBuf, String) {
    let workspace = Workspace::new();
    workspace.quorum(&["demo", "--key", "passphrase", "--org", org]).assert().success();
    let (_, made) = workspace.json(&["identity", "new"]);
    let review: String = workspace.open().conn().query_row("SELECT reference FROM reviews WHERE status IN ('held', 'minutes_drafted', 'approved') ORDER BY starts_at DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    let minutes = workspace.path("minutes.pdf");
    workspace.quorum(&["export", "minutes", &review, "--out", minutes.to_str().unwrap(), "--sign"]).assert().success();
    (workspace, minutes, made["fingerprintSha256"].as_str().unwrap().to_owned())
}

#[test]
fn verify_pins_the_seal_and_a_same_name_forgery_fails() {
    let (workspace, minutes, fingerprint) = sealed("Northwind Analytics Ltd");
    let pem = workspace.path("northwind.pem");
    workspace.quorum(&["identity", "export-cert", "--out", pem.to_str().unwrap()]).assert().success();
    let card = std::fs::read_to_string(workspace.path("northwind.fingerprint.txt")).unwrap();
    assert!(card.contains(&fingerprint) && card.contains("quorum verify FILE.pdf --cert northwind.pem"), "{card}");

    // Unpinned: valid as far as the file goes, the fingerprint on its own line, and a warning.
    let out = workspace.quorum(&["verify", minutes.to_str().unwrap()]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.lines().any(|l| l == fingerprint), "{text}");
    assert!(text.contains("NOT PINNED") && text.contains("the one you got from the organisation"), "{text}");
    assert!(text.contains("Signature valid (1 of 1): Northwind Analytics Ltd"), "{text}");
    assert!(text.contains("covers revision 2 of 2, the whole file"), "{text}");

    // Pinned by certificate, by fingerprint (any spelling), and by the store itself.
    workspace.quorum(&["verify", minutes.to_str().unwrap(), "--cert", pem.to_str().unwrap()]).assert().success().stdout(contains("VALID: sealed with the expected certificate"));
    let bare = fingerprint.replace(':', "").to_lowercase();
    workspace.quorum(&["verify", minutes.to_str().unwrap(), "--fingerprint", &bare]).assert().success();
    workspace.quorum(&["verify", minutes.to_str().unwrap(), "--org"]).assert().success();
    workspace.quorum(&["verify", minutes.to_str().unwrap(), "--fingerprint", "12:34"]).assert().code(2).stderr(contains("64 hexadecimal digits"));

    // Another store with an identity of the same name: its file passes unpinned, fails pinned.
    let (_forger, forged, forged_fingerprint) = sealed("Northwind Analytics Ltd");
    assert_ne!(forged_fingerprint, fingerprint);
    workspace.quorum(&["verify", forged.to_str().unwrap()]).assert().success().stdout(contains("NOT PINNED"));
    workspace
        .quorum(&["verify", forged.to_str().unwrap(), "--cert", pem.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(contains("NOT VALID: no signature is by the expected certificate"))
        .stdout(contains(&forged_fingerprint));
    workspace.quorum(&["verify", forged.to_str().unwrap(), "--org"]).assert().code(1);
    let (code, report) = workspace.json(&["verify", forged.to_str().unwrap(), "--fingerprint", &fingerprint]);
    assert_eq!((code, &report["ok"], &report["pinned"]), (1, &serde_json::json!(false), &serde_json::json!(true)));
}

#[test]
fn a_signed_export_and_a_backup_anchor_the_audit_trail() {
    let (workspace, minutes, _) = sealed("Northwind Analytics Ltd");
    let backup = workspace.path("before.db");
    workspace.quorum(&["backup", "--out", backup.to_str().unwrap()]).assert().success();
    let (code, report) = workspace.json(&["verify-store", "--against", minutes.to_str().unwrap()]);
    assert_eq!((code, &report["anchor"]["held"], &report["anchor"]["source"]), (0, &serde_json::json!(true), &serde_json::json!("signed PDF")), "{report}");
    let (code, report) = workspace.json(&["verify-store", "--against", backup.to_str().unwrap()]);
    assert_eq!((code, &report["anchor"]["source"]), (0, &serde_json::json!("backup")), "{report}");
    let text = run("pdftotext", &[minutes.to_str().unwrap(), "-"]);
    assert!(text.contains("Audit trail anchor: event"), "the signature page shows the anchor: {text}");
    // The trail cut short by hand (its triggers dropped): still a valid chain, but not the one
    // the signed file and the backup recorded.
    let events: i64 = workspace.open().conn().query_row("SELECT max(id) FROM audit_events", [], |r| r.get(0)).unwrap();
    workspace
        .open()
        .conn()
        .execute_batch(&format!("DROP TRIGGER audit_events_append_only_delete; DELETE FROM audit_events WHERE id > {};", events - 3))
        .unwrap();
    let (code, report) = workspace.json(&["verify-store"]);
    assert_eq!(code, 0, "a prefix of the trail is a valid chain on its own: {report}");
    for against in [&minutes, &backup] {
        let (code, report) = workspace.json(&["verify-store", "--against", against.to_str().unwrap()]);
        assert_eq!((code, &report["anchor"]["held"]), (1, &serde_json::json!(false)), "{report}");
        assert!(report["anchor"]["problem"].as_str().unwrap().contains("cut short"), "{report}");
    }
    // A PDF with no anchor is named for what it is.
    let plain = workspace.path("plain.pdf");
    let review: String = workspace.open().conn().query_row("SELECT reference FROM reviews WHERE status = 'approved' LIMIT 1", [], |r| r.get(0)).unwrap();
    workspace.quorum(&["export", "minutes", &review, "--out", plain.to_str().unwrap()]).assert().success();
    workspace.quorum(&["verify-store", "--against", plain.to_str().unwrap()]).assert().code(2).stderr(contains("carries no audit trail anchor"));
}

#[test]
fn after_a_renewal_the_exported_certificate_still_checks_files_signed_before() {
    let (workspace, minutes, old) = sealed("Northwind Analytics Ltd");
    let (_, renewed) = workspace.json(&["identity", "new", "--replace"]);
    assert_ne!(renewed["fingerprintSha256"].as_str().unwrap(), old);
    let pem = workspace.path("seal.pem");
    workspace.quorum(&["identity", "export-cert", "--out", pem.to_str().unwrap()]).assert().success();
    let text = std::fs::read_to_string(&pem).unwrap();
    assert_eq!(text.matches("-----BEGIN CERTIFICATE-----").count(), 2, "the current certificate and the one it replaced");
    let card = std::fs::read_to_string(workspace.path("seal.fingerprint.txt")).unwrap();
    assert!(card.contains(&old) && card.contains("replaced"), "{card}");
    // The minutes signed before the renewal check against the file an auditor gets today.
    workspace.quorum(&["verify", minutes.to_str().unwrap(), "--cert", pem.to_str().unwrap()]).assert().success().stdout(contains("VALID: sealed with the expected certificate"));
    // openssl reads the replaced certificate from the bundle with the fingerprint the card gives.
    let first = workspace.path("first.pem");
    std::fs::write(&first, &text[text.rfind("-----BEGIN CERTIFICATE-----").unwrap()..]).unwrap();
    let fingerprint = run("openssl", &["x509", "-in", first.to_str().unwrap(), "-noout", "-fingerprint", "-sha256"]);
    assert!(fingerprint.contains(&old), "{fingerprint}");
}

#[test]
fn signed_minutes_show_who_signed_for_what_on_the_last_page() {
    let (workspace, minutes, fingerprint) = sealed("Zoë Łukasiewicz-Ødegård Analytics");
    workspace.quorum(&["identity", "settings", "--location", "Ærø, Denmark", "--contact", "isms@zoe.example"]).assert().success();
    let review: String = workspace.open().conn().query_row("SELECT reference FROM reviews WHERE status IN ('held', 'minutes_drafted', 'approved') ORDER BY starts_at DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    let again = workspace.path("minutes-again.pdf");
    workspace.quorum(&["export", "minutes", &review, "--out", again.to_str().unwrap(), "--sign"]).assert().success();
    let (_, report) = workspace.json(&["verify", again.to_str().unwrap()]);
    let signature = &report["signatures"][0];
    assert_eq!(signature["signer"], "Zoë Łukasiewicz-Ødegård Analytics");
    assert!(signature["reason"].as_str().unwrap().starts_with(&format!("Minutes of the management review {review} (")), "{signature}");
    assert!(signature["reason"].as_str().unwrap().contains("version"), "{signature}");
    assert_eq!(signature["location"], "Ærø, Denmark");

    // The block is on the last page, under the signature field's widget.
    let pages: usize = run("pdfinfo", &[minutes.to_str().unwrap()]).lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    let last = run("pdftotext", &["-enc", "UTF-8", "-f", &pages.to_string(), "-l", &pages.to_string(), minutes.to_str().unwrap(), "-"]);
    for wanted in ["Electronic signature", "Signed by Zoë Łukasiewicz-Ødegård Analytics on 2027-03-01 09:00 UTC", &fingerprint[..47], &fingerprint[48..], "pdfsig", "quorum verify"] {
        assert!(last.contains(wanted), "{wanted:?} not on the last page: {last}");
    }
    let qpdf = run("qpdf", &["--show-npages", minutes.to_str().unwrap()]);
    assert_eq!(qpdf.trim(), pages.to_string());
    let widget = run("python3", &["-c", &format!(
        "import pikepdf\npdf = pikepdf.open({:?})\nfor i, page in enumerate(pdf.pages):\n    for a in page.get('/Annots', []):\n        if a.get('/FT') == '/Sig':\n            print(i + 1, [float(x) for x in a.Rect])",
        minutes.to_str().unwrap()
    )]);
    let (page, rect) = widget.trim().split_once(' ').unwrap_or_else(|| panic!("no signature widget: {widget}"));
    assert_eq!(page, pages.to_string(), "{widget}");
    assert!(!rect.starts_with("[0.0, 0.0, 0.0, 0.0]"), "the widget is invisible: {widget}");
    let pdfsig = run("pdfsig", &[minutes.to_str().unwrap()]);
    assert!(pdfsig.contains("Signature is Valid.") && pdfsig.contains("Total document signed"), "{pdfsig}");
}

#[test]
fn identity_import_refuses_what_cannot_sign_and_says_why() {
    let workspace = Workspace::with_store();
    let make = |name: &str, key: &[&str], extra: &[&str]| -> PathBuf {
        let (k, c, p) = (workspace.path(&format!("{name}.key")), workspace.path(&format!("{name}.pem")), workspace.path(&format!("{name}.p12")));
        let mut args = vec!["req", "-x509", "-newkey"];
        args.extend(key);
        args.extend(["-nodes", "-keyout", k.to_str().unwrap(), "-out", c.to_str().unwrap(), "-days", "400", "-subj", "/CN=Signer"]);
        args.extend(extra);
        let out = Process::new("openssl").args(&args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let out = Process::new("openssl").args(["pkcs12", "-export", "-inkey", k.to_str().unwrap(), "-in", c.to_str().unwrap(), "-out", p.to_str().unwrap(), "-passout", "pass:"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        p
    };
    let p256 = ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"];
    let good = make("good", &p256, &[]);
    // openssl dates certificates by the real clock; the refusals move "now" far off it.
    let import = |file: &Path, now: &str| workspace.quorum(&["identity", "import", file.to_str().unwrap()]).env("QUORUM_NOW", now).assert();
    import(&good, "2200-01-01T00:00:00Z").code(2).stderr(contains("the certificate expired on"));
    import(&good, "2000-01-01T00:00:00Z").code(2).stderr(contains("the certificate is valid only from"));
    let encipher_only = make("encipher", &p256, &["-addext", "keyUsage=critical,keyAgreement"]);
    workspace
        .quorum(&["identity", "import", encipher_only.to_str().unwrap()])
        .env_remove("QUORUM_NOW")
        .assert()
        .code(2)
        .stderr(contains("does not include digitalSignature"));
    let p384 = make("p384", &["ec", "-pkeyopt", "ec_paramgen_curve:P-384"], &[]);
    workspace.quorum(&["identity", "import", p384.to_str().unwrap()]).env_remove("QUORUM_NOW").assert().code(2).stderr(contains("ECDSA P-384")).stderr(contains("ECDSA P-256 or RSA"));
    workspace.quorum(&["identity", "show"]).assert().success().stdout(contains("No signing identity yet"));
}

/// The throwaway TSA (tests/interop/tsa.py), killed when dropped.
struct Tsa {
    child: Child,
    url: String,
    root: PathBuf,
}

impl Tsa {
    fn start(dir: &Path) -> Tsa {
        let mut child = Process::new("python3")
            .arg(repo().join("tests/interop/tsa.py"))
            .arg(dir)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 and openssl run the test TSA");
        let mut url = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut url).unwrap();
        assert!(url.starts_with("http://127.0.0.1:"), "the TSA did not start: {url:?}");
        Tsa { child, url: url.trim().to_owned(), root: dir.join("ca.pem") }
    }
}

impl Drop for Tsa {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn pyhanko(pdf: &Path, trusted: &Path) -> Vec<serde_json::Value> {
    let out = Process::new("python3").arg(repo().join("tests/interop/pdf_signatures.py")).args(["validate", pdf.to_str().unwrap(), trusted.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "pyHanko: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn timestamps_from_a_tsa_hold_for_quorum_and_pyhanko() {
    let (workspace, minutes, fingerprint) = sealed("Northwind Analytics Ltd");
    let tsa_dir = workspace.path("tsa");
    std::fs::create_dir(&tsa_dir).unwrap();
    let tsa = Tsa::start(&tsa_dir);

    // An export made offline (B-B) gets a document timestamp later. A self-signed seal
    // names no CRL or OCSP responder: nothing fetched, nothing said, its certificate in the
    // /DSS once.
    let (code, done) = workspace.json(&["timestamp", minutes.to_str().unwrap(), "--tsa", &tsa.url]);
    assert_eq!((code, &done["revocation"]), (0, &serde_json::Value::Null), "{done}");
    assert_eq!(dss_certs(&minutes), "1");
    let (code, report) = workspace.json(&["verify", minutes.to_str().unwrap(), "--fingerprint", &fingerprint]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["signatures"][1]["documentTimestamp"], true);
    assert!(report["signatures"][1]["timestamp"]["authority"].as_str().unwrap().contains("Quorum Test TSA"), "{report}");
    assert_eq!(report["signatures"][0]["changedAfter"], serde_json::json!([]));
    let seen = pyhanko(&minutes, &tsa.root);
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!((&seen[1]["kind"], &seen[1]["valid"], &seen[1]["trusted"]), (&serde_json::json!("document_timestamp"), &serde_json::json!(true), &serde_json::json!(true)), "{seen:?}");
    assert_eq!(seen[0]["intact"], true, "{seen:?}");
    let pdfsig = run("pdfsig", &[minutes.to_str().unwrap()]);
    assert!(pdfsig.contains("Signature is Valid.") && !pdfsig.contains("Digest Mismatch"), "{pdfsig}");

    // With the TSA in the settings, the signature itself carries the timestamp (B-T).
    workspace.quorum(&["identity", "settings", "--tsa-url", &tsa.url]).assert().success();
    let review: String = workspace.open().conn().query_row("SELECT reference FROM evidence e JOIN reviews r ON r.id = e.review_id ORDER BY r.starts_at DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    let pack = workspace.path("pack.pdf");
    let (code, summary) = workspace.json(&["export", "pack", &review, "--out", pack.to_str().unwrap(), "--sign"]);
    assert_eq!(code, 0, "{summary}");
    assert!(summary["timestamp"].as_str().unwrap().starts_with("timestamped by"), "{summary}");
    // A self-signed seal names no CRL or OCSP responder: nothing to fetch, nothing said.
    assert_eq!(summary["revocation"], serde_json::Value::Null, "{summary}");
    let (_, report) = workspace.json(&["verify", pack.to_str().unwrap(), "--fingerprint", &fingerprint]);
    assert!(report["signatures"][0]["timestamp"]["authority"].as_str().unwrap().contains("Quorum Test TSA"), "{report}");
    let seen = pyhanko(&pack, &tsa.root);
    assert_eq!(seen[0]["timestamp"]["valid"], true, "{seen:?}");
    assert_eq!(seen[0]["timestamp"]["trusted"], true, "{seen:?}");
    assert_eq!(seen[0]["intact"], true, "{seen:?}");
    let pdfsig = run("pdfsig", &[pack.to_str().unwrap()]);
    assert!(pdfsig.contains("Signature is Valid.") && pdfsig.contains("Total document signed"), "{pdfsig}");
    assert_eq!(dss_certs(&pack), "1", "the seal's certificate in /DSS");

    // The authority unreachable: still signed (B-B), and the summary says why.
    drop(tsa);
    let offline = workspace.path("offline.pdf");
    let (code, summary) = workspace.json(&["export", "pack", &review, "--out", offline.to_str().unwrap(), "--sign"]);
    assert_eq!(code, 0, "{summary}");
    assert!(summary["timestamp"].as_str().unwrap().starts_with("not timestamped"), "{summary}");
    workspace.quorum(&["verify", offline.to_str().unwrap(), "--fingerprint", &fingerprint]).assert().success().stdout(contains("no timestamp"));
}

/// The throwaway CA that publishes a CRL and answers OCSP (tests/interop/ca.py), killed
/// when dropped; `dir` holds root.pem, signer.pem, signer.p12 and requests.log.
struct Ca {
    child: Child,
    dir: PathBuf,
}

impl Ca {
    fn start(dir: &Path, flags: &[&str]) -> Ca {
        std::fs::create_dir(dir).unwrap();
        let mut child = Process::new("python3")
            .arg(repo().join("tests/interop/ca.py"))
            .arg(dir)
            .args(flags)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 and openssl run the test CA");
        let mut base = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut base).unwrap();
        assert!(base.starts_with("http://127.0.0.1:"), "the CA did not start: {base:?}");
        Ca { child, dir: dir.to_owned() }
    }

    fn file(&self, name: &str) -> String {
        self.dir.join(name).to_str().unwrap().to_owned()
    }

    /// What the CA was asked, "METHOD PATH" a line.
    fn requests(&self) -> String {
        std::fs::read_to_string(self.dir.join("requests.log")).unwrap_or_default()
    }
}

impl Drop for Ca {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A demo store signing with the CA's PKCS#12 identity, and its latest reviewed meeting.
fn issued(ca: &Ca) -> (Workspace, String) {
    let workspace = Workspace::new();
    workspace.quorum(&["demo", "--key", "passphrase", "--org", "Northwind Analytics Ltd"]).assert().success();
    workspace.quorum(&["identity", "import", &ca.file("signer.p12")]).env("QUORUM_P12_PASSWORD", "").assert().success();
    let review: String = workspace.open().conn().query_row("SELECT reference FROM reviews WHERE status IN ('held', 'minutes_drafted', 'approved') ORDER BY starts_at DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    (workspace, review)
}

/// The /DSS's CRLs and OCSP responses, each written to a file beside `pdf` (DER).
fn dss_revocation(pdf: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let listed = run("python3", &["-c", &format!(
        "import pikepdf\npdf = pikepdf.open({p:?})\nfor key in ('CRLs', 'OCSPs'):\n    for i, s in enumerate(pdf.Root.DSS.get('/' + key, [])):\n        path = {p:?} + f'.{{key}}{{i}}.der'\n        open(path, 'wb').write(s.read_bytes())\n        print(key, path)",
        p = pdf.to_str().unwrap()
    )]);
    let of = |key: &str| listed.lines().filter_map(|l| l.strip_prefix(key)).map(|p| PathBuf::from(p.trim())).collect::<Vec<_>>();
    (of("CRLs "), of("OCSPs "))
}

#[test]
fn revocation_data_the_chain_names_goes_into_the_dss_and_pyhanko_relies_on_it() {
    let scratch = tempfile::tempdir().unwrap();
    let ca = Ca::start(&scratch.path().join("ca"), &[]);
    let (workspace, review) = issued(&ca);

    // Offline (no time-stamping authority set): signed, and no request leaves the machine.
    let offline = workspace.path("offline.pdf");
    let (code, summary) = workspace.json(&["export", "minutes", &review, "--out", offline.to_str().unwrap(), "--sign"]);
    assert_eq!((code, &summary["revocation"]), (0, &serde_json::Value::Null), "{summary}");
    assert_eq!(ca.requests(), "", "nothing fetched while network use is off");

    let tsa_dir = workspace.path("tsa");
    std::fs::create_dir(&tsa_dir).unwrap();
    let tsa = Tsa::start(&tsa_dir);
    workspace.quorum(&["identity", "settings", "--tsa-url", &tsa.url]).assert().success();
    let minutes = workspace.path("minutes.pdf");
    workspace
        .quorum(&["export", "minutes", &review, "--out", minutes.to_str().unwrap(), "--sign"])
        .assert()
        .success()
        .stdout(contains("Revocation data: 1 CRL and 1 OCSP response in the file (PAdES B-LT)"));
    assert_eq!(ca.requests(), "GET /ca.crl\nPOST /ocsp\n");

    // The /DSS holds them, and openssl reads them: the CA's CRL, its signed "good" answer.
    let (crls, ocsps) = dss_revocation(&minutes);
    assert_eq!((crls.len(), ocsps.len()), (1, 1), "{crls:?} {ocsps:?}");
    let crl = run("openssl", &["crl", "-inform", "DER", "-in", crls[0].to_str().unwrap(), "-noout", "-issuer"]);
    assert!(crl.contains("Quorum Test Root CA"), "{crl}");
    let root = ca.file("root.pem");
    let ocsp = run("openssl", &["ocsp", "-respin", ocsps[0].to_str().unwrap(), "-CAfile", &root, "-issuer", &root, "-cert", &ca.file("signer.pem")]);
    assert!(ocsp.contains("Response verify OK") && ocsp.contains("signer.pem: good"), "{ocsp}");

    // Still one signature over the whole file, valid for poppler and for Quorum.
    let pdfsig = run("pdfsig", &[minutes.to_str().unwrap()]);
    assert!(pdfsig.contains("Signature is Valid.") && pdfsig.contains("Total document signed"), "{pdfsig}");
    workspace.quorum(&["verify", minutes.to_str().unwrap(), "--cert", &ca.file("signer.pem")]).assert().success();

    // pyHanko, revocation checking required and fetching off: trusted with the file's data,
    // untrusted without it.
    let out = Process::new("python3").arg(repo().join("tests/interop/pdf_signatures.py")).args(["revocation", minutes.to_str().unwrap(), &root, tsa.root.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "pyHanko: {}", String::from_utf8_lossy(&out.stderr));
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((&seen["with_dss"]["trusted"], &seen["with_dss"]["revoked"]), (&serde_json::json!(true), &serde_json::json!(false)), "{seen}");
    assert!(seen["with_dss"]["summary"].as_str().unwrap().contains("TIMESTAMP_TOKEN<INTACT:TRUSTED>"), "{seen}");
    assert_eq!(seen["without"]["trusted"], false, "the data in the file is what pyHanko relied on: {seen}");
}

#[test]
fn an_unreachable_crl_still_signs_and_says_what_is_missing_and_a_revoked_certificate_signs_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let ca = Ca::start(&scratch.path().join("dead"), &["--dead-crl"]);
    let (workspace, review) = issued(&ca);
    let tsa_dir = workspace.path("tsa");
    std::fs::create_dir(&tsa_dir).unwrap();
    let tsa = Tsa::start(&tsa_dir);
    workspace.quorum(&["identity", "settings", "--tsa-url", &tsa.url]).assert().success();
    let minutes = workspace.path("minutes.pdf");
    let (code, summary) = workspace.json(&["export", "minutes", &review, "--out", minutes.to_str().unwrap(), "--sign"]);
    assert_eq!(code, 0, "{summary}");
    assert!(summary["timestamp"].as_str().unwrap().starts_with("timestamped by"), "{summary}");
    let revocation = summary["revocation"].as_str().unwrap();
    assert!(revocation.starts_with("1 OCSP response in the file"), "{revocation}");
    assert!(revocation.contains("not fetched: the CRL for O=Northwind Analytics Ltd,CN=Ana Lead from http://127.0.0.1:"), "{revocation}");
    assert!(revocation.contains("Check the network"), "{revocation}");
    assert_eq!(dss_revocation(&minutes).0.len(), 0);
    let pdfsig = run("pdfsig", &[minutes.to_str().unwrap()]);
    assert!(pdfsig.contains("Signature is Valid.") && pdfsig.contains("Total document signed"), "{pdfsig}");

    // A certificate its CA revoked: nothing is signed, and the error says why.
    let revoked = Ca::start(&scratch.path().join("revoked"), &["--revoked"]);
    workspace.quorum(&["identity", "import", &revoked.file("signer.p12"), "--replace"]).env("QUORUM_P12_PASSWORD", "").assert().success();
    let refused = workspace.path("refused.pdf");
    workspace
        .quorum(&["export", "minutes", &review, "--out", refused.to_str().unwrap(), "--sign"])
        .assert()
        .code(2)
        .stderr(contains("as revoked on"))
        .stderr(contains("nothing is signed with a revoked certificate"));
    assert!(!refused.exists());
}

/// A demo store whose minutes are signed with the CA's identity while no time-stamping
/// authority is set (B-B, no revocation data, no request), and then the TSA set.
fn signed_offline(ca: &Ca, workspace: &Workspace, review: &str, name: &str) -> PathBuf {
    let minutes = workspace.path(name);
    let (code, summary) = workspace.json(&["export", "minutes", review, "--out", minutes.to_str().unwrap(), "--sign"]);
    assert_eq!((code, &summary["timestamp"], &summary["revocation"]), (0, &serde_json::Value::Null, &serde_json::Value::Null), "{summary}");
    assert_eq!(dss_revocation(&minutes), (vec![], vec![]), "no revocation data offline");
    assert_eq!(ca.requests(), "", "nothing fetched while network use is off");
    minutes
}

/// pdfsig on a signature followed by a document timestamp: the signature valid, the
/// timestamp over the whole file. (Poppler cannot check an ETSI.RFC3161 token: "Unable to
/// validate this type of signature"; Quorum and pyHanko check it.)
fn pdfsig_signed_then_stamped(pdf: &Path) {
    let pdfsig = run("pdfsig", &[pdf.to_str().unwrap()]);
    let (signature, stamp) = pdfsig.split_once("Signature #2:").unwrap_or_else(|| panic!("{pdfsig}"));
    assert!(signature.contains("Signature is Valid."), "{pdfsig}");
    assert!(stamp.contains("Total document signed") && !pdfsig.contains("Digest Mismatch"), "{pdfsig}");
}

fn dss_certs(pdf: &Path) -> String {
    run("python3", &["-c", &format!("import pikepdf\npdf = pikepdf.open({:?})\nprint(len(pdf.Root.DSS.Certs))", pdf.to_str().unwrap())]).trim().to_owned()
}

#[test]
fn quorum_timestamp_upgrades_an_export_signed_offline_to_long_term_data() {
    let scratch = tempfile::tempdir().unwrap();
    let ca = Ca::start(&scratch.path().join("ca"), &[]);
    let (workspace, review) = issued(&ca);
    let minutes = signed_offline(&ca, &workspace, &review, "minutes.pdf");
    assert_eq!(dss_certs(&minutes), "2", "the signer's certificate and the root, from signing");

    // Online: the document timestamp and, in the same update, the CRL and OCSP response the
    // signature's certificate names.
    let tsa_dir = workspace.path("tsa");
    std::fs::create_dir(&tsa_dir).unwrap();
    let tsa = Tsa::start(&tsa_dir);
    workspace.quorum(&["identity", "settings", "--tsa-url", &tsa.url]).assert().success();
    workspace
        .quorum(&["timestamp", minutes.to_str().unwrap()])
        .assert()
        .success()
        .stdout(contains("Added a document timestamp"))
        .stdout(contains("Revocation data: 1 CRL and 1 OCSP response in the file (PAdES B-LT)"));
    assert_eq!(ca.requests(), "GET /ca.crl\nPOST /ocsp\n");
    let (crls, ocsps) = dss_revocation(&minutes);
    assert_eq!((crls.len(), ocsps.len()), (1, 1), "{crls:?} {ocsps:?}");
    assert_eq!(dss_certs(&minutes), "2", "certificates already in the /DSS are not added twice");
    let root = ca.file("root.pem");
    let ocsp = run("openssl", &["ocsp", "-respin", ocsps[0].to_str().unwrap(), "-CAfile", &root, "-issuer", &root, "-cert", &ca.file("signer.pem")]);
    assert!(ocsp.contains("Response verify OK") && ocsp.contains("signer.pem: good"), "{ocsp}");

    // The timestamp covers the data: it is in the last revision, whose end the timestamp's
    // byte range reaches; the signature before it is untouched.
    let (code, report) = workspace.json(&["verify", minutes.to_str().unwrap(), "--cert", &ca.file("signer.pem")]);
    assert_eq!(code, 0, "{report}");
    assert_eq!((&report["signatures"][1]["documentTimestamp"], &report["signatures"][1]["wholeDocument"]), (&serde_json::json!(true), &serde_json::json!(true)), "{report}");
    assert_eq!(report["signatures"][0]["changedAfter"], serde_json::json!([]), "{report}");
    pdfsig_signed_then_stamped(&minutes);

    // pyHanko, revocation checking required and fetching off: trusted with the file's data,
    // untrusted without it.
    let out = Process::new("python3").arg(repo().join("tests/interop/pdf_signatures.py")).args(["revocation", minutes.to_str().unwrap(), &root, tsa.root.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "pyHanko: {}", String::from_utf8_lossy(&out.stderr));
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((&seen["with_dss"]["trusted"], &seen["with_dss"]["revoked"]), (&serde_json::json!(true), &serde_json::json!(false)), "{seen}");
    assert_eq!(seen["without"]["trusted"], false, "the data in the file is what pyHanko relied on: {seen}");
    let seen = pyhanko(&minutes, &tsa.root);
    assert_eq!((&seen[1]["kind"], &seen[1]["valid"], &seen[1]["trusted"]), (&serde_json::json!("document_timestamp"), &serde_json::json!(true), &serde_json::json!(true)), "{seen:?}");
}

#[test]
fn quorum_timestamp_names_what_it_could_not_fetch_and_keeps_a_revocation_as_evidence() {
    let scratch = tempfile::tempdir().unwrap();
    let dead = Ca::start(&scratch.path().join("dead"), &["--dead-crl"]);
    let (workspace, review) = issued(&dead);
    let unreachable = signed_offline(&dead, &workspace, &review, "unreachable.pdf");
    // Signed before its CA revoked it, as far as Quorum knew: offline, nothing was asked.
    let revoked_ca = Ca::start(&scratch.path().join("revoked"), &["--revoked"]);
    workspace.quorum(&["identity", "import", &revoked_ca.file("signer.p12"), "--replace"]).env("QUORUM_P12_PASSWORD", "").assert().success();
    let revoked = signed_offline(&revoked_ca, &workspace, &review, "revoked.pdf");
    let tsa_dir = workspace.path("tsa");
    std::fs::create_dir(&tsa_dir).unwrap();
    let tsa = Tsa::start(&tsa_dir);
    workspace.quorum(&["identity", "settings", "--tsa-url", &tsa.url]).assert().success();

    // The CRL's address is dead: timestamped with the OCSP response, and the CRL named.
    let (code, done) = workspace.json(&["timestamp", unreachable.to_str().unwrap()]);
    assert_eq!(code, 0, "{done}");
    let line = done["revocation"].as_str().unwrap();
    assert!(line.starts_with("1 OCSP response in the file"), "{line}");
    assert!(line.contains("not fetched: the CRL for O=Northwind Analytics Ltd,CN=Ana Lead from http://127.0.0.1:"), "{line}");
    assert!(line.contains("run `quorum timestamp` again"), "{line}");
    assert_eq!(dss_revocation(&unreachable).0.len(), 0);
    assert_eq!(dss_revocation(&unreachable).1.len(), 1);

    // Revoked since: still timestamped, both replies kept as evidence, and the output says
    // the certificate is revoked and since when.
    let out = workspace.quorum(&["timestamp", revoked.to_str().unwrap()]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("Revocation data: 1 CRL and 1 OCSP response in the file"), "{text}");
    assert!(text.contains("REVOKED: the CRL at http://127.0.0.1:") && text.contains("lists the certificate O=Northwind Analytics Ltd,CN=Ana Lead as revoked on"), "{text}");
    assert!(text.contains("says the certificate O=Northwind Analytics Ltd,CN=Ana Lead was revoked on"), "{text}");
    assert!(text.contains("kept in the file as evidence"), "{text}");
    let (crls, ocsps) = dss_revocation(&revoked);
    assert_eq!((crls.len(), ocsps.len()), (1, 1));
    let ocsp = run("openssl", &["ocsp", "-respin", ocsps[0].to_str().unwrap(), "-CAfile", &revoked_ca.file("root.pem"), "-issuer", &revoked_ca.file("root.pem"), "-cert", &revoked_ca.file("signer.pem")]);
    assert!(ocsp.contains("Response verify OK") && ocsp.contains("signer.pem: revoked"), "{ocsp}");
    pdfsig_signed_then_stamped(&unreachable);
    pdfsig_signed_then_stamped(&revoked);
}
