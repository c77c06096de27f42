//! Bounded input: the size of every file Quorum reads from outside, checked before a byte
//! is read, with the limit named in the refusal. (Evidence files are streamed into the
//! store instead: `review::evidence::add_file`; text fields are bounded by `crate::text`.)

use std::io::Read as _;
use std::path::Path;

use crate::error::{Error, Result};

/// A JSON export (evidence travels inside it as base64).
pub const MAX_IMPORT_BYTES: u64 = 2 << 30;
/// A holidays file (.ics or lines of text).
pub const MAX_HOLIDAYS_BYTES: u64 = 10 << 20;
/// A PDF given to `quorum verify`.
pub const MAX_PDF_BYTES: u64 = 1 << 30;
/// A PKCS#12 identity, a passphrase or password file, a notes file.
pub const MAX_SMALL_FILE_BYTES: u64 = 10 << 20;

/// Reads `path` whole if it is at most `limit` bytes; `what` names the file in the refusal.
pub fn read(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| Error::invalid(format!("cannot read the {what} {}: {e}", path.display())))?;
    let size = file.metadata().map_err(Error::io(path))?.len();
    let refuse = |size: u64| Error::invalid(format!("the {what} {} is {size} bytes; the limit is {limit} bytes ({} MB): give a smaller file", path.display(), limit >> 20));
    if size > limit {
        return Err(refuse(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // A file that grows while it is read is still cut at the limit.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(Error::io(path))?;
    if bytes.len() as u64 > limit {
        return Err(refuse(bytes.len() as u64));
    }
    Ok(bytes)
}

/// [`read`] for a text file (UTF-8).
pub fn read_text(path: &Path, limit: u64, what: &str) -> Result<String> {
    String::from_utf8(read(path, limit, what)?).map_err(|_| Error::invalid(format!("the {what} {} is not UTF-8 text", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_by_its_size_and_names_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        std::fs::File::create(&path).unwrap().set_len(11 << 20).unwrap();
        let error = read(&path, MAX_HOLIDAYS_BYTES, "holidays file").unwrap_err().to_string();
        assert!(error.contains("holidays file") && error.contains("the limit is 10485760 bytes (10 MB)"), "{error}");
        std::fs::write(&path, "2027-01-01,New Year\n").unwrap();
        assert_eq!(read_text(&path, MAX_HOLIDAYS_BYTES, "holidays file").unwrap(), "2027-01-01,New Year\n");
    }
}
