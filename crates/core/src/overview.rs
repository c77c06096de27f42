//! What the window shows at a glance: the register as rows, and the dashboard (the next review and its preparation milestones, the register's figures,
//! recent activity). Read-only views over the store.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::error::Result;
use crate::register::{self, Action, ActionFilter, ActionQuery, PersonRef};
use crate::review::check;

pub use crate::register::metrics::RegisterFigures;

/// One row of the action register as the table shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ActionRow {
    /// ACT-YYYY-NNN.
    pub id: String,
    pub description: String,
    pub owner: Option<String>,
    pub target_date: Option<NaiveDate>,
    #[cfg_attr(test, ts(as = "Option<crate::register::Priority>"))]
    pub priority: Option<String>,
    #[cfg_attr(test, ts(as = "crate::register::ActionStatus"))]
    pub status: String,
    pub overdue: bool,
    /// The escalation level reached (1 = first step of the path), None if never escalated.
    pub escalation_level: Option<i64>,
    pub review_reference: Option<String>,
    #[cfg_attr(test, ts(as = "crate::register::Source"))]
    pub source: String,
}

impl From<Action> for ActionRow {
    fn from(action: Action) -> Self {
        ActionRow {
            id: action.reference,
            description: action.description,
            owner: action.owner.map(|owner| owner.name),
            target_date: action.target_on,
            priority: action.priority.map(|p| enum_text(&p)),
            status: enum_text(&action.status),
            overdue: action.overdue,
            escalation_level: (action.escalation_level > 0).then_some(action.escalation_level),
            review_reference: action.review_reference,
            source: enum_text(&action.source),
        }
    }
}

pub fn action_rows(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<ActionRow>> {
    Ok(register::list(conn, &ActionFilter::default(), now)?.into_iter().map(ActionRow::from).collect())
}

/// One page of the register as the table shows it, and how many rows match in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ActionRowPage {
    /// Rows matching the filter, in all pages.
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<ActionRow>,
}

pub fn action_page(conn: &Connection, query: &ActionQuery, now: DateTime<Utc>) -> Result<ActionRowPage> {
    let page = register::page(conn, query, now)?;
    Ok(ActionRowPage { total: page.total, offset: page.offset, rows: page.rows.into_iter().map(ActionRow::from).collect() })
}

/// A review that raised actions, as the register's review filter offers it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ReviewChoice {
    pub id: i64,
    pub reference: String,
}

/// What the register's filters offer: the owners and reviews that have actions, and
/// whether any action lacks an owner, a priority or a review. A few index lookups, not a
/// read of the register.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct RegisterChoices {
    /// Actions in the register, unfiltered.
    pub total: u32,
    pub owners: Vec<PersonRef>,
    pub unowned: bool,
    pub unprioritised: bool,
    pub reviews: Vec<ReviewChoice>,
    pub outside_review: bool,
}

pub fn register_choices(conn: &Connection) -> Result<RegisterChoices> {
    let mut owners = conn.prepare("SELECT p.id, p.name, p.email FROM people p WHERE EXISTS (SELECT 1 FROM actions a WHERE a.owner_id = p.id) ORDER BY p.name COLLATE NOCASE, p.id")?;
    let owners = owners.query_map([], |row| Ok(PersonRef { id: row.get(0)?, name: row.get(1)?, email: row.get(2)? }))?.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut reviews = conn.prepare("SELECT r.id, r.reference FROM reviews r WHERE EXISTS (SELECT 1 FROM actions a WHERE a.review_id = r.id) ORDER BY r.reference")?;
    let reviews = reviews.query_map([], |row| Ok(ReviewChoice { id: row.get(0)?, reference: row.get(1)? }))?.collect::<rusqlite::Result<Vec<_>>>()?;
    let (total, unowned, unprioritised, outside_review) = conn.query_row(
        "SELECT (SELECT count(*) FROM actions), EXISTS (SELECT 1 FROM actions WHERE owner_id IS NULL),
            EXISTS (SELECT 1 FROM actions WHERE priority IS NULL), EXISTS (SELECT 1 FROM actions WHERE review_id IS NULL)",
        [],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
    )?;
    Ok(RegisterChoices { total, owners, unowned, unprioritised, reviews, outside_review })
}

/// The snake_case name serde gives a unit enum variant.
fn enum_text<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Milestone {
    /// collect_inputs, send_invitations, circulate_pack, meeting.
    #[cfg_attr(test, ts(type = "\"collect_inputs\" | \"send_invitations\" | \"circulate_pack\" | \"meeting\""))]
    pub kind: String,
    pub date: NaiveDate,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct NextReview {
    pub reference: String,
    pub title: String,
    pub starts_at: String,
    pub time_zone: String,
    #[cfg_attr(test, ts(as = "crate::review::Status"))]
    pub status: String,
    pub milestones: Vec<Milestone>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Readiness {
    pub nonconformities: u32,
    pub observations: u32,
    /// Tasks still due before the meeting (collect an input, send the invitations).
    pub preparation: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Activity {
    pub at: String,
    pub person: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Dashboard {
    pub next_review: Option<NextReview>,
    pub register: RegisterFigures,
    /// The readiness check of the next review; None when none is planned.
    pub readiness: Option<Readiness>,
    pub recent_activity: Vec<Activity>,
}

pub fn dashboard(conn: &Connection, now: DateTime<Utc>) -> Result<Dashboard> {
    let next_review = next_review(conn, now)?;
    Ok(Dashboard {
        readiness: next_review.as_ref().map(|next| readiness(conn, &next.reference, now)).transpose()?,
        next_review,
        register: register::metrics::figures(conn, now)?,
        recent_activity: recent_activity(conn, 12)?,
    })
}

/// The first review not yet held or cancelled, meeting today or later.
pub(crate) fn next_review(conn: &Connection, now: DateTime<Utc>) -> Result<Option<NextReview>> {
    let today = now.date_naive().format("%Y-%m-%d").to_string();
    let row = conn
        .query_row(
            "SELECT reference, title, starts_at, time_zone, status, invitations_sent_on, pack_circulated_on, held_on FROM reviews
             WHERE status IN ('planned', 'invitations_sent', 'pack_circulated') AND substr(starts_at, 1, 10) >= ?1
             ORDER BY starts_at LIMIT 1",
            [&today],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?, row.get::<_, String>(3)?, row.get::<_, String>(4)?, row.get::<_, Option<String>>(5)?, row.get::<_, Option<String>>(6)?, row.get::<_, Option<String>>(7)?)),
        )
        .optional()?;
    let Some((reference, title, starts_at, time_zone, status, invitations, pack, held)) = row else { return Ok(None) };
    let Ok(meeting) = NaiveDateTime::parse_from_str(&starts_at, "%Y-%m-%dT%H:%M").map(|t| t.date()) else { return Ok(None) };
    let inputs_ready: bool = conn.query_row(
        "SELECT count(*) = 0 FROM inputs i JOIN reviews r ON r.id = i.review_id WHERE r.reference = ?1 AND i.state = 'not_started' AND i.nothing_to_report = 0",
        [&reference],
        |row| row.get(0),
    )?;
    let calendar = check::work_calendar(conn)?;
    let milestones = vec![
        Milestone { kind: "collect_inputs".into(), date: meeting - Duration::days(21), done: inputs_ready },
        Milestone { kind: "send_invitations".into(), date: meeting - Duration::days(check::INVITATION_DAYS), done: invitations.is_some() },
        Milestone { kind: "circulate_pack".into(), date: calendar.add_working_days(meeting, -check::PACK_WORKING_DAYS), done: pack.is_some() },
        Milestone { kind: "meeting".into(), date: meeting, done: held.is_some() },
    ];
    Ok(Some(NextReview { reference, title, starts_at, time_zone, status, milestones }))
}

fn readiness(conn: &Connection, reference: &str, now: DateTime<Utc>) -> Result<Readiness> {
    let findings = check::check(conn, reference, now)?;
    let count = |severity: check::Severity| findings.iter().filter(|f| f.severity == severity).count() as u32;
    Ok(Readiness { nonconformities: count(check::Severity::Nonconformity), observations: count(check::Severity::Observation), preparation: count(check::Severity::Preparation) })
}

fn recent_activity(conn: &Connection, limit: u32) -> Result<Vec<Activity>> {
    let mut statement = conn.prepare("SELECT at, actor, entity, entity_id, action FROM audit_events ORDER BY id DESC LIMIT ?1")?;
    let rows = statement
        .query_map([limit], |row| {
            let (entity, id, action): (String, String, String) = (row.get(2)?, row.get(3)?, row.get(4)?);
            // Stored with microseconds; the window gets plain RFC 3339 that every JS engine parses.
            let at: String = row.get(0)?;
            let at = DateTime::parse_from_rfc3339(&at).map(|t| t.with_timezone(&Utc).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)).unwrap_or(at);
            Ok(Activity { at, person: row.get(1)?, summary: format!("{} {entity} {id}", action.replace('_', " ")) })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
