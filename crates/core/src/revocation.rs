//! Fetching revocation data (PAdES B-LT) for the signer's chain: the CRLs and OCSP
//! responses its certificates name ([`quorum_pdf::revocation::lookups`]), over
//! [`crate::http`]. Called only when the signing settings name a time-stamping authority:
//! that one setting decides whether signing uses the network, and long-term data builds on
//! a trusted time (B-LT on B-T). A self-signed seal names none, so nothing is fetched.

use quorum_pdf::revocation::{lookups, Refusal, Revocation};
use quorum_pdf::SigningIdentity;

use crate::error::{Error, Result};

/// What was fetched, and what could not be, one sentence each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fetched {
    pub data: Revocation,
    pub missing: Vec<String>,
}

impl Fetched {
    /// One line for the export summary; None when the chain names no revocation data.
    pub fn summary(&self) -> Option<String> {
        let plural = |n: usize, one: &str| (n > 0).then(|| format!("{n} {one}{}", if n == 1 { "" } else { "s" }));
        let kept: Vec<String> = [plural(self.data.crls.len(), "CRL"), plural(self.data.ocsps.len(), "OCSP response")].into_iter().flatten().collect();
        let mut parts = Vec::new();
        if !kept.is_empty() {
            parts.push(format!("{} in the file (PAdES B-LT)", kept.join(" and ")));
        }
        if !self.missing.is_empty() {
            parts.push(format!(
                "not fetched: {}. The signature is valid without it; a validator then asks the certificate authority itself. Check the network and sign again for long-term data",
                self.missing.join("; ")
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// Fetches every CRL and OCSP response the identity's chain names. A source that cannot be
/// reached or gives something unusable is named in [`Fetched::missing`]; a reply that says a
/// certificate is revoked is an error: nothing is signed with a revoked certificate.
pub fn fetch(identity: &SigningIdentity) -> Result<Fetched> {
    let mut fetched = Fetched::default();
    for lookup in lookups(identity) {
        let (what, reply) = match &lookup.ocsp_request {
            None => ("the CRL", crate::http::get(&lookup.url)),
            Some(request) => ("the OCSP response", crate::http::post(&lookup.url, "application/ocsp-request", "application/ocsp-response", request)),
        };
        match reply.map_err(|e| Refusal::Unusable(e.0)).and_then(|bytes| lookup.check(&bytes).map(|()| bytes)) {
            Ok(bytes) if lookup.ocsp_request.is_none() => fetched.data.crls.push(bytes),
            Ok(bytes) => fetched.data.ocsps.push(bytes),
            Err(Refusal::Unusable(why)) => fetched.missing.push(format!("{what} for {} from {} ({why})", lookup.subject, lookup.url)),
            Err(Refusal::Revoked(why)) => {
                return Err(Error::invalid(format!("{why}: nothing is signed with a revoked certificate. Import a valid identity (`quorum identity import`)")));
            }
        }
    }
    Ok(fetched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_self_signed_seal_names_nothing_to_fetch() {
        let seal = SigningIdentity::generate("Northwind Analytics Ltd", "Northwind Analytics Ltd", chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap()).unwrap();
        assert!(lookups(&seal).is_empty());
        let fetched = fetch(&seal).unwrap();
        assert_eq!(fetched, Fetched::default());
        assert_eq!(fetched.summary(), None);
    }
}
