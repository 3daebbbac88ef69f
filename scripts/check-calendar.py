#!/usr/bin/env python3
"""Checks an iCalendar file from `icpledger schedule --ics` with a real RFC 5545 parser.

    scripts/check-calendar.py FILE EXPECTED_SUMMARY...   (needs `pip install icalendar`)

Fails unless the file parses, every line ends in CRLF and holds at most 75 octets, the calendar has
VERSION 2.0 and a PRODID, every event has a UID, a DTSTAMP and an all-day DTSTART, UIDs are unique,
and each expected summary is the summary of one event, character for character.
"""
import sys

import icalendar


def main() -> int:
    path, expected = sys.argv[1], sys.argv[2:]
    raw = open(path, "rb").read()
    problems = []
    for number, line in enumerate(raw.split(b"\n")[:-1], start=1):
        if not line.endswith(b"\r"):
            problems.append(f"line {number} does not end in CRLF")
        if len(line.rstrip(b"\r")) > 75:
            problems.append(f"line {number} holds {len(line) - 1} octets")
        line.decode("utf-8")  # a fold must never split a character's bytes
    calendar = icalendar.Calendar.from_ical(raw)
    if str(calendar.get("VERSION")) != "2.0" or not calendar.get("PRODID"):
        problems.append("VERSION 2.0 and a PRODID are required")
    events = list(calendar.walk("VEVENT"))
    uids = [str(event.get("UID")) for event in events]
    if len(set(uids)) != len(uids):
        problems.append(f"UIDs repeat: {uids}")
    for event in events:
        for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            if event.get(key) is None:
                problems.append(f"an event has no {key}")
        start = event.get("DTSTART")
        if start is not None and start.params.get("VALUE") != "DATE":
            problems.append("DTSTART is not an all-day date")
    summaries = [str(event.get("SUMMARY")) for event in events]
    for summary in expected:
        if summary not in summaries:
            problems.append(f"no event is summarised {summary!r}; the summaries are {summaries!r}")
    for problem in problems:
        print("check-calendar:", problem, file=sys.stderr)
    if not problems:
        print(f"check-calendar: {len(events)} events parse as RFC 5545 (icalendar {icalendar.__version__})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
