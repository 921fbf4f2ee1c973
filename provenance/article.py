"""The article model: what every reader produces and every rule sees.

Plain dataclasses, no behaviour beyond small conveniences. Readers fill an
`Article`; the image stage attaches `ImageProvenance`; the engine reads it.
Nothing here knows about file formats or rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


# Article.format of a media file checked on its own (no text, one medium).
STANDALONE_MEDIA = frozenset({"image", "video", "audio", "document"})


@dataclass
class Location:
    """Where something is. Text/Markdown: line+column (1-based). HTML: line +
    CSS path in `selector`. ninjs: JSON pointer; NewsML-G2: XPath-ish path.
    `image` names the image (its src) a finding is about."""

    line: int | None = None
    column: int | None = None
    selector: str | None = None
    image: str | None = None

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column,
                "selector": self.selector, "image": self.image}


@dataclass
class Block:
    """A visible run of text in reading order.

    kind: paragraph | heading | quote | list | caption | byline | dateline.
    Only visible text becomes a Block (hidden elements, comments, attributes,
    meta tags never do)."""

    text: str
    location: Location
    kind: str = "paragraph"


@dataclass
class Link:
    """A visible link. href None = plain text (target unknown)."""

    text: str
    href: str | None
    location: Location
    rel: str = ""


@dataclass
class SourceLine:
    """`<outlet> <time>` line of an aggregator (plain text), e.g.
    `upday.com 1 godzina temu`."""

    outlet: str
    time: str
    location: Location


@dataclass
class ImageProvenance:
    """What a media file says about itself (C2PA + IPTC/XMP/IIM + EXIF) —
    an image, or a video, audio clip or document an article carries.

    Filled by `provenance.images`; all fields optional."""

    format: str | None = None            # JPEG, PNG, WEBP, MP4, WAV, PDF ...
    mime: str | None = None              # sniffed from the content
    width: int | None = None
    height: int | None = None
    error: str | None = None             # the file could not be decoded at all
    partial: str | None = None           # decodes only partially (truncated ...)
    # C2PA
    c2pa_present: bool = False
    c2pa_state: str | None = None        # Well-formed | Valid | Trusted | Invalid
    c2pa_failures: list[str] = field(default_factory=list)   # failure codes
    c2pa_untrusted: bool = False         # signingCredential.untrusted seen
    c2pa_remote: str | None = None       # remote manifest URL not fetched
    c2pa_error: str | None = None        # SDK error text (not a manifest state)
    c2pa_error_code: str | None = None   # the SDK's error kind (Other, Verify, ...) when a
                                         # manifest is there but cannot be validated
    c2pa_identity: dict | None = None    # CAWG identity assertions: {"status", "codes"}
    c2pa_source_types: list[str] = field(default_factory=list)  # active manifest actions
    c2pa_actions: list[dict] = field(default_factory=list)
    c2pa_ai_assertion: bool = False      # c2pa.ai-disclosure / similar
    c2pa_ingredient_source_types: list[str] = field(default_factory=list)
    c2pa_date: str | None = None         # EXIF DateTimeOriginal inside the manifest
    claim_generator: str | None = None
    c2pa_author: str | None = None       # schema.org CreativeWork author in the active manifest
    signer: str | None = None            # common name / organisation
    issuer: str | None = None
    # IPTC / XMP / IIM / EXIF
    xmp_source_type: str | None = None   # Iptc4xmpExt:DigitalSourceType
    ai_system: str | None = None
    ai_system_version: str | None = None
    ai_prompt: str | None = None
    credit: str | None = None            # photoshop:Credit or IIM 2:110
    creator: str | None = None           # dc:creator or IIM 2:80
    rights: str | None = None
    source: str | None = None
    headline: str | None = None
    description: str | None = None
    date_created: str | None = None      # ISO date (YYYY-MM-DD) of capture
    date_origin: str | None = None       # which field gave date_created

    @property
    def source_types(self) -> list[str]:
        out = list(self.c2pa_source_types)
        if self.xmp_source_type:
            out.append(self.xmp_source_type)
        return out

    @property
    def unreadable_manifest(self) -> bool:
        """A manifest store is there but the SDK could not read it (not a
        remote manifest that was merely not fetched): what it says is unknown."""
        return bool(self.c2pa_present and self.c2pa_state is None and self.c2pa_error and not self.c2pa_remote)


@dataclass
class Image:
    """An image the article shows (or, in plain text, a caption of one) — or
    another medium it carries (`medium`: video, audio, document). Credits
    and archive labels are owed by images only; AI labels by every medium."""

    src: str                              # as written in the article ("" for text captions)
    location: Location
    caption: str = ""                     # visible caption text
    credit: str = ""                      # visible credit text (credit element, structured credit)
    alt: str | None = None
    title: str | None = None
    width: int | None = None              # rendered size (attributes, CSS, rendition)
    height: int | None = None
    classes: str = ""
    file: str | None = None               # resolved local path, if any
    remote: bool = False                  # http(s) URL, not fetched
    metadata: dict[str, Any] = field(default_factory=dict)  # JSON-LD ImageObject etc.
    provenance: ImageProvenance | None = None
    in_text_only: bool = False            # plain text: a caption whose image the text does not contain
    teaser: bool = False                  # links to another page, no caption: navigation, not editorial
    medium: str = "image"                 # image | video | audio | document
    # What the picture is for on its page (HTML): editorial | gallery | interface | teaser |
    # video-poster | copy; None = not decided by the reader (the engine's own rules apply).
    role: str | None = None
    role_reason: str = ""                 # why, in words (`provenance inspect` shows it)
    certain: bool = True                  # False: maybe editorial; a missing credit needs review
    # text shown under the picture but aria-hidden (not a visible credit, docs/design.md#visible-text;
    # a credit shape there makes a missing credit need review, not an error)
    aria_hidden_text: str = ""
    # (credit, where) of a credit written only in the picture's `alt` or `title`
    # attribute: not visible, but it says the picture is a credited photograph
    attribute_credit: tuple[str, str] | None = None


@dataclass
class Declared:
    value: Any
    origin: str                           # "--declare", "front matter", "JSON-LD", "config ..." ...


_TRUE = frozenset({"true", "yes", "1", "on"})
_FALSE = frozenset({"false", "no", "0", "off"})


def declared_value(key: str, value: Any) -> Any:
    """A declared signal as the checks read it, wherever it was written
    (`--declare`, the config, front matter, a `provenance:` meta tag): the
    one parser of declared values. `ai` lower-case (YAML's `ai: no` is
    `none`), `reviewed`/`aggregated` true or false, `published` an ISO date."""
    if key == "published":
        from .dates import iso_date
        return iso_date(value) or str(value).strip()
    if key in ("reviewed", "aggregated"):
        if isinstance(value, bool):
            return value
        low = str(value).strip().lower()
        return True if low in _TRUE else False if low in _FALSE else value
    if key == "ai":
        return "none" if value is False else str(value).strip().lower()
    return value.strip() if isinstance(value, str) else value


@dataclass
class Problem:
    """Something a reader or the image stage could not read. `code` is the id
    of an `input` rule (e.g. input-unreadable, input-encoding)."""

    code: str
    severity: str
    message: str
    location: Location = field(default_factory=Location)


@dataclass
class Suppression:
    """An inline suppression (provenance.suppressions). `kind`: next (the next
    element or line: `selector` and/or lines `first`..`last`), range, file,
    or malformed (`problem` says why); start/end only while a reader pairs them."""
    rule: str
    reason: str | None
    location: Location
    kind: str = "file"
    first: int | None = None
    last: int | None = None
    selector: str | None = None
    problem: str | None = None


@dataclass
class Article:
    path: str                             # display path (feed items: feed.xml#item-3)
    format: str                           # text | html | markdown | ninjs | newsml | rss | atom | jsonfeed | image | video | audio | document
    headline: str | None = None
    language: str | None = None
    published: str | None = None          # ISO date from the article's metadata
    source_line: SourceLine | None = None
    blocks: list[Block] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    declared: dict[str, Declared] = field(default_factory=dict)
    own_url: str | None = None            # og:url, JSON-LD url/mainEntityOfPage
    canonical: str | None = None
    based_on: list[str] = field(default_factory=list)   # isBasedOn, original links in metadata
    byline: str | None = None
    section: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    file: str | None = None               # real file path on disk (for config lookup, image resolution)
    checked: bool = True                  # False: could not be checked at all (status error)

    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)
