"""The training room for real: 5 trainees on the local JupyterHub, through bench/hub_load.py.

Each trainee logs in, starts a server, opens ex01 in Voila, plans two calls through the widget
protocol and presses 提交; then `casebook grade` must grade all five from the shared folder.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.hub.conftest import require

pytestmark = pytest.mark.hub

USERS = 5


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    proxy = ROOT / "deploy" / "node_modules" / ".bin" / "configurable-http-proxy"
    require(
        "configurable-http-proxy (make hub-tests runs npm ci)",
        "CASEBOOK_REQUIRE_HUB",
        proxy.exists(),
    )
    out = tmp_path_factory.mktemp("hub") / "result.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "hub_load.py"), "--users", str(USERS),
         "--json", str(out), "--timeout", "400"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    print(proc.stdout, proc.stderr[-3000:])
    assert out.is_file(), proc.stderr[-3000:]
    return proc.returncode, json.loads(out.read_text(encoding="utf-8"))


def test_every_trainee_logs_in_submits_and_is_graded(run):
    returncode, result = run
    assert result["errors"] == []
    assert result["logged_in"] == USERS and result["submitted"] == USERS
    assert result["grade"]["ok"] and result["grade"]["rejected"] == 0
    assert result["grade"]["trainees"] == [f"T{i:03d}" for i in range(1, USERS + 1)]
    assert returncode == 0


def test_figures_are_measured(run):
    _, result = run
    tti = result["time_to_interactive"]
    assert 0 < tti["median"] <= tti["p95"]
    for trainee in result["trainees"]:
        assert 0 < trainee["login"] < trainee["server_ready"] < trainee["page"]
        assert trainee["page"] <= trainee["interactive"] < trainee["submitted"]
    assert result["logins_per_second"] > 0
    memory = result["memory_mb"]
    assert memory["measured_trainees"] == USERS
    assert memory["kernel_pss_median"] > 20 and memory["server_pss_median"] > 20


def test_simulators_hide_sources_load_no_cdn_and_offer_no_jupyterlab(run):
    _, result = run
    assert result["checks"] == {
        "sources_hidden": True,
        "no_cdn": True,
        "lab_disabled": True,
        "landing_lists_simulators_and_exercises": True,
    }


def test_idle_culler_runs_and_memory_limit_is_announced(run):
    _, result = run
    assert result["idle_culler_running"] is True
    # the trial spawner only announces the limit (MEM_LIMIT); systemd would enforce it
    assert {m["mem_limit_env"] for m in result["memory_by_trainee"].values()} == {str(1024**3)}


def test_a_trainees_simulator_renders_myst_designed_tables_and_links_the_site(run):
    """As in `make train`: a MyST admonition is an HTML box, not ```{admonition} text;
    DataFrames are designed tables; the built site is served at /user/<name>/site/."""
    _, result = run
    assert result["render_checks"] == {
        "myst_rendered": True,
        "designed_tables": True,
        "site_served": True,
    }
