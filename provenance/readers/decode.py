"""Turn the bytes of a text-like input into text, the way browsers do.

Order: a byte-order mark wins; then valid UTF-8; then the charset the file
declares (an HTML `<meta charset>`, an HTTP-style content type ...); then
windows-1252, which is what browsers fall back to for Western pages. Only
the last case is reported: text that is not UTF-8 and declares no charset
is an `input-encoding` warning (the file is still checked).

Only the labels of the WHATWG Encoding Standard are honoured, mapped as it
maps them (any other label is unknown, as in a browser), so `ISO-8859-1` and `US-ASCII` decode as windows-1252 (curly quotes in
0x80-0x9F survive), `Shift_JIS` as Windows-31J and `GB2312` as GB18030.
"""
from __future__ import annotations

import codecs

from ..article import Problem

# The WHATWG Encoding Standard's label list (encoding.spec.whatwg.org, "Names
# and labels"): the only labels browsers honour. Each encoding maps to the
# Python codec that decodes it the browser's way. Any other label (utf-7,
# utf-32, cp037, unicode_escape, rot13, hex, zlib ...) is unknown, as in a
# browser: never a Python codec, with or without side effects.
_ENCODINGS = {
    "utf-8": ("unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8", "utf-8"),
    "ibm866": ("866 cp866 csibm866 ibm866", "cp866"),
    "iso-8859-2": ("csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2",
                   "iso8859_2"),
    "iso-8859-3": ("csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3",
                   "iso8859_3"),
    "iso-8859-4": ("csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4",
                   "iso8859_4"),
    "iso-8859-5": ("csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 "
                   "iso_8859-5:1988", "iso8859_5"),
    "iso-8859-6": ("arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e "
                   "iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987", "iso8859_6"),
    "iso-8859-7": ("csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 "
                   "iso_8859-7 iso_8859-7:1987 sun_eu_greek", "iso8859_7"),
    "iso-8859-8": ("csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 "
                   "iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical", "iso8859_8"),
    "iso-8859-10": ("csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6", "iso8859_10"),
    "iso-8859-13": ("iso-8859-13 iso8859-13 iso885913", "iso8859_13"),
    "iso-8859-14": ("iso-8859-14 iso8859-14 iso885914", "iso8859_14"),
    "iso-8859-15": ("csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9", "iso8859_15"),
    "iso-8859-16": ("iso-8859-16", "iso8859_16"),
    "koi8-r": ("cskoi8r koi koi8 koi8-r koi8_r", "koi8_r"),
    "koi8-u": ("koi8-ru koi8-u", "koi8_u"),
    "macintosh": ("csmacintosh mac macintosh x-mac-roman", "mac_roman"),
    "windows-874": ("dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874", "cp874"),
    "windows-1250": ("cp1250 windows-1250 x-cp1250", "cp1250"),
    "windows-1251": ("cp1251 windows-1251 x-cp1251", "cp1251"),
    "windows-1252": ("ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 "
                     "iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252", "cp1252"),
    "windows-1253": ("cp1253 windows-1253 x-cp1253", "cp1253"),
    "windows-1254": ("cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 "
                     "l5 latin5 windows-1254 x-cp1254", "cp1254"),
    "windows-1255": ("cp1255 windows-1255 x-cp1255", "cp1255"),
    "windows-1256": ("cp1256 windows-1256 x-cp1256", "cp1256"),
    "windows-1257": ("cp1257 windows-1257 x-cp1257", "cp1257"),
    "windows-1258": ("cp1258 windows-1258 x-cp1258", "cp1258"),
    "x-mac-cyrillic": ("x-mac-cyrillic x-mac-ukrainian", "mac_cyrillic"),
    "gbk": ("chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk", "gb18030"),
    "gb18030": ("gb18030", "gb18030"),
    "big5": ("big5 big5-hkscs cn-big5 csbig5 x-x-big5", "big5hkscs"),
    "euc-jp": ("cseucpkdfmtjapanese euc-jp x-euc-jp", "euc_jp"),
    "iso-2022-jp": ("csiso2022jp iso-2022-jp", "iso2022_jp"),
    "shift_jis": ("csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis", "cp932"),
    "euc-kr": ("cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 "
               "windows-949", "cp949"),
    # "replacement": the whole input is one U+FFFD (a label that hides a
    # stateful encoding from old browsers); see REPLACEMENT.
    "replacement": ("csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement", "replacement"),
    # A document that could declare itself in <meta> is ASCII-compatible:
    # browsers read a declared UTF-16 as UTF-8.
    "utf-16": ("unicodefffe utf-16be csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le",
               "utf-8"),
    "x-user-defined": ("x-user-defined", "x-user-defined"),
}
_LABELS = {label: codec for labels, codec in _ENCODINGS.values() for label in labels.split()}
REPLACEMENT = "replacement"
USER_DEFINED = "x-user-defined"


def _c1_passthrough(exc: UnicodeDecodeError):
    """Bytes windows-1252 leaves undefined (0x81, 0x8D ...) become the C1
    control of the same number, as in browsers, instead of failing."""
    return "".join(chr(b) for b in exc.object[exc.start:exc.end]), exc.end


codecs.register_error("provenance-c1", _c1_passthrough)  # type: ignore[arg-type]  # decoding only


def codec_for(label: str | None) -> str | None:
    """Python codec name for a declared charset label, or None if unknown."""
    if not label:
        return None
    key = label.strip("\t\n\f\r \"'").lower()
    return _LABELS.get(key)


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
    if codec == REPLACEMENT:
        return "\ufffd", None
    if codec == USER_DEFINED:
        return "".join(chr(b) if b < 0x80 else chr(0xF700 + b) for b in data), None
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


def json_text(data: bytes) -> tuple[str, Problem | None]:
    """Text of a JSON document (RFC 8259: UTF-8; a UTF-16 byte-order mark is
    honoured). Bytes that are not UTF-8 become U+FFFD with an `input-encoding`
    warning: one bad byte never hides the article."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return data.decode("utf-8-sig", "replace"), Problem(
            code="input-encoding", severity="warning",
            message=f"not valid UTF-8 (first bad byte at offset {exc.start}); "
                    "invalid bytes read as U+FFFD")
