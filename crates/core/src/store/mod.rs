//! The encrypted store: one SQLCipher 4 file. Opening is key → a read that proves the key
//! → refuse a newer format → all pending migrations in one transaction. Every write goes
//! through [`Store::write`], which appends to the audit trail in the same transaction.

pub mod anchor;
pub mod audit;
pub mod autobackup;
pub mod checks;
mod file;
pub mod key;
mod maintenance;
mod migrate;
pub mod retention;
pub mod salvage;
pub mod wal;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};

use crate::error::{Error, Result};
use crate::keychain::Keychain;
pub use file::PAGE_SIZE;
pub(crate) use file::{place_without_clobber, remove_stale};
/// The store format this build writes (`PRAGMA user_version`).
pub use migrate::LATEST as LATEST_FORMAT;
use file::StoreLock;
pub use key::{KeyMode, KeySources, Secret};
pub use maintenance::{DamagedTable, IntegrityReport, StoreStatus};

/// `PRAGMA application_id` of every Quorum store ("QRM1").
pub const APPLICATION_ID: i32 = 0x5152_4D31;

/// The organisation a new store is made for.
#[derive(Debug, Clone)]
pub struct NewStore {
    pub organisation: String,
    pub time_zone: String,
    /// The ISMS lead who runs the reviews: name and email.
    pub lead: Option<(String, Option<String>)>,
}

/// Who makes a change and when: every write is attributed and timed by its caller, never
/// by a clock read deep in the code.
#[derive(Debug, Clone)]
pub struct Actor {
    pub name: String,
    pub now: DateTime<Utc>,
}

impl Actor {
    pub fn new(name: impl Into<String>, now: DateTime<Utc>) -> Actor {
        Actor { name: name.into(), now }
    }

    pub fn today(&self) -> chrono::NaiveDate {
        self.now.date_naive()
    }
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    secret: Secret,
    /// What the store is keyed by (its `store_key` row), whatever key opened it.
    mode: KeyMode,
    salt: [u8; key::SALT_LEN],
    lock: StoreLock,
    /// What the open found that the user should know (a damaged journal it discarded).
    notice: Option<String>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).field("mode", &self.key_mode()).finish()
    }
}

impl Store {
    /// Creates a store at `path`, refusing to replace anything there. In keychain mode a
    /// random key is made and saved in `keychain` before the file appears, so no store
    /// ever exists without its key.
    pub fn create(path: &Path, new: &NewStore, secret: Secret, keychain: Option<&dyn Keychain>, actor: &Actor) -> Result<Store> {
        if path.exists() {
            return Err(Error::AlreadyExists { path: path.to_owned(), hint: crate::error::STORE_EXISTS.into() });
        }
        let new = &NewStore {
            organisation: crate::text::line("organisation's name", &new.organisation)?,
            lead: match &new.lead {
                Some((name, email)) => Some((crate::text::line("ISMS lead's name", name)?, crate::text::optional_line("ISMS lead's email", email.as_deref())?)),
                None => None,
            },
            ..new.clone()
        };
        if new.organisation.is_empty() {
            return Err(Error::invalid("the organisation's name is empty: give it with --org NAME"));
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(Error::io(parent))?;
        }
        let mut salt = [0u8; key::SALT_LEN];
        getrandom::fill(&mut salt).map_err(|e| Error::invalid(format!("no randomness from the OS: {e}")))?;
        Store::create_salted(path, new, secret, salt, keychain, actor)
    }

    /// [`Store::create`] once the name and the folder are checked. `salt` begins the file
    /// of a raw key (SQLCipher draws its own for a passphrase) and names its keychain entry.
    fn create_salted(path: &Path, new: &NewStore, secret: Secret, salt: [u8; key::SALT_LEN], keychain: Option<&dyn Keychain>, actor: &Actor) -> Result<Store> {
        let secret = secret.with_salt(salt);
        if secret.mode() == KeyMode::Keychain {
            let keychain = keychain.ok_or_else(|| Error::Keychain("no keychain is available for a keychain-mode store".into()))?;
            keychain.set(&key::keychain_account(&salt), &secret.key_hex().expect("raw key"))?;
        }

        file::remove_stale(path, &file::temp_prefix(path, "creating"), ".tmp");
        let tmp = file::temp_beside(path, "creating");
        let built = (|| -> Result<()> {
            let mut conn = secret.open_keyed(&tmp, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)?;
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
            configure(&conn)?;
            migrate::run(&mut conn, &tmp)?;
            let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute("INSERT INTO store_key (id, mode) VALUES (1, ?1)", [secret.mode().as_str()])?;
            tx.execute(
                "INSERT INTO organisation (id, name, time_zone, created_at) VALUES (1, ?1, ?2, ?3)",
                (new.organisation.trim(), &new.time_zone, actor.now.to_rfc3339()),
            )?;
            audit::append(&mut tx, actor, "organisation", "1", "create", None, Some(&serde_json::json!({"name": new.organisation.trim(), "time_zone": new.time_zone})))?;
            if let Some((name, email)) = new.lead.as_ref().filter(|(name, _)| !name.trim().is_empty()) {
                tx.execute("INSERT INTO people (name, email, job_title) VALUES (?1, ?2, 'ISMS lead')", (name.trim(), email))?;
                let id = tx.last_insert_rowid();
                tx.execute("UPDATE organisation SET isms_lead_id = ?1 WHERE id = 1", [id])?;
                audit::append(&mut tx, actor, "person", &id.to_string(), "create", None, Some(&serde_json::json!({"name": name.trim(), "email": email, "isms_lead": true})))?;
            }
            tx.commit()?;
            conn.close().map_err(|(_, e)| Error::from(e))?;
            Ok(())
        })();
        if let Err(e) = built.and_then(|()| file::place_without_clobber(&tmp, path)) {
            file::remove_with_journals(&tmp);
            if let (KeyMode::Keychain, Some(keychain)) = (secret.mode(), keychain) {
                let _ = keychain.delete(&key::keychain_account(&salt));
            }
            return Err(map_path(e, path));
        }
        file::remove_with_journals(&tmp);
        Store::open_with(path, &secret)
    }

    /// Creates a store and fills it (`fill`, e.g. the demo data) before it appears at `path`:
    /// it is built beside `path` and placed only when complete, so a crash or a failure
    /// never leaves a half-made store there, and the next run clears what a killed one left.
    pub fn create_filled<T>(path: &Path, new: &NewStore, secret: Secret, keychain: Option<&dyn Keychain>, actor: &Actor, fill: impl FnOnce(&mut Store) -> Result<T>) -> Result<(Store, T)> {
        if path.exists() {
            return Err(Error::AlreadyExists { path: path.to_owned(), hint: String::new() });
        }
        file::remove_stale(path, &file::temp_prefix(path, "filling"), ".tmp");
        let tmp = file::temp_beside(path, "filling");
        let mut made: Option<(Secret, [u8; key::SALT_LEN])> = None;
        let built = (|| -> Result<T> {
            let mut store = Store::create(&tmp, new, secret, keychain, actor)?;
            made = Some((store.secret.clone(), store.salt));
            let value = fill(&mut store)?;
            store.close()?;
            file::remove_companions(&tmp);
            file::place_without_clobber(&tmp, path)?;
            Ok(value)
        })();
        match (built, made) {
            (Ok(value), Some((secret, _))) => Ok((Store::open_with(path, &secret)?, value)),
            (result, made) => {
                file::remove_with_journals(&tmp);
                if let (Some((secret, salt)), Some(keychain)) = (made, keychain) {
                    if secret.mode() == KeyMode::Keychain {
                        let _ = keychain.delete(&key::keychain_account(&salt));
                    }
                }
                Err(map_path(result.err().unwrap_or_else(|| Error::invalid("the store was not made")), path))
            }
        }
    }

    /// Opens a store with the first source that holds its key. A failed open leaves the
    /// file byte for byte as it was.
    pub fn open(path: &Path, sources: &KeySources) -> Result<Store> {
        let sniffed = file::sniff(path)?;
        let (lock, alone) = StoreLock::open(path)?;
        let wal_damage = wal_damage_if_alone(path, alone);
        let mut tried: Vec<String> = Vec::new();
        let mut wrong_key = false;

        let mut found = None;
        let mut recovered = false;
        for (recovery, (secret, origin)) in [(false, &sources.passphrase), (true, &sources.recovery_key)].into_iter().filter_map(|(r, s)| Some((r, s.as_ref()?))) {
            tried.push(origin.clone());
            if let Some(conn) = try_secret(path, secret, &mut wrong_key).map_err(|e| sniffed.explain(path, e))? {
                found = Some((conn, secret.clone()));
                recovered = recovery;
                break;
            }
        }
        // The keychain is asked only when nothing given opens the store, so a broken or
        // absent keychain never stands in the way of a passphrase.
        let mut keychain_error = None;
        if let (None, Some(keychain)) = (&found, sources.keychain) {
            tried.push(keychain.describe().to_owned());
            for account in [key::keychain_account(&sniffed.salt), key::pending_account(&sniffed.salt)] {
                let secret = match keychain.get(&account) {
                    Ok(Some(hex_key)) => Secret::from_key_hex(&hex_key)?,
                    Ok(None) => continue,
                    Err(error) => {
                        keychain_error = Some(error);
                        break;
                    }
                };
                if let Some(conn) = try_secret(path, &secret, &mut wrong_key).map_err(|e| sniffed.explain(path, e))? {
                    found = Some((conn, secret));
                    break;
                }
            }
        }

        let Some((conn, secret)) = found else {
            if wrong_key {
                return Err(sniffed.explain(path, Error::WrongKey { path: path.to_owned() }));
            }
            if let Some(error) = keychain_error {
                return Err(error);
            }
            let tried = if tried.is_empty() { "nothing (no passphrase, recovery key or keychain was given)".to_owned() } else { tried.join(", ") };
            return Err(sniffed.explain(path, Error::NoKey { path: path.to_owned(), tried }));
        };
        let mode = secret.mode();
        let mut store = Store { conn, path: path.to_owned(), secret, mode, salt: sniffed.salt, lock, notice: wal_damage };
        store.finish_open(recovered, alone)?;
        if let (Some(keychain), KeyMode::Keychain, Some(_)) = (sources.keychain, store.key_mode(), store.secret.key_hex()) {
            store.settle_keychain(keychain)?;
        }
        Ok(store)
    }

    /// Opens with one known secret.
    pub fn open_with(path: &Path, secret: &Secret) -> Result<Store> {
        let sniffed = file::sniff(path)?;
        let (lock, alone) = StoreLock::open(path)?;
        let wal_damage = wal_damage_if_alone(path, alone);
        let conn = unlock(path, secret).map_err(|e| sniffed.explain(path, e))?;
        let mut store = Store { conn, path: path.to_owned(), secret: secret.clone(), mode: secret.mode(), salt: sniffed.salt, lock, notice: wal_damage };
        store.finish_open(false, alone)?;
        Ok(store)
    }

    /// Settings and migrations, then the key mode the store records. A store from before
    /// the record gets it now, unless a recovery key opened it (which says nothing of the mode).
    /// `alone`: this process holds the store's lock exclusively, and shares it from here on.
    fn finish_open(&mut self, recovered: bool, alone: bool) -> Result<()> {
        configure(&self.conn).map_err(|e| map_path(e, &self.path))?;
        let upgrade = migrate::pending(&self.conn).map_err(|e| map_path(e, &self.path))?;
        if upgrade && !alone {
            self.lock.alone("upgrading its format to this version of Quorum")?;
        }
        let finished = self.upgrade_and_settle(recovered, upgrade);
        if alone || upgrade {
            self.lock.share()?;
        }
        finished
    }

    fn upgrade_and_settle(&mut self, recovered: bool, upgrade: bool) -> Result<()> {
        // A migration changes the file for good: keep it as it was first, named by its last
        // write (core reads no clock).
        if upgrade {
            let written = std::fs::metadata(&self.path).and_then(|m| m.modified()).map(DateTime::<Utc>::from).map_err(Error::io(&self.path))?;
            autobackup::take(self, autobackup::BackupReason::BeforeMigration, written)?;
        }
        migrate::run(&mut self.conn, &self.path).map_err(|e| map_path(e, &self.path))?;
        let recorded: Option<String> = self.conn.query_row("SELECT mode FROM store_key WHERE id = 1", [], |row| row.get(0)).optional().map_err(|e| map_path(e.into(), &self.path))?;
        self.mode = match recorded.as_deref() {
            Some("passphrase") => KeyMode::Passphrase,
            Some(_) => KeyMode::Keychain,
            None => {
                if !recovered {
                    self.conn.execute("INSERT OR IGNORE INTO store_key (id, mode) VALUES (1, ?1)", [self.secret.mode().as_str()]).map_err(|e| map_path(e.into(), &self.path))?;
                }
                self.secret.mode()
            }
        };
        Ok(())
    }

    /// A key found only under the pending account (a key change that crashed after the
    /// file was replaced) becomes the store's key.
    fn settle_keychain(&self, keychain: &dyn Keychain) -> Result<()> {
        let main = key::keychain_account(&self.salt);
        let current = self.secret.key_hex().expect("keychain mode has a raw key");
        if keychain.get(&main)?.as_deref() != Some(current.as_str()) {
            keychain.set(&main, &current)?;
        }
        keychain.delete(&key::pending_account(&self.salt))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What opening found that the user should be told, in words (a damaged journal whose
    /// transactions SQLite discarded); `None` when nothing.
    pub fn open_notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Closes the store with everything in its main file (the WAL checkpointed and closed),
    /// so the file can be moved on its own.
    /// Another process that has the store open keeps the journal in use: then what is in it
    /// stays there, for SQLite to checkpoint later.
    pub(crate) fn close(self) -> Result<()> {
        if self.lock.is_alone() {
            self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        self.conn.close().map_err(|(_, e)| Error::from(e))
    }

    /// What unlocks the store (the OS keychain or a passphrase), whatever key opened it.
    pub fn key_mode(&self) -> KeyMode {
        self.mode
    }

    /// Read access. Writes go through [`Store::write`].
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `read` and returns the SQL of every statement it ran on this store, once per
    /// run of a statement. The guards that a screen's statements do not grow with the data
    /// and that none scans a large table read it. The search index's own statements are left
    /// out: FTS5 runs them (its segments, whose merging keeps their number logarithmic, and
    /// a check for changes by other connections).
    pub fn statements_run<T>(&mut self, read: impl FnOnce(&Connection) -> Result<T>) -> Result<(T, Vec<String>)> {
        use rusqlite::trace::{TraceEvent, TraceEventCodes};
        use std::sync::{Arc, Mutex};
        let run = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&run);
        self.conn.trace_v2(
            TraceEventCodes::SQLITE_TRACE_PROFILE,
            Some(move |event: TraceEvent<'_>| {
                if let TraceEvent::Profile(statement, _) = event {
                    let sql = statement.sql();
                    if !sql.contains("'action_search_") && sql != "PRAGMA 'main'.data_version" {
                        sink.lock().expect("the trace's list").push(sql.into_owned());
                    }
                }
            }),
        )?;
        let result = read(&self.conn);
        self.conn.trace_v2(TraceEventCodes::SQLITE_TRACE_PROFILE, None::<fn(TraceEvent<'_>)>)?;
        let statements = std::mem::take(&mut *run.lock().expect("the trace's list"));
        Ok((result?, statements))
    }

    /// Runs `change` in one IMMEDIATE transaction: committed if it returns Ok and recorded
    /// at least one audit event, rolled back otherwise.
    pub fn write<T>(&mut self, actor: &Actor, change: impl FnOnce(&mut Write<'_>) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        let result = (|| {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut write = Write { tx, actor: actor.clone(), events: 0 };
            let value = change(&mut write)?;
            if write.events == 0 {
                return Err(Error::invalid("internal error: a write recorded no audit event, so it was rolled back"));
            }
            write.tx.commit()?;
            Ok(value)
        })();
        result.map_err(|e| map_path(e, &path))
    }
}

/// A transaction in progress, with the audit trail at hand.
pub struct Write<'a> {
    tx: Transaction<'a>,
    actor: Actor,
    events: usize,
}

impl Write<'_> {
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn tx(&self) -> &Transaction<'_> {
        &self.tx
    }

    /// The next number of a never-reused counter (`name` per `year`): MR-YYYY-NN for
    /// reviews, ACT-YYYY-NNN for actions.
    pub fn next_in_sequence(&self, name: &str, year: i32) -> Result<i64> {
        Ok(self.tx.query_row(
            "INSERT INTO sequences (name, year, last) VALUES (?1, ?2, 1)
             ON CONFLICT (name, year) DO UPDATE SET last = last + 1 RETURNING last",
            rusqlite::params![name, year],
            |row| row.get(0),
        )?)
    }

    /// Records one change in the audit trail: `before` and `after` as JSON.
    pub fn audit(&mut self, entity: &str, entity_id: &str, action: &str, before: Option<&serde_json::Value>, after: Option<&serde_json::Value>) -> Result<()> {
        audit::append(&mut self.tx, &self.actor, entity, entity_id, action, before, after)?;
        self.events += 1;
        Ok(())
    }
}

impl std::ops::Deref for Write<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.tx
    }
}

/// `Some(connection)` if `secret` opens the store; `None` (and `wrong_key` set) if it is
/// the wrong key; any other failure is returned.
fn try_secret(path: &Path, secret: &Secret, wrong_key: &mut bool) -> Result<Option<Connection>> {
    match unlock(path, secret) {
        Ok(conn) => Ok(Some(conn)),
        Err(Error::WrongKey { .. }) => {
            *wrong_key = true;
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// The journal read before SQLite opens the file (opening replays it and drops what fails),
/// by a process that has the store alone: another one may be appending to it.
fn wal_damage_if_alone(path: &Path, alone: bool) -> Option<String> {
    alone.then(|| wal::damage(path)).flatten().map(|damage| damage.notice(path))
}

/// Opens a connection and proves the key with a read. Nothing is written.
fn unlock(path: &Path, secret: &Secret) -> Result<Connection> {
    let conn = secret
        .open_keyed(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| map_path(e, path))?;
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get::<_, i64>(0)) {
        Ok(_) => {}
        Err(e) if sqlite_code(&e) == Some(rusqlite::ErrorCode::NotADatabase) => return Err(wrong_key_or_damage(path, secret)),
        Err(e) => return Err(map_path(e.into(), path)),
    }
    let application_id: i32 = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if application_id != APPLICATION_ID && !(application_id == 0 && version == 0) {
        return Err(Error::NotAStore { path: path.to_owned(), what: "an encrypted database of another program".into() });
    }
    if version > migrate::LATEST {
        return Err(Error::TooNew { path: path.to_owned(), found: version, supported: migrate::LATEST });
    }
    if version == 0 {
        return Err(Error::NotAStore { path: path.to_owned(), what: "an encrypted database that Quorum never set up".into() });
    }
    Ok(conn)
}

/// SQLCipher says "not a database" both for a wrong key and for a damaged first page; if
/// the key verifies other pages of the file, the file is damaged and the key is right.
fn wrong_key_or_damage(path: &Path, secret: &Secret) -> Error {
    let salt = match secret {
        Secret::Raw { salt: Some(salt), .. } => Some(*salt),
        _ => file::sniff(path).ok().map(|sniffed| sniffed.salt),
    };
    if let Some(salt) = salt {
        let (opened, read) = file::pages_the_key_opens(path, secret.page_key(&salt).as_ref(), &salt);
        if opened > 0 {
            return Error::Corrupt {
                path: path.to_owned(),
                what: format!("its first page is damaged; the key is right (it opens {opened} of the {read} other pages checked)"),
            };
        }
    }
    Error::WrongKey { path: path.to_owned() }
}

/// Per-connection settings. `temp_store = MEMORY` keeps SQLite's temporary tables and
/// sort files off the disk, where they would not be encrypted.
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(file::BUSY_PATIENCE)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // SQLCipher decrypts a page each time SQLite reads it from the file: a page cache that
    // holds the register's hot pages (64 MiB at most) keeps repeated reads off the cipher.
    conn.pragma_update(None, "cache_size", -65_536)?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::invalid(format!("the store could not switch to WAL journaling (it reports {mode})")));
    }
    Ok(())
}

/// The tables that hold the organisation's records: not SQLite's own, not what unlocks this
/// file (`store_key`), not the search index, which is rebuilt from the records.
pub(crate) const RECORD_TABLES: &str =
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'store_key' AND name NOT LIKE 'action\\_search%' ESCAPE '\\' ORDER BY name";

pub(crate) fn sqlite_code(error: &rusqlite::Error) -> Option<rusqlite::ErrorCode> {
    match error {
        rusqlite::Error::SqliteFailure(e, _) => Some(e.code),
        _ => None,
    }
}

/// Turns SQLite's codes for a full disk, a damaged file or a lock into the error kinds
/// that say what to do.
pub(crate) fn map_path(error: Error, path: &Path) -> Error {
    let Error::Database(db) = &error else { return error };
    // The journal's index (`-shm`) cannot grow when the disk is full, and SQLite says only
    // "disk I/O error" for it, on any read or write.
    let shm_full = matches!(db, rusqlite::Error::SqliteFailure(e, _) if e.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE);
    match sqlite_code(db) {
        Some(rusqlite::ErrorCode::DiskFull) => Error::DiskFull { path: path.to_owned() },
        _ if shm_full => Error::DiskFull { path: path.to_owned() },
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => Error::Corrupt { path: path.to_owned(), what: db.to_string() },
        Some(rusqlite::ErrorCode::NotADatabase) => Error::Corrupt { path: path.to_owned(), what: db.to_string() },
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => Error::InUse {
            path: path.to_owned(),
            why: format!("is busy: {} kept it locked for writing for longer than {} seconds. Wait for it to finish and try again", file::holders(path), file::BUSY_PATIENCE.as_secs()),
        },
        _ => error,
    }
}

/// The platform's data folder for Quorum, e.g. `~/.local/share/quorum` on Linux,
/// `~/Library/Application Support/org.quorum.Quorum` on macOS, `%APPDATA%\Quorum\Quorum\data`
/// on Windows.
pub fn default_store_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Quorum", "Quorum").map(|dirs| dirs.data_dir().join("quorum.db"))
}

/// The user's documents folder (`~/Documents`, or what XDG, macOS or Windows name it),
/// where the app suggests its exports; None when the platform has none that exists.
pub fn documents_folder() -> Option<PathBuf> {
    directories::UserDirs::new()?.document_dir().map(Path::to_owned).filter(|dir| dir.is_dir())
}

/// Where the app notes which store it had open last: one line, the store's path (a
/// location, none of the store's content), in the data folder beside the default store.
fn last_store_note() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Quorum", "Quorum").map(|dirs| dirs.data_dir().join("last-store"))
}

/// The store the app had open last, if that file still exists.
pub fn remembered_store_path() -> Option<PathBuf> {
    read_store_note(&last_store_note()?)
}

/// Notes `store` as the one to open next time.
pub fn remember_store_path(store: &Path) -> Result<()> {
    let note = last_store_note().ok_or_else(|| Error::invalid("this system has no home folder to keep the app's settings in"))?;
    write_store_note(&note, store)
}

fn read_store_note(note: &Path) -> Option<PathBuf> {
    let noted = std::fs::read_to_string(note).ok()?;
    Some(PathBuf::from(noted.trim_end_matches(['\r', '\n']))).filter(|path| path.is_file())
}

/// A crash leaves the old note or the new one, never half of one.
fn write_store_note(note: &Path, store: &Path) -> Result<()> {
    let folder = note.parent().expect("the note is inside a folder");
    std::fs::create_dir_all(folder).map_err(Error::io(folder))?;
    crate::export::write_replacing(note, |tmp| std::fs::write(tmp, format!("{}\n", store.display())).map_err(Error::io(tmp)))
}

#[cfg(test)]
mod salt_tests {
    use super::*;

    /// A store is 16 random bytes first; now and then they spell another format's signature.
    #[test]
    fn a_store_whose_salt_spells_another_format_still_opens() {
        let dir = tempfile::tempdir().unwrap();
        let keychain = crate::keychain::MemoryKeychain::default();
        let actor = Actor::new("Ana Lead", chrono::Utc::now());
        for (name, signature) in [("gzip", &b"\x1F\x8B"[..]), ("jpeg", b"\xFF\xD8\xFF"), ("pdf", b"%PDF-"), ("zip", b"PK\x03\x04")] {
            let path = dir.path().join(format!("{name}.db"));
            let mut salt = [0x5Au8; key::SALT_LEN];
            salt[..signature.len()].copy_from_slice(signature);
            let new = NewStore { organisation: "Acme".into(), time_zone: "Europe/London".into(), lead: None };
            let store = Store::create_salted(&path, &new, Secret::random_key().unwrap(), salt, Some(&keychain), &actor).unwrap();
            let recovery_key = store.recovery_key();
            drop(store);
            assert!(std::fs::read(&path).unwrap().starts_with(signature));
            Store::open(&path, &KeySources::keychain(&keychain)).unwrap_or_else(|e| panic!("{name}: {e}"));
            // Without the key it is said to be what it resembles, as a file of that kind would be.
            let error = Store::open(&path, &KeySources::passphrase("not the key")).unwrap_err();
            assert_eq!(error.kind(), "not_a_store", "{name}: {error}");
            let recovered = KeySources { recovery_key: Some((Secret::from_recovery_key(&recovery_key).unwrap(), "the recovery key".into())), ..KeySources::default() };
            Store::open(&path, &recovered).unwrap_or_else(|e| panic!("{name} by its recovery key: {e}"));
        }
    }
}

#[cfg(test)]
mod store_note_tests {
    use super::*;

    #[test]
    fn the_note_names_the_store_opened_last_while_it_exists() {
        let dir = tempfile::tempdir().unwrap();
        let note = dir.path().join("data").join("last-store");
        assert_eq!(read_store_note(&note), None, "no note yet");
        let first = dir.path().join("first store.db");
        let second = dir.path().join("sécond.db");
        std::fs::write(&first, b"x").unwrap();
        std::fs::write(&second, b"x").unwrap();
        write_store_note(&note, &first).unwrap();
        assert_eq!(read_store_note(&note), Some(first.clone()));
        write_store_note(&note, &second).unwrap();
        assert_eq!(read_store_note(&note), Some(second.clone()));
        std::fs::remove_file(&second).unwrap();
        assert_eq!(read_store_note(&note), None, "a store that was moved away is not offered");
    }
}
