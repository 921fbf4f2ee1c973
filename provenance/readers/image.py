"""Standalone media: images (`.jpg .png .webp .tif .heic .avif .gif .jxl
.svg` …) and every other medium the C2PA SDK reads — video (MP4, MOV, AVI),
audio (WAV, MP3, FLAC, M4A), PDF and office documents. The medium is sniffed
from the bytes, not taken from the name.

A standalone file becomes an Article with one medium and no text (format
`image`, `video`, `audio` or `document`): it owes no caption, credit or AI
label, only `manifest` and `input` checks apply. The image stage reads its
provenance (C2PA with the run's trust anchors, XMP, IIM). Here only the
decoder is asked whether it accepts the bytes (still images):

- no decoder accepts them → `input-unreadable` error, the file is not checked
  (for media without a decoder here the image stage finds out: the C2PA SDK
  cannot parse the file);
- the image decodes only partially (truncated) → `input-image-partial` warning;
- the extension names another format than the content → `input-media-mismatch`
  warning (a RIFF WAV named `.webp`); `.heif` for HEIC bytes is no mismatch.

From stdin (`file` is None, or names no file: `--stdin-filename`) the
provenance is read here from the bytes, since the image stage has no file to
open.
"""
from __future__ import annotations

import os

from .. import media
from ..article import Article, Image, ImageProvenance, Location, Problem


def read(data: bytes, path: str, file: str | None) -> list[Article]:
    from ..images.read import PILLOW, decode, read_image_bytes

    name = os.path.basename(path) or path
    mime = media.sniff(data)
    article = Article(path=path, format=media.medium(mime), file=file)
    if file is not None and not os.path.isfile(file):
        file = None                 # stdin named by --stdin-filename: no file to read later
    if file is None:
        prov = read_image_bytes(data)
    else:
        prov = ImageProvenance(mime=mime)
        if mime is None or mime in PILLOW:
            decode(prov, data)
    if prov.error:
        article.checked = False
        claimed = media.of_extension(path)
        if mime is None and claimed and media.medium(claimed) != "image":
            prov.error = (f"content is no {media.name(claimed)} file nor any other supported "
                          f"format (looks like {_looks_like(data)})")
        article.problems.append(Problem(code="input-unreadable", severity="error",
                                        message=f"{name}: {prov.error}"))
        return [article]
    image = Image(src=name, location=Location(), file=file, medium=article.format,
                  provenance=prov if file is None else None)
    article.images.append(image)
    mismatch = mismatch_note(path, mime)
    if mismatch:
        article.problems.append(Problem(code="input-media-mismatch", severity="warning",
                                        message=f"{name}: {mismatch}", location=Location(image=name)))
    if prov.partial:
        article.problems.append(Problem(code="input-image-partial", severity="warning",
                                        message=f"{name} decodes only partially ({prov.partial})",
                                        location=Location(image=name)))
    return [article]


def mismatch_note(path: str, mime: str | None) -> str | None:
    """What is wrong when the extension names another format than the bytes."""
    from ..detect import IMAGE_EXT, SUPPORTED

    claimed = media.of_extension(path)
    ext = os.path.splitext(path.split("#", 1)[0].split("?", 1)[0])[1]
    if mime and not claimed and ext.lower() in SUPPORTED - IMAGE_EXT:
        return f"the extension '{ext}' names an article format, the content is {media.name(mime)}; " \
               f"read as {media.name(mime)}"
    if not mime or not claimed or media.same_family(claimed, mime):
        return None
    return (f"the extension '{ext}' says {media.name(claimed)}, the content is "
            f"{media.name(mime)}; read as {media.name(mime)}")


def _looks_like(data: bytes) -> str:
    from ..images.container import looks_like

    return looks_like(data)
