"""What a reader of the page sees: element kinds, hidden and boilerplate
elements, and the class vocabulary (caption, credit, byline) read from
`class`/`id` attributes."""
from __future__ import annotations

import re

from ...memo import kept

_VERDICTS = 50_000        # class and style verdicts kept (see provenance.memo)

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
_HIDDEN_WORDS = (r"sr-only|sr-text|visually-?hidden|screen-?reader-(?:text|only)|screenreader-only"
                 r"|a11y-hidden|element-invisible|off-?screen|hidden|d-none|is-hidden|u-hidden|hide")
_HIDDEN_CLASS = re.compile(rf"(?:^|\s)(?:{_HIDDEN_WORDS})(?=$|\s)", re.I)
# `hidden md:block`, `d-none d-md-block`: hidden on small screens only.
_RESPONSIVE_SHOW = re.compile(r"(?:^|\s)(?:[a-z0-9]+:|d-[a-z]+-)(?:block|flex|inline|inline-block|grid|table)(?=$|\s)", re.I)

_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})

# Class/id attributes are read against the page vocabulary of the phrase
# packs (`picture_roles`, the class keys; see `ClassWords`). The bits:
_HIDDEN, _CHROME_BIT, _INNER_BIT, _CREDIT_BIT, _CREDIT_TOKEN_BIT, _BYLINE_BIT, _CAPTION_BIT = (
    1, 2, 4, 8, 16, 32, 64)

# The only characters outside ASCII that re.IGNORECASE matches with an ASCII
# letter (İ ı ſ K; all of Unicode checked in tests/test_reader_html.py): a
# class word holding one keeps ClassWords off its lower-cased ASCII path.
_ASCII_FOLDS = frozenset("\u0130\u0131\u017f\u212a")

# A word standing whole in a class attribute, between space, `_` and `-`.
_TOKEN = r"(?:^|[\s_-])(?:{})(?=$|[\s_-])"
_hidden_cache: dict[str, bool] = {}


def _hidden_class(value: str) -> bool:
    """A hidden utility class (`sr-only`, `d-none`, `hidden` without a
    responsive `md:block`): CSS conventions, no language (cached)."""
    found = _hidden_cache.get(value)
    if found is None:
        found = kept(_hidden_cache, value, bool(_HIDDEN_CLASS.search(value)) and not _RESPONSIVE_SHOW.search(value),
                     _VERDICTS)
    return found


def any_word(words) -> str:
    """A regex that finds whether any of the words is in a text (`search`),
    as a tree of their letters (`a(?:d|rrow)` for ad, ads, advert, arrow):
    the regex engine tries one branch per distinct first letter at each
    position instead of one per word (a flat alternation of ~140 words
    costs three times as much). A word that starts with another is left
    out: finding the shorter one says one of them is there. For a yes or
    no only, not for what matched."""
    tree: dict = {}
    for word in words:
        node = tree
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}

    def branches(node: dict) -> str:
        if "" in node:
            return ""
        alternatives = [re.escape(letter) + branches(node[letter]) for letter in sorted(node)]
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return branches(tree) if tree else "(?!)"


def _either(words) -> str:
    """An alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


class ClassWords:
    """What a class attribute says, in the page vocabulary of the phrase
    book the run hands the reader (`picture_roles` keys):

    - `chrome` (whole words): page chrome dropped everywhere (`nav`,
      `share`, `werbung`); `page_chrome`: dropped only outside the article
      (`footer`, `navigation`: the article's own footer holds notices);
    - `byline_class` (whole words): the article's byline (`author`, `autor`);
    - `credit_marks` (anywhere in the attribute): a credit element
      (`credit`, `photographer`, `bildnachweis`); `credit_token` (whole
      words): a credit inside a caption only (`foto`, `bild`);
    - `caption_marks` (anywhere): a caption element (`caption`, `legend`,
      `didascalia`), also `caption_token` (whole: `bu`) and a
      `caption_block_picture` word followed by a `caption_block_text` word
      (`img-desc`, `photo_info`);
    - `lightbox_marks` (anywhere in a link's attributes): the link around a
      picture opens the picture itself (`lightbox`, `zoom`, `lupe`).

    Class strings repeat all over a page: each is classified once."""

    KEYS = ("chrome", "page_chrome", "byline_class", "credit_marks", "credit_token", "caption_marks",
            "caption_token", "caption_block_picture", "caption_block_text", "lightbox_marks")

    def __init__(self, words: dict[str, frozenset[str]]):
        def token(*keys: str) -> str | None:
            found = frozenset().union(*(words.get(k, frozenset()) for k in keys))
            return _TOKEN.format(_either(found)) if found else None

        def anywhere(key: str) -> str | None:
            # the lookahead on the first letters makes a miss about twice as fast
            found = words.get(key)
            if not found:
                return None
            return "(?=[" + re.escape("".join(sorted({w[0] for w in found}))) + "])(?:" + _either(found) + ")"

        block = None
        if words.get("caption_block_picture") and words.get("caption_block_text"):
            block = (f"(?:{_either(words['caption_block_picture'])})[_-]?"
                     f"(?:{_either(words['caption_block_text'])})")
        caption = "|".join(p for p in (anywhere("caption_marks"), token("caption_token"), block) if p)
        patterns = ((token("chrome", "page_chrome"), _CHROME_BIT), (token("chrome"), _INNER_BIT),
                    (anywhere("credit_marks"), _CREDIT_BIT), (token("credit_token"), _CREDIT_TOKEN_BIT),
                    (token("byline_class"), _BYLINE_BIT), (caption or None, _CAPTION_BIT))
        self.bits = tuple((re.compile(p, re.I), bit) for p, bit in patterns if p)
        self.cache: dict[str, int] = {}

        # Class strings are mostly unique to a page (8,700 distinct in 233
        # pages), so most are classified, not found in the cache. An ASCII
        # one (nearly all) is lower-cased and read with case-sensitive
        # copies of the patterns (twice as fast as re.I), after two
        # searches that tell whether any pattern can match at all: five in
        # six match none. Exact when no word holds a character that re.I
        # equates with an ASCII letter (_ASCII_FOLDS); else re.I throughout.
        self._ascii: tuple | None = None
        if not any(_ASCII_FOLDS.intersection(w) for key in self.KEYS for w in words.get(key, ())):
            # Chrome-and-page-chrome words hold the chrome words: the inner
            # pattern can only match where the first one did.
            self._ascii = tuple((re.compile(p.lower()), bit, _CHROME_BIT if bit == _INNER_BIT else 0)
                                for p, bit in patterns if p)
            lower = {key: {w.lower() for w in words.get(key, ())} for key in self.KEYS}
            # Any whole word (searched in " " + value: a leading separator
            # stands for the start; also the hidden utility classes) ...
            whole = set().union(*(lower[k] for k in ("chrome", "page_chrome", "credit_token",
                                                     "byline_class", "caption_token")))
            self._any_whole = re.compile(rf"[\s_-](?:{_either(whole) + '|' if whole else ''}{_HIDDEN_WORDS})"
                                         r"(?=$|[\s_-])")
            # ... or a word anywhere, or a picture word + text word: one
            # trie of them (the search skips ahead to their first letters
            # in C, then follows one branch; a flat alternation of ~140
            # words tried each in turn costs three times as much).
            inside = lower["credit_marks"] | lower["caption_marks"] | {
                pic + sep + text for pic in lower["caption_block_picture"] for sep in ("", "_", "-")
                for text in lower["caption_block_text"]}
            self._any_inside = re.compile(any_word(inside)) if inside else None
        lightbox = anywhere("lightbox_marks")
        self._lightbox = re.compile(lightbox, re.I) if lightbox else None

    def opens_picture(self, marks: str) -> bool:
        """Attributes of a link around a picture (`class="lightbox"`,
        `data-fancybox`) that say it opens the picture itself, not another
        page (`lightbox_marks`, anywhere in them)."""
        return bool(self._lightbox and self._lightbox.search(marks))

    def flags(self, value: str) -> int:
        flags = self.cache.get(value)
        if flags is None:
            if self._ascii is not None and value.isascii():
                low = value.lower()
                flags = 0
                if self._any_whole.search(" " + low) or (self._any_inside and self._any_inside.search(low)):
                    flags = _HIDDEN if _hidden_class(value) else 0
                    for rx, bit, needs in self._ascii:
                        if not needs & ~flags and rx.search(low):
                            flags |= bit
            else:
                flags = _HIDDEN if _hidden_class(value) else 0
                for rx, bit in self.bits:
                    if rx.search(value):
                        flags |= bit
            kept(self.cache, value, flags, _VERDICTS)
        return flags


_CLASS_WORDS: dict[int, tuple[object, ClassWords]] = {}


def class_words(book) -> ClassWords:
    """The `ClassWords` of a phrase book (built once per book)."""
    known = _CLASS_WORDS.get(id(book))
    if known is None or known[0] is not book:
        words = {key: book.vocabulary("picture_roles", key) for key in ClassWords.KEYS}
        known = _CLASS_WORDS[id(book)] = (book, ClassWords(words))
    return known[1]


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
        kept(_style_cache, value, hidden, _VERDICTS)
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
    return bool(cls and _hidden_class(cls))


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
