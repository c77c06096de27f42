//! Verification of the signatures in a PDF, independent of the signer's tools.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::{Decode, Encode, Reader};
use p256::ecdsa::signature::Verifier;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use crate::error::{Error, Result};
use crate::identity::fingerprint;
use crate::sign::{tlv, ID_DATA, ID_SHA256, ID_SIGNING_CERT_V2};

const ID_SIGNED_DATA: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CONTENT_TYPE: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_EC_PUBLIC_KEY: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const ID_RSA: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// One verified signature.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureReport {
    /// `/Name` from the signature dictionary (empty if absent).
    pub signer_name: String,
    /// The signing certificate's subject (RFC 4514).
    pub certificate_subject: String,
    /// SHA-256 of the signing certificate, colon hex.
    pub certificate_fingerprint_sha256: String,
    /// `/M` as written (PDF date string), if present.
    pub signing_time: Option<String>,
    pub reason: String,
    pub location: String,
    /// `/SubFilter`, e.g. `ETSI.CAdES.detached`.
    pub sub_filter: String,
    pub byte_range: [usize; 4],
    /// The byte range covers the whole file except the signature's own `/Contents`.
    pub whole_document: bool,
}

/// Every signature in the file, in file order; all verified.
#[derive(Debug, Clone, PartialEq)]
pub struct VerificationReport {
    pub signatures: Vec<SignatureReport>,
}

impl VerificationReport {
    /// The last signature covers the whole file: nothing was added after it.
    pub fn whole_document_signed(&self) -> bool {
        self.signatures.last().is_some_and(|s| s.whole_document)
    }
}

fn invalid(index: usize, reason: impl Into<String>) -> Error {
    Error::InvalidSignature { index, reason: reason.into() }
}

/// Finds every `/ByteRange [a b c d]` in the raw bytes.
fn byte_ranges(pdf: &[u8]) -> Vec<[usize; 4]> {
    let mut out = Vec::new();
    let key = b"/ByteRange";
    let mut i = 0;
    while let Some(p) = pdf[i..].windows(key.len()).position(|w| w == key) {
        let start = i + p + key.len();
        i = start;
        let rest = &pdf[start..pdf.len().min(start + 100)];
        let Some(open) = rest.iter().position(|b| *b == b'[') else { continue };
        let Some(close) = rest.iter().position(|b| *b == b']') else { continue };
        if open > close || rest[..open].iter().any(|b| !b.is_ascii_whitespace()) {
            continue;
        }
        let nums: Vec<usize> = std::str::from_utf8(&rest[open + 1..close])
            .unwrap_or("")
            .split_whitespace()
            .filter_map(|s| s.parse().ok())
            .collect();
        if nums.len() == 4 {
            out.push([nums[0], nums[1], nums[2], nums[3]]);
        }
    }
    out
}

struct DictInfo {
    name: String,
    m: Option<String>,
    reason: String,
    location: String,
    sub_filter: String,
}

/// Reads the signature dictionaries with lopdf, keyed by their byte range.
fn sig_dicts(pdf: &[u8]) -> Vec<([usize; 4], DictInfo)> {
    let Ok(doc) = lopdf::Document::load_mem(pdf) else { return Vec::new() };
    let text = |d: &lopdf::Dictionary, k: &[u8]| -> String {
        d.get(k)
            .ok()
            .and_then(|o| o.as_str().ok())
            .map(|b| lopdf::decode_text_string(&lopdf::Object::String(b.to_vec(), lopdf::StringFormat::Literal)).unwrap_or_default())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        let Ok(br) = d.get(b"ByteRange").and_then(|o| o.as_array()) else { continue };
        let nums: Vec<usize> = br.iter().filter_map(|o| o.as_i64().ok()).map(|n| n as usize).collect();
        if nums.len() != 4 {
            continue;
        }
        let m = d.get(b"M").ok().and_then(|o| o.as_str().ok()).map(|b| String::from_utf8_lossy(b).into_owned());
        let sub_filter = d.get(b"SubFilter").ok().and_then(|o| o.as_name().ok()).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
        out.push((
            [nums[0], nums[1], nums[2], nums[3]],
            DictInfo { name: text(d, b"Name"), m, reason: text(d, b"Reason"), location: text(d, b"Location"), sub_filter },
        ));
    }
    out
}

/// Verifies every signature in `pdf`: the byte range leaves out exactly the `/Contents`
/// hex string, the SHA-256 of the covered bytes equals the CMS message digest, and the
/// ECDSA P-256 or RSA signature over the signed attributes verifies with the embedded
/// certificate. The certificate itself is not checked against any trust store.
pub fn verify_pdf(pdf: &[u8]) -> Result<VerificationReport> {
    let ranges = byte_ranges(pdf);
    if ranges.is_empty() {
        return Err(Error::NotSigned);
    }
    let dicts = sig_dicts(pdf);
    let mut signatures = Vec::new();
    for (n, br) in ranges.iter().enumerate() {
        let index = n + 1;
        let [a, b, c, d] = *br;
        if a != 0 || b == 0 || c <= b || c.checked_add(d).is_none_or(|end| end > pdf.len()) {
            return Err(invalid(index, format!("the byte range {br:?} does not fit the file of {} bytes", pdf.len())));
        }
        let gap = &pdf[b..c];
        if gap.len() < 2 || gap[0] != b'<' || gap[gap.len() - 1] != b'>' || !gap[1..gap.len() - 1].iter().all(u8::is_ascii_hexdigit) {
            return Err(invalid(index, "the byte range leaves out more than the /Contents hex string"));
        }
        let cms_bytes = hex::decode(&gap[1..gap.len() - 1]).map_err(|e| invalid(index, format!("/Contents is not hex: {e}")))?;
        let mut h = Sha256::new();
        h.update(&pdf[..b]);
        h.update(&pdf[c..c + d]);
        let digest = h.finalize();

        let mut reader = der::SliceReader::new(&cms_bytes).map_err(|e| invalid(index, format!("/Contents is not DER: {e}")))?;
        let ci: ContentInfo = reader.decode().map_err(|e| invalid(index, format!("/Contents is not a CMS ContentInfo: {e}")))?;
        if ci.content_type != ID_SIGNED_DATA {
            return Err(invalid(index, "the CMS is not SignedData"));
        }
        let sd: SignedData = ci.content.decode_as().map_err(|e| invalid(index, format!("the CMS SignedData is malformed: {e}")))?;
        let si = match sd.signer_infos.0.as_slice() {
            [one] => one,
            other => return Err(invalid(index, format!("expected one SignerInfo, found {}", other.len()))),
        };
        if si.digest_alg.oid != ID_SHA256 {
            return Err(invalid(index, format!("unsupported digest algorithm {}: only SHA-256 is verified", si.digest_alg.oid)));
        }
        let certs: Vec<&Certificate> = sd
            .certificates
            .as_ref()
            .map(|s| s.0.iter().filter_map(|c| match c { cms::cert::CertificateChoices::Certificate(c) => Some(c), _ => None }).collect())
            .unwrap_or_default();
        let cert = certs
            .iter()
            .find(|c| match &si.sid {
                SignerIdentifier::IssuerAndSerialNumber(is) => c.tbs_certificate.issuer == is.issuer && c.tbs_certificate.serial_number == is.serial_number,
                SignerIdentifier::SubjectKeyIdentifier(_) => certs.len() == 1,
            })
            .ok_or_else(|| invalid(index, "the signer's certificate is not in the CMS"))?;
        let attrs = si.signed_attrs.as_ref().ok_or_else(|| invalid(index, "the CMS has no signed attributes"))?;
        let attr = |oid| attrs.iter().find(|a| a.oid == oid).and_then(|a| a.values.iter().next());
        let md = attr(ID_MESSAGE_DIGEST).ok_or_else(|| invalid(index, "the CMS has no message-digest attribute"))?;
        let md = der::asn1::OctetString::from_der(&md.to_der().map_err(|e| invalid(index, e.to_string()))?)
            .map_err(|e| invalid(index, format!("the message digest is malformed: {e}")))?;
        if md.as_bytes() != digest.as_slice() {
            return Err(invalid(index, "digest mismatch: the document was changed after it was signed"));
        }
        let ct = attr(ID_CONTENT_TYPE).ok_or_else(|| invalid(index, "the CMS has no content-type attribute"))?;
        if ct.decode_as::<der::asn1::ObjectIdentifier>().ok() != Some(ID_DATA) {
            return Err(invalid(index, "the content-type attribute is not id-data"));
        }
        let cert_der = cert.to_der().map_err(|e| invalid(index, e.to_string()))?;
        if let Some(scv2) = attr(ID_SIGNING_CERT_V2) {
            // certs[0].certHash must be the SHA-256 of the signing certificate.
            let want = tlv(0x04, &Sha256::digest(&cert_der));
            let have = scv2.to_der().map_err(|e| invalid(index, e.to_string()))?;
            if !have.windows(want.len()).any(|w| w == want.as_slice()) {
                return Err(invalid(index, "the signing-certificate-v2 attribute names another certificate"));
            }
        }
        let signed = attrs.to_der().map_err(|e| invalid(index, e.to_string()))?;
        let sig = si.signature.as_bytes();
        let spki = &cert.tbs_certificate.subject_public_key_info;
        let spki_der = spki.to_der().map_err(|e| invalid(index, e.to_string()))?;
        if spki.algorithm.oid == ID_EC_PUBLIC_KEY {
            use p256::pkcs8::DecodePublicKey;
            let vk = p256::ecdsa::VerifyingKey::from_public_key_der(&spki_der)
                .map_err(|e| invalid(index, format!("the certificate's key is not ECDSA P-256: {e}")))?;
            let s = p256::ecdsa::DerSignature::try_from(sig).map_err(|e| invalid(index, format!("the ECDSA signature is malformed: {e}")))?;
            vk.verify(&signed, &s).map_err(|_| invalid(index, "the ECDSA signature does not match the signed attributes"))?;
        } else if spki.algorithm.oid == ID_RSA {
            use rsa::pkcs8::DecodePublicKey;
            let pk = rsa::RsaPublicKey::from_public_key_der(&spki_der).map_err(|e| invalid(index, format!("the certificate's RSA key is malformed: {e}")))?;
            let vk = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(pk);
            let s = rsa::pkcs1v15::Signature::try_from(sig).map_err(|e| invalid(index, format!("the RSA signature is malformed: {e}")))?;
            vk.verify(&signed, &s).map_err(|_| invalid(index, "the RSA signature does not match the signed attributes"))?;
        } else {
            return Err(invalid(index, format!("unsupported key algorithm {}", spki.algorithm.oid)));
        }
        let info = dicts.iter().find(|(r, _)| r == br).map(|(_, i)| i);
        signatures.push(SignatureReport {
            signer_name: info.map(|i| i.name.clone()).unwrap_or_default(),
            certificate_subject: cert.tbs_certificate.subject.to_string(),
            certificate_fingerprint_sha256: fingerprint(&cert_der),
            signing_time: info.and_then(|i| i.m.clone()),
            reason: info.map(|i| i.reason.clone()).unwrap_or_default(),
            location: info.map(|i| i.location.clone()).unwrap_or_default(),
            sub_filter: info.map(|i| i.sub_filter.clone()).unwrap_or_default(),
            byte_range: *br,
            whole_document: c + d == pdf.len(),
        });
    }
    Ok(VerificationReport { signatures })
}
