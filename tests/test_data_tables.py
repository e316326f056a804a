"""Each table has one subject: a fact several readers need is written in one
table and read from there."""
import pytest

from pipeline.language import load as load_pipeline
from pipeline.normalize import clean_document_text, key_form
from pipeline.tables import load_table


def test_the_unit_nouns_are_written_only_in_place_words():
    unit_nouns = {key_form(w) for w in load_table("place_words")["unit_nouns"]}
    assert {"tỉnh", "huyện", "thị xã", "xã", "phường", "thị trấn"} <= unit_nouns
    elsewhere = {
        "issuers.place_nouns": load_table("issuers")["place_nouns"],
        "gazetteer.place_nouns": load_table("gazetteer")["place_nouns"],
        "gazetteer.levels": load_table("gazetteer")["levels"],
    }
    for name, words in elsewhere.items():
        assert not unit_nouns & {key_form(w) for w in words}, f"{name} writes a unit noun again"


@pytest.mark.parametrize("text, code, issuer", [
    ("Thực hiện Nghị quyết số 12-NQ/ĐU ngày 5/3/2021 của Đảng ủy thị trấn Vĩnh Tuy về nông thôn mới.",
     "12-NQ/ĐU", "Đảng ủy thị trấn Vĩnh Tuy"),
    ("Kế hoạch số 45-KH/ĐU của Đảng ủy phường Tân Thạnh được triển khai đến các chi bộ.",
     "45-KH/ĐU", "Đảng ủy phường Tân Thạnh"),
])
def test_the_issuers_and_the_gazetteer_read_the_unit_nouns(text, code, issuer):
    doc = load_pipeline(entities="all")(clean_document_text(text))
    assert [(r.code, r.issuer) for r in doc._.document_refs] == [(code, issuer)]
    assert (issuer, "ORG") in [(e.text, e.label) for e in doc._.entities]


def test_abbreviations_are_written_only_in_abbreviations_json():
    shorts = {key_form(s) for s in load_table("abbreviations")["abbreviations"]}
    forms = {key_form(f) for u in load_table("count_units")["units"] for f in u["forms"]}
    cues = load_table("percent_cues")
    assert not shorts & forms
    assert not shorts & {key_form(s) for s in cues["subjects"]}
    assert "abbreviations" not in cues


@pytest.mark.parametrize("text, unit, subject", [
    ("Năm 2022, Đảng bộ huyện Tiên Yên có 38 TCCSĐ; 92% TCCSĐ hoàn thành tốt nhiệm vụ.",
     "tổ chức cơ sở đảng", "tổ chức cơ sở đảng"),
    ("Năm 2022, toàn huyện Bình Liêu có 14 ĐBCS; 90% ĐBCS đạt trong sạch, vững mạnh.",
     "đảng bộ cơ sở", "đảng bộ cơ sở"),
])
def test_counts_and_percentages_read_the_abbreviation_of_a_counted_noun(text, unit, subject):
    doc = load_pipeline(entities="none")(text)
    assert [c.unit for c in doc._.counts] == [unit]
    assert [p.subject for p in doc._.percentages] == [subject]
