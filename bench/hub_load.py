"""Load test of the training-room JupyterHub (deploy/jupyterhub) on 127.0.0.1.

N simulated trainees (default 20) each log in with the trial password, start their server,
open the contact-planner exercise (ex01) in Voila, wait until its widgets are live in the
kernel, plan two calls through the widget protocol (the same comm messages the browser's
widget manager sends), press 提交 and wait for the saved-file message. Then the trainer's
``casebook grade`` runs on the shared collection folder and must grade all N.

Prints logins/s, time to interactive (login → widgets live) per trainee (median, p95), the
memory of each trainee's kernel and single-user server, and every error. Bounded: at most
``--max-users`` trainees, every request has a timeout and the whole run ``--timeout`` seconds;
only loopback addresses are ever contacted. By default it starts its own hub in a temporary
folder (a roster and an assignment made with ``casebook assign``) and stops it at the end.

    python bench/hub_load.py                 # 20 trainees, prints the figures
    python bench/hub_load.py --users 5 --json result.json
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psutil
import websockets

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
BIN = Path(sys.executable).parent
EXERCISE = "ex01"
NOTEBOOK = "ex01_reachable_debtor.ipynb"
# A simulator with MyST admonitions and DataFrame tables: opened by the first trainee to check
# that the trainee's server renders them (tools/voila_myst.py, kernel_startup.py).
RENDERED = "judicial_toolkit.ipynb"
SITE = ROOT / "_build" / "html"
RENDER_CHECKS = ("myst_rendered", "designed_tables", "site_served")
PASSWORD = "trial-password-for-the-load-test"
ADMIN_PASSWORD = "trainer-password-for-the-load-test-0123456789"
MAX_USERS = 100
REQUEST_TIMEOUT = 180.0
MB = 1024 * 1024


@dataclass
class Trainee:
    """What happened to one simulated trainee (times in seconds from their start)."""

    name: str
    ok: bool = False
    error: str = ""
    login: float | None = None  # login form answered
    server_ready: float | None = None  # single-user server running
    page: float | None = None  # Voila page (kernel started, notebook executed) received
    interactive: float | None = None  # widget states received over the kernel websocket
    submitted: float | None = None  # 提交 answered "已提交"
    started_at: float = 0.0
    login_done_at: float = 0.0
    checks: dict[str, bool] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


# --- the hub ---------------------------------------------------------------------------------


@dataclass
class Hub:
    url: str
    assignment: Path
    collect: Path
    password: str
    proc: subprocess.Popen | None = None
    log: Path | None = None


def make_assignment(work: Path, users: int) -> Path:
    """A roster of ``users`` synthetic trainees and its assignment, as a trainer makes them."""
    roster = work / "roster.csv"
    with roster.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["工号", "姓名"])
        for i in range(1, users + 1):
            writer.writerow([f"T{i:03d}", f"测试学员{i:03d}"])
    assignment = work / "assignment"
    subprocess.run(
        [str(BIN / "casebook"), "assign", "--roster", str(roster), "--exercises", EXERCISE,
         "--seed", "2026", "--out", str(assignment), "--title", "压力测试"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return assignment


def start_hub(work: Path, users: int, timeout: float = 120.0) -> Hub:
    """Start deploy/jupyterhub on free loopback ports; wait until /hub/health answers."""
    assignment = make_assignment(work, users)
    port = free_port()
    env = {
        **os.environ,
        "CASEBOOK_HUB_DIR": str(work / "hub"),
        "CASEBOOK_HUB_ASSIGNMENT": str(assignment),
        "CASEBOOK_HUB_COLLECT": str(work / "submissions"),
        "CASEBOOK_HUB_PASSWORD": PASSWORD,
        "CASEBOOK_HUB_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "CASEBOOK_HUB_IP": "127.0.0.1",
        "CASEBOOK_HUB_PORT": str(port),
        "CASEBOOK_HUB_HUB_API_PORT": str(free_port()),
        "CASEBOOK_HUB_PROXY_API_PORT": str(free_port()),
    }
    log = work / "jupyterhub.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(CONFIG)],
            cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    hub = Hub(f"http://127.0.0.1:{port}", assignment, work / "submissions", PASSWORD, proc, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyterhub exited with {proc.returncode}; see {log}")
        try:
            if httpx.get(f"{hub.url}/hub/health", timeout=2).status_code == 200:
                return hub
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    stop_hub(hub)
    raise RuntimeError(f"jupyterhub did not answer within {timeout:.0f} s; see {log}")


def stop_hub(hub: Hub) -> None:
    """Stop the hub (it stops the trainees' servers and the proxy), then anything left."""
    if hub.proc is None or hub.proc.poll() is not None:
        return
    family = hub_processes(hub)
    hub.proc.send_signal(signal.SIGTERM)
    try:
        hub.proc.wait(60)
    except subprocess.TimeoutExpired:
        hub.proc.kill()
        hub.proc.wait(10)
    _, alive = psutil.wait_procs([p for p in family if p.is_running()], timeout=15)
    for proc in alive:
        proc.kill()


def hub_processes(hub: Hub) -> list[psutil.Process]:
    if hub.proc is None:
        return []
    try:
        return psutil.Process(hub.proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


# --- one trainee -----------------------------------------------------------------------------


def _cookie_header(client: httpx.AsyncClient, path: str) -> str:
    return "; ".join(
        f"{c.name}={c.value}" for c in client.cookies.jar if path.startswith(c.path or "/")
    )


def _xsrf(client: httpx.AsyncClient, path: str) -> str:
    best = ""
    best_len = -1
    for c in client.cookies.jar:
        if c.name == "_xsrf" and path.startswith(c.path or "/") and len(c.path or "") > best_len:
            best, best_len = c.value or "", len(c.path or "")
    return best


class Kernel:
    """A kernel websocket speaking the widget protocol (legacy JSON frames)."""

    def __init__(self, ws, session: str, name: str):
        self.ws = ws
        self.session = session
        self.name = name
        self.states: dict[str, dict] = {}

    def _msg(self, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        return json.dumps(
            {
                "header": {
                    "msg_id": uuid.uuid4().hex,
                    "username": self.name,
                    "session": self.session,
                    "msg_type": msg_type,
                    "version": "5.3",
                    "date": datetime.now(UTC).isoformat(),
                },
                "parent_header": {},
                "metadata": metadata or {},
                "content": content,
                "channel": "shell",
                "buffers": [],
            }
        )

    async def comm_msg(self, comm_id: str, data: dict) -> None:
        await self.ws.send(self._msg("comm_msg", {"comm_id": comm_id, "data": data}))

    async def request_states(self, timeout: float) -> dict[str, dict]:
        control = uuid.uuid4().hex
        await self.ws.send(
            self._msg(
                "comm_open",
                {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
                {"version": "1.0.0"},
            )
        )
        await self.comm_msg(control, {"method": "request_states"})
        data = await self.wait_for(
            lambda d: d.get("method") == "update_states", timeout, "widget states"
        )
        self.states = data["states"]
        return self.states

    async def wait_for(self, predicate, timeout: float, what: str) -> dict:
        """The data of the first comm message satisfying ``predicate``."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {what} within {timeout:.0f} s")
            raw = await asyncio.wait_for(self.ws.recv(), left)
            if isinstance(raw, bytes):
                continue
            msg = json.loads(raw)
            if msg.get("msg_type") == "error" or msg.get("header", {}).get("msg_type") == "error":
                content = msg.get("content", {})
                raise RuntimeError(f"kernel error: {content.get('ename')}: {content.get('evalue')}")
            if msg.get("header", {}).get("msg_type") != "comm_msg":
                continue
            data = msg["content"].get("data", {})
            if predicate(data):
                return data

    def find(self, model: str, description: str = "") -> str:
        """The model id of the widget of ``model`` class with this description."""
        for model_id, entry in self.states.items():
            state = entry["state"]
            if entry["model_name"] == model and state.get("description", "") == description:
                return model_id
        raise LookupError(f"no {model} widget described {description!r}")

    async def set(self, model_id: str, **state) -> None:
        await self.comm_msg(model_id, {"method": "update", "state": state, "buffer_paths": []})

    async def click(self, model_id: str) -> None:
        await self.comm_msg(model_id, {"method": "custom", "content": {"event": "click"}})

    def option_index(self, model_id: str, label: str) -> int:
        return self.states[model_id]["state"]["_options_labels"].index(label)


def _updated(text: str):
    return lambda d: (
        d.get("method") == "update" and text in str(d.get("state", {}).get("value", ""))
    )


async def plan_and_submit(kernel: Kernel, step_timeout: float) -> None:
    """The scripted exercise: two calls to the debtor (09:00 and 19:00), then 提交."""
    message = kernel.find("TextareaModel", "话术")
    time_slot = kernel.find("DropdownModel", "时间")
    add = kernel.find("ButtonModel", "加入计划")
    submit = kernel.find("ButtonModel", "提交")
    text = "您好，我是星河银行信用卡中心的工作人员，想和您确认一下本月的还款安排。"
    for n, slot in enumerate(("09:00", "19:00"), start=1):
        await kernel.set(time_slot, index=kernel.option_index(time_slot, slot))
        await kernel.set(message, value=text)
        await kernel.click(add)
        await kernel.wait_for(_updated(f"已加入第 {n} 条行动"), step_timeout, f"action {n} added")
    await kernel.click(submit)
    await kernel.wait_for(_updated("已提交"), step_timeout, "提交 confirmation")


async def check_rendering(client: httpx.AsyncClient, name: str, step_timeout: float) -> dict:
    """Open RENDERED as the trainee: MyST markup rendered, designed tables, the site served."""
    base = f"/user/{name}/"
    response = await asyncio.wait_for(
        client.get(f"{base}voila/render/{RENDERED}", follow_redirects=True), step_timeout
    )
    response.raise_for_status()
    html = response.text
    checks = {
        "myst_rendered": '<div class="casebook-admonition' in html
        and "{admonition}" not in html
        and ":class:" not in html,
        # Voila may send outputs as JSON inside the page: quotes escaped, hence no quotes here
        "designed_tables": "dataframe casebook-table" in html,
    }
    site = await client.get(f"{base}site/book/index.html")
    checks["site_served"] = (
        site.status_code == 200 and "<html" in site.text
        if (SITE / "index.html").is_file()
        else site.status_code == 404 and "make book" in site.text
    )
    found = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', html)
    if found:  # nobody opened the page's websocket: shut its kernel down now
        await client.delete(
            f"{base}api/kernels/{found.group(1)}", headers={"X-XSRFToken": _xsrf(client, base)}
        )
    return checks


async def run_trainee(
    hub_url: str, name: str, password: str, step_timeout: float, render_checks: bool = False
) -> Trainee:
    """One trainee's session, timed step by step; a failure is recorded, never raised."""
    result = Trainee(name=name)
    start = result.started_at = time.monotonic()
    limits = httpx.Limits(max_connections=4)
    async with httpx.AsyncClient(
        base_url=hub_url, timeout=REQUEST_TIMEOUT, limits=limits, follow_redirects=False
    ) as client:
        try:
            (await client.get("/hub/login")).raise_for_status()
            response = await client.post(
                "/hub/login",
                data={"username": name, "password": password, "_xsrf": _xsrf(client, "/hub/")},
            )
            if response.status_code != 302:
                raise RuntimeError(f"login answered {response.status_code}")
            result.login = time.monotonic() - start
            result.login_done_at = time.monotonic()
            headers = {"X-XSRFToken": _xsrf(client, "/hub/api")}
            response = await client.post(f"/hub/api/users/{name}/server", headers=headers)
            if response.status_code not in (201, 202, 400):  # 400: already running
                raise RuntimeError(f"spawn answered {response.status_code}: {response.text[:200]}")
            deadline = time.monotonic() + step_timeout
            while True:
                user = (await client.get(f"/hub/api/users/{name}", headers=headers)).json()
                server = user.get("servers", {}).get("")
                if server and server.get("ready"):
                    break
                if time.monotonic() > deadline:
                    raise TimeoutError(f"server not ready within {step_timeout:.0f} s")
                await asyncio.sleep(0.25)
            result.server_ready = time.monotonic() - start
            page_path = f"/user/{name}/voila/render/{NOTEBOOK}"
            response = await asyncio.wait_for(
                client.get(page_path, follow_redirects=True), step_timeout
            )
            response.raise_for_status()
            html = response.text
            found = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', html)
            if not found:
                raise RuntimeError("the Voila page carries no kernel id")
            result.page = time.monotonic() - start
            result.checks["sources_hidden"] = "build_exercise" not in html
            result.checks["no_cdn"] = not re.search(r"(src|href)=\"https?://", html)
            base = f"/user/{name}/"
            session = uuid.uuid4().hex
            ws_path = f"{base}api/kernels/{found.group(1)}/channels"
            query = f"session_id={session}&_xsrf={_xsrf(client, base)}"
            ws_url = hub_url.replace("http", "ws", 1) + f"{ws_path}?{query}"
            async with websockets.connect(
                ws_url,
                additional_headers={"Cookie": _cookie_header(client, ws_path)},
                max_size=None,
                open_timeout=step_timeout,
            ) as ws:
                kernel = Kernel(ws, session, name)
                await kernel.request_states(step_timeout)
                result.interactive = time.monotonic() - start
                await plan_and_submit(kernel, step_timeout)
                result.submitted = time.monotonic() - start
            lab = await client.get(f"/user/{name}/lab")
            result.checks["lab_disabled"] = lab.status_code == 404
            landing = await client.get(f"/user/{name}/voila/tree")
            result.checks["landing_lists_simulators_and_exercises"] = (
                landing.status_code == 200
                and "安排联系计划" in landing.text
                and NOTEBOOK in landing.text
            )
            if render_checks:
                result.checks.update(await check_rendering(client, name, step_timeout))
            result.ok = True
        except Exception as exc:  # every failure is reported, none is fatal
            result.error = f"{type(exc).__name__}: {exc}"[:300]
    return result


# --- measuring -------------------------------------------------------------------------------


def memory_by_trainee(hub: Hub) -> dict[str, dict[str, float]]:
    """PSS/RSS in MB of each trainee's single-user server and Voila kernel(s)."""
    out: dict[str, dict[str, float]] = {}
    for proc in hub_processes(hub):
        try:
            env = proc.environ()
            user = env.get("JUPYTERHUB_USER")
            if not user or "jupyterhub-singleuser" not in " ".join(proc.cmdline()):
                continue
            mem = proc.memory_full_info()
            cpu = proc.cpu_times()
            entry = {
                "cpu_seconds": cpu.user + cpu.system,
                "server_pss": mem.pss / MB,
                "server_rss": mem.rss / MB,
                "kernel_pss": 0.0,
                "kernel_rss": 0.0,
                "kernels": 0,
                "mem_limit_env": env.get("MEM_LIMIT", ""),
            }
            for child in proc.children(recursive=True):
                if "ipykernel" in " ".join(child.cmdline()):
                    cm = child.memory_full_info()
                    kc = child.cpu_times()
                    entry["cpu_seconds"] += kc.user + kc.system
                    entry["kernel_pss"] += cm.pss / MB
                    entry["kernel_rss"] += cm.rss / MB
                    entry["kernels"] += 1
            out[user] = entry
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return out


def hub_overhead(hub: Hub) -> float:
    """PSS in MB of the hub, the proxy and the idle culler (everything but trainees)."""
    total = 0.0
    procs = [psutil.Process(hub.proc.pid)] if hub.proc else []
    for proc in procs + hub_processes(hub):
        try:
            cmd = " ".join(proc.cmdline())
            if "jupyterhub-singleuser" in cmd or "ipykernel" in cmd:
                continue
            if any("jupyterhub-singleuser" in " ".join(p.cmdline()) for p in proc.parents()):
                continue
            total += proc.memory_full_info().pss / MB
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def idle_culler_running(hub: Hub) -> bool:
    return any(
        "jupyterhub_idle_culler" in " ".join(p.cmdline())
        for p in hub_processes(hub)
        if p.is_running()
    )


def grade(hub: Hub, out: Path) -> dict:
    """Run the trainer's ``casebook grade`` on the collection folder; graded trainee ids."""
    start = time.monotonic()
    proc = subprocess.run(
        [str(BIN / "casebook"), "grade", str(hub.assignment), str(hub.collect),
         "--out", str(out), "--json", "--quiet"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    elapsed = time.monotonic() - start
    if proc.returncode != 0:
        return {"ok": False, "error": proc.stderr[-500:], "seconds": elapsed}
    summary = json.loads(proc.stdout)
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {
        "ok": True,
        "seconds": elapsed,
        "graded": summary["graded"],
        "rejected": len(summary["rejected"]),
        "trainees": sorted(_graded_trainees(results)),
    }


def _graded_trainees(results: dict) -> set[str]:
    return {
        row["trainee_id"] for row in results.get("graded", []) if row.get("exercise_id") == EXERCISE
    }


# --- the run ---------------------------------------------------------------------------------


async def run_all(
    hub: Hub, names: list[str], ramp: float, step_timeout: float, timeout: float
) -> list[Trainee]:
    """All trainees at once (or spread over ``ramp`` s); each is stopped after ``timeout`` s."""

    async def one(i: int, name: str) -> Trainee:
        await asyncio.sleep(ramp * i / max(1, len(names)))
        try:
            return await asyncio.wait_for(
                run_trainee(hub.url, name, hub.password, step_timeout, render_checks=i == 0),
                timeout,
            )
        except TimeoutError:
            return Trainee(name=name, error=f"not done within {timeout:.0f} s")

    return await asyncio.gather(*(one(i, n) for i, n in enumerate(names)))


def summarise(trainees: list[Trainee], memory: dict, extra: dict) -> dict:
    ok = [t for t in trainees if t.ok]
    logged_in = [t for t in trainees if t.login is not None]

    def stats(key: str) -> dict:
        values = [getattr(t, key) for t in ok if getattr(t, key) is not None]
        if not values:
            return {}
        return {
            "median": statistics.median(values),
            "p95": percentile(values, 95),
            "max": max(values),
        }

    login_window = 0.0
    if logged_in:
        first = min(t.started_at for t in logged_in)
        last = max(t.login_done_at for t in logged_in)
        login_window = max(last - first, 1e-9)
    mem = list(memory.values())

    def mem_stat(key: str) -> float:
        return statistics.median(m[key] for m in mem) if mem else 0.0

    return {
        "users": len(trainees),
        "logged_in": len(logged_in),
        "submitted": len([t for t in ok if t.submitted is not None]),
        "logins_per_second": len(logged_in) / login_window if logged_in else 0.0,
        "time_to_interactive": stats("interactive"),
        "server_ready": stats("server_ready"),
        "page_received": stats("page"),
        "submitted_at": stats("submitted"),
        "memory_mb": {
            "kernel_pss_median": mem_stat("kernel_pss"),
            "kernel_rss_median": mem_stat("kernel_rss"),
            "server_pss_median": mem_stat("server_pss"),
            "server_rss_median": mem_stat("server_rss"),
            "per_trainee_pss_median": statistics.median(
                m["server_pss"] + m["kernel_pss"] for m in mem
            )
            if mem
            else 0.0,
            "measured_trainees": len(mem),
        },
        "cpu_seconds_per_trainee_median": mem_stat("cpu_seconds"),
        "errors": [f"{t.name}: {t.error}" for t in trainees if not t.ok],
        "checks": {
            key: all(t.checks.get(key, False) for t in ok) and bool(ok)
            for key in (
                "sources_hidden",
                "no_cdn",
                "lab_disabled",
                "landing_lists_simulators_and_exercises",
            )
        },
        # checked by the first trainee only (one more page and kernel)
        "render_checks": {
            key: bool(seen) and all(seen)
            for key in RENDER_CHECKS
            for seen in [[t.checks[key] for t in ok if key in t.checks]]
        },
        "trainees": [asdict(t) for t in trainees],
        "memory_by_trainee": memory,
        **extra,
    }


def report(summary: dict) -> str:
    tti = summary["time_to_interactive"] or {"median": float("nan"), "p95": float("nan")}
    page = summary["page_received"] or {"median": float("nan"), "p95": float("nan")}
    ready = summary["server_ready"] or {"median": float("nan"), "p95": float("nan")}
    mem = summary["memory_mb"]
    grade_info = summary.get("grade", {})
    lines = [
        f"hub load test: {summary['users']} trainees, exercise {EXERCISE} in Voila, "
        f"ramp {summary['ramp']:.0f} s, {os.cpu_count()} cores",
        f"  logins            {summary['logged_in']}/{summary['users']}, "
        f"{summary['logins_per_second']:.1f} logins/s",
        f"  server ready      median {ready['median']:.1f} s, p95 {ready['p95']:.1f} s",
        f"  page received     median {page['median']:.1f} s, p95 {page['p95']:.1f} s "
        "(kernel started, notebook executed)",
        f"  time to interactive  median {tti['median']:.1f} s, p95 {tti['p95']:.1f} s "
        "(login → widgets live)",
        f"  submitted         {summary['submitted']}/{summary['users']}",
        f"  memory per trainee   kernel PSS {mem['kernel_pss_median']:.0f} MB "
        f"(RSS {mem['kernel_rss_median']:.0f}), server PSS {mem['server_pss_median']:.0f} MB "
        f"(RSS {mem['server_rss_median']:.0f}); together {mem['per_trainee_pss_median']:.0f} MB "
        f"(median of {mem['measured_trainees']})",
        f"  CPU per trainee   {summary['cpu_seconds_per_trainee_median']:.1f} s "
        "(server start + kernel start + notebook + exercise, median)",
        f"  hub + proxy + idle culler  {summary.get('hub_overhead_mb', 0):.0f} MB PSS",
        f"  idle culler running  {summary.get('idle_culler_running')}",
        f"  checks            {summary['checks']}",
        f"  rendering (first trainee) {summary['render_checks']}",
        f"  casebook grade    {grade_info.get('graded', 0)} graded, "
        f"{grade_info.get('rejected', 0)} rejected, {grade_info.get('seconds', 0):.1f} s",
        f"  errors            {len(summary['errors'])}",
    ]
    lines += [f"    {e}" for e in summary["errors"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20, help="simulated trainees (default 20)")
    parser.add_argument("--ramp", type=float, default=0.0, help="spread the logins over S seconds")
    parser.add_argument("--timeout", type=float, default=600.0, help="per trainee, seconds")
    parser.add_argument("--step-timeout", type=float, default=180.0, help="each step, seconds")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary hub folder")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= MAX_USERS:
        parser.error(f"--users must be between 1 and {MAX_USERS}")

    work = Path(tempfile.mkdtemp(prefix="casebook-hub-load-"))
    names = [f"t{i:03d}" for i in range(1, args.users + 1)]
    hub = start_hub(work, args.users)
    try:
        started = time.monotonic()
        trainees = asyncio.run(run_all(hub, names, args.ramp, args.step_timeout, args.timeout))
        wall = time.monotonic() - started
        memory = memory_by_trainee(hub)
        extra = {
            "ramp": args.ramp,
            "wall_seconds": wall,
            "hub_overhead_mb": hub_overhead(hub),
            "idle_culler_running": idle_culler_running(hub),
        }
    finally:
        stop_hub(hub)
    extra["grade"] = grade(hub, work / "grades")
    summary = summarise(trainees, memory, extra)
    print(report(summary))
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"  hub folder kept: {work}")
    expected = [n.upper() for n in names]
    graded_all = extra["grade"].get("trainees") == expected
    return 0 if graded_all and not summary["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
