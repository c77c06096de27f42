//! A writer killed at random moments loses nothing it had committed and leaves a store
//! that opens and verifies. The child is this test binary itself, started with the
//! ignored test `kill_child_writer` as its only test.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use quorum_core::{KeySources, Secret, Store};

use super::*;

const CHILD_ENV: &str = "QUORUM_KILL_TEST_STORE";

#[test]
#[ignore = "the child process of writes_survive_being_killed; runs only when that test starts it"]
fn kill_child_writer() {
    let path = PathBuf::from(std::env::var(CHILD_ENV).expect("started by writes_survive_being_killed"));
    let mut store = Store::open_with(&path, &Secret::passphrase(PASSPHRASE)).unwrap();
    for i in 0.. {
        let name = format!("writer-{}-{i}", std::process::id());
        add_person(&mut store, &name);
        println!("committed {name}");
    }
}

/// xorshift, seeded from the OS: a different set of kill points each run, printed so a
/// failure can be investigated.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn writes_survive_being_killed() {
    let fixture = Fixture::new();
    let (path, store) = fixture.passphrase_store("q.db");
    drop(store);
    let mut seed = [0u8; 8];
    getrandom::fill(&mut seed).unwrap();
    let mut state = u64::from_le_bytes(seed) | 1;
    eprintln!("kill test seed {state}");
    let mut committed: Vec<String> = Vec::new();
    for round in 0..30 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", "kill::kill_child_writer", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout).lines().map_while(Result::ok).filter_map(|l| l.strip_prefix("committed ").map(str::to_owned)).collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(30 + next(&mut state) % 400));
        child.kill().unwrap();
        child.wait().unwrap();
        let this_round = reader.join().unwrap();
        committed.extend(this_round);

        let store = Store::open(&path, &KeySources::passphrase(PASSPHRASE)).unwrap_or_else(|e| panic!("round {round}: the store does not open after a kill: {e}"));
        let names = people(&store);
        for name in &committed {
            assert!(names.contains(name), "round {round}: {name} was committed but is gone");
        }
        let report = store.verify().unwrap();
        assert!(report.is_ok(), "round {round}: {report:?}");
    }
    assert!(committed.len() > 30, "the writer committed too little to test anything: {}", committed.len());
}
