//! An input card's KPIs and evidence files. Evidence arrives as the raw bytes of the file
//! the user dropped or chose (no JSON array of numbers, no base64), with its name and
//! target in headers.

use std::path::PathBuf;

use quorum_core::review::{self, evidence, inputs};
use serde::Deserialize;
use tauri::ipc::{InvokeBody, Request};
use tauri::State;

use super::{review_get, with_store, with_store_mut, ReviewRef};
use crate::{AppState, CommandError};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct SetKpi {
    pub reference: String,
    pub code: String,
    #[cfg_attr(test, ts(type = "import(\"./NewKpi\").NewKpi"))]
    pub kpi: inputs::NewKpi,
}

/// Adds a KPI to an input, or replaces the one with the same name.
#[tauri::command]
pub fn review_kpi_set(state: State<'_, AppState>, request: SetKpi) -> Result<review::record::ReviewRecord, CommandError> {
    with_store_mut(&state, |store, actor| inputs::set_kpi(store, actor, &request.reference, &request.code, &request.kpi))?;
    review_get(state, ReviewRef { reference: request.reference })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct RemoveKpi {
    pub reference: String,
    pub code: String,
    pub name: String,
}

#[tauri::command]
pub fn review_kpi_remove(state: State<'_, AppState>, request: RemoveKpi) -> Result<review::record::ReviewRecord, CommandError> {
    with_store_mut(&state, |store, actor| inputs::remove_kpi(store, actor, &request.reference, &request.code, &request.name))?;
    review_get(state, ReviewRef { reference: request.reference })
}

/// A header of an evidence upload; names are percent-encoded by the window (headers are ASCII).
fn header(request: &Request<'_>, name: &str) -> Result<String, CommandError> {
    let raw = request.headers().get(name).and_then(|v| v.to_str().ok()).ok_or_else(|| CommandError::new("invalid", format!("The upload lacks its {name} header.")))?;
    percent_decode(raw).ok_or_else(|| CommandError::new("invalid", format!("The upload's {name} header is not valid percent-encoded UTF-8.")))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Stores a file as evidence for an input of a review. Body: the file's bytes; headers:
/// `x-review`, `x-input` (the input's code) and `x-file-name`, each percent-encoded.
#[tauri::command]
pub fn evidence_add(state: State<'_, AppState>, request: Request<'_>) -> Result<review::record::ReviewRecord, CommandError> {
    let InvokeBody::Raw(content) = request.body() else {
        return Err(CommandError::new("invalid", "Evidence arrives as the file's bytes; this upload had none."));
    };
    let reference = header(&request, "x-review")?;
    let target = evidence::EvidenceFor::Review { review: reference.clone(), input_code: Some(header(&request, "x-input")?) };
    let file_name = header(&request, "x-file-name")?;
    with_store_mut(&state, |store, actor| evidence::add(store, actor, &target, &file_name, content))?;
    review_get(state, ReviewRef { reference })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct DroppedEvidence {
    pub reference: String,
    /// The input's code, e.g. "d2".
    pub code: String,
    /// A file dropped on the window: Tauri's drag-and-drop event gives its path, not its bytes.
    pub path: String,
}

/// Stores a file dropped on an input card in the real window, read from its path.
#[tauri::command]
pub fn evidence_add_path(state: State<'_, AppState>, request: DroppedEvidence) -> Result<review::record::ReviewRecord, CommandError> {
    let path = PathBuf::from(&request.path);
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).ok_or_else(|| CommandError::new("invalid", format!("{} is not a file: drop a file, not a folder", path.display())))?;
    let content = std::fs::read(&path).map_err(|e| CommandError::new("io", format!("Cannot read {}: {e}. Drop a file you can open.", path.display())))?;
    let target = evidence::EvidenceFor::Review { review: request.reference.clone(), input_code: Some(request.code) };
    with_store_mut(&state, |store, actor| evidence::add(store, actor, &target, &file_name, &content))?;
    review_get(state, ReviewRef { reference: request.reference })
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct SaveEvidence {
    pub id: i64,
    /// Where to write the copy; never an existing file.
    pub path: String,
}

/// Writes a copy of an evidence file, after checking it still matches its SHA-256.
#[tauri::command]
pub fn evidence_save(state: State<'_, AppState>, request: SaveEvidence) -> Result<String, CommandError> {
    let dest = super::files::Destination::check(&state, &request.path, "the copy")?;
    let (_, bytes) = with_store(&state, |store| evidence::content(store.conn(), request.id))?;
    dest.write(|path| {
        quorum_core::export::write_new(path, |file| {
            use std::io::Write;
            file.write_all(&bytes).map_err(|source| quorum_core::Error::Io { path: path.to_owned(), source })
        })
    })?;
    Ok(dest.display())
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_encoded_names_decode_and_bad_ones_are_refused() {
        assert_eq!(super::percent_decode("Zo%C3%AB%20KPIs%20Q4.xlsx").as_deref(), Some("Zoë KPIs Q4.xlsx"));
        assert_eq!(super::percent_decode("plain.pdf").as_deref(), Some("plain.pdf"));
        assert_eq!(super::percent_decode("bad%2"), None);
        assert_eq!(super::percent_decode("bad%FF"), None, "not UTF-8");
    }
}
