//! Naming people and reviews the way a person types them: an id, an email, a name.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A person as the register shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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
                    format!(": nobody matches; the people are {}", list(people.iter().take(10)))
                }
            } else {
                format!(": did you mean {}?", list(close.iter().take(5).map(|(_, p)| *p)))
            };
            Err(Error::NotFound { what: format!("person '{query}'"), hint })
        }
        many => Err(Error::invalid(format!("'{query}' matches several people: {}. Give the email or the id", list(many.iter().copied())))),
    }
}

fn list<'a>(people: impl Iterator<Item = &'a PersonRef>) -> String {
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
