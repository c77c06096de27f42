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

/// The certificate (not the key), PEM, to hand to auditors so their reader trusts it.
pub fn certificate_pem(conn: &Connection) -> Result<String> {
    Ok(load(conn)?.certificate_pem())
}

fn save(store: &mut Store, actor: &Actor, identity: &SigningIdentity, source: &str, replace: bool) -> Result<IdentityInfo> {
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
        let describe = |i: &IdentityInfo| json!({"subject": i.subject, "fingerprintSha256": i.fingerprint_sha256, "source": i.source, "notAfter": i.not_after});
        let after = info(identity, source, &created_at);
        w.audit("signing_identity", "1", if previous.is_some() { "replace" } else { "create" }, previous.as_ref().map(describe).as_ref(), Some(&describe(&after)))?;
        Ok(after)
    })
}

/// Makes a new self-signed identity for the organisation (ECDSA P-256, three years from
/// now). `common_name` defaults to the organisation's name.
pub fn create_self_signed(store: &mut Store, actor: &Actor, common_name: Option<&str>, replace: bool) -> Result<IdentityInfo> {
    let organisation: String = store.conn().query_row("SELECT name FROM organisation WHERE id = 1", [], |r| r.get(0))?;
    let common_name = crate::text::optional_line("certificate's name", common_name)?;
    let common_name = common_name.as_deref().unwrap_or(&organisation);
    let identity = SigningIdentity::generate(common_name, &organisation, actor.now)?;
    save(store, actor, &identity, "self_signed", replace)
}

/// Imports the key and certificate chain of a PKCS#12 file (.p12/.pfx) with its password.
pub fn import_pkcs12(store: &mut Store, actor: &Actor, p12: &[u8], password: &str, replace: bool) -> Result<IdentityInfo> {
    let identity = SigningIdentity::from_pkcs12(p12, password)?;
    save(store, actor, &identity, "pkcs12", replace)
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
        assert_eq!((made.not_after - made.not_before).num_days(), 3 * 365);
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
    fn split_der_refuses_truncated_certificates() {
        let one = SigningIdentity::generate("A", "", "2027-03-01T09:00:00Z".parse().unwrap()).unwrap().certificate_der();
        let two = [one.clone(), one.clone()].concat();
        assert_eq!(split_der(&two).unwrap().len(), 2);
        assert!(split_der(&two[..two.len() - 1]).is_err());
        assert!(split_der(&[0x04, 0x01, 0x00]).is_err());
    }
}
