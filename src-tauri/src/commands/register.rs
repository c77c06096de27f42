//! The action register's commands: one action with its history, bulk status changes
//! through core's status machine, verification, escalation, revised target dates, and
//! the CSV / XLSX export of the rows the window shows.

use chrono::NaiveDate;
use quorum_core::register::{self, Action, ActionDetail, ActionStatus, ActionUpdate, EscalateRequest, EscalationLevel, Outcome, VerifyRequest};
use quorum_core::{Actor, Store};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::{with_store, with_store_mut};
use crate::{AppState, CommandError};

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ActionRef {
    pub reference: String,
}

/// One action with its status history, notes, revised dates, verifications and escalations.
#[tauri::command]
pub fn action_get(state: State<'_, AppState>, request: ActionRef) -> Result<ActionDetail, CommandError> {
    with_store(&state, |store| register::show(store.conn(), &request.reference, crate::clock::now()))
}

/// The organisation's escalation path, lowest level first.
#[tauri::command]
pub fn escalation_path(state: State<'_, AppState>) -> Result<Vec<EscalationLevel>, CommandError> {
    with_store(&state, |store| register::escalation_path(store.conn()))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct PathLevel {
    pub name: String,
    /// None: the owner's line manager at this level.
    #[serde(default)]
    pub person_id: Option<i64>,
}

/// Replaces the escalation path, lowest level first. Core refuses a path shorter than the
/// highest level an open action has reached.
#[tauri::command]
pub fn escalation_path_set(state: State<'_, AppState>, request: Vec<PathLevel>) -> Result<Vec<EscalationLevel>, CommandError> {
    let levels: Vec<(String, Option<i64>)> = request.into_iter().map(|level| (level.name, level.person_id)).collect();
    with_store_mut(&state, |store, actor| register::set_escalation_path(store, actor, &levels))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct BulkStatus {
    pub references: Vec<String>,
    /// open, in_progress, completed or closed.
    #[cfg_attr(test, ts(type = "import(\"./ActionStatus\").ActionStatus"))]
    pub to: String,
    /// A progress note kept with each change (required by nothing, kept when given).
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub note: Option<String>,
    /// Closing is a verification: who verified (not the owner of any of them) …
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub verifier_id: Option<i64>,
    /// … and the evidence reviewed.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub evidence: Option<String>,
}

/// What happened to one action of a bulk change.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct BulkOutcome {
    pub reference: String,
    pub changed: bool,
    /// The action's status after the attempt (unchanged when refused; None if not found).
    #[cfg_attr(test, ts(type = "import(\"./ActionStatus\").ActionStatus | null"))]
    pub status: Option<String>,
    /// Core's reason when refused.
    pub error: Option<CommandError>,
}

/// Moves one action to `to` through core's status machine: open / in_progress by an
/// update, completed as the owner's claim, closed as an accepted verification.
pub(crate) fn change_status(store: &mut Store, actor: &Actor, reference: &str, to: ActionStatus, request: &BulkStatus) -> quorum_core::Result<Action> {
    match to {
        ActionStatus::Open | ActionStatus::InProgress => {
            let change = ActionUpdate { status: Some(to), note: request.note.clone(), ..Default::default() };
            register::update(store, actor, reference, &change)
        }
        ActionStatus::Completed => register::complete(store, actor, reference, request.note.as_deref()),
        ActionStatus::Closed => {
            let verifier_id = request.verifier_id.ok_or_else(|| quorum_core::Error::invalid("closing an action is a verification: choose the verifier (not the owner) who reviewed the evidence"))?;
            let verify = VerifyRequest { verifier_id, outcome: Outcome::Accepted, evidence: request.evidence.clone().unwrap_or_default(), reason: None };
            register::verify(store, actor, reference, &verify)
        }
    }
}

/// Changes the status of several actions, each on its own through core's status machine:
/// one refused change does not stop the others, and each one's outcome is reported.
#[tauri::command]
pub fn actions_bulk_status(state: State<'_, AppState>, request: BulkStatus) -> Result<Vec<BulkOutcome>, CommandError> {
    let to: ActionStatus = request.to.parse()?;
    if request.references.is_empty() {
        return Err(CommandError::new("invalid", "Select at least one action first."));
    }
    let mut outcomes = Vec::new();
    for reference in &request.references {
        let result = with_store_mut(&state, |store, actor| change_status(store, actor, reference, to, &request));
        outcomes.push(match result {
            Ok(action) => BulkOutcome { reference: reference.clone(), changed: true, status: Some(action.status.to_string()), error: None },
            Err(error) => {
                let status = with_store(&state, |store| register::get(store.conn(), reference, crate::clock::now())).ok().map(|a| a.status.to_string());
                BulkOutcome { reference: reference.clone(), changed: false, status, error: Some(error) }
            }
        });
    }
    Ok(outcomes)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, rename = "VerifyAction"))]
pub struct Verify {
    pub reference: String,
    pub verifier_id: i64,
    /// accepted (closes) or rejected (back to in progress).
    #[cfg_attr(test, ts(type = "import(\"./Outcome\").Outcome"))]
    pub outcome: String,
    pub evidence: String,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub reason: Option<String>,
}

/// A verifier's review of a completed action; core refuses the owner as verifier.
#[tauri::command]
pub fn action_verify(state: State<'_, AppState>, request: Verify) -> Result<ActionDetail, CommandError> {
    let outcome: Outcome = request.outcome.parse()?;
    let verify = VerifyRequest { verifier_id: request.verifier_id, outcome, evidence: request.evidence, reason: request.reason };
    with_store_mut(&state, |store, actor| register::verify(store, actor, &request.reference, &verify))?;
    action_get(state, ActionRef { reference: request.reference })
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, rename = "EscalateAction"))]
pub struct Escalate {
    pub reference: String,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub note: Option<String>,
    /// Escalate although neither overdue nor stalled (needs a note).
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub force: bool,
}

/// One level up the organisation's escalation path.
#[tauri::command]
pub fn action_escalate(state: State<'_, AppState>, request: Escalate) -> Result<ActionDetail, CommandError> {
    let escalate = EscalateRequest { note: request.note, force: request.force, ..Default::default() };
    with_store_mut(&state, |store, actor| register::escalate(store, actor, &request.reference, &escalate))?;
    action_get(state, ActionRef { reference: request.reference })
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ReviseDate {
    pub reference: String,
    pub date: NaiveDate,
    pub reason: String,
}

/// A new target date with its reason; the original date is kept.
#[tauri::command]
pub fn action_revise_date(state: State<'_, AppState>, request: ReviseDate) -> Result<ActionDetail, CommandError> {
    with_store_mut(&state, |store, actor| register::revise_date(store, actor, &request.reference, request.date, &request.reason))?;
    action_get(state, ActionRef { reference: request.reference })
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct AddNote {
    pub reference: String,
    pub note: String,
}

/// A timestamped progress note.
#[tauri::command]
pub fn action_note(state: State<'_, AppState>, request: AddNote) -> Result<ActionDetail, CommandError> {
    let change = ActionUpdate { note: Some(request.note), ..Default::default() };
    with_store_mut(&state, |store, actor| register::update(store, actor, &request.reference, &change))?;
    action_get(state, ActionRef { reference: request.reference })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ExportActions {
    /// Where to write; never an existing file.
    pub path: String,
    /// csv or xlsx.
    #[cfg_attr(test, ts(type = "\"csv\" | \"xlsx\""))]
    pub format: String,
    /// The actions to write, in this order (a selection) …
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<Vec<String>>", optional))]
    pub references: Vec<String>,
    /// … or, when given, every action this query matches, in its order (the rows the
    /// window's filters and sort show, all pages).
    #[serde(default)]
    #[cfg_attr(test, ts(type = "import(\"./ActionQuery\").ActionQuery", optional))]
    pub query: Option<register::ActionQuery>,
}

/// Writes the listed actions as CSV or XLSX (core's columns) to a new file; returns its path.
#[tauri::command]
pub fn actions_export(state: State<'_, AppState>, request: ExportActions) -> Result<String, CommandError> {
    if !matches!(request.format.as_str(), "csv" | "xlsx") {
        return Err(CommandError::new("invalid", format!("{:?} is not an export format: choose csv or xlsx", request.format)));
    }
    let dest = super::files::Destination::check(&state, &request.path, "the register")?;
    let now = crate::clock::now();
    let actions = with_store(&state, |store| {
        if let Some(query) = &request.query {
            return Ok(register::page(store.conn(), &register::ActionQuery { offset: 0, limit: None, ..query.clone() }, now)?.rows);
        }
        let all: std::collections::HashMap<String, Action> = register::list(store.conn(), &Default::default(), now)?.into_iter().map(|a| (a.reference.clone(), a)).collect();
        request
            .references
            .iter()
            .map(|r| all.get(r).cloned().ok_or_else(|| quorum_core::Error::invalid(format!("there is no action {r} in the register: refresh the list and try again"))))
            .collect::<quorum_core::Result<Vec<Action>>>()
    })?;
    dest.write(|path| match request.format.as_str() {
        "csv" => register::export::write_csv(path, &actions),
        _ => register::export::write_xlsx(path, &actions, now),
    })?;
    Ok(dest.display())
}
