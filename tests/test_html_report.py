"""The HTML audit report: self-contained, and working in a real headless
Chromium (Debian packages `chromium` and `chromium-driver`, driven by
selenium). The screenshot lands in test-artifacts/audit-report.png."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from provenance.cli import main
from test_audit import make_tree

pytestmark = pytest.mark.slow   # drives headless Chromium

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("html")
    make_tree(root)
    out = root / "audit.html"
    cwd = Path.cwd()
    import os
    os.chdir(root)
    try:
        main(["audit", "archive", "sitemap.xml", "--no-cache", "--jobs", "1", "--quiet",
              "--today", "2026-06-01", "--html", str(out), "--json", str(root / "audit.json")])
    finally:
        os.chdir(cwd)
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    opts = Options()
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1600",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(arg)
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=opts, service=service)
    yield driver
    driver.quit()


def test_report_is_self_contained(report):
    html = report.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)   # nothing loaded from anywhere
    assert "@import" not in html and "url(" not in html
    assert html.count("<svg") == 4


def test_report_renders_filters_and_sorts_in_chromium(report, browser):
    import json
    audit = json.loads(report.with_suffix(".json").read_text(encoding="utf-8"))
    findings = sum(len(f["findings"]) for f in audit["files"])
    browser.get(report.as_uri())

    charts = browser.find_elements(By.CSS_SELECTOR, ".chart svg")
    assert len(charts) == 4
    for chart in charts:
        assert chart.size["width"] > 200 and chart.size["height"] > 20
    assert browser.find_elements(By.CSS_SELECTOR, "#chart-category rect.bar-bad")
    assert "weather" in browser.find_element(By.ID, "chart-section").text

    def visible_rows():
        return [r for r in browser.find_elements(By.CSS_SELECTOR, "#findings tbody tr") if r.is_displayed()]

    assert len(visible_rows()) == findings > 3
    assert browser.find_element(By.ID, "shown").text == str(findings)

    # each finding links to its rule's documentation and shows evidence and fix
    first = visible_rows()[0]
    link = first.find_element(By.CSS_SELECTOR, "a")
    assert link.get_attribute("href").endswith(f"docs/rules/{link.text}.md")

    box = browser.find_element(By.ID, "q")
    box.send_keys("storm1")
    only = visible_rows()
    assert 0 < len(only) < findings
    assert all("storm1" in r.text for r in only)
    box.clear()
    box.send_keys(" ")           # 'input' event after clear
    assert len(visible_rows()) == findings

    Select(browser.find_element(By.ID, "cat")).select_by_visible_text("ai-disclosure")
    ai = visible_rows()
    assert len(ai) == 4 and all("ai-notice-missing" in r.text for r in ai)
    Select(browser.find_element(By.ID, "cat")).select_by_index(0)
    Select(browser.find_element(By.ID, "sev")).select_by_visible_text("warning")
    assert all("warning" in r.text for r in visible_rows())
    Select(browser.find_element(By.ID, "sev")).select_by_index(0)

    # sorting: click the rule header, the rows come back in rule order
    header = browser.find_elements(By.CSS_SELECTOR, "#findings th")[3]
    header.click()
    rules = [r.find_elements(By.TAG_NAME, "td")[3].text for r in visible_rows()]
    assert rules == sorted(rules, key=str.lower)
    header.click()
    rules = [r.find_elements(By.TAG_NAME, "td")[3].text for r in visible_rows()]
    assert rules == sorted(rules, key=str.lower, reverse=True)

    ARTIFACTS.mkdir(exist_ok=True)
    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.save_screenshot(str(ARTIFACTS / "audit-report.png"))
