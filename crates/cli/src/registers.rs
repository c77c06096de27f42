//! `quorum register`: the organisation's registers (risks, incidents, internal audit
//! findings, supplier reviews) imported as dated snapshots the reviews read.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Subcommand;
use quorum_core::registers::source::{self, Mapping, Preview};
use quorum_core::registers::{self, RegisterKind, RegisterLevel, RegisterTable};
use quorum_core::{Error, Result};

use crate::action::{parse, parse_day};
use crate::commands::{open, Outcome};
use crate::keys;
use crate::output::{cell, emit};
use crate::Global;

#[derive(Subcommand, Debug)]
pub enum RegisterCommand {
    /// Import a register from CSV or XLSX as a new snapshot (refused whole, naming the row
    /// and column, if any row is wrong; nothing is written then).
    Import {
        /// risks, incidents, audit-findings or suppliers.
        #[arg(value_parser = parse::<RegisterKind>)]
        kind: RegisterKind,
        file: PathBuf,
        /// The column mapping: a JSON object or lines of `field=Column` (default: the one
        /// remembered for this file layout, else the columns named like the template's).
        #[arg(long, value_name = "FILE")]
        mapping: Option<PathBuf>,
        /// The day the register was extracted from its source (default: today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
        taken_on: Option<NaiveDate>,
    },
    /// What an import would do: the mapping, every row's problems, and what changed since
    /// the newest snapshot. Writes nothing (exit 1 if the file would be refused).
    Preview {
        #[arg(value_parser = parse::<RegisterKind>)]
        kind: RegisterKind,
        file: PathBuf,
        #[arg(long, value_name = "FILE")]
        mapping: Option<PathBuf>,
    },
    /// The register as it stood on a day (default: its newest snapshot).
    List {
        #[arg(value_parser = parse::<RegisterKind>)]
        kind: RegisterKind,
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
        as_at: Option<NaiveDate>,
    },
    /// Every snapshot of a register, newest first, with its source and SHA-256.
    Snapshots {
        #[arg(value_parser = parse::<RegisterKind>)]
        kind: RegisterKind,
    },
    /// What changed between two snapshots (new, changed, gone), by their numbers.
    Changes { from: i64, to: i64 },
    /// Write the empty template of a register: .xlsx or .csv by the file's name.
    Template {
        #[arg(value_parser = parse::<RegisterKind>)]
        kind: RegisterKind,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Show the risk appetite (the residual level accepted), or set it.
    Appetite {
        #[arg(value_parser = parse::<RegisterLevel>)]
        level: Option<RegisterLevel>,
    },
}

pub fn run_register(global: &Global, what: &RegisterCommand) -> Result<Outcome> {
    let json = global.json;
    match what {
        RegisterCommand::Import { kind, file, mapping, taken_on } => {
            let mut store = open(global)?;
            let mapping = mapping.as_deref().map(read_mapping).transpose()?;
            let snapshot = source::import(&mut store, &keys::actor(global)?, *kind, file, mapping.as_ref(), *taken_on)?;
            emit(json, &snapshot, || {
                format!(
                    "Imported {} rows of {} as snapshot {} (taken on {}).\nSource: {} (SHA-256 {})",
                    snapshot.rows,
                    kind.label(),
                    snapshot.id,
                    snapshot.taken_on,
                    cell(&snapshot.source_name),
                    snapshot.source_sha256
                )
            });
        }
        RegisterCommand::Preview { kind, file, mapping } => {
            let store = open(global)?;
            let mapping = mapping.as_deref().map(read_mapping).transpose()?;
            let (preview, _) = source::preview(store.conn(), *kind, file, mapping.as_ref())?;
            emit(json, &preview, || describe_preview(&preview));
            if !preview.is_importable() {
                return Ok(Outcome::CheckFailed);
            }
        }
        RegisterCommand::List { kind, as_at } => {
            let store = open(global)?;
            let table = registers::list(store.conn(), *kind, *as_at)?;
            emit(json, &table, || describe_table(&table, *as_at));
        }
        RegisterCommand::Snapshots { kind } => {
            let store = open(global)?;
            let list = registers::snapshots(store.conn(), *kind)?;
            emit(json, &list, || {
                if list.is_empty() {
                    return format!("No snapshot of {} yet: `quorum register import {} FILE`.", kind.label(), kind.cli_name());
                }
                let mut text = format!("{:>4}  {:<10}  {:>5}  {:<28}  {:<19}  SHA-256\n", "NO", "TAKEN ON", "ROWS", "SOURCE", "IMPORTED");
                for s in &list {
                    text.push_str(&format!("{:>4}  {:<10}  {:>5}  {:<28}  {:<19}  {}\n", s.id, s.taken_on, s.rows, cell(&s.source_name), s.imported_at.get(..19).unwrap_or(&s.imported_at), s.source_sha256));
                }
                text.trim_end().to_owned()
            });
        }
        RegisterCommand::Changes { from, to } => {
            let store = open(global)?;
            let changes = registers::changes(store.conn(), *from, *to)?;
            emit(json, &changes, || describe_changes(&changes));
        }
        RegisterCommand::Template { kind, out } => {
            source::write_template(*kind, out)?;
            emit(json, &serde_json::json!({"path": out}), || format!("Wrote the {} template to {}.", kind.label(), out.display()));
        }
        RegisterCommand::Appetite { level } => {
            let level = match level {
                Some(level) => registers::set_appetite(&mut open(global)?, &keys::actor(global)?, *level)?,
                None => registers::appetite(open(global)?.conn())?,
            };
            emit(json, &serde_json::json!({"riskAppetite": level}), || format!("Risk appetite: residual {level} (risks above it are above appetite)."));
        }
    }
    Ok(Outcome::Done)
}

/// A mapping file: a JSON object `{"field": "Column"}`, or one `field=Column` per line.
fn read_mapping(path: &Path) -> Result<Mapping> {
    let text = quorum_core::limits::read_text(path, quorum_core::limits::MAX_SMALL_FILE_BYTES, "mapping file")?;
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(&text).map_err(|e| Error::invalid(format!("{} is not a JSON object of field → column ({e}): write {{\"id\": \"Risk ref\", …}}", path.display())));
    }
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(k, l)| {
            let (field, column) = l.split_once('=').ok_or_else(|| Error::invalid(format!("{}, line {}: write field=Column (for example id=Risk ref)", path.display(), k + 1)))?;
            Ok((field.trim().to_owned(), column.trim().to_owned()))
        })
        .collect()
}

fn describe_preview(p: &Preview) -> String {
    let mut text = format!("{} → {}: {} rows{}\n\nMapping ({}):\n", p.source_name, p.kind.label(), p.rows, if p.problems.is_empty() { ", no problems" } else { "" }, if p.mapping_remembered { "remembered for this layout" } else { "proposed from the headers" });
    for f in &p.fields {
        let from = p.mapping.get(&f.key).map_or_else(|| if f.required { "(none: required)".to_owned() } else { "(none)".to_owned() }, |c| format!("\"{}\"", cell(c)));
        text.push_str(&format!("  {:<26} ← {from}\n", f.header));
    }
    if !p.problems.is_empty() {
        text.push_str(&format!("\n{} problems (the file would be refused):\n", p.problems.len()));
        for problem in &p.problems {
            text.push_str(&format!("  row {}, column \"{}\": {}\n", problem.row, cell(&problem.column), cell(&problem.message)));
        }
    }
    text.push('\n');
    text.push_str(&describe_changes(&p.changes));
    text.trim_end().to_owned()
}

fn describe_changes(c: &registers::Changes) -> String {
    let Some(since) = &c.since else { return format!("First snapshot: {} rows new.", c.new.len()) };
    let mut text = format!("Since snapshot {} (taken on {}): {} new, {} changed, {} gone.\n", since.id, since.taken_on, c.new.len(), c.changed.len(), c.gone.len());
    for id in &c.new {
        text.push_str(&format!("  new      {}\n", cell(id)));
    }
    for row in &c.changed {
        text.push_str(&format!("  changed  {} ({})\n", cell(&row.id), row.columns.join(", ")));
    }
    for id in &c.gone {
        text.push_str(&format!("  gone     {}\n", cell(id)));
    }
    text.trim_end().to_owned()
}

fn describe_table(t: &RegisterTable, as_at: Option<NaiveDate>) -> String {
    let Some(s) = &t.snapshot else {
        return match as_at {
            Some(day) => format!("No snapshot of {} was taken by {day}.", t.kind.label()),
            None => format!("No snapshot of {} yet: `quorum register import {} FILE`.", t.kind.label(), t.kind.cli_name()),
        };
    };
    let mut text = format!("{} as at {} (snapshot {}, {} rows, from {}, SHA-256 {})\n\n", t.kind.label(), s.taken_on, s.id, s.rows, cell(&s.source_name), s.source_sha256);
    text.push_str(&t.columns.join(" | "));
    text.push('\n');
    for row in &t.rows {
        text.push_str(&row.iter().map(|c| cell(c).into_owned()).collect::<Vec<_>>().join(" | "));
        text.push('\n');
    }
    text.trim_end().to_owned()
}
