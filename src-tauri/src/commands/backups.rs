//! Automatic backups from the window: the one the app takes on the first open of each day,
//! the list Settings shows, the policy, and a restore in two clicks. Each delegates to
//! core's `store::autobackup`; backups run off the window's thread.

use std::path::PathBuf;

use quorum_core::store::autobackup::{self, AutoBackup, BackupPolicy, BackupReason};
use quorum_core::Store;
use serde::{Deserialize, Serialize};
use tauri::State;

use super::{app_info, off_thread, with_store, with_store_mut, worded, AppInfo};
use crate::{AppState, CommandError};

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Backups {
    /// The folder beside the store that holds them.
    pub folder: String,
    #[cfg_attr(test, ts(type = "import(\"./BackupPolicy\").BackupPolicy"))]
    pub policy: BackupPolicy,
    /// Newest first.
    #[cfg_attr(test, ts(type = "Array<import(\"./AutoBackup\").AutoBackup>"))]
    pub backups: Vec<AutoBackup>,
}

#[tauri::command]
pub fn backups_list(state: State<'_, AppState>) -> Result<Backups, CommandError> {
    with_store(&state, |store| Ok(Backups { folder: autobackup::folder(store.path()).display().to_string(), policy: autobackup::policy(store.conn())?, backups: autobackup::list(store.path())? }))
}

/// The day's backup, if the store has none for today (UTC) and the policy is on; the window
/// asks once the dashboard is painted, so it never delays the start.
#[tauri::command]
pub async fn backups_daily<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> Result<Option<AutoBackup>, CommandError> {
    off_thread(app, |state| with_store(state, |store| autobackup::daily(store, crate::clock::now()))).await
}

#[tauri::command]
pub fn backups_policy_set(state: State<'_, AppState>, policy: BackupPolicy) -> Result<BackupPolicy, CommandError> {
    with_store_mut(&state, |store, actor| autobackup::set_policy(store, actor, policy))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct RestoreBackup {
    /// One of the backups `backups_list` gave.
    pub path: PathBuf,
    /// The store's passphrase when the backup was taken, if it has changed since.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub passphrase: Option<String>,
}

/// Replaces the open store with one of its automatic backups, after backing up the store as
/// it is; a backup that does not open or fails its checks changes nothing.
#[tauri::command]
pub async fn backups_restore<R: tauri::Runtime>(app: tauri::AppHandle<R>, request: RestoreBackup) -> Result<AppInfo, CommandError> {
    use tauri::Manager;
    off_thread(app.clone(), move |state| {
        let dest = state.path();
        let chosen = request.path.canonicalize().ok().filter(|p| p.parent() == autobackup::folder(&dest).canonicalize().ok().as_deref());
        let Some(backup) = chosen else {
            return Err(CommandError::new("invalid", format!("{} is not one of this store's automatic backups: choose one from the list", request.path.display())));
        };
        let passphrase = request.passphrase.filter(|p| !p.is_empty());
        with_store(state, |store| autobackup::take(store, BackupReason::BeforeRestore, crate::clock::now()).map(|_| ()))?;
        // Close the store: the restore needs its lock.
        *state.lock_store() = None;
        let restored = Store::restore(&backup, &dest, &state.key_sources(passphrase.as_deref()), true).map_err(|e| worded(e.into()));
        // Whatever happened, open what is at the store's path again.
        let reopened = state.try_open(passphrase.as_deref()).map_err(worded);
        restored.and(reopened)
    })
    .await?;
    app_info(app.state::<AppState>())
}
