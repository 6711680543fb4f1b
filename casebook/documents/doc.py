"""A tiny document model shared by the HTML and the .docx renderers.

A :class:`Doc` is a title and a list of blocks. Blocks that carry a required element of the
document name it in ``field``, so that completeness can be checked on the model and again on
the rendered file (the ``marker`` text of each field must appear in it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "para", "table", "seal", "signature"]


@dataclass(frozen=True)
class Block:
    """A heading, a paragraph, a table (``rows``, first row is the header), a seal or a signature."""

    kind: BlockKind
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    field: str | None = None
    align: Literal["left", "center", "right"] = "left"


@dataclass
class Doc:
    """One model document."""

    kind: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    required: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def heading(self, text: str, field: str | None = None) -> None:
        """Append a section heading."""
        self.blocks.append(Block("heading", text, field=field))

    def para(self, text: str, field: str | None = None, align: str = "left") -> None:
        """Append a paragraph."""
        self.blocks.append(Block("para", text, field=field, align=align))  # type: ignore[arg-type]

    def table(self, rows: list[list[str]], field: str | None = None) -> None:
        """Append a table; ``rows[0]`` is the header."""
        self.blocks.append(Block("table", rows=tuple(tuple(r) for r in rows), field=field))

    def seal(self, text: str, field: str | None = None) -> None:
        """Append a seal placeholder (the real seal is applied on paper)."""
        self.blocks.append(Block("seal", text, field=field, align="right"))

    def signature(self, text: str, field: str | None = None) -> None:
        """Append a right-aligned signature/date line."""
        self.blocks.append(Block("signature", text, field=field, align="right"))

    @property
    def fields(self) -> set[str]:
        """The required-field ids this document carries."""
        return {b.field for b in self.blocks if b.field}

    def missing(self) -> list[str]:
        """Required fields (ids) absent from the document, in the order they are required."""
        present = self.fields
        return [key for key in self.required if key not in present]

    def plain_text(self) -> str:
        """All text, one block per line (tables cell by cell)."""
        lines = [self.title]
        for b in self.blocks:
            if b.kind == "table":
                lines += ["\t".join(row) for row in b.rows]
            else:
                lines.append(b.text)
        return "\n".join(lines)
