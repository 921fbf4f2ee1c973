"""The typed checks that rule files refer to by name (`check:` in YAML).

Each check is a function `(ctx, rule) -> (outcome, findings)` where outcome is
one of `not_applicable`, `passed`, `failed`, `incomplete` (axe-core's four
outcomes). A check knows no file format: it reads the Article, the derived
Facts and the policy. Its docstring documents the `params:` it accepts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .article import STANDALONE_MEDIA, Article, ImageProvenance, Location
from .phrases import PhraseBook
from .result import NEEDS_REVIEW, Finding
from .ruleset import Rule
from .signals import Facts, ImageFacts, link_reaches_original

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


class _Fmt(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def finding(ctx: Context, rule: Rule, location: Location | None = None, *,
            evidence: str | None = None, severity: str | None = None, fix: str | None = None,
            message: str | None = None, **values) -> Finding:
    v = _Fmt(values)
    return Finding(rule=rule.id, category=rule.category,
                   severity=severity or ctx.severity.get(rule.id, rule.severity),
                   message=message or rule.message.format_map(v), location=location or Location(),
                   evidence=evidence, fix=fix or (rule.fix.format_map(v) if rule.fix else None))


def _editorial(ctx: Context) -> list[ImageFacts]:
    """Media that owe captions/labels: not decorative, not standalone."""
    if ctx.article.format in STANDALONE_MEDIA:
        return []
    return [f for f in ctx.facts.images if not f.decorative]


def _editorial_pictures(ctx: Context) -> list[ImageFacts]:
    """Editorial still images: credits and archive labels are owed by
    pictures only, not by the videos, audio or documents an article carries."""
    return [f for f in _editorial(ctx) if f.image.medium == "image"]


def _img_name(f: ImageFacts) -> str:
    return f"'{f.image.src}'" if f.image.src else "in the caption"


def _loc(f: ImageFacts) -> Location:
    loc = f.image.location
    return Location(loc.line, loc.column, loc.selector, f.image.src or loc.image)


# -- ai-disclosure ---------------------------------------------------------

def ai_notice(ctx: Context, rule: Rule):
    """Visible AI notice owed by AI-generated (policy: also assisted) text.

    Policy keys: `notice_for` (list, default [generated]), `reviewed_exempt`
    (bool; a reviewed text is then reported as info), `notice_position`
    (anywhere | top | bottom: where in the visible text the notice must be).
    """
    facts = ctx.facts
    owed_for = ctx.policy.get("notice_for") or ["generated"]
    if ctx.article.format in STANDALONE_MEDIA or facts.ai not in owed_for:
        return NA, []
    kind = "AI-generated" if facts.ai == "generated" else "AI-assisted"
    example = ctx.book.example("ai_notice", ctx.article.language)
    blocks = [b for b in ctx.article.blocks if b.kind != "caption"]
    end = blocks[-1].location if blocks else Location(line=1, column=1)
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


def ai_notice_consistency(ctx: Context, rule: Rule):
    """Visible AI notice while a declared or machine-readable signal says human."""
    facts = ctx.facts
    if facts.human_signal is None:
        return NA, []
    if facts.notice is None:
        return PASSED, []
    n = facts.notice
    return FAILED, [finding(ctx, rule, n.block.location, signal=facts.human_signal,
                            evidence=n.block.text[n.match.start:n.match.end])]


# -- ai-image --------------------------------------------------------------

def ai_image_label(ctx: Context, rule: Rule):
    """AI provenance (C2PA, IPTC/XMP, JSON-LD) must be matched by a visible AI
    label in caption or credit."""
    imgs = [f for f in _editorial(ctx) if f.ai]
    if not imgs:
        return NA, []
    out = []
    for f in imgs:
        if not f.labels.ai_label:
            out.append(finding(ctx, rule, _loc(f), image=_img_name(f), origin=f.ai_origin,
                               medium=f.image.medium,
                               example=ctx.book.example("ai_image_label", ctx.article.language),
                               evidence=(f.image.caption or f.image.credit or "no caption")[:200]))
    return (FAILED, out) if out else (PASSED, [])


# -- photo-credit ----------------------------------------------------------

def image_credit(ctx: Context, rule: Rule):
    """Every editorial image needs a visible credit.

    params.want: `missing` (no credit at all, visible or in metadata) or
    `metadata-only` (credit only in IPTC/XMP or JSON-LD).

    Where the checker is not sure a picture is editorial (no caption, no
    editorial size, not the page's declared image), a missing credit is an
    `info` "needs review" naming the picture, and the outcome is
    `incomplete`: a person decides, CI does not fail."""
    imgs = _editorial_pictures(ctx)
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
                    ctx, rule, _loc(f), severity="info", image=_img_name(f),
                    message=f"{NEEDS_REVIEW}image {_img_name(f)} may be editorial and shows no credit",
                    evidence=f.image.role_reason or "role not certain"))
        elif want == "missing" and f.metadata_credit is None:
            out.append(finding(ctx, rule, _loc(f), image=_img_name(f),
                               evidence=(f.image.caption or "no caption")[:200]))
        elif want == "metadata-only" and f.metadata_credit is not None:
            credit, origin = f.metadata_credit
            out.append(finding(ctx, rule, _loc(f), image=_img_name(f), origin=origin, credit=credit,
                               evidence=f"{origin}: {credit}"))
    if out:
        return FAILED, out + review
    return (INCOMPLETE, review) if review else (PASSED, [])


# -- archive-label ---------------------------------------------------------

def _days(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def archive_label(ctx: Context, rule: Rule):
    """Old images need an archive/stand-in label; new ones must not carry one.

    params.want: `missing` | `contradicted`. Policy/config: `archive_age_days`
    (default 365)."""
    want = rule.params.get("want", "missing")
    age_limit = int(ctx.policy.get("archive_age_days", 365))
    ref = ctx.facts.published or ctx.today
    ref_note = "" if ctx.facts.published else f" (no article date: compared with today, {ctx.today})"
    imgs = [f for f in _editorial_pictures(ctx) if f.created]
    if not imgs:
        return NA, []
    out = []
    for f in imgs:
        try:
            age = _days(f.created or "", ref)
        except ValueError:
            continue
        labelled = f.labels.archive_label
        if want == "missing" and age > age_limit and not labelled:
            out.append(finding(ctx, rule, _loc(f), image=_img_name(f), date=f.created, age=age,
                               evidence=f"{f.created_origin} {f.created}; article {ref}{ref_note}"))
        elif want == "contradicted" and labelled and age < 0 and ctx.facts.published:
            out.append(finding(ctx, rule, _loc(f), image=_img_name(f), date=f.created,
                               published=ref, evidence=f"label '{labelled}'"))
    return (FAILED, out) if out else (PASSED, [])


# -- source-link -----------------------------------------------------------

def source_link(ctx: Context, rule: Rule):
    """Aggregated copies need a visible link to the original article; wire
    copy credited to an agency is exempt; plain-text phrases give info."""
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
    blocks = ctx.article.blocks
    loc = blocks[-1].location if blocks else Location(line=1, column=1)
    return FAILED, [finding(ctx, rule, loc, origin=origin, target=target,
                            example=ctx.book.example("go_to_original", ctx.article.language),
                            evidence=facts.aggregated_origin)]


# -- manifest --------------------------------------------------------------

def _with_prov(ctx: Context) -> list[ImageFacts]:
    return [f for f in ctx.facts.images if f.image.provenance is not None]


def _prov(f: ImageFacts) -> ImageProvenance:
    """The provenance of an image known to have been read (`_with_prov`)."""
    assert f.image.provenance is not None
    return f.image.provenance


def manifest_state(ctx: Context, rule: Rule):
    """C2PA validation state Invalid (tampered, broken signature) is an error,
    and so is a manifest the SDK finds but cannot validate at all (unknown
    algorithm, prerelease claim, broken JUMBF, unreadable claim): fail closed,
    what it would have said about AI is unknown. The finding quotes the SDK's
    error kind and text; such a manifest is never "untrusted"."""
    imgs = [f for f in _with_prov(ctx) if _prov(f).c2pa_present]
    if not imgs:
        return NA, []
    out = []
    for f in imgs:
        p = _prov(f)
        if p.c2pa_state == "Invalid":
            out.append(finding(ctx, rule, _loc(f), image=_img_name(f),
                               codes=", ".join(p.c2pa_failures) or "no code",
                               evidence=f"validation state {p.c2pa_state}"))
        elif unreadable_manifest(p):
            out.append(finding(ctx, rule, _loc(f), image=_img_name(f),
                               codes=f"the SDK says: {p.c2pa_error}",
                               evidence=f"c2pa-python raised {p.c2pa_error_code or 'an error'}",
                               message=f"C2PA manifest of {_img_name(f)} could not be read; what it "
                                       f"says about AI is unknown (the SDK says: {(p.c2pa_error or '')[:200]})"))
    return (FAILED, out) if out else (PASSED, [])


def unreadable_manifest(p) -> bool:
    """A manifest store is there but the SDK could not read it (not a remote
    manifest that was merely not fetched)."""
    return bool(p.c2pa_present and p.c2pa_state is None and p.c2pa_error and not p.c2pa_remote)


def manifest_trust(ctx: Context, rule: Rule):
    """Untrusted signer, only when trust anchors are configured; with policy
    `allowed_signers`, a signer not in that list (by common name or
    organisation) is reported too."""
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
            out.append(finding(ctx, rule, _loc(f), image=_img_name(f), signer=p.signer or "unknown",
                               evidence=f"validation state {p.c2pa_state}"))
        elif allowed and not ({p.signer, p.issuer} & set(allowed)):
            out.append(finding(ctx, rule, _loc(f), image=_img_name(f), signer=p.signer or "unknown",
                               evidence=f"signer not in allowed_signers: {', '.join(allowed)}"))
    return (FAILED, out) if out else (PASSED, [])


def manifest_photo_label(ctx: Context, rule: Rule):
    """AI provenance in the image file (C2PA or IPTC/XMP) under a photo label
    ("Foto:", "(AP Photo/…)", "Name/Agency"). JSON-LD alone gives ai-image only."""
    imgs = [f for f in _editorial(ctx) if f.ai and f.file_ai]
    if not imgs:
        return NA, []
    out = [finding(ctx, rule, _loc(f), image=_img_name(f), origin=f.ai_origin, label=f.labels.photo_label,
                   evidence=(f.image.caption or f.image.credit)[:200])
           for f in imgs if f.labels.photo_label and not f.labels.ai_label]
    return (FAILED, out) if out else (PASSED, [])


def manifest_capture_label(ctx: Context, rule: Rule):
    """AI label on an image whose provenance says human capture."""
    imgs = [f for f in _editorial(ctx) if f.ai is False]
    if not imgs:
        return NA, []
    out = []
    for f in imgs:
        if f.labels.ai_label:
            p = f.image.provenance
            st: list = (p.c2pa_source_types[:1] or [p.xmp_source_type]) if p else [f.image.metadata.get("digitalSourceType")]
            out.append(finding(ctx, rule, _loc(f), image=_img_name(f), origin=f.ai_origin,
                               source_type=str(st[0]).rsplit("/", 1)[-1], evidence=f.labels.ai_label))
    return (FAILED, out) if out else (PASSED, [])


def manifest_disagree(ctx: Context, rule: Rule):
    """C2PA and IPTC/XMP of one image disagree about AI (standalone images too)."""
    imgs = [f for f in _with_prov(ctx) if f.c2pa_ai is not None and f.xmp_ai is not None]
    if not imgs:
        return NA, []
    word = {True: "AI-made", False: "human-made"}
    out = [finding(ctx, rule, _loc(f), image=_img_name(f), c2pa=word[bool(f.c2pa_ai)], xmp=word[bool(f.xmp_ai)],
                   evidence=f"C2PA {', '.join(_prov(f).c2pa_source_types)}; "
                            f"XMP {_prov(f).xmp_source_type}")
           for f in imgs if f.c2pa_ai != f.xmp_ai]
    return (FAILED, out) if out else (PASSED, [])


def manifest_remote(ctx: Context, rule: Rule):
    """Remote-only manifest, not fetched without --fetch (info)."""
    imgs = [f for f in _with_prov(ctx) if _prov(f).c2pa_remote]
    if not imgs:
        return NA, []
    return INCOMPLETE, [finding(ctx, rule, _loc(f), image=_img_name(f), url=_prov(f).c2pa_remote)
                        for f in imgs]


def manifest_required(ctx: Context, rule: Rule):
    """Policy `require_c2pa`: every editorial image carries a manifest; optional
    `required_source_types` restricts the digital source types allowed."""
    imgs = [f for f in _editorial(ctx) if f.image.provenance is not None and not f.image.provenance.error]
    if ctx.article.format in STANDALONE_MEDIA:
        imgs = _with_prov(ctx)
    if not imgs:
        return NA, []
    req = ctx.policy.get("required_source_types") or []
    out = []
    for f in imgs:
        p = _prov(f)
        if not p.c2pa_present:
            out.append(finding(ctx, rule, _loc(f), image=_img_name(f), evidence="no C2PA manifest"))
        elif unreadable_manifest(p):
            out.append(finding(ctx, rule, _loc(f), image=_img_name(f), evidence="C2PA manifest unreadable",
                               message=f"image {_img_name(f)} has a C2PA manifest that could not be read"))
        elif req and not any(st.rsplit("/", 1)[-1] in req for st in p.source_types):
            out.append(finding(ctx, rule, _loc(f), image=_img_name(f),
                               evidence=f"source types {p.source_types} not in {req}"))
    return (FAILED, out) if out else (PASSED, [])


# -- house rules -----------------------------------------------------------

_SCOPES = {
    "body": lambda a: [b for b in a.blocks if b.kind not in ("caption", "heading")],
    "headline": lambda a: [b for b in a.blocks if b.kind == "heading"],
    "captions": lambda a: [b for b in a.blocks if b.kind == "caption"],
    "all": lambda a: list(a.blocks),
}
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


def text_pattern(ctx: Context, rule: Rule):
    """Visible text must (or must not) contain a pattern: a house rule in YAML.

    params: `pattern` (a regex run on RE2, case-insensitive: linear time;
    backreferences and lookaround are refused),
    `phrases` (plain phrases, matched like the packs: case/diacritic/space
    insensitive) or `phrase_kind` (a pack kind such as `ai_notice`);
    `scope` body | headline | captions | all (default body); `must` appear |
    not-appear (default appear); `when` conditions on signals (ai,
    aggregated, reviewed, language, section, format, wire)."""
    p = rule.params
    if ctx.article.format in STANDALONE_MEDIA or not _when(ctx, p.get("when") or {}):
        return NA, []
    blocks = _SCOPES[p.get("scope", "body")](ctx.article)
    hit = None
    for b in blocks:
        text = b.text[:PATTERN_INPUT_LIMIT]
        if p.get("pattern"):
            from .patterns import search
            found = search(p["pattern"], text)      # RE2: linear time
        elif p.get("phrases"):
            from .phrases import normalise
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
        loc = blocks[-1].location if blocks else Location(line=1, column=1)
        return FAILED, [finding(ctx, rule, loc, evidence=f"not found in {p.get('scope', 'body')}")]
    if must == "not-appear" and hit is not None:
        return FAILED, [finding(ctx, rule, hit[0].location, evidence=hit[1][:200])]
    return PASSED, []


# -- input -----------------------------------------------------------------

def reader_problem(ctx: Context, rule: Rule):
    """Problems recorded by readers and the image stage. params.codes: the
    problem codes this rule reports."""
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


def suppressions(ctx: Context, rule: Rule):
    """Suppression problems are added by the engine after all rules ran."""
    return (PASSED, []) if ctx.article.suppressions else (NA, [])


CHECKS = {
    "ai-notice": ai_notice,
    "ai-notice-consistency": ai_notice_consistency,
    "ai-image-label": ai_image_label,
    "image-credit": image_credit,
    "archive-label": archive_label,
    "source-link": source_link,
    "manifest-state": manifest_state,
    "manifest-trust": manifest_trust,
    "manifest-photo-label": manifest_photo_label,
    "manifest-capture-label": manifest_capture_label,
    "manifest-disagree": manifest_disagree,
    "manifest-remote": manifest_remote,
    "manifest-required": manifest_required,
    "text-pattern": text_pattern,
    "reader-problem": reader_problem,
    "suppressions": suppressions,
}
