"""Procedure chooser: 支付令, 小额诉讼, 简易程序, 普通程序 or 诉前调解.

The rules (《民事诉讼法》 2023 and its 2022 interpretation, verified in the project's
reference note unless labelled otherwise):

* 支付令 (Arts. 225–228; 解释 Art. 427): money due and fixed, no counter-performance owed by
  the creditor, no other debt dispute between the parties, the debtor in China and not
  missing, the order can be served, no pre-suit preservation; no amount limit. A written
  objection ends it and the case moves to litigation unless the creditor declines (Art. 228).
* 小额诉讼 (Arts. 165–166): a simple money claim of at most 50% of the province's prior-year
  average annual wage of employed persons must use it; up to 200% the parties may agree to.
  Excluded: a party's whereabouts unknown, counterclaims, valuation/appraisal, foreign-related.
  Mandatory means mandatory: when it applies, 简易程序 and 普通程序 are not open to the
  creditor (only the court converts a case it finds unsuitable, Art. 169). 支付令 and 诉前调解
  are not ways of trying the case, so they stay available; an objected payment order moves
  to litigation, which is then heard as a small claim.
* 简易程序 (Art. 160): simple cases in basic-level courts; closed within 3 months (Art. 164).
* 普通程序: cases the other procedures do not cover, e.g. a debtor whose whereabouts are
  unknown, served by public notice (Art. 95: deemed served 30 days after the notice).
* 诉前调解: not in the verified texts; offered as a practical option and labelled so.

Whether small claims is mandatory depends on the province's wage. Without a limit the user
supplied or confirmed, the chooser does not decide it: small claims, 简易 and 普通 are
"undecided" (``eligible is None``) and the summary says what the answer depends on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from casebook.judicial.fees import FeeResult, Procedure, court_fee
from casebook.judicial.money import as_number, parse_amount, yuan
from casebook.judicial.wages import SmallClaimsLimits
from casebook.sources import Citation, Status, source

ART_225 = source("REF-CPL-225")
ART_226 = source("REF-CPL-226")
ART_227 = source("REF-CPL-227")
ART_228 = source("REF-CPL-228")
INTERP_427 = source("REF-CPL-INTERP-427")
INTERP_430 = source("REF-CPL-INTERP-430")
ART_165 = source("REF-CPL-165")
ART_169 = source("REF-CPL-169")
ART_166 = source("REF-CPL-166")
ART_168 = source("REF-CPL-168")
ART_160_164 = source("REF-CPL-160-164")
ART_95 = source("REF-CPL-95")
SMALL_CLAIMS_FEE = source("REF-FEES-16-SMALL-CLAIMS")
MISSING_DEBTOR_NOT_SIMPLE = source("REF-CPL-INTERP-SIMPLE-SCOPE")
PRE_SUIT_MEDIATION = source("REF-CPL-MEDIATION")
MEDIATION_FEE = source("REF-FEES-15")

PROCEDURE_KEYS = ("pre_suit_mediation", "payment_order", "small_claims", "simplified", "ordinary")
PROCEDURE_TITLES = {
    "pre_suit_mediation": "诉前调解",
    "payment_order": "支付令（督促程序）",
    "small_claims": "小额诉讼",
    "simplified": "简易程序",
    "ordinary": "普通程序",
}


@dataclass(frozen=True)
class CaseFacts:
    """What the chooser needs to know about a card-debt claim."""

    amount: Decimal
    servable: bool = True
    whereabouts_known: bool = True
    debtor_in_china: bool = True
    disputed: bool = False
    complex_facts: bool = False
    other_debt_disputes: bool = False
    amount_due_and_fixed: bool = True
    creditor_owes_counter_performance: bool = False
    pre_suit_preservation: bool = False
    counterclaim: bool = False
    needs_appraisal: bool = False
    foreign_related: bool = False
    willing_to_negotiate: bool = False
    parties_agree_small_claims: bool = False
    limits: SmallClaimsLimits | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", parse_amount(self.amount, "标的额", positive=True))


@dataclass
class ProcedureOption:
    """One procedure: can it be used, why (not), what it costs and how long it takes."""

    key: str
    eligible: bool | None
    reasons: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    fee: FeeResult | None = None
    fee_note: str = ""
    timeline: list[str] = field(default_factory=list)
    basis: list[Citation] = field(default_factory=list)
    mandatory: bool = False

    @property
    def title(self) -> str:
        """Chinese name."""
        return PROCEDURE_TITLES[self.key]

    def to_json(self) -> dict[str, Any]:
        """JSON-friendly dict."""
        return {
            "key": self.key,
            "title": self.title,
            "eligible": self.eligible,
            "mandatory": self.mandatory,
            "reasons": self.reasons,
            "blockers": self.blockers,
            "fee": None if self.fee is None else as_number(self.fee.fee),
            "fee_note": self.fee_note,
            "timeline": self.timeline,
            "basis": [b.labelled() for b in self.basis],
        }


@dataclass
class ProcedureAdvice:
    """All options and the recommended one."""

    facts: CaseFacts
    options: list[ProcedureOption]
    recommended: str
    summary: str

    def option(self, key: str) -> ProcedureOption:
        """The option with this key."""
        return next(o for o in self.options if o.key == key)

    def to_json(self) -> dict[str, Any]:
        """The ``casebook procedure --json`` output."""
        limits = self.facts.limits
        return {
            "amount": as_number(self.facts.amount),
            "recommended": self.recommended,
            "summary": self.summary,
            "small_claims_limits": None if limits is None else limits.to_json(),
            "depends_on_small_claims_limit": self.option("small_claims").eligible is None,
            "options": [o.to_json() for o in self.options],
        }


def _payment_order(f: CaseFacts) -> ProcedureOption:
    blockers = []
    if not f.amount_due_and_fixed:
        blockers.append("请求给付的金钱未到期或数额不确定")
    if f.creditor_owes_counter_performance:
        blockers.append("债权人负有对待给付义务")
    if f.other_debt_disputes:
        blockers.append("债权人与债务人有其他债务纠纷")
    if not f.debtor_in_china:
        blockers.append("债务人不在我国境内")
    if not f.whereabouts_known:
        blockers.append("债务人下落不明")
    if not f.servable:
        blockers.append("支付令不能送达债务人")
    if f.pre_suit_preservation:
        blockers.append("债权人已申请诉前保全")
    option = ProcedureOption(
        "payment_order",
        eligible=not blockers,
        blockers=blockers,
        fee=court_fee(f.amount, Procedure.PAYMENT_ORDER),
        fee_note="按财产案件受理费标准的 1/3 交纳（《诉讼费用交纳办法》第十四条第（三）项）；"
        "支付令失效转入诉讼的，按诉讼程序补交。",
        timeline=[
            "法院 5 日内通知是否受理",
            "受理后 15 日内发出支付令",
            "债务人收到后 15 日内清偿或提出书面异议",
            "发出之日起 30 日内无法送达的，督促程序终结",
        ],
        basis=[ART_225, ART_226, ART_227, ART_228, INTERP_427, INTERP_430],
    )
    if not blockers:
        option.reasons.append(
            "金钱债权已到期、数额确定，债务人可以送达：符合申请支付令的条件，且不受金额限制。"
        )
        if f.disputed:
            option.reasons.append(
                "但债务人对欠款有异议：一旦提出书面异议，支付令失效并转入诉讼程序，反而多花时间。"
            )
    return option


def _small_claims(f: CaseFacts) -> ProcedureOption:
    option = ProcedureOption(
        "small_claims",
        eligible=None,
        basis=[ART_165, ART_166, ART_168, SMALL_CLAIMS_FEE],
        timeline=[
            "一审终审",
            "立案之日起 2 个月内审结（可延长 1 个月）",
            "法院审理中发现不宜适用的，转为简易程序的其他规定或普通程序",
        ],
    )
    excluded = []
    if not f.whereabouts_known:
        excluded.append("一方当事人下落不明")
    if f.counterclaim:
        excluded.append("当事人提出反诉")
    if f.needs_appraisal:
        excluded.append("需要评估、鉴定")
    if f.foreign_related:
        excluded.append("涉外案件")
    if f.complex_facts:
        excluded.append("事实不清或争议较大，不属于简单金钱给付案件")
    fee = court_fee(f.amount, Procedure.SIMPLIFIED)
    option.fee, option.fee_note = (
        fee,
        "推断按简易程序减半（未核实：原文未就小额诉讼单独规定收费）。",
    )
    if excluded:
        option.eligible, option.blockers = False, excluded
        return option
    limits, amount = f.limits, f.amount
    if limits is None:
        option.reasons.append(
            "不知道本省上年度就业人员年平均工资：无法判断是否必须适用小额诉讼。"
            "请提供平均工资或受诉法院公布的限额。"
        )
        return option
    if not limits.confirmed:
        if amount <= limits.mandatory:
            band = (
                f"按该限额（{yuan(limits.mandatory)}），本案标的额 {yuan(amount)} 在限额以内："
                "如该限额属实，本案必须适用小额诉讼程序，不能选择简易程序或普通程序。"
            )
        elif amount <= limits.optional:
            band = (
                f"按该限额，本案标的额 {yuan(amount)} 超过 50% 上限但不超过约定适用上限"
                f"（{yuan(limits.optional)}）：双方约定的，可以适用小额诉讼程序。"
            )
        else:
            band = f"按该限额，本案标的额超过约定适用上限 {yuan(limits.optional)}。"
        option.reasons.append(
            f"数据文件中的限额仅供参考，未经确认不自动适用：{limits.describe()}。"
        )
        option.reasons.extend(f"注意：{c}。" for c in limits.caveats)
        option.reasons.append(band)
        option.reasons.append(
            "是否必须适用小额诉讼取决于该限额：请向受诉法院核实后提供限额"
            "（命令行 --small-claims-limit），或确认数据文件中的数字（--confirm-limit）。"
        )
        return option
    if amount <= limits.mandatory:
        option.eligible, option.mandatory = True, True
        option.reasons.append(
            f"标的额 {yuan(amount)} 不超过小额诉讼限额（本省上年度就业人员年平均工资的 50%，"
            f"{yuan(limits.mandatory)}）："
            "事实清楚、争议不大的简单金钱给付案件必须适用小额诉讼程序，一审终审。"
        )
    elif amount <= limits.optional:
        option.eligible = f.parties_agree_small_claims
        option.reasons.append(
            f"标的额超过 50% 上限（{yuan(limits.mandatory)}）但不超过二倍上限"
            f"（{yuan(limits.optional)}）：双方约定的，可以适用小额诉讼程序。"
        )
        if not f.parties_agree_small_claims:
            option.blockers.append("双方未约定适用小额诉讼")
    else:
        option.eligible = False
        option.blockers.append(f"标的额超过约定适用上限 {yuan(limits.optional)}")
    confirmed = "，用户已确认" if limits.status in (Status.PARTIAL, Status.UNVERIFIED) else ""
    option.reasons.append(f"限额来源：{limits.source}（{limits.status_text}{confirmed}）。")
    return option


def _apply_small_claims(option: ProcedureOption, small: ProcedureOption) -> None:
    """Mandatory small claims closes 简易/普通 to the creditor; an open question leaves them open."""
    if option.eligible is False:
        return
    if small.mandatory:
        option.eligible, option.reasons = False, []
        option.blockers.append(
            "本案标的额在小额诉讼限额以内，依法必须适用小额诉讼程序（第一百六十五条第一款），"
            "不能选择本程序；只有法院在审理中发现案件不宜适用小额诉讼时才会转换（第一百六十九条）"
        )
        option.basis.extend([ART_165, ART_169])
    elif small.eligible is None:
        option.eligible = None
        option.reasons.insert(
            0,
            "取决于小额诉讼限额：标的额不超过本省上年度就业人员年平均工资 50% 的简单金钱给付案件"
            "必须适用小额诉讼，不能选择本程序；超过的才可以适用本程序。",
        )
        option.basis.append(ART_165)


def _simplified(f: CaseFacts) -> ProcedureOption:
    option = ProcedureOption(
        "simplified",
        eligible=True,
        fee=court_fee(f.amount, Procedure.SIMPLIFIED),
        fee_note="减半交纳受理费（《诉讼费用交纳办法》第十六条）。",
        timeline=["立案之日起 3 个月内审结（可延长 1 个月）"],
        basis=[ART_160_164],
    )
    if f.complex_facts:
        option.eligible = False
        option.blockers.append("事实不清或争议较大，不属于简单的民事案件")
    if not f.whereabouts_known:
        option.eligible = False
        option.blockers.append("被告下落不明，需公告送达")
        option.basis.append(MISSING_DEBTOR_NOT_SIMPLE)
    if option.eligible:
        option.reasons.append(
            "事实清楚、权利义务关系明确、争议不大的简单案件，由基层法院适用简易程序。"
        )
    return option


def _ordinary(f: CaseFacts) -> ProcedureOption:
    option = ProcedureOption(
        "ordinary",
        eligible=True,
        fee=court_fee(f.amount, Procedure.ORDINARY),
        fee_note="全额交纳受理费（《诉讼费用交纳办法》第十三条）；以调解结案或撤诉的减半（第十五条）。",
        basis=[MEDIATION_FEE],
    )
    option.reasons.append(
        "不适用小额诉讼、简易程序的一审民事案件适用普通程序；立案后适用哪种程序由法院依法决定。"
    )
    if not f.whereabouts_known or not f.servable:
        option.timeline.append(
            "债务人下落不明或无法送达：公告送达，自发出公告之日起经过 30 日视为送达"
        )
        option.basis.append(ART_95)
    return option


def _mediation(f: CaseFacts) -> ProcedureOption:
    option = ProcedureOption(
        "pre_suit_mediation",
        eligible=f.servable and f.whereabouts_known,
        fee=None,
        fee_note="诉前调解的收费本书未核实，以受诉法院告知为准；立案后以调解方式结案的，受理费减半（第十五条）。",
        basis=[PRE_SUIT_MEDIATION, MEDIATION_FEE],
    )
    if option.eligible:
        option.reasons.append("债务人联系得上：可以先调解，达成协议后可申请司法确认或出具调解书。")
        if f.willing_to_negotiate:
            option.reasons.append(
                "债务人有还款意愿：调解（或《办法》第七十条的个性化分期协议）往往比判决回收更快。"
            )
    else:
        option.blockers.append("联系不上债务人，无法调解")
    return option


def choose_procedure(facts: CaseFacts) -> ProcedureAdvice:
    """Check every procedure against ``facts`` and recommend one (with reasons)."""
    options = {
        "pre_suit_mediation": _mediation(facts),
        "payment_order": _payment_order(facts),
        "small_claims": _small_claims(facts),
        "simplified": _simplified(facts),
        "ordinary": _ordinary(facts),
    }
    small = options["small_claims"]
    for key in ("simplified", "ordinary"):
        _apply_small_claims(options[key], small)
    if small.mandatory and options["payment_order"].eligible:
        options["payment_order"].reasons.append(
            "支付令属于督促程序，不是审理程序，第一百六十五条不排除申请支付令；"
            "债务人提出书面异议、转入诉讼后，按小额诉讼程序审理。"
        )
    undecided = small.eligible is None
    limits = facts.limits
    if facts.willing_to_negotiate and options["pre_suit_mediation"].eligible:
        pick = "pre_suit_mediation"
        why = "债务人联系得上且有还款意愿，先调解；调解不成再按下列程序起诉。"
    elif options["payment_order"].eligible and not facts.disputed:
        pick = "payment_order"
        why = "欠款事实清楚、债务人无异议且可以送达：支付令最快、费用最低（受理费的 1/3）。"
    elif small.eligible and small.mandatory:
        pick = "small_claims"
        why = "标的额在小额诉讼上限以内的简单金钱给付案件，依法必须适用小额诉讼程序（一审终审），不能选择简易程序或普通程序。"
    elif small.eligible:
        pick = "small_claims"
        why = "双方约定适用小额诉讼程序，一审终审、审限短。"
    elif undecided and limits is not None and facts.amount <= limits.mandatory:
        pick = "small_claims"
        why = (
            f"按数据文件中未经确认的限额（{yuan(limits.mandatory)}），本案属于必须适用小额诉讼的情形；"
            "但该限额未经核实，结论取决于受诉法院公布的限额。"
        )
    elif options["simplified"].eligible is not False:
        pick = "simplified"
        why = "简单案件适用简易程序，受理费减半。"
    else:
        pick = "ordinary"
        why = "其他程序的条件都不满足，适用普通程序。"
    if undecided and pick in ("simplified", "ordinary"):
        missing = "未提供平均工资" if limits is None else "小额诉讼限额未经确认"
        why += (
            f"（{missing}，未能判断是否必须适用小额诉讼：标的额不超过本省上年度就业人员年平均工资 50% 的，"
            "必须适用小额诉讼，不能选择简易程序或普通程序。）"
        )
    return ProcedureAdvice(facts, list(options.values()), pick, why)
