"""JSON Schema files generated from the pydantic models (``vnfacts schema``)."""
from __future__ import annotations

import json
from pathlib import Path

from .records import SCHEMA_MODELS


def render_schemas() -> dict[str, str]:
    """File name → JSON text, one schema per model."""
    return {
        f"{name}.schema.json": json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
        for name, model in SCHEMA_MODELS.items()
    }


def write_schemas(directory: str | Path) -> list[Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
