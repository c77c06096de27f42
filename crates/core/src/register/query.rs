//! The register read in SQL: every filter, the search, the sort and the page are a WHERE,
//! an ORDER BY and a LIMIT, so a page of a register of ten years costs the same as a page
//! of the first year's. The only rules that depend on "now" (overdue, stalled) are written
//! here once, equal to [`super::derive`]: the SQL selects, `derive` fills the row.

use chrono::{DateTime, Duration, Utc};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};

use super::{build_row, derive, read_row, Action, ActionFilter, DEFAULT_STALLED_DAYS, SELECT};
use crate::error::Result;

/// How the register is ordered. Missing values (no owner, no date) come last either way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub enum ActionSort {
    /// ACT-YYYY-NNN.
    #[default]
    Reference,
    Description,
    Owner,
    TargetDate,
    /// High, Medium, Low.
    Priority,
    /// Escalated first, then overdue, then Open, In Progress, Completed, Closed.
    Status,
}

/// A page of the register: the filter, the order and the window of rows wanted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, optional_fields))]
pub struct ActionQuery {
    #[cfg_attr(test, ts(as = "Option<ActionFilter>", optional))]
    pub filter: ActionFilter,
    #[cfg_attr(test, ts(as = "Option<ActionSort>", optional))]
    pub sort: ActionSort,
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub descending: bool,
    #[cfg_attr(test, ts(as = "Option<u32>", optional))]
    pub offset: u32,
    /// None: every row from `offset` on.
    pub limit: Option<u32>,
}

/// The rows of one page and how many rows the whole filtered register has.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<T>,
}

/// Open or In Progress: the owner is (or should be) working on it.
const ACTIVE: &str = "a.status IN ('open', 'in_progress')";

/// The one SQL form of "overdue as of a day" (the day is the next parameter, YYYY-MM-DD):
/// active and past its target date. Equal to `derive`'s `overdue`.
pub(crate) fn overdue_sql() -> String {
    super::due::overdue_sql("?")
}

/// Active, and no status change, note or creation since the cutoff (the next parameter,
/// an instant `stalled_days` before now). Equal to `derive`'s `stalled`: the history
/// lookups are index seeks (format 4).
fn stalled_sql() -> String {
    format!(
        "({ACTIVE} AND max(a.created_at,
            coalesce((SELECT max(h.at) FROM action_status_history h WHERE h.action_id = a.id), ''),
            coalesce((SELECT max(n.at) FROM action_notes n WHERE n.action_id = a.id), '')) <= ?)"
    )
}

/// Not closed and escalated at least once.
const ESCALATED: &str = "(a.status <> 'closed' AND a.escalation_level > 0)";

/// What the search looks through: what a row of the register shows, missing values in
/// the words the window uses for them ("no owner").
const HAYSTACK: &str = "lower(a.reference || ' ' || a.description || ' ' || coalesce(p.name, 'no owner') || ' ' || coalesce(r.reference, '') || ' '
    || replace(a.source, '_', ' ') || CASE WHEN a.target_on IS NULL THEN ' no target date' ELSE '' END
    || CASE WHEN a.priority IS NULL THEN ' no priority' ELSE '' END)";

/// The WHERE clause of `filter` as of `now`, with its parameters in order.
fn where_clause(filter: &ActionFilter, now: DateTime<Utc>) -> (String, Vec<Value>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let today = now.date_naive().to_string();
    if !filter.statuses.is_empty() {
        clauses.push(format!("a.status IN ({})", vec!["?"; filter.statuses.len()].join(", ")));
        args.extend(filter.statuses.iter().map(|s| Value::Text(s.as_str().into())));
    }
    if let Some(owner) = filter.owner_id {
        clauses.push("a.owner_id = ?".into());
        args.push(Value::Integer(owner));
    }
    if filter.no_owner {
        clauses.push("a.owner_id IS NULL".into());
    }
    if let Some(priority) = filter.priority {
        clauses.push("a.priority = ?".into());
        args.push(Value::Text(priority.as_str().into()));
    }
    if filter.no_priority {
        clauses.push("a.priority IS NULL".into());
    }
    if let Some(overdue) = filter.overdue {
        clauses.push(format!("{} = ?", overdue_sql()));
        args.push(Value::Text(today));
        args.push(Value::Integer(overdue.into()));
    }
    if let Some(escalated) = filter.escalated {
        clauses.push(format!("{ESCALATED} = ?"));
        args.push(Value::Integer(escalated.into()));
    }
    if let Some(stalled) = filter.stalled {
        let days = filter.stalled_days.unwrap_or(DEFAULT_STALLED_DAYS);
        clauses.push(format!("{} = ?", stalled_sql()));
        args.push(Value::Text(super::stamp(now - Duration::days(days))));
        args.push(Value::Integer(stalled.into()));
    }
    if let Some(review) = filter.review_id {
        clauses.push("a.review_id = ?".into());
        args.push(Value::Integer(review));
    }
    if filter.no_review {
        clauses.push("a.review_id IS NULL".into());
    }
    if let Some(source) = filter.source {
        clauses.push("a.source = ?".into());
        args.push(Value::Text(source.as_str().into()));
    }
    if let Some(tag) = filter.tag.as_deref().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()) {
        clauses.push("instr(',' || a.tags || ',', ?) > 0".into());
        args.push(Value::Text(format!(",{tag},")));
    }
    // Every word of the search must appear somewhere in the row.
    for word in filter.search.as_deref().unwrap_or_default().split_whitespace() {
        clauses.push(format!("instr({HAYSTACK}, ?) > 0"));
        args.push(Value::Text(word.to_lowercase()));
    }
    let clause = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
    (clause, args)
}

/// The ORDER BY of `sort`, missing values last, the reference breaking ties.
fn order_clause(sort: ActionSort, descending: bool, args: &mut Vec<Value>, now: DateTime<Utc>) -> String {
    let direction = if descending { "DESC" } else { "ASC" };
    let key = match sort {
        ActionSort::Reference => return format!("ORDER BY a.reference {direction}"),
        ActionSort::Description => "a.description COLLATE NOCASE".to_owned(),
        ActionSort::Owner => "p.name COLLATE NOCASE".to_owned(),
        ActionSort::TargetDate => "a.target_on".to_owned(),
        ActionSort::Priority => "CASE a.priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 END".to_owned(),
        ActionSort::Status => {
            // Never missing; its one parameter is the day overdue is judged on.
            args.push(Value::Text(now.date_naive().to_string()));
            return format!(
                "ORDER BY CASE WHEN {ESCALATED} AND {ACTIVE} THEN -2 WHEN {} THEN -1 ELSE CASE a.status WHEN 'open' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'completed' THEN 2 ELSE 3 END END {direction}, a.reference {direction}",
                overdue_sql()
            );
        }
    };
    format!("ORDER BY ({key}) IS NULL, {key} {direction}, a.reference {direction}")
}

/// One page of the register narrowed by the query's filter, in its order, with the
/// number of matching rows; the derived fields as of `now`. Three statements whatever the
/// size of the register: the count, the page's ids (the sort reads only the sort key), and
/// the page's rows.
pub fn page(conn: &Connection, query: &ActionQuery, now: DateTime<Utc>) -> Result<Page<Action>> {
    let (clause, mut args) = where_clause(&query.filter, now);
    let total: u32 = conn.query_row(&format!("SELECT count(*) {FROM} {clause}"), params_from_iter(args.iter()), |row| row.get(0))?;
    let order = order_clause(query.sort, query.descending, &mut args, now);
    args.push(Value::Integer(query.limit.map_or(-1, i64::from)));
    args.push(Value::Integer(query.offset.into()));
    let raw = match query.limit {
        // The whole register (an export, `list`): one pass.
        None => conn.prepare(&format!("{SELECT} {clause} {order} LIMIT ? OFFSET ?"))?.query_map(params_from_iter(args.iter()), read_row)?.collect::<rusqlite::Result<Vec<_>>>()?,
        Some(_) => {
            let ids: Vec<i64> = conn.prepare(&format!("SELECT a.id {FROM} {clause} {order} LIMIT ? OFFSET ?"))?.query_map(params_from_iter(args.iter()), |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
            // (SQLite takes an empty IN list: an empty page runs the same statements.)
            let marks = vec!["?"; ids.len()].join(", ");
            let mut rows = conn.prepare(&format!("{SELECT} WHERE a.id IN ({marks})"))?.query_map(params_from_iter(ids.iter()), read_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
            let position: std::collections::HashMap<i64, usize> = ids.iter().enumerate().map(|(n, id)| (*id, n)).collect();
            rows.sort_by_key(|(_, ints)| ints[0].and_then(|id| position.get(&id).copied()));
            rows
        }
    };
    let stalled_days = query.filter.stalled_days.unwrap_or(DEFAULT_STALLED_DAYS);
    let rows = raw.into_iter().map(|row| Ok(derive(build_row(row)?, now, stalled_days))).collect::<Result<Vec<_>>>()?;
    Ok(Page { total, offset: query.offset, rows })
}

/// The tables a filter, search or sort may name.
const FROM: &str = "FROM actions a LEFT JOIN people p ON p.id = a.owner_id LEFT JOIN reviews r ON r.id = a.review_id";
