"""source-link: an aggregated copy links the original article it was taken from."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..article import STANDALONE_MEDIA
from ..signals import link_reaches_original
from .context import FAILED, INCOMPLETE, NA, PASSED, Check, Context, Outcome, end_of_text, finding

if TYPE_CHECKING:
    from ..ruleset import Rule


def source_link(ctx: Context, rule: Rule) -> Outcome:
    """What it does
    ------------
    For an article that is a copy of another outlet's article (a source
    line naming another outlet, a canonical or `isBasedOn` URL on another
    site, or declared `aggregated=true`), fails when no visible link
    reaches the original. Wire copy whose text is credited to an agency
    owes no link. In plain text a go-to-original phrase without a target
    gives an info: the link cannot be verified.

    Why
    ---
    Aggregators must name and link the source (press codes, the EU
    copyright directive's press publishers' right); readers need the way
    back to the original reporting.

    Parameters
    ----------
    None. Message fields: `{origin}` (the original outlet), `{target}`
    (the original URL when known), `{example}` (a go-to-original phrase in
    the article's language).

    Example
    -------
    A copy whose source line reads "upday.com · 2 godz. temu" without
    "Idź do oryginalnego materiału" linking upday.com: fails.
    """
    facts = ctx.facts
    if not facts.aggregated or ctx.article.format in STANDALONE_MEDIA:
        return NA, []
    if facts.wire:
        return PASSED, []
    origin = facts.outlet or (sorted(facts.original_domains)[0] if facts.original_domains else "another outlet")
    phrase_only = None
    for link in ctx.article.links:
        if link.href is None:
            if ctx.book.search("go_to_original", link.text):
                phrase_only = link
            continue
        if link_reaches_original(link.href, facts):
            return PASSED, []
    if phrase_only is not None:
        return INCOMPLETE, [finding(ctx, rule, phrase_only.location, origin=origin, severity="info",
                                    message=f"aggregated copy of {origin}: link to the original present, "
                                            "its target cannot be verified in plain text",
                                    fix="Check that the published link points at the original article",
                                    evidence=f"link text '{phrase_only.text}'")]
    target = facts.originals[0] if facts.originals else "the original article's URL"
    return FAILED, [finding(ctx, rule, end_of_text(ctx), origin=origin, target=target,
                            example=ctx.book.example("go_to_original", ctx.article.language),
                            evidence=facts.aggregated_origin)]


CHECKS = (
    Check("source-link", source_link, fields=("origin", "target", "example")),
)
