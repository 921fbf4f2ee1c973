"""Every medium an article carries: video, audio, PDF, SVG, HEIF — read by
content, checked standalone and as references, C2PA errors as findings, trust
and CAWG identity said right. Real c2pa-python on the checked-in fixtures."""
from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from provenance import media
from provenance.images import read_image

ROOT = Path(__file__).resolve().parents[1]
MEDIA = ROOT / "fixtures" / "media"
CORPUS = ROOT / "fixtures" / "corpus-images"
CA = MEDIA / "ca.pem"
SDK_ANCHORS = CORPUS / "c2pa-rs_test_cert_root_bundle.pem"
DST = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "provenance", *map(str, args)], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=120)


def check_json(*args, cwd=None):
    p = run("check", "--format", "json", *args, cwd=cwd)
    assert p.returncode in (0, 1, 2), p.stderr
    return p.returncode, json.loads(p.stdout)


def rules_hit(report) -> list[str]:
    return sorted(f["rule"] for file in report["files"] for f in file["findings"]
                  if f["severity"] in ("error", "warning"))


# --- content sniffing -------------------------------------------------------------

def test_formats_are_sniffed_from_the_content():
    wav = (MEDIA / "ai-audio.wav").read_bytes()
    assert wav.startswith(b"RIFF") and media.sniff(wav) == "audio/wav"       # RIFF, but no WebP
    assert media.sniff((MEDIA / "xmp-ai.webp").read_bytes()) == "image/webp"
    assert media.sniff((MEDIA / "ai-video.mp4").read_bytes()) == "video/mp4"
    assert media.sniff((MEDIA / "ai-document.pdf").read_bytes()) == "application/pdf"
    assert media.sniff((CORPUS / "c2pa-rs_sample3.svg").read_bytes()) == "image/svg+xml"
    assert media.sniff(b"<!DOCTYPE html><html><body><svg></svg>") is None
    assert media.sniff(b"ID3 tags explained: a headline, not an MP3") is None
    # the same HEIF bytes are one format under either name
    assert media.same_family(media.of_extension("x.heif"), media.of_extension("x.heic"))


def test_the_sdk_is_asked_which_types_it_reads():
    import c2pa

    listed = set(c2pa.Reader.get_supported_mime_types())
    for mime in ("video/mp4", "audio/wav", "application/pdf", "image/svg+xml", "image/heif"):
        assert media.c2pa_type(mime) in listed
    assert media.c2pa_type("video/webm") is None


@pytest.mark.parametrize("name, fmt, medium", [
    ("ai-video.mp4", "MP4", "video"), ("ai-audio.wav", "WAV", "audio"),
    ("ai-document.pdf", "PDF", "document")])
def test_signed_media_are_read_like_images(name, fmt, medium):
    prov = read_image(str(MEDIA / name), trust_anchors=str(CA))
    assert (prov.format, prov.error, prov.c2pa_state) == (fmt, None, "Trusted")
    assert prov.c2pa_source_types == [DST + "trainedAlgorithmicMedia"]
    assert media.medium(prov.mime) == medium


# --- standalone media -------------------------------------------------------------

def test_standalone_video_audio_and_pdf_are_checked(tmp_path):
    code, report = check_json(MEDIA / "ai-video.mp4", MEDIA / "ai-audio.wav",
                              MEDIA / "ai-document.pdf", MEDIA / "recording.wav",
                              "--trust-anchors", CA)
    assert code == 0
    assert [f["format"] for f in report["files"]] == ["video", "audio", "document", "audio"]
    assert all(f["status"] == "pass" for f in report["files"])


def test_tampered_video_is_manifest_invalid():
    code, report = check_json(MEDIA / "ai-video-tampered.mp4")
    assert code == 1 and rules_hit(report) == ["manifest-invalid"]
    (finding,) = report["files"][0]["findings"]
    assert "assertion.bmffHash.mismatch" in finding["message"]


def test_a_directory_walk_picks_up_every_medium_the_sdk_reads(tmp_path):
    for name in ("ai-video.mp4", "ai-audio.wav", "ai-document.pdf", "plain.jpg"):
        shutil.copy(MEDIA / name, tmp_path / name)
    (tmp_path / "clip.webm").write_bytes(b"\x1aE\xdf\xa3 not read by the SDK")
    code, report = check_json(tmp_path)
    assert sorted(Path(f["path"]).name for f in report["files"]) == [
        "ai-audio.wav", "ai-document.pdf", "ai-video.mp4", "plain.jpg"]


def test_heif_bytes_named_heif_are_read_and_a_misnamed_wav_is_a_warning(tmp_path):
    shutil.copy(MEDIA / "ai-audio.wav", tmp_path / "clip.webp")
    code, report = check_json(tmp_path / "clip.webp")
    assert code == 0 and report["files"][0]["format"] == "audio"
    (finding,) = report["files"][0]["findings"]
    assert (finding["rule"], finding["category"], finding["severity"]) == \
        ("input-image", "input", "warning")
    assert "'.webp' says WEBP, the content is WAV" in finding["message"]


def test_an_unparseable_medium_is_an_input_error_naming_the_file(tmp_path):
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"RIFF\x10\x00\x00\x00WAVEjunk")
    p = run("check", bad)
    assert p.returncode == 2
    assert "broken.wav" in p.stdout and "cannot parse this WAV file" in p.stdout


# --- C2PA errors are findings ----------------------------------------------------

@pytest.mark.parametrize("name, said", [("c2pa-rs_no_alg.jpg", "Other: unknown algorithm"),
                                        ("c2pa-rs_sample3.svg", "Verify: invalid JUMBF header")])
def test_a_manifest_the_sdk_cannot_validate_is_manifest_invalid(name, said):
    code, report = check_json(CORPUS / name)
    assert code == 1 and rules_hit(report) == ["manifest-invalid"]
    assert said in report["files"][0]["findings"][0]["message"]
    p = run("inspect", CORPUS / name)
    assert f"the SDK says: {said}" in p.stdout and "C2PA: None" not in p.stdout
    p = run("inspect", "--format", "json", CORPUS / name)
    prov = json.loads(p.stdout)[0]["images"][0]["provenance"]
    assert (prov["c2pa_error"], prov["c2pa_error_code"]) == (said, said.split(":")[0])


def test_one_flipped_byte_in_the_manifest_is_manifest_invalid(tmp_path):
    data = bytearray((MEDIA / "ai-generated.jpg").read_bytes())
    data[data.find(b"c2cs")] ^= 0xFF            # the claim signature box's label
    (tmp_path / "flipped.jpg").write_bytes(bytes(data))
    code, report = check_json(tmp_path / "flipped.jpg", "--trust-anchors", CA)
    assert code == 1 and rules_hit(report) == ["manifest-invalid"]   # never "untrusted"
    assert "claim signature box was not found" in report["files"][0]["findings"][0]["message"]


# --- trust said right --------------------------------------------------------------

def test_cawg_identity_is_not_the_c2pa_signers_trust():
    name = CORPUS / "c2pa-rs_C_with_CAWG_data.jpg"
    code, report = check_json(name, "--trust-anchors", SDK_ANCHORS)
    assert code == 0 and rules_hit(report) == []            # the C2PA signer chains
    p = run("inspect", name, "--trust-anchors", SDK_ANCHORS)
    assert "C2PA: Valid\n" in p.stdout
    assert "CAWG identity: untrusted (cawg.x509.credential.untrusted)" in p.stdout
    p = run("inspect", "--format", "json", name, "--trust-anchors", SDK_ANCHORS)
    prov = json.loads(p.stdout)[0]["images"][0]["provenance"]
    assert prov["c2pa_identity"] == {"status": "untrusted",
                                     "codes": ["cawg.x509.credential.untrusted"]}
    assert prov["c2pa_failures"] == [] and prov["c2pa_untrusted"] is False


def test_untrusted_means_the_signer_does_not_chain():
    code, report = check_json(MEDIA / "ai-video.mp4", "--trust-anchors", SDK_ANCHORS)
    assert rules_hit(report) == ["manifest-untrusted"]
    code, report = check_json(MEDIA / "ai-video.mp4", "--trust-anchors", CA)
    assert rules_hit(report) == []


# --- AI media in articles ------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title>
<item><title>Flood in the valley</title><link>https://example.org/a</link>
<description>The river rose overnight. Residents left their homes.</description>
<media:content url="{src}" medium="{medium}"><media:description>{caption}</media:description></media:content>
</item></channel></rss>"""


@pytest.mark.parametrize("src, medium", [("ai-video.mp4", "video"), ("ai-document.pdf", "document"),
                                         ("ai-audio.wav", "audio")])
def test_ai_media_in_a_feed_owe_a_visible_ai_label(tmp_path, src, medium):
    shutil.copy(MEDIA / src, tmp_path / src)
    (tmp_path / "feed.xml").write_text(RSS.format(src=src, medium=medium, caption="The valley at dawn"))
    code, report = check_json(tmp_path / "feed.xml")
    assert code == 1 and rules_hit(report) == ["ai-image-unlabelled"]
    (finding,) = report["files"][0]["findings"]
    assert finding["category"] == "ai-image"
    assert finding["message"].startswith(f"{medium} '{src}' is AI-generated")
    # labelled: passes, and no photo credit is owed by a video, audio clip or PDF
    (tmp_path / "feed.xml").write_text(RSS.format(src=src, medium=medium,
                                                  caption="AI-generated: the valley at dawn"))
    code, report = check_json(tmp_path / "feed.xml")
    assert code == 0 and rules_hit(report) == []


def test_ai_video_in_ninjs_owes_a_label(tmp_path):
    shutil.copy(MEDIA / "ai-video.mp4", tmp_path / "ai-video.mp4")
    doc = {"uri": "urn:x:1", "type": "text", "headline": "Flood in the valley",
           "body_text": "The river rose overnight. Residents left their homes.",
           "associations": {"clip": {"type": "video", "headline": "The valley at dawn",
                                     "renditions": {"poster": {"href": "poster.jpg",
                                                               "contenttype": "image/jpeg"},
                                                    "video": {"href": "ai-video.mp4",
                                                              "contenttype": "video/mp4"}}}}}
    (tmp_path / "item.json").write_text(json.dumps(doc))
    code, report = check_json(tmp_path / "item.json")
    assert "ai-image-unlabelled" in rules_hit(report)
    assert any(f["message"].startswith("video 'ai-video.mp4'")
               for f in report["files"][0]["findings"])


# --- SDK and provenance agree on every shipped media fixture ----------------------

def _compare_module():
    spec = importlib.util.spec_from_file_location("media_compare",
                                                  ROOT / "benchmarks" / "media_compare.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("anchors", [None, CA])
def test_provenance_agrees_with_the_sdk_on_every_media_fixture(anchors):
    compare = _compare_module()
    files = compare.media_files([str(MEDIA), str(CORPUS)])
    assert {media.medium(media.of_extension(f)) for f in files} == {"image", "video", "audio",
                                                                     "document"}
    rows = compare.compare(files, str(anchors) if anchors else None, in_process=True)
    differing = [(Path(r["file"]).name, r["sdk"], r["provenance"]) for r in rows
                 if not all(r["agree"].values()) or r["exit2_on_readable"]]
    assert differing == []


# --- media an HTML article carries -------------------------------------------------

PAGE = """<html><body><article><h1>Flood in the valley</h1>
<p>The river rose overnight and residents left their homes in the morning.</p>
<figure><video src="ai-video.mp4" poster="plain.jpg" controls></video>
<figcaption>{video}</figcaption></figure>
<figure><audio controls><source src="ai-audio.wav" type="audio/wav"></audio>
<figcaption>{audio}</figcaption></figure>
<p><a href="ai-document.pdf" download>{pdf}</a> <a href="ai-document.pdf">plain link, no attachment</a></p>
<object data="recording.wav" type="audio/wav"></object><embed src="applet.swf">
</article></body></html>"""


def _page(tmp_path, **captions):
    for name in ("ai-video.mp4", "ai-audio.wav", "ai-document.pdf", "plain.jpg", "recording.wav"):
        shutil.copy(MEDIA / name, tmp_path / name)
    text = {"video": "The valley at dawn", "audio": "Interview with the mayor",
            "pdf": "Read the report", **captions}
    (tmp_path / "a.html").write_text(PAGE.format(**text))
    return tmp_path / "a.html"


def test_html_video_audio_object_and_attachment_links_are_carried(tmp_path):
    from provenance.inspect import model

    (art,) = model(str(_page(tmp_path)))
    carried = [(Path(i["src"]).name, i["medium"], i["decorative"]) for i in art["images"]]
    # the poster is a picture but not editorial; a plain link to a PDF is no
    # attachment; an <embed> of no media type is not a medium
    assert carried == [("plain.jpg", "image", True), ("ai-video.mp4", "video", False),
                       ("ai-audio.wav", "audio", False), ("ai-document.pdf", "document", False),
                       ("recording.wav", "audio", False)]


def test_ai_media_in_html_owe_a_visible_label_but_no_credit(tmp_path):
    code, report = check_json(_page(tmp_path))
    hits = [f["message"].split(" is ")[0] for f in report["files"][0]["findings"]
            if f["severity"] in ("error", "warning")]
    assert code == 1 and sorted(hits) == ["audio 'ai-audio.wav'", "document 'ai-document.pdf'",
                                          "video 'ai-video.mp4'"]
    code, report = check_json(_page(tmp_path, video="AI-generated video of the valley",
                                    audio="Interview. Voice generated with AI",
                                    pdf="Report (AI-generated, PDF)"))
    assert code == 0 and rules_hit(report) == []


def test_the_bytes_decide_the_medium_of_a_reference(tmp_path):
    shutil.copy(MEDIA / "ai-document.pdf", tmp_path / "report.pdf")
    (tmp_path / "a.md").write_text("# Flood in the valley\n\nThe river rose overnight.\n\n"
                                   "![The report](report.pdf)\n\n*The report, Foto: Jan Kowalski*\n")
    code, report = check_json(tmp_path / "a.md")
    msgs = [f["message"] for f in report["files"][0]["findings"] if f["severity"] == "error"]
    assert any(m.startswith("document 'report.pdf' is AI-generated") for m in msgs)


def test_xmp_in_a_medium_without_a_decoder_is_read(tmp_path):
    xmp = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
           ' xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"><rdf:Description rdf:about=""'
           f' Iptc4xmpExt:DigitalSourceType="{DST}trainedAlgorithmicMedia"/></rdf:RDF></x:xmpmeta>')
    (tmp_path / "chart.svg").write_text(
        f'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">'
        f'<metadata>{xmp}</metadata><rect width="640" height="480"/></svg>')
    prov = read_image(str(tmp_path / "chart.svg"))
    assert (prov.format, prov.error, prov.xmp_source_type) == ("SVG", None, DST + "trainedAlgorithmicMedia")
    (tmp_path / "a.html").write_text(
        "<html><body><article><h1>Rents</h1><p>Rents rose again this year in every district.</p>"
        "<figure><img src='chart.svg' width='640' height='480'><figcaption>Rents by district. "
        "Grafik: Jan Kowalski</figcaption></figure></article></body></html>")
    code, report = check_json(tmp_path / "a.html")
    assert "ai-image-unlabelled" in rules_hit(report)


def test_media_from_stdin_are_read_from_the_bytes():
    p = subprocess.run([sys.executable, "-m", "provenance", "check", "--format", "json", "-",
                        "--stdin-filename", "clip.mp4"], cwd=ROOT, capture_output=True,
                       input=(MEDIA / "ai-video-tampered.mp4").read_bytes(), timeout=120)
    report = json.loads(p.stdout)
    assert p.returncode == 1 and report["files"][0]["format"] == "video"
    assert rules_hit(report) == ["manifest-invalid"]


def test_the_same_heif_bytes_are_read_under_heif_and_heic(tmp_path):
    shutil.copy(MEDIA / "ai-photo.heif", tmp_path / "copy.heic")
    code, report = check_json(MEDIA / "ai-photo.heif", tmp_path / "copy.heic", "--trust-anchors", CA)
    assert code == 0 and rules_hit(report) == []         # no exit 2, no extension warning
    for name in (MEDIA / "ai-photo.heif", tmp_path / "copy.heic"):
        prov = read_image(str(name), trust_anchors=str(CA))
        assert (prov.format, prov.c2pa_state) == ("HEIF", "Trusted")
        assert prov.c2pa_source_types == [DST + "trainedAlgorithmicMedia"]


def test_a_video_inside_a_player_is_the_story_medium_not_a_poster(tmp_path):
    shutil.copy(MEDIA / "ai-video.mp4", tmp_path / "ai-video.mp4")
    (tmp_path / "a.html").write_text(
        "<html><body><article><h1>Flood in the valley</h1><p>The river rose overnight and "
        "residents left their homes in the morning.</p><div class='video-player'>"
        "<video src='ai-video.mp4' controls></video><p class='caption'>The valley at dawn</p>"
        "</div></article></body></html>")
    code, report = check_json(tmp_path / "a.html")
    assert code == 1 and rules_hit(report) == ["ai-image-unlabelled"]
