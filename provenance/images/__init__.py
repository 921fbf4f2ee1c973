"""Image provenance: what an image file says about its origin.

`read_image(path)` reads C2PA (c2pa-python), IPTC/XMP, IPTC IIM and EXIF
from one file into `provenance.article.ImageProvenance`; `ImageStage`
attaches it to the images of articles, reading each file once per run.
Heavy libraries (Pillow, lxml, c2pa-python) are imported only when an image
is actually read, so text-only runs never pay for them.
"""
from __future__ import annotations

from .read import read_image, read_image_bytes
from .sourcetype import is_ai
from .stage import ImageStage

__all__ = ["read_image", "read_image_bytes", "is_ai", "ImageStage"]
