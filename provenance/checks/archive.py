"""archive-label: an old picture standing in for today says so; a new one does not."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..dates import days_between
from .context import NA, Check, Context, Outcome, editorial_pictures, finding, image_location, image_name, result

if TYPE_CHECKING:
    from ..ruleset import Rule


def archive_label(ctx: Context, rule: Rule) -> Outcome:
    """What it does
    ------------
    Compares each editorial picture's creation date (IPTC/XMP, EXIF, C2PA,
    JSON-LD) with the article's date (today when the article has none).
    With `want: missing`, fails for a picture older than `archive_age_days`
    whose caption carries no archive or stand-in label ("(Archivbild)",
    "File photo", "zdjęcie archiwalne", "(AP Photo/…, File)"). With
    `want: contradicted`, fails for a picture labelled as archive although
    it was made after the article's date.

    Why
    ---
    An old photo shown as if it were news misleads (Pressekodex guideline
    2.2, IPSO, the Ethical Journalism Network); the label is what tells the
    reader the scene is not from today.

    Parameters
    ----------
    `want`: `missing` (default) or `contradicted`. Policy key
    `archive_age_days` (default 365; also settable at the config's top
    level). Message fields: `{image}`, `{date}` (created), `{age}` (days
    before the article), `{published}` (the article's date).

    Example
    -------
    A picture created 2019-05-02 in an article of 2026-11-23 with the
    caption "Der Hafen." fails; "Der Hafen (Archivbild)." passes.
    """
    want = rule.params.get("want", "missing")
    age_limit = int(ctx.policy.get("archive_age_days", 365))
    ref = ctx.facts.published or ctx.today
    ref_note = "" if ctx.facts.published else f" (no article date: compared with today, {ctx.today})"
    imgs = [f for f in editorial_pictures(ctx) if f.created]
    if not imgs:
        return NA, []
    out = []
    for f in imgs:
        age = days_between(f.created or "", ref)
        if age is None:
            continue
        labelled = f.labels.archive_label
        if want == "missing" and age > age_limit and not labelled:
            out.append(finding(ctx, rule, image_location(f), image=image_name(f), date=f.created, age=age,
                               evidence=f"{f.created_origin} {f.created}; article {ref}{ref_note}"))
        elif want == "contradicted" and labelled and age < 0 and ctx.facts.published:
            out.append(finding(ctx, rule, image_location(f), image=image_name(f), date=f.created,
                               published=ref, evidence=f"label '{labelled}'"))
    return result(out)


CHECKS = (
    Check("archive-label", archive_label, fields=("image", "date", "age", "published"), params={
        "want": {"enum": ["missing", "contradicted"], "default": "missing"},
    }, policy={
        "archive_age_days": {"type": "integer", "minimum": 0, "default": 365},
    }),
)
