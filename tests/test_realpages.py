"""Pinned pages of the real-page regression set (benchmarks/realpages).

A representative handful of the 160 hand-labelled news pages, checked on every
test run; the whole set is scored by benchmarks/realpages/score.py. The pages
are read from benchmarks/realpages/pages (gzipped, kept once in the repository;
sources and licences in benchmarks/realpages/MANIFEST.tsv) and the expected
outcome follows benchmarks/realpages/LABELS.tsv, at rule level:

- CREDITED: every editorial picture on the page has a visible credit, so no
  photo-credit error or warning may be reported (a "needs review" info is
  allowed); NO_EDITORIAL pages have no editorial picture at all and must stay
  as quiet;
- UNCREDITED: exactly the labelled uncredited pictures (given by a unique
  part of their src) get a photo-credit error or warning, and nothing else on
  the page does.
"""
import csv
import gzip
from pathlib import Path

import pytest

from provenance.run import Options, Runner

SET = Path(__file__).resolve().parents[1] / "benchmarks" / "realpages"
LABELS = {row["file"]: row for row in csv.DictReader(
    (SET / "LABELS.tsv").open(encoding="utf-8"), delimiter="\t")}

# page -> what makes it a useful pin
CREDITED = {
    "cs_sport-aktualne": "no <article>; '| Foto: Reuters' after lead and inline captions; related/gallery teasers",
    "de_hessenschau": "pictures twice (<noscript> + lazy img); 'Bild © …' lines; video posters",
    "de_spektrum": "five '© … / stock.adobe.com' credits; magazine covers, inline ads, logo, avatar",
    "en_miamiherald": "slideshow: first slide credited, 20 hidden headshot slides",
    "es_elpais": "lazy pix.gif lead, composite caption 'Foto: Archivo El País.'; teasers reuse the photo",
    "fi_yle": "'… Hanna Matikainen / Lehtikuva' at the end of the figcaption; 60px avatar",
    "fr_ledevoir": "credit line 'Photo: … Archives Le Devoir' before the caption",
    "my_bbc": "Burmese 'ဓာတ်ပုံ မူပိုင် …' (photo copyright) credits; video teasers",
    "pl_wiadomosci-gazeta": "ISO-8859-2 page; gallery opener with counter, 'Fot. … / Agencja Gazeta', 'Otwórz galerię'",
    "de_wien-orf": "ORF: credit line in an aria-hidden <footer class=credit> inside each figure, before the caption",
    "en_vox": "Chorus: credit in a <cite> after the <figcaption>, seven figures",
    "en_qz": "credit div 'AP Photo/…' beside the figcaption 'Hustling.' inside the lead figure",
    "es_24horas": "lead '© Aton' before the caption; figure cards whose figcaption is a linked <h5> headline",
    "en_nytimes-2": "video-block figures whose caption ends 'CreditCredit...Name/Agency' (no space between spans)",
    "fr_regards": "SPIP lead whose caption block is only the licence mark 'CC'; mail/print GIF icons",
    "fr_lemonde-3": "figcaption and span.article__credit both aria-hidden: needs review, no error",
    "en_heraldsun": "News Corp 'Source: Supplied' credit line",
    "en_therepublic": "six mugshots captioned '<Name> Submitted photo'",
    "es_eluniversal": "slide caption '… / AFP'; a second copy in the zoom modal",
    "ja_yomiuri": "Japanese '＝ロイター' suffix credit",
    "ko_entermedia-2": "collective '[사진=MBC, SBS]' at the end of the article for six uncaptioned stills",
    "pl_wiadomosci-dziennik": "lead '… / Shutterstock'; 'Powiązane' related figures are teasers",
    "pt_folha-uol": "lead credited after ' - '; a linked related-story figure",
    "de_tag24": "picture only in <noscript> (Cloudflare hides the data-cfsrc copy), credited by a "
                "collective 'Fotos: …' line after the story",
    "es_elespectador": "Arc lead credited in div.ImageArticle-Author after the summary; author box",
    "es_eldeber": "caption ending '/Captura de pantalla de reportaje' (a screenshot: the source)",
}
NO_EDITORIAL = {
    "es_libero": "lead figure is the still of the page's video (JSON-LD videoObject thumbnail): needs review only",
    "de_neues-deutschland": "only a 80px payment logo in the paywall box and teasers",
    "en_bbc-2": "two BBC video placeholders ('Media playback is unsupported')",
}
UNCREDITED = {
    "de_swr": (["imago1002167683h"], "lead credit only in alt/title/data-copyright"),
    "en_thesun": (["KH-MAP-EUROPE-ORIGIN-OF-BLACK-DEATH"],
                  "a captioned map without credit among six 'Credit: …' figures that must stay quiet"),
    "ja_itmedia": ([f"ht0222_t0{n}.jpg" for n in (1, 2, 3, 4, 6, 7, 8)],
                   "seven captioned product photos linked to full size, no credit"),
    "zh_gmw": (["448a5bc1e2861a2c4e5929", "448a5bc1e2861a2c4e592a", "448a5bc1e2861a2c4e592d"],
               "'图注：…' captions; '(Credit: …)' only in alt"),
    "es_infobae": (["KHTE27I4MJBJBFZTXSONRMNTIU"],
                   "captions ending '(… vía AP)' / '(REUTERS/…)' credit; one caption has none"),
    "ar_assabah": (["souda.jpg"], "675x324 lead with alt='' and no caption"),
    "it_remember8090": (["cavalieri-dello-zodiaco"], "900x400 lead with alt='' and no caption"),
    "es_losandes": (["RV7ASOU2BJFHPIDCWI3MCY7TPY"],
                    "Arc lead figure placed between the headline's section and <article>; a teaser headline "
                    "'Fotos: así se preparan …' is no collective credit"),
    "de_ndr": (["drosten152_v-einspaltig"], "lead only in <noscript>, credit only in alt: a metadata-only warning"),
    "es_trome": (["O6KSWRMNPJH3HNRQ7AJDZDE6PA", "7J5L544NN5BMZMLOHHY4S3OSJU", "5I3XWJDLVVE5RMYFT6T4WYWY24"],
                 "captioned figures, two behind the lazy stand-in default-md.png"),
    "es_xataka": (["dacia-sandero", "tesla-model_y", "mercedes-benz-glc"],
                  "blogs.es renditions named only by size (450_1000.jpeg) in different folders"),
    "zh_youth": (["W020170310313653868929", "W020170310313654043127", "W020170310313654453091"],
                 "'图为…' caption lines after <p><img alt=''></p>"),
    "fr_bondyblog": (["1170x480-c-default"], "lead beside the header block (h1, 'Par <a class=author>'), no caption"),
    "zh_qdaily": (["201702282300271BulOfeVGEKDChwd", "20170228230341K0QqRNpjahEMxt7c"],
                  "the one picture of a <figure>, no alt, no size"),
}


@pytest.fixture(scope="module")
def runner():
    return Runner(Options(today="2026-11-25"))


def reported(runner, page):
    path = SET / "pages" / f"{page}.html.gz"
    [result] = runner.check_path(str(path)[:-3], data=gzip.decompress(path.read_bytes()),
                                 display=f"{page}.html")
    assert result.status != "error", [f.message for f in result.findings]
    return sorted({f.location.image or f.message for f in result.findings
                   if f.category == "photo-credit" and f.severity in ("error", "warning")})


def test_pinned_labels_are_the_set_labels():
    for page in CREDITED:
        row = LABELS[f"pages/{page}.html.gz"]
        assert int(row["editorial_images"]) > 0 and row["uncredited_visible"] == "0", page
    for page in NO_EDITORIAL:
        assert LABELS[f"pages/{page}.html.gz"]["editorial_images"] == "0", page
    for page, (images, _) in UNCREDITED.items():
        assert LABELS[f"pages/{page}.html.gz"]["uncredited_visible"] == str(len(images)), page


@pytest.mark.parametrize("page", sorted(CREDITED) + sorted(NO_EDITORIAL))
def test_credited_pictures_raise_no_photo_credit_alarm(runner, page):
    assert reported(runner, page) == [], CREDITED.get(page) or NO_EDITORIAL[page]


@pytest.mark.parametrize("page", sorted(UNCREDITED))
def test_uncredited_pictures_are_reported(runner, page):
    images, why = UNCREDITED[page]
    found = reported(runner, page)
    matched = {part: [src for src in found if part in src] for part in images}
    assert all(len(srcs) == 1 for srcs in matched.values()), (why, matched)
    assert len(found) == len(images), (why, found)


def test_every_page_has_a_source_and_a_label():
    manifest = {row["file"]: row for row in csv.DictReader(
        (SET / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t")}
    pages = {f"pages/{p.name}" for p in (SET / "pages").glob("*.html.gz")}
    assert len(pages) >= 150
    assert pages == set(manifest) == set(LABELS)
    assert len({row["lang"] for row in manifest.values()}) >= 10
    for name, row in LABELS.items():
        counts = [int(row[k]) for k in ("editorial_images", "credited_visible", "uncredited_visible")]
        assert counts[0] == counts[1] + counts[2], name
        assert row["notes"].strip(), name
        assert manifest[name]["repo"] and len(manifest[name]["commit"]) == 40 and manifest[name]["licence"], name
        assert int(manifest[name]["bytes"]) == len(gzip.decompress((SET / name).read_bytes())) < 1_000_000, name
