//! Integration tests: the PDF checked with independent tools (poppler-utils, qpdf,
//! openssl). A missing tool fails the test; nothing is skipped.

#[path = "../common/sample.rs"]
mod sample;
mod verification;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use quorum_pdf::*;

/// Runs a tool and returns (success, stdout + stderr). Panics if the tool is missing.
fn tool(name: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is required for this test and could not be run ({e}): apt-get install poppler-utils qpdf openssl")
    });
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn rendered() -> &'static RenderedPdf {
    static R: OnceLock<RenderedPdf> = OnceLock::new();
    R.get_or_init(|| sample::sample_document().render().expect("sample renders"))
}

fn identity() -> &'static SigningIdentity {
    static I: OnceLock<SigningIdentity> = OnceLock::new();
    I.get_or_init(|| SigningIdentity::generate("Zoë Müller", "Example Organisation Ltd", sample::now()).unwrap())
}

fn info() -> SignatureInfo {
    SignatureInfo { signer_name: "Zoë Müller".into(), reason: "Approval of the document".into(), location: "Łódź".into(), contact_info: "isms@example.org".into(), signing_time: sample::now(), field: None }
}

fn signed() -> &'static Vec<u8> {
    static S: OnceLock<Vec<u8>> = OnceLock::new();
    S.get_or_init(|| sign_pdf(&rendered().bytes, identity(), &info()).unwrap())
}

fn page_text(path: &Path, page: usize) -> String {
    let p = page.to_string();
    let (ok, text) = tool("pdftotext", &["-f", &p, "-l", &p, path.to_str().unwrap(), "-"]);
    assert!(ok, "pdftotext failed: {text}");
    text
}

#[test]
fn text_extracts_in_reading_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "s.pdf", &rendered().bytes);
    let (ok, text) = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    assert!(ok, "{text}");
    assert!(text.contains(sample::NAMES), "non-ASCII names missing");
    let mut last = 0;
    for h in &rendered().headings {
        let pos = text[last..].find(&h.text).unwrap_or_else(|| panic!("heading {:?} missing or out of order", h.text));
        last += pos;
    }
    for r in 1..=60 {
        assert!(text.contains(&format!("R-{r:03}")), "cell R-{r:03} missing");
    }
    for cell in ["DOC-2026-001", "Łukasz Šťastný", "Corrections after review by the custodian; table", "Approved by", "In progress"] {
        assert!(text.contains(cell), "{cell:?} missing");
    }
    // Page numbers in the footer.
    let n = rendered().page_count;
    assert!(n >= 25, "sample has only {n} pages");
    assert!(text.contains(&format!("Page {n} of {n}")));
    // Page references resolved.
    assert!(!text.contains("{{page:"));
}

#[test]
fn fonts_are_embedded_subsets_with_unicode_maps() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "s.pdf", &rendered().bytes);
    let (ok, text) = tool("pdffonts", &[path.to_str().unwrap()]);
    assert!(ok, "{text}");
    let rows: Vec<&str> = text.lines().filter(|l| l.contains("+DejaVuSans")).collect();
    assert_eq!(rows.len(), 2, "{text}");
    for r in rows {
        assert!(r.contains("Identity-H       yes yes yes"), "not embedded/subset/unicode: {r}");
    }
    assert!(rendered().bytes.len() < 300_000, "{} bytes: fonts not subset?", rendered().bytes.len());
}

#[test]
fn qpdf_check_passes_unsigned_and_signed() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [("u.pdf", &rendered().bytes), ("s.pdf", signed())] {
        let path = write(dir.path(), name, bytes);
        let (ok, text) = tool("qpdf", &["--check", path.to_str().unwrap()]);
        assert!(ok, "qpdf --check {name}: {text}");
        assert!(text.contains("No syntax or stream encoding errors"), "{text}");
    }
}

#[test]
fn long_table_repeats_header_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "s.pdf", &rendered().bytes);
    let mut table_pages = 0;
    for page in 1..=rendered().page_count {
        let text = page_text(&path, page);
        let Some(first_row) = text.find("R-0") else { continue };
        table_pages += 1;
        let header = text.find("Description").unwrap_or_else(|| panic!("page {page}: header row missing"));
        assert!(header < first_row, "page {page}: header not above the rows");
        assert!(text.contains("Owner") && text.contains("Status"), "page {page}: header incomplete");
    }
    assert!(table_pages >= 3, "the 60-row table should span pages, spans {table_pages}");
}

#[test]
fn headings_are_never_alone_at_the_bottom() {
    let doc = sample::sample_document();
    let bottom = doc.margins.bottom * 72.0 / 25.4;
    for h in &rendered().headings {
        assert!(h.y - bottom > 50.0, "heading {:?} sits at the page bottom (y = {})", h.text, h.y);
    }
    // A heading preceded by enough text to land at the bottom moves to the next page.
    let mut d = Document::new("keep");
    for _ in 0..44 {
        d.paragraph("x");
    }
    d.heading(1, "Kept with next", None);
    d.paragraph("Body under the heading.");
    let r = d.render().unwrap();
    let h = &r.headings[0];
    assert!(h.page == 1 && h.y - bottom > 50.0 || h.page == 2, "{h:?}");
}

#[test]
fn a_heading_and_its_short_introduction_stay_with_the_table_they_introduce() {
    let dir = tempfile::tempdir().unwrap();
    // Wherever the filler leaves the heading, the table's header row is on its page.
    for filler in (30..48).step_by(3) {
        let mut d = Document::new("keep");
        for _ in 0..filler {
            d.paragraph("x");
        }
        d.heading(2, "Traceability heading", None);
        d.paragraph("One line introducing the table below.");
        d.table(Table { columns: vec![Column::new("Matrix column", 1.0), Column::new("Second", 1.0)], rows: vec![vec!["a".into(), "b".into()]; 3] });
        let r = d.render().unwrap();
        let page = r.headings[0].page;
        let path = write(dir.path(), &format!("k{filler}.pdf"), &r.bytes);
        let text = page_text(&path, page);
        assert!(text.contains("Matrix column"), "filler {filler}: the heading on page {page} is parted from its table:\n{text}");
    }
}

#[test]
fn pdfsig_says_valid_and_whole_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "s.pdf", signed());
    let (_, text) = tool("pdfsig", &[path.to_str().unwrap()]);
    assert!(text.contains("Signature is Valid."), "{text}");
    assert!(text.contains("Total document signed"), "{text}");
    assert!(text.contains("ETSI.CAdES.detached"), "{text}");
    let report = verify_pdf(signed()).unwrap();
    assert_eq!(report.signatures.len(), 1);
    let s = &report.signatures[0];
    assert!(s.whole_document && report.whole_document_signed());
    assert_eq!(s.signer_name, "Zoë Müller");
    assert_eq!(s.location, "Łódź");
    assert_eq!(s.certificate_fingerprint_sha256, identity().fingerprint_sha256());
    assert_eq!(s.signing_time.as_deref(), Some("D:20261123093000+00'00'"));
}

/// Replaces the digit at or after `from` with another digit; returns its position.
fn flip_digit(bytes: &mut [u8], from: usize) -> usize {
    let p = from + bytes[from..].iter().position(u8::is_ascii_digit).unwrap();
    bytes[p] = if bytes[p] == b'1' { b'2' } else { b'1' };
    p
}

#[test]
fn any_changed_byte_breaks_the_signature() {
    let dir = tempfile::tempdir().unwrap();
    let br = verify_pdf(signed()).unwrap().signatures[0].byte_range;
    let stream_pos = signed().windows(6).position(|w| w == b"stream").unwrap();
    let positions = [
        ("inside a stream in the first range", stream_pos + 40, false),
        ("a digit in the first range", br[1] / 2, true),
        ("a digit in the second range (/M)", br[2] + 2, true),
        ("a digit in the xref of the update", br[2] + br[3] - 200, true),
    ];
    for (what, pos, digit) in positions {
        let mut bytes = signed().clone();
        let at = if digit {
            flip_digit(&mut bytes, pos)
        } else {
            bytes[pos] ^= 0x01;
            pos
        };
        let path = write(dir.path(), "t.pdf", &bytes);
        let (_, text) = tool("pdfsig", &[path.to_str().unwrap()]);
        assert!(!text.contains("Signature is Valid."), "{what} (byte {at}): pdfsig still says valid:\n{text}");
        let err = verify_pdf(&bytes).expect_err(what);
        eprintln!("{what}: pdfsig: {:?}; verify_pdf: {err}", text.lines().find(|l| l.contains("Validation")));
    }
    // A changed byte inside /Contents breaks the CMS.
    let mut bytes = signed().clone();
    bytes[br[1] + 200] = if bytes[br[1] + 200] == b'A' { b'B' } else { b'A' };
    assert!(verify_pdf(&bytes).is_err());
}

#[test]
fn bytes_appended_after_signing_are_reported() {
    let mut bytes = signed().clone();
    bytes.extend_from_slice(b"\n% appended\n");
    let report = verify_pdf(&bytes).unwrap();
    assert!(!report.whole_document_signed());
    assert!(matches!(verify_pdf(&rendered().bytes), Err(Error::NotSigned)));
}

#[test]
fn second_signature_keeps_the_first_valid() {
    let dir = tempfile::tempdir().unwrap();
    let other = SigningIdentity::generate("Ægir Ørsted", "Example Organisation Ltd", sample::now()).unwrap();
    let twice = sign_pdf(signed(), &other, &SignatureInfo { signer_name: "Ægir Ørsted".into(), ..info() }).unwrap();
    let report = verify_pdf(&twice).unwrap();
    assert_eq!(report.signatures.len(), 2);
    assert!(!report.signatures[0].whole_document);
    assert!(report.signatures[1].whole_document);
    let path = write(dir.path(), "twice.pdf", &twice);
    let (_, text) = tool("pdfsig", &[path.to_str().unwrap()]);
    assert_eq!(text.matches("Signature is Valid.").count(), 2, "{text}");
    let (ok, text) = tool("qpdf", &["--check", path.to_str().unwrap()]);
    assert!(ok, "{text}");
}

#[test]
fn attachments_round_trip_with_pdfdetach() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "s.pdf", signed());
    let (ok, list) = tool("pdfdetach", &["-list", path.to_str().unwrap()]);
    assert!(ok, "{list}");
    assert!(list.contains("3 embedded files"), "{list}");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let (ok, text) = tool("pdfdetach", &["-saveall", "-o", out.to_str().unwrap(), path.to_str().unwrap()]);
    assert!(ok, "{text}");
    for a in &sample::sample_document().attachments {
        assert!(list.contains(&a.name), "{} not listed: {list}", a.name);
        let got = std::fs::read(out.join(&a.name)).unwrap_or_else(|e| panic!("{} not saved: {e}", a.name));
        assert_eq!(got, a.bytes, "{} differs", a.name);
    }
    // quorum-pdf reads the same files back from the signed file (incremental update included).
    let read = quorum_pdf::embedded_files(signed()).unwrap();
    assert_eq!(read.len(), sample::sample_document().attachments.len());
    for a in &sample::sample_document().attachments {
        let got = read.iter().find(|r| r.name == a.name).unwrap_or_else(|| panic!("{} not read back", a.name));
        assert_eq!(got.bytes, a.bytes, "{} differs", a.name);
        assert_eq!(got.media_type, a.media_type);
    }
    // Duplicate names are refused.
    let mut d = Document::new("dup");
    let a = Attachment { name: "a.txt".into(), media_type: "text/plain".into(), description: String::new(), bytes: vec![1], relationship: Relationship::Supplement };
    d.attach(a.clone()).attach(a);
    assert!(matches!(d.render(), Err(Error::DuplicateAttachment(_))));
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").current_dir(dir).args(args).output().expect("openssl is required for this test");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn p12_round_trip(dir: &Path, keygen: &[&str], key_type: &str) {
    openssl(dir, keygen);
    openssl(dir, &["req", "-new", "-x509", "-key", "key.pem", "-out", "cert.pem", "-days", "30", "-subj", "/CN=Imported Signer/O=Example"]);
    openssl(dir, &["pkcs12", "-export", "-inkey", "key.pem", "-in", "cert.pem", "-out", "id.p12", "-passout", "pass:s3cret"]);
    let p12 = std::fs::read(dir.join("id.p12")).unwrap();
    let id = SigningIdentity::from_pkcs12(&p12, "s3cret").unwrap();
    assert_eq!(id.key_type(), key_type);
    assert!(id.subject().contains("CN=Imported Signer"));
    assert!(matches!(SigningIdentity::from_pkcs12(&p12, "wrong"), Err(Error::Pkcs12(_))));
    let signed = sign_pdf(&rendered().bytes, &id, &info()).unwrap();
    let report = verify_pdf(&signed).unwrap();
    assert_eq!(report.signatures[0].certificate_fingerprint_sha256, id.fingerprint_sha256());
    let path = write(dir, "p12.pdf", &signed);
    let (_, text) = tool("pdfsig", &[path.to_str().unwrap()]);
    assert!(text.contains("Signature is Valid.") && text.contains("Total document signed"), "{text}");
    // The openssl fingerprint agrees with ours.
    let out = Command::new("openssl").current_dir(dir).args(["x509", "-in", "cert.pem", "-noout", "-fingerprint", "-sha256"]).output().unwrap();
    let fp = String::from_utf8_lossy(&out.stdout);
    assert!(fp.trim().ends_with(&id.fingerprint_sha256()), "{fp} vs {}", id.fingerprint_sha256());
}

#[test]
fn pkcs12_p256_import_signs() {
    let dir = tempfile::tempdir().unwrap();
    p12_round_trip(dir.path(), &["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem"], "ECDSA P-256");
}

#[test]
fn pkcs12_rsa_import_signs() {
    let dir = tempfile::tempdir().unwrap();
    p12_round_trip(dir.path(), &["genrsa", "-out", "key.pem", "2048"], "RSA 2048");
}

#[test]
fn identity_parts_round_trip() {
    let id = identity();
    let again = SigningIdentity::from_parts(&id.to_pkcs8_der().unwrap(), &id.certificate_der(), &[]).unwrap();
    assert_eq!(again.fingerprint_sha256(), id.fingerprint_sha256());
    assert!(id.certificate_pem().starts_with("-----BEGIN CERTIFICATE-----"));
    let other = SigningIdentity::generate("Other", "", sample::now()).unwrap();
    assert!(matches!(SigningIdentity::from_parts(&other.to_pkcs8_der().unwrap(), &id.certificate_der(), &[]), Err(Error::Identity(_))));
    // openssl reads the certificate.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "c.pem", id.certificate_pem().as_bytes());
    let (ok, text) = tool("openssl", &["x509", "-in", dir.path().join("c.pem").to_str().unwrap(), "-noout", "-subject"]);
    assert!(ok && text.contains("Example Organisation Ltd"), "{text}");
}

#[test]
fn us_letter_and_outline() {
    let mut d = sample::sample_document();
    d.page_size = PageSize::Letter;
    d.attachments.clear();
    let r = d.render().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "l.pdf", &r.bytes);
    let (ok, text) = tool("pdfinfo", &[path.to_str().unwrap()]);
    assert!(ok && text.contains("612 x 792 pts (letter)"), "{text}");
    let (ok, text) = tool("qpdf", &["--check", path.to_str().unwrap()]);
    assert!(ok, "{text}");
    let (ok, json) = tool("qpdf", &["--json", "--json-key=outlines", path.to_str().unwrap()]);
    assert!(ok && json.contains("1. Section heading number 1") && json.contains("1.1 Details of section 1"), "{json}");
}

#[test]
fn layout_and_signing_time() {
    // Warm up (font parsing happens once per process), then measure a whole run.
    let _ = sample::sample_document().render().unwrap();
    let t = std::time::Instant::now();
    let r = sample::sample_document().render().unwrap();
    let signed = sign_pdf(&r.bytes, identity(), &info()).unwrap();
    let elapsed = t.elapsed();
    eprintln!("{} pages laid out, written and signed in {elapsed:?} (debug build, dependencies at opt-level 2)", r.page_count);
    assert!(!signed.is_empty());
    assert!(elapsed.as_secs() < 5);
}

#[test]
fn invalid_tables_are_refused() {
    let mut d = Document::new("bad");
    d.table(Table { columns: vec![Column::new("A", 1.0)], rows: vec![vec!["1".into(), "2".into()]] });
    let err = d.render().unwrap_err().to_string();
    assert!(err.contains("row 1 has 2 cells"), "{err}");
}

#[test]
fn renders_pages_for_inspection() {
    // Writes PNGs at 60 dpi to look at (QUORUM_PDF_PNG_DIR, else a temp folder).
    let dir = std::env::var_os("QUORUM_PDF_PNG_DIR").map(PathBuf::from).unwrap_or_else(|| std::env::temp_dir().join("quorum-pdf-png"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = write(&dir, "sample.pdf", signed());
    let (ok, text) = tool("pdftoppm", &["-png", "-r", "60", path.to_str().unwrap(), dir.join("page").to_str().unwrap()]);
    assert!(ok, "{text}");
}

struct Word {
    page: usize,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    text: String,
}

/// Word boxes from `pdftotext -bbox` (points, origin top left).
fn words(path: &Path) -> (f32, f32, Vec<Word>) {
    let (ok, html) = tool("pdftotext", &["-bbox", path.to_str().unwrap(), "-"]);
    assert!(ok, "{html}");
    let attr = |s: &str, k: &str| -> f32 {
        let i = s.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
        s[i..i + s[i..].find('"').unwrap()].parse().unwrap()
    };
    let (mut w, mut h, mut page, mut out) = (0.0, 0.0, 0, Vec::new());
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page") {
            page += 1;
            w = attr(line, "width");
            h = attr(line, "height");
        } else if line.starts_with("<word") {
            let text = line[line.find('>').unwrap() + 1..line.rfind("</word>").unwrap()].to_string();
            out.push(Word { page, x0: attr(line, "xMin"), y0: attr(line, "yMin"), x1: attr(line, "xMax"), y1: attr(line, "yMax"), text });
        }
    }
    (w, h, out)
}

fn assert_inside_and_apart(doc: &Document, bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "b.pdf", bytes);
    let (w, h, words) = words(&path);
    assert!(words.len() > 20, "pdftotext -bbox found only {} words", words.len());
    let mm = 72.0 / 25.4;
    let (left, right) = (doc.margins.left * mm - 0.5, w - doc.margins.right * mm + 0.5);
    for wd in &words {
        assert!(wd.x0 >= left && wd.x1 <= right, "page {}: {:?} runs off the text width ({} .. {})", wd.page, wd.text, wd.x0, wd.x1);
        assert!(wd.y0 >= 0.0 && wd.y1 <= h, "page {}: {:?} runs off the page", wd.page, wd.text);
    }
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            if a.page != b.page {
                continue;
            }
            let ox = a.x1.min(b.x1) - a.x0.max(b.x0);
            let oy = a.y1.min(b.y1) - a.y0.max(b.y0);
            assert!(ox <= 0.5 || oy <= 1.0, "page {}: {:?} overlaps {:?}", a.page, a.text, b.text);
        }
    }
}

#[test]
fn nothing_runs_off_the_page_or_overlaps() {
    assert_inside_and_apart(&sample::sample_document(), &rendered().bytes);
}

#[test]
fn a_row_taller_than_a_page_splits_between_lines() {
    let mut d = Document::new("tall");
    d.header_left = "Org".into();
    let tall: String = (1..=150).map(|i| format!("line {i}\n")).collect();
    d.table(Table {
        columns: vec![Column::new("Key", 1.0), Column::new("Long cell", 3.0)],
        rows: vec![vec!["first".into(), "short".into()], vec!["tall".into(), tall], vec!["after".into(), "end".into()]],
    });
    let r = d.render().unwrap();
    assert!(r.page_count >= 3, "{} pages", r.page_count);
    assert_inside_and_apart(&d, &r.bytes);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "t.pdf", &r.bytes);
    let (_, text) = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    for i in 1..=150 {
        assert!(text.contains(&format!("line {i}\n")), "line {i} lost");
    }
    for page in 1..=r.page_count {
        assert!(page_text(&path, page).contains("Long cell"), "page {page} lacks the header row");
    }
}

/// A document of `rows` table rows under enough text to push the table's tail over a page.
fn table_after_text(rows: usize) -> Document {
    let mut d = Document::new("tail");
    for i in 0..24 {
        d.paragraph(format!("Paragraph {i} before the table."));
    }
    d.table(Table {
        columns: vec![Column::new("Ref", 1.0), Column::new("Description", 4.0)],
        rows: (1..=rows).map(|i| vec![format!("T-{i:03}"), format!("Row {i} of the table")]).collect(),
    });
    d
}

/// The pages and the distance between the first two rows' baselines.
fn pages_and_row_pitch(rows: usize) -> (usize, f32) {
    let r = table_after_text(rows).render().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (_, _, words) = words(&write(dir.path(), "t.pdf", &r.bytes));
    let y = |t: &str| words.iter().find(|w| w.text == t).unwrap_or_else(|| panic!("{t} missing")).y0;
    (r.page_count, y("T-002") - y("T-001"))
}

#[test]
fn a_table_tail_alone_on_the_last_page_is_set_tighter_to_pull_it_back() {
    let (_, normal) = pages_and_row_pitch(5);
    // The longest table that still ends on the first page was pulled back by setting it
    // tighter: its tail would otherwise be a few stray rows on a second page.
    let first_spill = (2..80).find(|n| pages_and_row_pitch(*n).0 == 2).expect("some table spills");
    let (pages, pitch) = pages_and_row_pitch(first_spill - 1);
    assert_eq!(pages, 1);
    assert!(pitch < normal - 2.0, "{} rows: row pitch {pitch} against {normal} at the normal size", first_spill - 1);
    let tight = table_after_text(first_spill - 1);
    assert_inside_and_apart(&tight, &tight.render().unwrap().bytes);
    // Each section (up to a page break) is decided apart: an annex after a page break
    // leaves the pages before it exactly as they were.
    let mut with_annex = table_after_text(first_spill - 1);
    with_annex.page_break().heading(1, "Annex", None).paragraph("Added later.");
    let (plain, annexed) = (tight.render().unwrap(), with_annex.render().unwrap());
    assert_eq!(annexed.page_count, 2);
    let dir = tempfile::tempdir().unwrap();
    let page_one = |r: &RenderedPdf, name: &str| page_text(&write(dir.path(), name, &r.bytes), 1).replace("Page 1 of 2", "Page 1 of 1");
    assert_eq!(page_one(&plain, "plain.pdf"), page_one(&annexed, "annexed.pdf"));
    // A tail that fills a real part of the page stays where it is, at the normal size.
    let (pages, pitch) = pages_and_row_pitch(first_spill + 30);
    assert_eq!((pages, pitch), (2, normal));
}

#[test]
fn signs_a_pdf_with_object_streams_from_another_tool() {
    // qpdf rewrites the file with an xref stream and object streams: the update's classic
    // xref section then points back to a stream with /Prev.
    let dir = tempfile::tempdir().unwrap();
    let src = write(dir.path(), "in.pdf", &rendered().bytes);
    let dst = dir.path().join("os.pdf");
    let (ok, text) = tool("qpdf", &["--object-streams=generate", src.to_str().unwrap(), dst.to_str().unwrap()]);
    assert!(ok, "{text}");
    let signed = sign_pdf(&std::fs::read(&dst).unwrap(), identity(), &info()).unwrap();
    let path = write(dir.path(), "os-signed.pdf", &signed);
    let (_, text) = tool("pdfsig", &[path.to_str().unwrap()]);
    assert!(text.contains("Signature is Valid.") && text.contains("Total document signed"), "{text}");
    let (ok, text) = tool("qpdf", &["--check", path.to_str().unwrap()]);
    assert!(ok, "{text}");
    assert!(verify_pdf(&signed).unwrap().whole_document_signed());
}
