//! Human text by default, JSON with --json; errors as `{kind, message}`.

use quorum_core::Error;
use std::io::Write;

use serde::Serialize;

pub fn print_error(error: &Error, json: bool) {
    if json {
        let value = serde_json::json!({"error": {"kind": error.kind(), "message": error.to_string()}});
        eprintln!("{value}");
    } else {
        eprintln!("quorum: {error}");
    }
}

/// Prints `value` as JSON, or `text` for people.
pub fn emit<T: Serialize>(json: bool, value: &T, text: impl FnOnce() -> String) {
    let out = if json { serde_json::to_string_pretty(value).expect("serialisable output") } else { text() };
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = writeln!(stdout, "{out}").and_then(|()| stdout.flush()) {
        // A reader that stopped early (`quorum action list | head`) is not a failure.
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("quorum: cannot write the output: {error}");
            std::process::exit(1);
        }
    }
}
