"""What every check receives and returns: the context of one article, the
four outcomes, a finding built from the rule's message, and the `Check`
record that describes a check to the rule loader and to `provenance explain`.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ..article import STANDALONE_MEDIA, Article, Location
from ..result import Finding
from ..signals import Facts, ImageFacts

if TYPE_CHECKING:       # types only: the rule layer imports the checks, not the other way
    from ..phrases import PhraseBook
    from ..ruleset import Rule

# axe-core's four outcomes of a rule on one article
NA, PASSED, FAILED, INCOMPLETE = "not_applicable", "passed", "failed", "incomplete"


@dataclass
class Context:
    article: Article
    facts: Facts
    book: PhraseBook
    policy: dict = field(default_factory=dict)
    today: str = field(default_factory=lambda: date.today().isoformat())
    trust_anchors: bool = False
    severity: dict = field(default_factory=dict)    # rule id -> effective severity
    # (location, message) of each suppression that names no rule, gives no
    # reason or was not used: filled before the `after_suppressions` checks run
    suppression_problems: list = field(default_factory=list)


Outcome = tuple[str, list[Finding]]


@dataclass(frozen=True)
class Check:
    """A typed check that rule files name with `check:`.

    `params` and `policy` are JSON Schema `properties` (with `default`s) of
    the rule's `params:` and of the config's `policy:` keys the check reads;
    `fields` are the `{placeholders}` it fills in the rule's message and fix.
    The docstring of `run` is the check's documentation."""
    name: str
    run: Callable[[Context, Rule], Outcome]
    fields: tuple[str, ...] = ()
    params: dict = field(default_factory=dict)
    required: tuple[str, ...] = ()
    policy: dict = field(default_factory=dict)
    on_unread: bool = False             # also runs on an input that could not be read
    after_suppressions: bool = False    # runs once inline suppressions are applied

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.run.__doc__ or "")

    def markdown(self) -> str:
        """The docstring with its underlined sections as Markdown headings."""
        lines = self.doc.splitlines()
        out: list[str] = []
        for line in lines:
            if set(line) == {"-"} and out and out[-1]:
                out[-1] = "### " + out[-1]
                out.append("")
            else:
                out.append(line)
        return "\n".join(out).strip()

    def defaults(self) -> dict:
        return {k: s["default"] for k, s in self.params.items() if "default" in s}


class _Fmt(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def finding(ctx: Context, rule: Rule, location: Location | None = None, *,
            evidence: str | None = None, severity: str | None = None, fix: str | None = None,
            message: str | None = None, **values) -> Finding:
    """A finding of `rule`: its message and fix with `values` filled in."""
    v = _Fmt(values)
    return Finding(rule=rule.id, category=rule.category,
                   severity=severity or ctx.severity.get(rule.id, rule.severity),
                   message=message or rule.message.format_map(v), location=location or Location(),
                   evidence=evidence, fix=fix or (rule.fix.format_map(v) if rule.fix else None))


def editorial(ctx: Context) -> list[ImageFacts]:
    """Media that owe captions/labels: not decorative, not standalone."""
    if ctx.article.format in STANDALONE_MEDIA:
        return []
    return [f for f in ctx.facts.images if not f.decorative]


def editorial_pictures(ctx: Context) -> list[ImageFacts]:
    """Editorial still images: credits and archive labels are owed by
    pictures only, not by the videos, audio or documents an article carries."""
    return [f for f in editorial(ctx) if f.image.medium == "image"]


def image_name(f: ImageFacts) -> str:
    return f"'{f.image.src}'" if f.image.src else "in the caption"


def image_location(f: ImageFacts) -> Location:
    loc = f.image.location
    return Location(loc.line, loc.column, loc.selector, f.image.src or loc.image)


def end_of_text(ctx: Context, blocks=None) -> Location:
    """Where a missing line would go: the last block (of `blocks`)."""
    blocks = ctx.article.blocks if blocks is None else blocks
    return blocks[-1].location if blocks else Location(line=1, column=1)


def result(out: list[Finding]) -> Outcome:
    """Failed with the findings, or passed when there are none."""
    return (FAILED, out) if out else (PASSED, [])
