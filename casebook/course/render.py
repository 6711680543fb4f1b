"""The course plan, the exams and the case debriefs as HTML, from the course data.

Two uses: the trainer edition's pages (``book/course_plan.md``, ``book/case_debriefs.md``),
where every resource links to its page of the book, and the printable handouts
(:mod:`casebook.course.handouts`), where it is named without a link. Everything from data is
escaped; the functions return HTML fragments (no page chrome).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from casebook.course.loader import BookIndex, CaseRef, CourseContent, repo_root
from casebook.course.schema import BLOCK_LABELS, SESSION_LABELS, Block, BlockType, Day, Exam


def _e(text: object) -> str:
    return escape(str(text), quote=True)


@dataclass(frozen=True)
class Links:
    """How resources are shown: linked from a page in ``book/`` of the built site, or named.

    ``from_dir`` is the folder of the page the HTML goes into (``book``); ``None`` gives
    plain names (for print).
    """

    book: BookIndex | None
    exercises: Mapping[str, tuple[str, str]]  # id → (title, page)
    cases: Mapping[str, CaseRef]
    from_dir: str | None = "book"
    debriefs_page: str = "book/case_debriefs"
    plan_page: str = "book/course_plan"

    def href(self, page: str, anchor: str = "") -> str:
        """A relative link from ``from_dir`` to a page of the site (``book/qa`` …)."""
        folder, _, name = page.partition("/")
        target = f"{name}.html" if folder == self.from_dir else f"../{folder}/{name}.html"
        return target + (f"#{anchor}" if anchor else "")

    def _a(self, text: str, page: str, anchor: str = "") -> str:
        if self.from_dir is None:
            return _e(text)
        return f'<a href="{_e(self.href(page, anchor))}">{_e(text)}</a>'

    def page(self, page: str) -> str:
        title = self.book.titles.get(page, page) if self.book else page
        return self._a(f"《{title}》" if page.startswith("book/") else title, page)

    def section(self, label: str) -> str:
        if self.book is None or label not in self.book.labels:
            return _e(label)
        title = self.book.label_titles.get(label, label)
        return self._a(f"「{title}」", self.book.labels[label], label)

    def exercise(self, exercise_id: str) -> str:
        title, page = self.exercises.get(exercise_id, ("", ""))
        text = f"练习 {exercise_id}" + (f"：{title}" if title else "（尚未安装）")
        return self._a(text, page) if page else _e(text)

    def case_title(self, case_id: str) -> str:
        ref = self.cases.get(case_id)
        return self._a(ref.title, ref.page, ref.anchor) if ref else _e(case_id)

    def case(self, case_id: str) -> str:
        """The case and, on the site, a link to its debrief."""
        if self.from_dir is None or case_id not in self.cases:
            return self.case_title(case_id)
        debrief = self._a("讲评", self.debriefs_page, debrief_anchor(case_id))
        return f"{self.case_title(case_id)}（{debrief}）"

    def exam(self, exam: Exam) -> str:
        return self._a(f"{exam.title}（{exam.id}）", self.plan_page, exam_anchor(exam.id))


def table(headers: list[str], rows: list[list[str]], css: str = "") -> str:
    """A designed table (the site's ``casebook-table``: on a phone each row becomes a card,
    each cell labelled with its column). Cells are HTML already escaped by the caller."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f'<td data-label="{_e(h)}">{c}</td>' for h, c in zip(headers, row, strict=True))
        + "</tr>"
        for row in rows
    )
    classes = f"casebook-table {css}".strip()
    return f'<table class="{classes}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def debrief_anchor(case_id: str) -> str:
    """The id of a case's debrief on the debriefs page."""
    return f"debrief-{case_id.lower()}"


def exam_anchor(exam_id: str) -> str:
    return f"exam-{exam_id.lower()}"


def links_for(content: CourseContent, from_dir: str | None = "book") -> Links:
    """Links (or plain names, with ``from_dir=None``) for the packaged casebook."""
    from casebook.grading.catalog import default_catalog

    root = repo_root()
    book = BookIndex.read(root) if root is not None else None
    exercises = {
        e.id: (e.title, e.notebook.removesuffix(".ipynb")) for e in default_catalog().values()
    }
    return Links(book, exercises, content.cases, from_dir)


def _clock(start: str, minutes: int) -> str:
    base = datetime.strptime(start, "%H:%M")
    return (base + timedelta(minutes=minutes)).strftime("%H:%M")


def block_times(content: CourseContent, day: Day) -> list[tuple[str, str]]:
    """``(start, end)`` of each block of ``day``, from the plan's session start times."""
    plan = content.plan
    elapsed = {"am": 0, "pm": 0}
    starts = {"am": plan.morning_start, "pm": plan.afternoon_start}
    times = []
    for block in day.blocks:
        begin = elapsed[block.session]
        elapsed[block.session] += block.minutes
        times.append(
            (
                _clock(starts[block.session], begin),
                _clock(starts[block.session], elapsed[block.session]),
            )
        )
    return times


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} 小时" + (f" {rest} 分" if rest else "")


def resources_html(content: CourseContent, block: Block, links: Links) -> str:
    """The casebook resources a block uses, as a list."""
    res = block.resources
    items: list[str] = []
    items += [links.page(p) for p in res.pages]
    items += [links.section(s) for s in res.sections]
    if res.drill_levels:
        items.append(
            f"{links.page('notebooks/drills')}：{'、'.join(res.drill_levels)}级情景题"
            if links.from_dir
            else f"情景快问快答：{'、'.join(res.drill_levels)}级"
        )
    items += [links.exercise(x) for x in res.exercises]
    items += [links.case(c) for c in res.cases]
    if res.exam:
        exam = content.exams[res.exam]
        parts = "".join(f"<li>{_e(p.label)}：{links.exercise(p.exercise)}</li>" for p in exam.parts)
        items.append(f"{links.exam(exam)}<ul>{parts}</ul>")
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def overview_html(content: CourseContent, links: Links) -> str:
    """One row per day: title, hours, and minutes by block type; a total row."""
    plan = content.plan
    kinds = list(BlockType)
    rows = []
    totals: Counter[BlockType] = Counter()
    for day in plan.days:
        by_type: Counter[BlockType] = Counter()
        for block in day.blocks:
            by_type[block.type] += block.minutes
        totals.update(by_type)
        name = f"第 {day.day} 天"
        if links.from_dir is not None:
            name = f'<a href="#day-{day.day}">{name}</a>'
        rows.append(
            [name, _e(day.title), _hours(day.minutes), *(str(by_type[k] or "—") for k in kinds)]
        )
    rows.append(["合计", "", _hours(plan.minutes), *(str(totals[k] or "—") for k in kinds)])
    headers = ["日程", "主题", "时长", *(f"{BLOCK_LABELS[k]}（分钟）" for k in kinds)]
    return table(headers, rows, "course-overview")


def day_html(content: CourseContent, day: Day, links: Links, trainer: bool = True) -> str:
    """One day: its goal and a table of blocks (with the trainer's notes when ``trainer``)."""
    rows = []
    for block, (start, end) in zip(day.blocks, block_times(content, day), strict=True):
        goals = "<ul>" + "".join(f"<li>{_e(o)}</li>" for o in block.objectives) + "</ul>"
        row = [
            f'{SESSION_LABELS[block.session]} {start}–{end}<br><span class="muted">{block.minutes} 分钟</span>',
            f'<b>{_e(block.title)}</b><br><span class="block-type">{BLOCK_LABELS[block.type]}</span>',
            goals,
        ]
        if trainer:
            row.append(_e(block.how))
        row.append(resources_html(content, block, links))
        rows.append(row)
    headers = ["时间", "环节", "学完能做到", *(["培训师做法"] if trainer else []), "用到的内容"]
    return (
        f'<section class="course-day" id="day-{day.day}">'
        f"<h3>第 {day.day} 天：{_e(day.title)}（{_hours(day.minutes)}）</h3>"
        f"<p>{_e(day.goal)}</p>{table(headers, rows, 'course-day-table')}</section>"
    )


def plan_html(content: CourseContent, links: Links, trainer: bool = True) -> str:
    """The whole plan: the overview, then every day."""
    return overview_html(content, links) + "".join(
        day_html(content, day, links, trainer) for day in content.plan.days
    )


def exam_html(content: CourseContent, exam: Exam, links: Links) -> str:
    """An exam: its parts, weights, the pass rule, and parts not yet installed."""
    rows = []
    for part in exam.parts:
        rule = []
        if part.min_percent is not None:
            rule.append(f"单项得分率 ≥ {part.min_percent:g}%")
        if part.no_red_line:
            rule.append("不得有任何红线违规")
        rows.append(
            [
                _e(part.label),
                links.exercise(part.exercise),
                f"{part.weight:g}",
                _e("；".join(rule) or "—"),
            ]
        )
    pending = content.pending.get(exam.id, [])
    note = (
        f'<p class="exam-pending"><b>注意</b>：{_e("、".join(pending))} 还不在这一版的练习目录中，'
        "在它们安装之前，这套考核不能布置（casebook assign 会说明缺少哪一个练习）。</p>"
        if pending
        else ""
    )
    return (
        f'<section class="course-exam" id="{exam_anchor(exam.id)}">'
        f"<h3>{_e(exam.title)}（{_e(exam.id)}）</h3><p>{_e(exam.intro)}</p>"
        f"{table(['部分', '练习', '权重', '单项要求'], rows, 'course-exam-table')}"
        f"<p><b>通过条件</b>：{_e(exam.rule_text())}；缺交任何一部分即为未通过。</p>{note}</section>"
    )


def debrief_html(content: CourseContent, case_id: str, links: Links) -> str:
    """The debrief of one case: focus, questions with expected points, common mistakes."""
    debrief = content.debriefs[case_id]
    used = where_used(content).get(case_id, [])
    used_text = f"；课程计划中用于{'、'.join(used)}" if used else ""
    questions = []
    for number, q in enumerate(debrief.questions, start=1):
        expect = "".join(f"<li>{_e(p)}</li>" for p in q.expect)
        note = f'<p class="debrief-note"><b>讲评提示</b>：{_e(q.note)}</p>' if q.note else ""
        questions.append(
            f'<li class="debrief-question"><p><b>问题 {number}</b>：{_e(q.ask)}</p>'
            f"<p><b>参考要点</b>：</p><ul>{expect}</ul>{note}</li>"
        )
    mistakes = "".join(f"<li>{_e(m)}</li>" for m in debrief.mistakes)
    return (
        f'<section class="case-debrief" id="{debrief_anchor(case_id)}">'
        f"<h3>{links.case_title(case_id)}</h3>"
        f"<p><b>讲评重点</b>：{_e(debrief.focus)}"
        f'<span class="muted">（约 {debrief.minutes} 分钟{_e(used_text)}）</span></p>'
        f"<ol class='debrief-questions'>{''.join(questions)}</ol>"
        f"<p><b>学员常见的错误</b>：</p><ul>{mistakes}</ul></section>"
    )


def debriefs_html(content: CourseContent, links: Links) -> str:
    """Every debrief, worked cases first, with an index of links at the top."""
    order = sorted(content.debriefs, key=lambda c: (c.startswith("WC-"), c))
    index = "".join(
        f'<li><a href="#{debrief_anchor(c)}">{_e(content.cases[c].title)}</a></li>'
        if links.from_dir
        else f"<li>{_e(content.cases[c].title)}</li>"
        for c in order
    )
    return f'<ul class="debrief-index">{index}</ul>' + "".join(
        debrief_html(content, c, links) for c in order
    )


def where_used(content: CourseContent) -> dict[str, list[str]]:
    """``{case id: ["第 2 天 案例研讨：…"]}``: the blocks that use each case."""
    used: dict[str, list[str]] = {}
    for day, block in content.plan.blocks():
        for case in block.resources.cases:
            used.setdefault(case, []).append(f"第 {day.day} 天「{block.title}」")
    return used
