# Each trainee's single-user server (JUPYTER_CONFIG_DIR set by jupyterhub_config.py):
# Voila only, with the repository's `casebook` template; no JupyterLab, no terminals.
# ruff: noqa: F821  (`c` is provided by the config loader)

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
}

# A simulator's kernel lives while its page is open; one left behind by a closed tab is shut
# down after 20 idle minutes (the hub's idle culler stops the whole server later).
c.MappingKernelManager.cull_idle_timeout = 1200
c.MappingKernelManager.cull_interval = 120
c.MappingKernelManager.cull_connected = False

# Kernels talk to the server over Unix sockets, not TCP ports: with many trainees' servers
# starting kernels at once on one machine, TCP ports picked by one server were taken by
# another's kernel ("Address already in use", the page never loads). Seen with 20 trainees.
c.KernelManager.transport = "ipc"
