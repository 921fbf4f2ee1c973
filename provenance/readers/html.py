"""HTML reader: one web page → one `Article` (format "html").

What a reader of the page sees is what the checks see:

* **Decoding** as browsers do: byte-order mark, then the charset declared in
  `<meta charset>` / `http-equiv` content type (or an XML declaration),
  else UTF-8, else windows-1252 with an `input-encoding` warning.
* **Parsing** with lxml's HTML parser: lenient like a browser (broken markup
  is never a finding), no network, no external entities, libxml2's default
  size limits (no `huge_tree`), inputs above `MAX_BYTES` are refused.
* **Article scope**: the `<article>` (with several, the one holding the
  JSON-LD `articleBody`, else the one with most text), even when broken
  markup nests it inside `<nav>`; else the element holding the
  `articleBody` text (when that is a real body, 500+ characters, and the
  `<main>` around it is mostly other things); else `<main>`/`[role=main]`;
  else the block holding most paragraph text, widened over wrappers that
  add little (headline, lead picture); else `<body>` minus site chrome
  (`nav`, site `header`/`footer`, `aside`, and elements whose class or id
  says nav, menu, footer, sidebar, related, teaser, ad, cookie, newsletter,
  share, social, comments, recommended, more-from, most-read ...). Inside
  the scope, share bars, ads, related teasers and comment sections are
  dropped too.
* **Visible text only** becomes `Block`s: never `script`, `style`,
  `template`, `noscript`, `head`, comments, attributes, or anything under
  `hidden`, `aria-hidden="true"`, inline `display:none`/`visibility:hidden`
  or a screen-reader-only / hidden utility class (`sr-only`,
  `visually-hidden`, `d-none` ...). A closed `<details>` shows its
  `<summary>` only. Blocks are paragraph-level elements (p, headings, li,
  blockquote, figcaption, td, a div with its own text ...), whitespace
  normalised, located by source line and a CSS path such as
  `html > body > main > article > p:nth-of-type(3)` (an ancestor with an
  id shortens it: `#story > p:nth-of-type(3)`), computed when first read.
* **Images**: every visible `<img>` in scope, with lazy-load sources
  (`data-src`, `srcset`, `<picture><source>`), size from attributes or
  inline CSS, classes of the image and its picture/link/figure, the
  visible `<figcaption>` text as caption and the text of credit elements
  (class with credit, copyright, byline, source, photographer, author,
  fotograf ...; `<small>`/`<cite>` inside a caption) as credit; in a
  caption `Text | Agency`, the short last segment is the credit. Outside a
  figure, the block right after the image (or after the wrapper it is alone
  in) is its caption when it is a figcaption, has a caption/credit class
  (`caption`, `img-desc`, `caphover` ...) or is a short block holding a
  credit element (`<cite class="source">`). JSON-LD ImageObjects attach to
  the image they describe as `Image.metadata`.
* **Teasers**: an image inside a link to another page (not to the picture
  itself, a lightbox, zoom or gallery control), or in a small card whose
  text is mostly one such link, is marked `Image.teaser`: navigation, not
  editorial (the checks treat it as decorative unless it has a caption).
* **Links**: every visible `<a href>` in scope; relative hrefs resolved
  against `<base>` or the page's own URL (og:url / JSON-LD url), never
  against `rel=canonical` (which may name another site).
* **Metadata**: JSON-LD (see `provenance.readers.jsonld`), `<link
  rel=canonical>`, og:/article:/named `<meta>` tags (all kept in
  `metadata["meta"]`), `<html lang>`, dates, and declared signals in
  `<meta name="provenance:ai|reviewed|aggregated|source|published">`.
* **Suppressions**: `<!-- provenance: ignore[rule-id, other-id] reason="..." -->`
  anywhere in the page.

`read_fragment` applies the same rules to an HTML snippet (feed
`content:encoded`, ninjs `body_html`, a NewsML-G2 XHTML body, inline HTML
in Markdown) and appends what it finds to an existing Article.
"""
from __future__ import annotations

import re
import threading
from urllib.parse import urljoin

from lxml import etree

from ..article import Article, Block, Declared, Image, Link, Location, Problem, Suppression
from . import jsonld
from .decode import codec_for, decode_text

MAX_BYTES = 32 * 1024 * 1024

# --- element classes -------------------------------------------------------

_SKIP = frozenset({
    "script", "style", "template", "noscript", "head", "title", "meta", "link",
    "base", "svg", "iframe", "object", "canvas", "audio", "video",
    "select", "datalist", "textarea", "input", "map", "area",
    "param", "frame", "frameset", "noembed", "noframes",
})
_BLOCK = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
    "dd", "dt", "blockquote", "figure", "figcaption", "table", "thead",
    "tbody", "tfoot", "tr", "td", "th", "caption", "section", "article",
    "main", "header", "footer", "aside", "nav", "address", "pre", "hr",
    "details", "summary", "form", "fieldset", "legend", "center", "dialog",
    "hgroup", "menu", "body", "html", "option", "picture",
})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Block elements that need nothing but block boundaries and a block kind.
_PLAIN_BLOCK = _BLOCK - {"figure", "figcaption", "blockquote", "details", "dialog"}
# Inline elements that need nothing but their text (fast path of the walk).
_PLAIN_INLINE = frozenset({"span", "strong", "b", "em", "i", "u", "s", "sup", "sub", "mark",
                           "abbr", "code", "font", "del", "ins", "q", "label", "kbd", "var",
                           "dfn", "bdi", "bdo", "data", "wbr", "nobr", "tt", "big",
                           # Void in HTML5 but not to libxml2, which makes the
                           # content after them their children: walk through.
                           "source", "embed", "track", "keygen"})
# Elements with a role beyond plain text: always take the full path.
_SPECIAL = frozenset({"figure", "figcaption", "a", "blockquote", "time", "details", "small", "cite"})
_WATCHED_ATTRS = frozenset({"class", "id", "hidden", "aria-hidden", "style", "role", "open"})
_IMAGE_TAGS = frozenset({"img", "amp-img"})

# Not rendered on screen: display:none, visibility:hidden, opacity:0, and the
# inline "screen-reader only" tricks (clip to nothing, 1px boxes, off-screen).
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$|!)"
    r"|clip\s*:\s*rect\(\s*0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?\s*\)"
    r"|clip-path\s*:\s*inset\(\s*50%|(?:left|top|text-indent)\s*:\s*-\d{4,}(?:px|em)?"
    r"|(?<![-\w])(?:width|height)\s*:\s*[01]px\s*;[^\"]*?overflow\s*:\s*hidden", re.I)
_HIDDEN_CLASS = re.compile(
    r"(?:^|\s)(?:sr-only|sr-text|visually-?hidden|screen-?reader-(?:text|only)|screenreader-only"
    r"|a11y-hidden|element-invisible|off-?screen|hidden|d-none|is-hidden|u-hidden|hide)(?=$|\s)", re.I)
# `hidden md:block`, `d-none d-md-block`: hidden on small screens only.
_RESPONSIVE_SHOW = re.compile(r"(?:^|\s)(?:[a-z0-9]+:|d-[a-z]+-)(?:block|flex|inline|inline-block|grid|table)(?=$|\s)", re.I)

_CHROME_WORDS = (r"nav|navbar|navigation|menu|footer|sidebar|related|teasers?|ads?|advert|adverts"
                 r"|advertisement|anzeige|werbung|cookies?|consent|newsletter|share|sharing"
                 r"|social|comments?|kommentare|promo|breadcrumbs?|outbrain|taboola|paywall-teaser"
                 r"|recommend|recommended|recommendations?|more-from|most-read|mostread|most-popular"
                 r"|mostpopular|trending")
# Inside <article>/<main>: drop what is never article content. Footers and
# headers of the article itself stay (they hold notices and credits).
_INNER_WORDS = (r"nav|navbar|menu|sidebar|related|teasers?|ads?|advert|adverts|advertisement"
                r"|anzeige|werbung|cookies?|consent|newsletter|share|sharing|social|comments?"
                r"|kommentare|promo|breadcrumbs?|outbrain|taboola|recommend|recommended|recommendations?"
                r"|more-from|most-read|mostread|most-popular|mostpopular|trending")
_TOKEN = r"(?:^|[\s_-])(?:{})(?=$|[\s_-])"
_CHROME = re.compile(_TOKEN.format(_CHROME_WORDS), re.I)
_INNER_CHROME = re.compile(_TOKEN.format(_INNER_WORDS), re.I)
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})

_CREDIT_CLASS = re.compile(
    r"credit|copyright|byline|source|photographer|author|autor|auteur|fotograf|bildnachweis"
    r"|nachweis|quelle|fuente|rights", re.I)
# Bare "foto"/"photo" classes name a credit only inside a caption (outside,
# they are usually the picture wrapper).
_CREDIT_TOKEN = re.compile(r"(?:^|[\s_-])(?:foto|photo|bild|fot)(?=$|[\s_-])", re.I)
_CAPTION_CLASS = re.compile(r"caption|credit|copyright|legend|bildunterschrift|didascalia|podpis"
                            r"|leyenda|(?:^|[\s_-])bu(?=$|[\s_-])|caphover|captext"
                            # `img-desc`, `photo_info`, `image-text`: the text block under a picture
                            r"|(?:img|image|photo|foto|pic|picture|media)[_-]?(?:desc|description|info|text|opis)",
                            re.I)
_BYLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:by-?line|author|authors|autor|autoren|auteur|autore)(?=$|[\s_-])", re.I)

# (The lookahead on the first letters only makes the search twice as fast;
# ASCII sources, nearly all, are checked for the words without a regex.)
_PLACEHOLDER_SRC = re.compile(r"(?=[pbstldg_])(?:placeholder|blank\.|spacer|transparent\.|lazy|loading|grey\.gif"
                              r"|dummy|_ph\.)", re.I)
_PLACEHOLDER_WORDS = ("placeholder", "blank.", "spacer", "transparent.", "lazy", "loading", "grey.gif",
                      "dummy", "_ph.")
# Links that open the picture itself (lightbox, zoom, the file) rather than another page.
_IMAGE_HREF = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|tiff?|heic|bmp)(?:$|[?#])", re.I)
_LIGHTBOX = re.compile(r"(?=[lfzgepmcsv])(?:lightbox|fancybox|zoom|gallery|galeria|enlarge|popup|modal"
                       r"|photoswipe|magnific|colorbox|slimbox|lupe|vergr)", re.I)
# `Caption text | Agency`: the last `|` segment of a caption, when short, is its credit.
_PIPE_CREDIT = re.compile(r"\s\|\s*([^|]{2,40}?)\s*$")
_DATEISH = re.compile(r"^[\d\s./:-]+$")
_LAZY_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-hi-res-src")
_PX = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$", re.I)
_STYLE_SIZE = re.compile(r"(?:^|[;\s])(width|height)\s*:\s*(\d+(?:\.\d+)?)px", re.I)
_VALID_ID = re.compile(r"[A-Za-z][\w-]*")
_ORIGIN = re.compile(r"https?://[^/?#\\]+(?=$|[/?#])")   # lower-case schemes only, as urljoin writes them

_SUPPRESSION = re.compile(
    r"provenance\s*:\s*ignore\s*\[([^\]]*)\](?:\s*reason\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|(\S+)))?", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._\-]+)", re.I)

_PUBLISHED_META = ("article:published_time", "og:article:published_time", "og:published_time",
                   "datepublished", "date", "pubdate", "publishdate", "publish-date",
                   "publication_date", "dc.date.issued", "dc.date", "dcterms.date",
                   "dcterms.created", "sailthru.date", "parsely-pub-date")
_DECLARED_META = {"provenance:ai": "ai", "provenance:reviewed": "reviewed",
                  "provenance:aggregated": "aggregated", "provenance:source": "source",
                  "provenance:published": "published"}
_TRUE = frozenset({"true", "yes", "1", "on"})
_FALSE = frozenset({"false", "no", "0", "off"})

# Class attributes repeat all over a page (and across pages of one site):
# classify each distinct string once instead of running the regexes per element.
_HIDDEN, _CHROME_BIT, _INNER_BIT, _CREDIT_BIT, _CREDIT_TOKEN_BIT, _BYLINE_BIT, _CAPTION_BIT = (
    1, 2, 4, 8, 16, 32, 64)
_flag_cache: dict[str, int] = {}


_CLASS_BITS = ((_CHROME, _CHROME_BIT), (_INNER_CHROME, _INNER_BIT), (_CREDIT_CLASS, _CREDIT_BIT),
               (_CREDIT_TOKEN, _CREDIT_TOKEN_BIT), (_BYLINE_CLASS, _BYLINE_BIT),
               (_CAPTION_CLASS, _CAPTION_BIT))


def _class_flags(value: str) -> int:
    flags = _flag_cache.get(value)
    if flags is None:
        flags = 0
        if _HIDDEN_CLASS.search(value) and not _RESPONSIVE_SHOW.search(value):
            flags |= _HIDDEN
        for rx, bit in _CLASS_BITS:
            if rx.search(value):
                flags |= bit
        if len(_flag_cache) > 50000:
            _flag_cache.clear()
        _flag_cache[value] = flags
    return flags


_style_cache: dict[str, bool] = {}


def _hidden_style(value: str) -> bool:
    """Inline `display:none`, `visibility:hidden`, `opacity:0`, off-screen or
    clipped to nothing (style strings repeat: cached)."""
    hidden = _style_cache.get(value)
    if hidden is None:
        hidden = _style_cache[value] = bool(_HIDDEN_STYLE.search(value))
        if len(_style_cache) > 50000:
            _style_cache.clear()
    return hidden


_local = threading.local()


def _parser() -> etree.HTMLParser:
    """One parser per thread (lxml parsers must not be shared across threads)."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = etree.HTMLParser(
            encoding="utf-8", no_network=True, remove_comments=False, remove_pis=False,
            huge_tree=False, default_doctype=False, collect_ids=False)
    return parser


# --- public API --------------------------------------------------------------

def read(data: bytes, path: str, file: str | None) -> list[Article]:
    """Read an HTML page (bytes as on disk) into one Article."""
    article = Article(path=path, format="html", file=file)
    if len(data) > MAX_BYTES:
        return [_unreadable(article, f"HTML file is larger than {MAX_BYTES // (1024 * 1024)} MB; not checked")]
    payload, problem = _utf8_payload(data)
    if problem:
        article.problems.append(problem)
    root = _parse(payload)
    if root is None:
        return [_unreadable(article, "no HTML content could be parsed")]
    page = _Page(root)
    page.apply_metadata(article)
    scope, mode = page.scope()
    walker = _Walker(article, scope, base=page.base_url(article), mode=mode,
                     scope_length=page.lengths.get(scope))
    walker.run()
    page.finish(article, walker)
    return [article]


def read_fragment(html: str, article: Article, base_selector: str = "", *,
                  line_offset: int = 0, base_url: str | None = None) -> None:
    """Parse an HTML fragment and append its visible blocks, images (with
    figure caption/credit), links and suppression comments to `article`.

    Selectors are `base_selector` followed by the CSS path inside the
    fragment (`"/body_html p:nth-of-type(2)"`). Lines are the fragment's own
    lines plus `line_offset` (pass the line where the fragment starts minus
    one to get file lines). Relative link targets resolve against
    `base_url`, else `article.own_url`.
    """
    if not html or not html.strip():
        return
    try:
        wrapper = etree.fromstring(f"<html><body>{html}</body></html>".encode("utf-8", "replace"),
                                   _parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return
    if wrapper is None:
        return
    body = wrapper.find("body")
    holder = body if body is not None else wrapper
    for comment in wrapper.iter(etree.Comment):
        article.suppressions.extend(suppressions_in(comment.text or "", _line(comment, line_offset)))
    walker = _Walker(article, holder, base=base_url or article.own_url, mode="fragment",
                     fragment=base_selector, line_offset=line_offset)
    walker.run()


def suppressions_in(comment: str, line: int | None) -> list[Suppression]:
    """Suppressions in one comment's text: `provenance: ignore[rule-a, rule-b] reason="..."`.
    A suppression without a reason has `reason=None` (the engine reports it)."""
    found = []
    for match in _SUPPRESSION.finditer(comment):
        reason = next((g for g in match.groups()[1:] if g is not None), None)
        reason = reason.strip() if reason and reason.strip() else None
        for rule in match.group(1).split(","):
            rule = rule.strip().strip("\"'")
            if rule:
                found.append(Suppression(rule=rule, reason=reason, location=Location(line=line)))
    return found


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (`<meta charset>`,
    `http-equiv` content type, XML declaration), or None."""
    match = _XML_ENCODING.match(data[:200]) or _META_CHARSET.search(data[:1024])
    return match.group(1).decode("ascii", "replace") if match else None


# --- decoding and parsing ----------------------------------------------------

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


def _element_text(el) -> str:
    """All text under an element (hidden or not), whitespace-normalised:
    only used to find the element holding the articleBody text."""
    return " ".join(etree.tostring(el, method="text", encoding=str, with_tail=False).split())


# Evaluated in C: comparing candidate scopes costs no Python string work.
_TEXT_LENGTH = etree.XPath("string-length(normalize-space())")
_CONTAINS = etree.XPath("contains(normalize-space(), $snippet)")
# Same as //*[@role='main'], twice as fast in libxml2 (no node-set of every element).
_ROLE_MAIN = etree.XPath("//@role[.='main']/..")


def _text_length(el) -> int:
    return int(_TEXT_LENGTH(el))


def _px(value: str | None) -> int | None:
    if not value:
        return None
    match = _PX.match(value)
    return int(float(match.group(1))) if match else None


def _primary_language(value: str | None) -> str | None:
    return jsonld.language(value) if value else None


def _flag(key: str, value: str):
    """Declared values as the CLI would parse them."""
    text = value.strip()
    if key in ("reviewed", "aggregated"):
        low = text.lower()
        return True if low in _TRUE else False if low in _FALSE else text
    if key == "published":
        return jsonld.iso_date(text) or text
    if key == "ai":
        return text.lower()
    return text


# --- page-level pass -----------------------------------------------------------

class _Page:
    """One cheap pass over the elements lxml filters for us in C: meta,
    link, base, title, JSON-LD scripts, article/main candidates, comments."""

    def __init__(self, root):
        self.root = root
        body = root.find("body")
        self.body = body if body is not None else root
        self.meta: dict[str, object] = {}
        self.canonical = None
        self.base = None
        self.title = None
        self.scripts: list[tuple[str, int | None]] = []
        self.articles = []
        self.mains = []
        self.comments = []
        for el in root.iter("meta", "link", "base", "title", "script", "article", "main", etree.Comment):
            tag = el.tag
            if tag == "meta":
                self._meta(el)
            elif tag == "script":
                kind = el.get("type")
                if kind and "ld+json" in kind.lower():
                    self.scripts.append((el.text or "", el.sourceline))
            elif tag == "article":
                self.articles.append(el)
            elif tag == "main":
                self.mains.append(el)
            elif tag == "link":
                rel = el.get("rel")
                if self.canonical is None and rel and "canonical" in rel.lower().split():
                    self.canonical = (el.get("href") or "").strip() or None
            elif tag == "base":
                if self.base is None:
                    self.base = (el.get("href") or "").strip() or None
            elif tag == "title":
                if self.title is None and not any(a.tag == "svg" for a in el.iterancestors()):
                    self.title = _norm([el.text or ""]) or None
            elif tag is etree.Comment:
                # Pages carry hundreds of comments; only those naming us matter.
                text = el.text
                if text and "rovenance" in text.lower():
                    self.comments.append(el)
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
            value = value[0]
        return value or None

    def apply_metadata(self, article: Article) -> None:
        """Everything the page says about itself outside the visible body."""
        article.problems.extend(self.jsonld_problems)
        for comment in self.comments:
            article.suppressions.extend(suppressions_in(comment.text or "", comment.sourceline))
        if self.meta:
            article.metadata["meta"] = self.meta
        if self.jsonld:
            article.metadata["jsonld"] = self.jsonld
        article.canonical = self.canonical
        article.own_url = self.first("og:url")
        for key, name in _DECLARED_META.items():
            value = self.first(key)
            if value:
                article.declared[name] = Declared(_flag(name, value), f"meta {key}")
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

    def _article_body(self) -> tuple[str | None, int]:
        """The first words of the JSON-LD articleBody (to find it on the
        page) and the body's length."""
        node = jsonld.article_node(list(jsonld.nodes(self.jsonld))) if self.jsonld else None
        body = jsonld.text_value(node.get("articleBody")) if node else None
        if not body:
            return None, 0
        # XPath normalize-space() folds ASCII whitespace only.
        words = " ".join(body.replace("\xa0", " ").split(" ")).split()
        snippet = " ".join(words[:8])
        return (snippet if len(snippet) >= 20 else None), sum(map(len, words)) + len(words) - 1

    def scope(self):
        """(element, mode): the article scope and how it was found."""
        snippet, wanted = self._article_body()
        if self.articles:
            sized = [(self._length(a), a) for a in self.articles]
            holding = [item for item in sized if snippet and _CONTAINS(item[1], snippet=snippet)]
            size, element = (min(holding, key=lambda item: item[0]) if holding
                             else max(sized, key=lambda item: item[0]))
            # Pages that use <article> only for teaser cards: a tiny
            # "article" on a big page is not the story.
            if holding or size >= 500 or size * 10 >= self._length(self.body):
                return element, "article"
        mains = self.mains or _ROLE_MAIN(self.root)
        main = (max(mains, key=self._length) if len(mains) > 1 else mains[0]) if mains else None
        if snippet and wanted >= 500:
            # (A shorter "articleBody" is a summary, repeated in teasers.)
            # A <main> holding a whole page of teasers around the story: the
            # element holding the articleBody text is the better scope.
            holder = self._holder_of(snippet, wanted, main if main is not None else self.body)
            if holder is not None and (main is None or self._length(holder) * 2 < self._length(main)):
                return holder, "article"
        if main is not None:
            return main, "main"
        dense = self._densest()
        if dense is not None:
            return dense, "main"
        return self.body, "body"

    def _densest(self):
        """No <article>, <main> or articleBody: the block holding most
        paragraph text, widened over wrappers that add little (headline,
        lead picture, byline), when it holds a story's worth of text."""
        score: dict = {}
        for p in self.body.iter("p"):
            parent = p.getparent()
            if parent is not None:
                score[parent] = score.get(parent, 0) + self._length(p)
        if not score:
            return None
        best = max(score, key=score.get)
        if score[best] < 300:
            return None
        el, size = best, self._length(best)
        while el is not self.body:
            parent = el.getparent()
            if parent is None:
                break
            parent_size = self._length(parent)
            if parent_size * 5 > size * 8:
                break
            el, size = parent, parent_size
        return None if el is self.body else el

    def _holder_of(self, snippet: str, wanted: int, start):
        """The element holding the articleBody: the deepest element holding
        its first words, widened until it holds about as much text as the
        articleBody, then over wrappers that add little (headline, lead
        picture, byline)."""
        if not _CONTAINS(start, snippet=snippet):
            return None
        el = start
        while True:
            # Teasers of the same story repeat its first words: follow the
            # biggest child that holds them.
            holding = [child for child in el
                       if child.tag.__class__ is str and _CONTAINS(child, snippet=snippet)]
            if not holding:
                break
            el = holding[0] if len(holding) == 1 else max(holding, key=self._length)
        size = self._length(el)
        while el is not start and (size * 5 < wanted * 4 or el.tag not in _BLOCK):
            el = el.getparent()
            size = self._length(el)
        while el is not start:
            parent = el.getparent()
            parent_size = self._length(parent)
            if parent_size * 4 > size * 5 + 800:
                break
            el, size = parent, parent_size
        return el

    def finish(self, article: Article, walker: "_Walker") -> None:
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


# --- locations -------------------------------------------------------------------

class _Paths:
    """CSS paths of elements, such as `html > body > main > p:nth-of-type(3)`
    or `#story > p:nth-of-type(3)` (an ancestor with an id shortens it).
    Worked out only when a location's selector is read: most blocks never
    end up in a finding."""

    __slots__ = ("top", "fragment", "cache")

    def __init__(self, top, fragment: str | None):
        self.top = top                  # the fragment's holder; None for a page (its root)
        self.fragment = fragment
        self.cache: dict = {}

    def __call__(self, el) -> str:
        cache, top = self.cache, self.top
        chain = []
        node, prefix = el, None
        while True:
            known = cache.get(node)
            if known is not None:
                prefix = known
                break
            chain.append(node)
            parent = node.getparent() if node is not top else None
            # Browsers keep <img> beside <source>; libxml2 nests it inside.
            while parent is not None and parent is not top and parent.tag in _SWALLOWING_VOIDS:
                parent = parent.getparent()
            if parent is None:
                break
            node = parent
        for node in reversed(chain):
            if prefix is None:              # the page's root, or the fragment's holder
                selector = self.fragment if node is top else _segment(node)
            else:
                ident = node.get("id") if top is None else None
                if ident and _VALID_ID.fullmatch(ident):
                    selector = "#" + ident
                elif not prefix:
                    selector = _segment(node)
                elif top is not None and node.getparent() is top:
                    selector = f"{prefix} {_segment(node)}"
                else:
                    selector = f"{prefix} > {_segment(node)}"
            cache[node] = prefix = selector
        return prefix


def _segment(el) -> str:
    tag = el.tag if el.tag.__class__ is str else ""
    local = tag.rpartition(":")[2] if ":" in tag else tag
    if not local or local in ("html", "body"):
        return local
    nth = 1 + sum(1 for _ in el.itersiblings(tag, preceding=True))
    if nth > 1 or next(el.itersiblings(tag), None) is not None:
        return f"{local}:nth-of-type({nth})"
    return local


class _PathLocation(Location):
    """A `Location` whose CSS path is computed on first read. Pickles (for
    worker processes) and compares as a plain `Location`; once read it no
    longer holds on to the parsed page."""

    def __init__(self, line: int | None, element, paths: _Paths):
        self.line = line
        self.column = None
        self.image = None
        self._element = element
        self._paths = paths
        self._selector = None

    @property
    def selector(self) -> str | None:
        if self._element is not None:
            self._selector = self._paths(self._element)
            self._element = self._paths = None
        return self._selector

    @selector.setter
    def selector(self, value: str | None) -> None:
        self._selector = value
        self._element = self._paths = None

    def __eq__(self, other):
        if not isinstance(other, Location):
            return NotImplemented
        return self.as_dict() == other.as_dict()

    __hash__ = None

    def __reduce__(self):
        return (Location, (self.line, self.column, self.selector, self.image))


# --- the walk ------------------------------------------------------------------

class _Captioned:
    """A figure, or a caption element found after an image outside a figure:
    collects the visible caption/credit text for its images."""

    __slots__ = ("images", "whole", "caption", "credits", "is_figure", "credit_class")

    def __init__(self, is_figure: bool, images=None, credit_class: bool = False):
        self.images: list[Image] = images if images is not None else []
        self.whole: list[str] = []
        self.caption: list[str] | None = None
        self.credits: list[list[str]] = []
        self.is_figure = is_figure
        self.credit_class = credit_class

    def close(self) -> None:
        caption = _norm(self.caption) if self.caption is not None else _norm(self.whole)
        credit = " ".join(t for t in (_norm(c) for c in self.credits) if t)
        if not credit and self.credit_class:
            credit = caption
        if not credit and caption:
            credit = _pipe_credit(caption)
        for image in self.images:
            if caption and not image.caption:
                image.caption = caption
            if credit and not image.credit:
                image.credit = credit


class _Walker:
    """One recursive walk over the scope: visible text into blocks, images,
    links, figure captions and credits, byline, first h1 and <time>."""

    def __init__(self, article: Article, scope, base: str | None, mode: str,
                 fragment: str | None = None, line_offset: int = 0, scope_length: int | None = None):
        self.article = article
        self.scope = scope
        self.base = base
        self.fragment = fragment
        self.offset = line_offset
        # What counts as boilerplate depends on how sure we are of the scope.
        self.chrome = mode == "body"
        self.drop_tags = _DROP_TAGS.get(mode, frozenset({"nav"}))
        self.drop_bits = _HIDDEN | (_CHROME_BIT if self.chrome else _INNER_BIT)
        self.scope_length = scope_length     # measured when first needed
        # Path entries: (element, tag); CSS paths come from the tree (_Paths)
        self.stack: list[list] = []
        self.buf: list[str] = []
        self.owner = 0
        self.kind = "paragraph"
        self.collectors: list[list[str]] = []
        self.contexts: list[_Captioned] = []
        self.pending: dict = {}
        self.caption_depth = 0
        self.credit_depth = 0
        self.quote_depth = 0
        self.image_urls: dict[int, list[str]] = {}
        self.first_h1: str | None = None
        self.first_time: str | None = None
        self.byline: str | None = None
        self.paths = _Paths(scope if fragment is not None else None, fragment)
        # scheme://host of the base, for the common root-relative href
        match = _ORIGIN.match(base or "")
        self.origin = match.group(0) if match else None

    # selectors -----------------------------------------------------------------

    def _prefill(self) -> None:
        chain = [self.scope] + list(self.scope.iterancestors()) if self.fragment is None else [self.scope]
        for el in reversed(chain):
            tag = el.tag if isinstance(el.tag, str) else ""
            self.stack.append((el, tag))

    def location(self, index: int) -> Location:
        el = self.stack[index][0]
        return _PathLocation(_line(el, self.offset), el, self.paths)

    # walk ------------------------------------------------------------------------

    def run(self) -> None:
        self._prefill()
        scope = self.scope
        self.owner = len(self.stack) - 1
        if scope.text:
            self._text(scope.text)
        self._children(scope)
        self._flush()
        for ctx in self.contexts:
            ctx.close()
        self.contexts.clear()

    def _text(self, text: str) -> None:
        if self.buf or not text.isspace():
            self.buf.append(text)
        for collector in self.collectors:
            collector.append(text)

    def _flush(self) -> None:
        text = _norm(self.buf)
        self.buf.clear()
        if text:
            el, tag = self.stack[self.owner]
            self._block(text, el, tag, self.kind)

    def _block(self, text: str, el, tag: str, kind: str) -> None:
        line = el.sourceline
        self.article.blocks.append(Block(text=text, kind=kind, location=_PathLocation(
            line + self.offset if line else None, el, self.paths)))
        if tag == "h1" and self.first_h1 is None:
            self.first_h1 = text

    def _children(self, parent) -> None:
        # The hot loop: kept flat on purpose (one pass, no per-element
        # helper calls for the common inline/plain-block case).
        stack = self.stack
        buf = self.buf
        collectors = self.collectors
        drop_tags = self.drop_tags
        contexts = self.contexts
        pending = self.pending
        chrome = self.chrome
        for child in parent:
            tag = child.tag
            if tag.__class__ is str:
                if ":" in tag:
                    tag = tag.rpartition(":")[2]
                if tag not in _SKIP and tag not in drop_tags:
                    attrs = child.items()
                    cls = self._visible_class(child, tag, attrs) if (attrs or chrome) else ""
                    if cls is not None:
                        # A class only matters as a byline or, inside a
                        # caption, as a credit: everything else takes the
                        # plain paths below.
                        plain = not pending and (
                            not cls or not (contexts or _class_flags(cls) & _BYLINE_BIT))
                        if plain and tag in _PLAIN_INLINE:
                            text = child.text
                            if text:
                                if buf or not text.isspace():
                                    buf.append(text)
                                for collector in collectors:
                                    collector.append(text)
                            if len(child):
                                stack.append((child, tag))
                                self._children(child)
                                stack.pop()
                        elif plain and tag in _PLAIN_BLOCK and not contexts:
                            if buf:
                                self._flush()
                            if self.caption_depth:
                                kind = "caption"
                            elif tag in _HEADINGS:
                                kind = "heading"
                            elif self.quote_depth:
                                kind = "quote"
                            elif tag == "li":
                                kind = "list"
                            elif self.kind not in ("list", "byline"):
                                kind = "paragraph"
                            else:
                                kind = self.kind
                            text = child.text
                            if len(child):
                                stack.append((child, tag))
                                saved_owner, saved_kind = self.owner, self.kind
                                self.owner = len(stack) - 1
                                self.kind = kind
                                if text and not text.isspace():
                                    buf.append(text)
                                    for collector in collectors:
                                        collector.append(text)
                                self._children(child)
                                if buf:
                                    self._flush()
                                self.owner, self.kind = saved_owner, saved_kind
                                stack.pop()
                            elif text and not text.isspace():
                                # A block with text and no child elements
                                # (most paragraphs, list items, cells):
                                # one block straight away.
                                for collector in collectors:
                                    collector.append(text)
                                self._block(" ".join(text.split()), child, tag, kind)
                        else:
                            stack.append((child, tag))
                            self._element(child, tag, cls)
                            stack.pop()
            tail = child.tail
            if tail:
                # Whitespace opening a block is dropped anyway: leaving it
                # out spares a flush at every block boundary.
                if buf or not tail.isspace():
                    buf.append(tail)
                for collector in collectors:
                    collector.append(tail)

    def _visible_class(self, el, tag: str, attrs) -> str | None:
        """The element's class ("" if none) when it is visible and not
        boilerplate, else None."""
        cls = ident = role = ""
        for name, value in attrs:
            if name not in _WATCHED_ATTRS:
                continue
            if name == "class":
                cls = value
            elif name == "id":
                ident = value
            elif name == "hidden":
                return None
            elif name == "aria-hidden":
                if value.strip().lower() == "true":
                    return None
            elif name == "style":
                if _hidden_style(value):
                    return None
            elif name == "role":
                role = value
            elif name == "open":
                role = role or "open"
        drop = self.drop_bits
        if cls:
            flags = _class_flags(cls) & drop
            if flags & _HIDDEN or (flags and self._small(el)):
                return None
        if ident and _class_flags(ident) & (drop & ~_HIDDEN) and self._small(el):
            return None
        if tag == "dialog" and "open" not in dict(attrs):
            return None
        if self.chrome:
            if role and role.lower() in _CHROME_ROLES:
                return None
            if tag == "header" and next(el.iter("h1"), None) is None:
                return None
        return cls

    def _small(self, el) -> bool:
        """Boilerplate classes sometimes sit on the wrapper of the whole
        story (`<div class="share-zone">`): only drop an element holding
        less than half of the scope's text."""
        if self.scope_length is None:
            self.scope_length = _text_length(self.scope)
        return _text_length(el) * 2 < self.scope_length

    def _element(self, el, tag: str, cls: str) -> None:
        if tag in _IMAGE_TAGS:
            self._image(el, cls)
            return
        if tag == "br":
            self._text(" ")
            return
        pushed: list[list[str]] = []
        ctx = None
        credit = caption = quote = is_byline = False
        link_parts = byline_parts = None

        if tag in _SPECIAL or cls or self.pending or self.contexts:
            if tag == "figure":
                ctx = _Captioned(True)
                self.contexts.append(ctx)
                pushed.append(ctx.whole)
            elif self.pending and el in self.pending:
                ctx = _Captioned(False, self.pending.pop(el),
                                 credit_class=bool(cls and _class_flags(cls) & _CREDIT_BIT))
                self.contexts.append(ctx)
                pushed.append(ctx.whole)
                caption = True
            if self.contexts and not ctx:
                top = self.contexts[-1]
                if tag == "figcaption" and top.is_figure and top.caption is None:
                    top.caption = []
                    pushed.append(top.caption)
                    caption = True
                flags = _class_flags(cls) if cls else 0
                if not self.credit_depth and (flags & _CREDIT_BIT or (self.caption_depth and (
                        tag in ("small", "cite") or flags & _CREDIT_TOKEN_BIT))):
                    part: list[str] = []
                    top.credits.append(part)
                    pushed.append(part)
                    credit = True
            elif tag == "figcaption":
                caption = True  # a stray figcaption still reads as a caption
            is_byline = bool(cls and not self.contexts and _class_flags(cls) & _BYLINE_BIT)
            if is_byline and self.byline is None:
                byline_parts = []
                pushed.append(byline_parts)
            if tag == "a":
                if el.get("href") is not None:
                    link_parts = []
                    pushed.append(link_parts)
            elif tag == "blockquote":
                quote = True
            elif tag == "time" and self.first_time is None:
                self.first_time = el.get("datetime") or None
            if caption:
                self.caption_depth += 1
            if credit:
                self.credit_depth += 1
            if quote:
                self.quote_depth += 1
            self.collectors.extend(pushed)

        block = tag in _BLOCK
        if block:
            if self.buf:
                self._flush()
            saved_owner, saved_kind = self.owner, self.kind
            self.owner = len(self.stack) - 1
            if self.caption_depth:
                self.kind = "caption"
            elif tag in _HEADINGS:
                self.kind = "heading"
            elif is_byline:
                self.kind = "byline"
            elif self.quote_depth:
                self.kind = "quote"
            elif tag == "li":
                self.kind = "list"
            elif self.kind not in ("list", "byline"):
                self.kind = "paragraph"

        if tag == "details" and el.get("open") is None:
            self._closed_details(el)
        else:
            if el.text:
                self._text(el.text)
            if len(el):
                self._children(el)

        if block:
            if self.buf:
                self._flush()
            self.owner, self.kind = saved_owner, saved_kind
        if pushed:
            del self.collectors[-len(pushed):]
            if caption:
                self.caption_depth -= 1
            if credit:
                self.credit_depth -= 1
            if ctx is not None:
                self.contexts.remove(ctx)
                ctx.close()
            if byline_parts is not None:
                text = _norm(byline_parts)
                if text and len(text) <= 200:
                    self.byline = text
            if link_parts is not None:
                self._link(el, _norm(link_parts))
        if quote:
            self.quote_depth -= 1

    def _closed_details(self, el) -> None:
        for child in el:
            tag = child.tag
            if tag.__class__ is str:
                if tag == "summary":
                    cls = self._visible_class(child, tag, child.items())
                    if cls is not None:
                        self.stack.append((child, tag))
                        self._element(child, tag, cls)
                        self.stack.pop()

    def _link(self, el, text: str) -> None:
        href = el.get("href", "").strip()
        resolved = href
        if self.base and href and not href.startswith("#") and ":" not in href.split("/", 1)[0]:
            if self.origin and href[0] == "/" and href[1:2] != "/" and "/." not in href:
                resolved = self.origin + href      # what urljoin gives, without its cost
            else:
                try:
                    resolved = urljoin(self.base, href)
                except ValueError:
                    resolved = href
        self.article.links.append(Link(text=text, href=resolved, location=self.location(len(self.stack) - 1),
                                       rel=(el.get("rel") or "").strip()))

    # images ----------------------------------------------------------------------

    def _image(self, el, cls: str) -> None:
        get = el.get
        src = (get("src") or "").strip()
        urls = [src] if src else []
        if not src or src.startswith("data:") or _placeholder(src):
            lazy = next((v.strip() for v in (get(a) for a in _LAZY_ATTRS) if v and v.strip()), None)
            srcset = get("srcset") or get("data-srcset") or get("data-lazy-srcset")
            picture = el.getparent()
            while picture is not None and picture.tag == "source":   # libxml2 nests img in <source>
                picture = picture.getparent()
            if not srcset and picture is not None and picture.tag == "picture":
                srcset = next((s.get("srcset") or s.get("data-srcset") for s in picture.iter("source")
                               if s.get("srcset") or s.get("data-srcset")), None)
            candidates = _srcset(srcset) if srcset else []
            urls = ([lazy] if lazy else []) + candidates + urls
            if lazy:
                src = lazy
            elif candidates:
                src = candidates[0]
        else:
            srcset = get("srcset")
            if srcset:
                urls += _srcset(srcset)
        width, height = _px(get("width")), _px(get("height"))
        style = get("style")
        if style and (width is None or height is None):
            for name, value in _STYLE_SIZE.findall(style):
                if name.lower() == "width" and width is None:
                    width = int(float(value))
                elif name.lower() == "height" and height is None:
                    height = int(float(value))
        index = len(self.stack) - 1
        image = Image(src=src, location=self.location(index), alt=get("alt"), title=get("title"),
                      width=width, height=height, classes=self._classes(cls, index),
                      remote=src.startswith(("http://", "https://", "//")))
        self.article.images.append(image)
        if len(urls) > 1:
            self.image_urls[id(image)] = urls
        link = self._page_link(index, urls)
        if link is not None or self._in_card(el, urls):
            image.teaser = True
        figure = next((c for c in reversed(self.contexts) if c.is_figure), None)
        if figure is not None:
            figure.images.append(image)
        else:
            target = self._caption_after(el, link)
            if target is not None:
                self.pending.setdefault(target, []).append(image)

    def _page_link(self, index: int, urls: list[str]):
        """The `<a href>` around the image when it leads to another page (a
        teaser, an ad, an author page), else None. Links to the picture
        itself, lightboxes, zoom and gallery controls, `#` and `javascript:`
        are not page links."""
        stack = self.stack
        for position in range(index - 1, max(0, index - 7), -1):
            el, tag = stack[position][0], stack[position][1]
            if tag in _BLOCK_STOP and tag != "figure":
                return None
            if tag != "a":
                continue
            href = (el.get("href") or "").strip()
            if not href or href.startswith(("#", "javascript:", "data:")) or _IMAGE_HREF.search(href):
                return None
            if _same_url(href, urls):
                return None
            marks = " ".join(f"{name} {value}" for name, value in el.items() if name != "href")
            if marks and _LIGHTBOX.search(marks):
                return None
            return el
        return None

    def _classes(self, cls: str, index: int) -> str:
        names = cls.split()
        for el, tag in reversed(self.stack[max(0, index - 3):index]):
            if tag in ("picture", "a", "figure"):
                names += (el.get("class") or "").split()
            if tag == "figure":
                break
        return " ".join(dict.fromkeys(names))

    def _in_card(self, el, urls: list[str]) -> bool:
        """A teaser card whose link sits beside the picture (`<div
        class="card"><img><h3><a href="/other-story">Headline</a></h3></div>`):
        a small block, at most four levels up, whose text is mostly the text
        of one link to another page."""
        current = el
        for _ in range(4):
            current = current.getparent()
            if current is None or current is self.scope or current.tag in _CARD_STOP:
                return False
            size = _text_length(current)
            if size > 300:
                return False
            if size < 10:
                continue
            for link in _PAGE_LINKS(current):
                href = link.get("href").strip()
                if (href and not href.startswith(("#", "javascript:")) and not _IMAGE_HREF.search(href)
                        and not _same_url(href, urls) and _text_length(link) * 5 >= size * 3):
                    return True
            return False
        return False

    def _caption_after(self, el, link=None):
        """A caption/credit element right after the image (or after the
        wrapper the image is alone in), if any: a figcaption, an element
        with a caption/credit class, or a short block holding a credit
        element (`<div class="detail"><span>…</span><cite class="source">`).
        Inside the page link around a teaser the text is the teaser's
        headline, not a caption: only what follows the link counts."""
        current = el
        inside = link is not None
        for _ in range(4):
            if current is link:
                inside = False
            if (current.tail or "").strip():
                return None
            sibling = current.getnext()
            while sibling is not None and not isinstance(sibling.tag, str):
                sibling = sibling.getnext()
            if sibling is not None and inside:
                return None
            if sibling is not None:
                cls = sibling.get("class") or ""
                if sibling.tag == "figcaption" or (cls and _class_flags(cls) & _CAPTION_BIT):
                    return sibling
                if sibling.tag not in _SKIP and _holds_credit(sibling):
                    return sibling
                return None
            current = current.getparent()
            if (current is None or current is self.scope or current.tag in _BLOCK_STOP
                    or (current.text or "").strip() and not inside):
                return None
        return None

_CARD_STOP = frozenset({"figure", "article", "main", "section", "body", "blockquote", "td", "p"})
_PAGE_LINKS = etree.XPath(".//a[@href]")
_CREDIT_HOLDERS = etree.XPath(".//*[self::figcaption or self::cite or self::img or @class]")


def _holds_credit(el) -> bool:
    """A short element (a caption block) with a figcaption, `<cite>` or a
    credit/caption-classed element inside, and no picture of its own."""
    if _text_length(el) > 400:
        return False
    found = False
    for inner in _CREDIT_HOLDERS(el):
        tag = inner.tag
        if tag == "img":
            return False        # a block with its own picture captions that one
        if tag in ("figcaption", "cite"):
            found = True
        else:
            cls = inner.get("class")
            if cls and _class_flags(cls) & (_CREDIT_BIT | _CAPTION_BIT):
                found = True
    return found


_SWALLOWING_VOIDS = frozenset({"source", "embed", "track", "keygen", "wbr"})
_BLOCK_STOP = frozenset({"figure", "article", "main", "section", "body", "li", "td", "blockquote"})
_DROP_TAGS = {"article": frozenset({"nav"}), "main": frozenset({"nav", "aside"}),
              "body": frozenset({"nav", "aside", "footer"}), "fragment": frozenset()}


def _placeholder(src: str) -> bool:
    """Is the `src` a lazy-loading placeholder (`blank.gif`, `lazy.svg` ...)?"""
    if not src.isascii():
        return _PLACEHOLDER_SRC.search(src) is not None
    low = src.lower()
    for word in _PLACEHOLDER_WORDS:
        if word in low:
            return True
    return False


def _same_url(href: str, urls: list[str]) -> bool:
    """Does the link open one of the image's own URLs (scheme ignored)?"""
    bare = href.split("://", 1)[-1].lstrip("/")
    return bool(bare) and any(url.split("://", 1)[-1].lstrip("/") == bare for url in urls)


def _pipe_credit(caption: str) -> str:
    """`Las discrepancias ... 27-06-2012 | Efe`: a short last segment after
    a `|` is the visible credit (a date there is not)."""
    match = _PIPE_CREDIT.search(caption)
    if not match:
        return ""
    credit = match.group(1)
    if _DATEISH.match(credit) or len(credit.split()) > 5 or not any(c.isalpha() for c in credit):
        return ""
    return credit


def _srcset(value: str) -> list[str]:
    """Candidate URLs of a srcset, largest width first (else as written)."""
    items = []
    for position, part in enumerate(value.split(",")):
        bits = part.split()
        if not bits or bits[0].startswith("data:"):
            continue
        size = 0.0
        if len(bits) > 1:
            match = re.match(r"(\d+(?:\.\d+)?)[wx]$", bits[1])
            if match:
                size = float(match.group(1))
        items.append((-size, position, bits[0]))
    return [url for _size, _pos, url in sorted(items)]
