"""Dates as articles and image metadata write them, normalised to ISO
`YYYY-MM-DD` (the publisher's calendar day: no time-zone shifting).

One parser for every reader, the image stage and the engine."""
from __future__ import annotations

import datetime as _dt
import re

# ISO 8601 (2019-03-14T10:00+01:00), EXIF (2019:03:14 10:00:00), IIM (20190314)
_DATE = re.compile(r"(?<!\d)(\d{4})([-:]?)(\d{2})\2(\d{2})(?!\d)")


def iso_date(value) -> str | None:
    """`YYYY-MM-DD`, or None for anything that is not a full calendar date
    (year-only dates, `0000-00-00`, and 1970-01-01, a CMS's "no date")."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if value is None:
        return None
    match = _DATE.search(str(value)[:40])
    if not match:
        return None
    year, _, month, day = match.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31) or year < "1800":
        return None
    if (year, month, day) == ("1970", "01", "01"):
        return None
    return f"{year}-{month}-{day}"


def days_between(earlier: str, later: str) -> int | None:
    """Days from one ISO date to another (negative when `later` is earlier),
    None when either is not a calendar date."""
    try:
        return (_dt.date.fromisoformat(later) - _dt.date.fromisoformat(earlier)).days
    except ValueError:
        return None
