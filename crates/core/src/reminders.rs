//! What the ISMS lead should act on soon, as of a given instant: actions due within a week,
//! overdue actions, the next review's preparation milestones within a week (or missed),
//! minutes awaiting approval, and a signing identity about to expire. The dashboard lists
//! them and the app turns them into OS notifications; each names the place to act.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::register::{self, ActionFilter};

/// How far ahead actions and milestones are announced.
pub const HORIZON_DAYS: i64 = 7;
/// How long before its end a signing identity is announced: when core's expiry warning
/// starts, so the reminder and the warning never disagree.
pub const IDENTITY_DAYS: i64 = crate::identity::EXPIRY_WARNING_DAYS;

text_enum!(
    /// What a reminder is about (each can be turned off in the app's settings).
    ReminderKind, "reminder kind" {
        ActionDue = "action_due",
        ActionOverdue = "action_overdue",
        Milestone = "milestone",
        MinutesAwaitingApproval = "minutes_awaiting_approval",
        IdentityExpiring = "identity_expiring",
    }
);

/// Where the window goes to act on a reminder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "to", rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub enum Place {
    Action { reference: String },
    Review { reference: String },
    Identity,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Reminder {
    pub kind: ReminderKind,
    /// One line, e.g. "ACT-2026-004 is 3 days overdue".
    pub title: String,
    /// What it is about, e.g. the action's description and owner.
    pub detail: String,
    /// The day it is due (or was due, or the identity ends).
    pub due_on: NaiveDate,
    pub place: Place,
}

/// Every reminder as of `now`, most pressing first (by due day, then kind).
pub fn due(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<Reminder>> {
    let today = now.date_naive();
    let horizon = today + Duration::days(HORIZON_DAYS);
    let mut reminders = Vec::new();

    for action in register::list(conn, &ActionFilter::default(), now)? {
        let Some(target) = action.target_on else { continue };
        if !action.status.is_active() {
            continue;
        }
        let owner = action.owner.as_ref().map(|o| o.name.as_str()).unwrap_or("no owner");
        let detail = format!("{} ({owner})", action.description);
        let place = Place::Action { reference: action.reference.clone() };
        if action.overdue {
            let days = action.days_overdue.max(1);
            let title = format!("{} is {days} day{} overdue", action.reference, if days == 1 { "" } else { "s" });
            reminders.push(Reminder { kind: ReminderKind::ActionOverdue, title, detail, due_on: target, place });
        } else if target <= horizon {
            let title = format!("{} is due {}", action.reference, when(target, today));
            reminders.push(Reminder { kind: ReminderKind::ActionDue, title, detail, due_on: target, place });
        }
    }

    if let Some(next) = crate::overview::next_review(conn, now)? {
        for milestone in next.milestones.iter().filter(|m| !m.done && m.kind != "meeting" && m.date <= horizon) {
            let what = match milestone.kind.as_str() {
                "collect_inputs" => "Collect the inputs",
                "send_invitations" => "Send the invitations",
                _ => "Circulate the pack",
            };
            let title = if milestone.date < today { format!("{what} for {}: it was due {}", next.reference, milestone.date) } else { format!("{what} for {} {}", next.reference, when(milestone.date, today)) };
            reminders.push(Reminder { kind: ReminderKind::Milestone, title, detail: next.title.clone(), due_on: milestone.date, place: Place::Review { reference: next.reference.clone() } });
        }
    }

    let mut drafted = conn.prepare("SELECT reference, title, COALESCE(held_on, substr(starts_at, 1, 10)) FROM reviews WHERE status = 'minutes_drafted' ORDER BY starts_at")?;
    let drafted = drafted.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
    for (reference, title, held) in drafted {
        let held = NaiveDate::parse_from_str(&held[..held.len().min(10)], "%Y-%m-%d").unwrap_or(today);
        reminders.push(Reminder {
            kind: ReminderKind::MinutesAwaitingApproval,
            title: format!("The minutes of {reference} await approval"),
            detail: title,
            due_on: held,
            place: Place::Review { reference },
        });
    }

    if let Some(identity) = crate::identity::show(conn)? {
        let ends = identity.not_after.date_naive();
        if ends <= today + Duration::days(IDENTITY_DAYS) {
            let title = if ends < today { format!("The signing identity expired on {ends}") } else { format!("The signing identity expires {}", when(ends, today)) };
            reminders.push(Reminder { kind: ReminderKind::IdentityExpiring, title, detail: identity.subject, due_on: ends, place: Place::Identity });
        }
    }

    reminders.sort_by(|a, b| (a.due_on, a.kind.as_str()).cmp(&(b.due_on, b.kind.as_str())));
    Ok(reminders)
}

/// "today", "tomorrow", "in 3 days (2026-12-07)".
fn when(day: NaiveDate, today: NaiveDate) -> String {
    match (day - today).num_days() {
        0 => "today".into(),
        1 => "tomorrow".into(),
        n => format!("in {n} days ({day})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::{NewAction, Priority, Source};
    use crate::store::{Actor, NewStore, Secret, Store};
    use chrono::TimeZone;

    fn at(day: &str) -> DateTime<Utc> {
        Utc.from_utc_datetime(&NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap().and_hms_opt(9, 0, 0).unwrap())
    }

    /// A store with one owner, as of 2027-03-01.
    fn store(dir: &tempfile::TempDir) -> (Store, Actor) {
        let actor = Actor::new("Ana Lead", at("2027-03-01"));
        let new = NewStore { organisation: "Acme".into(), time_zone: "Europe/London".into(), lead: Some(("Ana Lead".into(), None)) };
        let mut store = Store::create(&dir.path().join("q.db"), &new, Secret::random_key().unwrap(), Some(&crate::keychain::MemoryKeychain::default()), &actor).unwrap();
        store.write(&actor, |w| {
            w.execute("INSERT INTO people (id, name) VALUES (10, 'Bob Owner')", [])?;
            w.audit("person", "10", "create", None, None)
        })
        .unwrap();
        (store, actor)
    }

    fn action(store: &mut Store, actor: &Actor, description: &str, target: &str) -> String {
        let new = NewAction {
            description: description.into(),
            source: Some(Source::Risk),
            review_id: None,
            decision_id: None,
            input_id: None,
            owner_id: Some(10),
            target_on: Some(NaiveDate::parse_from_str(target, "%Y-%m-%d").unwrap()),
            priority: Some(Priority::High),
            resources: None,
            blockers: None,
            tags: Vec::new(),
        };
        register::add(store, actor, &new).unwrap().reference
    }

    fn kinds(reminders: &[Reminder]) -> Vec<(ReminderKind, String)> {
        reminders.iter().map(|r| (r.kind, r.title.clone())).collect()
    }

    #[test]
    fn actions_are_announced_a_week_ahead_then_as_overdue() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, actor) = store(&dir);
        let soon = action(&mut store, &actor, "Renew the firewall support", "2027-03-05");
        let later = action(&mut store, &actor, "Rotate the backup keys", "2027-03-20");

        let now = due(store.conn(), at("2027-03-01")).unwrap();
        assert_eq!(kinds(&now), vec![(ReminderKind::ActionDue, format!("{soon} is due in 4 days (2027-03-05)"))]);
        assert_eq!(now[0].detail, "Renew the firewall support (Bob Owner)");
        assert_eq!(now[0].place, Place::Action { reference: soon.clone() });

        // The last day of the week ahead counts; the day after does not.
        assert_eq!(due(store.conn(), at("2027-03-13")).unwrap().iter().filter(|r| r.title.starts_with(&later)).count(), 1);
        assert!(due(store.conn(), at("2027-03-12")).unwrap().iter().all(|r| !r.title.starts_with(&later)));

        let then = due(store.conn(), at("2027-03-08")).unwrap();
        assert_eq!(kinds(&then), vec![(ReminderKind::ActionOverdue, format!("{soon} is 3 days overdue"))]);
    }

    #[test]
    fn closed_and_completed_actions_remind_nobody() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, actor) = store(&dir);
        let reference = action(&mut store, &actor, "Patch the VPN", "2027-03-02");
        store.write(&actor, |w| {
            w.execute("UPDATE actions SET status = 'completed' WHERE reference = ?1", [&reference])?;
            w.audit("action", &reference, "complete", None, None)
        })
        .unwrap();
        assert_eq!(due(store.conn(), at("2027-03-10")).unwrap(), vec![]);
    }

    #[test]
    fn the_next_reviews_milestones_and_drafted_minutes_are_announced() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, actor) = store(&dir);
        store.write(&actor, |w| {
            w.execute("INSERT INTO reviews (reference, title, kind, starts_at, time_zone, status, ical_uid, created_at) VALUES ('MR-2027-02', 'Q1 review', 'scheduled', '2027-03-31T10:00', 'Europe/London', 'planned', 'uid-2', '2027-01-01T00:00:00Z')", [])?;
            w.execute("INSERT INTO reviews (reference, title, kind, starts_at, time_zone, status, ical_uid, created_at, held_on) VALUES ('MR-2027-01', 'Annual review', 'scheduled', '2027-01-12T10:00', 'Europe/London', 'minutes_drafted', 'uid-1', '2027-01-01T00:00:00Z', '2027-01-12')", [])?;
            w.execute("INSERT INTO inputs (review_id, code) SELECT id, 'a' FROM reviews WHERE reference = 'MR-2027-02'", [])?;
            w.audit("review", "seed", "create", None, None)
        })
        .unwrap();
        // Collect inputs is due three weeks before (2027-03-10), invitations two weeks before (2027-03-17).
        let reminders = due(store.conn(), at("2027-03-04")).unwrap();
        assert_eq!(
            kinds(&reminders),
            vec![
                (ReminderKind::MinutesAwaitingApproval, "The minutes of MR-2027-01 await approval".into()),
                (ReminderKind::Milestone, "Collect the inputs for MR-2027-02 in 6 days (2027-03-10)".into()),
            ]
        );
        assert_eq!(reminders[1].place, Place::Review { reference: "MR-2027-02".into() });
        // A milestone missed stays until it is done.
        let missed = due(store.conn(), at("2027-03-18")).unwrap();
        assert!(missed.iter().any(|r| r.title == "Send the invitations for MR-2027-02: it was due 2027-03-17"), "{missed:#?}");
    }

    #[test]
    fn a_signing_identity_is_announced_as_its_expiry_warning_starts() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, actor) = store(&dir);
        let identity = crate::identity::create_self_signed(&mut store, &actor, None, false).unwrap();
        assert!(due(store.conn(), at("2027-03-01")).unwrap().is_empty());
        let ends = identity.not_after.date_naive();
        let near = due(store.conn(), identity.not_after - Duration::days(10)).unwrap();
        assert_eq!(kinds(&near), vec![(ReminderKind::IdentityExpiring, format!("The signing identity expires in 10 days ({ends})"))]);
        assert_eq!(near[0].place, Place::Identity);
    }
}
