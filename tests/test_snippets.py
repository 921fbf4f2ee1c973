"""The CI snippets in docs/integrations.md and the README, run as written.

What a new user copies must work: each `run:`/`script:` command of the
GitHub Actions and GitLab CI snippets runs in a scratch checkout with one
compliant and one failing article, and the files the snippets hand to
GitHub and GitLab must be there and valid. `pip install provenance-check`
is the one line not executed (the name is not published from this
checkout): the test asserts it names this distribution, and the installed
`provenance` of this checkout stands in (tests/test_wheel.py installs the
wheel itself). The pre-commit snippet runs with real pre-commit, pointing
`repo:` at a clone of this repository with the tag the snippet pins.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from provenance import project_url

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "fixtures" / "seed-article.txt").read_text(encoding="utf-8")
CREDIT = " Kirsty Wigglesworth/Pool AP/dpa"
INSTALL = "pip install provenance-check"


def pyproject() -> dict:
    import tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def yaml_blocks(path: Path) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


def snippet(path: Path, marker: str) -> dict:
    [block] = [b for b in yaml_blocks(path) if marker in b]
    return yaml.safe_load(block)


@pytest.fixture
def checkout(tmp_path):
    """A newsroom repository: articles/ with a compliant and a failing article."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "good.txt").write_text(SEED, encoding="utf-8")
    (tmp_path / "articles" / "bad.txt").write_text(SEED.replace(CREDIT, ""), encoding="utf-8")
    return tmp_path


def shell(command: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """One snippet command in bash, with this checkout's `provenance` first on PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(["bash", "-e", "-c", command], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=dict(os.environ, PATH=path, NO_COLOR="1", **(env or {})))


def test_install_lines_name_this_distribution():
    assert pyproject()["project"]["name"] == "provenance-check"
    gha = snippet(ROOT / "docs" / "integrations.md", "jobs:")
    runs = [s.get("run") for s in gha["jobs"]["check"]["steps"]]
    assert INSTALL in runs
    gitlab = snippet(ROOT / "docs" / "integrations.md", "script:")
    assert gitlab["provenance"]["script"][0] == INSTALL


def test_github_actions_snippet_as_written(checkout):
    import jsonschema
    workflow = snippet(ROOT / "docs" / "integrations.md", "jobs:")
    steps = workflow["jobs"]["check"]["steps"]
    summary = checkout / "step-summary.md"
    outcomes = {}
    for step in steps:
        command = step.get("run")
        if command is None or command == INSTALL:
            continue
        p = shell(command, checkout, env={"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTIONS": "true"})
        outcomes[step.get("name", command)] = p
    check = outcomes["Check articles"]
    assert check.returncode == 1, check.stderr                 # the job fails on the uncredited photo
    assert re.search(r"^::error file=articles/bad\.txt,line=\d+,col=1,title=photo-credit-missing::",
                     check.stdout, re.M)
    assert "good.txt" not in "".join(line for line in check.stdout.splitlines() if line.startswith("::error"))
    assert "| `photo-credit-missing` | error | 1 |" in summary.read_text(encoding="utf-8")
    assert outcomes["Write SARIF"].returncode == 0, outcomes["Write SARIF"].stderr
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif"))
    sarif = json.loads((checkout / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "provenance/schemas/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert not list(jsonschema.validators.validator_for(schema)(schema).iter_errors(sarif))
    [result] = [r for r in sarif["runs"][0]["results"] if r["level"] == "error"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "articles/bad.txt"
    assert workflow["permissions"]["security-events"] == "write"


def test_gitlab_ci_snippet_as_written(checkout):
    job = snippet(ROOT / "docs" / "integrations.md", "script:")["provenance"]
    codes = []
    for command in job["script"]:
        if command == INSTALL:
            continue
        p = shell(command, checkout)
        codes.append(p.returncode)
        if p.returncode:            # GitLab stops the job at the first failing command
            break
    assert codes == [0, 1]          # the code-quality step never fails; the JUnit step decides
    reports = job["artifacts"]["reports"]
    quality = json.loads((checkout / reports["codequality"]).read_text(encoding="utf-8"))
    assert [(i["check_name"], i["location"]["path"], i["severity"]) for i in quality
            if i["severity"] == "major"] == [("photo-credit-missing", "articles/bad.txt", "major")]
    junit = ET.parse(checkout / reports["junit"]).getroot()
    assert junit.get("failures") == "1"
    assert job["artifacts"]["when"] == "always"


def _pre_commit_snippets():
    found = []
    for doc in (ROOT / "README.md", ROOT / "docs" / "integrations.md"):
        for block in yaml_blocks(doc):
            if "repos:" in block:
                found.append((doc.name, yaml.safe_load(block)))
    return found


def test_pre_commit_snippets_point_at_the_project_and_its_release_tag():
    hooks = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    version = pyproject()["project"]["version"]
    snippets = _pre_commit_snippets()
    assert {name for name, _ in snippets} == {"README.md", "integrations.md"}
    for _, config in snippets:
        [repo] = config["repos"]
        assert repo["repo"] == project_url("Repository")
        assert repo["rev"] == f"v{version}"                   # releases are tagged v<version>
        assert {h["id"] for h in repo["hooks"]} <= hooks
    try_repo = re.search(r"pre-commit try-repo (\S+) (\S+)", (ROOT / "docs/integrations.md").read_text("utf-8"))
    assert try_repo.group(1) == project_url("Repository") and try_repo.group(2) in hooks


@pytest.mark.slow
def test_pre_commit_snippet_runs_with_real_pre_commit(checkout, tmp_path_factory):
    """The README snippet with `repo:` pointing at a clone of this repository
    (HEAD, tagged as the snippet's `rev:`): pre-commit installs the hook into
    its own environment and runs it once over the staged articles."""
    assert shutil.which("git")
    config = dict(_pre_commit_snippets())["README.md"]
    [repo] = config["repos"]
    upstream = tmp_path_factory.mktemp("upstream") / "provenance"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(upstream)], check=True, timeout=300)
    subprocess.run(["git", "-C", str(upstream), "tag", repo["rev"]], check=True)
    repo["repo"] = str(upstream)
    (checkout / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    env = dict(os.environ, PRE_COMMIT_HOME=str(checkout.parent / "pre-commit-home"), NO_COLOR="1",
               PRE_COMMIT_COLOR="never", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    for args in (["init", "-q"], ["add", "."]):
        subprocess.run(["git", *args], cwd=checkout, check=True, env=env)
    p = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                       cwd=checkout, env=env, capture_output=True, text=True, timeout=900)
    out = p.stdout + p.stderr
    assert p.returncode == 1, out
    assert re.search(r"^articles/bad\.txt:\d+:1: error photo-credit-missing", out, re.M), out
    summaries = [line for line in out.splitlines() if " checked: " in line]
    assert len(summaries) == 1 and summaries[0].startswith("2 files checked: 1 error"), summaries
