//! Backup and restore, and retention.

use quorum_core::{KeySources, Store};

use super::*;

#[test]
fn a_backup_taken_while_open_restores_everything() {
    let fixture = Fixture::new();
    for (path, mut store, sources) in [
        { let (p, s) = fixture.keychain_store("k.db"); (p, s, fixture.keychain_sources()) },
        { let (p, s) = fixture.passphrase_store("p.db"); (p, s, KeySources::passphrase(PASSPHRASE)) },
    ] {
        add_person(&mut store, "Before the backup");
        let backup = fixture.path(&format!("{}.bak", path.file_name().unwrap().to_string_lossy()));
        let mut last = (0, 0);
        store.backup_to(&backup, |done, total| last = (done, total)).unwrap();
        assert!(last.1 > 0 && last.0 == last.1, "progress ends at the total: {last:?}");
        add_person(&mut store, "After the backup");
        drop(store);

        let error = Store::restore(&backup, &path, &sources, false).unwrap_err();
        assert_eq!(error.kind(), "already_exists");
        assert!(error.to_string().contains("--force"));

        Store::restore(&backup, &path, &sources, true).unwrap();
        let store = Store::open(&path, &sources).unwrap();
        assert_eq!(people(&store), ["Before the backup"]);
        assert!(store.verify().unwrap().is_ok());
    }
}

#[test]
fn a_backup_never_replaces_a_file() {
    let fixture = Fixture::new();
    let (_, store) = fixture.passphrase_store("q.db");
    let taken = fixture.path("taken");
    std::fs::write(&taken, b"mine").unwrap();
    assert_eq!(store.backup_to(&taken, |_, _| {}).unwrap_err().kind(), "already_exists");
    assert_eq!(std::fs::read(&taken).unwrap(), b"mine");
}

#[test]
fn a_bad_backup_is_refused_before_anything_is_replaced() {
    let fixture = Fixture::new();
    let (path, store) = fixture.passphrase_store("q.db");
    drop(store);
    let before = std::fs::read(&path).unwrap();
    let sources = KeySources::passphrase(PASSPHRASE);

    let garbage = fixture.path("garbage.bak");
    let mut noise = vec![0u8; 8192];
    getrandom::fill(&mut noise).unwrap();
    std::fs::write(&garbage, noise).unwrap();
    assert_eq!(Store::restore(&garbage, &path, &sources, true).unwrap_err().kind(), "wrong_key");

    let (other, other_store) = fixture.passphrase_store("other.db");
    other_store.backup_to(&fixture.path("other.bak"), |_, _| {}).unwrap();
    drop(other_store);
    let _ = other;
    let error = Store::restore(&fixture.path("other.bak"), &path, &KeySources::passphrase("wrong passphrase!"), true).unwrap_err();
    assert_eq!(error.kind(), "wrong_key");
    assert!(error.to_string().contains("other.bak"), "the error names the backup: {error}");

    assert_eq!(std::fs::read(&path).unwrap(), before, "the store was touched");
    assert!(super::stray_files(&path).is_empty(), "{:?}", super::stray_files(&path));
}

#[test]
fn restore_to_a_new_place() {
    let fixture = Fixture::new();
    let (_, mut store) = fixture.keychain_store("q.db");
    add_person(&mut store, "Ørsted");
    store.backup_to(&fixture.path("q.bak"), |_, _| {}).unwrap();
    drop(store);
    let fresh = fixture.path("restored.db");
    Store::restore(&fixture.path("q.bak"), &fresh, &fixture.keychain_sources(), false).unwrap();
    assert_eq!(people(&Store::open(&fresh, &fixture.keychain_sources()).unwrap()), ["Ørsted"]);
}
