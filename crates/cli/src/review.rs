//! `quorum review ...`: reviews, their lifecycle and attendance.

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use clap::Subcommand;
use quorum_core::register::resolve_person;
use quorum_core::review::approval::{self, DocumentChange};
use quorum_core::review::conclusion::{self, Judgement, SetConclusion};
use quorum_core::review::{distribution, period};
use quorum_core::review::{self, record, NewReview, Review, ReviewChange, Scope, Status, Trigger};
use quorum_core::Result;
use serde_json::json;

use crate::action::{parse, parse_day};
use crate::commands::{open, Outcome};
use crate::keys;
use crate::output::emit;
use crate::Global;

fn parse_start(text: &str) -> std::result::Result<NaiveDateTime, String> {
    NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M"))
        .map_err(|_| format!("'{text}' is not a meeting time: write it as YYYY-MM-DDTHH:MM, local to --tz"))
}


#[derive(Subcommand, Debug)]
pub enum ReviewCommand {
    /// Plan a review: the standard agenda and the inputs its scope requires come with it.
    New {
        #[arg(long)]
        title: String,
        /// Local meeting time, YYYY-MM-DDTHH:MM, in --tz.
        #[arg(long, value_parser = parse_start)]
        at: NaiveDateTime,
        /// IANA time zone of the meeting (default: the organisation's).
        #[arg(long)]
        tz: Option<String>,
        /// Minutes.
        #[arg(long, default_value_t = 120)]
        duration: u32,
        #[arg(long)]
        location: Option<String>,
        /// iso27001, soc2 or both.
        #[arg(long, value_parser = parse::<Scope>, default_value = "both")]
        scope: Scope,
        /// For an ad hoc review: major_incident, audit_finding, regulatory_change, organisational_change or other.
        #[arg(long, value_parser = parse::<Trigger>)]
        trigger: Option<Trigger>,
        /// What happened, for an ad hoc review (required with --trigger other).
        #[arg(long)]
        trigger_text: Option<String>,
    },
    /// List the reviews.
    List,
    /// Show a review with its quorum.
    Show { reference: String },
    /// Move a review on: invitations_sent, pack_circulated, held, minutes_drafted, or cancelled (with --note).
    Transition {
        reference: String,
        to: String,
        /// The day it happened (default: today).
        #[arg(long, value_parser = parse_day)]
        on: Option<NaiveDate>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Invite a person (name, email or id) with a role.
    Invite {
        reference: String,
        person: String,
        /// chair, top_management, isms_lead, minute_taker, department_head, internal_audit, risk_owner, dpo, it_security_operations, guest.
        #[arg(long)]
        role: String,
        #[arg(long)]
        optional: bool,
    },
    /// Record attendance: present, apologies, delegate (with --delegate NAME) or absent.
    Attend {
        reference: String,
        person: String,
        attendance: String,
        #[arg(long)]
        delegate: Option<String>,
        /// What the person delegated to the delegate (the scope and authority), for top
        /// management represented by a delegate.
        #[arg(long, value_name = "TEXT", requires = "delegate")]
        delegation: Option<String>,
    },
    /// Record that the approved minutes reached people (the attendees unless --to names
    /// them), on a day and by a way: email, shared_folder, printed or in_person.
    Distribute {
        reference: String,
        /// Who received them (repeat); the attendees when left out.
        #[arg(long = "to", value_name = "PERSON")]
        to: Vec<String>,
        /// The day they were sent (YYYY-MM-DD); today when left out.
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        on: Option<NaiveDate>,
        #[arg(long, value_name = "HOW", default_value = "email")]
        how: String,
    },
    /// Who has received the approved minutes, and who is still due them.
    Distribution { reference: String },
    /// Write the email that sends the signed minutes to the attendees: an unsent message
    /// (.eml) with the PDF attached, to open in a mail program and send.
    SendMinutes {
        reference: String,
        /// The signed minutes (`quorum export minutes REF --sign` wrote it).
        #[arg(long, value_name = "FILE.pdf")]
        pdf: PathBuf,
        #[arg(long, value_name = "FILE.eml")]
        out: PathBuf,
    },
    /// Delete a review and all its records, once its retention period is over.
    Delete { reference: String },
    /// Change a review's details and the document control of its minutes.
    Set(SetArgs),
    /// Record top management's conclusion on the ISMS (clause 9.3.1), required before approval:
    /// is it still suitable, adequate and effective (yes, yes-with-changes or no), and why.
    Conclude {
        reference: String,
        #[arg(long, value_name = "VERDICT")]
        suitable: String,
        #[arg(long, value_name = "WHY")]
        suitable_why: String,
        #[arg(long, value_name = "VERDICT")]
        adequate: String,
        #[arg(long, value_name = "WHY")]
        adequate_why: String,
        #[arg(long, value_name = "VERDICT")]
        effective: String,
        #[arg(long, value_name = "WHY")]
        effective_why: String,
    },
    /// Set the period the review covers when it is not the default (from the day after the
    /// previous review of the same scope to this meeting), with the reason; --default returns to it.
    Period {
        reference: String,
        #[arg(long, value_parser = parse_day, required_unless_present = "default")]
        from: Option<NaiveDate>,
        #[arg(long, value_parser = parse_day, required_unless_present = "default")]
        to: Option<NaiveDate>,
        #[arg(long, required_unless_present = "default")]
        reason: Option<String>,
        #[arg(long, conflicts_with_all = ["from", "to", "reason"])]
        default: bool,
    },
    /// Approve the minutes as the chair or a named approver; the last approval locks the revision.
    Approve {
        reference: String,
        /// Who approves: name, email or id.
        #[arg(long)]
        by: String,
        /// Approve although the readiness check has open findings, with the reason (printed
        /// in the revision history).
        #[arg(long, value_name = "REASON")]
        anyway: Option<String>,
    },
    /// Open a new revision of approved minutes (1.0 -> 1.1); the approved one stays intact.
    Revise {
        reference: String,
        /// What the new revision changes, and why.
        #[arg(long)]
        particulars: String,
    },
}

#[derive(clap::Args, Debug)]
pub struct SetArgs {
    reference: String,
    #[arg(long)]
    title: Option<String>,
    /// Local meeting time, YYYY-MM-DDTHH:MM.
    #[arg(long, value_parser = parse_start)]
    at: Option<NaiveDateTime>,
    #[arg(long)]
    tz: Option<String>,
    /// Minutes.
    #[arg(long)]
    duration: Option<u32>,
    /// Room or video link ("" clears it).
    #[arg(long)]
    location: Option<String>,
    /// The date of the next review, as the minutes record it.
    #[arg(long, value_parser = parse_day)]
    next_review: Option<NaiveDate>,
    /// Classification of the minutes (for example Confidential).
    #[arg(long)]
    classification: Option<String>,
    /// Author of the minutes: name, email or id.
    #[arg(long)]
    author: Option<String>,
    /// Reviewer or custodian of the minutes.
    #[arg(long)]
    reviewer: Option<String>,
    /// Owner of the minutes.
    #[arg(long)]
    owner: Option<String>,
    /// Distribution list (repeat the option, one name each).
    #[arg(long)]
    distribute_to: Vec<String>,
    /// An approver besides the chair (repeat the option; replaces the list).
    #[arg(long)]
    approver: Vec<String>,
}

fn describe(review: &Review) -> String {
    format!("{}  {:<16}  {}  {} ({})  {}", review.reference, review.status.replace('_', " "), review.starts_at.replace('T', " "), crate::output::cell(&review.title), review.scope, review.kind.replace('_', " "))
}

pub fn run_review(global: &Global, command: &ReviewCommand) -> Result<Outcome> {
    let json = global.json;
    let mut store = open(global)?;
    match command {
        ReviewCommand::New { title, at, tz, duration, location, scope, trigger, trigger_text } => {
            let time_zone = match tz {
                Some(tz) => tz.clone(),
                None => quorum_core::organisation::get(store.conn())?.time_zone,
            };
            let new = NewReview { title: title.clone(), trigger: *trigger, trigger_text: trigger_text.clone(), scope: *scope, starts_at: *at, time_zone, duration_minutes: *duration, location: location.clone() };
            let review = review::create(&mut store, &keys::actor(global)?, &new)?;
            emit(json, &review, || format!("Planned {}", describe(&review)));
        }
        ReviewCommand::List => {
            let reviews = review::list(store.conn())?;
            emit(json, &reviews, || if reviews.is_empty() { "No reviews yet: plan one with `quorum review new`.".into() } else { reviews.iter().map(describe).collect::<Vec<_>>().join("\n") });
        }
        ReviewCommand::Show { reference } => {
            let record = record::load(store.conn(), reference, keys::now()?)?;
            emit(json, &record, || show(&record));
        }
        ReviewCommand::Transition { reference, to, on, note } => {
            let review = review::transition(&mut store, &keys::actor(global)?, reference, to.parse::<Status>()?, *on, note.as_deref())?;
            emit(json, &review, || format!("{} is now {}.", review.reference, review.status.replace('_', " ")));
        }
        ReviewCommand::Invite { reference, person, role, optional } => {
            let person = resolve_person(store.conn(), person)?;
            review::invite(&mut store, &keys::actor(global)?, reference, person.id, role, !optional)?;
            emit(json, &json!({"invited": person.name, "role": role}), || format!("Invited {} to {reference} as {}.", person.name, role.replace('_', " ")));
        }
        ReviewCommand::Attend { reference, person, attendance, delegate, delegation } => {
            let person = resolve_person(store.conn(), person)?;
            review::attend(&mut store, &keys::actor(global)?, reference, person.id, attendance, delegate.as_deref())?;
            if let Some(delegation) = delegation {
                review::record_delegation(&mut store, &keys::actor(global)?, reference, person.id, delegation)?;
            }
            let quorum = review::quorum(store.conn(), reference)?;
            emit(json, &json!({"person": person.name, "attendance": attendance, "quorum": quorum}), || {
                format!("{}: {}. Quorum {}.", person.name, attendance, if quorum.met { "met".to_owned() } else { format!("not met ({})", quorum.shortfalls.join("; ")) })
            });
        }
        ReviewCommand::Distribute { reference, to, on, how } => {
            let actor = keys::actor(global)?;
            let people = to.iter().map(|p| resolve_person(store.conn(), p).map(|p| p.id)).collect::<Result<Vec<_>>>()?;
            let on = on.unwrap_or_else(|| actor.today());
            let recorded = distribution::record(&mut store, &actor, reference, &people, on, how.parse()?)?;
            emit(json, &recorded, || distribution_text(reference, &recorded));
        }
        ReviewCommand::Distribution { reference } => {
            let review_id = quorum_core::register::resolve_review(store.conn(), reference)?;
            let recorded = distribution::list(store.conn(), review_id)?;
            emit(json, &recorded, || distribution_text(reference, &recorded));
        }
        ReviewCommand::SendMinutes { reference, pdf, out } => {
            distribution::write_draft_email(store.conn(), reference, pdf, out, keys::actor(global)?.now)?;
            emit(json, &json!({"written": out}), || {
                format!("Wrote {}: open it in your mail program and send it. Then record it: quorum review distribute {reference} --how email", out.display())
            });
        }
        ReviewCommand::Delete { reference } => {
            store.delete_review(reference, &keys::actor(global)?)?;
            emit(json, &json!({"deleted": reference}), || format!("Deleted review {reference} and its records."));
        }
        ReviewCommand::Set(args) => {
            let actor = keys::actor(global)?;
            let person = |name: &Option<String>| name.as_deref().map(|n| resolve_person(store.conn(), n).map(|p| p.id)).transpose();
            let document = DocumentChange {
                classification: args.classification.clone(),
                author_id: person(&args.author)?,
                reviewer_id: person(&args.reviewer)?,
                owner_id: person(&args.owner)?,
                distribution: (!args.distribute_to.is_empty()).then(|| args.distribute_to.clone()),
                approvers: if args.approver.is_empty() { None } else { Some(args.approver.iter().map(|n| resolve_person(store.conn(), n).map(|p| p.id)).collect::<Result<_>>()?) },
            };
            let change = ReviewChange { title: args.title.clone(), starts_at: args.at, time_zone: args.tz.clone(), duration_minutes: args.duration, location: args.location.clone(), next_review_on: args.next_review };
            let review = review::set(&mut store, &actor, &args.reference, &change)?;
            approval::set_document(&mut store, &actor, &args.reference, &document)?;
            emit(json, &review, || format!("Updated {}", describe(&review)));
        }
        ReviewCommand::Conclude { reference, suitable, suitable_why, adequate, adequate_why, effective, effective_why } => {
            let judgement = |verdict: &str, why: &str| -> Result<Judgement> { Ok(Judgement { verdict: verdict.parse()?, rationale: why.to_owned() }) };
            let new = SetConclusion { suitable: judgement(suitable, suitable_why)?, adequate: judgement(adequate, adequate_why)?, effective: judgement(effective, effective_why)? };
            let concluded = conclusion::set(&mut store, &keys::actor(global)?, reference, &new)?;
            emit(json, &concluded, || {
                let lines: Vec<String> = concluded.judgements().iter().map(|(label, j)| format!("  {label:<10} {}: {}", j.verdict.label(), j.rationale)).collect();
                format!("Recorded the conclusion of {reference} on the ISMS (9.3.1):\n{}", lines.join("\n"))
            });
        }
        ReviewCommand::Period { reference, from, to, reason, default } => {
            let chosen = match (from, to, reason) {
                (Some(from), Some(to), Some(reason)) if !default => Some((*from, *to, reason.as_str())),
                _ => None,
            };
            period::set(&mut store, &keys::actor(global)?, reference, chosen)?;
            let review = review::get(store.conn(), reference)?;
            let cadence = quorum_core::organisation::get(store.conn())?.review_cadence_months;
            let now = period::of(store.conn(), &review, cadence)?;
            emit(json, &now, || format!("{reference} covers {}.", now.text()));
        }
        ReviewCommand::Approve { reference, by, anyway } => {
            let person = resolve_person(store.conn(), by)?;
            let state = approval::approve(&mut store, &keys::actor(global)?, reference, person.id, anyway.as_deref())?;
            emit(json, &state, || {
                if state.locked {
                    format!("Version {} of the minutes of {reference} is approved and locked.", state.version)
                } else {
                    format!("{} approved version {} of {reference}; waiting for {}.", person.name, state.version, state.waiting_for.join(", "))
                }
            });
        }
        ReviewCommand::Revise { reference, particulars } => {
            let version = approval::revise(&mut store, &keys::actor(global)?, reference, particulars)?;
            emit(json, &json!({"reference": reference, "version": version}), || format!("Opened version {version} of the minutes of {reference}; the approved version stays as it was."));
        }
    }
    Ok(Outcome::Done)
}

fn or_dash(text: Option<&str>) -> &str {
    text.filter(|t| !t.trim().is_empty()).unwrap_or("-")
}

/// The record as a person reads it in a terminal: every section, one line per item.
fn show(record: &record::ReviewRecord) -> String {
    let review = &record.review;
    let document = &record.document;
    let mut out = vec![
        describe(review),
        format!("Document {}, version {} ({}), classification {}", document.document_number, document.version, document.status, document.classification),
        format!("Where: {}  Duration: {} min  Zone: {}", or_dash(review.location.as_deref()), review.duration_minutes, review.time_zone),
        format!("Period under review: {}", record.period.as_ref().map_or("-".to_owned(), |p| p.text())),
        format!("Chair: {}  Minute taker: {}", record.chair.as_ref().map_or("-", |p| p.name.as_str()), record.minute_taker.as_ref().map_or("-", |p| p.name.as_str())),
        format!("Quorum: {}", if record.quorum.met { "met".to_owned() } else { format!("not met ({})", record.quorum.shortfalls.join("; ")) }),
        format!("SOC 2 criteria evidenced: {}", if review.soc2_criteria.is_empty() { "none (ISO 27001 only)".to_owned() } else { review.soc2_criteria.join(", ") }),
        String::from("\nAttendees:"),
    ];
    for a in &record.attendees {
        let delegate = a.delegate_name.as_deref().map(|d| format!(" (delegate: {d})")).unwrap_or_default();
        out.push(format!("  {:<28} {:<22} {}{delegate}", crate::output::cell(&a.person.name), a.role.replace('_', " "), a.attendance));
    }
    out.push("\nAgenda:".into());
    for item in &record.agenda {
        let words = item.discussion.split_whitespace().count();
        out.push(format!("  {}. {} ({} min) [{}] notes: {words} words", item.position, item.title, item.minutes_allocated, item.inputs.join(", ")));
    }
    out.push("\nInputs:".into());
    for input in &record.inputs {
        let what = if input.nothing_to_report { format!("nothing to report: {}", or_dash(input.nothing_reason.as_deref())) } else { format!("{} words", input.summary.split_whitespace().count()) };
        out.push(format!("  {:<15} {:<12} {:<11} {what}; {} KPIs, {} evidence files", input.code, input.clause, input.state.as_str(), input.kpis.len(), input.evidence.len()));
    }
    if !record.carried_actions.is_empty() {
        out.push(format!("\nActions carried from earlier reviews (input a, since {}):", record.previous_review.as_ref().map_or("-", |p| p.reference.as_str())));
        for carried in &record.carried_actions {
            out.push(format!("  {} {:<12} {}", carried.action.reference, carried.action.status.as_str(), crate::output::cell(&carried.action.description)));
        }
    }
    out.push("\nDecisions:".into());
    for decision in &record.decisions {
        out.push(format!("  #{} [{}] {} (inputs: {}; actions: {})", decision.id, decision.area, decision.text, decision.inputs.join(", "), decision.actions.join(", ")));
    }
    for none in &record.areas_none {
        out.push(format!("  [{}] none: {}", none.area, none.reason));
    }
    out.push("\nActions raised:".into());
    for action in &record.actions_raised {
        out.push(format!("  {} {:<12} {} (owner {}, due {})", action.reference, action.status.as_str(), crate::output::cell(&action.description), action.owner.as_ref().map_or("-", |o| o.name.as_str()), action.target_on.map_or("-".into(), |d| d.to_string())));
    }
    if !record.objectives.is_empty() {
        out.push("\nObjectives:".into());
        for result in &record.objectives {
            out.push(format!("  {} {}: {}", result.objective.id, result.objective.title, result.met.as_str().replace('_', " ")));
        }
    }
    out.push("\nConclusion on the ISMS (9.3.1):".into());
    match &record.conclusion {
        Some(conclusion) => out.extend(conclusion.judgements().iter().map(|(label, j)| format!("  {label:<10} {}: {}", j.verdict.label(), j.rationale))),
        None => out.push(format!("  not recorded (`quorum review conclude {}`)", record.review.reference)),
    }
    out.push("\nRevisions:".into());
    for revision in &document.revisions {
        let by: Vec<&str> = revision.approvals.iter().map(|a| a.person.name.as_str()).collect();
        out.push(format!("  {} {} {} approved by {}: {}", revision.version, revision.status, or_dash(revision.released_on.as_deref()), if by.is_empty() { "-".into() } else { by.join(", ") }, revision.particulars));
    }
    out.join("\n")
}

fn distribution_text(reference: &str, recorded: &[distribution::Distribution]) -> String {
    if recorded.is_empty() {
        return format!("The approved minutes of {reference} are not recorded as sent to anyone yet.");
    }
    let mut text = format!("Version {} of the minutes of {reference} went to:\n", recorded[0].version);
    for d in recorded {
        text.push_str(&format!("  {:<30} {}  {}\n", crate::output::cell(&d.person.name), d.sent_on, d.method.as_str().replace('_', " ")));
    }
    text.trim_end().to_owned()
}
