/* Casebook site search (search.html only).
 *
 * Served over HTTP (make serve, an intranet server), the search page uses Pagefind's index
 * (_build/html/pagefind/, built by `make book` with Pagefind's extended build, which
 * segments Chinese both in the pages and in the query): a phrase that is not a dictionary
 * word, such as 上门催收, still finds its pages, ranked by relevance. Results whose page
 * title, section heading or glossary term is exactly the query come first, taken from
 * Sphinx's own index (searchindex.js), which the page loads anyway.
 *
 * Opened from disk (file://) the browser cannot fetch Pagefind's index; Sphinx's own search
 * then runs unchanged, as it does with ?engine=sphinx (used to compare the two engines).
 * tools/search_eval.py and bench/site_search.py measure both on real queries.
 */
(function () {
  "use strict";

  if (typeof Search === "undefined" || !document.getElementById("search-results")) return;
  const params = new URLSearchParams(window.location.search);
  if (window.location.protocol === "file:" || params.get("engine") === "sphinx") return;

  const sphinxQuery = Search.query;
  const root = new URL(document.documentElement.dataset.content_root || "./", window.location.href);
  const MAX_RESULTS = 30;
  let pagefind = null;

  async function loadPagefind() {
    if (!pagefind) {
      pagefind = await import(new URL("pagefind/pagefind.js", root).href);
      await pagefind.options({
        baseUrl: root.pathname,
        // A page whose title contains the words ranks above pages that only mention them;
        // long chapters are penalised less for their length than Pagefind's default (0.75),
        // so the chapter that treats a topic is not outranked by a short page mentioning it.
        ranking: { metaWeights: { title: 10 }, pageLength: 0.3 },
      });
      await pagefind.init();
    }
    return pagefind;
  }

  const clean = (text) => String(text || "").replace(/\s+/g, " ").trim().toLowerCase();

  /* Pages whose title, a section heading or a glossary term is exactly the query. */
  function exactMatches(query) {
    const index = Search._index;
    if (!index) return [];
    const wanted = clean(query);
    const found = [];
    const add = (docIndex, anchor, label, rank) => {
      const page = index.docnames[docIndex] + (DOCUMENTATION_OPTIONS.FILE_SUFFIX || ".html");
      found.push({ page, anchor: anchor ? "#" + anchor : "", label, rank });
    };
    for (const [entry, places] of Object.entries(index.indexentries || {})) {
      if (clean(entry) !== wanted) continue;
      for (const [docIndex, anchor] of places) {
        add(docIndex, anchor, `${index.titles[docIndex]} › ${entry}`, 1);
      }
    }
    for (const [title, places] of Object.entries(index.alltitles || {})) {
      if (clean(title) !== wanted) continue;
      for (const [docIndex, anchor] of places) {
        const isPageTitle = index.titles[docIndex] === title;
        const label = isPageTitle ? title : `${index.titles[docIndex]} › ${title}`;
        add(docIndex, isPageTitle ? null : anchor, label, isPageTitle ? 0 : 2);
      }
    }
    return found;
  }

  function resultItem(href, title, excerptHtml) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = href;
    link.textContent = title;
    item.appendChild(link);
    if (excerptHtml) {
      const context = document.createElement("p");
      context.className = "context";
      context.innerHTML = excerptHtml; // Pagefind's excerpt: page text with <mark> only
      item.appendChild(context);
    }
    return item;
  }

  /* Result pages for a query, best first: {href, title, excerpt}. */
  async function rankedResults(query) {
    const engine = await loadPagefind();
    const search = await engine.search(query);
    const data = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    const pageOf = (href) =>
      decodeURI(new URL(href, root).pathname)
        .slice(decodeURI(root.pathname).length)
        .replace(/(^|\/)$/, "$1index.html");
    const ranked = data.map((d) => ({
      page: pageOf(d.url),
      href: new URL(d.url, window.location.href).href,
      title: (d.meta && d.meta.title) || d.url,
      excerpt: d.excerpt,
    }));
    const position = new Map(ranked.map((r, i) => [r.page, i]));
    const rankOf = (page) => position.get(page) ?? MAX_RESULTS;
    const exact = exactMatches(query).sort((a, b) => a.rank - b.rank || rankOf(a.page) - rankOf(b.page));

    const results = [];
    const shown = new Set();
    for (const hit of exact) {
      if (shown.has(hit.page)) continue;
      shown.add(hit.page);
      const match = ranked[position.get(hit.page)];
      results.push({
        page: hit.page,
        href: new URL(hit.page + hit.anchor, root).href,
        title: hit.label,
        excerpt: match && match.excerpt,
      });
    }
    for (const result of ranked) {
      if (shown.has(result.page)) continue;
      shown.add(result.page);
      results.push(result);
    }
    return results;
  }

  // For tools/search_eval.py: the same ranking without re-loading the page per query.
  window.casebookSearch = async (query) => (await rankedResults(query)).map((r) => r.href);

  Search.query = function (query) {
    rankedResults(query)
      .then((results) => {
        for (const r of results) Search.output.appendChild(resultItem(r.href, r.title, r.excerpt));
        const count = results.length;
        Search.stopPulse();
        Search.title.innerText = "搜索结果";
        Search.status.innerText = count
          ? `找到 ${count} 个相关页面。`
          : "没有找到匹配的页面。请换一个说法，或只输入其中的关键词。";
      })
      .catch((error) => {
        // No Pagefind index (e.g. a build without it): Sphinx's own search still works.
        console.warn("Pagefind unavailable, using Sphinx's search:", error);
        sphinxQuery(query);
      });
  };
})();
