"""Results of slow, deterministic experiments, shipped as data (``casebook/data/precomputed/``).

The efficiency chapter compares strategies over dozens of seeded portfolio simulations
(about 10 s on two cores). A page served by Voilà must be usable within seconds, so the
chapter reads those results from a JSON file instead of recomputing them. Every experiment
is seeded, so the stored result is exactly what a fresh run gives; the environment variable
``CASEBOOK_PRECOMPUTED`` decides what happens:

* unset or ``use`` — read the stored result (compute it only if none is stored);
* ``check`` — compute and compare with the stored result; a difference raises
  :class:`StaleResultError`. The notebook tests (``pytest --nbval``) run in this mode, so a
  change to the engine that moves a figure cannot leave an old figure on a page;
* ``write`` — compute and store. After an intended change, refresh with
  ``CASEBOOK_PRECOMPUTED=write python tools/execute_notebooks.py notebooks/efficiency.ipynb``.

Only plain tables are stored (no pickles): a DataFrame's index, columns, cells and dtypes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from casebook.portfolio.compare import ChampionChallenger

ENV = "CASEBOOK_PRECOMPUTED"
MODES = ("use", "check", "write")
REFRESH = f"{ENV}=write python tools/execute_notebooks.py <the notebook>"
#: Relative tolerance of ``check`` (floating-point sums may differ in the last bits between CPUs).
RTOL = 1e-9


class StaleResultError(AssertionError):
    """A stored result no longer matches a fresh computation."""


def data_dir() -> Path:
    """Where the stored results live."""
    return Path(str(resources.files("casebook") / "data" / "precomputed"))


def mode() -> str:
    """The mode chosen by ``CASEBOOK_PRECOMPUTED`` (default ``use``)."""
    value = os.environ.get(ENV, "use").strip().lower() or "use"
    if value not in MODES:
        raise ValueError(f"{ENV}={value!r}: expected one of {', '.join(MODES)}")
    return value


def frame_to_json(frame: pd.DataFrame) -> dict[str, Any]:
    """A DataFrame as plain JSON data (exact: floats are written with ``repr``)."""
    return {
        "index": frame.index.tolist(),
        "index_name": frame.index.name,
        "columns": [str(c) for c in frame.columns],
        "dtypes": [str(t) for t in frame.dtypes],
        "data": frame.to_numpy(dtype=object).tolist(),
    }


def frame_from_json(data: Mapping[str, Any]) -> pd.DataFrame:
    """The DataFrame :func:`frame_to_json` wrote."""
    frame = pd.DataFrame(
        data["data"],
        index=pd.Index(data["index"], name=data["index_name"]),
        columns=data["columns"],
    )
    return frame.astype(dict(zip(data["columns"], data["dtypes"], strict=True)))


def _path(name: str, directory: Path | None) -> Path:
    return (directory or data_dir()) / f"{name}.json"


def _read(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def _write(path: Path, items: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    text = json.dumps(items, ensure_ascii=False, indent=1, default=lambda value: value.item())
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(path)


def _stored(
    name: str,
    compute: Callable[[], Mapping[str, Any]],
    encode: Callable[[Any], dict[str, Any]],
    decode: Callable[[Mapping[str, Any]], Any],
    equal: Callable[[Any, Any], None],
    directory: Path | None,
) -> dict[str, Any]:
    path = _path(name, directory)
    chosen = mode()
    stored = _read(path) if chosen != "write" else None
    if chosen == "use" and stored is not None:
        return {key: decode(value) for key, value in stored.items()}
    fresh = dict(compute())
    if chosen == "check":
        if stored is None:
            raise StaleResultError(f"{path}: no stored result; run {REFRESH}")
        kept = {key: decode(value) for key, value in stored.items()}
        if sorted(kept) != sorted(fresh):
            raise StaleResultError(
                f"{path}: stored {sorted(kept)}, computed {sorted(fresh)}; run {REFRESH}"
            )
        for key, value in fresh.items():
            try:
                equal(kept[key], value)
            except AssertionError as exc:
                raise StaleResultError(
                    f"{path}: '{key}' differs from a fresh run; run {REFRESH}\n{exc}"
                ) from None
    elif chosen == "write":
        _write(path, {key: encode(value) for key, value in fresh.items()})
    return fresh


def _frames_equal(left: pd.DataFrame, right: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(left, right, check_exact=False, rtol=RTOL)


def frames(
    name: str,
    compute: Callable[[], Mapping[str, pd.DataFrame]],
    directory: Path | None = None,
) -> dict[str, pd.DataFrame]:
    """Named DataFrames computed by ``compute``, stored as ``<name>.json`` (see module doc)."""
    return _stored(name, compute, frame_to_json, frame_from_json, _frames_equal, directory)


def _comparison_to_json(cc: ChampionChallenger) -> dict[str, Any]:
    return {
        "champion": cc.champion,
        "challenger": cc.challenger,
        "metrics": list(cc.metrics),
        "runs": frame_to_json(cc.runs),
    }


def _comparison_from_json(data: Mapping[str, Any]) -> ChampionChallenger:
    return ChampionChallenger(
        champion=data["champion"],
        challenger=data["challenger"],
        runs=frame_from_json(data["runs"]),
        metrics=tuple(data["metrics"]),
    )


def _comparisons_equal(left: ChampionChallenger, right: ChampionChallenger) -> None:
    assert (left.champion, left.challenger, left.metrics) == (
        right.champion,
        right.challenger,
        right.metrics,
    ), f"{left.champion}/{left.challenger} vs {right.champion}/{right.challenger}"
    _frames_equal(left.runs, right.runs)


def comparisons(
    name: str,
    compute: Callable[[], Mapping[str, ChampionChallenger]],
    directory: Path | None = None,
) -> dict[str, ChampionChallenger]:
    """Champion/challenger comparisons computed by ``compute``, stored as ``<name>.json``."""
    return _stored(
        name, compute, _comparison_to_json, _comparison_from_json, _comparisons_equal, directory
    )
