"""The offline bundle (make bundle): installed into a fresh virtualenv with no network at all.

pip gets no index and an unreachable proxy, npm an unreachable registry; the bundle's own
`make install-offline`, `make train` and `make hub` must then work: a simulator renders in
Voila, and one trainee logs in to the hub, plans, presses 提交 and is graded.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.hub.conftest import free_port, require, stop_group, wait_for_http

pytestmark = pytest.mark.bundle

UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing listens, every fetch fails


def _bundle() -> Path:
    value = os.environ.get("CASEBOOK_BUNDLE", "")
    require("the offline bundle (make bundle-tests builds it)", "CASEBOOK_BUNDLE", bool(value))
    path = Path(value)
    assert path.is_file(), f"CASEBOOK_BUNDLE={value} does not exist"
    return path


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "_", name).lower()] = version
    return pins


def offline_env(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PIP_", "VIRTUAL_ENV", "npm_config", "CASEBOOK_"))
    }
    env.update(
        HOME=str(home),
        PIP_NO_INDEX="1",
        PIP_CONFIG_FILE=os.devnull,
        PIP_FIND_LINKS="",
        HTTP_PROXY=UNREACHABLE,
        HTTPS_PROXY=UNREACHABLE,
        http_proxy=UNREACHABLE,
        https_proxy=UNREACHABLE,
        ALL_PROXY=UNREACHABLE,
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
        npm_config_offline="true",
        npm_config_registry=UNREACHABLE + "/",
    )
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The bundle extracted and installed with `make install-offline BUNDLE=.`."""
    bundle = _bundle()
    work = tmp_path_factory.mktemp("offline")
    with tarfile.open(bundle) as tar:
        tar.extractall(work, filter="tar")
    (folder,) = [p for p in work.iterdir() if p.is_dir()]
    env = offline_env(work / "home")
    (work / "home").mkdir()
    proc = subprocess.run(
        ["make", "install-offline", "BUNDLE=."],
        cwd=folder, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    return folder, env


def test_bundle_holds_a_wheel_of_every_pin_the_sites_and_the_javascript():
    with tarfile.open(_bundle()) as tar:
        names = set(tar.getnames())
    (top,) = {n.split("/")[0] for n in names}
    wheels = {}
    for name in names:
        if name.startswith(f"{top}/wheelhouse/") and name.endswith(".whl"):
            dist, version = Path(name).name.split("-")[:2]
            wheels[re.sub(r"[-_.]+", "_", dist).lower()] = version
    missing = {n: v for n, v in _pins().items() if wheels.get(n) != v}
    assert missing == {}
    for member in (
        "BUNDLE.json",
        "Makefile",
        "requirements.txt",
        "deploy/offline/install.sh",
        "deploy/jupyterhub/jupyterhub_config.py",
        "deploy/node_modules/.bin/configurable-http-proxy",
        "deploy/node_modules/configurable-http-proxy/package.json",
        "_vendor_static/.vendored",
        "_build/html/index.html",
        "_build/trainer/html/index.html",
        "notebooks/contact_planner.ipynb",
    ):
        assert f"{top}/{member}" in names, member
    assert not any(
        n.startswith((f"{top}/.venv", f"{top}/.git/", f"{top}/_build/hub")) for n in names
    )


def test_offline_install_created_the_virtualenv_from_the_wheelhouse(installed):
    folder, env = installed
    python = folder / ".venv" / "bin" / "python"
    proc = subprocess.run(
        [str(python), "-c", "import casebook, jupyterhub, voila, ipywidgets; print(casebook.__file__)"],
        env=env, capture_output=True, text=True, timeout=120, cwd=env["HOME"],
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert Path(proc.stdout.strip()).is_relative_to(folder)  # the bundle's own source
    # make sees everything installed: asking it to install or vendor again does nothing
    dry = subprocess.run(
        ["make", "-n", "install", "vendor", "deploy/node_modules/.installed"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "pip install" not in dry.stdout and "npm ci" not in dry.stdout, dry.stdout


def test_make_train_serves_a_working_simulator_offline(installed):
    folder, env = installed
    port = free_port()
    proc = subprocess.Popen(
        ["make", "train", f"VOILA_PORT={port}"],
        cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_http(url, 120, proc)
        landing = httpx.get(url, timeout=60).text
        assert "信用卡催收模拟训练" in landing
        page = httpx.get(f"{url}/voila/render/contact_planner.ipynb", timeout=180)
        assert page.status_code == 200
        # Voila ran the notebook in a kernel: the planner's widgets are in the page
        assert "application/vnd.jupyter.widget-view+json" in page.text
        assert "Traceback" not in page.text and "build_planner" not in page.text
    finally:
        stop_group(proc)


def test_make_hub_runs_a_trainee_end_to_end_offline(installed):
    folder, env = installed
    sys.path.insert(0, str(ROOT / "bench"))
    import hub_load  # the load test's trainee, against the bundle's hub

    port = free_port()
    password = "offline-trial-password"
    hub_env = {
        **env,
        "CASEBOOK_HUB_PASSWORD": password,
        "CASEBOOK_HUB_HUB_API_PORT": str(free_port()),
        "CASEBOOK_HUB_PROXY_API_PORT": str(free_port()),
    }
    log = folder / "hub.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["make", "hub", f"HUB_PORT={port}"],
            cwd=folder, env=hub_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_http(f"{url}/hub/health", 180, proc)
        trainee = asyncio.run(hub_load.run_trainee(url, "t001", password, 240))
        assert trainee.ok, trainee.error + "\n" + log.read_text(errors="replace")[-3000:]
    finally:
        stop_group(proc)
    collected = folder / "_build" / "hub" / "submissions"
    grades = folder / "_build" / "grades"
    proc = subprocess.run(
        [str(folder / ".venv" / "bin" / "casebook"), "grade", str(folder / "_build/hub/demo-assignment"),
         str(collected), "--out", str(grades), "--json", "--quiet"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    results = json.loads((grades / "results.json").read_text(encoding="utf-8"))
    assert [(r["trainee_id"], r["exercise_id"]) for r in results["graded"]] == [("T001", "ex01")]


class _Loads(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.refs += [(tag, v) for k, v in attrs if k in {"src", "href"} and v]


def _site_zips() -> list[Path]:
    value = os.environ.get("CASEBOOK_SITE_ZIPS", "")
    require("the site zips (make bundle-tests builds them)", "CASEBOOK_BUNDLE", bool(value))
    return [Path(p) for p in value.split()]


@pytest.mark.parametrize("edition", ["trainee", "trainer"])
def test_site_zip_opens_from_a_shared_drive(edition):
    (archive,) = [z for z in _site_zips() if z.name == f"casebook-site-{edition}.zip"]
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        assert f"casebook-{edition}/index.html" in names
        assert all(n.startswith(f"casebook-{edition}/") for n in names)
        offenders = []
        for name in names:
            if name.endswith(".html"):
                parser = _Loads()
                parser.feed(zf.read(name).decode("utf-8"))
                for tag, url in parser.refs:
                    if re.match(r"^(https?:)?//", url) and tag in {"script", "link", "img"}:
                        offenders.append(f"{name}: <{tag}> {url}")
                    if url.startswith("/") and not url.startswith("//"):
                        offenders.append(f"{name}: absolute path {url} breaks on a shared drive")
            elif name.endswith(".css"):
                for url in re.findall(
                    r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)",
                    zf.read(name).decode("utf-8", "replace"),
                ):
                    offenders.append(f"{name}: {url}")
        assert offenders == []
    # the trainee edition leaves out the trainer pages (book/_data/editions.yml)
    guide = f"casebook-{edition}/book/trainer_guide.html"
    assert (guide in names) == (edition == "trainer")
