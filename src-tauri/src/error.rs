//! What a command returns on failure: `{kind, message}`. The UI branches on `kind`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct CommandError {
    pub kind: String,
    pub message: String,
}

impl CommandError {
    pub fn new(kind: &str, message: impl Into<String>) -> CommandError {
        CommandError { kind: kind.to_owned(), message: message.into() }
    }
}

impl From<quorum_core::Error> for CommandError {
    fn from(error: quorum_core::Error) -> CommandError {
        CommandError { kind: error.kind().to_owned(), message: error.to_string() }
    }
}
