"""The trainee's real path: the simulators served the way `make train` serves them
(tools/train_server.py: Voilà, casebook template, pre-heated kernels, culling, the site at
/site/), used in a browser."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest

from tests.browser.conftest import (
    INTERACTIVE,
    SIMULATORS,
    free_port,
    is_kernel_socket,
    kernel_processes,
    wait_for_kernels,
    wait_for_port,
)
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

TRAIN_SERVER = ROOT / "tools" / "train_server.py"


@contextmanager
def training_server(log_path, *options: str):
    port = free_port()
    with log_path.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                str(TRAIN_SERVER),
                "notebooks",
                f"--port={port}",
                "--Voila.ip=127.0.0.1",
                *options,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    try:
        wait_for_port(port, 60, proc)
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def train(tmp_path_factory):
    """`make train`'s server, warm: every simulator's kernel has run its notebook."""
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    with training_server(log) as (proc, url):
        wait_for_kernels(proc.pid, len(SIMULATORS), timeout=300, idle=True)
        yield proc, url


@pytest.fixture(scope="module")
def voila_url(train):
    return train[1]


def _select(page, label: str, option_label: str) -> None:
    box = page.locator(".widget-dropdown", has=page.locator("label", has_text=label))
    box.locator("select").select_option(label=option_label)


def _markdown_text(page) -> str:
    return "\n".join(page.locator(".jp-MarkdownOutput").all_inner_texts())


def test_landing_page_lists_the_simulators(new_page, voila_url, artifacts):
    page, watch = new_page(voila_url)
    page.goto(voila_url, timeout=60_000)
    listed = page.locator("#casebook-simulators li b").all_inner_texts()
    assert listed == list(SIMULATORS), listed
    assert page.title() == "信用卡催收模拟训练"
    page.screenshot(path=str(artifacts / "voila-landing.png"))
    assert watch.external == [], watch.external
    assert [e for e in watch.errors if "favicon" not in e] == []


BROKEN_IMAGES = """() => Array.from(document.images).filter(
  (img) => img.offsetParent !== null && img.complete && img.naturalWidth === 0).length"""


def test_every_simulator_is_interactive_fast_in_chinese(new_page, train, artifacts, capsys):
    """Time to interactive after the click on a warm server (printed; the target is 3 s),
    the tab title from the notebook's heading, no MyST markup left raw."""
    proc, url = train
    page, watch = new_page(url)
    figures = {}
    for label, name in SIMULATORS.items():
        page.goto(url, timeout=60_000)  # leaving the last simulator shuts its kernel down
        wait_for_kernels(proc.pid, len(SIMULATORS), timeout=180, idle=True)  # warm pool
        # Leaves the block once the page is connected to its kernel as well.
        with page.expect_websocket(is_kernel_socket, timeout=120_000):
            started = time.perf_counter()
            page.locator("#casebook-simulators a", has_text=label).click()
            page.wait_for_url(f"**/voila/render/{name}.ipynb*", wait_until="commit")
            page.wait_for_function(INTERACTIVE, timeout=120_000)
            figures[label] = time.perf_counter() - started
        title = page.title()
        text = _markdown_text(page)
        page.screenshot(path=str(artifacts / f"voila-{name}.png"))
        assert title and title != name and not re.search(r"[A-Za-z_]{4,}", title), title
        assert not re.search(r"\{(admonition|note|tip|term|ref|doc)\}|:class:", text), name
        assert not re.search(r"\*\*[^*\s]", text), f"{name}: raw ** in markdown"
        # The loading text ("Executing N of M" in Voilà) is Chinese.
        assert "正在准备" in page.evaluate("String(window.voila_process)")
        # No placeholder without content: a visible image that shows nothing is the browser's
        # broken-image icon (the campaign's chart before a campaign has one).
        page.wait_for_timeout(300)
        assert page.evaluate(BROKEN_IMAGES) == 0, f"{name}: broken-image placeholder"
        if name == "campaign":  # the letter's elements are asked for only for a letter
            assert not page.get_by_text("信函要素").is_visible()
    with capsys.disabled():
        print("\ntime to interactive after the click (warm server, pre-heated kernels):")
        for label, seconds in figures.items():
            print(f"  {label:<8} {seconds:5.2f} s")
    assert watch.external == [], watch.external


def test_trainee_plans_assesses_and_reads_the_violated_rule(new_page, voila_url, artifacts):
    page, watch = new_page(voila_url)
    page.goto(voila_url, timeout=60_000)
    page.locator("#casebook-simulators a", has_text="安排联系计划").click()
    assess = page.locator(".widget-button", has_text="评估")
    assess.wait_for(timeout=120_000)
    assert page.locator("text=import").count() == 0, "Voilà must hide the sources"
    _select(page, "时间", "07:30")
    _select(page, "方式", "电话")
    page.locator(".widget-textarea textarea").fill("你好，我是星河银行的工作人员。")
    page.locator(".widget-button", has_text="加入计划").click()
    page.locator("text=已加入第 1 条行动").wait_for(timeout=30_000)
    assess.click()
    feedback = page.locator(".widget-html", has_text="CN-CONTACT-HOURS")
    feedback.first.wait_for(timeout=30_000)
    text = feedback.first.inner_text()
    assert "22:00 至次日 08:00 不得催收" in text and "应当怎么做" in text
    feedback.first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "voila-feedback.png"))
    assert watch.external == [], watch.external
    assert [e for e in watch.errors if "favicon" not in e] == []


def test_book_links_open_the_site_served_alongside(new_page, train, artifacts):
    """{ref}/{term} roles and chapter links of a case notebook lead to the built site."""
    _, url = train
    page, watch = new_page(url)
    page.goto(f"{url}/voila/render/case_01_new_number.ipynb", timeout=60_000)
    page.wait_for_function(INTERACTIVE, timeout=120_000)
    text = _markdown_text(page)
    assert not re.search(r"\{(term|ref|doc)\}", text)
    links = page.locator("a.casebook-ref, a.casebook-term, a.casebook-doc")
    assert links.count() >= 3
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert all(h.startswith("/site/book/") for h in hrefs), hrefs
    links.first.click()
    page.wait_for_url("**/site/book/*.html*", timeout=30_000)
    assert page.locator("article.bd-article h1").count() >= 1
    page.screenshot(path=str(artifacts / "voila-book-link.png"))
    assert [e for e in watch.errors if "favicon" not in e and "404" not in e] == []
    assert not [e for e in watch.errors if "/site/" in e], watch.errors


def test_leaving_a_page_shuts_its_kernel_down(new_page, train):
    """Opened directly (no cookie from the landing page) or from the landing page, a
    simulator's kernel is shut down when the trainee leaves; the count returns."""
    proc, url = train
    # One pre-heated kernel per simulator, plus any a page of an earlier test left behind.
    baseline = len(wait_for_kernels(proc.pid, None, timeout=120, idle=True))
    assert baseline >= len(SIMULATORS)
    page, watch = new_page(url)
    page.goto(f"{url}/voila/render/message_checker.ipynb", timeout=60_000)  # a fresh session
    page.wait_for_function(INTERACTIVE, timeout=120_000)
    wait_for_kernels(proc.pid, baseline + 1, timeout=60)  # pool refilled, page's kernel kept
    page.goto(url)  # leave: the page's kernel must go
    wait_for_kernels(proc.pid, baseline, timeout=30)
    page.locator("#casebook-simulators a", has_text="情景快问快答").click()
    page.wait_for_function(INTERACTIVE, timeout=120_000)
    wait_for_kernels(proc.pid, baseline + 1, timeout=60)
    page.goto(f"{url}/site/book/index.html")  # on to the book
    wait_for_kernels(proc.pid, baseline, timeout=30)
    assert not [e for e in watch.errors if "403" in e], watch.errors


def test_idle_kernels_of_closed_pages_are_culled(new_page, tmp_path):
    """A tab that vanishes without unloading (crash, laptop shut) leaves its kernel; the
    server culls it once idle. Short timeouts here; `make train` uses 900 s."""
    with training_server(
        tmp_path / "voila.log",
        "--VoilaConfiguration.preheat_kernel=False",
        "--MappingKernelManager.cull_idle_timeout=4",
        "--MappingKernelManager.cull_interval=1",
    ) as (proc, url):
        assert kernel_processes(proc.pid) == []
        page, _ = new_page(url)
        page.goto(f"{url}/voila/render/message_checker.ipynb", timeout=60_000)
        page.wait_for_function(INTERACTIVE, timeout=120_000)
        assert len(kernel_processes(proc.pid)) == 1
        page.close()  # no beforeunload: the kernel is not asked to shut down
        time.sleep(1)
        assert len(kernel_processes(proc.pid)) == 1
        wait_for_kernels(proc.pid, 0, timeout=60)
