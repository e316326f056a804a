"""Counts of Party organizations and members, on short report-style sentences."""
import unicodedata

import pytest

from pipeline.language import load as load_pipeline
from pipeline.normalize import clean_document_text


def counts(text):
    doc = load_pipeline(entities="none")(text)
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
    ("Khi kỷ luật một tổ chức đảng phải xem xét trách nhiệm người đứng đầu.", []),
    ("Năm 2022 kết nạp 50 đảng viên, năm 2023 kết nạp 65.", [50, 65]),
    ("Đảng bộ xã có 15 chi bộ, thành lập 1975.", [15]),
    ("Đảng viên vi phạm bị kỷ luật 3 tháng.", []),
])
def test_articles_and_years_are_not_counts(text, values):
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


# Passages in the style of provincial Party-committee portals, local papers and
# Tạp chí Xây dựng Đảng: every count a careful reader records, in order, as
# (value, unit, qualifier, event); traps (money, years, people in general, dates,
# ordinals, phone numbers, percentages) give none.
@pytest.mark.parametrize("text, expected", [
    ('Đảng bộ huyện Đức Thọ hiện có 52 tổ chức cơ sở đảng, gồm 28 đảng bộ cơ sở và 24 chi bộ cơ sở, với 9.815 đảng viên.',
     [(52, 'tổ chức cơ sở đảng', 'exact', None), (28, 'đảng bộ cơ sở', 'exact', None), (24, 'chi bộ cơ sở', 'exact', None), (9815, 'đảng viên', 'exact', None)]),
    ('Toàn Đảng bộ tỉnh Lai Châu có trên 34.000 đảng viên, sinh hoạt tại 1.264 chi bộ trực thuộc.',
     [(34000, 'đảng viên', 'more_than', None), (1264, 'chi bộ', 'exact', None)]),
    ('Năm 2024, các cấp ủy trong tỉnh kết nạp được 1.247 đảng viên, đạt 104% chỉ tiêu.',
     [(1247, 'đảng viên', 'exact', 'admitted')]),
    ('Ủy ban Kiểm tra các cấp đã thi hành kỷ luật 56 đảng viên, trong đó khiển trách 31, cảnh cáo 18, cách chức 2, khai trừ 5.',
     [(56, 'đảng viên', 'exact', 'disciplined'), (31, 'đảng viên', 'exact', 'reprimanded'), (18, 'đảng viên', 'exact', 'warned'), (2, 'đảng viên', 'exact', 'disciplined'), (5, 'đảng viên', 'exact', 'expelled')]),
    ('Qua rà soát, Đảng ủy đã xóa tên 7 đảng viên và cho ra khỏi Đảng 3 đảng viên.',
     [(7, 'đảng viên', 'exact', 'removed'), (3, 'đảng viên', 'exact', 'removed')]),
    ('Có 12 đảng viên bị kỷ luật, trong đó 4 đảng viên bị khai trừ.',
     [(12, 'đảng viên', 'exact', 'disciplined'), (4, 'đảng viên', 'exact', 'expelled')]),
    ('Đảng bộ xã Tân Lập có 18 chi bộ, gồm 12 chi bộ thôn, 6 chi bộ trường học và trạm y tế, với 642 đảng viên.',
     [(18, 'chi bộ', 'exact', None), (12, 'chi bộ', 'exact', None), (6, 'chi bộ', 'exact', None), (642, 'đảng viên', 'exact', None)]),
    ('Thực hiện sắp xếp, Thành ủy đã hợp nhất 14 tổ chức cơ sở đảng, giải thể 3 chi bộ và thành lập mới 5 đảng bộ cơ sở.',
     [(14, 'tổ chức cơ sở đảng', 'exact', 'merged'), (3, 'chi bộ', 'exact', 'dissolved'), (5, 'đảng bộ cơ sở', 'exact', 'established')]),
    ('Huyện có 125 thôn, 32.450 hộ với 128.600 nhân khẩu.',
     []),
    ('Đại hội có 250 đại biểu chính thức đại diện cho hơn 12.000 đảng viên trong toàn Đảng bộ.',
     []),
    ('Đảng ủy Khối đã tiếp nhận 45 tổ chức cơ sở đảng với 2.130 đảng viên từ các huyện chuyển về.',
     [(45, 'tổ chức cơ sở đảng', 'exact', 'received'), (2130, 'đảng viên', 'exact', 'received')]),
    ('Lớp bồi dưỡng có 85 học viên là đảng viên mới.',
     []),
    ('Hội nghị lần thứ 15 Ban Chấp hành Đảng bộ tỉnh khóa 12 đã thảo luận.',
     []),
    ('Theo Quyết định số 12-QĐ/TU, 8 chi bộ được chuyển giao về Đảng bộ xã.',
     [(8, 'chi bộ', 'exact', 'transferred')]),
    ('Điều 8 quy định chi bộ có từ 30 đảng viên trở lên thì thành lập tổ đảng.',
     [(30, 'đảng viên', 'at_least', None)]),
    ('Ban Chấp hành Đảng bộ huyện khóa XXI gồm 45 ủy viên, Ban Thường vụ 13 đồng chí.',
     [(45, 'ủy viên', 'exact', None), (13, 'đồng chí', 'exact', None)]),
    ('Đảng bộ thành phố hiện có 78 tổ chức cơ sở đảng (43 đảng bộ cơ sở, 35 chi bộ cơ sở), 496 chi bộ trực thuộc đảng ủy cơ sở, tổng số 14.275 đảng viên.',
     [(78, 'tổ chức cơ sở đảng', 'exact', None), (43, 'đảng bộ cơ sở', 'exact', None), (35, 'chi bộ cơ sở', 'exact', None), (496, 'chi bộ', 'exact', None), (14275, 'đảng viên', 'exact', None)]),
    ('Trong nhiệm kỳ, toàn tỉnh đã luân chuyển 126 cán bộ, điều động 48 cấp ủy viên.',
     [(48, 'cấp ủy viên', 'exact', 'transferred')]),
    ('Số đảng viên được miễn sinh hoạt đảng là 312 đồng chí.',
     [(312, 'đồng chí', 'exact', None)]),
    ('Gần 300 đảng viên tham gia lớp học tập nghị quyết.',
     []),
    ('Toàn huyện có xấp xỉ 7.000 đảng viên, trong đó đảng viên dự bị chiếm 5,2%.',
     [(7000, 'đảng viên', 'about', None)]),
    ('Tính đến ngày 30/6/2024, Đảng bộ có 3.456 đảng viên, trong đó có 215 đảng viên dự bị.',
     [(3456, 'đảng viên', 'exact', None), (215, 'đảng viên dự bị', 'exact', None)]),
    ('Năm 2022 kết nạp 89 đảng viên; năm 2023 kết nạp 102 đảng viên; năm 2024 kết nạp 117 đảng viên.',
     [(89, 'đảng viên', 'exact', 'admitted'), (102, 'đảng viên', 'exact', 'admitted'), (117, 'đảng viên', 'exact', 'admitted')]),
    ('Mỗi chi bộ có không quá 3 tổ đảng và ít nhất 3 đảng viên chính thức.',
     [(3, 'tổ đảng', 'up_to', None), (3, 'đảng viên chính thức', 'at_least', None)]),
    ('Chi bộ có dưới 9 đảng viên chính thức thì không bầu chi ủy.',
     [(9, 'đảng viên chính thức', 'less_than', None)]),
    ('Hai mươi mốt đảng viên đã được trao Huy hiệu 50 năm tuổi Đảng.',
     [(21, 'đảng viên', 'exact', None)]),
    ('Huyện ủy đã trao Huy hiệu Đảng đợt 3/2 cho 156 đảng viên.',
     [(156, 'đảng viên', 'exact', None)]),
    ('Đảng bộ Công an tỉnh hiện có 42 chi bộ trực thuộc với 1.850 đảng viên.',
     [(42, 'chi bộ', 'exact', None), (1850, 'đảng viên', 'exact', None)]),
    ('Đồng chí Nguyễn Văn A, 45 tuổi, có 20 năm tuổi Đảng.',
     []),
    ('Đường dây nóng: 0239 3855 123 của Ủy ban Kiểm tra.',
     []),
    ('Tại 12 xã sáp nhập, các cấp ủy đã hợp nhất 24 chi bộ thôn thành 12 chi bộ.',
     [(24, 'chi bộ', 'exact', 'merged'), (12, 'chi bộ', 'exact', None)]),
    ('Đến nay, 100% thôn, tổ dân phố có chi bộ; 45 chi bộ có trên 50 đảng viên.',
     [(45, 'chi bộ', 'exact', None), (50, 'đảng viên', 'more_than', None)]),
    ('Nhiệm kỳ 2020-2025, Đảng bộ kết nạp 2.504 đảng viên mới, vượt 12% chỉ tiêu.',
     [(2504, 'đảng viên mới', 'exact', 'admitted')]),
    ('Kiểm tra 156 tổ chức đảng và 423 đảng viên, phát hiện 12 đảng viên có vi phạm.',
     [(156, 'tổ chức đảng', 'exact', None), (423, 'đảng viên', 'exact', None), (12, 'đảng viên', 'exact', None)]),
    ('Ủy ban Kiểm tra Huyện ủy đã đề nghị kỷ luật 3 đảng viên bằng hình thức cảnh cáo.',
     [(3, 'đảng viên', 'exact', 'warned')]),
    ('Đã có 4 tổ chức đảng bị thi hành kỷ luật.',
     [(4, 'tổ chức đảng', 'exact', 'disciplined')]),
    ('Tỉnh ủy quyết định chuẩn y 35 ủy viên Ban Chấp hành Đảng bộ huyện.',
     [(35, 'ủy viên ban chấp hành', 'exact', None)]),
    ('Chưa đến 20 đảng viên được xét kết nạp trong quý I.',
     [(20, 'đảng viên', 'less_than', 'admitted')]),
    ('Đảng bộ có khoảng 1.200 đảng viên là người dân tộc thiểu số.',
     [(1200, 'đảng viên', 'about', None)]),
    ('Năm qua có 5 cấp ủy viên bị kỷ luật, 2 tổ chức đảng bị khiển trách.',
     [(5, 'cấp ủy viên', 'exact', 'disciplined'), (2, 'tổ chức đảng', 'exact', 'reprimanded')]),
    ('Sau sắp xếp, tỉnh còn 96 xã, giảm 41 xã; Đảng bộ tỉnh còn 612 tổ chức cơ sở đảng.',
     [(612, 'tổ chức cơ sở đảng', 'exact', None)]),
    ('Trong 5 năm, đã kết nạp 10.234 đảng viên, bình quân mỗi năm kết nạp trên 2.000 đảng viên.',
     [(10234, 'đảng viên', 'exact', 'admitted'), (2000, 'đảng viên', 'more_than', 'admitted')]),
    ('Năm 2023, Ủy ban Kiểm tra Tỉnh ủy đã kiểm tra 25 tổ chức đảng và 38 đảng viên khi có dấu hiệu vi phạm, thi hành kỷ luật 2 tổ chức đảng và 46 đảng viên.',
     [(25, 'tổ chức đảng', 'exact', None), (38, 'đảng viên', 'exact', None), (2, 'tổ chức đảng', 'exact', 'disciplined'), (46, 'đảng viên', 'exact', 'disciplined')]),
    ('Toàn Đảng bộ có 1.135 đảng viên được tặng Huy hiệu Đảng các loại.',
     [(1135, 'đảng viên', 'exact', None)]),
    ('Đảng bộ Quân sự tỉnh có 17 TCCS đảng với gần 900 đảng viên.',
     [(17, 'tổ chức cơ sở đảng', 'exact', None), (900, 'đảng viên', 'about', None)]),
    ('Sau hợp nhất, Đảng bộ xã mới có 32 chi bộ trực thuộc, 1.206 đảng viên.',
     [(32, 'chi bộ', 'exact', None), (1206, 'đảng viên', 'exact', None)]),
    ('Đảng bộ khối Doanh nghiệp tỉnh hiện có 96 tổ chức cơ sở đảng, trong đó 34 đảng bộ cơ sở, 62 chi bộ cơ sở.',
     [(96, 'tổ chức cơ sở đảng', 'exact', None), (34, 'đảng bộ cơ sở', 'exact', None), (62, 'chi bộ cơ sở', 'exact', None)]),
    ('Toàn tỉnh đã kết nạp 3.215 đảng viên, trong đó đảng viên là người dân tộc thiểu số chiếm 62%.',
     [(3215, 'đảng viên', 'exact', 'admitted')]),
    ('Có 9 chi bộ có từ 100 đảng viên trở lên.',
     [(9, 'chi bộ', 'exact', None), (100, 'đảng viên', 'at_least', None)]),
    ('Tổng số đảng viên toàn Đảng bộ là 8.452 đồng chí.',
     [(8452, 'đồng chí', 'exact', None)]),
    ('Các chi bộ đã giới thiệu 215 quần chúng ưu tú cho Đảng xem xét, kết nạp.',
     []),
    ('Cấp ủy các cấp đã xem xét, kết nạp 187 quần chúng ưu tú vào Đảng.',
     [(187, 'quần chúng', 'exact', 'admitted')]),
    ('Tỉnh ủy đã ban hành 45 nghị quyết, 120 chỉ thị, kết luận.',
     []),
    ('Công trình có tổng vốn đầu tư 150 tỷ đồng, khởi công năm 2021, sau 18 tháng hoàn thành.',
     []),
    ('Huyện có 15 xã, thị trấn với 98 thôn, bản; tổng dân số hơn 120.000 người.',
     []),
    ('Đảng ủy xã đã tổ chức 05 lớp bồi dưỡng lý luận chính trị cho 320 học viên.',
     []),
    ('Đồng chí Trần Văn B, sinh năm 1972, có 25 năm tuổi Đảng, được bầu giữ chức Bí thư.',
     []),
    ('Năm năm qua, Đảng bộ đã kết nạp năm trăm đảng viên.',
     [(500, 'đảng viên', 'exact', 'admitted')]),
    ('Đảng bộ kết nạp 45 đảng viên, trong đó 12 đảng viên là đoàn viên thanh niên.',
     [(45, 'đảng viên', 'exact', 'admitted'), (12, 'đảng viên', 'exact', 'admitted')]),
    ('Có 03 tổ chức cơ sở đảng và 15 đảng viên được khen thưởng vì có thành tích xuất sắc.',
     [(3, 'tổ chức cơ sở đảng', 'exact', None), (15, 'đảng viên', 'exact', None)]),
    ('Đã giải thể 7 chi bộ, sáp nhập 12 chi bộ và chuyển 4 chi bộ về trực thuộc Đảng ủy xã.',
     [(7, 'chi bộ', 'exact', 'dissolved'), (12, 'chi bộ', 'exact', 'merged'), (4, 'chi bộ', 'exact', 'transferred')]),
    ('Toàn huyện có 856 đảng viên được miễn công tác và sinh hoạt đảng.',
     [(856, 'đảng viên', 'exact', None)]),
    ('Đảng bộ xã có 21 chi bộ, trong đó có 15 chi bộ nông thôn, 4 chi bộ trường học, 2 chi bộ quân sự, công an.',
     [(21, 'chi bộ', 'exact', None), (15, 'chi bộ', 'exact', None), (4, 'chi bộ', 'exact', None), (2, 'chi bộ', 'exact', None)]),
    ('Trong năm, xóa tên 6 đảng viên, khai trừ 2 đảng viên.',
     [(6, 'đảng viên', 'exact', 'removed'), (2, 'đảng viên', 'exact', 'expelled')]),
    ('Thực hiện Nghị quyết 18, tỉnh đã giảm 124 tổ chức cơ sở đảng và 356 chi bộ trực thuộc.',
     [(124, 'tổ chức cơ sở đảng', 'exact', None), (356, 'chi bộ', 'exact', None)]),
    ('Ban Chấp hành Đảng bộ tỉnh khóa XVII gồm 53 đồng chí.',
     [(53, 'đồng chí', 'exact', None)]),
    ('Chi bộ thôn 3 có 42 đảng viên.',
     [(42, 'đảng viên', 'exact', None)]),
    ('Kết quả có 96,5% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên.',
     []),
    ('Toàn tỉnh có khoảng 2.400 đảng viên đang làm việc ở nước ngoài, chưa đầy 300 đảng viên ở doanh nghiệp tư nhân.',
     [(2400, 'đảng viên', 'about', None), (300, 'đảng viên', 'less_than', None)]),
    ('Trong 5 năm qua, các cấp đã thi hành kỷ luật 135 đảng viên (khiển trách 78, cảnh cáo 39, cách chức 6, khai trừ 12).',
     [(135, 'đảng viên', 'exact', 'disciplined'), (78, 'đảng viên', 'exact', 'reprimanded'), (39, 'đảng viên', 'exact', 'warned'), (6, 'đảng viên', 'exact', 'disciplined'), (12, 'đảng viên', 'exact', 'expelled')]),
    ('Đến nay, toàn Đảng bộ có 2 đảng bộ trực thuộc, 45 chi bộ với tổng số 1.024 đảng viên.',
     [(2, 'đảng bộ', 'exact', None), (45, 'chi bộ', 'exact', None), (1024, 'đảng viên', 'exact', None)]),
    ('Huyện ủy đã chỉ đạo thành lập 04 chi bộ doanh nghiệp với 28 đảng viên.',
     [(4, 'chi bộ', 'exact', 'established'), (28, 'đảng viên', 'exact', None)]),
    ('Chi bộ có 15 đảng viên, trong đó 2 đảng viên dự bị, 13 đảng viên chính thức.',
     [(15, 'đảng viên', 'exact', None), (2, 'đảng viên dự bị', 'exact', None), (13, 'đảng viên chính thức', 'exact', None)]),
    ('Số đảng viên mới kết nạp năm 2024 là 98 đồng chí, tăng 12 đồng chí so với năm 2023.',
     [(98, 'đồng chí', 'exact', 'admitted')]),
    ('Liên hệ: 0912 345 678 hoặc email ubkt@tinhuy.vn.',
     []),
    ('Sau 3 năm triển khai, 100% chi bộ đã có sổ tay điện tử với 5.600 tài khoản.',
     []),
    ('Đảng bộ Khối các cơ quan tỉnh tiếp nhận 2 đảng bộ cơ sở, 5 chi bộ cơ sở từ Đảng bộ Khối Doanh nghiệp chuyển sang.',
     [(2, 'đảng bộ cơ sở', 'exact', 'received'), (5, 'chi bộ cơ sở', 'exact', 'received')]),
    ('Gần như tất cả 45 chi bộ đều tổ chức sinh hoạt chuyên đề.',
     [(45, 'chi bộ', 'exact', None)]),
    ('Hơn 1.000 cán bộ, đảng viên và nhân dân dự lễ khánh thành.',
     []),
    ('Từ năm 2020 đến nay, Đảng bộ đã kết nạp 215 đảng viên, có 18 chi bộ đạt trong sạch vững mạnh 5 năm liền.',
     [(215, 'đảng viên', 'exact', 'admitted'), (18, 'chi bộ', 'exact', None)]),
    ('Đảng bộ huyện có 4.512 đảng viên, sinh hoạt ở 56 TCCSĐ.',
     [(4512, 'đảng viên', 'exact', None), (56, 'tổ chức cơ sở đảng', 'exact', None)]),
    ('Qua 10 năm thực hiện, toàn tỉnh đã thành lập được 45 chi bộ và 12 đảng bộ trong doanh nghiệp ngoài khu vực nhà nước.',
     [(45, 'chi bộ', 'exact', 'established'), (12, 'đảng bộ', 'exact', 'established')]),
    ('Ngày 15/3, Đảng ủy xã tổ chức lễ kết nạp 02 đảng viên mới.',
     [(2, 'đảng viên mới', 'exact', 'admitted')]),
    ('Có 27 đảng viên được xét công nhận đảng viên chính thức.',
     [(27, 'đảng viên', 'exact', None)]),
    ('Tổng số đảng viên được kết nạp trong nhiệm kỳ là 1.250 đồng chí.',
     [(1250, 'đồng chí', 'exact', 'admitted')]),
    ('Số đảng viên kết nạp trong năm là 320.',
     [(320, 'đảng viên', 'exact', 'admitted')]),
    ('Các đảng bộ trực thuộc đã khiển trách 5, cảnh cáo 3 đảng viên.',
     [(5, 'đảng viên', 'exact', 'reprimanded'), (3, 'đảng viên', 'exact', 'warned')]),
    ('Trong quý III, Ủy ban Kiểm tra Thành ủy kỷ luật bằng hình thức khai trừ 2 đảng viên.',
     [(2, 'đảng viên', 'exact', 'expelled')]),
    ('Đảng bộ có 1.024 đảng viên; 100% chi bộ được xếp loại hoàn thành nhiệm vụ trở lên.',
     [(1024, 'đảng viên', 'exact', None)]),
    ('Huyện ủy đã điều động, luân chuyển 32 cán bộ, trong đó có 12 cấp ủy viên.',
     [(12, 'cấp ủy viên', 'exact', 'rotated')]),
    ('Toàn Đảng bộ có 12.345 đảng viên, tăng 234 đảng viên so với đầu nhiệm kỳ.',
     [(12345, 'đảng viên', 'exact', None), (234, 'đảng viên', 'exact', None)]),
    ('Đảng bộ Bệnh viện tỉnh hiện có 9 chi bộ trực thuộc và 215 đảng viên.',
     [(9, 'chi bộ', 'exact', None), (215, 'đảng viên', 'exact', None)]),
    ('Năm 2024, toàn tỉnh có 36.120 đảng viên, trong đó đảng viên nữ 14.232 đồng chí.',
     [(36120, 'đảng viên', 'exact', None), (14232, 'đồng chí', 'exact', None)]),
    ('Với 1.520 đảng viên, Đảng bộ xã là đảng bộ lớn nhất huyện.',
     [(1520, 'đảng viên', 'exact', None)]),
    ('Ủy ban Kiểm tra Đảng ủy Khối đã thi hành kỷ luật cảnh cáo 1 tổ chức đảng.',
     [(1, 'tổ chức đảng', 'exact', 'warned')]),
    ('Tổng cộng có 24 chi bộ và 410 đảng viên được kiểm tra.',
     [(24, 'chi bộ', 'exact', None), (410, 'đảng viên', 'exact', None)]),
    ('Đợt này, Huyện ủy trao quyết định kết nạp cho 35 quần chúng ưu tú.',
     [(35, 'quần chúng', 'exact', 'admitted')]),
    ('Có 3 đảng viên xin ra khỏi Đảng.',
     [(3, 'đảng viên', 'exact', None)]),
    ('Tổ chức 12 hội nghị với sự tham dự của 2.300 đảng viên.',
     []),
    ('Đảng bộ phường có 28 chi bộ, 1.100 đảng viên; trong năm kết nạp 15 đảng viên, chuyển đi 23 đảng viên.',
     [(28, 'chi bộ', 'exact', None), (1100, 'đảng viên', 'exact', None), (15, 'đảng viên', 'exact', 'admitted'), (23, 'đảng viên', 'exact', 'transferred')]),
    ('Cả nước hiện có hơn 5,6 triệu đảng viên sinh hoạt tại trên 52.000 tổ chức cơ sở đảng.',
     [(5600000, 'đảng viên', 'more_than', None), (52000, 'tổ chức cơ sở đảng', 'more_than', None)]),
    ('Tỉnh có 8 đảng bộ trực thuộc Tỉnh ủy.',
     [(8, 'đảng bộ', 'exact', None)]),
    ('Sau Đại hội, 100% cấp ủy cơ sở có từ 15 đến 20% cấp ủy viên là nữ.',
     []),
    ('Thực hiện chủ trương sắp xếp, giải thể 02 đảng bộ huyện, thành lập 01 đảng bộ mới.',
     [(2, 'đảng bộ', 'exact', 'dissolved'), (1, 'đảng bộ', 'exact', 'established')]),
    ('Đến tháng 10/2024, có 684 TCCSĐ với 29.617 đảng viên.',
     [(684, 'tổ chức cơ sở đảng', 'exact', None), (29617, 'đảng viên', 'exact', None)]),
    ('Năm 2023 toàn tỉnh xử lý kỷ luật 96 trường hợp vi phạm.',
     [(96, 'trường hợp', 'exact', 'disciplined')]),
    ('Ủy ban Kiểm tra Tỉnh ủy đã đề nghị Ban Thường vụ khai trừ ra khỏi Đảng 03 đảng viên.',
     [(3, 'đảng viên', 'exact', 'expelled')]),
    ('Hàng trăm đảng viên đã tham gia đóng góp ý kiến.',
     []),
    ('Có 2 chi bộ cơ sở đã được nâng cấp thành đảng bộ cơ sở.',
     [(2, 'chi bộ cơ sở', 'exact', None)]),
    ('Tổng số tổ chức cơ sở đảng toàn tỉnh là 512; số đảng viên là 45.234.',
     [(512, 'tổ chức cơ sở đảng', 'exact', None), (45234, 'đảng viên', 'exact', None)]),
    ('Toàn tỉnh hiện có 580 tổ chức cơ sở đảng, 47.500 đảng viên, 2.914 chi bộ trực thuộc.',
     [(580, 'tổ chức cơ sở đảng', 'exact', None), (47500, 'đảng viên', 'exact', None), (2914, 'chi bộ', 'exact', None)]),
    ('Số đảng viên bị kỷ luật bằng hình thức khai trừ là 15 đồng chí.',
     [(15, 'đồng chí', 'exact', 'expelled')]),
    ('Đảng bộ tỉnh có 19 đảng bộ trực thuộc, gồm 11 đảng bộ huyện, thị xã, thành phố và 8 đảng bộ khối, lực lượng vũ trang.',
     [(19, 'đảng bộ', 'exact', None), (11, 'đảng bộ', 'exact', None), (8, 'đảng bộ', 'exact', None)]),
    ('Năm 2025, tỉnh giảm từ 152 xuống còn 62 xã, phường.',
     []),
    ('Hội nghị có khoảng 500 đại biểu là bí thư chi bộ dự.',
     []),
    ('Đảng bộ xã có 620 đảng viên, 15 đảng viên bị kỷ luật trong nhiệm kỳ.',
     [(620, 'đảng viên', 'exact', None), (15, 'đảng viên', 'exact', 'disciplined')]),
    ('Ủy ban Kiểm tra Huyện ủy đã thi hành kỷ luật khai trừ ra khỏi Đảng đối với 2 đảng viên.',
     [(2, 'đảng viên', 'exact', 'expelled')]),
    ('Thi hành kỷ luật đối với 6 tổ chức đảng và 125 đảng viên.',
     [(6, 'tổ chức đảng', 'exact', 'disciplined'), (125, 'đảng viên', 'exact', 'disciplined')]),
    ('Năm 2023, đã có 3 tổ chức đảng và 27 đảng viên bị thi hành kỷ luật.',
     [(3, 'tổ chức đảng', 'exact', 'disciplined'), (27, 'đảng viên', 'exact', 'disciplined')]),
    ('Chi bộ đã tổ chức lễ kết nạp đảng viên cho 3 quần chúng ưu tú.',
     [(3, 'quần chúng', 'exact', 'admitted')]),
    ('Đảng bộ tỉnh có 22 đảng bộ trực thuộc với 858 tổ chức cơ sở đảng và trên 62.000 đảng viên.',
     [(22, 'đảng bộ', 'exact', None), (858, 'tổ chức cơ sở đảng', 'exact', None), (62000, 'đảng viên', 'more_than', None)]),
    ('Trong năm có 215 đảng viên từ trần, 48 đảng viên chuyển sinh hoạt đến.',
     [(215, 'đảng viên', 'exact', None), (48, 'đảng viên', 'exact', 'received')]),
    ('Giá trị sản xuất đạt 2.345 tỷ đồng; thu ngân sách 512 tỷ đồng.',
     []),
    ('Đảng ủy xã giới thiệu 12 đảng viên tham gia Ban Chấp hành Hội Nông dân.',
     []),
    ('Hơn 10.000 lượt cán bộ, đảng viên đã được bồi dưỡng.',
     []),
    ('Đã có 1.500 lượt đảng viên đăng ký học tập.',
     []),
    ('Đảng bộ huyện đã cho ra khỏi Đảng 12 đảng viên, xóa tên 8 đảng viên vì bỏ sinh hoạt.',
     [(12, 'đảng viên', 'exact', 'removed'), (8, 'đảng viên', 'exact', 'removed')]),
    ('Nhiệm kỳ qua, Đảng bộ tỉnh kết nạp được trên 17.000 đảng viên, đạt 108% chỉ tiêu Nghị quyết.',
     [(17000, 'đảng viên', 'more_than', 'admitted')]),
    ('Sau sắp xếp, Đảng bộ Khối có 45 tổ chức cơ sở đảng (giảm 12 so với trước).',
     [(45, 'tổ chức cơ sở đảng', 'exact', None)]),
    ('Mỗi chi bộ thôn có ít nhất 5 đảng viên.',
     [(5, 'đảng viên', 'at_least', None)]),
    ('Ngày 3/2/1930, Đảng Cộng sản Việt Nam ra đời.',
     []),
    ('Tính đến 31/12/2023, Đảng bộ tỉnh có 1.042 chi bộ trực thuộc đảng ủy cơ sở; 6 đảng bộ bộ phận.',
     [(1042, 'chi bộ', 'exact', None), (6, 'đảng bộ bộ phận', 'exact', None)]),
    ('Trong đợt 2 năm 2024, Ban Thường vụ Tỉnh ủy đã xem xét, thi hành kỷ luật 3 tổ chức đảng và 11 đảng viên.',
     [(3, 'tổ chức đảng', 'exact', 'disciplined'), (11, 'đảng viên', 'exact', 'disciplined')]),
    ('Hai chi bộ được sáp nhập với nhau.',
     [(2, 'chi bộ', 'exact', 'merged')]),
    ('Có 156 cán bộ, đảng viên được luân chuyển, điều động.',
     [(156, 'cán bộ, đảng viên', 'exact', 'rotated')]),
    ('Đảng bộ có 100% chi bộ thôn có bí thư chi bộ đồng thời là trưởng thôn.',
     []),
    ('Đến nay có 1.234 đảng viên là người Công giáo, tăng 56 đồng chí.',
     [(1234, 'đảng viên', 'exact', None)]),
    ('Đảng bộ Quân sự tỉnh với 45 chi bộ, hơn 1.200 đảng viên, luôn được đánh giá hoàn thành tốt nhiệm vụ.',
     [(45, 'chi bộ', 'exact', None), (1200, 'đảng viên', 'more_than', None)]),
    ('Kết nạp Đảng cho 4 học sinh, sinh viên ưu tú.',
     []),
    ('Trong số 1.250 đảng viên mới, có 62% là đoàn viên.',
     [(1250, 'đảng viên mới', 'exact', 'admitted')]),
    ('Đảng ủy Công an tỉnh đã tiếp nhận 135 đảng viên công an xã chuyển đến.',
     [(135, 'đảng viên', 'exact', 'received')]),
    ('Tổ chức Đại hội điểm ở 3 chi bộ trực thuộc.',
     [(3, 'chi bộ', 'exact', None)]),
    ('Đảng bộ có không dưới 40 chi bộ.',
     [(40, 'chi bộ', 'at_least', None)]),
    ('Toàn huyện có trên dưới 3.000 đảng viên.',
     [(3000, 'đảng viên', 'about', None)]),
    ('Mỗi năm kết nạp tối thiểu 150 đảng viên.',
     [(150, 'đảng viên', 'at_least', 'admitted')]),
    ('Có từ 5 chi bộ trở lên.',
     [(5, 'chi bộ', 'at_least', None)]),
    ('Số lượng tổ chức cơ sở đảng là khoảng 120.',
     [(120, 'tổ chức cơ sở đảng', 'about', None)]),
    ('Trong 3 ngày, có 2 chi bộ tổ chức đại hội.',
     [(2, 'chi bộ', 'exact', None)]),
    ('Ba mươi hai chi bộ trực thuộc đã tổ chức đại hội xong.',
     [(32, 'chi bộ', 'exact', None)]),
    ('Huyện ủy khóa 12 có 41 ủy viên.',
     [(41, 'ủy viên', 'exact', None)]),
    ('Đề án giảm 15% đầu mối, tương đương 32 tổ chức đảng.',
     [(32, 'tổ chức đảng', 'exact', None)]),
    ('Tổng số đảng viên là hơn 2.000, trong đó nữ chiếm 40%.',
     [(2000, 'đảng viên', 'more_than', None)]),
])
def test_report_passages(text, expected):
    found = counts(clean_document_text(text))
    assert [(c.value, c.unit, c.qualifier, c.event) for c in found] == expected


@pytest.mark.parametrize("text, subjects", [
    ("Thực hiện sắp xếp, Thành ủy đã hợp nhất 14 tổ chức cơ sở đảng, giải thể 3 chi bộ và thành lập mới 5 đảng bộ cơ sở.",
     ["Thành ủy"] * 3),
    ("Sau hợp nhất, Đảng bộ xã mới có 32 chi bộ trực thuộc, 1.206 đảng viên.", ["Đảng bộ xã"] * 2),
    ("Chi bộ thôn 3 có 42 đảng viên.", ["Chi bộ thôn 3"]),
    ("Đảng bộ tỉnh có 22 đảng bộ trực thuộc với 858 tổ chức cơ sở đảng và trên 62.000 đảng viên.",
     ["Đảng bộ tỉnh"] * 3),
    ("Đảng bộ huyện Đức Thọ hiện có 52 tổ chức cơ sở đảng, gồm 28 đảng bộ cơ sở và 24 chi bộ cơ sở, với 9.815 đảng viên.",
     ["Đảng bộ huyện Đức Thọ"] * 4),
    ("Theo Quyết định số 12-QĐ/TU, 8 chi bộ được chuyển giao về Đảng bộ xã.", [None]),
])
def test_report_subjects(text, subjects):
    assert [c.subject for c in counts(text)] == subjects


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
