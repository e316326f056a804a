"""The Lexicon: a table's phrases compiled into one pattern over the match text,
each match carrying the entry it came from."""
from typing import Optional

import pytest
from pydantic import BaseModel

from pipeline.lexicon import Lexicon, LexiconError, validate_table
from pipeline.normalize import clean_document_text, match_form


def mt(text):
    return match_form(clean_document_text(text))


BODIES = Lexicon("test.bodies", {
    "Ủy ban kiểm tra": "inspection",
    "Ủy ban kiểm tra Huyện ủy": "district inspection",
    "Ban Thường vụ": "standing",
    "Hội đồng nhân dân": "council",
})


def test_find_returns_each_phrase_with_its_entry_longest_first():
    text = mt("Ủy ban kiểm tra Huyện ủy Mường Nhé và Ban Thường vụ Đảng ủy xã đã họp.")
    found = [(text[m.start:m.end], m.key, m.entry) for m in BODIES.find(text)]
    assert found == [("ủy ban kiểm tra huyện ủy", "ủy ban kiểm tra huyện ủy", "district inspection"),
                     ("ban thường vụ", "ban thường vụ", "standing")]


def test_old_and_new_tone_placement_are_one_phrase():
    old_style = Lexicon("test.old", {"Uỷ ban kiểm tra": "inspection", "khoá": "term"})
    for text in ("Uỷ ban kiểm tra Tỉnh uỷ Cao Bằng khoá XIX", "Ủy ban kiểm tra Tỉnh ủy Cao Bằng khóa XIX"):
        assert [m.entry for m in old_style.find(mt(text))] == ["inspection", "term"]
        assert [m.entry for m in BODIES.find(mt(text))] == ["inspection"]


def test_any_whitespace_between_words_and_the_key_back():
    text = mt("Hội  đồng\u00a0nhân\tdân huyện Bảo Lâm")
    m = BODIES.starting_at(text, 0)
    assert (m.start, m.end, m.key, m.entry) == (0, len("Hội  đồng nhân dân"), "hội đồng nhân dân", "council")
    assert BODIES.entry(text[m.start:m.end]) == "council"
    assert "HỘI ĐỒNG   nhân dân" in BODIES and "hội đồng" not in BODIES


def test_starting_at_needs_the_phrase_at_that_position_and_whole_words():
    text = mt("Ban Thường vụ Huyện ủy; Ban Thường vụụ")
    assert BODIES.starting_at(text, 0).entry == "standing"
    assert BODIES.starting_at(text, 1) is None
    assert BODIES.starting_at(text, text.rindex("ban")) is None  # "vụụ" goes on


def test_ending_at_takes_the_longest_phrase_ending_there():
    text = mt("đồng chí Trưởng Ủy ban kiểm tra Huyện ủy phát biểu")
    end = text.index(" phát")
    m = BODIES.ending_at(text, end)
    assert (text[m.start:m.end], m.entry) == ("ủy ban kiểm tra huyện ủy", "district inspection")
    assert BODIES.ending_at(text, end - 1) is None          # not at a word's end
    assert BODIES.ending_at(text, end, lo=end - 5) is None  # the phrase starts before lo


def test_ending_at_does_not_look_past_a_final_newline():
    text = mt("Ban Thường vụ\n")
    assert BODIES.ending_at(text, len(text)) is None
    assert BODIES.ending_at(text, len(text) - 1).entry == "standing"


def test_comma_optional_phrases():
    criteria = Lexicon("test.criteria", ["trong sạch, vững mạnh"], comma_optional=True)
    for text in ("đạt trong sạch, vững mạnh", "đạt trong sạch vững mạnh", "đạt trong sạch,  vững mạnh"):
        m = next(criteria.find(mt(text)))
        assert (m.key, m.entry) == ("trong sạch vững mạnh", "trong sạch, vững mạnh")
    plain = Lexicon("test.plain", ["trong sạch, vững mạnh"])
    assert list(plain.find(mt("đạt trong sạch vững mạnh"))) == []


def test_a_phrase_given_twice_with_two_values_is_an_error_naming_table_and_entry():
    with pytest.raises(LexiconError, match=r"table test\.units: entry 'Đảng viên'.*'member' vs 'cadre'"):
        Lexicon("test.units", {"đảng viên": "member", "Đảng viên": "cadre"})
    assert len(Lexicon("test.units", {"đảng viên": "member", "Đảng  viên": "member"})) == 1


def test_an_empty_phrase_is_an_error():
    with pytest.raises(LexiconError, match=r"table test\.cues: entry '  '"):
        Lexicon("test.cues", ["kết nạp", "  "])


class Row(BaseModel):
    words: list[str]
    doc_type: Optional[str]
    bare_number: bool


def test_validation_errors_name_the_table_and_the_entry():
    rows = [{"words": ["Chỉ thị"], "doc_type": "Chỉ thị", "bare_number": True},
            {"words": ["Thông báo"], "doc_type": "Thông báo", "bare_number": "sometimes"}]
    with pytest.raises(LexiconError) as err:
        validate_table("doc_types.type_words", rows, list[Row])
    message = str(err.value)
    assert message.startswith("table doc_types.type_words: entry 1 (['Thông báo']) field bare_number")
    assert "Chỉ thị" not in message


def test_from_table_reads_pipeline_data_and_names_a_missing_section():
    verbs = Lexicon.from_table("ref_cues", "issuing_verbs")
    text = mt("Huyện ủy Bảo Yên đã ký ban hành Kế hoạch")
    assert verbs.ending_at(text, text.index(" kế")).key == "ký ban hành"
    with pytest.raises(LexiconError, match="table ref_cues: no entry .no_such_cues."):
        Lexicon.from_table("ref_cues", "no_such_cues")


def test_space_says_what_a_space_in_a_phrase_matches():
    text = mt("Tin  liên quan: Đắk Song\nđọc thêm")
    any_space = Lexicon("test.cues", ["tin liên quan"])
    one_space = Lexicon("test.cues", ["tin liên quan"], space="one")
    no_space = Lexicon("test.cues", ["tin liên quan"], space="optional")
    assert any_space.starting_at(text, 0).key == "tin liên quan"
    assert one_space.starting_at(text, 0) is None             # two spaces after "Tin"
    assert one_space.starting_at(mt("tin liên quan"), 0).entry == "tin liên quan"
    assert no_space.starting_at(mt("tinliên quan"), 0).key == "tin liên quan"


def test_exact_case_keeps_the_capitals_of_an_abbreviation():
    codes = Lexicon("test.codes", {"BTV": "Ban Thường vụ", "HĐND": "Hội đồng nhân dân"}, exact_case=True)
    text = "BTV Huyện ủy Krông Pắc và hđnd xã, HĐND huyện"
    assert [(m.key, m.entry) for m in codes.find(text)] == [("BTV", "Ban Thường vụ"), ("HĐND", "Hội đồng nhân dân")]
    assert "btv" not in codes and "BTV" in codes
