"""Matplotlib set-up for Chinese labels, without root and without a system font.

The font is Noto Sans CJK SC as shipped in the ``mplfonts`` wheel (SIL Open Font
License). Importing mplfonts itself is avoided: only its font file is used.
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path

CJK_FONT_NAME = "Noto Sans CJK SC"
_FONT_FILE = "NotoSansCJKsc-Regular.otf"


def cjk_font_path() -> Path:
    """Path of the bundled Noto Sans CJK SC font file."""
    spec = find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "mplfonts is not installed: run `make install` (it is in requirements.txt)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / _FONT_FILE
    if not path.is_file():
        raise RuntimeError(f"CJK font not found at {path}")
    return path


@cache
def use_cjk_font() -> str:
    """Register the CJK font with matplotlib and make it the default sans-serif font."""
    import matplotlib as mpl
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(cjk_font_path()))
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [CJK_FONT_NAME, *mpl.rcParams["font.sans-serif"]]
    mpl.rcParams["axes.unicode_minus"] = False
    return CJK_FONT_NAME
