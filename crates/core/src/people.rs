//! The people of the organisation (attendees, owners, verifiers, the escalation path),
//! and naming people and reviews the way a person types them: an id, an email, a name.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::{Actor, Store};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub job_title: Option<String>,
    pub department: Option<String>,
    pub line_manager: Option<PersonRef>,
    pub top_management: bool,
    pub active: bool,
}

/// A new person, or a change to one; `None` leaves a field as it is, `Some("")` clears a text.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, optional_fields))]
pub struct PersonChange {
    pub name: Option<String>,
    pub email: Option<String>,
    pub job_title: Option<String>,
    pub department: Option<String>,
    pub line_manager_id: Option<i64>,
    pub top_management: Option<bool>,
    pub active: Option<bool>,
}

const PERSON_COLUMNS: &str = "p.id, p.name, p.email, p.job_title, p.department, p.is_top_management, p.active, m.id, m.name, m.email
     FROM people p LEFT JOIN people m ON m.id = p.line_manager_id";

fn person_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Person> {
    let line_manager = match row.get::<_, Option<i64>>(7)? {
        Some(id) => Some(PersonRef { id, name: row.get(8)?, email: row.get(9)? }),
        None => None,
    };
    Ok(Person { id: row.get(0)?, name: row.get(1)?, email: row.get(2)?, job_title: row.get(3)?, department: row.get(4)?, top_management: row.get(5)?, active: row.get(6)?, line_manager })
}

pub fn list(conn: &Connection, include_inactive: bool) -> Result<Vec<Person>> {
    let mut statement = conn.prepare(&format!("SELECT {PERSON_COLUMNS} WHERE p.active = 1 OR ?1 ORDER BY p.name"))?;
    let people = statement.query_map([include_inactive], person_from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(people)
}

pub fn get(conn: &Connection, id: i64) -> Result<Person> {
    conn.query_row(&format!("SELECT {PERSON_COLUMNS} WHERE p.id = ?1"), [id], person_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("person {id}"), hint: ": `quorum person list` shows them".into() })
}

fn clean(text: &Option<String>) -> Option<Option<&str>> {
    text.as_deref().map(|t| Some(t.trim()).filter(|t| !t.is_empty()))
}

/// The change with every text through core's one text check (`crate::text`).
fn checked(change: &PersonChange) -> Result<PersonChange> {
    let line = |field: &str, value: &Option<String>| value.as_deref().map(|v| crate::text::line(field, v)).transpose();
    Ok(PersonChange {
        name: line("person's name", &change.name)?,
        email: line("email address", &change.email)?,
        job_title: line("job title", &change.job_title)?,
        department: line("department", &change.department)?,
        ..change.clone()
    })
}

fn validate(conn: &Connection, id: Option<i64>, change: &PersonChange) -> Result<()> {
    if change.name.as_deref().is_some_and(|n| n.trim().is_empty()) {
        return Err(Error::invalid("a person needs a name"));
    }
    if let Some(Some(email)) = clean(&change.email) {
        if !email.contains('@') || email.contains(char::is_whitespace) {
            return Err(Error::invalid(format!("{email:?} is not an email address: write it like name@example.com")));
        }
        let taken: Option<String> = conn.query_row("SELECT name FROM people WHERE email = ?1 COLLATE NOCASE AND id IS NOT ?2", params![email, id], |row| row.get(0)).optional()?;
        if let Some(other) = taken {
            return Err(Error::Conflict(format!("{email} is already the address of {other}")));
        }
    }
    if let (Some(manager), Some(id)) = (change.line_manager_id, id) {
        // Walking up from the new manager must not come back to this person.
        let mut current = Some(manager);
        while let Some(step) = current {
            if step == id {
                return Err(Error::invalid("a person cannot be their own line manager, directly or through others"));
            }
            current = conn.query_row("SELECT line_manager_id FROM people WHERE id = ?1", [step], |row| row.get(0)).optional()?.flatten();
        }
    }
    Ok(())
}

pub fn add(store: &mut Store, actor: &Actor, new: &PersonChange) -> Result<Person> {
    let new = &checked(new)?;
    if new.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(Error::invalid("a person needs a name"));
    }
    validate(store.conn(), None, new)?;
    let id = store.write(actor, |w| {
        w.execute("INSERT INTO people (name) VALUES (?1)", [new.name.as_deref().map(str::trim)])?;
        let id = w.last_insert_rowid();
        apply(w, id, new)?;
        w.audit("person", &id.to_string(), "create", None, Some(&serde_json::json!({"name": new.name, "email": new.email, "topManagement": new.top_management})))?;
        Ok(id)
    })?;
    get(store.conn(), id)
}

pub fn update(store: &mut Store, actor: &Actor, id: i64, change: &PersonChange) -> Result<Person> {
    let before = get(store.conn(), id)?;
    let change = &checked(change)?;
    validate(store.conn(), Some(id), change)?;
    store.write(actor, |w| {
        apply(w, id, change)?;
        w.audit("person", &id.to_string(), "update", Some(&serde_json::to_value(&before)?), Some(&serde_json::json!({"name": change.name, "email": change.email, "topManagement": change.top_management, "active": change.active})))
    })?;
    get(store.conn(), id)
}

fn apply(w: &mut crate::store::Write<'_>, id: i64, change: &PersonChange) -> Result<()> {
    let (email, job, department) = (clean(&change.email), clean(&change.job_title), clean(&change.department));
    w.execute(
        "UPDATE people SET name = coalesce(?1, name),
            email = CASE WHEN ?2 THEN ?3 ELSE email END,
            job_title = CASE WHEN ?4 THEN ?5 ELSE job_title END,
            department = CASE WHEN ?6 THEN ?7 ELSE department END,
            line_manager_id = coalesce(?8, line_manager_id), is_top_management = coalesce(?9, is_top_management), active = coalesce(?10, active)
         WHERE id = ?11",
        params![
            change.name.as_deref().map(str::trim),
            email.is_some(),
            email.flatten(),
            job.is_some(),
            job.flatten(),
            department.is_some(),
            department.flatten(),
            change.line_manager_id,
            change.top_management,
            change.active,
            id
        ],
    )?;
    Ok(())
}

/// A person as the register shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct PersonRef {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
}

impl std::fmt::Display for PersonRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.email {
            Some(email) => write!(f, "{} <{email}>", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// Finds one active person by id, email or name (exact, then a unique partial match).
/// An unknown or ambiguous name is an error that lists the close matches.
pub fn resolve_person(conn: &Connection, query: &str) -> Result<PersonRef> {
    let query = query.trim();
    if query.is_empty() {
        return Err(Error::invalid("no person given: name them by name, email or id"));
    }
    let mut statement = conn.prepare("SELECT id, name, email FROM people WHERE active = 1 ORDER BY name, id")?;
    let people = statement
        .query_map([], |r| Ok(PersonRef { id: r.get(0)?, name: r.get(1)?, email: r.get(2)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if let Ok(id) = query.parse::<i64>() {
        if let Some(person) = people.iter().find(|p| p.id == id) {
            return Ok(person.clone());
        }
    }
    let wanted = query.to_lowercase();
    let exact: Vec<&PersonRef> = people
        .iter()
        .filter(|p| p.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(query)) || p.name.to_lowercase() == wanted)
        .collect();
    let candidates: Vec<&PersonRef> = if exact.is_empty() {
        people
            .iter()
            .filter(|p| p.name.to_lowercase().contains(&wanted) || p.email.as_deref().is_some_and(|e| e.to_lowercase().contains(&wanted)))
            .collect()
    } else {
        exact
    };
    match candidates.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            let mut close: Vec<(usize, &PersonRef)> = people
                .iter()
                .map(|p| {
                    let name = p.name.to_lowercase();
                    let email = p.email.as_deref().unwrap_or_default().to_lowercase();
                    let words = name.split_whitespace().chain(email.split('@').take(1)).map(|w| distance(&wanted, w));
                    (words.chain([distance(&wanted, &name), distance(&wanted, &email)]).min().unwrap_or(usize::MAX), p)
                })
                .filter(|(d, _)| *d <= 3.max(wanted.len() / 3))
                .collect();
            close.sort_by_key(|(d, p)| (*d, p.id));
            let hint = if close.is_empty() {
                if people.is_empty() {
                    ": the store has no people yet; add them first".to_owned()
                } else {
                    format!(": nobody matches; the people are {}", names(people.iter().take(10)))
                }
            } else {
                format!(": did you mean {}?", names(close.iter().take(5).map(|(_, p)| *p)))
            };
            Err(Error::NotFound { what: format!("person '{query}'"), hint })
        }
        many => Err(Error::invalid(format!("'{query}' matches several people: {}. Give the email or the id", names(many.iter().copied())))),
    }
}

fn names<'a>(people: impl Iterator<Item = &'a PersonRef>) -> String {
    people.map(|p| format!("{p} (id {})", p.id)).collect::<Vec<_>>().join(", ")
}

/// Edit distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

/// Finds a review by its reference (MR-2027-01, any case) or its id.
pub fn resolve_review(conn: &Connection, query: &str) -> Result<i64> {
    let query = query.trim();
    let by_reference: Option<i64> = rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT id FROM reviews WHERE reference = ?1 COLLATE NOCASE",
        [query],
        |r| r.get(0),
    ))?;
    if let Some(id) = by_reference {
        return Ok(id);
    }
    if let Ok(id) = query.parse::<i64>() {
        if conn.query_row("SELECT count(*) FROM reviews WHERE id = ?1", [id], |r| r.get::<_, i64>(0))? > 0 {
            return Ok(id);
        }
    }
    Err(Error::NotFound { what: format!("review '{query}'"), hint: ": give its reference (like MR-2027-01) or its id".into() })
}

#[cfg(test)]
mod tests {
    #[test]
    fn distance_counts_edits() {
        assert_eq!(super::distance("kitten", "sitting"), 3);
        assert_eq!(super::distance("", "ab"), 2);
        assert_eq!(super::distance("dana", "dana"), 0);
    }
}
