//! A really full disk: the test runs its child inside a private mount namespace
//! (`unshare -Urm`, no root needed) on a 4 MiB tmpfs (a new store with its search index takes about 1 MiB with its WAL), writes until the file system is full,
//! and checks that the failed write reports `disk_full` and that everything committed
//! before it survives.

use std::process::Command;

use quorum_core::{KeySources, Secret, Store};

use super::*;

const CHILD_ENV: &str = "QUORUM_DISK_FULL_DIR";

#[test]
#[ignore = "the child process of a_full_disk_loses_nothing_committed; runs only when that test starts it"]
fn disk_full_child() {
    let dir = PathBuf::from(std::env::var(CHILD_ENV).expect("started by a_full_disk_loses_nothing_committed"));
    let path = dir.join("q.db");
    // Room to give back once the disk is full, so the store can be reopened.
    let filler = dir.join("filler");
    std::fs::write(&filler, vec![0u8; 128 * 1024]).unwrap();
    let mut store = Store::create(&path, &new_store(), Secret::passphrase(PASSPHRASE), None, &actor()).unwrap();
    let mut committed = Vec::new();
    let error = loop {
        let name = format!("{}-{}", committed.len(), "x".repeat(6000));
        let result = store.write(&actor(), |w| {
            w.execute("INSERT INTO people (name) VALUES (?1)", [&name])?;
            w.audit("person", "n", "create", None, None)
        });
        match result {
            Ok(()) => committed.push(name),
            Err(error) => break error,
        }
        assert!(committed.len() < 10_000, "the disk never filled");
    };
    assert_eq!(error.kind(), "disk_full", "{error}");
    assert!(error.to_string().contains("no space left"), "{error}");
    assert!(committed.len() > 5, "too little was written before the disk filled: {}", committed.len());
    // An export that meets the full disk says so, and leaves no part of itself behind.
    let export = dir.join("export.json");
    let error = quorum_core::transfer::export_json_file(&store, &export, actor().now).unwrap_err();
    assert_eq!(error.kind(), "disk_full", "{error}");
    assert_eq!(std::fs::read_dir(&dir).unwrap().filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains("export")).count(), 0);
    drop(store);
    std::fs::remove_file(&filler).unwrap();
    let store = Store::open(&path, &KeySources::passphrase(PASSPHRASE)).unwrap();
    assert_eq!(people(&store), committed, "what was committed before the disk filled is all there");
    assert!(store.verify().unwrap().is_ok());
    println!("DISK-FULL-CHILD-OK {}", committed.len());
}

#[test]
fn a_full_disk_loses_nothing_committed() {
    let mountpoint = tempfile::tempdir().unwrap();
    let script = format!(
        "mount -t tmpfs -o size=4m quorum-test {dir} && exec {exe} --ignored --exact diskfull::disk_full_child --nocapture --test-threads=1",
        dir = mountpoint.path().display(),
        exe = std::env::current_exe().unwrap().display()
    );
    let output = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
        .env(CHILD_ENV, mountpoint.path())
        .output()
        .expect("`unshare` (util-linux) must be installed");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("DISK-FULL-CHILD-OK"),
        "the full-disk child failed (user namespaces must be enabled):\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
