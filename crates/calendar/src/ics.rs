//! A small RFC 5545 writer: content lines folded at 75 octets on character boundaries,
//! CRLF, escaped TEXT, quoted parameters, UTC date-times. See README for why not the
//! `icalendar` crate.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use crate::plan::parse_zone;
use crate::{CalendarError, LeadCalendar, Milestone, Review};

pub(crate) const PRODID: &str = "-//Quorum//Management reviews//EN";

/// Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma, newline.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value: `^`, DQUOTE and newline written as RFC 6868 `^^`, `^'`, `^n`;
/// other controls dropped; quoted if it holds `:;,`.
fn param_value(s: &str) -> String {
    let mut clean = String::with_capacity(s.len());
    for c in s.replace("\r\n", "\n").chars() {
        match c {
            '^' => clean.push_str("^^"),
            '"' => clean.push_str("^'"),
            '\n' => clean.push_str("^n"),
            c if c.is_control() => {}
            c => clean.push(c),
        }
    }
    if clean.contains([':', ';', ',']) || clean.starts_with(' ') || clean.ends_with(' ') {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// Fold one content line (without CRLF) into lines of at most 75 octets, never splitting
/// a UTF-8 character; continuation lines start with one space. Returns it with CRLFs.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0usize;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

pub(crate) struct Writer {
    out: String,
}

impl Writer {
    pub(crate) fn new() -> Self {
        Writer { out: String::new() }
    }
    /// A property with pre-formatted parameters (`;A=B` each) and a raw value.
    pub(crate) fn raw(&mut self, name: &str, params: &[(&str, String)], value: &str) {
        let mut line = String::from(name);
        for (k, v) in params {
            line.push(';');
            line.push_str(k);
            line.push('=');
            line.push_str(v);
        }
        line.push(':');
        line.push_str(value);
        self.out.push_str(&fold_line(&line));
    }
    pub(crate) fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &[], &escape_text(value));
    }
    pub(crate) fn begin(&mut self, c: &str) {
        self.raw("BEGIN", &[], c);
    }
    pub(crate) fn end(&mut self, c: &str) {
        self.raw("END", &[], c);
    }
    pub(crate) fn finish(self) -> String {
        self.out
    }
}

fn utc(dt: DateTime<Utc>) -> String {
    dt.format("%Y%m%dT%H%M%SZ").to_string()
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

fn mailto(email: &str) -> String {
    format!("mailto:{}", email.trim())
}

/// Start and end of a review in UTC. An ambiguous local time (clocks go back) takes the
/// first occurrence; a local time in a gap (clocks go forward) is an error.
pub(crate) fn review_times(r: &Review) -> Result<(DateTime<Utc>, DateTime<Utc>), CalendarError> {
    let tz = parse_zone(&r.time_zone)?;
    let start = tz
        .from_local_datetime(&r.start)
        .earliest()
        .ok_or_else(|| CalendarError::NonexistentLocalTime {
            time: r.start.to_string(),
            zone: r.time_zone.clone(),
        })?
        .with_timezone(&Utc);
    Ok((
        start,
        start + Duration::minutes(i64::from(r.duration_minutes)),
    ))
}

pub(crate) fn validate(r: &Review) -> Result<(), CalendarError> {
    let bad = |message: &str| {
        Err(CalendarError::InvalidReview {
            uid: r.uid.clone(),
            message: message.into(),
        })
    };
    if r.uid.trim().is_empty() {
        return bad("empty UID");
    }
    if r.duration_minutes == 0 {
        return bad("duration is zero");
    }
    let plain_address = |e: &str| {
        let e = e.trim();
        e.matches('@').count() == 1
            && !e.starts_with('@')
            && !e.ends_with('@')
            && !e
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"".contains(c))
    };
    if !plain_address(&r.organizer.email) {
        return bad("the organizer's email is not a plain address (name@domain)");
    }
    if let Some(i) = r.invitees.iter().find(|i| !plain_address(&i.email)) {
        return Err(CalendarError::InvalidReview {
            uid: r.uid.clone(),
            message: format!(
                "the email of invitee {:?} is not a plain address (name@domain)",
                i.name
            ),
        });
    }
    Ok(())
}

/// Summary line of a review: `MR-2027-01 Management review Q1`.
pub(crate) fn summary(r: &Review) -> String {
    format!("{} {}", r.reference, r.title)
}

/// The DESCRIPTION: numbered agenda, then the video link.
pub(crate) fn description(r: &Review) -> String {
    let mut s = String::new();
    if !r.agenda.is_empty() {
        s.push_str("Agenda:\n");
        for (i, item) in r.agenda.iter().enumerate() {
            s.push_str(&format!("{}. {}\n", i + 1, item));
        }
    }
    if let Some(link) = &r.video_link {
        if !s.is_empty() {
            s.push('\n');
        }
        s.push_str(&format!("Join online: {link}\n"));
    }
    s.trim_end().to_string()
}

fn location(r: &Review) -> Option<String> {
    r.location.clone().or_else(|| r.video_link.clone())
}

#[derive(PartialEq, Clone, Copy)]
enum Kind {
    Request,
    Cancel,
    Publish,
}

fn write_review(
    w: &mut Writer,
    r: &Review,
    now: DateTime<Utc>,
    kind: Kind,
) -> Result<(), CalendarError> {
    validate(r)?;
    if kind != Kind::Publish && r.invitees.is_empty() {
        // RFC 5546 3.2.2 and 3.2.5: a REQUEST or CANCEL names at least one attendee.
        return Err(CalendarError::InvalidReview {
            uid: r.uid.clone(),
            message: "no invitees".into(),
        });
    }
    let (start, end) = review_times(r)?;
    w.begin("VEVENT");
    w.raw("UID", &[], &escape_text(&r.uid));
    w.raw("DTSTAMP", &[], &utc(now));
    w.raw("SEQUENCE", &[], &r.sequence.to_string());
    w.raw("DTSTART", &[], &utc(start));
    w.raw("DTEND", &[], &utc(end));
    w.text("SUMMARY", &summary(r));
    let desc = description(r);
    if !desc.is_empty() {
        w.text("DESCRIPTION", &desc);
    }
    if let Some(loc) = location(r) {
        w.text("LOCATION", &loc);
    }
    if let Some(link) = &r.video_link {
        w.raw("URL", &[], link.trim());
    }
    w.raw(
        "ORGANIZER",
        &[("CN", param_value(&r.organizer.name))],
        &mailto(&r.organizer.email),
    );
    if kind != Kind::Publish {
        for i in &r.invitees {
            let mut params = vec![
                ("CUTYPE", "INDIVIDUAL".to_string()),
                ("ROLE", i.role.ical().to_string()),
                ("PARTSTAT", "NEEDS-ACTION".to_string()),
                ("RSVP", "TRUE".to_string()),
                ("CN", param_value(&i.name)),
            ];
            if kind == Kind::Cancel {
                params.retain(|(k, _)| *k != "RSVP");
                params.push(("RSVP", "FALSE".to_string()));
            }
            w.raw("ATTENDEE", &params, &mailto(&i.email));
        }
    }
    w.raw(
        "STATUS",
        &[],
        if kind == Kind::Cancel {
            "CANCELLED"
        } else {
            "CONFIRMED"
        },
    );
    w.raw("TRANSP", &[], "OPAQUE");
    if kind != Kind::Cancel {
        if let Some(min) = r.reminder_minutes {
            w.begin("VALARM");
            w.raw("ACTION", &[], "DISPLAY");
            w.text("DESCRIPTION", &format!("Reminder: {}", summary(r)));
            w.raw("TRIGGER", &[], &format!("-PT{min}M"));
            w.end("VALARM");
        }
    }
    w.end("VEVENT");
    Ok(())
}

fn header(w: &mut Writer, method: &str) {
    w.begin("VCALENDAR");
    w.raw("PRODID", &[], PRODID);
    w.raw("VERSION", &[], "2.0");
    w.raw("CALSCALE", &[], "GREGORIAN");
    w.raw("METHOD", &[], method);
}

/// The invitation (METHOD:REQUEST) for one review. Re-issue after a change with the same
/// UID and a raised `sequence`. Times are UTC (`Z`), computed from the review's zone.
pub fn invitation_ics(review: &Review, now: DateTime<Utc>) -> Result<String, CalendarError> {
    let mut w = Writer::new();
    header(&mut w, "REQUEST");
    write_review(&mut w, review, now, Kind::Request)?;
    w.end("VCALENDAR");
    Ok(w.finish())
}

/// The cancellation (METHOD:CANCEL, STATUS:CANCELLED) of a review: same UID; pass the
/// review with its `sequence` raised past the last invitation sent.
pub fn cancellation_ics(review: &Review, now: DateTime<Utc>) -> Result<String, CalendarError> {
    let mut w = Writer::new();
    header(&mut w, "CANCEL");
    write_review(&mut w, review, now, Kind::Cancel)?;
    w.end("VCALENDAR");
    Ok(w.finish())
}

fn write_milestone(w: &mut Writer, m: &Milestone, now: DateTime<Utc>) {
    w.begin("VEVENT");
    w.raw("UID", &[], &escape_text(&m.uid()));
    w.raw("DTSTAMP", &[], &utc(now));
    w.raw("DTSTART", &[("VALUE", "DATE".into())], &date(m.date));
    w.raw(
        "DTEND",
        &[("VALUE", "DATE".into())],
        &date(m.date + Duration::days(1)),
    );
    w.text(
        "SUMMARY",
        &format!("{}: {}", m.review_reference, m.kind.label()),
    );
    if let Some(note) = &m.note {
        w.text("DESCRIPTION", note);
    }
    w.text("CATEGORIES", "Management review milestone");
    w.raw("TRANSP", &[], "TRANSPARENT");
    // The lead prepares the day before: a reminder at 09:00 local time that day (the all-day
    // event starts at midnight, floating).
    w.begin("VALARM");
    w.raw("ACTION", &[], "DISPLAY");
    w.text("DESCRIPTION", &format!("Tomorrow: {}: {}", m.review_reference, m.kind.label()));
    w.raw("TRIGGER", &[], DAY_BEFORE_AT_NINE);
    w.end("VALARM");
    w.end("VEVENT");
}

/// 09:00 on the day before an all-day date (which starts at 00:00).
const DAY_BEFORE_AT_NINE: &str = "-PT15H";

/// The ISMS lead's calendar (METHOD:PUBLISH): each review as a VEVENT (same UID as its
/// invitation, no attendees), each milestone as an all-day VEVENT (DATE values,
/// transparent) with a reminder the day before, each open action's target date as a VTODO
/// with an all-day DUE, and a reminder the day before on the lead's own actions.
pub fn lead_calendar_ics(cal: &LeadCalendar, now: DateTime<Utc>) -> Result<String, CalendarError> {
    let mut w = Writer::new();
    header(&mut w, "PUBLISH");
    w.text("X-WR-CALNAME", &cal.name);
    for r in &cal.reviews {
        write_review(&mut w, r, now, Kind::Publish)?;
    }
    for m in &cal.milestones {
        write_milestone(&mut w, m, now);
    }
    for a in &cal.actions {
        w.begin("VTODO");
        w.raw("UID", &[], &escape_text(&a.uid));
        w.raw("DTSTAMP", &[], &utc(now));
        w.raw("DUE", &[("VALUE", "DATE".into())], &date(a.due));
        w.text("SUMMARY", &format!("{} {}", a.reference, a.title));
        if let Some(owner) = &a.owner {
            w.text("DESCRIPTION", &format!("Owner: {owner}"));
        }
        w.raw("STATUS", &[], "NEEDS-ACTION");
        w.text("CATEGORIES", "Management review action");
        if a.owned_by_lead {
            w.begin("VALARM");
            w.raw("ACTION", &[], "DISPLAY");
            w.text("DESCRIPTION", &format!("Due tomorrow: {} {}", a.reference, a.title));
            w.raw("TRIGGER", &[("RELATED", "END".into())], DAY_BEFORE_AT_NINE);
            w.end("VALARM");
        }
        w.end("VTODO");
    }
    w.end("VCALENDAR");
    Ok(w.finish())
}
