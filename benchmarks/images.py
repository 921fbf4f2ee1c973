"""Media provenance speed: `read_image` against a bare `c2pa.Reader` call.

    python benchmarks/images.py [DIR_OR_FILE ...] [--rounds N]

For every media file the C2PA SDK reads — images, video, audio, PDF, SVG …
(default: fixtures/media and fixtures/corpus-images; e.g. the SDK's own
`sdk/tests/fixtures` for the full set) it times, in the same run and
interleaved:

- bare:  `c2pa.Reader(path, context=ctx).json()` with an offline context
         (no remote manifest fetch, no OCSP), the least any C2PA check does;
- full:  `provenance.images.read_image(path)` — Pillow header, XMP/IIM/EXIF,
         C2PA and the mapping to ImageProvenance;
- meta:  the XMP/IIM/EXIF part alone (no C2PA).

and prints per-image medians and the overall ratio full/bare (target ≤ 1.2
on files that carry a manifest), and over all files. Both sides read the
file's bytes into memory and hand the SDK the type named by the extension;
files whose manifest is remote are not fetched (the bare SDK would go online).

Then the start-up of a single-file `check` of an image (default
fixtures/media/camera.jpg): whole `python -m provenance check` processes of
this tree and of a baseline revision (`--baseline REV`, default `main`,
exported with `git archive` into a temporary folder), interleaved, medians
and their ratio (target: no slower, <= 1.0 within noise). `--no-startup`
skips it.
"""
from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _files(args: list[str]) -> list[str]:
    """Files whose extension names a type the SDK reads (asked of the SDK)."""
    from provenance import media

    targets = args or [os.path.join(ROOT, "fixtures", "media"),
                       os.path.join(ROOT, "fixtures", "corpus-images")]
    out = []
    for target in targets:
        if os.path.isdir(target):
            out += sorted(p for d, _, fs in os.walk(target) for p in (os.path.join(d, f) for f in fs)
                          if media.c2pa_type(media.of_extension(p)))
        else:
            out.append(target)
    return out


def _interleaved(fns, rounds: int) -> list[tuple[float, float]]:
    """(median, best) seconds of each function, the functions taking turns
    in every round so that a burst of load on the shared machine hits all
    of them; the best time is what the code costs without interference
    (timeit's advice), the median what a run meets."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            times[i].append(time.perf_counter() - t0)
    return [(statistics.median(t), min(t)) for t in times]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--baseline", default="main", help="git revision for the start-up baseline")
    parser.add_argument("--startup-rounds", type=int, default=15)
    parser.add_argument("--image", default=os.path.join(ROOT, "fixtures", "media", "camera.jpg"))
    parser.add_argument("--no-startup", action="store_true")
    args = parser.parse_args(argv)

    import c2pa

    from provenance import media
    from provenance.images import read_image
    from provenance.images.read import _metadata, decode
    from provenance.article import ImageProvenance

    ctx = c2pa.Context.from_dict({"verify": {"remote_manifest_fetch": False,
                                             "ocsp_fetch": False}})

    def bare(path):
        try:
            with open(path, "rb") as fh:        # read like the project does: bytes in memory
                data = fh.read()
            reader = c2pa.Reader.try_create(media.c2pa_type(media.of_extension(path)),
                                            io.BytesIO(data), None, ctx)
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
    # sums of (median, best) times: [bare, full] for files with a manifest, for all files
    signed = [[0.0, 0.0], [0.0, 0.0]]
    every = [[0.0, 0.0], [0.0, 0.0]]
    for path in files:
        prov = read_image(path)
        (b, b_best), (f, f_best), (m, _m) = _interleaved(
            [lambda p=path: bare(p), lambda p=path: read_image(p), lambda p=path: meta(p)],
            args.rounds)
        for sums, take in ((every, True), (signed, bool(prov.c2pa_state))):
            if take:                        # "signed": only where there is a manifest to read
                sums[0][0] += b
                sums[0][1] += b_best
                sums[1][0] += f
                sums[1][1] += f_best
        print(f"{os.path.basename(path)[:48]:48} {b * 1e3:8.3f} {f * 1e3:8.3f} {m * 1e3:8.3f}"
              f" {f / b if b else float('nan'):6.2f}")
    print()
    for label, sums in (("files with a manifest", signed), (f"all {len(files)} files", every)):
        if sums[0][0]:
            print(f"{label}: read_image / bare c2pa.Reader = {sums[1][0] / sums[0][0]:.2f} "
                  f"(medians; {sums[1][0] * 1e3:.1f} vs {sums[0][0] * 1e3:.1f} ms), "
                  f"{sums[1][1] / sums[0][1]:.2f} (best times) — target <= 1.2")
    if not args.no_startup:
        startup(args.baseline, args.image, args.startup_rounds)
    return 0


def startup(rev: str, image: str, rounds: int) -> None:
    """Whole-process `check IMAGE` of this tree vs revision `rev`."""
    with tempfile.TemporaryDirectory(prefix="provenance-baseline-") as base:
        archive = subprocess.run(["git", "-C", ROOT, "archive", rev], capture_output=True)
        if archive.returncode:
            print(f"\nstart-up: no baseline ({archive.stderr.decode().strip()})")
            return
        subprocess.run(["tar", "-x", "-C", base], input=archive.stdout, check=True)
        # a source tree maps provenance.rules to rules/ (as the editable install does)
        os.symlink(os.path.join(base, "rules"), os.path.join(base, "provenance", "rules"))
        trees = {"this tree": ROOT, f"baseline {rev}": base}

        def run(tree: str) -> tuple[float, float]:
            """(wall, CPU) seconds of one whole process; CPU time (user +
            system of the child) is what a busy shared machine disturbs least."""
            env = dict(os.environ, PYTHONPATH=tree)
            env.pop("PYTHONDONTWRITEBYTECODE", None)   # as installed: modules load from .pyc
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "provenance", "check", image], env=env,
                           cwd=tree, capture_output=True)
            wall = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

        for tree in trees.values():            # warm caches (compiled packs, page cache)
            run(tree)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        for _ in range(rounds):
            for name, tree in trees.items():
                times[name].append(run(tree))
        base = f"baseline {rev}"
        print(f"\nstart-up, check {os.path.basename(image)} ({rounds} interleaved runs, medians):")
        for k, label in ((0, "wall"), (1, "CPU")):
            now = statistics.median(t[k] for t in times["this tree"])
            then = statistics.median(t[k] for t in times[base])
            print(f"  {label:4}: this tree {now * 1e3:.0f} ms, {base} {then * 1e3:.0f} ms, "
                  f"ratio {now / then:.2f} (target: no slower)")


if __name__ == "__main__":
    sys.exit(main())
