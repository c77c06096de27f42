//! `quorum identity ...`: the organisation's signing identity for signed PDF exports.

use std::path::PathBuf;

use clap::Subcommand;
use quorum_core::identity::{self, IdentityInfo};
use quorum_core::{Error, Result};
use serde_json::json;

use crate::commands::{open, Outcome};
use crate::keys;
use crate::output::emit;
use crate::Global;

#[derive(Subcommand, Debug)]
pub enum IdentityCommand {
    /// Make a self-signed certificate and key for the organisation (ECDSA P-256, valid for the retention period plus two years).
    New {
        /// The certificate's common name (default: the organisation's name).
        #[arg(long)]
        name: Option<String>,
        /// Replace the identity the store already has.
        #[arg(long)]
        replace: bool,
    },
    /// Import a key and certificate chain from a PKCS#12 file (.p12/.pfx) issued by a certificate authority.
    Import {
        file: PathBuf,
        /// Read the file's password from this file (first line); QUORUM_P12_PASSWORD works too.
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
        #[arg(long)]
        replace: bool,
    },
    /// Show the certificate's subject, validity and SHA-256 fingerprint.
    Show,
    /// Write the certificate (never the key) as PEM, for auditors to trust, and beside it a
    /// fingerprint card (FILE.fingerprint.txt) that says how to check a signed PDF.
    ExportCert {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Show or change the signing settings: location and contact written into signatures,
    /// and the time-stamping authority (empty: none).
    Settings {
        #[arg(long)]
        location: Option<String>,
        #[arg(long)]
        contact: Option<String>,
        /// An RFC 3161 time-stamping authority's URL; "" turns timestamps off. Set, it also lets
        /// a signature fetch the CRLs and OCSP responses its certificate chain names (PAdES B-LT).
        #[arg(long, value_name = "URL")]
        tsa_url: Option<String>,
    },
}

/// Where the fingerprint card goes: beside the certificate, `cert.pem` → `cert.fingerprint.txt`.
fn card_path(pem: &std::path::Path) -> PathBuf {
    pem.with_extension("fingerprint.txt")
}

fn describe(info: &IdentityInfo) -> String {
    format!(
        "Subject:      {}\nKey:          {}\nValid:        {} to {}\nSHA-256:      {}\nSource:       {}{}",
        info.subject,
        info.key_type,
        info.not_before.format("%Y-%m-%d"),
        info.not_after.format("%Y-%m-%d"),
        info.fingerprint_sha256,
        if info.source == "pkcs12" { "imported PKCS#12" } else { "self-signed in Quorum" },
        if info.chain_certificates > 0 { format!(" ({} chain certificates)", info.chain_certificates) } else { String::new() }
    )
}

fn p12_password(file: Option<&std::path::Path>) -> Result<String> {
    match file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| Error::invalid(format!("cannot read the password file {}: {e}", path.display())))?;
            Ok(text.lines().next().unwrap_or("").to_owned())
        }
        // An empty password is valid for PKCS#12 files exported without one.
        None => Ok(std::env::var("QUORUM_P12_PASSWORD").unwrap_or_default()),
    }
}

pub fn run_identity(global: &Global, command: &IdentityCommand) -> Result<Outcome> {
    let json = global.json;
    let mut store = open(global)?;
    match command {
        IdentityCommand::New { name, replace } => {
            let info = identity::create_self_signed(&mut store, &keys::actor(global)?, name.as_deref(), *replace)?;
            emit(json, &info, || format!("Made a self-signed signing identity. Give auditors its certificate (`quorum identity export-cert`) and fingerprint.\n{}", describe(&info)));
        }
        IdentityCommand::Import { file, password_file, replace } => {
            let bytes = quorum_core::limits::read(file, quorum_core::limits::MAX_SMALL_FILE_BYTES, "PKCS#12 file")?;
            let password = p12_password(password_file.as_deref())?;
            let info = identity::import_pkcs12(&mut store, &keys::actor(global)?, &bytes, &password, *replace)?;
            emit(json, &info, || format!("Imported the signing identity from {}.\n{}", file.display(), describe(&info)));
        }
        IdentityCommand::Show => match identity::show(store.conn())? {
            Some(info) => {
                let warning = identity::expiry_warning(&info, keys::actor(global)?.now);
                emit(json, &info, || match &warning {
                    Some(w) => format!("{}\nWARNING:      {w}", describe(&info)),
                    None => describe(&info),
                })
            }
            None => emit(json, &json!(null), || "No signing identity yet: make one with `quorum identity new` or import one with `quorum identity import FILE.p12`.".into()),
        },
        IdentityCommand::ExportCert { out } => {
            let pem = identity::certificate_pem(store.conn())?;
            let card_out = card_path(out);
            let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let card = identity::fingerprint_card(store.conn(), &name)?;
            let write = |path: &PathBuf, text: &str| quorum_core::export::write_new(path, |file| std::io::Write::write_all(file, text.as_bytes()).map_err(|e| Error::Io { path: path.clone(), source: e }));
            write(out, &pem)?;
            write(&card_out, &card)?;
            emit(json, &json!({"out": out, "card": card_out}), || format!("Wrote the certificate to {} and its fingerprint card to {}.", out.display(), card_out.display()));
        }
        IdentityCommand::Settings { location, contact, tsa_url } => {
            let mut settings = identity::settings(store.conn())?;
            if location.is_some() || contact.is_some() || tsa_url.is_some() {
                for (field, value) in [(&mut settings.location, location), (&mut settings.contact, contact), (&mut settings.tsa_url, tsa_url)] {
                    if let Some(value) = value {
                        *field = value.clone();
                    }
                }
                settings = identity::set_settings(&mut store, &keys::actor(global)?, &settings)?;
            }
            emit(json, &settings, || {
                format!(
                    "Location:     {}\nContact:      {}\nTimestamps:   {}",
                    if settings.location.is_empty() { "(none)" } else { settings.location.as_str() },
                    if settings.contact.is_empty() { "(none)" } else { settings.contact.as_str() },
                    if settings.tsa_url.is_empty() { "off (signatures carry the signer's own time: PAdES B-B)".to_owned() } else { format!("from {}", settings.tsa_url) }
                )
            });
        }
    }
    Ok(Outcome::Done)
}
