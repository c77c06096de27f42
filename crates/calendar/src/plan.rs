use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::holidays::{weekday_name, WorkCalendar};
use crate::{CalendarError, Milestone, MilestoneKind};

/// How often top management reviews the ISMS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// One review, in `first_month`.
    Annual,
    /// Two reviews: `first_month` and six months later.
    HalfYearly,
    /// Four reviews: `first_month` and every three months after.
    Quarterly,
    /// Reviews in these months (1 to 12), in any order.
    Months(Vec<u32>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearPlanRequest {
    pub year: i32,
    pub cadence: Cadence,
    /// Month of the first review for Annual, HalfYearly and Quarterly (1 to 12).
    pub first_month: u32,
    pub preferred_weekday: Weekday,
    /// Which occurrence of the weekday in the month: 1 to 4, or 5 for the last one.
    pub week_of_month: u8,
    /// Local start time in `time_zone`.
    pub time: NaiveTime,
    pub duration_minutes: u32,
    pub location: Option<String>,
    pub video_link: Option<String>,
    /// IANA zone of the organisation, e.g. `Europe/London`.
    pub time_zone: String,
    pub calendar: WorkCalendar,
    /// Prefix of new references: `MR` gives `MR-2027-01`.
    pub reference_prefix: String,
    /// Right-hand side of new UIDs (`MR-2027-01@<uid_domain>`): make it unique to the
    /// organisation (e.g. a random id + `.quorum.invalid`).
    pub uid_domain: String,
}

/// A review the store already holds (for re-planning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExistingReview {
    pub uid: String,
    pub reference: String,
    pub sequence: u32,
    /// Current wall-clock start, in the plan's zone.
    pub start: NaiveDateTime,
}

/// What re-planning does to a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PlanChange {
    /// Not in the store yet: create it with this UID and reference.
    New,
    /// Already in the store at this time: nothing to do.
    Unchanged,
    /// In the store at `from`: change its start (same UID, SEQUENCE raised), keep the rest.
    Moved { from: NaiveDateTime },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedReview {
    pub uid: String,
    pub reference: String,
    /// SEQUENCE to store: the existing one, plus one if moved; 0 for a new review.
    pub sequence: u32,
    /// Wall-clock start in `time_zone`; always on a working day.
    pub start: NaiveDateTime,
    pub time_zone: String,
    pub duration_minutes: u32,
    pub location: Option<String>,
    pub video_link: Option<String>,
    pub change: PlanChange,
    /// Why the start is not the preferred slot (weekend, holiday, daylight-saving gap).
    pub notes: Vec<String>,
    pub milestones: Vec<Milestone>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearPlan {
    pub year: i32,
    pub reviews: Vec<PlannedReview>,
    /// Existing reviews with no slot in the new plan: left untouched (the caller decides
    /// whether to cancel them); never deleted here.
    pub unplanned: Vec<ExistingReview>,
    /// Every note of every review and milestone, prefixed with the reference, in order.
    pub notes: Vec<String>,
}

fn months(req: &YearPlanRequest) -> Result<Vec<u32>, CalendarError> {
    let step = |n: u32, every: u32| -> Vec<u32> {
        (0..n)
            .map(|i| (req.first_month - 1 + i * every) % 12 + 1)
            .collect()
    };
    if !(1..=12).contains(&req.first_month) {
        return Err(CalendarError::InvalidPlan(format!(
            "first_month {} is not 1 to 12",
            req.first_month
        )));
    }
    let mut m = match &req.cadence {
        Cadence::Annual => step(1, 12),
        Cadence::HalfYearly => step(2, 6),
        Cadence::Quarterly => step(4, 3),
        Cadence::Months(list) => {
            if let Some(bad) = list.iter().find(|m| !(1..=12).contains(*m)) {
                return Err(CalendarError::InvalidPlan(format!(
                    "month {bad} is not 1 to 12"
                )));
            }
            list.clone()
        }
    };
    m.sort_unstable();
    m.dedup();
    if m.is_empty() {
        return Err(CalendarError::InvalidPlan("no month chosen".into()));
    }
    Ok(m)
}

/// The `n`-th `weekday` of the month (n = 5: the last one).
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> Option<NaiveDate> {
    if n >= 5 {
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        }?;
        let mut d = next - Duration::days(1);
        while d.weekday() != weekday {
            d -= Duration::days(1);
        }
        Some(d)
    } else {
        NaiveDate::from_weekday_of_month_opt(year, month, weekday, n.max(1))
    }
}

pub(crate) fn parse_zone(name: &str) -> Result<Tz, CalendarError> {
    name.parse::<Tz>()
        .map_err(|_| CalendarError::UnknownTimeZone(name.to_string()))
}

/// The ISMS lead's milestones for a review held on `meeting` (see [`MilestoneKind`]).
/// None falls on a non-working day; each moved one carries a note.
pub fn milestones_for(
    review_uid: &str,
    reference: &str,
    meeting: NaiveDate,
    cal: &WorkCalendar,
) -> Vec<Milestone> {
    MilestoneKind::ALL
        .iter()
        .map(|&kind| {
            let (date, note) = match kind {
                MilestoneKind::CollectInputs | MilestoneKind::SendInvitations => {
                    let days = if kind == MilestoneKind::CollectInputs {
                        21
                    } else {
                        14
                    };
                    let plain = meeting - Duration::days(days);
                    let date = cal.on_or_before(plain);
                    let note = cal.why_not_working(plain).map(|why| {
                        format!(
                            "{}: {} falls on {why}; brought forward to {}",
                            kind.label(),
                            plain,
                            date
                        )
                    });
                    (date, note)
                }
                MilestoneKind::CirculatePack => (cal.add_working_days(meeting, -5), None),
                MilestoneKind::MinutesApproved => (cal.add_working_days(meeting, 10), None),
            };
            Milestone {
                kind,
                date,
                review_uid: review_uid.to_string(),
                review_reference: reference.to_string(),
                note,
            }
        })
        .collect()
}

/// Plan the year's reviews and milestones. `existing` are the reviews already in the
/// store for that year: the i-th planned slot (by date) keeps the i-th existing review
/// (by start) with its UID and reference, so re-planning moves reviews and never
/// recreates them. Surplus existing reviews are returned in `unplanned`.
pub fn plan_year(
    req: &YearPlanRequest,
    existing: &[ExistingReview],
) -> Result<YearPlan, CalendarError> {
    let tz = parse_zone(&req.time_zone)?;
    if req.calendar.working_days.is_empty() {
        return Err(CalendarError::InvalidPlan("no working days".into()));
    }
    if req.duration_minutes == 0 {
        return Err(CalendarError::InvalidPlan("duration is zero".into()));
    }
    let mut existing: Vec<ExistingReview> = existing.to_vec();
    existing.sort_by_key(|e| e.start);
    let used_refs: Vec<&str> = existing.iter().map(|e| e.reference.as_str()).collect();
    let mut next_number = 1u32;
    let mut reviews = Vec::new();
    let mut all_notes = Vec::new();
    for (i, month) in months(req)?.into_iter().enumerate() {
        let preferred = nth_weekday(req.year, month, req.preferred_weekday, req.week_of_month)
            .ok_or_else(|| {
                CalendarError::InvalidPlan(format!(
                    "no {:?} in {}-{month:02}",
                    req.preferred_weekday, req.year
                ))
            })?;
        let mut notes = Vec::new();
        let date = req.calendar.on_or_after(preferred);
        if let Some(why) = req.calendar.why_not_working(preferred) {
            notes.push(format!(
                "{} {} is a {why}; moved to {} {} at the same time",
                weekday_name(preferred.weekday()),
                preferred,
                weekday_name(date.weekday()),
                date
            ));
        }
        let mut start = date.and_time(req.time);
        if tz.from_local_datetime(&start).earliest().is_none() {
            let shifted = start + Duration::hours(1);
            notes.push(format!(
                "{} does not exist in {} (clocks go forward); starts at {}",
                start,
                req.time_zone,
                shifted.time()
            ));
            start = shifted;
        }
        let (uid, reference, sequence, change) = match existing.get(i) {
            Some(e) if e.start == start => (
                e.uid.clone(),
                e.reference.clone(),
                e.sequence,
                PlanChange::Unchanged,
            ),
            Some(e) => {
                notes.push(format!("moved from {} to {}", e.start, start));
                (
                    e.uid.clone(),
                    e.reference.clone(),
                    e.sequence + 1,
                    PlanChange::Moved { from: e.start },
                )
            }
            None => {
                let reference = loop {
                    let r = format!("{}-{}-{:02}", req.reference_prefix, req.year, next_number);
                    next_number += 1;
                    if !used_refs.contains(&r.as_str()) {
                        break r;
                    }
                };
                (
                    format!("{reference}@{}", req.uid_domain),
                    reference,
                    0,
                    PlanChange::New,
                )
            }
        };
        let milestones = milestones_for(&uid, &reference, start.date(), &req.calendar);
        all_notes.extend(notes.iter().map(|n| format!("{reference}: {n}")));
        all_notes.extend(
            milestones
                .iter()
                .filter_map(|m| m.note.as_ref())
                .map(|n| format!("{reference}: {n}")),
        );
        reviews.push(PlannedReview {
            uid,
            reference,
            sequence,
            start,
            time_zone: req.time_zone.clone(),
            duration_minutes: req.duration_minutes,
            location: req.location.clone(),
            video_link: req.video_link.clone(),
            change,
            notes,
            milestones,
        });
    }
    let unplanned = existing.into_iter().skip(reviews.len()).collect();
    Ok(YearPlan {
        year: req.year,
        reviews,
        unplanned,
        notes: all_notes,
    })
}

impl YearPlan {
    /// Every milestone of every planned review, by date (for [`crate::LeadCalendar`]).
    pub fn milestones(&self) -> Vec<Milestone> {
        let mut all: Vec<Milestone> = self
            .reviews
            .iter()
            .flat_map(|r| r.milestones.iter().cloned())
            .collect();
        all.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then(a.review_reference.cmp(&b.review_reference))
        });
        all
    }
}

impl PlannedReview {
    /// The review to store or invite to: the plan's slot plus what the store holds.
    pub fn to_review(
        &self,
        title: &str,
        agenda: Vec<String>,
        organizer: crate::Person,
        invitees: Vec<crate::Invitee>,
        reminder_minutes: Option<u32>,
    ) -> crate::Review {
        crate::Review {
            uid: self.uid.clone(),
            sequence: self.sequence,
            reference: self.reference.clone(),
            title: title.to_string(),
            start: self.start,
            time_zone: self.time_zone.clone(),
            duration_minutes: self.duration_minutes,
            location: self.location.clone(),
            video_link: self.video_link.clone(),
            agenda,
            organizer,
            invitees,
            reminder_minutes,
        }
    }
}
