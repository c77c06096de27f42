//! Reading back the embedded files of a PDF (the catalog's `/EmbeddedFiles` name tree), so a
//! checker can compare what travels inside a document with its source.

use lopdf::Object;

use crate::error::{Error, Result};
use crate::model::{Attachment, Relationship};

/// The largest attachment read back (a bound against a hostile file).
const MAX_ATTACHMENT: usize = 256 << 20;

fn parse_err(e: lopdf::Error) -> Error {
    Error::Parse(e.to_string())
}

/// Every embedded file, by its name in the tree, with its decoded bytes; the media type
/// and description are read when present. Kids of the name tree are followed.
pub fn embedded_files(pdf: &[u8]) -> Result<Vec<Attachment>> {
    let doc = lopdf::Document::load_mem(pdf).map_err(parse_err)?;
    let mut out = Vec::new();
    let Ok(names) = doc.catalog().map_err(parse_err)?.get_deref(b"Names", &doc).and_then(Object::as_dict) else { return Ok(out) };
    let Ok(tree) = names.get_deref(b"EmbeddedFiles", &doc).and_then(Object::as_dict) else { return Ok(out) };
    let mut nodes = vec![tree];
    while let Some(node) = nodes.pop() {
        if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
            for kid in kids {
                nodes.push(doc.dereference(kid).map_err(parse_err)?.1.as_dict().map_err(parse_err)?);
            }
        }
        let Ok(pairs) = node.get(b"Names").and_then(Object::as_array) else { continue };
        for pair in pairs.chunks(2) {
            let [key, spec] = pair else { continue };
            let name = String::from_utf8_lossy(key.as_str().map_err(parse_err)?).into_owned();
            let spec = doc.dereference(spec).map_err(parse_err)?.1.as_dict().map_err(parse_err)?;
            let description = spec.get(b"Desc").and_then(Object::as_str).map(|d| String::from_utf8_lossy(d).into_owned()).unwrap_or_default();
            let ef = spec.get_deref(b"EF", &doc).and_then(Object::as_dict).map_err(parse_err)?;
            let stream = ef.get_deref(b"F", &doc).and_then(Object::as_stream).map_err(parse_err)?;
            let media_type = stream.dict.get(b"Subtype").and_then(Object::as_name).map(|n| String::from_utf8_lossy(n).into_owned()).unwrap_or_default();
            let bytes = stream.decompressed_content_with_limit(MAX_ATTACHMENT).map_err(parse_err)?;
            let relationship = match spec.get(b"AFRelationship").and_then(Object::as_name) {
                Ok(b"Data") => Relationship::Data,
                _ => Relationship::Supplement,
            };
            out.push(Attachment { name, media_type, description, bytes, relationship });
        }
    }
    Ok(out)
}
