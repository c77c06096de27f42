//! Every way opening can fail: the right kind, a message with the fix, and the file's
//! bytes unchanged.

use std::io::Write;

use quorum_core::{Error, KeySources, Store};

use super::*;

/// Opens `path` with `sources`, expects the error `kind`, and checks that the file is
/// byte for byte what it was.
fn expect_failure(path: &Path, sources: &KeySources, kind: &str) -> Error {
    let before = std::fs::read(path).unwrap();
    let error = Store::open(path, sources).unwrap_err();
    assert_eq!(error.kind(), kind, "{error}");
    assert_eq!(std::fs::read(path).unwrap(), before, "a failed open changed the file");
    error
}

#[test]
fn wrong_passphrase() {
    let fixture = Fixture::new();
    let (path, store) = fixture.passphrase_store("q.db");
    drop(store);
    let error = expect_failure(&path, &KeySources::passphrase("not the passphrase"), "wrong_key");
    assert!(error.to_string().contains("passphrase or key is wrong"), "{error}");
}

#[test]
fn no_key_lists_what_was_tried() {
    let fixture = Fixture::new();
    let (path, store) = fixture.passphrase_store("q.db");
    drop(store);
    let empty = quorum_core::keychain::MemoryKeychain::default();
    let error = expect_failure(&path, &KeySources::keychain(&empty), "no_key");
    assert!(error.to_string().contains("the in-memory keychain"), "{error}");
    let error = expect_failure(&path, &KeySources::default(), "no_key");
    assert!(error.to_string().contains("QUORUM_PASSPHRASE"), "{error}");
}

#[test]
fn plain_sqlite_is_not_a_store() {
    let fixture = Fixture::new();
    let path = fixture.path("plain.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    drop(conn);
    let error = expect_failure(&path, &KeySources::passphrase(PASSPHRASE), "not_a_store");
    assert!(error.to_string().contains("unencrypted SQLite"), "{error}");
}

#[test]
fn other_files_are_not_stores() {
    let fixture = Fixture::new();
    for (name, bytes, words) in [
        ("empty.db", &b""[..], "empty file"),
        ("notes.db", &b"Minutes of the meeting\nNothing to see.\n"[..], "text file"),
        ("scan.db", &b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"[..], "PDF"),
    ] {
        let path = fixture.path(name);
        std::fs::write(&path, bytes).unwrap();
        let error = expect_failure(&path, &KeySources::passphrase(PASSPHRASE), "not_a_store");
        assert!(error.to_string().contains(words), "{error}");
    }
}

#[test]
fn a_truncated_store_is_corrupt() {
    let fixture = Fixture::new();
    let (path, mut store) = fixture.passphrase_store("q.db");
    for i in 0..200 {
        add_person(&mut store, &format!("Person {i} with a long enough name to fill pages"));
    }
    drop(store);
    let len = std::fs::metadata(&path).unwrap().len();
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(len - 1000).unwrap();
    drop(file);
    let error = expect_failure(&path, &KeySources::passphrase(PASSPHRASE), "corrupt");
    assert!(error.to_string().contains("truncated") && error.to_string().contains("quorum restore"), "{error}");
}

#[test]
fn a_store_cut_at_a_page_boundary_is_corrupt_not_wrong_key() {
    let fixture = Fixture::new();
    let (path, mut store) = fixture.passphrase_store("q.db");
    for i in 0..300 {
        add_person(&mut store, &format!("Person {i} with a long enough name to fill pages"));
    }
    drop(store);
    let len = std::fs::metadata(&path).unwrap().len();
    assert!(len > 8 * 4096);
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(len / 4096 / 2 * 4096).unwrap();
    drop(file);
    let before = std::fs::read(&path).unwrap();
    // Either the open or the integrity check must say the file is damaged.
    match Store::open(&path, &KeySources::passphrase(PASSPHRASE)) {
        Err(error) => assert_eq!(error.kind(), "corrupt", "{error}"),
        Ok(store) => {
            let report = store.verify();
            assert!(report.map(|r| !r.is_ok()).unwrap_or(true), "a store missing half its pages passed verification");
        }
    }
    let _ = before;
}

#[test]
fn flipped_bytes_are_caught() {
    let fixture = Fixture::new();
    let (path, mut store) = fixture.passphrase_store("q.db");
    for i in 0..50 {
        add_person(&mut store, &format!("Person {i}"));
    }
    drop(store);
    let mut bytes = std::fs::read(&path).unwrap();
    let last_page = bytes.len() - 4096;
    bytes[last_page + 100] ^= 0xFF;
    std::fs::write(&path, &bytes).unwrap();
    let outcome = Store::open(&path, &KeySources::passphrase(PASSPHRASE)).and_then(|store| store.verify());
    match outcome {
        Err(error) => assert_eq!(error.kind(), "corrupt", "{error}"),
        Ok(report) => assert!(!report.is_ok(), "a flipped byte passed verification: {report:?}"),
    }
}

#[test]
fn a_newer_store_is_refused_and_untouched() {
    let fixture = Fixture::new();
    let (path, store) = fixture.passphrase_store("q.db");
    store.conn().pragma_update(None, "user_version", 999).unwrap();
    drop(store);
    let error = expect_failure(&path, &KeySources::passphrase(PASSPHRASE), "too_new");
    assert!(error.to_string().contains("Update Quorum"), "{error}");
    assert!(!super::file_exists_with_suffix(&path, "-wal"), "the refused store grew a journal");
}

#[test]
fn create_refuses_to_overwrite() {
    let fixture = Fixture::new();
    let (path, store) = fixture.passphrase_store("q.db");
    drop(store);
    let before = std::fs::read(&path).unwrap();
    let error = Store::create(&path, &new_store(), Secret::passphrase(PASSPHRASE), None, &actor()).unwrap_err();
    assert_eq!(error.kind(), "already_exists");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_missing_store_says_how_to_create_one() {
    let fixture = Fixture::new();
    let error = Store::open(&fixture.path("nowhere.db"), &KeySources::passphrase(PASSPHRASE)).unwrap_err();
    assert_eq!(error.kind(), "no_store");
    assert!(error.to_string().contains("quorum init"));
}

/// A full disk: SQLite reports SQLITE_FULL, the write fails, and everything committed
/// before it is still there. `max_page_count` makes SQLite hit the same error a full disk
/// gives, without needing a small file system.
#[test]
fn a_full_disk_fails_the_write_and_keeps_what_was_committed() {
    let fixture = Fixture::new();
    let (path, mut store) = fixture.passphrase_store("q.db");
    add_person(&mut store, "Committed before the disk filled");
    let pages: i64 = store.conn().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    store.conn().pragma_update(None, "max_page_count", pages + 2).unwrap();
    let huge = "x".repeat(64 * 1024);
    let error = store
        .write(&actor(), |w| {
            w.execute("INSERT INTO people (name) VALUES (?1)", [&huge])?;
            w.audit("person", "big", "create", None, None)
        })
        .unwrap_err();
    assert_eq!(error.kind(), "disk_full", "{error}");
    assert!(error.to_string().contains("Free some space"));
    drop(store);
    let store = Store::open(&path, &KeySources::passphrase(PASSPHRASE)).unwrap();
    assert_eq!(people(&store), vec!["Committed before the disk filled".to_owned()]);
    assert!(store.verify().unwrap().is_ok());
    let _ = std::io::stdout().flush();
}
