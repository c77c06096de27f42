//! Guards that ten years of records stay instant, on the migrated schema and real stores:
//! every statement the hot reads run (a page of the register under every filter and sort,
//! one action with its history, a review's record and readiness check, the dashboard, the
//! metrics) is read back through `EXPLAIN QUERY PLAN`, and none may scan a large table where
//! a scan repeats per row; and the number of statements a page of the register or a
//! review's record runs must not grow with the data.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;

use crate::overview;
use crate::register::{self, ActionFilter, ActionQuery, ActionSort, ActionStatus, Priority, Source};
use crate::review::fixture::{self, actor_on, at, meeting_day, Omit};
use crate::review::{check, record};
use crate::Store;

/// Tables that grow with the years: a scan of one repeated per row is quadratic.
const LARGE: &[&str] = &[
    "actions",
    "action_status_history",
    "action_notes",
    "action_date_revisions",
    "verifications",
    "escalations",
    "evidence",
    "audit_events",
    "kpis",
    "inputs",
    "decisions",
    "decision_inputs",
    "invitees",
    "agenda_items",
    "agenda_item_inputs",
    "review_transitions",
    "minutes_revisions",
    "approvals",
];

struct Built {
    _dir: tempfile::TempDir,
    store: Store,
    reference: String,
}

/// Two held reviews three months apart (the earlier one's action carried into the later
/// one), plus `extra` actions raised at the later review, each with a note, and every other
/// one completed; `carried` more actions raised at the earlier review and left open.
fn build(extra: usize, carried: usize) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let mut store = fixture::new_store(&dir);
    let earlier = meeting_day() - Duration::days(91);
    let previous = fixture::build(&mut store, earlier, earlier - Duration::days(14), earlier - Duration::days(7), Omit::default());
    // The earlier review's action is carried in overdue and without an update: the chair
    // approves over those findings with a reason.
    let current = fixture::compliant(&mut store, Omit { anyway: Some("The carried action's owner reports at the next review"), ..Default::default() });
    for (review, count, day) in [(&previous.reference, carried, earlier), (&current.reference, extra, meeting_day())] {
        let review_id = register::resolve_review(store.conn(), review).unwrap();
        let actor = actor_on(day);
        for n in 0..count {
            let new = register::NewAction {
                description: format!("Extra action {n} on patching"),
                source: Some(if n % 2 == 0 { Source::Risk } else { Source::Incident }),
                review_id: Some(review_id),
                owner_id: Some(current.lead),
                target_on: Some(day + Duration::days(20 + n as i64 % 40)),
                priority: Some(if n % 3 == 0 { Priority::Low } else { Priority::High }),
                tags: vec!["patching".into()],
                ..Default::default()
            };
            let action = register::add(&mut store, &actor, &new).unwrap();
            let note = register::ActionUpdate { note: Some(format!("Progress {n}")), status: Some(ActionStatus::InProgress), ..Default::default() };
            register::update(&mut store, &actor, &action.reference, &note).unwrap();
            if n % 2 == 1 {
                register::complete(&mut store, &actor, &action.reference, Some("done")).unwrap();
            }
        }
    }
    Built { _dir: dir, store, reference: current.reference }
}

fn now() -> DateTime<Utc> {
    at(meeting_day() + Duration::days(45))
}

/// A page of 50 under every filter, and every sort both ways.
fn register_queries(conn: &Connection) -> Vec<ActionQuery> {
    let review_id = conn.query_row("SELECT max(review_id) FROM actions", [], |r| r.get(0)).unwrap();
    let owner_id = conn.query_row("SELECT max(owner_id) FROM actions", [], |r| r.get(0)).unwrap();
    let filters = vec![
        ActionFilter::default(),
        ActionFilter { statuses: vec![ActionStatus::Open, ActionStatus::InProgress], ..Default::default() },
        ActionFilter { owner_id: Some(owner_id), ..Default::default() },
        ActionFilter { no_owner: true, ..Default::default() },
        ActionFilter { priority: Some(Priority::High), ..Default::default() },
        ActionFilter { no_priority: true, ..Default::default() },
        ActionFilter { overdue: Some(true), ..Default::default() },
        ActionFilter { overdue: Some(false), ..Default::default() },
        ActionFilter { escalated: Some(true), ..Default::default() },
        ActionFilter { stalled: Some(true), ..Default::default() },
        ActionFilter { review_id: Some(review_id), ..Default::default() },
        ActionFilter { no_review: true, ..Default::default() },
        ActionFilter { source: Some(Source::Risk), ..Default::default() },
        ActionFilter { tag: Some("patching".into()), ..Default::default() },
        ActionFilter { search: Some("patching extra".into()), ..Default::default() },
    ];
    let sorts = [ActionSort::Reference, ActionSort::Description, ActionSort::Owner, ActionSort::TargetDate, ActionSort::Priority, ActionSort::Status];
    let mut queries = Vec::new();
    for filter in &filters {
        for sort in sorts {
            for descending in [false, true] {
                queries.push(ActionQuery { filter: filter.clone(), sort, descending, offset: 50, limit: Some(50) });
            }
        }
    }
    queries
}

/// Each hot read by name, with the statements it ran.
fn hot_reads(built: &mut Built) -> BTreeMap<String, Vec<String>> {
    let now = now();
    let reference = built.reference.clone();
    let mut runs = BTreeMap::new();
    for (n, query) in register_queries(built.store.conn()).into_iter().enumerate() {
        let (_, sql) = built.store.statements_run(|conn| register::page(conn, &query, now)).unwrap();
        runs.insert(format!("register page {n:03} by {:?}", query.sort), sql);
    }
    let first: String = built.store.conn().query_row("SELECT reference FROM actions ORDER BY id DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    let reads: Vec<(&str, Box<dyn Fn(&Connection) -> crate::Result<()>>)> = vec![
        ("one action with its history", Box::new(move |conn: &Connection| register::show(conn, &first, now).map(drop))),
        ("review record", Box::new({ let r = reference.clone(); move |conn: &Connection| record::load(conn, &r, now).map(drop) })),
        ("readiness check", Box::new({ let r = reference.clone(); move |conn: &Connection| check::check(conn, &r, now).map(drop) })),
        ("dashboard", Box::new(move |conn: &Connection| overview::dashboard(conn, now).map(drop))),
        ("register choices", Box::new(|conn: &Connection| overview::register_choices(conn).map(drop))),
        ("metrics", Box::new(move |conn: &Connection| register::metrics(conn, now, 4).map(drop))),
    ];
    for (name, read) in reads {
        let (_, sql) = built.store.statements_run(|conn| read(conn)).unwrap();
        runs.insert(name.to_owned(), sql);
    }
    runs
}

/// The table each alias of a statement stands for (`actions a` → a: actions).
fn aliases(sql: &str) -> BTreeMap<String, String> {
    let words: Vec<String> = sql.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')').filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let mut map = BTreeMap::new();
    for (i, word) in words.iter().enumerate() {
        if (word == "from" || word == "join") && i + 1 < words.len() {
            let table = words[i + 1].clone();
            map.insert(table.clone(), table.clone());
            let next = words.get(i + 2).map(String::as_str).unwrap_or("");
            let alias = if next == "as" { words.get(i + 3).map(String::as_str).unwrap_or("") } else { next };
            if !["where", "on", "left", "join", "order", "group", "limit", "inner", "cross", "using", "union", "natural", ""].contains(&alias) {
                map.insert(alias.to_owned(), table);
            }
        }
    }
    map
}

/// The scans of large tables that repeat: any scan inside a correlated subquery, and any
/// scan that is not the first loop of its level (the inner loop of a join). The first loop
/// of a whole-register read (a count, an aggregate, a page sorted by a computed key) reads
/// each row once, which is linear, and is allowed only where `whole_register` says so.
fn repeated_scans(conn: &Connection, sql: &str, whole_register: bool) -> Vec<String> {
    let mut statement = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let mut rows = statement.raw_query();
    let mut plan: Vec<(i64, i64, String)> = Vec::new();
    while let Some(row) = rows.next().unwrap() {
        plan.push((row.get(0).unwrap(), row.get(1).unwrap(), row.get(3).unwrap()));
    }
    let tables = aliases(sql);
    let parent_of: BTreeMap<i64, (i64, String)> = plan.iter().map(|(id, parent, detail)| (*id, (*parent, detail.clone()))).collect();
    let correlated = |mut id: i64| {
        while let Some((parent, detail)) = parent_of.get(&id) {
            if detail.starts_with("CORRELATED") {
                return true;
            }
            id = *parent;
        }
        false
    };
    let mut loops_seen: BTreeSet<i64> = BTreeSet::new();
    let mut found = Vec::new();
    for (_, parent, detail) in &plan {
        let is_loop = detail.starts_with("SCAN ") || detail.starts_with("SEARCH ");
        if !is_loop {
            continue;
        }
        let first_loop = loops_seen.insert(*parent);
        // A SEARCH with no index to search with reads the whole table all the same.
        let scanned = detail.strip_prefix("SCAN ").or_else(|| detail.strip_prefix("SEARCH ").filter(|rest| !rest.contains(" USING ")));
        let Some(name) = scanned.map(|rest| rest.split_whitespace().next().unwrap_or("").to_lowercase()) else { continue };
        let table = tables.get(&name).cloned().unwrap_or(name);
        if !LARGE.contains(&table.as_str()) {
            continue;
        }
        let allowed = first_loop && !correlated(*parent) && whole_register && table == "actions";
        if !allowed {
            found.push(format!("{detail} ({table})"));
        }
    }
    found
}

#[test]
fn no_hot_read_scans_a_large_table_per_row() {
    let mut built = build(60, 5);
    let runs = hot_reads(&mut built);
    let mut failures = Vec::new();
    let mut checked = BTreeSet::new();
    for (name, statements) in &runs {
        // The register's own pages, its choices and the dashboard's aggregate read each
        // action once; metrics rebuild the register's history and read it whole, once.
        let whole_register = name.starts_with("register") || name == "dashboard" || name == "metrics";
        for sql in statements {
            if sql.starts_with("--") || !checked.insert((whole_register, sql.clone())) {
                continue;
            }
            let scans = if read_whole_by_design(name, sql) { Vec::new() } else { repeated_scans(built.store.conn(), sql, whole_register) };
            if !scans.is_empty() {
                failures.push(format!("{name}: {scans:?} in\n    {sql}"));
            }
        }
    }
    assert!(checked.len() > 20, "the guard read the plans of {} statements only", checked.len());
    assert!(failures.is_empty(), "hot reads scan large tables per row:\n{}", failures.join("\n"));
}

/// Reads that go through a large table on purpose, once: the metrics rebuild the history
/// from each history table in one statement; the newest audit events are read backwards
/// in id order and stop after a screenful.
fn read_whole_by_design(name: &str, sql: &str) -> bool {
    let history = ["action_status_history", "action_date_revisions", "escalations", "action_notes"]
        .iter()
        .any(|table| sql.split_whitespace().collect::<Vec<_>>().join(" ").contains(&format!("FROM {table} ORDER BY action_id, at, id")));
    (name == "metrics" && history) || (sql.contains("FROM audit_events ORDER BY id DESC LIMIT"))
}

#[test]
fn the_guard_sees_a_scan_in_a_correlated_subquery() {
    let built = build(0, 0);
    let conn = built.store.conn();
    // Notes matched by a pattern no index (not even SQLite's automatic one) can answer:
    // one scan of the notes per action.
    let scans = repeated_scans(conn, "SELECT a.id, (SELECT max(at) FROM action_notes n WHERE n.text LIKE a.reference) FROM actions a", true);
    assert_eq!(scans.len(), 1, "{scans:?}");
    assert!(repeated_scans(conn, "SELECT a.id, (SELECT max(at) FROM action_notes n WHERE n.action_id = a.id) FROM actions a", true).is_empty());
    assert_eq!(repeated_scans(conn, "SELECT * FROM actions a WHERE a.description = 'x'", false).len(), 1, "a one-review read may not scan the register");
}

#[test]
fn a_register_page_and_a_records_statements_do_not_grow_with_the_data() {
    let mut small = build(3, 0);
    let mut large = build(80, 0);
    let (small_runs, large_runs) = (hot_reads(&mut small), hot_reads(&mut large));
    let mut grew = Vec::new();
    for (name, statements) in &small_runs {
        if name.starts_with("register page") || name == "review record" || name == "readiness check" || name == "one action with its history" || name == "dashboard" {
            let more = large_runs[name].len();
            if more != statements.len() {
                grew.push(format!("{name}: {} statements with 3 extra actions, {more} with 80", statements.len()));
            }
        }
    }
    assert!(grew.is_empty(), "{}", grew.join("\n"));
    assert_eq!(small_runs.keys().filter(|k| k.starts_with("register page")).map(|k| small_runs[k].len()).max(), Some(3), "a page is a count, its ids and its rows");
}

#[test]
fn a_records_statements_do_not_grow_with_the_carried_actions() {
    let mut small = build(0, 2);
    let mut large = build(0, 40);
    let reference = small.reference.clone();
    let (_, few) = small.store.statements_run(|conn| record::load(conn, &reference, now()).map(drop)).unwrap();
    let (_, many) = large.store.statements_run(|conn| record::load(conn, &reference, now()).map(drop)).unwrap();
    assert_eq!(few.len(), many.len());
}
