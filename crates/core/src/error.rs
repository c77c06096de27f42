//! The one error type of quorum-core. Each variant is a kind the UI and the CLI can branch
//! on (`Error::kind`), and its message names the problem and the fix.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The hint of [`Error::AlreadyExists`] for a store file.
pub const STORE_EXISTS: &str = "; Quorum never overwrites a store. Choose another path";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the key does not open {path}: the passphrase or key is wrong. Check it and try again; with a recovery key, pass --recovery-key-file")]
    WrongKey { path: PathBuf },

    #[error("{path} is not a Quorum store ({what}). Choose the store file Quorum created (by default quorum.db in Quorum's data folder)")]
    NotAStore { path: PathBuf, what: String },

    #[error("{path} is damaged ({what}): the file is at fault, not the key. {}", damage_advice(.path, .what))]
    Corrupt { path: PathBuf, what: String },

    #[error("{path} was written by a newer Quorum (store format {found}, this Quorum reads up to {supported}). Update Quorum; the store was not touched")]
    TooNew { path: PathBuf, found: i64, supported: i64 },

    /// `why` says who holds the store and what to do.
    #[error("{path} {why}")]
    InUse { path: PathBuf, why: String },

    #[error("no space left on the disk while writing {path}. Free some space and try again; nothing committed was lost")]
    DiskFull { path: PathBuf },

    #[error("no key for {path}: tried {tried}. Set QUORUM_PASSPHRASE, pass --passphrase-file FILE or --recovery-key-file FILE, or open it on the machine whose keychain holds its key")]
    NoKey { path: PathBuf, tried: String },

    #[error("{path} does not exist. Create a store with `quorum init --org NAME` or choose another file")]
    NoStore { path: PathBuf },

    /// `hint` says what Quorum never replaces and what to do, starting with "; ".
    #[error("{path} already exists{hint}")]
    AlreadyExists { path: PathBuf, hint: String },

    #[error("the OS keychain failed: {0}. Unlock the keychain (or use a passphrase store) and try again")]
    Keychain(String),

    #[error("{what} is kept until {until} (retention period of {years} years); it cannot be deleted before then")]
    Retention { what: String, until: chrono::NaiveDate, years: u32 },

    #[error("{0}")]
    Invalid(String),

    #[error("{what} not found{hint}")]
    NotFound { what: String, hint: String },

    #[error("{0}")]
    Conflict(String),

    #[error("the import file is invalid at {at}: {problem}. Nothing was imported; fix the file and import it again")]
    Import { at: String, problem: String },

    #[error("file error on {path}: {source}")]
    Io { path: PathBuf, #[source] source: std::io::Error },

    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),

    #[error("data error: {0}")]
    Json(#[from] serde_json::Error),

    /// Laying out, signing or reading a PDF, or reading a signing identity; quorum-pdf's
    /// messages already name the fix.
    #[error("{0}")]
    Pdf(#[from] quorum_pdf::Error),
}

/// What still works with a damaged store, and the fix.
/// What still works and the fixes: the newest automatic backup by name and date, when there
/// is one, and salvage, which copies every readable row.
pub fn damage_advice(path: &std::path::Path, what: &str) -> String {
    let works = if what.contains("first page") || what.contains("truncated") {
        "Nothing can be read from it as it is"
    } else {
        "What still works: it opens, `quorum verify-store` names every damaged table, and the other tables read as usual"
    };
    let restore = match crate::store::autobackup::list(path).ok().and_then(|backups| backups.into_iter().next()) {
        Some(newest) => format!("restore its newest automatic backup, taken {} UTC, with `quorum restore {} --force`", newest.taken_at.format("%Y-%m-%d %H:%M"), newest.path.display()),
        None => "restore the newest good backup with `quorum restore BACKUP --force`".to_owned(),
    };
    format!("{works}. Fix: {restore}, or copy every readable row into a new store with `quorum salvage {} --out NEW.db`; the damaged file was left as it is", path.display())
}

impl Error {
    /// A stable machine-readable name for the variant: the UI and scripts branch on this,
    /// never on the text of the message.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::WrongKey { .. } => "wrong_key",
            Error::NotAStore { .. } => "not_a_store",
            Error::Corrupt { .. } => "corrupt",
            Error::TooNew { .. } => "too_new",
            Error::InUse { .. } => "in_use",
            Error::DiskFull { .. } => "disk_full",
            Error::NoKey { .. } => "no_key",
            Error::NoStore { .. } => "no_store",
            Error::AlreadyExists { .. } => "already_exists",
            Error::Keychain(_) => "keychain",
            Error::Retention { .. } => "retention",
            Error::Invalid(_) => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::Conflict(_) => "conflict",
            Error::Import { .. } => "import",
            Error::Io { .. } => "io",
            Error::Database(_) => "database",
            Error::Json(_) => "data",
            Error::Pdf(_) => "pdf",
        }
    }

    /// Whether the error is the user's to fix (bad input) rather than a failure of the
    /// machine or the data; the CLI maps this to exit code 2.
    pub fn is_input_error(&self) -> bool {
        matches!(
            self,
            Error::Invalid(_)
                | Error::NotFound { .. }
                | Error::Import { .. }
                | Error::AlreadyExists { .. }
                | Error::NoStore { .. }
                | Error::NoKey { .. }
                | Error::WrongKey { .. }
                | Error::NotAStore { .. }
                | Error::Conflict(_)
                | Error::Retention { .. }
                | Error::Pdf(quorum_pdf::Error::Pkcs12(_) | quorum_pdf::Error::UnsupportedKey(_) | quorum_pdf::Error::Identity(_))
        )
    }

    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| {
            if source.kind() == std::io::ErrorKind::StorageFull {
                Error::DiskFull { path }
            } else {
                Error::Io { path, source }
            }
        }
    }

    /// A database error met while using the store at `path`, in the kind that says what to
    /// do: a damaged page becomes [`Error::Corrupt`], a full disk [`Error::DiskFull`], a
    /// lock [`Error::InUse`]. Front ends pass every error of a command through this.
    pub fn in_store(self, path: &std::path::Path) -> Error {
        crate::store::map_path(self, path)
    }

    pub fn invalid(message: impl Into<String>) -> Error {
        Error::Invalid(message.into())
    }

    pub fn not_found(what: impl Into<String>) -> Error {
        Error::NotFound { what: what.into(), hint: String::new() }
    }
}
