"""Chinese labels in figures render with a real CJK font (no tofu, no glyph warnings)."""

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib import font_manager

from casebook.plotting import CJK_FONT_NAME, cjk_font_path, use_cjk_font


def test_cjk_font_renders_chinese_without_warnings():
    assert use_cjk_font() == CJK_FONT_NAME
    assert font_manager.findfont(CJK_FONT_NAME, fallback_to_default=False) == str(cjk_font_path())
    fig, ax = plt.subplots()
    ax.set_title("有效催收与恶意透支")
    ax.bar(["电话", "短信"], [3, -1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.canvas.draw()
    plt.close(fig)


def test_default_font_would_show_tofu():
    """Guard for the test above: without the CJK font, matplotlib does warn."""
    import subprocess
    import sys

    code = (
        "import matplotlib, warnings\n"
        "matplotlib.use('Agg')\n"
        "import matplotlib.pyplot as plt\n"
        "fig, ax = plt.subplots(); ax.set_title('催收')\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always'); fig.canvas.draw()\n"
        "print(any('missing from font' in str(w.message) for w in caught))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"
