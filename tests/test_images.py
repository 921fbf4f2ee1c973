"""Image provenance: C2PA (real c2pa-python), XMP/IIM/EXIF, the image stage,
standalone image reading — all on the checked-in fixtures in fixtures/media."""
from __future__ import annotations

import functools
import http.server
import importlib.util
import os
import shutil
import threading

import pytest

from provenance.article import Article, Image, Location
from provenance.images import ImageStage, is_ai, read_image
from provenance.readers import image as image_reader

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MEDIA = os.path.join(ROOT, "fixtures", "media")
CORPUS = os.path.join(ROOT, "fixtures", "corpus-images")
CA = os.path.join(MEDIA, "ca.pem")
OTHER_CA = os.path.join(MEDIA, "untrusted-ca.pem")
DST = "http://cv.iptc.org/newscodes/digitalsourcetype/"
AI_FILES = ["ai-generated.jpg", "ai-generated.png", "ai-composite.jpg"]


def media(name: str) -> str:
    return os.path.join(MEDIA, name)


def load_make_media():
    spec = importlib.util.spec_from_file_location("make_media",
                                                  os.path.join(ROOT, "fixtures", "make_media.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def http_dir(tmp_path):
    """A local http.server on 127.0.0.1 serving tmp_path; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    from provenance.images import remote
    remote.configure(allow_private=True)       # as --fetch-allow-private: the server is on 127.0.0.1
    try:
        yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        remote.configure(allow_private=False)
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args):
        _QuietHandler.requests.append(self.path)


# --- C2PA validation states ----------------------------------------------------

@pytest.mark.parametrize("name", AI_FILES + ["camera.jpg", "ai-generated-untrusted.jpg"])
def test_signed_file_without_anchors_is_valid_and_never_untrusted(name):
    prov = read_image(media(name))
    assert prov.c2pa_present
    assert prov.c2pa_state == "Valid"
    assert prov.c2pa_failures == []
    assert prov.c2pa_untrusted is False


@pytest.mark.parametrize("name", AI_FILES + ["camera.jpg"])
def test_signed_file_with_its_ca_as_anchor_is_trusted(name):
    prov = read_image(media(name), trust_anchors=CA)
    assert prov.c2pa_state == "Trusted"
    assert prov.c2pa_failures == []
    assert not prov.c2pa_untrusted


def test_signer_outside_the_anchors_is_untrusted():
    prov = read_image(media("ai-generated-untrusted.jpg"), trust_anchors=CA)
    assert prov.c2pa_state == "Valid"
    assert prov.c2pa_untrusted
    assert prov.c2pa_failures == ["signingCredential.untrusted"]
    assert read_image(media("ai-generated.jpg"), trust_anchors=OTHER_CA).c2pa_untrusted


def test_anchors_may_be_given_as_pem_text():
    with open(CA) as fh:
        assert read_image(media("ai-generated.jpg"), trust_anchors=fh.read()).c2pa_state == "Trusted"


def test_tampered_pixels_are_invalid_with_data_hash_mismatch():
    for anchors in (None, CA):
        prov = read_image(media("ai-generated-tampered.jpg"), trust_anchors=anchors)
        assert prov.c2pa_state == "Invalid"
        assert prov.c2pa_failures == ["assertion.dataHash.mismatch"]


def test_active_manifest_source_types_signer_and_generator():
    prov = read_image(media("ai-composite.jpg"))
    assert prov.c2pa_source_types == [DST + "compositeWithTrainedAlgorithmicMedia"]
    assert prov.c2pa_actions == [{"action": "c2pa.created",
                                  "digitalSourceType": DST + "compositeWithTrainedAlgorithmicMedia"}]
    assert prov.signer == "Provenance Test Newsroom Signer"
    assert prov.issuer == "Provenance Test Newsroom"
    assert prov.claim_generator == "provenance fixtures 1.0"
    assert read_image(media("ai-generated.png")).c2pa_source_types == [DST + "trainedAlgorithmicMedia"]


def test_camera_manifest_date_becomes_creation_date():
    prov = read_image(media("camera.jpg"))
    assert prov.c2pa_source_types == [DST + "digitalCapture"]
    assert prov.c2pa_date == "2024-02-29"
    assert (prov.date_created, prov.date_origin) == ("2024-02-29", "C2PA EXIF DateTimeOriginal")


def test_plain_metadata_image_has_no_manifest():
    prov = read_image(media("iptc-credit.jpg"))
    assert not prov.c2pa_present and prov.c2pa_state is None and prov.c2pa_error is None


# --- XMP / IIM / EXIF --------------------------------------------------------------

def test_xmp_ai_fields():
    prov = read_image(media("iptc-ai.jpg"))
    assert prov.xmp_source_type == DST + "trainedAlgorithmicMedia"
    assert (prov.ai_system, prov.ai_system_version) == ("ExampleGen", "2.1")
    assert prov.ai_prompt == "A lighthouse on a cliff at dusk"
    assert prov.source_types == [DST + "trainedAlgorithmicMedia"]


def test_xmp_credit_creator_rights_date():
    prov = read_image(media("iptc-credit.jpg"))
    assert prov.credit == "REUTERS/Jane Doe"
    assert prov.creator == "Jane Doe"
    assert prov.rights == "© 2019 Reuters"
    assert prov.source == "Reuters"
    assert (prov.date_created, prov.date_origin) == ("2019-03-14", "XMP photoshop:DateCreated")


def test_iim_only_fields():
    prov = read_image(media("iptc-archive-old.jpg"))
    assert prov.credit == "picture alliance/dpa"
    assert prov.creator == "Max Mustermann"
    assert (prov.date_created, prov.date_origin) == ("2011-05-02", "IPTC IIM 2:55 Date Created")


def test_no_credit_and_date_never_from_headline():
    prov = read_image(media("iptc-nocredit.jpg"))
    assert prov.credit is None and prov.creator is None
    assert prov.date_created == "2024-06-01"
    recent = read_image(media("iptc-recent.jpg"))
    assert recent.headline.startswith("ARCHIV")
    assert (recent.credit, recent.date_created) == ("Oliver Berg/dpa", "2026-11-19")


def test_exif_date_time_original():
    prov = read_image(media("exif-date.jpg"))
    assert (prov.date_created, prov.date_origin) == ("2015-08-01", "EXIF DateTimeOriginal")


def test_extended_xmp_is_joined():
    prov = read_image(media("iptc-extended.jpg"))
    assert prov.xmp_source_type == DST + "compositeWithTrainedAlgorithmicMedia"
    assert prov.ai_prompt.startswith("A very long prompt") and len(prov.ai_prompt) > 600


@pytest.mark.parametrize("name, fmt", [("xmp-ai.png", "PNG"), ("xmp-ai.webp", "WEBP")])
def test_xmp_in_png_and_webp(name, fmt):
    prov = read_image(media(name))
    assert prov.format == fmt and (prov.width, prov.height) == (64, 48)
    assert prov.xmp_source_type == DST + "trainedAlgorithmicMedia"
    assert prov.credit == "Illustration: ExampleGen"


def test_xmp_entities_are_not_expanded(tmp_path):
    mm = load_make_media()
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "AAAAAAAAAA">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">'
            b'<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
            b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF ' + mm.XMP_NS.encode() + b'>'
            b'<rdf:Description rdf:about=""><photoshop:Credit>&c;&ext;</photoshop:Credit>'
            b'<photoshop:Source>Wire</photoshop:Source></rdf:Description></rdf:RDF></x:xmpmeta>')
    path = tmp_path / "bomb.jpg"
    path.write_bytes(mm.with_segments(mm.base_image(), [mm.app1_xmp(bomb)]))
    prov = read_image(str(path))
    assert prov.source == "Wire"
    assert not prov.credit or ("AAAA" not in prov.credit and "root:" not in prov.credit)


# --- broken files ------------------------------------------------------------------

def test_truncated_is_partial_garbage_is_error():
    truncated = read_image(media("truncated.jpg"))
    assert truncated.partial and not truncated.error
    assert truncated.format == "JPEG"
    garbage = read_image(media("garbage.jpg"))
    assert garbage.error.startswith("no image decoder accepts this file")
    assert garbage.c2pa_error is None and not garbage.c2pa_present


def test_missing_file_sets_error_without_raising(tmp_path):
    prov = read_image(str(tmp_path / "nope.jpg"))
    assert prov.error and "nope.jpg" in prov.error


# --- digital source types ------------------------------------------------------------

@pytest.mark.parametrize("uri, expected", [
    (DST + "trainedAlgorithmicMedia", True),
    ("digsrctype:compositeWithTrainedAlgorithmicMedia", True),
    ("https://schema.org/TrainedAlgorithmicMediaDigitalSource", True),
    ("CompositeWithTrainedAlgorithmicMediaDigitalSource", True),
    (DST + "digitalCapture", False),
    ("DigitalCaptureDigitalSource", False),
    ("minorHumanEdits", False),
    ("composite", False),
    ("digsrctype:screenCapture", False),
    ("compositeSynthetic", None),
    (DST + "algorithmicallyEnhanced", None),
    ("algorithmicMedia", None),
    ("dataDrivenMedia", None),
    ("", None),
    (None, None),
])
def test_is_ai(uri, expected):
    assert is_ai(uri) is expected


# --- the image stage -------------------------------------------------------------------

def _article(tmp_path, *srcs, name="article.html"):
    path = tmp_path / name
    path.write_text("<p>x</p>")
    images = [Image(src=s, location=Location(line=i + 1)) for i, s in enumerate(srcs)]
    return Article(path=name, format="html", file=str(path), images=images)


def test_stage_reads_each_file_once_for_many_articles(tmp_path):
    (tmp_path / "img").mkdir()
    shutil.copy(media("ai-generated.jpg"), tmp_path / "img" / "a b.jpg")
    stage = ImageStage(trust_anchors=CA)
    first = _article(tmp_path, "img/a%20b.jpg?w=640#top", "./img/a b.jpg", name="one.html")
    second = _article(tmp_path, "img/a%20b.jpg", name="two.html")
    stage.attach(first)
    stage.attach(second)
    assert stage.reads == 1
    for image in first.images + second.images:
        assert image.file == str(tmp_path / "img" / "a b.jpg")
        assert image.provenance.c2pa_state == "Trusted"
    assert first.problems == [] and second.problems == []


def test_stage_missing_local_image_is_a_warning(tmp_path):
    article = _article(tmp_path, "img/x.jpg")
    ImageStage().attach(article)
    (problem,) = article.problems
    assert (problem.code, problem.severity) == ("input-image-missing", "warning")
    assert problem.message == ("image 'img/x.jpg' referenced by the article is missing "
                               f"(looked for {tmp_path / 'img' / 'x.jpg'})")
    assert problem.location.line == 1
    assert article.images[0].provenance is None


def test_stage_skips_text_only_captions_and_resolves_stdin_against_cwd(tmp_path, monkeypatch):
    shutil.copy(media("iptc-credit.jpg"), tmp_path / "p.jpg")
    monkeypatch.chdir(tmp_path)
    article = Article(path="-", format="markdown", file=None, images=[
        Image(src="", location=Location(), in_text_only=True),
        Image(src="p.jpg", location=Location())])
    ImageStage().attach(article)
    assert article.images[0].provenance is None
    assert article.images[1].provenance.credit == "REUTERS/Jane Doe"


def test_stage_partial_image_in_article_is_a_warning(tmp_path):
    shutil.copy(media("truncated.jpg"), tmp_path / "t.jpg")
    article = _article(tmp_path, "t.jpg")
    ImageStage().attach(article)
    assert [p.code for p in article.problems] == ["input-image-partial"]


def test_stage_does_not_fetch_remote_images_by_default(http_dir):
    root, base = http_dir
    shutil.copy(media("ai-generated.jpg"), root / "a.jpg")
    _QuietHandler.requests.clear()
    article = _article(root, f"{base}/a.jpg", "data:image/png;base64,iVBORw0KGgo=")
    stage = ImageStage()
    stage.attach(article)
    assert [i.remote for i in article.images] == [True, True]
    assert all(i.provenance is None for i in article.images)
    assert stage.reads == 0 and _QuietHandler.requests == []
    assert article.problems == []


def test_stage_fetches_remote_images_with_fetch(http_dir):
    root, base = http_dir
    shutil.copy(media("ai-generated.jpg"), root / "a.jpg")
    stage = ImageStage(trust_anchors=CA, fetch=True)
    article = _article(root, f"{base}/a.jpg", f"{base}/a.jpg", f"{base}/missing.jpg")
    stage.attach(article)
    assert article.images[0].remote and article.images[0].file is None
    assert article.images[0].provenance.c2pa_state == "Trusted"
    assert article.images[1].provenance is article.images[0].provenance
    assert "404" in article.images[2].provenance.error
    assert stage.reads == 2


def test_remote_manifest_not_fetched_unless_fetch(http_dir):
    root, base = http_dir
    mm = load_make_media()
    with open(media("signer-chain.pem"), "rb") as c, open(media("signer.key"), "rb") as k:
        asset, store = mm.sign(mm.base_image(), "image/jpeg",
                               mm.manifest("cloud.jpg", "trainedAlgorithmicMedia"),
                               c.read(), k.read(), remote_url=f"{base}/cloud.c2pa")
    (root / "cloud.jpg").write_bytes(asset)
    (root / "cloud.c2pa").write_bytes(store)
    _QuietHandler.requests.clear()
    offline = read_image(str(root / "cloud.jpg"), trust_anchors=CA)
    assert offline.c2pa_state is None and offline.c2pa_remote == f"{base}/cloud.c2pa"
    assert offline.c2pa_error.startswith("remote manifest not fetched")
    assert _QuietHandler.requests == []
    online = read_image(str(root / "cloud.jpg"), trust_anchors=CA, fetch=True)
    assert online.c2pa_state == "Trusted" and online.c2pa_remote is None
    assert online.c2pa_source_types == [DST + "trainedAlgorithmicMedia"]


# --- standalone image reader -----------------------------------------------------------

def test_standalone_image_article():
    path = media("ai-generated.jpg")
    with open(path, "rb") as fh:
        (article,) = image_reader.read(fh.read(), "media/ai-generated.jpg", path)
    assert (article.format, article.checked, article.problems) == ("image", True, [])
    (image,) = article.images
    assert (image.src, image.file) == ("ai-generated.jpg", path)
    stage = ImageStage(trust_anchors=CA)
    stage.attach(article)
    assert image.provenance.c2pa_state == "Trusted" and stage.reads == 1


def test_standalone_non_image_is_unreadable():
    (article,) = image_reader.read(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "x.jpg", None)
    assert article.checked is False
    (problem,) = article.problems
    assert (problem.code, problem.severity) == ("input-unreadable", "error")
    # sniffed as what it is (a PDF), and the C2PA SDK says why it cannot read it
    assert "cannot parse this PDF file" in problem.message


def test_standalone_truncated_image_is_partial_from_stdin():
    with open(media("truncated.jpg"), "rb") as fh:
        (article,) = image_reader.read(fh.read(), "-", None)
    assert article.checked
    assert [p.code for p in article.problems] == ["input-image-partial"]
    assert article.images[0].provenance.partial
    ImageStage().attach(article)            # already read: nothing looked up on disk
    assert [p.code for p in article.problems] == ["input-image-partial"]


# --- real images from the c2pa-rs and IPTC repositories ----------------------------------

def test_real_images_give_the_states_recorded_in_their_manifest():
    c = read_image(os.path.join(CORPUS, "c2pa-rs_C.jpg"))
    assert (c.c2pa_state, c.c2pa_failures) == ("Valid", [])
    assert c.c2pa_source_types == [DST + "algorithmicMedia"]
    e = read_image(os.path.join(CORPUS, "c2pa-rs_E-sig-CA.jpg"))
    assert (e.c2pa_state, e.c2pa_failures) == ("Invalid", ["claimSignature.mismatch"])
    cloud = read_image(os.path.join(CORPUS, "c2pa-rs_cloud.jpg"))
    assert cloud.c2pa_state is None and cloud.c2pa_present
    assert cloud.c2pa_error.startswith("remote manifest not fetched")
    assert cloud.c2pa_remote.startswith("https://cai-manifests.adobe.com/manifests/")
    iptc = read_image(os.path.join(CORPUS, "iptc-userguide_generative-ai-example.jpg"))
    assert not iptc.c2pa_present
    assert iptc.xmp_source_type == DST + "trainedAlgorithmicMedia"
    assert iptc.credit == "Image created by Brendan Quinn using Bing Image Creator"
    assert iptc.date_created == "2023-05-09"
    meta = read_image(os.path.join(CORPUS, "imagemeta_metadata-extractor_withIptcExifGps.jpg"))
    assert (meta.credit, meta.source, meta.date_created) == ("Ian Britton", "FreeFoto.com",
                                                             "2002-06-20")


# --- the fixture script ----------------------------------------------------------------

def test_make_media_script_regenerates_equivalent_fixtures(tmp_path):
    sizes = load_make_media().build(str(tmp_path))
    assert sum(sizes.values()) < 200_000
    # Keys derive from fixed seeds: the regenerated CA still anchors the checked-in files.
    assert read_image(media("ai-generated.jpg"),
                      trust_anchors=str(tmp_path / "ca.pem")).c2pa_state == "Trusted"
    fresh = read_image(str(tmp_path / "ai-generated-tampered.jpg"), trust_anchors=CA)
    assert (fresh.c2pa_state, fresh.c2pa_failures) == ("Invalid", ["assertion.dataHash.mismatch"])
    assert read_image(str(tmp_path / "ai-generated.jpg"), trust_anchors=CA).c2pa_state == "Trusted"


# --- robustness ------------------------------------------------------------------------

def test_broken_trust_anchors_are_reported_not_raised(tmp_path):
    bad = tmp_path / "bad.pem"
    bad.write_text("-----BEGIN CERTIFICATE-----\nnotbase64\n-----END CERTIFICATE-----\n")
    prov = read_image(media("ai-generated.jpg"), trust_anchors=str(bad))
    assert prov.c2pa_error and "trust anchors" in prov.c2pa_error
    assert prov.c2pa_state is None and not prov.c2pa_untrusted


def test_giant_pixel_count_is_not_an_error(tmp_path):
    import struct
    import zlib

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    path = tmp_path / "huge.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))
    prov = read_image(str(path))
    assert prov.format == "PNG" and prov.error is None and prov.partial is None


def test_importing_the_image_stage_loads_no_heavy_library():
    import subprocess
    import sys

    code = ("import sys, provenance.images, provenance.readers.image;"
            "print(sorted(m for m in ('PIL', 'c2pa', 'lxml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
