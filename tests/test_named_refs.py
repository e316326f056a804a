"""Documents cited by name without a number (document_refs with code null, plenum/congress set),
found when the pipeline is loaded with named_refs=True; never by default."""
import pytest

from pipeline.language import load as load_pipeline


def named(text):
    doc = load_pipeline(entities="none", named_refs=True)(text)
    for ref in doc._.document_refs:
        assert doc.text[ref.start:ref.end] == ref.text
    return [(r.text, r.code, r.doc_type, r.number, r.term, r.plenum, r.congress) for r in doc._.document_refs]


@pytest.mark.parametrize("text, expected", [
    ("Đảng ủy xã Ea Tu tổ chức học tập Nghị quyết Trung ương 8 (khóa XIII) cho 312 đảng viên.",
     [("Nghị quyết Trung ương 8 (khóa XIII)", None, "Nghị quyết", "8", "XIII", 8, None)]),
    ("Tiếp tục thực hiện Nghị quyết Hội nghị Trung ương 4 khóa XI về xây dựng Đảng.",
     [("Nghị quyết Hội nghị Trung ương 4 khóa XI", None, "Nghị quyết", "4", "XI", 4, None)]),
    ("Quán triệt Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XIII đến chi bộ.",
     [("Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XIII", None, "Nghị quyết",
       "5", "XIII", 5, None)]),
    ("Cụ thể hóa Nghị quyết Đại hội XIII của Đảng vào điều kiện của tỉnh Đắk Lắk.",
     [("Nghị quyết Đại hội XIII", None, "Nghị quyết", "XIII", None, None, "XIII")]),
    ("Kết nạp 1.204 đảng viên, đạt 104% chỉ tiêu Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVII đề ra.",
     [("Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVII", None, "Nghị quyết", "XVII", None, None, "XVII")]),
    ("Hoàn thành chỉ tiêu Nghị quyết Đại hội đại biểu Đảng bộ huyện Cư M'gar lần thứ 9 đề ra.",
     [("Nghị quyết Đại hội đại biểu Đảng bộ huyện Cư M'gar lần thứ 9", None, "Nghị quyết", "9", None, None, "IX")]),
    ("Vượt chỉ tiêu Nghị quyết Đại hội Đảng bộ thị xã khóa 12 đề ra.",
     [("Nghị quyết Đại hội Đảng bộ thị xã khóa 12", None, "Nghị quyết", "", "XII", None, "XII")]),
    ("Các chi bộ thực hiện nghiêm Điều lệ Đảng và Quy định 102 của Bộ Chính trị.",
     [("Điều lệ Đảng", None, "Điều lệ", "", None, None, None),
      ("Quy định 102 của Bộ Chính trị", None, "Quy định", "102", None, None, None)]),
])
def test_documents_cited_by_name(text, expected):
    assert named(text) == expected


@pytest.mark.parametrize("text", [
    "Các nghị quyết đại hội đảng bộ các cấp đều đề ra chỉ tiêu kết nạp đảng viên.",  # no congress named
    "Đại hội Đảng bộ tỉnh lần thứ XVII bầu 53 đồng chí vào Ban Chấp hành.",           # a congress, not its resolution
    "Hội nghị Trung ương 8 khóa XIII đã thảo luận nhiều nội dung.",                    # a plenum, not its resolution
    "Nghị quyết của Đảng bộ tỉnh về phát triển kinh tế.",
])
def test_no_named_reference(text):
    assert named(text) == []


def test_a_numbered_reference_is_never_taken_for_a_named_one():
    found = named("Thực hiện Nghị quyết số 19-NQ/TW Hội nghị Trung ương 6 (khóa XII) về nông nghiệp.")
    # the identifier keeps its code; the plenum named as its issuer is recorded
    assert found == [("Nghị quyết số 19-NQ/TW Hội nghị Trung ương 6 (khóa XII)", "19-NQ/TW", "Nghị quyết",
                      "19", "XII", 6, None)]


def test_named_references_are_off_by_default():
    doc = load_pipeline(entities="none")("Học tập Nghị quyết Trung ương 8 (khóa XIII) và Điều lệ Đảng; Quy định 30 của Trung ương.")
    assert [(r.doc_type, r.number) for r in doc._.document_refs] == [("Quy định", "30")]


def test_the_config_switches_named_references_on():
    from pipeline.language import config

    assert config("none")["components"]["vnfacts_document_refs"]["named"] is False
    assert config("none", named_refs=True)["components"]["vnfacts_document_refs"]["named"] is True
