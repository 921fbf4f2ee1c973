"""NewsML-G2 reader: items, packages, NITF/XHTML bodies, pictures, safety."""
from pathlib import Path

from provenance.phrases import PhraseBook
from provenance.readers import newsml

FORMATS = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
BOOK = PhraseBook.builtin()      # the phrase packs a run hands the reader


def read(name: str):
    path = FORMATS / name
    return newsml.read(path.read_bytes(), name, str(path), BOOK)


def test_sniff():
    assert newsml.sniff((FORMATS / "newsml-g2_qcode-nitf.xml").read_bytes())
    assert newsml.sniff((FORMATS / "dpa-dw2g2_image.xml").read_bytes())       # newsMessage
    assert newsml.sniff((FORMATS / "newsinjson_TT_newsmlg2_sample.xml").read_bytes())  # no namespace
    assert not newsml.sniff((FORMATS / "atom_xhtml.atom").read_bytes())
    assert not newsml.sniff(b'<?xml version="1.0"?><project><name>x</name></project>')


def test_qcode_alias_is_resolved_to_the_iptc_uri():
    (article,) = read("newsml-g2_qcode-nitf.xml")
    declared = article.declared["digital_source_type"]
    assert declared.value == ("http://cv.iptc.org/newscodes/digitalsourcetype/"
                              "trainedAlgorithmicMedia")
    assert declared.origin == "NewsML-G2 contentMeta"
    assert newsml.resolve_qcode("unknownalias:x") == "unknownalias:x"


def test_nitf_body_metadata_and_locations():
    (article,) = read("newsml-g2_qcode-nitf.xml")
    assert article.format == "newsml"
    assert article.headline == "Lucca, le Mura si illuminano"
    assert article.language == "it"
    assert article.published == "2026-11-22"           # firstCreated
    assert article.byline == "Redazione web"
    texts = [b.text for b in article.blocks]
    assert texts[-1] == "Questo articolo è stato generato con l'intelligenza artificiale (IA)."
    byline = next(b for b in article.blocks if b.kind == "byline")
    assert byline.text == "di Redazione web"
    first_p = next(b for b in article.blocks if b.kind == "paragraph")
    assert first_p.location.selector == \
        "/newsItem/contentSet/inlineXML/nitf/body/body.content/p[1]"
    assert first_p.location.line == 27
    (link,) = article.links
    assert link.href == "https://www.comune.lucca.it/mura" and link.text == "il progetto"
    (image,) = article.images
    assert image.src == "mura.jpg" and not image.remote
    assert image.caption == "Le Mura illuminate di notte."
    assert image.credit == "Foto: Comune di Lucca"
    assert image.alt == "Le Mura di notte"


def test_real_iptc_text_document():
    (article,) = read("iptc_LISTING_2_NewsML-G2_Text_Document.xml")
    assert article.headline == 'Fed to halt QE to avert "bubble"'
    assert article.language == "en-US"
    assert article.byline == "Meredith Jameson"
    assert article.published == "2016-11-21"           # contentCreated (no firstCreated)
    assert sum(b.kind == "paragraph" for b in article.blocks) == 2


def test_picture_item_credit_from_creditline_and_relative_src_kept():
    (article,) = read("iptc_LISTING_3_Photo_in_NewsML-G2.xml")
    (image,) = article.images
    assert image.src == "./GYI0062134533.jpg"           # the local highRes rendition
    assert image.credit == "Getty Images"
    assert image.caption.startswith("A general view of part of downtown")
    assert (image.width, image.height) == (1500, 1001)
    assert image.location.selector == "/newsItem/contentSet/remoteContent[1]"


def test_news_message_is_unwrapped():
    (article,) = read("dpa-dw2g2_image.xml")
    assert article.path == "dpa-dw2g2_image.xml"
    assert article.headline == "Caroline Kennedy"
    (image,) = article.images
    assert image.credit == "Steve Helber/AP/dpa" and image.remote


def test_xhtml_body_of_a_real_dpa_item():
    (article,) = read("dpa-dw2g2_embargoed.xml")
    assert article.headline == "Steinmeier: Russland zerstört kulturelles Erbe der Ukraine"
    assert any(b.text.startswith("Berlin (dpa) - Bundespräsident") for b in article.blocks)
    assert all(b.location.selector.startswith("/newsMessage/itemSet/newsItem/contentSet/inlineXML")
               for b in article.blocks)


def test_package_in_a_message_joins_its_items_and_skips_pictures_the_body_shows():
    (article,) = read("newsinjson_TT_newsmlg2_sample.xml")
    assert article.headline == 'Jan Guillou skriver på ny "Hamilton"-bok'
    assert any("pensionärsäventyr" in b.text for b in article.blocks)
    (image,) = article.images                           # the body's figure, not a duplicate
    assert "Naina Helén Jåma/TT" in image.credit


def test_package_reads_local_item_files_beside_it():
    (article,) = read("newsml-g2_package.xml")
    assert article.headline == "Groningen verlengt proef met gratis nachtbus"
    assert article.byline == "Door Anke de Vries"
    assert [b.text for b in article.blocks][0].startswith("De gemeente Groningen")
    assert article.declared["digital_source_type"].value.endswith("/humanEdits")
    (image,) = article.images
    assert image.src == "media/nachtbus.jpg"            # local rendition preferred
    assert image.credit == "ANP / Jan Bakker"


def test_entity_bomb_is_refused_as_an_input_error():
    (article,) = read("newsml-g2_entity-bomb.xml")
    assert not article.checked
    (problem,) = article.problems
    assert problem.code == "input-unparseable" and problem.severity == "error"
    assert "entity" in problem.message and "bomb" in problem.message
    assert article.blocks == []


def test_newsml_1_is_reported_as_unsupported():
    (article,) = read("newsml-1.x.xml")
    assert not article.checked
    (problem,) = article.problems
    assert problem.code == "input-unsupported-format"
    assert "NewsML 1.x (not supported; NewsML-G2 is)" in problem.message


def test_malformed_xml_is_unparseable():
    (article,) = newsml.read(b"<newsItem xmlns='http://iptc.org/std/nar/2006-10-01/'><oops>",
                             "x.xml", None, BOOK)
    assert not article.checked and article.problems[0].code == "input-unparseable"


def test_several_items_get_item_paths():
    data = (FORMATS / "newsml-g2_text-xhtml.xml").read_text("utf-8").split("?>", 1)[1]
    message = ('<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>'
               + data + data.replace("text-7", "text-8") + "</itemSet></newsMessage>")
    articles = newsml.read(message.encode(), "msg.xml", None, BOOK)
    assert [a.path for a in articles] == ["msg.xml#item-1", "msg.xml#item-2"]
