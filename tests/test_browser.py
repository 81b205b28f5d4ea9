"""The HTML report and the web UI in a real browser (Debian's chromium + chromedriver, via Selenium).

`.ci/run` installs the browser; outside CI these tests skip when it is missing.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from corroborator import analyze
from corroborator.render import render_html
from tests.conftest import DEMO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
HOSTILE = (
    "The council said the bridge would reopen. <script>window.pwned = 1;</script> "
    'Engineers found <img src=x onerror="window.pwned = 2"> two cracks in the pier, the council said.'
)

pytestmark = pytest.mark.slow  # a real browser: seconds per test


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromedriver must be installed in CI (.ci/run installs them)")
        pytest.skip("chromium / chromedriver not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--window-size=1280,1600",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from corroborator.web import serve

    db = tmp_path_factory.mktemp("ui") / "ui.db"
    httpd = serve(db=db, port=0, root=DEMO.parent)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _wait(predicate, seconds=90):
    from selenium.common.exceptions import WebDriverException

    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if predicate():
                return True
        except WebDriverException:  # the page is navigating: its elements went stale; look again
            pass
        time.sleep(0.3)
    return False


def test_report_renders_hostile_article_as_text(browser, tmp_path):
    report = analyze([{"text": HOSTILE, "outlet": "Hostile <b>Outlet</b>", "title": "<img src=x onerror=alert(1)>"}])
    page = tmp_path / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.execute_script("return window.pwned") is None  # nothing the article held ran
    body = browser.find_element("tag name", "body").text
    assert "<script>window.pwned = 1;</script>" in body  # shown as text
    assert "Hostile <b>Outlet</b>" in body


def test_report_claims_filter(browser, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render_html(analyze([str(DEMO)])), encoding="utf-8")
    browser.get(page.as_uri())
    story = browser.find_element("css selector", "section.story")  # the first story: the oil spill
    rows = story.find_elements("css selector", "table.claims tbody tr")
    box = story.find_element("css selector", "input.filter")
    box.send_keys("tonnes")
    visible = [r for r in rows if r.is_displayed()]
    assert 0 < len(visible) < len(rows) and all("tonnes" in r.text for r in visible)


def test_ui_upload_then_finding_then_pair_view(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    files = sorted(str(p) for p in DEMO.iterdir())
    browser.find_element(By.ID, "files").send_keys("\n".join(files))
    browser.find_element(By.ID, "label").send_keys("demo corpus")
    browser.find_element(By.ID, "go").click()
    assert _wait(lambda: "/reports/" in browser.current_url), browser.find_element(By.TAG_NAME, "body").text
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Cargo ship runs aground in Calder estuary" in body
    conflict = browser.find_element(By.CSS_SELECTOR, ".finding[data-kind='numeric_conflict']")
    assert "gives '12 tonnes'" in conflict.text and "15 tonnes" in conflict.text
    conflict.find_element(By.CSS_SELECTOR, "button.pair").click()
    col_a, col_b = browser.find_element(By.ID, "colA"), browser.find_element(By.ID, "colB")
    assert "The Harbour Gazette" in col_a.text and "The Bay Post" in col_b.text
    assert browser.find_element(By.ID, "pairrule").text  # the relation's verdict in words
    # The quote pair: the two versions of the harbour master's words, highlighted in both columns.
    quote = browser.find_element(By.CSS_SELECTOR, ".finding[data-kind='altered_quote']")
    assert "reopen on" in quote.find_element(By.CSS_SELECTOR, ".diff").text
    # The report survives a restart: it is in SQLite and listed on the front page.
    browser.get(server + "/")
    assert _wait(lambda: "demo corpus" in browser.find_element(By.TAG_NAME, "body").text, 20)


def test_ui_refuses_folders_outside_root(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    browser.find_element(By.ID, "folder").send_keys("../../../etc")
    browser.find_element(By.ID, "go").click()
    assert _wait(
        lambda: "outside the folder this server may read" in browser.find_element(By.TAG_NAME, "body").text, 20
    )
