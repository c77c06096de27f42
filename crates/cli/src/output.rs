//! Human text by default, JSON with --json; errors as `{kind, message}`.

use std::borrow::Cow;

use quorum_core::Error;
use std::io::Write;

use serde::Serialize;

pub fn print_error(error: &Error, json: bool) {
    if json {
        let value = serde_json::json!({"error": {"kind": error.kind(), "message": error.to_string()}});
        eprintln!("{value}");
    } else {
        eprintln!("quorum: {}", quorum_core::text::block_for_terminal(&error.to_string()));
    }
}

/// Prints `value` as JSON, or `text` for people.
pub fn emit<T: Serialize>(json: bool, value: &T, text: impl FnOnce() -> String) {
    // Stored text reaches the terminal only with its control characters shown as escapes;
    // line breaks and tabs are the layout's (tables escape them per cell: see `cell`).
    let out = if json { serde_json::to_string_pretty(value).expect("serialisable output") } else { quorum_core::text::block_for_terminal(&text()).into_owned() };
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = writeln!(stdout, "{out}").and_then(|()| stdout.flush()) {
        // A reader that stopped early (`quorum action list | head`) is not a failure.
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("quorum: cannot write the output: {error}");
            std::process::exit(1);
        }
    }
}

/// Stored text in one cell or line of a table: a line break or any other control character
/// it holds is shown as its escape, so it cannot break the table.
pub fn cell(text: &str) -> Cow<'_, str> {
    quorum_core::text::for_terminal(text)
}
