"""The message checker's data files are validated on load; errors name the file and field."""

import shutil

import pytest
import yaml

from casebook.msgcheck import LexiconError, load_lexicon
from casebook.msgcheck.evaluation import load_eval_set
from casebook.msgcheck.lexicon import default_data_dir


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "msgcheck"
    shutil.copytree(default_data_dir(), target)
    return target


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_shipped_data_loads():
    lexicon = load_lexicon(default_data_dir())
    assert len(lexicon.matchers) >= 8
    assert lexicon.normalise("還").text == "还"


def test_invalid_regex_names_file_line_and_field(data_copy):
    path = data_copy / "rules" / "insult.yaml"
    _edit(path, lambda d: d["matchers"][0]["patterns"].__setitem__(0, "(未闭合"))
    with pytest.raises(LexiconError) as err:
        load_lexicon(data_copy)
    message = str(err.value)
    assert str(path) in message
    assert "field 'matchers[0].patterns[0]'" in message
    assert "invalid regular expression" in message


@pytest.mark.parametrize("pattern", ["坐牢)|(老赖", "(坐牢|老赖))", "a\\)(b"])
def test_a_pattern_that_only_compiles_joined_to_others_is_rejected(data_copy, pattern):
    """Patterns are compiled as one alternation; one whose parentheses would pair with its
    neighbours' (``a)|(b``) is still reported as the invalid pattern it is."""
    path = data_copy / "rules" / "insult.yaml"
    _edit(path, lambda d: d["matchers"][0]["patterns"].__setitem__(1, pattern))
    with pytest.raises(LexiconError) as err:
        load_lexicon(data_copy)
    assert "field 'matchers[0].patterns[1]'" in str(err.value)


def test_missing_field_names_file_and_field(data_copy):
    path = data_copy / "rules" / "threat_or_intimidation.yaml"
    _edit(path, lambda d: d["matchers"][1].pop("hint"))
    with pytest.raises(LexiconError) as err:
        load_lexicon(data_copy)
    assert str(path) in str(err.value)
    assert "field 'matchers[1].hint'" in str(err.value)


def test_a_matcher_names_no_rule_the_pack_does(data_copy):
    # Which rule reports a matcher is declared by the pack (check: wording), not here.
    path = data_copy / "rules" / "insult.yaml"
    _edit(path, lambda d: d["matchers"][0].__setitem__("rule", "CN-NO-INSULT"))
    with pytest.raises(LexiconError) as err:
        load_lexicon(data_copy)
    assert str(path) in str(err.value)
    assert "field 'matchers[0].rule'" in str(err.value)


def test_unknown_macro_is_reported(data_copy):
    path = data_copy / "rules" / "privacy_exposure.yaml"
    _edit(path, lambda d: d["matchers"][0]["patterns"].append("告诉{NOBODY}"))
    with pytest.raises(LexiconError) as err:
        load_lexicon(data_copy)
    assert "unknown macro {NOBODY}" in str(err.value)
    assert "field 'matchers[0].patterns[" in str(err.value)


def test_unknown_category_and_misnamed_file(data_copy):
    path = data_copy / "rules" / "insult.yaml"
    _edit(path, lambda d: d.__setitem__("category", "rudeness"))
    with pytest.raises(LexiconError) as err:
        load_lexicon(data_copy)
    assert str(path) in str(err.value) and "field 'category'" in str(err.value)


def test_char_map_entries_are_pairs(data_copy):
    path = data_copy / "charmap.yaml"
    _edit(path, lambda d: d["traditional"].append("還还还"))
    with pytest.raises(LexiconError) as err:
        load_lexicon(data_copy)
    assert str(path) in str(err.value) and "field 'traditional[" in str(err.value)


def test_yaml_syntax_error_names_the_line(data_copy):
    path = data_copy / "settings.yaml"
    path.write_text("negation: [unclosed\n", encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_lexicon(data_copy)
    assert f"{path}:" in str(err.value) and "YAML syntax error" in str(err.value)


def test_eval_set_is_validated(data_copy):
    path = data_copy / "eval" / "test.yaml"
    _edit(path, lambda d: d["messages"][0].__setitem__("expect", ["rudeness"]))
    with pytest.raises(LexiconError) as err:
        load_eval_set(sorted((data_copy / "eval").glob("*.yaml")))
    assert str(path) in str(err.value) and "field 'messages[0].expect[0]'" in str(err.value)


def test_eval_ids_are_unique(data_copy):
    path = data_copy / "eval" / "test.yaml"
    _edit(path, lambda d: d["messages"].append(dict(d["messages"][0])))
    with pytest.raises(LexiconError, match="duplicate id"):
        load_eval_set(sorted((data_copy / "eval").glob("*.yaml")))


def test_every_escalation_of_a_list_must_reach_a_derived_matcher(data_copy):
    path = data_copy / "rules" / "debt_of_others.yaml"
    text = path.read_text(encoding="utf-8")
    wrong = text.replace(
        "to: third_party_disclosure/demand-reveals-debt", "to: third_party_disclosure/nowhere", 1
    )
    assert wrong != text
    path.write_text(wrong, encoding="utf-8")
    with pytest.raises(LexiconError, match=r"escalates to 'third_party_disclosure/nowhere'"):
        load_lexicon(data_copy)


def test_opencc_characters_fold_traditional_text():
    lexicon = load_lexicon()
    # 編 and 詐 are not in the hand-written charmap; OpenCC's table folds them
    assert lexicon.normalise("案件編號").text == "案件编号"
    assert lexicon.normalise("信用卡詐騙").text == "信用卡诈骗"


def test_a_malformed_opencc_line_names_file_and_line(data_copy):
    table = data_copy / "opencc_ts_characters.txt"
    lines = table.read_text(encoding="utf-8").splitlines()
    lines[7] = "編编"  # the tab is missing
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"opencc_ts_characters\.txt:8: expected"):
        load_lexicon(data_copy)


def test_a_repeated_key_is_named_not_silently_dropped(data_copy):
    # YAML keeps only the last of two equal keys; a data file must not lose the first one
    rules = data_copy / "rules" / "insult.yaml"
    text = rules.read_text(encoding="utf-8")
    first = text.index("    patterns:")
    rules.write_text(text[:first] + "    unless: [一]\n    unless: [二]\n" + text[first:], "utf-8")
    with pytest.raises(LexiconError, match=r"insult\.yaml:\d+: .*duplicate key 'unless'"):
        load_lexicon(data_copy)


def test_a_category_threshold_outside_zero_and_one_is_refused(data_copy):
    path = data_copy / "settings.yaml"
    _edit(path, lambda d: d["learned"]["add_category"].__setitem__("threat_or_intimidation", 1.5))
    with pytest.raises(LexiconError) as err:
        load_lexicon(data_copy)
    assert str(path) in str(err.value) and "threat_or_intimidation" in str(err.value)
