//! The Registers screen's commands: the organisation's risk, incident, internal audit and
//! supplier registers, imported from CSV or XLSX as dated snapshots. Each delegates to
//! core's `registers`.

use std::path::PathBuf;

use chrono::NaiveDate;
use quorum_core::registers::source::{self, FieldInfo, Mapping, Preview};
use quorum_core::registers::{self, Changes, RegisterKind, RegisterLevel, RegisterTable, SnapshotInfo};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::{with_store, with_store_mut};
use crate::{AppState, CommandError};

/// One register as the screen lists it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct RegisterSummary {
    #[cfg_attr(test, ts(type = "import(\"./RegisterKind\").RegisterKind"))]
    pub kind: RegisterKind,
    /// "internal audit findings".
    pub label: String,
    /// The newest snapshot: the register's current view.
    #[cfg_attr(test, ts(type = "import(\"./SnapshotInfo\").SnapshotInfo | null"))]
    pub newest: Option<SnapshotInfo>,
    pub snapshots: usize,
    /// The template's columns.
    #[cfg_attr(test, ts(type = "Array<import(\"./FieldInfo\").FieldInfo>"))]
    pub fields: Vec<FieldInfo>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct RegistersOverview {
    /// The residual risk level accepted: risks above it are "above appetite".
    #[cfg_attr(test, ts(type = "import(\"./RegisterLevel\").RegisterLevel"))]
    pub appetite: RegisterLevel,
    pub registers: Vec<RegisterSummary>,
}

#[tauri::command]
pub fn registers_overview(state: State<'_, AppState>) -> Result<RegistersOverview, CommandError> {
    with_store(&state, |store| {
        let conn = store.conn();
        let registers = RegisterKind::ALL
            .iter()
            .map(|kind| {
                let snapshots = registers::snapshots(conn, *kind)?;
                Ok(RegisterSummary { kind: *kind, label: kind.label().into(), newest: snapshots.first().cloned(), snapshots: snapshots.len(), fields: source::field_infos(*kind) })
            })
            .collect::<quorum_core::Result<Vec<_>>>()?;
        Ok(RegistersOverview { appetite: registers::appetite(conn)?, registers })
    })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct RegisterFile {
    #[cfg_attr(test, ts(type = "import(\"./RegisterKind\").RegisterKind"))]
    pub kind: RegisterKind,
    pub path: PathBuf,
    /// Field key → the file's column; the proposed or remembered mapping when absent.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub mapping: Option<Mapping>,
    /// The day the register was extracted (import only; default today).
    #[serde(default)]
    #[cfg_attr(test, ts(optional, type = "string"))]
    pub taken_on: Option<NaiveDate>,
}

/// What importing the file would do: the mapping, every row's problems, the changes since
/// the newest snapshot. Nothing is written.
#[tauri::command]
pub fn registers_preview(state: State<'_, AppState>, request: RegisterFile) -> Result<Preview, CommandError> {
    with_store(&state, |store| Ok(source::preview(store.conn(), request.kind, &request.path, request.mapping.as_ref())?.0))
}

/// Imports the file as a new snapshot (refused whole if any row is wrong), remembering the
/// mapping for this file layout.
#[tauri::command]
pub fn registers_import(state: State<'_, AppState>, request: RegisterFile) -> Result<SnapshotInfo, CommandError> {
    with_store_mut(&state, |store, actor| source::import(store, actor, request.kind, &request.path, request.mapping.as_ref(), request.taken_on))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct RegisterAsAt {
    #[cfg_attr(test, ts(type = "import(\"./RegisterKind\").RegisterKind"))]
    pub kind: RegisterKind,
    /// The day to show the register as at; its newest snapshot when absent.
    #[serde(default)]
    #[cfg_attr(test, ts(optional, type = "string"))]
    pub as_at: Option<NaiveDate>,
}

#[tauri::command]
pub fn registers_list(state: State<'_, AppState>, request: RegisterAsAt) -> Result<RegisterTable, CommandError> {
    with_store(&state, |store| registers::list(store.conn(), request.kind, request.as_at))
}

/// Every snapshot of a register, newest first.
#[tauri::command]
pub fn registers_snapshots(state: State<'_, AppState>, kind: RegisterKind) -> Result<Vec<SnapshotInfo>, CommandError> {
    with_store(&state, |store| registers::snapshots(store.conn(), kind))
}

/// What changed from snapshot `from` to snapshot `to`.
#[tauri::command]
pub fn registers_changes(state: State<'_, AppState>, from: i64, to: i64) -> Result<Changes, CommandError> {
    with_store(&state, |store| registers::changes(store.conn(), from, to))
}

/// Writes a register's empty template (.xlsx or .csv by the name) to a new file.
#[tauri::command]
pub fn registers_template(kind: RegisterKind, path: PathBuf) -> Result<(), CommandError> {
    Ok(source::write_template(kind, &path)?)
}

#[tauri::command]
pub fn registers_appetite_set(state: State<'_, AppState>, level: RegisterLevel) -> Result<RegisterLevel, CommandError> {
    with_store_mut(&state, |store, actor| registers::set_appetite(store, actor, level))
}
