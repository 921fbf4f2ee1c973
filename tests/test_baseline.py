"""Baselines: record today's findings, report only new ones tomorrow."""
from __future__ import annotations

import json

import pytest

from provenance.article import Location
from provenance.baseline import apply_baseline, write_baseline
from provenance.report import render
from provenance.result import FileResult, Finding, Report


def credit(line, image="a.jpg"):
    return Finding("photo-credit-missing", "photo-credit", "error", "Image has no visible credit",
                   Location(line=line, image=image), evidence=f"<img src={image}>")


def notice():
    return Finding("ai-notice-missing", "ai-disclosure", "error", "AI-generated article has no visible AI notice",
                   Location(line=3), evidence="declared ai=generated")


def unverified():
    return Finding("source-link-unverified", "source-link", "info", "Source link cannot be verified",
                   evidence="Idź do oryginalnego materiału")


def make_report(*findings_by_path):
    files = []
    for path, findings in findings_by_path:
        failed = sorted({f.rule for f in findings if f.severity != "info"})
        incomplete = sorted({f.rule for f in findings if f.severity == "info"})
        status = "fail" if failed else "pass"
        files.append(FileResult(path, "html", status=status, findings=list(findings),
                                rules={"passed": [], "failed": failed, "incomplete": incomplete,
                                       "not_applicable": []}))
    return Report(files=files)


def test_written_baseline_is_sorted_readable_json(tmp_path):
    target = tmp_path / "baseline.json"
    report = make_report(("b.html", [credit(9)]), ("a.html", [notice(), credit(4)]))
    assert write_baseline(report, str(target)) == 3
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["tool"] == "provenance" and data["version"] == 1
    assert [(e["path"], e["rule"]) for e in data["findings"]] == [
        ("a.html", "ai-notice-missing"), ("a.html", "photo-credit-missing"), ("b.html", "photo-credit-missing")]
    assert data["findings"][0]["message"] == "AI-generated article has no visible AI notice"
    assert data["findings"][0]["fingerprint"] == notice().fingerprint("a.html")
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_writing_twice_gives_identical_bytes(tmp_path):
    report = make_report(("a.html", [credit(4), notice()]))
    write_baseline(report, str(tmp_path / "one.json"))
    reordered = make_report(("a.html", [notice(), credit(4)]))
    write_baseline(reordered, str(tmp_path / "two.json"))
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()


def test_baselined_findings_disappear_and_the_file_passes(tmp_path):
    target = str(tmp_path / "baseline.json")
    write_baseline(make_report(("a.html", [credit(4), notice()])), target)
    # next run: the article gained two lines above the image — still baselined
    later = make_report(("a.html", [credit(6), notice()]))
    assert apply_baseline(later, target) == {"baselined": 2, "fixed": 0}
    f = later.files[0]
    assert f.findings == [] and f.status == "pass"
    assert sorted(f.rules["passed"]) == ["ai-notice-missing", "photo-credit-missing"]
    assert f.rules["failed"] == []
    assert later.extra["baseline"] == {"baselined": 2, "fixed": 0}
    assert render("text", later, []).endswith("(2 baselined, 0 baseline entries no longer found)\n")
    assert json.loads(render("json", later, []))["baseline"] == {"baselined": 2, "fixed": 0}


def test_new_findings_still_fail(tmp_path):
    target = str(tmp_path / "baseline.json")
    write_baseline(make_report(("a.html", [credit(4)])), target)
    later = make_report(("a.html", [credit(4), credit(20, image="new.jpg")]))
    apply_baseline(later, target)
    assert [x.location.image for x in later.files[0].findings] == ["new.jpg"]
    assert later.files[0].status == "fail"
    assert later.files[0].rules["failed"] == ["photo-credit-missing"]


def test_identical_findings_need_one_entry_each(tmp_path):
    target = str(tmp_path / "baseline.json")
    write_baseline(make_report(("a.html", [credit(4)])), target)
    later = make_report(("a.html", [credit(4), credit(8)]))  # same image, same evidence, twice
    assert apply_baseline(later, target) == {"baselined": 1, "fixed": 0}
    assert len(later.files[0].findings) == 1 and later.files[0].status == "fail"


def test_fixed_entries_are_counted(tmp_path):
    target = str(tmp_path / "baseline.json")
    write_baseline(make_report(("a.html", [credit(4), notice()]), ("b.html", [notice()])), target)
    later = make_report(("a.html", [notice()]))
    assert apply_baseline(later, target) == {"baselined": 1, "fixed": 2}


def test_same_problem_in_another_file_is_not_baselined(tmp_path):
    target = str(tmp_path / "baseline.json")
    write_baseline(make_report(("a.html", [notice()])), target)
    later = make_report(("b.html", [notice()]))
    assert apply_baseline(later, target) == {"baselined": 0, "fixed": 1}
    assert later.files[0].status == "fail"


def test_remaining_info_makes_the_rule_incomplete_and_the_file_pass(tmp_path):
    target = str(tmp_path / "baseline.json")
    write_baseline(make_report(("a.txt", [notice()])), target)
    later = make_report(("a.txt", [notice(), unverified()]))
    apply_baseline(later, target)
    f = later.files[0]
    assert f.status == "pass" and [x.severity for x in f.findings] == ["info"]
    assert f.rules["incomplete"] == ["source-link-unverified"]


def test_a_file_that_could_not_be_checked_is_never_baselined(tmp_path):
    target = tmp_path / "baseline.json"
    bad = Finding("input-unparseable", "input", "error", "not valid JSON")
    unreadable = FileResult("x.json", "json", status="error", findings=[bad])
    assert write_baseline(Report(files=[unreadable]), str(target)) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["findings"] == []
    # even a hand-made entry for it does not hide it
    target.write_text(json.dumps({"tool": "provenance", "version": 1, "findings": [
        {"fingerprint": bad.fingerprint("x.json")}]}), encoding="utf-8")
    later = Report(files=[FileResult("x.json", "json", status="error", findings=[bad])])
    assert apply_baseline(later, str(target)) == {"baselined": 0, "fixed": 1}
    assert later.files[0].status == "error" and later.files[0].findings == [bad]


@pytest.mark.parametrize("content, message", [
    (None, "file not found"),
    ("{not json", "not valid JSON"),
    ("[1, 2]", "not a provenance baseline"),
    ('{"tool": "provenance", "version": 99, "findings": []}', "unsupported baseline version 99"),
    ('{"tool": "provenance", "version": 1, "findings": [{"rule": "x"}]}', "fingerprint"),
])
def test_missing_or_corrupt_baseline_is_a_clear_error(tmp_path, content, message):
    target = tmp_path / "baseline.json"
    if content is not None:
        target.write_text(content, encoding="utf-8")
    report = make_report(("a.html", [notice()]))
    with pytest.raises(ValueError, match=message) as excinfo:
        apply_baseline(report, str(target))
    assert str(target) in str(excinfo.value)
    assert report.files[0].findings  # the report is left untouched
