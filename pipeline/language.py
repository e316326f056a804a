"""The vnfacts spaCy pipeline, assembled from ``pipeline/config.cfg``.

This module stands above ``nlp`` (tokenizer, word segmentation) and
``extract`` (the fact and entity components): importing both registers every
factory by name, and the shipped config says how they are put together, the
spaCy way. ``nlp.to_disk(path)`` writes a pipeline that ``spacy.load(path)``
reads back (the factories are also declared as spaCy entry points, so the
package need not be imported first).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Literal, get_args

import spacy
from spacy.language import Language

from . import extract  # noqa: F401  registers the vnfacts_* fact and entity components
from .nlp import doc, entity_ruler, ner, words  # noqa: F401  register vnfacts.Tokenizer, vnfacts_words, _ner, _gazetteer

EntityMode = Literal["facts", "all", "none"]
ENTITY_MODES: tuple[str, ...] = get_args(EntityMode)

# Components that exist only for the entities (words are what the NER reads).
_ENTITY_COMPONENTS = ("vnfacts_words", "vnfacts_ner", "vnfacts_gazetteer", "vnfacts_entities")


def check_entity_mode(entities: str) -> EntityMode:
    if entities not in ENTITY_MODES:
        raise ValueError(f"entities must be one of {ENTITY_MODES}, not {entities!r}")
    return entities  # type: ignore[return-value]


def config(entities: EntityMode = "facts", named_refs: bool = False) -> spacy.Config:
    """The shipped config with the entity mode applied (and named references, when asked)."""
    check_entity_mode(entities)
    text = resources.files(__package__).joinpath("config.cfg").read_text(encoding="utf-8")
    cfg = spacy.util.load_config_from_str(text)
    if named_refs:  # else the shipped config says (named = false unless edited)
        cfg["components"]["vnfacts_document_refs"]["named"] = True
    if entities == "none":
        cfg["nlp"]["pipeline"] = [c for c in cfg["nlp"]["pipeline"] if c not in _ENTITY_COMPONENTS]
        for name in _ENTITY_COMPONENTS:
            cfg["components"].pop(name, None)
    else:
        cfg["nlp"]["tokenizer"]["segment"] = "all" if entities == "all" else "none"
        cfg["components"]["vnfacts_words"]["sentences"] = entities
    return cfg


@lru_cache(maxsize=4)
def load(entities: EntityMode = "facts", named_refs: bool = False) -> Language:
    """The vnfacts pipeline; models load once per process (cached). ``named_refs``:
    document_refs also holds documents cited by name without a number."""
    return spacy.util.load_model_from_config(config(entities, named_refs), auto_fill=True, validate=True)
