//! The annual review calendar: planning a year of scheduled reviews into the store, the
//! ISMS lead's calendar and the one-page year planner, and per review the invitation
//! (.ics, .eml draft, mailto link) and the cancellation.
//!
//! quorum-calendar does the date arithmetic and writes the text; this module maps the
//! store onto its plain structs and records what was planned and issued. Nothing here
//! reads the clock or touches a file: the caller passes `now` (in the `Actor`) and writes
//! the returned text or bytes.

mod export;
mod invite;

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDateTime, NaiveTime, Weekday};
use quorum_calendar::{CalendarError, Holiday, YearPlanRequest};
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::{Error, Result};
pub use crate::review::check::work_calendar;
use crate::review::{self, NewReview, Scope};
use crate::store::{Actor, Store};

pub use export::{lead_calendar, year_planner, year_view, YearActionDue, YearHoliday, YearMilestone, YearReview, YearView};
pub use invite::{cancel, issue_invitation, was_invited, Issued};
pub use quorum_calendar::Cadence;

/// What the ISMS lead asks for when planning a year.
#[derive(Debug, Clone)]
pub struct PlanRequest {
    pub year: i32,
    pub cadence: Cadence,
    /// Month of the first review for annual, half-yearly and quarterly cadences (1 to 12).
    pub first_month: u32,
    pub weekday: Weekday,
    /// Which occurrence of the weekday in the month: 1 to 4, or 5 for the last.
    pub week_of_month: u8,
    /// Local start time in `time_zone`.
    pub time: NaiveTime,
    pub duration_minutes: u32,
    /// A room, or a video link (`https://…`). None keeps what a planned review has.
    pub location: Option<String>,
    /// IANA zone of the meetings.
    pub time_zone: String,
    /// Holidays to add to the store's list before planning (e.g. read from a file).
    pub holidays: Vec<Holiday>,
}

/// One review of the plan, as the store now holds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct PlannedReview {
    pub reference: String,
    pub starts_at: NaiveDateTime,
    /// `new`, `moved` or `unchanged`.
    pub change: &'static str,
    /// The start before a move.
    pub moved_from: Option<NaiveDateTime>,
    pub ical_sequence: u32,
    /// Why the date is not the preferred slot (weekend, holiday, daylight-saving gap) and
    /// why a milestone was brought forward.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct PlanOutcome {
    pub year: i32,
    pub reviews: Vec<PlannedReview>,
    /// Planned reviews of the year that the new plan has no slot for: left as they are.
    pub unplanned: Vec<String>,
    /// Holidays read from the request and stored (new or renamed).
    pub holidays_imported: usize,
}

/// Status of reviews that planning may move: nothing has happened at the meeting yet.
const MOVABLE: &str = "'planned', 'invitations_sent', 'pack_circulated'";

/// Reads a holidays file: an .ics calendar of all-day events, or `YYYY-MM-DD,Name` lines.
pub fn parse_holidays(text: &str) -> Result<Vec<Holiday>> {
    let parsed = if text.trim_start_matches('\u{feff}').trim_start().starts_with("BEGIN:VCALENDAR") {
        quorum_calendar::parse_holidays_ics(text)
    } else {
        quorum_calendar::parse_holidays_text(text)
    };
    parsed.map_err(calendar_error)
}

/// Stores holidays (a day already listed takes the new name). Audited; returns how many
/// days were added or renamed.
pub fn import_holidays(store: &mut Store, actor: &Actor, holidays: &[Holiday]) -> Result<usize> {
    if holidays.is_empty() {
        return Ok(0);
    }
    let holidays = holidays
        .iter()
        .map(|h| Ok(Holiday { name: crate::text::line(&format!("name of the holiday on {}", h.date), &h.name)?, ..h.clone() }))
        .collect::<Result<Vec<_>>>()?;
    store.write(actor, |w| {
        let mut changed = 0;
        for h in &holidays {
            changed += w.execute(
                "INSERT INTO holidays (day, name) VALUES (?1, ?2) ON CONFLICT (day) DO UPDATE SET name = excluded.name WHERE name <> excluded.name",
                params![h.date.to_string(), h.name.trim()],
            )?;
        }
        let days: Vec<String> = holidays.iter().map(|h| format!("{} {}", h.date, h.name.trim())).collect();
        w.audit("holidays", "import", "import", None, Some(&serde_json::json!({"holidays": days, "changed": changed})))?;
        Ok(changed)
    })
}

pub(crate) fn calendar_error(error: CalendarError) -> Error {
    match error {
        CalendarError::HolidayLine { line, message } => Error::invalid(format!("holidays file, line {line}: {message}. Fix that line and try again")),
        CalendarError::NonexistentLocalTime { time, zone } => Error::invalid(format!("{time} does not exist in {zone} (the clocks go forward then): choose another time")),
        other => Error::invalid(other.to_string()),
    }
}

fn parse_start(text: &str) -> Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").map_err(|_| Error::invalid(format!("the store holds a meeting time {text:?} that is not YYYY-MM-DDTHH:MM")))
}

fn month_name(month: u32) -> &'static str {
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][(month as usize + 11) % 12]
}

/// The months a cadence puts reviews in (the slot may then move into the next month).
fn cadence_months(cadence: &Cadence, first_month: u32) -> Result<Vec<u32>> {
    if !(1..=12).contains(&first_month) {
        return Err(Error::invalid(format!("the first month {first_month} is not 1 to 12")));
    }
    let every = |count: u32, step: u32| (0..count).map(|i| (first_month - 1 + i * step) % 12 + 1).collect();
    match cadence {
        Cadence::Annual => Ok(every(1, 12)),
        Cadence::HalfYearly => Ok(every(2, 6)),
        Cadence::Quarterly => Ok(every(4, 3)),
        Cadence::Months(months) => {
            if let Some(bad) = months.iter().find(|m| !(1..=12).contains(*m)) {
                return Err(Error::invalid(format!("month {bad} is not 1 to 12: choose months like months:3,9")));
            }
            if months.is_empty() {
                return Err(Error::invalid("no month chosen: choose months like months:3,9"));
            }
            Ok(months.clone())
        }
    }
}

/// A scheduled review of `year` the plan knows about.
struct Known {
    id: i64,
    reference: String,
    sequence: u32,
    start: NaiveDateTime,
    time_zone: String,
    duration: u32,
    location: Option<String>,
    movable: bool,
}

fn known_reviews(conn: &Connection, year: i32) -> Result<Vec<Known>> {
    let mut statement = conn.prepare(&format!(
        "SELECT id, reference, ical_sequence, starts_at, time_zone, duration_minutes, location, status IN ({MOVABLE})
         FROM reviews WHERE kind = 'scheduled' AND status <> 'cancelled' AND substr(starts_at, 1, 4) = ?1 ORDER BY starts_at, id"
    ))?;
    let rows = statement
        .query_map([format!("{year:04}")], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, reference, sequence, start, time_zone, duration, location, movable)| {
            Ok(Known { id, reference, sequence, start: parse_start(&start)?, time_zone, duration, location, movable })
        })
        .collect()
}

/// Plans the year: imports the request's holidays, then puts one scheduled review in each
/// slot of the cadence (the chosen weekday, moved to the next working day if it is a
/// weekend or holiday). A year planned before is re-planned: reviews that have not been
/// held yet are moved into the new slots (the slot of their own month, else in date
/// order), keeping their reference, UID,
/// invitees, inputs and everything else, with SEQUENCE raised so calendars take the
/// change; months that already have a held review are left alone; slots with no review
/// get a new one (`review::create`). Reviews with no slot left are reported, not touched.
pub fn plan(store: &mut Store, actor: &Actor, request: &PlanRequest) -> Result<PlanOutcome> {
    if !(2000..=2999).contains(&request.year) {
        return Err(Error::invalid(format!("{} is not a year to plan: give one like 2027", request.year)));
    }
    if request.time_zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(Error::invalid(format!("{:?} is not an IANA time zone: write it like Europe/London", request.time_zone)));
    }
    crate::review::check_duration(request.duration_minutes)?;
    // Validate the whole plan before writing anything, holidays included.
    let mut calendar = work_calendar(store.conn())?;
    for h in &request.holidays {
        calendar.holidays.retain(|k| k.date != h.date);
        calendar.holidays.push(h.clone());
    }
    let known = known_reviews(store.conn(), request.year)?;
    // A month that already had its meeting keeps it: its slot is not planned again.
    let held_months: BTreeSet<u32> = known.iter().filter(|k| !k.movable).map(|k| k.start.month()).collect();
    let mut open_months: Vec<u32> = cadence_months(&request.cadence, request.first_month)?.into_iter().filter(|m| !held_months.contains(m)).collect();
    open_months.sort_unstable();
    open_months.dedup();
    let mut free: Vec<&Known> = known.iter().filter(|k| k.movable).collect();
    let slots = if open_months.is_empty() {
        Vec::new()
    } else {
        let calendar_request = YearPlanRequest {
            year: request.year,
            cadence: Cadence::Months(open_months.clone()),
            first_month: request.first_month,
            preferred_weekday: request.weekday,
            week_of_month: request.week_of_month,
            time: request.time,
            duration_minutes: request.duration_minutes,
            location: request.location.clone(),
            video_link: None,
            time_zone: request.time_zone.clone(),
            calendar,
            // Only the slots are used: the store gives new reviews their reference and UID.
            reference_prefix: "MR".into(),
            uid_domain: "quorum".into(),
        };
        quorum_calendar::plan_year(&calendar_request, &[]).map_err(calendar_error)?.reviews
    };
    // Which review goes into which slot (slot i is in open_months[i]): a review already in
    // the slot's month stays in it; the others fill the remaining slots in date order;
    // any left over are reported as unplanned.
    let mut taken: Vec<Option<&Known>> = open_months.iter().map(|m| free.iter().position(|k| k.start.month() == *m).map(|i| free.remove(i))).collect();
    for slot in taken.iter_mut().filter(|t| t.is_none()) {
        if !free.is_empty() {
            *slot = Some(free.remove(0));
        }
    }

    let holidays_imported = import_holidays(store, actor, &request.holidays)?;
    let mut outcome = PlanOutcome { year: request.year, reviews: Vec::new(), unplanned: free.iter().map(|k| k.reference.clone()).collect(), holidays_imported };

    // Moves first, in one transaction.
    let mut moves = Vec::new();
    for (slot, k) in slots.iter().zip(&taken).filter_map(|(slot, k)| k.map(|k| (slot, k))) {
        let location = request.location.clone().or_else(|| k.location.clone());
        let changed = k.start != slot.start || k.time_zone != slot.time_zone || k.duration != slot.duration_minutes || k.location != location;
        let sequence = if changed { k.sequence + 1 } else { k.sequence };
        moves.push((k, slot, location, changed, sequence));
        outcome.reviews.push(PlannedReview {
            reference: k.reference.clone(),
            starts_at: slot.start,
            change: if changed { "moved" } else { "unchanged" },
            moved_from: (k.start != slot.start).then_some(k.start),
            ical_sequence: sequence,
            notes: slot_notes(slot),
        });
    }
    if moves.iter().any(|m| m.3) {
        store.write(actor, |w| {
            for (k, slot, location, _, sequence) in moves.iter().filter(|m| m.3) {
                w.execute(
                    "UPDATE reviews SET starts_at = ?1, time_zone = ?2, duration_minutes = ?3, location = ?4, ical_sequence = ?5 WHERE id = ?6",
                    params![slot.start.format("%Y-%m-%dT%H:%M").to_string(), slot.time_zone, slot.duration_minutes, location, sequence, k.id],
                )?;
                w.audit(
                    "review",
                    &k.reference,
                    "reschedule",
                    Some(&serde_json::json!({"startsAt": k.start.to_string(), "timeZone": k.time_zone, "durationMinutes": k.duration, "location": k.location, "icalSequence": k.sequence})),
                    Some(&serde_json::json!({"startsAt": slot.start.to_string(), "timeZone": slot.time_zone, "durationMinutes": slot.duration_minutes, "location": location, "icalSequence": sequence})),
                )?;
            }
            Ok(())
        })?;
    }

    for (slot, _) in slots.iter().zip(&taken).filter(|(_, k)| k.is_none()) {
        let new = NewReview {
            title: format!("{} {} management review", month_name(slot.start.month()), request.year),
            trigger: None,
            trigger_text: None,
            scope: Scope::Both,
            starts_at: slot.start,
            time_zone: slot.time_zone.clone(),
            duration_minutes: slot.duration_minutes,
            location: request.location.clone(),
        };
        let created = review::create(store, actor, &new)?;
        outcome.reviews.push(PlannedReview { reference: created.reference, starts_at: slot.start, change: "new", moved_from: None, ical_sequence: 0, notes: slot_notes(slot) });
    }
    outcome.reviews.sort_by_key(|r| r.starts_at);
    Ok(outcome)
}

/// The notes of a slot and of its milestones (milestone dates do not depend on the UID, so
/// the notes of a slot hold for the review the store puts there).
fn slot_notes(slot: &quorum_calendar::PlannedReview) -> Vec<String> {
    slot.notes.iter().cloned().chain(slot.milestones.iter().filter_map(|m| m.note.clone())).collect()
}

#[cfg(test)]
mod tests;
