"""The built casebook site served next to the simulators, at ``<base_url>site/``.

The simulators' MyST markup links into the site (tools/voila_myst.py writes links to
``<base_url>site/…``). Two servers serve it:

* ``make train`` (tools/train_server.py, Voilà on its own) adds :func:`site_handler` to its
  routes;
* each trainee's single-user server in the training-room hub loads this module as a Jupyter
  server extension (``c.ServerApp.jpserver_extensions = {"voila_site": True}`` in
  deploy/jupyterhub/singleuser/jupyter_server_config.py), so the site is at
  ``/user/<name>/site/``, behind the hub's login like the simulators.

Without a built site (``make book``) the route answers with a Chinese page saying so.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: The trainee edition of the site (``make book``); CASEBOOK_SITE_DIR points elsewhere.
DEFAULT_SITE = ROOT / "_build" / "html"
NO_SITE_PAGE = (
    "<!DOCTYPE html><html lang='zh-CN'><meta charset='utf-8'><title>教材网站未构建</title>"
    "<p>教材网站还没有构建。请在项目目录运行 <code>make book</code>，"
    "然后重新启动模拟器服务。</p></html>"
)


def site_dir() -> Path:
    """The built site to serve (``CASEBOOK_SITE_DIR`` or ``_build/html``)."""
    return Path(os.environ.get("CASEBOOK_SITE_DIR") or DEFAULT_SITE)


def site_built(site: Path | None = None) -> bool:
    """Whether ``site`` holds a built site."""
    return ((site or site_dir()) / "index.html").is_file()


def site_handler(server_url: str, site: Path | None = None) -> tuple[Any, ...]:
    """The tornado route serving ``site`` at ``<server_url>site/``."""
    from jupyter_server.utils import url_path_join
    from tornado.web import RequestHandler, StaticFileHandler

    site = site or site_dir()
    route = url_path_join(server_url, r"/site/(.*)")
    if site_built(site):
        return (route, StaticFileHandler, {"path": str(site), "default_filename": "index.html"})

    class NoSite(RequestHandler):
        def get(self, path: str = "") -> None:
            self.set_status(404)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(NO_SITE_PAGE)

    return (route, NoSite)


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "voila_site"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    web_app = serverapp.web_app
    web_app.add_handlers(".*$", [site_handler(web_app.settings["base_url"])])
    serverapp.log.info("casebook site served at %ssite/ from %s", serverapp.base_url, site_dir())
