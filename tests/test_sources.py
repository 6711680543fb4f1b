"""One model of a legal source (issue 12): one citation type, one status vocabulary with one
label table, and every quoted passage written once."""

from __future__ import annotations

import ast
import re
import shutil

import pytest
import yaml

from casebook.policy.loader import builtin_pack_dir, load_packs
from casebook.sources import (
    STATUS_LABELS,
    VERIFIED,
    Citation,
    SourceError,
    Status,
    builtin_sources_dir,
    default_sources,
    load_sources,
    status_label,
    weakest,
)
from tests.conftest import ROOT

PACKAGE = ROOT / "casebook"
#: Shortest fragment of a quote that counts as the same passage typed twice.
MIN_FRAGMENT = 20


def _fragments(quote: str) -> list[str]:
    """The pieces of a quote between ellipses, trimmed of punctuation, of at least 20 chars."""
    pieces = (p.strip("。；，：、'「」 ") for p in re.split(r"……|\.\.\.", quote))
    return [p for p in pieces if len(p) >= MIN_FRAGMENT]


def _inline_pack_quotes() -> list[tuple[str, str]]:
    """Quotes written out in the pack files (citations that do not refer to the registry)."""
    found = []
    for name in ("cn", "house"):
        for path in sorted(builtin_pack_dir(name).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for rule in data.get("rules") or []:
                for number, citation in enumerate(rule.get("citations") or []):
                    if citation.get("quote"):
                        found.append((f"{rule['id']}#{number}", citation["quote"]))
    return found


def _data_quotes() -> list[tuple[str, str]]:
    """Quotes written out anywhere in the package's other data files (drills, conversation,
    QA, exercises, course …): every mapping with a ``quote`` string, however deep."""
    found = []

    def walk(node, where: str) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("quote"), str) and node["quote"]:
                found.append((f"{where}#{len(found)}", node["quote"]))
            for value in node.values():
                walk(value, where)
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    data_root = PACKAGE / "data"
    for path in sorted(data_root.rglob("*.yaml")):
        if path.parent.name != "sources":
            walk(yaml.safe_load(path.read_text(encoding="utf-8")), str(path.relative_to(ROOT)))
    return found


def _all_quotes() -> list[tuple[str, str]]:
    registry = [(sid, c.quote) for sid, c in default_sources().items() if c.quote]
    return registry + _inline_pack_quotes() + _data_quotes()


def _python_strings() -> list[tuple[str, str]]:
    """Every string constant of the package (f-string parts included), with its module."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append((str(path.relative_to(ROOT)), node.value))
    return found


# --- the registry -----------------------------------------------------------------------


def test_the_registry_loads_with_unique_ids_and_statuses():
    registry = default_sources()
    assert len(registry) >= 70
    assert all(c.id == sid and isinstance(c.status, Status) for sid, c in registry.items())
    art13 = registry["REF-FEES-13"]
    assert art13.document == "《诉讼费用交纳办法》（国务院令第481号）"
    assert registry.short_title(art13.document) == "《诉讼费用交纳办法》"
    assert registry.short_title("信用卡领用合约") == "信用卡领用合约"


def test_the_books_readings_are_notes_not_quotes():
    """A reading or an unverified inference is never presented as the statute's wording."""
    for sid, citation in default_sources().items():
        if citation.status in (Status.BOOK_READING, Status.UNVERIFIED):
            assert not citation.quote and citation.note, sid


def test_a_malformed_registry_names_file_line_source_and_field(tmp_path):
    target = tmp_path / "sources"
    shutil.copytree(builtin_sources_dir(), target)
    path = target / "civil_code.yaml"
    text = path.read_text(encoding="utf-8")
    old = "- id: REF-CIVIL-189\n  article: 第一百八十九条\n  status: verified-primary"
    assert old in text
    path.write_text(text.replace(old, old.replace("verified-primary", "verified")), "utf-8")
    with pytest.raises(SourceError) as err:
        load_sources(target)
    (issue,) = err.value.issues
    assert issue.file == str(path) and issue.source_id == "REF-CIVIL-189"
    assert issue.field == "sources.1.status"
    assert "status: verified\n" in text.replace(old, old.replace("verified-primary", "verified"))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[issue.line - 1].strip() == "status: verified"
    assert str(issue).startswith(f"{path}:{issue.line}: source REF-CIVIL-189: field")


def test_an_id_defined_in_two_files_is_rejected(tmp_path):
    target = tmp_path / "sources"
    shutil.copytree(builtin_sources_dir(), target)
    (target / "copy.yaml").write_text(
        "document: 《民法典》\nsources:\n  - id: REF-CIVIL-188\n    status: unverified\n"
        "    note: 重复的编号\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match="duplicate source id") as err:
        load_sources(target)
    assert err.value.issues[0].file == str(target / "copy.yaml")


# --- one citation model, one way to format it -----------------------------------------


def test_citation_formats_share_one_status_label():
    art = default_sources()["REF-CIVIL-193"]
    assert art.short() == "《民法典》 第一百九十三条"
    assert art.labelled() == "《民法典》 第一百九十三条：已核实（原文）"
    assert art.quoted() == "《民法典》 第一百九十三条：「人民法院不得主动适用诉讼时效的规定。」"
    assert art.quoted(status=True).endswith("」（已核实（原文））")
    reading = default_sources()["REF-FEES-15-16-ONCE"]
    assert reading.quoted() == f"{reading.short()}（{reading.note}）"
    assert reading.quoted(status=True).endswith("（未核实）")


def test_a_citation_dumps_its_status_label_and_reads_back():
    art = default_sources()["REF-MEASURES-68"]
    data = art.model_dump(mode="json")
    assert data["status"] == "verified-secondary" and data["status_label"] == "已核实（转载/报道）"
    assert Citation.model_validate(data) == art


def test_every_status_has_exactly_one_label_and_house_policy_is_weakest():
    assert set(STATUS_LABELS) == set(Status)
    assert len(set(STATUS_LABELS.values())) == len(Status)
    assert status_label("verified-secondary") == "已核实（转载/报道）"
    assert weakest([Status.VERIFIED_PRIMARY, Status.HOUSE_POLICY]) is Status.HOUSE_POLICY
    assert weakest([Status.VERIFIED_PRIMARY, Status.VERIFIED_SECONDARY]) in VERIFIED


def test_no_other_module_defines_status_labels_or_a_status_vocabulary():
    """sources.py is the only place that spells a status label or lists status values."""
    distinctive = [label for label in STATUS_LABELS.values() if "（" in label]
    distinctive.append("已核实（转载）")  # the label that used to drift
    statuses = {"verified-primary", "verified-secondary", "book-reading", "house-policy"}
    problems = []
    by_module: dict[str, set[str]] = {}
    for module, text in _python_strings():
        if module == "casebook/sources.py":
            continue
        if text in STATUS_LABELS.values() or any(label in text for label in distinctive):
            problems.append(f"{module}: {text[:40]!r}")
        if text in statuses:
            by_module.setdefault(module, set()).add(text)
    problems += [f"{m}: statuses {sorted(s)}" for m, s in by_module.items()]
    assert problems == []


def test_there_is_one_citation_type():
    """No class other than sources.Citation models a cited source (document + article)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                fields = {
                    t.target.id
                    for t in node.body
                    if isinstance(t, ast.AnnAssign) and isinstance(t.target, ast.Name)
                }
                if {"document", "article"} <= fields:
                    found.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert found == ["casebook/sources.py:Citation"]


# --- every quote written once -----------------------------------------------------------


def test_no_quote_is_typed_twice_across_the_data():
    quotes = _all_quotes()
    assert len(quotes) >= 60
    twice = []
    for where, quote in quotes:
        for fragment in _fragments(quote):
            others = [w for w, q in quotes if w != where and fragment in q]
            if others:
                twice.append(f"{where} and {others}: {fragment[:30]}")
    assert twice == []


def test_the_scan_would_find_a_quote_typed_twice():
    quotes = [
        ("A", "发卡银行应当对债务人本人及其担保人进行催收，不得对与债务无关的第三人进行催收。")
    ]
    quotes.append(("B", "……不得对与债务无关的第三人进行催收。"))
    assert _fragments(quotes[1][1]) == []  # 16 characters: below the threshold
    quotes.append(
        ("C", "序言。……发卡银行应当对债务人本人及其担保人进行催收，不得对与债务无关的第三人")
    )
    hits = [w for w, q in quotes for f in _fragments(q) if any(f in o for x, o in quotes if x != w)]
    assert hits == ["C"]


def test_the_package_code_retypes_no_quote():
    fragments = {f: where for where, q in _all_quotes() for f in _fragments(q)}
    found = [
        f"{module}: {fragments[f]}"
        for module, text in _python_strings()
        for f in fragments
        if f in text
    ]
    assert found == []


def test_the_art_70_term_is_written_once():
    needle = "个性化分期还款协议的最长期限"
    hits = [
        str(p.relative_to(ROOT))
        for p in sorted(PACKAGE.rglob("*"))
        if p.suffix in {".py", ".yaml"} and needle in p.read_text(encoding="utf-8")
    ]
    assert hits == ["casebook/data/sources/measures_2011.yaml"]
    term = load_packs(["cn"]).rule("CN-INSTALMENT-TERM").citation
    assert needle in term.quote and term.id == "REF-MEASURES-70-TERM"
