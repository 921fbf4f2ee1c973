"""IPTC digital source types: which say AI, which say human (docs/design.md#digital-source-types).

Accepts full IPTC URIs, qcodes (`digsrctype:trainedAlgorithmicMedia`),
schema.org names (`TrainedAlgorithmicMediaDigitalSource`) and bare names.
"""
from __future__ import annotations

AI = {"trainedalgorithmicmedia", "compositewithtrainedalgorithmicmedia"}
HUMAN = {"digitalcapture", "negativefilm", "positivefilm", "print", "humanedits",
         "minorhumanedits", "digitalart", "screencapture", "virtualrecording", "composite",
         "digitalcreation", "originaldigitalcapture", "compositecapture"}
# Any other type (compositeSynthetic, algorithmicallyEnhanced, algorithmicMedia,
# dataDrivenMedia) decides nothing either way.


def name(uri: str | None) -> str:
    """The bare type name: last path/qcode segment, schema.org suffix removed."""
    if not uri:
        return ""
    s = str(uri).strip().rstrip("/")
    for sep in ("/", ":", "#"):
        s = s.rsplit(sep, 1)[-1]
    low = s.lower()
    if low.endswith("digitalsource"):
        s = s[: -len("digitalsource")]
    return s


def is_ai(uri: str | None) -> bool | None:
    """True for AI kinds, False for human kinds, None when undecided/unknown."""
    n = name(uri).lower()
    if n in AI:
        return True
    if n in HUMAN:
        return False
    return None


def decide(claims) -> tuple[bool | None, str]:
    """Combine (verdict, origin) claims of several sources: AI wins, then
    human, else undecided. Returns the verdict and the origin that gave it."""
    claims = list(claims)
    for want in (True, False):
        for said, origin in claims:
            if said is want:
                return want, origin
    return None, ""


def verdict(uris) -> bool | None:
    """Combine several source types: AI wins, then human, else undecided."""
    return decide((is_ai(u), u) for u in uris if u)[0]
