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

/// What SQL counts in one pass for each instant asked about: the actions raised, the
/// closed ones (their closing instant is final) with those on time and their days to close,
/// the escalation steps, and the themes. Only the actions still open at an instant need
/// their history replayed.
#[derive(Default)]
struct Settled {
    raised: u32,
    closed: u32,
    closed_on_time: u32,
    seconds_to_close: i64,
    escalations: u32,
    themes: BTreeMap<(&'static str, String), u32>,
}

/// [`Settled`] for every instant of `points`, in their order: two statements whatever the
/// number of instants or actions. Each row is read once: the instants, sorted, cut time into
/// intervals; SQL counts the actions raised and closed in each interval, and an instant's
/// figures are the sums of the intervals up to it.
fn settled(conn: &Connection, points: &[DateTime<Utc>]) -> Result<Vec<Settled>> {
    let mut out: Vec<Settled> = points.iter().map(|_| Settled::default()).collect();
    let mut bounds: Vec<String> = points.iter().map(|p| super::stamp(*p)).collect();
    bounds.sort();
    bounds.dedup();
    if bounds.is_empty() {
        return Ok(out);
    }
    // The interval of each instant: 1 for the earliest.
    let interval_of: Vec<i64> = points.iter().map(|p| bounds.binary_search(&super::stamp(*p)).map_or(0, |i| i as i64 + 1)).collect();
    let interval = |column: &str| {
        let whens: String = (1..=bounds.len()).map(|n| format!("WHEN {column} <= ?{n} THEN {n} ")).collect();
        format!("CASE {whens}END")
    };
    let sql = format!(
        "SELECT source, tags, {raised}, CASE WHEN {CLOSED} THEN {closed} END AS closed_in, count(*),
                count(*) FILTER (WHERE substr(closed_at, 1, 10) <= coalesce(original_target_on, target_on)),
                coalesce(sum(unixepoch(closed_at) - unixepoch(created_at)), 0)
         FROM actions WHERE created_at <= ?{last} GROUP BY 1, 2, 3, 4",
        raised = interval("created_at"),
        closed = interval("closed_at"),
        last = bounds.len(),
    );
    let mut statement = conn.prepare(&sql)?;
    let mut rows = statement.query(rusqlite::params_from_iter(bounds.iter()))?;
    while let Some(row) = rows.next()? {
        let source: String = row.get(0)?;
        let tags: String = row.get::<_, Option<String>>(1)?.unwrap_or_default();
        let (raised_in, closed_in): (i64, Option<i64>) = (row.get(2)?, row.get(3)?);
        let (count, on_time, seconds): (u32, u32, i64) = (row.get(4)?, row.get(5)?, row.get(6)?);
        for (at, &upto) in out.iter_mut().zip(&interval_of) {
            if raised_in > upto {
                continue;
            }
            at.raised += count;
            *at.themes.entry(("source", source.clone())).or_default() += count;
            for tag in tags.split(',').filter(|t| !t.is_empty()) {
                *at.themes.entry(("tag", tag.to_owned())).or_default() += count;
            }
            if closed_in.is_some_and(|closed_in| closed_in <= upto) {
                at.closed += count;
                at.closed_on_time += on_time;
                at.seconds_to_close += seconds;
            }
        }
    }
    let mut statement = conn.prepare(&format!("SELECT {}, count(*) FROM escalations WHERE at <= ?{} GROUP BY 1", interval("at"), bounds.len()))?;
    let mut rows = statement.query(rusqlite::params_from_iter(bounds.iter()))?;
    while let Some(row) = rows.next()? {
        let (stepped_in, steps): (i64, u32) = (row.get(0)?, row.get(1)?);
        for (at, &upto) in out.iter_mut().zip(&interval_of) {
            if stepped_in <= upto {
                at.escalations += steps;
            }
        }
    }
    Ok(out)
}

/// A closed action, by its status and the one closing instant it keeps.
const CLOSED: &str = "status = 'closed' AND closed_at IS NOT NULL";

/// The history of the actions that were not closed yet at one of `points` at least (raised
/// by the last of them, closed after the first or not at all).
fn unsettled_history(conn: &Connection, points: &[DateTime<Utc>]) -> Result<History> {
    let (Some(first), Some(last)) = (points.iter().min(), points.iter().max()) else { return read_history(conn, Some(&[])) };
    let mut statement = conn.prepare(&format!("SELECT id FROM actions WHERE created_at <= ?1 AND NOT ({CLOSED} AND closed_at <= ?2)"))?;
    let ids = statement.query_map([super::stamp(*last), super::stamp(*first)], |row| row.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
    read_history(conn, Some(&ids))
}

fn compute(history: &History, settled: Settled, as_of: DateTime<Utc>) -> RegisterMetrics {
    let mut m = RegisterMetrics {
        as_of,
        total: settled.raised,
        by_status: ByStatus { closed: settled.closed, ..ByStatus::default() },
        open: ByPriority::default(),
        overdue: ByPriority::default(),
        escalated: ByPriority::default(),
        by_owner: Vec::new(),
        closed: settled.closed,
        closed_on_time: settled.closed_on_time,
        on_time_share: None,
        mean_days_to_close: None,
        escalations: settled.escalations,
        themes: Vec::new(),
    };
    let mut owners: BTreeMap<Option<i64>, OwnerCounts> = BTreeMap::new();
    let closed_by_then = |a: &&super::Action| a.status == ActionStatus::Closed && a.closed_at.is_some_and(|at| at <= as_of);
    for action in history.actions.iter().filter(|a| !closed_by_then(a)).filter_map(|a| history.action_as_of(a, as_of, DEFAULT_STALLED_DAYS)) {
        match action.status {
            ActionStatus::Open => m.by_status.open += 1,
            ActionStatus::InProgress => m.by_status.in_progress += 1,
            ActionStatus::Completed => m.by_status.completed += 1,
            // Closed then but open now: the one closing instant rules this out.
            ActionStatus::Closed => continue,
        }
        let owner = owners.entry(action.owner.as_ref().map(|o| o.id)).or_insert_with(|| OwnerCounts { owner: action.owner.clone(), open: 0, overdue: 0, escalated: 0 });
        m.open.count(action.priority);
        owner.open += 1;
        if action.overdue {
            m.overdue.count(action.priority);
            owner.overdue += 1;
        }
        if history.escalation_steps(action.id, as_of) > 0 {
            m.escalated.count(action.priority);
            owner.escalated += 1;
        }
    }
    if m.closed > 0 {
        m.on_time_share = Some(f64::from(m.closed_on_time) / f64::from(m.closed));
        m.mean_days_to_close = Some(settled.seconds_to_close as f64 / 86_400.0 / f64::from(m.closed));
    }
    m.by_owner = owners.into_values().collect();
    m.by_owner.sort_by(|a, b| b.open.cmp(&a.open).then_with(|| a.owner.as_ref().map(|o| &o.name).cmp(&b.owner.as_ref().map(|o| &o.name))));
    m.themes = settled
        .themes
        .into_iter()
        .map(|((dimension, name), count)| Theme { dimension: dimension.to_owned(), name, count, recurring: count >= 2 })
        .collect();
    m.themes.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.dimension.cmp(&b.dimension)).then_with(|| a.name.cmp(&b.name)));
    m
}

/// The metrics at each of `points`, in their order.
fn metrics_at(conn: &Connection, points: &[DateTime<Utc>]) -> Result<Vec<RegisterMetrics>> {
    let history = unsettled_history(conn, points)?;
    Ok(settled(conn, points)?.into_iter().zip(points).map(|(settled, at)| compute(&history, settled, *at)).collect())
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
    Ok(metrics_at(conn, &[as_of])?.remove(0))
}

/// The metrics now, and at the end of the day of each of the last `last_reviews` reviews
/// held on or before today (oldest first).
pub fn metrics(conn: &Connection, now: DateTime<Utc>, last_reviews: usize) -> Result<MetricsReport> {
    let mut statement = conn.prepare(
        "SELECT id, reference, held_on FROM reviews WHERE held_on IS NOT NULL AND held_on <= ?1 AND status <> 'cancelled' ORDER BY held_on DESC, id DESC LIMIT ?2",
    )?;
    let rows = statement
        .query_map(rusqlite::params![now.date_naive().to_string(), last_reviews as i64], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut reviews = Vec::new();
    let mut points = vec![now];
    for (review_id, review_reference, held_on) in rows.into_iter().rev() {
        let held_on = parse_day(held_on.get(..10).unwrap_or(&held_on))?;
        let end_of_day = (held_on + Duration::days(1)).and_hms_opt(0, 0, 0).expect("midnight").and_utc() - Duration::seconds(1);
        reviews.push((review_id, review_reference, held_on));
        points.push(end_of_day.min(now));
    }
    let mut all = metrics_at(conn, &points)?.into_iter();
    let current = all.next().expect("the metrics now");
    let trend = reviews.into_iter().zip(all).map(|((review_id, review_reference, held_on), metrics)| TrendPoint { review_id, review_reference, held_on, metrics }).collect();
    Ok(MetricsReport { current, trend })
}
