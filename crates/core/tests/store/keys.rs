//! Key modes, key changes and recovery keys.

use quorum_core::keychain::Keychain;
use quorum_core::{KeyMode, KeySources, Secret, Store};

use super::*;

#[test]
fn a_keychain_store_opens_from_the_keychain_alone() {
    let fixture = Fixture::new();
    let (path, mut store) = fixture.keychain_store("q.db");
    add_person(&mut store, "Zoë Müller");
    drop(store);
    let store = Store::open(&path, &fixture.keychain_sources()).unwrap();
    assert_eq!(store.key_mode(), KeyMode::Keychain);
    assert_eq!(people(&store), ["Zoë Müller"]);
}

#[test]
fn a_passphrase_store_opens_with_its_passphrase() {
    let fixture = Fixture::new();
    let (path, mut store) = fixture.passphrase_store("q.db");
    add_person(&mut store, "Ægir Ørsted");
    drop(store);
    let store = Store::open(&path, &KeySources::passphrase(PASSPHRASE)).unwrap();
    assert_eq!(store.key_mode(), KeyMode::Passphrase);
    assert_eq!(people(&store), ["Ægir Ørsted"]);
}

#[test]
fn the_recovery_key_opens_either_mode() {
    let fixture = Fixture::new();
    for ((path, store), mode) in [(fixture.keychain_store("k.db"), KeyMode::Keychain), (fixture.passphrase_store("p.db"), KeyMode::Passphrase)] {
        let recovery = store.recovery_key();
        assert_eq!(recovery.len(), 96);
        drop(store);
        let sources = KeySources { recovery_key: Some((Secret::from_recovery_key(&recovery).unwrap(), "recovery".into())), ..Default::default() };
        let store = Store::open(&path, &sources).unwrap();
        assert!(store.verify().unwrap().is_ok());
        // The mode is what the store is, not the kind of key that opened it.
        assert_eq!(store.key_mode(), mode, "{}", path.display());
    }
}

#[test]
fn changing_the_passphrase() {
    let fixture = Fixture::new();
    let (path, mut store) = fixture.passphrase_store("q.db");
    add_person(&mut store, "Šťastný");
    store.change_secret(Secret::passphrase("a brand new passphrase"), None, &actor()).unwrap();
    assert_eq!(people(&store), ["Šťastný"]);
    drop(store);
    assert_eq!(Store::open(&path, &KeySources::passphrase(PASSPHRASE)).unwrap_err().kind(), "wrong_key");
    let store = Store::open(&path, &KeySources::passphrase("a brand new passphrase")).unwrap();
    assert_eq!(people(&store), ["Šťastný"]);
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert!(super::stray_files(&path).is_empty(), "{:?}", super::stray_files(&path));
}

#[test]
fn rotating_the_key_replaces_it_in_the_keychain() {
    let fixture = Fixture::new();
    let (path, mut store) = fixture.keychain_store("q.db");
    add_person(&mut store, "Ğül");
    let old_recovery = store.recovery_key();
    store.change_secret(Secret::random_key().unwrap(), Some(&fixture.keychain), &actor()).unwrap();
    let new_recovery = store.recovery_key();
    assert_ne!(old_recovery, new_recovery);
    drop(store);
    let store = Store::open(&path, &fixture.keychain_sources()).unwrap();
    assert_eq!(people(&store), ["Ğül"]);
    drop(store);
    let old = KeySources { recovery_key: Some((Secret::from_recovery_key(&old_recovery).unwrap(), "old".into())), ..Default::default() };
    assert_eq!(Store::open(&path, &old).unwrap_err().kind(), "wrong_key");
}

#[test]
fn switching_modes_both_ways() {
    let fixture = Fixture::new();
    let (path, mut store) = fixture.keychain_store("q.db");
    add_person(&mut store, "Łukasz");
    store.change_secret(Secret::passphrase(PASSPHRASE), Some(&fixture.keychain), &actor()).unwrap();
    assert_eq!(store.key_mode(), KeyMode::Passphrase);
    drop(store);
    assert_eq!(Store::open(&path, &fixture.keychain_sources()).unwrap_err().kind(), "no_key", "the keychain entry should be gone");
    let mut store = Store::open(&path, &KeySources::passphrase(PASSPHRASE)).unwrap();
    store.change_secret(Secret::random_key().unwrap(), Some(&fixture.keychain), &actor()).unwrap();
    drop(store);
    let store = Store::open(&path, &fixture.keychain_sources()).unwrap();
    assert_eq!(store.key_mode(), KeyMode::Keychain);
    assert_eq!(people(&store), ["Łukasz"]);
    let actions: Vec<String> = store
        .conn()
        .prepare("SELECT action FROM audit_events WHERE entity = 'store' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(actions, ["switch_to_passphrase", "switch_to_keychain"]);
}

/// A crash after the re-keyed file replaced the old one, but before the keychain's main
/// entry was updated, leaves the new key under the pending entry: opening finds and
/// settles it.
#[test]
fn a_key_left_pending_by_a_crash_is_found() {
    let fixture = Fixture::new();
    let (path, store) = fixture.keychain_store("q.db");
    let recovery = store.recovery_key();
    drop(store);
    let salt = hex::encode(&std::fs::read(&path).unwrap()[..16]);
    let main = format!("store-{salt}");
    let key = fixture.keychain.get(&main).unwrap().unwrap();
    assert_eq!(key.to_uppercase(), recovery[..64]);
    fixture.keychain.delete(&main).unwrap();
    fixture.keychain.set(&format!("{main}-pending"), &key).unwrap();
    let store = Store::open(&path, &fixture.keychain_sources()).unwrap();
    drop(store);
    assert_eq!(fixture.keychain.get(&main).unwrap().as_deref(), Some(key.as_str()));
    assert_eq!(fixture.keychain.get(&format!("{main}-pending")).unwrap(), None);
}

/// The store is readable without Quorum: SQLCipher 4 through Python's sqlcipher3 opens
/// it with the passphrase alone, and a keychain store with the recovery key.
#[test]
fn stock_sqlcipher_opens_the_file() {
    let fixture = Fixture::new();
    let (pass_path, mut store) = fixture.passphrase_store("p.db");
    add_person(&mut store, "Zoë");
    drop(store);
    let (key_path, store) = fixture.keychain_store("k.db");
    let recovery = store.recovery_key().to_string();
    drop(store);
    for (path, key) in [(pass_path, format!("'{PASSPHRASE}'")), (key_path, format!("\"x'{recovery}'\""))] {
        let script = format!(
            "import sqlcipher3\nc = sqlcipher3.connect({path:?})\nc.execute(\"PRAGMA key = {}\")\nprint(c.execute('SELECT name FROM organisation').fetchone()[0])\n",
            key.replace('"', "\\\""),
            path = path.to_str().unwrap()
        );
        let output = std::process::Command::new("python3").arg("-c").arg(&script).output().expect("python3 must be installed (tests/requirements: sqlcipher3-binary)");
        assert!(output.status.success(), "sqlcipher3 failed (pip install sqlcipher3-binary): {}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "Zoë & Łukasz GmbH");
    }
}

/// The real OS keychain (a Secret Service in tests/run-all.sh): create, reopen, rotate,
/// switch to a passphrase (which removes the entry).
#[test]
fn keychain_mode_with_the_os_keychain() {
    if std::env::var_os("QUORUM_TEST_OS_KEYCHAIN").is_none() {
        eprintln!("QUORUM_TEST_OS_KEYCHAIN unset: this test runs under tests/run-all.sh, which starts a keychain");
        return;
    }
    let os = quorum_core::keychain::OsKeychain;
    let fixture = Fixture::new();
    let path = fixture.path("os.db");
    let mut store = Store::create(&path, &new_store(), Secret::random_key().unwrap(), Some(&os), &actor()).unwrap();
    add_person(&mut store, "Zoë");
    store.change_secret(Secret::random_key().unwrap(), Some(&os), &actor()).unwrap();
    drop(store);
    let mut store = Store::open(&path, &KeySources::keychain(&os)).unwrap();
    assert_eq!(people(&store), ["Zoë"]);
    store.change_secret(Secret::passphrase(PASSPHRASE), Some(&os), &actor()).unwrap();
    drop(store);
    assert_eq!(Store::open(&path, &KeySources::keychain(&os)).unwrap_err().kind(), "no_key");
}

/// A keychain that fails, as one does on a machine with no Secret Service running.
struct BrokenKeychain;

impl Keychain for BrokenKeychain {
    fn get(&self, _: &str) -> quorum_core::Result<Option<String>> {
        Err(quorum_core::Error::Keychain("no Secret Service on this machine".into()))
    }
    fn set(&self, _: &str, _: &str) -> quorum_core::Result<()> {
        Err(quorum_core::Error::Keychain("no Secret Service on this machine".into()))
    }
    fn delete(&self, _: &str) -> quorum_core::Result<()> {
        Err(quorum_core::Error::Keychain("no Secret Service on this machine".into()))
    }
    fn describe(&self) -> &'static str {
        "the broken keychain"
    }
}

#[test]
fn a_broken_keychain_never_stands_in_the_way_of_a_passphrase() {
    let fixture = Fixture::new();
    let (path, store) = fixture.passphrase_store("q.db");
    drop(store);
    let broken = BrokenKeychain;
    Store::open(&path, &KeySources::passphrase(PASSPHRASE).with_keychain(&broken)).unwrap();
    let error = Store::open(&path, &KeySources::keychain(&broken)).unwrap_err();
    assert_eq!(error.kind(), "keychain", "{error}");
    assert!(error.to_string().contains("no Secret Service"), "{error}");
    let error = Store::open(&path, &KeySources::passphrase("wrong passphrase").with_keychain(&broken)).unwrap_err();
    assert_eq!(error.kind(), "wrong_key", "{error}");
}
