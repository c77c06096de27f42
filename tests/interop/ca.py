"""A throwaway certificate authority on 127.0.0.1 that publishes revocation data, for tests.

    ca.py DIR [--dead-crl] [--revoked]

listens on a free port of 127.0.0.1, then makes in DIR a root CA (DIR/root.pem) and a
signer's certificate issued by it whose crlDistributionPoints name http://127.0.0.1:PORT/ca.crl
and whose authorityInfoAccess names the OCSP responder http://127.0.0.1:PORT/ocsp; the
signer's key, certificate and the root go into DIR/signer.p12 (empty password). It prints
"http://127.0.0.1:PORT" on its first line and serves, until killed:
- GET /ca.crl: the CRL made by `openssl ca -gencrl` (DER);
- POST /ocsp: `openssl ocsp -index ... -respout`, signed by the root.
Every request is logged to DIR/requests.log ("METHOD PATH" a line).
With --dead-crl the certificate's CRL address is a port nobody listens on; with --revoked
the signer's certificate is revoked (in the CRL and the OCSP answers).
Certificates are dated 2020-01-01 to 2099-12-31, so tests need not follow the clock.
"""

import http.server
import os
import socket
import subprocess
import sys
import tempfile

CONFIG = """
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = {dir}
database = {dir}/index.txt
new_certs_dir = {dir}/issued
serial = {dir}/serial
crlnumber = {dir}/crlnumber
default_md = sha256
policy = anything
copy_extensions = none
unique_subject = no
[ anything ]
commonName = supplied
organizationName = optional
[ root_ext ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ signer_ext ]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:{crl_url}
authorityInfoAccess = OCSP;URI:{base}/ocsp
"""


def openssl(*args, cwd):
    done = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True)
    if done.returncode != 0:
        sys.exit(f"openssl {' '.join(args)}: {done.stderr.decode(errors='replace')}")


def make_authority(d, base, crl_url, revoked):
    os.makedirs(os.path.join(d, "issued"), exist_ok=True)
    for name, text in [("index.txt", ""), ("serial", "1000\n"), ("crlnumber", "01\n")]:
        with open(os.path.join(d, name), "w") as f:
            f.write(text)
    with open(os.path.join(d, "ca.cnf"), "w") as f:
        f.write(CONFIG.format(dir=d, base=base, crl_url=crl_url))
    dates = ["-startdate", "20200101000000Z", "-enddate", "20991231235959Z"]
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    openssl("req", *ec, "-keyout", "root.key", "-out", "root.csr", "-subj", "/CN=Quorum Test Root CA/O=Quorum Tests", cwd=d)
    openssl("ca", "-batch", "-config", "ca.cnf", "-selfsign", "-keyfile", "root.key", "-in", "root.csr", "-out", "root.pem",
            "-extensions", "root_ext", "-notext", *dates, cwd=d)
    openssl("req", *ec, "-keyout", "signer.key", "-out", "signer.csr", "-subj", "/CN=Ana Lead/O=Northwind Analytics Ltd", cwd=d)
    openssl("ca", "-batch", "-config", "ca.cnf", "-cert", "root.pem", "-keyfile", "root.key", "-in", "signer.csr", "-out", "signer.pem",
            "-extensions", "signer_ext", "-notext", *dates, cwd=d)
    if revoked:
        openssl("ca", "-config", "ca.cnf", "-revoke", "signer.pem", "-cert", "root.pem", "-keyfile", "root.key", cwd=d)
    openssl("ca", "-config", "ca.cnf", "-gencrl", "-cert", "root.pem", "-keyfile", "root.key", "-crldays", "30", "-out", "ca.crl.pem", cwd=d)
    openssl("crl", "-in", "ca.crl.pem", "-outform", "DER", "-out", "ca.crl", cwd=d)
    openssl("pkcs12", "-export", "-inkey", "signer.key", "-in", "signer.pem", "-certfile", "root.pem", "-out", "signer.p12", "-passout", "pass:", cwd=d)


def main():
    d = os.path.abspath(sys.argv[1])
    dead_crl = "--dead-crl" in sys.argv[2:]
    log = os.path.join(d, "requests.log")

    class Handler(http.server.BaseHTTPRequestHandler):
        def answer(self, data, kind):
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            with open(log, "a") as f:
                f.write(f"GET {self.path}\n")
            if self.path != "/ca.crl":
                self.send_error(404)
                return
            with open(os.path.join(d, "ca.crl"), "rb") as f:
                self.answer(f.read(), "application/pkix-crl")

        def do_POST(self):
            with open(log, "a") as f:
                f.write(f"POST {self.path}\n")
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with tempfile.TemporaryDirectory() as t:
                query, reply = os.path.join(t, "q.der"), os.path.join(t, "r.der")
                with open(query, "wb") as f:
                    f.write(body)
                done = subprocess.run(["openssl", "ocsp", "-index", os.path.join(d, "index.txt"), "-CA", os.path.join(d, "root.pem"),
                                       "-rsigner", os.path.join(d, "root.pem"), "-rkey", os.path.join(d, "root.key"),
                                       "-reqin", query, "-respout", reply, "-ndays", "7"], capture_output=True)
                if done.returncode != 0:
                    self.send_error(500, done.stderr.decode(errors="replace")[:200])
                    return
                with open(reply, "rb") as f:
                    self.answer(f.read(), "application/ocsp-response")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_port}"
    crl_url = f"{base}/ca.crl"
    if dead_crl:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            crl_url = f"http://127.0.0.1:{s.getsockname()[1]}/ca.crl"
    make_authority(d, base, crl_url, "--revoked" in sys.argv[2:])
    print(base, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
