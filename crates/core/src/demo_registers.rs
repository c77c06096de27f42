//! The demo organisation's registers: a snapshot of each, taken a week before every review
//! of the last year and a half, whose figures are the ones that review's inputs quote (42
//! risks with the same ones above appetite, the incidents of each period and how many were
//! high, the audit finding each review names under d3, and the suppliers).

use chrono::{Datelike, Duration, NaiveDate};
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::registers::{insert_snapshot, to_csv, RegisterKind, Row};
use crate::store::Write;

/// Reviews this recent carry register snapshots; older ones predate the registers' import.
pub const SINCE_DAYS: i64 = 550;

/// What the demo's registers hold so far, growing review by review.
#[derive(Default)]
pub struct Registers {
    incidents: Vec<Row>,
    findings: Vec<Row>,
    next_incident: u32,
}

fn row(pairs: &[(&str, String)]) -> Row {
    pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
}

/// The register ID of the internal audit finding review `reference` names under d3.
pub fn finding_id(reference: &str) -> String {
    format!("NC-{}", reference.trim_start_matches("MR-"))
}

/// The incident behind the ad hoc review of a major incident.
pub const MAJOR_INCIDENT: &str = "INC-0412";

/// Review `n`'s d3 and incident texts as the registers tell them: the audit finding by its
/// register ID, and the major incident an ad hoc review was called for.
pub fn amend(code: &str, reference: &str, n: usize, major_incident: bool, text: String) -> String {
    match code {
        "d3" if n % 4 < 3 && !text.is_empty() => format!("{text} The nonconformity is {} in the internal audit findings register, with its corrective action.", finding_id(reference)),
        "soc2_incidents" if major_incident => format!("{text} Besides these, the compromise of a supplier's remote-support account ({MAJOR_INCIDENT}), classified critical, is the reason for this ad hoc review."),
        _ => text,
    }
}

/// After review `n` (held on `day`, its period from `from`), the registers as they stood a
/// week before it, imported that day.
#[allow(clippy::too_many_arguments)]
pub fn snapshot_before(w: &mut Write<'_>, r: &mut Registers, names: &[String], reference: &str, day: NaiveDate, from: NaiveDate, n: usize, major_incident: bool, above_appetite: &[&str]) -> Result<()> {
    let taken_on = day - Duration::days(7);
    let v = n % 4;
    // The incidents of the period: 5 + v of them, v % 2 high, detected before the extract.
    let last = taken_on - Duration::days(1);
    let count = 5 + v;
    let span = (last - from).num_days().max(1);
    for k in 0..count {
        r.next_incident += 1;
        if format!("INC-{:04}", 300 + r.next_incident) == MAJOR_INCIDENT {
            r.next_incident += 1;
        }
        let detected = from + Duration::days(span * k as i64 / count as i64);
        let severity = if k < v % 2 { "high" } else if k % 2 == 0 { "low" } else { "medium" };
        r.incidents.push(row(&[
            ("id", format!("INC-{:04}", 300 + r.next_incident)),
            ("title", INCIDENT_TITLES[(r.next_incident as usize) % INCIDENT_TITLES.len()].to_owned()),
            ("severity", severity.to_owned()),
            ("detected", detected.to_string()),
            ("closed", (detected + Duration::days(2)).min(last).to_string()),
            ("personal_data", "no".to_owned()),
            ("lessons", if severity == "high" { "Runbook updated; detection rule tuned.".to_owned() } else { String::new() }),
        ]));
    }
    if major_incident {
        r.incidents.push(row(&[
            ("id", MAJOR_INCIDENT.to_owned()),
            ("title", "Compromise of a supplier's remote-support account used to reach two production servers".to_owned()),
            ("severity", "critical".to_owned()),
            ("detected", (day - Duration::days(12)).to_string()),
            ("closed", (day - Duration::days(9)).to_string()),
            ("personal_data", "no".to_owned()),
            ("lessons", "Supplier remote access now through the PAM gateway with MFA and session recording.".to_owned()),
        ]));
    }
    // Audit findings: earlier ones are closed by now; this review's own is open.
    for f in &mut r.findings {
        f.insert("status".into(), "closed".into());
    }
    if v < 3 {
        r.findings.push(row(&[
            ("id", finding_id(reference)),
            ("audit", format!("{} audit {}", if v == 1 { "Surveillance" } else { "Internal" }, day.year())),
            ("finding", ["Supplier reviews not evidenced for two suppliers", "Access reviews for the finance system late by one quarter", "Backups not restore-tested for the CRM"][v].to_owned()),
            ("grade", "minor".to_owned()),
            ("clause", ["A.5.22", "A.5.18", "A.8.13"][v].to_owned()),
            ("status", "in_progress".to_owned()),
            ("due", (day + Duration::days(60)).to_string()),
        ]));
    }
    if v == 0 {
        for (k, text) in ["Supplier exit plans not tested", "Clear-desk checks not recorded"].iter().enumerate() {
            r.findings.push(row(&[
                ("id", format!("OBS-{}-{}", reference.trim_start_matches("MR-"), k + 1)),
                ("audit", format!("Internal audit {}", day.year())),
                ("finding", (*text).to_owned()),
                ("grade", "observation".to_owned()),
                ("clause", ["A.5.30", "A.7.7"][k].to_owned()),
                ("status", "open".to_owned()),
                ("due", String::new()),
            ]));
        }
    }
    let risks = risks(names, day, n, above_appetite);
    let suppliers = suppliers(day, r.incidents.iter().any(|i| i.get("id").is_some_and(|id| id == MAJOR_INCIDENT)));
    for (kind, rows, file) in [
        (RegisterKind::Risks, &risks, "risk-register"),
        (RegisterKind::Incidents, &r.incidents, "incident-log"),
        (RegisterKind::AuditFindings, &r.findings, "audit-findings"),
        (RegisterKind::Suppliers, &suppliers, "supplier-reviews"),
    ] {
        let csv = to_csv(kind, rows);
        let sha = hex::encode(Sha256::digest(csv.as_bytes()));
        insert_snapshot(w, kind, taken_on, &format!("{taken_on}T17:00:00+00:00"), &format!("{file}-{taken_on}.csv"), &sha, rows)?;
    }
    Ok(())
}

const INCIDENT_TITLES: &[&str] = &[
    "Phishing email reported, credentials not entered",
    "Lost laptop, disk encrypted",
    "Malware blocked on a developer workstation",
    "Misdirected email with a customer's invoice",
    "Brute-force attempts on the VPN",
    "Public S3 bucket found by posture scan, no data exposed",
    "Former employee's account still active for two days",
];

/// The 42 risks as they stood before review `n`: the ones above appetite accepted by their
/// owners until their treatments complete, 18 + v in the treatment plan (11 + v done), the
/// rest accepted at a low residual level.
fn risks(names: &[String], day: NaiveDate, n: usize, above_appetite: &[&str]) -> Vec<Row> {
    let v = n % 4;
    let named = ["ransomware on file servers", "supplier access to production", "legacy payroll server"];
    let owners = [3usize, 17, 5, 11, 13, 6, 1];
    (1..=42usize)
        .map(|k| {
            let owner = names[owners[k % owners.len()]].clone();
            let title = named.get(k - 1).map_or_else(|| format!("{} risk {k:02}", ["Operational", "Supplier", "People", "Technology", "Legal"][k % 5]), |t| capital(t));
            let above = named.get(k - 1).is_some_and(|t| above_appetite.contains(t));
            let planned = (4..4 + 18 + v).contains(&k);
            let (residual, treatment, status, due) = if above {
                ("high", "accept", "in_progress", (day + Duration::days(120)).to_string())
            } else if k <= 3 {
                ("medium", "mitigate", "done", String::new())
            } else if planned {
                let done = k < 4 + 11 + v;
                ("medium", ["mitigate", "transfer", "avoid"][k % 3], if done { "done" } else { "in_progress" }, if done { String::new() } else { (day + Duration::days(30 + 7 * k as i64)).to_string() })
            } else {
                ("low", "accept", "done", String::new())
            };
            let accepted = treatment == "accept";
            row(&[
                ("id", format!("R-{k:02}")),
                ("title", title),
                ("owner", owner.clone()),
                ("inherent", if above { "critical" } else if k % 2 == 0 { "high" } else { "medium" }.to_owned()),
                ("residual", residual.to_owned()),
                ("treatment", treatment.to_owned()),
                ("plan_status", status.to_owned()),
                ("plan_due", due),
                ("accepted_by", if accepted { owner } else { String::new() }),
                ("accepted_on", if accepted { (day - Duration::days(40)).to_string() } else { String::new() }),
                ("acceptance_expires", if accepted { (day + Duration::days(180)).to_string() } else { String::new() }),
            ])
        })
        .collect()
}

fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The suppliers, each reviewed within the year; the remote-support vendor's last review
/// found concerns once its account was compromised.
fn suppliers(day: NaiveDate, after_major_incident: bool) -> Vec<Row> {
    [
        ("Cloudline Hosting", "critical", 40),
        ("PayBridge Payments", "high", 75),
        ("SupportLink Remote Access", "high", 20),
        ("Northern Payroll Services", "medium", 150),
        ("Printwise Office Supplies", "low", 300),
        ("Securemail Filtering", "high", 110),
        ("Atlas Backup Storage", "critical", 60),
        ("Brightdesk Service Desk", "medium", 200),
    ]
    .iter()
    .map(|(name, criticality, ago)| {
        let concerns = after_major_incident && name.starts_with("SupportLink");
        row(&[
            ("id", (*name).to_owned()),
            ("criticality", (*criticality).to_owned()),
            ("last_review", (day - Duration::days(*ago)).to_string()),
            ("result", if concerns { "concerns" } else { "satisfactory" }.to_owned()),
            ("issues", if concerns { "Shared support account without MFA (INC-0412); moved behind the PAM gateway, re-review in 3 months".to_owned() } else { String::new() }),
        ])
    })
    .collect()
}
