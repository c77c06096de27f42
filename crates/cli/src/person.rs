//! `quorum person ...`: the people who attend reviews, own and verify actions, and make
//! up the escalation path.

use clap::Subcommand;
use quorum_core::people::{self, Person, PersonChange};
use quorum_core::register::resolve_person;
use quorum_core::Result;

use crate::commands::{open, Outcome};
use crate::keys;
use crate::output::emit;
use crate::Global;

#[derive(Subcommand, Debug)]
pub enum PersonCommand {
    /// Add a person.
    Add {
        name: String,
        #[command(flatten)]
        fields: PersonFields,
        /// A member of top management.
        #[arg(long)]
        top_management: bool,
    },
    /// List the people (--all includes those who left).
    List {
        #[arg(long)]
        all: bool,
    },
    /// Change a person (name, email or id); "" clears a text.
    Update {
        person: String,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: PersonFields,
        #[arg(long)]
        top_management: Option<bool>,
        /// Mark as having left (kept for the records).
        #[arg(long)]
        left: bool,
    },
}

#[derive(clap::Args, Debug)]
pub struct PersonFields {
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    title: Option<String>,
    #[arg(long)]
    department: Option<String>,
    /// Their line manager (name, email or id): the first step of the escalation path.
    #[arg(long)]
    manager: Option<String>,
}

impl PersonFields {
    fn change(&self, store: &quorum_core::Store, name: Option<String>, top_management: Option<bool>, active: Option<bool>) -> Result<PersonChange> {
        Ok(PersonChange {
            name,
            email: self.email.clone(),
            job_title: self.title.clone(),
            department: self.department.clone(),
            line_manager_id: self.manager.as_deref().map(|n| resolve_person(store.conn(), n).map(|p| p.id)).transpose()?,
            top_management,
            active,
        })
    }
}

fn describe(p: &Person) -> String {
    let mut text = format!("{:>4}  {}", p.id, crate::output::cell(&p.name));
    for part in [p.email.as_deref(), p.job_title.as_deref(), p.department.as_deref()].into_iter().flatten() {
        text.push_str(&format!(", {}", crate::output::cell(part)));
    }
    if let Some(manager) = &p.line_manager {
        text.push_str(&format!(" (reports to {})", crate::output::cell(&manager.name)));
    }
    if p.top_management {
        text.push_str(" [top management]");
    }
    if !p.active {
        text.push_str(" [left]");
    }
    text
}

pub fn run_person(global: &Global, command: &PersonCommand) -> Result<Outcome> {
    let mut store = open(global)?;
    let json = global.json;
    match command {
        PersonCommand::Add { name, fields, top_management } => {
            let new = fields.change(&store, Some(name.clone()), Some(*top_management), None)?;
            let person = people::add(&mut store, &keys::actor(global)?, &new)?;
            emit(json, &person, || format!("Added {}", describe(&person)));
        }
        PersonCommand::List { all } => {
            let list = people::list(store.conn(), *all)?;
            emit(json, &list, || if list.is_empty() { "No people yet: add one with `quorum person add NAME`.".into() } else { list.iter().map(describe).collect::<Vec<_>>().join("\n") });
        }
        PersonCommand::Update { person, name, fields, top_management, left } => {
            let id = resolve_person(store.conn(), person)?.id;
            let change = fields.change(&store, name.clone(), *top_management, left.then_some(false))?;
            let person = people::update(&mut store, &keys::actor(global)?, id, &change)?;
            emit(json, &person, || format!("Updated {}", describe(&person)));
        }
    }
    Ok(Outcome::Done)
}
