//! A review that passes every readiness rule, built through the public functions, for the
//! tests that each break one rule and for the approval properties.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rusqlite::params;

use super::decisions::{Area, NewDecision};
use super::inputs::InputChange;
use super::*;
use crate::keychain::MemoryKeychain;
use crate::register::{self, NewAction, Priority, Source};
use crate::store::{NewStore, Secret};

pub const MEETING: (i32, u32, u32) = (2027, 3, 9);

pub fn meeting_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(MEETING.0, MEETING.1, MEETING.2).unwrap()
}

pub fn at(day: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(9, 0, 0).unwrap())
}

pub fn actor_on(day: NaiveDate) -> Actor {
    Actor::new("Ana Lead", at(day))
}

pub fn new_store(dir: &tempfile::TempDir) -> Store {
    let actor = actor_on(meeting_day() - Duration::days(60));
    Store::create(&dir.path().join("q.db"), &NewStore { organisation: "Acme".into(), time_zone: "Europe/London".into(), lead: None }, Secret::random_key().unwrap(), Some(&MemoryKeychain::default()), &actor).unwrap()
}

pub fn person(store: &mut Store, name: &str, top: bool) -> i64 {
    store
        .write(&actor_on(meeting_day() - Duration::days(60)), |w| {
            w.execute("INSERT INTO people (name, is_top_management) VALUES (?1, ?2)", params![name, top])?;
            let id = w.last_insert_rowid();
            w.audit("person", &id.to_string(), "create", None, None)?;
            Ok(id)
        })
        .unwrap()
}

pub struct Fixture {
    pub reference: String,
    pub chair: i64,
    pub cfo: i64,
    pub lead: i64,
}

/// What [`build`] leaves out, so that a test breaks exactly one rule.
#[derive(Default, Clone, Copy)]
pub struct Omit {
    pub input_summary: Option<&'static str>,
    pub area: Option<Area>,
    pub discussion: bool,
    pub conclusion: bool,
    pub approval: bool,
    /// The chair's reason to approve over the findings the test leaves open: approval refuses
    /// without one (a review that breaks no rule needs none).
    pub anyway: Option<&'static str>,
}

/// A conclusion a board would write: suitable, adequate once the decided change is made,
/// effective.
pub fn conclusion() -> conclusion::SetConclusion {
    let judgement = |verdict, rationale: &str| conclusion::Judgement { verdict, rationale: rationale.into() };
    conclusion::SetConclusion {
        suitable: judgement(conclusion::Verdict::Yes, "The scope and the policy still match the business; no change of context was reported."),
        adequate: judgement(conclusion::Verdict::YesWithChanges, "Adequate once the backup gap decided under corrective action is closed."),
        effective: judgement(conclusion::Verdict::Yes, "Objectives met or on track; no major incident in the period."),
    }
}

/// A review on [`meeting_day`], held, with every input, area and note in place; approved
/// unless `omit.approval` (over open findings only with `omit.anyway`).
pub fn build(store: &mut Store, starts: NaiveDate, invitations_on: NaiveDate, pack_on: NaiveDate, omit: Omit) -> Fixture {
    let before = actor_on(starts - Duration::days(30));
    let chair = person(store, &format!("Chair {starts}"), true);
    let cfo = person(store, &format!("CFO {starts}"), true);
    let lead = person(store, &format!("Lead {starts}"), false);
    let new = NewReview {
        title: "Quarterly review".into(),
        trigger: None,
        trigger_text: None,
        scope: Scope::Both,
        starts_at: starts.and_hms_opt(10, 0, 0).unwrap(),
        time_zone: "Europe/London".into(),
        duration_minutes: 120,
        location: None,
    };
    let reference = create(store, &before, &new).unwrap().reference;
    for (id, role) in [(chair, "chair"), (cfo, "top_management"), (lead, "isms_lead")] {
        invite(store, &before, &reference, id, role, true).unwrap();
    }
    for code in catalogue::inputs_for(Scope::Both).iter().map(|i| i.code) {
        if omit.input_summary != Some(code) {
            // Every input ends somewhere: d1 in the corrective decision below, the others in
            // an explicit "no change".
            let no_change = (code != "d1").then(|| "Presented for information: within its targets, nothing in it calls for a change.".to_owned());
            let change = InputChange { summary: Some(format!("What was presented for {code}: figures, trend and the presenter's view.")), no_change, ..Default::default() };
            inputs::set(store, &before, &reference, code, &change).unwrap();
        }
    }
    transition(store, &before, &reference, Status::InvitationsSent, Some(invitations_on), None).unwrap();
    transition(store, &before, &reference, Status::PackCirculated, Some(pack_on), None).unwrap();
    // After the meeting has started (10:00 in London): a review is held from its start.
    let on_the_day = Actor::new("Ana Lead", at(starts) + Duration::hours(3));
    transition(store, &on_the_day, &reference, Status::Held, Some(starts), None).unwrap();
    for id in [chair, cfo, lead] {
        attend(store, &on_the_day, &reference, id, "present", None).unwrap();
    }
    if !omit.discussion {
        let record = record::load(store.conn(), &reference, at(starts)).unwrap();
        for item in &record.agenda {
            agenda::discuss(store, &on_the_day, &reference, item.position, &item_notes(item)).unwrap();
        }
    }
    for area in Area::ALL.iter().copied().filter(|a| Some(*a) != omit.area) {
        if area == Area::CorrectivePreventive {
            let decision = decisions::add(store, &on_the_day, &reference, &NewDecision { area: Some(area), text: "Fix the backup gap".into(), inputs: vec!["d1".into()], ..Default::default() }).unwrap();
            let review_id = register::resolve_review(store.conn(), &reference).unwrap();
            let action = NewAction {
                description: "Restore-test the CRM backups monthly".into(),
                source: Some(Source::Nonconformity),
                review_id: Some(review_id),
                decision_id: Some(decision.id),
                owner_id: Some(lead),
                target_on: Some(starts + Duration::days(30)),
                priority: Some(Priority::High),
                ..Default::default()
            };
            register::add(store, &on_the_day, &action).unwrap();
        } else {
            decisions::none(store, &on_the_day, &reference, area, "Nothing in the inputs called for it.").unwrap();
        }
    }
    if !omit.conclusion {
        conclusion::set(store, &on_the_day, &reference, &conclusion()).unwrap();
    }
    if !omit.approval {
        approval::approve(store, &actor_on(starts + Duration::days(3)), &reference, chair, omit.anyway).unwrap();
    }
    Fixture { reference, chair, cfo, lead }
}

/// Notes of their own for each agenda item, as a minute taker writes them: what was
/// presented under the item and what the members made of it.
pub fn item_notes(item: &agenda::AgendaItem) -> String {
    const TAKES: [&str; 4] = [
        "members challenged the presenter on the trend and accepted it with one correction",
        "the chair asked for the figures behind the summary and the CFO questioned the cost",
        "the discussion centred on whether the change is lasting; top management agreed it is",
        "nobody disputed the figures, but the board asked for next quarter's forecast in writing",
    ];
    format!(
        "Item {}, {}: {} presented {}; {}. Conclusion recorded under the decisions of this review.",
        item.position,
        item.title.to_lowercase(),
        if item.inputs.is_empty() { "the chair".to_owned() } else { format!("the owners of inputs {}", item.inputs.join(", ")) },
        if item.inputs.is_empty() { "the purpose and the rules of the meeting".to_owned() } else { "their reports and the quarter's measurements".to_owned() },
        TAKES[item.position as usize % TAKES.len()]
    )
}

/// The compliant review: invitations 14 days and the pack 7 days ahead.
pub fn compliant(store: &mut Store, omit: Omit) -> Fixture {
    let day = meeting_day();
    build(store, day, day - Duration::days(14), day - Duration::days(7), omit)
}
