"""The article region: which element holds the story.

The `<article>` (with several, the one holding the JSON-LD `articleBody`,
else the one with most text), even when broken markup nests it inside
`<nav>`; else the element holding the `articleBody` text (when that is a
real body, 500+ characters, and the `<main>` around it is mostly other
things); else `<main>`/`[role=main]`; else the block holding most paragraph
text, widened over wrappers that add little (headline, lead picture); else
`<body>` minus site chrome.
"""
from __future__ import annotations

from lxml import etree

from .. import jsonld
from .visibility import _BLOCK, _hidden_style

# regexp=False: no EXSLT regular-expression functions registered on each call.
_CONTAINS = etree.XPath("contains(normalize-space(), $snippet)", regexp=False)
# Same as //*[@role='main'], twice as fast in libxml2 (no node-set of every element).
_ROLE_MAIN = etree.XPath("//@role[.='main']/..", regexp=False)


def _article_body(page) -> tuple[str | None, int]:
    """The first words of the JSON-LD articleBody (to find it on the
    page) and the body's length."""
    node = jsonld.article_node(list(jsonld.nodes(page.jsonld))) if page.jsonld else None
    body = jsonld.text_value(node.get("articleBody")) if node else None
    if not body:
        return None, 0
    # XPath normalize-space() folds ASCII whitespace only.
    words = " ".join(body.replace("\xa0", " ").split(" ")).split()
    snippet = " ".join(words[:8])
    return (snippet if len(snippet) >= 20 else None), sum(map(len, words)) + len(words) - 1

def scope(page):
    """(element, mode): the article scope and how it was found."""
    snippet, wanted = _article_body(page)
    if page.articles:
        sized = [(page._length(a), a) for a in page.articles]
        holding = [item for item in sized if snippet and _CONTAINS(item[1], snippet=snippet)]
        size, element = (min(holding, key=lambda item: item[0]) if holding
                         else max(sized, key=lambda item: item[0]))
        # Pages that use <article> only for teaser cards: a tiny
        # "article" on a big page is not the story.
        if holding or size >= 500 or size * 10 >= page._length(page.body):
            return element, "article"
    mains = page.mains or _ROLE_MAIN(page.root)
    main = (max(mains, key=page._length) if len(mains) > 1 else mains[0]) if mains else None
    if snippet and wanted >= 500:
        # (A shorter "articleBody" is a summary, repeated in teasers.)
        # A <main> holding a whole page of teasers around the story: the
        # element holding the articleBody text is the better scope.
        holder = _holder_of(page, snippet, wanted, main if main is not None else page.body)
        if holder is not None and (main is None or page._length(holder) * 2 < page._length(main)):
            return holder, "article"
    if main is not None:
        return main, "main"
    dense = _densest(page)
    if dense is not None:
        return dense, "main"
    return page.body, "body"

def _densest(page):
    """No <article>, <main> or articleBody: the block holding most
    paragraph text, widened over wrappers that add little (headline,
    lead picture, byline), when it holds a story's worth of text."""
    score: dict = {}
    for p in page.body.iter("p"):
        parent = p.getparent()
        if parent is not None:
            score[parent] = score.get(parent, 0) + page._length(p)
    if not score:
        return None
    best = max(score, key=score.get)
    if score[best] < 300:
        return None
    el, size = best, page._length(best)
    while el is not page.body:
        parent = el.getparent()
        if parent is None:
            break
        parent_size = page._length(parent)
        if parent_size * 5 > size * 8:
            break
        el, size = parent, parent_size
    return None if el is page.body else el

def _holder_of(page, snippet: str, wanted: int, start):
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
        el = holding[0] if len(holding) == 1 else max(holding, key=page._length)
    size = page._length(el)
    while el is not start and (size * 5 < wanted * 4 or el.tag not in _BLOCK):
        el = el.getparent()
        size = page._length(el)
    while el is not start:
        parent = el.getparent()
        parent_size = page._length(parent)
        if parent_size * 4 > size * 5 + 800:
            break
        el, size = parent, parent_size
    return el


_NOT_LEAD = frozenset({"script", "style", "template", "noscript", "aside", "nav", "footer", "form", "button"})
LEAD_TEXT = 600         # a lead block holds a picture and at most a caption's worth of text


def _headline(el) -> bool:
    """An h1/h2 at or under `el` (lxml's tag filter runs in C and stops at
    the first one; an XPath union builds both node sets)."""
    return next(el.iter("h1", "h2"), None) is not None


def _free_img(el) -> bool:
    """A picture under `el` not inside a link to another place (an
    ancestor `a[href]` whose href does not start with `#`, up to the root);
    stops at the first one."""
    for img in el.iterdescendants("img"):
        for link in img.iterancestors("a"):
            href = link.get("href")
            if href is not None and not href.startswith("#"):
                break
        else:
            return True
    return False


def _more_words(el, limit: int) -> bool:
    """More than `limit` words in the text under `el` (its text pieces read
    apart; stops once past the limit)."""
    count = 0
    for piece in el.itertext():
        count += len(piece.split())
        if count > limit:
            return True
    return False


def lead_before(scope):
    """The story's lead picture placed just before the article region
    (docs/design.md "Image roles": it counts as inside the article): the nearest
    block before the region, on the way up to its headline (`h1`/`h2`),
    that holds a picture not inside a link and little text (Los Andes:
    `section.story-header > figure` between the headline's section and the
    story; Wirtualnemedia: `div.art-img-c` right before `<article>`). None
    when a second picture block stands between headline and story (teasers,
    a gallery strip: not one lead), or no headline is reached."""
    if scope is None or scope.tag in ("body", "html"):
        return None
    node, lead = scope, None
    for _ in range(4):
        for sibling in node.itersiblings(preceding=True):
            tag = sibling.tag
            if tag.__class__ is not str or tag in _NOT_LEAD:
                continue
            if _headline(sibling):
                return lead
            if not _free_img(sibling):
                continue
            if lead is not None or _hidden(sibling) or _more_words(sibling, LEAD_TEXT // 6):
                return None
            lead = sibling
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            return None
    return None


def _hidden(el) -> bool:
    for node in [el, *el.iterancestors()]:
        style = node.get("style")
        if node.get("hidden") is not None or node.get("aria-hidden") == "true" or style and _hidden_style(style):
            return True
    return False
