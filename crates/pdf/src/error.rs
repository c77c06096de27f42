//! The crate's one error type. Every message names the problem and, where there is one,
//! the fix.

/// Everything that can go wrong while laying out, attaching, signing or verifying.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The embedded font could not be parsed (a broken build, never user input).
    #[error("the embedded font {0} could not be parsed: rebuild quorum-pdf with intact fonts/*.ttf")]
    Font(&'static str),
    /// The document model is not valid (e.g. a table row with the wrong number of cells).
    #[error("invalid document: {0}")]
    InvalidDocument(String),
    /// A PDF could not be read or rewritten.
    #[error("the PDF could not be read: {0}; pass a complete PDF file as written by this crate")]
    Parse(String),
    /// Two attachments share a name.
    #[error("two attachments are named {0:?}: give each attachment a unique file name")]
    DuplicateAttachment(String),
    /// The CMS signature does not fit the space reserved for it.
    #[error("the signature needs {needed} bytes but only {reserved} are reserved: use a shorter certificate chain")]
    SignatureTooLarge { needed: usize, reserved: usize },
    /// Building the signature (CMS or certificate) failed.
    #[error("signing failed: {0}")]
    Signing(String),
    /// The key or certificate could not be read.
    #[error("the signing identity could not be read: {0}")]
    Identity(String),
    /// A PKCS#12 file could not be opened.
    #[error("the PKCS#12 file could not be opened: {0}; check the password and that the file is a .p12/.pfx with a private key")]
    Pkcs12(String),
    /// The key type inside an identity is not supported.
    #[error("unsupported key type {0}: Quorum signs with ECDSA P-256 or RSA keys (2048 bits or more); ask for a certificate with one of those")]
    UnsupportedKey(String),
    /// The time-stamping authority could not give a timestamp.
    #[error("no timestamp: {0}")]
    Timestamp(String),
    /// The PDF has no signature at all.
    #[error("the PDF has no signature: sign it first")]
    NotSigned,
    /// A signature is present but does not verify.
    #[error("signature {index} is invalid: {reason}")]
    InvalidSignature { index: usize, reason: String },
}

/// Shorthand used across the crate.
pub type Result<T> = std::result::Result<T, Error>;
