"""How many real AI notices and AI-image labels the checker recognises.

Each sentence of a NOTICES.tsv file (columns lang, kind, clarity, sentence,
source, and optionally context: the real sentence(s) that precede it in the
source) is put into a small article, after its context in the same paragraph,
and checked with the real CLI:

- `text-notice`: plain-text article declared `--declare ai=generated`; the
  notice is recognised when no `ai-notice-missing` is reported;
- `negative`: the same article; it must still get `ai-notice-missing`;
- `image-label`: an HTML article whose figure shows an AI-generated picture
  (C2PA + XMP, fixtures/media/ai-generated.jpg) captioned with the label; the
  label is recognised when no `ai-image` finding about a missing AI label is
  reported.

Usage: python benchmarks/notices.py [TSV ...] [--misses]
Default files: ../shared/realnotices/NOTICES.tsv (when present) and the
project's own fixtures/notices/NOTICES.tsv. Prints one line per file and
kind/clarity: recognised / total. A text notice recognised only because its
context is already a notice by itself is counted, and the count of such
rows is printed ("context alone a notice"), so that figure shows how much
the sentences themselves carry.
"""
from __future__ import annotations

import argparse
import csv
import html
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AI_PICTURE = ROOT / "fixtures" / "media" / "ai-generated.jpg"


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def paragraph(row: dict) -> str:
    """The row's sentence after its context (the real sentences before it), as one paragraph."""
    context = (row.get("context") or "").strip()
    return f"{context} {row['sentence']}" if context else row["sentence"]


def text_article(sentence: str) -> str:
    return f"Stadtrat beschließt neuen Haushalt\n\nDer Stadtrat hat am Montag den Haushalt beschlossen.\n\n{sentence}\n"


def image_article(label: str) -> str:
    return ("<html><head><title>T</title></head><body><article><h1>Stadtrat</h1>"
            "<p>Der Stadtrat hat am Montag den Haushalt beschlossen.</p>"
            f"<figure><img src='ai.jpg' width='800' height='500'><figcaption>{html.escape(label)}"
            "</figcaption></figure></article></body></html>")


def run(rows: list[dict], cmd: list[str]) -> list[bool]:
    """For each row: did the checker do the right thing with it?"""
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        shutil.copy(AI_PICTURE, d / "ai.jpg")
        names = []
        for n, row in enumerate(rows):
            if row["kind"] == "image-label":
                name = f"a{n:04d}.html"
                (d / name).write_text(image_article(paragraph(row)), encoding="utf-8")
            else:
                name = f"a{n:04d}.txt"
                (d / name).write_text(text_article(paragraph(row)), encoding="utf-8")
            names.append(name)
        p = subprocess.run([*cmd, "check", "--format", "json", "--declare", "ai=generated",
                            "--select", "ai-disclosure,ai-image,manifest", "--fail-on", "never", *names],
                           capture_output=True, text=True, cwd=d, timeout=600)
        rep = json.loads(p.stdout)
    by_name = {Path(f["path"]).name: f for f in rep["files"]}
    out = []
    for name, row in zip(names, rows):
        rules = {f["rule"] for f in by_name[name]["findings"]}
        if row["kind"] == "image-label":
            out.append(not any(r.startswith("ai-image") for r in rules) and "ai-image-photo-label" not in rules)
        elif row["kind"] == "negative":
            out.append("ai-notice-missing" in rules)
        else:
            out.append("ai-notice-missing" not in rules)
    return out


def report(path: Path, cmd: list[str], misses: bool) -> None:
    rows = [r for r in read_tsv(path) if r.get("sentence")]
    if not rows:
        print(f"{path}: no sentences")
        return
    ok = run(rows, cmd)
    # text notices whose context alone is already a notice
    with_context = [r for r in rows if r["kind"] == "text-notice" and (r.get("context") or "").strip()]
    alone = run([{**r, "sentence": r["context"], "context": ""} for r in with_context], cmd) if with_context else []
    counts: dict = defaultdict(lambda: [0, 0])
    for row, good in zip(rows, ok):
        key = (row["kind"], row["clarity"] if row["kind"] != "negative" else "-")
        counts[key][0] += good
        counts[key][1] += 1
    print(f"{path}:")
    for (kind, clarity), (good, total) in sorted(counts.items()):
        what = "kept negative" if kind == "negative" else "recognised"
        print(f"  {kind:12} {clarity:9} {good:3}/{total:<3} {what}")
    if with_context:
        print(f"  text notices with context: {len(with_context)}, context alone a notice: {sum(alone)}")
    if misses:
        for row, good in zip(rows, ok):
            if not good:
                print(f"    MISS {row['lang']} {row['kind']} {row['clarity']}: {row['sentence']}")
        for row, a in zip(with_context, alone):
            if a:
                print(f"    CONTEXT ALONE A NOTICE {row['lang']}: {row['context']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--misses", action="store_true", help="list the sentences handled wrongly")
    ap.add_argument("--cmd", default=None, help="provenance command (default: this Python's module)")
    a = ap.parse_args()
    cmd = a.cmd.split() if a.cmd else [sys.executable, "-m", "provenance"]
    files = [Path(f) for f in a.files]
    if not files:
        shared = ROOT.parent / "shared" / "realnotices" / "NOTICES.tsv"
        files = [f for f in (shared, ROOT / "fixtures" / "notices" / "NOTICES.tsv") if f.is_file()]
    for f in files:
        report(f, cmd, a.misses)


if __name__ == "__main__":
    main()
