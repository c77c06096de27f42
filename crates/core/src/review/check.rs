//! The readiness check: what a certification or SOC 2 auditor would find in a review's
//! records, each finding with the rule it breaks, where the rule comes from and what to
//! do. Rules that only make sense after the meeting (attendance, decisions, minutes)
//! wait until the review is held.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc, Weekday};
use quorum_calendar::{Holiday, WorkCalendar};
use rusqlite::Connection;
use serde::Serialize;

use super::decisions::Area;
use super::period::Period;
use super::distribution;
use super::record::{self, meeting_day, Attendee, ReviewRecord};
use super::Status;
use crate::error::Result;

text_enum!(
    /// A nonconformity is what an auditor writes up; an observation is a weakness to fix; a
    /// preparation task is work due before the meeting (collect an input, send the
    /// invitations), which no auditor judges until the meeting has taken place.
    Severity, "severity" { Nonconformity = "nonconformity", Observation = "observation", Preparation = "preparation" }
);

/// Invitations go out two weeks ahead (the procedure).
pub const INVITATION_DAYS: i64 = 14;
/// The pack is circulated five working days ahead (the guide: three to five).
pub const PACK_WORKING_DAYS: i32 = 5;
/// Minutes are approved within ten working days of the meeting.
pub const APPROVAL_WORKING_DAYS: i32 = 10;
/// Notes under an agenda item that covers inputs need this many words to evidence a
/// discussion; other items (opening, close) need a line.
pub const MIN_WORDS_WITH_INPUTS: usize = 20;
pub const MIN_WORDS_OTHER: usize = 5;
/// Evidence presented at the meeting may be filed this many days after it.
pub const EVIDENCE_FILING_DAYS: i64 = 14;
/// A planned interval may slip by this many days before it counts as missed.
pub const INTERVAL_GRACE_DAYS: i64 = 15;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Finding {
    /// Stable: the rule, then what it is about (`input-unaddressed/d2`).
    pub id: String,
    pub severity: Severity,
    /// The clause or procedure section the rule comes from.
    pub source: String,
    pub message: String,
    /// What to do about it.
    pub fix: String,
    /// Where in the review to fix it: details, attendance, agenda, inputs, decisions,
    /// actions, approval.
    #[cfg_attr(test, ts(type = "\"details\" | \"attendance\" | \"agenda\" | \"inputs\" | \"decisions\" | \"actions\" | \"approval\""))]
    pub section: &'static str,
    /// Which item of that section (an input code, an agenda position, an action reference).
    pub item: Option<String>,
    /// For a preparation task: the milestone it is due by (ISO date).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub due_on: Option<String>,
}

/// The organisation's working days and public holidays.
pub fn work_calendar(conn: &Connection) -> Result<WorkCalendar> {
    let working_days = crate::organisation::get(conn)?.working_days.iter().filter_map(|d| d.parse::<Weekday>().ok()).collect();
    let mut statement = conn.prepare("SELECT day, name FROM holidays ORDER BY day")?;
    let holidays = statement.query_map([], |row| Ok(Holiday { date: row.get(0)?, name: row.get(1)? }))?.collect::<Result<Vec<_>, _>>()?;
    Ok(WorkCalendar { working_days, holidays })
}

pub fn check(conn: &Connection, reference: &str, now: DateTime<Utc>) -> Result<Vec<Finding>> {
    let record = record::load(conn, reference, now)?;
    let calendar = work_calendar(conn)?;
    Ok(findings(&record, &calendar, now.date_naive()))
}

fn finding(id: String, severity: Severity, source: impl Into<String>, message: String, fix: String, section: &'static str, item: Option<String>) -> Finding {
    Finding { id, severity, source: source.into(), message, fix, section, item, due_on: None }
}

/// The rules, on a loaded record: pure, so each one is tested on a hand-built review.
pub fn findings(record: &ReviewRecord, calendar: &WorkCalendar, today: NaiveDate) -> Vec<Finding> {
    use Severity::{Nonconformity, Observation};
    let review = &record.review;
    let status: Status = review.status.parse().unwrap_or(Status::Planned);
    if status == Status::Cancelled {
        return Vec::new();
    }
    let held = status >= Status::Held;
    let day = meeting_day(review);
    let mut out = Vec::new();

    for input in record.inputs.iter().filter(|i| !i.addressed()) {
        out.push(finding(
            format!("input-unaddressed/{}", input.code),
            Nonconformity,
            if input.code.starts_with("soc2_") { "Procedure: SOC 2 inputs of the review".to_owned() } else { format!("ISO/IEC 27001:2022 {}", input.clause) },
            format!("Input {} ({}) is neither addressed nor marked \"nothing to report\"", input.clause, input.title),
            format!("Write what was presented for input {}, or mark it \"nothing to report\" with the reason", input.code),
            "inputs",
            Some(input.code.clone()),
        ));
    }

    let top_management_present = record.attendees.iter().any(|a| a.top_management && a.attendance == "present");
    let top_management_delegates: Vec<&Attendee> = record.attendees.iter().filter(|a| a.top_management && a.attendance == "delegate").collect();
    let delegated = top_management_delegates.iter().any(|a| a.delegation.is_some());
    if held && !top_management_present && !delegated && !top_management_delegates.is_empty() {
        let who: Vec<String> = top_management_delegates.iter().map(|a| format!("{} for {}", a.delegate_name.as_deref().unwrap_or("a delegate"), a.person.name)).collect();
        out.push(finding(
            "top-management-delegation-unrecorded".into(),
            Nonconformity,
            "ISO/IEC 27001:2022 9.3.1 and 5.3",
            format!("Top management took part only through a delegate ({}) and no delegation is recorded", who.join("; ")),
            format!("Record what {} delegated, and to whom (the delegation's scope and authority), or hold the review again with top management", top_management_delegates[0].person.name),
            "attendance",
            None,
        ));
    } else if held && !top_management_present && !delegated {
        out.push(finding(
            "top-management-absent".into(),
            Nonconformity,
            "ISO/IEC 27001:2022 9.3.1",
            "No member of top management attended in person: the review does not count as top management's review".into(),
            "Record the attendance of the top management members who took part, or hold the review again with them".into(),
            "attendance",
            None,
        ));
    } else if !held && !record.attendees.iter().any(|a| a.top_management) {
        out.push(finding(
            "top-management-not-invited".into(),
            Observation,
            "ISO/IEC 27001:2022 9.3.1",
            "No member of top management is invited".into(),
            "Invite the chair and the top management members who must review the ISMS".into(),
            "attendance",
            None,
        ));
    }
    if held && !record.quorum.met {
        out.push(finding(
            "quorum-missed".into(),
            Nonconformity,
            "Procedure: quorum of the review meeting",
            format!("The quorum was not met: {}", record.quorum.shortfalls.join("; ")),
            "Correct the attendance if it is wrong; otherwise reconvene with a quorum and ratify the decisions".into(),
            "attendance",
            None,
        ));
    }

    if held {
        for area in Area::ALL.iter().copied() {
            let decided = record.decisions.iter().any(|d| d.area == area);
            let none = record.areas_none.iter().any(|n| n.area == area);
            if !decided && !none {
                out.push(finding(
                    format!("area-undecided/{area}"),
                    Nonconformity,
                    area.source(),
                    format!("{} has no decision and no explicit \"none\"", area.title()),
                    format!("Record the decision on {}, or \"none\" with the reason", area.title().to_lowercase()),
                    "decisions",
                    Some(area.as_str().to_owned()),
                ));
            }
        }
        for item in &record.agenda {
            let words = item.discussion.split_whitespace().count();
            let needed = if item.inputs.is_empty() { MIN_WORDS_OTHER } else { MIN_WORDS_WITH_INPUTS };
            if words < needed {
                out.push(finding(
                    format!("thin-minutes/{}", item.position),
                    if words == 0 { Nonconformity } else { Observation },
                    "ISO/IEC 27001:2022 9.3.3 (documented information)",
                    format!("The notes under agenda item {} \"{}\" have {words} words: too thin to evidence a discussion", item.position, item.title),
                    format!("Write what was discussed, the challenge and the conclusion (at least {needed} words)"),
                    "agenda",
                    Some(item.position.to_string()),
                ));
            }
        }
    }

    if held {
        out.extend(meeting_record_findings(record));
        out.extend(traceability_findings(record));
        out.extend(resource_findings(record));
    }

    for action in &record.actions_raised {
        let missing: Vec<&str> = [("owner", action.owner.is_none()), ("target date", action.target_on.is_none()), ("priority", action.priority.is_none())]
            .into_iter()
            .filter_map(|(what, missing)| missing.then_some(what))
            .collect();
        if !missing.is_empty() {
            out.push(finding(
                format!("action-incomplete/{}", action.reference),
                Nonconformity,
                "Procedure: action item register",
                format!("Action {} has no {}", action.reference, missing.join(", no ")),
                format!("Set the {} of {}", missing.join(" and "), action.reference),
                "actions",
                Some(action.reference.clone()),
            ));
        }
    }
    for carried in record.carried_actions.iter().filter(|c| !c.updated_since_previous_review && c.action.status.is_open()) {
        out.push(finding(
            format!("carried-action-without-status/{}", carried.action.reference),
            Nonconformity,
            "ISO/IEC 27001:2022 9.3.2 a)",
            format!("Action {} from an earlier review has no status update since the previous review", carried.action.reference),
            format!("Ask the owner for the status of {} and record it (a progress note or a status change)", carried.action.reference),
            "actions",
            Some(carried.action.reference.clone()),
        ));
    }
    let overdue_unescalated = record.actions_raised.iter().chain(record.carried_actions.iter().map(|c| &c.action)).filter(|a| a.overdue && a.escalation_level == 0);
    for action in overdue_unescalated {
        out.push(finding(
            format!("overdue-not-escalated/{}", action.reference),
            Observation,
            "Procedure: escalation of overdue actions",
            format!("Action {} is {} days overdue and has not been escalated", action.reference, action.days_overdue),
            format!("Escalate {} to the next level of the escalation path, or revise its target date with the reason", action.reference),
            "actions",
            Some(action.reference.clone()),
        ));
    }

    let invitations_due = day - Duration::days(INVITATION_DAYS);
    match review.invitations_sent_on.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()) {
        Some(sent) if sent > invitations_due => out.push(finding(
            "invitations-late".into(),
            Observation,
            "Procedure: invitations two weeks before the meeting",
            format!("Invitations went out on {sent}, {} days before the meeting ({INVITATION_DAYS} required)", (day - sent).num_days()),
            "Send the invitations of the next reviews from the year plan, two weeks ahead".into(),
            "details",
            None,
        )),
        // Before the meeting this is a preparation task, listed from the start.
        None => out.push(finding(
            "invitations-not-sent".into(),
            if held { Nonconformity } else { Observation },
            "Procedure: invitations two weeks before the meeting",
            format!("No invitations are recorded; they were due by {invitations_due}"),
            "Send the invitations and record the date (the review's \"invitations sent\" step)".into(),
            "details",
            None,
        )),
        _ => {}
    }
    let pack_due = calendar.add_working_days(day, -PACK_WORKING_DAYS);
    match review.pack_circulated_on.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()) {
        Some(sent) if sent > pack_due => out.push(finding(
            "pack-late".into(),
            Observation,
            "Guide: pack circulated three to five working days before",
            format!("The pack was circulated on {sent}, after {pack_due} ({PACK_WORKING_DAYS} working days before the meeting)"),
            "Circulate the pack earlier so that attendees can read it".into(),
            "details",
            None,
        )),
        // Before the meeting this is a preparation task, listed from the start.
        None => out.push(finding(
            "pack-not-circulated".into(),
            Observation,
            "Guide: pack circulated three to five working days before",
            format!("No circulation of the pack is recorded; it was due by {pack_due}"),
            "Circulate the pack and record the date (the review's \"pack circulated\" step)".into(),
            "details",
            None,
        )),
        _ => {}
    }

    if let Some(previous) = &record.previous_review {
        let previous_day = previous.held_on.as_deref().or(previous.starts_at.get(..10)).and_then(|d| d.parse::<NaiveDate>().ok());
        if let Some(previous_day) = previous_day {
            let cadence = record.organisation.review_cadence_months.clamp(1, 12);
            let limit = previous_day.checked_add_months(Months::new(cadence)).unwrap_or(previous_day) + Duration::days(INTERVAL_GRACE_DAYS);
            let year_limit = previous_day.checked_add_months(Months::new(12)).unwrap_or(previous_day);
            if day > limit.min(year_limit) {
                out.push(finding(
                    "interval-exceeded".into(),
                    Nonconformity,
                    "ISO/IEC 27001:2022 9.3.1 (planned intervals)",
                    format!("{} months since the previous review {} on {previous_day}; the planned interval is {cadence} months", months_between(previous_day, day), previous.reference),
                    "Hold reviews at the planned interval; plan the year with `quorum plan`".into(),
                    "details",
                    None,
                ));
            }
        }
    }

    if held && record.conclusion.is_none() {
        out.push(finding(
            "conclusion-missing".into(),
            Nonconformity,
            "ISO/IEC 27001:2022 9.3.1",
            "The minutes record no conclusion on whether the ISMS is still suitable, adequate and effective".into(),
            "Record top management's three verdicts, each with its rationale (the review's conclusion); the minutes cannot be approved without it".into(),
            "decisions",
            Some("conclusion".into()),
        ));
    }
    if let Some(period) = &record.period {
        out.extend(period_findings(period));
        out.extend(evidence_findings(period, record.inputs.iter().flat_map(|i| &i.evidence)));
        out.extend(kpi_date_findings(period, record));
    }
    out.extend(register_findings(record, day));

    // Once the meeting's day has come, what is missing is judged, held or not.
    if !held && today < day {
        out = out.into_iter().map(|f| as_preparation(f, invitations_due, pack_due, today)).collect();
    }

    if status == Status::Approved {
        out.extend(distribution_findings(record, calendar, today));
    }
    if held && status != Status::Approved {
        let due = calendar.add_working_days(day, APPROVAL_WORKING_DAYS);
        out.push(finding(
            "minutes-not-approved".into(),
            if today > due { Nonconformity } else { Observation },
            "ISO/IEC 27001:2022 7.5.3 and the procedure: approved minutes",
            format!("The minutes (version {}) are not approved; approval is due by {due}", record.document.version),
            "Have the chair (and each named approver) approve the minutes".into(),
            "approval",
            None,
        ));
    }
    out
}

/// Every attendee has the approved minutes within the working days the procedure allows:
/// until then what is missing is an observation with its due date, after it a
/// nonconformity; a copy sent late is an observation.
fn distribution_findings(record: &ReviewRecord, calendar: &WorkCalendar, today: NaiveDate) -> Vec<Finding> {
    let Some(approved_on) = record.document.release_date.as_deref().and_then(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d").ok()) else { return Vec::new() };
    let due = calendar.add_working_days(approved_on, distribution::DISTRIBUTION_WORKING_DAYS);
    let version = &record.document.version;
    let received = |id: i64| record.distributions.iter().find(|d| d.person.id == id);
    let attendees = record.attendees.iter().filter(|a| matches!(a.attendance.as_str(), "present" | "delegate"));
    let (missing, late): (Vec<&Attendee>, Vec<&Attendee>) = (attendees.clone().filter(|a| received(a.person.id).is_none()).collect(), attendees.filter(|a| received(a.person.id).is_some_and(|d| d.sent_on > due)).collect());
    let names = |people: &[&Attendee]| people.iter().map(|a| a.person.name.as_str()).collect::<Vec<_>>().join(", ");
    let mut out = Vec::new();
    if !missing.is_empty() {
        out.push(finding(
            "minutes-not-distributed".into(),
            if today > due { Severity::Nonconformity } else { Severity::Observation },
            "ISO/IEC 27001:2022 7.5.3 and the procedure: distribution of the minutes",
            format!("The approved minutes (version {version}, approved {approved_on}) are not recorded as sent to {}; they are due by {due}", names(&missing)),
            "Send the signed minutes to the attendees (Send the minutes writes the email) and record the distribution: who, when and how".into(),
            "approval",
            Some("distribution".into()),
        ));
    }
    if !late.is_empty() {
        out.push(finding(
            "minutes-distributed-late".into(),
            Severity::Observation,
            "ISO/IEC 27001:2022 7.5.3 and the procedure: distribution of the minutes",
            format!("The approved minutes (version {version}) reached {} after {due}, more than {} working days after the approval", names(&late), distribution::DISTRIBUTION_WORKING_DAYS),
            "Send the minutes within the procedure's working days of the approval next time".into(),
            "approval",
            Some("distribution".into()),
        ));
    }
    out
}

/// An input that shows a resource to be lacking wants a decision on resources (9.3.3: the
/// review's outputs include any need for resources).
fn resource_findings(record: &ReviewRecord) -> Vec<Finding> {
    let decided = record.decisions.iter().any(|d| d.area == Area::Resources);
    if decided {
        return Vec::new();
    }
    record
        .inputs
        .iter()
        .filter_map(|input| input.resource_need.as_ref().map(|need| (input, need)))
        .map(|(input, need)| {
            finding(
                format!("resource-need-without-decision/{}", input.code),
                Severity::Observation,
                "ISO/IEC 27001:2022 9.3.3 (any needs for resources)",
                format!("Input {} ({}) shows a resource need (\"{need}\") but the review decided nothing on resources", input.clause, input.title),
                format!("Record the decision on resources that answers input {}'s need, or say under resources why none is needed", input.code),
                "decisions",
                Some("resources".into()),
            )
        })
        .collect()
}

/// Every input ends somewhere: a decision that answers it, an action raised from it, or an
/// explicit "no change" with the reason. A KPI that missed its target, or risks above
/// appetite, beside "no decision needed" in the area that would act on them, is a gap.
fn traceability_findings(record: &ReviewRecord) -> Vec<Finding> {
    let mut out = Vec::new();
    for input in record.inputs.iter().filter(|i| i.addressed() && !i.nothing_to_report) {
        let decided = record.decisions.iter().any(|d| d.inputs.iter().any(|c| c == &input.code));
        let acted = record.actions_raised.iter().any(|a| a.input_id == Some(input.id));
        if !decided && !acted && input.no_change_reason.is_none() {
            out.push(finding(
                format!("input-without-output/{}", input.code),
                Severity::Observation,
                "ISO/IEC 27001:2022 9.3.3 (results of the review)",
                format!("Input {} ({}) led to no decision, no action and no recorded \"no change\"", input.clause, input.title),
                format!("Link the decision that answers input {} to it, raise an action from it, or record why it calls for no change", input.code),
                "inputs",
                Some(input.code.clone()),
            ));
        }
        let area = if input.code == "f" { Area::RiskTreatment } else { Area::ObjectivesKpis };
        let none = record.areas_none.iter().any(|n| n.area == area);
        let missed: Vec<&str> = input.kpis.iter().filter(|k| k.meets_target == Some(false)).map(|k| k.name.as_str()).collect();
        if none && !missed.is_empty() && !decided && !acted {
            out.push(finding(
                format!("missed-kpi-without-decision/{}", input.code),
                Severity::Observation,
                area.source(),
                format!("{} missed its target under input {}, yet {} says no decision was needed", missed.join(", "), input.clause, area.title()),
                format!("Record the decision on {} that answers the missed target, or say in input {} why it needs none", area.title().to_lowercase(), input.code),
                "decisions",
                Some(area.as_str().to_owned()),
            ));
        }
    }
    out
}

/// Notes under two agenda items this alike were written once and pasted.
pub const SAME_NOTES_SIMILARITY: f64 = 0.85;

/// What the minutes say about the meeting has to agree with itself: whoever presented was
/// there, what was discussed rested on something, and each item has its own notes.
fn meeting_record_findings(record: &ReviewRecord) -> Vec<Finding> {
    let mut out = Vec::new();
    let attended = |id: i64| record.attendees.iter().any(|a| a.person.id == id && (a.attendance == "present" || a.attendance == "delegate"));
    let mut named = std::collections::BTreeSet::new();
    let presenters = record
        .agenda
        .iter()
        .filter_map(|i| i.presenter.as_ref().map(|p| (p, format!("agenda item {} \"{}\"", i.position, i.title), "agenda", i.position.to_string())))
        .chain(record.inputs.iter().filter_map(|i| i.presenter.as_ref().map(|p| (p, format!("input {} ({})", i.clause, i.title), "inputs", i.code.clone()))));
    for (person, what, section, item) in presenters {
        if !attended(person.id) && named.insert((person.id, section)) {
            out.push(finding(
                format!("presenter-absent/{section}/{item}"),
                Severity::Nonconformity,
                "ISO/IEC 27001:2022 7.5 (accurate documented information)",
                format!("{} presented {what} but is not recorded as attending the meeting", person.name),
                format!("Record {}'s attendance, or correct who presented {what}", person.name),
                if section == "agenda" { "agenda" } else { "inputs" },
                Some(item),
            ));
        }
    }
    // Input a) rests on the register's carried actions and d4) on the objective results.
    let backed = |i: &&super::record::InputRecord| {
        !i.kpis.is_empty() || !i.evidence.is_empty() || (i.code == "a" && !record.carried_actions.is_empty()) || (i.code == "d4" && !record.objectives.is_empty())
    };
    for input in record.inputs.iter().filter(|i| i.state == super::inputs::InputState::Discussed && !i.nothing_to_report).filter(|i| !backed(i)) {
        out.push(finding(
            format!("input-unevidenced/{}", input.code),
            Severity::Observation,
            "ISO/IEC 27001:2022 9.3.2 (inputs considered)",
            format!("Input {} ({}) is marked discussed with neither a KPI nor evidence behind it", input.clause, input.title),
            format!("Attach what was presented for input {} (the report, the figures) or record its KPIs", input.code),
            "inputs",
            Some(input.code.clone()),
        ));
    }
    let notes: Vec<&super::agenda::AgendaItem> = record.agenda.iter().filter(|i| i.discussion.split_whitespace().count() >= MIN_WORDS_OTHER).collect();
    let mut pasted = std::collections::BTreeSet::new();
    for (k, first) in notes.iter().enumerate() {
        for second in &notes[k + 1..] {
            if !pasted.contains(&second.position) && crate::register::similar::similarity(&first.discussion, &second.discussion) >= SAME_NOTES_SIMILARITY {
                pasted.insert(second.position);
                out.push(finding(
                    format!("notes-repeated/{}", second.position),
                    Severity::Observation,
                    "ISO/IEC 27001:2022 9.3.3 (documented information)",
                    format!("The notes under agenda item {} \"{}\" repeat those under item {}: they do not evidence a discussion of their own", second.position, second.title, first.position),
                    format!("Write what was discussed under item {}: the figures, the challenge and the conclusion", second.position),
                    "agenda",
                    Some(second.position.to_string()),
                ));
            }
        }
    }
    out
}

/// Before the meeting, what is still to be done is preparation with a milestone, not a
/// finding: inputs are due in the pack, invitations two weeks ahead.
fn as_preparation(f: Finding, invitations_due: NaiveDate, pack_due: NaiveDate, today: NaiveDate) -> Finding {
    let rule = f.id.split('/').next().unwrap_or("");
    let (due, task) = match rule {
        "input-unaddressed" => (pack_due, f.message.replace("is neither addressed nor marked \"nothing to report\"", "is still to be collected for the pack")),
        "carried-action-without-status" => (pack_due, f.message.replace("has no status update since the previous review", "needs a status update from its owner for the pack")),
        "invitations-not-sent" => (invitations_due, "Send the invitations".to_owned()),
        "pack-not-circulated" => (pack_due, "Circulate the pack to the attendees".to_owned()),
        "top-management-not-invited" => (invitations_due, "Invite top management (the chair and its members)".to_owned()),
        "register-extract-stale" => (pack_due, format!("Import a fresh extract for the pack: {}", f.message)),
        "audit-nonconformity-not-reviewed" | "risk-acceptance-unsigned" | "risk-acceptance-expired" | "major-incident-without-review" => (pack_due, format!("Before the meeting: {}", f.message)),
        _ => return f,
    };
    let when = match (due - today).num_days() {
        0 => format!("due today, {due}"),
        n if n > 0 => format!("due by {due}, in {n} days"),
        n => format!("{} days late: it was due by {due}", -n),
    };
    Finding { severity: Severity::Preparation, message: format!("{task} ({when})"), due_on: Some(due.to_string()), ..f }
}

/// Consecutive reviews of a scope cover the calendar once: a gap leaves months no review
/// looked at, an overlap counts them twice.
fn period_findings(period: &Period) -> Vec<Finding> {
    let (Some(previous), Some(previous_to), Ok(from)) = (&period.follows, period.previous_to.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()), period.from.parse::<NaiveDate>()) else {
        return Vec::new();
    };
    let expected = previous_to + Duration::days(1);
    let (id, message) = if from > expected {
        ("period-gap", format!("The period starts on {from}, but {previous} covered up to {previous_to}: {} days between the two reviews are covered by neither", (from - expected).num_days()))
    } else if from < expected {
        ("period-overlap", format!("The period starts on {from}, but {previous} already covered up to {previous_to}: {} days are reviewed twice", (expected - from).num_days()))
    } else {
        return Vec::new();
    };
    vec![finding(
        id.into(),
        Severity::Observation,
        "ISO/IEC 27001:2022 9.3.1 (planned intervals)",
        message,
        format!("Start the period on {expected}, the day after {previous}'s period ended, or say in its reason why the reviews do not follow on"),
        "details",
        None,
    )]
}

/// Evidence for an input that is dated outside the period it is evidence for: before it
/// starts, or after the weeks in which the minutes are written up.
fn evidence_findings<'a>(period: &Period, evidence: impl Iterator<Item = &'a super::evidence::EvidenceInfo>) -> Vec<Finding> {
    let (Ok(from), Ok(to)) = (period.from.parse::<NaiveDate>(), period.to.parse::<NaiveDate>()) else { return Vec::new() };
    evidence
        .filter(|e| e.input_code.is_some())
        .filter_map(|e| {
            let added = e.added_at.get(..10)?.parse::<NaiveDate>().ok()?;
            (added < from || added > to + Duration::days(EVIDENCE_FILING_DAYS)).then(|| {
                finding(
                    format!("evidence-outside-period/{}", e.id),
                    Severity::Observation,
                    "ISO/IEC 27001:2022 9.3.2 (inputs for the period)",
                    format!("Evidence \"{}\" for input {} is dated {added}, outside the period {from} to {to} (and the {EVIDENCE_FILING_DAYS} days after the meeting to file it)", e.file_name, e.input_code.as_deref().unwrap_or("")),
                    "Attach evidence from the period under review, or say in the input why older or later evidence applies".into(),
                    "inputs",
                    e.input_code.clone(),
                )
            })
        })
        .collect()
}

/// A KPI measured before the period began, or after it ended, speaks for another period.
fn kpi_date_findings(period: &Period, record: &ReviewRecord) -> Vec<Finding> {
    let (Ok(from), Ok(to)) = (period.from.parse::<NaiveDate>(), period.to.parse::<NaiveDate>()) else { return Vec::new() };
    record
        .inputs
        .iter()
        .flat_map(|input| input.kpis.iter().map(move |kpi| (input, kpi)))
        .filter_map(|(input, kpi)| {
            let measured = kpi.measured_on.filter(|on| *on < from || *on > to)?;
            Some(finding(
                format!("kpi-outside-period/{}/{}", input.code, kpi.name),
                Severity::Observation,
                "ISO/IEC 27001:2022 9.3.2 (inputs for the period)",
                format!("KPI \"{}\" of input {} was measured on {measured}, outside the period {from} to {to}", kpi.name, input.code),
                "Give the value measured within the period under review, or say in the input why an older figure applies".into(),
                "inputs",
                Some(input.code.clone()),
            ))
        })
        .collect()
}

/// What the registers say at the meeting and the review must answer: an open internal-audit
/// nonconformity the review neither discussed under its input nor tied to an action, a risk
/// accepted without its owner's sign-off or past the acceptance's expiry, a major incident
/// of the period with neither an ad hoc review nor a decision; and an extract too old to
/// speak for the meeting.
fn register_findings(record: &ReviewRecord, day: NaiveDate) -> Vec<Finding> {
    use crate::registers::extract::{is_stale, ConcernKind, STALE_DAYS};
    let mut out = Vec::new();
    for extract in &record.registers {
        if is_stale(extract, day) {
            out.push(finding(
                format!("register-extract-stale/{}", extract.kind),
                Severity::Observation,
                "ISO/IEC 27001:2022 9.3.2 (inputs current at the review)",
                format!("The {} extract was taken on {} ({}), more than {STALE_DAYS} days before the meeting on {day}", extract.kind.label(), extract.snapshot.taken_on, extract.snapshot.source_name),
                format!("Import the {} register as it stands now (`quorum register import {} FILE`)", extract.kind.label(), extract.kind.cli_name()),
                "inputs",
                Some(extract.input_code.clone()),
            ));
        }
        for concern in extract.concerns.iter().filter(|c| c.answered_by.is_none()) {
            let (rule, clause, message, fix) = match concern.kind {
                ConcernKind::OpenNonconformity => (
                    "audit-nonconformity-not-reviewed",
                    "ISO/IEC 27001:2022 9.3.2 d) 3) and 10.2",
                    format!("Internal audit nonconformity {} ({}: {}) is open at the meeting but the review does not mention it", concern.item, concern.detail, concern.title),
                    format!("Name {} under input {} with its corrective action's status, or raise an action for it", concern.item, extract.input_code),
                ),
                ConcernKind::AcceptanceUnsigned => (
                    "risk-acceptance-unsigned",
                    "ISO/IEC 27001:2022 6.1.3 f) (risk owners' approval)",
                    format!("Risk {} (\"{}\", {}) is accepted without the risk owner's recorded sign-off", concern.item, concern.title, concern.detail),
                    format!("Have the owner sign off the acceptance of {} (who and when) in the risk register, and import it again", concern.item),
                ),
                ConcernKind::AcceptanceExpired => (
                    "risk-acceptance-expired",
                    "ISO/IEC 27001:2022 6.1.3 and 8.3",
                    format!("Risk {} (\"{}\") is accepted, but the acceptance {} before the meeting", concern.item, concern.title, concern.detail),
                    format!("Have the owner renew or withdraw the acceptance of {} and decide its treatment in this review", concern.item),
                ),
                ConcernKind::MajorIncident => (
                    "major-incident-without-review",
                    "Procedure: ad hoc reviews after a major incident; ISO/IEC 27001:2022 9.3.3",
                    format!("Incident {} (\"{}\", {}) had neither an ad hoc review nor a decision of this review", concern.item, concern.title, concern.detail),
                    format!("Record this review's decision on {} (lessons, changes to the ISMS), naming it, or hold an ad hoc review for it", concern.item),
                ),
            };
            let section = if concern.kind == ConcernKind::MajorIncident { "decisions" } else { "inputs" };
            out.push(finding(format!("{rule}/{}", concern.item), Severity::Nonconformity, clause, message, fix, section, Some(extract.input_code.clone())));
        }
    }
    out
}

fn months_between(from: NaiveDate, to: NaiveDate) -> i32 {
    (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32
}

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;
