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
use crate::revocation::Revocation;

/// What the signature dictionary records besides the signature itself.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureInfo {
    /// `/Name`: the signer's name as readers show it.
    pub signer_name: String,
    /// `/Reason`, e.g. "Approval of the minutes".
    pub reason: String,
    /// `/Location`; may be empty.
    pub location: String,
    /// `/ContactInfo`: how to reach the signer (an address, a web page); may be empty.
    pub contact_info: String,
    /// `/M`: the signing time (PAdES B-B keeps it here, not in the CMS).
    pub signing_time: chrono::DateTime<chrono::Utc>,
    /// Where the signature field shows: over a framed block the document drew (its page
    /// and rectangle, from [`crate::RenderedPdf::frames`]), so clicking it opens the
    /// signature. None: a hidden field on page 1.
    pub field: Option<crate::PlacedFrame>,
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

/// Turns a SHA-256 digest into an RFC 3161 TimeStampToken (a DER ContentInfo) from a
/// time-stamping authority. The caller does the network part.
pub type Timestamper<'a> = &'a dyn Fn(&[u8]) -> Result<Vec<u8>>;

/// Room for a timestamp token: the TSA's signature and its certificate chain.
const TOKEN_RESERVE: usize = 12 * 1024;

/// Signs `pdf` with `identity`: appends an incremental update with a signature field (over
/// `info.field`, else hidden on page 1) and a CMS detached signature over the whole file.
/// Existing signatures stay valid (their byte ranges are untouched).
pub fn sign_pdf(pdf: &[u8], identity: &SigningIdentity, info: &SignatureInfo) -> Result<Vec<u8>> {
    sign_pdf_timestamped(pdf, identity, info, None, &Revocation::default())
}

/// [`sign_pdf`], and with a timestamper, a signature timestamp (PAdES B-T): the token over
/// the signature value goes into the CMS as an unsigned attribute. The signer's chain and
/// the `revocation` data (CRLs, OCSP responses: PAdES B-LT) go into a `/DSS` (document
/// security store) in the same update.
pub fn sign_pdf_timestamped(pdf: &[u8], identity: &SigningIdentity, info: &SignatureInfo, timestamper: Option<Timestamper>, revocation: &Revocation) -> Result<Vec<u8>> {
    let certs = identity.certificates_der();
    let certs_len: usize = certs.iter().map(Vec::len).sum();
    let reserved = certs_len + 4096 + if timestamper.is_some() { TOKEN_RESERVE } else { 0 };
    let mut entries = vec![
        ("M", Object::string_literal(info.signing_time.format("D:%Y%m%d%H%M%S+00'00'").to_string())),
        ("Name", lopdf::text_string(&info.signer_name)),
        ("Reason", lopdf::text_string(&info.reason)),
    ];
    for (key, value) in [("Location", &info.location), ("ContactInfo", &info.contact_info)] {
        if !value.is_empty() {
            entries.push((key, lopdf::text_string(value)));
        }
    }
    entries.push(("Prop_Build", Object::Dictionary(dictionary! { "App" => dictionary! { "Name" => "quorum-pdf" } })));
    let dss = Dss { certs, crls: revocation.crls.clone(), ocsps: revocation.ocsps.clone() };
    let field = Field { kind: "Sig", sub_filter: "ETSI.CAdES.detached", entries, place: info.field, reserved, dss };
    append_field(pdf, field, |digest| {
        let cms = cms_for(identity, digest)?;
        match timestamper {
            Some(stamp) => add_signature_timestamp(&cms, stamp),
            None => Ok(cms),
        }
    })
}

/// Adds a document timestamp (PAdES, `/DocTimeStamp`, `ETSI.RFC3161`) as an incremental
/// update: the token covers the whole file as it is, signatures included, so an export
/// made offline gets a trusted time later. The `certificates` (DER: those of the file's
/// signatures, [`crate::VerificationReport::signer_certificates`]) and the `revocation`
/// data about them go into the `/DSS` in the same update, so the timestamp covers them
/// too (PAdES B-LT, then B-LTA).
pub fn timestamp_pdf(pdf: &[u8], timestamper: Timestamper, certificates: &[Vec<u8>], revocation: &Revocation) -> Result<Vec<u8>> {
    let dss = Dss { certs: certificates.to_vec(), crls: revocation.crls.clone(), ocsps: revocation.ocsps.clone() };
    let field = Field { kind: "DocTimeStamp", sub_filter: "ETSI.RFC3161", entries: Vec::new(), place: None, reserved: TOKEN_RESERVE, dss };
    append_field(pdf, field, |digest| timestamper(digest))
}

/// Puts a timestamp token over the CMS signature's value into its unsigned attributes.
fn add_signature_timestamp(cms: &[u8], timestamper: Timestamper) -> Result<Vec<u8>> {
    let ci = ContentInfo::from_der(cms).map_err(sign_err)?;
    let mut sd: cms::signed_data::SignedData = ci.content.decode_as().map_err(sign_err)?;
    let mut infos: Vec<cms::signed_data::SignerInfo> = sd.signer_infos.0.into_vec();
    let si = infos.first_mut().ok_or_else(|| Error::Signing("the CMS has no signer".into()))?;
    let token = timestamper(&Sha256::digest(si.signature.as_bytes()))?;
    let token = Any::from_der(&token).map_err(|e| Error::Timestamp(format!("the authority's token is not DER ({e})")))?;
    let attribute = Attribute { oid: crate::verify::ID_TIMESTAMP_TOKEN, values: SetOfVec::try_from(vec![token]).map_err(sign_err)? };
    si.unsigned_attrs = Some(SetOfVec::try_from(vec![attribute]).map_err(sign_err)?);
    sd.signer_infos = cms::signed_data::SignerInfos(SetOfVec::try_from(infos).map_err(sign_err)?);
    let ci = ContentInfo { content_type: ci.content_type, content: Any::encode_from(&sd).map_err(sign_err)? };
    ci.to_der().map_err(sign_err)
}

/// A signature field to append: its dictionary's type and SubFilter, the other entries,
/// where its widget goes, the bytes reserved for `/Contents`, and what goes into the
/// `/DSS`.
struct Field {
    kind: &'static str,
    sub_filter: &'static str,
    entries: Vec<(&'static str, Object)>,
    place: Option<crate::PlacedFrame>,
    reserved: usize,
    dss: Dss,
}

/// Validation data for the document security store, DER each.
#[derive(Default)]
struct Dss {
    certs: Vec<Vec<u8>>,
    crls: Vec<Vec<u8>>,
    ocsps: Vec<Vec<u8>>,
}

/// The largest `/DSS` item read back to compare with a new one (a CRL of a busy CA runs to
/// megabytes).
const DSS_ITEM_LIMIT: usize = 16 << 20;

/// Appends an incremental update with `field` and fills its `/Contents` with what
/// `contents` makes of the SHA-256 of the byte range (everything but `/Contents`).
fn append_field(pdf: &[u8], field: Field, contents: impl FnOnce(&[u8]) -> Result<Vec<u8>>) -> Result<Vec<u8>> {
    let doc = lopdf::Document::load_mem(pdf).map_err(parse_err)?;
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(Error::Parse("the PDF is encrypted; sign an unencrypted PDF".into()));
    }
    let prev = last_startxref(pdf)?;
    let root_id = doc.trailer.get(b"Root").and_then(Object::as_reference).map_err(parse_err)?;
    let mut catalog = doc.get_dictionary(root_id).map_err(parse_err)?.clone();
    let page_number = field.place.map_or(1, |f| f.page) as u32;
    let page_id = *doc.get_pages().get(&page_number).ok_or_else(|| Error::Parse(format!("the PDF has no page {page_number} for the signature field")))?;
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
    let appearance_id = alloc();
    let mut extra: Vec<(ObjectId, Object)> = Vec::new();

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

    // The document security store: the signers' certificates and what says whether they
    // were revoked, for long-term validation. Added to what earlier updates put there,
    // each item once.
    let dss = &field.dss;
    let mut store = match catalog.get(b"DSS") {
        Ok(o) => resolve(&doc, o)?.as_dict().map_err(parse_err)?.clone(),
        Err(_) => dictionary! { "Type" => "DSS" },
    };
    let mut added = false;
    for (key, items) in [("Certs", &dss.certs), ("CRLs", &dss.crls), ("OCSPs", &dss.ocsps)] {
        let mut list = match store.get(key.as_bytes()) {
            Ok(o) => resolve(&doc, o)?.as_array().map_err(parse_err)?.clone(),
            Err(_) => Vec::new(),
        };
        let held: Vec<Vec<u8>> = list.iter().filter_map(|o| resolve(&doc, o).ok()?.as_stream().ok()?.get_plain_content_with_limit(DSS_ITEM_LIMIT).ok()).collect();
        let mut new: Vec<&Vec<u8>> = Vec::new();
        for item in items {
            if !held.contains(item) && !new.contains(&item) {
                new.push(item);
            }
        }
        if new.is_empty() {
            continue;
        }
        for item in new {
            let id = alloc();
            let mut stream = lopdf::Stream::new(lopdf::Dictionary::new(), item.clone());
            let _ = stream.compress();
            extra.push((id, Object::Stream(stream)));
            list.push(id.into());
        }
        store.set(key, list);
        added = true;
    }
    if added {
        let dss_id = alloc();
        extra.push((dss_id, Object::Dictionary(store)));
        catalog.set("DSS", dss_id);
    }

    let mut annots = match page.get(b"Annots") {
        Ok(o) => resolve(&doc, o)?.as_array().map_err(parse_err)?.clone(),
        Err(_) => Vec::new(),
    };
    annots.push(widget_id.into());
    page.set("Annots", annots);

    let rect = field.place.map_or([0.0; 4], |f| f.rect);
    let widget = dictionary! {
        "Type" => "Annot",
        "Subtype" => "Widget",
        "FT" => "Sig",
        "Rect" => rect.iter().map(|v| Object::Real(*v)).collect::<Vec<_>>(),
        "F" => 132,
        "T" => lopdf::text_string(&field_name),
        "V" => sig_id,
        "P" => page_id,
        "AP" => dictionary! { "N" => appearance_id },
    };
    // The field's own appearance is empty: what it shows is the framed block under it,
    // part of the signed page content. (PDF/A wants an appearance on every widget.)
    let appearance = lopdf::Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), Object::Real(rect[2] - rect[0]), Object::Real(rect[3] - rect[1])] },
        Vec::new(),
    );

    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets: Vec<(u32, usize)> = Vec::new();

    // The signature dictionary, written by hand so the placeholders sit where we know.
    offsets.push((sig_id.0, out.len()));
    out.extend_from_slice(format!("{} 0 obj\n<</Type /{} /Filter /Adobe.PPKLite /SubFilter /{} ", sig_id.0, field.kind, field.sub_filter).as_bytes());
    let br_pos = out.len();
    out.extend_from_slice(BYTE_RANGE_PLACEHOLDER.as_bytes());
    out.extend_from_slice(b" /Contents ");
    let contents_start = out.len();
    out.push(b'<');
    out.extend(std::iter::repeat_n(b'0', field.reserved * 2));
    out.push(b'>');
    let contents_end = out.len();
    for (key, value) in &field.entries {
        out.extend_from_slice(format!(" /{key} ").as_bytes());
        write_obj(&mut out, value)?;
    }
    out.extend_from_slice(b">>\nendobj\n");

    extra.extend([
        (appearance_id, Object::Stream(appearance)),
        (widget_id, Object::Dictionary(widget)),
        (acroform_id, Object::Dictionary(acroform)),
        (root_id, Object::Dictionary(catalog)),
        (page_id, Object::Dictionary(page)),
    ]);
    for (id, obj) in &extra {
        offsets.push((id.0, out.len()));
        out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
        write_obj(&mut out, obj)?;
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
    let cms = contents(&digest)?;
    if cms.len() > field.reserved {
        return Err(Error::SignatureTooLarge { needed: cms.len(), reserved: field.reserved });
    }
    let hex = hex::encode_upper(&cms);
    out[contents_start + 1..contents_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}
