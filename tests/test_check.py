"""`provenance check` end to end: the seed article, each removed element,
declarations, presets, config, bad input, exit codes, the JSON report."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "fixtures" / "seed-article.txt").read_text(encoding="utf-8")
SCHEMA = json.loads((ROOT / "provenance" / "schemas" / "report.schema.json").read_text())
NOTICE = "Hinweis: Dieser Artikel wurde mit Künstlicher Intelligenz (KI) erstellt."
CREDIT = " Kirsty Wigglesworth/Pool AP/dpa"
LINK = "Idź do oryginalnego materiału"


def run(*args, cwd=None, stdin=None):
    return run_cli(args, cwd=cwd or ROOT, stdin=stdin or b"")


def check_json(*args, cwd=None, stdin=None):
    p = run("check", "--format", "json", "--today", "2026-11-25", *args, cwd=cwd, stdin=stdin)
    assert p.returncode in (0, 1, 2), p.stderr
    report = json.loads(p.stdout)
    jsonschema.validate(report, SCHEMA)
    return p.returncode, report


def findings(report, severities=("error", "warning")):
    return [f for file in report["files"] for f in file["findings"] if f["severity"] in severities]


def categories(report):
    return sorted({f["category"] for f in findings(report)})


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(text.encode(encoding))
    return p


def test_seed_passes_with_one_info():
    code, rep = check_json("fixtures/seed-article.txt")
    assert code == 0
    assert rep["summary"] == {"files": 1, "checked": 1, "failed": 0, "errors": 0, "warnings": 0, "infos": 1,
                              "suppressed": 0, "articles": 1, "inputs": 1}
    info = rep["files"][0]["findings"][0]
    assert info["category"] == "source-link" and "cannot be verified" in info["message"]
    assert "Idź do oryginalnego materiału" in info["evidence"]
    sig = rep["files"][0]["signals"]
    assert sig["aggregated"] is True
    assert "1 godzina temu" in sig["aggregated_origin"]


def test_seed_text_output():
    p = run("check", "fixtures/seed-article.txt")
    assert p.returncode == 0
    assert p.stdout.splitlines()[-1] == "1 file checked: 0 errors, 0 warnings, 1 info"
    assert p.stdout.startswith("fixtures/seed-article.txt:22:1: info source-link-missing")


def test_seed_without_notice_fails_only_when_ai_declared(tmp_path):
    art = write(tmp_path, "a.txt", SEED.replace(NOTICE, ""))
    code, rep = check_json(art)
    assert code == 0 and categories(rep) == []
    code, rep = check_json("--declare", "ai=generated", art)
    assert code == 1 and categories(rep) == ["ai-disclosure"]
    f = findings(rep)[0]
    assert f["rule"] == "ai-notice-missing" and f["location"]["line"] > 1
    assert "KI" in f["fix"] or "AI" in f["fix"]
    assert "--declare" in f["evidence"]


def test_seed_with_notice_and_declared_ai_passes(tmp_path):
    code, rep = check_json("--declare", "ai=generated", "fixtures/seed-article.txt")
    assert code == 0 and categories(rep) == []
    assert rep["files"][0]["signals"]["ai"] == "generated"


def test_seed_without_credit_fails_photo_credit(tmp_path):
    art = write(tmp_path, "a.txt", SEED.replace(CREDIT, ""))
    code, rep = check_json(art)
    assert code == 1 and categories(rep) == ["photo-credit"]
    assert findings(rep)[0]["location"]["line"] == 4


def test_seed_without_source_link_fails(tmp_path):
    art = write(tmp_path, "a.txt", SEED.replace(LINK, ""))
    code, rep = check_json(art)
    assert code == 1 and categories(rep) == ["source-link"]
    assert "upday.com" in findings(rep)[0]["message"]


def test_seed_without_source_line_owes_no_link(tmp_path):
    art = write(tmp_path, "a.txt", SEED.replace("upday.com 1 godzina temu\n", "").replace(LINK, ""))
    code, rep = check_json(art)
    assert code == 0 and categories(rep) == []
    assert rep["files"][0]["signals"]["aggregated"] is False


def test_news_paragraph_naming_an_agency_is_not_a_caption(tmp_path):
    art = write(tmp_path, "a.txt", "Titel\n\nNach Informationen der Nachrichtenagentur AP sollen die "
                                   "Gespräche am Donnerstag stattfinden.\n\nDas berichtete AP.\n")
    code, rep = check_json(art)
    assert code == 0 and categories(rep) == []


@pytest.mark.parametrize("hidden", [
    '<meta name="description" content="{n}">',
    "<!-- {n} -->",
    '<p hidden>{n}</p>',
    '<p aria-hidden="true">{n}</p>',
    '<div style="display: none">{n}</div>',
    '<span style="visibility:hidden">{n}</span>',
    '<p style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)">{n}</p>',
    '<p style="position:absolute; left:-9999px">{n}</p>',
    '<p style="opacity:0">{n}</p>',
    '<img src="x.png" alt="{n}" width="10" height="10">',
    '<span title="{n}" data-note="{n}"></span>',
    '<template><p>{n}</p></template>',
    '<script>var n = "{n}";</script>',
])
def test_hidden_notice_does_not_count(tmp_path, hidden):
    page = ("<html><head><title>T</title></head><body><article><h1>Radweg wieder offen</h1>"
            "<p>Der Isar-Radweg ist wieder befahrbar.</p>" + hidden.format(n=NOTICE) +
            "</article></body></html>")
    art = write(tmp_path, "a.html", page)
    code, rep = check_json("--declare", "ai=generated", art)
    assert "ai-disclosure" in categories(rep)


def test_visible_notice_counts_in_html(tmp_path):
    page = ("<html><body><article><h1>Radweg wieder offen</h1><p>Der Radweg ist befahrbar.</p>"
            f"<p><em>{NOTICE}</em></p></article><footer>Impressum</footer></body></html>")
    code, rep = check_json("--declare", "ai=generated", write(tmp_path, "a.html", page))
    assert code == 0 and categories(rep) == []


def test_notice_in_site_footer_outside_article_does_not_count(tmp_path):
    page = ("<html><body><article><h1>Radweg</h1><p>Der Radweg ist befahrbar.</p></article>"
            f"<footer><p>{NOTICE}</p></footer></body></html>")
    code, rep = check_json("--declare", "ai=generated", write(tmp_path, "a.html", page))
    assert categories(rep) == ["ai-disclosure"]


def test_stdin_with_filename():
    page = ("<html><body><article><h1>T</h1><figure><img src='https://x.test/a.jpg'>"
            "<figcaption>Ein Bild ohne Angabe.</figcaption></figure><p>Text.</p></article></body></html>")
    code, rep = check_json("-", "--stdin-filename", "page.html", stdin=page)
    assert code == 1
    assert rep["files"][0]["path"] == "page.html" and rep["files"][0]["format"] == "html"
    assert categories(rep) == ["photo-credit"]
    assert findings(rep)[0]["location"]["selector"]


def test_bad_file_does_not_hide_others(tmp_path):
    write(tmp_path, "site/empty.html", "")
    write(tmp_path, "site/good.txt", SEED)
    write(tmp_path, "site/bad.txt", SEED.replace(CREDIT, ""))
    (tmp_path / "site" / "garbage.txt").write_bytes(bytes(range(256)) * 10)
    code, rep = check_json(tmp_path / "site")
    assert code == 2
    by = {Path(f["path"]).name: f for f in rep["files"]}
    assert by["empty.html"]["status"] == "error"
    assert "0 bytes" in by["empty.html"]["findings"][0]["message"]
    assert by["garbage.txt"]["status"] == "error"
    assert by["good.txt"]["status"] == "pass"
    assert by["bad.txt"]["status"] == "fail"


def test_latin1_text_is_checked_with_encoding_warning(tmp_path):
    art = write(tmp_path, "a.txt", "Año nuevo en Logroño\n\nEl ayuntamiento celebró la fiesta.\n", "latin-1")
    code, rep = check_json(art)
    assert code == 0 and categories(rep) == ["input"]     # a warning: below the default --fail-on
    assert rep["files"][0]["findings"][0]["rule"] == "input-encoding"
    assert rep["files"][0]["status"] == "fail"


def test_non_article_json_is_info_not_error(tmp_path):
    code, rep = check_json(write(tmp_path, "package.json", '{"name": "site", "version": "1.0.0"}'))
    assert code == 0
    assert rep["files"][0]["findings"][0]["severity"] == "info"


def test_invalid_json_is_input_error(tmp_path):
    code, rep = check_json(write(tmp_path, "story.json", '{"headline": '))
    assert code == 2 and categories(rep) == ["input"]


def test_fail_on_select_ignore(tmp_path):
    art = write(tmp_path, "a.txt", "Titel\n\nEin Text.\n\nDit artikel is gemaakt met behulp van "
                                   "kunstmatige intelligentie (AI).\n")
    code, rep = check_json("--declare", "ai=none", art)
    assert code == 0 and categories(rep) == ["ai-disclosure"]      # a warning only
    assert run("check", "--declare", "ai=none", "--fail-on", "warning", art).returncode == 1
    code, rep = check_json("--declare", "ai=none", "--ignore", "ai-disclosure", art)
    assert categories(rep) == []
    code, rep = check_json("--declare", "ai=none", "--select", "photo-credit", art)
    assert categories(rep) == []


def test_presets_reviewed_and_assisted(tmp_path):
    body = "Titolo\n\nIl consiglio comunale ha approvato il bilancio.\n"
    art = write(tmp_path, "a.txt", body)
    code, rep = check_json("--declare", "ai=generated", "--declare", "reviewed=true", art)
    assert categories(rep) == ["ai-disclosure"]
    write(tmp_path, "eu.yaml", "extends: eu-ai-act\n")
    code, rep = check_json("--config", tmp_path / "eu.yaml", "--declare", "ai=generated",
                           "--declare", "reviewed=true", art)
    assert code == 0 and categories(rep) == []
    assert "Art. 50(4)" in findings(rep, ("info",))[0]["evidence"]
    code, rep = check_json("--declare", "ai=assisted", art)
    assert categories(rep) == []
    write(tmp_path, ".provenance.yaml", "extends: strict\n")
    code, rep = check_json("--declare", "ai=assisted", art)
    assert categories(rep) == ["ai-disclosure"]


def test_config_declare_by_source_and_path(tmp_path):
    write(tmp_path, ".provenance.yaml",
          "declare:\n  sources:\n    upday.com: {ai: generated}\n  paths:\n    'ki/**': {ai: generated}\n")
    a = write(tmp_path, "a.txt", SEED.replace(NOTICE, ""))
    b = write(tmp_path, "ki/b.txt", "Handball\n\nNienburg verliert knapp.\n")
    c = write(tmp_path, "lokal/c.txt", "Markt\n\nDer Wochenmarkt zieht um.\n")
    code, rep = check_json(a, b, c)
    cats = {Path(f["path"]).name: sorted({x["category"] for x in f["findings"] if x["severity"] != "info"})
            for f in rep["files"]}
    assert cats == {"a.txt": ["ai-disclosure"], "b.txt": ["ai-disclosure"], "c.txt": []}
    # the command line beats config
    code, rep = check_json("--declare", "ai=none", b)
    assert categories(rep) == []


def test_front_matter_beats_config(tmp_path):
    write(tmp_path, ".provenance.yaml", "declare:\n  paths:\n    '*.md': {ai: none}\n")
    md = write(tmp_path, "a.md", "---\ntitle: Hafen\nai: generated\n---\n\n# Hafen\n\nDer Hafen wächst.\n")
    code, rep = check_json(md)
    assert categories(rep) == ["ai-disclosure"]


def test_exclude_and_rule_switches(tmp_path):
    write(tmp_path, ".provenance.yaml", "exclude: ['drafts/**']\nrules:\n  photo-credit-missing: off\n")
    write(tmp_path, "drafts/x.txt", SEED.replace(LINK, ""))
    write(tmp_path, "a.txt", SEED.replace(CREDIT, ""))
    code, rep = check_json(tmp_path)
    assert [Path(f["path"]).name for f in rep["files"]] == ["a.txt"]
    assert code == 0


@pytest.mark.parametrize("cfg,needle", [
    ("rules:\n  no-such-rule: off\n", "no-such-rule"),
    ("colour: red\n", "colour"),
    ("extends: nonexistent-preset\n", "extends"),
    ("rules: [\n", "invalid YAML"),
    ("declare:\n  sources:\n    x.com: {ai: maybe}\n", "ai"),
])
def test_bad_config_exits_2_naming_file_and_key(tmp_path, cfg, needle):
    write(tmp_path, ".provenance.yaml", cfg)
    art = write(tmp_path, "a.txt", SEED)
    p = run("check", art)
    assert p.returncode == 2
    assert ".provenance.yaml" in p.stderr and needle in p.stderr
    assert "Traceback" not in p.stderr


def test_bad_declare_is_usage_error():
    p = run("check", "--declare", "ai=maybe", "fixtures/seed-article.txt")
    assert p.returncode == 2 and "ai must be" in p.stderr


def test_output_file_and_quiet(tmp_path):
    out = tmp_path / "r" / "report.json"
    p = run("check", "--format", "json", "-o", out, "fixtures/seed-article.txt")
    assert p.returncode == 0 and p.stdout == ""
    jsonschema.validate(json.loads(out.read_text()), SCHEMA)
    p = run("check", "--quiet", "fixtures/seed-article.txt")
    assert "checked" not in p.stdout and "source-link-missing" in p.stdout


def test_no_color_when_piped():
    p = run("check", "fixtures/seed-article.txt")
    assert "\x1b[" not in p.stdout


def test_jobs_gives_same_report(tmp_path):
    for i in range(6):
        write(tmp_path, f"a{i}.txt", SEED if i % 2 else SEED.replace(CREDIT, ""))
    _, one = check_json(tmp_path)
    _, two = check_json("--jobs", "2", tmp_path)
    assert one == two


def test_rules_explain_init(tmp_path):
    p = run("rules")
    assert p.returncode == 0 and "ai-notice-missing" in p.stdout and "photo-credit" in p.stdout
    p = run("explain", "ai-notice-missing")
    assert "Failing example" in p.stdout and "Passing example" in p.stdout
    p = run("explain", "ai-notice-mising")
    assert p.returncode == 2 and "did you mean" in p.stderr
    p = run("init", cwd=tmp_path)
    assert p.returncode == 0 and (tmp_path / ".provenance.yaml").exists()
    assert run("init", cwd=tmp_path).returncode == 2   # never overwrites silently
    # the starter config is valid and checks still work with it
    write(tmp_path, "a.txt", SEED)
    assert run("check", "a.txt", cwd=tmp_path).returncode == 0


def test_inspect_shows_the_model():
    p = run("inspect", "fixtures/seed-article.txt")
    assert p.returncode == 0
    assert "source line: upday.com | 1 godzina temu" in p.stdout
    assert "Kirsty Wigglesworth/Pool AP/dpa" in p.stdout
    p = run("inspect", "--format", "json", "fixtures/seed-article.txt")
    data = json.loads(p.stdout)
    assert data[0]["signals"]["aggregated"] is True
    assert data[0]["images"][0]["labels"]["archive_label"]


def test_python_m_and_version():
    p = run("--version")
    assert p.returncode == 0 and "provenance" in p.stdout


def test_oversize_file_is_input_error_and_others_still_checked(tmp_path):
    write(tmp_path, ".provenance.yaml", "max_file_size: 4096\n")
    write(tmp_path, "huge.html", "<p>" + "x" * 10_000 + "</p>")
    write(tmp_path, "seed.txt", SEED)
    code, rep = check_json(tmp_path / "huge.html", tmp_path / "seed.txt")
    assert code == 2
    by = {Path(f["path"]).name: f for f in rep["files"]}
    assert by["huge.html"]["status"] == "error"
    assert "exceeds max_file_size" in by["huge.html"]["findings"][0]["message"]
    assert by["seed.txt"]["status"] == "pass"


def test_nothing_is_written_to_inputs(tmp_path):
    art = write(tmp_path, "a.txt", SEED.replace(CREDIT, ""))
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    for fmt in ("text", "json", "sarif", "junit", "github", "gitlab"):
        run("check", "--format", fmt, art, cwd=tmp_path)
    run("inspect", art, cwd=tmp_path)
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert before == after
