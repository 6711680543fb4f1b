"""Chapter text and notebook markdown: every ``**`` is parsed as bold by MyST.

CommonMark only closes ``**`` when the delimiter is "flanking": next to CJK punctuation or a
role (``{term}`…```) on the wrong side, the asterisks stay literal on the site. The site test
(tests/test_site.py) checks the built pages; this test finds the source line early.
"""

from __future__ import annotations

import json
import re

from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from tests.conftest import ROOT

_PARSER = create_md_parser(MdParserConfig(), RendererHTML)
_UNPARSED = re.compile(r"(?<![*\d])\*{2,3}(?![*\d])")
_OPTIONS = re.compile(r"\A(?::[\w-]+:.*\n)+")


def unparsed_bold(text: str) -> list[str]:
    """Snippets where ``**`` stays literal text after MyST parses ``text`` (directives too)."""
    found: list[str] = []

    def walk(tokens) -> None:
        for token in tokens:
            if token.children:
                joined = "".join(c.content if c.type == "text" else "\x00" for c in token.children)
                for match in _UNPARSED.finditer(joined):
                    snippet = joined[max(0, match.start() - 12) : match.end() + 12]
                    found.append(snippet.replace("\x00", "…"))
                walk(token.children)
            if token.type in ("fence", "colon_fence") and token.info.strip().startswith("{"):
                found.extend(unparsed_bold(_OPTIONS.sub("", token.content)))

    walk(_PARSER.parse(text))
    return found


def _sources():
    for path in sorted((ROOT / "book").glob("*.md")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    notebooks = [*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("exercises/*.ipynb")]
    for path in sorted(notebooks):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for index, cell in enumerate(cells):
            if cell["cell_type"] == "markdown":
                yield f"{path.relative_to(ROOT)} cell {index}", "".join(cell["source"])


def test_the_check_finds_bold_that_cjk_punctuation_or_a_role_breaks():
    assert unparsed_bold("应当向**债务人本人及其{term}`担保人`**催收。") != []
    assert unparsed_bold("向**「担保人」**催收") != []
    assert unparsed_bold("```{admonition} 注意\n:class: tip\n要向**「本人」**说明\n```") != []
    assert (
        unparsed_bold("应当向**债务人本人**及其{term}`担保人`催收，卡号 6225 **** **** 0001") == []
    )


def test_no_source_leaves_bold_markup_unparsed():
    problems = {where: found for where, text in _sources() if (found := unparsed_bold(text))}
    assert problems == {}
