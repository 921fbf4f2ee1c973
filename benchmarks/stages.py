"""Where `check` spends its time, stage by stage, in one process (no profiler).

    python benchmarks/stages.py DIR [DIR ...]

Wraps the HTML reader's stages (decode, parse, page metadata, article
region, tree walk, picture roles) and the rule engine with perf_counter
timers, runs `provenance check --jobs 1` over the folders, and prints each
stage's time as a multiple of a bare `lxml.html` parse of the same files
(read from disk) in the same process. A profiler inflates Python code
against C; this does not. For the whole-process ratios of issue #16 use
benchmarks/speed.py.
"""
from __future__ import annotations

import collections
import contextlib
import io
import os
import sys
import time

import lxml.html

import provenance.engine as engine
import provenance.readers.html as html_reader
import provenance.run as run
from provenance.cli import main

TIMES: collections.Counter = collections.Counter()


def wrap(owner, name: str, label: str) -> None:
    fn = getattr(owner, name)

    def timed(*a, **k):
        t = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            TIMES[label] += time.perf_counter() - t

    setattr(owner, name, timed)


def bare(files: list[str], repeat: int = 3) -> float:
    """Best of `repeat` bare parses of every file (the first run also warms
    the page cache): one run alone moves by ±30 % on a shared machine."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for f in files:
            with open(f, "rb") as fh:
                data = fh.read()
            try:
                lxml.html.document_fromstring(data)
            except Exception:
                pass
        best = min(best, time.perf_counter() - t)
    return best


def run_check(paths: list[str]) -> float:
    t = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            main(["check", "--jobs", "1", "--quiet", *paths])
        except SystemExit:
            pass
    return time.perf_counter() - t


def stages(paths: list[str]) -> None:
    wrap(html_reader, "_utf8_payload", "decode")
    wrap(html_reader, "_parse", "parse")
    wrap(html_reader._Page, "__init__", "page")
    wrap(html_reader._Page, "apply_metadata", "page metadata")
    wrap(html_reader._Page, "scope", "article region")
    wrap(html_reader._Page, "finish", "page finish")
    wrap(html_reader._Walker, "run", "tree walk")
    wrap(html_reader.roles, "assign", "picture roles")
    wrap(engine, "check_article", "signals + rules")
    wrap(run.Runner, "check_path", "check_path (all)")
    files = [os.path.join(d, f) for p in paths for d, _, fs in os.walk(p) for f in fs]
    base = bare(files)
    total = run_check(paths)
    print(f"files {len(files)}: bare lxml parse {base:.3f}s; check {total:.3f}s = {total / base:.2f}x")
    for label, seconds in TIMES.most_common():
        print(f"  {label:18s} {seconds:.3f}s  {seconds / base:.2f}x the bare parse")


if __name__ == "__main__":
    stages(sys.argv[1:] or [os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                         "fixtures")])
