#!/usr/bin/env python3
"""Read an .ics or .eml file written by Quorum and print, as JSON, what an independent
parser (Python's `icalendar` 7.x and `email` packages) found in it.

Usage: ics_roundtrip.py FILE   (FILE ending in .eml is read as an email draft)
Exit status 1 with a message on stderr when the file does not conform: any
`component.errors` recorded by icalendar, a bare LF, a line over 75 octets,
a MIME structure that is not the iMIP one.
Install: pip install -r tests/interop/requirements.txt
"""
import datetime
import email
import email.policy
import json
import sys

try:
    import icalendar
except ImportError:
    sys.exit("python package 'icalendar' missing: pip install -r tests/interop/requirements.txt")


def fail(msg):
    sys.exit("NOT CONFORMANT: " + msg)


def check_lines(raw: bytes, what: str):
    if not raw.endswith(b"\r\n"):
        fail(f"{what}: does not end with CRLF")
    for n, line in enumerate(raw.split(b"\r\n")[:-1], 1):
        if b"\n" in line or b"\r" in line:
            fail(f"{what} line {n}: bare LF or CR")
        if len(line) > 75:
            fail(f"{what} line {n}: {len(line)} octets (max 75)")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            fail(f"{what} line {n}: folding split a UTF-8 character")


def when(v):
    if v is None:
        return None
    dt = v.dt
    if isinstance(dt, datetime.datetime):
        if dt.tzinfo is None:
            fail(f"floating date-time {dt}")
        return dt.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return dt.isoformat()


def text(v):
    return None if v is None else str(v)


def address(a):
    return {
        "email": str(a).removeprefix("mailto:"),
        "cn": a.params.get("CN"),
        "role": a.params.get("ROLE"),
        "partstat": a.params.get("PARTSTAT"),
        "rsvp": a.params.get("RSVP"),
    }


def calendar(raw: bytes, what: str):
    check_lines(raw, what)
    cal = icalendar.Calendar.from_ical(raw.decode("utf-8"))
    for c in cal.walk():
        if getattr(c, "errors", None):
            fail(f"{what}: {c.name} errors {c.errors}")
    for key in ("PRODID", "VERSION"):
        if key not in cal:
            fail(f"{what}: no {key}")
    out = {"method": text(cal.get("METHOD")), "version": text(cal.get("VERSION")), "components": []}
    for c in cal.subcomponents:
        if c.name not in ("VEVENT", "VTODO"):
            out["components"].append({"type": c.name})
            continue
        for key in ("UID", "DTSTAMP"):
            if key not in c:
                fail(f"{what}: {c.name} without {key}")
        org = c.get("ORGANIZER")
        atts = c.get("ATTENDEE", [])
        if not isinstance(atts, list):
            atts = [atts]
        alarms = []
        for a in c.subcomponents:
            if a.name != "VALARM":
                fail(f"{what}: unexpected {a.name} in {c.name}")
            alarms.append({
                "action": text(a.get("ACTION")),
                "trigger_seconds": int(a.decoded("TRIGGER").total_seconds()),
                "description": text(a.get("DESCRIPTION")),
                "extra": sorted(k for k in a.keys() if k not in ("ACTION", "TRIGGER", "DESCRIPTION")),
            })
        dtstart = c.get("DTSTART")
        out["components"].append({
            "type": c.name,
            "uid": text(c.get("UID")),
            "sequence": int(c.get("SEQUENCE", 0)),
            "dtstamp": when(c.get("DTSTAMP")),
            "dtstart": when(dtstart),
            "dtstart_is_date": None if dtstart is None else not isinstance(dtstart.dt, datetime.datetime),
            "dtend": when(c.get("DTEND")),
            "due": when(c.get("DUE")),
            "summary": text(c.get("SUMMARY")),
            "description": text(c.get("DESCRIPTION")),
            "location": text(c.get("LOCATION")),
            "status": text(c.get("STATUS")),
            "organizer": None if org is None else address(org),
            "attendees": [address(a) for a in atts],
            "alarms": alarms,
        })
    return out


def eml(raw: bytes, what: str):
    if b"\n" in raw.replace(b"\r\n", b""):
        fail(f"{what}: bare LF")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    if msg.defects:
        fail(f"{what}: defects {msg.defects}")
    parts = []
    plain = None
    cal_inline = None
    cal_attached = None
    for p in msg.walk():
        if p.defects:
            fail(f"{what}: part {p.get_content_type()} defects {p.defects}")
        parts.append(p.get_content_type())
        if p.is_multipart():
            continue
        payload = p.get_payload(decode=True)
        if p.get_content_type() == "text/plain":
            plain = payload.decode(p.get_content_charset())
        elif p.get_content_type() == "text/calendar":
            cal_inline = {"method_param": p.get_param("method"), "charset": p.get_content_charset(),
                          "calendar": calendar(payload, what + " text/calendar")}
        elif p.get_content_disposition() == "attachment":
            cal_attached = {"filename": p.get_filename(), "calendar": calendar(payload, what + " attachment")}
    return {
        "from": str(msg["From"]),
        "to": [str(a) for a in msg["To"].addresses],
        "to_names": [a.display_name for a in msg["To"].addresses],
        "subject": str(msg["Subject"]),
        "date": str(msg["Date"]),
        "message_id": str(msg["Message-ID"]),
        "x_unsent": str(msg["X-Unsent"]),
        "parts": parts,
        "plain": plain,
        "calendar_part": cal_inline,
        "attachment": cal_attached,
    }


def main():
    path = sys.argv[1]
    raw = open(path, "rb").read()
    result = eml(raw, path) if path.endswith(".eml") else calendar(raw, path)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
