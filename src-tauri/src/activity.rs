//! The dashboard's recent activity in words ("Created review MR-2027-01"), read from the
//! audit trail. Bookkeeping rows (reference counters, agenda links, document control) are
//! recorded for the auditor but say nothing to the ISMS lead, so they are left out here.

use chrono::{DateTime, SecondsFormat, Utc};
use quorum_core::overview::Activity;
use quorum_core::store::audit::{with_newest_first, AuditEvent};
use quorum_core::Store;
use serde_json::Value;

/// Entities in the audit trail that are not changes a person made on purpose. The demo
/// data names its rows by table, hence the plural forms.
const BOOKKEEPING: &[&str] = &["sequence", "sequences", "document_control", "agenda_items", "agenda_item_inputs", "review_transitions", "inputs", "holidays", "test"];

/// The latest `limit` events worth showing, newest first. A run of the same change by the
/// same person (forty progress notes in a row) reads as one line with its count.
pub fn recent(store: &Store, limit: usize) -> quorum_core::Result<Vec<Activity>> {
    let mut failure = None;
    let lines = with_newest_first(store.conn(), |events| {
        // The first unreadable event ends the list, and its error is returned, not skipped.
        let readable = events.map_while(|event| event.map_err(|error| failure = Some(error)).ok());
        grouped(readable.filter(|e| !BOOKKEEPING.contains(&e.entity.as_str())).map(|e| activity(&e)), limit)
    })?;
    match failure {
        Some(error) => Err(error),
        None => Ok(lines),
    }
}

fn grouped(newest_first: impl Iterator<Item = Activity>, limit: usize) -> Vec<Activity> {
    let mut runs: Vec<(Activity, usize)> = Vec::new();
    for next in newest_first {
        let same = runs.last().is_some_and(|(last, _)| last.summary == next.summary && last.person == next.person);
        if same {
            runs.last_mut().expect("a last run").1 += 1;
        } else if runs.len() == limit {
            break;
        } else {
            runs.push((next, 1));
        }
    }
    runs.into_iter().map(|(first, count)| if count > 1 { Activity { summary: format!("{} ({count} times)", first.summary), ..first } } else { first }).collect()
}

fn activity(event: &AuditEvent) -> Activity {
    // Stored with microseconds; the window gets plain RFC 3339 that every JS engine parses.
    let at = DateTime::parse_from_rfc3339(&event.at).map(|t| t.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Secs, true)).unwrap_or_else(|_| event.at.clone());
    Activity { at, person: event.actor.clone(), summary: sentence(event) }
}

fn field(json: &Option<String>, name: &str) -> Option<String> {
    let value: Value = serde_json::from_str(json.as_deref()?).ok()?;
    match value.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn words(snake: &str) -> String {
    snake.replace('_', " ")
}

/// One sentence per kind of change, in the past tense.
pub fn sentence(event: &AuditEvent) -> String {
    let id = event.entity_id.as_str();
    let after = |name| field(&event.after, name);
    match (event.entity.as_str(), event.action.as_str()) {
        ("organisation", "create") => format!("Created the store for {}", after("name").unwrap_or_else(|| "the organisation".into())),
        ("organisation", "set_retention") => format!("Set the retention period to {} years", after("retention_years").unwrap_or_default()),
        ("organisation", _) => "Updated the organisation's settings".into(),
        ("person" | "people", "create") => match after("name") {
            Some(name) => format!("Added {name} to the people"),
            None => "Added a person".into(),
        },
        ("person" | "people", _) => format!("Updated {}", field(&event.before, "name").unwrap_or_else(|| format!("person {id}"))),
        ("review" | "reviews", "create") => match after("reference") {
            Some(reference) if event.entity == "reviews" => format!("Created review {reference}"),
            _ => format!("Created review {id}"),
        },
        ("review", "transition") => match after("status").as_deref() {
            Some("cancelled") => format!("Cancelled review {id}"),
            Some(status) => format!("Marked review {id} {}", words(status)),
            None => format!("Moved review {id} along"),
        },
        ("review", "delete") => format!("Deleted review {id} after its retention period"),
        ("invitee" | "invitees", "invite") | ("invitees", "create") => format!("Invited someone to review {}", id.split('/').next().unwrap_or(id)),
        ("input", "update") => match id.split_once('/') {
            Some((reference, code)) => format!("Updated input {code} of review {reference}"),
            None => format!("Updated input {id}"),
        },
        ("invitee", "attend") => format!("Recorded attendance at review {}", id.split('/').next().unwrap_or(id)),
        ("action" | "actions", "create") => format!("Raised action {}", after("reference").filter(|_| event.entity == "actions").unwrap_or_else(|| id.into())),
        ("action", "complete") => format!("Completed action {id}"),
        ("action", "verify_accept") => format!("Verified and closed action {id}"),
        ("action", "verify_reject") => format!("Sent action {id} back after verification"),
        ("action", "revise_date") => format!("Revised the target date of action {id}"),
        ("action", "escalate") => format!("Escalated action {id}"),
        ("action", _) => format!("Updated action {id}"),
        ("decision", "create") => match after("review") {
            Some(reference) => format!("Recorded a decision on {} for review {reference}", words(&after("area").unwrap_or_default())),
            None => "Recorded a decision".into(),
        },
        ("decisions", "create") => "Recorded a decision".into(),
        ("decision", "delete") => "Removed a decision".into(),
        ("result_area_none", _) => match id.split_once('/') {
            Some((reference, area)) => format!("Recorded that {} needs no decision at review {reference}", words(area)),
            None => "Recorded an area that needs no decision".into(),
        },
        ("agenda_item", "discuss") => match id.split_once('/') {
            Some((reference, position)) => format!("Wrote the minutes of item {position} of review {reference}"),
            None => "Wrote minutes".into(),
        },
        ("agenda_item", action) => format!("{} an agenda item of review {}", capitalised(past(action)), review_of(id)),
        ("approval", "approve") => format!("Approved the minutes of review {}", id.replace('/', " version ")),
        ("minutes_revision", "approve") => format!("Locked version {} of the minutes of review {}", id.split('/').nth(1).unwrap_or("?"), review_of(id)),
        ("minutes_revision", "create") => format!("Opened revision {} of the minutes of review {}", id.split('/').nth(1).unwrap_or("?"), review_of(id)),
        ("kpi", action) => match id.splitn(3, '/').collect::<Vec<_>>()[..] {
            [reference, code, name] => format!("{} the KPI {name} of input {code}, review {reference}", capitalised(past(action))),
            _ => format!("{} a KPI", capitalised(past(action))),
        },
        ("kpis", "create") => format!("Recorded the KPI {}", after("name").unwrap_or_default()),
        ("evidence", "create") => format!("Added evidence {}", after("fileName").or_else(|| after("file_name")).unwrap_or_else(|| format!("file {id}"))),
        ("objective" | "objectives", "create") => format!("Added the objective {}", after("title").or_else(|| after("name")).unwrap_or_else(|| id.into())),
        ("objective", _) => format!("Updated objective {id}"),
        ("objective_result" | "objective_results", _) => format!("Recorded an objective's result at review {}", review_of(id)),
        ("action_notes", "create") => "Added a progress note to an action".into(),
        ("action_status_history", "create") => format!("Moved an action to {}", words(&after("to_status").unwrap_or_else(|| "a new status".into()))),
        ("escalations", "create") => "Escalated an overdue action".into(),
        ("verifications", "create") => "Recorded an action's verification".into(),
        ("approvals", "create") => "Approved minutes".into(),
        ("minutes_revisions", "create") => "Issued a revision of minutes".into(),
        ("review", "issue_cancellation") => format!("Sent the cancellation of review {id}"),
        ("holidays", "import") => "Imported the holidays".into(),
        ("escalation_path", _) => "Updated the escalation path".into(),
        ("store", "import") => "Imported a Quorum export".into(),
        ("store", "change_passphrase") => "Changed the store's passphrase".into(),
        ("store", "rotate_key") => "Rotated the store's key".into(),
        ("store", "switch_to_keychain") => "Moved the store's key to the keychain".into(),
        ("store", "switch_to_passphrase") => "Protected the store with a passphrase".into(),
        (entity, "create") => format!("Added {} {id}", words(entity.trim_end_matches('s'))),
        (entity, action) => format!("{} {} {id}", capitalised(&words(action)), words(entity)),
    }
}

/// The review a child row's id names: "MR-2027-01/3" → "MR-2027-01".
fn review_of(id: &str) -> &str {
    id.split('/').next().unwrap_or(id)
}

fn past(action: &str) -> &str {
    match action {
        "create" => "added",
        "update" => "updated",
        "delete" => "removed",
        "move" => "moved",
        other => other,
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(entity: &str, id: &str, action: &str, after: Option<&str>) -> AuditEvent {
        AuditEvent { id: 1, at: "2027-01-05T10:00:00.123456+00:00".into(), actor: "Ana".into(), entity: entity.into(), entity_id: id.into(), action: action.into(), before: None, after: after.map(Into::into), prev_hash: String::new(), hash: String::new() }
    }

    #[test]
    fn each_kind_of_change_reads_as_a_sentence() {
        let cases = [
            (event("review", "MR-2027-01", "create", Some(r#"{"reference":"MR-2027-01"}"#)), "Created review MR-2027-01"),
            (event("review", "MR-2027-01", "transition", Some(r#"{"status":"invitations_sent"}"#)), "Marked review MR-2027-01 invitations sent"),
            (event("review", "MR-2027-01", "transition", Some(r#"{"status":"cancelled"}"#)), "Cancelled review MR-2027-01"),
            (event("person", "4", "create", Some(r#"{"name":"Zoë Müller"}"#)), "Added Zoë Müller to the people"),
            (event("organisation", "1", "set_retention", Some(r#"{"retention_years":5}"#)), "Set the retention period to 5 years"),
            (event("action", "ACT-2027-003", "verify_accept", None), "Verified and closed action ACT-2027-003"),
            (event("invitee", "MR-2027-01/4", "attend", None), "Recorded attendance at review MR-2027-01"),
            (event("input", "MR-2027-01/d2", "update", None), "Updated input d2 of review MR-2027-01"),
            (event("agenda_item", "MR-2027-01/3", "discuss", None), "Wrote the minutes of item 3 of review MR-2027-01"),
            (event("agenda_item", "MR-2027-01/3", "move", None), "Moved an agenda item of review MR-2027-01"),
            (event("decision", "7", "create", Some(r#"{"review":"MR-2027-01","area":"risk_treatment"}"#)), "Recorded a decision on risk treatment for review MR-2027-01"),
            (event("result_area_none", "MR-2027-01/approved_exception", "set", None), "Recorded that approved exception needs no decision at review MR-2027-01"),
            (event("approval", "MR-2027-01/1.0", "approve", None), "Approved the minutes of review MR-2027-01 version 1.0"),
            (event("minutes_revision", "MR-2027-01/1.1", "create", None), "Opened revision 1.1 of the minutes of review MR-2027-01"),
            (event("kpi", "MR-2027-01/d2/Phishing click rate", "create", None), "Added the KPI Phishing click rate of input d2, review MR-2027-01"),
            (event("evidence", "4", "create", Some(r#"{"fileName":"Zoë KPIs.xlsx"}"#)), "Added evidence Zoë KPIs.xlsx"),
            (event("action_notes", "48", "create", None), "Added a progress note to an action"),
            (event("widgets", "9", "create", None), "Added widget 9"),
            (event("widget", "9", "re_open", None), "Re open widget 9"),
        ];
        for (event, expected) in cases {
            assert_eq!(sentence(&event), expected, "{} {}", event.entity, event.action);
        }
        assert_eq!(activity(&event("review", "MR-2027-01", "create", None)).at, "2027-01-05T10:00:00Z");
    }

    #[test]
    fn a_run_of_the_same_change_is_one_line_with_its_count() {
        let line = |summary: &str, person: &str| Activity { at: "2027-01-05T10:00:00Z".into(), person: person.into(), summary: summary.into() };
        let newest_first = vec![line("Added a note", "Ana"), line("Added a note", "Ana"), line("Added a note", "Ana"), line("Added a note", "Bo"), line("Raised action ACT-1", "Ana"), line("Added a note", "Ana")];
        let summaries: Vec<String> = grouped(newest_first.clone().into_iter(), 10).into_iter().map(|a| format!("{}: {}", a.person, a.summary)).collect();
        assert_eq!(summaries, ["Ana: Added a note (3 times)", "Bo: Added a note", "Ana: Raised action ACT-1", "Ana: Added a note"]);
        assert_eq!(grouped(newest_first.into_iter(), 2).len(), 2, "the limit counts lines, not events");
    }
}
