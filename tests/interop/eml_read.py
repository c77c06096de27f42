"""Reads an .eml as a mail program would (Python's email package, RFC 5322 and MIME) and
prints what matters as JSON: the headers, the body text and each attachment's name, type
and SHA-256. Used by the CLI tests on the unsent message that carries the signed minutes."""
import hashlib
import json
import sys
from email import policy
from email.parser import BytesParser

with open(sys.argv[1], "rb") as f:
    message = BytesParser(policy=policy.default).parse(f)

defects = [str(d) for part in message.walk() for d in part.defects]
attachments = [
    {"name": part.get_filename(), "type": part.get_content_type(), "sha256": hashlib.sha256(part.get_payload(decode=True)).hexdigest()}
    for part in message.iter_attachments()
]
body = message.get_body(preferencelist=("plain",))
print(json.dumps({
    "from": str(message["From"]),
    "to": [str(a) for a in message["To"].addresses],
    "subject": str(message["Subject"]),
    "unsent": message["X-Unsent"],
    "body": body.get_content() if body else None,
    "attachments": attachments,
    "defects": defects,
}))
