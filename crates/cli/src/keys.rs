//! Where the CLI finds keys, the actor and the time: flags and environment, in the order
//! the README documents.

use std::path::{Path, PathBuf};

use quorum_core::keychain::{Keychain, OsKeychain};
use quorum_core::{Actor, Error, KeySources, Result, Secret};

use crate::Global;

pub static OS_KEYCHAIN: OsKeychain = OsKeychain;

pub fn store_path(global: &Global) -> Result<PathBuf> {
    global.db.clone().or_else(quorum_core::store::default_store_path).ok_or_else(|| {
        Error::invalid("this system has no data folder for Quorum: pass --db PATH or set QUORUM_DB")
    })
}

fn first_line(path: &Path, what: &str) -> Result<String> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::invalid(format!("cannot read the {what} file {}: {e}", path.display())))?;
    let line = text.lines().next().unwrap_or("").to_owned();
    if line.is_empty() {
        return Err(Error::invalid(format!("the {what} file {} is empty", path.display())));
    }
    Ok(line)
}

/// The passphrase from --passphrase-file, else QUORUM_PASSPHRASE.
pub fn passphrase(global: &Global) -> Result<Option<(Secret, String)>> {
    if let Some(file) = &global.passphrase_file {
        return Ok(Some((Secret::passphrase(first_line(file, "passphrase")?), format!("--passphrase-file {}", file.display()))));
    }
    match std::env::var("QUORUM_PASSPHRASE") {
        Ok(text) if !text.is_empty() => Ok(Some((Secret::passphrase(text), "QUORUM_PASSPHRASE".into()))),
        _ => Ok(None),
    }
}

pub fn keychain(global: &Global) -> Option<&'static dyn Keychain> {
    (!global.no_keychain).then_some(&OS_KEYCHAIN as &dyn Keychain)
}

pub fn sources(global: &Global) -> Result<KeySources<'static>> {
    let recovery_key = match &global.recovery_key_file {
        Some(file) => Some((Secret::from_recovery_key(&first_line(file, "recovery key")?)?, format!("--recovery-key-file {}", file.display()))),
        None => None,
    };
    Ok(KeySources { passphrase: passphrase(global)?, recovery_key, keychain: keychain(global) })
}

/// A new passphrase: from the file, else QUORUM_NEW_PASSPHRASE.
pub fn new_passphrase(file: Option<&Path>) -> Result<Secret> {
    let text = match file {
        Some(file) => first_line(file, "new passphrase")?,
        None => std::env::var("QUORUM_NEW_PASSPHRASE").unwrap_or_default(),
    };
    if text.is_empty() {
        return Err(Error::invalid("no new passphrase: pass --new-passphrase-file FILE or set QUORUM_NEW_PASSPHRASE"));
    }
    Secret::new_passphrase(text)
}

/// The passphrase for a new passphrase-mode store.
pub fn creation_passphrase(global: &Global) -> Result<Secret> {
    match passphrase(global)? {
        Some((Secret::Passphrase(text), _)) => Secret::new_passphrase(text.as_str()),
        _ => Err(Error::invalid("a passphrase store needs a passphrase: set QUORUM_PASSPHRASE or pass --passphrase-file FILE")),
    }
}

/// Who acts, and when. QUORUM_NOW (RFC 3339) fixes the time for scripted and tested runs.
pub fn actor(global: &Global) -> Result<Actor> {
    let name = global
        .actor
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .unwrap_or_else(|| "quorum".into());
    Ok(Actor::new(name, now()?))
}

pub fn now() -> Result<chrono::DateTime<chrono::Utc>> {
    quorum_core::clock::now()
}
