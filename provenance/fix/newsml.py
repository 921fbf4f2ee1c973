"""Insertion points in a NewsML-G2 document, as offsets in the XML source.

* credit: a `<creditline>` in the picture item's `contentMeta`, before its
  `<description>` (G2's element order), else as its last child;
* archive / AI-image label: appended to the caption `<description>`
  (role `…:caption`, else the first); without one, a
  `<description role="drol:caption">` is added;
* notice and go-to-original link: a `<p>` at the end of the XHTML `<body>`
  or NITF `<body.content>` of the text item; a plain-text `inlineData`
  body gets the notice as its last paragraph (a link it cannot carry).

Elements are written with the prefix their neighbours use, so they land in
the same namespace.
"""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .markup import Source, indent_of, last_content, newline_of
from .plan import Refused, make_edits
from .text import caption_text, glue


def _local(el) -> str:
    return el.tag.rpartition("}")[2] if isinstance(el.tag, str) else ""


def _children(el, name):
    return [c for c in el if _local(c) == name]


def newsml_edits(text: str, data: bytes, article, intents, house):
    from ..readers import xmlsafe
    try:
        tree = xmlsafe.parse(data)
    except Exception as e:       # noqa: BLE001 - the reader already read it; be safe
        return [], [(i, f"could not parse the XML again: {e}") for i in intents]
    root = tree.getroot()
    src = Source(text, xml=True)
    nl = newline_of(text)
    return make_edits(intents, lambda intent: [_body_paragraph(text, src, root, intent, nl)],
                      lambda group: _picture(text, src, root, group, nl))


def _prefix(src: Source, el, root) -> str:
    i = src.start_tag(el, root)
    if i is None:
        raise Refused(f"could not locate <{_local(el)}> in the source with certainty")
    q = src.tags[i].qname
    return q[:-len(_local(el))] if q.endswith(_local(el)) else ""


def _picture(text, src, root, group, nl):
    image = group[0].image
    line = image.location.line
    content = [el for el in root.iter("{*}remoteContent") if el.sourceline == line]
    if len(content) != 1:
        raise Refused("cannot tell which picture item is meant")
    item = next((a for a in content[0].iterancestors() if _local(a) in ("newsItem", "packageItem")), None)
    meta = next(iter(_children(item, "contentMeta")), None) if item is not None else None
    if meta is None:
        raise Refused("the picture item has no contentMeta")
    meta_span = src.span(meta, root)
    if meta_span is None:
        raise Refused("could not locate contentMeta in the source with certainty")
    prefix = _prefix(src, meta, root)
    out = []
    credits = [i for i in group if i.field == "credit"]
    labels = [i for i in group if i.field != "credit"]
    descs = _children(meta, "description")
    desc = next((d for d in descs if (d.get("role") or "").endswith(":caption")), descs[0] if descs else None)
    if credits:
        if _children(meta, "creditline"):
            raise Refused("the picture already has a creditline")
        element = f"<{prefix}creditline>{escape(credits[0].credit or credits[0].text)}</{prefix}creditline>"
        if desc is not None:
            i = src.start_tag(desc, root)
            if i is None:
                raise Refused("could not locate <description> in the source with certainty")
            at = src.tags[i].start
            piece = element + nl + indent_of(text, at)
        else:
            at, piece = _last_child(text, meta_span, element, nl)
        out += [(at, piece if n == 0 else "", 0, c) for n, c in enumerate(credits)]
    if labels:
        label = caption_text(labels)
        if desc is not None:
            span = src.span(desc, root)
            if span is None:
                raise Refused("could not locate <description> in the source with certainty")
            at = last_content(text, span[0].end, span[1].start)
            piece = glue(src.inner_text(span[0].end, at), label) + escape(label)
        else:
            element = f'<{prefix}description role="drol:caption">{escape(label)}</{prefix}description>'
            at, piece = _last_child(text, meta_span, element, nl)
        out += [(at, piece if n == 0 else "", 1, c) for n, c in enumerate(labels)]
    return out


def _last_child(text, span, element, nl):
    opening, closing = span
    at = last_content(text, opening.end, closing.start)
    if "\n" in text[opening.end:closing.start]:
        return at, nl + indent_of(text, at) + element
    return at, element


def _body_paragraph(text, src, root, intent, nl):
    bodies = [el for el in root.iter("{*}body", "{*}body.content")
              if any(_local(a) == "inlineXML" for a in el.iterancestors())]
    nitf = [b for b in bodies if _local(b) == "body.content"]
    body = (nitf or bodies or [None])[0]
    if body is None:
        data = [el for el in root.iter("{*}inlineData") if "html" not in (el.get("contenttype") or "")]
        if data and intent.kind == "notice":
            # a text body: the notice as its last paragraph
            span = src.span(data[0], root)
            if span is None:
                raise Refused("could not locate <inlineData> in the source with certainty")
            at = last_content(text, span[0].end, span[1].start)
            return (at, nl + nl + escape(intent.text), 1, intent)
        if data:
            raise Refused("a plain-text body cannot carry a link")
        raise Refused("no XHTML or NITF body in inlineXML to add to")
    span = src.span(body, root)
    if span is None:
        raise Refused(f"could not locate <{_local(body)}> in the source with certainty")
    prefix = _prefix(src, body, root)
    if intent.kind == "notice":
        inner = escape(intent.text)
    else:
        inner = f"<{prefix}a href={quoteattr(intent.url)}>{escape(intent.text)}</{prefix}a>"
    element = f"<{prefix}p>{inner}</{prefix}p>"
    at, piece = _last_child(text, span, element, nl)
    return (at, piece, 1 if intent.kind == "notice" else 2, intent)
