"""Bytes to an lxml tree, as browsers decode them; suppression comments.

Decoding: byte-order mark, then the charset declared in `<meta charset>` /
`http-equiv` content type (or an XML declaration), else UTF-8, else
windows-1252 with an `input-encoding` warning. Parsing: lxml's HTML parser,
lenient like a browser (broken markup is never a finding), no network, no
external entities, libxml2's default size limits (no `huge_tree`).
"""
from __future__ import annotations

import re
import threading

from lxml import etree

from ...article import Article, Problem, Suppression
from ..decode import codec_for, decode_text

MAX_BYTES = 32 * 1024 * 1024

_META_CHARSET = re.compile(rb"<meta[^<>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._\-]+)", re.I)


_local = threading.local()


def _parser() -> etree.HTMLParser:
    """One parser per thread (lxml parsers must not be shared across threads)."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = etree.HTMLParser(
            encoding="utf-8", no_network=True, remove_comments=False, remove_pis=False,
            huge_tree=False, default_doctype=False, collect_ids=False)
    return parser


def suppressions_in(comment: str, line: int | None, node=None, paths=None,
                    offset: int = 0) -> list[Suppression]:
    """Suppressions in one comment (provenance.suppressions). With the comment
    `node`, an `ignore[...]` covers the next element: its CSS path (`paths`)
    and its lines."""
    from ...suppressions import parse
    end = line
    if line is not None and comment:
        end = line + comment.count("\n")
    found = parse(comment, line, end)
    if node is not None and any(s.kind == "next" for s in found):
        el = _next_element(node)
        for s in found:
            if s.kind != "next":
                continue
            if el is None:                  # nothing follows: covers nothing
                continue
            s.selector = paths(el) if paths is not None else None
            lines = [d.sourceline for d in el.iter() if isinstance(d.tag, str) and d.sourceline]
            s.first = (min(lines) + offset) if lines else None
            s.last = (max(lines) + offset) if lines else None
    return found


def _next_element(node):
    """The first element that starts after `node` in document order."""
    while node is not None:
        sib = node.getnext()
        while sib is not None and not isinstance(sib.tag, str):
            sib = sib.getnext()
        if sib is not None:
            return sib
        node = node.getparent()
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (`<meta charset>`,
    `http-equiv` content type, XML declaration), or None."""
    match = _XML_ENCODING.match(data[:200]) or _META_CHARSET.search(data[:1024])
    return match.group(1).decode("ascii", "replace") if match else None



def _utf8_payload(data: bytes) -> tuple[bytes, Problem | None]:
    """UTF-8 bytes for the parser, decoding other charsets in Python (with the
    browser meaning of labels, see `decode`)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:], None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, _ = decode_text(data)
        return text.encode("utf-8"), None
    declared = declared_charset(data)
    codec = codec_for(declared)
    if codec == "utf-8" or (codec is None and data.isascii()):
        return data, None
    if codec is None:
        try:
            data.decode("utf-8")
            return data, None
        except UnicodeDecodeError:
            # Browsers give up after 1024 bytes; a later declaration still
            # beats guessing.
            late = _META_CHARSET.search(data[:65536])
            if late and codec_for(late.group(1).decode("ascii", "replace")):
                declared = late.group(1).decode("ascii", "replace")
    text, problem = decode_text(data, declared)
    return text.encode("utf-8"), problem


def _parse(payload: bytes):
    if not payload.strip():
        return None
    try:
        return etree.fromstring(payload, _parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _unreadable(article: Article, message: str) -> Article:
    article.problems.append(Problem(code="input-unreadable", severity="error", message=message))
    article.checked = False
    return article


def _line(node, offset: int = 0) -> int | None:
    line = node.sourceline
    return line + offset if line else None


def _norm(parts) -> str:
    return " ".join("".join(parts).split())


# Evaluated in C: comparing candidate scopes costs no Python string work.
# regexp=False: lxml would otherwise register its EXSLT regular-expression
# functions on every call (a third of a call's cost on a short <p>).
_TEXT_LENGTH = etree.XPath("string-length(normalize-space())", regexp=False)


def _text_length(el) -> int:
    return int(_TEXT_LENGTH(el))
