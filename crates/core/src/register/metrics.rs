//! Metrics on the register, for the dashboard and the next review: open, overdue and
//! escalated counts by priority and owner, the share closed on time, the mean time to
//! close, the number of escalations and the recurring themes; and each of these as of the
//! dates of the last reviews held, rebuilt from the history tables.
//!
//! Rebuilt as of a past date by `as_of` (status, target date, escalation level, closure
//! time); overdue is the register's one definition (`due`).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::as_of::{read_history, History};
use super::{parse_day, ActionStatus, PersonRef, Priority, DEFAULT_STALLED_DAYS};
use crate::error::Result;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ByPriority {
    pub total: u32,
    pub high: u32,
    pub medium: u32,
    pub low: u32,
    /// Actions with no priority recorded.
    pub unset: u32,
}

impl ByPriority {
    fn count(&mut self, priority: Option<Priority>) {
        self.total += 1;
        match priority {
            Some(Priority::High) => self.high += 1,
            Some(Priority::Medium) => self.medium += 1,
            Some(Priority::Low) => self.low += 1,
            None => self.unset += 1,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ByStatus {
    pub open: u32,
    pub in_progress: u32,
    pub completed: u32,
    pub closed: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnerCounts {
    pub owner: Option<PersonRef>,
    /// Not closed (Open, In Progress or Completed awaiting verification).
    pub open: u32,
    pub overdue: u32,
    pub escalated: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Theme {
    /// "source" or "tag".
    pub dimension: String,
    pub name: String,
    pub count: u32,
    /// Raised two or more times.
    pub recurring: bool,
}

/// The register as it stood at `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterMetrics {
    pub as_of: DateTime<Utc>,
    /// Actions raised up to `as_of`.
    pub total: u32,
    pub by_status: ByStatus,
    /// Not closed, by priority.
    pub open: ByPriority,
    /// Open or In Progress and past the target date in force then, by priority.
    pub overdue: ByPriority,
    /// Not closed and escalated at least once, by priority.
    pub escalated: ByPriority,
    pub by_owner: Vec<OwnerCounts>,
    pub closed: u32,
    /// Closed by the original target date.
    pub closed_on_time: u32,
    /// closed_on_time / closed; None when nothing is closed yet.
    pub on_time_share: Option<f64>,
    /// Mean days from creation to closure of the closed actions.
    pub mean_days_to_close: Option<f64>,
    /// Escalation steps recorded up to `as_of`.
    pub escalations: u32,
    /// Counts by source and by tag, most frequent first.
    pub themes: Vec<Theme>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    pub review_id: i64,
    pub review_reference: String,
    pub held_on: NaiveDate,
    pub metrics: RegisterMetrics,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricsReport {
    pub current: RegisterMetrics,
    /// The same metrics at the end of the day of each of the last reviews held, oldest first.
    pub trend: Vec<TrendPoint>,
}

fn compute(history: &History, as_of: DateTime<Utc>) -> RegisterMetrics {
    let mut m = RegisterMetrics {
        as_of,
        total: 0,
        by_status: ByStatus::default(),
        open: ByPriority::default(),
        overdue: ByPriority::default(),
        escalated: ByPriority::default(),
        by_owner: Vec::new(),
        closed: 0,
        closed_on_time: 0,
        on_time_share: None,
        mean_days_to_close: None,
        escalations: 0,
        themes: Vec::new(),
    };
    let mut owners: BTreeMap<Option<i64>, OwnerCounts> = BTreeMap::new();
    let mut themes: BTreeMap<(&str, String), u32> = BTreeMap::new();
    let mut days_to_close = Vec::new();
    for action in history.actions.iter().filter_map(|a| history.action_as_of(a, as_of, DEFAULT_STALLED_DAYS)) {
        let action = &action;
        m.total += 1;
        let status = action.status;
        let steps = history.escalation_steps(action.id, as_of);
        m.escalations += steps;
        match status {
            ActionStatus::Open => m.by_status.open += 1,
            ActionStatus::InProgress => m.by_status.in_progress += 1,
            ActionStatus::Completed => m.by_status.completed += 1,
            ActionStatus::Closed => m.by_status.closed += 1,
        }
        *themes.entry(("source", action.source.as_str().to_owned())).or_default() += 1;
        for tag in &action.tags {
            *themes.entry(("tag", tag.clone())).or_default() += 1;
        }
        let owner = owners.entry(action.owner.as_ref().map(|o| o.id)).or_insert_with(|| OwnerCounts { owner: action.owner.clone(), open: 0, overdue: 0, escalated: 0 });
        if status == ActionStatus::Closed {
            m.closed += 1;
            if let Some(closed_at) = action.closed_at {
                if action.original_target_on.or(action.target_on).is_some_and(|original| closed_at.date_naive() <= original) {
                    m.closed_on_time += 1;
                }
                days_to_close.push((closed_at - action.created_at).num_seconds() as f64 / 86_400.0);
            }
            continue;
        }
        m.open.count(action.priority);
        owner.open += 1;
        if action.overdue {
            m.overdue.count(action.priority);
            owner.overdue += 1;
        }
        if steps > 0 {
            m.escalated.count(action.priority);
            owner.escalated += 1;
        }
    }
    if m.closed > 0 {
        m.on_time_share = Some(f64::from(m.closed_on_time) / f64::from(m.closed));
        m.mean_days_to_close = Some(days_to_close.iter().sum::<f64>() / days_to_close.len() as f64);
    }
    m.by_owner = owners.into_values().filter(|o| o.open > 0).collect();
    m.by_owner.sort_by(|a, b| b.open.cmp(&a.open).then_with(|| a.owner.as_ref().map(|o| &o.name).cmp(&b.owner.as_ref().map(|o| &o.name))));
    m.themes = themes
        .into_iter()
        .map(|((dimension, name), count)| Theme { dimension: dimension.to_owned(), name, count, recurring: count >= 2 })
        .collect();
    m.themes.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.dimension.cmp(&b.dimension)).then_with(|| a.name.cmp(&b.name)));
    m
}

/// The dashboard's figures on the register now.
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

/// The figures of [`metrics_as_of`] that the dashboard shows, as of `now`, counted by one
/// aggregate over the actions (equal to the metrics for a register written through core:
/// the status, level and closing time of an action are its history's last entries).
pub fn figures(conn: &Connection, now: DateTime<Utc>) -> Result<RegisterFigures> {
    let (open, overdue, escalated, closed, on_time): (u32, u32, u32, u32, u32) = conn.query_row(
        &format!(
            "SELECT count(*) FILTER (WHERE a.status <> 'closed'), count(*) FILTER (WHERE {}),
                count(*) FILTER (WHERE a.status <> 'closed' AND a.escalation_level > 0), count(*) FILTER (WHERE a.status = 'closed'),
                count(*) FILTER (WHERE a.status = 'closed' AND substr(a.closed_at, 1, 10) <= coalesce(a.original_target_on, a.target_on))
             FROM actions a WHERE a.created_at <= ?",
            super::query::overdue_sql()
        ),
        rusqlite::params![now.date_naive().to_string(), super::stamp(now)],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
    )?;
    Ok(RegisterFigures { open, overdue, escalated, on_time_share: (closed > 0).then(|| f64::from(on_time) / f64::from(closed)) })
}

/// The register's metrics as it stood at `as_of`.
pub fn metrics_as_of(conn: &Connection, as_of: DateTime<Utc>) -> Result<RegisterMetrics> {
    Ok(compute(&read_history(conn, None)?, as_of))
}

/// The metrics now, and at the end of the day of each of the last `last_reviews` reviews
/// held on or before today (oldest first).
pub fn metrics(conn: &Connection, now: DateTime<Utc>, last_reviews: usize) -> Result<MetricsReport> {
    let history = read_history(conn, None)?;
    let mut statement = conn.prepare(
        "SELECT id, reference, held_on FROM reviews WHERE held_on IS NOT NULL AND held_on <= ?1 AND status <> 'cancelled' ORDER BY held_on DESC, id DESC LIMIT ?2",
    )?;
    let rows = statement
        .query_map(rusqlite::params![now.date_naive().to_string(), last_reviews as i64], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut trend = Vec::new();
    for (review_id, review_reference, held_on) in rows.into_iter().rev() {
        let held_on = parse_day(held_on.get(..10).unwrap_or(&held_on))?;
        let end_of_day = (held_on + Duration::days(1)).and_hms_opt(0, 0, 0).expect("midnight").and_utc() - Duration::seconds(1);
        trend.push(TrendPoint { review_id, review_reference, held_on, metrics: compute(&history, end_of_day.min(now)) });
    }
    Ok(MetricsReport { current: compute(&history, now), trend })
}
