"""The naive way a user would do this today, kept as the benchmark's baseline:
underthesea's sentence splitter, underthesea's ``ner()`` on every sentence
(word segmentation, POS, chunking and NER each time), and a handful of regexes
for document numbers, percentages and counts."""
from __future__ import annotations

import re

from underthesea import ner, sent_tokenize

CODE = re.compile(r"\d+\s*[-–]\s*[A-ZĐa-zđ]{1,5}\s*/\s*[A-ZĐa-zđ]{1,8}|\d+/(?:\d{4}/)?[A-ZĐ][A-ZĐa-zđ]*-[A-ZĐa-zđ]+")
PERCENT = re.compile(r"\d+(?:,\d+)?\s*%")
COUNT = re.compile(r"\d[\d.]*\s+(?:tổ chức cơ sở đảng|TCCSĐ|đảng bộ|chi bộ|đảng viên)", re.IGNORECASE)


def extract(text: str) -> dict:
    entities, refs, percents, counts = [], [], [], []
    for sentence in sent_tokenize(text):
        tagged = ner(sentence)
        entities.extend((w, tag) for w, _, _, tag in tagged if tag != "O")
        refs.extend(CODE.findall(sentence))
        percents.extend(PERCENT.findall(sentence))
        counts.extend(COUNT.findall(sentence))
    return {"entities": entities, "document_refs": refs, "percentages": percents, "counts": counts}
