//! A store open in one place stays usable from another: readers and writers share it,
//! SQLite takes turns between writers, and what replaces the file waits for no one.

use quorum_core::{Error, KeySources, Secret, Store};

use super::*;

fn open(path: &Path) -> Store {
    Store::open(path, &KeySources::passphrase(PASSPHRASE)).unwrap()
}

#[test]
fn a_second_opener_reads_and_writes_beside_the_first() {
    let fixture = Fixture::new();
    let (path, mut first) = fixture.passphrase_store("q.db");
    let mut second = open(&path);
    let ada = add_person(&mut first, "Ada Byron");
    let count = |store: &Store| store.conn().query_row("SELECT count(*) FROM people", [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(count(&second), 1, "the second opener sees what the first committed");
    add_person(&mut second, "Grace Hopper");
    assert_eq!(count(&first), 2, "and the first sees the second's");
    assert!(second.verify().unwrap().is_ok());
    drop(second);
    assert!(first.conn().query_row("SELECT name FROM people WHERE id = ?1", [ada], |r| r.get::<_, String>(0)).is_ok());
}

#[test]
fn a_writer_waits_for_a_long_write_then_says_the_store_is_busy() {
    let fixture = Fixture::new();
    let (path, mut first) = fixture.passphrase_store("q.db");
    let mut second = open(&path);
    let waited = first
        .write(&actor(), |w| {
            w.execute("INSERT INTO people (name) VALUES ('Ada Byron')", [])?;
            w.audit("person", "1", "create", None, None)?;
            // The first write's transaction is open: the second writer waits its turn, then gives up.
            let started = std::time::Instant::now();
            let error = second.write(&actor(), |w| w.audit("person", "2", "create", None, None)).unwrap_err();
            Ok((error, started.elapsed()))
        })
        .unwrap();
    let (error, elapsed) = waited;
    assert_eq!(error.kind(), "in_use", "{error}");
    assert!(error.to_string().contains("is busy") && error.to_string().contains("try again"), "{error}");
    assert!(elapsed >= std::time::Duration::from_secs(4), "it waited the busy timeout, not {elapsed:?}");
    add_person(&mut second, "Grace Hopper");
}

#[test]
fn a_key_change_needs_the_store_alone() {
    let fixture = Fixture::new();
    let (path, mut first) = fixture.passphrase_store("q.db");
    let reader = open(&path);
    let error = first.change_secret(Secret::passphrase("a new passphrase for this store"), None, &actor()).unwrap_err();
    assert!(matches!(error, Error::InUse { .. }), "{error}");
    assert!(error.to_string().contains("a key change needs it alone"), "{error}");
    // Refused, both still work on the old key.
    add_person(&mut first, "Ada Byron");
    assert!(reader.verify().unwrap().is_ok());
    drop(reader);
    first.change_secret(Secret::passphrase("a new passphrase for this store"), None, &actor()).unwrap();
    drop(first);
    Store::open(&path, &KeySources::passphrase("a new passphrase for this store")).unwrap();
}

#[test]
fn a_restore_over_an_open_store_is_refused_and_changes_nothing() {
    let fixture = Fixture::new();
    let (path, mut store) = fixture.passphrase_store("q.db");
    add_person(&mut store, "Ada Byron");
    let backup = fixture.path("q.qbackup");
    store.backup_to(&backup, |_, _| {}).unwrap();
    add_person(&mut store, "Grace Hopper");
    let error = Store::restore(&backup, &path, &KeySources::passphrase(PASSPHRASE), true).unwrap_err();
    assert_eq!(error.kind(), "in_use", "{error}");
    assert_eq!(store.conn().query_row("SELECT count(*) FROM people", [], |r| r.get::<_, i64>(0)).unwrap(), 2);
}
