//! The organisation's signing identity for PDF exports: a private key and its X.509
//! certificate, made here (self-signed, ECDSA P-256) or imported from a PKCS#12 file a
//! certificate authority issued. The private key lives only in the encrypted store; what
//! leaves it is the certificate (PEM) and its SHA-256 fingerprint, for auditors to trust.
//! Creating, importing and replacing are audited.

use chrono::{DateTime, Utc};
use quorum_pdf::SigningIdentity;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;

use crate::error::{Error, Result};
use crate::store::{Actor, Store};

/// What Quorum shows about the identity (never the key).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct IdentityInfo {
    /// RFC 4514, e.g. `CN=Northwind Analytics Ltd,O=Northwind Analytics Ltd`.
    pub subject: String,
    pub key_type: String,
    /// SHA-256 of the DER certificate, colon hex: what an auditor compares.
    pub fingerprint_sha256: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// `self_signed` or `pkcs12`.
    pub source: String,
    /// Certificates of the issuing chain kept with it (from a PKCS#12 file).
    pub chain_certificates: usize,
    pub created_at: String,
}

fn info(identity: &SigningIdentity, source: &str, created_at: &str) -> IdentityInfo {
    let (not_before, not_after) = identity.validity();
    IdentityInfo {
        subject: identity.subject(),
        key_type: identity.key_type(),
        fingerprint_sha256: identity.fingerprint_sha256(),
        not_before,
        not_after,
        source: source.to_owned(),
        chain_certificates: identity.chain_der().len(),
        created_at: created_at.to_owned(),
    }
}

fn no_identity() -> Error {
    Error::NotFound {
        what: "a signing identity".into(),
        hint: ": make one with `quorum identity new`, or import the organisation's certificate with `quorum identity import FILE.p12`".into(),
    }
}

/// The table keeps one certificate column: the leaf followed by its chain, concatenated.
/// DER is self-delimiting, so they split again without a separator (and without a schema
/// change).
fn split_der(mut bytes: &[u8]) -> Result<Vec<Vec<u8>>> {
    let broken = || Error::Corrupt { path: "signing_identity".into(), what: "the stored certificate is not DER".into() };
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let (&tag, rest) = bytes.split_first().ok_or_else(broken)?;
        let (&first, rest) = rest.split_first().ok_or_else(broken)?;
        if tag != 0x30 {
            return Err(broken());
        }
        let (len, header) = if first < 0x80 {
            (first as usize, 2)
        } else {
            let n = (first & 0x7f) as usize;
            if n == 0 || n > 4 || rest.len() < n {
                return Err(broken());
            }
            (rest[..n].iter().fold(0usize, |acc, b| (acc << 8) | *b as usize), 2 + n)
        };
        let end = header.checked_add(len).filter(|end| *end <= bytes.len()).ok_or_else(broken)?;
        out.push(bytes[..end].to_vec());
        bytes = &bytes[end..];
    }
    Ok(out)
}

/// The identity as stored, with its source and creation time.
fn read(conn: &Connection) -> Result<Option<(SigningIdentity, String, String)>> {
    let row: Option<(Vec<u8>, Vec<u8>, String, String)> = conn
        .query_row("SELECT certificate_der, private_key_der, source, created_at FROM signing_identity WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((certificates, key, source, created_at)) = row else { return Ok(None) };
    let mut certificates = split_der(&certificates)?;
    if certificates.is_empty() {
        return Err(Error::Corrupt { path: "signing_identity".into(), what: "no certificate is stored".into() });
    }
    let leaf = certificates.remove(0);
    let identity = SigningIdentity::from_parts(&key, &leaf, &certificates)?;
    Ok(Some((identity, source, created_at)))
}

/// The signing identity, for signing an export.
pub fn load(conn: &Connection) -> Result<SigningIdentity> {
    read(conn)?.map(|(identity, _, _)| identity).ok_or_else(no_identity)
}

/// What the identity is, or None when the store has none yet.
pub fn show(conn: &Connection) -> Result<Option<IdentityInfo>> {
    Ok(read(conn)?.map(|(identity, source, created_at)| info(&identity, &source, &created_at)))
}

/// A certificate a renewal replaced, kept so files signed with it stay verifiable.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RetiredCertificate {
    pub fingerprint_sha256: String,
    pub subject: String,
    pub not_before: String,
    pub not_after: String,
    pub retired_at: String,
    pub certificate_pem: String,
}

/// The certificates renewals replaced, the most recently retired first.
pub fn retired(conn: &Connection) -> Result<Vec<RetiredCertificate>> {
    let mut statement = conn.prepare("SELECT fingerprint_sha256, subject, not_before, not_after, retired_at, certificate_pem FROM signing_certificates_retired ORDER BY id DESC")?;
    let list = statement
        .query_map([], |r| Ok(RetiredCertificate { fingerprint_sha256: r.get(0)?, subject: r.get(1)?, not_before: r.get(2)?, not_after: r.get(3)?, retired_at: r.get(4)?, certificate_pem: r.get(5)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(list)
}

/// The SHA-256 fingerprints of the organisation's signing certificates: the current one
/// first, then those it replaced (kept whole since format 12; before that, from the audit
/// trail), so files signed before a renewal still verify with `--org`.
pub fn fingerprints(conn: &Connection) -> Result<Vec<String>> {
    let mut out: Vec<String> = show(conn)?.map(|i| i.fingerprint_sha256).into_iter().collect();
    for r in retired(conn)? {
        if !out.contains(&r.fingerprint_sha256) {
            out.push(r.fingerprint_sha256);
        }
    }
    let mut statement = conn.prepare(
        "SELECT json_extract(before, '$.fingerprintSha256') FROM audit_events
         WHERE entity = 'signing_identity' AND before IS NOT NULL ORDER BY id DESC",
    )?;
    for fingerprint in statement.query_map([], |r| r.get::<_, Option<String>>(0))? {
        if let Some(f) = fingerprint? {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    Ok(out)
}

/// The certificate (not the key), PEM, to hand to auditors so their reader trusts it;
/// followed by the certificates earlier renewals replaced, so one file checks every
/// signature the organisation made.
pub fn certificate_pem(conn: &Connection) -> Result<String> {
    let mut pem = load(conn)?.certificate_pem();
    for r in retired(conn)? {
        pem.push_str(&r.certificate_pem);
    }
    Ok(pem)
}

fn save(store: &mut Store, actor: &Actor, identity: &SigningIdentity, source: &str, replace: bool) -> Result<IdentityInfo> {
    let replaced = read(store.conn())?.map(|(identity, _, _)| identity);
    let previous = show(store.conn())?;
    if let (Some(previous), false) = (&previous, replace) {
        return Err(Error::Conflict(format!(
            "the store already has a signing identity ({}, SHA-256 {}); pass --replace to replace it (PDFs signed with the old one stay valid)",
            previous.subject, previous.fingerprint_sha256
        )));
    }
    let mut certificates = identity.certificate_der();
    for c in identity.chain_der() {
        certificates.extend_from_slice(&c);
    }
    let key = zeroize::Zeroizing::new(identity.to_pkcs8_der()?);
    let created_at = crate::register::stamp(actor.now);
    store.write(actor, |w| {
        w.execute(
            "INSERT INTO signing_identity (id, certificate_der, private_key_der, source, created_at) VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET certificate_der = excluded.certificate_der, private_key_der = excluded.private_key_der,
                 source = excluded.source, created_at = excluded.created_at",
            params![certificates, key.as_slice(), source, created_at],
        )?;
        // The replaced certificate is kept whole (never its key), once.
        if let Some(old) = &replaced {
            let (not_before, not_after) = old.validity();
            w.execute(
                "INSERT INTO signing_certificates_retired (fingerprint_sha256, subject, not_before, not_after, certificate_pem, retired_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (fingerprint_sha256) DO NOTHING",
                params![old.fingerprint_sha256(), old.subject(), crate::register::stamp(not_before), crate::register::stamp(not_after), old.certificate_pem(), created_at],
            )?;
        }
        let describe = |i: &IdentityInfo| json!({"subject": i.subject, "fingerprintSha256": i.fingerprint_sha256, "source": i.source, "notAfter": i.not_after});
        let after = info(identity, source, &created_at);
        w.audit("signing_identity", "1", if previous.is_some() { "replace" } else { "create" }, previous.as_ref().map(describe).as_ref(), Some(&describe(&after)))?;
        Ok(after)
    })
}

/// Years a self-signed seal outlives the retention period, so a file signed on the last
/// day it is valid can still be checked against a living certificate while it is kept.
pub const SEAL_MARGIN_YEARS: u32 = 2;

/// Makes a new self-signed identity for the organisation (ECDSA P-256), valid for the
/// retention period plus [`SEAL_MARGIN_YEARS`] from now. `common_name` defaults to the
/// organisation's name.
pub fn create_self_signed(store: &mut Store, actor: &Actor, common_name: Option<&str>, replace: bool) -> Result<IdentityInfo> {
    let (organisation, retention): (String, u32) = store.conn().query_row("SELECT name, retention_years FROM organisation WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let common_name = crate::text::optional_line("certificate's name", common_name)?;
    let common_name = common_name.as_deref().unwrap_or(&organisation);
    let until = actor.now.checked_add_months(chrono::Months::new(12 * (retention + SEAL_MARGIN_YEARS))).unwrap_or(actor.now);
    let identity = SigningIdentity::generate_until(common_name, &organisation, actor.now, until)?;
    save(store, actor, &identity, "self_signed", replace)
}

/// How long before expiry Quorum starts warning.
pub const EXPIRY_WARNING_DAYS: i64 = 90;

/// A warning when the identity expires within [`EXPIRY_WARNING_DAYS`] of `now` (or has).
pub fn expiry_warning(info: &IdentityInfo, now: DateTime<Utc>) -> Option<String> {
    let days = (info.not_after - now).num_days();
    let renew = "make a new one with `quorum identity new --replace` (or import the renewed certificate): files signed before stay verifiable with `quorum verify --org`, and the fingerprint card lists the old fingerprint";
    match days {
        _ if now > info.not_after => Some(format!("the signing certificate expired on {}: {renew}", info.not_after.format("%Y-%m-%d"))),
        d if d <= EXPIRY_WARNING_DAYS => Some(format!("the signing certificate expires in {d} days, on {}: {renew}", info.not_after.format("%Y-%m-%d"))),
        _ => None,
    }
}

/// Why `identity` may not sign at `now`, if it may not: outside its validity period, or a
/// key usage that leaves out document signing.
fn unusable(identity: &SigningIdentity, now: DateTime<Utc>) -> Option<String> {
    let (not_before, not_after) = identity.validity();
    if now > not_after {
        return Some(format!("the certificate expired on {}: ask the certificate authority for a new one", not_after.format("%Y-%m-%d")));
    }
    if now < not_before {
        return Some(format!("the certificate is valid only from {}: import it then, or check this computer's clock", not_before.format("%Y-%m-%d %H:%M UTC")));
    }
    identity.key_usage_problem().map(|p| format!("the certificate may not sign documents: {p}"))
}

/// Imports the key and certificate chain of a PKCS#12 file (.p12/.pfx) with its password.
/// Refuses a certificate that is expired, not yet valid, or not for signing documents.
pub fn import_pkcs12(store: &mut Store, actor: &Actor, p12: &[u8], password: &str, replace: bool) -> Result<IdentityInfo> {
    let identity = SigningIdentity::from_pkcs12(p12, password)?;
    if let Some(problem) = unusable(&identity, actor.now) {
        return Err(Error::invalid(format!("{} cannot be the signing identity: {problem}", identity.subject())));
    }
    save(store, actor, &identity, "pkcs12", replace)
}

/// The signing settings: the location and contact written into every signature, and the
/// time-stamping authority (empty: no timestamps; the app works offline).
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(export))]
pub struct SigningSettings {
    pub location: String,
    pub contact: String,
    /// An RFC 3161 time-stamping authority's URL (http or https), or empty.
    pub tsa_url: String,
}

pub fn settings(conn: &Connection) -> Result<SigningSettings> {
    let row = conn
        .query_row("SELECT location, contact, tsa_url FROM signing_settings WHERE id = 1", [], |r| {
            Ok(SigningSettings { location: r.get(0)?, contact: r.get(1)?, tsa_url: r.get(2)? })
        })
        .optional()?;
    Ok(row.unwrap_or_default())
}

/// Replaces the signing settings (audited).
pub fn set_settings(store: &mut Store, actor: &Actor, new: &SigningSettings) -> Result<SigningSettings> {
    let new = SigningSettings { location: new.location.trim().to_owned(), contact: new.contact.trim().to_owned(), tsa_url: new.tsa_url.trim().to_owned() };
    if !(new.tsa_url.is_empty() || new.tsa_url.starts_with("http://")) {
        return Err(Error::invalid(format!(
            "{:?} is not a time-stamping authority's URL: give its http:// address (RFC 3161 tokens are signed, so authorities serve plain http), or nothing for no timestamps",
            new.tsa_url
        )));
    }
    let before = settings(store.conn())?;
    store.write(actor, |w| {
        w.execute(
            "INSERT INTO signing_settings (id, location, contact, tsa_url) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET location = excluded.location, contact = excluded.contact, tsa_url = excluded.tsa_url",
            params![new.location, new.contact, new.tsa_url],
        )?;
        w.audit("signing_settings", "1", "update", Some(&serde_json::to_value(&before)?), Some(&serde_json::to_value(&new)?))?;
        Ok(new)
    })
}

/// A fingerprint card: what an auditor needs to check the organisation's signed PDFs,
/// as plain text to print or send beside the certificate.
pub fn fingerprint_card(conn: &Connection, certificate_file: &str) -> Result<String> {
    let info = show(conn)?.ok_or_else(no_identity)?;
    let organisation: String = conn.query_row("SELECT name FROM organisation WHERE id = 1", [], |r| r.get(0))?;
    let kept = retired(conn)?;
    let day = |instant: &str| instant.get(..10).unwrap_or(instant).to_owned();
    // Renewals made before certificates were kept whole are known by their fingerprint only.
    let earlier: Vec<String> = fingerprints(conn)?
        .into_iter()
        .skip(1)
        .map(|f| match kept.iter().find(|r| r.fingerprint_sha256 == f) {
            Some(r) => format!("{f}\n  {}, valid {} to {}, replaced {} (its certificate is in {certificate_file} too)", r.subject, day(&r.not_before), day(&r.not_after), day(&r.retired_at)),
            None => f,
        })
        .collect();
    let mut card = format!(
        "Signing certificate fingerprint card: {organisation}\n\n\
         Quorum signs this organisation's management review minutes and audit packs with the\n\
         certificate below. Compare its SHA-256 fingerprint with the one a signed PDF shows.\n\n\
         Subject:      {}\nKey:          {}\nValid:        {} to {}\nSource:       {}\n\nSHA-256 fingerprint:\n{}\n\n",
        info.subject,
        info.key_type,
        info.not_before.format("%Y-%m-%d"),
        info.not_after.format("%Y-%m-%d"),
        if info.source == "pkcs12" { "issued by a certificate authority (PKCS#12)" } else { "self-signed by the organisation: it proves origin only against this card" },
        info.fingerprint_sha256,
    );
    if !earlier.is_empty() {
        card.push_str("Earlier certificates (files signed before a renewal):\n");
        for f in &earlier {
            card.push_str(&format!("{f}\n"));
        }
        card.push('\n');
    }
    card.push_str(&format!(
        "How to check a signed PDF:\n\
         - quorum verify FILE.pdf --cert {certificate_file}   (or --fingerprint with the value above)\n\
         - pdfsig FILE.pdf: \"Signature is Valid\", \"Total document signed\", and the certificate's\n\
           fingerprint (openssl x509 -in {certificate_file} -noout -fingerprint -sha256) matches the above\n\
         - Adobe Acrobat Reader: Signature Panel > Certificate Details > SHA-256 digest\n"
    ));
    Ok(card)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{KeySources, NewStore, Secret};

    fn store() -> (tempfile::TempDir, Store, Actor) {
        let dir = tempfile::tempdir().unwrap();
        let actor = Actor::new("Zoë Łukasiewicz-Ødegård", "2027-03-01T09:00:00Z".parse().unwrap());
        let new = NewStore { organisation: "Jiří Šťastný s.r.o.".into(), time_zone: "Europe/Prague".into(), lead: None };
        let store = Store::create(&dir.path().join("q.db"), &new, Secret::passphrase("a long test passphrase"), None, &actor).unwrap();
        (dir, store, actor)
    }

    fn audit_actions(store: &Store) -> Vec<String> {
        let mut s = store.conn().prepare("SELECT action FROM audit_events WHERE entity = 'signing_identity' ORDER BY id").unwrap();
        s.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
    }

    #[test]
    fn a_self_signed_identity_is_kept_shown_and_replaced_only_when_asked() {
        let (dir, mut store, actor) = store();
        assert!(show(store.conn()).unwrap().is_none());
        assert_eq!(load(store.conn()).unwrap_err().kind(), "not_found");

        let made = create_self_signed(&mut store, &actor, None, false).unwrap();
        assert_eq!(made.subject, "CN=Jiří Šťastný s.r.o.,O=Jiří Šťastný s.r.o.");
        assert_eq!(made.key_type, "ECDSA P-256");
        assert_eq!(made.not_before, actor.now);
        // The retention period (three years by default) plus two.
        assert_eq!(made.not_after, "2032-03-01T09:00:00Z".parse::<DateTime<Utc>>().unwrap());
        assert_eq!(show(store.conn()).unwrap().as_ref(), Some(&made));
        assert!(certificate_pem(store.conn()).unwrap().starts_with("-----BEGIN CERTIFICATE-----"));

        let refused = create_self_signed(&mut store, &actor, Some("Other"), false).unwrap_err();
        assert_eq!(refused.kind(), "conflict");
        assert!(refused.to_string().contains(&made.fingerprint_sha256), "{refused}");
        let replaced = create_self_signed(&mut store, &actor, Some("Signing Desk"), true).unwrap();
        assert_ne!(replaced.fingerprint_sha256, made.fingerprint_sha256);
        assert_eq!(audit_actions(&store), ["create", "replace"]);

        // The key survives closing and reopening the encrypted store, and signs.
        drop(store);
        let store = Store::open(&dir.path().join("q.db"), &KeySources::passphrase("a long test passphrase")).unwrap();
        let identity = load(store.conn()).unwrap();
        assert_eq!(identity.fingerprint_sha256(), replaced.fingerprint_sha256);
    }

    #[test]
    fn a_pkcs12_identity_keeps_its_chain() {
        let (_dir, mut store, actor) = store();
        // A CA-issued identity is simulated by a leaf with a chain certificate (any valid
        // certificate: the store keeps it as it is).
        let leaf = SigningIdentity::generate("Leaf", "Org", actor.now).unwrap();
        let ca = SigningIdentity::generate("Issuing CA", "Org", actor.now).unwrap();
        let with_chain = SigningIdentity::from_parts(&leaf.to_pkcs8_der().unwrap(), &leaf.certificate_der(), &[ca.certificate_der()]).unwrap();
        save(&mut store, &actor, &with_chain, "pkcs12", false).unwrap();
        let shown = show(store.conn()).unwrap().unwrap();
        assert_eq!((shown.source.as_str(), shown.chain_certificates), ("pkcs12", 1));
        assert_eq!(load(store.conn()).unwrap().chain_der(), vec![ca.certificate_der()]);
    }

    #[test]
    fn a_wrong_pkcs12_password_names_the_fix_and_changes_nothing() {
        let (_dir, mut store, actor) = store();
        let error = import_pkcs12(&mut store, &actor, b"not a pkcs12 file", "secret", false).unwrap_err();
        assert!(error.to_string().contains("check the password"), "{error}");
        assert!(error.is_input_error());
        assert!(show(store.conn()).unwrap().is_none());
        assert!(audit_actions(&store).is_empty());
    }

    #[test]
    fn a_longer_retention_period_makes_a_longer_lived_seal() {
        let (_dir, mut store, actor) = store();
        store.set_retention_years(30, &actor).unwrap();
        let made = create_self_signed(&mut store, &actor, None, false).unwrap();
        // 2059: past 2049, so the certificate needs GeneralizedTime; it reads back.
        assert_eq!(made.not_after, "2059-03-01T09:00:00Z".parse::<DateTime<Utc>>().unwrap());
        assert!(load(store.conn()).is_ok());
    }

    #[test]
    fn an_expired_or_not_yet_valid_certificate_is_refused_with_the_reason() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let identity = SigningIdentity::generate_until("Seal", "Org", at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z")).unwrap();
        assert_eq!(unusable(&identity, at("2026-06-01T00:00:00Z")), None);
        let expired = unusable(&identity, at("2027-03-01T00:00:00Z")).unwrap();
        assert!(expired.contains("expired on 2027-01-01"), "{expired}");
        let early = unusable(&identity, at("2025-12-31T00:00:00Z")).unwrap();
        assert!(early.contains("valid only from 2026-01-01"), "{early}");
    }

    #[test]
    fn the_expiry_warning_starts_90_days_ahead() {
        let (_dir, mut store, actor) = store();
        let made = create_self_signed(&mut store, &actor, None, false).unwrap();
        let days_before = |d: i64| made.not_after - chrono::Duration::days(d);
        assert_eq!(expiry_warning(&made, days_before(91)), None);
        assert!(expiry_warning(&made, days_before(90)).unwrap().contains("expires in 90 days, on 2032-03-01"));
        assert!(expiry_warning(&made, made.not_after + chrono::Duration::days(1)).unwrap().contains("expired on 2032-03-01"));
    }

    #[test]
    fn signing_settings_are_kept_trimmed_and_audited() {
        let (_dir, mut store, actor) = store();
        assert_eq!(settings(store.conn()).unwrap(), SigningSettings::default());
        let wanted = SigningSettings { location: " Praha ".into(), contact: "isms@example.cz".into(), tsa_url: "http://127.0.0.1:3180/tsa".into() };
        let saved = set_settings(&mut store, &actor, &wanted).unwrap();
        assert_eq!(saved.location, "Praha");
        assert_eq!(settings(store.conn()).unwrap(), saved);
        let error = set_settings(&mut store, &actor, &SigningSettings { tsa_url: "tsa.example".into(), ..saved.clone() }).unwrap_err();
        assert!(error.to_string().contains("http://"), "{error}");
        assert_eq!(settings(store.conn()).unwrap(), saved);
    }

    #[test]
    fn the_fingerprint_card_names_the_current_and_earlier_certificates() {
        let (_dir, mut store, actor) = store();
        let first = create_self_signed(&mut store, &actor, None, false).unwrap();
        let second = create_self_signed(&mut store, &actor, None, true).unwrap();
        assert_eq!(fingerprints(store.conn()).unwrap(), [second.fingerprint_sha256.clone(), first.fingerprint_sha256.clone()]);
        let card = fingerprint_card(store.conn(), "seal.pem").unwrap();
        let current = card.find(&second.fingerprint_sha256).unwrap();
        let earlier = card.find(&first.fingerprint_sha256).unwrap();
        assert!(current < earlier, "{card}");
        assert!(card.contains("quorum verify FILE.pdf --cert seal.pem"), "{card}");
        // The replaced certificate is kept whole: the exported PEM holds both, the card says when.
        let kept = retired(store.conn()).unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].fingerprint_sha256, first.fingerprint_sha256);
        let pem = certificate_pem(store.conn()).unwrap();
        assert_eq!(quorum_pdf::pem_fingerprints(pem.as_bytes()).unwrap(), [second.fingerprint_sha256.clone(), first.fingerprint_sha256.clone()]);
        assert!(card.contains(&format!("valid {} to", first.not_before.format("%Y-%m-%d"))) && card.contains("is in seal.pem too"), "{card}");
        // Each renewal keeps the certificate it replaced.
        let third = create_self_signed(&mut store, &actor, None, true).unwrap();
        let bundle = quorum_pdf::pem_fingerprints(certificate_pem(store.conn()).unwrap().as_bytes()).unwrap();
        assert_eq!(bundle, [third.fingerprint_sha256, second.fingerprint_sha256, first.fingerprint_sha256]);
    }

    #[test]
    fn split_der_refuses_truncated_certificates() {
        let one = SigningIdentity::generate("A", "", "2027-03-01T09:00:00Z".parse().unwrap()).unwrap().certificate_der();
        let two = [one.clone(), one.clone()].concat();
        assert_eq!(split_der(&two).unwrap().len(), 2);
        assert!(split_der(&two[..two.len() - 1]).is_err());
        assert!(split_der(&[0x04, 0x01, 0x00]).is_err());
    }
}
