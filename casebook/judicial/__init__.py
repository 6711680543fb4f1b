"""Judicial-collection toolkit (司法催收工具): court fees, limitation, 有效催收, procedure, claim.

Engine code only (no widgets). Every rule carries its article and verification status, as
listed in ``shared/reference/regulations.md``; anything not verified there is labelled.
Money is :class:`decimal.Decimal`, rounded half-up to cents at the end of each computation.
"""
