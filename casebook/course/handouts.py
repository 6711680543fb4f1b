"""Printable handouts (A4, Chinese), every sheet rendered from the casebook's data.

``casebook course handouts --out DIR`` (or ``make handouts``, which also prints each sheet
to PDF with Debian's Chromium) writes one self-contained HTML file per sheet:

======================  ===============================================================
``timetable.html``      课程表: the five days for trainees (no trainer notes, no exam key)
``call_flow_card.html`` 通话流程卡: the ten steps, how, one compliant wording each
                        (``casebook/data/conversation/call_flow.yaml``)
``qa_form.html``        质检评分表 with blank columns to fill in (``casebook/data/qa/form.yaml``)
``rules.html``          合规规则摘要: every rule of the packs, by category, with its status
``glossary.html``       术语表 (the ``{glossary}`` blocks of ``book/glossary.md``)
``trainer/course_plan.html``  the full plan with the trainer's notes and the exam
``trainer/debriefs.html``     the case debriefs
``index.html``          what each sheet is, and who gets it
======================  ===============================================================

The trainer's sheets go into ``trainer/`` so that the folder's top level can be handed out
as it is. Files are written beside their final names and renamed into place.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from casebook.course.loader import CourseContent, default_course, repo_root

FOOTER = "书中人物与数据均为虚构；内容不构成法律意见。"

PRINT_CSS = """
@page { size: A4; margin: 14mm 13mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "Microsoft YaHei",
  "PingFang SC", sans-serif; font-size: 10.5pt; line-height: 1.5; color: #111; margin: 0 auto;
  max-width: 184mm; padding: 8mm 0; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 1.5pt solid #111; padding-bottom: 1mm;
  break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11.5pt; margin: 4mm 0 1mm; break-after: avoid; page-break-after: avoid; }
p { margin: 1mm 0 2mm; }
ul, ol { margin: 1mm 0 2mm; padding-left: 6mm; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 4mm; }
th, td { border: 0.6pt solid #444; padding: 1.2mm 1.8mm; text-align: left; vertical-align: top; }
th { background: #e8e8e8; }
tr, .card, li { break-inside: avoid; page-break-inside: avoid; }
td ul { margin: 0; padding-left: 4mm; }
.muted, .source { color: #444; font-size: 9pt; }
.blank { width: 16mm; }
.num, .nowrap { white-space: nowrap; }
table.compact { font-size: 9pt; }
.card { border: 0.8pt solid #444; border-radius: 2mm; padding: 2mm 3mm; margin: 0 0 3mm; }
.card h3 { margin-top: 0; }
.say { background: #f0f0f0; padding: 1mm 2mm; border-left: 2pt solid #111; }
.course-day, .case-debrief { break-before: page; page-break-before: always; }
.course-day:first-of-type, .case-debrief:first-of-type { break-before: auto; page-break-before: auto; }
.exam-pending { border: 0.8pt dashed #444; padding: 1mm 2mm; }
.block-type { font-size: 9pt; border: 0.6pt solid #444; border-radius: 1mm; padding: 0 1mm; }
dl { margin: 0; } dt { font-weight: bold; margin-top: 2mm; break-after: avoid; }
dd { margin: 0 0 0 6mm; }
footer { margin-top: 6mm; border-top: 0.6pt solid #888; padding-top: 1mm; }
@media screen { body { padding: 10mm; } }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def page(title: str, body: str, source: str) -> str:
    """A standalone print-friendly page (A4, no external resources)."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{PRINT_CSS}</style></head><body>\n"
        f"<h1>{_e(title)}</h1>\n{body}\n"
        f'<footer class="source">{_e(FOOTER)}本页由 {_e(source)} 生成。</footer></body></html>\n'
    )


# --- the sheets ----------------------------------------------------------------------------


def timetable(content: CourseContent) -> str:
    from casebook.course import render

    plan = content.plan
    links = render.links_for(content, from_dir=None)
    body = f"<p>{_e(plan.intro)}</p>" + render.plan_html(content, links, trainer=False)
    return page(f"{plan.title}：课程表", body, "casebook/data/course/plan.yaml")


def course_plan(content: CourseContent) -> str:
    from casebook.course import render

    plan = content.plan
    links = render.links_for(content, from_dir=None)
    exams = "".join(render.exam_html(content, e, links) for e in content.exams.values())
    body = (
        '<p class="muted">仅培训师使用，不要发给学员。</p>'
        f"<p>{_e(plan.intro)}</p><p><b>学员</b>：{_e(plan.audience)}</p>"
        + render.plan_html(content, links, trainer=True)
        + f'<section class="course-day"><h2>考核</h2>{exams}</section>'
    )
    return page(f"{plan.title}（培训师版）", body, "casebook/data/course/plan.yaml、exams.yaml")


def debriefs(content: CourseContent) -> str:
    from casebook.course import render

    links = render.links_for(content, from_dir=None)
    body = '<p class="muted">仅培训师使用，不要发给学员。</p>' + render.debriefs_html(
        content, links
    )
    return page("案例讲评（培训师版）", body, "casebook/data/course/debriefs.yaml")


def call_flow_card() -> str:
    from casebook.conversation.loader import default_conversation

    steps = default_conversation().flow.steps
    cards = []
    for number, step in enumerate(steps, start=1):
        how = "".join(f"<li>{_e(h)}</li>" for h in step.how)
        say = step.wording[0]
        cards.append(
            f'<div class="card"><h3>{number}. {_e(step.title)}</h3><ul>{how}</ul>'
            f'<p class="say"><b>可以这样说</b>（{_e(say.situation)}）：{_e(say.compliant)}</p>'
            f'<p class="muted">依据：{_e("、".join(step.rules))}</p></div>'
        )
    body = (
        "<p>一通催收电话的十个步骤：每一步怎么做、可以怎么说、依据哪些规则（规则全文见「合规规则摘要」）。</p>"
        + "".join(cards)
    )
    return page("通话流程卡", body, "casebook/data/conversation/call_flow.yaml")


def qa_form() -> str:
    from casebook.qa.loader import default_qa
    from casebook.qa.schema import GROUP_LABELS

    form = default_qa().form
    rows = []
    guide = []
    for item in form.items:
        rows.append(
            f'<tr><td class="nowrap">{_e(GROUP_LABELS[item.group])}</td><td><b>{_e(item.title)}</b></td>'
            f'<td class="num">{item.points}</td><td class="num">{item.per_fault}</td>'
            f"<td>{_e(item.earns)}</td>"
            '<td class="blank"></td><td class="blank"></td></tr>'
        )
        loses = "".join(f"<li>{_e(x)}</li>" for x in item.loses)
        basis = "、".join(item.rules) or "行内政策"
        guide.append(
            f'<div class="card"><h3>{_e(item.title)}</h3><p class="muted">依据：{_e(basis)}</p>'
            f"<ul>{loses}</ul></div>"
        )
    body = (
        "<p>录音编号：__________　坐席工号：__________　质检员：__________　日期：__________</p>"
        f"<p>{_e(form.intro)}</p><p><b>红线</b>：{_e(form.red_line_rule)}</p>"
        '<table class="compact"><thead><tr><th>类别</th><th>项目</th><th class="num">分值</th>'
        '<th class="num">每处扣分</th><th>得分要求</th><th>问题轮次</th><th>扣分</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        "<p>总分 = 100 − 各项扣分（红线项有扣分的记 0 分）：__________</p>"
        '<section class="course-day"><h2>各项的常见扣分点与依据</h2>'
        + "".join(guide)
        + "</section>"
        '<p class="muted">评分表的项目和分值是本书的示例（行业做法），不是监管规定；各机构以自己的制度为准。</p>'
    )
    return page(form.title, body, "casebook/data/qa/form.yaml")


def rules_summary() -> str:
    from casebook.policy.loader import load_packs
    from casebook.policy.schema import Category

    registry = load_packs(["cn", "house"])
    sections = []
    for category in Category:
        rows = []
        for pack, rule, _ in registry.entries():
            if rule.category is not category:
                continue
            basis = "；".join(c.short() for c in rule.citations)
            rows.append(
                f"<tr><td>{_e(rule.id)}</td><td><b>{_e(rule.title)}</b><br>"
                f'<span class="muted">应当：{_e(rule.instead)}</span></td>'
                f"<td>{_e(basis)}</td><td>{_e(rule.status_label)}</td><td>{_e(pack.meta.title)}</td></tr>"
            )
        if rows:
            sections.append(
                f"<h2>{_e(category.value)}</h2><table><thead><tr><th>规则</th><th>要求与做法</th>"
                "<th>依据</th><th>核实状态</th><th>规则包</th></tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>"
            )
    packs = "，".join(f"{p.meta.title} {p.meta.version}" for p in registry)
    body = (
        f"<p>模拟器和评分器使用的全部规则（{_e(packs)}），按四个合规要点排列。"
        "「核实状态」说明依据的出处是否已核实；标为行内政策的是本书示例银行自己的规定，不是法律。</p>"
        + "".join(sections)
    )
    return page("合规规则摘要", body, "casebook/policies（规则包）")


_ROLE = re.compile(r"\{(?:term|doc|ref)\}`([^`]*)`")
_EXPLICIT = re.compile(r"^(.*?)\s*<[^>]*>$")


def plain(text: str, titles: dict[str, str] | None = None) -> str:
    """MyST inline markup as plain text: roles by their text, bold and code unmarked."""

    def role(match: re.Match[str]) -> str:
        inner = match.group(1)
        explicit = _EXPLICIT.match(inner)
        if explicit:
            return explicit.group(1)
        return (titles or {}).get(f"book/{inner}", inner)

    text = _ROLE.sub(role, text)
    return re.sub(r"\*\*(.+?)\*\*|`([^`]+)`", lambda m: m.group(1) or m.group(2), text)


def glossary_entries(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """``[(group heading, [(term, definition), …]), …]`` from the ``{glossary}`` blocks."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    heading = ""
    inside = False
    for line in text.splitlines():
        if not inside and line.startswith("## "):
            heading = line[3:].strip()
        elif line.startswith("```{glossary}"):
            inside = True
            groups.append((heading, []))
        elif inside and line.startswith("```"):
            inside = False
        elif inside and line.strip() and not line.startswith(":"):
            entries = groups[-1][1]
            if not line[0].isspace():
                entries.append((line.strip(), ""))
            elif entries:
                term, definition = entries[-1]
                entries[-1] = (term, (definition + line.strip()).strip())
    return [(h, e) for h, e in groups if e]


def glossary(book_dir: Path) -> str:
    from casebook.course.loader import BookIndex

    text = (book_dir / "glossary.md").read_text(encoding="utf-8")
    titles = BookIndex.read(book_dir.parent).titles
    sections = []
    for heading, entries in glossary_entries(text):
        items = "".join(f"<dt>{_e(t)}</dt><dd>{_e(plain(d, titles))}</dd>" for t, d in entries)
        sections.append(f"<h2>{_e(heading)}</h2><dl>{items}</dl>")
    body = (
        "<p>书中反复出现的术语和释义，括号中是依据；依据的全称和核实状态见本书「参考法规」。</p>"
        + "".join(sections)
    )
    return page("术语表", body, "book/glossary.md")


# --- the set -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One handout: its file, title, who gets it, and how it is made."""

    file: str
    title: str
    audience: str
    make: Callable[[], str]


def sheets(content: CourseContent | None = None, book_dir: Path | None = None) -> list[Sheet]:
    """Every sheet of the set; the glossary only when the book's sources are available."""
    content = content or default_course()
    if book_dir is None:
        root = repo_root()
        book_dir = root / "book" if root is not None else None
    found = [
        Sheet("timetable.html", "课程表", "学员", lambda: timetable(content)),
        Sheet("call_flow_card.html", "通话流程卡", "学员", call_flow_card),
        Sheet("qa_form.html", "质检评分表", "学员", qa_form),
        Sheet("rules.html", "合规规则摘要", "学员", rules_summary),
    ]
    if book_dir is not None and (book_dir / "glossary.md").is_file():
        found.append(Sheet("glossary.html", "术语表", "学员", lambda: glossary(book_dir)))
    found += [
        Sheet(
            "trainer/course_plan.html",
            "课程计划（含培训师做法和考核）",
            "培训师",
            lambda: course_plan(content),
        ),
        Sheet("trainer/debriefs.html", "案例讲评", "培训师", lambda: debriefs(content)),
    ]
    return found


def index_page(written: Sequence[Sheet]) -> str:
    rows = "".join(
        f'<tr><td><a href="{_e(s.file)}">{_e(s.title)}</a></td><td>{_e(s.audience)}</td>'
        f"<td>{_e(s.file)}</td></tr>"
        for s in written
    )
    body = (
        "<p>打印用 A4 讲义。发给学员的在本文件夹中；<b>trainer/ 子文件夹中的讲义只给培训师</b>，"
        "其中有考核的通过条件和讲评的参考要点。装有 Chromium 时，<code>make handouts</code> 同时为每份讲义生成 PDF。</p>"
        "<table><thead><tr><th>讲义</th><th>给谁</th><th>文件</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
    return page("培训讲义", body, "casebook course handouts")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_handouts(out_dir: str | Path, book_dir: Path | None = None) -> list[Path]:
    """Write every sheet and ``index.html`` into ``out_dir``; return the paths written."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        from casebook.io import InputFileError

        raise InputFileError(f"--out {out}: 这是一个文件，不是文件夹；请指定一个文件夹")
    chosen = sheets(book_dir=book_dir)
    rendered = [(sheet, sheet.make()) for sheet in chosen]  # render all before writing any
    written = []
    for sheet, html in rendered:
        _write(out / sheet.file, html)
        written.append(out / sheet.file)
    _write(out / "index.html", index_page(chosen))
    return [*written, out / "index.html"]
