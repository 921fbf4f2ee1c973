"""Docs that exist: docs/rules/ is generated from the packs and current, and
every address a report or a doc gives for this project leads to a real file."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from provenance import docs_url, project_url
from provenance.ruledocs import stale

ROOT = Path(__file__).resolve().parents[1]
RULE_DOCS = ROOT / "docs" / "rules"


def cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "provenance", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_rule_docs_are_generated_from_the_packs_and_current():
    bad = stale(RULE_DOCS)
    assert not bad, f"docs/rules is stale ({', '.join(bad)}): run `python -m provenance.ruledocs`"


def test_every_rule_page_says_what_why_examples_fix_and_suppression():
    rules = json.loads(cli("rules", "--format", "json").stdout)
    for r in rules:
        page = (RULE_DOCS / f"{r['id']}.md").read_text(encoding="utf-8")
        for heading in ("## What it checks", "## Failing example", "## Passing example",
                        "## How to suppress"):
            assert heading in page, (r["id"], heading)
        assert f"ignore[{r['id']}]" in page and f"ignore-file[{r['id']}]" in page
        assert "{" not in page.split("## How to fix")[-1].split("##")[0], r["id"]   # no '{example}'


def test_explain_fills_the_fix_hint_from_the_phrase_pack():
    out = cli("explain", "ai-notice-missing").stdout
    out = out.split("## How the check works", 1)[0]     # the check's docs name its {placeholders}
    assert "{example}" not in out and "'{" not in out
    fix = out.split("## How to fix", 1)[1].split("##", 1)[0]
    assert "e.g. '" in fix and len(fix.strip()) > len("Add a visible notice, e.g. ''")


def _local(url: str) -> Path:
    """The file in this repository a project URL points at (blob/main/<path>)."""
    repository = project_url("Repository")
    assert url.startswith(repository + "/blob/main/"), url
    return ROOT / url[len(repository + "/blob/main/"):]


def test_sarif_and_html_report_links_point_at_pages_that_exist(tmp_path):
    (tmp_path / "a.html").write_text(
        "<html><body><article><h1>Hafen</h1><p>Text.</p><figure><img src='x.jpg'>"
        "<figcaption>Der Hafen am Abend.</figcaption></figure></article></body></html>", encoding="utf-8")
    sarif = json.loads(cli("check", "a.html", "--format", "sarif", "--fail-on", "never", cwd=tmp_path).stdout)
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == project_url("Homepage")
    assert driver["rules"]
    for rule in driver["rules"]:
        assert _local(rule["helpUri"]).is_file(), rule["helpUri"]
    p = cli("audit", "a.html", "--no-cache", "--html", "audit.html", "--fail-on", "never", cwd=tmp_path)
    html = (tmp_path / "audit.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(https://[^"]+)"', html)
    assert links, p.stderr
    for link in links:
        assert _local(link).is_file(), link
    for rule in json.loads(cli("rules", "--format", "json").stdout):
        assert _local(docs_url(f"rules/{rule['id']}.md")).is_file()


def test_docs_links_resolve_and_nothing_cites_a_file_the_repository_lacks():
    docs = [ROOT / "README.md", ROOT / "CHANGELOG.md", *ROOT.glob("docs/**/*.md")]
    for doc in docs:
        text = doc.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if target.startswith(("http://", "https://", "mailto:", "#")):
                continue
            path = (doc.parent / target.split("#", 1)[0]).resolve()
            assert path.exists(), f"{doc.relative_to(ROOT)} links to missing {target}"
    # the design notes the code cites are the project's own, not an outside contract
    cited = [p for p in ROOT.glob("provenance/**/*.py") if "DESIGN" in p.read_text(encoding="utf-8")]
    assert not cited, cited
    anchors = {"#" + re.sub(r"[^\w\- ]", "", h.lower()).strip().replace(" ", "-")
               for h in re.findall(r"^#+ (.+)$", (ROOT / "docs" / "design.md").read_text(encoding="utf-8"), re.M)}
    for p in ROOT.glob("provenance/**/*.py"):
        for anchor in re.findall(r"docs/design\.md(#[\w-]+)", p.read_text(encoding="utf-8")):
            assert anchor in anchors, (p.name, anchor)
