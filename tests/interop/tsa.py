"""A throwaway RFC 3161 time-stamping authority on 127.0.0.1, for tests.

    tsa.py DIR

makes a CA and a TSA certificate (extendedKeyUsage critical timeStamping) in DIR, listens
on a free port of 127.0.0.1 and prints "http://127.0.0.1:PORT/tsa" on its first line;
every POST is answered by `openssl ts -reply`. The root is DIR/ca.pem. Runs until killed.
"""

import http.server
import os
import subprocess
import sys
import tempfile

CONFIG = """
[ tsa ]
default_tsa = quorum_test
[ quorum_test ]
dir = {dir}
serial = {dir}/serial
crypto_device = builtin
signer_cert = {dir}/tsa.pem
certs = {dir}/ca.pem
signer_key = {dir}/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_authority(d):
    with open(os.path.join(d, "tsa.ext"), "w") as f:
        f.write("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=critical,timeStamping\n")
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "36500", "-subj", "/CN=Quorum Test TSA Root",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr",
            "-subj", "/CN=Quorum Test TSA", cwd=d)
    openssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "tsa.pem",
            "-days", "36500", "-extfile", "tsa.ext", cwd=d)
    with open(os.path.join(d, "serial"), "w") as f:
        f.write("01\n")
    with open(os.path.join(d, "tsa.cnf"), "w") as f:
        f.write(CONFIG.format(dir=d))


def main():
    d = os.path.abspath(sys.argv[1])
    make_authority(d)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with tempfile.TemporaryDirectory() as t:
                query, reply = os.path.join(t, "q.tsq"), os.path.join(t, "r.tsr")
                with open(query, "wb") as f:
                    f.write(body)
                done = subprocess.run(["openssl", "ts", "-reply", "-config", os.path.join(d, "tsa.cnf"), "-queryfile", query,
                                       "-out", reply, "-chain", os.path.join(d, "ca.pem")], capture_output=True)
                if done.returncode != 0:
                    self.send_error(500, done.stderr.decode(errors="replace")[:200])
                    return
                with open(reply, "rb") as f:
                    data = f.read()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    print(f"http://127.0.0.1:{server.server_port}/tsa", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
