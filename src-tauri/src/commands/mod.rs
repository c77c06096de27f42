//! The commands the window calls. Each one delegates to quorum-core and maps the error.

use std::path::PathBuf;

use chrono::NaiveDate;
use quorum_core::{overview, review, Actor, NewStore, Secret, Store};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::{AppState, CommandError};

pub mod backups;
pub mod calendar;
pub mod files;
pub mod inputs;
pub mod register;
pub mod registers;
// `review` would shadow quorum_core::review, which this module uses by that name.
#[path = "review.rs"]
pub mod workspace;
pub mod objectives;
pub mod settings;

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct AppInfo {
    pub version: String,
    pub store_path: String,
    /// "missing" (no store yet), "locked" (exists, not unlocked) or "open".
    #[cfg_attr(test, ts(type = "\"missing\" | \"locked\" | \"open\""))]
    pub store_state: String,
    /// The open store's key mode; when locked, that of the store last open in this session.
    #[cfg_attr(test, ts(type = "\"keychain\" | \"passphrase\" | null"))]
    pub key_mode: Option<String>,
    pub organisation: Option<String>,
    /// Why the store could not be opened, when it is locked.
    pub last_error: Option<CommandError>,
    /// Where `QUORUM_NOW` started the app's clock (its own end-to-end runs): the window's clock
    /// starts there too. None: the system clock.
    pub fixed_now: Option<String>,
    /// What opening the store found that the user should know (a journal damaged by a crash,
    /// whose last transactions SQLite dropped), in words.
    pub open_notice: Option<String>,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, CommandError> {
    let path = state.path();
    let store = state.lock_store();
    let (store_state, key_mode, organisation) = match store.as_ref() {
        Some(store) => {
            let organisation = quorum_core::organisation::get(store.conn())?.name;
            ("open", Some(store.key_mode().as_str().to_owned()), Some(organisation))
        }
        None if path.exists() => ("locked", state.last_key_mode.lock().unwrap().clone(), None),
        None => ("missing", None, None),
    };
    let open_notice = store.as_ref().and_then(|s| s.open_notice().map(str::to_owned));
    crate::trace::mark("app-info");
    Ok(AppInfo {
        version: quorum_core::version().to_owned(),
        store_path: path.display().to_string(),
        store_state: store_state.to_owned(),
        key_mode,
        organisation,
        last_error: if store.is_none() { state.last_error.lock().unwrap().clone() } else { None },
        fixed_now: crate::clock::fixed_start().map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        open_notice,
    })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct CreateStore {
    pub organisation: String,
    pub lead_name: String,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub lead_email: Option<String>,
    pub time_zone: String,
    /// "keychain" or "passphrase".
    #[cfg_attr(test, ts(type = "\"keychain\" | \"passphrase\""))]
    pub key_mode: String,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub passphrase: Option<String>,
}

#[tauri::command]
pub fn store_create(state: State<'_, AppState>, request: CreateStore) -> Result<AppInfo, CommandError> {
    let secret = match request.key_mode.as_str() {
        "keychain" => Secret::random_key()?,
        "passphrase" => Secret::new_passphrase(request.passphrase.unwrap_or_default())?,
        other => return Err(CommandError::new("invalid", format!("unknown key mode {other:?}: choose keychain or passphrase"))),
    };
    let actor = Actor::new(request.lead_name.clone(), crate::clock::now());
    let lead_email = request.lead_email.filter(|e| !e.trim().is_empty());
    let new = NewStore { organisation: request.organisation, time_zone: request.time_zone, lead: Some((request.lead_name, lead_email)) };
    let store = Store::create(&state.path(), &new, secret, Some(state.keychain.as_ref()), &actor)?;
    state.set_open(store);
    app_info(state)
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct OpenStore {
    pub path: String,
}

/// Switches the window to another store file. A keychain store opens at once; a passphrase
/// store comes back "locked" and the window asks for the passphrase. On any other failure
/// the window stays on the store it had.
#[tauri::command]
pub fn store_open(state: State<'_, AppState>, request: OpenStore) -> Result<AppInfo, CommandError> {
    let path = PathBuf::from(request.path.trim());
    if !path.is_file() {
        return Err(CommandError::new("not_found", format!("There is no file at {}. Check the path: a Quorum store is the .db file Quorum created.", path.display())));
    }
    let previous = state.path();
    state.set_path(&path);
    match state.try_open(None) {
        // The file is a store whose key is not in the keychain: ask for the passphrase.
        Err(error) if error.kind == "no_key" => {
            *state.last_error.lock().unwrap() = None;
            *state.last_key_mode.lock().unwrap() = Some("passphrase".into());
            app_info(state)
        }
        Err(error) => {
            state.set_path(&previous);
            *state.last_error.lock().unwrap() = None;
            Err(error)
        }
        Ok(()) => app_info(state),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct RestoreStore {
    /// The backup file to restore.
    pub backup: String,
    /// Needed when the backup is of a passphrase store.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub passphrase: Option<String>,
}

/// Restores a backup as this window's store (first run: there is no store yet, and core
/// refuses to overwrite one). Core proves the backup opens and passes its integrity checks
/// on a copy before it puts it in place: seconds on a large store, so off the window's thread.
#[tauri::command]
pub async fn store_restore<R: tauri::Runtime>(app: tauri::AppHandle<R>, request: RestoreStore) -> Result<AppInfo, CommandError> {
    use tauri::Manager;
    let backup = PathBuf::from(request.backup.trim());
    if !backup.is_file() {
        return Err(CommandError::new("not_found", format!("There is no file at {}. Choose the backup file (a .db file made by Quorum's backup).", backup.display())));
    }
    let passphrase = request.passphrase.filter(|p| !p.is_empty());
    off_thread(app.clone(), move |state| {
        let dest = state.path();
        files::ensure_parent(&dest)?;
        Store::restore(&backup, &dest, &state.key_sources(passphrase.as_deref()), false).map_err(|e| worded(e.into()))?;
        state.try_open(passphrase.as_deref()).map_err(worded)
    })
    .await?;
    app_info(app.state::<AppState>())
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct SalvageStore {
    /// Where the new store goes (chosen in the Save dialog); it must not exist.
    pub out: String,
    /// Empty for a keychain store.
    pub passphrase: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct SalvageDone {
    /// The report, a line each, as `quorum salvage` prints it.
    pub lines: Vec<String>,
    pub lost_anything: bool,
    /// The window now has the salvaged store open.
    pub info: AppInfo,
}

/// `quorum salvage` from the unlock screen, for a store found damaged: every readable row
/// into a new store with the same key, then the window opens the new one. The damaged file
/// is never written, and stays where it was.
#[tauri::command]
pub async fn store_salvage<R: tauri::Runtime>(app: tauri::AppHandle<R>, request: SalvageStore) -> Result<SalvageDone, CommandError> {
    use tauri::Manager;
    let out = PathBuf::from(request.out.trim());
    if out.as_os_str().is_empty() {
        return Err(CommandError::new("invalid", "Choose where the salvaged store goes."));
    }
    let passphrase = Some(request.passphrase).filter(|p| !p.is_empty());
    let report = off_thread(app.clone(), move |state| {
        *state.lock_store() = None;
        let actor = Actor::new("Quorum", crate::clock::now());
        let report = quorum_core::store::salvage::salvage(&state.path(), &state.key_sources(passphrase.as_deref()), &out, &actor).map_err(|e| worded(e.into()))?;
        state.set_path(&out);
        state.try_open(passphrase.as_deref()).map_err(worded)?;
        Ok(report)
    })
    .await?;
    Ok(SalvageDone { lines: report.lines(), lost_anything: report.lost_anything(), info: app_info(app.state::<AppState>())? })
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Unlock {
    /// Empty for a keychain store: the key is fetched from the keychain again.
    pub passphrase: String,
}

#[tauri::command]
pub fn store_unlock(state: State<'_, AppState>, request: Unlock) -> Result<AppInfo, CommandError> {
    let passphrase = Some(request.passphrase.as_str()).filter(|p| !p.is_empty());
    state.try_open(passphrase).map_err(worded)?;
    app_info(state)
}

/// Core's key errors name the CLI's flags; the window says what to do in the window.
pub(crate) fn worded(error: CommandError) -> CommandError {
    let message = match error.kind.as_str() {
        "wrong_key" => "That passphrase does not open this store. Check it (and Caps Lock) and try again.",
        "no_key" => "This store needs its passphrase: its key is not in this computer's keychain.",
        _ => return error,
    };
    CommandError { message: message.into(), ..error }
}

#[tauri::command]
pub fn store_lock(state: State<'_, AppState>) -> Result<AppInfo, CommandError> {
    *state.lock_store() = None;
    app_info(state)
}

#[tauri::command]
pub fn store_open_demo(state: State<'_, AppState>) -> Result<AppInfo, CommandError> {
    let path = state.path();
    if path.exists() {
        return Err(CommandError::new("already_exists", format!("{} already holds a store; demo data goes into a new store only", path.display())));
    }
    let actor = Actor::new("Demo", crate::clock::now());
    let new = NewStore { organisation: "Northwind Analytics Ltd".into(), time_zone: "Europe/London".into(), lead: None };
    let mut store = Store::create(&path, &new, Secret::random_key()?, Some(state.keychain.as_ref()), &actor)?;
    quorum_core::demo::populate(&mut store, &actor)?;
    state.set_open(store);
    app_info(state)
}

pub(crate) fn locked() -> CommandError {
    CommandError::new("locked", "The store is locked: unlock it first.")
}

/// Runs `read` on the open store, or says the store is locked.
pub(crate) fn with_store<T>(state: &AppState, read: impl FnOnce(&Store) -> quorum_core::Result<T>) -> Result<T, CommandError> {
    let store = state.lock_store();
    let store = store.as_ref().ok_or_else(locked)?;
    Ok(read(store)?)
}

/// Runs `change` on the open store as the organisation's ISMS lead (the person the app is
/// set up for), now.
pub(crate) fn with_store_mut<T>(state: &AppState, change: impl FnOnce(&mut Store, &Actor) -> quorum_core::Result<T>) -> Result<T, CommandError> {
    let mut store = state.lock_store();
    let store = store.as_mut().ok_or_else(locked)?;
    let lead = quorum_core::organisation::get(store.conn())?.isms_lead.map(|lead| lead.name);
    let actor = Actor::new(lead.unwrap_or_else(|| "ISMS lead".into()), crate::clock::now());
    Ok(change(store, &actor)?)
}

#[tauri::command]
pub fn reviews_list(state: State<'_, AppState>) -> Result<Vec<review::Review>, CommandError> {
    // Newest first, as the list shows them.
    with_store(&state, |store| review::list(store.conn()).map(|reviews| reviews.into_iter().rev().collect()))
}

#[tauri::command]
pub fn review_create(state: State<'_, AppState>, request: review::NewReview) -> Result<review::Review, CommandError> {
    with_store_mut(&state, |store, actor| review::create(store, actor, &request))
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ReviewRef {
    pub reference: String,
}

/// Everything about one review (core's `ReviewRecord`): what the workspace's tabs show.
#[tauri::command]
pub fn review_get(state: State<'_, AppState>, request: ReviewRef) -> Result<review::record::ReviewRecord, CommandError> {
    with_store(&state, |store| review::record::load(store.conn(), &request.reference, crate::clock::now()))
}

/// The readiness check: what an auditor would likely raise, each finding with the section
/// of the workspace where it is fixed.
#[tauri::command]
pub fn review_check(state: State<'_, AppState>, request: ReviewRef) -> Result<Vec<review::check::Finding>, CommandError> {
    with_store(&state, |store| review::check::check(store.conn(), &request.reference, crate::clock::now()))
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Invite {
    pub reference: String,
    /// A person's name, email or id, as the CLI accepts it.
    pub person: String,
    #[cfg_attr(test, ts(type = "\"chair\" | \"top_management\" | \"isms_lead\" | \"minute_taker\" | \"department_head\" | \"internal_audit\" | \"risk_owner\" | \"dpo\" | \"it_security_operations\" | \"guest\""))]
    pub role: String,
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}

#[tauri::command]
pub fn review_invite(state: State<'_, AppState>, request: Invite) -> Result<review::record::ReviewRecord, CommandError> {
    with_store_mut(&state, |store, actor| {
        let person = quorum_core::register::resolve_person(store.conn(), &request.person)?;
        review::invite(store, actor, &request.reference, person.id, &request.role, request.required)
    })?;
    review_get(state, ReviewRef { reference: request.reference })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Attend {
    pub reference: String,
    pub person_id: i64,
    /// unknown, present, apologies, delegate or absent.
    #[cfg_attr(test, ts(type = "\"unknown\" | \"present\" | \"apologies\" | \"delegate\" | \"absent\""))]
    pub attendance: String,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub delegate: Option<String>,
    /// What the invitee delegated to the delegate (top management's delegation).
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub delegation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct SetInput {
    pub reference: String,
    /// The input's code, e.g. "d2".
    pub code: String,
    #[cfg_attr(test, ts(type = "import(\"./InputChange\").InputChange"))]
    pub change: review::inputs::InputChange,
}

/// Saves a change to one input (the window autosaves as the user types).
#[tauri::command]
pub fn review_input_set(state: State<'_, AppState>, request: SetInput) -> Result<review::record::ReviewRecord, CommandError> {
    with_store_mut(&state, |store, actor| review::inputs::set(store, actor, &request.reference, &request.code, &request.change))?;
    review_get(state, ReviewRef { reference: request.reference })
}

#[tauri::command]
pub fn review_attend(state: State<'_, AppState>, request: Attend) -> Result<review::record::ReviewRecord, CommandError> {
    with_store_mut(&state, |store, actor| {
        review::attend(store, actor, &request.reference, request.person_id, &request.attendance, request.delegate.as_deref())?;
        match &request.delegation {
            Some(delegation) => review::record_delegation(store, actor, &request.reference, request.person_id, delegation),
            None => Ok(()),
        }
    })?;
    review_get(state, ReviewRef { reference: request.reference })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Distribute {
    pub reference: String,
    /// Who received the approved minutes; the attendees when empty.
    #[serde(default)]
    pub people: Vec<i64>,
    #[cfg_attr(test, ts(type = "string"))]
    pub sent_on: NaiveDate,
    #[cfg_attr(test, ts(type = "\"email\" | \"shared_folder\" | \"printed\" | \"in_person\""))]
    pub method: String,
}

/// Records that the approved minutes reached people, when and how.
#[tauri::command]
pub fn review_distribute(state: State<'_, AppState>, request: Distribute) -> Result<review::record::ReviewRecord, CommandError> {
    with_store_mut(&state, |store, actor| {
        review::distribution::record(store, actor, &request.reference, &request.people, request.sent_on, request.method.parse()?)
    })?;
    review_get(state, ReviewRef { reference: request.reference })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct MinutesEmail {
    pub reference: String,
    /// The signed minutes the export wrote.
    pub pdf_path: String,
    /// Where to write the unsent message (.eml); never an existing file.
    pub out: String,
}

/// Writes the unsent email that carries the signed minutes to the attendees; returns its path.
#[tauri::command]
pub fn review_minutes_email(state: State<'_, AppState>, request: MinutesEmail) -> Result<String, CommandError> {
    let out = std::path::PathBuf::from(&request.out);
    with_store(&state, |store| review::distribution::write_draft_email(store.conn(), &request.reference, request.pdf_path.as_ref(), &out, crate::clock::now()))?;
    Ok(out.display().to_string())
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, rename = "TransitionRequest"))]
pub struct Transition {
    pub reference: String,
    /// The status to move to, e.g. "invitations_sent".
    // Core derives TS only in its own tests, so its types are named by import here.
    #[cfg_attr(test, ts(type = "import(\"./Status\").Status"))]
        pub to: String,
    /// The day it happened (YYYY-MM-DD); today when absent.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub on: Option<NaiveDate>,
    /// Required to cancel: the reason.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub note: Option<String>,
}

#[tauri::command]
pub fn review_transition(state: State<'_, AppState>, request: Transition) -> Result<review::Review, CommandError> {
    let to: review::Status = request.to.parse()?;
    with_store_mut(&state, |store, actor| review::transition(store, actor, &request.reference, to, request.on, request.note.as_deref()))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, rename = "MoveReview"))]
pub struct MoveReview {
    pub reference: String,
    /// The meeting's new start, wall time in its time zone (YYYY-MM-DDTHH:MM:SS).
    #[cfg_attr(test, ts(type = "string"))]
    pub starts_at: chrono::NaiveDateTime,
}

/// Moves a review's meeting (to the day it really happened, or a new date); the next
/// invitation carries the change.
#[tauri::command]
pub fn review_move(state: State<'_, AppState>, request: MoveReview) -> Result<review::record::ReviewRecord, CommandError> {
    let change = review::ReviewChange { starts_at: Some(request.starts_at), ..Default::default() };
    with_store_mut(&state, |store, actor| review::set(store, actor, &request.reference, &change))?;
    review_get(state, ReviewRef { reference: request.reference })
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct PeopleFilter {
    pub include_inactive: bool,
}

#[tauri::command]
pub fn people_list(state: State<'_, AppState>, request: Option<PeopleFilter>) -> Result<Vec<quorum_core::people::Person>, CommandError> {
    with_store(&state, |store| quorum_core::people::list(store.conn(), request.unwrap_or_default().include_inactive))
}

#[tauri::command]
pub fn person_add(state: State<'_, AppState>, request: quorum_core::people::PersonChange) -> Result<quorum_core::people::Person, CommandError> {
    with_store_mut(&state, |store, actor| quorum_core::people::add(store, actor, &request))
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct UpdatePerson {
    pub id: i64,
    #[cfg_attr(test, ts(type = "import(\"./PersonChange\").PersonChange"))]
    pub change: quorum_core::people::PersonChange,
}

#[tauri::command]
pub fn person_update(state: State<'_, AppState>, request: UpdatePerson) -> Result<quorum_core::people::Person, CommandError> {
    with_store_mut(&state, |store, actor| quorum_core::people::update(store, actor, request.id, &request.change))
}

/// Raises an action (from a review when `reviewId` is given); owner and target date required.
#[tauri::command]
pub fn action_add(state: State<'_, AppState>, request: quorum_core::register::NewAction) -> Result<quorum_core::register::Action, CommandError> {
    with_store_mut(&state, |store, actor| quorum_core::register::add(store, actor, &request))
}

/// Open actions whose description matches one about to be raised, most similar first:
/// the window offers them before a second copy is raised.
#[tauri::command]
pub fn actions_like(state: State<'_, AppState>, description: String) -> Result<Vec<quorum_core::register::similar::SimilarAction>, CommandError> {
    with_store(&state, |store| quorum_core::register::similar::open_like(store.conn(), &description))
}

#[tauri::command]
pub fn actions_list(state: State<'_, AppState>) -> Result<Vec<overview::ActionRow>, CommandError> {
    with_store(&state, |store| overview::action_rows(store.conn(), crate::clock::now()))
}

/// One page of the register, filtered, searched and sorted in core, with the total.
#[tauri::command]
pub fn actions_page(state: State<'_, AppState>, request: quorum_core::register::ActionQuery) -> Result<overview::ActionRowPage, CommandError> {
    with_store(&state, |store| overview::action_page(store.conn(), &request, crate::clock::now()))
}

/// What the register's filters offer (owners and reviews with actions, ...).
#[tauri::command]
pub fn actions_choices(state: State<'_, AppState>) -> Result<overview::RegisterChoices, CommandError> {
    with_store(&state, |store| overview::register_choices(store.conn()))
}

#[tauri::command]
pub fn dashboard(state: State<'_, AppState>) -> Result<overview::Dashboard, CommandError> {
    with_store(&state, |store| {
        let mut dashboard = overview::dashboard(store.conn(), crate::clock::now())?;
        dashboard.recent_activity = crate::activity::recent(store, 12)?;
        crate::trace::mark("dashboard");
        Ok(dashboard)
    })
}

/// What the Settings screen shows about the store.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct StoreSettings {
    pub retention_years: u32,
}

#[tauri::command]
pub fn settings_get(state: State<'_, AppState>) -> Result<StoreSettings, CommandError> {
    with_store(&state, |store| Ok(StoreSettings { retention_years: store.retention_years()? }))
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Retention {
    pub years: u32,
}

#[tauri::command]
pub fn retention_set(state: State<'_, AppState>, request: Retention) -> Result<StoreSettings, CommandError> {
    with_store_mut(&state, |store, actor| store.set_retention_years(request.years, actor))?;
    settings_get(state)
}

/// The store's integrity checks in the window's words: SQLite's, SQLCipher's page HMACs,
/// foreign keys, and the audit trail's hash chain.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct StoreVerification {
    pub ok: bool,
    pub audit_events: u64,
    /// The first audit event whose link does not hold, and why.
    pub audit_broken: Option<String>,
    /// Every other fault found, in SQLite's words.
    pub faults: Vec<String>,
}

#[tauri::command]
pub async fn store_verify<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> Result<StoreVerification, CommandError> {
    // Reads every page: seconds on a large store, so off the window's thread.
    off_thread(app, |state| {
        with_store(state, |store| {
            let report = store.verify()?;
            let faults = report.sqlite.iter().filter(|s| s.as_str() != "ok").chain(&report.cipher).chain(&report.foreign_keys).cloned().collect();
            Ok(StoreVerification {
                ok: report.is_ok(),
                audit_events: report.audit.events,
                audit_broken: report.audit.first_broken.as_ref().map(|b| format!("event {}: {}", b.event_id, b.problem)),
                faults,
            })
        })
    })
    .await
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Backup {
    /// Where to write the backup; never an existing file.
    pub path: String,
}

/// Progress of a backup, sent to the window as the `backup-progress` event.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct BackupProgress {
    pub done: u64,
    pub total: u64,
}

#[tauri::command]
pub async fn store_backup<R: tauri::Runtime>(app: tauri::AppHandle<R>, request: Backup) -> Result<String, CommandError> {
    use tauri::{Emitter, Manager};
    let dest = files::Destination::check(&app.state::<AppState>(), &request.path, "the backup")?;
    let emitter = app.clone();
    off_thread(app, move |state| {
        with_store(state, |store| {
            dest.write(|path| {
                store.backup_to(path, |done, total| {
                    let _ = emitter.emit("backup-progress", BackupProgress { done, total });
                })
            })
        })?;
        Ok(dest.display())
    })
    .await
}

/// Runs blocking store work on tokio's blocking pool, so the window stays responsive.
pub(crate) async fn off_thread<R: tauri::Runtime, T: Send + 'static>(app: tauri::AppHandle<R>, work: impl FnOnce(&AppState) -> Result<T, CommandError> + Send + 'static) -> Result<T, CommandError> {
    use tauri::Manager;
    tauri::async_runtime::spawn_blocking(move || work(&app.state::<AppState>()))
        .await
        .map_err(|e| CommandError::new("internal", format!("The background task failed: {e}. Try again.")))?
}
