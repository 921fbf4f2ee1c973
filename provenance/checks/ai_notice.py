"""ai-disclosure: the visible AI notice an AI-written text owes its readers."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..article import STANDALONE_MEDIA
from .context import FAILED, INCOMPLETE, NA, PASSED, Check, Context, Outcome, end_of_text, finding

if TYPE_CHECKING:
    from ..ruleset import Rule


def ai_notice(ctx: Context, rule: Rule) -> Outcome:
    """What it does
    ------------
    Fails when a text that is AI-generated (declared, or said by metadata
    such as a `digitalSourceType`) shows no AI notice its readers can see.
    A notice only in a meta tag, a comment, `alt` text or hidden markup
    does not count.

    Why
    ---
    The EU AI Act (Art. 50(4)) and press codes require AI-generated text
    published to inform the public to say so, visibly. A reviewed text under
    editorial responsibility is exempt under the Act (`reviewed_exempt`).

    Parameters
    ----------
    None. Policy keys: `notice_for` (which declared values owe a notice,
    default `[generated]`; `strict` adds `assisted`), `reviewed_exempt`
    (default false: a reviewed text is then reported as info only),
    `notice_position` (`anywhere` | `top` | `bottom`, default `anywhere`).
    Message fields: `{kind}` (AI-generated / AI-assisted), `{example}` (a
    notice in the article's language).

    Example
    -------
    Declared `ai=generated`, no line such as "Dieser Artikel wurde mit
    Künstlicher Intelligenz erstellt." in the visible text: fails.
    """
    facts = ctx.facts
    owed_for = ctx.policy.get("notice_for") or ["generated"]
    if ctx.article.format in STANDALONE_MEDIA or facts.ai not in owed_for:
        return NA, []
    kind = "AI-generated" if facts.ai == "generated" else "AI-assisted"
    example = ctx.book.example("ai_notice", ctx.article.language)
    blocks = [b for b in ctx.article.blocks if b.kind != "caption"]
    end = end_of_text(ctx, blocks)
    if facts.notice is not None:
        pos = ctx.policy.get("notice_position", "anywhere")
        idx = next((i for i, b in enumerate(blocks) if b is facts.notice.block), 0)
        if pos == "top" and idx > 2 or pos == "bottom" and idx < len(blocks) - 3:
            return FAILED, [finding(ctx, rule, facts.notice.block.location, kind=kind, example=example,
                                    evidence=f"notice found, but not at the {pos} of the text")]
        return PASSED, []
    if facts.reviewed and ctx.policy.get("reviewed_exempt"):
        return INCOMPLETE, [finding(ctx, rule, end, kind=kind, example=example, severity="info",
                                    evidence=f"declared ai={facts.ai} ({facts.ai_origin}) and reviewed=true: "
                                             "exempt under Art. 50(4) (editorial review)")]
    return FAILED, [finding(ctx, rule, end, kind=kind, example=example,
                            evidence=f"ai={facts.ai} ({facts.ai_origin})")]


def ai_notice_consistency(ctx: Context, rule: Rule) -> Outcome:
    """What it does
    ------------
    Fails when the visible text carries an AI notice while a declaration or
    machine-readable metadata says the text is human-made.

    Why
    ---
    Readers, search engines and archives read both; when they disagree, one
    of them is wrong and the disclosure cannot be relied on.

    Parameters
    ----------
    None. Message field: `{signal}` (what says the text is human).

    Example
    -------
    `--declare ai=none` on an article ending "This article was generated
    with AI.": fails.
    """
    facts = ctx.facts
    if facts.human_signal is None:
        return NA, []
    if facts.notice is None:
        return PASSED, []
    n = facts.notice
    return FAILED, [finding(ctx, rule, n.block.location, signal=facts.human_signal,
                            evidence=n.block.text[n.match.start:n.match.end])]


CHECKS = (
    Check("ai-notice", ai_notice, fields=("kind", "example"), policy={
        "notice_for": {"type": "array", "items": {"enum": ["generated", "assisted"]},
                       "default": ["generated"]},
        "reviewed_exempt": {"type": "boolean", "default": False},
        "notice_position": {"enum": ["anywhere", "top", "bottom"], "default": "anywhere"},
    }),
    Check("ai-notice-consistency", ai_notice_consistency, fields=("signal",)),
)
