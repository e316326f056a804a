"""Lookup tables (type codes, issuer codes, unit nouns, cue words) live as JSON
files in ``pipeline/data``: data, not branches of code. Each is read once."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load_table(name: str):
    """The parsed JSON table ``pipeline/data/NAME.json``."""
    path = resources.files("pipeline") / "data" / f"{name}.json"
    with path.open(encoding="utf-8") as f:
        return json.load(f)
