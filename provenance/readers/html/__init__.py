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
  (`data-src`, `srcset`, `<picture><source>`; the `data-src` of an
  `<img class="lazy…">` over its stand-in `src`), the `<img>` of a
  `<noscript>` when no visible copy stands beside it, and the lead block
  placed just before the article region (read first, see
  `region.lead_before`); size from attributes or
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

from typing import TYPE_CHECKING

from lxml import etree

from ...article import Article
from . import region, roles
from .page import _Page
from .parse import MAX_BYTES, _line, _parse, _parser, _unreadable, _utf8_payload, declared_charset, suppressions_in
from .visibility import class_words
from .walk import _Walker

if TYPE_CHECKING:      # the run's phrase book is handed in: readers import no language layer
    from ...phrases import PhraseBook

__all__ = ["MAX_BYTES", "declared_charset", "read", "read_fragment", "suppressions_in"]


def read(data: bytes, path: str, file: str | None, book: PhraseBook) -> list[Article]:
    """Read an HTML page (bytes as on disk) into one Article. `book` (the
    run's phrase packs) gives the vocabulary and credit shapes that decide
    picture roles and credits."""
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
    pictures = []
    lead = region.lead_before(scope) if mode != "body" else None
    if lead is not None:
        # the lead picture placed just above the article region: read first,
        # in reading order, as part of the article
        before = _Walker(article, lead, base=page.base_url(article), mode=mode, classes=class_words(book))
        before.paths.source = payload
        before.run()
        pictures = before.pictures
    walker = _Walker(article, scope, base=page.base_url(article), mode=mode, classes=class_words(book),
                     scope_length=page.lengths.get(scope))
    walker.paths.source = payload     # columns of findings: decoded on demand
    walker.run()
    if lead is not None:
        walker.image_urls.update(before.image_urls)
        pictures = pictures + walker.pictures
    else:
        pictures = walker.pictures
    page.finish(article, walker)
    if pictures:
        roles.assign(pictures, scope, roles.declared_images(page), book, roles.video_stills(page),
                     walker.image_urls, lead=lead)
    return [article]


def read_fragment(html: str, article: Article, book: PhraseBook, base_selector: str = "", *,
                  line_offset: int = 0, base_url: str | None = None) -> None:
    """Parse an HTML fragment and append its visible blocks, images (with
    figure caption/credit), links and suppression comments to `article`;
    `book` is the run's phrase packs (the class vocabulary of the page).

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
    walker = _Walker(article, holder, base=base_url or article.own_url, mode="fragment",
                     classes=class_words(book), fragment=base_selector, line_offset=line_offset)
    for comment in wrapper.iter(etree.Comment):
        article.suppressions.extend(suppressions_in(comment.text or "", _line(comment, line_offset),
                                                    comment, walker.paths, line_offset))
    walker.run()
