"""Model documents: required fields present in the model, in HTML and in the .docx read back."""

from datetime import datetime
from decimal import Decimal

import pytest
from docx import Document

from casebook.assess import evaluate
from casebook.documents.builders import (
    AGREEMENT_FIELDS,
    LETTER_FIELDS,
    MARKERS,
    build_all,
    instalment_agreement,
    total_claim,
)
from casebook.documents.casefile import make_judicial_case
from casebook.documents.render import doc_html, docx_text, save_docx
from casebook.documents.review import draft_without, missing_in_text
from casebook.judicial.fees import court_fee, preservation_fee
from casebook.model import Action
from tests.conftest import build_case

CASE = make_judicial_case(1)
DOCS = build_all(CASE)


@pytest.mark.parametrize("kind", sorted(DOCS))
def test_docx_read_back_has_every_required_field(tmp_path, kind):
    path = save_docx(DOCS[kind], tmp_path / f"{kind}.docx")
    document = Document(str(path))  # opens as a real .docx
    assert document.core_properties.title == DOCS[kind].title
    text = docx_text(path)
    for field, marker in MARKERS[kind].items():
        assert marker in text, f"{kind}: {field} ({marker}) missing from the .docx"
    assert DOCS[kind].missing() == []


def test_letter_has_all_art_69_fields_and_the_balance():
    letter = DOCS["collection_letter"]
    assert set(LETTER_FIELDS) == {
        "holder_name",
        "balance",
        "reason_and_legal_basis",
        "holder_rights_duties",
        "channels_query_repay_dispute_evidence",
        "bank_contact",
        "business_seal",
        "regulator_other",
    }
    assert letter.fields == set(LETTER_FIELDS)
    text = letter.plain_text()
    assert CASE.cardholder.name in text and "第六十九条" in text
    for word in ("坐牢", "拘留", "公安", "通知单位"):
        assert word not in text


def test_letter_passes_the_policy_pack_letter_check(law_packs):
    fields = sorted(DOCS["collection_letter"].fields - {"regulator_other"})
    action = Action(
        time=datetime(2026, 3, 6, 10, 0), channel="letter", target="debtor", letter_fields=fields
    )
    result = evaluate(build_case(), [action], law_packs)
    assert "CN-LETTER-FIELDS" not in result.violated_rule_ids()


def test_agreement_has_art_70_contents_and_caps_the_term():
    agreement = DOCS["instalment_agreement"]
    assert agreement.fields == set(AGREEMENT_FIELDS) and len(AGREEMENT_FIELDS) == 6
    assert "不得向任何银行申领信用卡" in agreement.plain_text()
    too_long = CASE.model_copy(
        update={"instalment": CASE.instalment.model_copy(update={"term_months": 61})}
    )
    with pytest.raises(ValueError, match="60"):
        instalment_agreement(too_long)


def test_complaint_claims_the_computed_amount():
    total = total_claim(CASE)
    text = DOCS["complaint"].plain_text()
    assert f"合计¥{total:,.2f}" in text
    assert "证据清单" in text and "证明目的" in text


def test_fees_in_notes_match_the_calculators():
    total = total_claim(CASE)
    assert f"¥{court_fee(total, 'payment-order').fee:,.2f}" in DOCS["payment_order"].plain_text()
    assert f"¥{preservation_fee(total).fee:,.2f}" in " ".join(DOCS["preservation"].notes)


def test_preservation_note_bars_a_payment_order_only_after_pre_suit_preservation():
    # The application is filed after suit (诉讼中保全); 民诉法解释 Art. 427(七) bars a payment
    # order only after 诉前 preservation.
    notes = " ".join(DOCS["preservation"].notes)
    assert "诉讼中保全" in notes and "第一百零三条" in notes
    barring = [n for n in DOCS["preservation"].notes if "支付令" in n]
    assert barring and all("诉前保全" in n for n in barring)


def test_html_is_masked_and_docx_is_not():
    masked = build_all(CASE, masked=True)
    full_name = CASE.cardholder.name
    for kind, doc in masked.items():
        html = doc_html(doc)
        assert full_name not in html, kind
        assert CASE.cardholder.address not in html, kind
    assert full_name[0] + "某某" in doc_html(masked["complaint"])
    assert full_name in DOCS["complaint"].plain_text()


def test_same_seed_same_documents():
    again = build_all(make_judicial_case(1))
    assert {k: d.plain_text() for k, d in again.items()} == {
        k: d.plain_text() for k, d in DOCS.items()
    }
    assert make_judicial_case(2).cardholder != CASE.cardholder


def test_draft_review():
    draft = draft_without(DOCS["complaint"], ["evidence_list", "court"])
    assert draft.missing() == ["evidence_list", "court"]
    from casebook.documents.render import docx_bytes

    assert missing_in_text("complaint", docx_text(docx_bytes(draft))) == ["证据清单", "此致"]
    with pytest.raises(ValueError):
        draft_without(DOCS["complaint"], ["signature"])


def test_amounts_are_decimal_cents():
    total = total_claim(CASE)
    assert isinstance(total, Decimal) and total == total.quantize(Decimal("0.01"))
