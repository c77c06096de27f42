//! The review's conclusion (ISO/IEC 27001:2022 9.3.1): top management's judgement of
//! whether the ISMS is still suitable, adequate and effective, each with its rationale.
//! It is what the review exists to reach, so the minutes are not approved without it.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{editable, Status};
use crate::error::{Error, Result};
use crate::store::{Actor, Store};

text_enum!(
    /// One of the three verdicts: yes, yes once the decided changes are made, or no.
    Verdict, "verdict" { Yes = "yes", YesWithChanges = "yes_with_changes", No = "no" }
);

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Yes => "Yes",
            Verdict::YesWithChanges => "Yes, with the changes decided",
            Verdict::No => "No",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Judgement {
    pub verdict: Verdict,
    pub rationale: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Conclusion {
    /// Does the ISMS still fit the organisation and its context?
    pub suitable: Judgement,
    /// Is it sufficient for the requirements and the risks?
    pub adequate: Judgement,
    /// Does it achieve its intended results?
    pub effective: Judgement,
    pub recorded_at: String,
    pub recorded_by: String,
}

impl Conclusion {
    /// The three questions in the order the clause asks them, with their labels.
    pub fn judgements(&self) -> [(&'static str, &Judgement); 3] {
        [("Suitable", &self.suitable), ("Adequate", &self.adequate), ("Effective", &self.effective)]
    }
}

/// What the user records; every verdict needs its rationale.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct SetConclusion {
    pub suitable: Judgement,
    pub adequate: Judgement,
    pub effective: Judgement,
}

pub fn get(conn: &Connection, review_id: i64) -> Result<Option<Conclusion>> {
    let conclusion = conn
        .query_row(
            "SELECT suitable, suitable_rationale, adequate, adequate_rationale, effective, effective_rationale, recorded_at, recorded_by FROM review_conclusions WHERE review_id = ?1",
            [review_id],
            |row| {
                let verdict = |i: usize| -> rusqlite::Result<Verdict> {
                    row.get::<_, String>(i)?.parse().map_err(|e: Error| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
                };
                Ok(Conclusion {
                    suitable: Judgement { verdict: verdict(0)?, rationale: row.get(1)? },
                    adequate: Judgement { verdict: verdict(2)?, rationale: row.get(3)? },
                    effective: Judgement { verdict: verdict(4)?, rationale: row.get(5)? },
                    recorded_at: row.get(6)?,
                    recorded_by: row.get(7)?,
                })
            },
        )
        .optional()?;
    Ok(conclusion)
}

/// Records (or replaces) the conclusion of a review that has been held and whose minutes
/// are not approved yet.
pub fn set(store: &mut Store, actor: &Actor, reference: &str, new: &SetConclusion) -> Result<Conclusion> {
    let review = editable(store.conn(), reference)?;
    if review.status.parse::<Status>()? < Status::Held {
        return Err(Error::Conflict(format!(
            "review {reference} has not been held yet: top management reaches its conclusion at the meeting (`quorum review transition {reference} held` first)"
        )));
    }
    let checked = |name: &str, j: &Judgement| -> Result<Judgement> {
        let rationale = crate::text::lines(&format!("rationale for {name}"), &j.rationale)?;
        if rationale.is_empty() {
            return Err(Error::invalid(format!("the verdict on whether the ISMS is {name} needs its rationale: say what top management based it on (--{name}-why)")));
        }
        Ok(Judgement { verdict: j.verdict, rationale })
    };
    let conclusion = Conclusion {
        suitable: checked("suitable", &new.suitable)?,
        adequate: checked("adequate", &new.adequate)?,
        effective: checked("effective", &new.effective)?,
        recorded_at: actor.now.to_rfc3339(),
        recorded_by: actor.name.clone(),
    };
    let before = get(store.conn(), review.id)?;
    store.write(actor, |w| {
        w.execute(
            "INSERT INTO review_conclusions (review_id, suitable, suitable_rationale, adequate, adequate_rationale, effective, effective_rationale, recorded_at, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (review_id) DO UPDATE SET suitable = excluded.suitable, suitable_rationale = excluded.suitable_rationale, adequate = excluded.adequate,
               adequate_rationale = excluded.adequate_rationale, effective = excluded.effective, effective_rationale = excluded.effective_rationale,
               recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by",
            params![
                review.id,
                conclusion.suitable.verdict,
                conclusion.suitable.rationale,
                conclusion.adequate.verdict,
                conclusion.adequate.rationale,
                conclusion.effective.verdict,
                conclusion.effective.rationale,
                conclusion.recorded_at,
                conclusion.recorded_by
            ],
        )?;
        w.audit("conclusion", reference, if before.is_some() { "update" } else { "create" }, before.as_ref().map(serde_json::to_value).transpose()?.as_ref(), Some(&serde_json::to_value(&conclusion)?))
    })?;
    Ok(conclusion)
}

/// The approval gate: minutes without the conclusion do not evidence 9.3.1.
pub(crate) fn required_before_approval(conn: &Connection, review_id: i64, reference: &str) -> Result<()> {
    if get(conn, review_id)?.is_none() {
        return Err(Error::Conflict(format!(
            "the minutes of {reference} have no conclusion on the ISMS (9.3.1): record whether it is still suitable, adequate and effective, with the rationale, before approval (`quorum review conclude {reference}`)"
        )));
    }
    Ok(())
}
