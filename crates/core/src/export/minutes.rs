//! The minutes of a review, mapped from [`ReviewRecord`] onto quorum-pdf blocks: the cover
//! with document control, then the sections an auditor looks for, each with an anchor the
//! annex points to (clause 9.3 items and SOC 2 criteria → the page that evidences them).

use std::path::Path;

use quorum_pdf::{Attachment, BarChart, Block, Document, SignatureLine, TitleBlock};

use super::{capitalised, grouped_hash, size_text, status_text, table};
use super::{finish, ExportOptions, ExportSummary, Progress, Stage};
use crate::error::Result;
use crate::register::{Action, PersonRef};
use crate::review::decisions::Area;
use crate::review::inputs::{Better, Trend};
use crate::review::approval::{self, Frozen};
use crate::registers::extract::RegisterExtract;
use crate::review::record::{self, Approval, Kpi, ReviewRecord};
use crate::store::Store;

/// The sections of the minutes, in order: (anchor, heading). Tests and the annex use them.
pub const SECTIONS: &[(&str, &str)] = &[
    ("meeting", "1. Meeting details"),
    ("attendance", "2. Attendance and quorum"),
    ("agenda", "3. Agenda"),
    ("inputs", "4. Inputs to the review"),
    ("discussion", "5. Discussion"),
    ("decisions", "6. Decisions by output area"),
    ("actions", "7. Actions"),
    ("objectives", "8. Information security objectives"),
    ("next-review", "9. Next review"),
    ("approval", "10. Approval"),
    ("annex", "Annex A. Where each requirement is evidenced"),
];

/// A KPI gets its chart once this many reviews measured it.
const KPI_CHART_MIN: usize = 4;

fn heading(level: u8, text: impl Into<String>, anchor: Option<&str>) -> Block {
    Block::Heading { level, text: text.into(), anchor: anchor.map(str::to_owned) }
}

fn section(anchor: &str) -> Block {
    let (_, text) = SECTIONS.iter().find(|(a, _)| *a == anchor).expect("a known section");
    heading(1, *text, Some(anchor))
}


/// "Chiara Rossi", or with the reason when they approved over open readiness findings.
fn approved_by(approval: &Approval) -> String {
    match &approval.anyway_reason {
        Some(reason) => format!("{} (approved with {} open readiness finding(s): {reason})", approval.person.name, approval.open_findings),
        None => approval.person.name.clone(),
    }
}

fn name(person: &Option<PersonRef>) -> String {
    person.as_ref().map(|p| p.name.clone()).unwrap_or_else(|| "not recorded".into())
}

fn number(value: f64, unit: &str) -> String {
    let text = if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.1}") };
    match unit {
        "" => text,
        "%" => format!("{text}%"),
        unit => format!("{text} {unit}"),
    }
}

fn trend_text(kpi: &Kpi) -> String {
    let arrow = match kpi.trend {
        Trend::Improving => "improving",
        Trend::Worsening => "worsening",
        Trend::Unchanged => "unchanged",
        Trend::New => "new this review",
    };
    let better = if kpi.better == Better::Higher { "higher is better" } else { "lower is better" };
    format!("{arrow} ({better})")
}

/// Meeting roles as people write them (the stored codes are snake_case).
fn role_text(role: &str) -> String {
    match role {
        "isms_lead" => "ISMS lead".into(),
        "dpo" => "DPO".into(),
        "it_security_operations" => "IT security operations".into(),
        other => capitalised(other),
    }
}

/// One row per input: the decisions that name it and the actions raised from it, or why
/// there is none.
fn traceability(r: &ReviewRecord) -> Vec<Vec<String>> {
    r.inputs
        .iter()
        .map(|input| {
            let decisions: Vec<&crate::review::decisions::Decision> = r.decisions.iter().filter(|d| d.inputs.iter().any(|c| c == &input.code)).collect();
            let mut actions: Vec<String> = r.actions_raised.iter().filter(|a| a.input_id == Some(input.id)).map(|a| a.reference.clone()).collect();
            actions.extend(decisions.iter().flat_map(|d| d.actions.iter().cloned()));
            actions.sort();
            actions.dedup();
            let decided = if decisions.is_empty() {
                match (&input.no_change_reason, input.nothing_to_report) {
                    (_, true) => "nothing to report".to_owned(),
                    (Some(reason), _) => format!("No change: {reason}"),
                    (None, false) => "no decision names this input".to_owned(),
                }
            } else {
                decisions.iter().map(|d| format!("{}: {}", d.area.title(), d.text)).collect::<Vec<_>>().join("\n")
            };
            vec![format!("{} {}", input.clause, input.title), decided, if actions.is_empty() { "none".into() } else { actions.join(", ") }]
        })
        .collect()
}

/// Top management's three verdicts with their rationale, or what is missing.
fn conclusion_blocks(r: &ReviewRecord) -> Vec<Block> {
    let Some(conclusion) = &r.conclusion else {
        let missing = if r.document.status == "approved" {
            "Not recorded: these minutes were approved before Quorum recorded the conclusion on the ISMS."
        } else {
            "Not recorded yet: top management's conclusion on whether the ISMS is still suitable, adequate and effective is required before these minutes are approved."
        };
        return vec![Block::Paragraph(missing.into())];
    };
    vec![
        Block::Paragraph(format!("Top management's conclusion on the ISMS for the period {}.", period_text(r))),
        table(
            &[("The ISMS is", 80.0), ("Verdict", 110.0), ("Rationale", 292.0)],
            conclusion.judgements().iter().map(|(label, j)| vec![(*label).to_owned(), j.verdict.label().to_owned(), j.rationale.clone()]).collect(),
        ),
    ]
}

fn period_text(r: &ReviewRecord) -> String {
    r.period.as_ref().map_or_else(|| "not recorded".to_owned(), |p| p.text())
}

fn input_anchor(code: &str) -> String {
    format!("input-{code}")
}

fn actions_table(actions: &[Action]) -> Block {
    table(
        &[("ID", 78.0), ("Description", 190.0), ("Owner", 82.0), ("Target date", 66.0), ("Priority", 66.0)],
        actions
            .iter()
            .map(|a| {
                vec![
                    a.reference.clone(),
                    a.description.clone(),
                    name(&a.owner),
                    a.target_on.map(|d| d.to_string()).unwrap_or_else(|| "none".into()),
                    a.priority.map(|p| capitalised(p.as_str())).unwrap_or_else(|| "none".into()),
                ]
            })
            .collect(),
    )
}

/// The minutes as blocks (without the page set-up), for the minutes PDF and the pack.
/// Columns left out of a register's printed extract to keep it legible; the figures count
/// them, and the snapshot keeps them.
const EXTRACT_OMITS: &[&str] = &["inherent", "accepted_by", "accepted_on", "lessons"];

/// A register's extract under the input it informs: its source snapshot (day, file and
/// SHA-256), the figures, what the review must answer and the rows that matter.
/// Column weights for a table of unknown text: every column gets its longest word (so an
/// ID or a date never breaks), and the width left goes to the columns with longer text.
fn column_widths(columns: &[(&str, Vec<&str>)]) -> Vec<f32> {
    // DejaVu Sans at 9 pt averages about 5.3 pt a character (bold, as in the header, 6.2);
    // a cell pads 8 pt.
    const CHAR: f32 = 5.3;
    const BOLD_CHAR: f32 = 6.2;
    const PAD: f32 = 9.0;
    const TEXT_WIDTH: f32 = 480.0;
    let longest_word = |text: &str| text.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
    let least: Vec<f32> = columns.iter().map(|(h, cells)| (cells.iter().map(|c| longest_word(c)).max().unwrap_or(0) as f32 * CHAR).max(longest_word(h) as f32 * BOLD_CHAR) + PAD).collect();
    let wanted: Vec<f32> = columns.iter().zip(&least).map(|((_, cells), l)| (cells.iter().map(|c| c.chars().count()).max().unwrap_or(0) as f32 * CHAR + PAD).max(*l)).collect();
    let spare = (TEXT_WIDTH - least.iter().sum::<f32>()).max(0.0);
    let extra: f32 = wanted.iter().zip(&least).map(|(w, l)| w - l).sum();
    least.iter().zip(&wanted).map(|(l, w)| if extra > 0.0 { l + spare * (w - l) / extra } else { *l }).collect()
}

pub(crate) fn register_extract_blocks(extract: &RegisterExtract) -> Vec<Block> {
    let s = &extract.snapshot;
    let mut blocks = vec![
        heading(3, format!("From the {} register", extract.kind.label()), None),
        Block::Paragraph(format!(
            "Snapshot {} of the register as at {}, imported from {} ({} rows; SHA-256 {}).",
            s.id,
            s.taken_on,
            s.source_name,
            s.rows,
            grouped_hash(&s.source_sha256)
        )),
        table(&[("Figure", 300.0), ("Value", 80.0)], extract.figures.iter().map(|f| vec![f.label.clone(), f.value.to_string()]).collect()),
    ];
    if !extract.concerns.is_empty() {
        blocks.push(Block::Bullets(
            extract
                .concerns
                .iter()
                .map(|c| {
                    let answer = c.answered_by.as_ref().map_or_else(|| "not answered in this review".to_owned(), |a| format!("answered by {a}"));
                    format!("{}, {}: {} ({}); {answer}.", c.item, c.kind.as_str().replace('_', " "), c.title, c.detail)
                })
                .collect(),
        ));
    }
    blocks.push(Block::Paragraph(extract.scope_note.clone()));
    let fields = extract.kind.fields();
    let shown: Vec<usize> = (0..extract.table.columns.len()).filter(|i| fields.get(*i).is_none_or(|f| !EXTRACT_OMITS.contains(&f.key))).collect();
    if extract.table.rows.is_empty() {
        blocks.push(Block::Paragraph("None.".into()));
    } else {
        let widths = column_widths(&shown.iter().map(|i| (extract.table.columns[*i].as_str(), extract.table.rows.iter().map(|r| r.get(*i).map_or("", String::as_str)).collect())).collect::<Vec<_>>());
        blocks.push(Block::Table(quorum_pdf::Table {
            columns: shown.iter().zip(widths).map(|(i, w)| quorum_pdf::Column::new(extract.table.columns[*i].clone(), w)).collect(),
            rows: extract.table.rows.iter().map(|row| shown.iter().map(|i| row.get(*i).cloned().unwrap_or_default()).collect()).collect(),
        }));
    }
    blocks
}

pub(crate) fn minutes_blocks(r: &ReviewRecord) -> Vec<Block> {
    let review = &r.review;
    let doc = &r.document;
    let mut b = Vec::new();
    b.push(Block::Title(TitleBlock {
        title: doc.title.clone(),
        subtitle: format!("Minutes of the management review {}", review.reference),
        lines: vec![r.organisation.name.clone(), format!("ISO/IEC 27001:2022 clause 9.3{}", if review.soc2_criteria.is_empty() { "" } else { " and SOC 2" })],
    }));
    b.push(heading(2, "Conclusion of the review (clause 9.3.1)", Some("conclusion")));
    b.extend(conclusion_blocks(r));
    b.push(heading(2, "Document control", Some("document-control")));
    b.push(Block::KeyValue(vec![
        ("Document number".into(), doc.document_number.clone()),
        ("Title".into(), doc.title.clone()),
        ("Classification".into(), doc.classification.clone()),
        ("Status".into(), capitalised(&doc.status)),
        ("Version".into(), doc.version.clone()),
        ("Release date".into(), doc.release_date.clone().unwrap_or_else(|| "not released".into())),
        ("Snapshot SHA-256".into(), frozen_hash(doc).map(grouped_hash).unwrap_or_else(|| "none: a draft is printed from the live record".into())),
        ("Author".into(), name(&doc.author)),
        ("Reviewer / custodian".into(), name(&doc.reviewer)),
        ("Owner".into(), name(&doc.owner)),
        ("Distribution".into(), if doc.distribution.is_empty() { "none recorded".into() } else { doc.distribution.join("; ") }),
    ]));
    b.push(heading(2, "Revision history", Some("revisions")));
    b.push(table(
        &[("Version", 60.0), ("Date", 72.0), ("Particulars", 220.0), ("Approved by", 130.0)],
        doc.revisions
            .iter()
            .map(|v| {
                let approved = v.approvals.iter().map(approved_by).collect::<Vec<_>>().join(", ");
                vec![v.version.clone(), v.released_on.clone().unwrap_or_else(|| v.created_at.get(..10).unwrap_or("").to_owned()), v.particulars.clone(), if approved.is_empty() { "draft".into() } else { approved }]
            })
            .collect(),
    ));
    b.push(Block::PageBreak);

    b.push(section("meeting"));
    let kind = match (&review.trigger, &review.trigger_text) {
        (Some(trigger), Some(text)) => format!("Ad hoc, triggered by {}: {text}", trigger.replace('_', " ")),
        (Some(trigger), None) => format!("Ad hoc, triggered by {}", trigger.replace('_', " ")),
        _ => "Scheduled (planned interval)".into(),
    };
    let (date, time) = review.starts_at.split_once('T').unwrap_or((&review.starts_at, ""));
    b.push(Block::KeyValue(vec![
        ("Reference".into(), review.reference.clone()),
        ("Kind and trigger".into(), kind),
        ("Date".into(), review.held_on.clone().unwrap_or_else(|| date.to_owned())),
        ("Period under review".into(), period_text(r)),
        ("Invitations sent".into(), review.invitations_sent_on.clone().unwrap_or_else(|| "not recorded".into())),
        ("Pack circulated".into(), review.pack_circulated_on.clone().unwrap_or_else(|| "not recorded".into())),
        ("Time and zone".into(), format!("{time}, {} minutes, {}", review.duration_minutes, review.time_zone)),
        ("Location".into(), review.location.clone().unwrap_or_else(|| "not recorded".into())),
        ("Chair".into(), name(&r.chair)),
        ("Minute taker".into(), name(&r.minute_taker)),
    ]));

    b.push(section("attendance"));
    b.push(table(
        &[("Name", 130.0), ("Job title", 120.0), ("Role", 100.0), ("Attendance", 132.0)],
        r.attendees
            .iter()
            .map(|a| {
                let attendance = match (a.attendance.as_str(), &a.delegate_name) {
                    ("delegate", Some(delegate)) => format!("Delegate: {delegate}"),
                    (other, _) => capitalised(other),
                };
                let role = format!("{}{}", role_text(&a.role), if a.top_management && a.role != "top_management" { " (top management)" } else { "" });
                vec![a.person.name.clone(), a.job_title.clone().unwrap_or_default(), role, attendance]
            })
            .collect(),
    ));
    let top_present = r.attendees.iter().any(|a| a.top_management && a.attendance == "present");
    b.push(Block::KeyValue(vec![
        ("Top management present".into(), if top_present { "Yes".into() } else { "No".into() }),
        ("Quorum".into(), if r.quorum.met { "Met".into() } else { format!("Not met: {}", r.quorum.shortfalls.join("; ")) }),
    ]));
    // The sheet each person present signs at the meeting (a delegate signs for the member).
    let present: Vec<SignatureLine> = r
        .attendees
        .iter()
        .filter(|a| a.attendance == "present" || a.attendance == "delegate")
        .map(|a| SignatureLine {
            name: match (&a.delegate_name, a.attendance.as_str()) {
                (Some(delegate), "delegate") => format!("{delegate} for {}", a.person.name),
                _ => a.person.name.clone(),
            },
            role: role_text(&a.role),
            date: review.held_on.clone().unwrap_or_default(),
        })
        .collect();
    if !present.is_empty() {
        b.push(heading(2, "Attendance sheet", Some("attendance-sheet")));
        b.push(Block::Signatures(present));
    }

    b.push(section("agenda"));
    b.push(table(
        &[("No.", 34.0), ("Item", 230.0), ("Inputs covered", 110.0), ("Presenter", 108.0)],
        r.agenda
            .iter()
            .map(|i| {
                let inputs = i.inputs.iter().map(|c| crate::review::catalogue::input(c).map(|k| k.clause.to_owned()).unwrap_or_else(|| c.clone())).collect::<Vec<_>>().join("\n");
                vec![i.position.to_string(), format!("{} ({} min)", i.title, i.minutes_allocated), inputs, name(&i.presenter)]
            })
            .collect(),
    ));

    b.push(section("inputs"));
    b.push(Block::Paragraph("Each input of clause 9.3.2 (and the SOC 2 inputs of the procedure) in clause order, with what was presented, the KPIs against their targets and the previous review, and the evidence on file.".into()));
    for input in &r.inputs {
        b.push(heading(2, format!("{} {}", input.clause, input.title), Some(&input_anchor(&input.code))));
        let mut facts = vec![("Presented by".to_owned(), name(&input.presenter))];
        if !input.soc2_criteria.is_empty() {
            facts.push(("SOC 2 criteria".into(), input.soc2_criteria.join(", ")));
        }
        if let Some(need) = &input.resource_need {
            facts.push(("Resource need".into(), need.clone()));
        }
        b.push(Block::KeyValue(facts));
        if input.nothing_to_report {
            b.push(Block::Paragraph(format!("Nothing to report: {}", input.nothing_reason.as_deref().unwrap_or("no reason recorded"))));
        } else if input.summary.trim().is_empty() {
            b.push(Block::Paragraph("Not addressed: no summary was recorded for this input.".into()));
        } else {
            b.push(Block::Paragraph(input.summary.clone()));
        }
        if input.code == "a" && !r.carried_actions.is_empty() {
            b.push(Block::Paragraph(format!("Status of the {} actions carried from earlier reviews: see section 7 (page {{{{page:actions-carried}}}}).", r.carried_actions.len())));
        }
        if !input.kpis.is_empty() {
            b.push(table(
                &[("KPI", 150.0), ("Value", 62.0), ("Target", 62.0), ("Previous", 62.0), ("Trend", 146.0)],
                input
                    .kpis
                    .iter()
                    .map(|k| {
                        let target = k.target.map(|t| number(t, &k.unit)).unwrap_or_else(|| "none".into());
                        let met = match k.meets_target {
                            Some(true) => " (met)",
                            Some(false) => " (missed)",
                            None => "",
                        };
                        vec![k.measured_on.map_or_else(|| k.name.clone(), |on| format!("{} (measured {on})", k.name)), format!("{}{met}", number(k.value, &k.unit)), target, k.previous.map(|p| number(p, &k.unit)).unwrap_or_else(|| "none".into()), trend_text(k)]
                    })
                    .collect(),
            ));
            // Where four or more reviews measured a KPI, its course over them as a chart.
            for kpi in input.kpis.iter().filter(|k| k.history.len() >= KPI_CHART_MIN) {
                b.push(Block::BarChart(BarChart {
                    title: format!("{} at the last {} reviews{}", kpi.name, kpi.history.len(), kpi.target.map(|t| format!(" (target {})", number(t, &kpi.unit))).unwrap_or_default()),
                    labels: kpi.history.iter().map(|p| p.review.clone()).collect(),
                    values: kpi.history.iter().map(|p| p.value).collect(),
                    axis_label: if kpi.unit.is_empty() { kpi.name.to_lowercase() } else { kpi.unit.clone() },
                }));
            }
        }
        if !input.evidence.is_empty() {
            b.push(table(
                &[("Evidence file", 220.0), ("Size", 70.0), ("SHA-256 (first 16)", 192.0)],
                input.evidence.iter().map(|e| vec![e.file_name.clone(), size_text(e.size), e.sha256.get(..16).unwrap_or(&e.sha256).to_owned()]).collect(),
            ));
        }
        for extract in r.registers.iter().filter(|e| e.input_code == input.code) {
            b.extend(register_extract_blocks(extract));
        }
    }

    b.push(section("discussion"));
    for item in &r.agenda {
        b.push(heading(2, format!("Item {}: {}", item.position, item.title), Some(&format!("item-{}", item.position))));
        b.push(Block::Paragraph(if item.discussion.trim().is_empty() { "No discussion recorded.".into() } else { item.discussion.clone() }));
    }

    b.push(section("decisions"));
    for area in Area::ALL {
        b.push(heading(2, area.title(), Some(&format!("area-{}", area.as_str()))));
        let decisions: Vec<_> = r.decisions.iter().filter(|d| d.area == *area).collect();
        if let Some(none) = r.areas_none.iter().find(|n| n.area == *area) {
            b.push(Block::Paragraph(format!("No decision in this area: {}", none.reason)));
        } else if decisions.is_empty() {
            b.push(Block::Paragraph("No decision recorded.".into()));
        }
        let items: Vec<String> = decisions
            .iter()
            .map(|d| {
                let mut text = d.text.clone();
                if let Some(rationale) = &d.rationale {
                    text.push_str(&format!("\nRationale: {rationale}"));
                }
                if let Some(justification) = &d.justification {
                    text.push_str(&format!("\nJustification: {justification}; review the exception by {}", d.exception_review_on.as_deref().unwrap_or("(no date)")));
                }
                if !d.inputs.is_empty() {
                    text.push_str(&format!("\nAnswers inputs: {}", d.inputs.join(", ")));
                }
                if !d.actions.is_empty() {
                    text.push_str(&format!("\nActions: {}", d.actions.join(", ")));
                }
                text
            })
            .collect();
        if !items.is_empty() {
            b.push(Block::Bullets(items));
        }
    }

    b.push(heading(2, "From each input to what it led to", Some("traceability")));
    b.push(Block::Paragraph("Each input of the review with the decisions that answer it and the actions raised from it (directly or through a decision).".into()));
    b.push(table(&[("Input", 170.0), ("Decisions", 182.0), ("Actions", 130.0)], traceability(r)));

    b.push(section("actions"));
    b.push(heading(2, "Actions raised by this review", Some("actions-raised")));
    if r.actions_raised.is_empty() {
        b.push(Block::Paragraph("No action was raised.".into()));
    } else {
        b.push(actions_table(&r.actions_raised));
    }
    let previous = r.previous_review.as_ref().map(|p| format!("{} (held {})", p.reference, p.held_on.as_deref().unwrap_or_else(|| p.starts_at.get(..10).unwrap_or(""))));
    b.push(heading(2, match &previous {
        Some(previous) => format!("Actions from earlier reviews: status since the previous review, {previous}"),
        None => "Actions from earlier reviews".to_owned(),
    }, Some("actions-carried")));
    if r.carried_actions.is_empty() {
        b.push(Block::Paragraph(match &previous {
            Some(_) => "No action was raised at the previous review, and none from an earlier review was still open at it.".into(),
            None => "This is the first review: there is no earlier review to carry actions from.".into(),
        }));
    } else {
        b.push(Block::Paragraph(format!(
            "Every action raised at the previous review, and every action from an earlier review not closed before it, with its status as at this meeting{}.",
            r.review.held_on.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()
        )));
        b.push(table(
            &[("ID", 78.0), ("Raised at", 66.0), ("Description", 124.0), ("Owner", 74.0), ("At the previous review", 62.0), ("At this meeting", 78.0)],
            r.carried_actions
                .iter()
                .map(|c| {
                    let a = &c.action;
                    let mut then = status_text(a.status).to_owned();
                    if a.overdue {
                        then.push_str(&format!(", overdue {} days", a.days_overdue));
                    }
                    then.push_str(if c.updated_since_previous_review { "; updated" } else { "; no update since" });
                    vec![a.reference.clone(), a.review_reference.clone().unwrap_or_default(), a.description.clone(), name(&a.owner), capitalised(&c.status_at_previous_review), then]
                })
                .collect(),
        ));
    }

    b.push(section("objectives"));
    if r.objectives.is_empty() {
        b.push(Block::Paragraph("No objective was reviewed.".into()));
    } else {
        b.push(table(
            &[("Objective", 140.0), ("Owner", 72.0), ("Target", 62.0), ("Measured", 70.0), ("Result", 58.0), ("Note and next target", 100.0)],
            r.objectives
                .iter()
                .map(|o| {
                    let note = [o.note.clone(), o.next_target.as_ref().map(|t| format!("Next target: {t}"))].into_iter().flatten().collect::<Vec<_>>().join("\n");
                    vec![
                        format!("{}\n{}", o.objective.title, o.objective.measure),
                        name(&o.objective.owner),
                        o.objective.target.clone(),
                        o.measured.clone().unwrap_or_else(|| "not recorded".into()),
                        capitalised(o.met.as_str()),
                        note,
                    ]
                })
                .collect(),
        ));
    }

    b.push(section("next-review"));
    b.push(Block::Paragraph(match &review.next_review_on {
        Some(day) => format!("The next review is planned for {day} (the organisation reviews every {} months).", r.organisation.review_cadence_months),
        None => format!("No date is set yet; the organisation reviews every {} months.", r.organisation.review_cadence_months),
    }));

    b.push(section("approval"));
    let approved: Vec<Vec<String>> = doc
        .revisions
        .iter()
        .flat_map(|v| v.approvals.iter().map(move |a| vec![a.person.name.clone(), role_text(&a.role), a.approved_at.replace('T', " ").trim_end_matches('Z').to_owned(), v.version.clone()]))
        .collect();
    if approved.is_empty() {
        b.push(Block::Paragraph(format!("Version {} is a draft: not approved yet.", doc.version)));
    } else {
        b.push(table(&[("Approved by", 150.0), ("Role", 100.0), ("When (UTC)", 130.0), ("Version", 102.0)], approved));
    }
    if let Some(hash) = frozen_hash(doc) {
        b.push(Block::Paragraph(format!(
            "Version {} is printed from the record frozen at its approval, which travels inside a signed copy of these minutes as an attached JSON file. Its SHA-256 is:\n{}",
            doc.version,
            grouped_hash(hash)
        )));
    }
    b.push(Block::Paragraph("Signed on paper by:".into()));
    let mut signers: Vec<(String, String)> = r.chair.iter().map(|c| (c.name.clone(), "Chair".to_owned())).collect();
    for p in &doc.approvers {
        if !signers.iter().any(|(n, _)| *n == p.name) {
            signers.push((p.name.clone(), "Approver".into()));
        }
    }
    if let Some(taker) = &r.minute_taker {
        signers.push((taker.name.clone(), "Minute taker".into()));
    }
    b.push(Block::Signatures(signers.into_iter().map(|(name, role)| SignatureLine { name, role, date: String::new() }).collect()));

    b.push(Block::PageBreak);
    b.push(section("annex"));
    b.push(Block::Paragraph("Each requirement of clause 9.3 and each SOC 2 criterion this review evidences, with the section and page of these minutes that evidence it.".into()));
    let mut rows = vec![
        vec!["9.3.1 Top management reviews the ISMS at planned intervals".to_owned(), "1. Meeting details (with the period); 2. Attendance and quorum".into(), "{{page:meeting}}".into()],
        vec!["9.3.1 ... to ensure its continuing suitability, adequacy and effectiveness".to_owned(), "Conclusion of the review (first page)".into(), "{{page:conclusion}}".into()],
    ];
    for input in &r.inputs {
        rows.push(vec![format!("{} {}", input.clause, input.title), format!("4. Inputs: {}", input.clause), format!("{{{{page:{}}}}}", input_anchor(&input.code))]);
    }
    rows.push(vec!["9.3.3 Decisions on continual improvement and changes to the ISMS".into(), "6. Decisions by output area".into(), "{{page:decisions}}".into()]);
    rows.push(vec!["9.3.3 Documented information as evidence of the results".into(), "7. Actions; 10. Approval".into(), "{{page:actions}}".into()]);
    for criterion in &review.soc2_criteria {
        let inputs: Vec<&record::InputRecord> = r.inputs.iter().filter(|i| i.soc2_criteria.iter().any(|c| c == criterion)).collect();
        let sections = inputs.iter().map(|i| i.clause.clone()).collect::<Vec<_>>().join(", ");
        let page = inputs.first().map(|i| format!("{{{{page:{}}}}}", input_anchor(&i.code))).unwrap_or_else(|| "{{page:inputs}}".into());
        rows.push(vec![format!("SOC 2 {criterion}"), format!("4. Inputs: {sections}"), page]);
    }
    b.push(table(&[("Requirement", 230.0), ("Section", 200.0), ("Page", 52.0)], rows));
    b
}

/// Page set-up shared by the minutes and the pack: organisation and classification in the
/// header, document number and version in the footer.
pub(crate) fn minutes_document(r: &ReviewRecord, options: &ExportOptions) -> Document {
    let mut document = Document::new(&r.document.title);
    document.author = name(&r.document.author);
    document.subject = format!("Minutes of the management review {}", r.review.reference);
    document.page_size = options.page_size;
    document.header_left = r.organisation.name.clone();
    document.header_right = r.document.classification.clone();
    document.footer_left = format!("{} · Version {}", r.document.document_number, r.document.version);
    document.created = Some(options.now);
    document.blocks = minutes_blocks(r);
    document
}

/// The SHA-256 of the approved revision these minutes print, if they print one.
fn frozen_hash(doc: &record::DocumentControl) -> Option<&str> {
    if doc.status != "approved" {
        return None;
    }
    doc.revisions.iter().rev().find(|v| v.version == doc.version).and_then(|v| v.snapshot_sha256.as_deref())
}

/// The snapshot inside the PDF, so an auditor can recompute its SHA-256.
pub(crate) fn snapshot_attachment(frozen: &Frozen) -> Attachment {
    Attachment {
        name: frozen.file_name(),
        media_type: "application/json".into(),
        description: format!("The record of {} version {} frozen at its approval (SHA-256 {})", frozen.reference, frozen.version, frozen.sha256),
        bytes: frozen.json.clone().into_bytes(),
        relationship: quorum_pdf::Relationship::Data,
    }
}

/// The actions of the minutes (raised and carried) as they stand at `now`, in an annex of
/// its own that says it is not part of the approved text.
fn current_status_annex(conn: &rusqlite::Connection, r: &ReviewRecord, now: chrono::DateTime<chrono::Utc>) -> Result<Vec<Block>> {
    // The minutes' actions, and any the review raised since they were approved.
    let mut ids: Vec<i64> = r.actions_raised.iter().chain(r.carried_actions.iter().map(|c| &c.action)).map(|a| a.id).collect();
    let mut raised = conn.prepare("SELECT id FROM actions WHERE review_id = ?1")?;
    for id in raised.query_map([r.review.id], |row| row.get(0))? {
        let id = id?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let history = crate::register::read_history(conn, Some(&ids))?;
    let mut rows = Vec::new();
    for action in &history.actions {
        let Some(a) = history.action_as_of(action, now, crate::register::DEFAULT_STALLED_DAYS) else { continue };
        let mut status = status_text(a.status).to_owned();
        if let Some(closed) = a.closed_at {
            status.push_str(&format!(" on {}", closed.date_naive()));
        } else if a.overdue {
            status.push_str(&format!(", overdue {} days", a.days_overdue));
        }
        rows.push(vec![a.reference.clone(), a.description.clone(), name(&a.owner), a.target_on.map(|d| d.to_string()).unwrap_or_else(|| "none".into()), status]);
    }
    Ok(vec![
        Block::PageBreak,
        heading(1, format!("Annex B. Status of these actions as at {}", now.date_naive()), Some("current-status")),
        Block::Paragraph(format!(
            "Read from the action register on {}; not part of the minutes {} approved. It shows where the actions stand today.",
            super::instant(now),
            if r.document.status == "approved" { "as" } else { "when they are" }
        )),
        table(&[("ID", 78.0), ("Description", 164.0), ("Owner", 80.0), ("Target date", 66.0), ("Status", 94.0)], rows),
    ])
}

/// The minutes of `reference` as a document (for the export, tests and the benchmark):
/// an approved version from its snapshot (attached), a draft from the live record.
pub fn document(store: &Store, reference: &str, options: &ExportOptions, progress: &mut dyn FnMut(Progress)) -> Result<Document> {
    Ok(printed_document(store, reference, options, progress)?.0)
}

/// The document and the record it was printed from (the snapshot's, for an approved version).
fn printed_document(store: &Store, reference: &str, options: &ExportOptions, progress: &mut dyn FnMut(Progress)) -> Result<(Document, ReviewRecord)> {
    progress(Progress { stage: Stage::Reading, fraction: 0.0 });
    let (record, frozen) = approval::printed(store.conn(), reference, options.now)?;
    let mut document = minutes_document(&record, options);
    if let Some(frozen) = &frozen {
        document.attach(snapshot_attachment(frozen));
    }
    if options.current_status {
        document.blocks.extend(current_status_annex(store.conn(), &record, options.now)?);
    }
    Ok((document, record))
}

/// Exports the minutes of `reference` to `out`: an approved version printed from its snapshot.
pub fn export_minutes(store: &Store, reference: &str, options: &ExportOptions, out: &Path, progress: &mut dyn FnMut(Progress)) -> Result<ExportSummary> {
    let (document, record) = printed_document(store, reference, options, progress)?;
    finish(store, document, &signature_reason(&record), options, out, progress)
}

/// What a signature on the minutes says it is for.
pub(crate) fn signature_reason(r: &ReviewRecord) -> String {
    format!("Minutes of the management review {} ({}, version {})", r.review.reference, r.document.document_number, r.document.version)
}
