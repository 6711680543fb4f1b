"""HTML outputs of grading: one feedback page per trainee and the cohort report.

Everything a trainee wrote (answers, quotes), every name and every file name is escaped
with :func:`html.escape`. Charts are matplotlib PNGs embedded as base64, so each page is
one self-contained file that opens offline.
"""

from __future__ import annotations

import base64
import io
import statistics
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, TypedDict

from casebook.grading.schema import (
    AssignmentManifest,
    ExerciseResult,
    FeedbackEntry,
    GradebookRow,
    TraineeEntry,
)
from casebook.palette import (
    ACCENT,
    ATTENTION,
    ATTENTION_EMPHASIS,
    BORDER,
    CANVAS_SUBTLE,
    DANGER,
    FG_DEFAULT,
    FG_MUTED,
    SUCCESS,
)

if TYPE_CHECKING:
    from casebook.grading.grade import GradeRun
    from casebook.model import Action
    from casebook.policy.schema import Pack

_STYLE = f"""
body{{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;max-width:960px;
margin:24px auto;padding:0 16px;color:{FG_DEFAULT};line-height:1.6}}
h1{{font-size:1.5em}}h2{{font-size:1.25em;border-bottom:1px solid {BORDER};padding-bottom:4px;margin-top:2em}}
h3{{font-size:1.05em;margin-bottom:4px}}
table{{border-collapse:collapse;margin:8px 0}}td,th{{border:1px solid {BORDER};padding:3px 10px;text-align:left;
vertical-align:top}}th{{background:{CANVAS_SUBTLE}}}
.fb{{border:1px solid {BORDER};border-radius:6px;padding:6px 12px;margin:6px 0;list-style:none}}
.ok{{border-left:4px solid {SUCCESS}}}.wrong{{border-left:4px solid {DANGER}}}.partial{{border-left:4px solid {ATTENTION_EMPHASIS}}}
.info{{border-left:4px solid {ACCENT}}}.quote{{white-space:pre-wrap;background:{CANVAS_SUBTLE};padding:2px 6px}}
.flag{{color:{ATTENTION}}}.muted{{color:{FG_MUTED};font-size:.9em}}pre.answer{{white-space:pre-wrap;background:{CANVAS_SUBTLE};
padding:6px 10px;margin:4px 0;font-family:inherit}}
"""
#: Styles for feedback embedded in another page (the book): scoped to .casebook-fb.
EMBED_STYLE = (
    f".casebook-fb .fb{{border:1px solid {BORDER};border-radius:6px;padding:6px 12px;margin:6px 0;"
    f"list-style:none}}.casebook-fb .ok{{border-left:4px solid {SUCCESS}}}"
    f".casebook-fb .wrong{{border-left:4px solid {DANGER}}}.casebook-fb .partial{{border-left:4px solid {ATTENTION_EMPHASIS}}}"
    f".casebook-fb .info{{border-left:4px solid {ACCENT}}}.casebook-fb .quote{{white-space:pre-wrap;"
    f"background:{CANVAS_SUBTLE};padding:2px 6px}}.casebook-fb pre.answer{{white-space:pre-wrap;background:{CANVAS_SUBTLE};"
    f"padding:6px 10px;margin:4px 0;font-family:inherit}}.casebook-fb .muted{{color:{FG_MUTED};font-size:.9em}}"
    f".casebook-fb td,.casebook-fb th{{border:1px solid {BORDER};padding:3px 10px;text-align:left}}"
)
_ICON = {"ok": "✔", "wrong": "✘", "partial": "◐", "info": "ℹ"}
_FOOT = (
    '<p class="muted">分数由评分器用规则包重放答案得出，提交文件中自带的分数一概不采信。'
    "书中人物与数据均为虚构；内容不构成法律意见。</p>"
)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>\n{body}\n{_FOOT}</body></html>\n"
    )


def _entry_html(entry: FeedbackEntry) -> str:
    parts = [f"<b>{_ICON[entry.status]}</b> {_e(entry.text)}"]
    if entry.rule_id:
        title = f" {_e(entry.rule_title)}" if entry.rule_title else ""
        parts.append(f"<br><b>规则</b>：[{_e(entry.rule_id)}]{title}")
    if entry.quote:
        parts.append(f'<br><b>原文</b>：<span class="quote">{_e(entry.quote)}</span>')
    if entry.why:
        parts.append(f"<br><b>为什么</b>：{_e(entry.why)}")
    if entry.instead:
        parts.append(f"<br><b>应当怎么做</b>：{_e(entry.instead)}")
    if entry.citation:
        parts.append(f"<br><b>依据</b>：{_e(entry.citation)}")
    return f'<li class="fb {entry.status}">{"".join(parts)}</li>'


def result_html(result: ExerciseResult) -> str:
    """Items, feedback and rule losses of one graded submission (no page chrome)."""
    out = []
    if result.answer_echo:
        out.append("<h3>你的答案</h3>")
        out += [
            f'<p><b>{_e(label)}</b></p><pre class="answer">{_e(text)}</pre>'
            for label, text in result.answer_echo
        ]
    for item in result.items:
        mark = "（需人工复核）" if item.review else ""  # wording judge uncertain (issue 13)
        out.append(
            f"<h3>{_e(item.title)}：{_num(item.points)} / {_num(item.max_points)} 分{mark}</h3>"
        )
        out.append("<ul>" + "".join(_entry_html(f) for f in item.feedback) + "</ul>")
    if result.rules:
        rows = "".join(
            f"<tr><td>{_e(r.rule_id)}</td><td>{_e(r.title)}</td><td>{r.count}</td><td>{_num(r.points_lost)}</td></tr>"
            for r in result.rules
        )
        out.append(
            "<h3>按规则汇总的失分</h3><table><thead><tr><th>规则</th><th>标题</th><th>次数</th>"
            f"<th>失分</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    if result.checker:
        out.append(f'<p class="muted">措辞检查器：{_e(result.checker)}</p>')
    return "\n".join(out)


def feedback_page(
    manifest: AssignmentManifest,
    trainee: TraineeEntry,
    results: Mapping[str, ExerciseResult],
    submitted_at: Mapping[str, str],
    notes: Mapping[str, Sequence[str]],
) -> str:
    """The feedback page of one trainee (all exercises of the assignment)."""
    name = trainee.name or trainee.trainee_id
    packs = "，".join(f"{p.id} {p.version}" for p in manifest.packs)
    rows = []
    sections = []
    for ref in manifest.exercises:
        result = results.get(ref.id)
        rows.append(
            f"<tr><td>{_e(ref.title)}（{_e(ref.id)}）</td><td>{_num(result.points if result else None)}</td>"
            f"<td>{_num(ref.max_points)}</td><td>{_e(submitted_at.get(ref.id, '未提交'))}</td></tr>"
        )
        head = f"<h2>{_e(ref.title)}（{_e(ref.id)}）："
        if result is None:
            sections.append(head + f"未提交</h2><p>满分 {_num(ref.max_points)} 分。</p>")
            continue
        flags = "".join(f'<p class="flag">注意：{_e(n)}</p>' for n in notes.get(ref.id, ()))
        sections.append(
            head
            + f"{_num(result.points)} / {_num(ref.max_points)} 分</h2>{flags}{result_html(result)}"
        )
    total = sum(r.points for r in results.values())
    body = (
        f"<h1>练习反馈：{_e(name)}（{_e(trainee.trainee_id)}）</h1>"
        f"<p>作业 {_e(manifest.assignment_id)}{('：' + _e(manifest.title)) if manifest.title else ''}；"
        f"评分依据规则包 {_e(packs)}。</p>"
        "<table><thead><tr><th>练习</th><th>得分</th><th>满分</th><th>提交时间</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<p><b>合计</b>：{_num(round(total, 2))} / {_num(sum(e.max_points for e in manifest.exercises))} 分</p>"
        + _exam_feedback(manifest, results)
        + "\n".join(sections)
    )
    return _page(f"练习反馈 {name}", body)


# -- cohort report ------------------------------------------------------------------------


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _img(data: str | None, alt: str) -> str:
    if data is None:
        return '<p class="muted">暂无数据。</p>'
    return f'<img alt="{_e(alt)}" style="max-width:100%" src="data:image/png;base64,{data}">'


def _barh(
    labels: Sequence[str], values: Sequence[float], xlabel: str, color: str, integer: bool = False
) -> str | None:
    if not labels:
        return None
    from matplotlib.figure import Figure

    from casebook.plotting import use_cjk_font

    use_cjk_font()
    fig = Figure(figsize=(8, 0.45 * len(labels) + 1.2))
    ax = fig.subplots()
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, values, color=color)
    # Long labels would overflow the figure (and make matplotlib warn on stderr).
    ax.set_yticks(positions, [label if len(label) <= 28 else label[:27] + "…" for label in labels])
    ax.set_xlabel(xlabel)
    for y, v in zip(positions, values, strict=True):
        ax.text(v, y, f" {v:g}", va="center", fontsize=9)
    ax.margins(x=0.15)
    if integer:
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.tight_layout()
    return _png(fig)


def _histogram(percents: Sequence[float]) -> str | None:
    if not percents:
        return None
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from casebook.plotting import use_cjk_font

    use_cjk_font()
    fig = Figure(figsize=(8, 3.2))
    ax = fig.subplots()
    ax.hist(percents, bins=list(range(0, 101, 10)), color=ACCENT, edgecolor="white")
    ax.set_xlabel("得分率（%）")
    ax.set_ylabel("学员人数")
    ax.set_xticks(list(range(0, 101, 10)))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    fig.tight_layout()
    return _png(fig)


class CohortStatistics(TypedDict):
    """The figures behind the cohort charts."""

    percents: list[float]  # score percent of every trainee with at least one graded exercise
    top_rules: list[tuple[str, str, int]]  # (rule id, title, submissions losing points)
    top_items: list[tuple[tuple[str, str], str, float]]  # ((exercise, item), title, % missed)


def cohort_statistics(run: GradeRun) -> CohortStatistics:
    """The figures behind the cohort charts (also used by tests)."""
    rule_counts: Counter[str] = Counter()
    rule_titles: dict[str, str] = {}
    missed: dict[tuple[str, str], list[float]] = defaultdict(list)
    item_titles: dict[tuple[str, str], str] = {}
    for graded in run.graded:
        for loss in graded.result.rules:
            rule_counts[loss.rule_id] += 1
            rule_titles.setdefault(loss.rule_id, loss.title)
        for item in graded.result.items:
            key = (graded.result.exercise_id, item.item_id)
            missed[key].append(100 * (1 - item.points / item.max_points) if item.max_points else 0)
            item_titles.setdefault(key, item.title)
    item_missed = {k: round(statistics.fmean(v), 1) for k, v in missed.items()}
    top_items = sorted(item_missed.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    top_rules = sorted(rule_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    return {
        "percents": [r.percent for r in run.rows if any(v is not None for v in r.scores.values())],
        "top_rules": [(r, rule_titles[r], n) for r, n in top_rules],
        "top_items": [(k, item_titles[k], v) for k, v in top_items if v > 0],
    }


#: (violated rules, missed items, score histogram): base64 PNG, None when there is no data.
Charts = tuple[str | None, str | None, str | None]


def cohort_charts(stats: CohortStatistics) -> Charts:
    """The cohort report's three charts (drawn in the grading helper process when it runs)."""
    rule_chart = _barh(
        [f"{r} {t}" for r, t, _ in stats["top_rules"]],
        [n for _, _, n in stats["top_rules"]],
        "有失分的提交份数",
        DANGER,
        integer=True,
    )
    item_chart = _barh(
        [f"{ex}·{t}" for (ex, _), t, _ in stats["top_items"]],
        [v for _, _, v in stats["top_items"]],
        "平均失分率（%）",
        ATTENTION_EMPHASIS,
    )
    histogram = _histogram(stats["percents"])
    return rule_chart, item_chart, histogram


def cohort_report(run: GradeRun, feedback_links: bool = True, charts: Charts | None = None) -> str:
    """The cohort report: summary, charts, per-exercise figures and every problem file.

    ``charts`` are :func:`cohort_charts` of this run's statistics, when already drawn."""
    manifest = run.manifest
    stats = cohort_statistics(run)
    rule_chart, item_chart, histogram = charts if charts is not None else cohort_charts(stats)
    by_exercise: dict[str, list[float]] = defaultdict(list)
    for graded in run.graded:
        by_exercise[graded.result.exercise_id].append(graded.result.points)
    ex_rows = []
    for ref in manifest.exercises:
        points = by_exercise.get(ref.id, [])
        figures = (
            f"<td>{_num(round(statistics.fmean(points), 1))}</td><td>{_num(round(statistics.median(points), 2))}</td>"
            f"<td>{_num(min(points))}</td><td>{_num(max(points))}</td>"
            if points
            else "<td>—</td><td>—</td><td>—</td><td>—</td>"
        )
        ex_rows.append(
            f"<tr><td>{_e(ref.title)}（{_e(ref.id)}）</td><td>{len(points)}/{len(manifest.trainees)}</td>"
            f"<td>{_num(ref.max_points)}</td>{figures}</tr>"
        )
    book_rows = "".join(_gradebook_row(row, manifest, feedback_links) for row in run.rows)
    ex_heads = "".join(f"<th>{_e(e.id)}</th>" for e in manifest.exercises)
    packs = "，".join(f"{p.id} {p.version}" for p in manifest.packs)
    body = [
        f"<h1>班级成绩报告：{_e(manifest.title or manifest.assignment_id)}</h1>",
        f"<p>作业 {_e(manifest.assignment_id)}；规则包 {_e(packs)}；"
        f"措辞检查器 {_e(run.checker)}。</p>",
        "<table><tbody>"
        f"<tr><th>学员</th><td>{len(manifest.trainees)}</td></tr>"
        f"<tr><th>已评分的提交</th><td>{len(run.graded)}</td></tr>"
        f"<tr><th>拒收的文件</th><td>{len(run.rejected)}</td></tr>"
        f"<tr><th>重复提交未计分</th><td>{len(run.superseded)}</td></tr>"
        f"<tr><th>未采用的人工调整</th><td>{len(run.unmatched_overrides)}</td></tr>"
        f"<tr><th>带标记的提交</th><td>{sum(1 for g in run.graded if g.flags)}</td></tr>"
        "</tbody></table>",
        _exam_cohort(run),
        "<h2>得分分布</h2>",
        _img(histogram, "学员得分率分布直方图"),
        "<h2>最常违反的规则</h2>",
        _img(rule_chart, "最常违反的规则条形图"),
        _table(
            ["规则", "标题", "有失分的提交份数"],
            [(r, t, n) for r, t, n in stats["top_rules"]],
        ),
        "<h2>失分最多的题目</h2>",
        _img(item_chart, "平均失分率最高的题目条形图"),
        _table(
            ["练习", "题目", "平均失分率（%）"],
            [(ex, t, v) for (ex, _), t, v in stats["top_items"]],
        ),
        "<h2>各练习</h2>",
        "<table><thead><tr><th>练习</th><th>已评分</th><th>满分</th><th>平均</th><th>中位数</th>"
        f"<th>最低</th><th>最高</th></tr></thead><tbody>{''.join(ex_rows)}</tbody></table>",
        "<h2>成绩表</h2>",
        f"<table><thead><tr><th>编号</th><th>姓名</th>{ex_heads}<th>合计</th><th>最终</th><th>状态</th>"
        f"{'<th>考核结果</th>' if manifest.exam else ''}</tr></thead><tbody>{book_rows}</tbody></table>",
        "<h2>拒收的文件</h2>",
        _table(["文件", "原因"], [(r.file, r.reason) for r in run.rejected]),
        "<h2>重复提交（按得分最高的一份计分）</h2>",
        _table(
            ["未计分的文件", "其得分", "采用的文件"],
            [(s.file, _num(s.points), s.kept) for s in run.superseded],
        ),
        "<h2>未采用的人工调整（gradebook.csv）</h2>",
        _table(
            ["行", "编号", "姓名", "覆盖分", "备注", "原因"],
            [
                (
                    u.row.line,
                    u.row.trainee_id,
                    u.row.name,
                    u.row.manual_override,
                    u.row.override_note,
                    u.reason,
                )
                for u in run.unmatched_overrides
            ],
        ),
        "<h2>带标记的提交</h2>",
        _table(["文件", "标记"], [(g.file, "；".join(g.flags)) for g in run.graded if g.flags]),
    ]
    return _page(f"班级成绩报告 {manifest.assignment_id}", "\n".join(body))


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    if not rows:
        return '<p class="muted">无。</p>'
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _gradebook_row(row: GradebookRow, manifest: AssignmentManifest, link: bool) -> str:
    scores = "".join(f"<td>{_num(row.scores.get(e.id))}</td>" for e in manifest.exercises)
    ident = (
        f'<a href="feedback/{_e(row.trainee_id)}.html">{_e(row.trainee_id)}</a>'
        if link
        else _e(row.trainee_id)
    )
    exam = f"<td>{_e(row.exam.label)}（{row.exam.score:g}）</td>" if row.exam else ""
    return (
        f"<tr><td>{ident}</td><td>{_e(row.name)}</td>{scores}<td>{_num(row.total)}</td>"
        f"<td>{_num(row.final)}</td><td>{_e(row.status)}</td>{exam}</tr>"
    )


# -- exam (上岗考核, issue 15): sections rendered by casebook.course.exam ----------------------


def _exam_feedback(manifest: AssignmentManifest, results: Mapping[str, ExerciseResult]) -> str:
    if manifest.exam is None:
        return ""
    from casebook.course.exam import evaluate_exam, outcome_html

    return outcome_html(manifest.exam, evaluate_exam(manifest.exam, results))


def _exam_cohort(run: GradeRun) -> str:
    if run.manifest.exam is None:
        return ""
    from casebook.course.exam import cohort_html

    return cohort_html(run.manifest.exam, run.rows)


def worked_example_html(
    exercise_id: str,
    answers: Mapping[str, object],
    action_log: Sequence[Action] = (),
    packs: Sequence[Pack] | None = None,
) -> str:
    """Feedback on an example answer to the book's practice variant (pre-computed in notebooks)."""
    from casebook.grading.catalog import get_exercise
    from casebook.grading.handout import practice_variant
    from casebook.grading.kinds import GradingContext, get_kind
    from casebook.policy.loader import load_packs

    exercise = get_exercise(exercise_id)
    kind = get_kind(exercise.kind)
    variant = practice_variant(exercise)
    answered = kind.validate(exercise, variant, dict(answers), list(action_log))
    result = kind.grade(exercise, variant, answered, GradingContext(packs or load_packs(["cn"])))
    return (
        f'<style>{EMBED_STYLE}</style><div class="casebook-fb">'
        f"<p><b>示例答案得分：{_num(result.points)} / {_num(result.max_points)} 分</b></p>"
        f"{result_html(result)}</div>"
    )
