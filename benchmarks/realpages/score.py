#!/usr/bin/env python3
"""Score `provenance check` on the real, hand-labelled news pages in this folder.

usage: score.py [--cmd PROVENANCE] [--shared] [--dir DIR]... [--only SUBSTR] [--jobs N] [--verbose]

Each page in DIR/LABELS.tsv (default: this folder) is checked on its own
(`provenance check --format json PAGE`); pages stored as `.html.gz` are unpacked
into a temporary folder first, keeping their name without `.gz`. `--shared` also
scores ../shared/realworld when it sits beside the repository (it does not travel
with the project). Counted per page, from the labels (the same rules as
../shared/realworld/score.py):
  photo-credit   errors/warnings of category photo-credit, one per distinct image:
                 TP = min(reported, uncredited), FP = reported - TP, FN = uncredited - TP
  needs review   `info` findings of rule photo-credit-missing (counted, not scored)
  ai-disclosure  any finding is a false alarm (no labelled page declares or shows AI)
  source-link    a finding on a page labelled is_aggregated_copy=n is a false alarm
  input          an input error is a failure (every page is readable); input warnings
                 are counted and shown, not scored as false alarms
A page with at least one false photo-credit, ai-disclosure or source-link finding is a
"false-alarm page". One line per set (and `all:` when there are several):
  realpages: pages=N failures=F false_alarm_pages=A (x%) credit_P=.. credit_R=.. input_warnings=W needs_review=R
"""
import argparse
import csv
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "realworld"))
UNCREDITED = ("uncredited_visible", "images_without_visible_credit")


def check(cmd, path, tmp):
    if path.endswith(".gz"):
        plain = os.path.join(tmp, os.path.basename(path)[:-3])
        with gzip.open(path, "rb") as src, open(plain, "wb") as dst:
            shutil.copyfileobj(src, dst)
        path = plain
    try:
        p = subprocess.run([cmd, "check", "--format", "json", path], capture_output=True,
                           text=True, timeout=120)
        return p.returncode, json.loads(p.stdout), p.stderr
    except Exception as e:  # a crash, a hang or unreadable output
        return None, None, f"{type(e).__name__}: {e}"
    finally:
        if path.startswith(tmp):
            os.unlink(path)


def score_page(row, rc, rep, err):
    out = {"file": row["file"], "set": row["set"], "why": [], "fail": None,
           "tp": 0, "fp": 0, "fn": 0, "warn": 0, "review": 0, "reported": []}
    if rep is None or rc not in (0, 1, 2):
        out["fail"] = f"exit {rc}: {err.strip()[:200]}"
        return out
    findings = [f for x in rep.get("files", []) for f in x.get("findings", [])]
    if any(f.get("category") == "input" and f.get("severity") == "error" for f in findings):
        out["fail"] = "input error: " + "; ".join(
            f.get("message", "")[:120] for f in findings
            if f.get("category") == "input" and f.get("severity") == "error")
        return out
    out["warn"] = sum(1 for f in findings if f.get("category") == "input")
    out["review"] = sum(1 for f in findings if f.get("severity") == "info"
                        and f.get("rule") == "photo-credit-missing")
    serious = [f for f in findings if f.get("severity") in ("error", "warning")]
    cats = {f.get("category") for f in serious}
    if "ai-disclosure" in cats:
        out["why"].append("ai-disclosure")
    if "source-link" in cats and row.get("is_aggregated_copy") == "n":
        out["why"].append("source-link")
    key = next((k for k in UNCREDITED if k in row), None)
    unc = row.get(key, "?") if key else "?"
    if unc not in ("?", ""):
        imgs = {}
        for f in serious:
            if f.get("category") == "photo-credit":
                loc = f.get("location") or {}
                k = loc.get("element") or loc.get("selector") or json.dumps(loc, sort_keys=True)
                imgs.setdefault(k, f.get("message", ""))
        out["reported"] = sorted(imgs)
        reported, u = len(imgs), int(unc)
        out["tp"] = min(reported, u)
        out["fp"] = reported - out["tp"]
        out["fn"] = u - out["tp"]
        if out["fp"]:
            out["why"].append(f"photo-credit x{out['fp']}")
    return out


def summary(name, res):
    n = len(res) or 1
    tp = sum(r["tp"] for r in res)
    fp = sum(r["fp"] for r in res)
    fn = sum(r["fn"] for r in res)
    fails = sum(1 for r in res if r["fail"])
    alarms = sum(1 for r in res if r["why"])
    p = tp / (tp + fp) if tp + fp else 1.0
    rc = tp / (tp + fn) if tp + fn else 1.0
    return (f"{name}: pages={len(res)} failures={fails} false_alarm_pages={alarms} "
            f"({100.0 * alarms / n:.1f}%) credit_P={p:.2f} credit_R={rc:.2f} "
            f"input_warnings={sum(r['warn'] for r in res)} needs_review={sum(r['review'] for r in res)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cmd", default=shutil.which("provenance") or "provenance")
    ap.add_argument("--dir", action="append", help="a folder with LABELS.tsv (repeatable; default: this folder)")
    ap.add_argument("--shared", action="store_true", help=f"also score {SHARED} when present")
    ap.add_argument("--only", help="score only pages whose file name contains this text")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--verbose", action="store_true", help="also list misses, input warnings and needs-review per page")
    a = ap.parse_args()
    dirs = [("realpages", d) for d in (a.dir or [HERE])]
    if a.shared:
        if os.path.isfile(os.path.join(SHARED, "LABELS.tsv")):
            dirs.append(("realworld", SHARED))
        else:
            print(f"  (no {SHARED}: scoring this folder only)")
    rows = []
    for name, d in dirs:
        with open(os.path.join(d, "LABELS.tsv"), encoding="utf-8") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                if a.only and a.only not in r["file"]:
                    continue
                r["path"] = os.path.join(d, r["file"])
                r["set"] = name
                rows.append(r)
    with tempfile.TemporaryDirectory(prefix="realpages-") as tmp, ThreadPoolExecutor(a.jobs) as pool:
        runs = list(pool.map(lambda r: check(a.cmd, r["path"], tmp), rows))
    res = [score_page(r, *run) for r, run in zip(rows, runs)]
    for r in res:
        if r["fail"]:
            print(f"  failure:     {r['file']}: {r['fail']}")
    for r in res:
        if r["why"]:
            print(f"  false alarm: {r['file']}: {', '.join(r['why'])}"
                  + (f"  [{'; '.join(r['reported'])[:300]}]" if a.verbose and r["reported"] else ""))
    if a.verbose:
        for r in res:
            if r["fn"]:
                print(f"  missed:      {r['file']}: {r['fn']} uncredited image(s) not reported")
            if r["review"]:
                print(f"  review:      {r['file']}: {r['review']} needs-review finding(s)")
            if r["warn"]:
                print(f"  input warn:  {r['file']}: {r['warn']}")
    names = [n for n, _ in dirs]
    for name in dict.fromkeys(names):
        print(summary(name, [r for r in res if r["set"] == name]))
    if len(set(names)) > 1:
        print(summary("all", res))
    return 0 if not any(r["fail"] for r in res) else 1


if __name__ == "__main__":
    sys.exit(main())
