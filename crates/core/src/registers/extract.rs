//! What a review reads from the registers, as at its meeting: for each register, the
//! snapshot that stood that day, the figures its input reports (so nobody retypes them),
//! the rows that matter for the review's period, and the items an auditor would ask about
//! (an open nonconformity, a risk acceptance unsigned or expired, a major incident) with
//! what answers each, if anything does.

use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{as_at, appetite, rows, table, RegisterKind, RegisterLevel, RegisterTable, Row, SnapshotInfo};
use crate::error::Result;
use crate::review::Review;

/// A supplier not reviewed for this long is overdue for review.
pub const SUPPLIER_REVIEW_MONTHS: u32 = 12;
/// The severity of a major incident: the one the procedure calls an ad hoc review for.
pub const MAJOR_SEVERITY: RegisterLevel = RegisterLevel::Critical;
/// A register extract older than this at the meeting is stale (an observation).
pub const STALE_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct RegisterExtract {
    pub kind: RegisterKind,
    /// The input of the review these figures belong to (`f` for risks).
    pub input_code: String,
    pub snapshot: SnapshotInfo,
    pub figures: Vec<Figure>,
    /// The rows that matter to this review (see `scope_note`).
    pub table: RegisterTable,
    /// What the rows say about this review's period, in a sentence.
    pub scope_note: String,
    pub concerns: Vec<Concern>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Figure {
    pub label: String,
    pub value: i64,
}

text_enum!(
    /// What an auditor asks about a register item at a review.
    ConcernKind, "register concern" {
        OpenNonconformity = "open_nonconformity",
        AcceptanceUnsigned = "acceptance_unsigned",
        AcceptanceExpired = "acceptance_expired",
        MajorIncident = "major_incident",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct Concern {
    pub kind: ConcernKind,
    /// The item's ID in its register.
    pub item: String,
    pub title: String,
    /// For an open nonconformity: its grade and clause; for an acceptance: its owner or its
    /// expiry day; for an incident: its severity and detection day.
    pub detail: String,
    /// What answers it in the review's records ("input d3", "action ACT-2026-004", "ad hoc
    /// review MR-2026-03", "decision"); `None` when nothing does. Acceptance concerns are
    /// answered only by the register itself.
    pub answered_by: Option<String>,
}

/// The input a register's figures are reported under, among the review's inputs.
fn input_for(kind: RegisterKind, inputs: &[String]) -> Option<String> {
    let wanted: &[&str] = match kind {
        RegisterKind::Risks => &["f"],
        RegisterKind::Incidents => &["soc2_incidents", "d2"],
        RegisterKind::AuditFindings => &["d3"],
        RegisterKind::Suppliers => &["c"],
    };
    wanted.iter().find(|w| inputs.iter().any(|i| i == *w)).map(|w| (*w).to_owned())
}

/// What the review's own records say, in lower case: where an item's ID counts as mentioned.
pub struct Mentions {
    /// Input code → its summary and the discussion of the agenda items that cover it.
    pub inputs: Vec<(String, String)>,
    pub decisions: String,
}

/// The extracts of every register with a snapshot by `day` whose input is among the
/// review's inputs.
pub fn for_review(conn: &Connection, review: &Review, day: NaiveDate, period: (NaiveDate, NaiveDate), mentions: &Mentions) -> Result<Vec<RegisterExtract>> {
    build(conn, Some(review), day, period, mentions)
}

/// Every register as it stood on `day`, its figures over `period`, for a pack that spans
/// several reviews: no review's records to answer its items, so no concerns.
pub fn for_period(conn: &Connection, day: NaiveDate, period: (NaiveDate, NaiveDate)) -> Result<Vec<RegisterExtract>> {
    let every_input = crate::review::catalogue::INPUTS.iter().map(|i| (i.code.to_owned(), String::new())).collect();
    let mut extracts = build(conn, None, day, period, &Mentions { inputs: every_input, decisions: String::new() })?;
    for e in &mut extracts {
        e.concerns.clear();
    }
    Ok(extracts)
}

fn build(conn: &Connection, review: Option<&Review>, day: NaiveDate, period: (NaiveDate, NaiveDate), mentions: &Mentions) -> Result<Vec<RegisterExtract>> {
    let inputs: Vec<String> = mentions.inputs.iter().map(|(code, _)| code.clone()).collect();
    let mut out = Vec::new();
    for kind in RegisterKind::ALL.iter().copied() {
        let Some(input_code) = input_for(kind, &inputs) else { continue };
        let Some(snapshot) = as_at(conn, kind, Some(day))? else { continue };
        let all = rows(conn, snapshot.id)?;
        let ctx = Context { conn, review, day, period, mentions, input_code: &input_code };
        let (figures, kept, scope_note, concerns) = match kind {
            RegisterKind::Risks => risks(&ctx, &all)?,
            RegisterKind::Incidents => incidents(&ctx, &all)?,
            RegisterKind::AuditFindings => audit_findings(&ctx, &all)?,
            RegisterKind::Suppliers => suppliers(&ctx, &all),
        };
        let table = table(kind, Some(snapshot.clone()), &kept);
        out.push(RegisterExtract { kind, input_code, snapshot, figures, table, scope_note, concerns });
    }
    Ok(out)
}

struct Context<'a> {
    conn: &'a Connection,
    review: Option<&'a Review>,
    day: NaiveDate,
    period: (NaiveDate, NaiveDate),
    mentions: &'a Mentions,
    input_code: &'a str,
}

type Parts = (Vec<Figure>, Vec<Row>, String, Vec<Concern>);

fn get<'r>(row: &'r Row, key: &str) -> &'r str {
    row.get(key).map_or("", String::as_str)
}
fn date(row: &Row, key: &str) -> Option<NaiveDate> {
    row.get(key).and_then(|d| d.parse().ok())
}
fn level(row: &Row, key: &str) -> Option<RegisterLevel> {
    row.get(key).and_then(|l| l.parse().ok())
}
fn figure(label: impl Into<String>, value: usize) -> Figure {
    Figure { label: label.into(), value: value as i64 }
}
fn contains_id(haystack: &str, id: &str) -> bool {
    !id.is_empty() && haystack.contains(&id.to_lowercase())
}

fn risks(ctx: &Context, all: &[Row]) -> Result<Parts> {
    let appetite = appetite(ctx.conn)?;
    let above = |r: &Row| level(r, "residual").is_some_and(|l| l > appetite);
    let overdue = |r: &Row| get(r, "plan_status") != "done" && date(r, "plan_due").is_some_and(|d| d < ctx.day);
    let accepted = |r: &Row| get(r, "treatment") == "accept";
    let unsigned = |r: &Row| accepted(r) && (r.get("accepted_by").is_none() || r.get("accepted_on").is_none());
    let expired = |r: &Row| accepted(r) && date(r, "acceptance_expires").is_some_and(|d| d < ctx.day);
    let mut figures = vec![figure("Risks in the register", all.len())];
    for l in RegisterLevel::ALL.iter().rev() {
        figures.push(figure(format!("Residual {l}"), all.iter().filter(|r| level(r, "residual") == Some(*l)).count()));
    }
    figures.push(figure(format!("Above appetite (residual above {appetite})"), all.iter().filter(|r| above(r)).count()));
    figures.push(figure("Treatment plans overdue", all.iter().filter(|r| overdue(r)).count()));
    figures.push(figure("Acceptances expired", all.iter().filter(|r| expired(r)).count()));
    figures.push(figure("Acceptances without the owner's sign-off", all.iter().filter(|r| unsigned(r)).count()));
    let kept: Vec<Row> = all.iter().filter(|r| above(r) || overdue(r) || unsigned(r) || expired(r)).cloned().collect();
    let mut concerns = Vec::new();
    for r in all {
        if unsigned(r) {
            concerns.push(Concern { kind: ConcernKind::AcceptanceUnsigned, item: get(r, "id").into(), title: get(r, "title").into(), detail: format!("owner {}", get(r, "owner")), answered_by: None });
        }
        if expired(r) {
            concerns.push(Concern { kind: ConcernKind::AcceptanceExpired, item: get(r, "id").into(), title: get(r, "title").into(), detail: format!("expired {}", get(r, "acceptance_expires")), answered_by: None });
        }
    }
    let note = format!("The risks above appetite, with an overdue treatment plan, or with an acceptance expired or unsigned, as at {}.", ctx.day);
    Ok((figures, kept, note, concerns))
}

fn incidents(ctx: &Context, all: &[Row]) -> Result<Parts> {
    let (from, to) = ctx.period;
    let in_period = |r: &Row| date(r, "detected").is_some_and(|d| d >= from && d <= to);
    let open_at_meeting = |r: &Row| date(r, "detected").is_some_and(|d| d <= ctx.day) && date(r, "closed").is_none_or(|c| c > ctx.day);
    let period: Vec<&Row> = all.iter().filter(|r| in_period(r)).collect();
    let mut figures = vec![figure("Incidents detected in the period", period.len())];
    for l in RegisterLevel::ALL.iter().rev() {
        figures.push(figure(format!("Severity {l}"), period.iter().filter(|r| level(r, "severity") == Some(*l)).count()));
    }
    figures.push(figure("Involving personal data", period.iter().filter(|r| get(r, "personal_data") == "yes").count()));
    figures.push(figure("Still open at the meeting", all.iter().filter(|r| open_at_meeting(r)).count()));
    let kept: Vec<Row> = all.iter().filter(|r| in_period(r) || open_at_meeting(r)).cloned().collect();
    let mut concerns = Vec::new();
    for r in period.iter().filter(|r| level(r, "severity") == Some(MAJOR_SEVERITY)) {
        let id = get(r, "id");
        let detected = date(r, "detected").unwrap_or(from);
        let answered_by = match ad_hoc_review_for(ctx, id, detected)? {
            Some(reference) => Some(format!("ad hoc review {reference}")),
            None if contains_id(&ctx.mentions.decisions, id) => Some("a decision of this review".into()),
            None => None,
        };
        concerns.push(Concern { kind: ConcernKind::MajorIncident, item: id.into(), title: get(r, "title").into(), detail: format!("{} severity, detected {}", get(r, "severity"), get(r, "detected")), answered_by });
    }
    let note = format!("The incidents detected in the period {from} to {to}, and those still open at the meeting.");
    Ok((figures, kept, note, concerns))
}

/// An ad hoc review (this one included) held or planned from the incident's detection to
/// this review's meeting that names the incident in its title or trigger.
fn ad_hoc_review_for(ctx: &Context, id: &str, detected: NaiveDate) -> Result<Option<String>> {
    if let Some(review) = ctx.review.filter(|r| r.kind == "ad_hoc") {
        if contains_id(&format!("{} {}", review.title, review.trigger_text.as_deref().unwrap_or("")).to_lowercase(), id) {
            return Ok(Some(review.reference.clone()));
        }
    }
    Ok(ctx
        .conn
        .query_row(
            "SELECT reference FROM reviews WHERE kind = 'ad_hoc' AND status <> 'cancelled' AND substr(starts_at, 1, 10) BETWEEN ?1 AND ?2
             AND (instr(lower(title), lower(?3)) > 0 OR instr(lower(coalesce(trigger_text, '')), lower(?3)) > 0) ORDER BY starts_at LIMIT 1",
            params![detected.to_string(), ctx.day.to_string(), id],
            |r| r.get(0),
        )
        .optional()?)
}

fn audit_findings(ctx: &Context, all: &[Row]) -> Result<Parts> {
    let open = |r: &Row| get(r, "status") != "closed";
    let overdue = |r: &Row| open(r) && date(r, "due").is_some_and(|d| d < ctx.day);
    let graded = |r: &Row, g: &str| open(r) && get(r, "grade") == g;
    let figures = vec![
        figure("Open major nonconformities", all.iter().filter(|r| graded(r, "major")).count()),
        figure("Open minor nonconformities", all.iter().filter(|r| graded(r, "minor")).count()),
        figure("Open observations", all.iter().filter(|r| graded(r, "observation")).count()),
        figure("Corrective actions overdue", all.iter().filter(|r| overdue(r)).count()),
        figure("Findings closed", all.iter().filter(|r| !open(r)).count()),
    ];
    let kept: Vec<Row> = all.iter().filter(|r| open(r)).cloned().collect();
    let mut concerns = Vec::new();
    for r in all.iter().filter(|r| graded(r, "major") || graded(r, "minor")) {
        let id = get(r, "id");
        let answered_by = if ctx.mentions.inputs.iter().any(|(code, text)| code == ctx.input_code && contains_id(text, id)) {
            Some(format!("input {}", ctx.input_code))
        } else {
            action_naming(ctx, id)?.map(|a| format!("action {a}"))
        };
        concerns.push(Concern { kind: ConcernKind::OpenNonconformity, item: id.into(), title: get(r, "finding").into(), detail: format!("{}, {}", get(r, "grade"), get(r, "clause")), answered_by });
    }
    let note = format!("The findings not closed as at {}.", ctx.day);
    Ok((figures, kept, note, concerns))
}

/// The first action raised by `day` whose register text names `id` (through the search
/// index: IDs of three characters or more).
fn action_naming(ctx: &Context, id: &str) -> Result<Option<String>> {
    if id.chars().count() < 3 {
        return Ok(None);
    }
    let phrase = format!("\"{}\"", id.replace('"', "\"\""));
    Ok(ctx
        .conn
        .query_row(
            "SELECT a.reference FROM action_search s JOIN actions a ON a.id = s.rowid WHERE action_search MATCH ?1 AND substr(a.created_at, 1, 10) <= ?2 ORDER BY a.id LIMIT 1",
            params![phrase, ctx.day.to_string()],
            |r| r.get(0),
        )
        .optional()?)
}

fn suppliers(ctx: &Context, all: &[Row]) -> Parts {
    let due_by = ctx.day.checked_sub_months(chrono::Months::new(SUPPLIER_REVIEW_MONTHS)).unwrap_or(ctx.day);
    let important = |r: &Row| level(r, "criticality").is_some_and(|l| l >= RegisterLevel::High);
    let overdue = |r: &Row| date(r, "last_review").is_none_or(|d| d < due_by);
    let troubled = |r: &Row| matches!(get(r, "result"), "concerns" | "unsatisfactory");
    let figures = vec![
        figure("Suppliers in the register", all.len()),
        figure("Critical or high", all.iter().filter(|r| important(r)).count()),
        figure(format!("Review overdue (none in {SUPPLIER_REVIEW_MONTHS} months)"), all.iter().filter(|r| overdue(r)).count()),
        figure("Last review with concerns or unsatisfactory", all.iter().filter(|r| troubled(r)).count()),
    ];
    let kept: Vec<Row> = all.iter().filter(|r| important(r) || troubled(r) || overdue(r)).cloned().collect();
    let note = format!("The critical and high suppliers, and any whose review is overdue or found problems, as at {}.", ctx.day);
    (figures, kept, note, Vec::new())
}

/// Whether the extract was more than [`STALE_DAYS`] old at the meeting.
pub fn is_stale(extract: &RegisterExtract, day: NaiveDate) -> bool {
    extract.snapshot.taken_on < day - Duration::days(STALE_DAYS)
}
