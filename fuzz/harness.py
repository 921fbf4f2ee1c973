"""Coverage-guided fuzzing of every reader with atheris (issue #12).

    pip install -e '.[fuzz]'
    python fuzz/harness.py -max_total_time=3600          # one hour
    python fuzz/harness.py -runs=100000 fuzz/corpus        # a fixed number of runs

The first byte of an input picks the reader (by file extension), the rest
is the file. The seed corpus is made from `fixtures/` on the first run
(`fuzz/corpus/`, not committed). A crash is any exception a reader lets
escape: atheris stops and writes the input to `crash-*`; reproduce it with
`python fuzz/harness.py crash-...`.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["provenance"]):
    from provenance import detect, labels, signals  # noqa: F401 - instrumented on import
    from provenance.images import container, iim, read, xmp  # noqa: F401
    from provenance.phrases import PhraseBook
    from provenance.readers import (decode, feeds, html, image, jsonld, markdown, newsml,  # noqa: F401
                                    ninjs, text, xmlsafe)

ROOT = Path(__file__).resolve().parents[1]
EXTS = [".txt", ".html", ".md", ".json", ".xml", ".rss", ".atom", ".jpg", ".png"]
BOOK = PhraseBook.builtin()


def TestOneInput(data: bytes) -> None:
    if not data:
        return
    ext = EXTS[data[0] % len(EXTS)]
    articles = detect.read(data[1:], f"fuzz{ext}", None, BOOK)
    for article in articles:
        article.text()


def seed_corpus(folder: Path) -> None:
    """One corpus file per fixture (at most 64 kB of it), prefixed with the
    byte that selects its reader."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for path in sorted((ROOT / "fixtures").rglob("*")):
        ext = ".atom" if path.suffix == ".atom" else ".json" if path.suffix in (".ninjs", ".jsonfeed") \
            else path.suffix.lower()
        if not path.is_file() or ext not in EXTS:
            continue
        (folder / f"seed-{n:04d}{ext}").write_bytes(bytes([EXTS.index(ext)]) + path.read_bytes()[:65536])
        n += 1


def main() -> None:
    argv = list(sys.argv)
    if not any(not a.startswith("-") for a in argv[1:]):
        corpus = ROOT / "fuzz" / "corpus"
        if not corpus.is_dir():
            seed_corpus(corpus)
        argv.append(str(corpus))
    atheris.Setup(argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    os.environ.setdefault("PROVENANCE_CACHE_DIR", str(ROOT / "fuzz" / ".cache"))
    main()
