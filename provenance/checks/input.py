"""input: what could not be read, and inline suppressions that do not hold."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .context import FAILED, INCOMPLETE, NA, PASSED, Check, Context, Outcome, finding

if TYPE_CHECKING:
    from ..ruleset import Rule


def reader_problem(ctx: Context, rule: Rule) -> Outcome:
    """What it does
    ------------
    Reports the problems readers and the image stage recorded with one of
    the rule's `codes` (an unreadable or empty file, unparseable XML or
    JSON, a missing image, broken metadata …), with the severity the reader
    gave unless the config overrides it. Runs on inputs that could not be
    read at all, too.

    Why
    ---
    An input that could not be checked must never pass silently.

    Parameters
    ----------
    `codes`: the problem codes this rule reports (default: the rule's id).
    Message field: `{problem}` (the reader's message, naming the file).

    Example
    -------
    A zero-byte `article.html`: `input-unreadable`, "article.html: empty
    file (0 bytes)".
    """
    codes = set(rule.params.get("codes") or [rule.id])
    hits = [p for p in ctx.article.problems if p.code in codes]
    if not hits:
        return PASSED, []
    out = [finding(ctx, rule, p.location, problem=p.message, evidence=p.code,
                   severity=ctx.severity.get(rule.id) if rule.id in ctx.severity else
                   (p.severity if p.severity in ("error", "warning", "info") else None))
           for p in hits]
    worst = FAILED if any(x.severity != "info" for x in out) else INCOMPLETE
    return worst, out


def suppressions(ctx: Context, rule: Rule) -> Outcome:
    """What it does
    ------------
    Runs after inline suppressions were applied and reports each one that
    names no known rule or category, gives no reason, or (with
    `--report-unused-suppressions`) suppressed nothing.

    Why
    ---
    A suppression is a decision someone must be able to review; one
    without a reason, or one that names a typo, hides nothing it should.

    Parameters
    ----------
    None. Message field: `{problem}`.

    Example
    -------
    `<!-- provenance: ignore[photo-credit-missing] -->` (no reason): fails.
    """
    if ctx.suppression_problems:
        return FAILED, [finding(ctx, rule, loc, problem=msg, evidence="suppression")
                        for loc, msg in ctx.suppression_problems]
    return (PASSED, []) if ctx.article.suppressions else (NA, [])


CHECKS = (
    Check("reader-problem", reader_problem, fields=("problem",), on_unread=True, params={
        "codes": {"type": "array", "items": {"type": "string"}},
    }),
    Check("suppressions", suppressions, fields=("problem",), after_suppressions=True),
)
