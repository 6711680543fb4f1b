"""The casebook's colours, in one place (GitHub Primer light theme).

HTML renderers, widgets and charts take their colours from here, so that "wrong" looks
the same red everywhere; ``tests/test_palette.py`` checks that no other module writes a
colour as a hex literal.
"""

# Text
FG_DEFAULT = "#1f2328"
FG_MUTED = "#59636e"
MUTED = "#57606a"  # secondary text: notes, captions
BLACK = "#000000"
WHITE = "#fff"

# Lines and backgrounds
BORDER = "#d0d7de"
CANVAS_SUBTLE = "#f6f8fa"  # table headers, panels
NEUTRAL_MUTED = "#eaeef2"  # chart grid
NEUTRAL_EMPHASIS = "#8c959f"
GREY_LIGHT = "#f0f0f0"
GREY = "#e8e8e8"

# Meaning
DANGER = "#cf222e"  # a violation, a wrong answer, an error
DANGER_STRONG = "#82071e"
DANGER_SUBTLE = "#ffebe9"
DANGER_MUTED = "#ffd8d3"
SUCCESS = "#1a7f37"  # compliant, correct
SUCCESS_SUBTLE = "#dafbe1"
ATTENTION = "#9a6700"  # a warning, partly right
ATTENTION_EMPHASIS = "#bf8700"
ATTENTION_SUBTLE = "#fff8c5"
ACCENT = "#0969da"  # links, neutral highlights
ACCENT_LIGHT = "#54aeff"
DONE = "#8250df"

# Printed handouts (black and greys that survive a photocopier)
PRINT_INK = "#111"
PRINT_LINE = "#444"
PRINT_RULE = "#888"
