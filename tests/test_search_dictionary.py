"""The jieba user dictionary knows every glossary term, so the site search finds them."""

import sys

import jieba

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import jieba_dict


def test_every_glossary_term_is_in_the_search_dictionary():
    terms = jieba_dict.glossary_terms(jieba_dict.GLOSSARY.read_text(encoding="utf-8"))
    assert len(terms) >= 20
    known = set(jieba_dict.dictionary_words(jieba_dict.DICTIONARY.read_text(encoding="utf-8")))
    assert [t for t in terms if t not in known] == [], "run: python tools/jieba_dict.py"
    for compound in ("有效催收", "个性化分期", "恶意透支", "支付令", "诉讼时效"):
        assert compound in terms or compound in known


def test_dictionary_keeps_compounds_whole_for_the_indexer():
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(jieba_dict.DICTIONARY))
    words = set(
        tokenizer.cut_for_search("银行两次有效催收后，持卡人申请个性化分期，法院发出支付令。")
    )
    assert {"有效催收", "个性化分期", "支付令"} <= words
