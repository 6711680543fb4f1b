"""Seeded synthetic cases. The same seed always gives the same case; nobody in them is real.

Names and places come from Faker's zh_CN provider; phone, ID and card numbers are
generated already masked, so no complete identifier ever exists. A person's given name is
drawn from Faker's list for their gender, so the name agrees with 先生/女士 and 他/她.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from functools import cache
from typing import Literal

from faker import Faker
from faker.providers.person.zh_CN import Provider as _ZhPerson

from casebook.model import (
    Account,
    Action,
    AgreementStatus,
    Case,
    Channel,
    Contact,
    Debtor,
    Outcome,
    Role,
)

Scenario = Literal["unreachable", "reachable", "agreement"]
SCENARIOS: tuple[Scenario, ...] = ("unreachable", "reachable", "agreement")

#: The fictional bank used in every synthetic case and message.
BANK = "星河银行"
HOTLINE = "4008-000-000"

_MOBILE_PREFIXES = ("133", "135", "136", "137", "138", "139", "150", "151", "158", "186", "188")
_CITIES = (
    "江苏省苏州市",
    "浙江省杭州市",
    "广东省佛山市",
    "四川省成都市",
    "湖北省武汉市",
    "山东省青岛市",
    "河南省郑州市",
    "湖南省长沙市",
    "福建省厦门市",
    "陕西省西安市",
)
_OCCUPATIONS = (
    "销售主管",
    "个体店主",
    "网约车司机",
    "财务专员",
    "设计师",
    "外卖骑手",
    "教师",
    "工程师",
)


Gender = Literal["男", "女"]

# Faker zh_CN's name_male()/name_female() draw the given name from the mixed list (it has no
# gendered formats), so a man could be called 婷婷. Only the gendered lists are used here;
# 红霞, listed by Faker as a male name, is a woman's name and is left out.
GIVEN_NAMES: dict[str, tuple[str, ...]] = {
    "男": tuple(n for n in _ZhPerson.first_names_male if n != "红霞"),
    "女": tuple(_ZhPerson.first_names_female),
}


def given_name(fake: Faker, gender: Gender) -> str:
    """A given name of ``gender`` (男 or 女), drawn with ``fake``'s seeded generator."""
    return fake.random_element(GIVEN_NAMES[gender])


def surname(fake: Faker) -> str:
    """A one-character surname, so that 「王先生」 is always surname + 先生/女士."""
    while len(name := fake.last_name()) != 1:
        pass
    return name


def person_name(fake: Faker, gender: Gender) -> str:
    """A full name (surname + given name) consistent with ``gender``."""
    return surname(fake) + given_name(fake, gender)


def _masked_phone(rng: random.Random) -> str:
    return f"{rng.choice(_MOBILE_PREFIXES)}****{rng.randrange(10_000):04d}"


@cache
def _zh_faker() -> Faker:
    return Faker("zh_CN")  # building one loads every provider: ~2 ms, so it is built once


def seeded_faker(seed: int | str) -> Faker:
    """The process's zh_CN Faker, re-seeded with ``seed``: what it draws next depends only on
    ``seed``. Use it up before asking for it again (it is one shared instance)."""
    fake = _zh_faker()
    fake.seed_instance(seed)
    return fake


def make_case(seed: int, scenario: Scenario = "unreachable") -> Case:
    """A reproducible case for the contact-planning simulator.

    * ``unreachable``: three failed calls to the debtor on the two previous days, so a
      third party may be contacted from today (only to locate the debtor).
    * ``reachable``: the debtor answered yesterday; third parties are off limits.
    * ``agreement``: an instalment agreement was signed last week and is being honoured.
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}; choose one of {SCENARIOS}")
    rng = random.Random(f"case:{seed}:{scenario}")
    fake = seeded_faker(seed)
    gender: Gender = rng.choice(("男", "女"))
    debtor_name = person_name(fake, gender)
    family = debtor_name[0]
    sibling_relation = rng.choice(("姐姐", "哥哥", "妹妹", "弟弟"))
    sibling_gender: Gender = "女" if sibling_relation in ("姐姐", "妹妹") else "男"
    sibling_name = debtor_name
    while sibling_name == debtor_name:
        sibling_name = family + given_name(fake, sibling_gender)
    colleague_name = person_name(fake, fake.random_element(("男", "女")))
    city = rng.choice(_CITIES)

    as_of = datetime(2026, 3, 2) + timedelta(days=rng.randrange(0, 20), hours=9)
    dpd = rng.randrange(35, 85)
    limit = rng.choice((20_000, 30_000, 50_000, 80_000))
    principal = round(limit * rng.uniform(0.55, 0.98), 2)
    interest = round(principal * 0.0005 * dpd, 2)
    fees = round(min(principal * 0.05, 500.0), 2)

    debtor_phone = _masked_phone(rng)
    contacts = [
        Contact(
            id="debtor", name=debtor_name, role=Role.DEBTOR, relation="本人", phone=debtor_phone
        ),
        Contact(
            id="sibling",
            name=sibling_name,
            role=Role.THIRD_PARTY,
            relation=sibling_relation,
            phone=_masked_phone(rng),
            pre_agreed_contact=True,
        ),
        Contact(
            id="colleague",
            name=colleague_name,
            role=Role.THIRD_PARTY,
            relation="同事",
            phone=_masked_phone(rng),
        ),
    ]

    yesterday = as_of.date() - timedelta(days=1)
    day_before = as_of.date() - timedelta(days=2)

    def at(day: date, hour: int, minute: int) -> datetime:
        return datetime.combine(day, datetime.min.time()) + timedelta(hours=hour, minutes=minute)

    history: list[Action] = []
    agreement = None
    if scenario == "unreachable":
        history = [
            Action(
                time=at(day_before, 10, rng.randrange(0, 50)),
                channel=Channel.PHONE,
                target="debtor",
                outcome=Outcome.NO_ANSWER,
            ),
            Action(
                time=at(day_before, 16, rng.randrange(0, 50)),
                channel=Channel.PHONE,
                target="debtor",
                outcome=Outcome.NO_ANSWER,
            ),
            Action(
                time=at(yesterday, 11, rng.randrange(0, 50)),
                channel=Channel.PHONE,
                target="debtor",
                outcome=Outcome.NO_ANSWER,
            ),
        ]
        background = (
            f"持卡人逾期 {dpd} 天。前天两次、昨天一次致电本人均未接通，短信未回复。"
            f"合同中预留的联系人是其{sibling_relation}。请为今天安排联系计划。"
        )
    elif scenario == "reachable":
        history = [
            Action(
                time=at(yesterday, 10, rng.randrange(0, 50)),
                channel=Channel.PHONE,
                target="debtor",
                outcome=Outcome.CONNECTED,
            ),
        ]
        background = (
            f"持卡人逾期 {dpd} 天。昨天电话接通，本人表示手头紧，答应本周内回电说明还款计划，"
            "但至今没有回音。请为今天安排联系计划。"
        )
    else:
        agreement = AgreementStatus(
            signed_on=as_of.date() - timedelta(days=7), term_months=rng.choice((24, 36, 48))
        )
        background = (
            f"持卡人因失业无力一次还清，上周已与银行签署 {agreement.term_months} 期个性化分期还款协议，"
            "目前按约履行。请判断今天还能做什么。"
        )

    return Case(
        case_id=f"SYN-{seed:05d}-{scenario[:3].upper()}",
        title={
            "unreachable": "连续未接通的逾期账户",
            "reachable": "承诺回电后失联",
            "agreement": "分期协议履行中",
        }[scenario],
        as_of=as_of,
        debtor=Debtor(
            name=debtor_name,
            gender=gender,
            age=rng.randrange(23, 58),
            city=city,
            occupation=rng.choice(_OCCUPATIONS),
            id_masked=f"{rng.randrange(110000, 659999)}********{rng.randrange(1000):03d}{rng.choice('0123456789X')}",
        ),
        account=Account(
            card_masked=f"6225 **** **** {rng.randrange(10_000):04d}",
            credit_limit=limit,
            principal=principal,
            interest=interest,
            fees=fees,
            due_date=as_of.date() - timedelta(days=dpd),
        ),
        contacts=contacts,
        history=history,
        agreement=agreement,
        background=background,
    )
