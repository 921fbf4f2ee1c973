"""Every report format, rendered from one hand-built Report.

Golden files live in tests/golden/; regenerate them after an intended change
with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_reports.py`` and review
the diff. Field and escaping checks follow the vendors' documentation:
SARIF 2.1.0 (validated against the vendored OASIS schema), JUnit (parsed with
junitparser), GitLab Code Quality, GitHub workflow commands.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from provenance import __version__
from provenance.article import Location
from provenance.report import FORMATS, render
from provenance.report.github import escape_data, escape_property
from provenance.result import FileResult, Finding, Report
from provenance.ruleset import Rule

GOLDEN = Path(__file__).parent / "golden"
SCHEMAS = Path(__file__).resolve().parent.parent / "provenance" / "schemas"
GOLDEN_NAMES = {"text": "report.txt", "json": "report.json", "sarif": "report.sarif",
                "junit": "report.junit.xml", "github": "report.github.txt",
                "gitlab": "report.gitlab.json"}


def _rule(id, category, severity, summary, fix):
    return Rule(id=id, category=category, severity=severity, summary=summary, check="x",
                message=summary, fix=fix,
                docs={"what": f"Checks: {summary.lower()}.", "why": "Readers are owed it.",
                      "fail_example": "Foto without credit", "pass_example": "Foto: dpa"})


RULES = [
    _rule("ai-notice-missing", "ai-disclosure", "error", "AI-generated text needs a visible notice",
          "Add a notice such as 'Dieser Artikel wurde mit KI erstellt.'"),
    _rule("photo-credit-missing", "photo-credit", "error", "Editorial images need a visible credit",
          "Add a credit to the caption, e.g. 'Foto: dpa'"),
    _rule("photo-credit-metadata-only", "photo-credit", "warning",
          "A credit only in metadata is not visible", "Show the credit in the caption"),
    _rule("archive-label-missing", "archive-label", "warning", "Old images need an archive label",
          "Add '(Archivbild)' to the caption"),
    _rule("source-link-unverified", "source-link", "info",
          "A plain-text source link cannot be verified", "Use a real link to the original"),
    _rule("ai-image-unlabelled", "ai-image", "error", "AI images need a visible label",
          "Add 'KI-generiert' to the caption"),
]


def sample_report() -> Report:
    """Text, HTML (odd path), feed item and an unreadable file; all severities;
    locations with and without line/column, a selector and images."""
    text = FileResult(
        path="articles/ki-artikel.txt", format="text", status="fail",
        signals={"ai": "generated", "aggregated": True, "language": "de"},
        findings=[
            Finding("ai-notice-missing", "ai-disclosure", "error",
                    "AI-generated article has no visible AI notice", Location(line=14, column=1),
                    evidence="declared ai=generated (--declare)",
                    fix="Add e.g. 'Hinweis: Dieser Artikel wurde mit KI erstellt.'"),
            Finding("source-link-unverified", "source-link", "info",
                    "Source link 'Idź do oryginalnego materiału' cannot be verified",
                    Location(line=20, column=1), evidence="plain text has no link target"),
        ],
        rules={"passed": ["photo-credit-missing", "archive-label-missing"],
               "failed": ["ai-notice-missing"], "incomplete": ["source-link-unverified"],
               "not_applicable": ["ai-image-unlabelled"]})
    html = FileResult(
        path="site/Politik, Welt/seite 1.html", format="html", status="fail",
        signals={"ai": "none", "aggregated": False, "language": "de"},
        findings=[
            Finding("photo-credit-missing", "photo-credit", "error", "Image has no visible credit",
                    Location(line=31, selector="article > figure:nth-of-type(2) > img",
                             image="img/selenskyj.jpg"),
                    fix="Add a credit to the caption, e.g. 'Foto: dpa'"),
            Finding("photo-credit-metadata-only", "photo-credit", "warning",
                    "Credit only in metadata: 100% invisible to readers",
                    Location(image="img/wald.jpg"), evidence="IPTC photoshop:Credit = dpa"),
        ],
        rules={"passed": ["ai-notice-missing"],
               "failed": ["photo-credit-missing", "photo-credit-metadata-only"],
               "incomplete": [], "not_applicable": ["source-link-unverified"]})
    item = FileResult(
        path="feeds/upday.xml#item-3", format="rss", status="fail",
        signals={"aggregated": True},
        findings=[
            Finding("archive-label-missing", "archive-label", "warning",
                    "Image from 2019-03-01 is 2 years older than the article\nand has no archive label",
                    Location(line=57, column=5, selector="/rss/channel/item[3]/media:content",
                             image="https://example.com/img/a.jpg"),
                    evidence="IPTC DateCreated 2019-03-01", fix="Add '(Archivbild)' to the caption"),
        ],
        rules={"passed": ["photo-credit-missing"], "failed": ["archive-label-missing"],
               "incomplete": [], "not_applicable": []})
    broken = FileResult(
        path="broken.json", format="json", status="error",
        findings=[Finding("input-unparseable", "input", "error",
                          "not valid JSON: Expecting value", Location(line=1, column=2))])
    return Report(files=[text, html, item, broken], root="/srv/newsroom")


@pytest.fixture
def report():
    return sample_report()


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_matches_its_golden_file(fmt, report):
    out = render(fmt, report, RULES)
    golden = GOLDEN / GOLDEN_NAMES[fmt]
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8"), f"re-run with UPDATE_GOLDEN=1 and review {golden}"


def test_unknown_format_is_refused(report):
    with pytest.raises(ValueError, match="unknown report format 'xml'.*sarif"):
        render("xml", report, RULES)


# --- text ---------------------------------------------------------------

def _finding_lines(out: str) -> list[str]:
    """Text output without the indented fix/see lines under each finding."""
    return [line for line in out.splitlines() if not line.startswith("    ")]


def test_text_puts_location_first_and_omits_unknown_line_and_column(report):
    lines = _finding_lines(render("text", report, RULES))
    assert lines[0] == ("articles/ki-artikel.txt:14:1: error ai-notice-missing AI-generated article "
                        "has no visible AI notice (declared ai=generated (--declare))")
    assert lines[2].startswith("site/Politik, Welt/seite 1.html:31: error photo-credit-missing ")
    assert "[article > figure:nth-of-type(2) > img] (image img/selenskyj.jpg)" in lines[2]
    assert lines[3].startswith("site/Politik, Welt/seite 1.html: warning photo-credit-metadata-only ")
    assert "None" not in "\n".join(lines)


def test_text_keeps_one_line_per_finding_and_lists_infos(report):
    out = render("text", report, RULES)
    lines = _finding_lines(out)
    assert len(lines) == 6 + 1  # six findings, one summary
    # under each finding with a fix hint (or a rule to explain): what to do, indented
    hints = [line for line in out.splitlines() if line.startswith("    ")]
    assert hints[0] == ("    fix: Add e.g. 'Hinweis: Dieser Artikel wurde mit KI erstellt.' "
                        "(provenance explain ai-notice-missing)")
    assert len(hints) == 5   # the unreadable file's input error has no fix
    assert lines[1].startswith("articles/ki-artikel.txt:20:1: info source-link-unverified")
    assert "and has no archive label" in lines[4]


def test_text_summary_counts_and_unchecked_files(report):
    summary = render("text", report, RULES).splitlines()[-1]
    assert summary == "3 files checked: 3 errors, 2 warnings, 1 info; 1 file could not be checked"


def test_text_summary_of_a_clean_run():
    clean = Report(files=[FileResult(path="a.txt", format="text")])
    assert render("text", clean, RULES) == "1 file checked: 0 errors, 0 warnings, 0 infos\n"


def test_text_summary_mentions_baseline(report):
    report.extra["baseline"] = {"baselined": 4, "fixed": 1}
    summary = render("text", report, RULES).splitlines()[-1]
    assert summary.endswith("(4 baselined, 1 baseline entry no longer found)")


def test_text_quiet_prints_findings_only(report):
    out = render("text", report, RULES, quiet=True)
    assert "checked" not in out
    assert len(_finding_lines(out)) == 6
    assert render("text", Report(files=[FileResult("a.txt", "text")]), RULES, quiet=True) == ""


def test_text_colour_only_when_asked(report):
    assert "\x1b[" not in render("text", report, RULES)
    coloured = render("text", report, RULES, color=True)
    assert "\x1b[1;31merror\x1b[0m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == render("text", report, RULES)


# --- json ---------------------------------------------------------------

def _report_validator():
    import jsonschema
    schema = json.loads((SCHEMAS / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_json_is_the_canonical_report_and_valid(report):
    report.extra["baseline"] = {"baselined": 2, "fixed": 0}
    data = json.loads(render("json", report, RULES))
    assert data == json.loads(json.dumps(report.as_dict()))
    assert data["tool"] == {"name": "provenance", "version": __version__}
    # DESIGN §4's six counts, then what was added: suppressed findings, articles
    # (= files: feed items are entries of their own) and the files on disk they came from
    assert data["summary"] == {"files": 4, "checked": 3, "failed": 3, "errors": 3, "warnings": 2, "infos": 1,
                               "suppressed": 0, "articles": 4, "inputs": 4}
    assert list(_report_validator().iter_errors(data)) == []
    assert "Idź do oryginalnego materiału" in render("json", report, RULES)  # not \u-escaped


@pytest.mark.parametrize("path, value", [
    (("files", 0, "findings", 0, "severity"), "critical"),
    (("files", 0, "findings", 0, "category"), "style"),
    (("files", 0, "status"), "ok"),
    (("files", 0, "findings", 0, "location", "line"), 0),
    (("summary", "errors"), -1),
])
def test_json_schema_rejects_what_the_contract_forbids(report, path, value):
    data = report.as_dict()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert list(_report_validator().iter_errors(data))


def test_json_schema_rejects_unknown_finding_fields(report):
    data = report.as_dict()
    data["files"][0]["findings"][0]["hint"] = "?"
    assert list(_report_validator().iter_errors(data))


# --- sarif --------------------------------------------------------------

def _sarif(report) -> dict:
    return _sarif_of(report, RULES)


def _sarif_of(report, rules) -> dict:
    import jsonschema
    log = json.loads(render("sarif", report, rules))
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)  # draft-04, no remote refs
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    return log


def test_sarif_is_valid_and_describes_the_rules_it_uses(report):
    run = _sarif(report)["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("provenance", __version__)
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted({f.rule for f in report.files[0].findings + report.files[1].findings
                          + report.files[2].findings + report.files[3].findings})
    rule = driver["rules"][ids.index("ai-notice-missing")]
    assert rule["name"] == "AiNoticeMissing"
    assert rule["shortDescription"]["text"] == "AI-generated text needs a visible notice"
    # these sample rules are not built in: no page under docs/rules/ to link to
    # (built-in rules' links: tests/test_ruledocs.py)
    assert "helpUri" not in rule
    assert rule["help"]["markdown"].startswith("# ai-notice-missing (ai-disclosure, default error)")
    assert rule["defaultConfiguration"]["level"] == "error"
    assert rule["properties"]["category"] == "ai-disclosure"
    # a reader's input rule missing from the catalogue is still described
    assert driver["rules"][ids.index("input-unparseable")]["properties"]["category"] == "input"
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_levels_and_regions(report):
    results = _sarif(report)["runs"][0]["results"]
    assert [r["level"] for r in results] == ["error", "note", "error", "warning", "warning", "error"]
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 14, "startColumn": 1}
    assert results[2]["locations"][0]["physicalLocation"]["region"] == {"startLine": 31}
    # no line known (image metadata): line 1, as GitHub code scanning needs a startLine
    assert results[3]["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}


def test_sarif_uris_are_relative_percent_encoded_and_feed_items_logical(report):
    run = _sarif(report)["runs"][0]
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == "file:///srv/newsroom/"
    locs = [r["locations"][0] for r in run["results"]]
    assert locs[2]["physicalLocation"]["artifactLocation"] == {
        "uri": "site/Politik%2C%20Welt/seite%201.html", "uriBaseId": "SRCROOT"}
    assert locs[2]["logicalLocations"] == [
        {"fullyQualifiedName": "article > figure:nth-of-type(2) > img", "kind": "element"}]
    assert locs[4]["physicalLocation"]["artifactLocation"]["uri"] == "feeds/upday.xml"
    assert locs[4]["logicalLocations"][0] == {"name": "item-3", "fullyQualifiedName": "feeds/upday.xml#item-3",
                                             "kind": "element"}


def test_sarif_paths_outside_or_inside_an_absolute_root():
    inside = FileResult("/srv/newsroom/a b/ü.txt", "text", status="fail",
                        findings=[Finding("ai-notice-missing", "ai-disclosure", "error", "m")])
    outside = FileResult("/tmp/x.txt", "text", status="fail",
                         findings=[Finding("ai-notice-missing", "ai-disclosure", "error", "m")])
    run = _sarif(Report(files=[inside, outside], root="/srv/newsroom"))["runs"][0]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert uris == [{"uri": "a%20b/%C3%BC.txt", "uriBaseId": "SRCROOT"}, {"uri": "file:///tmp/x.txt"}]


def test_sarif_fingerprints_are_stable_and_ignore_line_shifts(report):
    first = _sarif(report)["runs"][0]["results"]
    shifted = sample_report()
    shifted.files[0].findings[0].location = Location(line=40, column=3)
    second = _sarif(shifted)["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in first] == [r["partialFingerprints"] for r in second]
    assert first[0]["partialFingerprints"]["provenance/v1"] == \
        report.files[0].findings[0].fingerprint("articles/ki-artikel.txt")


def test_sarif_describes_every_built_in_rule_validly():
    from provenance.ruleset import load_rules
    catalogue = load_rules()
    every = Report(files=[FileResult("a.html", "html", status="fail", findings=[
        Finding(r.id, r.category, r.severity, r.summary, Location(line=1)) for r in catalogue])])
    driver = _sarif_of(every, catalogue)["runs"][0]["tool"]["driver"]
    assert len(driver["rules"]) == len(catalogue)
    assert all(r["help"]["markdown"].startswith(f"# {r['id']} ") for r in driver["rules"])


def test_sarif_relative_root_is_the_working_directory():
    run = _sarif(Report(files=[FileResult("a.txt", "text")], root="."))["runs"][0]
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == Path.cwd().as_uri().rstrip("/") + "/"


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_run_renders_in_every_format(fmt):
    out = render(fmt, Report(), RULES)
    if fmt == "text":
        assert out == "0 files checked: 0 errors, 0 warnings, 0 infos\n"
    elif fmt == "junit":
        assert list(_junit(Report())) == []
    elif fmt == "github":
        assert out == ""
    else:
        assert json.loads(out) is not None


def test_sarif_of_a_clean_run_is_valid():
    run = _sarif(Report(files=[FileResult("a.txt", "text")]))["runs"][0]
    assert run["results"] == [] and run["tool"]["driver"]["rules"] == []


# --- junit --------------------------------------------------------------

def _junit(report):
    from junitparser import JUnitXml
    return JUnitXml.fromstring(render("junit", report, RULES).encode("utf-8"))


def test_junit_has_one_suite_per_file_and_one_case_per_applicable_rule(report):
    suites = list(_junit(report))
    assert [s.name for s in suites] == [f.path for f in report.files]
    cases = {c.name: c for c in suites[0]}
    assert sorted(cases) == ["ai-notice-missing", "archive-label-missing", "photo-credit-missing",
                             "source-link-unverified"]  # not_applicable left out
    assert suites[0].tests == 4 and suites[0].failures == 1 and suites[0].errors == 0
    assert cases["ai-notice-missing"].classname == "provenance.ai-disclosure"
    assert all(c._elem.get("file") == "articles/ki-artikel.txt" for c in cases.values())
    assert cases["photo-credit-missing"].is_passed
    assert cases["source-link-unverified"].is_passed  # incomplete = info only: passes, text in system-out
    assert "cannot be verified" in cases["source-link-unverified"].system_out


def test_junit_feed_item_cases_point_at_the_real_file(report):
    suite = list(_junit(report))[2]
    assert suite.name == "feeds/upday.xml#item-3"
    assert {c._elem.get("file") for c in suite} == {"feeds/upday.xml"}


def test_junit_failure_lists_location_evidence_and_fix(report):
    case = next(c for c in list(_junit(report))[0] if c.name == "ai-notice-missing")
    (failure,) = case.result
    assert failure.type == "error"
    assert failure.message == "AI-generated article has no visible AI notice"
    assert "articles/ki-artikel.txt:14:1" in failure.text
    assert "evidence: declared ai=generated" in failure.text
    assert "fix: Add e.g. 'Hinweis" in failure.text


def test_junit_one_failure_per_rule_with_all_its_findings():
    f = FileResult("a.html", "html", status="fail", rules={
        "passed": [], "failed": ["photo-credit-missing"], "incomplete": [], "not_applicable": []},
        findings=[Finding("photo-credit-missing", "photo-credit", "error", "Image has no visible credit",
                          Location(line=n, image=f"{n}.jpg")) for n in (3, 9)])
    (case,) = list(list(_junit(Report(files=[f])))[0])
    (failure,) = case.result
    assert failure.message == "2 findings: Image has no visible credit"
    assert "a.html:3" in failure.text and "a.html:9" in failure.text


def test_junit_unreadable_file_is_an_error_testcase(report):
    suite = list(_junit(report))[3]
    (case,) = list(suite)
    (error,) = case.result
    assert type(error).__name__ == "Error"
    assert case.classname == "provenance.input"
    assert error.message == "not valid JSON: Expecting value"
    assert suite.errors == 1


# --- gitlab -------------------------------------------------------------

def test_gitlab_code_quality_fields_and_severities(report):
    issues = json.loads(render("gitlab", report, RULES))
    assert len(issues) == 6
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
    assert [i["severity"] for i in issues] == ["major", "info", "major", "minor", "minor", "critical"]
    assert issues[0]["check_name"] == "ai-notice-missing"
    assert issues[0]["location"] == {"path": "articles/ki-artikel.txt", "lines": {"begin": 14}}
    assert issues[3]["location"]["lines"] == {"begin": 1}          # line unknown
    assert issues[4]["location"]["path"] == "feeds/upday.xml"     # the real file
    assert issues[4]["description"].startswith("item-3: ")


def test_gitlab_fingerprints_unique_even_for_identical_findings():
    twice = [Finding("photo-credit-missing", "photo-credit", "error", "no credit") for _ in range(2)]
    r = Report(files=[FileResult("a.html", "html", status="fail", findings=twice)])
    first = [i["fingerprint"] for i in json.loads(render("gitlab", r, RULES))]
    assert len(set(first)) == 2
    assert first == [i["fingerprint"] for i in json.loads(render("gitlab", r, RULES))]


@pytest.mark.parametrize("fmt", ["github", "gitlab"])
def test_ci_formats_use_paths_relative_to_the_root(fmt):
    f = FileResult("/srv/newsroom/articles/a.txt", "text", status="fail",
                   findings=[Finding("ai-notice-missing", "ai-disclosure", "error", "m", Location(line=2))])
    out = render(fmt, Report(files=[f], root="/srv/newsroom"), RULES)
    assert "articles/a.txt" in out and "/srv/newsroom" not in out


# --- github -------------------------------------------------------------

@pytest.mark.parametrize("raw, data, prop", [
    ("plain", "plain", "plain"),
    ("100%", "100%25", "100%25"),
    ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
    ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
    ("%0A", "%250A", "%250A"),  # an already-escaped-looking value must survive the round trip
])
def test_github_escaping_follows_the_actions_toolkit(raw, data, prop):
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_github_annotations(report):
    lines = render("github", report, RULES).splitlines()
    assert len(lines) == 6
    # worst first (GitHub shows 10 of each kind), report order within a severity
    assert [line.split(" ", 1)[0] for line in lines] == ["::error"] * 3 + ["::warning"] * 2 + ["::notice"]
    assert lines[0].startswith("::error file=articles/ki-artikel.txt,line=14,col=1,title=ai-notice-missing::"
                               "AI-generated article has no visible AI notice")
    assert lines[0].endswith("%0AFix: Add e.g. 'Hinweis: Dieser Artikel wurde mit KI erstellt.'")
    assert lines[5].startswith("::notice file=articles/ki-artikel.txt,line=20,col=1,")
    assert lines[1].startswith("::error file=site/Politik%2C Welt/seite 1.html,line=31,title=")
    assert lines[3].startswith("::warning file=site/Politik%2C Welt/seite 1.html,title=photo-credit-metadata-only::"
                               "Credit only in metadata: 100%25 invisible")
    assert lines[4].startswith("::warning file=feeds/upday.xml,line=57,col=5,title=archive-label-missing::"
                               "item-3: Image from 2019-03-01 is 2 years older than the article%0Aand has")
