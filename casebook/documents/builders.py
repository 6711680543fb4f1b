"""The five model documents (范文), built from a :class:`JudicialCaseFile`.

* 催收函: every field of 2011 Measures Art. 69 (field ids shared with the ``cn`` policy pack).
* 个性化分期还款协议: the six contents of Art. 70 (ids shared with the pack), term ≤ 60 months.
* 支付令申请书: the conditions of 民诉法 Art. 225 and 解释 Art. 427 stated as facts.
* 民事起诉状: parties, claims with computed amounts, facts and reasons, evidence list.
* 财产保全申请书: request, facts, security, and the Art. 14(二) fee.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from casebook.documents.casefile import JudicialCaseFile
from casebook.documents.doc import Doc
from casebook.judicial.claim import Claim, compute_claim
from casebook.judicial.fees import Procedure, court_fee, preservation_fee
from casebook.judicial.money import cents, yuan
from casebook.policy.loader import builtin_packs

MAX_INSTALMENT_MONTHS = 60


def _pack_fields(check: str, param: str) -> dict[str, str]:
    fields = builtin_packs(("cn",)).mapping(check, param)
    if not fields:  # pragma: no cover - the law pack always has these rules
        raise LookupError(f"no rule with check {check!r} in the cn pack")
    return fields


#: Art. 69 fields: the pack's seven ids plus the open item 「监管机构规定的其他内容」.
LETTER_FIELDS = {
    **_pack_fields("letter_fields", "required_fields"),
    "regulator_other": "监管机构规定的其他内容",
}
AGREEMENT_FIELDS = _pack_fields("instalment_contents", "required_items")
PAYMENT_ORDER_FIELDS = {
    "applicant": "申请人",
    "respondent": "被申请人",
    "requests": "请求事项",
    "facts_reasons": "事实与理由",
    "no_other_dispute": "没有其他债务纠纷",
    "servable": "支付令能够送达",
    "evidence": "证据",
    "court": "此致",
    "signature_date": "申请人（盖章）",
}
COMPLAINT_FIELDS = {
    "plaintiff": "原告",
    "defendant": "被告",
    "claims": "诉讼请求",
    "facts_reasons": "事实与理由",
    "evidence_list": "证据清单",
    "court": "此致",
    "signature_date": "具状人",
}
PRESERVATION_FIELDS = {
    "applicant": "申请人",
    "respondent": "被申请人",
    "requests": "请求事项",
    "facts_reasons": "事实与理由",
    "security": "担保",
    "court": "此致",
    "signature_date": "申请人（盖章）",
}
#: Text that must appear in a rendered document for each field (headings or fixed phrases).
MARKERS: dict[str, dict[str, str]] = {
    "collection_letter": {
        "holder_name": "持卡人姓名",
        "balance": "欠款余额",
        "reason_and_legal_basis": "催收事由和相关法规",
        "holder_rights_duties": "您的权利和义务",
        "channels_query_repay_dispute_evidence": "查询、还款、提出异议和提供证据的途径",
        "bank_contact": "发卡银行联系方式",
        "business_seal": "业务专用章",
        "regulator_other": "监管机构规定的其他内容",
    },
    "instalment_agreement": {
        "balance_structure_currency": "欠款余额、结构和币种",
        "cycle_method_currency_dates_amount": "还款周期、方式、币种、日期和每期还款金额",
        "fees_interest_during_plan": "还款期间年费、利息和其他费用",
        "no_new_card_commitment": "不得向任何银行申领信用卡",
        "rights_duties_default_liability": "双方的权利义务和违约责任",
        "other_repayment_matters": "与还款有关的其他事项",
    },
    "payment_order": dict(PAYMENT_ORDER_FIELDS),
    "complaint": dict(COMPLAINT_FIELDS),
    "preservation": dict(PRESERVATION_FIELDS),
}
TITLES = {
    "collection_letter": "信用卡欠款催收函",
    "instalment_agreement": "信用卡个性化分期还款协议",
    "payment_order": "支付令申请书",
    "complaint": "民事起诉状",
    "preservation": "财产保全申请书",
}
REQUIRED = {
    "collection_letter": LETTER_FIELDS,
    "instalment_agreement": AGREEMENT_FIELDS,
    "payment_order": PAYMENT_ORDER_FIELDS,
    "complaint": COMPLAINT_FIELDS,
    "preservation": PRESERVATION_FIELDS,
}


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _balance_rows(claim: Claim) -> list[list[str]]:
    rows = [["项目", "金额（人民币元）"]]
    rows += [[line.label, f"{line.amount:,.2f}"] for line in claim.lines]
    rows.append(["合计", f"{claim.total:,.2f}"])
    return rows


def _bank_party(case: JudicialCaseFile, role: str) -> str:
    b = case.bank
    return f"{role}：{b.name}，住所地{b.address}。负责人：{b.principal}，{b.principal_title}。"


def _person_party(case: JudicialCaseFile, role: str) -> str:
    h = case.cardholder
    return (
        f"{role}：{h.name}，{h.gender}，{_cn_date(h.birth_date)}出生，公民身份号码 {h.id_masked}，"
        f"住{h.address}，联系电话 {h.phone_masked}。"
    )


def _claim_at(case: JudicialCaseFile, day: date) -> Claim:
    return compute_claim(case.statements, day)


def collection_letter(case: JudicialCaseFile) -> Doc:
    """催收函 with every field of 2011 Measures Art. 69."""
    claim = _claim_at(case, case.letter_date)
    h, b = case.cardholder, case.bank
    doc = Doc("collection_letter", TITLES["collection_letter"], required=dict(LETTER_FIELDS))
    doc.para(f"函号：XH-CS-{case.case_id}　　日期：{_cn_date(case.letter_date)}", align="right")
    doc.heading("一、持卡人姓名")
    doc.para(f"尊敬的{h.name}（卡号 {case.card_masked}）：", field="holder_name")
    doc.heading("二、欠款余额")
    doc.para(
        f"截至{_cn_date(case.letter_date)}，您的信用卡账户欠款余额为{yuan(claim.total)}，构成如下："
    )
    doc.table(_balance_rows(claim), field="balance")
    doc.heading("三、催收事由和相关法规")
    doc.para(
        f"您于{_cn_date(case.contract_date)}申领{b.short_name}信用卡并签署《信用卡领用合约》。"
        f"账户自{_cn_date(case.statements.first_missed_due)}到期还款日起未按约定足额还款，至今已逾期"
        f"{claim.days_overdue}日。依据《信用卡领用合约》的约定和《商业银行信用卡业务监督管理办法》"
        "第六十九条的规定，特函告知您的欠款情况，请您按约定尽快还款。",
        field="reason_and_legal_basis",
    )
    doc.heading("四、您的权利和义务")
    doc.para(
        "您有权查询账户明细和欠款构成；对欠款金额或本函内容有异议的，有权提出异议并提交证据，"
        "我行收到异议后将在您的账户上备注并开展核实；确因还款能力不足但仍有还款意愿的，可以申请协商还款方案；"
        "对我行的催收行为不满意的，可以向我行或监管部门投诉。您有按照《信用卡领用合约》约定按期足额还款的义务，"
        "联系方式变更时应及时通知我行。",
        field="holder_rights_duties",
    )
    doc.heading("五、查询、还款、提出异议和提供证据的途径")
    doc.para(
        f"查询账户：{b.app}，或致电{b.hotline}；还款：{b.repay_account}，可通过手机银行、网点柜台或他行转账还款；"
        f"提出异议和提供证据：致电{b.hotline}，或书面寄至{b.dispute_address}，或发送电子邮件至{b.dispute_email}。",
        field="channels_query_repay_dispute_evidence",
    )
    doc.heading("六、发卡银行联系方式")
    doc.para(
        f"{b.name}，地址：{b.address}；客服热线：{b.hotline}（工作时间 08:00—22:00）。",
        field="bank_contact",
    )
    doc.heading("七、监管机构规定的其他内容")
    doc.para(
        "监管机构对催收函另有规定的，以其规定为准并在本函中补充载明；截至发函日无其他应载明事项。",
        field="regulator_other",
    )
    doc.seal(f"{b.short_name}信用卡中心业务专用章（盖章处）", field="business_seal")
    doc.signature(f"{b.name}　{_cn_date(case.letter_date)}")
    doc.notes = [
        "本函寄往持卡人预留的通讯地址并保留邮寄和妥投凭证：可作为中断诉讼时效（银行卡规定第三条）和有效催收（2018年解释第七条）的证据。",
        "不写「坐牢」「上门」「通知单位」等言辞；不向第三人寄送。",
    ]
    return doc


def instalment_agreement(case: JudicialCaseFile) -> Doc:
    """个性化分期还款协议 with the six contents of 2011 Measures Art. 70 (term ≤ 60 months)."""
    terms = case.instalment
    if terms is None:
        raise ValueError("instalment: the case file has no instalment terms")
    if terms.term_months > MAX_INSTALMENT_MONTHS:
        raise ValueError(
            f"instalment.term_months: {terms.term_months} exceeds the 60-month maximum of Art. 70"
        )
    claim = _claim_at(case, case.letter_date)
    h, b = case.cardholder, case.bank
    monthly = cents(claim.total / terms.term_months)
    last = cents(claim.total - monthly * (terms.term_months - 1))
    doc = Doc(
        "instalment_agreement", TITLES["instalment_agreement"], required=dict(AGREEMENT_FIELDS)
    )
    doc.para(f"甲方（发卡银行）：{b.name}")
    doc.para(f"乙方（持卡人）：{h.name}，公民身份号码 {h.id_masked}，卡号 {case.card_masked}")
    doc.para(
        "鉴于乙方信用卡欠款金额超出其还款能力，且乙方仍有还款意愿，双方依据《商业银行信用卡业务监督管理办法》"
        "第七十条，经平等协商，达成如下个性化分期还款协议："
    )
    doc.heading("第一条　欠款余额、结构和币种")
    doc.para(
        f"截至{_cn_date(case.letter_date)}，乙方欠款余额为人民币{yuan(claim.total)}，结构如下（币种：人民币）："
    )
    doc.table(_balance_rows(claim), field="balance_structure_currency")
    doc.heading("第二条　还款周期、方式、币种、日期和每期还款金额")
    doc.para(
        f"分 {terms.term_months} 期按月还款，币种人民币；自{_cn_date(terms.first_due)}起每月{terms.day_of_month}日前"
        f"存入信用卡账户（{b.repay_account}）由甲方扣收；第 1 至 {terms.term_months - 1} 期每期{yuan(monthly)}，"
        f"第 {terms.term_months} 期{yuan(last)}。",
        field="cycle_method_currency_dates_amount",
    )
    doc.heading("第三条　还款期间年费、利息和其他费用")
    fee_text = (
        "不计收分期手续费"
        if terms.instalment_fee_rate_monthly == 0
        else (f"按月计收分期手续费，月费率 {terms.instalment_fee_rate_monthly.normalize():f}")
    )
    doc.para(
        f"还款期间{'免收年费' if terms.annual_fee_waived else '照常计收年费'}；{terms.interest_during_plan}；{fee_text}。",
        field="fees_interest_during_plan",
    )
    doc.heading("第四条　乙方承诺")
    doc.para(
        "乙方承诺：本协议项下款项未全部结清前，不得向任何银行申领信用卡。",
        field="no_new_card_commitment",
    )
    doc.heading("第五条　双方的权利义务和违约责任")
    doc.para(
        "甲方及其发卡业务服务机构自本协议签署之日起停止对乙方的催收，乙方不履行本协议的除外；甲方应按约定提供账户查询。"
        "乙方应按期足额还款。乙方连续两期或累计三期未按约定还款的，甲方有权解除本协议，就剩余欠款依《信用卡领用合约》主张权利。",
        field="rights_duties_default_liability",
    )
    doc.heading("第六条　与还款有关的其他事项")
    doc.para(
        "乙方可以提前清偿全部或部分欠款；本协议一式两份，双方各执一份，自双方签字（盖章）之日起生效；"
        "以口头方式达成还款协议的，甲方留存录音资料至欠款结清之日。",
        field="other_repayment_matters",
    )
    doc.signature(f"甲方（盖章）：{b.name}　　乙方（签字）：__________　　签署日期：____年__月__日")
    doc.notes = [
        f"期限 {terms.term_months} 个月，不超过第七十条规定的 5 年（60 个月）。",
        "达成个性化分期是银行「可以」而非「应当」的事项；「停息挂账」不是法规用语，是否计息由第三条写明。",
    ]
    return doc


def payment_order_application(case: JudicialCaseFile) -> Doc:
    """支付令申请书: Art. 225 conditions and the computed amount."""
    claim = _claim_at(case, case.claim_date)
    fee = court_fee(claim.total, Procedure.PAYMENT_ORDER)
    doc = Doc("payment_order", TITLES["payment_order"], required=dict(PAYMENT_ORDER_FIELDS))
    doc.para(_bank_party(case, "申请人"), field="applicant")
    doc.para(_person_party(case, "被申请人"), field="respondent")
    doc.heading("请求事项")
    doc.para(
        f"一、督促被申请人向申请人支付信用卡欠款{yuan(claim.total)}（其中透支本金{yuan(claim.amount('principal'))}，"
        f"利息、违约金及费用{yuan(claim.total - claim.amount('principal'))}，计至{_cn_date(case.claim_date)}），"
        "并自次日起按合同约定的利率支付利息至实际清偿之日止；",
        field="requests",
    )
    doc.para(f"二、本案申请费用{yuan(fee.fee)}由被申请人负担。")
    doc.heading("事实与理由")
    doc.para(
        f"被申请人于{_cn_date(case.contract_date)}向申请人申领信用卡（卡号 {case.card_masked}），"
        f"信用额度{yuan(case.credit_limit)}。被申请人透支消费后，自{_cn_date(case.statements.first_missed_due)}起"
        "未按约定还款，经申请人多次催收仍未清偿。上述债务已到期且数额确定，申请人对被申请人没有对待给付义务。",
        field="facts_reasons",
    )
    doc.para("申请人与被申请人之间没有其他债务纠纷。", field="no_other_dispute")
    doc.para(
        f"被申请人在我国境内且未下落不明，其住所地为{case.cardholder.address}，支付令能够送达被申请人。",
        field="servable",
    )
    doc.para("依照《中华人民共和国民事诉讼法》第二百二十五条的规定，特向贵院申请支付令。")
    doc.heading("证据")
    doc.table(
        [
            ["序号", "证据名称"],
            ["1", "信用卡申请表及《信用卡领用合约》"],
            ["2", "信用卡账单及交易明细"],
            ["3", "催收记录及送达凭证"],
        ],
        field="evidence",
    )
    doc.para("此致", field="court")
    doc.para(case.court)
    doc.signature(
        f"申请人（盖章）：{case.bank.name}　{_cn_date(case.claim_date)}", field="signature_date"
    )
    doc.notes = [
        f"申请费按财产案件受理费标准的 1/3 计算：{yuan(fee.fee)}（《诉讼费用交纳办法》第十四条第（三）项）。",
        "债务人收到支付令后 15 日内可以提出书面异议；异议成立的，支付令失效，转入诉讼程序（民事诉讼法第二百二十七条、第二百二十八条）。",
    ]
    return doc


EVIDENCE_LIST = [
    ["序号", "证据名称", "证明目的"],
    [
        "1",
        "信用卡申请表、《信用卡领用合约》",
        "双方存在信用卡合同关系及利息、违约金等约定；银行已就相关条款作出说明",
    ],
    ["2", "信用卡账单及交易明细", "被告透支消费、取现及欠款金额"],
    ["3", "还款记录及欠款计算表", "欠款本金、利息、违约金的计算过程"],
    ["4", "催收函、邮寄凭证、短信及电话催收记录", "原告已向被告主张权利，诉讼时效中断"],
]


def complaint(case: JudicialCaseFile) -> Doc:
    """民事起诉状: parties, claims with computed amounts, facts and reasons, evidence list."""
    claim = _claim_at(case, case.claim_date)
    doc = Doc("complaint", TITLES["complaint"], required=dict(COMPLAINT_FIELDS))
    doc.para(_bank_party(case, "原告"), field="plaintiff")
    doc.para(_person_party(case, "被告"), field="defendant")
    doc.heading("诉讼请求")
    charges = claim.total - claim.amount("principal")
    doc.para(
        f"一、判令被告偿还信用卡透支本金{yuan(claim.amount('principal'))}、利息违约金及费用{yuan(charges)}，"
        f"合计{yuan(claim.total)}（计至{_cn_date(case.claim_date)}）；",
        field="claims",
    )
    doc.para(
        "二、判令被告支付自起诉次日起至实际清偿之日止的透支利息（以未还本金为基数，按合同约定利率计算）；"
    )
    doc.para("三、本案诉讼费用由被告负担。")
    doc.table(_balance_rows(claim))
    doc.heading("事实与理由")
    doc.para(
        f"{_cn_date(case.contract_date)}，被告向原告申领信用卡（卡号 {case.card_masked}），双方签订《信用卡领用合约》，"
        f"约定信用额度{yuan(case.credit_limit)}，透支按日利率{case.statements.daily_rate.normalize():f}计息"
        f"（折合年化{cents(case.statements.daily_rate * 365 * 100)}%），逾期还款按约定收取违约金。被告透支后自"
        f"{_cn_date(case.statements.first_missed_due)}起未按约定还款，原告多次以短信、电话、信函向其预留联系方式催收，"
        "被告至今未清偿。原告认为，双方合同合法有效，被告未按约还款构成违约，应承担还款责任。"
        "为维护原告合法权益，依照《中华人民共和国民法典》和《中华人民共和国民事诉讼法》的规定，特向贵院提起诉讼。",
        field="facts_reasons",
    )
    doc.heading("证据清单")
    doc.table(EVIDENCE_LIST, field="evidence_list")
    doc.para("此致", field="court")
    doc.para(case.court)
    doc.signature(
        f"具状人：{case.bank.name}（盖章）　{_cn_date(case.claim_date)}", field="signature_date"
    )
    doc.notes = [
        "利息、复利、违约金合计可能被持卡人请求调减：法院综合考虑金融监管规定、未还款数额及期限、过错程度和实际损失（银行卡规定第二条），规定本身没有数字上限。",
        "起诉前核对诉讼时效：最后一次有效中断之日起三年内起诉。",
    ]
    return doc


def preservation_application(case: JudicialCaseFile) -> Doc:
    """财产保全申请书 with the Art. 14(二) fee on the amount to preserve."""
    claim = _claim_at(case, case.claim_date)
    amount = case.preserve_amount if case.preserve_amount is not None else claim.total
    fee = preservation_fee(amount)
    doc = Doc("preservation", TITLES["preservation"], required=dict(PRESERVATION_FIELDS))
    doc.para(_bank_party(case, "申请人"), field="applicant")
    doc.para(_person_party(case, "被申请人"), field="respondent")
    doc.heading("请求事项")
    doc.para(
        f"请求依法冻结{case.preserve_target}{yuan(amount)}，或查封、扣押其名下其他等值财产。",
        field="requests",
    )
    doc.heading("事实与理由")
    doc.para(
        f"申请人与被申请人信用卡纠纷一案，申请人已向贵院提起诉讼，请求被申请人偿还欠款{yuan(claim.total)}。"
        "被申请人长期拖欠且经多次催收未还款，为防止其转移、隐匿财产，致使将来的判决难以执行，"
        "依照《中华人民共和国民事诉讼法》的有关规定，特申请财产保全。",
        field="facts_reasons",
    )
    doc.heading("担保")
    doc.para(
        "申请人愿意以其自有财产或由保险机构出具保函的方式提供担保，如因申请错误给被申请人造成损失，由申请人依法承担赔偿责任。",
        field="security",
    )
    doc.para("此致", field="court")
    doc.para(case.court)
    doc.signature(
        f"申请人（盖章）：{case.bank.name}　{_cn_date(case.claim_date)}", field="signature_date"
    )
    doc.notes = [
        f"保全费：{yuan(fee.fee)}（《诉讼费用交纳办法》第十四条第（二）项：不超过1000元的30元，超过部分1%、0.5%，最多不超过5000元）。",
        "本申请书是起诉后的诉讼中保全（民诉法第一百零三条），与支付令无关；"
        "只有起诉前申请诉前保全，才不能再申请支付令（民诉法解释第四百二十七条第（七）项）。",
    ]
    return doc


BUILDERS: dict[str, Callable[[JudicialCaseFile], Doc]] = {
    "collection_letter": collection_letter,
    "instalment_agreement": instalment_agreement,
    "payment_order": payment_order_application,
    "complaint": complaint,
    "preservation": preservation_application,
}


def build_all(case: JudicialCaseFile, masked: bool = False) -> dict[str, Doc]:
    """All five documents; ``masked`` hides names and addresses (for the book)."""
    source = case.masked() if masked else case
    return {kind: build(source) for kind, build in BUILDERS.items()}


def missing_markers(kind: str, text: str) -> list[str]:
    """Required fields of ``kind`` whose marker text does not occur in ``text``."""
    return [field for field, marker in MARKERS[kind].items() if marker not in text]


def total_claim(case: JudicialCaseFile) -> Decimal:
    """The claim total on the case's claim date (what the complaint asks for)."""
    return _claim_at(case, case.claim_date).total
