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

The table itself lives in `provenance.sourcetypes` (shared with the signal
extraction), so images and articles can never classify a type differently.
"""
from __future__ import annotations

from ..sourcetypes import is_ai

__all__ = ["is_ai"]
