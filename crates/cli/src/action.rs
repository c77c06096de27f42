//! `quorum action ...`: the action item register from the shell, and its CSV and XLSX
//! exports for auditors.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::NaiveDate;
use clap::{ArgGroup, Args, Subcommand};
use quorum_core::register::{
    self, Action, ActionDetail, ActionFilter, ActionStatus, ActionUpdate, EscalateRequest, NewAction, Outcome as Verdict, Priority, Source, VerifyRequest,
    DEFAULT_STALLED_DAYS,
};
use quorum_core::{export, Error, Result, Store};
use serde_json::json;

use crate::commands::{open, Outcome};
use crate::keys;
use crate::output::emit;
use crate::Global;

/// Parses a core enum (status, priority, source) for clap, listing the valid values.
pub(crate) fn parse<T: FromStr<Err = Error>>(text: &str) -> std::result::Result<T, String> {
    text.parse().map_err(|e: Error| e.to_string())
}

pub(crate) fn parse_day(text: &str) -> std::result::Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| format!("'{text}' is not a date: write it as YYYY-MM-DD"))
}

#[derive(Subcommand, Debug)]
pub enum ActionCommand {
    /// Add an action (Open): description, source, owner and target date are required.
    Add {
        /// What must be done.
        description: String,
        /// What raised it: audit_finding, kpi_gap, incident, risk, nonconformity, resource_need, improvement.
        #[arg(long, value_parser = parse::<Source>)]
        source: Source,
        /// The owner: name, email or id.
        #[arg(long)]
        owner: String,
        /// Target date (YYYY-MM-DD).
        #[arg(long, value_parser = parse_day)]
        target: NaiveDate,
        /// high, medium (default) or low.
        #[arg(long, value_parser = parse::<Priority>)]
        priority: Option<Priority>,
        /// The review that raised it (reference like MR-2027-01, or id).
        #[arg(long)]
        review: Option<String>,
        /// The decision that raised it (id).
        #[arg(long)]
        decision: Option<i64>,
        /// The input of --review that raised it (its code: a, b, d2, soc2_incidents, ...).
        #[arg(long, requires = "review")]
        input: Option<String>,
        /// Resources and dependencies.
        #[arg(long)]
        resources: Option<String>,
        /// Risks and blockers.
        #[arg(long)]
        blockers: Option<String>,
        /// A theme tag (repeat, or separate with commas).
        #[arg(long = "tag")]
        tags: Vec<String>,
    },
    /// List the register, filtered; write it as CSV or XLSX for auditors.
    List(ListArgs),
    /// One action with its status history, notes, date revisions, verifications and escalations.
    Show { action: String },
    /// Change fields, move between open and in_progress, or add a progress note.
    Update {
        action: String,
        #[arg(long)]
        description: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long, value_parser = parse::<Priority>)]
        priority: Option<Priority>,
        #[arg(long)]
        resources: Option<String>,
        #[arg(long)]
        blockers: Option<String>,
        /// Replace the tags (repeat, or separate with commas; "" clears them).
        #[arg(long = "tag")]
        tags: Option<Vec<String>>,
        /// open or in_progress.
        #[arg(long, value_parser = parse::<ActionStatus>)]
        status: Option<ActionStatus>,
        /// A timestamped progress note.
        #[arg(long)]
        note: Option<String>,
        /// Set the target date of an action that has none (otherwise use revise-date).
        #[arg(long, value_parser = parse_day)]
        target: Option<NaiveDate>,
    },
    /// The owner's claim that the action is done; a verifier then closes or rejects it.
    Complete {
        action: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// A verifier (not the owner) accepts the evidence (closes) or rejects it (back to in_progress).
    #[command(group(ArgGroup::new("verdict").required(true).args(["accept", "reject"])))]
    Verify {
        action: String,
        /// The verifier: name, email or id.
        #[arg(long = "by")]
        by: String,
        #[arg(long)]
        accept: bool,
        #[arg(long)]
        reject: bool,
        /// The evidence reviewed.
        #[arg(long)]
        evidence: String,
        /// Why it is rejected (required with --reject).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Escalate an overdue or stalled action one level up the escalation path.
    Escalate {
        action: String,
        #[arg(long)]
        note: Option<String>,
        /// Escalate even though it is neither overdue nor stalled (needs --note).
        #[arg(long)]
        force: bool,
        /// Days without a status change or note after which an action is stalled.
        #[arg(long, default_value_t = DEFAULT_STALLED_DAYS)]
        stalled_days: i64,
    },
    /// Move the target date, keeping the original and the reason.
    ReviseDate {
        action: String,
        #[arg(value_parser = parse_day)]
        date: NaiveDate,
        #[arg(long)]
        reason: String,
    },
    /// Show the escalation path, or set it with --level NAME (the owner's line manager) or --level NAME=PERSON, lowest first.
    Path {
        #[arg(long = "level", value_name = "NAME[=PERSON]")]
        levels: Vec<String>,
    },
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// open, in_progress, completed, closed (repeat for several).
    #[arg(long, value_parser = parse::<ActionStatus>)]
    status: Vec<ActionStatus>,
    /// Name, email or id.
    #[arg(long)]
    owner: Option<String>,
    #[arg(long, value_parser = parse::<Priority>)]
    priority: Option<Priority>,
    /// Only overdue actions.
    #[arg(long, conflicts_with = "not_overdue")]
    overdue: bool,
    /// Only actions that are not overdue.
    #[arg(long)]
    not_overdue: bool,
    /// Only escalated actions that are not closed.
    #[arg(long)]
    escalated: bool,
    /// Only stalled actions (no status change or note for --stalled-days).
    #[arg(long)]
    stalled: bool,
    /// Review reference (MR-2027-01) or id.
    #[arg(long)]
    review: Option<String>,
    #[arg(long, value_parser = parse::<Source>)]
    source: Option<Source>,
    #[arg(long)]
    tag: Option<String>,
    /// Only actions whose row holds every one of these words (reference, description,
    /// owner, review, source).
    #[arg(long, value_name = "WORDS")]
    search: Option<String>,
    #[arg(long, default_value_t = DEFAULT_STALLED_DAYS)]
    stalled_days: i64,
    /// Write the list as CSV to this file.
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// Write the list as an Excel workbook to this file.
    #[arg(long, value_name = "FILE")]
    xlsx: Option<PathBuf>,
}

pub fn run_action(global: &Global, what: &ActionCommand) -> Result<Outcome> {
    let json = global.json;
    let actor = keys::actor(global)?;
    let mut store = open(global)?;
    match what {
        ActionCommand::Add { description, source, owner, target, priority, review, decision, input, resources, blockers, tags } => {
            let owner = register::resolve_person(store.conn(), owner)?;
            let review_id = review.as_deref().map(|r| register::resolve_review(store.conn(), r)).transpose()?;
            let input_id = match (review, review_id, input) {
                (Some(review), Some(id), Some(code)) => Some(quorum_core::review::inputs::input_id(store.conn(), id, review, code)?),
                _ => None,
            };
            let new = NewAction {
                description: description.clone(),
                source: Some(*source),
                review_id,
                decision_id: *decision,
                input_id,
                owner_id: Some(owner.id),
                target_on: Some(*target),
                priority: *priority,
                resources: resources.clone(),
                blockers: blockers.clone(),
                tags: tags.clone(),
            };
            let similar = register::similar::open_like(store.conn(), description)?;
            for s in &similar {
                eprintln!(
                    "warning: {} ({}, {}, due {}) is open with a similar description: \"{}\". If it is the same work, record progress on it (quorum action update {} --note TEXT) instead of this new action.",
                    s.reference,
                    s.status.replace('_', " "),
                    s.owner.as_deref().unwrap_or("no owner"),
                    s.target_on.as_deref().unwrap_or("no date"),
                    s.description,
                    s.reference
                );
            }
            let action = register::add(&mut store, &actor, &new)?;
            emit(json, &action, || format!("Added {} for {}, due {}.", action.reference, owner.name, target));
        }
        ActionCommand::List(args) => return list(global, &store, args),
        ActionCommand::Show { action } => {
            let detail = register::show(store.conn(), action, actor.now)?;
            emit(json, &detail, || describe(&detail));
        }
        ActionCommand::Update { action, description, owner, priority, resources, blockers, tags, status, note, target } => {
            let owner_id = owner.as_deref().map(|o| register::resolve_person(store.conn(), o)).transpose()?.map(|p| p.id);
            let change = ActionUpdate {
                description: description.clone(),
                owner_id,
                priority: *priority,
                resources: resources.clone(),
                blockers: blockers.clone(),
                tags: tags.clone(),
                status: *status,
                note: note.clone(),
                target_on: *target,
            };
            let action = register::update(&mut store, &actor, action, &change)?;
            emit(json, &action, || format!("Updated {} ({}).", action.reference, label(action.status)));
        }
        ActionCommand::Complete { action, note } => {
            let action = register::complete(&mut store, &actor, action, note.as_deref())?;
            emit(json, &action, || format!("{} is completed; it closes when a verifier other than its owner accepts the evidence (quorum action verify).", action.reference))
        }
        ActionCommand::Verify { action, by, accept, reject: _, evidence, reason } => {
            let verifier = register::resolve_person(store.conn(), by)?;
            let request = VerifyRequest {
                verifier_id: verifier.id,
                outcome: if *accept { Verdict::Accepted } else { Verdict::Rejected },
                evidence: evidence.clone(),
                reason: reason.clone(),
            };
            let action = register::verify(&mut store, &actor, action, &request)?;
            emit(json, &action, || match action.status {
                ActionStatus::Closed => format!("{} is closed, verified by {}.", action.reference, verifier.name),
                _ => format!("{} goes back to in progress: {}.", action.reference, reason.as_deref().unwrap_or_default()),
            });
        }
        ActionCommand::Escalate { action, note, force, stalled_days } => {
            let request = EscalateRequest { note: note.clone(), force: *force, stalled_days: *stalled_days };
            let action = register::escalate(&mut store, &actor, action, &request)?;
            let detail = register::show(store.conn(), &action.reference, actor.now)?;
            let step = detail.escalations.last();
            emit(json, &action, || {
                let skipped = step.and_then(|s| s.note.as_deref()).filter(|n| n.contains("skipped:")).map(|n| format!("\n{n}")).unwrap_or_default();
                format!(
                    "{} escalated to level {} ({}){}.{skipped}",
                    action.reference,
                    action.escalation_level,
                    action.escalation_level_name.as_deref().unwrap_or("unnamed"),
                    step.and_then(|s| s.person.as_ref()).map(|p| format!(": {p}")).unwrap_or_default()
                )
            });
        }
        ActionCommand::ReviseDate { action, date, reason } => {
            let action = register::revise_date(&mut store, &actor, action, *date, reason)?;
            emit(json, &action, || {
                format!("{} is now due {} (originally {}).", action.reference, date, action.original_target_on.map(|d| d.to_string()).unwrap_or_default())
            });
        }
        ActionCommand::Path { levels } => {
            let path = if levels.is_empty() {
                register::escalation_path(store.conn())?
            } else {
                let mut parsed = Vec::new();
                for level in levels {
                    let (name, person) = match level.split_once('=') {
                        Some((name, who)) => (name.to_owned(), Some(register::resolve_person(store.conn(), who)?.id)),
                        None => (level.clone(), None),
                    };
                    parsed.push((name, person));
                }
                register::set_escalation_path(&mut store, &actor, &parsed)?
            };
            emit(json, &path, || {
                if path.is_empty() {
                    return "No escalation path yet: set one, e.g. quorum action path --level \"Line manager\" --level \"Department head=NAME\" --level \"CISO=NAME\" --level \"Executive=NAME\"".into();
                }
                path.iter()
                    .map(|l| format!("{}. {}: {}", l.level, l.name, l.person.as_ref().map(|p| p.to_string()).unwrap_or_else(|| "the owner's line manager".into())))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
    }
    Ok(Outcome::Done)
}

fn list(global: &Global, store: &Store, args: &ListArgs) -> Result<Outcome> {
    let now = keys::now()?;
    let filter = ActionFilter {
        statuses: args.status.clone(),
        owner_id: args.owner.as_deref().map(|o| register::resolve_person(store.conn(), o)).transpose()?.map(|p| p.id),
        priority: args.priority,
        overdue: if args.overdue { Some(true) } else if args.not_overdue { Some(false) } else { None },
        escalated: args.escalated.then_some(true),
        stalled: args.stalled.then_some(true),
        review_id: args.review.as_deref().map(|r| register::resolve_review(store.conn(), r)).transpose()?,
        source: args.source,
        tag: args.tag.clone(),
        search: args.search.clone(),
        stalled_days: Some(args.stalled_days),
        ..Default::default()
    };
    let actions = register::list(store.conn(), &filter, now)?;
    if let Some(path) = &args.csv {
        export::write_replacing(path, |tmp| write_bytes(tmp, &register::export::csv_bytes(&actions)?))?;
    }
    if let Some(path) = &args.xlsx {
        export::write_replacing(path, |tmp| write_bytes(tmp, &register::export::xlsx_bytes(&actions, now)?))?;
    }
    emit(global.json, &json!({"count": actions.len(), "actions": actions, "csv": args.csv, "xlsx": args.xlsx}), || {
        let mut text = table(&actions);
        for path in args.csv.iter().chain(args.xlsx.iter()) {
            text.push_str(&format!("\nWrote {} actions to {}.", actions.len(), path.display()));
        }
        text
    });
    Ok(Outcome::Done)
}

fn label(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::Open => "Open",
        ActionStatus::InProgress => "In progress",
        ActionStatus::Completed => "Completed",
        ActionStatus::Closed => "Closed",
    }
}

fn flags(action: &Action) -> String {
    let mut flags = Vec::new();
    if action.overdue {
        flags.push(format!("overdue {}d", action.days_overdue));
    }
    if action.escalation_level > 0 && action.status.is_open() {
        flags.push(format!("escalated L{}", action.escalation_level));
    }
    if action.stalled {
        flags.push("stalled".into());
    }
    flags.join(", ")
}

fn table(actions: &[Action]) -> String {
    if actions.is_empty() {
        return "No actions match.".into();
    }
    let mut text = format!("{:<13} {:<11} {:<6} {:<20} {:<10} {:<24} {}\n", "ID", "STATUS", "PRIO", "OWNER", "TARGET", "FLAGS", "DESCRIPTION");
    for a in actions {
        let owner: String = a.owner.as_ref().map(|o| crate::output::cell(&o.name).chars().take(20).collect()).unwrap_or_default();
        text.push_str(&format!(
            "{:<13} {:<11} {:<6} {:<20} {:<10} {:<24} {}\n",
            a.reference,
            label(a.status),
            a.priority.map(|p| p.as_str()).unwrap_or("-"),
            owner,
            a.target_on.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
            flags(a),
            crate::output::cell(&a.description)
        ));
    }
    text.push_str(&format!("{} actions", actions.len()));
    text
}

fn describe(d: &ActionDetail) -> String {
    let a = &d.action;
    let mut text = format!(
        "{}  {}\n{}\n\nSource:      {}{}\nOwner:       {}\nPriority:    {}\nTarget:      {}{}\nStatus:      {}{}\nResources:   {}\nBlockers:    {}\nTags:        {}\n",
        a.reference,
        label(a.status),
        a.description,
        a.source,
        a.review_reference.as_deref().map(|r| format!(" (review {r})")).unwrap_or_default(),
        a.owner.as_ref().map(|o| o.to_string()).unwrap_or_else(|| "-".into()),
        a.priority.map(|p| p.as_str()).unwrap_or("-"),
        a.target_on.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
        match (a.original_target_on, a.target_on) {
            (Some(o), Some(t)) if o != t => format!(" (originally {o})"),
            _ => String::new(),
        },
        label(a.status),
        if flags(a).is_empty() { String::new() } else { format!(" [{}]", flags(a)) },
        a.resources.as_deref().unwrap_or("-"),
        a.blockers.as_deref().unwrap_or("-"),
        if a.tags.is_empty() { "-".into() } else { a.tags.join(", ") },
    );
    text.push_str("\nHistory:\n");
    for h in &d.status_history {
        text.push_str(&format!("  {}  {} -> {} by {}{}\n", h.at.format("%Y-%m-%d %H:%M"), h.from.map(label).unwrap_or("-"), label(h.to), h.by, h.note.as_deref().map(|n| format!(": {n}")).unwrap_or_default()));
    }
    for n in &d.notes {
        text.push_str(&format!("  {}  note by {}: {}\n", n.at.format("%Y-%m-%d %H:%M"), n.by, n.text));
    }
    for r in &d.date_revisions {
        text.push_str(&format!("  {}  target {} -> {} by {}: {}\n", r.at.format("%Y-%m-%d %H:%M"), r.previous_on, r.new_on, r.by, r.reason));
    }
    for v in &d.verifications {
        text.push_str(&format!("  {}  verification {} by {}: {}{}\n", v.at.format("%Y-%m-%d %H:%M"), v.outcome, v.verifier.name, v.evidence, v.reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default()));
    }
    for e in &d.escalations {
        text.push_str(&format!(
            "  {}  escalated to level {} ({}) {}{}\n",
            e.at.format("%Y-%m-%d %H:%M"),
            e.level,
            e.level_name.as_deref().unwrap_or("-"),
            e.person.as_ref().map(|p| p.name.as_str()).unwrap_or("-"),
            e.note.as_deref().map(|n| format!(": {n}")).unwrap_or_default()
        ));
    }
    text.trim_end().to_owned()
}

fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| Error::invalid(format!("cannot write {}: {e}", path.display())))
}
