//! `quorum org show|set|board`: the organisation's settings (time zone, document control
//! defaults, quorum rule, working week, review cadence, ISMS lead) and its review board.

use clap::Subcommand;
use quorum_core::organisation::{self, Organisation, OrganisationChange, QuorumRule};
use quorum_core::register::resolve_person;
use quorum_core::review::board::{self, BoardMember};
use quorum_core::{Result, Store};

use crate::commands::{open, Outcome};
use crate::keys;
use crate::output::emit;
use crate::Global;

#[derive(Subcommand, Debug)]
pub enum OrgCommand {
    /// Show the settings.
    Show,
    /// Change settings; what is not given stays.
    Set {
        #[arg(long)]
        name: Option<String>,
        /// IANA time zone, like Europe/London.
        #[arg(long)]
        tz: Option<String>,
        /// Default classification of new minutes.
        #[arg(long)]
        classification: Option<String>,
        /// Prefix of the minutes' document numbers.
        #[arg(long)]
        document_prefix: Option<String>,
        /// Quorum: whether the chair must be present.
        #[arg(long)]
        quorum_chair: Option<bool>,
        /// Quorum: top management members present in person.
        #[arg(long)]
        quorum_top_management: Option<u32>,
        /// Quorum: members present in person or by a delegate.
        #[arg(long)]
        quorum_members: Option<u32>,
        /// Working days, comma-separated: mon,tue,wed,thu,fri.
        #[arg(long, value_delimiter = ',')]
        working_days: Option<Vec<String>>,
        /// Planned interval between reviews, in months (1 to 12).
        #[arg(long)]
        cadence_months: Option<u32>,
        /// The ISMS lead (name, email or id): the organizer of invitations.
        #[arg(long)]
        lead: Option<String>,
    },
    /// The review board: who every new review invites (`quorum plan` too), in what role.
    #[command(subcommand)]
    Board(BoardCommand),
}

#[derive(Subcommand, Debug)]
pub enum BoardCommand {
    /// List the board.
    List,
    /// Put a person (name, email or id) on the board, or change their role.
    Add {
        person: String,
        /// chair, top_management, isms_lead, minute_taker, department_head, internal_audit, risk_owner, dpo, it_security_operations, guest.
        #[arg(long)]
        role: String,
        #[arg(long)]
        optional: bool,
    },
    /// Take a person off the board (reviews already planned keep their invitees).
    Remove { person: String },
    /// Invite the board's members to every review still planned (invitations not sent yet).
    Apply,
}

fn describe_board(members: &[BoardMember]) -> String {
    if members.is_empty() {
        return "The review board is empty: add its members with `quorum org board add PERSON --role ROLE`; every new review then invites them.".into();
    }
    members.iter().map(|m| format!("  {:<28} {:<24} {}", m.person.name, m.role.replace('_', " "), if m.required { "required" } else { "optional" })).collect::<Vec<_>>().join("\n")
}

fn describe(o: &Organisation) -> String {
    [
        format!("Organisation:     {}", o.name),
        format!("Time zone:        {}", o.time_zone),
        format!("ISMS lead:        {}", o.isms_lead.as_ref().map_or("-".to_owned(), |p| p.to_string())),
        format!("Minutes:          {}-YYYY-NN, classification {}", o.document_prefix, o.classification),
        format!(
            "Quorum:           {}at least {} top management member(s) in person, at least {} member(s)",
            if o.quorum.requires_chair { "the chair, " } else { "" },
            o.quorum.min_top_management,
            o.quorum.min_members
        ),
        format!("Working days:     {}", o.working_days.join(", ")),
        format!("Review cadence:   every {} month(s)", o.review_cadence_months),
        format!("Retention:        {} years", o.retention_years),
    ]
    .join("\n")
}

pub fn run_org(global: &Global, command: &OrgCommand) -> Result<Outcome> {
    let mut store = open(global)?;
    let organisation = match command {
        OrgCommand::Board(board_command) => return run_board(global, &mut store, board_command),
        OrgCommand::Show => organisation::get(store.conn())?,
        OrgCommand::Set { name, tz, classification, document_prefix, quorum_chair, quorum_top_management, quorum_members, working_days, cadence_months, lead } => {
            let current = organisation::get(store.conn())?.quorum;
            let quorum = (quorum_chair.is_some() || quorum_top_management.is_some() || quorum_members.is_some()).then(|| QuorumRule {
                requires_chair: quorum_chair.unwrap_or(current.requires_chair),
                min_top_management: quorum_top_management.unwrap_or(current.min_top_management),
                min_members: quorum_members.unwrap_or(current.min_members),
            });
            let change = OrganisationChange {
                name: name.clone(),
                time_zone: tz.clone(),
                classification: classification.clone(),
                document_prefix: document_prefix.clone(),
                quorum,
                working_days: working_days.clone(),
                review_cadence_months: *cadence_months,
                isms_lead_id: lead.as_deref().map(|l| resolve_person(store.conn(), l).map(|p| p.id)).transpose()?,
            };
            organisation::set(&mut store, &keys::actor(global)?, &change)?
        }
    };
    emit(global.json, &organisation, || describe(&organisation));
    Ok(Outcome::Done)
}

fn run_board(global: &Global, store: &mut Store, command: &BoardCommand) -> Result<Outcome> {
    let actor = keys::actor(global)?;
    match command {
        BoardCommand::List => {
            let members = board::list(store.conn())?;
            emit(global.json, &members, || describe_board(&members));
        }
        BoardCommand::Add { person, role, optional } => {
            let person = resolve_person(store.conn(), person)?;
            let members = board::set(store, &actor, person.id, role, !optional)?;
            emit(global.json, &members, || format!("{} is on the review board as {}; new reviews invite them. `quorum org board apply` adds them to the reviews still planned.\n{}", person.name, role.replace('_', " "), describe_board(&members)));
        }
        BoardCommand::Remove { person } => {
            let person = resolve_person(store.conn(), person)?;
            let members = board::remove(store, &actor, person.id)?;
            emit(global.json, &members, || format!("{} is off the review board.\n{}", person.name, describe_board(&members)));
        }
        BoardCommand::Apply => {
            let changed = board::apply_to_planned(store, &actor)?;
            emit(global.json, &changed, || {
                if changed.is_empty() { "Every planned review already invites the whole board.".into() } else { format!("Invited the board to {}.", changed.join(", ")) }
            });
        }
    }
    Ok(Outcome::Done)
}
