"""The designed DataFrame tables of the site and the Voilà app (casebook/table_html.py)."""

import pandas as pd
import pytest

from casebook import table_html

LONG = (
    "最高人民法院、最高人民检察院《关于办理妨害信用卡管理刑事案件具体应用法律若干问题的解释》第二条"
)


def test_row_numbers_are_dropped_and_cells_kept_whole():
    html = table_html.dataframe_to_html(pd.DataFrame({"规则编号": ["CN-A"], "依据": [LONG]}))
    assert LONG in html and "..." not in html
    assert '<th scope="row"' not in html and ">0<" not in html
    assert '<td data-label="依据">' in html


def test_meaningful_index_becomes_a_row_header():
    frame = pd.DataFrame({"回款": [1.5, 2.25]}, index=pd.Index(["冠军", "挑战者"], name="策略"))
    html = table_html.dataframe_to_html(frame)
    assert '<th scope="row" data-label="策略">冠军</th>' in html
    assert '<td data-label="回款">1.50</td>' in html


def test_labels_are_safe_inside_attributes():
    html = table_html.dataframe_to_html(pd.DataFrame({'说"明"<b>': ["x"]}))
    assert 'data-label="说&quot;明&quot;&lt;b&gt;"' in html


def test_multi_level_columns_keep_pandas_layout_in_full():
    frame = pd.DataFrame([[LONG, 1]], columns=pd.MultiIndex.from_tuples([("甲", "a"), ("甲", "b")]))
    html = table_html.dataframe_to_html(frame)
    assert "casebook-table-wide" in html and LONG in html


@pytest.mark.parametrize(
    ("frame", "row_header"),
    [(pd.DataFrame({"a": [1, 2]}), False), (pd.DataFrame({"a": [1]}, index=["甲"]), True)],
)
def test_tables_rendered_by_a_notebook_are_redesigned(frame, row_header):
    html = table_html.redesign_pandas_html("<p>前</p>" + frame.to_html() + "<p>后</p>")
    assert html.startswith("<p>前</p>") and html.endswith("<p>后</p>")
    assert "casebook-table" in html and '<td data-label="a">1</td>' in html
    assert ('<th scope="row"' in html) is row_header


def test_the_strategy_lab_shows_its_comparison_as_a_designed_table():
    from casebook.policy.loader import load_packs
    from casebook.ui.portfolio import build_strategy_lab

    lab = build_strategy_lab(load_packs(["cn"]), accounts=5_000, days=90)
    lab.run_button.click()
    shown = lab.output.value
    assert 'class="dataframe casebook-table"' in shown and 'border="1"' not in shown
    assert '<td data-label="我的策略">' in shown and '<th scope="row"' in shown
    lab.close()
