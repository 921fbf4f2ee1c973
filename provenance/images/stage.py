"""The image stage: between reader and engine, attach provenance to the
images an article shows.

- Local `src` values are resolved against the directory of the article file
  (the current directory for stdin), URL-decoded, without `?query`/`#fragment`;
  `file://` URLs are local. A root-relative `/img/x.jpg` that does not exist
  on disk is also looked up under the article's directory.
- `http(s)://`, protocol-relative `//host/...` and `data:` sources are remote:
  `image.remote` is set and nothing is fetched unless the stage was created
  with `fetch=True` (then they are fetched into memory, with a timeout and a
  size cap).
- A missing or unreadable local image is an `input-image-missing` warning on
  the article, once per distinct file per article; placeholders (`#`,
  `about:blank`, `javascript:`) are never looked up. A site-absolute path
  (`/img/x.jpg`) is looked up under `site_root` when the config sets it,
  else treated like a remote image (not read, no warning). An image that
  decodes only partially is `input-image-partial`;
  a file whose extension names another format than its bytes is
  `input-media-mismatch`. The bytes decide the medium: a referenced file
  that is a video, audio clip or PDF is carried as one (AI label owed, no
  photo credit), whatever element referenced it.
- A standalone medium the C2PA SDK cannot parse makes its article
  unchecked (`input-unreadable`).
- Each file is read once per run however many articles use it (keyed by
  absolute path, modification time and size); `reads` counts actual reads.
"""
from __future__ import annotations

import os
import urllib.parse

from .. import media
from ..limits import real_path
from .read import PILLOW as _PILLOW

from ..article import STANDALONE_MEDIA, Article, Image, ImageProvenance, Problem


class ImageStage:
    """One per run. `attach(article)` fills `image.file`, `image.remote` and
    `image.provenance` for each image of the article."""

    def __init__(self, trust_anchors: str | None = None, fetch: bool = False,
                 max_bytes: int | None = None, allow_outside: bool = False, roots=()):
        self.trust_anchors = trust_anchors
        self.fetch = fetch
        self.max_bytes = max_bytes
        self.allow_outside = allow_outside
        self.roots = [os.path.realpath(r) for r in roots]   # folders local images may come from
        self.reads = 0                    # files/URLs actually read (cache misses)
        self._cache: dict[tuple, ImageProvenance] = {}
        self._allowed: tuple | None = None

    def attach(self, article: Article, site_root: str | None = None) -> None:
        base = os.path.dirname(os.path.abspath(article.file)) if article.file else os.getcwd()
        reported: set = set()
        self._allowed = None        # ((base, site_root), folders local images may come from), per article
        for image in article.images:
            if image.in_text_only or not image.src or image.provenance is not None:
                continue            # nothing to read, or already read (standalone image from stdin)
            if _placeholder(image.src):
                continue
            try:
                self._attach_one(article, image, base, site_root, reported)
            except Exception as exc:  # one broken image never stops the article
                image.provenance = ImageProvenance(error=f"image could not be read: {exc}")

    def _attach_one(self, article: Article, image: Image, base: str, site_root: str | None = None,
                    reported: set | None = None) -> None:
        src = image.src.strip()
        remote = _remote_url(src)
        if remote:
            image.remote = True
            if self.fetch:
                image.provenance = self._remote(remote)
                if image.provenance.error and image.provenance.format is None:
                    _missing(article, image, f"{image.medium} '{_short(image.src)}' could not be fetched or read "
                                             f"({image.provenance.error})")
                if image.provenance.mime:
                    image.medium = media.medium(image.provenance.mime)
                self._report_partial(article, image)
            return
        site_absolute = src.startswith("/") and not src.startswith("//") and not image.file
        if site_absolute and site_root:
            candidates = [_local_candidates(src, site_root)[1]]
        else:
            candidates = [image.file] if image.file else _local_candidates(src, base)
        if not self.allow_outside:
            key = (base, site_root)
            if self._allowed is None or self._allowed[0] != key:
                # resolved once per article, not per picture (a page shows dozens)
                self._allowed = (key, self.roots + [os.path.realpath(base)]
                                 + ([os.path.realpath(site_root)] if site_root else []))
            roots = self._allowed[1]
            inside = [p for p in candidates if inside_tree(p, roots)]
            if not inside:
                _missing(article, image, f"image '{image.src}' is outside the article's folder tree "
                                         f"({candidates[0]}); not read (use --allow-outside to read it)")
                return
            candidates = inside
        for path in candidates:
            if os.path.isfile(path):
                break
        else:
            if site_absolute and not site_root:
                # site-root path of a saved web page: the site root is not
                # here, so it is as remote as an http URL (not a missing file)
                image.remote = True
                return
            if reported is not None:
                if candidates[0] in reported:
                    return          # one warning per missing file per article
                reported.add(candidates[0])
            _missing(article, image, f"{image.medium} '{image.src}' referenced by the article is missing "
                                     f"(looked for {candidates[0]})")
            return
        image.file = path
        image.provenance = prov = self._local(path)
        if prov.mime:               # the bytes decide the medium (a Markdown "image" that is a PDF)
            image.medium = media.medium(prov.mime)
        if article.format in STANDALONE_MEDIA:
            if prov.error:          # a medium without a decoder here: the SDK cannot parse it
                article.checked = False
                article.problems.append(Problem(
                    code="input-unreadable", severity="error",
                    message=f"{os.path.basename(path)}: {prov.error}"))
            return
        if prov.error and (prov.format is None or prov.mime not in _PILLOW):
            _missing(article, image, f"{image.medium} '{image.src}' referenced by the article is unreadable "
                                     f"({prov.error}; {path})")
        from ..readers.image import mismatch_note
        note = mismatch_note(path, prov.mime)
        if note:
            article.problems.append(Problem(
                code="input-media-mismatch", severity="warning",
                message=f"{image.medium} '{image.src}': {note}", location=image.location))
        self._report_partial(article, image)

    def _report_partial(self, article: Article, image: Image) -> None:
        prov = image.provenance
        # A standalone image's reader has already reported it.
        if prov is not None and prov.partial and article.format not in STANDALONE_MEDIA:
            article.problems.append(Problem(
                code="input-image-partial", severity="warning",
                message=f"{image.medium} '{image.src}' decodes only partially ({prov.partial})",
                location=image.location))

    def _local(self, path: str) -> ImageProvenance:
        from .read import read_image

        try:
            st = os.stat(path)
            key: tuple[str, int | None, int | None] = (real_path(path), st.st_mtime_ns, st.st_size)
        except OSError:
            key = (real_path(path), None, None)
        prov = self._cache.get(key)
        if prov is None:
            self.reads += 1
            prov = self._cache[key] = read_image(path, trust_anchors=self.trust_anchors,
                                                 fetch=self.fetch, max_bytes=self.max_bytes)
        return prov

    def _remote(self, url: str) -> ImageProvenance:
        from .read import read_image_bytes
        from .remote import fetch_url

        key = ("url", url)
        prov = self._cache.get(key)
        if prov is None:
            self.reads += 1
            try:
                data = fetch_url(url)
            except OSError as exc:
                prov = ImageProvenance(error=f"could not fetch {_short(url)}: {exc}")
            else:
                prov = read_image_bytes(data, trust_anchors=self.trust_anchors, fetch=True)
            self._cache[key] = prov
        return prov


def inside_tree(path: str, roots) -> bool:
    """`path` (symlinks resolved) lies in one of the folders `roots` (resolved)."""
    real = real_path(path)
    return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def _missing(article: Article, image: Image, message: str) -> None:
    """An image the article uses that could not be read: an `input` warning at the image."""
    article.problems.append(Problem(code="input-image-missing", severity="warning", message=message,
                                    location=image.location))


def _short(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."


def _placeholder(src: str) -> bool:
    """`#`, `about:blank`, `javascript:`: stand-ins, never files."""
    low = src.strip().lower()
    return low in ("#", "/", "./") or low.startswith(("#", "about:", "javascript:"))


def _remote_url(src: str) -> str | None:
    low = src[:8].lower()
    if low.startswith(("http://", "https://", "data:")):
        return src
    if src.startswith("//"):
        return "https:" + src
    return None


def _local_candidates(src: str, base: str) -> list[str]:
    if src.lower().startswith("file:"):
        parsed = urllib.parse.urlsplit(src)
        return [urllib.parse.unquote(parsed.path)]
    path = src.split("#", 1)[0].split("?", 1)[0]
    path = urllib.parse.unquote(path)
    if os.path.isabs(path):
        return [path, os.path.normpath(os.path.join(base, path.lstrip("/\\")))]
    return [os.path.normpath(os.path.join(base, path))]
