"""Every pack language has a passing and a failing plain-text news story.

`fixtures/languages/<lang>/pass.txt` is a short local news story as an
aggregator prints it: headline, `<outlet> <relative time>` source line, a
caption with an archive label and a credit line, body paragraphs, the AI
notice and the go-to-original line. `fail.txt` is the same story without the
AI notice. The real CLI checks them with `--declare ai=generated`; removing
the go-to-original line or the credit line from the passing story must make
it fail with `source-link` or `photo-credit` respectively.

The CLI runs once per variant over all languages (a subprocess per file
would make the suite slow); each language is still its own test case.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from provenance.language import LANGUAGES   # every language with a phrase pack
from provenance.phrases import PhraseBook

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "languages"
BLOCKING = ("error", "warning")


def _check(paths: list[Path]) -> tuple[int, dict[str, dict]]:
    proc = subprocess.run(
        [sys.executable, "-m", "provenance", "check", "--format", "json",
         "--declare", "ai=generated", *map(str, paths)],
        capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode in (0, 1) and proc.stdout, proc.stderr
    report = json.loads(proc.stdout)
    by_lang = {Path(f["path"]).parent.name: f for f in report["files"]}
    return proc.returncode, by_lang


def _lines(lang: str) -> list[str]:
    return (FIXTURES / lang / "pass.txt").read_text(encoding="utf-8").splitlines()


def _credit_line(lines: list[str]) -> int:
    """Index of the credit: the last line of the caption paragraph after the source line."""
    i = 2
    while i + 1 < len(lines) and lines[i + 1].strip():
        i += 1
    return i


def _go_to_original_line(lines: list[str]) -> int:
    return max(i for i, line in enumerate(lines) if line.strip())


def _variant(tmp: Path, name: str, drop) -> list[Path]:
    out = []
    for lang in LANGUAGES:
        lines = _lines(lang)
        del lines[drop(lines)]
        path = tmp / name / lang / "story.txt"
        path.parent.mkdir(parents=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out.append(path)
    return out


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("languages")
    return {
        "pass": _check([FIXTURES / lang / "pass.txt" for lang in LANGUAGES]),
        "fail": _check([FIXTURES / lang / "fail.txt" for lang in LANGUAGES]),
        "no-link": _check(_variant(tmp, "no-link", _go_to_original_line)),
        "no-credit": _check(_variant(tmp, "no-credit", _credit_line)),
    }


def _blocking(entry: dict) -> list[tuple[str, str]]:
    return [(f["category"], f["rule"]) for f in entry["findings"] if f["severity"] in BLOCKING]


def test_every_pack_language_has_fixtures():
    packs = {p.stem for p in (ROOT / "rules" / "phrases").glob("*.yaml")} - {"common"}
    assert packs == set(LANGUAGES)
    for lang in LANGUAGES:
        assert (FIXTURES / lang / "pass.txt").is_file() and (FIXTURES / lang / "fail.txt").is_file()


def test_all_passing_stories_exit_zero(reports):
    code, _ = reports["pass"]
    assert code == 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_passing_story_has_no_error_or_warning(reports, lang):
    entry = reports["pass"][1][lang]
    assert entry["status"] == "pass"
    assert _blocking(entry) == []
    assert entry["signals"]["aggregated"] is True          # the source line was recognised
    assert entry["signals"].get("notice")                   # the AI notice was recognised


@pytest.mark.parametrize("lang", LANGUAGES)
def test_story_without_notice_fails_only_on_ai_disclosure(reports, lang):
    code, files = reports["fail"]
    assert code == 1
    entry = files[lang]
    assert entry["status"] == "fail"
    assert {cat for cat, _ in _blocking(entry)} == {"ai-disclosure"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_story_without_go_to_original_fails_on_source_link(reports, lang):
    entry = reports["no-link"][1][lang]
    assert {cat for cat, _ in _blocking(entry)} == {"source-link"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_story_without_credit_fails_on_photo_credit(reports, lang):
    entry = reports["no-credit"][1][lang]
    assert {cat for cat, _ in _blocking(entry)} == {"photo-credit"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fixture_parts_are_written_in_the_pack_wording(lang):
    """The source line, notice and link use the language's own pack, not a neighbour's."""
    book = PhraseBook.builtin()
    lines = _lines(lang)
    assert any(book.find("relative_time", lines[2])), lines[2]
    text = "\n".join(lines)
    fail = (FIXTURES / lang / "fail.txt").read_text(encoding="utf-8")
    removed = [line for line in lines if line not in fail.splitlines()]
    assert len(removed) == 1 and book.find_notice(removed[0]) is not None, removed
    assert book.search("go_to_original", lines[_go_to_original_line(lines)]), lang
    assert lines[_credit_line(lines)] in text
