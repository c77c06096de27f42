//! Everything about one review in one value: what `quorum review show`, the window's
//! review workspace, the readiness check, the minutes PDF and the approval snapshot read.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::agenda::{self, AgendaItem};
use super::conclusion::{self, Conclusion};
use super::period::{self, Period};
use super::decisions::{self, AreaNone, Decision};
use super::evidence::{self, EvidenceInfo};
use super::inputs::{trend, Better, InputState, Trend};
use super::{catalogue, get, quorum, QuorumStatus, Review};
use crate::error::Result;
use crate::objectives::{self, ObjectiveResult};
use crate::organisation::{self, Organisation};
use crate::register::{self, Action, PersonRef};
use crate::registers::extract::{self, RegisterExtract};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ReviewRecord {
    pub review: Review,
    pub organisation: Organisation,
    pub document: DocumentControl,
    pub chair: Option<PersonRef>,
    pub minute_taker: Option<PersonRef>,
    pub attendees: Vec<Attendee>,
    pub quorum: QuorumStatus,
    pub agenda: Vec<AgendaItem>,
    /// In clause order.
    pub inputs: Vec<InputRecord>,
    /// The review before this one (not cancelled), which input a) and the KPI trends look back to.
    pub previous_review: Option<ReviewLink>,
    /// Input a), filled from the register (see [`carried_actions`]): every action raised at
    /// a review before the previous one and not closed before the previous review's meeting,
    /// and every action raised at the previous review, as each stood at this review's meeting.
    pub carried_actions: Vec<CarriedAction>,
    pub decisions: Vec<Decision>,
    /// Output areas explicitly without a decision, with the reason.
    pub areas_none: Vec<AreaNone>,
    /// As they stood at the record's instant (the approval, for a snapshot).
    pub actions_raised: Vec<Action>,
    pub objectives: Vec<ObjectiveResult>,
    pub transitions: Vec<Transition>,
    /// Top management's conclusion on the ISMS (9.3.1); snapshots frozen before Quorum
    /// recorded it have none.
    #[serde(default)]
    pub conclusion: Option<Conclusion>,
    /// The period the review covers (absent from snapshots frozen before Quorum kept it).
    #[serde(default)]
    pub period: Option<Period>,
    /// Who received the newest approved version, when and how (empty in a snapshot: the
    /// minutes are sent after their approval).
    #[serde(default)]
    pub distributions: Vec<super::distribution::Distribution>,
    /// What the review read from the organisation's registers, as at its meeting (frozen
    /// with the record at approval; absent from snapshots frozen before format 11).
    #[serde(default)]
    pub registers: Vec<RegisterExtract>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct DocumentControl {
    pub document_number: String,
    pub title: String,
    pub classification: String,
    /// "draft" or "approved": the status of the newest revision.
    pub status: String,
    pub version: String,
    /// The day the newest approved revision was released.
    pub release_date: Option<String>,
    pub revisions: Vec<Revision>,
    pub author: Option<PersonRef>,
    pub reviewer: Option<PersonRef>,
    pub owner: Option<PersonRef>,
    pub distribution: Vec<String>,
    /// Who approves besides the chair.
    pub approvers: Vec<PersonRef>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Revision {
    pub id: i64,
    pub version: String,
    pub particulars: String,
    pub status: String,
    pub created_at: String,
    pub released_on: Option<String>,
    pub snapshot_sha256: Option<String>,
    pub approvals: Vec<Approval>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Approval {
    pub person: PersonRef,
    pub role: String,
    pub approved_at: String,
    /// Readiness findings still open when this person approved (0 in snapshots frozen before
    /// format 7).
    #[serde(default)]
    pub open_findings: u32,
    /// Why they approved anyway (set whenever `open_findings` > 0).
    #[serde(default)]
    pub anyway_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Attendee {
    pub person: PersonRef,
    pub job_title: Option<String>,
    #[cfg_attr(test, ts(type = "\"chair\" | \"top_management\" | \"isms_lead\" | \"minute_taker\" | \"department_head\" | \"internal_audit\" | \"risk_owner\" | \"dpo\" | \"it_security_operations\" | \"guest\""))]
    pub role: String,
    pub required: bool,
    pub top_management: bool,
    #[cfg_attr(test, ts(type = "\"unknown\" | \"present\" | \"apologies\" | \"delegate\" | \"absent\""))]
    pub attendance: String,
    pub delegate_name: Option<String>,
    /// What the invitee delegated to the delegate who attended for them.
    #[serde(default)]
    pub delegation: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct InputRecord {
    pub id: i64,
    pub code: String,
    /// "9.3.2 d) 1)" or "SOC 2 incidents (procedure)".
    pub clause: String,
    pub title: String,
    pub soc2_criteria: Vec<String>,
    pub summary: String,
    pub presenter: Option<PersonRef>,
    pub state: InputState,
    pub nothing_to_report: bool,
    pub nothing_reason: Option<String>,
    /// Why the input calls for no change, when no decision or action answers it.
    #[serde(default)]
    pub no_change_reason: Option<String>,
    /// A resource the input shows to be lacking.
    #[serde(default)]
    pub resource_need: Option<String>,
    pub kpis: Vec<Kpi>,
    pub evidence: Vec<EvidenceInfo>,
}

impl InputRecord {
    /// Visibly addressed: a summary written, or "nothing to report" with its reason.
    pub fn addressed(&self) -> bool {
        self.nothing_to_report || !self.summary.trim().is_empty()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Kpi {
    pub name: String,
    pub value: f64,
    pub target: Option<f64>,
    pub unit: String,
    pub better: Better,
    pub previous: Option<f64>,
    pub trend: Trend,
    pub meets_target: Option<bool>,
    /// The same KPI at earlier reviews of the same scope, oldest first (up to seven), then
    /// this value: what the trend chart draws.
    #[serde(default)]
    pub history: Vec<KpiPoint>,
    /// The day the value was measured, when recorded.
    #[serde(default)]
    #[cfg_attr(test, ts(type = "string | null"))]
    pub measured_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct KpiPoint {
    pub review: String,
    pub value: f64,
}

/// How many earlier values of a KPI the chart shows beside the current one.
pub const KPI_HISTORY: i64 = 7;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ReviewLink {
    pub reference: String,
    pub title: String,
    pub starts_at: String,
    pub held_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct CarriedAction {
    /// The action as it stood at this review's meeting (or at the record's instant, before it).
    pub action: Action,
    /// The action's status as the previous review left it (its meeting day).
    pub status_at_previous_review: String,
    /// A status change or progress note since the previous review: the status this
    /// review reports is a fresh one.
    pub updated_since_previous_review: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Transition {
    pub from: Option<String>,
    pub to: String,
    pub at: String,
    pub by: String,
    pub note: Option<String>,
}

fn person(conn: &Connection, id: Option<i64>) -> Result<Option<PersonRef>> {
    let Some(id) = id else { return Ok(None) };
    Ok(conn.query_row("SELECT id, name, email FROM people WHERE id = ?1", [id], |row| Ok(PersonRef { id: row.get(0)?, name: row.get(1)?, email: row.get(2)? })).optional()?)
}

/// The day a review took place (or will): the day it was held, else its planned day.
pub(crate) fn meeting_day(review: &Review) -> NaiveDate {
    review
        .held_on
        .as_deref()
        .and_then(|d| d.parse().ok())
        .or_else(|| review.starts_at.get(..10).and_then(|d| d.parse().ok()))
        .unwrap_or_default()
}

pub fn load(conn: &Connection, reference: &str, now: DateTime<Utc>) -> Result<ReviewRecord> {
    let review = get(conn, reference)?;
    let (chair_id, minute_taker_id): (Option<i64>, Option<i64>) = conn.query_row("SELECT chair_id, minute_taker_id FROM reviews WHERE id = ?1", [review.id], |row| Ok((row.get(0)?, row.get(1)?)))?;
    let previous = conn
        .query_row(
            "SELECT id, reference, title, starts_at, held_on FROM reviews WHERE starts_at < ?1 AND status <> 'cancelled' AND id <> ?2 ORDER BY starts_at DESC LIMIT 1",
            params![review.starts_at, review.id],
            |row| Ok((row.get::<_, i64>(0)?, ReviewLink { reference: row.get(1)?, title: row.get(2)?, starts_at: row.get(3)?, held_on: row.get(4)? })),
        )
        .optional()?;
    let organisation = organisation::get(conn)?;
    let mut record = ReviewRecord {
        document: document_control(conn, &review)?,
        chair: person(conn, chair_id)?,
        minute_taker: person(conn, minute_taker_id)?,
        attendees: attendees(conn, review.id)?,
        quorum: quorum(conn, reference)?,
        agenda: agenda::list(conn, review.id)?,
        inputs: inputs(conn, &review)?,
        carried_actions: match &previous {
            Some((id, _)) => carried_actions(conn, &review, *id, now)?,
            None => Vec::new(),
        },
        previous_review: previous.map(|(_, link)| link),
        decisions: decisions::list(conn, review.id)?,
        areas_none: decisions::nones(conn, review.id)?,
        actions_raised: actions_raised(conn, review.id, now)?,
        objectives: objectives::results(conn, review.id)?,
        transitions: transitions(conn, review.id)?,
        conclusion: conclusion::get(conn, review.id)?,
        period: Some(period::of(conn, &review, organisation.review_cadence_months)?),
        distributions: super::distribution::list(conn, review.id)?,
        registers: Vec::new(),
        organisation,
        review,
    };
    record.registers = register_extracts(conn, &record)?;
    Ok(record)
}

/// The registers' extracts as at the meeting, with what the record itself says about
/// their items (an input's summary and the discussion of the agenda items that cover it).
fn register_extracts(conn: &Connection, record: &ReviewRecord) -> Result<Vec<RegisterExtract>> {
    let day = meeting_day(&record.review);
    let period = record
        .period
        .as_ref()
        .and_then(|p| Some((p.from.parse().ok()?, p.to.parse().ok()?)))
        .unwrap_or((day - Duration::days(90), day));
    let inputs = record
        .inputs
        .iter()
        .map(|i| {
            let discussed = record.agenda.iter().filter(|a| a.inputs.contains(&i.code)).map(|a| a.discussion.as_str());
            let text = std::iter::once(i.summary.as_str()).chain(discussed).collect::<Vec<_>>().join("\n").to_lowercase();
            (i.code.clone(), text)
        })
        .collect();
    let decisions = record.decisions.iter().map(|d| d.text.as_str()).collect::<Vec<_>>().join("\n").to_lowercase();
    extract::for_review(conn, &record.review, day, period, &extract::Mentions { inputs, decisions })
}

const APPROVALS: &str = "SELECT p.id, p.name, p.email, a.role, a.approved_at, a.open_findings, a.anyway_reason FROM approvals a JOIN people p ON p.id = a.person_id WHERE a.revision_id = ?1 ORDER BY a.approved_at";

fn approval_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Approval> {
    Ok(Approval { person: PersonRef { id: row.get(0)?, name: row.get(1)?, email: row.get(2)? }, role: row.get(3)?, approved_at: row.get(4)?, open_findings: row.get(5)?, anyway_reason: row.get(6)? })
}

fn revisions(conn: &Connection, condition: &str, id: i64) -> Result<Vec<Revision>> {
    let mut statement = conn.prepare(&format!("SELECT id, version, particulars, status, created_at, released_on, snapshot_sha256 FROM minutes_revisions WHERE {condition} ORDER BY id"))?;
    let revisions = statement
        .query_map([id], |row| {
            Ok(Revision { id: row.get(0)?, version: row.get(1)?, particulars: row.get(2)?, status: row.get(3)?, created_at: row.get(4)?, released_on: row.get(5)?, snapshot_sha256: row.get(6)?, approvals: Vec::new() })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(revisions)
}

/// One revision of the minutes with its approvals.
pub(crate) fn revision(conn: &Connection, id: i64) -> Result<Revision> {
    let mut revision = revisions(conn, "id = ?1", id)?.pop().ok_or_else(|| crate::error::Error::not_found(format!("minutes revision {id}")))?;
    revision.approvals = conn.prepare(APPROVALS)?.query_map([id], approval_from_row)?.collect::<Result<_, _>>()?;
    Ok(revision)
}

fn document_control(conn: &Connection, review: &Review) -> Result<DocumentControl> {
    let (number, classification, author, reviewer, owner, distribution, approvers): (String, String, Option<i64>, Option<i64>, Option<i64>, String, String) = conn.query_row(
        "SELECT document_number, classification, author_id, reviewer_id, owner_id, distribution, approvers FROM document_control WHERE review_id = ?1",
        [review.id],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?)),
    )?;
    let mut revisions = revisions(conn, "review_id = ?1", review.id)?;
    let mut approvals = conn.prepare(APPROVALS)?;
    for revision in &mut revisions {
        revision.approvals = approvals.query_map([revision.id], approval_from_row)?.collect::<Result<_, _>>()?;
    }
    let newest = revisions.last();
    let approver_ids: Vec<i64> = serde_json::from_str(&approvers)?;
    Ok(DocumentControl {
        document_number: number,
        title: format!("Minutes of the management review {}: {}", review.reference, review.title),
        classification,
        status: newest.map_or("draft", |r| r.status.as_str()).to_owned(),
        version: newest.map_or("1.0", |r| r.version.as_str()).to_owned(),
        release_date: revisions.iter().rev().find_map(|r| r.released_on.clone()),
        author: person(conn, author)?,
        reviewer: person(conn, reviewer)?,
        owner: person(conn, owner)?,
        distribution: serde_json::from_str(&distribution)?,
        approvers: approver_ids.into_iter().map(|id| person(conn, Some(id))).collect::<Result<Vec<_>>>()?.into_iter().flatten().collect(),
        revisions,
    })
}

fn attendees(conn: &Connection, review_id: i64) -> Result<Vec<Attendee>> {
    let mut statement = conn.prepare(
        "SELECT p.id, p.name, p.email, p.job_title, i.role, i.required, p.is_top_management OR i.role = 'top_management', i.attendance, i.delegate_name, i.delegation
         FROM invitees i JOIN people p ON p.id = i.person_id WHERE i.review_id = ?1
         ORDER BY CASE i.role WHEN 'chair' THEN 0 WHEN 'top_management' THEN 1 ELSE 2 END, p.name",
    )?;
    let attendees = statement
        .query_map([review_id], |row| {
            Ok(Attendee {
                person: PersonRef { id: row.get(0)?, name: row.get(1)?, email: row.get(2)? },
                job_title: row.get(3)?,
                role: row.get(4)?,
                required: row.get(5)?,
                top_management: row.get(6)?,
                attendance: row.get(7)?,
                delegate_name: row.get(8)?,
                delegation: row.get(9)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(attendees)
}

/// Each KPI's values at the scheduled reviews before `review` that share its scope, newest
/// first: an ad hoc review in between (called for an incident, with the figures of the
/// day) neither resets the trend nor stands in for the planned interval. One statement,
/// driven from the reviews (CROSS JOIN fixes the order) so that it reads their KPIs by index.
fn kpi_series(conn: &Connection, review: &Review) -> Result<std::collections::HashMap<(String, String), Vec<KpiPoint>>> {
    let scopes = match review.scope.as_str() {
        "iso27001" => "'iso27001', 'both'",
        "soc2" => "'soc2', 'both'",
        _ => "'iso27001', 'soc2', 'both'",
    };
    let mut statement = conn.prepare(&format!(
        "SELECT code, name, value, reference FROM (
           SELECT i.code, k.name, k.value, r.reference, row_number() OVER (PARTITION BY i.code, k.name ORDER BY r.starts_at DESC, k.id DESC) AS n
           FROM reviews r CROSS JOIN inputs i ON i.review_id = r.id CROSS JOIN kpis k ON k.input_id = i.id
           WHERE r.starts_at < ?1 AND r.id <> ?2 AND r.status <> 'cancelled' AND r.kind = 'scheduled' AND r.scope IN ({scopes}))
         WHERE n <= ?3 ORDER BY n"
    ))?;
    let mut series: std::collections::HashMap<(String, String), Vec<KpiPoint>> = std::collections::HashMap::new();
    for row in statement.query_map(params![review.starts_at, review.id, KPI_HISTORY], |row| Ok(((row.get(0)?, row.get(1)?), KpiPoint { value: row.get(2)?, review: row.get(3)? })))? {
        let (key, point) = row?;
        series.entry(key).or_default().push(point);
    }
    Ok(series)
}

fn inputs(conn: &Connection, review: &Review) -> Result<Vec<InputRecord>> {
    let review_id = review.id;
    let mut statement = conn.prepare("SELECT id, code, summary, presenter_id, state, nothing_to_report, nothing_reason, no_change_reason, resource_need FROM inputs WHERE review_id = ?1")?;
    #[allow(clippy::type_complexity)]
    let rows: Vec<(i64, String, String, Option<i64>, InputState, bool, Option<String>, Option<String>, Option<String>)> = statement
        .query_map([review_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?, row.get(7)?, row.get(8)?)))?
        .collect::<Result<_, _>>()?;
    let files = evidence::list(conn, review_id)?;
    let mut kpis = conn.prepare("SELECT name, value, target, unit, better, measured_on FROM kpis WHERE input_id = ?1 ORDER BY position, id")?;
    let series = kpi_series(conn, review)?;
    let mut records = Vec::new();
    for (id, code, summary, presenter_id, state, nothing_to_report, nothing_reason, no_change_reason, resource_need) in rows {
        let kind = catalogue::input(&code);
        let mut input_kpis = Vec::new();
        #[allow(clippy::type_complexity)]
        let raw: Vec<(String, f64, Option<f64>, String, Better, Option<String>)> =
            kpis.query_map([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?)))?.collect::<Result<_, _>>()?;
        for (name, value, target, unit, better, measured_on) in raw {
            let measured_on = measured_on.as_deref().map(crate::register::parse_day).transpose()?;
            let earlier = series.get(&(code.clone(), name.clone())).map(Vec::as_slice).unwrap_or_default();
            let previous = earlier.first().map(|p| p.value);
            let meets_target = target.map(|t| if better == Better::Higher { value >= t } else { value <= t });
            let mut history: Vec<KpiPoint> = earlier.iter().rev().cloned().collect();
            history.push(KpiPoint { review: review.reference.clone(), value });
            input_kpis.push(Kpi { trend: trend(value, previous, better), name, value, target, unit, better, previous, meets_target, history, measured_on });
        }
        records.push(InputRecord {
            id,
            clause: kind.map_or("", |k| k.clause).to_owned(),
            title: kind.map_or("", |k| k.title).to_owned(),
            soc2_criteria: kind.map(|k| k.soc2_criteria.iter().map(|c| c.to_string()).collect()).unwrap_or_default(),
            presenter: person(conn, presenter_id)?,
            evidence: files.iter().filter(|f| f.input_code.as_deref() == Some(code.as_str())).cloned().collect(),
            kpis: input_kpis,
            code,
            summary,
            state,
            nothing_to_report,
            nothing_reason,
            no_change_reason,
            resource_need,
        });
    }
    records.sort_by_key(|r| catalogue::INPUTS.iter().position(|i| i.code == r.code));
    Ok(records)
}

fn midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).expect("midnight").and_utc()
}

/// Input a) by definition (clause 9.3.2 a): every action raised at a review before the
/// previous one that was not closed before the previous review's meeting day, whenever it
/// was typed in, and every action raised at the previous review. Each is given as it stood
/// at the end of this review's meeting day (or at `now`, if earlier), with its status at
/// the end of the previous review's meeting day and whether a status change or a note came
/// in between. Seven statements, whatever the number of actions: the actions still open
/// and those closed since are found by index (an action's `closed_at` is the instant of its
/// closing status change, an invariant `verify-store` checks), never by reading every
/// closed action of every earlier review.
fn carried_actions(conn: &Connection, review: &Review, previous_id: i64, now: DateTime<Utc>) -> Result<Vec<CarriedAction>> {
    let previous = super::get_by_id(conn, previous_id)?;
    let previous_day = meeting_day(&previous);
    let since = midnight(previous_day + Duration::days(1));
    let as_at = midnight(meeting_day(review) + Duration::days(1)).min(now);
    let mut statement = conn.prepare(
        "SELECT a.id FROM actions a WHERE a.review_id = ?1
         UNION ALL
         SELECT a.id FROM actions a CROSS JOIN reviews r ON r.id = a.review_id
         WHERE a.status IN ('open', 'in_progress', 'completed') AND r.starts_at < ?2 AND r.id <> ?3
         UNION ALL
         SELECT a.id FROM actions a CROSS JOIN reviews r ON r.id = a.review_id
         WHERE a.closed_at >= ?4 AND r.starts_at < ?2 AND r.id <> ?3",
    )?;
    // UNION ALL, deduplicated here: a UNION would merge the parts in id order, and SQLite
    // reads the whole table in rowid order for that rather than use the closing-time index.
    let mut ids: Vec<i64> = statement.query_map(params![previous.id, previous.starts_at, review.id, register::stamp(midnight(previous_day))], |row| row.get(0))?.collect::<Result<_, _>>()?;
    ids.sort_unstable();
    ids.dedup();
    let history = register::read_history(conn, Some(&ids))?;
    let mut carried: Vec<CarriedAction> = history
        .actions
        .iter()
        .filter_map(|a| {
            let then = history.action_as_of(a, as_at.max(a.created_at), register::DEFAULT_STALLED_DAYS)?;
            let at_previous = history.action_as_of(a, since, register::DEFAULT_STALLED_DAYS).map_or(register::ActionStatus::Open, |p| p.status);
            Some(CarriedAction { updated_since_previous_review: history.updated_between(a.id, since, as_at), status_at_previous_review: at_previous.as_str().to_owned(), action: then })
        })
        .collect();
    carried.sort_by(|a, b| a.action.reference.cmp(&b.action.reference));
    Ok(carried)
}

/// The actions `review_id` raised, as they stood at `at`.
fn actions_raised(conn: &Connection, review_id: i64, at: DateTime<Utc>) -> Result<Vec<Action>> {
    let ids: Vec<i64> = {
        let mut statement = conn.prepare("SELECT id FROM actions WHERE review_id = ?1")?;
        let ids = statement.query_map([review_id], |row| row.get(0))?.collect::<Result<_, _>>()?;
        ids
    };
    let history = register::read_history(conn, Some(&ids))?;
    Ok(history.actions.iter().filter_map(|a| history.action_as_of(a, at, register::DEFAULT_STALLED_DAYS)).collect())
}

fn transitions(conn: &Connection, review_id: i64) -> Result<Vec<Transition>> {
    let mut statement = conn.prepare("SELECT from_status, to_status, at, by_person, note FROM review_transitions WHERE review_id = ?1 ORDER BY id")?;
    let transitions = statement
        .query_map([review_id], |row| Ok(Transition { from: row.get(0)?, to: row.get(1)?, at: row.get(2)?, by: row.get(3)?, note: row.get(4)? }))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(transitions)
}
