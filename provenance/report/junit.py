"""JUnit XML report, for CI test dashboards (GitLab ``reports:junit``, Jenkins …).

- ``<testsuites>`` with one ``<testsuite name=PATH>`` per checked file;
- one ``<testcase name=RULE-ID classname="provenance.CATEGORY" file=PATH>``
  per applicable rule (a feed item ``feed.xml#item-3`` is its own suite; its
  test cases' ``file`` is ``feed.xml``) (passed, failed or incomplete; rules that do not apply
  to the file are left out);
- a rule with findings at or above ``--fail-on`` (default ``error``) gets one
  ``<failure type=SEVERITY>`` listing them (location, evidence, fix); findings
  below it do not fail the test case (nor the run's exit code): they are
  listed in ``<system-out>``. With ``--fail-on never`` nothing fails;
- a file that could not be checked (status ``error``) gets an ``<error>``
  testcase for each input problem.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from . import posix, split_item
from .text import location_prefix

if TYPE_CHECKING:
    from ..result import FileResult, Finding, Report
    from ..ruleset import Rule

_RANK = {"error": 0, "warning": 1, "info": 2}
# XML 1.0 cannot carry most control characters, even escaped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _describe(path: str, finding: Finding) -> str:
    lines = [f"{location_prefix(path, finding)}: {finding.severity} {finding.message}"]
    loc = finding.location
    if loc.selector:
        lines.append(f"  at: {loc.selector}")
    if loc.image:
        lines.append(f"  image: {loc.image}")
    if finding.evidence:
        lines.append(f"  evidence: {finding.evidence}")
    if finding.fix:
        lines.append(f"  fix: {finding.fix}")
    return "\n".join(lines)


def _rule_ids(f: FileResult) -> list[str]:
    """Applicable rules in report order, plus any rule that has a finding but
    is missing from the lists (a reader's input problem): no finding is lost."""
    ids = [r for key in ("failed", "incomplete", "passed") for r in f.rules.get(key, [])]
    ids += [x.rule for x in f.findings]
    return list(dict.fromkeys(ids))  # first occurrence wins, order kept


def _suite(f: FileResult, categories: dict[str, str], limit: int) -> ET.Element:
    suite = ET.Element("testsuite", name=_clean(f.path))
    file = _clean(posix(split_item(f.path)[0]))  # a feed item's real file, for CI links
    failures = errors = 0
    rule_ids = _rule_ids(f)
    if f.status == "error" and not f.findings:
        rule_ids.append("input")
    for rule_id in rule_ids:
        findings = [x for x in f.findings if x.rule == rule_id]
        category = categories.get(rule_id) or (findings[0].category if findings else "input")
        case = ET.SubElement(suite, "testcase", name=rule_id, classname=f"provenance.{category}",
                             file=file)
        blocking = [x for x in findings if _RANK[x.severity] <= limit]
        below = [x for x in findings if _RANK[x.severity] > limit]
        if f.status == "error" and (category == "input" or rule_id == "input"):
            worst = blocking or findings
            el = ET.SubElement(case, "error", type="error",
                               message=_clean(worst[0].message if worst else "file could not be checked"))
            el.text = _clean("\n".join(_describe(f.path, x) for x in worst))
            errors += 1
        elif blocking:
            blocking.sort(key=lambda x: _RANK[x.severity])
            message = blocking[0].message if len(blocking) == 1 else \
                f"{len(blocking)} findings: {blocking[0].message}"
            el = ET.SubElement(case, "failure", type=blocking[0].severity, message=_clean(message))
            el.text = _clean("\n".join(_describe(f.path, x) for x in blocking))
            failures += 1
        if below and f.status != "error":
            out = ET.SubElement(case, "system-out")
            out.text = _clean("\n".join(_describe(f.path, x) for x in below))
    suite.set("tests", str(len(rule_ids)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    return suite


def render(report: Report, rules: list[Rule], fail_on: str = "error") -> str:
    categories = {r.id: r.category for r in rules}
    limit = -1 if fail_on == "never" else _RANK[fail_on]
    root = ET.Element("testsuites", name="provenance")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for f in report.files:
        suite = _suite(f, categories, limit)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key) or 0)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
