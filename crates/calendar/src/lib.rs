//! Quorum's calendar: the year plan of management reviews (ISO/IEC 27001:2022 clause 9.3),
//! the ISMS lead's iCalendar export, per-review invitations and cancellations
//! (RFC 5545 / RFC 5546) and the invitation email as an unsent draft (RFC 5322, MIME,
//! iMIP RFC 6047) plus a `mailto:` link.
//!
//! **Invariant:** pure functions over plain serde structs. No clock (every DTSTAMP and
//! email Date is passed in), no file system, no network, no store.

mod email;
mod error;
mod holidays;
mod ics;
mod model;
mod plan;

pub use email::{invitation_eml, mailto_link, EmailDraft};
pub use error::CalendarError;
pub use holidays::{parse_holidays_ics, parse_holidays_text, Holiday, WorkCalendar, MAX_HOLIDAYS, MAX_HOLIDAY_SPAN_DAYS};
pub use ics::{cancellation_ics, escape_text, fold_line, invitation_ics, lead_calendar_ics};
pub use model::{
    ActionDue, AttendeeRole, Invitee, LeadCalendar, Milestone, MilestoneKind, Person, Review,
};
pub use plan::{
    milestones_for, plan_year, Cadence, ExistingReview, PlanChange, PlannedReview, YearPlan,
    YearPlanRequest,
};
