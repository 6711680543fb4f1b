"""A trainee plays a whole call in the call simulator served by Voilà (as `make train` serves
it), in Debian's Chromium: offered replies as buttons, one turn typed as free text, a
violating reply with its feedback, and the end-of-call score card with the annotated
transcript."""

from __future__ import annotations

import pytest

from tests.browser.conftest import INTERACTIVE
from tests.browser.test_voila_browser import training_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    log = tmp_path_factory.mktemp("voila-call") / "voila.log"
    with training_server(log, "--VoilaConfiguration.preheat_kernel=False") as (_, url):
        yield url


def _press(page, option_id: str) -> None:
    """Click the button of an offered reply (its tooltip is the option id)."""
    button = page.locator(f".widget-button[title='{option_id}']")
    button.wait_for(timeout=30_000)
    button.click()


def test_a_trainee_plays_a_full_call(new_page, voila, artifacts):
    page, watch = new_page(voila)
    page.goto(voila, timeout=60_000)
    page.locator("#casebook-simulators a", has_text="通话演练").click()
    page.wait_for_url("**/voila/render/call_simulator.ipynb*", wait_until="commit")
    page.wait_for_function(INTERACTIVE, timeout=120_000)
    feedback = page.locator(".widget-html", has_text="这一轮")

    _press(page, "open-intro")
    page.locator(".widget-html", has_text="这一轮合规").first.wait_for(timeout=30_000)
    page.locator(".widget-textarea textarea").fill(
        "为了保护您的信息，麻烦您说一下身份证号码后四位，以及预留地址所在的区，我核对一下。"
    )
    page.locator(".widget-button", has_text="说出这句话").click()
    page.locator(".widget-html", has_text="已了解的情况").first.wait_for(timeout=30_000)
    page.locator("text=核身通过").first.wait_for(timeout=30_000)

    _press(page, "purpose-threat")  # a violation: its rule, citation and a better reply
    page.locator(".widget-html", has_text="这一轮违反了规则").first.wait_for(timeout=30_000)
    text = feedback.first.inner_text()
    assert "CN-NO-CRIMINAL-THREAT" in text and "更好的说法" in text and "依据" in text
    page.screenshot(path=str(artifacts / "voila-call-violation.png"))

    for option_id in ("purpose-explain", "reason-how", "plan-ask", "confirm-sms"):
        _press(page, option_id)
    end = page.locator(".widget-html", has_text="成绩单")
    end.first.wait_for(timeout=30_000)
    summary = end.first.inner_text()
    assert "承诺还款" in summary and "CN-NO-CRIMINAL-THREAT" in summary
    assert "得分 85" in summary  # 100 − 30 points of compliance, weighted half
    assert page.locator(".widget-button", has_text="说出这句话").is_hidden()
    end.first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "voila-call-end.png"), full_page=True)
    assert watch.external == [], watch.external
    assert [e for e in watch.errors if "favicon" not in e] == []
