//! Where the start's time goes: with `QUORUM_TRACE_START=1`, the app writes each step of its
//! start to stderr once, as `quorum-start <ms since the UNIX epoch> <step>`, for the start
//! benchmark (tests/bench/start.sh), which compares them with the moment it launched the app.

use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

static SEEN: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());

fn enabled() -> bool {
    std::env::var_os("QUORUM_TRACE_START").is_some_and(|v| v == "1")
}

/// Notes `step` the first time it happens.
pub fn mark(step: &'static str) {
    if !enabled() {
        return;
    }
    let mut seen = SEEN.lock().unwrap();
    if seen.contains(&step) {
        return;
    }
    seen.push(step);
    let ms = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or_default();
    eprintln!("quorum-start {ms} {step}");
}
