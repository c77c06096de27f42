//! Retention: the records of a review are kept for the organisation's retention period
//! (at least three years, and the period can only grow), counted from the day the review
//! was held (or planned, if it never was).

use chrono::{Months, NaiveDate};
use rusqlite::OptionalExtension;

use super::{Actor, Store};
use crate::error::{Error, Result};

/// The shortest retention period Quorum accepts, in years (ISO 27001 practice and the
/// procedure's record-keeping rule).
pub const MINIMUM_YEARS: u32 = 3;

/// The tables that hold a review's records, children first, each with the condition that
/// selects that review's rows (`?1` is the review's id).
const REVIEW_RECORDS: &[(&str, &str)] = &[
    ("evidence", "review_id = ?1 OR input_id IN (SELECT id FROM inputs WHERE review_id = ?1) OR action_id IN (SELECT id FROM actions WHERE review_id = ?1)"),
    ("action_status_history", "action_id IN (SELECT id FROM actions WHERE review_id = ?1)"),
    ("action_notes", "action_id IN (SELECT id FROM actions WHERE review_id = ?1)"),
    ("action_date_revisions", "action_id IN (SELECT id FROM actions WHERE review_id = ?1)"),
    ("verifications", "action_id IN (SELECT id FROM actions WHERE review_id = ?1)"),
    ("escalations", "action_id IN (SELECT id FROM actions WHERE review_id = ?1)"),
    ("actions", "review_id = ?1"),
    ("kpis", "input_id IN (SELECT id FROM inputs WHERE review_id = ?1)"),
    ("decision_inputs", "decision_id IN (SELECT id FROM decisions WHERE review_id = ?1)"),
    ("decisions", "review_id = ?1"),
    ("result_area_none", "review_id = ?1"),
    ("review_conclusions", "review_id = ?1"),
    ("inputs", "review_id = ?1"),
    ("agenda_item_inputs", "agenda_item_id IN (SELECT id FROM agenda_items WHERE review_id = ?1)"),
    ("agenda_items", "review_id = ?1"),
    ("invitees", "review_id = ?1"),
    ("objective_results", "review_id = ?1"),
    ("approvals", "revision_id IN (SELECT id FROM minutes_revisions WHERE review_id = ?1)"),
    ("document_control", "review_id = ?1"),
    ("review_transitions", "review_id = ?1"),
];

impl Store {
    pub fn retention_years(&self) -> Result<u32> {
        Ok(self.conn().query_row("SELECT retention_years FROM organisation WHERE id = 1", [], |row| row.get(0))?)
    }

    /// Lengthens the retention period; shortening it is refused.
    pub fn set_retention_years(&mut self, years: u32, actor: &Actor) -> Result<()> {
        let current = self.retention_years()?;
        if years < current {
            return Err(Error::invalid(format!(
                "the retention period can only grow: it is {current} years, so {years} is refused (records already promised to auditors stay kept)"
            )));
        }
        self.write(actor, |w| {
            w.execute("UPDATE organisation SET retention_years = ?1 WHERE id = 1", [years])?;
            w.audit("organisation", "1", "set_retention", Some(&serde_json::json!({"retention_years": current})), Some(&serde_json::json!({"retention_years": years})))
        })
    }

    /// The first day a review's records may be deleted.
    pub fn review_kept_until(&self, reference: &str) -> Result<NaiveDate> {
        let (held, starts): (Option<String>, String) = self
            .conn()
            .query_row("SELECT held_on, starts_at FROM reviews WHERE reference = ?1", [reference], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?
            .ok_or_else(|| Error::not_found(format!("review {reference}")))?;
        let basis_text = held.unwrap_or(starts);
        let basis = NaiveDate::parse_from_str(basis_text.get(..10).unwrap_or(&basis_text), "%Y-%m-%d")
            .map_err(|_| Error::invalid(format!("review {reference} has an unreadable date {basis_text:?}")))?;
        let years = self.retention_years()?;
        basis
            .checked_add_months(Months::new(years * 12))
            .ok_or_else(|| Error::invalid(format!("review {reference}'s retention date is out of range")))
    }

    /// Deletes a review and every record that belongs to it, once its retention period is
    /// over; before that the deletion is refused with the date it becomes possible.
    pub fn delete_review(&mut self, reference: &str, actor: &Actor) -> Result<()> {
        let until = self.review_kept_until(reference)?;
        if actor.today() < until {
            return Err(Error::Retention { what: format!("review {reference}"), until, years: self.retention_years()? });
        }
        self.write(actor, |w| {
            let (id, title): (i64, String) = w.query_row("SELECT id, title FROM reviews WHERE reference = ?1", [reference], |row| Ok((row.get(0)?, row.get(1)?)))?;
            let mut removed = serde_json::Map::new();
            // The approved minutes' triggers forbid deleting them, deliberately: retention
            // over, the trigger is lifted for this one transaction only.
            w.execute_batch("DROP TRIGGER approved_revision_is_kept")?;
            for (table, condition) in REVIEW_RECORDS.iter().chain([&("minutes_revisions", "review_id = ?1")]) {
                let count = w.execute(&format!("DELETE FROM {table} WHERE {condition}"), [id])?;
                if count > 0 {
                    removed.insert((*table).to_owned(), count.into());
                }
            }
            w.execute_batch(
                "CREATE TRIGGER approved_revision_is_kept BEFORE DELETE ON minutes_revisions WHEN OLD.status = 'approved'
                 BEGIN SELECT RAISE(ABORT, 'an approved revision of the minutes cannot be deleted'); END;",
            )?;
            w.execute("DELETE FROM reviews WHERE id = ?1", [id])?;
            w.audit("review", reference, "delete", Some(&serde_json::json!({"title": title, "records": removed})), None)
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::store::{NewStore, Secret};

    fn store_with_review(dir: &tempfile::TempDir, held_on: &str) -> Store {
        let actor = Actor::new("Ana", Utc.with_ymd_and_hms(2024, 1, 1, 9, 0, 0).unwrap());
        let mut store = Store::create(&dir.path().join("q.db"), &NewStore { organisation: "Acme".into(), time_zone: "UTC".into(), lead: None }, Secret::random_key().unwrap(), Some(&crate::keychain::MemoryKeychain::default()), &actor).unwrap();
        store
            .write(&actor, |w| {
                w.execute(
                    "INSERT INTO reviews (reference, title, kind, status, starts_at, time_zone, held_on, ical_uid, created_at) VALUES ('MR-2024-01', 'Q1', 'scheduled', 'approved', ?1, 'UTC', ?1, 'uid-1', ?1)",
                    [held_on],
                )?;
                let review: i64 = w.last_insert_rowid();
                w.execute("INSERT INTO inputs (review_id, code, summary) VALUES (?1, 'a', 'Actions reviewed')", [review])?;
                w.execute("INSERT INTO minutes_revisions (review_id, version, particulars, status, created_at) VALUES (?1, '1.0', 'First issue', 'approved', '2024-03-01')", [review])?;
                w.audit("review", "MR-2024-01", "create", None, None)
            })
            .unwrap();
        store
    }

    #[test]
    fn a_young_review_is_kept_and_the_refusal_names_the_date() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_with_review(&dir, "2024-03-01");
        let error = store.delete_review("MR-2024-01", &Actor::new("Ana", Utc.with_ymd_and_hms(2027, 2, 28, 9, 0, 0).unwrap())).unwrap_err();
        assert_eq!(error.kind(), "retention");
        assert!(error.to_string().contains("2027-03-01"), "{error}");
        let reviews: i64 = store.conn().query_row("SELECT count(*) FROM reviews", [], |r| r.get(0)).unwrap();
        assert_eq!(reviews, 1);
    }

    #[test]
    fn an_old_review_is_deleted_whole_and_the_deletion_audited() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_with_review(&dir, "2024-03-01");
        store.delete_review("MR-2024-01", &Actor::new("Ana", Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap())).unwrap();
        for table in ["reviews", "inputs", "minutes_revisions"] {
            let count: i64 = store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap();
            assert_eq!(count, 0, "{table}");
        }
        assert!(store.verify().unwrap().is_ok());
        let last: String = store.conn().query_row("SELECT action FROM audit_events ORDER BY id DESC LIMIT 1", [], |r| r.get(0)).unwrap();
        assert_eq!(last, "delete");
        // The protection of approved minutes is back in place.
        let triggers: i64 = store.conn().query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'approved_revision_is_kept'", [], |r| r.get(0)).unwrap();
        assert_eq!(triggers, 1);
    }

    #[test]
    fn retention_only_grows() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_with_review(&dir, "2024-03-01");
        let actor = Actor::new("Ana", Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap());
        assert_eq!(store.retention_years().unwrap(), MINIMUM_YEARS);
        assert_eq!(store.set_retention_years(2, &actor).unwrap_err().kind(), "invalid");
        store.set_retention_years(7, &actor).unwrap();
        assert_eq!(store.delete_review("MR-2024-01", &actor).unwrap_err().kind(), "retention");
    }
}
