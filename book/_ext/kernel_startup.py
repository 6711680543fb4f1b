"""Kernel start-up file (``PYTHONSTARTUP``) for the kernels that build the book and that
``make train`` (Voilà) starts: DataFrames render as designed tables (:mod:`casebook.table_html`).

IPython runs this file in the kernel's namespace; it defines nothing there. Notebooks are not changed, and ``pytest --nbval`` (which does not
set ``PYTHONSTARTUP``) keeps comparing pandas' own output.
"""

import casebook.table_html as _casebook_table_html

_casebook_table_html.register(get_ipython())  # noqa: F821 - defined by IPython
del _casebook_table_html
