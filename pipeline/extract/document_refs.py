"""TODO: being written."""
from __future__ import annotations


def extract(doc):
    return iter(())
