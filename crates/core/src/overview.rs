//! What the window shows at a glance: the register as rows, and the dashboard (the next review and its preparation milestones, the register's figures,
//! recent activity). Read-only views over the store.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::error::Result;
use crate::register::{self, ActionFilter};
use crate::review::check;

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

pub fn action_rows(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<ActionRow>> {
    let actions = register::list(conn, &ActionFilter::default(), now)?;
    Ok(actions
        .into_iter()
        .map(|action| ActionRow {
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
        })
        .collect())
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
pub struct RegisterFigures {
    pub open: u32,
    pub overdue: u32,
    pub escalated: u32,
    /// Closed by the original target date, of all closed; None before anything closed.
    pub on_time_share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Readiness {
    pub nonconformities: u32,
    pub observations: u32,
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
    let metrics = register::metrics::metrics_as_of(conn, now)?;
    let next_review = next_review(conn, now)?;
    Ok(Dashboard {
        readiness: next_review.as_ref().map(|next| readiness(conn, &next.reference, now)).transpose()?,
        next_review,
        register: RegisterFigures {
            open: metrics.open.total,
            overdue: metrics.overdue.total,
            escalated: metrics.escalated.total,
            on_time_share: metrics.on_time_share,
        },
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
    let nonconformities = findings.iter().filter(|f| f.severity == check::Severity::Nonconformity).count() as u32;
    Ok(Readiness { nonconformities, observations: findings.len() as u32 - nonconformities })
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
