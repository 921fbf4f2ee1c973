"""IPTC IIM (the legacy "IPTC" block in JPEG APP13 Photoshop resources).

Datasets read: 2:110 Credit, 2:80 By-line, 2:55 Date Created, 2:116
Copyright Notice, 2:115 Source, 2:105 Headline, 2:120 Caption/Abstract.
"""
from __future__ import annotations

IIM_RESOURCE = 0x0404
FIELDS = {110: "credit", 80: "creator", 55: "date_created", 116: "rights",
          115: "source", 105: "headline", 120: "description"}


def iim_records(irb: bytes) -> dict[str, str]:
    """Named IIM fields from Photoshop image-resource blocks (8BIM ...)."""
    block = _resource(irb, IIM_RESOURCE)
    if not block:
        return {}
    raw: dict[tuple[int, int], list[bytes]] = {}
    pos, end = 0, len(block)
    while pos + 5 <= end and block[pos] == 0x1C:
        record, dataset = block[pos + 1], block[pos + 2]
        length = int.from_bytes(block[pos + 3:pos + 5], "big")
        pos += 5
        if length & 0x8000:          # extended dataset: length of the length
            size = length & 0x7FFF
            length = int.from_bytes(block[pos:pos + size], "big")
            pos += size
        raw.setdefault((record, dataset), []).append(block[pos:pos + length])
        pos += length
    utf8 = any(v.startswith(b"\x1b%G") for v in raw.get((1, 90), []))
    out: dict[str, str] = {}
    for dataset, name in FIELDS.items():
        values = [_text(v, utf8) for v in raw.get((2, dataset), [])]
        values = [v for v in values if v]
        if values:
            out[name] = "; ".join(values) if name == "creator" else values[0]
    return out


def _text(value: bytes, utf8: bool) -> str:
    value = value.rstrip(b"\x00")
    try:
        return value.decode("utf-8").strip()
    except UnicodeDecodeError:
        # Without the UTF-8 marker IIM text is usually Latin-1 (cp1252 in practice).
        return value.decode("cp1252" if not utf8 else "utf-8", errors="replace").strip()


def _resource(irb: bytes, wanted: int) -> bytes | None:
    pos, end = 0, len(irb)
    while pos + 12 <= end and irb[pos:pos + 4] == b"8BIM":
        rid = int.from_bytes(irb[pos + 4:pos + 6], "big")
        name_len = irb[pos + 6]
        pos += 6 + 1 + name_len
        if (1 + name_len) % 2:
            pos += 1
        size = int.from_bytes(irb[pos:pos + 4], "big")
        pos += 4
        if rid == wanted:
            return irb[pos:pos + size]
        pos += size + (size % 2)
    return None
