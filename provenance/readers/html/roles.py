"""Picture roles and where their credits sit (docs/design.md: "Image roles",
"Where a credit sits", "Certain or needs review").

Every picture the walk found gets a role, decided from the page as a reader
sees it, and a reason `provenance inspect` shows:

* `interface` — placeholders (`src="#"`, `about:blank`, a `data:` stand-in),
  icons and tracking pixels (≤ 48×48 px), buttons, pictures inside a
  heading, interface words in the file name or class (`icon`, `logo`,
  `btn`, `avatar`, `person` ...), `alt=""` with no caption, no editorial
  size and no caption line after it (`图为…`);
* `teaser` — inside a link or card leading to another article, or inside a
  block whose class names related/most-read/teaser lists;
* `video-poster` — inside a video player;
* `copy` — a second copy of a picture already seen (responsive variants,
  lightbox and modal copies);
* `gallery` — a slide of a gallery: credited by its slide caption or by
  one credit for the gallery; without either it needs review (a "gallery"
  of one picture that links nowhere else is a lightbox wrapper: editorial);
* `editorial` — the rest: the pictures of the story. Only editorial and
  gallery pictures owe a credit.

An editorial picture is *certain* when it is captioned, has lead size
(≥ 600 px wide or ≥ 400 px high; without width/height, the size its URLs
state: `-1170x480.jpg`, `/fit-in/960x540/`, its `<picture>` sources), has
alt text and is larger than an icon, has editorial size (≥ 300 × 200 px)
and no `alt` at all, is the one picture of its own `<figure>` with no `alt`
at all, or is the page's declared image (`og:image`, JSON-LD, in any
rendition); a credit written only in its `alt`/`title` makes any owing
picture certain (and is reported as a credit shown only in metadata).
Otherwise a missing credit is only "needs review". Pictures of the lead
block placed just before the article region (`region.lead_before`) are
not made teasers or interface by their wrappers' class words.

Where a credit may sit: inside the picture's *media block* — the largest
ancestor inside the article that holds this picture and no other picture
of the story, and not more than a caption's worth of text — or in the
element right before or after that block, when it is a caption/credit
element (`figcaption`, `dd`, a caption/credit class of the packs'
`picture_roles`) or a short line shaped like a credit. A block holding the
headline (`h1`/`h2`) is neither part of a media block nor a caption.

The vocabulary (class/id and file-name words) is the `picture_roles` kind
of the phrase packs.
"""
from __future__ import annotations

import os
import re

from lxml import etree

from ...memo import kept
from .parse import _text_length
from .visibility import any_word, visible_text

OWING = frozenset({"editorial", "gallery"})
EDITORIAL_WIDTH, EDITORIAL_HEIGHT = 300, 200
MEDIA_TEXT = 600          # a media block holds at most a caption's worth of text
NEIGHBOUR_TEXT = 300      # a caption/credit line before or after it, at most
DECORATION = 'alt="" with no caption and no editorial size'

_WORD = re.compile(r"[a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_STOP = frozenset({"body", "html", "article", "main"})
_GENERIC_NAME = re.compile(r"^\d{2,4}[_x-]\d{2,4}\.\w+$")   # `500_333.jpeg`: a size, not a name
_SIZE_SUFFIX = re.compile(r"[-_]\d{2,4}x\d{2,4}(?=\.\w+$)|[-_](?:small|medium|large|thumb|xl|lg|md|sm)(?=\.\w+$)")


class Vocabulary:
    """The `picture_roles` words of a phrase book, matched against class/id
    values and file names: a whole word (`btn` in `btn_close.gif`), or for
    words of five letters or more also inside a word (`caption` in
    `Img__PicImgCaption`) or at its start for role words (`video` in
    `videoplayer`). Interface words match whole only (`search.png`, not
    `research.jpg`)."""

    KEYS = ("interface", "teaser", "video", "gallery", "copy", "caption", "credit", "dateline")

    def __init__(self, book):
        self.words = {key: book.vocabulary("picture_roles", key) for key in self.KEYS}
        self.caption_labels = tuple(sorted(book.vocabulary("picture_roles", "caption_label")))
        self._cache: dict = {}
        self._token_cache: dict[str, tuple[list[str], list[str]]] = {}
        self._block_cache: dict[str, tuple] = {}
        # Words of five letters or more, longest first (a fixed order, so a
        # reason names the same word in every run): one regex finds caption
        # and credit words inside a word, one tuple tests a word's start for
        # the others, both in C.
        self._long: dict[str, tuple[str, ...]] = {}
        self._inside: dict[str, re.Pattern] = {}
        for key, words in self.words.items():
            long = tuple(sorted((w for w in words if len(w) >= 5), key=lambda w: (-len(w), w)))
            self._long[key] = long
            if key in ("caption", "credit"):
                self._inside[key] = re.compile("|".join(map(re.escape, long)) or "(?!)")
        # any word of a key, of any length, anywhere (`find`'s quick miss),
        # compiled when first asked for (compiling is the cost of a page)
        self._any: dict[str, re.Pattern] = {}
        # any word of the keys `block_words` asks, anywhere: one search rules
        # out most wrappers (five per key cost twice as much)
        self._any_block = re.compile(any_word(set().union(*(self.words[key] for key in _BLOCK_KEYS))))

    def _tokens(self, value: str) -> tuple[list[str], list[str]]:
        """The words of a class/id value or file name, split once per value
        (a page asks up to eight keys about the same value): camelCase and
        separators split (`parts`), and each class name without its
        separators (`joined`: "most-read", "see_also"); parts first, then
        joined first."""
        found = self._token_cache.get(value)
        if found is None:
            parts = _WORD.findall(_CAMEL.sub(" ", value).lower())
            joined = ["".join(_WORD.findall(name.lower())) for name in value.split()]
            found = kept(self._token_cache, value, (parts + joined, joined + parts))
        return found

    def find(self, key: str, value: str | None) -> str | None:
        if not value:
            return None
        hit = self._cache.get((key, value), False)
        if hit is not False:
            return hit
        hit = None
        # Every word a token can be, hold or start with is a substring of the
        # value's letters and digits run together: most values hold none of
        # the key's words, and one search in C says so without splitting them.
        quick = self._any.get(key)
        if quick is None:
            quick = self._any[key] = re.compile(any_word(self.words[key]))
        if quick.search(_squeezed(value)):
            hit = self._find(key, value)
        return kept(self._cache, (key, value), hit)

    def _find(self, key: str, value: str) -> str | None:
        words = self.words[key]
        whole_first, inside_first = self._tokens(value)
        for token in whole_first:
            if token in words:
                return token
        if key == "interface":
            return None
        # Caption/credit words anywhere in a word (`PicImgCaption`); role
        # words only at its start (`teaseimage`, `relatedlist`; not
        # `panoramateaser`, a lead picture's own box).
        if key in ("caption", "credit"):
            inside = self._inside[key]
            for token in inside_first:
                m = inside.search(token)
                if m:
                    return m.group()
            return None
        long = self._long[key]
        for token in inside_first:
            if token.startswith(long):
                return next(w for w in long if token.startswith(w))
        return None

    def block_words(self, marks: str) -> tuple:
        """(video, copy, teaser, interface, gallery) words in the class/id
        of a picture's wrapper: what `role_of` asks of every ancestor, one
        lookup per distinct value."""
        found = self._block_cache.get(marks)
        if found is None:
            # (`_find` finds nothing where no word of its key is in the value:
            # a value holding none of the five keys' words is settled at once)
            found = kept(self._block_cache, marks, (
                tuple(self._find(key, marks) for key in _BLOCK_KEYS) if self._any_block.search(_squeezed(marks))
                else _NO_BLOCK_WORDS))
        return found


def _squeezed(value: str) -> str:
    """A class/id value's letters and digits run together, lower-cased:
    every word a token of it can be, hold or start with is a substring."""
    return "".join(_WORD.findall(value.lower()))


_BLOCK_KEYS = ("video", "copy", "teaser", "interface", "gallery")     # `block_words`, in this order
_NO_BLOCK_WORDS = (None,) * len(_BLOCK_KEYS)


_vocabularies: dict = {}


def vocabulary(book) -> Vocabulary:
    vocab = _vocabularies.get(id(book))
    if vocab is None:
        vocab = _vocabularies[id(book)] = Vocabulary(book)
    return vocab


def _marks(el) -> str:
    """The element's class and id, space-separated (asked of every ancestor
    of every picture: no generator)."""
    cls, ident = el.get("class"), el.get("id")
    if cls and ident:
        return f"{cls} {ident}"
    return cls or ident or ""


def _file_words(src: str) -> str:
    path = src.split("?", 1)[0].split("#", 1)[0]
    bits = path.rstrip("/").split("/")
    return " ".join(bits[-2:]) if len(bits) > 1 else path


def _key(src: str) -> str:
    """A picture's identity across its copies: file name without query,
    scheme, host or size suffix (`photo-300x200.jpg` = `photo.jpg`). A file
    name that is only a size (blogs.es `…/dacia-sandero/500_333.jpeg`,
    `…/tesla-model-y/450_1000.jpeg`) names a rendition: the folder above it
    names the picture."""
    bits = src.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 2)
    name = bits[-1].lower()
    if len(bits) > 1 and _GENERIC_NAME.match(name):
        return bits[-2].lower() + "/"
    return _SIZE_SUFFIX.sub("", name)


def _shown_size(image, urls=None) -> tuple[int, int]:
    """Width and height from the attributes/CSS, else as the renditions' URLs state them."""
    w, h = image.width or 0, image.height or 0
    return (w, h) if w or h else _rendition_size(image, urls)


def _editorial_size(image, urls=None) -> bool:
    w, h = _shown_size(image, urls)
    return w >= EDITORIAL_WIDTH or h >= EDITORIAL_HEIGHT


def _placeholder_src(src: str) -> bool:
    low = src.strip().lower()
    return not low or low in ("#", "/") or low.startswith(("about:", "data:", "javascript:"))


def role_of(image, el, scope, vocab: Vocabulary, seen: dict, urls=None, galleries=None,
            lead: bool = False, wrappers: dict | None = None) -> tuple[str, str]:
    """(role, reason) of one picture, from the picture and the elements around it
    (`urls`: all its renditions, when it has several; `galleries`: filled with
    gallery element -> its slides; `lead`: the picture of the lead block placed
    before the article, whose position says it is the story's: the class
    words of its wrappers (`story-promo`, `content_banner`) do not make it a
    teaser or interface; `wrappers`: what each ancestor says, filled by
    `_wrapper`, shared by the pictures of one page)."""
    src = image.src or ""
    if _placeholder_src(src):
        return "interface", f"placeholder source {src[:30]!r}" if src else "no source"
    w, h = image.width, image.height
    if w is not None and h is not None and (w <= 48 and h <= 48 or min(w, h) <= 4):
        return "interface", f"{w}×{h} px"
    word = vocab.find("interface", _file_words(src)) or vocab.find("interface", _marks(el))
    if word:
        return "interface", f"interface word {word!r} in its file name or class"
    if image.medium != "image":
        # a video, audio clip or document the article carries is the story's
        # medium itself, not the poster or picture of a player around it
        return "editorial", f"a {image.medium} the article carries"
    if wrappers is None:
        wrappers = {}
    node, depth = el.getparent(), 1
    gallery = None
    while node is not None and node is not scope and depth <= 8:
        # (the pictures of a page share most of their ancestors: each one's
        # tag verdict and class/id words are read once)
        found = wrappers.get(node)
        if found is None:
            found = wrappers[node] = _wrapper(node, vocab)
        if found is _PLAIN:
            node, depth = node.getparent(), depth + 1
            continue            # (most wrappers: nothing to say)
        verdict, tag, marks, words = found
        if verdict is not None:
            if verdict is _BODY:
                break           # (an <article> that is not the scope is a card: look on)
            return verdict
        if words is not None:
            video, copy, teaser, interface, gallery_word = words
            if depth <= 5:
                if video:
                    return "video-poster", f"inside a video player ({video!r} in {marks[:40]!r})"
                if copy and tag != "a":
                    return "copy", f"lightbox/modal copy ({copy!r} in {marks[:40]!r})"
            if teaser and not lead:
                return "teaser", f"in a teaser list ({teaser!r} in {marks[:40]!r})"
            if depth <= 2 and not lead and interface:
                return "interface", f"interface block ({interface!r} in {marks[:40]!r})"
            if depth <= 5 and gallery is None and gallery_word:
                gallery = node
        node, depth = node.getparent(), depth + 1
    if image.teaser:
        return "teaser", "inside a link or card leading to another page"
    if gallery is not None:
        if galleries is not None:
            galleries.setdefault(gallery, []).append(image)
        return "gallery", f"a slide of the gallery {_marks(gallery)[:40]!r}"
    key = _key(src)
    first = seen.get(key)
    if first is not None:
        return "copy", f"second copy of {first}"
    seen[key] = f"'{src[:80]}'"
    captioned = bool((image.caption or "").strip() or (image.credit or "").strip())
    if src.lower().split("?", 1)[0].endswith(".svg") and not captioned:
        return "interface", "SVG graphic without caption"
    if image.alt is not None and not image.alt.strip() and not captioned and not _editorial_size(image, urls):
        return "interface", DECORATION
    return "editorial", ""


_BODY = ("body", "")       # `_wrapper`'s verdict: the walk up stops here
_PLAIN = (None, "", "", None)   # `_wrapper`: an ancestor whose tag and class/id say nothing


def _wrapper(node, vocab: Vocabulary) -> tuple:
    """What an ancestor of a picture says of it, whatever the picture:
    (verdict, tag, class/id, its `block_words`). The verdict is `_BODY`
    (look no further) or the (role, reason) its tag decides (a button, a
    heading, a player), else None; the words are None when its class/id
    holds no role word."""
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in ("body", "html"):
        return _BODY, tag, "", None
    if tag == "button":
        return ("interface", "inside a button"), tag, "", None
    if tag in _HEADINGS:
        return ("interface", f"part of a <{tag}> heading"), tag, "", None
    if tag in ("video", "audio"):
        return ("video-poster", f"inside <{tag}>"), tag, "", None
    marks = _marks(node)
    words = vocab.block_words(marks) if marks else None
    return (None, tag, marks, words) if words and any(words) else _PLAIN


def _counts(elements) -> dict:
    """How many of these pictures each ancestor holds."""
    counts: dict = {}
    for el in elements:
        for anc in el.iterancestors():
            counts[anc] = counts.get(anc, 0) + 1
    return counts


def media_block(el, counts: dict, stop) -> object:
    """The largest ancestor below `stop` holding this picture and no other
    picture of the story, with no more than a caption's worth of text."""
    block = el
    node = el.getparent()
    while node is not None and node is not stop and counts.get(node, 0) <= 1:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _STOP:
            break
        if _VISIBLE_BOUND(node) > MEDIA_TEXT and (
                _text_length(node) > 4 * MEDIA_TEXT or len(visible_text(node, MEDIA_TEXT)) > MEDIA_TEXT):
            break
        if tag in _HEADLINES or _holds_headline(node):
            break               # the article's header (headline, byline) around a lead picture
        block = node
        node = node.getparent()
    return block


# More than the length of a block's visible text, counted in C: its whole
# text normalised (hidden and script text only make the visible text
# shorter, as does a space XPath keeps and Python splits at), plus a space
# on each side of every element (`visible_text` puts at most one on each
# side of a block and one for a <br>). A block within it holds no more than
# a caption's worth of visible text without reading it in Python.
_VISIBLE_BOUND = etree.XPath("string-length(normalize-space()) + 2 * count(.//*)")


def caption_inside(block, picture, vocab: Vocabulary) -> list[str]:
    """The visible text of caption elements inside the media block (a
    figcaption, or a class of the packs' caption/credit words), not
    holding the picture itself."""
    parts: list[str] = []
    for node in block.iter():
        tag = node.tag
        if node is picture or tag.__class__ is not str or tag in ("img", "script", "style", "noscript"):
            continue
        marks = _marks(node) if tag != "figcaption" else ""
        if tag == "figcaption" or vocab.find("caption", marks) or vocab.find("credit", marks):
            if next(node.iter("img"), None) is None:
                text = visible_text(node, MEDIA_TEXT)
                if text and not any(text in p for p in parts):
                    parts.append(text)
    return parts


_HEADLINES = frozenset({"h1", "h2"})


def _holds_headline(el) -> bool:
    # (lxml's tag filter stops at the first one, in C; an XPath union
    # collects and sorts them all: 16 µs on a block of 900 elements, 0.6 here)
    return next(el.iterdescendants("h1", "h2"), None) is not None


def _element_sibling(el, forward: bool):
    sibling = el.getnext() if forward else el.getprevious()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getnext() if forward else sibling.getprevious()
    return sibling


def neighbour_credit(block, vocab: Vocabulary, book) -> tuple[str | None, bool]:
    """(text, is a caption element) of what credits the picture right
    after its media block (a caption element, then a credit line after it:
    `div.article__image-desc` + `div.article__image-author`) or right
    before it (a credit line printed above the picture)."""
    caption = None
    sibling = block
    for _ in range(2):
        sibling = _element_sibling(sibling, True)
        found = _caption_line(sibling, vocab, book)
        if found is None:
            break
        text, is_caption, credit = found
        if credit:
            return text, is_caption
        if not is_caption:
            break
        caption = caption or text
    if caption:
        return caption, True
    found = _caption_line(_element_sibling(block, False), vocab, book)
    if found is not None and found[2]:
        return found[0], found[1]
    return None, False


def _caption_line(sibling, vocab: Vocabulary, book):
    """(text, is a caption element, is shaped like a credit) of a short
    line beside a picture, or None."""
    if sibling is None or sibling.tag in ("script", "style", "noscript", "template"):
        return None
    if sibling.tag == "img" or next(sibling.iter("img"), None) is not None:
        return None
    if sibling.tag in _HEADLINES or _holds_headline(sibling):
        return None             # a headline (and the byline under it) is no caption
    text = visible_text(sibling, MEDIA_TEXT + 50)
    if not text or len(text) > MEDIA_TEXT:
        return None
    marks = _marks(sibling)
    if next(sibling.iter("time"), None) is not None or vocab.find("dateline", marks):
        return None             # the article's date/author line, not a picture's
    is_caption = bool(sibling.tag in ("figcaption", "dd")
                      or vocab.find("caption", marks) or vocab.find("credit", marks)
                      or text.startswith(vocab.caption_labels))
    if len(text) > NEIGHBOUR_TEXT and not is_caption:
        return None             # a paragraph of the story, not a caption line
    return text, is_caption, bool(book.credit_in(text))


def _links_away(el) -> bool:
    """Is the picture inside a link to another page (not to a picture file or `#`)?"""
    for anc in el.iterancestors("a"):
        href = (anc.get("href") or "").strip()
        return bool(href) and not href.startswith(("#", "javascript:")) and not _IMAGE_FILE.search(href)
    return False


_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|tiff?|heic|bmp)(?:$|[?#])", re.I)


def _captioned_by_layout(decorative: list, story: list, stop, vocab: Vocabulary, book) -> None:
    """`alt=""` pictures below editorial size are decoration unless the page
    captions them by layout: a caption element or a line opening with a
    caption label (`图为…`, "the picture shows") right after their media block
    (zh_youth: `<p><img alt=""></p><p>图为…</p>`). Captioned, they are the story's."""
    counts = _counts(story + [el for _image, el in decorative])
    for image, el in decorative:
        block = media_block(el, counts, stop)
        found, is_caption = neighbour_credit(block, vocab, book)
        if found and is_caption:
            image.role, image.role_reason = "editorial", ""
            if book.credit_in(found):
                image.credit = found
            else:
                image.caption = found


def assign(pictures: list, scope, page_images: set, book, video_stills: frozenset | set = frozenset(),
           image_urls: dict | None = None, lead=None) -> None:
    """Give every picture its role, look for its credit by layout and say
    whether a missing credit is certain or needs review (`video_stills`:
    file keys of the page's JSON-LD VideoObject thumbnails; `image_urls`:
    id(image) -> all its renditions, for pictures that have several; `lead`:
    the lead block placed before the article region, if any)."""
    if not pictures:
        return
    vocab = vocabulary(book)
    urls_of = image_urls or {}
    seen: dict = {}
    galleries: dict = {}
    in_lead = set(lead.iter("img")) if lead is not None else ()
    wrappers: dict = {}
    for image, el, _link in pictures:
        image.role, image.role_reason = role_of(image, el, scope, vocab, seen, urls_of.get(id(image)), galleries,
                                                el in in_lead, wrappers)
    elements = {id(image): el for image, el, _link in pictures}
    for slides in galleries.values():
        if len(slides) == 1 and not _links_away(elements[id(slides[0])]):
            # a "gallery" of one picture is a lightbox wrapper around the
            # story's picture (PhotoSwipe's `my-gallery`), not a slide show;
            # one that links to a gallery page elsewhere is its teaser
            slides[0].role = "editorial"
            slides[0].role_reason = ""
    stop = scope.getparent() if scope is not None else None
    decorative = [(image, el) for image, el, _link in pictures if image.role_reason == DECORATION]
    if decorative:
        _captioned_by_layout(decorative, [el for image, el, _link in pictures if image.role in OWING],
                             stop, vocab, book)
    counts = _counts([el for image, el, _link in pictures if image.role in OWING])
    for image, el, _link in pictures:
        if image.role not in OWING:
            continue
        own = " ".join(x for x in (image.caption, image.credit) if x)
        if not (own and book.credit_in(own)):
            block = media_block(el, counts, stop)
            # Text in the media block credits the picture when it is shaped
            # like a credit; the rest of it (dates, headlines, counters) is
            # no caption.
            text = visible_text(block, MEDIA_TEXT + 100) if block is not el else ""
            credit = book.credit_in(text) if text and text not in own else None
            if credit:
                image.credit = f"{image.credit} {text}".strip() if image.credit else text
            elif text:
                # caption and credit elements inside the block, each on its own
                # (a credit line after a long caption is no trailing segment of
                # the block's whole text)
                parts = caption_inside(block, el, vocab)
                shaped = next((p for p in parts if p not in own and book.credit_in(p)), None)
                if shaped:
                    credit = shaped
                    image.credit = f"{image.credit} {shaped}".strip() if image.credit else shaped
                elif parts and not image.caption:
                    image.caption = " ".join(parts)
            if not credit:
                found, is_caption = neighbour_credit(block, vocab, book)
                if found and found not in own:
                    if is_caption and not book.credit_in(found):
                        image.caption = f"{image.caption} {found}".strip() if image.caption else found
                    else:
                        image.credit = f"{image.credit} {found}".strip() if image.credit else found
        key = _key(image.src or "")
        declared = _declared(key, page_images)
        captioned = bool((image.caption or "").strip() or (image.credit or "").strip())
        shown = book.credit_in(" ".join(x for x in (image.caption, image.credit) if x))
        if not shown:
            image.attribute_credit = _attribute_credit(image, book)
        # A gallery slide's caption is often a date or a counter: only a
        # credit elsewhere settles it, a person decides the rest. A credit
        # written only in alt/title says the publisher credits the picture
        # as a photograph: it is editorial, whatever its size.
        sure = _sure_size(image, urls_of.get(id(image)))
        figure = not sure and image.alt is None and _own_figure(el)
        image.certain = bool(image.role == "editorial" and (captioned or sure or figure or declared)
                             or image.attribute_credit)
        hidden_credit = (image.role == "editorial" and image.aria_hidden_text and not shown
                         and book.credit_in(image.aria_hidden_text))
        still = image.role == "editorial" and image.certain and key in video_stills
        if hidden_credit:
            # shown on screen but aria-hidden: no visible credit by the
            # contract, yet not a certain miss either
            image.certain = False
            image.role_reason = f"credit {hidden_credit!r} is shown but aria-hidden: needs review"
        elif image.attribute_credit:
            credit, where = image.attribute_credit
            image.role_reason = f"credited only in its {where} ({credit[:60]!r}), not visibly"
        elif still and not shown:
            # the still of the page's video (JSON-LD VideoObject thumbnail)
            # may be a player's poster, not a photograph the story carries
            image.certain = False
            image.role_reason = "the page's video thumbnail (JSON-LD VideoObject): needs review"
        elif image.role == "editorial" and not image.certain:
            image.role_reason = "no caption, not at lead size: needs review"
        elif image.role == "editorial":
            image.role_reason = ("captioned" if captioned else
                                 "the picture of its own <figure>, no alt attribute" if figure else
                                 "{}×{} px".format(*(n or "?" for n in _shown_size(image, urls_of.get(id(image)))))
                                 if sure
                                 else "the page's declared image")


def _attribute_credit(image, book) -> tuple[str, str] | None:
    """A credit shape in the picture's `alt` or `title` text (`Firmenschild
    … | Bildquelle: dpa`), with where it was found."""
    for where, text in (("alt text", image.alt), ("title", image.title)):
        credit = book.credit_in(text) if text and text.strip() else None
        if credit:
            return _bare_credit(book, credit), where
    return None


def _bare_credit(book, credit: str) -> str:
    """The credit without its label or brackets (`Bildquelle: dpa` → `dpa`,
    `(Ellen M. Banner / The Seattle Times)` → the name): `--fix` prints it in
    the house format (`Foto: {credit}`)."""
    bare = credit.strip()
    if bare[:1] in "([" and bare[-1:] in ")]":
        bare = bare[1:-1].strip()
    for kind in ("credit_prefix", "photo_label", "neutral_label"):
        hit = next((h for h in book.find(kind, bare) if h.start == 0), None)
        if hit is not None and bare[hit.end:].strip(" :"):
            bare = bare[hit.end:].strip(" :")
            break
    return bare or credit


def _declared(key: str, page_images: set) -> bool:
    """The page's declared image, possibly in another rendition
    (`taube-100~_v-gseapremiumxl.jpg` and `taube-100~_v-fullhd.jpg`)."""
    if not key:
        return False
    if key in page_images:
        return True
    stem = key.rsplit(".", 1)[0]
    for other in page_images:
        shared = os.path.commonprefix([stem, other.rsplit(".", 1)[0]])
        common = len(shared)
        if common >= 20 and common * 10 >= 7 * min(len(stem), len(other)):
            return True
        # `1619015428104,imago1002167683h-100~_v-23x10@2dS_…` and `…~_v-16x9@2dL_…`:
        # one picture id (digits) up to the rendition marker
        if common >= 24 and shared.endswith(("~_v-", "_v-", "~", "@")) and sum(c.isdigit() for c in shared) >= 6:
            return True
    return False


_NAMED_SIZE = re.compile(r"[-_/](\d{2,4})x(\d{2,4})(?:[-_.][^/]*)?$")
# an image server's size segment: thumbor `/fit-in/960x540/`, Arc `/resizer/…=/1023x682/`
_PATH_SIZE = re.compile(r"/(\d{2,4})x(\d{1,4})/")


def _file_size(src: str) -> tuple[int, int]:
    """The rendition size a URL states: in its file name (`photo-200x200.jpg`)
    or as an image server's size segment (`/fit-in/960x540/…`), else 0×0."""
    path = src.split("?", 1)[0]
    match = _NAMED_SIZE.search(path) or _PATH_SIZE.search(path)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def _rendition_size(image, urls) -> tuple[int, int]:
    """The largest size the picture's renditions state (`src`, srcset, the
    `<source>`s of its `<picture>`): the size it is shown at on a wide screen."""
    best = (0, 0)
    for url in urls or (image.src or "",):
        size = _file_size(url)
        if size[0] * max(size[1], 1) > best[0] * max(best[1], 1):
            best = size
    return best


def _own_figure(el) -> bool:
    """Is the picture the one picture of a `<figure>` (its parent or
    grandparent: `figure > picture > img`, `figure > a > img`)? A figure is
    the page's own mark for a picture of the content (HTML: "illustrations,
    diagrams, photos … referenced from the main flow"); with no `alt` at all
    nothing says it is decoration (qdaily's `figure > img.lazyload`)."""
    node = el.getparent()
    for _ in range(2):
        if node is None:
            return False
        if node.tag == "figure":
            imgs = node.iter("img")
            return next(imgs, None) is not None and next(imgs, None) is None
        node = node.getparent()
    return False


def _sure_size(image, urls=None) -> bool:
    """Big enough to be the story's picture even without a caption: lead
    size; a described picture (alt text) larger than an icon; editorial
    size when there is no alt at all. `alt=""` below lead size is left to
    a person (product shots, decoration). Without width/height attributes
    the size the renditions' URLs state counts."""
    w, h = _shown_size(image, urls)
    if w >= 600 or h >= 400:
        return True
    if (image.alt or "").strip() and w > 48 and h > 48:
        return True         # a described picture of known size, larger than an icon
    return image.alt is None and (w >= EDITORIAL_WIDTH or h >= EDITORIAL_HEIGHT)


def video_stills(page) -> set:
    """File keys of JSON-LD VideoObject thumbnails anywhere in the page's JSON-LD."""
    out: set = set()
    stack = [getattr(page, "jsonld", None)]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            kinds = node.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            for kind in kinds:
                if isinstance(kind, str) and kind.lower() == "videoobject":   # "videoObject" seen too
                    thumbs = node.get("thumbnailUrl")
                    for t in (thumbs if isinstance(thumbs, list) else [thumbs]):
                        if isinstance(t, str):
                            out.add(_key(t))
                    break
            for value in node.values():         # (a loop, not a generator: ~2,400 nodes a corpus run)
                if isinstance(value, (list, dict)):
                    stack.append(value)
    return out


def declared_images(page) -> set:
    """File keys of the page's own declared images (og:image, JSON-LD image)."""
    out = set()
    for key in ("og:image", "og:image:url", "twitter:image"):
        value = page.meta.get(key)
        for v in (value if isinstance(value, list) else [value]):
            if v:
                out.add(_key(v))
    for item in page.jsonld_images or ():
        url = item.get("url") or item.get("contentUrl") if isinstance(item, dict) else None
        if isinstance(url, str):
            out.add(_key(url))
    return out
