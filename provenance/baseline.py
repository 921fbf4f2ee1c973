"""Baselines: adopt provenance on an existing archive without fixing it first.

``write_baseline`` records every current finding; ``apply_baseline`` hides
the findings a baseline lists, so CI fails only on new problems. Findings are
matched by `Finding.fingerprint` — rule + path + normalised evidence (+ the
image) — not by line, so edits that move a problem up or down the article do
not resurrect it. Run provenance from the same directory both times: the
path is part of the fingerprint.

Matching counts: if a file has the same problem twice, the baseline needs two
entries for both to be hidden (a third copy added later is reported).

The file is sorted, stable JSON so that it diffs well in review::

    {
      "tool": "provenance",
      "version": 1,
      "findings": [
        {"fingerprint": "…", "rule": "photo-credit-missing",
         "path": "articles/a.html", "message": "Image has no visible credit"}
      ]
    }

``rule``, ``path`` and ``message`` are for people reading the file; only
``fingerprint`` is used for matching.

Files that could not be checked (status ``error``: unreadable, unparseable)
are never baselined: a baseline accepts known problems in articles, it must
not hide that an article went unchecked (exit code 2). Fix such a file or
``exclude`` it in the config.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .result import Report

FORMAT_VERSION = 1
_BLOCKING = ("error", "warning")


def write_baseline(report: Report, path: str) -> int:
    """Write every finding of `report` to the baseline file `path`; return how many.

    The file is replaced atomically (written next to it, then renamed), so an
    interrupted run never leaves half a baseline behind. A file that could
    not be read this time keeps the entries the existing baseline has for it.
    """
    unreadable = {f.path for f in report.files if f.status == "error"}
    kept = []
    if unreadable and os.path.isfile(path):
        try:
            kept = [e for e in json.loads(open(path, encoding="utf-8").read()).get("findings", [])
                    if isinstance(e, dict) and e.get("path") in unreadable]
        except (OSError, ValueError, AttributeError):
            kept = []
    entries = sorted(
        [{"fingerprint": finding.fingerprint(f.path), "rule": finding.rule, "path": f.path,
          "message": finding.message}
         for f in report.files if f.status != "error" for finding in f.findings] + kept,
        key=lambda e: (str(e.get("path")), str(e.get("rule")), str(e.get("fingerprint")), str(e.get("message"))))
    text = json.dumps({"tool": "provenance", "version": FORMAT_VERSION, "findings": entries},
                      ensure_ascii=False, indent=2) + "\n"
    from .output import atomic, clean
    with atomic(path) as out:
        out.write(clean(text))
    return len(entries)


def read_baseline(path: str) -> Counter:
    """The fingerprints a baseline file lists, with their counts.

    Raises ValueError (naming the file) when it is missing, unreadable or not
    a provenance baseline.
    """
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise ValueError(f"baseline {path}: file not found "
                         "(create it with --write-baseline)") from None
    except OSError as e:
        raise ValueError(f"baseline {path}: cannot read: {e.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ValueError(f"baseline {path}: not valid JSON ({e}); "
                         "regenerate it with --write-baseline") from None
    if not isinstance(data, dict) or data.get("tool") != "provenance":
        raise ValueError(f"baseline {path}: not a provenance baseline (no \"tool\": \"provenance\")")
    if data.get("version") != FORMAT_VERSION:
        raise ValueError(f"baseline {path}: unsupported baseline version {data.get('version')!r} "
                         f"(expected {FORMAT_VERSION})")
    findings = data.get("findings")
    if not isinstance(findings, list) or not all(
            isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in findings):
        raise ValueError(f"baseline {path}: \"findings\" must be a list of entries "
                         "with a \"fingerprint\" string")
    return Counter(e["fingerprint"] for e in findings)


def apply_baseline(report: Report, path: str) -> dict:
    """Remove the findings the baseline at `path` lists from `report` (in place).

    Each file's status is recomputed: ``fail`` when an error or warning
    remains, else ``pass``; files that could not be checked are left alone.
    A rule left without findings moves from ``failed`` to ``passed``, one left
    with only ``info`` findings to ``incomplete``.

    Returns ``{"baselined": n, "fixed": m}`` — findings hidden, and baseline
    entries that matched nothing (problems fixed since; regenerate the
    baseline to drop them) — and stores it as ``report.extra["baseline"]``.
    """
    remaining = read_baseline(path)
    baselined = 0
    for f in report.files:
        if f.status == "error":
            continue
        kept = []
        for finding in f.findings:
            fp = finding.fingerprint(f.path)
            if remaining[fp] > 0:
                remaining[fp] -= 1
                baselined += 1
            else:
                kept.append(finding)
        if len(kept) == len(f.findings):
            continue
        f.findings = kept
        _update_rules(f)
        if f.status != "error":
            f.status = "fail" if any(x.severity in _BLOCKING for x in kept) else "pass"
    stats = {"baselined": baselined, "fixed": sum(remaining.values())}
    report.extra["baseline"] = stats
    return stats


def _update_rules(f) -> None:
    failed = f.rules.get("failed")
    if not failed:
        return
    severities: dict[str, set] = {}
    for x in f.findings:
        severities.setdefault(x.rule, set()).add(x.severity)
    for rule in list(failed):
        left = severities.get(rule, set())
        if left & set(_BLOCKING):
            continue
        failed.remove(rule)
        f.rules.setdefault("incomplete" if left else "passed", []).append(rule)
