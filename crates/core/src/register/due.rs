//! Overdue and stalled: the one definition, as of an instant, that the register list, the
//! metrics, the dashboard, escalation and every PDF use (through `derive` in this module's
//! parent), with the same rule as a SQL predicate for queries that filter in the database.
//!
//! - **Overdue**: Open or In Progress, and the instant's UTC day is after the target date.
//!   A Completed action awaits its verifier, not its owner: it is not overdue.
//! - **Stalled**: Open or In Progress, and no status change or progress note for
//!   `stalled_days` whole days up to the instant.

use chrono::{DateTime, NaiveDate, Utc};

use super::ActionStatus;

/// Days past the target date as of `at` (0 when not overdue).
pub fn days_overdue(status: ActionStatus, target_on: Option<NaiveDate>, at: DateTime<Utc>) -> i64 {
    let today = at.date_naive();
    match target_on {
        Some(target) if status.is_active() && today > target => (today - target).num_days(),
        _ => 0,
    }
}

pub fn is_stalled(status: ActionStatus, last_activity_at: DateTime<Utc>, at: DateTime<Utc>, stalled_days: i64) -> bool {
    status.is_active() && (at - last_activity_at).num_days() >= stalled_days
}

/// The overdue rule as a SQL predicate on `actions a`, with `?today` bound to the
/// instant's UTC day as `YYYY-MM-DD` (dates are stored as text, so they compare as days).
pub fn overdue_sql(today: &str) -> String {
    format!("(a.status IN ('open', 'in_progress') AND a.target_on IS NOT NULL AND a.target_on < {today})")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn overdue_starts_the_day_after_the_target_for_active_actions_only() {
        let target = NaiveDate::from_ymd_opt(2027, 3, 31);
        assert_eq!(days_overdue(ActionStatus::Open, target, at("2027-03-31T23:59:59Z")), 0);
        assert_eq!(days_overdue(ActionStatus::InProgress, target, at("2027-04-01T00:00:00Z")), 1);
        assert_eq!(days_overdue(ActionStatus::Completed, target, at("2027-05-01T00:00:00Z")), 0, "awaiting verification");
        assert_eq!(days_overdue(ActionStatus::Closed, target, at("2027-05-01T00:00:00Z")), 0);
        assert_eq!(days_overdue(ActionStatus::Open, None, at("2027-05-01T00:00:00Z")), 0);
    }

    #[test]
    fn stalled_after_whole_days_without_activity() {
        let last = at("2027-03-01T10:00:00Z");
        assert!(!is_stalled(ActionStatus::Open, last, at("2027-03-31T09:59:59Z"), 30));
        assert!(is_stalled(ActionStatus::Open, last, at("2027-03-31T10:00:00Z"), 30));
        assert!(!is_stalled(ActionStatus::Completed, last, at("2027-06-01T00:00:00Z"), 30));
    }

    /// The SQL predicate and the Rust rule agree on every status and boundary day.
    #[test]
    fn the_sql_predicate_agrees_with_the_rule() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE actions (status TEXT, target_on TEXT)").unwrap();
        let now = at("2027-04-01T08:00:00Z");
        for status in [ActionStatus::Open, ActionStatus::InProgress, ActionStatus::Completed, ActionStatus::Closed] {
            for target in [None, Some("2027-03-31"), Some("2027-04-01"), Some("2027-04-02")] {
                let sql = format!("SELECT {} FROM actions a", overdue_sql("?1"));
                conn.execute("DELETE FROM actions", []).unwrap();
                conn.execute("INSERT INTO actions VALUES (?1, ?2)", rusqlite::params![status.as_str(), target]).unwrap();
                let in_sql: bool = conn.query_row(&sql, [now.date_naive().to_string()], |r| r.get(0)).unwrap();
                let in_rust = days_overdue(status, target.map(|t| t.parse().unwrap()), now) > 0;
                assert_eq!(in_sql, in_rust, "{status:?} due {target:?}");
            }
        }
    }
}
