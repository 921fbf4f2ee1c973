"""Which reader a file needs: by extension, then by sniffing the content.

Returns a format name; `read()` turns bytes into Articles with the right
reader, imported lazily so that a plain-text check never loads lxml.
"""
from __future__ import annotations

import json
import os
from importlib import import_module

from . import media
from .article import Article, Problem

# Media files are found by content (`provenance.media.sniff`); these names only
# let a directory walk pick them up and give a misnamed file a warning. Which
# of them are checked is the C2PA SDK's answer (`walk_media`).
IMAGE_EXT = set(media.EXTENSIONS)
TEXT_EXT = {".txt", ".text"}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
MD_EXT = {".md", ".markdown", ".mdown", ".mkd"}
JSON_EXT = {".json", ".ninjs", ".jsonfeed"}
XML_EXT = {".xml", ".rss", ".atom", ".nml", ".newsml", ".rdf"}
SUPPORTED = IMAGE_EXT | TEXT_EXT | HTML_EXT | MD_EXT | JSON_EXT | XML_EXT



def _reader(name: str):
    return import_module(f"provenance.readers.{name}")


def walk_media(ext: str) -> bool:
    """Whether a directory walk checks files with this media extension: only
    types the C2PA SDK reads (asked of the SDK, once)."""
    mime = media.EXTENSIONS.get(ext)
    return mime is not None and media.c2pa_type(mime) is not None


def sniff(data: bytes, ext: str) -> str:
    """Format name: text, html, markdown, ninjs, jsonfeed, newsml, feed, image
    (any medium: image, video, audio, PDF …, by content first), json (no
    article format), xml (no article format), binary."""
    if ext in IMAGE_EXT or media.sniff(data) is not None:
        return "image"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if ext in TEXT_EXT:
        return "binary" if _binary(data) else "text"
    if ext in MD_EXT:
        return "markdown"
    if ext in HTML_EXT:
        return "html"
    if ext in JSON_EXT or (ext not in XML_EXT and head[:1] in (b"{", b"[")):
        if _reader("feeds").sniff(data):
            return "feed"
        if _reader("ninjs").sniff(data):
            return "ninjs"
        return "json"
    if ext in XML_EXT or head.startswith(b"<?xml"):
        if _reader("newsml").sniff(data):
            return "newsml"
        if _reader("feeds").sniff(data):
            return "feed"
        low = head[:2048].lower()
        if b"<html" in low or b"<!doctype html" in low:
            return "html"
        return "xml"
    low = head[:2048].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<body" in low:
        return "html"
    if _binary(data):
        return "binary"
    return "text"


def _binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    if not sample:
        return False
    ctrl = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return ctrl / len(sample) > 0.05


def _looks_like(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return " (looks like PDF)"
    if data.startswith(b"PK\x03\x04"):
        return " (looks like a ZIP archive)"
    return ""


def read(data: bytes, path: str, file: str | None, book) -> list[Article]:
    """Bytes -> Articles, or one unchecked Article carrying an input problem.
    `book` is the run's phrase packs (`PhraseBook`), handed to the readers
    that need language data (text, Markdown, HTML)."""
    ext = os.path.splitext(path.split("#", 1)[0])[1].lower()
    fmt = sniff(data, ext)
    if fmt == "binary":
        return [Article(path=path, format="unknown", file=file, checked=False, problems=[
            Problem("input-binary", "error", f"{path}: binary data in no supported format{_looks_like(data)}")])]
    if fmt in ("json", "xml"):
        kind = "JSON" if fmt == "json" else "XML"
        err = _parse_error(data, fmt)
        if err:
            return [Article(path=path, format=fmt, file=file, checked=False, problems=[
                Problem("input-unparseable", "error", f"{path}: not valid {kind}: {err}")])]
        return [Article(path=path, format=fmt, file=file, checked=False, problems=[
            Problem("input-not-article", "info", f"{path}: valid {kind} but no article format "
                    "(ninjs, JSON Feed, NewsML-G2, RSS/Atom); skipped")])]
    if fmt == "image":
        return _reader(fmt).read(data, path, file)
    return _reader({"feed": "feeds"}.get(fmt, fmt)).read(data, path, file, book)


def _parse_error(data: bytes, fmt: str) -> str | None:
    if fmt == "json":
        try:
            json.loads(data.decode("utf-8-sig", errors="replace"))
        except ValueError as e:
            return str(e)
        return None
    from .readers import xmlsafe
    try:
        xmlsafe.parse(data)
    except Exception as e:  # the safe parser's own error carries the reason
        return str(e)
    return None
