//! `quorum review`: plan, move along the lifecycle, invite, attend, quorum.

use predicates::str::contains;
use quorum_core::Actor;

use super::*;

fn with_people() -> Workspace {
    let workspace = Workspace::with_store();
    {
        let mut store = workspace.open();
        let actor = Actor::new("test", chrono::Utc::now());
        store
            .write(&actor, |w| {
                w.execute("INSERT INTO people (name, email, is_top_management) VALUES ('Chiara Chair', 'ceo@x.test', 1)", [])?;
                w.execute("INSERT INTO people (name, email, is_top_management) VALUES ('Filip Finance', 'cfo@x.test', 1)", [])?;
                w.audit("person", "seed", "create", None, None)
            })
            .unwrap();
    }
    workspace
}

#[test]
fn plan_invite_attend_and_hold_a_review() {
    let workspace = with_people();
    let (code, review) = workspace.json(&["review", "new", "--title", "Q1 2027 review", "--at", "2027-03-09T10:00", "--tz", "Europe/London"]);
    assert_eq!(code, 0, "{review}");
    assert_eq!(review["reference"], "MR-2027-01");
    assert_eq!(review["status"], "planned");

    workspace.quorum(&["review", "invite", "MR-2027-01", "Chiara", "--role", "chair"]).assert().success();
    workspace.quorum(&["review", "invite", "MR-2027-01", "cfo@x.test", "--role", "top_management"]).assert().success();
    workspace.quorum(&["review", "invite", "MR-2027-01", "Ana Lead", "--role", "isms_lead"]).assert().success();
    workspace.quorum(&["review", "invite", "MR-2027-01", "Ana Lead", "--role", "boss"]).assert().code(2).stderr(contains("unknown role"));

    workspace.quorum(&["review", "attend", "MR-2027-01", "Chiara", "present"]).assert().success().stdout(contains("Quorum not met"));
    workspace.quorum(&["review", "attend", "MR-2027-01", "Filip", "delegate"]).assert().code(2).stderr(contains("--delegate"));
    workspace.quorum(&["review", "attend", "MR-2027-01", "Filip", "delegate", "--delegate", "Dana Deputy"]).assert().success();
    let (_, shown) = workspace.json(&["review", "attend", "MR-2027-01", "Ana Lead", "present"]);
    assert_eq!(shown["quorum"]["met"], true, "{shown}");

    workspace.quorum(&["review", "transition", "MR-2027-01", "invitations_sent", "--on", "2027-02-20"]).assert().success();
    workspace.quorum(&["review", "transition", "MR-2027-01", "planned"]).assert().code(2).stderr(contains("cannot go back"));
    workspace.quorum(&["review", "transition", "MR-2027-01", "approved"]).assert().code(2).stderr(contains("minutes are approved"));
    // QUORUM_NOW is 2027-03-01 and the meeting 2027-03-09: not held before it starts.
    workspace.quorum(&["review", "transition", "MR-2027-01", "held"]).assert().code(2).stderr(contains("starts on 2027-03-09 at 10:00")).stderr(contains("review set MR-2027-01 --at"));
    workspace.quorum(&["review", "set", "MR-2027-01", "--at", "2027-02-26T10:00"]).assert().success();
    let (_, held) = workspace.json(&["review", "transition", "MR-2027-01", "held"]);
    assert_eq!(held["heldOn"], "2027-03-01", "today, from QUORUM_NOW");
    assert_eq!(held["invitationsSentOn"], "2027-02-20");

    let (_, list) = workspace.json(&["review", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    workspace.quorum(&["review", "show", "MR-2027-01"]).assert().success().stdout(contains("Quorum: met")).stdout(contains("CC1.2"));
    // Held in 2027, kept three years.
    workspace.quorum(&["review", "delete", "MR-2027-01"]).assert().code(2).stderr(contains("2030-03-01"));
}

#[test]
fn ad_hoc_reviews_and_bad_input() {
    let workspace = with_people();
    workspace.quorum(&["review", "new", "--title", "Ransomware", "--at", "2027-03-02T15:00", "--trigger", "major_incident", "--scope", "iso27001"]).assert().success();
    workspace.quorum(&["review", "new", "--title", "X", "--at", "2027-03-02", "--trigger", "major_incident"]).assert().code(2).stderr(contains("YYYY-MM-DDTHH:MM"));
    workspace.quorum(&["review", "new", "--title", "X", "--at", "2027-03-02T15:00", "--trigger", "other"]).assert().code(2).stderr(contains("--trigger-text"));
    workspace.quorum(&["review", "show", "MR-2031-09"]).assert().code(2).stderr(contains("quorum review list"));
    let (_, shown) = workspace.json(&["review", "show", "MR-2027-01"]);
    assert_eq!(shown["review"]["kind"], "ad_hoc");
    assert_eq!(shown["review"]["soc2Criteria"], serde_json::json!([]));
}
