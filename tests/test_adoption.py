"""What a newsroom engineer meets first: the package name, one version, the
addresses in snippets, selectors that catch typos, one-line CLI errors."""
from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "seed-article.txt"


def pyproject() -> dict:
    import tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def run(*args, cwd=ROOT, env=None):
    return subprocess.run([sys.executable, "-m", "provenance", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=180, env=env)


# -- 1. a distribution name that is free, one version, one repository URL ----------------
def test_distribution_name_and_one_version_everywhere(tmp_path):
    project = pyproject()["project"]
    # `provenance` on the package index is an unrelated caching library
    assert project["name"] == "provenance-check"
    version = project["version"]
    from importlib.metadata import version as installed
    assert installed("provenance-check") == version
    assert run("--version").stdout.strip() == f"provenance {version}"
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    report = json.loads(run("check", "--format", "json", "a.txt", cwd=tmp_path).stdout)
    assert report["tool"]["version"] == version
    sarif = json.loads(run("check", "--format", "sarif", "a.txt", cwd=tmp_path).stdout)
    assert sarif["runs"][0]["tool"]["driver"]["version"] == version
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(version)}\b", changelog, re.M)


USER_FACING = ["README.md", "CHANGELOG.md", ".pre-commit-hooks.yaml", "docs/**/*.md", "provenance/**/*.py"]


def _user_facing_files():
    for pattern in USER_FACING:
        yield from ROOT.glob(pattern)


def test_snippets_install_the_real_name_and_point_at_the_one_repository():
    repository = pyproject()["project"]["urls"]["Repository"]
    installs, urls = [], []
    for path in _user_facing_files():
        text = path.read_text(encoding="utf-8")
        installs += [(path, m) for m in re.findall(r"pip install\s+([^\s`]+)", text)]
        urls += [(path, m) for m in re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", text)]
    wrong = [(str(p), m) for p, m in installs
             if not m.startswith(("-", ".", "'.", '"provenance-check', "provenance-check"))]
    assert not wrong, "pip install of a name other than provenance-check"
    assert installs, "no install snippet found"
    # GitHub addresses of this project come from [project.urls]; actions and
    # other projects' repositories are named as what they are
    ours = [(str(p), u) for p, u in urls if "provenance" in u.split("/")[-1]]
    assert ours and all(u == repository for _, u in ours), ours
    assert not any("provenance-dev" in u for _, u in urls)


# -- 3. selectors -------------------------------------------------------------------------
@pytest.mark.parametrize("flag,value,near", [
    ("--select", "photo-credit-mising", "photo-credit-missing"),
    ("--ignore", "ai-disclosur", "ai-disclosure"),
    ("--select", "photo-credit-missing,sourcelink*", None),
])
def test_unknown_selector_is_a_usage_error_with_did_you_mean(tmp_path, flag, value, near):
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    p = run("check", "a.txt", flag, value, cwd=tmp_path)
    assert p.returncode == 2, p.stdout + p.stderr
    assert len(p.stderr.strip().splitlines()) == 1
    assert "unknown rule id, category or prefix" in p.stderr
    if near:
        assert f"did you mean {near}" in p.stderr
    assert p.stdout == ""


def test_known_selectors_prefixes_and_house_rules_are_accepted(tmp_path):
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    house = (ROOT / "fixtures/rules/_user/house-rules.yaml").read_text(encoding="utf-8")
    (tmp_path / "house.yaml").write_text(house.replace("    scope: caption\n", ""), encoding="utf-8")
    (tmp_path / ".provenance.yaml").write_text("rule_files: [house.yaml]\n", encoding="utf-8")
    for value in ("photo-credit-missing", "photo-credit", "photo*", "input", "house-symbolbild-label"):
        p = run("check", "a.txt", "--select", value, cwd=tmp_path)
        assert p.returncode in (0, 1), (value, p.stderr)


# -- 9. every CLI error is one line and exit 2 ------------------------------------------
def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _one_line_error(p):
    assert p.returncode == 2, p.stdout + p.stderr
    assert "Traceback" not in p.stderr, p.stderr
    lines = [x for x in p.stderr.splitlines() if x.startswith("provenance: ")]
    assert lines, p.stderr
    return lines


@pytest.mark.parametrize("address", ["nonsense", "tcp://127.0.0.1:{port}"])
def test_bad_dask_scheduler_is_one_line(tmp_path, address):
    pytest.importorskip("distributed")
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    p = run("audit", "a.txt", "--no-cache", "--engine", "dask",
            "--scheduler", address.format(port=_closed_port()), cwd=tmp_path)
    lines = _one_line_error(p)
    assert len(p.stderr.strip().splitlines()) == 1 and "--scheduler" in lines[0]


def test_unwritable_output_is_one_line(tmp_path):
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "plain-file").write_text("x")
    for args in (["check", "a.txt", "-o", "plain-file/report.json"],
                 ["check", "a.txt", "-o", "."],
                 ["audit", "a.txt", "--no-cache", "--html", "plain-file/audit.html"]):
        p = run(*args, cwd=tmp_path)
        lines = _one_line_error(p)
        assert len(p.stderr.strip().splitlines()) == 1, p.stderr
        assert "plain-file" in lines[0] or "." in lines[0]


def test_unreachable_or_malformed_fetch_targets_are_one_line_each(tmp_path):
    port = _closed_port()
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f'<url><loc>http://127.0.0.1:{port}/a.html</loc></url>'
        '<url><loc>http://[::1/b.html</loc></url></urlset>\n', encoding="utf-8")
    p = run("audit", "sitemap.xml", "--fetch", "--no-cache", cwd=tmp_path)
    lines = _one_line_error(p)
    assert any(f"127.0.0.1:{port}" in x for x in lines)
    assert any("[::1" in x for x in lines)


# -- 5. which files: --exclude, glob arguments, .gitignore -------------------------------
def _paths(p):
    return [f["path"] for f in json.loads(p.stdout)["files"]]


def test_exclude_glob_arguments_and_gitignore(tmp_path):
    for name in ("articles/a.txt", "articles/sub/b.txt", "articles/drafts/c.txt", "articles/gen.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(SEED.read_bytes())
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".gitignore").write_text("articles/gen.txt\n", encoding="utf-8")
    # .gitignore is honoured when folders are walked (and for glob arguments)
    assert _paths(run("check", "articles", "--format", "json", cwd=tmp_path)) == [
        "articles/a.txt", "articles/drafts/c.txt", "articles/sub/b.txt"]
    assert _paths(run("check", "articles/**/*.txt", "--format", "json", cwd=tmp_path)) == [
        "articles/a.txt", "articles/drafts/c.txt", "articles/sub/b.txt"]
    # --no-gitignore brings it back; --exclude leaves out what matches
    p = run("check", "articles", "--no-gitignore", "--exclude", "articles/drafts/**,*/sub/*",
            "--format", "json", cwd=tmp_path)
    assert _paths(p) == ["articles/a.txt", "articles/gen.txt"]
    # a glob that matches nothing says so; nothing to check at all is exit 2
    p = run("check", "nothing/*.txt", cwd=tmp_path)
    assert p.returncode == 2 and "nothing/*.txt matched no files" in p.stderr


def test_every_option_of_every_command_has_help():
    import argparse
    from provenance.cli import build_parser
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert set(commands) >= {"check", "audit", "inspect", "rules", "explain", "init", "config"}
    for name, sub in commands.items():
        silent = [a.option_strings or [a.dest] for a in sub._actions
                  if not isinstance(a, argparse._HelpAction) and a.help is None]
        assert not silent, (name, silent)
