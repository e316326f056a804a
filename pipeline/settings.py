"""The settings of an extraction: one validated object, built once (from the
command line or by a caller) and handed down unchanged to the pipeline
(``language.load``), the runner and its workers.

It imports nothing heavy (no spaCy): the runner's parent process and the
command line read it without loading the models.
"""
from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

EntityMode = Literal["facts", "all", "none"]
ENTITY_MODES: tuple[str, ...] = get_args(EntityMode)


class ExtractSettings(BaseModel):
    """What an extraction finds; frozen, so one object is one pipeline (cached)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entities: EntityMode = Field(
        default="facts",
        description="named entities from the sentences holding facts, from all sentences, or none")
    named_refs: bool = Field(
        default=False,
        description="document_refs also holds documents cited by name without a number "
                    "('Nghị quyết Trung ương 4 khóa XII')")

    @field_validator("entities", mode="before")
    @classmethod
    def _known_mode(cls, value: object) -> object:
        if value not in ENTITY_MODES:
            raise ValueError(f"entities must be one of {ENTITY_MODES}, not {value!r}")
        return value
