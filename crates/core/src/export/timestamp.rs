//! Upgrading a signed export made offline, once online: a document timestamp (PAdES) and,
//! in the same incremental update, the long-term validation data of every signature
//! already in the file (its certificates, and the CRLs and OCSP responses they name), so
//! the timestamp covers that data too. Behind `quorum timestamp FILE.pdf`.

use std::path::Path;

use crate::error::{Error, Result};
use crate::revocation::Fetched;

/// What [`add`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Timestamped {
    /// The file's size after the update.
    pub bytes: usize,
    /// The revocation data added and what could not be fetched, one line; None when the
    /// signatures' certificates name none (a self-signed seal).
    pub revocation: Option<String>,
}

/// Adds a document timestamp from the authority at `tsa_url` to the signed PDF `file`, with
/// the revocation data its signatures' certificates name, and replaces the file.
pub fn add(file: &Path, tsa_url: &str) -> Result<Timestamped> {
    let pdf = crate::limits::read(file, crate::limits::MAX_PDF_BYTES, "PDF")?;
    let (stamped, fetched) = stamp(&pdf, tsa_url)?;
    super::write_replacing(file, |tmp| std::fs::write(tmp, &stamped).map_err(Error::io(tmp)))?;
    Ok(Timestamped { bytes: stamped.len(), revocation: fetched.summary("run `quorum timestamp` again") })
}

/// The stamped file and the revocation data fetched for it. A certificate that a CRL or
/// OCSP response now says is revoked does not stop the timestamp: signatures made before
/// the revocation may still hold, and the reply is the evidence a validator weighs.
fn stamp(pdf: &[u8], tsa_url: &str) -> Result<(Vec<u8>, Fetched)> {
    // Only a file that verifies gets a timestamp: a timestamp over a broken file would
    // lend it a credibility it does not have.
    let certificates = quorum_pdf::verify_pdf(pdf)?.signer_certificates();
    let fetched = crate::revocation::fetch(&quorum_pdf::revocation::lookups(&certificates));
    let timestamper: quorum_pdf::Timestamper = &|digest: &[u8]| crate::timestamp::request(tsa_url, digest).map_err(|e| quorum_pdf::Error::Timestamp(e.to_string()));
    let stamped = quorum_pdf::timestamp_pdf(pdf, timestamper, &certificates, &fetched.data)?;
    Ok((stamped, fetched))
}
