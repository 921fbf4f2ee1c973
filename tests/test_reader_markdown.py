"""Markdown reader: front matter, blocks with lines, images with caption lines."""
import json
import subprocess
import sys
from pathlib import Path

from provenance.phrases import PhraseBook
from provenance.readers import markdown

READERS = Path(__file__).resolve().parent.parent / "fixtures" / "readers"
BOOK = PhraseBook.builtin()      # the phrase packs a run hands the reader


def read(name: str):
    path = READERS / name
    [article] = markdown.read(path.read_bytes(), name, str(path), BOOK)
    return article


def test_front_matter_becomes_declared_signals_and_fields():
    article = read("article.md")
    assert article.format == "markdown"
    assert article.headline == "Pellworm: Alter Leuchtturm soll Museum werden"
    assert article.language == "de"
    assert article.published == "2026-11-23"
    declared = {key: (d.value, d.origin) for key, d in article.declared.items()}
    assert declared == {
        "ai": ("generated", "front matter"),
        "aggregated": (True, "front matter"),
        "published": ("2026-11-23", "front matter"),
        "source": ("https://www.example.de/pellworm/leuchtturm-123.html", "front matter"),
    }
    assert article.metadata["front_matter"]["published"] == "2026-11-23"


def test_blocks_keep_file_line_numbers():
    blocks = {b.text: b for b in read("article.md").blocks}
    heading = blocks["Pellworm: Alter Leuchtturm soll Museum werden"]
    assert (heading.kind, heading.location.line, heading.location.column) == ("heading", 17, 1)
    notice = blocks["Hinweis: Dieser Artikel wurde mit Künstlicher Intelligenz erstellt."]
    assert (notice.kind, notice.location.line) == ("quote", 32)


def test_image_caption_from_the_italic_line_below():
    article = read("article.md")
    lighthouse, harbour = article.images
    assert (lighthouse.src, lighthouse.alt, lighthouse.title) == ("leuchtturm.jpg", "Der Leuchtturm", "Leuchtturm")
    assert lighthouse.location.line == 19
    assert lighthouse.caption == "So könnte der Leuchtturm aussehen. Grafik: Tourismusverein Pellworm"
    # front matter `images:` credit, matched by src despite the ./ prefix
    assert lighthouse.credit == "Foto: Tourismusverein"
    # italic paragraph after an image-only paragraph
    assert harbour.caption == "Bild: Hanna Petersen"
    captions = [(b.text, b.location.line) for b in article.blocks if b.kind == "caption"]
    assert captions == [(lighthouse.caption, 20), ("Bild: Hanna Petersen", 26)]


def test_links_and_hidden_inline_html():
    article = read("article.md")
    [link] = article.links
    assert (link.text, link.href, link.location.line) == (
        "Original", "https://www.example.de/pellworm/leuchtturm-123.html", 22)
    assert "KI-SECRET" not in article.text()
    assert "Zweiter Absatz mit sichtbarem Text." in article.text()


def test_suppressions_from_front_matter_and_comments():
    found = {(s.rule, s.reason, s.location.line) for s in read("article.md").suppressions}
    assert found == {("photo-credit-missing", "credited in the print edition", 11),
                     ("ai-notice-missing", "declared elsewhere", 30)}


def test_malformed_front_matter_is_a_warning_and_the_body_is_read():
    article = read("bad-front-matter.md")
    [problem] = article.problems
    assert (problem.code, problem.severity) == ("input-front-matter", "warning")
    assert article.declared == {}
    assert article.headline == "Still read"
    assert [(b.text, b.location.line) for b in article.blocks] == [("Still read", 6), ("Body text.", 8)]


def test_non_utf8_markdown_is_an_encoding_warning():
    [article] = markdown.read("# Café\n\nStraße\n".encode("cp1252"), "x.md", None, BOOK)
    assert article.problems[0].code == "input-encoding"
    assert article.headline == "Café"


def test_the_source_line_is_read_with_the_phrase_packs_of_the_run(tmp_path):
    """The reader asks the phrase book it is handed (a user pack's relative
    time here), not the built-in packs of its own."""
    pack = tmp_path / "house.yaml"
    pack.write_text("language: fi\nrelative_time: ['\\d+ iltaa sitten']\n", encoding="utf-8")
    data = "# Otsikko\n\nupday.com 3 iltaa sitten\n\nTeksti.\n".encode()
    [plain] = markdown.read(data, "a.md", None, BOOK)
    [house] = markdown.read(data, "a.md", None, PhraseBook.load([str(pack)]))
    assert plain.source_line is None
    assert (house.source_line.outlet, house.source_line.time) == ("upday.com", "3 iltaa sitten")


def test_inline_marks_beyond_the_budget_are_read_as_plain_text(monkeypatch):
    # markdown-it makes a token per emphasis mark or bracket: past a budget of
    # marks per file a paragraph is kept as its plain text, so a file of
    # 500,000 `*_` is read in linear time (benchmarks/speed.py --only adversarial)
    monkeypatch.setattr(markdown, "MAX_INLINE_MARKS", 20)
    body = ("# Title\n\nSee [the original](https://example.com/a) here.\n\n"
            + "*_" * 30 + " [lost](https://example.com/b)\n\nLast [link](https://example.com/c).\n")
    [article] = markdown.read(body.encode(), "a.md", None, BOOK)
    assert [link.href for link in article.links] == ["https://example.com/a", "https://example.com/c"]
    texts = [b.text for b in article.blocks]
    assert "*_" * 30 + " [lost](https://example.com/b)" in texts
    assert "See the original here." in texts
    # ... and the user is told which paragraph was read as plain text
    [problem] = article.problems
    assert (problem.code, problem.severity, problem.location.line) == ("input-markup-limit", "warning", 5)
    assert "1 paragraph read as plain text" in problem.message


def test_a_markdown_file_beyond_the_inline_budget_gets_an_input_warning(tmp_path):
    # the real budget, through the CLI: 120,000 marks in one paragraph
    page = tmp_path / "marks.md"
    page.write_text("# Title\n\nIntro [source](https://example.com/a).\n\n" + "*_" * 60_000 + "\n")
    done = subprocess.run([sys.executable, "-m", "provenance", "check", "--format", "json", str(page)],
                          capture_output=True, text=True)
    findings = json.loads(done.stdout)["files"][0]["findings"]
    [warning] = [f for f in findings if f["category"] == "input"]
    assert warning["rule"] == "input-unparseable" and warning["severity"] == "warning"
    assert warning["location"]["line"] == 5 and "100,000 inline Markdown marks" in warning["message"]


def test_inline_marks_within_the_budget_are_parsed():
    body = "# Title\n\n" + "*a* " * 50 + "[x](https://example.com/x)\n"
    [article] = markdown.read(body.encode(), "a.md", None, BOOK)
    assert [link.href for link in article.links] == ["https://example.com/x"]
