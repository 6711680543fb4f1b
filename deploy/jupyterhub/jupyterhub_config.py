# JupyterHub for a training room: every trainee gets the Voila simulators and their own
# handouts; 提交 writes into a shared collection folder for `casebook grade`.
#
# Started by `make hub` (a trial on 127.0.0.1), by bench/hub_load.py and by tests/hub; in
# production by a systemd unit (deploy/jupyterhub/casebook-hub.service). All settings are
# CASEBOOK_HUB_* environment variables, read in casebook_hub.HubSettings; a bank's own
# settings (LDAP or SSO login, TLS) go in the file named by CASEBOOK_HUB_SITE_CONFIG.
# ruff: noqa: F821  (`c` and `load_subconfig` are provided by JupyterHub's config loader)

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from casebook_hub import (
    HERE,
    ROOT,
    TRAINER,
    HubSettings,
    idle_culler_service,
    load_roster,
    pre_spawn_hook,
    prepare_collection,
    prepare_content,
    secret_file,
)

settings = HubSettings.from_env()
roster = load_roster(settings.assignment)
settings.state_dir.mkdir(parents=True, exist_ok=True)
prepare_collection(settings.collect_dir, settings.trainer_group)
content = prepare_content(settings.state_dir)
venv_bin = Path(sys.executable).parent

# --- the hub and its proxy (configurable-http-proxy from deploy/node_modules, `npm ci`) ---
c.JupyterHub.bind_url = f"http://{settings.ip}:{settings.port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings.hub_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
c.ConfigurableHTTPProxy.command = [
    str(ROOT / "deploy" / "node_modules" / ".bin" / "configurable-http-proxy")
]
c.ConfigurableHTTPProxy.pid_file = str(settings.state_dir / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{settings.state_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(settings.state_dir / "jupyterhub_cookie_secret")
c.JupyterHub.data_files_path = str(Path(sys.prefix) / "share" / "jupyterhub")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops the trainees' servers

# --- who may log in: the assignment's roster (lower-cased ids) and the trainer -------------
# Trial only: one shared password for trainees, a second one (>= 32 characters) for the
# trainer, both kept in the state folder unless given. A bank replaces this authenticator in
# its site config (LDAP: ldapauthenticator; SSO: oauthenticator's GenericOAuthenticator).
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get(
    "CASEBOOK_HUB_PASSWORD"
) or secret_file(settings.state_dir / "trainee-password.txt", 12)
c.SharedPasswordAuthenticator.admin_password = os.environ.get(
    "CASEBOOK_HUB_ADMIN_PASSWORD"
) or secret_file(settings.state_dir / "trainer-password.txt", 40)
c.Authenticator.allowed_users = set(roster)
c.Authenticator.admin_users = {TRAINER}

# --- each trainee's server: Voila with the `casebook` template, sources hidden -------------
if settings.spawner == "systemd":
    # Production on one server: every trainee's server in a systemd unit of its own, running
    # as the trainee's OS account, with the memory and CPU limits enforced by cgroups.
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
    c.SystemdSpawner.disable_user_sudo = True
    c.SystemdSpawner.unit_extra_properties = {"MemorySwapMax": "0"}
else:
    # Trial: servers run as the hub's own OS user (no isolation between trainees), and
    # mem_limit is only announced to the server as MEM_LIMIT: nothing enforces it.
    c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
    c.SimpleLocalProcessSpawner.home_dir_template = str(settings.state_dir / "homes" / "{username}")
    if os.geteuid() == 0:  # e.g. CI: the trial's servers then run as root too
        c.Spawner.args = ["--ServerApp.allow_root=True"]
c.Spawner.mem_limit = settings.mem_limit
c.Spawner.cpu_limit = settings.cpu_limit
c.Spawner.cmd = [str(venv_bin / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = str(content)
c.Spawner.default_url = "/voila/tree"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.Spawner.env_keep = [
    "PATH",
    "LANG",
    "LC_ALL",
    "TZ",
    "VIRTUAL_ENV",
    "OPENBLAS_CORETYPE",
    "OPENBLAS_L2_SIZE",
]
c.Spawner.environment = {
    # the `casebook` Voila template, and the single-user server's settings (Voila only)
    "JUPYTER_PATH": str(ROOT / "share" / "jupyter"),
    "JUPYTER_CONFIG_DIR": str(HERE / "singleuser"),
    # the simulators' folder, where links to other notebooks open live (tools/voila_myst.py)
    "CASEBOOK_HUB_CONTENT": str(content),
    # kernels render DataFrames as designed tables, as in `make train` and the book
    "PYTHONSTARTUP": str(ROOT / "book" / "_ext" / "kernel_startup.py"),
    "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
}
c.Spawner.pre_spawn_hook = pre_spawn_hook(settings, roster)
c.JupyterHub.concurrent_spawn_limit = 100

# --- idle culling, as a service managed by the hub ------------------------------------------
c.JupyterHub.services = [idle_culler_service(settings.idle_timeout, sys.executable)]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]

if settings.site_config is not None:
    load_subconfig(str(settings.site_config))
else:  # the trial: say how to log in
    where = (
        "由环境变量 CASEBOOK_HUB_PASSWORD 指定"
        if os.environ.get("CASEBOOK_HUB_PASSWORD")
        else f"见 {settings.state_dir / 'trainee-password.txt'}"
    )
    print(
        f"casebook 培训室 {c.JupyterHub.bind_url}：{len(roster)} 名学员（用户名为工号的小写，"
        f"如 {min(roster)}），共用试用密码{where}；"
        f"培训师 {TRAINER} 的密码见 {settings.state_dir / 'trainer-password.txt'}",
        file=sys.stderr,
        flush=True,
    )
