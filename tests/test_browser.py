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
    browser.execute_script("document.querySelectorAll('details').forEach(function(d){ d.open = true; })")
    body = browser.find_element("tag name", "body").text
    assert "<script>window.pwned = 1;</script>" in body  # shown as text
    assert "Hostile <b>Outlet</b>" in body


def test_report_claims_filter(browser, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render_html(analyze([str(DEMO)])), encoding="utf-8")
    browser.get(page.as_uri())
    story = browser.find_element("css selector", "section.story")  # the first story: the oil spill
    story.find_element("css selector", "details.claims-box > summary").click()  # folded below the brief
    rows = story.find_elements("css selector", "table.claims tbody tr")
    box = story.find_element("css selector", "input.filter")
    box.send_keys("tonnes")
    visible = [r for r in rows if r.is_displayed()]
    assert 0 < len(visible) < len(rows) and all("tonnes" in r.text for r in visible)


def test_ui_upload_then_finding_then_pair_view(browser, server):
    from selenium.webdriver.common.by import By

    browser.set_window_size(1400, 900)
    browser.get(server + "/")
    files = sorted(str(p) for p in DEMO.iterdir())
    browser.find_element(By.ID, "files").send_keys("\n".join(files))
    browser.find_element(By.ID, "label").send_keys("demo corpus")
    browser.find_element(By.ID, "go").click()
    assert _wait(lambda: "/reports/" in browser.current_url), browser.find_element(By.TAG_NAME, "body").text
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Cargo ship runs aground in Calder estuary" in body
    # The brief's dispute links to its finding, which opens the folded findings.
    brief = browser.find_element(By.CSS_SELECTOR, ".brief")
    brief.find_element(By.XPATH, ".//li[contains(., 'numeric conflict')]//a[@class='tofinding']").click()
    conflict = browser.find_element(By.CSS_SELECTOR, ".finding[data-kind='numeric_conflict']")
    assert _wait(conflict.is_displayed, 5)
    assert "gives '12 tonnes'" in conflict.text and "15 tonnes" in conflict.text
    conflict.find_element(By.CSS_SELECTOR, "a.pair").click()
    col_a, col_b = browser.find_element(By.ID, "colA"), browser.find_element(By.ID, "colB")
    assert "The Harbour Gazette" in col_a.text and "The Bay Post" in col_b.text
    assert browser.find_element(By.ID, "pairrule").text  # the relation's verdict in words
    # The report page links home and to every download; Back from the report goes to the list, not the progress page.
    browser.back()
    assert _wait(lambda: browser.find_element(By.ID, "home").is_displayed(), 5)
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, ".uilinks a[download]")]
    assert [h.rsplit("/", 1)[-1].split(".", 1)[-1] for h in links][:3] == ["json", "html", "md"]
    assert any(h.endswith("/claims.csv") for h in links)
    while "#" in browser.current_url:
        browser.back()
    browser.back()
    assert _wait(lambda: browser.current_url.rstrip("/") == server, 10), browser.current_url
    # The report survives a restart: it is in SQLite and listed on the front page, with its counts.
    assert _wait(lambda: "demo corpus" in browser.find_element(By.TAG_NAME, "body").text, 20)
    row = browser.find_element(By.XPATH, "//table[@class='runs']//tr[contains(., 'demo corpus')]")
    assert "The Harbour Gazette" in row.text and "done" in row.text


SIZES = [(1400, 900), (390, 844)]


@pytest.fixture(scope="module")
def demo_page(tmp_path_factory):
    page = tmp_path_factory.mktemp("report") / "report.html"
    page.write_text(render_html(analyze([str(DEMO)])), encoding="utf-8")
    return page


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_brief_on_the_first_screen_and_graph_legend(browser, demo_page, width, height):
    from selenium.webdriver.common.by import By

    browser.set_window_size(width, height)
    browser.get(demo_page.as_uri())
    inner = browser.execute_script("return [window.innerWidth, window.innerHeight]")
    # Nothing wider than the screen (the phone layout reads without sideways scrolling).
    assert browser.execute_script("return document.documentElement.scrollWidth") <= inner[0] + 1
    story = browser.find_element(By.CSS_SELECTOR, "section.story")
    headline = story.find_element(By.CSS_SELECTOR, ".brief .headline")
    assert headline.text.startswith("5 articles from 5 outlets; 2 are copies of others; the best-corroborated claim")
    # The stories table answers "carried by how many independent origins" on the first screen.
    carried = browser.find_element(By.CSS_SELECTOR, "table.stories .carried")
    assert "independent origin" in carried.text and carried.rect["y"] < inner[1]
    if width >= 1000:
        assert headline.rect["y"] < inner[1]  # the brief starts on the first screen on a desktop
    else:  # the phone hides the header row: each count shows its noun, in agreement ("1 article", not "1 articles")
        lone = browser.find_element(By.XPATH, "//table[@class='stories']//tr[contains(., 'Dunmore')]")
        counts = browser.execute_script(
            "return Array.from(arguments[0].querySelectorAll('td[data-label]')).map(function(td){"
            "return td.textContent + getComputedStyle(td, '::after').content.replace(/\"/g, '');})",
            lone,
        )
        assert counts == ["1 article", "0 copies", "0 findings"]
    graph = story.find_element(By.CSS_SELECTOR, "details.graph")
    graph.find_element(By.TAG_NAME, "summary").click()
    legend = graph.find_element(By.CSS_SELECTOR, ".graphlegend")
    assert legend.is_displayed() and "copied or rewritten" in legend.text and "credited" in legend.text
    svg = graph.find_element(By.CSS_SELECTOR, "svg.prov")
    assert svg.get_attribute("data-crossings") == "0"
    # Full names: every node shows its whole label (wrapped over lines, never cut).
    for node in svg.find_elements(By.CSS_SELECTOR, ".node"):
        shown = " ".join(t.text for t in node.find_elements(By.TAG_NAME, "tspan"))
        assert shown == browser.execute_script("return arguments[0].querySelector('title').textContent", node)
    # Clicking a node filters the claims to that article.
    node = svg.find_element(By.CSS_SELECTOR, ".node.article")
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", node)
    rows = story.find_elements(By.CSS_SELECTOR, "table.claims tbody tr")
    shown = [r for r in rows if r.is_displayed()]
    picked = node.get_attribute("data-node")
    assert 0 < len(shown) < len(rows)
    assert all(picked in r.get_attribute("data-articles").split() for r in shown)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_finding_to_pair_view_and_back(browser, demo_page, width, height):
    from selenium.webdriver.common.by import By

    browser.set_window_size(width, height)
    browser.get(demo_page.as_uri())
    quote = browser.find_element(By.CSS_SELECTOR, ".finding[data-kind='altered_quote']")
    fid = quote.get_attribute("id")
    browser.execute_script("location.hash = arguments[0]", fid)  # as the brief's link does
    assert _wait(quote.is_displayed, 5)
    assert "reopen on" in quote.find_element(By.CSS_SELECTOR, ".diff").text
    quote.find_element(By.CSS_SELECTOR, "a.pair").click()
    assert _wait(lambda: browser.execute_script("return location.hash").startswith("#pair/"), 5)
    assert browser.execute_script("return location.hash").endswith("/" + fid)
    view = browser.find_element(By.ID, "pairview")
    assert view.is_displayed() and view.rect["y"] < 200  # the pair view is the page now, not its bottom
    for col in ("colA", "colB"):  # the finding's spans highlighted in both columns
        marks = browser.find_elements(By.CSS_SELECTOR, f"#{col} .hl.finding")
        assert marks and all(m.text for m in marks)
    back = browser.find_element(By.ID, "pairback")
    assert back.text == "back to the finding"
    browser.back()  # the browser's Back returns to the finding
    assert _wait(lambda: browser.execute_script("return location.hash") == "#" + fid, 5)
    assert _wait(lambda: not view.is_displayed() and quote.is_displayed(), 5)
    browser.forward()
    assert _wait(view.is_displayed, 5)
    back.click()  # and so does the link
    assert _wait(lambda: quote.is_displayed() and not view.is_displayed(), 5)


def test_ui_refuses_folders_outside_root(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    browser.find_element(By.ID, "folder").send_keys("../../../etc")
    browser.find_element(By.ID, "go").click()
    assert _wait(
        lambda: "outside the folder this server may read" in browser.find_element(By.TAG_NAME, "body").text, 20
    )


def test_a_brief_claim_opens_the_pair_view_with_its_sentences(browser, demo_page):
    from selenium.webdriver.common.by import By

    browser.set_window_size(1400, 900)
    browser.get(demo_page.as_uri())
    cite = browser.find_element(By.CSS_SELECTOR, ".brief ul.core a.cite")
    cited = cite.get_attribute("data-article")
    cite.click()
    assert _wait(lambda: browser.find_element(By.ID, "pairview").is_displayed(), 5)
    assert browser.find_element(By.ID, "pa").get_attribute("value") == cited
    for col in ("colA", "colB"):  # the claim's sentence in the cited article and in the other one
        assert browser.find_elements(By.CSS_SELECTOR, f"#{col} .hl.finding")
    assert "independent origin" in browser.find_element(By.ID, "pairfinding").text
    browser.back()
    assert _wait(lambda: not browser.find_element(By.ID, "pairview").is_displayed(), 5)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_copy_group_box_lists_its_members_and_filters_to_them(browser, tmp_path, monkeypatch, width, height):
    from selenium.webdriver.common.by import By

    from corroborator.render import provgraph

    # The demo's story is small; drawn as a big one (as a 50-article story is), its copies become one box.
    monkeypatch.setattr(provgraph, "BIG_NODES", 0)
    report = analyze([str(DEMO)])
    page = tmp_path / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    browser.set_window_size(width, height)
    browser.get(page.as_uri())
    story = browser.find_element(By.CSS_SELECTOR, "section.story")
    graph = story.find_element(By.CSS_SELECTOR, "details.graph")
    graph.find_element(By.TAG_NAME, "summary").click()
    group = graph.find_element(By.CSS_SELECTOR, "svg.prov .node.group")
    members = group.get_attribute("data-members").split()
    labels = {a.id: a.label for a in report.articles}
    assert len(members) >= 2
    shown = " ".join(t.text for t in group.find_elements(By.TAG_NAME, "tspan"))
    assert shown == browser.execute_script("return arguments[0].querySelector('title').textContent", group)
    assert f"+ {len(members) - 1} cop" in shown  # "The Harbour Gazette + 2 copies"
    # Under the drawing: the group's members, and every link not drawn with its reason.
    listed = graph.find_element(By.CSS_SELECTOR, "ul.groups").text
    assert all(labels[m] in listed for m in members)
    hidden = graph.find_element(By.CSS_SELECTOR, "details.hiddenlinks")
    hidden.find_element(By.TAG_NAME, "summary").click()
    rows = hidden.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert rows and all(r.find_elements(By.TAG_NAME, "td")[3].text for r in rows)
    assert any("inside the copy group" in r.text for r in rows)
    # A click on the box names its members and shows the claims of any of them, and only those.
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", group)
    bar = story.find_element(By.CSS_SELECTOR, ".nodefilter")
    assert bar.is_displayed() and all(labels[m] in bar.text for m in members)
    claims = story.find_elements(By.CSS_SELECTOR, "table.claims tbody tr")
    visible = [r for r in claims if r.is_displayed()]
    assert 0 < len(visible) <= len(claims)
    assert all(set(members) & set(r.get_attribute("data-articles").split()) for r in visible)
    hidden_rows = [r for r in claims if not r.is_displayed()]
    assert all(not set(members) & set(r.get_attribute("data-articles").split()) for r in hidden_rows)
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width + 1
