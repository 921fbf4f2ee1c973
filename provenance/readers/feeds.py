"""Feed reader: RSS 2.0 (and RSS 1.0/RDF), Atom and JSON Feed 1.x.

Each item or entry is its own article, with the path `feed.xml#item-N`
(N counts from 1 in document order) and format `rss`, `atom` or `jsonfeed`.

| feed | Article |
|---|---|
| `title` | headline |
| `pubDate` / `dc:date` / Atom `published` else `updated` / `date_published` | published (`YYYY-MM-DD`; month names of the pack languages are understood) |
| `dc:creator` / `author` / Atom `author/name` / `authors[].name` | byline |
| `link` / Atom `link[rel=alternate]` / `url` | own_url (the item's own page) |
| RSS `source/@url`, Atom `link[rel=via]`, JSON Feed `external_url` | based_on |
| `category` / `tags` | section |
| `content:encoded` else `description`; Atom `content` else `summary`; `content_html` else `content_text` | blocks, images, links (HTML read like a page fragment) |
| `media:content` (also in `media:group`) and `enclosure` of any medium (image, video, audio, PDF), JSON Feed `image` | images (with their medium) |
| channel `language` / `xml:lang` / `language` | language of every item |

Media RSS: the caption is `media:description` (else `media:title`), the
credit is `media:credit` (else `media:copyright`). Feed consumers render
these fields, so they count as a visible, structured credit (docs/design.md#credits). A relative `media:content` URL stays as written; the image stage
resolves it against the feed file. Selectors are XPath-ish, e.g.
`/rss/channel/item[3]/description`, with the element's line.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import json
import re
from email.utils import parsedate_to_datetime
from html import unescape as html_unescape
from urllib.parse import urljoin

from provenance import media
from provenance.article import Article, Block, Image, Location
from provenance.readers import xmlsafe
from provenance.readers.decode import json_text

if TYPE_CHECKING:      # the run's phrase book is handed in: readers import no language layer
    from provenance.phrases import PhraseBook

ATOM = "http://www.w3.org/2005/Atom"
MEDIA = "http://search.yahoo.com/mrss/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PREFIXES = {MEDIA: "media", "http://purl.org/rss/1.0/modules/content/": "content",
             "http://purl.org/dc/elements/1.1/": "dc", RDF: "rdf",
             "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
             "http://rssnamespace.org/feedburner/ext/1.0": "feedburner"}
_HTML_TAG = re.compile(r"<(?:/?[a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>")
_MEDIA_TYPES = ("image/", "video/", "audio/", "application/pdf")


def _is_media(url: str, ctype: str, medium: str = "") -> bool:
    """A media:content or enclosure of any medium: by `medium`, by MIME type,
    else by a media file extension."""
    if medium:
        return medium in ("image", "video", "audio", "document")
    if ctype:
        return ctype.lower().startswith(_MEDIA_TYPES)
    return media.of_extension(url) is not None


def sniff(data: bytes) -> bool:
    """True for RSS (`rss`, RSS 1.0 `rdf:RDF`), Atom (`feed` in the Atom
    namespace) and JSON Feed (`version` starting `https://jsonfeed.org`)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        # JSON may escape the slashes: "https:\/\/jsonfeed.org\/version\/1"
        return bool(re.search(rb'"version"\s*:\s*"https?:\\?/\\?/jsonfeed\.org', data[:65536]))
    root = xmlsafe.root_of(data)
    if root is None:
        return False
    ns, name = root
    return name == "rss" or (name == "feed" and ns == ATOM) or (name == "RDF" and ns == RDF)


def read(data: bytes, path: str, file: str | None, book: PhraseBook) -> list[Article]:
    """One Article per item/entry. A feed with no items gives no articles;
    an unreadable one gives one unchecked Article with an input error."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return _read_json_feed(data, path, file, book)
    try:
        tree, encoding_problem = xmlsafe.parse_document(data)
    except xmlsafe.XMLRefused as exc:
        return xmlsafe.unreadable(path, _guess_format(data), file, str(exc))
    root = tree.getroot()
    name = xmlsafe.local_name(root)
    articles = None
    if name == "feed":
        articles = _read_atom(root, path, file, book)
    elif name in ("rss", "RDF"):
        articles = _read_rss(root, path, file, book)
    if articles is not None:
        if encoding_problem and articles:
            # Reported once, on the first item: the items share the file.
            articles[0].problems.append(encoding_problem)
        return articles
    return xmlsafe.unreadable(path, "rss", file, f"XML root <{name}> is no RSS or Atom feed",
                              code="input-unsupported-format")


def _guess_format(data: bytes) -> str:
    return "atom" if ATOM.encode() in data[:4096] else "rss"


# --- shared pieces -----------------------------------------------------------

def _qname(el) -> str:
    ns = xmlsafe.namespace(el)
    prefix = _PREFIXES.get(ns)
    return f"{prefix}:{xmlsafe.local_name(el)}" if prefix else xmlsafe.local_name(el)


def _path(el, item, item_selector: str) -> str:
    """Selector of `el` below its item, e.g. `/rss/channel/item[2]/media:content`."""
    parts = []
    node = el
    while node is not None and node is not item:
        parent = node.getparent()
        name = _qname(node)
        same = [c for c in parent if c.tag == node.tag]
        parts.append(f"{name}[{same.index(node) + 1}]" if len(same) > 1 else name)
        node = parent
    return item_selector + "".join("/" + p for p in reversed(parts))


def _child(el, ns: str, name: str):
    return el.find(f"{{{ns}}}{name}" if ns else name)


def _text(el) -> str:
    return xmlsafe.text_of(el) if el is not None else ""


_MONTHS = {
    # English, German, Dutch, French, Spanish, Italian, Portuguese, Polish
    "jan": 1, "ene": 1, "gen": 1, "janv": 1, "sty": 1, "jän": 1,
    "feb": 2, "fev": 2, "fév": 2, "févr": 2, "lut": 2,
    "mar": 3, "mär": 3, "mrt": 3, "maa": 3, "mars": 3,
    "apr": 4, "abr": 4, "avr": 4, "kwi": 4,
    "may": 5, "mai": 5, "mei": 5, "mag": 5, "maj": 5, "may.": 5,
    "jun": 6, "juin": 6, "giu": 6, "cze": 6,
    "jul": 7, "juil": 7, "lug": 7, "lip": 7,
    "aug": 8, "ago": 8, "aoû": 8, "aou": 8, "sie": 8,
    "sep": 9, "set": 9, "sept": 9, "wrz": 9,
    "oct": 10, "okt": 10, "out": 10, "ott": 10, "paź": 10, "paz": 10,
    "nov": 11, "lis": 11,
    "dec": 12, "dez": 12, "dic": 12, "déc": 12, "gru": 12,
}


def feed_date(text: str) -> str | None:
    """`YYYY-MM-DD` from RFC 822 (`Mon, 23 Nov 2026 08:10:00 +0100`, also
    with localised names such as `Seg, 24 Set 2018`) or ISO 8601 dates. The
    date is the one written (in the feed's own time zone)."""
    text = (text or "").strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        return m.group(0)
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    m = re.search(r"(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})", text)
    if m:
        word = m.group(2).lower()
        month = _MONTHS.get(word[:4]) or _MONTHS.get(word[:3])
        if month:
            return f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(1)):02d}"
    return None


def _add_body(markup: str, is_html: bool, article: Article, selector: str,
              line: int | None, book: PhraseBook) -> None:
    if not markup.strip():
        return
    if is_html:
        from provenance.readers.html import read_fragment
        before = (len(article.blocks), len(article.images), len(article.links))
        read_fragment(markup, article, book, base_selector=selector)
        xmlsafe.shift_lines(article, before, line)
        return
    for para in re.split(r"\n\s*\n", markup):
        if para.strip():
            article.blocks.append(Block(" ".join(para.split()),
                                        Location(line=line, selector=selector)))


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_TAG.search(text))


def _merge_or_add(image: Image, article: Article) -> None:
    """A media:content that the HTML body already shows adds its structured
    caption/credit to that image instead of counting it twice."""
    for known in article.images:
        if known.src and known.src == image.src:
            if not known.credit and image.credit:
                known.credit = image.credit
            if not known.caption and image.caption:
                known.caption = image.caption
            return
    article.images.append(image)


def _is_remote(src: str) -> bool:
    return bool(re.match(r"^https?://|^//", src, re.I))


# --- RSS ---------------------------------------------------------------------

def _read_rss(root, path: str, file: str | None, book: PhraseBook) -> list[Article]:
    channel = next((c for c in root if xmlsafe.local_name(c) == "channel"), root)
    lang = _text(next((c for c in channel if xmlsafe.local_name(c) == "language"), None)) \
        or root.get(XML_LANG) or None
    rss1 = xmlsafe.local_name(root) == "RDF"
    container = root if rss1 else channel
    items = [c for c in container if xmlsafe.local_name(c) == "item"]
    base = "/rdf:RDF" if rss1 else "/rss/channel"
    feed_title = _text(next((c for c in channel if xmlsafe.local_name(c) == "title"), None))
    articles = []
    for n, item in enumerate(items, 1):
        sel = f"{base}/item[{n}]" if len(items) > 1 else f"{base}/item"
        article = Article(path=f"{path}#item-{n}", format="rss", file=file, language=lang)
        article.metadata["feed_title"] = feed_title
        fields: dict[str, list] = {}
        for child in item:
            if isinstance(child.tag, str):
                fields.setdefault(_qname(child), []).append(child)

        def first(*names, fields=fields):
            for name in names:
                if fields.get(name):
                    return fields[name][0]
            return None
        article.headline = _text(first("title")) or None
        link = first("link")
        article.own_url = _text(link) or (link.get(f"{{{RDF}}}about") if link is not None
                                          else None) or item.get(f"{{{RDF}}}about") or None
        # FeedBurner's <link> is its own redirector; origLink is the page.
        orig = first("feedburner:origLink")
        if orig is not None and _text(orig):
            article.own_url = _text(orig)
        date = first("pubDate", "dc:date", "published", "updated")
        article.published = feed_date(_text(date)) if date is not None else None
        author = first("dc:creator", "author", "itunes:author")
        article.byline = _text(author) or None
        category = first("category", "dc:subject")
        article.section = _text(category) or None
        source = first("source")
        if source is not None and source.get("url"):
            article.based_on.append(source.get("url"))
        body = first("content:encoded", "description")
        if body is not None:
            markup = body.text or ""
            _add_body(markup, _looks_like_html(markup), article, _path(body, item, sel),
                      body.sourceline, book)
        _media_images(item, article, sel)
        for enc in fields.get("enclosure", []):
            url = enc.get("url") or ""
            if url and _is_media(url, enc.get("type") or ""):
                _merge_or_add(Image(src=url, location=Location(line=enc.sourceline,
                                                               selector=_path(enc, item, sel)),
                                    remote=_is_remote(url),
                                    medium=media.from_reference(url, enc.get("type"))), article)
        articles.append(article)
    return articles


# --- Media RSS ---------------------------------------------------------------

def _media_images(item, article: Article, sel: str) -> None:
    item_caption = _media_field(item, "description") or _media_field(item, "title")
    item_credit = _media_field(item, "credit") or _media_field(item, "copyright")
    for content in _media_pictures(item):
        group = content.getparent() if content.getparent().tag == f"{{{MEDIA}}}group" else None
        url = content.get("url")
        caption = (_media_field(content, "description") or _media_field(content, "title")
                   or (group is not None and (_media_field(group, "description")
                                              or _media_field(group, "title")))
                   or item_caption or "")
        credit = (_media_field(content, "credit") or _media_field(content, "copyright")
                  or (group is not None and (_media_field(group, "credit")
                                             or _media_field(group, "copyright")))
                  or item_credit or "")
        image = Image(src=url, location=Location(line=content.sourceline,
                                                 selector=_path(content, item, sel)),
                      caption=caption, credit=credit,
                      width=_int(content.get("width")), height=_int(content.get("height")),
                      remote=_is_remote(url),
                      medium=media.from_reference(url, content.get("type"), content.get("medium")))
        title = _media_field(content, "title")
        if title:
            image.title = title
        _merge_or_add(image, article)


def _media_pictures(item) -> list:
    """The media:content elements of an item, of any medium (image, video,
    audio, document). The contents of one media:group are renditions of one
    medium: only one of them is kept (a local file if any, which the image
    stage can read, else the largest)."""
    chosen = []
    groups: dict[int, list] = {}
    for content in item.iter(f"{{{MEDIA}}}content"):
        url = content.get("url") or ""
        medium = content.get("medium") or ""
        ctype = content.get("type") or ""
        if not url or not _is_media(url, ctype, medium):
            continue
        parent = content.getparent()
        if parent.tag == f"{{{MEDIA}}}group":
            if id(parent) not in groups:
                groups[id(parent)] = []
                chosen.append(groups[id(parent)])
            groups[id(parent)].append(content)
        else:
            chosen.append([content])

    def rank(el):
        local = not _is_remote(el.get("url") or "")
        return (local, (_int(el.get("width")) or 0) * (_int(el.get("height")) or 0),
                el.get("isDefault") == "true")
    return [max(members, key=rank) for members in chosen]


def _media_field(el, name: str) -> str:
    """Text of a direct media:<name> child (credits joined with "/" when a
    picture has several, as agencies print them)."""
    found = [c for c in el if c.tag == f"{{{MEDIA}}}{name}"]
    texts = [_text(c) for c in found if _text(c)]
    return " / ".join(texts) if name == "credit" else (texts[0] if texts else "")


def _int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


# --- Atom --------------------------------------------------------------------

def _read_atom(root, path: str, file: str | None, book: PhraseBook) -> list[Article]:
    lang = root.get(XML_LANG) or None
    entries = [c for c in root if c.tag == f"{{{ATOM}}}entry"]
    feed_author = _atom_author(root)
    feed_title = _text(_child(root, ATOM, "title"))
    home = next((link.get("href") for link in root.findall(f"{{{ATOM}}}link")
                 if (link.get("rel") or "alternate") == "alternate" and link.get("href")), "")
    articles = []
    for n, entry in enumerate(entries, 1):
        sel = f"/feed/entry[{n}]" if len(entries) > 1 else "/feed/entry"
        article = Article(path=f"{path}#item-{n}", format="atom", file=file,
                          language=entry.get(XML_LANG) or lang)
        article.metadata["feed_title"] = feed_title
        article.headline = _atom_text(_child(entry, ATOM, "title")) or None
        for link in entry.findall(f"{{{ATOM}}}link"):
            rel = link.get("rel") or "alternate"
            href = _absolute(link, home)
            if rel == "alternate" and not article.own_url:
                article.own_url = href
            elif rel == "via" and href:
                article.based_on.append(href)
        date = _child(entry, ATOM, "published")
        if date is None:
            date = _child(entry, ATOM, "updated")
        article.published = feed_date(_text(date)) if date is not None else None
        article.byline = _atom_author(entry) or feed_author
        category = _child(entry, ATOM, "category")
        if category is not None:
            article.section = category.get("label") or category.get("term")
        body = _child(entry, ATOM, "content")
        if body is None or body.get("src"):
            body = _child(entry, ATOM, "summary")
        if body is not None:
            kind = (body.get("type") or "text").lower()
            selector = _path(body, entry, sel)
            if kind == "xhtml":
                _add_body(_xhtml_markup(body), True, article, selector, body.sourceline, book)
            else:
                _add_body(body.text or "", kind in ("html", "text/html") or "html" in kind,
                          article, selector, body.sourceline, book)
        _media_images(entry, article, sel)
        for link in entry.findall(f"{{{ATOM}}}link"):
            href = link.get("href") or ""
            if link.get("rel") == "enclosure" and href and _is_media(href, link.get("type") or ""):
                _merge_or_add(Image(src=href, location=Location(
                    line=link.sourceline, selector=_path(link, entry, sel)),
                    remote=_is_remote(href),
                    medium=media.from_reference(href, link.get("type"))), article)
        articles.append(article)
    return articles


def _absolute(link, home: str) -> str | None:
    """Atom hrefs may be relative to xml:base, else (in practice) to the
    feed's own site."""
    href = (link.get("href") or "").strip()
    if not href:
        return None
    base = link.base if link.base and re.match(r"^https?://", link.base) else home
    return urljoin(base, href) if base else href


def _drop_tags(markup: str) -> str:
    """Tags replaced by spaces. Only up to the last `>`: after it no `<`
    closes, and the regex would scan to the end from each of them (#16)."""
    end = markup.rfind(">") + 1
    return _TAG.sub(" ", markup[:end]) + markup[end:]


_TAG = re.compile(r"<[^>]*>")


def _atom_text(el) -> str:
    """An Atom text construct as plain text (`type="html"` is markup)."""
    if el is None:
        return ""
    if (el.get("type") or "text") == "html":
        return " ".join(html_unescape(_drop_tags(el.text or "")).split())
    return _text(el)


def _atom_author(el) -> str | None:
    names = [_text(_child(a, ATOM, "name")) for a in el.findall(f"{{{ATOM}}}author")]
    names = [n for n in names if n]
    return ", ".join(names) or None


def _xhtml_markup(content) -> str:
    """Atom `type="xhtml"` content (a namespaced `div`) as HTML markup."""
    from lxml import etree
    copy = etree.fromstring(etree.tostring(content))
    for el in copy.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
    etree.cleanup_namespaces(copy)
    inner = (copy.text or "") + "".join(etree.tostring(c, encoding="unicode", method="html")
                                        for c in copy)
    return inner


# --- JSON Feed ---------------------------------------------------------------

def _read_json_feed(data: bytes, path: str, file: str | None, book: PhraseBook) -> list[Article]:
    raw, encoding_problem = json_text(data)
    try:
        feed = json.loads(raw)
    except ValueError as exc:
        return xmlsafe.unreadable(path, "jsonfeed", file, f"not well-formed JSON: {exc}")
    except RecursionError:
        return xmlsafe.unreadable(path, "jsonfeed", file, "not readable JSON: nested too deeply")
    if not isinstance(feed, dict) or not isinstance(feed.get("items", []), list):
        return xmlsafe.unreadable(path, "jsonfeed", file, "a JSON Feed must be an object "
                                  "with an `items` array")
    lang = feed.get("language") if isinstance(feed.get("language"), str) else None
    feed_authors = _json_authors(feed)
    articles = []
    lines = _LineFinder(raw)
    for n, item in enumerate(feed.get("items") or [], 1):
        if not isinstance(item, dict):
            continue
        pointer = f"/items/{n - 1}"
        article = Article(path=f"{path}#item-{n}", format="jsonfeed", file=file,
                          language=item.get("language") or lang)
        article.metadata["feed_title"] = feed.get("title")
        article.headline = _str(item.get("title")) or None
        article.own_url = _str(item.get("url")) or None
        if _str(item.get("external_url")):
            article.based_on.append(item["external_url"])
        article.published = feed_date(_str(item.get("date_published"))) or \
            feed_date(_str(item.get("date_modified")))
        article.byline = _json_authors(item) or feed_authors
        tags = item.get("tags")
        if isinstance(tags, list) and tags and isinstance(tags[0], str):
            article.section = tags[0]
        line = lines.find(item.get("id") or item.get("url") or article.headline)
        if _str(item.get("content_html")):
            _add_body(item["content_html"], True, article, f"{pointer}/content_html", None, book)
        elif _str(item.get("content_text")):
            _add_body(item["content_text"], False, article, f"{pointer}/content_text", None, book)
        elif _str(item.get("summary")):
            _add_body(item["summary"], False, article, f"{pointer}/summary", None, book)
        for thing in article.blocks + article.images + article.links:
            thing.location.line = line
        for key in ("image", "banner_image"):
            src = _str(item.get(key))
            if src:
                # JSON Feed has no caption or credit field: its `image` is the
                # item's preview (like media:thumbnail), not an editorial image
                # the feed could credit; pictures in content_html are checked.
                _merge_or_add(Image(src=src, location=Location(line=line,
                                                               selector=f"{pointer}/{key}"),
                                    remote=_is_remote(src), teaser=True), article)
                break                     # banner_image is another crop of the same picture
        attachments = item.get("attachments")
        for n, att in enumerate(attachments if isinstance(attachments, list) else []):
            url = _str(att.get("url")) if isinstance(att, dict) else ""
            if url and _is_media(url, _str(att.get("mime_type"))):
                _merge_or_add(Image(src=url, location=Location(
                    line=line, selector=f"{pointer}/attachments/{n}"), remote=_is_remote(url),
                    medium=media.from_reference(url, _str(att.get("mime_type")))), article)
        if encoding_problem:
            article.problems.append(encoding_problem)
        articles.append(article)
    return articles


def _str(value) -> str:
    return value if isinstance(value, str) else ""


def _json_authors(obj: dict) -> str | None:
    authors = obj.get("authors")
    if not isinstance(authors, list):
        authors = [obj.get("author")] if isinstance(obj.get("author"), dict) else []
    names = [str(a.get("name")) for a in authors if isinstance(a, dict) and _str(a.get("name"))]
    return ", ".join(names) or None


class _LineFinder:
    """Line of each item's anchor string, searched forward from the previous
    item's (items come in document order): one pass over the text however
    many items the feed has (failed searches share a budget of a few passes)."""

    def __init__(self, raw: str):
        self.raw, self.pos, self.line = raw, 0, 1
        self.budget = 4 * len(raw) + 4096

    def find(self, anchor) -> int | None:
        if not isinstance(anchor, str) or not anchor or self.budget <= 0:
            return None
        for needle in dict.fromkeys((json.dumps(anchor, ensure_ascii=False), json.dumps(anchor))):
            at = self.raw.find(needle, self.pos)
            self.budget -= (at - self.pos) if at >= 0 else len(self.raw) - self.pos
            if at >= 0:
                self.line += self.raw.count("\n", self.pos, at)
                self.pos = at
                return self.line
        return None
