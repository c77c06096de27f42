//! The Calendar screen's commands: the year planner's data, planning a year, the lead's
//! calendar (.ics) and the one-page planner (PDF), and per review the invitation (.ics and
//! .eml draft) and the cancellation. Files are new files (core's `write_new`); the calendar and
//! the planner may replace a file the user confirmed in the system's Save dialog.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{NaiveTime, Weekday};
use quorum_core::schedule::{self, Cadence, Issued, PlanOutcome, PlanRequest, YearView};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::files::{ensure_parent, Destination};
use super::{off_thread, with_store, with_store_mut};
use crate::{AppState, CommandError};

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, rename = "CalendarYear"))]
pub struct Year {
    pub year: i32,
}

/// The year planner: the year's reviews, their milestones, open actions due, holidays.
#[tauri::command]
pub fn calendar_year(state: State<'_, AppState>, request: Year) -> Result<YearView, CommandError> {
    with_store(&state, |store| schedule::year_view(store.conn(), request.year, crate::clock::now()))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, rename = "PlanRequest"))]
pub struct Plan {
    pub year: i32,
    /// annual, half_yearly, quarterly or months.
    #[cfg_attr(test, ts(type = "\"annual\" | \"half_yearly\" | \"quarterly\" | \"months\""))]
    pub cadence: String,
    /// The chosen months (1 to 12) when `cadence` is months.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<Vec<u32>>", optional))]
    pub months: Vec<u32>,
    /// Month of the first review for the other cadences.
    #[serde(default = "january")]
    #[cfg_attr(test, ts(as = "Option<u32>", optional))]
    pub first_month: u32,
    /// mon … sun.
    #[cfg_attr(test, ts(type = "\"mon\" | \"tue\" | \"wed\" | \"thu\" | \"fri\" | \"sat\" | \"sun\""))]
    pub weekday: String,
    /// 1 to 4, or 5 for the last such weekday of the month.
    pub week_of_month: u8,
    /// HH:MM, local to `time_zone`.
    pub time: String,
    pub duration_minutes: u32,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub location: Option<String>,
    /// IANA zone; the organisation's when absent.
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub time_zone: Option<String>,
}

fn january() -> u32 {
    1
}

fn invalid(message: String) -> CommandError {
    CommandError::new("invalid", message)
}

impl Plan {
    fn cadence(&self) -> Result<Cadence, CommandError> {
        match self.cadence.as_str() {
            "annual" => Ok(Cadence::Annual),
            "half_yearly" => Ok(Cadence::HalfYearly),
            "quarterly" => Ok(Cadence::Quarterly),
            "months" => Ok(Cadence::Months(self.months.clone())),
            other => Err(invalid(format!("{other:?} is not a cadence: choose annual, half-yearly, quarterly or chosen months"))),
        }
    }
}

/// Plans the year (core's `schedule::plan`): new reviews in empty slots, not-yet-held ones
/// moved; returns what was created, moved or left.
#[tauri::command]
pub fn calendar_plan(state: State<'_, AppState>, request: Plan) -> Result<PlanOutcome, CommandError> {
    let cadence = request.cadence()?;
    let weekday: Weekday = request.weekday.parse().map_err(|_| invalid(format!("{:?} is not a weekday", request.weekday)))?;
    let time = NaiveTime::parse_from_str(request.time.trim(), "%H:%M").map_err(|_| invalid(format!("{:?} is not a time: write it as HH:MM, like 10:00", request.time)))?;
    if !(1..=5).contains(&request.week_of_month) {
        return Err(invalid(format!("week {} of the month does not exist: choose 1 to 4, or last", request.week_of_month)));
    }
    let location = request.location.clone().filter(|l| !l.trim().is_empty());
    with_store_mut(&state, |store, actor| {
        let time_zone = match request.time_zone.clone().filter(|z| !z.trim().is_empty()) {
            Some(zone) => zone,
            None => quorum_core::organisation::get(store.conn())?.time_zone,
        };
        let plan = PlanRequest {
            year: request.year,
            cadence,
            first_month: request.first_month,
            weekday,
            week_of_month: request.week_of_month,
            time,
            duration_minutes: request.duration_minutes,
            location,
            time_zone,
            holidays: Vec::new(),
        };
        schedule::plan(store, actor, &plan)
    })
}

#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct YearExport {
    pub year: i32,
    /// Where to write; never an existing file.
    pub path: String,
}

fn new_file(path: &str, what: &str) -> Result<PathBuf, CommandError> {
    let dest = PathBuf::from(path.trim());
    if dest.as_os_str().is_empty() {
        return Err(invalid(format!("Choose where to save {what}.")));
    }
    if dest.exists() {
        return Err(CommandError::new("already_exists", format!("{} already exists; Quorum never overwrites a file. Choose another name.", dest.display())));
    }
    Ok(dest)
}

/// A new file at `dest` holding `bytes` (core's `write_new`).
fn new_file_with(dest: &Path, bytes: &[u8]) -> quorum_core::Result<()> {
    quorum_core::export::write_new(dest, |file| file.write_all(bytes).map_err(|e| quorum_core::Error::Io { path: dest.to_owned(), source: e }))
}

fn write(dest: &Path, bytes: &[u8]) -> Result<(), CommandError> {
    ensure_parent(dest)?;
    new_file_with(dest, bytes)?;
    Ok(())
}

/// The ISMS lead's calendar of the year (METHOD:PUBLISH); returns the path written.
#[tauri::command]
pub fn calendar_export_ics(state: State<'_, AppState>, request: YearExport) -> Result<String, CommandError> {
    let dest = Destination::check(&state, &request.path, "the calendar")?;
    let ics = with_store(&state, |store| schedule::lead_calendar(store.conn(), request.year, crate::clock::now()))?;
    dest.write(|path| new_file_with(path, ics.as_bytes()))?;
    Ok(dest.display().to_string())
}

/// The one-page year planner PDF, laid out off the UI thread; returns the path written.
#[tauri::command]
pub async fn calendar_export_planner<R: tauri::Runtime>(app: tauri::AppHandle<R>, request: YearExport) -> Result<String, CommandError> {
    use tauri::Manager;
    let dest = Destination::check(&app.state::<AppState>(), &request.path, "the planner")?;
    off_thread(app, move |state| {
        let pdf = with_store(state, |store| schedule::year_planner(store.conn(), request.year, crate::clock::now()))?;
        dest.write(|path| new_file_with(path, &pdf.bytes))?;
        Ok(dest.display().to_string())
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct InvitationFiles {
    pub reference: String,
    /// Where to write the .ics and the .eml draft; neither may exist.
    pub ics_path: String,
    pub eml_path: String,
}

/// What was issued and where its files are.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuedFiles {
    #[serde(flatten)]
    pub issued: Issued,
    pub ics_path: String,
    pub eml_path: String,
}

// The TypeScript of `IssuedFiles`. ts-rs cannot flatten a core type here (core derives TS
// only in its own tests), so the intersection is spelled out; the test
// `issued_files_are_issued_and_two_paths` holds it to what serde writes.
/// What was issued (core's `Issued`) and where its .ics and .eml files were written.
#[cfg(test)]
#[derive(ts_rs::TS)]
#[ts(export, rename = "IssuedFiles", type = "import(\"./Issued\").Issued & { icsPath: string, emlPath: string }")]
#[allow(dead_code)]
struct IssuedFilesTs;

fn check_pair(request: &InvitationFiles) -> Result<(PathBuf, PathBuf), CommandError> {
    let ics = new_file(&request.ics_path, "the .ics file")?;
    let eml = new_file(&request.eml_path, "the .eml draft")?;
    if ics == eml {
        return Err(invalid("The .ics file and the .eml draft need two different names.".into()));
    }
    Ok((ics, eml))
}

fn write_issued(issued: Issued, ics: &Path, eml: &Path) -> Result<IssuedFiles, CommandError> {
    write(ics, issued.ics.as_bytes())?;
    write(eml, issued.eml.as_bytes())?;
    Ok(IssuedFiles { issued, ics_path: ics.display().to_string(), eml_path: eml.display().to_string() })
}

/// Issues the review's invitation (METHOD:REQUEST; a Planned review becomes Invitations
/// sent) and writes the .ics and the .eml draft. The paths are checked before anything is
/// recorded.
#[tauri::command]
pub fn review_invitation(state: State<'_, AppState>, request: InvitationFiles) -> Result<IssuedFiles, CommandError> {
    let (ics, eml) = check_pair(&request)?;
    let issued = with_store_mut(&state, |store, actor| schedule::issue_invitation(store, actor, &request.reference))?;
    write_issued(issued, &ics, &eml)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, rename = "CancelReview"))]
pub struct Cancel {
    pub reference: String,
    pub reason: String,
    /// Where to write the cancellation when invitations went out (then required).
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub ics_path: Option<String>,
    #[serde(default)]
    #[cfg_attr(test, ts(optional))]
    pub eml_path: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, rename = "CancelledReview"))]
pub struct Cancelled {
    #[cfg_attr(test, ts(type = "import(\"./Review\").Review"))]
    pub review: quorum_core::review::Review,
    /// The METHOD:CANCEL notice, when invitations had gone out.
    #[cfg_attr(test, ts(type = "import(\"./IssuedFiles\").IssuedFiles | null"))]
    pub notice: Option<IssuedFiles>,
}

/// Whether invitations to the review went out (then cancelling writes a METHOD:CANCEL).
#[tauri::command]
pub fn review_was_invited(state: State<'_, AppState>, request: super::ReviewRef) -> Result<bool, CommandError> {
    with_store(&state, |store| schedule::was_invited(store.conn(), &request.reference))
}

/// Cancels a meeting with its reason; when invitations went out, writes the cancellation
/// (METHOD:CANCEL) .ics and .eml, whose paths are then required and checked first.
#[tauri::command]
pub fn review_cancel(state: State<'_, AppState>, request: Cancel) -> Result<Cancelled, CommandError> {
    let invited = with_store(&state, |store| schedule::was_invited(store.conn(), &request.reference))?;
    let paths = match (&request.ics_path, &request.eml_path) {
        (Some(ics), Some(eml)) if invited => Some(check_pair(&InvitationFiles { reference: request.reference.clone(), ics_path: ics.clone(), eml_path: eml.clone() })?),
        _ if invited => return Err(invalid(format!("Invitations to {} went out, so the attendees need the cancellation: choose where to save it.", request.reference))),
        _ => None,
    };
    let (review, notice) = with_store_mut(&state, |store, actor| schedule::cancel(store, actor, &request.reference, &request.reason))?;
    let notice = match (notice, paths) {
        (Some(notice), Some((ics, eml))) => Some(write_issued(notice, &ics, &eml)?),
        _ => None,
    };
    Ok(Cancelled { review, notice })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `IssuedFiles.ts` says: core's `Issued` (its own binding) and the two paths. Hold the
    /// serialised keys to that, so the spelled-out binding cannot drift from serde.
    #[test]
    fn issued_files_are_issued_and_two_paths() {
        let issued = Issued {
            reference: "MR-2026-05".into(),
            uid: "uid@quorum".into(),
            sequence: 1,
            method: "REQUEST",
            status: "invitations_sent".into(),
            attendees: vec!["a@example.org".into()],
            mailto: "mailto:a@example.org".into(),
            ics: "BEGIN:VCALENDAR".into(),
            eml: "From: lead".into(),
        };
        let core_keys: Vec<String> = serde_json::to_value(&issued).unwrap().as_object().unwrap().keys().cloned().collect();
        let files = IssuedFiles { issued, ics_path: "/tmp/a.ics".into(), eml_path: "/tmp/a.eml".into() };
        let value = serde_json::to_value(&files).unwrap();
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        let mut expected = core_keys.clone();
        expected.extend(["icsPath".to_owned(), "emlPath".to_owned()]);
        expected.sort();
        assert_eq!(keys, expected);
        assert_eq!(core_keys.len(), 7, "reference, uid, sequence, method, status, attendees, mailto: {core_keys:?}");
        assert_eq!(value["icsPath"], "/tmp/a.ics");
        assert!(value.get("ics").is_none(), "the file's text stays out of IPC");
    }
}
