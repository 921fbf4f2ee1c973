"""The rule catalogue proves itself: every built-in rule is valid, documented
with a failing and a passing example, and has a failing and a passing fixture
that the real command line reports (or does not report) as that rule.

Fixtures live in `fixtures/rules/<rule-id>/` (media rules use
`fixtures/media/` directly); `docs.fixtures.args` in the rule file gives the
extra command-line arguments a fixture needs (`--declare`, `--select`, ...).
"""
from __future__ import annotations

import functools
import json
import os

import pytest
import yaml
from conftest import run_cli

from provenance.cli import main
from provenance.ruleset import builtin_rule_files, validate_rule_file

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TODAY = "2026-11-25"
USER = "fixtures/rules/_user"


def _rule_files():
    return [str(p) for p in builtin_rule_files()]


def _raw_rules() -> list[dict]:
    """Rules as written in YAML, so that a rule lacking docs still shows up here."""
    out = []
    for path in _rule_files():
        with open(path, encoding="utf-8") as fh:
            out += (yaml.safe_load(fh) or {}).get("rules") or []
    return out


RULES = _raw_rules()
RULE_IDS = [r["id"] for r in RULES]


def _fixtures(rule: dict) -> dict:
    return (rule.get("docs") or {}).get("fixtures") or {}


def _cli(*args: str):
    return run_cli(args, cwd=ROOT)


@functools.lru_cache(maxsize=None)
def _findings(args: tuple[str, ...]) -> dict[str, list[dict]]:
    """Findings per fixture path for every fixture checked with `args`.

    One CLI run per distinct argument list (not one per fixture) keeps the
    suite fast; files are checked independently, so the result is the same."""
    paths = sorted({os.path.normpath(_fixtures(r)[k]) for r in RULES for k in ("fail", "pass")
                    if tuple(_fixtures(r).get("args") or ()) == args and _fixtures(r).get(k)
                    and os.path.exists(os.path.join(ROOT, _fixtures(r)[k]))})
    run = _cli("check", "--format", "json", "--today", TODAY, *args, *paths)
    assert run.stdout, f"no JSON report for {args}: exit {run.returncode}\n{run.stderr}"
    report = json.loads(run.stdout)
    return {os.path.normpath(f["path"]): f["findings"] for f in report["files"]}


def _of_rule(rule: dict, kind: str) -> list[dict]:
    fx = _fixtures(rule)
    path = fx.get(kind)
    if not path or not os.path.exists(os.path.join(ROOT, path)):
        pytest.fail(f"rule {rule['id']}: {kind} fixture {path!r} does not exist")
    found = _findings(tuple(fx.get("args") or ()))
    assert os.path.normpath(path) in found, f"{path} missing from the report"
    return [f for f in found[os.path.normpath(path)] if f["rule"] == rule["id"]]


# -- the catalogue is valid and documented -------------------------------------

@pytest.mark.parametrize("path", _rule_files(), ids=os.path.basename)
def test_rule_file_validates_against_the_schema(path):
    with open(path, encoding="utf-8") as fh:
        validate_rule_file(yaml.safe_load(fh), path)


def test_rule_ids_are_unique():
    assert len(RULE_IDS) == len(set(RULE_IDS))


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_rule_has_docs_examples_and_fixtures(rule):
    docs = rule.get("docs") or {}
    for key in ("what", "fail_example", "pass_example"):
        assert (docs.get(key) or "").strip(), f"rule {rule['id']} has no docs.{key}"
    fx = _fixtures(rule)
    for kind in ("fail", "pass"):
        assert fx.get(kind), f"rule {rule['id']} has no docs.fixtures.{kind}"
        assert os.path.isfile(os.path.join(ROOT, fx[kind])), \
            f"rule {rule['id']}: {kind} fixture {fx[kind]} does not exist"


# -- the fixtures prove the rule -------------------------------------------------

@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_failing_fixture_is_reported_under_the_rule(rule):
    hits = _of_rule(rule, "fail")
    assert hits, f"rule {rule['id']}: {_fixtures(rule)['fail']} gives no {rule['id']} finding"
    # the finding carries the rule's own severity (info rules: info, never more)
    assert {h["severity"] for h in hits} == {rule["severity"]}, hits
    assert all(h["category"] == rule["category"] for h in hits)


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_passing_fixture_is_not_reported_under_the_rule(rule):
    hits = _of_rule(rule, "pass")
    assert not hits, f"rule {rule['id']}: {_fixtures(rule)['pass']} still gives {hits}"


# -- the catalogue commands ---------------------------------------------------------

@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_explain_prints_the_failing_and_passing_example(rule, capsys):
    assert main(["explain", rule["id"]]) == 0
    out = capsys.readouterr().out
    assert rule["id"] in out.splitlines()[0]
    assert rule["docs"]["fail_example"].strip() in out
    assert rule["docs"]["pass_example"].strip() in out


def test_explain_an_unknown_rule_exits_2_and_suggests():
    run = _cli("explain", "photo-credit-mising")
    assert run.returncode == 2
    assert "photo-credit-missing" in run.stderr


def test_rules_lists_every_rule():
    run = _cli("rules")
    assert run.returncode == 0, run.stderr
    listed = {line.split()[0] for line in run.stdout.splitlines() if line.strip()}
    assert set(RULE_IDS) <= listed
    as_json = _cli("rules", "--format", "json")
    assert [r["id"] for r in json.loads(as_json.stdout)] == RULE_IDS


# -- mistakes in user files -----------------------------------------------------------

def test_user_rule_file_with_a_bad_key_names_file_rule_and_key():
    run = _cli("check", "--config", f"{USER}/rule-files.yaml", "fixtures/rules/ai-notice-missing/pass.txt")
    assert run.returncode == 2
    assert "house-rules.yaml" in run.stderr
    assert "house-symbolbild-label" in run.stderr
    assert "scope" in run.stderr
    assert not run.stdout.strip(), "no report when the rules themselves are broken"


def test_bad_config_key_names_file_and_key():
    run = _cli("check", "--config", f"{USER}/bad-key.yaml", "fixtures/rules/ai-notice-missing/pass.txt")
    assert run.returncode == 2
    assert "bad-key.yaml" in run.stderr
    assert "archive_age" in run.stderr
