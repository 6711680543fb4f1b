"""Worked cases of the casebook: load the case files and run the engine on them.

A case file (``casebook/data/cases/caseNN.yaml``) holds a :class:`casebook.model.Case`, the
collector's actions, what happened, the lesson and the rule ids the text says were broken.
:func:`run_case` evaluates the actions with the same packs the simulators use, so a case page
and the scorer cannot disagree without a test failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from casebook.assess import Assessment, evaluate
from casebook.cases.evidence import CollectionsReview, review_collections, review_limitation
from casebook.cases.model import THEME_LABELS, WorkedCase
from casebook.cases.points import POINTS_BY_KEY, SEED_POINTS
from casebook.io import InputFileError, read_data, validate_file
from casebook.judicial.limitation import LimitationResult
from casebook.policy.loader import load_packs
from casebook.policy.schema import tidy_text

if TYPE_CHECKING:  # pandas is imported by case_table only (the CLI starts faster without it)
    import pandas as pd

__all__ = [
    "SEED_POINTS",
    "THEME_LABELS",
    "CaseRun",
    "WorkedCase",
    "case_files",
    "case_table",
    "cases_dir",
    "load_all_cases",
    "load_worked_case",
    "run_case",
]


def cases_dir() -> Path:
    """Directory of the case files shipped with the engine."""
    return Path(str(resources.files("casebook") / "data" / "cases"))


def case_files(directory: Path | None = None) -> list[Path]:
    """The case files (``caseNN.yaml``), sorted by number."""
    return sorted((directory or cases_dir()).glob("case[0-9][0-9].yaml"))


def load_worked_case(source: str | Path) -> WorkedCase:
    """Load a case by id (``case03``) or by path; errors name the file and the field."""
    path = Path(source)
    if path.suffix not in {".yaml", ".yml", ".json"}:
        path = cases_dir() / f"{source}.yaml"
    data = read_data(path)
    case = data.get("case") if isinstance(data, dict) else None
    if isinstance(case, dict) and isinstance(case.get("background"), str):
        case["background"] = tidy_text(case["background"])  # YAML folds lines with spaces
    worked = validate_file(WorkedCase, data, path)
    if worked.id != path.stem:
        raise InputFileError(f"{path}: field 'id': {worked.id!r} does not match the file name")
    return worked


def load_all_cases(directory: Path | None = None) -> list[WorkedCase]:
    """Every case file, validated; ids and notebook names must be unique."""
    cases = [load_worked_case(p) for p in case_files(directory)]
    names = [c.notebook_name for c in cases]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InputFileError(f"{directory or cases_dir()}: duplicate case slugs: {duplicates}")
    return cases


@dataclass(frozen=True)
class CaseRun:
    """A worked case with the engine's verdict on its actions (and on the corrected ones)."""

    case: WorkedCase
    assessment: Assessment
    better: Assessment | None
    collections: CollectionsReview | None
    limitation: LimitationResult | None

    @property
    def matches_text(self) -> bool:
        """True if the engine and the judicial readings agree with what the case file states."""
        expected = self.case.expected
        ok = self.assessment.violated_rule_ids() == expected.violations
        if self.better is not None:
            ok = ok and self.better.violated_rule_ids() == expected.better_violations
        if self.collections is not None:
            report = self.collections.report
            ok = ok and report.objective_elements_met == expected.objective_elements_met
            ok = ok and self.collections.pair_dates() == expected.effective_pair
        on = self.case.analysis.limitation_on  # set whenever the limitation was reviewed
        if self.limitation is not None and expected.limitation is not None and on is not None:
            ok = ok and self.limitation.expired_on(on) == expected.limitation.expired
            ok = ok and self.limitation.restarted_from == expected.limitation.last_interruption
            ok = ok and self.limitation.expires == expected.limitation.expires
        return ok


def run_case(worked: WorkedCase) -> CaseRun:
    """Evaluate the case's actions (and corrected actions) and read its judicial timeline."""
    packs = load_packs(worked.packs)
    assessment = evaluate(worked.case, worked.actions, packs)
    better = evaluate(worked.case, worked.better_actions, packs) if worked.better_actions else None
    analysis = worked.analysis
    collections = None
    if analysis.collections_on is not None:
        collections = review_collections(
            worked.case,
            worked.actions,
            assessment,
            analysis.collections_on,
            analysis.evidence_signed_and_sealed,
        )
    limitation = None
    if analysis.limitation_on is not None:
        limitation = review_limitation(worked.case, worked.actions, analysis.limitation_on)
    return CaseRun(worked, assessment, better, collections, limitation)


def _labels(keys: list[str], group: str) -> str:
    return "、".join(POINTS_BY_KEY[k].label for k in keys if k.startswith(group + ".")) or "—"


def case_table(cases: list[WorkedCase] | None = None) -> pd.DataFrame:
    """One row per case (indexed by 编号): points covered, stated and found violations."""
    import pandas as pd

    rows = []
    for worked in cases if cases is not None else load_all_cases():
        run = run_case(worked)
        keys = worked.covers.point_keys()
        stated = worked.expected.violations
        rows.append(
            {
                "编号": worked.number,
                "案例": worked.title,
                "催收途径": _labels(keys, "channels"),
                "失败原因": _labels(keys, "causes"),
                "效率措施": _labels(keys, "efficiency"),
                "合规要点": _labels(keys, "compliance"),
                "案例文本所称违规": "、".join(stated) if stated else "无",
                "引擎评估": "、".join(run.assessment.violated_rule_ids())
                if not run.assessment.compliant
                else "无违规",
                "一致": "是" if run.matches_text else "否",
            }
        )
    return pd.DataFrame(rows).set_index("编号")
