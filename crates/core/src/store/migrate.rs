//! Schema migrations: every pending step and the new `user_version` in one transaction,
//! so a failed step leaves the store exactly at its old version.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// Each step takes the store from the version before it to its own number. A step only adds
/// (tables, or columns with defaults) or reorders: JSON exports of older formats import as
/// they are.
const MIGRATIONS: &[(i64, &str)] = &[(1, include_str!("migrations/0001_domain.sql")), (2, include_str!("migrations/0002_approvers.sql")),
    (3, include_str!("migrations/0003_evidence_content_last.sql")),
    (4, include_str!("migrations/0004_indexes.sql")),
    (5, include_str!("migrations/0005_signing.sql")),
    (6, include_str!("migrations/0006_conclusion_period.sql")),
    (7, include_str!("migrations/0007_approve_anyway.sql")),
    (8, include_str!("migrations/0008_store_key.sql")),
    (9, include_str!("migrations/0009_action_search.sql")),
    (10, include_str!("migrations/0010_distribution_delegation.sql")),
    (11, include_str!("migrations/0011_registers.sql")),
    (12, include_str!("migrations/0012_retired_certificates.sql")),
    (13, include_str!("migrations/0013_auto_backup.sql")),
];

/// The store format this binary writes.
pub const LATEST: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// An existing store of an older format, which opening will migrate.
pub(crate) fn pending(conn: &Connection) -> Result<bool> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    Ok(current > 0 && current < LATEST)
}

pub(crate) fn run(conn: &mut Connection, path: &Path) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if current > LATEST {
        return Err(Error::TooNew { path: path.to_owned(), found: current, supported: LATEST });
    }
    if current == LATEST {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for (version, sql) in MIGRATIONS.iter().filter(|(version, _)| *version > current) {
        tx.execute_batch(sql).map_err(|e| Error::invalid(format!("store migration to format {version} failed: {e}")))?;
        tx.pragma_update(None, "user_version", version)?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_increase_by_one_from_one() {
        for (index, (version, _)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(*version, index as i64 + 1);
        }
    }

    #[test]
    fn format_3_keeps_every_evidence_file_and_puts_its_content_last() {
        let mut conn = Connection::open_in_memory().unwrap();
        for (version, sql) in &MIGRATIONS[..2] {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", version).unwrap();
        }
        conn.execute(
            "INSERT INTO evidence (file_name, media_type, size, sha256, content, added_at, added_by) VALUES ('a.pdf', 'application/pdf', 3, 'x', x'010203', '2027-01-01T00:00:00Z', 'Ana')",
            [],
        )
        .unwrap();
        run(&mut conn, Path::new("mem")).unwrap();
        let (content, added_by): (Vec<u8>, String) = conn.query_row("SELECT content, added_by FROM evidence", [], |row| Ok((row.get(0)?, row.get(1)?))).unwrap();
        assert_eq!((content, added_by.as_str()), (vec![1, 2, 3], "Ana"));
        let last: String = conn.query_row("SELECT name FROM pragma_table_info('evidence') ORDER BY cid DESC LIMIT 1", [], |row| row.get(0)).unwrap();
        assert_eq!(last, "content");
    }

    #[test]
    fn a_failing_step_leaves_the_old_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE organisation (x)").unwrap(); // makes step 1 fail
        let error = run(&mut conn, Path::new("mem")).unwrap_err();
        assert!(error.to_string().contains("migration to format 1"), "{error}");
        let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
        assert_eq!(version, 0);
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0)).unwrap();
        assert_eq!(tables, 1, "nothing of the failed step stays behind");
    }
}
