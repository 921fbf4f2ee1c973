"""A new policy needs YAML, not Python: house rules with the text-pattern
check, and a runaway user regex that is refused without stopping the run."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "fixtures" / "seed-article.txt").read_text(encoding="utf-8")
RULES = """\
rules:
  - id: house-no-placeholder
    category: ai-disclosure
    severity: error
    summary: No 'lorem ipsum' left in published text
    check: text-pattern
    params: {pattern: "lorem\\\\s+ipsum", must: not-appear}
    message: "placeholder text left in the article"
    fix: "Remove the placeholder"
    docs: {what: "Placeholder text must not be published.", fail_example: "Lorem ipsum", pass_example: "Text"}
  - id: house-ai-label-in-german
    category: ai-disclosure
    severity: warning
    summary: German AI articles say 'KI' in the notice
    check: text-pattern
    params: {phrases: ["mit KI erstellt", "Künstlicher Intelligenz"], when: {ai: [generated]}}
    message: "the AI notice does not use the house wording"
    docs: {what: "House wording.", fail_example: "x", pass_example: "y"}
"""
EVIL = """\
  - id: house-runaway
    category: input
    severity: error
    summary: A regex that backtracks catastrophically
    check: text-pattern
    params: {pattern: "(?>(a+)+$)"}
    message: "x"
    docs: {what: "x", fail_example: "x", pass_example: "y"}
"""


def run(tmp_path, *args):
    p = run_cli(["check", "--format", "json", *args], cwd=tmp_path)
    return p.returncode, json.loads(p.stdout)


def test_house_rules_from_yaml(tmp_path):
    (tmp_path / "house.yaml").write_text(RULES)
    (tmp_path / ".provenance.yaml").write_text("rule_files: [house.yaml]\n")
    (tmp_path / "ok.txt").write_text(SEED)
    (tmp_path / "bad.txt").write_text(SEED.replace("Putin-Treffen ohne Durchbruch", "Lorem  ipsum dolor"))
    code, rep = run(tmp_path, "--declare", "ai=generated", "ok.txt", "bad.txt")
    by = {f["path"]: sorted(x["rule"] for x in f["findings"] if x["severity"] != "info") for f in rep["files"]}
    assert by == {"ok.txt": [], "bad.txt": ["house-no-placeholder"]}
    assert code == 1


def test_runaway_regex_is_an_input_error_and_the_rest_still_runs(tmp_path):
    (tmp_path / "house.yaml").write_text(RULES + EVIL)
    (tmp_path / ".provenance.yaml").write_text("rule_files: [house.yaml]\n")
    (tmp_path / "a.txt").write_text("Titel\n\n" + "a" * 100_000 + "b\n")
    (tmp_path / "seed.txt").write_text(SEED)
    code, rep = run(tmp_path, "a.txt", "seed.txt")
    assert code == 2
    by = {f["path"]: f for f in rep["files"]}
    assert by["seed.txt"]["status"] == "pass" and by["a.txt"]["status"] == "pass"
    bad = by["house.yaml"]
    assert bad["status"] == "error"
    msg = bad["findings"][0]["message"]
    assert "house-runaway" in msg and "RE2 cannot express" in msg and "house.yaml" in msg
