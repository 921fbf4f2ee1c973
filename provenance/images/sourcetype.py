"""Digital source types: which say "made by AI", which say "made by a person".

IPTC's digital source type vocabulary (https://cv.iptc.org/newscodes/digitalsourcetype/)
is what C2PA actions, XMP `Iptc4xmpExt:DigitalSourceType`, ninjs and
NewsML-G2 use to say how a picture came about. schema.org mirrors it with
names such as `TrainedAlgorithmicMediaDigitalSource`.

`is_ai(uri)` answers True (AI-generated or AI-composited), False (a human
kind: capture, film, print, edits, digital art, screen capture ...) or None
(unknown, or a kind that says too little to label either way, such as
`algorithmicallyEnhanced`). It accepts full URIs, qcodes
(`digsrctype:trainedAlgorithmicMedia`) and bare names, case-insensitively.
"""
from __future__ import annotations

AI = frozenset({"trainedalgorithmicmedia", "compositewithtrainedalgorithmicmedia"})
HUMAN = frozenset({
    "digitalcapture", "negativefilm", "positivefilm", "print", "humanedits",
    "minorhumanedits", "digitalart", "screencapture", "virtualrecording", "composite",
    # Older/alias IPTC codes that also mean "a person made this".
    "digitalcreation", "originaldigitalcapture", "compositecapture",
})
# Listed for documentation: these deliberately give no verdict.
UNDECIDED = frozenset({"compositesynthetic", "algorithmicallyenhanced", "algorithmicmedia",
                       "datadrivenmedia", "computationalcapture"})


def source_type_name(uri: str | None) -> str:
    """The bare code of a source type: the last path/qcode segment, casefolded,
    with schema.org's `DigitalSource` suffix removed."""
    if not uri:
        return ""
    name = uri.strip().rstrip("/")
    for sep in ("/", "#", ":"):
        name = name.rsplit(sep, 1)[-1]
    name = name.casefold()
    if name.endswith("digitalsource"):
        name = name[: -len("digitalsource")]
    return name


def is_ai(uri: str | None) -> bool | None:
    """True for AI source types, False for human ones, None when undecided or unknown."""
    name = source_type_name(uri)
    if name in AI:
        return True
    if name in HUMAN:
        return False
    return None
