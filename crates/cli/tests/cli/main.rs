//! The real `quorum` binary against temporary stores; what it wrote is then checked
//! through quorum-core or by the file's bytes.

mod action;
mod export;
mod review;
mod registers;
mod robust;
mod schedule;
mod signatures;
mod store;
mod verify;
mod workflow;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub const PASSPHRASE: &str = "correct horse battery staple";
pub const NOW: &str = "2027-03-01T09:00:00Z";

/// A temporary folder with a store path in it, and a way to run `quorum` on it.
pub struct Workspace {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Workspace {
    pub fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("quorum.db");
        Workspace { dir, db }
    }

    /// A workspace with a passphrase store already made.
    pub fn with_store() -> Workspace {
        let workspace = Workspace::new();
        workspace.quorum(&["init", "--org", "Zoë & Łukasz GmbH", "--key", "passphrase", "--lead", "Ana Lead"]).assert().success();
        workspace
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `quorum --db <db> --no-keychain <args>` with the test passphrase and a fixed now.
    pub fn quorum(&self, args: &[&str]) -> Command {
        let mut command = self.bare();
        command.env("QUORUM_PASSPHRASE", PASSPHRASE);
        command.args(args);
        command
    }

    /// `quorum --db <db> --no-keychain` with no key in the environment.
    pub fn bare(&self) -> Command {
        let mut command = Command::cargo_bin("quorum").unwrap();
        command
            .env_remove("QUORUM_PASSPHRASE")
            .env_remove("QUORUM_NEW_PASSPHRASE")
            .env_remove("QUORUM_DB")
            .env("QUORUM_NOW", NOW)
            .env("QUORUM_USER", "Ana Lead")
            .arg("--db")
            .arg(&self.db)
            .arg("--no-keychain");
        command
    }

    /// Runs `quorum --json <args>` and parses what it printed (stdout on success, the
    /// error object on stderr otherwise), with the exit code.
    pub fn json(&self, args: &[&str]) -> (i32, serde_json::Value) {
        let output = self.quorum(&[&["--json"], args].concat()).output().unwrap();
        // A failed check still prints its report on stdout; an error goes to stderr.
        let text = if output.stdout.is_empty() { &output.stderr } else { &output.stdout };
        let value = serde_json::from_slice(text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(text)));
        (output.status.code().unwrap(), value)
    }

    pub fn open(&self) -> quorum_core::Store {
        quorum_core::Store::open(&self.db, &quorum_core::KeySources::passphrase(PASSPHRASE)).unwrap()
    }
}

pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}
