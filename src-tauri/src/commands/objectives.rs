//! The Objectives screen's commands: the ISMS objectives (owner, measure, target, period)
//! and what each review found about them. Each delegates to core's `objectives`.

use quorum_core::objectives::{self, Met, Objective, ObjectiveChange, ObjectiveResult};
use quorum_core::review;
use serde::{Deserialize, Serialize};
use tauri::State;

use super::{with_store, with_store_mut};
use crate::{AppState, CommandError};

/// The latest review's finding about an objective.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct LatestResult {
    pub review_reference: String,
    /// The review's meeting day (YYYY-MM-DD).
    pub review_on: String,
    #[cfg_attr(test, ts(type = "import(\"./Met\").Met"))]
    pub met: Met,
    pub note: Option<String>,
    pub next_target: Option<String>,
}

/// An objective with the latest result any review recorded for it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ObjectiveOverview {
    #[cfg_attr(test, ts(type = "import(\"./Objective\").Objective"))]
    pub objective: Objective,
    pub latest: Option<LatestResult>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ObjectivesFilter {
    /// Retired objectives too.
    pub include_inactive: bool,
}

#[tauri::command]
pub fn objectives_list(state: State<'_, AppState>, request: Option<ObjectivesFilter>) -> Result<Vec<ObjectiveOverview>, CommandError> {
    with_store(&state, |store| {
        let conn = store.conn();
        let mut overview: Vec<ObjectiveOverview> = objectives::list(conn, request.unwrap_or_default().include_inactive)?.into_iter().map(|objective| ObjectiveOverview { objective, latest: None }).collect();
        // Reviews in meeting order: a later review's result replaces an earlier one's.
        for found in review::list(conn)?.into_iter().filter(|r| r.status != "cancelled") {
            for result in objectives::results(conn, found.id)? {
                if let Some(row) = overview.iter_mut().find(|o| o.objective.id == result.objective.id) {
                    row.latest = Some(LatestResult { review_reference: found.reference.clone(), review_on: found.starts_at.chars().take(10).collect(), met: result.met, note: result.note, next_target: result.next_target });
                }
            }
        }
        Ok(overview)
    })
}

/// Adds an objective: title, measure, target and period are required (core checks them).
#[tauri::command]
pub fn objective_add(state: State<'_, AppState>, request: ObjectiveChange) -> Result<Objective, CommandError> {
    with_store_mut(&state, |store, actor| objectives::add(store, actor, &request))
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct UpdateObjective {
    pub id: i64,
    #[cfg_attr(test, ts(type = "import(\"./ObjectiveChange\").ObjectiveChange"))]
    pub change: ObjectiveChange,
}

#[tauri::command]
pub fn objective_update(state: State<'_, AppState>, request: UpdateObjective) -> Result<Objective, CommandError> {
    with_store_mut(&state, |store, actor| objectives::update(store, actor, request.id, &request.change))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct RecordResult {
    /// The review that judged it (its reference).
    pub reference: String,
    pub objective_id: i64,
    /// met, partly_met, not_met or not_yet_due (parsed by core, so a wrong word gets its
    /// readable message rather than a deserialisation error).
    #[cfg_attr(test, ts(type = "import(\"./Met\").Met"))]
    pub met: String,
    /// What was measured for the period ("median 9 days").
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub measured: Option<String>,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub note: Option<String>,
    /// The next period's target; absent or empty confirms the current one.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub next_target: Option<String>,
}

/// Records what a review found about an objective (replacing that review's earlier
/// result while its minutes are not approved).
#[tauri::command]
pub fn objective_result_set(state: State<'_, AppState>, request: RecordResult) -> Result<ObjectiveResult, CommandError> {
    let met: Met = request.met.parse()?;
    let entry = objectives::ResultEntry { met, measured: request.measured.as_deref(), note: request.note.as_deref(), next_target: request.next_target.as_deref() };
    with_store_mut(&state, |store, actor| objectives::record_result(store, actor, &request.reference, request.objective_id, &entry))
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ReviewResults {
    pub reference: String,
}

/// The results one review recorded.
#[tauri::command]
pub fn objective_results(state: State<'_, AppState>, request: ReviewResults) -> Result<Vec<ObjectiveResult>, CommandError> {
    with_store(&state, |store| {
        let found = review::get(store.conn(), &request.reference)?;
        objectives::results(store.conn(), found.id)
    })
}
