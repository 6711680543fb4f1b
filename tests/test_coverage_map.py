"""The coverage map (book/coverage.md) keeps every seed point tied to a section, cases and exercises.

The 17 points are written out here from the seed text, independently of the package, so the
test fails if a point disappears from the map, loses its section anchor, or loses its cases.
"""

from __future__ import annotations

import re

import pytest

from casebook.cases import load_all_cases
from tests.conftest import ROOT

BOOK = ROOT / "book"
COVERAGE = BOOK / "coverage.md"

#: (key, label) of the seed's 5 channels, 4 failure causes, 4 efficiency measures, 4 compliance points.
SEED_POINTS = [
    ("channels.phone", "电话催收"),
    ("channels.sms", "短信催收"),
    ("channels.mail", "信函与电子邮件催收"),
    ("channels.visit", "上门催收"),
    ("channels.legal", "法律途径"),
    ("causes.contact_invalid", "联系方式失效"),
    ("causes.evasion", "恶意逃避"),
    ("causes.hardship", "财务状况恶化"),
    ("causes.weak_means", "催收手段不足"),
    ("efficiency.process", "完善催收流程"),
    ("efficiency.team", "加强催收团队建设"),
    ("efficiency.technology", "利用科技手段"),
    ("efficiency.court", "加强与法院的合作"),
    ("compliance.law", "遵守法律法规"),
    ("compliance.civility", "文明催收"),
    ("compliance.privacy", "保护个人隐私"),
    ("compliance.excess", "防止催收过度"),
]
#: Chapter files of the book whose sections must end with 常见错误 and 法规依据.
CHAPTERS = [
    "channels",
    "failure_causes",
    "efficiency",
    "compliance",
    "judicial",
    "cases",
    "coverage",
    "references",
]

ROW = re.compile(
    r"^\| (?P<label>[^|]+?) \| `(?P<key>[a-z]+\.[a-z_]+)` \| (?P<section>[^|]+?) "
    r"\| (?P<cases>[^|]+?) \| (?P<exercises>[^|]+?) \|$"
)
REF = re.compile(r"\{ref\}`(?:[^`<]*<)?(?P<label>[a-z0-9-]+)>?`")
DOC = re.compile(r"\{doc\}`(?:[^`<]*<)?(?P<path>[^`>]+)>?`")
CASE_PAGE = re.compile(r"\.\./notebooks/(case_\d\d_[a-z0-9_]+)")
TARGET = re.compile(r"^\(([a-z0-9-]+)\)=$", re.M)


def _rows() -> dict[str, re.Match]:
    rows = {}
    for line in COVERAGE.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            assert match["key"] not in rows, f"{match['key']} listed twice"
            rows[match["key"]] = match
    return rows


def _targets() -> dict[str, str]:
    """Every MyST target ``(label)=`` in the book, mapped to its file."""
    found: dict[str, str] = {}
    for path in sorted(BOOK.glob("*.md")):
        for label in TARGET.findall(path.read_text(encoding="utf-8")):
            assert label not in found, f"label {label} defined in {found[label]} and {path.name}"
            found[label] = path.name
    return found


def _section(label: str) -> str:
    """The text of the section a label points to, up to the next heading of the same level."""
    text = (BOOK / _targets()[label]).read_text(encoding="utf-8")
    after = text[text.index(f"({label})=") :].split("\n", 1)[1]
    heading = re.match(r"(#+) ", after)
    assert heading, f"label {label} is not followed by a heading"
    level = len(heading.group(1))
    end = re.search(rf"^#{{1,{level}}} ", after[heading.end() :], re.M)
    return after if end is None else after[: heading.end() + end.start()]


CASES = load_all_cases()
ROWS = _rows()


def test_the_map_lists_exactly_the_seventeen_points_in_order():
    assert list(ROWS) == [key for key, _ in SEED_POINTS]
    assert [ROWS[key]["label"] for key, _ in SEED_POINTS] == [label for _, label in SEED_POINTS]


@pytest.mark.parametrize("key", [k for k, _ in SEED_POINTS])
def test_point_has_its_section_anchor(key):
    refs = REF.findall(ROWS[key]["section"])
    group, name = key.split(".")
    assert refs == [f"{group}-{name.replace('_', '-')}"]
    (label,) = refs
    assert label in _targets(), f"section anchor {label} of {key} is missing from book/"
    section = _section(label)
    assert "#### 常见错误" in section and "#### 法规依据" in section


@pytest.mark.parametrize("key", [k for k, _ in SEED_POINTS])
def test_point_has_its_cases_and_they_agree_with_the_case_files(key):
    listed = CASE_PAGE.findall(ROWS[key]["cases"])
    assert listed, f"{key} has no case"
    claiming = [c.notebook_name for c in CASES if key in c.covers.point_keys()]
    assert listed == claiming
    for page in listed:
        assert (ROOT / "notebooks" / f"{page}.ipynb").is_file(), page


@pytest.mark.parametrize("key", [k for k, _ in SEED_POINTS])
def test_point_has_exercises_that_resolve(key):
    cell = ROWS[key]["exercises"]
    labels = REF.findall(cell)
    docs = DOC.findall(cell)
    assert labels or docs, f"{key} has no exercise"
    targets = _targets()
    for label in labels:
        assert label in targets, label
    for doc in docs:
        path = (BOOK / doc).resolve()
        assert path.with_suffix(".ipynb").is_file() or path.with_suffix(".md").is_file(), doc


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_opens_with_standard_answer_and_sections_end_properly(chapter):
    text = (BOOK / f"{chapter}.md").read_text(encoding="utf-8")
    assert text.index("## 标准答案") < text.index("## 详细解答"), chapter
    assert "```{dropdown}" in text, f"{chapter} has no self-check answers"
    detail = text[text.index("## 详细解答") :]
    detail = detail.split("\n## ", 1)[0]
    sections = re.split(r"^### ", detail, flags=re.M)[1:]
    assert sections, chapter
    for section in sections:
        title = section.splitlines()[0]
        assert "#### 常见错误" in section, f"{chapter}: {title} lacks 常见错误"
        assert "#### 法规依据" in section, f"{chapter}: {title} lacks 法规依据"
        assert section.index("#### 常见错误") < section.index("#### 法规依据"), title


def test_the_home_page_has_standard_answers_and_mistakes_but_no_filler():
    """The home page states no law: its sections end with 常见错误 and carry no 法规依据
    heading filled with 「本节不陈述法律规则」 (issue 11)."""
    text = (BOOK / "index.md").read_text(encoding="utf-8")
    assert text.index("## 标准答案") < text.index("## 详细解答")
    detail = text[text.index("## 详细解答") :].split("\n## ", 1)[0]
    sections = re.split(r"^### ", detail, flags=re.M)[1:]
    assert sections
    for section in sections:
        assert "#### 常见错误" in section, section.splitlines()[0]
        if "#### 法规依据" in section:
            assert section.index("#### 常见错误") < section.index("#### 法规依据")


FILLER = re.compile(r"本[节页章题]不(陈述|涉及)法律")


def test_no_filler_sentences_in_the_book_or_the_data():
    """Sentences that say nothing (「本节不陈述法律规则。」) are not written to fill a heading."""
    files = [*BOOK.glob("*.md"), *(ROOT / "casebook" / "data").rglob("*.yaml")]
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in files
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if FILLER.search(line)
    ]
    assert found == []


def test_glossary_defines_every_term_the_book_and_the_cases_use():
    glossary = (BOOK / "glossary.md").read_text(encoding="utf-8")
    # A definition may have several terms, one per line, above its indented text.
    defined = {
        term
        for block in re.findall(r"^((?:\S[^\n]*\n)+)  \S", glossary, re.M)
        for term in block.splitlines()
    }
    used = {t for c in CASES for t in c.terms}
    for path in BOOK.glob("*.md"):
        used |= set(re.findall(r"\{term\}`([^`<]+)`", path.read_text(encoding="utf-8")))
    assert used <= defined, sorted(used - defined)
    for term in ("有效催收", "个性化分期", "支付令", "恶意透支"):
        assert term in defined
