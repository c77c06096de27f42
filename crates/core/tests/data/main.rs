//! The demo organisation and the JSON export/import, on real stores in temporary folders.

mod demo;
mod fuzz;
mod transfer;

use chrono::{TimeZone, Utc};
use quorum_core::{Actor, NewStore, Secret, Store};

pub fn actor() -> Actor {
    Actor::new("Sarah Whitfield", Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap())
}

pub fn fresh_store(dir: &tempfile::TempDir, name: &str) -> Store {
    let new = NewStore { organisation: "Northwind Analytics Ltd".into(), time_zone: "Europe/London".into(), lead: None };
    Store::create(&dir.path().join(name), &new, Secret::passphrase("correct horse battery staple"), None, &actor()).unwrap()
}

pub fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |row| row.get(0)).unwrap()
}
