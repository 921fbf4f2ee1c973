"""Real news pages: every page is checked without an error, and the findings
are exactly the ones a by-hand review of the page's HTML found to be true
(tests/corpus_expected.json says why for each page that has any).

Runs over the team's shared corpus when it is there, and always over the
copies bundled in fixtures/corpus-html (a user's clone has only those).
"""
import json
from pathlib import Path

import pytest

from provenance.run import Options, Runner

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "fixtures" / "corpus-html"
SHARED = ROOT.parent / "shared" / "corpus" / "html"
EXPECTED = json.loads((Path(__file__).with_name("corpus_expected.json")).read_text(encoding="utf-8"))["pages"]

PAGES = sorted(BUNDLED.glob("*.html")) + (sorted(SHARED.glob("*.html")) if SHARED.is_dir() else [])


@pytest.fixture(scope="module")
def runner():
    return Runner(Options(today="2026-11-25"))


def test_bundled_pages_are_there():
    assert len(list(BUNDLED.glob("*.html"))) >= 4


@pytest.mark.parametrize("path", PAGES, ids=[f"{p.parent.parent.name}/{p.name}" for p in PAGES])
def test_page_findings_are_the_reviewed_ones(runner, path):
    assert path.name in EXPECTED, f"{path.name}: review the page and record its findings in corpus_expected.json"
    [result] = runner.check_path(str(path))
    assert result.status != "error", [f.message for f in result.findings]
    found = sorted({(f.rule, f.location.image) for f in result.findings})
    assert found == sorted(tuple(item) for item in EXPECTED[path.name])
