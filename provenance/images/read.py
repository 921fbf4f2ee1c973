"""Read one media file into `ImageProvenance`: decoder facts (Pillow),
IPTC/XMP/IIM/EXIF metadata (in-process) and C2PA (c2pa-python).

The medium is sniffed from the bytes (`provenance.media`). Still images that
Pillow knows are decoded; every other medium the C2PA SDK reads (video,
audio, PDF, SVG, JPEG XL …) has no decoder here: its XMP packet is found in
the raw bytes and its manifest read by the SDK, which also says when it
cannot parse the file at all.
"""
from __future__ import annotations

import io
import struct

from .. import media
from ..article import ImageProvenance
from .container import (container_truncated, exif_date_original, heif_brand, jpeg_segments,
                        looks_like, png_truncated)
from ..dates import iso_date

MIME = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp",
        "TIFF": "image/tiff", "GIF": "image/gif", "AVIF": "image/avif", "HEIF": "image/heic"}
# How much of the start and of the end of a medium without a decoder here is
# searched for XMP packets.
_XMP_WINDOW = 512 * 1024
_EXIF_IFD, _DATE_TIME_ORIGINAL, _XMP_TIFF_TAG = 0x8769, 0x9003, 700
# Still images Pillow decodes (HEIF/AVIF when a plugin is installed; the C2PA
# read works without one). Anything else sniffed is read by the SDK alone.
PILLOW = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff",
                     "image/heif", "image/avif"})


def read_image(path: str, *, trust_anchors: str | None = None,
               fetch: bool = False, max_bytes: int | None = None) -> ImageProvenance:
    """Everything the image file at `path` says about itself. Never raises:
    an unreadable file sets `.error`, a truncated one `.partial`, a manifest
    the SDK cannot read `.c2pa_error`. A file over `max_bytes` (default:
    max_file_size's default), a FIFO or a device is not read."""
    from ..limits import MAX_FILE_SIZE, read_file
    try:
        data = read_file(path, max_bytes or MAX_FILE_SIZE)
    except OSError as exc:
        return ImageProvenance(error=f"cannot read {path}: {exc.strerror or exc}")
    return read_image_bytes(data, trust_anchors=trust_anchors, fetch=fetch)


def read_image_bytes(data: bytes, *, trust_anchors: str | None = None,
                     fetch: bool = False) -> ImageProvenance:
    """`read_image` for bytes already in memory (stdin, fetched URLs)."""
    mime = media.sniff(data)
    prov = ImageProvenance(mime=mime)
    if mime is not None and mime not in PILLOW:
        return _read_other(prov, data, mime, trust_anchors, fetch)
    try:
        packets, irb, exif_date = decode(prov, data)
        fields = _metadata(prov, packets, irb, exif_date)
    except Exception as exc:  # a reader bug must not hide the other images
        prov.error = prov.error or f"image metadata could not be read: {exc}"
        fields = {}
    if prov.error and prov.format is None and not data:
        return prov
    from .c2pa import read_c2pa

    read_c2pa(prov, data, media.c2pa_type(mime or MIME.get(prov.format or "")),
              trust_anchors=trust_anchors, fetch=fetch, remote_url=fields.get("remote_manifest"))
    if prov.error and prov.c2pa_error and prov.c2pa_error.startswith("C2PA: "):
        prov.c2pa_error = None       # neither decoder nor SDK knows the bytes: one error is enough
    if unparsed(prov) and not prov.error:
        prov.partial = prov.partial or prov.c2pa_error
    return _dated(prov)


def _dated(prov: ImageProvenance) -> ImageProvenance:
    if not prov.date_created and prov.c2pa_date:
        prov.date_created, prov.date_origin = prov.c2pa_date, "C2PA EXIF DateTimeOriginal"
    return prov


def _read_other(prov: ImageProvenance, data: bytes, mime: str, trust_anchors: str | None,
                fetch: bool) -> ImageProvenance:
    """A medium without a decoder here (video, audio, PDF, SVG, JXL …): XMP
    from the raw bytes, C2PA from the SDK. When the SDK reads no such type or
    cannot parse the file, `.error` says so."""
    from .c2pa import read_c2pa

    prov.format = media.name(mime)
    sdk_type = media.c2pa_type(mime)
    if sdk_type is None:
        prov.error = f"{prov.format} files are not read by the C2PA SDK"
        return prov
    fields: dict = {}
    packets = _xmp_packets(data)
    if packets:
        try:
            fields = _metadata(prov, packets[:4], b"", None)
        except Exception:           # broken XMP says nothing about the file's C2PA
            fields = {}
    read_c2pa(prov, data, sdk_type, trust_anchors=trust_anchors, fetch=fetch,
              remote_url=fields.get("remote_manifest"))
    if unparsed(prov):
        prov.error = (prov.c2pa_error or "").replace("this file", f"this {prov.format} file", 1)
        prov.c2pa_error = None
    return _dated(prov)


def _xmp_packets(data: bytes, limit: int = 4) -> list[bytes]:
    """XMP packets stored as plain text in a medium (MP4 `uuid` box, WAV
    `_PMX` chunk, PDF metadata stream, SVG `<metadata>`), the first `limit`.
    Writers put them near the start or the end: only the first and last
    `_XMP_WINDOW` bytes of a large file are searched."""
    if len(data) > 2 * _XMP_WINDOW:
        return _xmp_packets(data[:_XMP_WINDOW], limit) or _xmp_packets(data[-_XMP_WINDOW:], limit)
    out: list[bytes] = []
    pos = data.find(b"<x:xmpmeta")
    while pos >= 0 and len(out) < limit:
        end = data.find(b"</x:xmpmeta>", pos)
        if end < 0:
            break
        out.append(data[pos:end + 12])
        pos = data.find(b"<x:xmpmeta", end)
    return out


def unparsed(prov: ImageProvenance) -> bool:
    """The SDK could not parse the file's container at all (not a manifest
    problem: nothing says there is a manifest)."""
    from .c2pa import UNPARSED

    return bool(prov.c2pa_error and prov.c2pa_error.startswith(UNPARSED))


def decode(prov: ImageProvenance, data: bytes) -> tuple[list[bytes], bytes, str | None]:
    """Fill format, size, `.error` and `.partial` — JPEG from its marker
    segments alone (no Pillow: the frame header gives the size, APP1 the
    EXIF date), other formats with Pillow's header reader; truncation is
    found from the container. Returns the XMP packets, the Photoshop IRB and
    EXIF DateTimeOriginal."""
    if data[:3] == b"\xff\xd8\xff":
        seg = jpeg_segments(data)
        if seg.size is not None:
            prov.format, (prov.width, prov.height) = "JPEG", seg.size
            prov.partial = seg.truncated
            try:
                exif_date = exif_date_original(seg.exif) if seg.exif else None
            except (struct.error, ValueError):  # broken EXIF says nothing about the pixels
                exif_date = None
            return seg.xmp, seg.irb, exif_date
    from PIL import Image, UnidentifiedImageError

    packets: list[bytes] = []
    irb = b""
    exif_date = None
    try:
        im = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        # Too many pixels to ever decode safely; the metadata is still readable.
        prov.format = "JPEG" if data[:2] == b"\xff\xd8" else "PNG" if data[:4] == b"\x89PNG" else None
        if prov.format == "JPEG":
            seg = jpeg_segments(data)
            packets, irb, prov.partial = seg.xmp, seg.irb, seg.truncated
        elif prov.format == "PNG":
            prov.partial = png_truncated(data)
        if prov.format is None:
            prov.error = f"image cannot be decoded: {exc}"
        return packets, irb, exif_date
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        brand = heif_brand(data)
        if brand:                       # Pillow without a HEIF plugin: C2PA can still read it
            prov.format = brand
            prov.partial = container_truncated(brand, data)
        elif isinstance(exc, UnidentifiedImageError) or not data:
            prov.error = f"no image decoder accepts this file (looks like {looks_like(data)})"
        else:
            prov.error = f"image cannot be decoded: {exc}"
        return packets, irb, exif_date
    with im:
        prov.format, (prov.width, prov.height) = im.format, im.size
        if im.format in ("JPEG", "MPO"):
            seg = jpeg_segments(data)
            packets, irb, prov.partial = seg.xmp, seg.irb, seg.truncated
        else:
            xmp = (im.info.get("xmp") or im.info.get("XML:com.adobe.xmp")
                   or (im.getexif().get(_XMP_TIFF_TAG) if im.format == "TIFF" else None))
            if isinstance(xmp, str):
                xmp = xmp.encode("utf-8")
            if xmp:
                packets = [xmp]
            if im.format == "PNG":
                prov.partial = png_truncated(data)
        try:
            # PNG keeps EXIF in an eXIf chunk: Pillow decodes the whole image
            # to look for one after the pixels; one before them is enough here.
            exif = im.getexif() if im.format != "PNG" or "exif" in im.info else None
            raw = exif.get_ifd(_EXIF_IFD).get(_DATE_TIME_ORIGINAL) if exif is not None else None
            exif_date = str(raw) if raw else None
        except Exception:           # broken EXIF is common and says nothing about the pixels
            exif_date = None
        if im.format not in ("JPEG", "MPO", "PNG"):
            # truncation is found from the container (sizes, trailers, strip
            # offsets), not by decoding every pixel: a check costs about what
            # reading the manifest costs
            try:
                prov.partial = container_truncated(im.format or "", data, im)
            except Exception as exc:
                prov.partial = f"image container is damaged: {exc}"
    return packets, irb, exif_date


def _metadata(prov: ImageProvenance, packets: list[bytes], irb: bytes,
              exif_date: str | None) -> dict:
    from .iim import iim_records
    from .xmp import xmp_fields

    fields = xmp_fields(packets) if packets else {}
    iim = iim_records(irb) if irb else {}
    prov.xmp_source_type = fields.get("xmp_source_type")
    prov.ai_system = fields.get("ai_system")
    prov.ai_system_version = fields.get("ai_system_version")
    prov.ai_prompt = fields.get("ai_prompt")
    for name in ("credit", "creator", "rights", "source", "headline", "description"):
        setattr(prov, name, fields.get(name) or iim.get(name))
    candidates = [(fields.get("date:XMP photoshop:DateCreated"), "XMP photoshop:DateCreated"),
                  (fields.get("date:XMP Iptc4xmpCore:DateCreated"), "XMP Iptc4xmpCore:DateCreated"),
                  (iim.get("date_created"), "IPTC IIM 2:55 Date Created"),
                  (exif_date, "EXIF DateTimeOriginal"),
                  (fields.get("date:XMP exif:DateTimeOriginal"), "XMP exif:DateTimeOriginal")]
    for value, origin in candidates:
        date = iso_date(value)
        if date:
            prov.date_created, prov.date_origin = date, origin
            break
    return fields
