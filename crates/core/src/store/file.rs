//! The store file seen from outside SQLite: what kind of file it is before any key is
//! tried, the lock that keeps a second Quorum process out, and no-clobber placement.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::store::key::SALT_LEN;

/// SQLCipher's page size; an intact store is a whole number of pages.
pub const PAGE_SIZE: u64 = 4096;

/// What the first bytes of a would-be store say, before any key is tried.
pub(crate) struct Sniffed {
    pub salt: [u8; SALT_LEN],
    /// A short signature of another format at the start of a file that is otherwise shaped
    /// like a store. A store begins with 16 random bytes (its salt), which now and then
    /// happen to spell one (gzip's two bytes, one store in 65,536), so this only names the
    /// file once no key opens it.
    pub resembles: Option<&'static str>,
}

impl Sniffed {
    /// A failure to open, said as "not a store" when the file began like another format.
    pub fn explain(&self, path: &Path, error: Error) -> Error {
        match (self.resembles, &error) {
            (Some(what), Error::WrongKey { .. } | Error::NoKey { .. } | Error::Corrupt { .. }) => Error::NotAStore { path: path.to_owned(), what: what.to_owned() },
            _ => error,
        }
    }
}

pub(crate) fn sniff(path: &Path) -> Result<Sniffed> {
    let not_a_store = |what: &str| Error::NotAStore { path: path.to_owned(), what: what.to_owned() };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Error::NoStore { path: path.to_owned() }),
        Err(e) => return Err(Error::io(path)(e)),
    };
    if metadata.is_dir() {
        return Err(not_a_store("a folder"));
    }
    let len = metadata.len();
    if len == 0 {
        return Err(not_a_store("an empty file"));
    }
    let mut head = Vec::with_capacity(PAGE_SIZE as usize);
    File::open(path)
        .and_then(|f| f.take(PAGE_SIZE).read_to_end(&mut head))
        .map_err(Error::io(path))?;
    let whole_pages = len >= PAGE_SIZE && len % PAGE_SIZE == 0;
    let resembles = match known_format(&head) {
        Some(Signature { what, conclusive: true }) => return Err(not_a_store(what)),
        Some(Signature { what, .. }) if !whole_pages => return Err(not_a_store(what)),
        other => other.map(|signature| signature.what),
    };
    if looks_like_text(&head) {
        return Err(not_a_store("a text file"));
    }
    if !whole_pages {
        return Err(Error::Corrupt {
            path: path.to_owned(),
            what: format!("truncated: {len} bytes is not a whole number of {PAGE_SIZE}-byte pages"),
        });
    }
    let mut salt = [0u8; SALT_LEN];
    salt.copy_from_slice(&head[..SALT_LEN]);
    Ok(Sniffed { salt, resembles })
}

struct Signature {
    what: &'static str,
    /// Long enough that no random salt spells it.
    conclusive: bool,
}

fn known_format(head: &[u8]) -> Option<Signature> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"SQLite format 3\0", "a plain, unencrypted SQLite database"),
        (b"%PDF-", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive or office document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"\x7FELF", "a program"),
        (b"BEGIN:VCALENDAR", "a calendar file"),
        (b"\x1F\x8B", "a gzip archive"),
    ];
    MAGIC.iter().find(|(magic, _)| head.starts_with(magic)).map(|(magic, what)| Signature { what, conclusive: magic.len() >= 8 })
}

/// An encrypted page is indistinguishable from random bytes; text is not.
fn looks_like_text(head: &[u8]) -> bool {
    let sample = &head[..head.len().min(512)];
    std::str::from_utf8(sample).is_ok_and(|text| !text.contains('\0'))
}

const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(1);
/// How long an opener waits for a process that has the store to itself (a key change, a
/// restore, a format upgrade) before saying so; SQLite's busy timeout for a write is the same.
pub(crate) const BUSY_PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// An advisory lock on `<store>.lock`. Every process that has the store open holds it
/// shared, so readers (a `quorum status` beside the window) and writers (SQLite serialises
/// their transactions) share the file. It is held exclusively only by what must have the
/// file alone: the first opener while it reads the journal and upgrades the format, a key
/// change and a restore, which replace the file. The lock file is empty and stays behind:
/// deleting it would race with the next opener.
#[derive(Debug)]
pub(crate) struct StoreLock {
    file: File,
    store: PathBuf,
}

impl StoreLock {
    fn file(store: &Path) -> Result<File> {
        let lock_path = sidecar(store, "lock");
        OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path).map_err(Error::io(&lock_path))
    }

    /// The lock of an opener, and whether it has the store alone (then held exclusively
    /// until [`StoreLock::share`]).
    pub fn open(store: &Path) -> Result<(StoreLock, bool)> {
        let lock = StoreLock { file: StoreLock::file(store)?, store: store.to_owned() };
        if lock.try_exclusive()? {
            return Ok((lock, true));
        }
        let deadline = std::time::Instant::now() + BUSY_PATIENCE;
        loop {
            match lock.file.try_lock_shared() {
                Ok(()) => return Ok((lock, false)),
                Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => std::thread::sleep(std::time::Duration::from_millis(25)),
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::InUse { path: store.to_owned(), why: format!("is being changed as a whole (re-keyed, restored or upgraded) by {}: wait for it to finish and try again", holders(store)) })
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(sidecar(store, "lock"))(e)),
            }
        }
    }

    /// The exclusive lock, for a store about to be replaced that this process does not have open.
    pub fn exclusive(store: &Path, purpose: &str) -> Result<StoreLock> {
        let lock = StoreLock { file: StoreLock::file(store)?, store: store.to_owned() };
        lock.alone(purpose)?;
        Ok(lock)
    }

    fn try_exclusive(&self) -> Result<bool> {
        match self.file.try_lock() {
            Ok(()) => Ok(true),
            Err(std::fs::TryLockError::WouldBlock) => Ok(false),
            Err(std::fs::TryLockError::Error(e)) => Err(Error::io(sidecar(&self.store, "lock"))(e)),
        }
    }

    /// Holds the lock exclusively, or says which other process has the store open.
    pub fn alone(&self, purpose: &str) -> Result<()> {
        // Locks belong to open file descriptions, which a process forked by any thread of
        // ours shares until it executes its program: a store closed a moment ago can still
        // look held. A second of patience tells that apart from a real holder.
        self.file.unlock().map_err(Error::io(sidecar(&self.store, "lock")))?;
        let deadline = std::time::Instant::now() + LOCK_PATIENCE;
        while !self.try_exclusive()? {
            if std::time::Instant::now() >= deadline {
                let others = holders(&self.store);
                let _ = self.file.lock_shared();
                return Err(Error::InUse { path: self.store.clone(), why: format!("is also open in {others}, and {purpose} needs it alone: close the other window or command and try again") });
            }
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
        Ok(())
    }

    /// Back to sharing the store, after having it alone.
    pub fn share(&self) -> Result<()> {
        self.file.unlock().and_then(|()| self.file.lock_shared()).map_err(Error::io(sidecar(&self.store, "lock")))
    }

    /// Whether no other process has the store open right now (the lock is then shared again).
    pub fn is_alone(&self) -> bool {
        let alone = self.file.unlock().is_ok() && self.try_exclusive().unwrap_or(false);
        let _ = self.share();
        alone
    }
}

/// The other processes that have `store` open, in words: their programs and process ids
/// where the system tells (Linux lists file locks in /proc/locks), else "another Quorum
/// window or command".
pub(crate) fn holders(store: &Path) -> String {
    let found = lock_holders(&sidecar(store, "lock"));
    if found.is_empty() {
        "another Quorum window or command".to_owned()
    } else {
        found.join(", ")
    }
}

#[cfg(target_os = "linux")]
fn lock_holders(lock_path: &Path) -> Vec<String> {
    use std::os::unix::fs::MetadataExt;
    let (Ok(metadata), Ok(locks)) = (std::fs::metadata(lock_path), std::fs::read_to_string("/proc/locks")) else { return Vec::new() };
    let inode = metadata.ino().to_string();
    let me = std::process::id().to_string();
    let mut pids: Vec<&str> = locks
        .lines()
        .filter_map(|line| {
            // "1: FLOCK  ADVISORY  READ  4242 fd:01:1234567 0 EOF"
            let fields: Vec<&str> = line.split_whitespace().collect();
            let at = fields.iter().position(|f| f.matches(':').count() == 2 && f.rsplit(':').next() == Some(inode.as_str()))?;
            let pid = *fields.get(at.checked_sub(1)?)?;
            (fields[1] == "FLOCK" && pid != me).then_some(pid)
        })
        .collect();
    pids.sort_unstable();
    pids.dedup();
    pids.into_iter()
        .map(|pid| {
            let command = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            let words: Vec<String> = command.split(|b| *b == 0).filter(|w| !w.is_empty()).map(|w| String::from_utf8_lossy(w).into_owned()).collect();
            let program = words.first().map_or_else(|| "a process".to_owned(), |p| Path::new(p).file_name().map_or(p.clone(), |n| n.to_string_lossy().into_owned()));
            // The subcommand says what a `quorum` run is doing; flags, names and paths say no more.
            let doing: String = words.iter().skip(1).filter(|w| !w.starts_with('-') && w.chars().all(|c| c.is_ascii_lowercase() || c == '-')).take(2).map(|w| format!(" {w}")).collect();
            crate::text::for_terminal(&format!("{program}{doing} (process {pid})")).into_owned()
        })
        .collect()
}

#[cfg(not(target_os = "linux"))]
fn lock_holders(_lock_path: &Path) -> Vec<String> {
    Vec::new()
}

/// `<store>.<suffix>`, beside the store.
pub(crate) fn sidecar(store: &Path, suffix: &str) -> PathBuf {
    let mut name = store.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(suffix);
    store.with_file_name(name)
}

/// Moves a finished temporary file to `dest` only if nothing is there: a hard link fails
/// when the name is taken, so an existing file is never replaced.
pub(crate) fn place_without_clobber(tmp: &Path, dest: &Path) -> Result<()> {
    match std::fs::hard_link(tmp, dest) {
        Ok(()) => std::fs::remove_file(tmp).map_err(Error::io(tmp)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = std::fs::remove_file(tmp);
            Err(Error::AlreadyExists { path: dest.to_owned(), hint: crate::error::STORE_EXISTS.into() })
        }
        Err(e) => {
            let _ = std::fs::remove_file(tmp);
            Err(Error::io(dest)(e))
        }
    }
}

/// Removes a temporary file and the journal files SQLite may have left beside it.
pub(crate) fn remove_with_journals(path: &Path) {
    remove_journals(path);
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_file(sidecar(path, "lock"));
}

/// Removes the journals and the `.lock` of a database that is closed, keeping the file.
pub(crate) fn remove_companions(path: &Path) {
    remove_journals(path);
    let _ = std::fs::remove_file(sidecar(path, "lock"));
}

/// Removes the journal files of a database that is closed (and so has none with content).
pub(crate) fn remove_journals(path: &Path) {
    for suffix in ["wal", "shm", "journal"] {
        let _ = std::fs::remove_file(sidecar_dash(path, suffix));
    }
}

/// SQLite's own companions: `<db>-wal`, `<db>-shm`, `<db>-journal`.
pub(crate) fn sidecar_dash(store: &Path, suffix: &str) -> PathBuf {
    let mut name = store.file_name().unwrap_or_default().to_os_string();
    name.push("-");
    name.push(suffix);
    store.with_file_name(name)
}

/// Removes what a killed run of the same command left beside `dest`: files named exactly
/// `<prefix><12 hex digits><suffix>` (the names [`temp_beside`] and `export::write_new`
/// make), with SQLite's `-wal`, `-shm`, `-journal` and Quorum's `.lock` companions.
/// Nothing else is touched.
pub(crate) fn remove_stale(dest: &Path, prefix: &str, suffix: &str) {
    let Some(folder) = dest.parent().map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p }) else { return };
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name.strip_prefix(prefix) else { continue };
        let (nonce, tail) = rest.split_at(rest.len().min(12));
        if nonce.len() != 12 || !nonce.bytes().all(|b| b.is_ascii_hexdigit()) {
            continue;
        }
        if tail.strip_prefix(suffix).is_some_and(is_companion) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// What may follow a temporary name: nothing, SQLite's journals, the lock, or the name of a
/// temporary file made beside it in turn (`<tmp>.creating-<12 hex>.tmp…`).
fn is_companion(tail: &str) -> bool {
    if ["", "-wal", "-shm", "-journal", ".lock"].contains(&tail) {
        return true;
    }
    let Some((_, rest)) = tail.strip_prefix('.').and_then(|t| t.split_once('-')) else { return false };
    let (nonce, rest) = rest.split_at(rest.len().min(12));
    nonce.len() == 12 && nonce.bytes().all(|b| b.is_ascii_hexdigit()) && rest.strip_prefix(".tmp").is_some_and(is_companion)
}

/// The `<prefix>` of [`temp_beside`]'s names for `purpose`, for [`remove_stale`].
pub(crate) fn temp_prefix(dest: &Path, purpose: &str) -> String {
    format!("{}.{purpose}-", dest.file_name().unwrap_or_default().to_string_lossy())
}

/// A fresh temporary name beside `dest`, so the final rename stays on one file system.
pub(crate) fn temp_beside(dest: &Path, purpose: &str) -> PathBuf {
    let mut nonce = [0u8; 6];
    let _ = getrandom::fill(&mut nonce);
    sidecar(dest, &format!("{purpose}-{}.tmp", hex::encode(nonce)))
}

/// SQLCipher 4's per-page trailer: a 16-byte IV and a 64-byte HMAC-SHA512.
const PAGE_RESERVE: usize = 80;
const PAGE_HMAC: usize = 64;

/// Whether `page_key` is the key of this file even though its first page does not open:
/// SQLCipher reports a damaged first page exactly as a wrong key, so the HMACs of the
/// other pages are checked here (SQLCipher 4: HMAC-SHA512 over the page's ciphertext and
/// IV and its number, with a key derived from the page key and the salt ^ 0x3a).
/// Returns how many of the pages read verified, and how many were read.
pub(crate) fn pages_the_key_opens(path: &Path, page_key: &[u8], salt: &[u8; SALT_LEN]) -> (usize, usize) {
    use hmac::{Hmac, Mac};
    let mut hmac_salt = *salt;
    hmac_salt.iter_mut().for_each(|b| *b ^= 0x3a);
    let mut hmac_key = zeroize::Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<sha2::Sha512>(page_key, &hmac_salt, 2, hmac_key.as_mut());
    let mut head = Vec::new();
    // The first 64 pages are plenty: one that verifies proves the key.
    if File::open(path).and_then(|f| f.take(64 * PAGE_SIZE).read_to_end(&mut head)).is_err() {
        return (0, 0);
    }
    let page_size = PAGE_SIZE as usize;
    let (mut opened, mut read) = (0, 0);
    for (index, page) in head.chunks_exact(page_size).enumerate().skip(1) {
        read += 1;
        let Ok(mut mac) = Hmac::<sha2::Sha512>::new_from_slice(hmac_key.as_ref()) else { continue };
        mac.update(&page[..page_size - PAGE_RESERVE + 16]);
        mac.update(&(index as u32 + 1).to_le_bytes());
        if mac.verify_slice(&page[page_size - PAGE_HMAC..]).is_ok() {
            opened += 1;
        }
    }
    (opened, read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_just_released_is_not_reported_held_while_other_threads_start_processes() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("quorum.db");
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let spawner = {
            let stop = stop.clone();
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let _ = std::process::Command::new("true").status();
                }
            })
        };
        let outcome = (0..300).try_for_each(|_| StoreLock::exclusive(&store, "the test").map(drop));
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        spawner.join().unwrap();
        outcome.unwrap();
    }

    #[test]
    fn openers_share_the_store_and_what_needs_it_alone_waits_for_none() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("quorum.db");
        let (first, alone) = StoreLock::open(&store).unwrap();
        assert!(alone, "the first opener has the store alone");
        first.share().unwrap();
        let (second, alone) = StoreLock::open(&store).unwrap();
        assert!(!alone, "a second opener shares it");
        assert!(!first.is_alone());
        let error = first.alone("a key change").unwrap_err();
        assert_eq!(error.kind(), "in_use");
        assert!(error.to_string().contains("a key change needs it alone"), "{error}");
        assert!(matches!(StoreLock::exclusive(&store, "a restore"), Err(Error::InUse { .. })));
        drop(second);
        assert!(first.is_alone(), "still shared after the refusal, and alone once the other closed");
        first.alone("a key change").unwrap();
        let error = StoreLock::open(&store).unwrap_err();
        assert!(error.to_string().contains("is being changed as a whole"), "{error}");
    }

    #[test]
    fn stale_temporary_files_are_removed_by_their_exact_pattern_only() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("q.db");
        let stale = ["q.db.filling-0123456789ab.tmp", "q.db.filling-0123456789ab.tmp-wal", "q.db.filling-0123456789ab.tmp.creating-abcdef012345.tmp-journal"];
        let kept = ["q.db", "q.db.filling-notes.tmp", "q.db.filling-0123456789ab.tmp.bak", "q.db.backup-0123456789ab.tmp"];
        for name in stale.iter().chain(&kept) {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        remove_stale(&dest, &temp_prefix(&dest, "filling"), ".tmp");
        for name in stale {
            assert!(!dir.path().join(name).exists(), "{name} was left");
        }
        for name in kept {
            assert!(dir.path().join(name).exists(), "{name} was removed");
        }
    }
}
