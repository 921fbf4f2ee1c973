"""Plain-text report: one line per finding, then a summary (ruff/Vale style).

    articles/ki.txt:14:1: error ai-notice-missing AI-generated article has no visible AI notice (declared ai=generated)
        fix: Add a visible notice, e.g. 'Written with AI assistance' (provenance explain ai-notice-missing)
    site/page.html:31: warning photo-credit-metadata-only Credit only in metadata [article > figure:nth-of-type(2) > img] (image img/a.jpg)
        fix: Show the credit in the caption: 'dpa' (provenance explain photo-credit-metadata-only)
    3 files checked: 1 error, 1 warning, 0 infos

Feed items are articles: a run over 67 files holding 163 articles says
``67 files, 163 articles checked``.

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


MAX_EXTRA = 60   # characters of evidence / CSS path shown; the JSON report has them whole


def _short(text: str, limit: int = MAX_EXTRA) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def format_finding(path: str, finding: Finding, color: bool = False) -> str:
    """One finding as one line (newlines inside messages are flattened; long
    evidence and CSS paths shortened so the line fits a terminal)."""
    from ..output import printable     # what came from an input never reaches a terminal raw
    loc = finding.location
    line = (f"{_paint(printable(location_prefix(path, finding)), 'path', color)}: "
            f"{_paint(finding.severity, finding.severity, color)} "
            f"{_paint(finding.rule, 'rule', color)} {printable(' '.join(finding.message.split()))}")
    if loc.selector:
        line += f" [{printable(_short(loc.selector))}]"
    extras = []
    if loc.image and loc.image not in finding.message:
        extras.append(f"image {printable(_short(loc.image))}")
    if finding.evidence:
        extras.append(printable(_short(finding.evidence)))
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
    inputs = s.get("inputs", s["files"])
    if inputs != s["files"]:      # feed items are articles, not files
        what = f"{_count(inputs, 'file')}, {_count(s['checked'], 'article')}"
    else:
        what = _count(s["checked"], "file")
    line = (f"{what} checked: {_count(s['errors'], 'error')}, "
            f"{_count(s['warnings'], 'warning')}, {_count(s['infos'], 'info')}")
    if s.get("suppressed"):
        line += f", {s['suppressed']} suppressed"
    if s.get("needs_review"):
        line += f" ({s['needs_review']} {'picture needs' if s['needs_review'] == 1 else 'pictures need'} review)"
    unchecked = s["files"] - s["checked"]
    if unchecked:
        line += f"; {_count(unchecked, 'file')} could not be checked"
    baseline = report.extra.get("baseline")
    if baseline:
        fixed = _count(baseline.get("fixed", 0), "baseline entry", "baseline entries")
        line += f" ({baseline.get('baselined', 0)} baselined, {fixed} no longer found)"
    return line


def fix_line(finding: Finding) -> str | None:
    """The second line: what to do, and where the rule is explained."""
    from ..output import printable
    if finding.category == "input" and not finding.fix or getattr(finding, "fixed", False):
        return None
    fix = printable(" ".join((finding.fix or "").split()))
    return f"    fix: {fix} (provenance explain {finding.rule})" if fix else \
        f"    see: provenance explain {finding.rule}"


def _statistics(report: Report) -> list[str]:
    """Counts per rule, most frequent first (like `ruff --statistics`)."""
    counts: dict = {}
    for f in report.files:
        for x in f.findings:
            key = (x.rule, x.severity)
            counts[key] = counts.get(key, 0) + 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    width = max((len(str(n)) for _, n in rows), default=1)
    return [f"{n:>{width}}  {rule}  [{sev}]" for (rule, sev), n in rows]


def render(report: Report, rules: list[Rule], *, color: bool = False, quiet: bool = False,
           statistics: bool = False) -> str:
    """Findings in report order, each with its fix hint on a second indented
    line, then (unless `quiet`) the summary line; `statistics` replaces the
    findings by counts per rule."""
    if statistics:
        lines = _statistics(report)
    else:
        lines = []
        for f in report.files:
            for finding in f.findings:
                lines.append(format_finding(f.path, finding, color))
                hint = fix_line(finding)
                if hint:
                    lines.append(hint)
    if not quiet:
        lines.append(summary_line(report))
    return "".join(line + "\n" for line in lines)
