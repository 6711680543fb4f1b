"""Sphinx extension: the theme's interface in Chinese, a working sidebar toggle, and search.

* Words of the theme that pydata-sphinx-theme and sphinx-book-theme leave in English are
  translated by the project's message catalog ``book/_data/locale`` (``locale_dirs`` in
  ``_config.yml``; Sphinx compiles it at build time and prefers it to the themes' own).
  Strings the themes write without ``_()`` are passed through the same catalog by the
  small template wrappers in ``book/_ext/templates``.
* sphinx-book-theme's Chinese catalog words "Print to PDF" in Traditional-Chinese usage
  (列印成 PDF); the header buttons are corrected after the theme has built them.
* ``_static/casebook.js`` makes the visible sidebar toggle work (see the file).
* The search page uses ``casebook-search.js``: Pagefind's Chinese full-text index when the
  site is served over HTTP, Sphinx's own index when the files are opened from disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

TEMPLATES = Path(__file__).parent / "templates"
# sphinx-book-theme's zh_CN catalog (booktheme domain, which a project catalog cannot
# override) uses Traditional-Chinese wording here.
HEADER_BUTTON_WORDS = {"列印成 PDF": "打印为 PDF"}


def _add_templates(app: Sphinx, config: Any) -> None:
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.insert(0, str(TEMPLATES))


def _fix_buttons(buttons: list[dict]) -> None:
    for button in buttons:
        for key in ("tooltip", "text", "label"):
            if button.get(key) in HEADER_BUTTON_WORDS:
                button[key] = HEADER_BUTTON_WORDS[button[key]]
        _fix_buttons(button.get("buttons") or [])


def _header_buttons(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    _fix_buttons(context.get("header_buttons") or [])


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _add_templates)
    app.connect("html-page-context", _header_buttons, priority=900)
    app.add_js_file("casebook.js", loading_method="defer")
    # Does nothing outside search.html. Deferred: runs after searchtools.js and
    # searchindex.js have loaded, and before Sphinx's Search.init runs the query.
    app.add_js_file("casebook-search.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
