//! The app's "now": the system clock, or, when `QUORUM_NOW` is set (the app's own end-to-end
//! runs), a clock that starts at that instant when the app starts and runs on from there, so the
//! audit trail keeps its order and the window (which reads `AppInfo::fixed_now`) agrees with core.

use std::sync::OnceLock;
use std::time::Instant;

use chrono::{DateTime, Utc};

static START: OnceLock<Option<(DateTime<Utc>, Instant)>> = OnceLock::new();

/// Reads `QUORUM_NOW` once; an unreadable value is an error the app reports before it starts.
pub fn init() -> quorum_core::Result<()> {
    let fixed = quorum_core::clock::fixed_now()?;
    START.get_or_init(|| fixed.map(|at| (at, Instant::now())));
    Ok(())
}

/// Starts the clock at `at` (the command tests, which must not depend on the day they run).
/// Has no effect once the clock has started; returns where it started.
pub fn start_at(at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    START.get_or_init(|| Some((at, Instant::now())));
    fixed_start()
}

/// The instant the clock was fixed to at start, if `QUORUM_NOW` fixed it.
pub fn fixed_start() -> Option<DateTime<Utc>> {
    start().map(|(at, _)| at)
}

pub fn now() -> DateTime<Utc> {
    match start() {
        Some((at, since)) => at + chrono::Duration::from_std(since.elapsed()).unwrap_or_default(),
        None => Utc::now(),
    }
}

fn start() -> Option<(DateTime<Utc>, Instant)> {
    *START.get_or_init(|| quorum_core::clock::fixed_now().ok().flatten().map(|at| (at, Instant::now())))
}
