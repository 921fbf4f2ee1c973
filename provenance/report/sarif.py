"""SARIF 2.1.0 report, for GitHub code scanning and other SARIF consumers.

One run. ``tool.driver.rules`` describes every rule that has a result (id,
CamelCase name, summary, full documentation as text and Markdown, help URL,
default level, category); each result points at its rule by ``ruleId`` and
``ruleIndex``.

Mapping:

- severity ``error``/``warning``/``info`` → level ``error``/``warning``/``note``;
- the artifact URI is the file's path relative to the report root
  (``uriBaseId: SRCROOT``), POSIX separators, percent-encoded (RFC 3986);
  a path outside the root becomes an absolute ``file://`` URI;
- a feed item ``feed.xml#item-3`` points at ``feed.xml`` with the item as
  a logical location; an HTML CSS path / ninjs JSON pointer / NewsML XPath
  is a logical location too;
- ``region.startLine`` is on every result (1 when the line is unknown, e.g.
  image metadata: GitHub needs it), ``startColumn`` only when known;
- ``partialFingerprints["provenance/v1"]`` is `Finding.fingerprint` — the
  same value a baseline stores, stable when lines shift — and
  ``primaryLocationLineHash`` (the one GitHub code scanning uses) is derived
  from it as ``<16 hex>:<occurrence>``;
- a finding hidden by an inline suppression stays a result, with
  ``suppressions: [{kind: inSource, justification: reason}]``
  (docs/design.md#suppressions).

The output validates against the official OASIS schema (vendored at
``provenance/schemas/sarif-schema-2.1.0.json``).
"""
from __future__ import annotations

import json
import os
import posixpath
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from . import posix, split_item

if TYPE_CHECKING:
    from ..result import Finding, Report
    from ..ruleset import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def camel_case(rule_id: str) -> str:
    """``ai-notice-missing`` → ``AiNoticeMissing`` (SARIF's readable rule name)."""
    return "".join(part[:1].upper() + part[1:] for part in rule_id.replace("_", "-").split("-") if part)


def _is_absolute(path: str) -> bool:
    return PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute()


def _file_uri(abs_path: str) -> str:
    p = posix(abs_path)
    if not p.startswith("/"):          # C:/x → /C:/x (RFC 8089)
        p = "/" + p
    return "file://" + quote(p, safe="/:")


def root_uri(root: str) -> str:
    """The report root as an absolute ``file:`` URI ending in ``/`` (SARIF §3.14.14)."""
    absolute = root if _is_absolute(root) else os.path.abspath(root)
    uri = _file_uri(absolute)
    return uri if uri.endswith("/") else uri + "/"


def artifact_location(path: str, root: str) -> dict:
    """``{"uri", "uriBaseId"}`` for a report path; relative paths are relative to the root."""
    p = posix(path)
    if _is_absolute(path):
        rel = posixpath.relpath(p, posix(root)) if _is_absolute(root) else None
        if rel is None or rel == ".." or rel.startswith("../"):
            return {"uri": _file_uri(path)}
        p = rel
    p = posixpath.normpath(p)
    return {"uri": quote(p, safe="/"), "uriBaseId": "SRCROOT"}


def _rule_descriptor(rule_id: str, rule: Rule | None, finding: Finding) -> dict:
    if rule is None:  # e.g. an input error raised by a reader: describe it from the finding
        return {"id": rule_id, "name": camel_case(rule_id),
                "shortDescription": {"text": finding.message},
                "defaultConfiguration": {"level": LEVELS[finding.severity]},
                "properties": {"category": finding.category}}
    full = " ".join((rule.docs.get("what") or rule.summary).split())
    descriptor = {"id": rule.id, "name": camel_case(rule.id),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": full},
        "helpUri": rule.help_uri,
        "help": {"text": f"{rule.summary}\n\n{full}" if full != rule.summary else full,
                 "markdown": rule.help_markdown()},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning"),
                                 "enabled": rule.enabled},
        "properties": {"category": rule.category, "tags": [rule.category]}}
    if not descriptor["helpUri"]:     # a house rule: its docs live with the house
        del descriptor["helpUri"]
    return descriptor


def _fingerprints(finding: Finding, path: str, seen: dict) -> dict:
    base = finding.fingerprint(path)
    seen[base] = seen.get(base, 0) + 1
    return {"provenance/v1": base, "primaryLocationLineHash": f"{base[:16]}:{seen[base]}"}


def _result(finding: Finding, path: str, root: str, rule_index: int, seen: dict | None = None) -> dict:
    file, item = split_item(path)
    loc = finding.location
    physical: dict = {"artifactLocation": artifact_location(file, root)}
    region = {"startLine": loc.line if loc.line and loc.line > 0 else 1}
    if loc.line and loc.line > 0 and loc.column and loc.column > 0:
        region["startColumn"] = loc.column
    physical["region"] = region
    location: dict = {"physicalLocation": physical}
    logical = []
    if item:
        logical.append({"name": item, "fullyQualifiedName": path, "kind": "element"})
    if loc.selector:
        logical.append({"fullyQualifiedName": loc.selector, "kind": "element"})
    if logical:
        location["logicalLocations"] = logical
    text = finding.message + (f"\nFix: {finding.fix}" if finding.fix else "")
    properties = {"category": finding.category}
    for key in ("evidence", "fix"):
        if getattr(finding, key):
            properties[key] = getattr(finding, key)
    if loc.selector:
        properties["selector"] = loc.selector
    if loc.image:
        properties["image"] = loc.image
    return {"ruleId": finding.rule, "ruleIndex": rule_index, "level": LEVELS[finding.severity],
            "message": {"text": text}, "locations": [location],
            "partialFingerprints": _fingerprints(finding, path, seen if seen is not None else {}),
            "properties": properties}


def build(report: Report, rules: list[Rule]) -> dict:
    """The SARIF log as a dict (what `render` serialises)."""
    from .. import __version__, project_url
    by_id = {r.id: r for r in rules}
    first: dict[str, Finding] = {}
    for f in report.files:
        for finding in f.findings + [x for x, _ in f.suppressed_findings()]:
            first.setdefault(finding.rule, finding)
    rule_ids = sorted(first)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    seen: dict = {}
    results = [_result(finding, f.path, report.root, index[finding.rule], seen)
               for f in report.files for finding in f.findings]
    for f in report.files:       # kept, marked as suppressed in the source, with the reason
        for finding, reason in f.suppressed_findings():
            result = _result(finding, f.path, report.root, index[finding.rule], seen)
            result["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": reason}]
            results.append(result)
    driver = {"name": "provenance", "version": __version__, "semanticVersion": __version__,
              "informationUri": project_url("Homepage"),
              "rules": [_rule_descriptor(i, by_id.get(i), first[i]) for i in rule_ids]}
    run = {"tool": {"driver": driver},
           "originalUriBaseIds": {"SRCROOT": {"uri": root_uri(report.root)}},
           "columnKind": "unicodeCodePoints",
           "results": results}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report, rules: list[Rule]) -> str:
    return json.dumps(build(report, rules), ensure_ascii=False, indent=2) + "\n"
