"""photo-credit: every editorial picture names who made it, visibly."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..result import NEEDS_REVIEW
from .context import (FAILED, INCOMPLETE, NA, PASSED, Check, Context, Outcome, editorial_pictures, finding,
                      image_location, image_name)

if TYPE_CHECKING:
    from ..ruleset import Rule


def image_credit(ctx: Context, rule: Rule) -> Outcome:
    """What it does
    ------------
    With `want: missing`, fails for each editorial picture that has no
    credit at all: none in its caption or credit element, no collective
    credit block ("Fotos: dpa (2)"), none in its metadata. With
    `want: metadata-only`, fails for each picture credited only in IPTC/XMP
    or JSON-LD, where readers never see it. Decorative images (icons,
    tracking pixels, tiny thumbnails) and standalone image files owe none.
    Where the checker is not sure a picture is editorial (no caption, no
    editorial size, not the page's declared image), a missing credit is an
    `info` "needs review" naming the picture and the outcome is
    `incomplete`: a person decides, CI does not fail.

    Why
    ---
    Copyright law and press codes (Pressekodex, IPSO, Ethical Journalism
    Network) require the author of a picture to be named where it is shown.

    Parameters
    ----------
    `want`: `missing` (default) or `metadata-only`.
    Message fields: `{image}`; with `metadata-only` also `{origin}` and
    `{credit}` (the credit found in the metadata).

    Example
    -------
    `![Die Straße](plain.jpg)` with no caption: fails (`missing`).
    `*Die Straße. Foto: Anna Keller/dpa*` below it: passes.
    """
    imgs = editorial_pictures(ctx)
    if not imgs:
        return NA, []
    want = rule.params.get("want", "missing")
    out, review = [], []
    for f in imgs:
        visible = f.labels.credit or ctx.facts.collective_credit
        if visible:
            continue
        if f.needs_review:
            if want == "missing":
                review.append(finding(
                    ctx, rule, image_location(f), severity="info", image=image_name(f),
                    message=f"{NEEDS_REVIEW}image {image_name(f)} may be editorial and shows no credit",
                    evidence=f.image.role_reason or "role not certain"))
        elif want == "missing" and f.metadata_credit is None:
            out.append(finding(ctx, rule, image_location(f), image=image_name(f),
                               evidence=(f.image.caption or "no caption")[:200]))
        elif want == "metadata-only" and f.metadata_credit is not None:
            credit, origin = f.metadata_credit
            out.append(finding(ctx, rule, image_location(f), image=image_name(f), origin=origin, credit=credit,
                               evidence=f"{origin}: {credit}"))
    if out:
        return FAILED, out + review
    return (INCOMPLETE, review) if review else (PASSED, [])


CHECKS = (
    Check("image-credit", image_credit, fields=("image", "origin", "credit"), params={
        "want": {"enum": ["missing", "metadata-only"], "default": "missing"},
    }),
)
