"""The scoring assumptions (casebook/data/scoring.yaml) are a typed, validated model."""

from importlib import resources

import pytest
import yaml
from pydantic import ValidationError

from casebook.assess import ScoringConfig, scoring_config
from casebook.model import Channel, Outcome


def _shipped() -> dict:
    text = (resources.files("casebook") / "data" / "scoring.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def test_shipped_config_is_typed():
    config = scoring_config()
    assert config.cost.channel_cost[Channel.VISIT] == 200.0
    assert config.effectiveness.outcome_points[Outcome.PROMISE_TO_PAY] == 30
    assert config.weights.compliance + config.weights.effectiveness == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("section", "change"),
    [
        ("cost", {"channel_cost": {"fax": 1.0}}),  # not a channel
        ("effectiveness", {"cap": 100, "outcome_points": {"paid_in_full": 5}}),  # no such outcome
        ("weights", {"compliance": 0.7, "effectivness": 0.3}),  # misspelt key
        ("compliance", {"start": -1}),
    ],
)
def test_bad_config_is_refused(section, change):
    data = _shipped()
    data[section] = change
    with pytest.raises(ValidationError):
        ScoringConfig.model_validate(data)
