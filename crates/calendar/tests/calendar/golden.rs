//! Byte-for-byte golden files under tests/golden/; `UPDATE_GOLDEN=1` rewrites them.

use std::path::PathBuf;

use chrono::{FixedOffset, TimeZone};
use quorum_calendar::*;

use crate::*;

fn check(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    if expected != actual.as_bytes() {
        let expected = String::from_utf8_lossy(&expected);
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b);
        panic!("{name} differs from the golden file (first differing line {line:?}); UPDATE_GOLDEN=1 rewrites it\n--- actual\n{actual}");
    }
}

pub fn draft(cancelled: bool) -> EmailDraft {
    EmailDraft {
        message_id: "<mr-2027-01.1@7f3a9c.quorum.invalid>".into(),
        date: FixedOffset::east_opt(0)
            .unwrap()
            .with_ymd_and_hms(2027, 1, 4, 8, 30, 0)
            .unwrap(),
        cancelled,
    }
}

#[test]
fn invitation() {
    check("invitation.ics", &invitation_ics(&review(), now()).unwrap());
}

#[test]
fn update_of_the_same_meeting() {
    check("update.ics", &invitation_ics(&updated(), now()).unwrap());
}

#[test]
fn cancellation_of_the_same_meeting() {
    check(
        "cancel.ics",
        &cancellation_ics(&cancelled(), now()).unwrap(),
    );
}

#[test]
fn lead_calendar_publish() {
    check(
        "lead.ics",
        &lead_calendar_ics(&lead_calendar(), now()).unwrap(),
    );
}

#[test]
fn invitation_email() {
    check(
        "invitation.eml",
        &invitation_eml(&review(), &draft(false), now()).unwrap(),
    );
}

#[test]
fn cancellation_email() {
    check(
        "cancel.eml",
        &invitation_eml(&cancelled(), &draft(true), now()).unwrap(),
    );
}

#[test]
fn mailto() {
    check("mailto.txt", &(mailto_link(&review(), false) + "\n"));
}

#[test]
fn a_crlf_typed_into_the_data_stays_one_line_break_in_the_mailto_body() {
    let mut r = review();
    r.location = Some("Board room 2\r\n3rd floor".into());
    let link = mailto_link(&r, false);
    assert!(link.contains("Board%20room%202%0D%0A3rd%20floor"), "{link}");
    assert!(!link.contains("%0D%0D"), "CR CR LF in {link}");
}

#[test]
fn year_plan() {
    let plan = plan_year(&crate::plan::request(), &[]).unwrap();
    check(
        "plan-2027.json",
        &(serde_json::to_string_pretty(&plan).unwrap() + "\n"),
    );
}
