"""check_tree's fast walk never lets through what the full walk (with paths) refuses."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from casebook.io import MAX_NESTING, UnsafeDataError, _within_limits, check_tree

leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.from_regex(r"\s?\d{4,6}-\d{1,2}-\d{1,2}", fullmatch=True),
    st.dates(min_value=date(1, 1, 1)),
)
trees = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4)
    ),
    max_leaves=30,
)


def refused(data) -> bool:
    try:
        check_tree(data)
    except UnsafeDataError:
        return True
    return False


@given(trees)
def test_fast_walk_agrees_with_the_full_walk(data):
    if _within_limits(data):
        assert not refused(data)


def test_fast_walk_refuses_what_the_full_walk_refuses():
    deep: list = []
    node = deep
    for _ in range(MAX_NESTING + 2):
        node.append([])
        node = node[0]
    for bad in (deep, {"a": float("nan")}, [2**63], {"d": "99999-01-01"}, {"d": " 0001-1-1"}):
        assert not _within_limits(bad) and refused(bad)
    assert _within_limits({"a": [1, 2.5, "2026-03-20", None, True]})
