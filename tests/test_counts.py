"""Counts of Party organizations and members: what a passage line cannot say. The
report-style passages are in tests/cases/counts.jsonl."""
import unicodedata

from pipeline.language import load as load_pipeline
from pipeline.normalize import clean_document_text


def counts(text):
    doc = load_pipeline(entities="none")(text)
    for c in doc._.counts:
        assert doc.text[c.start:c.end] == c.text
    return doc._.counts


def test_offsets_after_nfd_input_index_the_nfc_text():
    source = "Đảng bộ tỉnh Kon Tum hiện có 684 TCCSĐ gồm 1.810 chi bộ với tổng số hơn 24.300 đảng viên."
    text = clean_document_text(unicodedata.normalize("NFD", source))
    assert text == source
    found = counts(text)
    assert [(c.value, text[c.start:c.end]) for c in found] == [
        (684, "hiện có 684 TCCSĐ"), (1810, "gồm 1.810 chi bộ"), (24300, "tổng số hơn 24.300 đảng viên")]
