"""JSON report: the canonical format (docs/design.md#reports).

Exactly ``Report.as_dict()``: ``tool``, ``summary``, ``files[]`` and any extra
top-level blocks (``baseline``, ``audit``). The shape is described by
``provenance/schemas/report.schema.json``, which ships in the package.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..result import Report
    from ..ruleset import Rule


def render(report: Report, rules: list[Rule]) -> str:
    """The report as indented UTF-8 JSON (non-ASCII kept readable)."""
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"


def schema_path():
    """Where the report's JSON Schema lives inside the installed package."""
    from pathlib import Path
    return Path(__file__).resolve().parent.parent / "schemas" / "report.schema.json"
