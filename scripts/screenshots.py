"""Screenshots for the docs: the demo corpus's HTML report and the web UI, taken in headless Chromium.

.venv/bin/python scripts/screenshots.py   # docs/screenshot-report.png, screenshot-ui.png, screenshot-pair-view.png

Also the provenance graph of a big story (docs/screenshot-graph-big.png): the 50 articles bench/story50_speed.py
builds from ../shared/seeds, analysed here (~10 s), drawn reduced (copy groups, relayed credits); skipped when
the seeds are not there.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from corroborator import analyze
from corroborator.render import render_html
from corroborator.web import serve

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo"
SEEDS = ROOT.parent / "shared" / "seeds"


def big_graph(driver: webdriver.Chrome, tmp: Path) -> None:
    """The 50-article story's graph, reduced: what a big story's reader sees when they open the graph."""
    if not SEEDS.is_dir():
        print(f"no seeds at {SEEDS}: docs/screenshot-graph-big.png not regenerated")
        return
    sys.path.insert(0, str(ROOT / "bench"))
    from story50_speed import build

    folder = tmp / "story50"
    folder.mkdir()
    build(folder)
    page = tmp / "story50.html"
    page.write_text(render_html(analyze([str(folder)]), title="corroborator: a 50-article story"), encoding="utf-8")
    driver.get(page.as_uri())
    graph = driver.find_element(By.CSS_SELECTOR, "details.graph")
    graph.find_element(By.TAG_NAME, "summary").click()
    driver.execute_script("arguments[0].scrollIntoView()", graph.find_element(By.CSS_SELECTOR, ".graphlegend"))
    time.sleep(0.3)
    driver.save_screenshot(str(ROOT / "docs" / "screenshot-graph-big.png"))


def main() -> None:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--hide-scrollbars",
        "--window-size=1400,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(render_html(analyze([str(DEMO)]), title="corroborator: demo corpus"), encoding="utf-8")
        driver.get(page.as_uri())
        driver.save_screenshot(str(ROOT / "docs" / "screenshot-report.png"))  # the first screen: brief on top
        graph = driver.find_element(By.CSS_SELECTOR, "details.graph")
        graph.find_element(By.TAG_NAME, "summary").click()
        driver.execute_script("arguments[0].scrollIntoView()", graph)
        time.sleep(0.3)
        driver.save_screenshot(str(ROOT / "docs" / "screenshot-graph.png"))
        driver.set_window_size(390, 844)
        driver.get(page.as_uri())
        time.sleep(0.3)
        driver.save_screenshot(str(ROOT / "docs" / "screenshot-phone.png"))
        driver.set_window_size(1400, 900)
        big_graph(driver, Path(tmp))
        httpd = serve(db=Path(tmp) / "ui.db", port=0, root=DEMO.parent)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        driver.get(base + "/")
        driver.find_element(By.ID, "files").send_keys("\n".join(sorted(str(p) for p in DEMO.iterdir())))
        driver.find_element(By.ID, "label").send_keys("demo corpus")
        driver.find_element(By.ID, "go").click()
        while "/reports/" not in driver.current_url:
            time.sleep(0.3)
        finding = driver.find_element(By.CSS_SELECTOR, ".finding[data-kind='altered_quote']")
        driver.execute_script("location.hash = arguments[0]", finding.get_attribute("id"))
        time.sleep(0.3)
        finding.find_element(By.CSS_SELECTOR, "a.pair").click()
        time.sleep(0.5)
        driver.execute_script("window.scrollTo(0, 0)")  # the finding, its back link and the two columns' tops
        driver.save_screenshot(str(ROOT / "docs" / "screenshot-pair-view.png"))
        driver.get(base + "/")  # the front page, with the analysis just run in its list
        driver.save_screenshot(str(ROOT / "docs" / "screenshot-ui.png"))
        httpd.shutdown()
    driver.quit()


if __name__ == "__main__":
    main()
