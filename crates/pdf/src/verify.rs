//! Verification of the signatures in a PDF, independent of the signer's tools.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::{Decode, Encode, Reader};
use p256::ecdsa::signature::Verifier;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use crate::error::{Error, Result};
use crate::identity::fingerprint;
use crate::revisions;
use crate::sign::{tlv, ID_DATA, ID_SHA256, ID_SIGNING_CERT_V2};

const ID_SIGNED_DATA: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CONTENT_TYPE: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_EC_PUBLIC_KEY: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const ID_RSA: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const ID_TST_INFO: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
pub(crate) const ID_TIMESTAMP_TOKEN: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");

/// An RFC 3161 timestamp that verified: the authority's signature and its imprint.
#[derive(Debug, Clone, PartialEq)]
pub struct Timestamp {
    /// The token's genTime, `YYYY-MM-DD HH:MM:SS UTC`.
    pub time: String,
    /// The time-stamping authority's certificate subject (RFC 4514).
    pub authority: String,
    pub authority_fingerprint_sha256: String,
}

/// One verified signature or document timestamp.
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
    /// `/SubFilter`, e.g. `ETSI.CAdES.detached`, `ETSI.RFC3161`.
    pub sub_filter: String,
    pub byte_range: [usize; 4],
    /// The byte range covers the whole file except the signature's own `/Contents`.
    pub whole_document: bool,
    /// A document timestamp (`/DocTimeStamp`) rather than a signature.
    pub document_timestamp: bool,
    /// The signature's timestamp (PAdES B-T), or the document timestamp's own time.
    pub timestamp: Option<Timestamp>,
    /// The revision the signature covers, counted from 1 (the file as first written); None
    /// when its byte range ends elsewhere than at the end of a revision.
    pub revision: Option<usize>,
    /// What later revisions changed besides signatures, timestamps, validation data and
    /// metadata: empty when nothing else changed.
    pub changed_after: Vec<String>,
    /// The certificates the CMS carries (DER), the signer's first, then the chain the
    /// signer put beside it.
    pub certificates: Vec<Vec<u8>>,
}

/// Every signature in the file, in file order; all verified.
#[derive(Debug, Clone, PartialEq)]
pub struct VerificationReport {
    pub signatures: Vec<SignatureReport>,
    /// Revisions in the file (the original plus each incremental update).
    pub revisions: usize,
    /// Bytes after the end of the last revision (appended, and part of no revision).
    pub trailing_bytes: usize,
}

/// What an auditor can conclude from a [`VerificationReport`] and the certificate they
/// expect.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// Indexes into `signatures` of the seal: the signatures by an expected certificate,
    /// or, with none expected, the first signature.
    pub seals: Vec<usize>,
    /// Whether the seal was matched against an expected certificate.
    pub pinned: bool,
    /// Every reason not to rely on the file; empty when it holds.
    pub problems: Vec<String>,
}

impl Assessment {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// A SHA-256 fingerprint as colon-separated upper-case hex, from hex with or without
/// colons or spaces; None when it is not 32 bytes of hex.
pub fn normalise_fingerprint(text: &str) -> Option<String> {
    let hex: String = text.chars().filter(|c| !matches!(c, ':' | ' ' | '-')).collect();
    let bytes = hex::decode(&hex).ok().filter(|b| b.len() == 32)?;
    Some(bytes.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":"))
}

impl VerificationReport {
    /// The certificates of every signature (not of document timestamps), each once, DER:
    /// what long-term validation data is about.
    pub fn signer_certificates(&self) -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = Vec::new();
        for cert in self.signatures.iter().filter(|s| !s.document_timestamp).flat_map(|s| &s.certificates) {
            if !out.contains(cert) {
                out.push(cert.clone());
            }
        }
        out
    }

    /// The last signature covers the whole file: nothing was added after it.
    pub fn whole_document_signed(&self) -> bool {
        self.signatures.last().is_some_and(|s| s.whole_document)
    }

    /// Judges the file against the certificates the auditor expects (SHA-256 fingerprints,
    /// colon hex; empty: take the first signature as the seal). It fails when no signature
    /// is by an expected certificate, when anything but signatures, document timestamps,
    /// validation data and metadata was changed after a seal (whoever signed the change),
    /// and when bytes were appended outside any revision.
    pub fn assess(&self, expected: &[String]) -> Assessment {
        let signatures = || self.signatures.iter().enumerate().filter(|(_, s)| !s.document_timestamp);
        let pinned = !expected.is_empty();
        let seals: Vec<usize> = if pinned {
            signatures().filter(|(_, s)| expected.contains(&s.certificate_fingerprint_sha256)).map(|(i, _)| i).collect()
        } else {
            signatures().map(|(i, _)| i).take(1).collect()
        };
        let mut problems = Vec::new();
        if seals.is_empty() {
            let by: Vec<String> = signatures().map(|(_, s)| format!("{} (SHA-256 {})", s.certificate_subject, s.certificate_fingerprint_sha256)).collect();
            problems.push(if pinned {
                format!("no signature is by the expected certificate ({}); the file is signed by {}", expected.join(" or "), if by.is_empty() { "no one (document timestamps only)".into() } else { by.join(", ") })
            } else {
                "the file has document timestamps but no signature".into()
            });
        }
        for &i in &seals {
            let s = &self.signatures[i];
            match s.revision {
                None => problems.push(format!("signature {} ends in the middle of a revision: the file was put together by hand", i + 1)),
                Some(_) if !s.changed_after.is_empty() => {
                    problems.push(format!("the content was changed after signature {} by {}: {}", i + 1, s.certificate_subject, s.changed_after.join("; ")))
                }
                Some(_) => {}
            }
        }
        if self.trailing_bytes > 0 {
            problems.push(format!("{} bytes were added after the last revision: they are covered by no signature", self.trailing_bytes));
        }
        Assessment { seals, pinned, problems }
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

/// What a CMS SignedData proved about itself: the signer's certificate verified the
/// signed attributes, and what they say was signed.
struct SignedCms {
    cert_der: Vec<u8>,
    /// Every certificate in the CMS, DER, the signer's first.
    certificates: Vec<Vec<u8>>,
    subject: String,
    /// The message-digest attribute: SHA-256 of the signed bytes (detached) or of `econtent`.
    message_digest: Vec<u8>,
    /// The encapsulated content (a timestamp token's TSTInfo), if any.
    econtent: Option<Vec<u8>>,
    signature_value: Vec<u8>,
    /// A signature timestamp token (unsigned attribute), DER.
    timestamp_token: Option<Vec<u8>>,
}

fn check_cms(index: usize, cms_bytes: &[u8]) -> Result<SignedCms> {
    let mut reader = der::SliceReader::new(cms_bytes).map_err(|e| invalid(index, format!("/Contents is not DER: {e}")))?;
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
    let content_type = sd.encap_content_info.econtent_type;
    let ct = attr(ID_CONTENT_TYPE).ok_or_else(|| invalid(index, "the CMS has no content-type attribute"))?;
    if ct.decode_as::<der::asn1::ObjectIdentifier>().ok() != Some(content_type) {
        return Err(invalid(index, "the content-type attribute does not name the signed content"));
    }
    let econtent = match &sd.encap_content_info.econtent {
        None if content_type == ID_DATA => None,
        Some(any) if content_type == ID_TST_INFO => {
            let bytes = der::asn1::OctetString::from_der(&any.to_der().map_err(|e| invalid(index, e.to_string()))?)
                .map_err(|e| invalid(index, format!("the timestamp's TSTInfo is malformed: {e}")))?
                .into_bytes();
            if Sha256::digest(&bytes).as_slice() != md.as_bytes() {
                return Err(invalid(index, "the timestamp token's digest does not match its TSTInfo"));
            }
            Some(bytes)
        }
        _ => return Err(invalid(index, format!("unexpected signed content {content_type}"))),
    };
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
    let timestamp_token = si
        .unsigned_attrs
        .as_ref()
        .and_then(|u| u.iter().find(|a| a.oid == ID_TIMESTAMP_TOKEN))
        .and_then(|a| a.values.iter().next())
        .map(|v| v.to_der().map_err(|e| invalid(index, e.to_string())))
        .transpose()?;
    let mut certificates = vec![cert_der.clone()];
    for other in certs.iter().filter(|c| **c != *cert) {
        certificates.push(other.to_der().map_err(|e| invalid(index, e.to_string()))?);
    }
    Ok(SignedCms {
        cert_der,
        certificates,
        subject: cert.tbs_certificate.subject.to_string(),
        message_digest: md.as_bytes().to_vec(),
        econtent,
        signature_value: sig.to_vec(),
        timestamp_token,
    })
}

/// The hashed message and time of a TSTInfo (RFC 3161): `(hash algorithm, hash, genTime)`.
fn tst_imprint(index: usize, tst_info: &[u8]) -> Result<(der::asn1::ObjectIdentifier, Vec<u8>, String)> {
    let bad = |what: &str| invalid(index, format!("the timestamp's TSTInfo is malformed ({what})"));
    let seq = der::asn1::AnyRef::from_der(tst_info).map_err(|_| bad("not DER"))?;
    let mut reader = der::SliceReader::new(seq.value()).map_err(|_| bad("empty"))?;
    let _version: der::asn1::AnyRef = reader.decode().map_err(|_| bad("version"))?;
    let _policy: der::asn1::ObjectIdentifier = reader.decode().map_err(|_| bad("policy"))?;
    let imprint: der::asn1::AnyRef = reader.decode().map_err(|_| bad("messageImprint"))?;
    let _serial: der::asn1::AnyRef = reader.decode().map_err(|_| bad("serialNumber"))?;
    let gen_time: der::asn1::GeneralizedTime = reader.decode().map_err(|_| bad("genTime"))?;
    let mut inner = der::SliceReader::new(imprint.value()).map_err(|_| bad("messageImprint"))?;
    let alg: spki::AlgorithmIdentifierOwned = inner.decode().map_err(|_| bad("hashAlgorithm"))?;
    let hash: der::asn1::OctetString = inner.decode().map_err(|_| bad("hashedMessage"))?;
    let time = chrono::DateTime::from_timestamp(gen_time.to_unix_duration().as_secs() as i64, 0).unwrap_or_default();
    Ok((alg.oid, hash.into_bytes(), time.format("%Y-%m-%d %H:%M:%S UTC").to_string()))
}

/// A timestamp token's time and its authority, once the token's own signature verified
/// and its imprint is the SHA-256 of `stamped`.
fn check_timestamp(index: usize, token: &[u8], stamped: &[u8]) -> Result<Timestamp> {
    let cms = check_cms(index, token)?;
    let tst = cms.econtent.as_deref().ok_or_else(|| invalid(index, "the timestamp token carries no TSTInfo"))?;
    let (alg, hash, time) = tst_imprint(index, tst)?;
    if alg != ID_SHA256 {
        return Err(invalid(index, format!("the timestamp hashes with {alg}: only SHA-256 is verified")));
    }
    if hash != Sha256::digest(stamped).as_slice() {
        return Err(invalid(index, "the timestamp was made for other data"));
    }
    Ok(Timestamp { time, authority: cms.subject, authority_fingerprint_sha256: fingerprint(&cms.cert_der) })
}

/// Verifies every signature and document timestamp in `pdf`: the byte range leaves out
/// exactly the `/Contents` hex string, the SHA-256 of the covered bytes equals the CMS
/// message digest (or, for a document timestamp, the token's imprint), and the ECDSA
/// P-256 or RSA signature over the signed attributes verifies with the embedded
/// certificate. It also finds the revision each one covers and what later revisions
/// changed. The certificate itself is not checked against any trust store: see
/// [`VerificationReport::assess`] for pinning.
pub fn verify_pdf(pdf: &[u8]) -> Result<VerificationReport> {
    let ranges = byte_ranges(pdf);
    if ranges.is_empty() {
        return Err(Error::NotSigned);
    }
    let dicts = sig_dicts(pdf);
    let ends = revisions::revision_ends(pdf);
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

        let cms = check_cms(index, &cms_bytes)?;
        let document_timestamp = match &cms.econtent {
            None => {
                if cms.message_digest != digest.as_slice() {
                    return Err(invalid(index, "digest mismatch: the document was changed after it was signed"));
                }
                false
            }
            Some(tst) => {
                let (alg, hash, _) = tst_imprint(index, tst)?;
                if alg != ID_SHA256 || hash != digest.as_slice() {
                    return Err(invalid(index, "digest mismatch: the document was changed after it was timestamped"));
                }
                true
            }
        };
        let timestamp = match (&cms.econtent, &cms.timestamp_token) {
            (Some(tst), _) => Some(Timestamp { time: tst_imprint(index, tst)?.2, authority: cms.subject.clone(), authority_fingerprint_sha256: fingerprint(&cms.cert_der) }),
            (None, Some(token)) => Some(check_timestamp(index, token, &cms.signature_value)?),
            (None, None) => None,
        };
        let info = dicts.iter().find(|(r, _)| r == br).map(|(_, i)| i);
        let revision = ends.iter().position(|e| (e.eof..=e.end).contains(&(c + d))).map(|r| r + 1);
        signatures.push(SignatureReport {
            signer_name: info.map(|i| i.name.clone()).unwrap_or_default(),
            certificate_subject: cms.subject.clone(),
            certificate_fingerprint_sha256: fingerprint(&cms.cert_der),
            signing_time: info.and_then(|i| i.m.clone()),
            reason: info.map(|i| i.reason.clone()).unwrap_or_default(),
            location: info.map(|i| i.location.clone()).unwrap_or_default(),
            sub_filter: info.map(|i| i.sub_filter.clone()).unwrap_or_default(),
            byte_range: *br,
            whole_document: c + d == pdf.len(),
            document_timestamp,
            timestamp,
            revision,
            changed_after: Vec::new(),
            certificates: cms.certificates,
        });
    }
    // What each revision after the first changed, then what followed each signature.
    let docs: Vec<Option<lopdf::Document>> = ends.iter().map(|e| lopdf::Document::load_mem(&pdf[..e.end]).ok()).collect();
    let mut changes: Vec<Vec<String>> = vec![Vec::new(); ends.len()];
    for r in 1..ends.len() {
        changes[r] = match (&docs[r - 1], &docs[r]) {
            (Some(a), Some(b)) => revisions::content_changes(a, b).into_iter().map(|c| format!("revision {}: {c}", r + 1)).collect(),
            _ => vec![format!("revision {} cannot be read", r + 1)],
        };
    }
    for s in &mut signatures {
        if let Some(r) = s.revision {
            s.changed_after = changes[r..].concat();
        }
    }
    let covered = ends.last().map_or(0, |e| e.end);
    Ok(VerificationReport { signatures, revisions: ends.len(), trailing_bytes: pdf.len().saturating_sub(covered) })
}
