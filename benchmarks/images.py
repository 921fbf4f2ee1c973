"""Image provenance speed: `read_image` against a bare `c2pa.Reader` call.

    python benchmarks/images.py [DIR_OR_FILE ...] [--rounds N]

For every image (default: fixtures/media and fixtures/corpus-images) it
times, in the same run and interleaved:

- bare:  `c2pa.Reader(path, context=ctx).json()` with an offline context
         (no remote manifest fetch, no OCSP), the least any C2PA check does;
- full:  `provenance.images.read_image(path)` — Pillow header, XMP/IIM/EXIF,
         C2PA and the mapping to ImageProvenance;
- meta:  the XMP/IIM/EXIF part alone (no C2PA).

and prints per-image medians and the overall ratio full/bare (target ≤ 1.2
on files that carry a manifest). Files whose manifest is remote are skipped
for the bare call (the bare SDK would go online).
"""
from __future__ import annotations

import argparse
import glob
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXTS = (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic", ".avif")


def _files(args: list[str]) -> list[str]:
    targets = args or [os.path.join(ROOT, "fixtures", "media"),
                       os.path.join(ROOT, "fixtures", "corpus-images")]
    out = []
    for target in targets:
        if os.path.isdir(target):
            out += sorted(p for p in glob.glob(os.path.join(target, "*"))
                          if p.lower().endswith(EXTS))
        else:
            out.append(target)
    return out


def _median(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args(argv)

    import c2pa

    from provenance.images import read_image
    from provenance.images.read import _metadata, decode
    from provenance.article import ImageProvenance

    ctx = c2pa.Context.from_dict({"verify": {"remote_manifest_fetch": False,
                                             "ocsp_fetch": False}})

    def bare(path):
        try:
            reader = c2pa.Reader.try_create(path, context=ctx)
            if reader is not None:
                with reader:
                    reader.json()
        except c2pa.C2paError:
            pass

    def meta(path):
        with open(path, "rb") as fh:
            data = fh.read()
        prov = ImageProvenance()
        _metadata(prov, *decode(prov, data))

    files = _files(args.paths)
    for path in files:                       # warm up imports and caches
        read_image(path)
        bare(path)
    print(f"{'file':48} {'bare ms':>8} {'full ms':>8} {'meta ms':>8} {'ratio':>6}")
    total_bare = total_full = 0.0
    for path in files:
        prov = read_image(path)
        b = _median(lambda: bare(path), args.rounds)
        f = _median(lambda: read_image(path), args.rounds)
        m = _median(lambda: meta(path), args.rounds)
        if prov.c2pa_state:                  # ratio only where there is a manifest to read
            total_bare += b
            total_full += f
        print(f"{os.path.basename(path)[:48]:48} {b * 1e3:8.3f} {f * 1e3:8.3f} {m * 1e3:8.3f}"
              f" {f / b if b else float('nan'):6.2f}")
    if total_bare:
        print(f"\nfiles with a manifest: read_image / bare c2pa.Reader = "
              f"{total_full / total_bare:.2f} (target <= 1.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
