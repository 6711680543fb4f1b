"""Where each judicial rule comes from, with its verification status.

Status labels follow ``shared/reference/regulations.md``: only ``verified-primary`` and
``verified-secondary`` may be stated as law; ``partial``/``unverified`` must be shown as such,
and ``book-reading`` marks a computational reading chosen by this book where the text is silent.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

BasisStatus = Literal[
    "verified-primary", "verified-secondary", "partial", "unverified", "book-reading"
]

STATUS_TEXT: dict[str, str] = {
    "verified-primary": "已核实（原文）",
    "verified-secondary": "已核实（转载）",
    "partial": "部分核实",
    "unverified": "未核实",
    "book-reading": "本书计算口径（原文未规定）",
}


@dataclass(frozen=True)
class Basis:
    """One source: document, article, an exact quote (when available), its status and where
    the text was read (``source``, e.g. :data:`LAW_MIRROR` and the file)."""

    document: str
    article: str
    status: BasisStatus
    quote: str = ""
    source: str = ""

    def short(self) -> str:
        """``《文件》第X条（状态）`` for tables and breakdowns."""
        return f"{self.document}{self.article}（{STATUS_TEXT[self.status]}）"

    def to_dict(self) -> dict[str, str]:
        """Plain dict for JSON output."""
        return asdict(self)


FEES_MEASURES = "《诉讼费用交纳办法》"
CIVIL_CODE = "《民法典》"
CPL = "《民事诉讼法》（2023年修正）"
CPL_INTERPRETATION = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》"
CARD_RULES = "《最高人民法院关于审理银行卡民事纠纷案件若干问题的规定》"
LIMITATION_RULES = "《最高人民法院关于审理民事案件适用诉讼时效制度若干问题的规定》"
CARD_CRIME_INTERPRETATION = "《最高人民法院、最高人民检察院关于办理妨害信用卡管理刑事案件具体应用法律若干问题的解释》（2018年修改）"
MEASURES_2011 = "《商业银行信用卡业务监督管理办法》"

#: Where a ``verified-primary`` text was read: a community law-text mirror, not the gazette.
LAW_MIRROR = "LawRefBook/Laws 法规文本镜像（提交 2f4c5c2，2025-04-19；非官方公报）"
