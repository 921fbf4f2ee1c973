"""Language detection from the article text (`provenance.language.detect`)."""
from __future__ import annotations

from pathlib import Path

import pytest

from provenance.language import LANGUAGES, detect
from provenance.phrases import PhraseBook
from provenance.readers import html

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
BOOK = PhraseBook.builtin()

# One or two sentences a newspaper in that language would print.
SENTENCES = {
    "bg": "Кметът на София обяви, че ремонтът на булеварда ще приключи до края на месеца. "
          "Движението ще бъде възстановено след проверка на пътя.",
    "cs": "Policie v pondělí uzavřela dálnici D1 u Jihlavy, kde se srazila tři nákladní auta. "
          "Řidiči musí počítat s kolonami až do večera.",
    "da": "Politiet har mandag aften anholdt en 34-årig mand, der er mistænkt for at have sat ild "
          "til en bil i Odense. Det oplyser Fyns Politi i en pressemeddelelse.",
    "de": "Die Stadt hat am Montag beschlossen, die Gebühren für Kitas im nächsten Jahr nicht zu "
          "erhöhen. Die Opposition kritisierte den Beschluss als zu spät.",
    "el": "Σε ύφεση βρίσκεται η πυρκαγιά που ξέσπασε το πρωί στην Αττική, σύμφωνα με την "
          "Πυροσβεστική. Δεν έχουν αναφερθεί τραυματισμοί.",
    "en": "The council said on Monday that the library would reopen in the spring after repairs "
          "to its roof, which was damaged in last year's storms.",
    "es": "El Gobierno aprobó este martes una ayuda para los agricultores afectados por la sequía, "
          "que según las organizaciones del sector llega tarde.",
    "et": "Tallinna linnavalitsus otsustas, et uus koolimaja valmib järgmise aasta sügiseks, kuid "
          "ehituse hind on kasvanud.",
    "fi": "Helsingin kaupunki kertoi maanantaina, että uusi uimahalli avataan vasta ensi vuonna, "
          "koska rakennustyöt ovat viivästyneet.",
    "fr": "La mairie a annoncé mardi que la piscine municipale restera fermée jusqu'à la fin du mois "
          "en raison de travaux dans les vestiaires.",
    "ga": "Dúirt an Garda Síochána go bhfuil an bóthar dúnta inniu mar gheall ar thimpiste a tharla "
          "ar maidin, agus níl aon duine gortaithe go dona.",
    "hr": "Gradsko vijeće je u utorak odlučilo da će se nova škola graditi na mjestu stare tvornice, "
          "a radovi bi trebali početi iduće godine.",
    "hu": "A kormány szerdán bejelentette, hogy jövőre emelik a minimálbért, de a szakszervezetek "
          "szerint ez nem elég.",
    "it": "Il sindaco ha annunciato che i lavori sulla strada provinciale termineranno entro la fine "
          "del mese, ma i residenti sono preoccupati per il traffico.",
    "lt": "Vyriausybė trečiadienį pritarė naujam mokesčių planui, tačiau opozicija teigia, kad jis "
          "padidins kainas.",
    "lv": "Rīgas dome otrdien nolēma, ka jaunā skola tiks uzcelta līdz nākamā gada rudenim, taču "
          "būvniecības izmaksas ir pieaugušas.",
    "mt": "Il-Gvern ħabbar illum li l-iskola l-ġdida se tinfetaħ is-sena d-dieħla, u l-ġenituri "
          "qalu li kienu ilhom jistennew din l-aħbar.",
    "nl": "De gemeente heeft dinsdag besloten dat het zwembad na de zomer weer opengaat, maar de "
          "toegangsprijzen worden wel hoger.",
    "no": "Politiet fikk melding om brannen like etter klokken ti i kveld, og det er ikke kjent om "
          "noen er skadet. Veien er stengt for trafikk.",
    "pl": "Policja poinformowała w poniedziałek, że kierowca, który spowodował wypadek, był pod "
          "wpływem alkoholu i nie miał prawa jazdy.",
    "pt": "A câmara municipal anunciou nesta terça-feira que a piscina vai reabrir depois do verão, "
          "mas os preços das entradas vão aumentar.",
    "ro": "Primăria a anunțat marți că lucrările la podul din centrul orașului vor fi finalizate "
          "până la sfârșitul lunii, iar traficul va fi reluat.",
    "sk": "Polícia v pondelok uzavrela diaľnicu pri Trnave, kde sa zrazili tri nákladné autá. "
          "Vodiči musia počítať so zdržaním až do večera.",
    "sl": "Policisti so v ponedeljek zaprli avtocesto pri Celju, kjer so trčila tri tovorna vozila. "
          "Vozniki morajo računati na zastoje.",
    "sv": "Polisen fick larm om branden strax efter klockan tio i kväll, och det är inte känt om "
          "någon har skadats. Vägen är avstängd.",
    "tr": "Belediye, yeni köprünün önümüzdeki yıl hizmete açılacağını açıkladı, ancak inşaat "
          "maliyetleri arttı.",
    "uk": "Міська рада у вівторок ухвалила рішення про ремонт школи, який має завершитися до "
          "початку нового навчального року.",
}


def test_every_pack_language_is_detectable():
    """Every pack language: here with a sentence, and through its fixture
    stories (`test_language_fixture_stories`), which a new pack brings."""
    packs = {p.stem for p in (ROOT / "rules" / "phrases").glob("*.yaml")} - {"common"}
    assert set(LANGUAGES) == packs == {p.name for p in (FIXTURES / "languages").iterdir()}
    assert set(SENTENCES) <= packs


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_short_news_sentence(lang):
    assert detect(SENTENCES[lang]) == lang


@pytest.mark.parametrize("lang", sorted(p.name for p in (FIXTURES / "languages").iterdir()))
def test_language_fixture_stories(lang):
    for name in ("pass.txt", "fail.txt"):
        assert detect((FIXTURES / "languages" / lang / name).read_text(encoding="utf-8")) == lang


def test_seed_article_is_german_despite_polish_shell():
    # upday story in German, Polish aggregator lines ("1 godzina temu", "Idź do ...")
    assert detect((FIXTURES / "seed-article.txt").read_text(encoding="utf-8")) == "de"


@pytest.mark.parametrize("path", sorted((FIXTURES / "corpus-html").glob("*.html")), ids=lambda p: p.name)
def test_real_news_pages(path):
    article = html.read(path.read_bytes(), path.name, str(path), BOOK)[0]
    assert detect(article.text()) == path.name[:2]


@pytest.mark.parametrize("a, b", [("cs", "sk"), ("hr", "sl"), ("da", "no"), ("no", "sv"),
                                  ("es", "pt"), ("es", "it"), ("bg", "uk")])
def test_close_languages_are_told_apart(a, b):
    assert detect(SENTENCES[a]) == a
    assert detect(SENTENCES[b]) == b


@pytest.mark.parametrize("text", [
    "",
    "   ",
    "OK",
    "12:45 – 3:2",
    "Selenskyj Putin Trump",                                          # names only
    "東京都は月曜日、新しい図書館を来年春に開館すると発表した。",          # no pack for Japanese
    "Городской совет во вторник принял решение о ремонте школы, который должен "
    "завершиться до начала нового учебного года.",                    # Russian: no pack
])
def test_unsure_gives_none(text):
    assert detect(text) is None


def test_only_the_beginning_of_a_long_text_counts():
    text = SENTENCES["fi"] * 40 + SENTENCES["de"] * 200
    assert detect(text) == "fi"


def test_every_pack_language_can_be_detected():
    """The language list is the phrase packs' (rules/phrases/<code>.yaml); each
    pack carries the function words that tell its language from the others."""
    from provenance.phrases import PhraseBook
    book = PhraseBook.builtin()
    words = {lang: data["function_words"].split() for lang, data in book.sections("detection")}
    assert LANGUAGES and set(words) == set(LANGUAGES)
    assert all(len(w) >= 20 for w in words.values())


def test_a_user_pack_makes_its_language_detectable(tmp_path):
    """Adding a language is a pack (and its fixtures): no Python list to edit."""
    from provenance.phrases import PhraseBook
    pack = tmp_path / "is.yaml"
    pack.write_text("language: is\n"
                    "detection:\n"
                    "  function_words: og í að á er sem til með um fyrir af var ekki en hann hún það við\n"
                    "  letters: \"þðæ\"\n", encoding="utf-8")
    text = ("Lögreglan á höfuðborgarsvæðinu segir að vegurinn sé lokaður og að það verði ekki "
            "opnað fyrr en í kvöld, en hann var lokaður vegna slyss sem varð í morgun.")
    assert detect(text) is None                        # no Icelandic pack: unsure
    assert detect(text, PhraseBook.load([str(pack)])) == "is"


def test_a_language_without_a_pack_stays_unsure_because_common_scores_it():
    """Russian has no pack; `unsupported_languages` in common.yaml scores it
    so that a Russian text is not taken for Bulgarian or Ukrainian."""
    from provenance.phrases import PhraseBook
    others = dict(PhraseBook.builtin().sections("unsupported_languages"))["common"]
    assert "ru" in others and "ru" not in LANGUAGES
