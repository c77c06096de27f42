//! What unlocks a store: a passphrase (SQLCipher's own key derivation, so stock SQLCipher
//! 4 tools open the file with the passphrase alone) or a raw 256-bit key (keychain mode,
//! no key derivation on open), and where the key was looked for.

use rusqlite::Connection;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::keychain::Keychain;

pub const KEY_LEN: usize = 32;
/// The shortest passphrase Quorum accepts for a new or changed passphrase.
pub const MIN_PASSPHRASE_CHARS: usize = 10;
pub const SALT_LEN: usize = 16;
/// SQLCipher 4's defaults, used to derive a passphrase store's key for its recovery key.
const SQLCIPHER4_KDF_ITERATIONS: u32 = 256_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyMode {
    Keychain,
    Passphrase,
}

impl KeyMode {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyMode::Keychain => "keychain",
            KeyMode::Passphrase => "passphrase",
        }
    }
}

/// A secret that opens a store.
#[derive(Clone)]
pub enum Secret {
    Passphrase(Zeroizing<String>),
    /// The raw SQLCipher key; with `salt`, the key also fixes the file's salt (used when a
    /// new file must keep the salt of the one it copies).
    Raw { key: Zeroizing<[u8; KEY_LEN]>, salt: Option<[u8; SALT_LEN]> },
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Secret::Passphrase(_) => "Secret::Passphrase(…)",
            Secret::Raw { .. } => "Secret::Raw(…)",
        })
    }
}

impl Secret {
    pub fn passphrase(text: impl Into<String>) -> Secret {
        Secret::Passphrase(Zeroizing::new(text.into()))
    }

    /// A passphrase chosen for a store (new, or changed): refused when too short to resist
    /// guessing, with advice.
    pub fn new_passphrase(text: impl Into<String>) -> Result<Secret> {
        let text = text.into();
        if text.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(Error::invalid(format!(
                "the passphrase is shorter than {MIN_PASSPHRASE_CHARS} characters: choose a longer one (several words work well)"
            )));
        }
        Ok(Secret::passphrase(text))
    }

    pub fn random_key() -> Result<Secret> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        getrandom::fill(key.as_mut()).map_err(|e| Error::invalid(format!("no randomness from the OS: {e}")))?;
        Ok(Secret::Raw { key, salt: None })
    }

    /// Parses a recovery key: 64 hex digits (the key) or 96 (the key and the file's salt),
    /// optionally written as SQLCipher's `x'…'` literal.
    pub fn from_recovery_key(text: &str) -> Result<Secret> {
        let trimmed = text.trim();
        let hex_digits = trimmed
            .strip_prefix("x'")
            .or_else(|| trimmed.strip_prefix("X'"))
            .and_then(|rest| rest.strip_suffix('\''))
            .unwrap_or(trimmed);
        let bytes = Zeroizing::new(hex::decode(hex_digits).map_err(|_| {
            Error::invalid("the recovery key is not hexadecimal: it should be 64 or 96 hex digits as `quorum recovery-key` printed it")
        })?);
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        match bytes.len() {
            KEY_LEN => {
                key.copy_from_slice(&bytes);
                Ok(Secret::Raw { key, salt: None })
            }
            n if n == KEY_LEN + SALT_LEN => {
                key.copy_from_slice(&bytes[..KEY_LEN]);
                let mut salt = [0u8; SALT_LEN];
                salt.copy_from_slice(&bytes[KEY_LEN..]);
                Ok(Secret::Raw { key, salt: Some(salt) })
            }
            n => Err(Error::invalid(format!(
                "the recovery key has {} hex digits; it should have 64 or 96 as `quorum recovery-key` printed it",
                n * 2
            ))),
        }
    }

    pub fn mode(&self) -> KeyMode {
        match self {
            Secret::Passphrase(_) => KeyMode::Passphrase,
            Secret::Raw { .. } => KeyMode::Keychain,
        }
    }

    /// The value given to `PRAGMA key` / `PRAGMA rekey`.
    fn pragma_value(&self) -> Zeroizing<String> {
        match self {
            Secret::Passphrase(text) => text.clone(),
            Secret::Raw { key, salt } => {
                let mut value = format!("x'{}", hex::encode_upper(key.as_ref()));
                if let Some(salt) = salt {
                    value.push_str(&hex::encode_upper(salt));
                }
                value.push('\'');
                Zeroizing::new(value)
            }
        }
    }

    /// Opens `path` and gives SQLCipher the key. `PRAGMA key` only fails when SQLCipher
    /// cannot set up its cipher context (a wrong key shows at the first read), and under
    /// load its libtomcrypt provider has been seen to fail that way once in a while: a
    /// failed context leaves the connection read-only, so the retry takes a fresh one.
    pub(crate) fn open_keyed(&self, path: &std::path::Path, flags: rusqlite::OpenFlags) -> Result<Connection> {
        keep_sqlcipher_active();
        let mut attempt = 0;
        loop {
            let conn = Connection::open_with_flags(path, flags)?;
            // A wrong key is reported as an error kind; SQLCipher's own log lines about it
            // would only clutter the terminal.
            conn.pragma_update(None, "cipher_log_level", "NONE")?;
            match conn.pragma_update(None, "key", self.pragma_value().as_str()) {
                Ok(()) => return Ok(conn),
                Err(_) if attempt < 3 => {
                    attempt += 1;
                    drop(conn);
                    std::thread::sleep(std::time::Duration::from_millis(20 * attempt));
                }
                Err(error) => return Err(error.into()),
            }
        }
    }

    pub(crate) fn apply_rekey(&self, conn: &Connection) -> Result<()> {
        conn.pragma_update(None, "rekey", self.pragma_value().as_str())?;
        Ok(())
    }

    /// The key as hex for the keychain.
    pub(crate) fn key_hex(&self) -> Option<Zeroizing<String>> {
        match self {
            Secret::Raw { key, .. } => Some(Zeroizing::new(hex::encode(key.as_ref()))),
            Secret::Passphrase(_) => None,
        }
    }

    pub(crate) fn from_key_hex(text: &str) -> Result<Secret> {
        Secret::from_recovery_key(text)
            .map_err(|_| Error::Keychain("the keychain entry for this store does not hold a valid key".into()))
    }

    /// The same secret, pinned to `salt`: a raw key then writes that salt into a new file.
    pub(crate) fn with_salt(&self, salt: [u8; SALT_LEN]) -> Secret {
        match self {
            Secret::Raw { key, .. } => Secret::Raw { key: key.clone(), salt: Some(salt) },
            passphrase => passphrase.clone(),
        }
    }

    /// The 32-byte key SQLCipher encrypts pages with, for a file with this salt: a
    /// passphrase goes through SQLCipher 4's PBKDF2-HMAC-SHA512.
    pub(crate) fn page_key(&self, salt: &[u8; SALT_LEN]) -> Zeroizing<[u8; KEY_LEN]> {
        match self {
            Secret::Raw { key, .. } => key.clone(),
            Secret::Passphrase(text) => {
                let mut key = Zeroizing::new([0u8; KEY_LEN]);
                pbkdf2::pbkdf2_hmac::<sha2::Sha512>(text.as_bytes(), salt, SQLCIPHER4_KDF_ITERATIONS, key.as_mut());
                key
            }
        }
    }
}

/// SQLCipher sets up its crypto provider when the first keyed connection of the process
/// opens and tears it down when the last one closes. Threads that open and close stores at
/// the same moment (tests in parallel, a backup beside the window) can race that teardown
/// and see `PRAGMA key` fail at random. One keyed in-memory connection, held for the life
/// of the process, keeps the provider up.
fn keep_sqlcipher_active() {
    static GUARD: std::sync::OnceLock<Option<std::sync::Mutex<Connection>>> = std::sync::OnceLock::new();
    GUARD.get_or_init(|| {
        let conn = Connection::open_in_memory().ok()?;
        conn.pragma_update(None, "cipher_log_level", "NONE").ok()?;
        conn.pragma_update(None, "key", "quorum-keep-active").ok()?;
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(())).ok()?;
        Some(std::sync::Mutex::new(conn))
    });
}

/// The keychain account of a keychain-mode store: named after the file's salt, which
/// SQLCipher keeps in the clear in the first 16 bytes, so the key is found before the file
/// is decrypted and follows the file when it is moved or backed up.
pub(crate) fn keychain_account(salt: &[u8; SALT_LEN]) -> String {
    format!("store-{}", hex::encode(salt))
}

/// While a key change is under way the new key waits here, so that whichever file
/// survives a crash, its key is in the keychain.
pub(crate) fn pending_account(salt: &[u8; SALT_LEN]) -> String {
    format!("{}-pending", keychain_account(salt))
}

/// Where to look for a store's key, in the order tried: passphrase, recovery key, keychain.
#[derive(Default, Clone)]
pub struct KeySources<'a> {
    /// The passphrase and where it came from ("QUORUM_PASSPHRASE", "--passphrase-file …").
    pub passphrase: Option<(Secret, String)>,
    pub recovery_key: Option<(Secret, String)>,
    pub keychain: Option<&'a dyn Keychain>,
}

impl<'a> KeySources<'a> {
    pub fn keychain(keychain: &'a dyn Keychain) -> Self {
        KeySources { keychain: Some(keychain), ..Default::default() }
    }

    pub fn passphrase(text: impl Into<String>) -> Self {
        KeySources { passphrase: Some((Secret::passphrase(text), "the passphrase given".into())), ..Default::default() }
    }

    pub fn with_keychain(mut self, keychain: &'a dyn Keychain) -> Self {
        self.keychain = Some(keychain);
        self
    }
}
