"""The training room's JupyterHub, as code the config file calls (and the tests import).

Everything a deployment changes is an environment variable (``CASEBOOK_HUB_*``, see
:class:`HubSettings`), so ``make hub``, the load test and a bank's systemd unit all start the
same ``jupyterhub_config.py``. This module holds the behaviour:

* the trainees allowed to log in are the roster of one ``casebook assign`` folder;
* each trainee's single-user server gets their own handouts (copied out of the assignment, so
  the trainer's ``variants/`` stay private) and a personal folder in the shared collection
  folder, where 提交 writes (``CASEBOOK_SUBMISSIONS``);
* the simulators are one read-only copy of ``notebooks/`` and ``exercises/``, served by Voilà
  with the repository's ``casebook`` template (sources hidden, no CDN).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CONTENT_SOURCES = ("notebooks", "exercises")
#: Data files the notebooks read by relative path (``../examples/judicial/…``): copied next to
#: the content folder so that the same paths work there.
CONTENT_DATA = ("examples",)
TRAINER = "trainer"
# Kernels use Unix sockets named <runtime dir>/kernel-<uuid>-ipc-<n>; a socket path has at
# most 107 bytes, which leaves this much for the runtime dir.
MAX_RUNTIME_DIR = 107 - len("/kernel-") - 36 - len("-ipc-") - 2


class HubConfigError(RuntimeError):
    """A setting or input file the hub cannot start with (the message is for the operator)."""


def _env(name: str, default: str = "") -> str:
    return os.environ.get(f"CASEBOOK_HUB_{name}", default).strip()


@dataclass(frozen=True)
class HubSettings:
    """The hub's settings, read from ``CASEBOOK_HUB_*`` environment variables."""

    state_dir: Path  # DIR: database, cookie secret, homes, handout copies, simulator copy
    assignment: Path  # ASSIGNMENT: folder written by `casebook assign`
    collect_dir: Path  # COLLECT: shared collection folder (one sub-folder per trainee)
    ip: str  # IP: public address (127.0.0.1 for a trial)
    port: int  # PORT: public port
    hub_port: int  # HUB_API_PORT: the hub's internal API port
    proxy_api_port: int  # PROXY_API_PORT: configurable-http-proxy's API port
    spawner: str  # SPAWNER: "local" (trial) or "systemd" (enforced limits)
    mem_limit: str  # MEM_LIMIT: per-trainee memory limit, e.g. "1G"
    cpu_limit: float  # CPU_LIMIT: per-trainee CPU limit in cores (systemd only)
    idle_timeout: int  # IDLE_TIMEOUT: seconds without activity before a server is culled
    trainer_group: str  # TRAINER_GROUP: OS group that may read the collection (systemd/root)
    site_config: Path | None  # SITE_CONFIG: a bank's own config file, loaded last

    @classmethod
    def from_env(cls) -> HubSettings:
        state = Path(_env("DIR") or ROOT / "_build" / "hub").resolve()
        assignment = _env("ASSIGNMENT")
        if not assignment:
            raise HubConfigError(
                "CASEBOOK_HUB_ASSIGNMENT is not set: name the folder written by "
                "'casebook assign' (make hub HUB_ASSIGNMENT=…)"
            )
        site = _env("SITE_CONFIG")
        spawner = _env("SPAWNER", "local")
        if spawner not in ("local", "systemd"):
            raise HubConfigError(
                f"CASEBOOK_HUB_SPAWNER={spawner!r}: expected 'local' (trial) or 'systemd'"
            )
        try:
            return cls(
                state_dir=state,
                assignment=Path(assignment).resolve(),
                collect_dir=Path(_env("COLLECT") or state / "submissions").resolve(),
                ip=_env("IP", "127.0.0.1"),
                port=int(_env("PORT", "8800")),
                hub_port=int(_env("HUB_API_PORT", "8801")),
                proxy_api_port=int(_env("PROXY_API_PORT", "8802")),
                spawner=spawner,
                mem_limit=_env("MEM_LIMIT", "1G"),
                cpu_limit=float(_env("CPU_LIMIT", "1")),
                idle_timeout=int(_env("IDLE_TIMEOUT", "3600")),
                trainer_group=_env("TRAINER_GROUP"),
                site_config=Path(site).resolve() if site else None,
            )
        except ValueError as exc:
            raise HubConfigError(f"CASEBOOK_HUB_* setting is not a number: {exc}") from None


def load_roster(assignment: Path) -> dict[str, str]:
    """Hub user name (JupyterHub lower-cases names) -> trainee id, from ``manifest.json``."""
    path = assignment / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        ids = [t["trainee_id"] for t in manifest["trainees"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise HubConfigError(f"{path}: not an assignment manifest ({exc})") from None
    roster: dict[str, str] = {}
    for trainee_id in ids:
        name = trainee_id.lower()
        if name in roster:
            raise HubConfigError(
                f"{path}: trainee ids {roster[name]!r} and {trainee_id!r} differ only in case; "
                "JupyterHub user names are lower-case, so they would share one account"
            )
        if name == TRAINER:
            raise HubConfigError(f"{path}: trainee id {trainee_id!r} is reserved for the trainer")
        roster[name] = trainee_id
    if not roster:
        raise HubConfigError(f"{path}: the assignment has no trainees")
    return roster


def secret_file(path: Path, length: int) -> str:
    """A random password kept in ``path`` (mode 0600), created on first use."""
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(length)[:length]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(value + "\n")
    return value


def notebook_folders() -> dict[str, str]:
    """Notebook name (no suffix) → the source folder it is copied from (``notebooks``, …)."""
    return {
        notebook.stem: source
        for source in CONTENT_SOURCES
        for notebook in sorted((ROOT / source).glob("*.ipynb"))
    }


def prepare_content(state_dir: Path) -> Path:
    """One read-only copy of the simulator and exercise notebooks, flat, for every trainee.

    Flat so that the ``casebook`` template's landing page lists the simulators first and the
    exercises under 全部页面. Rebuilt at every hub start, so it always matches the checkout.
    The data folders the notebooks read (``../examples/…``) are copied beside it, read-only.
    """
    for folder in CONTENT_DATA:
        _read_only_copy(ROOT / folder, state_dir / folder)
    content = state_dir / "content"
    staging = state_dir / "content.new"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for source in CONTENT_SOURCES:
        for notebook in sorted((ROOT / source).glob("*.ipynb")):
            target = staging / notebook.name
            if target.exists():
                raise HubConfigError(f"two notebooks named {notebook.name} in {CONTENT_SOURCES}")
            shutil.copyfile(notebook, target)
            target.chmod(0o444)
    staging.chmod(0o755)
    if content.exists():
        for child in content.iterdir():
            child.chmod(0o644)
        shutil.rmtree(content)
    staging.rename(content)
    return content


def _read_only_copy(source: Path, target: Path) -> None:
    """Replace ``target`` with a copy of the folder ``source``, files read-only."""
    staging = target.with_name(target.name + ".new")
    for old in (staging, target):
        if old.exists():
            for path in old.rglob("*"):
                path.chmod(0o755 if path.is_dir() else 0o644)
            shutil.rmtree(old)
    shutil.copytree(source, staging)
    for path in staging.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o444)
    staging.rename(target)


def _system_user(name: str):
    """The OS account of a hub user when the hub runs as root with real accounts, else None."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def _group_id(group: str) -> int:
    import grp

    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        raise HubConfigError(f"CASEBOOK_HUB_TRAINER_GROUP={group!r}: no such group") from None


def prepare_collection(collect_dir: Path, trainer_group: str = "") -> None:
    """The shared collection folder: trainees may enter it but not list it."""
    collect_dir.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0 and trainer_group:
        os.chown(collect_dir, 0, _group_id(trainer_group))
        collect_dir.chmod(0o751)  # trainer group lists it; trainees only reach their own folder
    else:
        collect_dir.chmod(0o711)


@dataclass(frozen=True)
class TraineeFolders:
    """Where one hub user's handouts are read from and submissions written to."""

    trainee_id: str | None  # None for the trainer (no handouts: practice mode)
    handouts: Path
    submissions: Path
    runtime: Path  # JUPYTER_RUNTIME_DIR: kernel connection files and sockets


def prepare_trainee(settings: HubSettings, roster: dict[str, str], name: str) -> TraineeFolders:
    """Copy the trainee's handouts and make their collection folder (called at every spawn).

    With the trial spawner every server runs as the hub's own OS user, so the folders are
    simply private (0700). When the hub runs as root with real accounts (systemd spawner),
    each folder belongs to the trainee, and the collection folder's group is the trainer group
    (read-only for it): trainees cannot read one another's answers or the trainer's variants.
    """
    trainee_id = roster.get(name)
    folder = trainee_id or name
    handouts = settings.state_dir / "handouts" / folder
    submissions = settings.collect_dir / folder
    shutil.rmtree(handouts, ignore_errors=True)
    handouts.mkdir(parents=True, mode=0o700)
    if trainee_id is not None:
        source = settings.assignment / "handouts" / trainee_id
        for handout in sorted(source.glob("*.json")):
            shutil.copyfile(handout, handouts / handout.name)
    submissions.mkdir(parents=True, exist_ok=True)
    runtime = settings.state_dir / "run" / folder
    if len(os.fsencode(runtime)) > MAX_RUNTIME_DIR:
        if settings.spawner == "systemd":  # its private /tmp would hide a folder made here
            raise HubConfigError(
                f"CASEBOOK_HUB_DIR={settings.state_dir} is too long for kernel sockets: "
                f"{runtime} must be at most {MAX_RUNTIME_DIR} bytes"
            )
        runtime = Path(tempfile.mkdtemp(prefix=f"cb-{folder[:12]}-"))
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    account = _system_user(name)
    if account is None:
        submissions.chmod(0o700)
        return TraineeFolders(trainee_id, handouts, submissions, runtime)
    group = _group_id(settings.trainer_group) if settings.trainer_group else account.pw_gid
    for path in (handouts, *handouts.iterdir(), runtime):
        os.chown(path, account.pw_uid, account.pw_gid)
    handouts.chmod(0o500)
    os.chown(submissions, account.pw_uid, group)
    submissions.chmod(0o2750)
    return TraineeFolders(trainee_id, handouts, submissions, runtime)


def pre_spawn_hook(settings: HubSettings, roster: dict[str, str]):
    """The ``Spawner.pre_spawn_hook``: folders and the environment 提交 and the handouts read."""

    def hook(spawner) -> None:
        folders = prepare_trainee(settings, roster, spawner.user.name)
        spawner.environment = {
            **spawner.environment,
            "CASEBOOK_HANDOUTS": str(folders.handouts),
            "CASEBOOK_SUBMISSIONS": str(folders.submissions),
            "JUPYTER_RUNTIME_DIR": str(folders.runtime),
        }

    return hook


def idle_culler_service(idle_timeout: int, python: str) -> dict:
    """jupyterhub-idle-culler as a hub-managed service (stops servers idle for ``idle_timeout``)."""
    return {
        "name": "idle-culler",
        "command": [
            python,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={idle_timeout}",
            f"--cull-every={max(60, idle_timeout // 10)}",
        ],
    }
