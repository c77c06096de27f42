//! Revocation data for long-term validation (PAdES B-LT): where the signer's certificates
//! say their status is published (CRL distribution points, OCSP responders in the
//! Authority Information Access), the OCSP requests to send there, and checks of what came
//! back. No network here: the caller fetches, and [`crate::sign_pdf_timestamped`] puts
//! what it kept into the `/DSS`.

use der::{Decode, Encode};
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{AuthorityInfoAccessSyntax, CrlDistributionPoints};
use x509_cert::serial_number::SerialNumber;
use x509_cert::Certificate;
use x509_ocsp::builder::OcspRequestBuilder;
use x509_ocsp::{BasicOcspResponse, CertStatus, OcspResponse, OcspResponseStatus, Request};

use crate::identity::SigningIdentity;

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
    /// The reply says the certificate is revoked: nothing should be signed with it.
    Revoked(String),
}

/// The CRLs and OCSP responders named by the signer's certificate and each CA certificate
/// of its chain but the root (a self-signed certificate names none that could be trusted
/// more than itself). Only http:// addresses: CRLs and OCSP responses are signed by their
/// issuer, and LDAP or HTTPS would need clients Quorum does not carry. A self-signed seal
/// gives none, so signing with it never touches the network.
pub fn lookups(identity: &SigningIdentity) -> Vec<Lookup> {
    let all: Vec<&Certificate> = std::iter::once(&identity.certificate).chain(&identity.chain).collect();
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
