"""`provenance check --fix` / `--diff` (issue 17): the missing disclosure
goes where it belongs, every other byte stays, a second run changes
nothing, an interrupted write leaves the original intact."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from provenance.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SOURCE = "https://www.example.de/original/story-1"
AGG = ["--declare", "aggregated=true", "--declare", f"source={SOURCE}"]
TODAY = ["--today", "2026-12-01"]

# fixture (relative to fixtures/), extra args, rules the fix removes, text it inserts
CASES = [
    ("fix/page.html", AGG,
     {"photo-credit-metadata-only", "archive-image-unlabelled", "ai-image-unlabelled", "source-link-missing"},
     ["Foto: Oliver Berg/dpa", "(Archivbild)", "Foto: Marius Becker/dpa", "KI-generiertes Bild.",
      f'<a href="{SOURCE}">Zum Originalartikel</a>']),
    ("fix/c2pa-author.html", [], {"photo-credit-metadata-only"},
     ["<figcaption>The northern shore in August. Photo: John Doe</figcaption>"]),
    ("fix/article.md", [],
     {"photo-credit-metadata-only", "archive-image-unlabelled", "ai-notice-missing", "source-link-missing"},
     ["Foto: Oliver Berg/dpa*", "(Archivbild) Foto: picture alliance/dpa",
      "Hinweis: Dieser Artikel wurde mit Künstlicher Intelligenz (KI) erstellt.",
      "[Zum Originalartikel](https://www.example.de/pellworm/leuchtturm-museum-123.html)"]),
    ("fix/front-matter.md", [],
     {"photo-credit-metadata-only", "archive-image-unlabelled"},
     ['caption: "Der Gletscher unterhalb der Zugspitze. (Archivbild)"',
      '    credit: "Foto: picture alliance/dpa"']),
    ("fix/archive-credited.md", [], {"archive-image-unlabelled"},
     ["Der Gletscher im Sommer. (Archivbild) Foto: Max Mustermann/dpa"]),
    ("fix/ninjs.json", AGG,
     {"photo-credit-metadata-only", "archive-image-unlabelled", "ai-notice-missing", "source-link-missing"},
     ['"byline": "picture alliance/dpa"', 'Zugspitze. (Archivbild)"',
      "<p>Hinweis: Dieser Artikel wurde mit Künstlicher Intelligenz (KI) erstellt.</p>"]),
    ("fix/newsml-picture.xml", [],
     {"photo-credit-metadata-only", "archive-image-unlabelled"},
     ["<creditline>picture alliance/dpa</creditline>", "Zugspitze. (Archivbild)</description>"]),
    ("fix/newsml-text.xml", AGG,
     {"ai-notice-missing", "source-link-missing"},
     ["<p>Hinweis: Dieser Artikel wurde mit Künstlicher Intelligenz (KI) erstellt.</p>",
      f'<p><a href="{SOURCE}">Zum Originalartikel</a></p>']),
    ("fix/newsml-inlinedata.xml", ["--declare", "ai=generated"], {"ai-notice-missing"},
     ["Hinweis: Dieser Artikel wurde mit Künstlicher Intelligenz (KI) erstellt."]),
    ("rules/ai-notice-missing/fail.txt", ["--declare", "ai=generated"], {"ai-notice-missing"},
     ["\n\nHinweis: Dieser Artikel wurde mit Künstlicher Intelligenz (KI) erstellt."]),
    # real ninjs and NewsML-G2 files (IPTC examples, dpa)
    ("formats/ninjs3.0_dpa_text.json", ["--declare", "ai=generated"] + AGG, {"ai-notice-missing"},
     ["<p>Hinweis: Dieser Artikel wurde mit Künstlicher Intelligenz (KI) erstellt.</p>"]),
    ("formats/ninjs2.1_tt_text_image_2.json", ["--declare", "ai=generated"] + AGG,
     {"ai-notice-missing", "source-link-missing"},
     ["<p>Den här artikeln har skrivits med hjälp av artificiell intelligens (AI).</p>",
      "Läs originalartikeln</a></p>"]),
    ("formats/iptc_LISTING_2_NewsML-G2_Text_Document.xml", ["--declare", "ai=generated"] + AGG,
     {"ai-notice-missing", "source-link-missing"},
     ["<p>This article was generated with the help of artificial intelligence (AI).</p>",
      f'<p><a href="{SOURCE}">Read the original article</a></p>']),
    ("formats/dpa-dw2g2_embargoed.xml", ["--declare", "ai=generated"] + AGG,
     {"ai-notice-missing", "source-link-missing"},
     ["<p>Hinweis: Dieser Artikel wurde mit Künstlicher Intelligenz (KI) erstellt.</p>"]),
    ("formats/newsml-g2_qcode-nitf.xml", AGG, {"source-link-missing"},
     [f"<p><a href=\"{SOURCE}\">Leggi l'articolo originale</a></p>"]),
    # real pages
    ("corpus-html/de_presseportal_neureuther.html", ["--declare", "ai=generated"] + AGG,
     {"ai-notice-missing", "source-link-missing"},
     ["<p>Hinweis: Dieser Artikel wurde mit Künstlicher Intelligenz (KI) erstellt.</p>"]),
    ("corpus-html/en_reuters_postlight.html", ["--declare", "ai=generated"], {"ai-notice-missing"},
     ["<p>This article was generated with the help of artificial intelligence (AI).</p>"]),
    ("corpus-html/it_remember8090_cavalieri.html", ["--declare", "ai=generated"] + AGG,
     {"ai-notice-missing", "source-link-missing"},
     [f"<p><a href=\"{SOURCE}\">Leggi l'articolo originale</a></p>"]),
    ("corpus-html/pt_brasil247_militares.html", ["--declare", "ai=generated"] + AGG,
     {"ai-notice-missing", "source-link-missing"},
     ["<p>Este artigo foi gerado com inteligência artificial (IA).</p>"]),
]
IDS = [c[0] for c in CASES]


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A copy of fixtures/ (the fixes write) with the same relative layout,
    so pictures referenced as ../media/x.jpg are read."""
    for sub in ("fix", "media", "rules/ai-notice-missing", "corpus-html", "formats", "corpus-images"):
        shutil.copytree(FIXTURES / sub, tmp_path / sub)
    shutil.copy(FIXTURES / "seed-article.txt", tmp_path / "seed-article.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(args, capsys):
    code = main(["check", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def findings(path, args, capsys) -> list[dict]:
    code, out, _ = run([str(path), "--format", "json", *TODAY, *args], capsys)
    assert code in (0, 1)
    return json.loads(out)["files"][0]["findings"]


def only_insertions(old: bytes, new: bytes) -> bool:
    """`new` is `old` with bytes added and none changed or removed."""
    i = 0
    for b in new:
        if i < len(old) and old[i] == b:
            i += 1
    return i == len(old)


@pytest.mark.parametrize("name, args, rules, inserted", CASES, ids=IDS)
def test_diff_shows_the_insertion_and_writes_nothing(work, capsys, name, args, rules, inserted):
    path = work / name
    before = path.read_bytes()
    code, out, err = run([str(path), "--diff", *TODAY, *args], capsys)
    assert path.read_bytes() == before
    assert out.startswith(f"--- a/{name}\n+++ b/{name}\n")
    added = "".join(line[1:] for line in out.splitlines(keepends=True)
                    if line.startswith("+") and not line.startswith("+++"))
    for text in inserted:
        assert text.strip() in added
    assert "finding(s) fixable" in err


@pytest.mark.parametrize("name, args, rules, inserted", CASES, ids=IDS)
def test_fix_inserts_only_and_the_fixed_file_passes(work, capsys, name, args, rules, inserted):
    path = work / name
    before = path.read_bytes()
    assert rules <= {f["rule"] for f in findings(path, args, capsys)}
    code, out, err = run([str(path), "--fix", "--format", "json", *TODAY, *args], capsys)
    after = path.read_bytes()
    assert after != before
    assert only_insertions(before, after), "a byte of the original was changed or removed"
    text = after.decode("utf-8")
    for piece in inserted:
        assert piece in text and piece not in before.decode("utf-8")
    report = json.loads(out)["files"][0]["findings"]
    assert rules == {f["rule"] for f in report if f.get("fixed")}
    # check after --fix: no finding of the fixed rules
    assert not rules & {f["rule"] for f in findings(path, args, capsys)}
    # a second --fix is a no-op
    code, out, err = run([str(path), "--fix", *TODAY, *args], capsys)
    assert path.read_bytes() == after
    assert "0 finding(s) fixed" in err


def test_seed_article_gets_its_go_to_original_line_back_in_polish(work, capsys):
    seed = work / "seed-article.txt"
    original = seed.read_text(encoding="utf-8")
    assert original.endswith("\n\nIdź do oryginalnego materiału")
    seed.write_text(original.removesuffix("\n\nIdź do oryginalnego materiału"), encoding="utf-8")
    url = "https://www.upday.com/de/nach-putin-gespraechen-selenskyj-kuendigt-us-treffen-an"
    args = ["--declare", "aggregated=true", "--declare", f"source={url}"]
    code, out, err = run([str(seed), "--fix", *args], capsys)
    fixed = seed.read_text(encoding="utf-8")
    assert fixed.endswith(f"\n\nIdź do oryginalnego materiału: {url}")
    assert fixed.startswith(original.removesuffix("\n\nIdź do oryginalnego materiału"))
    # the German text keeps its German notice; the Polish shell gets its Polish line
    assert "source-link-missing" not in {f["rule"] for f in findings(seed, args, capsys)}


def test_interrupted_write_leaves_the_original_intact(work):
    """The process is killed between writing the temporary file and the
    rename: the article is untouched."""
    path = work / "fix" / "article.md"
    before = path.read_bytes()
    script = (
        "import os, signal, sys\n"
        "os.replace = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from provenance.cli import main\n"
        "sys.exit(main(['check', '--fix', sys.argv[1]]))\n")
    proc = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, cwd=work)
    assert proc.returncode == -9
    assert path.read_bytes() == before
    # the next run fixes it as if nothing had happened
    subprocess.run([sys.executable, "-m", "provenance", "check", "--fix", str(path)], capture_output=True, cwd=work)
    assert path.read_bytes() != before and only_insertions(before, path.read_bytes())


def test_a_file_changed_since_it_was_read_is_not_overwritten(work, capsys, monkeypatch):
    path = work / "fix" / "article.md"
    edited = path.read_bytes() + b"\nEin Redakteur schreibt gerade weiter.\n"
    real_fsync = os.fsync

    def editor_saves_meanwhile(fd):
        real_fsync(fd)
        path.write_bytes(edited)

    monkeypatch.setattr(os, "fsync", editor_saves_meanwhile)
    code, out, err = run([str(path), "--fix", "--format", "json"], capsys)
    assert path.read_bytes() == edited
    assert "changed since it was read" in err
    assert not [f for f in json.loads(out)["files"][0]["findings"] if f.get("fixed")]
    assert not [p for p in path.parent.iterdir() if p.name.startswith(f".{path.name}.")]   # no temporary file left


def test_fix_keeps_permissions(work, capsys):
    path = work / "fix" / "page.html"
    os.chmod(path, 0o640)
    run([str(path), "--fix", *AGG], capsys)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert b"Foto: Oliver Berg/dpa" in path.read_bytes()


def test_fix_only_limits_the_rules_that_fix(work, capsys):
    path = work / "fix" / "article.md"
    code, out, err = run([str(path), "--fix", "--fix-only", "ai-notice-missing", "--format", "json"], capsys)
    text = path.read_text(encoding="utf-8")
    assert "Hinweis: Dieser Artikel wurde mit Künstlicher Intelligenz (KI) erstellt." in text
    assert "Foto: Oliver Berg/dpa" not in text and "Zum Originalartikel" not in text
    left = {f["rule"] for f in findings(path, [], capsys)}
    assert {"photo-credit-metadata-only", "source-link-missing"} <= left
    assert "ai-notice-missing" not in left


def test_findings_needing_a_person_are_never_fixed_and_say_why(work, capsys):
    """A picture with no credit anywhere (who took it?) and a picture with no
    caption element stay findings; the report says why the fixable one stays."""
    page = work / "fix" / "bare.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta property="article:published_time" content="2026-11-20"></head><body><article>'
        "<h1>Flood guidance</h1><p>Ministers will publish new guidance on flood defences.</p>\n"
        '<img src="../media/iptc-recent.jpg" alt="x" width="800" height="600">\n'
        '<figure><img src="../media/plain.jpg" alt="y" width="800" height="600">'
        "<figcaption>The promenade.</figcaption></figure>\n"
        "<p>Councils warned about funding.</p></article></body></html>", encoding="utf-8")
    before = page.read_bytes()
    code, out, err = run([str(page), "--fix", "--format", "json"], capsys)
    assert page.read_bytes() == before
    report = json.loads(out)["files"][0]["findings"]
    missing = [f for f in report if f["rule"] == "photo-credit-missing"]
    assert missing and not any(f.get("fixed") or f.get("not_fixed") for f in missing)
    meta = [f for f in report if f["rule"] == "photo-credit-metadata-only"]
    assert meta and "layout decision" in meta[0]["not_fixed"]
    assert code == 1


def test_unsure_html_is_refused_not_guessed(work, capsys):
    """A figcaption closed only implicitly: its end cannot be told for sure."""
    page = work / "fix" / "implied.html"
    page.write_text(
        '<html lang="de"><head><meta property="article:published_time" content="2026-11-20"></head>'
        "<body><article><h1>Der Hafen</h1><p>Der Hafen am Abend ist voll.</p>\n"
        '<figure><img src="../media/iptc-recent.jpg" width="800" height="600">'
        "<figcaption>Besucher am Hafen.</figure>\n<p>Mehr Text.</p></article></body></html>", encoding="utf-8")
    before = page.read_bytes()
    code, out, err = run([str(page), "--fix", "--format", "json"], capsys)
    assert page.read_bytes() == before
    meta = [f for f in json.loads(out)["files"][0]["findings"] if f["rule"] == "photo-credit-metadata-only"]
    assert "certainty" in meta[0]["not_fixed"]


def test_report_with_fixed_findings_matches_the_schema(work, capsys):
    import jsonschema
    schema = json.loads((ROOT / "provenance" / "schemas" / "report.schema.json").read_text())
    code, out, err = run([str(work / "fix" / "page.html"), "--fix", "--format", "json", *AGG], capsys)
    report = json.loads(out)
    jsonschema.validate(report, schema)
    assert report["summary"]["errors"] == 0 and report["files"][0]["status"] == "pass"
    assert code == 0


def test_text_report_marks_fixed_findings(work, capsys):
    code, out, err = run([str(work / "fix" / "newsml-picture.xml"), "--fix"], capsys)
    lines = [line for line in out.splitlines() if "archive-image-unlabelled" in line]
    assert lines and lines[0].endswith("[fixed]")
    assert code == 0


def test_house_wording_from_the_config_and_notice_at_the_start(work, capsys):
    (work / ".provenance.yaml").write_text(
        "fix:\n  notice:\n    de: 'Automatisch erstellt mit KI, redaktionell geprüft.'\n"
        "  notice_position: start\n  credit: 'Bild: {credit}'\n", encoding="utf-8")
    md = work / "fix" / "article.md"
    run([str(md), "--fix"], capsys)
    text = md.read_text(encoding="utf-8")
    assert "Bild: Oliver Berg/dpa" in text
    body = text.split("# Pellworm: Alter Leuchtturm soll Museum werden\n\n", 1)[1]
    assert body.startswith("Automatisch erstellt mit KI, redaktionell geprüft.\n\nDer alte Leuchtturm")


def test_bad_fix_config_is_a_config_error(work, capsys):
    (work / ".provenance.yaml").write_text("fix:\n  credit: 'Foto'\n", encoding="utf-8")
    code, out, err = run([str(work / "fix" / "article.md"), "--fix"], capsys)
    assert code == 2 and "fix.credit" in err and "{credit}" in err


def test_every_pack_wording_is_recognised_by_its_own_checks():
    """Idempotence starts in the packs: each language's fix wording must be
    read back as the disclosure it is meant to be."""
    from provenance.phrases.captions import analyse
    from provenance.phrases import PhraseBook
    book = PhraseBook.builtin()
    for lang in book.languages:
        w = {k: book.wording(k, lang) for k in ("credit", "archive_label", "ai_image_label", "notice",
                                                "go_to_original")}
        assert all(w.values()), lang
        assert analyse(book, "Der Hafen. " + w["credit"].format(credit="Jan Kock")).credit, lang
        assert analyse(book, "Der Hafen. " + w["archive_label"]).archive_label, lang
        assert analyse(book, "Der Hafen. " + w["ai_image_label"]).ai_label, lang
        assert book.find_notice("Ein Absatz.\n\n" + w["notice"]), lang
        assert book.search("go_to_original", w["go_to_original"]), lang


def test_explain_says_whether_and_how_a_rule_fixes(capsys):
    assert main(["explain", "archive-image-unlabelled"]) == 0
    out = capsys.readouterr().out
    assert "## Autofix" in out and "(Archivbild)" in out
    assert main(["explain", "photo-credit-missing"]) == 0
    out = capsys.readouterr().out
    assert "## Autofix" in out and "Not fixed by `check --fix`" in out


def test_stdin_and_feeds_are_checked_not_edited(work, capsys):
    feed = work / "feed.rss"
    shutil.copy(FIXTURES / "formats" / "rss2_media-latin1.rss", feed)
    before = feed.read_bytes()
    code, out, err = run([str(feed), "--fix", "--declare", "ai=generated"], capsys)
    assert feed.read_bytes() == before
    assert "ai-notice-missing" in out


def test_policy_top_puts_the_notice_first(work, capsys):
    (work / ".provenance.yaml").write_text("policy:\n  notice_position: top\n", encoding="utf-8")
    page = work / "corpus-html" / "de_presseportal_neureuther.html"
    run([str(page), "--fix", "--declare", "ai=generated"], capsys)
    assert "ai-notice-missing" not in {f["rule"] for f in findings(page, ["--declare", "ai=generated"], capsys)}
    text = page.read_text(encoding="utf-8")
    notice = text.index("<p>Hinweis: Dieser Artikel wurde mit Künstlicher Intelligenz (KI) erstellt.</p>")
    assert notice < text.index("<p", notice + 10)


def test_real_pages_are_fixed_by_insertion_only_or_left_alone(tmp_path):
    """All 160 pages of the real-page regression set (benchmarks/realpages),
    declared AI-made copies of another site: each page either changes by
    insertion only, loses exactly the fixed findings and stays put on a
    second run, or is left byte for byte with a reason for each finding."""
    import gzip
    from provenance.config import parse_declare
    from provenance.fix import fix_file
    from provenance.run import Options, Runner
    pages = sorted((ROOT / "benchmarks" / "realpages" / "pages").glob("*.html.gz"))
    assert len(pages) >= 150
    runner = Runner(Options(declare=parse_declare(
        ["ai=generated", "aggregated=true", "source=https://example.org/original/story-1"])))
    changed = 0
    for gz in pages:
        path = tmp_path / gz.name[:-3]
        path.write_bytes(gzip.decompress(gz.read_bytes()))
        ff = fix_file(runner, str(path))
        if ff.new is None:
            assert all(why for _, why in ff.refused), path.name
            continue
        changed += 1
        assert only_insertions(ff.old, ff.new), path.name
        path.write_bytes(ff.new)
        after = runner.check_path(str(path))[0]
        fixed_rules = {f.rule for f in ff.fixed}
        assert not fixed_rules & {f.rule for f in after.findings}, path.name
        assert fix_file(runner, str(path)).new is None, f"{path.name}: second --fix changed it again"
    assert changed >= 130, changed


def test_a_fix_that_would_raise_another_finding_is_left_and_the_rest_applied(work, capsys):
    """The NewsML-G2 item says its text is human-made (digitalSourceType
    humanEdits): adding an AI notice because of --declare ai=generated would
    contradict it, so only the link to the original goes in."""
    item = work / "text-xhtml.xml"
    shutil.copy(FIXTURES / "formats" / "newsml-g2_text-xhtml.xml", item)
    before = item.read_bytes()
    args = ["--declare", "ai=generated", *AGG]
    code, out, err = run([str(item), "--fix", "--format", "json", *args], capsys)
    report = {f["rule"]: f for f in json.loads(out)["files"][0]["findings"]}
    assert report["source-link-missing"].get("fixed")
    assert "ai-notice-contradicts-signal" in report["ai-notice-missing"]["not_fixed"]
    after = item.read_bytes()
    assert only_insertions(before, after) and b"Lees het originele artikel</a></p>" in after
    assert b"kunstmatige intelligentie" not in after


def test_annotation_formats_leave_out_what_fix_fixed(work, capsys):
    path = work / "fix" / "newsml-picture.xml"
    code, out, err = run([str(path), "--fix", "--format", "github"], capsys)
    assert code == 0 and "archive-image-unlabelled" not in out and "photo-credit-metadata-only" not in out
    assert b"(Archivbild)</description>" in path.read_bytes()


def test_pre_commit_hook_with_args_fix(tmp_path):
    """`args: [--fix]` in a pre-commit config: the first run inserts the
    notice and pre-commit stops the commit (files changed); after staging,
    the second run passes."""
    repo = tmp_path / "newsroom"
    repo.mkdir()
    article = repo / "streik.txt"
    shutil.copy(FIXTURES / "rules" / "ai-notice-missing" / "fail.txt", article)
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n      - id: provenance\n        name: provenance\n"
        "        entry: provenance check\n        language: system\n"
        "        types_or: [html, markdown, plain-text, json, xml]\n"
        "        args: [--fix, --declare, ai=generated]\n", encoding="utf-8")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), NO_COLOR="1",
               PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)
    hook = [sys.executable, "-m", "pre_commit", "run", "--color", "never", "--files", "streik.txt"]
    first = subprocess.run(hook, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert article.read_text(encoding="utf-8").endswith(
        "\n\nHinweis: Dieser Artikel wurde mit Künstlicher Intelligenz (KI) erstellt.\n")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, capture_output=True, env=env)
    second = subprocess.run(hook, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout


def test_fix_only_with_an_unknown_rule_is_a_usage_error(work, capsys):
    path = work / "fix" / "article.md"
    before = path.read_bytes()
    code, out, err = run([str(path), "--fix", "--fix-only", "ai-notice-mising"], capsys)
    assert code == 2 and "ai-notice-mising" in err
    assert path.read_bytes() == before


def test_fix_through_a_symlink_keeps_the_link(work, capsys):
    target = work / "fix" / "newsml-picture.xml"
    link = work / "fix" / "picture-link.xml"
    link.symlink_to(target)
    run([str(link), "--fix"], capsys)
    assert link.is_symlink()
    assert b"<creditline>picture alliance/dpa</creditline>" in target.read_bytes()


def test_a_fix_never_silences_a_finding_a_person_must_decide(work, capsys):
    """Adding `Foto: Oliver Berg/dpa` to one caption must not make another,
    uncredited picture pass (as it would if the new credit were read as a
    collective credit for the page): that picture's finding stays."""
    page = work / "fix" / "two-pictures.html"
    page.write_text(
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        '<meta property="article:published_time" content="2026-11-20"></head><body><article>\n'
        "<h1>Weihnachtsmarkt eröffnet</h1>\n<p>Der Weihnachtsmarkt am Dom hat am Donnerstag geöffnet.</p>\n"
        '<figure><img src="../media/iptc-recent.jpg" width="800" height="600">'
        "<figcaption>Besucher vor dem Dom.</figcaption></figure>\n"
        '<figure><img src="../media/plain.jpg" width="800" height="600">'
        "<figcaption>Der Roncalliplatz am Abend.</figcaption></figure>\n"
        "<p>Die Polizei zeigt mehr Präsenz.</p>\n</article></body></html>\n", encoding="utf-8")
    before = {(f["rule"], f["location"]["image"]) for f in findings(page, [], capsys)}
    assert ("photo-credit-missing", "../media/plain.jpg") in before
    run([str(page), "--fix"], capsys)
    after = {(f["rule"], f["location"]["image"]) for f in findings(page, [], capsys)}
    assert ("photo-credit-missing", "../media/plain.jpg") in after
