"""Captions and credits of pictures: figure captions, credit elements and
the caption block right after a picture outside a figure."""
from __future__ import annotations

import re

from ...article import Image
from .parse import _norm, _text_length
from .visibility import _BLOCK_STOP, _CAPTION_BIT, _CREDIT_BIT, _SKIP, ClassWords

# `Caption text | Agency`: the last `|` segment of a caption, when short, is its credit.
_PIPE_CREDIT = re.compile(r"\s\|\s*([^|]{2,40}?)\s*$")
_DATEISH = re.compile(r"^[\d\s./:-]+$")
# text beside a figcaption inside its figure read with the caption (a credit line)
_BESIDE_CAPTION = 80


class _Captioned:
    """A figure, or a caption element found after an image outside a figure:
    collects the visible caption/credit text for its images."""

    __slots__ = ("images", "whole", "caption", "credits", "is_figure", "credit_class", "aria_hidden")

    def __init__(self, is_figure: bool, images=None, credit_class: bool = False):
        self.images: list[Image] = images if images is not None else []
        self.whole: list[str] = []
        self.caption: list[str] | None = None
        self.credits: list[list[str]] = []
        self.is_figure = is_figure
        self.credit_class = credit_class
        self.aria_hidden: list[str] = []

    def close(self) -> None:
        caption = _norm(self.caption) if self.caption is not None else _norm(self.whole)
        credit = " ".join(t for t in (_norm(c) for c in self.credits) if t)
        if self.caption is not None and not credit:
            # a short unclassed line beside the figcaption inside the figure
            # (`<div>AP Photo/…</div><figcaption>…`) is part of what the
            # reader sees under the picture: read it with the caption
            whole = _norm(self.whole)
            if caption in whole and 0 < len(whole) - len(caption) <= _BESIDE_CAPTION:
                caption = whole
        if not credit and self.credit_class:
            credit = caption
        if not credit and caption:
            credit = _pipe_credit(caption)
        hidden_text = " ".join(t for t in self.aria_hidden if t)
        for image in self.images:
            if hidden_text and not image.aria_hidden_text:
                image.aria_hidden_text = hidden_text
            if caption and not image.caption:
                image.caption = caption
            if credit and not image.credit:
                image.credit = credit



class _Credits:
    """The walk's part that finds a caption block after a picture."""

    classes: ClassWords          # set by the walker: the page vocabulary in use

    def _caption_after(self, el, link=None):
        """A caption/credit element right after the image (or after the
        wrapper the image is alone in), if any: a figcaption, an element
        with a caption/credit class, or a short block holding a credit
        element (`<div class="detail"><span>…</span><cite class="source">`).
        Inside the page link around a teaser the text is the teaser's
        headline, not a caption: only what follows the link counts."""
        current = el
        inside = link is not None
        for _ in range(4):
            if current is link:
                inside = False
            if (current.tail or "").strip():
                return None
            sibling = current.getnext()
            while sibling is not None and not isinstance(sibling.tag, str):
                sibling = sibling.getnext()
            if sibling is not None and inside:
                return None
            if sibling is not None:
                cls = sibling.get("class") or ""
                if sibling.tag == "figcaption" or (cls and self.classes.flags(cls) & _CAPTION_BIT):
                    return sibling
                if sibling.tag not in _SKIP and _holds_credit(sibling, self.classes):
                    return sibling
                return None
            current = current.getparent()
            if (current is None or current is self.scope or current.tag in _BLOCK_STOP
                    or (current.text or "").strip() and not inside):
                return None
        return None


def _holds_credit(el, classes: ClassWords) -> bool:
    """A short element (a caption block) with a figcaption, `<cite>` or a
    credit/caption-classed element inside, and no picture or headline of its
    own (the article's header beside a lead picture holds the byline's
    `a.author`: Bondy Blog)."""
    if _text_length(el) > 400 or el.tag in ("h1", "h2"):
        return False
    found = False
    # (its elements in document order, read in Python: a block this short
    # holds a few; an XPath call costs more than walking them)
    for inner in el.iterdescendants():
        tag = inner.tag
        if tag in ("img", "h1", "h2"):
            return False        # a block with its own picture captions that one
        if tag in ("figcaption", "cite"):
            found = True
        elif not found and tag.__class__ is str:
            cls = inner.get("class")
            if cls and classes.flags(cls) & (_CREDIT_BIT | _CAPTION_BIT):
                found = True
    return found





def _pipe_credit(caption: str) -> str:
    """`Las discrepancias ... 27-06-2012 | Efe`: a short last segment after
    a `|` is the visible credit (a date there is not)."""
    match = _PIPE_CREDIT.search(caption)
    if not match:
        return ""
    credit = match.group(1)
    if _DATEISH.match(credit) or len(credit.split()) > 5 or not any(c.isalpha() for c in credit):
        return ""
    return credit
