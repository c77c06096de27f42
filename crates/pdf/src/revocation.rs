//! Revocation data for long-term validation (PAdES B-LT): where the signers' certificates
//! say their status is published (CRL distribution points, OCSP responders in the
//! Authority Information Access), the OCSP requests to send there, and checks of what came
//! back. No network here: the caller fetches, and [`crate::sign_pdf_timestamped`] (when
//! signing) or [`crate::timestamp_pdf`] (for the signatures already in a file) puts what it
//! kept into the `/DSS`.

use der::{Decode, Encode};
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{AuthorityInfoAccessSyntax, CrlDistributionPoints};
use x509_cert::serial_number::SerialNumber;
use x509_cert::Certificate;
use x509_ocsp::builder::OcspRequestBuilder;
use x509_ocsp::{BasicOcspResponse, CertStatus, OcspResponse, OcspResponseStatus, Request};

/// CRLs and OCSP responses (DER) for the `/DSS`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Revocation {
    pub crls: Vec<Vec<u8>>,
    pub ocsps: Vec<Vec<u8>>,
}

/// Where one certificate's status can be asked: a CRL (fetched with GET) or an OCSP
/// responder (the request POSTed).
#[derive(Debug, Clone, PartialEq)]
pub struct Lookup {
    /// The certificate's subject, for messages.
    pub subject: String,
    pub url: String,
    /// The OCSP request (DER); None for a CRL.
    pub ocsp_request: Option<Vec<u8>>,
    serial: SerialNumber,
}

/// Why a reply is not kept.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// Not a CRL or OCSP response for the certificate, or the responder would not say.
    Unusable(String),
    /// The reply says the certificate is revoked (the reply itself is sound): nothing
    /// should be signed with it, and the reply is evidence for signatures made before.
    Revoked(String),
}

/// The CRLs and OCSP responders named by `certificates` (DER: a signer's and its chain's,
/// or those of every signature in a file; what does not parse is skipped), each but the
/// self-signed roots (a self-signed certificate names none that could be trusted more than
/// itself). Only http:// addresses: CRLs and OCSP responses are signed by their issuer, and
/// LDAP or HTTPS would need clients Quorum does not carry. A self-signed seal gives none,
/// so signing or timestamping with it never touches the network.
pub fn lookups(certificates: &[Vec<u8>]) -> Vec<Lookup> {
    let all: Vec<Certificate> = certificates.iter().filter_map(|der| Certificate::from_der(der).ok()).collect();
    let mut out = Vec::new();
    for cert in &all {
        let tbs = &cert.tbs_certificate;
        if tbs.issuer == tbs.subject {
            continue;
        }
        let subject = tbs.subject.to_string();
        let http = |name: &GeneralName| match name {
            GeneralName::UniformResourceIdentifier(uri) if uri.as_str().starts_with("http://") => Some(uri.as_str().to_owned()),
            _ => None,
        };
        if let Ok(Some((_, points))) = tbs.get::<CrlDistributionPoints>() {
            for point in points.0 {
                if let Some(DistributionPointName::FullName(names)) = point.distribution_point {
                    for url in names.iter().filter_map(http) {
                        out.push(Lookup { subject: subject.clone(), url, ocsp_request: None, serial: tbs.serial_number.clone() });
                    }
                }
            }
        }
        // An OCSP request names the issuer by hashes of its name and key: without the
        // issuer's certificate in the chain there is nothing to ask.
        let issuer = all.iter().find(|c| c.tbs_certificate.subject == tbs.issuer);
        if let (Ok(Some((_, access))), Some(issuer)) = (tbs.get::<AuthorityInfoAccessSyntax>(), issuer) {
            let request = Request::from_cert::<sha1::Sha1>(issuer, cert).ok().and_then(|r| OcspRequestBuilder::default().with_request(r).build().to_der().ok());
            for description in access.0.iter().filter(|d| d.access_method == const_oid::db::rfc5280::ID_AD_OCSP) {
                if let (Some(url), Some(request)) = (http(&description.access_location), &request) {
                    out.push(Lookup { subject: subject.clone(), url, ocsp_request: Some(request.clone()), serial: tbs.serial_number.clone() });
                }
            }
        }
    }
    out
}

impl Lookup {
    /// Checks a reply: a CRL, or a successful OCSP response about this certificate, that
    /// does not say it is revoked.
    pub fn check(&self, reply: &[u8]) -> Result<(), Refusal> {
        let unusable = |why: String| Refusal::Unusable(why);
        match self.ocsp_request {
            None => {
                let crl = x509_cert::crl::CertificateList::from_der(reply).map_err(|e| unusable(format!("the reply is not a DER CRL ({e})")))?;
                match crl.tbs_cert_list.revoked_certificates.unwrap_or_default().iter().find(|r| r.serial_number == self.serial) {
                    Some(entry) => Err(Refusal::Revoked(format!("the CRL at {} lists the certificate {} as revoked on {}", self.url, self.subject, entry.revocation_date))),
                    None => Ok(()),
                }
            }
            Some(_) => {
                let response = OcspResponse::from_der(reply).map_err(|e| unusable(format!("the reply is not a DER OCSP response ({e})")))?;
                if response.response_status != OcspResponseStatus::Successful {
                    return Err(unusable(format!("the responder answered {:?}", response.response_status)));
                }
                let bytes = response.response_bytes.ok_or_else(|| unusable("the response is empty".into()))?;
                let basic = BasicOcspResponse::from_der(bytes.response.as_bytes()).map_err(|e| unusable(format!("the response is not a basic OCSP response ({e})")))?;
                let single = basic
                    .tbs_response_data
                    .responses
                    .iter()
                    .find(|r| r.cert_id.serial_number == self.serial)
                    .ok_or_else(|| unusable(format!("the response says nothing about the certificate {}", self.subject)))?;
                match &single.cert_status {
                    CertStatus::Good(_) => Ok(()),
                    CertStatus::Revoked(info) => Err(Refusal::Revoked(format!("the OCSP responder {} says the certificate {} was revoked on {}", self.url, self.subject, info.revocation_time.0.to_date_time()))),
                    CertStatus::Unknown(_) => Err(unusable(format!("the responder does not know the certificate {}", self.subject))),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use der::asn1::Ia5String;
    use x509_cert::builder::{Builder, CertificateBuilder, Profile};
    use x509_cert::ext::pkix::crl::dp::DistributionPoint;
    use x509_cert::ext::pkix::AccessDescription;
    use x509_cert::name::Name;
    use x509_cert::spki::SubjectPublicKeyInfoOwned;
    use x509_ocsp::OcspRequest;

    use super::*;
    use crate::identity::{Key, SigningIdentity};

    fn uri(text: &str) -> GeneralName {
        GeneralName::UniformResourceIdentifier(Ia5String::new(text).unwrap())
    }

    /// A root made like a seal, and a leaf it issued that names a CRL (over LDAP and HTTP)
    /// and an OCSP responder (HTTP).
    fn issued() -> SigningIdentity {
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let root = SigningIdentity::generate("Test Root CA", "Tests", now).unwrap();
        let Key::P256(root_key) = &root.key else { unreachable!() };
        let leaf_key = p256::ecdsa::SigningKey::from_slice(&[7u8; 32]).unwrap();
        let mut builder = CertificateBuilder::new(
            Profile::Leaf { issuer: root.certificate.tbs_certificate.subject.clone(), enable_key_agreement: false, enable_key_encipherment: false },
            SerialNumber::new(&[0x10, 0x01]).unwrap(),
            root.certificate.tbs_certificate.validity,
            Name::from_str("CN=Ana Lead,O=Tests").unwrap(),
            SubjectPublicKeyInfoOwned::from_key(*leaf_key.verifying_key()).unwrap(),
            root_key,
        )
        .unwrap();
        let point = DistributionPoint {
            distribution_point: Some(DistributionPointName::FullName(vec![uri("ldap://ca.example/cn=Test%20Root%20CA"), uri("http://ca.example/root.crl")])),
            reasons: None,
            crl_issuer: None,
        };
        builder.add_extension(&CrlDistributionPoints(vec![point])).unwrap();
        let ocsp = AccessDescription { access_method: const_oid::db::rfc5280::ID_AD_OCSP, access_location: uri("http://ocsp.ca.example") };
        builder.add_extension(&AuthorityInfoAccessSyntax(vec![ocsp])).unwrap();
        let leaf = builder.build::<p256::ecdsa::DerSignature>().unwrap();
        SigningIdentity { key: Key::P256(leaf_key), certificate: leaf, chain: vec![root.certificate] }
    }

    #[test]
    fn the_leaf_names_an_http_crl_and_an_ocsp_responder_the_root_and_a_seal_nothing() {
        let identity = issued();
        let found = lookups(&identity.certificates_der());
        let urls: Vec<(&str, bool)> = found.iter().map(|l| (l.url.as_str(), l.ocsp_request.is_some())).collect();
        assert_eq!(urls, [("http://ca.example/root.crl", false), ("http://ocsp.ca.example", true)], "LDAP is left out, the root names nothing");
        assert!(found.iter().all(|l| l.subject == "CN=Ana Lead,O=Tests"));
        // The request names the leaf's serial and the issuer by SHA-1 hashes (RFC 6960).
        let request = OcspRequest::from_der(found[1].ocsp_request.as_ref().unwrap()).unwrap();
        let id = &request.tbs_request.request_list[0].req_cert;
        assert_eq!(id.serial_number, identity.certificate.tbs_certificate.serial_number);
        assert_eq!(id.hash_algorithm.oid, const_oid::db::rfc5912::ID_SHA_1);

        // Without its issuer in the chain there is no OCSP request to make; the CRL remains.
        let alone = SigningIdentity { chain: Vec::new(), ..issued() };
        assert_eq!(lookups(&alone.certificates_der()).len(), 1);
        let seal = SigningIdentity::generate("Northwind Analytics Ltd", "Northwind Analytics Ltd", chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap()).unwrap();
        assert!(lookups(&seal.certificates_der()).is_empty());
    }

    #[test]
    fn a_reply_that_is_not_a_crl_or_an_ocsp_response_is_unusable() {
        for lookup in lookups(&issued().certificates_der()) {
            match lookup.check(b"<html>captive portal</html>") {
                Err(Refusal::Unusable(why)) => assert!(why.starts_with("the reply is not a DER"), "{why}"),
                other => panic!("{other:?}"),
            }
        }
        // An OCSP "try later" (status 3, no response bytes).
        let ocsp = lookups(&issued().certificates_der()).pop().unwrap();
        assert_eq!(ocsp.check(&[0x30, 0x03, 0x0A, 0x01, 0x03]), Err(Refusal::Unusable("the responder answered TryLater".into())));
    }
}
