//! `quorum plan | calendar | planner | invite | cancel`: the annual review calendar and the
//! meeting invitations, as files the user sends from their own mail program.

use std::path::{Path, PathBuf};

use chrono::{NaiveTime, Weekday};
use clap::Args;
use quorum_core::schedule::{self, Cadence, Issued, PlanRequest};
use quorum_core::{Error, Result};
use serde_json::json;

use crate::commands::{open, Outcome};
use crate::keys;
use crate::output::emit;
use crate::Global;

fn parse_cadence(text: &str) -> std::result::Result<Cadence, String> {
    let bad = || format!("'{text}' is not a cadence: use annual, half-yearly, quarterly or months:1,4,7");
    match text.trim().to_ascii_lowercase().as_str() {
        "annual" | "yearly" => Ok(Cadence::Annual),
        "half-yearly" | "halfyearly" => Ok(Cadence::HalfYearly),
        "quarterly" => Ok(Cadence::Quarterly),
        other => {
            let list = other.strip_prefix("months:").ok_or_else(bad)?;
            list.split(',').map(|m| m.trim().parse::<u32>().ok().filter(|m| (1..=12).contains(m)).ok_or_else(bad)).collect::<std::result::Result<Vec<_>, _>>().map(Cadence::Months)
        }
    }
}

fn parse_weekday(text: &str) -> std::result::Result<Weekday, String> {
    text.trim().parse::<Weekday>().map_err(|_| format!("'{text}' is not a weekday: use mon, tue, wed, thu, fri, sat or sun"))
}

fn parse_time(text: &str) -> std::result::Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").map_err(|_| format!("'{text}' is not a time: write it as HH:MM, like 10:00"))
}

fn parse_week(text: &str) -> std::result::Result<u8, String> {
    match text.trim() {
        "last" => Ok(5),
        n => n.parse::<u8>().ok().filter(|n| (1..=4).contains(n)).ok_or_else(|| format!("'{text}' is not a week of the month: use 1, 2, 3, 4 or last")),
    }
}

#[derive(Args, Debug)]
pub struct PlanArgs {
    /// The year to plan, e.g. 2027.
    pub year: i32,
    /// annual, half-yearly, quarterly, or chosen months like months:3,9.
    #[arg(long, value_parser = parse_cadence)]
    pub cadence: Cadence,
    /// Preferred weekday: mon, tue, wed, thu, fri.
    #[arg(long, value_parser = parse_weekday)]
    pub weekday: Weekday,
    /// Which of the month's preferred weekdays: 1, 2, 3, 4 or last.
    #[arg(long, value_parser = parse_week, default_value = "2")]
    pub week: u8,
    /// Month of the first review for annual, half-yearly and quarterly cadences.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=12))]
    pub first_month: u32,
    /// Local start time, HH:MM.
    #[arg(long, value_parser = parse_time)]
    pub time: NaiveTime,
    /// IANA time zone of the meetings (default: the organisation's).
    #[arg(long)]
    pub tz: Option<String>,
    /// Length of each meeting in minutes.
    #[arg(long, default_value_t = 120)]
    pub duration: u32,
    /// A room, or a video link (https://…). Without it, planned reviews keep theirs.
    #[arg(long)]
    pub location: Option<String>,
    /// Public holidays to add first: YYYY-MM-DD,Name lines, or an .ics of all-day events.
    #[arg(long, value_name = "FILE")]
    pub holidays: Option<PathBuf>,
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    quorum_core::export::write_replacing(path, |tmp| std::fs::write(tmp, bytes).map_err(|e| Error::invalid(format!("cannot write {}: {e}. Choose a folder you can write to", path.display()))))
}

fn out_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::invalid(format!("cannot create the folder {}: {e}. Choose a folder you can write to", dir.display())))
}

pub fn run_plan(global: &Global, args: &PlanArgs) -> Result<Outcome> {
    let mut store = open(global)?;
    let holidays = match &args.holidays {
        Some(file) => {
            let text = quorum_core::limits::read_text(file, quorum_core::limits::MAX_HOLIDAYS_BYTES, "holidays file")?;
            schedule::parse_holidays(&text).map_err(|e| Error::invalid(format!("{}: {e}", file.display())))?
        }
        None => Vec::new(),
    };
    let time_zone = match &args.tz {
        Some(tz) => tz.clone(),
        None => quorum_core::organisation::get(store.conn())?.time_zone,
    };
    let request = PlanRequest {
        year: args.year,
        cadence: args.cadence.clone(),
        first_month: args.first_month,
        weekday: args.weekday,
        week_of_month: args.week,
        time: args.time,
        duration_minutes: args.duration,
        location: args.location.clone(),
        time_zone: time_zone.clone(),
        holidays,
    };
    let outcome = schedule::plan(&mut store, &keys::actor(global)?, &request)?;
    emit(global.json, &outcome, || {
        let mut text = format!("Plan for {} ({time_zone}):\n", outcome.year);
        for r in &outcome.reviews {
            let from = r.moved_from.map(|f| format!(" (was {})", f.format("%a %-d %b %H:%M"))).unwrap_or_default();
            text.push_str(&format!("  {}  {:<9}  {}{from}\n", r.reference, r.change, r.starts_at.format("%a %-d %b %Y %H:%M")));
            for note in &r.notes {
                text.push_str(&format!("      {note}\n"));
            }
        }
        if outcome.holidays_imported > 0 {
            text.push_str(&format!("Stored {} holiday(s) from the file.\n", outcome.holidays_imported));
        }
        for reference in &outcome.unplanned {
            text.push_str(&format!("{reference} has no slot in this plan and was left as it is: cancel it with `quorum cancel {reference} --reason TEXT`, or keep it.\n"));
        }
        text.push_str(&format!("Export the lead's calendar with `quorum calendar {} --out FILE.ics`.", outcome.year));
        text
    });
    Ok(Outcome::Done)
}

pub fn run_calendar(global: &Global, year: i32, out: &Path) -> Result<Outcome> {
    let store = open(global)?;
    let ics = schedule::lead_calendar(store.conn(), year, keys::now()?)?;
    write_file(out, ics.as_bytes())?;
    let events = ics.matches("BEGIN:VEVENT").count();
    let todos = ics.matches("BEGIN:VTODO").count();
    emit(global.json, &json!({"out": out, "year": year, "events": events, "todos": todos}), || {
        format!("Wrote {} with {events} meetings and milestones and {todos} action due dates for {year}. Import it into your calendar.", out.display())
    });
    Ok(Outcome::Done)
}

pub fn run_planner(global: &Global, year: i32, out: &Path) -> Result<Outcome> {
    let store = open(global)?;
    let pdf = schedule::year_planner(store.conn(), year, keys::now()?)?;
    write_file(out, &pdf.bytes)?;
    emit(global.json, &json!({"out": out, "year": year, "pages": pdf.page_count}), || format!("Wrote the {year} planner to {} ({} page).", out.display(), pdf.page_count));
    Ok(Outcome::Done)
}

/// Writes REF<suffix>.ics and REF<suffix>.eml into `dir`; returns their paths.
fn write_issued(dir: &Path, issued: &Issued, suffix: &str) -> Result<(PathBuf, PathBuf)> {
    out_dir(dir)?;
    let ics = dir.join(format!("{}{suffix}.ics", issued.reference));
    let eml = dir.join(format!("{}{suffix}.eml", issued.reference));
    write_file(&ics, issued.ics.as_bytes())?;
    write_file(&eml, issued.eml.as_bytes())?;
    Ok((ics, eml))
}

pub fn run_invite(global: &Global, reference: &str, out: &Path) -> Result<Outcome> {
    let mut store = open(global)?;
    let issued = schedule::issue_invitation(&mut store, &keys::actor(global)?, reference)?;
    let (ics, eml) = write_issued(out, &issued, "")?;
    emit(global.json, &json!({"invitation": issued, "ics": ics, "eml": eml}), || {
        format!(
            "Wrote {} and {} (SEQUENCE {}, {} attendee(s)). Open the .eml in your mail program and send it; {} is now {}.\nFor mail programs that cannot open .eml:\n{}",
            ics.display(),
            eml.display(),
            issued.sequence,
            issued.attendees.len(),
            issued.reference,
            issued.status.replace('_', " "),
            issued.mailto
        )
    });
    Ok(Outcome::Done)
}

pub fn run_cancel(global: &Global, reference: &str, reason: &str, out: Option<&Path>) -> Result<Outcome> {
    let mut store = open(global)?;
    // Attendees who were invited need the cancellation file, which cannot be made again
    // once the review is cancelled: ask where to put it before cancelling.
    if out.is_none() && schedule::was_invited(store.conn(), reference)? {
        return Err(Error::invalid(format!(
            "invitations to {reference} went out, so the attendees need the cancellation: pass --out DIR to write {reference}-cancel.ics and {reference}-cancel.eml"
        )));
    }
    let (review, notice) = schedule::cancel(&mut store, &keys::actor(global)?, reference, reason)?;
    let files = match (&notice, out) {
        (Some(notice), Some(dir)) => Some(write_issued(dir, notice, "-cancel")?),
        _ => None,
    };
    emit(global.json, &json!({"review": review, "cancellation": notice, "ics": files.as_ref().map(|f| &f.0), "eml": files.as_ref().map(|f| &f.1)}), || {
        let mut text = format!("{} is cancelled: {reason}.", review.reference);
        match (&notice, &files) {
            (Some(notice), Some((ics, eml))) => text.push_str(&format!(
                "\nWrote {} and {} (SEQUENCE {}): send the .eml so the meeting leaves the attendees' calendars.\nFor mail programs that cannot open .eml:\n{}",
                ics.display(),
                eml.display(),
                notice.sequence,
                notice.mailto
            )),
            _ => text.push_str(" No invitation had been issued, so there is nobody to notify."),
        }
        text
    });
    Ok(Outcome::Done)
}
