//! The inputs of a review (clause 9.3.2 a–g and the SOC 2 inputs): what was presented,
//! by whom, how far it got, "nothing to report" with its reason, and the KPIs with their
//! trend against the same KPI in the previous review.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{catalogue, editable};
use crate::error::{Error, Result};
use crate::store::{Actor, Store};

text_enum!(
    /// How far an input got: prepared before the meeting, discussed in it.
    InputState, "input state" { NotStarted = "not_started", Prepared = "prepared", Discussed = "discussed" }
);

text_enum!(
    /// Which direction of a KPI is good.
    Better, "direction" { Higher = "higher", Lower = "lower" }
);

text_enum!(
    /// A KPI against the same KPI in the previous review.
    Trend, "trend" { Improving = "improving", Worsening = "worsening", Unchanged = "unchanged", New = "new" }
);

/// A change to an input; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, optional_fields))]
pub struct InputChange {
    pub summary: Option<String>,
    pub presenter_id: Option<i64>,
    pub state: Option<InputState>,
    /// `Some(reason)` marks "nothing to report" (a reason is required);
    /// `Some("")` clears the mark.
    pub nothing_to_report: Option<String>,
    /// `Some(reason)` records that the input calls for no change to the ISMS, and why (its
    /// outcome when no decision or action answers it); `Some("")` clears it.
    pub no_change: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct NewKpi {
    pub name: String,
    pub value: f64,
    pub target: Option<f64>,
    #[serde(default)]
    pub unit: String,
    pub better: Better,
}

/// The row id of a review's input; the code is checked against the catalogue.
pub fn input_id(conn: &Connection, review_id: i64, reference: &str, code: &str) -> Result<i64> {
    let code = code.trim().to_ascii_lowercase();
    if catalogue::input(&code).is_none() {
        let valid: Vec<&str> = catalogue::INPUTS.iter().map(|i| i.code).collect();
        return Err(Error::invalid(format!("'{code}' is not an input code: use one of {}", valid.join(", "))));
    }
    conn.query_row("SELECT id FROM inputs WHERE review_id = ?1 AND code = ?2", params![review_id, code], |row| row.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("input {code} in {reference}"), hint: " (the review's scope does not include it)".into() })
}

pub fn set(store: &mut Store, actor: &Actor, reference: &str, code: &str, change: &InputChange) -> Result<()> {
    let review = editable(store.conn(), reference)?;
    let input = input_id(store.conn(), review.id, reference, code)?;
    let change = &InputChange {
        summary: change.summary.as_deref().map(|t| crate::text::lines("input's summary", t)).transpose()?,
        nothing_to_report: change.nothing_to_report.as_deref().map(|t| crate::text::lines("reason for nothing to report", t)).transpose()?,
        no_change: change.no_change.as_deref().map(|t| crate::text::lines("reason for no change", t)).transpose()?,
        ..change.clone()
    };
    let nothing = change.nothing_to_report.as_deref();
    let no_change = change.no_change.as_deref();
    store.write(actor, |w| {
        let before: (String, Option<i64>, String, bool, Option<String>) = w.query_row(
            "SELECT summary, presenter_id, state, nothing_to_report, nothing_reason FROM inputs WHERE id = ?1",
            [input],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
        )?;
        w.execute(
            "UPDATE inputs SET summary = coalesce(?1, summary), presenter_id = coalesce(?2, presenter_id), state = coalesce(?3, state) WHERE id = ?4",
            params![change.summary, change.presenter_id, change.state, input],
        )?;
        match nothing {
            Some("") => w.execute("UPDATE inputs SET nothing_to_report = 0, nothing_reason = NULL WHERE id = ?1", [input])?,
            Some(reason) => w.execute("UPDATE inputs SET nothing_to_report = 1, nothing_reason = ?1 WHERE id = ?2", params![reason, input])?,
            None => 0,
        };
        if let Some(reason) = no_change {
            w.execute("UPDATE inputs SET no_change_reason = ?1 WHERE id = ?2", params![(!reason.is_empty()).then_some(reason), input])?;
        }
        let before = serde_json::json!({"summary": before.0, "presenterId": before.1, "state": before.2, "nothingToReport": before.3, "nothingReason": before.4});
        let after = serde_json::json!({"summary": change.summary, "presenterId": change.presenter_id, "state": change.state, "nothingToReport": nothing, "noChange": no_change});
        w.audit("input", &format!("{reference}/{code}"), "update", Some(&before), Some(&after))
    })
}

/// Adds a KPI to an input, or replaces the one of the same name.
pub fn set_kpi(store: &mut Store, actor: &Actor, reference: &str, code: &str, kpi: &NewKpi) -> Result<()> {
    let review = editable(store.conn(), reference)?;
    let input = input_id(store.conn(), review.id, reference, code)?;
    let kpi = &NewKpi { name: crate::text::line("KPI's name", &kpi.name)?, unit: crate::text::line("KPI's unit", &kpi.unit)?, ..kpi.clone() };
    let name = kpi.name.as_str();
    if name.is_empty() {
        return Err(Error::invalid("a KPI needs a name"));
    }
    if !kpi.value.is_finite() || kpi.target.is_some_and(|t| !t.is_finite()) {
        return Err(Error::invalid("a KPI's value and target are numbers"));
    }
    store.write(actor, |w| {
        let existing: Option<i64> = w.query_row("SELECT id FROM kpis WHERE input_id = ?1 AND name = ?2", params![input, name], |row| row.get(0)).optional()?;
        match existing {
            Some(id) => w.execute("UPDATE kpis SET value = ?1, target = ?2, unit = ?3, better = ?4 WHERE id = ?5", params![kpi.value, kpi.target, kpi.unit.trim(), kpi.better, id])?,
            None => w.execute(
                "INSERT INTO kpis (input_id, position, name, value, target, unit, better)
                 VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM kpis WHERE input_id = ?1), ?2, ?3, ?4, ?5, ?6)",
                params![input, name, kpi.value, kpi.target, kpi.unit.trim(), kpi.better],
            )?,
        };
        w.audit("kpi", &format!("{reference}/{code}/{name}"), if existing.is_some() { "update" } else { "create" }, None, Some(&serde_json::to_value(kpi)?))
    })
}

pub fn remove_kpi(store: &mut Store, actor: &Actor, reference: &str, code: &str, name: &str) -> Result<()> {
    let review = editable(store.conn(), reference)?;
    let input = input_id(store.conn(), review.id, reference, code)?;
    store.write(actor, |w| {
        if w.execute("DELETE FROM kpis WHERE input_id = ?1 AND name = ?2", params![input, name.trim()])? == 0 {
            return Err(Error::NotFound { what: format!("KPI {name:?} on input {code} of {reference}"), hint: String::new() });
        }
        w.audit("kpi", &format!("{reference}/{code}/{name}"), "delete", None, None)
    })
}

/// How a KPI moved since the previous value; within a hundredth counts as unchanged.
pub fn trend(value: f64, previous: Option<f64>, better: Better) -> Trend {
    let Some(previous) = previous else { return Trend::New };
    let delta = value - previous;
    if delta.abs() < 0.01 {
        Trend::Unchanged
    } else if (delta > 0.0) == (better == Better::Higher) {
        Trend::Improving
    } else {
        Trend::Worsening
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trend_follows_the_good_direction() {
        assert_eq!(trend(95.0, Some(90.0), Better::Higher), Trend::Improving);
        assert_eq!(trend(95.0, Some(90.0), Better::Lower), Trend::Worsening);
        assert_eq!(trend(3.0, Some(5.0), Better::Lower), Trend::Improving);
        assert_eq!(trend(5.0, Some(5.001), Better::Lower), Trend::Unchanged);
        assert_eq!(trend(5.0, None, Better::Lower), Trend::New);
    }
}
