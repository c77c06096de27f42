//! The auditor's pack: one self-contained PDF per review or per period, holding each held
//! review's minutes and readiness check, the full action register with its history, the
//! register metrics with vector charts, and an evidence index whose files travel inside the
//! PDF as embedded attachments.

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use quorum_pdf::{Attachment, BarChart, Block, Document, TitleBlock};
use rusqlite::Connection;

use super::minutes::minutes_blocks;
use super::{capitalised, finish, instant, size_text, status_text, table, ExportOptions, ExportSummary, Progress, Stage};
use crate::error::{Error, Result};
use crate::register::{self, ActionDetail, RegisterMetrics};
use crate::review::check::{self, Finding};
use crate::review::record::{meeting_day, ReviewRecord};
use crate::review::{self, catalogue, Review};
use crate::store::Store;

/// What a pack covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackScope {
    /// One review, by reference.
    Review(String),
    /// Every review whose meeting (the day it was held, else planned) falls in the range,
    /// both days included.
    Period { from: NaiveDate, to: NaiveDate },
}

/// The organisation's name and the classification printed on every page.
struct Letterhead {
    organisation: String,
    classification: String,
}

fn letterhead(conn: &Connection) -> Result<Letterhead> {
    Ok(conn.query_row("SELECT name, classification FROM organisation WHERE id = 1", [], |r| {
        Ok(Letterhead { organisation: r.get(0)?, classification: r.get(1)? })
    })?)
}

/// The reviews a pack covers, in meeting order.
pub fn reviews_in(conn: &Connection, scope: &PackScope) -> Result<Vec<Review>> {
    match scope {
        PackScope::Review(reference) => Ok(vec![review::get(conn, reference)?]),
        PackScope::Period { from, to } => {
            if from > to {
                return Err(Error::invalid(format!("the period starts ({from}) after it ends ({to}): swap --from and --to")));
            }
            let reviews: Vec<Review> = review::list(conn)?
                .into_iter()
                .filter(|r| (*from..=*to).contains(&meeting_day(r)))
                .collect();
            if reviews.is_empty() {
                return Err(Error::NotFound { what: format!("a review between {from} and {to}"), hint: ": `quorum review list` shows when each review met".into() });
            }
            Ok(reviews)
        }
    }
}

fn input_label(code: &str) -> String {
    catalogue::input(code).map(|i| format!("{} {}", i.clause, i.title)).unwrap_or_else(|| code.to_owned())
}

// ---------------------------------------------------------------------------------------
// The action register with its history

fn target_text(action: &register::Action) -> String {
    match (action.original_target_on, action.target_on) {
        (Some(original), Some(now)) if original != now => format!("{now} (was {original})"),
        (_, Some(now)) => now.to_string(),
        _ => "none".into(),
    }
}

fn state_text(action: &register::Action) -> String {
    let mut text = status_text(action.status).to_owned();
    if action.overdue {
        text.push_str(&format!("; overdue {} days", action.days_overdue));
    }
    if action.status.is_open() {
        if let Some(level) = &action.escalation_level_name {
            text.push_str(&format!("; escalated to {level}"));
        }
    }
    text
}

/// The register table, then one table of every action's history: status changes, revised
/// dates, verifications, escalations and notes, in date order per action.
pub(crate) fn register_blocks(details: &[ActionDetail]) -> Vec<Block> {
    let mut blocks = vec![Block::Heading { level: 1, text: "Action register".into(), anchor: Some("register".into()) }];
    blocks.push(Block::Paragraph(format!(
        "Every action in the register ({}), with its owner, target date (a revised date shows the original), priority and status. Closed means an independent verifier accepted the evidence.",
        details.len()
    )));
    blocks.push(table(
        &[("ID, raised at", 78.0), ("Description", 160.0), ("Owner", 75.0), ("Target", 70.0), ("Priority, status", 100.0)],
        details
            .iter()
            .map(|d| {
                let a = &d.action;
                vec![
                    format!("{}\n{}", a.reference, a.review_reference.as_deref().unwrap_or("")).trim().to_owned(),
                    a.description.clone(),
                    a.owner.as_ref().map(|o| o.name.clone()).unwrap_or_else(|| "none".into()),
                    target_text(a),
                    format!("{}\n{}", a.priority.map(|p| capitalised(p.as_str())).unwrap_or_else(|| "No priority".into()), state_text(a)),
                ]
            })
            .collect(),
    ));
    blocks.push(Block::Heading { level: 2, text: "History of the actions".into(), anchor: Some("register-history".into()) });
    blocks.push(Block::Paragraph(
        "Status changes, revised target dates (with the reason), verifications (accepted or rejected, with the evidence examined), escalations and progress notes, in date order for each action.".into(),
    ));
    let mut rows = Vec::new();
    for d in details {
        let mut events: Vec<(DateTime<Utc>, String, String, String)> = Vec::new();
        for s in &d.status_history {
            let change = match s.from {
                Some(from) => format!("{} → {}", status_text(from), status_text(s.to)),
                None => format!("Raised: {}", status_text(s.to)),
            };
            events.push((s.at, "Status".into(), [change, s.note.clone().unwrap_or_default()].join("\n").trim().to_owned(), s.by.clone()));
        }
        for r in &d.date_revisions {
            events.push((r.at, "Revised date".into(), format!("{} → {}: {}", r.previous_on, r.new_on, r.reason), r.by.clone()));
        }
        for v in &d.verifications {
            let mut detail = format!("{}: {}", capitalised(v.outcome.as_str()), v.evidence);
            if let Some(reason) = &v.reason {
                detail.push_str(&format!("\nReason: {reason}"));
            }
            events.push((v.at, "Verification".into(), detail, v.verifier.name.clone()));
        }
        for e in &d.escalations {
            let to = e.level_name.clone().unwrap_or_else(|| format!("level {}", e.level));
            let person = e.person.as_ref().map(|p| format!(" ({})", p.name)).unwrap_or_default();
            events.push((e.at, "Escalation".into(), format!("To {to}{person}. {}", e.note.clone().unwrap_or_default()).trim().to_owned(), String::new()));
        }
        for n in &d.notes {
            events.push((n.at, "Note".into(), n.text.clone(), n.by.clone()));
        }
        events.sort_by_key(|e| e.0);
        for (at, kind, detail, by) in events {
            rows.push(vec![d.action.reference.clone(), instant(at), kind, detail, by]);
        }
    }
    blocks.push(table(&[("ID", 78.0), ("When", 64.0), ("Event", 70.0), ("Detail", 190.0), ("By", 80.0)], rows));
    blocks
}

/// Every action raised by `as_at`, with its history as it stood then.
pub(crate) fn register_details(conn: &Connection, as_at: DateTime<Utc>) -> Result<Vec<ActionDetail>> {
    register::details_as_at(conn, as_at)
}

/// The instant a pack reads the register at: a period pack at the end of its last day
/// (unless that is still to come), a review's pack now.
pub fn as_at(scope: &PackScope, now: DateTime<Utc>) -> DateTime<Utc> {
    match scope {
        PackScope::Review(_) => now,
        PackScope::Period { to, .. } => ((*to + Duration::days(1)).and_hms_opt(0, 0, 0).expect("midnight").and_utc() - Duration::seconds(1)).min(now),
    }
}

/// The pack's own document number: the organisation's prefix, "AP", and what it covers.
fn pack_number(conn: &Connection, scope: &PackScope) -> Result<String> {
    let prefix = crate::organisation::get(conn)?.document_prefix;
    Ok(match scope {
        PackScope::Review(reference) => format!("{prefix}-AP-{reference}"),
        PackScope::Period { from, to } => format!("{prefix}-AP-{}-{}", from.format("%Y%m%d"), to.format("%Y%m%d")),
    })
}

// ---------------------------------------------------------------------------------------
// Metrics with charts

/// The register as it stood at the end of the day each review was held (capped at `now`);
/// reviews not held yet have no point.
fn trend(conn: &Connection, reviews: &[Review], now: DateTime<Utc>) -> Result<Vec<(String, RegisterMetrics)>> {
    reviews
        .iter()
        .filter(|r| r.held_on.is_some() && r.status != "cancelled")
        .map(|r| {
            let end_of_day = (meeting_day(r) + Duration::days(1)).and_hms_opt(0, 0, 0).expect("midnight").and_utc() - Duration::seconds(1);
            Ok((r.reference.clone(), register::metrics_as_of(conn, end_of_day.min(now))?))
        })
        .collect()
}

/// The reviews a pack's trend spans: those of the pack, preceded (for a single review) by
/// the ones before it, so a trend shows even for one review.
fn trend_reviews(conn: &Connection, reviews: &[Review], scope: &PackScope) -> Result<Vec<Review>> {
    if let PackScope::Review(_) = scope {
        let last = &reviews[0];
        let all = review::list(conn)?;
        let upto: Vec<Review> = all.into_iter().filter(|r| r.starts_at <= last.starts_at && r.status != "cancelled").collect();
        return Ok(upto[upto.len().saturating_sub(6)..].to_vec());
    }
    Ok(reviews.to_vec())
}

fn percent(share: Option<f64>) -> String {
    share.map(|s| format!("{:.0}%", s * 100.0)).unwrap_or_else(|| "n/a (nothing closed yet)".into())
}

pub(crate) fn metrics_blocks(current: &RegisterMetrics, points: &[(String, RegisterMetrics)]) -> Vec<Block> {
    let mut blocks = vec![Block::Heading { level: 1, text: "Register metrics".into(), anchor: Some("metrics".into()) }];
    blocks.push(Block::Paragraph(format!("The action register as of {}.", instant(current.as_of))));
    blocks.push(Block::KeyValue(vec![
        ("Actions raised".into(), current.total.to_string()),
        ("Not closed".into(), format!("{} (high {}, medium {}, low {})", current.open.total, current.open.high, current.open.medium, current.open.low)),
        ("Overdue".into(), format!("{} (high {}, medium {}, low {})", current.overdue.total, current.overdue.high, current.overdue.medium, current.overdue.low)),
        ("Escalated and not closed".into(), current.escalated.total.to_string()),
        ("Closed".into(), current.closed.to_string()),
        ("Closed by the original target date".into(), format!("{} ({})", current.closed_on_time, percent(current.on_time_share))),
        ("Mean days to close".into(), current.mean_days_to_close.map(|d| format!("{d:.0}")).unwrap_or_else(|| "n/a".into())),
        ("Escalation steps recorded".into(), current.escalations.to_string()),
    ]));
    if !points.is_empty() {
        blocks.push(Block::Heading { level: 2, text: "Trend at each review".into(), anchor: Some("metrics-trend".into()) });
        blocks.push(table(
            &[("Review", 72.0), ("Raised", 60.0), ("Not closed", 60.0), ("Overdue", 60.0), ("Escalated", 64.0), ("Closed on time", 82.0), ("Escalation steps", 82.0)],
            points
                .iter()
                .map(|(r, m)| vec![r.clone(), m.total.to_string(), m.open.total.to_string(), m.overdue.total.to_string(), m.escalated.total.to_string(), percent(m.on_time_share), m.escalations.to_string()])
                .collect(),
        ));
        let labels: Vec<String> = points.iter().map(|(r, _)| r.clone()).collect();
        let chart = |title: &str, axis: &str, value: &dyn Fn(&RegisterMetrics) -> f64| {
            Block::BarChart(BarChart { title: title.into(), labels: labels.clone(), values: points.iter().map(|(_, m)| value(m)).collect(), axis_label: axis.into() })
        };
        blocks.push(chart("Actions not closed at each review", "actions", &|m| f64::from(m.open.total)));
        blocks.push(chart("Overdue actions at each review", "actions", &|m| f64::from(m.overdue.total)));
        blocks.push(chart("Share of closed actions closed on time", "% on time", &|m| m.on_time_share.unwrap_or(0.0) * 100.0));
    }
    blocks.push(Block::Heading { level: 2, text: "Open actions by owner".into(), anchor: None });
    blocks.push(table(
        &[("Owner", 3.0), ("Not closed", 1.0), ("Overdue", 1.0), ("Escalated", 1.0)],
        current.by_owner.iter().map(|o| vec![o.owner.as_ref().map(|p| p.name.clone()).unwrap_or_else(|| "no owner".into()), o.open.to_string(), o.overdue.to_string(), o.escalated.to_string()]).collect(),
    ));
    blocks.push(Block::Heading { level: 2, text: "Recurring themes".into(), anchor: None });
    blocks.push(table(
        &[("Theme", 3.0), ("Kind", 1.0), ("Actions", 1.0)],
        current.themes.iter().filter(|t| t.recurring).map(|t| vec![capitalised(&t.name), capitalised(&t.dimension), t.count.to_string()]).collect(),
    ));
    blocks
}

// ---------------------------------------------------------------------------------------
// Evidence index and attachments

/// One evidence file with what it is linked to.
pub(crate) struct Evidence {
    pub review: String,
    pub file_name: String,
    pub media_type: String,
    pub linked_to: String,
    pub size: i64,
    pub sha256: String,
    pub content: Vec<u8>,
}

/// The evidence of these reviews (their own files, their inputs' and those of the actions
/// they raised), each checked against the SHA-256 recorded when it was added.
pub(crate) fn evidence(conn: &Connection, reviews: &[Review], progress: &mut dyn FnMut(f32)) -> Result<Vec<Evidence>> {
    let mut files = Vec::new();
    for r in reviews {
        files.extend(review::evidence::list(conn, r.id)?.into_iter().map(|e| (r.reference.clone(), e)));
    }
    let mut out = Vec::new();
    for (k, (review, info)) in files.iter().enumerate() {
        let (_, content) = review::evidence::content(conn, info.id)?;
        let linked_to = match (&info.input_code, &info.action_reference) {
            (Some(code), _) => format!("Input {}", input_label(code)),
            (None, Some(action)) => format!("Action {action}"),
            (None, None) => format!("Review {review}"),
        };
        out.push(Evidence { review: review.clone(), file_name: info.file_name.clone(), media_type: info.media_type.clone(), linked_to, size: info.size, sha256: info.sha256.clone(), content });
        progress((k + 1) as f32 / files.len() as f32);
    }
    Ok(out)
}

/// Attachment names must be unique in a PDF; a second file of the same name gets its
/// review's reference in front.
fn unique_names(evidence: &[Evidence]) -> Vec<String> {
    let mut seen = HashSet::new();
    evidence
        .iter()
        .map(|e| {
            let mut name = e.file_name.clone();
            let mut n = 1;
            while !seen.insert(name.clone()) {
                n += 1;
                name = format!("{}-{n}-{}", e.review, e.file_name);
            }
            name
        })
        .collect()
}

pub(crate) fn evidence_blocks(evidence: &[Evidence], names: &[String]) -> Vec<Block> {
    let heading = Block::Heading { level: 1, text: "Evidence index".into(), anchor: Some("evidence".into()) };
    if evidence.is_empty() {
        // An empty table under "0 files" reads as a layout fault: say it in words.
        return vec![heading, Block::Paragraph("No evidence files are on record for this pack.".into())];
    }
    let total: i64 = evidence.iter().map(|e| e.size).sum();
    vec![
        heading,
        Block::Paragraph(format!(
            "{} files, {} in all. Each file is embedded in this PDF as an attachment under the name shown (open the reader's attachments pane); its SHA-256 lets anyone check that it is the file recorded in Quorum.",
            evidence.len(),
            size_text(total)
        )),
        table(
            &[("File", 134.0), ("Review", 66.0), ("Linked to", 104.0), ("Size", 50.0), ("SHA-256", 128.0)],
            evidence.iter().zip(names).map(|(e, name)| vec![name.clone(), e.review.clone(), e.linked_to.clone(), size_text(e.size), e.sha256.clone()]).collect(),
        ),
    ]
}

fn attachments(evidence: Vec<Evidence>, names: Vec<String>) -> Vec<Attachment> {
    evidence
        .into_iter()
        .zip(names)
        .map(|(e, name)| Attachment { name, description: format!("{} — {} (SHA-256 {})", e.review, e.linked_to, e.sha256), media_type: e.media_type, bytes: e.content, relationship: quorum_pdf::Relationship::Supplement })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The minutes and the readiness check of each review, inside the pack

/// The minutes of one review as a part of the pack: one level deeper under a heading of
/// their own, anchors and page references prefixed with the review's reference so several
/// reviews' minutes live in one document.
fn minutes_part(record: &ReviewRecord) -> Vec<Block> {
    let prefix = format!("{}/", record.review.reference);
    let with_prefix = |text: &str| text.replace("{{page:", &format!("{{{{page:{prefix}"));
    let mut blocks = vec![Block::Heading { level: 1, text: format!("Minutes of {}: {}", record.review.reference, record.review.title), anchor: Some(format!("{prefix}minutes")) }];
    for block in minutes_blocks(record) {
        blocks.push(match block {
            Block::Title(_) => continue,
            Block::Heading { level, text, anchor } => Block::Heading { level: (level + 1).min(3), text, anchor: anchor.map(|a| format!("{prefix}{a}")) },
            Block::Paragraph(text) => Block::Paragraph(with_prefix(&text)),
            Block::Table(mut t) => {
                t.rows.iter_mut().flatten().for_each(|cell| *cell = with_prefix(cell));
                Block::Table(t)
            }
            other => other,
        });
    }
    blocks
}

fn readiness_part(reference: &str, findings: &[Finding]) -> Vec<Block> {
    let mut blocks = vec![Block::Heading { level: 2, text: format!("Readiness check of {reference}"), anchor: Some(format!("{reference}/readiness")) }];
    if findings.is_empty() {
        blocks.push(Block::Paragraph("No findings: the records of this review meet every rule of the readiness check.".into()));
        return blocks;
    }
    blocks.push(table(
        &[("Severity", 80.0), ("Rule", 100.0), ("Finding", 170.0), ("What to do", 132.0)],
        findings.iter().map(|f| vec![capitalised(f.severity.as_str()), f.source.clone(), f.message.clone(), f.fix.clone()]).collect(),
    ));
    blocks
}

// ---------------------------------------------------------------------------------------
// The pack

/// Builds the pack as a document (for the export, tests and the benchmark).
/// The organisation's registers as they stood at the pack's as-at instant, each from its
/// snapshot (day, file, SHA-256), with the figures over the period.
fn registers_blocks(extracts: &[crate::registers::extract::RegisterExtract], at: DateTime<Utc>) -> Vec<Block> {
    let mut blocks = vec![Block::Heading { level: 1, text: format!("Registers as at {}", at.date_naive()), anchor: Some("registers".into()) }];
    if extracts.is_empty() {
        blocks.push(Block::Paragraph("No register (risks, incidents, internal audit findings, supplier reviews) had been imported by then.".into()));
        return blocks;
    }
    blocks.push(Block::Paragraph("Each register as it stood on the pack's as-at day: the newest snapshot taken by then, imported from the file named with its SHA-256. Incident figures count the incidents detected in the period.".into()));
    for e in extracts {
        blocks.extend(super::minutes::register_extract_blocks(e));
    }
    blocks
}

pub fn pack_document(conn: &Connection, scope: &PackScope, options: &ExportOptions, progress: &mut dyn FnMut(Progress)) -> Result<Document> {
    progress(Progress { stage: Stage::Reading, fraction: 0.0 });
    let reviews = reviews_in(conn, scope)?;
    let head = letterhead(conn)?;
    let at = as_at(scope, options.now);
    let number = pack_number(conn, scope)?;
    let (title, subtitle) = match scope {
        PackScope::Review(_) => (format!("Audit pack: {}", reviews[0].reference), reviews[0].title.clone()),
        PackScope::Period { from, to } => (format!("Audit pack: {from} to {to}"), format!("{} management reviews", reviews.len())),
    };
    // A pack is generated, not revised: its version is the instant its register is read at.
    let footer = format!("{number} · as at {}", instant(at));
    let mut document = Document::new(&title);
    document.author = head.organisation.clone();
    document.subject = "ISO/IEC 27001:2022 clause 9.3 management review: records for the auditor".into();
    document.page_size = options.page_size;
    document.header_left = head.organisation.clone();
    document.header_right = head.classification.clone();
    document.footer_left = footer;
    document.created = Some(options.now);

    let details = register_details(conn, at)?;
    let current = register::metrics_as_of(conn, at)?;
    let points = trend(conn, &trend_reviews(conn, &reviews, scope)?, at)?;
    let evidence = evidence(conn, &reviews, &mut |f| progress(Progress { stage: Stage::Reading, fraction: 0.05 + 0.2 * f }))?;
    let names = unique_names(&evidence);
    // Minutes exist once a review has been held; a planned or cancelled one has none.
    let calendar = check::work_calendar(conn)?;
    let mut held = Vec::new();
    let mut snapshots = Vec::new();
    for r in reviews.iter().filter(|r| r.held_on.is_some() && r.status != "cancelled") {
        let (record, frozen) = crate::review::approval::printed(conn, &r.reference, options.now)?;
        let findings = check::findings(&record, &calendar, options.now.date_naive());
        snapshots.extend(frozen.as_ref().map(super::minutes::snapshot_attachment));
        held.push((record, findings));
    }

    document.push(Block::Title(TitleBlock {
        title,
        subtitle,
        lines: vec![
            head.organisation.clone(),
            format!("Document {number}, as at {}", instant(at)),
            format!("Prepared {}", instant(options.now)),
            head.classification.clone(),
        ],
    }));
    if at < options.now {
        document.push(Block::Paragraph(format!(
            "The action register, its history and its metrics in this pack are as they stood at {}, the end of the period: actions raised later are not in it, and each status is the one it had then.",
            instant(at)
        )));
    }
    document.push(Block::Heading { level: 2, text: "Contents of this pack".into(), anchor: None });
    let mut contents: Vec<(String, String)> = vec![("Reviews covered".into(), "reviews".into()), ("Readiness check".into(), "readiness".into())];
    contents.extend(held.iter().map(|(r, _)| (format!("Minutes of {}", r.review.reference), format!("{}/minutes", r.review.reference))));
    if matches!(scope, PackScope::Period { .. }) {
        contents.push(("Registers".into(), "registers".into()));
    }
    for (title, anchor) in [("Action register", "register"), ("History of the actions", "register-history"), ("Register metrics", "metrics"), ("Evidence index", "evidence")] {
        contents.push((title.into(), anchor.into()));
    }
    document.push(table(&[("Section", 400.0), ("Page", 82.0)], contents.iter().map(|(t, a)| vec![t.clone(), format!("{{{{page:{a}}}}}")]).collect()));
    document.push(Block::Heading { level: 1, text: "Reviews covered".into(), anchor: Some("reviews".into()) });
    document.push(table(
        &[("Reference", 72.0), ("Title", 170.0), ("Meeting", 110.0), ("Status", 66.0), ("Held on", 64.0)],
        reviews
            .iter()
            .map(|r| vec![r.reference.clone(), r.title.clone(), format!("{} {}", r.starts_at.replace('T', " "), r.time_zone), capitalised(&r.status), r.held_on.clone().unwrap_or_else(|| "not held".into())])
            .collect(),
    ));
    document.push(Block::Heading { level: 1, text: "Readiness check".into(), anchor: Some("readiness".into()) });
    document.push(Block::Paragraph("What a certification or SOC 2 auditor would find in each review's records, as Quorum's readiness check sees them today.".into()));
    for (k, (r, findings)) in held.iter().enumerate() {
        progress(Progress { stage: Stage::Reading, fraction: 0.25 + 0.05 * k as f32 / held.len() as f32 });
        document.blocks.extend(readiness_part(&r.review.reference, findings));
    }
    for (r, _) in &held {
        document.blocks.push(Block::PageBreak);
        document.blocks.extend(minutes_part(r));
    }
    if let PackScope::Period { from, to } = scope {
        document.blocks.push(Block::PageBreak);
        document.blocks.extend(registers_blocks(&crate::registers::extract::for_period(conn, at.date_naive(), (*from, *to))?, at));
    }
    document.blocks.push(Block::PageBreak);
    document.blocks.extend(register_blocks(&details));
    document.blocks.push(Block::PageBreak);
    document.blocks.extend(metrics_blocks(&current, &points));
    // A pack without evidence says so in a sentence: that needs no page of its own.
    if !evidence.is_empty() {
        document.blocks.push(Block::PageBreak);
    }
    document.blocks.extend(evidence_blocks(&evidence, &names));
    document.attachments = attachments(evidence, names);
    document.attachments.extend(snapshots);
    Ok(document)
}

/// Exports the pack to `out` (see [`super::finish`] for signing and writing).
pub fn export_pack(store: &Store, scope: &PackScope, options: &ExportOptions, out: &Path, progress: &mut dyn FnMut(Progress)) -> Result<ExportSummary> {
    let document = pack_document(store.conn(), scope, options, progress)?;
    let reason = match scope {
        PackScope::Review(reference) => format!("Audit pack for the management review {reference}"),
        PackScope::Period { from, to } => format!("Audit pack for the management reviews from {from} to {to}"),
    };
    finish(store, document, &reason, options, out, progress)
}
