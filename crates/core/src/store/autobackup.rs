//! Automatic backups: encrypted copies of the store kept beside it in `<store>-backups/`,
//! taken by the app on the first open of each day and before a key change or a restore, and
//! by any open before a migration. Each is a whole store made by SQLite's online backup and
//! checked after writing (`Store::backup_to`); it opens with whatever opens the store.
//!
//! **Rotation.** Every backup of the newest `keep_daily` days that have backups is kept
//! (so a backup taken before a migration outlives the daily one of the same day), and the
//! newest of each of the newest `keep_weekly` ISO weeks; the rest are deleted. The newest
//! backup is never deleted.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, NaiveDateTime, Timelike, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{Actor, Store};
use crate::error::{Error, Result};

text_enum!(
    /// Why a backup was taken.
    BackupReason, "backup reason" { Daily = "daily", BeforeMigration = "before_migration", BeforeKeyChange = "before_key_change", BeforeRestore = "before_restore" }
);

/// The file name's ending: a backup is a store, named so nobody takes it for the live one.
const SUFFIX: &str = ".qbackup";

/// How many backups rotation keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct BackupPolicy {
    /// Off: the app takes no daily backup (those before a migration, a key change or a
    /// restore are still taken).
    pub enabled: bool,
    pub keep_daily: u32,
    pub keep_weekly: u32,
}

impl Default for BackupPolicy {
    fn default() -> Self {
        BackupPolicy { enabled: true, keep_daily: 7, keep_weekly: 4 }
    }
}

/// One automatic backup on disk.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct AutoBackup {
    pub path: PathBuf,
    pub taken_at: DateTime<Utc>,
    pub reason: BackupReason,
    pub bytes: u64,
}

/// Where a store's automatic backups live: `quorum.db` → `quorum.db-backups/`.
pub fn folder(store: &Path) -> PathBuf {
    let mut name = store.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push("-backups");
    store.with_file_name(name)
}

fn file_name(taken_at: DateTime<Utc>, reason: BackupReason) -> String {
    format!("{}-{}{SUFFIX}", taken_at.format("%Y%m%dT%H%M%SZ"), reason.as_str().replace('_', "-"))
}

fn parse_name(name: &str) -> Option<(DateTime<Utc>, BackupReason)> {
    let stem = name.strip_suffix(SUFFIX)?;
    let (stamp, reason) = stem.split_at_checked(16)?;
    let taken_at = NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ").ok()?.and_utc();
    Some((taken_at, reason.strip_prefix('-')?.replace('-', "_").parse().ok()?))
}

/// The store's automatic backups, newest first (files not named as Quorum names them are
/// left out, and never deleted).
pub fn list(store: &Path) -> Result<Vec<AutoBackup>> {
    let dir = folder(store);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&dir)(e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(Error::io(&dir))?;
        let Some((taken_at, reason)) = entry.file_name().to_str().and_then(parse_name) else { continue };
        let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
        out.push(AutoBackup { path: entry.path(), taken_at, reason, bytes });
    }
    out.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then_with(|| b.path.cmp(&a.path)));
    Ok(out)
}

/// Takes a backup of `store` now, for `reason`, into its backups folder.
pub fn take(store: &Store, reason: BackupReason, now: DateTime<Utc>) -> Result<AutoBackup> {
    let dir = folder(store.path());
    std::fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
    let mut at = now;
    // Two backups in one second (a restore right after the daily one) get their own second,
    // so the list's order is the order they were taken.
    let taken: Vec<DateTime<Utc>> = list(store.path())?.iter().map(|b| b.taken_at).collect();
    while taken.contains(&at.with_nanosecond(0).unwrap_or(at)) {
        at += chrono::Duration::seconds(1);
    }
    let at = at.with_nanosecond(0).unwrap_or(at);
    let path = dir.join(file_name(at, reason));
    store.backup_to(&path, |_, _| {})?;
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Ok(AutoBackup { path, taken_at: at, reason, bytes })
}

/// The app's daily backup: taken when today (UTC) has none yet and the policy is on, then
/// the folder is rotated. Returns the backup taken, if one was.
pub fn daily(store: &Store, now: DateTime<Utc>) -> Result<Option<AutoBackup>> {
    let policy = policy(store.conn())?;
    if !policy.enabled || list(store.path())?.iter().any(|b| b.taken_at.date_naive() == now.date_naive()) {
        return Ok(None);
    }
    let taken = take(store, BackupReason::Daily, now)?;
    rotate(store.path(), &policy)?;
    Ok(Some(taken))
}

/// Deletes the backups the policy no longer keeps; returns what it deleted.
pub fn rotate(store: &Path, policy: &BackupPolicy) -> Result<Vec<PathBuf>> {
    let all = list(store)?;
    let mut days = Vec::new();
    let mut weeks = Vec::new();
    let mut keep = vec![false; all.len()];
    for (k, b) in all.iter().enumerate() {
        let day = b.taken_at.date_naive();
        if days.contains(&day) || days.len() < policy.keep_daily as usize {
            if !days.contains(&day) {
                days.push(day);
            }
            keep[k] = true;
        }
        let week = (day.iso_week().year(), day.iso_week().week());
        if !weeks.contains(&week) && weeks.len() < policy.keep_weekly as usize {
            weeks.push(week);
            keep[k] = true;
        }
    }
    if let Some(first) = keep.first_mut() {
        *first = true;
    }
    let mut deleted = Vec::new();
    for (b, kept) in all.iter().zip(keep) {
        if !kept {
            std::fs::remove_file(&b.path).map_err(Error::io(&b.path))?;
            deleted.push(b.path.clone());
        }
    }
    Ok(deleted)
}

pub fn policy(conn: &Connection) -> Result<BackupPolicy> {
    Ok(conn
        .query_row("SELECT enabled, keep_daily, keep_weekly FROM auto_backup WHERE id = 1", [], |r| Ok(BackupPolicy { enabled: r.get(0)?, keep_daily: r.get(1)?, keep_weekly: r.get(2)? }))
        .optional()?
        .unwrap_or_default())
}

/// Sets the policy (audited) and rotates at once, so fewer kept means fewer on disk now.
pub fn set_policy(store: &mut Store, actor: &Actor, new: BackupPolicy) -> Result<BackupPolicy> {
    if new.keep_daily == 0 || new.keep_daily > 365 || new.keep_weekly > 520 {
        return Err(Error::invalid(format!(
            "keep {} daily and {} weekly backups is out of range: keep 1 to 365 daily and 0 to 520 weekly",
            new.keep_daily, new.keep_weekly
        )));
    }
    let before = policy(store.conn())?;
    store.write(actor, |w| {
        w.execute(
            "INSERT INTO auto_backup (id, enabled, keep_daily, keep_weekly) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled, keep_daily = excluded.keep_daily, keep_weekly = excluded.keep_weekly",
            params![new.enabled, new.keep_daily, new.keep_weekly],
        )?;
        w.audit("auto_backup", "1", "update", Some(&serde_json::to_value(before)?), Some(&serde_json::to_value(new)?))
    })?;
    rotate(store.path(), &new)?;
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{KeySources, NewStore, Secret};

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn store(dir: &tempfile::TempDir) -> Store {
        let actor = Actor::new("Ana", at("2027-03-01T09:00:00Z"));
        Store::create(&dir.path().join("quorum.db"), &NewStore { organisation: "Acme".into(), time_zone: "Europe/London".into(), lead: None }, Secret::passphrase("a long passphrase here"), None, &actor).unwrap()
    }

    #[test]
    fn a_daily_backup_is_taken_once_a_day_checked_and_opens_like_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let first = daily(&store, at("2027-03-01T09:00:00Z")).unwrap().expect("the first open of the day takes one");
        assert!(daily(&store, at("2027-03-01T17:00:00Z")).unwrap().is_none(), "one a day");
        assert_eq!(first.path, dir.path().join("quorum.db-backups/20270301T090000Z-daily.qbackup"));
        let copy = Store::open(&first.path, &KeySources::passphrase("a long passphrase here")).unwrap();
        assert!(copy.verify().unwrap().is_ok());
        assert_eq!(copy.status().unwrap().organisation, "Acme");
        drop(copy);
        let listed = list(store.path()).unwrap();
        assert_eq!((listed.len(), listed[0].reason, listed[0].taken_at), (1, BackupReason::Daily, at("2027-03-01T09:00:00Z")));
    }

    #[test]
    fn rotation_keeps_seven_days_and_four_weeks_and_what_came_before_a_migration() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        // Forty days of daily backups, and one before a migration on the last day.
        let start = at("2027-01-01T08:00:00Z");
        for d in 0..40 {
            take(&store, BackupReason::Daily, start + chrono::Duration::days(d)).unwrap();
        }
        let event = take(&store, BackupReason::BeforeMigration, start + chrono::Duration::days(39) - chrono::Duration::hours(1)).unwrap();
        let deleted = rotate(store.path(), &BackupPolicy::default()).unwrap();
        let kept = list(store.path()).unwrap();
        let days: Vec<String> = kept.iter().map(|b| b.taken_at.format("%m-%d").to_string()).collect();
        // Seven newest days (2/03..2/09, with the migration's backup of 2/09), plus the newest
        // backup of each of the four newest ISO weeks (two of which those days already hold).
        assert!(kept.iter().any(|b| b.path == event.path), "a backup before a migration stays with its day");
        assert_eq!(kept.iter().filter(|b| b.reason == BackupReason::Daily).count(), 7 + 2, "{days:?}");
        assert_eq!(deleted.len() + kept.len(), 41);
        assert_eq!(kept[0].taken_at, start + chrono::Duration::days(39), "the newest is kept");
        // A smaller policy rotates at once; the newest survives even keep 1 / 0.
        let actor = Actor::new("Ana", at("2027-02-10T09:00:00Z"));
        let mut store = store;
        set_policy(&mut store, &actor, BackupPolicy { enabled: true, keep_daily: 1, keep_weekly: 0 }).unwrap();
        assert_eq!(list(store.path()).unwrap().len(), 2, "the day's daily backup and the one before its migration");
        assert!(set_policy(&mut store, &actor, BackupPolicy { enabled: true, keep_daily: 0, keep_weekly: 0 }).is_err());
    }

    #[test]
    fn files_not_named_by_quorum_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        std::fs::create_dir_all(folder(store.path())).unwrap();
        let mine = folder(store.path()).join("my-copy.db");
        std::fs::write(&mine, b"mine").unwrap();
        take(&store, BackupReason::BeforeKeyChange, at("2027-03-01T09:00:00Z")).unwrap();
        rotate(store.path(), &BackupPolicy { enabled: true, keep_daily: 1, keep_weekly: 0 }).unwrap();
        assert!(mine.exists());
        assert_eq!(list(store.path()).unwrap()[0].reason, BackupReason::BeforeKeyChange);
    }

    #[test]
    fn opening_a_store_of_an_older_format_backs_it_up_before_migrating() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let path = store.path().to_owned();
        // The newest migration undone: the store is one format behind.
        store.conn().execute_batch(&format!("DROP TABLE auto_backup; PRAGMA user_version = {};", super::super::LATEST_FORMAT - 1)).unwrap();
        drop(store);
        let reopened = Store::open(&path, &KeySources::passphrase("a long passphrase here")).unwrap();
        assert_eq!(reopened.status().unwrap().format_version, super::super::LATEST_FORMAT);
        let backups = list(&path).unwrap();
        assert_eq!(backups.iter().map(|b| b.reason).collect::<Vec<_>>(), [BackupReason::BeforeMigration]);
        drop(reopened);
        // Opened again, nothing is pending: no second backup.
        drop(Store::open(&path, &KeySources::passphrase("a long passphrase here")).unwrap());
        assert_eq!(list(&path).unwrap().len(), 1);
    }
}
