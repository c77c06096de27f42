//! The register's history must not contradict itself. `quorum verify-store` runs these
//! rules; each violation names the action and the rule it breaks.
//!
//! - `target-date-history`: the target date in force is the last revision's new date (the
//!   original when there is none); each revision starts from the date before it and gives a reason.
//! - `status-history`: the status is the last one in the status history.
//! - `closure-once`: a closed action has exactly one accepted verification and one move to
//!   Closed, at the same instant as its `closed_at`; an action that is not closed has neither.
//! - `escalation-path`: no person holds two levels of one action, and the action's level is
//!   the highest level recorded.
//!
//! Four statements, whatever the size of the register.

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    pub action: String,
    pub rule: &'static str,
    pub detail: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.action, self.rule, self.detail)
    }
}

/// Runs `sql` (the action's reference first) and keeps what `judge` finds wrong in a row.
fn collect(conn: &Connection, sql: &str, judge: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<Option<(&'static str, String)>>, out: &mut Vec<Violation>) -> Result<()> {
    let mut statement = conn.prepare(sql)?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        if let Some((rule, detail)) = judge(row)? {
            out.push(Violation { action: row.get(0)?, rule, detail });
        }
    }
    Ok(())
}

const TARGET: &str = "target-date-history";
const CLOSURE: &str = "closure-once";

/// Every violation of the rules above, ordered by action.
pub fn check(conn: &Connection) -> Result<Vec<Violation>> {
    let mut out = Vec::new();
    collect(
        conn,
        "SELECT a.reference, a.target_on, coalesce((SELECT r.new_on FROM action_date_revisions r WHERE r.action_id = a.id ORDER BY r.at DESC, r.id DESC LIMIT 1), a.original_target_on) AS expected
         FROM actions a WHERE a.target_on IS NOT expected",
        |r| Ok(Some((TARGET, format!("the target date is {} but its history gives {} (every change of target date needs a revision with its reason)", r.get::<_, Option<String>>(1)?.unwrap_or_default(), r.get::<_, Option<String>>(2)?.unwrap_or_default())))),
        &mut out,
    )?;
    collect(
        conn,
        "SELECT a.reference, r.previous_on, r.new_on, trim(r.reason) = '',
            coalesce((SELECT p.new_on FROM action_date_revisions p WHERE p.action_id = r.action_id AND (p.at < r.at OR (p.at = r.at AND p.id < r.id)) ORDER BY p.at DESC, p.id DESC LIMIT 1), a.original_target_on) AS before
         FROM action_date_revisions r JOIN actions a ON a.id = r.action_id",
        |r| {
            let (previous, new, no_reason, before): (String, String, bool, Option<String>) = (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            Ok(if no_reason {
                Some((TARGET, format!("the revision from {previous} to {new} has no reason")))
            } else if before.as_deref() != Some(previous.as_str()) {
                Some((TARGET, format!("the revision from {previous} to {new} does not start from the date then in force ({})", before.unwrap_or_default())))
            } else {
                None
            })
        },
        &mut out,
    )?;
    collect(
        conn,
        "SELECT a.reference, a.status, a.closed_at,
            (SELECT h.to_status FROM action_status_history h WHERE h.action_id = a.id ORDER BY h.at DESC, h.id DESC LIMIT 1),
            (SELECT count(*) FROM verifications v WHERE v.action_id = a.id AND v.outcome = 'accepted'),
            (SELECT max(v.at) FROM verifications v WHERE v.action_id = a.id AND v.outcome = 'accepted'),
            (SELECT count(*) FROM action_status_history h WHERE h.action_id = a.id AND h.to_status = 'closed'),
            (SELECT max(h.at) FROM action_status_history h WHERE h.action_id = a.id AND h.to_status = 'closed')
         FROM actions a",
        |r| {
            let (status, closed_at, last, accepted, accepted_at, closures, closed_in_history): (String, Option<String>, Option<String>, i64, Option<String>, i64, Option<String>) =
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?);
            if last.as_deref() != Some(status.as_str()) {
                return Ok(Some(("status-history", format!("the status is {status} but the last status recorded is {}", last.as_deref().unwrap_or("none")))));
            }
            Ok(if status == "closed" {
                if accepted != 1 || closures != 1 {
                    Some((CLOSURE, format!("closed with {accepted} accepted verifications and {closures} moves to closed; there must be exactly one of each")))
                } else if closed_at != accepted_at || closed_at != closed_in_history {
                    Some((
                        CLOSURE,
                        format!(
                            "closed at {} but the verifier accepted it at {} and the history closes it at {}: closure is one instant, the verifier's acceptance",
                            closed_at.unwrap_or_default(),
                            accepted_at.unwrap_or_default(),
                            closed_in_history.unwrap_or_default()
                        ),
                    ))
                } else {
                    None
                }
            } else if accepted > 0 || closures > 0 || closed_at.is_some() {
                Some((CLOSURE, format!("{status}, yet it has {accepted} accepted verifications, {closures} moves to closed and closedAt {}", closed_at.unwrap_or_else(|| "empty".into()))))
            } else {
                None
            })
        },
        &mut out,
    )?;
    collect(
        conn,
        "SELECT a.reference, a.escalation_level, coalesce((SELECT max(e.level) FROM escalations e WHERE e.action_id = a.id), 0),
            (SELECT group_concat(p.name || ' holds levels ' || x.levels, '; ') FROM
                (SELECT e.person_id, group_concat(e.level, ' and ') AS levels FROM escalations e WHERE e.action_id = a.id GROUP BY e.person_id HAVING count(*) > 1) x
                JOIN people p ON p.id = x.person_id)
         FROM actions a",
        |r| {
            let (level, max, doubled): (i64, i64, Option<String>) = (r.get(1)?, r.get(2)?, r.get(3)?);
            Ok(match doubled {
                Some(doubled) => Some(("escalation-path", format!("{doubled}: an escalation went to someone who already held a lower level of this action"))),
                None if level != max => Some(("escalation-path", format!("the action is at level {level} but its escalations reach level {max}"))),
                None => None,
            })
        },
        &mut out,
    )?;
    out.sort_by(|a, b| a.action.cmp(&b.action).then(a.rule.cmp(b.rule)));
    Ok(out)
}
