"""CI formats and text output that agree with the exit code and fit where they
are read: JUnit failures only at --fail-on, capped GitHub annotations and a job
summary, SARIF lines and GitHub's fingerprint, "N files, M articles", fix hints,
--statistics, an empty input set (points 5 and 6 of issue 15)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from provenance.article import Location
from provenance.report import render
from provenance.result import FileResult, Finding, Report

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "fixtures" / "seed-article.txt").read_text(encoding="utf-8")
CREDIT = " Kirsty Wigglesworth/Pool AP/dpa"


def run(*args, cwd, env=None):
    import os
    return subprocess.run([sys.executable, "-m", "provenance", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=180,
                          env=dict(os.environ, NO_COLOR="1", **(env or {})))


def _report(n_errors=0, n_warnings=0):
    files = []
    for i in range(max(n_errors, n_warnings)):
        findings = []
        if i < n_errors:
            findings.append(Finding("photo-credit-missing", "photo-credit", "error", f"image {i} has no credit",
                                    Location(line=i + 1, column=1), fix="Add a credit"))
        if i < n_warnings:
            findings.append(Finding("photo-credit-metadata-only", "photo-credit", "warning",
                                    f"credit of image {i} only in metadata", Location(image=f"img{i}.jpg"),
                                    evidence="IPTC Credit = dpa"))
        files.append(FileResult(path=f"a{i}.html", format="html", status="fail", findings=findings,
                                rules={"passed": [], "failed": sorted({f.rule for f in findings}),
                                       "incomplete": [], "not_applicable": []}))
    return Report(files=files, root="/srv")


def test_junit_fails_only_at_or_above_fail_on():
    report = _report(n_warnings=1)
    default = ET.fromstring(render("junit", report, [], fail_on="error"))
    assert default.get("failures") == "0"
    assert "only in metadata" in "".join(x.text or "" for x in default.iter("system-out"))
    strict = ET.fromstring(render("junit", report, [], fail_on="warning"))
    assert strict.get("failures") == "1"
    assert ET.fromstring(render("junit", _report(n_errors=1), [], fail_on="never")).get("failures") == "0"


def test_github_annotations_are_capped_with_a_pointer_to_the_full_report():
    out = render("github", _report(n_errors=25, n_warnings=3), []).splitlines()
    assert sum(line.startswith("::error ") for line in out) == 10
    assert sum(line.startswith("::warning ") for line in out) == 3
    assert out[-1].startswith("::notice title=provenance::15 more findings are not annotated")
    assert "full report" in out[-1]


def test_github_step_summary_is_written_when_run_in_actions(tmp_path):
    (tmp_path / "bad.txt").write_text(SEED.replace(CREDIT, ""), encoding="utf-8")
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    p = run("check", "bad.txt", "--format", "github", cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert p.returncode == 1 and p.stdout.startswith("::error ")
    md = summary.read_text(encoding="utf-8")
    assert md.startswith("earlier step\n## provenance")           # appended, not replaced
    assert "| `photo-credit-missing` | error | 1 |" in md
    assert "| `bad.txt` | 4 | error | `photo-credit-missing` |" in md


def test_sarif_has_a_start_line_and_github_fingerprint_on_every_result():
    import jsonschema
    log = json.loads(render("sarif", _report(n_errors=2, n_warnings=2), []))
    schema = json.loads((ROOT / "provenance/schemas/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert not list(jsonschema.validators.validator_for(schema)(schema).iter_errors(log))
    results = log["runs"][0]["results"]
    assert len(results) == 4
    for r in results:
        assert r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
        assert r["partialFingerprints"]["primaryLocationLineHash"].endswith(":1")
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results]
    assert len(set(hashes)) == len(hashes)


def test_feed_items_are_counted_as_articles_not_files(tmp_path):
    shutil.copy(ROOT / "fixtures/formats/rss-parser_uolNoticias.rss", tmp_path / "feed.rss")
    (tmp_path / "a.txt").write_text(SEED, encoding="utf-8")
    rep = json.loads(run("check", "feed.rss", "a.txt", "--format", "json", "--fail-on", "never",
                         cwd=tmp_path).stdout)
    assert rep["summary"]["inputs"] == 2
    assert rep["summary"]["articles"] == rep["summary"]["files"] == 16
    text = run("check", "feed.rss", "a.txt", "--fail-on", "never", cwd=tmp_path).stdout
    assert text.splitlines()[-1].startswith("2 files, 16 articles checked:")


def test_text_output_gives_the_fix_on_a_second_line_and_fits_a_terminal(tmp_path):
    caption = "Der Hafen am Abend, als die Schiffe einliefen und die Kräne still standen. " * 6
    (tmp_path / "bad.html").write_text(
        "<html><body><article><h1>Hafen</h1><p>Der Hafen wächst.</p>\n<figure>"
        "<img src='https://x.test/hafen-am-abend-mit-einem-sehr-langen-dateinamen-2026.jpg' width=800 height=600>"
        f"<figcaption>{caption}</figcaption></figure></article></body></html>\n", encoding="utf-8")
    lines = run("check", "bad.html", cwd=tmp_path).stdout.splitlines()
    i = next(n for n, line in enumerate(lines) if " photo-credit-missing " in line)
    assert lines[i].startswith("bad.html:2")
    assert len(lines[i]) <= 240 and "…" in lines[i], lines[i]
    assert lines[i + 1].startswith("    fix: ") and "(provenance explain photo-credit-missing)" in lines[i + 1]


def test_statistics_counts_findings_per_rule(tmp_path):
    for n in range(3):
        (tmp_path / f"bad{n}.txt").write_text(SEED.replace(CREDIT, ""), encoding="utf-8")
    out = run("check", ".", "--statistics", cwd=tmp_path).stdout.splitlines()
    assert out[0].split() == ["3", "photo-credit-missing", "[error]"]
    assert not any(line.startswith("bad0.txt:") for line in out)
    assert out[-1].startswith("3 files checked: 3 errors")


def test_an_empty_input_set_is_a_warning_and_exit_2(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.log").write_bytes(b"x")     # not an article format
    p = run("check", "empty", cwd=tmp_path)
    assert p.returncode == 2
    assert p.stderr.startswith("provenance: warning: no files to check in empty")


def test_pre_commit_hook_runs_once_for_all_files():
    import yaml
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["require_serial"] is True        # one run, one summary (tests/test_precommit.py runs it)


def test_html_findings_have_a_column_at_the_element(tmp_path):
    page = ("<html><body><article><h1>Hafen</h1><p>Der Hafen wächst.</p>\n"
            "<figure><img src='a.jpg' width=800 height=600><figcaption>Der Hafen.</figcaption></figure>"
            "<figure><img src='b.jpg' width=800 height=600><figcaption>Am Abend.</figcaption></figure>\n"
            "</article></body></html>\n")
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    rep = json.loads(run("check", "a.html", "--format", "json", cwd=tmp_path).stdout)
    found = [f["location"] for f in rep["files"][0]["findings"] if f["rule"] == "photo-credit-missing"]
    assert len(found) == 2
    line = page.splitlines()[1]
    for loc, src in zip(found, ("a.jpg", "b.jpg")):
        assert loc["line"] == 2 and loc["column"], loc
        assert line[loc["column"] - 1:].startswith(f"<img src='{src}'")
    text = run("check", "a.html", cwd=tmp_path).stdout
    assert f"a.html:2:{found[0]['column']}: error photo-credit-missing" in text
