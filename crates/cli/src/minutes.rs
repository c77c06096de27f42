//! The content of a review from the shell: `quorum agenda`, `quorum input`, `quorum
//! evidence`, `quorum decision`, `quorum objective` and the readiness check `quorum check`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use quorum_core::objectives::{self, Met, ObjectiveChange};
use quorum_core::register::{resolve_person, resolve_review};
use quorum_core::review::agenda::{self, AgendaItem, ItemChange};
use quorum_core::review::check::{self, Severity};
use quorum_core::review::decisions::{self, Area, NewDecision};
use quorum_core::review::evidence::{self, EvidenceFor};
use quorum_core::review::inputs::{self, Better, InputChange, InputState, NewKpi};
use quorum_core::{Error, Result, Store};
use serde_json::json;

use crate::action::{parse, parse_day};
use crate::commands::{open, Outcome};
use crate::keys;
use crate::output::emit;
use crate::Global;

#[derive(Subcommand, Debug)]
pub enum AgendaCommand {
    /// List the agenda with the inputs each item covers.
    List { review: String },
    /// Append an item.
    Add {
        review: String,
        title: String,
        /// Minutes allocated.
        #[arg(long, default_value_t = 10)]
        minutes: u32,
        /// Input codes it covers (repeat the option).
        #[arg(long = "input")]
        inputs: Vec<String>,
        #[arg(long)]
        presenter: Option<String>,
    },
    /// Change an item (by its position).
    Edit {
        review: String,
        position: i64,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        minutes: Option<u32>,
        /// Replaces the inputs it covers (repeat the option).
        #[arg(long = "input")]
        inputs: Vec<String>,
        #[arg(long)]
        presenter: Option<String>,
    },
    /// Move an item to another position.
    Move {
        review: String,
        position: i64,
        #[arg(long)]
        to: i64,
    },
    /// Remove an item.
    Remove { review: String, position: i64 },
    /// Write the discussion notes (minutes) of an item, from --text or a file.
    Notes {
        review: String,
        position: i64,
        #[arg(long, conflicts_with = "file")]
        text: Option<String>,
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum InputCommand {
    /// Set an input's summary, presenter, state, or "nothing to report" with the reason.
    Set {
        review: String,
        /// a, b, c, d1, d2, d3, d4, e, f, g, soc2_incidents, soc2_resources, soc2_changes.
        code: String,
        #[arg(long)]
        summary: Option<String>,
        #[arg(long)]
        presenter: Option<String>,
        /// not_started, prepared or discussed.
        #[arg(long, value_parser = parse::<InputState>)]
        state: Option<InputState>,
        /// Mark "nothing to report" with this reason ("" clears the mark).
        #[arg(long, value_name = "REASON")]
        nothing_to_report: Option<String>,
        /// Record that the input calls for no change, and why: its outcome when no decision
        /// or action answers it ("" clears it).
        #[arg(long, value_name = "REASON")]
        no_change: Option<String>,
    },
    /// Add a KPI to an input, or replace the one of the same name.
    Kpi {
        review: String,
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long, allow_negative_numbers = true)]
        value: f64,
        #[arg(long, allow_negative_numbers = true)]
        target: Option<f64>,
        #[arg(long, default_value = "")]
        unit: String,
        /// higher or lower.
        #[arg(long, value_parser = parse::<Better>, default_value = "higher")]
        better: Better,
    },
    /// Remove a KPI from an input.
    KpiRemove {
        review: String,
        code: String,
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum EvidenceCommand {
    /// Store a file as evidence of a review input (or of the review, or of an action).
    Add {
        file: PathBuf,
        /// The review it belongs to.
        #[arg(long, required_unless_present = "action")]
        review: Option<String>,
        /// The input code it supports.
        #[arg(long, requires = "review")]
        input: Option<String>,
        /// The action it supports (ACT-YYYY-NNN).
        #[arg(long, conflicts_with = "review")]
        action: Option<String>,
    },
    /// List a review's evidence files.
    List { review: String },
    /// Write an evidence file out (checked against its SHA-256 first).
    Get {
        id: i64,
        #[arg(long)]
        out: PathBuf,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum DecisionCommand {
    /// Record a decision in an output area, linked to the inputs it answers.
    Add {
        review: String,
        /// continual_improvement, isms_change, resources, risk_treatment, objectives_kpis, corrective_preventive, policy_document, approved_exception.
        #[arg(long, value_parser = parse::<Area>)]
        area: Area,
        /// What was decided.
        text: String,
        #[arg(long)]
        rationale: Option<String>,
        /// Input codes it answers (repeat the option).
        #[arg(long = "input")]
        inputs: Vec<String>,
        /// An approved exception's justification.
        #[arg(long)]
        justification: Option<String>,
        /// When an approved exception is looked at again.
        #[arg(long, value_parser = parse_day)]
        review_on: Option<NaiveDate>,
    },
    /// Record that an output area needs no decision, and why.
    None {
        review: String,
        #[arg(long, value_parser = parse::<Area>)]
        area: Area,
        #[arg(long)]
        reason: String,
    },
    /// Remove a decision that raised no action.
    Remove { review: String, id: i64 },
    /// List a review's decisions and "none" areas.
    List { review: String },
}

#[derive(Subcommand, Debug)]
pub enum ObjectiveCommand {
    /// Add an information security objective.
    Add {
        title: String,
        #[arg(long)]
        owner: Option<String>,
        /// How it is measured.
        #[arg(long)]
        measure: String,
        #[arg(long)]
        target: String,
        #[arg(long, value_parser = parse_day)]
        from: NaiveDate,
        #[arg(long, value_parser = parse_day)]
        to: NaiveDate,
    },
    /// List the objectives (--all includes retired ones).
    List {
        #[arg(long)]
        all: bool,
    },
    /// Change an objective, or retire it (--retire).
    Update {
        id: i64,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        measure: Option<String>,
        #[arg(long)]
        target: Option<String>,
        #[arg(long, value_parser = parse_day)]
        from: Option<NaiveDate>,
        #[arg(long, value_parser = parse_day)]
        to: Option<NaiveDate>,
        #[arg(long)]
        retire: bool,
    },
    /// Record what a review found: met, partly_met, not_met or not_yet_due, the value measured, and the next period's target.
    Result {
        review: String,
        id: i64,
        #[arg(value_parser = parse::<Met>)]
        met: Met,
        /// What was measured for the period, in the objective's measure ("median 9 days").
        #[arg(long)]
        measured: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// The target for the next period (omit to confirm the current one).
        #[arg(long)]
        next_target: Option<String>,
    },
}

/// The review's canonical reference, from a reference in any case or an id.
fn reference(store: &Store, query: &str) -> Result<String> {
    let id = resolve_review(store.conn(), query)?;
    Ok(store.conn().query_row("SELECT reference FROM reviews WHERE id = ?1", [id], |row| row.get(0))?)
}

fn person_id(store: &Store, name: &Option<String>) -> Result<Option<i64>> {
    name.as_deref().map(|n| resolve_person(store.conn(), n).map(|p| p.id)).transpose()
}

fn describe_agenda(items: &[AgendaItem]) -> String {
    items.iter().map(|i| format!("{}. {} ({} min) [{}]", i.position, i.title, i.minutes_allocated, i.inputs.join(", "))).collect::<Vec<_>>().join("\n")
}

pub fn run_agenda(global: &Global, command: &AgendaCommand) -> Result<Outcome> {
    let mut store = open(global)?;
    let json = global.json;
    let items = match command {
        AgendaCommand::List { review } => {
            let id = resolve_review(store.conn(), review)?;
            agenda::list(store.conn(), id)?
        }
        AgendaCommand::Add { review, title, minutes, inputs, presenter } => {
            let review = reference(&store, review)?;
            let change = ItemChange { title: Some(title.clone()), minutes_allocated: Some(*minutes), presenter_id: person_id(&store, presenter)?, inputs: Some(inputs.clone()) };
            agenda::add(&mut store, &keys::actor(global)?, &review, &change)?
        }
        AgendaCommand::Edit { review, position, title, minutes, inputs, presenter } => {
            let review = reference(&store, review)?;
            let change = ItemChange { title: title.clone(), minutes_allocated: *minutes, presenter_id: person_id(&store, presenter)?, inputs: (!inputs.is_empty()).then(|| inputs.clone()) };
            agenda::update(&mut store, &keys::actor(global)?, &review, *position, &change)?
        }
        AgendaCommand::Move { review, position, to } => {
            let review = reference(&store, review)?;
            agenda::move_item(&mut store, &keys::actor(global)?, &review, *position, *to)?
        }
        AgendaCommand::Remove { review, position } => {
            let review = reference(&store, review)?;
            agenda::remove(&mut store, &keys::actor(global)?, &review, *position)?
        }
        AgendaCommand::Notes { review, position, text, file } => {
            let review = reference(&store, review)?;
            let notes = match (text, file) {
                (Some(text), _) => text.clone(),
                (None, Some(file)) => std::fs::read_to_string(file).map_err(|source| Error::Io { path: file.clone(), source })?,
                (None, None) => return Err(Error::invalid("give the notes with --text TEXT or --file FILE")),
            };
            let item = agenda::discuss(&mut store, &keys::actor(global)?, &review, *position, &notes)?;
            emit(json, &item, || format!("Notes of item {} \"{}\": {} words.", item.position, item.title, item.discussion.split_whitespace().count()));
            return Ok(Outcome::Done);
        }
    };
    emit(json, &items, || describe_agenda(&items));
    Ok(Outcome::Done)
}

pub fn run_input(global: &Global, command: &InputCommand) -> Result<Outcome> {
    let mut store = open(global)?;
    let actor = keys::actor(global)?;
    match command {
        InputCommand::Set { review, code, summary, presenter, state, nothing_to_report, no_change } => {
            let review = reference(&store, review)?;
            let change = InputChange { summary: summary.clone(), presenter_id: person_id(&store, presenter)?, state: *state, nothing_to_report: nothing_to_report.clone(), no_change: no_change.clone() };
            inputs::set(&mut store, &actor, &review, code, &change)?;
            emit(global.json, &json!({"review": review, "input": code}), || format!("Updated input {code} of {review}."));
        }
        InputCommand::Kpi { review, code, name, value, target, unit, better } => {
            let review = reference(&store, review)?;
            let kpi = NewKpi { name: name.clone(), value: *value, target: *target, unit: unit.clone(), better: *better };
            inputs::set_kpi(&mut store, &actor, &review, code, &kpi)?;
            emit(global.json, &kpi, || format!("KPI \"{name}\" on input {code} of {review}: {value}{unit}."));
        }
        InputCommand::KpiRemove { review, code, name } => {
            let review = reference(&store, review)?;
            inputs::remove_kpi(&mut store, &actor, &review, code, name)?;
            emit(global.json, &json!({"removed": name}), || format!("Removed KPI \"{name}\" from input {code} of {review}."));
        }
    }
    Ok(Outcome::Done)
}

pub fn run_evidence(global: &Global, command: &EvidenceCommand) -> Result<Outcome> {
    let mut store = open(global)?;
    match command {
        EvidenceCommand::Add { file, review, input, action } => {
            let target = match (review, action) {
                (Some(review), _) => EvidenceFor::Review { review: reference(&store, review)?, input_code: input.clone() },
                (None, Some(action)) => EvidenceFor::Action { action: action.clone() },
                (None, None) => return Err(Error::invalid("say what the file is evidence for: --review REVIEW [--input CODE] or --action ACT-YYYY-NNN")),
            };
            let info = evidence::add_file(&mut store, &keys::actor(global)?, &target, file)?;
            emit(global.json, &info, || format!("Stored {} ({} bytes, {}) as evidence {}; SHA-256 {}.", info.file_name, info.size, info.media_type, info.id, info.sha256));
        }
        EvidenceCommand::List { review } => {
            let id = resolve_review(store.conn(), review)?;
            let files = evidence::list(store.conn(), id)?;
            emit(global.json, &files, || {
                if files.is_empty() {
                    return "No evidence files yet: add one with `quorum evidence add FILE --review REVIEW --input CODE`.".into();
                }
                files
                    .iter()
                    .map(|f| format!("{:>4}  {:<40} {:>10}  {}  {}", f.id, crate::output::cell(&f.file_name), f.size, &f.sha256[..16], f.input_code.as_deref().or(f.action_reference.as_deref()).unwrap_or("-")))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        EvidenceCommand::Get { id, out, force } => {
            let (info, bytes) = evidence::content(store.conn(), *id)?;
            if out.exists() && !force {
                return Err(Error::AlreadyExists { path: out.clone(), hint: "; choose another path, or pass --force to replace the file".into() });
            }
            quorum_core::export::write_replacing(out, |tmp| std::fs::write(tmp, &bytes).map_err(|source| Error::Io { path: tmp.to_owned(), source }))?;
            emit(global.json, &info, || format!("Wrote {} ({} bytes, SHA-256 checked) to {}.", info.file_name, info.size, out.display()));
        }
    }
    Ok(Outcome::Done)
}

pub fn run_decision(global: &Global, command: &DecisionCommand) -> Result<Outcome> {
    let mut store = open(global)?;
    let json = global.json;
    match command {
        DecisionCommand::Add { review, area, text, rationale, inputs, justification, review_on } => {
            let review = reference(&store, review)?;
            let new = NewDecision { area: Some(*area), text: text.clone(), rationale: rationale.clone(), inputs: inputs.clone(), justification: justification.clone(), exception_review_on: *review_on };
            let decision = decisions::add(&mut store, &keys::actor(global)?, &review, &new)?;
            emit(json, &decision, || format!("Decision {} recorded in {review} ({}). Raise an action with `quorum action add ... --review {review} --decision {}`.", decision.id, area.title(), decision.id));
        }
        DecisionCommand::None { review, area, reason } => {
            let review = reference(&store, review)?;
            decisions::none(&mut store, &keys::actor(global)?, &review, *area, reason)?;
            emit(json, &json!({"review": review, "area": area, "reason": reason}), || format!("{review}: no decision on {}.", area.title().to_lowercase()));
        }
        DecisionCommand::Remove { review, id } => {
            let review = reference(&store, review)?;
            decisions::remove(&mut store, &keys::actor(global)?, &review, *id)?;
            emit(json, &json!({"removed": id}), || format!("Removed decision {id} from {review}."));
        }
        DecisionCommand::List { review } => {
            let id = resolve_review(store.conn(), review)?;
            let (list, nones) = (decisions::list(store.conn(), id)?, decisions::nones(store.conn(), id)?);
            emit(json, &json!({"decisions": list, "none": nones}), || {
                let mut lines: Vec<String> = list.iter().map(|d| format!("#{} [{}] {} (inputs {}; actions {})", d.id, d.area, d.text, d.inputs.join(", "), d.actions.join(", "))).collect();
                lines.extend(nones.iter().map(|n| format!("[{}] none: {}", n.area, n.reason)));
                lines.join("\n")
            });
        }
    }
    Ok(Outcome::Done)
}

pub fn run_objective(global: &Global, command: &ObjectiveCommand) -> Result<Outcome> {
    let mut store = open(global)?;
    let json = global.json;
    let describe = |o: &objectives::Objective| format!("{:>3}  {}  ({}: {}; {} to {}; owner {})", o.id, o.title, o.measure, o.target, o.period_start, o.period_end, o.owner.as_ref().map_or("-", |p| p.name.as_str()));
    match command {
        ObjectiveCommand::Add { title, owner, measure, target, from, to } => {
            let new = ObjectiveChange { title: Some(title.clone()), owner_id: person_id(&store, owner)?, measure: Some(measure.clone()), target: Some(target.clone()), period_start: Some(*from), period_end: Some(*to), active: None };
            let objective = objectives::add(&mut store, &keys::actor(global)?, &new)?;
            emit(json, &objective, || format!("Added objective {}", describe(&objective)));
        }
        ObjectiveCommand::List { all } => {
            let list = objectives::list(store.conn(), *all)?;
            emit(json, &list, || if list.is_empty() { "No objectives yet: add one with `quorum objective add`.".into() } else { list.iter().map(describe).collect::<Vec<_>>().join("\n") });
        }
        ObjectiveCommand::Update { id, title, owner, measure, target, from, to, retire } => {
            let change = ObjectiveChange { title: title.clone(), owner_id: person_id(&store, owner)?, measure: measure.clone(), target: target.clone(), period_start: *from, period_end: *to, active: retire.then_some(false) };
            let objective = objectives::update(&mut store, &keys::actor(global)?, *id, &change)?;
            emit(json, &objective, || format!("Updated objective {}", describe(&objective)));
        }
        ObjectiveCommand::Result { review, id, met, measured, note, next_target } => {
            let review = reference(&store, review)?;
            let entry = objectives::ResultEntry { met: *met, measured: measured.as_deref(), note: note.as_deref(), next_target: next_target.as_deref() };
            let result = objectives::record_result(&mut store, &keys::actor(global)?, &review, *id, &entry)?;
            emit(json, &result, || format!("{review}: objective {} {}.", result.objective.title, met.as_str().replace('_', " ")));
        }
    }
    Ok(Outcome::Done)
}

/// `quorum check REVIEW`: exit 1 when any nonconformity is found.
pub fn run_check(global: &Global, review: &str) -> Result<Outcome> {
    let store = open(global)?;
    let review = reference(&store, review)?;
    let findings = check::check(store.conn(), &review, keys::now()?)?;
    let count = |severity: Severity| findings.iter().filter(|f| f.severity == severity).count();
    let (nonconformities, observations, preparation) = (count(Severity::Nonconformity), count(Severity::Observation), count(Severity::Preparation));
    emit(global.json, &json!({"review": review, "nonconformities": nonconformities, "observations": observations, "preparation": preparation, "findings": findings}), || {
        if findings.is_empty() {
            return format!("{review}: nothing an auditor would find.");
        }
        let mut lines = vec![format!("{review}: {nonconformities} nonconformities, {observations} observations, {preparation} preparation tasks before the meeting")];
        for f in &findings {
            lines.push(format!("\n[{}] {} ({})\n  {}\n  Fix: {}", f.severity.as_str().to_uppercase(), f.id, f.source, f.message, f.fix));
        }
        lines.join("\n")
    });
    Ok(if nonconformities > 0 { Outcome::CheckFailed } else { Outcome::Done })
}
