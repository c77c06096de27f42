//! The action item register (procedure, section 9): actions raised by a review, a decision
//! or an input, tracked from Open to Closed. Completed is the owner's claim; only a
//! verifier who is not the owner closes an action, and a rejected verification sends it
//! back to In Progress. Overdue, stalled and the escalation level are derived from "now",
//! which the caller passes in: nothing here reads the clock.
//!
//! Every change writes its history row (status, note, date revision, verification,
//! escalation) and an audit event with the action before and after, in one transaction.

mod as_of;
pub mod escalation;
pub mod invariants;
pub mod similar;
pub(crate) use as_of::read_history;
pub mod due;
pub mod export;
pub mod metrics;
pub mod query;
#[cfg(test)]
mod tests;

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::{Actor, Store, Write};

pub use metrics::{metrics, metrics_as_of, MetricsReport, RegisterMetrics};
pub use query::{page, ActionQuery, ActionSort, Page};
pub use crate::people::{resolve_person, resolve_review, PersonRef};

/// An action with no status change and no progress note for this many days is stalled.
pub const DEFAULT_STALLED_DAYS: i64 = 30;

text_enum!(
    /// Where an action stands. Overdue and Escalated are not statuses: they are derived.
    ActionStatus, "status" { Open = "open", InProgress = "in_progress", Completed = "completed", Closed = "closed" }
);
text_enum!(Priority, "priority" { High = "high", Medium = "medium", Low = "low" });
text_enum!(
    /// The context or reason that raised the action.
    Source, "source" {
        AuditFinding = "audit_finding",
        KpiGap = "kpi_gap",
        Incident = "incident",
        Risk = "risk",
        Nonconformity = "nonconformity",
        ResourceNeed = "resource_need",
        Improvement = "improvement",
    }
);
text_enum!(Outcome, "verification outcome" { Accepted = "accepted", Rejected = "rejected" });

impl ActionStatus {
    /// Still work to do (or to verify): everything but Closed.
    pub fn is_open(self) -> bool {
        self != ActionStatus::Closed
    }
    /// The owner is (or should be) working on it: Open or In Progress.
    pub fn is_active(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

/// One action of the register, with the fields derived as of "now".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Action {
    pub id: i64,
    /// ACT-YYYY-NNN, never reused.
    pub reference: String,
    pub description: String,
    pub source: Source,
    pub review_id: Option<i64>,
    pub review_reference: Option<String>,
    pub decision_id: Option<i64>,
    pub input_id: Option<i64>,
    pub owner: Option<PersonRef>,
    /// The target date first agreed: "on time" means closed by this date.
    pub original_target_on: Option<NaiveDate>,
    pub target_on: Option<NaiveDate>,
    pub priority: Option<Priority>,
    pub resources: Option<String>,
    pub blockers: Option<String>,
    pub tags: Vec<String>,
    pub status: ActionStatus,
    pub escalation_level: i64,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Derived: Open or In Progress and past its target date.
    pub overdue: bool,
    pub days_overdue: i64,
    /// Derived: Open or In Progress with no status change and no note for the stalled period.
    pub stalled: bool,
    pub last_activity_at: DateTime<Utc>,
    /// The name of the escalation level reached, if any.
    pub escalation_level_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct StatusChange {
    pub from: Option<ActionStatus>,
    pub to: ActionStatus,
    pub at: DateTime<Utc>,
    pub by: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Note {
    pub at: DateTime<Utc>,
    pub by: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct DateRevision {
    pub previous_on: NaiveDate,
    pub new_on: NaiveDate,
    pub reason: String,
    pub at: DateTime<Utc>,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Verification {
    pub verifier: PersonRef,
    pub at: DateTime<Utc>,
    pub outcome: Outcome,
    pub evidence: String,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Escalation {
    pub level: i64,
    pub level_name: Option<String>,
    pub person: Option<PersonRef>,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

/// An action with its whole history, for `show`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ActionDetail {
    #[serde(flatten)]
    pub action: Action,
    pub status_history: Vec<StatusChange>,
    pub notes: Vec<Note>,
    pub date_revisions: Vec<DateRevision>,
    pub verifications: Vec<Verification>,
    pub escalations: Vec<Escalation>,
}

/// A new action. The owner and the target date are required (an auditor looks for both).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, optional_fields))]
pub struct NewAction {
    pub description: String,
    pub source: Option<Source>,
    /// The review that raised it; found from the decision or input when not given.
    pub review_id: Option<i64>,
    pub decision_id: Option<i64>,
    pub input_id: Option<i64>,
    pub owner_id: Option<i64>,
    pub target_on: Option<NaiveDate>,
    pub priority: Option<Priority>,
    pub resources: Option<String>,
    pub blockers: Option<String>,
    #[cfg_attr(test, ts(as = "Option<Vec<String>>", optional))]
    pub tags: Vec<String>,
}

/// A change to an action; `None` leaves a field as it is, `Some("")` clears a text.
/// The target date changes only through [`revise_date`]; Completed and Closed only
/// through [`complete`] and [`verify`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ActionUpdate {
    pub description: Option<String>,
    pub owner_id: Option<i64>,
    pub priority: Option<Priority>,
    pub resources: Option<String>,
    pub blockers: Option<String>,
    pub tags: Option<Vec<String>>,
    /// Open or In Progress only.
    pub status: Option<ActionStatus>,
    /// A timestamped progress note.
    pub note: Option<String>,
    /// Sets the target date of an action that has none yet (it becomes the original).
    pub target_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyRequest {
    pub verifier_id: i64,
    pub outcome: Outcome,
    /// What the verifier looked at (updated policy, implemented control, training records).
    pub evidence: String,
    /// Required when rejected: what is still missing.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EscalateRequest {
    pub note: Option<String>,
    /// Escalate an action that is neither overdue nor stalled (a note is then required).
    pub force: bool,
    pub stalled_days: i64,
}

impl Default for EscalateRequest {
    fn default() -> Self {
        EscalateRequest { note: None, force: false, stalled_days: DEFAULT_STALLED_DAYS }
    }
}

/// Which actions `list` and `page` return; every field narrows the list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, optional_fields))]
pub struct ActionFilter {
    #[cfg_attr(test, ts(as = "Option<Vec<ActionStatus>>", optional))]
    pub statuses: Vec<ActionStatus>,
    pub owner_id: Option<i64>,
    /// Only actions nobody owns yet.
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub no_owner: bool,
    pub priority: Option<Priority>,
    /// Only actions with no priority recorded.
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub no_priority: bool,
    pub overdue: Option<bool>,
    pub escalated: Option<bool>,
    pub stalled: Option<bool>,
    pub review_id: Option<i64>,
    /// Only actions raised outside a review.
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub no_review: bool,
    pub source: Option<Source>,
    pub tag: Option<String>,
    /// Words that must each appear in the row: reference, description, owner, review, source.
    pub search: Option<String>,
    /// Days without activity after which an action is stalled (default 30).
    pub stalled_days: Option<i64>,
}

/// One level of the escalation path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct EscalationLevel {
    pub level: i64,
    pub name: String,
    /// None: the owner's line manager.
    pub person: Option<PersonRef>,
}

// ---------------------------------------------------------------------------------------
// Time and text helpers

pub(crate) fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(crate) fn parse_instant(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::invalid(format!("the register holds a time that is not RFC 3339 ('{text}': {e}); restore from a backup")))
}

pub(crate) fn parse_day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| Error::invalid(format!("'{text}' is not a date ({e}): write it as YYYY-MM-DD")))
}

fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A text field of an action through core's one text check (`crate::text`); empty is None.
fn clean(field: &str, text: Option<&str>) -> Result<Option<String>> {
    crate::text::optional_lines(field, text)
}

fn clean_tags(tags: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags.iter().flat_map(|t| t.split(',')) {
        let tag = crate::text::line("tag", tag)?.to_lowercase();
        if !tag.is_empty() && !out.contains(&tag) {
            out.push(tag);
        }
    }
    Ok(out)
}

fn split_tags(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

// ---------------------------------------------------------------------------------------
// Reading

const SELECT: &str = "SELECT a.id, a.reference, a.description, a.source, a.review_id, r.reference, a.decision_id, a.input_id,
        a.owner_id, p.name, p.email, a.original_target_on, a.target_on, a.priority, a.resources, a.blockers, a.tags,
        a.status, a.escalation_level, a.created_at, a.completed_at, a.closed_at,
        (SELECT max(at) FROM action_status_history h WHERE h.action_id = a.id),
        (SELECT max(at) FROM action_notes n WHERE n.action_id = a.id),
        (SELECT name FROM escalation_levels l WHERE l.level = a.escalation_level)
    FROM actions a LEFT JOIN people p ON p.id = a.owner_id LEFT JOIN reviews r ON r.id = a.review_id";

/// The text and integer columns of [`SELECT`], in the order `build_row` reads them.
type RawRow = (Vec<Option<String>>, [Option<i64>; 6]);

fn read_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
    let texts = [1usize, 2, 3, 5, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21, 22, 23, 24]
        .iter()
        .map(|&i| row.get::<_, Option<String>>(i))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let ints = [row.get(0)?, row.get(4)?, row.get(6)?, row.get(7)?, row.get(8)?, row.get(18)?];
    Ok((texts, ints))
}

/// An action from its raw row, before the fields derived from "now".
fn build_row((t, i): RawRow) -> Result<Action> {
    let text = |k: usize| t[k].clone();
    let req = |k: usize| t[k].clone().unwrap_or_default();
    let created_at = parse_instant(&req(13))?;
    let mut last = created_at;
    for k in [16, 17] {
        if let Some(at) = t[k].as_deref() {
            last = last.max(parse_instant(at)?);
        }
    }
    Ok(Action {
        id: i[0].unwrap_or_default(),
        reference: req(0),
        description: req(1),
        source: req(2).parse()?,
        review_id: i[1],
        review_reference: text(3),
        decision_id: i[2],
        input_id: i[3],
        owner: i[4].map(|id| PersonRef { id, name: req(4), email: text(5) }),
        original_target_on: text(6).as_deref().map(parse_day).transpose()?,
        target_on: text(7).as_deref().map(parse_day).transpose()?,
        priority: text(8).as_deref().map(Priority::from_str).transpose()?,
        resources: text(9),
        blockers: text(10),
        tags: split_tags(&req(11)),
        status: req(12).parse()?,
        escalation_level: i[5].unwrap_or_default(),
        created_at,
        completed_at: text(14).as_deref().map(parse_instant).transpose()?,
        closed_at: text(15).as_deref().map(parse_instant).transpose()?,
        overdue: false,
        days_overdue: 0,
        stalled: false,
        last_activity_at: last,
        escalation_level_name: text(18),
    })
}

/// Fills in the fields derived from "now".
fn derive(mut action: Action, now: DateTime<Utc>, stalled_days: i64) -> Action {
    action.days_overdue = due::days_overdue(action.status, action.target_on, now);
    action.overdue = action.days_overdue > 0;
    action.stalled = due::is_stalled(action.status, action.last_activity_at, now, stalled_days);
    action
}

fn load_all(conn: &Connection, where_clause: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<Action>> {
    let sql = format!("{SELECT} {where_clause} ORDER BY a.id");
    let mut statement = conn.prepare(&sql)?;
    let raw = statement.query_map(args, read_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    raw.into_iter().map(build_row).collect()
}

fn load(conn: &Connection, id: i64) -> Result<Action> {
    load_all(conn, "WHERE a.id = ?1", &[&id])?.pop().ok_or_else(|| Error::not_found(format!("action {id}")))
}

/// Finds an action by its reference (ACT-2027-001, any case) or its number.
pub fn find(conn: &Connection, key: &str) -> Result<i64> {
    let key = key.trim();
    // References are stored as Quorum writes them (upper case): the key as typed and in
    // upper case both use the unique index, where COLLATE NOCASE would scan the register.
    let found: Option<i64> = conn
        .query_row("SELECT id FROM actions WHERE reference IN (?1, ?2)", [key, key.to_uppercase().as_str()], |r| r.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    if let Ok(number) = key.parse::<i64>() {
        if let Some(id) = conn.query_row("SELECT id FROM actions WHERE id = ?1", [number], |r| r.get(0)).optional()? {
            return Ok(id);
        }
    }
    Err(Error::NotFound {
        what: format!("action '{key}'"),
        hint: ": give its reference as shown by `quorum action list` (like ACT-2027-001)".into(),
    })
}

/// The register, narrowed by `filter`, with the derived fields as of `now`, in reference order.
pub fn list(conn: &Connection, filter: &ActionFilter, now: DateTime<Utc>) -> Result<Vec<Action>> {
    Ok(page(conn, &ActionQuery { filter: filter.clone(), ..Default::default() }, now)?.rows)
}

/// One action as of `now`.
pub fn get(conn: &Connection, key: &str, now: DateTime<Utc>) -> Result<Action> {
    Ok(derive(load(conn, find(conn, key)?)?, now, DEFAULT_STALLED_DAYS))
}

/// One action with its whole history.
pub fn show(conn: &Connection, key: &str, now: DateTime<Utc>) -> Result<ActionDetail> {
    let action = get(conn, key, now)?;
    let mut histories = histories(conn, Some(action.id))?;
    Ok(detail(action, &mut histories))
}

/// Every action raised by `as_at`, as it stood then, with the part of its history that
/// had happened by then: what a pack "as at" a date prints. Ten statements whatever the
/// number of actions.
pub fn details_as_at(conn: &Connection, as_at: DateTime<Utc>) -> Result<Vec<ActionDetail>> {
    let history = as_of::read_history(conn, None)?;
    let mut histories = histories(conn, None)?;
    Ok(history
        .actions
        .iter()
        .filter_map(|a| history.action_as_of(a, as_at, DEFAULT_STALLED_DAYS))
        .map(|action| {
            let mut d = detail(action, &mut histories);
            d.status_history.retain(|e| e.at <= as_at);
            d.notes.retain(|e| e.at <= as_at);
            d.date_revisions.retain(|e| e.at <= as_at);
            d.verifications.retain(|e| e.at <= as_at);
            d.escalations.retain(|e| e.at <= as_at);
            d
        })
        .collect())
}

/// The history tables of one action (or of all), by action.
#[derive(Default)]
struct History {
    status_history: Vec<StatusChange>,
    notes: Vec<Note>,
    date_revisions: Vec<DateRevision>,
    verifications: Vec<Verification>,
    escalations: Vec<Escalation>,
}

fn detail(action: Action, histories: &mut std::collections::HashMap<i64, History>) -> ActionDetail {
    let h = histories.remove(&action.id).unwrap_or_default();
    ActionDetail { action, status_history: h.status_history, notes: h.notes, date_revisions: h.date_revisions, verifications: h.verifications, escalations: h.escalations }
}

fn histories(conn: &Connection, only: Option<i64>) -> Result<std::collections::HashMap<i64, History>> {
    // One action: an index seek per table; all: one pass over each table.
    let of = |alias: &str| if only.is_some() { format!("WHERE {alias}.action_id = ?1") } else { "WHERE ?1 IS NULL".to_owned() };
    let mut all: std::collections::HashMap<i64, History> = std::collections::HashMap::new();
    let mut statement = conn.prepare(&format!("SELECT h.action_id, h.from_status, h.to_status, h.at, h.by_person, h.note FROM action_status_history h {} ORDER BY h.action_id, h.at, h.id", of("h")))?;
    let mut rows = statement.query([only])?;
    while let Some(r) = rows.next()? {
        let (from, to, at): (Option<String>, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
        let change = StatusChange { from: from.as_deref().map(str::parse).transpose()?, to: to.parse()?, at: parse_instant(&at)?, by: r.get(4)?, note: r.get(5)? };
        all.entry(r.get(0)?).or_default().status_history.push(change);
    }
    let mut statement = conn.prepare(&format!("SELECT n.action_id, n.at, n.by_person, n.text FROM action_notes n {} ORDER BY n.action_id, n.at, n.id", of("n")))?;
    let mut rows = statement.query([only])?;
    while let Some(r) = rows.next()? {
        let note = Note { at: parse_instant(&r.get::<_, String>(1)?)?, by: r.get(2)?, text: r.get(3)? };
        all.entry(r.get(0)?).or_default().notes.push(note);
    }
    let mut statement = conn.prepare(&format!(
        "SELECT d.action_id, d.previous_on, d.new_on, d.reason, d.at, d.by_person FROM action_date_revisions d {} ORDER BY d.action_id, d.at, d.id",
        of("d")
    ))?;
    let mut rows = statement.query([only])?;
    while let Some(r) = rows.next()? {
        let revision = DateRevision {
            previous_on: parse_day(&r.get::<_, String>(1)?)?,
            new_on: parse_day(&r.get::<_, String>(2)?)?,
            reason: r.get(3)?,
            at: parse_instant(&r.get::<_, String>(4)?)?,
            by: r.get(5)?,
        };
        all.entry(r.get(0)?).or_default().date_revisions.push(revision);
    }
    let mut statement = conn.prepare(&format!(
        "SELECT v.action_id, v.verifier_id, p.name, p.email, v.at, v.outcome, v.evidence, v.reason FROM verifications v JOIN people p ON p.id = v.verifier_id {} ORDER BY v.action_id, v.at, v.id",
        of("v")
    ))?;
    let mut rows = statement.query([only])?;
    while let Some(r) = rows.next()? {
        let verification = Verification {
            verifier: PersonRef { id: r.get(1)?, name: r.get(2)?, email: r.get(3)? },
            at: parse_instant(&r.get::<_, String>(4)?)?,
            outcome: r.get::<_, String>(5)?.parse()?,
            evidence: r.get(6)?,
            reason: r.get(7)?,
        };
        all.entry(r.get(0)?).or_default().verifications.push(verification);
    }
    let mut statement = conn.prepare(&format!(
        "SELECT e.action_id, e.level, l.name, e.person_id, p.name, p.email, e.at, e.note FROM escalations e LEFT JOIN escalation_levels l ON l.level = e.level
         LEFT JOIN people p ON p.id = e.person_id {} ORDER BY e.action_id, e.at, e.id",
        of("e")
    ))?;
    let mut rows = statement.query([only])?;
    while let Some(r) = rows.next()? {
        let person = r.get::<_, Option<i64>>(3)?.map(|id| Ok::<_, rusqlite::Error>(PersonRef { id, name: r.get::<_, Option<String>>(4)?.unwrap_or_default(), email: r.get(5)? })).transpose()?;
        let escalation = Escalation { level: r.get(1)?, level_name: r.get(2)?, person, at: parse_instant(&r.get::<_, String>(6)?)?, note: r.get(7)? };
        all.entry(r.get(0)?).or_default().escalations.push(escalation);
    }
    Ok(all)
}

/// The organisation's escalation path, lowest level first.
pub fn escalation_path(conn: &Connection) -> Result<Vec<EscalationLevel>> {
    let mut statement = conn.prepare("SELECT l.level, l.name, l.person_id, p.name, p.email FROM escalation_levels l LEFT JOIN people p ON p.id = l.person_id ORDER BY l.level")?;
    let levels = statement
        .query_map([], |r| {
            let pid: Option<i64> = r.get(2)?;
            Ok(EscalationLevel {
                level: r.get(0)?,
                name: r.get(1)?,
                person: match pid {
                    Some(id) => Some(PersonRef { id, name: r.get::<_, Option<String>>(3)?.unwrap_or_default(), email: r.get(4)? }),
                    None => None,
                },
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(levels)
}

// ---------------------------------------------------------------------------------------
// Writing

fn audit_change(w: &mut Write<'_>, before: Option<&Action>, after: &Action, what: &str) -> Result<()> {
    let before = before.map(serde_json::to_value).transpose()?;
    let after = serde_json::to_value(after)?;
    let reference = after["reference"].as_str().unwrap_or_default();
    w.audit("action", reference, what, before.as_ref(), Some(&after))
}

fn record_status(w: &Write<'_>, id: i64, from: Option<ActionStatus>, to: ActionStatus, note: Option<&str>) -> Result<()> {
    w.execute(
        "INSERT INTO action_status_history (action_id, from_status, to_status, at, by_person, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, from.map(ActionStatus::as_str), to.as_str(), stamp(w.actor().now), w.actor().name, note],
    )?;
    Ok(())
}

fn record_note(w: &Write<'_>, id: i64, text: &str) -> Result<()> {
    w.execute(
        "INSERT INTO action_notes (action_id, at, by_person, text) VALUES (?1, ?2, ?3, ?4)",
        params![id, stamp(w.actor().now), w.actor().name, text],
    )?;
    Ok(())
}

fn require_person(conn: &Connection, id: i64, role: &str) -> Result<PersonRef> {
    let found = conn
        .query_row("SELECT id, name, email, active FROM people WHERE id = ?1", [id], |r| {
            Ok((PersonRef { id: r.get(0)?, name: r.get(1)?, email: r.get(2)? }, r.get::<_, i64>(3)?))
        })
        .optional()?;
    match found {
        Some((person, 1)) => Ok(person),
        Some((person, _)) => Err(Error::invalid(format!("{} is no longer active and cannot be the {role}: choose someone else", person.name))),
        None => Err(Error::NotFound { what: format!("person {id} (the {role})"), hint: ": add the person first or name someone in the register of people".into() }),
    }
}

fn not_closed(action: &Action, doing: &str) -> Result<()> {
    if action.status == ActionStatus::Closed {
        return Err(Error::Conflict(format!(
            "{} is closed (verified on {}); it cannot {doing}. Raise a new action if more work is needed",
            action.reference,
            action.closed_at.map(|t| t.date_naive().to_string()).unwrap_or_default()
        )));
    }
    Ok(())
}

fn next_reference(w: &Write<'_>) -> Result<String> {
    let year = chrono::Datelike::year(&w.actor().now.date_naive());
    Ok(format!("ACT-{year}-{:03}", w.next_in_sequence("action", year)?))
}

/// Adds an action to the register as Open. Returns it as of the actor's "now".
pub fn add(store: &mut Store, actor: &Actor, new: &NewAction) -> Result<Action> {
    let description = clean("action's description", Some(&new.description))?.ok_or_else(|| Error::invalid("the action has no description: say what must be done"))?;
    let source = new.source.ok_or_else(|| {
        Error::invalid("the action has no source: say what raised it (audit_finding, kpi_gap, incident, risk, nonconformity, resource_need, improvement)")
    })?;
    let owner_id = new.owner_id.ok_or_else(|| Error::invalid("the action has no owner: name the person responsible (--owner)"))?;
    let target_on = new.target_on.ok_or_else(|| Error::invalid("the action has no target date: give one (--target YYYY-MM-DD)"))?;
    let priority = new.priority.unwrap_or(Priority::Medium);
    let id = store.write(actor, |w| {
        require_person(w, owner_id, "owner")?;
        let mut review_id = new.review_id;
        if let Some(review) = review_id {
            if w.query_row("SELECT 1 FROM reviews WHERE id = ?1", [review], |_| Ok(())).optional()?.is_none() {
                return Err(Error::not_found(format!("review {review}")));
            }
        }
        for (table, link) in [("decisions", new.decision_id), ("inputs", new.input_id)] {
            let Some(link) = link else { continue };
            let of: Option<i64> = w
                .query_row(&format!("SELECT review_id FROM {table} WHERE id = ?1"), [link], |r| r.get(0))
                .optional()?
                .ok_or_else(|| Error::not_found(format!("{} {link}", &table[..table.len() - 1])))?;
            match (review_id, of) {
                (Some(r), Some(o)) if r != o => {
                    return Err(Error::invalid(format!("{} {link} belongs to another review than the one given: link the action to its own review", &table[..table.len() - 1])))
                }
                (None, Some(o)) => review_id = Some(o),
                _ => {}
            }
        }
        let reference = next_reference(w)?;
        if target_on < w.actor().today() {
            return Err(Error::invalid(format!("the target date {target_on} is already past: choose a date from today on")));
        }
        w.execute(
            "INSERT INTO actions (reference, description, source, review_id, decision_id, input_id, owner_id, original_target_on, target_on, priority, resources, blockers, tags, status, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?11, ?12, 'open', ?13)",
            params![
                reference,
                description,
                source.as_str(),
                review_id,
                new.decision_id,
                new.input_id,
                owner_id,
                target_on.to_string(),
                priority.as_str(),
                clean("resources", new.resources.as_deref())?,
                clean("blockers", new.blockers.as_deref())?,
                clean_tags(&new.tags)?.join(","),
                stamp(w.actor().now)
            ],
        )?;
        let id = w.last_insert_rowid();
        record_status(w, id, None, ActionStatus::Open, None)?;
        let after = load(w, id)?;
        audit_change(w, None, &after, "create")?;
        Ok(id)
    })?;
    Ok(derive(load(store.conn(), id)?, actor.now, DEFAULT_STALLED_DAYS))
}

/// Edits an action's fields, moves it between Open and In Progress, and adds a progress note.
pub fn update(store: &mut Store, actor: &Actor, key: &str, change: &ActionUpdate) -> Result<Action> {
    let id = find(store.conn(), key)?;
    store.write(actor, |w| {
        let before = load(w, id)?;
        not_closed(&before, "change")?;
        let mut changed = false;
        if let Some(text) = &change.description {
            let text = clean("action's description", Some(text))?.ok_or_else(|| Error::invalid("the description cannot be empty: say what must be done"))?;
            w.execute("UPDATE actions SET description = ?1 WHERE id = ?2", params![text, id])?;
            changed = true;
        }
        if let Some(owner) = change.owner_id {
            if before.status == ActionStatus::Completed && before.owner.as_ref().map(|o| o.id) != Some(owner) {
                return Err(Error::Conflict(format!(
                    "{} awaits verification of its owner's claim; verify or reject it before changing the owner",
                    before.reference
                )));
            }
            require_person(w, owner, "owner")?;
            w.execute("UPDATE actions SET owner_id = ?1 WHERE id = ?2", params![owner, id])?;
            changed = true;
        }
        if let Some(priority) = change.priority {
            w.execute("UPDATE actions SET priority = ?1 WHERE id = ?2", params![priority.as_str(), id])?;
            changed = true;
        }
        for (column, value) in [("resources", &change.resources), ("blockers", &change.blockers)] {
            if let Some(value) = value {
                w.execute(&format!("UPDATE actions SET {column} = ?1 WHERE id = ?2"), params![clean(column, Some(value))?, id])?;
                changed = true;
            }
        }
        if let Some(tags) = &change.tags {
            w.execute("UPDATE actions SET tags = ?1 WHERE id = ?2", params![clean_tags(tags)?.join(","), id])?;
            changed = true;
        }
        if let Some(target) = change.target_on {
            if let Some(current) = before.target_on {
                if current != target {
                    return Err(Error::Conflict(format!(
                        "{} already has the target date {current}: revise it with a reason (`quorum action revise-date {} {target} --reason TEXT`)",
                        before.reference, before.reference
                    )));
                }
            } else {
                w.execute("UPDATE actions SET target_on = ?1, original_target_on = ?1 WHERE id = ?2", params![target.to_string(), id])?;
                changed = true;
            }
        }
        let note = clean("note", change.note.as_deref())?;
        if let Some(status) = change.status {
            if !status.is_active() {
                return Err(Error::invalid(format!(
                    "update moves an action only between open and in_progress; use `quorum action complete` (owner's claim) or `quorum action verify` (closure by a verifier) for {status}"
                )));
            }
            if before.status == ActionStatus::Completed {
                return Err(Error::Conflict(format!(
                    "{} awaits verification; a verifier rejects it with `quorum action verify {} --reject --reason TEXT` to send it back to work",
                    before.reference, before.reference
                )));
            }
            if status != before.status {
                w.execute("UPDATE actions SET status = ?1 WHERE id = ?2", params![status.as_str(), id])?;
                record_status(w, id, Some(before.status), status, note.as_deref())?;
                changed = true;
            }
        }
        if let Some(note) = &note {
            record_note(w, id, note)?;
            changed = true;
        }
        if !changed {
            return Err(Error::invalid(format!("nothing to change on {}: give a field, a status or a note", before.reference)));
        }
        let after = load(w, id)?;
        audit_change(w, Some(&before), &after, "update")?;
        Ok(derive(after, actor.now, DEFAULT_STALLED_DAYS))
    })
}

/// The owner's claim that the action is done: Completed, awaiting verification.
pub fn complete(store: &mut Store, actor: &Actor, key: &str, note: Option<&str>) -> Result<Action> {
    let id = find(store.conn(), key)?;
    store.write(actor, |w| {
        let before = load(w, id)?;
        not_closed(&before, "be completed again")?;
        if before.status == ActionStatus::Completed {
            return Err(Error::Conflict(format!("{} is already completed and awaits verification by someone other than its owner", before.reference)));
        }
        let note = clean("note", note)?;
        w.execute("UPDATE actions SET status = 'completed', completed_at = ?1 WHERE id = ?2", params![stamp(w.actor().now), id])?;
        record_status(w, id, Some(before.status), ActionStatus::Completed, note.as_deref())?;
        if let Some(note) = &note {
            record_note(w, id, note)?;
        }
        let after = load(w, id)?;
        audit_change(w, Some(&before), &after, "complete")?;
        Ok(derive(after, actor.now, DEFAULT_STALLED_DAYS))
    })
}

/// A verifier's review of a completed action: accepted closes it, rejected sends it back
/// to In Progress with the reason. The verifier must not be the owner.
pub fn verify(store: &mut Store, actor: &Actor, key: &str, request: &VerifyRequest) -> Result<Action> {
    let id = find(store.conn(), key)?;
    let evidence = clean("verification evidence", Some(&request.evidence))?.ok_or_else(|| Error::invalid("a verification needs the evidence reviewed (--evidence TEXT): the policy, control or record that shows the objective is met"))?;
    let reason = clean("reason", request.reason.as_deref())?;
    if request.outcome == Outcome::Rejected && reason.is_none() {
        return Err(Error::invalid("a rejected verification needs a reason (--reason TEXT): the owner must know what is missing"));
    }
    store.write(actor, |w| {
        let before = load(w, id)?;
        if before.status != ActionStatus::Completed {
            return Err(Error::Conflict(format!(
                "{} is {}, not completed: only an action its owner has completed can be verified",
                before.reference,
                before.status.as_str().replace('_', " ")
            )));
        }
        let verifier = require_person(w, request.verifier_id, "verifier")?;
        if before.owner.as_ref().map(|o| o.id) == Some(verifier.id) {
            return Err(Error::Conflict(format!(
                "{} owns {} and cannot verify it: choose a verifier who is not the owner (the ISMS lead or a designated verifier)",
                verifier.name, before.reference
            )));
        }
        let now = stamp(w.actor().now);
        w.execute(
            "INSERT INTO verifications (action_id, verifier_id, at, outcome, evidence, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, verifier.id, now, request.outcome.as_str(), evidence, reason],
        )?;
        match request.outcome {
            Outcome::Accepted => {
                w.execute("UPDATE actions SET status = 'closed', closed_at = ?1 WHERE id = ?2", params![now, id])?;
                record_status(w, id, Some(before.status), ActionStatus::Closed, Some(&format!("verified by {}: {evidence}", verifier.name)))?;
            }
            Outcome::Rejected => {
                let reason = reason.as_deref().unwrap_or_default();
                w.execute("UPDATE actions SET status = 'in_progress', completed_at = NULL WHERE id = ?1", [id])?;
                record_status(w, id, Some(before.status), ActionStatus::InProgress, Some(&format!("verification rejected by {}: {reason}", verifier.name)))?;
                record_note(w, id, &format!("Verification rejected by {}: {reason}", verifier.name))?;
            }
        }
        let after = load(w, id)?;
        audit_change(w, Some(&before), &after, if request.outcome == Outcome::Accepted { "verify_accept" } else { "verify_reject" })?;
        Ok(derive(after, actor.now, DEFAULT_STALLED_DAYS))
    })
}

/// Moves a revised target date, keeping the original and every revision with its reason.
pub fn revise_date(store: &mut Store, actor: &Actor, key: &str, new_on: NaiveDate, reason: &str) -> Result<Action> {
    let id = find(store.conn(), key)?;
    let reason = clean("reason", Some(reason))?.ok_or_else(|| Error::invalid("a revised target date needs a reason (--reason TEXT), kept with the original date"))?;
    store.write(actor, |w| {
        let before = load(w, id)?;
        not_closed(&before, "have its target date revised")?;
        let Some(previous) = before.target_on else {
            return Err(Error::invalid(format!("{} has no target date yet: set one with `quorum action update {} --target DATE`", before.reference, before.reference)));
        };
        if previous == new_on {
            return Err(Error::invalid(format!("{} is already due on {new_on}: give a different date", before.reference)));
        }
        if new_on < w.actor().today() {
            return Err(Error::invalid(format!("the new target date {new_on} is already past: choose a date from today on")));
        }
        w.execute(
            "INSERT INTO action_date_revisions (action_id, previous_on, new_on, reason, at, by_person) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, previous.to_string(), new_on.to_string(), reason, stamp(w.actor().now), w.actor().name],
        )?;
        w.execute("UPDATE actions SET target_on = ?1 WHERE id = ?2", params![new_on.to_string(), id])?;
        let after = load(w, id)?;
        audit_change(w, Some(&before), &after, "revise_date")?;
        Ok(derive(after, actor.now, DEFAULT_STALLED_DAYS))
    })
}

/// Escalates an overdue or stalled action one level up the organisation's path.
pub fn escalate(store: &mut Store, actor: &Actor, key: &str, request: &EscalateRequest) -> Result<Action> {
    let id = find(store.conn(), key)?;
    let note = clean("note", request.note.as_deref())?;
    store.write(actor, |w| {
        let before = derive(load(w, id)?, w.actor().now, request.stalled_days);
        not_closed(&before, "be escalated")?;
        if !before.overdue && !before.stalled {
            if !request.force {
                return Err(Error::Conflict(format!(
                    "{} is neither overdue (due {}) nor stalled (last activity {}, stalled after {} days): escalate it anyway with --force and a --note saying why",
                    before.reference,
                    before.target_on.map(|d| d.to_string()).unwrap_or_else(|| "no date".into()),
                    before.last_activity_at.date_naive(),
                    request.stalled_days
                )));
            }
            if note.is_none() {
                return Err(Error::invalid("a forced escalation needs a --note saying why the action goes up before it is overdue or stalled"));
            }
        }
        let path = escalation_path(w)?;
        if path.is_empty() {
            return Err(Error::invalid(
                "the organisation has no escalation path: configure its levels (line manager, department head, CISO, executive) first",
            ));
        }
        let owner_manager: Option<PersonRef> = match &before.owner {
            Some(owner) => w
                .query_row("SELECT m.id, m.name, m.email FROM people p JOIN people m ON m.id = p.line_manager_id WHERE p.id = ?1", [owner.id], |r| Ok(PersonRef { id: r.get(0)?, name: r.get(1)?, email: r.get(2)? }))
                .optional()?,
            None => None,
        };
        let holders: Vec<(i64, PersonRef)> = {
            let mut statement = w.prepare("SELECT e.level, p.id, p.name, p.email FROM escalations e JOIN people p ON p.id = e.person_id WHERE e.action_id = ?1")?;
            let rows = statement.query_map([id], |r| Ok((r.get(0)?, PersonRef { id: r.get(1)?, name: r.get(2)?, email: r.get(3)? })))?.collect::<rusqlite::Result<_>>()?;
            rows
        };
        let Some(target) = escalation::next_target(&path, before.escalation_level, &before.reference, before.owner.as_ref(), owner_manager.as_ref(), &holders)? else {
            let last = path.last().expect("non-empty");
            return Err(Error::Conflict(format!(
                "{} is already at the last escalation level it can reach ({} {}): decide on it at the next management review",
                before.reference, last.level, last.name
            )));
        };
        let (next, person_id) = (target.level, target.person.id);
        let note = match (note.clone(), target.skipped.is_empty()) {
            (note, true) => note,
            (Some(note), false) => Some(format!("{note} ({})", target.skipped.join("; "))),
            (None, false) => Some(format!("{}.", capitalise_first(&target.skipped.join("; ")))),
        };
        w.execute(
            "INSERT INTO escalations (action_id, level, person_id, at, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, next, person_id, stamp(w.actor().now), note],
        )?;
        w.execute("UPDATE actions SET escalation_level = ?1 WHERE id = ?2", params![next, id])?;
        let after = load(w, id)?;
        audit_change(w, Some(&before), &after, "escalate")?;
        Ok(derive(after, actor.now, request.stalled_days))
    })
}

/// Replaces the escalation path. `levels` are (name, person id or None for the owner's
/// line manager), lowest first.
pub fn set_escalation_path(store: &mut Store, actor: &Actor, levels: &[(String, Option<i64>)]) -> Result<Vec<EscalationLevel>> {
    if levels.is_empty() {
        return Err(Error::invalid("an escalation path needs at least one level"));
    }
    store.write(actor, |w| {
        let before = serde_json::to_value(escalation_path(w)?)?;
        let in_use: i64 = w.query_row("SELECT coalesce(max(escalation_level), 0) FROM actions WHERE status <> 'closed'", [], |r| r.get(0))?;
        if (levels.len() as i64) < in_use {
            return Err(Error::Conflict(format!("open actions are escalated up to level {in_use}: the path needs at least {in_use} levels")));
        }
        w.execute("DELETE FROM escalation_levels", [])?;
        for (i, (name, person)) in levels.iter().enumerate() {
            let name = crate::text::optional_line("escalation level's name", Some(name))?.ok_or_else(|| Error::invalid(format!("escalation level {} has no name", i + 1)))?;
            if let Some(person) = person {
                require_person(w, *person, "escalation contact")?;
            }
            w.execute("INSERT INTO escalation_levels (level, name, person_id) VALUES (?1, ?2, ?3)", params![i as i64 + 1, name, person])?;
        }
        let after = escalation_path(w)?;
        w.audit("escalation_path", "1", "update", Some(&before), Some(&serde_json::to_value(&after)?))?;
        Ok(after)
    })
}
