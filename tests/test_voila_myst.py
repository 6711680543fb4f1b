"""MyST markup of the notebooks rendered for Voilà (tools/voila_myst.py)."""

import sys

import nbformat
import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from voila_myst import MystMarkdownPreprocessor, SiteInventory

SITE = ROOT / "_build" / "html"


@pytest.fixture
def offline():
    """No built site: roles become plain text, chapter links stay as they are."""
    return MystMarkdownPreprocessor(site_dir="", notebook_dir="notebooks")


def html_of(pre, markdown: str) -> str:
    return markdown2html_mistune(pre.convert(markdown, "/"))


def test_admonition_with_title_and_class_renders_as_a_box(offline):
    html = html_of(offline, "```{admonition} 在哪里练习\n:class: tip\n- **JupyterLab**：打开\n```")
    assert '<div class="casebook-admonition note tip">' in html
    assert "在哪里练习" in html and "<strong>JupyterLab</strong>" in html
    assert "{admonition}" not in html and ":class:" not in html and "<li>" in html


def test_note_gets_a_chinese_title_and_dropdown_becomes_details(offline):
    assert "注意</p>" in html_of(offline, "```{note}\n静态网站上的按钮不会响应。\n```")
    html = html_of(offline, ":::{dropdown} 参考答案\n不对。\n:::")
    assert "<details" in html and "<summary>参考答案</summary>" in html


def test_bold_next_to_chinese_punctuation_is_bold(offline):
    html = html_of(offline, "**示例一：多打电话。**把外呼，这是**「加大力度」**有代价")
    assert "**" not in html and html.count("<strong>") == 2


def test_code_is_left_alone(offline):
    source = "用 `**kw**` 传参：\n\n```python\nx = '**not bold**'  # {term}`x`\n```"
    converted = offline.convert(source)
    assert "`**kw**`" in converted and "x = '**not bold**'  # {term}`x`" in converted


def test_masked_numbers_are_not_bold(offline):
    assert offline.convert("卡号 6225 **** **** 2191") == "卡号 6225 **** **** 2191"


def test_roles_without_a_site_read_as_plain_text(offline):
    converted = offline.convert("见 {term}`恶意透支` 和 {ref}`准备 <channels-phone>`；(label)=")
    assert converted == "见 恶意透支 和 准备；(label)="
    assert offline.convert("(glossary-q1)=\n% 注释\n正文") == "正文"


def test_title_is_the_first_heading():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_markdown_cell("# 模拟训练：**话术**检查\n正文"),
    ]
    pre = MystMarkdownPreprocessor()
    nb, _ = pre.preprocess(nb, {"base_url": "/"})
    assert nb.metadata["title"] == "模拟训练：话术检查"


@pytest.mark.skipif(not (SITE / "objects.inv").is_file(), reason="no built site (make book)")
def test_roles_and_chapter_links_point_into_the_site_served_alongside(tmp_path):
    (tmp_path / "drills.ipynb").write_text("{}")
    pre = MystMarkdownPreprocessor(
        site_dir=str(SITE), notebook_dir="notebooks", served_root=str(tmp_path)
    )
    inventory = SiteInventory(SITE)
    converted = pre.convert(
        "{term}`恶意透支`、{ref}`channels-phone`、{doc}`../book/compliance`、"
        "{doc}`快答 <../notebooks/drills>`、[案例库](../book/cases.md#top)",
        "/base/",
    )
    term_uri = inventory.terms["恶意透支"][0]
    assert f'href="/base/site/{term_uri}">恶意透支</a>' in converted
    assert 'href="/base/site/book/channels.html#channels-phone"' in converted
    assert 'href="/base/site/book/compliance.html">合规要点</a>' in converted
    assert 'class="casebook-live" href="/base/voila/render/drills.ipynb">快答</a>' in converted
    assert "](/base/site/book/cases.html#top)" in converted


def test_a_flat_folder_resolves_each_notebook_from_its_own_source_folder(tmp_path):
    """The hub serves notebooks/ and exercises/ in one folder: a link from an exercise to
    another exercise opens it live, resolved from exercises/, not from notebooks/."""
    for name in ("ex01_a", "ex02_b", "contact_planner"):
        (tmp_path / f"{name}.ipynb").write_text("{}", encoding="utf-8")
    pre = MystMarkdownPreprocessor(
        site_dir="",
        notebook_dir="notebooks",
        served_root=str(tmp_path),
        notebook_dirs={"ex01_a": "exercises", "ex02_b": "exercises"},
    )
    cell = nbformat.v4.new_markdown_cell(
        "下一题：{doc}`ex02_b`；模拟器：{doc}`../notebooks/contact_planner`"
    )
    nb = nbformat.v4.new_notebook(cells=[cell])
    pre.preprocess(nb, {"base_url": "/user/t001/", "metadata": {"name": "ex01_a.ipynb"}})
    source = nb.cells[0].source
    assert 'href="/user/t001/voila/render/ex02_b.ipynb"' in source
    assert 'href="/user/t001/voila/render/contact_planner.ipynb"' in source
    # the same text in a notebook of notebooks/ points at notebooks/ex02_b, which is not served
    other = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("{doc}`ex02_b`")])
    pre.preprocess(other, {"base_url": "/", "metadata": {"name": "contact_planner"}})
    assert "voila/render" not in other.cells[0].source
