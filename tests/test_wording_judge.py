"""The wording judge judges intent, not words (issue 13).

Every message here was written for these tests from the failure classes the issue names;
none is taken from the wording corpus's test split.
"""

from __future__ import annotations

import math

import pytest

from casebook.msgcheck import Category, default_lexicon
from casebook.policy.loader import load_packs
from casebook.wording import judge, load_corpus
from casebook.wording.engine import (
    LEARNED_ADDED,
    LEARNED_ONLY,
    NEAR_THE_LINE,
    RULES_ONLY,
    book_for,
)
from casebook.wording.learned import LearnedModel

T, INS, P, D = "threat_or_intimidation", "insult", "impersonate_authority", "third_party_disclosure"
X, M, H, OTH = "privacy_exposure", "false_or_misleading", "harassment_frequency", "debt_of_others"


def cats(text, recipient="debtor"):
    return {c.value for c in judge(text, recipient).categories()}


# -- the failure classes --------------------------------------------------------------------

VIOLATIONS = [
    # announced visits or "finding you" used as pressure
    ("下午我们同事就到你家楼下，你最好在家等着。", "debtor", {T}),
    ("今晚我们还会去你家敲门，你躲不掉的。", "debtor", {T}),
    ("你搬到哪我们就跟到哪，总能找到你。", "debtor", {T}),
    # pressure on, or liability claimed for, family and friends
    ("你不处理，只能让你爸妈来还。", "debtor", {OTH, T}),
    ("你是他的紧急联系人，这笔钱你有义务帮他还。", "third_party", {OTH, D}),
    ("再不还钱，我们就把你欠钱的事告诉你老婆和孩子的老师。", "debtor", {T, X}),
    # vague menace
    ("后果自负，别怪我们没提醒。", "debtor", {T}),
    ("我们有的是办法，你自己掂量掂量后果。", "debtor", {T}),
    # conditional harm to job and reputation
    ("三天内不还，就让你在单位抬不起头，工作也保不住。", "debtor", {T}),
    # false or premature legal status
    ("法院传票这两天就寄到你单位。", "debtor", {M}),
    ("你的案子已经立案了，马上就会有人找你。", "debtor", {M, T}),
    ("您已被列入失信人员，明天起冻结您名下所有账户。", "debtor", {M, T}),
    # impersonation, insult, disclosure, privacy, frequency
    ("我是区公安局经侦大队的，你涉嫌信用卡诈骗。", "debtor", {P, M}),
    ("你这种人就是社会的蛀虫。", "debtor", {INS}),
    ("您好，您弟弟在我行的信用卡欠了三万多没还。", "third_party", {D}),
    ("不还钱就把你的照片发到你们小区业主群。", "debtor", {T, X}),
    ("你不接，我们就换着号码一天打你二十遍。", "debtor", {H}),
]


@pytest.mark.parametrize("text, recipient, expected", VIOLATIONS)
def test_failure_classes_are_caught_with_their_categories(text, recipient, expected):
    verdict = judge(text, recipient)
    assert not verdict.compliant
    assert expected <= {c.value for c in verdict.categories()}, [
        (f.matcher, f.span) for f in verdict.findings
    ]


# Reassurance, negation and true statements pass.
COMPLIANT = [
    ("我们不会上门，也不会联系您的家人和单位，请您放心。", "debtor"),
    ("不会影响您家人的生活和工作，这是您本人的事。", "debtor"),
    ("我们不会让你坐牢的，今天只是想跟你商量一个还得起的方案。", "debtor"),
    ("我行已向法院申请财产保全，您名下与欠款相当的存款可能依法院裁定被冻结。", "debtor"),
    ("按照领用合约，我行将于还款日从您在我行的借记卡账户扣划欠款，请留意余额。", "debtor"),
    ("逾期信息会依法报送征信系统，报送前我们会先告知您。", "debtor"),
    ("如您持续未还款，我行可能依法提起诉讼，具体以法院的裁判为准。", "debtor"),
    ("逾期不等于犯罪，请您不要有顾虑，我们一起商量还款方案。", "debtor"),
    ("我行工作人员将于本周四上门拜访，届时出示工作证件并全程录音，如不方便可以改期。", "debtor"),
    ("听说您最近工作没了，我们很理解，可以先申请延期还款。", "debtor"),
    ("我们会把催收函通过快递寄到您预留的通讯地址，请注意查收。", "debtor"),
    ("我们一直打您电话都没有接通，请您看到短信后回电。", "debtor"),
    ("谨防不法分子冒充法院、公安人员催收，请以我行官方客服电话为准。", "debtor"),
    ("您好，我们想联系王先生本人，麻烦您转告他回电，谢谢。", "third_party"),
    ("您好，有事需要联系您的家人，麻烦请其回电。", "third_party"),
    # advice to the debtor to contact each lender himself is not exposure
    ("其他几家欠款，建议您逐一联系各家银行的官方客服协商。", "debtor"),
]


@pytest.mark.parametrize("text, recipient", COMPLIANT)
def test_reassurance_and_true_statements_pass(text, recipient):
    verdict = judge(text, recipient)
    assert verdict.compliant and not verdict.uncertain, [
        (f.matcher, f.span) for f in verdict.findings
    ]


# -- robust input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, span",
    [
        ("再不还就等着坐\udcff牢吧", "坐\udcff牢"),  # an undecodable byte inside the word
        ("再不还就等着坐\ufffd牢吧", "坐\ufffd牢"),
        ("再不还就等着\u202e牢坐\u202c吧", "牢坐"),  # written reversed, shown as 坐牢
        ("再不还就等着做劳吧", "做劳"),  # homophones
        ("再不还就等着坐lao吧", "坐lao"),  # 拼音 inside the word
        ("再不還就等著坐牢吧", "坐牢"),  # traditional characters
        ("再不还就等着ｚｕｏ　ｌａｏ吧", "ｚｕｏ　ｌａｏ"),  # full-width 拼音
    ],
)
def test_evasive_input_is_seen_through(text, span):
    verdict = judge(text)
    assert span in [f.span for f in verdict.findings if f.category.value == T]
    for finding in verdict.findings:
        assert text[finding.start : finding.end] == finding.span


def test_pinyin_inside_words_of_other_categories():
    assert X in cats("再不处理，就把你的欠款告诉你的领 dao 和同 shi。")
    assert D in cats("他的xin用卡欠了好几万。", "third_party")


@pytest.mark.parametrize("text", ["\u200b\u200d\ufeff", " \u2060 ", "。，！", "\u202e\u202c", ""])
def test_nothing_to_read_is_an_empty_verdict(text):
    verdict = judge(text)
    assert verdict.empty and verdict.compliant and verdict.findings == []


# -- suggestions ----------------------------------------------------------------------------


def _assert_suggestions_pass(verdict):
    for finding in verdict.findings:
        assert finding.suggestion, finding.matcher
        rewritten = judge(finding.suggestion, verdict.recipient.value)
        assert rewritten.compliant and not rewritten.uncertain, (
            finding.matcher,
            finding.suggestion,
            [(f.matcher, f.span) for f in rewritten.findings],
        )


@pytest.mark.parametrize("text, recipient, expected", VIOLATIONS)
def test_every_suggestion_passes_the_judge(text, recipient, expected):
    _assert_suggestions_pass(judge(text, recipient))


def test_suggestions_for_the_dev_split_violations_pass():
    for item in load_corpus().items_in("dev"):
        if item.categories:
            _assert_suggestions_pass(judge(item.text, item.recipient.value))


def test_every_matcher_has_a_rewrite_that_passes():
    lexicon = default_lexicon()
    book = book_for()
    for matcher in (*lexicon.matchers, *lexicon.derived.values()):
        assert matcher.key in book.rules, f"{matcher.key} is claimed by no rule of the law pack"
        for recipient in matcher.recipients:
            candidate = matcher.rewrite or getattr(lexicon.rewrites, recipient.value)
            verdict = judge(candidate, recipient.value)
            if not verdict.compliant:  # the judge then falls back to the recipient's default
                candidate = getattr(lexicon.rewrites, recipient.value)
                verdict = judge(candidate, recipient.value)
            assert verdict.compliant and not verdict.uncertain, (matcher.key, candidate)


def test_a_finding_of_the_learned_layer_gets_a_real_sentence_as_suggestion():
    verdict = judge("这个月我们每天都来一趟，直到你把钱还上为止。")
    assert verdict.findings
    for finding in verdict.findings:
        # never a bare "。": the recipient's default compliant sentence at worst
        assert len(finding.suggestion.strip("。，")) >= 8, finding.suggestion


def test_a_whole_message_rewrite_replaces_the_sentence_not_a_clause():
    text = "如有困难，可致电400-XXX-XXXX协商分期还款。"
    verdict = judge(text, "third_party")
    assert verdict.findings
    for finding in verdict.findings:
        # never "如有困难，您好，我是……": a greeting opens the rewrite or is not there at all
        assert "，您好" not in finding.suggestion and "，你好" not in finding.suggestion
        assert finding.suggestion.startswith(("您好", "你好")) or "您好" not in finding.suggestion


def test_house_phrase_findings_get_a_suggestion_too():
    packs = load_packs(["cn", "house"])
    verdict = judge("这是最后一次机会，请尽快还款。", "debtor", packs)
    assert [f.rule for f in verdict.findings] == ["HOUSE-NO-ULTIMATUM"]
    suggestion = verdict.findings[0].suggestion
    assert suggestion and judge(suggestion, "debtor", packs).compliant


# -- uncertainty ----------------------------------------------------------------------------


def test_a_finding_of_the_learned_layer_alone_is_uncertain():
    text = "钱不还，人也找不到，你这是打算怎么样？"
    verdict = judge(text)
    assert not verdict.compliant and verdict.uncertain
    assert verdict.uncertain_reason == LEARNED_ONLY
    assert [f.source for f in verdict.findings] == ["model"]
    assert judge(text, learned=False).compliant


def test_a_message_near_the_line_passes_but_is_uncertain():
    # "他" to the debtor: odd, and close to the disclosures the model learned from
    verdict = judge("他的信用卡已经逾期三个月了。")
    assert verdict.compliant and verdict.findings == []
    assert verdict.uncertain and verdict.uncertain_reason == NEAR_THE_LINE


def test_rules_and_model_disagreeing_is_uncertain():
    text = (
        "您好，感谢您一直以来的配合，我们理解您的难处，如有困难可以申请分期，"
        "我们一定帮您想办法，只是别让我们找到你家去。"
    )
    verdict = judge(text)
    assert not verdict.compliant and verdict.uncertain
    assert verdict.uncertain_reason == RULES_ONLY


def _stub_model(text: str, probabilities: dict[str, float]) -> LearnedModel:
    """A learned layer that knows ``text``'s bigrams and gives every text these probabilities."""
    bigrams = sorted({text[i : i + 2] for i in range(len(text) - 1)})
    return LearnedModel.from_dict(
        {
            "ngram_range": [2, 2],
            "vocabulary": bigrams,
            "idf": [1.0] * len(bigrams),
            "models": {
                name: {"coef": [0.0] * len(bigrams), "intercept": math.log(p / (1 - p))}
                for name, p in probabilities.items()
            },
        }
    )


def test_a_likely_category_is_added_to_a_rule_finding_whatever_the_overall_score():
    text = "你这个废物，赶紧把钱还了。"
    assert cats(text) == {"insult"}
    norm = default_lexicon().normalise(text).text
    settings = default_lexicon().learned.add_category
    threat = settings[Category.THREAT]
    scores = {c.value: 0.01 for c in Category} | {"violation": 0.5}
    # the model is only lukewarm about a violation overall, but sure of a threat
    model = _stub_model(norm, scores | {Category.THREAT.value: min(threat + 0.05, 0.99)})
    verdict = judge(text, model=model, suggestions=False)
    found = {(f.category, f.source) for f in verdict.findings}
    assert (Category.THREAT, "model") in found and verdict.uncertain_reason == LEARNED_ADDED
    # below the category's own threshold: nothing is added
    verdict = judge(text, model=_stub_model(norm, scores | {Category.THREAT.value: threat - 0.05}))
    assert {f.category for f in verdict.findings} == {Category.INSULT}


def test_a_category_without_a_threshold_is_never_added():
    text = "你再不还钱，我们就去你单位找你。"
    found = cats(text)
    settings = default_lexicon().learned.add_category
    never = [c for c in Category if c not in settings and c.value not in found]
    assert never, "every category has an add_category threshold: nothing left to test"
    norm = default_lexicon().normalise(text).text
    scores = {c.value: 0.01 for c in Category} | {"violation": 0.99}
    for category in never:
        verdict = judge(text, model=_stub_model(norm, scores | {category.value: 0.99}))
        assert category not in {f.category for f in verdict.findings}


def test_the_json_contract_carries_uncertain_and_suggestions():
    data = judge("钱不还，人也找不到，你这是打算怎么样？").to_json_dict()
    assert set(data) == {"compliant", "uncertain", "findings"}
    assert data["uncertain"] is True
    finding = data["findings"][0]
    assert {"category", "rule", "span", "explanation", "citation", "suggestion"} <= set(finding)


def test_a_verdict_is_remembered_per_text_and_recipient():
    """Grading a cohort judges the same offered replies again and again: the judge gives the
    remembered verdict, never one remembered for another recipient or setting."""
    text = "您弟弟在我行的信用卡欠款已逾期，请转告他尽快还款。"
    first = judge(text, "debtor")
    assert judge(text, "debtor") is first
    to_sister = judge(text, "third_party")
    assert to_sister is not first and not to_sister.compliant and first.compliant
    rules_only = judge(text, "third_party", learned=False, suggestions=False)
    assert rules_only is not to_sister
    assert all(f.suggestion == "" for f in rules_only.findings)
