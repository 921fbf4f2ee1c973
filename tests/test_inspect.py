"""`provenance inspect` shows the same facts as the SDK and the metadata."""
from __future__ import annotations

import json
from pathlib import Path

import c2pa
import pytest
from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
MEDIA = ROOT / "fixtures" / "media"


def inspect(*args):
    return run_cli(["inspect", *args], cwd=ROOT)


def sdk_store(path: Path, anchors: Path | None = None) -> dict:
    settings = {"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False, "verify_trust": True}}
    if anchors:
        settings["trust"] = {"trust_anchors": anchors.read_text()}
    ctx = c2pa.Context.from_dict(settings)
    with open(path, "rb") as fh:
        with c2pa.Reader.try_create("image/jpeg", fh, None, ctx) as reader:
            return json.loads(reader.json())


@pytest.mark.parametrize("name", ["ai-generated.jpg", "camera.jpg", "ai-composite.jpg",
                                  "ai-generated-tampered.jpg"])
@pytest.mark.parametrize("anchored", [False, True])
def test_inspect_matches_the_sdk(name, anchored):
    anchors = MEDIA / "ca.pem" if anchored else None
    args = ["--format", "json", MEDIA / name] + (["--trust-anchors", anchors] if anchors else [])
    p = inspect(*args)
    assert p.returncode == 0, p.stderr
    prov = json.loads(p.stdout)[0]["images"][0]["provenance"]
    store = sdk_store(MEDIA / name, anchors)
    assert prov["c2pa_state"] == store["validation_state"]
    active = store["manifests"][store["active_manifest"]]
    kinds = [a.get("digitalSourceType") for assertion in active["assertions"]
             if assertion["label"].startswith("c2pa.actions")
             for a in assertion["data"]["actions"] if a.get("digitalSourceType")]
    assert prov["c2pa_source_types"] == kinds
    assert prov["signer"] in (active["signature_info"].get("common_name"), active["signature_info"].get("issuer"))
    failures = {c["code"] for c in store.get("validation_results", {}).get("activeManifest", {}).get("failure", [])}
    if not anchored:
        failures.discard("signingCredential.untrusted")
    assert set(prov["c2pa_failures"]) == failures


def test_inspect_text_view_of_an_article_with_iptc_image(tmp_path):
    (tmp_path / "a.html").write_text(
        "<html><body><article><h1>Hafen</h1><figure><img src='iptc-credit.jpg'>"
        "<figcaption>Der Hafen.</figcaption></figure></article></body></html>")
    (tmp_path / "iptc-credit.jpg").write_bytes((MEDIA / "iptc-credit.jpg").read_bytes())
    p = inspect(tmp_path / "a.html")
    assert p.returncode == 0
    assert "credit: REUTERS/Jane Doe" in p.stdout
    assert "date_created: 2019-03-14" in p.stdout
    assert "C2PA: no manifest" in p.stdout


def test_inspect_bad_file_exits_2(tmp_path):
    (tmp_path / "empty.html").write_text("")
    p = inspect(tmp_path / "empty.html")
    assert p.returncode == 2 and "0 bytes" in p.stdout


def test_inspect_runs_the_same_steps_as_check(tmp_path):
    """Language detection (and every other step before the rules) is the
    same in `inspect` as in `check`: an undeclared German text is `de` in both."""
    story = tmp_path / "radweg.txt"
    story.write_text("Stadtrat beschließt neuen Radweg\n\nDer Stadtrat hat am Montag mit großer Mehrheit "
                     "beschlossen, dass der neue Radweg an der Hauptstraße im Frühjahr gebaut wird. Die Kosten "
                     "liegen bei rund einer Million Euro, und die Arbeiten sollen im März beginnen.\n",
                     encoding="utf-8")
    seen = json.loads(run_cli(["inspect", "--format", "json", story]).stdout)[0]
    checked = json.loads(run_cli(["check", "--format", "json", story]).stdout)["files"][0]
    assert seen["language"] == checked["signals"]["language"] == "de"
