//! Fetching revocation data (PAdES B-LT) for signers' chains: the CRLs and OCSP responses
//! their certificates name ([`quorum_pdf::revocation::lookups`]), over [`crate::http`].
//! Called only when the signing settings name a time-stamping authority (or `quorum
//! timestamp` is given one): that one setting decides whether Quorum uses the network, and
//! long-term data builds on a trusted time (B-LT on B-T). A self-signed seal names none, so
//! nothing is fetched.

use quorum_pdf::revocation::{lookups, Lookup, Refusal, Revocation};
use quorum_pdf::SigningIdentity;

use crate::error::{Error, Result};

/// What was fetched, and what could not be, one sentence each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fetched {
    /// Every reply kept, those that say a certificate is revoked included (evidence).
    pub data: Revocation,
    pub missing: Vec<String>,
    /// Replies that say a certificate is revoked, and since when.
    pub revoked: Vec<String>,
}

impl Fetched {
    /// One line for the summary; None when the chains name no revocation data. `again`
    /// says how to try once more for what could not be fetched ("sign again").
    pub fn summary(&self, again: &str) -> Option<String> {
        let plural = |n: usize, one: &str| (n > 0).then(|| format!("{n} {one}{}", if n == 1 { "" } else { "s" }));
        let kept: Vec<String> = [plural(self.data.crls.len(), "CRL"), plural(self.data.ocsps.len(), "OCSP response")].into_iter().flatten().collect();
        let mut parts = Vec::new();
        if !kept.is_empty() {
            parts.push(format!("{} in the file (PAdES B-LT)", kept.join(" and ")));
        }
        if !self.revoked.is_empty() {
            parts.push(format!(
                "REVOKED: {}. Each reply is kept in the file as evidence; a signature by a revoked certificate holds only if a timestamp older than the revocation proves when it was made",
                self.revoked.join("; ")
            ));
        }
        if !self.missing.is_empty() {
            parts.push(format!(
                "not fetched: {}. The signature is valid without it; a validator then asks the certificate authority itself. Check the network and {again} for long-term data",
                self.missing.join("; ")
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// Fetches every CRL and OCSP response `lookups` name. A source that cannot be reached or
/// gives something unusable is named in [`Fetched::missing`]; a reply that says a
/// certificate is revoked is kept, and named in [`Fetched::revoked`].
pub fn fetch(lookups: &[Lookup]) -> Fetched {
    let mut fetched = Fetched::default();
    for lookup in lookups {
        let (what, reply) = match &lookup.ocsp_request {
            None => ("the CRL", crate::http::get(&lookup.url)),
            Some(request) => ("the OCSP response", crate::http::post(&lookup.url, "application/ocsp-request", "application/ocsp-response", request)),
        };
        let missing = |why: String| format!("{what} for {} from {} ({why})", lookup.subject, lookup.url);
        let bytes = match reply {
            Ok(bytes) => bytes,
            Err(failure) => {
                fetched.missing.push(missing(failure.0));
                continue;
            }
        };
        match lookup.check(&bytes) {
            Ok(()) => {}
            Err(Refusal::Revoked(why)) => fetched.revoked.push(why),
            Err(Refusal::Unusable(why)) => {
                fetched.missing.push(missing(why));
                continue;
            }
        }
        match lookup.ocsp_request {
            None => fetched.data.crls.push(bytes),
            Some(_) => fetched.data.ocsps.push(bytes),
        }
    }
    fetched
}

/// [`fetch`] for the identity about to sign: a reply that says its certificate (or one of
/// its chain) is revoked is an error, since nothing is signed with a revoked certificate.
pub fn fetch_for_signing(identity: &SigningIdentity) -> Result<Fetched> {
    let fetched = fetch(&lookups(&identity.certificates_der()));
    match fetched.revoked.first() {
        Some(why) => Err(Error::invalid(format!("{why}: nothing is signed with a revoked certificate. Import a valid identity (`quorum identity import`)"))),
        None => Ok(fetched),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_self_signed_seal_names_nothing_to_fetch() {
        let seal = SigningIdentity::generate("Northwind Analytics Ltd", "Northwind Analytics Ltd", chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap()).unwrap();
        assert!(lookups(&seal.certificates_der()).is_empty());
        let fetched = fetch_for_signing(&seal).unwrap();
        assert_eq!(fetched, Fetched::default());
        assert_eq!(fetched.summary("sign again"), None);
    }
}
