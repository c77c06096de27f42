//! Nothing the user writes reaches the disk in the clear: not in the store, not in its
//! write-ahead log, not in a backup.

use quorum_core::Store;

use super::*;

const CANARIES: &[&str] = &["CANARY-incident-7731", "Zebra Phishing Breach", "łódź-secret-ÿ"];

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn assert_clean(path: &Path) {
    if let Ok(bytes) = std::fs::read(path) {
        for canary in CANARIES {
            assert!(!contains(&bytes, canary), "{} contains {canary:?} in the clear", path.display());
        }
    }
}

#[test]
fn written_strings_never_appear_in_the_clear() {
    let fixture = Fixture::new();
    for (path, mut store) in [fixture.passphrase_store("p.db"), fixture.keychain_store("k.db")] {
        for canary in CANARIES {
            add_person(&mut store, canary);
        }
        let wal = path.with_file_name(format!("{}-wal", path.file_name().unwrap().to_string_lossy()));
        assert!(std::fs::metadata(&wal).map(|m| m.len() > 0).unwrap_or(false), "the test means to read a WAL with content");
        assert_clean(&path);
        assert_clean(&wal);
        assert_clean(&path.with_file_name(format!("{}-shm", path.file_name().unwrap().to_string_lossy())));
        let backup = fixture.path(&format!("{}.bak", path.file_name().unwrap().to_string_lossy()));
        store.backup_to(&backup, |_, _| {}).unwrap();
        assert_clean(&backup);
        // A sanity check that the canaries really are in the store.
        let names = people(&store);
        assert!(CANARIES.iter().all(|c| names.iter().any(|n| n == c)));
        drop(store);
        assert_clean(&path);
        let _ = Store::open;
    }
}
