"""Exam-style cases: small realistic articles, each with the categories that
must and must not be reported (tests/exam/<case>/case.yaml, the layout of
the public conformance suite).

Every case runs the real CLI (`provenance check --format json <args> <input>`)
in a temporary copy of its folder, with the `media:` files copied in from
fixtures/media. A category counts as reported when one of its findings has
severity error or warning (info never counts), as in the conformance runner.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAM = ROOT / "tests" / "exam"
MEDIA = ROOT / "fixtures" / "media"
CATEGORIES = ("ai-disclosure", "ai-image", "photo-credit", "archive-label", "source-link", "manifest", "input")
CASES = sorted(p.name for p in EXAM.iterdir() if (p / "case.yaml").is_file())


def load(name: str) -> dict:
    data = yaml.safe_load((EXAM / name / "case.yaml").read_text(encoding="utf-8"))
    for key in ("args", "media", "expect", "forbid"):
        data[key] = list(data.get(key) or [])
    return data


def run(name: str) -> dict:
    """Run one case; returns {reported, rc, report, stderr}."""
    case = load(name)
    with tempfile.TemporaryDirectory(prefix="exam-") as tmp:
        work = Path(tmp) / name
        shutil.copytree(EXAM / name, work, ignore=shutil.ignore_patterns("case.yaml"))
        for media in case["media"]:
            shutil.copy2(MEDIA / media, work / media)
        args = [a.replace("{media}", str(MEDIA)).replace("{case}", str(work)) for a in case["args"]]
        proc = subprocess.run([sys.executable, "-m", "provenance", "check", "--format", "json", *args, case["input"]],
                              cwd=work, capture_output=True, text=True, timeout=60,
                              env=dict(os.environ, NO_COLOR="1"), stdin=subprocess.DEVNULL)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        report = {}
    reported = {f["category"] for entry in report.get("files", []) for f in entry["findings"]
                if f["severity"] in ("error", "warning")}
    return {"reported": reported, "rc": proc.returncode, "report": report, "stderr": proc.stderr[-2000:]}


@pytest.fixture(scope="module")
def outcomes():
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(zip(CASES, pool.map(run, CASES)))


def test_cases_are_well_formed():
    assert len(CASES) >= 80
    for name in CASES:
        case = load(name)
        assert case["why"], name
        assert set(case["expect"]) | set(case["forbid"]) <= set(CATEGORIES), name
        assert not set(case["expect"]) & set(case["forbid"]), name
        assert (EXAM / name / case["input"]).exists() or case["input"] in case["media"], name


@pytest.mark.parametrize("name", CASES)
def test_exam_case(name, outcomes):
    case, out = load(name), outcomes[name]
    assert out["rc"] in (0, 1, 2) and out["report"], out["stderr"]
    findings = [(f["severity"], f["rule"], f["message"]) for e in out["report"]["files"] for f in e["findings"]]
    missing = [c for c in case["expect"] if c not in out["reported"]]
    unexpected = [c for c in case["forbid"] if c in out["reported"]]
    assert not missing and not unexpected, f"{case['why']}\nmissing {missing}, unexpected {unexpected}\n{findings}"
    has_error = any(f[0] == "error" for f in findings)
    assert out["rc"] == 2 or out["rc"] == int(has_error), "exit code contradicts the findings"
