"""manifest: what an image file's own provenance (C2PA, IPTC/XMP) says, and
whether the page agrees with it. These checks read the facts the image stage
attached (`provenance.images`); standalone image files are checked too."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..article import STANDALONE_MEDIA, ImageProvenance
from ..signals import ImageFacts
from .context import (INCOMPLETE, NA, Check, Context, Outcome, editorial, finding, image_location, image_name,
                      result)

if TYPE_CHECKING:
    from ..ruleset import Rule


def _with_prov(ctx: Context) -> list[ImageFacts]:
    return [f for f in ctx.facts.images if f.image.provenance is not None]


def _prov(f: ImageFacts) -> ImageProvenance:
    """The provenance of an image known to have been read (`_with_prov`)."""
    assert f.image.provenance is not None
    return f.image.provenance


def manifest_state(ctx: Context, rule: Rule) -> Outcome:
    """What it does
    ------------
    Fails for an image whose C2PA manifest validates as Invalid (tampered
    pixels, broken signature), and for a manifest the SDK finds but cannot
    validate at all (unknown algorithm, prerelease claim, broken JUMBF):
    fail closed, since what it would have said about AI is unknown.

    Why
    ---
    A broken manifest proves nothing, and a tampered one says the image is
    not what was signed.

    Parameters
    ----------
    None. Message fields: `{image}`, `{codes}` (the SDK's failure codes).

    Example
    -------
    An image re-encoded after signing (`assertion.dataHash.mismatch`): fails.
    """
    imgs = [f for f in _with_prov(ctx) if _prov(f).c2pa_present]
    if not imgs:
        return NA, []
    out = []
    for f in imgs:
        p = _prov(f)
        if p.c2pa_state == "Invalid":
            out.append(finding(ctx, rule, image_location(f), image=image_name(f),
                               codes=", ".join(p.c2pa_failures) or "no code",
                               evidence=f"validation state {p.c2pa_state}"))
        elif p.unreadable_manifest:
            out.append(finding(ctx, rule, image_location(f), image=image_name(f),
                               codes=f"the SDK says: {p.c2pa_error}",
                               evidence=f"c2pa-python raised {p.c2pa_error_code or 'an error'}",
                               message=f"C2PA manifest of {image_name(f)} could not be read; what it "
                                       f"says about AI is unknown (the SDK says: {(p.c2pa_error or '')[:200]})"))
    return result(out)


def manifest_trust(ctx: Context, rule: Rule) -> Outcome:
    """What it does
    ------------
    With trust anchors configured (`--trust-anchors`, `trust_anchors:`),
    fails for a valid manifest whose signer does not chain to them. With the
    policy key `allowed_signers`, also for a signer (common name or
    organisation) not in that list. Not applicable otherwise.

    Why
    ---
    Anyone can sign a manifest; only a signer you trust makes its claims
    worth anything.

    Parameters
    ----------
    None. Policy key `allowed_signers` (default: none). Message fields:
    `{image}`, `{signer}`.

    Example
    -------
    An image signed by a self-made test CA, checked with the newsroom's
    anchors: fails.
    """
    allowed = ctx.policy.get("allowed_signers") or []
    if not ctx.trust_anchors and not allowed:
        return NA, []
    # A manifest that could not be read, or is Invalid, is manifest-invalid:
    # nothing can be said about its signer.
    imgs = [f for f in _with_prov(ctx) if _prov(f).c2pa_present
            and _prov(f).c2pa_state not in (None, "Invalid")]
    if not imgs:
        return NA, []
    out = []
    for f in imgs:
        p = _prov(f)
        # Untrusted = the SDK says the signer does not chain to the anchors
        # (`signingCredential.untrusted`). A state of Valid rather than
        # Trusted can come from CAWG identity codes alone; that is not the
        # C2PA signer's trust.
        if ctx.trust_anchors and p.c2pa_untrusted:
            out.append(finding(ctx, rule, image_location(f), image=image_name(f), signer=p.signer or "unknown",
                               evidence=f"validation state {p.c2pa_state}"))
        elif allowed and not ({p.signer, p.issuer} & set(allowed)):
            out.append(finding(ctx, rule, image_location(f), image=image_name(f), signer=p.signer or "unknown",
                               evidence=f"signer not in allowed_signers: {', '.join(allowed)}"))
    return result(out)


def manifest_photo_label(ctx: Context, rule: Rule) -> Outcome:
    """What it does
    ------------
    Fails for an image whose own file (C2PA or IPTC/XMP) says AI-made while
    its caption or credit presents it as a photograph ("Foto:", "(AP
    Photo/…)", "Name/Agency") and carries no AI label. JSON-LD alone gives
    the ai-image finding only.

    Why
    ---
    Calling a generated picture a photo is worse than not labelling it: it
    asserts a camera and a moment that never existed.

    Parameters
    ----------
    None. Message fields: `{image}`, `{origin}`, `{label}` (the photo label).

    Example
    -------
    A C2PA-signed generated image captioned "Foto: Anna Keller/dpa": fails.
    """
    imgs = [f for f in editorial(ctx) if f.ai and f.file_ai]
    if not imgs:
        return NA, []
    out = [finding(ctx, rule, image_location(f), image=image_name(f), origin=f.ai_origin,
                   label=f.labels.photo_label, evidence=(f.image.caption or f.image.credit or "")[:200])
           for f in imgs if f.labels.photo_label and not f.labels.ai_label]
    return result(out)


def manifest_capture_label(ctx: Context, rule: Rule) -> Outcome:
    """What it does
    ------------
    Fails for an image labelled as AI-made whose provenance says human
    capture (`digitalCapture`, `negativeFilm`, …).

    Why
    ---
    One of the two is wrong, and a false AI label discredits a real photo.

    Parameters
    ----------
    None. Message fields: `{image}`, `{origin}`, `{source_type}`.

    Example
    -------
    A camera image with an IPTC `digitalCapture` source type captioned
    "KI-generiert": fails.
    """
    imgs = [f for f in editorial(ctx) if f.ai is False]
    if not imgs:
        return NA, []
    out = []
    for f in imgs:
        if f.labels.ai_label:
            p = f.image.provenance
            st: list = (p.c2pa_source_types[:1] or [p.xmp_source_type]) if p else [f.image.metadata.get("digitalSourceType")]
            out.append(finding(ctx, rule, image_location(f), image=image_name(f), origin=f.ai_origin,
                               source_type=str(st[0]).rsplit("/", 1)[-1], evidence=f.labels.ai_label))
    return result(out)


def manifest_disagree(ctx: Context, rule: Rule) -> Outcome:
    """What it does
    ------------
    Fails for an image whose C2PA manifest and IPTC/XMP metadata disagree
    about AI (one says generated, the other human-made). Standalone image
    files are checked too.

    Why
    ---
    Tools downstream read one or the other; they must tell the same story.

    Parameters
    ----------
    None. Message fields: `{image}`, `{c2pa}`, `{xmp}` (AI-made / human-made).

    Example
    -------
    C2PA `trainedAlgorithmicMedia` with XMP `digitalCapture`: fails.
    """
    imgs = [f for f in _with_prov(ctx) if f.c2pa_ai is not None and f.xmp_ai is not None]
    if not imgs:
        return NA, []
    word = {True: "AI-made", False: "human-made"}
    out = [finding(ctx, rule, image_location(f), image=image_name(f), c2pa=word[bool(f.c2pa_ai)],
                   xmp=word[bool(f.xmp_ai)],
                   evidence=f"C2PA {', '.join(_prov(f).c2pa_source_types)}; XMP {_prov(f).xmp_source_type}")
           for f in imgs if f.c2pa_ai != f.xmp_ai]
    return result(out)


def manifest_remote(ctx: Context, rule: Rule) -> Outcome:
    """What it does
    ------------
    Reports (info) an image whose C2PA manifest lives at a remote URL that
    was not fetched: without `--fetch` nothing is downloaded.

    Why
    ---
    What the manifest says is unknown until it is fetched and validated.

    Parameters
    ----------
    None. Message fields: `{image}`, `{url}`.

    Example
    -------
    An image whose XMP `dcterms:provenance` points at a manifest URL.
    """
    imgs = [f for f in _with_prov(ctx) if _prov(f).c2pa_remote]
    if not imgs:
        return NA, []
    return INCOMPLETE, [finding(ctx, rule, image_location(f), image=image_name(f), url=_prov(f).c2pa_remote)
                        for f in imgs]


def manifest_required(ctx: Context, rule: Rule) -> Outcome:
    """What it does
    ------------
    Fails for each editorial image (each standalone image file) without a
    C2PA manifest, or with one that cannot be read; with the policy key
    `required_source_types`, also for a manifest whose digital source types
    are not among them. Off by default: switched on by the policy key
    `require_c2pa: true` or `--select manifest-required`.

    Why
    ---
    Newsrooms that sign their pictures want an unsigned one to stand out.

    Parameters
    ----------
    None. Policy keys `require_c2pa` (default false) and
    `required_source_types` (default: any). Message field: `{image}`.

    Example
    -------
    With `require_c2pa: true`, a JPEG straight from a camera without
    Content Credentials: fails.
    """
    imgs = [f for f in editorial(ctx) if f.image.provenance is not None and not f.image.provenance.error]
    if ctx.article.format in STANDALONE_MEDIA:
        imgs = _with_prov(ctx)
    if not imgs:
        return NA, []
    req = ctx.policy.get("required_source_types") or []
    out = []
    for f in imgs:
        p = _prov(f)
        if not p.c2pa_present:
            out.append(finding(ctx, rule, image_location(f), image=image_name(f), evidence="no C2PA manifest"))
        elif p.unreadable_manifest:
            out.append(finding(ctx, rule, image_location(f), image=image_name(f), evidence="C2PA manifest unreadable",
                               message=f"image {image_name(f)} has a C2PA manifest that could not be read"))
        elif req and not any(st.rsplit("/", 1)[-1] in req for st in p.source_types):
            out.append(finding(ctx, rule, image_location(f), image=image_name(f),
                               evidence=f"source types {p.source_types} not in {req}"))
    return result(out)


_STRINGS = {"type": "array", "items": {"type": "string"}, "default": []}

CHECKS = (
    Check("manifest-state", manifest_state, fields=("image", "codes")),
    Check("manifest-trust", manifest_trust, fields=("image", "signer"), policy={"allowed_signers": _STRINGS}),
    Check("manifest-photo-label", manifest_photo_label, fields=("image", "origin", "label")),
    Check("manifest-capture-label", manifest_capture_label, fields=("image", "origin", "source_type")),
    Check("manifest-disagree", manifest_disagree, fields=("image", "c2pa", "xmp")),
    Check("manifest-remote", manifest_remote, fields=("image", "url")),
    Check("manifest-required", manifest_required, fields=("image",), policy={
        "require_c2pa": {"type": "boolean", "default": False},
        "required_source_types": _STRINGS,
    }),
)
