//! `quorum review ...`: reviews, their lifecycle and attendance.

use chrono::{NaiveDate, NaiveDateTime};
use clap::Subcommand;
use quorum_core::register::resolve_person;
use quorum_core::review::{self, NewReview, Review, Scope, Status, Trigger};
use quorum_core::Result;
use serde_json::json;

use crate::action::parse_day;
use crate::commands::{open, Outcome};
use crate::keys;
use crate::output::emit;
use crate::Global;

fn parse_start(text: &str) -> std::result::Result<NaiveDateTime, String> {
    NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M"))
        .map_err(|_| format!("'{text}' is not a meeting time: write it as YYYY-MM-DDTHH:MM, local to --tz"))
}

fn parse_scope(text: &str) -> std::result::Result<Scope, String> {
    Scope::parse(text).ok_or_else(|| format!("'{text}' is not a scope: use iso27001, soc2 or both"))
}

fn parse_trigger(text: &str) -> std::result::Result<Trigger, String> {
    serde_json::from_value(json!(text)).map_err(|_| format!("'{text}' is not a trigger: use major_incident, audit_finding, regulatory_change, organisational_change or other"))
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
        #[arg(long, value_parser = parse_scope, default_value = "both")]
        scope: Scope,
        /// For an ad hoc review: major_incident, audit_finding, regulatory_change, organisational_change or other.
        #[arg(long, value_parser = parse_trigger)]
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
    },
    /// Delete a review and all its records, once its retention period is over.
    Delete { reference: String },
}

fn describe(review: &Review) -> String {
    format!("{}  {:<16}  {}  {} ({})  {}", review.reference, review.status.replace('_', " "), review.starts_at.replace('T', " "), review.title, review.scope, review.kind.replace('_', " "))
}

pub fn run_review(global: &Global, command: &ReviewCommand) -> Result<Outcome> {
    let json = global.json;
    let mut store = open(global)?;
    match command {
        ReviewCommand::New { title, at, tz, duration, location, scope, trigger, trigger_text } => {
            let time_zone = match tz {
                Some(tz) => tz.clone(),
                None => store.conn().query_row("SELECT time_zone FROM organisation WHERE id = 1", [], |row| row.get(0))?,
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
            let review = review::get(store.conn(), reference)?;
            let quorum = review::quorum(store.conn(), reference)?;
            emit(json, &json!({"review": review, "quorum": quorum}), || {
                let mut text = describe(&review);
                text.push_str(&format!(
                    "\nQuorum: {}\nSOC 2 criteria evidenced: {}",
                    if quorum.met { "met".to_owned() } else { format!("not met ({})", quorum.shortfalls.join("; ")) },
                    if review.soc2_criteria.is_empty() { "none (ISO 27001 only)".to_owned() } else { review.soc2_criteria.join(", ") }
                ));
                text
            });
        }
        ReviewCommand::Transition { reference, to, on, note } => {
            let review = review::transition(&mut store, &keys::actor(global)?, reference, Status::parse(to)?, *on, note.as_deref())?;
            emit(json, &review, || format!("{} is now {}.", review.reference, review.status.replace('_', " ")));
        }
        ReviewCommand::Invite { reference, person, role, optional } => {
            let person = resolve_person(store.conn(), person)?;
            review::invite(&mut store, &keys::actor(global)?, reference, person.id, role, !optional)?;
            emit(json, &json!({"invited": person.name, "role": role}), || format!("Invited {} to {reference} as {}.", person.name, role.replace('_', " ")));
        }
        ReviewCommand::Attend { reference, person, attendance, delegate } => {
            let person = resolve_person(store.conn(), person)?;
            review::attend(&mut store, &keys::actor(global)?, reference, person.id, attendance, delegate.as_deref())?;
            let quorum = review::quorum(store.conn(), reference)?;
            emit(json, &json!({"person": person.name, "attendance": attendance, "quorum": quorum}), || {
                format!("{}: {}. Quorum {}.", person.name, attendance, if quorum.met { "met".to_owned() } else { format!("not met ({})", quorum.shortfalls.join("; ")) })
            });
        }
        ReviewCommand::Delete { reference } => {
            store.delete_review(reference, &keys::actor(global)?)?;
            emit(json, &json!({"deleted": reference}), || format!("Deleted review {reference} and its records."));
        }
    }
    Ok(Outcome::Done)
}
