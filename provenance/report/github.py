"""GitHub Actions workflow commands: annotations on the pull request diff.

    ::error file=articles/ki.txt,line=14,col=1,title=ai-notice-missing::AI-generated article has no visible AI notice

``error`` → ``::error``, ``warning`` → ``::warning``, ``info`` → ``::notice``.
``line``/``col`` are left out when unknown. A feed item ``feed.xml#item-3`` is
annotated on ``feed.xml`` with the item named in the message. The fix hint
follows the message on its own line.

Escaping follows GitHub's toolkit (``@actions/core`` ``escapeData`` /
``escapeProperty``): in the message ``%`` → ``%25``, CR → ``%0D``, LF → ``%0A``;
property values additionally ``:`` → ``%3A`` and ``,`` → ``%2C``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import ci_path, split_item

if TYPE_CHECKING:
    from ..result import Report
    from ..ruleset import Rule

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
# GitHub shows at most 10 annotations of each kind per step; more are dropped
MAX_ANNOTATIONS = 10
_RANK = {"error": 0, "warning": 1, "info": 2}


def escape_data(s: str) -> str:
    """Escape a workflow command's message (after the second ``::``)."""
    from ..output import printable      # no escape sequence from an input reaches the log
    return printable(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(s: str) -> str:
    """Escape a workflow command's property value (``file=``, ``title=`` …)."""
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, rules: list[Rule], limit: int = MAX_ANNOTATIONS) -> str:
    """Annotations, worst first, at most `limit` of each kind (GitHub drops the
    rest), then one notice saying how many were left out and where they are."""
    entries = []
    for f in report.files:
        file, item = split_item(f.path)
        for finding in f.findings:
            entries.append((_RANK[finding.severity], file, item, finding))
    entries.sort(key=lambda e: e[0])          # stable: report order within a severity
    lines: list[str] = []
    shown: dict[str, int] = {}
    left = 0
    for _, file, item, finding in entries:
        kind = COMMANDS[finding.severity]
        if shown.get(kind, 0) >= limit:
            left += 1
            continue
        shown[kind] = shown.get(kind, 0) + 1
        props = [f"file={escape_property(ci_path(file, report.root))}"]
        if finding.location.line:
            props.append(f"line={finding.location.line}")
            if finding.location.column:
                props.append(f"col={finding.location.column}")
        props.append(f"title={escape_property(finding.rule)}")
        message = finding.message
        if item:
            message = f"{item}: {message}"
        if finding.evidence:
            message += f" ({finding.evidence})"
        if finding.fix:
            message += f"\nFix: {finding.fix}"
        lines.append(f"::{kind} {','.join(props)}::{escape_data(message)}")
    if left:
        lines.append(f"::notice title=provenance::{escape_data(_left_out(report, left))}")
    return "".join(line + "\n" for line in lines)


def _left_out(report: Report, left: int) -> str:
    s = report.summary()
    return (f"{left} more findings are not annotated (GitHub shows {MAX_ANNOTATIONS} of each kind per step); "
            f"all {s['errors']} errors, {s['warnings']} warnings and {s['infos']} infos are in the job "
            "summary and in the full report (provenance check --format text, or --format sarif for code scanning)")


def step_summary(report: Report, max_rows: int = 200) -> str:
    """A Markdown job summary for ``$GITHUB_STEP_SUMMARY``: totals, counts per
    rule, then the findings as a table (the first `max_rows`)."""
    s = report.summary()
    out = ["## provenance", "",
           f"{s.get('inputs', s['files'])} files, {s['files']} articles: **{s['errors']} errors**, "
           f"{s['warnings']} warnings, {s['infos']} infos"
           + (f", {s['suppressed']} suppressed" if s.get("suppressed") else ""), ""]
    counts: dict = {}
    for f in report.files:
        for x in f.findings:
            counts[(x.rule, x.severity)] = counts.get((x.rule, x.severity), 0) + 1
    if counts:
        out += ["| rule | severity | findings |", "|---|---|---:|"]
        out += [f"| `{rule}` | {sev} | {n} |" for (rule, sev), n in
                sorted(counts.items(), key=lambda kv: (_RANK[kv[0][1]], -kv[1], kv[0][0]))]
        out += ["", "| file | line | severity | rule | message |", "|---|---:|---|---|---|"]
        rows = [(f.path, x) for f in report.files for x in f.findings]
        rows.sort(key=lambda r: _RANK[r[1].severity])
        for path, x in rows[:max_rows]:
            msg = " ".join(x.message.split()).replace("|", "\\|")
            out.append(f"| `{path}` | {x.location.line or ''} | {x.severity} | `{x.rule}` | {msg} |")
        if len(rows) > max_rows:
            out += ["", f"… and {len(rows) - max_rows} more: see the full report."]
    return "\n".join(out) + "\n"
