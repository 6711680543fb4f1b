"""Site search as a reader uses it, and its hit rate on real queries (tools/search_eval.py)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.browser.conftest import SITE
from tools import search_eval

pytestmark = pytest.mark.browser


def _results(page) -> list[str]:
    page.wait_for_function(
        "document.querySelector('p.search-summary')?.textContent.length > 0", timeout=30_000
    )
    return page.eval_on_selector_all(
        "ul.search li a", "els => els.map(e => e.getAttribute('href'))"
    )


def test_phrase_outside_the_dictionary_finds_its_case(new_page, site_url, artifacts):
    """上门催收 is not a jieba word; the case with it in its title comes up first."""
    page, watch = new_page(site_url)
    page.goto(f"{site_url}/search.html?q={quote('上门催收')}")
    hrefs = _results(page)
    page.screenshot(path=str(artifacts / "search-phrase.png"))
    assert any("case_08_door_notice" in h for h in hrefs[:3]), hrefs[:5]
    assert len(hrefs) >= 5
    assert "找到" in page.locator("p.search-summary").inner_text()
    assert watch.errors == [] and watch.external == []


def test_opened_from_disk_search_falls_back_to_sphinx(new_page):
    """file:// cannot fetch Pagefind's index; Sphinx's own search answers instead."""
    if not (SITE / "search.html").is_file():
        pytest.skip("no built site")
    page, _ = new_page("file://")
    page.goto((SITE / "search.html").as_uri() + "?q=" + quote("支付令"))
    hrefs = _results(page)
    assert any("judicial" in h for h in hrefs), hrefs[:5]


def test_real_queries_find_their_pages(new_page, site_url, capsys):
    """Every title, section heading and glossary term finds its page in the first three
    results; the collectors' phrases do so in at least nine cases out of ten."""
    queries = search_eval.all_queries(SITE)
    page, watch = new_page(site_url)
    results = search_eval.evaluate(
        lambda q: search_eval.run_site_ranking(page, site_url, q), queries
    )
    with capsys.disabled():
        print(f"\nsite search, {len(queries)} queries, hit = expected page in the first 3:")
        print(search_eval.summary(results))
        for line in search_eval.misses(results):
            print("    miss " + line)
    assert len(queries) >= 50 and len(results["collector"]) >= 30
    for kind in ("title", "heading", "term"):
        assert [m for m in search_eval.misses({kind: results[kind]})] == [], kind
    collector = results["collector"]
    assert sum(hit for _, _, hit in collector) / len(collector) >= 0.9
    assert watch.errors == []
