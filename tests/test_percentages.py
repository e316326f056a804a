"""Percentages: value, comparator, kind, subject and criterion on short sentences
in the style of Party-building reports."""
from __future__ import annotations

import unicodedata

import pytest

from pipeline.language import load as load_pipeline
from pipeline.normalize import clean_document_text


def percentages(text: str):
    doc = load_pipeline(entities="none")(clean_document_text(text))
    facts = doc._.percentages
    for f in facts:
        assert f.text == doc.text[f.start:f.end]
    return facts


def one(text: str):
    facts = percentages(text)
    assert len(facts) == 1, [f.text for f in facts]
    return facts[0]


@pytest.mark.parametrize("text, value", [
    ("Toàn Đảng bộ có 56,87% TCCSĐ đạt trong sạch vững mạnh.", 56.87),
    ("Tốc độ tăng trưởng kinh tế bình quân đạt 11,1%.", 11.1),
    ("Tỷ lệ đảng viên hoàn thành nhiệm vụ đạt 50%.", 50.0),
    ("Tỷ lệ hộ nghèo còn 4,7 %.", 4.7),
    ("Tỷ lệ tham gia đạt 98.5%.", 98.5),
    ("Đã có 100 phần trăm chi bộ tổ chức sinh hoạt chuyên đề.", 100.0),
    ("Có năm mươi phần trăm số chi bộ đạt trong sạch vững mạnh.", 50.0),
    ("Tỷ lệ bao phủ bảo hiểm y tế đạt 92,35%.", 92.35),
])
def test_value(text, value):
    assert one(text).value == value


def test_range_gives_one_percentage_per_number():
    facts = percentages("Phấn đấu hằng năm kết nạp đảng viên mới tăng từ 3% đến 5%.")
    assert [(f.value, f.comparator, f.kind) for f in facts] == [(3.0, "ge", "target"), (5.0, "le", "target")]


@pytest.mark.parametrize("text", [
    "Số đảng viên mới tăng từ 3 đến 5% mỗi năm.",
    "Số đảng viên mới tăng 3 - 5% mỗi năm.",
])
def test_range_low_end_without_sign(text):
    assert [f.value for f in percentages(text)] == [3.0, 5.0]


def test_from_level_to_level_is_not_a_range():
    # two levels, both reported (FACTS.md: "tăng từ 48,2% lên 73,2%" is two achieved levels)
    facts = percentages("Tỷ lệ chi bộ đạt trong sạch vững mạnh tăng từ 40% lên 60%.")
    assert [(f.value, f.kind, f.comparator) for f in facts] == [(40.0, "achieved", "eq"), (60.0, "achieved", "eq")]


def test_year_range_is_not_a_percentage_range():
    facts = percentages("Giai đoạn 2016 - 2020, vốn đầu tư tăng 18%.")
    assert [f.value for f in facts] == [18.0]


@pytest.mark.parametrize("text, comparator", [
    ("Toàn tỉnh có 56,87% TCCSĐ đạt trong sạch vững mạnh.", "eq"),
    ("Toàn tỉnh có khoảng 60% chi bộ đạt trong sạch vững mạnh.", "eq"),
    ("Toàn tỉnh có trên 60% chi bộ đạt trong sạch vững mạnh.", "gt"),
    ("Tỷ lệ đảng viên được đánh giá, xếp loại đạt hơn 90%.", "gt"),
    ("Tỷ lệ thu gom rác thải vượt 90%.", "gt"),
    ("Tỷ lệ tham gia bảo hiểm y tế năm nay vượt 1% kế hoạch.", "eq"),
    ("Kết nạp đảng viên mới hằng năm đạt từ 3% trở lên.", "ge"),
    ("Tỷ lệ chi bộ sinh hoạt định kỳ đạt ít nhất 90%.", "ge"),
    ("Tỷ lệ này không dưới 80% trong cả nhiệm kỳ.", "ge"),
    ("Tỷ lệ đảng viên xếp loại yếu không thấp hơn 2% là không đạt.", "ge"),
    ("Tỷ lệ hộ nghèo giảm xuống dưới 3%.", "lt"),
    ("Số chi bộ yếu kém chiếm chưa đến 1%.", "lt"),
    ("Số đảng viên được miễn sinh hoạt tối đa 5%.", "le"),
    ("Tỷ lệ cán bộ được luân chuyển không quá 10%.", "le"),
    ("Tỷ lệ đảng viên xếp loại yếu từ 2% trở xuống.", "le"),
])
def test_comparator(text, comparator):
    assert one(text).comparator == comparator


@pytest.mark.parametrize("text, kind", [
    # targets
    ("Phấn đấu đến cuối nhiệm kỳ có 80% TCCSĐ đạt trong sạch vững mạnh.", "target"),
    ("Mục tiêu hằng năm có trên 70% đảng viên hoàn thành tốt nhiệm vụ.", "target"),
    ("Chỉ tiêu đề ra là 90% chi bộ sinh hoạt định kỳ.", "target"),
    ("Nghị quyết đề ra 95% đảng viên được học tập, quán triệt nghị quyết.", "target"),
    ("Các cấp ủy bảo đảm 100% đảng viên được học tập, quán triệt.", "target"),
    ("Hằng năm, tỷ lệ kết nạp đảng viên phải đạt từ 3% trở lên.", "target"),
    # achieved
    ("Tốc độ tăng trưởng kinh tế bình quân đạt 11,1%.", "achieved"),
    ("Cả nhiệm kỳ kết nạp được 953 đảng viên, chiếm 5% so với đảng viên toàn đảng bộ.", "achieved"),
    ("Đến cuối năm 2015, toàn Đảng bộ có 56,87% TCCSĐ đạt trong sạch vững mạnh.", "achieved"),
    ("Năm 2020, số TCCSĐ hoàn thành tốt nhiệm vụ đạt tỷ lệ 95%.", "achieved"),
    ("Đã nhận xét, đánh giá cán bộ cho 100% cán bộ lãnh đạo, quản lý.", "achieved"),
    ("Tỷ lệ hộ nghèo giảm còn 2,5%.", "achieved"),
    ("Tỷ lệ che phủ rừng tăng lên 45%.", "achieved"),
    ("Các chỉ tiêu đều đạt và vượt kế hoạch; tốc độ tăng trưởng bình quân đạt 8,5%.", "achieved"),
    ("Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên đạt 97,67%, vượt chỉ tiêu đề ra.", "achieved"),
    # other: a change or a comparison
    ("Tổng vốn đầu tư đạt 238 nghìn tỷ đồng, tăng 18% so với giai đoạn 2011 - 2015.", "other"),
    ("Số vụ vi phạm giảm 12,5% so với cùng kỳ.", "other"),
    ("Thu ngân sách bằng 105% so với cùng kỳ năm trước.", "other"),
    ("Số đảng viên vi phạm thấp hơn 3% so với nhiệm kỳ trước.", "other"),
    ("Số đảng viên kết nạp mới vượt 2,5% so với chỉ tiêu.", "achieved"),   # the plan exceeded (GOLD.md)
    ("Số đảng viên kết nạp mới vượt 2,5% so với cùng kỳ.", "other"),
    ("Huyện đã hoàn thành 105% kế hoạch thu ngân sách.", "achieved"),
])
def test_kind(text, kind):
    assert one(text).kind == kind


def test_target_phrase_governs_whole_list():
    text = ("Với mục tiêu phấn đấu hằng năm có 50% TCCSĐ và trên 60% tổ chức đảng trực thuộc "
            "đảng ủy cơ sở đạt trong sạch vững mạnh (trong đó có trên 15% TCCSĐ đạt trong sạch, "
            "vững mạnh tiêu biểu); trên 70% đảng viên hoàn thành tốt nhiệm vụ, Ban Thường vụ "
            "Tỉnh ủy chỉ đạo các cấp ủy tập trung thực hiện.")
    facts = percentages(text)
    assert [(f.value, f.kind, f.comparator) for f in facts] == [
        (50.0, "target", "eq"), (60.0, "target", "gt"), (15.0, "target", "gt"), (70.0, "target", "gt")]


def test_results_list_is_all_achieved():
    text = ("Theo kết quả đánh giá chất lượng, toàn Đảng bộ có 56,87% TCCSĐ đạt trong sạch vững "
            "mạnh (22,88% đạt trong sạch vững mạnh tiêu biểu), 36,11% hoàn thành tốt nhiệm vụ, "
            "5,85% hoàn thành nhiệm vụ; 53,54% chi bộ trực thuộc đảng bộ cơ sở đạt trong sạch vững mạnh.")
    facts = percentages(text)
    assert [f.value for f in facts] == [56.87, 22.88, 36.11, 5.85, 53.54]
    assert {f.kind for f in facts} == {"achieved"}
    assert [f.criterion for f in facts] == [
        "đạt trong sạch vững mạnh", "đạt trong sạch vững mạnh tiêu biểu", "hoàn thành tốt nhiệm vụ",
        "hoàn thành nhiệm vụ", "đạt trong sạch vững mạnh"]
    # items that name no subject share the first item's
    assert [f.subject for f in facts] == ["tổ chức cơ sở đảng"] * 4 + ["chi bộ trực thuộc đảng bộ cơ sở"]


def test_result_after_target_in_next_sentence():
    facts = percentages("Nghị quyết đặt mục tiêu có 60% TCCSĐ đạt trong sạch vững mạnh. "
                        "Năm 2019, toàn tỉnh có 58% TCCSĐ đạt trong sạch vững mạnh.")
    assert [(f.value, f.kind) for f in facts] == [(60.0, "target"), (58.0, "achieved")]


def test_result_phrase_closes_target_scope():
    facts = percentages("Nghị quyết đề ra mục tiêu có 80% chi bộ đạt trong sạch vững mạnh; "
                        "sau 5 năm thực hiện, tỷ lệ này đạt 85%.")
    assert [(f.value, f.kind) for f in facts] == [(80.0, "target"), (85.0, "achieved")]


def test_target_stated_after_a_result_is_a_target():
    facts = percentages("Năm 2022 có 89% TCCSĐ hoàn thành tốt nhiệm vụ, vượt chỉ tiêu Nghị quyết đề ra là 85%.")
    assert [(f.value, f.kind) for f in facts] == [(89.0, "achieved"), (85.0, "target")]


@pytest.mark.parametrize("text, kinds", [
    # "đề ra" after "vượt chỉ tiêu" names the target met: it does not reach the next clause
    ("Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt 97,67%, vượt chỉ tiêu đề ra; tỷ lệ kết nạp đạt 3,5%.",
     ["achieved", "achieved"]),
    # counted targets with a result verb report results
    ("Nghị quyết đề ra 17 chỉ tiêu, có 15 chỉ tiêu đạt và 2 chỉ tiêu không đạt, tỷ lệ đạt 88%.", ["achieved"]),
    # "bảo đảm" reaches only a number in its own clause
    ("Công tác tổ chức đại hội bảo đảm đúng tiến độ, 100% chi bộ tổ chức đại hội thành công.", ["achieved"]),
    ("Các cấp ủy bảo đảm 100% đảng viên được học tập, quán triệt.", ["target"]),
    ("Các cấp ủy đã bảo đảm 100% đảng viên được học tập, quán triệt.", ["achieved"]),
])
def test_target_cue_reach(text, kinds):
    assert [f.kind for f in percentages(text)] == kinds


def test_future_year_is_a_target_past_year_is_not():
    text = ("Ngày 02/08/2019\n\n"
            "Đến năm 2025, tỷ lệ đảng viên có trình độ đại học đạt 90%. "
            "Đến cuối năm 2018, tỷ lệ này đạt 75%.")
    assert [(f.value, f.kind) for f in percentages(text)] == [(90.0, "target"), (75.0, "achieved")]


def test_change_list_items_follow_first_item():
    facts = percentages("Thu ngân sách năm 2019 tăng 12% và năm 2020 là 15%.")
    assert [(f.value, f.kind) for f in facts] == [(12.0, "other"), (15.0, "achieved")]
    facts = percentages("Số vụ vi phạm giảm lần lượt 12%, 15% so với cùng kỳ.")
    assert [(f.value, f.kind) for f in facts] == [(12.0, "other"), (15.0, "other")]


@pytest.mark.parametrize("text, subject, criterion", [
    ("Toàn tỉnh có 56,87% TCCSĐ đạt trong sạch vững mạnh.", "tổ chức cơ sở đảng", "đạt trong sạch vững mạnh"),
    ("Có 53,54% chi bộ trực thuộc đảng bộ cơ sở đạt trong sạch vững mạnh.",
     "chi bộ trực thuộc đảng bộ cơ sở", "đạt trong sạch vững mạnh"),
    ("Phấn đấu trên 70% đảng viên hoàn thành tốt nhiệm vụ.", "đảng viên", "hoàn thành tốt nhiệm vụ"),
    ("Bình quân hằng năm số TCCSĐ hoàn thành tốt nhiệm vụ đạt 95%.", "tổ chức cơ sở đảng", "hoàn thành tốt nhiệm vụ"),
    ("Đảng viên hoàn thành tốt nhiệm vụ trở lên đạt 97,67%.", "đảng viên", "hoàn thành tốt nhiệm vụ trở lên"),
    ("Đã đánh giá cho 100% cán bộ lãnh đạo, quản lý diện Ban Thường vụ quản lý.", "cán bộ lãnh đạo, quản lý", None),
    ("Tốc độ tăng trưởng kinh tế bình quân đạt 11,1%.", None, None),
    ("Có 92,5% TCCSĐ được xếp loại hoàn thành tốt nhiệm vụ trở lên.",
     "tổ chức cơ sở đảng", "hoàn thành tốt nhiệm vụ trở lên"),
    ("Phấn đấu 100% xã đạt chuẩn nông thôn mới.", "xã", "đạt chuẩn nông thôn mới"),
    ("Tỷ lệ TCCSĐ được xếp loại hoàn thành tốt nhiệm vụ đạt 90%.", "tổ chức cơ sở đảng", "hoàn thành tốt nhiệm vụ"),
    ("Có trên 60% tổ chức đảng trực thuộc đảng uỷ cơ sở đạt trong sạch, vững mạnh.",
     "tổ chức đảng trực thuộc đảng ủy cơ sở", "đạt trong sạch vững mạnh"),
])
def test_subject_and_criterion(text, subject, criterion):
    fact = one(text)
    assert (fact.subject, fact.criterion) == (subject, criterion)


def test_coordinated_items_share_a_criterion_stated_once():
    facts = percentages("Mục tiêu có 50% TCCSĐ và trên 60% chi bộ đạt trong sạch vững mạnh.")
    assert [(f.subject, f.criterion) for f in facts] == [
        ("tổ chức cơ sở đảng", "đạt trong sạch vững mạnh"), ("chi bộ", "đạt trong sạch vững mạnh")]


@pytest.mark.parametrize("text, mention", [
    ("Tổng vốn đầu tư tăng 18% so với giai đoạn 2011 - 2015.", "tăng 18% so với giai đoạn 2011 - 2015"),
    ("Toàn Đảng bộ có 56,87% TCCSĐ đạt trong sạch vững mạnh.", "có 56,87% TCCSĐ đạt trong sạch vững mạnh"),
    ("Bình quân số TCCSĐ hoàn thành tốt nhiệm vụ đạt 95%.", "số TCCSĐ hoàn thành tốt nhiệm vụ đạt 95%"),
    ("Kết nạp mới đảng viên tăng từ 3% trở lên.", "tăng từ 3% trở lên"),
])
def test_mention_span(text, mention):
    assert one(text).text == mention


def test_old_tone_style_and_eth_letter():
    # "uỷ" (old tone placement) and "Ð" (U+00D0, typed for Đ) still match.
    fact = one("Có 56,87% TCCSÐ thuộc đảng uỷ cơ sở đạt trong sạch vững mạnh.")
    assert fact.subject == "tổ chức cơ sở đảng thuộc đảng ủy cơ sở"
    assert fact.criterion == "đạt trong sạch vững mạnh"


def test_nfd_input_offsets_index_nfc_text():
    text = "Mục tiêu phấn đấu hằng năm có 50% TCCSĐ đạt trong sạch vững mạnh; kết quả năm 2015 đạt 48,5%."
    doc = load_pipeline(entities="none")(clean_document_text(unicodedata.normalize("NFD", text)))
    assert doc.text == unicodedata.normalize("NFC", text)
    facts = doc._.percentages
    assert [(f.value, f.kind) for f in facts] == [(50.0, "target"), (48.5, "achieved")]
    for f in facts:
        assert f.text == doc.text[f.start:f.end]
        assert f.sentence is not None and f.text in f.sentence
    assert facts[0].subject == "tổ chức cơ sở đảng"


@pytest.mark.parametrize("text", [
    "Thành lập 5 đảng bộ trên cơ sở chi bộ có trên 30 đảng viên.",
    "Đường dẫn http://example.vn/tin%20tuc không phải tỷ lệ.",
    "Năm phần việc trọng tâm được triển khai.",
])
def test_no_percentage(text):
    assert percentages(text) == []


def test_heading_that_states_a_target_governs_its_bullet_list():
    text = ("Mục tiêu cụ thể đến năm 2025:\n"
            "- 100% chi bộ sinh hoạt định kỳ đúng quy định.\n"
            "- Trên 90% đảng viên hoàn thành tốt nhiệm vụ.\n"
            "Kết quả năm 2020:\n"
            "- 95% chi bộ sinh hoạt định kỳ.\n"
            "Năm 2020, 80% đảng viên hoàn thành tốt nhiệm vụ.\n")
    assert [(f.value, f.kind) for f in percentages(text)] == [
        (100.0, "target"), (90.0, "target"), (95.0, "achieved"), (80.0, "achieved")]


# Passages in the style of tỉnh ủy/huyện ủy portals, local papers and resolution
# reviews. Each item: (value, kind, comparator, subject, criterion); subject and
# criterion are None when the item does not state them (or states one outside
# the tables).
PASSAGES = [
    ('Phấn đấu đến năm 2025, có 100% thôn, tổ dân phố có chi bộ; trên 85% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên.',
     [(100.0, 'target', 'eq', 'thôn, tổ dân phố', None), (85.0, 'target', 'gt', 'tổ chức cơ sở đảng', 'hoàn thành tốt nhiệm vụ trở lên')]),
    ('Nghị quyết Đại hội đề ra chỉ tiêu hằng năm có từ 90% đảng viên trở lên hoàn thành tốt nhiệm vụ.',
     [(90.0, 'target', 'ge', 'đảng viên', 'hoàn thành tốt nhiệm vụ')]),
    ('Chỉ tiêu kết nạp đảng viên mới là 3%, kết quả đạt 3,6%.',
     [(3.0, 'target', 'eq', None, None), (3.6, 'achieved', 'eq', None, None)]),
    ('Chỉ tiêu 90%, đạt 92%.',
     [(90.0, 'target', 'eq', None, None), (92.0, 'achieved', 'eq', None, None)]),
    ('Năm 2023, tỷ lệ bao phủ bảo hiểm y tế đạt 93,2%, vượt 0,7% kế hoạch.',
     [(93.2, 'achieved', 'eq', None, None), (0.7, 'achieved', 'eq', None, None)]),
    ('Tỷ lệ hộ nghèo giảm còn 1,85%, giảm 1,2 điểm phần trăm so với năm 2022.',
     [(1.85, 'achieved', 'eq', None, None), (1.2, 'other', 'eq', None, None)]),
    ('Tỷ lệ lao động qua đào tạo tăng 2,5 điểm phần trăm so với đầu nhiệm kỳ.',
     [(2.5, 'other', 'eq', None, None)]),
    ('Kết quả đánh giá, xếp loại năm 2023: có 92,3% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên; 18,5% đảng viên hoàn thành xuất sắc nhiệm vụ.',
     [(92.3, 'achieved', 'eq', 'tổ chức cơ sở đảng', 'hoàn thành tốt nhiệm vụ trở lên'), (18.5, 'achieved', 'eq', 'đảng viên', 'hoàn thành xuất sắc nhiệm vụ')]),
    ('Đến nay, 100% xã đạt chuẩn nông thôn mới, 45% xã đạt chuẩn nông thôn mới nâng cao.',
     [(100.0, 'achieved', 'eq', 'xã', 'đạt chuẩn nông thôn mới'), (45.0, 'achieved', 'eq', 'xã', 'đạt chuẩn nông thôn mới nâng cao')]),
    ('Bảo đảm 100% cán bộ, đảng viên được học tập, quán triệt nghị quyết.',
     [(100.0, 'target', 'eq', 'cán bộ, đảng viên', 'được học tập, quán triệt')]),
    ('100% chi bộ được kiểm tra, giám sát theo kế hoạch.',
     [(100.0, 'achieved', 'eq', 'chi bộ', 'được kiểm tra, giám sát')]),
    ('Nghị quyết đề ra 90% chi bộ đạt trong sạch vững mạnh; đến nay đạt 93%.',
     [(90.0, 'target', 'eq', 'chi bộ', 'đạt trong sạch vững mạnh'), (93.0, 'achieved', 'eq', None, None)]),
    ('Mục tiêu đến năm 2030: tỷ lệ che phủ rừng đạt trên 52%; tỷ lệ đô thị hóa đạt 40%; tỷ lệ hộ nghèo giảm bình quân 1,5%/năm.',
     [(52.0, 'target', 'gt', None, None), (40.0, 'target', 'eq', None, None), (1.5, 'target', 'eq', None, None)]),
    ('Có 45/50 chi bộ, đạt 90%, tổ chức sinh hoạt chuyên đề hằng quý.',
     [(90.0, 'achieved', 'eq', None, None)]),
    ('Hội nghị có 2/3 số đại biểu tán thành.',
     []),
    ('Thực hiện Nghị định 100/2023/NĐ-CP, tỷ lệ giải ngân đạt 85%.',
     [(85.0, 'achieved', 'eq', None, None)]),
    ('Tỷ lệ giải ngân vốn đầu tư công đạt 95.5% kế hoạch.',
     [(95.5, 'achieved', 'eq', None, None)]),
    ('Kết quả, có 38/42 chỉ tiêu đạt và vượt, chiếm 90,5%.',
     [(90.5, 'achieved', 'eq', None, None)]),
    ('Phấn đấu hằng năm có ít nhất 70% chi bộ đạt trong sạch vững mạnh, không quá 2% tổ chức cơ sở đảng không hoàn thành nhiệm vụ.',
     [(70.0, 'target', 'ge', 'chi bộ', 'đạt trong sạch vững mạnh'), (2.0, 'target', 'le', 'tổ chức cơ sở đảng', 'không hoàn thành nhiệm vụ')]),
    ('Tỷ lệ đảng viên không hoàn thành nhiệm vụ dưới 1%.',
     [(1.0, 'achieved', 'lt', 'đảng viên', 'không hoàn thành nhiệm vụ')]),
    ('Thu ngân sách nhà nước trên địa bàn đạt 12.500 tỷ đồng, bằng 112% dự toán, tăng 15% so với cùng kỳ.',
     [(112.0, 'achieved', 'eq', None, None), (15.0, 'other', 'eq', None, None)]),
    ('Năm 2021, số chi bộ đạt trong sạch vững mạnh chiếm 78,6%, tăng 5,2% so với năm 2020.',
     [(78.6, 'achieved', 'eq', 'chi bộ', 'đạt trong sạch vững mạnh'), (5.2, 'other', 'eq', None, None)]),
    ('Qua 3 năm thực hiện Chỉ thị, 98% cán bộ, đảng viên đã đăng ký làm theo.',
     [(98.0, 'achieved', 'eq', 'cán bộ, đảng viên', None)]),
    ('Đến nay, tỷ lệ bí thư chi bộ đồng thời là trưởng thôn đạt 85,7%, vượt chỉ tiêu Nghị quyết đề ra.',
     [(85.7, 'achieved', 'eq', None, None)]),
    ('Chỉ tiêu đại hội đề ra là có 75% trở lên tổ chức cơ sở đảng đạt trong sạch vững mạnh, đến nay đã đạt 81%.',
     [(75.0, 'target', 'ge', 'tổ chức cơ sở đảng', 'đạt trong sạch vững mạnh'), (81.0, 'achieved', 'eq', None, None)]),
    ('Trong năm, các cấp ủy kiểm tra 156 tổ chức đảng và 432 đảng viên; qua kiểm tra, 95% tổ chức đảng và đảng viên được kiểm tra thực hiện tốt.',
     [(95.0, 'achieved', 'eq', 'tổ chức đảng', None)]),
    ('Tỷ lệ cán bộ, công chức cấp xã có trình độ đại học trở lên đạt 92%.',
     [(92.0, 'achieved', 'eq', None, 'có trình độ đại học trở lên')]),
    ('Số đảng viên mới kết nạp năm 2023 là 1.250 đồng chí, đạt 104% chỉ tiêu.',
     [(104.0, 'achieved', 'eq', None, None)]),
    ('Tỷ lệ thu gom, xử lý rác thải ở đô thị đạt 98%; ở nông thôn đạt 75%.',
     [(98.0, 'achieved', 'eq', None, None), (75.0, 'achieved', 'eq', None, None)]),
    ('Phấn đấu tỷ lệ phụ nữ tham gia cấp ủy đạt từ 15% trở lên, cán bộ trẻ dưới 40 tuổi từ 10% trở lên.',
     [(15.0, 'target', 'ge', None, None), (10.0, 'target', 'ge', None, None)]),
    ('Bình quân mỗi năm kết nạp 3,2% đảng viên mới so với tổng số đảng viên, vượt chỉ tiêu đề ra 3%.',
     [(3.2, 'achieved', 'eq', 'đảng viên mới', None), (3.0, 'target', 'eq', None, None)]),
    ('Năm 2023, có 94,5% tổ chức cơ sở đảng được xếp loại hoàn thành tốt nhiệm vụ trở lên, trong đó 21,3% hoàn thành xuất sắc nhiệm vụ; có 1,2% không hoàn thành nhiệm vụ.',
     [(94.5, 'achieved', 'eq', 'tổ chức cơ sở đảng', 'hoàn thành tốt nhiệm vụ trở lên'), (21.3, 'achieved', 'eq', 'tổ chức cơ sở đảng', 'hoàn thành xuất sắc nhiệm vụ'), (1.2, 'achieved', 'eq', 'tổ chức cơ sở đảng', 'không hoàn thành nhiệm vụ')]),
    ('Chỉ tiêu Nghị quyết đề ra đến năm 2025 có 70% số xã đạt chuẩn nông thôn mới; đến hết năm 2023 đã có 65,4% số xã đạt chuẩn.',
     [(70.0, 'target', 'eq', 'xã', 'đạt chuẩn nông thôn mới'), (65.4, 'achieved', 'eq', 'xã', 'đạt chuẩn')]),
    ('Phấn đấu hằng năm: trên 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ; trên 85% đảng viên hoàn thành tốt nhiệm vụ; kết nạp từ 4% đảng viên mới trở lên.',
     [(90.0, 'target', 'gt', 'tổ chức cơ sở đảng', 'hoàn thành tốt nhiệm vụ'), (85.0, 'target', 'gt', 'đảng viên', 'hoàn thành tốt nhiệm vụ'), (4.0, 'target', 'ge', 'đảng viên mới', None)]),
    ('Tỷ lệ đảng viên được đánh giá, xếp loại hoàn thành tốt nhiệm vụ trở lên đạt 91,8%, tăng 1,3% so với năm trước.',
     [(91.8, 'achieved', 'eq', 'đảng viên', 'hoàn thành tốt nhiệm vụ trở lên'), (1.3, 'other', 'eq', None, None)]),
    ('Kết quả kiểm điểm năm 2022, số đảng viên hoàn thành xuất sắc nhiệm vụ chiếm 16,4%; hoàn thành tốt nhiệm vụ chiếm 75,2%; hoàn thành nhiệm vụ chiếm 7,9%; không hoàn thành nhiệm vụ chiếm 0,5%.',
     [(16.4, 'achieved', 'eq', 'đảng viên', 'hoàn thành xuất sắc nhiệm vụ'), (75.2, 'achieved', 'eq', 'đảng viên', 'hoàn thành tốt nhiệm vụ'), (7.9, 'achieved', 'eq', 'đảng viên', 'hoàn thành nhiệm vụ'), (0.5, 'achieved', 'eq', 'đảng viên', 'không hoàn thành nhiệm vụ')]),
    ('Tỷ lệ tham gia bảo hiểm xã hội đạt 38% lực lượng lao động trong độ tuổi, vượt 3% so với mục tiêu.',
     [(38.0, 'achieved', 'eq', None, None), (3.0, 'achieved', 'eq', None, None)]),
    ('Nghị quyết số 21-NQ/TW đặt mục tiêu đến năm 2030 có 70% số doanh nghiệp có tổ chức công đoàn.',
     [(70.0, 'target', 'eq', 'doanh nghiệp', None)]),
    ('Qua 5 năm thực hiện, 100% cấp ủy các cấp đã ban hành chương trình hành động; 98,7% đảng viên được quán triệt.',
     [(100.0, 'achieved', 'eq', 'cấp ủy', None), (98.7, 'achieved', 'eq', 'đảng viên', 'được quán triệt')]),
    ('Huyện có 12/15 xã đạt chuẩn nông thôn mới (chiếm 80%), vượt mục tiêu Đại hội đề ra.',
     [(80.0, 'achieved', 'eq', None, None)]),
    ('Tỷ lệ bí thư chi bộ kiêm trưởng thôn, tổ dân phố đạt 94,2%, tăng 23,5% so với đầu nhiệm kỳ.',
     [(94.2, 'achieved', 'eq', None, None), (23.5, 'other', 'eq', None, None)]),
    ('Ít nhất 95% số hộ gia đình được sử dụng nước sạch.',
     [(95.0, 'achieved', 'ge', 'hộ gia đình', None)]),
    ('Bảo đảm tỷ lệ cán bộ nữ trong cấp ủy không dưới 15%.',
     [(15.0, 'target', 'ge', None, None)]),
    ('Tỷ lệ chi bộ sinh hoạt định kỳ đạt 100%, trong đó có 85% chi bộ sinh hoạt chuyên đề ít nhất 1 lần/quý.',
     [(100.0, 'achieved', 'eq', 'chi bộ', 'sinh hoạt định kỳ'), (85.0, 'achieved', 'eq', 'chi bộ', 'sinh hoạt chuyên đề')]),
    ('Toàn tỉnh hiện có 89,7% thôn, tổ dân phố có chi bộ độc lập; mục tiêu đến năm 2025 là 100%.',
     [(89.7, 'achieved', 'eq', 'thôn, tổ dân phố', None), (100.0, 'target', 'eq', None, None)]),
    ('Tỷ lệ người dân tham gia bảo hiểm y tế đạt 91,5% dân số, chưa đạt chỉ tiêu đề ra (93%).',
     [(91.5, 'achieved', 'eq', 'dân số', None), (93.0, 'target', 'eq', None, None)]),
    ('Đề ra mục tiêu 100% đảng viên sinh hoạt tại nơi cư trú được nhận xét, đánh giá hằng năm.',
     [(100.0, 'target', 'eq', 'đảng viên', None)]),
    ('Hằng năm, có từ 80 - 85% đảng viên hoàn thành tốt nhiệm vụ trở lên.',
     [(80.0, 'achieved', 'ge', 'đảng viên', 'hoàn thành tốt nhiệm vụ trở lên'), (85.0, 'achieved', 'le', 'đảng viên', 'hoàn thành tốt nhiệm vụ trở lên')]),
    ('Khoảng 2/3 số đảng viên trong chi bộ là nông dân.',
     []),
    ('- Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên: 92%.',
     [(92.0, 'achieved', 'eq', 'tổ chức cơ sở đảng', 'hoàn thành tốt nhiệm vụ trở lên')]),
    ('Phấn đấu hằng năm có trên 75% chi bộ đạt tiêu chuẩn "chi bộ bốn tốt".',
     [(75.0, 'target', 'gt', 'chi bộ', 'đạt tiêu chuẩn')]),
    ('Số cơ sở đảng đạt trong sạch vững mạnh hằng năm từ 85% trở lên, trong đó có 20% trở lên đạt trong sạch vững mạnh tiêu biểu.',
     [(85.0, 'achieved', 'ge', 'cơ sở đảng', 'đạt trong sạch vững mạnh'), (20.0, 'achieved', 'ge', 'cơ sở đảng', 'đạt trong sạch vững mạnh tiêu biểu')]),
    ('Thu ngân sách đạt 105% kế hoạch đề ra, tăng 12% so với cùng kỳ.',
     [(105.0, 'achieved', 'eq', None, None), (12.0, 'other', 'eq', None, None)]),
    ('Năm 2023, Đảng bộ huyện kết nạp được 215 đảng viên, đạt 107,5% kế hoạch đề ra; có 95,2% chi bộ đạt trong sạch vững mạnh.',
     [(107.5, 'achieved', 'eq', None, None), (95.2, 'achieved', 'eq', 'chi bộ', 'đạt trong sạch vững mạnh')]),
    ('Tỷ lệ hộ nghèo giảm từ 5,2% xuống còn 3,1%.',
     [(5.2, 'achieved', 'eq', 'hộ nghèo', None), (3.1, 'achieved', 'eq', None, None)]),
    ('Chỉ tiêu 17: Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên hằng năm đạt 90%. Kết quả: bình quân hằng năm đạt 92,4%, vượt chỉ tiêu.',
     [(90.0, 'target', 'eq', 'tổ chức cơ sở đảng', 'hoàn thành tốt nhiệm vụ trở lên'), (92.4, 'achieved', 'eq', None, None)]),
    ('Đảng bộ phấn đấu hằng năm có trên 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên, nhưng kết quả chỉ đạt 86,5%.',
     [(90.0, 'target', 'gt', 'tổ chức cơ sở đảng', 'hoàn thành tốt nhiệm vụ trở lên'), (86.5, 'achieved', 'eq', None, None)]),
    ('Số đảng viên vi phạm kỷ luật chiếm 0,3% tổng số đảng viên, giảm 0,1% so với nhiệm kỳ trước.',
     [(0.3, 'achieved', 'eq', 'đảng viên', None), (0.1, 'other', 'eq', None, None)]),
    ('Tỷ lệ che phủ rừng đạt 56,5%, vượt 1,5 điểm phần trăm so với chỉ tiêu Nghị quyết.',
     [(56.5, 'achieved', 'eq', None, None), (1.5, 'achieved', 'eq', None, None)]),
    ('Có 98,5% hộ dân được sử dụng điện lưới quốc gia; 100% xã có đường ô tô đến trung tâm.',
     [(98.5, 'achieved', 'eq', 'hộ dân', None), (100.0, 'achieved', 'eq', 'xã', None)]),
    ('Đề án đặt mục tiêu đến năm 2025, 100% hồ sơ thủ tục hành chính được số hóa, ít nhất 80% thủ tục hành chính được cung cấp trực tuyến toàn trình.',
     [(100.0, 'target', 'eq', 'hồ sơ', None), (80.0, 'target', 'ge', 'thủ tục hành chính', None)]),
    ('Chỉ tiêu kết nạp đảng viên: từ 3 - 4%/năm.',
     [(3.0, 'target', 'ge', None, None), (4.0, 'target', 'le', None, None)]),
    ('Thị ủy đề ra 12 chỉ tiêu chủ yếu, đến nay có 10/12 chỉ tiêu đạt và vượt (83,3%).',
     [(83.3, 'achieved', 'eq', None, None)]),
    ('Ban Thường vụ yêu cầu 100% chi bộ phải tổ chức sinh hoạt chuyên đề ít nhất mỗi quý một lần.',
     [(100.0, 'target', 'eq', 'chi bộ', None)]),
    ('Tỷ lệ trường học đạt chuẩn quốc gia tăng từ 55% lên 72,3%, vượt 2,3% so với mục tiêu đề ra.',
     [(55.0, 'achieved', 'eq', 'trường học', 'đạt chuẩn quốc gia'), (72.3, 'achieved', 'eq', None, None), (2.3, 'achieved', 'eq', None, None)]),
    ('Số thôn, tổ dân phố có chi bộ độc lập chiếm 96,4%; còn 3,6% thôn, tổ dân phố sinh hoạt ghép.',
     [(96.4, 'achieved', 'eq', None, None), (3.6, 'achieved', 'eq', 'thôn, tổ dân phố', None)]),
    ('Tỷ lệ giải quyết đơn thư khiếu nại, tố cáo thuộc thẩm quyền đạt trên 90 %.',
     [(90.0, 'achieved', 'gt', None, None)]),
    ('Gần 100% đảng viên đã cài đặt ứng dụng Sổ tay đảng viên điện tử.',
     [(100.0, 'achieved', 'eq', 'đảng viên', None)]),
    ('So với chỉ tiêu Nghị quyết (85%), tỷ lệ này vượt 3,5%.',
     [(85.0, 'target', 'eq', None, None), (3.5, 'achieved', 'eq', None, None)]),
    ('Tỷ lệ xã đạt chuẩn nông thôn mới chiếm 62,5% tổng số xã toàn tỉnh.',
     [(62.5, 'achieved', 'eq', 'xã', None)]),
    ('Kết quả thực hiện chỉ tiêu về kết nạp đảng viên đạt 105%.',
     [(105.0, 'achieved', 'eq', None, None)]),
    ('Phấn đấu thu ngân sách đạt 100% kế hoạch, tăng 10% so với năm 2024.',
     [(100.0, 'target', 'eq', None, None), (10.0, 'target', 'eq', None, None)]),
    ('Ngày 15/03/2024\n\nTăng tỷ lệ đảng viên trẻ lên 25% vào năm 2030. Năm 2023, tỷ lệ này đạt 19%.',
     [(25.0, 'target', 'eq', None, None), (19.0, 'achieved', 'eq', None, None)]),
    ('Cập nhật 10/01/2024\n\nChỉ tiêu chủ yếu đến năm 2025:\n- Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên đạt trên 90%.\n- Kết nạp đảng viên mới hằng năm từ 3% trở lên so với tổng số đảng viên.\n- 100% thôn, tổ dân phố có chi bộ.\nKết quả thực hiện năm 2023:\n- Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên đạt 92,5%.\n- Kết nạp đảng viên mới đạt 3,4%.',
     [(90.0, 'target', 'gt', 'tổ chức cơ sở đảng', 'hoàn thành tốt nhiệm vụ trở lên'), (3.0, 'target', 'ge', None, None), (100.0, 'target', 'eq', 'thôn, tổ dân phố', None), (92.5, 'achieved', 'eq', 'tổ chức cơ sở đảng', 'hoàn thành tốt nhiệm vụ trở lên'), (3.4, 'achieved', 'eq', None, None)]),
    ('Ngày 20/12/2023\n\nNăm 2023, tỷ lệ hộ nghèo còn 2,8%; đến năm 2025 dưới 2%.',
     [(2.8, 'achieved', 'eq', 'hộ nghèo', None), (2.0, 'target', 'lt', None, None)]),
    ('Mục tiêu cụ thể:\na) Đến năm 2025:\n- 100% cơ quan, đơn vị có tổ chức đảng;\n- Trên 95% đảng viên được học tập nghị quyết.\nb) Đến năm 2030: 100% doanh nghiệp nhà nước có tổ chức đảng.',
     [(100.0, 'target', 'eq', 'cơ quan, đơn vị', None), (95.0, 'target', 'gt', 'đảng viên', 'được học tập'), (100.0, 'target', 'eq', 'doanh nghiệp', None)]),
    ('Đối với tổ chức đảng: 89,5% hoàn thành tốt nhiệm vụ trở lên; đối với đảng viên: 90,3% hoàn thành tốt nhiệm vụ trở lên.',
     [(89.5, 'achieved', 'eq', 'tổ chức đảng', 'hoàn thành tốt nhiệm vụ trở lên'), (90.3, 'achieved', 'eq', 'đảng viên', 'hoàn thành tốt nhiệm vụ trở lên')]),
    ('Nghị quyết xác định: phấn đấu đến năm 2025 tỷ lệ che phủ rừng đạt 50%; năm 2023 đạt 48,7%.',
     [(50.0, 'target', 'eq', None, None), (48.7, 'achieved', 'eq', None, None)]),
    ('Huyện đã hoàn thành vượt 3/17 chỉ tiêu, chiếm 17,6%; 12/17 chỉ tiêu đạt, chiếm 70,6%; 2/17 chỉ tiêu chưa đạt, chiếm 11,8%.',
     [(17.6, 'achieved', 'eq', None, None), (70.6, 'achieved', 'eq', None, None), (11.8, 'achieved', 'eq', None, None)]),
    ('Tỷ lệ bao phủ bảo hiểm y tế năm 2023 đạt 92,1% (chỉ tiêu 92%).',
     [(92.1, 'achieved', 'eq', None, None), (92.0, 'target', 'eq', None, None)]),
    ('Tỷ lệ đô thị hóa năm 2023 đạt 38%, thấp hơn 2% so với mục tiêu.',
     [(38.0, 'achieved', 'eq', None, None), (2.0, 'other', 'eq', None, None)]),
    ('Tỷ lệ đảng viên tham gia sinh hoạt đạt từ 90% - 95%.',
     [(90.0, 'achieved', 'ge', None, None), (95.0, 'achieved', 'le', None, None)]),
    ('Tỷ lệ hộ nghèo giảm 0,8 điểm %.',
     [(0.8, 'other', 'eq', None, None)]),
    ('Huyện triển khai Đề án "Phấn đấu 100% thôn có nhà văn hóa" từ năm 2021.',
     []),
    ('Đến nay, 96/100 xã, đạt 96%, đã có nhà văn hóa.',
     [(96.0, 'achieved', 'eq', None, None)]),
    ('Năm 2023 có 90% chi bộ đạt trong sạch vững mạnh, cao hơn 5% so với năm 2022 và vượt 3% so với chỉ tiêu.',
     [(90.0, 'achieved', 'eq', 'chi bộ', 'đạt trong sạch vững mạnh'), (5.0, 'other', 'eq', None, None), (3.0, 'achieved', 'eq', None, None)]),
]


@pytest.mark.parametrize("text, expected", PASSAGES)
def test_passage(text, expected):
    facts = percentages(text)
    assert [(f.value, f.kind, f.comparator, f.subject, f.criterion) for f in facts] == expected


@pytest.mark.parametrize("text, kind", [
    ("Ban Thường vụ yêu cầu 100% chi bộ phải tổ chức sinh hoạt chuyên đề.", "target"),
    ("Năm tới, 100% chi bộ sẽ tổ chức sinh hoạt chuyên đề.", "target"),
    # a state reported with its verb: what still has to be done is not a target
    ("Qua rà soát, còn 3% chi bộ cần củng cố, kiện toàn.", "achieved"),
    ("Có 5% đảng viên phải kiểm điểm, rút kinh nghiệm.", "achieved"),
])
def test_modal_after_a_share(text, kind):
    assert one(text).kind == kind


def test_compared_phrase_stops_at_the_next_predicate():
    facts = percentages("Năm 2023 có 90% chi bộ đạt trong sạch vững mạnh, cao hơn 5% so với năm 2022 "
                        "và vượt 3% so với chỉ tiêu.")
    assert [f.text for f in facts][1:] == ["cao hơn 5% so với năm 2022", "vượt 3% so với chỉ tiêu"]


def test_subject_noun_inside_another_noun_is_not_the_subject():
    # "trưởng thôn", "ở nông thôn", "tham gia cấp ủy": the noun is not what the share is of
    for text in ("Tỷ lệ bí thư chi bộ đồng thời là trưởng thôn đạt 85,7%.",
                 "Tỷ lệ thu gom rác thải ở nông thôn đạt 75%.",
                 "Tỷ lệ phụ nữ tham gia cấp ủy đạt 15%."):
        assert one(text).subject is None, text


# Rules written for the development set's misses, on passages of other provinces.
@pytest.mark.parametrize("text, expected", [
    # the plan exceeded by that much is a result; a comparison with an earlier period is a change
    ("Lực lượng dân quân tự vệ có tỷ lệ đảng viên đạt 24,5% (vượt 1,5% so với nghị quyết).",
     [(24.5, "achieved"), (1.5, "achieved")]),
    ("Toàn huyện kết nạp 312 đảng viên, vượt gần 20% chỉ tiêu Nghị quyết Đại hội đề ra.", [(20.0, "achieved")]),
    ("Tỷ lệ đảng viên trẻ đạt 31%, vượt 4% so với năm 2020.", [(31.0, "achieved"), (4.0, "other")]),
    ("So với năm 2020, tỷ lệ đảng viên nữ vượt 3%.", [(3.0, "other")]),
    # two levels of one measure, before and after
    ("Tỷ lệ cấp ủy viên có trình độ đại học trở lên tăng từ 61,4% lên 78%.", [(61.4, "achieved"), (78.0, "achieved")]),
    ("Tỷ lệ hộ nghèo của huyện Mường Lát giảm từ 46% xuống 31,2%.", [(46.0, "achieved"), (31.2, "achieved")]),
    ("Tỷ lệ đảng viên vi phạm tăng 2% so với năm trước.", [(2.0, "other")]),
    # a share that says which units are meant is a condition, not a result
    ("Khảo sát 27 chi bộ thôn có trên 50% đồng bào Mông, có 19 chi bộ đạt trong sạch vững mạnh.",
     [(50.0, "other")]),
    ("Các xã vùng cao có từ 70% hộ là đồng bào dân tộc thiểu số được hỗ trợ thêm kinh phí.", [(70.0, "other")]),
    ("Năm 2022 có hơn 30% đảng viên là nữ.", [(30.0, "achieved")]),
    ("Toàn tỉnh có trên 95% thôn, bản có chi bộ.", [(95.0, "achieved")]),
])
def test_dev_set_rules_for_kind(text, expected):
    assert [(f.value, f.kind) for f in percentages(text)] == expected
