//! Salvage: every row that can still be read from a damaged store, copied into a new store
//! with the same key and salt (so whatever opened the damaged store opens the new one:
//! passphrase, keychain entry, recovery key), with a report of what was lost. The damaged
//! file is never written: it is copied beside the new store and the copy is read.

use std::path::Path;

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};

use super::{audit, file, map_path, migrate, Actor, KeySources, Secret, Store, APPLICATION_ID};
use crate::error::{Error, Result};

/// What salvage copied and what it could not read.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SalvageReport {
    pub tables: Vec<TableSalvage>,
    /// The audit chain of the new store: its first broken link is where events were lost.
    pub audit: audit::ChainReport,
    /// Rows copied whose parent row was lost.
    pub orphans: Vec<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableSalvage {
    pub table: String,
    pub rows_copied: u64,
    /// Row ids that could not be read (inclusive ranges), and SQLite's words for why.
    pub unreadable: Vec<(i64, i64)>,
    pub problem: Option<String>,
}

impl SalvageReport {
    pub fn lost_anything(&self) -> bool {
        self.tables.iter().any(|t| t.problem.is_some()) || !self.audit.is_intact() || !self.orphans.is_empty()
    }

    /// The report in words, a line each: every table's rows copied and lost, the audit chain,
    /// the rows whose parent was lost, and the verdict (the CLI and the window say the same).
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .tables
            .iter()
            .map(|table| {
                let mut line = format!("{:<24}{:>8} rows copied", table.table, table.rows_copied);
                if let Some(problem) = &table.problem {
                    let lost: Vec<String> = table.unreadable.iter().map(|(a, b)| if a == b { a.to_string() } else { format!("{a}-{b}") }).collect();
                    line.push_str(&format!("; LOST rows {} ({})", lost.join(", "), crate::text::for_terminal(problem)));
                }
                line
            })
            .collect();
        lines.push(format!("Audit chain: {}", self.audit.describe()));
        lines.extend(self.orphans.iter().cloned());
        lines.push(if self.lost_anything() { "Some records were lost: check them against a backup or the signed exports." } else { "Nothing was lost." }.to_owned());
        lines
    }
}

/// Copies every readable row of the store at `damaged` into a new store at `out`.
pub fn salvage(damaged: &Path, sources: &KeySources, out: &Path, actor: &Actor) -> Result<SalvageReport> {
    if out.exists() {
        return Err(Error::AlreadyExists { path: out.to_owned(), hint: ": salvage writes a new store".into() });
    }
    file::remove_stale(out, &file::temp_prefix(out, "salvage"), ".tmp");
    file::remove_stale(out, &file::temp_prefix(out, "salvaged"), ".tmp");
    let copy = file::temp_beside(out, "salvage");
    let tmp = file::temp_beside(out, "salvaged");
    let result = (|| -> Result<SalvageReport> {
        std::fs::copy(damaged, &copy).map_err(Error::io(damaged))?;
        let wal = file::sidecar_dash(damaged, "wal");
        if wal.exists() {
            std::fs::copy(&wal, file::sidecar_dash(&copy, "wal")).map_err(Error::io(&wal))?;
        }
        // A store whose damage reaches what opening reads (its key mode, say) is read with
        // the first key that reads its schema.
        let (source, secret, mode) = match Store::open(&copy, sources) {
            Ok(source) => {
                let secret = Secret::Raw { key: source.secret.page_key(&source.salt), salt: Some(source.salt) };
                let mode = source.key_mode();
                (Some(source), secret, mode)
            }
            Err(Error::Corrupt { .. }) => {
                let (secret, mode) = key_of_damaged(&copy, sources).map_err(|e| super::maintenance::rename_path(e, &copy, damaged))?;
                (None, secret, mode)
            }
            Err(e) => return Err(super::maintenance::rename_path(e, &copy, damaged)),
        };
        // SQLCipher refuses every later read on a connection that met a damaged page: each
        // failure goes on with a fresh one (the raw key: no key derivation each time).
        let reopen = || secret.open_keyed(&copy, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX);
        let mut reader = reopen()?;
        let mut tables = {
            let mut target = secret.open_keyed(&tmp, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)?;
            target.pragma_update(None, "application_id", APPLICATION_ID)?;
            migrate::run(&mut target, &tmp)?;
            target.pragma_update(None, "foreign_keys", "OFF")?;
            let tx = target.transaction()?;
            let mut tables = Vec::new();
            for table in table_names(&tx)? {
                tables.push(copy_table(&mut reader, &reopen, &tx, &table)?);
            }
            crate::register::query::rebuild_search(&tx)?;
            tx.execute("INSERT OR REPLACE INTO store_key (id, mode) VALUES (1, ?1)", [mode.as_str()])?;
            tx.commit()?;
            target.close().map_err(|(_, e)| Error::from(e))?;
            tables
        };
        drop(reader);
        drop(source);
        let mut store = Store::open_with(&tmp, &secret)?;
        let chain = audit::verify(store.conn())?;
        let orphans = {
            let mut statement = store.conn().prepare("PRAGMA foreign_key_check")?;
            let rows = statement
                .query_map([], |row| Ok(format!("{} row {} points at a lost row of {}", row.get::<_, String>(0)?, row.get::<_, i64>(1)?, row.get::<_, String>(2)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            rows
        };
        tables.retain(|t| t.rows_copied > 0 || t.problem.is_some());
        let report = SalvageReport { tables, audit: chain, orphans };
        store.write(actor, |w| w.audit("store", "1", "salvage", None, Some(&serde_json::json!({"from": damaged.display().to_string(), "report": report}))))?;
        store.close()?;
        Ok(report)
    })();
    file::remove_with_journals(&copy);
    match result {
        Ok(report) => {
            file::remove_companions(&tmp);
            file::place_without_clobber(&tmp, out)?;
            Ok(report)
        }
        Err(e) => {
            file::remove_with_journals(&tmp);
            Err(map_path(e, damaged))
        }
    }
}

/// The raw page key (with the file's salt) of the first source whose key reads the schema of
/// the store at `path`, and the key mode that source stands for.
fn key_of_damaged(path: &Path, sources: &KeySources) -> Result<(Secret, super::KeyMode)> {
    let salt = file::sniff(path)?.salt;
    let mut candidates: Vec<Secret> = [&sources.passphrase, &sources.recovery_key].into_iter().flatten().map(|(secret, _)| secret.clone()).collect();
    if let Some(keychain) = sources.keychain {
        for account in [super::key::keychain_account(&salt), super::key::pending_account(&salt)] {
            if let Some(hex_key) = keychain.get(&account)? {
                candidates.push(Secret::from_key_hex(&hex_key)?);
            }
        }
    }
    let secret = candidates.into_iter().find(|secret| super::unlock(path, secret).is_ok()).ok_or_else(|| Error::WrongKey { path: path.to_owned() })?;
    Ok((Secret::Raw { key: secret.page_key(&salt), salt: Some(salt) }, secret.mode()))
}

fn table_names(conn: &Connection) -> Result<Vec<String>> {
    let mut statement = conn.prepare(crate::store::RECORD_TABLES)?;
    let names = statement.query_map([], |row| row.get(0))?.collect::<Result<Vec<String>, _>>()?;
    Ok(names)
}

/// Copies the rows of `table` in rowid order. A read that fails skips ahead past the
/// damaged rows (doubling the step) until the table's last rowid, so rows after a damaged
/// page are still found; the skipped ids are reported. `reopen` gives a fresh connection to
/// the damaged file, for every read after a failure.
fn copy_table(source: &mut Connection, reopen: &dyn Fn() -> Result<Connection>, target: &Connection, table: &str) -> Result<TableSalvage> {
    let mut report = TableSalvage { table: table.to_owned(), rows_copied: 0, unreadable: Vec::new(), problem: None };
    let columns: Vec<String> = {
        let mut statement = target.prepare(&format!("SELECT name FROM pragma_table_info('{}')", table.replace('\'', "''")))?;
        let names = statement.query_map([], |row| row.get(0))?.collect::<Result<Vec<String>, _>>()?;
        names
    };
    let list = columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    let insert = format!("INSERT INTO \"{table}\" ({list}) VALUES ({})", (1..=columns.len()).map(|n| format!("?{n}")).collect::<Vec<_>>().join(", "));
    let last: Option<i64> = match source.query_row(&format!("SELECT max(rowid) FROM \"{table}\""), [], |row| row.get(0)) {
        Ok(last) => last,
        Err(e) => {
            report.problem = Some(format!("the table cannot be read at all: {e}"));
            *source = reopen()?;
            return Ok(report);
        }
    };
    let Some(last) = last else { return Ok(report) };
    let select = format!("SELECT rowid, {list} FROM \"{table}\" WHERE rowid >= ?1 ORDER BY rowid");
    // Whether the first row from `id` on reads whole, on a connection of its own.
    let readable = |id: i64| -> Result<bool> {
        Ok(reopen()?.query_row(&format!("{select} LIMIT 1"), [id], |row| (0..=columns.len()).try_for_each(|i| row.get::<_, Value>(i).map(drop))).is_ok())
    };
    let mut from = i64::MIN;
    let mut last_read: Option<i64> = None;
    loop {
        let read = (|| -> rusqlite::Result<()> {
            let mut statement = source.prepare(&select)?;
            let mut rows = statement.query([from])?;
            while let Some(row) = rows.next()? {
                let values = (1..=columns.len()).map(|i| row.get::<_, Value>(i)).collect::<rusqlite::Result<Vec<_>>>()?;
                let rowid: i64 = row.get(0)?;
                target.execute(&insert, rusqlite::params_from_iter(values))?;
                last_read = Some(rowid);
                report.rows_copied += 1;
            }
            Ok(())
        })();
        let Err(e) = read else { break };
        report.problem.get_or_insert_with(|| e.to_string());
        *source = reopen()?;
        // Skip the rows that cannot be read: probe ahead in doubling steps for a row that
        // reads, then back to the first such row, and go on from there.
        let start = last_read.map_or(from.max(1), |id| (id + 1).max(from));
        let (mut bad, mut step) = (start, 1i64);
        let good = loop {
            let probe = start.saturating_add(step);
            if probe > last {
                break None;
            }
            if readable(probe)? {
                break Some(probe);
            }
            bad = probe;
            step = step.saturating_mul(2);
        };
        let Some(mut good) = good else {
            report.unreadable.push((start, last));
            break;
        };
        while good - bad > 1 {
            let middle = bad + (good - bad) / 2;
            if readable(middle)? {
                good = middle;
            } else {
                bad = middle;
            }
        }
        report.unreadable.push((start, good - 1));
        from = good;
    }
    Ok(report)
}
