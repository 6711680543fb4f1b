"""The end-of-campaign scorecard: amount recovered, violations, cost, complaint risk, grade."""

from __future__ import annotations

from collections import Counter
from datetime import date

from pydantic import BaseModel, ConfigDict

from casebook.campaign.env import ENDED_LABELS, CaseCampaign


class Scorecard(BaseModel):
    """Pure data; the same seed and the same actions always give the same scorecard."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    archetype: str
    archetype_label: str
    seed: int
    days_used: int
    ended_by: str | None
    ended_label: str
    actions: int
    balance: float
    recovered: float
    secured: float
    recovery_rate: float
    resolution_rate: float
    violations: int
    violation_points: int
    violated_rules: dict[str, int]
    compliance_score: float
    cost: float
    complaints: int
    complaint_risk: float
    effective_collections: int
    effective_pair_30d: bool
    limitation_expires: date
    total_reward: float
    grade: float


def build_scorecard(env: CaseCampaign) -> Scorecard:
    """Summarise a campaign (finished or not) into a scorecard."""
    if env.case is None or env.initial_case is None or env.seed is None:
        raise RuntimeError("call reset() first")
    state = env.state
    obs = env.observation()
    balance = env.initial_case.account.balance
    points = sum(v.points for v in state.violations)
    compliance = max(0.0, 100.0 - points)
    no_complaint = 1.0
    for p in state.complaint_probabilities:
        no_complaint *= 1.0 - p
    resolution = min(1.0, (state.recovered + state.secured) / balance) if balance else 1.0
    grade_cfg = env.params.grade
    grade = (
        compliance * grade_cfg.compliance_weight
        + 100 * resolution * grade_cfg.resolution_weight
        - grade_cfg.complaint_deduction * state.complaints
    )
    ended = state.ended_by
    return Scorecard(
        case_id=env.case.case_id,
        archetype=env.archetype_key,
        archetype_label=env.archetype.label,
        seed=env.seed,
        days_used=obs.day,
        ended_by=ended,
        ended_label=ENDED_LABELS.get(ended or "", "进行中"),
        actions=sum(1 for r in env.records if r.action is not None),
        balance=balance,
        recovered=state.recovered,
        secured=round(state.secured, 2),
        recovery_rate=round(state.recovered / balance, 4) if balance else 1.0,
        resolution_rate=round(resolution, 4),
        violations=len(state.violations),
        violation_points=points,
        violated_rules=dict(sorted(Counter(v.rule_id for v in state.violations).items())),
        compliance_score=compliance,
        cost=state.cost,
        complaints=state.complaints,
        complaint_risk=round(1.0 - no_complaint, 4),
        effective_collections=obs.effective_collections,
        effective_pair_30d=obs.effective_pair_30d,
        limitation_expires=obs.limitation_expires,
        total_reward=round(sum(r.reward for r in env.records), 2),
        grade=round(min(100.0, max(0.0, grade)), 1),
    )
