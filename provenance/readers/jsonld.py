"""JSON-LD (schema.org) as publishers embed it: what it says about the article.

Readers hand over the raw text of each `<script type="application/ld+json">`
block. This module parses them leniently (HTML comment and CDATA wrappers,
trailing semicolons, raw control characters inside strings), walks `@graph`,
arrays and `mainEntity`, finds the news-article node and copies what the
checks need onto the `Article`:

| JSON-LD                                  | Article                                   |
|------------------------------------------|-------------------------------------------|
| `headline` (else `name`)                 | `headline`                                |
| `datePublished` (else `dateCreated`)     | `published` (YYYY-MM-DD as written)       |
| `inLanguage`                             | `language` (primary subtag)               |
| `digitalSourceType`                      | `declared["digital_source_type"]`         |
| `isBasedOn`                              | `based_on`                                |
| `url` / `mainEntityOfPage`               | `own_url` (when the page names none)      |
| `articleSection`                         | `section`                                 |
| `author` / `creator` / `sourceOrganization` | `byline` (when the page shows none)    |
| `image` / `associatedMedia` ImageObjects | `Image.metadata` of the matching page image |

Fields already set by the reader are never overwritten; the caller decides
the order of sources.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterable, Iterator
from urllib.parse import unquote, urljoin, urlsplit

from .. import dates
from ..article import Article, Declared, Image, Location, Problem

ARTICLE_TYPES = frozenset({
    "newsarticle", "article", "reportagenewsarticle", "blogposting",
    "liveblogposting", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "asknewsarticle",
    "askpublicnewsarticle", "satiricalarticle", "socialmediaposting",
    "report", "techarticle", "scholarlyarticle", "advertisercontentarticle",
})
_PAGE_TYPES = frozenset({"webpage", "itempage", "medicalwebpage", "radioepisode",
                         "episode", "creativework", "videoobject"})

# Image properties copied into Image.metadata, as strings.
_IMAGE_TEXT_KEYS = ("url", "contentUrl", "caption", "creditText", "copyrightNotice",
                    "dateCreated", "datePublished", "digitalSourceType", "description",
                    "name", "license", "acquireLicensePage", "copyrightYear")
_IMAGE_NAME_KEYS = ("copyrightHolder", "creator", "author", "sourceOrganization")

_WRAPPERS = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")
_LANG = re.compile(r"[a-z]{2,3}")


def parse_block(text: str) -> Any:
    """Parse one JSON-LD block; raise `ValueError` (json.JSONDecodeError) if
    it is not JSON even after removing the usual wrappers, or is nested
    deeper than `MAX_DEPTH` levels (no real JSON-LD is)."""
    try:
        try:
            data = json.loads(text, strict=False)
        except ValueError:
            cleaned = _WRAPPERS.sub("", text.strip()).strip().rstrip(";")
            if cleaned == text:
                raise
            data = json.loads(cleaned, strict=False)
    except RecursionError:
        raise ValueError(f"nested more than {MAX_DEPTH} levels deep") from None
    if _depth(data) > MAX_DEPTH:
        raise ValueError(f"nested more than {MAX_DEPTH} levels deep")
    return data


MAX_DEPTH = 64


def _depth(data: Any) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            return depth
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def parse_blocks(blocks: Iterable[tuple[str, int | None]]) -> tuple[list[Any], list[Problem]]:
    """Parse `(text, line)` pairs. Invalid blocks become `input-jsonld` info
    problems; the valid ones are returned in order."""
    parsed: list[Any] = []
    problems: list[Problem] = []
    for text, line in blocks:
        if not text or not text.strip():
            continue
        try:
            parsed.append(parse_block(text))
        except ValueError as exc:
            reason = getattr(exc, "msg", None) or str(exc)
            where = f"line {line}" if line else "unknown line"
            problems.append(Problem(code="input-jsonld", severity="info",
                                    message=f"invalid JSON-LD block at {where}: {reason}",
                                    location=Location(line=line)))
    return parsed, problems


def types_of(node: dict) -> set[str]:
    """Lower-cased schema.org type names of a node (`schema:NewsArticle` → newsarticle)."""
    raw = node.get("@type")
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        return set()
    return {t.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for t in raw if isinstance(t, str)}


def nodes(data: Any) -> Iterator[dict]:
    """Every top-level node: through arrays, `@graph` and `mainEntity`."""
    stack = [data]
    seen = 0
    while stack and seen < 10000:
        item = stack.pop(0)
        seen += 1
        if isinstance(item, list):
            stack[0:0] = item
        elif isinstance(item, dict):
            yield item
            for key in ("@graph", "mainEntity"):
                inner = item.get(key)
                if isinstance(inner, (list, dict)):
                    stack.append(inner)


def article_node(all_nodes: list[dict]) -> dict | None:
    """The node describing the article: a news-article-like type, else a page
    that carries `articleBody`."""
    best = None
    for node in all_nodes:
        types = types_of(node)
        if types & ARTICLE_TYPES or any(t.endswith(("article", "posting")) for t in types):
            if node.get("articleBody") or node.get("headline"):
                return node
            best = best or node
        elif best is None and types & _PAGE_TYPES and node.get("articleBody"):
            best = node
    return best


def text_value(value: Any) -> str | None:
    """A plain string from a JSON-LD value: strings, `{"name": ...}`,
    `{"@value": ...}`, `{"@id": ...}`, lists joined with ", "."""
    if value is None or value is False:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        for key in ("name", "@value", "url", "@id", "text"):
            found = text_value(value.get(key))
            if found:
                return found
        return None
    if isinstance(value, list):
        parts = [p for p in (text_value(v) for v in value[:20]) if p]
        return ", ".join(dict.fromkeys(parts)) or None
    return None


def url_values(value: Any) -> list[str]:
    """URLs named by a value: string, `{"url"|"@id": ...}` or a list of those."""
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str) and item.strip():
            out.append(item.strip())
        elif isinstance(item, dict):
            for key in ("url", "@id", "contentUrl"):
                if isinstance(item.get(key), str) and item[key].strip():
                    out.append(item[key].strip())
                    break
    return out


def iso_date(value: Any) -> str | None:
    """`YYYY-MM-DD` of a JSON-LD date value (a string or a typed value), by
    the project's one date parser (`provenance.dates`)."""
    text = text_value(value) if not isinstance(value, str) else value
    return dates.iso_date(text) if text else None


def language(value: Any) -> str | None:
    """Primary language subtag (`de-DE`, `pl_PL` → `de`, `pl`)."""
    text = text_value(value)
    if not text:
        return None
    primary = text.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if _LANG.fullmatch(primary) else None


def apply(data: list[Any], article: Article) -> list[dict]:
    """Copy article-level JSON-LD facts into `article` (without overwriting)
    and return the flattened ImageObjects it describes (see `image_metadata`)."""
    all_nodes = list(nodes(data))
    by_id = {n["@id"]: n for n in all_nodes if isinstance(n.get("@id"), str)}
    node = article_node(all_nodes)
    if node is not None:
        _apply_article(node, article)
    images: list[dict] = []
    seen: set[str] = set()

    def add(value: Any) -> None:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and set(item) <= {"@id"} and item.get("@id") in by_id:
                item = by_id[item["@id"]]
            if not isinstance(item, dict):
                continue
            meta = image_metadata(item)
            key = meta.get("contentUrl") or meta.get("url")
            if key and key not in seen and len(meta) > 2:
                seen.add(key)
                images.append(meta)

    sources = [node] if node is not None else []
    sources += [n for n in all_nodes if n is not node and types_of(n) & _PAGE_TYPES]
    for source in sources:
        for key in ("image", "associatedMedia", "primaryImageOfPage"):
            if key in source:
                add(source[key])
    add([n for n in all_nodes if "imageobject" in types_of(n)])
    return images


def _apply_article(node: dict, article: Article) -> None:
    if not article.headline:
        article.headline = text_value(node.get("headline")) or text_value(node.get("name"))
    if not article.published:
        article.published = iso_date(node.get("datePublished")) or iso_date(node.get("dateCreated"))
    if not article.language:
        article.language = language(node.get("inLanguage"))
    source_type = text_value(node.get("digitalSourceType"))
    if source_type and "digital_source_type" not in article.declared:
        article.declared["digital_source_type"] = Declared(source_type, "JSON-LD")
    for url in url_values(node.get("isBasedOn")) + url_values(node.get("isBasedOnUrl")):
        if url not in article.based_on:
            article.based_on.append(url)
    if not article.own_url:
        urls = url_values(node.get("url")) or url_values(node.get("mainEntityOfPage"))
        article.own_url = next((u for u in urls if u.startswith(("http://", "https://"))), None)
    if not article.section:
        article.section = text_value(node.get("articleSection"))
    if not article.byline:
        for key in ("author", "creator", "sourceOrganization"):
            name = text_value(node.get(key))
            if name and len(name) <= 200:
                article.byline = name
                break


def image_metadata(obj: dict) -> dict:
    """Flatten an ImageObject into `{"source": "JSON-LD", <schema.org key>: str}`.
    Person/Organization values become their names."""
    meta: dict[str, Any] = {"source": "JSON-LD"}
    for key in _IMAGE_TEXT_KEYS:
        value = text_value(obj.get(key))
        if value:
            meta[key] = value
    for key in _IMAGE_NAME_KEYS:
        value = text_value(obj.get(key))
        if value:
            meta[key] = value
    if "url" not in meta and isinstance(obj.get("@id"), str) and "contentUrl" not in meta:
        meta["url"] = obj["@id"]
    return meta


def url_key(url: str, base: str | None = None) -> str:
    """Comparable form of an image URL: resolved against `base`, without
    scheme, query or fragment, percent-decoded, host lower-cased."""
    url = url.strip()
    if base:
        try:
            url = urljoin(base, url)
        except ValueError:
            pass
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    return parts.netloc.lower() + unquote(parts.path)


def _keys_match(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    short = short.lstrip("./")
    # A relative src (no host) matches an absolute URL ending in its path.
    return bool(short) and short.count("/") < long_.count("/") and long_.endswith("/" + short)


def attach_images(article: Article, images: list[dict], candidates: dict[int, list[str]] | None = None,
                  base: str | None = None) -> None:
    """Attach flattened ImageObjects to the page images whose src (or any of
    `candidates[id(image)]`: srcset entries, lazy-load URLs) matches their
    `url`/`contentUrl`. Unmatched ones go to `article.metadata["jsonld_images"]`;
    no Image is invented for them."""
    page: list[tuple[str, Image]] = []
    for image in article.images:
        urls = (candidates or {}).get(id(image)) or [image.src]
        for url in urls:
            if url and not url.startswith("data:"):
                page.append((url_key(url, base), image))
    unmatched = []
    for meta in images:
        keys = {url_key(u, base) for u in (meta.get("url"), meta.get("contentUrl")) if u}
        hit = False
        for page_key, image in page:
            if any(_keys_match(page_key, k) for k in keys):
                for key, value in meta.items():
                    image.metadata.setdefault(key, value)
                hit = True
        if not hit:
            unmatched.append(meta)
    if unmatched:
        article.metadata.setdefault("jsonld_images", []).extend(unmatched)
