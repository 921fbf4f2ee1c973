"""Benchmark `provenance check` against a baseline measured in the same run.

1. Throughput: checking every page of a corpus (default ../shared/corpus/html,
   else fixtures/corpus-html) in-process vs bare `lxml.html` parsing of the
   same bytes. Target: ratio <= 1.3.
2. Cold start: `provenance check` on one small file in a fresh process vs
   `python -c pass`. Target: <= 150 ms more.

Usage: python benchmarks/check.py [CORPUS_DIR] [--repeat N]
Prints ratios; record the figures in benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    shared = ROOT.parent / "shared" / "corpus" / "html"
    return shared if shared.is_dir() else ROOT / "fixtures" / "corpus-html"


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    files = sorted(p for p in corpus_dir(args.corpus).rglob("*") if p.suffix in (".html", ".htm"))
    blobs = [(str(p), p.read_bytes()) for p in files]
    size = sum(len(b) for _, b in blobs)

    import lxml.html

    def bare():
        for _, data in blobs:
            lxml.html.document_fromstring(data)

    from provenance.run import Options, Runner
    runner = Runner(Options(today="2026-11-25"))

    def check():
        for path, data in blobs:
            runner.check_path(path, data=data)

    check()   # warm: rule packs, phrase index, imports
    bare()
    t_bare = best_of(bare, args.repeat)
    t_check = best_of(check, args.repeat)
    print(f"corpus: {len(blobs)} pages, {size / 1e6:.1f} MB")
    print(f"bare lxml.html parse : {t_bare * 1000:8.1f} ms")
    print(f"provenance check     : {t_check * 1000:8.1f} ms")
    print(f"throughput ratio     : {t_check / t_bare:8.2f}x  (target <= 1.3)")

    small = ROOT / "fixtures" / "seed-article.txt"
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)   # as installed: modules load from .pyc ("0" also disables writing)
    run = lambda cmd: subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    run([sys.executable, "-m", "provenance", "check", str(small)])
    t_py = statistics.median(best_of(lambda: run([sys.executable, "-c", "pass"]), 1) for _ in range(7))
    t_cli = statistics.median(best_of(lambda: run([sys.executable, "-m", "provenance", "check", str(small)]), 1)
                              for _ in range(7))
    print(f"python -c pass       : {t_py * 1000:8.1f} ms")
    print(f"provenance check 1 file: {t_cli * 1000:6.1f} ms  (+{(t_cli - t_py) * 1000:.0f} ms, target <= 150)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
