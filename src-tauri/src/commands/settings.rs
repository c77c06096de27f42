//! The Settings screen's commands: the organisation (name, time zone, ISMS lead, quorum
//! rule, working week, cadence, document control defaults), the holidays list, and the
//! store's key (passphrase change, keychain ⇄ passphrase). Each delegates to core.

use std::path::PathBuf;

use quorum_core::organisation::{self, Organisation, OrganisationChange};
use quorum_core::{review, schedule, Secret};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::{app_info, off_thread, with_store, with_store_mut, AppInfo};
use crate::{AppState, CommandError};

#[tauri::command]
pub fn organisation_get(state: State<'_, AppState>) -> Result<Organisation, CommandError> {
    with_store(&state, |store| organisation::get(store.conn()))
}

/// Saves a change to the organisation's settings; absent fields stay as they are. Core
/// checks the time zone, the working days, the cadence and the empty texts.
#[tauri::command]
pub fn organisation_set(state: State<'_, AppState>, request: OrganisationChange) -> Result<Organisation, CommandError> {
    with_store_mut(&state, |store, actor| organisation::set(store, actor, &request))
}

/// One public holiday, as the Settings screen lists it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct HolidayEntry {
    /// YYYY-MM-DD.
    pub date: String,
    pub name: String,
}

/// The holidays the planner and the readiness check skip, in date order.
#[tauri::command]
pub fn holidays_list(state: State<'_, AppState>) -> Result<Vec<HolidayEntry>, CommandError> {
    with_store(&state, |store| {
        let calendar = review::check::work_calendar(store.conn())?;
        Ok(calendar.holidays.into_iter().map(|h| HolidayEntry { date: h.date.to_string(), name: h.name }).collect())
    })
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct HolidaysImport {
    /// A file of `YYYY-MM-DD,Name` lines, or an .ics calendar of all-day events.
    pub path: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct HolidaysImported {
    /// Days added or renamed (a day already listed with the same name counts nothing).
    pub changed: u32,
    /// Days read from the file.
    pub read: u32,
    pub holidays: Vec<HolidayEntry>,
}

/// Reads a holidays file and stores its days (one audited write; a day already listed
/// takes the new name). Nothing is stored when any line is wrong.
#[tauri::command]
pub fn holidays_import(state: State<'_, AppState>, request: HolidaysImport) -> Result<HolidaysImported, CommandError> {
    let path = PathBuf::from(request.path.trim());
    if path.as_os_str().is_empty() {
        return Err(CommandError::new("invalid", "Give the path of the holidays file."));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => CommandError::new("not_found", format!("There is no file at {}. Check the path.", path.display())),
        _ => CommandError::new("io", format!("Cannot read {}: {e}. A holidays file is text: YYYY-MM-DD,Name lines or an .ics calendar.", path.display())),
    })?;
    let holidays = schedule::parse_holidays(&text).map_err(|e| CommandError { message: format!("{}: {e}", path.display()), ..e.into() })?;
    if holidays.is_empty() {
        return Err(CommandError::new("invalid", format!("{} lists no holidays: write one YYYY-MM-DD,Name per line, or give an .ics calendar of all-day events.", path.display())));
    }
    let changed = with_store_mut(&state, |store, actor| schedule::import_holidays(store, actor, &holidays))?;
    Ok(HolidaysImported { changed: changed as u32, read: holidays.len() as u32, holidays: holidays_list(state)? })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ChangeKey {
    /// "passphrase": set a new passphrase (from either mode); "keychain": a new random key
    /// kept in the OS keychain (from either mode: from keychain mode, a key rotation).
    #[cfg_attr(test, ts(type = "\"keychain\" | \"passphrase\""))]
    pub mode: String,
    /// The new passphrase, for mode "passphrase" (core's policy: at least 10 characters).
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub new_passphrase: Option<String>,
}

/// Re-keys the open store: core copies the file, re-keys the copy, proves it opens with
/// the new key, then renames it into place. Backups made before keep the old key.
#[tauri::command]
pub async fn store_change_key<R: tauri::Runtime>(app: tauri::AppHandle<R>, request: ChangeKey) -> Result<AppInfo, CommandError> {
    use tauri::Manager;
    let secret = match request.mode.as_str() {
        "passphrase" => Secret::new_passphrase(request.new_passphrase.unwrap_or_default())?,
        "keychain" => Secret::random_key()?,
        other => return Err(CommandError::new("invalid", format!("unknown key mode {other:?}: choose keychain or passphrase"))),
    };
    off_thread(app.clone(), move |state| {
        // Kept with the old key: it opens with the old passphrase or the recovery key.
        with_store(state, |store| quorum_core::store::autobackup::take(store, quorum_core::store::autobackup::BackupReason::BeforeKeyChange, crate::clock::now()).map(|_| ()))?;
        with_store_mut(state, |store, actor| store.change_secret(secret, Some(state.keychain.as_ref()), actor))?;
        let mode = state.lock_store().as_ref().map(|s| s.key_mode().as_str().to_owned());
        *state.last_key_mode.lock().unwrap() = mode;
        Ok(())
    })
    .await?;
    app_info(app.state::<AppState>())
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ExportAll {
    /// Where to write the JSON; never an existing file.
    pub path: String,
}

/// Everything in the store as one JSON file (Quorum's export format, readable without
/// Quorum; `quorum import` reads it back). Off the window's thread: a large store takes a
/// moment.
#[tauri::command]
pub async fn store_export_json<R: tauri::Runtime>(app: tauri::AppHandle<R>, request: ExportAll) -> Result<String, CommandError> {
    use tauri::Manager;
    let dest = super::files::Destination::check(&app.state::<AppState>(), &request.path, "the export")?;
    off_thread(app, move |state| {
        with_store(state, |store| dest.write(|path| quorum_core::transfer::export_json_file(store, path, crate::clock::now())))?;
        Ok(dest.display())
    })
    .await
}

// ---------------------------------------------------------------------------------------
// The review board

#[tauri::command]
pub fn board_list(state: State<'_, AppState>) -> Result<Vec<review::board::BoardMember>, CommandError> {
    with_store(&state, |store| review::board::list(store.conn()))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct BoardSet {
    pub person_id: i64,
    /// One of the invitee roles (core checks it).
    pub role: String,
    pub required: bool,
}

/// Puts a person on the review board (or changes their role); returns the board.
#[tauri::command]
pub fn board_set(state: State<'_, AppState>, request: BoardSet) -> Result<Vec<review::board::BoardMember>, CommandError> {
    with_store_mut(&state, |store, actor| review::board::set(store, actor, request.person_id, &request.role, request.required))
}

#[tauri::command]
pub fn board_remove(state: State<'_, AppState>, person_id: i64) -> Result<Vec<review::board::BoardMember>, CommandError> {
    with_store_mut(&state, |store, actor| review::board::remove(store, actor, person_id))
}

/// Invites the board to every review still planned; returns the references changed.
#[tauri::command]
pub fn board_apply(state: State<'_, AppState>) -> Result<Vec<String>, CommandError> {
    with_store_mut(&state, |store, actor| review::board::apply_to_planned(store, actor))
}
