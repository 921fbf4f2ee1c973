"""Picture roles, credits by layout, and "needs review" on real-page shapes
(docs/design.md "Image roles", "Where a credit sits", "Certain or needs review").

The markup is cut down from pages in ../shared/realworld (named per test);
nothing here reads ../shared."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

from provenance.readers import html
from provenance.phrases import PhraseBook
from provenance.phrases.captions import credit_in

ROOT = Path(__file__).resolve().parents[1]
BOOK = PhraseBook.builtin()


def page(body: str, head: str = "") -> bytes:
    return (f"<html lang='en'><head><meta charset='utf-8'>{head}</head><body>"
            f"<article><h1>Headline</h1><p>{'Story text. ' * 30}</p>{body}"
            f"<p>{'More story text. ' * 20}</p></article></body></html>").encode()


def roles(body: str, head: str = "") -> dict:
    [article] = html.read(page(body, head), "p.html", None, BOOK)
    return {img.src: (img.role, img.certain, img.caption, img.credit) for img in article.images}


def check(tmp_path, body: str, head: str = "") -> dict:
    path = tmp_path / "p.html"
    path.write_bytes(page(body, head))
    out = subprocess.run([sys.executable, "-m", "provenance", "check", "--format", "json", str(path)],
                         capture_output=True, text=True)
    report = json.loads(out.stdout)
    report["exit"] = out.returncode
    return report


def findings(report: dict) -> list[tuple]:
    return [(f["rule"], f["severity"], f["location"]["image"]) for x in report["files"] for f in x["findings"]]


# -- roles ------------------------------------------------------------------

def test_interface_pictures_are_not_editorial():
    # ko_donga: buttons and section-title GIFs; japantimes: a magnifier icon;
    # bbc-chinese: a footer logo; forsal: src="#"
    found = roles('<button><img src="/img/btn_prev.gif" alt="prev"></button>'
                  '<h2><img src="/img/tit_news.gif" alt="News"></h2>'
                  '<p><img src="/i/search.png" alt="Click to enlarge"> Click to enlarge</p>'
                  '<img src="/images/light.png" class="logo" alt="BBC" width="84" height="24">'
                  '<a href="/other"><img src="#" alt=""></a>')
    assert {src: r[0] for src, r in found.items()} == {
        "/img/btn_prev.gif": "interface", "/img/tit_news.gif": "interface",
        "/i/search.png": "interface", "/images/light.png": "interface", "#": "interface"}


def test_teasers_video_posters_and_second_copies():
    # 20minutes: most-read cards; cnn: video poster and its end-slate copy;
    # forsal: <figure class="seeAlso">
    found = roles('<ul id="tab-read"><li><a href="/story-2"><figure><img src="/t/a.jpg" width="300" height="200">'
                  '<figcaption>1 8 360</figcaption></figure></a></li></ul>'
                  '<figure class="seeAlso"><ul><li><img src="/t/b.jpg" width="400" height="300"></li></ul></figure>'
                  '<div class="media__video--thumbnail"><img src="/v/poster-large.jpg" width="780" height="440"></div>'
                  '<figure><img src="/p/lead.jpg" width="800" height="500"><figcaption>The pier. Photo: Tom Hadley'
                  '</figcaption></figure><div class="gallery-modal"><img src="/p/lead-1600x1000.jpg" width="800"></div>')
    assert found["/t/a.jpg"][0] == "teaser"
    assert found["/t/b.jpg"][0] == "teaser"
    assert found["/v/poster-large.jpg"][0] == "video-poster"
    assert found["/p/lead.jpg"][:2] == ("editorial", True)
    assert found["/p/lead-1600x1000.jpg"][0] == "copy"


def test_cards_inside_a_latest_news_list_are_teasers():
    # clarin: <div id="notas-ultimasNoticias"><ul><li><article><div><picture><img>
    found = roles('<div id="notas-ultimasNoticias"><ul><li><article><div><picture>'
                  '<img src="/img/ZAVKNGJdJ_300x168__1.jpg" width="300" height="168" alt="Nota"></picture></div>'
                  '<h3>Otra nota</h3></article></li></ul></div>')
    assert found["/img/ZAVKNGJdJ_300x168__1.jpg"][0] == "teaser"


def test_figure_whose_caption_is_a_linked_headline_is_a_teaser(tmp_path):
    # 24horas: related-story cards inside the story, <figcaption><a href><h5>headline</h5> Leer más</a>
    body = ('<p><figure class="layout-small relGen"><img src="/t.jpg" alt="Boric visitó a la reportera">'
            '<figcaption><a href="/nacional/boric-visito-5287260"><h5>Boric visitó a la reportera</h5>'
            '<span>Leer más</span></a></figcaption></figure></p>'
            '<figure><img src="/u.jpg" alt="El acto" width="640" height="360">'
            '<figcaption><h5>El acto en La Moneda</h5> Foto: <a href="/autor/ana">Ana Pérez</a></figcaption></figure>'
            '<figure><img src="/v.jpg" alt="La sala" width="640" height="360">'
            '<figcaption>La sala, <a href="/tema/congreso">el Congreso</a>.</figcaption></figure>')
    found = roles(body)
    assert found["/t.jpg"][0] == "teaser"
    assert found["/u.jpg"][0] == "editorial" and found["/v.jpg"][0] == "editorial"
    assert findings(check(tmp_path, body)) == [("photo-credit-missing", "error", "/v.jpg")]


def test_the_pages_video_thumbnail_needs_review_not_an_error(tmp_path):
    # libero: the lead figure is the still of the article's video (JSON-LD "videoObject" thumbnailUrl)
    head = ('<script type="application/ld+json">{"@context":"https://schema.org/","@type":"videoObject",'
            '"name":"Goles","thumbnailUrl":"https://img.example.pe/1200x660/2022/6276bb13.webp"}</script>')
    body = ('<figure><picture><img src="https://img.example.pe/670x396/2022/6276bb13.webp" alt="Goles" '
            'width="670" height="396"></picture></figure>'
            '<figure><img src="/other.jpg" alt="El estadio" width="670" height="396"></figure>')
    assert findings(check(tmp_path, body, head)) == [
        ("photo-credit-missing", "info", "https://img.example.pe/670x396/2022/6276bb13.webp"),
        ("photo-credit-missing", "error", "/other.jpg")]


def test_a_second_copy_of_one_picture_owes_nothing(tmp_path):
    body = ('<figure><img src="/p/lead-800x500.jpg" alt="Pier"><figcaption>Pier. Foto: Jan Kock/dpa</figcaption>'
            '</figure><div class="lightbox"><img src="/p/lead.jpg" alt="Pier" width="1600" height="1000"></div>')
    assert findings(check(tmp_path, body)) == []


# -- where a credit sits ------------------------------------------------------

def test_credit_in_the_element_right_after_the_figure(tmp_path):
    # kbs: 'Photo : YONHAP News' in a sibling <p class="cap">
    body = ('<div id="ele1"><div><img src="/a.jpg" alt="Heat" width="640" height="360"></div>'
            '<p class="cap no-print">Photo : YONHAP News</p></div>')
    assert findings(check(tmp_path, body)) == []


def test_caption_then_credit_line_after_the_picture(tmp_path):
    # rp.pl: <picture> then div.article__image-desc (caption) then div.article__image-author
    body = ('<header><picture><img src="/e.jpg" alt="Sejm" width="800" height="450"></picture>'
            '<div class="article__image-desc">Posiedzenie Sejmu</div>'
            '<div class="article__image-author">PAP/ Rafał Guz</div></header>')
    assert findings(check(tmp_path, body)) == []


def test_credit_line_beside_the_figcaption_inside_the_figure(tmp_path):
    # qz: an unclassed credit div after the picture, then a figcaption without credit
    body = ('<figure><div><div><img src="/q.jpg" alt="" width="950" height="534"></div>'
            '<div class="HywHC">AP Photo/Lekan Oyekanmi</div></div>'
            '<figcaption class="JtiZO">Hustling.</figcaption></figure>'
            '<figure><div><div><img src="/r.jpg" alt="" width="950" height="534"></div>'
            '<div class="HywHC">Enlarge</div></div><figcaption>Hustling.</figcaption></figure>')
    assert findings(check(tmp_path, body)) == [("photo-credit-missing", "error", "/r.jpg")]


def test_credit_line_glued_to_a_screen_reader_label(tmp_path):
    # nytimes: <span class="visually-hidden">Credit</span><span>Credit...</span><span>Name/Agency</span>
    body = ('<figure><img src="/y.jpg" alt="Video player loading" width="1050" height="591">'
            '<figcaption><span>A second device was found.</span><span><span class="css-1dv1kvn">Credit</span>'
            '<span><span>Credit...</span><span>Craig Ruttle/Associated Press</span></span></span></figcaption></figure>')
    assert findings(check(tmp_path, body)) == []


def test_credit_only_in_aria_hidden_text_needs_review_not_an_error(tmp_path):
    # lemonde: <figcaption aria-hidden="true">… <span class="article__credit" aria-hidden="true">AP/…</span>
    # shown on screen but hidden from assistive technology: not a visible credit (DESIGN §5),
    # yet no certain miss either
    body = ('<figure><img src="/m.jpg" alt="Le médiateur" width="664" height="443">'
            '<figcaption class="article__legend" aria-hidden="true">Le médiateur, le 10 avril. '
            '<span class="article__credit" aria-hidden="true">AP/FRANÇOIS MORI</span></figcaption></figure>'
            '<figure><img src="/n.jpg" alt="La salle" width="664" height="443">'
            '<figcaption aria-hidden="true">La salle, le 11 avril.</figcaption></figure>')
    report = check(tmp_path, body)
    assert findings(report) == [("photo-credit-missing", "info", "/m.jpg"),
                                ("photo-credit-missing", "error", "/n.jpg")]


def test_credit_in_a_legend_five_levels_up(tmp_path):
    # radio-canada: div.e-image-legend several levels above the <img>
    body = ('<div class="e-image"><div><div><div><picture><img src="/b.jpg" alt="Vue" width="640" height="360">'
            '</picture></div></div></div><div class="e-image-legend">La ville. Photo : Radio-Canada</div></div>')
    assert findings(check(tmp_path, body)) == []


def test_a_caption_without_credit_is_an_error(tmp_path):
    # cnn: caption div beside the picture, no credit anywhere
    body = ('<div class="el__embedded"><div><img src="/c.jpg" alt="Harry and Meghan">'
            '<div class="img__preloader"></div><div class="media__caption">Harry and Meghan last March.</div>'
            '</div></div>')
    assert findings(check(tmp_path, body)) == [("photo-credit-missing", "error", "/c.jpg")]


def test_one_figures_credit_does_not_credit_another(tmp_path):
    body = ('<figure><img src="/a.jpg" width="640" height="360"><figcaption>Der Kai. Foto: Ingo Schneider'
            '</figcaption></figure>'
            '<figure><img src="/b.jpg" width="640" height="360"><figcaption>Die Bühne.</figcaption></figure>')
    assert findings(check(tmp_path, body)) == [("photo-credit-missing", "error", "/b.jpg")]


def test_small_around_the_whole_caption_is_no_credit(tmp_path):
    # latercera: <figcaption><p><small>caption</small></p></figcaption>
    body = ('<figure><img src="/d.jpg" width="900" height="600"><figcaption><p><small>Izkia Siches y '
            'Manuel Monsalve en el Congreso</small></p></figcaption></figure>')
    assert findings(check(tmp_path, body)) == [("photo-credit-missing", "error", "/d.jpg")]


# -- finding the pictures a reader sees (benchmarks/realpages) ----------------------

def test_noscript_picture_without_a_visible_scripted_copy(tmp_path):
    # de_ndr: the lead exists only in <noscript> (a script builds the <img>);
    # de_tag24: Cloudflare hides the scripted copy (data-cfsrc, display:none);
    # it_lastampa: a visible lazy <img> beside its <noscript> copy is one picture
    body = ('<div class="contentimage"><a href="/drosten-gross.jpg" class="zoomimage"><div>'
            '<noscript><img src="/drosten-einspaltig.jpg" alt="Der Virologe"></noscript></div></a>'
            '<span class="caption"></span></div><p>Text.</p>'
            '<figure><img data-cfsrc="/kinder.jpg" style="display:none;visibility:hidden;">'
            '<noscript><img src="/kinder.jpg" alt="Die Kinder"></noscript>'
            '<figcaption>Die Kinder waren alle noch sehr klein.</figcaption></figure>'
            '<figure><picture><img data-src="/stampa-960x540.jpg" alt="" class="lazyload">'
            '<noscript><img src="/stampa-960x540.jpg" alt=""></noscript></picture></figure>')
    found = roles(body)
    assert sorted(found) == ["/drosten-einspaltig.jpg", "/kinder.jpg", "/stampa-960x540.jpg"]
    assert found["/kinder.jpg"][:3] == ("editorial", True, "Die Kinder waren alle noch sehr klein.")
    assert found["/stampa-960x540.jpg"][:2] == ("editorial", True)   # 960×540 in its name: lead size


def test_lazy_loading_stand_in_source_gives_way_to_the_picture(tmp_path):
    # es_trome: <img class="lazy" src="default-md.png" data-src="…/7J5L.jpg"> twice
    body = ''.join(f'<figure><picture><img src="/dist/images/default-md.png?d=2" data-src="/resizer/620x0/{name}.jpg" '
                   f'alt="{text}" class="lazy story-image"></picture><figcaption>{text}</figcaption></figure>'
                   for name, text in (("7J5L", "La mamá de Brunella."), ("5I3X", "Janet Barboza y su flan.")))
    assert findings(check(tmp_path, body)) == [("photo-credit-missing", "error", "/resizer/620x0/7J5L.jpg"),
                                               ("photo-credit-missing", "error", "/resizer/620x0/5I3X.jpg")]


def test_renditions_named_by_size_alone_are_told_apart_by_their_folder():
    # es_xataka (blogs.es): …/dacia-sandero/500_333.jpeg and …/tesla-model-y/450_1000.jpeg
    # are two pictures; …/dacia-sandero/1024_2000.jpeg is a copy of the first
    found = roles('<figure><img src="https://i.blogs.es/651d87/dacia-sandero/500_333.jpeg" alt="Dacia"></figure>'
                  '<p>Text.</p><figure><img src="https://i.blogs.es/1c291a/tesla-model-y/450_1000.jpeg" alt="Tesla">'
                  '</figure><p>Text.</p>'
                  '<div class="gallery-modal"><img src="https://i.blogs.es/651d87/dacia-sandero/1024_2000.jpeg"></div>')
    assert [found[f"https://i.blogs.es/{p}"][0] for p in
            ("651d87/dacia-sandero/500_333.jpeg", "1c291a/tesla-model-y/450_1000.jpeg",
             "651d87/dacia-sandero/1024_2000.jpeg")] == ["editorial", "editorial", "copy"]


def test_sizes_stated_by_attributes_urls_and_picture_sources(tmp_path):
    # es_publimetro: Arc's width="800" height="0" (height not known) under a caption;
    # legrandcontinent: <img src="…-125x83.jpg"> whose <picture> shows a 1340x893 rendition
    # on wide screens; it_lastampa: a thumbor URL /fit-in/960x540/
    body = ('<figure><div><picture><img src="/resizer/x=/800x0/filters/VYWM.jpg" width="800" height="0">'
            '</picture></div><figcaption><p><span class="title">Felipe Berríos</span></p></figcaption></figure>'
            '<p>Text.</p><figure class="wp-block-image"><picture>'
            '<source srcset="/up/32-2000px-1340x893.jpg" media="(min-width: 990px)">'
            '<img src="/up/32-2000px-125x83.jpg"></picture></figure><p>Text.</p>'
            '<figure><img src="/thimg/abc=/fit-in/960x540/image.jpeg" alt=""></figure>')
    assert findings(check(tmp_path, body)) == [
        ("photo-credit-missing", "error", "/resizer/x=/800x0/filters/VYWM.jpg"),
        ("photo-credit-missing", "error", "/up/32-2000px-125x83.jpg"),
        ("photo-credit-missing", "error", "/thimg/abc=/fit-in/960x540/image.jpeg")]


def test_a_gallery_of_one_picture_is_the_storys_picture(tmp_path):
    # es_paginasiete: PhotoSwipe's <div class="my-gallery"> around the lead, linked to its file;
    # pt_folha-uol: a gallery widget linking to a gallery page elsewhere is its teaser
    body = ('<div class="my-gallery main-gallery"><figure><a href="/u/f800x450-394351.jpg">'
            '<img src="/u/f800x450-394351.jpg" height="450" alt="Policía anuncia coordinación"></a></figure></div>'
            '<p>Text.</p><figure class="gallery-widget-pre"><a class="gallery-widget-pre__link" '
            'href="https://fotografia.example.com/galerias/1618838542352047-os-times">'
            '<img src="/f/15438447625c05339a96ad0_3x2_md.jpg" alt="Os times"></a>'
            '<figcaption>Os times de coração dos presidentes</figcaption></figure>')
    found = roles(body)
    assert found["/u/f800x450-394351.jpg"][:2] == ("editorial", True)
    assert found["/f/15438447625c05339a96ad0_3x2_md.jpg"][0] == "gallery"
    assert findings(check(tmp_path, body)) == [("photo-credit-missing", "error", "/u/f800x450-394351.jpg"),
                                               ("photo-credit-missing", "info",
                                                "/f/15438447625c05339a96ad0_3x2_md.jpg")]


def test_the_headline_beside_a_lead_picture_is_no_caption(tmp_path):
    # fr_bondyblog: the lead sits beside the article's header (h1, "Par <a class=author>…",
    # date, summary): that block is no caption and its byline no credit
    body = ('<div class="postHeader"><div class="thumbnail"><img src="/up/greve-1170x480-c-default.jpeg"></div>'
            '<div class="infos"><h1 class="title">A Paris-8, un peu de tension</h1><div class="author">Par '
            '<a class="author" href="/author/kab">Kab Niang</a> Le <span class="date">17/02/2020</span></div>'
            '<p class="excerpt">Des centaines d’étudiants sont en grève.</p></div></div>')
    assert roles(body)["/up/greve-1170x480-c-default.jpeg"][:4] == ("editorial", True, "", "")
    assert findings(check(tmp_path, body)) == [("photo-credit-missing", "error", "/up/greve-1170x480-c-default.jpeg")]


def test_an_empty_alt_picture_captioned_by_the_next_line_is_editorial(tmp_path):
    # zh_youth: <p><img alt=""></p><p>图为…</p> ("the picture shows …", a caption label of the packs)
    body = ('<p align="center"><img src="./W0203.jpg" alt=""></p>'
            '<p align="center">图为李博灏在瑞士日内日瓦联合国欧洲总部的近影。</p><p>Text.</p>'
            '<p align="center"><img src="./deco.jpg" alt=""></p><p>Ordinary paragraph of the story.</p>')
    found = roles(body)
    assert found["./W0203.jpg"][:3] == ("editorial", True, "图为李博灏在瑞士日内日瓦联合国欧洲总部的近影。")
    assert found["./deco.jpg"][0] == "interface"


def whole(html_body: str) -> dict:
    [article] = html.read(f"<html lang='es'><head><meta charset='utf-8'></head><body>{html_body}</body></html>".encode(),
                          "p.html", None, BOOK)
    return {img.src: (img.role, img.certain, img.caption) for img in article.images}


STORY = "<p>" + "Texto de la nota. " * 60 + "</p>"


def test_the_lead_placed_just_before_the_article_is_the_storys():
    # es_losandes (Arc): <section><h1></section><section class="story-header"><div class="story-promo">
    # <figure>…</figure></div></section><aside>most read</aside><div><article>story</article></div>;
    # fr_lenouvelliste: <h2>headline</h2><div class="content_banner"><img></div><article>
    found = whole('<main><section class="story-title"><h1>El año de las evaluaciones</h1></section>'
                  '<section class="story-header"><div class="story-promo"><figure><img src="/lead-1023x682.jpg" '
                  'alt="Los exámenes PISA"><figcaption>Los exámenes PISA en Mendoza.</figcaption></figure></div></section>'
                  '<aside class="most-read"><a href="/otra"><img src="/teaser.jpg"></a></aside>'
                  f'<div class="story-content"><article>{STORY}</article></div></main>')
    assert found["/lead-1023x682.jpg"] == ("editorial", True, "Los exámenes PISA en Mendoza.")
    found = whole('<div><h2>Compagnies aériennes</h2><p>Par la rédaction</p><div class="content_banner">'
                  f'<img src="/articles/2FC8A233_1068.jpeg"></div><article>{STORY}</article></div>')
    assert found["/articles/2FC8A233_1068.jpeg"][0] == "editorial"


def test_no_lead_taken_from_before_the_article_when_it_is_not_one():
    # a linked picture (a teaser or an ad) and two picture blocks are no lead;
    # nor is a picture above the headline (the site's header)
    assert whole('<h1>Titular</h1><div><a href="/otra-nota"><img src="/t.jpg"></a></div>'
                 f'<article>{STORY}</article>') == {}
    assert whole('<h1>Titular</h1><div><img src="/a.jpg" width="800" height="500"></div>'
                 f'<div><img src="/b.jpg" width="800" height="500"></div><article>{STORY}</article>') == {}
    assert whole('<div><img src="/site-banner.jpg" width="900" height="200"></div><div><h1>Titular</h1></div>'
                 f'<article>{STORY}</article>') == {}


def test_a_label_before_a_headline_is_no_collective_credit(tmp_path):
    # es_losandes: a related card's headline "Fotos: así se preparan las elefantas …" credits nobody
    body = ('<figure><img src="/lead.jpg" width="800" height="500"><figcaption>Los exámenes PISA.</figcaption>'
            '</figure><p>Fotos: así se preparan las elefantas Guillermina y Pocha para viajar a Brasil</p>')
    assert findings(check(tmp_path, body)) == [("photo-credit-missing", "error", "/lead.jpg")]
    body = body.replace("Fotos: así se preparan las elefantas Guillermina y Pocha para viajar a Brasil",
                        "Fotos: dpa (2), privat")
    assert findings(check(tmp_path, body)) == []


def test_the_authors_box_picture_is_interface():
    # es_ambito: <div class="person"><div class="person-image"><img …></div><div class="person-info">Por …
    found = roles('<div class="person"><div class="person-image rounded-circle"><img src="/autores/mm.png" '
                  'width="75" height="75" alt="Mariano Martín"></div><div class="person-info"><span '
                  'class="person-name">Por <a href="/perfil/713208-mariano-martin">Mariano Martín</a></span></div></div>')
    assert found["/autores/mm.png"][0] == "interface"


# -- needs review ---------------------------------------------------------------

def test_an_uncertain_picture_needs_review_and_does_not_fail_ci(tmp_path):
    # no caption, no size, not the page's image: a person decides
    report = check(tmp_path, '<div><img src="/maybe.jpg" alt="Something"></div>')
    assert findings(report) == [("photo-credit-missing", "info", "/maybe.jpg")]
    [item] = [f for x in report["files"] for f in x["findings"]]
    assert item["message"].startswith("needs review")
    assert "photo-credit-missing" in report["files"][0]["rules"]["incomplete"]
    assert report["summary"]["needs_review"] == 1
    assert report["exit"] == 0


def test_the_one_picture_of_a_figure_without_alt_is_certain(tmp_path):
    # zh_qdaily: <figure><img class="lazyload" src="…png-w600"></figure> in the story, no caption,
    # no size: the figure marks it as the content's picture; alt="" would say decoration
    body = ('<div class="com-insert-images"><figure style="margin: 0px;"><img class="lazyload" '
            'src="http://img.example.com/uploads/2017BulOfe.png-w600"></figure></div>'
            '<figure><img src="/divider.png" alt=""></figure><div><img src="/maybe.jpg"></div>')
    assert findings(check(tmp_path, body)) == [
        ("photo-credit-missing", "error", "http://img.example.com/uploads/2017BulOfe.png-w600"),
        ("photo-credit-missing", "info", "/maybe.jpg")]


def test_the_pages_declared_image_is_certain(tmp_path):
    # wdr: og:image is another rendition of the same picture
    head = '<meta property="og:image" content="https://x.de/n/ukraine-krieg-friedenstaube-100~_v-gseagaleriexl.jpg">'
    report = check(tmp_path, '<div><img src="/n/ukraine-krieg-friedenstaube-100~_v-gseapremiumxl.jpg" alt="Taube"></div>', head)
    assert findings(report) == [("photo-credit-missing", "error", "/n/ukraine-krieg-friedenstaube-100~_v-gseapremiumxl.jpg")]


def test_a_credit_only_in_alt_or_title_is_a_warning_not_a_review(tmp_path):
    # de_tagesschau (benchmarks/realpages): an uncaptioned lead of unknown size whose
    # credit is only in its alt text; seattletimes: gallery slides credited in alt only.
    # The publisher credits the picture, so it is editorial; the credit is not visible.
    body = ('<div><img src="/rheinmetall.jpg" alt="Firmenschild des Rüstungskonzerns | Bildquelle: dpa"></div>'
            '<div class="slider"><div class="slide"><img src="/s1.jpg" title="Wade Bassi at his boat. '
            '(Ellen M. Banner / The Seattle Times)"></div></div>'
            '<div><img src="/maybe.jpg" alt="Firmenschild"></div>')
    report = check(tmp_path, body)
    assert findings(report) == [("photo-credit-metadata-only", "warning", "/rheinmetall.jpg"),
                                ("photo-credit-metadata-only", "warning", "/s1.jpg"),
                                ("photo-credit-missing", "info", "/maybe.jpg")]
    messages = [f["message"] for x in report["files"] for f in x["findings"]]
    assert "credited only in its alt text ('dpa')" in messages[0]
    assert "credited only in its title" in messages[1]


# -- credit shapes (phrase packs, per language) -----------------------------------

def test_credit_shapes_from_real_newsrooms():
    book = PhraseBook.builtin()
    assert credit_in(book, "Protesters in Beirut [File: Reuters]")                          # en, Al Jazeera
    assert credit_in(book, "Sala de espera de un ambulatorio madrileño. / GORKA LEJARCEGI")  # es, El País
    assert credit_in(book, "Los precios siguen. (Foto Prensa Libre: Esbin García)")          # es, Prensa Libre
    assert credit_in(book, "Vecinos en la calle (FUENTE EXTERNA)")                           # es, Listín Diario
    assert credit_in(book, "Prueba en el Mar de Okhotsk (Ministerio de Defensa de Rusia vía AP)")  # es, Infobae
    assert credit_in(book, "Habló con la prensa (según dijo vía telefónica)") is None
    assert credit_in(book, "Kuva: ALEXANDER BECHER")                                         # fi
    assert credit_in(book, "Crédits photo : Jean-Christophe MARMARA/Le Figaro")              # fr
    assert credit_in(book, "Falcon 9 lifts off [SpaceX via Nasa]")                            # en, Al Jazeera
    assert credit_in(book, "The bar on Fifth Avenue (Harry Benson/Getty)")                    # en, Gothamist
    assert credit_in(book, "La presidenta en San Juan (Teresa Canino Rivera)")                # es, El Nuevo Día
    assert credit_in(book, "新华社记者 才扬 摄")                                                # zh, Xinhua
    assert credit_in(book, "팝업스토어 오픈. ⓒ뉴스타운")                                          # ko, Newstown
    assert credit_in(book, "Grafik: netzpolitik.org, CC-BY-SA 2.0")                          # de, netzpolitik
    assert credit_in(book, "Four blocks away.CreditCredit...Craig Ruttle/Associated Press")  # en, NYT
    assert credit_in(book, "CC")                                                              # fr, Regards
    assert credit_in(book, "Le CC du parti s'est réuni") is None
    assert credit_in(book, "Talks in Brussels (Summit was postponed again)") is None
    # sky news: a screen-reader "Image:" label before a description is no credit
    assert credit_in(book, "Image: Jose Mourinho has agreed a deal to become manager of Tottenham") is None
    assert credit_in(book, "喜ぶバルセロナのメッシ（左）とスアレス＝ロイター")                        # ja, Yomiuri
    assert credit_in(book, "1＝2 の計算") is None
    # es, El Deber: the source after the slash is a screenshot of a TV report (a neutral label)
    assert credit_in(book, "Autos robados que son comercialiados en Bolivia/Captura de pantalla de reportaje")


def test_caption_and_credit_classes_come_from_the_packs():
    book = PhraseBook.builtin()
    assert "didascalia" in book.vocabulary("picture_roles", "caption")      # it
    assert "bildunterschrift" in book.vocabulary("picture_roles", "caption")  # de
    assert "btn" in book.vocabulary("picture_roles", "interface")


# -- sources, hardening ------------------------------------------------------------

def test_data_uri_in_srcset_is_not_split_at_its_comma():
    [article] = html.read(page('<picture><source srcset="data:image/gif;base64,R0lGODlhAQABAAAAACw= 1w, '
                               '/real-800.jpg 800w"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" '
                               'alt="Minister"></picture>'), "p.html", None, BOOK)
    [img] = article.images
    assert img.src == "/real-800.jpg"


def test_a_data_uri_only_srcset_gives_way_to_the_picture_sources():
    # radio.cz: <img srcset="data:… 1w"> inside a <picture> whose <source data-srcset> holds the photo
    [article] = html.read(page('<picture><source data-srcset="/p-960.jpg 960w" media="(min-width: 640px)">'
                               '<img class="lazyload" srcset="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///'
                               'yH5BAEAAAAALAAAAAABAAEAAAIBRAA7 1w" alt="Photo: ČTK"></picture>'), "p.html", None, BOOK)
    [img] = article.images
    assert img.src == "/p-960.jpg" and img.role == "editorial"


def test_control_character_in_a_tag_name_does_not_crash(tmp_path):
    path = tmp_path / "ctl.html"
    path.write_bytes(b"<html><body><article><p\x01 class=x>Text</p\x01><im\x02g src=a.jpg>"
                     b"<\x03>y</\x03></article></body></html>")
    out = subprocess.run([sys.executable, "-m", "provenance", "check", "--format", "json", str(path)],
                         capture_output=True, text=True)
    assert out.returncode in (0, 1), out.stderr
    assert "Traceback" not in out.stderr


def test_long_style_attribute_and_many_pictures_give_right_results():
    # A 100 kB style with many 1px widths and no overflow:hidden is visible;
    # 20,000 pictures get their own selectors (computed per parent, once).
    style = "width:1px;" * 10000
    pics = "".join(f'<img src="i{i}.jpg" alt="">' for i in range(20000))
    [article] = html.read(f'<html><body><article><p style="{style}">shown</p>'
                          f'<p style="width: 1px; height: 1px; overflow: hidden">hidden</p>{pics}'
                          f'</article></body></html>'.encode(), "big.html", None, BOOK)
    assert [b.text for b in article.blocks] == ["shown"]
    assert article.images[-1].location.selector == "html > body > article > img:nth-of-type(20000)"
    assert article.images[0].location.selector == "html > body > article > img:nth-of-type(1)"


# -- referenced images that are missing ----------------------------------------------

def _input_findings(report: dict) -> list[str]:
    return [f["message"] for x in report["files"] for f in x["findings"] if f["category"] == "input"]


def test_missing_image_warned_once_per_file_never_for_placeholders(tmp_path):
    # forsal: twelve teasers with src="#"; the same missing 1x1.png four times
    body = ("".join('<a href="/s"><img src="#" alt=""></a>' for _ in range(12))
            + "".join('<img src="img/1x1.png" alt="">' for _ in range(4))
            + '<img src="about:blank" alt=""><img src="javascript:void(0)" alt="">')
    messages = _input_findings(check(tmp_path, body))
    assert len(messages) == 1 and "img/1x1.png" in messages[0]


def test_site_absolute_paths_are_looked_up_under_site_root(tmp_path):
    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    shutil.copy(ROOT / "fixtures" / "media" / "plain.jpg", site / "img" / "there.jpg")
    body = ('<figure><img src="/img/there.jpg"><figcaption>A. Foto: Jan Kock/dpa</figcaption></figure>'
            '<figure><img src="/img/gone.jpg"><figcaption>B. Foto: Jan Kock/dpa</figcaption></figure>')
    # without site_root: site-absolute paths are like remote images (no warning)
    assert _input_findings(check(tmp_path, body)) == []
    (tmp_path / ".provenance.yaml").write_text("site_root: site\n")
    messages = _input_findings(check(tmp_path, body))
    assert len(messages) == 1 and "/img/gone.jpg" in messages[0]


def test_audit_lists_pictures_that_need_review_apart(tmp_path):
    from provenance.cli import main as cli_main
    arc = tmp_path / "archive"
    arc.mkdir()
    (arc / "a.html").write_bytes(page('<div><img src="/maybe.jpg" alt="Something"></div>'))
    (arc / "b.html").write_bytes(page('<figure><img src="/sure.jpg" width="800" height="500">'
                                      '<figcaption>The pier.</figcaption></figure>'))
    code = cli_main(["audit", str(arc), "--no-cache", "--json", str(tmp_path / "a.json"),
                     "--html", str(tmp_path / "a.html"), "--fail-on", "never"])
    assert code == 0
    report = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert report["summary"]["needs_review"] == 1
    [item] = report["audit"]["needs_review"]
    assert item["path"].endswith("a.html") and item["image"] == "/maybe.jpg"
    html_report = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert 'id="needs-review"' in html_report and "/maybe.jpg" in html_report.split('id="needs-review"')[1]
