"""`make train`: the trainee simulators in Voilà, with the built casebook site alongside.

Usage: python tools/train_server.py [NOTEBOOK_DIR] [--port=8866] [--Voila.ip=127.0.0.1] [...]

NOTEBOOK_DIR defaults to notebooks/; any further option is Voilà's (the command line wins
over the settings below). What this adds to a plain ``voila NOTEBOOK_DIR``:

* the ``casebook`` template (share/jupyter/voila/templates): no CDN, Chinese landing page
  and titles, sources hidden, the kernel shut down when the page is left;
* the built site (``make book``, _build/html) served at ``/site/``, and MyST markup of the
  notebooks (admonitions, ``{term}``/``{ref}``/``{doc}`` roles, links to chapters) rendered
  with links into it (tools/voila_myst.py);
* each simulator of the landing page pre-heated: one kernel per simulator has already run
  the notebook when a trainee clicks, so the page is interactive at once (Voilà's
  ``preheat_kernel``; the pool is refilled after each use);
* idle kernels culled: a kernel whose page is closed and which has done nothing for
  ``cull_idle_timeout`` seconds is shut down (pre-heated kernels are kept);
* DataFrames rendered as designed tables (book/_ext/kernel_startup.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
SHARE = ROOT / "share" / "jupyter"
KERNEL_STARTUP = ROOT / "book" / "_ext" / "kernel_startup.py"

# The simulators of the landing page (share/jupyter/voila/templates/casebook/tree.html),
# each with one pre-heated kernel. Other notebooks start their kernel on request.
SIMULATORS = (
    "contact_planner.ipynb",
    "drills.ipynb",
    "campaign.ipynb",
    "call_simulator.ipynb",
    "message_checker.ipynb",
    "judicial_toolkit.ipynb",
    "model_documents.ipynb",
    "efficiency.ipynb",
)
# Seconds a kernel may sit idle with no page connected before it is shut down, and how often
# that is checked. A page left open keeps its kernel (cull_connected=False): a trainee may
# read a case for a long time before pressing a button.
CULL_IDLE_TIMEOUT = 900
CULL_INTERVAL = 60


def training_config(notebook_dir: Path):
    """The Voilà configuration of `make train` for the notebooks in ``notebook_dir``."""
    from traitlets.config import Config

    sys.path.insert(0, str(Path(__file__).parent))
    from voila_myst import MystMarkdownPreprocessor

    c = Config()
    c.VoilaConfiguration.template = "casebook"
    c.VoilaConfiguration.strip_sources = True
    c.VoilaConfiguration.theme = "light"
    c.VoilaConfiguration.classic_tree = True
    c.VoilaConfiguration.show_tracebacks = False
    c.VoilaConfiguration.preheat_kernel = True
    c.VoilaConfiguration.default_pool_size = 0
    pools = {"default": {"pool_size": 0}}
    pools.update({name: {"pool_size": 1} for name in SIMULATORS if (notebook_dir / name).is_file()})
    c.VoilaKernelManager.kernel_pools_config = pools
    c.MappingKernelManager.cull_idle_timeout = CULL_IDLE_TIMEOUT
    c.MappingKernelManager.cull_interval = CULL_INTERVAL
    c.MappingKernelManager.cull_connected = False
    c.VoilaExporter.preprocessors = [MystMarkdownPreprocessor]
    c.MystMarkdownPreprocessor.site_dir = str(SITE) if (SITE / "objects.inv").is_file() else ""
    c.MystMarkdownPreprocessor.notebook_dir = notebook_dir.name
    c.MystMarkdownPreprocessor.served_root = str(notebook_dir)
    return c


def server_class():
    """Voilà with the built site mounted at ``/site/`` (tools/voila_site.py)."""
    from voila.app import Voila

    sys.path.insert(0, str(Path(__file__).parent))
    from voila_site import site_handler

    class TrainingServer(Voila):
        def init_handlers(self):
            return [site_handler(self.server_url, SITE), *super().init_handlers()]

    return TrainingServer


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    notebook_dir = Path(args.pop(0)) if args and not args[0].startswith("-") else ROOT / "notebooks"
    notebook_dir = notebook_dir.resolve()
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(SHARE), *filter(None, [os.environ.get("JUPYTER_PATH")])]
    )
    os.environ["PYTHONSTARTUP"] = str(KERNEL_STARTUP)
    server = server_class()
    server.launch_instance(
        argv=[str(notebook_dir), "--no-browser", *args], config=training_config(notebook_dir)
    )


if __name__ == "__main__":
    main()
