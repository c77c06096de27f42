-- Signing certificates a renewal replaced, kept whole: files signed before the renewal stay
-- verifiable against the certificate itself (`quorum identity export-cert` writes them
-- beside the current one; the fingerprint card lists them). The private key is not kept.
CREATE TABLE signing_certificates_retired (
    id                  INTEGER PRIMARY KEY,
    fingerprint_sha256  TEXT NOT NULL UNIQUE,
    subject             TEXT NOT NULL,
    not_before          TEXT NOT NULL,
    not_after           TEXT NOT NULL,
    certificate_pem     TEXT NOT NULL CHECK (certificate_pem LIKE '-----BEGIN CERTIFICATE-----%'),
    retired_at          TEXT NOT NULL
);
