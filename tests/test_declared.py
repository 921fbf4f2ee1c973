"""Declared signals mean the same wherever they are written: `--declare`, the
config (`declare.paths`), Markdown front matter, an HTML `provenance:` meta tag
all go through one parser (provenance.article.declared_value)."""
from __future__ import annotations

import json

import pytest
from conftest import run_cli

BODY = "Der Stadtrat hat am Montag beschlossen, den Radweg zu bauen. Die Arbeiten beginnen im März."


@pytest.mark.parametrize("where", ["cli", "config", "front-matter", "meta"])
def test_a_declared_value_means_the_same_everywhere(tmp_path, where):
    args = []
    if where == "front-matter":
        name = "a.md"
        (tmp_path / name).write_text(f"---\nai: Generated\nreviewed: 'Yes'\npublished: 2026-11-23T10:00:00+01:00\n---\n\n"
                                     f"# Radweg\n\n{BODY}\n", encoding="utf-8")
    elif where == "meta":
        name = "a.html"
        (tmp_path / name).write_text(
            "<html><head><meta name='provenance:ai' content=' Generated '>"
            "<meta name='provenance:reviewed' content='Yes'>"
            "<meta name='provenance:published' content='2026-11-23T10:00:00+01:00'></head>"
            f"<body><article><h1>Radweg</h1><p>{BODY}</p></article></body></html>", encoding="utf-8")
    else:
        name = "a.txt"
        (tmp_path / name).write_text(f"Radweg\n\n{BODY}\n", encoding="utf-8")
        if where == "cli":
            args = ["--declare", "ai=Generated", "--declare", "reviewed=Yes", "--declare", "published=2026-11-23"]
        else:
            (tmp_path / ".provenance.yaml").write_text(
                "declare:\n  paths:\n    '*.txt': {ai: generated, reviewed: yes, published: 2026-11-23}\n")
    done = run_cli(["check", "--format", "json", *args, name], cwd=tmp_path)
    signals = json.loads(done.stdout)["files"][0]["signals"]
    assert (signals["ai"], signals.get("reviewed"), signals["published"]) == ("generated", True, "2026-11-23")


@pytest.mark.parametrize("written, published", [
    ("1969-07-21T20:17:40Z", "1969-07-21"),     # an archive story: a real date before 1971
    ("2026-11-23T10:00:00+01:00", "2026-11-23"),
    ("1970-01-01T00:00:00Z", None),             # a CMS's "no date"
])
def test_one_date_parser_for_json_ld_and_front_matter(tmp_path, written, published):
    (tmp_path / "a.html").write_text(
        "<html><head><script type='application/ld+json'>"
        f'{{"@type": "NewsArticle", "headline": "Mondlandung", "datePublished": "{written}"}}'
        f"</script></head><body><article><h1>Mondlandung</h1><p>{BODY}</p></article></body></html>",
        encoding="utf-8")
    (tmp_path / "a.md").write_text(f"---\npublished: '{written}'\n---\n\n# Mondlandung\n\n{BODY}\n", encoding="utf-8")
    done = run_cli(["check", "--format", "json", "a.html", "a.md"], cwd=tmp_path)
    files = json.loads(done.stdout)["files"]
    assert [f["signals"].get("published") for f in files] == [published, published]


def test_ai_wins_once_for_every_source():
    """One rule combines what several sources say about an image: AI wins,
    then human, else undecided (provenance.sourcetypes.decide)."""
    from provenance.sourcetypes import decide, verdict
    assert decide([(False, "XMP"), (None, "JSON-LD"), (True, "C2PA")]) == (True, "C2PA")
    assert decide([(None, "C2PA"), (False, "XMP")]) == (False, "XMP")
    assert decide([(None, "C2PA")]) == (None, "")
    ai = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
    human = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
    assert verdict([human, ai]) is True and verdict([human]) is False and verdict([]) is None
