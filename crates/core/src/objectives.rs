//! The organisation's information security objectives (owner, measure, target, period)
//! and, per review, whether each was met and the target set or confirmed for the next
//! period (input d4 and the "objectives and KPIs" output).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::register::PersonRef;
use crate::review;
use crate::store::{Actor, Store};

text_enum!(
    /// What a review found about an objective.
    Met, "objective result" { Met = "met", PartlyMet = "partly_met", NotMet = "not_met", NotYetDue = "not_yet_due" }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Objective {
    pub id: i64,
    pub title: String,
    pub owner: Option<PersonRef>,
    pub measure: String,
    pub target: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub active: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, optional_fields))]
pub struct ObjectiveChange {
    pub title: Option<String>,
    pub owner_id: Option<i64>,
    pub measure: Option<String>,
    pub target: Option<String>,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub active: Option<bool>,
}

/// An objective as one review judged it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ObjectiveResult {
    pub objective: Objective,
    pub met: Met,
    /// What was measured for the period, as the objective's measure states it.
    #[serde(default)]
    pub measured: Option<String>,
    pub note: Option<String>,
    /// The target for the next period; `None` confirms the current one.
    pub next_target: Option<String>,
}

const COLUMNS: &str = "o.id, o.title, o.measure, o.target, o.period_start, o.period_end, o.active, p.id, p.name, p.email FROM objectives o LEFT JOIN people p ON p.id = o.owner_id";

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Objective> {
    let owner = match row.get::<_, Option<i64>>(7)? {
        Some(id) => Some(PersonRef { id, name: row.get(8)?, email: row.get(9)? }),
        None => None,
    };
    Ok(Objective { id: row.get(0)?, title: row.get(1)?, measure: row.get(2)?, target: row.get(3)?, period_start: row.get(4)?, period_end: row.get(5)?, active: row.get(6)?, owner })
}

pub fn list(conn: &Connection, include_inactive: bool) -> Result<Vec<Objective>> {
    let mut statement = conn.prepare(&format!("SELECT {COLUMNS} WHERE o.active = 1 OR ?1 ORDER BY o.id"))?;
    let objectives = statement.query_map([include_inactive], from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(objectives)
}

pub fn get(conn: &Connection, id: i64) -> Result<Objective> {
    conn.query_row(&format!("SELECT {COLUMNS} WHERE o.id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("objective {id}"), hint: ": `quorum objective list` shows them".into() })
}

fn validate(title: &str, measure: &str, target: &str, start: NaiveDate, end: NaiveDate) -> Result<()> {
    for (field, value) in [("title", title), ("measure", measure), ("target", target)] {
        if value.trim().is_empty() {
            return Err(Error::invalid(format!("an objective needs its {field}")));
        }
    }
    if end < start {
        return Err(Error::invalid(format!("the objective's period ends ({end}) before it starts ({start})")));
    }
    Ok(())
}

/// The change with every text through core's one text check (`crate::text`).
fn checked(change: &ObjectiveChange) -> Result<ObjectiveChange> {
    let line = |field: &str, value: &Option<String>| value.as_deref().map(|v| crate::text::line(field, v)).transpose();
    Ok(ObjectiveChange { title: line("objective's title", &change.title)?, measure: line("measure", &change.measure)?, target: line("target", &change.target)?, ..change.clone() })
}

pub fn add(store: &mut Store, actor: &Actor, new: &ObjectiveChange) -> Result<Objective> {
    let new = &checked(new)?;
    let (Some(title), Some(measure), Some(target), Some(start), Some(end)) = (&new.title, &new.measure, &new.target, new.period_start, new.period_end) else {
        return Err(Error::invalid("an objective needs a title, a measure, a target and its period (start and end)"));
    };
    validate(title, measure, target, start, end)?;
    let id = store.write(actor, |w| {
        w.execute(
            "INSERT INTO objectives (title, owner_id, measure, target, period_start, period_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![title.trim(), new.owner_id, measure.trim(), target.trim(), start, end],
        )?;
        let id = w.last_insert_rowid();
        w.audit("objective", &id.to_string(), "create", None, Some(&serde_json::json!({"title": title.trim(), "target": target.trim(), "periodStart": start, "periodEnd": end})))?;
        Ok(id)
    })?;
    get(store.conn(), id)
}

pub fn update(store: &mut Store, actor: &Actor, id: i64, change: &ObjectiveChange) -> Result<Objective> {
    let current = get(store.conn(), id)?;
    let change = &checked(change)?;
    validate(
        change.title.as_deref().unwrap_or(&current.title),
        change.measure.as_deref().unwrap_or(&current.measure),
        change.target.as_deref().unwrap_or(&current.target),
        change.period_start.unwrap_or(current.period_start),
        change.period_end.unwrap_or(current.period_end),
    )?;
    store.write(actor, |w| {
        w.execute(
            "UPDATE objectives SET title = coalesce(?1, title), owner_id = coalesce(?2, owner_id), measure = coalesce(?3, measure), target = coalesce(?4, target),
                period_start = coalesce(?5, period_start), period_end = coalesce(?6, period_end), active = coalesce(?7, active) WHERE id = ?8",
            params![
                change.title.as_deref().map(str::trim),
                change.owner_id,
                change.measure.as_deref().map(str::trim),
                change.target.as_deref().map(str::trim),
                change.period_start,
                change.period_end,
                change.active,
                id
            ],
        )?;
        w.audit("objective", &id.to_string(), "update", Some(&serde_json::to_value(&current)?), None)
    })?;
    get(store.conn(), id)
}

/// What a review recorded about an objective: the verdict, the value measured, a note and
/// the next period's target.
#[derive(Clone, Copy)]
pub struct ResultEntry<'a> {
    pub met: Met,
    pub measured: Option<&'a str>,
    pub note: Option<&'a str>,
    pub next_target: Option<&'a str>,
}

/// Records what a review found about an objective (replacing an earlier result of the
/// same review while its minutes are not approved).
pub fn record_result(store: &mut Store, actor: &Actor, reference: &str, id: i64, entry: &ResultEntry<'_>) -> Result<ObjectiveResult> {
    let ResultEntry { met, measured, note, next_target } = *entry;
    let found = review::editable(store.conn(), reference)?;
    get(store.conn(), id)?;
    let measured = crate::text::optional_line("measured value", measured)?;
    let (note, next_target) = (crate::text::optional_lines("note", note)?, crate::text::optional_line("next target", next_target)?);
    store.write(actor, |w| {
        w.execute(
            "INSERT INTO objective_results (review_id, objective_id, met, measured, note, next_target) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (review_id, objective_id) DO UPDATE SET met = excluded.met, measured = excluded.measured, note = excluded.note, next_target = excluded.next_target",
            params![found.id, id, met, measured, note, next_target],
        )?;
        w.audit("objective_result", &format!("{reference}/{id}"), "set", None, Some(&serde_json::json!({"met": met, "measured": measured, "note": note, "nextTarget": next_target})))
    })?;
    results(store.conn(), found.id)?.into_iter().find(|r| r.objective.id == id).ok_or_else(|| Error::not_found(format!("objective {id}")))
}

pub fn results(conn: &Connection, review_id: i64) -> Result<Vec<ObjectiveResult>> {
    let mut statement = conn.prepare("SELECT objective_id, met, measured, note, next_target FROM objective_results WHERE review_id = ?1 ORDER BY objective_id")?;
    let rows: Vec<(i64, Met, Option<String>, Option<String>, Option<String>)> =
        statement.query_map([review_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)))?.collect::<Result<_, _>>()?;
    rows.into_iter().map(|(id, met, measured, note, next_target)| Ok(ObjectiveResult { objective: get(conn, id)?, met, measured, note, next_target })).collect()
}
