//! `quorum export ...`: the whole store as JSON, a review's minutes as PDF, and the
//! auditor's pack (one review or a period) as PDF, optionally signed.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use quorum_core::export::{self, pack::PackScope, ExportOptions, ExportSummary, Progress, Signing};
use quorum_core::{transfer, Error, Result};
use quorum_pdf::PageSize;
use serde_json::json;

use crate::action::parse_day;
use crate::commands::{open, Outcome};
use crate::keys;
use crate::output::emit;
use crate::Global;

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// The whole store as versioned JSON (docs/EXPORT-FORMAT.md).
    Json {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// A review's minutes: document control, meeting, attendance, agenda, inputs with KPIs
    /// and evidence, discussion, decisions, actions, objectives, approval, annex.
    Minutes {
        /// The review's reference (MR-2027-01).
        review: String,
        /// Add an annex with the actions' status today, apart from the approved text.
        #[arg(long)]
        current_status: bool,
        #[command(flatten)]
        pdf: PdfArgs,
    },
    /// The auditor's pack: minutes, readiness check, action register with history, metrics
    /// with charts, evidence index with the files attached. One review, or every review in
    /// --from..--to.
    Pack {
        /// The review's reference (MR-2027-01); or give --from and --to.
        #[arg(required_unless_present_all = ["from", "to"], conflicts_with_all = ["from", "to"])]
        review: Option<String>,
        /// First day of the period (YYYY-MM-DD).
        #[arg(long, value_parser = parse_day, requires = "to")]
        from: Option<NaiveDate>,
        /// Last day of the period (YYYY-MM-DD).
        #[arg(long, value_parser = parse_day, requires = "from")]
        to: Option<NaiveDate>,
        #[command(flatten)]
        pdf: PdfArgs,
    },
}

#[derive(clap::Args, Debug)]
pub struct PdfArgs {
    /// Where to write the PDF; an existing file is never replaced.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Sign with the store's signing identity (PAdES, see `quorum identity`).
    #[arg(long)]
    sign: bool,
    /// Where it is signed, shown in the signature.
    #[arg(long, requires = "sign")]
    location: Option<String>,
    /// US Letter paper instead of A4.
    #[arg(long)]
    letter: bool,
}

impl PdfArgs {
    fn options(&self, global: &Global) -> Result<ExportOptions> {
        let actor = keys::actor(global)?;
        let mut options = ExportOptions::new(actor.now);
        if self.letter {
            options.page_size = PageSize::Letter;
        }
        if self.sign {
            options.sign = Some(Signing { location: self.location.clone(), time: actor.now });
        }
        Ok(options)
    }
}

/// Draws progress on stderr when it is a terminal (and not with --json); silent otherwise,
/// so scripts and logs see only the result.
fn progress_bar(global: &Global) -> impl FnMut(Progress) {
    let show = !global.json && std::io::stderr().is_terminal();
    move |p: Progress| {
        if !show {
            return;
        }
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{:>3}% {}", (p.fraction * 100.0).round(), p.stage.describe());
        if p.stage == export::Stage::Done {
            let _ = writeln!(err);
        }
        let _ = err.flush();
    }
}

fn report(json: bool, what: &str, summary: &ExportSummary) {
    emit(json, summary, || {
        let mut text = format!("Wrote {what} to {} ({} pages, {} bytes", summary.path.display(), summary.pages, summary.bytes);
        if summary.attachments > 0 {
            text.push_str(&format!(", {} attached files", summary.attachments));
        }
        text.push_str(&format!(")\nSHA-256 {}", summary.sha256));
        if let Some(fingerprint) = &summary.signed_with {
            text.push_str(&format!("\nSigned with the certificate SHA-256 {fingerprint}; check it with `quorum verify {}`", summary.path.display()));
        }
        for (label, line) in [("Timestamp", &summary.timestamp), ("Revocation data", &summary.revocation)] {
            if let Some(line) = line {
                text.push_str(&format!("\n{label}: {line}"));
            }
        }
        text
    });
}

pub fn run_export(global: &Global, command: &ExportCommand) -> Result<Outcome> {
    let store = open(global)?;
    match command {
        ExportCommand::Json { out } => {
            transfer::export_json_file(&store, out, keys::now()?)?;
            emit(global.json, &json!({"out": out}), || format!("Exported the store to {}.", out.display()));
        }
        ExportCommand::Minutes { review, current_status, pdf } => {
            let options = ExportOptions { current_status: *current_status, ..pdf.options(global)? };
            let summary = export::minutes::export_minutes(&store, review, &options, &pdf.out, &mut progress_bar(global))?;
            report(global.json, "the minutes", &summary);
        }
        ExportCommand::Pack { review, from, to, pdf } => {
            let scope = match (review, from, to) {
                (Some(reference), _, _) => PackScope::Review(reference.clone()),
                (None, Some(from), Some(to)) => PackScope::Period { from: *from, to: *to },
                _ => return Err(Error::invalid("give a review's reference, or --from and --to")),
            };
            let summary = export::pack::export_pack(&store, &scope, &pdf.options(global)?, &pdf.out, &mut progress_bar(global))?;
            report(global.json, "the audit pack", &summary);
        }
    }
    Ok(Outcome::Done)
}
