"""XMP packets: parsed with lxml, no network, no entity expansion.

Properties read (value as text; `rdf:Alt` → the `x-default` item, `rdf:Seq`/
`rdf:Bag` → items joined with "; "; `rdf:resource` URIs as given):

| field            | XMP property |
|------------------|--------------|
| xmp_source_type  | Iptc4xmpExt:DigitalSourceType |
| ai_system        | Iptc4xmpExt:AISystemUsed |
| ai_system_version| Iptc4xmpExt:AISystemVersionUsed |
| ai_prompt        | Iptc4xmpExt:AIPromptInformation |
| credit           | photoshop:Credit |
| creator          | dc:creator |
| rights           | dc:rights |
| source           | photoshop:Source |
| date_created     | photoshop:DateCreated, Iptc4xmpCore:DateCreated, exif:DateTimeOriginal |
| headline         | photoshop:Headline |
| description      | dc:description |
| remote_manifest  | dcterms:provenance (URL of a remote C2PA manifest) |
"""
from __future__ import annotations

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
PS = "http://ns.adobe.com/photoshop/1.0/"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
EXIF = "http://ns.adobe.com/exif/1.0/"

PROPERTIES = {
    f"{{{EXT}}}DigitalSourceType": "xmp_source_type",
    f"{{{EXT}}}AISystemUsed": "ai_system",
    f"{{{EXT}}}AISystemVersionUsed": "ai_system_version",
    f"{{{EXT}}}AIPromptInformation": "ai_prompt",
    f"{{{PS}}}Credit": "credit",
    f"{{{DC}}}creator": "creator",
    f"{{{DC}}}rights": "rights",
    f"{{{PS}}}Source": "source",
    f"{{{PS}}}DateCreated": "date:XMP photoshop:DateCreated",
    f"{{{CORE}}}DateCreated": "date:XMP Iptc4xmpCore:DateCreated",
    f"{{{EXIF}}}DateTimeOriginal": "date:XMP exif:DateTimeOriginal",
    f"{{{PS}}}Headline": "headline",
    f"{{{DC}}}description": "description",
    f"{{{DCTERMS}}}provenance": "remote_manifest",
}
_CONTAINERS = {f"{{{RDF}}}Alt", f"{{{RDF}}}Seq", f"{{{RDF}}}Bag"}

_PARSER = None


def _parser():
    global _PARSER
    if _PARSER is None:
        from lxml import etree

        _PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                  huge_tree=False, remove_comments=True, recover=True)
    return _PARSER


def xmp_fields(packets: list[bytes]) -> dict[str, str]:
    """Fields from one or more XMP packets (main + extended); the first
    packet that has a property wins."""
    from lxml import etree

    out: dict[str, str] = {}
    for packet in packets:
        packet = packet.strip(b"\x00 \t\r\n")
        if not packet:
            continue
        try:
            root = etree.fromstring(packet, _parser())
        except etree.XMLSyntaxError:
            continue
        if root is None:
            continue
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for key, value in el.attrib.items():
                name = PROPERTIES.get(key)
                if name and name not in out and value.strip():
                    out[name] = value.strip()
            name = PROPERTIES.get(el.tag)
            if name and name not in out:
                value = _value(el)
                if value:
                    out[name] = value
    return out


def _value(el) -> str | None:
    resource = el.get(f"{{{RDF}}}resource")
    if resource:
        return resource.strip()
    for container in el:
        if container.tag in _CONTAINERS:
            items = [li for li in container if li.tag == f"{{{RDF}}}li"]
            if container.tag == f"{{{RDF}}}Alt":
                items.sort(key=lambda li: li.get(XML_LANG) != "x-default")
                items = items[:1]
            texts = [_item_text(li) for li in items]
            return "; ".join(t for t in texts if t) or None
    text = (el.text or "").strip()
    return text or None


def _item_text(li) -> str:
    return (li.get(f"{{{RDF}}}resource") or li.text or "").strip()
