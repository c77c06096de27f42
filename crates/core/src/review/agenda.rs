//! The agenda of a review: items in order, each with its time, presenter, the inputs it
//! covers and the discussion notes taken under it (the minutes).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{catalogue, editable};
use crate::error::{Error, Result};
use crate::register::PersonRef;
use crate::store::{Actor, Store, Write};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct AgendaItem {
    pub id: i64,
    /// 1-based; the CLI names items by it.
    pub position: i64,
    pub title: String,
    pub minutes_allocated: u32,
    pub presenter: Option<PersonRef>,
    /// Input codes in clause order.
    pub inputs: Vec<String>,
    pub discussion: String,
}

/// A new item, or a change to one (`None` leaves a field as it is).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, rename = "AgendaItemChange", optional_fields))]
pub struct ItemChange {
    pub title: Option<String>,
    pub minutes_allocated: Option<u32>,
    pub presenter_id: Option<i64>,
    /// Replaces the inputs the item covers.
    pub inputs: Option<Vec<String>>,
}

pub fn list(conn: &Connection, review_id: i64) -> Result<Vec<AgendaItem>> {
    let mut statement = conn.prepare(
        "SELECT a.id, a.position, a.title, a.minutes_allocated, a.discussion, p.id, p.name, p.email
         FROM agenda_items a LEFT JOIN people p ON p.id = a.presenter_id WHERE a.review_id = ?1 ORDER BY a.position",
    )?;
    let mut items = statement
        .query_map([review_id], |row| {
            let presenter = match row.get::<_, Option<i64>>(5)? {
                Some(id) => Some(PersonRef { id, name: row.get(6)?, email: row.get(7)? }),
                None => None,
            };
            Ok(AgendaItem { id: row.get(0)?, position: row.get(1)?, title: row.get(2)?, minutes_allocated: row.get(3)?, discussion: row.get(4)?, presenter, inputs: Vec::new() })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut codes = conn.prepare("SELECT input_code FROM agenda_item_inputs WHERE agenda_item_id = ?1")?;
    for item in &mut items {
        let mut inputs: Vec<String> = codes.query_map([item.id], |row| row.get(0))?.collect::<Result<_, _>>()?;
        inputs.sort_by_key(|code| catalogue::INPUTS.iter().position(|i| i.code == code));
        item.inputs = inputs;
    }
    Ok(items)
}

fn item_id(conn: &Connection, review_id: i64, reference: &str, position: i64) -> Result<i64> {
    conn.query_row("SELECT id FROM agenda_items WHERE review_id = ?1 AND position = ?2", params![review_id, position], |row| row.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: format!("agenda item {position} of {reference}"), hint: format!(": `quorum review show {reference}` lists the agenda") })
}

fn check_inputs(conn: &Connection, review_id: i64, codes: &[String]) -> Result<()> {
    for code in codes {
        let known: bool = conn.query_row("SELECT count(*) > 0 FROM inputs WHERE review_id = ?1 AND code = ?2", params![review_id, code], |row| row.get(0))?;
        if !known {
            let valid: Vec<&str> = catalogue::INPUTS.iter().map(|i| i.code).collect();
            return Err(Error::invalid(format!("'{code}' is not an input of this review: use one of {}", valid.join(", "))));
        }
    }
    Ok(())
}

fn apply(w: &mut Write<'_>, item: i64, change: &ItemChange) -> Result<()> {
    w.execute(
        "UPDATE agenda_items SET title = coalesce(?1, title), minutes_allocated = coalesce(?2, minutes_allocated), presenter_id = coalesce(?3, presenter_id) WHERE id = ?4",
        params![change.title.as_deref().map(str::trim), change.minutes_allocated, change.presenter_id, item],
    )?;
    if let Some(inputs) = &change.inputs {
        w.execute("DELETE FROM agenda_item_inputs WHERE agenda_item_id = ?1", [item])?;
        for code in inputs {
            w.execute("INSERT OR IGNORE INTO agenda_item_inputs (agenda_item_id, input_code) VALUES (?1, ?2)", params![item, code])?;
        }
    }
    Ok(())
}

fn checked(change: &ItemChange) -> Result<ItemChange> {
    Ok(ItemChange { title: change.title.as_deref().map(|t| crate::text::line("agenda item's title", t)).transpose()?, ..change.clone() })
}

/// Appends an item at the end of the agenda (move it with [`move_item`]).
pub fn add(store: &mut Store, actor: &Actor, reference: &str, new: &ItemChange) -> Result<Vec<AgendaItem>> {
    let review = editable(store.conn(), reference)?;
    let new = &checked(new)?;
    if new.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return Err(Error::invalid("an agenda item needs a title"));
    }
    check_inputs(store.conn(), review.id, new.inputs.as_deref().unwrap_or_default())?;
    store.write(actor, |w| {
        let position: i64 = w.query_row("SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE review_id = ?1", [review.id], |row| row.get(0))?;
        w.execute("INSERT INTO agenda_items (review_id, position, title) VALUES (?1, ?2, '')", params![review.id, position])?;
        let item = w.last_insert_rowid();
        apply(w, item, new)?;
        w.audit("agenda_item", &format!("{reference}/{position}"), "create", None, Some(&serde_json::json!({"title": new.title, "minutes": new.minutes_allocated, "inputs": new.inputs})))
    })?;
    list(store.conn(), review.id)
}

pub fn update(store: &mut Store, actor: &Actor, reference: &str, position: i64, change: &ItemChange) -> Result<Vec<AgendaItem>> {
    let review = editable(store.conn(), reference)?;
    let change = &checked(change)?;
    if change.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(Error::invalid("an agenda item needs a title"));
    }
    check_inputs(store.conn(), review.id, change.inputs.as_deref().unwrap_or_default())?;
    let item = item_id(store.conn(), review.id, reference, position)?;
    store.write(actor, |w| {
        apply(w, item, change)?;
        w.audit("agenda_item", &format!("{reference}/{position}"), "update", None, Some(&serde_json::json!({"title": change.title, "minutes": change.minutes_allocated, "inputs": change.inputs})))
    })?;
    list(store.conn(), review.id)
}

/// Moves an item to another place; the items between shift by one.
pub fn move_item(store: &mut Store, actor: &Actor, reference: &str, from: i64, to: i64) -> Result<Vec<AgendaItem>> {
    let review = editable(store.conn(), reference)?;
    let mut order: Vec<i64> = list(store.conn(), review.id)?.into_iter().map(|item| item.id).collect();
    let count = order.len() as i64;
    if !(1..=count).contains(&to) {
        return Err(Error::invalid(format!("there is no place {to} on an agenda of {count} items: choose 1 to {count}")));
    }
    let item = item_id(store.conn(), review.id, reference, from)?;
    order.retain(|id| *id != item);
    order.insert(to as usize - 1, item);
    store.write(actor, |w| {
        renumber(w, review.id, &order)?;
        w.audit("agenda_item", &format!("{reference}/{from}"), "move", Some(&serde_json::json!({"position": from})), Some(&serde_json::json!({"position": to})))
    })?;
    list(store.conn(), review.id)
}

/// Removes an item; its inputs stay on the review (the readiness check reports an input
/// that no longer has a place on the agenda only through its discussion).
pub fn remove(store: &mut Store, actor: &Actor, reference: &str, position: i64) -> Result<Vec<AgendaItem>> {
    let review = editable(store.conn(), reference)?;
    let item = item_id(store.conn(), review.id, reference, position)?;
    store.write(actor, |w| {
        let before: (String, String) = w.query_row("SELECT title, discussion FROM agenda_items WHERE id = ?1", [item], |row| Ok((row.get(0)?, row.get(1)?)))?;
        w.execute("DELETE FROM agenda_item_inputs WHERE agenda_item_id = ?1", [item])?;
        w.execute("DELETE FROM agenda_items WHERE id = ?1", [item])?;
        let order: Vec<i64> = {
            let mut statement = w.prepare("SELECT id FROM agenda_items WHERE review_id = ?1 ORDER BY position")?;
            let ids = statement.query_map([review.id], |row| row.get(0))?.collect::<Result<_, _>>()?;
            ids
        };
        renumber(w, review.id, &order)?;
        w.audit("agenda_item", &format!("{reference}/{position}"), "delete", Some(&serde_json::json!({"title": before.0, "discussion": before.1})), None)
    })?;
    list(store.conn(), review.id)
}

/// Writes the discussion notes (the minutes) of one item, replacing what was there.
pub fn discuss(store: &mut Store, actor: &Actor, reference: &str, position: i64, notes: &str) -> Result<AgendaItem> {
    let review = editable(store.conn(), reference)?;
    let item = item_id(store.conn(), review.id, reference, position)?;
    let notes = &crate::text::lines("minutes of the item", notes)?;
    store.write(actor, |w| {
        let before: String = w.query_row("SELECT discussion FROM agenda_items WHERE id = ?1", [item], |row| row.get(0))?;
        w.execute("UPDATE agenda_items SET discussion = ?1 WHERE id = ?2", params![notes.trim(), item])?;
        w.audit("agenda_item", &format!("{reference}/{position}"), "discuss", Some(&serde_json::json!({"discussion": before})), Some(&serde_json::json!({"discussion": notes.trim()})))
    })?;
    Ok(list(store.conn(), review.id)?.into_iter().find(|i| i.id == item).expect("the item just written"))
}

/// Gives the items the positions 1..n in `order`. Positions are unique per review, so the
/// items first step aside to negative positions.
fn renumber(w: &mut Write<'_>, review_id: i64, order: &[i64]) -> Result<()> {
    w.execute("UPDATE agenda_items SET position = -position WHERE review_id = ?1", [review_id])?;
    for (index, id) in order.iter().enumerate() {
        w.execute("UPDATE agenda_items SET position = ?1 WHERE id = ?2", params![index as i64 + 1, id])?;
    }
    Ok(())
}
