"""The typed checks that rule files refer to by name (`check:` in YAML).

One module per family; each check is a function `(ctx, rule) -> (outcome,
findings)` (outcome: `not_applicable`, `passed`, `failed`, `incomplete`, as in
axe-core) described by a `Check` record: the JSON Schema of its `params:` with
defaults, the `policy:` keys it reads, the `{fields}` it fills in messages.
Its docstring is its documentation (`provenance explain`). A check knows no
file format: it reads the Article, the derived Facts and the policy.

Adding a check: a function and a `Check(...)` line in its family's `CHECKS`
(or a new module listed below), then YAML rules that use it.
"""
from __future__ import annotations

from . import ai_image, ai_notice, archive, credit, input, manifest, source_link, text_pattern
from .context import FAILED, INCOMPLETE, NA, PASSED, Check, Context, Outcome, finding
from .schema import properties_error, schema_error

FAMILIES = (ai_notice, ai_image, credit, archive, source_link, manifest, text_pattern, input)
CHECKS: dict[str, Check] = {c.name: c for family in FAMILIES for c in family.CHECKS}


def policy_schema() -> dict:
    """JSON Schema `properties` of every `policy:` key some check reads."""
    out: dict = {}
    for check in CHECKS.values():
        out.update(check.policy)
    return out


def policy_defaults() -> dict:
    return {k: s["default"] for k, s in policy_schema().items() if "default" in s}


__all__ = ["CHECKS", "FAILED", "FAMILIES", "INCOMPLETE", "NA", "PASSED", "Check", "Context", "Outcome",
           "finding", "policy_defaults", "policy_schema", "properties_error", "schema_error"]
