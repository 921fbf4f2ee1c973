"""`provenance audit` speed and memory, as ratios measured in the same run.

    python benchmarks/audit.py [--quick] [--html-dir DIR] [--big N] [--small N]

1. throughput: `provenance audit DIR --jobs 1 --no-cache` (in process) against
   bare `lxml.html.document_fromstring` on the same HTML files (read from disk
   in both). Files: /work/shared/corpus/html when present, else the HTML
   fixtures, copied a few times so the run is long enough. Target ≤ 1.3×.
2. scaling: `--jobs 2` against `--jobs 1` on a generated tree of small
   articles (whole `python -m provenance audit` runs, start-up included). Target ≥ 1.8× on 2 cores.
3. cache: a warm re-audit (unchanged tree, same cache) against the cold run.
4. memory: peak RSS (`resource.getrusage` in a fresh subprocess, main process
   plus workers) auditing a generated tree of `--big` (default 100,000) small
   articles against `--small` (default 10,000). Must stay flat (ratio ≈ 1).

Everything is generated in a temporary folder and removed afterwards.
`--quick` shrinks every size (for a smoke run, not for the README figures).
"""
from __future__ import annotations

import argparse
import glob
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED_HTML = "/work/shared/corpus/html"

ARTICLES = [
    "# Rates rise again {n}\n\nThe central bank raised rates by a quarter point, its {n}th move.\n",
    "---\nai: generated\npublished: 2026-0{m}-04\n---\n# Market report {n}\n\nShares closed higher on day {n}.\n",
    "Storm {n} hits the coast\n\nupday.com 2 hours ago\nWaves over the pier. (Archivbild) Foto: Anna Berg/dpa\n\n"
    "Heavy rain fell for the {n}th hour.\n\nHinweis: Dieser Artikel wurde mit KI erstellt.\n",
]


def generate(root: str, count: int) -> str:
    """`count` small articles in folders of 1,000 (sections s0, s1, ...)."""
    for i in range(count):
        d = os.path.join(root, f"s{i // 1000}")
        if i % 1000 == 0:
            os.makedirs(d, exist_ok=True)
        kind = i % len(ARTICLES)
        ext = (".txt", ".md", ".txt")[kind]
        with open(os.path.join(d, f"a{i}{ext}"), "w", encoding="utf-8") as fh:
            fh.write(ARTICLES[kind].format(n=i, m=1 + i % 9))
    return root


def audit(args: list[str]) -> float:
    from provenance.cli import main
    with open(os.devnull, "w") as null:
        old, sys.stdout = sys.stdout, null
        try:
            t = time.perf_counter()
            main(["audit", *args, "--quiet", "--today", "2026-06-01"])
            return time.perf_counter() - t
        finally:
            sys.stdout = old


def cli(args: list[str]) -> float:
    """Wall time of a whole `python -m provenance audit` (start-up included:
    worker processes start fresh, as they do for a user)."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "provenance", "audit", *args, "--quiet"],
                   stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


def bare_lxml(files: list[str]) -> float:
    import lxml.html
    t = time.perf_counter()
    for f in files:
        with open(f, "rb") as fh:
            lxml.html.document_fromstring(fh.read())
    return time.perf_counter() - t


def html_tree(tmp: str, source: str, copies: int) -> list[str]:
    files = sorted(glob.glob(os.path.join(source, "*.htm*")))
    out = []
    d = os.path.join(tmp, "html")
    os.makedirs(d, exist_ok=True)
    for c in range(copies):
        for f in files:
            dst = os.path.join(d, f"{c}-{os.path.basename(f)}")
            shutil.copy(f, dst)
            out.append(dst)
    return out


def peak_rss(tree: str, jobs: int) -> int:
    """Peak RSS in KiB of an audit in a fresh interpreter (max of the main
    process and the largest worker)."""
    code = ("import resource, sys, os\n"
            "from provenance.cli import main\n"
            "sys.stdout = open(os.devnull, 'w')\n"
            f"main(['audit', {tree!r}, '--no-cache', '--quiet', '--jobs', '{jobs}', '--json', os.devnull])\n"
            "s = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "c = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
            "sys.__stdout__.write(f'{s} {c}')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    main_kib, child_kib = (int(x) for x in out.split())
    return max(main_kib, child_kib)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--html-dir", default=SHARED_HTML if os.path.isdir(SHARED_HTML) else None)
    ap.add_argument("--big", type=int, default=100_000)
    ap.add_argument("--small", type=int, default=10_000)
    ap.add_argument("--scale", type=int, default=16000, help="articles for the --jobs and cache runs")
    a = ap.parse_args()
    if a.quick:
        a.big, a.small, a.scale = 4000, 1000, 1000
    source = a.html_dir or os.path.join(ROOT, "fixtures", "html")
    if not glob.glob(os.path.join(source, "*.htm*")):
        source = os.path.join(ROOT, "fixtures")
    print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    tmp = tempfile.mkdtemp(prefix="provenance-bench-")
    try:
        # 1. throughput against bare lxml
        files = html_tree(tmp, source, copies=2 if a.quick else 5)
        bare_lxml(files)                                   # warm the OS file cache
        audit([os.path.join(tmp, "html"), "--jobs", "1", "--no-cache"])   # warm imports
        bare = min(bare_lxml(files) for _ in range(3))
        full = min(audit([os.path.join(tmp, "html"), "--jobs", "1", "--no-cache"]) for _ in range(3))
        print(f"throughput: {len(files)} HTML files from {source}: audit {full:.2f}s, bare lxml {bare:.2f}s "
              f"-> ratio {full / bare:.2f}x (target <= 1.3)")

        # 2. --jobs 2 against --jobs 1
        tree = generate(os.path.join(tmp, "scale"), a.scale)
        t1 = cli([tree, "--jobs", "1", "--no-cache"])
        t2 = cli([tree, "--jobs", "2", "--no-cache"])
        print(f"scaling: {a.scale} articles: --jobs 1 {t1:.2f}s ({a.scale / t1:.0f}/s), --jobs 2 {t2:.2f}s "
              f"({a.scale / t2:.0f}/s) -> speed-up {t1 / t2:.2f}x (target >= 1.8)")

        # 3. warm cache against cold
        cache = os.path.join(tmp, "cache")
        cold = audit([tree, "--jobs", "2", "--cache", cache])
        warm = audit([tree, "--jobs", "2", "--cache", cache])
        print(f"cache: cold {cold:.2f}s, warm {warm:.2f}s -> warm/cold {warm / cold:.3f} "
              f"({cold / warm:.1f}x faster)")

        # 4. peak RSS, small tree against big tree
        small = generate(os.path.join(tmp, "small"), a.small)
        rss_small = peak_rss(small, 2)
        shutil.rmtree(small)
        big = generate(os.path.join(tmp, "big"), a.big)
        t = time.perf_counter()
        rss_big = peak_rss(big, 2)
        print(f"memory: peak RSS {a.small} articles {rss_small / 1024:.0f} MiB, {a.big} articles "
              f"{rss_big / 1024:.0f} MiB -> ratio {rss_big / rss_small:.2f} (must stay ~1; "
              f"big run {time.perf_counter() - t:.0f}s)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
