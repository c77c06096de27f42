//! Years of a busy organisation, built through core's own write paths, for the scale
//! benchmark (`quorum demo --years 10 --size large`): quarterly reviews and one ad hoc
//! review a year, each prepared, held, decided and approved; hundreds of people; thousands
//! of actions, each raised at a review and living its life (started, notes, revised dates,
//! escalations, completion, verification, sometimes a rejection), with closure evidence.
//!
//! Every step is the function a user's command calls, at its own instant: all steps of
//! all reviews and actions are put in time order first, so the audit trail reads forward,
//! and only steps before "now" happen (recent actions are still open). Deterministic: the
//! same size and "now" give the same store, apart from random UIDs and keys.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use crate::error::{Error, Result};
use crate::people::{self, PersonChange};
use crate::register::{self, ActionStatus, ActionUpdate, EscalateRequest, NewAction, Outcome, Priority, Source, VerifyRequest};
use crate::review::conclusion::{self, Judgement, SetConclusion, Verdict};
use crate::review::decisions::{self, Area, NewDecision};
use crate::review::evidence::{self, EvidenceFor};
use crate::review::inputs::{self, Better, InputChange, NewKpi};
use crate::review::{self, agenda, approval, catalogue, NewReview, Scope, Status, Trigger};
use crate::store::{Actor, Store};

/// How much to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub years: u32,
    pub people: usize,
    pub actions: usize,
    pub evidence: usize,
}

impl Size {
    /// A busy organisation: 300 people, 2,000 actions and 500 evidence files a year.
    pub fn large(years: u32) -> Size {
        Size { years, people: 300, actions: 2_000 * years as usize, evidence: 500 * years as usize }
    }
    /// A small organisation: 40 people, 100 actions and 10 evidence files a year.
    pub fn small(years: u32) -> Size {
        Size { years, people: 40, actions: 100 * years as usize, evidence: 10 * years as usize }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Built {
    pub people: usize,
    pub reviews: usize,
    pub actions: usize,
    pub evidence: usize,
    pub audit_events: i64,
}

impl std::fmt::Display for Built {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} people, {} reviews, {} actions, {} evidence files, {} audit events", self.people, self.reviews, self.actions, self.evidence, self.audit_events)
    }
}

/// One step, at its instant.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Prepare(usize),
    Invite(usize),
    Circulate(usize),
    Hold(usize),
    Approve(usize),
    Start(usize),
    Note(usize, u32),
    Revise(usize),
    Escalate(usize),
    Complete(usize),
    Verify(usize, bool),
}

struct Meeting {
    day: NaiveDate,
    ad_hoc: bool,
    reference: String,
    first_action: usize,
    actions: usize,
}

struct Life {
    reference: String,
    owner: usize,
    target: NaiveDate,
    /// Closure evidence is attached when it is first completed.
    evidence: bool,
}

/// A small deterministic generator (64-bit LCG), so the same size gives the same store.
struct Dice(u64);
impl Dice {
    fn roll(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.roll(100) < percent
    }
}

fn instant(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(hour, 0, 0).expect("a valid hour"))
}

const TOP: &[(&str, &str)] = &[
    ("Chief Executive Officer", "Executive"),
    ("Chief Operating Officer", "Operations"),
    ("Chief Financial Officer", "Finance"),
    ("Chief Information Security Officer", "Security"),
    ("ISMS Lead", "Security"),
];
const DEPARTMENTS: &[&str] = &["Engineering", "IT", "HR", "Legal", "Sales", "Support", "Finance", "Facilities", "Data", "Product"];
const WORK: &[(&str, Source)] = &[
    ("Restore-test the backups of", Source::Nonconformity),
    ("Patch the critical vulnerabilities on", Source::KpiGap),
    ("Review the access rights to", Source::AuditFinding),
    ("Replace the end-of-life servers behind", Source::Risk),
    ("Run the phishing exercise for", Source::Improvement),
    ("Write the incident playbook for", Source::Incident),
    ("Hire a second administrator for", Source::ResourceNeed),
];
const SYSTEMS: &[&str] = &["the CRM", "the VPN", "the payroll system", "the data warehouse", "the build servers", "the customer portal", "the mail gateway", "the HR system"];

/// Builds `size` into a new, empty store, ending at the actor's "now"; `progress` hears
/// (steps done, steps in all) now and then. Durability is relaxed while it builds (a crash
/// means building again) and restored at the end.
pub fn build(store: &mut Store, actor: &Actor, size: Size, mut progress: impl FnMut(usize, usize)) -> Result<Built> {
    let existing: i64 = store.conn().query_row("SELECT (SELECT count(*) FROM reviews) + (SELECT count(*) FROM actions)", [], |row| row.get(0))?;
    if existing > 0 {
        return Err(Error::Conflict("the store already holds reviews or actions; the scale fixture fills only a new store".into()));
    }
    if size.years == 0 || size.people < 20 {
        return Err(Error::invalid("the scale fixture needs at least one year and 20 people"));
    }
    store.conn().pragma_update(None, "synchronous", "OFF")?;
    let result = fill(store, actor, size, &mut progress);
    store.conn().pragma_update(None, "synchronous", "FULL")?;
    result
}

fn fill(store: &mut Store, actor: &Actor, size: Size, progress: &mut impl FnMut(usize, usize)) -> Result<Built> {
    let today = actor.today();
    let start = today - Duration::days(365 * i64::from(size.years));
    let at = |day: NaiveDate, hour: u32| Actor::new(actor.name.clone(), instant(day, hour));
    let mut dice = Dice(size.actions as u64 ^ 0x9e37_79b9);

    // People: top management, a head per department, everyone else under a head.
    let mut people = Vec::new();
    let joined = at(start - Duration::days(60), 9);
    for n in 0..size.people {
        let (title, department, manager, top) = if n < TOP.len() {
            (TOP[n].0.to_owned(), TOP[n].1.to_owned(), (n > 0).then(|| people[0]), true)
        } else if n < TOP.len() + DEPARTMENTS.len() {
            (format!("Head of {}", DEPARTMENTS[n - TOP.len()]), DEPARTMENTS[n - TOP.len()].to_owned(), Some(people[1]), false)
        } else {
            let department = (n - TOP.len()) % DEPARTMENTS.len();
            (format!("{} specialist", DEPARTMENTS[department]), DEPARTMENTS[department].to_owned(), Some(people[TOP.len() + department]), false)
        };
        let change = PersonChange {
            name: Some(format!("Person {n:03} {department}")),
            email: Some(format!("person{n:03}@busy.example")),
            job_title: Some(title),
            department: Some(department),
            line_manager_id: manager,
            top_management: Some(top),
            active: Some(true),
        };
        people.push(people::add(store, &joined, &change)?.id);
    }
    let (ceo, coo, cfo, ciso, lead) = (people[0], people[1], people[2], people[3], people[4]);
    register::set_escalation_path(store, &joined, &[("Line manager".into(), None), ("Department head".into(), Some(coo)), ("CISO".into(), Some(ciso)), ("Executive leadership".into(), Some(ceo))])?;

    // Meetings: quarterly, plus one ad hoc review a year; the next quarterly one is planned.
    let mut meetings = Vec::new();
    for quarter in 0..=4 * size.years {
        let day = start + Duration::days(45 + 91 * i64::from(quarter));
        meetings.push(Meeting { day, ad_hoc: false, reference: String::new(), first_action: 0, actions: 0 });
        if quarter % 4 == 2 {
            meetings.push(Meeting { day: day + Duration::days(40), ad_hoc: true, reference: String::new(), first_action: 0, actions: 0 });
        }
    }
    meetings.sort_by_key(|m| m.day);
    let held = meetings.iter().take_while(|m| m.day < today - Duration::days(5)).count();
    meetings.truncate(held + 1);
    let per_meeting = size.actions / held.max(1);
    let mut lives: Vec<Life> = Vec::new();
    for (n, meeting) in meetings.iter_mut().enumerate().take(held) {
        meeting.first_action = n * per_meeting;
        meeting.actions = if n + 1 == held { size.actions - n * per_meeting } else { per_meeting };
    }
    let evidence_every = (size.actions / size.evidence.max(1)).max(1);

    // Every step of every meeting and action, in time order.
    let mut steps: Vec<(DateTime<Utc>, Step)> = Vec::new();
    for (n, meeting) in meetings.iter().enumerate() {
        let day = meeting.day;
        if n == held {
            // The next review is being prepared: created by now, invitations on their way.
            steps.push(((instant(day - Duration::days(30), 8)).min(actor.now - Duration::hours(1)), Step::Prepare(n)));
            steps.push((instant(day - Duration::days(15), 8), Step::Invite(n)));
            continue;
        }
        steps.push((instant(day - Duration::days(30), 8), Step::Prepare(n)));
        steps.push((instant(day - Duration::days(15), 8), Step::Invite(n)));
        steps.push((instant(day - Duration::days(8), 8), Step::Circulate(n)));
        steps.push((instant(day, 16), Step::Hold(n)));
        steps.push((instant(day + Duration::days(4), 8), Step::Approve(n)));
        for k in meeting.first_action..meeting.first_action + meeting.actions {
            let target = day + Duration::days(30 + dice.roll(150) as i64);
            let owner = TOP.len() + dice.roll((size.people - TOP.len()) as u64) as usize;
            lives.push(Life { reference: String::new(), owner, target, evidence: k % evidence_every == 0 });
            let started = day + Duration::days(1 + dice.roll(10) as i64);
            steps.push((instant(started, 10), Step::Start(k)));
            let mut final_target = target;
            if dice.chance(12) {
                steps.push((instant(target - Duration::days(5), 11), Step::Revise(k)));
                final_target = target + Duration::days(60);
            }
            let late = dice.chance(15);
            if late && dice.chance(40) {
                steps.push((instant(final_target + Duration::days(8), 12), Step::Escalate(k)));
            }
            let done = if late { final_target + Duration::days(10 + dice.roll(40) as i64) } else { final_target - Duration::days(dice.roll(20) as i64) };
            let done = done.max(started + Duration::days(2));
            for note in 0..dice.roll(4) as u32 {
                let between = 1 + dice.roll(((done - started).num_days() - 1).max(1) as u64) as i64;
                steps.push((instant(started + Duration::days(between), 15), Step::Note(k, note)));
            }
            steps.push((instant(done, 16), Step::Complete(k)));
            let verified = done + Duration::days(2 + dice.roll(8) as i64);
            if dice.chance(5) {
                steps.push((instant(verified, 14), Step::Verify(k, false)));
                steps.push((instant(verified + Duration::days(14), 16), Step::Complete(k)));
                steps.push((instant(verified + Duration::days(18), 14), Step::Verify(k, true)));
            } else {
                steps.push((instant(verified, 14), Step::Verify(k, true)));
            }
        }
    }
    steps.retain(|(t, _)| *t <= actor.now);
    steps.sort();
    let total = steps.len();
    let mut built = Built { people: people.len(), ..Default::default() };
    for (done, (t, step)) in steps.into_iter().enumerate() {
        if done % 500 == 0 {
            progress(done, total);
        }
        let who = Actor::new(actor.name.clone(), t);
        match step {
            Step::Prepare(n) => {
                let meeting = &meetings[n];
                let new = NewReview {
                    title: if meeting.ad_hoc { "Ad hoc review after a major incident".into() } else { "Quarterly management review".into() },
                    trigger: meeting.ad_hoc.then_some(Trigger::MajorIncident),
                    trigger_text: meeting.ad_hoc.then(|| "A supplier's remote-support account reached production".into()),
                    scope: Scope::Both,
                    starts_at: meeting.day.and_hms_opt(10, 0, 0).expect("ten o'clock"),
                    time_zone: "Europe/London".into(),
                    duration_minutes: 120,
                    location: Some("Board room".into()),
                };
                let reference = review::create(store, &who, &new)?.reference;
                for (person, role) in [(ceo, "chair"), (coo, "top_management"), (cfo, "top_management"), (lead, "isms_lead"), (ciso, "department_head")] {
                    review::invite(store, &who, &reference, person, role, true)?;
                }
                for input in catalogue::inputs_for(Scope::Both) {
                    let change = InputChange { summary: Some(format!("{}: the figures for the quarter, their trend and the presenter's view.", input.title)), presenter_id: Some(lead), ..Default::default() };
                    inputs::set(store, &who, &reference, input.code, &change)?;
                }
                for (name, value, target, better) in [("Phishing click rate", 3.0 + (n % 7) as f64, 5.0, Better::Lower), ("Critical patches within 14 days", 88.0 + (n % 10) as f64, 95.0, Better::Higher)] {
                    inputs::set_kpi(store, &who, &reference, "d2", &NewKpi { name: name.into(), value, target: Some(target), unit: "%".into(), better })?;
                }
                if built.evidence < size.evidence {
                    evidence::add(store, &who, &EvidenceFor::Review { review: reference.clone(), input_code: Some("d2".into()) }, &format!("kpis-{reference}.csv"), &file_content(n))?;
                    built.evidence += 1;
                }
                meetings[n].reference = reference;
                built.reviews += 1;
            }
            Step::Invite(n) => drop(review::transition(store, &who, &meetings[n].reference, Status::InvitationsSent, Some(who.today()), None)?),
            Step::Circulate(n) => drop(review::transition(store, &who, &meetings[n].reference, Status::PackCirculated, Some(who.today()), None)?),
            Step::Hold(n) => {
                let reference = meetings[n].reference.clone();
                review::transition(store, &who, &reference, Status::Held, Some(meetings[n].day), None)?;
                for person in [ceo, coo, cfo, lead, ciso] {
                    review::attend(store, &who, &reference, person, "present", None)?;
                }
                let review_id = register::resolve_review(store.conn(), &reference)?;
                for item in agenda::list(store.conn(), review_id)? {
                    agenda::discuss(store, &who, &reference, item.position, "The members went through the figures, challenged the trend and agreed the conclusions recorded below.")?;
                }
                let decision = decisions::add(store, &who, &reference, &NewDecision { area: Some(Area::CorrectivePreventive), text: "Fix what the inputs showed, each with an owner and a date".into(), inputs: vec!["d1".into(), "d2".into()], ..Default::default() })?;
                for area in Area::ALL.iter().copied().filter(|a| *a != Area::CorrectivePreventive) {
                    decisions::none(store, &who, &reference, area, "Nothing in the inputs called for it.")?;
                }
                let meeting = &meetings[n];
                for k in meeting.first_action..meeting.first_action + meeting.actions {
                    let (work, source) = WORK[k % WORK.len()];
                    let life = &lives[k];
                    let new = NewAction {
                        description: format!("{work} {}", SYSTEMS[(k / WORK.len()) % SYSTEMS.len()]),
                        source: Some(source),
                        review_id: Some(review_id),
                        decision_id: Some(decision.id),
                        owner_id: Some(people[life.owner]),
                        target_on: Some(life.target),
                        priority: Some([Priority::High, Priority::Medium, Priority::Medium, Priority::Low][k % 4]),
                        tags: vec![SYSTEMS[k % SYSTEMS.len()].trim_start_matches("the ").replace(' ', "-")],
                        ..Default::default()
                    };
                    lives[k].reference = register::add(store, &who, &new)?.reference;
                    built.actions += 1;
                }
            }
            Step::Approve(n) => {
                let judgement = |verdict, rationale: &str| Judgement { verdict, rationale: rationale.into() };
                let concluded = SetConclusion {
                    suitable: judgement(Verdict::Yes, "Scope and policy still fit the business."),
                    adequate: judgement(Verdict::Yes, "Resources and controls met the period's needs."),
                    effective: judgement(Verdict::YesWithChanges, "Effective once the overdue actions of the quarter are closed."),
                };
                conclusion::set(store, &who, &meetings[n].reference, &concluded)?;
                // A busy register always has some overdue actions not yet escalated when the minutes
                // are approved: the chair approves over such findings with a reason (kept only when
                // the check has findings).
                approval::approve(store, &who, &meetings[n].reference, ceo, Some("The open findings are followed up in the action register"))?;
            }
            Step::Start(k) => {
                let change = ActionUpdate { status: Some(ActionStatus::InProgress), note: Some("Work started; the owner has a plan.".into()), ..Default::default() };
                register::update(store, &who, &lives[k].reference, &change)?;
            }
            Step::Note(k, note) => {
                let change = ActionUpdate { note: Some(format!("Progress update {}: on track, {} of the work done.", note + 1, ["a third", "half", "most"][note as usize % 3])), ..Default::default() };
                register::update(store, &who, &lives[k].reference, &change)?;
            }
            Step::Revise(k) => {
                let life = &lives[k];
                register::revise_date(store, &who, &life.reference, life.target + Duration::days(60), "The supplier moved the delivery; agreed with the ISMS lead")?;
            }
            Step::Escalate(k) => drop(register::escalate(store, &who, &lives[k].reference, &EscalateRequest::default())?),
            Step::Complete(k) => {
                let reference = lives[k].reference.clone();
                if std::mem::take(&mut lives[k].evidence) && built.evidence < size.evidence {
                    evidence::add(store, &who, &EvidenceFor::Action { action: reference.clone() }, &format!("closure-{reference}.txt"), &file_content(k))?;
                    built.evidence += 1;
                }
                register::complete(store, &who, &reference, Some("Done: the evidence is attached."))?;
            }
            Step::Verify(k, accepted) => {
                // Owners are never the ISMS lead, who verifies.
                let request = VerifyRequest {
                    verifier_id: lead,
                    outcome: if accepted { Outcome::Accepted } else { Outcome::Rejected },
                    evidence: "Looked at the change record and the system itself".into(),
                    reason: (!accepted).then(|| "The restore test covered only one of the two databases".into()),
                };
                register::verify(store, &who, &lives[k].reference, &request)?;
            }
        }
    }
    progress(total, total);
    built.audit_events = store.conn().query_row("SELECT count(*) FROM audit_events", [], |row| row.get(0))?;
    Ok(built)
}

/// A small file of its own for each piece of evidence.
fn file_content(n: usize) -> Vec<u8> {
    let mut text = String::from("date,check,result\n");
    for line in 0..40 {
        text.push_str(&format!("2026-01-{:02},check {n}-{line},passed\n", 1 + line % 28));
    }
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keychain::MemoryKeychain;
    use crate::store::{NewStore, Secret};

    #[test]
    fn a_small_organisation_of_three_years_passes_verify_store() {
        let dir = tempfile::tempdir().unwrap();
        let now = instant(NaiveDate::from_ymd_opt(2030, 6, 15).unwrap(), 9);
        let actor = Actor::new("ISMS Lead", now);
        let new = NewStore { organisation: "Busy Ltd".into(), time_zone: "Europe/London".into(), lead: None };
        let mut store = Store::create(&dir.path().join("q.db"), &new, Secret::random_key().unwrap(), Some(&MemoryKeychain::default()), &actor).unwrap();
        let mut heard = Vec::new();
        let built = build(&mut store, &actor, Size::small(3), |done, total| heard.push((done, total))).unwrap();
        // 12 quarterly and 3 ad hoc reviews held, and the next quarterly one planned.
        assert_eq!((built.people, built.reviews, built.actions), (40, 16, 300));
        assert_eq!(built.evidence, 30);
        assert!(built.audit_events > 1_500, "{built}");
        assert_eq!(heard.last().map(|(d, t)| d == t), Some(true));
        let report = store.verify().unwrap();
        assert!(report.is_ok(), "{report:?}");
        let closed: i64 = store.conn().query_row("SELECT count(*) FROM actions WHERE status = 'closed'", [], |r| r.get(0)).unwrap();
        let open: i64 = store.conn().query_row("SELECT count(*) FROM actions WHERE status <> 'closed'", [], |r| r.get(0)).unwrap();
        assert!(closed > 200 && open > 0, "closed {closed}, open {open}");
        for table in ["action_notes", "action_date_revisions", "escalations", "verifications"] {
            let rows: i64 = store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap();
            assert!(rows > 0, "no {table}");
        }
        assert!(build(&mut store, &actor, Size::small(1), |_, _| {}).is_err(), "only a new store");
    }
}
