//! The ISMS lead's calendar of a year (METHOD:PUBLISH) and the one-page year planner PDF.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use quorum_calendar::{ActionDue, LeadCalendar, Milestone};
use quorum_pdf::{Block, Column, Document, Table};
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::invite::calendar_review;
use super::{calendar_error, month_name, work_calendar};
use crate::error::{Error, Result};
use crate::review;

/// The year's reviews (not cancelled), each with its milestones, by start.
fn year_reviews(conn: &Connection, year: i32) -> Result<Vec<(quorum_calendar::Review, Vec<Milestone>)>> {
    let calendar = work_calendar(conn)?;
    let prefix = format!("{year:04}-");
    review::list(conn)?
        .into_iter()
        .filter(|r| r.status != "cancelled" && r.starts_at.starts_with(&prefix))
        .map(|r| {
            let cal = calendar_review(conn, &r, false)?;
            let milestones = quorum_calendar::milestones_for(&cal.uid, &cal.reference, cal.start.date(), &calendar);
            Ok((cal, milestones))
        })
        .collect()
}

/// Open actions whose target date falls in `year`, as VTODOs. Actions have no UID of
/// their own: theirs is the reference plus a tag of this store, stable across exports.
fn actions_due(conn: &Connection, year: i32) -> Result<Vec<ActionDue>> {
    let (created, name): (String, String) = conn.query_row("SELECT created_at, name FROM organisation WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let tag = hex::encode(&Sha256::digest(format!("{created}\n{name}").as_bytes())[..6]);
    let mut statement = conn.prepare(
        "SELECT a.reference, a.description, p.name, a.target_on FROM actions a LEFT JOIN people p ON p.id = a.owner_id
         WHERE a.status <> 'closed' AND a.target_on LIKE ?1 ORDER BY a.target_on, a.reference",
    )?;
    let rows = statement
        .query_map([format!("{year:04}-%")], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, String>(3)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(reference, title, owner, target)| {
            let due = NaiveDate::parse_from_str(&target, "%Y-%m-%d").map_err(|_| Error::invalid(format!("action {reference} has a target date {target:?} that is not YYYY-MM-DD")))?;
            Ok(ActionDue { uid: format!("{reference}.{tag}@quorum"), reference, title, owner, due })
        })
        .collect()
}

/// The ISMS lead's .ics for `year`: the meetings (same UIDs as their invitations, no
/// attendees), the preparation milestones as all-day events, and open actions' target
/// dates as VTODOs. METHOD:PUBLISH.
pub fn lead_calendar(conn: &Connection, year: i32, now: DateTime<Utc>) -> Result<String> {
    let (reviews, milestones): (Vec<_>, Vec<_>) = year_reviews(conn, year)?.into_iter().unzip();
    let mut milestones: Vec<Milestone> = milestones.into_iter().flatten().collect();
    milestones.sort_by(|a, b| a.date.cmp(&b.date).then(a.review_reference.cmp(&b.review_reference)));
    let cal = LeadCalendar { name: format!("Management reviews {year}"), reviews, milestones, actions: actions_due(conn, year)? };
    quorum_calendar::lead_calendar_ics(&cal, now).map_err(calendar_error)
}

fn short_day(d: NaiveDate) -> String {
    d.format("%a %-d %b").to_string()
}

/// The one-page year planner: a row per month with the meetings and the ISMS lead's
/// milestones that fall in it (milestones of an early review may fall in the year before).
pub fn year_planner(conn: &Connection, year: i32, now: DateTime<Utc>) -> Result<quorum_pdf::RenderedPdf> {
    let organisation: String = conn.query_row("SELECT name FROM organisation WHERE id = 1", [], |r| r.get(0))?;
    let reviews = year_reviews(conn, year)?;
    let holidays: Vec<_> = work_calendar(conn)?.holidays.into_iter().filter(|h| h.date.year() == year).collect();
    type Lines = Vec<(NaiveDate, String)>;
    let mut months: BTreeMap<(i32, u32), (Lines, Lines)> = (1..=12).map(|m| ((year, m), Default::default())).collect();
    for (r, milestones) in &reviews {
        let end = r.start + Duration::minutes(i64::from(r.duration_minutes));
        let place = r.location.as_deref().or(r.video_link.as_deref().map(|_| "online")).map(|p| format!(", {p}")).unwrap_or_default();
        let line = format!("{} {}–{}\n{}{place}", short_day(r.start.date()), r.start.format("%H:%M"), end.format("%H:%M"), r.reference);
        months.entry((r.start.year(), r.start.month())).or_default().0.push((r.start.date(), line));
        for m in milestones {
            let line = format!("{}  {}: {}", short_day(m.date), m.review_reference, m.kind.label().to_lowercase());
            months.entry((m.date.year(), m.date.month())).or_default().1.push((m.date, line));
        }
    }
    let lines = |mut list: Lines| {
        list.sort();
        list.into_iter().map(|(_, line)| line).collect::<Vec<_>>().join("\n")
    };
    let rows = months
        .into_iter()
        .map(|((y, m), (meetings, milestones))| {
            let label = if y == year { month_name(m).to_owned() } else { format!("{} {y}", month_name(m)) };
            vec![label, lines(meetings), lines(milestones)]
        })
        .collect();
    let zone = reviews.first().map_or_else(String::new, |(r, _)| format!(" Times are local to {}.", r.time_zone));
    let mut doc = Document::new(format!("Management review planner {year}"));
    doc.author = organisation.clone();
    doc.subject = "ISO/IEC 27001:2022 clause 9.3 management reviews: meetings and preparation milestones".into();
    doc.header_left = organisation;
    doc.footer_left = format!("Management review planner {year}");
    doc.created = Some(now);
    doc.margins.top = 18.0;
    doc.margins.bottom = 16.0;
    doc.heading(1, format!("Management reviews {year}"), None);
    doc.paragraph(format!(
        "{} meeting(s).{zone} The ISMS lead collects the inputs three weeks before each meeting, sends the invitations 14 days before, circulates the pack 5 working days before, and has the minutes approved within 10 working days after. No date falls on a weekend or on a public holiday.",
        reviews.len()
    ));
    doc.push(Block::Table(Table { columns: vec![Column::new("Month", 1.1), Column::new("Meetings", 2.2), Column::new("ISMS lead milestones", 3.7)], rows }));
    if !holidays.is_empty() {
        let list: Vec<String> = holidays.iter().map(|h| format!("{} {}", h.date.format("%-d %b"), h.name)).collect();
        doc.paragraph(format!("Public holidays {year}: {}.", list.join("; ")));
    }
    doc.render().map_err(|e| Error::invalid(format!("the year planner could not be laid out: {e}")))
}
