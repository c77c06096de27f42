//! `quorum`: Quorum's store from the shell, for scripting, CI and headless machines.
//! Thin over quorum-core: parse, call, print. Exit codes: 0 success, 1 a failed check or
//! an operation that failed, 2 a usage or input error.

mod action;
mod commands;
mod export;
mod identity;
mod keys;
mod metrics;
mod minutes;
mod org;
mod output;
mod person;
mod registers;
mod review;
mod schedule;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(name = "quorum", version, about = "Quorum: ISO/IEC 27001:2022 clause 9.3 management reviews, from the shell")]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// The store file (default: quorum.db in the platform's data folder).
    #[arg(long, global = true, env = "QUORUM_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// Read the store's passphrase from this file (first line). QUORUM_PASSPHRASE works too.
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Open the store with the recovery key in this file (as `quorum recovery-key` printed it).
    #[arg(long, global = true, value_name = "FILE")]
    pub recovery_key_file: Option<PathBuf>,
    /// Never use the OS keychain (for machines without one).
    #[arg(long, global = true)]
    pub no_keychain: bool,
    /// Who is making the change, for the audit trail (default: QUORUM_USER, then the OS user).
    #[arg(long = "as", global = true, value_name = "NAME", env = "QUORUM_USER")]
    pub actor: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new store; refuses to overwrite one.
    Init {
        /// The organisation's name.
        #[arg(long)]
        org: String,
        /// The organisation's IANA time zone.
        #[arg(long, default_value = "UTC")]
        tz: String,
        /// Where the key lives: the OS keychain (default) or a passphrase you keep.
        #[arg(long, value_enum, default_value_t = KeyModeArg::Keychain)]
        key: KeyModeArg,
        /// The ISMS lead's name.
        #[arg(long)]
        lead: Option<String>,
        /// The ISMS lead's email address.
        #[arg(long)]
        lead_email: Option<String>,
    },
    /// Show the store's path, format, key mode, counts and the audit chain state.
    Status,
    /// Check the whole store: SQLite's and SQLCipher's integrity checks, every table read, the
    /// audit chain and the store's own rules; reports every fault (exit 1 on any).
    VerifyStore {
        /// Also prove the audit trail still holds the head recorded in FILE: a PDF Quorum
        /// signed (its attached audit-anchor.json) or a backup of this store. A trail
        /// re-hashed or cut short since then fails.
        #[arg(long, value_name = "FILE")]
        against: Option<PathBuf>,
    },
    /// Copy every readable row of a damaged store into a new store (same key), reporting what
    /// was lost. The damaged file is never written.
    Salvage {
        damaged: PathBuf,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Set a new passphrase (a keychain store becomes a passphrase store).
    Passwd {
        /// Read the new passphrase from this file. QUORUM_NEW_PASSPHRASE works too.
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Rotate the store's key (keychain mode); with --keychain, move a passphrase store's key into the keychain.
    Rekey {
        #[arg(long)]
        keychain: bool,
    },
    /// Print the recovery key to keep offline: it opens the store without the keychain.
    RecoveryKey,
    /// Write an encrypted backup of the whole store.
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Restore a backup over the store (--db); refuses to replace an existing store without --force.
    Restore {
        backup: PathBuf,
        #[arg(long)]
        force: bool,
    },
    /// Create a store filled with a realistic demo organisation (or, with --years and
    /// --size, years of a busy one).
    Demo {
        /// The organisation's name in the demo.
        #[arg(long, default_value = "Northwind Analytics Ltd")]
        org: String,
        #[arg(long, value_enum, default_value_t = KeyModeArg::Keychain)]
        key: KeyModeArg,
        /// Instead of the demo, years of a busy organisation built through Quorum's own
        /// commands (the scale benchmark's store): with --size, how many years.
        #[arg(long, value_name = "YEARS", requires = "size")]
        years: Option<u32>,
        /// small (40 people, 100 actions a year) or large (300 people, 2,000 actions and
        /// 500 evidence files a year).
        #[arg(long, value_enum, requires = "years")]
        size: Option<ScaleSize>,
    },
    /// The action item register: add, list, show, update, complete, verify, escalate, revise-date.
    Action {
        #[command(subcommand)]
        what: action::ActionCommand,
    },
    /// Metrics on the action register, now and as of the last reviews held.
    Metrics(metrics::MetricsArgs),
    /// The organisation's registers the reviews read (risks, incidents, audit findings,
    /// suppliers): import from CSV or XLSX as dated snapshots, list as at a day, compare.
    Register {
        #[command(subcommand)]
        what: registers::RegisterCommand,
    },
    /// Export the whole store (JSON), a review's minutes or the auditor's pack (PDF).
    Export {
        #[command(subcommand)]
        what: export::ExportCommand,
    },
    /// The organisation's signing identity for signed PDFs: new, import, show, export-cert.
    Identity {
        #[command(subcommand)]
        what: identity::IdentityCommand,
    },
    /// Import into an empty store.
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// Check a signed PDF export: every signature valid, by the expected certificate, and
    /// nothing but signatures and timestamps added after it (exit 1 if not).
    Verify(verify::VerifyArgs),
    /// Add a document timestamp (RFC 3161) to a signed PDF, as an incremental update: an
    /// export made offline gets a trusted time once online.
    Timestamp {
        file: PathBuf,
        /// The time-stamping authority (default: the store's signing settings).
        #[arg(long, value_name = "URL")]
        tsa: Option<String>,
    },
    /// Show the retention period, or lengthen it (it never shortens).
    Retention {
        /// The new period in years.
        #[arg(long, value_name = "YEARS")]
        set: Option<u32>,
    },
    /// Reviews: plan, list, show, move along the lifecycle, invite, record attendance, delete.
    Review {
        #[command(subcommand)]
        what: review::ReviewCommand,
    },
    /// The organisation's settings: time zone, document control defaults, quorum rule, working days, cadence.
    Org {
        #[command(subcommand)]
        what: org::OrgCommand,
    },
    /// People: add, list, update (roles, line managers, top management).
    Person {
        #[command(subcommand)]
        what: person::PersonCommand,
    },
    /// Plan a year of scheduled reviews on working days; re-planning moves the planned ones.
    Plan(schedule::PlanArgs),
    /// Write the ISMS lead's calendar of a year (.ics): meetings, milestones, action due dates.
    Calendar {
        year: i32,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Write the one-page year planner (PDF) to circulate.
    Planner {
        year: i32,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Issue a review's invitation: REF.ics and an unsent REF.eml draft in DIR, and a mailto link.
    Invite {
        reference: String,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Cancel a review with a reason; --out DIR writes the cancellation (.ics, .eml) for the attendees.
    Cancel {
        reference: String,
        #[arg(long)]
        reason: String,
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// A review's agenda: list, add, edit, move, remove, and the discussion notes per item.
    Agenda {
        #[command(subcommand)]
        what: minutes::AgendaCommand,
    },
    /// A review's inputs (clause 9.3.2 a-g, SOC 2): summary, presenter, state, nothing to report, KPIs.
    Input {
        #[command(subcommand)]
        what: minutes::InputCommand,
    },
    /// Evidence files, kept encrypted in the store: add, list, get.
    Evidence {
        #[command(subcommand)]
        what: minutes::EvidenceCommand,
    },
    /// Decisions by output area (clause 9.3.3), and "none" with a reason.
    Decision {
        #[command(subcommand)]
        what: minutes::DecisionCommand,
    },
    /// Information security objectives and each review's results.
    Objective {
        #[command(subcommand)]
        what: minutes::ObjectiveCommand,
    },
    /// The readiness check: what an auditor would find in a review (exit 1 on any nonconformity).
    Check { review: String },
}

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// A JSON export, validated whole before anything is written.
    Json { file: PathBuf },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScaleSize {
    Small,
    Large,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyModeArg {
    Keychain,
    Passphrase,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let json = cli.global.json;
    match commands::run(cli) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(error) => {
            output::print_error(&error, json);
            ExitCode::from(if error.is_input_error() { 2 } else { 1 })
        }
    }
}
