"""The built editions: the course plan, debriefs and trainer guide in the trainer edition, and
none of their text anywhere in the trainee edition (pages, sources, search indexes)."""

from __future__ import annotations

import gzip
import os
import re
from html import unescape

import pytest

from casebook.course.loader import load_course
from tests.conftest import ROOT

pytestmark = pytest.mark.site

TRAINEE = ROOT / "_build" / "html"
TRAINER = ROOT / "_build" / "trainer" / "html"


@pytest.fixture(scope="module", autouse=True)
def built():
    if not (TRAINEE / "index.html").is_file() or not (TRAINER / "index.html").is_file():
        message = "both editions must be built (make editions)"
        if os.environ.get("CASEBOOK_REQUIRE_SITE"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def course():
    return load_course(book_root=ROOT)


def _text(path):
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", path.read_text("utf-8"), flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "", html))


def _trainer_only_snippets(course) -> list[str]:
    """Texts that exist only in the trainer's course pages."""
    snippets = []
    for debrief in course.debriefs.values():
        snippets += [q.ask[:24] for q in debrief.questions] + [debrief.mistakes[0][:24]]
    snippets += [block.how[:24] for _, block in course.plan.blocks()]
    snippets += [exam.rule_text()[:40] for exam in course.exams.values()]
    return snippets


def _every_file_text(site):
    """The text of every file of a site. Pagefind's fragments are gzip-compressed, with a
    zero-width space between the words it segmented."""
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix in {".png", ".jpg", ".svg", ".woff", ".woff2", ".ico"}:
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        yield path, data.decode("utf-8", errors="ignore").replace("\u200b", "")


def test_trainee_edition_holds_no_course_plan_debrief_or_exam_key(course):
    snippets = _trainer_only_snippets(course)
    assert len(snippets) > 100
    leaks = {}
    for path, text in _every_file_text(TRAINEE):
        found = [s for s in snippets if s in text]
        if found:
            leaks[str(path.relative_to(TRAINEE))] = found[:3]
    assert leaks == {}
    for page in ("course_plan", "case_debriefs", "trainer_guide"):
        assert not (TRAINEE / "book" / f"{page}.html").exists()
        assert not (TRAINEE / "_sources" / "book" / f"{page}.md").exists()


def test_trainer_edition_has_the_plan_the_exam_and_every_debrief(course):
    plan = _text(TRAINER / "book" / "course_plan.html")
    for day, block in course.plan.blocks():
        assert day.title in plan and block.title in plan and block.how[:24] in plan
    for exam in course.exams.values():
        assert exam.rule_text() in plan
    html = (TRAINER / "book" / "case_debriefs.html").read_text("utf-8")
    debriefs = _text(TRAINER / "book" / "case_debriefs.html")
    for case_id, debrief in course.debriefs.items():
        assert f'id="debrief-{case_id.lower()}"' in html
        assert debrief.questions[-1].ask in debriefs and debrief.questions[-1].expect[0] in debriefs


def test_course_plan_links_lead_to_pages_of_the_trainer_edition():
    html = (TRAINER / "book" / "course_plan.html").read_text("utf-8")
    hrefs = set(re.findall(r'href="((?:\.\./)?[a-z_]+(?:/[a-z0-9_]+)?\.html)(?:#[^"]*)?"', html))
    assert len(hrefs) > 20
    missing = [h for h in hrefs if not (TRAINER / "book" / h).resolve().is_file()]
    assert missing == []
    anchors = re.findall(r'href="case_debriefs\.html#([a-z0-9-]+)"', html)
    debriefs = (TRAINER / "book" / "case_debriefs.html").read_text("utf-8")
    assert anchors and all(f'id="{a}"' in debriefs for a in anchors)


def test_trainer_guide_is_the_entry_to_the_week():
    guide = (TRAINER / "book" / "trainer_guide.html").read_text("utf-8")
    for target in ("course_plan.html", "case_debriefs.html", "qa.html", "deployment.html"):
        assert f'href="{target}' in guide, target
    text = _text(TRAINER / "book" / "trainer_guide.html")
    for words in ("make dashboard", "casebook assign", "casebook grade", "make handouts", "cert01"):
        assert words in text
