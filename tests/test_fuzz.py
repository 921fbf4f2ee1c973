"""Standing fuzz suite (issue #12): property tests with hypothesis over every
reader and every report writer, in the normal test run.

Bounded and deterministic: `derandomize=True` (the examples are derived from
the test itself, so CI sees the same inputs every run), no example database,
a few dozen examples per reader. Inputs are real fixtures with bytes
flipped, cut, duplicated and spliced in, plus markup fragments known to
trip parsers. The properties: a reader never raises, returns Articles, and
every report format renders whatever the readers produced as encodable text.

The long-running, coverage-guided counterpart is `fuzz/harness.py` (atheris).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from provenance import detect
from provenance.article import Article
from provenance.phrases import PhraseBook

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"

SEEDS = {
    ".txt": [FIXTURES / "seed-article.txt"],
    ".html": sorted((FIXTURES / "readers").glob("*.html"))[:6],
    ".md": sorted((FIXTURES / "readers").glob("*.md"))[:4],
    ".json": sorted((FIXTURES / "formats").glob("ninjs*.json"))[:4]
    + [FIXTURES / "formats" / "jsonfeed_small.json"],
    ".xml": sorted((FIXTURES / "formats").glob("newsml-g2_*.xml"))[:4],
    ".rss": sorted((FIXTURES / "formats").glob("*.rss"))[:2] + sorted((FIXTURES / "formats").glob("*.atom")),
    ".jpg": [FIXTURES / "media" / n for n in ("ai-generated.jpg", "iptc-credit.jpg", "truncated.jpg")],
}
SEED_BYTES = {ext: [p.read_bytes()[:20000] for p in paths if p.is_file()] for ext, paths in SEEDS.items()}

# fragments that have broken parsers before
NASTY = [b"\x00", b"\x01", b"\x1b[2J", b"\xff\xfe", b"\xef\xbb\xbf", b"\xed\xa0\x80", b"\\udfff", b"<",
         b"</", b"<a\x01b>", b"<!--", b"]]>", b"<![CDATA[", b"&#0;", b"&#xD800;", b"&bogus;", b"<?xml",
         b'<meta charset="utf-7">', b'<meta charset="unicode_escape">', b"{", b"[" * 200, b'"',
         b"\\u0000", b"---\n", b"&a", b"*a", b"1e400", b"9" * 400, b"-" * 3, b"\r", b"\t", b"\xc0\x80",
         b'<script type="application/ld+json">', b"</script>", b"<img src=", b"file:///etc/passwd",
         b"PK\x03\x04", b"\x89PNG", b"JUMB", b"c2pa"]

SETTINGS = settings(max_examples=25, derandomize=True, database=None, deadline=None,
                    suppress_health_check=list(HealthCheck))


@st.composite
def mutated(draw, ext: str) -> bytes:
    seeds = SEED_BYTES[ext]
    data = bytearray(draw(st.sampled_from(seeds)) if seeds else b"")
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "nasty", "dup"]))
        at = draw(st.integers(0, len(data))) if data else 0
        if op == "flip" and data:
            at = min(at, len(data) - 1)
            data[at] ^= draw(st.integers(1, 255))
        elif op == "cut":
            data = data[:at] + data[at + draw(st.integers(0, 400)):]
        elif op == "insert":
            data[at:at] = draw(st.binary(max_size=40))
        elif op == "nasty":
            data[at:at] = draw(st.sampled_from(NASTY)) * draw(st.integers(1, 3))
        elif op == "dup" and data:
            end = min(len(data), at + draw(st.integers(1, 300)))
            data[at:at] = data[at:end] * draw(st.integers(1, 4))
    return bytes(data)


def _read(data: bytes, ext: str) -> list[Article]:
    articles = detect.read(data, f"fuzz{ext}", None, PhraseBook.builtin())
    assert isinstance(articles, list) and all(isinstance(a, Article) for a in articles)
    for a in articles:
        a.text()
    return articles


@pytest.mark.parametrize("ext", sorted(SEEDS))
def test_readers_never_raise_on_mutated_fixtures(ext):
    @SETTINGS
    @given(mutated(ext))
    def prop(data):
        _read(data, ext)
    prop()


@pytest.mark.parametrize("ext", [".txt", ".html", ".json", ".xml"])
def test_readers_never_raise_on_arbitrary_bytes(ext):
    @SETTINGS
    @given(st.binary(max_size=2000))
    def prop(data):
        _read(data, ext)
    prop()


@SETTINGS
@given(st.text(max_size=300), st.sampled_from([".txt", ".html", ".md", ".json"]))
def test_any_text_with_surrogates_and_controls_checks_and_renders_everywhere(text, ext):
    """A whole check of any text (including lone surrogates from JSON escapes
    and control characters) renders in every report format."""
    from provenance.report import FORMATS, render
    from provenance.result import Report
    if ext == ".json":
        data = json.dumps({"uri": "urn:x", "type": "text", "headline": text, "body_text": text,
                           "associations": {"p": {"type": "picture", "uri": text + ".jpg"}}}).encode()
    elif ext == ".html":
        data = f"<html><body><h1>{text}</h1><figure><img src='x{text}.jpg'><figcaption>{text}" \
               f"</figcaption></figure></body></html>".encode("utf-8", "surrogatepass")
    else:
        data = ("Title\n\n" + text).encode("utf-8", "surrogatepass")
    runner = _runner()
    report = Report(root=str(ROOT))
    report.files += runner.check_path("-", data=data, display=f"fuzz{text[:5]}{ext}")
    for fmt in FORMATS:
        out = render(fmt, report, runner.catalogue)
        from provenance.output import clean
        clean(out).encode("utf-8")
        if fmt == "text":
            assert "\x1b" not in out


_RUNNER = None


def _runner():
    global _RUNNER
    if _RUNNER is None:
        from provenance.run import Options, Runner
        _RUNNER = Runner(Options(today="2026-11-25"))
    return _RUNNER
