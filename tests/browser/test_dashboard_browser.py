"""The trainer dashboard in a real browser, served the way `make dashboard` serves it
(tools/dashboard_server.py): upload a roster, tick two exercises, assign, drop submission
files into the collection folder, grade, read the gradebook and open the report."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import INTERACTIVE, free_port, wait_for_port
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

SERVER = ROOT / "tools" / "dashboard_server.py"
ROSTER = "学号,姓名\nT001,张三\nT002,李四\n"


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory, browser):
    workspace = tmp_path_factory.mktemp("workspace")
    log = tmp_path_factory.mktemp("log") / "dashboard.log"
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                str(SERVER),
                f"--workspace={workspace}",
                f"--port={port}",
                "--Voila.ip=127.0.0.1",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    try:
        wait_for_port(port, 60, proc)
        yield f"http://127.0.0.1:{port}", workspace
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _field(page, label: str):
    box = page.locator(".widget-text", has=page.locator("label", has_text=label))
    return box.locator("input")


def _submission(handout: dict, exercise_id: str) -> dict:
    return {
        "schema_version": 2,
        "assignment_id": handout["assignment_id"],
        "exercise_id": exercise_id,
        "trainee_id": handout["trainee_id"],
        "token": handout["token"],
        "variant_seed": handout["variant_seed"],
        "answers": {},  # blank answers are graded (0 points), not rejected
        "action_log": [],
        "submitted_at": "2026-03-20T10:00:00+08:00",
    }


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_assign_collect_grade_in_the_browser(new_page, dashboard, artifacts, tmp_path):
    url, workspace = dashboard
    page, watch = new_page(url)
    page.goto(url, timeout=60_000)
    page.wait_for_function(INTERACTIVE, timeout=120_000)
    assert page.title() == "培训师控制台"
    assert page.locator("text=TrainerDashboard").count() == 0, "sources must be hidden"

    # Nothing chosen yet: a Chinese message, no traceback.
    assign = page.locator(".widget-button", has_text="布置作业")
    assign.click()
    page.locator(".casebook-error", has_text="布置失败").wait_for(timeout=30_000)
    assert "Traceback" not in page.content()

    roster = tmp_path / "一班.csv"
    roster.write_bytes(ROSTER.encode("gbk"))  # as Excel saves it in China
    with page.expect_file_chooser() as chooser:  # the upload button opens the file dialog
        page.locator(".widget-upload", has_text="上传名单").click()
    chooser.value.set_files(str(roster))
    page.locator(".casebook-ok", has_text="名单：2 名学员").wait_for(timeout=30_000)
    for exercise in ("ex01", "ex45"):
        page.locator(".widget-checkbox", has_text=f"{exercise} ").locator("input").check()
    _field(page, "种子").fill("2026")
    _field(page, "作业标题").fill("第一天练习")
    assign.click()
    done = page.locator(".casebook-ok", has_text="已布置作业")
    done.wait_for(timeout=60_000)
    assert "2 名学员 × 2 个练习" in done.inner_text()

    (manifest_path,) = workspace.glob("assignments/*/manifest.json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert [e["id"] for e in manifest["exercises"]] == ["ex01", "ex45"]
    assert manifest["title"] == "第一天练习" and manifest["seed"] == 2026
    collect = workspace / "submissions" / manifest["assignment_id"]
    assert _field(page, "收集文件夹").input_value() == str(collect)

    # The trainees' files arrive in the collection folder.
    handouts = manifest_path.parent / "handouts"
    for trainee, exercises in {"T001": ("ex01", "ex45"), "T002": ("ex45",)}.items():
        for exercise in exercises:
            handout = json.loads((handouts / trainee / f"{exercise}.json").read_text("utf-8"))
            (collect / f"{trainee}-{exercise}.json").write_text(
                json.dumps(_submission(handout, exercise), ensure_ascii=False), encoding="utf-8"
            )

    page.locator(".widget-button", has_text="评分").click()
    graded = page.locator(".casebook-ok", has_text="评分完成")
    graded.wait_for(timeout=120_000)
    assert "已评分 3 份" in graded.inner_text() and "拒收 0 份" in graded.inner_text()
    rows = page.locator("tr.casebook-gradebook-row")
    assert rows.count() == 2
    assert "张三" in rows.nth(0).inner_text() and "李四" in rows.nth(1).inner_text()
    assert "已提交 2/2" in rows.nth(0).inner_text() and "已提交 1/2" in rows.nth(1).inner_text()
    rows.nth(0).scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "dashboard-graded.png"))

    report_href = graded.locator("a", has_text="打开班级报告").get_attribute("href")
    feedback_href = rows.nth(0).locator("a").get_attribute("href")
    assert report_href.endswith("/report.html") and feedback_href.endswith("/feedback/T001.html")
    report, report_watch = new_page(url)
    report.goto(url + report_href, timeout=30_000)
    assert "班级成绩报告" in report.title()
    assert report.locator("text=第一天练习").count() >= 1
    assert _status(url + feedback_href) == 200
    # Only grading outputs are served: never the key, the variants or the handouts.
    rel = manifest_path.parent.relative_to(workspace).as_posix()
    for private in (
        "secret.key",
        "manifest.json",
        "variants/T001/ex01.json",
        "handouts/T001/ex01.json",
    ):
        assert _status(f"{url}/results/{rel}/{private}") == 404, private
    assert watch.external == [] and report_watch.external == []
    assert [e for e in watch.errors if "favicon" not in e] == []
