"""DESIGN §5 "Decisions that tests rely on", one small constructed article each."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]


def check(tmp_path, name, text, *args):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    p = run_cli(["check", "--format", "json", "--today", "2026-11-25", *args, path], cwd=tmp_path)
    rep = json.loads(p.stdout)
    return sorted({(f["category"], f["rule"]) for f in rep["files"][0]["findings"]
                   if f["severity"] != "info"}), rep["files"][0]


def page(body, head="", lang="en"):
    return f"<html lang='{lang}'><head>{head}</head><body><article><h1>T</h1>{body}<p>Text.</p></article></body></html>"


def fig(caption, src="https://cdn.example/a.jpg"):
    return f"<figure><img src='{src}' width='800' height='500'><figcaption>{caption}</figcaption></figure>"


@pytest.mark.parametrize("caption", [
    "Der Hafen. Foto: Bernd Wüstneck/dpa",
    "Le strade allagate a Faenza (Ansa)",
    "Waves in Brighton. <span class='credit'>Gareth Fuller</span>",
    "Der Hafen. © Stadt Rostock",
    "Der Hafen. Foto: privat",
    "Le port. Photo : DR",
    "Pożar hali. Fot. Jakub Kaczmarczyk / PAP",
    "Storm damage. (AP Photo/Jane Doe)",
    "Storm damage. REUTERS/Jane Doe",
    "Der Hafen. Bild: Archiv/Stadtwerke Kiel",
])
def test_visible_credits(tmp_path, caption):
    found, _ = check(tmp_path, "a.html", page(fig(caption)))
    assert found == []


@pytest.mark.parametrize("caption", ["Der Hafen am Abend.", "Der Hafen (Archivbild).", "Symbolbild"])
def test_not_credits(tmp_path, caption):
    found, _ = check(tmp_path, "a.html", page(fig(caption)))
    assert ("photo-credit", "photo-credit-missing") in found


def test_collective_credit_block_credits_all_images(tmp_path):
    body = fig("Der Kai.") + fig("Die Bühne.", "https://cdn.example/b.jpg") + "<p>Fotos: dpa (1), privat (1)</p>"
    found, _ = check(tmp_path, "a.html", page(body))
    assert found == []


def test_jsonld_ai_image_is_ai_image_not_manifest(tmp_path):
    head = ("<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"image\":{\"@type\":\"ImageObject\","
            "\"url\":\"https://cdn.example/a.jpg\",\"digitalSourceType\":"
            "\"https://schema.org/TrainedAlgorithmicMediaDigitalSource\"}}</script>")
    found, _ = check(tmp_path, "a.html", page(fig("Waves. Photo: Gareth Fuller/PA"), head))
    assert found == [("ai-image", "ai-image-unlabelled")]
    found, _ = check(tmp_path, "a.html", page(fig("AI-generated image. Illustration: Midjourney"), head))
    assert found == []


def test_signature_is_wire_copy_not_a_caption(tmp_path):
    text = ("Neue Radwege in Leipzig\n\nleipzig-heute.de vor 2 Stunden\n"
            "Ein Radfahrer am Ring. Foto: Jan Woitas/dpa\n\n"
            "Die Stadt baut bis 2027 insgesamt 40 Kilometer neue Radwege. dpa/lno\n")
    found, file = check(tmp_path, "a.txt", text)
    assert found == []
    assert file["signals"]["wire_copy"] == "signature 'dpa/lno'"


def test_agency_in_photo_credit_does_not_exempt_a_copy(tmp_path):
    text = ("Neue Radwege in Leipzig\n\nleipzig-heute.de vor 2 Stunden\n"
            "Ein Radfahrer am Ring. Foto: Jan Woitas/dpa\n\n"
            "Die Stadt baut bis 2027 insgesamt 40 Kilometer neue Radwege.\n")
    found, _ = check(tmp_path, "a.txt", text)
    assert found == [("source-link", "source-link-missing")]


def test_canonical_alone_proves_nothing(tmp_path):
    head = "<link rel='canonical' href='https://other.example/story/1'>"
    found, file = check(tmp_path, "a.html", page(fig("Foto: dpa"), head))
    assert found == [] and file["signals"]["aggregated"] is False
    head += "<meta property='og:url' content='https://agg.example/n/1'>"
    found, _ = check(tmp_path, "a.html", page(fig("Foto: dpa"), head))
    assert found == [("source-link", "source-link-missing")]


def test_source_alone_does_not_make_a_copy(tmp_path):
    found, file = check(tmp_path, "a.md", "---\ntitle: T\nsource: https://other.example/story/1\n---\n\nText.\n")
    assert found == [] and file["signals"]["aggregated"] is False


@pytest.mark.parametrize("notice", [
    "Dieser Text wurde mithilfe künstlicher Intelligenz erstellt.",
    "Dieser Text wurde mit Hilfe von KI erstellt.",
    "Dieser Artikel ist KI-gestützt entstanden.",
    "This article was generated with the help of AI.",
    "Cet article a été rédigé avec l'aide de l'intelligence artificielle (IA).",
    "Este artículo ha sido generado con inteligencia artificial (IA).",
    "Artykuł został wygenerowany przez sztuczną inteligencję.",
    "Artykul zostal wygenerowany przez sztuczna inteligencje.",
])
def test_notice_variants(tmp_path, notice):
    found, _ = check(tmp_path, "a.txt", f"Titel\n\nEin Bericht über den Stadtrat.\n\n{notice}\n",
                     "--declare", "ai=generated")
    assert found == []


def test_story_about_ai_is_not_a_notice(tmp_path):
    found, _ = check(tmp_path, "a.txt", "OpenAI\n\nThe company said its AI generated $2bn in revenue.\n",
                     "--declare", "ai=generated")
    assert found == [("ai-disclosure", "ai-notice-missing")]


def test_digital_source_type_undecided_owes_nothing(tmp_path):
    head = ("<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"digitalSourceType\":"
            "\"http://cv.iptc.org/newscodes/digitalsourcetype/dataDrivenMedia\"}</script>")
    found, file = check(tmp_path, "a.html", page(fig("Foto: dpa"), head))
    assert found == [] and file["signals"]["ai"] is None


@pytest.mark.parametrize("label", ["(foto de archivo)", "(foto di archivio)", "(foto de arquivo)"])
def test_archive_label_is_not_a_credit(tmp_path, label):
    text = f"Titular\n\nUn párrafo de texto.\n\nTráfico en Valencia {label}.\n"
    found, _ = check(tmp_path, "a.txt", text)
    assert found == [("photo-credit", "photo-credit-missing")]


def test_language_from_text_when_metadata_is_silent(tmp_path):
    _, file = check(tmp_path, "a.txt", (ROOT / "fixtures" / "seed-article.txt").read_text(encoding="utf-8"))
    assert file["signals"]["language"] == "de"
    _, file = check(tmp_path, "b.txt", "Titel\n\nKurz.\n", "--lang", "fr")
    assert file["signals"]["language"] == "fr"


@pytest.mark.parametrize("caption", [
    "Sara Lopez took a selfie with Andrea Jenkins. CARLOS GONZALEZ • cgonzalez@startribune.com",
    "The mayor at city hall. Jane Doe for The New York Times",
])
def test_newspaper_credit_styles(tmp_path, caption):
    found, _ = check(tmp_path, "a.html", page(fig(caption)))
    assert found == []
