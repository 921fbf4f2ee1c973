"""Markdown reader: one `.md` file → one `Article` (format "markdown").

* **Front matter** between `---` lines (YAML, `safe_load`). Keys the checks
  use:

  | key | goes to |
  |---|---|
  | `title` | headline (else the first heading) |
  | `lang` / `language` | language |
  | `published` / `date` | published (and `declared["published"]`) |
  | `ai`, `reviewed`, `aggregated`, `source` | `declared[...]`, origin "front matter" |
  | `author` / `byline` | byline |
  | `canonical`, `url` | canonical, own URL |
  | `images: [{src, caption, credit}]` | merged into the body image with that src |
  | `provenance-ignore: [rule, {rule, reason}]` or `provenance: {ignore: [...]}` | suppressions |

  Malformed front matter is an `input-front-matter` warning; the body is
  still read.
* **Body** (CommonMark, markdown-it-py): paragraphs, headings, list items,
  block quotes become Blocks with their source line. Images
  `![alt](src "title")` get as caption the text after them in the same
  paragraph, or an italic paragraph directly below (`*Foto: dpa*`); that
  caption is also a Block of kind "caption". Links `[text](href)` become
  Links. Raw HTML (a `<figure>`, hidden spans, comments) is read with the
  HTML reader's rules, so hidden text stays invisible and
  `<!-- provenance: ignore[rule] reason="..." -->` comments are suppressions.
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING, Any

from ..dates import iso_date
from ..article import Article, Block, Declared, Image, Link, Location, Problem, SourceLine, Suppression, declared_value
from . import html as html_reader
from .decode import decode_text

if TYPE_CHECKING:      # the run's phrase book is handed in: readers import no language layer
    from ..phrases import PhraseBook

_FENCE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_FENCE_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
_DECLARED_KEYS = ("ai", "reviewed", "aggregated", "published", "source")

_md = None


# markdown-it's inline parser makes a token for every emphasis mark and
# bracket (~5 µs each): a file of 500,000 `*_` took 7 s. Inline marks are
# parsed up to this many per file; a paragraph that would go beyond it is
# read as its plain text (no emphasis, links or images), which keeps any
# file's reading linear and well under a second.
MAX_INLINE_MARKS = 100_000
_MARKS = "*_[]!`<&\\"


def _parser():
    global _md
    if _md is None:
        from markdown_it import MarkdownIt
        _md = MarkdownIt("commonmark")
        _md.core.ruler.at("inline", _bounded_inline)
    return _md


def _bounded_inline(state) -> None:
    """markdown-it's core `inline` rule with a budget of inline marks per file."""
    budget = MAX_INLINE_MARKS
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        content = token.content
        marks = sum(map(content.count, _MARKS))
        if marks > budget:
            from markdown_it.token import Token
            text = Token("text", "", 0)
            text.content = content
            token.children.append(text)
            # the first such paragraph's line and how many there were, for
            # the reader's input warning
            plain = state.env.setdefault("plain_paragraphs", [])
            plain.append(token.map[0] + 1 if token.map else None)
            continue
        budget -= marks
        state.md.inline.parse(content, state.md, state.env, token.children)


def read(data: bytes, path: str, file: str | None, book: PhraseBook) -> list[Article]:
    """Read a Markdown file (bytes as on disk) into one Article; `book` (the
    run's phrase packs) finds the aggregator's source line."""
    article = Article(path=path, format="markdown", file=file)
    text, problem = decode_text(data)
    if problem:
        article.problems.append(problem)
    text = text.lstrip("\ufeff")
    front, body = _split_front_matter(text, article)
    if front is not None:
        _apply_front_matter(front, text, article)
    _Body(article, book).read(body)
    if article.suppressions:
        # a comment's "next element" is the next Markdown block: its lines
        from ..suppressions import resolve_lines
        for s in article.suppressions:
            if s.kind == "next":
                s.selector = s.first = None
                s.last = s.location.line
        article.suppressions[:] = resolve_lines(article.suppressions, body.splitlines(), block=True)
    if front is not None:
        _merge_front_matter_images(front, article)
    if not article.headline:
        article.headline = next((b.text for b in article.blocks if b.kind == "heading"), None)
    _mark_source_line(article, book)
    return [article]


def _mark_source_line(article: Article, book: PhraseBook) -> None:
    """A short `<outlet> <time>` paragraph right after the first heading
    (`upday.com 1 godzina temu`) is the aggregator's source line, exactly as
    in plain text: the article is then a copy of that outlet's story."""
    blocks = article.blocks
    first = next((i for i, b in enumerate(blocks) if b.kind == "heading"), None)
    if first is None or first + 1 >= len(blocks):
        return
    block = blocks[first + 1]
    if block.kind != "paragraph" or len(block.text) > 90:
        return
    from .text import source_line
    found = source_line(book, block.text)
    if found is not None:
        article.source_line = SourceLine(found[0], found[1], block.location)
        block.kind = "source-line"


# --- front matter ------------------------------------------------------------

def _split_front_matter(text: str, article: Article) -> tuple[dict | None, str]:
    """(front matter mapping or None, body with the front matter lines
    blanked so that line numbers stay those of the file)."""
    opening = _FENCE.match(text)
    if not opening:
        return None, text
    closing = _FENCE_END.search(text, opening.end())
    if not closing:
        return None, text
    raw = text[opening.end():closing.start()]
    end = text.find("\n", closing.end())
    end = len(text) if end < 0 else end
    blank = "\n" * text.count("\n", 0, end)
    body = blank + text[end:]
    import yaml
    from ..limits import YAMLTooLarge, load_yaml
    try:
        front = load_yaml(raw) if raw.strip() else {}
    except YAMLTooLarge as exc:
        article.problems.append(Problem(code="input-front-matter", severity="warning",
                                        message=f"front matter refused: {exc}",
                                        location=Location(line=1, column=1)))
        return None, body
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        article.problems.append(Problem(code="input-front-matter", severity="warning",
                                        message=f"front matter is not valid YAML: {_yaml_reason(exc)}",
                                        location=Location(line=line, column=1)))
        return None, body
    if front is None:
        front = {}
    if not isinstance(front, dict):
        article.problems.append(Problem(code="input-front-matter", severity="warning",
                                        message="front matter is not a mapping of keys to values",
                                        location=Location(line=1, column=1)))
        return None, body
    return front, body


def _yaml_reason(exc: Exception) -> str:
    reason = getattr(exc, "problem", None) or str(exc)
    return " ".join(str(reason).split())


def _plain(value: Any) -> Any:
    """YAML dates → ISO strings (so metadata stays JSON-serialisable)."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _key_line(text: str, key: str) -> int:
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _apply_front_matter(front: dict, text: str, article: Article) -> None:
    article.metadata["front_matter"] = _plain(front)
    for key in _DECLARED_KEYS:
        if key in front and front[key] is not None and front[key] != "":
            article.declared[key] = Declared(declared_value(key, front[key]), "front matter")
    title = front.get("title") or front.get("headline")
    if isinstance(title, (str, int, float)) and str(title).strip():
        article.headline = " ".join(str(title).split())
    lang = front.get("lang") or front.get("language")
    if isinstance(lang, str):
        primary = lang.strip().replace("_", "-").split("-", 1)[0].lower()
        article.language = primary if re.fullmatch(r"[a-z]{2,3}", primary) else None
    article.published = iso_date(front.get("published")) or iso_date(front.get("date"))
    for key in ("author", "byline", "authors"):
        value = front.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if isinstance(v, (str, int)))
        if isinstance(value, str) and value.strip():
            article.byline = value.strip()
            break
    for key, attr in (("canonical", "canonical"), ("url", "own_url")):
        if isinstance(front.get(key), str):
            setattr(article, attr, front[key].strip())
    if isinstance(front.get("section"), str):
        article.section = front["section"]
    ignores = front.get("provenance-ignore")
    block = front.get("provenance")
    if ignores is None and isinstance(block, dict):
        ignores = block.get("ignore")
    if ignores is not None:
        line = _key_line(text, "provenance-ignore" if "provenance-ignore" in front else "provenance")
        article.suppressions.extend(_suppressions(ignores, line))


def _suppressions(ignores: Any, line: int) -> list[Suppression]:
    found = []
    for item in ignores if isinstance(ignores, list) else [ignores]:
        if isinstance(item, str) and item.strip():
            found.append(Suppression(rule=item.strip(), reason=None, location=Location(line=line, column=1)))
        elif isinstance(item, dict) and item.get("rule"):
            reason = item.get("reason")
            reason = str(reason).strip() if reason is not None and str(reason).strip() else None
            for rule in (item["rule"] if isinstance(item["rule"], list) else [item["rule"]]):
                found.append(Suppression(rule=str(rule).strip(), reason=reason,
                                         location=Location(line=line, column=1)))
    return found


def _merge_front_matter_images(front: dict, article: Article) -> None:
    """`images:` entries describe body images by src: their caption/credit
    fill the image's empty fields. Entries naming no body image are kept in
    metadata only (no Image is invented)."""
    entries = front.get("images")
    if not isinstance(entries, list):
        return
    by_src: dict[str, list[Image]] = {}
    for image in article.images:
        by_src.setdefault(_src_key(image.src), []).append(image)
    unmatched = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("src"), str):
            continue
        images = by_src.get(_src_key(entry["src"]))
        if not images:
            unmatched.append(_plain(entry))
            continue
        for image in images:
            if entry.get("caption") and not image.caption:
                image.caption = str(entry["caption"])
            if entry.get("credit") and not image.credit:
                image.credit = str(entry["credit"])
            image.metadata.setdefault("front_matter", _plain(entry))
    if unmatched:
        article.metadata["front_matter_images"] = unmatched


def _src_key(src: str) -> str:
    src = src.strip()
    while src.startswith("./"):
        src = src[2:]
    return src


# --- body ----------------------------------------------------------------------

class _Body:
    """Walks markdown-it's token stream once."""

    def __init__(self, article: Article, book: PhraseBook):
        self.article = article
        self.book = book
        self.caption_for: list[Image] | None = None   # images waiting for an italic line below

    def read(self, body: str) -> None:
        env: dict = {}
        tokens = _parser().parse(body, env)
        plain = env.get("plain_paragraphs")
        if plain:
            n = len(plain)
            self.article.problems.append(Problem(
                code="input-markup-limit", severity="warning",
                message=(f"{n} paragraph{'s' if n > 1 else ''} read as plain text: the file has more than "
                         f"{MAX_INLINE_MARKS:,} inline Markdown marks (emphasis, brackets, backticks); "
                         "links and images there are not checked"),
                location=Location(line=plain[0], column=1)))
        kinds: list[str] = []
        for index, token in enumerate(tokens):
            kind = token.type
            if kind == "blockquote_open":
                kinds.append("quote")
            elif kind in ("bullet_list_open", "ordered_list_open"):
                kinds.append("list")
            elif kind in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
                if kinds:
                    kinds.pop()
            elif kind == "inline":
                opener = tokens[index - 1] if index else None
                line = (token.map[0] + 1) if token.map else None
                if opener is not None and opener.type == "heading_open":
                    block_kind = "heading"
                elif kinds:
                    block_kind = kinds[-1]
                else:
                    block_kind = "paragraph"
                self._inline(token, line, block_kind)
            elif kind in ("fence", "code_block"):
                self.caption_for = None
                line = token.map[0] + 1 if token.map else None
                text = " ".join(token.content.split())
                if text:
                    self._block(text, line, "paragraph")
            elif kind == "html_block":
                self.caption_for = None
                line = token.map[0] + 1 if token.map else 1
                html_reader.read_fragment(token.content, self.article, self.book, line_offset=line - 1)

    def _block(self, text: str, line: int | None, kind: str) -> None:
        self.article.blocks.append(Block(text=text, location=Location(line=line, column=1), kind=kind))

    def _inline(self, token, line: int | None, kind: str) -> None:
        children = token.children or []
        if any(child.type == "html_inline" for child in children):
            self._inline_html(token, line, kind)
            return
        waiting = self.caption_for
        self.caption_for = None
        if waiting is not None and kind == "paragraph" and _all_emphasis(children):
            text = _text_of(children)
            for image in waiting:
                if not image.caption:
                    image.caption = text
            self._block(text, line, "caption")
            return
        # Split the paragraph at images: text before the first image is
        # body text; the text after an image (until the next) is its caption.
        segments: list[tuple[Image | None, list]] = [(None, [])]
        text_lines: list[int | None] = [line]   # line of each segment's first text
        current_line = line
        for child in children:
            if child.type in ("softbreak", "hardbreak"):
                current_line = current_line + 1 if current_line else None
                segments[-1][1].append(child)
                if not _text_of(segments[-1][1]):
                    text_lines[-1] = current_line
            elif child.type == "image":
                image = Image(src=child.attrGet("src") or "", alt=child.content,
                              title=child.attrGet("title") or None,
                              location=Location(line=current_line, column=1))
                image.remote = image.src.startswith(("http://", "https://", "//"))
                self.article.images.append(image)
                segments.append((image, []))
                text_lines.append(current_line)
            else:
                segments[-1][1].append(child)
        self._links(children, line)
        lead = _text_of(segments[0][1])
        if lead:
            self._block(lead, line, kind)
        images_only: list[Image] = []
        for (pictured, parts), caption_line in zip(segments[1:], text_lines[1:]):
            assert pictured is not None      # segments after the first start with their image
            caption = _text_of(parts)
            if caption:
                pictured.caption = caption
                self._block(caption, caption_line, "caption")
            elif not lead:
                images_only.append(pictured)
        if images_only:
            self.caption_for = images_only

    def _links(self, children, line: int | None) -> None:
        current_line = line
        open_links: list[tuple[Any, list[str], int | None]] = []
        for child in children:
            if child.type in ("softbreak", "hardbreak"):
                current_line = current_line + 1 if current_line else None
                for _, parts, _ in open_links:
                    parts.append(" ")
            elif child.type == "link_open":
                open_links.append((child, [], current_line))
            elif child.type == "link_close" and open_links:
                opener, parts, start = open_links.pop()
                self.article.links.append(Link(
                    text=" ".join("".join(parts).split()), href=opener.attrGet("href"),
                    location=Location(line=start, column=1), rel=opener.attrGet("rel") or ""))
            elif child.type in ("text", "code_inline"):
                for _, parts, _ in open_links:
                    parts.append(child.content)
            elif child.type == "image":
                for _, parts, _ in open_links:
                    parts.append("")  # alt text is not visible link text

    def _inline_html(self, token, line: int | None, kind: str) -> None:
        """A paragraph with raw inline HTML: render it and read it with the
        HTML reader's visibility rules."""
        self.caption_for = None
        md = _parser()
        rendered = md.renderer.render([_paragraph_open(), token, _paragraph_close()], md.options, {})
        start_blocks = len(self.article.blocks)
        html_reader.read_fragment(rendered, self.article, self.book, line_offset=(line or 1) - 1)
        for block in self.article.blocks[start_blocks:]:
            block.location.column = 1
            block.location.selector = None   # Markdown locates by line
            if kind != "paragraph" and block.kind == "paragraph":
                block.kind = kind


def _paragraph_open():
    from markdown_it.token import Token
    return Token("paragraph_open", "p", 1)


def _paragraph_close():
    from markdown_it.token import Token
    return Token("paragraph_close", "p", -1)


def _text_of(children) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _all_emphasis(children) -> bool:
    """True when the whole paragraph is italic (`*...*` or `_..._`)."""
    meaningful = [c for c in children if not (c.type == "text" and not c.content.strip())]
    return (len(meaningful) >= 3 and meaningful[0].type == "em_open"
            and meaningful[-1].type == "em_close"
            and sum(1 for c in meaningful if c.type == "em_open") == 1)
