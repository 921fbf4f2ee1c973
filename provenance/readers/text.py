"""Plain-text articles, shaped like the seed article (docs/design.md#plain-text).

- first non-empty line: headline;
- next non-empty line of the form `<outlet> <relative or absolute time>`: the
  aggregator's source line, even when the caption follows without a blank line;
- a paragraph with a credit, a picture marker or an archive label: the caption
  of an image the text does not contain;
- a short paragraph with a go-to-original phrase: a link, without target
  unless the paragraph carries the URL (`Idź do oryginalnego materiału:
  https://…`, as `check --fix` writes it);
- a line `provenance: ignore[rule-id] reason="…"`: a suppression (not text);
- everything else: body paragraphs, located by line and column.

The reader uses the phrase packs as vocabulary (relative-time words, credit
and picture markers); it knows no rules.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .. import suppressions
from ..article import Article, Block, Image, Link, Location, SourceLine
from .decode import decode_text

if TYPE_CHECKING:      # the run's phrase book is handed in: readers import no language layer
    from ..phrases import PhraseBook

_URL = re.compile(r"https?://[^\s<>\"')\]]+")


def read(data: bytes, path: str, file: str | None, book: PhraseBook) -> list[Article]:
    """Read a plain-text file (bytes as on disk) into one Article; `book`
    (the run's phrase packs) says which lines are source lines, captions
    and go-to-original links."""
    text, problem = decode_text(data)
    art = Article(path=path, format="text", file=file)
    if problem is not None:
        art.problems.append(problem)
    paragraphs = _paragraphs(text, art)
    if art.suppressions:
        art.suppressions[:] = suppressions.resolve_lines(art.suppressions, text.splitlines(), block=False)
    if not paragraphs:
        return [art]
    first = paragraphs.pop(0)
    head_line, head_col, head_lines = first
    art.headline = head_lines[0]
    art.blocks.append(Block(head_lines[0], Location(head_line, head_col), "heading"))
    rest = head_lines[1:]
    if rest:   # headline paragraph continues: treat the remainder as the next paragraph
        paragraphs.insert(0, (head_line + 1, 1, rest))
    if paragraphs:
        line, col, lines = paragraphs[0]
        src = source_line(book, lines[0])
        if src is not None:
            outlet, when = src
            art.source_line = SourceLine(outlet, when, Location(line, col))
            art.blocks.append(Block(lines[0], Location(line, col), "source-line"))
            paragraphs[0] = (line + 1, 1, lines[1:])
            if not lines[1:]:
                paragraphs.pop(0)
    for line, col, lines in paragraphs:
        para = " ".join(s.strip() for s in lines)
        loc = Location(line, col)
        url = _URL.search(para)
        bare = _URL.sub("", para) if url else para
        if len(bare) <= 120 and book.search("go_to_original", bare):
            # `Idź do oryginalnego materiału: https://…` names its target
            art.links.append(Link(para, url.group(0).rstrip(".,;:") if url else None, loc))
            art.blocks.append(Block(para, loc))
            continue
        if book.is_caption(para):
            art.images.append(Image(src="", location=loc, caption=para, in_text_only=True))
            art.blocks.append(Block(para, loc, "caption"))
            continue
        art.blocks.append(Block(para, loc))
        for m in _URL.finditer(para):
            art.links.append(Link(m.group(0), m.group(0).rstrip(".,;:"), loc))
    return [art]


# The first word of a would-be outlet: one of the packs' `byline_words`
# makes it a byline ("By Tom Hadley 3 hours ago") or a timestamp label
# ("Updated 3 hours ago", "Stand:", "Opublikowano:"), no outlet.
_FIRST_WORD = re.compile(r"\w+")


def source_line(book, line: str) -> tuple[str, str] | None:
    """`upday.com 1 godzina temu` -> ("upday.com", "1 godzina temu").

    Not a source line: a byline or timestamp label before the time ("By Tom
    Hadley 3 hours ago", "Aktualisiert vor 2 Stunden", "Stand: …") and a
    dateline "Berlin, 23.11.2026" (a place, a comma, a date)."""
    s = line.strip()
    if not s or len(s) > 90 or len(s.split()) > 10:
        return None
    for kind in ("relative_time", "absolute_time"):
        for m in book.find(kind, s):
            if s[m.end:].strip(" .·|-–—"):
                continue
            outlet = s[:m.start].strip(" ·|,-–—•")
            if not outlet or len(outlet.split()) > 5 or outlet.endswith((".", "!", "?", ":")):
                continue
            first = _FIRST_WORD.match(outlet)
            if first and first.group().lower() in book.word_set("byline_words"):
                continue
            if kind == "absolute_time" and s[len(outlet):m.start].strip() == "," and "." not in outlet:
                continue        # "Berlin, 23.11.2026": a dateline, not an outlet
            return outlet, s[m.start:].strip()
    return None


def _paragraphs(text: str, art: Article):
    """Blank-line separated paragraphs as (line, column, [lines])."""
    out = []
    cur: list[str] = []
    start = (0, 1)
    for n, raw in enumerate(text.splitlines(), 1):
        inner = raw.strip()
        if inner.startswith("<!--") and inner.endswith("-->"):
            inner = inner[4:-3]
        if suppressions.mentions(inner):
            art.suppressions.extend(suppressions.parse(inner, n))
            if cur:              # a suppression line ends a paragraph (lines stay those of the file)
                out.append((start[0], start[1], cur))
                cur = []
            continue
        if raw.strip():
            if not cur:
                start = (n, len(raw) - len(raw.lstrip()) + 1)
            cur.append(raw.strip())
        elif cur:
            out.append((start[0], start[1], cur))
            cur = []
    if cur:
        out.append((start[0], start[1], cur))
    return out
