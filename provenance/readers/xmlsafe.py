"""Safe XML parsing for the structured news readers (NewsML-G2, RSS, Atom).

News files come from agencies, aggregators and the open web, so the parser
is configured as docs/design.md#safety says: no entity expansion, no DTD
loading, no network, no huge-tree mode. A document whose internal DTD
subset declares entities is refused outright: an entity-expansion bomb
("billion laughs") would otherwise be the one input that makes a check hang
or eat memory, and real news formats never need their own entities.

    tree = parse(data)             # lxml ElementTree or raises XMLRefused
    local_name(el)                 # "newsItem" for "{ns}newsItem"
"""
from __future__ import annotations

import re

from lxml import etree

from provenance.article import Article, Problem

ENTITY_BOMB = ("XML entity declarations are not allowed "
               "(possible entity-expansion bomb)")

# The internal subset sits between `<!DOCTYPE name [` and `]>`; the prolog is
# short, so looking at its bytes is cheap and never expands anything.
_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^\[>]*\[", re.IGNORECASE)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_PROLOG_ITEM = re.compile(r"\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)", re.S)
_ROOT_START = re.compile(r"\s*<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)([^>]*)")


class XMLRefused(ValueError):
    """The bytes are not XML we are willing or able to read. `reason` is a
    message for the user."""


def _parser() -> etree.XMLParser:
    # A fresh parser per document: lxml parsers are not thread-safe and the
    # worker pool may read several files at once.
    return etree.XMLParser(resolve_entities=False, no_network=True,
                           load_dtd=False, huge_tree=False,
                           remove_comments=False, dtd_validation=False)


def declares_entities(data: bytes) -> bool:
    """True when the document's DOCTYPE carries an internal subset with
    `<!ENTITY` declarations (checked on the raw bytes, before parsing)."""
    head = _as_ascii_compatible(data[:1 << 20])
    match = _DOCTYPE_SUBSET.search(head)
    if not match:
        return False
    end = head.find(b"]>", match.end())
    subset = head[match.end(): end if end >= 0 else len(head)]
    return bool(_ENTITY_DECL.search(subset))


def _as_ascii_compatible(data: bytes) -> bytes:
    # UTF-16 documents would hide `<!ENTITY` from a byte search.
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) > 1 and data[1:2] == b"\x00") \
            or data[:1] == b"\x00":
        for enc in ("utf-16", "utf-16-le", "utf-16-be"):
            try:
                return data.decode(enc).encode("utf-8", "replace")
            except UnicodeDecodeError:
                continue
    return data


def parse(data: bytes) -> etree._ElementTree:
    """Parse XML bytes safely (encoding from the XML declaration).

    Raises XMLRefused with a user-facing reason for entity declarations,
    malformed XML or an empty document."""
    if not data.strip():
        raise XMLRefused("empty document")
    label = _ENCODING_LABEL.match(_as_ascii_compatible(data[:400]))
    if label:
        from .decode import codec_for
        name = label.group(1).decode("ascii", "replace")
        if codec_for(name) is None:
            # libxml2 would decode e.g. UTF-7 (markup hidden as "+ADw-"): only
            # the encodings of the WHATWG Encoding Standard are read
            raise XMLRefused(f"declares the encoding {name!r}, which is not in the WHATWG Encoding "
                             "Standard; refused")
    if declares_entities(data):
        raise XMLRefused(ENTITY_BOMB)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise XMLRefused(f"not well-formed XML: {exc}") from None
    except ValueError as exc:               # e.g. unknown declared encoding
        raise XMLRefused(f"not well-formed XML: {exc}") from None
    tree = root.getroottree()
    # Belt and braces: a subset the byte scan could not see (exotic encoding).
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise XMLRefused(ENTITY_BOMB)
    return tree


_ENCODING_LABEL = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']{1,40})[\"']", re.I)
_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=", re.I)


def parse_document(data: bytes) -> tuple[etree._ElementTree, Problem | None]:
    """`parse`, forgiving one common fault of real feeds: bytes that are not
    UTF-8 in a document that declares no encoding (so XML says UTF-8). Such
    a file is decoded as windows-1252, as browsers and feed readers do, and
    an `input-encoding` warning is returned with the tree."""
    try:
        return parse(data), None
    except XMLRefused:
        declared = bool(_DECLARED_ENCODING.match(data[:200])) or \
            data[:2] in (b"\xff\xfe", b"\xfe\xff")
        if declared or _is_utf8(data):
            raise                       # the fault is not the encoding
    text = data.decode("cp1252", "replace")
    tree = parse(text.encode("utf-8"))
    return tree, Problem(code="input-encoding", severity="warning",
                         message="not valid UTF-8 and no encoding declared; "
                                 "decoded as windows-1252")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def local_name(el) -> str:
    """Tag without namespace ("" for comments and processing instructions)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def root_of(data: bytes) -> tuple[str, str] | None:
    """(namespace, local name) of the root element, found without building
    the tree; None when the bytes do not start like XML. For sniffing."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return None
    # Skip the prolog by hand so sniffing never triggers DTD processing.
    text = head.decode("utf-8", "replace")
    pos = 0
    while True:
        m = _PROLOG_ITEM.match(text, pos)
        if not m:
            break
        pos = m.end()
    m = _ROOT_START.match(text, pos)
    if not m:
        return None
    prefix, name, attrs = m.group(1), m.group(2), m.group(3)
    attr = r"xmlns" + (r":" + re.escape(prefix[:-1]) if prefix else "") + r"\s*=\s*[\"']([^\"']*)"
    ns = re.search(attr, attrs)
    return (ns.group(1) if ns else "", name)


def unreadable(path: str, fmt: str, file: str | None, message: str,
               code: str = "input-unparseable") -> list[Article]:
    """The one-article answer for a file that cannot be checked at all."""
    return [Article(path=path, format=fmt, file=file, checked=False,
                    problems=[Problem(code=code, severity="error", message=message)])]


def xpath_of(el, stop=None) -> str:
    """An XPath-ish location without namespaces, e.g.
    `/newsItem/contentSet/inlineXML/nitf/body/body.content/p[3]` (position
    only where siblings share the name). `stop` ends the walk above that
    element, so paths can be made relative to a fragment."""
    parts = []
    node = el
    while node is not None and node is not stop:
        name = local_name(node)
        parent = node.getparent()
        if parent is not None:
            same = [c for c in parent if local_name(c) == name]
            if len(same) > 1:
                name = f"{name}[{same.index(node) + 1}]"
        parts.append(name)
        node = parent
    return "/" + "/".join(reversed(parts))


def text_of(el) -> str:
    """Visible text of an element with whitespace collapsed (comments and
    processing instructions are skipped, as a renderer would)."""
    if el is None:
        return ""
    chunks: list[str] = []
    _collect(el, chunks)
    return " ".join("".join(chunks).split())


def _collect(el, chunks: list[str]) -> None:
    if isinstance(el.tag, str) and el.text:
        chunks.append(el.text)
    for child in el:
        _collect(child, chunks)
        if child.tail:
            chunks.append(child.tail)


def shift_lines(article: Article, before: tuple[int, int, int], first_line: int | None) -> None:
    """Make the line numbers of what an HTML fragment added count from the
    fragment's first line in the file (None: the file has no useful lines)."""
    added = (article.blocks[before[0]:], article.images[before[1]:], article.links[before[2]:])
    for group in added:
        for thing in group:
            loc = thing.location
            if first_line is None:
                loc.line, loc.column = None, None
            elif loc.line is not None:
                loc.line = first_line + loc.line - 1
