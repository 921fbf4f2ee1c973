"""Standalone images (`.jpg .jpeg .png .webp .tif .tiff .heic .avif`).

A standalone image becomes an Article with one image and no text: it owes no
caption, credit or AI label, only `manifest` and `input` checks apply. The
image stage reads its provenance (C2PA with the run's trust anchors, XMP,
IIM). Here only the decoder is asked whether it accepts the bytes:

- no decoder accepts them → `input-unreadable` error, the file is not checked;
- the image decodes only partially (truncated) → `input-image-partial` warning.

From stdin (`file` is None) the provenance is read here from the bytes, since
the image stage has no file to open.
"""
from __future__ import annotations

import os

from ..article import Article, Image, ImageProvenance, Location, Problem


def read(data: bytes, path: str, file: str | None) -> list[Article]:
    from ..images.read import decode, read_image_bytes

    name = os.path.basename(path) or path
    article = Article(path=path, format="image", file=file)
    if file is None:
        prov = read_image_bytes(data)
    else:
        prov = ImageProvenance()
        decode(prov, data)
    if prov.error:
        article.checked = False
        article.problems.append(Problem(code="input-unreadable", severity="error",
                                        message=f"{name}: {prov.error}"))
        return [article]
    image = Image(src=name, location=Location(), file=file,
                  provenance=prov if file is None else None)
    article.images.append(image)
    if prov.partial:
        article.problems.append(Problem(code="input-image-partial", severity="warning",
                                        message=f"{name} decodes only partially ({prov.partial})",
                                        location=Location(image=name)))
    return [article]
