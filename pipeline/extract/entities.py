"""TODO: being written."""
from __future__ import annotations


def extract(doc, mode="facts"):
    return iter(())
