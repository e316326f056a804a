"""The spaCy pipeline: a syllable Doc, the fact extractors, underthesea words
for the sentences that hold facts, then entities.

``load()`` builds it from config, the spaCy way: the tokenizer and every
component are registered by name, so a user can reorder, drop or replace
them in the config without touching code.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

ENTITY_MODES = ("facts", "all", "none")


def config(entities: str = "facts") -> dict:
    if entities not in ENTITY_MODES:
        raise ValueError(f"entities must be one of {ENTITY_MODES}, not {entities!r}")
    return {
        "nlp": {"tokenizer": {"@tokenizers": "vnfacts.Tokenizer",
                              "segment": "all" if entities == "all" else "none"}},
    }


@lru_cache(maxsize=4)
def load(entities: str = "facts", named_refs: bool = False) -> Language:
    """The vnfacts pipeline; models load once per process (cached). ``named_refs``
    adds documents cited by name without a number to document_refs."""
    from . import doc as _doc, words as _words  # noqa: F401  register vnfacts.Tokenizer, vnfacts_words
    from .. import extract  # registers the vnfacts_* components

    nlp = spacy.blank("vi", config=config(entities))
    for field in extract.EXTRACTORS:
        nlp.add_pipe(f"vnfacts_{field}", config={"named": named_refs} if field == "document_refs" else {})
    if entities != "none":
        # Words only where they are needed: the sentences the entities come from.
        nlp.add_pipe("vnfacts_words", config={"sentences": entities})
        nlp.add_pipe("vnfacts_entities", config={"mode": entities})
    return nlp
