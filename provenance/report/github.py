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


def escape_data(s: str) -> str:
    """Escape a workflow command's message (after the second ``::``)."""
    from ..output import printable      # no escape sequence from an input reaches the log
    return printable(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(s: str) -> str:
    """Escape a workflow command's property value (``file=``, ``title=`` …)."""
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, rules: list[Rule]) -> str:
    lines = []
    for f in report.files:
        file, item = split_item(f.path)
        for finding in f.findings:
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
            lines.append(f"::{COMMANDS[finding.severity]} {','.join(props)}::{escape_data(message)}")
    return "".join(line + "\n" for line in lines)
