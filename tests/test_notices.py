"""The notice grammar (provenance/phrases/notices.py), in every pack language,
and on the real sentences of fixtures/notices/NOTICES.tsv.

PER_PACK holds, for each pack, a notice written for this test (not a real
quotation: real wording is in fixtures/notices/NOTICES.tsv), its negated form and
the same notice with its words in another order the language allows.
"""
from __future__ import annotations

import csv
import html
import shutil
from pathlib import Path

import pytest

from provenance.cli import main as cli_main
from provenance.phrases import PhraseBook
from provenance.ruleset import rules_dir

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = sorted(p.stem for p in (rules_dir() / "phrases").glob("*.yaml") if p.stem != "common")

# lang: (notice, negated, reordered)
PER_PACK = {
    "bg": ("Тази статия е създадена с помощта на изкуствен интелект.",
           "Тази статия не е създадена с помощта на изкуствен интелект.",
           "С помощта на изкуствен интелект е създадена тази статия."),
    "cs": ("Tento článek byl vytvořen pomocí umělé inteligence.",
           "Tento článek nebyl vytvořen pomocí umělé inteligence.",
           "Pomocí umělé inteligence byl vytvořen tento článek."),
    "da": ("Denne artikel er skrevet med hjælp fra kunstig intelligens.",
           "Denne artikel er ikke skrevet med hjælp fra kunstig intelligens.",
           "Med hjælp fra kunstig intelligens er denne artikel skrevet."),
    "de": ("Dieser Artikel wurde mit Hilfe künstlicher Intelligenz erstellt.",
           "Dieser Artikel wurde nicht mit Hilfe künstlicher Intelligenz erstellt.",
           "Mit Hilfe künstlicher Intelligenz wurde dieser Artikel erstellt."),
    "el": ("Αυτό το άρθρο δημιουργήθηκε με τεχνητή νοημοσύνη.",
           "Το άρθρο δεν δημιουργήθηκε με τεχνητή νοημοσύνη.",
           "Με τεχνητή νοημοσύνη δημιουργήθηκε αυτό το άρθρο."),
    "en": ("This article was written with the help of artificial intelligence.",
           "This article was not written with the help of artificial intelligence.",
           "With the help of artificial intelligence this article was written."),
    "es": ("Este artículo ha sido generado con inteligencia artificial.",
           "Este artículo no ha sido generado con inteligencia artificial.",
           "Con inteligencia artificial ha sido generado este artículo."),
    "et": ("See artikkel on loodud tehisintellekti abil.",
           "See artikkel ei ole loodud tehisintellekti abil.",
           "Tehisintellekti abil on loodud see artikkel."),
    "fi": ("Tämä artikkeli on kirjoitettu tekoälyn avulla.",
           "Tämä artikkeli ei ole kirjoitettu tekoälyn avulla.",
           "Tekoälyn avulla on kirjoitettu tämä artikkeli."),
    "fr": ("Cet article a été rédigé avec l'aide de l'intelligence artificielle.",
           "Cet article n'a pas été rédigé avec l'aide de l'intelligence artificielle.",
           "Avec l'aide de l'intelligence artificielle a été rédigé cet article."),
    "ga": ("Cruthaíodh an t-alt seo le hintleacht shaorga.",
           "Níor cruthaíodh an t-alt seo le hintleacht shaorga.",
           "Le hintleacht shaorga a cruthaíodh an t-alt seo."),
    "hr": ("Ovaj je članak izrađen uz pomoć umjetne inteligencije.",
           "Ovaj članak nije izrađen uz pomoć umjetne inteligencije.",
           "Uz pomoć umjetne inteligencije izrađen je ovaj članak."),
    "hu": ("Ez a cikk mesterséges intelligencia segítségével készült.",
           "Ez a cikk nem mesterséges intelligencia segítségével készült.",
           "Mesterséges intelligencia segítségével készült ez a cikk."),
    "it": ("Questo articolo è stato scritto con l'intelligenza artificiale.",
           "Questo articolo non è stato scritto con l'intelligenza artificiale.",
           "Con l'intelligenza artificiale è stato scritto questo articolo."),
    "lt": ("Šis straipsnis sukurtas naudojant dirbtinį intelektą.",
           "Šis straipsnis nebuvo sukurtas naudojant dirbtinį intelektą.",
           "Naudojant dirbtinį intelektą sukurtas šis straipsnis."),
    "lv": ("Šis raksts ir izveidots ar mākslīgā intelekta palīdzību.",
           "Šis raksts nav izveidots ar mākslīgā intelekta palīdzību.",
           "Ar mākslīgā intelekta palīdzību ir izveidots šis raksts."),
    "mt": ("Dan l-artiklu ġie ġġenerat bl-intelliġenza artifiċjali.",
           "Dan l-artiklu ma ġiex iġġenerat bl-intelliġenza artifiċjali.",
           "Bl-intelliġenza artifiċjali ġie ġġenerat dan l-artiklu."),
    "nl": ("Dit artikel is gemaakt met behulp van kunstmatige intelligentie.",
           "Dit artikel is niet gemaakt met behulp van kunstmatige intelligentie.",
           "Met behulp van kunstmatige intelligentie is dit artikel gemaakt."),
    "no": ("Denne artikkelen er skrevet ved hjelp av kunstig intelligens.",
           "Denne artikkelen er ikke skrevet ved hjelp av kunstig intelligens.",
           "Ved hjelp av kunstig intelligens er denne artikkelen skrevet."),
    "pl": ("Ten artykuł został wygenerowany przez sztuczną inteligencję.",
           "Ten artykuł nie został wygenerowany przez sztuczną inteligencję.",
           "Przez sztuczną inteligencję został wygenerowany ten artykuł."),
    "pt": ("Este artigo foi produzido com inteligência artificial.",
           "Este artigo não foi produzido com inteligência artificial.",
           "Com inteligência artificial foi produzido este artigo."),
    "ro": ("Acest articol a fost generat cu ajutorul inteligenței artificiale.",
           "Acest articol nu a fost generat cu ajutorul inteligenței artificiale.",
           "Cu ajutorul inteligenței artificiale a fost generat acest articol."),
    "sk": ("Tento článok bol vytvorený pomocou umelej inteligencie.",
           "Tento článok nebol vytvorený pomocou umelej inteligencie.",
           "Pomocou umelej inteligencie bol vytvorený tento článok."),
    "sl": ("Ta članek je bil ustvarjen s pomočjo umetne inteligence.",
           "Ta članek ni bil ustvarjen s pomočjo umetne inteligence.",
           "S pomočjo umetne inteligence je bil ustvarjen ta članek."),
    "sv": ("Den här artikeln är skriven med hjälp av artificiell intelligens.",
           "Den här artikeln är inte skriven med hjälp av artificiell intelligens.",
           "Med hjälp av artificiell intelligens är den här artikeln skriven."),
    "tr": ("Bu makale yapay zeka kullanılarak oluşturuldu.",
           "Bu makale yapay zeka kullanılarak oluşturulmadı.",
           "Yapay zeka kullanılarak oluşturuldu bu makale."),
    "uk": ("Ця стаття створена за допомогою штучного інтелекту.",
           "Ця стаття не створена за допомогою штучного інтелекту.",
           "За допомогою штучного інтелекту створена ця стаття."),
}


@pytest.fixture(scope="module")
def book() -> PhraseBook:
    return PhraseBook.builtin()


def test_every_pack_has_grammar_examples():
    assert sorted(PER_PACK) == LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pack_notice_is_found(book, lang):
    assert book.find_notice(PER_PACK[lang][0]) is not None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pack_negated_notice_is_not_a_notice(book, lang):
    assert book.find_notice(PER_PACK[lang][1]) is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pack_notice_found_in_another_word_order(book, lang):
    assert book.find_notice(PER_PACK[lang][2]) is not None


@pytest.mark.parametrize("text", [
    "Το άρθρο δεν δημιουργήθηκε με τεχνητή νοημοσύνη.",            # issue 14: a Greek denial
    "The company said its AI generated $2bn in revenue.",
    "In this article, we explain how AI generated images spread online.",
    "Researchers asked ChatGPT to write fake abstracts, and scientists could not tell them apart.",
    "Students use ChatGPT to write their essays, teachers warn.",
    "We asked readers what they think about AI.",
    "If an article is generated with AI, we label it.",
    "Hinweis: Die Polizei nutzt KI zur Auswertung von Videos.",
    "Quelle: KI-Studie der Universität Wien.",
    "Interview mit dem ChatGPT-Erfinder Sam Altman.",
    "This text was not written by AI but by our editors.",
    "Questo articolo non è stato scritto dall'intelligenza artificiale.",
    "Claude Martin wrote this article.",
    "Ten articles were generated by AI last year, the agency said.",
    "KI schreibt mit",
    "Do I use AI to write my column? Never.",
    "Was this article written by AI?",
    "Texte, die mit KI erstellt werden, müssen geprüft werden.",
    "Der Beitrag des Ministers wurde laut Kritikern mit KI erstellt.",
    "Der Artikel über KI wurde von Anna Berg geschrieben.",
    "KI-generierte Bilder verbreiten sich schnell.",
    "Um texto gerado por IA circulou nas redes sociais.",
    "We spoke to AI experts about how newsrooms use the technology.",
    "I september publicerade The Guardian en artikel med rubriken ”A robot wrote this entire article. Are you scared yet, human?”.",
])
def test_not_a_notice(book, text):
    assert book.find_notice(text) is None


@pytest.mark.parametrize("text", [
    "Ovaj je članak izrađen uz pomoć umjetne inteligencije.",          # issue 14: clitic between subject words
    "Il vero problema è che questa rubrica è stata scritta non da chi la firma, bensì da ChatGPT.",
    "Ce blogue n'est donc pas écrit par une machine, mais avec elle.",
    "OK, for starters, I didn't write any of the above words. ChatGPT did it.",
    "This article was originally published in German. It was translated with technical assistance.",
    "Note: the final column ChatGPT generated is conveyed in full.",
    "Rozmowę z ChatemGPT przeprowadziła Karolina Rzeźnik",
    "Com informações da Agência Brasil / ChatGPT",
])
def test_grammar_shapes(book, text):
    assert book.find_notice(text) is not None


# --- the real sentences shipped in fixtures/notices/NOTICES.tsv --------------

def real_rows() -> list[dict]:
    with open(ROOT / "fixtures" / "notices" / "NOTICES.tsv", encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if r["sentence"]]


ROWS = real_rows()


def check(tmp_path, capsys, name: str, body: str) -> set[str]:
    (tmp_path / name).write_text(body, encoding="utf-8")
    cli_main(["check", "--format", "json", "--declare", "ai=generated", "--fail-on", "never",
              "--select", "ai-disclosure,ai-image,manifest", str(tmp_path / name)])
    import json
    rep = json.loads(capsys.readouterr().out)
    return {f["rule"] for f in rep["files"][0]["findings"]}


def paragraph(row: dict) -> str:
    """A row's sentence after its context (the real sentences before it in the source)."""
    context = (row.get("context") or "").strip()
    return f"{context} {row['sentence']}" if context else row["sentence"]


def article(sentence: str) -> str:
    return f"Stadtrat beschließt Haushalt\n\nDer Stadtrat hat am Montag den Haushalt beschlossen.\n\n{sentence}\n"


CLEAR = [r for r in ROWS if r["kind"] == "text-notice" and r["clarity"] == "clear"]
INFORMAL = [r for r in ROWS if r["kind"] == "text-notice" and r["clarity"] == "informal"]
NEGATIVE = [r for r in ROWS if r["kind"] == "negative"]
LABELS = [r for r in ROWS if r["kind"] == "image-label" and r["clarity"] == "clear"]
INFORMAL_LABELS = [r for r in ROWS if r["kind"] == "image-label" and r["clarity"] == "informal"]


def row_id(r):
    return f"{r['lang']}-{r['sentence'][:40]}"


def notice_found(tmp_path, capsys, sentence: str) -> bool:
    return "ai-notice-missing" not in check(tmp_path, capsys, "a.txt", article(sentence))


def label_found(tmp_path, capsys, sentence: str) -> bool:
    shutil.copy(ROOT / "fixtures" / "media" / "ai-generated.jpg", tmp_path / "ai.jpg")
    page = ("<html><body><article><h1>T</h1><p>Text.</p><figure><img src='ai.jpg' width='800' height='500'>"
            f"<figcaption>{html.escape(sentence)}</figcaption></figure></article></body></html>")
    rules = check(tmp_path, capsys, "a.html", page)
    return not {r for r in rules if r.startswith("ai-image")}


def test_the_real_set_covers_every_kind():
    assert CLEAR and INFORMAL and NEGATIVE and LABELS and INFORMAL_LABELS


@pytest.mark.parametrize("row", CLEAR, ids=row_id)
def test_real_clear_notice_is_recognised(tmp_path, capsys, row):
    assert notice_found(tmp_path, capsys, paragraph(row))


@pytest.mark.parametrize("row", NEGATIVE, ids=row_id)
def test_real_negative_is_not_a_notice(tmp_path, capsys, row):
    assert not notice_found(tmp_path, capsys, paragraph(row))


@pytest.mark.parametrize("row", LABELS, ids=row_id)
def test_real_clear_image_label_labels_an_ai_picture(tmp_path, capsys, row):
    assert label_found(tmp_path, capsys, paragraph(row))


# Informal reveals often need the sentences around them ("Voici le résultat"; the
# context column holds the real ones): the set's rate is held, not each sentence
# (benchmarks/notices.py lists the misses).
INFORMAL_FLOOR = 0.7
INFORMAL_LABEL_FLOOR = 0.4


def test_real_informal_reveals_mostly_recognised(tmp_path, capsys):
    found = sum(notice_found(tmp_path, capsys, paragraph(r)) for r in INFORMAL)
    assert found / len(INFORMAL) >= INFORMAL_FLOOR, f"{found}/{len(INFORMAL)}"


def test_real_informal_image_labels_mostly_recognised(tmp_path, capsys):
    found = sum(label_found(tmp_path, capsys, paragraph(r)) for r in INFORMAL_LABELS)
    assert found / len(INFORMAL_LABELS) >= INFORMAL_LABEL_FLOOR, f"{found}/{len(INFORMAL_LABELS)}"


# --- AI labels inside credits ------------------------------------------------

@pytest.mark.parametrize("caption", ["Foto: Jan Kos (AI)", "Bild: Midjourney", "Fot. Anna Nowak / AI",
                                     "Rathaus im Jahr 2050. (KI-generiertes Symbolbild)"])
def test_ai_label_in_a_credit_makes_it_an_ai_label_not_a_photo_label(tmp_path, capsys, caption):
    shutil.copy(ROOT / "fixtures" / "media" / "ai-generated.jpg", tmp_path / "ai.jpg")
    page = ("<html><body><article><h1>T</h1><p>Text.</p><figure><img src='ai.jpg' width='800' height='500'>"
            f"<figcaption>{html.escape(caption)}</figcaption></figure></article></body></html>")
    rules = check(tmp_path, capsys, "a.html", page)
    assert not {r for r in rules if r.startswith("ai-image")} and "manifest-photo-label" not in rules, rules


def test_photo_credit_under_an_ai_picture_is_still_a_photo_label(tmp_path, capsys):
    shutil.copy(ROOT / "fixtures" / "media" / "ai-generated.jpg", tmp_path / "ai.jpg")
    page = ("<html><body><article><h1>T</h1><p>Text.</p><figure><img src='ai.jpg' width='800' height='500'>"
            "<figcaption>Der Hafen. Foto: Jan Kos</figcaption></figure></article></body></html>")
    rules = check(tmp_path, capsys, "a.html", page)
    assert "manifest-photo-label" in rules


@pytest.mark.parametrize("caption", ["Sam Altman, OpenAI", "Die Polizei nutzt KI zur Auswertung von Videos. Foto: dpa",
                                     "Ein Chatbot auf einem Bildschirm. Foto: Jan Kos"])
def test_caption_that_only_mentions_ai_does_not_label_an_ai_picture(tmp_path, capsys, caption):
    assert not label_found(tmp_path, capsys, caption)


# --- a reveal spread over two sentences of one paragraph ---------------------
# (written for this test: the first sentence names the AI system, the next has
# it make this text or asks it to)

@pytest.mark.parametrize("paragraph", [
    "J'ai testé ChatGPT. Je lui ai donné un mandat précis et je lui ai demandé de produire ce texte.",
    "We used ChatGPT for an experiment. We asked it to write this column.",
    "We gave an AI chatbot our notes. It wrote this article.",
])
def test_reveal_spread_over_two_sentences_is_a_notice(tmp_path, capsys, paragraph):
    assert notice_found(tmp_path, capsys, paragraph)


@pytest.mark.parametrize("paragraph", [
    "OpenAI released ChatGPT. It wrote a poem for the minister.",                 # news about AI
    "OpenAI released ChatGPT. I wrote this article myself.",                      # the writer made it
    "OpenAI released ChatGPT. We asked our reporter to write this article.",      # asked a person
    "J'ai testé ChatGPT. Je ne lui ai pas demandé d'écrire ce texte.",            # negated
    "J'ai testé ChatGPT. J'ai demandé à mon collègue d'écrire ce texte.",         # asked a person
    "J'ai testé ChatGPT.\n\nJe lui ai demandé de produire ce texte.",             # another paragraph
    "OpenAI released ChatGPT. It did not write this article.",                   # a denial
    "It did not write this article.",                                            # a denial, no system
    "ChatGPT did not write this article.",                                       # 'did not write'
])
def test_two_sentences_about_ai_are_not_a_notice(tmp_path, capsys, paragraph):
    assert not notice_found(tmp_path, capsys, paragraph)


def test_lower_case_ai_is_a_word_not_the_acronym(book):
    # French "j'ai" is not "AI": asking a colleague is no reveal
    assert book.find_notice("J'ai demandé à mon collègue d'écrire ce texte.") is None


@pytest.mark.parametrize("caption", ["Mit KI erstelltes Video", "Mit Hilfe künstlicher Intelligenz erzeugte Grafik",
                                     "KI-generiertes Video"])
def test_participle_before_a_picture_word_labels_an_ai_picture(tmp_path, capsys, caption):
    assert label_found(tmp_path, capsys, caption)
