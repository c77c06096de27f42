//! Human text by default, JSON with --json; errors as `{kind, message}`.

use quorum_core::Error;
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
    if json {
        println!("{}", serde_json::to_string_pretty(value).expect("serialisable output"));
    } else {
        println!("{}", text());
    }
}
