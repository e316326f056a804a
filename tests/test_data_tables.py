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
