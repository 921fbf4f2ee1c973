"""The typed checks (provenance/checks/): each documented in fixed sections,
its parameters and the policy keys it reads described by a schema with
defaults, and every mistake in a rule file or a `policy:` block refused with
one line naming the file, the rule and the key (exit 2)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import run_cli

from provenance.checks import CHECKS, FAMILIES, policy_schema, schema_error
from provenance.ruleset import load_rules

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "fixtures" / "seed-article.txt").read_text(encoding="utf-8")
SECTIONS = ("What it does", "Why", "Parameters", "Example")


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_every_check_is_documented_in_sections(name):
    doc = CHECKS[name].doc
    for section in SECTIONS:
        assert f"\n{section}\n" in f"\n{doc}\n", f"check '{name}' has no '{section}' section"
    for field in CHECKS[name].fields:
        assert "{" + field + "}" in doc, f"check '{name}' fills {{{field}}} but does not say so"


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_parameter_schemas_are_typed_and_defaults_fit(name):
    check = CHECKS[name]
    for where, props in (("params", check.params), ("policy", check.policy)):
        for key, schema in props.items():
            assert "type" in schema or "enum" in schema, f"{name} {where}.{key} has no type"
            if "default" in schema:
                assert schema_error(schema, schema["default"], key) is None


def test_every_family_module_is_registered():
    modules = {p.stem for p in (ROOT / "provenance" / "checks").glob("*.py")} - {"__init__", "context", "schema"}
    assert modules == {f.__name__.rsplit(".", 1)[1] for f in FAMILIES}


def test_two_checks_reading_one_policy_key_agree_on_it():
    seen: dict = {}
    for check in CHECKS.values():
        for key, schema in check.policy.items():
            assert seen.setdefault(key, schema) == schema, key


def test_builtin_rules_get_their_parameter_defaults():
    rules = {r.id: r for r in load_rules()}
    assert rules["photo-credit-missing"].params["want"] == "missing"
    assert rules["photo-credit-metadata-only"].params["want"] == "metadata-only"


def test_the_engine_knows_no_check_by_name():
    tree = ast.parse((ROOT / "provenance" / "engine.py").read_text(encoding="utf-8"))
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    assert not strings & set(CHECKS)


def test_explain_prints_the_check_documentation(cli):
    out = cli(["explain", "archive-image-unlabelled"]).stdout
    assert "## How the check works: `archive-label`" in out
    for section in SECTIONS:
        assert f"### {section}" in out
    assert "archive_age_days" in out


RULE = """\
rules:
  - id: house-rule
    category: ai-disclosure
    severity: error
    summary: A house rule for the tests
    check: {check}
    params: {params}
    message: "{message}"
    docs: {{what: "x", fail_example: "x", pass_example: "y"}}
"""


@pytest.mark.parametrize("check, params, message, key, words", [
    ("text-pattern", "{phrases: [KI], scope: bodyy}", "x", "params/scope", "'bodyy' is not one of body"),
    ("image-credit", "{want: mising}", "image {image}", "params/want", "'mising' is not one of missing"),
    ("text-pattern", "{phrases: [KI], must: apear}", "x", "params/must", "not one of appear"),
    ("text-pattern", "{phrase: [KI]}", "x", "params/phrase", "did you mean 'phrases'"),
    ("text-pattern", "{phrases: KI}", "x", "params/phrases", "is not a list"),
    ("text-pattern", "{phrases: [KI], when: {lang: [de]}}", "x", "params/when/lang", "unknown"),
    ("image-credit", "{}", "image {img}", "message", "unknown placeholder '{img}'"),
    ("reader-problem", "{codes: [input-x]}", "{problem} {image}", "message", "unknown placeholder '{image}'"),
])
def test_a_bad_rule_parameter_is_one_line_exit_2(tmp_path, check, params, message, key, words):
    (tmp_path / "house.yaml").write_text(RULE.format(check=check, params=params, message=message))
    (tmp_path / ".provenance.yaml").write_text("rule_files: [house.yaml]\n")
    (tmp_path / "a.txt").write_text(SEED, encoding="utf-8")
    done = run_cli(["check", "a.txt"], cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "house.yaml" in lines[0] and "rule 'house-rule'" in lines[0] and f"key '{key}'" in lines[0]
    assert words in lines[0]


@pytest.mark.parametrize("policy, words", [
    ("notice_for: [generatd]", "key 'policy.notice_for.0': 'generatd': expected one of generated, assisted"),
    ("notice_fro: [generated]", "unknown key 'policy.notice_fro'"),
    ("notice_position: middle", "key 'policy.notice_position': 'middle': expected one of anywhere, top, bottom"),
    ("archive_age_days: -3", "key 'policy.archive_age_days': -3: expected at least 0"),
    ("reviewed_exempt: 'yes'", "key 'policy.reviewed_exempt'"),
])
def test_a_bad_policy_key_is_one_line_exit_2(tmp_path, policy, words):
    (tmp_path / ".provenance.yaml").write_text(f"policy:\n  {policy}\n")
    (tmp_path / "a.txt").write_text(SEED, encoding="utf-8")
    done = run_cli(["check", "a.txt"], cwd=tmp_path, env={"PROVENANCE_CACHE_DIR": str(tmp_path / "cache")})
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert ".provenance.yaml:2" in lines[0] and words in lines[0]


def test_the_config_schema_knows_exactly_the_policy_keys_the_checks_read():
    """The config's JSON Schema (provenance/schemas/config.schema.json, also
    used by editors) and the checks' own fragments must say the same."""
    import json
    schema = json.loads((ROOT / "provenance" / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
    in_config = schema["properties"]["policy"]["properties"]
    from_checks = policy_schema()
    assert set(in_config) == set(from_checks)
    shape = ("type", "enum", "items", "minimum")
    for key, fragment in from_checks.items():
        assert {k: fragment[k] for k in shape if k in fragment} == \
            {k: in_config[key][k] for k in shape if k in in_config[key]}, key


def test_every_policy_key_in_the_presets_is_known():
    import yaml
    known = policy_schema()
    for preset in (ROOT / "rules" / "presets").glob("*.yaml"):
        for key in (yaml.safe_load(preset.read_text(encoding="utf-8")).get("policy") or {}):
            assert key in known, f"{preset.name}: policy key '{key}' is read by no check"
