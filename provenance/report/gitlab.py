"""GitLab Code Quality report (``artifacts:reports:codequality``).

A JSON array of issues with the fields GitLab reads: ``description``,
``check_name`` (the rule id), ``fingerprint``, ``severity`` and
``location {path, lines {begin}}``.

Severity mapping (GitLab knows info, minor, major, critical, blocker):

| provenance                                   | GitLab     |
|----------------------------------------------|------------|
| input error that stopped a file being checked | ``critical`` |
| ``error``                                    | ``major``  |
| ``warning``                                  | ``minor``  |
| ``info``                                     | ``info``   |

``lines.begin`` is 1 when the line is unknown (GitLab requires it). A feed
item ``feed.xml#item-3`` is reported on ``feed.xml`` with the item named in
the description. The fingerprint is the MD5 of `Finding.fingerprint` (stable
when lines shift) plus the finding's occurrence number, so two identical
findings in one file stay two issues — GitLab keeps only the first issue of
a fingerprint.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import TYPE_CHECKING

from . import ci_path, split_item

if TYPE_CHECKING:
    from ..result import FileResult, Finding, Report
    from ..ruleset import Rule

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def severity(f: FileResult, finding: Finding) -> str:
    if f.status == "error" and finding.category == "input" and finding.severity == "error":
        return "critical"
    return SEVERITIES[finding.severity]


def render(report: Report, rules: list[Rule]) -> str:
    issues = []
    for f in report.files:
        file, item = split_item(f.path)
        seen: Counter = Counter()
        for finding in f.findings:
            base = finding.fingerprint(f.path)
            seen[base] += 1
            fingerprint = hashlib.md5(f"{base}:{seen[base]}".encode("utf-8", "surrogatepass")).hexdigest()
            description = finding.message
            if item:
                description = f"{item}: {description}"
            if finding.fix:
                description += f" (fix: {finding.fix})"
            issues.append({"description": description, "check_name": finding.rule,
                           "fingerprint": fingerprint, "severity": severity(f, finding),
                           "location": {"path": ci_path(file, report.root),
                                        "lines": {"begin": finding.location.line or 1}}})
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
