"""The published site, checked in a real browser the way a reader uses it."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.browser.conftest import SITE

pytestmark = pytest.mark.browser


def _pages() -> list[str]:
    return sorted(
        str(p.relative_to(SITE))
        for p in SITE.rglob("*.html")
        if "_static" not in p.parts and "_sources" not in p.parts
    )


def test_every_page_loads_without_errors_or_outside_requests(new_page, site_url, artifacts):
    page, watch = new_page(site_url)
    problems = {}
    for path in _pages():
        watch.errors.clear()
        watch.external.clear()
        page.goto(f"{site_url}/{path}", wait_until="load")
        page.wait_for_load_state("networkidle")
        if watch.errors or watch.external:
            problems[path] = {"errors": list(watch.errors), "external": list(watch.external)}
    assert problems == {}


def test_simulator_renders_widgets_from_embedded_state(new_page, site_url, artifacts):
    page, watch = new_page(site_url)
    page.goto(f"{site_url}/notebooks/contact_planner.html")
    button = page.locator(".widget-button", has_text="评估")
    button.wait_for(timeout=20_000)
    assert page.locator(".widget-dropdown select").count() >= 5
    assert page.locator(".widget-html", has_text="案件").count() >= 1
    button.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "simulator.png"))
    assert watch.errors == [] and watch.external == []


def test_search_finds_domain_compounds(new_page, site_url, artifacts):
    page, _ = new_page(site_url)
    expectations = {
        "有效催收": "book/judicial.html",
        "个性化分期": "book/failure_causes.html",
        "恶意透支": "book/judicial.html",
        "支付令": "book/judicial.html",
        "诉讼时效": "book/judicial.html",
    }
    for term, expected in expectations.items():
        page.goto(f"{site_url}/search.html?q={quote(term)}")
        results = page.locator("ul.search li a")
        results.first.wait_for(timeout=20_000)
        page.wait_for_function(
            "document.querySelector('p.search-summary')?.textContent.length > 0", timeout=20_000
        )
        hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
        assert any(expected in (h or "") for h in hrefs), (term, hrefs)
    page.screenshot(path=str(artifacts / "search.png"))


@pytest.mark.parametrize(
    "path", ["book/index.html", "book/compliance.html", "notebooks/contact_planner.html"]
)
def test_key_pages_on_a_phone(new_page, site_url, artifacts, path):
    page, watch = new_page(site_url, viewport={"width": 390, "height": 844})
    page.goto(f"{site_url}/{path}", wait_until="load")
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.screenshot(path=str(artifacts / f"phone-{path.replace('/', '-')}.png"), full_page=True)
    assert overflow <= 2, f"{path} is {overflow}px wider than a phone screen"
    assert watch.errors == []


def test_figures_render_with_chinese_font(new_page, site_url):
    page, _ = new_page(site_url)
    page.goto(f"{site_url}/notebooks/contact_planner.html")
    image = page.locator("img[src$='.png']").first
    image.wait_for(timeout=20_000)
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", image.element_handle())


def test_phone_menu_opens_and_follows_a_link(new_page, site_url, artifacts):
    """At 390×844 the visible menu button opens the contents, and a link in it works."""
    page, watch = new_page(site_url, viewport={"width": 390, "height": 844})
    page.goto(f"{site_url}/book/compliance.html", wait_until="load")
    toggle = page.locator(".primary-toggle:visible")
    assert toggle.count() == 1
    # Bootstrap moves the tooltip from title to data-bs-original-title.
    tooltip = toggle.evaluate("b => b.title || b.getAttribute('data-bs-original-title')")
    assert tooltip == "显示或隐藏目录"
    toggle.click()
    menu = page.locator("#pst-primary-sidebar-modal")
    link = menu.locator("a", has_text="司法催收").first
    link.wait_for(state="visible", timeout=5_000)
    page.screenshot(path=str(artifacts / "phone-menu.png"))
    link.click()
    page.wait_for_url("**/book/judicial.html", timeout=10_000)
    assert page.locator("article.bd-article h1", has_text="司法催收").is_visible()
    assert watch.errors == [] and watch.external == []


def test_desktop_toggle_collapses_and_restores_the_sidebar(new_page, site_url):
    page, watch = new_page(site_url)
    page.goto(f"{site_url}/book/compliance.html", wait_until="load")
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    page.locator(".primary-toggle:visible").click()
    sidebar.wait_for(state="hidden", timeout=5_000)
    page.locator(".primary-toggle:visible").click()
    sidebar.wait_for(state="visible", timeout=5_000)
    assert watch.errors == []


def test_rule_table_reads_as_cards_on_a_phone(new_page, site_url, artifacts):
    """No index column, each cell full width with its column name, full citations."""
    page, _ = new_page(site_url, viewport={"width": 390, "height": 844})
    page.goto(f"{site_url}/book/compliance.html", wait_until="load")
    table = page.locator("table.casebook-table").nth(1)
    table.scroll_into_view_if_needed()
    cell = table.locator("td[data-label='依据']").first
    width = cell.evaluate("td => td.getBoundingClientRect().width")
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    table.screenshot(path=str(artifacts / "phone-rule-table.png"))
    assert width >= 250, f"citation cell is only {width}px wide"
    assert label == '"依据"'
    assert table.locator("thead th", has_text="规则编号").count() == 1
    row_headers = table.locator("tbody th").all_inner_texts()
    assert not any(h.strip().isdigit() for h in row_headers), "row-number index shown"
