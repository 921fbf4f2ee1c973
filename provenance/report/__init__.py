"""Reporters: render one `Report` in the format a user or a CI system reads.

Every format is derived from the same result object (`provenance.result.Report`)
and the rule metadata (`provenance.ruleset.Rule`); reporters know nothing of
how rules work. Formats:

- ``text``   one line per finding, ``path:line:col: severity rule-id message``,
  then a summary line (ruff/Vale-like).
- ``json``   the canonical report (docs/design.md#reports), described by
  ``provenance/schemas/report.schema.json``.
- ``sarif``  SARIF 2.1.0 for GitHub code scanning and SARIF viewers.
- ``junit``  JUnit XML: one testsuite per file, one testcase per applicable rule.
- ``github`` GitHub Actions workflow commands (``::error file=…::…``).
- ``gitlab`` GitLab Code Quality JSON (``artifacts:reports:codequality``).

`render` returns the complete document as a string; a non-empty document
always ends with a newline, so callers write it verbatim.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # type hints only: keep `import provenance.report` light
    from ..result import Report
    from ..ruleset import Rule

FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab")


def render(fmt: str, report: Report, rules: list[Rule], *, color: bool = False,
           quiet: bool = False, fail_on: str = "error", statistics: bool = False) -> str:
    """Render `report` as `fmt` (one of `FORMATS`).

    `rules` is the rule catalogue in use; formats that describe rules (SARIF
    rule help, JUnit classnames) look findings' rule ids up in it. `color`
    (ANSI), `quiet` (findings only, no summary) and `statistics` (counts per
    rule) apply to ``text`` only; `fail_on` (the run's ``--fail-on``) decides
    what JUnit counts as a failure, so the report agrees with the exit code.
    Raises ValueError for an unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")
    module = import_module(f"{__name__}.{fmt}")  # only the chosen format is imported
    if fmt == "text":
        return module.render(report, rules, color=color, quiet=quiet, statistics=statistics)
    if fmt == "junit":
        return module.render(report, rules, fail_on=fail_on)
    return module.render(report, rules)


def split_item(path: str) -> tuple[str, str | None]:
    """Split a feed item's path ``feed.xml#item-3`` into ``("feed.xml", "item-3")``.

    Each feed item is its own file entry in a report (docs/design.md#reports), but CI
    systems can only point at real files: they get the file, and the item
    goes into the message or a logical location. Paths without an item
    come back unchanged with ``None``.
    """
    file, sep, item = path.rpartition("#")
    if sep and file and item.startswith("item-") and item[5:].isdigit():
        return file, item
    return path, None


def posix(path: str) -> str:
    """A report path with forward slashes (Windows paths in CI annotations)."""
    return path.replace("\\", "/")


def ci_path(path: str, root: str) -> str:
    """The path a CI system can match to a repository file: POSIX, and
    relative to the report root when an absolute path lies inside it
    (GitHub and GitLab resolve paths against the checkout)."""
    import os.path
    p = posix(path)
    if os.path.isabs(path) and os.path.isabs(root):
        rel = posix(os.path.relpath(path, root))
        if rel != ".." and not rel.startswith("../"):
            return rel
    return p
