"""The training-room JupyterHub configuration (deploy/jupyterhub), without starting a hub."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config.loader import PyFileConfigLoader

from casebook.grading.assign import assign
from casebook.grading.roster import read_roster
from tests.conftest import ROOT

HUB = ROOT / "deploy" / "jupyterhub"
sys.path.insert(0, str(HUB))

import casebook_hub  # noqa: E402
from casebook_hub import HubConfigError  # noqa: E402


def _roster_csv(path: Path, ids: list[str]) -> Path:
    path.write_text(
        "工号,姓名\n" + "".join(f"{i},测试学员{n}\n" for n, i in enumerate(ids)), encoding="utf-8"
    )
    return path


@pytest.fixture(scope="module")
def assignment(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("assignment")
    out = work / "week1"
    roster = read_roster(_roster_csv(work / "roster.csv", ["T001", "T002", "a-07"]))
    assign(roster, ["ex01", "ex45"], 2026, out, title="测试")
    return out


def _settings(tmp_path: Path, assignment: Path, **overrides) -> casebook_hub.HubSettings:
    values = dict(
        state_dir=tmp_path / "state",
        assignment=assignment,
        collect_dir=tmp_path / "collect",
        ip="127.0.0.1",
        port=8800,
        hub_port=8801,
        proxy_api_port=8802,
        spawner="local",
        mem_limit="1G",
        cpu_limit=1.0,
        idle_timeout=3600,
        trainer_group="",
        site_config=None,
    )
    values.update(overrides)
    return casebook_hub.HubSettings(**values)


def test_roster_is_the_assignment_trainees_lower_cased(assignment):
    assert casebook_hub.load_roster(assignment) == {"t001": "T001", "t002": "T002", "a-07": "a-07"}


@pytest.mark.parametrize(
    ("ids", "message"),
    [(["T001", "t001"], "differ only in case"), (["Trainer"], "reserved for the trainer")],
)
def test_roster_refuses_ids_that_would_share_an_account(tmp_path, ids, message):
    (tmp_path / "manifest.json").write_text(
        json.dumps({"trainees": [{"trainee_id": i} for i in ids]}), encoding="utf-8"
    )
    with pytest.raises(HubConfigError, match=message) as err:
        casebook_hub.load_roster(tmp_path)
    assert "manifest.json" in str(err.value)


def test_roster_names_the_missing_manifest(tmp_path):
    with pytest.raises(HubConfigError, match=r"manifest\.json: not an assignment manifest"):
        casebook_hub.load_roster(tmp_path)


def test_each_trainee_gets_only_their_handouts_and_a_private_collection_folder(
    tmp_path, assignment
):
    settings = _settings(tmp_path, assignment)
    casebook_hub.prepare_collection(settings.collect_dir)
    roster = casebook_hub.load_roster(assignment)
    folders = casebook_hub.prepare_trainee(settings, roster, "t002")
    assert folders.trainee_id == "T002"
    handouts = sorted(p.name for p in folders.handouts.iterdir())
    assert handouts == ["ex01.json", "ex45.json"]
    for name in handouts:
        copied = json.loads((folders.handouts / name).read_text(encoding="utf-8"))
        assert copied["trainee_id"] == "T002"
    assert folders.submissions == settings.collect_dir / "T002"
    assert folders.submissions.stat().st_mode & 0o777 == 0o700
    # trainees may reach their own folder but not list the others'
    assert settings.collect_dir.stat().st_mode & 0o777 == 0o711
    assert not (settings.state_dir / "handouts" / "T001").exists()


def test_handouts_are_refreshed_at_every_spawn(tmp_path, assignment):
    settings = _settings(tmp_path, assignment)
    roster = casebook_hub.load_roster(assignment)
    first = casebook_hub.prepare_trainee(settings, roster, "t001")
    (first.handouts / "stale.json").write_text("{}", encoding="utf-8")
    second = casebook_hub.prepare_trainee(settings, roster, "t001")
    assert sorted(p.name for p in second.handouts.iterdir()) == ["ex01.json", "ex45.json"]


def test_kernel_socket_folder_stays_short_enough(tmp_path, assignment):
    deep = tmp_path / ("x" * 60)
    settings = _settings(deep, assignment)
    folders = casebook_hub.prepare_trainee(settings, casebook_hub.load_roster(assignment), "t001")
    socket = f"{folders.runtime}/kernel-{'0' * 8}-{'0' * 4}-{'0' * 4}-{'0' * 4}-{'0' * 12}-ipc-4"
    assert len(socket.encode()) <= 107
    assert folders.runtime.stat().st_mode & 0o777 == 0o700
    systemd = _settings(deep, assignment, spawner="systemd")
    with pytest.raises(HubConfigError, match="too long for kernel sockets"):
        casebook_hub.prepare_trainee(systemd, casebook_hub.load_roster(assignment), "t001")


def test_the_trainer_has_no_handouts_and_works_in_practice_mode(tmp_path, assignment):
    settings = _settings(tmp_path, assignment)
    folders = casebook_hub.prepare_trainee(
        settings, casebook_hub.load_roster(assignment), "trainer"
    )
    assert folders.trainee_id is None
    assert list(folders.handouts.iterdir()) == []


def test_pre_spawn_hook_points_submit_and_handouts_at_the_trainee_folders(tmp_path, assignment):
    settings = _settings(tmp_path, assignment)
    hook = casebook_hub.pre_spawn_hook(settings, casebook_hub.load_roster(assignment))
    spawner = SimpleNamespace(user=SimpleNamespace(name="t001"), environment={"KEEP": "1"})
    hook(spawner)
    runtime = spawner.environment.pop("JUPYTER_RUNTIME_DIR")
    assert spawner.environment == {
        "KEEP": "1",
        "CASEBOOK_HANDOUTS": str(settings.state_dir / "handouts" / "T001"),
        "CASEBOOK_SUBMISSIONS": str(settings.collect_dir / "T001"),
    }
    assert Path(runtime).is_dir() and len(runtime) <= casebook_hub.MAX_RUNTIME_DIR


def test_content_is_a_flat_read_only_copy_of_simulators_and_exercises(tmp_path):
    content = casebook_hub.prepare_content(tmp_path)
    names = {p.name for p in content.iterdir()}
    assert {"contact_planner.ipynb", "ex01_reachable_debtor.ipynb"} <= names
    assert len(names) == len(list((ROOT / "notebooks").glob("*.ipynb"))) + len(
        list((ROOT / "exercises").glob("*.ipynb"))
    )
    assert all(p.stat().st_mode & 0o222 == 0 for p in content.iterdir())
    casebook_hub.prepare_content(tmp_path)  # a restart replaces the read-only copy


def _load_config(monkeypatch, tmp_path, assignment, **env):
    values = {
        "CASEBOOK_HUB_DIR": str(tmp_path / "state"),
        "CASEBOOK_HUB_ASSIGNMENT": str(assignment),
        "CASEBOOK_HUB_COLLECT": str(tmp_path / "collect"),
        "CASEBOOK_HUB_PASSWORD": "",
        **env,
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    loader = PyFileConfigLoader("jupyterhub_config.py", path=str(HUB))
    return loader.load_config()


def test_config_trial_hub(monkeypatch, tmp_path, assignment):
    c = _load_config(monkeypatch, tmp_path, assignment, CASEBOOK_HUB_PORT="18800")
    assert c.JupyterHub.bind_url == "http://127.0.0.1:18800"
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.Authenticator.allowed_users == {"t001", "t002", "a-07"}
    assert c.Authenticator.admin_users == {"trainer"}
    # generated trial passwords, kept private in the state folder
    password = (tmp_path / "state" / "trainee-password.txt").read_text().strip()
    assert c.SharedPasswordAuthenticator.user_password == password and len(password) >= 8
    assert len(c.SharedPasswordAuthenticator.admin_password) >= 32
    assert (tmp_path / "state" / "trainer-password.txt").stat().st_mode & 0o077 == 0
    assert c.JupyterHub.spawner_class == "jupyterhub.spawner.SimpleLocalProcessSpawner"
    assert c.Spawner.mem_limit == "1G"
    assert c.Spawner.default_url == "/voila/tree"
    assert Path(c.Spawner.notebook_dir) == tmp_path / "state" / "content"
    assert c.Spawner.environment["JUPYTER_PATH"] == str(ROOT / "share" / "jupyter")
    assert c.ConfigurableHTTPProxy.command == [
        str(ROOT / "deploy" / "node_modules" / ".bin" / "configurable-http-proxy")
    ]
    (culler,) = c.JupyterHub.services
    assert culler["name"] == "idle-culler"
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    assert "--timeout=3600" in culler["command"]
    (role,) = c.JupyterHub.load_roles
    assert role["services"] == ["idle-culler"] and "delete:servers" in role["scopes"]


def test_config_systemd_spawner_enforces_the_limits(monkeypatch, tmp_path, assignment):
    c = _load_config(
        monkeypatch,
        tmp_path,
        assignment,
        CASEBOOK_HUB_SPAWNER="systemd",
        CASEBOOK_HUB_MEM_LIMIT="768M",
        CASEBOOK_HUB_CPU_LIMIT="0.5",
    )
    assert c.JupyterHub.spawner_class == "systemdspawner.SystemdSpawner"
    assert c.Spawner.mem_limit == "768M" and c.Spawner.cpu_limit == 0.5
    import systemdspawner  # the class the config names is installed (and in the bundle)

    assert hasattr(systemdspawner, "SystemdSpawner")


def test_config_refuses_an_unknown_spawner(monkeypatch, tmp_path, assignment):
    with pytest.raises(HubConfigError, match="CASEBOOK_HUB_SPAWNER='docker'"):
        _load_config(monkeypatch, tmp_path, assignment, CASEBOOK_HUB_SPAWNER="docker")


def test_config_needs_an_assignment(monkeypatch, tmp_path):
    monkeypatch.delenv("CASEBOOK_HUB_ASSIGNMENT", raising=False)
    with pytest.raises(HubConfigError, match="CASEBOOK_HUB_ASSIGNMENT"):
        casebook_hub.HubSettings.from_env()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_banks_site_config_replaces_the_trial_login(monkeypatch, tmp_path, assignment):
    site = tmp_path / "bank.py"
    site.write_text(
        'c.JupyterHub.authenticator_class = "ldapauthenticator.LDAPAuthenticator"\n'
        'c.LDAPAuthenticator.server_address = "ldap.bank.example"\n',
        encoding="utf-8",
    )
    c = _load_config(monkeypatch, tmp_path, assignment, CASEBOOK_HUB_SITE_CONFIG=str(site))
    assert c.JupyterHub.authenticator_class == "ldapauthenticator.LDAPAuthenticator"
    from ldapauthenticator import LDAPAuthenticator
    from oauthenticator.generic import GenericOAuthenticator

    assert LDAPAuthenticator and GenericOAuthenticator


def test_single_user_servers_run_voila_only():
    loader = PyFileConfigLoader("jupyter_server_config.py", path=str(HUB / "singleuser"))
    c = loader.load_config()
    assert c.VoilaConfiguration.template == "casebook"
    assert c.VoilaConfiguration.strip_sources is True
    assert c.VoilaConfiguration.classic_tree is True  # the template's landing page
    assert c.ServerApp.jpserver_extensions["jupyterlab"] is False
    assert c.ServerApp.terminals_enabled is False
    assert c.KernelManager.transport == "ipc"


def test_single_user_servers_render_myst_serve_the_site_and_design_tables(
    monkeypatch, tmp_path, assignment
):
    """Round 1's Voila improvements of `make train`, in every trainee's server too."""
    hub = _load_config(monkeypatch, tmp_path, assignment)
    content = tmp_path / "state" / "content"
    environment = hub.Spawner.environment
    assert environment["PYTHONSTARTUP"] == str(ROOT / "book" / "_ext" / "kernel_startup.py")
    assert environment["CASEBOOK_HUB_CONTENT"] == str(content)

    monkeypatch.setenv("CASEBOOK_HUB_CONTENT", environment["CASEBOOK_HUB_CONTENT"])
    loader = PyFileConfigLoader("jupyter_server_config.py", path=str(HUB / "singleuser"))
    c = loader.load_config()
    assert c.ServerApp.jpserver_extensions["voila_site"] is True
    (preprocessor,) = c.VoilaExporter.preprocessors
    assert preprocessor.__name__ == "MystMarkdownPreprocessor"
    assert c.MystMarkdownPreprocessor.served_root == str(content)
    folders = c.MystMarkdownPreprocessor.notebook_dirs
    assert folders["ex01_reachable_debtor"] == "exercises"
    assert folders["contact_planner"] == "notebooks"
    site = c.MystMarkdownPreprocessor.site_dir
    assert site in ("", str(ROOT / "_build" / "html"))
    assert (site != "") == (ROOT / "_build" / "html" / "objects.inv").is_file()


def test_the_data_files_notebooks_read_by_relative_path_are_beside_the_content(tmp_path):
    """judicial_toolkit and ex23 read ../examples/judicial/*.yaml from their folder."""
    content = casebook_hub.prepare_content(tmp_path)
    for name in ("judicial_toolkit.ipynb", "ex23_effective_collection.ipynb"):
        text = (content / name).read_text(encoding="utf-8")
        for relative in set(re.findall(r"\.\./examples/[\w/.-]+\.yaml", text)):
            assert (content / relative).resolve().is_file(), (name, relative)
    log = content / ".." / "examples" / "judicial" / "collection_log.yaml"
    assert log.resolve().stat().st_mode & 0o222 == 0
    casebook_hub.prepare_content(tmp_path)  # a restart replaces the read-only copy
