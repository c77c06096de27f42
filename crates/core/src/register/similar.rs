//! Open actions whose description matches a new one: the same words once case,
//! punctuation and small words are set aside, or most of the same words (Jaccard
//! similarity of the word sets at least [`THRESHOLD`]). Raising an action warns with them,
//! so the existing action gets the update instead of a second copy.

use std::collections::BTreeSet;

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;

/// Share of words in common (of all words of both) from which two descriptions match.
pub const THRESHOLD: f64 = 0.6;

const SMALL_WORDS: &[&str] = &["the", "and", "for", "with", "from", "into", "all", "every", "each", "our", "its", "their", "then", "than", "that", "this", "are", "was", "were", "has", "have"];

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct SimilarAction {
    pub reference: String,
    pub description: String,
    pub status: String,
    pub owner: Option<String>,
    pub target_on: Option<String>,
    /// 1.0 for the same words.
    pub similarity: f64,
}

/// The words that carry the meaning: lower case, letters and digits, three or more
/// characters, small words left out, a plural "s" dropped.
fn words(text: &str) -> BTreeSet<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !SMALL_WORDS.contains(w))
        .map(|w| if w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") { w[..w.len() - 1].to_owned() } else { w.to_owned() })
        .collect()
}

/// Jaccard similarity of the two descriptions' words (0 when either has none).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / a.union(&b).count() as f64
}

/// Open actions (not closed) whose description matches `description`, most similar first.
/// One statement.
pub fn open_like(conn: &Connection, description: &str) -> Result<Vec<SimilarAction>> {
    let mut statement = conn.prepare("SELECT a.reference, a.description, a.status, p.name, a.target_on FROM actions a LEFT JOIN people p ON p.id = a.owner_id WHERE a.status <> 'closed'")?;
    let mut found: Vec<SimilarAction> = statement
        .query_map([], |r| Ok(SimilarAction { reference: r.get(0)?, description: r.get(1)?, status: r.get(2)?, owner: r.get(3)?, target_on: r.get(4)?, similarity: 0.0 }))?
        .filter_map(|row| row.ok())
        .filter_map(|mut a| {
            a.similarity = similarity(description, &a.description);
            (a.similarity >= THRESHOLD).then_some(a)
        })
        .collect();
    found.sort_by(|a, b| b.similarity.total_cmp(&a.similarity).then_with(|| a.reference.cmp(&b.reference)));
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_words_match_whatever_the_case_and_punctuation() {
        assert_eq!(similarity("Schedule monthly restore tests for CRM, finance and the data platform", "schedule monthly restore-tests for the CRM; Finance and data platform."), 1.0);
    }

    #[test]
    fn a_rewording_a_user_would_call_the_same_matches_and_a_different_task_does_not() {
        let existing = "Schedule monthly restore tests for CRM, finance and the data platform; report results as a KPI";
        assert!(similarity(existing, "Schedule monthly restore tests for the CRM and finance platform, reported as a KPI") >= THRESHOLD);
        assert!(similarity(existing, "Roll out FIDO2 security keys to all administrators and publish policy 4.0") < 0.2);
        assert!(similarity(existing, "Restore tests") < THRESHOLD, "a short description is not a copy of a long one");
    }
}
