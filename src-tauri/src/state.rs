//! The app's one piece of state: which store, and the open store once unlocked.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use quorum_core::keychain::{Keychain, OsKeychain};
use quorum_core::{KeySources, Store};

pub struct AppState {
    pub store_path: PathBuf,
    pub keychain: Arc<dyn Keychain>,
    pub store: Mutex<Option<Store>>,
    /// Why the last automatic open failed, shown on the unlock screen.
    pub last_error: Mutex<Option<crate::CommandError>>,
}

impl AppState {
    pub fn new(store_path: PathBuf, keychain: Arc<dyn Keychain>) -> AppState {
        AppState { store_path, keychain, store: Mutex::new(None), last_error: Mutex::new(None) }
    }

    /// QUORUM_DB chooses the store (default: the platform's data folder) and
    /// QUORUM_PASSPHRASE unlocks a passphrase store at start; otherwise the keychain is
    /// tried, and the window asks for what is missing.
    pub fn from_environment() -> AppState {
        let store_path = std::env::var_os("QUORUM_DB")
            .map(PathBuf::from)
            .or_else(quorum_core::store::default_store_path)
            .unwrap_or_else(|| PathBuf::from("quorum.db"));
        let state = AppState::new(store_path, Arc::new(OsKeychain));
        if state.store_path.exists() {
            let passphrase = std::env::var("QUORUM_PASSPHRASE").ok().filter(|p| !p.is_empty());
            let _ = state.try_open(passphrase.as_deref());
        }
        state
    }

    /// Opens the store with the passphrase (if any) and the keychain; remembers the error.
    pub fn try_open(&self, passphrase: Option<&str>) -> Result<(), crate::CommandError> {
        let mut sources = KeySources::keychain(self.keychain.as_ref());
        if let Some(passphrase) = passphrase {
            sources.passphrase = Some((quorum_core::Secret::passphrase(passphrase), "the passphrase entered".into()));
        }
        let mut slot = self.store.lock().unwrap();
        *slot = None;
        match Store::open(&self.store_path, &sources) {
            Ok(store) => {
                *slot = Some(store);
                *self.last_error.lock().unwrap() = None;
                Ok(())
            }
            Err(error) => {
                let error = crate::CommandError::from(error);
                *self.last_error.lock().unwrap() = Some(error.clone());
                Err(error)
            }
        }
    }
}
