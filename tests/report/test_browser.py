"""The tour in a real browser: report/index.html in headless Chromium (Debian's chromium and
chromedriver, driven by Selenium): no console errors, every image decoded, every in-page link
resolving, nothing fetched from the network, and a full-page screenshot in report/screenshot.png.

``make test`` installs chromium and chromium-driver with apt-get when they are missing and it
runs as root; elsewhere this module skips and says what to install.
"""
import base64
import shutil
from pathlib import Path

import pytest

REPORT = Path(__file__).resolve().parents[2] / "report"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1280,900"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or chromedriver is None:
        pytest.skip("the browser test needs Debian's chromium and chromium-driver: "
                    "apt-get install -y chromium chromium-driver (make test does it as root)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="pip install -e '.[test]' brings selenium")
    from selenium.webdriver.chrome.service import Service

    from lucidml.report import write_report

    page = write_report(REPORT, progress=False)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    try:
        driver.set_page_load_timeout(120)
        driver.get(page.resolve().as_uri())
        yield driver
    finally:
        driver.quit()


def test_no_console_errors(browser):
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, errors


def test_every_image_is_decoded(browser):
    images = browser.execute_script(
        "return Array.from(document.images, i => [i.alt, i.complete, i.naturalWidth, i.naturalHeight]);")
    assert len(images) >= 10
    broken = [alt for alt, complete, width, height in images if not (complete and width > 0 and height > 0)]
    assert not broken, f"images not decoded: {broken}"


def test_every_in_page_link_resolves(browser):
    links = browser.execute_script("""
        return Array.from(document.querySelectorAll('a[href^="#"]'), a => {
            const id = decodeURIComponent(a.getAttribute('href').slice(1));
            return [a.getAttribute('href'), document.getElementById(id) !== null];
        });""")
    sections = browser.execute_script("return Array.from(document.querySelectorAll('section[id]'), s => s.id);")
    assert len(sections) >= 12 and links
    assert [href for href, found in links if not found] == []
    assert {href[1:] for href, _ in links} >= set(sections), "every section is in the table of contents"


def test_nothing_is_fetched_from_the_network(browser):
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(r => r.name);")
    assert [r for r in resources if not r.startswith(("data:", "file:"))] == []
    html = browser.page_source
    assert "<script" not in html and 'src="http' not in html and 'href="http' not in html


def test_the_agreement_report_is_a_table(browser):
    rows = browser.execute_script(
        "return document.querySelectorAll('#can-you-trust-it table.verify tbody tr').length;")
    failing = browser.execute_script(
        "return document.querySelectorAll('#can-you-trust-it tr.verify-fail, #can-you-trust-it tr.verify-error')"
        ".length;")
    assert rows >= 100 and failing == 0


_TEXT_TABLES = """
    // Text laid out in columns with runs of spaces: the browser collapses them into one line.
    const found = [];
    for (const el of document.querySelectorAll('p, li, dd, figcaption')) {
        const copy = el.cloneNode(true);
        copy.querySelectorAll('code, pre, table').forEach(c => c.remove());
        const runs = (copy.textContent.match(/\\S {2,}\\S/g) || []).length;
        if (runs >= 3) found.push(copy.textContent.trim().slice(0, 80));
    }
    return found;"""


def test_tables_are_tables(browser):
    assert browser.execute_script(_TEXT_TABLES) == []
    tables = browser.execute_script(
        "return Array.from(document.querySelectorAll('table.results'), t => [t.closest('section').id, "
        "t.querySelectorAll('tbody tr').length, t.querySelector('caption').textContent]);")
    # the teaching tables: Bishop's 1.1 and 1.2, the curse of dimensionality, the gradient norms, ...
    assert {s for s, _, _ in tables} >= {"regression", "the-curse-of-dimensionality-and-pca", "neural-networks"}
    assert all(rows > 0 for _, rows, _ in tables)
    assert any("Table 1.1" in caption for _, _, caption in tables)


def test_every_figure_has_a_caption(browser):
    captions = browser.execute_script("""
        return Array.from(document.querySelectorAll('figure'), f => {
            const c = f.querySelector('figcaption');
            return [f.querySelector('img') !== null, c ? c.textContent.trim().length : 0];
        });""")
    assert len(captions) >= 10 and all(has_image and length > 10 for has_image, length in captions)


def test_table_of_contents_stays_in_view(browser):
    try:
        browser.execute_script("window.scrollTo(0, document.body.scrollHeight / 2);")
        top, bottom, position = browser.execute_script("""
            const nav = document.querySelector('nav'), r = nav.getBoundingClientRect();
            return [r.top, r.bottom, getComputedStyle(nav).position];""")
        assert position in ("sticky", "fixed") and bottom > 0 and top < 900
    finally:
        browser.execute_script("window.scrollTo(0, 0);")


def test_full_page_screenshot(browser):
    metrics = browser.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    width, height = int(size["width"]), int(size["height"])
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    png = base64.b64decode(shot["data"])
    (REPORT / "screenshot.png").write_bytes(png)
    assert png.startswith(b"\x89PNG") and height > 5000          # the whole page, not one screen
    assert int.from_bytes(png[20:24], "big") >= height - 1         # the PNG is as tall as the page
