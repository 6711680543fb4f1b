"""Simulators as exercise answers: the campaign console and the strategy lab in an exercise form.

Each factory is registered with :func:`casebook.ui.submit.register_field_widget` under the
name an exercise kind puts in its :class:`~casebook.grading.forms.WidgetField`; the object
it returns has ``widget`` (to display) and ``value`` (what the 提交 button collects).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from casebook.grading.forms import WidgetField
from casebook.model import Action
from casebook.policy.schema import Pack
from casebook.ui.campaign import CampaignConsole
from casebook.ui.portfolio import StrategyLab
from casebook.ui.submit import register_field_widget


class CampaignField:
    """The campaign console locked to the variant's archetype and seed.

    ``value`` is the action log played so far (end-of-day steps are not needed: the grader
    replays the actions by their times and runs the clock to the end of the campaign).
    """

    def __init__(self, field: WidgetField, packs: Sequence[Pack]):
        self.archetype = field.config["archetype"]
        self.seed = int(field.config["seed"])
        self.console = CampaignConsole(self.archetype, self.seed, packs)
        self.console.archetype.disabled = True
        self.console.seed.disabled = True
        self.widget = self.console.widget

    @property
    def value(self) -> list[Action]:
        env = self.console.env
        if env is None or env.seed != self.seed or env.archetype_key != self.archetype:
            return []
        return [a for a in env.action_log if a is not None]

    def close(self) -> None:
        self.console.close()


def lab_settings(lab: StrategyLab) -> dict[str, Any]:
    """Every control of a strategy lab as the ``strategy`` kind's settings."""
    return lab.settings()


class StrategyField:
    """The strategy lab (its own simulation settings, seeded with the variant's portfolio)."""

    def __init__(self, field: WidgetField, packs: Sequence[Pack]):
        self.lab = StrategyLab(
            packs, accounts=5_000, days=180, seed=int(field.config["portfolio_seed"])
        )
        self.widget = self.lab.widget

    @property
    def value(self) -> dict[str, Any]:
        return lab_settings(self.lab)

    def close(self) -> None:
        self.lab.close()


@register_field_widget("campaign")
def campaign_field(field: WidgetField, packs: Sequence[Pack]) -> CampaignField:
    """Factory for ``widget: campaign``."""
    return CampaignField(field, packs)


@register_field_widget("strategy_lab")
def strategy_field(field: WidgetField, packs: Sequence[Pack]) -> StrategyField:
    """Factory for ``widget: strategy_lab``."""
    return StrategyField(field, packs)


# The call console registers its own factory (``widget: call``) when imported.
import casebook.ui.call  # noqa: E402, F401
