"""The judicial case file the model documents are generated from, and a seeded synthetic one.

Everyone in a synthetic case file is made up (Faker zh_CN with a fixed seed); identifiers are
generated already masked. ``masked()`` also hides names and street addresses for the book.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from casebook.judicial.claim import DEFAULT_ALLOCATION, Entry, StatementHistory
from casebook.synth import BANK, HOTLINE, Gender, person_name, seeded_faker

_CITIES = (
    ("江苏省", "苏州市", "苏州市姑苏区人民法院"),
    ("浙江省", "杭州市", "杭州市西湖区人民法院"),
    ("四川省", "成都市", "成都市武侯区人民法院"),
    ("湖北省", "武汉市", "武汉市江汉区人民法院"),
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BankParty(_Strict):
    """The issuing bank (always the fictional 星河银行 in shipped examples)."""

    name: str = f"{BANK}股份有限公司信用卡中心"
    short_name: str = BANK
    address: str
    principal: str = Field(description="负责人")
    principal_title: str = "总经理"
    hotline: str = HOTLINE
    app: str = f"{BANK}手机银行 App「信用卡—账单查询」"
    dispute_address: str
    dispute_email: str = "dispute@xinghe-bank.example"
    repay_account: str = f"{BANK}信用卡还款专户（卡号即还款账号）"


class Cardholder(_Strict):
    """The cardholder (synthetic)."""

    name: str
    gender: str
    birth_date: date
    id_masked: str
    address: str
    city: str
    phone_masked: str
    email_masked: str


class InstalmentTerms(_Strict):
    """The personalised instalment plan offered (2011 Measures Art. 70)."""

    term_months: int = Field(gt=0)
    first_due: date
    day_of_month: int = Field(ge=1, le=28)
    annual_fee_waived: bool = True
    interest_during_plan: str = "还款期间不再计收透支利息和违约金"
    instalment_fee_rate_monthly: Decimal = Field(default=Decimal("0"), ge=0)


class JudicialCaseFile(_Strict):
    """Everything the five model documents need."""

    case_id: str
    bank: BankParty
    cardholder: Cardholder
    card_masked: str
    contract_date: date
    credit_limit: Decimal
    statements: StatementHistory
    letter_date: date
    claim_date: date
    court: str
    province: str
    preserve_amount: Decimal | None = None
    preserve_target: str = "被申请人名下银行存款"
    instalment: InstalmentTerms | None = None

    def masked(self) -> JudicialCaseFile:
        """A copy for the book: surname + 某某, address cut to the city, e-mail hidden."""
        h = self.cardholder
        hidden = h.model_copy(
            update={
                "name": h.name[0] + "某某",
                "address": f"{h.city}（详细地址略）",
                "birth_date": date(h.birth_date.year, 1, 1),
                "email_masked": "****@****",
            }
        )
        return self.model_copy(update={"cardholder": hidden})


def _statements(rng: random.Random, due: date, limit: Decimal) -> StatementHistory:
    spent = [Decimal(rng.randrange(8_000, 16_000)) for _ in range(3)]
    cash = Decimal(rng.randrange(3, 8) * 1_000)
    entries = [
        Entry(date=due - timedelta(days=52), kind="purchase", amount=spent[0], note="消费"),
        Entry(date=due - timedelta(days=40), kind="cash", amount=cash, note="取现"),
        Entry(date=due - timedelta(days=40), kind="fee", amount=cash / 100, note="取现手续费"),
        Entry(date=due - timedelta(days=31), kind="purchase", amount=spent[1], note="消费"),
        Entry(date=due - timedelta(days=25), kind="purchase", amount=spent[2], note="消费"),
        Entry(
            date=due, kind="repayment", amount=Decimal(rng.randrange(5, 20) * 100), note="部分还款"
        ),
    ]
    principal = sum(spent, Decimal(0)) + cash
    for month in range(1, 4):
        day = due + timedelta(days=8 + 30 * (month - 1))
        interest = (principal * Decimal("0.0005") * 30).quantize(Decimal("0.01"))
        entries.append(Entry(date=day, kind="interest", amount=interest))
        entries.append(Entry(date=day, kind="penalty", amount=Decimal(rng.randrange(150, 300))))
    return StatementHistory(
        card_masked="",
        first_missed_due=due,
        daily_rate=Decimal("0.0005"),
        allocation=list(DEFAULT_ALLOCATION),  # the synthetic contract's repayment order
        entries=entries,
    )


def make_judicial_case(seed: int = 1) -> JudicialCaseFile:
    """A reproducible synthetic case file (same seed → same file)."""
    rng = random.Random(f"judicial:{seed}")
    fake = seeded_faker(seed)
    province, city, court = rng.choice(_CITIES)
    gender: Gender = rng.choice(("男", "女"))
    name = person_name(fake, gender)
    birth = date(rng.randrange(1972, 1998), rng.randrange(1, 13), rng.randrange(1, 29))
    due = date(2025, rng.randrange(1, 4), 10)
    limit = Decimal(rng.choice((50_000, 60_000, 80_000)))
    card = f"6225 **** **** {rng.randrange(10_000):04d}"
    statements = _statements(rng, due, limit).model_copy(update={"card_masked": card})
    street = f"{fake.street_name()}{rng.randrange(1, 300)}号{rng.randrange(1, 30)}幢{rng.randrange(101, 2502)}室"
    return JudicialCaseFile(
        case_id=f"SYN-JUD-{seed:04d}",
        bank=BankParty(
            address=f"{province}{city}{fake.street_name()}{rng.randrange(1, 200)}号星河金融大厦",
            principal=fake.name(),
            dispute_address=f"{province}{city}星河银行信用卡中心客户服务部（邮编 {rng.randrange(100000, 999999)}）",
        ),
        cardholder=Cardholder(
            name=name,
            gender=gender,
            birth_date=birth,
            id_masked=f"{rng.randrange(110000, 659999)}********{rng.randrange(1000):03d}{rng.choice('0123456789X')}",
            address=f"{province}{city}{street}",
            city=f"{province}{city}",
            phone_masked=f"1{rng.choice('3589')}{rng.randrange(10)}****{rng.randrange(10_000):04d}",
            email_masked=f"{fake.user_name()[:2]}****@example.com",
        ),
        card_masked=card,
        contract_date=date(2021, rng.randrange(1, 13), rng.randrange(1, 29)),
        credit_limit=limit,
        statements=statements,
        letter_date=due + timedelta(days=45),
        claim_date=due + timedelta(days=170),
        court=court,
        province=province,
        preserve_amount=None,
        instalment=InstalmentTerms(
            term_months=36, first_due=due + timedelta(days=81), day_of_month=10
        ),
    )
