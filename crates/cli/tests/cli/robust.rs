//! Damaged stores named as such, clean and bounded input, and no debris, through the real
//! binary.

use std::io::Write as _;

use predicates::prelude::*;
use predicates::str::contains;
use quorum_core::Actor;

use super::*;

fn demo() -> Workspace {
    let workspace = Workspace::new();
    workspace.quorum(&["demo", "--key", "passphrase"]).assert().success();
    workspace
}

fn one(workspace: &Workspace, sql: &str) -> String {
    workspace.open().conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn flip(path: &Path, offset: usize) {
    let mut file = std::fs::OpenOptions::new().read(true).write(true).open(path).unwrap();
    let mut bytes = std::fs::read(path).unwrap();
    bytes[offset] ^= 0xFF;
    file.write_all(&bytes).unwrap();
}

#[test]
fn names_refuse_control_characters_and_the_terminal_never_prints_one() {
    let workspace = demo();
    workspace.quorum(&["person", "add", "Eve\nBcc: attacker@example.com"]).assert().code(2).stderr(contains("person's name").and(contains("line break")));
    let planned = one(&workspace, "SELECT reference FROM reviews WHERE status = 'planned' ORDER BY starts_at LIMIT 1");
    workspace.quorum(&["review", "set", &planned, "--title", "Q3\u{1b}[2J"]).assert().code(2).stderr(contains("review's title"));
    let folder = workspace.path("files");
    std::fs::create_dir(&folder).unwrap();
    let evil = folder.join("\u{1b}[2Jreport.pdf");
    std::fs::write(&evil, b"%PDF-1.7").unwrap();
    workspace.quorum(&["evidence", "add", evil.to_str().unwrap(), "--review", &planned]).assert().code(2).stderr(contains("evidence file name").and(contains("U+001B")));
    // A name stored before this check (or by hand) is shown with its controls escaped.
    let reference = {
        let mut store = workspace.open();
        let actor = Actor::new("Ana Lead", NOW.parse().unwrap());
        store
            .write(&actor, |w| {
                w.execute("UPDATE evidence SET file_name = 'a\u{1b}[31mred\nline.pdf' WHERE id = (SELECT min(id) FROM evidence)", [])?;
                w.audit("evidence", "1", "update", None, None)
            })
            .unwrap();
        store.conn().query_row("SELECT r.reference FROM evidence e JOIN reviews r ON r.id = e.review_id WHERE e.id = (SELECT min(id) FROM evidence)", [], |r| r.get::<_, String>(0)).unwrap()
    };
    let output = workspace.quorum(&["evidence", "list", &reference]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "an escape reached the terminal: {text:?}");
    assert!(text.contains("a\\u{1b}[31mred\\nline.pdf"), "{text}");
    assert!(text.lines().all(|l| !l.starts_with("line.pdf")), "a newline broke the table: {text}");
}

#[test]
fn sizes_and_durations_are_bounded_before_the_work() {
    let workspace = demo();
    let planned = one(&workspace, "SELECT reference FROM reviews WHERE status = 'planned' ORDER BY starts_at LIMIT 1");
    // A 3 GB file (sparse: it costs no disk) is refused by its size, before any byte is read.
    let big = workspace.path("huge.bin");
    std::fs::File::create(&big).unwrap().set_len(3 << 30).unwrap();
    workspace.quorum(&["evidence", "add", big.to_str().unwrap(), "--review", &planned]).timeout(std::time::Duration::from_secs(60)).assert().code(2).stderr(contains("limited to 100 MB"));
    workspace.quorum(&["review", "set", &planned, "--duration", "4294967295"]).assert().code(2).stderr(contains("1 to 1440 minutes"));
    let holidays = workspace.path("forever.ics");
    std::fs::write(&holidays, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:00010101\r\nDTEND;VALUE=DATE:99991231\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").unwrap();
    workspace
        .quorum(&["plan", "2027", "--cadence", "quarterly", "--weekday", "tue", "--time", "10:00", "--holidays", holidays.to_str().unwrap()])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(contains("at most 366 days"));
}

#[test]
fn a_damaged_store_is_named_damaged_and_verify_store_lists_every_damaged_table() {
    let workspace = demo();
    let root: i64 = workspace.open().conn().query_row("SELECT rootpage FROM sqlite_schema WHERE name = 'actions'", [], |r| r.get(0)).unwrap();
    flip(&workspace.db, (root as usize - 1) * 4096 + 300);
    let output = workspace.quorum(&["verify-store"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("actions is DAMAGED") && text.contains("the file is damaged (the key is right"), "{text}");
    workspace.quorum(&["action", "list"]).assert().code(1).stderr(contains("is damaged").and(contains("not the key")).and(contains("verify-store")));
    // The first page: damage, not a wrong passphrase.
    let fresh = demo();
    flip(&fresh.db, 100);
    fresh.quorum(&["status"]).assert().code(1).stderr(contains("first page is damaged").and(contains("passphrase or key is wrong").not()));
}

#[test]
fn a_passphrase_store_opened_by_its_recovery_key_is_still_a_passphrase_store() {
    let workspace = Workspace::with_store();
    let (_, recovery) = workspace.json(&["recovery-key"]);
    let file = workspace.path("recovery.txt");
    std::fs::write(&file, recovery["recoveryKey"].as_str().unwrap()).unwrap();
    let recovered = |args: &[&str]| {
        let mut command = workspace.bare();
        command.args(["--recovery-key-file", file.to_str().unwrap()]).args(args);
        command
    };
    recovered(&["status"]).assert().success().stdout(contains("a passphrase"));
    recovered(&["rekey"]).assert().code(2).stderr(contains("quorum passwd"));
}

/// Files beside `path` whose names start with its name: a killed run's leftovers.
fn strays(path: &Path) -> Vec<String> {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|f| (f.starts_with(&name) || f.starts_with(&format!(".{name}"))) && *f != name && !f.ends_with(".lock") && !f.ends_with("-wal") && !f.ends_with("-shm"))
        .collect()
}

#[test]
fn a_killed_demo_never_leaves_a_store_half_made_and_the_next_run_clears_its_files() {
    let workspace = Workspace::new();
    for delay_ms in [30u64, 80, 150, 300] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("quorum"))
            .env("QUORUM_PASSPHRASE", PASSPHRASE)
            .env("QUORUM_NOW", NOW)
            .args(["--db", workspace.db.to_str().unwrap(), "--no-keychain", "demo", "--key", "passphrase"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        if workspace.db.exists() {
            // Placed only when complete: it verifies and holds the demo.
            workspace.quorum(&["verify-store"]).assert().success();
            workspace.quorum(&["action", "list"]).assert().success().stdout(contains("ACT-"));
            std::fs::remove_file(&workspace.db).unwrap();
        }
        workspace.quorum(&["demo", "--key", "passphrase"]).assert().success();
        assert_eq!(strays(&workspace.db), Vec::<String>::new(), "after a demo killed at {delay_ms} ms");
        std::fs::remove_file(&workspace.db).unwrap();
    }
}

#[test]
fn backups_and_exports_clear_what_a_killed_run_left() {
    let workspace = Workspace::with_store();
    let backup = workspace.path("b.qbk");
    for leftover in ["b.qbk.backup-0123456789ab.tmp", "b.qbk.backup-0123456789ab.tmp-journal", "b.qbk.backup-abcdef012345.tmp-wal"] {
        std::fs::write(workspace.path(leftover), b"stale").unwrap();
    }
    let unrelated = workspace.path("b.qbk.backup-notes.txt");
    std::fs::write(&unrelated, b"mine").unwrap();
    workspace.quorum(&["backup", "--out", backup.to_str().unwrap()]).assert().success();
    assert_eq!(strays(&backup), ["b.qbk.backup-notes.txt"], "only the exact pattern is cleared");
    let export = workspace.path("all.json");
    std::fs::write(workspace.path(".all.json.0123456789ab.writing"), b"stale").unwrap();
    workspace.quorum(&["export", "json", "--out", export.to_str().unwrap()]).assert().success();
    assert_eq!(strays(&export), Vec::<String>::new());
}

/// The whole CLI once over (init, demo, exports, an invitation, a backup) under
/// `strace -f -e trace=network`: any socket other than AF_UNIX fails the test. Then the
/// folder and the temp folder are searched for a string written into the store.
#[test]
fn the_cli_opens_no_network_socket_and_leaves_no_plaintext() {
    if std::process::Command::new("strace").arg("-V").output().is_err() {
        panic!("strace is missing: .ci/setup installs it (Debian package strace)");
    }
    let workspace = Workspace::new();
    let temp = workspace.path("tmp");
    std::fs::create_dir(&temp).unwrap();
    let log = workspace.path("strace.log");
    let marker = "Zqxj-plaintext-canary-7731";
    let out = |name: &str| workspace.path(name).to_str().unwrap().to_owned();
    let runs: Vec<Vec<String>> = vec![
        vec!["demo".into(), "--key".into(), "passphrase".into(), "--org".into(), marker.into()],
        vec!["verify-store".into()],
        vec!["export".into(), "json".into(), "--out".into(), out("all.json")],
        vec!["backup".into(), "--out".into(), out("b.qbk")],
        vec!["calendar".into(), "2027".into(), "--out".into(), out("year.ics")],
    ];
    for args in &runs {
        let status = std::process::Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=network", "-o", log.to_str().unwrap()])
            .arg(assert_cmd::cargo::cargo_bin("quorum"))
            .args(["--db", workspace.db.to_str().unwrap(), "--no-keychain"])
            .args(args)
            .env("QUORUM_PASSPHRASE", PASSPHRASE)
            .env("QUORUM_NOW", NOW)
            .env("TMPDIR", &temp)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "quorum {args:?} failed under strace");
        let trace = std::fs::read_to_string(&log).unwrap();
        let sockets: Vec<&str> = trace.lines().filter(|l| l.contains("socket(") || l.contains("connect(")).collect();
        assert!(sockets.iter().all(|l| l.contains("AF_UNIX")), "quorum {args:?} opened a network socket: {sockets:?}");
    }
    // The exports hold the name by design; the store, its backup and the temp folder must not.
    for entry in std::fs::read_dir(workspace.dir.path()).unwrap().chain(std::fs::read_dir(&temp).unwrap()) {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() || name.ends_with(".json") || name.ends_with(".ics") || name == "strace.log" {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        assert!(!bytes.windows(marker.len()).any(|w| w == marker.as_bytes()), "{name} holds the organisation's name in plaintext");
    }
}
