"""Insertion points in an HTML page, as offsets in the page's own source.

The page is never re-serialised: the reader's elements (kept on the
locations of its images and blocks) are paired with their start and end
tags in the raw source (`markup.Source`), and text is inserted there:

* caption: at the end of the picture's `<figcaption>` (or of the caption
  element right after it); a `<figure>` without one gets a
  `<figcaption>` as its last child. A picture with neither is refused: where
  a caption goes is a layout decision.
* notice and go-to-original link: a `<p>` right after the last body
  paragraph (before a closing go-to-original paragraph), indented like it;
  `fix.notice_position: start` puts the notice before the first one.

Every insertion is HTML-escaped; characters the page's encoding cannot hold
become character references.
"""
from __future__ import annotations

import html as _html

from ..readers.html.visibility import _CAPTION_BIT, _CREDIT_BIT, class_words
from .markup import Source, indent_of, last_content, newline_of
from .plan import Refused, make_edits
from .text import caption_text, credit_label, glue

_CONTAINERS = {"li", "ul", "ol", "dl", "dt", "dd", "blockquote", "table", "thead", "tbody", "tr", "td", "th",
               "figure", "figcaption", "details", "summary"}
_INLINE = {"span", "a", "em", "strong", "b", "i", "small", "cite", "q", "mark", "u", "s", "sup", "sub"}
_STOP = {"article", "main", "body", "html", "section"}


def _element(location):
    """The lxml element the reader located (None once its selector was read)."""
    from ..readers.html.paths import element_of
    return element_of(location)


class _Fresh:
    """The page read again: the reader keeps an element on each location
    only until its CSS path is first read (the checks read them all), so
    the fix pairs the checked article's images and blocks, by position,
    with those of a fresh read of the same bytes."""

    def __init__(self, data: bytes, article, book):
        from ..readers import html as reader
        fresh = reader.read(data, article.path, article.file, book)[0]
        self.ok = (len(fresh.images) == len(article.images) and len(fresh.blocks) == len(article.blocks))
        self.images = {id(a): b for a, b in zip(article.images, fresh.images)}
        self.blocks = {id(a): b for a, b in zip(article.blocks, fresh.blocks)}
        self.book = book

    def image(self, image):
        other = self.images.get(id(image)) if self.ok else None
        return _element(other.location) if other is not None else None

    def block(self, block):
        other = self.blocks.get(id(block)) if self.ok else None
        return _element(other.location) if other is not None else None


def _root(el):
    return el.getroottree().getroot()


def html_edits(text: str, data: bytes, article, intents, house):
    src = Source(text)
    fresh = _Fresh(data, article, house.book)
    nl = newline_of(text)

    def one(intent):
        if intent.kind == "notice":
            return [_paragraph(text, src, fresh, article, house, f"<p>{_esc(intent.text)}</p>", nl,
                               intent, start=house.notice_position == "start", order=1)]
        if intent.kind == "source-link":
            markup = f'<p><a href="{_html.escape(intent.url, quote=True)}">{_esc(intent.text)}</a></p>'
            return [_paragraph(text, src, fresh, article, house, markup, nl, intent, start=False, order=2)]
        return []

    def picture(group):
        at, insert = _caption(text, src, fresh, group, nl)
        return [(at, insert if i == 0 else "", 0, intent) for i, intent in enumerate(group)]

    return make_edits(intents, one, picture)


def _esc(s: str) -> str:
    return _html.escape(s, quote=False)


def _caption(text, src: Source, fresh: _Fresh, group, nl):
    img = fresh.image(group[0].image)
    if img is None:
        raise Refused("the reader gave no element for the picture")
    root = _root(img)
    plain = caption_text(group)
    label = _esc(plain)
    figure = next((a for a in img.iterancestors() if isinstance(a.tag, str) and a.tag == "figure"), None)
    caption = None
    if figure is not None:
        caption = next((c for c in figure.iter("figcaption")
                        if next((a for a in c.iterancestors("figure")), None) is figure), None)
    else:
        caption = _caption_after(img, class_words(fresh.book))
    if caption is not None:
        span = src.span(caption, root)
        if span is None:
            raise Refused("could not locate the caption element in the source with certainty")
        opening, closing = span
        credit = _credit_element(caption, class_words(fresh.book))
        if credit is not None and all(i.field != "credit" for i in group):
            # "Der Hafen. (Archivbild) <span class="credit">Foto: …</span>": a label
            # goes before the caption's own credit element, as editors write it
            i = src.start_tag(credit, root)
            if i is not None and opening.end <= src.tags[i].start < closing.start:
                at = src.tags[i].start
                space = "" if at == opening.end or text[at - 1].isspace() else " "
                return at, space + label + " "
        if all(i.field != "credit" for i in group):
            at = _before_credit_label(text, src, opening, closing, group[0].image.caption, fresh.book)
            if at is not None:
                return at, label + " "
        at = last_content(text, opening.end, closing.start)
        return at, glue(src.inner_text(opening.end, at), plain) + label
    if figure is None:
        raise Refused("the picture has no caption element: where a caption goes is a layout decision")
    span = src.span(figure, root)
    if span is None:
        raise Refused("could not locate the <figure> in the source with certainty")
    opening, closing = span
    at = last_content(text, opening.end, closing.start)
    inner_indent = indent_of(text, at) if "\n" in text[opening.end:closing.start] else None
    insert = f"<figcaption>{label}</figcaption>"
    return at, (nl + inner_indent + insert) if inner_indent is not None else insert


def _credit_element(caption, classes):
    """The caption's own credit element (`<span class="credit">`, `<small>`,
    `<cite>`), if any: credit classes are the reader's (`ClassWords`)."""
    for el in caption.iterdescendants():
        if isinstance(el.tag, str) and (el.tag in ("small", "cite")
                                        or classes.flags(el.get("class") or "") & _CREDIT_BIT):
            return el
    return None


def _before_credit_label(text, src: Source, opening, closing, caption: str, book):
    """Offset of the credit label (`Illustration:`) closing the caption, in
    the caption's own text between its tags, when it is there once and
    after a space; else None."""
    label = credit_label(book, caption or "")
    if not label:
        return None
    inner = [t for t in src.tags if opening.end <= t.start and t.end <= closing.start]
    bounds = [opening.end] + [x for t in inner for x in (t.start, t.end)] + [closing.start]
    found = [a + i for a, b in zip(bounds[::2], bounds[1::2])
             for i in _all(text[a:b], label)]
    if len(found) != 1 or not text[found[0] - 1].isspace():
        return None
    return found[0]


def _all(chunk: str, needle: str) -> list[int]:
    out, i = [], chunk.find(needle)
    while i >= 0:
        out.append(i)
        i = chunk.find(needle, i + 1)
    return out


def _caption_after(img, classes):
    """A caption element right after the picture (or the wrapper it is alone
    in): a figcaption or an element the reader takes for a caption."""
    current = img
    for _ in range(3):
        if (current.tail or "").strip():
            return None
        sib = current.getnext()
        while sib is not None and not isinstance(sib.tag, str):
            sib = sib.getnext()
        if sib is not None:
            if sib.tag == "figcaption" or classes.flags(sib.get("class") or "") & _CAPTION_BIT:
                return sib
            return None
        current = current.getparent()
        if current is None or (current.text or "").strip():
            return None
    return None


def _body_elements(fresh: _Fresh, article, book):
    from .text import _body_blocks
    out = []
    for b in _body_blocks(article, book):
        el = fresh.block(b)
        if el is not None and b.kind in ("paragraph", "quote", "list"):
            out.append(el)
    return out


def _paragraph(text, src: Source, fresh: _Fresh, article, house, markup: str, nl: str, intent,
               start: bool, order: int):
    els = _body_elements(fresh, article, house.book)
    # the body's own paragraphs first: a list or box at the end of the text
    # is as often a teaser list as part of the story
    els = [e for e in els if e.tag == "p"] or els
    if not els:
        raise Refused("no body paragraph found to put it after")
    el = els[0] if start else els[-1]
    # out of lists, quotes, tables, inline wrappers: a <p> goes beside a block
    while el.tag in _INLINE and el.getparent() is not None:
        el = el.getparent()
    for ancestor in el.iterancestors():
        if ancestor.tag in _STOP:
            break
        if ancestor.tag in _CONTAINERS:
            el = ancestor
    if el.tag in ("html", "body", "head"):
        raise Refused("the body text has no paragraph element to put it beside")
    span = src.span(el, _root(el))
    if span is None:
        raise Refused(f"could not locate <{el.tag}> in the source with certainty")
    opening, closing = span
    indent = indent_of(text, opening.start)
    own_line = text[text.rfind("\n", 0, opening.start) + 1:opening.start].strip() == ""
    if start:
        return (opening.start, markup + (nl + indent if own_line else ""), 0, intent)
    return (closing.end, (nl + indent if own_line else "") + markup, order, intent)
