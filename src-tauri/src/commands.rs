//! The commands the window calls. Each one delegates to quorum-core and maps the error.

use chrono::Utc;
use quorum_core::{overview, review, Actor, NewStore, Secret, Store};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::{AppState, CommandError};

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub store_path: String,
    /// "missing" (no store yet), "locked" (exists, not unlocked) or "open".
    pub store_state: String,
    pub key_mode: Option<String>,
    pub organisation: Option<String>,
    /// Why the store could not be opened, when it is locked.
    pub last_error: Option<CommandError>,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, CommandError> {
    let store = state.store.lock().unwrap();
    let (store_state, key_mode, organisation) = match store.as_ref() {
        Some(store) => {
            let organisation: String = store.conn().query_row("SELECT name FROM organisation WHERE id = 1", [], |row| row.get(0)).map_err(quorum_core::Error::from)?;
            ("open", Some(store.key_mode().as_str().to_owned()), Some(organisation))
        }
        None if state.store_path.exists() => ("locked", None, None),
        None => ("missing", None, None),
    };
    Ok(AppInfo {
        version: quorum_core::version().to_owned(),
        store_path: state.store_path.display().to_string(),
        store_state: store_state.to_owned(),
        key_mode,
        organisation,
        last_error: if store.is_none() { state.last_error.lock().unwrap().clone() } else { None },
    })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateStore {
    pub organisation: String,
    pub lead_name: String,
    #[serde(default)]
    pub lead_email: Option<String>,
    pub time_zone: String,
    /// "keychain" or "passphrase".
    pub key_mode: String,
    #[serde(default)]
    pub passphrase: Option<String>,
}

#[tauri::command]
pub fn store_create(state: State<'_, AppState>, request: CreateStore) -> Result<AppInfo, CommandError> {
    let secret = match request.key_mode.as_str() {
        "keychain" => Secret::random_key()?,
        "passphrase" => Secret::new_passphrase(request.passphrase.unwrap_or_default())?,
        other => return Err(CommandError::new("invalid", format!("unknown key mode {other:?}: choose keychain or passphrase"))),
    };
    let actor = Actor::new(request.lead_name.clone(), Utc::now());
    let new = NewStore { organisation: request.organisation, time_zone: request.time_zone, lead: Some((request.lead_name, request.lead_email)) };
    let store = Store::create(&state.store_path, &new, secret, Some(state.keychain.as_ref()), &actor)?;
    *state.store.lock().unwrap() = Some(store);
    app_info(state)
}

#[derive(Debug, Deserialize)]
pub struct Unlock {
    pub passphrase: String,
}

#[tauri::command]
pub fn store_unlock(state: State<'_, AppState>, request: Unlock) -> Result<AppInfo, CommandError> {
    state.try_open(Some(&request.passphrase))?;
    app_info(state)
}

#[tauri::command]
pub fn store_lock(state: State<'_, AppState>) -> Result<AppInfo, CommandError> {
    *state.store.lock().unwrap() = None;
    app_info(state)
}

#[tauri::command]
pub fn store_open_demo(state: State<'_, AppState>) -> Result<AppInfo, CommandError> {
    if state.store_path.exists() {
        return Err(CommandError::new("already_exists", format!("{} already holds a store; demo data goes into a new store only", state.store_path.display())));
    }
    let actor = Actor::new("Demo", Utc::now());
    let new = NewStore { organisation: "Northwind Analytics Ltd".into(), time_zone: "Europe/London".into(), lead: None };
    let mut store = Store::create(&state.store_path, &new, Secret::random_key()?, Some(state.keychain.as_ref()), &actor)?;
    quorum_core::demo::populate(&mut store, &actor)?;
    *state.store.lock().unwrap() = Some(store);
    app_info(state)
}

/// Runs `read` on the open store, or says the store is locked.
fn with_store<T>(state: &AppState, read: impl FnOnce(&Store) -> quorum_core::Result<T>) -> Result<T, CommandError> {
    let store = state.store.lock().unwrap();
    let store = store.as_ref().ok_or_else(|| CommandError::new("locked", "The store is locked: unlock it first."))?;
    Ok(read(store)?)
}

#[tauri::command]
pub fn reviews_list(state: State<'_, AppState>) -> Result<Vec<review::Review>, CommandError> {
    // Newest first, as the list shows them.
    with_store(&state, |store| review::list(store.conn()).map(|reviews| reviews.into_iter().rev().collect()))
}

#[tauri::command]
pub fn actions_list(state: State<'_, AppState>) -> Result<Vec<overview::ActionRow>, CommandError> {
    with_store(&state, |store| overview::action_rows(store.conn(), Utc::now()))
}

#[tauri::command]
pub fn dashboard(state: State<'_, AppState>) -> Result<overview::Dashboard, CommandError> {
    with_store(&state, |store| overview::dashboard(store.conn(), Utc::now()))
}
