"""HTML reader: what a reader of the page sees is what the checks see."""
from pathlib import Path

import pytest

from provenance.phrases import PhraseBook
from provenance.readers import html
from provenance.readers.decode import decode_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
READERS = FIXTURES / "readers"
BOOK = PhraseBook.builtin()      # the phrase packs a run hands the reader


def read(name: str):
    path = READERS / name
    [article] = html.read(path.read_bytes(), name, str(path), BOOK)
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
    [article] = html.read(b"<html><body><article><p>Page</p></article></body></html>", "p.html", None, BOOK)
    html.read_fragment('<p>Feed text <span hidden>SECRET</span></p><figure><img src="a.jpg">'
                       '<figcaption>Cap <cite>Foto: dpa</cite></figcaption></figure>'
                       '<a href="https://x.example/a">orig</a>', article, BOOK, "/body_html", line_offset=9)
    assert [b.text for b in article.blocks] == ["Page", "Feed text", "Cap Foto: dpa", "orig"]
    assert article.blocks[1].location.selector == "/body_html p"
    assert article.blocks[1].location.line == 10
    assert article.images[0].credit == "Foto: dpa"
    assert article.links[0].href == "https://x.example/a"


def test_garbage_and_empty_input_do_not_crash():
    [empty] = html.read(b"", "e.html", None, BOOK)
    assert not empty.checked and empty.problems[0].severity == "error"
    [messy] = html.read(b"<div><p>Unclosed <b>bold <i>text</table></span>\x00\xff", "m.html", None, BOOK)
    assert messy.checked and "Unclosed" in messy.text()


CORPUS = sorted((FIXTURES / "corpus-html").glob("*.html"))


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_real_pages_read_with_headline_and_blocks(path):
    [article] = html.read(path.read_bytes(), path.name, str(path), BOOK)
    assert article.checked and article.headline
    assert len(article.blocks) >= 5
    assert not [p for p in article.problems if p.severity != "info"]


def test_real_page_scope_excludes_site_chrome():
    path = FIXTURES / "corpus-html" / "en_reuters_postlight.html"
    [article] = html.read(path.read_bytes(), path.name, None, BOOK)
    assert article.headline.startswith("Fed lifts rates")
    assert any("(Reuters)" in b.text for b in article.blocks)


# --- editorial images vs. navigation: snippets cut from real pages of the corpus ---

def page(body: str, head: str = ""):
    """Read a page made of `body` (the snippets below are cut from real pages)."""
    data = f"<html><head>{head}</head><body>{body}</body></html>".encode()
    [article] = html.read(data, "page.html", None, BOOK)
    return article


def by_src(article):
    return {image.src.rsplit("/", 1)[-1]: image for image in article.images}


def test_related_list_thumbnails_in_links_are_teasers():
    # tagesschau.de "Top 5" list: the credit exists only in alt/title.
    images = by_src(page(
        '<div class="media"><img alt="Firmenschild | Bildquelle: dpa" src="/b/lead.jpg"></div>'
        '<p>Der Text des Artikels.</p>'
        '<ul class="list"><li><a title="Österreich" href="/ausland/oesterreich-101.html">'
        '<div class="mediaCon"><div class="media mediaA"><img alt="Autos | Bildquelle: AFP" '
        'class="img" src="/b/oesterreich~_v-thumbnail16x9.jpg" /></div></div>'
        'Steigende Corona-Zahlen</a></li></ul>'))
    assert images["oesterreich~_v-thumbnail16x9.jpg"].teaser
    assert images["oesterreich~_v-thumbnail16x9.jpg"].caption == ""
    assert not images["lead.jpg"].teaser            # the story's own picture


@pytest.mark.parametrize("snippet", [
    # yahoo.co.jp "#sub" sidebar ranking
    '<div id="sub"><ul><li><a href="https://headlines.yahoo.co.jp/hl?a=1"><span><span>'
    '<img src="https://amd.c.yimg.jp/x/20170309-view.jpg"></span><span>見出し</span></span></a></li></ul></div>',
    # businessinsider.de "#editorial2" partner box
    '<ul class="media-list"><li class="media"><a href="https://www.businessinsider.de/sc/legen-2019-11" '
    'class="pull-left"> <img src="https://static.businessinsider.de/image/5dc569" border="0" alt="Legen"> </a>'
    '<div class="media-body"><p><a href="https://www.businessinsider.de/sc/legen-2019-11">Legen Sie</a></p></div></li></ul>',
    # portalspozywczy.pl partner logos
    '<div class="box-16"><span>Partnerzy serwisu</span><ul><li><a href="http://www.portalspozywczy.pl/partner/makro,10/" '
    'rel="external nofollow"><img src="https://www.portalspozywczy.pl/images/loga/makro.png" alt="partner serwisu" /></a></li></ul></div>',
    # portalspozywczy.pl related card: the "img-desc" under the picture is the link's headline
    '<a href="https://www.portalspozywczy.pl/mleko/wiadomosci/mleczarstwo,198467.html"><div class="img">'
    '<img src="https://pliki.portalspozywczy.pl/i/129810_r0_300.jpg" alt="Mleczarstwo" /></div>'
    '<div class="img-desc"><span>Mleczarstwo przetrwało pandemiczny czas</span></div></a>',
    # panamaamerica.com.pa related stories
    '<div class="panel-tema-relacionado"><figure class="imagen l12 col"><a href="/sociedad/si-tu-hijo-1205646">'
    '<img data-src="https://www.panamaamerica.com.pa/files/styles/home_2018_200x130/celulares.jpg" width="200" height="130">'
    '</a></figure><h3><a href="/sociedad/si-tu-hijo-1205646">Si tu hijo no suelta el celular</a></h3></div>',
    # interia.pl article footer: the source outlet's logo, linked through a redirector
    '<div class="article-source"><cite><a href="//r.interia.pl/jmuYJu5G" target="_blank" rel="nofollow">'
    '<img src="https://i.iplsc.com/ciekawostki-historyczne/0006GH0OPYRV7C6R-C307.jpg" alt="Ciekawostki"/></a></cite></div>',
    # seattletimes.com / polityka.pl: the author's headshot links to the author page
    '<div class="article-byline"><a href="/author/cap-ben-romano" class="headshot">'
    '<img src="https://static.seattletimes.com/BenRomano-copy-100x100.jpg" alt="Benjamin Romano" /></a></div>',
    # bbc.co.uk "more from this index" card: the link sits beside the picture
    '<div class="sparrow-item faux-block-link"><div class="sparrow-item__image"><div class="responsive-image">'
    '<img src="http://ichef.bbci.co.uk/news/200/_84471703_houser.jpg" class="js-image-replace" alt="A police officer">'
    '</div></div><div class="sparrow-item__body"><a href="/news/world-us-canada-33654509" class="title-link">'
    '<h3><span>US cinema gunman \'had violent past\'</span></h3></a></div></div>',
])
def test_navigation_images_are_teasers_without_caption(snippet):
    article = page(f"<main><p>{'Story text. ' * 60}</p>{snippet}</main>")
    [image] = article.images
    assert image.teaser
    assert image.caption == "" and image.credit == ""


@pytest.mark.parametrize("link", [
    '<a class="fancybox" href="https://cache.pressmailing.net/story_hires/image.jpg" data-caption="(photo/Pentaphoto)">',
    '<a href="//static.polityka.pl/res/aadec868_f1400x900" title="Lotniskowiec">',
    '<a href="#" onclick="showPhoto(2)">',
    '<a href="https://example.com/gallery/1" data-lightbox="story">',
])
def test_links_to_the_picture_itself_are_not_teasers(link):
    src = "//static.polityka.pl/res/aadec868_f1400x900"
    [image] = page(f"<article><p>Text</p>{link}<img src='{src}'></a></article>").images
    assert not image.teaser


def test_placeholder_src_gives_way_to_the_lazy_source():
    # presseportal.de: src="/assets//img/highlight_ph.png" data-src="<the photo>"
    [image] = page('<article><p>Text</p><figure><div><a class="fancybox" href="https://c.example/hires/image.jpg">'
                   '<img src="/assets//img/highlight_ph.png" data-src="https://c.example/story_big/felix"></a>'
                   '</div></figure></article>').images
    assert image.src == "https://c.example/story_big/felix"
    assert image.caption == "" and image.credit == ""     # data-caption is an attribute, never visible


def test_credit_in_a_sibling_link_after_the_picture_link():
    # polityka.pl opening picture
    [image] = page(
        '<article><div class="cg_article_opening_multimedia">'
        '<a href="//static.polityka.pl/res/aadec868_f1400x900" title="Lotniskowiec">'
        '<img src="//static.polityka.pl/res/aadec868_f1400x900" alt="Lotniskowiec" /></a>'
        '<a href="//static.polityka.pl/res/aadec868_f1400x900" title="Lotniskowiec">'
        '<span class="cg_article_opening_multimedia_desc">Lotniskowiec Royal Navy opuszcza bazę.</span>'
        '<span class="cg_article_opening_multimedia_credit">Andrew Matthews / Forum</span></a></div>'
        '<p>Text</p></article>').images
    assert image.credit == "Andrew Matthews / Forum"
    assert image.caption.startswith("Lotniskowiec Royal Navy") and not image.teaser


def test_credit_in_a_cite_of_the_detail_block_after_the_picture():
    # interia.pl <aside class="embed embed-photo">
    [image] = page(
        '<article><p>Text</p><aside class="embed embed-photo embed-center"><span class="embed-type">Zdjęcie</span>'
        '<div class="embed-thumbnail"><img src="https://i.iplsc.com/post/000C0O2QGYJR7P0V-C122-F4.jpg" '
        'alt="Najdłuższy post /domena publiczna" class="img-responsive"/></div>'
        '<div class="embed-work-detail"><span class="embed-work-detail-title">Najdłuższy post w historii</span>\n'
        '<cite class="embed-work-detail-source"><span>/</span>domena publiczna</cite></div></aside></article>').images
    assert image.caption == "Najdłuższy post w historii /domena publiczna"
    assert image.credit == "/domena publiczna"


@pytest.mark.parametrize("wrapper, caption", [
    # portalspozywczy.pl lead picture
    ('<div class="img"><img src="/i/129556_r0_940.jpg" title="Eurocash, fot. shutterstock"></div>'
     '<div class="img-desc"><span>Eurocash rusza z Platformą Handlu, fot. shutterstock</span></div>',
     "Eurocash rusza z Platformą Handlu, fot. shutterstock"),
    # osthessen-news.de top image: a lightbox link, the caption shown in a "caphover" block
    ('<div id="topimage"><a class="fancybox" data-fancybox="galerie" data-caption="x - Foto: H. Urbin" '
     'href="https://images.example/xl/1.jpg"><img src="https://images.example/728/1.jpg"/></a>'
     '<div class="caphover">Sensation in Petersberg. - Foto: Hendrik Urbin</div></div>',
     "Sensation in Petersberg. - Foto: Hendrik Urbin"),
])
def test_caption_block_after_the_picture(wrapper, caption):
    [image] = page(f"<article><p>Text</p>{wrapper}</article>").images
    assert image.caption == caption and not image.teaser


@pytest.mark.parametrize("tail, credit", [
    ("<h5>27-06-2012</h5> | Efe", "Efe"),            # newspaper4k.es gallery caption
    (" | 27-06-2012", ""),                            # a date is no credit
    (" | un texto demasiado largo para ser un crédito de foto", ""),
])
def test_last_pipe_segment_of_a_caption_is_its_credit(tail, credit):
    [image] = page(f'<article><p>Text</p><figure><img src="/p.png"><figcaption class="pie">'
                   f'<h4>Las discrepancias entre el juez y el fiscal.</h4>{tail}</figcaption></figure></article>').images
    assert image.credit == credit


def test_articlebody_holder_narrows_a_main_full_of_teasers():
    body = "Der Bürgermeister hat am Montag angekündigt, dass die Brücke über den Fluss saniert wird. " * 8
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Brücke", '
          f'"articleBody": "{body.strip()}"}}</script>')
    teasers = "".join(f'<div class="card"><img src="/t{n}.jpg"><p>Eine andere Geschichte mit langem Text, '
                      f'die nichts mit der Brücke zu tun hat, Nummer {n}. ' * 3 + "</p></div>" for n in range(12))
    article = page(f'<div role="main"><div class="story"><h1>Brücke wird saniert</h1><img src="/lead.jpg">'
                   f'<p>{body}</p></div><div class="more">{teasers}</div></div>', head=ld)
    assert [image.src for image in article.images] == ["/lead.jpg"]
    assert article.blocks[0].text == "Brücke wird saniert"


def test_short_articlebody_is_a_summary_and_keeps_the_main_scope():
    # bbc.co.uk: JSON-LD articleBody is the promo summary, found in a teaser first.
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Obama", '
          '"articleBody": "President Barack Obama tells the BBC his failure to pass gun laws frustrates him."}</script>')
    article = page('<div role="main"><div class="story"><h1>Obama</h1><p>' + "Story text. " * 40 + '</p>'
                   '<figure><img src="/lead.jpg"><figcaption>Caption</figcaption></figure></div>'
                   '<div class="top-stories-promo"><p>President Barack Obama tells the BBC his failure to pass gun '
                   'laws frustrates him.</p></div></div>', head=ld)
    assert article.blocks[0].text == "Obama"
    assert "/lead.jpg" in [image.src for image in article.images]


def test_more_from_and_most_read_regions_are_not_article():
    article = page('<main><h1>Story</h1><p>' + "Story text. " * 60 + '</p>'
                   '<div id="comp-pattern-library" class="container-more-from-this-index"><div>'
                   '<img src="/houser.jpg"><p>US cinema gunman</p></div></div>'
                   '<section class="most-read"><img src="/mr.jpg"><p>Most read</p></section></main>')
    assert article.images == []


def test_caption_after_a_page_link_still_captions_the_picture():
    [image] = page('<article><p>Text</p><div><a href="/bilder/123.html"><img src="/p.jpg"></a>'
                   '<p class="caption">Foto: dpa</p></div></article>').images
    assert image.teaser and image.caption == "Foto: dpa"


def test_page_without_article_or_main_is_scoped_to_its_densest_block():
    # osthessen-news.de / yahoo.co.jp shape: no <article>, <main> or articleBody
    story = "".join(f"<p>Absatz {n}: Die Gemeinde hat gewählt, und das Ergebnis überrascht viele.</p>" * 3
                    for n in range(6))
    side = "".join(f'<div class="item"><img src="/side{n}.jpg"><span>Andere Geschichte {n}</span></div>'
                   for n in range(8))
    article = page(f'<div class="head"><img src="/print-logo.png"></div>'
                   f'<div class="wrapper"><div class="col-main"><div id="news" class="content box">'
                   f'<h1>Wahl in Petersberg</h1><div id="topimage"><img src="/lead.jpg">'
                   f'<div class="caphover">Sensation in Petersberg. - Foto: Hendrik Urbin</div></div>'
                   f'<div class="news">{story}</div></div></div>'
                   f'<div class="col-right">{side}<p>{"Werbung und mehr. " * 50}</p></div></div>')
    assert [image.src for image in article.images] == ["/lead.jpg"]
    assert article.blocks[0].text == "Wahl in Petersberg"


def test_a_repeated_id_does_not_shorten_the_path():
    # ja_itmedia (benchmarks/realpages) wraps each of seven pictures in its own
    # <div id="col600c">: seven pictures must get seven paths
    page = ("<html><body><div id='main'><p>Text.</p>"
            + "".join(f"<div id='col600c'><a href='/l_{n}.jpg'><img src='/{n}.jpg'></a><small>Pic {n}</small></div>"
                      for n in range(3))
            + "<div id='single'><img src='/x.jpg'></div></div></body></html>").encode()
    [article] = html.read(page, "p.html", None, BOOK)
    paths = [img.location.selector for img in article.images]
    assert paths == [f"#main > div:nth-of-type({n}) > a > img" for n in (1, 2, 3)] + ["#single > img"]


def test_class_words_ascii_path_reads_as_the_case_insensitive_patterns():
    """`ClassWords.flags` reads ASCII values lower-cased with case-sensitive
    patterns behind a quick any-match search: it must give what the re.I
    patterns give, on class strings made of the vocabulary's own words."""
    import random
    import re

    from provenance.readers.html import visibility

    classes = visibility.class_words(BOOK)
    assert classes._ascii is not None
    # the characters that re.I equates with an ASCII letter are _ASCII_FOLDS
    everything = "".join(chr(c) for c in range(128, 0x110000) if not 0xD800 <= c < 0xE000)
    assert set(re.findall("[a-z]", everything, re.I)) == visibility._ASCII_FOLDS

    def reference(value: str) -> int:
        flags = visibility._HIDDEN if visibility._hidden_class(value) else 0
        for rx, bit in classes.bits:
            if rx.search(value):
                flags |= bit
        return flags

    words = sorted(set().union(*(BOOK.vocabulary("picture_roles", key) for key in visibility.ClassWords.KEYS))
                   | {"sr-only", "hidden", "d-none", "md:block", "d-md-block", "hide", "bu", "x"})
    rnd = random.Random(16)
    for _ in range(20000):
        parts = []
        for _ in range(rnd.randint(1, 4)):
            word = rnd.choice(words)
            word = word.upper() if rnd.random() < 0.3 else word
            parts.append(word[:rnd.randint(0, len(word))] if rnd.random() < 0.3 else word)
            parts.append(rnd.choice([" ", "-", "_", "", "x", "\t", ":", "\x1c", "\u017f"]))
        value = "".join(parts)
        assert classes.flags(value) == reference(value), value
