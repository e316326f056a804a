"""Counts of Party organizations and members, on short report-style sentences."""
import unicodedata

import pytest

from pipeline import nlp
from pipeline.normalize import clean_document_text


def counts(text):
    doc = nlp.load(entities="none")(text)
    for c in doc._.counts:
        assert doc.text[c.start:c.end] == c.text
    return doc._.counts


def one(text):
    found = counts(text)
    assert len(found) == 1, [c.text for c in found]
    return found[0]


@pytest.mark.parametrize("text, value", [
    ("Đảng bộ huyện hiện có 1.742 đảng viên.", 1742),
    ("Toàn tỉnh có 24.300 đảng viên.", 24300),
    ("Đảng bộ đã khai trừ 02 đảng viên.", 2),
    ("Năm qua, Đảng bộ kết nạp 120 đảng viên.", 120),
    ("Đảng bộ xã có hai chi bộ.", 2),
    ("Huyện ủy đã thành lập mười hai chi bộ.", 12),
    ("Toàn Đảng bộ có hai mươi lăm tổ chức cơ sở đảng.", 25),
    ("Đảng bộ có một trăm linh năm đảng viên.", 105),
    ("Đảng bộ tỉnh có ba nghìn đảng viên.", 3000),
    ("Cả nước có hơn 5,3 triệu đảng viên.", 5300000),
    ("Đảng bộ có 24 nghìn đảng viên.", 24000),
])
def test_value(text, value):
    assert one(text).value == value


@pytest.mark.parametrize("text, qualifier", [
    ("Đảng bộ có 38 tổ chức cơ sở đảng.", "exact"),
    ("Đảng bộ có hơn 24.300 đảng viên.", "more_than"),
    ("Nhiệm kỳ qua kết nạp trên 5.000 đảng viên.", "more_than"),
    ("Cả nhiệm kỳ kết nạp khoảng 800 đảng viên mới.", "about"),
    ("Đảng bộ có gần 2.000 đảng viên.", "about"),
    ("Toàn huyện có xấp xỉ 900 đảng viên.", "about"),
    ("Đảng bộ có ít nhất 3 chi bộ cơ sở.", "at_least"),
    ("Chi bộ có từ 30 đảng viên trở lên được thành lập đảng bộ.", "at_least"),
    ("Đảng bộ có dưới 100 đảng viên.", "less_than"),
    ("Đảng bộ có chưa đến 50 đảng viên.", "less_than"),
    ("Mỗi chi bộ có tối đa 30 đảng viên.", "up_to"),
    ("Mỗi tổ đảng có không quá 10 đảng viên.", "up_to"),
])
def test_qualifier(text, qualifier):
    assert one(text).qualifier == qualifier


@pytest.mark.parametrize("text, event", [
    ("Năm 2023, Đảng bộ kết nạp 509 đảng viên mới.", "admitted"),
    ("Cả nhiệm kỳ kết nạp mới được 953 đảng viên.", "admitted"),
    ("Ủy ban Kiểm tra đã khiển trách 38 đảng viên.", "reprimanded"),
    ("Cấp ủy đã cảnh cáo 10 đảng viên vi phạm.", "warned"),
    ("Đảng bộ đã khai trừ 02 đảng viên.", "expelled"),
    ("Các cấp ủy đã thi hành kỷ luật 15 đảng viên.", "disciplined"),
    ("Năm qua đã đưa ra khỏi Đảng 12 đảng viên.", "removed"),
    ("Chi bộ đã xóa tên 3 đảng viên.", "removed"),
    ("Đảng ủy đã đưa 7 đảng viên không đủ tư cách ra khỏi Đảng.", "removed"),
    ("Trong nhiệm kỳ thành lập 5 đảng bộ cơ sở.", "established"),
    ("Thị ủy đã giải thể 04 tổ chức cơ sở đảng.", "dissolved"),
    ("Huyện ủy đã hợp nhất 6 chi bộ thôn.", "merged"),
    ("Tỉnh ủy đã sáp nhập 12 đảng bộ cơ sở.", "merged"),
    ("Đảng ủy Khối đã tiếp nhận 03 tổ chức cơ sở đảng.", "received"),
    ("Đảng ủy đã chuyển giao 2 chi bộ cơ sở về trực thuộc Đảng bộ xã.", "transferred"),
    ("Đã luân chuyển 04 đồng chí giữ chức vụ bí thư đảng ủy cơ sở.", "rotated"),
    ("Năm 2023 có 12 đảng viên bị kỷ luật.", "disciplined"),
    ("Đảng bộ hiện có 684 TCCSĐ.", None),
    ("Đảng bộ có 73 tổ chức cơ sở đảng với 5.356 đảng viên.", None),
])
def test_event(text, event):
    found = counts(text)
    assert found and found[0].event == event


@pytest.mark.parametrize("text, unit, category", [
    ("Đảng bộ tỉnh hiện có 684 TCCSĐ.", "tổ chức cơ sở đảng", "organization"),
    ("Đảng bộ có 38 tổ chức cơ sở Đảng.", "tổ chức cơ sở đảng", "organization"),
    ("Huyện có 20 đảng bộ cơ sở.", "đảng bộ cơ sở", "organization"),
    ("Huyện có 31 chi bộ cơ sở.", "chi bộ cơ sở", "organization"),
    ("Đảng ủy có 9 đảng bộ bộ phận.", "đảng bộ bộ phận", "organization"),
    ("Đảng bộ có 1.810 chi bộ trực thuộc đảng bộ cơ sở.", "chi bộ", "organization"),
    ("Thành lập mới 6 chi bộ, đảng bộ.", "chi bộ, đảng bộ", "organization"),
    ("Kiện toàn 15 tổ chức đảng.", "tổ chức đảng", "organization"),
    ("Đảng bộ có 1.742 đảng viên.", "đảng viên", "member"),
    ("Kết nạp 509 đảng viên mới.", "đảng viên mới", "member"),
    ("Khối có 120 cấp ủy viên.", "cấp ủy viên", "member"),
    ("Tỉnh ủy chỉ định 79 ủy viên Ban Chấp hành.", "ủy viên ban chấp hành", "member"),
])
def test_unit_and_category(text, unit, category):
    c = one(text)
    assert (c.unit, c.category) == (unit, category)


def test_shared_verb_list_gives_one_count_each():
    found = counts("Từ năm 2010 đến nay đã xử lý kỷ luật khiển trách 38 đảng viên; "
                   "cảnh cáo 10 đảng viên; khai trừ 02 đảng viên.")
    assert [(c.value, c.event) for c in found] == [(38, "reprimanded"), (10, "warned"), (2, "expelled")]


def test_verb_carries_to_the_next_item_of_the_list():
    found = counts("Tiếp nhận 12 chi bộ, đảng bộ thuộc Đảng ủy Khối Doanh nghiệp tỉnh; "
                   "8 chi bộ Kho bạc nhà nước cấp huyện về trực thuộc Đảng bộ Kho bạc Nhà nước tỉnh.")
    assert [(c.value, c.unit, c.event) for c in found] == [
        (12, "chi bộ, đảng bộ", "received"), (8, "chi bộ", "received")]


def test_verb_list_without_repeating_it():
    found = counts("Trong năm, Huyện ủy đã thành lập 5 chi bộ, 3 đảng bộ cơ sở.")
    assert [(c.value, c.event) for c in found] == [(5, "established"), (3, "established")]


def test_verb_does_not_cross_into_an_unrelated_clause():
    found = counts("Đã giải thể 04 tổ chức cơ sở đảng, thành lập 02 tổ chức cơ sở đảng, "
                   "tiếp nhận 03 tổ chức cơ sở đảng; đến nay, toàn Đảng bộ thị xã có 42 tổ chức cơ sở đảng.")
    assert [(c.value, c.event) for c in found] == [
        (4, "dissolved"), (2, "established"), (3, "received"), (42, None)]
    assert found[-1].subject == "Đảng bộ thị xã"


def test_nested_totals():
    found = counts("Đến hết tháng 6/2020, Đảng bộ có 73 TCCSĐ trong đó có 42 đảng bộ "
                   "và 31 chi bộ cơ sở với 5.356 đảng viên.")
    assert [(c.value, c.unit, c.category, c.event) for c in found] == [
        (73, "tổ chức cơ sở đảng", "organization", None),
        (42, "đảng bộ", "organization", None),
        (31, "chi bộ cơ sở", "organization", None),
        (5356, "đảng viên", "member", None),
    ]


def test_breakdown_keeps_the_event_of_its_total():
    found = counts("Năm 2023 kết nạp 120 đảng viên, trong đó có 45 đảng viên là đoàn viên thanh niên.")
    assert [(c.value, c.event) for c in found] == [(120, "admitted"), (45, "admitted")]


def test_discipline_breakdown_without_the_noun():
    found = counts("Thi hành kỷ luật 15 đảng viên (khiển trách 10, cảnh cáo 3, khai trừ 2).")
    assert [(c.value, c.unit, c.event) for c in found] == [
        (15, "đảng viên", "disciplined"), (10, "đảng viên", "reprimanded"),
        (3, "đảng viên", "warned"), (2, "đảng viên", "expelled")]


@pytest.mark.parametrize("text, subject", [
    ("Đảng bộ tỉnh Kon Tum hiện có 684 TCCSĐ.", "Đảng bộ tỉnh Kon Tum"),
    ("Toàn Đảng bộ thị xã đã kết nạp 509 đảng viên mới.", "Đảng bộ thị xã"),
    ("Đảng bộ Khối các cơ quan tỉnh Thái Nguyên có 73 TCCSĐ.", "Đảng bộ Khối các cơ quan tỉnh Thái Nguyên"),
    ("Năm qua, các cấp ủy đã kết nạp 200 đảng viên.", None),
])
def test_subject(text, subject):
    assert one(text).subject == subject


def test_subject_carries_to_the_counts_of_the_same_total():
    found = counts("Đảng bộ tỉnh Kon Tum hiện có 684 TCCSĐ gồm 1.810 chi bộ trực thuộc đảng bộ cơ sở "
                   "với tổng số hơn 24.300 đảng viên.")
    assert [c.subject for c in found] == ["Đảng bộ tỉnh Kon Tum"] * 3
    assert [c.value for c in found] == [684, 1810, 24300]


@pytest.mark.parametrize("text", [
    "Đã chi 1.500 triệu đồng hỗ trợ các chi bộ.",
    "Sau 15 năm thực hiện Nghị quyết, các tổ chức cơ sở đảng đã có nhiều chuyển biến.",
    "Đại hội Đảng bộ tỉnh lần thứ 15 đảng viên và nhân dân cùng chào mừng.",
    "Năm 2020 đảng bộ huyện đạt nhiều kết quả.",
    "Nhiệm kỳ 2015 - 2020 đảng bộ xã hoàn thành các chỉ tiêu.",
    "Phấn đấu có 50% TCCSĐ đạt trong sạch vững mạnh.",
    "Có 56,87 % tổ chức cơ sở đảng đạt trong sạch vững mạnh.",
    "Ngày 02/11/1954 Đảng bộ Khối được thành lập.",
    "Hợp nhất 02 xã Bình Điền, Hồng Tiến thành 01 đơn vị hành chính.",
    "Hơn 300 cán bộ, đảng viên tham dự hội nghị.",
    "1. Chi bộ thôn Đông tổ chức sinh hoạt chuyên đề.",
    "Mở 5 lớp bồi dưỡng cho 350 học viên là đảng viên mới.",
    "Hàng trăm đảng viên tham gia dọn vệ sinh.",
    "Trong năm chi bộ đã tổ chức 12 buổi sinh hoạt.",
    "Một đảng viên phải gương mẫu trong công tác.",
    "Thu nhập bình quân đạt 90 triệu đồng, tăng 18% so với năm 2015.",
])
def test_not_a_count(text):
    assert counts(text) == []


def test_offsets_after_nfd_input_index_the_nfc_text():
    source = "Đảng bộ tỉnh Kon Tum hiện có 684 TCCSĐ gồm 1.810 chi bộ với tổng số hơn 24.300 đảng viên."
    text = clean_document_text(unicodedata.normalize("NFD", source))
    assert text == source
    found = counts(text)
    assert [(c.value, text[c.start:c.end]) for c in found] == [
        (684, "hiện có 684 TCCSĐ"), (1810, "gồm 1.810 chi bộ"), (24300, "tổng số hơn 24.300 đảng viên")]


def test_old_tone_style_matches():
    found = counts("Đảng uỷ xã đã kết nạp 3 đảng viên; Đảng uỷ phường có 12 chi uỷ viên.")
    assert [(c.value, c.unit, c.event) for c in found] == [(3, "đảng viên", "admitted"), (12, "chi ủy viên", None)]


@pytest.mark.parametrize("text, values", [
    ("Chi bộ thôn 2 có 45 đảng viên.", [45]),
    ("Khu phố 3 có 2 chi bộ.", [2]),
    ("Mỗi năm chi bộ kết nạp 2 đảng viên.", [2]),
    ("Đảng bộ có năm chi bộ trực thuộc.", [5]),
    ("Tổ chức thành công đại hội 45/45 chi bộ trực thuộc.", []),
    ("Năm 2019 đảng bộ huyện có 56 chi bộ trực thuộc.", [56]),
    ("Hội nghị có sự tham dự của 150 đảng viên.", []),
    ("Có 320 đảng viên tham dự lớp học.", []),
    ("Đã tặng Huy hiệu 50 năm tuổi Đảng cho 12 đồng chí.", []),
    ("Thành lập Ban Chỉ đạo gồm 15 đồng chí.", []),
    ("Tổng số đảng viên của Đảng bộ là 3.456 đồng chí.", [3456]),
    ("Toàn tỉnh có 2 triệu dân, trong đó 60 nghìn đảng viên.", [60000]),
])
def test_which_numbers_are_counts(text, values):
    assert [c.value for c in counts(text)] == values


def test_event_named_before_the_total():
    c = one("Số đảng viên được kết nạp trong năm là 320 đồng chí.")
    assert (c.value, c.category, c.event) == (320, "member", "admitted")


def test_recognition_as_full_member_is_not_a_transfer():
    found = counts("Đảng ủy đã kết nạp 16 đảng viên; chuyển đảng chính thức cho 14 đảng viên.")
    assert [(c.value, c.event) for c in found] == [(16, "admitted"), (14, None)]


def test_abbreviated_compound_unit():
    c = one("Đảng bộ huyện có 52 chi, đảng bộ cơ sở.")
    assert (c.unit, c.category) == ("chi bộ, đảng bộ cơ sở", "organization")


@pytest.mark.parametrize("text, subject", [
    ("Đảng bộ Công an tỉnh có 35 chi bộ.", "Đảng bộ Công an tỉnh"),
    ("Ủy ban Kiểm tra Huyện ủy đã thi hành kỷ luật 12 đảng viên.", "Ủy ban Kiểm tra Huyện ủy"),
    ("Mỗi năm chi bộ kết nạp 2 đảng viên.", None),
    ("Đảng bộ huyện đã tập trung lãnh đạo kết nạp 50 đảng viên.", None),
])
def test_subject_is_a_named_body(text, subject):
    assert one(text).subject == subject


def test_discipline_forms_after_the_noun_without_a_number():
    found = counts("Hình thức kỷ luật đảng viên: khiển trách 20 (chiếm 50%), cảnh cáo 15 (37,5%), khai trừ 5 (12,5%).")
    assert [(c.value, c.category, c.event) for c in found] == [
        (20, "member", "reprimanded"), (15, "member", "warned"), (5, "member", "expelled")]


@pytest.mark.parametrize("text, values", [
    ("Toàn tỉnh thi hành kỷ luật 40 đảng viên, giảm 9 đảng viên so với cùng kỳ.", [40]),
    ("Khi kỷ luật một tổ chức đảng phải xem xét trách nhiệm người đứng đầu.", []),
    ("Năm 2022 kết nạp 50 đảng viên, năm 2023 kết nạp 65.", [50, 65]),
    ("Đảng bộ xã có 15 chi bộ, thành lập 1975.", [15]),
    ("Đảng viên vi phạm bị kỷ luật 3 tháng.", []),
])
def test_differences_articles_and_years_are_not_counts(text, values):
    assert [c.value for c in counts(text)] == values


@pytest.mark.parametrize("text, expected", [
    ("Ủy ban Kiểm tra đã đề nghị xóa tên 56 đảng viên, cho ra khỏi Đảng 12 trường hợp.",
     [(56, "removed"), (12, "removed")]),
    ("Năm 2023 có 12 trường hợp được đề nghị khen thưởng.", []),
    ("Nếu chưa đủ ba đảng viên chính thức thì giới thiệu sinh hoạt ở tổ chức cơ sở đảng thích hợp.",
     [(3, None)]),
])
def test_cases_and_thresholds(text, expected):
    assert [(c.value, c.event) for c in counts(text)] == expected
