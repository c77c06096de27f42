//! The encrypted store from outside: real SQLCipher files in temporary folders.

mod backup;
mod damage;
mod diskfull;
mod errors;
mod keys;
mod kill;
mod plaintext;
mod shared;

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use quorum_core::keychain::MemoryKeychain;
use quorum_core::{Actor, KeySources, NewStore, Secret, Store};
use sha2::{Digest, Sha256};

pub const PASSPHRASE: &str = "correct horse battery staple";

pub fn actor() -> Actor {
    Actor::new("Ana Lead", Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap())
}

pub fn new_store() -> NewStore {
    NewStore { organisation: "Zoë & Łukasz GmbH".into(), time_zone: "Europe/Berlin".into(), lead: None }
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub keychain: MemoryKeychain,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture { dir: tempfile::tempdir().unwrap(), keychain: MemoryKeychain::default() }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn passphrase_store(&self, name: &str) -> (PathBuf, Store) {
        let path = self.path(name);
        let store = Store::create(&path, &new_store(), Secret::passphrase(PASSPHRASE), None, &actor()).unwrap();
        (path, store)
    }

    pub fn keychain_store(&self, name: &str) -> (PathBuf, Store) {
        let path = self.path(name);
        let store = Store::create(&path, &new_store(), Secret::random_key().unwrap(), Some(&self.keychain), &actor()).unwrap();
        (path, store)
    }

    pub fn keychain_sources(&self) -> KeySources<'_> {
        KeySources::keychain(&self.keychain)
    }
}

pub fn add_person(store: &mut Store, name: &str) -> i64 {
    store
        .write(&actor(), |w| {
            w.execute("INSERT INTO people (name) VALUES (?1)", [name])?;
            let id = w.last_insert_rowid();
            w.audit("person", &id.to_string(), "create", None, Some(&serde_json::json!({"name": name})))?;
            Ok(id)
        })
        .unwrap()
}

pub fn people(store: &Store) -> Vec<String> {
    let mut statement = store.conn().prepare("SELECT name FROM people ORDER BY id").unwrap();
    statement.query_map([], |row| row.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

pub fn sha256_file(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

pub fn file_exists_with_suffix(path: &Path, suffix: &str) -> bool {
    let mut name = path.file_name().unwrap().to_os_string();
    name.push(suffix);
    path.with_file_name(name).exists()
}

/// Files beside `path` other than the store itself and its lock: leftovers of a failed
/// or finished operation.
pub fn stray_files(path: &Path) -> Vec<String> {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|f| f.starts_with(&name) && *f != name && *f != format!("{name}.lock") && *f != format!("{name}-wal") && *f != format!("{name}-shm"))
        .collect()
}
