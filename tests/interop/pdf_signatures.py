"""pyHanko, an independent PAdES implementation, against Quorum's signed PDFs.

    pdf_signatures.py countersign IN.pdf OUT.pdf KEY.pem CERT.pem
        signs IN.pdf again (an approver in another tool), as an incremental update
    pdf_signatures.py validate IN.pdf [TRUSTED.pem ...]
        prints one JSON object per signature: pyHanko's view of it (intact, valid,
        coverage, modification level, timestamp validity when a TSA root is trusted)
    pdf_signatures.py revocation IN.pdf ROOT.pem TSA_ROOT.pem
        validates the first signature with revocation checking required (hard-fail, no
        fetching) twice: with the CRLs and OCSP responses of the file's /DSS, and with
        none; prints {"with_dss": ..., "without": ...} (trusted, revoked, summary)

Exit status 0 unless the file cannot be read.
"""

import json
import logging
import sys

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import DocumentSecurityStore, validate_pdf_signature, validate_pdf_timestamp
from pyhanko_certvalidator import ValidationContext


def countersign(src, dst, key, cert):
    signer = signers.SimpleSigner.load(key, cert)
    with open(src, "rb") as f:
        writer = IncrementalPdfFileWriter(f)
        meta = signers.PdfSignatureMetadata(field_name="Approver", reason="Approved in another tool", subfilter=SigSeedSubFilter.PADES)
        with open(dst, "wb") as out:
            signers.sign_pdf(writer, meta, signer=signer, output=out)


def validate(src, trusted):
    roots = [load_cert_from_pemder(p) for p in trusted]
    context = ValidationContext(trust_roots=roots, allow_fetching=False) if roots else None
    with open(src, "rb") as f:
        reader = PdfFileReader(f)
        for sig in reader.embedded_signatures:
            if sig.sig_object.get("/Type") == "/DocTimeStamp":
                status = validate_pdf_timestamp(sig, validation_context=context)
                kind = "document_timestamp"
            else:
                status = validate_pdf_signature(sig, signer_validation_context=context, ts_validation_context=context)
                kind = "signature"
            ts = getattr(status, "timestamp_validity", None)
            print(json.dumps({
                "field": sig.field_name,
                "kind": kind,
                "intact": status.intact,
                "valid": status.valid,
                "trusted": status.trusted,
                "coverage": str(getattr(status, "coverage", "")),
                "modification_level": str(getattr(status, "modification_level", "")),
                "timestamp": None if ts is None else {"intact": ts.intact, "valid": ts.valid, "trusted": ts.trusted, "time": str(ts.timestamp)},
                "summary": status.summary(),
            }))


def revocation(src, root, tsa_root):
    roots, tsa = [load_cert_from_pemder(root)], ValidationContext(trust_roots=[load_cert_from_pemder(tsa_root)], allow_fetching=False)
    required = {"trust_roots": roots, "allow_fetching": False, "revocation_mode": "hard-fail"}
    with open(src, "rb") as f:
        reader = PdfFileReader(f)
        sig = reader.embedded_signatures[0]
        contexts = {"with_dss": DocumentSecurityStore.read_dss(reader).as_validation_context(required),
                    "without": ValidationContext(**required, crls=[], ocsps=[])}
        out = {}
        for name, context in contexts.items():
            status = validate_pdf_signature(sig, signer_validation_context=context, ts_validation_context=tsa)
            out[name] = {"intact": status.intact, "trusted": status.trusted, "revoked": status.revoked, "summary": status.summary()}
        print(json.dumps(out))


if __name__ == "__main__":
    logging.disable(logging.CRITICAL)  # untrusted self-signed certificates are expected
    command, args = sys.argv[1], sys.argv[2:]
    if command == "countersign":
        countersign(*args)
    elif command == "validate":
        validate(args[0], args[1:])
    elif command == "revocation":
        revocation(*args)
    else:
        sys.exit(f"unknown command {command}")
