//! One function per command: resolve the store and key, call core, print.

use quorum_core::{demo, transfer, Error, KeyMode, NewStore, Result, Secret, Store};
use serde_json::json;

use crate::keys;
use crate::output::emit;
use crate::{Cli, Command, Global, ImportCommand, KeyModeArg};

/// What a command achieved: success, or a check that found faults (exit 1).
pub enum Outcome {
    Done,
    CheckFailed,
}

impl Outcome {
    pub fn exit_code(&self) -> u8 {
        match self {
            Outcome::Done => 0,
            Outcome::CheckFailed => 1,
        }
    }
}

pub(crate) fn open(global: &Global) -> Result<Store> {
    let store = Store::open(&keys::store_path(global)?, &keys::sources(global)?)?;
    if let Some(notice) = store.open_notice() {
        eprintln!("quorum: warning: {}", quorum_core::text::block_for_terminal(notice));
    }
    Ok(store)
}

fn new_secret(global: &Global, mode: KeyModeArg) -> Result<Secret> {
    match mode {
        KeyModeArg::Keychain => {
            if global.no_keychain {
                return Err(Error::invalid("--no-keychain and a keychain store exclude each other: use --key passphrase"));
            }
            Secret::random_key()
        }
        KeyModeArg::Passphrase => keys::creation_passphrase(global),
    }
}

fn create(global: &Global, organisation: &str, time_zone: &str, lead: Option<(String, Option<String>)>, mode: KeyModeArg) -> Result<Store> {
    let path = keys::store_path(global)?;
    let secret = new_secret(global, mode)?;
    let new = NewStore { organisation: organisation.to_owned(), time_zone: time_zone.to_owned(), lead };
    Store::create(&path, &new, secret, keys::keychain(global), &keys::actor(global)?)
}

pub fn run(cli: Cli) -> Result<Outcome> {
    // A database error names the store's damage, lock or full disk, whichever command met it.
    run_command(&cli).map_err(|error| match keys::store_path(&cli.global) {
        Ok(path) => error.in_store(&path),
        Err(_) => error,
    })
}

fn run_command(cli: &Cli) -> Result<Outcome> {
    let global = &cli.global;
    let json = global.json;
    match &cli.command {
        Command::Init { org, tz, key, lead, lead_email } => {
            let store = create(global, org, tz, lead.clone().map(|name| (name, lead_email.clone())), *key)?;
            emit(json, &json!({"path": store.path(), "keyMode": store.key_mode().as_str()}), || {
                format!("Created the store for {org} at {} (key in {}).", store.path().display(), describe_mode(store.key_mode()))
            });
        }
        Command::Action { what } => return crate::action::run_action(global, what),
        Command::Metrics(args) => return crate::metrics::run_metrics(global, args),
        Command::Register { what } => return crate::registers::run_register(global, what),
        Command::Org { what } => return crate::org::run_org(global, what),
        Command::Person { what } => return crate::person::run_person(global, what),
        Command::Agenda { what } => return crate::minutes::run_agenda(global, what),
        Command::Input { what } => return crate::minutes::run_input(global, what),
        Command::Evidence { what } => return crate::minutes::run_evidence(global, what),
        Command::Decision { what } => return crate::minutes::run_decision(global, what),
        Command::Objective { what } => return crate::minutes::run_objective(global, what),
        Command::Check { review } => return crate::minutes::run_check(global, review),
        Command::Status => {
            let status = open(global)?.status()?;
            emit(json, &status, || {
                let mut text = format!(
                    "Store:        {}\nOrganisation: {}\nFormat:       {}\nKey mode:     {}\nSize:         {} bytes\nAudit chain:  {}\n\nRecords:\n",
                    status.path.display(),
                    status.organisation,
                    status.format_version,
                    describe_mode(status.key_mode),
                    status.size_bytes,
                    status.audit.describe()
                );
                for (table, count) in &status.tables {
                    text.push_str(&format!("  {table:<24}{count:>8}\n"));
                }
                text.trim_end().to_owned()
            });
        }
        Command::VerifyStore { against } => {
            let store = open(global)?;
            let report = store.verify()?;
            // The register's history is read only from a file whose tables all read.
            let register = if report.damaged_tables.is_empty() { quorum_core::register::invariants::check(store.conn())? } else { Vec::new() };
            let anchored = match against {
                Some(file) => {
                    let (anchor, source) = quorum_core::store::anchor::read(file, &keys::sources(global)?)?;
                    Some(quorum_core::store::anchor::check(store.conn(), anchor, source)?)
                }
                None => None,
            };
            let ok = report.is_ok() && register.is_empty() && anchored.as_ref().is_none_or(|a| a.held);
            emit(json, &json!({"ok": ok, "report": report, "register": register, "anchor": anchored}), || {
                let or_ok = |list: Vec<String>| if list.is_empty() { "ok".to_owned() } else { list.iter().map(|l| crate::output::cell(l).into_owned()).collect::<Vec<_>>().join("\n                     ") };
                let damaged = !report.damaged_tables.is_empty() || report.cipher.iter().chain(&report.sqlite).any(|l| l != "ok");
                let register_text = if !report.damaged_tables.is_empty() {
                    "not read: the file is damaged".to_owned()
                } else if register.is_empty() {
                    "consistent".to_owned()
                } else {
                    format!("{} contradictions\n{}", register.len(), register.iter().map(|v| format!("  {v}")).collect::<Vec<_>>().join("\n"))
                };
                let anchor_text = match &anchored {
                    None => String::new(),
                    Some(a) if a.held => format!("Anchor:              held: event {} with the hash the {} recorded\n", a.anchor.event_id, a.source),
                    Some(a) => format!("Anchor:              NOT HELD: {}\n", a.problem.as_deref().unwrap_or("")),
                };
                let verdict = if ok {
                    "The store is intact.".to_owned()
                } else if anchored.as_ref().is_some_and(|a| !a.held) && report.is_ok() && register.is_empty() {
                    "FAULTS FOUND: the audit trail was rewritten or cut short after the anchor was recorded. Restore a backup taken before the change (quorum restore BACKUP --force) and find out who changed the file.".to_owned()
                } else if damaged {
                    format!("FAULTS FOUND: the file is damaged (the key is right: it opened the store). {}.", quorum_core::error::damage_advice(store.path(), ""))
                } else if report.is_ok() {
                    "FAULTS FOUND in the register's history: each line names the action and the rule it breaks.".to_owned()
                } else {
                    "FAULTS FOUND: the rows above break the store's rules (a hand-edited store or import). Restore a backup taken before the change (quorum restore BACKUP --force).".to_owned()
                };
                format!(
                    "SQLite integrity:    {}\nSQLCipher pages:     {}\nTables readable:     {}\nForeign keys:        {}\nAudit chain:         {}\nStore rules:         {}\nRegister history:    {register_text}\n{anchor_text}{verdict}",
                    or_ok(report.sqlite.iter().filter(|l| *l != "ok").cloned().collect()),
                    or_ok(report.cipher.clone()),
                    or_ok(report.damaged_tables.iter().map(|d| format!("{} is DAMAGED: {}", d.table, d.problem)).collect()),
                    or_ok(report.foreign_keys.clone()),
                    report.audit.describe(),
                    or_ok(report.findings.iter().map(ToString::to_string).collect()),
                )
            });
            return Ok(if ok { Outcome::Done } else { Outcome::CheckFailed });
        }
        Command::Salvage { damaged, out } => {
            let report = quorum_core::store::salvage::salvage(damaged, &keys::sources(global)?, out, &keys::actor(global)?)?;
            emit(json, &report, || {
                let mut text = format!("Salvaged {} into {} (same key: what opened the damaged store opens this one).", damaged.display(), out.display());
                for line in report.lines() {
                    text.push_str(&format!("\n  {line}"));
                }
                text
            });
        }
        Command::Passwd { new_passphrase_file } => {
            let mut store = open(global)?;
            let secret = keys::new_passphrase(new_passphrase_file.as_deref())?;
            store.change_secret(secret, keys::keychain(global), &keys::actor(global)?)?;
            emit(json, &json!({"keyMode": "passphrase"}), || "The passphrase is set. Keep it safe: without it (or the recovery key) the store cannot be opened.".into());
        }
        Command::Rekey { keychain } => {
            let mut store = open(global)?;
            if store.key_mode() == KeyMode::Passphrase && !keychain {
                return Err(Error::invalid("this store is keyed by its passphrase: change it with `quorum passwd`, or move the key into the keychain with `quorum rekey --keychain`"));
            }
            store.change_secret(Secret::random_key()?, keys::keychain(global), &keys::actor(global)?)?;
            emit(json, &json!({"keyMode": "keychain"}), || "The store has a new key, kept in the OS keychain. Print a new recovery key: the old one no longer opens it.".into());
        }
        Command::RecoveryKey => {
            let store = open(global)?;
            let key = store.recovery_key();
            emit(json, &json!({"recoveryKey": key.as_str()}), || {
                format!(
                    "Recovery key for {}:\n\n  {}\n\nKeep it offline (printed, in a safe). It opens the store on any machine:\n  quorum --recovery-key-file FILE status\nor in any SQLCipher 4 tool:  PRAGMA key = \"x'{}'\";",
                    store.path().display(),
                    key.as_str(),
                    key.as_str()
                )
            });
        }
        Command::Backup { out } => {
            let store = open(global)?;
            store.backup_to(out, |_, _| {})?;
            emit(json, &json!({"backup": out}), || format!("Backed up {} to {}.", store.path().display(), out.display()));
        }
        Command::Restore { backup, force } => {
            let dest = keys::store_path(global)?;
            Store::restore(backup, &dest, &keys::sources(global)?, *force)?;
            emit(json, &json!({"restored": dest}), || format!("Restored {} from {}.", dest.display(), backup.display()));
        }
        Command::Demo { org, key, years: Some(years), size: Some(size) } => {
            let mut store = create(global, org, "Europe/London", None, *key)?;
            let size = match size {
                crate::ScaleSize::Small => quorum_core::scale::Size::small(*years),
                crate::ScaleSize::Large => quorum_core::scale::Size::large(*years),
            };
            let built = quorum_core::scale::build(&mut store, &keys::actor(global)?, size, |done, total| {
                if !json {
                    eprint!("\rBuilding: {done} of {total} steps ({}%)", done * 100 / total.max(1));
                }
            })?;
            if !json {
                eprintln!();
            }
            emit(json, &built, || format!("Created a store of {years} years at {}: {built}", store.path().display()));
        }
        Command::Demo { org, key, .. } => {
            // Built beside its path and placed whole: a killed demo leaves no store to block the next.
            let actor = keys::actor(global)?;
            let new = NewStore { organisation: org.to_owned(), time_zone: "Europe/London".to_owned(), lead: None };
            let (store, summary) = Store::create_filled(&keys::store_path(global)?, &new, new_secret(global, *key)?, keys::keychain(global), &actor, |store| demo::populate(store, &actor))?;
            emit(json, &summary, || format!("Created a demo store at {}: {summary}", store.path().display()));
        }
        Command::Export { what } => return crate::export::run_export(global, what),
        Command::Identity { what } => return crate::identity::run_identity(global, what),
        Command::Retention { set } => {
            let mut store = open(global)?;
            if let Some(years) = set {
                store.set_retention_years(*years, &keys::actor(global)?)?;
            }
            let years = store.retention_years()?;
            emit(json, &json!({"retentionYears": years}), || format!("Review records are kept for {years} years after the review."));
        }
        Command::Review { what } => return crate::review::run_review(global, what),
        Command::Plan(args) => return crate::schedule::run_plan(global, args),
        Command::Calendar { year, out } => return crate::schedule::run_calendar(global, *year, out),
        Command::Planner { year, out } => return crate::schedule::run_planner(global, *year, out),
        Command::Invite { reference, out } => return crate::schedule::run_invite(global, reference, out),
        Command::Cancel { reference, reason, out } => return crate::schedule::run_cancel(global, reference, reason, out.as_deref()),
        Command::Verify(args) => return crate::verify::run_verify(global, args),
        Command::Timestamp { file, tsa } => return crate::verify::run_timestamp(global, file, tsa.as_deref()),
        Command::Import { what: ImportCommand::Json { file } } => {
            let mut store = open(global)?;
            let bytes = quorum_core::limits::read(file, quorum_core::limits::MAX_IMPORT_BYTES, "export file")?;
            let summary = transfer::import_json(&mut store, &bytes, &keys::actor(global)?)?;
            emit(json, &summary, || format!("Imported {}: {summary}", file.display()));
        }
    }
    Ok(Outcome::Done)
}

fn describe_mode(mode: KeyMode) -> &'static str {
    match mode {
        KeyMode::Keychain => "the OS keychain",
        KeyMode::Passphrase => "a passphrase",
    }
}


