"""Document references: what a passage line cannot say. The passages themselves, in short
sentences written the way Party and State reports cite documents, are in
tests/cases/document_refs.jsonl."""
import unicodedata

import pytest

from pipeline.language import load as load_pipeline
from pipeline.extract.document_refs import to_roman
from pipeline.normalize import clean_document_text


def read(text):
    doc = load_pipeline(entities="none")(clean_document_text(text))
    for ref in doc._.document_refs:
        assert doc.text[ref.start:ref.end] == ref.text
    return doc


@pytest.mark.parametrize("written, roman", [("13", "XIII"), ("xvi", "XVI"), ("XI", "XI"), ("4", "IV"),
                                            ("9", "IX"), ("xiv", "XIV"), ("abc", None), ("0", None)])
def test_to_roman(written, roman):
    assert to_roman(written) == roman


def test_a_year_that_disagrees_with_the_signing_date_is_warned():
    doc = read("Bố trí cán bộ theo Nghị định số 34/2009/NĐ-CP, ngày 24/4/2019.")
    ref = doc._.document_refs[0]
    assert (ref.year, ref.issued_date) == (2009, "2019-04-24")
    assert any("34/2009/NĐ-CP" in w and "2009" in w and "2019" in w for w in doc._.warnings)


def test_a_year_that_agrees_gives_no_warning():
    doc = read("Bố trí cán bộ theo Nghị định số 34/2019/NĐ-CP, ngày 24/4/2019 của Chính phủ.")
    assert doc._.document_refs[0].issuer == "Chính phủ"
    assert not doc._.warnings


def test_decomposed_input_gives_offsets_into_the_nfc_text():
    nfc = "Sau 15 năm thực hiện Nghị quyết số 09-NQ/TU ngày 19/8/2009 của BTV Tỉnh uỷ Hà Tĩnh khoá XVI, cơ sở đổi mới."
    doc = read(unicodedata.normalize("NFD", nfc))
    assert doc.text == nfc
    ref = doc._.document_refs[0]
    assert nfc[ref.start:ref.end] == ref.text
    assert (ref.code, ref.issued_date, ref.issuer, ref.term) == ("09-NQ/TU", "2009-08-19", "BTV Tỉnh uỷ Hà Tĩnh", "XVI")
