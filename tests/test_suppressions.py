"""Scoped inline suppressions (docs/design.md#suppressions): an `ignore[...]`
covers the next element or line only; ranges and the whole file have their
own forms; malformed ones are input warnings; suppressed findings are counted
and listed with their reason (JSON, SARIF), never dropped silently."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "fixtures" / "seed-article.txt").read_text(encoding="utf-8")
CREDIT = " Kirsty Wigglesworth/Pool AP/dpa"
FIG = ("<figure><img src='https://x.test/{n}.jpg' width='800' height='600'>"
       "<figcaption>Der Hafen, Bild {n}.</figcaption></figure>\n")


def page(*parts: str) -> str:
    return ("<html><body><article><h1>Hafen</h1>\n<p>Der Hafen wächst.</p>\n"
            + "".join(parts) + "</article></body></html>\n")


def check(tmp_path, name, text, *args):
    (tmp_path / name).write_text(text, encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "provenance", "check", "--format", "json", name, *args],
                       cwd=tmp_path, capture_output=True, text=True, timeout=120)
    rep = json.loads(p.stdout)
    return p.returncode, rep, rep["files"][0]


def missing(file):
    return sorted(f["location"]["image"] for f in file["findings"] if f["rule"] == "photo-credit-missing")


def test_ignore_covers_the_next_element_only(tmp_path):
    code, rep, f = check(tmp_path, "a.html", page(
        '<!-- provenance: ignore[photo-credit-missing] reason="agency handout" -->\n', FIG.format(n=1),
        "<p>Mehr.</p>\n", FIG.format(n=2)))
    assert missing(f) == ["https://x.test/2.jpg"]          # the second figure is still reported
    assert code == 1
    assert rep["summary"]["suppressed"] == 1
    assert [(s["rule"], s["location"]["image"], s["reason"]) for s in f["suppressed"]] == [
        ("photo-credit-missing", "https://x.test/1.jpg", "agency handout")]


def test_ignore_on_one_minified_line_still_covers_only_the_next_element(tmp_path):
    one_line = page('<!-- provenance: ignore[photo-credit] reason="handout" -->', FIG.format(n=1).strip(),
                    FIG.format(n=2).strip()).replace("\n", "")
    _, _, f = check(tmp_path, "a.html", one_line)
    assert missing(f) == ["https://x.test/2.jpg"]


def test_ignore_file_covers_the_whole_file(tmp_path):
    code, rep, f = check(tmp_path, "a.html", page(
        '<!-- provenance: ignore-file[photo-credit-missing] reason="old archive page" -->\n',
        "<p>x</p>\n", FIG.format(n=1), FIG.format(n=2)))
    assert missing(f) == [] and code == 0
    assert rep["summary"]["suppressed"] == 2


def test_ignore_start_end_covers_a_range(tmp_path):
    _, rep, f = check(tmp_path, "a.html", page(
        FIG.format(n=1),
        '<!-- provenance: ignore-start[photo-credit] reason="gallery credited below" -->\n',
        FIG.format(n=2), FIG.format(n=3),
        "<!-- provenance: ignore-end -->\n",
        FIG.format(n=4)))
    assert missing(f) == ["https://x.test/1.jpg", "https://x.test/4.jpg"]
    assert rep["summary"]["suppressed"] == 2


def test_plain_text_ignore_covers_the_next_line_only(tmp_path):
    text = SEED.replace(CREDIT, "")
    caption = next(i for i, line in enumerate(text.splitlines()) if "Wigglesworth" in SEED.splitlines()[i])
    lines = text.splitlines()
    before = lines[:caption] + ['provenance: ignore[photo-credit-missing] reason="credit printed"'] + lines[caption:]
    code, rep, f = check(tmp_path, "a.txt", "\n".join(before) + "\n")
    assert [x["rule"] for x in f["findings"]].count("photo-credit-missing") == 0
    assert rep["summary"]["suppressed"] == 1
    # at the top of the file it covers the headline, not the caption further down
    top = ['provenance: ignore[photo-credit-missing] reason="credit printed"'] + lines
    code, rep, f = check(tmp_path, "b.txt", "\n".join(top) + "\n")
    assert [x["rule"] for x in f["findings"]].count("photo-credit-missing") == 1
    assert rep["summary"]["suppressed"] == 0


def test_markdown_comment_covers_the_next_block(tmp_path):
    md = ("# Hafen\n\nDer Hafen wächst.\n\n"
          '<!-- provenance: ignore[photo-credit-missing] reason="handout" -->\n'
          "![Der Hafen](https://x.test/1.jpg)\n*Der Hafen am Abend.*\n\n"
          "Mehr Text.\n\n![Der Hafen](https://x.test/2.jpg)\n*Der Hafen am Morgen.*\n")
    _, rep, f = check(tmp_path, "a.md", md)
    assert missing(f) == ["https://x.test/2.jpg"]
    assert rep["summary"]["suppressed"] == 1


def test_malformed_suppressions_are_input_warnings(tmp_path):
    code, rep, f = check(tmp_path, "a.html", page(
        "<!-- provenance: ignore -->\n", "<!-- provenance: ignroe[photo-credit-missing] reason='x' -->\n",
        "<!-- provenance: ignore-end -->\n", FIG.format(n=1)))
    warnings = [x for x in f["findings"] if x["rule"] == "input-suppression"]
    assert len(warnings) == 3 and all(x["severity"] == "warning" for x in warnings)
    assert {x["location"]["line"] for x in warnings} == {3, 4, 5}
    assert missing(f) == ["https://x.test/1.jpg"]


def test_sarif_keeps_suppressed_results_with_the_reason(tmp_path):
    import jsonschema
    (tmp_path / "a.html").write_text(page(
        '<!-- provenance: ignore[photo-credit-missing] reason="agency handout" -->\n', FIG.format(n=1)),
        encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "provenance", "check", "--format", "sarif", "a.html"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0
    log = json.loads(p.stdout)
    schema = json.loads((ROOT / "provenance/schemas/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert not list(jsonschema.validators.validator_for(schema)(schema).iter_errors(log))
    hidden = [r for r in log["runs"][0]["results"] if r.get("suppressions")]
    assert [(r["ruleId"], r["suppressions"][0]["kind"], r["suppressions"][0]["justification"])
            for r in hidden] == [("photo-credit-missing", "inSource", "agency handout")]
    text = subprocess.run([sys.executable, "-m", "provenance", "check", "a.html"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120).stdout
    assert "1 suppressed" in text
