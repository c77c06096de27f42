//! The organisation's settings: its name and time zone, the defaults of the minutes'
//! document control, the quorum rule, the working week and the planned review cadence.
//! (The retention period has its own rule, that it only grows: `store::retention`.)

use chrono::Weekday;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::people::PersonRef;
use crate::store::{Actor, Store};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Organisation {
    pub name: String,
    /// IANA zone: meetings are planned and shown in it.
    pub time_zone: String,
    pub retention_years: u32,
    /// The default classification of new minutes.
    pub classification: String,
    /// Document numbers of minutes are `<prefix>-YYYY-NN`.
    pub document_prefix: String,
    pub quorum: QuorumRule,
    /// mon, tue, ... in week order.
    pub working_days: Vec<String>,
    pub review_cadence_months: u32,
    pub isms_lead: Option<PersonRef>,
}

/// The chair present (if required), at least N top management members present in
/// person, and at least N members present in person or by a delegate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct QuorumRule {
    pub requires_chair: bool,
    pub min_top_management: u32,
    pub min_members: u32,
}

/// A change to the settings; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, optional_fields))]
pub struct OrganisationChange {
    pub name: Option<String>,
    pub time_zone: Option<String>,
    pub classification: Option<String>,
    pub document_prefix: Option<String>,
    pub quorum: Option<QuorumRule>,
    pub working_days: Option<Vec<String>>,
    pub review_cadence_months: Option<u32>,
    pub isms_lead_id: Option<i64>,
}

pub fn get(conn: &Connection) -> Result<Organisation> {
    let organisation = conn.query_row(
        "SELECT o.name, o.time_zone, o.retention_years, o.classification, o.document_prefix, o.quorum_requires_chair, o.quorum_min_top_management,
                o.quorum_min_members, o.working_days, o.review_cadence_months, p.id, p.name, p.email
         FROM organisation o LEFT JOIN people p ON p.id = o.isms_lead_id WHERE o.id = 1",
        [],
        |row| {
            let working_days: String = row.get(8)?;
            Ok(Organisation {
                name: row.get(0)?,
                time_zone: row.get(1)?,
                retention_years: row.get(2)?,
                classification: row.get(3)?,
                document_prefix: row.get(4)?,
                quorum: QuorumRule { requires_chair: row.get(5)?, min_top_management: row.get(6)?, min_members: row.get(7)? },
                working_days: working_days.split(',').map(|d| d.trim().to_owned()).filter(|d| !d.is_empty()).collect(),
                review_cadence_months: row.get(9)?,
                isms_lead: match row.get::<_, Option<i64>>(10)? {
                    Some(id) => Some(PersonRef { id, name: row.get(11)?, email: row.get(12)? }),
                    None => None,
                },
            })
        },
    )?;
    Ok(organisation)
}

/// The working days as stored: three-letter names in week order, without repeats.
fn working_days(days: &[String]) -> Result<String> {
    let mut parsed = Vec::new();
    for day in days {
        let weekday = day.trim().parse::<Weekday>().map_err(|_| Error::invalid(format!("'{day}' is not a day of the week: write mon, tue, wed, thu, fri, sat or sun")))?;
        if !parsed.contains(&weekday) {
            parsed.push(weekday);
        }
    }
    if parsed.is_empty() {
        return Err(Error::invalid("the week needs at least one working day"));
    }
    parsed.sort_by_key(|d| d.num_days_from_monday());
    Ok(parsed.iter().map(|d| d.to_string().to_lowercase()).collect::<Vec<_>>().join(","))
}

pub fn set(store: &mut Store, actor: &Actor, change: &OrganisationChange) -> Result<Organisation> {
    let before = get(store.conn())?;
    let line = |field: &str, value: &Option<String>| value.as_deref().map(|v| crate::text::line(field, v)).transpose();
    let change = &OrganisationChange {
        name: line("organisation's name", &change.name)?,
        classification: line("classification", &change.classification)?,
        document_prefix: line("document prefix", &change.document_prefix)?,
        ..change.clone()
    };
    for (field, value) in [("name", &change.name), ("classification", &change.classification), ("document prefix", &change.document_prefix)] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            return Err(Error::invalid(format!("the organisation's {field} cannot be empty")));
        }
    }
    if let Some(zone) = &change.time_zone {
        if zone.parse::<chrono_tz::Tz>().is_err() {
            return Err(Error::invalid(format!("{zone:?} is not an IANA time zone: write it like Europe/London")));
        }
    }
    if change.review_cadence_months.is_some_and(|m| !(1..=12).contains(&m)) {
        return Err(Error::invalid("the review cadence is 1 to 12 months (ISO 27001 expects at least one review a year)"));
    }
    let days = change.working_days.as_deref().map(working_days).transpose()?;
    let quorum = change.quorum;
    store.write(actor, |w| {
        w.execute(
            "UPDATE organisation SET name = coalesce(?1, name), time_zone = coalesce(?2, time_zone), classification = coalesce(?3, classification),
                document_prefix = coalesce(?4, document_prefix), quorum_requires_chair = coalesce(?5, quorum_requires_chair),
                quorum_min_top_management = coalesce(?6, quorum_min_top_management), quorum_min_members = coalesce(?7, quorum_min_members),
                working_days = coalesce(?8, working_days), review_cadence_months = coalesce(?9, review_cadence_months), isms_lead_id = coalesce(?10, isms_lead_id)
             WHERE id = 1",
            params![
                change.name.as_deref().map(str::trim),
                change.time_zone,
                change.classification.as_deref().map(str::trim),
                change.document_prefix.as_deref().map(str::trim),
                quorum.map(|q| q.requires_chair),
                quorum.map(|q| q.min_top_management),
                quorum.map(|q| q.min_members),
                days,
                change.review_cadence_months,
                change.isms_lead_id
            ],
        )?;
        let after = get(w)?;
        w.audit("organisation", "1", "update", Some(&serde_json::to_value(&before)?), Some(&serde_json::to_value(&after)?))
    })?;
    get(store.conn())
}

#[cfg(test)]
mod tests {
    #[test]
    fn working_days_are_normalised() {
        let days = |list: &[&str]| super::working_days(&list.iter().map(|d| d.to_string()).collect::<Vec<_>>());
        assert_eq!(days(&["fri", "Mon", "tue", "mon"]).unwrap(), "mon,tue,fri");
        assert!(days(&["funday"]).unwrap_err().to_string().contains("not a day of the week"));
        assert!(days(&[]).is_err());
    }
}
