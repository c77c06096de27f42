//! PAdES baseline B-B signing: an incremental update that adds a signature field and a
//! CMS detached signature (SubFilter ETSI.CAdES.detached) over the whole file.

use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::asn1::{ObjectIdentifier, SetOfVec};
use der::{Any, Decode, Encode};
use lopdf::{dictionary, Object, ObjectId};
use p256::ecdsa::signature::{Keypair, Signer};
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierOwned, DynSignatureAlgorithmIdentifier, SignatureBitStringEncoding};
use x509_cert::attr::Attribute;
use x509_cert::Certificate;

use crate::error::{Error, Result};
use crate::identity::{Key, SigningIdentity};

/// What the signature dictionary records besides the signature itself.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureInfo {
    /// `/Name`: the signer's name as readers show it.
    pub signer_name: String,
    /// `/Reason`, e.g. "Approval of the minutes".
    pub reason: String,
    /// `/Location`; may be empty.
    pub location: String,
    /// `/M`: the signing time (PAdES B-B keeps it here, not in the CMS).
    pub signing_time: chrono::DateTime<chrono::Utc>,
}

pub(crate) const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
pub(crate) const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
pub(crate) const ID_SIGNING_CERT_V2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

const BYTE_RANGE_PLACEHOLDER: &str = "/ByteRange [0 0000000000 0000000000 0000000000]";

fn sign_err(e: impl std::fmt::Debug) -> Error {
    Error::Signing(format!("{e:?}"))
}

/// DER tag-length-value.
pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = n.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// The signing-certificate-v2 attribute (RFC 5035): the certificate's SHA-256 and its
/// issuer and serial number.
fn signing_certificate_v2(cert: &Certificate) -> Result<Attribute> {
    let cert_der = cert.to_der().map_err(sign_err)?;
    let hash = Sha256::digest(&cert_der);
    let issuer = cert.tbs_certificate.issuer.to_der().map_err(sign_err)?;
    let serial = cert.tbs_certificate.serial_number.to_der().map_err(sign_err)?;
    let general_names = tlv(0x30, &tlv(0xA4, &issuer));
    let issuer_serial = tlv(0x30, &[general_names, serial].concat());
    // ESSCertIDv2: hashAlgorithm omitted (DEFAULT sha256), certHash, issuerSerial.
    let ess_cert_id = tlv(0x30, &[tlv(0x04, &hash), issuer_serial].concat());
    let value = tlv(0x30, &tlv(0x30, &ess_cert_id));
    let any = Any::from_der(&value).map_err(sign_err)?;
    Ok(Attribute { oid: ID_SIGNING_CERT_V2, values: SetOfVec::try_from(vec![any]).map_err(sign_err)? })
}

fn build_cms<S, Sig>(signer: &S, id: &SigningIdentity, digest: &[u8]) -> Result<Vec<u8>>
where
    S: Keypair + DynSignatureAlgorithmIdentifier + Signer<Sig>,
    Sig: SignatureBitStringEncoding,
{
    let econtent = EncapsulatedContentInfo { econtent_type: ID_DATA, econtent: None };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: id.certificate.tbs_certificate.issuer.clone(),
        serial_number: id.certificate.tbs_certificate.serial_number.clone(),
    });
    let sha256 = AlgorithmIdentifierOwned { oid: ID_SHA256, parameters: None };
    let mut sib = SignerInfoBuilder::new(signer, sid, sha256.clone(), &econtent, Some(digest)).map_err(sign_err)?;
    sib.add_signed_attribute(signing_certificate_v2(&id.certificate)?).map_err(sign_err)?;
    let mut sdb = SignedDataBuilder::new(&econtent);
    sdb.add_digest_algorithm(sha256).map_err(sign_err)?;
    sdb.add_certificate(CertificateChoices::Certificate(id.certificate.clone())).map_err(sign_err)?;
    for c in &id.chain {
        sdb.add_certificate(CertificateChoices::Certificate(c.clone())).map_err(sign_err)?;
    }
    sdb.add_signer_info::<S, Sig>(sib).map_err(sign_err)?;
    let ci: ContentInfo = sdb.build().map_err(sign_err)?;
    ci.to_der().map_err(sign_err)
}

fn cms_for(id: &SigningIdentity, digest: &[u8]) -> Result<Vec<u8>> {
    match &id.key {
        Key::P256(k) => build_cms::<_, p256::ecdsa::DerSignature>(k, id, digest),
        Key::Rsa(k) => {
            let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new(k.as_ref().clone());
            build_cms::<_, rsa::pkcs1v15::Signature>(&signer, id, digest)
        }
    }
}

fn parse_err(e: lopdf::Error) -> Error {
    Error::Parse(e.to_string())
}

fn write_obj(out: &mut Vec<u8>, obj: &Object) -> Result<()> {
    lopdf::Writer::write_object(out, obj).map_err(|e| Error::Parse(e.to_string()))
}

fn resolve<'a>(doc: &'a lopdf::Document, o: &'a Object) -> Result<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).map_err(parse_err),
        other => Ok(other),
    }
}

/// The offset after the last `startxref` keyword.
pub(crate) fn last_startxref(pdf: &[u8]) -> Result<usize> {
    let pos = pdf
        .windows(9)
        .rposition(|w| w == b"startxref")
        .ok_or_else(|| Error::Parse("no startxref".into()))?;
    let tail = std::str::from_utf8(&pdf[pos + 9..]).unwrap_or("");
    tail.split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| Error::Parse("startxref is not followed by an offset".into()))
}

/// Signs `pdf` with `identity`: appends an incremental update with a signature field on
/// page 1 (hidden widget) and a CMS detached signature over the whole file. Existing
/// signatures stay valid (their byte ranges are untouched).
pub fn sign_pdf(pdf: &[u8], identity: &SigningIdentity, info: &SignatureInfo) -> Result<Vec<u8>> {
    let doc = lopdf::Document::load_mem(pdf).map_err(parse_err)?;
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(Error::Parse("the PDF is encrypted; sign an unencrypted PDF".into()));
    }
    let prev = last_startxref(pdf)?;
    let root_id = doc.trailer.get(b"Root").and_then(Object::as_reference).map_err(parse_err)?;
    let mut catalog = doc.get_dictionary(root_id).map_err(parse_err)?.clone();
    let page_id = *doc.get_pages().get(&1).ok_or_else(|| Error::Parse("the PDF has no page".into()))?;
    let mut page = doc.get_dictionary(page_id).map_err(parse_err)?.clone();

    let mut next_id = doc.max_id + 1;
    let mut alloc = || {
        let id: ObjectId = (next_id, 0);
        next_id += 1;
        id
    };
    let sig_id = alloc();
    let widget_id = alloc();
    let acroform_id = alloc();

    // AcroForm: keep existing fields, add ours.
    let mut acroform = match catalog.get(b"AcroForm") {
        Ok(o) => resolve(&doc, o)?.as_dict().map_err(parse_err)?.clone(),
        Err(_) => lopdf::Dictionary::new(),
    };
    let mut fields = match acroform.get(b"Fields") {
        Ok(o) => resolve(&doc, o)?.as_array().map_err(parse_err)?.clone(),
        Err(_) => Vec::new(),
    };
    let field_name = format!("Signature{}", fields.len() + 1);
    fields.push(widget_id.into());
    acroform.set("Fields", fields);
    acroform.set("SigFlags", 3);
    catalog.set("AcroForm", acroform_id);

    let mut annots = match page.get(b"Annots") {
        Ok(o) => resolve(&doc, o)?.as_array().map_err(parse_err)?.clone(),
        Err(_) => Vec::new(),
    };
    annots.push(widget_id.into());
    page.set("Annots", annots);

    let widget = dictionary! {
        "Type" => "Annot",
        "Subtype" => "Widget",
        "FT" => "Sig",
        "Rect" => vec![0.into(), 0.into(), 0.into(), 0.into()],
        "F" => 132,
        "T" => lopdf::text_string(&field_name),
        "V" => sig_id,
        "P" => page_id,
    };

    // Space for the CMS: the certificates, the signature and room to spare.
    let certs_len: usize = std::iter::once(&identity.certificate).chain(&identity.chain).map(|c| c.to_der().map(|d| d.len()).unwrap_or(4096)).sum();
    let reserved = certs_len + 4096;

    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets: Vec<(u32, usize)> = Vec::new();

    // The signature dictionary, written by hand so the placeholders sit where we know.
    offsets.push((sig_id.0, out.len()));
    out.extend_from_slice(format!("{} 0 obj\n<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ", sig_id.0).as_bytes());
    let br_pos = out.len();
    out.extend_from_slice(BYTE_RANGE_PLACEHOLDER.as_bytes());
    out.extend_from_slice(b" /Contents ");
    let contents_start = out.len();
    out.push(b'<');
    out.extend(std::iter::repeat_n(b'0', reserved * 2));
    out.push(b'>');
    let contents_end = out.len();
    out.extend_from_slice(b" /M ");
    write_obj(&mut out, &Object::string_literal(info.signing_time.format("D:%Y%m%d%H%M%S+00'00'").to_string()))?;
    out.extend_from_slice(b" /Name ");
    write_obj(&mut out, &lopdf::text_string(&info.signer_name))?;
    out.extend_from_slice(b" /Reason ");
    write_obj(&mut out, &lopdf::text_string(&info.reason))?;
    if !info.location.is_empty() {
        out.extend_from_slice(b" /Location ");
        write_obj(&mut out, &lopdf::text_string(&info.location))?;
    }
    out.extend_from_slice(b" /Prop_Build <</App <</Name /quorum-pdf>>>>>>\nendobj\n");

    for (id, obj) in [
        (widget_id, Object::Dictionary(widget)),
        (acroform_id, Object::Dictionary(acroform)),
        (root_id, Object::Dictionary(catalog)),
        (page_id, Object::Dictionary(page)),
    ] {
        offsets.push((id.0, out.len()));
        out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
        write_obj(&mut out, &obj)?;
        out.extend_from_slice(b"\nendobj\n");
    }

    // Cross-reference section for the update.
    let xref_pos = out.len();
    offsets.sort();
    let gens = |n: u32| if n == root_id.0 { root_id.1 } else if n == page_id.0 { page_id.1 } else { 0 };
    out.extend_from_slice(b"xref\n");
    let mut i = 0;
    while i < offsets.len() {
        let mut j = i;
        while j + 1 < offsets.len() && offsets[j + 1].0 == offsets[j].0 + 1 {
            j += 1;
        }
        out.extend_from_slice(format!("{} {}\n", offsets[i].0, j - i + 1).as_bytes());
        for (n, off) in &offsets[i..=j] {
            out.extend_from_slice(format!("{:010} {:05} n\r\n", off, gens(*n)).as_bytes());
        }
        i = j + 1;
    }
    let mut trailer = lopdf::Dictionary::new();
    trailer.set("Size", (next_id as i64).max(doc.trailer.get(b"Size").and_then(Object::as_i64).unwrap_or(0)));
    trailer.set("Root", root_id);
    for key in [&b"Info"[..], b"ID"] {
        if let Ok(v) = doc.trailer.get(key) {
            trailer.set(key.to_vec(), v.clone());
        }
    }
    trailer.set("Prev", prev as i64);
    out.extend_from_slice(b"trailer\n");
    write_obj(&mut out, &Object::Dictionary(trailer))?;
    out.extend_from_slice(format!("\nstartxref\n{xref_pos}\n%%EOF\n").as_bytes());

    // Patch the byte range, hash, sign, patch the contents.
    let br = [0usize, contents_start, contents_end, out.len() - contents_end];
    let br_text = format!("/ByteRange [{} {} {} {}]", br[0], br[1], br[2], br[3]);
    if br_text.len() > BYTE_RANGE_PLACEHOLDER.len() {
        return Err(Error::Signing("the file is too large for the byte range placeholder".into()));
    }
    let padded = format!("{br_text:<width$}", width = BYTE_RANGE_PLACEHOLDER.len());
    out[br_pos..br_pos + padded.len()].copy_from_slice(padded.as_bytes());
    let mut h = Sha256::new();
    h.update(&out[..br[1]]);
    h.update(&out[br[2]..]);
    let digest = h.finalize();
    let cms = cms_for(identity, &digest)?;
    if cms.len() > reserved {
        return Err(Error::SignatureTooLarge { needed: cms.len(), reserved });
    }
    let hex = hex::encode_upper(&cms);
    out[contents_start + 1..contents_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}
