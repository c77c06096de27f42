//! The review workspace's commands beyond details and inputs: the agenda and its minutes,
//! decisions by output area, document control, approval and revisions, the PDF exports
//! (minutes and audit pack) and the signing identity they are signed with. Each delegates
//! to quorum-core (as the CLI's `agenda`, `decision`, `review set|approve|revise`, `export`
//! and `identity` commands do) and, where it changes the review, answers with the whole
//! `ReviewRecord` so the window redraws from what was stored.

use std::path::PathBuf;

use quorum_core::export::{self, pack::PackScope, ExportOptions, ExportSummary, Progress, Signing};
use quorum_core::identity::{self, IdentityInfo};
use quorum_core::review::{agenda, approval, conclusion, decisions, period, record::ReviewRecord};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::{off_thread, review_get, with_store, with_store_mut, ReviewRef};
use crate::{AppState, CommandError};

fn record(state: State<'_, AppState>, reference: String) -> Result<ReviewRecord, CommandError> {
    review_get(state, ReviewRef { reference })
}

// ---------------------------------------------------------------------------------------
// Agenda and minutes

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct AgendaAdd {
    pub reference: String,
    #[cfg_attr(test, ts(type = "import(\"./AgendaItemChange\").AgendaItemChange"))]
    pub item: agenda::ItemChange,
}

/// Appends an agenda item.
#[tauri::command]
pub fn review_agenda_add(state: State<'_, AppState>, request: AgendaAdd) -> Result<ReviewRecord, CommandError> {
    with_store_mut(&state, |store, actor| agenda::add(store, actor, &request.reference, &request.item))?;
    record(state, request.reference)
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct AgendaEdit {
    pub reference: String,
    /// The item's place on the agenda, 1-based.
    pub position: i64,
    #[cfg_attr(test, ts(type = "import(\"./AgendaItemChange\").AgendaItemChange"))]
    pub change: agenda::ItemChange,
}

#[tauri::command]
pub fn review_agenda_edit(state: State<'_, AppState>, request: AgendaEdit) -> Result<ReviewRecord, CommandError> {
    with_store_mut(&state, |store, actor| agenda::update(store, actor, &request.reference, request.position, &request.change))?;
    record(state, request.reference)
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct AgendaMove {
    pub reference: String,
    pub from: i64,
    pub to: i64,
}

#[tauri::command]
pub fn review_agenda_move(state: State<'_, AppState>, request: AgendaMove) -> Result<ReviewRecord, CommandError> {
    with_store_mut(&state, |store, actor| agenda::move_item(store, actor, &request.reference, request.from, request.to))?;
    record(state, request.reference)
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct AgendaItemRef {
    pub reference: String,
    pub position: i64,
}

#[tauri::command]
pub fn review_agenda_remove(state: State<'_, AppState>, request: AgendaItemRef) -> Result<ReviewRecord, CommandError> {
    with_store_mut(&state, |store, actor| agenda::remove(store, actor, &request.reference, request.position))?;
    record(state, request.reference)
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct AgendaNotes {
    pub reference: String,
    pub position: i64,
    /// The discussion notes (the minutes) of the item; replaces what was there.
    pub notes: String,
}

/// Saves the minutes of one agenda item (the window autosaves as the user types).
#[tauri::command]
pub fn review_agenda_notes(state: State<'_, AppState>, request: AgendaNotes) -> Result<ReviewRecord, CommandError> {
    with_store_mut(&state, |store, actor| agenda::discuss(store, actor, &request.reference, request.position, &request.notes))?;
    record(state, request.reference)
}

// ---------------------------------------------------------------------------------------
// Decisions

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Conclude {
    pub reference: String,
    #[cfg_attr(test, ts(type = "import(\"./SetConclusion\").SetConclusion"))]
    pub conclusion: conclusion::SetConclusion,
}

/// Records (or replaces) top management's conclusion on the ISMS (9.3.1).
#[tauri::command]
pub fn review_conclude(state: State<'_, AppState>, request: Conclude) -> Result<ReviewRecord, CommandError> {
    with_store_mut(&state, |store, actor| conclusion::set(store, actor, &request.reference, &request.conclusion))?;
    record(state, request.reference)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct SetPeriod {
    pub reference: String,
    /// The first and last day covered, and why; all three absent return to the default.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub from: Option<chrono::NaiveDate>,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub to: Option<chrono::NaiveDate>,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub reason: Option<String>,
}

/// Sets the period a review covers, with the reason; without dates, back to the default.
#[tauri::command]
pub fn review_period_set(state: State<'_, AppState>, request: SetPeriod) -> Result<ReviewRecord, CommandError> {
    let chosen = match (request.from, request.to) {
        (Some(from), Some(to)) => Some((from, to, request.reason.as_deref().unwrap_or(""))),
        (None, None) => None,
        _ => return Err(CommandError::new("invalid", "a period needs both its first and its last day")),
    };
    with_store_mut(&state, |store, actor| period::set(store, actor, &request.reference, chosen))?;
    record(state, request.reference)
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct DecisionAdd {
    pub reference: String,
    #[cfg_attr(test, ts(type = "import(\"./NewDecision\").NewDecision"))]
    pub decision: decisions::NewDecision,
}

#[tauri::command]
pub fn review_decision_add(state: State<'_, AppState>, request: DecisionAdd) -> Result<ReviewRecord, CommandError> {
    with_store_mut(&state, |store, actor| decisions::add(store, actor, &request.reference, &request.decision))?;
    record(state, request.reference)
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct DecisionNone {
    pub reference: String,
    #[cfg_attr(test, ts(type = "import(\"./Area\").Area"))]
    pub area: String,
    pub reason: String,
}

/// Records that an output area needs no decision in this review, and why.
#[tauri::command]
pub fn review_decision_none(state: State<'_, AppState>, request: DecisionNone) -> Result<ReviewRecord, CommandError> {
    let area: decisions::Area = request.area.parse()?;
    with_store_mut(&state, |store, actor| decisions::none(store, actor, &request.reference, area, &request.reason))?;
    record(state, request.reference)
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct DecisionRef {
    pub reference: String,
    pub id: i64,
}

#[tauri::command]
pub fn review_decision_remove(state: State<'_, AppState>, request: DecisionRef) -> Result<ReviewRecord, CommandError> {
    with_store_mut(&state, |store, actor| decisions::remove(store, actor, &request.reference, request.id))?;
    record(state, request.reference)
}

// ---------------------------------------------------------------------------------------
// Document control, approval, revisions

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct DocumentSet {
    pub reference: String,
    #[cfg_attr(test, ts(type = "import(\"./DocumentChange\").DocumentChange"))]
    pub change: approval::DocumentChange,
}

#[tauri::command]
pub fn review_document_set(state: State<'_, AppState>, request: DocumentSet) -> Result<ReviewRecord, CommandError> {
    with_store_mut(&state, |store, actor| approval::set_document(store, actor, &request.reference, &request.change))?;
    record(state, request.reference)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Approve {
    pub reference: String,
    /// The chair or a named approver.
    pub person_id: i64,
    /// The reason for approving while the readiness check has open findings.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub anyway: Option<String>,
}

/// What approving answers: the approval state (who approved, who is still awaited, locked)
/// and the review as it now stands.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Approved {
    #[cfg_attr(test, ts(type = "import(\"./ApprovalState\").ApprovalState"))]
    pub approval: approval::ApprovalState,
    #[cfg_attr(test, ts(type = "import(\"./ReviewRecord\").ReviewRecord"))]
    pub record: ReviewRecord,
}

#[tauri::command]
pub fn review_approve(state: State<'_, AppState>, request: Approve) -> Result<Approved, CommandError> {
    let approval = with_store_mut(&state, |store, actor| approval::approve(store, actor, &request.reference, request.person_id, request.anyway.as_deref()))?;
    Ok(Approved { approval, record: record(state, request.reference)? })
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Revise {
    pub reference: String,
    /// What the new revision changes and why.
    pub particulars: String,
}

/// Opens the next revision of approved minutes (1.0 → 1.1); the approved one stays intact.
#[tauri::command]
pub fn review_revise(state: State<'_, AppState>, request: Revise) -> Result<ReviewRecord, CommandError> {
    with_store_mut(&state, |store, actor| approval::revise(store, actor, &request.reference, &request.particulars))?;
    record(state, request.reference)
}

// ---------------------------------------------------------------------------------------
// Exports

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ExportPdf {
    pub reference: String,
    /// Where to write the PDF; never an existing file.
    pub path: String,
    /// "a4" (default) or "letter".
    #[serde(default)]
    #[cfg_attr(test, ts(type = "\"a4\" | \"letter\""))]
    #[cfg_attr(test, ts(optional))]
    pub page_size: Option<String>,
    /// Sign with the store's signing identity.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub sign: bool,
    /// Where it was signed, shown in the signature.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub location: Option<String>,
}

/// Progress of an export, sent to the window as the `export-progress` event.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ExportProgress {
    /// "minutes" or "pack".
    #[cfg_attr(test, ts(type = "\"minutes\" | \"pack\""))]
    pub what: &'static str,
    #[cfg_attr(test, ts(type = "import(\"./ExportStage\").ExportStage"))]
    pub stage: export::Stage,
    /// The stage in words ("laying out the pages").
    pub label: &'static str,
    pub fraction: f32,
}

#[derive(Clone, Copy)]
enum Kind {
    Minutes,
    Pack,
}

async fn export_pdf<R: tauri::Runtime>(app: tauri::AppHandle<R>, request: ExportPdf, kind: Kind) -> Result<ExportSummary, CommandError> {
    use tauri::{Emitter, Manager};
    let page_size = match request.page_size.as_deref().unwrap_or("a4") {
        "a4" | "A4" => quorum_pdf::PageSize::A4,
        "letter" | "Letter" => quorum_pdf::PageSize::Letter,
        other => return Err(CommandError::new("invalid", format!("unknown paper size {other:?}: choose A4 or Letter"))),
    };
    let out = super::files::Destination::check(&app.state::<crate::AppState>(), &request.path, "the PDF")?;
    let emitter = app.clone();
    off_thread(app, move |state| {
        let summary = with_store(state, |store| {
            let now = crate::clock::now();
            let mut options = ExportOptions::new(now);
            options.page_size = page_size;
            if request.sign {
                // Signed with the organisation's identity: readers show its name as the signer.
                options.sign = Some(Signing { location: request.location.clone(), time: now });
            }
            let what = match kind {
                Kind::Minutes => "minutes",
                Kind::Pack => "pack",
            };
            let mut progress = |p: Progress| {
                let _ = emitter.emit("export-progress", ExportProgress { what, stage: p.stage, label: p.stage.describe(), fraction: p.fraction });
            };
            out.write(|path| match kind {
                Kind::Minutes => export::minutes::export_minutes(store, &request.reference, &options, path, &mut progress),
                Kind::Pack => export::pack::export_pack(store, &PackScope::Review(request.reference.clone()), &options, path, &mut progress),
            })
        })?;
        // When replacing, core wrote beside the file: the summary names the file itself.
        Ok(ExportSummary { path: out.path.clone(), ..summary })
    })
    .await
}

/// Writes a review's minutes as PDF (signed when asked), reporting `export-progress` events.
#[tauri::command]
pub async fn export_minutes<R: tauri::Runtime>(app: tauri::AppHandle<R>, request: ExportPdf) -> Result<ExportSummary, CommandError> {
    export_pdf(app, request, Kind::Minutes).await
}

/// Writes the auditor's pack of one review as PDF (signed when asked), with progress events.
#[tauri::command]
pub async fn export_pack<R: tauri::Runtime>(app: tauri::AppHandle<R>, request: ExportPdf) -> Result<ExportSummary, CommandError> {
    export_pdf(app, request, Kind::Pack).await
}

// ---------------------------------------------------------------------------------------
// Signing identity

/// The store's signing identity (never the key), or null when it has none yet.
#[tauri::command]
pub fn identity_get(state: State<'_, AppState>) -> Result<Option<IdentityInfo>, CommandError> {
    with_store(&state, |store| identity::show(store.conn()))
}

/// The location, contact and time-stamping authority written into every signature.
#[tauri::command]
pub fn identity_settings_get(state: State<'_, AppState>) -> Result<identity::SigningSettings, CommandError> {
    with_store(&state, |store| identity::settings(store.conn()))
}

#[tauri::command]
pub fn identity_settings_set(state: State<'_, AppState>, request: identity::SigningSettings) -> Result<identity::SigningSettings, CommandError> {
    with_store_mut(&state, |store, actor| identity::set_settings(store, actor, &request))
}

/// Core's warning when the signing certificate expires within 90 days (or has), as of the
/// app's clock; null when it does not, or when there is no identity.
#[tauri::command]
pub fn identity_warning(state: State<'_, AppState>) -> Result<Option<String>, CommandError> {
    with_store(&state, |store| Ok(identity::show(store.conn())?.and_then(|info| identity::expiry_warning(&info, crate::clock::now()))))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct TimestampFile {
    /// A PDF Quorum (or anyone) signed, chosen in the Open dialog.
    pub path: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct TimestampDone {
    pub path: String,
    pub tsa_url: String,
    /// The revocation data added and what could not be fetched; null for a self-signed seal.
    pub revocation: Option<String>,
}

/// `quorum timestamp` in the window: a document timestamp from the signing settings'
/// authority, with the revocation data its signatures name, appended to a signed PDF as an
/// incremental update (earlier signatures stay valid). Off the UI thread: it waits on the
/// network.
#[tauri::command]
pub async fn pdf_timestamp<R: tauri::Runtime>(app: tauri::AppHandle<R>, request: TimestampFile) -> Result<TimestampDone, CommandError> {
    off_thread(app, move |state| {
        let tsa_url = with_store(state, |store| Ok(identity::settings(store.conn())?.tsa_url))?;
        if tsa_url.is_empty() {
            return Err(CommandError::new("invalid", "No time-stamping authority is set: give its URL under Signing, In every signature, then add the timestamp."));
        }
        let path = PathBuf::from(request.path.trim());
        let done = export::timestamp::add(&path, &tsa_url)?;
        Ok(TimestampDone { path: path.display().to_string(), tsa_url, revocation: done.revocation })
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct IdentityCreate {
    /// The certificate's common name; the organisation's name when empty.
    #[cfg_attr(test, ts(optional))]
    pub common_name: Option<String>,
    /// Replace the identity the store already has.
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub replace: bool,
}

/// Makes a self-signed signing identity for the organisation (ECDSA P-256, three years).
#[tauri::command]
pub fn identity_create(state: State<'_, AppState>, request: Option<IdentityCreate>) -> Result<IdentityInfo, CommandError> {
    let request = request.unwrap_or_default();
    with_store_mut(&state, |store, actor| identity::create_self_signed(store, actor, request.common_name.as_deref(), request.replace))
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct IdentityImport {
    /// A PKCS#12 file (.p12/.pfx).
    pub path: String,
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<String>", optional))]
    pub password: String,
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub replace: bool,
}

/// Imports the key and certificate chain of a PKCS#12 file.
#[tauri::command]
pub fn identity_import(state: State<'_, AppState>, request: IdentityImport) -> Result<IdentityInfo, CommandError> {
    let path = PathBuf::from(request.path.trim());
    if !path.is_file() {
        return Err(CommandError::new("not_found", format!("There is no file at {}. Choose the .p12 or .pfx file your certificate authority issued.", path.display())));
    }
    let bytes = std::fs::read(&path).map_err(|e| CommandError::new("io", format!("Cannot read {}: {e}", path.display())))?;
    with_store_mut(&state, |store, actor| identity::import_pkcs12(store, actor, &bytes, &request.password, request.replace))
}
