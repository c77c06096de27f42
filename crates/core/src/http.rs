//! The one HTTP client Quorum has: HTTP/1.0 over a plain TCP stream, http:// only, with
//! timeouts and a bounded reply. Its callers (the time-stamping authority, CRLs and OCSP
//! responders) fetch data that is signed by its issuer, so transport security adds nothing
//! a verifier relies on, and no TLS stack is needed. Nothing calls it unless the signing
//! settings name a time-stamping authority: the app works offline.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(10);
/// The largest reply read: a CRL of a busy CA runs to megabytes; more is not one.
const MAX_REPLY: u64 = 8 << 20;

/// Why a request got no usable reply; the caller names the URL's purpose and the fix.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure(pub String);

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn fail(what: impl std::fmt::Display) -> Failure {
    Failure(what.to_string())
}

/// POSTs `body` (of `content_type`) to `url` and returns the reply's body.
pub fn post(url: &str, content_type: &str, accept: &str, body: &[u8]) -> Result<Vec<u8>, Failure> {
    exchange(url, "POST", &format!("Content-Type: {content_type}\r\nAccept: {accept}\r\nContent-Length: {}\r\n", body.len()), body)
}

/// GETs `url` and returns the reply's body.
pub fn get(url: &str) -> Result<Vec<u8>, Failure> {
    exchange(url, "GET", "", &[])
}

fn exchange(url: &str, method: &str, headers: &str, body: &[u8]) -> Result<Vec<u8>, Failure> {
    let rest = url.strip_prefix("http://").ok_or_else(|| fail("only http:// addresses are supported (what is fetched is signed by its issuer; https adds nothing a verifier checks)"))?;
    let (authority, path) = rest.split_once('/').map_or((rest, "/".to_owned()), |(a, p)| (a, format!("/{p}")));
    let host_port = if authority.contains(':') { authority.to_owned() } else { format!("{authority}:80") };
    let address = host_port.to_socket_addrs().map_err(fail)?.next().ok_or_else(|| fail("the host has no address"))?;
    let mut stream = TcpStream::connect_timeout(&address, TIMEOUT).map_err(fail)?;
    stream.set_read_timeout(Some(TIMEOUT)).and_then(|()| stream.set_write_timeout(Some(TIMEOUT))).map_err(fail)?;
    let head = format!("{method} {path} HTTP/1.0\r\nHost: {authority}\r\n{headers}Connection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body)).map_err(fail)?;
    let mut reply = Vec::new();
    stream.take(MAX_REPLY + 1).read_to_end(&mut reply).map_err(fail)?;
    if reply.len() as u64 > MAX_REPLY {
        return Err(fail(format!("the reply is larger than {} MiB", MAX_REPLY >> 20)));
    }
    let split = reply.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| fail("the reply is not HTTP"))?;
    let status_line = String::from_utf8_lossy(&reply[..split]).lines().next().unwrap_or("").to_owned();
    if status_line.split_whitespace().nth(1) != Some("200") {
        return Err(fail(format!("it answered {status_line:?}")));
    }
    reply.drain(..split + 4);
    Ok(reply)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Serves one connection on 127.0.0.1 with `reply`, and returns the URL and what the
    /// client sent.
    fn serve_once(reply: Vec<u8>) -> (String, std::thread::JoinHandle<Vec<u8>>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/crl/ca.crl", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            // The head, then as many bytes as it announces.
            let mut request = Vec::new();
            let mut chunk = [0u8; 4096];
            loop {
                let n = stream.read(&mut chunk).unwrap();
                request.extend_from_slice(&chunk[..n]);
                let text = String::from_utf8_lossy(&request).into_owned();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text.lines().find_map(|l| l.strip_prefix("Content-Length: ")).map_or(0, |n| n.trim().parse().unwrap());
                    if n == 0 || request.len() >= end + 4 + length {
                        break;
                    }
                }
            }
            stream.write_all(&reply).unwrap();
            request
        });
        (url, handle)
    }

    #[test]
    fn get_and_post_send_http_and_return_the_body() {
        let (url, server) = serve_once(b"HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabc".to_vec());
        assert_eq!(get(&url).unwrap(), b"abc");
        let request = String::from_utf8(server.join().unwrap()).unwrap();
        assert!(request.starts_with("GET /crl/ca.crl HTTP/1.0\r\nHost: 127.0.0.1:"), "{request}");

        let (url, server) = serve_once(b"HTTP/1.0 200 OK\r\n\r\n\x30\x00".to_vec());
        assert_eq!(post(&url, "application/ocsp-request", "application/ocsp-response", b"\x30\x00").unwrap(), b"\x30\x00");
        let request = server.join().unwrap();
        assert!(request.starts_with(b"POST /crl/ca.crl HTTP/1.0\r\n") && request.ends_with(b"Content-Length: 2\r\nConnection: close\r\n\r\n\x30\x00"), "{}", String::from_utf8_lossy(&request));
    }

    #[test]
    fn a_refusal_a_wrong_scheme_and_no_listener_are_failures() {
        let (url, server) = serve_once(b"HTTP/1.0 404 Not Found\r\n\r\n".to_vec());
        assert_eq!(get(&url).unwrap_err().0, "it answered \"HTTP/1.0 404 Not Found\"");
        server.join().unwrap();
        assert!(get("https://ca.example/ca.crl").unwrap_err().0.contains("only http://"));
        // A port nobody listens on (bound, then closed).
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        assert!(get(&format!("http://127.0.0.1:{port}/ca.crl")).is_err());
    }
}
