//! Invitations and cancellations of one review: the store mapped onto quorum-calendar's
//! `Review`, the SEQUENCE rule, and the record of what was issued.
//!
//! **SEQUENCE rule.** `reviews.ical_sequence` is the revision of the meeting as calendars
//! know it. It is raised (1) by planning when it moves a review or changes its place or
//! length, (2) by a cancellation, and (3) when an invitation is issued whose content
//! (time, place, attendees and roles, agenda, organizer, title) differs from the last one
//! issued and nothing has raised it since. Issuing again with nothing changed repeats the
//! same SEQUENCE (a re-send, which RFC 5546 allows; the later DTSTAMP wins). What was
//! issued is known from the audit trail: each issue records its SEQUENCE and a SHA-256
//! fingerprint of the invitation written with SEQUENCE 0 and a fixed DTSTAMP.

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::calendar_error;
use crate::error::{Error, Result};
use crate::review::{self, Status};
use crate::store::{Actor, Store};

/// Minutes before the meeting that the invitation's reminder (VALARM) goes off.
pub const REMINDER_MINUTES: u32 = 30;

/// One invitation or cancellation, ready to write out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Issued {
    pub reference: String,
    pub uid: String,
    pub sequence: u32,
    /// `REQUEST` or `CANCEL`.
    #[cfg_attr(test, ts(type = "\"REQUEST\" | \"CANCEL\""))]
    pub method: &'static str,
    /// The review's status after issuing.
    #[cfg_attr(test, ts(as = "Status"))]
    pub status: String,
    /// Email addresses of the attendees.
    pub attendees: Vec<String>,
    pub mailto: String,
    #[serde(skip)]
    pub ics: String,
    #[serde(skip)]
    pub eml: String,
}

/// The organisation's ISMS lead, who sends the invitations.
fn organizer(conn: &Connection) -> Result<quorum_calendar::Person> {
    let lead: Option<(String, Option<String>)> = conn
        .query_row("SELECT p.name, p.email FROM organisation o JOIN people p ON p.id = o.isms_lead_id WHERE o.id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match lead {
        Some((name, Some(email))) if !email.trim().is_empty() => Ok(quorum_calendar::Person { name, email: email.trim().to_owned() }),
        Some((name, _)) => Err(Error::invalid(format!("the ISMS lead {name} has no email address, and invitations are sent in the lead's name: record the lead's email in the people list"))),
        None => Err(Error::invalid("the organisation has no ISMS lead, and invitations are sent in the lead's name: name one when creating the store (`quorum init --lead NAME --lead-email EMAIL`)")),
    }
}

fn invitees(conn: &Connection, review_id: i64, reference: &str) -> Result<Vec<quorum_calendar::Invitee>> {
    let mut statement = conn.prepare(
        "SELECT p.name, p.email, i.role, i.required FROM invitees i JOIN people p ON p.id = i.person_id
         WHERE i.review_id = ?1 ORDER BY i.role <> 'chair', i.id",
    )?;
    let rows = statement
        .query_map([review_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, String>(2)?, r.get::<_, bool>(3)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(name, email, role, required)| {
            let email = email.filter(|e| !e.trim().is_empty()).ok_or_else(|| {
                Error::invalid(format!("{name}, invited to {reference}, has no email address, so the invitation cannot reach them: record their email, or remove them from the invitees"))
            })?;
            let role = match (role.as_str(), required) {
                ("chair", _) => quorum_calendar::AttendeeRole::Chair,
                (_, true) => quorum_calendar::AttendeeRole::Required,
                (_, false) => quorum_calendar::AttendeeRole::Optional,
            };
            Ok(quorum_calendar::Invitee { name, email: email.trim().to_owned(), role })
        })
        .collect()
}

fn sequence_of(conn: &Connection, review_id: i64) -> Result<u32> {
    Ok(conn.query_row("SELECT ical_sequence FROM reviews WHERE id = ?1", [review_id], |r| r.get(0))?)
}

/// The review as quorum-calendar writes it. `with_invitees` is false for the lead's own
/// calendar (METHOD:PUBLISH carries no attendees).
pub(crate) fn calendar_review(conn: &Connection, r: &review::Review, with_invitees: bool) -> Result<quorum_calendar::Review> {
    let mut statement = conn.prepare("SELECT title, minutes_allocated FROM agenda_items WHERE review_id = ?1 ORDER BY position")?;
    let agenda = statement
        .query_map([r.id], |row| Ok(format!("{} ({} min)", row.get::<_, String>(0)?, row.get::<_, u32>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // The store has one place field: a link there is the video link.
    let place = r.location.clone().filter(|l| !l.trim().is_empty());
    let is_link = place.as_deref().is_some_and(|l| l.trim_start().starts_with("https://") || l.trim_start().starts_with("http://"));
    Ok(quorum_calendar::Review {
        uid: r.ical_uid.clone(),
        sequence: sequence_of(conn, r.id)?,
        reference: r.reference.clone(),
        title: r.title.clone(),
        start: super::parse_start(&r.starts_at)?,
        time_zone: r.time_zone.clone(),
        duration_minutes: r.duration_minutes,
        location: if is_link { None } else { place.clone() },
        video_link: if is_link { place.map(|l| l.trim().to_owned()) } else { None },
        agenda,
        organizer: organizer(conn)?,
        invitees: if with_invitees { invitees(conn, r.id, &r.reference)? } else { Vec::new() },
        reminder_minutes: Some(REMINDER_MINUTES),
    })
}

/// What an invitation shows, independent of when it was written and of its SEQUENCE.
fn fingerprint(cal: &quorum_calendar::Review) -> Result<String> {
    let mut plain = cal.clone();
    plain.sequence = 0;
    let text = quorum_calendar::invitation_ics(&plain, DateTime::<Utc>::UNIX_EPOCH).map_err(calendar_error)?;
    Ok(hex::encode(Sha256::digest(text.as_bytes())))
}

/// SEQUENCE and fingerprint of the last invitation issued for `reference`.
fn last_issue(conn: &Connection, reference: &str) -> Result<Option<(u32, String)>> {
    let after: Option<String> = conn
        .query_row(
            "SELECT after FROM audit_events WHERE entity = 'review' AND entity_id = ?1 AND action = 'issue_invitation' ORDER BY id DESC LIMIT 1",
            [reference],
            |r| r.get(0),
        )
        .optional()?;
    let Some(after) = after else { return Ok(None) };
    let value: serde_json::Value = serde_json::from_str(&after)?;
    let sequence = value["icalSequence"].as_u64().unwrap_or(0) as u32;
    Ok(Some((sequence, value["fingerprint"].as_str().unwrap_or_default().to_owned())))
}

/// Whether an invitation of `reference` was ever issued (its attendees then need a
/// cancellation if it is called off).
pub fn was_invited(conn: &Connection, reference: &str) -> Result<bool> {
    Ok(last_issue(conn, reference)?.is_some())
}

fn draft_and_mailto(cal: &quorum_calendar::Review, now: DateTime<Utc>, cancelled: bool) -> Result<(String, String)> {
    let tz: chrono_tz::Tz = cal.time_zone.parse().map_err(|_| Error::invalid(format!("{:?} is not an IANA time zone", cal.time_zone)))?;
    let domain = cal.uid.rsplit_once('@').map_or("quorum", |(_, d)| d);
    let draft = quorum_calendar::EmailDraft {
        message_id: format!("{}.{}.{}{}@{domain}.invalid", cal.reference.to_lowercase(), cal.sequence, now.timestamp(), if cancelled { ".cancel" } else { "" }),
        date: tz.from_utc_datetime(&now.naive_utc()).fixed_offset(),
        cancelled,
    };
    let eml = quorum_calendar::invitation_eml(cal, &draft, now).map_err(calendar_error)?;
    Ok((eml, quorum_calendar::mailto_link(cal, cancelled)))
}

fn no_invitees(reference: &str) -> Error {
    Error::invalid(format!("review {reference} has no invitees, so there is nobody to invite: invite people first (`quorum review invite {reference} PERSON --role ROLE`)"))
}

/// Issues the invitation of a review: METHOD:REQUEST .ics, the .eml draft and the mailto
/// link, with the SEQUENCE rule above. Records the issue in the audit trail, and moves a
/// Planned review to Invitations sent (today). Refused for a review that was held or
/// cancelled.
pub fn issue_invitation(store: &mut Store, actor: &Actor, reference: &str) -> Result<Issued> {
    let r = review::get(store.conn(), reference)?;
    let status: Status = r.status.parse()?;
    // Held, minutes drafted, approved and cancelled all come after Held in the lifecycle.
    if status >= Status::Held {
        return Err(Error::Conflict(format!("review {reference} is {}: there is no meeting to invite to any more", status.as_str().replace('_', " "))));
    }
    let mut cal = calendar_review(store.conn(), &r, true)?;
    if cal.invitees.is_empty() {
        return Err(no_invitees(reference));
    }
    let stored = cal.sequence;
    let print = fingerprint(&cal)?;
    cal.sequence = match last_issue(store.conn(), reference)? {
        Some((issued, previous)) if previous != print && stored <= issued => issued + 1,
        _ => stored,
    };
    let ics = quorum_calendar::invitation_ics(&cal, actor.now).map_err(calendar_error)?;
    let (eml, mailto) = draft_and_mailto(&cal, actor.now, false)?;
    store.write(actor, |w| {
        if cal.sequence != stored {
            w.execute("UPDATE reviews SET ical_sequence = ?1 WHERE id = ?2", params![cal.sequence, r.id])?;
        }
        let attendees: Vec<&str> = cal.invitees.iter().map(|i| i.email.as_str()).collect();
        w.audit(
            "review",
            reference,
            "issue_invitation",
            Some(&serde_json::json!({"icalSequence": stored})),
            Some(&serde_json::json!({"method": "REQUEST", "icalSequence": cal.sequence, "fingerprint": print, "attendees": attendees})),
        )
    })?;
    let status = if status == Status::Planned {
        review::transition(store, actor, reference, Status::InvitationsSent, None, Some("invitation issued (.ics and .eml draft)"))?.status
    } else {
        r.status.clone()
    };
    Ok(Issued {
        reference: r.reference,
        uid: cal.uid.clone(),
        sequence: cal.sequence,
        method: "REQUEST",
        status,
        attendees: cal.invitees.iter().map(|i| i.email.clone()).collect(),
        mailto,
        ics,
        eml,
    })
}

/// Cancels a review (`review::transition` to Cancelled with the reason) and raises its
/// SEQUENCE. If an invitation was issued, returns the METHOD:CANCEL notice (.ics, .eml,
/// mailto) for the invitees; it is built before anything is written, so a notice that
/// cannot be written leaves the review as it was. Nobody invited: no notice.
pub fn cancel(store: &mut Store, actor: &Actor, reference: &str, reason: &str) -> Result<(review::Review, Option<Issued>)> {
    if reason.trim().is_empty() {
        return Err(Error::invalid("cancelling a review needs the reason: pass --reason TEXT"));
    }
    let r = review::get(store.conn(), reference)?;
    let stored = sequence_of(store.conn(), r.id)?;
    let notice = match last_issue(store.conn(), reference)? {
        None => None,
        Some(_) => {
            let mut cal = calendar_review(store.conn(), &r, true)?;
            if cal.invitees.is_empty() {
                return Err(no_invitees(reference));
            }
            cal.sequence = stored + 1;
            let ics = quorum_calendar::cancellation_ics(&cal, actor.now).map_err(calendar_error)?;
            let (eml, mailto) = draft_and_mailto(&cal, actor.now, true)?;
            Some((cal, ics, eml, mailto))
        }
    };
    let cancelled = review::transition(store, actor, reference, Status::Cancelled, None, Some(reason))?;
    store.write(actor, |w| {
        w.execute("UPDATE reviews SET ical_sequence = ?1 WHERE id = ?2", params![stored + 1, r.id])?;
        w.audit("review", reference, "issue_cancellation", Some(&serde_json::json!({"icalSequence": stored})), Some(&serde_json::json!({"method": "CANCEL", "icalSequence": stored + 1, "notice": notice.is_some()})))
    })?;
    let notice = notice.map(|(cal, ics, eml, mailto)| Issued {
        reference: r.reference.clone(),
        uid: cal.uid.clone(),
        sequence: cal.sequence,
        method: "CANCEL",
        status: cancelled.status.clone(),
        attendees: cal.invitees.iter().map(|i| i.email.clone()).collect(),
        mailto,
        ics,
        eml,
    });
    Ok((cancelled, notice))
}
