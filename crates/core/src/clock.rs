//! Where "now" comes from. Core never reads the clock itself: every function that needs the
//! time takes it as a parameter. The front ends read it here, once per command (the CLI) or
//! from a start instant that then runs on (the app), and `QUORUM_NOW` fixes it for scripted
//! and tested runs, so that no test depends on the day it runs.

use chrono::{DateTime, Utc};

use crate::{Error, Result};

/// The environment variable that fixes "now" (RFC 3339, e.g. `2027-03-01T09:00:00Z`).
pub const NOW_VARIABLE: &str = "QUORUM_NOW";

/// The instant `QUORUM_NOW` fixes, if it is set.
pub fn fixed_now() -> Result<Option<DateTime<Utc>>> {
    match std::env::var(NOW_VARIABLE) {
        Ok(text) => parse_now(&text).map(Some),
        Err(_) => Ok(None),
    }
}

/// `QUORUM_NOW` when set, else the system clock.
pub fn now() -> Result<DateTime<Utc>> {
    Ok(fixed_now()?.unwrap_or_else(Utc::now))
}

fn parse_now(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::invalid(format!("{NOW_VARIABLE} is not an RFC 3339 time ({e}): write it like 2027-03-01T09:00:00Z, or unset it to use the system clock")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_an_offset_into_utc() {
        assert_eq!(parse_now("2031-12-31T23:30:00+00:00").unwrap().to_rfc3339(), "2031-12-31T23:30:00+00:00");
        assert_eq!(parse_now("2027-03-28T02:30:00+01:00").unwrap().to_rfc3339(), "2027-03-28T01:30:00+00:00");
    }

    #[test]
    fn names_the_variable_and_the_form_when_wrong() {
        let message = parse_now("tomorrow").unwrap_err().to_string();
        assert!(message.contains("QUORUM_NOW") && message.contains("2027-03-01T09:00:00Z"), "{message}");
    }
}
