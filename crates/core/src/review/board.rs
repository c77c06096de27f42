//! The review board: the people every review invites (the chair, top management, the ISMS
//! lead, the minute taker…), defined once for the organisation. A new review, planned by
//! hand or by `quorum plan`, invites them; a change to the board reaches the reviews whose
//! invitations have not gone out yet when the user asks for it.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::ROLES;
use crate::error::{Error, Result};
use crate::register::PersonRef;
use crate::store::{Actor, Store, Write};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct BoardMember {
    pub person: PersonRef,
    pub role: String,
    pub required: bool,
}

pub fn list(conn: &Connection) -> Result<Vec<BoardMember>> {
    let mut statement = conn.prepare(
        "SELECT p.id, p.name, p.email, b.role, b.required FROM review_board b JOIN people p ON p.id = b.person_id
         ORDER BY CASE b.role WHEN 'chair' THEN 0 WHEN 'top_management' THEN 1 ELSE 2 END, p.name",
    )?;
    let members = statement
        .query_map([], |r| Ok(BoardMember { person: PersonRef { id: r.get(0)?, name: r.get(1)?, email: r.get(2)? }, role: r.get(3)?, required: r.get(4)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(members)
}

/// Puts a person on the board with a role (changing the role of one already on it).
pub fn set(store: &mut Store, actor: &Actor, person_id: i64, role: &str, required: bool) -> Result<Vec<BoardMember>> {
    if !ROLES.contains(&role) {
        return Err(Error::invalid(format!("unknown role {role:?}: use one of {}", ROLES.join(", "))));
    }
    let active: Option<bool> = rusqlite::OptionalExtension::optional(store.conn().query_row("SELECT active FROM people WHERE id = ?1", [person_id], |r| r.get(0)))?;
    match active {
        None => return Err(Error::not_found(format!("person {person_id}"))),
        Some(false) => return Err(Error::invalid("this person is inactive: make them active again before putting them on the review board")),
        Some(true) => {}
    }
    if role == "chair" {
        if let Some(chair) = list(store.conn())?.into_iter().find(|m| m.role == "chair" && m.person.id != person_id) {
            return Err(Error::Conflict(format!("{} already chairs the review board: give them another role first", chair.person.name)));
        }
    }
    store.write(actor, |w| {
        w.execute(
            "INSERT INTO review_board (person_id, role, required) VALUES (?1, ?2, ?3) ON CONFLICT (person_id) DO UPDATE SET role = excluded.role, required = excluded.required",
            params![person_id, role, required],
        )?;
        w.audit("review_board", &person_id.to_string(), "set", None, Some(&serde_json::json!({"role": role, "required": required})))
    })?;
    list(store.conn())
}

pub fn remove(store: &mut Store, actor: &Actor, person_id: i64) -> Result<Vec<BoardMember>> {
    if !list(store.conn())?.iter().any(|m| m.person.id == person_id) {
        return Err(Error::not_found(format!("person {person_id} on the review board")));
    }
    store.write(actor, |w| {
        w.execute("DELETE FROM review_board WHERE person_id = ?1", [person_id])?;
        w.audit("review_board", &person_id.to_string(), "remove", None, None)
    })?;
    list(store.conn())
}

/// Invites the board to a new review (inside its creation): every active member, with the
/// chair and the minute taker set on the review.
pub(crate) fn invite_to(w: &mut Write<'_>, review_id: i64) -> Result<()> {
    w.execute(
        "INSERT INTO invitees (review_id, person_id, role, required)
         SELECT ?1, b.person_id, b.role, b.required FROM review_board b JOIN people p ON p.id = b.person_id AND p.active = 1
         ON CONFLICT (review_id, person_id) DO NOTHING",
        [review_id],
    )?;
    for (role, column) in [("chair", "chair_id"), ("minute_taker", "minute_taker_id")] {
        w.execute(
            &format!("UPDATE reviews SET {column} = (SELECT person_id FROM invitees WHERE review_id = ?1 AND role = ?2 LIMIT 1) WHERE id = ?1 AND {column} IS NULL"),
            params![review_id, role],
        )?;
    }
    Ok(())
}

/// Brings the board to the reviews still being planned (status Planned: no invitation
/// sent), adding members they lack; returns the references of the reviews changed.
pub fn apply_to_planned(store: &mut Store, actor: &Actor) -> Result<Vec<String>> {
    let lacking: Vec<(i64, String)> = {
        let mut statement = store.conn().prepare(
            "SELECT r.id, r.reference FROM reviews r WHERE r.status = 'planned' AND EXISTS (
               SELECT 1 FROM review_board b JOIN people p ON p.id = b.person_id AND p.active = 1
               WHERE NOT EXISTS (SELECT 1 FROM invitees i WHERE i.review_id = r.id AND i.person_id = b.person_id))
             ORDER BY r.starts_at",
        )?;
        let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    if lacking.is_empty() {
        return Ok(Vec::new());
    }
    store.write(actor, |w| {
        for (id, reference) in &lacking {
            invite_to(w, *id)?;
            w.audit("invitee", reference, "invite_board", None, None)?;
        }
        Ok(())
    })?;
    Ok(lacking.into_iter().map(|(_, reference)| reference).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::fixture::{self, actor_on, meeting_day};

    fn new_review(store: &mut Store, days: i64) -> String {
        let new = crate::review::NewReview {
            title: "Quarterly".into(),
            trigger: None,
            trigger_text: None,
            scope: crate::review::Scope::Both,
            starts_at: (meeting_day() + chrono::Duration::days(days)).and_hms_opt(10, 0, 0).unwrap(),
            time_zone: "Europe/London".into(),
            duration_minutes: 90,
            location: None,
        };
        crate::review::create(store, &actor_on(meeting_day()), &new).unwrap().reference
    }

    #[test]
    fn every_new_review_invites_the_board_and_planned_ones_get_its_changes_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = fixture::new_store(&dir);
        let actor = actor_on(meeting_day());
        let ceo = fixture::person(&mut store, "Chief Executive", true);
        let cfo = fixture::person(&mut store, "Chief Financial", true);
        let lead = fixture::person(&mut store, "ISMS Lead", false);
        set(&mut store, &actor, ceo, "chair", true).unwrap();
        set(&mut store, &actor, cfo, "top_management", true).unwrap();
        let refused = set(&mut store, &actor, cfo, "chair", true).unwrap_err();
        assert!(refused.to_string().contains("already chairs"), "{refused}");
        assert!(set(&mut store, &actor, lead, "boss", true).unwrap_err().to_string().contains("unknown role"));

        let first = new_review(&mut store, 30);
        let record = crate::review::record::load(store.conn(), &first, actor.now).unwrap();
        let invited: Vec<(&str, &str)> = record.attendees.iter().map(|a| (a.person.name.as_str(), a.role.as_str())).collect();
        assert_eq!(invited.len(), 2, "{invited:?}");
        assert!(invited.contains(&("Chief Executive", "chair")) && invited.contains(&("Chief Financial", "top_management")));
        assert_eq!(record.chair.map(|c| c.id), Some(ceo));

        // The lead joins the board: the planned review gets them when asked, an invited one does not.
        let second = new_review(&mut store, 120);
        crate::review::transition(&mut store, &actor, &second, crate::review::Status::InvitationsSent, Some(meeting_day()), None).unwrap();
        set(&mut store, &actor, lead, "isms_lead", false).unwrap();
        assert_eq!(apply_to_planned(&mut store, &actor).unwrap(), [first.clone()]);
        let count = |store: &Store, reference: &str| crate::review::record::load(store.conn(), reference, actor.now).unwrap().attendees.len();
        assert_eq!((count(&store, &first), count(&store, &second)), (3, 2));
        assert_eq!(apply_to_planned(&mut store, &actor).unwrap(), Vec::<String>::new(), "nothing left to add");

        assert_eq!(remove(&mut store, &actor, lead).unwrap().len(), 2);
        assert_eq!(remove(&mut store, &actor, lead).unwrap_err().kind(), "not_found");
    }
}
