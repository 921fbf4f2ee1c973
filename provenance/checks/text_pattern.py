"""text-pattern: a house rule in YAML — the visible text must (not) say something.

The model for a check extended by data (Vale's `existence` check): a rule file
gives the pattern or phrases, the part of the article and the conditions."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..article import STANDALONE_MEDIA
from .context import FAILED, NA, PASSED, Check, Context, Outcome, end_of_text, finding

if TYPE_CHECKING:
    from ..ruleset import Rule

SCOPES = {
    "body": lambda a: [b for b in a.blocks if b.kind not in ("caption", "heading")],
    "headline": lambda a: [b for b in a.blocks if b.kind == "heading"],
    "captions": lambda a: [b for b in a.blocks if b.kind == "caption"],
    "all": lambda a: list(a.blocks),
}
# text of one block a user pattern may scan
PATTERN_INPUT_LIMIT = 1_000_000


def _when(ctx: Context, when: dict) -> bool:
    """`when:` conditions on signals: {ai: [generated], aggregated: true,
    language: [de], section: [Politik], format: [html]}."""
    facts, art = ctx.facts, ctx.article
    values = {"ai": facts.ai, "aggregated": facts.aggregated, "reviewed": facts.reviewed,
              "language": art.language, "section": art.section, "format": art.format,
              "wire": bool(facts.wire)}
    for key, want in (when or {}).items():
        have = values.get(key)
        wants = want if isinstance(want, list) else [want]
        if have not in wants and str(have).lower() not in [str(w).lower() for w in wants]:
            return False
    return True


def text_pattern(ctx: Context, rule: Rule) -> Outcome:
    """What it does
    ------------
    Looks for a pattern in the visible text of one part of the article and
    fails when it is missing (`must: appear`) or present (`must:
    not-appear`), optionally only for articles that match `when:`.

    Why
    ---
    House style and local law add their own wording: a required phrase in
    AI articles, no placeholder text, a section-specific disclaimer. A new
    policy of this kind needs YAML, not Python.

    Parameters
    ----------
    One of `pattern` (a regular expression run on RE2, case-insensitive:
    linear time; backreferences and lookaround are refused), `phrases`
    (plain phrases, matched like the packs: case-, diacritic- and
    space-insensitive) or `phrase_kind` (a phrase-pack kind such as
    `ai_notice`, the default). `scope`: `body` (default) | `headline` |
    `captions` | `all`. `must`: `appear` (default) | `not-appear`. `when`:
    conditions on `ai`, `aggregated`, `reviewed`, `language`, `section`,
    `format`, `wire` (a value or a list of values).

    Example
    -------
    ```yaml
    - id: house-no-placeholder
      category: ai-disclosure
      severity: error
      summary: No 'lorem ipsum' left in published text
      check: text-pattern
      params: {pattern: "lorem\\s+ipsum", must: not-appear}
      message: "placeholder text left in the article"
    ```
    """
    p = rule.params
    if ctx.article.format in STANDALONE_MEDIA or not _when(ctx, p.get("when") or {}):
        return NA, []
    blocks = SCOPES[p.get("scope", "body")](ctx.article)
    hit = None
    for b in blocks:
        text = b.text[:PATTERN_INPUT_LIMIT]
        found: tuple[int, int] | None
        if p.get("pattern"):
            from ..patterns import search
            found = search(p["pattern"], text)      # RE2: linear time
        elif p.get("phrases"):
            from ..phrases import normalise
            nt = normalise(text)
            found = next(((0, len(text)) for ph in p["phrases"] if normalise(ph) in nt), None)
        else:
            m = ctx.book.search(p.get("phrase_kind", "ai_notice"), text)
            found = (m.start, m.end) if m else None
        if found:
            hit = (b, text[found[0]:found[1]])
            break
    must = p.get("must", "appear")
    if must == "appear" and hit is None:
        return FAILED, [finding(ctx, rule, end_of_text(ctx, blocks), evidence=f"not found in {p.get('scope', 'body')}")]
    if must == "not-appear" and hit is not None:
        return FAILED, [finding(ctx, rule, hit[0].location, evidence=hit[1][:200])]
    return PASSED, []


_VALUES = {"type": ["string", "boolean", "array"], "items": {"type": ["string", "boolean"]}}

CHECKS = (
    Check("text-pattern", text_pattern, params={
        "pattern": {"type": "string"},
        "phrases": {"type": "array", "items": {"type": "string"}},
        "phrase_kind": {"type": "string"},
        "scope": {"enum": list(SCOPES), "default": "body"},
        "must": {"enum": ["appear", "not-appear"], "default": "appear"},
        "when": {"type": "object", "additionalProperties": False, "properties": {
            k: _VALUES for k in ("ai", "aggregated", "reviewed", "language", "section", "format", "wire")}},
    }),
)
