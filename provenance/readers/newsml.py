"""NewsML-G2 reader: IPTC's XML format for agency news items.

What is read, for each `newsItem` (a `newsMessage` wrapper is unwrapped):

- headline: `contentMeta/headline` (the first, or `rank="1"`);
- language: `contentMeta/language/@tag`, else the item's `xml:lang`;
- published: `itemMeta/firstCreated`, else `contentMeta/contentCreated`,
  else `itemMeta/versionCreated` (as `YYYY-MM-DD`);
- byline: `contentMeta/by`, else the `creator` names;
- machine-readable AI marking: `contentMeta/digitalSourceType` with `@uri`
  or `@qcode` (IPTC scheme aliases such as `digsrctype:` are expanded from
  a built-in table; catalogs are never fetched) becomes the declared
  `digital_source_type` with origin "NewsML-G2 contentMeta";
- body: `contentSet/inlineXML` holding XHTML, HTML or NITF, or
  `inlineData` holding text, becomes blocks, images and links;
- pictures, videos, audio: a picture (video, audio) item's `remoteContent`
  of its own medium becomes an image (with that medium) whose caption
  is the `description` (else the headline) and whose credit is the
  `creditline` (else `by`, else the creators), a structured credit that
  consumers render, so it counts as visible (docs/design.md#credits);
- `packageItem`: the items its groups reference are joined into one
  article (text bodies and pictures), whether they sit in the same
  `newsMessage` or in local files beside the package.

Locations are XPath-ish selectors such as
`/newsItem/contentSet/inlineXML/nitf/body/body.content/p[3]` with the line
of the element in the file. NewsML 1.x (root `NewsML`) is reported as an
unsupported format rather than misread.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import os
import re

from provenance import media
from provenance.article import Article, Block, Declared, Image, Link, Location
from provenance.dates import iso_date
from provenance.readers import xmlsafe

if TYPE_CHECKING:      # the run's phrase book is handed in: readers import no language layer
    from provenance.phrases import PhraseBook

G2_NS = "http://iptc.org/std/nar/2006-10-01/"
_ROOTS = {"newsItem", "packageItem", "newsMessage", "conceptItem", "knowledgeItem"}

# IPTC's recommended scheme aliases (catalog.IPTC-G2-Standards_NN.xml). A
# qcode `alias:code` means `<scheme URI>code`; the catalog itself is never
# fetched, so the aliases a provenance check needs are listed here.
SCHEME_ALIASES = {
    "digsrctype": "http://cv.iptc.org/newscodes/digitalsourcetype/",
    "ninat": "http://cv.iptc.org/newscodes/ninature/",
    "stat": "http://cv.iptc.org/newscodes/pubstatusg2/",
    "genre": "http://cv.iptc.org/newscodes/genre/",
    "medtop": "http://cv.iptc.org/newscodes/mediatopic/",
    "subj": "http://cv.iptc.org/newscodes/subjectcode/",
    "crol": "http://cv.iptc.org/newscodes/creatorrole/",
    "ctrol": "http://cv.iptc.org/newscodes/contributorrole/",
    "drol": "http://cv.iptc.org/newscodes/descriptionrole/",
    "rnd": "http://cv.iptc.org/newscodes/rendition/",
    "nprov": "http://cv.iptc.org/newscodes/newsprovider/",
    "isrol": "http://cv.iptc.org/newscodes/infosourcerole/",
    "irel": "http://cv.iptc.org/newscodes/itemrelation/",
    "sig": "http://cv.iptc.org/newscodes/signal/",
    "cpnat": "http://cv.iptc.org/newscodes/cpnature/",
    "colsp": "http://cv.iptc.org/newscodes/colourspace/",
    "loutorient": "http://cv.iptc.org/newscodes/layoutorientation/",
    "pgrmod": "http://cv.iptc.org/newscodes/pgroupmode/",
    "prov": "http://cv.iptc.org/newscodes/provider/",
}


def resolve_qcode(qcode: str) -> str:
    """`digsrctype:trainedAlgorithmicMedia` →
    `http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia`.
    Unknown aliases are returned unchanged (the code part still names the
    concept, which is what the rules compare)."""
    alias, sep, code = qcode.strip().partition(":")
    if sep and alias in SCHEME_ALIASES:
        return SCHEME_ALIASES[alias] + code
    return qcode.strip()


def sniff(data: bytes) -> bool:
    """True for NewsML-G2: root `newsItem`, `packageItem` or `newsMessage`
    in the G2 namespace (or, as some agencies send it, in no namespace).
    Also True for a NewsML 1.x root `NewsML`, so that `read` can say
    clearly that 1.x is not supported instead of the file being skipped."""
    root = xmlsafe.root_of(data)
    if root is None:
        return False
    ns, name = root
    return (name in _ROOTS and ns in (G2_NS, "")) or name == "NewsML"


def read(data: bytes, path: str, file: str | None, book: PhraseBook) -> list[Article]:
    """One Article per news item (per package when a package joins
    items). Several articles from one file get paths `file.xml#item-N`."""
    try:
        tree, encoding_problem = xmlsafe.parse_document(data)
    except xmlsafe.XMLRefused as exc:
        return xmlsafe.unreadable(path, "newsml", file, str(exc))
    root = tree.getroot()
    name = xmlsafe.local_name(root)
    if name == "NewsML" and xmlsafe.namespace(root) != G2_NS:
        return xmlsafe.unreadable(
            path, "newsml", file,
            "NewsML 1.x (not supported; NewsML-G2 is): convert the file to NewsML-G2",
            code="input-unsupported-format")
    if name == "newsMessage":
        items = [el for set_ in _children(root, "itemSet") for el in set_
                 if xmlsafe.local_name(el) in ("newsItem", "packageItem")]
    elif name in ("newsItem", "packageItem"):
        items = [root]
    else:
        return xmlsafe.unreadable(path, "newsml", file,
                                  f"XML root <{name}> is no NewsML-G2 news item",
                                  code="input-unsupported-format")
    groups = _group_items(items, file)
    if not groups:
        return xmlsafe.unreadable(path, "newsml", file,
                                  "the NewsML-G2 message holds no news item",
                                  code="input-unsupported-format")
    articles = []
    for n, (lead, members) in enumerate(groups, 1):
        item_path = path if len(groups) == 1 else f"{path}#item-{n}"
        articles.append(_article(lead, members, item_path, file, book))
    if encoding_problem:
        articles[0].problems.append(encoding_problem)
    return articles


# --- items and packages ------------------------------------------------------

def _group_items(items: list, file: str | None) -> list[tuple]:
    """[(lead element, [news items whose content the article shows])].

    A packageItem claims the newsItems its itemRefs name (by guid in the
    same message, or by href to a local file); unclaimed newsItems stand
    alone."""
    by_guid = {el.get("guid"): el for el in items if xmlsafe.local_name(el) == "newsItem"}
    claimed: set[int] = set()
    groups = []
    for el in items:
        if xmlsafe.local_name(el) != "packageItem":
            continue
        members: list = []
        for ref in el.iter("{*}itemRef"):
            target = by_guid.get(ref.get("residref"))
            if target is None:
                target = _local_item(ref.get("href"), file)
            if target is not None and all(target is not m for m in members):
                members.append(target)
                claimed.add(id(target))
        groups.append((el, members))
    for el in items:
        if xmlsafe.local_name(el) == "newsItem" and id(el) not in claimed:
            groups.append((el, [el]))
    order = {id(el): i for i, el in enumerate(items)}
    groups.sort(key=lambda g: order.get(id(g[0]), 0))
    return groups


def _local_item(href: str | None, file: str | None):
    """A newsItem in a local file next to the package (best effort: a
    missing or unreadable file is simply not joined)."""
    if not href or not file or re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
        return None
    target = os.path.join(os.path.dirname(file), href.split("#", 1)[0])
    try:
        with open(target, "rb") as fh:
            root = xmlsafe.parse(fh.read()).getroot()
    except (OSError, xmlsafe.XMLRefused):
        return None
    if xmlsafe.local_name(root) == "newsItem":
        return root
    return next(iter(root.iter("{*}newsItem")), None)


def _article(lead, members: list, path: str, file: str | None, book: PhraseBook) -> Article:
    article = Article(path=path, format="newsml", file=file)
    meta = _item_meta(lead)
    for member in members:
        if member is lead:
            continue
        # A package says little itself: take what it lacks from its items.
        for key, value in _item_meta(member).items():
            meta.setdefault(key, value)
    article.headline = meta.get("headline")
    article.language = meta.get("language")
    article.published = meta.get("published")
    article.byline = meta.get("byline")
    if meta.get("digital_source_type"):
        article.declared["digital_source_type"] = Declared(
            meta["digital_source_type"], "NewsML-G2 contentMeta")
    article.metadata["newsml"] = {k: v for k, v in meta.items()
                                  if k not in ("headline", "language", "published")}
    texts = [m for m in members if _item_class(m) not in _MEDIA_CLASSES]
    pictures = [m for m in members if _item_class(m) in _MEDIA_CLASSES]
    for member in texts:
        _read_content(member, article, book)
    shown = " ".join(i.src for i in article.images)
    body_xml = "".join(_serialised_bodies(texts))
    for member in pictures:
        guid = member.get("guid") or ""
        if len(members) > 1 and guid and guid in body_xml:
            continue                      # the body already shows it, with its credit
        _read_picture(member, article, shown)
    return article


# item classes whose remoteContent is a medium the article carries
_MEDIA_CLASSES = {"picture": "image", "video": "video", "audio": "audio"}


def _item_class(item) -> str:
    cls = next(iter(item.iter("{*}itemClass")), None)
    code = (cls.get("qcode") or cls.get("uri") or "") if cls is not None else ""
    return re.split(r"[:/]", code)[-1]


def _children(el, name: str) -> list:
    return [c for c in el if xmlsafe.local_name(c) == name]


def _first(el, *names: str):
    """First descendant along a child path, e.g. _first(item, "contentMeta", "headline")."""
    node = el
    for name in names:
        found = _children(node, name) if node is not None else []
        if not found:
            return None
        node = found[0]
    return node


def _item_meta(item) -> dict:
    content = _first(item, "contentMeta")
    meta: dict = {"guid": item.get("guid")}
    if content is None:
        content = item                    # packageItem: no contentMeta, still try
    headlines = _children(content, "headline")
    ranked = sorted(headlines, key=lambda h: int(h.get("rank") or 1)
                    if (h.get("rank") or "1").isdigit() else 1)
    if ranked and xmlsafe.text_of(ranked[0]):
        meta["headline"] = xmlsafe.text_of(ranked[0])
    lang = _first(content, "language")
    tag = lang.get("tag") if lang is not None else None
    meta["language"] = tag or item.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not meta["language"]:
        del meta["language"]
    for source in (_first(item, "itemMeta", "firstCreated"), _first(content, "contentCreated"),
                   _first(item, "itemMeta", "versionCreated")):
        date = iso_date(xmlsafe.text_of(source)) if source is not None else None
        if date:
            meta["published"] = date
            break
    by = _first(content, "by")
    creators = [_name(c) for c in _children(content, "creator")]
    creators = [c for c in creators if c]
    if by is not None and xmlsafe.text_of(by):
        meta["byline"] = xmlsafe.text_of(by)
    elif creators:
        meta["byline"] = ", ".join(creators)
    if creators:
        meta["creators"] = creators
    contributors = [n for n in (_name(c) for c in _children(content, "contributor")) if n]
    if contributors:
        meta["contributors"] = contributors
    credit = _first(content, "creditline")
    if credit is not None and xmlsafe.text_of(credit):
        meta["creditline"] = xmlsafe.text_of(credit)
    dst = _first(content, "digitalSourceType")
    if dst is not None:
        value = dst.get("uri") or (resolve_qcode(dst.get("qcode")) if dst.get("qcode") else None)
        if value:
            meta["digital_source_type"] = value
    descriptions = _children(content, "description")
    if descriptions:
        caption = next((d for d in descriptions if (d.get("role") or "").endswith(":caption")),
                       descriptions[0])
        meta["description"] = xmlsafe.text_of(caption)
    holder = _first(item, "rightsInfo", "copyrightHolder")
    if holder is not None:
        meta["copyright_holder"] = _name(holder)
    sources = [n for n in (_name(s) for s in _children(content, "infoSource")) if n]
    if sources:
        meta["info_sources"] = sources
    return meta


def _name(el) -> str:
    """A G2 concept's display name: `<name>` child, else @literal."""
    name = _first(el, "name")
    if name is not None and xmlsafe.text_of(name):
        return xmlsafe.text_of(name)
    return (el.get("literal") or "").strip()


# --- bodies ------------------------------------------------------------------

def _serialised_bodies(items: list) -> list[str]:
    from lxml import etree
    out = []
    for item in items:
        for inline in item.iter("{*}inlineXML"):
            out.append(etree.tostring(inline, encoding="unicode"))
    return out


def _read_content(item, article: Article, book: PhraseBook) -> None:
    content_set = _first(item, "contentSet")
    if content_set is None:
        return
    for el in content_set:
        kind = xmlsafe.local_name(el)
        if kind == "inlineXML":
            _read_inline_xml(el, article, book)
            return                        # alternatives of one content: read one
        if kind == "inlineData":
            text = el.text or ""
            if "html" in (el.get("contenttype") or ""):
                _read_html_string(text, article, xmlsafe.xpath_of(el), el.sourceline or 1, book)
            else:
                _text_blocks(text, article, xmlsafe.xpath_of(el), el.sourceline)
            return
    _read_picture(item, article, "")


def _read_inline_xml(inline, article: Article, book: PhraseBook) -> None:
    body = next((c for c in inline if isinstance(c.tag, str)), None)
    if body is None:
        return
    name = xmlsafe.local_name(body)
    if name == "nitf":
        read_nitf(body, article)
    else:
        from lxml import etree
        # Namespaces make no difference to what a browser shows: hand the
        # HTML reader the XHTML as plain HTML markup.
        copy = etree.fromstring(etree.tostring(body))
        for el in copy.iter():
            if isinstance(el.tag, str) and "}" in el.tag:
                el.tag = el.tag.split("}", 1)[1]
        etree.cleanup_namespaces(copy)
        markup = etree.tostring(copy, encoding="unicode", method="html")
        _read_html_string(markup, article, xmlsafe.xpath_of(inline), body.sourceline or 1, book)


def _read_html_string(markup: str, article: Article, selector: str, first_line: int, book: PhraseBook) -> None:
    from provenance.readers.html import read_fragment
    before = (len(article.blocks), len(article.images), len(article.links))
    read_fragment(markup, article, book, base_selector=selector)
    xmlsafe.shift_lines(article, before, first_line)


def _text_blocks(text: str, article: Article, selector: str, line: int | None) -> None:
    for n, para in enumerate(p for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text) if p.strip()):
        article.blocks.append(Block(" ".join(para.split()),
                                    Location(line=line, selector=f"{selector}#p{n + 1}")))


# --- NITF --------------------------------------------------------------------

_NITF_HEAD_KINDS = {"hl1": "heading", "hl2": "heading", "byline": "byline",
                    "dateline": "dateline", "abstract": "paragraph"}
_NITF_BLOCKS = {"p": "paragraph", "hl2": "heading", "hl1": "heading", "pre": "paragraph",
                "li": "list", "dd": "list", "dt": "list", "tagline": "paragraph",
                "bibliography": "paragraph"}
_NITF_CONTAINERS = {"body", "body.head", "body.content", "body.end", "hedline", "block",
                    "ul", "ol", "dl", "note", "fn", "bq", "blockquote", "abstract"}


def read_nitf(nitf, article: Article, base_selector: str = "", stop=None,
              line_offset: int | None = 0) -> None:
    """Append the visible NITF body (`nitf/body`) to the article: headlines,
    byline, dateline, paragraphs, lists, quotes, taglines, `media` pictures
    (caption from `media-caption`, credit from `media-producer`) and links.

    Selectors are `base_selector` plus the XPath-ish path of the element
    below `stop` (None: the full path in the document). `line_offset` is
    added to source lines; None drops lines (NITF held in a JSON string)."""
    body = next((el for el in nitf.iter("{*}body", "body")), None)
    if body is None:
        return
    _nitf_walk(body, article, base_selector, stop, line_offset, quote=False)


def _nitf_loc(el, base: str, stop, offset: int | None) -> Location:
    line = None if offset is None or el.sourceline is None else el.sourceline + offset
    return Location(line=line, selector=base + xmlsafe.xpath_of(el, stop))


def _nitf_walk(el, article: Article, base: str, stop, offset, quote: bool) -> None:
    for child in el:
        name = xmlsafe.local_name(child)
        if not name:
            continue
        if name == "media":
            _nitf_media(child, article, base, stop, offset)
        elif name in ("bq", "blockquote"):
            _nitf_walk(child, article, base, stop, offset, quote=True)
            if not any(xmlsafe.local_name(c) in _NITF_BLOCKS for c in child):
                _nitf_block(child, "quote", article, base, stop, offset)
        elif name in _NITF_CONTAINERS:
            _nitf_walk(child, article, base, stop, offset, quote)
        elif name in _NITF_HEAD_KINDS or name in _NITF_BLOCKS:
            kind = _NITF_HEAD_KINDS.get(name) or _NITF_BLOCKS[name]
            _nitf_block(child, "quote" if quote and kind == "paragraph" else kind,
                        article, base, stop, offset)
        elif name == "table":
            _nitf_block(child, "paragraph", article, base, stop, offset)


def _nitf_block(el, kind: str, article: Article, base, stop, offset) -> None:
    text = xmlsafe.text_of(el)
    if not text:
        return
    loc = _nitf_loc(el, base, stop, offset)
    article.blocks.append(Block(text, loc, kind))
    for a in el.iter("{*}a", "a"):
        href = a.get("href")
        article.links.append(Link(xmlsafe.text_of(a), href, _nitf_loc(a, base, stop, offset),
                                  rel=a.get("rel") or ""))


def _nitf_media(el, article: Article, base, stop, offset) -> None:
    kind = (el.get("media-type") or "image").lower()
    if kind not in ("image", "graphic", "photo", "video", "audio"):
        return
    medium = media.from_reference("", None, kind)
    refs = [r for r in el.iter("{*}media-reference", "media-reference") if r.get("source")]
    if not refs:
        return
    ref = next((r for r in refs if media.from_reference(r.get("source"), r.get("mime-type"))
                == medium), refs[0])
    caption = " ".join(xmlsafe.text_of(c) for c in el.iter("{*}media-caption", "media-caption"))
    credit = " ".join(xmlsafe.text_of(c) for c in el.iter("{*}media-producer", "media-producer"))
    image = Image(src=ref.get("source"), location=_nitf_loc(ref, base, stop, offset),
                  caption=caption.strip(), credit=credit.strip(),
                  alt=ref.get("alternate-text"), width=_int(ref.get("width")),
                  height=_int(ref.get("height")),
                  medium=medium)
    image.remote = bool(re.match(r"^https?://", image.src, re.I))
    article.images.append(image)


def _int(value) -> int | None:
    try:
        return int(str(value).strip().removesuffix("px"))
    except (TypeError, ValueError):
        return None


# --- pictures ----------------------------------------------------------------

def _read_picture(item, article: Article, shown: str) -> None:
    """A picture (video, audio) item's best rendition of its own medium as
    an Image with structured credit."""
    medium = _MEDIA_CLASSES.get(_item_class(item), "image")
    contents = [el for el in item.iter("{*}remoteContent")
                if (el.get("href") or el.get("residref"))
                and _rendition_medium(el, medium) == medium]
    if not contents:
        return
    meta = _item_meta(item)
    chosen = _best_rendition(contents)
    src = _clean_href(chosen.get("href") or chosen.get("residref"))
    if src in shown.split(" "):
        return
    credit = meta.get("creditline") or meta.get("byline") or ", ".join(meta.get("creators", []))
    image = Image(src=src, location=Location(line=chosen.sourceline,
                                             selector=xmlsafe.xpath_of(chosen)),
                  caption=meta.get("description") or meta.get("headline") or "",
                  credit=credit or "", width=_int(chosen.get("width")),
                  height=_int(chosen.get("height")), medium=medium)
    image.remote = bool(re.match(r"^https?://", src, re.I))
    if meta.get("digital_source_type"):
        image.metadata["digital_source_type"] = meta["digital_source_type"]
    if meta.get("copyright_holder"):
        image.metadata["copyright_holder"] = meta["copyright_holder"]
    article.images.append(image)


def _rendition_medium(el, default: str) -> str:
    href, ctype = el.get("href") or el.get("residref") or "", el.get("contenttype") or ""
    if ctype or media.of_extension(href):
        return media.from_reference(href, ctype)
    return default


def _clean_href(href: str) -> str:
    """`file:///./ pic.jpg` (seen in IPTC's own examples) → `pic.jpg`: a local
    file reference stays a relative path the image stage resolves."""
    href = href.strip()
    m = re.match(r"^file://(?:localhost)?/?\.?/\s*(.*)$", href, re.I)
    if m and not os.path.isabs(m.group(1)):
        return m.group(1).strip()
    return href


def _best_rendition(contents: list):
    """A local file if the item has one (the image stage can read it), else
    the largest rendition: thumbnails say nothing about the picture shown."""
    local = [el for el in contents
             if not re.match(r"^https?://", _clean_href(el.get("href") or ""), re.I)
             and el.get("href")]
    if local:
        return local[0]

    def area(el) -> int:
        return (_int(el.get("width")) or 0) * (_int(el.get("height")) or 0)
    return max(contents, key=area)
