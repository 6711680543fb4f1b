"""Sphinx extension: keep the published site free of requests to outside hosts.

* sphinx-thebe (always enabled by jupyter-book 1.x) injects a script naming a CDN URL for
  live-code buttons, which this book does not use: those scripts are dropped.
* The vendored widget manager derives where its icon fonts live from the RequireJS URL of
  its bundled modules (``@jupyter-widgets/base`` …), which by default resolve next to the
  page. A RequireJS configuration, set before require.js loads, maps those module ids to
  the vendored folder, so the fonts load from ``_static/vendor/html-manager/``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def _is_thebe(script: Any) -> bool:
    filename = getattr(script, "filename", None) or ""
    body = (getattr(script, "attributes", None) or {}).get("body", "") or ""
    return "thebe" in filename or "THEBE_JS_URL" in body


def _drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [s for s in scripts if not _is_thebe(s)]


WIDGET_ASSETS = "_static/vendor/html-manager/"
_WIDGET_MODULES = ("base", "base7", "controls", "controls7", "html-manager")
_REQUIRE_CONFIG_JS = (
    "(function () {"
    f"var v = new URL((document.documentElement.dataset.content_root || '') + '{WIDGET_ASSETS}',"
    " document.baseURI).href; var paths = {};"
    f" {list(_WIDGET_MODULES)!r}.forEach(function (m) {{ paths['@jupyter-widgets/' + m] = v + m; }});"
    " paths['@jupyter-widgets/html-manager/dist'] = v.replace(/\\/$/, '');"
    " window.require = {paths: paths}; window.__jupyter_widgets_assets_path__ = v;"
    "})();"
)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.add_js_file(None, body=_REQUIRE_CONFIG_JS, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
