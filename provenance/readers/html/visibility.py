"""What a reader of the page sees: element kinds, hidden and boilerplate
elements, and the class vocabulary (caption, credit, byline) read from
`class`/`id` attributes."""
from __future__ import annotations

import re

_SKIP = frozenset({
    "script", "style", "template", "noscript", "head", "title", "meta", "link",
    "base", "svg", "iframe", "object", "canvas", "audio", "video",
    "select", "datalist", "textarea", "input", "map", "area",
    "param", "frame", "frameset", "noembed", "noframes",
})
_BLOCK = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
    "dd", "dt", "blockquote", "figure", "figcaption", "table", "thead",
    "tbody", "tfoot", "tr", "td", "th", "caption", "section", "article",
    "main", "header", "footer", "aside", "nav", "address", "pre", "hr",
    "details", "summary", "form", "fieldset", "legend", "center", "dialog",
    "hgroup", "menu", "body", "html", "option", "picture",
})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Block elements that need nothing but block boundaries and a block kind.
_PLAIN_BLOCK = _BLOCK - {"figure", "figcaption", "blockquote", "details", "dialog"}
# Inline elements that need nothing but their text (fast path of the walk).
_PLAIN_INLINE = frozenset({"span", "strong", "b", "em", "i", "u", "s", "sup", "sub", "mark",
                           "abbr", "code", "font", "del", "ins", "q", "label", "kbd", "var",
                           "dfn", "bdi", "bdo", "data", "wbr", "nobr", "tt", "big",
                           # Void in HTML5 but not to libxml2, which makes the
                           # content after them their children: walk through.
                           "source", "embed", "track", "keygen"})
# Elements with a role beyond plain text: always take the full path.
_SPECIAL = frozenset({"figure", "figcaption", "a", "blockquote", "time", "details", "small", "cite"})
_WATCHED_ATTRS = frozenset({"class", "id", "hidden", "aria-hidden", "style", "role", "open"})
_IMAGE_TAGS = frozenset({"img", "amp-img"})

# Not rendered on screen: display:none, visibility:hidden, opacity:0, and the
# inline "screen-reader only" tricks (clip to nothing, 1px boxes, off-screen).
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$|!)"
    r"|clip\s*:\s*rect\(\s*0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?\s*\)"
    r"|clip-path\s*:\s*inset\(\s*50%|(?:left|top|text-indent)\s*:\s*-\d{4,}(?:px|em)?", re.I)
# A 1px box with overflow hidden (the inline "sr-only" trick), found in two
# linear searches: one regex with a lazy gap between the two would rescan
# the rest of a long style attribute for every `width:1px`.
_TINY_BOX = re.compile(r"(?<![-\w])(?:width|height)\s*:\s*[01]px\s*;", re.I)
_OVERFLOW_HIDDEN = re.compile(r"overflow\s*:\s*hidden", re.I)
_HIDDEN_CLASS = re.compile(
    r"(?:^|\s)(?:sr-only|sr-text|visually-?hidden|screen-?reader-(?:text|only)|screenreader-only"
    r"|a11y-hidden|element-invisible|off-?screen|hidden|d-none|is-hidden|u-hidden|hide)(?=$|\s)", re.I)
# `hidden md:block`, `d-none d-md-block`: hidden on small screens only.
_RESPONSIVE_SHOW = re.compile(r"(?:^|\s)(?:[a-z0-9]+:|d-[a-z]+-)(?:block|flex|inline|inline-block|grid|table)(?=$|\s)", re.I)

_CHROME_WORDS = (r"nav|navbar|navigation|menu|footer|sidebar|related|teasers?|ads?|advert|adverts"
                 r"|advertisement|anzeige|werbung|cookies?|consent|newsletter|share|sharing"
                 r"|social|comments?|kommentare|promo|breadcrumbs?|outbrain|taboola|paywall-teaser"
                 r"|recommend|recommended|recommendations?|more-from|most-read|mostread|most-popular"
                 r"|mostpopular|trending")
# Inside <article>/<main>: drop what is never article content. Footers and
# headers of the article itself stay (they hold notices and credits).
_INNER_WORDS = (r"nav|navbar|menu|sidebar|related|teasers?|ads?|advert|adverts|advertisement"
                r"|anzeige|werbung|cookies?|consent|newsletter|share|sharing|social|comments?"
                r"|kommentare|promo|breadcrumbs?|outbrain|taboola|recommend|recommended|recommendations?"
                r"|more-from|most-read|mostread|most-popular|mostpopular|trending")
_TOKEN = r"(?:^|[\s_-])(?:{})(?=$|[\s_-])"
_CHROME = re.compile(_TOKEN.format(_CHROME_WORDS), re.I)
_INNER_CHROME = re.compile(_TOKEN.format(_INNER_WORDS), re.I)
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})

_CREDIT_CLASS = re.compile(
    r"credit|copyright|byline|source|photographer|author|autor|auteur|fotograf|bildnachweis"
    r"|nachweis|quelle|fuente|rights", re.I)
# Bare "foto"/"photo" classes name a credit only inside a caption (outside,
# they are usually the picture wrapper).
_CREDIT_TOKEN = re.compile(r"(?:^|[\s_-])(?:foto|photo|bild|fot)(?=$|[\s_-])", re.I)
_CAPTION_CLASS = re.compile(r"caption|credit|copyright|legend|bildunterschrift|didascalia|podpis"
                            r"|leyenda|(?:^|[\s_-])bu(?=$|[\s_-])|caphover|captext"
                            # `img-desc`, `photo_info`, `image-text`: the text block under a picture
                            r"|(?:img|image|photo|foto|pic|picture|media)[_-]?(?:desc|description|info|text|opis)",
                            re.I)
_BYLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:by-?line|author|authors|autor|autoren|auteur|autore)(?=$|[\s_-])", re.I)

# Class attributes repeat all over a page (and across pages of one site):
# classify each distinct string once instead of running the regexes per element.
_HIDDEN, _CHROME_BIT, _INNER_BIT, _CREDIT_BIT, _CREDIT_TOKEN_BIT, _BYLINE_BIT, _CAPTION_BIT = (
    1, 2, 4, 8, 16, 32, 64)
_flag_cache: dict[str, int] = {}


_CLASS_BITS = ((_CHROME, _CHROME_BIT), (_INNER_CHROME, _INNER_BIT), (_CREDIT_CLASS, _CREDIT_BIT),
               (_CREDIT_TOKEN, _CREDIT_TOKEN_BIT), (_BYLINE_CLASS, _BYLINE_BIT),
               (_CAPTION_CLASS, _CAPTION_BIT))


def _class_flags(value: str) -> int:
    flags = _flag_cache.get(value)
    if flags is None:
        flags = 0
        if _HIDDEN_CLASS.search(value) and not _RESPONSIVE_SHOW.search(value):
            flags |= _HIDDEN
        for rx, bit in _CLASS_BITS:
            if rx.search(value):
                flags |= bit
        if len(_flag_cache) > 50000:
            _flag_cache.clear()
        _flag_cache[value] = flags
    return flags


_style_cache: dict[str, bool] = {}


def _hidden_style(value: str) -> bool:
    """Inline `display:none`, `visibility:hidden`, `opacity:0`, off-screen or
    clipped to nothing (style strings repeat: cached)."""
    hidden = _style_cache.get(value)
    if hidden is None:
        hidden = bool(_HIDDEN_STYLE.search(value))
        if not hidden:
            tiny = _TINY_BOX.search(value)
            hidden = bool(tiny and _OVERFLOW_HIDDEN.search(value, tiny.end()))
        _style_cache[value] = hidden
        if len(_style_cache) > 50000:
            _style_cache.clear()
    return hidden


_SWALLOWING_VOIDS = frozenset({"source", "embed", "track", "keygen", "wbr"})
_BLOCK_STOP = frozenset({"figure", "article", "main", "section", "body", "li", "td", "blockquote"})
_DROP_TAGS = {"article": frozenset({"nav"}), "main": frozenset({"nav", "aside"}),
              "body": frozenset({"nav", "aside", "footer"}), "fragment": frozenset()}


def hidden(el) -> bool:
    """Is this element itself not rendered (hidden, aria-hidden, inline
    style, hidden utility class)?"""
    get = el.get
    if get("hidden") is not None or (get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = get("style")
    if style and _hidden_style(style):
        return True
    cls = get("class")
    return bool(cls and _class_flags(cls) & _HIDDEN)


def visible_text(el, limit: int = 2000) -> str:
    """The rendered text under `el` (whitespace-normalised), cut off after
    about `limit` characters: for the small blocks around a picture."""
    parts: list[str] = []
    size = 0

    def walk(node) -> None:
        nonlocal size
        if node.text:
            parts.append(node.text)
            size += len(node.text)
        for child in node:
            if size > limit:
                return
            tag = child.tag
            if tag.__class__ is str and tag not in _SKIP and not hidden(child):
                if tag == "br":
                    parts.append(" ")
                elif tag in _BLOCK:
                    parts.append(" ")
                    walk(child)
                    parts.append(" ")
                else:
                    walk(child)
            if child.tail:
                parts.append(child.tail)
                size += len(child.tail)

    if not hidden(el):
        walk(el)
    return " ".join("".join(parts).split())
