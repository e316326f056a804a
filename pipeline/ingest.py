"""Read input paths into Articles: one Article per document.

(Minimal first version: .txt files and folders of them.)
"""
from __future__ import annotations

import os
from typing import Iterator

from .article import Article


def iter_paths(paths: list[str]) -> Iterator[str]:
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for name in sorted(files):
                    if name.endswith(".txt"):
                        yield os.path.join(root, name)
        else:
            yield p


def iter_articles(paths: list[str]) -> Iterator[Article]:
    for path in iter_paths(paths):
        with open(path, encoding="utf-8") as f:
            yield Article(text=f.read(), source=path)
