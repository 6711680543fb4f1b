# Each trainee's single-user server (JUPYTER_CONFIG_DIR set by jupyterhub_config.py):
# Voila only, with the repository's `casebook` template; no JupyterLab, no terminals.
# As in `make train`: the notebooks' MyST markup rendered (tools/voila_myst.py), the built
# site served at /user/<name>/site/ for the links into it (tools/voila_site.py), and
# DataFrames as designed tables (PYTHONSTARTUP, set by jupyterhub_config.py).
# ruff: noqa: F821  (`c` is provided by the config loader)

import os
import sys
from pathlib import Path

HUB = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(HUB.parents[1] / "tools"), str(HUB)]

from casebook_hub import notebook_folders  # noqa: E402
from voila_myst import MystMarkdownPreprocessor  # noqa: E402
from voila_site import site_dir  # noqa: E402

c.VoilaConfiguration.template = "casebook"
c.VoilaConfiguration.theme = "light"
c.VoilaConfiguration.strip_sources = True
c.VoilaConfiguration.show_tracebacks = False
# The template's own landing page (simulators first, in Chinese), as `make train` shows it.
c.VoilaConfiguration.classic_tree = True

c.ServerApp.terminals_enabled = False
c.ServerApp.jpserver_extensions = {
    "jupyterlab": False,
    "jupyter_lsp": False,
    "notebook_shim": False,
    "voila": True,
    "voila_site": True,  # the built site at <base_url>site/
}

# MyST markup (admonitions, {term}/{ref}/{doc} roles, chapter links, bold next to Chinese
# punctuation) rendered in Voila. The trainee's folder is flat (notebooks/ and exercises/
# together, casebook_hub.prepare_content), so each notebook's source folder is looked up.
c.VoilaExporter.preprocessors = [MystMarkdownPreprocessor]
c.MystMarkdownPreprocessor.site_dir = (
    str(site_dir()) if (site_dir() / "objects.inv").is_file() else ""
)
c.MystMarkdownPreprocessor.notebook_dir = "notebooks"
c.MystMarkdownPreprocessor.notebook_dirs = notebook_folders()
c.MystMarkdownPreprocessor.served_root = os.environ.get("CASEBOOK_HUB_CONTENT", "")

# A simulator's kernel lives while its page is open; one left behind by a closed tab is shut
# down after 20 idle minutes (the hub's idle culler stops the whole server later).
c.MappingKernelManager.cull_idle_timeout = 1200
c.MappingKernelManager.cull_interval = 120
c.MappingKernelManager.cull_connected = False

# Kernels talk to the server over Unix sockets, not TCP ports: with many trainees' servers
# starting kernels at once on one machine, TCP ports picked by one server were taken by
# another's kernel ("Address already in use", the page never loads). Seen with 20 trainees.
c.KernelManager.transport = "ipc"
