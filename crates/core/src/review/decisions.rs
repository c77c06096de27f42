//! The results of a review (clause 9.3.3 and the procedure's output areas): decisions,
//! each answering inputs and possibly raising actions, and an explicit "none, because…"
//! for an area with no decision.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::{editable, inputs::input_id};
use crate::error::{Error, Result};
use crate::store::{Actor, Store};

text_enum!(
    /// The output areas of a review; every one needs a decision or an explicit "none".
    Area, "decision area" {
        ContinualImprovement = "continual_improvement",
        IsmsChange = "isms_change",
        Resources = "resources",
        RiskTreatment = "risk_treatment",
        ObjectivesKpis = "objectives_kpis",
        CorrectivePreventive = "corrective_preventive",
        PolicyDocument = "policy_document",
        ApprovedException = "approved_exception",
    }
);

impl Area {
    pub fn title(self) -> &'static str {
        match self {
            Area::ContinualImprovement => "Continual improvement opportunities",
            Area::IsmsChange => "Changes to the ISMS",
            Area::Resources => "Resource allocation",
            Area::RiskTreatment => "Risk treatment adjustments",
            Area::ObjectivesKpis => "Objectives and KPIs",
            Area::CorrectivePreventive => "Corrective and preventive actions",
            Area::PolicyDocument => "Policy and document updates",
            Area::ApprovedException => "Approved exceptions",
        }
    }

    /// Where the area comes from: clause 9.3.3 names the first two, the procedure the rest.
    pub fn source(self) -> &'static str {
        match self {
            Area::ContinualImprovement | Area::IsmsChange => "ISO/IEC 27001:2022 9.3.3",
            _ => "Procedure: outputs of the review",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, optional_fields))]
pub struct NewDecision {
    pub area: Option<Area>,
    pub text: String,
    pub rationale: Option<String>,
    /// Input codes the decision answers.
    pub inputs: Vec<String>,
    /// Approved exceptions only: why, and when the exception is looked at again.
    pub justification: Option<String>,
    pub exception_review_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Decision {
    pub id: i64,
    pub area: Area,
    pub text: String,
    pub rationale: Option<String>,
    pub justification: Option<String>,
    pub exception_review_on: Option<String>,
    pub inputs: Vec<String>,
    /// References of the actions the decision raised.
    pub actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct AreaNone {
    pub area: Area,
    pub reason: String,
}

pub fn add(store: &mut Store, actor: &Actor, reference: &str, new: &NewDecision) -> Result<Decision> {
    let review = editable(store.conn(), reference)?;
    let new = &NewDecision {
        text: crate::text::lines("decision's text", &new.text)?,
        rationale: crate::text::optional_lines("rationale", new.rationale.as_deref())?,
        justification: crate::text::optional_lines("justification", new.justification.as_deref())?,
        ..new.clone()
    };
    let area = new.area.ok_or_else(|| Error::invalid(format!("a decision needs its area: one of {}", Area::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", "))))?;
    if new.text.trim().is_empty() {
        return Err(Error::invalid("a decision needs its text: what was decided"));
    }
    if area == Area::ApprovedException && (new.justification.as_deref().is_none_or(|j| j.trim().is_empty()) || new.exception_review_on.is_none()) {
        return Err(Error::invalid("an approved exception needs its justification and the date it is reviewed again: pass --justification and --review-on"));
    }
    for code in &new.inputs {
        input_id(store.conn(), review.id, reference, code)?;
    }
    let id = store.write(actor, |w| {
        w.execute(
            "INSERT INTO decisions (review_id, area, text, rationale, justification, exception_review_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                review.id,
                area,
                new.text.trim(),
                new.rationale.as_deref().map(str::trim).filter(|r| !r.is_empty()),
                new.justification.as_deref().map(str::trim),
                new.exception_review_on.map(|d| d.to_string()),
                w.actor().now.to_rfc3339()
            ],
        )?;
        let id = w.last_insert_rowid();
        for code in &new.inputs {
            w.execute("INSERT OR IGNORE INTO decision_inputs (decision_id, input_code) VALUES (?1, ?2)", params![id, code.trim().to_ascii_lowercase()])?;
        }
        // Deciding in an area replaces an earlier "none" for it.
        w.execute("DELETE FROM result_area_none WHERE review_id = ?1 AND area = ?2", params![review.id, area])?;
        w.audit("decision", &id.to_string(), "create", None, Some(&serde_json::json!({"review": reference, "area": area, "text": new.text.trim(), "inputs": new.inputs})))?;
        Ok(id)
    })?;
    list(store.conn(), review.id)?.into_iter().find(|d| d.id == id).ok_or_else(|| Error::not_found(format!("decision {id}")))
}

/// Records that an area needs no decision in this review, and why.
pub fn none(store: &mut Store, actor: &Actor, reference: &str, area: Area, reason: &str) -> Result<()> {
    let review = editable(store.conn(), reference)?;
    let reason = &crate::text::lines("reason", reason)?;
    if reason.is_empty() {
        return Err(Error::invalid("\"no decision\" needs its reason: pass --reason"));
    }
    let decided: bool = store.conn().query_row("SELECT count(*) > 0 FROM decisions WHERE review_id = ?1 AND area = ?2", params![review.id, area], |row| row.get(0))?;
    if decided {
        return Err(Error::Conflict(format!("{reference} already has a decision on {}; remove it first to record \"none\"", area.title().to_lowercase())));
    }
    store.write(actor, |w| {
        w.execute(
            "INSERT INTO result_area_none (review_id, area, reason) VALUES (?1, ?2, ?3) ON CONFLICT (review_id, area) DO UPDATE SET reason = excluded.reason",
            params![review.id, area, reason.trim()],
        )?;
        w.audit("result_area_none", &format!("{reference}/{area}"), "set", None, Some(&serde_json::json!({"reason": reason.trim()})))
    })
}

/// Removes a decision that raised no action (an action keeps its source).
pub fn remove(store: &mut Store, actor: &Actor, reference: &str, id: i64) -> Result<()> {
    let review = editable(store.conn(), reference)?;
    let decision = list(store.conn(), review.id)?.into_iter().find(|d| d.id == id).ok_or_else(|| Error::NotFound { what: format!("decision {id} of {reference}"), hint: String::new() })?;
    if !decision.actions.is_empty() {
        return Err(Error::Conflict(format!("decision {id} raised {}; it stays as their source", decision.actions.join(", "))));
    }
    store.write(actor, |w| {
        w.execute("DELETE FROM decision_inputs WHERE decision_id = ?1", [id])?;
        w.execute("DELETE FROM decisions WHERE id = ?1", [id])?;
        w.audit("decision", &id.to_string(), "delete", Some(&serde_json::to_value(&decision)?), None)
    })
}

pub fn list(conn: &Connection, review_id: i64) -> Result<Vec<Decision>> {
    let mut statement = conn.prepare("SELECT id, area, text, rationale, justification, exception_review_on FROM decisions WHERE review_id = ?1 ORDER BY id")?;
    let mut decisions = statement
        .query_map([review_id], |row| {
            Ok(Decision {
                id: row.get(0)?,
                area: row.get(1)?,
                text: row.get(2)?,
                rationale: row.get(3)?,
                justification: row.get(4)?,
                exception_review_on: row.get(5)?,
                inputs: Vec::new(),
                actions: Vec::new(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut inputs = conn.prepare("SELECT input_code FROM decision_inputs WHERE decision_id = ?1 ORDER BY input_code")?;
    let mut actions = conn.prepare("SELECT reference FROM actions WHERE decision_id = ?1 ORDER BY id")?;
    for decision in &mut decisions {
        decision.inputs = inputs.query_map([decision.id], |row| row.get(0))?.collect::<Result<_, _>>()?;
        decision.actions = actions.query_map([decision.id], |row| row.get(0))?.collect::<Result<_, _>>()?;
    }
    Ok(decisions)
}

pub fn nones(conn: &Connection, review_id: i64) -> Result<Vec<AreaNone>> {
    let mut statement = conn.prepare("SELECT area, reason FROM result_area_none WHERE review_id = ?1")?;
    let mut nones = statement.query_map([review_id], |row| Ok(AreaNone { area: row.get(0)?, reason: row.get(1)? }))?.collect::<Result<Vec<_>, _>>()?;
    nones.sort_by_key(|n| n.area);
    Ok(nones)
}
