"""Insertion points in plain text and Markdown, by the reader's line numbers.

Plain text keeps the seed article's layout: a caption is one paragraph (the
label goes at its end), the notice is a paragraph of its own after the last
body paragraph (before a closing go-to-original line, as in the seed), the
go-to-original line is the last paragraph (`Idź do oryginalnego
materiału: URL`). Markdown: the caption is the text after the picture in its
paragraph or the italic line below it (the label goes inside the emphasis);
a picture without one gets an italic line right under it; a picture listed
in the front matter `images:` gets its `credit:` there, and its label in
the entry's `caption:` when the body shows no caption for it; notice and
link (`[text](url)`) are paragraphs like in plain text.
"""
from __future__ import annotations

import re

from .markup import last_content, newline_of
from .plan import Refused, make_edits


def _line_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end-without-newline) of every line."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"[^\r\n]*(\r\n|\n|\r|$)", text):
        if m.start() == len(text) and m.group(0) == "" and out:
            break
        line = m.group(0)
        end = m.start() + len(line.rstrip("\r\n"))
        out.append((m.start(), end))
        pos = m.end()
        if pos >= len(text):
            break
    return out


def paragraph_end(text: str, lines, line: int) -> int:
    """Offset after the last non-blank character of the paragraph starting
    at 1-based `line`."""
    n = line - 1
    if n < 0 or n >= len(lines):
        raise Refused("line out of range")
    last = n
    while last + 1 < len(lines) and text[lines[last + 1][0]:lines[last + 1][1]].strip():
        last += 1
    start, end = lines[last]
    return last_content(text, start, end)


def _body_blocks(article, book):
    """Body paragraphs in order, without headline, source line and captions;
    a trailing go-to-original paragraph is not body (the notice goes before it)."""
    blocks = [b for b in article.blocks if b.kind not in ("heading", "source-line", "caption", "byline")]
    while blocks and len(blocks[-1].text) <= 200 and book.search("go_to_original", blocks[-1].text):
        blocks.pop()
    return blocks


def _end_of_file(text: str) -> int:
    return last_content(text, 0, len(text))


def text_edits(text: str, article, intents, house, markdown: bool = False):
    """[(offset, insert, order, intent)], [(intent, why)]"""
    lines = _line_bounds(text)
    nl = newline_of(text)

    def one(intent):
        if intent.kind == "notice":
            blocks = [b for b in _body_blocks(article, house.book) if b.location.line]
            if not blocks:
                raise Refused("no body paragraph to put the notice after")
            if house.notice_position == "start":
                line = blocks[0].location.line
                at = lines[line - 1][0] + (blocks[0].location.column or 1) - 1
                return [(at, _md(intent.text, markdown) + nl + nl, 0, intent)]
            at = paragraph_end(text, lines, blocks[-1].location.line)
            return [(at, nl + nl + _md(intent.text, markdown), 1, intent)]
        if intent.kind == "source-link":
            line = (f"[{_md(intent.text, True)}]({_md_url(intent.url)})" if markdown
                    else f"{intent.text}: {intent.url}")
            return [(_end_of_file(text), nl + nl + line, 2, intent)]
        return []

    def parts(group):
        if markdown and group[0].image.metadata.get("front_matter"):
            # a picture described in the front matter `images:` list
            return [p for p in ([i for i in group if i.field == "credit"],
                                [i for i in group if i.field != "credit"]) if p]
        return [group]

    def picture(part):
        if markdown and part[0].image.metadata.get("front_matter") and (
                part[0].field == "credit" or not _body_caption(text, part[0].image)):
            at, insert = _front_matter(text, lines, part, nl)
        elif markdown:
            at, insert = _md_caption(text, lines, part, nl, house.book)
        else:
            at, insert = _text_caption(text, lines, part)
        return [(at, insert if i == 0 else "", 0, intent) for i, intent in enumerate(part)]

    return make_edits(intents, one, picture, parts)


_CAPTION_ORDER = {"ai_image_label": 0, "archive_label": 1, "credit": 2}


def caption_text(group) -> str:
    return " ".join(i.text for i in sorted(group, key=lambda i: _CAPTION_ORDER.get(i.field, 3)))


def credit_label(book, caption: str) -> str | None:
    """The label opening a credit that closes the caption (`Illustration:`
    in "So könnte es aussehen. Illustration: Daniel Price"), as written: an
    archive or AI label goes before it, as editors write them."""
    for kind in ("photo_label", "neutral_label", "credit_prefix"):
        hits = book.find(kind, caption)
        if not hits:
            continue
        m = hits[-1]
        label = caption[m.start:m.end]
        if label.rstrip().endswith(":") and caption[:m.start].strip() and caption[m.end:].strip():
            return label
    return None


def glue(before: str, insert: str) -> str:
    """What goes between a caption and the added text: a full stop closes a
    caption that ends mid-sentence when the addition starts a new one
    (`Der Roncalliplatz am Abend. Foto: …`), else a space."""
    before = before.rstrip()
    if not before:
        return ""
    if before[-1].isalnum() and insert[:1].isupper():
        return ". "
    return " "


def _text_caption(text, lines, group):
    image = group[0].image
    if not image.location.line:
        raise Refused("caption has no line")
    label = caption_text(group)
    return paragraph_end(text, lines, image.location.line), glue(image.caption, label) + label


# -- Markdown ---------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(s: str, markdown: bool) -> str:
    return _MD_SPECIAL.sub(r"\\\1", s) if markdown else s


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _md_caption(text, lines, group, nl, book=None):
    """The caption of a Markdown picture: text after it in its paragraph, or
    an all-italic paragraph right below; else a new italic line under it."""
    from markdown_it import MarkdownIt
    image = group[0].image
    line = image.location.line
    if not line:
        raise Refused("picture has no line")
    body = _blank_front_matter(text)
    tokens = MarkdownIt("commonmark").parse(body)
    label = _md(caption_text(group), True)
    for i, tok in enumerate(tokens):
        if tok.type != "inline" or not tok.map or not (tok.map[0] < line <= tok.map[1]):
            continue
        kids = tok.children or []
        pics = [k for k in kids if k.type == "image"]
        mine = [n for n, k in enumerate(kids) if k.type == "image" and (k.attrGet("src") or "") == image.src]
        if len(mine) != 1:
            raise Refused("cannot tell which picture in the paragraph is meant")
        if pics[-1] is not kids[mine[0]]:
            raise Refused("several pictures share the paragraph")
        after = kids[mine[0] + 1:]
        last_line = tok.map[1]
        end = last_content(text, lines[last_line - 1][0], lines[last_line - 1][1])
        if any(k.type == "text" and k.content.strip() for k in after):
            at = _before_credit_label(text, lines[tok.map[0]][0], end, image.caption, group, book)
            if at is not None:
                return at, label + " "
            return end, glue(image.caption, label) + label
        lead = any(k.type == "text" and k.content.strip() for k in kids[:mine[0]])
        if not lead and i + 3 < len(tokens) and tokens[i + 2].type == "paragraph_open":
            below = tokens[i + 3]
            kids2 = [k for k in (below.children or []) if not (k.type == "text" and not k.content.strip())]
            if (below.map and len(kids2) >= 3 and kids2[0].type == "em_open" and kids2[-1].type == "em_close"
                    and sum(1 for k in kids2 if k.type == "em_open") == 1):
                ls, le = lines[below.map[1] - 1]
                close = last_content(text, ls, le)
                if text[close - 1] not in "*_":
                    raise Refused("italic caption line has an unexpected shape")
                at = _before_credit_label(text, lines[below.map[0]][0], close - 1, image.caption, group, book)
                if at is not None:
                    return at, label + " "
                return close - 1, glue(image.caption, label) + label
        if lead:
            raise Refused("the picture sits inside running text: no caption line to extend")
        return end, nl + f"*{label}*"
    raise Refused("picture not found in the Markdown source")


def _before_credit_label(text, start, end, caption, group, book):
    """Where an archive/AI label goes when the caption closes with a credit
    (`… (Archivbild) Foto: Name`): before that credit's label, found once in
    the caption's source after a space; else None."""
    if book is None or any(i.field == "credit" for i in group):
        return None
    label = credit_label(book, caption or "")
    if not label:
        return None
    chunk = text[start:end]
    first = chunk.find(label)
    if first < 0 or chunk.find(label, first + 1) >= 0 or first == 0 or chunk[first - 1] not in " \t":
        return None
    return start + first


def _blank_front_matter(text: str) -> str:
    m = re.match(r"\A(\ufeff)?---[ \t]*\r?\n", text)
    if not m:
        return text
    close = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M).search(text, m.end())
    if not close:
        return text
    end = text.find("\n", close.end())
    end = len(text) if end < 0 else end
    return "\n" * text.count("\n", 0, end) + text[end:]


# -- Markdown front matter `images:` ------------------------------------------------

def _body_caption(text: str, image) -> bool:
    """Whether the picture's caption is written in the body (not only in the front matter)."""
    entry = image.metadata.get("front_matter") or {}
    caption = " ".join(str(entry.get("caption") or "").split())
    return bool(image.caption) and (not caption or image.caption != caption)


def _front_matter(text, lines, group, nl):
    """A credit becomes the entry's `credit:` (front matter credits are
    rendered by the site's template); a label is appended to its `caption:`."""
    import json
    entry = group[0].image.metadata["front_matter"]
    close = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M).search(text, 4)
    if not text.lstrip("\ufeff").startswith("---") or close is None:
        raise Refused("front matter not found")
    end_line = text.count("\n", 0, close.start()) + 1         # the closing fence (1-based)
    src = str(entry.get("src"))
    start = None
    for n in range(1, end_line - 1):
        ls, le = lines[n]
        m = re.match(r"^([ \t]*)-([ \t]+)src:[ \t]*(['\"]?)(.*?)\3[ \t]*$", text[ls:le])
        if m and m.group(4) == src:
            if start is not None:
                raise Refused("the picture is listed twice in the front matter")
            start, col = n, len(m.group(1)) + 1 + len(m.group(2))
    if start is None:
        raise Refused("the picture's front matter entry is not written as '- src: …'")
    last = start
    keys = {}
    for n in range(start + 1, end_line - 1):
        ls, le = lines[n]
        line = text[ls:le]
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        if indent < col:
            break
        last = n
        km = re.match(r"[ \t]*([\w-]+):", line)
        if km and indent == col:
            keys[km.group(1)] = n
    if group[0].field == "credit":
        if "credit" in keys:
            raise Refused("the front matter entry already has a credit")
        return lines[last][1], nl + " " * col + "credit: " + json.dumps(group[0].text, ensure_ascii=False)
    label = caption_text(group)
    if "caption" not in keys:
        return lines[last][1], nl + " " * col + "caption: " + json.dumps(label, ensure_ascii=False)
    ls, le = lines[keys["caption"]]
    line = text[ls:le]
    vm = re.match(r"^[ \t]*caption:[ \t]*(.*?)[ \t]*$", line)
    value = vm.group(1)
    before = str(entry.get("caption") or "")
    piece = glue(before, label) + label
    if value[:1] == '"' and value.endswith('"') and len(value) > 1:
        return ls + line.rindex('"'), json.dumps(piece, ensure_ascii=False)[1:-1]
    if value[:1] == "'" and value.endswith("'") and len(value) > 1:
        return ls + line.rindex("'"), piece.replace("'", "''")
    if value and value[:1] not in "|>&*!%@`[{" and not re.search(r": | #|:$", piece):
        return ls + len(line.rstrip()), piece
    raise Refused("the front matter caption is not a one-line text to extend")
