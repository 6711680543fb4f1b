"""ipywidgets front ends. Only notebooks import this package; the engine never does."""
