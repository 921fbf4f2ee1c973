"""Feed reader: RSS 2.0, Atom and JSON Feed items as articles."""
from pathlib import Path

from provenance.phrases import PhraseBook
from provenance.readers import feeds

FORMATS = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
BOOK = PhraseBook.builtin()      # the phrase packs a run hands the reader


def read(name: str):
    path = FORMATS / name
    return feeds.read(path.read_bytes(), name, str(path), BOOK)


def test_sniff():
    for name in ("rss2_media-latin1.rss", "atom_xhtml.atom", "jsonfeed_small.json",
                 "trafilatura_npr-technology.feed.json", "rss-parser_uolNoticias.rss"):
        assert feeds.sniff((FORMATS / name).read_bytes()), name
    assert not feeds.sniff((FORMATS / "newsml-g2_qcode-nitf.xml").read_bytes())
    assert not feeds.sniff((FORMATS / "ninjs3.0_dpa_text.json").read_bytes())


def test_rss_items_are_articles_with_item_paths():
    articles = read("rss2_media-latin1.rss")
    assert [a.path for a in articles] == ["rss2_media-latin1.rss#item-1",
                                          "rss2_media-latin1.rss#item-2"]
    assert {a.format for a in articles} == {"rss"}
    first = articles[0]
    assert first.headline == "Câmara aprova novo parque na Ribeira"   # ISO-8859-1 decoded
    assert first.language == "pt-pt"                                  # from the channel
    assert first.published == "2026-11-23"                            # "Seg, 23 Nov 2026"
    assert first.byline == "Ana Sousa"
    assert first.section == "Local"
    assert first.own_url == "https://www.gazeta-exemplo.pt/local/parque-ribeira-1001"
    # content:encoded (the full text) is read instead of the description
    assert [b.text for b in first.blocks] == [
        "A Câmara Municipal aprovou esta segunda-feira o projeto do novo parque na Ribeira.",
        "As obras começam em março."]
    assert first.blocks[0].location.selector.startswith("/rss/channel/item[1]/content:encoded")
    assert first.blocks[0].location.line == 15


def test_media_credit_is_a_credit_and_a_group_is_one_picture():
    first = read("rss2_media-latin1.rss")[0]
    (image,) = first.images
    assert image.src == "https://img.gazeta-exemplo.pt/parque-1600.jpg"   # largest rendition
    assert image.caption == "O local do futuro parque, junto ao rio."
    assert image.credit == "Foto: Rui Costa/Lusa"
    assert image.location.selector == "/rss/channel/item[1]/media:group/media:content[1]"
    assert image.location.line == 17


def test_local_media_content_stays_relative_and_enclosures_of_any_medium_count():
    second = read("rss2_media-latin1.rss")[1]
    assert second.based_on == ["https://www.outro-jornal.pt/cultura/festival-jazz-2027"]
    local, poster, audio = second.images              # the audio enclosure is carried as audio
    assert [i.medium for i in second.images] == ["image", "image", "audio"]
    assert audio.src.endswith("jazz.mp3") and audio.remote
    assert local.src == "media/jazz.jpg" and not local.remote
    assert local.caption == "Palco do festival"
    assert local.credit == "© Festival de Jazz"   # media:copyright
    assert (local.width, local.height) == (1200, 800)
    assert poster.src.endswith("jazz-cartaz.png") and poster.remote and not poster.credit


def test_undeclared_latin1_feed_reads_with_an_encoding_warning():
    articles = read("rss-parser_uolNoticias.rss")
    assert len(articles) > 10 and all(a.checked for a in articles)
    assert "simulações" in articles[0].headline
    assert articles[0].problems[0].code == "input-encoding"
    assert articles[0].problems[0].severity == "warning"


def test_declared_latin1_feed_decodes_and_prefers_the_feedburner_original_link():
    articles = read("rss-parser_jn-pt_iso8859-1.rss")
    assert len(articles) == 40
    assert articles[0].headline == "Mãe de utente é a nova presidente da Raríssimas"
    assert articles[0].own_url.startswith("https://www.jn.pt/")
    assert articles[0].problems == []
    assert articles[0].blocks[0].text.startswith("Sónia Laygue")


def test_atom_entries():
    first, second = read("atom_xhtml.atom")
    assert first.format == "atom" and first.path == "atom_xhtml.atom#item-1"
    assert first.headline == "Ferry & rail timetable changes"         # type="html" title
    assert first.own_url == "https://www.example-observer.co.uk/transport/ferry-rail-20990"
    assert first.based_on == ["https://www.other-paper.co.uk/news/ferry-rail-timetable"]
    assert first.byline == "Newsdesk"                                 # feed-level author
    assert first.published == "2026-11-23"                            # updated (no published)
    assert first.section == "Transport"
    assert first.language == "en"
    assert [b.text for b in first.blocks] == [
        "New timetables for the ferry and rail services start on Monday.",
        "This article was generated with AI."]
    assert first.blocks[0].location.selector.startswith("/feed/entry[1]/content")
    assert second.published == "2026-11-22"
    assert second.byline == "Morag Campbell"
    assert [b.text for b in second.blocks] == ["Plans to extend the harbour have been approved."]
    assert second.images[0].src == "https://cdn.example-observer.co.uk/harbour.jpg"


def test_json_feed_items():
    first, second = read("jsonfeed_small.json")
    assert first.format == "jsonfeed" and first.path == "jsonfeed_small.json#item-1"
    assert first.headline == "Delivery drones reach rural clinics"
    assert first.published == "2026-11-23"
    assert first.byline == "Sam Lee"
    assert first.language == "en"
    assert first.own_url == "https://tech.example.com/2026/11/23/drones"
    assert first.based_on == ["https://www.original-news.example.org/drones-story"]
    assert [b.text for b in first.blocks][0] == "Drones now deliver blood samples to rural clinics."
    assert first.images[-1].src == "https://tech.example.com/img/drone.jpg"
    assert first.images[-1].location.selector == "/items/0/image"
    assert second.byline == "Example Tech staff"
    assert [b.text for b in second.blocks] == ["First paragraph.", "Second paragraph."]


def test_real_json_feed_with_escaped_slashes():
    articles = read("trafilatura_npr-technology.feed.json")
    assert len(articles) == 25
    assert all(a.headline and a.published for a in articles)


def test_localised_rfc822_dates():
    assert feeds.feed_date("Seg, 24 Set 2018 19:38:00 -0300") == "2018-09-24"
    assert feeds.feed_date("Mo, 3 Mär 2025 10:00:00 +0100") == "2025-03-03"
    assert feeds.feed_date("Wed, 03 Jan 2018 13:47:00 GMT") == "2018-01-03"
    assert feeds.feed_date("2026-11-23T07:00:00Z") == "2026-11-23"
    assert feeds.feed_date("yesterday") is None


def test_unreadable_feed_is_one_unchecked_article():
    (article,) = feeds.read(b"<rss><channel><item>", "broken.rss", None, BOOK)
    assert not article.checked and article.problems[0].code == "input-unparseable"
    (article,) = feeds.read(b'{"version": "https://jsonfeed.org/version/1", ', "f.json", None, BOOK)
    assert not article.checked and article.format == "jsonfeed"
