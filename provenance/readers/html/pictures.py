"""Pictures: `<img>` sources (lazy-load attributes, srcset, `<picture>`),
size, classes, and whether a picture is a teaser leading to another page."""
from __future__ import annotations

import re
from typing import Any, Callable

from lxml import etree

from ... import media
from ...article import Article, Image, Location
from .credits import _Captioned, _Credits
from .parse import _text_length
from .visibility import _BLOCK_STOP, _hidden_style

# (The lookahead on the first letters only makes the search twice as fast;
# ASCII sources, nearly all, are checked for the words without a regex.)
_PLACEHOLDER_SRC = re.compile(r"(?=[pbstldg_])(?:placeholder|blank\.|spacer|transparent\.|lazy|loading|grey\.gif"
                              r"|dummy|_ph\.)", re.I)
_PLACEHOLDER_WORDS = ("placeholder", "blank.", "spacer", "transparent.", "lazy", "loading", "grey.gif",
                      "dummy", "_ph.")
# Links that open the picture itself (lightbox, zoom, the file) rather than another page.
_IMAGE_HREF = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|tiff?|heic|bmp)(?:$|[?#])", re.I)
_LAZY_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-hi-res-src")
_PX = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:px\s*)?$", re.I)   # one way to split trailing spaces: linear (#16)
_STYLE_SIZE = re.compile(r"(?:^|[;\s])(width|height)\s*:\s*(\d+(?:\.\d+)?)px", re.I)


def _px(value: str | None) -> int | None:
    if not value:
        return None
    if value.isdigit() and value.isascii() and len(value) < 10:
        return int(value)           # `width="800"`, nearly all: no regex, no float
    match = _PX.match(value)
    return _int(match.group(1)) if match else None


def _int(number: str) -> int | None:
    """A rendered size in pixels; an absurd one (400 digits) is no size."""
    value = float(number)
    return int(value) if value < 1e9 else None



class _Pictures(_Credits):
    """The walk's part that records pictures."""

    # the walk's state this part reads and fills (set up by `_Walker`)
    article: Article
    scope: Any
    stack: list[tuple]
    contexts: list[_Captioned]
    pending: dict
    image_urls: dict[int, list[str]]
    pictures: list[tuple]
    location: Callable[[int], Location]

    def _image(self, el, cls: str) -> None:
        get = el.get
        src = (get("src") or "").strip()
        urls = [src] if src else []
        if not src or src.startswith("data:") or _placeholder(src) or _lazy_loaded(el, cls):
            lazy = next((v.strip() for v in (get(a) for a in _LAZY_ATTRS) if v and v.strip()), None)
            if lazy is None:
                # `data-src-large`, `data-src-mini`: any data- attribute naming a picture file
                lazy = next((v.strip() for k, v in el.items() if k.startswith("data-") and _IMAGE_HREF.search(v)
                             and " " not in v.strip() and not v.startswith("data:")), None)
            srcset = get("srcset") or get("data-srcset") or get("data-lazy-srcset")
            picture = el.getparent()
            while picture is not None and picture.tag == "source":   # libxml2 nests img in <source>
                picture = picture.getparent()
            candidates = _srcset(srcset) if srcset else []
            if not candidates and picture is not None and picture.tag == "picture":
                # (an img srcset holding only a data: stand-in: the <source>s have the picture)
                srcset = next((s.get("srcset") or s.get("data-srcset") for s in picture.iter("source")
                               if s.get("srcset") or s.get("data-srcset")), None)
                candidates = _srcset(srcset) if srcset else []
            urls = ([lazy] if lazy else []) + candidates + urls
            if lazy:
                src = lazy
            elif candidates:
                src = candidates[0]
        else:
            srcset = get("srcset")
            if srcset:
                urls += _srcset(srcset)
            parent = el.getparent()
            while parent is not None and parent.tag == "source":   # libxml2 nests img in <source>
                parent = parent.getparent()
            if parent is not None and parent.tag == "picture":
                # the renditions a <picture> shows on other screens (their
                # named sizes tell the picture's size; copies match on them)
                for source in parent.iter("source"):
                    value = source.get("srcset") or source.get("data-srcset")
                    if value:
                        urls += [u for u in _srcset(value) if u not in urls]
        width, height = _px(get("width")), _px(get("height"))
        if width == 0 and (height or 0) > 48 or height == 0 and (width or 0) > 48:
            # `width="800" height="0"`: a CMS's "height not known" (Arc's
            # `/800x0/` renditions), not a collapsed picture
            width, height = (None, height) if width == 0 else (width, None)
        style = get("style")
        if style and (width is None or height is None):
            for name, value in _STYLE_SIZE.findall(style):
                if name.lower() == "width" and width is None:
                    width = _int(value)
                elif name.lower() == "height" and height is None:
                    height = _int(value)
        index = len(self.stack) - 1
        image = Image(src=src, location=self.location(index), alt=get("alt"), title=get("title"),
                      width=width, height=height, classes=self._classes(cls, index),
                      remote=src.startswith(("http://", "https://", "//")))
        self._place(el, image, urls, index)

    def _medium(self, el, tag: str, cls: str) -> None:
        """`<noscript>`: see `_noscript`. `<video>`/`<audio>` (`src` or the first `<source>`, a local one
        first: the image stage can read it), `<object data>` and `<embed src>`
        of a media type: an Image with that medium, captioned like a picture.
        A video's `poster` is recorded too, as a non-editorial picture (its
        manifest is checked; it owes no credit or label of its own)."""
        if tag == "noscript":
            self._noscript(el)
            return
        index = len(self.stack) - 1
        if tag in ("video", "audio"):
            found = [((el.get("src") or "").strip(), el.get("type"))] + [
                ((s.get("src") or "").strip(), s.get("type")) for s in el.iter("source")]
            found = [(src, kind) for src, kind in found if src and not src.startswith("data:")]
            found.sort(key=lambda f: f[0].startswith(("http://", "https://", "//")))
            src, medium = (found[0][0], tag) if found else ("", tag)
            poster = (el.get("poster") or "").strip() if tag == "video" else ""
            if poster and not poster.startswith("data:") and not _placeholder(poster):
                self.article.images.append(Image(
                    src=poster, location=self.location(index), classes="poster", teaser=True,
                    remote=poster.startswith(("http://", "https://", "//"))))
        else:
            src = (el.get("data" if tag == "object" else "src") or "").strip()
            kind = el.get("type")
            if not src or not (media.of_extension(src) or (kind and "/" in kind)):
                return
            medium = media.from_reference(src, kind)
        if not src:
            return
        image = Image(src=src, location=self.location(index), title=el.get("title"),
                      width=_px(el.get("width")), height=_px(el.get("height")),
                      classes=self._classes(cls, index), medium=medium,
                      remote=src.startswith(("http://", "https://", "//")))
        self._place(el, image, [src], index)

    def _noscript(self, el) -> None:
        """The pictures of a `<noscript>` when the page shows no other copy
        beside it: a lead that a script builds from the `<noscript>` (NDR),
        or whose scripted copy is hidden until the script runs
        (Cloudflare's `<img data-cfsrc style="display:none">`). Where a
        visible `<img>` stands beside it, the `<noscript>` one is its copy."""
        if next(el.iter("img"), None) is None or _visible_twin(el):
            return
        stack = self.stack
        stack.append((el, "noscript"))
        for img in el.iter("img"):
            chain = []
            node = img.getparent()
            while node is not None and node is not el:
                chain.append(node)
                node = node.getparent()
            for node in reversed(chain):
                stack.append((node, node.tag if node.tag.__class__ is str else ""))
            stack.append((img, "img"))
            self._image(img, img.get("class") or "")
            del stack[len(stack) - len(chain) - 1:]
        stack.pop()

    def _attachment(self, el, text: str) -> None:
        """A link marked as an attachment (`download`, or `attachment` in its
        class or rel) to a document, video or audio file: the article carries
        that file, and the link text is its visible caption."""
        # (the marks first: they rule out nearly every link, without a look at
        # its URL; most links have no class or rel at all)
        cls, rel = el.get("class"), el.get("rel")
        if el.get("download") is None:
            if not cls and not rel:
                return
            marks = f"{cls or ''} {rel or ''}".lower()
            if "attachment" not in marks and "download" not in marks:
                return
        href = (el.get("href") or "").strip()
        mime = media.of_extension(href) or (el.get("type") if "/" in (el.get("type") or "") else None)
        if not mime or media.medium(mime) == "image":
            return
        index = len(self.stack) - 1
        self.article.images.append(Image(
            src=href, location=self.location(index), caption=" ".join(text.split()),
            medium=media.medium(mime), remote=href.startswith(("http://", "https://", "//"))))

    def _place(self, el, image: Image, urls: list[str], index: int) -> None:
        """Record the picture (or other medium), whether it is a teaser, and
        the figure or caption it belongs to."""
        self.article.images.append(image)
        if len(urls) > 1:
            self.image_urls[id(image)] = urls
        link = self._page_link(index, urls)
        if link is not None or self._in_card(el, urls):
            image.teaser = True
        self.pictures.append((image, el, link))
        for context in reversed(self.contexts):
            if context.is_figure:
                context.images.append(image)
                break
        else:
            target = self._caption_after(el, link)
            if target is not None:
                self.pending.setdefault(target, []).append(image)

    def _page_link(self, index: int, urls: list[str]):
        """The `<a href>` around the image when it leads to another page (a
        teaser, an ad, an author page), else None. Links to the picture
        itself, lightboxes, zoom and gallery controls, `#` and `javascript:`
        are not page links."""
        stack = self.stack
        for position in range(index - 1, max(0, index - 7), -1):
            el, tag = stack[position][0], stack[position][1]
            if tag in _BLOCK_STOP and tag != "figure":
                return None
            if tag != "a":
                continue
            href = (el.get("href") or "").strip()
            if not href or href.startswith(("#", "javascript:", "data:")) or _IMAGE_HREF.search(href):
                return None
            if _same_url(href, urls) or _photo_page(href, urls):
                return None
            marks = " ".join(f"{name} {value}" for name, value in el.items() if name != "href")
            if marks and self.classes.opens_picture(marks):
                return None
            return el
        return None

    def _classes(self, cls: str, index: int) -> str:
        names = cls.split()
        stack = self.stack
        for position in range(index - 1, max(0, index - 3) - 1, -1):
            el, tag = stack[position][0], stack[position][1]
            if tag in ("picture", "a", "figure"):
                names += (el.get("class") or "").split()
            if tag == "figure":
                break
        if len(names) < 2:
            return names[0] if names else ""
        return " ".join(dict.fromkeys(names))

    def _in_card(self, el, urls: list[str]) -> bool:
        """A teaser card whose link sits beside the picture (`<div
        class="card"><img><h3><a href="/other-story">Headline</a></h3></div>`):
        a small block, at most four levels up, whose text is mostly the text
        of one link to another page."""
        current = el
        for _ in range(4):
            current = current.getparent()
            if current is not None and current.tag == "figure" and current is not self.scope:
                return self._headline_caption(current, urls)
            if current is None or current is self.scope or current.tag in _CARD_STOP:
                return False
            size = _text_length(current)
            if size > 300:
                return False
            if size < 10:
                continue
            for link in _PAGE_LINKS(current):
                href = link.get("href").strip()
                if (href and not href.startswith(("#", "javascript:")) and not _IMAGE_HREF.search(href)
                        and not _same_url(href, urls) and _text_length(link) * 5 >= size * 3):
                    return True
            return False
        return False


    def _headline_caption(self, figure, urls: list[str]) -> bool:
        """A figure card (`<figure><img><figcaption><a href="/other-story">
        <h5>Headline</h5> Read more</a></figcaption>`): its caption is a
        headline linking to another page, not a caption of the picture.
        (The figure's headline links are looked up once per figure: a figure
        of 20,000 pictures stays linear.)"""
        cache = self.__dict__.setdefault("_figure_headlines", {})
        hrefs = cache.get(figure)
        if hrefs is None:
            if next(figure.iterdescendants("h2", "h3", "h4", "h5", "h6"), None) is None:
                # (nearly every figure: no heading, no headline link; lxml's
                # tag filter says so in C, the XPath below costs ~10x more)
                hrefs = cache[figure] = []
            else:
                hrefs = cache[figure] = [href for href in (link.get("href").strip()
                                                           for link in _HEADLINE_LINKS(figure))
                                         if href and not href.startswith(("#", "javascript:"))
                                         and not _IMAGE_HREF.search(href)]
        return any(not _same_url(href, urls) for href in hrefs)


_HEADLINE_LINKS = etree.XPath(
    ".//figcaption//a[@href][.//h2 or .//h3 or .//h4 or .//h5 or .//h6]"
    " | .//figcaption//*[self::h2 or self::h3 or self::h4 or self::h5 or self::h6]//a[@href]")
_CARD_STOP = frozenset({"figure", "article", "main", "section", "body", "blockquote", "td", "p"})
_PAGE_LINKS = etree.XPath(".//a[@href]")


def _lazy_loaded(el, cls: str) -> bool:
    """An `<img class="lazy…">` (lazysizes, vanilla-lazyload, lozad) with a
    lazy-load source: its `src` is the stand-in (`default-md.png`) that the
    script replaces with the picture."""
    if not cls:
        return False
    low = cls.lower()
    if "lazy" not in low and "lozad" not in low:
        return False
    return any(el.get(a) for a in _LAZY_ATTRS) or bool(el.get("data-srcset"))


def _visible_twin(noscript) -> bool:
    """Does an `<img>` not hidden by its own inline style stand right beside
    the `<noscript>` (one of the two element siblings before or after it, or
    inside one)? Only neighbours are looked at: a page of 20,000 `<noscript>`
    pictures in one parent stays linear."""
    for forward in (False, True):
        sibling, seen = noscript, 0
        while seen < 2:
            sibling = sibling.getnext() if forward else sibling.getprevious()
            if sibling is None:
                break
            if sibling.tag.__class__ is not str:
                continue
            seen += 1
            imgs = [sibling] if sibling.tag == "img" else sibling.iter("img")
            for img in imgs:
                style = img.get("style")
                if not (style and _hidden_style(style)):
                    return True
    return False


def _placeholder(src: str) -> bool:
    """Is the `src` a lazy-loading placeholder (`blank.gif`, `lazy.svg` ...)?"""
    if not src.isascii():
        return _PLACEHOLDER_SRC.search(src) is not None
    low = src.lower()
    for word in _PLACEHOLDER_WORDS:
        if word in low:
            return True
    return False


def _photo_page(href: str, urls: list[str]) -> bool:
    """Does the link lead to the picture's own page (`/photo/AS2019030100.html`
    for `AS2019030100.jpg`)?"""
    for url in urls:
        stem = url.split("?", 1)[0].rsplit("/", 1)[-1].rsplit(".", 1)[0]
        # (the substring test in C first: it fails for nearly every link)
        if len(stem) >= 8 and stem in href and any(c.isdigit() for c in stem):
            return True
    return False


def _same_url(href: str, urls: list[str]) -> bool:
    """Does the link open one of the image's own URLs (scheme ignored)?"""
    bare = href.split("://", 1)[-1].lstrip("/")
    if not bare:
        return False
    for url in urls:
        # (a URL equal to it without the scheme ends with it: a test in C
        # that rules out nearly every rendition before it is cut)
        if url.endswith(bare) and url.split("://", 1)[-1].lstrip("/") == bare:
            return True
    return False


def _srcset(value: str) -> list[str]:
    """Candidate URLs of a srcset, largest width first (else as written).
    Parsed as the HTML standard says: a URL runs to the next whitespace, so
    the comma inside a `data:` URI does not split it; `data:` candidates
    (placeholders) are left out. (URLs and descriptors are cut out by a
    regex and `str.find` in C; only a descriptor holding a parenthesis is
    read character by character.)"""
    items = []
    position, n, i = 0, len(value), 0
    while i < n:
        match = _SRCSET_URL.match(value, i)
        assert match is not None            # (both parts may be empty: it always matches)
        url, i = match.group(1), match.end()
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            start = i
            comma = value.find(",", i)
            if comma < 0:
                comma = n
            if "(" not in value[start:comma]:
                i = comma
            else:
                # a comma inside parentheses does not end the descriptor
                depth = 0
                while i < n and (value[i] != "," or depth):
                    depth += value[i] == "("
                    depth -= value[i] == ")" and depth > 0
                    i += 1
            descriptor = value[start:i].strip()
        if not url or url.startswith("data:"):
            continue
        size = 0.0
        match = _DESCRIPTOR.match(descriptor)
        if match:
            size = float(match.group(1))
        items.append((-size, position, url))
        position += 1
    return [url for _size, _pos, url in sorted(items)]


# whitespace and commas before a candidate, then its URL (to the next whitespace)
_SRCSET_URL = re.compile(r"[\s,]*(\S*)")
_DESCRIPTOR = re.compile(r"(\d+(?:\.\d+)?)[wx]\b")
