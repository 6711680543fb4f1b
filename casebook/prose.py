"""Chinese prose read from YAML: lines folded by YAML joined back into one paragraph."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

_CJK_GAP = re.compile(r"(?<=[^\x00-\x7F])\s+(?=[^\x00-\x7F])")


def tidy_text(text: str) -> str:
    """Join lines folded by YAML: no space between two CJK characters, single spaces elsewhere."""
    return re.sub(r"\s+", " ", _CJK_GAP.sub("", text)).strip()


#: A string field holding prose: folded lines are joined on validation.
Prose = Annotated[str, AfterValidator(tidy_text)]
