"""Percentages: what a passage line cannot say. The passages (value, comparator, kind,
subject and criterion on short sentences in the style of Party-building reports) are in
tests/cases/percentages.jsonl."""
from __future__ import annotations

import unicodedata

from pipeline.language import load as load_pipeline
from pipeline.normalize import clean_document_text


def test_nfd_input_offsets_index_nfc_text():
    text = "Mục tiêu phấn đấu hằng năm có 50% TCCSĐ đạt trong sạch vững mạnh; kết quả năm 2015 đạt 48,5%."
    doc = load_pipeline(entities="none")(clean_document_text(unicodedata.normalize("NFD", text)))
    assert doc.text == unicodedata.normalize("NFC", text)
    facts = doc._.percentages
    assert [(f.value, f.kind) for f in facts] == [(50.0, "target"), (48.5, "achieved")]
    for f in facts:
        assert f.text == doc.text[f.start:f.end]
        assert f.sentence is not None and f.text in f.sentence
    assert facts[0].subject == "tổ chức cơ sở đảng"
