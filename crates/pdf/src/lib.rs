//! `quorum-pdf`: generic PDF documents.
//!
//! - [`Document`] and [`Block`] describe a document; [`Document::render`] lays it out over
//!   printpdf with embedded, subset DejaVu Sans fonts, a running header and footer,
//!   an outline from the headings and embedded file attachments.
//! - [`sign_pdf`] adds a PAdES baseline B-B signature (CMS detached, ETSI.CAdES.detached)
//!   as an incremental update, and with a timestamper and [`revocation`] data B-T and
//!   B-LT; [`verify_pdf`] checks every signature in a file;
//!   [`embedded_files`] reads the attachments back.
//!
//! **Architecture invariant:** this crate knows nothing of what its documents are about.

mod error;
mod fonts;
mod identity;
mod layout;
mod model;
mod read;
mod render;
mod revisions;
pub mod revocation;
mod sign;
mod verify;

pub use error::{Error, Result};
pub use identity::{pem_fingerprints, SigningIdentity};
pub use layout::{PlacedFrame, PlacedHeading};
pub use model::{Attachment, BarChart, Block, Column, Document, Margins, PageSize, Relationship, SignatureLine, Table, TitleBlock};
pub use read::embedded_files;
pub use render::{render, RenderedPdf};
pub use revocation::Revocation;
pub use sign::{sign_pdf, sign_pdf_timestamped, timestamp_pdf, SignatureInfo, Timestamper};
pub use verify::{normalise_fingerprint, verify_pdf, Assessment, SignatureReport, Timestamp, VerificationReport};
