"""HTML reader: what a reader of the page sees is what the checks see."""
from pathlib import Path

import pytest

from provenance.readers import html
from provenance.readers.decode import decode_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
READERS = FIXTURES / "readers"


def read(name: str):
    path = READERS / name
    [article] = html.read(path.read_bytes(), name, str(path))
    return article


def test_hidden_text_never_becomes_blocks():
    article = read("hidden-notices.html")
    text = article.text()
    assert "KI-SECRET" not in text
    assert "KI-SECRET" not in " ".join(link.text for link in article.links)
    # the visible notice survives, with &nbsp; normalised to a space
    assert "Dieser Text wurde mit KI erstellt." in text
    # attributes are kept as what they are, not as text
    [image] = article.images
    assert image.alt == "KI-SECRET-ALT"
    assert article.metadata["meta"]["description"].startswith("KI-SECRET-META")


def test_closed_details_shows_only_its_summary():
    blocks = [b.text for b in read("hidden-notices.html").blocks]
    assert "Mehr" in blocks


def test_article_nested_in_nav_by_broken_markup_is_still_the_scope():
    article = read("broken-nav.html")
    texts = [b.text for b in article.blocks]
    assert texts[0] == "Ełk kupi sześć autobusów"
    assert "Artykuł został wygenerowany przez sztuczną inteligencję." in texts
    assert "Start" not in " ".join(texts)          # the menu is not article text
    assert "Gazeta sp. z o.o." not in " ".join(texts)
    assert article.blocks[0].kind == "heading"
    assert article.blocks[0].location.line == 10
    assert article.blocks[0].location.selector.endswith("article > h1")


def test_figure_caption_and_credit():
    article = read("figures.html")
    lead, lazy, loose = article.images
    assert lead.src == "/img/lead.jpg"
    assert lead.caption == "Harbour at dawn. Photo: Jane Roe/AP"   # aria-hidden part excluded
    assert lead.credit == "Photo: Jane Roe/AP"
    assert (lead.width, lead.height) == (1280, 720)
    assert "lead" in lead.classes.split() and "pic" in lead.classes.split()
    assert lead.location.selector.endswith("figure:nth-of-type(1) > picture > img")
    assert lazy.src == "https://cdn.example.com/lazy.jpg" and lazy.remote
    assert lazy.credit == "Foto: dpa"                               # <small> inside figcaption
    assert loose.caption == "A loose picture. Bild: Max Muster"     # caption element after the image
    assert (loose.width, loose.height) == (300, 200)                # inline CSS size
    assert [b.kind for b in article.blocks].count("caption") == 3


def test_links_resolved_against_the_page_url_but_not_fake_targets():
    links = {link.text: link for link in read("figures.html").links}
    assert links["relative link"].href == "https://news.example.com/original/story-1"
    assert links["relative link"].rel == "nofollow"
    assert links["Back to top"].href == "#"
    assert links["JS"].href == "javascript:void(0)"


def test_invalid_jsonld_block_is_info_and_valid_one_is_kept():
    article = read("jsonld-mixed.html")
    [problem] = article.problems
    assert (problem.code, problem.severity) == ("input-jsonld", "info")
    assert problem.message.startswith("invalid JSON-LD block at line 11")
    assert article.headline == "Viaduct to get repairs"
    assert article.published == "2026-11-23"
    assert article.language == "en"
    assert article.section == "News"
    assert article.byline == "Helen Metcalfe"
    assert article.own_url == "https://aggregator.example/uk/viaduct"
    assert article.canonical == "https://www.daleherald.example/news/viaduct-31902/"
    assert article.based_on == ["https://www.daleherald.example/news/viaduct-31902/"]
    assert article.declared["digital_source_type"].origin == "JSON-LD"
    assert article.declared["ai"].value == "generated"
    assert article.declared["ai"].origin == "meta provenance:ai"
    assert article.declared["reviewed"].value is True
    assert len(article.metadata["jsonld"]) == 1


def test_jsonld_image_object_attaches_to_the_matching_img():
    article = read("jsonld-mixed.html")
    [image] = article.images
    assert image.metadata["dateCreated"] == "2017-06-03"
    assert image.metadata["creditText"] == "Helen Metcalfe/Dales Herald"
    assert image.metadata["copyrightHolder"] == "Dales Herald"
    assert image.credit == ""          # metadata credit is not a visible credit
    [unused] = article.metadata["jsonld_images"]
    assert unused["url"] == "https://cdn.example/unused.jpg"


@pytest.mark.parametrize("name, heading, paragraph", [
    ("latin2-meta.html", "Łódź i Kraków", "Artykuł został wygenerowany przez sztuczną inteligencję."),
    ("cp1252-meta.html", "Café", "„KI“ – Grüße"),
])
def test_charset_declared_in_meta_decodes_right(name, heading, paragraph):
    article = read(name)
    assert [b.text for b in article.blocks] == [heading, paragraph]
    assert article.problems == []


def test_undeclared_non_utf8_is_an_encoding_warning_and_still_read():
    article = read("cp1252-undeclared.html")
    [problem] = article.problems
    assert (problem.code, problem.severity) == ("input-encoding", "warning")
    assert [b.text for b in article.blocks] == ["München", "Straße – „KI“"]


def test_decode_text():
    assert decode_text("Grüße".encode()) == ("Grüße", None)
    assert decode_text(b"\xef\xbb\xbfhi") == ("hi", None)
    assert decode_text("Łódź".encode("iso-8859-2"), "ISO-8859-2") == ("Łódź", None)
    text, problem = decode_text("Grüße".encode("cp1252"))
    assert text == "Grüße" and problem.code == "input-encoding"
    text, problem = decode_text(b"\x81\x93x\x94")     # 0x81 is undefined in windows-1252
    assert text == "\x81“x”"


def test_suppression_comments():
    article = read("suppressions.html")
    found = {(s.rule, s.reason, s.location.line) for s in article.suppressions}
    assert found == {
        ("photo-credit-missing", "agency picture, credited in print", 2),
        ("ai-notice-missing", None, 8),
        ("source-link-missing", None, 8),
    }
    assert "provenance" not in article.text()


def test_fragment_is_appended_with_the_same_visibility_rules():
    [article] = html.read(b"<html><body><article><p>Page</p></article></body></html>", "p.html", None)
    html.read_fragment('<p>Feed text <span hidden>SECRET</span></p><figure><img src="a.jpg">'
                       '<figcaption>Cap <cite>Foto: dpa</cite></figcaption></figure>'
                       '<a href="https://x.example/a">orig</a>', article, "/body_html", line_offset=9)
    assert [b.text for b in article.blocks] == ["Page", "Feed text", "Cap Foto: dpa", "orig"]
    assert article.blocks[1].location.selector == "/body_html p"
    assert article.blocks[1].location.line == 10
    assert article.images[0].credit == "Foto: dpa"
    assert article.links[0].href == "https://x.example/a"


def test_garbage_and_empty_input_do_not_crash():
    [empty] = html.read(b"", "e.html", None)
    assert not empty.checked and empty.problems[0].severity == "error"
    [messy] = html.read(b"<div><p>Unclosed <b>bold <i>text</table></span>\x00\xff", "m.html", None)
    assert messy.checked and "Unclosed" in messy.text()


CORPUS = sorted((FIXTURES / "corpus-html").glob("*.html"))


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_real_pages_read_with_headline_and_blocks(path):
    [article] = html.read(path.read_bytes(), path.name, str(path))
    assert article.checked and article.headline
    assert len(article.blocks) >= 5
    assert not [p for p in article.problems if p.severity != "info"]


def test_real_page_scope_excludes_site_chrome():
    path = FIXTURES / "corpus-html" / "en_reuters_postlight.html"
    [article] = html.read(path.read_bytes(), path.name, None)
    assert article.headline.startswith("Fed lifts rates")
    assert any("(Reuters)" in b.text for b in article.blocks)
