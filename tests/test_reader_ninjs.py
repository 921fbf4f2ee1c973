"""ninjs reader: version detection, schema validation, name mapping."""
import json
from pathlib import Path

import pytest

from provenance.phrases import PhraseBook
from provenance.readers import ninjs

FORMATS = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
BOOK = PhraseBook.builtin()      # the phrase packs a run hands the reader


def read(name: str):
    path = FORMATS / name
    articles = ninjs.read(path.read_bytes(), name, str(path), BOOK)
    assert len(articles) == 1
    return articles[0]


def test_sniff_accepts_ninjs_and_rejects_other_json():
    assert ninjs.sniff((FORMATS / "ninjs3.0_dpa_text.json").read_bytes())
    assert ninjs.sniff((FORMATS / "ninjs1.4_businesswire-newsml-20130515006361.json").read_bytes())
    assert not ninjs.sniff(b'{"name": "my-package", "version": "1.0.0"}')
    assert not ninjs.sniff((FORMATS / "jsonfeed_small.json").read_bytes())
    assert not ninjs.sniff(b"<rss/>")


def test_ninjs3_real_dpa_text_maps_camel_case_names():
    article = read("ninjs3.0_dpa_text.json")
    assert article.format == "ninjs"
    assert article.headline == "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?"
    assert article.language == "de"
    assert article.published == "2019-05-10"          # versionCreated (no firstCreated)
    assert article.byline == "Von Christian Hollmann, dpa"
    assert article.problems == []
    assert article.blocks[0].text.startswith("Für Lucien Favre")
    assert article.blocks[0].location.selector.startswith("/bodies/0/value")


def test_ninjs1_names_and_local_rendition_preferred():
    article = read("ninjs1.6_text-local-picture.json")
    assert article.metadata["ninjs_version"] == "1.6"
    assert article.problems == []
    assert article.headline == "Stadtfest lockt 40.000 Besucher an"
    assert article.published == "2026-11-22"          # firstcreated beats versioncreated
    assert article.byline == "Petra Lange"
    assert article.declared["digital_source_type"].value.endswith("/trainedAlgorithmicMedia")
    assert article.declared["digital_source_type"].origin == "ninjs"
    assert [b.text for b in article.blocks][-1].startswith("Hinweis: Dieser Artikel")
    assert article.blocks[0].location.selector == "/body_text"
    (image,) = article.images
    assert image.src == "media/stadtfest.jpg"          # relative: resolved by the image stage
    assert not image.remote
    assert (image.width, image.height) == (800, 450)
    assert image.caption == "Besucher auf dem Marktplatz am Samstagabend."
    assert image.credit == "Foto: Petra Lange"
    assert image.location.selector == "/associations/featureimage/renditions/local"


def test_schema_violation_is_a_warning_and_the_file_is_still_read():
    article = read("ninjs3.1_schema-violation-geojson.json")
    assert article.checked
    (problem,) = article.problems
    assert problem.code == "input-schema"
    assert problem.severity == "warning"
    assert problem.message.startswith("ninjs 3.1 schema: 'published' is not one of")
    assert problem.location.selector == "/pubStatus"
    assert article.headline == "Saumur : le marché de Noël ouvre vendredi"
    assert [b.text for b in article.blocks] == [
        "Le marché de Noël de Saumur ouvrira vendredi sur la place de la Bilange.",
        "Une cinquantaine d'exposants sont attendus."]
    assert article.published == "2026-11-20"
    assert article.declared["digital_source_type"].value.endswith("/humanEdits")


def test_geojson_reference_resolves_locally_without_network(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the ninjs reader tried to open a network connection")
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    doc = json.loads((FORMATS / "ninjs3.1_schema-violation-geojson.json").read_bytes())
    doc["pubStatus"] = "usable"
    good = ninjs.schema_problems(doc, "3.1")
    assert good == []
    doc["places"][0]["geoJSON"] = {"type": "Circle"}      # not a GeoJSON type
    bad = ninjs.schema_problems(doc, "3.1")
    assert bad and bad[0].location.selector.startswith("/places/0/geoJSON")


def test_ninjs2_picture_shown_in_body_is_not_counted_twice():
    article = read("ninjs2.1_tt_text_image_2.json")
    assert article.headline == "Militärövning i jätteformat hålls 2023"
    assert article.published == "2021-05-26"
    assert len(article.images) == 1
    assert article.images[0].credit == "Karl Melander/TT"


def test_nitf_body_in_ninjs_becomes_blocks():
    article = read("ninjs3.0_addb-nitf.json")
    kinds = [b.kind for b in article.blocks]
    assert "heading" in kinds and "paragraph" in kinds
    assert any("ASADA" in b.text for b in article.blocks)
    assert all(b.location.selector.startswith("/bodies/0/value") for b in article.blocks)


def test_picture_item_is_its_own_image_with_credit():
    article = read("ninjs3.0_SIPA_image_3.json")
    (image,) = article.images
    assert image.credit == "Insidefoto"
    assert image.location.selector == "/renditions/0"
    assert image.remote


def test_associations_as_object_use_the_largest_remote_rendition():
    article = read("ninjs1.4_businesswire-newsml-20130515006361.json")
    photo = next(i for i in article.images if "/photo/" in i.location.selector)
    assert photo.location.selector == "/associations/photo/renditions/highres"
    assert (photo.width, photo.height) == (2055, 2064)


@pytest.mark.parametrize("data", [b"", b"{not json", b"[1, 2]"])
def test_unreadable_json_is_one_unchecked_article(data):
    (article,) = ninjs.read(data, "bad.json", "bad.json", BOOK)
    assert not article.checked
    assert article.problems[0].code == "input-unparseable"
    assert article.problems[0].severity == "error"
