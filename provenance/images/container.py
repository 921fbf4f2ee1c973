"""Where metadata lives inside an image file, found without decoding pixels.

JPEG: APP1 XMP (standard and extended), APP13 Photoshop IRB (IPTC IIM),
scan start and end-of-image (a missing EOI means a truncated file). PNG:
chunk walk up to IEND. Other formats get their XMP from Pillow.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field

XMP_SIG = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_EXT_SIG = b"http://ns.adobe.com/xmp/extension/\x00"
PHOTOSHOP_SIG = b"Photoshop 3.0\x00"


@dataclass
class Segments:
    xmp: list[bytes] = field(default_factory=list)       # main packet first, then extended
    irb: bytes = b""                                       # Photoshop image resources (APP13)
    truncated: str | None = None                           # why the file looks cut short
    exif: bytes = b""                                      # APP1 Exif: TIFF header onwards
    size: tuple[int, int] | None = None                    # (width, height) from the frame header


def jpeg_segments(data: bytes) -> Segments:
    """Walk JPEG marker segments up to the first scan."""
    out = Segments()
    extended: dict[bytes, dict[int, bytes]] = {}
    pos, end = 2, len(data)
    while pos + 4 <= end:
        if data[pos] != 0xFF:
            out.truncated = f"corrupt JPEG marker at byte {pos}"
            return _finish(out, extended)
        marker = data[pos + 1]
        if marker == 0xFF:          # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        if marker == 0xD9:          # end of image before any scan
            break
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        body = data[pos + 4:pos + 2 + length]
        if pos + 2 + length > end:
            out.truncated = "file ends inside a JPEG header segment"
            return _finish(out, extended)
        if marker == 0xE1 and body.startswith(XMP_SIG):
            out.xmp.insert(0, body[len(XMP_SIG):])
        elif marker == 0xE1 and body.startswith(XMP_EXT_SIG):
            chunk = body[len(XMP_EXT_SIG):]
            guid, offset = chunk[:32], int.from_bytes(chunk[36:40], "big")
            extended.setdefault(guid, {})[offset] = chunk[40:]
        elif marker == 0xED and body.startswith(PHOTOSHOP_SIG):
            out.irb += body[len(PHOTOSHOP_SIG):]
        elif marker == 0xE1 and body.startswith(b"Exif\x00\x00") and not out.exif:
            out.exif = body[6:]
        elif 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC) and out.size is None \
                and len(body) >= 5:      # start of frame: precision, height, width
            out.size = (int.from_bytes(body[3:5], "big"), int.from_bytes(body[1:3], "big"))
        elif marker == 0xDA:        # start of scan: the rest is image data
            if data.rfind(b"\xff\xd9", pos) < 0:
                out.truncated = "JPEG image data ends without an end-of-image marker"
            return _finish(out, extended)
        pos += 2 + length
    out.truncated = "JPEG file has no image data"
    return _finish(out, extended)


def _finish(out: Segments, extended: dict) -> Segments:
    for parts in extended.values():
        out.xmp.append(b"".join(parts[k] for k in sorted(parts)))
    return out


def exif_date_original(tiff: bytes) -> str | None:
    """EXIF DateTimeOriginal (tag 0x9003 in the Exif IFD) from the TIFF
    structure of a JPEG's APP1 Exif segment, without decoding anything else."""
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None or len(tiff) < 8:
        return None

    def entries(offset: int):
        if offset + 2 > len(tiff):
            return
        (count,) = struct.unpack(order + "H", tiff[offset:offset + 2])
        for n in range(min(count, 512)):
            pos = offset + 2 + 12 * n
            if pos + 12 > len(tiff):
                return
            yield struct.unpack(order + "HHII", tiff[pos:pos + 12]), pos

    (ifd0,) = struct.unpack(order + "I", tiff[4:8])
    exif_ifd = next((value for (tag, _t, _c, value), _p in entries(ifd0) if tag == 0x8769), None)
    if exif_ifd is None:
        return None
    for (tag, kind, count, value), pos in entries(exif_ifd):
        if tag == 0x9003 and kind == 2:
            raw = tiff[pos + 8:pos + 8 + count] if count <= 4 else tiff[value:value + count]
            text = raw.split(b"\x00", 1)[0].decode("ascii", "replace").strip()
            return text or None
    return None


def png_truncated(data: bytes) -> str | None:
    """Walk PNG chunks; a file without IEND was cut short."""
    pos, end = 8, len(data)
    while pos + 8 <= end:
        length = int.from_bytes(data[pos:pos + 4], "big")
        ctype = data[pos + 4:pos + 8]
        if pos + 12 + length > end:
            return "PNG file ends inside a chunk"
        if ctype == b"IEND":
            return None
        pos += 12 + length
    return "PNG file ends without an IEND chunk"


def container_truncated(fmt: str, data: bytes, im=None) -> str | None:
    """Why a WebP, GIF, TIFF, HEIF or AVIF file looks cut short, from its
    container alone (no pixel decoding): a RIFF size beyond the end, no GIF
    trailer, TIFF strips or tiles past the end, an ISO-BMFF box past the end."""
    end = len(data)
    if fmt == "WEBP":
        if int.from_bytes(data[4:8], "little") + 8 > end:
            return "WebP file ends inside its RIFF container"
    elif fmt == "GIF":
        if not data.rstrip(b"\x00").endswith(b";"):
            return "GIF file ends without its trailer"
    elif fmt in ("TIFF", "MPO") and im is not None and hasattr(im, "tag_v2"):
        tags = im.tag_v2
        for offsets, counts in ((273, 279), (324, 325)):     # strips, tiles
            off, cnt = tags.get(offsets), tags.get(counts)
            if off is None or cnt is None:
                continue
            off = off if isinstance(off, tuple) else (off,)
            cnt = cnt if isinstance(cnt, tuple) else (cnt,)
            if any(o + c > end for o, c in zip(off, cnt)):
                return "TIFF image data ends before its last strip or tile"
    elif fmt in ("HEIF", "AVIF") or data[4:8] == b"ftyp":
        pos = 0
        while pos + 8 <= end:
            size = int.from_bytes(data[pos:pos + 4], "big")
            if size == 1 and pos + 16 <= end:
                size = int.from_bytes(data[pos + 8:pos + 16], "big")
            elif size == 0:
                return None                                  # box runs to the end of the file
            if size < 8:
                return f"damaged ISO-BMFF box at byte {pos}"
            if pos + size > end:
                return "file ends inside an ISO-BMFF box"
            pos += size
    return None


def heif_brand(data: bytes) -> str | None:
    """`HEIF`/`AVIF` for ISO-BMFF image files Pillow may have no plugin for."""
    if data[4:8] != b"ftyp":
        return None
    brands = data[8:12] + data[16:min(len(data), 48)]
    if b"avif" in brands or b"avis" in brands:
        return "AVIF"
    if any(b in brands for b in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis")):
        return "HEIF"
    return None


def looks_like(data: bytes) -> str:
    """A short guess at what non-image bytes are, for error messages."""
    head = data[:512].lstrip()
    low = head.lower()
    if not data:
        return "an empty file"
    if head.startswith(b"%PDF"):
        return "PDF"
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP archive"
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low[:200]:
        return "HTML"
    if low.startswith(b"<?xml") or low.startswith(b"<"):
        return "XML"
    if head[:1] in (b"{", b"["):
        return "JSON"
    try:
        data[:4096].decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return "unknown binary data"
