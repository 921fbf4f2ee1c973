"""Dates as image metadata writes them, normalised to ISO `YYYY-MM-DD`."""
from __future__ import annotations

import re

_DATE = re.compile(r"^\s*(\d{4})[-:]?(\d{2})[-:]?(\d{2})")


def iso_date(value: str | None) -> str | None:
    """`2019-03-14T10:00:00+01:00`, `2019:06:07 14:56:19`, IIM `20190314`
    → `2019-03-14`. Year-only or month-only dates give None: an archive age
    cannot be computed from them reliably."""
    if not value:
        return None
    match = _DATE.match(value)
    if not match:
        return None
    year, month, day = match.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31) or year == "0000":
        return None
    return f"{year}-{month}-{day}"
