"""CI-facing options end to end: suppressions, baselines, --changed-since,
config overrides and `config --show`."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "fixtures" / "seed-article.txt").read_text(encoding="utf-8")
CREDIT = " Kirsty Wigglesworth/Pool AP/dpa"
FIGURE = ("<html><body><article><h1>Hafen</h1><p>Der Hafen wächst.</p>{c}"
          "<figure><img src='https://x.test/hafen.jpg'><figcaption>Der Hafen am Abend.</figcaption>"
          "</figure></article></body></html>")


def run(*args, cwd):
    return run_cli(args, cwd=cwd)


def rules_of(p):
    rep = json.loads(p.stdout)
    return sorted(f["rule"] for file in rep["files"] for f in file["findings"])


def test_suppression_with_reason(tmp_path):
    (tmp_path / "a.html").write_text(FIGURE.format(
        c='<!-- provenance: ignore[photo-credit-missing] reason="agency handout" -->'))
    p = run("check", "--format", "json", "a.html", cwd=tmp_path)
    assert p.returncode == 0 and rules_of(p) == []


def test_suppression_without_reason_or_unknown_rule(tmp_path):
    (tmp_path / "a.html").write_text(FIGURE.format(c="<!-- provenance: ignore[photo-credit-missing] -->"))
    p = run("check", "--format", "json", "a.html", cwd=tmp_path)
    assert rules_of(p) == ["input-suppression", "photo-credit-missing"]
    (tmp_path / "b.html").write_text(FIGURE.format(c='<!-- provenance: ignore[no-such-rule] reason="x" -->'))
    p = run("check", "--format", "json", "b.html", cwd=tmp_path)
    assert "input-suppression" in rules_of(p)
    assert "no-such-rule" in p.stdout


def test_unused_suppression_reported_on_request(tmp_path):
    (tmp_path / "a.txt").write_text(SEED + '\nprovenance: ignore[ai-notice-missing] reason="legacy"\n')
    p = run("check", "--format", "json", "a.txt", cwd=tmp_path)
    assert [r for r in rules_of(p) if r != "source-link-missing"] == []
    p = run("check", "--format", "json", "--report-unused-suppressions", "a.txt", cwd=tmp_path)
    assert "input-suppression" in rules_of(p) and "unused" in p.stdout


def test_front_matter_suppression(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: Hafen\nprovenance-ignore:\n  - {rule: photo-credit-missing, reason: handout}\n---\n\n"
        "# Hafen\n\n![Hafen](https://x.test/h.jpg)\n\n*Der Hafen am Abend.*\n")
    p = run("check", "--format", "json", "a.md", cwd=tmp_path)
    assert rules_of(p) == []


def test_baseline_hides_known_findings_only(tmp_path):
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(SEED.replace(CREDIT, ""))
    p = run("check", "--write-baseline", "base.json", ".", cwd=tmp_path)
    # 3 errors + 3 infos recorded; writing a baseline is an adoption step: exit 0
    assert p.returncode == 0 and "wrote 6" in p.stderr
    # a line shift does not make an old finding new
    (tmp_path / "a0.txt").write_text("\n\n" + SEED.replace(CREDIT, ""))
    (tmp_path / "a1.txt").write_text(SEED)            # fixed
    (tmp_path / "new.txt").write_text(SEED.replace(CREDIT, ""))
    p = run("check", "--format", "json", "--baseline", "base.json", ".", cwd=tmp_path)
    rep = json.loads(p.stdout)
    assert p.returncode == 1
    failing = [f["path"] for f in rep["files"] if any(x["severity"] == "error" for x in f["findings"])]
    assert failing == ["new.txt"]
    # a0 and a2: error + info each, a1: its info; a1's error is fixed
    assert rep["baseline"]["baselined"] == 5 and rep["baseline"]["fixed"] == 1
    p = run("check", "--baseline", "base.json", ".", cwd=tmp_path)
    assert "baseline" in p.stdout.splitlines()[-1] or "baseline" in p.stdout


def test_changed_since(tmp_path):
    def git(*a):
        subprocess.run(["git", *a], cwd=tmp_path, check=True, capture_output=True)
    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "t")
    (tmp_path / "old.txt").write_text(SEED.replace(CREDIT, ""))
    git("add", ".")
    git("commit", "-qm", "old")
    (tmp_path / "new.txt").write_text(SEED.replace(CREDIT, ""))
    p = run("check", "--format", "json", "--changed-since", "HEAD", ".", cwd=tmp_path)
    assert [f["path"] for f in json.loads(p.stdout)["files"]] == ["new.txt"]
    p = run("check", "--changed-since", "no-such-ref", ".", cwd=tmp_path)
    assert p.returncode == 2 and "no-such-ref" in p.stderr


def test_overrides_and_config_show(tmp_path):
    (tmp_path / ".provenance.yaml").write_text(
        "extends: strict\nrules:\n  photo-credit-missing: {severity: warning}\n"
        "overrides:\n  - files: ['archive/**']\n    rules: {photo-credit-missing: off}\n")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "a.txt").write_text(SEED.replace(CREDIT, ""))
    (tmp_path / "b.txt").write_text(SEED.replace(CREDIT, ""))
    p = run("check", "--format", "json", ".", cwd=tmp_path)
    rep = json.loads(p.stdout)
    sev = {f["path"]: [x["severity"] for x in f["findings"] if x["category"] == "photo-credit"]
           for f in rep["files"]}
    assert sev == {"archive/a.txt": [], "b.txt": ["warning"]}
    assert p.returncode == 0
    p = run("config", "--show", "archive/a.txt", cwd=tmp_path)
    shown = json.loads(p.stdout)
    assert shown["rules"]["photo-credit-missing"] is False
    assert shown["policy"]["notice_for"] == ["generated", "assisted"]
    assert shown["origins"]["policy.notice_for"].endswith("strict.yaml")
