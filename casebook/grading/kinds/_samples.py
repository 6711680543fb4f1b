"""Sample wording of mixed quality, used by the kinds' ``simulate`` (benchmark, tests).

Placeholders: {bank}, {hotline}, {name}, {honorific}, {balance}.
"""

from __future__ import annotations

GOOD_TO_DEBTOR = (
    "【{bank}】{honorific}您好，您的信用卡账户尚有欠款{balance}元未还，请于本周内还款或致电{hotline}协商还款方案。",
    "{honorific}您好，我是{bank}信用卡中心的工作人员，本次通话将被录音。想和您确认一下还款安排。",
    "【{bank}】{honorific}，您的账户已逾期，如有困难可致电{hotline}了解分期还款方式。",
)
BAD_TO_DEBTOR = (
    "老赖，再不还钱就等着坐牢吧！",
    "【{bank}】再不还款我们就通知你的单位和家人，后果自负。",
    "我们是法院执行局的，你的案子已经立案了，马上还{balance}元。",
    "你已经上了黑名单，一辈子别想贷款。",
)
GOOD_TO_THIRD_PARTY = (
    "您好，我是{bank}的工作人员，有事需要联系{honorific}，麻烦您转告他回电{hotline}，谢谢。",
    "您好，打扰了。我是{bank}的工作人员，请问您方便告诉我{honorific}现在的联系方式吗？",
)
BAD_TO_THIRD_PARTY = (
    "您好，{name}欠我们银行{balance}元信用卡欠款，麻烦您催他还钱。",
    "请转告{honorific}，他的信用卡已经逾期了，再不还就起诉。",
)


def fill(template: str, **values: str) -> str:
    """``template`` with the placeholders it uses filled in."""
    return template.format(**values)
