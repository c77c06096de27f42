use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A name and an email address (the organizer: the ISMS lead).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// An invitee's role, written as the iCalendar ROLE parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendeeRole {
    /// ROLE=CHAIR
    Chair,
    /// ROLE=REQ-PARTICIPANT
    Required,
    /// ROLE=OPT-PARTICIPANT
    Optional,
}

impl AttendeeRole {
    pub fn ical(self) -> &'static str {
        match self {
            AttendeeRole::Chair => "CHAIR",
            AttendeeRole::Required => "REQ-PARTICIPANT",
            AttendeeRole::Optional => "OPT-PARTICIPANT",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitee {
    pub name: String,
    pub email: String,
    pub role: AttendeeRole,
}

/// One management review meeting, as the store holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// Stable iCalendar UID: never changes for the life of the review.
    pub uid: String,
    /// iCalendar SEQUENCE: the store raises it on every change it re-issues
    /// (time, place, cancellation). This crate writes it as given.
    pub sequence: u32,
    /// Human reference, e.g. `MR-2027-01`.
    pub reference: String,
    pub title: String,
    /// Wall-clock start in `time_zone`.
    pub start: NaiveDateTime,
    /// IANA zone, e.g. `Europe/London`.
    pub time_zone: String,
    pub duration_minutes: u32,
    /// Room or address.
    pub location: Option<String>,
    /// Video link (https://...); written as URL and, if there is no room, as LOCATION.
    pub video_link: Option<String>,
    pub agenda: Vec<String>,
    pub organizer: Person,
    pub invitees: Vec<Invitee>,
    /// Reminder before the start (VALARM), in minutes; `None` for no reminder.
    pub reminder_minutes: Option<u32>,
}

/// The ISMS lead's preparation and follow-up milestones around each review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneKind {
    /// Three weeks (21 days) before; moved earlier to a working day.
    CollectInputs,
    /// 14 days before; moved earlier to a working day.
    SendInvitations,
    /// 5 working days before.
    CirculatePack,
    /// 10 working days after.
    MinutesApproved,
}

impl MilestoneKind {
    pub const ALL: [MilestoneKind; 4] = [
        MilestoneKind::CollectInputs,
        MilestoneKind::SendInvitations,
        MilestoneKind::CirculatePack,
        MilestoneKind::MinutesApproved,
    ];
    pub fn slug(self) -> &'static str {
        match self {
            MilestoneKind::CollectInputs => "collect-inputs",
            MilestoneKind::SendInvitations => "send-invitations",
            MilestoneKind::CirculatePack => "circulate-pack",
            MilestoneKind::MinutesApproved => "minutes-approved",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            MilestoneKind::CollectInputs => "Collect review inputs",
            MilestoneKind::SendInvitations => "Send invitations",
            MilestoneKind::CirculatePack => "Circulate the review pack",
            MilestoneKind::MinutesApproved => "Minutes approved",
        }
    }
}

/// An all-day milestone of one review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub kind: MilestoneKind,
    pub date: NaiveDate,
    /// UID of the review it belongs to; the milestone's own UID is derived from it.
    pub review_uid: String,
    pub review_reference: String,
    /// Why the date is not the plain count (moved off a weekend or holiday).
    pub note: Option<String>,
}

impl Milestone {
    /// Stable UID: `<kind>.<review uid>`.
    pub fn uid(&self) -> String {
        format!("{}.{}", self.kind.slug(), self.review_uid)
    }
}

/// An open action's target date, exported as a VTODO with an all-day DUE.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionDue {
    /// Stable UID of the action.
    pub uid: String,
    /// Register id, e.g. `A-2027-004`.
    pub reference: String,
    pub title: String,
    pub owner: Option<String>,
    pub due: NaiveDate,
    /// The ISMS lead owns it: the lead's calendar reminds them the day before (VALARM).
    pub owned_by_lead: bool,
}

/// What goes into the ISMS lead's own .ics (METHOD:PUBLISH).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadCalendar {
    /// Calendar name (X-WR-CALNAME), e.g. `Management reviews 2027`.
    pub name: String,
    pub reviews: Vec<Review>,
    pub milestones: Vec<Milestone>,
    pub actions: Vec<ActionDue>,
}
