"""Where an element sits in the raw HTML/XML source, byte for byte.

lxml tells an element's source line only (the line of its start tag's
`>`), and parses a transcoded copy of the page. A fix must insert into the
page as written, so this module tokenises the source text itself — comments,
CDATA, doctype, processing instructions, start and end tags with quoted
attribute values, raw-text elements (`script`, `style`, `textarea`,
`title`) — and pairs an lxml element with its start tag by tag name and
line. Whenever the pairing is not certain (implied tags the parser made up,
two candidates that cannot be told apart, no explicit end tag, inner text
that differs from what the parser saw) the answer is None and the fix is
refused rather than guessed.
"""
from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass

_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"                                  # comment
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"                         # CDATA
    r"|<[!?][^>]*>?"                                      # doctype, PI
    r"|</\s*([A-Za-z][\w:.\-]*)\s*[^>]*>?"                # end tag
    r"|<([A-Za-z][\w:.\-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>?",   # start tag
    re.S)
_RAW_TEXT = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"}


@dataclass
class Tag:
    kind: str          # start | end
    name: str          # lower-case local name (no prefix) for HTML; as written for XML
    qname: str         # as written (with prefix)
    start: int         # offset of `<`
    end: int           # offset after `>`
    first_line: int
    last_line: int
    empty: bool = False   # `<x/>`


class Source:
    """A tokenised HTML or XML text."""

    def __init__(self, text: str, xml: bool = False):
        self.text = text
        self.xml = xml
        self._lines = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.tags: list[Tag] = []
        self._tokenise()

    def line_of(self, offset: int) -> int:
        return bisect_right(self._lines, offset)

    def line_start(self, line: int) -> int:
        return self._lines[line - 1]

    def _name(self, raw: str) -> str:
        return raw if self.xml else raw.lower()

    def _tokenise(self) -> None:
        text, pos = self.text, 0
        find = _TOKEN.search
        while True:
            m = find(text, pos)
            if m is None:
                break
            pos = m.end()
            if m.group(1) is not None:
                q = m.group(1)
                self.tags.append(Tag("end", self._local(q), q, m.start(), m.end(),
                                     self.line_of(m.start()), self.line_of(m.end() - 1)))
            elif m.group(2) is not None:
                q = m.group(2)
                empty = (m.group(3) or "").rstrip().endswith("/")
                tag = Tag("start", self._local(q), q, m.start(), m.end(),
                          self.line_of(m.start()), self.line_of(m.end() - 1), empty)
                self.tags.append(tag)
                if not self.xml and tag.name in _RAW_TEXT and not empty:
                    close = re.compile(r"</\s*" + re.escape(tag.name) + r"\s*>", re.I).search(text, pos)
                    if close is None:
                        break
                    self.tags.append(Tag("end", tag.name, tag.name, close.start(), close.end(),
                                         self.line_of(close.start()), self.line_of(close.end() - 1)))
                    pos = close.end()

    def _local(self, qname: str) -> str:
        name = qname.rpartition(":")[2] if self.xml else qname
        return self._name(name)

    # -- pairing with lxml elements ------------------------------------------------

    def start_tag(self, el, root) -> int | None:
        """Index in `tags` of the start tag of lxml element `el`, or None."""
        name = _local_name(el.tag)
        if not self.xml:
            name = name.lower()
        line = el.sourceline
        if not line:
            return None
        same = [e for e in root.iter(el.tag) if e.sourceline == line]
        cands = [i for i, t in enumerate(self.tags)
                 if t.kind == "start" and t.name == name and t.last_line == line]
        if len(cands) != len(same) or el not in same:
            return None
        return cands[same.index(el)]

    def end_tag(self, start_index: int) -> int | None:
        """Index of the explicit end tag matching the start tag at
        `start_index` (same name, nesting counted), or None when the element
        is closed implicitly."""
        opening = self.tags[start_index]
        if opening.empty:
            return None
        depth = 0
        for i in range(start_index + 1, len(self.tags)):
            t = self.tags[i]
            if t.name != opening.name:
                continue
            if t.kind == "start" and not t.empty:
                depth += 1
            elif t.kind == "end":
                if depth == 0:
                    return i
                depth -= 1
        return None

    def span(self, el, root) -> tuple[Tag, Tag] | None:
        """(start tag, end tag) of `el`, checked: the text between them is the
        text lxml read for the element."""
        s = self.start_tag(el, root)
        if s is None:
            return None
        e = self.end_tag(s)
        if e is None:
            return None
        opening, closing = self.tags[s], self.tags[e]
        if _norm(self.inner_text(opening.end, closing.start)) != _norm(_element_text(el)):
            return None
        return opening, closing

    def inner_text(self, start: int, end: int) -> str:
        """Text between two offsets with tags, comments and CDATA markers
        removed and entities decoded (what a parser reads as text)."""
        chunk = self.text[start:end]
        chunk = _cdata_as_text(chunk)
        chunk = _drop_comments(chunk)
        # no bare "<" inside a tag: a run of "<" without ">" stays linear (#16)
        chunk = re.sub(r"<(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>", "", chunk)
        return html.unescape(chunk)


# The two passes below are what `re.sub(r"<!\[CDATA\[(.*?)\]\]>", …, flags=re.S)`
# and `re.sub(r"<!--.*?-->|<[!?][^>]*>", "", flags=re.S)` do, written with
# str.find so that a chunk full of unterminated `<!--` or `<![CDATA[` stays
# linear (the regexes scanned to the end of the chunk from each of them).

def _cdata_as_text(chunk: str) -> str:
    out: list[str] = []
    pos = 0
    while True:
        i = chunk.find("<![CDATA[", pos)
        j = chunk.find("]]>", i + 9) if i >= 0 else -1
        if j < 0:        # none left, or unterminated: no later one is terminated either
            break
        out += (chunk[pos:i], html.escape(chunk[i + 9:j], quote=False))
        pos = j + 3
    out.append(chunk[pos:])
    return "".join(out)


def _drop_comments(chunk: str) -> str:
    out, pos = [], 0
    comment_end = gt = 0     # where the next "-->" / ">" was last found (-1: none left)
    for m in re.finditer(r"<[!?]", chunk):
        i = m.start()
        if i < pos:
            continue         # inside what was just dropped
        end = -1
        if chunk.startswith("<!--", i) and comment_end != -1:
            if comment_end < i + 4:
                comment_end = chunk.find("-->", i + 4)
            if comment_end != -1:
                end = comment_end + 3
        if end < 0 and gt != -1:
            if gt < i + 2:
                gt = chunk.find(">", i + 2)
            if gt != -1:
                end = gt + 1
        if end >= 0:
            out.append(chunk[pos:i])
            pos = end
    out.append(chunk[pos:])
    return "".join(out)


def _local_name(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _element_text(el) -> str:
    from lxml import etree
    return etree.tostring(el, method="text", encoding=str, with_tail=False) or ""


def _norm(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def last_content(text: str, start: int, end: int) -> int:
    """Offset right after the last non-whitespace character in text[start:end]
    (start when there is none)."""
    i = end
    while i > start and text[i - 1].isspace():
        i -= 1
    return i


def indent_of(text: str, offset: int) -> str:
    """Leading whitespace of the line holding `offset`."""
    line_start = text.rfind("\n", 0, offset) + 1
    m = re.match(r"[ \t]*", text[line_start:])
    return m.group(0) if m else ""


def newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"
