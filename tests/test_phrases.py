"""Phrase packs and the phrase matcher: what counts as a notice, a label, a
credit or a source line, in every pack language."""
from __future__ import annotations


import re
import pytest
import yaml

from provenance.phrases import PhraseBook, PhraseError, validate_pack
from provenance.ruleset import rules_dir

PACKS = sorted((rules_dir() / "phrases").glob("*.yaml"))
LANGUAGE_PACKS = [p for p in PACKS if p.stem != "common"]
CORE = ["de", "en", "pl", "fr", "es", "it", "nl"]


@pytest.fixture(scope="module")
def book() -> PhraseBook:
    return PhraseBook.builtin()


def texts(matches, text):
    return [text[m.start:m.end] for m in matches]


# --- the packs themselves ------------------------------------------------

@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_builtin_pack_validates_against_schema(path):
    validate_pack(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))


@pytest.mark.parametrize("path", LANGUAGE_PACKS, ids=lambda p: p.name)
def test_every_language_pack_covers_the_essentials(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["language"] == path.stem
    assert len(data.get("ai_notice", [])) >= 3
    assert len(data.get("ai_image_label", [])) >= 2
    assert len(data.get("archive_label", [])) >= 2
    assert len(data.get("go_to_original", [])) >= 1
    assert len(data.get("relative_time", [])) >= 1
    parts = data.get("ai_notice_parts")
    assert parts and parts["subject"] and parts["ai"] and parts["verb"]
    assert data.get("detection", {}).get("function_words"), "language detection needs its function words"
    assert data.get("notice_examples"), "the notice grammar's test sentences (notice, negated, reordered)"


def test_core_languages_are_all_there(book):
    assert set(CORE) <= set(book.languages)


@pytest.mark.parametrize("path", LANGUAGE_PACKS, ids=lambda p: p.name)
def test_every_listed_notice_is_found_as_a_notice(book, path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for phrase in data["ai_notice"]:
        assert book.find_notice(phrase) is not None, phrase


# --- the seed article and the variants of DESIGN §5 ------------------------

SEED_NOTICE = "Hinweis: Dieser Artikel wurde mit Künstlicher Intelligenz (KI) erstellt."


@pytest.mark.parametrize("notice", [
    SEED_NOTICE,
    "Tekst powstał przy użyciu SI.",
    "Questo articolo e stato generato con l'intelligenza artificiale (IA).",
    "Dit artikel is gemaakt met behulp van kunstmatige intelligentie (AI).",
    "Cet article a été rédigé avec l'aide de l'intelligence artificielle (IA).",
    "Este artículo ha sido generado con inteligencia artificial (IA).",
    "This article was generated with the help of AI and checked by an editor.",
])
def test_seed_notices_are_found(book, notice):
    m = book.find_notice(notice)
    assert m is not None
    assert m.start == 0


@pytest.mark.parametrize("variant", [
    "Dieser Text wurde mithilfe von KI erstellt",             # one word
    "Dieser Text wurde mit Hilfe von KI erstellt",            # two words
    "Dieser Text wurde KI-gestützt erstellt",
    "Dieser Text wurde KI gestützt erstellt",                 # hyphen vs space
    "Hinweis: Dieser Artikel wurde mit Kunstlicher Intelligenz (KI) erstellt.",  # no umlaut
    "HINWEIS: DIESER ARTIKEL WURDE MIT KÜNSTLICHER INTELLIGENZ (KI) ERSTELLT.",  # case
    "Hinweis: Dieser Artikel wurde mit\nKünstlicher Intelligenz (KI)\nerstellt.",  # line breaks
    "Hinweis: Dieser\u00a0Artikel wurde mit Künstlicher\u202fIntelligenz (KI) erstellt.",  # nbsp
    "Hinweis: Dieser&nbsp;Artikel wurde mit Künstlicher Intelligenz (KI) erstellt.",  # entity
    "Dieser Text wurde mit Hilfe von AI erstellt",             # KI = AI
    "Tekst powstał przy użyciu AI.",                           # SI = AI
    "Tekst powstal przy uzyciu SI.",                           # no Polish diacritics
    "Artykuł został wygenerowany przez sztuczna inteligencje",  # sztuczną/sztuczna
    "Questo articolo è stato generato con l'intelligenza artificiale (KI).",  # IA = KI
])
def test_design_variants_match(book, variant):
    assert book.find_notice(variant) is not None, variant


def test_match_offsets_point_into_the_original_text(book):
    text = "Straße. Zdjęcie archiwalne. " + SEED_NOTICE
    m = book.find_notice(text)
    assert text[m.start:m.end].startswith("Hinweis: Dieser Artikel")
    m = book.search("archive_label", text)
    assert text[m.start:m.end] == "Zdjęcie archiwalne"


@pytest.mark.parametrize("news", [
    "OpenAI sagte, künstliche Intelligenz habe den Umsatz erstellt",
    "The company said its AI generated $2bn in revenue",
    "This article was written by Jane Doe, who covers AI.",
    "In this article, we explain how AI generated images spread online.",
    "Das Video ist KI-generiert, sagte ein Sprecher der Polizei am Montag in Berlin.",
    "Dieser Artikel wurde nicht mit KI erstellt.",
    "This article was written without the use of AI.",
    "Ten artykuł nie został wygenerowany przez sztuczną inteligencję.",
])
def test_news_about_ai_is_not_a_notice(book, news):
    assert book.find_notice(news) is None


@pytest.mark.parametrize("unseen", [
    "This story was produced with the assistance of artificial intelligence tools and checked by editors.",
    "Ten artykuł powstał z pomocą sztucznej inteligencji i został sprawdzony przez redakcję.",
    "Este artículo se ha elaborado con la ayuda de herramientas de IA.",
    "Dieser Beitrag entstand mit Unterstützung durch KI-Tools und wurde redaktionell geprüft.",
    "Cette dépêche a été rédigée par un outil d'IA puis relue par un journaliste.",
])
def test_unseen_notice_wording_is_found_by_its_parts(book, unseen):
    assert book.find_notice(unseen) is not None


def test_short_label_counts_only_when_it_stands_alone(book):
    assert book.find_notice("KI-generiert") is not None
    assert book.find_notice("Mehr zum Thema\nAI-generated\nSport") is not None
    assert book.find_notice("Die Polizei sagt, das Video sei KI-generiert und verbreite sich rasant im Netz.") is None


# --- word boundaries and punctuation ----------------------------------------

def test_agency_respects_word_boundaries(book):
    assert book.find("agencies", "Die Kapelle spielte im Drucker-Saal.") == []
    text = "Kirsty Wigglesworth/Pool AP/dpa"
    assert texts(book.find("agencies", text), text) == ["AP", "dpa"]


def test_placeholder_respects_word_boundaries(book):
    assert book.find("credit_placeholder", "Der Drucker steht im Flur.") == []
    assert book.search("credit_placeholder", "Photo : DR") is not None


def test_photo_label_needs_its_colon(book):
    assert book.search("photo_label", "Das Foto zeigt den Bürgermeister.") is None
    for caption in ["Foto: dpa", "Photo : AFP", "Fot. Marek Zawadzki / Gazeta Mazurska", "Bild: Keystone"]:
        assert book.search("photo_label", caption) is not None, caption


def test_colon_is_included_in_the_match(book):
    text = "Photo : Élise Marchand / AFP"
    m = book.search("credit_prefix", text)
    assert text[m.start:m.end] == "Photo :"


def test_archive_labels_in_several_languages(book):
    for caption in ["Selenskyj. (Archivbild) Kirsty Wigglesworth/Pool AP/dpa",
                    "Dźwigi w Gdańsku (zdjęcie archiwalne)", "Un tramway à Lyon (photo d'archives)",
                    "Vista de Zaragoza, foto de archivo", "Il porto di Livorno in una foto d'archivio",
                    "Het station in Leeuwarden (archieffoto)", "A file photo of the pier"]:
        assert book.search("archive_label", caption) is not None, caption
    text = "Obama speaks in Chicago. (AP Photo/Charles Rex Arbogast, File)"
    assert book.search("archive_patterns", text) is not None
    assert book.search("archive_patterns", "REUTERS/Kevin Lamarque/File Photo") is not None


def test_parenthesis_is_part_of_the_archive_label(book):
    text = "an. (Archivbild) Kirsty"
    m = book.search("archive_label", text)
    assert text[m.start:m.end] == "(Archivbild)"


def test_ai_image_labels_and_generators(book):
    for caption in ["Grafika wygenerowana przez AI", "Image générée par intelligence artificielle.",
                    "Imagen generada por inteligencia artificial", "KI-generiert",
                    "immagine generata con l'intelligenza artificiale", "Afbeelding gegenereerd met AI"]:
        assert book.search("ai_image_label", caption) is not None, caption
    assert book.search("ai_generators", "Bild: Midjourney") is not None
    assert book.search("ai_generators", "Illustration: DALL·E 3") is not None
    # a Spanish caption starting with "Imagen:" is no AI generator
    assert book.search("ai_generators", "Imagen: Nuria Gállego") is None


def test_go_to_original_lines(book):
    for line in ["Idź do oryginalnego materiału", "Link do oryginalnego materiału",
                 "Read the Original Article", "Lees het originele artikel", "Zum Originalartikel"]:
        assert book.search("go_to_original", line) is not None, line


def test_collective_credit_block(book):
    assert book.search("collective_credit", "Crédits photos : DR (2), Ville d'Angers (1)") is not None
    assert book.search("collective_credit", "Fotos: dpa (3), privat (1)") is not None


# --- regex kinds ------------------------------------------------------------

@pytest.mark.parametrize("line,time", [
    ("upday.com 1 godzina temu", "1 godzina temu"),
    ("gazetamazurska.pl 25 minut temu", "25 minut temu"),
    ("spiegel.de vor 2 Stunden", "vor 2 Stunden"),
    ("lyon-matin.fr il y a 2 heures", "il y a 2 heures"),
    ("severncourier.co.uk 3 hours ago", "3 hours ago"),
    ("irishcoastpost.ie 45 minuten geleden", "45 minuten geleden"),
    ("elpais.com hace 5 horas", "hace 5 horas"),
    ("repubblica.it 3 ore fa", "3 ore fa"),
])
def test_relative_times(book, line, time):
    assert texts(book.find("relative_time", line), line) == [time]


def test_absolute_time(book):
    assert book.search("absolute_time", "upday.com 25.11.2026, 14:03") is not None


def test_wire_dateline(book):
    assert book.search("dateline_patterns", "GRENOBLE (AFP) - La métropole de Grenoble") is not None
    assert book.search("dateline_patterns", "CLEVELAND (AP) — A driverless shuttle") is not None


# --- API ----------------------------------------------------------------------

def test_words_and_example(book):
    assert "dpa" in book.words("agencies")
    assert "Midjourney" in book.words("ai_generators")
    assert book.example("ai_notice", "de").startswith("Hinweis: Dieser Artikel wurde mit")
    assert book.example("ai_notice", "xx") == book.example("ai_notice", "en")


def test_builtin_is_cached():
    assert PhraseBook.builtin() is PhraseBook.builtin()


def test_user_pack_adds_phrases(tmp_path, book):
    pack = tmp_path / "house.yaml"
    pack.write_text("language: de\nai_notice: ['Diesen Text schrieb unser Roboter Klaus']\n", encoding="utf-8")
    loaded = PhraseBook.load([str(pack)])
    assert loaded.find_notice("Diesen Text schrieb unser Roboter Klaus.") is not None
    assert book.find_notice("Diesen Text schrieb unser Roboter Klaus.") is None


def test_user_pack_adds_notice_grammar_words(tmp_path, book):
    """The request, experiment, label and passive words of the notice
    grammar (`prompt`, `experiment`, `label_tail`, `done`) come from the
    packs: a user pack's words are honoured."""
    prompt = "Ich tippte diese Anweisung in ChatGPT ein."
    label = "Ein Text, geschrieben von ChatGPT, nach Vorlage des Titels."
    experiment = "Wir probierten aus, wie ChatGPT einen Kommentar verfassen würde."
    done = "Kommentare waren mit ChatGPT erstellt."
    assert not any(book.find_notice(x) for x in (prompt, label, experiment, done))
    pack = tmp_path / "house.yaml"
    pack.write_text("language: de\nai_notice_parts:\n  prompt: [Anweisung]\n  label_tail: [nach Vorlage]\n"
                    "  experiment: [wir probierten aus]\n  done: [waren]\n", encoding="utf-8")
    loaded = PhraseBook.load([str(pack)])
    assert all(loaded.find_notice(x) for x in (prompt, label, experiment, done))


def test_malformed_user_pack_names_file_and_key(tmp_path):
    pack = tmp_path / "broken.yaml"
    pack.write_text("language: de\nai_notise: ['Mit KI erstellt']\n", encoding="utf-8")
    with pytest.raises(PhraseError) as err:
        PhraseBook.load([str(pack)])
    assert "broken.yaml" in str(err.value) and "ai_notise" in str(err.value)

    pack.write_text("language: de\nai_notice: [42]\n", encoding="utf-8")
    with pytest.raises(PhraseError) as err:
        PhraseBook.load([str(pack)])
    assert "broken.yaml" in str(err.value) and "ai_notice/0" in str(err.value)


def test_catastrophic_user_regex_is_rejected(tmp_path):
    pack = tmp_path / "slow.yaml"
    pack.write_text("language: en\nrelative_time: ['(a+)+$']\n", encoding="utf-8")
    with pytest.raises(PhraseError) as err:
        PhraseBook.load([str(pack)])
    assert "slow.yaml" in str(err.value) and "relative_time/0" in str(err.value)


def test_invalid_user_regex_is_rejected(tmp_path):
    pack = tmp_path / "bad.yaml"
    pack.write_text("language: en\nrelative_time: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(PhraseError, match="relative_time/0"):
        PhraseBook.load([str(pack)])


def test_regex_kinds_stay_bounded_on_huge_input(book):
    text = "a" * 1_000_000 + " 3 hours ago"
    # input beyond the limit is not searched; nothing hangs
    assert book.find("relative_time", text) == []


def test_unknown_kind_is_an_error(book):
    with pytest.raises(KeyError):
        book.find("ai_notcie", "text")


# --- the compiled-pack cache ----------------------------------------------------

CACHE_PROBE = r"""
import json, sys
from provenance.phrases import PhraseBook
book = PhraseBook.builtin()
text = sys.argv[1]
found = {kind: [[m.kind, m.lang, m.phrase, m.start, m.end] for m in book.find(kind, text)]
         for kind in ("ai_notice", "archive_label", "photo_label", "agencies", "relative_time")}
n = book.find_notice(text)
found["notice"] = [n.start, n.end] if n else None
found["yaml_parsed"] = "yaml" in sys.modules
print(json.dumps(found))
"""
CACHE_TEXT = ("spiegel.de vor 2 Stunden\n\nSelenskyj. (Archivbild) Foto: Kirsty Wigglesworth/Pool AP/dpa\n\n"
              + SEED_NOTICE)


def probe(cache_dir, text=CACHE_TEXT) -> dict:
    """Load the built-in packs in a fresh process, as a CLI run does."""
    import json
    import os
    import subprocess
    import sys
    env = dict(os.environ, PROVENANCE_CACHE_DIR=str(cache_dir))
    run = subprocess.run([sys.executable, "-c", CACHE_PROBE, text], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(run.stdout)


def expected(book, text=CACHE_TEXT) -> dict:
    found = {kind: [[m.kind, m.lang, m.phrase, m.start, m.end] for m in book.find(kind, text)]
             for kind in ("ai_notice", "archive_label", "photo_label", "agencies", "relative_time")}
    n = book.find_notice(text)
    found["notice"] = [n.start, n.end] if n else None
    return found


def without_flag(found: dict) -> dict:
    return {k: v for k, v in found.items() if k != "yaml_parsed"}


def test_compiled_packs_are_cached_and_the_cache_is_read(tmp_path, book):
    first = probe(tmp_path)
    entries = list(tmp_path.glob("phrases-*.marshal"))
    assert len(entries) == 1
    before = entries[0].read_bytes()
    second = probe(tmp_path)
    assert not second["yaml_parsed"]            # packs came from the cache, not the YAML files
    assert without_flag(first) == without_flag(second) == expected(book)
    assert second["notice"] is not None and second["archive_label"]
    assert entries[0].read_bytes() == before     # a good entry is not rewritten


@pytest.mark.parametrize("damage", [b"", b"garbage", "truncate", "flip"])
def test_a_damaged_cache_entry_is_ignored_and_rewritten(tmp_path, book, damage):
    probe(tmp_path)
    entry = next(tmp_path.glob("phrases-*.marshal"))
    good = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(good[:len(good) // 2])
    elif damage == "flip":
        entry.write_bytes(good[:-10] + bytes([good[-10] ^ 0xFF]) + good[-9:])
    else:
        entry.write_bytes(damage)
    assert without_flag(probe(tmp_path)) == expected(book)
    again = probe(tmp_path)                      # the entry was rewritten and is good again
    assert not again["yaml_parsed"]
    assert without_flag(again) == expected(book)


def test_an_unwritable_cache_folder_just_means_no_cache(tmp_path, book):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the cache folder should be")
    assert without_flag(probe(not_a_folder)) == expected(book)
    assert not_a_folder.read_text() == "a file where the cache folder should be"


def test_cached_user_packs_follow_their_content(tmp_path, monkeypatch):
    monkeypatch.setenv("PROVENANCE_CACHE_DIR", str(tmp_path / "cache"))
    pack = tmp_path / "house.yaml"
    pack.write_text("language: de\nai_notice: ['Diesen Text schrieb unser Roboter Klaus']\n", encoding="utf-8")
    assert PhraseBook.load([str(pack)]).find_notice("Diesen Text schrieb unser Roboter Klaus.")
    assert list((tmp_path / "cache").glob("phrases-*.marshal"))
    # same name, new wording: the cached compile of the old wording is not used
    pack.write_text("language: de\nai_notice: ['Diesen Text schrieb unsere Maschine Erna']\n", encoding="utf-8")
    again = PhraseBook.load([str(pack)])
    assert again.find_notice("Diesen Text schrieb unsere Maschine Erna.") is not None
    assert again.find_notice("Diesen Text schrieb unser Roboter Klaus.") is None
    # a broken pack is still reported, whatever the cache holds
    pack.write_text("language: de\nai_notise: ['Mit KI erstellt']\n", encoding="utf-8")
    with pytest.raises(PhraseError, match="ai_notise"):
        PhraseBook.load([str(pack)])


def test_quantified_space_in_a_pack_regex_stays_optional():
    from provenance.phrases import _spaces_to_whitespace
    import re
    rx = re.compile(_spaces_to_whitespace(r"\d+ ?h ago"))
    assert rx.search("2h ago") and rx.search("2 h  ago")


# --- word lists the readers and caption analysis take from the packs --------

def test_a_pack_byline_word_keeps_a_byline_from_being_an_outlet(tmp_path, book):
    """`byline_words`: a `<words> <time>` line opening with one is no source line."""
    from provenance.readers.text import source_line
    assert source_line(book, "By Tom Hadley 3 hours ago") is None
    assert source_line(book, "Kirjoittanut 3 tuntia sitten") == ("Kirjoittanut", "3 tuntia sitten")
    pack = tmp_path / "fi-house.yaml"
    pack.write_text("language: fi\nbyline_words: [kirjoittanut]\n", encoding="utf-8")
    assert source_line(PhraseBook.load([str(pack)]), "Kirjoittanut 3 tuntia sitten") is None


def test_credit_particles_and_archive_nouns_come_from_the_packs(tmp_path, book):
    from provenance.phrases.captions import is_caption_paragraph, slash_credit
    assert slash_credit(book, "Jonas Petraitis/BNS nuotrauka") == "Jonas Petraitis/BNS nuotrauka"
    assert slash_credit(book, "Strecke Hamburg/Berlin warten am Bahnsteig") is None
    assert is_caption_paragraph(book, "Archiv") and not is_caption_paragraph(
        book, "Im Archiv der Stadt liegen die Pläne seit Jahren, sagte der Bürgermeister am Montag.")
    pack = tmp_path / "de-house.yaml"
    pack.write_text("language: de\ncredit_particles: [warten, am]\n", encoding="utf-8")
    assert slash_credit(PhraseBook.load([str(pack)]), "Hamburg/Berlin warten am Bahnsteig")


def test_word_lists_are_lower_case_single_words(tmp_path):
    with pytest.raises(PhraseError, match="credit_particles/0"):
        validate_pack({"language": "de", "credit_particles": ["Via Getty"]}, "x.yaml")


def test_trail_marks_name_the_mark_every_phrase_of_a_kind_needs(tmp_path):
    # collective credits are searched only in blocks holding such a mark
    assert PhraseBook.builtin().trail_marks("collective_credit") == ":"
    assert PhraseBook.builtin().trail_marks("credit_prefix") is None      # "Photo by" needs none
    pack = tmp_path / "house.yaml"
    pack.write_text("language: en\ncollective_credit: ['Pictures by']\n", encoding="utf-8")
    assert PhraseBook.load([str(pack)]).trail_marks("collective_credit") is None


def test_for_credits_and_copyright_words_come_from_the_packs(tmp_path, book):
    """`credit_agents`/`outlet_articles` (`Name for The Outlet`) and
    `copyright_words` (`Copyright AP`): a house pack adds its language's."""
    assert book.credit_in("The mayor on Monday. Jane Doe for The New York Times") \
        == "Jane Doe for The New York Times"
    assert book.credit_in("Der Bürgermeister am Montag. Copyright dpa") == "Copyright dpa"
    german = "Der Bürgermeister am Montag. Anna Berg für Die Zeit"
    assert book.credit_in(german) is None
    assert book.credit_in("Der Bürgermeister am Montag. Urheberrecht Stadtarchiv") is None
    pack = tmp_path / "de-house.yaml"
    pack.write_text("language: de\ncredit_agents: [für]\noutlet_articles: [die]\n"
                    "copyright_words: [urheberrecht]\n", encoding="utf-8")
    house = PhraseBook.load([str(pack)])
    assert house.credit_in(german) == "Anna Berg für Die Zeit"
    assert house.credit_in("Der Bürgermeister am Montag. Urheberrecht Stadtarchiv") == "Urheberrecht Stadtarchiv"


def test_required_marks_are_required():
    """`_find_regex` skips a regex whose required punctuation is absent
    (#16): only marks that every match holds, and only uncased ones."""
    from provenance.phrases.index import _required_marks
    assert _required_marks(r"\(AP Photo\)") == ("(", ")")
    assert _required_marks(r"Credit(?:\.{3}|…) ?x") == (".…",)
    assert _required_marks(r"(?:^|\s)/ ?[A-Z]{2,40}$") == ("/",)
    # optional, inside a lookaround or a class, or in one alternative only: not required
    assert _required_marks(r"\(?CC\)?") == ()
    assert _required_marks(r"(?=\()x|y") == ()
    assert _required_marks(r"[(/]x") == ()
    assert _required_marks(r"(?:a/|b)c") == ()
    # a circled letter: either of its two cases
    assert _required_marks(r"ⓒ ?\S") == ("Ⓒⓒ",)
    # letters (IGNORECASE folds them), spaces and unparsable patterns: none
    assert _required_marks("dpa") == ()
    assert _required_marks("(") == ()
    book = PhraseBook.builtin()
    for text in ("BERLIN (dpa) - Die", "Foto: REUTERS/Jane Doe", "no marks here"):
        for kind in ("dateline_patterns", "photo_patterns", "credit_patterns", "archive_patterns"):
            for lang, pattern, _, _ in book._regex_entries(kind):
                marks = _required_marks(pattern.replace(" ", r"\s+"))
                if re.search(pattern.replace(" ", r"\s+"), text, re.IGNORECASE):
                    assert all(any(m in text for m in g) for g in marks), (pattern, text)


def test_circled_letters_match_only_their_two_cases():
    """`_mark_forms`: IGNORECASE matches a circled letter as itself or its
    other case, nothing else in the Basic Multilingual Plane."""
    from provenance.phrases.index import _mark_forms
    bmp = "".join(chr(i) for i in range(0x10000) if not 0xD800 <= i <= 0xDFFF)
    for i in range(0x24B6, 0x24EA):
        c = chr(i)
        assert set(re.findall(re.escape(c), bmp, re.IGNORECASE)) == set(_mark_forms(c)), c
    assert _mark_forms("\u0345") is None and _mark_forms("a") is None and _mark_forms("©") == "©"
    book = PhraseBook.builtin()
    for text in ("Seoul Ⓒ Yonhap", "Seoul ⓒ Yonhap"):
        assert book.find("credit_patterns", text), text
    # the literal phrases (`©`, `(c)`) and the suffix credits after their gates
    assert book.credit_in("Die Stadt (c) Jane Doe") and book.credit_in("Die Stadt © Jane Doe")
    assert book.credit_in("Luko Balandžio (BNS) nuotr.") == "Luko Balandžio (BNS) nuotr."


def test_may_match_before_mark_never_misses():
    """collective_credit reads a block only when the word before one of its
    marks can end a phrase (#16): never False where `find` has a match."""
    book = PhraseBook.builtin()
    kind = "collective_credit"
    for text in ("Fotos: dpa (3), privat (1)", "Crédits photos : AFP", "Photocredits: Jane Doe",
                 "Bildnachweis\u00a0: dpa", "x" * 70 + "Fotos: dpa", "Um 10:30 Uhr: Start", "Fotos&nbsp;: dpa"):
        if book.find(kind, text):
            assert book.may_match_before_mark(kind, text), text
    assert not book.may_match_before_mark(kind, "Um 10:30 Uhr beginnt der Lauf: pünktlich")
    assert not book.may_match_before_mark(kind, "kein Doppelpunkt")
