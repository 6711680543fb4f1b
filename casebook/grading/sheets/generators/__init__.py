"""Variant generators of question sheets: one module per generator (see :mod:`casebook.grading.sheets`)."""
