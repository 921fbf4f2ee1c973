"""Plain-text report: one line per finding, then a summary (ruff/Vale style).

    articles/ki.txt:14:1: error ai-notice-missing AI-generated article has no visible AI notice (declared ai=generated)
    site/page.html:31: warning photo-credit-metadata-only Credit only in metadata [article > figure:nth-of-type(2) > img] (image img/a.jpg)
    3 files checked: 1 error, 1 warning, 0 infos

The location comes first so editors and terminals can jump to it; line and
column are left out when unknown (``path: error …``). The CSS path / JSON
pointer / XPath follows the message in brackets, the image and the evidence
in parentheses. ``quiet`` drops the summary; ``color`` adds ANSI colours.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..result import Finding, Report
    from ..ruleset import Rule

_STYLE = {"error": "\x1b[1;31m", "warning": "\x1b[33m", "info": "\x1b[36m",
          "path": "\x1b[1m", "rule": "\x1b[2m"}
_RESET = "\x1b[0m"


def _paint(text: str, style: str, color: bool) -> str:
    return f"{_STYLE[style]}{text}{_RESET}" if color else text


def location_prefix(path: str, finding: Finding) -> str:
    """``path:line:col`` with the unknown parts left out (never ``:None``)."""
    loc = finding.location
    if loc.line:
        return f"{path}:{loc.line}:{loc.column}" if loc.column else f"{path}:{loc.line}"
    return path


def format_finding(path: str, finding: Finding, color: bool = False) -> str:
    """One finding as one line (newlines inside messages are flattened)."""
    from ..output import printable     # what came from an input never reaches a terminal raw
    loc = finding.location
    line = (f"{_paint(printable(location_prefix(path, finding)), 'path', color)}: "
            f"{_paint(finding.severity, finding.severity, color)} "
            f"{_paint(finding.rule, 'rule', color)} {printable(' '.join(finding.message.split()))}")
    if loc.selector:
        line += f" [{printable(loc.selector)}]"
    extras = []
    if loc.image:
        extras.append(f"image {printable(loc.image)}")
    if finding.evidence:
        extras.append(printable(" ".join(finding.evidence.split())))
    if extras:
        line += f" ({'; '.join(extras)})"
    if finding.fixed:
        line += " [fixed]"
    elif finding.fixable:
        line += " [fixable: --fix]"
    return " ".join(line.split())  # a report line must stay one line


def _count(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


def summary_line(report: Report) -> str:
    """``3 files checked: 1 error, 0 warnings, 2 infos`` plus unchecked files and baseline."""
    s = report.summary()
    line = (f"{_count(s['checked'], 'file')} checked: {_count(s['errors'], 'error')}, "
            f"{_count(s['warnings'], 'warning')}, {_count(s['infos'], 'info')}")
    if s.get("suppressed"):
        line += f", {s['suppressed']} suppressed"
    unchecked = s["files"] - s["checked"]
    if unchecked:
        line += f"; {_count(unchecked, 'file')} could not be checked"
    baseline = report.extra.get("baseline")
    if baseline:
        fixed = _count(baseline.get("fixed", 0), "baseline entry", "baseline entries")
        line += f" ({baseline.get('baselined', 0)} baselined, {fixed} no longer found)"
    return line


def render(report: Report, rules: list[Rule], *, color: bool = False, quiet: bool = False) -> str:
    """Findings in report order, then (unless `quiet`) the summary line."""
    lines = [format_finding(f.path, finding, color) for f in report.files for finding in f.findings]
    if not quiet:
        lines.append(summary_line(report))
    return "".join(line + "\n" for line in lines)
