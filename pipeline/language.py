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

import spacy
from spacy.language import Language

from . import extract  # noqa: F401  registers the vnfacts_* fact and entity components
from .nlp import doc, entity_ruler, ner, words  # noqa: F401  register vnfacts.Tokenizer, vnfacts_words, _ner, _gazetteer
from .settings import ExtractSettings

# Components that exist only for the entities (words are what the NER reads).
_ENTITY_COMPONENTS = ("vnfacts_words", "vnfacts_ner", "vnfacts_gazetteer", "vnfacts_entities")


def config(settings: ExtractSettings) -> spacy.Config:
    """The shipped config with the settings applied: the entity mode sets which
    sentences are word-segmented (or drops the entity components), named
    references switch on the document_refs component's ``named``."""
    text = resources.files(__package__).joinpath("config.cfg").read_text(encoding="utf-8")
    cfg = spacy.util.load_config_from_str(text)
    if settings.named_refs:  # else the shipped config says (named = false unless edited)
        cfg["components"]["vnfacts_document_refs"]["named"] = True
    if settings.entities == "none":
        cfg["nlp"]["pipeline"] = [c for c in cfg["nlp"]["pipeline"] if c not in _ENTITY_COMPONENTS]
        for name in _ENTITY_COMPONENTS:
            cfg["components"].pop(name, None)
    else:
        cfg["nlp"]["tokenizer"]["segment"] = "all" if settings.entities == "all" else "none"
        cfg["components"]["vnfacts_words"]["sentences"] = settings.entities
    return cfg


def load(settings: ExtractSettings | None = None, /, **fields) -> Language:
    """The vnfacts pipeline for ``settings``, or for the settings these fields
    give (``load(entities="none", named_refs=True)``, validated); models load
    once per process (cached per settings)."""
    if settings is not None and (fields or not isinstance(settings, ExtractSettings)):
        raise TypeError("load(ExtractSettings(...)) or load(entities=..., named_refs=...), not both")
    return _load(settings if settings is not None else ExtractSettings(**fields))


@lru_cache(maxsize=4)
def _load(settings: ExtractSettings) -> Language:
    return spacy.util.load_model_from_config(config(settings), auto_fill=True, validate=True)
