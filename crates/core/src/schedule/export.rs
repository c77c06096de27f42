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
        "SELECT a.reference, a.description, p.name, a.target_on, a.owner_id IS (SELECT isms_lead_id FROM organisation WHERE id = 1)
         FROM actions a LEFT JOIN people p ON p.id = a.owner_id
         WHERE a.status <> 'closed' AND a.target_on LIKE ?1 ORDER BY a.target_on, a.reference",
    )?;
    let rows = statement
        .query_map([format!("{year:04}-%")], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, String>(3)?, r.get::<_, bool>(4)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(reference, title, owner, target, owned_by_lead)| {
            let due = NaiveDate::parse_from_str(&target, "%Y-%m-%d").map_err(|_| Error::invalid(format!("action {reference} has a target date {target:?} that is not YYYY-MM-DD")))?;
            Ok(ActionDue { uid: format!("{reference}.{tag}@quorum"), reference, title, owner, due, owned_by_lead })
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

/// One review on the window's year planner.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct YearReview {
    pub reference: String,
    pub title: String,
    /// scheduled or ad_hoc.
    pub kind: String,
    /// The review's lifecycle status (planned, invitations_sent, … cancelled).
    pub status: String,
    /// Wall time in `time_zone`, YYYY-MM-DDTHH:MM.
    pub starts_at: String,
    pub time_zone: String,
    pub duration_minutes: u32,
    pub location: Option<String>,
    pub cancelled_reason: Option<String>,
}

/// One of the ISMS lead's preparation milestones of a review.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct YearMilestone {
    pub review_reference: String,
    /// collect-inputs, send-invitations, circulate-pack, minutes-approved.
    pub kind: String,
    pub label: String,
    pub date: NaiveDate,
    /// Why the date moved off a weekend or holiday.
    pub note: Option<String>,
}

/// An open action's target date.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct YearActionDue {
    pub reference: String,
    pub description: String,
    pub owner: Option<String>,
    pub due: NaiveDate,
    pub status: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct YearHoliday {
    pub date: NaiveDate,
    pub name: String,
}

/// What the window's year planner shows for `year`: every review of the year (cancelled
/// ones too, marked), the milestones of those not cancelled (including those that fall in
/// the year before or after), open actions due in the year, and the year's holidays.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct YearView {
    pub year: i32,
    /// The organisation's time zone: the default for planning.
    pub time_zone: String,
    pub reviews: Vec<YearReview>,
    pub milestones: Vec<YearMilestone>,
    pub actions: Vec<YearActionDue>,
    pub holidays: Vec<YearHoliday>,
}

pub fn year_view(conn: &Connection, year: i32, now: DateTime<Utc>) -> Result<YearView> {
    let calendar = work_calendar(conn)?;
    let prefix = format!("{year:04}-");
    let mut reviews = Vec::new();
    let mut milestones = Vec::new();
    for r in review::list(conn)?.into_iter().filter(|r| r.starts_at.starts_with(&prefix)) {
        if r.status != "cancelled" {
            let cal = calendar_review(conn, &r, false)?;
            for m in quorum_calendar::milestones_for(&cal.uid, &cal.reference, cal.start.date(), &calendar) {
                milestones.push(YearMilestone { review_reference: r.reference.clone(), kind: m.kind.slug().to_owned(), label: m.kind.label().to_owned(), date: m.date, note: m.note });
            }
        }
        reviews.push(YearReview {
            reference: r.reference,
            title: r.title,
            kind: r.kind,
            status: r.status,
            starts_at: r.starts_at,
            time_zone: r.time_zone,
            duration_minutes: r.duration_minutes,
            location: r.location,
            cancelled_reason: r.cancelled_reason,
        });
    }
    reviews.sort_by(|a, b| a.starts_at.cmp(&b.starts_at));
    milestones.sort_by(|a, b| a.date.cmp(&b.date).then(a.review_reference.cmp(&b.review_reference)));
    let actions = crate::register::list(conn, &crate::register::ActionFilter::default(), now)?
        .into_iter()
        .filter(|a| a.status.is_open())
        .filter_map(|a| {
            let due = a.target_on.filter(|d| d.year() == year)?;
            Some(YearActionDue { reference: a.reference, description: a.description, owner: a.owner.map(|o| o.name), due, status: a.status.to_string(), overdue: a.overdue })
        })
        .collect::<Vec<_>>();
    let mut actions = actions;
    actions.sort_by(|a, b| a.due.cmp(&b.due).then(a.reference.cmp(&b.reference)));
    let mut holidays: Vec<YearHoliday> = calendar.holidays.into_iter().filter(|h| h.date.year() == year).map(|h| YearHoliday { date: h.date, name: h.name }).collect();
    holidays.sort_by_key(|h| h.date);
    Ok(YearView { year, time_zone: crate::organisation::get(conn)?.time_zone, reviews, milestones, actions, holidays })
}
