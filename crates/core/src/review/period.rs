//! The period a review covers: by default from the day after the previous review of the
//! same scope (an ad hoc review counts) to this review's meeting, so consecutive reviews
//! cover the calendar without gaps or overlaps; the user may set it otherwise, with the
//! reason. The first review covers one planned interval before its meeting.

use chrono::{Duration, Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::record::meeting_day;
use super::{editable, Review};
use crate::error::{Error, Result};
use crate::store::{Actor, Store};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Period {
    /// First day covered (ISO date).
    pub from: String,
    /// Last day covered (ISO date).
    pub to: String,
    /// Why the period is not the default one, when the user set it.
    pub reason: Option<String>,
    /// The previous review of the same scope, whose period this one follows.
    pub follows: Option<String>,
    /// The last day the previous review of the same scope covered: the day before `from`
    /// unless there is a gap or an overlap.
    pub previous_to: Option<String>,
}

impl Period {
    pub fn text(&self) -> String {
        let basis = match (&self.reason, &self.follows) {
            (Some(reason), _) => format!("set by the ISMS lead: {reason}"),
            (None, Some(previous)) => format!("since the previous review of this scope, {previous}"),
            (None, None) => "the first review: one planned interval before the meeting".to_owned(),
        };
        format!("{} to {} ({basis})", self.from, self.to)
    }
}

/// A review's stored period, if the user set one: (from, to, reason).
fn stored(conn: &Connection, review_id: i64) -> Result<Option<(String, String, String)>> {
    let row: (Option<String>, Option<String>, Option<String>) =
        conn.query_row("SELECT period_from, period_to, period_reason FROM reviews WHERE id = ?1", [review_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(match row {
        (Some(from), Some(to), Some(reason)) => Some((from, to, reason)),
        _ => None,
    })
}

/// The period of `review`: its own if set, else the default.
pub fn of(conn: &Connection, review: &Review, cadence_months: u32) -> Result<Period> {
    let day = meeting_day(review);
    let scopes: &[&str] = match review.scope.as_str() {
        "iso27001" => &["iso27001", "both"],
        "soc2" => &["soc2", "both"],
        _ => &["iso27001", "soc2", "both"],
    };
    let placeholders = scopes.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ");
    let previous: Option<(String, String, Option<String>, Option<String>)> = conn
        .query_row(
            &format!(
                "SELECT reference, starts_at, held_on, period_to FROM reviews
                 WHERE starts_at < ?1 AND status <> 'cancelled' AND id <> ?2 AND scope IN ({placeholders}) ORDER BY starts_at DESC LIMIT 1"
            ),
            params![review.starts_at, review.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let previous_to = previous.as_ref().and_then(|(_, starts_at, held_on, period_to)| {
        period_to.as_deref().or(held_on.as_deref()).or(starts_at.get(..10)).and_then(|d| d.parse::<NaiveDate>().ok())
    });
    let follows = previous.map(|(reference, ..)| reference);
    let (from, to, reason) = match stored(conn, review.id)? {
        Some((from, to, reason)) => (from, to, Some(reason)),
        None => {
            let from = match previous_to {
                Some(previous) => previous + Duration::days(1),
                None => day.checked_sub_months(Months::new(cadence_months.clamp(1, 12))).unwrap_or(day) + Duration::days(1),
            };
            (from.to_string(), day.to_string(), None)
        }
    };
    Ok(Period { from, to, reason, follows, previous_to: previous_to.map(|d| d.to_string()) })
}

/// Sets the period a review covers, with the reason it differs from the default; `None`
/// returns to the default.
pub fn set(store: &mut Store, actor: &Actor, reference: &str, period: Option<(NaiveDate, NaiveDate, &str)>) -> Result<()> {
    let review = editable(store.conn(), reference)?;
    let after = match period {
        Some((from, to, reason)) => {
            if to < from {
                return Err(Error::invalid(format!("the period ends ({to}) before it starts ({from}): give the first day, then the last")));
            }
            let reason = crate::text::lines("reason for the period", reason)?;
            if reason.is_empty() {
                return Err(Error::invalid("a period other than the default needs its reason (--reason): an auditor asks why reviews do not follow on"));
            }
            Some((from.to_string(), to.to_string(), reason))
        }
        None => None,
    };
    let before = stored(store.conn(), review.id)?;
    store.write(actor, |w| {
        w.execute(
            "UPDATE reviews SET period_from = ?1, period_to = ?2, period_reason = ?3 WHERE id = ?4",
            params![after.as_ref().map(|p| &p.0), after.as_ref().map(|p| &p.1), after.as_ref().map(|p| &p.2), review.id],
        )?;
        let json = |p: &Option<(String, String, String)>| p.as_ref().map(|(from, to, reason)| serde_json::json!({"from": from, "to": to, "reason": reason}));
        w.audit("review_period", reference, "set", json(&before).as_ref(), json(&after).as_ref())
    })
}
