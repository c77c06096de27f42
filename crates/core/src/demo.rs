//! A realistic demo organisation: people, three years of quarterly clause 9.3 reviews with
//! their inputs, KPIs, minutes and decisions, two ad hoc reviews, and an action register with
//! every state an ISMS lead meets. Everything is derived from `actor.now`, so the same
//! instant always gives the same store.

#[path = "demo_registers.rs"]
mod registers;

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use rusqlite::types::Value;
use serde_json::{json, Value as Json};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::store::{Actor, Store, Write};

#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoSummary {
    pub people: usize,
    pub reviews: usize,
    pub actions: usize,
    pub decisions: usize,
    pub evidence: usize,
    pub holidays: usize,
}

impl std::fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} people, {} reviews, {} actions", self.people, self.reviews, self.actions)
    }
}

const ZONE: &str = "Europe/London";

fn t(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}
fn i(n: i64) -> Value {
    Value::Integer(n)
}
fn id(n: Option<i64>) -> Value {
    n.map(Value::Integer).unwrap_or(Value::Null)
}
fn ts(day: NaiveDate, hour: u32) -> String {
    format!("{day}T{hour:02}:00:00Z")
}
fn days(day: NaiveDate, n: i64) -> NaiveDate {
    day + Duration::days(n)
}

/// Inserts one row and records it in the audit trail (BLOBs by size and hash).
fn ins(w: &mut Write<'_>, table: &str, cols: &[(&str, Value)]) -> Result<i64> {
    let names = cols.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ");
    let marks = (1..=cols.len()).map(|n| format!("?{n}")).collect::<Vec<_>>().join(", ");
    w.execute(&format!("INSERT INTO {table} ({names}) VALUES ({marks})"), rusqlite::params_from_iter(cols.iter().map(|(_, v)| v)))?;
    let rowid = w.last_insert_rowid();
    let mut after = serde_json::Map::new();
    for (c, v) in cols {
        let value = match v {
            Value::Null => Json::Null,
            Value::Integer(n) => json!(n),
            Value::Real(x) => json!(x),
            Value::Text(s) => json!(s),
            Value::Blob(b) => json!({"size": b.len(), "sha256": hex::encode(Sha256::digest(b))}),
        };
        after.insert((*c).to_owned(), value);
    }
    w.audit(table, &rowid.to_string(), "create", None, Some(&Json::Object(after)))?;
    Ok(rowid)
}

/// Western Easter Sunday (anonymous Gregorian algorithm).
fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("a valid Easter")
}

fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n).expect("a valid weekday")
}

fn last_monday(year: i32, month: u32) -> NaiveDate {
    let mut day = NaiveDate::from_ymd_opt(year, month + 1, 1).expect("a valid month") - Duration::days(1);
    while day.weekday() != Weekday::Mon {
        day -= Duration::days(1);
    }
    day
}

/// Bank holidays in England and Wales, with the substitute days.
pub fn england_and_wales_holidays(year: i32) -> Vec<(NaiveDate, String)> {
    let mut out = Vec::new();
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d).expect("a valid day");
    let new_year = ymd(1, 1);
    match new_year.weekday() {
        Weekday::Sat => out.push((ymd(1, 3), "New Year's Day (substitute day)".to_owned())),
        Weekday::Sun => out.push((ymd(1, 2), "New Year's Day (substitute day)".to_owned())),
        _ => out.push((new_year, "New Year's Day".to_owned())),
    }
    let easter = easter(year);
    out.push((easter - Duration::days(2), "Good Friday".to_owned()));
    out.push((easter + Duration::days(1), "Easter Monday".to_owned()));
    out.push((nth_weekday(year, 5, Weekday::Mon, 1), "Early May bank holiday".to_owned()));
    if year == 2023 {
        out.push((ymd(5, 8), "Bank holiday for the coronation of King Charles III".to_owned()));
    }
    out.push((last_monday(year, 5), "Spring bank holiday".to_owned()));
    out.push((last_monday(year, 8), "Summer bank holiday".to_owned()));
    let (christmas, boxing) = match ymd(12, 25).weekday() {
        Weekday::Fri => (ymd(12, 25), ymd(12, 28)),
        Weekday::Sat => (ymd(12, 27), ymd(12, 28)),
        Weekday::Sun => (ymd(12, 27), ymd(12, 26)),
        _ => (ymd(12, 25), ymd(12, 26)),
    };
    out.push((christmas, if christmas.day() == 25 { "Christmas Day".into() } else { "Christmas Day (substitute day)".into() }));
    out.push((boxing, if boxing.day() == 26 { "Boxing Day".into() } else { "Boxing Day (substitute day)".into() }));
    out.sort();
    out
}

/// (name, job title, department, line manager index, top management, active)
const PEOPLE: [(&str, &str, &str, Option<usize>, bool, bool); 25] = [
    ("Margaret Ellis", "Chief Executive Officer", "Executive", None, true, true), // 0
    ("David Okafor", "Chief Financial Officer", "Finance", Some(0), true, true),  // 1
    ("Priya Raman", "Chief Operating Officer", "Operations", Some(0), true, true), // 2
    ("Tom Hargreaves", "Chief Information Security Officer", "Information Security", Some(0), false, true), // 3
    ("Sarah Whitfield", "ISMS Manager", "Information Security", Some(3), false, true), // 4
    ("James Carter", "Head of IT", "IT", Some(2), false, true), // 5
    ("Aisha Begum", "Data Protection Officer", "Legal and Compliance", Some(1), false, true), // 6
    ("Robert Lin", "Internal Audit Manager", "Internal Audit", Some(1), false, true), // 7
    ("Hannah Moore", "Head of People", "People", Some(2), false, true), // 8
    ("Daniel Price", "Head of Engineering", "Engineering", Some(2), false, true), // 9
    ("Olivia Grant", "Head of Customer Success", "Customer Success", Some(2), false, true), // 10
    ("Mark Jensen", "IT Operations Lead", "IT", Some(5), false, true), // 11
    ("Chloe Evans", "Security Analyst", "Information Security", Some(3), false, true), // 12
    ("Samuel Adeyemi", "Cloud Platform Engineer", "Engineering", Some(9), false, true), // 13
    ("Emily Turner", "Finance Manager", "Finance", Some(1), false, true), // 14
    ("Lucy Chen", "Risk Manager", "Operations", Some(2), false, true), // 15
    ("George Patel", "Service Desk Analyst", "IT", Some(11), false, true), // 16
    ("Fiona Walsh", "Procurement and Supplier Manager", "Operations", Some(2), false, true), // 17
    ("Nathan Brooks", "Senior Software Engineer", "Engineering", Some(9), false, true), // 18
    ("Ruth Kaplan", "Legal Counsel", "Legal and Compliance", Some(1), false, true), // 19
    ("Ben Osei", "People Advisor", "People", Some(8), false, true), // 20
    ("Grace Liu", "QA Lead", "Engineering", Some(9), false, true), // 21
    ("Peter Novak", "Facilities Manager", "Operations", Some(2), false, true), // 22
    ("Zara Hussain", "Executive Assistant", "Executive", Some(0), false, true), // 23
    ("Ian Fletcher", "IT Manager (left the company)", "IT", Some(5), false, false), // 24
];
const CEO: usize = 0;
const CFO: usize = 1;
const COO: usize = 2;
const CISO: usize = 3;
const LEAD: usize = 4;
const HEAD_IT: usize = 5;
const DPO: usize = 6;
const AUDIT: usize = 7;
const HR: usize = 8;
const ENG: usize = 9;
const CS: usize = 10;
const ITOPS: usize = 11;
const ANALYST: usize = 12;
const CLOUD: usize = 13;
const RISK: usize = 15;
const SUPPLIER: usize = 17;
const EA: usize = 23;

const CODES: [&str; 13] = ["a", "b", "c", "d1", "d2", "d3", "d4", "e", "f", "g", "soc2_incidents", "soc2_resources", "soc2_changes"];

/// The deterministic "wobble" of a quarter's figures.
fn wob(n: usize, k: usize) -> f64 {
    (((n * 7 + k * 3) % 5) as f64) - 2.0
}

/// KPI `k` of [`KPIS`] at review `n`: its trend with a wobble, a share never above 100%.
fn kpi_value(n: usize, k: usize) -> f64 {
    let (_, base, _, unit, _, step) = KPIS[k];
    let value = ((base + step * n as f64 + wob(n, k) * step.abs()) * 10.0).round() / 10.0;
    if unit == "%" { value.min(100.0) } else { value }
}

/// The KPI of [`KPIS`] that measures each demo objective, in the objectives' order.
const OBJECTIVE_KPI: [usize; 5] = [0, 1, 3, 2, 4];

/// Each objective's result at review `n`, judged from its KPI: met on target, partly met
/// within a tenth of it, not met beyond; with the value measured.
fn objective_results(n: usize) -> Vec<(&'static str, String)> {
    OBJECTIVE_KPI
        .iter()
        .map(|&k| {
            let (_, _, target, unit, better, _) = KPIS[k];
            let value = kpi_value(n, k);
            let gap = if better == "lower" { value - target } else { target - value };
            let met = if gap <= 0.0 { "met" } else if gap <= target.abs() * 0.1 { "partly_met" } else { "not_met" };
            let unit = if unit == "%" { "%".to_owned() } else { format!(" {unit}") };
            (met, format!("{value}{unit} (target {target}{unit})"))
        })
        .collect()
}

struct Ctx {
    people: Vec<i64>,
    names: Vec<String>,
    today: NaiveDate,
    seq: std::collections::BTreeMap<(String, i32), i64>,
    actions: usize,
    decisions: usize,
    evidence: usize,
    objectives: Vec<i64>,
    /// Held reviews' minutes revisions, approved at the end: (review id, reference, [(version, particulars, created, released)]).
    approvals: Vec<(i64, String, Vec<(&'static str, &'static str, NaiveDate, NaiveDate)>)>,
    /// The days of every review held (scheduled and ad hoc), so an action's fate follows
    /// how many reviews came after the one that raised it.
    held: Vec<NaiveDate>,
    registers: registers::Registers,
}

impl Ctx {
    fn next(&mut self, name: &str, year: i32) -> i64 {
        let counter = self.seq.entry((name.to_owned(), year)).or_insert(0);
        *counter += 1;
        *counter
    }
    fn p(&self, index: usize) -> i64 {
        self.people[index]
    }
}

fn input_text(code: &str, n: usize, quarter: &str, prev: Option<&str>) -> (String, Option<String>) {
    if code == "a" && prev.is_none() {
        return (String::new(), Some("The first management review of the ISMS: no review before it raised actions.".to_owned()));
    }
    let prev = prev.unwrap_or("the previous review");
    let v = n % 4;
    let text = match code {
        "a" => format!("Actions from {prev}: every action has a reported status. Closed actions were verified by Internal Audit against evidence; open ones are on track except where the register shows them overdue, which the CISO has escalated. The share of actions completed on time this quarter is {}%.", 70 + 5 * v),
        "b" => [
            "External: the NIS2 transposition brings two of our enterprise customers into scope, and they now ask for incident notification within 24 hours. Internal: the move of the data platform to a second cloud region is half done.".to_owned(),
            "External: a rise in invoice-fraud phishing against the finance sector reported by NCSC; a ransomware campaign targets the remote-support tool we use. Internal: the Manchester office moved to hybrid working three days a week.".to_owned(),
            "External: the EU–US Data Privacy Framework adequacy decision lets us drop two sets of standard contractual clauses. Internal: a reorganisation merged Customer Support into Customer Success under one head.".to_owned(),
            "External: the cyber-insurance renewal now requires phishing-resistant MFA for administrators. Internal: the legacy payroll server is still on an unsupported operating system pending the HR system replacement.".to_owned(),
        ][v].clone(),
        "c" => return if v == 2 {
            (String::new(), Some(format!("No change in {quarter}: the interested-parties register, the contracts register and the regulatory watch list were checked by the DPO and Legal Counsel and none of them changed.")))
        } else {
            ([
                "Two enterprise customers added a right-to-audit clause and a 24-hour breach notification term to their contracts; the register of interested parties now lists them with these requirements.",
                "The cyber insurer added requirements (phishing-resistant MFA for administrators, tested offline backups) that now sit in the interested-parties register with owners.",
                "",
                "The largest customer's supplier questionnaire now asks for a SOC 2 Type 2 report covering twelve months; the requirement is added to the register with the CFO as owner.",
            ][v].to_owned(), None)
        },
        "d1" => format!("{} nonconformities raised this quarter ({} from internal audit, {} from incidents); {} corrective actions closed, {} open, none older than 90 days except the backup-restore finding.", 3 + v, 1 + v % 2, 2 + v / 2, 4 + v, 2 + v % 3),
        "d2" => "Monitoring results for the quarter are in the KPI table: phishing click rate, patching of critical vulnerabilities within 14 days, time to contain incidents, training completion and backup restore tests. Trends over four quarters were shown as charts in the pack.".to_owned(),
        "d3" => [
            "Internal audit of A.5 (organisational controls) found 1 minor nonconformity (supplier reviews not evidenced for two suppliers) and 2 observations.",
            "The certification body's surveillance audit raised no major nonconformity, 1 minor (access reviews for the finance system late by one quarter) and 3 opportunities for improvement.",
            "Internal audit of A.8 (technological controls) found backups were taken but restores had not been tested for the CRM; 1 minor nonconformity raised.",
            "SOC 2 Type 2 fieldwork completed with no exceptions in the draft report; one management letter point on change approvals in the data platform.",
        ][v].to_owned(),
        "d4" => format!("Of the five information security objectives for the year, {} are met, {} partly met and {} not yet due; the objective results table gives the figures.", 2 + v % 2, 2 - v % 2, 1),
        "e" => if v == 1 {
            return (String::new(), Some(format!("No feedback was received from customers, the insurer or regulators in {quarter}: the service desk's security category and the customer-success log hold no entries.")));
        } else {
            ["Three customer security questionnaires answered without open points; one customer praised the new trust page.", "", "A customer complained that our breach-notification clause was vague; Legal is revising the template.", "The insurer's assessor rated our controls 'good' and asked for evidence of tested backups at the next renewal."][v].to_owned()
        },
        "f" => format!("The risk register holds 42 risks; {} are above appetite ({}). The risk treatment plan has {} treatments, {} complete.", above_appetite(n).len(), above_appetite(n).join(", "), 18 + v, 11 + v),
        "g" => ["Automate user access reviews with the identity provider's access certification feature.", "Replace the spreadsheet asset register with the CMDB already licensed by IT.", "Run a tabletop ransomware exercise with the executive team.", "Publish a security trust page so customers can self-serve common questionnaire answers."][v].to_owned(),
        "soc2_incidents" => format!("{} security incidents this quarter, {} classified high; no personal-data breach notifiable to the ICO. Details are in the incident summary attached to this input.", 5 + v, v % 2),
        "soc2_resources" => ["The security team is one analyst short since the departure in the last quarter; the SIEM licence renewal is due and budgeted.", "Budget for the year is on track at 48% spent; the new analyst has started and completed onboarding.", "The cloud security posture tool needs 2 extra days a month of engineering time that the platform team cannot give without a trade-off.", "Skills: two engineers completed secure-coding training; the team asks for an incident-response retainer."][v].to_owned(),
        "soc2_changes" => return if v == 3 {
            (String::new(), Some("No significant change to systems, suppliers or organisation in the period: the change advisory board log lists only standard changes.".to_owned()))
        } else {
            (["Migration of the data platform to a second cloud region (change CAB-212).", "New remote-support tool replaced the old one after the vendor's vulnerability (change CAB-230).", "Customer Support merged into Customer Success; access rights were re-certified after the move.", ""][v].to_owned(), None)
        },
        _ => String::new(),
    };
    (text, None)
}

/// The risks above appetite in review `n`: input f's text and its KPI both count them.
fn above_appetite(n: usize) -> &'static [&'static str] {
    if n % 2 == 0 {
        &["ransomware on file servers", "supplier access to production", "legacy payroll server"]
    } else {
        &["ransomware on file servers", "legacy payroll server"]
    }
}

/// Who presents an input at review `n`: the Head of IT's apologies (every third review)
/// pass the significant changes to the CISO.
fn presenter(code: &str, n: usize) -> usize {
    match code {
        "soc2_changes" if n % 3 == 2 => CISO,
        "a" | "b" | "d2" | "d4" | "g" => LEAD,
        "c" | "e" => DPO,
        "d1" | "d3" => AUDIT,
        "f" => RISK,
        "soc2_incidents" => ANALYST,
        "soc2_resources" => CISO,
        _ => HEAD_IT,
    }
}

/// The review board: every demo review invites them (Settings shows it).
const BOARD: [(usize, &str, bool); 11] = [
    (CEO, "chair", true),
    (CFO, "top_management", true),
    (COO, "top_management", true),
    (CISO, "department_head", true),
    (LEAD, "isms_lead", true),
    (HEAD_IT, "department_head", true),
    (DPO, "dpo", true),
    (AUDIT, "internal_audit", true),
    (RISK, "risk_owner", false),
    (ANALYST, "it_security_operations", false),
    (EA, "minute_taker", true),
];

/// (name, base value, target, unit, better, step per quarter)
const KPIS: [(&str, f64, f64, &str, &str, f64); 5] = [
    ("Phishing simulation click rate", 11.0, 5.0, "%", "lower", -0.6),
    ("Critical vulnerabilities patched within 14 days", 81.0, 95.0, "%", "higher", 1.2),
    ("Mean time to contain a security incident", 30.0, 24.0, "hours", "lower", -0.8),
    ("Security awareness training completion", 90.0, 98.0, "%", "higher", 0.7),
    ("Backup restore tests passed", 88.0, 100.0, "%", "higher", 1.0),
];

const AREAS: [&str; 8] = ["continual_improvement", "isms_change", "resources", "risk_treatment", "objectives_kpis", "corrective_preventive", "policy_document", "approved_exception"];

/// (area, decision, rationale, input codes, action description, source, owner)
fn decisions_for(n: usize) -> Vec<(&'static str, String, String, Vec<&'static str>, String, &'static str, usize)> {
    let v = n % 4;
    let mut out = vec![
        (
            "corrective_preventive",
            ["Restore tests become monthly for every system with customer data, reported in the KPI pack.", "Access reviews for the finance system move to the identity provider's quarterly certification.", "Supplier security reviews are evidenced in the supplier register before each renewal.", "Change approvals for the data platform require a second approver in the deployment pipeline."][v].to_owned(),
            "Addresses the audit finding at its root cause rather than the single instance.".to_owned(),
            vec!["d1", "d3"],
            ["Schedule monthly restore tests for CRM, finance and the data platform; report results as a KPI", "Configure quarterly access certification for the finance system in the identity provider", "Record the security review of every supplier renewing this year in the supplier register", "Enforce two-person approval for production changes to the data platform"][v].to_owned(),
            "audit_finding",
            [ITOPS, HEAD_IT, SUPPLIER, ENG][v],
        ),
        (
            "continual_improvement",
            ["Approve automation of user access reviews.", "Replace the spreadsheet asset register with the CMDB.", "Hold a ransomware tabletop exercise with the executive team.", "Publish a customer-facing security trust page."][v].to_owned(),
            "Raised as an opportunity for improvement (input g); cost is within the existing budget.".to_owned(),
            vec!["g"],
            ["Pilot access certification for two applications and report the effort saved", "Migrate the asset register to the CMDB and retire the spreadsheet", "Run a two-hour ransomware tabletop exercise and record lessons learned", "Publish the trust page with policies summary, certifications and sub-processor list"][v].to_owned(),
            "improvement",
            [HEAD_IT, ITOPS, CISO, CS][v],
        ),
    ];
    let third = match v {
        0 => ("risk_treatment", "Accept the treatment plan change: segment file servers and add immutable backups before year end.".to_owned(), "Ransomware on file servers is the highest residual risk above appetite.".to_owned(), vec!["f"], "Implement network segmentation of file servers and immutable backup copies".to_owned(), "risk", CLOUD),
        1 => ("resources", "Approve recruitment of a second security analyst and a budget line for an incident-response retainer.".to_owned(), "Resource adequacy (SOC 2 input) shows the team cannot cover on-call and monitoring.".to_owned(), vec!["soc2_resources"], "Recruit a second security analyst and sign an incident-response retainer".to_owned(), "resource_need", HR),
        2 => ("objectives_kpis", "Raise the patching target to 95% within 14 days and add restore tests as a KPI.".to_owned(), "Performance has been near the old target for three quarters.".to_owned(), vec!["d2", "d4"], "Update the KPI definitions and the objectives register with the new targets".to_owned(), "kpi_gap", LEAD),
        _ => ("policy_document", "Approve version 4.0 of the access control policy with phishing-resistant MFA for administrators.".to_owned(), "Required by the insurer (input c) and reduces the credential-theft risk.".to_owned(), vec!["c", "f"], "Roll out FIDO2 security keys to all administrators and publish policy 4.0".to_owned(), "risk", HEAD_IT),
    };
    out.push(third);
    out
}

fn review(
    w: &mut Write<'_>,
    c: &mut Ctx,
    day: NaiveDate,
    n: usize,
    adhoc: Option<(&str, &str, &str)>,
    prev_ref: Option<String>,
    next_on: Option<NaiveDate>,
    with_1_1: bool,
    exception: bool,
) -> Result<(i64, String)> {
    let year = day.year();
    let number = c.next("review", year);
    let reference = format!("MR-{year}-{number:02}");
    let quarter = format!("Q{} {}", (day.month() - 1) / 3 + 1, year);
    let future = day >= c.today;
    let created = if future { days(c.today, -20).min(days(day, -45)) } else { days(day, -45) };
    let status = if !future {
        "approved"
    } else if days(day, -14) <= c.today {
        "invitations_sent"
    } else {
        "planned"
    };
    let (kind, trigger, trigger_text, title) = match adhoc {
        Some((trigger, text, title)) => ("ad_hoc", Value::Text(trigger.into()), Value::Text(text.into()), title.to_owned()),
        None => ("scheduled", Value::Null, Value::Null, format!("ISMS management review {quarter}")),
    };
    let review_id = ins(w, "reviews", &[
        ("reference", t(&reference)), ("title", t(title)), ("kind", t(kind)), ("trigger_kind", trigger), ("trigger_text", trigger_text),
        ("scope", t("both")), ("status", t(status)), ("starts_at", t(format!("{day}T10:00"))), ("time_zone", t(ZONE)),
        ("duration_minutes", i(if adhoc.is_some() { 90 } else { 120 })), ("location", t("Board room, 3rd floor, Manchester office (Teams link in the invitation)")),
        ("chair_id", i(c.p(CEO))), ("minute_taker_id", i(c.p(EA))),
        ("invitations_sent_on", if status == "planned" { Value::Null } else { t(days(day, -14).to_string()) }),
        ("pack_circulated_on", if future { Value::Null } else { t(days(day, -7).to_string()) }),
        ("held_on", if future { Value::Null } else { t(day.to_string()) }),
        ("next_review_on", next_on.map(|d| t(d.to_string())).unwrap_or(Value::Null)),
        ("ical_uid", t(format!("{}@demo.quorum.invalid", reference.to_lowercase()))), ("ical_sequence", i(0)), ("created_at", t(ts(created, 9))),
    ])?;
    let mut steps = vec![(None, "planned", created)];
    if status != "planned" {
        steps.push((Some("planned"), "invitations_sent", days(day, -14)));
    }
    if !future {
        steps.extend([(Some("invitations_sent"), "pack_circulated", days(day, -7)), (Some("pack_circulated"), "held", day), (Some("held"), "minutes_drafted", days(day, 2)), (Some("minutes_drafted"), "approved", days(day, 9))]);
    }
    for (from, to, at) in steps {
        ins(w, "review_transitions", &[("review_id", i(review_id)), ("from_status", from.map(t).unwrap_or(Value::Null)), ("to_status", t(to)), ("at", t(ts(at, 16))), ("by_person", t(&c.names[LEAD])), ("note", Value::Null)])?;
    }
    // Attendance.
    for (who, role, required) in BOARD {
        let (attendance, delegate) = if future {
            ("unknown", None)
        } else if who == CFO && n % 4 == 1 {
            ("apologies", None)
        } else if who == COO && n % 4 == 3 {
            ("delegate", Some(SUPPLIER))
        } else if who == HEAD_IT && n % 3 == 2 {
            ("apologies", None)
        } else {
            ("present", None)
        };
        ins(w, "invitees", &[("review_id", i(review_id)), ("person_id", i(c.p(who))), ("role", t(role)), ("required", i(required as i64)), ("attendance", t(attendance)),
            ("delegate_name", delegate.map(|d| t(&c.names[d])).unwrap_or(Value::Null)), ("delegate_person_id", id(delegate.map(|d| c.p(d))))])?;
    }
    // Inputs and KPIs.
    let mut input_ids = std::collections::BTreeMap::new();
    let prepared_in_future = ["a", "b", "d2", "soc2_incidents"];
    let major_incident = adhoc.is_some_and(|(trigger, _, _)| trigger == "major_incident");
    let with_registers = !future && day >= days(c.today, -registers::SINCE_DAYS);
    let told = |code: &str, text: String| if with_registers { registers::amend(code, &reference, n, major_incident, text) } else { text };
    for code in CODES {
        let (summary, nothing) = input_text(code, n, &quarter, prev_ref.as_deref());
        let summary = told(code, summary);
        let (summary, nothing, state) = if future && !prepared_in_future.contains(&code) { (String::new(), None, "not_started") } else if future { (summary, nothing, "prepared") } else { (summary, nothing, "discussed") };
        let who = presenter(code, n);
        let input_id = ins(w, "inputs", &[("review_id", i(review_id)), ("code", t(code)), ("summary", t(&summary)), ("presenter_id", i(c.p(who))), ("state", t(state)),
            ("nothing_to_report", i(nothing.is_some() as i64)), ("nothing_reason", nothing.as_deref().map(t).unwrap_or(Value::Null))])?;
        input_ids.insert(code, input_id);
        // What the presenter circulated, filed as evidence: inputs backed by KPIs, the
        // register (a) or the objective results (d4) have theirs elsewhere.
        if state == "discussed" && nothing.is_none() && !["a", "d1", "d2", "d4", "f", "soc2_incidents"].contains(&code) {
            let paper = format!("{reference}: input {code}, as presented by {}\n\n{summary}\n", c.names[who]);
            evidence(w, c, Some(review_id), Some(input_id), None, &format!("{reference}-{code}-presented.txt"), "text/plain", paper.into_bytes(), days(day, -8))?;
        }
    }
    {
        for (k, (name, _, target, unit, better, _)) in KPIS.iter().enumerate() {
            let value = kpi_value(n, k);
            ins(w, "kpis", &[("input_id", i(input_ids["d2"])), ("position", i(k as i64)), ("name", t(*name)), ("value", Value::Real(value)), ("target", Value::Real(*target)), ("unit", t(*unit)), ("better", t(*better))])?;
        }
        ins(w, "kpis", &[("input_id", i(input_ids["d1"])), ("position", i(0)), ("name", t("Open nonconformities older than 90 days")), ("value", Value::Real((3 - (n % 4) as i64).max(0) as f64)), ("target", Value::Real(0.0)), ("unit", t("count")), ("better", t("lower"))])?;
        ins(w, "kpis", &[("input_id", i(input_ids["f"])), ("position", i(0)), ("name", t("Risks above appetite")), ("value", Value::Real(above_appetite(n).len() as f64)), ("target", Value::Real(2.0)), ("unit", t("count")), ("better", t("lower"))])?;
    }
    // Evidence: the KPI data as CSV, and the incident summary as text.
    if !future && (n % 3 == 0 || adhoc.is_some()) {
        let mut csv = String::from("kpi,value,target,unit,better\n");
        for (k, (name, _, target, unit, better, _)) in KPIS.iter().enumerate() {
            let value = kpi_value(n, k);
            csv.push_str(&format!("\"{name}\",{value},{target},{unit},{better}\n"));
        }
        evidence(w, c, Some(review_id), Some(input_ids["d2"]), None, &format!("{reference}-kpis.csv"), "text/csv", csv.into_bytes(), days(day, -8))?;
    }
    if !future {
        let report = format!("Incident summary for {reference}\n\n{}\n\nPrepared by {} (Security Analyst).\n", told("soc2_incidents", input_text("soc2_incidents", n, &quarter, None).0), c.names[ANALYST]);
        evidence(w, c, Some(review_id), Some(input_ids["soc2_incidents"]), None, &format!("{reference}-incidents.txt"), "text/plain", report.into_bytes(), days(day, -8))?;
    }
    if with_registers {
        let previous: Option<String> = match &prev_ref {
            Some(p) => Some(w.query_row("SELECT substr(starts_at, 1, 10) FROM reviews WHERE reference = ?1", [p], |r| r.get(0))?),
            None => None,
        };
        let from = previous.and_then(|d| d.parse::<NaiveDate>().ok()).map_or_else(|| days(day, -90), |d| days(d, 1));
        registers::snapshot_before(w, &mut c.registers, &c.names, &reference, day, from, n, major_incident, above_appetite(n))?;
    }
    // Agenda.
    let agenda: [(&str, u32, usize, &[&str]); 9] = [
        ("Opening, attendance and quorum", 5, CEO, &[]),
        ("Status of actions from previous reviews", 15, LEAD, &["a"]),
        ("Context: internal and external issues, interested parties", 15, DPO, &["b", "c"]),
        ("Security performance: nonconformities, monitoring, audits, objectives", 25, LEAD, &["d1", "d2", "d3", "d4"]),
        ("Incidents and feedback from interested parties", 15, ANALYST, &["soc2_incidents", "e"]),
        ("Risk assessment and risk treatment plan", 15, RISK, &["f"]),
        ("Resources and significant changes", 10, CISO, &["soc2_resources", "soc2_changes"]),
        ("Opportunities for continual improvement and decisions", 15, CEO, &["g"]),
        ("Any other business and close", 5, CEO, &[]),
    ];
    for (position, (title, minutes, who, codes)) in agenda.iter().enumerate() {
        let discussion = if future {
            String::new()
        } else {
            let mut text = String::new();
            for code in codes.iter() {
                let (summary, nothing) = input_text(code, n, &quarter, prev_ref.as_deref());
                text.push_str(&match nothing { Some(reason) => format!("({code}) Nothing to report: {reason} ", ), None => format!("({code}) {summary} ") });
            }
            match position {
                0 => format!("The chair opened the meeting at 10:00. Quorum met: chair and {} top management members present. Apologies and delegates are recorded in the attendance list.", if n % 2 == 1 { 1 } else { 2 }),
                // Whoever asks and answers was there (the CFO and the Head of IT each send
                // apologies to some reviews).
                3 => format!(
                    "{text}{} asked why patching stays below target; {} explained the change freeze during the finance year-end and agreed a recovery plan. Top management accepted the trend as improving but not yet adequate.",
                    if n % 4 == 1 { "The CEO" } else { "The CFO" },
                    if n % 3 == 2 { "the CISO, standing in for the Head of IT," } else { "the Head of IT" }
                ),
                5 => format!("{text}The CEO challenged whether the legacy payroll risk is genuinely temporary; the Risk Manager confirmed the replacement date and the compensating controls (isolated VLAN, no internet access)."),
                8 => "No other business. The chair closed the meeting at 12:00.".to_owned(),
                _ => format!("{text}Members questioned the presenter on the figures and the trend, agreed the conclusions, and recorded decisions and actions below where needed."),
            }
        };
        let item = ins(w, "agenda_items", &[("review_id", i(review_id)), ("position", i(position as i64 + 1)), ("title", t(*title)), ("minutes_allocated", i(*minutes as i64)), ("presenter_id", i(c.p(*who))), ("discussion", t(discussion))])?;
        for code in codes.iter() {
            ins(w, "agenda_item_inputs", &[("agenda_item_id", i(item)), ("input_code", t(*code))])?;
        }
    }
    let distribution: Vec<&String> = [CEO, CFO, COO, CISO, LEAD, HEAD_IT, DPO, AUDIT].iter().map(|&k| &c.names[k]).collect();
    ins(w, "document_control", &[("review_id", i(review_id)), ("document_number", t(format!("ISMS-MR-{}", &reference[3..]))), ("classification", t("Confidential")), ("author_id", i(c.p(LEAD))), ("reviewer_id", i(c.p(CISO))), ("owner_id", i(c.p(CEO))), ("distribution", t(serde_json::to_string(&distribution)?))])?;
    if future {
        return Ok((review_id, reference));
    }
    // Decisions, actions and "no decision" areas.
    let mut decided = Vec::new();
    let mut list = decisions_for(n);
    if let Some((trigger, _, _)) = adhoc {
        list.truncate(1);
        let (decision, action) = if trigger == "major_incident" {
            ("Rotate all supplier credentials and require just-in-time access for suppliers to production.", "Rotate every supplier credential and switch supplier access to production to just-in-time approval")
        } else {
            ("Restore the CRM from backup now, and evidence a restore test for the certification body before the next surveillance visit.", "Restore the CRM from backup into the test environment and send the signed test record to the certification body")
        };
        list[0].1 = decision.into();
        list[0].4 = action.into();
    }
    for (j, (area, text, rationale, codes, action, source, owner)) in list.into_iter().enumerate() {
        let decision = ins(w, "decisions", &[("review_id", i(review_id)), ("area", t(area)), ("text", t(text)), ("rationale", t(rationale)), ("justification", Value::Null), ("exception_review_on", Value::Null), ("created_at", t(ts(day, 11)))])?;
        c.decisions += 1;
        decided.push(area);
        for code in &codes {
            ins(w, "decision_inputs", &[("decision_id", i(decision)), ("input_code", t(*code))])?;
        }
        let input = input_ids.get(codes[0]).copied();
        self::action(w, c, review_id, decision, input, day, n, j, &action, source, owner)?;
    }
    if exception {
        let decision = ins(w, "decisions", &[("review_id", i(review_id)), ("area", t("approved_exception")),
            ("text", t("Exception approved: the legacy payroll server may stay on its unsupported operating system until the new HR system goes live.")),
            ("rationale", t("Replacing the operating system now would break the payroll software, which the vendor no longer updates.")),
            ("justification", t("Compensating controls: isolated VLAN, no internet access, access limited to two named payroll staff, daily offline backup. Residual risk accepted by the CFO as risk owner.")),
            ("exception_review_on", t(days(day, 182).to_string())), ("created_at", t(ts(day, 11)))])?;
        c.decisions += 1;
        decided.push("approved_exception");
        ins(w, "decision_inputs", &[("decision_id", i(decision)), ("input_code", t("f"))])?;
    }
    // A KPI below target, or more risks above appetite than the target allows, gets its
    // decision: the board does not leave a missed figure without an answer.
    let answered = |w: &Write<'_>, code: &str| -> Result<bool> {
        Ok(w.query_row("SELECT count(*) > 0 FROM decision_inputs di JOIN decisions d ON d.id = di.decision_id WHERE d.review_id = ?1 AND di.input_code = ?2", rusqlite::params![review_id, code], |r| r.get(0))?)
    };
    let missed: Vec<&str> = (0..KPIS.len()).filter(|&k| { let (_, _, target, _, better, _) = KPIS[k]; let v = kpi_value(n, k); if better == "lower" { v > target } else { v < target } }).map(|k| KPIS[k].0).collect();
    let follow_ups = [
        ("d2", "objectives_kpis", !missed.is_empty(), format!("Keep the targets; the owners of the KPIs below target ({}) bring a recovery plan to the next review.", missed.join(", ").to_lowercase()), "The trend is improving; the targets stay as the standard to reach."),
        ("f", "risk_treatment", above_appetite(n).len() > 2, format!("Keep the risk treatment plan: the {} risks above appetite stay accepted by their owners until their treatments complete.", above_appetite(n).len()), "Each treatment has an owner and a date in the plan; accepting the residual risk until then was signed by the risk owners."),
    ];
    for (code, area, needed, text, rationale) in follow_ups {
        if needed && !decided.contains(&area) && !answered(w, code)? {
            let decision = ins(w, "decisions", &[("review_id", i(review_id)), ("area", t(area)), ("text", t(text)), ("rationale", t(rationale)), ("justification", Value::Null), ("exception_review_on", Value::Null), ("created_at", t(ts(day, 11)))])?;
            c.decisions += 1;
            decided.push(area);
            ins(w, "decision_inputs", &[("decision_id", i(decision)), ("input_code", t(code))])?;
        }
    }
    for area in AREAS {
        if !decided.contains(&area) {
            let reason = match area {
                "approved_exception" => "No exception was requested in this period.",
                "isms_change" => "The ISMS scope, policy and processes remain suitable; no change needed.",
                "resources" => "Current budget and staffing were judged adequate for the plan.",
                "policy_document" => "No policy fell due for review and no input required a change.",
                _ => "Nothing in the inputs called for a decision in this area.",
            };
            ins(w, "result_area_none", &[("review_id", i(review_id)), ("area", t(area)), ("reason", t(reason))])?;
        }
    }
    // Objectives.
    for (objective, (met, measured)) in c.objectives.clone().into_iter().zip(objective_results(n)) {
        ins(w, "objective_results", &[("review_id", i(review_id)), ("objective_id", i(objective)), ("met", t(met)), ("measured", t(measured)), ("note", t(format!("Result reported by the objective owner for {quarter}."))), ("next_target", if met == "met" { Value::Null } else { t("Keep the current target") })])?;
    }
    // The conclusion (9.3.1), following from the inputs: risks above appetite beyond the
    // KPI's target make the ISMS adequate only with the treatment decided; an objective not
    // met makes it effective only with the corrective action.
    let above = above_appetite(n).len();
    let results = objective_results(n);
    let not_met = results.iter().filter(|(met, _)| *met == "not_met").count();
    let adequate = if above > 2 {
        ("yes_with_changes", format!("Adequate once the risk treatment decided at this review is in place: {above} risks are above appetite against a target of 2 (input f)."))
    } else {
        ("yes", format!("Resources, controls and the risk treatment plan are adequate: {above} risks above appetite, within the target of 2 (input f); no resource gap was reported."))
    };
    let effective = if not_met > 0 {
        ("yes_with_changes", format!("Effective with the corrective action agreed: {} not met in {quarter} (input d4), the rest met or on track.", if not_met == 1 { "1 objective".to_owned() } else { format!("{not_met} objectives") }))
    } else {
        ("yes", format!("Effective: no objective missed in {quarter} (input d4), and the incidents of the quarter were contained by the controls."))
    };
    ins(w, "review_conclusions", &[
        ("review_id", i(review_id)),
        ("suitable", t("yes")),
        ("suitable_rationale", t(format!("The scope, the policy and the context still fit the business: no change in the external and internal issues or interested parties in {quarter} (inputs b and c)."))),
        ("adequate", t(adequate.0)),
        ("adequate_rationale", t(adequate.1)),
        ("effective", t(effective.0)),
        ("effective_rationale", t(effective.1)),
        ("recorded_at", t(ts(day, 12))),
        ("recorded_by", t(c.names[LEAD].clone())),
    ])?;
    // Minutes revisions: frozen at the end, once the register's history is complete, as the
    // record stood at each approval.
    let mut revisions = vec![("1.0", "First issue, approved by the chair", days(day, 2), days(day, 9))];
    if with_1_1 {
        revisions.push(("1.1", "Corrected the patching KPI (a late scanner export changed the figure) and added the DPO's comment on input c", days(day, 20), days(day, 24)));
    }
    c.approvals.push((review_id, reference.clone(), revisions));
    Ok((review_id, reference))
}

/// Replaces a held review's input summary, and its quotation in the discussion, with `text`.
fn rewrite_input(w: &mut Write<'_>, review_id: i64, reference: &str, code: &str, text: &str) -> Result<()> {
    let old: String = w.query_row("SELECT summary FROM inputs WHERE review_id = ?1 AND code = ?2", rusqlite::params![review_id, code], |r| r.get(0))?;
    w.execute("UPDATE inputs SET summary = ?1 WHERE review_id = ?2 AND code = ?3", rusqlite::params![text, review_id, code])?;
    w.execute("UPDATE agenda_items SET discussion = replace(discussion, ?1, ?2) WHERE review_id = ?3", rusqlite::params![old, text, review_id])?;
    w.audit("input", &format!("{reference}/{code}"), "update", Some(&json!({"summary": old})), Some(&json!({"summary": text})))
}

/// The figures the minutes quote (input a on the actions, d1 on corrective actions and
/// their KPI, d4 on the objectives) computed from the demo's own rows as at each meeting,
/// so text and tables agree.
fn quote_own_figures(w: &mut Write<'_>, c: &Ctx) -> Result<()> {
    use crate::register::{self, ActionStatus, Source};
    let history = register::read_history(w, None)?;
    for (review_id, reference, _) in &c.approvals {
        let record = crate::review::record::load(w, reference, c.today.and_hms_opt(9, 0, 0).expect("nine").and_utc())?;
        let day = crate::review::record::meeting_day(&record.review);
        let end = days(day, 1).and_hms_opt(0, 0, 0).expect("midnight").and_utc();
        let previous = record.previous_review.as_ref().map_or("the previous review".to_owned(), |p| p.reference.clone());
        let since = record.previous_review.as_ref().and_then(|p| p.held_on.as_deref()).and_then(|d| d.parse::<NaiveDate>().ok()).map(|d| days(d, 1).and_hms_opt(0, 0, 0).expect("midnight").and_utc());
        let carried = &record.carried_actions;
        let count = |f: &dyn Fn(&register::Action) -> bool| carried.iter().filter(|a| f(&a.action)).count();
        let metrics = register::metrics_as_of(w, end)?;
        let a = format!(
            "Actions from {previous}: {} actions were carried into this review (those raised at {previous} and those from earlier reviews still open at it). At the meeting {} were closed, {} completed and awaiting verification, and {} still open, {} of them overdue and {} escalated. Closed actions were verified by Internal Audit against evidence. Of the {} actions closed so far, {} were closed by their original target date ({}).",
            carried.len(),
            count(&|a| a.status == ActionStatus::Closed),
            count(&|a| a.status == ActionStatus::Completed),
            count(&|a| a.status.is_active()),
            count(&|a| a.overdue),
            count(&|a| a.escalation_level > 0 && a.status.is_open()),
            metrics.closed,
            metrics.closed_on_time,
            metrics.on_time_share.map_or("none yet".to_owned(), |s| format!("{:.0}%", s * 100.0)),
        );
        // The first review has nothing carried into it: its input a) says so.
        if record.previous_review.is_some() {
            rewrite_input(w, *review_id, reference, "a", &a)?;
        }
        let corrective: Vec<register::Action> = history
            .actions
            .iter()
            .filter(|a| matches!(a.source, Source::AuditFinding | Source::Nonconformity))
            .filter_map(|a| history.action_as_of(a, end, register::DEFAULT_STALLED_DAYS))
            .collect();
        let raised = corrective.iter().filter(|a| since.is_none_or(|s| a.created_at >= s)).count();
        let open: Vec<&register::Action> = corrective.iter().filter(|a| a.status.is_open()).collect();
        let old = open.iter().filter(|a| (end - a.created_at).num_days() > 90).count();
        let d1 = format!(
            "{raised} corrective actions were raised since {previous} from audit findings and nonconformities. At the meeting {} corrective actions were closed and {} open, {old} of them open for more than 90 days; the register's history of each is in the action log.",
            corrective.len() - open.len(),
            open.len()
        );
        rewrite_input(w, *review_id, reference, "d1", &d1)?;
        w.execute(
            "UPDATE kpis SET value = ?1 WHERE name = 'Open nonconformities older than 90 days' AND input_id = (SELECT id FROM inputs WHERE review_id = ?2 AND code = 'd1')",
            rusqlite::params![old as f64, review_id],
        )?;
        let results: Vec<String> = {
            let mut statement = w.prepare("SELECT met FROM objective_results WHERE review_id = ?1")?;
            let rows = statement.query_map([review_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            rows
        };
        let of = |word: &str| results.iter().filter(|m| *m == word).count();
        let d4 = format!(
            "Of the {} information security objectives, {} are met, {} partly met, {} not met and {} not yet due; the objective results table gives each one's figures.",
            results.len(),
            of("met"),
            of("partly_met"),
            of("not_met"),
            of("not_yet_due")
        );
        rewrite_input(w, *review_id, reference, "d4", &d4)?;
    }
    Ok(())
}

/// Each input of a held review that no decision answers and no action came from ends in
/// an explicit "no change" with its reason, as the minute taker records it.
fn record_no_change(w: &mut Write<'_>) -> Result<()> {
    let reasons: [(&str, &str); 5] = [
        ("a", "Every carried action has its status and owner; none needs a change of plan."),
        ("b", "The changes in context were noted; none of them changes the ISMS scope or its controls."),
        ("c", "The interested parties' requirements are already met by the current controls."),
        ("d3", "The audit findings are followed up in the register; no further change is needed."),
        ("e", "The feedback was acknowledged; it asks for nothing the ISMS does not do."),
    ];
    let generic = "Presented for information: within its targets, nothing in it calls for a change.";
    let mut statement = w.prepare(
        "SELECT i.id, i.code FROM inputs i JOIN reviews r ON r.id = i.review_id
         WHERE r.held_on IS NOT NULL AND i.nothing_to_report = 0 AND i.state = 'discussed'
           AND NOT EXISTS (SELECT 1 FROM decision_inputs di JOIN decisions d ON d.id = di.decision_id WHERE d.review_id = i.review_id AND di.input_code = i.code)
           AND NOT EXISTS (SELECT 1 FROM actions a WHERE a.input_id = i.id)",
    )?;
    let open: Vec<(i64, String)> = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    drop(statement);
    for (id, code) in open {
        let reason = reasons.iter().find(|(c, _)| *c == code).map_or(generic, |(_, r)| r);
        w.execute("UPDATE inputs SET no_change_reason = ?1 WHERE id = ?2", rusqlite::params![reason, id])?;
    }
    Ok(())
}

/// Approves each held review's minutes as `approval::approve` would have at the time: the
/// revision and the chair's approval, then the record as it stood at the release frozen
/// into the revision with its SHA-256. The next day the lead emailed each version to the
/// attendees.
fn approve_minutes(w: &mut Write<'_>, c: &Ctx) -> Result<()> {
    for (review_id, reference, revisions) in &c.approvals {
        for (version, particulars, created, released) in revisions {
            let revision = ins(w, "minutes_revisions", &[("review_id", i(*review_id)), ("version", t(*version)), ("particulars", t(*particulars)), ("created_at", t(ts(*created, 15)))])?;
            ins(w, "approvals", &[("revision_id", i(revision)), ("person_id", i(c.p(CEO))), ("role", t("chair")), ("approved_at", t(ts(*released, 12)))])?;
            let snapshot = serde_json::to_string(&crate::review::record::load(w, reference, released.and_hms_opt(12, 0, 0).expect("noon").and_utc())?)?;
            let hash = hex::encode(Sha256::digest(snapshot.as_bytes()));
            w.execute(
                "UPDATE minutes_revisions SET status = 'approved', released_on = ?1, snapshot = ?2, snapshot_sha256 = ?3 WHERE id = ?4",
                rusqlite::params![released.to_string(), snapshot, hash, revision],
            )?;
            w.audit("minutes_revision", &format!("{reference}/{version}"), "approve", None, Some(&json!({"sha256": hash})))?;
            let sent_on = days(*released, 1).min(c.today);
            let sent = w.execute(
                "INSERT INTO minutes_distributions (revision_id, person_id, sent_on, method, recorded_at, recorded_by)
                 SELECT ?1, person_id, ?2, 'email', ?3, ?4 FROM invitees WHERE review_id = ?5 AND attendance IN ('present', 'delegate')",
                rusqlite::params![revision, sent_on.to_string(), ts(sent_on, 16), c.names[LEAD], review_id],
            )?;
            w.audit("minutes_distribution", &format!("{reference}/{version}"), "create", None, Some(&json!({"sentOn": sent_on, "method": "email", "people": sent})))?;
        }
    }
    Ok(())
}

/// Before each review held, the lead collected a status for every action carried from
/// earlier reviews that had none since the previous review (input a).
fn report_carried_actions(w: &mut Write<'_>, c: &Ctx) -> Result<()> {
    let held: Vec<String> = {
        let mut statement = w.prepare("SELECT reference FROM reviews WHERE held_on IS NOT NULL ORDER BY starts_at")?;
        let references = statement.query_map([], |row| row.get(0))?.collect::<Result<_, _>>()?;
        references
    };
    for reference in held {
        let record = crate::review::record::load(w, &reference, c.today.and_hms_opt(9, 0, 0).expect("nine").and_utc())?;
        let day = crate::review::record::meeting_day(&record.review);
        for carried in record.carried_actions.iter().filter(|a| !a.updated_since_previous_review) {
            let owner = carried.action.owner.as_ref().map_or(c.names[LEAD].as_str(), |o| o.name.as_str());
            let text = format!("Status for {reference}: {}; the owner confirmed the plan and the target date.", carried.action.status.as_str().replace('_', " "));
            ins(w, "action_notes", &[("action_id", i(carried.action.id)), ("at", t(ts(days(day, -4), 10))), ("by_person", t(owner)), ("text", t(text))])?;
        }
    }
    Ok(())
}

fn evidence(w: &mut Write<'_>, c: &mut Ctx, review: Option<i64>, input: Option<i64>, action: Option<i64>, name: &str, media: &str, content: Vec<u8>, at: NaiveDate) -> Result<()> {
    let sha = hex::encode(Sha256::digest(&content));
    let size = content.len() as i64;
    ins(w, "evidence", &[("review_id", id(review)), ("input_id", id(input)), ("action_id", id(action)), ("file_name", t(name)), ("media_type", t(media)), ("size", i(size)), ("sha256", t(sha)), ("content", Value::Blob(content)), ("added_at", t(ts(at, 14))), ("added_by", t(&c.names[LEAD]))])?;
    c.evidence += 1;
    Ok(())
}

/// One action and its history up to yesterday. Its fate depends on the review's age (`n`
/// counts from the oldest review) and its position `j`, so the register shows every state:
/// some closures late, every change of target date a revision with its reason, closure one
/// instant (the verifier's acceptance). Escalations come later ([`escalate_overdue`]), once
/// every note is in.
fn action(w: &mut Write<'_>, c: &mut Ctx, review: i64, decision: i64, input: Option<i64>, day: NaiveDate, n: usize, j: usize, description: &str, source: &str, owner_index: usize) -> Result<()> {
    let today = c.today;
    // Typed in one to three days after the meeting.
    let created = days(day, 1 + ((n + j) % 3) as i64);
    let year = created.year();
    let reference = format!("ACT-{year}-{:03}", c.next("action", year));
    let owner = c.p(owner_index);
    let owner_name = c.names[owner_index].clone();
    let verifier = if owner_index == AUDIT { LEAD } else { AUDIT };
    // How many held reviews came after this one: 0 is the last one held.
    let rank = c.held.iter().filter(|d| **d > day).count();
    let original = days(day, 45 + 30 * j as i64);
    let start = days(created, 7);
    #[derive(PartialEq, Clone, Copy)]
    enum Fate { Open, InProgress, Completed, Rejected, Closed }
    // (fate, day the owner claims completion, day the verifier accepts, a revision: (day, new target, reason))
    let late = (n + j) % 4 == 1;
    let claimed = days(today, -3).min(days(original, -5)).max(days(start, 1));
    let on_time = days(original, -(4 + ((n * 7 + j * 5) % 18) as i64)).max(days(start, 2));
    let (fate, done, close, revision): (Fate, NaiveDate, NaiveDate, Option<(NaiveDate, NaiveDate, &str)>) = match (rank, j) {
        (0, 0) => (Fate::Open, today, today, None),
        (0, 1) | (1, 0) => (Fate::InProgress, today, today, None),
        (0, _) | (1, 2) => (Fate::Completed, claimed, today, None),
        (1, _) => (Fate::Rejected, days(original, -4), today, Some((original, days(today, 25), "Verification rejected: the first run's report is needed as evidence, and the next run is at the end of the month."))),
        (2, 0) => (Fate::InProgress, today, today, Some((days(original, -5), days(today, 40), "The supplier delivered the hardware six weeks late."))),
        (2, 1) | (3, 0) => (Fate::InProgress, today, today, None),
        (2, _) => (Fate::InProgress, today, today, Some((days(original, -5), days(original, 60), "Waiting for the change freeze at the financial year-end to end."))),
        (3, 1) => (Fate::Closed, days(original, 12), days(original, 14), None),
        _ if late => (Fate::Closed, days(original, 9), days(original, 12), None),
        _ => (Fate::Closed, on_time, days(on_time, 2), None),
    };
    // Nothing happens from today on: a fate whose steps are not past yet stops earlier.
    let fate = match fate {
        _ if start >= today => Fate::Open,
        Fate::Completed | Fate::Rejected | Fate::Closed if done >= today => Fate::InProgress,
        other => other,
    };
    let mut status = "open";
    let mut completed_at = None;
    let mut closed_at = None;
    // (from, to, at, by, note)
    let mut history: Vec<(&str, &str, String, String, String)> = vec![("", "open", ts(created, 10), c.names[LEAD].clone(), "Raised at the review".into())];
    if fate != Fate::Open {
        history.push(("open", "in_progress", ts(start, 15), owner_name.clone(), "Work started".into()));
        status = "in_progress";
    }
    if matches!(fate, Fate::Completed | Fate::Closed | Fate::Rejected) {
        history.push(("in_progress", "completed", ts(done, 15), owner_name.clone(), "Owner reports the action complete; evidence attached".into()));
        status = "completed";
        completed_at = Some(ts(done, 15));
    }
    let rejected_at = ts(days(done, 3), 14);
    let rejection = "The evidence shows the setting but not that it works: provide the first run's report.";
    if fate == Fate::Rejected {
        history.push(("completed", "in_progress", rejected_at.clone(), c.names[verifier].clone(), format!("verification rejected by {}: {rejection}", c.names[verifier])));
        status = "in_progress";
        completed_at = None;
    }
    let closed = ts(close, 16);
    let accepted = "Reviewed the change record and the first report produced; objective met";
    if fate == Fate::Closed {
        history.push(("completed", "closed", closed.clone(), c.names[verifier].clone(), format!("verified by {}: {accepted}", c.names[verifier])));
        status = "closed";
        closed_at = Some(closed.clone());
    }
    // A revision applies only once it happened; the target in force is its new date.
    let revision = revision.filter(|(at, _, _)| *at < today && (fate != Fate::Rejected || *at >= days(done, 3)));
    let target = revision.map_or(original, |(_, new_on, _)| new_on);
    let priority = ["high", "medium", "low"][(n + j) % 3];
    let action_id = ins(w, "actions", &[
        ("reference", t(&reference)), ("description", t(description)), ("source", t(source)), ("review_id", i(review)), ("decision_id", i(decision)), ("input_id", id(input)),
        ("owner_id", i(owner)), ("original_target_on", t(original.to_string())), ("target_on", t(target.to_string())), ("priority", t(priority)),
        ("resources", t(if j == 0 { "Within the IT operations budget; 5 days of engineering time" } else { "Existing team" })),
        ("blockers", Value::Null),
        ("tags", t(if source == "audit_finding" { "audit,iso27001" } else { "" })), ("status", t(status)), ("escalation_level", i(0)),
        ("created_at", t(ts(created, 10))), ("completed_at", completed_at.map(t).unwrap_or(Value::Null)), ("closed_at", closed_at.map(t).unwrap_or(Value::Null)),
    ])?;
    c.actions += 1;
    for (from, to, at, by, note) in &history {
        ins(w, "action_status_history", &[("action_id", i(action_id)), ("from_status", if from.is_empty() { Value::Null } else { t(*from) }), ("to_status", t(*to)), ("at", t(at.clone())), ("by_person", t(by.clone())), ("note", t(note.clone()))])?;
    }
    if fate != Fate::Open && days(start, 10) < today {
        ins(w, "action_notes", &[("action_id", i(action_id)), ("at", t(ts(days(start, 10), 11))), ("by_person", t(&owner_name)), ("text", t("Plan agreed with the team; first half of the work done, the rest scheduled in the next sprint."))])?;
    }
    if fate == Fate::Rejected {
        ins(w, "verifications", &[("action_id", i(action_id)), ("verifier_id", i(c.p(verifier))), ("at", t(rejected_at.clone())), ("outcome", t("rejected")), ("evidence", t("Screenshot of the configuration only")), ("reason", t(rejection))])?;
        ins(w, "action_notes", &[("action_id", i(action_id)), ("at", t(rejected_at)), ("by_person", t(&c.names[verifier])), ("text", t(format!("Verification rejected by {}: {rejection}", c.names[verifier])))])?;
    }
    if let Some((at, new_on, reason)) = revision {
        ins(w, "action_date_revisions", &[("action_id", i(action_id)), ("previous_on", t(original.to_string())), ("new_on", t(new_on.to_string())), ("reason", t(reason)), ("at", t(ts(at, 9))), ("by_person", t(&owner_name))])?;
    }
    if fate == Fate::Closed {
        ins(w, "verifications", &[("action_id", i(action_id)), ("verifier_id", i(c.p(verifier))), ("at", t(closed)), ("outcome", t("accepted")), ("evidence", t(accepted)), ("reason", Value::Null)])?;
        if n % 4 == 0 && j == 0 {
            let note = format!("Closure evidence for {reference}\nVerified by {} on {close}.\nChange record and first report reviewed; objective met.\n", c.names[verifier]);
            evidence(w, c, None, None, Some(action_id), &format!("{reference}-closure.txt"), "text/plain", note.into_bytes(), close)?;
        }
    }
    Ok(())
}

/// Escalates as the ISMS lead does each working morning, replayed day by day over the
/// register's own history (the one overdue and stalled definition): an action goes one
/// level up when it has been overdue a week (high priority), two weeks (medium) or three
/// (low), or when a high-priority action has stalled; three weeks at least between two
/// levels; up to three levels for high priority, two for medium, one for low. Each level
/// goes to the person `escalation::next_target` names (never someone who already holds a
/// lower level).
fn escalate_overdue(w: &mut Write<'_>, c: &Ctx) -> Result<()> {
    use crate::register::{self, escalation, ActionStatus, Priority};
    let path = register::escalation_path(w)?;
    let history = register::read_history(w, None)?;
    let managers: std::collections::BTreeMap<i64, register::PersonRef> = {
        let mut statement = w.prepare("SELECT p.id, m.id, m.name, m.email FROM people p JOIN people m ON m.id = p.line_manager_id")?;
        let rows = statement.query_map([], |r| Ok((r.get(0)?, register::PersonRef { id: r.get(1)?, name: r.get(2)?, email: r.get(3)? })))?.collect::<rusqlite::Result<_>>()?;
        rows
    };
    for action in &history.actions {
        let (max_level, overdue_days) = match action.priority {
            Some(Priority::High) => (3, 7),
            Some(Priority::Medium) | None => (2, 14),
            Some(Priority::Low) => (1, 21),
        };
        let mut holders: Vec<(i64, register::PersonRef)> = Vec::new();
        let mut level = 0;
        let mut last: Option<NaiveDate> = None;
        let mut day = days(action.created_at.date_naive(), 1);
        while day < c.today && (level as usize) < max_level {
            let morning = day.and_hms_opt(9, 0, 0).expect("nine").and_utc();
            let Some(then) = history.action_as_of(action, morning, register::DEFAULT_STALLED_DAYS) else { break };
            if then.status == ActionStatus::Closed {
                break;
            }
            let why = if then.days_overdue >= overdue_days {
                Some(format!("Overdue since {}", then.target_on.map(|d| d.to_string()).unwrap_or_default()))
            } else if then.stalled && action.priority == Some(Priority::High) {
                Some(format!("Stalled: no status change or note since {}", then.last_activity_at.date_naive()))
            } else {
                None
            };
            if let (Some(why), true) = (why, last.is_none_or(|l| (day - l).num_days() >= 21)) {
                let Some(target) = escalation::next_target(&path, level, &action.reference, action.owner.as_ref(), action.owner.as_ref().and_then(|o| managers.get(&o.id)), &holders)? else { break };
                let mut note = format!("{why}; escalated to level {}", target.level);
                for skipped in &target.skipped {
                    note.push_str(&format!(" ({skipped})"));
                }
                ins(w, "escalations", &[("action_id", i(action.id)), ("level", i(target.level)), ("person_id", i(target.person.id)), ("at", t(ts(day, 9))), ("note", t(note))])?;
                holders.push((target.level, target.person));
                level = target.level;
                last = Some(day);
            }
            day = days(day, 1);
        }
        if level > 0 {
            w.execute(
                "UPDATE actions SET escalation_level = ?1, blockers = 'Competing priorities in the owner''s team; needs a decision on who does the work' WHERE id = ?2",
                rusqlite::params![level, action.id],
            )?;
            w.audit("action", &action.reference, "escalate", None, Some(&json!({"escalationLevel": level})))?;
        }
    }
    Ok(())
}

/// Fills a freshly created store (no reviews yet) with the demo organisation.
pub fn populate(store: &mut Store, actor: &Actor) -> Result<DemoSummary> {
    let existing: i64 = store.conn().query_row("SELECT (SELECT count(*) FROM reviews) + (SELECT count(*) FROM actions) + (SELECT count(*) FROM holidays)", [], |row| row.get(0))?;
    if existing > 0 {
        return Err(Error::Conflict("the store already holds reviews or actions; the demo fills only a new store".into()));
    }
    let today = actor.today();
    store.write(actor, |w| {
        let mut c = Ctx { people: Vec::new(), names: Vec::new(), today, seq: Default::default(), actions: 0, decisions: 0, evidence: 0, objectives: Vec::new(), approvals: Vec::new(), held: Vec::new(), registers: Default::default() };
        for (name, title, department, manager, top, active) in PEOPLE {
            let email = format!("{}@northwind-analytics.example", name.to_lowercase().replace(' ', "."));
            let pid = ins(w, "people", &[("name", t(name)), ("email", t(email)), ("job_title", t(title)), ("department", t(department)), ("line_manager_id", id(manager.map(|m| c.people[m]))), ("is_top_management", i(top as i64)), ("active", i(active as i64))])?;
            c.people.push(pid);
            c.names.push(name.to_owned());
        }
        w.execute("UPDATE organisation SET isms_lead_id = ?1, review_cadence_months = 3, quorum_min_top_management = 2, quorum_min_members = 5 WHERE id = 1", [c.p(LEAD)])?;
        w.audit("organisation", "1", "update", None, Some(&json!({"isms_lead_id": c.p(LEAD), "review_cadence_months": 3, "quorum_min_top_management": 2, "quorum_min_members": 5})))?;
        for (level, name, person) in [(1, "Line manager", None), (2, "Department head", Some(COO)), (3, "CISO", Some(CISO)), (4, "Executive leadership", Some(CEO))] {
            ins(w, "escalation_levels", &[("level", i(level)), ("name", t(name)), ("person_id", id(person.map(|p| c.p(p))))])?;
        }
        let mut holidays = 0;
        for year in today.year() - 3..=today.year() + 1 {
            for (day, name) in england_and_wales_holidays(year) {
                ins(w, "holidays", &[("day", t(day.to_string())), ("name", t(name))])?;
                holidays += 1;
            }
        }
        let start = NaiveDate::from_ymd_opt(today.year() - 3, 1, 1).expect("a valid year");
        for (title, owner, measure, target) in [
            ("Reduce the phishing click rate", LEAD, "Click rate in quarterly simulations", "5% or less"),
            ("Patch critical vulnerabilities quickly", HEAD_IT, "Share of critical vulnerabilities patched within 14 days", "95% or more"),
            ("Everyone trained in security awareness", HR, "Share of staff with current training", "98% or more"),
            ("Contain incidents within a working day", CISO, "Mean time to contain a security incident", "24 hours or less"),
            ("Tested recovery for customer-data systems", ITOPS, "Share of restore tests passed", "100%"),
        ] {
            let oid = ins(w, "objectives", &[("title", t(title)), ("owner_id", i(c.p(owner))), ("measure", t(measure)), ("target", t(target)), ("period_start", t(start.to_string())), ("period_end", t(format!("{}-12-31", today.year() + 1))), ("active", i(1))])?;
            c.objectives.push(oid);
        }
        for (who, role, required) in BOARD {
            ins(w, "review_board", &[("person_id", i(c.p(who))), ("role", t(role)), ("required", i(required as i64))])?;
        }
        // Quarterly reviews on the second Tuesday of Feb, May, Aug and Nov.
        let mut dates = Vec::new();
        let anchor = NaiveDate::from_ymd_opt(today.year() - 4, 2, 1).expect("a valid day");
        for q in 0..24u32 {
            let month = anchor.checked_add_months(Months::new(3 * q)).expect("a valid month");
            dates.push(nth_weekday(month.year(), month.month(), Weekday::Tue, 2));
        }
        let past: Vec<NaiveDate> = dates.iter().copied().filter(|d| *d < today).collect();
        let past = past[past.len().saturating_sub(12)..].to_vec();
        let next = dates.iter().copied().find(|d| *d >= today).expect("a future review");
        // The ad hoc reviews happen between the scheduled ones, in date order with them.
        let incident_day = days(past[past.len() - 3], 23);
        let finding_day = days(past[past.len() - 6], 30);
        c.held = past.iter().copied().chain([incident_day, finding_day]).filter(|d| *d < today).collect();
        let mut prev: Option<String> = None;
        let mut reviews = 0;
        for (n, day) in past.iter().enumerate() {
            let next_on = past.get(n + 1).copied().unwrap_or(next);
            let (_, reference) = review(w, &mut c, *day, n, None, prev.clone(), Some(next_on), n == past.len() - 5, n == past.len() - 4)?;
            prev = Some(reference);
            reviews += 1;
            if days(*day, 23) == incident_day {
                let (_, reference) = review(w, &mut c, incident_day, n + 1, Some(("major_incident", "Compromise of a supplier's remote-support account used to reach two production servers (INC-0412)", "Ad hoc review: supplier account compromise (INC-0412)")), prev.clone(), None, false, false)?;
                prev = Some(reference);
                reviews += 1;
            }
            if days(*day, 30) == finding_day {
                let (_, reference) = review(w, &mut c, finding_day, n + 2, Some(("audit_finding", "Surveillance audit minor nonconformity: backups not restore-tested for the CRM (A.8.13)", "Ad hoc review: surveillance audit finding on backups")), prev.clone(), None, false, false)?;
                prev = Some(reference);
                reviews += 1;
            }
        }
        review(w, &mut c, next, past.len(), None, prev, None, false, false)?;
        reviews += 1;
        report_carried_actions(w, &c)?;
        escalate_overdue(w, &c)?;
        quote_own_figures(w, &c)?;
        record_no_change(w)?;
        approve_minutes(w, &c)?;
        for ((name, year), last) in &c.seq {
            ins(w, "sequences", &[("name", t(name.clone())), ("year", i(*year as i64)), ("last", i(*last))])?;
        }
        Ok(DemoSummary { people: c.people.len(), reviews, actions: c.actions, decisions: c.decisions, evidence: c.evidence, holidays })
    })
}
