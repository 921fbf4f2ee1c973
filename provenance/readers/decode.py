"""Turn the bytes of a text-like input into text, the way browsers do.

Order: a byte-order mark wins; then valid UTF-8; then the charset the file
declares (an HTML `<meta charset>`, an HTTP-style content type ...); then
windows-1252, which is what browsers fall back to for Western pages. Only
the last case is reported: text that is not UTF-8 and declares no charset
is an `input-encoding` warning (the file is still checked).

Charset labels are mapped the way the WHATWG Encoding standard maps them,
so `ISO-8859-1` and `US-ASCII` decode as windows-1252 (curly quotes in
0x80-0x9F survive), `Shift_JIS` as Windows-31J and `GB2312` as GB18030.
"""
from __future__ import annotations

import codecs

from ..article import Problem

# Labels whose browser meaning differs from Python's codec of the same name.
_WHATWG = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "iso_8859-1": "cp1252",
    "latin1": "cp1252", "latin-1": "cp1252", "l1": "cp1252", "cp819": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "ansi_x3.4-1968": "cp1252",
    "windows-1252": "cp1252", "x-cp1252": "cp1252",
    "iso-8859-9": "cp1254", "latin5": "cp1254",
    "iso-8859-11": "cp874", "tis-620": "cp874",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932",
    "x-sjis": "cp932", "windows-31j": "cp932", "ms_kanji": "cp932",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949",
    "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
    # A document that could declare itself in <meta> is ASCII-compatible:
    # browsers read a declared UTF-16 as UTF-8.
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
}


def _c1_passthrough(exc: UnicodeDecodeError):
    """Bytes windows-1252 leaves undefined (0x81, 0x8D ...) become the C1
    control of the same number, as in browsers, instead of failing."""
    return "".join(chr(b) for b in exc.object[exc.start:exc.end]), exc.end


codecs.register_error("provenance-c1", _c1_passthrough)


def codec_for(label: str | None) -> str | None:
    """Python codec name for a declared charset label, or None if unknown."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    name = _WHATWG.get(key, key)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, Problem | None]:
    """Decode `data`; return the text and an `input-encoding` warning when the
    bytes are not UTF-8 and no (known) charset was declared.

    `declared` is the charset the file names for itself, if any.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    codec = codec_for(declared)
    if codec == "utf-8":
        # Declared UTF-8 but broken: show replacement characters, as browsers do.
        return data.decode("utf-8", "replace"), None
    if codec is not None:
        errors = "provenance-c1" if codec == "cp1252" else "replace"
        return data.decode(codec, errors), None
    if declared:
        message = (f"not valid UTF-8 and the declared charset {declared!r} is unknown; "
                   "decoded as windows-1252")
    else:
        message = "not valid UTF-8 and no charset declared; decoded as windows-1252"
    return (data.decode("cp1252", "provenance-c1"),
            Problem(code="input-encoding", severity="warning", message=message))
