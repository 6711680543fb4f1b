"""信用卡催收 casebook engine: cases, action logs, policy packs and their evaluation.

The engine is plain Python and never imports ipywidgets; the widget layer lives in
:mod:`casebook.ui` and is only imported by notebooks.
"""

__version__ = "0.1.0"
