//! Signing identities: a private key with its certificate (and chain).

use std::str::FromStr;
use std::time::Duration;

use chrono::Datelike;

use der::{Decode, Encode, EncodePem};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use sha2::{Digest, Sha256};
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

use crate::error::{Error, Result};

/// The private key kinds this crate signs with.
#[derive(Clone)]
pub(crate) enum Key {
    P256(p256::ecdsa::SigningKey),
    Rsa(Box<rsa::RsaPrivateKey>),
}

/// A private key and the certificate that names it, plus any chain certificates (from a
/// PKCS#12 file) that go into the signature.
#[derive(Clone)]
pub struct SigningIdentity {
    pub(crate) key: Key,
    pub(crate) certificate: Certificate,
    pub(crate) chain: Vec<Certificate>,
}

impl std::fmt::Debug for SigningIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningIdentity")
            .field("subject", &self.subject())
            .field("fingerprint_sha256", &self.fingerprint_sha256())
            .finish_non_exhaustive()
    }
}

fn id_err(e: impl std::fmt::Display) -> Error {
    Error::Identity(e.to_string())
}

/// Escapes a value for an RFC 4514 distinguished-name string.
fn dn_escape(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=') || (i == 0 && (c == '#' || c == ' ')) {
            out.push('\\');
        }
        out.push(c);
    }
    if out.ends_with(' ') {
        out.pop();
        out.push_str("\\ ");
    }
    out
}

fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::getrandom(&mut b).map_err(|e| Error::Signing(format!("no randomness from the operating system: {e}")))?;
    Ok(b)
}

fn spki_matches(key: &Key, cert: &Certificate) -> bool {
    let spki = match key {
        Key::P256(k) => k.verifying_key().to_public_key_der().map(|d| d.as_bytes().to_vec()),
        Key::Rsa(k) => rsa::RsaPublicKey::from(k.as_ref()).to_public_key_der().map(|d| d.as_bytes().to_vec()),
    };
    match (spki, cert.tbs_certificate.subject_public_key_info.to_der()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

impl SigningIdentity {
    /// A new ECDSA P-256 key with a self-signed certificate valid for three years from
    /// `now`, subject `CN=common_name, O=organisation`.
    pub fn generate(common_name: &str, organisation: &str, now: chrono::DateTime<chrono::Utc>) -> Result<Self> {
        Self::generate_until(common_name, organisation, now, now + chrono::Duration::days(3 * 365))
    }

    /// [`SigningIdentity::generate`], valid from `now` until `until`.
    pub fn generate_until(common_name: &str, organisation: &str, now: chrono::DateTime<chrono::Utc>, until: chrono::DateTime<chrono::Utc>) -> Result<Self> {
        let key = loop {
            let bytes = random_bytes::<32>()?;
            if let Ok(k) = p256::ecdsa::SigningKey::from_bytes(&bytes.into()) {
                break k;
            }
        };
        let mut subject_s = format!("CN={}", dn_escape(common_name));
        if !organisation.is_empty() {
            subject_s.push_str(&format!(",O={}", dn_escape(organisation)));
        }
        let subject = Name::from_str(&subject_s).map_err(id_err)?;
        let mut serial = random_bytes::<16>()?;
        serial[0] &= 0x7f;
        serial[0] |= 0x01;
        // RFC 5280: UTCTime up to 2049, GeneralizedTime from 2050.
        let time = |t: chrono::DateTime<chrono::Utc>| -> Result<Time> {
            let d = Duration::from_secs(t.timestamp().max(0) as u64);
            Ok(if t.year() < 2050 {
                Time::UtcTime(der::asn1::UtcTime::from_unix_duration(d).map_err(id_err)?)
            } else {
                Time::GeneralTime(der::asn1::GeneralizedTime::from_unix_duration(d).map_err(id_err)?)
            })
        };
        let validity = Validity { not_before: time(now)?, not_after: time(until)? };
        let spki = SubjectPublicKeyInfoOwned::from_key(*key.verifying_key()).map_err(id_err)?;
        let builder = CertificateBuilder::new(
            Profile::Leaf { issuer: subject.clone(), enable_key_agreement: false, enable_key_encipherment: false },
            SerialNumber::new(&serial).map_err(id_err)?,
            validity,
            subject,
            spki,
            &key,
        )
        .map_err(id_err)?;
        let certificate = builder.build::<p256::ecdsa::DerSignature>().map_err(id_err)?;
        Ok(SigningIdentity { key: Key::P256(key), certificate, chain: Vec::new() })
    }

    /// The private key as PKCS#8 DER (keep it secret: store it encrypted).
    pub fn to_pkcs8_der(&self) -> Result<Vec<u8>> {
        let doc = match &self.key {
            Key::P256(k) => k.to_pkcs8_der(),
            Key::Rsa(k) => k.to_pkcs8_der(),
        }
        .map_err(id_err)?;
        Ok(doc.as_bytes().to_vec())
    }

    /// Rebuilds an identity from a PKCS#8 private key (P-256 or RSA) and the DER
    /// certificate (plus chain certificates, DER); the certificate must belong to the key.
    pub fn from_parts(pkcs8_der: &[u8], certificate_der: &[u8], chain_der: &[Vec<u8>]) -> Result<Self> {
        let key = if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_der(pkcs8_der) {
            Key::P256(k)
        } else if let Ok(k) = rsa::RsaPrivateKey::from_pkcs8_der(pkcs8_der) {
            Key::Rsa(Box::new(k))
        } else {
            let info = p256::pkcs8::PrivateKeyInfo::try_from(pkcs8_der).map_err(|e| Error::Identity(format!("the private key is not PKCS#8 DER ({e})")))?;
            let curve = info.algorithm.parameters.and_then(|p| p.decode_as::<der::asn1::ObjectIdentifier>().ok());
            return Err(Error::UnsupportedKey(key_name(info.algorithm.oid, curve)));
        };
        let certificate = Certificate::from_der(certificate_der).map_err(|e| Error::Identity(format!("the certificate is not DER X.509 ({e})")))?;
        if !spki_matches(&key, &certificate) {
            return Err(Error::Identity("the certificate does not belong to the private key: pass the matching certificate".into()));
        }
        let chain = chain_der
            .iter()
            .map(|c| Certificate::from_der(c).map_err(|e| Error::Identity(format!("a chain certificate is not DER X.509 ({e})"))))
            .collect::<Result<_>>()?;
        Ok(SigningIdentity { key, certificate, chain })
    }

    /// Imports the first private key and its certificate chain from a PKCS#12 file
    /// (.p12/.pfx). ECDSA P-256 and RSA keys are supported.
    pub fn from_pkcs12(p12: &[u8], password: &str) -> Result<Self> {
        let store = p12_keystore::KeyStore::from_pkcs12(p12, password, p12_keystore::Pkcs12ImportPolicy::Relaxed)
            .map_err(|e| Error::Pkcs12(e.to_string()))?;
        let (_, chain) = store
            .private_key_chain()
            .ok_or_else(|| Error::Pkcs12("no private key in the file".into()))?;
        let certs: Vec<Vec<u8>> = chain.certs().iter().map(|c| c.as_der().to_vec()).collect();
        if certs.is_empty() {
            return Err(Error::Pkcs12("the private key has no certificate".into()));
        }
        let key_der = chain.key().as_der().to_vec();
        // The leaf is the certificate that matches the key; the others form the chain.
        let mut last_err = None;
        for (i, c) in certs.iter().enumerate() {
            let rest: Vec<Vec<u8>> = certs.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, c)| c.clone()).collect();
            match Self::from_parts(&key_der, c, &rest) {
                Ok(id) => return Ok(id),
                Err(e @ Error::UnsupportedKey(_)) => return Err(e),
                Err(e) => last_err = Some(e),
            }
        }
        Err(last_err.unwrap_or_else(|| Error::Pkcs12("no certificate matches the private key".into())))
    }

    /// The certificate, DER.
    pub fn certificate_der(&self) -> Vec<u8> {
        self.certificate.to_der().unwrap_or_default()
    }

    /// The certificate, PEM.
    pub fn certificate_pem(&self) -> String {
        self.certificate.to_pem(der::pem::LineEnding::LF).unwrap_or_default()
    }

    /// SHA-256 of the DER certificate as colon-separated upper-case hex.
    pub fn fingerprint_sha256(&self) -> String {
        fingerprint(&self.certificate_der())
    }

    /// The certificate's subject as an RFC 4514 string.
    pub fn subject(&self) -> String {
        self.certificate.tbs_certificate.subject.to_string()
    }

    /// The chain certificates (from a PKCS#12 file), DER, so a caller can keep them with
    /// the key and rebuild the identity with [`SigningIdentity::from_parts`].
    pub fn chain_der(&self) -> Vec<Vec<u8>> {
        self.chain.iter().map(|c| c.to_der().unwrap_or_default()).collect()
    }

    /// The certificate and its chain, DER: what a signature carries.
    pub fn certificates_der(&self) -> Vec<Vec<u8>> {
        [vec![self.certificate_der()], self.chain_der()].concat()
    }

    /// The certificate's validity period (not before, not after).
    pub fn validity(&self) -> (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) {
        let validity = &self.certificate.tbs_certificate.validity;
        let at = |t: &Time| chrono::DateTime::from_timestamp(t.to_unix_duration().as_secs() as i64, 0).unwrap_or_default();
        (at(&validity.not_before), at(&validity.not_after))
    }

    /// The subject's common name (CN), or the whole subject when it has none: the name a
    /// signature shows.
    pub fn common_name(&self) -> String {
        const CN: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("2.5.4.3");
        let subject = &self.certificate.tbs_certificate.subject;
        subject
            .0
            .iter()
            .flat_map(|rdn| rdn.0.iter())
            .find(|atv| atv.oid == CN)
            .and_then(|atv| {
                let v = &atv.value;
                v.decode_as::<der::asn1::Utf8StringRef>()
                    .map(|s| s.to_string())
                    .or_else(|_| v.decode_as::<der::asn1::PrintableStringRef>().map(|s| s.to_string()))
                    .or_else(|_| v.decode_as::<der::asn1::Ia5StringRef>().map(|s| s.to_string()))
                    .ok()
            })
            .unwrap_or_else(|| self.subject())
    }

    /// Why the certificate may not sign documents, if it may not: its key usage extension
    /// leaves out digitalSignature and nonRepudiation (no extension allows any use).
    pub fn key_usage_problem(&self) -> Option<String> {
        use x509_cert::ext::pkix::KeyUsage;
        match self.certificate.tbs_certificate.get::<KeyUsage>() {
            Ok(Some((_, usage))) if !usage.digital_signature() && !usage.non_repudiation() => {
                Some("its key usage does not include digitalSignature (or nonRepudiation): ask the certificate authority for a document-signing certificate".into())
            }
            Ok(_) => None,
            Err(e) => Some(format!("its key usage extension cannot be read ({e})")),
        }
    }

    /// "ECDSA P-256" or "RSA <bits>".
    pub fn key_type(&self) -> String {
        match &self.key {
            Key::P256(_) => "ECDSA P-256".into(),
            Key::Rsa(k) => format!("RSA {}", rsa::traits::PublicKeyParts::size(k.as_ref()) * 8),
        }
    }
}

/// A readable name for a key algorithm Quorum does not sign with.
fn key_name(algorithm: der::asn1::ObjectIdentifier, curve: Option<der::asn1::ObjectIdentifier>) -> String {
    let name = match (algorithm.to_string().as_str(), curve.map(|c| c.to_string()).as_deref()) {
        ("1.2.840.10045.2.1", Some("1.3.132.0.34")) => "ECDSA P-384",
        ("1.2.840.10045.2.1", Some("1.3.132.0.35")) => "ECDSA P-521",
        ("1.2.840.10045.2.1", _) => "ECDSA on another curve",
        ("1.3.101.112", _) => "Ed25519",
        ("1.3.101.113", _) => "Ed448",
        ("1.2.840.113549.1.1.10", _) => "RSA-PSS",
        ("1.2.840.10040.4.1", _) => "DSA",
        _ => return format!("with algorithm {algorithm}"),
    };
    name.to_owned()
}

/// The SHA-256 fingerprints of every certificate in a PEM file.
pub fn pem_fingerprints(pem: &[u8]) -> Result<Vec<String>> {
    let certificates = Certificate::load_pem_chain(pem).map_err(|e| Error::Identity(format!("not a PEM certificate ({e})")))?;
    if certificates.is_empty() {
        return Err(Error::Identity("no certificate in the file: pass the .pem that `quorum identity export-cert` wrote".into()));
    }
    certificates.iter().map(|c| c.to_der().map(|d| fingerprint(&d)).map_err(id_err)).collect()
}

/// SHA-256 of `der` as colon-separated upper-case hex.
pub(crate) fn fingerprint(der: &[u8]) -> String {
    Sha256::digest(der).iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}
