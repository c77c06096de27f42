//! The invitation email as an unsent draft (.eml): RFC 5322 + MIME, iMIP (RFC 6047).

use base64::Engine;
use chrono::{DateTime, Datelike, Duration, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use crate::holidays::weekday_name;
use crate::ics::{cancellation_ics, invitation_ics, summary};
use crate::{CalendarError, Review};

/// What the caller supplies for a draft: its identity and date (no clock inside).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailDraft {
    /// `<unique@domain>`; angle brackets are added if missing.
    pub message_id: String,
    /// The Date header.
    pub date: DateTime<FixedOffset>,
    /// True for a cancellation (METHOD:CANCEL), false for an invitation or update.
    pub cancelled: bool,
}

const B64_LINE: usize = 76;

fn b64_lines(bytes: &[u8]) -> String {
    let s = base64::engine::general_purpose::STANDARD.encode(bytes);
    let mut out = String::with_capacity(s.len() + s.len() / B64_LINE * 2 + 2);
    for chunk in s.as_bytes().chunks(B64_LINE) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push_str("\r\n");
    }
    out
}

/// RFC 2047 encoded-words (`=?UTF-8?B?...?=`) of at most 39 octets (64 characters, so a
/// header line stays under 78), split on character boundaries, separated by folding
/// white space. ASCII text is returned as is.
fn encode_words(s: &str) -> String {
    if s.is_ascii() && !s.contains("=?") {
        return s.to_string();
    }
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in s.chars() {
        if chunk.len() + c.len_utf8() > 39 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(chunk);
    }
    words
        .iter()
        .map(|w| {
            format!(
                "=?UTF-8?B?{}?=",
                base64::engine::general_purpose::STANDARD.encode(w.as_bytes())
            )
        })
        .collect::<Vec<_>>()
        .join("\r\n ")
}

/// `Name <email>` with the display name as atoms, a quoted string or encoded-words.
fn mailbox(name: &str, email: &str) -> String {
    let name = one_line(name);
    let name = name.trim();
    let email = email.trim();
    if name.is_empty() {
        return format!("<{email}>");
    }
    let shown = if !name.is_ascii() {
        encode_words(name)
    } else if name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || "!#$%&'*+-/=?^_`{|}~".contains(c))
    {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    };
    format!("{shown} <{email}>")
}

fn when(r: &Review) -> String {
    let s = r.start;
    let e = s + Duration::minutes(i64::from(r.duration_minutes));
    let month = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ][s.month0() as usize];
    format!(
        "{} {} {} {}, {} to {} ({})",
        weekday_name(s.weekday()),
        s.day(),
        month,
        s.year(),
        s.format("%H:%M"),
        e.format("%H:%M"),
        r.time_zone
    )
}

/// Header text on one line: control characters (CR, LF...) become spaces, so no value
/// can start a header of its own.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn subject(r: &Review, cancelled: bool) -> String {
    let base = one_line(&format!("{}: {}", summary(r), when(r)));
    match (cancelled, r.sequence) {
        (true, _) => format!("Cancelled: {base}"),
        (false, 0) => format!("Invitation: {base}"),
        (false, _) => format!("Updated invitation: {base}"),
    }
}

fn plain_body(r: &Review, cancelled: bool) -> String {
    let mut s = String::new();
    if cancelled {
        s.push_str(&format!(
            "The management review {} is cancelled.\n\n",
            summary(r)
        ));
    } else if r.sequence > 0 {
        s.push_str(&format!(
            "The management review {} has changed. Please check the details below.\n\n",
            summary(r)
        ));
    } else {
        s.push_str(&format!(
            "You are invited to the management review {}.\n\n",
            summary(r)
        ));
    }
    s.push_str(&format!("When: {}\n", when(r)));
    if let Some(loc) = &r.location {
        s.push_str(&format!("Where: {loc}\n"));
    }
    if let Some(link) = &r.video_link {
        s.push_str(&format!("Online: {link}\n"));
    }
    s.push_str(&format!(
        "Organizer: {} <{}>\n",
        r.organizer.name, r.organizer.email
    ));
    if !r.agenda.is_empty() {
        s.push_str("\nAgenda:\n");
        for (i, item) in r.agenda.iter().enumerate() {
            s.push_str(&format!("{}. {}\n", i + 1, item));
        }
    }
    if !cancelled {
        s.push_str(
            "\nThe calendar invitation is attached (invite.ics): open it to accept or decline.\n",
        );
    }
    s
}

/// The .eml draft for a review: headers (From the organizer, To every invitee, Subject,
/// Date, Message-ID, MIME-Version, X-Unsent: 1), then multipart/mixed of
/// (multipart/alternative of text/plain and text/calendar; method=REQUEST or CANCEL)
/// and the same .ics as an attachment. Bodies are base64, lines end in CRLF.
/// `now` is the DTSTAMP of the calendar part.
pub fn invitation_eml(
    review: &Review,
    draft: &EmailDraft,
    now: DateTime<Utc>,
) -> Result<String, CalendarError> {
    let (ics, method) = if draft.cancelled {
        (cancellation_ics(review, now)?, "CANCEL")
    } else {
        (invitation_ics(review, now)?, "REQUEST")
    };
    let mid = draft
        .message_id
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>');
    let to = review
        .invitees
        .iter()
        .map(|i| mailbox(&i.name, &i.email))
        .collect::<Vec<_>>()
        .join(",\r\n ");
    let mixed = "=_Quorum_mixed_0";
    let alt = "=_Quorum_alt_0";
    let mut m = String::new();
    m.push_str(&format!(
        "From: {}\r\n",
        mailbox(&review.organizer.name, &review.organizer.email)
    ));
    m.push_str(&format!("To: {to}\r\n"));
    m.push_str(&format!(
        "Subject: {}\r\n",
        encode_words(&subject(review, draft.cancelled))
    ));
    m.push_str(&format!(
        "Date: {}\r\n",
        draft.date.format("%a, %d %b %Y %H:%M:%S %z")
    ));
    m.push_str(&format!("Message-ID: <{mid}>\r\n"));
    m.push_str("MIME-Version: 1.0\r\n");
    m.push_str("X-Unsent: 1\r\n");
    m.push_str(&format!(
        "Content-Type: multipart/mixed; boundary=\"{mixed}\"\r\n\r\n"
    ));
    m.push_str("This is a multi-part message in MIME format.\r\n");
    m.push_str(&format!("\r\n--{mixed}\r\n"));
    m.push_str(&format!(
        "Content-Type: multipart/alternative; boundary=\"{alt}\"\r\n\r\n"
    ));
    m.push_str(&format!("--{alt}\r\n"));
    m.push_str(
        "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
    );
    m.push_str(&b64_lines(
        crlf(&plain_body(review, draft.cancelled)).as_bytes(),
    ));
    m.push_str(&format!("\r\n--{alt}\r\n"));
    m.push_str(&format!("Content-Type: text/calendar; charset=UTF-8; method={method}\r\nContent-Transfer-Encoding: base64\r\n\r\n"));
    m.push_str(&b64_lines(ics.as_bytes()));
    m.push_str(&format!("\r\n--{alt}--\r\n"));
    m.push_str(&format!("\r\n--{mixed}\r\n"));
    let file = if draft.cancelled {
        "cancel.ics"
    } else {
        "invite.ics"
    };
    m.push_str(&format!("Content-Type: application/ics; name=\"{file}\"\r\nContent-Disposition: attachment; filename=\"{file}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"));
    m.push_str(&b64_lines(ics.as_bytes()));
    m.push_str(&format!("\r\n--{mixed}--\r\n"));
    Ok(m)
}

/// Every line break as CR LF, whether the text had LF, CR LF or a lone CR (a location or
/// agenda title typed with CR LF must not become CR CR LF).
fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n").replace('\n', "\r\n")
}

/// Percent-encode for a mailto: URI (RFC 6068): everything but unreserved characters.
fn pct(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `mailto:` link to every invitee with the subject and plain-text body (line breaks
/// as %0D%0A), for mail programs that cannot open .eml. It carries no attachment.
pub fn mailto_link(review: &Review, cancelled: bool) -> String {
    let to = review
        .invitees
        .iter()
        .map(|i| pct(i.email.trim()).replace("%40", "@"))
        .collect::<Vec<_>>()
        .join(",");
    let body = crlf(&plain_body(review, cancelled));
    format!(
        "mailto:{to}?subject={}&body={}",
        pct(&subject(review, cancelled)),
        pct(&body)
    )
}
