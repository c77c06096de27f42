//! The app's one piece of state: which store, and the open store once unlocked.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex, MutexGuard};

use quorum_core::keychain::{Keychain, OsKeychain};
use quorum_core::{KeySources, Store};

pub struct AppState {
    /// The store the window works on. It changes when the user opens another file.
    pub store_path: Mutex<PathBuf>,
    pub keychain: Arc<dyn Keychain>,
    pub store: Mutex<Option<Store>>,
    /// Why the last automatic open failed, shown on the unlock screen.
    pub last_error: Mutex<Option<crate::CommandError>>,
    /// The key mode of the store last open, so the unlock screen knows whether to ask for
    /// a passphrase or to fetch the key from the keychain again.
    pub last_key_mode: Mutex<Option<String>>,
    /// Whether a store the user opens becomes the one opened at the next start. Off when
    /// QUORUM_DB chose the store (tests, scripts) and in tests of the commands.
    pub remember_opened: bool,
    /// Existing files the user chose in the system's Save dialog (which asked before
    /// replacing): the next export to that path replaces it. Used up by that export.
    pub confirmed_replacements: Mutex<std::collections::HashSet<PathBuf>>,
    /// The Save and Open dialogs: None for the native ones (the dialog plugin); tests put a
    /// scripted user here.
    pub file_picker: Option<Arc<dyn crate::commands::files::FilePicker>>,
    /// The store being opened at start on its own thread, so the keychain lookup and (in
    /// passphrase mode) the key derivation overlap the window's creation and WebKit's start;
    /// `lock_store` waits for it.
    opening: Mutex<Option<Receiver<quorum_core::Result<Store>>>>,
}

/// Where keys come from in the window: the passphrase typed (if any), then the keychain.
fn key_sources<'k>(keychain: &'k dyn Keychain, passphrase: Option<&str>) -> KeySources<'k> {
    let mut sources = KeySources::keychain(keychain);
    if let Some(passphrase) = passphrase {
        sources.passphrase = Some((quorum_core::Secret::passphrase(passphrase), "the passphrase entered".into()));
    }
    sources
}

impl AppState {
    pub fn new(store_path: PathBuf, keychain: Arc<dyn Keychain>) -> AppState {
        AppState { store_path: Mutex::new(store_path), keychain, store: Mutex::new(None), last_error: Mutex::new(None), last_key_mode: Mutex::new(None), remember_opened: false, confirmed_replacements: Default::default(), file_picker: None, opening: Mutex::new(None) }
    }

    /// QUORUM_DB chooses the store (default: the store opened last, else the platform's
    /// data folder). Nothing is opened yet: see `start_opening`.
    pub fn from_environment() -> AppState {
        let chosen = std::env::var_os("QUORUM_DB").filter(|p| !p.is_empty()).map(PathBuf::from);
        let remember_opened = chosen.is_none();
        let store_path = chosen
            .or_else(quorum_core::store::remembered_store_path)
            .or_else(quorum_core::store::default_store_path)
            .unwrap_or_else(|| PathBuf::from("quorum.db"));
        let mut state = AppState::new(store_path, Arc::new(OsKeychain));
        state.remember_opened = remember_opened;
        state
    }

    /// Starts opening the store on its own thread (QUORUM_PASSPHRASE unlocks a passphrase
    /// store; otherwise the keychain is tried, and the window asks for what is missing), so
    /// the keychain lookup and the key derivation overlap the window's creation and WebKit's
    /// start. Called only once this process is the one running instance: a second launch
    /// exits before it, with no thread inside SQLCipher, OpenSSL or the keychain.
    pub fn start_opening(&self) {
        if !self.path().exists() {
            return;
        }
        let passphrase = std::env::var("QUORUM_PASSPHRASE").ok().filter(|p| !p.is_empty());
        let (path, keychain) = (self.path(), self.keychain.clone());
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let opened = Store::open(&path, &key_sources(keychain.as_ref(), passphrase.as_deref()));
            crate::trace::mark("store-opened");
            let _ = sender.send(opened);
        });
        *self.opening.lock().unwrap() = Some(receiver);
    }

    /// The open store, once the opening started at start (if any) has finished.
    pub fn lock_store(&self) -> MutexGuard<'_, Option<Store>> {
        let opening = self.opening.lock().unwrap().take();
        if let Some(receiver) = opening {
            match receiver.recv() {
                Ok(Ok(store)) => self.set_open(store),
                Ok(Err(error)) => *self.last_error.lock().unwrap() = Some(error.into()),
                Err(_) => {}
            }
        }
        self.store.lock().unwrap()
    }

    pub fn path(&self) -> PathBuf {
        self.store_path.lock().unwrap().clone()
    }

    pub fn set_path(&self, path: &Path) {
        *self.store_path.lock().unwrap() = path.to_owned();
    }

    /// Keeps `store` as the open store.
    pub fn set_open(&self, store: Store) {
        *self.last_key_mode.lock().unwrap() = Some(store.key_mode().as_str().to_owned());
        *self.last_error.lock().unwrap() = None;
        if self.remember_opened {
            // Failing to note it costs only the choice at the next start: not worth an error.
            let _ = quorum_core::store::remember_store_path(store.path());
        }
        *self.store.lock().unwrap() = Some(store);
    }

    /// Where keys come from in the window: the passphrase typed (if any), then the keychain.
    pub fn key_sources(&self, passphrase: Option<&str>) -> KeySources<'_> {
        key_sources(self.keychain.as_ref(), passphrase)
    }

    /// Opens the store with the passphrase (if any) and the keychain; remembers the error.
    pub fn try_open(&self, passphrase: Option<&str>) -> Result<(), crate::CommandError> {
        // Close the store first (after the start's opening, if any): it holds the file's lock.
        *self.lock_store() = None;
        match Store::open(&self.path(), &self.key_sources(passphrase)) {
            Ok(store) => {
                self.set_open(store);
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
