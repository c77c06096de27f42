//! Document control and approval of the minutes. The chair and each named approver
//! approve a revision; the last approval locks it: the whole record is frozen as a JSON
//! snapshot with its SHA-256 (a trigger keeps approved revisions from changing), and the
//! review becomes Approved. A later change needs a new revision (1.0 → 1.1) with its
//! particulars; the approved one stays as it was.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::record::{self, ReviewRecord};
use super::{editable, get, Status};
use crate::error::{Error, Result};
use crate::store::{Actor, Store};

/// A change to the document control of a review's minutes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(export, optional_fields))]
pub struct DocumentChange {
    pub classification: Option<String>,
    pub author_id: Option<i64>,
    pub reviewer_id: Option<i64>,
    pub owner_id: Option<i64>,
    pub distribution: Option<Vec<String>>,
    /// Who approves besides the chair.
    pub approvers: Option<Vec<i64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct ApprovalState {
    pub version: String,
    pub approved_by: Vec<String>,
    pub waiting_for: Vec<String>,
    /// The revision is approved and locked.
    pub locked: bool,
}

pub fn set_document(store: &mut Store, actor: &Actor, reference: &str, change: &DocumentChange) -> Result<()> {
    let review = editable(store.conn(), reference)?;
    let change = &DocumentChange {
        classification: change.classification.as_deref().map(|c| crate::text::line("classification", c)).transpose()?,
        distribution: change.distribution.as_ref().map(|names| names.iter().map(|n| crate::text::line("distribution name", n)).collect::<Result<Vec<_>>>()).transpose()?,
        ..change.clone()
    };
    if change.classification.as_deref().is_some_and(|c| c.trim().is_empty()) {
        return Err(Error::invalid("the classification cannot be empty (for example: Confidential)"));
    }
    let distribution = change.distribution.as_ref().map(|names| names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).collect::<Vec<_>>());
    store.write(actor, |w| {
        w.execute(
            "UPDATE document_control SET classification = coalesce(?1, classification), author_id = coalesce(?2, author_id), reviewer_id = coalesce(?3, reviewer_id),
                owner_id = coalesce(?4, owner_id), distribution = coalesce(?5, distribution), approvers = coalesce(?6, approvers) WHERE review_id = ?7",
            params![
                change.classification.as_deref().map(str::trim),
                change.author_id,
                change.reviewer_id,
                change.owner_id,
                distribution.as_ref().map(serde_json::to_string).transpose()?,
                change.approvers.as_ref().map(serde_json::to_string).transpose()?,
                review.id
            ],
        )?;
        let after = serde_json::json!({"classification": change.classification, "authorId": change.author_id, "reviewerId": change.reviewer_id, "ownerId": change.owner_id, "distribution": distribution, "approvers": change.approvers});
        w.audit("document_control", reference, "update", None, Some(&after))
    })
}

/// The draft revision being approved: the newest one, or 1.0 made now for a first issue.
fn draft_revision(conn: &Connection, review_id: i64) -> Result<Option<(i64, String)>> {
    Ok(conn
        .query_row("SELECT id, version FROM minutes_revisions WHERE review_id = ?1 AND status = 'draft' ORDER BY id DESC LIMIT 1", [review_id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?)
}

/// Who must approve: the chair first, then the named approvers.
fn required_approvers(conn: &Connection, review_id: i64) -> Result<Vec<(i64, String, &'static str)>> {
    let (chair, approvers): (Option<i64>, String) = conn.query_row(
        "SELECT r.chair_id, d.approvers FROM reviews r JOIN document_control d ON d.review_id = r.id WHERE r.id = ?1",
        [review_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let Some(chair) = chair else { return Ok(Vec::new()) };
    let mut ids = vec![(chair, "chair")];
    for id in serde_json::from_str::<Vec<i64>>(&approvers)? {
        if id != chair {
            ids.push((id, "approver"));
        }
    }
    ids.into_iter().map(|(id, role)| Ok((id, conn.query_row("SELECT name FROM people WHERE id = ?1", [id], |row| row.get(0))?, role))).collect()
}

/// Records `person_id`'s approval of the current draft; the last required approval locks it.
/// While the readiness check has findings (other than the approval itself), approving needs
/// `anyway`: the approver's reason, kept with the approval and printed in the revision history.
pub fn approve(store: &mut Store, actor: &Actor, reference: &str, person_id: i64, anyway: Option<&str>) -> Result<ApprovalState> {
    let review = editable(store.conn(), reference)?;
    let status: Status = review.status.parse()?;
    if status < Status::Held {
        return Err(Error::Conflict(format!("review {reference} has not been held yet; minutes are approved after the meeting (`quorum review transition {reference} held`)")));
    }
    super::conclusion::required_before_approval(store.conn(), review.id, reference)?;
    let required = required_approvers(store.conn(), review.id)?;
    if required.is_empty() {
        return Err(Error::Conflict(format!("review {reference} has no chair: invite one with `quorum review invite {reference} PERSON --role chair`")));
    }
    let Some((_, _, role)) = required.iter().find(|(id, _, _)| *id == person_id) else {
        let names: Vec<&str> = required.iter().map(|(_, name, _)| name.as_str()).collect();
        return Err(Error::Conflict(format!("only the chair and the named approvers approve these minutes ({}); add an approver with `quorum review set {reference} --approver NAME`", names.join(", "))));
    };
    let role = *role;
    let now = actor.now;
    let open = open_findings(store.conn(), reference, now)?;
    let reason = anyway.map(str::trim).filter(|r| !r.is_empty());
    if !open.is_empty() && reason.is_none() {
        let first: Vec<&str> = open.iter().take(3).map(|f| f.message.as_str()).collect();
        return Err(Error::Conflict(format!(
            "the readiness check has {} open finding(s) ({}{}): fix them, or approve anyway with the reason (`--anyway REASON`), which the revision history records",
            open.len(),
            first.join("; "),
            if open.len() > 3 { "; …" } else { "" }
        )));
    }
    let reason = if open.is_empty() { None } else { reason };
    store.write(actor, |w| {
        let (revision, version) = match draft_revision(w, review.id)? {
            Some(draft) => draft,
            None => {
                w.execute(
                    "INSERT INTO minutes_revisions (review_id, version, particulars, created_at) VALUES (?1, '1.0', 'First issue', ?2)",
                    params![review.id, now.to_rfc3339()],
                )?;
                (w.last_insert_rowid(), "1.0".to_owned())
            }
        };
        let inserted = w.execute(
            "INSERT OR IGNORE INTO approvals (revision_id, person_id, role, approved_at, open_findings, anyway_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![revision, person_id, role, now.to_rfc3339(), open.len() as i64, reason],
        )?;
        if inserted == 0 {
            return Err(Error::Conflict(format!("this person has already approved version {version} of {reference}")));
        }
        let mut after = serde_json::json!({"personId": person_id, "role": role});
        if let Some(reason) = reason {
            after["anyway"] = serde_json::json!({"reason": reason, "openFindings": open.iter().map(|f| &f.id).collect::<Vec<_>>()});
        }
        w.audit("approval", &format!("{reference}/{version}"), "approve", None, Some(&after))?;
        let state = approval_state(w, revision, &version, &required)?;
        if state.waiting_for.is_empty() {
            lock(w, reference, revision, &version, now)?;
            return Ok(ApprovalState { locked: true, ..state });
        }
        Ok(state)
    })
}

/// The readiness findings an approval has to answer for: all but the approval's own.
pub fn open_findings(conn: &Connection, reference: &str, now: DateTime<Utc>) -> Result<Vec<super::check::Finding>> {
    Ok(super::check::check(conn, reference, now)?.into_iter().filter(|f| f.section != "approval").collect())
}

fn approval_state(conn: &Connection, revision: i64, version: &str, required: &[(i64, String, &str)]) -> Result<ApprovalState> {
    let approved: Vec<i64> = {
        let mut statement = conn.prepare("SELECT person_id FROM approvals WHERE revision_id = ?1 ORDER BY approved_at")?;
        let ids = statement.query_map([revision], |row| row.get(0))?.collect::<Result<_, _>>()?;
        ids
    };
    let name = |id: &i64| required.iter().find(|(r, _, _)| r == id).map(|(_, n, _)| n.clone()).unwrap_or_default();
    Ok(ApprovalState {
        version: version.to_owned(),
        approved_by: approved.iter().map(name).collect(),
        waiting_for: required.iter().filter(|(id, _, _)| !approved.contains(id)).map(|(_, n, _)| n.clone()).collect(),
        locked: false,
    })
}

/// Freezes the revision: the record as JSON, its hash, the release date; the review is Approved.
fn lock(w: &mut crate::store::Write<'_>, reference: &str, revision: i64, version: &str, now: DateTime<Utc>) -> Result<()> {
    let review = get(w, reference)?;
    w.execute("UPDATE reviews SET status = 'approved' WHERE id = ?1", [review.id])?;
    w.execute(
        "INSERT INTO review_transitions (review_id, from_status, to_status, at, by_person, note) VALUES (?1, ?2, 'approved', ?3, ?4, ?5)",
        params![review.id, review.status, now.to_rfc3339(), w.actor().name, format!("version {version} approved")],
    )?;
    let snapshot = serde_json::to_string(&record::load(w, reference, now)?)?;
    let hash = hex::encode(Sha256::digest(snapshot.as_bytes()));
    w.execute(
        "UPDATE minutes_revisions SET status = 'approved', released_on = ?1, snapshot = ?2, snapshot_sha256 = ?3 WHERE id = ?4",
        params![w.actor().today().to_string(), snapshot, hash, revision],
    )?;
    w.audit("minutes_revision", &format!("{reference}/{version}"), "approve", None, Some(&serde_json::json!({"sha256": hash})))
}

/// Opens a new revision of approved minutes (1.0 → 1.1), with what it changes; the
/// review goes back to Minutes drafted and the approved revision stays intact.
pub fn revise(store: &mut Store, actor: &Actor, reference: &str, particulars: &str) -> Result<String> {
    let review = get(store.conn(), reference)?;
    if review.status != Status::Approved.as_str() {
        return Err(Error::Conflict(format!("review {reference} is not approved: edit the draft minutes directly and approve them")));
    }
    let particulars = &crate::text::lines("particulars of the revision", particulars)?;
    if particulars.is_empty() {
        return Err(Error::invalid("a new revision needs its particulars: what changes and why (--particulars)"));
    }
    let newest: String = store.conn().query_row("SELECT version FROM minutes_revisions WHERE review_id = ?1 ORDER BY id DESC LIMIT 1", [review.id], |row| row.get(0))?;
    let version = next_version(&newest);
    store.write(actor, |w| {
        w.execute(
            "INSERT INTO minutes_revisions (review_id, version, particulars, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![review.id, version, particulars.trim(), w.actor().now.to_rfc3339()],
        )?;
        w.execute("UPDATE reviews SET status = 'minutes_drafted' WHERE id = ?1", [review.id])?;
        w.execute(
            "INSERT INTO review_transitions (review_id, from_status, to_status, at, by_person, note) VALUES (?1, 'approved', 'minutes_drafted', ?2, ?3, ?4)",
            params![review.id, w.actor().now.to_rfc3339(), w.actor().name, format!("revision {version}: {}", particulars.trim())],
        )?;
        w.audit("minutes_revision", &format!("{reference}/{version}"), "create", None, Some(&serde_json::json!({"particulars": particulars.trim()})))
    })?;
    Ok(version)
}

/// 1.0 → 1.1, 1.9 → 1.10; anything else gets ".1" appended.
fn next_version(version: &str) -> String {
    match version.rsplit_once('.').and_then(|(major, minor)| Some((major, minor.parse::<u32>().ok()?))) {
        Some((major, minor)) => format!("{major}.{}", minor + 1),
        None => format!("{version}.1"),
    }
}

/// An approved revision as it was frozen: the snapshot (the [`ReviewRecord`] as JSON, byte
/// for byte), its SHA-256, and the record read back from it.
#[derive(Debug, Clone)]
pub struct Frozen {
    pub reference: String,
    pub version: String,
    pub sha256: String,
    pub json: String,
    /// The snapshot's record, with the approved revision's own row (version, release date,
    /// hash, approvals: rows a trigger keeps from changing) set into its document control.
    pub record: ReviewRecord,
}

impl Frozen {
    /// The snapshot's file name when it travels inside a PDF.
    pub fn file_name(&self) -> String {
        format!("{}-v{}-snapshot.json", self.reference, self.version)
    }
}

/// The minutes as issued: the newest revision when it is approved (read from its snapshot,
/// never from live rows), else `None` (a draft is printed from live rows).
pub fn issued(conn: &Connection, reference: &str) -> Result<Option<Frozen>> {
    let review = get(conn, reference)?;
    let newest: Option<(i64, String, String, Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT id, version, status, snapshot, snapshot_sha256 FROM minutes_revisions WHERE review_id = ?1 ORDER BY id DESC LIMIT 1",
            [review.id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
        )
        .optional()?;
    let Some((revision_id, version, status, snapshot, sha256)) = newest else { return Ok(None) };
    if status != "approved" {
        return Ok(None);
    }
    let (Some(json), Some(sha256)) = (snapshot, sha256) else {
        return Err(Error::Conflict(format!("version {version} of {reference} is approved but has no snapshot: restore the store from a backup")));
    };
    if hex::encode(Sha256::digest(json.as_bytes())) != sha256 {
        return Err(Error::Conflict(format!("the snapshot of {reference} version {version} no longer matches its SHA-256: the store was altered; restore it from a backup")));
    }
    let mut record: ReviewRecord = serde_json::from_str(&json)
        .map_err(|e| Error::invalid(format!("the snapshot of {reference} version {version} cannot be read by this version of Quorum ({e}); export it with the version that approved it")))?;
    // The snapshot was taken as the last approval was recorded, just before the revision
    // was marked approved: its own row (immutable since) gives the status, release date and
    // hash. Names stay as the snapshot has them.
    let approved = record::revision(conn, revision_id)?;
    let document = &mut record.document;
    document.status = approved.status.clone();
    document.version = approved.version.clone();
    document.release_date = approved.released_on.clone();
    match document.revisions.iter_mut().find(|r| r.id == revision_id) {
        Some(frozen) => {
            frozen.status = approved.status;
            frozen.released_on = approved.released_on;
            frozen.snapshot_sha256 = approved.snapshot_sha256;
        }
        None => document.revisions.push(approved),
    }
    Ok(Some(Frozen { reference: reference.to_owned(), version, sha256, json, record }))
}

/// What an approved record is printed from: its snapshot, or the live record of a draft.
pub fn printed(conn: &Connection, reference: &str, now: DateTime<Utc>) -> Result<(ReviewRecord, Option<Frozen>)> {
    Ok(match issued(conn, reference)? {
        Some(frozen) => (frozen.record.clone(), Some(frozen)),
        None => (record::load(conn, reference, now)?, None),
    })
}

/// The approved revision whose snapshot is exactly `json`: found by its SHA-256 and
/// compared byte for byte. `Err` names what does not match.
pub fn match_snapshot(conn: &Connection, json: &[u8]) -> Result<(String, String)> {
    let hash = hex::encode(Sha256::digest(json));
    let found: Option<(String, String, Option<String>)> = conn
        .query_row(
            "SELECT r.reference, m.version, m.snapshot FROM minutes_revisions m JOIN reviews r ON r.id = m.review_id WHERE m.status = 'approved' AND m.snapshot_sha256 = ?1",
            [&hash],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    match found {
        Some((reference, version, Some(snapshot))) if snapshot.as_bytes() == json => Ok((reference, version)),
        Some((reference, version, _)) => Err(Error::Conflict(format!("the store's snapshot of {reference} version {version} has the SHA-256 {hash} recorded but different content: the store was altered"))),
        None => {
            let claimed = serde_json::from_slice::<serde_json::Value>(json).ok().and_then(|v| v["review"]["reference"].as_str().map(str::to_owned)).unwrap_or_else(|| "an unknown review".into());
            Err(Error::Conflict(format!("the embedded snapshot (SHA-256 {hash}, for {claimed}) matches no approved revision in this store: the PDF was not issued from it, or was altered")))
        }
    }
}

/// Approved revisions whose snapshot no longer matches its recorded SHA-256.
pub fn tampered_revisions(conn: &Connection) -> Result<Vec<String>> {
    let mut statement = conn.prepare(
        "SELECT r.reference, m.version, m.snapshot, m.snapshot_sha256 FROM minutes_revisions m JOIN reviews r ON r.id = m.review_id WHERE m.status = 'approved'",
    )?;
    let rows: Vec<(String, String, Option<String>, Option<String>)> = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))?.collect::<Result<_, _>>()?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, snapshot, hash)| match (snapshot, hash) {
            (Some(snapshot), Some(hash)) => hex::encode(Sha256::digest(snapshot.as_bytes())) != *hash,
            _ => true,
        })
        .map(|(reference, version, _, _)| format!("{reference} {version}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use proptest::prelude::*;

    use super::*;
    use crate::review::fixture::{self, actor_on, compliant, meeting_day, Omit};
    use crate::review::{agenda, decisions, inputs, record};

    fn snapshot(store: &Store, reference: &str, version: &str) -> (String, String, String) {
        store
            .conn()
            .query_row(
                "SELECT m.status, m.snapshot, m.snapshot_sha256 FROM minutes_revisions m JOIN reviews r ON r.id = m.review_id WHERE r.reference = ?1 AND m.version = ?2",
                params![reference, version],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .unwrap()
    }

    #[test]
    fn the_chair_and_each_named_approver_approve_then_the_revision_locks() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = fixture::new_store(&dir);
        let review = compliant(&mut store, Omit { approval: true, ..Default::default() });
        let actor = actor_on(meeting_day() + Duration::days(2));
        set_document(&mut store, &actor, &review.reference, &DocumentChange { approvers: Some(vec![review.cfo]), ..Default::default() }).unwrap();
        let refused = approve(&mut store, &actor, &review.reference, review.lead, None).unwrap_err();
        assert!(refused.to_string().contains("only the chair and the named approvers"), "{refused}");
        let first = approve(&mut store, &actor, &review.reference, review.chair, None).unwrap();
        assert!(!first.locked);
        assert_eq!(first.waiting_for.len(), 1);
        assert!(approve(&mut store, &actor, &review.reference, review.chair, None).is_err(), "no second approval by the same person");
        let second = approve(&mut store, &actor, &review.reference, review.cfo, None).unwrap();
        assert!(second.locked);
        assert_eq!(get(store.conn(), &review.reference).unwrap().status, "approved");
        let (status, snapshot, hash) = snapshot(&store, &review.reference, "1.0");
        assert_eq!(status, "approved");
        assert_eq!(hex::encode(Sha256::digest(snapshot.as_bytes())), hash);
        assert!(snapshot.contains("What was presented for d2"), "the snapshot holds the content");
        let record = record::load(store.conn(), &review.reference, actor.now).unwrap();
        assert_eq!(record.document.revisions[0].approvals.len(), 2);
        assert_eq!(record.document.release_date.as_deref(), Some("2027-03-11"));
    }

    #[test]
    fn approving_over_open_findings_needs_a_reason_that_the_record_keeps() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = fixture::new_store(&dir);
        let review = compliant(&mut store, Omit { discussion: true, approval: true, ..Default::default() });
        let actor = actor_on(meeting_day() + Duration::days(2));
        let open = open_findings(store.conn(), &review.reference, actor.now).unwrap();
        assert!(open.iter().any(|f| f.section == "agenda"), "minutes missing: {open:?}");
        for anyway in [None, Some("  ")] {
            let refused = approve(&mut store, &actor, &review.reference, review.chair, anyway).unwrap_err();
            assert_eq!(refused.kind(), "conflict");
            assert!(refused.to_string().contains(&format!("{} open finding(s)", open.len())) && refused.to_string().contains("approve anyway"), "{refused}");
        }
        let reason = "The board approved the decisions today; the notes follow in 1.1";
        assert!(approve(&mut store, &actor, &review.reference, review.chair, Some(reason)).unwrap().locked);
        let record = record::load(store.conn(), &review.reference, actor.now).unwrap();
        let approval = &record.document.revisions[0].approvals[0];
        assert_eq!((approval.open_findings as usize, approval.anyway_reason.as_deref()), (open.len(), Some(reason)));
        assert!(snapshot(&store, &review.reference, "1.0").1.contains(reason), "the approved snapshot holds the reason");
        let event = crate::store::audit::read_events(store.conn()).unwrap().into_iter().rfind(|e| e.entity == "approval").unwrap();
        let after: serde_json::Value = serde_json::from_str(event.after.as_deref().unwrap()).unwrap();
        assert_eq!(after["anyway"]["reason"], reason);
        assert_eq!(after["anyway"]["openFindings"].as_array().unwrap().len(), open.len());
        let text = format!("{:?}", crate::export::minutes::minutes_blocks(&record));
        assert!(text.contains(&format!("approved with {} open readiness finding(s): {reason}", open.len())), "the revision history prints it");
    }

    #[test]
    fn approved_minutes_change_only_through_a_new_revision() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = fixture::new_store(&dir);
        let review = compliant(&mut store, Omit::default());
        let actor = actor_on(meeting_day() + Duration::days(20));
        let before = snapshot(&store, &review.reference, "1.0");
        let refused = inputs::set(&mut store, &actor, &review.reference, "b", &inputs::InputChange { summary: Some("Changed".into()), ..Default::default() }).unwrap_err();
        assert!(refused.to_string().contains("make a new revision"), "{refused}");
        let trigger = store.conn().execute("UPDATE minutes_revisions SET particulars = 'x' WHERE version = '1.0'", []).unwrap_err();
        assert!(trigger.to_string().contains("cannot change"), "{trigger}");
        assert_eq!(revise(&mut store, &actor, &review.reference, "Corrected input b").unwrap(), "1.1");
        inputs::set(&mut store, &actor, &review.reference, "b", &inputs::InputChange { summary: Some("Corrected text for b".into()), ..Default::default() }).unwrap();
        approve(&mut store, &actor, &review.reference, review.chair, None).unwrap();
        assert_eq!(snapshot(&store, &review.reference, "1.0"), before, "1.0 is intact");
        assert!(snapshot(&store, &review.reference, "1.1").1.contains("Corrected text for b"));
        assert!(tampered_revisions(store.conn()).unwrap().is_empty());
    }

    #[test]
    fn versions_step_by_one_minor() {
        assert_eq!(super::next_version("1.0"), "1.1");
        assert_eq!(super::next_version("1.9"), "1.10");
        assert_eq!(super::next_version("2"), "2.1");
    }

    #[derive(Debug, Clone)]
    enum Step {
        Summary(u8),
        Notes(u8),
        Decision,
        Approve,
        Revise,
        Kpi(u8),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0u8..13).prop_map(Step::Summary),
            (1u8..10).prop_map(Step::Notes),
            Just(Step::Decision),
            Just(Step::Approve),
            Just(Step::Revise),
            (0u8..100).prop_map(Step::Kpi),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

        /// Whatever is attempted in whatever order, an approved revision never changes.
        #[test]
        fn nothing_changes_an_approved_revision(steps in proptest::collection::vec(step(), 1..14)) {
            let dir = tempfile::tempdir().unwrap();
            let mut store = fixture::new_store(&dir);
            let review = compliant(&mut store, Omit { approval: true, ..Default::default() });
            let actor = actor_on(meeting_day() + Duration::days(2));
            let mut frozen: Vec<(String, (String, String, String))> = Vec::new();
            for step in steps {
                let codes = crate::review::catalogue::inputs_for(crate::review::Scope::Both);
                let _ = match step {
                    Step::Summary(n) => inputs::set(&mut store, &actor, &review.reference, codes[n as usize % codes.len()].code, &inputs::InputChange { summary: Some(format!("edit {n}")), ..Default::default() }),
                    Step::Notes(n) => agenda::discuss(&mut store, &actor, &review.reference, n as i64, "Changed notes after the fact, long enough to count as a discussion of the item.").map(|_| ()),
                    Step::Decision => decisions::add(&mut store, &actor, &review.reference, &decisions::NewDecision { area: Some(decisions::Area::Resources), text: "More budget".into(), ..Default::default() }).map(|_| ()),
                    Step::Approve => approve(&mut store, &actor, &review.reference, review.chair, None).map(|_| ()),
                    Step::Revise => revise(&mut store, &actor, &review.reference, "A correction").map(|_| ()),
                    Step::Kpi(v) => inputs::set_kpi(&mut store, &actor, &review.reference, "d2", &inputs::NewKpi { name: "Patching".into(), value: v as f64, target: Some(95.0), unit: "%".into(), better: inputs::Better::Higher }),
                };
                let versions: Vec<String> = {
                    let mut statement = store.conn().prepare("SELECT version FROM minutes_revisions WHERE status = 'approved' ORDER BY id").unwrap();
                    let versions = statement.query_map([], |row| row.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
                    versions
                };
                for version in versions {
                    let now = snapshot(&store, &review.reference, &version);
                    match frozen.iter().find(|(v, _)| *v == version) {
                        Some((_, then)) => prop_assert_eq!(&now, then, "revision {} changed", version),
                        None => frozen.push((version, now)),
                    }
                }
            }
            prop_assert!(tampered_revisions(store.conn()).unwrap().is_empty());
        }
    }
}
