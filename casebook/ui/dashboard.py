"""The trainer dashboard: assign, collect and grade without a command line (``make dashboard``).

A thin widget over the same engine functions ``casebook assign`` and ``casebook grade`` call:
:func:`casebook.grading.roster.read_roster`, :func:`casebook.grading.assign.assign` and
:func:`casebook.grading.grade.grade_assignment`. It adds no rule of its own: what the CLI
accepts, it accepts; what the CLI refuses, it shows as a Chinese message (no traceback).

Everything lives in a **workspace** folder (``$CASEBOOK_WORKSPACE``, default
``~/casebook-training``): relative paths typed into the dashboard are resolved against it,
uploaded rosters go to ``rosters/``, uploaded submission files to the collection folder
(``submissions/<assignment id>/`` by default), uploaded zips to ``uploads/``, grading
outputs to ``results/<assignment id>/``. When the dashboard runs under
``tools/dashboard_server.py``, the grading outputs in the workspace are served at
``$CASEBOOK_RESULTS_URL`` (report, feedback pages, gradebook), so the links open in the
browser; the report is also shown inline.

Callbacks only write into widgets, so a separate instance can be driven from tests: fill the
fields, call ``.click()`` on the buttons, read ``.status.value``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from casebook.grading.files import atomic_write_bytes

WORKSPACE_ENV = "CASEBOOK_WORKSPACE"
RESULTS_URL_ENV = "CASEBOOK_RESULTS_URL"
DEFAULT_WORKSPACE = Path.home() / "casebook-training"
MAX_SEED = 2**63 - 1
#: Largest upload kept (a roster or a zip of a cohort's submissions).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024

_OK = "<div class='casebook-ok' style='border-left:4px solid #1a7f37;padding:4px 10px'>{}</div>"
_ERROR = (
    "<div class='casebook-error' style='border-left:4px solid #cf222e;padding:4px 10px;"
    "color:#82071e'>{}</div>"
)
_WIDE = widgets.Layout(width="90%")
_SAFE_NAME = re.compile(r"[^\w.\-\u4e00-\u9fff]+")


def _e(text: object) -> str:
    return escape(str(text), quote=True)


class DashboardError(ValueError):
    """A problem the trainer can fix, in Chinese."""


def _uploaded(upload: widgets.FileUpload) -> list[tuple[str, bytes]]:
    """``(file name, content)`` of the files in an upload widget (ipywidgets 8)."""
    found = []
    for item in upload.value:
        name = Path(str(item["name"])).name
        found.append((name, bytes(item["content"])))
    return found


def _safe_file_name(name: str) -> str:
    cleaned = _SAFE_NAME.sub("_", name).strip("._") or "upload"
    return cleaned[:100]


class TrainerDashboard:
    """Assign → collect → grade, for one trainer, in one workspace folder."""

    def __init__(
        self,
        workspace: str | Path | None = None,
        results_url: str | None = None,
        catalog: dict[str, Any] | None = None,
        exams: dict[str, Any] | None = None,
    ):
        from casebook.course.loader import default_exams
        from casebook.grading.catalog import default_catalog

        self.workspace = Path(
            workspace or os.environ.get(WORKSPACE_ENV) or DEFAULT_WORKSPACE
        ).expanduser()
        self.results_url = (
            results_url if results_url is not None else os.environ.get(RESULTS_URL_ENV, "")
        )
        self.catalog = catalog if catalog is not None else default_catalog()
        self.exams = exams if exams is not None else default_exams()
        self.last_run = None
        self._build()

    # -- widgets ---------------------------------------------------------------------------

    def _build(self) -> None:
        style = {"description_width": "8em"}
        self.roster_path = widgets.Text(
            description="名单文件", placeholder="例如 rosters/一班.csv", layout=_WIDE, style=style
        )
        self.roster_upload = widgets.FileUpload(
            accept=".csv,.txt", multiple=False, description="上传名单"
        )
        self.roster_upload.observe(self._roster_uploaded, names="value")
        self.roster_info = widgets.HTML()
        self.exercise_boxes: dict[str, widgets.Checkbox] = {}
        rows = []
        for exercise in self.catalog.values():
            box = widgets.Checkbox(
                value=False,
                description=f"{exercise.id} {exercise.title}（{exercise.difficulty}，{exercise.minutes} 分钟）",
                indent=False,
                layout=widgets.Layout(width="auto"),
            )
            self.exercise_boxes[exercise.id] = box
            rows.append(box)
        for exam in self.exams.values():
            missing = [p.exercise for p in exam.parts if p.exercise not in self.catalog]
            parts = "、".join(f"{p.label} {p.exercise}" for p in exam.parts)
            note = f"；缺少练习 {'、'.join(missing)}，暂不能布置" if missing else ""
            box = widgets.Checkbox(
                value=False,
                description=f"{exam.id} {exam.title}：{parts}{note}",
                indent=False,
                disabled=bool(missing),
                layout=widgets.Layout(width="auto"),
            )
            self.exercise_boxes[exam.id] = box
            rows.append(box)
        self.exercise_list = widgets.VBox(
            rows,
            layout=widgets.Layout(max_height="16em", overflow="auto", border="1px solid #d0d7de"),
        )
        self.seed = widgets.Text(
            description="种子",
            placeholder=f"任意整数，例如今天的日期 {date.today():%Y%m%d}",
            style=style,
            layout=_WIDE,
        )
        self.title = widgets.Text(
            description="作业标题", placeholder="例如 第一天练习", style=style, layout=_WIDE
        )
        self.assignment_out = widgets.Text(
            description="作业文件夹",
            placeholder="留空：assignments/<作业编号>",
            style=style,
            layout=_WIDE,
        )
        self.assign_button = widgets.Button(
            description="布置作业", button_style="primary", icon="check"
        )
        self.assign_button.on_click(lambda _: self.assign())
        self.assign_status = widgets.HTML()

        self.assignment_dir = widgets.Text(description="作业文件夹", style=style, layout=_WIDE)
        self.submissions = widgets.Text(
            description="收集文件夹",
            placeholder="提交文件所在的文件夹或 zip",
            style=style,
            layout=_WIDE,
        )
        self.submissions_upload = widgets.FileUpload(
            accept=".json,.zip", multiple=True, description="上传提交文件"
        )
        self.submissions_upload.observe(self._submissions_uploaded, names="value")
        self.upload_info = widgets.HTML()
        self.results_out = widgets.Text(
            description="结果文件夹",
            placeholder="留空：results/<作业编号>",
            style=style,
            layout=_WIDE,
        )
        self.grade_button = widgets.Button(description="评分", button_style="primary", icon="check")
        self.grade_button.on_click(lambda _: self.grade())
        self.grade_status = widgets.HTML()
        self.gradebook = widgets.HTML()
        self.feedback_choice = widgets.Dropdown(description="学员反馈", options=[], style=style)
        self.feedback_choice.observe(self._show_feedback, names="value")
        self.feedback = widgets.HTML()
        self.report = widgets.HTML()

        self.widget = widgets.VBox(
            [
                widgets.HTML("<h2>1. 布置作业</h2>"),
                widgets.HTML(
                    f"<p>工作文件夹：<code>{_e(self.workspace)}</code>。相对路径都从这里算起。</p>"
                ),
                widgets.HBox([self.roster_path, self.roster_upload]),
                self.roster_info,
                widgets.HTML("<b>练习</b>（可多选；勾选考核等于勾选它的全部练习）"),
                self.exercise_list,
                self.seed,
                self.title,
                self.assignment_out,
                self.assign_button,
                self.assign_status,
                widgets.HTML(
                    "<h2>2. 收集与评分</h2><p>把学员的提交文件放进收集文件夹（或上传），然后评分。"
                    "可以反复评分：新收到的文件一并计入，成绩表中的人工调整保留。</p>"
                ),
                self.assignment_dir,
                widgets.HBox([self.submissions, self.submissions_upload]),
                self.upload_info,
                self.results_out,
                self.grade_button,
                self.grade_status,
                widgets.HTML("<h2>3. 成绩</h2>"),
                self.gradebook,
                self.feedback_choice,
                self.feedback,
                self.report,
            ]
        )

    def show(self) -> widgets.VBox:
        """The dashboard widget (display it in a notebook or Voilà)."""
        return self.widget

    # -- paths -----------------------------------------------------------------------------

    def resolve(self, text: str, what: str) -> Path:
        """A path typed by the trainer: ``~`` expanded, relative to the workspace."""
        text = text.strip().strip('"').strip("'")
        if not text:
            raise DashboardError(f"请填写{what}")
        path = Path(text).expanduser()
        return path if path.is_absolute() else self.workspace / path

    def _results_link(self, path: Path, text: str) -> str:
        """A link to a grading output served by the dashboard server, or its path."""
        try:
            rel = path.resolve().relative_to(self.workspace.resolve())
        except ValueError:
            rel = None
        if self.results_url and rel is not None:
            from urllib.parse import quote

            href = self.results_url.rstrip("/") + "/" + quote(rel.as_posix())
            return (
                f'<a href="{_e(href)}" target="_blank" rel="noopener" '
                f'style="color:#0969da;text-decoration:underline">{_e(text)}</a>'
            )
        return f"{_e(text)}：<code>{_e(path)}</code>"

    # -- uploads ---------------------------------------------------------------------------

    def _roster_uploaded(self, change: dict[str, Any]) -> None:
        files = _uploaded(self.roster_upload)
        if not files:
            return
        name, content = files[0]
        try:
            if len(content) > MAX_UPLOAD_BYTES:
                raise DashboardError(f"名单文件 {name} 太大（{len(content):,} 字节）")
            target = self.workspace / "rosters" / _safe_file_name(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(target, content)
        except (DashboardError, OSError) as exc:
            self.roster_info.value = _ERROR.format(f"上传失败：{_e(_message(exc))}")
            return
        self.roster_path.value = str(target.relative_to(self.workspace))
        self.check_roster()

    def check_roster(self) -> list[Any] | None:
        """Read the roster named in the field and show how many trainees it has."""
        from casebook.grading.roster import read_roster

        try:
            path = self.resolve(self.roster_path.value, "名单文件")
            if not path.is_file():
                raise DashboardError(f"找不到名单文件 {path}（请检查路径，或点「上传名单」）")
            roster = read_roster(path)
        except Exception as exc:  # every problem is shown, never raised into the page
            self.roster_info.value = _ERROR.format(f"名单有问题：{_e(_message(exc))}")
            return None
        shown = "、".join(f"{r.trainee_id} {r.name}".strip() for r in roster[:5])
        more = f" 等 {len(roster)} 人" if len(roster) > 5 else ""
        self.roster_info.value = _OK.format(f"名单：{len(roster)} 名学员（{_e(shown)}{more}）")
        return roster

    def _submissions_uploaded(self, change: dict[str, Any]) -> None:
        files = _uploaded(self.submissions_upload)
        if not files:
            return
        try:
            self.save_uploads(files)
        except (DashboardError, OSError) as exc:
            self.upload_info.value = _ERROR.format(f"上传失败：{_e(_message(exc))}")

    def save_uploads(self, files: Sequence[tuple[str, bytes]]) -> list[Path]:
        """Save uploaded submission files: JSON into the collection folder, a zip on its own."""
        zips = [f for f in files if f[0].lower().endswith(".zip")]
        others = [f for f in files if not f[0].lower().endswith(".zip")]
        if (zips and others) or len(zips) > 1:
            raise DashboardError("一次上传一个 zip，或者若干个 JSON 提交文件，不要混在一起")
        for name, content in files:
            if len(content) > MAX_UPLOAD_BYTES:
                raise DashboardError(f"{name} 太大（{len(content):,} 字节）")
        saved = []
        if zips:
            name, content = zips[0]
            target = self.workspace / "uploads" / _safe_file_name(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(target, content)
            self.submissions.value = str(target.relative_to(self.workspace))
            saved.append(target)
        else:
            folder = self.resolve(self.submissions.value, "收集文件夹")
            if folder.suffix.lower() == ".zip" or (folder.exists() and not folder.is_dir()):
                raise DashboardError(
                    f"收集路径 {folder} 不是文件夹；请先填写一个文件夹再上传 JSON 文件"
                )
            folder.mkdir(parents=True, exist_ok=True)
            for name, content in others:
                target = folder / _safe_file_name(name)
                atomic_write_bytes(target, content)
                saved.append(target)
        self.upload_info.value = _OK.format(
            f"已保存 {len(saved)} 个文件到 <code>{_e(saved[0].parent)}</code>"
        )
        return saved

    # -- assign ----------------------------------------------------------------------------

    def chosen(self) -> list[str]:
        """The ticked exercise and exam ids, in catalogue order."""
        return [key for key, box in self.exercise_boxes.items() if box.value]

    def assign(self) -> Any:
        """Assign the ticked exercises to the roster (``casebook assign``); None on a problem."""
        from casebook.grading.assign import assign

        self.assign_status.value = "正在布置…"
        try:
            roster = self.check_roster()
            if roster is None:
                raise DashboardError("名单有问题，见上方说明")
            ids = self.chosen()
            if not ids:
                raise DashboardError("请至少勾选一个练习")
            seed_text = self.seed.value.strip()
            if not seed_text:
                raise DashboardError(
                    "请填写种子：任意整数，例如今天的日期；请记下它，以便日后重新生成同一份作业"
                )
            if not re.fullmatch(r"\d{1,19}", seed_text) or int(seed_text) > MAX_SEED:
                raise DashboardError(f"种子须为 0 至 {MAX_SEED:,} 之间的整数，收到「{seed_text}」")
            seed = int(seed_text)
            out = (
                self.resolve(self.assignment_out.value, "作业文件夹")
                if self.assignment_out.value.strip()
                else None
            )
            if out is None:
                from casebook.course.exam import expand_exams
                from casebook.grading.assign import default_assignment_id

                expanded, exam = expand_exams(ids, self.catalog, self.exams)
                named = expanded + ([f"exam:{exam.id}"] if exam else [])
                out = (
                    self.workspace
                    / "assignments"
                    / default_assignment_id(seed, named, [r.trainee_id for r in roster])
                )
            manifest = assign(
                roster,
                ids,
                seed,
                out,
                title=self.title.value.strip(),
                catalog=self.catalog,
                exams=self.exams,
            )
        except Exception as exc:
            self.assign_status.value = _ERROR.format(f"布置失败：{_e(_message(exc))}")
            return None
        self.assignment_dir.value = str(out)
        collect = self.workspace / "submissions" / manifest.assignment_id
        collect.mkdir(parents=True, exist_ok=True)
        self.submissions.value = str(collect)
        self.results_out.value = str(self.workspace / "results" / manifest.assignment_id)
        exam = (
            f"<br>考核：{_e(manifest.exam.title)}（{_e(manifest.exam.id)}），通过条件：{_e(manifest.exam.rule_text())}"
            if manifest.exam
            else ""
        )
        exercises = "、".join(f"{e.id} {e.title}" for e in manifest.exercises)
        self.assign_status.value = _OK.format(
            f"已布置作业 <b>{_e(manifest.assignment_id)}</b>：{len(manifest.trainees)} 名学员 × "
            f"{len(manifest.exercises)} 个练习（{_e(exercises)}）。{exam}"
            f"<br>作业文件夹：<code>{_e(out)}</code>"
            f"<br>把 <code>handouts/&lt;学员编号&gt;/</code> 中的文件只发给该学员本人；"
            "<code>secret.key</code>、<code>variants/</code> 只由培训师保存，请备份 <code>secret.key</code>。"
            f"<br>学员的提交文件请放进收集文件夹：<code>{_e(collect)}</code>"
        )
        return manifest

    # -- grade -----------------------------------------------------------------------------

    def grade(self) -> Any:
        """Grade the collected submissions (``casebook grade``); None on a problem."""
        from casebook.grading.grade import grade_assignment

        self.grade_status.value = "正在评分…"
        try:
            assignment = self.resolve(self.assignment_dir.value, "作业文件夹")
            if not (assignment / "manifest.json").is_file():
                raise DashboardError(
                    f"{assignment} 不是布置作业时生成的作业文件夹（其中没有 manifest.json）"
                )
            submissions = self.resolve(self.submissions.value, "收集文件夹")
            if not submissions.exists():
                raise DashboardError(f"收集文件夹 {submissions} 不存在")
            if self.results_out.value.strip():
                out = self.resolve(self.results_out.value, "结果文件夹")
            else:
                import json

                manifest = json.loads((assignment / "manifest.json").read_text(encoding="utf-8"))
                out = self.workspace / "results" / str(manifest.get("assignment_id", "grades"))
                self.results_out.value = str(out)
            run = grade_assignment(assignment, submissions, out)
        except Exception as exc:
            self.grade_status.value = _ERROR.format(f"评分失败：{_e(_message(exc))}")
            return None
        self.last_run = run
        self.show_run(run, out)
        return run

    def show_run(self, run: Any, out: Path) -> None:
        """The summary, the gradebook table, the report and the feedback chooser."""
        from casebook.grading.grade import FEEDBACK_DIR, GRADEBOOK, REPORT
        from casebook.grading.reports import cohort_report

        rejected = "".join(
            f"<li><code>{_e(r.file)}</code>：{_e(r.reason)}</li>" for r in run.rejected
        )
        rejected_html = f"<p>拒收的文件：</p><ul>{rejected}</ul>" if rejected else ""
        unmatched = (
            f"<p>成绩表中有 {len(run.unmatched_overrides)} 行人工调整没有对上名单中的学员，未采用（见报告）。</p>"
            if run.unmatched_overrides
            else ""
        )
        links = "　".join(
            [
                self._results_link(out / REPORT, "打开班级报告"),
                self._results_link(out / GRADEBOOK, "下载成绩表 gradebook.csv"),
            ]
        )
        self.grade_status.value = _OK.format(
            f"评分完成（作业 {_e(run.manifest.assignment_id)}）：已评分 {len(run.graded)} 份，"
            f"拒收 {len(run.rejected)} 份，重复提交未计分 {len(run.superseded)} 份。"
            f"{rejected_html}{unmatched}<p>{links}</p><p>结果文件夹：<code>{_e(out)}</code></p>"
        )
        self.gradebook.value = gradebook_html(
            run, lambda t: self._results_link(out / FEEDBACK_DIR / f"{t}.html", t)
        )
        self._feedback_dir = out / FEEDBACK_DIR
        self.feedback_choice.options = [("（选择学员查看反馈页）", "")] + [
            (f"{r.trainee_id} {r.name}".strip(), r.trainee_id) for r in run.rows
        ]
        self.feedback_choice.value = ""
        # The report file links each trainee to feedback/<id>.html, which an inline frame
        # cannot follow: the inline copy is drawn without those links (the chooser above has them).
        self.report.value = _frame("班级报告", cohort_report(run, feedback_links=False))

    def _show_feedback(self, change: dict[str, Any]) -> None:
        trainee = change["new"]
        if not trainee:
            self.feedback.value = ""
            return
        path = self._feedback_dir / f"{trainee}.html"
        try:
            self.feedback.value = _frame(f"{trainee} 的反馈", path.read_text(encoding="utf-8"))
        except OSError as exc:
            self.feedback.value = _ERROR.format(f"无法读取反馈页：{_e(_message(exc))}")


def gradebook_html(run: Any, link) -> str:
    """The gradebook as a table: scores per exercise, total, final, status and exam result."""
    exercises = [e.id for e in run.manifest.exercises]
    exam = run.manifest.exam is not None
    head = "".join(
        f"<th>{_e(x)}</th>" for x in ["编号", "姓名", *exercises, "合计", "最终", "状态"]
    )
    head += "<th>考核结果</th>" if exam else ""
    rows = []
    for row in run.rows:
        scores = "".join(
            f"<td>{'—' if row.scores.get(x) is None else f'{row.scores[x]:g}'}</td>"
            for x in exercises
        )
        exam_cell = (
            f"<td>{_e(row.exam.label)}（{row.exam.score:g}）{'：' + _e('；'.join(row.exam.reasons)) if row.exam.reasons else ''}</td>"
            if exam and row.exam
            else ""
        )
        rows.append(
            f'<tr class="casebook-gradebook-row"><td>{link(row.trainee_id)}</td><td>{_e(row.name)}</td>{scores}'
            f"<td>{row.total:g} / {row.max_total:g}</td><td>{row.final:g}</td><td>{_e(row.status)}</td>{exam_cell}</tr>"
        )
    return (
        '<table class="casebook-table casebook-gradebook"><thead><tr>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _frame(title: str, page: str) -> str:
    """A self-contained page (report, feedback) shown inline, isolated in an iframe."""
    return (
        f"<details open><summary><b>{_e(title)}</b></summary>"
        f'<iframe title="{_e(title)}" srcdoc="{_e(page)}" '
        'style="width:100%;height:640px;border:1px solid #d0d7de" sandbox></iframe></details>'
    )


def _message(exc: BaseException) -> str:
    """A Chinese one-line message for any error (engine messages are passed through)."""
    from casebook.io import InputFileError
    from casebook.policy.loader import PackError

    if isinstance(exc, DashboardError | InputFileError | PackError):
        return str(exc)
    if isinstance(exc, OSError):
        where = f"{exc.filename}：" if exc.filename else ""
        return f"{where}文件读写失败（{exc.strerror or exc}）"
    return f"意外错误（{type(exc).__name__}：{exc}）；请把这条信息告诉维护人员"
