"""What medium a file or a reference is: sniffed from the bytes, not the name.

`sniff(data)` names the MIME type of a media file from its first bytes
(magic numbers and container brands): a RIFF file is WebP, WAV or AVI by its
form type, an ISO-BMFF file is HEIF, AVIF, MP4, M4A or QuickTime by its
brands, XML is SVG only when its root element is `svg`. Which of these the
C2PA SDK can read is asked of the SDK itself (`c2pa_supports`), never kept
here; importing this module costs nothing (no c2pa, no Pillow, no lxml).

`medium(mime)` is what an article shows: `image`, `video`, `audio` or
`document` (PDF, office files, EPUB, ZIP, manifest stores). `from_reference`
guesses the medium of a link an article makes (element, `type`/`medium`
attribute, file extension) without reading the file.
"""
from __future__ import annotations

import re

# extension -> MIME type, for references and for the extension-vs-content
# warning. Only names: whether the SDK reads a type is asked of the SDK.
# (`.zip` is left out: `audit` opens ZIP files as archives of articles.)
EXTENSIONS = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".jpe": "image/jpeg", ".png": "image/png",
    ".gif": "image/gif", ".webp": "image/webp", ".tif": "image/tiff", ".tiff": "image/tiff",
    ".heic": "image/heic", ".heif": "image/heif", ".avif": "image/avif", ".jxl": "image/jxl",
    ".svg": "image/svg+xml", ".dng": "image/dng", ".nef": "image/x-nikon-nef",
    ".arw": "image/x-sony-arw",
    ".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/quicktime", ".avi": "video/avi",
    ".webm": "video/webm", ".ogv": "video/ogg", ".mkv": "video/x-matroska",
    ".wav": "audio/wav", ".mp3": "audio/mpeg", ".flac": "audio/flac", ".m4a": "audio/mp4",
    ".ogg": "audio/ogg", ".oga": "audio/ogg", ".opus": "audio/ogg", ".aac": "audio/aac",
    ".pdf": "application/pdf", ".epub": "application/epub+zip",
    ".c2pa": "application/c2pa",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}

# Formats of one family share a reader: a `.heif` holding `heic` brands, a
# `.m4v` holding `mp42` or a `.dng` (a TIFF) are not a mismatch.
_FAMILY = {"image/heic": "heif", "image/heif": "heif", "image/avif": "heif",
           "video/mp4": "bmff", "audio/mp4": "bmff", "video/quicktime": "bmff",
           "image/tiff": "tiff", "image/dng": "tiff", "image/x-nikon-nef": "tiff",
           "image/x-sony-arw": "tiff", "application/zip": "zip", "application/epub+zip": "zip"}
_ZIP_FAMILY = ("application/vnd.", "application/epub")

# Short names for reports (`format` of ImageProvenance).
_NAMES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP",
          "image/tiff": "TIFF", "image/heic": "HEIF", "image/heif": "HEIF", "image/avif": "AVIF",
          "image/jxl": "JXL", "image/svg+xml": "SVG", "image/dng": "DNG", "video/mp4": "MP4",
          "video/quicktime": "MOV", "video/avi": "AVI", "audio/wav": "WAV", "audio/mpeg": "MP3",
          "audio/flac": "FLAC", "audio/mp4": "M4A", "application/pdf": "PDF",
          "application/c2pa": "C2PA", "application/zip": "ZIP", "application/epub+zip": "EPUB"}

_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")
_AUDIO_BRANDS = (b"M4A ", b"M4B ", b"M4P ", b"F4A ")
_XML_NOISE = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.S | re.I)
_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)")


def sniff(data: bytes) -> str | None:
    """MIME type of a media file from its content, None for anything else
    (text, HTML, JSON, feeds, unknown binary)."""
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"RIFF") and len(head) >= 12:
        return {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/avi"}.get(head[8:12])
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n\x00").startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"fLaC") and len(head) > 4 and head[4] & 0x7F == 0:   # STREAMINFO first
        return "audio/flac"
    if head.startswith(b"ID3") and head[3:4] in (b"\x02", b"\x03", b"\x04") or _mpeg_audio_frame(head):
        return "audio/mpeg"
    if head.startswith(b"\xff\x0a") or head.startswith(b"\x00\x00\x00\x0cJXL \r\n\x87\n"):
        return "image/jxl"
    if head[4:8] == b"ftyp":
        return _bmff(data)
    if head[4:8] == b"jumb":
        return "application/c2pa"
    if head.startswith(b"PK\x03\x04"):
        return _zip(data)
    if _is_svg(data):
        return "image/svg+xml"
    return None


def _mpeg_audio_frame(head: bytes) -> bool:
    """An MPEG-1/2 layer III frame header (MP3 without an ID3 tag)."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 3, (head[1] >> 1) & 3
    bitrate, rate = head[2] >> 4, (head[2] >> 2) & 3
    return version != 1 and layer == 1 and bitrate not in (0, 15) and rate != 3


def _bmff(data: bytes) -> str:
    size = int.from_bytes(data[0:4], "big")
    end = min(len(data), size if 16 <= size <= 256 else 64)
    major, brands = data[8:12], [data[i:i + 4] for i in range(16, end - 3, 4)]
    if major in (b"avif", b"avis") or (major in _HEIF_BRANDS[-2:] and b"avif" in brands):
        return "image/avif"
    if major in _HEIF_BRANDS or (major not in (b"isom", b"mp41", b"mp42", b"qt  ")
                                 and any(b in _HEIF_BRANDS for b in brands)):
        return "image/heif"
    if major == b"qt  ":
        return "video/quicktime"
    if major in _AUDIO_BRANDS:
        return "audio/mp4"
    return "video/mp4"


def _zip(data: bytes) -> str:
    """ODF and EPUB name their type in a first `mimetype` entry; OOXML has
    `[Content_Types].xml` and a `word/`, `xl/` or `ppt/` folder."""
    if data[30:38] == b"mimetype":
        name_len = int.from_bytes(data[26:28], "little")
        extra = int.from_bytes(data[28:30], "little")
        start = 30 + name_len + extra
        size = int.from_bytes(data[18:22], "little")
        value = data[start:start + size].decode("ascii", "replace").strip()
        if re.fullmatch(r"application/[\w.+-]+", value):
            return value
    import io
    import zipfile

    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return "application/zip"
    if "[Content_Types].xml" in names:
        for folder, kind in (("word/", "wordprocessingml.document"), ("xl/", "spreadsheetml.sheet"),
                             ("ppt/", "presentationml.presentation")):
            if any(n.startswith(folder) for n in names):
                return f"application/vnd.openxmlformats-officedocument.{kind}"
    return "application/zip"


def _is_svg(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return False
    match = _FIRST_TAG.search(_XML_NOISE.sub(b"", head))
    return match is not None and match.group(1).lower() in (b"svg", b"svg:svg")


def medium(mime: str | None) -> str:
    """image | video | audio | document."""
    if not mime:
        return "image"
    kind = mime.split("/", 1)[0]
    if kind in ("image", "video", "audio"):
        return kind
    return "document"


def name(mime: str | None) -> str | None:
    """Short format name for reports: JPEG, MP4, WAV, PDF …"""
    if not mime:
        return None
    return _NAMES.get(mime) or mime.rsplit("/", 1)[-1].rsplit(".", 1)[-1].upper()


def of_extension(path: str) -> str | None:
    """MIME type a file name claims by its extension."""
    base = path.split("#", 1)[0].split("?", 1)[0].lower()
    dot = base.rfind(".")
    return EXTENSIONS.get(base[dot:]) if dot >= 0 and "/" not in base[dot:] else None


def same_family(a: str, b: str) -> bool:
    """True when an extension's type `a` fits the content's type `b`."""
    if a == b:
        return True
    fa, fb = _FAMILY.get(a, a), _FAMILY.get(b, b)
    if fa == fb:
        return True
    # OOXML/ODF/EPUB files are ZIP archives
    return "zip" in (fa, fb) and (a.startswith(_ZIP_FAMILY) or b.startswith(_ZIP_FAMILY))


def from_reference(src: str, mime: str | None = None, kind: str | None = None) -> str:
    """Medium of something an article references: its declared MIME type or
    medium attribute (`video`, `audio`, `document` …), else the extension of
    its URL, else `image`."""
    kind = (kind or "").strip().lower()
    if kind in ("image", "video", "audio", "document"):
        return kind
    if kind in ("picture", "photo", "graphic"):
        return "image"
    mime = (mime or "").split(";", 1)[0].strip().lower()
    if "/" in mime:
        return medium(mime)
    return medium(of_extension(src or ""))


_SUPPORTED: set | None = None


def c2pa_type(mime: str | None) -> str | None:
    """The spelling of `mime` that c2pa-python reads, None when it reads no
    such type. The SDK is asked for its supported types once per process."""
    global _SUPPORTED
    if not mime:
        return None
    if _SUPPORTED is None:
        try:
            import c2pa
            _SUPPORTED = {m.lower() for m in c2pa.Reader.get_supported_mime_types()}
        except Exception:           # pragma: no cover - c2pa-python is a dependency
            _SUPPORTED = set()
    mime = mime.lower()
    for candidate in (mime, _ALIASES.get(mime)):
        if candidate in _SUPPORTED:
            return candidate
    return None


# MIME spellings the SDK lists under another name
_ALIASES = {"image/heif": "image/heic", "application/zip": "application/x-zip",
            "audio/wav": "audio/x-wav", "video/avi": "video/x-msvideo",
            "application/c2pa": "application/x-c2pa-manifest-store"}
