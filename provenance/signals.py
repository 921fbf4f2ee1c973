"""Article-level facts the rules share: is the text AI, is it a copy, of what,
is it wire copy, where is the visible notice, which images are editorial.

Pure functions over the Article (no I/O); computed once per article by the
engine and handed to every check.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import unquote, urlsplit

from . import sourcetypes
from .dates import iso_date
from .article import Article, Block, Image
from .phrases.captions import Labels, analyse, find_agency, is_description, rest_words
from .phrases import Match, PhraseBook

_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$", re.I)


def domain(url: str | None) -> str | None:
    """Registrable-ish host of a URL or bare domain, without `www.`."""
    if not url:
        return None
    u = url.strip()
    if "://" not in u and not u.startswith("//"):
        u = "//" + u
    try:
        host = (urlsplit(u).hostname or "").lower()
    except ValueError:
        return None
    if host.startswith("www."):
        host = host[4:]
    return host or None


def same_site(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return a == b or a.endswith("." + b) or b.endswith("." + a)


@dataclass
class Notice:
    match: Match
    block: Block


@dataclass
class ImageFacts:
    image: Image
    labels: Labels
    decorative: bool
    ai: bool | None                # provenance verdict (AI wins)
    ai_origin: str = ""            # "C2PA manifest", "IPTC/XMP", "JSON-LD"
    file_ai: bool = False          # the AI verdict comes from the image file (C2PA or XMP)
    c2pa_ai: bool | None = None
    xmp_ai: bool | None = None
    created: str | None = None     # ISO date
    created_origin: str = ""
    metadata_credit: tuple[str, str] | None = None   # (credit, origin)
    needs_review: bool = False     # maybe editorial: a missing credit is for a person to decide


@dataclass
class Facts:
    ai: str | None = None          # generated | assisted | none
    ai_origin: str = ""
    reviewed: bool = False
    human_signal: str | None = None    # what says the text is human
    aggregated: bool = False
    aggregated_origin: str = ""
    originals: list[str] = field(default_factory=list)   # URLs of the original
    original_domains: set = field(default_factory=set)
    outlet: str | None = None
    own: str | None = None
    wire: str | None = None        # evidence that the text is agency copy
    published: str | None = None
    published_origin: str = ""
    images: list[ImageFacts] = field(default_factory=list)
    # Facts looked for on first use (`_looked_up`): what finds each, what it found.
    _finders: dict[str, Callable[[], Any]] = field(default_factory=dict, repr=False)
    _found: dict[str, Any] = field(default_factory=dict, repr=False)

    def _looked_up(self, name: str):
        if name not in self._found:
            finder = self._finders.get(name)
            self._found[name] = finder() if finder else None
        return self._found[name]

    @property
    def collective_credit(self) -> str | None:
        """A visible collective credit line ("Fotos: dpa (3)"): only a
        picture without a credit of its own needs it (#16: every block of
        every article was folded near its colons)."""
        return self._looked_up("collective_credit")

    @property
    def notice(self) -> Notice | None:
        """The visible AI notice: most articles declare nothing about AI,
        and then no rule needs it."""
        return self._looked_up("notice")

    @property
    def notice_looked_for(self) -> bool:
        return "notice" in self._found


def _bool(v) -> bool:
    if isinstance(v, bool):
        return v
    return str(v).strip().lower() in ("true", "yes", "1", "on")


def _declared(article: Article, key: str):
    d = article.declared.get(key)
    return (d.value, d.origin) if d is not None and d.value not in (None, "") else (None, "")


_NOT_TEXT = ("caption",)                                # not the article's text
_NOT_BODY = _NOT_TEXT + ("heading", "source-line")      # not its body either


def text_blocks(article: Article) -> list[Block]:
    return [b for b in article.blocks if b.kind not in _NOT_TEXT]


def _joined(blocks: list[Block]) -> tuple[str, list[int]]:
    """All blocks as one text (blank line between blocks ends a sentence),
    so the phrase matcher normalises and scans once per article."""
    starts, pos = [], 0
    for b in blocks:
        starts.append(pos)
        pos += len(b.text) + 2
    return "\n\n".join(b.text for b in blocks), starts


def _in_block(blocks: list[Block], starts: list[int], m: Match) -> tuple[Block, Match]:
    i = bisect_right(starts, m.start) - 1
    off = starts[i]
    return blocks[i], Match(m.kind, m.lang, m.phrase, m.start - off, m.end - off)


def find_notice(book: PhraseBook, article: Article) -> Notice | None:
    blocks = text_blocks(article)
    text, starts = _joined(blocks)
    m = book.find_notice(text)
    if m is None:
        return None
    block, local = _in_block(blocks, starts, m)
    return Notice(local, block)


def wire_copy(book: PhraseBook, article: Article) -> str | None:
    """Evidence that the *text* is credited to an agency: a dateline
    (`BERLIN (dpa) -`), a trailing signature (`dpa/lno`, `aja/PAP`) or an
    agency byline. An agency in a photo credit never counts."""
    head, last = _body_ends(article.blocks, 3)
    for b in head:
        m = book.search("dateline_patterns", b.text[:120])
        if m and m.start < 60:
            return f"dateline '{b.text[m.start:m.end].strip()}'"
    for b in last:
        tail = b.text.rstrip()[-40:]
        m = book.search("dateline_patterns", tail)
        if m and m.end >= len(tail.rstrip(" )")) - 1:
            return f"signature '{tail[m.start:m.end].strip()}'"
    if article.byline and find_agency(book, article.byline):
        return f"byline '{article.byline}'"
    return None


def _body_ends(blocks: list[Block], n: int) -> tuple[list[Block], list[Block]]:
    """The first and the last `n` body blocks (no caption, heading or source
    line), in text order: found from either end (a list of all the body
    blocks of every article was most of `wire_copy`'s time, #16)."""
    head: list[Block] = []
    for b in blocks:
        if b.kind not in _NOT_BODY:
            head.append(b)
            if len(head) == n:
                break
    tail: list[Block] = []
    for b in reversed(blocks):
        if b.kind not in _NOT_BODY:
            tail.append(b)
            if len(tail) == n:
                break
    tail.reverse()
    return head, tail


# Roles (decided by the HTML reader) whose pictures owe captions and credits.
OWING_ROLES = frozenset({"editorial", "gallery"})


def is_decorative(img: Image, book: PhraseBook) -> bool:
    if img.in_text_only:
        return False
    if img.role is not None:
        # The reader decided from the page; a file that turns out to be an
        # icon (≤ 48 px) is still no editorial picture.
        p = img.provenance
        if img.role not in OWING_ROLES:
            return True
        return bool(p is not None and p.width and p.height and img.width is None
                    and (p.width <= 48 and p.height <= 48 or min(p.width, p.height) <= 4))
    has_caption = bool((img.caption or "").strip() or (img.credit or "").strip())
    if img.teaser and not has_caption:
        return True
    if img.alt is not None and img.alt.strip() == "" and not has_caption:
        return True
    w, h = img.width, img.height
    if (w is None or h is None) and img.provenance is not None:
        w = w if w is not None else img.provenance.width
        h = h if h is not None else img.provenance.height
    if w is not None and h is not None and (w <= 48 and h <= 48 or min(w, h) <= 4):
        return True       # icons, tracking pixels, separator rules
    hay = (img.classes + " " + (img.src or "").rsplit("?", 1)[0]).lower()
    # the packs' `picture_roles` marks: `logo_marks` (icon, logo) make any
    # picture decorative, `decorative_marks` (avatar, spacer, tracking ...)
    # one without a caption; anywhere in its classes or file path
    if any(m in hay for m in book.vocabulary("picture_roles", "logo_marks")):
        return True
    if not has_caption and (re.search(r"/ads?/|\.svg$", hay)
                            or any(m in hay for m in book.vocabulary("picture_roles", "decorative_marks"))):
        return True
    return False


def image_facts(book: PhraseBook, img: Image) -> ImageFacts:
    caption, credit = (img.caption or "").strip(), (img.credit or "").strip()
    decorative = is_decorative(img, book)
    if decorative:
        labels = Labels()        # decorative images owe no label: don't read their captions
    else:
        # a credit element inside the figcaption is already part of the caption text
        labels = analyse(book, caption if credit and credit in caption
                         else " ".join(x for x in (caption, credit) if x))
        if credit and not labels.credit and not (img.role is not None and credit == caption):
            # (On a page whose pictures the reader placed, a credit element
            # that holds the whole caption, `<small>caption</small>`, is
            # no credit unless shaped like one.)
            labels.credit = credit
    f = ImageFacts(image=img, labels=labels, decorative=decorative, ai=None,
                   needs_review=not decorative and not img.certain)
    p = img.provenance
    md = img.metadata or {}
    if p is not None:
        f.c2pa_ai = sourcetypes.verdict(p.c2pa_source_types) if p.c2pa_source_types else None
        f.xmp_ai = sourcetypes.is_ai(p.xmp_source_type) if p.xmp_source_type else None
    ld_ai = sourcetypes.is_ai(md.get("digitalSourceType")) if md.get("digitalSourceType") else None
    said, origin = sourcetypes.decide([(f.c2pa_ai, "its C2PA manifest"), (f.xmp_ai, "its IPTC/XMP metadata"),
                                       (ld_ai, "JSON-LD digitalSourceType")])
    # an unreadable manifest may say AI: the image is then never taken for human-made
    if said is True or said is False and not (p is not None and p.unreadable_manifest):
        f.ai, f.ai_origin = said, origin
        f.file_ai = said is True and origin != "JSON-LD digitalSourceType"
    if p is not None and (p.date_created or p.c2pa_date):
        f.created = iso_date(p.date_created) or iso_date(p.c2pa_date)
        f.created_origin = p.date_origin or ("C2PA manifest EXIF" if p.c2pa_date else "image metadata")
    elif md.get("dateCreated"):
        f.created, f.created_origin = iso_date(md.get("dateCreated")), "JSON-LD dateCreated"
    if p is not None and (p.credit or p.creator):
        f.metadata_credit = (p.credit or p.creator or "", "IPTC/XMP")
    elif p is not None and p.c2pa_author:
        f.metadata_credit = (p.c2pa_author, "C2PA manifest author")
    else:
        for key in ("creditText", "copyrightHolder", "creator", "copyrightNotice"):
            v = md.get(key)
            if isinstance(v, dict):
                v = v.get("name")
            if isinstance(v, list) and v:
                v = v[0].get("name") if isinstance(v[0], dict) else v[0]
            if v:
                f.metadata_credit = (str(v), f"JSON-LD {key}")
                break
    if f.metadata_credit is None and img.attribute_credit:
        credit, where = img.attribute_credit
        f.metadata_credit = (credit, f"its {where}")
    return f


def collective_credit(book: PhraseBook, article: Article) -> str | None:
    """A visible collective credit line ("Fotos: dpa (3), privat (1)")."""
    # A picture's own caption ("Foto: Name" under one figure) never credits
    # the other pictures: only blocks outside captions are collective credits.
    own = {img.caption for img in article.images if img.caption}
    # Block by block, in text order (a phrase running over the end of a block
    # never gave a credit line: nothing of its block follows it); when every
    # phrase of the kind ends in a mark (`Fotos:`), only blocks with one.
    marks = book.trail_marks("collective_credit")
    for block in article.blocks:
        text = block.text
        if block.kind == "caption" or text in own:
            continue
        searched = text
        if marks is not None:
            # Every match ends at a mark, so none runs past the last one: the
            # text after it is not folded and split at all (about half of
            # what was, #16). Marks fold to a space, so the cut splits no word.
            cut = text.rfind(marks) if len(marks) == 1 else max(text.rfind(m) for m in marks)
            if cut < 0:
                continue
            searched = text[:cut + 1]
            if not book.may_match_before_mark("collective_credit", searched):
                continue
        for hit in book.find("collective_credit", searched):
            rest = rest_words(text, hit.end, " :")
            # "Fotos: así se preparan las elefantas …" (a gallery teaser's headline) describes, it credits no one
            if rest and not is_description(book, rest):
                return text[hit.start:].strip()
    return None


def derive(book: PhraseBook, article: Article) -> Facts:
    f = Facts()
    ai, origin = _declared(article, "ai")
    if ai is not None:
        f.ai, f.ai_origin = str(ai).lower(), origin
    dst, dst_origin = _declared(article, "digital_source_type")
    if dst is not None:
        v = sourcetypes.is_ai(dst)
        if f.ai is None and v is True:
            f.ai, f.ai_origin = "generated", f"{dst_origin} digitalSourceType {sourcetypes.name(dst)}"
        if v is False:
            f.human_signal = f"{dst_origin} digitalSourceType {sourcetypes.name(dst)}"
    if f.ai in ("none", "human", "false", "no"):
        f.ai = "none"
        f.human_signal = f"declared ai=none ({f.ai_origin})"
    rv, _ = _declared(article, "reviewed")
    f.reviewed = _bool(rv) if rv is not None else False
    f._finders["notice"] = lambda: find_notice(book, article)

    # dates
    pub, porigin = _declared(article, "published")
    if pub is not None and iso_date(pub):
        f.published, f.published_origin = iso_date(pub), porigin
    elif article.published and iso_date(article.published):
        f.published, f.published_origin = iso_date(article.published), "article metadata"

    # aggregation (docs/design.md#aggregated-copies)
    f.own = domain(article.own_url)
    src, _ = _declared(article, "source")
    if src:
        f.originals.append(str(src))
    agg, agg_origin = _declared(article, "aggregated")
    if article.source_line is not None:
        outlet = article.source_line.outlet.strip()
        f.outlet = outlet
        od = domain(outlet) if _DOMAIN.match(outlet.lower().removeprefix("www.")) else None
        if not (od and same_site(od, f.own)):
            f.aggregated, f.aggregated_origin = True, f"source line '{outlet} {article.source_line.time}'"
            if od:
                f.original_domains.add(od)
    for u in article.based_on:
        d = domain(u)
        if d and not same_site(d, f.own):
            f.originals.append(u)
            if not f.aggregated:
                f.aggregated, f.aggregated_origin = True, f"isBasedOn {u}"
    cd = domain(article.canonical)
    if cd and f.own and article.canonical and not same_site(cd, f.own):
        f.originals.append(article.canonical)
        if not f.aggregated:
            f.aggregated, f.aggregated_origin = True, f"canonical {article.canonical}"
    if agg is not None:
        if _bool(agg):
            f.aggregated = True
            f.aggregated_origin = f"declared aggregated=true ({agg_origin})"
        else:
            f.aggregated = False
    for u in f.originals:
        d = domain(u)
        if d:
            f.original_domains.add(d)
    f.wire = wire_copy(book, article)
    f._finders["collective_credit"] = lambda: collective_credit(book, article)
    f.images = [image_facts(book, img) for img in article.images]
    return f


def link_reaches_original(href: str | None, facts: Facts) -> bool:
    """A link target that is the original article (docs/design.md#source-links)."""
    if not href:
        return False
    h = href.strip()
    if h.startswith("#") or h.lower().startswith(("javascript:", "mailto:", "tel:")):
        return False
    candidates = [h]
    dec = unquote(unquote(h))
    # a same-site redirector counts when its URL carries the original URL
    candidates += [u.group(0) for m in re.finditer(r"https?://", dec) if m.start() > 0
                   for u in [re.match(r"[^\s&\"'<>]+", dec[m.start():])] if u]
    for c in candidates:
        if "://" not in c and not c.startswith("//"):
            continue
        d = domain(c)
        path = urlsplit(c if "://" in c else "https:" + c).path
        if not d or not path.strip("/"):
            continue
        if facts.own and same_site(d, facts.own):
            continue
        if facts.original_domains:
            if any(same_site(d, od) for od in facts.original_domains):
                return True
        else:
            return True
    return False
