//! Where keychain-mode stores keep their key: the OS keychain in the app and the CLI, an
//! in-memory map in tests. The trait exists because keyring's own mock gives every
//! `Entry` separate storage, so it cannot stand in for a keychain shared between calls.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::error::{Error, Result};

/// The service name every Quorum keychain entry is filed under.
pub const SERVICE: &str = "org.quorum.store";

pub trait Keychain: Send + Sync {
    fn get(&self, account: &str) -> Result<Option<String>>;
    fn set(&self, account: &str, secret: &str) -> Result<()>;
    fn delete(&self, account: &str) -> Result<()>;
    /// Names the backend in messages ("the OS keychain").
    fn describe(&self) -> &'static str;
}

/// The platform's keychain through `keyring`: Secret Service on Linux, Keychain on macOS,
/// Credential Manager on Windows.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsKeychain;

impl OsKeychain {
    fn entry(account: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(SERVICE, account).map_err(|e| Error::Keychain(e.to_string()))
    }
}

impl Keychain for OsKeychain {
    fn get(&self, account: &str) -> Result<Option<String>> {
        match Self::entry(account)?.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(Error::Keychain(e.to_string())),
        }
    }

    fn set(&self, account: &str, secret: &str) -> Result<()> {
        Self::entry(account)?
            .set_password(secret)
            .map_err(|e| Error::Keychain(e.to_string()))
    }

    fn delete(&self, account: &str) -> Result<()> {
        match Self::entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(Error::Keychain(e.to_string())),
        }
    }

    fn describe(&self) -> &'static str {
        "the OS keychain"
    }
}

/// A keychain held in memory and shared between clones: for tests, and for machines where
/// the caller chose not to touch the OS keychain.
#[derive(Debug, Default, Clone)]
pub struct MemoryKeychain {
    entries: Arc<Mutex<HashMap<String, String>>>,
}

impl Keychain for MemoryKeychain {
    fn get(&self, account: &str) -> Result<Option<String>> {
        Ok(self.entries.lock().unwrap().get(account).cloned())
    }

    fn set(&self, account: &str, secret: &str) -> Result<()> {
        self.entries.lock().unwrap().insert(account.to_owned(), secret.to_owned());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<()> {
        self.entries.lock().unwrap().remove(account);
        Ok(())
    }

    fn describe(&self) -> &'static str {
        "the in-memory keychain"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(keychain: &dyn Keychain, account: &str) {
        assert_eq!(keychain.get(account).unwrap(), None);
        keychain.set(account, "s3cret").unwrap();
        assert_eq!(keychain.get(account).unwrap().as_deref(), Some("s3cret"));
        keychain.delete(account).unwrap();
        assert_eq!(keychain.get(account).unwrap(), None);
        keychain.delete(account).unwrap();
    }

    #[test]
    fn memory_keychain_is_shared_between_clones() {
        let keychain = MemoryKeychain::default();
        keychain.clone().set("a", "1").unwrap();
        assert_eq!(keychain.get("a").unwrap().as_deref(), Some("1"));
        round_trip(&keychain, "b");
    }

    /// Runs against the real OS keychain when the environment says one is there
    /// (tests/run-all.sh starts a headless Secret Service and sets QUORUM_TEST_OS_KEYCHAIN=1).
    #[test]
    fn os_keychain_round_trip() {
        if std::env::var_os("QUORUM_TEST_OS_KEYCHAIN").is_none() {
            eprintln!("QUORUM_TEST_OS_KEYCHAIN unset: the real-keychain test runs under tests/run-all.sh");
            return;
        }
        round_trip(&OsKeychain, &format!("quorum-test-{}", std::process::id()));
    }
}
