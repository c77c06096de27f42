"""pyHanko, an independent PAdES implementation, against Quorum's signed PDFs.

    pdf_signatures.py countersign IN.pdf OUT.pdf KEY.pem CERT.pem
        signs IN.pdf again (an approver in another tool), as an incremental update
    pdf_signatures.py validate IN.pdf [TRUSTED.pem ...]
        prints one JSON object per signature: pyHanko's view of it (intact, valid,
        coverage, modification level, timestamp validity when a TSA root is trusted)

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
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
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


if __name__ == "__main__":
    logging.disable(logging.CRITICAL)  # untrusted self-signed certificates are expected
    command, args = sys.argv[1], sys.argv[2:]
    if command == "countersign":
        countersign(*args)
    elif command == "validate":
        validate(args[0], args[1:])
    else:
        sys.exit(f"unknown command {command}")
