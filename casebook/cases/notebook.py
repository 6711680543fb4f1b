"""Generate the case pages (``notebooks/case_NN_slug.ipynb``) from the case files.

Usage: python -m casebook.cases.notebook [NOTEBOOK_DIR]

Only notebooks whose cells would change are rewritten (without outputs); execute them
afterwards with ``tools/execute_notebooks.py``. The tests compare every stored case page
with :func:`build_notebook`, so the page text cannot drift from the case file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from casebook.cases import load_all_cases
from casebook.cases.model import THEME_LABELS, WorkedCase
from casebook.cases.points import GROUP_LABELS, POINTS_BY_KEY
from casebook.policy.loader import load_packs
from casebook.policy.registry import PackRegistry

HIDE_INPUT = {"tags": ["remove-input"]}
HIDE_CELL = {"tags": ["remove-cell"]}


def _rule_list(rule_ids: list[str], rules: PackRegistry) -> str:
    return "、".join(f"`{r}`（{rules.rule(r).title}）" for r in rule_ids)


def _covers_rows(worked: WorkedCase) -> str:
    rows = []
    for group, label in GROUP_LABELS.items():
        names = getattr(worked.covers, group)
        if names:
            points = "、".join(POINTS_BY_KEY[f"{group}.{n}"].label for n in names)
            rows.append(f"| {label} | {points} |")
    if worked.themes:
        rows.append(f"| 案例主题 | {'；'.join(THEME_LABELS[t] for t in worked.themes)} |")
    if worked.terms:
        rows.append(f"| 相关术语 | {'、'.join('{term}`' + t + '`' for t in worked.terms)} |")
    return "\n".join(rows)


def _intro(worked: WorkedCase) -> str:
    return (
        f"# 案例 {worked.number}：{worked.title}\n\n"
        f"{worked.summary}\n\n"
        "| 项目 | 内容 |\n| --- | --- |\n"
        f"{_covers_rows(worked)}\n\n"
        "人物、号码和金额均为虚构，星河银行是虚构的发卡银行。本页由案例文件 "
        f"`casebook/data/cases/{worked.id}.yaml` 生成，构建时引擎会重新评估其中的行动；"
        "案例文本与评估结果不一致时，测试和构建都会失败。返回[案例库](../book/cases.md)。"
    )


SETUP = """from IPython.display import HTML, display

from casebook.assess import evaluate
from casebook.cases import load_worked_case
from casebook.cases.render import actions_html
from casebook.policy.loader import load_packs
from casebook.render import assessment_html, case_html

CASE_FILE = load_worked_case("{id}")
PACKS = load_packs({packs!r})
ASSESSMENT = evaluate(CASE_FILE.case, CASE_FILE.actions, PACKS)"""


def _happened(worked: WorkedCase) -> str:
    text = f"## 后来发生了什么\n\n{worked.what_happened.strip()}"
    if worked.events:
        lines = "\n".join(f"- **{e.date:%Y-%m-%d}**，{e.actor}：{e.text}" for e in worked.events)
        text += f"\n\n时间线：\n\n{lines}"
    return text


def _verdict_intro(worked: WorkedCase, rules: PackRegistry) -> str:
    stated = worked.expected.violations
    claim = (
        f"案例文本认定，催收员的行动触犯了 {len(stated)} 条规则：{_rule_list(stated, rules)}。"
        if stated
        else "案例文本认定，催收员的行动没有触犯规则包中的任何规则。"
    )
    return (
        "## 引擎评估\n\n"
        f"{claim}下面是评分引擎用规则包对同一组行动的评估，"
        "包括每处违规的原因、正确做法和法规依据。"
    )


def _lesson(worked: WorkedCase) -> str:
    bullets = "\n".join(f"- {line.strip()}" for line in worked.lesson)
    reading = "\n".join(
        f"- {GROUP_LABELS[POINTS_BY_KEY[k].group]}：{{ref}}`{POINTS_BY_KEY[k].anchor}`"
        for k in worked.covers.point_keys()
    )
    return f"## 教训\n\n{bullets}\n\n### 延伸阅读\n\n{reading}"


def _checks(worked: WorkedCase) -> str:
    exp = worked.expected
    lines = [
        "# Hidden check: the case text and the engine agree.",
        f"assert ASSESSMENT.violated_rule_ids() == {exp.violations!r}, "
        "ASSESSMENT.violated_rule_ids()",
    ]
    if worked.better_actions:
        lines.append(
            f"assert BETTER.violated_rule_ids() == {exp.better_violations!r}, "
            "BETTER.violated_rule_ids()"
        )
    if exp.objective_elements_met is not None:
        lines.append(
            f"assert COLLECTIONS.report.objective_elements_met is {exp.objective_elements_met!r}"
        )
        pair = None if exp.effective_pair is None else [d.isoformat() for d in exp.effective_pair]
        lines.append(
            "assert [str(d) for d in COLLECTIONS.pair_dates() or []] == "
            f"{pair or []!r}, COLLECTIONS.pair_dates()"
        )
    if exp.limitation is not None:
        lim = exp.limitation
        lines.append(f"assert LIMITATION.expired_on(ON) is {lim.expired!r}")
        lines.append(
            f"assert str(LIMITATION.restarted_from) == {lim.last_interruption.isoformat()!r}"
        )
        lines.append(f"assert str(LIMITATION.expires) == {lim.expires.isoformat()!r}")
    return "\n".join(lines)


def build_notebook(worked: WorkedCase) -> NotebookNode:
    """The case page for ``worked``, without outputs."""
    rules = load_packs(worked.packs)
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [
        md(_intro(worked)),
        code(SETUP.format(id=worked.id, packs=list(worked.packs)), metadata=HIDE_INPUT),
        md("## 案件卡片\n\n催收员接手时看到的情况：持卡人、账户、联系人和已有的联系记录。"),
        code("display(HTML(case_html(CASE_FILE.case)))", metadata=HIDE_INPUT),
        md(
            "## 催收员的行动\n\n本案中催收员实际采取的行动。最后一列是引擎认定该行动触犯的规则"
            "（「—」表示未发现问题）。"
        ),
        code(
            "display(HTML(actions_html(CASE_FILE.case, CASE_FILE.actions, ASSESSMENT)))",
            metadata=HIDE_INPUT,
        ),
        md(_happened(worked)),
        md(_verdict_intro(worked, rules)),
        code("display(HTML(assessment_html(ASSESSMENT)))", metadata=HIDE_INPUT),
    ]
    analysis = worked.analysis
    if analysis.collections_on is not None:
        cells += [
            md(
                "## 有效催收证据\n\n用司法工具逐条审查催收员对持卡人本人的每一次催收能否作为"
                "{term}`有效催收`的证据：须在逾期后进行、能够确认持卡人收悉、符合催收的有关规定；"
                "两次之间至少间隔三十日。引擎认定触犯了规则的行动一律不计。"
                f"要件按 {analysis.collections_on:%Y-%m-%d} 的情况判断；"
                "「以非法占有为目的」由司法机关认定，工具不作判断。"
            ),
            code(
                "from casebook.cases.evidence import review_collections\n"
                "from casebook.cases.render import collections_html\n\n"
                "COLLECTIONS = review_collections(\n"
                "    CASE_FILE.case,\n"
                "    CASE_FILE.actions,\n"
                "    ASSESSMENT,\n"
                "    CASE_FILE.analysis.collections_on,\n"
                "    CASE_FILE.analysis.evidence_signed_and_sealed,\n"
                ")\n"
                "display(HTML(collections_html(COLLECTIONS)))",
                metadata=HIDE_INPUT,
            ),
        ]
    if analysis.limitation_on is not None:
        cells += [
            md(
                "## 诉讼时效\n\n把案件历史和催收员的行动放在同一条时间线上，"
                f"读出截至 {analysis.limitation_on:%Y-%m-%d} 的{{term}}`诉讼时效`状态。"
            ),
            code(
                "from casebook.cases.evidence import review_limitation\n"
                "from casebook.cases.render import limitation_html\n\n"
                "ON = CASE_FILE.analysis.limitation_on\n"
                "LIMITATION = review_limitation(CASE_FILE.case, CASE_FILE.actions, ON)\n"
                "display(HTML(limitation_html(LIMITATION, ON)))",
                metadata=HIDE_INPUT,
            ),
        ]
    if worked.better_actions:
        cells += [
            md(f"## 更好的做法\n\n{worked.better_note.strip()}"),
            code(
                "BETTER = evaluate(CASE_FILE.case, CASE_FILE.better_actions, PACKS)\n"
                "display(HTML(actions_html(CASE_FILE.case, CASE_FILE.better_actions, BETTER)))\n"
                "display(HTML(assessment_html(BETTER)))",
                metadata=HIDE_INPUT,
            ),
        ]
    cells += [md(_lesson(worked)), code(_checks(worked), metadata=HIDE_CELL)]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def cell_signature(nb: NotebookNode) -> list[tuple[str, str, tuple[str, ...]]]:
    """What must match between a stored page and the generator: type, source and tags."""
    return [(c.cell_type, c.source, tuple(c.get("metadata", {}).get("tags", []))) for c in nb.cells]


def write_notebooks(directory: Path) -> list[Path]:
    """Write the case pages whose cells changed; return the paths written."""
    written = []
    for worked in load_all_cases():
        path = directory / f"{worked.notebook_name}.ipynb"
        fresh = build_notebook(worked)
        if path.exists():
            stored = nbformat.read(path, as_version=4)
            if cell_signature(stored) == cell_signature(fresh):
                continue
        nbformat.write(fresh, path)
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    directory = Path(argv[0]) if argv else Path("notebooks")
    for path in write_notebooks(directory):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
