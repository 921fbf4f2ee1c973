"""The JSON Schema of `.provenance.yaml`: shipped in the package, used by the
config loader itself (one line naming file and key, exit 2), written into new
configs for editors (`provenance init`)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from provenance import project_url
from provenance.config import schema_path

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "fixtures" / "seed-article.txt").read_text(encoding="utf-8")


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "provenance", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_schema_ships_inside_the_package_and_is_valid():
    assert schema_path().parent.parent.name == "provenance" and schema_path().is_file()
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    # the presets users extend are valid configs
    for preset in (ROOT / "rules" / "presets").glob("*.yaml"):
        jsonschema.validate(yaml.safe_load(preset.read_text(encoding="utf-8")), schema)


@pytest.mark.parametrize("config,key", [
    ("extends: 1\n", "'extends'"),
    ('archive_age_days: "x"\n', "'archive_age_days'"),
    ("extends: [strict, 2]\n", "'extends.1'"),
    ("rulez: {}\n", "'rulez'"),
    ("rules:\n  photo-credit-missing: {severity: loud}\n", "'rules.photo-credit-missing.severity'"),
    ("policy:\n  notice_position: middle\n", "'policy.notice_position'"),
    ("declare:\n  paths:\n    'wire/**': {ai: maybe}\n", "'declare.paths.wire/**.ai'"),
    ("overrides:\n  - rules: {photo-credit-missing: off}\n", "'overrides.0'"),
    ("max_file_size: lots\n", "'max_file_size'"),
])
def test_wrongly_typed_config_is_one_line_naming_file_and_key(tmp_path, config, key):
    (tmp_path / ".provenance.yaml").write_text(config, encoding="utf-8")
    (tmp_path / "a.txt").write_text(SEED, encoding="utf-8")
    p = run("check", "a.txt", cwd=tmp_path)
    assert p.returncode == 2, p.stdout + p.stderr
    assert "Traceback" not in p.stderr
    [line] = p.stderr.strip().splitlines()
    assert ".provenance.yaml" in line and f"key {key}" in line or f"unknown key {key}" in line, line


def test_init_writes_the_schema_line_for_editors(tmp_path):
    p = run("init", cwd=tmp_path)
    assert p.returncode == 0
    text = (tmp_path / ".provenance.yaml").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    url = first.split("$schema=", 1)[1]
    repository = project_url("Repository")
    assert url.startswith(repository + "/raw/main/")
    assert (ROOT / url[len(repository + "/raw/main/"):]).resolve() == schema_path()
    # what init writes is itself valid, and the checker accepts it
    jsonschema.validate(yaml.safe_load(text) or {}, json.loads(schema_path().read_text(encoding="utf-8")))
    (tmp_path / "a.txt").write_text(SEED, encoding="utf-8")
    assert run("check", "a.txt", cwd=tmp_path).returncode == 0
