//! Reviews: creation with the standard agenda and the inputs their scope requires, the
//! lifecycle (Planned → Invitations sent → Pack circulated → Held → Minutes drafted →
//! Approved; Cancelled with a reason), invitees, attendance and the quorum rule.

pub mod agenda;
pub mod approval;
pub mod board;
pub mod catalogue;
pub mod check;
pub mod conclusion;
pub mod decisions;
pub mod evidence;
pub mod inputs;
pub mod period;
pub mod record;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::{Actor, Store};
use crate::text;
pub use catalogue::Scope;

text_enum!(
    /// Where a review stands in its lifecycle; the order is the order of the steps.
    Status, "review status" {
        Planned = "planned",
        InvitationsSent = "invitations_sent",
        PackCirculated = "pack_circulated",
        Held = "held",
        MinutesDrafted = "minutes_drafted",
        Approved = "approved",
        Cancelled = "cancelled",
    }
);

text_enum!(
    /// Why an ad hoc review was called.
    Trigger, "trigger" {
        MajorIncident = "major_incident",
        AuditFinding = "audit_finding",
        RegulatoryChange = "regulatory_change",
        OrganisationalChange = "organisational_change",
        Other = "other",
    }
);

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct NewReview {
    pub title: String,
    /// None for a scheduled review; the trigger of an ad hoc one.
    pub trigger: Option<Trigger>,
    pub trigger_text: Option<String>,
    pub scope: Scope,
    pub starts_at: NaiveDateTime,
    pub time_zone: String,
    pub duration_minutes: u32,
    pub location: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Review {
    pub id: i64,
    pub reference: String,
    pub title: String,
    #[cfg_attr(test, ts(type = "\"scheduled\" | \"ad_hoc\""))]
    pub kind: String,
    #[cfg_attr(test, ts(as = "Option<Trigger>"))]
    pub trigger: Option<String>,
    pub trigger_text: Option<String>,
    #[cfg_attr(test, ts(as = "Scope"))]
    pub scope: String,
    #[cfg_attr(test, ts(as = "Status"))]
    pub status: String,
    pub starts_at: String,
    pub time_zone: String,
    pub duration_minutes: u32,
    pub location: Option<String>,
    pub invitations_sent_on: Option<String>,
    pub pack_circulated_on: Option<String>,
    pub held_on: Option<String>,
    pub cancelled_reason: Option<String>,
    pub next_review_on: Option<String>,
    pub ical_uid: String,
    /// The SOC 2 criteria this review evidences.
    pub soc2_criteria: Vec<String>,
}

const REVIEW_COLUMNS: &str = "id, reference, title, kind, trigger_kind, trigger_text, scope, status, starts_at, time_zone, duration_minutes, location, invitations_sent_on, pack_circulated_on, held_on, cancelled_reason, ical_uid, next_review_on";

fn review_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Review> {
    let scope: String = row.get(6)?;
    Ok(Review {
        id: row.get(0)?,
        reference: row.get(1)?,
        title: row.get(2)?,
        kind: row.get(3)?,
        trigger: row.get(4)?,
        trigger_text: row.get(5)?,
        soc2_criteria: scope.parse().map(|s| catalogue::soc2_criteria_for(s).into_iter().map(str::to_owned).collect()).unwrap_or_default(),
        scope,
        status: row.get(7)?,
        starts_at: row.get(8)?,
        time_zone: row.get(9)?,
        duration_minutes: row.get(10)?,
        location: row.get(11)?,
        invitations_sent_on: row.get(12)?,
        pack_circulated_on: row.get(13)?,
        held_on: row.get(14)?,
        cancelled_reason: row.get(15)?,
        ical_uid: row.get(16)?,
        next_review_on: row.get(17)?,
    })
}

pub fn get(conn: &Connection, reference: &str) -> Result<Review> {
    conn.query_row(&format!("SELECT {REVIEW_COLUMNS} FROM reviews WHERE reference = ?1"), [reference], review_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("review {reference}"), hint: ": `quorum review list` shows the references".into() })
}

pub(crate) fn get_by_id(conn: &Connection, id: i64) -> Result<Review> {
    conn.query_row(&format!("SELECT {REVIEW_COLUMNS} FROM reviews WHERE id = ?1"), [id], review_from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("review {id}")))
}

pub fn list(conn: &Connection) -> Result<Vec<Review>> {
    let mut statement = conn.prepare(&format!("SELECT {REVIEW_COLUMNS} FROM reviews ORDER BY starts_at"))?;
    let reviews = statement.query_map([], review_from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(reviews)
}

/// The review, if its content may still change: approved minutes are locked until a new
/// revision is made, and a cancelled review is closed.
pub(crate) fn editable(conn: &Connection, reference: &str) -> Result<Review> {
    let review = get(conn, reference)?;
    match review.status.parse::<Status>()? {
        Status::Approved => Err(Error::Conflict(format!(
            "the minutes of {reference} are approved and locked: make a new revision first (`quorum review revise {reference} --particulars TEXT`)"
        ))),
        Status::Cancelled => Err(Error::Conflict(format!("review {reference} was cancelled; its record no longer changes"))),
        _ => Ok(review),
    }
}

/// A change to a review's details; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReviewChange {
    pub title: Option<String>,
    pub starts_at: Option<NaiveDateTime>,
    pub time_zone: Option<String>,
    pub duration_minutes: Option<u32>,
    /// `Some("")` clears it.
    pub location: Option<String>,
    pub next_review_on: Option<NaiveDate>,
}

/// The longest meeting Quorum plans, in minutes: a day.
pub const MAX_DURATION_MINUTES: u32 = 24 * 60;

pub(crate) fn check_duration(minutes: u32) -> Result<()> {
    if minutes == 0 || minutes > MAX_DURATION_MINUTES {
        return Err(Error::invalid(format!(
            "a meeting of {minutes} minutes cannot be planned: the duration is from 1 to {MAX_DURATION_MINUTES} minutes (a day); pass --duration in minutes"
        )));
    }
    Ok(())
}

/// Changes a review's details (not its lifecycle: see [`transition`]).
pub fn set(store: &mut Store, actor: &Actor, reference: &str, change: &ReviewChange) -> Result<Review> {
    let review = editable(store.conn(), reference)?;
    let change = &ReviewChange {
        title: change.title.as_deref().map(|t| text::line("review's title", t)).transpose()?,
        location: change.location.as_deref().map(|l| text::line("location", l)).transpose()?,
        ..change.clone()
    };
    if let Some(minutes) = change.duration_minutes {
        check_duration(minutes)?;
    }
    if change.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(Error::invalid("the review needs a title"));
    }
    if let Some(zone) = &change.time_zone {
        if zone.parse::<chrono_tz::Tz>().is_err() {
            return Err(Error::invalid(format!("{zone:?} is not an IANA time zone: write it like Europe/London")));
        }
    }
    store.write(actor, |w| {
        let location = change.location.as_deref().map(|l| Some(l.trim()).filter(|l| !l.is_empty()));
        w.execute(
            "UPDATE reviews SET title = coalesce(?1, title), starts_at = coalesce(?2, starts_at), time_zone = coalesce(?3, time_zone),
                duration_minutes = coalesce(?4, duration_minutes), location = CASE WHEN ?5 THEN ?6 ELSE location END,
                next_review_on = coalesce(?7, next_review_on)
             WHERE id = ?8",
            params![
                change.title.as_deref().map(str::trim),
                change.starts_at.map(|t| t.format("%Y-%m-%dT%H:%M").to_string()),
                change.time_zone,
                change.duration_minutes,
                location.is_some(),
                location.flatten(),
                change.next_review_on.map(|d| d.to_string()),
                review.id
            ],
        )?;
        let after = serde_json::json!({
            "title": change.title, "startsAt": change.starts_at.map(|t| t.to_string()), "timeZone": change.time_zone,
            "durationMinutes": change.duration_minutes, "location": change.location, "nextReviewOn": change.next_review_on,
        });
        w.audit("review", reference, "update", None, Some(&after))
    })?;
    get(store.conn(), reference)
}

/// Creates a review with the standard agenda, the inputs its scope requires (each mapped to
/// its agenda item) and its document control.
pub fn create(store: &mut Store, actor: &Actor, new: &NewReview) -> Result<Review> {
    let new = &NewReview {
        title: text::line("review's title", &new.title)?,
        trigger_text: text::optional_line("trigger", new.trigger_text.as_deref())?,
        location: text::optional_line("location", new.location.as_deref())?,
        ..new.clone()
    };
    check_duration(new.duration_minutes)?;
    if new.title.trim().is_empty() {
        return Err(Error::invalid("the review needs a title"));
    }
    if new.trigger == Some(Trigger::Other) && new.trigger_text.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return Err(Error::invalid("an ad hoc review triggered by \"other\" needs the trigger described: pass --trigger-text"));
    }
    if new.time_zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(Error::invalid(format!("{:?} is not an IANA time zone: write it like Europe/London", new.time_zone)));
    }
    let reference = store.write(actor, |w| {
        use chrono::Datelike;
        let year = new.starts_at.year();
        let reference = format!("MR-{year}-{:02}", w.next_in_sequence("review", year)?);
        let mut uid_bytes = [0u8; 16];
        getrandom::fill(&mut uid_bytes).map_err(|e| Error::invalid(format!("no randomness from the OS: {e}")))?;
        let uid = format!("{}@quorum", hex::encode(uid_bytes));
        w.execute(
            "INSERT INTO reviews (reference, title, kind, trigger_kind, trigger_text, scope, starts_at, time_zone, duration_minutes, location, ical_uid, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                reference,
                new.title.trim(),
                if new.trigger.is_some() { "ad_hoc" } else { "scheduled" },
                new.trigger.map(Trigger::as_str),
                new.trigger_text,
                new.scope.as_str(),
                new.starts_at.format("%Y-%m-%dT%H:%M").to_string(),
                new.time_zone,
                new.duration_minutes,
                new.location,
                uid,
                actor.now.to_rfc3339(),
            ],
        )?;
        let review_id = w.last_insert_rowid();
        let inputs = catalogue::inputs_for(new.scope);
        for input in &inputs {
            w.execute("INSERT INTO inputs (review_id, code) VALUES (?1, ?2)", params![review_id, input.code])?;
        }
        let mut position = 0;
        for item in catalogue::STANDARD_AGENDA {
            let covered: Vec<&str> = item.inputs.iter().copied().filter(|code| inputs.iter().any(|i| i.code == *code)).collect();
            if !item.inputs.is_empty() && covered.is_empty() {
                continue;
            }
            position += 1;
            w.execute("INSERT INTO agenda_items (review_id, position, title, minutes_allocated) VALUES (?1, ?2, ?3, ?4)", params![review_id, position, item.title, item.minutes])?;
            let item_id = w.last_insert_rowid();
            for code in covered {
                w.execute("INSERT INTO agenda_item_inputs (agenda_item_id, input_code) VALUES (?1, ?2)", params![item_id, code])?;
            }
        }
        board::invite_to(w, review_id)?;
        let (prefix, classification): (String, String) = w.query_row("SELECT document_prefix, classification FROM organisation WHERE id = 1", [], |row| Ok((row.get(0)?, row.get(1)?)))?;
        w.execute(
            "INSERT INTO document_control (review_id, document_number, classification) VALUES (?1, ?2, ?3)",
            params![review_id, format!("{prefix}-{}", &reference[3..]), classification],
        )?;
        w.execute(
            "INSERT INTO review_transitions (review_id, from_status, to_status, at, by_person) VALUES (?1, NULL, 'planned', ?2, ?3)",
            params![review_id, actor.now.to_rfc3339(), actor.name],
        )?;
        let after = serde_json::json!({"reference": reference, "title": new.title.trim(), "scope": new.scope.as_str(), "startsAt": new.starts_at.to_string(), "trigger": new.trigger.map(Trigger::as_str)});
        w.audit("review", &reference, "create", None, Some(&after))?;
        Ok(reference)
    })?;
    get(store.conn(), &reference)
}

/// Moves a review along its lifecycle. Forward only (a step may be skipped, and the
/// readiness check then reports what is missing); Approved only through approval of the
/// minutes; Cancelled from any state before Approved, with a reason. The dates of sending
/// the invitations, circulating the pack and holding the meeting are kept (`on`, default
/// today).
pub fn transition(store: &mut Store, actor: &Actor, reference: &str, to: Status, on: Option<NaiveDate>, note: Option<&str>) -> Result<Review> {
    let review = get(store.conn(), reference)?;
    let note = text::optional_lines("note", note)?;
    let note = note.as_deref();
    let from: Status = review.status.parse()?;
    let refuse = |why: String| Err(Error::Conflict(format!("review {reference} is {}: {why}", from.as_str().replace('_', " "))));
    match (from, to) {
        (Status::Approved, _) => return refuse("approved minutes are locked; make a new revision instead".into()),
        (Status::Cancelled, _) => return refuse("a cancelled review does not move again; plan a new one".into()),
        (_, Status::Approved) => return refuse("a review becomes approved when its minutes are approved (`quorum review approve`)".into()),
        (_, Status::Cancelled) if note.is_none_or(|n| n.trim().is_empty()) => return Err(Error::invalid("cancelling a review needs the reason: pass --note")),
        (_, Status::Cancelled) => {}
        (from, to) if to <= from => return refuse(format!("it cannot go back to {}", to.as_str().replace('_', " "))),
        _ => {}
    }
    let held_day = on.unwrap_or_else(|| actor.today());
    if to >= Status::Held && to != Status::Cancelled {
        let starts = meeting_start(&review)?;
        let meeting_day = review.starts_at.get(..10).unwrap_or(&review.starts_at);
        if actor.now < starts || held_day.to_string().as_str() < meeting_day {
            return refuse(format!(
                "its meeting starts on {meeting_day} at {} ({}), so it cannot be held before then; if the meeting took place earlier, move it to the day it happened first (`quorum review set {reference} --at YYYY-MM-DDTHH:MM`)",
                review.starts_at.get(11..16).unwrap_or(""),
                review.time_zone
            ));
        }
    }
    let day = held_day.format("%Y-%m-%d").to_string();
    store.write(actor, |w| {
        let date_column = match to {
            Status::InvitationsSent => Some("invitations_sent_on"),
            Status::PackCirculated => Some("pack_circulated_on"),
            Status::Held => Some("held_on"),
            _ => None,
        };
        w.execute("UPDATE reviews SET status = ?1 WHERE id = ?2", params![to.as_str(), review.id])?;
        if let Some(column) = date_column {
            w.execute(&format!("UPDATE reviews SET {column} = ?1 WHERE id = ?2"), params![day, review.id])?;
        }
        if to == Status::Cancelled {
            w.execute("UPDATE reviews SET cancelled_reason = ?1 WHERE id = ?2", params![note.map(str::trim), review.id])?;
        }
        w.execute(
            "INSERT INTO review_transitions (review_id, from_status, to_status, at, by_person, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![review.id, from.as_str(), to.as_str(), actor.now.to_rfc3339(), actor.name, note],
        )?;
        w.audit("review", reference, "transition", Some(&serde_json::json!({"status": from.as_str()})), Some(&serde_json::json!({"status": to.as_str(), "on": day, "note": note})))
    })?;
    get(store.conn(), reference)
}

/// The instant a review's meeting starts: its wall time in its own time zone (a time
/// skipped by a clock change counts from the hour after).
pub fn meeting_start(review: &Review) -> Result<DateTime<Utc>> {
    let zone: chrono_tz::Tz = review.time_zone.parse().map_err(|_| Error::invalid(format!("{:?} is not an IANA time zone", review.time_zone)))?;
    let wall = NaiveDateTime::parse_from_str(&review.starts_at, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(&review.starts_at, "%Y-%m-%dT%H:%M"))
        .map_err(|_| Error::invalid(format!("review {} has an unreadable start {:?}", review.reference, review.starts_at)))?;
    let local = zone.from_local_datetime(&wall).earliest().or_else(|| zone.from_local_datetime(&(wall + chrono::Duration::hours(1))).earliest());
    Ok(local.map_or_else(|| wall.and_utc(), |t| t.with_timezone(&Utc)))
}

/// An invitee's role at the meeting.
pub const ROLES: &[&str] = &["chair", "top_management", "isms_lead", "minute_taker", "department_head", "internal_audit", "risk_owner", "dpo", "it_security_operations", "guest"];
pub const ATTENDANCE: &[&str] = &["unknown", "present", "apologies", "delegate", "absent"];

/// Invites a person (by id) with a role; inviting again changes the role.
pub fn invite(store: &mut Store, actor: &Actor, reference: &str, person_id: i64, role: &str, required: bool) -> Result<()> {
    if !ROLES.contains(&role) {
        return Err(Error::invalid(format!("unknown role {role:?}: use one of {}", ROLES.join(", "))));
    }
    let review = get(store.conn(), reference)?;
    store.write(actor, |w| {
        w.execute(
            "INSERT INTO invitees (review_id, person_id, role, required) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (review_id, person_id) DO UPDATE SET role = excluded.role, required = excluded.required",
            params![review.id, person_id, role, required],
        )?;
        if role == "chair" {
            w.execute("UPDATE reviews SET chair_id = ?1 WHERE id = ?2", params![person_id, review.id])?;
        }
        if role == "minute_taker" {
            w.execute("UPDATE reviews SET minute_taker_id = ?1 WHERE id = ?2", params![person_id, review.id])?;
        }
        w.audit("invitee", &format!("{reference}/{person_id}"), "invite", None, Some(&serde_json::json!({"role": role, "required": required})))
    })
}

/// Records whether an invitee attended; a delegate is named.
pub fn attend(store: &mut Store, actor: &Actor, reference: &str, person_id: i64, attendance: &str, delegate: Option<&str>) -> Result<()> {
    if !ATTENDANCE.contains(&attendance) {
        return Err(Error::invalid(format!("unknown attendance {attendance:?}: use one of {}", ATTENDANCE.join(", "))));
    }
    let delegate = text::optional_line("delegate's name", delegate)?;
    let delegate = delegate.as_deref();
    if attendance == "delegate" && delegate.is_none() {
        return Err(Error::invalid("represented by a delegate: name the delegate with --delegate NAME"));
    }
    let review = get(store.conn(), reference)?;
    store.write(actor, |w| {
        let changed = w.execute(
            "UPDATE invitees SET attendance = ?1, delegate_name = ?2 WHERE review_id = ?3 AND person_id = ?4",
            params![attendance, if attendance == "delegate" { delegate.map(str::trim) } else { None }, review.id, person_id],
        )?;
        if changed == 0 {
            return Err(Error::NotFound { what: format!("invitee {person_id} of review {reference}"), hint: ": invite them first".into() });
        }
        w.audit("invitee", &format!("{reference}/{person_id}"), "attend", None, Some(&serde_json::json!({"attendance": attendance, "delegate": delegate})))
    })
}

/// Whether the meeting had its quorum, and why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct QuorumStatus {
    pub chair_present: bool,
    /// Top management members present in person.
    pub top_management_present: u32,
    /// Members present in person or by a delegate.
    pub members_present: u32,
    pub met: bool,
    /// What is missing, in words, when the quorum was not met.
    pub shortfalls: Vec<String>,
}

pub fn quorum(conn: &Connection, reference: &str) -> Result<QuorumStatus> {
    let review = get(conn, reference)?;
    let rule = crate::organisation::get(conn)?.quorum;
    let (requires_chair, min_top, min_members) = (rule.requires_chair, rule.min_top_management, rule.min_members);
    let (chair_present, top_present, members): (bool, u32, u32) = conn.query_row(
        "SELECT
            coalesce(max(i.role = 'chair' AND i.attendance = 'present'), 0),
            coalesce(sum((i.role = 'top_management' OR p.is_top_management = 1) AND i.attendance = 'present'), 0),
            coalesce(sum(i.attendance IN ('present', 'delegate')), 0)
         FROM invitees i JOIN people p ON p.id = i.person_id WHERE i.review_id = ?1",
        [review.id],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    let mut shortfalls = Vec::new();
    if requires_chair && !chair_present {
        shortfalls.push("the chair was not present".to_owned());
    }
    if top_present < min_top {
        shortfalls.push(format!("{top_present} top management member(s) present in person, {min_top} required"));
    }
    if members < min_members {
        shortfalls.push(format!("{members} member(s) present, {min_members} required"));
    }
    Ok(QuorumStatus { chair_present, top_management_present: top_present, members_present: members, met: shortfalls.is_empty(), shortfalls })
}

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod record_tests;
#[cfg(test)]
mod tests;
