//! Time to open a store in each key mode: `cargo bench -p quorum-core --bench open`.
//! Opening = sniff, lock, key, the proving read, pragmas, migration check.

use std::time::{Duration, Instant};

use chrono::Utc;
use quorum_core::keychain::MemoryKeychain;
use quorum_core::{Actor, KeySources, NewStore, Secret, Store};

fn time(label: &str, runs: u32, mut open: impl FnMut()) {
    open(); // warm the page cache
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            open();
            start.elapsed()
        })
        .collect();
    samples.sort();
    let median = samples[samples.len() / 2];
    println!("{label:<34} median {:>8.2} ms   min {:>8.2} ms   max {:>8.2} ms   ({runs} runs)", ms(median), ms(samples[0]), ms(samples[samples.len() - 1]));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let actor = Actor::new("bench", Utc::now());
    let new = NewStore { organisation: "Bench Ltd".into(), time_zone: "UTC".into(), lead: None };
    let keychain = MemoryKeychain::default();

    let keychain_path = dir.path().join("keychain.db");
    drop(Store::create(&keychain_path, &new, Secret::random_key().unwrap(), Some(&keychain), &actor).unwrap());
    let passphrase_path = dir.path().join("passphrase.db");
    drop(Store::create(&passphrase_path, &new, Secret::passphrase("correct horse battery staple"), None, &actor).unwrap());

    time("open, keychain mode (raw key)", 50, || drop(Store::open(&keychain_path, &KeySources::keychain(&keychain)).unwrap()));
    time("open, passphrase mode (PBKDF2)", 10, || drop(Store::open(&passphrase_path, &KeySources::passphrase("correct horse battery staple")).unwrap()));
}
