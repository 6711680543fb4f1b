"""Re-execute notebooks in place, saving outputs and widget state (``make notebooks``).

Usage: python tools/execute_notebooks.py DIR_OR_NOTEBOOK [...]

Run it after an intended change to the engine or a notebook; then commit the notebooks.
`pytest --nbval` fails until the stored outputs match a fresh run.

Only the widget state the page shows is saved: the models displayed by the outputs and
the models they refer to (layouts, styles, children). Widgets that hidden test cells
create are left out, so the page carries neither their weight nor their answers.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from casebook.widget_state import STATE_MIME, VIEW_MIME, prune, reachable


def notebooks_in(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        elif path.suffix == ".ipynb":
            found.append(path)
        else:
            raise SystemExit(f"{path}: not a notebook or directory")
    return found


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        record_timing=False,
        store_widget_state=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    prune_widget_state(nb)
    if not _has_widget_state(nb):
        nb.metadata.pop("widgets", None)
    tmp = path.with_suffix(".ipynb.tmp")
    nbformat.write(nb, tmp)
    tmp.replace(path)


def displayed_models(nb) -> set[str]:
    """Model ids shown by the outputs of the notebook's cells."""
    return {
        output["data"][VIEW_MIME]["model_id"]
        for cell in nb.get("cells", [])
        for output in cell.get("outputs", [])
        if VIEW_MIME in output.get("data", {})
    }


def reachable_models(nb) -> set[str]:
    """The displayed models and every model they refer to, transitively."""
    state = nb.get("metadata", {}).get("widgets", {}).get(STATE_MIME, {}).get("state", {})
    return reachable(state, displayed_models(nb))


def prune_widget_state(nb) -> None:
    """Drop the saved state of widgets the page does not show (e.g. hidden test instances)."""
    state = nb.metadata.get("widgets", {}).get(STATE_MIME, {}).get("state")
    if state:
        prune(state, displayed_models(nb))


def _has_widget_state(nb) -> bool:
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    return bool(state.get("state"))


def main(argv: list[str]) -> int:
    if not argv:
        raise SystemExit(__doc__)
    for path in notebooks_in(argv):
        print(f"executing {path}")
        execute(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
