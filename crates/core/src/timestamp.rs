//! An RFC 3161 time-stamping client: asks the authority in the signing settings for a
//! token over a SHA-256 digest, over [`crate::http`] (RFC 3161 section 3.4). Nothing here
//! runs unless a TSA URL is set: the app works offline.

use crate::error::{Error, Result};

/// DER tag-length-value.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
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

/// A TimeStampReq: version 1, the SHA-256 imprint, a nonce, and the authority's
/// certificate asked for (so the token can be checked on its own).
fn request_der(digest: &[u8], nonce: [u8; 8]) -> Vec<u8> {
    const SHA256: [u8; 11] = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
    let algorithm = tlv(0x30, &[&SHA256[..], &[0x05, 0x00]].concat());
    let imprint = tlv(0x30, &[algorithm, tlv(0x04, digest)].concat());
    // A positive INTEGER in its shortest form (authorities reject a padded one): the first
    // byte neither zero nor with its high bit set.
    let mut nonce = nonce;
    nonce[0] = (nonce[0] & 0x7f) | 0x01;
    tlv(0x30, &[vec![0x02, 0x01, 0x01], imprint, tlv(0x02, &nonce), vec![0x01, 0x01, 0xFF]].concat())
}

/// Reads one DER element at the start of `bytes`: (tag, content, rest).
fn element(bytes: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = bytes.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        (rest[..n].iter().fold(0usize, |a, b| (a << 8) | *b as usize), &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The TimeStampToken (a DER ContentInfo) from a TimeStampResp, or why there is none.
fn token_from_response(response: &[u8]) -> std::result::Result<Vec<u8>, String> {
    let (_, body, _) = element(response).filter(|(t, _, _)| *t == 0x30).ok_or("the reply is not a TimeStampResp")?;
    let (_, status_info, rest) = element(body).ok_or("the reply has no status")?;
    let (_, status, _) = element(status_info).filter(|(t, _, _)| *t == 0x02).ok_or("the reply's status is malformed")?;
    // granted (0) or grantedWithMods (1)
    if !matches!(status, [0] | [1]) {
        return Err(format!("the authority refused the request (PKIStatus {status:?})"));
    }
    let (tag, content, _) = element(rest).ok_or("the reply has no token")?;
    Ok(tlv(tag, content))
}

fn tsa_error(url: &str, what: impl std::fmt::Display) -> Error {
    Error::invalid(format!(
        "the time-stamping authority {url} gave no timestamp: {what}. Check the URL in the signing settings (`quorum identity settings --tsa-url`) and the network; `quorum timestamp FILE.pdf` adds one later"
    ))
}

/// Asks the authority at `url` (http://host[:port]/path) for a timestamp token over
/// `digest` (SHA-256).
pub fn request(url: &str, digest: &[u8]) -> Result<Vec<u8>> {
    let mut nonce = [0u8; 8];
    getrandom::fill(&mut nonce).map_err(|e| tsa_error(url, e))?;
    let reply = crate::http::post(url, "application/timestamp-query", "application/timestamp-reply", &request_der(digest, nonce)).map_err(|e| tsa_error(url, e))?;
    token_from_response(&reply).map_err(|e| tsa_error(url, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_is_der_that_openssl_would_read() {
        let der = request_der(&[7u8; 32], [0, 2, 3, 4, 5, 6, 7, 8]);
        let (tag, content, rest) = element(&der).unwrap();
        assert_eq!((tag, rest.len()), (0x30, 0));
        let (_, version, content) = element(content).unwrap();
        assert_eq!(version, [1]);
        let (_, imprint, content) = element(content).unwrap();
        let (_, _algorithm, hash) = element(imprint).unwrap();
        assert_eq!(element(hash).unwrap().1, [7u8; 32]);
        let (_, nonce, content) = element(content).unwrap();
        assert_eq!(nonce, [1, 2, 3, 4, 5, 6, 7, 8], "a minimal positive INTEGER");
        assert_eq!(content, [0x01, 0x01, 0xFF]);
    }

    #[test]
    fn a_refusal_and_an_unreachable_authority_name_the_fix() {
        // PKIStatus rejection (2), no token.
        let refused = tlv(0x30, &tlv(0x30, &[0x02, 0x01, 0x02]));
        assert!(token_from_response(&refused).unwrap_err().contains("refused"));
        let error = request("https://tsa.example/", &[0u8; 32]).unwrap_err();
        assert!(error.to_string().contains("only http://"), "{error}");
        // A port nobody listens on (bound, then closed).
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let error = request(&format!("http://127.0.0.1:{port}/tsa"), &[0u8; 32]).unwrap_err();
        assert!(error.to_string().contains("quorum timestamp FILE.pdf"), "{error}");
    }
}
