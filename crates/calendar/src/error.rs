use thiserror::Error;

/// Everything that can go wrong; each variant names the offending input.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CalendarError {
    #[error("unknown time zone {0:?} (expected an IANA name such as Europe/London)")]
    UnknownTimeZone(String),
    #[error("{time} does not exist in {zone} (daylight-saving gap)")]
    NonexistentLocalTime { time: String, zone: String },
    #[error("holidays, line {line}: {message}")]
    HolidayLine { line: usize, message: String },
    #[error("invalid plan: {0}")]
    InvalidPlan(String),
    #[error("invalid review {uid}: {message}")]
    InvalidReview { uid: String, message: String },
}
