//! Distribution of the approved minutes (ISO/IEC 27001:2022 7.5.3: documented information
//! reaches those who need it): who received which approved version, when and how. The
//! readiness check wants every attendee to have it within [`DISTRIBUTION_WORKING_DAYS`]
//! working days of the approval; [`draft_email`] writes the unsent message that carries
//! the signed PDF, for the lead to send from their own mail program.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::get;
use crate::error::{Error, Result};
use crate::people::PersonRef;
use crate::register::parse_day;
use crate::store::{Actor, Store};

/// Working days after the approval by which every attendee has the minutes.
pub const DISTRIBUTION_WORKING_DAYS: i32 = 10;

text_enum!(
    /// How the minutes reached a person.
    Method, "distribution method" { Email = "email", SharedFolder = "shared_folder", Printed = "printed", InPerson = "in_person" }
);

/// One person's copy of an approved version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Distribution {
    pub version: String,
    pub person: PersonRef,
    pub sent_on: NaiveDate,
    pub method: Method,
    pub recorded_at: String,
    pub recorded_by: String,
}

/// The newest approved version of a review's minutes: its revision id, version and the day
/// it was approved.
pub(crate) fn approved_version(conn: &Connection, review_id: i64) -> Result<Option<(i64, String, NaiveDate)>> {
    let row: Option<(i64, String, Option<String>)> = conn
        .query_row(
            "SELECT id, version, released_on FROM minutes_revisions WHERE review_id = ?1 AND status = 'approved' ORDER BY id DESC LIMIT 1",
            [review_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    row.map(|(id, version, released)| {
        let released = released.ok_or_else(|| Error::invalid(format!("approved version {version} has no release date")))?;
        Ok((id, version, parse_day(released.get(..10).unwrap_or(&released))?))
    })
    .transpose()
}

/// Who the minutes go to unless told otherwise: everyone who attended, in person or
/// through a delegate.
pub(crate) fn attendees(conn: &Connection, review_id: i64) -> Result<Vec<PersonRef>> {
    let mut statement = conn.prepare(
        "SELECT p.id, p.name, p.email FROM invitees i JOIN people p ON p.id = i.person_id
         WHERE i.review_id = ?1 AND i.attendance IN ('present', 'delegate') ORDER BY p.name",
    )?;
    let people = statement.query_map([review_id], |r| Ok(PersonRef { id: r.get(0)?, name: r.get(1)?, email: r.get(2)? }))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(people)
}

/// The distribution of the newest approved version, by person.
pub fn list(conn: &Connection, review_id: i64) -> Result<Vec<Distribution>> {
    let Some((revision, version, _)) = approved_version(conn, review_id)? else { return Ok(Vec::new()) };
    let mut statement = conn.prepare(
        "SELECT p.id, p.name, p.email, d.sent_on, d.method, d.recorded_at, d.recorded_by
         FROM minutes_distributions d JOIN people p ON p.id = d.person_id WHERE d.revision_id = ?1 ORDER BY p.name",
    )?;
    let rows = statement
        .query_map([revision], |r| {
            Ok((PersonRef { id: r.get(0)?, name: r.get(1)?, email: r.get(2)? }, r.get::<_, String>(3)?, r.get::<_, Method>(4)?, r.get::<_, String>(5)?, r.get::<_, String>(6)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(person, sent_on, method, recorded_at, recorded_by)| Ok(Distribution { version: version.clone(), person, sent_on: parse_day(&sent_on)?, method, recorded_at, recorded_by }))
        .collect()
}

/// Records that the newest approved version reached `people` (the attendees when empty) on
/// `sent_on` by `method`. A person recorded again is corrected, and the audit trail keeps
/// what it said before.
pub fn record(store: &mut Store, actor: &Actor, reference: &str, people: &[i64], sent_on: NaiveDate, method: Method) -> Result<Vec<Distribution>> {
    let review = get(store.conn(), reference)?;
    let (revision, version, approved_on) = approved_version(store.conn(), review.id)?
        .ok_or_else(|| Error::Conflict(format!("the minutes of {reference} are not approved yet: only an approved version is distributed")))?;
    if sent_on < approved_on {
        return Err(Error::invalid(format!("{sent_on} is before version {version} was approved ({approved_on}): give the day the minutes were sent")));
    }
    if sent_on > actor.today() {
        return Err(Error::invalid(format!("{sent_on} is in the future: record a distribution once it has happened")));
    }
    let recipients: Vec<i64> = if people.is_empty() { attendees(store.conn(), review.id)?.into_iter().map(|p| p.id).collect() } else { people.to_vec() };
    if recipients.is_empty() {
        return Err(Error::invalid(format!("{reference} has no attendance recorded: name who received the minutes (--to PERSON)")));
    }
    for id in &recipients {
        crate::people::get(store.conn(), *id)?;
    }
    store.write(actor, |w| {
        for id in &recipients {
            let before: Option<(String, String)> = w
                .query_row("SELECT sent_on, method FROM minutes_distributions WHERE revision_id = ?1 AND person_id = ?2", params![revision, id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            w.execute(
                "INSERT INTO minutes_distributions (revision_id, person_id, sent_on, method, recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (revision_id, person_id) DO UPDATE SET sent_on = excluded.sent_on, method = excluded.method, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by",
                params![revision, id, sent_on.to_string(), method, w.actor().now.to_rfc3339(), w.actor().name],
            )?;
            w.audit(
                "minutes_distribution",
                &format!("{reference}/{version}/{id}"),
                if before.is_some() { "update" } else { "create" },
                before.map(|(on, how)| serde_json::json!({"sentOn": on, "method": how})).as_ref(),
                Some(&serde_json::json!({"sentOn": sent_on, "method": method})),
            )?;
        }
        Ok(())
    })?;
    list(store.conn(), review.id)
}

/// Writes [`draft_email`] for the signed minutes at `pdf` to `out` (a new file, never
/// replacing one): what the CLI's `send-minutes` and the window's "Send the minutes" do.
pub fn write_draft_email(conn: &Connection, reference: &str, pdf: &Path, out: &Path, now: DateTime<Utc>) -> Result<()> {
    let bytes = crate::limits::read(pdf, crate::limits::MAX_PDF_BYTES, "PDF")?;
    let name = pdf.file_name().map_or_else(|| format!("{reference}.pdf"), |n| n.to_string_lossy().into_owned());
    let message = draft_email(conn, reference, &bytes, &name, now)?;
    crate::export::write_new(out, |file| std::io::Write::write_all(file, message.as_bytes()).map_err(Error::io(out)))
}

/// The unsent message that carries the signed minutes to the attendees: RFC 5322 with the
/// PDF attached and `X-Unsent: 1`, so a mail program opens it as a draft to send.
fn draft_email(conn: &Connection, reference: &str, pdf: &[u8], pdf_name: &str, now: DateTime<Utc>) -> Result<String> {
    let review = get(conn, reference)?;
    let (_, version, approved_on) = approved_version(conn, review.id)?
        .ok_or_else(|| Error::Conflict(format!("the minutes of {reference} are not approved yet: send an approved, signed version")))?;
    if !pdf.starts_with(b"%PDF-") {
        return Err(Error::invalid(format!("{pdf_name} is not a PDF: give the signed minutes `quorum export minutes {reference} --sign` wrote")));
    }
    let organisation = crate::organisation::get(conn)?;
    let lead = organisation.isms_lead.clone().ok_or_else(|| Error::invalid("the organisation has no ISMS lead to send from: set one in Settings (or `quorum org set --lead PERSON`)"))?;
    let subject = format!("Minutes of the management review {reference}, version {version} (approved)");
    let body = format!(
        "Dear all,\n\nAttached are the approved minutes of the management review {reference} ({}), version {version}, approved on {approved_on}.\n\n\
         The PDF is signed by {}. Please keep it with the ISMS records and act on the actions assigned to you by their target dates.\n\n{}\n",
        review.title,
        organisation.name,
        lead.name
    );
    let from_email = lead.email.clone().ok_or_else(|| Error::invalid(format!("the ISMS lead, {}, has no email address to send from: add it in People", lead.name)))?;
    // The lead sends it, and keeps it in their sent mail: the others are the recipients.
    let to: Vec<(String, String)> = attendees(conn, review.id)?.into_iter().filter(|p| p.id != lead.id).filter_map(|p| p.email.map(|e| (p.name, e))).collect();
    if to.is_empty() {
        return Err(Error::invalid(format!("none of the attendees of {reference} has an email address: add them in People")));
    }
    let from = (lead.name.clone(), from_email);
    let attachment = quorum_calendar::Attachment { file_name: pdf_name, mime_type: "application/pdf", content: pdf };
    Ok(quorum_calendar::draft_with_attachment(&from, &to, &subject, &body, &attachment, now))
}
