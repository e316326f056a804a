"""Unicode and tone-placement normalization on real Vietnamese words."""
import unicodedata

import pytest

from pipeline.normalize import clean_document_text, fold_tones, key_form, match_form


@pytest.mark.parametrize("old, new", [
    ("Tỉnh uỷ", "Tỉnh ủy"),
    ("Ban Thường vụ Huyện uỷ", "Ban Thường vụ Huyện ủy"),
    ("khoá XVI", "khóa XVI"),
    ("hoà nhập", "hòa nhập"),
    ("thuỷ lợi", "thủy lợi"),
    ("khoẻ mạnh", "khỏe mạnh"),
    ("UỶ BAN", "ỦY BAN"),
    ("Đảng uỷ Khối", "Đảng ủy Khối"),
])
def test_old_tone_placement_folds_to_new(old, new):
    assert fold_tones(old) == new
    assert match_form(old) == match_form(new)


@pytest.mark.parametrize("word", ["quý", "Quý", "quỳ", "hòa", "ủy ban", "khóa", "toàn", "hoạch", "khoảng", "thuyết"])
def test_new_style_and_qu_words_are_left_alone(word):
    assert fold_tones(word) == word


@pytest.mark.parametrize("text", [
    "Sau 15 năm thực hiện Nghị quyết số 09-NQ/TU của BTV Tỉnh uỷ Hà Tĩnh khoá XVI",
    "Đảng bộ tỉnh Kon Tum hiện có 684 TCCSĐ",
    "İstanbul và Tỉnh uỷ",
])
def test_match_form_keeps_length_so_offsets_carry_over(text):
    assert len(match_form(text)) == len(text)


def test_nfd_input_becomes_nfc_and_matches_nfc_text():
    nfc = "Ban Thường vụ Tỉnh ủy khóa XVI kết nạp 509 đảng viên mới"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    assert clean_document_text(nfd) == nfc


def test_clean_document_text_strips_bom_and_unifies_newlines():
    assert clean_document_text("\ufeffDòng một\r\nDòng hai\rDòng ba") == "Dòng một\nDòng hai\nDòng ba"


def test_key_form_of_table_phrases_matches_either_style():
    assert key_form("Tỉnh Uỷ") == key_form("tỉnh ủy") == "tỉnh ủy"


def test_eth_lookalike_matches_d_with_stroke():
    assert match_form("Ðảng bộ") == match_form("Đảng bộ") == "đảng bộ"
