//! The audit trail: every write appends an event, chained to the one before by SHA-256, so
//! that removing, reordering or editing any event breaks the chain at that point.

use rusqlite::{Connection, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::store::Actor;

/// The `prev_hash` of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditEvent {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an event: SHA-256 over the previous hash and every field, each prefixed
/// with its length so no two different events can encode the same.
pub fn event_hash(prev_hash: &str, at: &str, actor: &str, entity: &str, entity_id: &str, action: &str, before: Option<&str>, after: Option<&str>) -> String {
    let mut hasher = Sha256::new();
    for field in [Some(prev_hash), Some(at), Some(actor), Some(entity), Some(entity_id), Some(action), before, after] {
        match field {
            Some(text) => {
                hasher.update((text.len() as u64).to_be_bytes());
                hasher.update(text.as_bytes());
            }
            None => hasher.update(u64::MAX.to_be_bytes()),
        }
    }
    hex::encode(hasher.finalize())
}

pub(crate) fn append(
    tx: &mut Transaction<'_>,
    actor: &Actor,
    entity: &str,
    entity_id: &str,
    action: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<()> {
    let prev_hash: String = tx
        .query_row("SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1", [], |row| row.get(0))
        .optional()?
        .unwrap_or_else(|| GENESIS.to_owned());
    let at = actor.now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let before = before.map(|v| v.to_string());
    let after = after.map(|v| v.to_string());
    let hash = event_hash(&prev_hash, &at, &actor.name, entity, entity_id, action, before.as_deref(), after.as_deref());
    tx.execute(
        "INSERT INTO audit_events (at, actor, entity, entity_id, action, before, after, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        (&at, &actor.name, entity, entity_id, action, &before, &after, &prev_hash, &hash),
    )?;
    Ok(())
}

/// The result of recomputing the chain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChainReport {
    pub events: u64,
    /// The first event whose link does not hold, and why.
    pub first_broken: Option<BrokenLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BrokenLink {
    pub event_id: i64,
    pub problem: String,
}

impl ChainReport {
    pub fn is_intact(&self) -> bool {
        self.first_broken.is_none()
    }

    /// "intact (N events)", or where and why the chain breaks.
    pub fn describe(&self) -> String {
        match &self.first_broken {
            None => format!("intact ({} events)", self.events),
            Some(broken) => format!("BROKEN at event {}: {}", broken.event_id, broken.problem),
        }
    }
}

const EVENT_COLUMNS: &str = "id, at, actor, entity, entity_id, action, before, after, prev_hash, hash";

fn event_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEvent> {
    Ok(AuditEvent {
        id: row.get(0)?,
        at: row.get(1)?,
        actor: row.get(2)?,
        entity: row.get(3)?,
        entity_id: row.get(4)?,
        action: row.get(5)?,
        before: row.get(6)?,
        after: row.get(7)?,
        prev_hash: row.get(8)?,
        hash: row.get(9)?,
    })
}

pub fn read_events(conn: &Connection) -> Result<Vec<AuditEvent>> {
    let mut statement = conn.prepare(&format!("SELECT {EVENT_COLUMNS} FROM audit_events ORDER BY id"))?;
    let events = statement.query_map([], event_from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(events)
}

/// The trail newest first, read lazily: `read` takes as many events as it needs (the
/// dashboard's recent activity reads a screenful, not the whole trail).
pub fn with_newest_first<T>(conn: &Connection, read: impl FnOnce(&mut dyn Iterator<Item = Result<AuditEvent>>) -> T) -> Result<T> {
    let mut statement = conn.prepare(&format!("SELECT {EVENT_COLUMNS} FROM audit_events ORDER BY id DESC"))?;
    let mut events = statement.query_map([], event_from_row)?.map(|event| event.map_err(Into::into));
    Ok(read(&mut events))
}

pub fn verify_events(events: &[AuditEvent]) -> ChainReport {
    let mut expected_prev = GENESIS.to_owned();
    let mut previous_id = i64::MIN;
    for event in events {
        let problem = if event.id <= previous_id {
            Some(format!("its id comes after {previous_id} yet is not greater (the events are out of order)"))
        } else if event.prev_hash != expected_prev {
            Some("it does not point at the event before it (an event was removed, inserted or reordered)".to_owned())
        } else if event_hash(&event.prev_hash, &event.at, &event.actor, &event.entity, &event.entity_id, &event.action, event.before.as_deref(), event.after.as_deref()) != event.hash {
            Some("its content does not match its hash (the event was edited)".to_owned())
        } else {
            None
        };
        if let Some(problem) = problem {
            return ChainReport { events: events.len() as u64, first_broken: Some(BrokenLink { event_id: event.id, problem }) };
        }
        expected_prev = event.hash.clone();
        previous_id = event.id;
    }
    ChainReport { events: events.len() as u64, first_broken: None }
}

pub fn verify(conn: &Connection) -> Result<ChainReport> {
    Ok(verify_events(&read_events(conn)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<AuditEvent> {
        let mut prev = GENESIS.to_owned();
        (1..=n as i64)
            .map(|id| {
                let after = format!("{{\"n\":{id}}}");
                let hash = event_hash(&prev, "2026-01-01T00:00:00Z", "ana", "thing", &id.to_string(), "create", None, Some(&after));
                let event = AuditEvent { id, at: "2026-01-01T00:00:00Z".into(), actor: "ana".into(), entity: "thing".into(), entity_id: id.to_string(), action: "create".into(), before: None, after: Some(after), prev_hash: prev.clone(), hash: hash.clone() };
                prev = hash;
                event
            })
            .collect()
    }

    #[test]
    fn the_newest_events_are_read_first_and_only_as_many_as_taken() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::export::tests::demo_store(&dir);
        let all = read_events(store.conn()).unwrap();
        let newest: Vec<i64> = with_newest_first(store.conn(), |events| events.take(3).map(|e| e.unwrap().id).collect()).unwrap();
        let expected: Vec<i64> = all.iter().rev().take(3).map(|e| e.id).collect();
        assert_eq!(newest, expected);
        assert!(all.len() > 3, "the demo has a long trail");
    }

    #[test]
    fn an_intact_chain_verifies() {
        let report = verify_events(&chain(5));
        assert_eq!(report.events, 5);
        assert!(report.is_intact());
    }

    #[test]
    fn an_edited_event_is_named() {
        let mut events = chain(5);
        events[2].after = Some("{\"n\":99}".into());
        assert_eq!(verify_events(&events).first_broken.unwrap().event_id, 3);
    }

    #[test]
    fn a_removed_event_breaks_the_next_link() {
        let mut events = chain(5);
        events.remove(1);
        let broken = verify_events(&events).first_broken.unwrap();
        assert_eq!(broken.event_id, 3);
        assert!(broken.problem.contains("does not point"));
    }

    #[test]
    fn field_boundaries_matter() {
        assert_ne!(
            event_hash(GENESIS, "a", "bc", "d", "e", "f", None, None),
            event_hash(GENESIS, "ab", "c", "d", "e", "f", None, None)
        );
        assert_ne!(event_hash(GENESIS, "a", "b", "c", "d", "e", None, Some("")), event_hash(GENESIS, "a", "b", "c", "d", "e", Some(""), None));
    }
}
