"""The trainee's real path: the simulator served by Voilà, used in a browser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import free_port, wait_for_port
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

VOILA = Path(sys.executable).parent / "voila"


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                str(VOILA),
                str(ROOT / "notebooks"),
                "--no-browser",
                f"--port={port}",
                "--Voila.ip=127.0.0.1",
                "--template=casebook",
                "--VoilaConfiguration.classic_tree=True",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            env={**os.environ, "JUPYTER_PATH": str(ROOT / "share" / "jupyter")},
        )
    try:
        wait_for_port(port, 60, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _select(page, label: str, option_label: str) -> None:
    box = page.locator(".widget-dropdown", has=page.locator("label", has_text=label))
    box.locator("select").select_option(label=option_label)


def test_landing_page_lists_the_simulators(new_page, voila_url, artifacts):
    page, watch = new_page(voila_url)
    page.goto(voila_url, timeout=60_000)
    listed = page.locator("#casebook-simulators li b").all_inner_texts()
    assert listed[:4] == ["安排联系计划", "情景快问快答", "多日案件演练", "话术检查"], listed
    page.screenshot(path=str(artifacts / "voila-landing.png"))
    assert watch.external == [], watch.external
    assert [e for e in watch.errors if "favicon" not in e] == []


def test_trainee_plans_assesses_and_reads_the_violated_rule(new_page, voila_url, artifacts):
    page, watch = new_page(voila_url)
    page.goto(voila_url, timeout=60_000)
    page.locator("#casebook-simulators a", has_text="安排联系计划").click()
    assess = page.locator(".widget-button", has_text="评估")
    assess.wait_for(timeout=120_000)
    assert page.locator("text=import").count() == 0, "Voilà must hide the sources"
    _select(page, "时间", "07:30")
    _select(page, "方式", "电话")
    page.locator(".widget-textarea textarea").fill("你好，我是星河银行的工作人员。")
    page.locator(".widget-button", has_text="加入计划").click()
    page.locator("text=已加入第 1 条行动").wait_for(timeout=30_000)
    assess.click()
    feedback = page.locator(".widget-html", has_text="CN-CONTACT-HOURS")
    feedback.first.wait_for(timeout=30_000)
    text = feedback.first.inner_text()
    assert "22:00 至次日 08:00 不得催收" in text and "应当怎么做" in text
    feedback.first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "voila-feedback.png"))
    assert watch.external == [], watch.external
    assert [e for e in watch.errors if "favicon" not in e] == []
