"""Normalisation that undoes evasive spellings while keeping a map to the original text."""

from casebook.msgcheck import default_lexicon


def norm(text):
    return default_lexicon().normalise(text)


def test_spaces_punctuation_emoji_and_invisible_characters_are_dropped():
    n = norm("坐 牢-不\u200b是😊开\u0332玩\ufeff笑")
    assert n.text == "坐牢不是开玩笑"
    assert [n.original[i] for i in n.index] == list("坐牢不是开玩笑")


def test_full_width_and_case_are_folded():
    assert norm("ＳＢ ５万元 ｚｕｏ").text == "sb5万元zuo"
    assert norm("ＵＳＢ").text == "usb"


def test_traditional_and_variant_characters_become_simplified():
    assert norm("還錢！債務與帳單，妳們").text == "还钱债务与账单你们"


def test_ascii_words_keep_one_separator_so_pinyin_syllables_stay_apart():
    assert norm("zuo  lao，le").text == "zuo lao le"
    assert norm("zuo lao 坐").text == "zuo lao坐"
    assert norm("s\u200bb").text == "sb"  # an invisible character is not a word break


def test_pinyin_inside_a_word_is_read_as_the_character_that_makes_a_word():
    assert norm("坐 lao").text == "坐牢"
    assert norm("你的领 dao 和同 shi").text == "你的领导和同事"
    assert norm("照pian、身fen证").text == "照片身份证"
    result = norm("坐lao吧")
    assert result.original_span(0, 2) == (0, 4)  # the span covers the letters
    assert norm("daniel来了").text == "daniel来了"  # not 拼音: left alone


def test_right_to_left_override_is_read_in_display_order():
    text = "等着\u202e牢坐\u202c吧"
    result = norm(text)
    assert result.text == "等着坐牢吧"
    assert result.original_span(2, 4) == (3, 5)


def test_undecodable_bytes_and_invisible_only_text():
    assert norm("坐\udcff牢").text == "坐牢"  # a lone surrogate from invalid input
    assert norm("坐\ufffd牢").text == "坐牢"
    assert norm("\u200b\u200d\ufeff \u2060").empty
    assert not norm("还款").empty


def test_amount_symbols_survive():
    assert norm("￥5,000元（3%）").text == "¥5000元3%"


def test_clause_and_sentence_breaks_are_recorded():
    n = norm("你好，请还款。谢谢！")
    assert n.text == "你好请还款谢谢"
    assert n.breaks == (2, 5, 7)
    assert n.sentence_breaks == (5, 7)
    assert n.clause_bounds(2, 4) == (2, 5)
    assert n.sentence_bounds(2, 4) == (0, 5)
    assert n.crosses_sentence(4, 6) and not n.crosses_sentence(2, 5)


def test_original_span_covers_skipped_characters_inside_a_match():
    n = norm("等着坐 - 牢吧")
    start = n.text.index("坐牢")
    assert n.original_span(start, start + 2) == (2, 7)
