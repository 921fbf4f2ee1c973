"""`provenance audit`: walking (folders, archives, sitemaps, feeds), workers,
summaries, streamed JSON, exit codes, progress and the cache."""
from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import jsonschema

from provenance.cli import main
from provenance.report.json import schema_path

REPO = Path(__file__).resolve().parent.parent
SEED = (REPO / "fixtures" / "seed-article.txt").read_text(encoding="utf-8")

AI_MD = """---
ai: generated
published: 2026-03-04
---
# Rates rise again

The central bank raised rates by a quarter point on Tuesday, the third rise this year.
"""
CREDITLESS_HTML = """<html><head><meta property="article:published_time" content="2026-02-10T08:00:00Z"></head>
<body><article><h1>Storm {n}</h1><figure><img src="https://example.org/storm{n}.jpg">
<figcaption>Storm over the harbour</figcaption></figure><p>Text about storm {n}.</p></article></body></html>
"""


def make_tree(root: Path) -> Path:
    """A small archive: folders, a zip, a tar.gz, a sitemap, a feed, an
    excluded drafts folder. Returns the archive root."""
    arc = root / "archive"
    (arc / "politics").mkdir(parents=True)
    (arc / "weather").mkdir()
    (arc / "drafts").mkdir()
    (arc / "politics" / "upday.txt").write_text(SEED, encoding="utf-8")
    (arc / "politics" / "rates.md").write_text(AI_MD, encoding="utf-8")
    for n in range(3):
        (arc / "weather" / f"storm{n}.html").write_text(CREDITLESS_HTML.format(n=n), encoding="utf-8")
    (arc / "drafts" / "draft.md").write_text(AI_MD, encoding="utf-8")
    (arc / ".provenance.yaml").write_text('exclude: ["drafts/**"]\n', encoding="utf-8")
    with zipfile.ZipFile(arc / "export.zip", "w") as zf:
        zf.writestr("sport/match.md", AI_MD)
        zf.writestr("sport/ok.txt", SEED)
        zf.writestr("sport/logo.bin", b"\x00\x01")          # unsupported: skipped
    with tarfile.open(arc / "old.tar.gz", "w:gz") as tf:
        for name, text in (("culture/opera.html", CREDITLESS_HTML.format(n=9)), ("culture/ai.md", AI_MD)):
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    shutil.copy(REPO / "fixtures" / "formats" / "atom_xhtml.atom", arc / "feed.atom")
    pages = root / "site"
    pages.mkdir()
    (pages / "a.md").write_text(AI_MD, encoding="utf-8")
    (pages / "b.txt").write_text(SEED, encoding="utf-8")
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        '  <url><loc>site/a.md</loc></url>\n'
        f'  <url><loc>{(pages / "b.txt").as_uri()}</loc></url>\n'
        '  <url><loc>https://news.example.org/remote-story</loc></url>\n'
        '</urlset>\n', encoding="utf-8")
    return arc


def audit(args: list[str], capsys=None) -> tuple[int, str]:
    code = main(["audit", "--today", "2026-06-01", *args])
    out = capsys.readouterr().out if capsys else ""
    return code, out


def load(path: Path) -> dict:
    report = json.loads(path.read_text(encoding="utf-8"))
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    return report


def test_audit_walks_folders_archives_sitemaps_and_feeds(tmp_path, capsys, monkeypatch):
    arc = make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out = audit(["archive", "sitemap.xml", "--no-cache", "--jobs", "1", "--json", "out.json"], capsys)
    report = load(tmp_path / "out.json")
    paths = [f["path"] for f in report["files"]]
    assert "archive/export.zip!sport/match.md" in paths
    assert "archive/export.zip!sport/ok.txt" in paths
    assert not any("logo.bin" in p for p in paths)
    assert "archive/old.tar.gz!culture/opera.html" in paths
    assert "archive/old.tar.gz!culture/ai.md" in paths
    assert "site/a.md" in paths and "site/b.txt" in paths          # sitemap <loc>s, relative and file:
    assert not any("remote-story" in p for p in paths)             # http only with --fetch
    assert not any("drafts" in p for p in paths)                   # exclude: from the config
    assert any(p.startswith("archive/feed.atom#item-") for p in paths)
    assert not list(arc.rglob("culture"))                           # nothing extracted to disk
    # the summary block
    a = report["audit"]
    assert a["totals"]["files"] == len(paths) == report["summary"]["files"]
    assert a["by_category"]["ai-disclosure"]["failed"] == 4         # rates, match, culture/ai, site/a
    assert a["by_rule"]["ai-notice-missing"]["findings"] == 4
    assert a["by_section"]["weather"]["files"] == 3
    assert a["by_section"]["weather"]["compliance"] == 0.0
    assert a["by_section"]["sport"]["files"] == 2                   # first folder inside the zip
    assert a["by_outlet"]["upday.com"]["files"] == 3                # source line of the seed article
    assert a["by_month"]["2026-03"]["failed"] == 4
    assert a["worst_files"][0]["errors"] >= 1
    assert a["remote_skipped"] == 1
    # tables on stdout, exit code 1 (errors found)
    assert code == 1
    for title in ("By category", "By rule", "By source outlet", "By section", "By month", "Worst files"):
        assert title in out
    assert "ai-notice-missing" in out


def test_jobs_and_format_json_give_the_same_report(tmp_path, capsys, monkeypatch):
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    audit(["archive", "--no-cache", "--jobs", "1", "--json", "one.json"], capsys)
    audit(["archive", "--no-cache", "--jobs", "2", "--format", "json", "-o", "two.json"], capsys)
    # both reports at once: the workers write each file's entry, the parent copies it to both
    audit(["archive", "--no-cache", "--jobs", "2", "--json", "three.json", "--format", "json", "-o", "four.json"],
          capsys)
    assert (tmp_path / "three.json").read_bytes() == (tmp_path / "four.json").read_bytes()
    one, two, three = load(tmp_path / "one.json"), load(tmp_path / "two.json"), load(tmp_path / "three.json")
    for other in (two, three):
        assert one["files"] == other["files"]                       # input order kept
        for block in ("totals", "by_category", "by_rule", "by_outlet", "by_section", "by_month", "worst_files"):
            assert one["audit"][block] == other["audit"][block]
        assert one["summary"] == other["summary"]


def test_jobs_2_html_report_is_the_one_of_jobs_1(tmp_path, capsys, monkeypatch):
    """With --jobs 2 and no cache the workers write the HTML report's
    finding lines; the report is byte for byte the one of --jobs 1."""
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    for jobs in ("1", "2"):
        audit(["archive", "sitemap.xml", "--no-cache", "--jobs", jobs, "--html", f"h{jobs}.html"], capsys)
    one = (tmp_path / "h1.html").read_text(encoding="utf-8")
    assert one == (tmp_path / "h2.html").read_text(encoding="utf-8")
    assert "ai-notice-missing" in one and "photo-credit" in one


def test_jobs_2_tables_are_the_tables_of_jobs_1(tmp_path, capsys, monkeypatch):
    """Without a cache or a per-file report, workers sum up their batches
    and the parent adds the sums: every table, worst file and needs-review
    row is the same as adding the files one by one, including a folder
    whose config brings its own rule file (its batches come back file by
    file) and more files than one batch holds."""
    arc = make_tree(tmp_path)
    for n in range(40):                       # several batches of every kind
        kind = n % 4
        folder = arc / ("weather", "politics", "house", "site")[kind]
        folder.mkdir(exist_ok=True)
        text = (CREDITLESS_HTML.format(n=100 + n), AI_MD.replace("Rates", f"Rates {n}"), SEED, AI_MD)[kind]
        (folder / f"extra{n}.{('html', 'md', 'txt', 'md')[kind]}").write_text(text, encoding="utf-8")
    house = (REPO / "fixtures/rules/_user/house-rules.yaml").read_text(encoding="utf-8")
    (arc / "house" / "house.yaml").write_text(house.replace("    scope: caption\n", ""), encoding="utf-8")
    (arc / "house" / ".provenance.yaml").write_text("rule_files: [house.yaml]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code1, one = audit(["archive", "--no-cache", "--jobs", "1"], capsys)
    code2, two = audit(["archive", "--no-cache", "--jobs", "2"], capsys)
    assert code1 == code2 == 1
    assert one == two
    assert "By rule" in one and "Worst files" in one
    # the whole audit block, summed in batches as the workers do, equals the one-by-one sum
    from provenance.audit import Summary, iter_units, summarise_units, check_units, BatchSummary
    from provenance.run import Options, Runner
    runner = Runner(Options(today="2026-06-01"))
    units = list(iter_units(["archive"], runner))
    categories = {r.id: r.category for r in runner.catalogue}
    whole, merged = Summary(categories), Summary(categories)
    parts = 0
    for start in range(0, len(units), 7):
        batch = units[start:start + 7]
        answer = summarise_units(runner.opts, batch, (categories, None, False, False))
        if isinstance(answer, BatchSummary):
            merged.merge(answer.summary)
            parts += 1
        else:                                 # the house folder's batches
            for u, (_sha, results, _deps) in zip(batch, answer):
                for r in results:
                    merged.add(r, u.section)
        for u, (_sha, results, _deps) in zip(batch, check_units(runner.opts, batch)):
            for r in results:
                whole.add(r, u.section)
    assert parts >= 3 and parts < -(-len(units) // 7)
    assert merged.as_dict() == whole.as_dict()


def test_exit_codes_follow_check(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.txt").write_text(SEED, encoding="utf-8")
    assert audit(["ok.txt", "--no-cache", "--jobs", "1"], capsys)[0] == 0
    (tmp_path / "ai.md").write_text(AI_MD, encoding="utf-8")
    assert audit([".", "--no-cache", "--jobs", "1"], capsys)[0] == 1
    assert audit([".", "--no-cache", "--jobs", "1", "--fail-on", "never"], capsys)[0] == 0
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    code, out = audit([".", "--no-cache", "--jobs", "1"], capsys)
    assert code == 2                                                # unreadable inputs win over 1
    assert "could not be checked" in out


def test_progress_lines_in_ci_logs_and_silence_with_quiet(tmp_path):
    make_tree(tmp_path)
    cmd = [sys.executable, "-m", "provenance", "audit", "archive", "--no-cache", "--jobs", "1"]
    run = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 1
    assert "provenance audit: 10/10 files" in run.stderr and "files/s" in run.stderr
    assert "\x1b[" not in run.stderr                                # no bar outside a terminal
    quiet = subprocess.run(cmd + ["--quiet"], cwd=tmp_path, capture_output=True, text=True)
    assert quiet.stderr == ""


def test_rich_is_imported_only_for_a_terminal(tmp_path):
    (tmp_path / "ok.txt").write_text(SEED, encoding="utf-8")
    code = ("import sys; from provenance.cli import main; main(['audit', 'ok.txt', '--no-cache', '--jobs', '1']);"
            "print('rich' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert run.stdout.strip().endswith("False")


def _cache_stats(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["audit"]["cache"]


def test_cache_answers_an_unchanged_archive_and_notices_changes(tmp_path, capsys, monkeypatch):
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "cache"
    args = ["archive", "--cache", str(cache), "--jobs", "1", "--json"]
    audit(args + ["cold.json"], capsys)
    assert _cache_stats(tmp_path / "cold.json") == {"hits": 0, "misses": 10}
    audit(args + ["warm.json"], capsys)
    cold, warm = load(tmp_path / "cold.json"), load(tmp_path / "warm.json")
    assert _cache_stats(tmp_path / "warm.json") == {"hits": 10, "misses": 0}
    assert cold["files"] == warm["files"] and cold["summary"] == warm["summary"]

    # an edited file is checked again
    rates = tmp_path / "archive" / "politics" / "rates.md"
    rates.write_text(AI_MD.replace("ai: generated", "ai: none"), encoding="utf-8")
    audit(args + ["edited.json"], capsys)
    edited = load(tmp_path / "edited.json")
    assert _cache_stats(tmp_path / "edited.json") == {"hits": 9, "misses": 1}
    assert edited["audit"]["by_rule"]["ai-notice-missing"]["findings"] == 2

    # unchanged size and mtime: the file is not even read (stat only), so
    # an edit that keeps both is not seen -- the documented trade-off
    st = rates.stat()
    rates.write_text(AI_MD.replace("ai: generated", "ai: nein"), encoding="utf-8")
    os.utime(rates, ns=(st.st_atime_ns, st.st_mtime_ns))
    audit(args + ["stat.json"], capsys)
    assert _cache_stats(tmp_path / "stat.json") == {"hits": 10, "misses": 0}

    # a different option is a different cache key
    audit(args + ["declared.json", "--declare", "ai=generated"], capsys)
    assert _cache_stats(tmp_path / "declared.json")["hits"] == 0


def test_corrupt_cache_entries_are_ignored_and_rewritten(tmp_path, capsys, monkeypatch):
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / "cache"
    args = ["archive", "--cache", str(cache), "--jobs", "1", "--json"]
    audit(args + ["cold.json"], capsys)
    db = sqlite3.connect(cache / "audit-v1.sqlite")
    db.execute("UPDATE results SET value = '{\"results\": [{\"path\": 1' WHERE rowid IN "
               "(SELECT rowid FROM results LIMIT 3)")
    db.commit()
    db.close()
    audit(args + ["damaged.json"], capsys)
    assert _cache_stats(tmp_path / "damaged.json") == {"hits": 7, "misses": 3}
    assert load(tmp_path / "damaged.json")["files"] == load(tmp_path / "cold.json")["files"]
    audit(args + ["repaired.json"], capsys)
    assert _cache_stats(tmp_path / "repaired.json") == {"hits": 10, "misses": 0}

    # a cache file that is no database at all is moved aside and rebuilt
    for p in cache.iterdir():
        p.unlink()
    (cache / "audit-v1.sqlite").write_bytes(b"this is not sqlite" * 100)
    code, _ = audit(args + ["fresh.json"], capsys)
    assert code == 1
    assert _cache_stats(tmp_path / "fresh.json") == {"hits": 0, "misses": 10}
    assert (cache / "audit-v1.sqlite.corrupt").exists()


def test_cache_rechecks_an_article_whose_image_changed(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    media = REPO / "fixtures" / "media"
    (tmp_path / "story.md").write_text(
        "# Harbour\n\n![Harbour at dawn](pic.jpg)\n\n*Photo: Anna Berg*\n\nThe harbour at dawn.\n",
        encoding="utf-8")
    shutil.copy(media / "camera.jpg", tmp_path / "pic.jpg")
    args = ["story.md", "--cache", "cache", "--jobs", "1", "--json"]
    audit(args + ["one.json"], capsys)
    assert load(tmp_path / "one.json")["audit"]["by_category"].get("ai-image", {}).get("failed", 0) == 0
    shutil.copy(media / "ai-generated.jpg", tmp_path / "pic.jpg")   # now an AI image, still labelled "Photo"
    audit(args + ["two.json"], capsys)
    two = load(tmp_path / "two.json")
    assert two["audit"]["cache"]["hits"] == 0
    assert two["files"][0]["status"] == "fail"


def test_feed_items_are_entries_and_sections(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(REPO / "fixtures" / "formats" / "rss-parser_uolNoticias.rss", tmp_path / "uol.rss")
    audit(["uol.rss", "--no-cache", "--jobs", "1", "--json", "feed.json"], capsys)
    report = load(tmp_path / "feed.json")
    assert len(report["files"]) > 1
    assert all(f["path"].startswith("uol.rss#item-") for f in report["files"])
    assert sum(v["files"] for v in report["audit"]["by_section"].values()) == len(report["files"])


def test_json_that_is_no_article_is_skipped_not_rated(tmp_path, capsys, monkeypatch):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "package.json").write_text('{"name": "site", "version": "1.0.0"}')
    (tmp_path / "site" / "a.txt").write_text(SEED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    audit(["site", "--no-cache", "--jobs", "1", "--json", "out.json"], capsys)
    rep = load(tmp_path / "out.json")
    totals = rep["audit"]["totals"]
    assert totals["files"] == 2 and totals["skipped"] == 1 and totals["checked"] == 1
    assert sum(row["files"] for row in rep["audit"]["by_section"].values()) == 1
