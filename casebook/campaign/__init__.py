"""Multi-day case campaign: one account, five debtor archetypes, every step scored by the packs.

>>> from casebook.campaign import CaseCampaign
>>> env = CaseCampaign(archetype="恶意逃避")
>>> obs, info = env.reset(seed=1)
"""

from casebook.campaign.env import (
    ENDED_LABELS,
    REWARD_TERMS,
    CaseCampaign,
    Observation,
    StepRecord,
    replay,
    resolve_archetype,
)
from casebook.campaign.limitation import LimitationClock, add_years
from casebook.campaign.params import CampaignParams, ParamsError, default_params, load_params
from casebook.campaign.render import (
    figure_png,
    scorecard_html,
    state_html,
    step_html,
    timeline_figure,
    timeline_html,
)
from casebook.campaign.scorecard import Scorecard, build_scorecard

ARCHETYPES: tuple[str, ...] = tuple(default_params().archetypes)

__all__ = [
    "ARCHETYPES",
    "ENDED_LABELS",
    "REWARD_TERMS",
    "CampaignParams",
    "CaseCampaign",
    "LimitationClock",
    "Observation",
    "ParamsError",
    "Scorecard",
    "StepRecord",
    "add_years",
    "build_scorecard",
    "default_params",
    "figure_png",
    "load_params",
    "replay",
    "resolve_archetype",
    "scorecard_html",
    "state_html",
    "step_html",
    "timeline_figure",
    "timeline_html",
]
