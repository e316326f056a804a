"""Sentence splitting returns offsets into the NFC text."""
import pytest

from pipeline.nlp.sentences import SentenceIndex, split_sentences


def sentences(text):
    return [text[s.start:s.end] for s in split_sentences(text)]


def test_paragraph_lines_are_never_joined():
    text = "Xây dựng Đảng về công tác tổ chức, cán bộ\nNgày cập nhật 02/08/2019\n\nSau khi tổ chức thành công Đại hội."
    assert sentences(text) == ["Xây dựng Đảng về công tác tổ chức, cán bộ", "Ngày cập nhật 02/08/2019",
                               "Sau khi tổ chức thành công Đại hội."]


def test_splits_after_full_stop_before_capital_or_digit():
    text = "Đảng bộ hiện có 38 tổ chức cơ sở Đảng. Trong đó có 11 tổ chức cơ sở Đảng của 11 xã. 25 tổ chức cơ sở Đảng ở cơ quan."
    assert len(sentences(text)) == 3


@pytest.mark.parametrize("text", [
    "Thành phố 1.742 đảng viên và 24.300 người.",
    "Tăng 5,5% so với năm 2019.",
    "Ông Nguyễn Văn A, TP. Hồ Chí Minh phát biểu.",
])
def test_no_split_inside_numbers_or_abbreviations(text):
    assert sentences(text) == [text]


def test_sentence_index_finds_the_sentence_of_an_offset():
    text = "Câu thứ nhất có 5 chi bộ. Câu thứ hai có 7 đảng viên."
    idx = SentenceIndex(text, split_sentences(text))
    assert idx.sentence_at(text.index("7")) == "Câu thứ hai có 7 đảng viên."
    assert idx.sentence_at(text.index("5")) == "Câu thứ nhất có 5 chi bộ."
