//! Looking after the store as a whole: status, integrity, backup and restore, and key
//! changes. Every operation that replaces the file builds the new one beside it, proves it
//! opens, and only then renames it into place, so the old file stays intact until then.

use std::path::{Path, PathBuf};

use rusqlite::{backup::Backup, Connection, OpenFlags};

use super::{audit, file, key, map_path, migrate, unlock, Actor, KeyMode, Secret, Store, StoreLock};
use crate::error::{Error, Result};
use crate::keychain::Keychain;

#[derive(Debug, Clone, serde::Serialize)]
pub struct StoreStatus {
    pub path: PathBuf,
    pub format_version: i64,
    pub key_mode: KeyMode,
    pub organisation: String,
    pub size_bytes: u64,
    pub tables: Vec<(String, i64)>,
    pub audit: audit::ChainReport,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct IntegrityReport {
    /// `PRAGMA integrity_check`: "ok" or SQLite's list of faults.
    pub sqlite: Vec<String>,
    /// `PRAGMA cipher_integrity_check`: an empty list means every page's HMAC verified.
    pub cipher: Vec<String>,
    pub foreign_keys: Vec<String>,
    pub audit: audit::ChainReport,
    /// Tables whose rows cannot all be read (a damaged page), with SQLite's words.
    pub damaged_tables: Vec<DamagedTable>,
    /// What the store's own rules would have refused ([`super::checks`]).
    pub findings: Vec<super::checks::Finding>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DamagedTable {
    pub table: String,
    pub problem: String,
}

impl IntegrityReport {
    /// Every check passed: the file is sound and the rows keep the store's rules.
    pub fn is_ok(&self) -> bool {
        self.is_sound() && self.foreign_keys.is_empty() && self.findings.is_empty()
    }

    /// The file is sound: every page and table reads and the audit chain holds (what a
    /// restore requires of a backup; rule findings are reported, not a reason to refuse it).
    pub fn is_sound(&self) -> bool {
        self.sqlite == ["ok"] && self.cipher.is_empty() && self.audit.is_intact() && self.damaged_tables.is_empty()
    }
}

/// Reads every row of every table; the tables that cannot be read whole are damaged.
fn damaged_tables(conn: &Connection) -> Vec<DamagedTable> {
    let names = (|| -> Result<Vec<String>> {
        let mut statement = conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?;
        let names = statement.query_map([], |row| row.get(0))?.collect::<Result<Vec<String>, _>>()?;
        Ok(names)
    })();
    let names = match names {
        Ok(names) => names,
        Err(e) => return vec![DamagedTable { table: "sqlite_schema".into(), problem: format!("the list of tables cannot be read: {e}") }],
    };
    let mut damaged = Vec::new();
    for table in names {
        let read = (|| -> Result<()> {
            let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
            let columns = statement.column_count();
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                for i in 0..columns {
                    row.get_ref(i)?;
                }
            }
            Ok(())
        })();
        if let Err(e) = read {
            damaged.push(DamagedTable { table, problem: e.to_string() });
        }
    }
    damaged
}

impl Store {
    pub fn status(&self) -> Result<StoreStatus> {
        let conn = self.conn();
        let mut tables = Vec::new();
        let mut names = conn.prepare(super::RECORD_TABLES)?;
        for name in names.query_map([], |row| row.get::<_, String>(0))? {
            let name = name?;
            let count: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |row| row.get(0))?;
            tables.push((name, count));
        }
        Ok(StoreStatus {
            path: self.path.clone(),
            format_version: conn.pragma_query_value(None, "user_version", |row| row.get(0))?,
            key_mode: self.key_mode(),
            organisation: conn.query_row("SELECT name FROM organisation WHERE id = 1", [], |row| row.get(0))?,
            size_bytes: std::fs::metadata(&self.path).map_err(Error::io(&self.path))?.len(),
            tables,
            audit: audit::verify(conn)?,
        })
    }

    /// SQLite's and SQLCipher's integrity checks, foreign keys, the audit chain, every
    /// table read row by row, and the store's own rules ([`super::checks`]). Never stops at
    /// the first fault: a check that cannot finish on a damaged file says so in its place
    /// and the others still run.
    pub fn verify(&self) -> Result<IntegrityReport> {
        let conn = self.conn();
        let column = |sql: &str| -> Vec<String> {
            let read = (|| -> Result<Vec<String>> {
                let mut statement = conn.prepare(sql)?;
                let rows = statement.query_map([], |row| row.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
                Ok(rows)
            })();
            read.unwrap_or_else(|e| vec![format!("{sql} could not finish: {e}")])
        };
        let foreign_keys = (|| -> Result<Vec<String>> {
            let mut statement = conn.prepare("PRAGMA foreign_key_check")?;
            let rows = statement
                .query_map([], |row| Ok(format!("{} row {} points at a missing {}", row.get::<_, String>(0)?, row.get::<_, i64>(1)?, row.get::<_, String>(2)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })()
        .unwrap_or_else(|e| vec![format!("the foreign key check could not finish: {e}")]);
        let audit = audit::verify(conn).unwrap_or_else(|e| audit::ChainReport {
            events: 0,
            first_broken: Some(audit::BrokenLink { event_id: 0, problem: format!("the audit trail cannot be read: {e}") }),
        });
        let damaged_tables = damaged_tables(conn);
        // The rules read the rows again; on a damaged table they would only repeat SQLite's words.
        let findings = super::checks::run(conn)
            .into_iter()
            .filter(|f| !(f.problem.starts_with("the check could not read") && !damaged_tables.is_empty()))
            .collect();
        Ok(IntegrityReport { sqlite: column("PRAGMA integrity_check"), cipher: column("PRAGMA cipher_integrity_check"), foreign_keys, audit, damaged_tables, findings })
    }

    /// An encrypted copy of the whole store through SQLite's online backup, consistent even
    /// while the store is in use. The copy keeps this store's key and salt, so whatever
    /// opens the store (passphrase, keychain entry, recovery key) opens the backup too.
    pub fn backup_to(&self, dest: &Path, mut progress: impl FnMut(u64, u64)) -> Result<()> {
        if dest.exists() {
            return Err(Error::AlreadyExists { path: dest.to_owned(), hint: "; a backup never replaces a file. Choose another path".into() });
        }
        file::remove_stale(dest, &file::temp_prefix(dest, "backup"), ".tmp");
        let tmp = file::temp_beside(dest, "backup");
        let secret = Secret::Raw { key: self.secret.page_key(&self.salt), salt: Some(self.salt) };
        let result = (|| -> Result<()> {
            let mut target = secret.open_keyed(&tmp, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)?;
            {
                let backup = Backup::new(self.conn(), &mut target)?;
                loop {
                    let more = backup.step(256)?;
                    let p = backup.progress();
                    progress((p.pagecount - p.remaining) as u64, p.pagecount as u64);
                    if more == rusqlite::backup::StepResult::Done {
                        break;
                    }
                }
            }
            target.pragma_update(None, "journal_mode", "WAL")?;
            target.close().map_err(|(_, e)| Error::from(e))?;
            let copy = unlock(&tmp, &secret)?;
            let check: String = copy.query_row("PRAGMA quick_check", [], |row| row.get(0))?;
            if check != "ok" {
                return Err(Error::Corrupt { path: tmp.clone(), what: check });
            }
            copy.close().map_err(|(_, e)| Error::from(e))?;
            Ok(())
        })();
        match result.and_then(|()| {
            file::remove_journals(&tmp);
            file::place_without_clobber(&tmp, dest)
        }) {
            Ok(()) => Ok(()),
            Err(e) => {
                file::remove_with_journals(&tmp);
                Err(map_path(e, dest))
            }
        }
    }

    /// Replaces (or creates) the store at `dest` with `backup`, after proving that the
    /// backup opens with `secret`-bearing sources and passes its integrity checks. An
    /// existing store is replaced only with `overwrite`.
    pub fn restore(backup: &Path, dest: &Path, sources: &key::KeySources, overwrite: bool) -> Result<()> {
        if dest.exists() && !overwrite {
            return Err(Error::AlreadyExists { path: dest.to_owned(), hint: "; pass --force to replace it with the backup".into() });
        }
        let dest_lock = StoreLock::exclusive(dest, "a restore over it")?;
        let wal = file::sidecar_dash(dest, "wal");
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            return Err(Error::Conflict(format!(
                "{} was not closed cleanly (its journal {} holds changes): open it once with Quorum, then restore",
                dest.display(),
                wal.display()
            )));
        }
        file::remove_stale(dest, &file::temp_prefix(dest, "restore"), ".tmp");
        let tmp = file::temp_beside(dest, "restore");
        std::fs::copy(backup, &tmp).map_err(Error::io(&tmp))?;
        let proved = (|| -> Result<()> {
            let store = Store::open(&tmp, sources).map_err(|e| rename_path(e, &tmp, backup))?;
            let report = store.verify()?;
            if !report.is_sound() || !report.foreign_keys.is_empty() {
                return Err(Error::Corrupt { path: backup.to_owned(), what: format!("the backup fails its integrity checks: {report:?}") });
            }
            drop(store);
            Ok(())
        })();
        // Proving opened the copy, which backs up an older format before migrating it:
        // that backup is of a temporary file, not the user's.
        let _ = std::fs::remove_dir_all(super::autobackup::folder(&tmp));
        if let Err(e) = proved {
            file::remove_with_journals(&tmp);
            let _ = std::fs::remove_file(file::sidecar(&tmp, "lock"));
            return Err(e);
        }
        file::remove_companions(&tmp);
        file::remove_journals(dest);
        std::fs::rename(&tmp, dest).map_err(Error::io(dest))?;
        drop(dest_lock);
        Ok(())
    }

    /// Replaces this open store with one of its backups, as the window's "restore" does. The
    /// backup is proved first (it opens with `sources` and passes its checks): one that does
    /// not changes nothing and keeps no backup. Then the store as it is goes into its
    /// automatic backups, and the backup replaces it. What is at the path is opened again with
    /// the backup's key (from `sources`, else this store's own), so the caller always gets an
    /// open store back: the restored one, or this one unchanged with the error that stopped it.
    pub fn restore_from(self, backup: &Path, sources: &key::KeySources, now: chrono::DateTime<chrono::Utc>) -> Result<(Store, Option<Error>)> {
        let proved = read_copy(backup, &self.path, "prove", sources, |copy| {
            if !copy.verify()?.is_sound() {
                return Err(Error::Corrupt { path: backup.to_owned(), what: "the backup fails its integrity checks".into() });
            }
            Ok(())
        });
        if let Err(error) = proved.and_then(|()| super::autobackup::take(&self, super::autobackup::BackupReason::BeforeRestore, now).map(|_| ())) {
            return Ok((self, Some(error)));
        }
        let path = self.path.clone();
        let own = key::KeySources { passphrase: Some((self.secret.clone(), "the store's own key".into())), ..Default::default() };
        drop(self);
        let restored = Store::restore(backup, &path, sources, true).err();
        let reopened = Store::open(&path, sources).or_else(|_| Store::open(&path, &own))?;
        Ok((reopened, restored))
    }

    /// The recovery key: the key SQLCipher encrypts this store's pages with, and the file's
    /// salt, as 96 hex digits. With it any SQLCipher 4 tool opens the store
    /// (`PRAGMA key = "x'…'"`), and so does `quorum --recovery-key-file`.
    pub fn recovery_key(&self) -> zeroize::Zeroizing<String> {
        let key = self.secret.page_key(&self.salt);
        zeroize::Zeroizing::new(format!("{}{}", hex::encode_upper(key.as_ref()), hex::encode_upper(self.salt)))
    }

    /// Changes what unlocks the store: a new passphrase, a fresh random key in the keychain
    /// (key rotation), or a switch between the two modes. The new file is made beside the
    /// old with `PRAGMA rekey`, reopened with the new secret and checked, and only then
    /// renamed over the old one; a new keychain key is saved before the rename under a
    /// pending name, so whichever file a crash leaves has its key.
    pub fn change_secret(&mut self, new_secret: Secret, keychain: Option<&dyn Keychain>, actor: &Actor) -> Result<()> {
        if new_secret.mode() == KeyMode::Keychain && keychain.is_none() {
            return Err(Error::Keychain("no keychain is available for a keychain-mode store".into()));
        }
        // The file is replaced: no other process may hold the old one open.
        self.lock.alone("a key change")?;
        let changed = self.change_secret_alone(new_secret, keychain, actor);
        self.lock.share()?;
        changed
    }

    fn change_secret_alone(&mut self, new_secret: Secret, keychain: Option<&dyn Keychain>, actor: &Actor) -> Result<()> {
        let old_mode = self.key_mode();
        let action = match (old_mode, new_secret.mode()) {
            (KeyMode::Passphrase, KeyMode::Passphrase) => "change_passphrase",
            (KeyMode::Keychain, KeyMode::Keychain) => "rotate_key",
            (_, KeyMode::Keychain) => "switch_to_keychain",
            (_, KeyMode::Passphrase) => "switch_to_passphrase",
        };
        // Recorded first, so the event travels inside the re-keyed file.
        self.write(actor, |w| {
            w.execute("INSERT OR REPLACE INTO store_key (id, mode) VALUES (1, ?1)", [new_secret.mode().as_str()])?;
            w.audit("store", "key", action, Some(&serde_json::json!({"mode": old_mode.as_str()})), Some(&serde_json::json!({"mode": new_secret.mode().as_str()})))
        })?;
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;

        let tmp = file::temp_beside(&self.path, "rekey");
        std::fs::copy(&self.path, &tmp).map_err(Error::io(&tmp))?;
        let prepared = (|| -> Result<()> {
            let conn = unlock(&tmp, &self.secret)?;
            // SQLCipher re-keys a rollback-journal database; WAL comes back afterwards.
            conn.pragma_update(None, "journal_mode", "DELETE")?;
            new_secret.apply_rekey(&conn)?;
            conn.close().map_err(|(_, e)| Error::from(e))?;
            let conn = unlock(&tmp, &new_secret)?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            let check: String = conn.query_row("PRAGMA quick_check", [], |row| row.get(0))?;
            if check != "ok" {
                return Err(Error::Corrupt { path: tmp.clone(), what: check });
            }
            let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
            if version != migrate::LATEST {
                return Err(Error::invalid("the re-keyed copy lost its format version"));
            }
            conn.close().map_err(|(_, e)| Error::from(e))?;
            if let (Some(keychain), Some(hex_key)) = (keychain, new_secret.key_hex()) {
                keychain.set(&key::pending_account(&self.salt), &hex_key)?;
            }
            Ok(())
        })();
        if let Err(e) = prepared {
            file::remove_with_journals(&tmp);
            return Err(map_path(e, &self.path));
        }
        file::remove_journals(&tmp);

        // Swap: close our connection (the old file's WAL is empty after the checkpoint),
        // rename the new file over the old, reopen.
        let placeholder = Connection::open_in_memory()?;
        let old = std::mem::replace(&mut self.conn, placeholder);
        old.close().map_err(|(_, e)| Error::from(e))?;
        std::fs::rename(&tmp, &self.path).map_err(Error::io(&self.path))?;
        file::remove_journals(&self.path);
        self.secret = new_secret;
        self.conn = unlock(&self.path, &self.secret)?;
        // Not `alone` for finish_open: the caller shares the lock again.
        self.finish_open(false, false)?;
        if let Some(keychain) = keychain {
            match self.key_mode() {
                KeyMode::Keychain => self.settle_keychain(keychain)?,
                KeyMode::Passphrase if old_mode == KeyMode::Keychain => {
                    keychain.delete(&key::keychain_account(&self.salt))?;
                    keychain.delete(&key::pending_account(&self.salt))?;
                }
                KeyMode::Passphrase => {}
            }
        }
        Ok(())
    }
}

/// An error about a temporary copy reads better naming the file the user gave.
pub(super) fn rename_path(error: Error, from: &Path, to: &Path) -> Error {
    match error {
        Error::WrongKey { path } if path == from => Error::WrongKey { path: to.to_owned() },
        Error::NotAStore { path, what } if path == from => Error::NotAStore { path: to.to_owned(), what },
        Error::Corrupt { path, what } if path == from => Error::Corrupt { path: to.to_owned(), what },
        Error::TooNew { path, found, supported } if path == from => Error::TooNew { path: to.to_owned(), found, supported },
        Error::NoKey { path, tried } if path == from => Error::NoKey { path: to.to_owned(), tried },
        other => other,
    }
}

/// Opens a copy of the store file `original` (made beside `beside`, named for `purpose`) and
/// reads it with `read`. The copy and all that opening it left (journals, lock, the backup an
/// older format gets before its migration) are removed after: `original` is never written.
pub(crate) fn read_copy<T>(original: &Path, beside: &Path, purpose: &str, sources: &key::KeySources, read: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
    let copy = file::temp_beside(beside, purpose);
    let result = std::fs::copy(original, &copy).map_err(Error::io(&copy)).and_then(|_| {
        let store = Store::open(&copy, sources).map_err(|e| rename_path(e, &copy, original))?;
        read(&store)
    });
    file::remove_with_journals(&copy);
    let _ = std::fs::remove_file(file::sidecar(&copy, "lock"));
    let _ = std::fs::remove_dir_all(super::autobackup::folder(&copy));
    result
}
