"""Notebooks written for the book (MyST) read well in Voilà too.

The casebook's notebooks are written in MyST Markdown for Jupyter Book: admonitions
(```` ```{note} ````, ```` ```{admonition} 标题 ```` with ``:class: tip``), roles
(``{term}`恶意透支` ``, ``{ref}`channels-phone` ``, ``{doc}`../book/compliance` ``),
relative links to chapters (``../book/cases.md``) and bold text next to Chinese punctuation
(``**示例一：多打电话。**把外呼``), which CommonMark leaves as literal asterisks. Voilà renders
markdown with nbconvert, which knows none of this, so trainees saw the raw markup and links
that end in "404: Not Found".

:class:`MystMarkdownPreprocessor` rewrites the markdown cells of the notebook Voilà is about
to render (the files are not touched):

* directives become HTML boxes (admonitions) or ``<details>`` (dropdowns);
* ``{term}``, ``{ref}`` and ``{doc}`` become links into the built site served alongside
  Voilà (resolved with the site's Sphinx inventory, ``objects.inv``), or a link to the live
  simulator when the target is a notebook Voilà serves; without a built site they become
  plain text;
* relative links to ``.md`` chapters point at the built site;
* ``**bold**`` becomes ``<strong>`` so Chinese punctuation cannot break it;
* the notebook's title (its first heading) becomes the page title.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from traitlets import Dict, Unicode

ADMONITION_TITLES = {
    "note": "注意",
    "tip": "提示",
    "hint": "提示",
    "important": "重要",
    "warning": "警告",
    "caution": "小心",
    "attention": "注意",
    "danger": "危险",
    "error": "错误",
    "seealso": "另见",
}
_DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}\s*(?P<arg>.*)$")
_CODE_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
_TARGET = re.compile(r"^\((?P<label>[^)\s]+)\)=\s*$")
_COMMENT = re.compile(r"^%")
_INLINE = re.compile(
    r"\{(?P<role>[\w:-]+)\}`(?P<content>[^`]+)`"  # MyST role
    r"|(?P<code>(?P<ticks>`+).+?(?P=ticks))"  # inline code: left alone
    r"|\*\*(?=[^\s*])(?P<bold>[^*\n]+?)(?<=[^\s*])\*\*"  # bold
    r"|\]\((?P<link>[^)\s]+)\)"  # link target
)
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*#*\s*$", re.M)


class SiteInventory:
    """Targets of the built site (``objects.inv``): glossary terms, labels and pages."""

    def __init__(self, site: Path | None):
        self.terms: dict[str, tuple[str, str]] = {}
        self.labels: dict[str, tuple[str, str]] = {}
        self.docs: dict[str, tuple[str, str]] = {}
        inventory = site / "objects.inv" if site else None
        if inventory is None or not inventory.is_file():
            return
        from sphinx.util.inventory import InventoryFile

        with inventory.open("rb") as stream:
            data = InventoryFile.load(stream, "", posixpath.join)
        for kind, store in (("std:term", self.terms), ("std:label", self.labels)):
            for name, (_, _, uri, display) in data.get(kind, {}).items():
                store[name] = (uri, display if display != "-" else name)
        for name, (_, _, uri, display) in data.get("std:doc", {}).items():
            self.docs[name] = (uri, display)

    def __bool__(self) -> bool:
        return bool(self.docs)


def _heading_text(markdown: str) -> str:
    """Plain text of a markdown heading (roles, emphasis and links reduced to their text)."""
    text = re.sub(r"\{[\w:-]+\}`([^`]*)`", r"\1", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[*_`]", "", text).strip()


class MystMarkdownPreprocessor(Preprocessor):
    """Rewrite MyST markup in markdown cells for nbconvert/Voilà (see the module docstring)."""

    site_dir = Unicode("", help="The built site (_build/html); empty: no links to it").tag(
        config=True
    )
    site_url = Unicode("site/", help="Where the site is served, relative to base_url").tag(
        config=True
    )
    notebook_dir = Unicode(
        "notebooks", help="Folder of the served notebooks, relative to the site's source root"
    ).tag(config=True)
    served_root = Unicode("", help="Folder Voilà serves; notebooks there open live").tag(
        config=True
    )
    notebook_dirs = Dict(
        value_trait=Unicode(),
        help="For a flat folder gathered from several source folders (the training-room "
        "hub serves notebooks/ and exercises/ together): notebook name → its source folder "
        "relative to the site's source root. Notebooks not listed are in notebook_dir.",
    ).tag(config=True)

    def __init__(self, **kw):
        super().__init__(**kw)
        self._inventory: SiteInventory | None = None
        self._folder: str | None = None  # source folder of the notebook being converted

    @property
    def inventory(self) -> SiteInventory:
        if self._inventory is None:
            self._inventory = SiteInventory(Path(self.site_dir) if self.site_dir else None)
        return self._inventory

    # -- nbconvert entry points -----------------------------------------------------------

    def preprocess(self, nb, resources):
        base_url = (resources or {}).get("base_url", "/")
        name = (resources or {}).get("metadata", {}).get("name") or ""
        title = self.title(nb)
        if title:
            nb.metadata["title"] = title
        self._folder = self.folder_of(name)
        try:
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    cell.source = self.convert(cell.source, base_url)
        finally:
            self._folder = None
        return nb, resources

    def folder_of(self, notebook: str) -> str:
        """The source folder (relative to the site's root) of a served notebook's name."""
        stem = posixpath.basename(notebook)
        stem = stem[: -len(".ipynb")] if stem.endswith(".ipynb") else stem
        return self.notebook_dirs.get(stem, self.notebook_dir)

    @staticmethod
    def title(nb) -> str:
        """The text of the notebook's first heading, or ''."""
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                match = _HEADING.search(cell.source)
                if match:
                    return _heading_text(match.group("text"))
        return ""

    # -- conversion -----------------------------------------------------------------------

    def convert(self, source: str, base_url: str = "/") -> str:
        """MyST markdown → markdown nbconvert renders as intended."""
        lines = source.split("\n")
        out: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            directive = _DIRECTIVE.match(line)
            code = _CODE_FENCE.match(line)
            if directive:
                end = self._closing(lines, i + 1, directive.group("fence"))
                out.append(
                    self._directive(
                        directive.group("name"),
                        directive.group("arg").strip(),
                        lines[i + 1 : end],
                        base_url,
                    )
                )
                i = end + 1
            elif code:
                end = self._closing(lines, i + 1, code.group("fence"))
                out.extend(lines[i : end + 1])
                i = end + 1
            elif _TARGET.match(line) or _COMMENT.match(line):
                i += 1
            else:
                out.append(self._inline(line, base_url))
                i += 1
        return "\n".join(out)

    @staticmethod
    def _closing(lines: list[str], start: int, fence: str) -> int:
        for j in range(start, len(lines)):
            stripped = lines[j].strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                return j
        return len(lines)

    def _directive(self, name: str, arg: str, body: list[str], base_url: str) -> str:
        options: dict[str, str] = {}
        while body and _OPTION.match(body[0]):
            option = _OPTION.match(body[0])
            options[option.group("key")] = option.group("value").strip()
            body = body[1:]
        content = self.convert("\n".join(body).strip("\n"), base_url)
        if name in ADMONITION_TITLES or name == "admonition":
            kind = name if name != "admonition" else "note"
            classes = " ".join(["casebook-admonition", kind, options.get("class", "")]).strip()
            title = self._inline(arg, base_url) if arg else ADMONITION_TITLES.get(name, "")
            return (
                f'<div class="{html.escape(classes)}">\n'
                f'<p class="casebook-admonition-title">{title}</p>\n\n'
                f"{content}\n\n</div>"
            )
        if name in {"dropdown", "toggle"}:
            summary = self._inline(arg, base_url) if arg else "展开"
            opened = " open" if "open" in options else ""
            return (
                f'<details class="casebook-dropdown"{opened}><summary>{summary}</summary>\n\n'
                f"{content}\n\n</details>"
            )
        if name == "math":
            return f"$$\n{content}\n$$"
        return content  # any other directive: its content

    def _inline(self, line: str, base_url: str) -> str:
        def replace(match: re.Match) -> str:
            if match.group("role"):
                return self._role(match.group("role"), match.group("content"), base_url)
            if match.group("bold"):
                inner = _INLINE.sub(replace, match.group("bold"))
                return f"<strong>{inner}</strong>"
            if match.group("link"):
                return f"]({self._link(match.group('link'), base_url)})"
            return match.group(0)

        return _INLINE.sub(replace, line)

    def _role(self, role: str, content: str, base_url: str) -> str:
        explicit = _EXPLICIT.match(content)
        text, target = (
            (explicit.group("text"), explicit.group("target")) if explicit else (None, content)
        )
        role = role.split(":")[-1]
        found: tuple[str, str] | None = None
        if role == "term":
            found = self.inventory.terms.get(target.lower()) or self.inventory.terms.get(target)
        elif role in {"ref", "numref"}:
            found = self.inventory.labels.get(target.lower())
        elif role == "doc":
            docname = self._docname(target)
            live = self._live_notebook(docname, base_url)
            if live:
                display = text or self.inventory.docs.get(docname, ("", docname))[1]
                return self._anchor(live, display, "casebook-live")
            found = self.inventory.docs.get(docname)
        elif role == "math":
            return f"${content}$"
        display = text or (found[1] if found else target)
        if not found:
            return html.escape(display)
        return self._anchor(self._site(found[0], base_url), display, f"casebook-{role}")

    def _link(self, target: str, base_url: str) -> str:
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^/", target, re.I):
            return target
        path, _, anchor = target.partition("#")
        if not path.endswith(".md"):
            return target
        docname = self._docname(path[: -len(".md")])
        if docname not in self.inventory.docs:
            return target
        uri = self.inventory.docs[docname][0]
        return self._site(uri + (f"#{anchor}" if anchor else ""), base_url)

    def _docname(self, target: str) -> str:
        if target.startswith("/"):
            return posixpath.normpath(target.lstrip("/"))
        folder = self._folder if self._folder is not None else self.notebook_dir
        return posixpath.normpath(posixpath.join(folder, target))

    def _live_notebook(self, docname: str, base_url: str) -> str | None:
        if not self.served_root:
            return None
        folder, _, name = docname.rpartition("/")
        served = (Path(self.served_root) / f"{name}.ipynb").is_file()
        if folder != self.folder_of(name) or not served:
            return None
        return f"{base_url}voila/render/{name}.ipynb"

    def _site(self, uri: str, base_url: str) -> str:
        return f"{base_url}{self.site_url}{uri}"

    @staticmethod
    def _anchor(href: str, text: str, css: str) -> str:
        return f'<a class="{css}" href="{html.escape(href)}">{html.escape(text)}</a>'


def converter(site: Path | None, notebook_dir: str = "notebooks") -> Callable[[str], str]:
    """A ``convert(markdown) -> markdown`` function (for tests and tools)."""
    pre = MystMarkdownPreprocessor(
        site_dir=str(site or ""), notebook_dir=notebook_dir, served_root=""
    )
    return pre.convert
