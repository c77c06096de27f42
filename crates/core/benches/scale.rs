//! Ten years of a busy organisation: `cargo bench -p quorum-core --bench scale -- DIR [RUNS] [YEARS]`.
//!
//! Builds in DIR (once; kept for the next run) `scale.db`, ten years through core's own
//! write paths (`quorum_core::scale`, `Size::large(10)`), with a signing identity and its
//! raw key in `scale.db.key`, and `plain.db`, the same store unencrypted. Then prints the
//! median of RUNS runs of each hot read, in process, on both, with the statements each ran,
//! and the figures for verify-store, JSON export and import, and backup.
//! `tests/bench/scale.sh` adds the whole-process timings of the CLI.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use quorum_core::keychain::MemoryKeychain;
use quorum_core::register::{self, ActionFilter, ActionQuery, ActionSort, Priority};
use quorum_core::review::{check, record};
use quorum_core::scale::{self, Size};
use quorum_core::{identity, overview, transfer, Actor, KeySources, NewStore, Secret, Store};
use rusqlite::Connection;

/// The instant the store ends at; `tests/bench/scale.sh` passes it to the CLI as QUORUM_NOW.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(runs: usize, mut run: impl FnMut()) -> Duration {
    run(); // warm the page cache
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

fn build(dir: &Path, years: u32) -> PathBuf {
    let path = dir.join("scale.db");
    if path.exists() {
        return path;
    }
    let actor = Actor::new("ISMS Lead", now());
    let new = NewStore { organisation: "Busy Ltd".into(), time_zone: "Europe/London".into(), lead: None };
    let started = Instant::now();
    let mut store = Store::create(&path.with_extension("building"), &new, Secret::random_key().unwrap(), Some(&MemoryKeychain::default()), &actor).unwrap();
    let built = scale::build(&mut store, &actor, Size::large(years), |done, total| eprint!("\rbuilding: {done} of {total} steps ")).unwrap();
    identity::create_self_signed(&mut store, &actor, None, false).unwrap();
    eprintln!();
    println!("built in {:.0} s: {built}", started.elapsed().as_secs_f64());
    let report = store.verify().unwrap();
    assert!(report.is_ok(), "the scale store fails verify-store: {report:?}");
    std::fs::write(dir.join("scale.db.key"), store.recovery_key().as_str()).unwrap();
    drop(store);
    std::fs::rename(path.with_extension("building"), &path).unwrap();
    path
}

/// The same store without encryption (SQLCipher's own export).
fn plain_copy(store: &Store, dir: &Path) -> PathBuf {
    let plain = dir.join("plain.db");
    if !plain.exists() {
        // ATTACH opens with the store's flags, which do not create files: start from an
        // empty file, which SQLite takes as a new database.
        std::fs::File::create(&plain).unwrap();
        let attach = format!("ATTACH DATABASE '{}' AS plain KEY ''; SELECT sqlcipher_export('plain'); DETACH DATABASE plain;", plain.display());
        store.conn().execute_batch(&attach).unwrap();
    }
    plain
}

struct Read {
    name: String,
    target_ms: Option<f64>,
    run: Box<dyn Fn(&Connection)>,
}

fn reads() -> Vec<Read> {
    let now = now();
    let mut reads: Vec<Read> = Vec::new();
    let mut add = |name: &str, target_ms: Option<f64>, run: Box<dyn Fn(&Connection)>| reads.push(Read { name: name.to_owned(), target_ms, run });
    add("dashboard", Some(20.0), Box::new(move |c: &Connection| drop(overview::dashboard(c, now).unwrap())));
    let pages: Vec<(&str, ActionFilter, ActionSort, bool)> = vec![
        ("register page 1, by target date", ActionFilter::default(), ActionSort::TargetDate, false),
        ("register page 1, by status", ActionFilter::default(), ActionSort::Status, false),
        ("register page 1, by owner desc", ActionFilter::default(), ActionSort::Owner, true),
        ("register page 1, by description", ActionFilter::default(), ActionSort::Description, false),
        ("register page 1, overdue", ActionFilter { overdue: Some(true), ..Default::default() }, ActionSort::TargetDate, false),
        ("register page 1, stalled", ActionFilter { stalled: Some(true), ..Default::default() }, ActionSort::Reference, false),
        ("register page 1, high, by priority", ActionFilter { priority: Some(Priority::High), ..Default::default() }, ActionSort::Priority, false),
        ("register page 1, search 'vpn restore'", ActionFilter { search: Some("vpn restore".into()), ..Default::default() }, ActionSort::Reference, false),
        ("register page 1, search 'person 123'", ActionFilter { search: Some("person 123".into()), ..Default::default() }, ActionSort::TargetDate, true),
    ];
    for (name, filter, sort, descending) in pages {
        let query = ActionQuery { filter, sort, descending, offset: 0, limit: Some(50) };
        add(name, Some(10.0), Box::new(move |c: &Connection| drop(register::page(c, &query, now).unwrap())));
    }
    let deep = ActionQuery { sort: ActionSort::TargetDate, offset: 19_000, limit: Some(50), ..Default::default() };
    add("register page 381 (from row 19,001), by target date", Some(10.0), Box::new(move |c: &Connection| drop(register::page(c, &deep, now).unwrap())));
    add("register choices (filter menus)", Some(10.0), Box::new(|c: &Connection| drop(overview::register_choices(c).unwrap())));
    add("one action with its history", Some(5.0), Box::new(move |c: &Connection| drop(register::show(c, &busiest_action(c), now).unwrap())));
    add("review record (latest held)", Some(30.0), Box::new(move |c: &Connection| drop(record::load(c, &latest_review(c), now).unwrap())));
    add("readiness check (latest held)", Some(30.0), Box::new(move |c: &Connection| drop(check::check(c, &latest_review(c), now).unwrap())));
    add("metrics (now and last 4 reviews)", Some(50.0), Box::new(move |c: &Connection| drop(register::metrics(c, now, 4).unwrap())));
    reads
}

fn latest_review(c: &Connection) -> String {
    c.query_row("SELECT reference FROM reviews WHERE held_on IS NOT NULL ORDER BY starts_at DESC LIMIT 1", [], |r| r.get(0)).unwrap()
}

fn busiest_action(c: &Connection) -> String {
    c.query_row("SELECT a.reference FROM actions a ORDER BY (SELECT count(*) FROM action_status_history h WHERE h.action_id = a.id) DESC, a.id LIMIT 1", [], |r| r.get(0)).unwrap()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let dir = PathBuf::from(args.first().cloned().unwrap_or_else(|| std::env::temp_dir().join("quorum-scale").display().to_string()));
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(15);
    let years: u32 = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(10);
    std::fs::create_dir_all(&dir).unwrap();
    let path = build(&dir, years);
    let key = std::fs::read_to_string(dir.join("scale.db.key")).unwrap();
    let sources = KeySources { passphrase: None, recovery_key: Some((Secret::from_recovery_key(&key).unwrap(), "scale.db.key".into())), keychain: None };
    let open = median(runs, || drop(Store::open(&path, &sources).unwrap()));
    let mut store = Store::open(&path, &sources).unwrap();
    let plain = Connection::open(plain_copy(&store, &dir)).unwrap();
    let open_plain = median(runs, || drop(Connection::open(dir.join("plain.db")).unwrap().query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)).unwrap()));
    let counts: (i64, i64, i64, i64) = store
        .conn()
        .query_row("SELECT (SELECT count(*) FROM reviews), (SELECT count(*) FROM actions), (SELECT count(*) FROM evidence), (SELECT count(*) FROM audit_events)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap();
    println!("store: {} reviews, {} actions, {} evidence files, {} audit events, {:.0} MB; median of {runs} runs", counts.0, counts.1, counts.2, counts.3, std::fs::metadata(&path).unwrap().len() as f64 / 1e6);
    println!("{:<50} {:>9} {:>9} {:>7} {:>8} {:>6}  {}", "read", "SQLCipher", "plain", "ratio", "target", "stmts", "");
    let row = |name: &str, enc: Duration, plain: Duration, target: Option<f64>, statements: Option<usize>| {
        let verdict = match target {
            Some(t) if ms(enc) <= t => "meets",
            Some(_) => "MISSES",
            None => "",
        };
        println!(
            "{name:<50} {:>6.2} ms {:>6.2} ms {:>6.2}x {:>8} {:>6}  {verdict}",
            ms(enc),
            ms(plain),
            ms(enc) / ms(plain).max(1e-6),
            target.map(|t| format!("≤{t} ms")).unwrap_or_default(),
            statements.map(|s| s.to_string()).unwrap_or_default()
        );
    };
    row("open with the raw key", open, open_plain, Some(50.0), None);
    for read in reads() {
        let (_, statements) = store.statements_run(|c| Ok((read.run)(c))).unwrap();
        let enc = median(runs, || (read.run)(store.conn()));
        let unencrypted = median(runs, || (read.run)(&plain));
        row(&read.name, enc, unencrypted, read.target_ms, Some(statements.len()));
    }
    let few = runs.min(3);
    let verify = median(few, || assert!(store.verify().unwrap().is_ok()));
    println!("{:<50} {:>6.0} ms", "verify-store", ms(verify));
    let json = dir.join("export.json");
    let export = median(few, || {
        let _ = std::fs::remove_file(&json);
        transfer::export_json_file(&store, &json, now()).unwrap();
    });
    println!("{:<50} {:>6.0} ms   {:.0} MB", "JSON export", ms(export), std::fs::metadata(&json).unwrap().len() as f64 / 1e6);
    let bytes = std::fs::read(&json).unwrap();
    let import = median(few, || {
        let target = dir.join("import.db");
        let _ = std::fs::remove_file(&target);
        let actor = Actor::new("ISMS Lead", now());
        let new = NewStore { organisation: "Busy Ltd".into(), time_zone: "Europe/London".into(), lead: None };
        let mut fresh = Store::create(&target, &new, Secret::random_key().unwrap(), Some(&MemoryKeychain::default()), &actor).unwrap();
        transfer::import_json(&mut fresh, &bytes, &actor).unwrap();
    });
    println!("{:<50} {:>6.0} ms", "JSON import (into a new store)", ms(import));
    let backup = median(few, || {
        let target = dir.join("backup.db");
        let _ = std::fs::remove_file(&target);
        store.backup_to(&target, |_, _| {}).unwrap();
    });
    println!("{:<50} {:>6.0} ms", "backup", ms(backup));
    std::fs::write(dir.join("review.txt"), latest_review(store.conn())).unwrap();
}
