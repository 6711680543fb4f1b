"""The message checker: categories, rules, spans, evasive spellings and recipient dependence."""

import fnmatch

import pytest

from casebook.msgcheck import CATEGORIES, Category, check_message, default_lexicon
from casebook.msgcheck.engine import format_citation
from casebook.policy.loader import load_packs
from casebook.wording import judge
from casebook.wording.engine import book_for, wording_rules


def found(text, recipient="debtor"):
    """The rules' findings (the learned layer left out: these tests are about the lexicon)."""
    verdict = judge(text, recipient, learned=False)
    return [(f.category.value, f.rule, f.span) for f in verdict.findings]


def categories(text, recipient="debtor"):
    return [c.value for c in judge(text, recipient, learned=False).categories()]


def test_category_names_are_the_contract():
    assert CATEGORIES == (
        "threat_or_intimidation",
        "insult",
        "impersonate_authority",
        "third_party_disclosure",
        "privacy_exposure",
        "false_or_misleading",
        "harassment_frequency",
        "debt_of_others",
    )


# One plain example per category, with the rule of the law pack it cites.
@pytest.mark.parametrize(
    "text, recipient, expected",
    [
        (
            "再不还钱就等着坐牢吧！",
            "debtor",
            [
                ("threat_or_intimidation", "CN-NO-CRIMINAL-THREAT", "坐牢"),
                # jail as the price of not paying is also an invented legal consequence
                ("false_or_misleading", "CN-NO-CRIMINAL-THREAT", "坐牢"),
            ],
        ),
        ("小心你的家人。", "debtor", ("threat_or_intimidation", "CN-NO-THREAT", "小心你的家人")),
        ("老赖，赶紧还钱！", "debtor", ("insult", "CN-NO-INSULT", "老赖")),
        (
            "我是某某区人民法院的工作人员。",
            "debtor",
            ("impersonate_authority", "CN-NO-IMPERSONATION", "我是某某区人民法院"),
        ),
        (
            "请转告他，他的信用卡快到期了。",
            "third_party",
            ("third_party_disclosure", "CN-THIRD-PARTY-NO-DISCLOSURE", "信用卡"),
        ),
        (
            "我们已经把你的照片发到抖音上了。",
            "debtor",
            ("privacy_exposure", "CN-NO-EXPOSURE", "把你的照片发"),
        ),
        ("你已经上了黑名单。", "debtor", ("false_or_misleading", "CN-NO-FAKE-BLACKLIST", "黑名单")),
        (
            "不接是吧？打到你接为止。",
            "debtor",
            ("harassment_frequency", "CN-NO-HARASSMENT", "打到你接为止"),
        ),
        (
            "凌晨三点也会有人给你打电话。",
            "debtor",
            ("harassment_frequency", "CN-NO-HARASSMENT", "凌晨三点也会有人给你打"),
        ),
        ("父债子还，天经地义。", "debtor", ("debt_of_others", "CN-NO-DEBT-OF-OTHERS", "父债子还")),
    ],
)
def test_each_category_with_its_rule(text, recipient, expected):
    assert found(text, recipient) == (expected if isinstance(expected, list) else [expected])


@pytest.mark.parametrize(
    "text, span",
    [
        ("等着坐 牢吧", "坐 牢"),  # space inside the word
        ("坐-牢-不-是-开-玩-笑", "坐-牢"),  # punctuation inside the word
        ("等着进监\u200d狱吧", "进监\u200d狱"),  # zero-width joiner
        ("等着坐\u200b牢", "坐\u200b牢"),  # zero-width space
        ("你就准备去做牢吧", "做牢"),  # homophone
        ("你不怕坐劳吗", "坐劳"),  # homophone
        ("zuo lao 听得懂吗", "zuo lao"),  # 拼音
        ("ZUO LAO 是迟早的事", "ZUO LAO"),  # upper-case 拼音
        ("ｚｕｏ ｌａｏ", "ｚｕｏ ｌａｏ"),  # full-width 拼音
        ("再拖就坐lao", "坐lao"),  # mixed characters and 拼音
        ("不還就坐牢！", "坐牢"),
    ],
)
def test_evasive_spellings_of_a_criminal_threat(text, span):
    assert found(text) == [
        ("threat_or_intimidation", "CN-NO-CRIMINAL-THREAT", span),
        ("false_or_misleading", "CN-NO-CRIMINAL-THREAT", span),
    ]


@pytest.mark.parametrize(
    "text, category, span",
    [
        ("老賴，還錢！", "insult", "老賴"),  # traditional characters
        ("你就是個騙子", "insult", "騙子"),
        ("你个ＳＢ", "insult", "ＳＢ"),  # full-width letters
        ("你个傻 逼", "insult", "傻 逼"),
        ("lao lai 就是说你", "insult", "lao lai"),
        ("拉圾一个", "insult", "拉圾"),  # homophone of 垃圾
        ("曝.光.你.全.家", "privacy_exposure", "曝.光"),
        ("我們會去你單位找你領導談談", "privacy_exposure", "去你單位"),
        ("你已经上了黑-名-单", "false_or_misleading", "黑-名-单"),
        ("嘿名单已经给你上了", "false_or_misleading", "嘿名单"),
        ("法 院 传 票 已 下 发", "impersonate_authority", "传 票 已 下 发"),
    ],
)
def test_evasive_spellings_in_other_categories(text, category, span):
    assert (category, span) in [(c, s) for c, _, s in found(text)]


def test_implied_threat_without_a_single_bad_word():
    # exposure used as the price of not paying is a threat as well (corpus labelling rule 2)
    assert found("再不还钱，我们就上门拜访你的家人和单位。") == [
        ("threat_or_intimidation", "CN-NO-THREAT", "上门拜访你的家人"),
        ("privacy_exposure", "CN-NO-EXPOSURE", "拜访你的家人"),
    ]
    assert categories("出门小心点，别到时候出了事怪我们没提醒你。") == ["threat_or_intimidation"]
    assert categories("你再躲着试试，我们知道你住在哪。") == ["threat_or_intimidation"]


def test_disclosure_depends_on_the_recipient():
    reminder = "王先生您好，您的信用卡已逾期45天，欠款8,600元。如有困难，可致电协商分期还款。"
    assert check_message(reminder, "debtor").compliant
    to_sister = check_message(reminder, "third_party")
    assert [c.value for c in to_sister.categories()] == ["third_party_disclosure"]
    assert [f.span for f in to_sister.findings] == [
        "信用卡",
        "逾期",
        "欠款",
        "8,600元",
        "分期",
        "还款",
    ]
    assert {f.rule for f in to_sister.findings} == {"CN-THIRD-PARTY-NO-DISCLOSURE"}


def test_third_party_amounts_in_words_and_pinyin():
    assert found("他欠我们八千多块", "third_party") == [
        ("third_party_disclosure", "CN-THIRD-PARTY-NO-DISCLOSURE", "欠我们"),
        ("third_party_disclosure", "CN-THIRD-PARTY-NO-DISCLOSURE", "八千多块"),
    ]
    assert categories("他在我们这有一笔 qian kuan 没处理", "third_party") == [
        "third_party_disclosure"
    ]


def test_asking_a_third_party_to_pay_is_debt_of_others():
    # asking a third party to pay tells them that he owes: a disclosure too (as the corpus labels it)
    assert categories("你是他姐姐，你替他还了吧。", "third_party") == [
        "third_party_disclosure",
        "debt_of_others",
    ]
    # claiming that the contact is liable is also a false statement (the corpus labels it so)
    assert categories("作为紧急联系人，你有义务帮他还款。", "third_party") == [
        "third_party_disclosure",
        "false_or_misleading",
        "debt_of_others",
    ]
    # Asking only to pass on a message is the lawful purpose of contacting a third party.
    assert check_message("麻烦您帮他转告一下，请他回个电话。", "third_party").compliant


@pytest.mark.parametrize(
    "text, recipient",
    [
        ("您的信用卡已逾期，请于本月25日前还款，如有困难可致电协商。", "debtor"),
        (
            "【星河银行】尊敬的王先生，您尾号0427的信用卡本期账单已逾期5天，欠款金额2,386.50元。",
            "debtor",
        ),
        ("如您持续未还款，我行可能依法提起诉讼或申请支付令，具体以法院的裁判为准。", "debtor"),
        ("逾期记录会按规定报送征信系统，不良信息自不良行为终止之日起保存5年。", "debtor"),
        ("我行工作人员将于本周四下午上门拜访您本人，届时会出示工作证件并全程录音录像。", "debtor"),
        ("谨防骗子冒充银行催收人员，我行不会要求您向个人账户转账。", "debtor"),
        ("我们一直打不通您的电话，请您看到短信后尽快与我们联系。", "debtor"),
        ("经法院判决后仍拒不履行的，可能被法院依法纳入失信被执行人名单。", "debtor"),
        ("您好，抱歉打扰了。我们是星河银行，想请您帮忙转告张先生尽快联系我们。", "third_party"),
        ("您是周先生预留的联系人，我们联系不上他，麻烦您告诉他回个电话。", "third_party"),
    ],
)
def test_ordinary_compliant_messages_have_no_findings(text, recipient):
    result = check_message(text, recipient)
    assert result.compliant and result.findings == []


@pytest.mark.parametrize(
    "text",
    [
        "请放心，我们不会向您的家人或单位透露任何信息。",
        "我行绝不会以任何方式曝光您的个人信息。",
        "逾期并不等于犯罪，但长期不还款可能被依法起诉。",
        "银行并不会因为逾期就报警抓人，有困难我们可以协商。",
    ],
)
def test_negated_statements_are_not_threats(text):
    assert check_message(text).compliant


def test_negation_does_not_hide_conditional_or_rhetorical_threats():
    both = ["threat_or_intimidation", "privacy_exposure"]
    assert categories("如果还不能还款我们就通知你单位") == both
    assert categories("别以为我们不会通知你的单位") == both


def test_spans_are_slices_of_the_original_text():
    text = "老賴！！再不还\u200b钱，就上门拜访你的家人和单位，等着 zuo  lao 吧。"
    result = check_message(text)
    assert result.findings, "expected findings"
    for finding in result.findings:
        assert text[finding.start : finding.end] == finding.span
    assert [f.span for f in result.findings] == [
        "老賴",
        "上门拜访你的家人",
        "拜访你的家人",
        "zuo  lao",
        "zuo  lao",
    ]


def test_citation_and_title_come_from_the_law_pack():
    rule = load_packs(["cn"])[0].rule("CN-NO-INSULT")
    finding = check_message("你这个人渣").findings[0]
    assert finding.rule == "CN-NO-INSULT"
    assert finding.rule_title == rule.title
    assert finding.citation == format_citation(rule.citation)
    assert finding.citation == (
        "《商业银行信用卡业务监督管理办法》（中国银监会令2011年第2号） 第六十八条："
        "「发卡银行应当对债务人本人及其担保人进行催收，不得对与债务无关的第三人进行催收，"
        "不得采用暴力、胁迫、恐吓或辱骂等不当催收行为。」"
    )
    assert len(finding.citations) == len(rule.citations)
    assert finding.hint and finding.explanation


def test_the_law_pack_claims_every_matcher_once():
    lexicon = default_lexicon()
    assert {m.category for m in lexicon.matchers} == set(Category)
    claims: dict[str, list[str]] = {}
    for rule, params in wording_rules(load_packs(["cn"])):
        for pattern in params.matchers:
            for key in fnmatch.filter([m.key for m in lexicon.matchers], pattern):
                claims.setdefault(key, []).append(rule.id)
    assert {m.key: len(claims.get(m.key, [])) for m in lexicon.matchers} == {
        m.key: 1 for m in lexicon.matchers
    }


def test_unknown_recipient_is_rejected():
    with pytest.raises(ValueError):
        check_message("你好", "boss")


def test_findings_are_pinned_in_order_with_spans_and_matchers():
    # Literal values, not a second run of the same function: a checker whose output
    # depended on set or dict order, or on the salted hash(), would differ here.
    text = "老赖，三天内不还就曝光你，到时候别怪我们不客气。"
    result = check_message(text)
    assert [
        (f.category.value, f.rule, f.span, f.start, f.end, f.matcher) for f in result.findings
    ] == [
        ("insult", "CN-NO-INSULT", "老赖", 0, 2, "insult/deadbeat-label"),
        (
            "threat_or_intimidation",
            "CN-NO-THREAT",
            "不还就曝光",
            6,
            11,
            "threat_or_intimidation/conditional-harm",
        ),
        ("privacy_exposure", "CN-NO-EXPOSURE", "曝光", 9, 11, "privacy_exposure/publicise"),
        (
            "threat_or_intimidation",
            "CN-NO-THREAT",
            "别怪我们不客气",
            16,
            23,
            "threat_or_intimidation/implied-harm",
        ),
    ]
    assert categories(text) == ["threat_or_intimidation", "insult", "privacy_exposure"]


# Preservation (财产保全, before or during a lawsuit) and a deduction the card agreement
# provides for, from the cardholder's own account at the bank, are real: saying so truthfully
# is not a fake enforcement measure (银行卡规定 Art. 3(一) names 发卡行按约定在持卡人账户中扣划).
@pytest.mark.parametrize(
    "text",
    [
        "我行已向法院申请财产保全，您的账户可能被冻结。",
        "按合约从您在我行的借记卡账户划扣。",
        "根据您签署的领用合约，我行将从您在我行开立的借记卡账户中扣划欠款。",
        "我行已申请诉前保全，您名下存款可能依法院裁定被冻结，具体以裁定为准。",
        "法院已作出保全裁定，您在我行的账户已被冻结，冻结金额以裁定书为准。",
        "您开通了约定还款，我行将按照约定从您尾号0427的借记卡账户自动扣款。",
    ],
)
def test_true_statements_about_preservation_and_agreed_deduction_pass(text):
    result = check_message(text)
    assert result.compliant, [(f.matcher, f.span) for f in result.findings]


# Invented measures, invented timing, "all your cards" and deductions the bank has no
# right to make are still reported, whatever procedure is mentioned alongside them.
@pytest.mark.parametrize(
    "text, span",
    [
        ("您的账户已被法院冻结。", "账户已被法院冻结"),
        ("明天查封你家。", "明天查封"),
        ("我行已申请财产保全，明天就查封你家。", "明天就查封"),
        ("我行已申请财产保全，你所有银行卡都会被冻结。", "所有银行卡都会被冻结"),
        ("按合约我们会划扣你的社保。", "划扣你的社保"),
        ("我们会直接扣你的工资。", "直接扣你的工资"),
        ("再不还就划扣你的存款。", "划扣你的存款"),
        ("我行已申请财产保全，你以后坐不了飞机。", "坐不了飞机"),
    ],
)
def test_invented_enforcement_is_still_reported(text, span):
    spans = [f.span for f in check_message(text).findings if f.category == "false_or_misleading"]
    assert span in spans


def test_fake_enforcement_explanation_names_preservation_before_judgment():
    explanations = {
        m.key: m.explanation
        for m in default_lexicon().matchers
        if m.key.startswith("false_or_misleading/") and book_for().rules[m.key].id == "CN-NO-THREAT"
    }
    text = explanations["false_or_misleading/fake-enforcement"]
    assert "财产保全" in text and "起诉前" in text
    # No matcher may teach that a freeze or seizure needs a judgment first.
    for explanation in explanations.values():
        assert "只能由法院在判决生效、进入执行程序后" not in explanation
    assert "按约定" in explanations["false_or_misleading/account-deduction"]
