"""Checks on the built site (`make book` first; `make test` runs these after the build)."""

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from casebook.policy.loader import load_packs
from tests.conftest import ROOT

pytestmark = pytest.mark.site

SITE = ROOT / "_build" / "html"
LOCAL_HOSTS = ("127.0.0.1", "localhost")


@pytest.fixture(scope="module", autouse=True)
def built_site():
    if not (SITE / "index.html").is_file():
        message = "no built site in _build/html: run `make book` first"
        if os.environ.get("CASEBOOK_REQUIRE_SITE"):
            pytest.fail(message)
        pytest.skip(message)


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"src", "href", "data-src"} and value:
                self.refs.append((tag, name, value))


def _pages():
    return sorted(p for p in SITE.rglob("*.html") if "_static" not in p.parts)


def _is_external(url: str) -> bool:
    match = re.match(r"^(?:https?:)?//([^/:]+)", url)
    return bool(match) and match.group(1) not in LOCAL_HOSTS


def test_expected_pages_exist():
    for page in (
        "index.html",
        "book/index.html",
        "book/compliance.html",
        "notebooks/contact_planner.html",
        "book/channels.html",
        "book/failure_causes.html",
        "book/efficiency.html",
        "book/judicial.html",
        "book/cases.html",
        "book/glossary.html",
        "book/references.html",
        "book/coverage.html",
        "notebooks/case_09_evasion_to_court.html",
        "exercises/ex40_third_party_judgement.html",
        "notebooks/drills.html",
        "notebooks/efficiency.html",
        "exercises/ex30_strategy_design.html",
        "notebooks/campaign.html",
        "notebooks/call_simulator.html",
        "exercises/ex53_call_cooperative.html",
        "notebooks/message_checker.html",
        "notebooks/judicial_toolkit.html",
        "notebooks/model_documents.html",
        "book/qa.html",
        "exercises/ex50_qa_red_lines.html",
    ):
        assert (SITE / page).is_file(), page


def test_no_page_loads_anything_from_outside():
    offenders = []
    for page in _pages():
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, attr, url in parser.refs:
            if tag in {"script", "link", "img", "iframe", "source"} and _is_external(url):
                offenders.append(f"{page.relative_to(SITE)}: <{tag} {attr}={url}>")
    assert offenders == []


def test_stylesheets_fetch_nothing_from_outside():
    offenders = []
    for css in SITE.rglob("*.css"):
        for url in re.findall(
            r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8", errors="replace")
        ):
            if _is_external(url):
                offenders.append(f"{css.relative_to(SITE)}: {url}")
    assert offenders == []


def test_widget_manager_is_served_locally_with_embedded_state():
    html = (SITE / "notebooks" / "contact_planner.html").read_text(encoding="utf-8")
    for asset in ("_static/vendor/require.js", "_static/vendor/html-manager/embed-amd.js"):
        assert re.search(rf'src="\.\./{re.escape(asset)}(\?v=\w+)?"', html), asset
        assert (SITE / asset).is_file()
    match = re.search(
        r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', html, re.S
    )
    assert match, "widget state is not embedded"
    state = json.loads(match.group(1))["state"]
    assert any(
        m["model_name"] == "ButtonModel" and m["state"].get("description") == "评估"
        for m in state.values()
    )
    assert "application/vnd.jupyter.widget-view+json" in html


def test_mathjax_if_used_is_local():
    for page in _pages():
        for src in re.findall(
            r'<script[^>]+src="([^"]*mathjax[^"]*)"', page.read_text(encoding="utf-8"), re.I
        ):
            assert not _is_external(src) and "vendor/mathjax" in src, (page, src)
    assert (SITE / "_static/vendor/mathjax/tex-mml-chtml.js").is_file()


def test_chinese_search_index_has_domain_terms():
    text = (SITE / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    terms = index["terms"]
    for term in (
        "催收",
        "有效催收",
        "恶意透支",
        "个性化分期",
        "支付令",
        "诉讼时效",
        "第三人",
        "录音",
    ):
        assert term in terms, term


def test_compliance_chapter_shows_every_rule_of_the_law_pack():
    html = (SITE / "book" / "compliance.html").read_text(encoding="utf-8")
    (pack,) = load_packs(["cn"])
    missing = [rule.id for rule in pack.rules if rule.id not in html or rule.title not in html]
    assert missing == []


def test_simulator_page_has_its_figure():
    html = (SITE / "notebooks" / "contact_planner.html").read_text(encoding="utf-8")
    images = re.findall(r'<img[^>]+src="([^"]+\.png)"', html)
    assert images
    for src in images:
        assert (SITE / "notebooks" / src).resolve().is_file(), src


def test_printable_casebook_has_every_page():
    single = ROOT / "_build" / "print" / "trainee" / "book" / "index.html"
    if not single.is_file():
        pytest.skip("printable casebook not built (make print)")
    html = single.read_text(encoding="utf-8")
    for page in _pages():
        if page.name in {"genindex.html", "search.html"} or page == SITE / "index.html":
            continue
        title = re.search(
            r"<title>(.*?)(?: &#8212;| —|</title>)", page.read_text(encoding="utf-8"), re.S
        )
        assert title and title.group(1).strip() in html, page
    pdf = single.parent.parent / "casebook-trainee.pdf"
    if Path("/usr/bin/chromium").exists():
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")


class _Interface(HTMLParser):
    """Text and labels of the site's interface: everything but the article body."""

    LABELS = ("title", "aria-label", "data-bs-title", "placeholder")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.in_code = 0
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article" and "bd-article" in (attrs.get("class") or ""):
            self.in_article += 1
        if tag in {"script", "style"}:
            self.in_code += 1
        if not self.in_article:
            self.words += [attrs[a] for a in self.LABELS if attrs.get(a)]

    def handle_endtag(self, tag):
        if tag == "article" and self.in_article:
            self.in_article -= 1
        if tag in {"script", "style"} and self.in_code:
            self.in_code -= 1

    def handle_data(self, data):
        if not self.in_article and not self.in_code:
            self.words.append(data)


# Not English prose: file types, a key cap, product names (the deployment appendix's headings,
# listed in the page's own table of contents, name JupyterHub and "Zero to JupyterHub on Kubernetes").
_INTERFACE_ALLOWED = {
    "ipynb",
    "pdf",
    "PDF",
    "Ctrl",
    "JavaScript",
    "JupyterHub",
    "Kubernetes",
    "Zero",
}


def test_interface_words_are_chinese():
    """No English left in the theme's buttons, tooltips, labels and footer."""
    english = {}
    for page in _pages():
        html = page.read_text(encoding="utf-8")
        parser = _Interface()
        parser.feed(html)
        for text in parser.words:
            words = set(re.findall(r"[A-Za-z]{3,}", text)) - _INTERFACE_ALLOWED
            if words:
                english.setdefault(" ".join(sorted(words)), str(page.relative_to(SITE)))
        # Hints of collapsible blocks (sphinx-togglebutton) are set in an inline script.
        for hint in re.findall(r"let toggleHint\w+ = '([^']*)'", html):
            if re.search(r"[A-Za-z]{3,}", hint):
                english.setdefault(hint, str(page.relative_to(SITE)))
    assert english == {}


def _dataframe_tables(html: str) -> list[str]:
    return re.findall(r'<table[^>]*class="dataframe[^"]*"[^>]*>.*?</table>', html, re.S)


def test_tables_are_designed_with_full_cells_and_no_row_numbers():
    """DataFrames render without a 0, 1, 2 … index column and with no cell cut to '...'."""
    problems = []
    tables = 0
    for page in _pages():
        for table in _dataframe_tables(page.read_text(encoding="utf-8")):
            tables += 1
            name = str(page.relative_to(SITE))
            if "casebook-table" not in table:
                problems.append(f"{name}: pandas' own table")
            if re.search(r"<th[^>]*>\s*0\s*</th>\s*<td", table):
                problems.append(f"{name}: row-number index column")
            if re.search(r"\.\.\.</td>", table):
                problems.append(f"{name}: truncated cell")
            if "casebook-table-wide" not in table and re.search(r"<td(?![^>]*data-label)", table):
                problems.append(f"{name}: cell without its column name for phones")
    assert tables >= 10 and problems == []


def test_rule_tables_cite_each_source_in_full():
    html = (SITE / "book" / "compliance.html").read_text(encoding="utf-8")
    (pack,) = load_packs(["cn"])
    cut = [rule.id for rule in pack.rules if rule.citation.short() not in html]
    assert cut == []


def test_search_index_segments_chinese():
    """Pagefind's index is built (extended build: Chinese) next to Sphinx's own."""
    entry = json.loads((SITE / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["zh-cn"]
    assert entry["languages"]["zh-cn"]["page_count"] >= 40
    assert (SITE / "_static" / "casebook-search.js").is_file()


class _Text(HTMLParser):
    """Text a reader sees (not code, scripts or styles), and the alt text of images."""

    HIDDEN = frozenset({"script", "style", "code", "pre", "kbd", "samp", "textarea"})

    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.text: list[str] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.text.append(data)


def _read_text(page: Path) -> _Text:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


#: Markdown's strong/emphasis markers left unparsed: a run of exactly two or three asterisks
#: (masked numbers such as 6225 **** **** 3817 or 139****0001 are runs of four or more).
_RAW_MARKUP = re.compile(r"(?<!\*)\*{2,3}(?!\*)")


def test_no_page_shows_raw_markdown_bold():
    raw = {}
    for page in _pages():
        for text in _read_text(page).text:
            match = _RAW_MARKUP.search(text)
            if match:
                start = max(0, match.start() - 15)
                raw.setdefault(str(page.relative_to(SITE)), text[start : match.end() + 15])
    assert raw == {}


def test_images_have_meaningful_alt_text():
    """No image is described by its file path (myst-nb's default for notebook figures)."""
    figures = 0
    bad = []
    for page in _pages():
        for image in _read_text(page).images:
            src, alt = image.get("src") or "", image.get("alt")
            if "_images/" in src:
                figures += 1
            if alt is None or re.search(r"\.(png|jpe?g|svg|gif)\b|/", alt):
                bad.append(f"{page.relative_to(SITE)}: {src} alt={alt!r}")
    assert figures >= 10 and bad == []
