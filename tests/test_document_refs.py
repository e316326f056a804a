"""Document references in short sentences written the way Party and State reports cite documents."""
import unicodedata

import pytest

from pipeline import nlp
from pipeline.extract.document_refs import to_roman
from pipeline.normalize import clean_document_text


def read(text):
    doc = nlp.load(entities="none")(clean_document_text(text))
    for ref in doc._.document_refs:
        assert doc.text[ref.start:ref.end] == ref.text
    return doc


def refs(text):
    return read(text)._.document_refs


def only(text):
    found = refs(text)
    assert len(found) == 1, [r.text for r in found]
    return found[0]


@pytest.mark.parametrize("text, code, doc_type, type_code, issuer_code, number", [
    ("Thực hiện Nghị quyết số 09-NQ/TU của Tỉnh ủy về cải cách hành chính.",
     "09-NQ/TU", "Nghị quyết", "NQ", "TU", "09"),
    ("Các chi bộ thực hiện nghiêm Quy định số 08-QĐi/TW về trách nhiệm nêu gương.",
     "08-QĐi/TW", "Quy định", "QĐi", "TW", "08"),
    ("Đảng ủy Khối triển khai Đề án số 07-ĐA/ĐUK về nâng cao chất lượng sinh hoạt chi bộ.",
     "07-ĐA/ĐUK", "Đề án", "ĐA", "ĐUK", "07"),
    ("Thực hiện Hướng dẫn số 38-HD/BTCTW về sinh hoạt chi bộ.",
     "38-HD/BTCTW", "Hướng dẫn", "HD", "BTCTW", "38"),
    ("Tỉnh ủy ban hành Chương trình hành động số 18-CTr/TU để thực hiện.",
     "18-CTr/TU", "Chương trình hành động", "CTr", "TU", "18"),
    ("Quán triệt Nghị quyết số 21 – NQ/TW về tăng cường củng cố tổ chức cơ sở đảng.",
     "21-NQ/TW", "Nghị quyết", "NQ", "TW", "21"),
    ("Số 01 - NQ/ĐUK\nNGHỊ QUYẾT về công tác xây dựng Đảng năm 2024",
     "01-NQ/ĐUK", "Nghị quyết", "NQ", "ĐUK", "01"),
    ("Đảng ủy Khối đã ban hành Chương trình số 05-Ctr/ĐUK về phát triển đảng viên.",
     "05-CTr/ĐUK", "Chương trình", "CTr", "ĐUK", "05"),
    ("Thường trực Đảng ủy Khối có Công văn 858CV/ĐUK chỉ đạo các đảng bộ cơ sở.",
     "858-CV/ĐUK", "Công văn", "CV", "ĐUK", "858"),
    ("Các cấp ủy quán triệt Nghị quyết 9-NQ/TU của Tỉnh ủy.",
     "09-NQ/TU", "Nghị quyết", "NQ", "TU", "9"),
    ("Huyện ủy ban hành Kế hoạch số 125-KH/HU triển khai Đại hội chi bộ.",
     "125-KH/HU", "Kế hoạch", "KH", "HU", "125"),
    ("Ban Thường vụ Tỉnh ủy ban hành Thông tri số 03-TT/TU về lãnh đạo bầu cử.",
     "03-TT/TU", "Thông tri", "TT", "TU", "03"),
    ("Thực hiện Kết luận số 21-KL/TW của Hội nghị Trung ương 4 khóa XIII.",
     "21-KL/TW", "Kết luận", "KL", "TW", "21"),
    ("Đảng ủy Quân sự tỉnh ban hành Kế hoạch số 12-KH/ĐUQS về huấn luyện.",
     "12-KH/ĐUQS", "Kế hoạch", "KH", "ĐUQS", "12"),
    ("Thông báo kết luận 103-KL/TU về tiếp tục thực hiện Nghị quyết.",
     "103-KL/TU", "Kết luận", "KL", "TU", "103"),
])
def test_party_codes(text, code, doc_type, type_code, issuer_code, number):
    ref = only(text)
    assert (ref.code, ref.doc_type, ref.type_code, ref.issuer_code, ref.number, ref.system) == (
        code, doc_type, type_code, issuer_code, number, "party")
    assert ref.year is None


@pytest.mark.parametrize("text, code, doc_type, type_code, issuer_code, year, system", [
    ("Bố trí cán bộ bán chuyên trách theo Nghị định số 34/2019/NĐ-CP của Chính phủ.",
     "34/2019/NĐ-CP", "Nghị định", "NĐ", "CP", 2019, "state"),
    ("HĐND tỉnh ban hành Nghị quyết số 05/2019/NQ-HĐND về chế độ phụ cấp.",
     "05/2019/NQ-HĐND", "Nghị quyết", "NQ", "HĐND", 2019, "state"),
    ("UBND tỉnh ban hành Quyết định 1234/QĐ-UBND phê duyệt đề án.",
     "1234/QĐ-UBND", "Quyết định", "QĐ", "UBND", None, "state"),
    ("Thực hiện Thông tư số 01/2011/TT-BNV hướng dẫn thể thức văn bản.",
     "01/2011/TT-BNV", "Thông tư", "TT", "BNV", 2011, "state"),
    ("Theo Chỉ thị số 36/2006/CT-TTg của Thủ tướng Chính phủ.",
     "36/2006/CT-TTg", "Chỉ thị", "CT", "TTg", 2006, "state"),
    ("Căn cứ Thông tư liên tịch số 03/2014/TTLT-BNV-BTC về biên chế.",
     "03/2014/TTLT-BNV-BTC", "Thông tư liên tịch", "TTLT", "BNV-BTC", 2014, "state"),
    ("Đảng ủy Khối ban hành Nghị quyết số 01/NQ-ĐUK về nhiệm vụ năm 2024.",
     "01/NQ-ĐUK", "Nghị quyết", "NQ", "ĐUK", None, "party"),
    ("Quận ủy có Kế hoạch số 18/KH-QU về kiểm tra, giám sát.",
     "18/KH-QU", "Kế hoạch", "KH", "QU", None, "party"),
    ("UBND huyện có Công văn số 1234/UBND-VP đề nghị các xã báo cáo.",
     "1234/UBND-VP", "Công văn", None, "UBND-VP", None, "state"),
])
def test_state_codes(text, code, doc_type, type_code, issuer_code, year, system):
    ref = only(text)
    assert (ref.code, ref.doc_type, ref.type_code, ref.issuer_code, ref.year, ref.system) == (
        code, doc_type, type_code, issuer_code, year, system)


def test_a_law_carries_the_assembly_and_its_term():
    ref = only("Luật số 59/2020/QH14 có hiệu lực từ ngày 01/01/2021.")
    assert (ref.code, ref.doc_type, ref.type_code, ref.issuer_code, ref.year, ref.term) == (
        "59/2020/QH14", "Luật", None, "QH14", 2020, "XIV")
    assert ref.issued_date is None


@pytest.mark.parametrize("text, doc_type", [
    ("Đánh giá chất lượng sinh hoạt chi bộ theo Quy định 17-QĐ/TU của Tỉnh ủy.", "Quy định"),
    ("Thực hiện Quy định số 205-QĐ/TW về kiểm soát quyền lực trong công tác cán bộ.", "Quy định"),
    ("Ban Thường vụ có Quyết định số 205-QĐ/TU thành lập Ban Chỉ đạo.", "Quyết định"),
    ("Thực hiện 205-QĐ/TU, các cấp ủy rà soát quy hoạch.", "Quyết định"),
    ("Thực hiện Nghị quyết số 28-CT/TW của Ban Bí thư.", "Chỉ thị"),
])
def test_the_type_word_decides_only_when_it_agrees_with_the_code(text, doc_type):
    assert only(text).doc_type == doc_type


@pytest.mark.parametrize("text, doc_type, number, issuer, term", [
    ("Quan tâm chỉ đạo việc thực hiện Nghị quyết 39 của Bộ Chính trị (khoá XI) về tinh giản biên chế.",
     "Nghị quyết", "39", "Bộ Chính trị", "XI"),
    ("Gắn với việc thực hiện Chỉ thị 03 của Bộ Chính trị “Học tập và làm theo tấm gương đạo đức Hồ Chí Minh”.",
     "Chỉ thị", "03", "Bộ Chính trị", None),
    ("Tiếp tục thực hiện Kết luận số 21 của Ban Chấp hành Trung ương khóa XIII.",
     "Kết luận", "21", "Ban Chấp hành Trung ương", "XIII"),
    ("Đẩy mạnh triển khai Đề án 06 của Chính phủ trên địa bàn tỉnh.",
     "Đề án", "06", "Chính phủ", None),
    ("Tổ chức học tập Quy định 41 về miễn nhiệm, từ chức.", "Quy định", "41", None, None),
    ("Thực hiện Nghị quyết 39 năm 2015 của Bộ Chính trị về tinh giản biên chế.",
     "Nghị quyết", "39", "Bộ Chính trị", None),
    ("UBND huyện có Công văn số 125 đề nghị các xã rà soát.", "Công văn", "125", "UBND huyện", None),
])
def test_typed_bare_numbers(text, doc_type, number, issuer, term):
    ref = only(text)
    assert (ref.code, ref.doc_type, ref.number, ref.issuer, ref.term) == (None, doc_type, number, issuer, term)


@pytest.mark.parametrize("text", [
    "Triển khai thực hiện Kế hoạch 5 năm 2021-2025 đạt kết quả tốt.",
    "Mỗi chi bộ sinh hoạt theo quy định 2 lần mỗi tháng.",
    "Hồ sơ được giải quyết theo Quy định 15 ngày làm việc.",
    "Tiếp tục đẩy mạnh thực hiện Nghị quyết Trung ương 4 (khóa XII) về xây dựng Đảng.",
    "Thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX, nhiệm kỳ 2020 - 2025.",
    "Chỉ thị 5 điểm của Ban Thường vụ được quán triệt đến chi bộ.",
    "Ban hành nghị quyết 12 chuyên đề trong nhiệm kỳ.",
])
def test_numbers_that_are_not_documents_after_a_type_word(text):
    assert refs(text) == []


@pytest.mark.parametrize("text, date, issuer", [
    ("Rà soát đảng viên theo Chỉ thị số 28-CT/TW, ngày 21/01/2019 của Ban Bí thư.", "2019-01-21", "Ban Bí thư"),
    ("Sau 15 năm thực hiện Nghị quyết số 09-NQ/TU ngày 19/8/2009 của BTV Tỉnh ủy Hà Tĩnh khóa XVI, hoạt động đổi mới.",
     "2009-08-19", "BTV Tỉnh ủy Hà Tĩnh"),
    ("Thực hiện Nghị quyết số 09-NQ/TU ngày 19 tháng 8 năm 2009 của Ban Thường vụ Tỉnh ủy.",
     "2009-08-19", "Ban Thường vụ Tỉnh ủy"),
    ("Thực hiện Nghị quyết số 09-NQ/TU (ngày 19/8/2009) về hệ thống chính trị cơ sở.", "2009-08-19", None),
    ("Thực hiện Chỉ thị số 28-CT/TW do Ban Bí thư ban hành ngày 21/01/2019.", "2019-01-21", "Ban Bí thư"),
    ("Theo Nghị quyết số 21-NQ/TW của Ban Chấp hành Trung ương ngày 16/6/2022 về củng cố tổ chức cơ sở đảng.",
     "2022-06-16", "Ban Chấp hành Trung ương"),
    ("Nghị quyết 39 ngày 17/4/2015 của Bộ Chính trị về tinh giản biên chế.", "2015-04-17", "Bộ Chính trị"),
    ("Thực hiện Nghị quyết số 09-NQ/TU ngày 19/8/2009, Ban Thường vụ Tỉnh ủy đã chỉ đạo rà soát.", "2009-08-19", None),
    ("Kết luận số 21-KL/TW ngày 25/10/2021 Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XIII về chỉnh đốn Đảng.",
     "2021-10-25", "Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng"),
    ("Thực hiện Thông tư số 03/2018/TT-BNV ngày 06/3/2018 của Bộ Nội vụ về chế độ báo cáo.", "2018-03-06", "Bộ Nội vụ"),
    ("Nghị quyết số 05/2022/NQ-HĐND ngày 15/7/2022 của HĐND tỉnh Hà Tĩnh khóa XVIII.", "2022-07-15", "HĐND tỉnh Hà Tĩnh"),
])
def test_signing_date_and_issuer_after_the_identifier(text, date, issuer):
    ref = only(text)
    assert (ref.issued_date, ref.issuer) == (date, issuer)


@pytest.mark.parametrize("text, date, issuer, term, starts", [
    ("Từ yêu cầu thực tiễn, ngày 19/8/2009 Ban Thường vụ Tỉnh ủy (khoá XVI) ban hành Nghị quyết số 09-NQ/TU về cơ sở.",
     "2009-08-19", "Ban Thường vụ Tỉnh ủy", "XVI", "ngày 19/8/2009"),
    ("Ngày 21/01/2019, Ban Bí thư đã ban hành Chỉ thị số 28-CT/TW về nâng cao chất lượng kết nạp đảng viên.",
     "2019-01-21", "Ban Bí thư", None, "Ngày 21/01/2019"),
    ("Bộ Chính trị ban hành Quy định số 08-QĐi/TW về trách nhiệm nêu gương.",
     None, "Bộ Chính trị", None, "Bộ Chính trị"),
    ("Ngày 5/1/2023, Đảng ủy xã ban hành Nghị quyết chuyên đề số 03-NQ/ĐU về xây dựng nông thôn mới.",
     "2023-01-05", "Đảng ủy xã", None, "Ngày 5/1/2023"),
    ("Ban Tuyên giáo Tỉnh ủy có Hướng dẫn số 125-HD/BTGTU về công tác tuyên truyền.",
     None, "Ban Tuyên giáo Tỉnh ủy", None, "Ban Tuyên giáo Tỉnh ủy"),
])
def test_signing_date_and_issuer_before_the_identifier(text, date, issuer, term, starts):
    ref = only(text)
    assert (ref.issued_date, ref.issuer, ref.term) == (date, issuer, term)
    assert ref.text.startswith(starts)


def test_a_lower_case_noun_before_the_verb_is_not_the_issuer():
    ref = only("Ngày 20/8/2024, Huyện ủy tổ chức hội nghị và ban hành Nghị quyết số 12-NQ/HU về đảng viên.")
    assert (ref.issuer, ref.issued_date, ref.text) == (None, None, "Nghị quyết số 12-NQ/HU")


@pytest.mark.parametrize("text", [
    "Thực hiện Nghị quyết số 09-NQ/TU, ngày 20/8/2024, Ban Thường vụ Tỉnh ủy tổ chức hội nghị sơ kết.",
    "Thực hiện Nghị quyết số 09-NQ/TU, ngày 20/8/2024 Ban Thường vụ Tỉnh ủy tổ chức hội nghị sơ kết.",
    "Trong đó, Quyết định 1234-QĐ/TU ngày 31/2/2020 bị ghi sai ngày.",
    "Ngày 20/8/2024, Huyện ủy tổ chức hội nghị quán triệt Nghị quyết số 09-NQ/TU.",
    "Nghị quyết số 09-NQ/TU có hiệu lực từ ngày 01/9/2009.",
    "Huyện ủy triển khai Nghị quyết số 09-NQ/TU vào ngày 20/8/2024 tại hội trường.",
])
def test_a_date_of_something_else_is_not_the_signing_date(text):
    assert only(text).issued_date is None


@pytest.mark.parametrize("text, term", [
    ("Nghị quyết số 28-NQ/TW, ngày 17/11/2022 Hội nghị Trung ương 6 khóa 13.", "XIII"),
    ("Nghị quyết 39 của Bộ Chính trị (khoá XI).", "XI"),
    ("Nghị quyết số 09-NQ/TU của BTV Tỉnh uỷ khóa XVI.", "XVI"),
    ("Đề án số 07-ĐA/ĐUK của Ban Chấp hành Đảng bộ Khối khóa XIV", "XIV"),
    ("Nghị quyết số 21-NQ/TW (khóa 12) của Ban Chấp hành Trung ương.", "XII"),
])
def test_terms_are_roman_numerals(text, term):
    assert only(text).term == term


@pytest.mark.parametrize("written, roman", [("13", "XIII"), ("xvi", "XVI"), ("XI", "XI"), ("4", "IV"),
                                            ("9", "IX"), ("xiv", "XIV"), ("abc", None), ("0", None)])
def test_to_roman(written, roman):
    assert to_roman(written) == roman


def test_a_plenum_named_after_the_date_is_the_issuer():
    ref = only("Nghị quyết số 28-NQ/TW, ngày 17/11/2022 Hội nghị Trung ương 6 khóa 13.")
    assert (ref.issued_date, ref.issuer, ref.text) == (
        "2022-11-17", "Hội nghị Trung ương 6", "Nghị quyết số 28-NQ/TW, ngày 17/11/2022 Hội nghị Trung ương 6 khóa 13")


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


def test_every_mention_counts():
    text = ("Thực hiện Nghị quyết số 09-NQ/TU, Tỉnh ủy sơ kết. Kết quả thực hiện Nghị quyết số 09-NQ/TU "
            "được đánh giá cao. Tiếp tục thực hiện Nghị quyết số 09-NQ/TU trong thời gian tới.")
    assert [r.code for r in refs(text)] == ["09-NQ/TU"] * 3


def test_codes_listed_after_one_type_word():
    found = refs("Tổng kết Nghị quyết số 18-NQ/TW, 19-NQ/TW và Chương trình hành động số 18-CTr/TU ngày 30/9/2022.")
    assert [(r.code, r.doc_type) for r in found] == [
        ("18-NQ/TW", "Nghị quyết"), ("19-NQ/TW", "Nghị quyết"), ("18-CTr/TU", "Chương trình hành động")]
    assert [r.issued_date for r in found] == [None, None, "2022-09-30"]


def test_shorthand_number():
    ref = only("Các chi bộ thực hiện tốt NQ21 về củng cố tổ chức cơ sở đảng.")
    assert (ref.code, ref.doc_type, ref.number, ref.type_code) == (None, "Nghị quyết", "21", "NQ")


@pytest.mark.parametrize("text", [
    "Ngày 19/8/2009, Ban Thường vụ Tỉnh ủy họp phiên thường kỳ.",
    "Nhiệm kỳ 2015-2020, toàn Đảng bộ kết nạp 1.200 đảng viên.",
    "Nhiệm kỳ 2020 - 2025 đề ra 12 chỉ tiêu.",
    "Có 1/3 số chi bộ chưa sinh hoạt chuyên đề.",
    "Đạt 95/100 điểm, xếp loại tốt.",
    "Mọi ý kiến xin liên hệ số điện thoại 0239.3855.123 hoặc 0912-345-678.",
    "Phát triển KT-XH gắn với xây dựng hệ thống chính trị.",
    "1/ Ban Thường vụ Huyện ủy lãnh đạo toàn diện.",
    "Xem thêm tại https://baohatinh.vn/nghi-quyet-09-nq-tu/12345.html và 09-nq/tu.",
    "Xe mang biển số CT21A đã được bàn giao.",
])
def test_things_that_are_not_document_numbers(text):
    assert refs(text) == []
