"""The page-level pass: metadata (meta tags, JSON-LD, canonical, base,
language, dates, declared signals) and the candidates for the article scope."""
from __future__ import annotations

from urllib.parse import urljoin

from lxml import etree

from ...article import Article, Declared, declared_value
from .. import jsonld
from . import region
from .parse import _norm, _text_length, suppressions_in

_PUBLISHED_META = ("article:published_time", "og:article:published_time", "og:published_time",
                   "datepublished", "date", "pubdate", "publishdate", "publish-date",
                   "publication_date", "dc.date.issued", "dc.date", "dcterms.date",
                   "dcterms.created", "sailthru.date", "parsely-pub-date")
_DECLARED_META = {"provenance:ai": "ai", "provenance:reviewed": "reviewed",
                  "provenance:aggregated": "aggregated", "provenance:source": "source",
                  "provenance:published": "published"}


# What the page-level pass looks at, filtered by lxml in C.
_COMMENT = etree.Comment
_PAGE_TAGS = ("meta", "link", "base", "title", "script", "article", "main", _COMMENT)


def _primary_language(value: str | None) -> str | None:
    return jsonld.language(value) if value else None


# --- page-level pass -----------------------------------------------------------

class _Page:
    """One cheap pass over the elements lxml filters for us in C: meta,
    link, base, title, JSON-LD scripts, article/main candidates, comments."""

    def __init__(self, root):
        self.root = root
        body = root.find("body")
        self.body = body if body is not None else root
        self.meta: dict[str, str | list[str]] = {}
        self.canonical = None
        self.base = None
        self.title = None
        self.scripts: list[tuple[str, int | None]] = []
        self.articles = []
        self.mains = []
        self.comments = []
        comments, scripts, meta = self.comments, self.scripts, self._meta
        for el in root.iter(*_PAGE_TAGS):
            tag = el.tag
            # Branches by how often they come (comments, meta, script, link
            # run to thousands on some pages).
            if tag is _COMMENT:
                # Pages carry hundreds of comments; only those naming us matter.
                text = el.text
                if text and "rovenance" in text.lower():
                    comments.append(el)
            elif tag == "meta":
                meta(el)
            elif tag == "script":
                kind = el.get("type")
                if kind and "ld+json" in kind.lower():
                    scripts.append((el.text or "", el.sourceline))
            elif tag == "link":
                if self.canonical is None:
                    rel = el.get("rel")
                    if rel and "canonical" in rel.lower().split():
                        self.canonical = (el.get("href") or "").strip() or None
            elif tag == "article":
                self.articles.append(el)
            elif tag == "main":
                self.mains.append(el)
            elif tag == "base":
                if self.base is None:
                    self.base = (el.get("href") or "").strip() or None
            elif tag == "title":
                if self.title is None and not any(a.tag == "svg" for a in el.iterancestors()):
                    self.title = _norm([el.text or ""]) or None
        # Comments before/after <html> are outside root.iter().
        for sibling in list(root.itersiblings(preceding=True)) + list(root.itersiblings()):
            if sibling.tag is etree.Comment:
                self.comments.append(sibling)
        self.jsonld, self.jsonld_problems = jsonld.parse_blocks(self.scripts)
        self.jsonld_images: list[dict] = []
        # Text lengths of elements measured while looking for the scope
        # (the walk needs the scope's again: a full pass over its text).
        self.lengths: dict = {}

    def _length(self, el) -> int:
        size = self.lengths.get(el)
        if size is None:
            size = self.lengths[el] = _text_length(el)
        return size

    def _meta(self, el) -> None:
        key = el.get("property") or el.get("name") or el.get("itemprop")
        if not key:
            equiv = el.get("http-equiv")
            if equiv and equiv.lower() == "content-language":
                key = "content-language"
            else:
                return
        content = el.get("content")
        if content is None:
            return
        key = key.strip().lower()
        content = content.strip()
        old = self.meta.get(key)
        if old is None:
            self.meta[key] = content
        elif isinstance(old, list):
            old.append(content)
        elif old != content:
            self.meta[key] = [old, content]

    def first(self, key: str) -> str | None:
        value = self.meta.get(key)
        if isinstance(value, list):
            return value[0] or None
        return value or None

    def apply_metadata(self, article: Article) -> None:
        """Everything the page says about itself outside the visible body."""
        article.problems.extend(self.jsonld_problems)
        from ...suppressions import pair_ranges
        from .paths import _Paths
        paths = _Paths(None, None)       # the same CSS paths the walk gives findings
        for comment in self.comments:
            article.suppressions.extend(suppressions_in(comment.text or "", comment.sourceline, comment, paths))
        article.suppressions[:] = pair_ranges(article.suppressions)
        if self.meta:
            article.metadata["meta"] = self.meta
        if self.jsonld:
            article.metadata["jsonld"] = self.jsonld
        article.canonical = self.canonical
        article.own_url = self.first("og:url")
        for key, name in _DECLARED_META.items():
            value = self.first(key)
            if value:
                article.declared[name] = Declared(declared_value(name, value), f"meta {key}")
        # JSON-LD first: it is the most specific source for these fields.
        self.jsonld_images = jsonld.apply(self.jsonld, article) if self.jsonld else []
        if not article.headline:
            article.headline = self.first("og:title")
        if not article.published and "published" in article.declared:
            article.published = jsonld.iso_date(str(article.declared["published"].value))
        if not article.published:
            for key in _PUBLISHED_META:
                date = jsonld.iso_date(self.first(key))
                if date:
                    article.published = date
                    break
        if not article.language:
            article.language = (_primary_language(self.root.get("lang"))
                                or _primary_language(self.root.get("{http://www.w3.org/XML/1998/namespace}lang"))
                                or _primary_language(self.root.get("xml:lang"))
                                or _primary_language(self.first("og:locale"))
                                or _primary_language(self.first("content-language"))
                                or _primary_language(self.first("language"))
                                or _primary_language(self.first("dc.language")))
        if not article.section:
            article.section = self.first("article:section")
        for key in ("original-source", "syndication-source"):
            value = self.first(key)
            if value and value not in article.based_on:
                article.based_on.append(value)

    def base_url(self, article: Article) -> str | None:
        """What relative links resolve against: <base>, else the page's own
        URL. Never the canonical, which may be another site's article."""
        own = article.own_url
        if self.base:
            return urljoin(own, self.base) if own else self.base
        return own

    def scope(self):
        """(element, mode): the article scope and how it was found."""
        return region.scope(self)

    def finish(self, article: Article, walker) -> None:
        if not article.headline:
            article.headline = walker.first_h1 or self.title
        if not article.published and walker.first_time:
            article.published = jsonld.iso_date(walker.first_time)
        if walker.byline:
            # What readers see beats the JSON-LD author.
            article.byline = walker.byline
        if self.jsonld_images:
            jsonld.attach_images(article, self.jsonld_images, walker.image_urls,
                                 base=self.base_url(article))
