"""Kernel start-up file (``PYTHONSTARTUP``) for the kernels that build the book and that
``make train`` (Voilà) starts: DataFrames render as designed tables (``table_html.py``).

IPython runs this file in the kernel's namespace with this folder on ``sys.path``; it
defines nothing there. Notebooks are not changed, and ``pytest --nbval`` (which does not
set ``PYTHONSTARTUP``) keeps comparing pandas' own output.
"""

import table_html as _casebook_table_html

_casebook_table_html.register(get_ipython())  # noqa: F821 - defined by IPython
del _casebook_table_html
