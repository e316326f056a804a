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


def test_the_look_back_prefilter_skips_only_where_no_number_is_read():
    # Unit nouns after a digit, a number in words, a scale, a ratio, and after words
    # that end no number: the prefilter must never hide a number the look-back reads.
    from pipeline.extract import counts
    from pipeline.normalize import match_form

    text = match_form(
        "Năm 2023, Đảng bộ huyện Yên Minh có 1.254 đảng viên, kết nạp mười lăm đảng viên mới, "
        "có 3 nghìn hội viên, đạt 96/90 chi bộ theo kế hoạch; các chi bộ thôn và tổ đảng viên "
        "đều họp định kỳ, hàng trăm đảng viên tham gia, một trăm linh năm đảng viên được khen.")
    checked = skipped = 0
    for unit in ("đảng viên", "hội viên", "chi bộ"):
        for pos in (i for i in range(len(text)) if text.startswith(match_form(unit), i)):
            for lo in (0, max(0, pos - 30)):
                with_filter = counts._number_before(text, lo, pos)
                original = counts._may_end_in_number
                counts._may_end_in_number = lambda *args: True
                try:
                    without = counts._number_before(text, lo, pos)
                finally:
                    counts._may_end_in_number = original
                assert with_filter == without
                checked += 1
                skipped += not counts._may_end_in_number(text, lo, pos)
    assert checked >= 16 and 0 < skipped < checked
