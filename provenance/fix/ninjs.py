"""Insertion points in a ninjs document, as offsets in the JSON text.

A small scanner maps every JSON pointer to the span of its value, so a fix
inserts into the document as written (member order, indentation, escapes
all kept):

* credit: a `byline` (ninjs 1.x) or `by` (2.x, 3.x) member added to the
  picture object — the bare credit: consumers print their own label;
* archive / AI-image label: appended to the picture's `description_text`
  (or the caption in `descriptions`); a 1.x picture without one gets a
  `description_text`;
* notice and go-to-original link: appended to the body the reader chose
  (`body_html`/`bodies[…]` as a `<p>`, `body_text` as a paragraph).
  A NITF body string is refused.
"""
from __future__ import annotations

import html as _html
import json
import re

from .markup import indent_of, last_content, newline_of
from .plan import Refused, make_edits
from .text import caption_text, glue

_WS = re.compile(r"[ \t\r\n]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
def _skip(text: str, pos: int) -> int:
    """Position after the whitespace at `pos`."""
    m = _WS.match(text, pos)
    return m.end() if m else pos


_SCALAR = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")


def spans(text: str) -> dict[str, tuple[int, int]]:
    """JSON pointer -> (start, end) of its value in `text`."""
    out: dict[str, tuple[int, int]] = {}

    def value(pos: int, pointer: str) -> int:
        pos = _skip(text, pos)
        c = text[pos:pos + 1]
        start = pos
        if c == "{":
            pos = _skip(text, pos + 1)
            if text[pos] == "}":
                pos += 1
            else:
                while True:
                    m = _STRING.match(text, pos)
                    if not m:
                        raise ValueError("key expected")
                    key = json.loads(m.group(0))
                    pos = _skip(text, m.end())
                    if text[pos] != ":":
                        raise ValueError(": expected")
                    pos = value(pos + 1, pointer + "/" + key.replace("~", "~0").replace("/", "~1"))
                    pos = _skip(text, pos)
                    if text[pos] == ",":
                        pos = _skip(text, pos + 1)
                        continue
                    if text[pos] == "}":
                        pos += 1
                        break
                    raise ValueError(", or } expected")
        elif c == "[":
            pos = _skip(text, pos + 1)
            n = 0
            if text[pos] == "]":
                pos += 1
            else:
                while True:
                    pos = value(pos, f"{pointer}/{n}")
                    n += 1
                    pos = _skip(text, pos)
                    if text[pos] == ",":
                        pos += 1
                        continue
                    if text[pos] == "]":
                        pos += 1
                        break
                    raise ValueError(", or ] expected")
        elif c == '"':
            m = _STRING.match(text, pos)
            if not m:
                raise ValueError("bad string")
            pos = m.end()
        else:
            m = _SCALAR.match(text, pos)
            if not m:
                raise ValueError("value expected")
            pos = m.end()
        out[pointer] = (start, pos)
        return pos

    value(0 if not text.startswith("\ufeff") else 1, "")
    return out


def ninjs_edits(text: str, article, intents, house):
    try:
        where = spans(text)
        doc = json.loads(text.lstrip("\ufeff"))
    except (ValueError, IndexError) as e:
        return [], [(i, f"could not map the JSON source: {e}") for i in intents]
    from ..readers.ninjs import _choose_body, detect_version
    ascii_only = text.isascii() and "\\u" in text
    version = detect_version(doc)
    nl = newline_of(text)

    def one(intent):
        chosen = _choose_body(doc)
        if chosen is None:
            raise Refused("the item has no body to add to")
        pointer, kind, _ = chosen
        if kind == "nitf":
            raise Refused("NITF body string: not edited")
        if kind == "text" and intent.kind == "source-link":
            raise Refused("a plain-text body cannot carry a link: add it to the item's links")
        start, end = where[pointer]
        if kind == "html":
            piece = (f"<p>{_html.escape(intent.text, quote=False)}</p>" if intent.kind == "notice" else
                     f'<p><a href="{_html.escape(intent.url)}">{_html.escape(intent.text, quote=False)}</a></p>')
        else:
            piece = "\n\n" + (intent.text if intent.kind == "notice" else f"{intent.text}: {intent.url}")
        at = end - 1
        if kind == "html":
            # a whole document or article in the string: inside it, at its end
            closers = [m for tag in ("article", "body")
                       for m in re.finditer(r"<\\?/" + tag + r"\s*>", text[start:end], re.I)]
            if closers:     # the first of </article>, </body>
                at = start + min(m.start() for m in closers)
        return [(at, _json_fragment(piece, ascii_only), 1 if intent.kind == "notice" else 2, intent)]

    return make_edits(intents, one, lambda group: _picture(text, where, doc, group, version, ascii_only, nl))


def _json_fragment(s: str, ascii_only: bool) -> str:
    return json.dumps(s, ensure_ascii=ascii_only)[1:-1]


def _get(doc, pointer: str):
    node = doc
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _picture(text, where, doc, group, version, ascii_only, nl):
    selector = group[0].image.location.selector or ""
    if "/renditions/" not in selector:
        raise Refused("the picture is inside a body: not a picture object to edit")
    obj_pointer = selector.rsplit("/renditions/", 1)[0]
    obj = _get(doc, obj_pointer)
    if obj_pointer not in where or not isinstance(obj, dict):
        raise Refused("picture object not found in the JSON source")
    out = []
    credits = [i for i in group if i.field == "credit"]
    labels = [i for i in group if i.field != "credit"]
    members = []
    if credits:
        key = "byline" if version.startswith("1") else "by"
        if key in obj:
            raise Refused(f"the picture already has '{key}'")
        members.append((key, credits[0].credit or credits[0].text, credits))
    if labels:
        label = caption_text(labels)
        if isinstance(obj.get("description_text"), str):
            start, end = where[f"{obj_pointer}/description_text"]
            sep = glue(obj["description_text"], label)
            out += [(end - 1, _json_fragment(sep + label, ascii_only) if n == 0 else "", 0, i)
                    for n, i in enumerate(labels)]
        elif isinstance(obj.get("descriptions"), list) and obj["descriptions"]:
            descs = obj["descriptions"]
            pick = next((n for n, d in enumerate(descs) if isinstance(d, dict)
                         and str(d.get("role", "")).lower() == "caption" and isinstance(d.get("value"), str)), None)
            if pick is None:
                pick = next((n for n, d in enumerate(descs) if isinstance(d, dict)
                             and str(d.get("role", "")).lower() != "writer" and isinstance(d.get("value"), str)), None)
            if pick is None:
                raise Refused("no caption description to extend")
            start, end = where[f"{obj_pointer}/descriptions/{pick}/value"]
            sep = glue(descs[pick]["value"], label)
            out += [(end - 1, _json_fragment(sep + label, ascii_only) if n == 0 else "", 0, i)
                    for n, i in enumerate(labels)]
        elif version.startswith("1"):
            members.append(("description_text", label, labels))
        else:
            raise Refused("the picture has no caption field to extend")
    if members:
        start, end = where[obj_pointer]
        at = last_content(text, start + 1, end - 1)
        multiline = "\n" in text[start:end]
        indent = indent_of(text, at) if multiline else ""
        piece = ""
        for key, value, _ in members:
            member = f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=ascii_only)}"
            piece += ("," + nl + indent + member) if multiline else (", " + member)
        if at == start + 1:      # empty object
            piece = piece.lstrip(",").lstrip()
        for n, (_, _, intents) in enumerate(members):
            for m, i in enumerate(intents):
                out.append((at, piece if n == 0 and m == 0 else "", 0, i))
    return out
