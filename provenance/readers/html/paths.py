"""Locations: source lines and CSS paths of elements, computed on first read."""
from __future__ import annotations

import collections
import re

from lxml import etree

from ...article import Location
from .visibility import _SWALLOWING_VOIDS

_VALID_ID = re.compile(r"[A-Za-z][\w-]*")
# Compiled once, plain strings (lxml's "smart" strings each keep a link to
# their element): a fifth less than `root.xpath("//@id")` and a dict loop.
_IDS = etree.XPath("//@id", smart_strings=False, regexp=False)


class _Paths:
    """CSS paths of elements, such as `html > body > main > p:nth-of-type(3)`
    or `#story > p:nth-of-type(3)` (an ancestor with an id shortens it,
    when no other element of the page carries the same id).
    Worked out only when a location's selector is read: most blocks never
    end up in a finding."""

    __slots__ = ("top", "fragment", "cache", "nth", "source", "_lines", "_same_line", "_ids", "_starts")

    def __init__(self, top, fragment: str | None):
        self.top = top                  # the fragment's holder; None for a page (its root)
        self.fragment = fragment
        self.cache: dict = {}
        self.nth: dict = {}             # parent -> positions of its children by tag
        # The page's bytes (UTF-8) or text, pages only: columns come from it,
        # decoded when a finding first asks for a column.
        self.source: bytes | str | None = None
        self._lines: list[str] | None = None
        self._same_line: dict = {}
        self._ids: dict | None = None
        self._starts: dict = {}         # (tag, line) -> (tag offsets on the line, element -> its rank)   # id -> how many elements carry it (pages only)

    def _unique_id(self, node, ident: str) -> bool:
        """Does only this element carry the id? Pages that repeat an id
        (`<div id="col600c">` around each of seven pictures) would give
        seven pictures one path."""
        if self._ids is None:
            self._ids = collections.Counter(_IDS(node))
        return self._ids.get(ident, 0) <= 1

    def column(self, el, line: int | None) -> int | None:
        """The 1-based column of `el`'s start tag on `line` (lxml gives lines
        only): the k-th `<tag` on that source line, when the line holds as many
        such tags as the parser found elements of that name there; else None
        (a start tag spread over lines, tags the parser made up)."""
        tag = el.tag if el.tag.__class__ is str else None
        if self.source is None or not tag or not line or line != el.sourceline:
            return None
        if self._lines is None:
            source = self.source
            if isinstance(source, bytes):
                source = source.decode("utf-8", "replace")
            self._lines = source.splitlines()
        if line > len(self._lines):
            return None
        key = (tag, line)
        same = self._same_line.get(key)
        if same is None:
            root = el.getroottree().getroot()
            for other in root.iter(tag):
                self._same_line.setdefault((tag, other.sourceline), []).append(other)
            same = self._same_line.get(key, [])
        found = self._starts.get(key)
        if found is None:
            # once per tag and line: a page on one line with 10,000 findings stays linear
            starts = [m.start() for m in re.finditer(rf"<{re.escape(tag)}(?=[\s/>]|$)", self._lines[line - 1], re.I)]
            found = self._starts[key] = (starts, {other: i for i, other in enumerate(same)})
        starts, index = found
        k = index.get(el)
        if len(starts) != len(same) or k is None:
            return None
        return starts[k] + 1

    def __call__(self, el) -> str | None:
        cache, top = self.cache, self.top
        chain = []
        node, prefix = el, None
        while True:
            known = cache.get(node)
            if known is not None:
                prefix = known
                break
            chain.append(node)
            parent = node.getparent() if node is not top else None
            # Browsers keep <img> beside <source>; libxml2 nests it inside.
            while parent is not None and parent is not top and parent.tag in _SWALLOWING_VOIDS:
                parent = parent.getparent()
            if parent is None:
                break
            node = parent
        for node in reversed(chain):
            if prefix is None:              # the page's root, or the fragment's holder
                selector = self.fragment if node is top else _segment(node, self.nth)
            else:
                ident = node.get("id") if top is None else None
                if ident and _VALID_ID.fullmatch(ident) and self._unique_id(node, ident):
                    selector = "#" + ident
                elif not prefix:
                    selector = _segment(node, self.nth)
                elif top is not None and node.getparent() is top:
                    selector = f"{prefix} {_segment(node, self.nth)}"
                else:
                    selector = f"{prefix} > {_segment(node, self.nth)}"
            cache[node] = prefix = selector
        return prefix


def _segment(el, nth_cache: dict | None = None) -> str:
    """`tag` or `tag:nth-of-type(n)`. Positions come from one pass over the
    parent's children, kept per parent: a page of 20,000 pictures costs
    one pass, not one per picture."""
    tag = el.tag if el.tag.__class__ is str else ""
    local = tag.rpartition(":")[2] if ":" in tag else tag
    if not local or local in ("html", "body"):
        return local
    parent = el.getparent()
    if parent is None:
        return local
    cache = nth_cache if nth_cache is not None else {}
    known = cache.get(parent)
    if known is None:
        positions: dict = {}
        totals: dict[str, int] = {}
        for child in parent:
            ctag = child.tag
            if ctag.__class__ is str:
                n = totals.get(ctag, 0) + 1
                totals[ctag] = n
                positions[child] = n
        known = cache[parent] = (positions, totals)
    positions, totals = known
    nth = positions.get(el, 1)
    if totals.get(tag, 1) > 1:
        return f"{local}:nth-of-type({nth})"
    return local


def element_of(location):
    """The parsed element a location of this reader points at, or None once
    its CSS path was read (or after pickling). `check --fix` pairs a fresh
    read's elements with their tags in the page source."""
    return getattr(location, "_element", None)


class _PathLocation(Location):
    """A `Location` whose CSS path is computed on first read. Pickles (for
    worker processes) and compares as a plain `Location`; once read it no
    longer holds on to the parsed page."""

    # Defaults at class level: a page makes thousands of these (one per
    # block, link and picture), and most are never read.
    _selector: str | None = None
    _column: int | None = None
    _column_known = False

    def __init__(self, line: int | None, element, paths: _Paths):
        self.line = line                # (`image` keeps Location's class default, None)
        self._element = element
        self._paths: _Paths | None = paths

    @property
    def column(self) -> int | None:
        """Worked out from the page source on first read (findings only, in practice)."""
        if not self._column_known and self._element is not None and self._paths is not None:
            self._column = self._paths.column(self._element, self.line)
        self._column_known = True
        return self._column

    @column.setter
    def column(self, value: int | None) -> None:
        self._column, self._column_known = value, True

    @property
    def selector(self) -> str | None:
        if self._element is not None and self._paths is not None:
            self.column                      # noqa: B018 - needs the element, read before it goes
            self._selector = self._paths(self._element)
            self._element = self._paths = None
        return self._selector

    @selector.setter
    def selector(self, value: str | None) -> None:
        self._selector = value
        self._element = self._paths = None

    def __eq__(self, other):
        if not isinstance(other, Location):
            return NotImplemented
        return self.as_dict() == other.as_dict()

    __hash__ = None      # type: ignore[assignment]   # mutable, compares by value: unhashable like Location

    def __reduce__(self):
        return (Location, (self.line, self.column, self.selector, self.image))
