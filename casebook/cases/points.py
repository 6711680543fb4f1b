"""The seed's 17 points: 5 channels, 4 failure causes, 4 efficiency measures, 4 compliance points.

Worked cases declare which points they illustrate (``covers``); the coverage map page
(``book/coverage.md``) links every point to its section, its cases and its exercises.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Group = Literal["channels", "causes", "efficiency", "compliance"]
ChannelPoint = Literal["phone", "sms", "mail", "visit", "legal"]
CausePoint = Literal["contact_invalid", "evasion", "hardship", "weak_means"]
EfficiencyPoint = Literal["process", "team", "technology", "court"]
CompliancePoint = Literal["law", "civility", "privacy", "excess"]


@dataclass(frozen=True)
class SeedPoint:
    """One point of the seed text, e.g. ``channels.phone`` (电话催收)."""

    group: Group
    name: str
    label: str

    @property
    def key(self) -> str:
        """Stable key used by case files and the coverage map, e.g. ``channels.phone``."""
        return f"{self.group}.{self.name}"

    @property
    def anchor(self) -> str:
        """Label of the book section that treats the point, e.g. ``causes-contact-invalid``."""
        return f"{self.group}-{self.name.replace('_', '-')}"


GROUP_LABELS: dict[Group, str] = {
    "channels": "催收途径",
    "causes": "催收失败的原因",
    "efficiency": "提高催收效率",
    "compliance": "合规要点",
}

SEED_POINTS: tuple[SeedPoint, ...] = (
    SeedPoint("channels", "phone", "电话催收"),
    SeedPoint("channels", "sms", "短信催收"),
    SeedPoint("channels", "mail", "信函与电子邮件催收"),
    SeedPoint("channels", "visit", "上门催收"),
    SeedPoint("channels", "legal", "法律途径"),
    SeedPoint("causes", "contact_invalid", "联系方式失效"),
    SeedPoint("causes", "evasion", "恶意逃避"),
    SeedPoint("causes", "hardship", "财务状况恶化"),
    SeedPoint("causes", "weak_means", "催收手段不足"),
    SeedPoint("efficiency", "process", "完善催收流程"),
    SeedPoint("efficiency", "team", "加强催收团队建设"),
    SeedPoint("efficiency", "technology", "利用科技手段"),
    SeedPoint("efficiency", "court", "加强与法院的合作"),
    SeedPoint("compliance", "law", "遵守法律法规"),
    SeedPoint("compliance", "civility", "文明催收"),
    SeedPoint("compliance", "privacy", "保护个人隐私"),
    SeedPoint("compliance", "excess", "防止催收过度"),
)

POINTS_BY_KEY: dict[str, SeedPoint] = {p.key: p for p in SEED_POINTS}
