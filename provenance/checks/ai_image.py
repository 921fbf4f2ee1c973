"""ai-image: an image its provenance calls AI-made carries a visible AI label."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .context import NA, Check, Context, Outcome, editorial, finding, image_location, image_name, result

if TYPE_CHECKING:
    from ..ruleset import Rule


def ai_image_label(ctx: Context, rule: Rule) -> Outcome:
    """What it does
    ------------
    Fails for each editorial image (or video, audio) whose provenance — a
    C2PA manifest, IPTC/XMP `digitalSourceType`, JSON-LD — says it was made
    by a generative model, when neither its caption nor its credit carries
    a visible AI label. `alt` text does not count: most readers never see it.

    Why
    ---
    The EU AI Act (Art. 50) and press codes require synthetic images to be
    recognisable as such to the people who look at them.

    Parameters
    ----------
    None. Message fields: `{image}`, `{origin}` (which metadata says AI),
    `{medium}` (image, video, audio), `{example}` (a label in the
    article's language).

    Example
    -------
    An image with a C2PA `trainedAlgorithmicMedia` action captioned "Der
    Hafen am Abend. Foto: Anna Keller" fails; "... Bild: KI-generiert"
    passes.
    """
    imgs = [f for f in editorial(ctx) if f.ai]
    if not imgs:
        return NA, []
    out = []
    for f in imgs:
        if not f.labels.ai_label:
            out.append(finding(ctx, rule, image_location(f), image=image_name(f), origin=f.ai_origin,
                               medium=f.image.medium,
                               example=ctx.book.example("ai_image_label", ctx.article.language),
                               evidence=(f.image.caption or f.image.credit or "no caption")[:200]))
    return result(out)


CHECKS = (
    Check("ai-image-label", ai_image_label, fields=("image", "origin", "medium", "example")),
)
