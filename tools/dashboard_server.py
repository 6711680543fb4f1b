"""`make dashboard`: the trainer dashboard (trainer/dashboard.ipynb) in Voilà.

Usage: python tools/dashboard_server.py [--workspace=DIR] [--port=8867] [--Voila.ip=127.0.0.1] [...]

The dashboard assigns, collects and grades with the same engine functions as the CLI
(casebook/ui/dashboard.py). This server is `make train`'s Voilà (tools/train_server.py: the
``casebook`` template, sources hidden, no tracebacks, the trainee site at ``/site/``) serving
the one dashboard notebook at ``/``, plus:

* ``/results/…``: the grading outputs inside the workspace — ``report.html``,
  ``feedback/<trainee>.html``, ``gradebook.csv``, ``results.json`` and nothing else (never
  ``secret.key``, variants or handouts), uncached, so a re-graded report is the new one;
* ``/trainer-site/…``: the trainer edition of the book (``make book EDITION=trainer``), where
  the course plan, debriefs and trainer guide are.

The workspace (default ``~/casebook-training``) is passed to the kernel as
``$CASEBOOK_WORKSPACE``, the results' address as ``$CASEBOOK_RESULTS_URL``. The server listens
on 127.0.0.1 unless told otherwise: it has no login, so do not expose it to a network.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "trainer" / "dashboard.ipynb"
TRAINER_SITE = ROOT / "_build" / "trainer" / "html"
DEFAULT_WORKSPACE = Path.home() / "casebook-training"
#: The files under the workspace that /results/ serves: grading outputs only.
SERVED = re.compile(
    r"^(?:[^/]+/)*(?:report\.html|gradebook\.csv|results\.json|feedback/[^/]+\.html)$"
)

sys.path.insert(0, str(Path(__file__).parent))
import train_server  # noqa: E402  (tools/ is not a package)


def dashboard_config():
    """The Voilà configuration: the training server's, without the simulators' kernel pools."""
    from traitlets.config import Config

    c = Config()
    c.VoilaConfiguration.template = "casebook"
    c.VoilaConfiguration.strip_sources = True
    c.VoilaConfiguration.theme = "light"
    c.VoilaConfiguration.show_tracebacks = False
    c.MappingKernelManager.cull_idle_timeout = train_server.CULL_IDLE_TIMEOUT
    c.MappingKernelManager.cull_interval = train_server.CULL_INTERVAL
    c.MappingKernelManager.cull_connected = False
    return c


def server_class(workspace: Path):
    """Voilà with the grading outputs at /results/ and the trainer edition at /trainer-site/."""
    from jupyter_server.utils import url_path_join
    from tornado.web import HTTPError, StaticFileHandler

    class ResultsHandler(StaticFileHandler):
        def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
            checked = super().validate_absolute_path(root, absolute_path)
            rel = Path(absolute_path).resolve().relative_to(Path(root).resolve()).as_posix()
            if not SERVED.fullmatch(rel):
                raise HTTPError(404)
            return checked

        def set_extra_headers(self, path: str) -> None:
            self.set_header("Cache-Control", "no-store")
            if path.endswith(".csv"):
                self.set_header("Content-Type", "text/csv; charset=utf-8")

    base = train_server.server_class()

    class DashboardServer(base):
        def init_handlers(self):
            handlers = super().init_handlers()
            extra = [
                (
                    url_path_join(self.server_url, r"/results/(.*)"),
                    ResultsHandler,
                    {"path": str(workspace)},
                )
            ]
            if (TRAINER_SITE / "index.html").is_file():
                extra.append(
                    (
                        url_path_join(self.server_url, r"/trainer-site/(.*)"),
                        StaticFileHandler,
                        {"path": str(TRAINER_SITE), "default_filename": "index.html"},
                    )
                )
            return [*extra, *handlers]

    return DashboardServer


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    workspace = DEFAULT_WORKSPACE
    for arg in list(args):
        if arg.startswith("--workspace="):
            workspace = Path(arg.split("=", 1)[1]).expanduser()
            args.remove(arg)
    workspace = workspace.resolve()
    workspace.mkdir(parents=True, exist_ok=True)
    base_url = next((a.split("=", 1)[1] for a in args if a.startswith("--Voila.base_url=")), "/")
    os.environ["CASEBOOK_WORKSPACE"] = str(workspace)
    os.environ["CASEBOOK_RESULTS_URL"] = base_url.rstrip("/") + "/results/"
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(train_server.SHARE), *filter(None, [os.environ.get("JUPYTER_PATH")])]
    )
    server = server_class(workspace)
    print(f"培训师控制台：工作文件夹 {workspace}")
    server.launch_instance(argv=[str(NOTEBOOK), "--no-browser", *args], config=dashboard_config())


if __name__ == "__main__":
    main()
