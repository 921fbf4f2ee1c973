"""One walk over the article region: visible text into blocks, pictures,
links, figure captions and credits, byline, first h1 and <time>."""
from __future__ import annotations

import re
from urllib.parse import urljoin

from ...article import Article, Block, Link, Location
from .credits import _Captioned
from .parse import _line, _norm, _text_length
from .paths import _PathLocation, _Paths
from .pictures import _Pictures
from .visibility import (_BLOCK, _BYLINE_BIT, _CHROME_BIT, _CHROME_ROLES, _CREDIT_BIT, _CREDIT_TOKEN_BIT,
                         _DROP_TAGS, _HEADINGS, _HIDDEN, _IMAGE_TAGS, _INNER_BIT, _PLAIN_BLOCK,
                         _PLAIN_INLINE, _SKIP, _SPECIAL, _WATCHED_ATTRS, ClassWords, _hidden_style)

# Skipped for text, but media the article carries (`<embed>` is walked as an element),
# and `<noscript>` pictures that have no scripted copy beside them.
_MEDIA_TAGS = frozenset({"video", "audio", "object", "noscript"})
_ORIGIN = re.compile(r"https?://[^/?#\\]+(?=$|[/?#])")   # lower-case schemes only, as urljoin writes them


class _Walker(_Pictures):
    """One recursive walk over the scope: visible text into blocks, images,
    links, figure captions and credits, byline, first h1 and <time>."""

    def __init__(self, article: Article, scope, base: str | None, mode: str, classes: ClassWords,
                 fragment: str | None = None, line_offset: int = 0, scope_length: int | None = None):
        self.article = article
        self.classes = classes           # the page vocabulary of the run's phrase packs
        self.scope = scope
        self.base = base
        self.fragment = fragment
        self.offset = line_offset
        # What counts as boilerplate depends on how sure we are of the scope.
        self.chrome = mode == "body"
        self.drop_tags = _DROP_TAGS.get(mode, frozenset({"nav"}))
        self.drop_bits = _HIDDEN | (_CHROME_BIT if self.chrome else _INNER_BIT)
        self.scope_length = scope_length     # measured when first needed
        # Path entries: (element, tag); CSS paths come from the tree (_Paths)
        self.stack: list[tuple] = []
        self.buf: list[str] = []
        self.owner = 0
        self.kind = "paragraph"
        self.collectors: list[list[str]] = []
        self.contexts: list[_Captioned] = []
        self.pending: dict = {}
        self.caption_depth = 0
        self.credit_depth = 0
        self.quote_depth = 0
        self.image_urls: dict[int, list[str]] = {}
        self.pictures: list[tuple] = []          # (Image, element, page link around it or None)
        self.first_h1: str | None = None
        self.first_time: str | None = None
        self.byline: str | None = None
        self.paths = _Paths(scope if fragment is not None else None, fragment)
        # scheme://host of the base, for the common root-relative href
        match = _ORIGIN.match(base or "")
        self.origin = match.group(0) if match else None

    # selectors -----------------------------------------------------------------

    def _prefill(self) -> None:
        chain = [self.scope] + list(self.scope.iterancestors()) if self.fragment is None else [self.scope]
        for el in reversed(chain):
            tag = el.tag if isinstance(el.tag, str) else ""
            self.stack.append((el, tag))

    def location(self, index: int) -> Location:
        el = self.stack[index][0]
        return _PathLocation(_line(el, self.offset), el, self.paths)

    # walk ------------------------------------------------------------------------

    def run(self) -> None:
        self._prefill()
        scope = self.scope
        self.owner = len(self.stack) - 1
        if scope.text:
            self._text(scope.text)
        self._children(scope)
        self._flush()
        for ctx in self.contexts:
            ctx.close()
        self.contexts.clear()

    def _text(self, text: str) -> None:
        if self.buf or not text.isspace():
            self.buf.append(text)
        for collector in self.collectors:
            collector.append(text)

    def _flush(self) -> None:
        text = _norm(self.buf)
        self.buf.clear()
        if text:
            el, tag = self.stack[self.owner]
            self._block(text, el, tag, self.kind)

    def _block(self, text: str, el, tag: str, kind: str) -> None:
        line = el.sourceline
        self.article.blocks.append(Block(text, _PathLocation(line + self.offset if line else None, el, self.paths),
                                         kind))
        if tag == "h1" and self.first_h1 is None:
            self.first_h1 = text

    def _children(self, parent) -> None:
        # The hot loop: kept flat on purpose (one pass, no per-element
        # helper calls for the common inline/plain-block case).
        stack = self.stack
        buf = self.buf
        collectors = self.collectors
        drop_tags = self.drop_tags
        contexts = self.contexts
        pending = self.pending
        chrome = self.chrome
        drop = self.drop_bits
        class_cache = self.classes.cache
        class_flags = self.classes.flags
        for child in parent:
            tag = child.tag
            if tag.__class__ is str:
                if ":" in tag:
                    tag = tag.rpartition(":")[2]
                if tag not in _SKIP and tag not in drop_tags:
                    attrs = child.items()
                    cls: str | None
                    if not attrs and not chrome:
                        cls, flags = "", 0
                    else:
                        # Most elements carry a class, an id or a style and
                        # no other attribute that could hide them: decided
                        # here from the cached class and style verdicts;
                        # the rest (and whatever may be boilerplate, which
                        # needs its text measured) go to `_visible_class`.
                        cls = ""
                        ident = ""
                        slow = chrome or tag == "dialog"
                        hide = False
                        if not slow:
                            for name, value in attrs:
                                if name in _WATCHED_ATTRS:
                                    if name == "class":
                                        cls = value
                                    elif name == "id":
                                        ident = value
                                    elif name == "style":
                                        hide = hide or _hidden_style(value)
                                    else:
                                        slow = True
                                        break
                        if slow:
                            cls = self._visible_class(child, tag, attrs)
                            flags = class_flags(cls) if cls else 0
                        elif hide:
                            cls, flags = None, 0
                        else:
                            flags = 0
                            if cls:
                                known = class_cache.get(cls)
                                flags = class_flags(cls) if known is None else known
                            if flags & drop or (ident and class_flags(ident) & drop & ~_HIDDEN):
                                cls = self._visible_class(child, tag, attrs)
                    if cls is not None:
                        # A class only matters as a byline or, inside a
                        # caption, as a credit: everything else takes the
                        # plain paths below.
                        plain = not pending and (not cls or not (contexts or flags & _BYLINE_BIT))
                        if plain and (tag in _PLAIN_INLINE or tag == "a" and not contexts):
                            # Plain inline text, or a link outside figures
                            # and captions (dozens per page): its text,
                            # its children, then the Link.
                            parts: list[str] | None = None
                            if tag == "a" and child.get("href") is not None:
                                parts = []
                                collectors.append(parts)
                            text = child.text
                            if text:
                                self._text(text)
                            if len(child) or parts is not None:
                                stack.append((child, tag))
                                if len(child):
                                    self._children(child)
                                if parts is not None:
                                    collectors.pop()
                                    self._link(child, _norm(parts))
                                stack.pop()
                        elif plain and tag in _PLAIN_BLOCK and not contexts:
                            if buf:
                                self._flush()
                            if self.caption_depth:
                                kind = "caption"
                            elif tag in _HEADINGS:
                                kind = "heading"
                            elif self.quote_depth:
                                kind = "quote"
                            elif tag == "li":
                                kind = "list"
                            elif self.kind not in ("list", "byline"):
                                kind = "paragraph"
                            else:
                                kind = self.kind
                            text = child.text
                            if len(child):
                                stack.append((child, tag))
                                saved_owner, saved_kind = self.owner, self.kind
                                self.owner = len(stack) - 1
                                self.kind = kind
                                if text and not text.isspace():
                                    buf.append(text)
                                    for collector in collectors:
                                        collector.append(text)
                                self._children(child)
                                if buf:
                                    self._flush()
                                self.owner, self.kind = saved_owner, saved_kind
                                stack.pop()
                            elif text and not text.isspace():
                                # A block with text and no child elements
                                # (most paragraphs, list items, cells):
                                # one block straight away.
                                for collector in collectors:
                                    collector.append(text)
                                self._block(" ".join(text.split()), child, tag, kind)
                        else:
                            stack.append((child, tag))
                            self._element(child, tag, cls)
                            stack.pop()
                elif tag in _MEDIA_TAGS and tag not in drop_tags:
                    # not walked for text, but the article carries the medium
                    attrs = child.items()
                    cls = self._visible_class(child, tag, attrs) if (attrs or chrome) else ""
                    if cls is not None:
                        stack.append((child, tag))
                        self._medium(child, tag, cls)
                        stack.pop()
            tail = child.tail
            if tail:
                # Whitespace opening a block is dropped anyway: leaving it
                # out spares a flush at every block boundary.
                if buf or not tail.isspace():
                    buf.append(tail)
                for collector in collectors:
                    collector.append(tail)

    def _visible_class(self, el, tag: str, attrs) -> str | None:
        """The element's class ("" if none) when it is visible and not
        boilerplate, else None."""
        cls = ident = role = ""
        for name, value in attrs:
            if name not in _WATCHED_ATTRS:
                continue
            if name == "class":
                cls = value
            elif name == "id":
                ident = value
            elif name == "hidden":
                return None
            elif name == "aria-hidden":
                if value.strip().lower() == "true":
                    if self.contexts and tag not in _MEDIA_TAGS:
                        # still on screen: kept apart, never as the caption or credit
                        self.contexts[-1].aria_hidden.append(" ".join(" ".join(el.itertext()).split()))
                    return None
            elif name == "style":
                if _hidden_style(value):
                    return None
            elif name == "role":
                role = value
            elif name == "open":
                role = role or "open"
        drop = self.drop_bits
        if cls:
            flags = self.classes.flags(cls) & drop
            if flags & _HIDDEN or (flags and self._small(el)):
                return None
        if ident and self.classes.flags(ident) & (drop & ~_HIDDEN) and self._small(el):
            return None
        if tag == "dialog" and "open" not in dict(attrs):
            return None
        if self.chrome:
            if role and role.lower() in _CHROME_ROLES:
                return None
            if tag == "header" and next(el.iter("h1"), None) is None:
                return None
        return cls

    def _small(self, el) -> bool:
        """Boilerplate classes sometimes sit on the wrapper of the whole
        story (`<div class="share-zone">`): only drop an element holding
        less than half of the scope's text."""
        if self.scope_length is None:
            self.scope_length = _text_length(self.scope)
        return _text_length(el) * 2 < self.scope_length

    def _element(self, el, tag: str, cls: str) -> None:
        if tag in _IMAGE_TAGS:
            self._image(el, cls)
            return
        if tag == "embed":
            self._medium(el, tag, cls)
            return
        if tag == "br":
            self._text(" ")
            return
        pushed: list[list[str]] = []
        ctx = None
        credit = caption = quote = is_byline = False
        link_parts: list[str] | None = None
        byline_parts: list[str] | None = None

        if tag in _SPECIAL or cls or self.pending or self.contexts:
            if tag == "figure":
                ctx = _Captioned(True)
                self.contexts.append(ctx)
                pushed.append(ctx.whole)
            elif self.pending and el in self.pending:
                ctx = _Captioned(False, self.pending.pop(el),
                                 credit_class=bool(cls and self.classes.flags(cls) & _CREDIT_BIT))
                self.contexts.append(ctx)
                pushed.append(ctx.whole)
                caption = True
            if self.contexts and not ctx:
                top = self.contexts[-1]
                if tag == "figcaption" and top.is_figure and top.caption is None:
                    top.caption = []
                    pushed.append(top.caption)
                    caption = True
                flags = self.classes.flags(cls) if cls else 0
                if not self.credit_depth and (flags & _CREDIT_BIT or (self.caption_depth and (
                        tag in ("small", "cite") or flags & _CREDIT_TOKEN_BIT))):
                    part: list[str] = []
                    top.credits.append(part)
                    pushed.append(part)
                    credit = True
            elif tag == "figcaption":
                caption = True  # a stray figcaption still reads as a caption
            is_byline = bool(cls and not self.contexts and self.classes.flags(cls) & _BYLINE_BIT)
            if is_byline and self.byline is None:
                byline_parts = []
                pushed.append(byline_parts)
            if tag == "a":
                if el.get("href") is not None:
                    link_parts = []
                    pushed.append(link_parts)
            elif tag == "blockquote":
                quote = True
            elif tag == "time" and self.first_time is None:
                self.first_time = el.get("datetime") or None
            if caption:
                self.caption_depth += 1
            if credit:
                self.credit_depth += 1
            if quote:
                self.quote_depth += 1
            self.collectors.extend(pushed)

        block = tag in _BLOCK
        if block:
            if self.buf:
                self._flush()
            saved_owner, saved_kind = self.owner, self.kind
            self.owner = len(self.stack) - 1
            if self.caption_depth:
                self.kind = "caption"
            elif tag in _HEADINGS:
                self.kind = "heading"
            elif is_byline:
                self.kind = "byline"
            elif self.quote_depth:
                self.kind = "quote"
            elif tag == "li":
                self.kind = "list"
            elif self.kind not in ("list", "byline"):
                self.kind = "paragraph"

        if tag == "details" and el.get("open") is None:
            self._closed_details(el)
        else:
            if el.text:
                self._text(el.text)
            if len(el):
                self._children(el)

        if block:
            if self.buf:
                self._flush()
            self.owner, self.kind = saved_owner, saved_kind
        if pushed:
            del self.collectors[-len(pushed):]
            if caption:
                self.caption_depth -= 1
            if credit:
                self.credit_depth -= 1
            if ctx is not None:
                self.contexts.remove(ctx)
                ctx.close()
            if byline_parts is not None:
                text = _norm(byline_parts)
                if text and len(text) <= 200:
                    self.byline = text
            if link_parts is not None:
                self._link(el, _norm(link_parts))
        if quote:
            self.quote_depth -= 1

    def _closed_details(self, el) -> None:
        for child in el:
            tag = child.tag
            if tag.__class__ is str:
                if tag == "summary":
                    cls = self._visible_class(child, tag, child.items())
                    if cls is not None:
                        self.stack.append((child, tag))
                        self._element(child, tag, cls)
                        self.stack.pop()

    def _link(self, el, text: str) -> None:
        href = el.get("href", "").strip()
        resolved = href
        if self.base and href and not href.startswith("#") and ":" not in href.split("/", 1)[0]:
            if self.origin and href[0] == "/" and href[1:2] != "/" and "/." not in href:
                resolved = self.origin + href      # what urljoin gives, without its cost
            else:
                try:
                    resolved = urljoin(self.base, href)
                except ValueError:
                    resolved = href
        self.article.links.append(Link(text=text, href=resolved, location=self.location(len(self.stack) - 1),
                                       rel=(el.get("rel") or "").strip()))
        if href:
            self._attachment(el, text)

    # images ----------------------------------------------------------------------
