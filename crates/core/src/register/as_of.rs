//! The register as it stood at an instant, rebuilt from its history tables: status (status
//! history), completion and closure times, target date (date revisions), escalation level
//! (escalations) and last activity (status changes and notes). Owner, priority, source and
//! tags are taken as they are now: their changes live only in the audit trail.
//!
//! One read of each history table for a set of actions (or all of them), whatever their
//! number; [`History::action_as_of`] then rebuilds each action in memory and derives
//! overdue and stalled through [`super::due`], the one definition every view shares.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use super::{derive, load_all, parse_day, parse_instant, Action, ActionStatus};
use crate::error::Result;

/// The history of a set of actions, read once.
pub(crate) struct History {
    pub actions: Vec<Action>,
    /// action id → (at, to_status), in order.
    statuses: BTreeMap<i64, Vec<(DateTime<Utc>, ActionStatus)>>,
    /// action id → (at, new target), in order.
    revisions: BTreeMap<i64, Vec<(DateTime<Utc>, NaiveDate)>>,
    /// action id → (at, level), in order.
    escalations: BTreeMap<i64, Vec<(DateTime<Utc>, i64)>>,
    /// action id → note times, in order.
    notes: BTreeMap<i64, Vec<DateTime<Utc>>>,
}

/// `WHERE` narrowing a history table to the ids in `?1` (a JSON array), or nothing.
fn narrowed(column: &str, ids: Option<&[i64]>) -> String {
    match ids {
        Some(_) => format!("WHERE {column} IN (SELECT value FROM json_each(?1))"),
        None => String::new(),
    }
}

fn rows<T>(conn: &Connection, sql: &str, ids: Option<&[i64]>, map: impl Fn(String, &rusqlite::Row<'_>) -> Result<T>) -> Result<BTreeMap<i64, Vec<T>>> {
    let mut out: BTreeMap<i64, Vec<T>> = BTreeMap::new();
    let json = ids.map(|ids| serde_json::to_string(ids)).transpose()?;
    let mut statement = conn.prepare(sql)?;
    let mut query = match &json {
        Some(json) => statement.query([json])?,
        None => statement.query([])?,
    };
    while let Some(row) = query.next()? {
        let id: i64 = row.get(0)?;
        let at: String = row.get(1)?;
        out.entry(id).or_default().push(map(at, row)?);
    }
    Ok(out)
}

/// Reads the history of the actions `ids` (every action when `None`): five statements.
pub(crate) fn read_history(conn: &Connection, ids: Option<&[i64]>) -> Result<History> {
    let actions = match ids {
        Some(ids) => load_all(conn, "WHERE a.id IN (SELECT value FROM json_each(?1))", &[&serde_json::to_string(ids)?])?,
        None => load_all(conn, "", &[])?,
    };
    let statuses = rows(conn, &format!("SELECT action_id, at, to_status FROM action_status_history {} ORDER BY action_id, at, id", narrowed("action_id", ids)), ids, |at, r| {
        Ok((parse_instant(&at)?, r.get::<_, String>(2)?.parse()?))
    })?;
    let revisions = rows(conn, &format!("SELECT action_id, at, new_on FROM action_date_revisions {} ORDER BY action_id, at, id", narrowed("action_id", ids)), ids, |at, r| {
        Ok((parse_instant(&at)?, parse_day(&r.get::<_, String>(2)?)?))
    })?;
    let escalations = rows(conn, &format!("SELECT action_id, at, level FROM escalations {} ORDER BY action_id, at, id", narrowed("action_id", ids)), ids, |at, r| Ok((parse_instant(&at)?, r.get(2)?)))?;
    let notes = rows(conn, &format!("SELECT action_id, at FROM action_notes {} ORDER BY action_id, at, id", narrowed("action_id", ids)), ids, |at, _| parse_instant(&at))?;
    Ok(History { actions, statuses, revisions, escalations, notes })
}

impl History {
    /// `action` as it stood at `at`, with overdue and stalled derived as of `at`; `None`
    /// if it was not raised yet.
    pub fn action_as_of(&self, action: &Action, at: DateTime<Utc>, stalled_days: i64) -> Option<Action> {
        if action.created_at > at {
            return None;
        }
        let mut then = action.clone();
        let statuses: Vec<&(DateTime<Utc>, ActionStatus)> = self.statuses.get(&action.id).map(|r| r.iter().filter(|(t, _)| *t <= at).collect()).unwrap_or_default();
        then.status = statuses.last().map_or(ActionStatus::Open, |(_, s)| *s);
        let last_to = |status: ActionStatus| statuses.iter().rev().find(|(_, s)| *s == status).map(|(t, _)| *t);
        then.completed_at = if matches!(then.status, ActionStatus::Completed | ActionStatus::Closed) { last_to(ActionStatus::Completed).or(action.completed_at.filter(|t| *t <= at)) } else { None };
        then.closed_at = if then.status == ActionStatus::Closed { last_to(ActionStatus::Closed) } else { None };
        then.target_on = self
            .revisions
            .get(&action.id)
            .and_then(|r| r.iter().rev().find(|(t, _)| *t <= at))
            .map(|(_, on)| *on)
            .or(action.original_target_on)
            .or(action.target_on);
        then.escalation_level = self.escalations.get(&action.id).and_then(|r| r.iter().filter(|(t, _)| *t <= at).map(|(_, l)| *l).max()).unwrap_or(0);
        if then.escalation_level != action.escalation_level {
            then.escalation_level_name = None;
        }
        let note = self.notes.get(&action.id).and_then(|r| r.iter().rev().find(|t| **t <= at)).copied();
        then.last_activity_at = [Some(action.created_at), statuses.last().map(|(t, _)| *t), note].into_iter().flatten().max().unwrap_or(action.created_at);
        Some(derive(then, at, stalled_days))
    }

    /// Whether `action` had a status change or a note in `[from, to)` (its raising, the
    /// first status row, is not an update).
    pub fn updated_between(&self, action_id: i64, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
        let within = |t: &DateTime<Utc>| *t >= from && *t < to;
        self.statuses.get(&action_id).is_some_and(|r| r.iter().skip(1).any(|(t, _)| within(t))) || self.notes.get(&action_id).is_some_and(|r| r.iter().any(within))
    }

    /// Escalation steps recorded up to `at`.
    pub fn escalation_steps(&self, action_id: i64, at: DateTime<Utc>) -> u32 {
        self.escalations.get(&action_id).map_or(0, |r| r.iter().filter(|(t, _)| *t <= at).count() as u32)
    }
}
