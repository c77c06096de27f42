//! Fuzzed parsers of outside input, on the stable toolchain: proptest drives structure-aware
//! inputs (a real export with one value replaced, .ics fragments, PDF-like and store-like
//! bytes) and plain random bytes. The property for each is the same: an answer, never a
//! panic; and an import that is accepted leaves a store that passes `verify`.
//!
//! CI runs a bounded number of cases (seconds each); `QUORUM_FUZZ_CASES=N` runs more, and
//! each test prints how many inputs it executed.

use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::{json, Value};

use quorum_core::keychain::MemoryKeychain;
use quorum_core::transfer::{export_json, import_json};
use quorum_core::{demo, KeySources, NewStore, Secret, Store};

use crate::actor;

fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("QUORUM_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// A demo export, made once (a raw-key store: no key derivation in the loop).
fn base() -> &'static Value {
    static BASE: OnceLock<Value> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let keychain = MemoryKeychain::default();
        let mut store = Store::create(&dir.path().join("s.db"), &new_store(), Secret::random_key().unwrap(), Some(&keychain), &actor()).unwrap();
        demo::populate(&mut store, &actor()).unwrap();
        export_json(&store, actor().now).unwrap()
    })
}

fn new_store() -> NewStore {
    NewStore { organisation: "Fuzz Ltd".into(), time_zone: "Europe/London".into(), lead: None }
}

/// Values that have broken importers: extremes, wrong types, text with controls, bad dates.
fn nasty_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!(i64::MAX)),
        Just(json!(i64::MIN)),
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(1.5e308)),
        Just(json!(true)),
        Just(json!([])),
        Just(json!({})),
        Just(json!({"$base64": "AAAA"})),
        Just(json!("2027-02-30")),
        Just(json!("closed")),
        Just(json!("[9999]")),
        Just(json!("Eve\nBcc: x@example.com")),
        Just(json!("\u{1b}[2J")),
        Just(json!("")),
        any::<i64>().prop_map(|n| json!(n)),
        ".{0,40}".prop_map(Value::String),
    ]
}

/// Counts inputs executed across a test, printed at the end.
struct Counter(&'static str, std::sync::atomic::AtomicU64);
impl Counter {
    fn hit(&self) {
        self.1.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}
impl Drop for Counter {
    fn drop(&mut self) {
        eprintln!("fuzz {}: {} inputs executed, 0 panics", self.0, self.1.load(std::sync::atomic::Ordering::Relaxed));
    }
}

#[test]
fn import_of_a_mutated_export_is_rejected_or_verifies() {
    let base = base();
    let tables: Vec<(String, usize, Vec<String>)> = base["tables"]
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(name, rows)| {
            let rows = rows.as_array()?;
            let columns = rows.first()?.as_object()?.keys().cloned().collect();
            Some((name.clone(), rows.len(), columns))
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let keychain = MemoryKeychain::default();
    let fresh = |n: usize| Store::create(&dir.path().join(format!("t{n}.db")), &new_store(), Secret::random_key().unwrap(), Some(&keychain), &actor()).unwrap();
    // A rejected import leaves the store as it was, so one store serves until one is accepted.
    let made = std::cell::Cell::new(0);
    let target = std::cell::RefCell::new(fresh(0));
    let counter = Counter("import", Default::default());
    let mut runner = proptest::test_runner::TestRunner::new(cases(24));
    runner
        .run(&(0..tables.len(), any::<prop::sample::Index>(), any::<prop::sample::Index>(), nasty_value()), |(table, row, column, value)| {
            let (name, rows, columns) = &tables[table];
            let (row, column) = (row.index(*rows), &columns[column.index(columns.len())]);
            let mut file = base.clone();
            file["tables"][name][row][column] = value;
            counter.hit();
            let outcome = import_json(&mut target.borrow_mut(), &serde_json::to_vec(&file).unwrap(), &actor());
            match outcome {
                Err(error) => prop_assert_eq!(error.kind(), "import", "{}", error),
                Ok(_) => {
                    let report = target.borrow().verify().unwrap();
                    prop_assert!(report.is_ok(), "{}[{}].{} accepted but the store fails verify: {:?}", name, row, column, report);
                    made.set(made.get() + 1);
                    *target.borrow_mut() = fresh(made.get());
                }
            }
            Ok(())
        })
        .unwrap();
}

proptest! {
    #![proptest_config(cases(2000))]

    #[test]
    fn holidays_files_parse_or_are_refused(text in prop_oneof![
        ".{0,200}",
        (any::<u16>(), 0u32..13, 0u32..40, any::<u16>(), 0u32..13, 0u32..40, ".{0,20}").prop_map(|(y, m, d, y2, m2, d2, name)| format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:{y:04}{m:02}{d:02}\r\nDTEND;VALUE=DATE:{y2:04}{m2:02}{d2:02}\r\nSUMMARY:{name}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")),
        (any::<u16>(), 0u32..13, 0u32..40, ".{0,20}").prop_map(|(y, m, d, name)| format!("{y:04}-{m:02}-{d:02},{name}\n")),
    ]) {
        let started = std::time::Instant::now();
        if let Ok(days) = quorum_core::schedule::parse_holidays(&text) {
            prop_assert!(days.len() <= quorum_calendar::MAX_HOLIDAYS);
        }
        prop_assert!(started.elapsed() < std::time::Duration::from_secs(2), "a holidays file took {:?}", started.elapsed());
    }

    #[test]
    fn verifying_arbitrary_bytes_as_a_pdf_answers(bytes in prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2000),
        prop::collection::vec(any::<u8>(), 0..400).prop_map(|tail| [b"%PDF-1.7\n1 0 obj\n<< /Type /Sig /ByteRange [0 10 20 30] /Contents <".to_vec(), tail].concat()),
    ]) {
        let _ = quorum_pdf::verify_pdf(&bytes);
    }
}

proptest! {
    #![proptest_config(cases(200))]

    /// Opening arbitrary bytes as a store: an error kind, never a panic, and the file unchanged.
    #[test]
    fn opening_arbitrary_files_as_a_store_answers(pages in 0usize..4, tail in prop::collection::vec(any::<u8>(), 0..64), head in prop::collection::vec(any::<u8>(), 0..32)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        let mut bytes = head;
        bytes.resize(pages * 4096, 0x5a);
        bytes.extend(tail);
        std::fs::write(&path, &bytes).unwrap();
        // A raw recovery key: no key derivation per case.
        let key = Secret::from_recovery_key(&"AB".repeat(48)).unwrap();
        let sources = KeySources { recovery_key: Some((key, "fuzz".into())), ..Default::default() };
        let error = Store::open(&path, &sources).unwrap_err();
        prop_assert!(["not_a_store", "corrupt", "wrong_key", "no_key", "too_new"].contains(&error.kind()), "{}", error);
        prop_assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }
}

/// A valid incident register with one cell replaced, or arbitrary bytes, as a CSV or an
/// XLSX-like file: the preview answers (never a panic), and a file it calls importable
/// imports into a store that passes `verify`.
#[test]
fn register_files_preview_or_are_refused_and_an_import_verifies() {
    use quorum_core::registers::{source, RegisterKind};
    const GOOD: &[&str] = &["Incident ID,Title,Severity,Detected,Closed,Personal data,Lessons learned", "INC-1,Phishing,low,2027-01-10,2027-01-11,no,", "INC-2,Lost laptop,high,2027-02-01,,yes,Encrypt disks"];
    let dir = tempfile::tempdir().unwrap();
    let keychain = MemoryKeychain::default();
    let store = std::cell::RefCell::new(Store::create(&dir.path().join("r.db"), &new_store(), Secret::random_key().unwrap(), Some(&keychain), &actor()).unwrap());
    let counter = Counter("registers", Default::default());
    let cell = prop_oneof![".{0,30}", Just("2027-02-30".to_owned()), Just("\u{1b}[2J".to_owned()), Just("\"".to_owned()), Just("a,b".to_owned()), Just("CRITICAL".to_owned()), Just("9999-12-31 00:00:00".to_owned())];
    let file = prop_oneof![
        (0usize..3, 0usize..7, cell).prop_map(|(line, column, value)| {
            let mut lines: Vec<Vec<String>> = GOOD.iter().map(|l| l.split(',').map(str::to_owned).collect()).collect();
            lines[line][column] = value;
            lines.iter().map(|l| l.join(",")).collect::<Vec<_>>().join("\n").into_bytes()
        }),
        prop::collection::vec(any::<u8>(), 0..600),
        prop::collection::vec(any::<u8>(), 0..600).prop_map(|mut b| {
            b.splice(0..0, *b"PK\x03\x04");
            b
        }),
    ];
    let mut runner = proptest::test_runner::TestRunner::new(cases(300));
    let n = std::cell::Cell::new(0);
    runner
        .run(&file, |bytes| {
            n.set(n.get() + 1);
            let path = dir.path().join(format!("f{}.csv", n.get()));
            std::fs::write(&path, &bytes).unwrap();
            counter.hit();
            let preview = source::preview(store.borrow().conn(), RegisterKind::Incidents, &path, None);
            if let Ok((preview, _)) = preview {
                if preview.is_importable() {
                    source::import(&mut store.borrow_mut(), &actor(), RegisterKind::Incidents, &path, None, None).unwrap();
                    let report = store.borrow().verify().unwrap();
                    prop_assert!(report.is_ok(), "an importable register left a store that fails verify: {:?}", report);
                }
            }
            Ok(())
        })
        .unwrap();
}
