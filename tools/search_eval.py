"""Search quality of the published site: real queries, run in a real browser.

The queries come from two places:

* the built site itself: every page title, every section heading of the article and every
  glossary term, each expected to find the page(s) where it appears;
* ``book/_data/search_queries.yml``: phrases collectors actually type, each with the page(s)
  a reader expects.

A query is a hit when one of its expected pages is among the first three results. Two
engines can be measured on the same list: the search page the site ships (``search.html``,
whatever engine it uses) and, for comparison, Sphinx's stock search and Pagefind's API.
``bench/site_search.py`` prints the hit rates; ``tests/browser/test_search.py`` checks them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
HANDWRITTEN = ROOT / "book" / "_data" / "search_queries.yml"
TOP = 3
# Pages that are navigation aids, not content a reader searches for.
SKIP_PAGES = {"genindex.html", "search.html", "index.html"}


@dataclass(frozen=True)
class Query:
    """One query and the pages that count as a hit."""

    kind: str  # title | heading | term | collector
    text: str
    pages: frozenset[str] = field(default_factory=frozenset)


def normalise(text: str) -> str:
    """Collapse whitespace and drop the heading permalink sign."""
    return re.sub(r"\s+", " ", text.replace("#", " ")).strip()


class _ArticleParser(HTMLParser):
    """Collects section headings (h1–h4) and glossary terms of ``<article class="bd-article">``.

    Headings inside a cell's output (a rendered document, a grading report) are content the
    page shows, not sections of the page, and are left out.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # nesting depth inside the article, 0 = outside
        self.divs = 0  # open <div> elements inside the article
        self.output_at: int | None = None  # div depth of an enclosing cell output
        self.capture: str | None = None  # "h1".."h4" or "term"
        self.skip = 0  # inside a headerlink anchor
        self.buffer: list[str] = []
        self.headings: list[tuple[str, str]] = []  # (tag, text)
        self.terms: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth == 0:
            if tag == "article" and "bd-article" in (attrs.get("class") or ""):
                self.depth = 1
            return
        if tag == "article":
            self.depth += 1
        if tag == "div":
            self.divs += 1
            if self.output_at is None and "cell_output" in (attrs.get("class") or ""):
                self.output_at = self.divs
        if tag == "a" and "headerlink" in (attrs.get("class") or ""):
            self.skip += 1
        if self.capture is None and self.output_at is None:
            if tag in {"h1", "h2", "h3", "h4"}:
                self.capture, self.buffer = tag, []
            elif tag == "dt" and (attrs.get("id") or "").startswith("term-"):
                self.capture, self.buffer = "term", []

    def handle_endtag(self, tag):
        if self.depth == 0:
            return
        if tag == "article":
            self.depth -= 1
            return
        if tag == "div":
            if self.output_at == self.divs:
                self.output_at = None
            self.divs -= 1
            return
        if tag == "a" and self.skip:
            self.skip -= 1
            return
        if self.capture and tag == (self.capture if self.capture != "term" else "dt"):
            text = normalise("".join(self.buffer))
            if text:
                if self.capture == "term":
                    self.terms.append(text)
                else:
                    self.headings.append((self.capture, text))
            self.capture = None

    def handle_data(self, data):
        if self.capture and not self.skip:
            self.buffer.append(data)


def content_pages(site: Path) -> list[str]:
    """Every content page of a built site, as a path relative to the site root."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.split("/")[0] in {"_static", "_sources", "_images", "pagefind"}:
            continue
        if rel in SKIP_PAGES:
            continue
        pages.append(rel)
    return pages


def site_queries(site: Path) -> list[Query]:
    """Titles, section headings and glossary terms of a built site, each with its pages."""
    titles: dict[str, set[str]] = defaultdict(set)
    headings: dict[str, set[str]] = defaultdict(set)
    terms: dict[str, set[str]] = defaultdict(set)
    for rel in content_pages(site):
        parser = _ArticleParser()
        parser.feed((site / rel).read_text(encoding="utf-8"))
        for tag, text in parser.headings:
            (titles if tag == "h1" else headings)[text].add(rel)
        for term in parser.terms:
            terms[term].add(rel)
    queries = [Query("title", t, frozenset(p)) for t, p in titles.items()]
    queries += [Query("heading", h, frozenset(p)) for h, p in headings.items() if h not in titles]
    queries += [Query("term", t, frozenset(p)) for t, p in terms.items()]
    return sorted(queries, key=lambda q: (q.kind, q.text))


def handwritten_queries(path: Path = HANDWRITTEN) -> list[Query]:
    """The collectors' queries from the data file, validated against nothing but its shape."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    queries = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("query") or not entry.get("pages"):
            raise ValueError(f"{path}: entry {number} needs 'query' and 'pages'")
        queries.append(Query("collector", str(entry["query"]), frozenset(entry["pages"])))
    return queries


def all_queries(site: Path) -> list[Query]:
    """Generated and hand-written queries; hand-written pages must exist in the site."""
    pages = set(content_pages(site))
    handwritten = handwritten_queries()
    missing = sorted({p for q in handwritten for p in q.pages} - pages)
    if missing:
        raise ValueError(f"{HANDWRITTEN}: pages not in the built site: {missing}")
    return site_queries(site) + handwritten


def page_of(href: str, base: str) -> str:
    """The site-relative page of a result link (anchor and query dropped)."""
    path = href.split("#", 1)[0].split("?", 1)[0]
    if path.startswith(base):
        path = path[len(base) :]
    path = path.lstrip("/").removeprefix("./")
    return path + "index.html" if path.endswith("/") or not path else path


# --- engines, driven through a Playwright page ------------------------------------------

_SPHINX_DONE = (
    "() => { const s = document.querySelector('#search-results p.search-summary, "
    "p.search-summary'); return s && s.textContent.trim().length > 0; }"
)


def run_site_search(page, base_url: str, text: str, engine: str | None = None) -> list[str]:
    """Result pages, in order, from the site's search page (search.html?q=…).

    ``engine="sphinx"`` asks the page for Sphinx's own search instead of Pagefind.
    """
    from urllib.parse import quote

    extra = f"&engine={engine}" if engine else ""
    page.goto(f"{base_url}/search.html?q={quote(text)}{extra}")
    page.wait_for_function(_SPHINX_DONE, timeout=30_000)
    hrefs = page.eval_on_selector_all(
        "#search-results ul.search li a, ul.search li a", "els => els.map(e => e.href)"
    )
    return _pages_in_order(hrefs, base_url)


def run_site_ranking(page, base_url: str, text: str) -> list[str]:
    """Result pages of the site's search without re-loading search.html for every query.

    ``window.casebookSearch`` (``casebook-search.js``) is the ranking the search page shows.
    """
    if not page.url.startswith(f"{base_url}/search.html"):
        page.goto(f"{base_url}/search.html")
        page.wait_for_function("typeof window.casebookSearch === 'function'", timeout=30_000)
    return _pages_in_order(page.evaluate("q => window.casebookSearch(q)", text), base_url)


_PAGEFIND_JS = """async ([bundle, q, top, options]) => {
  if (!window.__pf) {
    window.__pf = await import(bundle);
    if (options) await window.__pf.options(options);
    await window.__pf.init();
  }
  const found = await window.__pf.search(q);
  const data = await Promise.all(found.results.slice(0, top).map(r => r.data()));
  return data.map(d => d.url);
}"""


def run_pagefind(
    page, base_url: str, text: str, bundle: str = "pagefind", options: dict | None = None
) -> list[str]:
    """Result pages, in order, from a Pagefind index at ``base_url/bundle``."""
    if not page.url.startswith(base_url):
        page.goto(f"{base_url}/genindex.html")
    urls = page.evaluate(_PAGEFIND_JS, [f"{base_url}/{bundle}/pagefind.js", text, 10, options])
    return _pages_in_order([base_url + "/" + u.lstrip("/") for u in urls], base_url)


def _pages_in_order(hrefs: list[str], base_url: str) -> list[str]:
    pages: list[str] = []
    for href in hrefs:
        rel = page_of(href, base_url)
        if rel and rel not in pages:
            pages.append(rel)
    return pages


def evaluate(run, queries: list[Query]) -> dict[str, list[tuple[Query, list[str], bool]]]:
    """Run every query; results grouped by kind as (query, first pages, hit)."""
    by_kind: dict[str, list[tuple[Query, list[str], bool]]] = defaultdict(list)
    for query in queries:
        found = run(query.text)[:TOP]
        by_kind[query.kind].append((query, found, bool(query.pages & set(found))))
    return dict(by_kind)


def summary(results: dict[str, list[tuple[Query, list[str], bool]]]) -> str:
    """One line per kind plus the total: hits / queries and the rate."""
    lines = []
    total = hits = 0
    for kind in ("title", "heading", "term", "collector"):
        rows = results.get(kind, [])
        k_hits = sum(hit for _, _, hit in rows)
        total, hits = total + len(rows), hits + k_hits
        if rows:
            lines.append(f"  {kind:<10} {k_hits:>4}/{len(rows):<4} {k_hits / len(rows):6.1%}")
    lines.append(f"  {'all':<10} {hits:>4}/{total:<4} {hits / max(total, 1):6.1%}")
    return "\n".join(lines)


def misses(results: dict[str, list[tuple[Query, list[str], bool]]]) -> list[str]:
    """Human-readable list of the queries that missed."""
    return [
        f"[{q.kind}] {q.text!r}: expected {sorted(q.pages)[:3]}, got {found}"
        for rows in results.values()
        for q, found, hit in rows
        if not hit
    ]
