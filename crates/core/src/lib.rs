//! quorum-core: the domain of ISO/IEC 27001:2022 clause 9.3 management reviews, the
//! encrypted store that keeps it, and the exports. No Tauri here: the desktop shell and
//! the `quorum` CLI are thin layers over this crate.

#[macro_use]
mod text_enum;

pub mod clock;
pub mod demo;
pub mod error;
pub mod export;
#[cfg(test)]
mod hot_queries;
pub mod http;
pub mod identity;
pub mod keychain;
pub mod limits;
pub mod objectives;
pub mod organisation;
pub mod overview;
pub mod people;
pub mod register;
pub mod registers;
pub mod reminders;
pub mod review;
pub mod revocation;
pub mod scale;
pub mod schedule;
pub mod store;
pub mod text;
pub mod timestamp;
pub mod transfer;

pub use error::{Error, Result};
pub use store::{Actor, KeyMode, KeySources, NewStore, Secret, Store};

/// The version of Quorum, shown by the app and the CLI.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
